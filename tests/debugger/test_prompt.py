"""The interactive path: a Debugger reading commands from the shellkit prompt (pipe input)."""

from __future__ import annotations

import io
import threading
import time

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

import debugger.prompt as prompt_module
from debugger import Debugger, DebuggerSettings
from shellkit.history import history_path


@pytest.fixture
def typed(monkeypatch):
    """``typed(text)``: the shared prompt session reads ``text`` as keystrokes."""
    with create_pipe_input() as pipe:
        session = prompt_module.build_session(input=pipe, output=DummyOutput())
        monkeypatch.setattr(prompt_module, "_session", session)

        def send(text: str) -> None:
            pipe.send_text(text)

        yield send


def run_program(out: io.StringIO) -> str:
    secret = "s3cr3t"  # noqa: F841 - printed through the debugger
    debugger = Debugger(stdin=io.StringIO(), stdout=out, nosigint=True, readrc=False, interactive=True,
                        settings=DebuggerSettings(highlight=False))
    debugger.set_trace()
    return "done"


def test_commands_typed_at_the_prompt_run_as_in_pdb(typed):
    typed("p secret\rp 6 * 7\rc\r")
    out = io.StringIO()
    assert run_program(out) == "done"
    assert "'s3cr3t'" in out.getvalue() and "42" in out.getvalue()


def wait_until(predicate, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.01)


def test_tab_completes_a_local_at_the_prompt(typed):
    out = io.StringIO()
    program = threading.Thread(target=run_program, args=(out,), daemon=True)
    program.start()
    typed("p sec\t")
    buffer = prompt_module._session.default_buffer

    def menu_open() -> bool:
        return buffer.complete_state is not None and bool(buffer.complete_state.completions)

    # Completion runs in a thread. Tab either puts the only candidate on the line at once
    # or opens the menu (when typing already had), and the next Tab picks it.
    wait_until(lambda: buffer.text == "p secret" or menu_open())
    if buffer.text != "p secret":
        typed("\t")
        wait_until(lambda: buffer.text == "p secret")
    if buffer.complete_state is not None:
        typed("\r")  # Enter first closes the menu on the chosen item (an engine rule)
        wait_until(lambda: buffer.complete_state is None)
    typed("\rc\r")
    program.join(10)
    assert "'s3cr3t'" in out.getvalue()


def test_ctrl_c_at_the_prompt_keeps_the_session(typed):
    typed("p 1\x03p 2\rc\r")
    out = io.StringIO()
    assert run_program(out) == "done"
    assert "--KeyboardInterrupt--" in out.getvalue()
    assert "2\n" in out.getvalue()


def test_history_is_kept_in_the_engine_history_file(typed):
    typed("p 'remember me'\rc\r")
    run_program(io.StringIO())
    text = history_path("debugger", "").read_text()
    assert "+p 'remember me'" in text


def test_the_prompt_works_while_an_asyncio_loop_runs(typed):
    import asyncio

    typed("p 40 + 2\rc\r")
    out = io.StringIO()

    async def main() -> str:
        await asyncio.sleep(0)
        return run_program(out)

    assert asyncio.run(main()) == "done"
    assert "42" in out.getvalue()


@pytest.mark.parametrize(("text", "runs"), [
    ("p x", True),
    ("c", True),
    ("x = 1", True),
    ("for i in range(3):", False),
    ("for i in range(3):\n    print(i)", False),
    ("for i in range(3):\n    print(i)\n", True),  # the empty line ends the block
    ("for i in range(3):\n    print(i)\n    ", True),  # as does an indented empty one
    ("!if x:", False),
    ("total = (1,", False),
    ("1 +* 2", True),  # pdb reports the syntax error
])
def test_multi_line_mode_runs_commands_and_complete_python(text, runs):
    assert prompt_module._line_is_complete(text) is runs


def test_multi_line_mode_takes_an_indented_block(typed):
    f3 = "\x1bOR"
    typed(f3 + "for i in range(2):\r" + "print(i * 10)\r" + "\r" + f3 + "c\r")
    out = io.StringIO()
    assert run_program(out) == "done"
    assert "0\n10\n" in out.getvalue()


@pytest.fixture
def theme_env(monkeypatch):
    """Set the colour environment, then rebuild the process-wide theme from it (restored after)."""
    import themes

    def set_env(**env: str | None) -> None:
        for key, value in env.items():
            if value is None:
                monkeypatch.delenv(key, raising=False)
            else:
                monkeypatch.setenv(key, value)
        themes.use("dark")

    yield set_env
    monkeypatch.undo()
    themes.use(None)


def test_the_prompt_draws_at_the_depth_shellkit_color_depth_asks_for(theme_env):
    from prompt_toolkit.output.color_depth import ColorDepth

    theme_env(SHELLKIT_COLOR_DEPTH="16", NO_COLOR=None, TERM="xterm-256color")
    with create_pipe_input() as pipe:
        session = prompt_module.build_session(input=pipe, output=DummyOutput())
        assert session.app.color_depth == ColorDepth.DEPTH_4_BIT  # from the first paint on


def test_no_color_wins_over_a_depth_override_at_the_prompt(theme_env):
    from prompt_toolkit.output.color_depth import ColorDepth

    theme_env(SHELLKIT_COLOR_DEPTH="256", NO_COLOR="1")
    with create_pipe_input() as pipe:
        session = prompt_module.build_session(input=pipe, output=DummyOutput())
        assert session.app.color_depth == ColorDepth.DEPTH_1_BIT

