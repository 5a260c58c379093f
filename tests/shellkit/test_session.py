"""create_session as a shell uses it: history, search, suggestions, colour, a real pty."""

from __future__ import annotations

import contextlib
import io
import re
import sys
import textwrap
from pathlib import Path

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import ColorDepth, DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output
from prompt_toolkit.styles import Style

from shellkit.config import Config
from shellkit.history import history_path
from shellkit.session import create_session
from tests.shellkit.conftest import CTRL_R, ENTER, RIGHT, UP, history_loaded, menu_has, type_into

KEY = "postgresql 127.0.0.1:5432 shop"


def test_entries_are_saved_per_target_and_recalled_with_up(make_session):
    type_into(make_session(history_key=KEY), "select 1;" + ENTER)
    type_into(make_session(history_key=KEY), "select\n2;" + ENTER)
    type_into(make_session(history_key="postgresql 127.0.0.1:5432 other"), "select 3;" + ENTER)
    session = make_session(history_key=KEY)
    assert type_into(session, history_loaded, UP + UP + ENTER) == "select 1;"
    assert history_path("sql", KEY).exists()


def test_ctrl_r_finds_an_older_entry(make_session):
    for text in ("select * from orders;", "select 1;", "update t set a = 1;"):
        type_into(make_session(history_key=KEY), text + ENTER)
    session = make_session(history_key=KEY)
    assert type_into(session, history_loaded, CTRL_R + "ORD", ENTER, ENTER) == "select * from orders;"


def test_suggestion_from_history_is_accepted_with_right_arrow(make_session):
    type_into(make_session(history_key=KEY), "select name from customers;" + ENTER)
    session = make_session(history_key=KEY)

    def suggests(s):
        return s.default_buffer.suggestion is not None

    assert type_into(session, history_loaded, "select n", suggests, RIGHT + ENTER) == "select name from customers;"


def test_auto_suggest_can_be_turned_off(make_session):
    assert make_session({"main": {"auto_suggest": False}}).auto_suggest is None


def test_history_size_limits_what_is_loaded(make_session):
    for i in range(3):
        type_into(make_session(history_key=KEY), f"q{i}" + ENTER)
    session = make_session({"sql": {"history_size": 1}}, history_key=KEY)
    assert type_into(session, history_loaded, UP + UP + UP + ENTER) == "q2"


def test_history_key_none_keeps_nothing_on_disk(make_session):
    type_into(make_session(history_key=None), "select 1" + ENTER)
    assert not history_path("sql", "").parent.exists()


def render(color_depth=None, monkeypatch=None, *, no_color=False):
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    stream = io.StringIO()
    output = Vt100_Output(stream, lambda: Size(rows=24, columns=80), term="xterm-256color")
    style = Style.from_dict({"prompt": "fg:ansired bg:#004400 bold"})
    with create_pipe_input() as pipe:
        session = create_session(app="sql", history_key=None, message=[("class:prompt", "db> ")],
                                 style=style, color_depth=color_depth, config=Config(Path("unused.toml"), {}),
                                 input=pipe, output=output)
        pipe.send_text("select 1" + ENTER)
        session.prompt()
    return stream.getvalue()


COLOUR_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colours(text):
    found = set()
    for params in COLOUR_SGR.findall(text):
        for p in params.split(";"):
            if p and (30 <= int(p) <= 49 or 90 <= int(p) <= 107) and int(p) not in (39, 49):
                found.add(p)
    return found


def test_colour_is_used_normally(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert colours(render(ColorDepth.DEPTH_8_BIT))


def test_no_color_removes_every_colour_but_keeps_bold(monkeypatch):
    text = render(monkeypatch=monkeypatch, no_color=True)
    assert colours(text) == set()
    assert re.search(r"\x1b\[[0-9;]*\b1m", text)  # bold stays


def test_monochrome_color_depth_from_the_caller_has_no_colour(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert colours(render(ColorDepth.DEPTH_1_BIT)) == set()


WORKER = textwrap.dedent("""
    import os, sys, time
    from shellkit.session import create_session
    session = create_session(app="sql", history_key=None, message="db> ")
    while True:
        try:
            line = session.prompt()
        except EOFError:
            print("left with EOF", flush=True)
            break
        print("running", line, flush=True)
        while not os.path.exists(sys.argv[1]):  # a command busy until the test says so
            time.sleep(0.01)
        os.unlink(sys.argv[1])
""")


def test_ctrl_d_typed_while_a_command_runs_leaves_at_the_next_prompt(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    done = tmp_path / "done"
    child = pexpect.spawn(sys.executable, ["-c", WORKER, str(done)], encoding="utf-8", timeout=15)
    try:
        child.expect("db>")
        child.send("work\r")
        child.expect("running work")  # the terminal is back in line mode now
        child.sendcontrol("d")
        done.touch()
        child.expect("left with EOF")
    finally:
        child.close(force=True)


@contextlib.contextmanager
def in_a_pty(script: str):
    """``python -c script`` in a 24×80 pseudo-terminal that never answers cursor queries."""
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(sys.executable, ["-c", script], encoding="utf-8", timeout=15, dimensions=(24, 80))
    try:
        yield child
    finally:
        child.close(force=True)


SCRIPT = textwrap.dedent("""
    from shellkit.session import create_session
    session = create_session(app="sql", history_key="pty test", message="db> ")
    for _ in range(2):
        print("got", repr(session.prompt()), flush=True)
""")


def test_a_terminal_that_never_answers_cursor_queries_gets_no_warning():
    with in_a_pty(SCRIPT) as child:
        child.expect("db>")
        child.send("select 1\r")
        child.expect("got 'select 1'")
        child.expect("db>")
        child.send("select 2\r")
        child.expect("got 'select 2'")
        child.expect(pytest.importorskip("pexpect").EOF)
        assert "CPR" not in child.before


def test_vi_shows_its_mode_in_the_cursor_and_emacs_leaves_the_cursor_alone(make_session):
    from prompt_toolkit.cursor_shapes import CursorShape
    from prompt_toolkit.enums import EditingMode
    from prompt_toolkit.key_binding.vi_state import InputMode

    session = make_session()
    app = session.app
    assert session.cursor.get_cursor_shape(app) == CursorShape._NEVER_CHANGE
    app.editing_mode = EditingMode.VI
    app.vi_state.input_mode = InputMode.INSERT
    assert session.cursor.get_cursor_shape(app) == CursorShape.BEAM
    app.vi_state.input_mode = InputMode.NAVIGATION
    assert session.cursor.get_cursor_shape(app) == CursorShape.BLOCK


def test_a_failing_completer_gives_no_completions_and_typing_goes_on(make_session):
    from prompt_toolkit.completion import Completer

    class Broken(Completer):
        def get_completions(self, document, complete_event):
            yield from ()
            raise RuntimeError("catalog bug")

    session = make_session(completer=Broken())

    def error_recorded(s):
        return s.completer.last_error is not None

    assert type_into(session, "sel\t", error_recorded, "ect 1" + ENTER) == "select 1"


def test_a_failing_app_toolbar_shows_a_note_not_a_traceback(make_session):
    from prompt_toolkit.application import current

    def broken():
        raise KeyError("x")

    session = make_session(toolbar=broken)
    with current.set_app(session.app):
        text = "".join(t for _, t, *_ in session.bottom_toolbar())
    assert "toolbar failed: KeyError" in text and "Multi-line" in text


def test_switch_history_moves_to_another_targets_history(make_session):
    type_into(make_session(history_key="target one"), "one" + ENTER)
    type_into(make_session(history_key="target two"), "two" + ENTER)
    session = make_session(history_key="target one")
    assert type_into(session, history_loaded, UP + ENTER) == "one"
    session.switch_history("target two")
    assert type_into(session, history_loaded, UP + ENTER) == "two"
    assert "+one" not in history_path("sql", "target two").read_text()


def test_history_keep_keeps_secrets_out_of_the_file_but_not_out_of_up_arrow(make_session):
    session = make_session(history_key=KEY, history_keep=lambda text: "password" not in text)
    type_into(session, "alter user bob password 'x';" + ENTER)
    type_into(session, "select 1;" + ENTER)
    assert "password" not in history_path("sql", KEY).read_text()
    assert type_into(session, history_loaded, UP + UP + ENTER) == "alter user bob password 'x';"


class _ShortTerminal(DummyOutput):
    rows = 10

    def get_size(self) -> Size:
        return Size(rows=self.rows, columns=80)


def test_a_short_terminal_reserves_fewer_lines_for_the_menu(make_session):
    output = _ShortTerminal()
    session = make_session(output=output)
    assert session.reserve_space_for_menu == 3  # a 10-row screen keeps most of what is above the prompt
    output.rows = 40
    assert session.reserve_space_for_menu == 8  # the setting, once the window is tall enough
    session.reserve_space_for_menu = 5
    assert session.reserve_space_for_menu == 5


TYPED_AHEAD = textwrap.dedent("""
    import select, sys
    print("starting", flush=True)
    select.select([sys.stdin], [], [], 10)  # the line typed while the shell still starts has arrived
    from shellkit.session import create_session
    session = create_session(app="sql", history_key=None, message="db> ")
    print("got", repr(session.prompt()), flush=True)
""")


def test_input_typed_ahead_of_the_prompt_asks_the_terminal_nothing():
    # a terminal that never answers would make Enter wait for a reply that never comes
    with in_a_pty(TYPED_AHEAD) as child:
        child.expect("starting")
        child.send("select 1\r")
        child.expect("got 'select 1'")
        assert "\x1b[6n" not in child.before


TOOLBAR_SCRIPT = textwrap.dedent("""
    from shellkit.session import create_session
    session = create_session(app="sql", history_key=None, message="db> ",
                             toolbar=lambda: [("", "app-part-of-the-toolbar")])
    for _ in range(2):
        print("got", repr(session.prompt()), flush=True)
""")


def test_the_toolbar_shows_in_a_terminal_that_never_answers_cursor_queries():
    # prompt_toolkit draws the bottom toolbar only once it knows the rows below the cursor
    with in_a_pty(TOOLBAR_SCRIPT) as child:
        child.expect("db>")
        child.expect("app-part-of-the-toolbar")
        child.send("one\r")
        child.expect("got 'one'")
        child.expect("db>")
        child.expect("app-part-of-the-toolbar")  # and at once at the next prompt
        child.send("two\r")
        child.expect("got 'two'")


def test_an_abandoned_completion_is_not_left_waiting_for_the_menu(make_session):
    # prompt_toolkit hands a threaded completer's items over through a 1000-item queue; when
    # typing on abandons the menu, the completer's thread blocked on that queue and the end
    # of the prompt (Enter, Ctrl-C) waited up to a second or two for it to notice
    import threading

    from prompt_toolkit.completion import Completer, Completion

    finished = []

    class Many(Completer):
        def get_completions(self, document, complete_event):
            for i in range(5000):
                yield Completion(f"{document.text}{i}", -len(document.text))
            finished.append(document.text)

    session = make_session(completer=Many())

    def first_completion_finished(s):
        return "x" in finished

    text = type_into(session, "x", menu_has(1), "y", first_completion_finished, ENTER)
    assert text == "xy"
    assert not [t for t in threading.enumerate() if t.name.startswith("asyncio")]


ECHO_SCRIPT = textwrap.dedent("""
    import sys, termios
    from shellkit.session import create_session

    def echo() -> str:
        return "on" if termios.tcgetattr(0)[3] & termios.ECHO else "off"

    session = create_session(app="sql", history_key=None, message="db> ")
    for _ in range(3):
        try:
            text = session.prompt()
        except KeyboardInterrupt:
            print("interrupted, echo", echo(), flush=True)
            continue
        print("got", repr(text), "echo", echo(), flush=True)
""")


def test_keys_typed_just_after_ctrl_c_are_not_echoed_over_the_next_prompt():
    # between a prompt left with Ctrl-C and the next one the terminal is in line mode, and
    # its echo of the first keys typed would land where the next prompt is drawn
    with in_a_pty(ECHO_SCRIPT) as child:
        child.expect("db>")
        child.sendcontrol("c")
        child.expect("interrupted, echo off")
        child.expect("db>")
        child.send("select 1\r")
        child.expect("got 'select 1' echo on")  # the statement runs with the terminal as it was
