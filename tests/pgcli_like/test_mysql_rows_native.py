"""The C row reader (``pgcli_like.native._mysql_rows``) gives exactly what the Python reader
of ``drivers/mysql_rows.py`` gives: the same tuples (same types, same values) and the same
exceptions, on real result sets of every column type read from MariaDB, and on synthetic
packets — well-formed, cut short, or garbage (which must end in an error or a clean stop,
never a crash). ``take_rows`` takes the same packets from a buffer as ``_take_buffered``.
"""

from __future__ import annotations

import io
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pymysql
import pymysql.cursors
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pgcli_like.drivers.mysql_rows as mysql_rows
from pgcli_like.drivers import open_driver
from pgcli_like.drivers.mysql_connect import _connect_args
from pgcli_like.drivers.mysql_rows import (
    _loop_reader,
    _take_buffered,
    _take_native,
    native_reader,
    row_reader,
)
from pgcli_like.dsn import parse_dsn

NATIVE = mysql_rows._NATIVE
needs_native = pytest.mark.skipif(NATIVE is None, reason="the _mysql_rows accelerator was not built")
pytestmark = needs_native

MAX_PACKET = 2**24 - 1


# ---------------------------------------------------------------- helpers


def typed(value: Any) -> Any:
    """A value with its type, compared exactly (1 == 1.0 == Decimal(1) == True otherwise)."""
    if isinstance(value, tuple):
        return tuple(typed(v) for v in value)
    if isinstance(value, list):
        return [typed(v) for v in value]
    return type(value).__name__, repr(value)


def outcome(read: Any, data: bytes) -> tuple:
    """What reading ``data`` gives: the typed row, or the exception's type and arguments."""
    try:
        return "row", typed(read(data))
    except Exception as err:  # noqa: BLE001 - the exception itself is what is compared
        return "error", type(err), err.args


def field(raw: bytes, form: int = 0) -> bytes:
    """``raw`` as a length-coded string; ``form`` picks a wider length prefix than needed
    (1: two bytes, 2: three, 3: eight), which the protocol allows and readers must read."""
    n = len(raw)
    if form == 0:
        form = 0 if n < 251 else 1 if n < 2**16 else 2 if n < 2**24 else 3
    if form == 0:
        return bytes([n]) + raw
    width, marker = {1: (2, 0xFC), 2: (3, 0xFD), 3: (8, 0xFE)}[form]
    if n >= 256**width:
        return field(raw, 3)
    return bytes([marker]) + n.to_bytes(width, "little") + raw


def frame(payload: bytes, seq: int) -> tuple[bytes, int]:
    """``payload`` as it travels: split into packets of at most 2**24 - 1 bytes, each with its
    header; the next sequence number."""
    out = []
    while True:
        chunk, payload = payload[:MAX_PACKET], payload[MAX_PACKET:]
        out.append(len(chunk).to_bytes(3, "little") + bytes([seq]) + chunk)
        seq = (seq + 1) % 256
        if len(chunk) < MAX_PACKET:
            return b"".join(out), seq


def all_readers_agree(converters: list, data: bytes) -> tuple:
    native = native_reader(converters)
    expected = outcome(row_reader(converters), data)
    assert outcome(native, data) == expected, data
    return expected


# ---------------------------------------------------------------- real result sets

TABLE = """CREATE TABLE every_type (
  id INT PRIMARY KEY, ti TINYINT, si SMALLINT UNSIGNED, mi MEDIUMINT, i INT, bi BIGINT, ubi BIGINT UNSIGNED,
  zf INT(8) ZEROFILL, zbi BIGINT(20) UNSIGNED ZEROFILL, de DECIMAL(65,30), dn DECIMAL(10,0), fl FLOAT, db DOUBLE,
  d DATE, dt DATETIME(6), tm TIME(3), ts TIMESTAMP NULL, y YEAR, s VARCHAR(400), t MEDIUMTEXT, lt LONGTEXT,
  l1 VARCHAR(20) CHARACTER SET latin1, b MEDIUMBLOB, vb VARBINARY(300), bn BINARY(4), bit1 BIT(1), bit64 BIT(64),
  j JSON, e ENUM('a','ß','🙂'), st SET('x','y','z'), ch CHAR(3)
) DEFAULT CHARSET=utf8mb4"""
INSERT = ("INSERT INTO every_type VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
          "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")
ROWS = [
    (1, 0, 0, 0, 0, 0, 0, 0, 0, "0", "0", 0.0, 0.0, "2024-01-01", "2024-01-01 00:00:00", "00:00:00", None, 2024,
     "", "", "", "", b"", b"", b"\0\0\0\0", b"\x00", b"\0" * 8, "[]", "a", "", ""),
    (2,) + (None,) * 30,
    (3, -128, 65535, -8388608, -2147483648, -9223372036854775808, 18446744073709551615, 42, 7,
     "-12345678901234567890123456789012345.123456789012345678901234567890", "-9999999999", -3.4028234e38,
     -1.7976931348623157e308, "1000-01-01", "9999-12-31 23:59:59.999999", "-838:59:59.000", "2038-01-19 03:14:07",
     1901, "é" * 250 + "🙂" * 10, "x" * 250, "🙂" * 16_400, "Ünïcödé", bytes(range(256)) * 256, b"\xff" * 251,
     b"\x01\x02", b"\x01", b"\xff" * 8, '{"a": [1, "ü", null, 1.5e300]}', "🙂", "x,z", "abc"),
    (4, 127, 1, 8388607, 2147483647, 9223372036854775807, 9223372036854775808, 99999999, 18446744073709551615,
     "0.000000000000000000000000000001", "1", 1.17549435e-38, 5e-324, "2000-02-29", "1970-01-01 00:00:01.5",
     "838:59:59.999", "1970-01-01 00:00:01", 2155, "a" * 251, "b" * 65_536, "c" * 70_000, "", b"\0" * 70_000,
     b"\0" * 250, b"abcd", b"\x00", b"\x80" + b"\0" * 7, '"🙂"', "ß", "x,y,z", "ü"),
    (5, -1, 2, -1, -1, -1, 1, 1, 1, "1e-20", "-0", -0.0, -0.0, "0000-00-00", "0000-00-00 00:00:00", "-00:00:01",
     None, 0, " leading and trailing ", "\n\t\0", "nul \0 in text", "€", b"", b"\0", b"\0\0\0\0", b"\x01", b"\x7f",
     "null", "🙂", "y", ""),
]


@pytest.fixture(scope="module")
def every_type(make_mysql_database):
    dsn = make_mysql_database("native_rows")
    driver = open_driver(parse_dsn(dsn))
    driver.execute("SET SESSION sql_mode = ''").close()  # zero dates are part of the test
    driver.execute(TABLE).close()
    for row in ROWS:
        driver.execute(INSERT, row).close()
    yield dsn
    driver.close()


def _rows_through_the_driver(dsn: str, sql: str, native: Any, monkeypatch: pytest.MonkeyPatch,
                             batch: int = 1000) -> list[tuple]:
    monkeypatch.setattr(mysql_rows, "_NATIVE", native)
    driver = open_driver(parse_dsn(dsn))
    try:
        return [row for rows in driver.execute(sql).batches(batch) for row in rows]
    finally:
        driver.close()


def _packets(dsn: str, sql: str) -> tuple[list, list[bytes]]:
    """The converters PyMySQL chose for the result of ``sql`` and its row packets' payloads."""
    conn = pymysql.connect(**_connect_args(parse_dsn(dsn), None))
    try:
        cur = conn.cursor(pymysql.cursors.SSCursor)
        cur.execute(sql)
        payloads = []
        while True:
            packet = conn._read_packet()
            if packet.is_eof_packet():
                break
            payloads.append(packet.get_all_data())
        cur._result.unbuffered_active = False  # read to its end here, not by PyMySQL
        return cur._result.converters, payloads
    finally:
        conn._force_close()


@pytest.mark.mysql
@pytest.mark.parametrize("query", ["", "?charset=latin1"])
def test_every_column_type_reads_the_same_in_c_and_python_through_the_driver(every_type, query, monkeypatch):
    dsn = every_type + query
    sql = "SELECT * FROM every_type ORDER BY id"
    python = _rows_through_the_driver(dsn, sql, None, monkeypatch, batch=2)
    native = _rows_through_the_driver(dsn, sql, NATIVE, monkeypatch, batch=2)
    assert typed(native) == typed(python)
    if not query:  # read back as written, with the driver's types
        by_id = {row[0]: row for row in native}
        assert by_id[2] == (2,) + (None,) * 30
        assert by_id[3][5:7] == (-9223372036854775808, 18446744073709551615)
        assert by_id[3][9] == Decimal("-12345678901234567890123456789012345.123456789012345678901234567890")
        assert by_id[3][20] == "🙂" * 16_400 and by_id[3][22] == bytes(range(256)) * 256
        assert by_id[4][7] == 99999999 and by_id[4][8] == 18446744073709551615  # ZEROFILL text "00000007" → 7
        assert by_id[1][18:21] == ("", "", "") and by_id[2][18:21] == (None, None, None)  # empty is not NULL
        assert by_id[3][13:17] == ("1000-01-01", "9999-12-31 23:59:59.999999", "-838:59:59.000",
                                   "2038-01-19 03:14:07")


@pytest.mark.mysql
def test_real_packets_read_the_same_by_c_the_generated_reader_the_loop_and_pymysql(every_type):
    converters, payloads = _packets(every_type, "SELECT * FROM every_type ORDER BY id")
    pymysql_result = pymysql.connections.MySQLResult.__new__(pymysql.connections.MySQLResult)
    pymysql_result.converters = converters
    pymysql_result.unbuffered_active = False
    native = native_reader(converters)
    assert len(payloads) == len(ROWS)
    for data in payloads:
        row = native(data)
        assert typed(row) == typed(row_reader(converters)(data)) == typed(_loop_reader(converters)(data))
        packet = pymysql.protocol.MysqlPacket(data, "utf8")
        assert typed(row) == typed(pymysql_result._read_row_from_packet(packet))
        for cut in range(len(data) if len(data) < 400 else 0):  # every shorter packet: a short row, or garbage
            all_readers_agree(converters, data[:cut])


@pytest.mark.mysql
def test_rows_of_16_mib_and_more_span_packets_and_read_the_same(every_type, monkeypatch):
    sql = ("SELECT 1, REPEAT('a', 16777211), 2 UNION ALL SELECT 3, REPEAT('é', 4500000), 4 "
           "UNION ALL SELECT 5, REPEAT('b', 16777207), 6 UNION ALL SELECT 7, 'x', 8")
    python = _rows_through_the_driver(every_type, sql, None, monkeypatch, batch=3)
    native = _rows_through_the_driver(every_type, sql, NATIVE, monkeypatch, batch=3)
    assert [(r[0], len(r[1]), r[2]) for r in native] == [(1, 16777211, 2), (3, 4500000, 4), (5, 16777207, 6),
                                                          (7, 1, 8)]
    assert native == python


@pytest.mark.mysql
def test_a_result_wider_than_the_generated_reader_reads_as_the_loop_does(every_type, monkeypatch):
    columns = ", ".join(f"{n} AS c{n}, 'v{n}' AS s{n}, NULL AS n{n}, 1.5 AS d{n}" for n in range(80))
    sql = f"SELECT {columns} FROM seq_1_to_300"
    python = _rows_through_the_driver(every_type, sql, None, monkeypatch, batch=64)
    native = _rows_through_the_driver(every_type, sql, NATIVE, monkeypatch, batch=64)
    assert len(native) == 300 and len(native[0]) == 320 and native[0][:4] == (0, "v0", None, Decimal("1.5"))
    assert typed(native) == typed(python)


@pytest.mark.mysql
@pytest.mark.parametrize("built", [True, False])
def test_results_read_with_the_c_reader_when_built_and_the_python_one_otherwise(every_type, built, monkeypatch):
    monkeypatch.setattr(mysql_rows, "_NATIVE", NATIVE if built else None)
    conn = pymysql.connect(**_connect_args(parse_dsn(every_type), None))
    try:
        cur = conn.cursor(pymysql.cursors.SSCursor)
        cur.execute("SELECT id, s FROM every_type ORDER BY id")
        mysql_rows.fast_rows(cur)
        reader = cur._result._shellkit_read_row
        assert isinstance(reader, NATIVE.Reader) is built
        assert (cur._result._shellkit_take_rows is not None) is built
        assert mysql_rows.fetch_rows(cur, 2) == [(1, ""), (2, None)]
        assert mysql_rows.fetch_rows(cur, 10)[0][0] == 3
        assert mysql_rows.fetch_rows(cur, 10) == []
    finally:
        conn.close()


@pytest.mark.mysql
def test_a_server_error_in_the_middle_of_the_rows_is_raised_from_the_c_path_too(every_type, monkeypatch):
    from pgcli_like.drivers.base import DatabaseError

    monkeypatch.setattr(mysql_rows, "_NATIVE", NATIVE)
    driver = open_driver(parse_dsn(every_type))
    try:
        sql = "SELECT seq, IF(seq = 3000, (SELECT 1 UNION SELECT 2), seq) FROM seq_1_to_5000"
        seen = []
        with pytest.raises(DatabaseError, match="more than 1 row"):
            for rows in driver.execute(sql).batches(100):
                seen.extend(rows)
        assert seen == [(n, n) for n in range(1, len(seen) + 1)]
        assert [row for rows in driver.execute("SELECT 6 * 7").batches() for row in rows] == [(42,)]
    finally:
        driver.close()


# ---------------------------------------------------------------- synthetic packets


def _picky(text: str) -> str:
    return text[3]  # IndexError on short values: the generated reader's except takes it


def _strict(text: str) -> int:
    if "7" in text:
        raise ValueError(f"no sevens: {text!r}")
    return len(text)


CONVERTERS = [(None, None), ("utf8", None), ("utf-8", None), ("ascii", None), ("ascii", int), ("ascii", float),
              ("ascii", Decimal), ("cp1252", None), ("latin1", None), ("utf8", len), (None, bytes.hex),
              ("ascii", _picky), ("utf8", _strict), (None, int), ("utf8", int), ("utf8", float),
              ("ascii", str.upper)]
VALUE_TEXT = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.integers(0, 10**22).map(lambda n: str(n).zfill(25)),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.from_regex(r"[-+]?[0-9]{0,25}(\.[0-9]{0,20})?([eE][-+]?[0-9]{0,4})?", fullmatch=True),
    st.text(max_size=30),
    st.sampled_from(["", "-", "+", ".", "e5", "1e", "1_000", " 12 ", "0x10", "inf", "-nan", "٣", "१२", "1.5e999",
                     "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                     "18446744073709551615", "18446744073709551616", "99999999999999999999"]),
).map(lambda s: s.encode("utf-8", "surrogatepass"))
VALUE = st.one_of(VALUE_TEXT, st.binary(max_size=300), st.none())
FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def packets(draw: Any) -> tuple[list, bytes]:
    """Converters for a result and a packet for them: whole, shorter or longer than the
    columns, with any length-prefix width, maybe cut anywhere."""
    converters = draw(st.lists(st.sampled_from(CONVERTERS), max_size=12))
    count = draw(st.integers(0, len(converters) + 2))
    parts = []
    for _ in range(count):
        value = draw(VALUE)
        parts.append(b"\xfb" if value is None else field(value, draw(st.integers(0, 3))))
    data = b"".join(parts)
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]
    return converters, data


@FAST
@given(packets())
def test_c_and_python_readers_agree_on_any_packet(case):
    converters, data = case
    all_readers_agree(converters, data)


@FAST
@given(st.lists(st.sampled_from(CONVERTERS), max_size=12), st.binary(max_size=200))
def test_garbage_ends_in_the_same_row_or_the_same_error(converters, data):
    all_readers_agree(converters, data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64), st.integers(0, 255))
def test_length_prefixes_of_every_kind_and_cut_short(tail, marker):
    for converters in ([(None, None)] * 3, [("utf8", None), ("ascii", int), (None, None)]):
        all_readers_agree(converters, bytes([marker]) + tail)
        all_readers_agree(converters, b"\x01a" + bytes([marker]) + tail)


def test_huge_length_prefixes_are_cut_at_the_end_of_the_packet():
    reader = native_reader([(None, None), (None, None)])
    assert reader(b"\xfe" + b"\xff" * 8 + b"abc") == reader(b"\xff" + b"\xff" * 8 + b"abc") == (b"abc",)
    assert reader(b"\xfd\xff\xff") == (b"",)  # the length cut short too
    assert reader(b"\x05ab") == (b"ab",)
    assert reader(b"") == ()
    for data in (b"\xfe" + b"\xff" * 8 + b"abc", b"\xfd\xff\xff", b"\x05ab", b"\xfc\x01"):
        all_readers_agree([(None, None), (None, None)], data)


def test_long_values_of_every_length_encoding_read_the_same():
    converters = [("utf8", None), (None, None), ("ascii", int), ("utf8", None), ("ascii", Decimal)]
    for n in (0, 250, 251, 252, 65_535, 65_536, 2**24 - 1, 2**24 + 5):
        data = field(("é" * (n // 2) + "x" * (n % 2)).encode()) + field(b"\x00" * n) + field(b"-" + b"9" * 30) + b"\xfb" + field(b"1.5")
        expected = all_readers_agree(converters, data)
        assert expected[0] == "row"


def test_int_and_float_fast_paths_match_the_python_calls():
    for text in ["0", "-0", "007", "-1", "9223372036854775807", "-9223372036854775808", "9999999999999999999",
                 "18446744073709551615", "-9999999999999999999", "1" * 40, "", "-", "+1", " 1", "1 ", "1_0", "١",
                 "\udcff"]:
        raw = text.encode("utf-8", "surrogateescape")
        all_readers_agree([("ascii", int)] * 2, field(raw) * 2)
        all_readers_agree([("ascii", int)] * 3, field(raw) * 2)  # a short row: the loop's int(str)
    for text in ["0", "-0", "0.0", "1.5e300", "1e999", "-1e999", "1e-400", "5e-324", ".5", "5.", "1.e5", "e5",
                 "1e", "1e+", "--1", "1.2.3", "+.e", "1" * 70, "0." + "1" * 80, "3.4028234663852886e+38", "inf",
                 "nan", "1_0.5", " 1.5"]:
        raw = text.encode()
        all_readers_agree([("ascii", float)] * 2, field(raw) * 2)
        all_readers_agree([("ascii", float)] * 3, field(raw) * 2)


def test_decoding_errors_are_the_same_exception():
    for converters in ([("utf8", None)], [("ascii", None)], [("ascii", int)], [("ascii", float)], [("cp1252", None)],
                       [("utf8", None), ("utf8", None)]):
        kind, err_type, args = all_readers_agree(converters, field(b"ok\xff\xfe\x81\x8d") + field(b"\xc3"))
        assert kind == "error" and issubclass(err_type, (UnicodeDecodeError, ValueError)), (converters, err_type)


def test_a_very_wide_result_reads_as_the_loop_does():
    converters = [("ascii", int), ("utf8", None), (None, None), ("ascii", Decimal)] * 80
    data = (field(b"12") + field("ü".encode()) + b"\xfb" + field(b"1.25")) * 80
    assert native_reader(converters)(data) == (12, "ü", None, Decimal("1.25")) * 80
    for cut in (0, 1, 7, len(data) // 2, len(data) - 1):
        all_readers_agree(converters, data[:cut])
    # the loop decodes every value before converting any: a later decoding error comes first
    bad = field(b"x") + field(b"\xff") + b"\xfb" + field(b"1")
    assert all_readers_agree(converters, bad * 80)[1] is UnicodeDecodeError


def test_the_reader_checks_its_arguments():
    with pytest.raises(ValueError):
        NATIVE.Reader(b"\x00", (), ())
    with pytest.raises(ValueError):
        NATIVE.Reader(b"\x40", (None,), (None,))
    with pytest.raises(TypeError):
        NATIVE.Reader(b"\x0c", (None,), (None,))  # a converter that cannot be called
    with pytest.raises(TypeError):
        NATIVE.Reader(b"\x03", (None,), (None,))  # a codec without its name
    with pytest.raises(LookupError):
        NATIVE.Reader(b"\x03", ("no-such-codec",), (None,))(b"\x01a")
    with pytest.raises(RuntimeError):
        NATIVE.Reader.__new__(NATIVE.Reader)(b"")
    reader = native_reader([(None, None)])
    with pytest.raises(TypeError):
        reader.__init__(b"\x00", (None,), (None,))  # once only: a converter could do it mid-row
    with pytest.raises(TypeError):
        reader("text")
    with pytest.raises(ValueError):
        reader.take_rows(b"", 1, 0, 1)
    with pytest.raises(ValueError):
        reader.take_rows(b"", 0, 256, 1)
    assert reader(bytearray(b"\x01a")) == reader(memoryview(b"\x01a")) == (b"a",)


# ---------------------------------------------------------------- take_rows


def _conn(wire: bytes, buffer_size: int, seq: int) -> SimpleNamespace:
    return SimpleNamespace(_rfile=io.BufferedReader(io.BytesIO(wire), buffer_size=buffer_size), _next_seq_id=seq)


def _take_all(take: Any, wire: bytes, converters: list, buffer_size: int, seq: int, size: int) -> tuple:
    """Rows taken by repeated calls as ``fetch_rows`` makes them, and where they stopped: when
    ``take`` takes nothing, one whole ordinary packet is read here (the same for both, as
    ``fetch_rows`` reads a packet straddling the end of the buffer) and taking goes on."""
    conn = _conn(wire, buffer_size, seq)
    native = native_reader(converters)
    result = SimpleNamespace(_shellkit_read_row=row_reader(converters), _shellkit_take_rows=native.take_rows)
    rows: list[tuple] = []
    try:
        while len(rows) < size:
            if take(conn, result, rows, size):
                continue
            header = conn._rfile.read(4)
            length = int.from_bytes(header[:3], "little") if len(header) == 4 else -1
            if length < 1 or length >= MAX_PACKET or header[3] != conn._next_seq_id:
                break
            data = conn._rfile.read(length)
            if len(data) < length or data[0] == 0xFF or (data[0] == 0xFE and length < 9):
                break  # an error or the EOF packet (fetch_rows reads short rows this way too)
            conn._next_seq_id = (conn._next_seq_id + 1) % 256
            rows.append(result._shellkit_read_row(data))
    except Exception as err:  # noqa: BLE001 - compared between the two
        return "error", type(err), err.args, conn._rfile.tell()
    return typed(rows), conn._rfile.tell(), conn._next_seq_id


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40).map(str.encode)
STREAM_COLUMNS = [
    ((None, None), st.binary(max_size=300)), (("utf8", None), TEXT), (("ascii", int), st.integers().map(str)),
    (("ascii", Decimal), st.decimals(allow_nan=False, allow_infinity=False).map(str)),
    (("ascii", float), st.floats().map(repr)), (("latin1", None), st.binary(max_size=20)),
]
STREAM_COLUMNS = [(column, st.one_of(st.none(), values.map(lambda v: v if isinstance(v, bytes) else v.encode())))
                  for column, values in STREAM_COLUMNS]


@st.composite
def streams(draw: Any) -> tuple[list, bytes, int]:
    columns = draw(st.lists(st.sampled_from(list(STREAM_COLUMNS)), min_size=1, max_size=6))
    converters = [column for column, _ in columns]
    seq = draw(st.integers(0, 255))
    first = seq
    wire = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.sampled_from(["row"] * 24 + ["eof", "error", "bad seq", "short", "cut", "garbage"]))
        if kind == "row":
            values = [draw(st.one_of(VALUE, values) if draw(st.integers(0, 20)) == 0 else values)
                      for _, values in columns]
            payload = b"".join(b"\xfb" if v is None else field(v) for v in values)
        elif kind == "eof":
            payload = b"\xfe\x00\x00\x02\x00"
        elif kind == "error":
            payload = b"\xff\x15\x05#42000" + b"an error message"
        elif kind == "short":
            payload = draw(st.binary(max_size=8))
        else:
            payload = draw(st.binary(min_size=9, max_size=60))
        if kind == "bad seq":
            seq = (seq + draw(st.integers(1, 255))) % 256
            payload = b"\x01a" * len(converters) + b"\x00" * 9
        packet, seq = frame(payload, seq)
        if kind == "cut":
            packet = packet[:draw(st.integers(0, len(packet) - 1))]
        wire.append(packet)
    return converters, b"".join(wire), first


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(streams(), st.integers(4, 300), st.integers(1, 50))
def test_take_rows_takes_the_same_packets_as_the_python_loop(case, buffer_size, size):
    converters, wire, seq = case
    python = _take_all(_take_buffered, wire, converters, buffer_size, seq, size)
    native = _take_all(_take_native, wire, converters, buffer_size, seq, size)
    assert native == python


def test_take_rows_stops_where_the_python_loop_stops():
    reader = native_reader([(None, None)])
    row = field(b"123456789")
    ok, seq = frame(row, 7)
    assert reader.take_rows(ok * 2, 0, 7, 10) == ([(b"123456789",)], len(ok), 8)  # the second is out of sequence
    two = ok + frame(row, 8)[0]
    assert reader.take_rows(two, 0, 7, 10) == ([(b"123456789",)] * 2, len(two), 9)
    assert reader.take_rows(two, 0, 7, 1) == ([(b"123456789",)], len(ok), 8)
    assert reader.take_rows(two, 0, 7, 0) == ([], 0, 7)
    assert reader.take_rows(two, len(ok), 8, 5) == ([(b"123456789",)], len(two) - len(ok), 9)
    assert reader.take_rows(two[:-1], 0, 7, 10) == ([(b"123456789",)], len(ok), 8)  # the last one incomplete
    assert reader.take_rows(two[:3], 0, 7, 10) == ([], 0, 7)
    assert reader.take_rows(frame(b"\xfe\0\0\2\0", 7)[0], 0, 7, 10) == ([], 0, 7)  # EOF: fewer than 9 bytes
    assert reader.take_rows(frame(b"\xff" + b"e" * 20, 7)[0], 0, 7, 10) == ([], 0, 7)  # an error packet
    assert reader.take_rows(frame(b"\xff", 255)[0] + ok, 0, 255, 10) == ([], 0, 255)
    wrapped = frame(row, 255)[0] + frame(row, 0)[0]
    assert reader.take_rows(wrapped, 0, 255, 10) == ([(b"123456789",)] * 2, len(wrapped), 1)


def test_take_rows_leaves_packets_of_16_mib_to_the_careful_path():
    reader = native_reader([(None, None)])
    big, _ = frame(field(b"x" * (MAX_PACKET - 4)), 3)  # exactly 2**24 - 1 bytes: continued in the next packet
    assert big[:4] == b"\xff\xff\xff\x03"
    assert reader.take_rows(big, 0, 3, 10) == ([], 0, 3)
    assert reader(big[4:4 + MAX_PACKET]) == (b"x" * (MAX_PACKET - 4),)
