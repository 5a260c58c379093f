"""Helpers to drive an engine session with keystrokes: pipe input, no real terminal."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from shellkit.config import Config
from shellkit.session import ShellSession, create_session

F3 = "\x1bOR"
F4 = "\x1bOS"
ALT_ENTER = "\x1b\r"
UP = "\x1b[A"
RIGHT = "\x1b[C"
TAB = "\t"
CTRL_C = "\x03"
CTRL_D = "\x04"
CTRL_R = "\x12"
ENTER = "\r"


def paste(text: str) -> str:
    """What a terminal sends for a bracketed paste of ``text``."""
    return f"\x1b[200~{text}\x1b[201~"


Step = str | Callable[[ShellSession], bool]


def type_into(session: ShellSession, *steps: Step, timeout: float = 10.0) -> str:
    """Run ``session.prompt`` feeding ``steps``: text is typed, a callable is waited for.

    Waiting on a condition (not a fixed sleep) lets tests cross the engine's threads:
    completion and history loading finish when they finish.
    """

    async def drive() -> str:
        task = asyncio.ensure_future(session.prompt_async())
        for step in steps:
            if isinstance(step, str):
                session.input.send_text(step)  # type: ignore[attr-defined]
                await asyncio.sleep(0)  # let the app read it before the next condition
            else:
                deadline = time.monotonic() + timeout
                while not step(session):
                    if task.done() or time.monotonic() > deadline:
                        task.cancel()
                        raise AssertionError(f"condition {step.__name__} not reached; text={session.default_buffer.text!r}")
                    await asyncio.sleep(0.005)
        return await asyncio.wait_for(task, timeout)

    return asyncio.run(drive())


def history_loaded(session: ShellSession) -> bool:
    """The prompt runs (so its buffer was reset) and the history has been read into it."""
    task = session.default_buffer._load_history_task
    return session.app.is_running and task is not None and task.done()


def menu_has(count: int) -> Callable[[ShellSession], bool]:
    def menu_shows_completions(session: ShellSession) -> bool:
        state = session.default_buffer.complete_state
        return state is not None and len(state.completions) >= count
    return menu_shows_completions


def pasted_and_redrawn(pasted: str) -> tuple[Callable[[ShellSession], bool], Callable[[ShellSession], bool]]:
    """Two conditions: ``pasted`` is in the buffer, then the loop has drawn once since (so a
    completion the paste would have started has begun)."""
    marks = {}

    def pasted_in(s: ShellSession) -> bool:
        if s.default_buffer.text != pasted:
            return False
        marks["render"] = s.app.render_counter
        s.app.invalidate()
        return True

    def redrawn_since(s: ShellSession) -> bool:
        return s.app.render_counter > marks["render"]

    return pasted_in, redrawn_since


@pytest.fixture
def make_session(tmp_path: Path) -> Iterator[Callable[..., ShellSession]]:
    """``make_session(settings={"main": {...}}, **create_session_kwargs)`` on a pipe."""
    pipes = []

    def make(settings: dict[str, Any] | None = None, **kwargs: Any) -> ShellSession:
        opened = create_pipe_input()
        pipe = opened.__enter__()
        pipes.append(opened)
        kwargs.setdefault("history_key", None)
        kwargs.setdefault("app", "sql")
        kwargs.setdefault("message", "db> ")
        kwargs.setdefault("output", DummyOutput())
        config = Config(tmp_path / "config.toml", settings or {})
        return create_session(config=config, input=pipe, **kwargs)

    yield make
    for pipe in pipes:
        pipe.__exit__(None, None, None)
