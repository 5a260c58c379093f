"""Markdown (GitHub pipe tables) and HTML (psql's ``\\pset format html`` layout).

Both are documents for people, so NULL shows the NULL marker, but values are never cut.
Rows are written as they arrive; neither format needs column widths.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from pgcli_like.drivers.base import ColumnInfo
from pgcli_like.formatting.display import right_aligned
from pgcli_like.formatting.screen import row_count
from pgcli_like.formatting.values import column_texts, display_lines, has_special

if TYPE_CHECKING:
    from pgcli_like.formatting import OutputStats
    from pgcli_like.settings import OutputSettings


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
        cols = [[_markdown_cell(t) for t in column_texts(values, settings.null)] for values in zip(*batch, strict=False)]
        yield "".join("| " + " | ".join(row) + " |\n" for row in zip(*cols, strict=False))
    if not header_done:
        yield _markdown_header(columns, right_aligned(columns, []))


def _markdown_header(columns: Sequence[ColumnInfo], right: list[bool]) -> str:
    names = "| " + " | ".join(_markdown_cell(c.name) for c in columns) + " |\n"
    rules = "|" + "|".join("---:" if r else "---" for r in right) + "|\n"
    return names + rules


def _html_cell(text: str) -> str:
    return "<br />".join(html.escape(line) for line in display_lines(text)) if has_special(text) else html.escape(text)


def html_chunks(columns: Sequence[ColumnInfo], batches: Iterator[list[tuple]], settings: OutputSettings, *,
                title: str | None, stats: OutputStats) -> Iterator[str]:
    """An HTML table like psql's, with the row count in a paragraph after it."""
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
        opens = [f'    <td align="{"right" if r else "left"}">' for r in right]
        cols = [[_html_cell(t) for t in column_texts(values, settings.null)] for values in zip(*batch, strict=False)]
        yield "".join(
            '  <tr valign="top">\n' + "".join(o + c + "</td>\n" for o, c in zip(opens, row, strict=False)) + "  </tr>\n"
            for row in zip(*cols, strict=False)
        )
    tail = "</table>\n"
    if settings.footer and not settings.tuples_only:
        tail += f"<p>{row_count(stats.rows)}<br />\n</p>\n"
    yield tail
