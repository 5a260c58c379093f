"""A theme turned into prompt_toolkit styles, pygments styles and escape codes."""

from __future__ import annotations

import io

import pytest
from prompt_toolkit.output.color_depth import ColorDepth
from prompt_toolkit.styles import default_pygments_style, default_ui_style, merge_styles
from pygments.style import Style as PygmentsStyle
from pygments.token import Keyword, Name

from themes import OUTPUT_ROLES, RESET, current_theme, load_theme
from themes.theme import lex


def attrs(style, cls):
    return style.get_attrs_for_style_str(f"class:{cls}")


def session_style(theme):
    """What a PromptSession draws with: prompt_toolkit's defaults, then the theme."""
    return merge_styles([default_ui_style(), default_pygments_style(), theme.prompt_toolkit_style()])


def test_prompt_toolkit_style_colours_every_ui_part():
    theme = load_theme("dark")
    style = session_style(theme)
    for cls in ("prompt", "completion-menu", "completion-menu.completion.current", "completion-menu.meta.completion",
                "bottom-toolbar", "search", "matching-bracket.other", "auto-suggestion", "output.header"):
        assert attrs(style, cls).color or attrs(style, cls).bgcolor, cls
    # The selected row and the toolbar are our colours, not prompt_toolkit's reverse video of them.
    assert not attrs(style, "completion-menu.completion.current").reverse
    assert not attrs(style, "bottom-toolbar").reverse
    assert attrs(style, "completion-menu.completion.current").bgcolor == "005f87"


def test_pygments_token_classes_use_the_theme_not_prompt_toolkits_defaults():
    theme = load_theme("dark")
    style = session_style(theme)
    assert attrs(style, "pygments.keyword").color == "5fafff"
    # Name.Tag: prompt_toolkit's default would make it green bold; the theme says keyword blue.
    assert attrs(style, "pygments.name.tag").color == "5fafff"
    # A token the theme leaves alone takes the theme's text colour, not a default colour.
    assert attrs(style, "pygments.name.entity").color == "d0d0d0"


def test_pygments_style_is_a_style_class_with_the_theme_colours():
    cls = load_theme("light").pygments_style()
    assert issubclass(cls, PygmentsStyle)
    assert cls.style_for_token(Keyword)["color"] == "005fd7"
    assert cls.style_for_token(Keyword)["bold"]
    assert cls.style_for_token(Name.Builtin)["color"] == "870087"
    assert cls.background_color == "#ffffff"


def test_default_theme_uses_only_the_terminals_16_colours_at_any_depth(monkeypatch):
    monkeypatch.setenv("COLORTERM", "truecolor")
    theme = current_theme("default")
    assert theme.color_depth == ColorDepth.DEPTH_24_BIT
    codes = [theme.ansi(role) for role in OUTPUT_ROLES] + [theme.highlight("select 1 -- x", "sql")]
    assert not any("38;2;" in c or "38;5;" in c for c in codes)
    assert "\x1b[0;31;1m" == theme.ansi("error")


@pytest.mark.parametrize(("depth", "marker"), [(ColorDepth.DEPTH_24_BIT, "38;2;95;175;255"),
                                                (ColorDepth.DEPTH_8_BIT, "38;5;75"),
                                                (ColorDepth.DEPTH_4_BIT, ";36;")])
def test_ansi_codes_follow_the_colour_depth(depth, marker):
    header = load_theme("dark").with_depth(depth).ansi("header")
    assert header.startswith("\x1b[") and marker in header and header.endswith("1m")


def test_every_output_role_has_an_escape_and_none_when_colour_is_off():
    theme = load_theme("solarized-dark")
    off = theme.with_depth(ColorDepth.DEPTH_1_BIT)
    for role in OUTPUT_ROLES:
        assert theme.ansi(role).startswith("\x1b[")
        assert off.ansi(role) == ""
    assert theme.reset == RESET and off.reset == ""
    assert off.paint("error", "boom") == "boom"
    assert theme.paint("error", "boom") == theme.ansi("error") + "boom" + RESET


def test_unknown_output_role_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown output role"):
        load_theme("dark").ansi("headr")


def test_for_stream_turns_colour_off_for_a_pipe_or_file():
    theme = load_theme("dark")
    plain = theme.for_stream(io.StringIO())
    assert plain.colorless
    assert plain.highlight("select 1", "sql") == "select 1"
    assert "\x1b" not in plain.render(lex("x = [1, 2]", "python"))


def test_without_colour_the_prompt_toolkit_style_keeps_only_bold_underline_reverse(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    theme = current_theme("high-contrast")
    assert theme.color_depth == ColorDepth.DEPTH_1_BIT
    style = theme.prompt_toolkit_style()
    for _, value in style.style_rules:
        words = set(value.split())
        assert not {w for w in words if w.startswith(("#", "ansi", "bg:#", "bg:ansi"))}, value
    assert attrs(style, "completion-menu.completion.current").reverse
    assert attrs(style, "pygments.keyword").bold
    assert theme.pygments_style().style_for_token(Keyword)["color"] is None


def test_render_draws_fragments_like_the_prompt_and_resets_before_newlines():
    theme = load_theme("dark").with_depth(ColorDepth.DEPTH_8_BIT)
    text = theme.render([("class:completion-menu class:completion-menu.completion", " a \n b "),
                         ("class:output.null", "<null>")])
    assert text.count(RESET + "\n") == 1
    assert "48;5;" in text  # the menu background
    assert text.endswith(RESET)
    assert theme.render([("", "plain")]) == "\x1b[0mplain" + RESET
