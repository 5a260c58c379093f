"""Is a theme readable? WCAG contrast of every text colour against the background it sits on.

A pair is checked when both colours are known: a role's own background, else the role it
sits on (toolbar keys on the toolbar), else the theme's ``background``. A theme that
leaves the background to the terminal (the default theme) is checked only where it sets
both colours itself. Body text needs 4.5:1; the menu meta column and suggestions 3:1.
"""

from __future__ import annotations

from dataclasses import dataclass

from prompt_toolkit.output.color_depth import ColorDepth
from prompt_toolkit.styles import Style

from themes.colors import contrast_ratio, to_rgb
from themes.roles import BACKGROUND_OF, SECONDARY_ROLES
from themes.theme import Theme, token_colours

BODY_RATIO = 4.5
SECONDARY_RATIO = 3.0


@dataclass(frozen=True, slots=True)
class ContrastPair:
    """One text colour on one background, with the ratio found and the ratio needed."""

    what: str  # a role ("menu.meta") or "syntax.<Token>"
    fg: str
    bg: str
    ratio: float
    required: float

    @property
    def ok(self) -> bool:
        return self.ratio >= self.required


def _colours(style_str: str) -> tuple[str | None, str | None, bool]:
    attrs = Style([("x", style_str)]).get_attrs_for_style_str("class:x")

    def norm(c: str | None) -> str | None:
        if not c or c == "default":
            return None
        return c if c.startswith("ansi") else "#" + c.lstrip("#")

    return norm(attrs.color), norm(attrs.bgcolor), bool(attrs.reverse)


def contrast_pairs(theme: Theme) -> list[ContrastPair]:
    """Every checkable (text colour, background) pair of ``theme``."""
    pairs: list[ContrastPair] = []

    def add(what: str, fg: str | None, bg: str | None, required: float) -> None:
        if fg and bg and to_rgb(fg) and to_rgb(bg):
            pairs.append(ContrastPair(what, fg, bg, round(contrast_ratio(fg, bg), 2), required))

    # The theme's own colours at its depth, even when it is about to be shown without colour.
    shown = theme.with_depth(ColorDepth.DEPTH_24_BIT) if theme.colorless else theme
    roles = shown.roles()
    for role, value in roles.items():
        fg, bg, reverse = _colours(value)
        if bg is None and role in BACKGROUND_OF:
            bg = _colours(roles.get(BACKGROUND_OF[role], ""))[1]
        bg = bg or theme.background
        if reverse:
            fg, bg = bg, fg
        add(role, fg, bg, SECONDARY_RATIO if role in SECONDARY_ROLES else BODY_RATIO)

    from pygments.token import STANDARD_TYPES

    pyg = shown.pygments_style()
    for ttype in sorted(STANDARD_TYPES):
        if ttype[:2] == ("Text", "Whitespace"):
            continue  # no glyphs to read
        fg, bg = token_colours(pyg.style_for_token(ttype))
        add("syntax." + (".".join(ttype) or "Token"), fg, bg or theme.background, BODY_RATIO)
    return pairs


def contrast_problems(theme: Theme) -> list[ContrastPair]:
    """The pairs of ``theme`` below the ratio they need."""
    return [p for p in contrast_pairs(theme) if not p.ok]
