"""The names a theme colours ("roles"), what prompt_toolkit calls them, and the no-colour look.

A role is the user's word for a thing on screen (``menu.selected``, ``null``); it maps to
one or more prompt_toolkit style classes. Output roles are also what ``Theme.ansi(role)``
gives escape codes for, for text printed outside prompt_toolkit (result tables, errors).
"""

from __future__ import annotations

# role → prompt_toolkit style classes it sets
ROLE_CLASSES: dict[str, tuple[str, ...]] = {
    "prompt": ("prompt",),
    "prompt.continuation": ("prompt-continuation",),
    "menu": ("completion-menu", "completion-toolbar", "completion-toolbar.completion"),
    "menu.selected": ("completion-menu.completion.current", "completion-toolbar.completion.current"),
    "menu.meta": ("completion-menu.meta.completion", "completion-menu.multi-column-meta"),
    "menu.meta.selected": ("completion-menu.meta.completion.current",),
    "scrollbar": ("scrollbar.background",),
    "scrollbar.button": ("scrollbar.button",),
    "toolbar": ("bottom-toolbar",),
    "toolbar.text": ("bottom-toolbar.text",),
    "toolbar.key": ("bottom-toolbar.key",),
    "toolbar.warning": ("bottom-toolbar.warning",),
    "search": ("search", "incsearch"),
    "search.current": ("search.current", "incsearch.current"),
    "selection": ("selected",),
    "bracket": ("matching-bracket.other",),
    "bracket.cursor": ("matching-bracket.cursor",),
    "suggestion": ("auto-suggestion",),
    "validation": ("validation-toolbar",),
    # Output roles: text the shells print themselves (also usable as class:output.<role>).
    "header": ("output.header",),
    "null": ("output.null",),
    "number": ("output.number",),
    "footer": ("output.footer",),
    "error": ("output.error",),
    "warning": ("output.warning",),
    "caret": ("output.caret",),
    "lineno": ("line-number", "output.lineno"),
    "current": ("line-number.current", "output.current"),
    "breakpoint": ("output.breakpoint",),
}

# Roles that paint a background of their own (menus, bars, highlights). At 16 colours a hex
# theme's versions of them become the terminal's palette colours from the default theme:
# mapping "#073642 on #93a1a1" to the nearest of 16 colours can give grey on blue.
PAINTED_ROLES: frozenset[str] = frozenset({
    "menu", "menu.selected", "menu.meta", "menu.meta.selected", "scrollbar", "scrollbar.button",
    "toolbar", "toolbar.text", "toolbar.key", "toolbar.warning", "search", "search.current", "selection",
    "bracket", "bracket.cursor", "validation",
})

# Roles ``Theme.ansi`` accepts.
OUTPUT_ROLES: tuple[str, ...] = (
    "header", "null", "number", "footer", "error", "warning", "caret", "prompt",
    "lineno", "current", "breakpoint",
)

# Roles whose text is secondary (menu meta column, ghost suggestions): 3:1 contrast is
# enough for them; every other role with a colour needs 4.5:1.
SECONDARY_ROLES: frozenset[str] = frozenset({"menu.meta", "menu.meta.selected", "suggestion"})

# Which role's background a role's text sits on when it sets none of its own.
BACKGROUND_OF: dict[str, str] = {
    "toolbar.text": "toolbar",
    "toolbar.key": "toolbar",
    "toolbar.warning": "toolbar",
}

# Without colour only attributes remain: everything must still be told apart.
MONO_ROLES: dict[str, str] = {
    "prompt": "bold",
    "prompt.continuation": "",
    "menu": "",
    "menu.selected": "reverse",
    "menu.meta": "",
    "menu.meta.selected": "reverse",
    "scrollbar": "",
    "scrollbar.button": "reverse",
    "toolbar": "reverse",
    "toolbar.text": "",
    "toolbar.key": "bold",
    "toolbar.warning": "bold",
    "search": "underline",
    "search.current": "reverse",
    "selection": "reverse",
    "bracket": "bold underline",
    "bracket.cursor": "bold underline",
    # Grey is gone, so a suggestion would look like typed text; underline tells them apart.
    "suggestion": "underline",
    "validation": "reverse",
    "header": "bold",
    "null": "",
    "number": "",
    "footer": "",
    "error": "bold",
    "warning": "bold",
    "caret": "bold",
    "lineno": "",
    "current": "bold",
    "breakpoint": "bold",
}

# Syntax highlighting without colour: structure by weight and slant only.
MONO_SYNTAX: dict[str, str] = {
    "Keyword": "bold",
    "Comment": "italic",
    "Generic.Heading": "bold",
    "Generic.Subheading": "bold",
    "Generic.Strong": "bold",
    "Generic.Emph": "italic",
    "Generic.Prompt": "bold",
}
