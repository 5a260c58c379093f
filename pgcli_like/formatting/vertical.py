"""The vertical (expanded, ``\\x``) layout: one ``name | value`` line per column, per record.

Follows psql's expanded output: a ``-[ RECORD n ]`` line ruled to the record's width,
names padded to the widest name, multi-line values continued with ``+``. The value
width grows batch by batch (it only sizes the rules and the border-2 frame).
"""

from __future__ import annotations

from collections.abc import Sequence

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
from pgcli_like.formatting.table import LineStyle
from pgcli_like.formatting.values import display_width, sanitize_line


class VerticalLayout:
    """Lays out batches of rows as expanded records, numbering them across batches."""

    def __init__(self, columns: Sequence[ColumnInfo], *, border: int, lines: LineStyle, null: str,
                 max_field_width: int, null_style: NullStyle, roles: RoleCodes | None = None,
                 right: list[bool] | None = None) -> None:
        names = [sanitize_line(c.name) for c in columns]
        self.types = [c.type_name for c in columns]
        self.name_width = max(map(display_width, names), default=0)
        self.border = min(max(border, 0), 2)
        self.lines = lines
        self.null = null
        self.limit = max_field_width
        self.null_style = null_style
        self.value_width = 0
        self.record = 0
        vr = lines.vrule
        left, sep = {0: ("", " "), 1: ("", f" {vr} "), 2: (f"{vr} ", f" {vr} ")}[self.border]
        self.roles = roles = roles or RoleCodes()
        # Names in the header colour (not their padding); number values in the number colour.
        self.prefixes = [left + roles.paint(roles.header, n) + " " * (self.name_width - display_width(n)) + sep
                         for n in names]
        number = roles.number if right else ""
        self.value_formats = ["%s" if not (number and r) else literal(number) + "%s" + literal(roles.end)
                              for r in (right or [False] * len(names))]
        self.blank_prefix = left + " " * self.name_width + sep

    def _record_line(self, number: int) -> str:
        h = self.lines.hrule
        if self.border == 0:
            return f"* Record {number}"
        label = f"[ RECORD {number} ]"
        if self.border == 1:
            rule = h * (self.name_width + 1) + self.lines.cross + h * (self.value_width + 1)
            head = h + label
        else:
            corner = self.lines.top[0] if number == 1 else self.lines.middle[0]
            end = self.lines.top[2] if number == 1 else self.lines.middle[2]
            tee = self.lines.top[1] if number == 1 else self.lines.middle[1]
            rule = corner + h * (self.name_width + 2) + tee + h * (self.value_width + 2) + end
            head = corner + h + label
        return head + rule[len(head):]

    def _record_lines(self, first: int, last: int) -> list[str]:
        """Header lines of records ``first``..``last``: one %-template per count of digits."""
        # The header colour goes into each %-template: no pass over the lines afterwards.
        start, end = (literal(self.roles.header), literal(self.roles.end)) if self.roles.header else ("", "")
        if self.border == 0:
            return list(map(f"{start}* Record %d{end}".__mod__, range(first, last + 1)))
        out: list[str] = []
        n = first
        while n <= last:
            digits = len(str(n))
            upto = min(last, 10**digits - 1)
            sample = self._record_line(max(n, 2))  # record 1 (border 2) gets its own corner below
            label = f"[ RECORD {max(n, 2)} ]"
            at = sample.index(label)
            template = start + literal(sample[:at]) + "[ RECORD %d ]" + literal(sample[at + len(label):]) + end
            out.extend(map(template.__mod__, range(n, upto + 1)))
            n = upto + 1
        if first == 1:
            out[0] = self.roles.paint(self.roles.header, self._record_line(1))
        return out

    def body(self, rows: Sequence[tuple]) -> str:
        """The records of one batch."""
        if not rows:
            return ""
        cols = [prepare_column(values, self.null, self.limit, self.null_style.active, type_name)
                for values, type_name in zip(zip(*rows, strict=True), self.types, strict=True)]
        self.value_width = max(self.value_width, max(c.width for c in cols))
        first = self.record + 1
        self.record += len(rows)
        if self.border == 2:  # psql widens the frame so the last record's label fits
            label = len(f"[ RECORD {self.record} ]")
            self.value_width = max(self.value_width, label + 4 - self.name_width - 7)
        headers = self._record_lines(first, self.record)
        # A record is its header line and one "name | %s" line per column.
        suffix = literal(" " + self.lines.vrule) if self.border == 2 else ""
        record = "%s\n" + "".join(literal(p) + f + suffix + "\n" for p, f in zip(self.prefixes, self.value_formats,
                                                                                   strict=True))
        return fill_rows(record, [headers] + [self._field_texts(col) for col in cols])

    def _field_texts(self, col: DisplayColumn) -> list[str]:
        """The value part of each field line (the name and frame come from the format)."""
        if self.border == 2:
            texts = padded_column(col, self.value_width, False, self.null, self.null_style)
        else:
            texts = styled_nulls(col, self.null, self.null_style)
        if col.multiline:
            texts = list(texts)
            for i, text in enumerate(col.texts):
                if "\n" in text:
                    texts[i] = self._continued(text)
        return texts

    def _continued(self, text: str) -> str:
        """A multi-line value: every line but the last ends with the wrap mark (psql's ``+``)."""
        lines = text.split("\n")
        out = []
        for k, line in enumerate(lines):
            last = k == len(lines) - 1
            if last and self.border < 2:
                cell = line
            else:
                cell = pad(line, self.value_width, display_width(line), False)
                if not last:
                    cell += self.lines.wrap + (self.lines.vrule if self.border == 2 else "")
            out.append(cell if k == 0 else self.blank_prefix + cell)
        return "\n".join(out)

    def footer(self) -> str:
        """The closing rule of the border-2 frame."""
        if self.border != 2 or self.record == 0:
            return ""
        left, tee, right = self.lines.bottom
        h = self.lines.hrule
        return left + h * (self.name_width + 2) + tee + h * (self.value_width + 2) + right + "\n"
