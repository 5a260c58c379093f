"""User themes: TOML files overriding a base theme, with one clear warning per problem."""

from __future__ import annotations

import pytest
from pygments.token import Keyword, Name, String

from themes import ThemeError, current_theme, list_themes, load_theme
from themes.builtin import BUILTIN_THEMES
from themes.palette import render_palette


def test_user_theme_overrides_only_what_it_names(user_theme):
    user_theme("mine", 'base = "dark"\nprompt = "bold #ff8700"\n[ui]\n"menu.selected" = "bg:#870000 #ffffff"\n'
                       '[syntax]\nkeyword = "bold #ff5faf"\n"name.builtin" = "red"\n')
    theme = load_theme("mine")
    dark = load_theme("dark")
    assert theme.kind == "user" and theme.warnings == ()
    assert theme.ui["prompt"] == "bold #ff8700"
    assert theme.ui["menu.selected"] == "bg:#870000 #ffffff"
    assert theme.ui["menu"] == dark.ui["menu"]
    cls = theme.pygments_style()
    assert cls.style_for_token(Keyword)["color"] == "ff5faf"
    assert cls.style_for_token(Name.Builtin)["color"] == "ff0000"  # a web colour name works in syntax too
    assert cls.style_for_token(String)["color"] == dark.pygments_style().style_for_token(String)["color"]
    assert theme.background == dark.background


def test_bad_colour_warns_once_naming_key_value_and_the_base_value_kept(user_theme, capsys):
    path = user_theme("oops", 'base = "light"\nprompt = "bold #ggg"\n[syntax]\nComment = "italic pink-ish"\n')
    theme = current_theme("oops")
    current_theme("oops")  # loading again does not repeat the warnings
    err = capsys.readouterr().err.splitlines()
    light = load_theme("light")
    assert theme.ui["prompt"] == light.ui["prompt"]
    assert len(err) == 2
    assert f'theme "oops" ({path}): prompt = \'bold #ggg\': bad colour \'#ggg\'' in err[0]
    assert f'using "{light.ui["prompt"]}" from theme "light"' in err[0]
    assert "syntax.Comment" in err[1] and "pink-ish" in err[1] and light.syntax["Comment"] in err[1]


def test_unknown_key_warns_with_the_closest_known_name(user_theme, capsys):
    user_theme("typo", '[ui]\n"menu.selectd" = "bg:#000000"\n[syntax]\nKeywrd = "bold"\n')
    theme = current_theme("typo")
    err = capsys.readouterr().err
    assert 'unknown key "menu.selectd" ignored (did you mean "menu.selected"?)' in err
    assert 'unknown key "syntax.Keywrd" ignored (did you mean "syntax.Keyword"?)' in err
    assert theme.ui["menu.selected"] == load_theme("default").ui["menu.selected"]


def test_non_text_value_warns_and_keeps_the_base(user_theme):
    user_theme("num", "prompt = 12\n")
    theme = load_theme("num")
    assert theme.ui["prompt"] == load_theme("default").ui["prompt"]
    assert "expected a text value" in theme.warnings[0]


def test_user_file_shadows_a_builtin_and_may_use_it_as_base(user_theme):
    user_theme("dark", 'base = "dark"\nnull = "italic #ff0000"\n')
    theme = load_theme("dark")
    assert theme.kind == "user" and theme.ui["null"] == "italic #ff0000"
    assert theme.ui["menu"] == render_palette(BUILTIN_THEMES["dark"].palette)[0]["menu"]
    names = [i.name for i in list_themes()]
    assert names.count("dark") == 1


def test_user_theme_can_build_on_another_user_theme_and_on_a_pygments_style(user_theme):
    user_theme("a", 'base = "monokai"\nheader = "bold #ffffff"\n')
    user_theme("b", 'base = "a"\nfooter = "#d0d0d0"\n')
    theme = load_theme("b")
    assert theme.ui["header"] == "bold #ffffff" and theme.ui["footer"] == "#d0d0d0"
    monokai = load_theme("monokai").pygments_style()
    assert theme.pygments_style().style_for_token(Keyword)["color"] == monokai.style_for_token(Keyword)["color"]


def test_a_loop_of_bases_fails_with_a_clear_message(user_theme):
    user_theme("x", 'base = "y"\n')
    user_theme("y", 'base = "x"\n')
    with pytest.raises(ThemeError, match='base "x" leads back to theme "x"'):
        load_theme("x")


def test_broken_toml_falls_back_to_the_default_theme_with_one_warning(user_theme, capsys):
    path = user_theme("broken", 'base = "dark"\nprompt = \n')
    theme = current_theme("broken")
    err = capsys.readouterr().err
    assert theme.name == "default"
    assert f"{path} is not valid TOML" in err and "using the built-in default theme" in err
    assert err.count("\n") == 1


def test_user_themes_are_listed(user_theme):
    user_theme("mine", 'base = "solarized-dark"\n')
    info = {i.name: i for i in list_themes()}["mine"]
    assert info.kind == "user" and "solarized-dark" in info.description
