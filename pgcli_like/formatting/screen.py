"""The display layouts for people (aligned table and vertical) with title and footer.

Decides the layout on the first batch (``\\x auto``: vertical when a row would be wider
than the terminal), then streams every batch through it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from pgcli_like.formatting.display import NullStyle, RoleCodes, right_aligned
from pgcli_like.formatting.table import ASCII, UNICODE, TableLayout
from pgcli_like.formatting.values import display_width, sanitize_line
from pgcli_like.formatting.vertical import VerticalLayout

if TYPE_CHECKING:
    from pgcli_like.drivers.base import ResultStream
    from pgcli_like.formatting import OutputStats
    from pgcli_like.settings import OutputSettings


def null_style(settings: OutputSettings) -> NullStyle:
    """How the NULL marker is set apart from a text that reads the same.

    Uses the current theme's ``null`` role when the themes package provides one,
    else dim text. No escape codes at all when colour is off.
    """
    if not settings.color:
        return NullStyle()
    return NullStyle(_role_code("null") or "\x1b[2m", "\x1b[0m")


def role_codes(settings: OutputSettings) -> RoleCodes:
    """The theme's header, number, footer and warning codes; all "" when colour is off."""
    if not settings.color:
        return RoleCodes()
    codes = {role: _role_code(role) for role in ("header", "number", "footer", "warning")}
    return RoleCodes(**codes, end="\x1b[0m" if any(codes.values()) else "")


def _role_code(role: str) -> str:
    try:
        from themes import active

        # The theme the shell is using now (--theme, \theme), not just the configured one.
        return active().theme.ansi(role) or ""
    except Exception:  # noqa: BLE001 - no theme (or no such role) means the plain default
        return ""


def row_count(rows: int) -> str:
    """psql's footer: ``(1 row)``, ``(2 rows)``."""
    return "(1 row)" if rows == 1 else f"({rows} rows)"


def more_rows_notice(limit: int | None) -> str:
    """The line shown when ``row_limit`` left rows unfetched."""
    return f"(more rows exist; only the first {limit} were fetched — row_limit is {limit})"


def screen_chunks(result: ResultStream, batches: Iterator[list[tuple]], settings: OutputSettings, *,
                  mode: str, unicode: bool, width: int, title: str | None,
                  stats: OutputStats) -> Iterator[str]:
    """Text chunks of ``result`` as a table or vertical records; ``mode`` is table/vertical/auto."""
    lines = UNICODE if unicode else ASCII
    style = null_style(settings)
    roles = role_codes(settings)
    first = next(batches, [])
    common = dict(border=settings.border, lines=lines, null=settings.null,
                  max_field_width=settings.max_field_width or 0, null_style=style, roles=roles,
                  right=right_aligned(result.columns, first))
    chrome = not settings.tuples_only
    if mode != "vertical":
        table = TableLayout(result.columns, **common)
        prepared = table.prepare(first)
        if mode == "table" or table.line_width() <= width:
            if title and chrome:
                # psql centres over a width that counts the trailing space of borders 0 and 1.
                yield _centered_title(title, table.line_width() + (settings.border < 2))
            yield (table.header() if chrome else table.rule("top")) + table.body(prepared)
            for batch in batches:
                yield table.body(table.prepare(batch))
            yield table.footer() + _footer(result, settings, stats, roles)
            return
        del prepared
    vertical = VerticalLayout(result.columns, **common)
    if title and chrome:
        yield sanitize_line(title) + "\n"
    if first:
        yield vertical.body(first)
    for batch in batches:
        yield vertical.body(batch)
    yield vertical.footer() + _footer(result, settings, stats, roles, expanded=True)


def _centered_title(title: str, width: int) -> str:
    text = sanitize_line(title)
    gap = width - display_width(text)
    return (" " * (gap // 2) if gap > 0 else "") + text + "\n"


def _footer(result: ResultStream, settings: OutputSettings, stats: OutputStats, roles: RoleCodes, *,
            expanded: bool = False) -> str:
    """The lines under the rows. As psql: expanded records carry no ``(N rows)`` (only
    an empty result says ``(0 rows)``), and a command's own footer follows them after a
    blank line (borders 0 and 1)."""
    out = []
    if not settings.tuples_only:
        extra = getattr(result, "footer", None)
        if extra:
            if expanded and stats.rows and settings.border < 2:
                out.append("")
            out.append(extra.rstrip("\n"))  # a command's own lines (Indexes: …) read as text
        elif settings.footer and getattr(result, "row_count", True) and not (expanded and stats.rows):
            out.append(roles.paint(roles.footer, row_count(stats.rows)))
    if stats.more:
        out.append(roles.paint(roles.warning, more_rows_notice(settings.row_limit)))
    out.append("")
    return "\n".join(out) + "\n"
