"""pdb on the shellkit engine.

    import debugger; debugger.set_trace()      # or: PYTHONBREAKPOINT=debugger.set_trace
    debugger.post_mortem(tb)                   # or debugger.pm() after an uncaught exception
    debugger.install()                         # breakpoint() uses this debugger from now on
    python -m debugger script.py [args]        # like python -m pdb
    pytest --pdbcls=debugger:Debugger

At a terminal the prompt completes from the current frame, highlights what you type and
keeps its history across sessions; with stdin not a terminal it prints what pdb prints.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from debugger.core import Debugger
from debugger.settings import DebuggerSettings

__all__ = ["Debugger", "DebuggerSettings", "install", "pm", "post_mortem", "set_trace"]


def set_trace(*, header: str | None = None) -> None:
    """Stop in the debugger at the caller's frame (what ``breakpoint()`` calls when
    ``PYTHONBREAKPOINT=debugger.set_trace``). ``header`` is printed first."""
    session = Debugger()
    if header is not None:
        session.message(header)
    session.set_trace(sys._getframe().f_back)


def post_mortem(t: Any = None) -> None:
    """Debug the traceback ``t`` (or exception) after the fact; without one, the exception
    being handled now."""
    if t is None:
        t = sys.exc_info()[2]
    if isinstance(t, BaseException) and sys.version_info < (3, 13):
        t = t.__traceback__  # pdb < 3.13 takes tracebacks only
    if t is None or (isinstance(t, BaseException) and t.__traceback__ is None):
        raise ValueError("A valid traceback must be passed if no exception is being handled")
    session = Debugger()
    session.reset()
    session.interaction(None, t)


def pm() -> None:
    """Debug the last uncaught exception (``sys.last_exc`` / ``sys.last_traceback``)."""
    last = getattr(sys, "last_exc", None)
    if last is not None:
        post_mortem(last)
    else:
        post_mortem(sys.last_traceback)


def install() -> None:
    """Make ``breakpoint()`` open this debugger, in this process and the processes it starts."""
    os.environ["PYTHONBREAKPOINT"] = "debugger.set_trace"
    sys.breakpointhook = set_trace  # breakpoint() is C code: the caller is one frame up

