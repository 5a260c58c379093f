"""psql's conditional blocks: ``\\if EXPR`` … ``\\elif EXPR`` … ``\\else`` … ``\\endif``.

Inside a branch that is not taken, every line — SQL and special commands alike — is
skipped, except the conditional commands themselves (which keep nesting right). The
registry does the skipping: while a branch is inactive, ``is_special`` claims every line
and ``run_special`` drops it, so the session needs no knowledge of conditionals.

The state is one stack per process (a process runs one SQL session); ``reset`` clears it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# The commands themselves are in conditional_commands (loaded with the other commands):
# a run without \\if needs only this state, not the command machinery.
CONDITIONAL_COMMANDS = frozenset({"\\if", "\\elif", "\\else", "\\endif"})


@dataclass(slots=True)
class _Block:
    running: bool  # the current branch runs
    taken: bool  # some branch of this block has run (or the whole block is skipped)
    seen_else: bool = False


_stack: list[_Block] = []


def skipping() -> bool:
    """True while the innermost conditional branch is not being run."""
    return bool(_stack) and not _stack[-1].running


def reset() -> None:
    """Forget every open conditional block (a new script, or a test)."""
    _stack.clear()


def open_blocks() -> int:
    """How many ``\\if`` blocks are open (a script ending with some open is an error in psql)."""
    return len(_stack)


UNCLOSED = "reached EOF without finding closing \\endif(s)"


@dataclass(slots=True)
class ScriptScope:
    """What ``script_scope`` found when its script ended."""

    left_open: int = 0  # \\if blocks the script opened and never closed (dropped, as psql does)


@contextmanager
def script_scope() -> Iterator[ScriptScope]:
    """A script (``\\i`` file, ``-f``, each ``-c``, stdin) has \\if blocks of its own, as in psql.

    The caller's blocks are set aside while it runs and come back after, so a file can
    neither close the caller's \\if nor leave one open that would skip the caller's
    next lines. ``left_open`` tells the caller to report ``UNCLOSED``.
    """
    scope = ScriptScope()
    saved = list(_stack)
    _stack.clear()
    try:
        yield scope
    finally:
        scope.left_open = len(_stack)
        _stack[:] = saved
