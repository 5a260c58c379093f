"""The pure classifier: what the cursor wants."""

from __future__ import annotations

import pytest

from shellkit.python.context import call_at, completion_context


@pytest.mark.parametrize(("text", "kind", "prefix", "expr"), [
    ("os.pa", "attribute", "pa", "os"),
    ("a.b(c)[0].d", "attribute", "d", "a.b(c)[0]"),
    ('"abc".up', "attribute", "up", '"abc"'),
    ("pri", "name", "pri", ""),
    ("d['ab", "dict_key", "ab", "d"),
    ('cfg.data["', "dict_key", "", "cfg.data"),
    ("import o", "import_module", "o", ""),
    ("import os.pa", "import_module", "pa", "os"),
    ("from os.pa", "import_module", "pa", "os"),
    ("from os import pa", "import_name", "pa", "os"),
    ("from os import (path, se", "import_name", "se", "os"),
    ("from os i", "keyword", "i", "import"),
    ("open('/tm", "path", "/tm", ""),
    ("# os.", "nothing", "", ""),
    ("def na", "nothing", "", ""),
    ("def ", "nothing", "", ""),
    ("x = 1.", "nothing", "", ""),
    ("f'{x.", "attribute", "", "x"),
    ("f'{{x.", "nothing", "", ""),
    ("f'{a} and {os.pa", "attribute", "pa", "os"),
    ("f'done {a}", "nothing", "", ""),
])
def test_classifies_the_word_at_the_cursor(text, kind, prefix, expr):
    ctx = completion_context(text)
    assert (ctx.kind, ctx.prefix, ctx.expr) == (kind, prefix, expr)


def test_inside_a_call_the_callee_and_argument_index_are_known():
    ctx = completion_context("dev.move(1, sp")
    assert (ctx.call, ctx.arg_index) == ("dev.move", 1)


def test_brackets_and_strings_inside_arguments_do_not_confuse_the_call():
    assert call_at("f(g(1, 2), 'a,b', [3, 4], ") == ("f", 3)
    assert call_at("print('hello, wor") == ("print", 0)
    assert call_at("x = 1") is None
    assert call_at("if (a") is None


def test_a_bare_subscript_is_a_key_context_without_quote():
    ctx = completion_context("cfg[na")
    assert (ctx.kind, ctx.prefix, ctx.expr, ctx.quote) == ("dict_key", "na", "cfg", "")
    assert completion_context("x = [na").kind == "name"


def test_imports_over_several_lines_and_aliases():
    ctx = completion_context("from os import (path,\n    se")
    assert (ctx.kind, ctx.prefix, ctx.expr) == ("import_name", "se", "os")
    assert completion_context("from os import path as").kind == "nothing"
    assert completion_context("import numpy as").kind == "nothing"
