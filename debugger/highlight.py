"""Colouring Python source lines for ``list``/``longlist``/``source`` and sticky mode."""

from __future__ import annotations

import os
from collections.abc import Callable


def colour_wanted() -> bool:
    """Whether the debugger may colour its output (``NO_COLOR`` turns colour off)."""
    return "NO_COLOR" not in os.environ


def highlight_lines(lines: list[str]) -> list[str]:
    """The same lines (one per input line, without line endings), coloured with the current
    theme. The block is lexed as a whole so strings spanning lines stay strings."""
    stripped = [line.rstrip() for line in lines]
    if not colour_wanted() or not stripped:
        return stripped
    theme = current_theme_or_none()
    if theme is None or theme.colorless:  # TERM=dumb, SHELLKIT_COLOR_DEPTH=none
        return stripped
    # The theme draws at the terminal's colour depth (16 colours stay 16) and closes every
    # escape before a newline, so each line stands alone.
    coloured = theme.highlight("\n".join(stripped), "python").split("\n")
    return coloured if len(coloured) == len(stripped) else stripped


def prefix_painter() -> Callable[[str], str]:
    """A function colouring pdb's listing prefix (``" 12 B->"``): the line number in the
    theme's ``lineno`` role, or ``current`` on the current line (``->``), and a breakpoint's
    ``B`` in ``breakpoint``. Roles the theme leaves unstyled, and no colour, change nothing.

    The markers after the number stay as pdb prints them, so ``->`` still reads ``->``.
    """
    theme = current_theme_or_none() if colour_wanted() else None
    if theme is None or theme.colorless:
        return _unchanged
    lineno, current, mark, reset = theme.ansi("lineno"), theme.ansi("current"), theme.ansi("breakpoint"), theme.reset

    def paint(prefix: str) -> str:
        digits = prefix.rstrip(" B->")  # pdb: number right-aligned to 3, a space, B, then -> or >>
        markers = prefix[len(digits):]
        start = current if "->" in markers else lineno
        if start:
            digits = start + digits + reset
        if mark and "B" in markers:
            markers = markers.replace("B", mark + "B" + reset, 1)
        return digits + markers

    return paint


def _unchanged(prefix: str) -> str:
    return prefix


def current_theme_or_none():
    """The theme in use (``--theme``, the ``theme`` command, the config), or None when it
    cannot be loaded (then prompt_toolkit's default colours apply)."""
    try:
        import themes

        return themes.active().theme
    except Exception:  # noqa: BLE001 - a missing or broken theme must not break a breakpoint
        return None
