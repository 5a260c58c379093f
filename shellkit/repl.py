"""The Python REPL (`shellkit py`, ``python -m shellkit``) and ``embed()`` for any program.

At a terminal it reads input with the shared prompt engine plus the Python parts of
``shellkit.python`` (completer, lexer, validator, signature toolbar, editing keys).
With stdin or stdout not a terminal it reads lines like ``python -i`` does and prints
only what the program prints and the values of expressions: no prompts, no escape codes.
"""

from __future__ import annotations

import builtins
import os
import sys
import threading
import time
import types
from collections.abc import Callable, Iterable
from typing import IO, Any

from shellkit.python.runner import Runner
from shellkit.python.source import InputCompiler

PROMPT = ">>> "
CONTINUATION = "... "
_QUIT_WORDS = ("exit", "quit")
_COMPOUND_WORDS = ("if", "for", "while", "with", "try", "def", "class", "async", "match")
_IDLE_BEFORE_JEDI = 1.0  # seconds without a keystroke before jedi is loaded
_ENGINE_TOOLBAR_WIDTH = 36


class Repl:
    """An interactive Python session over ``globals_``/``locals_``.

    ``input``/``output`` are prompt_toolkit I/O objects for tests; ``history_key``
    ``None`` keeps history in memory (the default ``""`` shares one history file
    between all ``shellkit py`` sessions).
    """

    def __init__(self, globals_: dict | None = None, locals_: dict | None = None, *,
                 input: Any = None, output: Any = None, config: Any = None,
                 history_key: str | None = "") -> None:
        self.globals = globals_ if globals_ is not None else new_main_namespace()
        self.locals = self.globals if locals_ is None else locals_
        self.compiler = InputCompiler()
        self._input, self._output, self._config = input, output, config
        self.history_key = history_key
        self.session: Any = None
        self._tracker: Any = None
        self._last_activity = time.monotonic()
        self.runner = Runner(self.globals, self.locals, compiler=self.compiler,
                             display=self._make_display())

    def _make_display(self):
        from shellkit.python.display import ValueDisplay, theme_highlighter

        interactive = self._output is None
        return ValueDisplay(highlight=theme_highlighter() if interactive else None, page=interactive)

    def namespaces(self) -> tuple[dict, dict]:
        """``(globals, locals)`` of the session: what completion and signatures look at."""
        return self.globals, self.locals

    def build_session(self):
        """The prompt session: engine + Python completer, lexer, validator, keys, toolbar."""
        from shellkit.config import load_config
        from shellkit.python.completer import PythonCompleter
        from shellkit.python.jedi_backend import shared_worker
        from shellkit.python.keys import python_key_bindings
        from shellkit.python.lexer import PythonLexer
        from shellkit.python.signatures import SignatureTracker
        from shellkit.python.source import ends_block
        from shellkit.python.validator import PythonValidator
        from shellkit.session import create_session

        self._config = self._config or load_config()
        settings = self._config.section("python")
        worker = shared_worker()
        worker.deadline = max(settings["jedi_deadline_ms"], 0) / 1000
        completer = PythonCompleter(self.namespaces, use_jedi=settings["use_jedi"], jedi_worker=worker)
        # (the lambda runs only on a keystroke, once `session` below exists)
        tracker = SignatureTracker(self.namespaces, on_change=lambda: _invalidate(session),
                                   use_jedi=settings["use_jedi"])
        show_signature = settings["show_signature"]

        def toolbar():
            if not show_signature or tracker.current is None:
                return []
            # the engine's own part of the toolbar ("[F3] Multi-line …  [F4] Emacs  ") comes first
            width = session.app.output.get_size().columns - _ENGINE_TOOLBAR_WIDTH
            return tracker.current.fragments(width)

        session = create_session(
            app="python",
            history_key=self.history_key,
            message=PROMPT,
            completer=completer,
            lexer=PythonLexer(),
            style=_style(),
            color_depth=_color_depth(),
            multi_line=True,
            multiline_submit=ends_block,  # (the Python Enter key below applies it, plus auto-indent)
            toolbar=toolbar,
            key_bindings=python_key_bindings(lambda: session.multi_line),
            validator=PythonValidator(self.compiler, skip=self._is_quit_word),
            config=self._config,
            prompt_continuation=lambda width, line_number, wrap: CONTINUATION,
            editor_suffix=".py",
            input=self._input,
            output=self._output,
        )
        session.validate_while_typing = False  # an unfinished line is not an error yet
        buffer = session.default_buffer
        completer.on_late_answer = lambda: _complete_again(session)
        buffer.on_text_changed += lambda _: completer.cancel()
        buffer.on_text_changed += lambda _: self._note_activity()
        if show_signature:
            buffer.on_cursor_position_changed += lambda buf: tracker.update(buf.document.text_before_cursor)
            buffer.on_text_changed += lambda buf: tracker.update(buf.document.text_before_cursor)
        self._tracker = tracker
        return session

    def _note_activity(self) -> None:
        self._last_activity = time.monotonic()

    def _is_quit_word(self, text: str) -> bool:
        word = text.strip()
        return word in _QUIT_WORDS and word not in self.locals and word not in self.globals

    def interact(self) -> int:
        """Prompt, run, repeat until Ctrl-D, ``exit`` or SystemExit; returns the exit status."""
        self.session = self.build_session()
        _warm_up_jedi_when_idle(lambda: self._last_activity)
        try:
            while True:
                try:
                    # inside a running event loop (embed() from async code) the prompt needs its own thread
                    text = self.session.prompt(in_thread=_loop_running())
                except KeyboardInterrupt:
                    continue
                except EOFError:
                    return 0
                self._tracker.clear()
                if self._is_quit_word(text):
                    return 0
                if text.strip():
                    try:
                        self.runner.run(text)
                    except KeyboardInterrupt:  # between statements, or while a traceback prints
                        print("\nKeyboardInterrupt", file=sys.stderr)
        except SystemExit as exit_:
            return _exit_status(exit_)
        finally:
            self.runner.close()


def _loop_running() -> bool:
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _complete_again(session: Any) -> None:
    """Re-run completion on the prompt's thread (a late jedi answer is then served from its cache)."""
    app = session.app
    if not app.is_running or app.loop is None:
        return

    def again() -> None:
        if session.default_buffer.complete_state is None:
            session.default_buffer.start_completion(select_first=False)

    app.loop.call_soon_threadsafe(again)


def _invalidate(session: Any) -> None:
    if session is not None and session.app.is_running:
        session.app.invalidate()


def _style():
    from prompt_toolkit.styles import Style, merge_styles

    own = Style.from_dict({"signature.current": "bold underline", "signature.doc": "italic"})
    try:
        import themes

        # The process-wide theme's DynamicStyle: --theme applies, and themes.apply(NAME)
        # typed at the prompt restyles the running REPL at once.
        return merge_styles([themes.active().style, own])
    except Exception:  # noqa: BLE001 - no theme yet, or a broken one: the engine's defaults
        return own


def _color_depth():
    """The theme's colour depth (COLORTERM/TERM, SHELLKIT_COLOR_DEPTH, NO_COLOR), or the engine's."""
    try:
        import themes

        return themes.active().theme.color_depth
    except Exception:  # noqa: BLE001 - no theme: the engine decides
        return None


def _warm_up_jedi_when_idle(last_activity: Callable[[], float]) -> None:
    """Load jedi once the user has paused for a moment, so its import never competes with typing."""
    from shellkit.python.jedi_backend import shared_worker

    worker = shared_worker()
    if worker.loading_started:
        return
    worker.defer_loading = True

    def wait_for_a_pause() -> None:
        while time.monotonic() - last_activity() < _IDLE_BEFORE_JEDI:
            time.sleep(_IDLE_BEFORE_JEDI / 4)
        worker.warm_up()

    threading.Thread(target=wait_for_a_pause, name="shellkit-jedi-idle", daemon=True).start()


def _exit_status(exit_: SystemExit) -> int:
    code = exit_.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def new_main_namespace() -> dict:
    """A fresh ``__main__`` module namespace, installed as ``sys.modules['__main__']`` (as
    ``python -i`` has), so pickling and multiprocessing find functions defined at the prompt."""
    module = types.ModuleType("__main__")
    module.__dict__["__builtins__"] = builtins
    sys.modules["__main__"] = module
    return module.__dict__


def run_lines(lines: Iterable[str], runner: Runner) -> int:
    """Run input lines like ``python -i`` with piped stdin, printing only output and values.

    A block ends at the next line that starts at column 0 (``else:``/``except`` and the
    like excepted) or at a blank line followed by such a line; unlike ``python -i``, a
    blank line inside a function body does not end it early. Returns the exit status.
    """
    pending: list[str] = []
    compiler = runner.compiler

    def flush() -> None:
        source = "\n".join(pending).rstrip("\n ")
        pending.clear()
        if source.strip():
            runner.run(source)

    try:
        for raw in lines:
            line = raw.rstrip("\r\n")
            source = "\n".join(pending)
            open_ = bool(pending) and compiler.is_incomplete(source)
            if pending and not open_ and line.strip() and line[:1] not in " \t" and not _continues(line):
                flush()
            pending.append(line)
            if len(pending) == 1 and line.strip() and not compiler.is_incomplete(line) \
                    and not _starts_compound(line):
                flush()
            elif len(pending) == 1 and not line.strip():
                pending.clear()
        flush()
    except SystemExit as exit_:
        return _exit_status(exit_)
    finally:
        sys.stdout.flush()
        runner.close()
    return 0


def _starts_compound(line: str) -> bool:
    """A one-line ``if x: y`` may still get an ``else:`` line, so it waits for the next line."""
    word = line.split(None, 1)[0].split(":", 1)[0].split("(", 1)[0]
    return word in _COMPOUND_WORDS or line.rstrip().endswith(":")


def _continues(line: str) -> bool:
    """A line at column 0 that belongs to the block before it (``else:``, ``except …`` …)."""
    word = line.split(None, 1)[0].rstrip(":") if line.strip() else ""
    return word in ("else", "elif", "except", "finally", "case") or line.startswith(("@", ")", "]", "}"))


def run_startup_file(runner: Runner) -> None:
    """Run ``$PYTHONSTARTUP`` in the session's namespace, as the standard REPL does."""
    path = os.environ.get("PYTHONSTARTUP")
    if not path or not os.path.isfile(path):
        return
    try:
        with open(path, encoding="utf-8") as f:
            source = f.read()
        code = compile(source, path, "exec")
        exec(code, runner.globals, runner.locals)  # noqa: S102 - the user's own startup file
    except SystemExit:
        raise
    except BaseException as err:  # noqa: BLE001 - report it and start anyway, like python does
        import traceback

        traceback.print_exception(type(err), err, err.__traceback__.tb_next if err.__traceback__ else None)


def project_root(start: str | None = None) -> str:
    """The nearest folder from ``start`` (default: the current one) upwards holding
    ``pyproject.toml`` or ``.git``; the starting folder when there is none."""
    here = os.path.abspath(start or os.getcwd())
    folder = here
    while True:
        if os.path.exists(os.path.join(folder, "pyproject.toml")) or os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return here
        folder = parent


def is_terminal(stdin: IO[str] | None = None, stdout: IO[str] | None = None) -> bool:
    """Whether both ends are terminals (otherwise the REPL runs as a plain line reader)."""
    try:
        return (stdin or sys.stdin).isatty() and (stdout or sys.stdout).isatty()
    except (AttributeError, ValueError):
        return False


def main(*, startup: bool = True) -> int:
    """`shellkit py`: the project root and the current folder on ``sys.path``, PYTHONSTARTUP,
    then the interactive prompt or, without a terminal, the ``python -i`` style line reader."""
    for folder in dict.fromkeys([os.getcwd(), project_root()]):
        if folder not in sys.path:
            sys.path.insert(0, folder)
    sys.argv = [""]  # as at `python -i`: the REPL's own command line is not the user's program's
    namespace = new_main_namespace()
    if not is_terminal():
        runner = Runner(namespace, filename_prefix="stdin")
        if startup:
            run_startup_file(runner)
        return run_lines(sys.stdin, runner)
    repl = Repl(namespace)
    if startup:
        try:
            run_startup_file(repl.runner)
        except SystemExit as exit_:
            return _exit_status(exit_)
    return repl.interact()


def embed(globals: dict | None = None, locals: dict | None = None) -> None:  # noqa: A002 - the documented names
    """Open the REPL inside a running program, on the caller's namespaces by default.

    ``embed()`` in a function sees that function's locals (changes to them are not
    written back, as with ``code.interact``) and its module's globals. Leaving the REPL
    (Ctrl-D, ``exit``) returns to the program; ``exit(n)`` does too.
    """
    if globals is None and locals is None:
        caller = sys._getframe(1)
        globals, locals = caller.f_globals, dict(caller.f_locals)
        if caller.f_code.co_name == "<module>":
            locals = globals
    elif globals is None:
        globals = locals
    assert globals is not None
    if not is_terminal():
        run_lines(sys.stdin, Runner(globals, locals, filename_prefix="stdin"))
        return
    Repl(globals, locals).interact()
