"""Colouring Python source lines for ``list``/``longlist``/``source`` and sticky mode."""

from __future__ import annotations

import os


def colour_wanted() -> bool:
    """Whether the debugger may colour its output (``NO_COLOR`` turns colour off)."""
    return "NO_COLOR" not in os.environ


def highlight_lines(lines: list[str]) -> list[str]:
    """The same lines (one per input line, without line endings), coloured with the current
    theme. The block is lexed as a whole so strings spanning lines stay strings."""
    stripped = [line.rstrip() for line in lines]
    if not colour_wanted() or not stripped:
        return stripped
    from pygments import highlight
    from pygments.formatters.terminal256 import Terminal256Formatter
    from pygments.lexers.python import PythonLexer

    formatter = Terminal256Formatter(style=_pygments_style())
    text = highlight("\n".join(stripped) + "\n", PythonLexer(stripnl=False, ensurenl=False), formatter)
    coloured = text.split("\n")
    # The formatter closes every escape before a newline, so each piece stands alone.
    return coloured[: len(stripped)] if len(coloured) >= len(stripped) else stripped


def current_theme_or_none():
    """The user's theme, or None when it cannot be loaded (then prompt_toolkit's and
    pygments' default colours apply)."""
    try:
        from themes import current_theme

        return current_theme()
    except Exception:  # noqa: BLE001 - a missing or broken theme must not break a breakpoint
        return None


def _pygments_style():
    theme = current_theme_or_none()
    return theme.pygments_style() if theme is not None else "default"
