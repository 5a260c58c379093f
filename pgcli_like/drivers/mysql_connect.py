"""PyMySQL's connect arguments for a target: what the MySQL driver and the CSV/TSV exporter share.

Kept apart from ``drivers/mysql.py`` so that the exporter (``pgcli_like/export/mysql.py``)
connects exactly as the driver does without importing the driver's other modules.
``base_args`` needs no PyMySQL (the exporter may log in without it); ``_connect_args``
imports PyMySQL (without ``cryptography``, see ``mysql_import``).
"""

from __future__ import annotations

from typing import Any

from pgcli_like.drivers.base import ConnectionTarget

_LOOPBACK = frozenset(("localhost", "127.0.0.1", "::1"))
_conversions: dict[Any, Any] | None = None


def conversions() -> dict[Any, Any]:
    """PyMySQL's converters, but dates and times kept as the server's text (not datetime objects)."""
    global _conversions
    if _conversions is None:
        from pgcli_like.drivers.mysql_import import import_pymysql

        import_pymysql()
        from pymysql.constants import FIELD_TYPE
        from pymysql.converters import conversions as pymysql_conversions

        dates = (FIELD_TYPE.DATE, FIELD_TYPE.DATETIME, FIELD_TYPE.TIMESTAMP, FIELD_TYPE.TIME)
        _conversions = {k: v for k, v in pymysql_conversions.items() if k not in dates}
    return _conversions


def base_args(target: ConnectionTarget, password: str | None) -> dict[str, object]:
    """Where and how to connect: host, port, user, password, database, charset, TLS."""
    args: dict[str, object] = {
        "host": target.host or "localhost",
        "port": target.port or 3306,
        "user": target.user or "root",
        "password": password or "",
        "database": target.database,
        "autocommit": True,
        "charset": "utf8mb4",
        "connect_timeout": 10,
    }
    opts = dict(target.options)
    if opts.get("connect_timeout", "").isdigit() and int(opts["connect_timeout"]) > 0:
        args["connect_timeout"] = int(opts["connect_timeout"])  # (libpq's name: ?connect_timeout=N)
    if "unix_socket" in opts and not target.host:
        args["unix_socket"] = opts["unix_socket"]
    if "charset" in opts:
        args["charset"] = opts["charset"]
    ssl = opts.get("ssl", opts.get("ssl_mode", "")).lower()
    if ssl in ("1", "true", "required", "on"):
        args["ssl"] = {}
    elif not ssl and (args["host"] in _LOOPBACK or "unix_socket" in args):
        # PyMySQL otherwise tries TLS whenever the server offers it ("preferred"): on this
        # machine's own server that only costs (15 ms building a context, then encryption
        # of every row). `?ssl_mode=preferred` or `?ssl=1` asks for it anyway.
        args["ssl_disabled"] = True
    return args


def _connect_args(target: ConnectionTarget, password: str | None) -> dict[str, object]:
    """The keyword arguments of ``pymysql.connect`` for ``target`` logging in with ``password``."""
    args = base_args(target, password)
    args["conv"] = conversions()
    args["client_flag"] = 1 << 17  # CLIENT.MULTI_RESULTS: a CALL's several result sets
    return args


def login(args: dict[str, object]) -> Any:
    """``pymysql.connect(**args)`` with ``connect_timeout`` bounding the whole login.

    PyMySQL bounds only the TCP connect: a server (or a stuck proxy) that accepts and then
    says nothing would hang the shell for ever in the handshake. Once logged in, reads
    wait as long as a query takes again.
    """
    from pgcli_like.drivers.mysql_import import import_pymysql

    pymysql = import_pymysql()
    timeout = args.get("connect_timeout")
    conn = pymysql.connect(**args, read_timeout=timeout, write_timeout=timeout)
    # PyMySQL applies these before each read and write, so clearing them is enough.
    conn._read_timeout = conn._write_timeout = None
    return conn


def login_failure(err: Exception) -> str:
    """The reason a login failed, in one line, as the driver and the exporter report it."""
    from pgcli_like.drivers.mysql_errors import error_text

    return login_wording(error_text(err))


def login_wording(text: str) -> str:
    """PyMySQL's text for a failed login, saying "login" where it says "query" for a
    connection lost in the handshake."""
    return text.replace("Lost connection to MySQL server during query", "Lost connection to MySQL server during login")
