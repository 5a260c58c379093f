"""PyMySQL's connect arguments for a target: what the MySQL driver and the CSV/TSV exporter share.

Kept apart from ``drivers/mysql.py`` so that the exporter (``pgcli_like/export/mysql.py``)
connects exactly as the driver does without importing the driver's other modules.
Importing this module imports PyMySQL (without ``cryptography``, see ``mysql_import``).
"""

from __future__ import annotations

from pgcli_like.drivers.base import ConnectionTarget
from pgcli_like.drivers.mysql_import import import_pymysql

import_pymysql()  # first: PyMySQL without cryptography until a login needs it

from pymysql.constants import CLIENT, FIELD_TYPE  # noqa: E402
from pymysql.converters import conversions  # noqa: E402

# Keep dates and times as the server's text instead of datetime objects.
_CONVERSIONS = {k: v for k, v in conversions.items()
                if k not in (FIELD_TYPE.DATE, FIELD_TYPE.DATETIME, FIELD_TYPE.TIMESTAMP, FIELD_TYPE.TIME)}
_LOOPBACK = frozenset(("localhost", "127.0.0.1", "::1"))


def _connect_args(target: ConnectionTarget, password: str | None) -> dict[str, object]:
    """The keyword arguments of ``pymysql.connect`` for ``target`` logging in with ``password``."""
    args: dict[str, object] = {
        "host": target.host or "localhost",
        "port": target.port or 3306,
        "user": target.user or "root",
        "password": password or "",
        "database": target.database,
        "autocommit": True,
        "charset": "utf8mb4",
        "conv": _CONVERSIONS,
        "connect_timeout": 10,
        "client_flag": CLIENT.MULTI_RESULTS,
    }
    opts = dict(target.options)
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
