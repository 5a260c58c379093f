"""Rows as runnable SQL: one ``INSERT INTO table (cols) VALUES (…);`` per row.

The table is ``result.table_name`` when the driver knows the single source table,
otherwise the placeholder ``query_result``. Names are written bare when they can be
and double-quoted (standard SQL, as PostgreSQL and SQLite read them) otherwise. Strings
are single-quoted with quotes doubled, binary values are ``X'…'`` hex literals, NULL is
``NULL``, booleans ``TRUE``/``FALSE``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from decimal import Decimal

from pgcli_like.dialects import dialect_for
from pgcli_like.drivers.base import ColumnInfo
from pgcli_like.formatting.batch import fill_rows, literal
from pgcli_like.formatting.values import decimal_text, value_text

PLACEHOLDER_TABLE = "query_result"
_INT = frozenset({int})
_INT_NULL = frozenset({int, type(None)})


def quote_string(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def sql_literal(value: object) -> str:
    """One value as a SQL literal."""
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return quote_string(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else quote_string(value_text(value, ""))
    if isinstance(value, Decimal):
        return decimal_text(value) if value.is_finite() else quote_string(str(value))
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "X'" + bytes(value).hex() + "'"
    return quote_string(value_text(value, ""))


def _literal_column(values: Sequence[object]) -> list[str]:
    types = set(map(type, values))
    if types <= _INT:
        return list(map(str, values))
    if types <= _INT_NULL:
        return ["NULL" if v is None else str(v) for v in values]
    return [sql_literal(v) for v in values]


def _table_name(name: str | None) -> str:
    if not name:
        return PLACEHOLDER_TABLE
    if "." in name or name[0] in "\"`[":
        return name  # already qualified or quoted by the driver
    return dialect_for("postgresql").quote_name(name)


def insert_chunks(columns: Sequence[ColumnInfo], batches: Iterator[list[tuple]], *,
                  table: str | None) -> Iterator[str]:
    """INSERT statements for every row, one chunk per batch."""
    dialect = dialect_for("postgresql")
    names = ", ".join(dialect.quote_name(c.name) for c in columns)
    template = literal(f"INSERT INTO {_table_name(table)} ({names}) VALUES (")
    template += ", ".join(["%s"] * len(columns)) + ");\n"
    for batch in batches:
        yield fill_rows(template, [_literal_column(values) for values in zip(*batch, strict=True)])
