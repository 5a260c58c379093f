"""The interactive debugger prompt: one shellkit prompt session per process.

The session (history file, key bindings, completer) is built at the first interactive
stop and reused by every later stop and every ``Debugger`` in the process; only the
debugger it completes for changes. When an asyncio loop is running in the stopped
thread, prompt_toolkit cannot start its own there, so the prompt runs in a helper thread.

``breakpoint()`` must reach a prompt in well under 0.15 s, and importing prompt_toolkit
alone can take longer on a busy machine. So the first stop of a process shows pdb's plain
prompt at once (the terminal echoes what is typed, as under pdb), builds the session, then
erases that line: prompt_toolkit reads the typed-ahead keys and redraws them in its own
prompt. The theme, the Python completer and the lexer load in a helper thread after the
first paint, and the prompt redraws in colour when they are ready.
"""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_session: Any = None
_current: Any = None  # the debugger being completed for (one talks at a time)


def read_command(debugger: Any) -> str:
    """Read one line at the debugger's prompt. Raises EOFError on Ctrl-D and
    KeyboardInterrupt on Ctrl-C, as ``input()`` does."""
    global _current
    if _session is None:
        _write(debugger.stdout, debugger.prompt)  # pdb's prompt while prompt_toolkit loads
        session = _build_without_interruption()
        _write(debugger.stdout, "\r\x1b[K")  # prompt_toolkit draws its own on this line
    else:
        session = shared_session()
    _current = debugger
    return session.prompt(debugger.prompt, in_thread=_event_loop_running())


def _build_without_interruption() -> Any:
    """Build the session with Ctrl-C held back until it is built (an import cut in the
    middle would leave half-loaded modules behind), then raise it as pdb would."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        return shared_session()  # signals are only delivered to the main thread
    pressed: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: pressed.append(number))
    try:
        session = shared_session()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if pressed:
        raise KeyboardInterrupt
    return session


def _write(stream: Any, text: str) -> None:
    stream.write(text)
    stream.flush()


def current_debugger() -> Any:
    """The debugger the prompt is reading for (None before the first stop)."""
    return _current


def shared_session() -> Any:
    """The process's debugger prompt session, built on first use."""
    global _session
    with _lock:
        if _session is None:
            _session = build_session()
        return _session


class _Decorations:
    """What the prompt can do without at first paint, loaded once in a helper thread."""

    def __init__(self) -> None:
        self.session: Any = None  # set once built; its colour depth follows the theme
        self.fixed_depth = False  # a caller (a test) chose the depth itself
        self.style: Any = None
        self.python_completer: Any = None
        self._started = threading.Lock()
        self._loading = threading.Lock()
        self._ready = threading.Event()

    def python(self) -> Any:
        """The shared Python completer, pointed at the current frame (loads it if needed)."""
        self.load()
        return self.python_completer

    def start(self, app: Any) -> None:
        """Load everything in a helper thread, then redraw ``app`` (once per session)."""
        if self._started.acquire(blocking=False):
            threading.Thread(target=self._load_then_redraw, args=(app,), name="debugger-prompt-load",
                             daemon=True).start()

    def _load_then_redraw(self, app: Any) -> None:
        self.load()
        app.invalidate()

    def load(self) -> None:
        if self._ready.is_set():
            return
        with self._loading:
            if self._ready.is_set():
                return
            from debugger.highlight import current_theme_or_none
            from debugger.lexer import warm_up
            from shellkit.python.completer import PythonCompleter

            self.python_completer = PythonCompleter(_frame_namespaces)
            # The process-wide theme's DynamicStyle, so the theme command restyles the prompt.
            theme = current_theme_or_none()
            self.style = _theme_style() if theme is not None else None
            if theme is not None and self.session is not None and not self.fixed_depth:
                # The theme's depth also honours `color_depth` in the config file.
                self.session.color_depth = theme.color_depth
            warm_up()
            self._ready.set()



def _theme_style() -> Any:
    import themes

    return themes.active().style


def build_session(**overrides: Any) -> Any:
    """A new debugger prompt session (``overrides`` go to ``create_session``: tests pass
    ``input``/``output``)."""
    from prompt_toolkit.completion import DynamicCompleter
    from prompt_toolkit.styles import DynamicStyle

    from debugger.completion import DebuggerCompleter
    from debugger.lexer import DebuggerLexer
    from shellkit.session import create_session
    from themes.terminal import detect_color_depth

    late = _Decorations()
    completer = DebuggerCompleter(current_debugger, DynamicCompleter(late.python))
    options: dict[str, Any] = {
        "app": "debugger",
        "history_key": "",
        "message": "(Pdb) ",
        "completer": completer,
        "lexer": DebuggerLexer(lambda: _commands_of(current_debugger())),
        "style": DynamicStyle(lambda: late.style),
        "multi_line": False,
        "multiline_submit": _line_is_complete,
        "toolbar": _toolbar,
        # The depth the theme will draw at (SHELLKIT_COLOR_DEPTH; NO_COLOR and TERM=dumb
        # win), known from the environment before the theme itself has loaded.
        "color_depth": detect_color_depth(),
    }
    built: dict[str, Any] = {}
    options["key_bindings"] = _multi_line_keys(lambda: built["session"].multi_line)
    late.fixed_depth = "color_depth" in overrides
    options.update(overrides)
    session = built["session"] = late.session = create_session(**options)
    session.app.after_render += late.start
    return session


def _multi_line_keys(multi_line: Any) -> Any:
    """Enter in multi-line mode (F3): run a pdb command or a complete statement, else open
    a new line indented for Python (deeper after ``:``)."""
    from prompt_toolkit.enums import DEFAULT_BUFFER
    from prompt_toolkit.filters import Condition, completion_is_selected, has_focus
    from prompt_toolkit.key_binding import KeyBindings


    keys = KeyBindings()

    @keys.add("enter", filter=has_focus(DEFAULT_BUFFER) & Condition(multi_line) & ~completion_is_selected)
    def _enter(event: Any) -> None:
        buffer = event.current_buffer
        if _line_is_complete(buffer.text):
            buffer.validate_and_handle()
        else:
            from shellkit.python.source import next_indent

            buffer.insert_text("\n" + next_indent(buffer.document.text_before_cursor))

    return keys


def _line_is_complete(text: str) -> bool:
    """In multi-line mode (F3), whether Enter runs ``text``: a pdb command at once, Python
    when it is a complete statement (an empty line ends a block, as at ``>>>``)."""
    import codeop

    from debugger.completion import FIRST_WORD, classify

    debugger = current_debugger()
    stripped = text.strip()
    if not stripped or ("\n" in text and not text.rsplit("\n", 1)[1].strip()):
        return True  # an empty (or only indented) last line ends a block
    context = classify(stripped + " ", _commands_of(debugger))
    if context.command and context.command != "!" and context.kind != FIRST_WORD:
        return True  # "p x", "b 12": pdb commands are one line
    source = stripped[1:] if stripped.startswith("!") else text
    try:
        return codeop.compile_command(source, "<stdin>", "single") is not None
    except (SyntaxError, ValueError, OverflowError):
        return True  # let pdb report the error


def _frame_namespaces() -> tuple[dict, dict]:
    debugger = current_debugger()
    if debugger is None or debugger.curframe is None:
        return {}, {}
    return debugger.curframe.f_globals, debugger.curframe_locals


def _commands_of(debugger: Any) -> list[str]:
    from debugger.completion import command_names

    return command_names(debugger) if debugger is not None else []


def _toolbar() -> str:
    debugger = current_debugger()
    if debugger is None or debugger.curframe is None:
        return ""
    frame = debugger.curframe
    depth = f"frame {debugger.curindex + 1}/{len(debugger.stack)}"
    return f" {frame.f_code.co_name}() {frame.f_code.co_filename}:{frame.f_lineno}  {depth} "


def _event_loop_running() -> bool:
    import asyncio

    return asyncio._get_running_loop() is not None
