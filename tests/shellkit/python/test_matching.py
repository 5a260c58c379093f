"""Ranking typed words against names."""

from __future__ import annotations

from shellkit.python.matching import best_matches

NAMES = {"path": "module", "pathsep": "instance", "PathLike": "class", "fspath": "function",
         "spawnl": "function", "_private": "instance", "__dunder__": "function"}


def test_prefix_then_case_insensitive_prefix_then_substring_then_fuzzy():
    assert [n for n, _ in best_matches("pat", NAMES)] == ["path", "pathsep", "PathLike", "fspath"]
    assert [n for n, _ in best_matches("pl", NAMES)][:1] == ["PathLike"]


def test_private_names_only_after_an_underscore():
    assert "_private" not in dict(best_matches("", NAMES))
    assert [n for n, _ in best_matches("_", NAMES)] == ["_private", "__dunder__"]


def test_while_typing_a_short_word_matches_by_prefix_only():
    assert [n for n, _ in best_matches("pa", NAMES, requested=False)] == ["path", "pathsep", "PathLike"]
    assert "spawnl" in dict(best_matches("pa", NAMES, requested=True))
    assert "fspath" in dict(best_matches("path", NAMES, requested=False))
