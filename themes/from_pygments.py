"""Any installed pygments style as a theme: its own syntax colours, UI colours derived from it."""

from __future__ import annotations

from themes.builtin import sixteen_colour_ui
from themes.colors import to_rgb
from themes.palette import derive_palette, render_palette
from themes.theme import Theme, token_colours, token_of

# palette accent → the pygments tokens whose colour it takes (first one with a colour wins)
_ACCENT_TOKENS: dict[str, tuple[str, ...]] = {
    "keyword": ("Keyword", "Name.Tag"),
    "builtin": ("Name.Builtin", "Keyword.Constant", "Keyword"),
    "function": ("Name.Function", "Name.Class", "Name.Builtin"),
    "type": ("Keyword.Type", "Name.Class", "Name.Builtin"),
    "string": ("String", "Literal.String", "Generic.Inserted"),
    "number": ("Number", "Literal.Number", "String"),
    "comment": ("Comment", "Comment.Single"),
    "operator": ("Operator",),
    "error": ("Generic.Error", "Error", "Generic.Deleted", "Generic.Traceback"),
    "warning": ("Name.Exception", "Literal.String.Escape", "Generic.Heading", "Number"),
}


def pygments_style_class(name: str):
    """The installed pygments style class called ``name``, or None."""
    from pygments.styles import get_style_by_name
    from pygments.util import ClassNotFound

    try:
        return get_style_by_name(name)
    except ClassNotFound:
        return None


def pygments_style_names() -> list[str]:
    """Every installed pygments style name, sorted."""
    from pygments.styles import get_all_styles

    return sorted(get_all_styles())


def _background(style_cls) -> str:
    color = style_cls.background_color or ""
    if to_rgb(color) and not color.startswith("ansi"):
        return color if color.startswith("#") else "#" + color
    # No background, or an ANSI name with no known RGB: assume a dark terminal.
    return "#000000"


def theme_from_pygments(name: str, style_cls) -> Theme:
    """A theme whose syntax colours are exactly the pygments style's."""

    background = _background(style_cls)

    def token_colour(token_name: str) -> str | None:
        return token_colours(style_cls.style_for_token(token_of(token_name)))[0]

    accents = {slot: next((c for t in tokens if (c := token_colour(t))), None)
               for slot, tokens in _ACCENT_TOKENS.items()}
    accents = {slot: c for slot, c in accents.items() if c and not c.startswith("ansi")}
    highlight = style_cls.highlight_color if to_rgb(style_cls.highlight_color or "") else None
    palette = derive_palette(background, token_colour("Token"), accents, highlight)
    ui, _ = render_palette(palette)
    syntax = {_token_name(t): s for t, s in style_cls.styles.items() if s}
    # A style's root Token colour is the text colour; keep plain text readable on the
    # background when the style has none (e.g. on a light style the default is black).
    syntax.setdefault("Token", palette["fg"])
    return Theme(name=name, description=f"pygments style {name!r}, UI colours derived from it",
                 kind="pygments", background=background, ui=ui, syntax=syntax, ui_16=sixteen_colour_ui())


def _token_name(ttype) -> str:
    return ".".join(ttype) or "Token"
