"""Assembling a batch of rows from its columns in one C-level call.

Formatters convert values a column at a time; ``fill_rows`` then interleaves the
columns into one flat tuple (slice assignment, no per-row tuples) and applies a
per-row ``%``-template repeated for the whole batch — one call instead of one per row.
"""

from __future__ import annotations

from collections.abc import Sequence


def literal(text: str) -> str:
    """``text`` safe to embed in a ``%``-template."""
    return text.replace("%", "%%")


def fill_rows(template: str, columns: Sequence[Sequence[str]]) -> str:
    """``template`` (one ``%s``-style field per column) filled for every row, concatenated."""
    width = len(columns)
    if not width or not columns[0]:
        return ""
    count = len(columns[0])
    flat: list[object] = [None] * (width * count)
    for i, texts in enumerate(columns):
        flat[i::width] = texts
    return (template * count) % tuple(flat)
