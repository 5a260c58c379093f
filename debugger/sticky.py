"""Sticky mode: the current function's source, fitted to the terminal, after every stop."""

from __future__ import annotations

import inspect
from typing import Any

# Lines kept free for the stop line (two), the prompt and one line of output.
_RESERVED = 4
# pdb's "NNN B->" prefix and its tab take this many columns before the source.
_NUMBER_COLUMNS = 8


def source_window(lines: list[str], start: int, current: int, height: int) -> tuple[list[str], int]:
    """At most ``height`` of ``lines`` (numbered from ``start``) around line ``current``,
    and the number of the first one shown."""
    height = max(height, 3)
    if len(lines) <= height:
        return lines, start
    first = max(0, min(current - start - height // 3, len(lines) - height))
    return lines[first:first + height], start + first


def fit_width(lines: list[str], width: int) -> list[str]:
    """Lines cut to ``width`` columns (tabs count as up to the next multiple of 8), an ellipsis
    marking the cut, so a long line takes one row and the view keeps its height."""
    fitted = []
    for line in lines:
        text = line.rstrip("\n").expandtabs()
        fitted.append(text[: width - 1] + "…" if len(text) > width else text)
    return fitted


def show_sticky(debugger: Any) -> None:
    """Show the current function's source, as much as fits the terminal: the current line
    marked (``->``), breakpoints (``B``) and the exception line (``>>``)."""
    from debugger.core import terminal_columns, terminal_lines

    frame = debugger.curframe
    try:
        lines, start = inspect.getsourcelines(frame)
    except (OSError, TypeError):
        return  # no source (built-in, exec'd string): the stop line alone says where we are
    start = max(1, start)  # module frames report line 0
    height = terminal_lines(debugger.stdout) - _RESERVED
    window, first = source_window(lines, start, frame.f_lineno, height)
    window = fit_width(window, terminal_columns(debugger.stdout) - _NUMBER_COLUMNS)
    breaks = debugger.get_file_breaks(frame.f_code.co_filename)
    debugger._print_lines(window, first, breaks, frame)
