"""The aligned table (psql's default look), in ASCII or box-drawing characters.

Streamed: widths come from the header and the first batch, and grow (never shrink)
with each later batch — as psql does with FETCH_COUNT, except that a column never
jumps narrower. ``border`` 0, 1 and 2 follow psql's ``\\pset border``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pgcli_like.drivers.base import ColumnInfo
from pgcli_like.formatting.batch import fill_rows, literal
from pgcli_like.formatting.display import (
    DisplayColumn,
    NullStyle,
    RoleCodes,
    pad,
    padded_column,
    prepare_column,
    styled_nulls,
)
from pgcli_like.formatting.values import display_width, sanitize_line


@dataclass(frozen=True, slots=True)
class LineStyle:
    """The characters of one table look (psql's ``\\pset linestyle``)."""

    hrule: str
    vrule: str
    cross: str
    top: tuple[str, str, str]  # left corner, tee, right corner (border 2)
    middle: tuple[str, str, str]
    bottom: tuple[str, str, str]
    wrap: str  # marks a value that continues on the next line


ASCII = LineStyle("-", "|", "+", ("+", "+", "+"), ("+", "+", "+"), ("+", "+", "+"), "+")
UNICODE = LineStyle("─", "│", "┼", ("┌", "┬", "┐"), ("├", "┼", "┤"), ("└", "┴", "┘"), "↵")


def _centered(text: str, width: int, roles: RoleCodes | None = None) -> str:
    gap = width - display_width(text)
    left = gap // 2
    shown = roles.paint(roles.header, text) if roles else text  # the name coloured, not its padding
    return " " * left + shown + " " * (gap - left)


class TableLayout:
    """Lays out batches of rows as an aligned table; remembers widths between batches."""

    def __init__(self, columns: Sequence[ColumnInfo], *, border: int, lines: LineStyle, null: str,
                 max_field_width: int, null_style: NullStyle, right: list[bool],
                 roles: RoleCodes | None = None) -> None:
        self.names = [sanitize_line(c.name) for c in columns]
        self.types = [c.type_name for c in columns]
        self.widths = [display_width(n) for n in self.names]
        self.border = min(max(border, 0), 2)
        self.lines = lines
        self.null = null
        self.limit = max_field_width
        self.null_style = null_style
        self.right = right
        self.roles = roles or RoleCodes()
        # What goes around each cell of a column: the number colour for right-aligned
        # (number) columns, decided here once for the whole result.
        number = self.roles.number
        self.cell_start = [number if r and number else "" for r in right]
        self.cell_end = [self.roles.end if start else "" for start in self.cell_start]
        vr = lines.vrule
        # A row is left + cell (+ " " + sep + cell)* [+ " " + right_edge]: see _row_format.
        self.left, self.sep, self.right_edge = {
            0: ("", " ", ""),
            1: (" ", f" {vr} ", ""),
            2: (f"{vr} ", f" {vr} ", f" {vr}"),
        }[self.border]

    # -- measuring -------------------------------------------------------------------------
    def prepare(self, rows: Sequence[tuple]) -> list[DisplayColumn]:
        """Convert a batch column by column and grow the widths to fit it."""
        if not rows:
            return []
        cols = [prepare_column(values, self.null, self.limit, self.null_style.active, type_name)
                for values, type_name in zip(zip(*rows, strict=False), self.types, strict=False)]
        self.widths = [max(w, c.width) for w, c in zip(self.widths, cols, strict=False)]
        return cols

    def line_width(self) -> int:
        """Display width of a full row line at the current widths."""
        return len(self.left) + sum(self.widths) + len(self.sep) * (len(self.widths) - 1) + len(self.right_edge)

    # -- rendering ---------------------------------------------------------------------------
    def rule(self, where: str) -> str:
        """A horizontal line: ``top``, ``middle`` (under the header) or ``bottom``."""
        h = self.lines.hrule
        if self.border < 2:
            if where != "middle":
                return ""
            if self.border == 0:
                return " ".join(h * w for w in self.widths) + "\n"
            return self.lines.cross.join(h * (w + 2) for w in self.widths) + "\n"
        left, tee, right = getattr(self.lines, where)
        return left + tee.join(h * (w + 2) for w in self.widths) + right + "\n"

    def header(self) -> str:
        """Top frame, the centred column names and the rule under them."""
        cells = [_centered(n, w, self.roles) for n, w in zip(self.names, self.widths, strict=False)]
        text = self.left + self.sep.join(cells) + (self.right_edge or " ") + "\n"
        return self.rule("top") + text + self.rule("middle")

    def body(self, cols: list[DisplayColumn]) -> str:
        """The lines of one prepared batch."""
        if not cols:
            return ""
        # One %-format per row over whole columns: the padding of simple columns is done
        # by the format's width fields in C; other columns arrive padded by display width.
        specs = []
        args = []
        last = len(cols) - 1
        for i, col in enumerate(cols):
            width = self.widths[i]
            right = self.right[i]
            if col.simple and not (col.nulls and self.null_style.active):
                if i == last and not right and self.border < 2:
                    specs.append("%s")  # psql leaves no trailing blanks
                else:
                    specs.append(f"%{'' if right else '-'}{width}s")
                args.append(col.texts)
            else:
                specs.append("%s")
                if i == last and not right and self.border < 2:
                    args.append(styled_nulls(col, self.null, self.null_style))  # no trailing blanks
                else:
                    args.append(padded_column(col, width, right, self.null, self.null_style))
        if self.roles.number:
            specs = [literal(a) + spec + literal(b) for a, spec, b in zip(self.cell_start, specs, self.cell_end,
                                                                          strict=False)]
        fmt = literal(self.left) + literal(self.sep).join(specs) + literal(self.right_edge)
        if any(c.multiline for c in cols):
            out = list(map(fmt.__mod__, zip(*args, strict=True)))
            for index in _multiline_rows(cols):
                out[index] = self._multiline_row(cols, index)
            out.append("")
            return "\n".join(out)
        return fill_rows(fmt + "\n", args)

    def _multiline_row(self, cols: list[DisplayColumn], index: int) -> str:
        """One row whose values span several lines, with psql's continuation marks."""
        cells = [c.texts[index].split("\n") for c in cols]
        height = max(map(len, cells))
        last = len(cols) - 1
        vr = self.lines.vrule
        out = []
        for k in range(height):
            parts = [self.left]
            for i, lines in enumerate(cells):
                text = lines[k] if k < len(lines) else ""
                mark = self.lines.wrap if k < len(lines) - 1 else " "
                if cols[i].nulls and self.null_style.active and index in cols[i].nulls and k == 0:
                    text_w = display_width(self.null)
                    text = self.null_style.start + self.null + self.null_style.end
                else:
                    text_w = display_width(text)
                if text and self.cell_start[i]:
                    text = self.cell_start[i] + text + self.cell_end[i]
                if i < last:
                    parts.append(pad(text, self.widths[i], text_w, self.right[i]))
                    parts.append(mark + vr + " " if self.border else mark)
                elif self.border == 2:
                    parts.append(pad(text, self.widths[i], text_w, self.right[i]) + mark + vr)
                elif mark != " " or self.right[i]:
                    parts.append(pad(text, self.widths[i], text_w, self.right[i]) + mark.strip())
                else:
                    parts.append(text)  # psql leaves no trailing blanks
            out.append("".join(parts))
        return "\n".join(out)

    def footer(self) -> str:
        """The bottom frame (border 2 only)."""
        return self.rule("bottom") if self.border == 2 else ""


def _multiline_rows(cols: list[DisplayColumn]) -> list[int]:
    rows: set[int] = set()
    for col in cols:
        if col.multiline:
            rows.update(i for i, t in enumerate(col.texts) if "\n" in t)
    return sorted(rows)
