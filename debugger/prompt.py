"""The interactive debugger prompt: one shellkit prompt session per process.

The session (history file, key bindings, completer) is built at the first interactive
stop and reused by every later stop and every ``Debugger`` in the process; only the
debugger it completes for changes. When an asyncio loop is running in the stopped
thread, prompt_toolkit cannot start its own there, so the prompt runs in a helper thread.
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
    session = shared_session()
    _current = debugger
    return session.prompt(debugger.prompt, in_thread=_event_loop_running())


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


def build_session(**overrides: Any) -> Any:
    """A new debugger prompt session (``overrides`` go to ``create_session``: tests pass
    ``input``/``output``)."""
    from debugger.completion import DebuggerCompleter
    from debugger.lexer import DebuggerLexer
    from shellkit.python.completer import PythonCompleter
    from shellkit.session import create_session

    python = PythonCompleter(_frame_namespaces)
    options: dict[str, Any] = {
        "app": "debugger",
        "history_key": "",
        "message": "(Pdb) ",
        "completer": DebuggerCompleter(current_debugger, python),
        "lexer": DebuggerLexer(lambda: _commands_of(current_debugger())),
        "style": _style(),
        "multi_line": False,
        "toolbar": _toolbar,
    }
    options.update(overrides)
    return create_session(**options)


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


def _style() -> Any:
    from debugger.highlight import current_theme_or_none

    theme = current_theme_or_none()
    return theme.prompt_toolkit_style() if theme is not None else None


def _event_loop_running() -> bool:
    import asyncio

    return asyncio._get_running_loop() is not None
