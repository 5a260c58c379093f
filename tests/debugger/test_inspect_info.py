"""`obj?` and `obj??`: which lines are requests, what is said about an object, and the
debugger's answer at its non-terminal prompt."""

from __future__ import annotations

import functools

import pytest

from debugger.inspect_info import DOC_LINES, InspectRequest, describe, info_lines, parse_request
from tests.debugger.conftest import Session


class Point:
    """A point on the plane.

    Second paragraph, left out."""

    def __init__(self, x: int, y: int) -> None:
        self.x = x
        self.y = y

    def norm(self, scale: float = 1.0) -> float:
        """Distance from the origin."""
        return (self.x ** 2 + self.y ** 2) ** 0.5 * scale


def decorated(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@decorated
def wrapped_function(a, b=2):
    return a + b


@pytest.mark.parametrize(("line", "expected"), [
    ("obj?", InspectRequest("obj", False)),
    ("obj.norm??", InspectRequest("obj.norm", True)),
    ("  (a + b)[0] ?  ", InspectRequest("(a + b)[0]", False)),
    ("?", None),  # pdb's help
    ("??", None),
    ("? p", None),
    ("!x?", None),  # a ! statement is Python, as typed
    ("x = 1  # why?", None),  # valid Python with a comment: it runs
    ("x", None),
    ("x???", None),
    ("def?", None),
    ("p x?", None),  # not an expression as a whole: left to pdb
])
def test_only_an_expression_followed_by_question_marks_is_a_request(line, expected):
    assert parse_request(line) == expected


def test_a_method_is_described_by_type_signature_file_and_docstring():
    point = Point(3, 4)
    info = describe(point.norm, "<bound method>")
    shown = "\n".join(info_lines(info))
    assert info.type_name == "method"
    assert "Signature: norm(scale: 'float' = 1.0) -> 'float'" in shown  # annotations are strings here
    assert f"File:      {__file__}:" in shown
    assert "Docstring: Distance from the origin." in shown
    assert info.source == ()  # only asked for by ??


def test_an_instance_is_described_by_its_class_and_only_the_docstrings_first_paragraph():
    info = describe(Point(1, 2), "Point()", with_source=True)
    assert info.type_name.endswith("Point") and info.signature is None
    assert info.doc_lines == ("A point on the plane.",) and info.doc_cut
    assert info_lines(info)[-1].endswith("…")
    assert info.source[0].startswith("class Point:")
    assert info.defined_at == f"{__file__}:{info.source_start}"


def test_a_decorated_function_shows_the_source_of_the_function_it_wraps():
    info = describe(wrapped_function, "<function>", with_source=True)
    assert "a + b" in "".join(info.source)
    assert info.signature == "wrapped_function(a, b=2)"


def test_builtins_have_no_file_or_source_and_long_docstrings_are_cut():
    info = describe(len, "<built-in function len>", with_source=True)
    assert info.defined_at is None and info.source == ()
    assert info.signature == "len(obj, /)"
    long_doc = type("Long", (), {"__doc__": "\n".join(f"line {n}" for n in range(30))})()
    assert len(describe(long_doc, "x").doc_lines) == DOC_LINES


def test_objects_whose_introspection_raises_are_still_described():
    class Hostile:
        @property
        def __doc__(self):
            raise RuntimeError("no doc")

        def __call__(self):
            return 1

        @property
        def __signature__(self):
            raise RuntimeError("no signature")

    info = describe(Hostile(), "Hostile()")
    assert info.doc_lines == () and info.signature is None
    assert info_lines(info)[:2] == [f"Type:      {info.type_name}", "Repr:      Hostile()"]


def test_a_multiline_repr_is_indented_under_its_label():
    info = describe([1], "first\nsecond")
    assert info_lines(info)[1:3] == ["Repr:      first", "           second"]


# -- at the debugger's prompt --------------------------------------------------------


def stopped_with(session):
    point = Point(3, 4)  # noqa: F841 - read by the debugger
    c = 5  # noqa: F841 - a local named like the continue command
    session.debugger.set_trace()
    return "done"


def test_question_mark_after_an_expression_describes_its_value():
    session = Session(["point?", "point.norm??", "c"])
    assert stopped_with(session) == "done"
    text = session.text
    assert "Type:      tests.debugger.test_inspect_info.Point\n" in text
    assert "Repr:      <tests.debugger.test_inspect_info.Point object" in text
    assert "Signature: norm(scale: 'float' = 1.0) -> 'float'" in text
    assert "Source:\n" in text and "\t    def norm(self, scale: float = 1.0) -> float:" in text
    assert "\x1b" not in text  # no terminal: no colour


def test_an_expression_that_fails_prints_one_error_line_as_p_does():
    session = Session(["missing.attr?", "point.nothing??", "c"])
    stopped_with(session)
    replies = session.text.split("(Pdb) ")[1:3]
    assert replies == ["*** NameError: name 'missing' is not defined\n",
                       "*** AttributeError: 'Point' object has no attribute 'nothing'\n"]


def test_help_aliases_and_pdb_commands_keep_their_meaning():
    session = Session(["?", "??", "? p", "!point?", "x = 1  # set?", "p x", "c?", "p 'not reached'"])
    stopped_with(session)
    replies = session.text.split("(Pdb) ")
    assert "Documented commands" in replies[1]
    assert "No help" in replies[2]
    assert replies[3].startswith("p expression")
    assert "SyntaxError" in replies[4]
    assert replies[6] == "1\n"
    assert "not reached" not in session.text and "Type:" not in session.text  # c? continued


def test_with_smart_commands_a_local_named_like_a_command_is_described():
    session = Session(["c?", "!!c"], smart_commands=True)
    assert stopped_with(session) == "done"
    assert "Type:      int" in session.text and "Repr:      5" in session.text


def test_a_builtin_has_no_source_to_show():
    session = Session(["len??", "c"])
    stopped_with(session)
    assert "Source:    not available" in session.text


def test_a_repr_is_cut_in_the_description():
    session = Session(["'x' * 5000?", "c"])
    stopped_with(session)
    assert "<5000 characters in all>" in session.text and len(session.text) < 3000


def test_a_broken_repr_is_reported_inside_the_description():
    class Broken:
        def __repr__(self):
            raise RuntimeError("no repr")

    def program(session):
        broken = Broken()  # noqa: F841 - read by the debugger
        session.debugger.set_trace()
        return "done"

    session = Session(["broken?", "c"])
    assert program(session) == "done"
    assert "Repr:      <repr raised RuntimeError: no repr>" in session.text
