"""Running REPL input: statements one by one, values through a display hook, clean tracebacks.

``Runner.run(text)`` compiles the input (top-level ``await`` allowed), runs each
top-level statement in the session's namespaces, shows expression values through
``display`` (and keeps the last one in ``_``), and prints exceptions as Python
would, minus the REPL's own frames. Ctrl-C while a statement runs raises
KeyboardInterrupt in it; the runner reports it and returns, so the prompt comes back.
"""

from __future__ import annotations

import asyncio
import builtins
import inspect
import linecache
import os
import sys
import traceback
from collections.abc import Callable
from types import CodeType, TracebackType

from shellkit.python.source import InputCompiler

Display = Callable[[object], None]
_HERE = os.path.dirname(os.path.abspath(__file__))
# the REPL's frames between the input and the user's code (exploring shellkit itself keeps its frames)
_OWN_FILES = frozenset([os.path.join(_HERE, "runner.py"), os.path.join(_HERE, "display.py"),
                        os.path.join(os.path.dirname(_HERE), "pager.py")])


def _default_display(value: object) -> None:
    print(repr(value))


class Runner:
    """Runs input in ``globals_``/``locals_`` (the same dict at module level)."""

    def __init__(self, globals_: dict, locals_: dict | None = None, *, display: Display = _default_display,
                 compiler: InputCompiler | None = None, filename_prefix: str = "python-input",
                 stderr: Callable[[], object] = lambda: sys.stderr) -> None:
        self.globals = globals_
        self.locals = globals_ if locals_ is None else locals_
        self.display = display
        self.compiler = compiler or InputCompiler()
        self.filename_prefix = filename_prefix
        self._stderr = stderr
        self._count = 0
        self._loop: asyncio.AbstractEventLoop | None = None

    def next_filename(self, text: str) -> str:
        """A filename for this input, registered in linecache so tracebacks show its lines."""
        name = f"<{self.filename_prefix}-{self._count}>"
        self._count += 1
        lines = [line + "\n" for line in text.split("\n")]
        linecache.cache[name] = (len(text), None, lines, name)
        return name

    def run(self, text: str) -> None:
        """Compile and run ``text``; errors are printed, SystemExit propagates."""
        filename = self.next_filename(text)
        try:
            codes = self.compiler.compile_statements(text, filename)
        except (SyntaxError, ValueError, OverflowError) as err:
            self._print_exception(err, None)
            return
        # statements run with the session's loop as the current one, so a task created
        # by asyncio.ensure_future/create_task in one input is awaited by a later one
        if _running_loop() is None:
            asyncio.set_event_loop(self._event_loop())
        for code in codes:
            if not self._run_one(code, filename):
                return

    def _run_one(self, code: CodeType, filename: str) -> bool:
        previous_hook = sys.displayhook
        sys.displayhook = self._displayhook
        try:
            result = eval(code, self.globals, self.locals)  # noqa: S307 - running the user's input is the job
            if code.co_flags & inspect.CO_COROUTINE:  # it used top-level await: eval made a coroutine
                self._await(result)
        except SystemExit:
            raise
        except BaseException as err:  # noqa: BLE001 - KeyboardInterrupt included: back to the prompt
            self._print_exception(err, filename)
            return False
        finally:
            sys.displayhook = previous_hook
        return True

    def _await(self, coroutine) -> None:
        if _running_loop() is not None:
            # embedded in async code: this thread's loop is busy running the host program
            coroutine.close()
            raise RuntimeError("top-level await is not available inside a running event loop")
        loop = self._event_loop()
        task = loop.create_task(coroutine)
        try:
            loop.run_until_complete(task)
        except KeyboardInterrupt:
            # an interrupted input must not finish later behind the user's back
            task.cancel()
            loop.run_until_complete(asyncio.gather(task, return_exceptions=True))
            raise

    def _event_loop(self) -> asyncio.AbstractEventLoop:
        # one loop for the whole session, so tasks started by one input live on in the next
        if self._loop is None or self._loop.is_closed():
            self._loop = asyncio.new_event_loop()
        return self._loop

    def _displayhook(self, value: object) -> None:
        if value is None:
            return
        # as sys.displayhook does: `_` lives in builtins, so a program's own `_` (gettext) wins
        builtins._ = None  # type: ignore[attr-defined]  # no self-reference while printing
        self.display(value)
        builtins._ = value  # type: ignore[attr-defined]

    def _print_exception(self, err: BaseException, filename: str | None) -> None:
        sys.last_type, sys.last_value, sys.last_traceback = type(err), err, err.__traceback__
        tb = _without_own_frames(err.__traceback__, filename)
        if _users_own_excepthook():
            # the user installed their own (rich, better_exceptions …): it prints, as in python -i
            try:
                sys.excepthook(type(err), err.with_traceback(tb), tb)
                return
            except Exception:  # noqa: BLE001 - a broken hook falls back to the standard format
                pass
        lines = traceback.format_exception(type(err), err, tb)
        if tb is None and not isinstance(err, SyntaxError):
            lines = traceback.format_exception_only(type(err), err)
        stream = self._stderr()
        stream.write("".join(lines))  # type: ignore[attr-defined]
        stream.flush()  # type: ignore[attr-defined]

    def close(self) -> None:
        """Close the session's event loop, if one was started."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.close()


def _users_own_excepthook() -> bool:
    """Whether ``sys.excepthook`` is one the user installed. The ``exceptiongroup`` backport
    (imported by pytest, anyio, trio on Python 3.10) replaces it with a hook that only adds
    ExceptionGroup support, which ``traceback`` formatting has then too."""
    hook = sys.excepthook
    if hook is sys.__excepthook__:
        return False
    return not str(getattr(hook, "__module__", "") or "").startswith("exceptiongroup")


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _without_own_frames(tb: TracebackType | None, filename: str | None) -> TracebackType | None:
    """The traceback from the user's input on, without the REPL's own frames (the runner, the
    display hook, asyncio's loop before the input's first frame)."""
    if filename is None:
        return None
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    kept = []
    while tb is not None:
        if tb.tb_frame.f_code.co_filename not in _OWN_FILES:
            kept.append(tb)
        tb = tb.tb_next
    rebuilt = None
    for entry in reversed(kept):
        rebuilt = TracebackType(rebuilt, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return rebuilt
