"""Colour depth from the environment, and when colour is off altogether."""

from __future__ import annotations

import io
import os

import pytest
from prompt_toolkit.output.color_depth import ColorDepth

from themes import color_enabled, current_theme, detect_color_depth


@pytest.mark.parametrize(
    ("env", "depth"),
    [
        ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, ColorDepth.DEPTH_24_BIT),
        ({"TERM": "xterm", "COLORTERM": "24bit"}, ColorDepth.DEPTH_24_BIT),
        ({"TERM": "xterm-direct"}, ColorDepth.DEPTH_24_BIT),
        ({"TERM": "xterm-256color"}, ColorDepth.DEPTH_8_BIT),
        ({"TERM": "screen-256color"}, ColorDepth.DEPTH_8_BIT),
        ({"TERM": "xterm"}, ColorDepth.DEPTH_4_BIT),
        ({"TERM": "linux"}, ColorDepth.DEPTH_4_BIT),
        ({"TERM": "dumb", "COLORTERM": "truecolor"}, ColorDepth.DEPTH_1_BIT),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, ColorDepth.DEPTH_1_BIT),
        ({"TERM": "xterm-256color", "NO_COLOR": ""}, ColorDepth.DEPTH_1_BIT),
        ({"TERM": "xterm", "SHELLKIT_COLOR_DEPTH": "truecolor"}, ColorDepth.DEPTH_24_BIT),
        ({"TERM": "xterm-256color", "SHELLKIT_COLOR_DEPTH": "16"}, ColorDepth.DEPTH_4_BIT),
        ({"TERM": "xterm-256color", "SHELLKIT_COLOR_DEPTH": "none"}, ColorDepth.DEPTH_1_BIT),
        ({"TERM": "xterm-256color", "NO_COLOR": "1", "SHELLKIT_COLOR_DEPTH": "truecolor"}, ColorDepth.DEPTH_1_BIT),
    ],
)
def test_depth_follows_colorterm_term_and_overrides(monkeypatch, env, depth):
    monkeypatch.delenv("TERM", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert detect_color_depth() == depth


def test_config_setting_applies_when_the_environment_has_no_override(monkeypatch):
    assert detect_color_depth("16") == ColorDepth.DEPTH_4_BIT
    assert detect_color_depth("auto") == ColorDepth.DEPTH_8_BIT
    monkeypatch.setenv("SHELLKIT_COLOR_DEPTH", "truecolor")
    assert detect_color_depth("16") == ColorDepth.DEPTH_24_BIT


def test_color_depth_in_the_config_file_reaches_the_theme(config_file):
    config_file('[main]\ntheme = "dark"\ncolor_depth = "truecolor"\n')
    theme = current_theme()
    assert theme.name == "dark"
    assert theme.color_depth == ColorDepth.DEPTH_24_BIT
    assert "38;2;" in theme.ansi("header")


def test_color_enabled_only_on_a_terminal_without_no_color(monkeypatch):
    master, slave = os.openpty()
    with os.fdopen(master, "rb") as _, os.fdopen(slave, "w") as tty:
        assert color_enabled(tty)
        assert not color_enabled(io.StringIO())
        monkeypatch.setenv("NO_COLOR", "1")
        assert not color_enabled(tty)
        monkeypatch.delenv("NO_COLOR")
        monkeypatch.setenv("TERM", "dumb")
        assert not color_enabled(tty)


def test_a_closed_stream_gets_no_colour():
    stream = io.StringIO()
    stream.close()
    assert not color_enabled(stream)


def test_a_bad_depth_override_warns_once_and_is_ignored(monkeypatch, capsys):
    monkeypatch.setenv("SHELLKIT_COLOR_DEPTH", "lots")
    assert detect_color_depth() == ColorDepth.DEPTH_8_BIT
    assert detect_color_depth() == ColorDepth.DEPTH_8_BIT
    assert capsys.readouterr().err.count("SHELLKIT_COLOR_DEPTH='lots' is not one of") == 1
