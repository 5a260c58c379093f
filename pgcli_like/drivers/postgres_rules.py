"""PostgreSQL decisions shared by the psycopg driver and the native CSV/TSV exporter.

Nothing here imports psycopg: the exporter (``pgcli_like.export.postgres``) must start
fast, yet it may only take its shortcut where the driver would print the same bytes.
So the rules both sides follow live here once: which statements stream through a
server-side cursor (``streams_rows``), which columns the server may format itself and
how the ``COPY`` that does it is written (``copy_sql``), and the connection string.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from pgcli_like.drivers.base import ColumnInfo, ConnectionTarget
from pgcli_like.statements import WORD, command_tag, first_word, tokens

# Types whose COPY CSV text is exactly the text our formatter prints for the loaded value.
_COPY_AS_IS = frozenset((
    "int2", "int4", "int8", "oid", "float4", "float8", "numeric", "bool", "bytea", "date", "time", "timetz",
    "timestamp", "timestamptz", "interval", "uuid", "json", "jsonb", "inet", "cidr", "macaddr", "macaddr8",
    "money",
))
# Strings: the same text, except that COPY quotes an empty string to tell it from NULL.
_COPY_NULLIF = frozenset(("text", "varchar", "name"))

# The names the driver gives the built-in types above (psycopg's names; ``name[]`` for an
# array), by the OID the server sends. Fixed in every PostgreSQL since 8.x; checked against
# the server's pg_type and psycopg's registry by the exporter's tests. An OID missing here
# makes the exporter step aside (the driver then decides), so the list may be short but
# must never be wrong. bpchar itself is not eligible (the driver formats it in Python),
# but any array is, bpchar[] included.
BUILTIN_TYPE_NAMES: dict[int, str] = {
    16: "bool", 17: "bytea", 19: "name", 20: "int8", 21: "int2", 23: "int4", 25: "text", 26: "oid",
    114: "json", 650: "cidr", 700: "float4", 701: "float8", 774: "macaddr8", 790: "money", 829: "macaddr",
    869: "inet", 1043: "varchar", 1082: "date", 1083: "time", 1114: "timestamp", 1184: "timestamptz",
    1186: "interval", 1266: "timetz", 1700: "numeric", 2950: "uuid", 3802: "jsonb",
    1000: "bool[]", 1001: "bytea[]", 1003: "name[]", 1016: "int8[]", 1005: "int2[]", 1007: "int4[]",
    1009: "text[]", 1028: "oid[]", 199: "json[]", 651: "cidr[]", 1021: "float4[]", 1022: "float8[]",
    775: "macaddr8[]", 791: "money[]", 1040: "macaddr[]", 1041: "inet[]", 1015: "varchar[]", 1182: "date[]",
    1183: "time[]", 1115: "timestamp[]", 1185: "timestamptz[]", 1187: "interval[]", 1270: "timetz[]",
    1231: "numeric[]", 2951: "uuid[]", 3807: "jsonb[]", 1014: "bpchar[]",
}


def streams_rows(sql: str) -> bool:
    """True for statements a server-side cursor can run: plain SELECT / VALUES / TABLE.

    ``SELECT … INTO`` and a WITH holding INSERT/UPDATE/DELETE cannot be DECLAREd.
    """
    if first_word(sql) not in ("SELECT", "VALUES", "TABLE", "WITH"):
        return False  # decided without reading a big INSERT to its end
    toks = tokens(sql, "postgresql")
    words = [t.text.upper() for t in toks if t.kind == WORD]
    if words[0] == "WITH" and command_tag(sql) != "SELECT":
        return False
    if any(w in ("INSERT", "UPDATE", "DELETE", "MERGE") for w in words[1:]) and words[0] == "WITH":
        return False
    return not any(t.kind == WORD and t.depth == 0 and t.text.upper() == "INTO" for t in toks)


def copy_sql(sql: str, columns: Sequence[ColumnInfo], delimiter: str) -> tuple[str, int] | None:
    """The ``COPY`` statement that prints ``sql``'s rows as our CSV/TSV records, and the offset
    of ``sql`` inside it; None when some column's COPY text could differ from ours."""
    if len(columns) < 2 or delimiter not in (",", "\t"):
        return None
    select = []
    for i, col in enumerate(columns, 1):
        if col.type_name in _COPY_NULLIF:
            select.append(f"nullif(q.c{i}, '')")
        elif col.type_name in _COPY_AS_IS or col.type_name.endswith("[]"):
            select.append(f"q.c{i}")
        else:
            return None
    aliases = ", ".join(f"c{i}" for i in range(1, len(columns) + 1))
    prefix = f"COPY (SELECT {', '.join(select)} FROM ("
    # The newline ends a trailing `-- comment` of the user's query before our parenthesis.
    option = "E'\\t'" if delimiter == "\t" else "','"
    return f"{prefix}{sql}\n) AS q({aliases})) TO STDOUT (FORMAT csv, DELIMITER {option})", len(prefix)


def conninfo_params(target: ConnectionTarget, password: str | None) -> dict[str, object]:
    """The libpq connection parameters for ``target`` (None values already dropped)."""
    # Defaults only where the libpq environment does not already decide.
    params: dict[str, object] = {}
    if "PGAPPNAME" not in os.environ:
        params["application_name"] = "shellkit"
    if "PGCONNECT_TIMEOUT" not in os.environ:
        params["connect_timeout"] = 10
    params.update(dict(target.options))
    for key, value in (("host", target.host), ("port", target.port), ("user", target.user),
                       ("dbname", target.database), ("password", password)):
        if value is not None:
            params[key] = value
    return {k: v for k, v in params.items() if v is not None}


_ESCAPE = re.compile(r"([\\'])")
_SPACE = re.compile(r"\s")


def _param_escape(value: str) -> str:
    """A value as PQconnectdb reads it: backslash and quote escaped, quoted when empty or spaced."""
    if not value:
        return "''"
    value = _ESCAPE.sub(r"\\\1", value)
    return "'" + value + "'" if _SPACE.search(value) else value


def conninfo_string(params: dict[str, object]) -> str:
    """``key=value …`` as psycopg's ``make_conninfo("", **params)`` writes it (without its check)."""
    return " ".join(f"{key}={_param_escape(str(value))}" for key, value in params.items())
