"""Python input as a REPL sees it: is it complete, where is its syntax error, how to compile it.

Shared by the REPL and the debugger. Top-level ``await`` is allowed everywhere
(``PyCF_ALLOW_TOP_LEVEL_AWAIT``), and ``from __future__`` imports typed at the
prompt stay in force for later input (one :class:`InputCompiler` per session).
"""

from __future__ import annotations

import ast
import codeop
from dataclasses import dataclass
from types import CodeType

from shellkit.python.context import scan

FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
_COMPOUND = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For, ast.AsyncFor,
             ast.While, ast.With, ast.AsyncWith, ast.Try, ast.Match)
_BLOCK_ENDERS = ("return", "pass", "break", "continue", "raise")
INDENT = "    "


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    """A syntax error located in the input: message, 0-based character offset, 1-based line/column."""

    message: str
    offset: int
    line: int
    column: int


class InputCompiler:
    """Compiles REPL input, remembering ``from __future__`` imports like the standard REPL."""

    def __init__(self) -> None:
        self._compile = codeop.Compile()
        self._compile.flags |= FLAGS
        self._command = codeop.CommandCompiler()
        self._command.compiler = self._compile

    def is_incomplete(self, text: str) -> bool:
        """True while more lines are needed (an open bracket, string or ``:`` block header)."""
        try:
            return self._command(text, "<input>", "exec") is None
        except (SyntaxError, ValueError, OverflowError):
            return False

    def problem(self, text: str) -> SyntaxProblem | None:
        """The syntax error in ``text``, if any."""
        try:
            compile(text, "<input>", "exec", self._compile.flags | ast.PyCF_ONLY_AST, True)
            compile(text, "<input>", "exec", self._compile.flags, True)
        except SyntaxError as err:
            return _locate(text, err)
        except (ValueError, OverflowError) as err:
            return SyntaxProblem(str(err), 0, 1, 1)
        return None

    def compile_statements(self, text: str, filename: str) -> list[CodeType]:
        """One code object per top-level statement, compiled so that an expression statement
        shows its value through ``sys.displayhook`` (as at the ``>>>`` prompt)."""
        tree = compile(text, filename, "exec", self._compile.flags | ast.PyCF_ONLY_AST, True)
        return [self._compile(ast.Interactive(body=[stmt], type_ignores=[]), filename, "single")
                for stmt in tree.body]


def _locate(text: str, err: SyntaxError) -> SyntaxProblem:
    lines = text.split("\n")
    line = min(max(err.lineno or 1, 1), len(lines))
    column = max(err.offset or 1, 1)
    offset = sum(len(x) + 1 for x in lines[: line - 1]) + min(column - 1, len(lines[line - 1]))
    return SyntaxProblem(err.msg, offset, line, column)


def ends_block(text: str) -> bool:
    """Whether Enter at the end of ``text`` should run it (the REPL's Enter rule).

    A blank input runs (nothing happens); a syntax error runs so that it is reported; an
    incomplete statement continues on a new line; a compound statement spanning several
    lines (``def``, ``if`` …) needs a blank last line so more can be added to it.
    """
    if not text.strip():
        return True
    lines = text.split("\n")
    if len(lines) > 1 and not lines[-1].strip():
        return True
    compiler = InputCompiler()
    if compiler.is_incomplete(text):
        return False
    try:
        tree = compile(text, "<input>", "exec", ast.PyCF_ONLY_AST | FLAGS, True)
    except (SyntaxError, ValueError, OverflowError):
        return True  # the validator reports it at its position
    last = tree.body[-1] if tree.body else None
    return not (isinstance(last, _COMPOUND) and len(lines) > 1)


def next_indent(text_before_cursor: str) -> str:
    """The indentation of a new line opened at the cursor: one level deeper after a ``:``,
    one level shallower after ``return``/``pass``/``break``/``continue``/``raise``."""
    line = text_before_cursor.rsplit("\n", 1)[-1]
    indent = line[: len(line) - len(line.lstrip())]
    code = _strip_comment(line).rstrip()
    if code.endswith(":") and scan(code).string_start is None:
        return indent + INDENT
    first_word = code.strip().split(" ", 1)[0].split("(", 1)[0]
    if first_word in _BLOCK_ENDERS:
        return indent[: max(0, len(indent) - len(INDENT))]
    return indent


def _strip_comment(line: str) -> str:
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            return line[:i]
    return line
