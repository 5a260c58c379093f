"""Output settings of a SQL session: what `\\T`, `\\x`, `\\pset`, `\\timing` change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Expanded = Literal["off", "on", "auto"]


@dataclass(slots=True)
class OutputSettings:
    """Mutable per-session output settings; formatters read them, commands change them."""

    format: str = "table"  # table, table-unicode, vertical, csv, tsv, json, jsonl, markdown, html, sql-insert
    expanded: Expanded = "off"
    null: str = "<null>"
    max_field_width: int = 500
    timing: bool = False
    pager: str | None = None  # None: $PAGER or `less` with LESS=-SRXF
    pager_enabled: bool = True
    pager_always: bool = False  # psql's `\pset pager always`: page even what fits on the screen
    border: int = 1
    title: str | None = None
    footer: bool = True
    tuples_only: bool = False
    row_limit: int | None = None
    color: bool = True  # False when NO_COLOR, TERM=dumb, or output is not a terminal
    engine: str = "postgresql"  # the connected engine: how sql-insert output quotes names
