"""Every built-in theme keeps its own text readable (WCAG 2 contrast ratios)."""

from __future__ import annotations

import pytest
from prompt_toolkit.output.color_depth import ColorDepth

from themes.builtin import BUILTIN_THEMES
from themes.colors import contrast_ratio, ensure_contrast
from themes.contrast import contrast_pairs, contrast_problems
from themes.from_pygments import pygments_style_names
from themes.loader import load_theme
from themes.roles import PAINTED_ROLES


def test_contrast_ratio_follows_the_wcag_formula():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    # The WCAG reference example: #777 on white is just below 4.5:1.
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("name", sorted(BUILTIN_THEMES))
def test_builtin_theme_text_meets_4_5_and_meta_column_3_to_1(name):
    theme = load_theme(name)
    pairs = contrast_pairs(theme)
    assert pairs, "a theme with nothing to check would pass vacuously"
    assert {p.required for p in pairs if p.what.startswith("menu.meta")} == {3.0}
    problems = [(p.what, p.fg, p.bg, p.ratio, p.required) for p in contrast_problems(theme)]
    assert problems == []


def test_every_theme_with_its_own_background_checks_syntax_and_menu_pairs():
    for name in ("dark", "light", "solarized-dark", "solarized-light", "high-contrast"):
        checked = {p.what for p in contrast_pairs(load_theme(name))}
        assert {"syntax.Keyword", "syntax.Comment", "menu", "menu.selected", "menu.meta", "toolbar.key",
                "header", "null", "error"} <= checked


def test_default_theme_checks_the_pairs_it_colours_both_ends_of():
    checked = {p.what for p in contrast_pairs(load_theme("default"))}
    assert {"menu", "menu.selected", "menu.meta", "toolbar", "search", "bracket"} <= checked
    assert "syntax.Keyword" not in checked  # on the terminal's own background: unknown


def test_high_contrast_theme_reaches_7_to_1_everywhere():
    assert min(p.ratio for p in contrast_pairs(load_theme("high-contrast"))) >= 7.0


@pytest.mark.parametrize("style", pygments_style_names())
def test_ui_colours_derived_from_any_pygments_style_are_readable(style):
    ui_problems = [p for p in contrast_problems(load_theme(f"pygments:{style}")) if not p.what.startswith("syntax.")]
    assert ui_problems == []


def test_ensure_contrast_keeps_a_colour_that_is_already_readable_and_shades_one_that_is_not():
    assert ensure_contrast("#ffffff", "#000000", 4.5) == "#ffffff"
    shaded = ensure_contrast("#268bd2", "#002b36", 4.5)
    assert shaded != "#268bd2" and contrast_ratio(shaded, "#002b36") >= 4.5


@pytest.mark.parametrize("name", sorted(BUILTIN_THEMES))
def test_at_16_colours_menus_and_bars_use_readable_terminal_palette_pairs(name):
    theme = load_theme(name).with_depth(ColorDepth.DEPTH_4_BIT)
    painted = [p for p in contrast_pairs(theme) if p.what in PAINTED_ROLES]
    assert {p.what for p in painted} >= {"menu", "menu.selected", "menu.meta", "toolbar", "search", "bracket"}
    for pair in painted:  # ANSI names: the terminal's palette, not the nearest of 16 to a hex colour
        assert pair.fg.startswith("ansi") and pair.bg.startswith("ansi"), pair
        assert pair.ok, pair


def test_a_user_theme_keeps_its_own_menu_colours_at_16_colours(user_theme):
    user_theme("mine", 'base = "dark"\nmenu = "bg:#000087 #ffffff"\n')
    roles = load_theme("mine").with_depth(ColorDepth.DEPTH_4_BIT).roles()
    assert roles["menu"] == "bg:#000087 #ffffff"
    assert roles["menu.selected"] == load_theme("default").ui["menu.selected"]
