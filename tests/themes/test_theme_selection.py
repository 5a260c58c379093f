"""Which theme a shell gets: argument, SHELLKIT_THEME, config, pygments names, switching at run time."""

from __future__ import annotations

import pytest
from prompt_toolkit import PromptSession
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.styles import merge_styles
from pygments.styles import get_style_by_name
from pygments.token import Keyword

import themes
from themes import ThemeError, ThemeSwitch, current_theme, load_theme


def test_no_name_means_the_config_file_theme(config_file):
    config_file('[main]\ntheme = "solarized-light"\n')
    assert current_theme().name == "solarized-light"


def test_environment_beats_the_config_and_an_argument_beats_both(config_file, monkeypatch):
    config_file('[main]\ntheme = "solarized-light"\n')
    monkeypatch.setenv("SHELLKIT_THEME", "light")
    assert current_theme().name == "light"
    assert current_theme("high-contrast").name == "high-contrast"


def test_nothing_configured_means_default():
    assert current_theme().name == "default"


def test_unknown_name_warns_and_gives_the_default(capsys):
    theme = current_theme("no-such-theme")
    assert theme.name == "default"
    assert 'unknown theme "no-such-theme"' in capsys.readouterr().err


def test_load_theme_raises_for_an_unknown_name():
    with pytest.raises(ThemeError, match="`shellkit themes` lists them"):
        load_theme("no-such-theme")


def test_a_pygments_style_name_is_a_theme_with_that_styles_syntax_colours():
    theme = load_theme("monokai")
    assert theme.kind == "pygments"
    monokai = get_style_by_name("monokai")
    assert theme.pygments_style().style_for_token(Keyword) == monokai.style_for_token(Keyword)
    assert theme.background == monokai.background_color
    assert theme.ui["menu"].startswith("bg:#")


def test_pygments_prefix_reaches_a_style_hidden_by_a_builtin():
    theme = load_theme("pygments:default")
    assert theme.kind == "pygments"
    assert theme.pygments_style().style_for_token(Keyword)["color"] == "008000"


def test_switch_restyles_a_running_prompt_session():
    switch = ThemeSwitch(load_theme("dark"))
    changes = []
    switch.on_change(changes.append)
    with create_pipe_input() as pipe:
        session = PromptSession(">>> ", style=switch.style, input=pipe, output=DummyOutput())
        style = session.app.style  # prompt_toolkit merges its defaults with ours
        before = style.get_attrs_for_style_str("class:completion-menu")
        switch.set("light")
        after = style.get_attrs_for_style_str("class:completion-menu")
    assert before.bgcolor == "3a3a3a" and after.bgcolor == "e4e4e4"
    assert [t.name for t in changes] == ["light"]


def test_switch_to_an_unknown_theme_raises_and_keeps_the_old_one():
    switch = ThemeSwitch(load_theme("dark"))
    with pytest.raises(ThemeError):
        switch.set("nope")
    assert switch.theme.name == "dark"


def test_apply_changes_the_process_wide_theme_used_by_every_shell():
    switch = themes.use("dark")
    assert themes.active() is switch and switch.theme.name == "dark"
    themes.apply("solarized-dark")
    assert themes.active().theme.name == "solarized-dark"
    assert themes.use("light") is switch and switch.theme.name == "light"


def test_switching_keeps_no_colour_when_no_color_is_set(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    switch = ThemeSwitch(current_theme("dark"))
    assert switch.set("solarized-dark").colorless


def test_every_switch_changes_the_style_cache_key_even_back_and_forth():
    # prompt_toolkit caches merged styles by this key; a key that repeated (a DynamicStyle's
    # id() of a freed Style) kept the old colours on screen.
    switch = ThemeSwitch(load_theme("dark"))
    keys = {switch.style.invalidation_hash()}
    for name in ("light", "dark", "light"):
        switch.set(name)
        keys.add(switch.style.invalidation_hash())
    assert len(keys) == 4
    merged = merge_styles([switch.style])
    assert merged.get_attrs_for_style_str("class:prompt").color == "008700"
    switch.set("dark")
    assert merged.get_attrs_for_style_str("class:prompt").color == "87d75f"
