"""Just enough of the MySQL client protocol to log in and send one query, without PyMySQL.

Importing PyMySQL (sockets, ssl, hashlib, decimal, datetime, configparser…) takes a sixth
of a CSV export's whole time on a slow machine. For the common local case — no TLS
(PyMySQL would not use it either: ``drivers/mysql_connect`` disables it on loopback and
Unix sockets), and ``mysql_native_password`` or no password — this module does the login
PyMySQL does (the same capability flags, character set, ``SET NAMES utf8mb4``, autocommit
on) and hands the exporter the socket positioned at the first row packet. Anything else
(another auth plugin, a server that wants TLS, an unexpected packet) raises ``WireUnsupported``
and the exporter uses PyMySQL instead.
"""

from __future__ import annotations

import _socket

# PyMySQL's CLIENT.CAPABILITIES without CONNECT_ATTRS, plus MULTI_RESULTS (the driver's client_flag).
_LONG_PASSWORD, _LONG_FLAG, _CONNECT_WITH_DB, _PROTOCOL_41 = 1, 1 << 2, 1 << 3, 1 << 9
_TRANSACTIONS, _SECURE_CONNECTION, _MULTI_RESULTS = 1 << 13, 1 << 15, 1 << 17
_PLUGIN_AUTH, _PLUGIN_AUTH_LENENC = 1 << 19, 1 << 21
_CAPABILITIES = (_LONG_PASSWORD | _LONG_FLAG | _PROTOCOL_41 | _TRANSACTIONS | _SECURE_CONNECTION
                 | _MULTI_RESULTS | _PLUGIN_AUTH | _PLUGIN_AUTH_LENENC)
_SSL = 1 << 11
_UTF8MB4_GENERAL_CI = 45  # PyMySQL's id for charset "utf8mb4"
_MAX_PACKET = 0xFFFFFF
_COM_QUIT, _COM_QUERY = 1, 3
_STATUS_AUTOCOMMIT = 2
_NATIVE = "mysql_native_password"


class WireUnsupported(Exception):
    """Something this small client does not do: use PyMySQL."""


class WireError(Exception):
    """The server's error packet (``payload``), as PyMySQL would raise it."""

    def __init__(self, payload: bytes) -> None:
        super().__init__(payload[9:].decode("utf-8", "replace") if payload[3:4] == b"#" else payload[3:])
        self.payload = payload
        self.errno = int.from_bytes(payload[1:3], "little", signed=True)


class LoginTimeout(TimeoutError):
    """The server did not answer within ``connect_timeout``; ``pymysql_text`` is what
    PyMySQL's error says in the same case."""

    def __init__(self, pymysql_text: str) -> None:
        super().__init__(pymysql_text)
        self.pymysql_text = pymysql_text


class Field:
    """A column definition: what the exporter needs of PyMySQL's FieldDescriptorPacket."""

    __slots__ = ("name", "type_code", "charsetnr", "flags")

    def __init__(self, name: str, type_code: int, charsetnr: int, flags: int) -> None:
        self.name, self.type_code, self.charsetnr, self.flags = name, type_code, charsetnr, flags


def _lenenc(data: bytes, pos: int) -> tuple[int | None, int]:
    """A length-encoded integer at ``pos`` and the position after it (None for NULL)."""
    c = data[pos]
    if c < 251:
        return c, pos + 1
    if c == 251:
        return None, pos + 1
    width = {252: 2, 253: 3, 254: 8}.get(c)
    if width is None or pos + 1 + width > len(data):
        raise WireUnsupported("bad length-encoded integer")
    return int.from_bytes(data[pos + 1:pos + 1 + width], "little"), pos + 1 + width


def _lenenc_bytes(data: bytes, pos: int) -> tuple[bytes | None, int]:
    n, pos = _lenenc(data, pos)
    if n is None:
        return None, pos
    if pos + n > len(data):
        raise WireUnsupported("truncated string")
    return data[pos:pos + n], pos + n


def _scramble(password: bytes, salt: bytes) -> bytes:
    """mysql_native_password: SHA1(pw) XOR SHA1(salt + SHA1(SHA1(pw)))."""
    if not password:
        return b""
    from _sha1 import sha1  # the builtin module: no OpenSSL to load

    stage1 = sha1(password).digest()
    stage2 = sha1(stage1).digest()
    mask = sha1(salt[:20] + stage2).digest()
    return bytes(a ^ b for a, b in zip(mask, stage1, strict=True))


class Wire:
    """One logged-in connection; ``read1`` gives the bytes after the last packet read."""

    def __init__(self, sock: _socket.socket) -> None:
        self.sock = sock
        self.buf = bytearray()
        self.seq = 0
        self.thread_id = 0
        self.server_status = 0

    # -- packets ------------------------------------------------------------------------------
    def _fill(self, n: int) -> None:
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise OSError("the server closed the connection")
            self.buf += chunk

    def packet(self) -> bytes:
        """The next packet's payload (joined when split), sequence numbers checked."""
        parts = []
        while True:
            self._fill(4)
            length = self.buf[0] | self.buf[1] << 8 | self.buf[2] << 16
            if self.buf[3] != self.seq:
                raise WireUnsupported("packet out of sequence")
            self.seq = (self.seq + 1) % 256
            self._fill(4 + length)
            parts.append(bytes(self.buf[4:4 + length]))
            del self.buf[:4 + length]
            if length < _MAX_PACKET:
                return b"".join(parts)

    def send(self, payload: bytes) -> None:
        if len(payload) >= _MAX_PACKET:
            raise WireUnsupported("statement too long for this client")
        self.sock.sendall(len(payload).to_bytes(3, "little") + bytes([self.seq]) + payload)
        self.seq = (self.seq + 1) % 256

    def read1(self, n: int) -> bytes:
        """Buffered bytes first, then at most one read of the socket (b"" at its end)."""
        if self.buf:
            data = bytes(self.buf[:n])
            del self.buf[:n]
            return data
        return self.sock.recv(n)

    def _ok(self, payload: bytes) -> None:
        if payload[:1] == b"\xff":
            raise WireError(payload)
        if payload[:1] != b"\x00":
            raise WireUnsupported("expected an OK packet")
        _, pos = _lenenc(payload, 1)
        _, pos = _lenenc(payload, pos)
        self.server_status = int.from_bytes(payload[pos:pos + 2], "little")

    def command(self, sql: str) -> None:
        """Send a query (COM_QUERY)."""
        self.seq = 0
        self.send(bytes([_COM_QUERY]) + sql.encode("utf-8", "surrogateescape"))

    def execute(self, sql: str) -> None:
        """A statement whose answer is an OK packet (SET …)."""
        self.command(sql)
        self._ok(self.packet())

    def query(self, sql: str) -> list[Field] | None:
        """Send ``sql``; its column definitions, the socket left at the first row (None: no result set)."""
        self.command(sql)
        first = self.packet()
        if first[:1] == b"\xff":
            raise WireError(first)
        if first[:1] == b"\x00":
            self._ok(first)
            return None
        if first[:1] == b"\xfb":
            raise WireUnsupported("LOCAL INFILE request")
        count, _ = _lenenc(first, 0)
        if not count:
            raise WireUnsupported("bad column count")
        fields = [self._field(self.packet()) for _ in range(count)]
        eof = self.packet()
        if eof[:1] != b"\xfe" or len(eof) >= 9:
            raise WireUnsupported("expected the EOF after the columns")
        return fields

    @staticmethod
    def _field(data: bytes) -> Field:
        pos = 0
        for _ in range(4):  # catalog, schema, table, original table
            _, pos = _lenenc_bytes(data, pos)
        name, pos = _lenenc_bytes(data, pos)
        _, pos = _lenenc_bytes(data, pos)  # original name
        if name is None or pos + 13 > len(data):
            raise WireUnsupported("bad column definition")
        pos += 1  # length of the fixed fields
        charsetnr = int.from_bytes(data[pos:pos + 2], "little")
        type_code = data[pos + 6]
        flags = int.from_bytes(data[pos + 7:pos + 9], "little")
        return Field(name.decode("utf-8"), type_code, charsetnr, flags)

    def rows(self, sql: str) -> list[list[bytes | None]]:
        """All rows of a small result (SHOW WARNINGS), fields as bytes."""
        fields = self.query(sql)
        out: list[list[bytes | None]] = []
        if fields is None:
            return out
        while True:
            data = self.packet()
            if data[:1] == b"\xff":
                raise WireError(data)
            if data[:1] == b"\xfe" and len(data) < 9:
                return out
            pos, row = 0, []
            for _ in fields:
                value, pos = _lenenc_bytes(data, pos)
                row.append(value)
            out.append(row)

    def close(self) -> None:
        """COM_QUIT, then close the socket."""
        try:
            self.seq = 0
            self.send(bytes([_COM_QUIT]))
        except OSError:
            pass
        self.abort()

    def abort(self) -> None:
        """Close the socket without a word (rows left unread)."""
        try:
            self.sock.close()
        except OSError:
            pass


def _socket_to(args: dict[str, object]) -> _socket.socket:
    timeout = float(args.get("connect_timeout") or 10)  # type: ignore[arg-type]
    path = args.get("unix_socket")
    if path:
        sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        try:
            sock.settimeout(timeout)
            sock.connect(path)
        except BaseException:
            sock.close()
            raise
        return sock
    error: OSError | None = None
    host = str(args["host"])
    # An ASCII name as bytes: a str is encoded by the idna codec, an import of its own.
    where = host.encode("ascii") if host.isascii() else host
    # As socket.create_connection (what PyMySQL uses): every address in turn.
    for family, kind, proto, _, address in _socket.getaddrinfo(where, args["port"], 0, _socket.SOCK_STREAM):
        sock = _socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            sock.connect(address)
        except OSError as err:
            sock.close()
            error = err
            continue
        except BaseException:
            sock.close()
            raise
        sock.setsockopt(_socket.IPPROTO_TCP, _socket.TCP_NODELAY, 1)
        sock.setsockopt(_socket.SOL_SOCKET, _socket.SO_KEEPALIVE, 1)
        return sock
    raise error or OSError("no address")


def connect(args: dict[str, object]) -> Wire:
    """Log in as PyMySQL would with ``args`` (``drivers/mysql_connect.base_args``).

    Raises WireUnsupported when PyMySQL must do it (TLS, another auth plugin), WireError
    when the server refuses, LoginTimeout when it does not answer within ``connect_timeout``
    (the whole login, as ``drivers/mysql_connect.login``), OSError when it cannot be reached.
    """
    if "ssl" in args or not args.get("ssl_disabled") or args.get("charset") != "utf8mb4":
        raise WireUnsupported("TLS or another character set")
    try:
        wire = Wire(_socket_to(args))
    except TimeoutError as err:
        raise LoginTimeout(f"Can't connect to MySQL server on {args['host']!r} ({err})") from None
    try:
        _login(wire, args)
        wire.execute("SET NAMES utf8mb4")
        if not wire.server_status & _STATUS_AUTOCOMMIT:
            wire.execute("SET AUTOCOMMIT = 1")
        wire.sock.settimeout(None)  # logged in: rows may take as long as the query takes
        return wire
    except TimeoutError as err:
        wire.abort()
        raise LoginTimeout(f"Lost connection to MySQL server during query ({err})") from None
    except BaseException:
        wire.abort()
        raise


def _login(wire: Wire, args: dict[str, object]) -> None:
    hello = wire.packet()
    if hello[:1] == b"\xff":
        raise WireError(hello)
    if hello[:1] != b"\x0a":
        raise WireUnsupported("unknown protocol version")
    end = hello.find(b"\0", 1)
    if end < 0 or end + 32 > len(hello):
        raise WireUnsupported("short handshake")
    pos = end + 1
    wire.thread_id = int.from_bytes(hello[pos:pos + 4], "little")
    salt = hello[pos + 4:pos + 12]
    pos += 13
    capabilities = int.from_bytes(hello[pos:pos + 2], "little")
    pos += 2
    wire.server_status = int.from_bytes(hello[pos + 1:pos + 3], "little")
    capabilities |= int.from_bytes(hello[pos + 3:pos + 5], "little") << 16
    salt_len = hello[pos + 5]
    pos += 6 + 10
    rest = max(12, salt_len - 9)
    salt += hello[pos:pos + rest]
    pos += rest + 1
    plugin = ""
    if capabilities & _PLUGIN_AUTH:
        end = hello.find(b"\0", pos)
        plugin = (hello[pos:] if end < 0 else hello[pos:end]).decode("utf-8", "replace")
    if plugin not in ("", _NATIVE) or not capabilities & _PROTOCOL_41:
        raise WireUnsupported(f"auth plugin {plugin}")
    password = str(args.get("password") or "").encode("utf-8")
    flags = _CAPABILITIES | (_CONNECT_WITH_DB if args.get("database") else 0)
    response = _scramble(password, salt)
    data = (flags.to_bytes(4, "little") + (1 << 24).to_bytes(4, "little") + bytes([_UTF8MB4_GENERAL_CI])
            + bytes(23) + str(args["user"]).encode("utf-8") + b"\0")
    data += bytes([len(response)]) + response  # 0 or 20 bytes: the same one-byte length either way
    if args.get("database") and capabilities & _CONNECT_WITH_DB:
        data += str(args["database"]).encode("utf-8") + b"\0"
    if capabilities & _PLUGIN_AUTH:
        data += (_NATIVE.encode() if plugin else b"") + b"\0"
    wire.send(data)
    answer = wire.packet()
    if answer[:1] == b"\xfe" and len(answer) > 1:  # switch to another plugin
        end = answer.find(b"\0", 1)
        name = answer[1:end].decode("utf-8", "replace") if end > 0 else ""
        if name != _NATIVE:
            raise WireUnsupported(f"auth plugin {name}")
        wire.send(_scramble(password, answer[end + 1:]))
        answer = wire.packet()
    wire._ok(answer)
