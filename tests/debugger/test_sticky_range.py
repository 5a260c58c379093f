"""`sticky START END`: sticky mode showing a chosen range of the current file."""

from __future__ import annotations

import pytest

from debugger.sticky import StickyRange, StickyRangeError, parse_range
from tests.debugger.conftest import run_python

PROGRAM = """\
import helper_mod
# line 2
FIRST = 3
SECOND = 4
THIRD = 5
# line 6

def work():
    total = FIRST + SECOND
    breakpoint()
    total += helper_mod.bump(total)
    return total

print("result", work())
"""

HELPER = """\
def bump(value):
    doubled = value * 2
    return doubled
"""


def test_a_range_is_two_line_numbers_within_the_file():
    assert parse_range("3 5", "prog.py", 14) == StickyRange("prog.py", 3, 5)
    assert parse_range("  ", "prog.py", 14) is None
    assert parse_range("7 7", "prog.py", 14) == StickyRange("prog.py", 7, 7)


@pytest.mark.parametrize(("arg", "message"), [
    ("3", "sticky takes a first and a last line number (sticky 10 30), or nothing to toggle"),
    ("1 2 3", "sticky takes a first and a last line number (sticky 10 30), or nothing to toggle"),
    ("x", "sticky: line numbers expected, not 'x' (sticky 10 30)"),
    ("a b", "sticky: line numbers expected, not 'a b' (sticky 10 30)"),
    ("30 10", "sticky: the range ends before it starts (30 > 10)"),
    ("0 4", "sticky: line numbers start at 1"),
    ("10 30", "sticky: prog.py has 14 lines; 10 30 goes past its end"),
])
def test_bad_ranges_say_what_is_wrong(arg, message):
    with pytest.raises(StickyRangeError) as caught:
        parse_range(arg, "/somewhere/prog.py", 14)
    assert str(caught.value) == message


def test_a_file_without_source_has_no_range():
    with pytest.raises(StickyRangeError, match="no source for <string>"):
        parse_range("1 2", "<string>", 0)


def run(script, commands: str) -> str:
    path = script(PROGRAM)
    (path.parent / "helper_mod.py").write_text(HELPER)
    return run_python([path.name], commands, path.parent, {"PYTHONBREAKPOINT": "debugger.set_trace"})


def test_sticky_range_shows_only_those_lines_at_every_stop_in_that_file(script):
    out = run(script, "sticky 3 5\nn\nsticky\nn\nc\n")
    stops = out.split("(Pdb) ")
    for shown in stops[1], stops[2]:  # at once, then after `n`
        assert "  3  \tFIRST = 3\n  4  \tSECOND = 4\n  5  \tTHIRD = 5\n" in shown
        assert "def work" not in shown and "# line 2" not in shown and "# line 6" not in shown
    assert "FIRST = 3" not in stops[3] + stops[4]  # plain `sticky` turned it off
    assert "result 21" in out


def test_sticky_range_shows_the_function_when_stopped_in_another_file(script):
    out = run(script, "sticky 3 5\ns\ns\nsticky\nc\n")
    in_helper = out.split("(Pdb) ")[3]
    assert "bump()" in in_helper and "def bump(value):" in in_helper and "FIRST = 3" not in in_helper


def test_bad_sticky_input_gets_one_message_and_changes_nothing(script):
    out = run(script, "sticky x\nsticky 30 10\nsticky 4\nsticky 10 99\nn\nc\n")
    replies = out.split("(Pdb) ")[1:5]
    assert [reply.count("\n") for reply in replies] == [1, 1, 1, 1]
    assert all(reply.startswith("*** sticky") for reply in replies)
    assert "Traceback" not in out and "FIRST = 3" not in out  # sticky stayed off
