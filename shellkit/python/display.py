"""Showing a result value: its repr, highlighted with the theme, paged when taller than the screen."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import IO

Highlighter = Callable[[str], str]
# Colouring a huge repr (a whole log file read into a string) would take seconds; show it plain.
_MAX_HIGHLIGHT = 100_000


def theme_highlighter(stream: IO[str] | None = None) -> Highlighter | None:
    """A function colouring Python text with the current theme, or None when colour is off
    (``NO_COLOR``, not a terminal) or no theme can be loaded."""
    try:
        import themes

        theme = themes.active().theme.for_stream(stream or sys.stdout)
    except Exception:  # noqa: BLE001 - a broken theme must not stop results from printing
        return None
    if theme.colorless:
        return None

    def highlight(text: str) -> str:
        # The theme in use at each result, so themes.apply(NAME) recolours later results too.
        return themes.active().theme.for_stream(stream or sys.stdout).highlight(text)

    return highlight


class ValueDisplay:
    """The REPL's display hook body: ``repr`` → highlight → screen or pager."""

    def __init__(self, *, out: Callable[[], IO[str]] = lambda: sys.stdout,
                 highlight: Highlighter | None = None, page: bool = True) -> None:
        self._out = out
        self.highlight = highlight
        self.page = page

    def __call__(self, value: object) -> None:
        out = self._out()
        text = repr(value)
        width = _width(out)
        if width and width < len(text) <= _MAX_HIGHLIGHT and is_container(value):
            # one screen-wide line per group of items reads (and pages) better than one huge line
            import pprint

            text = pprint.pformat(value, width=width - 1, compact=True)
        if self.highlight is not None and len(text) <= _MAX_HIGHLIGHT:
            text = self.highlight(text)
        if self.page and out.isatty():
            from shellkit.pager import show_text

            show_text(iter([text + "\n"]), out=out)
        else:
            out.write(text + "\n")
        out.flush()


def is_container(value: object) -> bool:
    """Builtin containers, which ``pprint`` lays out across lines."""
    return type(value) in (list, tuple, dict, set, frozenset)


def _width(out: IO[str]) -> int:
    try:
        return os.get_terminal_size(out.fileno()).columns if out.isatty() else 0
    except (OSError, ValueError, AttributeError):
        return 0
