"""A real PromptSession drawn with a theme: colours at 256 colours, none at depth "none"."""

from __future__ import annotations

import io
import re
import threading
import time

import pytest
from prompt_toolkit import PromptSession
from prompt_toolkit.completion import WordCompleter
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.lexers import PygmentsLexer
from prompt_toolkit.output.color_depth import ColorDepth
from prompt_toolkit.output.vt100 import Vt100_Output
from pygments.lexers.sql import PostgresLexer

from themes import current_theme, use

COLOUR_SGR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


def _wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the screen never showed what was expected"
        time.sleep(0.01)


def _draw(theme_name: str) -> str:
    """Type "sel", Tab (menu opens), Tab (first row selected), then " 1" and Enter."""
    switch = use(theme_name)
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=24, columns=80), term="xterm-256color")
    result: list[str] = []
    with create_pipe_input() as pipe:
        session = PromptSession("db> ", style=switch.style, color_depth=switch.theme.color_depth,
                                lexer=PygmentsLexer(PostgresLexer),
                                completer=WordCompleter(["select", "selection"], meta_dict={"select": "keyword"}),
                                complete_while_typing=False, bottom_toolbar=" [F3] Multi-line: off ",
                                input=pipe, output=output)
        selected_drawn = threading.Event()

        def after_render(_app) -> None:
            state = session.default_buffer.complete_state
            if state is not None and state.complete_index == 0:
                selected_drawn.set()

        session.app.after_render += after_render
        thread = threading.Thread(target=lambda: result.append(session.prompt()), daemon=True)
        thread.start()
        pipe.send_text("sel\t")
        _wait_for(lambda: "selection" in screen.getvalue())
        pipe.send_text("\t")
        assert selected_drawn.wait(10), "the selected row was never drawn"
        pipe.send_text(" 1\r")
        thread.join(10)
    assert result == ["select 1"]
    return screen.getvalue()


def test_prompt_menu_and_toolbar_are_coloured_at_256_colours():
    drawn = _draw("dark")
    assert "\x1b[0;38;5;75;1m" in drawn or "38;5;75" in drawn  # the keyword colour of the dark theme
    assert "48;5;24" in drawn  # the selected menu row's background (#005f87)
    assert "48;5;236" in drawn  # the toolbar's background (#303030)


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_no_colour_leaves_no_colour_codes_on_screen(monkeypatch, env):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert current_theme("dark").color_depth == ColorDepth.DEPTH_1_BIT
    drawn = _draw("dark")
    assert "selection" in drawn  # the menu was drawn …
    assert not COLOUR_SGR.search(drawn)  # … without any colour
    assert "\x1b[0;7m" in drawn  # the selected row (and toolbar) in reverse video
