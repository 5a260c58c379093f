"""``Theme``: one set of colours, and what each part of shellkit needs made from it.

A theme holds prompt_toolkit style strings per role (see ``themes.roles``) and pygments
style strings per token, plus the colour depth it will be shown at. At depth "none"
(NO_COLOR, TERM=dumb, output to a pipe) every conversion gives colourless results: the
prompt_toolkit style keeps only bold/underline/reverse, ``ansi()`` gives empty strings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from prompt_toolkit.output.color_depth import ColorDepth
from prompt_toolkit.styles import Attrs, Style

from themes.roles import MONO_ROLES, MONO_SYNTAX, OUTPUT_ROLES, ROLE_CLASSES
from themes.terminal import color_enabled

if TYPE_CHECKING:
    from prompt_toolkit.formatted_text import StyleAndTextTuples
    from pygments.style import Style as PygmentsStyle

RESET = "\x1b[0m"

_escape_caches: dict[ColorDepth, dict[Attrs, str]] = {}


def escape_code(attrs: Attrs, depth: ColorDepth) -> str:
    """The SGR escape sequence prompt_toolkit itself writes for ``attrs`` at ``depth``."""
    # prompt_toolkit's own cache, so printed output matches the prompt's colours exactly
    # (same 256/16-colour mapping).
    from prompt_toolkit.output.vt100 import _EscapeCodeCache

    cache = _escape_caches.get(depth)
    if cache is None:
        cache = _escape_caches[depth] = _EscapeCodeCache(depth)
    return cache[attrs]


def token_of(name: str):
    """The pygments token type for ``Keyword.Type`` (or ``Token``/``Token.Keyword``)."""
    from pygments.token import Token

    node = Token
    for part in name.split("."):
        if part and part != "Token":
            node = getattr(node, part)
    return node


def token_class(ttype) -> str:
    """The prompt_toolkit class prompt_toolkit's PygmentsLexer gives a token: ``pygments.keyword``."""
    return ".".join(["pygments", *ttype]).lower()


@dataclass(frozen=True, slots=True, repr=False)
class Theme:
    """A colour theme at a colour depth. Build one with ``themes.current_theme(name)``."""

    name: str
    description: str
    kind: str  # "built-in", "user" or "pygments"
    background: str | None  # the terminal background it is made for; None: the terminal's own
    ui: Mapping[str, str]  # role → prompt_toolkit style string
    syntax: Mapping[str, str]  # pygments token name ("Keyword.Type") → pygments style string
    color_depth: ColorDepth = ColorDepth.DEPTH_8_BIT
    ui_16: Mapping[str, str] = field(default_factory=dict)  # roles replaced at 16 colours
    warnings: tuple[str, ...] = ()  # problems found in a user theme file, one line each
    source: str | None = None  # the file of a user theme
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __repr__(self) -> str:
        # Short: the REPL shows what themes.apply() returns, and the full tables fill a screen.
        return f"<Theme {self.name!r} ({self.kind}) at {self.color_depth.name}>"

    @property
    def colorless(self) -> bool:
        """True at depth "none": no colour anywhere, only bold/underline/reverse."""
        return self.color_depth == ColorDepth.DEPTH_1_BIT

    def with_depth(self, depth: ColorDepth) -> Theme:
        """The same theme shown at another colour depth."""
        return self if depth == self.color_depth else dataclasses.replace(self, color_depth=depth)

    def for_stream(self, stream: IO[str] | None = None) -> Theme:
        """This theme, colourless when ``stream`` (default stdout) must not get escape codes."""
        if self.colorless or color_enabled(stream):
            return self
        return self.with_depth(ColorDepth.DEPTH_1_BIT)

    # -- pygments --------------------------------------------------------------------

    def pygments_style(self) -> type[PygmentsStyle]:
        """A pygments Style class for syntax highlighting with this theme."""
        if "pygments" not in self._cache:
            from pygments.style import Style as PygmentsStyle

            syntax = MONO_SYNTAX if self.colorless else self.syntax
            attrs: dict = {"styles": {token_of(k): v for k, v in syntax.items()}}
            if self.background and not self.colorless:
                attrs["background_color"] = self.background
            class_name = "".join(p.capitalize() for p in self.name.replace("-", " ").split()) or "Theme"
            self._cache["pygments"] = type(f"{class_name}Style", (PygmentsStyle,), attrs)
        return self._cache["pygments"]

    # -- prompt_toolkit --------------------------------------------------------------

    def prompt_toolkit_style(self) -> Style:
        """A prompt_toolkit Style: prompt, menu, toolbar, search, brackets, suggestions, output
        roles (``class:output.header`` …) and every ``pygments.*`` token class."""
        if "pt" not in self._cache:
            rules = [(cls, _pt_value(value)) for role, value in self.roles().items()
                     for cls in ROLE_CLASSES[role]]
            rules.extend(self._token_rules())
            self._cache["pt"] = Style(rules)
        return self._cache["pt"]

    def roles(self) -> Mapping[str, str]:
        """Role → style string as shown at this theme's colour depth."""
        if self.colorless:
            return MONO_ROLES
        if self.color_depth == ColorDepth.DEPTH_4_BIT and self.ui_16:
            return {**self.ui, **self.ui_16}
        return self.ui

    def _token_rules(self) -> list[tuple[str, str]]:
        from pygments.token import STANDARD_TYPES

        pyg = self.pygments_style()
        tokens = set(STANDARD_TYPES) | set(pyg.styles)
        # Every token gets an explicit value, so prompt_toolkit's default pygments colours
        # never show through for a token this theme leaves to its parent.
        return [(token_class(t), _pt_from_pygments(pyg.style_for_token(t))) for t in sorted(tokens)]

    # -- escape codes for printed output ----------------------------------------------

    def ansi(self, role: str) -> str:
        """The escape sequence that starts text of an output role (``header``, ``null``,
        ``number``, ``footer``, ``error``, ``warning``, ``caret``, ``prompt``, ``lineno``,
        ``current``, ``breakpoint``); "" when colour is off. End the text with ``theme.reset``."""
        codes = self._cache.get("ansi")
        if codes is None:
            codes = self._cache["ansi"] = self._output_codes()
        try:
            return codes[role]
        except KeyError:
            raise ValueError(f"unknown output role {role!r}; one of {', '.join(OUTPUT_ROLES)}") from None

    def _output_codes(self) -> dict[str, str]:
        if self.colorless:
            return dict.fromkeys(OUTPUT_ROLES, "")
        style = self.prompt_toolkit_style()
        return {role: escape_code(style.get_attrs_for_style_str(f"class:{ROLE_CLASSES[role][-1]}"), self.color_depth)
                for role in OUTPUT_ROLES}

    @property
    def reset(self) -> str:
        """``RESET`` ("\\x1b[0m"), or "" when colour is off."""
        return "" if self.colorless else RESET

    def paint(self, role: str, text: str) -> str:
        """``text`` in the colours of an output role (unchanged when colour is off)."""
        start = self.ansi(role)
        return f"{start}{text}{RESET}" if start else text

    def render(self, fragments: StyleAndTextTuples) -> str:
        """prompt_toolkit formatted text as one string with escape codes, the way the prompt
        would draw it (plain text when colour is off)."""
        if self.colorless:
            return "".join(f[1] for f in fragments if "[ZeroWidthEscape]" not in f[0])
        from prompt_toolkit.styles import default_ui_style, merge_styles

        style = merge_styles([default_ui_style(), self.prompt_toolkit_style()])
        out: list[str] = []
        last = ""
        for frag in fragments:
            if "[ZeroWidthEscape]" in frag[0]:
                continue
            code = escape_code(style.get_attrs_for_style_str(frag[0]), self.color_depth)
            lines = frag[1].split("\n")
            for i, line in enumerate(lines):
                if i:  # reset before a newline so a background never runs on to the line's end
                    out.append(RESET + "\n")
                    last = ""
                if line and code != last:
                    out.append(code)
                    last = code
                out.append(line)
        if last:
            out.append(RESET)
        return "".join(out)

    def highlight(self, code: str, language: str = "python") -> str:
        """``code`` with syntax colours as escape codes (plain when colour is off)."""
        return self.render(lex(code, language))


def lex(code: str, language: str) -> StyleAndTextTuples:
    """Pygments tokens of ``code`` as prompt_toolkit fragments (``class:pygments.keyword``)."""
    from pygments.lexers import get_lexer_by_name

    lexer = get_lexer_by_name(language, stripnl=False, ensurenl=False)
    return [(f"class:{token_class(ttype)}", text) for ttype, text in lexer.get_tokens(code)]


def _pt_value(value: str) -> str:
    # prompt_toolkit's defaults put "reverse" on the selected menu row and the toolbar;
    # a theme that gives colours for them means those colours, not their reverse.
    words = value.split()
    has_colour = any(w.startswith(("bg:", "fg:", "#", "ansi")) for w in words)
    if has_colour and "reverse" not in words and "noreverse" not in words:
        words.append("noreverse")
    return " ".join(words)


def token_colours(d: Mapping) -> tuple[str | None, str | None]:
    """(fg, bg) of a pygments ``style_for_token`` result as ``#rrggbb`` or an ANSI name."""
    # pygments turns ANSI names into its own RGB guess; the name itself lets the
    # terminal use its palette.
    fg = d.get("ansicolor") or (f"#{d['color']}" if d["color"] else None)
    bg = d.get("bgansicolor") or (f"#{d['bgcolor']}" if d["bgcolor"] else None)
    return fg, bg


def _pt_from_pygments(d: Mapping) -> str:
    fg, bg = token_colours(d)
    parts = ["bold" if d["bold"] else "nobold", "italic" if d["italic"] else "noitalic",
             "underline" if d["underline"] else "nounderline", fg or "fg:default"]
    if bg:
        parts.append("bg:" + bg)
    return " ".join(parts)
