"""CSV and TSV: a header row, then one record per row; NULL is an empty field.

RFC 4180 quoting as Python's ``csv`` module writes it (QUOTE_MINIMAL: a field is quoted
only when it holds the delimiter, a double quote or a line break), done a column at a
time: a column whose joined text holds none of those characters — nearly all — is used
as it is, and each record is one C-level ``join``. That is several times faster than
``csv.writer`` and reads back identically with ``csv.reader``. Values keep their exact
text (no truncation): booleans ``t``/``f``, decimals positional, bytes ``\\x`` hex.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pgcli_like.drivers.base import ColumnInfo
from pgcli_like.formatting.quoting import LONE_FIELDS, header_record, quoted_column
from pgcli_like.formatting.values import column_texts


def header_line(columns: Sequence[ColumnInfo], delimiter: str) -> str:
    """The header record: the column names, quoted where needed."""
    return header_record([c.name for c in columns], delimiter)


def with_header(head: str, records: Iterator[str]) -> Iterator[str]:
    """``head`` in front of the first chunk of ``records`` (alone when there is none).

    Nothing is written before the first records arrive, so a query that fails before
    its first row prints no header.
    """
    for chunk in records:
        yield head + chunk
        head = ""
    if head:
        yield head


def delimited_chunks(columns: Sequence[ColumnInfo], batches: Iterator[list[tuple]], *, delimiter: str,
                     head: str = "") -> Iterator[str]:
    """CSV (``delimiter=","``) or TSV (``"\t"``) records after ``head``, one chunk per batch."""
    types = [c.type_name for c in columns]
    width = len(columns)

    def records() -> Iterator[str]:
        for batch in batches:
            if batch:
                cols = [quoted_column(column_texts(values, "", type_name), delimiter)
                        for values, type_name in zip(zip(*batch, strict=False), types, strict=False)]
                yield _records(cols, delimiter, width)

    return with_header(head, records())


def _records(cols: list[list[str]], delimiter: str, width: int) -> str:
    if width == 1:
        return "".join((LONE_FIELDS.get(t, t) if len(t) < 3 else t) + "\n" for t in cols[0])
    return "\n".join(map(delimiter.join, zip(*cols, strict=False))) + "\n"
