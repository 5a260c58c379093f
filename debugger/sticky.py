"""Sticky mode: the current function's source, or a chosen range of lines of its file,
fitted to the terminal, after every stop."""

from __future__ import annotations

import inspect
import os
from dataclasses import dataclass
from typing import Any

# Lines kept free for the stop line (two), the prompt and one line of output.
_RESERVED = 4
# pdb's "NNN B->" prefix and its tab take this many columns before the source.
_NUMBER_COLUMNS = 8


@dataclass(frozen=True, slots=True)
class StickyRange:
    """Lines ``first`` to ``last`` (both shown) of ``filename``, from ``sticky START END``."""

    filename: str
    first: int
    last: int


class StickyRangeError(ValueError):
    """A ``sticky START END`` the user typed that names no lines of the file; the message
    is for the user."""


def parse_range(arg: str, filename: str, line_count: int) -> StickyRange | None:
    """The range ``arg`` (``"10 30"``) names in ``filename`` of ``line_count`` lines, or None
    for no arguments (plain toggling). Raises :class:`StickyRangeError` for anything else."""
    words = arg.split()
    if not words:
        return None
    try:
        numbers = [int(word) for word in words]
    except ValueError:
        raise StickyRangeError(f"sticky: line numbers expected, not {arg.strip()!r} (sticky 10 30)") from None
    if len(numbers) != 2:
        raise StickyRangeError("sticky takes a first and a last line number (sticky 10 30), or nothing to toggle")
    first, last = numbers
    if first < 1:
        raise StickyRangeError("sticky: line numbers start at 1")
    if first > last:
        raise StickyRangeError(f"sticky: the range ends before it starts ({first} > {last})")
    name = os.path.basename(filename)
    if line_count == 0:
        raise StickyRangeError(f"sticky: no source for {name}, so no lines to show")
    if last > line_count:
        raise StickyRangeError(f"sticky: {name} has {line_count} lines; {first} {last} goes past its end")
    return StickyRange(filename, first, last)


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


def show_sticky(debugger: Any, chosen: StickyRange | None = None) -> None:
    """Show the current function's source, or the ``chosen`` lines when the current frame
    is in their file, as much as fits the terminal: the current line marked (``->``),
    breakpoints (``B``) and the exception line (``>>``)."""
    from debugger.core import terminal_columns, terminal_lines

    frame = debugger.curframe
    if chosen is not None and chosen.filename == frame.f_code.co_filename:
        lines, start = _file_lines(frame)[chosen.first - 1:chosen.last], chosen.first
    else:
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


def file_line_count(frame: Any) -> int:
    """How many source lines the file of ``frame`` has (0 when its source is unknown)."""
    return len(_file_lines(frame))


def _file_lines(frame: Any) -> list[str]:
    import linecache

    # The frame's globals let linecache find the source of modules loaded by import hooks.
    return linecache.getlines(frame.f_code.co_filename, frame.f_globals)
