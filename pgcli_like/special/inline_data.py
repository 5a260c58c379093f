"""COPY data written inline in a script, as psql and pg_dump write it.

    COPY public.t (a, b) FROM stdin;        \\copy t from stdin with (format csv)
    1<TAB>one                              7,seven
    \\.                                     \\.

The lines after a ``COPY … FROM STDIN`` statement (or a ``\\copy … from stdin`` command)
up to a line holding only ``\\.`` are its data, not SQL. ``split_inline_data`` cuts a
script into pieces so the session runs the SQL as usual and hands each data block to
the one statement that reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A line that starts a COPY reading stdin: \copy (one line) or a COPY statement ending in `;`
# on its line (pg_dump writes it on one line; a COPY spanning lines is matched from its last line).
_COPY_FROM_STDIN = re.compile(
    r"(?im)^[ \t]*(?:\\copy\b[^\n]*?\bfrom[ \t]+stdin(?![\w.])[^\n]*"
    r"|copy\b[^;]*?\bfrom\s+stdin(?![\w.])[^;]*;[ \t]*)(?:\n|\Z)"
)
_END_OF_DATA = re.compile(r"(?m)^\\\.[ \t]*\r?$\n?")


@dataclass(frozen=True, slots=True)
class ScriptPiece:
    """SQL text to run; ``data`` (bytes, possibly empty) is the inline data of its last
    statement, a COPY from stdin; None when the piece has none."""

    text: str
    data: bytes | None = None


def split_inline_data(text: str, engine: str) -> Iterator[ScriptPiece]:
    """The pieces of ``text``: plain SQL, and each COPY-from-stdin statement with its data.

    A COPY line counts only where a statement can start (the text before it is complete
    statements), so a string or comment mentioning ``copy … from stdin`` stays SQL. Data
    without its ``\\.`` line runs to the end of the text, as psql reads it; a COPY with
    nothing after it (typed at the prompt) gets ``data=None``: it reads the terminal.
    """
    from pgcli_like.statements import ends_statement

    start = 0
    search_from = 0
    while True:
        match = _COPY_FROM_STDIN.search(text, search_from)
        if match is None:
            break
        before = text[start:match.start()]
        if before.strip() and not ends_statement(before, engine):
            search_from = match.end()
            continue
        if before.strip():
            yield ScriptPiece(before)
        end = _END_OF_DATA.search(text, match.end())
        if end is None and not text[match.end():].strip():
            yield ScriptPiece(match.group(0))  # typed at the prompt: the data comes from the terminal
            start = search_from = len(text)
            break
        data_end, next_start = (end.start(), end.end()) if end else (len(text), len(text))
        yield ScriptPiece(match.group(0), text[match.end():data_end].encode("utf-8"))
        start = search_from = next_start
    if text[start:].strip():
        yield ScriptPiece(text[start:])
