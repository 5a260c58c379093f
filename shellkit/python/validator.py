"""``PythonValidator``: a syntax error is shown at its position before anything runs."""

from __future__ import annotations

from prompt_toolkit.document import Document
from prompt_toolkit.validation import ValidationError, Validator

from shellkit.python.source import InputCompiler


class PythonValidator(Validator):
    """Rejects input that does not compile; the cursor jumps to the error.

    ``compiler`` lets the REPL share its ``from __future__`` state; ``skip(text)``
    exempts input the shell handles itself (e.g. a bare ``exit``).
    """

    def __init__(self, compiler: InputCompiler | None = None, skip=None) -> None:
        self.compiler = compiler or InputCompiler()
        self.skip = skip

    def validate(self, document: Document) -> None:
        text = document.text
        if not text.strip() or (self.skip is not None and self.skip(text)):
            return
        problem = self.compiler.problem(text)
        if problem is not None:
            raise ValidationError(
                cursor_position=problem.offset,
                message=f"SyntaxError: {problem.message} (line {problem.line}, column {problem.column})",
            )
