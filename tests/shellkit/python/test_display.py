"""Showing results: repr, theme colours, limits for huge values."""

from __future__ import annotations

import io

from shellkit.python.display import ValueDisplay


def show(value, **kwargs) -> str:
    out = io.StringIO()
    ValueDisplay(out=lambda: out, page=False, **kwargs)(value)
    return out.getvalue()


def test_a_value_is_shown_as_its_repr():
    assert show({"a": [1, None]}) == "{'a': [1, None]}\n"


def test_the_highlighter_colours_the_repr():
    assert show("x", highlight=lambda text: f"<{text}>") == "<'x'>\n"


def test_a_huge_value_is_shown_plain_rather_than_slowly():
    big = "x" * 200_000
    assert show(big, highlight=lambda text: "coloured") == repr(big) + "\n"
