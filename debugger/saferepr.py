"""repr() that always comes back: under a time budget, cut to a length, never raising.

A debugger stalls when it builds the repr of a huge local (pudb #165, web-pdb #68). Two
cases need two answers:

- a huge builtin container or string: its repr runs in C without ever yielding, so no
  timer can interrupt it; we never start it and show a reprlib-style abbreviation;
- a slow ``__repr__`` written in Python (or one that waits on I/O): it runs in a worker
  thread and we stop waiting when the budget is spent, showing a placeholder.
"""

from __future__ import annotations

import collections
import reprlib
import threading
from collections.abc import Callable
from typing import Any

# Above this many items, the full repr of a builtin container is never attempted.
_HUGE = 2000
_CONTAINERS = (list, tuple, dict, set, frozenset, collections.deque)


def _abbreviate(obj: Any) -> str:
    short = reprlib.Repr()
    short.maxlist = short.maxtuple = short.maxset = short.maxfrozenset = 30
    short.maxdict = short.maxdeque = 30
    short.maxstring = short.maxother = 200
    short.maxlevel = 3
    return f"{short.repr(obj)}  <{type(obj).__name__} of {len(obj)} items>"


def _cut(text: str, limit: int) -> str:
    if limit and len(text) > limit:
        return f"{text[:limit]}... <{len(text) - limit} more characters>"
    return text


def placeholder(obj: Any, why: str) -> str:
    """What is shown instead of a repr that could not be had."""
    return f"<{type(obj).__name__} object at {id(obj):#x}: {why}>"


def safe_repr(obj: Any, *, budget: float = 1.0, limit: int = 20000,
              render: Callable[[Any], str] = repr) -> str:
    """``render(obj)`` (``repr``; or ``pprint.pformat``, ``reprlib.repr``...), bounded in time
    and length.

    Raises whatever the object's ``__repr__`` raises, as plain ``repr`` would, so callers
    report it the way pdb does.
    """
    if type(obj) in _CONTAINERS and len(obj) > _HUGE:
        return _abbreviate(obj)
    if limit and isinstance(obj, (str, bytes, bytearray)) and len(obj) > limit:
        # The first `limit` characters as a whole literal (quotes closed), then the size:
        # cutting the repr itself would cut it twice (its quotes and escapes make it longer).
        unit = "characters" if isinstance(obj, str) else "bytes"
        return f"{repr(obj[:limit])}... <{len(obj)} {unit} in all>"
    text = within_budget(render, obj, budget)
    return _cut(text, limit) if text is not None else placeholder(obj, f"repr took longer than {budget:g} s")


def within_budget(render: Callable[[Any], str], obj: Any, budget: float) -> str | None:
    """``render(obj)`` run in a worker thread; None when it takes longer than ``budget``
    seconds (the worker is left to finish on its own). Raises what ``render`` raises."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["text"] = render(obj)
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="debugger-repr", daemon=True)
    worker.start()
    worker.join(budget)
    if worker.is_alive():
        return None
    if "error" in outcome:
        raise outcome["error"]
    return outcome["text"]
