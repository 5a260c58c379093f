"""CSV/TSV field quoting as Python's ``csv`` module writes it (QUOTE_MINIMAL), on its own.

Shared by the formatter (``delimited.py``) and the native exporters (``pgcli_like/export``),
which write the header record themselves and must not pay for the value formatting
modules just to quote a few column names.
"""

from __future__ import annotations

from collections.abc import Sequence

# A lone empty field would be an empty line, which readers take as no record; a lone `\.`
# is the end-of-data line of COPY FROM and \copy (psql quotes it too).
LONE_FIELDS = {"": '""', "\\.": '"\\."'}


def quote(text: str) -> str:
    """``text`` in double quotes, inner quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def quoted_column(texts: list[str], delimiter: str) -> list[str]:
    """The column's fields, quoted where a reader needs it (the delimiter, a double quote or
    a line break); checked on the joined text first, so a clean column costs one scan."""
    joined = "".join(texts)
    if delimiter not in joined and '"' not in joined and "\n" not in joined and "\r" not in joined:
        return texts
    return [
        quote(t) if (delimiter in t or '"' in t or "\n" in t or "\r" in t) else t
        for t in texts
    ]


def header_record(names: Sequence[str], delimiter: str) -> str:
    """The header record of columns named ``names``, with its newline."""
    fields = quoted_column(list(names), delimiter)
    if len(fields) == 1:
        fields = [LONE_FIELDS.get(fields[0], fields[0])]
    return delimiter.join(fields) + "\n"
