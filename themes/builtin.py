"""The built-in themes: palettes (see ``themes.palette``) with a description and a background.

``background`` is the terminal background a theme is designed for; None means the
terminal's own (the default theme uses only the terminal's 16 ANSI colours, so it reads
on dark and light backgrounds alike). Every colour pair here is checked for contrast by
tests/themes/test_contrast.py; the solarized accents are Ethan Schoonover's hues,
shaded where the originals fall short of 4.5:1.
"""

from __future__ import annotations

from dataclasses import dataclass

from themes.palette import Palette


@dataclass(frozen=True, slots=True)
class BuiltinTheme:
    """A built-in theme before conversion."""

    name: str
    description: str
    background: str | None
    palette: Palette


_DEFAULT = {
    "fg": "default", "muted": "ansibrightblack", "prompt": "ansigreen", "accent": "ansiblue",
    "heading": "default", "keyword": "ansiblue", "builtin": "ansicyan", "function": "ansicyan",
    "type": "ansicyan", "string": "ansigreen", "number": "ansimagenta", "comment": "ansibrightblack",
    "operator": "default", "error": "ansired", "warning": "ansimagenta",
    "menu_bg": "ansigray", "menu_fg": "ansiblack", "meta_bg": "ansibrightblack", "meta_fg": "ansiwhite",
    "sel_bg": "ansiblue", "sel_fg": "ansiwhite", "scroll": "ansiblack",
    "bar_bg": "ansigray", "bar_fg": "ansiblack", "bar_key": "ansiblue", "bar_warn": "ansired",
    "search_bg": "ansiyellow", "search_fg": "ansiblack", "bracket_bg": "ansicyan", "bracket_fg": "ansiblack",
    "error_bg": "ansired", "error_fg": "ansiwhite",
}

_DARK = {
    "fg": "#d0d0d0", "muted": "#949494", "prompt": "#87d75f", "accent": "#ffaf00",
    "heading": "#5fafff", "keyword": "#5fafff", "builtin": "#d787d7", "function": "#87d7ff",
    "type": "#87d7af", "string": "#87d787", "number": "#d7af5f", "comment": "#8a8a8a",
    "operator": "#d0d0d0", "error": "#ff5f5f", "warning": "#ffaf00",
    "menu_bg": "#3a3a3a", "menu_fg": "#e4e4e4", "meta_bg": "#303030", "meta_fg": "#a8a8a8",
    "sel_bg": "#005f87", "sel_fg": "#ffffff", "scroll": "#6c6c6c",
    "bar_bg": "#303030", "bar_fg": "#d0d0d0", "bar_key": "#87d7ff", "bar_warn": "#ffaf00",
    "search_bg": "#af8700", "search_fg": "#000000", "bracket_bg": "#005f5f", "bracket_fg": "#ffffff",
    "error_bg": "#5f0000", "error_fg": "#ffffff",
}

_LIGHT = {
    "fg": "#1c1c1c", "muted": "#626262", "prompt": "#008700", "accent": "#af5f00",
    "heading": "#005fd7", "keyword": "#005fd7", "builtin": "#870087", "function": "#005f87",
    "type": "#005f5f", "string": "#008700", "number": "#af5f00", "comment": "#6c6c6c",
    "operator": "#1c1c1c", "error": "#d70000", "warning": "#af5f00",
    "menu_bg": "#e4e4e4", "menu_fg": "#1c1c1c", "meta_bg": "#d0d0d0", "meta_fg": "#4e4e4e",
    "sel_bg": "#005faf", "sel_fg": "#ffffff", "scroll": "#8a8a8a",
    "bar_bg": "#d0d0d0", "bar_fg": "#1c1c1c", "bar_key": "#005f87", "bar_warn": "#870000",
    "search_bg": "#ffd75f", "search_fg": "#000000", "bracket_bg": "#afd7ff", "bracket_fg": "#000000",
    "error_bg": "#d70000", "error_fg": "#ffffff",
}

_SOLARIZED_DARK = {
    "fg": "#839496", "muted": "#829298", "prompt": "#859900", "accent": "#b58900",
    "heading": "#3c97d6", "keyword": "#859900", "builtin": "#3c97d6", "function": "#3c97d6",
    "type": "#b58900", "string": "#2aa198", "number": "#de68a1", "comment": "#829298",
    "operator": "#839496", "error": "#e56563", "warning": "#d87850",
    "menu_bg": "#073642", "menu_fg": "#93a1a1", "meta_bg": "#002b36", "meta_fg": "#839496",
    "sel_bg": "#2076b2", "sel_fg": "#ffffff", "scroll": "#586e75",
    "bar_bg": "#073642", "bar_fg": "#93a1a1", "bar_key": "#4ea1da", "bar_warn": "#dd8a68",
    "search_bg": "#b58900", "search_fg": "#002b36", "bracket_bg": "#2aa198", "bracket_fg": "#002b36",
    "error_bg": "#dc322f", "error_fg": "#ffffff",
}

_SOLARIZED_LIGHT = {
    "fg": "#586e75", "muted": "#5f7379", "prompt": "#647300", "accent": "#886700",
    "heading": "#2076b2", "keyword": "#647300", "builtin": "#2076b2", "function": "#2076b2",
    "type": "#886700", "string": "#207972", "number": "#c8337c", "comment": "#5f7379",
    "operator": "#586e75", "error": "#d1302d", "warning": "#c14715",
    "menu_bg": "#eee8d5", "menu_fg": "#4f656c", "meta_bg": "#e4dcc4", "meta_fg": "#586e75",
    "sel_bg": "#2076b2", "sel_fg": "#ffffff", "scroll": "#93a1a1",
    "bar_bg": "#eee8d5", "bar_fg": "#4f656c", "bar_key": "#1c6aa0", "bar_warn": "#b04013",
    "search_bg": "#b58900", "search_fg": "#002b36", "bracket_bg": "#2aa198", "bracket_fg": "#002b36",
    "error_bg": "#dc322f", "error_fg": "#ffffff",
}

_HIGH_CONTRAST = {
    "fg": "#ffffff", "muted": "#c6c6c6", "prompt": "#5fff5f", "accent": "#ffff00",
    "heading": "#ffff5f", "keyword": "#ffff00", "builtin": "#5fffff", "function": "#87d7ff",
    "type": "#ffaf5f", "string": "#87ff87", "number": "#ff87ff", "comment": "#d7d7d7",
    "operator": "#ffffff", "error": "#ff5f5f", "warning": "#ffaf00",
    "menu_bg": "#ffffff", "menu_fg": "#000000", "meta_bg": "#d0d0d0", "meta_fg": "#000000",
    "sel_bg": "#0000af", "sel_fg": "#ffffff", "scroll": "#000000",
    "bar_bg": "#ffffff", "bar_fg": "#000000", "bar_key": "#0000af", "bar_warn": "#af0000",
    "search_bg": "#ffff00", "search_fg": "#000000", "bracket_bg": "#00ffff", "bracket_fg": "#000000",
    "error_bg": "#af0000", "error_fg": "#ffffff",
}

def sixteen_colour_ui() -> dict[str, str]:
    """The painted roles of the default theme: what hex themes use at 16 colours."""
    from themes.palette import render_palette
    from themes.roles import PAINTED_ROLES

    ui, _ = render_palette(_DEFAULT)
    return {role: value for role, value in ui.items() if role in PAINTED_ROLES}


BUILTIN_THEMES: dict[str, BuiltinTheme] = {
    t.name: t
    for t in (
        BuiltinTheme("default", "the terminal's own 16 colours; reads on dark and light backgrounds",
                     None, _DEFAULT),
        BuiltinTheme("dark", "256/truecolor, for dark backgrounds", "#1c1c1c", _DARK),
        BuiltinTheme("light", "256/truecolor, for light backgrounds", "#ffffff", _LIGHT),
        BuiltinTheme("solarized-dark", "Solarized on base03, accents shaded for contrast", "#002b36",
                     _SOLARIZED_DARK),
        BuiltinTheme("solarized-light", "Solarized on base3, accents shaded for contrast", "#fdf6e3",
                     _SOLARIZED_LIGHT),
        BuiltinTheme("high-contrast", "white on black, 7:1 contrast or more everywhere", "#000000",
                     _HIGH_CONTRAST),
    )
}
