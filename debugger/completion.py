"""Completion at the debugger prompt: pdb commands, their arguments, and Python.

What the line wants is decided from its first word (pure, see :func:`classify`); each
kind has one matcher:

- the first word: pdb commands and aliases, plus Python names of the frame;
- ``b``/``tbreak``/``clear`` arguments: files and folders, ``file:line`` (the lines that
  start a function or class), functions reachable from the frame;
- ``p``/``pp``/``display``/``whatis``/``source``/``!`` and anything that is not a command:
  Python, completed by the shared ``PythonCompleter`` against the current frame's globals
  and locals (read at every keystroke, so ``up``/``down`` re-point it);
- ``enable``/``disable``/``ignore``/``condition``/``commands``: breakpoint numbers;
- ``help``: commands.

A matcher that raises yields nothing: completion never breaks the session.
"""

from __future__ import annotations

import builtins
import glob
import linecache
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

# What each command takes as its argument.
LOCATION = "location"
EXPRESSION = "expression"
BREAKPOINT = "breakpoint"
COMMAND = "command"
NOTHING = "nothing"
FIRST_WORD = "first word"

_ARGUMENT_KINDS = {
    **dict.fromkeys(("b", "break", "tbreak", "cl", "clear"), LOCATION),
    **dict.fromkeys(("p", "pp", "print", "display", "undisplay", "whatis", "source", "debug", "!"), EXPRESSION),
    **dict.fromkeys(("enable", "disable", "ignore", "condition", "commands"), BREAKPOINT),
    **dict.fromkeys(("h", "help"), COMMAND),
}
# ``condition N expr`` takes an expression after the breakpoint number.
_EXPRESSION_AFTER_NUMBER = {"condition"}
_DEF_LINE = re.compile(r"^\s*(async\s+def|def|class)\s+\w+")


@dataclass(frozen=True, slots=True)
class LineContext:
    """What the cursor wants on a debugger line: a kind, the command (if any), and where
    the argument being completed starts in the line."""

    kind: str
    command: str
    argument_start: int


def classify(text_before_cursor: str, commands: Iterable[str]) -> LineContext:
    """Classify a line typed at the debugger prompt (only the text before the cursor)."""
    stripped = text_before_cursor.lstrip()
    offset = len(text_before_cursor) - len(stripped)
    if stripped.startswith("!"):
        return LineContext(EXPRESSION, "!", offset + 1)
    match = re.match(r"(\S*)(\s*)", stripped)
    assert match is not None
    word, space = match.group(1), match.group(2)
    if not space:
        return LineContext(FIRST_WORD, "", offset)
    if word not in commands:
        return LineContext(EXPRESSION, "", offset)  # a Python statement, run by pdb's default()
    start = offset + len(word) + len(space)
    kind = _ARGUMENT_KINDS.get(word, NOTHING)
    if word in _EXPRESSION_AFTER_NUMBER:
        number = re.match(r"\d+\s+", text_before_cursor[start:])
        if number:
            return LineContext(EXPRESSION, word, start + number.end())
    return LineContext(kind, word, start)


class DebuggerCompleter(Completer):
    """Completes the debugger prompt for the debugger returned by ``get_debugger()``.

    ``python`` is the shared Python completer, pointed at that debugger's current frame.
    """

    def __init__(self, get_debugger: Callable[[], Any], python: Completer) -> None:
        self.get_debugger = get_debugger
        self.python = python
        self._matchers: dict[str, Callable[[Any, Document, LineContext], Iterator[Completion]]] = {
            FIRST_WORD: self._first_word,
            LOCATION: self._location,
            EXPRESSION: self._expression,
            BREAKPOINT: self._breakpoints,
            COMMAND: self._commands,
        }

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:
        debugger = self.get_debugger()
        if debugger is None or debugger.curframe is None:
            return
        try:
            context = classify(document.text_before_cursor, command_names(debugger))
            matcher = self._matchers.get(context.kind)
            if matcher is not None:
                yield from matcher(debugger, document, context)
        except Exception:  # noqa: BLE001 - completion must never end the session
            return

    # -- matchers ---------------------------------------------------------------------

    def _first_word(self, debugger: Any, document: Document, context: LineContext) -> Iterator[Completion]:
        word = document.text_before_cursor[context.argument_start:]
        seen = set()
        if word.isidentifier() or not word:
            for completion in self._commands(debugger, document, context):
                seen.add(completion.text)
                yield completion
        for completion in self._python(document, context.argument_start):
            if completion.text not in seen:
                yield completion

    def _expression(self, debugger: Any, document: Document, context: LineContext) -> Iterator[Completion]:
        yield from self._python(document, context.argument_start)

    def _python(self, document: Document, start: int) -> Iterator[Completion]:
        text = document.text_before_cursor[start:]
        yield from self.python.get_completions(Document(text, len(text)), CompleteEvent(completion_requested=True))

    def _commands(self, debugger: Any, document: Document, context: LineContext) -> Iterator[Completion]:
        word = document.text_before_cursor[context.argument_start:]
        for name in command_names(debugger):
            if name.startswith(word) and name != "!":
                yield Completion(name, -len(word), display_meta="pdb command")

    def _breakpoints(self, debugger: Any, document: Document, context: LineContext) -> Iterator[Completion]:
        import bdb

        word = document.get_word_before_cursor(WORD=True)
        for number, bp in enumerate(bdb.Breakpoint.bpbynumber):
            if bp is not None and str(number).startswith(word):
                where = f"{os.path.basename(bp.file)}:{bp.line}"
                yield Completion(str(number), -len(word), display_meta=where)

    def _location(self, debugger: Any, document: Document, context: LineContext) -> Iterator[Completion]:
        argument = document.text_before_cursor[context.argument_start:]
        if "," in argument:
            return  # the condition after "file:line, " is an expression
        path, colon, line = argument.rpartition(":")
        if colon and _looks_like_file(path):
            yield from _def_lines(debugger, path, line)
            return
        yield from _files(argument)
        for completion in self._python(document, context.argument_start):
            # pdb cannot break in built-ins (print, len): offer the program's own code only.
            builtin = "." not in argument and completion.text in vars(builtins)
            if completion.display_meta_text in ("function", "class", "module") and not builtin:
                yield completion


def command_names(debugger: Any) -> list[str]:
    """pdb command names the debugger knows (its ``do_*`` methods) and its aliases."""
    names = [name[3:] for name in debugger.get_names() if name.startswith("do_")]
    return sorted(set(names) | set(debugger.aliases))


def _looks_like_file(path: str) -> bool:
    return path.endswith(".py") or os.path.sep in path


def _files(word: str) -> Iterator[Completion]:
    expanded = os.path.expanduser(word)
    for found in sorted(glob.glob(glob.escape(expanded) + "*"))[:200]:
        if os.path.isdir(found):
            name, meta = found + os.path.sep, "folder"
        elif found.endswith(".py"):
            name, meta = found, "file"
        else:
            continue
        yield Completion(name, -len(word), display=os.path.basename(name.rstrip(os.path.sep)) or name,
                         display_meta=meta)


def _def_lines(debugger: Any, path: str, typed: str) -> Iterator[Completion]:
    """Line numbers of ``def``/``class`` lines in ``path`` (a good place for a breakpoint)."""
    filename = debugger.lookupmodule(path) if hasattr(debugger, "lookupmodule") else None
    filename = filename or os.path.abspath(os.path.expanduser(path))
    for number, source in enumerate(linecache.getlines(filename), start=1):
        if _DEF_LINE.match(source) and str(number).startswith(typed):
            yield Completion(str(number), -len(typed), display_meta=source.strip()[:60])
