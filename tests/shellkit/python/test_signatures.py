"""The signature of the call under the cursor, for the toolbar."""

from __future__ import annotations

import json
import os
import sys
import threading

from shellkit.python.signatures import SignatureTracker, signature_at, static_signature


def test_print_shows_its_full_signature_and_first_doc_line():
    sig = signature_at("print(", [{}], use_jedi=False)
    if sys.version_info >= (3, 11):
        assert sig.text() == "print(*args, sep=' ', end='\\n', file=None, flush=False)"
    else:  # no __text_signature__ before 3.11: the line print's docstring opens with
        assert sig.text() == "print(value, ..., sep=' ', end='\\n', file=sys.stdout, flush=False)"
    assert sig.doc.startswith("Prints the values to a stream")
    assert sig.current == 0


def test_a_builtin_without_a_signature_shows_the_one_its_docstring_opens_with():
    sig = static_signature("min(", [{}])
    assert sig.text() == "min(iterable, *[, default=obj, key=func])"
    assert sig.current == 0
    assert sig.doc.startswith("With a single iterable argument, return its smallest item")
    assert static_signature("print(1, 2, 3", [{}]).current == 0  # the repeated positional


def test_a_keyword_argument_of_a_docstring_signature_is_marked():
    sig = static_signature("min(xs, key=", [{}])
    assert sig.parameters[sig.current] == "*[, default=obj, key=func]"


def test_the_parameter_being_typed_is_marked():
    sig = signature_at("json.dumps(data, ind", [{"json": json}])
    assert sig.parameters[sig.current] == "indent=None"
    sig = signature_at("os.path.join('a', ", [{"os": os}])
    assert sig.parameters[sig.current] == "*p"


def test_positional_only_and_keyword_only_markers_are_kept():
    assert signature_at("sorted(", [{}]).text() == "sorted(iterable, /, *, key=None, reverse=False)"


def test_signature_of_a_user_function_and_a_class():
    ns: dict = {}
    # typed at the prompt, without this file's `from __future__ import annotations`
    source = (
        "def area(width: int, height: int = 2) -> int:\n"
        "    \"\"\"Area of a rectangle.\n\n    More text.\"\"\"\n"
        "class Point:\n"
        "    def __init__(self, x, y):\n"
        "        pass\n"
    )
    exec(compile(source, "<prompt>", "exec", dont_inherit=True), ns)
    sig = static_signature("area(3, ", [ns])
    assert sig.text() == "area(width: int, height: int = 2)"
    assert sig.doc == "Area of a rectangle."
    assert sig.current == 1
    assert static_signature("Point(", [ns]).text() == "Point(x, y)"


def test_nested_calls_use_the_innermost_open_call():
    assert signature_at("print(len(", [{}]).name == "len"
    assert signature_at("print(len(x), ", [{}]).name == "print"


def test_no_signature_outside_a_call():
    assert signature_at("x = 1", [{}]) is None


def test_signature_lookup_never_runs_a_property():
    runs = []

    class Device:
        @property
        def motor(self):
            runs.append("property")
            return self

    ns = {"dev": Device()}
    signature_at("dev.motor.move(", [ns])
    assert runs == []


def test_tracker_computes_in_the_background_and_reports_changes():
    changed = threading.Event()
    namespace = {"json": json}
    tracker = SignatureTracker(lambda: (namespace, namespace), on_change=changed.set, use_jedi=False)
    tracker.update("json.loads(")
    assert changed.wait(10)
    assert tracker.current.name == "loads"
    tracker.clear()
    assert tracker.current is None


def test_a_narrow_toolbar_keeps_the_parameter_being_typed_in_view():
    sig = signature_at("json.dumps(x, ind", [{"json": json}])
    narrow = "".join(text for _, text in sig.fragments(50))
    assert "indent=None" in narrow
    assert narrow.startswith("dumps(…, ")
    assert len(narrow) <= 50
    current = [text for style, text in sig.fragments(50) if style == "class:signature.current"]
    assert current == ["indent=None"]


def test_a_wide_toolbar_shows_everything_and_the_doc():
    sig = signature_at("json.loads(", [{"json": json}])
    wide = "".join(text for _, text in sig.fragments(300))
    assert wide == sig.text() + "  " + sig.doc


def test_a_method_of_a_new_instance_shows_no_self():
    class Stage:
        def move(self, distance, *, speed=1):
            pass

    assert signature_at("Stage().move(", [{"Stage": Stage}]).text() == "move(distance, *, speed=1)"
