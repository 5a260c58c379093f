"""A palette -- a few dozen named colours -- and the templates that spread it over every role.

Built-in themes are palettes, so all of them colour the same things the same way; a
pygments style becomes a palette through :func:`derive_palette`. A user theme overrides
roles, not palette slots (see ``themes.user``).
"""

from __future__ import annotations

from collections.abc import Mapping

from themes.colors import ensure_contrast, is_dark, mix, to_rgb

Palette = Mapping[str, str]

# "default" means "leave it to the terminal" and is dropped from the rendered style.
UI_TEMPLATE: dict[str, str] = {
    "prompt": "bold {prompt}",
    "prompt.continuation": "{muted}",
    "menu": "bg:{menu_bg} {menu_fg}",
    "menu.selected": "bold bg:{sel_bg} {sel_fg}",
    "menu.meta": "bg:{meta_bg} {meta_fg}",
    "menu.meta.selected": "bg:{sel_bg} {sel_fg}",
    "scrollbar": "bg:{meta_bg}",
    "scrollbar.button": "bg:{scroll}",
    "toolbar": "bg:{bar_bg} {bar_fg}",
    "toolbar.text": "bg:{bar_bg} {bar_fg}",
    "toolbar.key": "bold bg:{bar_bg} {bar_key}",
    "toolbar.warning": "bold bg:{bar_bg} {bar_warn}",
    "search": "bg:{search_bg} {search_fg}",
    "search.current": "bold underline bg:{search_bg} {search_fg}",
    "selection": "bg:{sel_bg} {sel_fg}",
    "bracket": "bold bg:{bracket_bg} {bracket_fg}",
    "bracket.cursor": "bold underline bg:{bracket_bg} {bracket_fg}",
    "suggestion": "{muted}",
    "validation": "bg:{error_bg} {error_fg}",
    "header": "bold {heading}",
    "null": "italic {muted}",
    "number": "{number}",
    "footer": "{muted}",
    "error": "bold {error}",
    "warning": "{warning}",
    "caret": "bold {error}",
    "lineno": "{muted}",
    "current": "bold {accent}",
    "breakpoint": "bold {error}",
}

# No colour for pygments' Error token: lexers give it to text they do not know, such as the
# backslash of \d in the SQL shell, which is not an error there.
SYNTAX_TEMPLATE: dict[str, str] = {
    "Token": "{fg}",
    "Keyword": "bold {keyword}",
    "Keyword.Type": "{type}",
    "Keyword.Constant": "{builtin}",
    "Name.Builtin": "{builtin}",
    "Name.Builtin.Pseudo": "{builtin}",
    "Name.Function": "{function}",
    "Name.Function.Magic": "{function}",
    "Name.Class": "bold {type}",
    "Name.Exception": "{type}",
    "Name.Namespace": "{type}",
    "Name.Decorator": "{builtin}",
    "Name.Tag": "{keyword}",
    "Name.Attribute": "{function}",
    "Name.Constant": "{builtin}",
    "String": "{string}",
    "String.Escape": "bold {string}",
    "String.Interpol": "bold {string}",
    "String.Doc": "italic {string}",
    "Number": "{number}",
    "Comment": "italic {comment}",
    "Comment.Preproc": "noitalic {builtin}",
    "Operator": "{operator}",
    "Operator.Word": "bold {keyword}",
    "Generic.Heading": "bold {heading}",
    "Generic.Subheading": "bold {heading}",
    "Generic.Deleted": "{error}",
    "Generic.Inserted": "{string}",
    "Generic.Error": "{error}",
    "Generic.Traceback": "{error}",
    "Generic.Emph": "italic",
    "Generic.Strong": "bold",
    "Generic.Prompt": "bold {prompt}",
    "Generic.Output": "{muted}",
}


def _fill(template: str, palette: Palette) -> str:
    words = template.format_map(palette).split()
    return " ".join(w for w in words if w not in ("default", "bg:default"))


def render_palette(palette: Palette) -> tuple[dict[str, str], dict[str, str]]:
    """The (ui roles, syntax tokens) style strings of a palette."""
    ui = {role: _fill(t, palette) for role, t in UI_TEMPLATE.items()}
    syntax = {token: _fill(t, palette) for token, t in SYNTAX_TEMPLATE.items()}
    return ui, syntax


def derive_palette(background: str, foreground: str | None, accents: Mapping[str, str | None],
                   highlight: str | None = None) -> dict[str, str]:
    """A readable palette for a background and a few accent colours (e.g. from a pygments style).

    Missing accents fall back to the foreground; every text colour is nudged until it
    reaches 4.5:1 on the background it sits on (3:1 for the menu meta column).
    """
    dark = is_dark(background)
    fg = foreground if foreground and to_rgb(foreground) else ("#d0d0d0" if dark else "#1c1c1c")
    fg = ensure_contrast(fg, background, 4.5)

    def text(name: str, on: str = background, ratio: float = 4.5) -> str:
        color = accents.get(name)
        return ensure_contrast(color if color and to_rgb(color) else fg, on, ratio)

    menu_bg = mix(background, fg, 0.18)
    meta_bg = mix(background, fg, 0.10)
    sel_bg = highlight if highlight and to_rgb(highlight) and highlight != background else mix(
        background, text("keyword"), 0.45)
    sel_fg = "#ffffff" if is_dark(sel_bg) else "#000000"
    search_bg = text("warning")
    bracket_bg = text("string")
    error_bg = text("error")
    return {
        "fg": fg,
        "muted": text("comment"),
        "prompt": text("string"),
        "accent": text("warning"),
        "heading": text("keyword"),
        "keyword": text("keyword"),
        "builtin": text("builtin"),
        "function": text("function"),
        "type": text("type"),
        "string": text("string"),
        "number": text("number"),
        "comment": text("comment"),
        "operator": text("operator"),
        "error": text("error"),
        "warning": text("warning"),
        "menu_bg": menu_bg,
        "menu_fg": ensure_contrast(fg, menu_bg, 4.5),
        "meta_bg": meta_bg,
        "meta_fg": ensure_contrast(text("comment"), meta_bg, 3.0),
        "sel_bg": sel_bg,
        "sel_fg": sel_fg,
        "scroll": mix(background, fg, 0.5),
        "bar_bg": menu_bg,
        "bar_fg": ensure_contrast(fg, menu_bg, 4.5),
        "bar_key": text("keyword", menu_bg),
        "bar_warn": text("warning", menu_bg),
        "search_bg": search_bg,
        "search_fg": "#ffffff" if is_dark(search_bg) else "#000000",
        "bracket_bg": bracket_bg,
        "bracket_fg": "#ffffff" if is_dark(bracket_bg) else "#000000",
        "error_bg": error_bg,
        "error_fg": "#ffffff" if is_dark(error_bg) else "#000000",
    }
