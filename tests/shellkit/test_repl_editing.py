"""The REPL's editing rules, driven through pipe input (no terminal)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from shellkit.config import Config
from shellkit.repl import Repl
from tests.shellkit.conftest import (
    ALT_ENTER,
    ENTER,
    F3,
    TAB,
    UP,
    menu_has,
    paste,
    pasted_and_redrawn,
    type_into,
)

CTRL_A = "\x01"
CTRL_K = "\x0b"
BACKSPACE = "\x7f"


@pytest.fixture
def repl(tmp_path: Path) -> Iterator[Repl]:
    with create_pipe_input() as pipe:
        yield Repl({"__name__": "__main__", "os": os}, input=pipe, output=DummyOutput(),
                   config=Config(tmp_path / "config.toml", {}), history_key=None)


@pytest.fixture
def session(repl):
    return repl.build_session()


def test_enter_runs_a_complete_line(session):
    assert type_into(session, "x = 1" + ENTER) == "x = 1"


def test_enter_after_colon_indents_and_a_blank_line_runs_the_block(session):
    text = type_into(session, "def f(a):" + ENTER, "b = a * 2" + ENTER, "return b" + ENTER, ENTER)
    assert text == "def f(a):\n    b = a * 2\n    return b"


def test_return_pass_break_continue_raise_dedent_the_next_line(session):
    text = type_into(session, "for i in x:" + ENTER, "if i:" + ENTER, "break" + ENTER,
                     "y = i" + ENTER, ENTER)
    assert text == "for i in x:\n    if i:\n        break\n    y = i"


def test_enter_in_an_open_bracket_continues_the_statement(session):
    assert type_into(session, "x = [1," + ENTER, "2]" + ENTER) == "x = [1,\n2]"


def test_a_syntax_error_keeps_the_input_and_nothing_runs(session):
    # The validator rejects the input and leaves it in the buffer: clearing it and
    # typing again gives the new text, proving the bad input was not accepted.
    text = type_into(session, "foo bar" + ENTER,
                     lambda s: s.default_buffer.validation_error is not None,
                     CTRL_A + CTRL_K + "1" + ENTER)
    assert text == "1"


def test_syntax_error_moves_the_cursor_to_the_error(session):
    seen = {}

    def error_shown(s) -> bool:
        if s.default_buffer.validation_error is None:
            return False
        seen["cursor"] = s.default_buffer.cursor_position
        seen["message"] = s.default_buffer.validation_error.message
        return True

    type_into(session, "x = 1" + ALT_ENTER + "y = )" + ENTER, error_shown, CTRL_A + CTRL_K + "1" + ENTER)
    assert seen["cursor"] == len("x = 1\ny = ")
    assert seen["message"].startswith("SyntaxError:")


def test_alt_enter_inserts_a_newline(session):
    assert type_into(session, "x = 1" + ALT_ENTER + "y = 2" + ENTER) == "x = 1\ny = 2"


def test_bracketed_paste_of_a_function_with_blank_lines_is_one_block(session):
    code = "def f():\n    x = 1\n\n    return x\n"
    assert type_into(session, paste(code), ENTER) == code.rstrip()


def test_backspace_removes_one_indent_level(session):
    text = type_into(session, "if x:" + ENTER, "y = 1" + ENTER + BACKSPACE + "z = 2" + ENTER)
    assert text == "if x:\n    y = 1\nz = 2"


def test_up_recalls_the_whole_block(repl):
    session = repl.build_session()
    block = type_into(session, "def g():" + ENTER, "return 5" + ENTER, ENTER)
    again = type_into(session, UP + ENTER, ENTER)
    assert again == block == "def g():\n    return 5"


def test_f3_off_makes_enter_run_a_block_without_the_blank_line(session):
    text = type_into(session, F3 + "x = 1" + ALT_ENTER + "if x:" + ALT_ENTER + "    pass" + ENTER)
    assert text == "x = 1\nif x:\n    pass"


def test_tab_opens_the_completion_menu_from_the_live_namespace(session):
    text = type_into(session, "os.pa" + TAB, menu_has(3), ENTER + ENTER)
    assert text.startswith("os.pa")


def test_bare_exit_ends_the_session_unless_it_is_a_variable(repl):
    assert repl._is_quit_word("exit")
    repl.globals["quit"] = 1
    assert not repl._is_quit_word("quit")


def test_else_moves_out_to_its_if_when_the_colon_is_typed(session):
    text = type_into(session, "if x:" + ENTER, "a = 1" + ENTER, "else:" + ENTER, "a = 2" + ENTER, ENTER)
    assert text == "if x:\n    a = 1\nelse:\n    a = 2"


def test_except_in_a_nested_block_moves_out_one_level(session):
    text = type_into(session, "def f():" + ENTER, "try:" + ENTER, "g()" + ENTER, "except E:" + ENTER,
                     "pass" + ENTER, ENTER)
    assert text == "def f():\n    try:\n        g()\n    except E:\n        pass"


def test_colon_elsewhere_changes_no_indentation(session):
    assert type_into(session, "d = {'else': 1}" + ENTER) == "d = {'else': 1}"


def test_the_toolbar_shows_the_signature_of_the_call_being_typed(repl):
    session = repl.build_session()
    seen = {}

    def signature_shown(s) -> bool:
        current = repl._tracker.current
        if current is None:
            return False
        seen["text"] = current.text()
        seen["toolbar"] = "".join(text for _, text, *_ in s.bottom_toolbar())
        return True

    type_into(session, "print(", signature_shown, "1)" + ENTER)
    # (before Python 3.11 the signature comes from print's docstring: "print(value, ..., sep=' '")
    assert seen["text"].startswith("print(") and "sep=' ', end='\\n', file=" in seen["text"]
    assert "sep=' ', end='\\n'" in seen["toolbar"]


def test_enter_right_after_a_paste_runs_a_complete_block(session):
    code = "def f():\n    x = 1\n\n    return x"
    assert type_into(session, paste(code), ENTER) == code


def test_a_pasted_indented_method_loses_its_common_indentation(session):
    code = "    def area(self):\n        return self.w * self.h\n"
    assert type_into(session, paste(code), ENTER) == "def area(self):\n    return self.w * self.h"


def test_a_paste_edited_afterwards_follows_the_typing_rule(session):
    text = type_into(session, paste("if x:\n    y = 1"), " + 2" + ENTER, ENTER)
    assert text == "if x:\n    y = 1 + 2"


def test_enter_runs_a_one_line_input_with_the_cursor_mid_line(session):
    assert type_into(session, "print(1)" + "\x1b[D" * 3 + ENTER) == "print(1)"


def test_enter_inside_a_block_opens_a_line_there(session):
    text = type_into(session, paste("def f():\n    return 1"), "\x1b[A" + "\x05" + ENTER + "x = 2",
                     "\x1b[B\x05" + ENTER + ENTER)
    assert text == "def f():\n    x = 2\n    return 1"


def test_a_paste_opens_no_completion_menu_typing_after_it_does(repl):
    session = repl.build_session()
    completer = session.completer.completer  # (inside the engine's guard)
    seen = []
    original = completer.get_completions

    def recording(document, complete_event):
        seen.append(document.text)
        return original(document, complete_event)

    completer.get_completions = recording
    pasted = "import os\nos.pa"
    def completer_saw_typing(s):
        return any(text.endswith("os.pat") for text in seen)

    text = type_into(session, paste(pasted), *pasted_and_redrawn(pasted), "t", completer_saw_typing,
                     ALT_ENTER, "1", ENTER, ENTER)
    assert text.startswith(pasted + "t")
    assert pasted not in seen
