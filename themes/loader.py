"""Finding a theme by name: user files, then built-ins, then installed pygments styles.

A name resolves in this order: a user theme file ``$XDG_CONFIG_HOME/shellkit/themes/NAME.toml``
(so a user can shadow a built-in), a built-in theme, a pygments style. ``pygments:NAME``
always means the pygments style (e.g. ``pygments:default``, hidden by the built-in default).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from themes.builtin import BUILTIN_THEMES, sixteen_colour_ui
from themes.from_pygments import pygments_style_class, pygments_style_names, theme_from_pygments
from themes.palette import render_palette
from themes.terminal import detect_color_depth
from themes.theme import Theme
from themes.user import ThemeFileError, apply_overrides, read_theme_file

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised under 3.10
    import tomli as tomllib

DEFAULT_THEME = "default"
THEME_ENV = "SHELLKIT_THEME"
PYGMENTS_PREFIX = "pygments:"


class ThemeError(Exception):
    """A theme name that matches nothing, or a user theme that cannot be used; one-line message."""


@dataclass(frozen=True, slots=True)
class ThemeInfo:
    """One line of ``shellkit themes``."""

    name: str
    kind: str  # "built-in", "user", "pygments"
    description: str


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/shellkit`` (the same rule as shellkit.paths; themes may not import it)."""
    base = os.environ.get("XDG_CONFIG_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".config"
    return root / "shellkit"


def user_themes_dir() -> Path:
    """Where user theme files live: ``$XDG_CONFIG_HOME/shellkit/themes``."""
    return config_dir() / "themes"


def main_settings() -> dict[str, Any]:
    """The ``[main]`` table of the config file ({} when missing or broken; shellkit.config warns)."""
    path = Path(os.environ.get("SHELLKIT_CONFIG") or config_dir() / "config.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    main = data.get("main")
    return main if isinstance(main, dict) else {}


def _user_file(name: str) -> Path | None:
    if not name or "/" in name or os.sep in name or name.startswith("."):
        return None
    path = user_themes_dir() / f"{name}.toml"
    return path if path.is_file() else None


def _resolve(name: str, skip_user: frozenset[str]) -> Theme:
    if name.startswith(PYGMENTS_PREFIX):
        style = pygments_style_class(name[len(PYGMENTS_PREFIX):])
        if style is None:
            raise ThemeError(f'no pygments style "{name[len(PYGMENTS_PREFIX):]}" is installed')
        return theme_from_pygments(name, style)
    path = None if name in skip_user else _user_file(name)
    if path is not None:
        return _load_user(name, path, skip_user | {name})
    builtin = BUILTIN_THEMES.get(name)
    if builtin is not None:
        ui, syntax = render_palette(builtin.palette)
        return Theme(name=name, description=builtin.description, kind="built-in",
                     background=builtin.background, ui=ui, syntax=syntax,
                     ui_16=sixteen_colour_ui() if builtin.background else {})
    style = pygments_style_class(name)
    if style is not None:
        return theme_from_pygments(name, style)
    if name in skip_user and _user_file(name) is not None:
        raise ThemeError(f'base "{name}" leads back to theme "{name}": bases cannot go round in a loop')
    raise ThemeError(f'unknown theme "{name}"; `shellkit themes` lists them')


def _load_user(name: str, path: Path, seen: frozenset[str]) -> Theme:
    try:
        data = read_theme_file(path)
    except ThemeFileError as err:
        raise ThemeError(str(err)) from err
    base_name = data.get("base", DEFAULT_THEME)
    if not isinstance(base_name, str) or not base_name:
        raise ThemeError(f'theme "{name}" ({path}): base must be a theme name like "dark"')
    try:
        base = _resolve(base_name, seen)
    except ThemeError as err:
        raise ThemeError(f'theme "{name}" ({path}): base: {err}') from err
    return apply_overrides(name, path, data, base)


def load_theme(name: str, *, depth_setting: str | None = None) -> Theme:
    """The theme called ``name`` at the terminal's colour depth; ThemeError if there is none.

    ``depth_setting`` is a ``color_depth`` config value (``auto``, ``truecolor``, ``256``,
    ``16``, ``none``); the environment still wins (see ``themes.terminal``).
    """
    name = name.strip()
    if not name:
        raise ThemeError("a theme name is needed; `shellkit themes` lists them")
    return _resolve(name, frozenset()).with_depth(detect_color_depth(depth_setting))


def list_themes() -> list[ThemeInfo]:
    """Built-in themes, then user theme files, then installed pygments styles."""
    infos = [ThemeInfo(t.name, "built-in", t.description) for t in BUILTIN_THEMES.values()]
    taken = set(BUILTIN_THEMES)
    folder = user_themes_dir()
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    for path in files:
        try:
            base = read_theme_file(path).get("base", DEFAULT_THEME)
            description = f"your theme, based on {base}"
        except ThemeFileError as err:
            description = f"unreadable: {err}"
        infos = [i for i in infos if i.name != path.stem]  # a user file shadows a built-in
        infos.append(ThemeInfo(path.stem, "user", description))
        taken.add(path.stem)
    for style in pygments_style_names():
        name = style if style not in taken else PYGMENTS_PREFIX + style
        infos.append(ThemeInfo(name, "pygments", f"pygments style {style!r}, UI colours derived from it"))
    return infos


_reported: set[str] = set()


def _say(line: str) -> None:
    if line not in _reported:
        _reported.add(line)
        print(f"shellkit: {line}", file=sys.stderr)


def report(theme: Theme) -> Theme:
    """Print a theme's warnings on stderr, each once per process; return the theme."""
    for line in theme.warnings:
        _say(line)
    return theme


def current_theme(name: str | None = None) -> Theme:
    """The theme to use now, at the terminal's colour depth. Never raises.

    ``name`` is what the user chose for this run (``--theme``, ``\\theme``, a shell's own
    ``theme`` setting); when None: ``$SHELLKIT_THEME``, else ``theme`` in the config file's
    ``[main]``, else "default". A name that matches nothing gives one warning on stderr and
    the default theme. The depth honours ``color_depth`` in ``[main]`` and the environment.
    """
    main = main_settings()
    if not name:
        configured = main.get("theme")
        name = os.environ.get(THEME_ENV) or (configured if isinstance(configured, str) else "") or DEFAULT_THEME
    depth_setting = main.get("color_depth") if isinstance(main.get("color_depth"), str) else None
    try:
        return report(load_theme(name, depth_setting=depth_setting))
    except ThemeError as err:
        _say(f"{err}; using the built-in {DEFAULT_THEME} theme")
        # The built-in one: a broken user file called default.toml must not fail again.
        return _resolve(DEFAULT_THEME, frozenset({DEFAULT_THEME})).with_depth(detect_color_depth(depth_setting))
