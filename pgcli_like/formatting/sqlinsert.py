"""Rows as runnable SQL: one ``INSERT INTO table (cols) VALUES (…);`` per row.

The table is ``result.table_name`` when the driver knows the single source table,
otherwise the placeholder ``query_result``. Names are written bare when they can be,
otherwise quoted as the connected engine (``OutputSettings.engine``) reads them: double
quotes on PostgreSQL and SQLite, backquotes on MySQL/MariaDB. Strings are single-quoted
with quotes doubled (and backslashes doubled on MySQL, where they escape), binary values
are ``X'…'`` hex literals, NULL is ``NULL``, booleans ``TRUE``/``FALSE``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from decimal import Decimal

from pgcli_like.dialects import Dialect, dialect_for
from pgcli_like.drivers.base import ColumnInfo
from pgcli_like.formatting.batch import fill_rows, literal
from pgcli_like.formatting.floats import FLOAT_TEXT
from pgcli_like.formatting.values import decimal_text, value_text

PLACEHOLDER_TABLE = "query_result"
_INT = frozenset({int})
_INT_NULL = frozenset({int, type(None)})


def quote_string(text: str, engine: str = "postgresql") -> str:
    """A SQL string literal; on MySQL/MariaDB backslashes are doubled (they escape there)."""
    if engine == "mysql" and "\\" in text:
        text = text.replace("\\", "\\\\")
    return "'" + text.replace("'", "''") + "'"


def sql_literal(value: object, engine: str = "postgresql", type_name: str = "") -> str:
    """One value as a SQL literal of ``engine``."""
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return quote_string(value, engine)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return quote_string(value_text(value, ""))
        return FLOAT_TEXT.get(type_name, repr)(value)
    if isinstance(value, Decimal):
        return decimal_text(value) if value.is_finite() else quote_string(str(value))
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "X'" + bytes(value).hex() + "'"
    return quote_string(value_text(value, ""), engine)


def _literal_column(values: Sequence[object], engine: str, type_name: str) -> list[str]:
    types = set(map(type, values))
    if types <= _INT:
        return list(map(str, values))
    if types <= _INT_NULL:
        return ["NULL" if v is None else str(v) for v in values]
    return [sql_literal(v, engine, type_name) for v in values]


def _table_name(name: str | None, dialect: Dialect) -> str:
    if not name:
        return PLACEHOLDER_TABLE
    if "." in name or name[0] in "\"`[":
        return name  # already qualified or quoted by the driver
    return dialect.quote_name(name)


def insert_chunks(columns: Sequence[ColumnInfo], batches: Iterator[list[tuple]], *,
                  table: str | None, engine: str = "postgresql") -> Iterator[str]:
    """INSERT statements for every row, one chunk per batch, in ``engine``'s SQL."""
    dialect = dialect_for(engine)
    names = ", ".join(dialect.quote_name(c.name) for c in columns)
    types = [c.type_name for c in columns]
    template = literal(f"INSERT INTO {_table_name(table, dialect)} ({names}) VALUES (")
    template += ", ".join(["%s"] * len(columns)) + ");\n"
    for batch in batches:
        cols = [_literal_column(values, engine, type_name)
                for values, type_name in zip(zip(*batch, strict=True), types, strict=True)]
        yield fill_rows(template, cols)
