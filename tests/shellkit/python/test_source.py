"""When Enter runs the input, how the next line is indented, where a syntax error is."""

from __future__ import annotations

import pytest

from shellkit.python.source import InputCompiler, ends_block, next_indent


@pytest.mark.parametrize(("text", "runs"), [
    ("", True),
    ("x = 1", True),
    ("await thing()", True),
    ("for i in x: print(i)", True),
    ("x = [\n  1,\n  2]", True),
    ("if x:", False),
    ("x = (", False),
    ('s = """abc', False),
    ("def f():\n    return 1", False),
    ("def f():\n    return 1\n", True),
    ("def f():\n    return 1\n    ", True),
    ("foo bar", True),  # an error runs, so the validator can show it
])
def test_enter_rule(text, runs):
    assert ends_block(text) is runs


@pytest.mark.parametrize(("line", "indent"), [
    ("def f():", 4),
    ("    if x:  # comment", 8),
    ("    x = 1", 4),
    ("        return x", 4),
    ("    pass", 0),
    ("    raise ValueError('a: b')", 0),
    ("x = {'a:", 0),
])
def test_next_line_indent(line, indent):
    assert next_indent(line) == " " * indent


def test_problem_points_at_the_error():
    problem = InputCompiler().problem("x = 1\ny = )")
    assert (problem.line, problem.column, problem.offset) == (2, 5, 10)


def test_top_level_await_compiles():
    assert InputCompiler().problem("await f()") is None


def test_future_imports_stay_in_force():
    compiler = InputCompiler()
    compiler.compile_statements("from __future__ import annotations", "<t>")
    code = compiler.compile_statements("def f(x: Undefined): pass", "<t>")[0]
    namespace: dict = {}
    exec(code, namespace)
    assert namespace["f"].__annotations__ == {"x": "Undefined"}
