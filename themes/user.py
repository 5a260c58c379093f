"""User themes: ``$XDG_CONFIG_HOME/shellkit/themes/NAME.toml`` overriding any subset of a base theme.

    base = "dark"                 # any theme name (default: "default")
    description = "my colours"
    background = "#101010"        # the background the theme is made for (contrast, derived tones)
    prompt = "bold #ff8700"       # roles may sit at the top level …
    [ui]
    "menu.selected" = "bold bg:#005f87 #ffffff"   # … or in [ui]
    [syntax]
    Keyword = "bold #5fafff"      # pygments token names, any case: keyword, name.builtin
    string = "#87d787"

A bad value or an unknown key gives one warning naming it; the base theme's value stays.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

from themes.colors import ANSI_RGB, named_color_hex, to_rgb
from themes.roles import ROLE_CLASSES
from themes.theme import Theme

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised under 3.10
    import tomli as tomllib

_PT_ATTRS = {"bold", "italic", "underline", "strike", "blink", "reverse", "hidden", "dim"}
_PT_WORDS = _PT_ATTRS | {"no" + a for a in _PT_ATTRS} | {"noinherit"}
_PYGMENTS_WORDS = {"bold", "nobold", "italic", "noitalic", "underline", "nounderline", "noinherit",
                   "roman", "sans", "mono"}
_TOP_KEYS = {"base", "description", "background", "ui", "syntax"}


class ThemeFileError(Exception):
    """A theme file that cannot be read at all (missing, not TOML)."""


def _colour_word(word: str, *, for_pygments: bool) -> str | None:
    """The colour a style word names, spelled the way the target accepts; None if it is none."""
    if word in ANSI_RGB:
        return word
    if word.startswith("#"):
        return word if len(word) in (4, 7) and to_rgb(word) else None
    if word == "default" and not for_pygments:
        return word
    return named_color_hex(word)


def normalize_style(value: Any, *, for_pygments: bool) -> str:
    """``value`` as a valid prompt_toolkit (or pygments) style string; ValueError says what is wrong."""
    if not isinstance(value, str):
        raise ValueError(f"expected a text value like \"bold #ff8700\", got {type(value).__name__}")
    words = _PYGMENTS_WORDS if for_pygments else _PT_WORDS
    out = []
    for word in value.split():
        prefix, _, colour = word.rpartition(":")
        if not prefix and word.lower() in words:
            out.append(word.lower())
            continue
        if prefix not in ("", "bg", "fg") and not (for_pygments and prefix == "border"):
            raise ValueError(f"unknown word {word!r}")
        spelled = _colour_word(colour, for_pygments=for_pygments)
        if spelled is None:
            raise ValueError(f"bad colour {colour!r}")
        if for_pygments and prefix == "fg":
            prefix = ""  # pygments has no fg: prefix
        out.append(f"{prefix}:{spelled}" if prefix else spelled)
    return " ".join(out)


def _known_tokens() -> dict[str, str]:
    from pygments.token import STANDARD_TYPES

    names = {".".join(t) or "Token" for t in STANDARD_TYPES}
    return {n.lower(): n for n in names} | {"token": "Token"}


def read_theme_file(path: Path) -> dict[str, Any]:
    """The TOML table of a theme file; ThemeFileError if unreadable."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ThemeFileError(f"cannot read {path}: {err.strerror}") from err
    except tomllib.TOMLDecodeError as err:
        raise ThemeFileError(f"{path} is not valid TOML: {err}") from err
    except UnicodeDecodeError as err:
        raise ThemeFileError(f"{path} is not UTF-8 text") from err


def apply_overrides(name: str, path: Path, data: dict[str, Any], base: Theme) -> Theme:
    """``base`` with the file's overrides; every problem is one line in ``Theme.warnings``."""
    warnings: list[str] = []
    where = f'theme "{name}" ({path})'

    def unknown(key: str, choices: list[str]) -> None:
        import difflib

        close = difflib.get_close_matches(key, choices, n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else ""
        warnings.append(f'{where}: unknown key "{key}" ignored{hint}')

    def bad(key: str, value: Any, reason: str, kept: str) -> None:
        warnings.append(f'{where}: {key} = {value!r}: {reason}; using "{kept}" from theme "{base.name}"')

    ui = dict(base.ui)
    ui_items = [(k, v) for k, v in data.items() if k not in _TOP_KEYS]
    ui_table = data.get("ui", {})
    if isinstance(ui_table, dict):
        ui_items += list(ui_table.items())
    else:
        warnings.append(f"{where}: [ui] must be a table of role = \"style\"; ignored")
    for key, value in ui_items:
        if key not in ROLE_CLASSES:
            unknown(key, list(ROLE_CLASSES))
            continue
        try:
            ui[key] = normalize_style(value, for_pygments=False)
        except ValueError as err:
            bad(key, value, str(err), base.ui.get(key, ""))

    syntax = dict(base.syntax)
    known = _known_tokens()
    syntax_table = data.get("syntax", {})
    if not isinstance(syntax_table, dict):
        warnings.append(f"{where}: [syntax] must be a table of Token.Name = \"style\"; ignored")
        syntax_table = {}
    for key, value in syntax_table.items():
        token = known.get(key.lower())
        if token is None:
            unknown(f"syntax.{key}", [f"syntax.{n}" for n in known.values()])
            continue
        try:
            syntax[token] = normalize_style(value, for_pygments=True)
        except ValueError as err:
            bad(f"syntax.{key}", value, str(err), base.syntax.get(token, ""))

    background = base.background
    if "background" in data:
        value = data["background"]
        if isinstance(value, str) and to_rgb(value):
            background = value
        else:
            bad("background", value, "bad colour", base.background or "the terminal's own")

    description = data.get("description")
    if not isinstance(description, str):
        description = f"your theme, based on {base.name}"
    # A role the user set keeps their colours at 16 colours too (mapped to the nearest).
    ui_16 = {role: value for role, value in base.ui_16.items() if ui[role] == base.ui[role]}
    return dataclasses.replace(base, name=name, description=description, kind="user", background=background,
                               ui=ui, syntax=syntax, ui_16=ui_16, source=str(path),
                               warnings=base.warnings + tuple(warnings))
