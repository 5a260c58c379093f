"""Every key rule of the engine, driven through pipe input."""

from __future__ import annotations

import threading

import pytest
from prompt_toolkit.application import current
from prompt_toolkit.completion import WordCompleter
from prompt_toolkit.enums import EditingMode

from tests.shellkit.conftest import (
    ALT_ENTER,
    CTRL_C,
    CTRL_D,
    ENTER,
    F3,
    F4,
    TAB,
    menu_has,
    paste,
    pasted_and_redrawn,
    type_into,
)


def sql_complete(text: str) -> bool:
    return text.rstrip().endswith(";") or text.lstrip().startswith("\\")


def test_enter_runs_the_line_in_single_line_mode(make_session):
    session = make_session()
    assert type_into(session, "select 1" + ENTER) == "select 1"


def test_f3_turns_on_multi_line_where_enter_waits_for_the_submit_rule(make_session):
    session = make_session(multiline_submit=sql_complete)
    text = type_into(session, F3, "select 1" + ENTER, "from t;" + ENTER)
    assert text == "select 1\nfrom t;"
    assert session.multi_line


def test_f3_twice_goes_back_to_single_line(make_session):
    session = make_session(multiline_submit=sql_complete)
    assert type_into(session, F3 + F3 + "select 1" + ENTER) == "select 1"
    assert not session.multi_line


def test_multi_line_backslash_command_runs_on_enter(make_session):
    session = make_session(multi_line=True, multiline_submit=sql_complete)
    assert type_into(session, "\\dt" + ENTER) == "\\dt"


def test_multi_line_from_config_section_of_the_app(make_session):
    session = make_session({"sql": {"multi_line": True}}, multiline_submit=sql_complete)
    assert session.multi_line
    assert type_into(session, "a" + ENTER + "b;" + ENTER) == "a\nb;"


def test_multi_line_without_a_rule_runs_on_a_blank_last_line(make_session):
    session = make_session(multi_line=True)
    assert type_into(session, "a" + ENTER + "b" + ENTER + ENTER) == "a\nb\n"


def test_alt_enter_inserts_a_newline_even_when_the_input_is_complete(make_session):
    session = make_session(multi_line=True, multiline_submit=sql_complete)
    assert type_into(session, "select 1;" + ALT_ENTER + "select 2;" + ENTER) == "select 1;\nselect 2;"


def test_alt_enter_inserts_a_newline_in_single_line_mode(make_session):
    session = make_session()
    assert type_into(session, "a" + ALT_ENTER + "b" + ENTER) == "a\nb"


def test_vi_enter_on_incomplete_input_adds_a_line_and_returns_to_insert_mode(make_session):
    session = make_session({"main": {"editing_mode": "vi"}}, multi_line=True, multiline_submit=sql_complete)
    assert type_into(session, "select 1" + ALT_ENTER + "from t;" + ENTER) == "select 1\nfrom t;"


def test_ctrl_c_raises_keyboard_interrupt_so_the_caller_can_prompt_again(make_session):
    session = make_session()
    session.input.send_text("select 1" + CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        session.prompt()
    session.input.send_text("select 2" + ENTER)
    assert session.prompt() == "select 2"  # the interrupted text is gone


def test_ctrl_d_on_an_empty_line_raises_eof(make_session):
    session = make_session()
    session.input.send_text(CTRL_D)
    with pytest.raises(EOFError):
        session.prompt()


def test_ctrl_d_on_a_non_empty_line_deletes_the_character_under_the_cursor(make_session):
    session = make_session()
    assert type_into(session, "ab\x01" + CTRL_D + ENTER) == "b"  # Ctrl-A then Ctrl-D


def test_bracketed_paste_inserts_every_line_without_running_them(make_session):
    session = make_session()
    pasted = "select 1;\r\nselect 2;\ndelete from t;"
    assert type_into(session, paste(pasted), ENTER) == "select 1;\nselect 2;\ndelete from t;"


def test_bracketed_paste_in_multi_line_mode_waits_for_enter(make_session):
    session = make_session(multi_line=True, multiline_submit=sql_complete)
    assert type_into(session, paste("select 1;\nselect 2"), ";" + ENTER) == "select 1;\nselect 2;"


WORDS = WordCompleter(["alpha", "alps", "beta"])
MANUAL = {"main": {"complete_while_typing": False}}


def test_first_tab_opens_the_menu_without_changing_the_word(make_session):
    session = make_session(MANUAL, completer=WORDS)
    seen = []

    def menu_open_word_unchanged(s):
        if menu_has(2)(s):
            seen.append((s.default_buffer.text, s.default_buffer.complete_state.current_completion))
            return True
        return False

    type_into(session, "al" + TAB, menu_open_word_unchanged, ENTER)
    assert seen == [("al", None)]


def test_each_further_tab_puts_the_next_item_in_place_of_the_word(make_session):
    session = make_session(MANUAL, completer=WORDS)
    assert type_into(session, "al" + TAB, menu_has(2), TAB, ENTER, ENTER) == "alpha"
    assert type_into(session, "al" + TAB, menu_has(2), TAB + TAB, ENTER, ENTER) == "alps"


def test_tab_selects_the_first_item_when_typing_already_opened_the_menu(make_session):
    session = make_session(completer=WORDS)
    assert type_into(session, "al", menu_has(2), TAB, ENTER, ENTER) == "alpha"


def test_enter_on_a_selected_completion_only_accepts_it(make_session):
    session = make_session(MANUAL, completer=WORDS)
    seen = []

    def accepted(s):
        if s.default_buffer.complete_state is None and s.default_buffer.text == "alpha":
            seen.append(True)
            return True
        return False

    assert type_into(session, "al" + TAB, menu_has(2), TAB + ENTER, accepted, " x" + ENTER) == "alpha x"
    assert seen


def test_tab_on_a_blank_continuation_line_indents(make_session):
    session = make_session(MANUAL, multi_line=True, multiline_submit=sql_complete, completer=WORDS)
    assert type_into(session, "select" + ENTER + TAB + "1;" + ENTER) == "select\n    1;"


def test_f4_switches_to_vi_and_back(make_session):
    session = make_session()

    def in_vi(s):
        return s.app.editing_mode == EditingMode.VI

    def in_emacs(s):
        return s.app.editing_mode == EditingMode.EMACS

    assert type_into(session, F4, in_vi, "x", F4, in_emacs, "y" + ENTER) == "xy"


def test_vi_mode_from_config_starts_in_insert_mode(make_session):
    session = make_session({"main": {"editing_mode": "vi"}})
    assert session.app.editing_mode == EditingMode.VI
    # Esc then "0" (start of line) then "i" inserts there: real vi keys work.
    assert type_into(session, "abc\x1b", lambda s: s.app.vi_state.input_mode.value == "vi-navigation",
                     "0ix" + ENTER) == "xabc"


def test_toolbar_shows_editing_mode_multi_line_state_and_app_fragments(make_session):
    session = make_session(toolbar=lambda: [("", "Transaction")])
    with current.set_app(session.app):
        text = "".join(t for _, t, *_ in session.bottom_toolbar())
        assert "Multi-line: off" in text and "Emacs" in text and "Transaction" in text
        session.multi_line = True
        session.app.editing_mode = EditingMode.VI
        text = "".join(t for _, t, *_ in session.bottom_toolbar())
        assert "Multi-line: on" in text and "Vi (insert)" in text


def test_app_key_bindings_override_the_engines(make_session):
    from prompt_toolkit.key_binding import KeyBindings

    kb = KeyBindings()

    @kb.add("tab")
    def _indent(event):
        event.current_buffer.insert_text("  ")

    session = make_session(key_bindings=kb, completer=WORDS)
    assert type_into(session, TAB + "x" + ENTER) == "  x"


def test_a_failing_submit_rule_runs_the_input_instead_of_trapping_it(make_session):
    def broken(text):
        raise ValueError("bug")

    session = make_session(multi_line=True, multiline_submit=broken)
    assert type_into(session, "select 1" + ENTER) == "select 1"


def test_tab_with_a_single_candidate_puts_it_on_the_line_at_once(make_session):
    session = make_session(MANUAL, completer=WORDS)

    def completed(s):
        return s.default_buffer.text == "beta"

    assert type_into(session, "be" + TAB, completed, " x" + ENTER) == "beta x"


def test_tab_with_nothing_to_complete_changes_nothing(make_session):
    session = make_session(MANUAL, completer=WORDS)
    assert type_into(session, "beta" + TAB + "!" + ENTER) == "beta!"


def test_keys_typed_after_tab_before_its_answer_go_after_the_completed_word(make_session):
    # over ssh a fast typist's Tab and the next keys arrive together, before the completer's
    # thread answers: the lone candidate still goes on the line, the keys after it
    session = make_session(MANUAL, completer=WORDS)
    assert type_into(session, "be" + TAB + "(x)", text_is("beta(x)"), ENTER) == "beta(x)"


class GatedWords(WordCompleter):
    """WORDS, answering only once the test opens the gate (a completion still computing)."""

    def __init__(self) -> None:
        super().__init__(["alpha", "alps", "beta"])
        self.gate = threading.Event()
        self.asked = threading.Event()

    def get_completions(self, document, complete_event):
        self.asked.set()
        self.gate.wait(10)
        yield from super().get_completions(document, complete_event)

    # conditions for type_into
    def was_asked(self, session) -> bool:
        return self.asked.is_set()

    def release(self, session) -> bool:
        self.gate.set()
        return True


def text_is(expected: str):
    def text_reached(session) -> bool:
        return session.default_buffer.text == expected
    return text_reached


def test_tab_enter_typed_together_runs_the_completed_line(make_session):
    # over ssh Tab and Enter arrive in one read: Enter must see Tab's answer, as locally
    session = make_session(MANUAL, completer=WORDS)
    assert type_into(session, "be" + TAB + ENTER) == "beta"


def test_keys_typed_after_tab_are_handled_after_its_answer(make_session):
    session = make_session(MANUAL, completer=WORDS)
    assert type_into(session, "be" + TAB + "\x7f" + ENTER) == "bet"  # Tab made "beta", then Backspace


def test_keys_typed_after_tab_that_changed_the_text_before_the_cursor_are_left_alone(make_session):
    # The answer came after the keys (they were typed once Tab was being answered).
    completer = GatedWords()
    session = make_session(MANUAL, completer=completer)
    steps = ["be" + TAB, completer.was_asked, "\x7f", text_is("b"), completer.release, ENTER]
    assert type_into(session, *steps) == "b"


def test_a_tab_answer_slower_than_the_wait_lands_before_the_keys_typed_after(make_session, monkeypatch):
    import shellkit.keys

    monkeypatch.setattr(shellkit.keys, "TYPED_AHEAD_WAIT", 0.05)
    completer = GatedWords()
    session = make_session(MANUAL, completer=completer)
    steps = ["be" + TAB + "(x)", text_is("be(x)"), completer.release, text_is("beta(x)"), ENTER]
    assert type_into(session, *steps) == "beta(x)"


def test_tab_while_typing_s_menu_is_still_computing_puts_the_lone_candidate_on_the_line(make_session):
    completer = GatedWords()
    session = make_session(completer=completer)
    steps = ["be", completer.was_asked, TAB, completer.release, text_is("beta"), ENTER]
    assert type_into(session, *steps) == "beta"


class Superseding(WordCompleter):
    """As the Python completer: a new request makes the one still running answer nothing.
    Typing's requests wait for the test's gate."""

    def __init__(self) -> None:
        super().__init__(["alpha", "alps", "beta"])
        self.requests = 0
        self.gate = threading.Event()
        self.typing_asked = threading.Event()

    def get_completions(self, document, complete_event):
        self.requests += 1
        mine = self.requests
        if not complete_event.completion_requested:
            self.typing_asked.set()
            self.gate.wait(10)
        if mine == self.requests:
            yield from super().get_completions(document, complete_event)

    def typing_was_asked(self, session) -> bool:
        return self.typing_asked.is_set()

    def release(self, session) -> bool:
        self.gate.set()
        return True


def test_tab_opens_its_menu_when_typing_s_request_it_superseded_answers_nothing(make_session):
    # Tab's request made typing's (still open, no items yet) answer nothing: Tab's items show
    completer = Superseding()
    session = make_session(completer=completer)
    steps = ["al", completer.typing_was_asked, TAB, menu_has(2), completer.release, TAB, ENTER, ENTER]
    assert type_into(session, *steps) == "alpha"


def test_a_second_tab_before_the_first_is_answered_does_not_complete_twice(make_session):
    completer = GatedWords()
    session = make_session(MANUAL, completer=completer)
    steps = ["be" + TAB, completer.was_asked, TAB, completer.release, text_is("beta"), "!" + ENTER]
    assert type_into(session, *steps) == "beta!"


CTRL_SPACE = "\x00"  # also what a Ctrl-D typed during a command turns into (see keys.py)


def test_ctrl_d_typed_while_a_command_ran_still_leaves(make_session):
    session = make_session(completer=WORDS)
    session.input.send_text(CTRL_SPACE)  # waiting before the prompt starts
    with pytest.raises(EOFError):
        session.prompt()


def test_ctrl_space_after_the_prompt_settled_opens_the_menu(make_session):
    import time

    from shellkit.keys import TYPEAHEAD_WINDOW

    session = make_session(MANUAL, completer=WORDS)

    def settled(s):
        return s.app.is_running and time.monotonic() - s.engine.prompt_started > TYPEAHEAD_WINDOW

    assert type_into(session, settled, CTRL_SPACE, menu_has(3), TAB + ENTER, ENTER) == "alpha"


def test_ctrl_space_after_typing_opens_the_menu(make_session):
    session = make_session(MANUAL, completer=WORDS)
    assert type_into(session, "al" + CTRL_SPACE, menu_has(2), TAB + ENTER, ENTER) == "alpha"


def test_a_paste_asks_for_no_completions_typing_after_it_does(make_session):
    from prompt_toolkit.completion import Completer

    seen = []

    class Recording(Completer):
        def get_completions(self, document, complete_event):
            seen.append(document.text)
            return iter(())

    session = make_session(completer=Recording())
    pasted = "select 1;\nselect 2;"

    def completer_saw_typing(s):
        return any(text.endswith("x") for text in seen)

    text = type_into(session, paste(pasted), *pasted_and_redrawn(pasted), "x", completer_saw_typing, ENTER)
    assert text == pasted + "x"
    assert pasted not in seen
