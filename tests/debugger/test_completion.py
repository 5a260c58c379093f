"""Completion at the debugger prompt, against a real stopped frame."""

from __future__ import annotations

import io
import sys

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from debugger import Debugger, DebuggerSettings
from debugger.completion import BREAKPOINT, EXPRESSION, FIRST_WORD, LOCATION, DebuggerCompleter, classify


class Point:
    def __init__(self) -> None:
        self.x, self.y = 1, 2

    def norm(self) -> float:
        return 0.0


def caller_frame_with_only_me():
    only_in_caller = 1  # noqa: F841 - completed from the frame
    return stopped_debugger()


def stopped_debugger() -> Debugger:
    """A debugger set up on this function's live frame (as at a stop)."""
    point = Point()  # noqa: F841 - completed from the frame
    debugger = Debugger(stdin=io.StringIO(), stdout=io.StringIO(), nosigint=True, readrc=False,
                        settings=DebuggerSettings())
    debugger.reset()
    debugger.setup(sys._getframe(), None)
    return debugger


def complete(debugger: Debugger, text: str) -> list[str]:
    from shellkit.python.completer import PythonCompleter

    python = PythonCompleter(lambda: (debugger.curframe.f_globals, debugger.curframe_locals), use_jedi=False)
    completer = DebuggerCompleter(lambda: debugger, python)
    found = completer.get_completions(Document(text, len(text)), CompleteEvent(completion_requested=True))
    return [c.text for c in found]


@pytest.mark.parametrize(("line", "kind", "start"), [
    ("", FIRST_WORD, 0),
    ("con", FIRST_WORD, 0),
    ("p obj.a", EXPRESSION, 2),
    ("!x.", EXPRESSION, 1),
    ("display  po", EXPRESSION, 9),
    ("b prog", LOCATION, 2),
    ("tbreak x.py:1", LOCATION, 7),
    ("disable 1 ", BREAKPOINT, 8),
    ("condition 1 a.", EXPRESSION, 12),
    ("obj = 3", EXPRESSION, 0),
])
def test_classify_says_what_the_argument_is(line, kind, start):
    context = classify(line, {"p", "display", "b", "tbreak", "disable", "condition", "c"})
    assert (context.kind, context.argument_start) == (kind, start)


def test_first_word_offers_commands_and_frame_names():
    debugger = stopped_debugger()
    assert {"condition", "cont", "continue"} <= set(complete(debugger, "con"))
    assert "point" in complete(debugger, "poi")


def test_p_completes_attributes_of_a_local():
    debugger = stopped_debugger()
    assert {"x", "y", "norm"} <= set(complete(debugger, "p point."))
    assert complete(debugger, "pp point.no") == ["norm"]
    assert "norm" in complete(debugger, "display point.n")
    assert "norm" in complete(debugger, "point.n")  # a bare expression


def test_completion_follows_up_and_down():
    debugger = caller_frame_with_only_me()
    assert "only_in_caller" not in complete(debugger, "p only_in")
    debugger.onecmd("up")
    assert complete(debugger, "p only_in") == ["only_in_caller"]
    debugger.onecmd("down")
    assert complete(debugger, "p only_in") == []


def test_break_completes_files_then_def_lines(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "prog.py").write_text("x = 1\n\ndef main():\n    pass\n\nclass Thing:\n    pass\n")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "notes.txt").write_text("")
    debugger = stopped_debugger()
    assert complete(debugger, "b pr") == ["prog.py"]
    assert "pkg/" in complete(debugger, "b p")
    assert "notes.txt" not in complete(debugger, "b n")
    assert complete(debugger, "b prog.py:") == ["3", "6"]
    assert "Point" in complete(debugger, "b Poi")  # functions and classes of the frame


def test_breakpoint_commands_complete_numbers():
    debugger = stopped_debugger()
    debugger.onecmd(f"b {__file__}:20")
    numbers = complete(debugger, "disable ")
    assert numbers and all(n.isdigit() for n in numbers)


def test_an_exception_in_completion_yields_nothing():
    debugger = stopped_debugger()

    class Exploding:
        def get_completions(self, document, event):
            raise RuntimeError("boom")

    completer = DebuggerCompleter(lambda: debugger, Exploding())
    assert list(completer.get_completions(Document("p x"), CompleteEvent())) == []


def test_no_stop_no_completions():
    completer = DebuggerCompleter(lambda: None, None)
    assert list(completer.get_completions(Document("p x"), CompleteEvent())) == []
