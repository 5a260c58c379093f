"""``PythonLexer``: Python highlighting for the input line, loaded off the path to the first prompt.

Importing the Pygments Python lexer costs tens of milliseconds. The first prompt is
drawn plain while a thread imports it; the screen is redrawn highlighted when it is
ready (typically before the first key is typed).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from prompt_toolkit.application.current import get_app_or_none
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.lexers import Lexer


def _plain(document: Document) -> Callable[[int], StyleAndTextTuples]:
    lines = document.lines
    return lambda lineno: [("", lines[lineno])] if lineno < len(lines) else []


class PythonLexer(Lexer):
    """Pygments' Python 3 lexer, imported in the background on first use."""

    def __init__(self) -> None:
        self._lexer: Lexer | None = None
        self._loading = False
        self._lock = threading.Lock()

    def load(self) -> Lexer:
        """Import the real lexer now (blocking); later calls return the same one."""
        if self._lexer is None:
            from prompt_toolkit.lexers import PygmentsLexer
            from pygments.lexers.python import PythonLexer as PygmentsPython

            self._lexer = PygmentsLexer(PygmentsPython)
        return self._lexer

    def _load_in_background(self) -> None:
        app = get_app_or_none()
        with self._lock:
            if self._loading:
                return
            self._loading = True

        def work() -> None:
            self.load()
            if app is not None:
                app.invalidate()

        started = threading.Event()

        def start(_: object = None) -> None:
            # (a handler stays registered: removing it while the event fires would skip the next one)
            if not started.is_set():
                started.set()
                threading.Thread(target=work, name="shellkit-lexer", daemon=True).start()

        if app is None:
            start()
        else:
            # start importing only once the first screen is out, so it does not compete with it
            app.after_render += start

    def lex_document(self, document: Document) -> Callable[[int], StyleAndTextTuples]:
        if self._lexer is not None:
            return self._lexer.lex_document(document)
        self._load_in_background()
        return _plain(document)

    def invalidation_hash(self) -> object:
        # changes once the real lexer is in, so prompt_toolkit re-lexes the visible text
        return self._lexer is not None
