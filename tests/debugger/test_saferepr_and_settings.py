"""Bounded reprs, and the [debugger] settings read from the config file."""

from __future__ import annotations

import threading

import pytest

from debugger import Debugger
from debugger.saferepr import safe_repr
from debugger.settings import DebuggerSettings, load_settings


def test_small_values_get_their_plain_repr():
    assert safe_repr({"a": [1, 2]}) == "{'a': [1, 2]}"
    import pprint

    assert safe_repr(list(range(30)), render=pprint.pformat).count("\n") == 29


def test_huge_containers_are_abbreviated_without_building_their_repr():
    text = safe_repr(list(range(10**6)))
    assert text.endswith("<list of 1000000 items>") and len(text) < 400


def test_long_strings_and_reprs_are_cut_to_the_limit():
    assert safe_repr("x" * 500, limit=100) == repr("x" * 100) + "... <500 characters in all>"
    assert safe_repr(b"\0" * 500, limit=100) == repr(b"\0" * 100) + "... <500 bytes in all>"
    assert len(safe_repr("y" * 500, limit=0)) == 502  # 0: no limit

    class Long:
        def __repr__(self):
            return "z" * 1000

    assert safe_repr(Long(), limit=50) == "z" * 50 + "... <950 more characters>"


def test_a_repr_over_budget_gives_a_placeholder():
    release = threading.Event()

    class Slow:
        def __repr__(self):
            release.wait(30)
            return "Slow()"

    try:
        assert "repr took longer than 0.05 s" in safe_repr(Slow(), budget=0.05)
    finally:
        release.set()


def test_a_repr_that_raises_raises_as_repr_would():
    class Broken:
        def __repr__(self):
            raise KeyError("nope")

    with pytest.raises(KeyError):
        safe_repr(Broken())


def test_settings_come_from_the_debugger_section(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("[debugger]\nsticky = true\nhide_frames = true\n")
    monkeypatch.setenv("SHELLKIT_CONFIG", str(config))
    assert load_settings() == DebuggerSettings(sticky=True, hide_frames=True)
    assert Debugger().settings.sticky is True


def test_defaults_change_nothing_pdb_prints():
    defaults = load_settings()
    assert not (defaults.sticky or defaults.hide_frames or defaults.smart_commands)
