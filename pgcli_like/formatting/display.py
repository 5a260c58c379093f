"""Preparing a batch of rows for a terminal: text, widths, alignment and NULL styling.

Shared by the aligned table and the vertical (expanded) layouts. Each column of a batch
is converted in bulk (``values.column_texts``); a column whose text is all ASCII without
control characters or newlines — nearly every column — is marked ``simple`` and is then
padded by ``%``-format width fields in C, never measured cell by cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pgcli_like.drivers.base import ColumnInfo
from pgcli_like.formatting.values import (
    clip_width,
    column_texts_plain,
    display_lines,
    display_width,
    truncate,
)
from pgcli_like.formatting.width import column_widths

_NUMERIC_TYPES = frozenset({int, float, Decimal, type(None)})


@dataclass(slots=True)
class DisplayColumn:
    """One column of one batch, ready to lay out.

    ``texts`` holds one display string per row; a multi-line value keeps its lines
    joined by ``\\n`` (already sanitized). ``widths`` is None for a ``simple`` column
    (then ``len`` is the display width); otherwise it holds each cell's widest line.
    ``nulls`` lists the row indexes holding NULL (filled only when NULLs are styled).
    """

    texts: list[str]
    width: int
    simple: bool
    multiline: bool
    widths: list[int] | None = None
    nulls: list[int] | None = None


@dataclass(frozen=True, slots=True)
class RoleCodes:
    """Escape codes that start the theme's output roles, and the one that ends them.

    Every field is "" when colour is off (or the theme leaves the role unstyled): the
    layouts then build exactly the plain text. Decided once per result, so colour costs
    a few literals in each batch's row format, never a test per cell.
    """

    header: str = ""
    number: str = ""
    footer: str = ""
    warning: str = ""
    end: str = ""

    def paint(self, start: str, text: str) -> str:
        """``text`` between ``start`` (one of the fields) and the end code; unchanged without it."""
        return f"{start}{text}{self.end}" if start else text


@dataclass(frozen=True, slots=True)
class NullStyle:
    """Escape codes around the NULL marker (empty strings when colour is off)."""

    start: str = ""
    end: str = ""

    @property
    def active(self) -> bool:
        return bool(self.start)


def prepare_column(values: Sequence[object], null: str, limit: int, style_nulls: bool,
                   type_name: str = "") -> DisplayColumn:
    """Convert one column of a batch to display text and measure it (``type_name``: the
    column's server type, for the server's spelling of floats)."""
    texts, plain = column_texts_plain(values, null, type_name)
    longest = max(map(len, texts), default=0)
    if 0 < limit < longest:
        texts = [t if len(t) <= limit else truncate(t, limit) for t in texts]
        longest = max(map(len, texts))
        plain = False  # the ellipsis is not ASCII
    nulls = [i for i, v in enumerate(values) if v is None] if style_nulls else None
    if plain:  # numbers and booleans: no need to look at their text
        return DisplayColumn(texts, longest, True, False, None, nulls)
    joined = "".join(texts)
    if _printable(joined):  # no control characters, tabs or newlines
        if joined.isascii():
            return DisplayColumn(texts, longest, True, False, None, nulls)
        widths = column_widths(texts)
        if widths is None:  # accented letters and the like: one column per character
            return DisplayColumn(texts, longest, True, False, None, nulls)
        if limit > 0 and max(widths) > limit:
            texts = [clip_width(t, limit) if w > limit else t for t, w in zip(texts, widths, strict=True)]
            widths = [w if w <= limit else display_width(t) for t, w in zip(texts, widths, strict=True)]
        return DisplayColumn(texts, max(widths, default=0), False, False, widths, nulls)
    multiline = False
    widths = []
    out = []
    for text in texts:
        if text.isascii() and text.isprintable():
            out.append(text)
            widths.append(len(text))
            continue
        lines = display_lines(text)
        if limit > 0:
            lines = [clip_width(line, limit) for line in lines]
        if len(lines) > 1:
            multiline = True
        out.append("\n".join(lines))
        widths.append(max(map(display_width, lines)))
    return DisplayColumn(out, max(widths, default=0), False, multiline, widths, nulls)


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))


def _printable(text: str) -> bool:
    """``text.isprintable()``; for ASCII text (nearly always) by deleting the printable
    bytes and finding none left, five times faster than the per-character Unicode lookup."""
    if text.isascii():
        return not text.encode("ascii").translate(None, _PRINTABLE_ASCII)
    return text.isprintable()


def right_aligned(columns: Sequence[ColumnInfo], first_batch: Sequence[tuple]) -> list[bool]:
    """Which columns are numbers (right-aligned), from the driver's kind.

    Engines that cannot say (SQLite's dynamic types report kind ``other``) are judged by
    the first batch: a column holding only numbers and NULLs, at least one number.
    """
    out = []
    for i, col in enumerate(columns):
        if col.kind == "number":
            out.append(True)
        elif col.kind == "other" and first_batch:
            types = {type(row[i]) for row in first_batch}
            out.append(types <= _NUMERIC_TYPES and types != {type(None)})
        else:
            out.append(False)
    return out


def pad(text: str, width: int, text_width: int, right: bool) -> str:
    """Pad ``text`` (display width ``text_width``) to ``width`` columns."""
    fill = " " * (width - text_width)
    return fill + text if right else text + fill


def padded_column(col: DisplayColumn, width: int, right: bool, null: str, style: NullStyle) -> list[str]:
    """Every cell of a column padded to ``width`` by display width, NULLs styled."""
    texts = col.texts
    if col.widths is None:
        out = [t.rjust(width) for t in texts] if right else [t.ljust(width) for t in texts]
    else:
        out = [pad(t, width, w, right) for t, w in zip(texts, col.widths, strict=False)]
    if col.nulls and style.active:
        styled = pad(style.start + null + style.end, width, display_width(null), right)
        for i in col.nulls:
            out[i] = styled
    return out


def styled_nulls(col: DisplayColumn, null: str, style: NullStyle) -> list[str]:
    """The column's texts unpadded, with the NULL marker wrapped in its style."""
    if not (col.nulls and style.active):
        return col.texts
    out = list(col.texts)
    styled = style.start + null + style.end
    for i in col.nulls:
        out[i] = styled
    return out
