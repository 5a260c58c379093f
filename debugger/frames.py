"""Frames hidden by ``__tracebackhide__``: which ones, and the stack without them.

pytest, Jinja and many test helpers set ``__tracebackhide__ = True`` in frames that are
plumbing rather than the user's code. Leaving them out of ``where``/``up``/``down`` puts
the user's frames next to each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import FrameType

StackEntry = tuple[FrameType, int]


def is_hidden(frame: FrameType) -> bool:
    """Whether the frame asks to be left out of tracebacks (in its locals or globals)."""
    try:
        hide = frame.f_locals.get("__tracebackhide__", frame.f_globals.get("__tracebackhide__", False))
        return bool(hide)
    except Exception:  # noqa: BLE001 - a weird __bool__ must not break the stack
        return False


@dataclass(frozen=True, slots=True)
class FilteredStack:
    """A stack with the hidden frames taken out, and what was taken out."""

    stack: list[StackEntry]
    index: int
    hidden: list[StackEntry]


def without_hidden(stack: list[StackEntry], index: int) -> FilteredStack:
    """Remove hidden frames from ``stack``; the frame at ``index`` stays unless it is hidden
    and a visible frame exists before it (post-mortem in a hidden helper lands on the
    nearest visible caller, as pytest does)."""
    if not stack:
        return FilteredStack(stack, index, [])
    current = stack[index][0]
    keep_current = not is_hidden(current)
    visible: list[StackEntry] = []
    hidden: list[StackEntry] = []
    new_index = 0
    for position, entry in enumerate(stack):
        if entry[0] is current and (keep_current or not any(not is_hidden(f) for f, _ in stack[:position])):
            new_index = len(visible)
            visible.append(entry)
        elif is_hidden(entry[0]):
            hidden.append(entry)
        else:
            if position < index:
                new_index = len(visible)
            visible.append(entry)
    return FilteredStack(visible, new_index, hidden)
