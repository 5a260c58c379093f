"""Highlighting of what is typed at the debugger prompt: the pdb command, then Python."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.lexers import Lexer

from debugger.completion import EXPRESSION, classify

COMMAND_STYLE = "class:pygments.keyword"
ARGUMENT_STYLE = "class:pygments.literal.number"


class DebuggerLexer(Lexer):
    """Colours a pdb command as a keyword and Python (the argument of ``p``, ``display``,
    ``!``..., or a whole statement) with the Python lexer."""

    def __init__(self, get_commands: Callable[[], Iterable[str]]) -> None:
        self.get_commands = get_commands
        self._python: Lexer | None = None

    def _python_fragments(self, text: str) -> StyleAndTextTuples:
        if self._python is None:
            self._python = python_lexer()
        return self._python.lex_document(Document(text))(0)

    def lex_line(self, line: str) -> StyleAndTextTuples:
        """The styled fragments of one line."""
        if not line:
            return []  # the first paint must not wait for pygments
        context = classify(line, set(self.get_commands()))
        if context.kind == EXPRESSION and context.command == "":
            return self._python_fragments(line)
        stripped = line.lstrip()
        if context.argument_start == len(line) - len(stripped) and not context.command:
            # Still typing the first word: a command or the start of Python.
            word = stripped.split(" ", 1)[0]
            if word in set(self.get_commands()):
                return [("", line[: len(line) - len(stripped)]), (COMMAND_STYLE, stripped)]
            return self._python_fragments(line)
        head, argument = line[: context.argument_start], line[context.argument_start:]
        if context.kind == EXPRESSION:
            return [(COMMAND_STYLE, head), *self._python_fragments(argument)]
        return [(COMMAND_STYLE, head), (ARGUMENT_STYLE, argument)]

    def lex_document(self, document: Document) -> Callable[[int], StyleAndTextTuples]:
        lines = document.lines

        def get_line(number: int) -> StyleAndTextTuples:
            try:
                return self.lex_line(lines[number])
            except IndexError:
                return []

        return get_line


def python_lexer() -> Lexer:
    """prompt_toolkit's lexer for Python source (pygments)."""
    from prompt_toolkit.lexers import PygmentsLexer
    from pygments.lexers.python import PythonLexer

    return PygmentsLexer(PythonLexer)


def warm_up() -> None:
    """Import pygments' Python lexer ahead of the first keystroke (called off the UI thread)."""
    python_lexer().lex_document(Document("x = 1"))(0)
