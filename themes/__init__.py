"""Colour themes shared by the SQL shell, the Python REPL and the debugger.

Pure data and conversion: this package imports neither shellkit nor an app.

Typical use in a shell::

    import themes
    switch = themes.use(args.theme)              # None: $SHELLKIT_THEME / config [main] theme
    session = create_session(..., style=switch.style, color_depth=switch.theme.color_depth)
    out = switch.theme.for_stream(sys.stdout)    # colourless for pipes, NO_COLOR, TERM=dumb
    print(out.paint("header", "name") , out.ansi("null") + "<null>" + out.reset)
    themes.apply("solarized-dark")               # \\theme NAME: the prompt restyles at once

``current_theme(name)`` gives a Theme value without touching the process-wide switch.
"""

from themes.loader import (
    DEFAULT_THEME,
    ThemeError,
    ThemeInfo,
    current_theme,
    list_themes,
    load_theme,
    user_themes_dir,
)
from themes.roles import OUTPUT_ROLES
from themes.switch import ThemeSwitch, active, apply, use
from themes.terminal import color_enabled, detect_color_depth
from themes.theme import RESET, Theme

__all__ = [
    "DEFAULT_THEME",
    "OUTPUT_ROLES",
    "RESET",
    "Theme",
    "ThemeError",
    "ThemeInfo",
    "ThemeSwitch",
    "active",
    "apply",
    "color_enabled",
    "current_theme",
    "detect_color_depth",
    "list_themes",
    "load_theme",
    "use",
    "user_themes_dir",
]
