"""Markdown (GitHub pipe tables) and HTML (psql's ``\\pset format html`` layout).

Both are documents for people, so NULL shows the NULL marker, but values are never cut.
Rows are written as they arrive; neither format needs column widths.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from pgcli_like.drivers.base import ColumnInfo
from pgcli_like.formatting.batch import fill_rows
from pgcli_like.formatting.display import right_aligned
from pgcli_like.formatting.screen import row_count
from pgcli_like.formatting.values import column_texts, display_lines, has_special

if TYPE_CHECKING:
    from pgcli_like.formatting import OutputStats
    from pgcli_like.settings import OutputSettings


def _cells(texts: list[str], special: str, convert: Callable[[str], str]) -> list[str]:
    """A column's cells converted by ``convert`` — skipped when no cell needs it."""
    joined = "".join(texts)
    if joined.isprintable() and not any(ch in joined for ch in special):
        return texts
    return [convert(t) for t in texts]


def _markdown_cell(text: str) -> str:
    if has_special(text):
        text = "<br>".join(display_lines(text))
    return text.replace("|", "\\|") if "|" in text else text


def markdown_chunks(columns: Sequence[ColumnInfo], batches: Iterator[list[tuple]],
                    settings: OutputSettings) -> Iterator[str]:
    """A GitHub-flavoured Markdown table; numbers right-aligned by the ``---:`` rule."""
    header_done = settings.tuples_only
    for batch in batches:
        if not header_done:
            yield _markdown_header(columns, right_aligned(columns, batch))
            header_done = True
        cols = [_cells(column_texts(values, settings.null, c.type_name), "|", _markdown_cell)
                for values, c in zip(zip(*batch, strict=True), columns, strict=True)]
        yield fill_rows("| " + " | ".join(["%s"] * len(columns)) + " |\n", cols)
    if not header_done:
        yield _markdown_header(columns, right_aligned(columns, []))


def _markdown_header(columns: Sequence[ColumnInfo], right: list[bool]) -> str:
    names = "| " + " | ".join(_markdown_cell(c.name) for c in columns) + " |\n"
    rules = "|" + "|".join("---:" if r else "---" for r in right) + "|\n"
    return names + rules


def _html_cell(text: str) -> str:
    return "<br />".join(html.escape(line) for line in display_lines(text)) if has_special(text) else html.escape(text)


def html_chunks(columns: Sequence[ColumnInfo], batches: Iterator[list[tuple]], settings: OutputSettings, *,
                title: str | None, stats: OutputStats, count_rows: bool = True) -> Iterator[str]:
    """An HTML table like psql's, with the row count in a paragraph after it (unless ``count_rows`` is False)."""
    head = ['<table border="1">\n']
    if title and not settings.tuples_only:
        head.append(f"  <caption>{_html_cell(title)}</caption>\n")
    if not settings.tuples_only:
        head.append("  <tr>\n")
        head.extend(f'    <th align="center">{_html_cell(c.name)}</th>\n' for c in columns)
        head.append("  </tr>\n")
    yield "".join(head)
    right: list[bool] | None = None
    for batch in batches:
        if right is None:
            right = right_aligned(columns, batch)
        template = '  <tr valign="top">\n' + "".join(
            f'    <td align="{"right" if r else "left"}">%s</td>\n' for r in right) + "  </tr>\n"
        cols = [_cells(column_texts(values, settings.null, c.type_name), "<>&\"'", _html_cell)
                for values, c in zip(zip(*batch, strict=True), columns, strict=True)]
        yield fill_rows(template, cols)
    tail = "</table>\n"
    if settings.footer and count_rows and not settings.tuples_only:
        tail += f"<p>{row_count(stats.rows)}<br />\n</p>\n"
    yield tail
