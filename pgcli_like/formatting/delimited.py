"""CSV and TSV: a header row, then one record per row; NULL is an empty field.

Written by the C ``csv`` writer a batch at a time. Values keep their exact text (no
truncation); only columns holding something other than str/int/None are converted
first (booleans as ``t``/``f``, decimals positional, bytes as ``\\x`` hex).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence

from pgcli_like.drivers.base import ColumnInfo
from pgcli_like.formatting.values import value_text

_WRITER_SAFE = frozenset({str, int, type(None)})


def exact_columns(rows: list[tuple]) -> list[tuple]:
    """Rows whose cells are all str, int or None — other values turned into server text.

    Columns that already qualify are left alone, and a batch that needs nothing is
    returned as it is.
    """
    if not rows:
        return rows
    columns = list(zip(*rows))
    changed = False
    for i, values in enumerate(columns):
        if not set(map(type, values)) <= _WRITER_SAFE:
            columns[i] = tuple(None if v is None else value_text(v, "") for v in values)
            changed = True
    return list(zip(*columns)) if changed else rows


def delimited_chunks(columns: Sequence[ColumnInfo], batches: Iterator[list[tuple]], *, delimiter: str,
                     header: bool = True) -> Iterator[str]:
    """CSV (``delimiter=","``) or TSV (``"\\t"``) text, one chunk per batch."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    if header:
        writer.writerow([c.name for c in columns])
    for batch in batches:
        writer.writerows(exact_columns(batch))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
