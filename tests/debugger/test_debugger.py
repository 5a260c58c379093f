"""Semantics of the Debugger driven in-process through its non-terminal path."""

from __future__ import annotations

import io
import sys
import threading

from debugger import Debugger, DebuggerSettings
from tests.debugger.conftest import Session


def plumbing(session, value):
    __tracebackhide__ = True
    return user_helper(session, value)


def user_helper(session, value):
    more_plumbing = _hidden_inner
    return more_plumbing(session, value)


def _hidden_inner(session, value):
    __tracebackhide__ = True
    return stop_here(session, value)


def stop_here(session, value):
    local = value * 2
    session.debugger.set_trace()
    return local


def test_hidden_frames_are_off_by_default_so_where_shows_every_frame():
    session = Session(["where", "c"])
    assert plumbing(session, 1) == 2
    assert "plumbing()" in session.text and "_hidden_inner()" in session.text
    assert "hidden by __tracebackhide__" not in session.text


def test_hidden_frames_are_left_out_of_where_with_a_count():
    session = Session(["where", "hf_list", "c"], hide_frames=True)
    plumbing(session, 1)
    where = session.text.split("(Pdb) ")[1]
    assert "user_helper()" in where and "stop_here()" in where
    assert "plumbing()" not in where and "_hidden_inner()" not in where
    assert "frames hidden by __tracebackhide__" in where  # ours, and pytest's own
    listed = session.text.split("(Pdb) ")[2]
    assert "plumbing()" in listed and "_hidden_inner()" in listed


def test_up_skips_hidden_frames():
    session = Session(["up", "p value", "c"], hide_frames=True)
    plumbing(session, 5)
    after_up = session.text.split("(Pdb) ")[1]
    assert after_up.startswith("> ") and "user_helper()" in after_up


def test_hf_unhide_shows_every_frame_and_keeps_the_current_one():
    session = Session(["hf_unhide", "where", "hf_hide", "where", "c"], hide_frames=True)
    plumbing(session, 1)
    parts = session.text.split("(Pdb) ")
    assert "_hidden_inner()" in parts[2] and "plumbing()" in parts[2]
    assert "stop_here()" in parts[2].split("\n> ")[-1]  # still the current frame
    assert "_hidden_inner()" not in parts[4]


def test_post_mortem_in_a_hidden_frame_lands_on_the_nearest_visible_caller():
    def user_code():
        checked = "mine"
        assert_helper(checked)

    def assert_helper(value):
        __tracebackhide__ = True
        raise AssertionError(value)

    try:
        user_code()
    except AssertionError:
        tb = sys.exc_info()[2]
    session = Session(["p checked", "q"], hide_frames=True)
    session.debugger.reset()
    session.debugger.interaction(None, tb)
    assert "user_code()" in session.text.splitlines()[0]
    assert "'mine'" in session.text


def test_sticky_shows_the_function_source_after_each_stop():
    session = Session(["n", "c"], sticky=True)
    stop_here(session, 3)
    text = session.text
    assert text.count("def stop_here(session, value):") == 2
    assert "->\t    session.debugger.set_trace()" in text or "->\t    return local" in text
    assert "\x1b" not in text  # no terminal: no escape codes


def test_sticky_command_toggles_and_shows_at_once():
    session = Session(["sticky", "sticky", "n", "c"])
    stop_here(session, 3)
    assert session.text.count("def stop_here(session, value):") == 1


def test_c_continues_by_default_even_when_a_local_is_named_c():
    def program(session):
        c = 42
        session.debugger.set_trace()
        return c + 1

    session = Session(["c", "p 'not reached'"])
    assert program(session) == 43
    assert "42" not in session.text and "not reached" not in session.text


def test_smart_commands_let_a_local_shadow_a_command_and_bang_bang_forces_it():
    def program(session):
        c = 42
        n = {"k": 1}  # noqa: F841 - read by the debugger
        session.debugger.set_trace()
        return c

    session = Session(["c", "n['k']", "!!c"], smart_commands=True)
    assert program(session) == 42
    assert "42\n" in session.text and "1\n" in session.text


def test_extra_commands_are_not_listed_by_help_without_a_terminal():
    session = Session(["help", "help sticky", "c"])
    stop_here(session, 1)
    listing = session.text.split("(Pdb) ")[1]
    assert "sticky" not in listing and "hf_list" not in listing
    assert "Toggle sticky mode" in session.text


def test_a_closed_stdout_does_not_end_the_session():
    out = io.StringIO()
    debugger = Debugger(stdin=io.StringIO("p 1\nc\n"), stdout=out, nosigint=True, readrc=False,
                        settings=DebuggerSettings())
    out.close()

    def program():
        debugger.set_trace()
        return "finished"

    assert program() == "finished"


def test_interactive_values_are_bounded_and_broken_reprs_reported():
    released = threading.Event()

    class Slow:
        def __repr__(self):
            released.wait(30)  # as if it never ends; set below so no thread is left behind
            return "Slow()"

    class Broken:
        def __repr__(self):
            raise RuntimeError("no repr")

    def program(debugger):
        slow, broken, huge = Slow(), Broken(), list(range(100_000))  # noqa: F841 - read by the debugger
        debugger.set_trace()
        return huge[-1]

    out = io.StringIO()
    debugger = Debugger(stdin=io.StringIO(), stdout=out, nosigint=True, readrc=False, interactive=True,
                        settings=DebuggerSettings(repr_budget=0.2, highlight=False))
    # Queued commands run before any prompt is needed; "c" ends the stop.
    debugger.cmdqueue = ["p slow", "p broken", "p huge", "pp huge", "huge", "c"]
    assert program(debugger) == 99_999
    released.set()
    text = out.getvalue()
    assert "repr took longer than 0.2 s" in text
    assert "*** RuntimeError: no repr" in text
    assert "<list of 100000 items>" in text
    assert len(text) < 5000


def interactive_longlist() -> str:
    """What ``ll`` prints at an interactive stop (one line after ``set_trace()``)."""

    def program(debugger):
        debugger.set_trace()
        return 1

    out = io.StringIO()
    debugger = Debugger(stdin=io.StringIO(), stdout=out, nosigint=True, readrc=False, interactive=True,
                        settings=DebuggerSettings())
    debugger.cmdqueue = ["ll", "c"]
    program(debugger)
    return out.getvalue()


def test_interactive_listing_is_highlighted_unless_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    text = interactive_longlist()
    assert "\x1b[" in text and "->\t" in text

    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in interactive_longlist()


def test_listing_line_numbers_take_the_themes_roles_at_its_depth(monkeypatch):
    import themes

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("SHELLKIT_COLOR_DEPTH", "16")
    monkeypatch.setenv("TERM", "xterm-256color")
    theme = themes.use("dark").theme
    try:
        lines = interactive_longlist().splitlines()
    finally:
        monkeypatch.undo()
        themes.use(None)
    assert not any("\x1b[38;5;" in line or "\x1b[38;2;" in line for line in lines)  # 16 colours only
    current = [line for line in lines if "->\t" in line and "return" in line]  # the stop is after set_trace
    assert current and current[0].startswith(theme.ansi("current"))
    other = [line for line in lines if "\t" in line and "set_trace" in line]
    assert other and other[0].startswith(theme.ansi("lineno"))


def test_sticky_window_fits_the_height_around_the_current_line():
    from debugger.sticky import source_window

    lines = [f"line {n}\n" for n in range(1, 101)]
    window, first = source_window(lines, 1, 50, 12)
    assert len(window) == 12 and first <= 50 < first + 12
    assert source_window(lines[:5], 10, 12, 12) == (lines[:5], 10)
    window, first = source_window(lines, 1, 100, 12)
    assert window[-1] == "line 100\n"


def test_the_hidden_frame_count_is_said_once_not_at_every_step():
    session = Session(["n", "n", "c"], hide_frames=True)
    plumbing(session, 1)
    assert session.text.count("hidden by __tracebackhide__") == 1


def test_sticky_lines_are_cut_to_the_terminal_width():
    from debugger.sticky import fit_width

    assert fit_width(["short\n", "x" * 100 + "\n", "\tind\n"], 20) == ["short", "x" * 19 + "…", "        ind"]


def test_a_return_value_with_a_never_ending_repr_does_not_hold_up_the_stop_line(monkeypatch):
    import debugger.prompt as prompt_module
    released = threading.Event()

    class Slow:
        def __repr__(self):
            released.wait(30)
            return "Slow()"

    def make():
        return Slow()

    def program(debugger):
        debugger.set_trace()
        return make()

    out = io.StringIO()
    debugger = Debugger(stdin=io.StringIO(), stdout=out, nosigint=True, readrc=False, interactive=True,
                        settings=DebuggerSettings(repr_budget=0.2))
    typed = ["s", "s", "r", "c"]  # one command per prompt, as a user types them
    monkeypatch.setattr(prompt_module, "read_command", lambda _debugger: typed.pop(0))
    try:
        program(debugger)
    finally:
        released.set()
    assert "--Return--" in out.getvalue()
    assert "make()-><Slow object at 0x" in out.getvalue() and "repr took longer than 0.2 s" in out.getvalue()
