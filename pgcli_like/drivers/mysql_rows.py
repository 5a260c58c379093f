"""Reading MySQL text-protocol rows faster than PyMySQL's own reader.

PyMySQL parses each field of a row through three method calls on its packet object
(``read_length_coded_string`` → ``read_length_encoded_integer`` → ``read``); for a
100,000-row result of 8 columns that is 2.4 million Python calls, most of the fetch
time. ``fast_rows(cursor)`` swaps in a reader generated for the result's columns that
walks the packet's bytes in one pass, and ``fetch_rows`` reads the packets themselves,
with the same result: the same decoding, the same converters, the same tuples.

When the C accelerator ``pgcli_like.native._mysql_rows`` was built, ``native_reader``
does the same reading in C (``fast_rows`` prefers it; the Python reader is the fallback
and the reference: both give the same tuples and raise the same errors).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pgcli_like.native import load

_NULL = 251
_TWO_BYTES = 252
_THREE_BYTES = 253


# Beyond this many columns the generic loop is used (the generated function grows with them).
_UNROLL_MAX = 256

# The C reader, or None when it was not built (tests set it to None to compare).
_NATIVE = load("_mysql_rows")

# Column codes of the C reader: how a value is decoded | how it is converted << 2.
_RAW, _UTF8, _ASCII, _CODEC = 0, 1, 2, 3
_NO_CONVERSION, _INT, _FLOAT, _CALL = 0, 4, 8, 12


def row_reader(converters: list[tuple[str | None, Callable[[Any], Any] | None]]) -> Callable[[bytes], tuple]:
    """A function turning one row packet's bytes into the row tuple, given the result's
    ``converters`` (one ``(encoding or None, converter or None)`` per column).

    The function is generated for the result's columns, one straight block per column
    (as ``collections.namedtuple`` generates its class): no loop, no list, each value
    decoded and converted in place — a third faster than the generic loop, which stays
    for rows shorter than their columns and for very wide results.
    """
    generic = _loop_reader(converters)
    if not converters or len(converters) > _UNROLL_MAX:
        return generic
    env: dict[str, Any] = {"generic": generic}
    lines = ["def read_row(data):", "    try:", "        p = 0"]
    for i, (encoding, convert) in enumerate(converters):
        env[f"enc{i}"], env[f"conv{i}"] = encoding, convert
        if convert is int and encoding == "ascii":
            value = "int(data[s:p])"  # int() reads the ASCII digits as they are: no str made first
        else:
            value = "data[s:p]" if encoding is None else f"data[s:p].decode(enc{i})"
            if encoding in ("utf8", "utf-8"):
                value = "data[s:p].decode()"  # the default codec, strict: the argument-less call is quicker
            if convert is not None:
                value = f"conv{i}({value})"
        lines += [
            "        c = data[p]",
            "        if c < 251:",
            f"            s = p + 1; p = s + c; v{i} = {value}",
            "        elif c == 251:",
            f"            p += 1; v{i} = None",
            "        else:",
            "            s = p + (3 if c == 252 else 4 if c == 253 else 9)",
            f"            p = s + int.from_bytes(data[p + 1:s], 'little'); v{i} = {value}",
        ]
    lines += [f"        return ({''.join(f'v{i}, ' for i in range(len(converters)))})",
              "    except IndexError:",
              "        return generic(data)"]
    exec("\n".join(lines), env)  # noqa: S102 - code built above from column positions only
    return env["read_row"]


def native_reader(converters: list[tuple[str | None, Callable[[Any], Any] | None]]) -> Any:
    """The C twin of ``row_reader(converters)``, or None without the accelerator.

    Calling it with a row packet's bytes returns the row; its
    ``take_rows(buffer, start, seq, max_rows) -> (rows, consumed, next_seq)`` parses the
    whole ordinary row packets at the start of ``buffer`` as ``_take_buffered`` does.
    """
    if _NATIVE is None:
        return None
    codes = bytearray()
    for encoding, convert in converters:
        if encoding is None:
            code = _RAW
        elif encoding in ("utf8", "utf-8"):
            code = _UTF8
        elif encoding == "ascii":
            code = _ASCII
        else:
            code = _CODEC
        if convert is None:
            code |= _NO_CONVERSION
        elif convert is int and encoding == "ascii":
            code |= _INT  # int() of the ASCII digits, as the generated reader's int(data[s:p])
        elif convert is float and encoding == "ascii":
            code |= _FLOAT
        else:
            code |= _CALL
        codes.append(code)
    return _NATIVE.Reader(bytes(codes), tuple(enc for enc, _ in converters),
                          tuple(conv for _, conv in converters),
                          not converters or len(converters) > _UNROLL_MAX)


def _loop_reader(converters: list[tuple[str | None, Callable[[Any], Any] | None]]) -> Callable[[bytes], tuple]:
    """The same reader as a loop over the columns."""
    plain = [enc for enc, conv in converters]
    convert = [(i, conv) for i, (_, conv) in enumerate(converters) if conv is not None]

    def read_row(data: bytes) -> tuple:
        pos = 0
        row: list[Any] = []
        append = row.append
        try:
            for encoding in plain:
                length = data[pos]
                if length < _NULL:
                    start = pos + 1
                elif length == _NULL:
                    append(None)
                    pos += 1
                    continue
                elif length == _TWO_BYTES:
                    start = pos + 3
                    length = int.from_bytes(data[pos + 1:start], "little")
                elif length == _THREE_BYTES:
                    start = pos + 4
                    length = int.from_bytes(data[pos + 1:start], "little")
                else:
                    start = pos + 9
                    length = int.from_bytes(data[pos + 1:start], "little")
                pos = start + length
                append(data[start:pos].decode(encoding) if encoding is not None else data[start:pos])
        except IndexError:
            pass  # a row shorter than its columns: PyMySQL stops there too
        for i, conv in convert:
            if i < len(row) and row[i] is not None:
                row[i] = conv(row[i])  # type: ignore[misc]
        return tuple(row)

    return read_row


def fast_rows(cursor: Any) -> None:
    """Make ``cursor``'s current (unbuffered) result read its rows with ``row_reader``
    (used by ``fetch_rows``, and by PyMySQL's own ``fetchmany``/``fetchall`` too).

    Relies on PyMySQL's ``MySQLResult`` attributes; when they are not there (another
    PyMySQL version), the cursor keeps its own reader.
    """
    result = getattr(cursor, "_result", None)
    converters = getattr(result, "converters", None)
    if result is None or not isinstance(converters, list) or not _has_result_api(result):
        return
    native = native_reader(converters)
    read_row = native if native is not None else row_reader(converters)
    result._shellkit_read_row = read_row
    result._shellkit_take_rows = getattr(native, "take_rows", None)
    result._read_row_from_packet = lambda packet: read_row(packet._data)


def fetch_rows(cursor: Any, size: int) -> list[tuple]:
    """Up to ``size`` rows of ``cursor``'s unbuffered result (what ``SSCursor.fetchmany`` returns).

    The same packets read and checked as PyMySQL's ``_read_packet`` does (sequence
    numbers, error packets, the EOF packet, rows split over several packets), without
    the packet objects and the five method calls per row of ``fetchmany``. Falls back
    to ``fetchmany`` when the result was not prepared by ``fast_rows``.
    """
    result = getattr(cursor, "_result", None)
    read_row = getattr(result, "_shellkit_read_row", None)
    if read_row is None or type(cursor)._conv_row is not _SS_CONV_ROW:
        return list(cursor.fetchmany(size))
    rows: list[tuple] = []
    if not result.unbuffered_active:
        return rows
    conn = result.connection
    if conn._current_timeout != conn._read_timeout:  # as _read_packet does, once per batch
        conn._sock.settimeout(conn._read_timeout)
        conn._current_timeout = conn._read_timeout
    read_bytes = conn._read_bytes
    append = rows.append
    take = _take_native if getattr(result, "_shellkit_take_rows", None) is not None else _take_buffered
    while len(rows) < size:
        if take(conn, result, rows, size):
            continue
        # The next packet is not whole in the buffer yet, or not an ordinary row: read it
        # the way PyMySQL does (waiting for the socket as needed).
        header = read_bytes(4)
        length = header[0] | header[1] << 8 | header[2] << 16
        if header[3] != conn._next_seq_id or length >= _MAX_PACKET or length < 9:
            # Unusual packets (errors, EOF, huge rows, out of sequence): PyMySQL's own path.
            data = _finish_packet(conn, header, length)
        else:
            conn._next_seq_id = (header[3] + 1) % 256
            data = read_bytes(length)
            if data[0] != 0xFF:
                append(read_row(data))
                continue
        packet = _packet(conn, result, data)
        if result._check_packet_is_eof(packet):
            # As PyMySQL's own reader does at the end of an unbuffered result.
            result.unbuffered_active = False
            result.connection = None
            result.rows = None
            cursor.warning_count = result.warning_count
            break
        append(read_row(data))
    if rows:
        result.affected_rows = 1
        cursor.rownumber += len(rows)
    return rows


_MAX_PACKET = 2**24 - 1


def _take_buffered(conn: Any, result: Any, rows: list[tuple], size: int) -> bool:
    """Parse the ordinary row packets already whole in the connection's read buffer (about
    8 KiB: dozens of rows) without a read call each; True when any were taken."""
    read_row = result._shellkit_read_row
    rfile = conn._rfile
    try:
        buf = rfile.peek(4)  # what is buffered; reads the socket only when nothing is
    except (OSError, ValueError):
        return False  # the careful path reports it as PyMySQL does
    end_of_buf = len(buf)
    seq = conn._next_seq_id
    pos = 0
    append = rows.append
    room = size - len(rows)
    while room and pos + 4 <= end_of_buf:
        length = buf[pos] | buf[pos + 1] << 8 | buf[pos + 2] << 16
        end = pos + 4 + length
        # Errors (0xFF), the EOF packet (short), huge rows, sequence trouble: not here.
        if end > end_of_buf or buf[pos + 3] != seq or length < 9 or length >= _MAX_PACKET or buf[pos + 4] == 0xFF:
            break
        append(read_row(buf[pos + 4:end]))
        seq = (seq + 1) % 256
        pos = end
        room -= 1
    if not pos:
        return False
    rfile.read(pos)  # consume what was parsed
    conn._next_seq_id = seq
    return True


def _take_native(conn: Any, result: Any, rows: list[tuple], size: int) -> bool:
    """``_take_buffered`` with the C reader's ``take_rows``: the same packets taken, the same rows."""
    rfile = conn._rfile
    try:
        buf = rfile.peek(4)
    except (OSError, ValueError):
        return False
    taken, consumed, seq = result._shellkit_take_rows(buf, 0, conn._next_seq_id, size - len(rows))
    if not consumed:
        return False
    rows += taken
    rfile.read(consumed)  # consume what was parsed
    conn._next_seq_id = seq
    return True


def _finish_packet(conn: Any, header: bytes, length: int) -> bytes:
    """The rest of a packet whose header was read, checked and joined as ``_read_packet`` does."""
    import pymysql.err
    from pymysql.constants import CR

    parts = []
    while True:
        number = header[3]
        if number != conn._next_seq_id:
            conn._force_close()
            if number == 0:
                raise pymysql.err.OperationalError(CR.CR_SERVER_LOST, "Lost connection to MySQL server during query")
            raise pymysql.err.InternalError(f"Packet sequence number wrong - got {number} expected "
                                            f"{conn._next_seq_id}")
        conn._next_seq_id = (conn._next_seq_id + 1) % 256
        parts.append(conn._read_bytes(length))
        if length < _MAX_PACKET:
            return b"".join(parts)
        header = conn._read_bytes(4)
        length = header[0] | header[1] << 8 | header[2] << 16


def _packet(conn: Any, result: Any, data: bytes) -> Any:
    """``data`` as PyMySQL's packet object; an error packet is raised as PyMySQL raises it."""
    from pymysql.protocol import MysqlPacket

    packet = MysqlPacket(data, conn.encoding)
    if packet.is_error_packet():
        result.unbuffered_active = False
        packet.raise_for_error()
    return packet


def _has_result_api(result: Any) -> bool:
    return all(hasattr(result, name) for name in ("unbuffered_active", "connection", "_check_packet_is_eof",
                                                   "_read_row_from_packet", "warning_count", "converters"))


def _ss_conv_row() -> Any:
    import pymysql.cursors

    return pymysql.cursors.SSCursor._conv_row


_SS_CONV_ROW = _ss_conv_row()
