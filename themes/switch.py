"""Changing theme while a shell runs: a ``ThemeSwitch`` whose style follows the current theme.

A shell starts with ``switch = themes.use(name)`` and builds its PromptSession with
``style=switch.style`` (a style that follows the switch) and ``color_depth=switch.theme.color_depth``.
``themes.apply(name)`` -- for ``\\theme NAME`` or a ``theme`` setting -- swaps the theme:
the running prompt redraws in the new colours and later output uses ``switch.theme``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from prompt_toolkit.styles import DEFAULT_ATTRS, Attrs, BaseStyle

from themes.loader import current_theme, load_theme, main_settings, report
from themes.theme import Theme


class SwitchStyle(BaseStyle):
    """A prompt_toolkit style that is always the switch's current theme's style.

    Not a DynamicStyle: that one's cache key is the wrapped Style's ``id()``, and after a
    switch the new Style can be allocated where the dropped old one lived -- same key,
    so prompt_toolkit kept drawing the old colours. A counter of switches cannot repeat.
    """

    def __init__(self, switch: ThemeSwitch) -> None:
        self._switch = switch

    def _current(self) -> BaseStyle:
        return self._switch.theme.prompt_toolkit_style()

    def get_attrs_for_style_str(self, style_str: str, default: Attrs = DEFAULT_ATTRS) -> Attrs:
        return self._current().get_attrs_for_style_str(style_str, default)

    @property
    def style_rules(self) -> list[tuple[str, str]]:
        return self._current().style_rules

    def invalidation_hash(self) -> Hashable:
        return ("themes.ThemeSwitch", id(self._switch), self._switch.generation)


class ThemeSwitch:
    """Holds the theme in use; ``style`` always reflects it."""

    def __init__(self, theme: Theme) -> None:
        self._theme = theme
        self.generation = 0  # how many times the theme changed
        self._listeners: list[Callable[[Theme], None]] = []
        self.style = SwitchStyle(self)

    @property
    def theme(self) -> Theme:
        """The theme in use now."""
        return self._theme

    def set(self, name: str) -> Theme:
        """Switch to theme ``name`` (ThemeError if there is none; the old theme stays).

        The colour depth stays what the terminal allows (NO_COLOR keeps everything plain).
        """
        depth = main_settings().get("color_depth")
        theme = report(load_theme(name, depth_setting=depth if isinstance(depth, str) else None))
        self.set_theme(theme)
        return theme

    def set_theme(self, theme: Theme) -> None:
        """Use ``theme`` from now on and redraw the running prompt, if any."""
        self._theme = theme
        self.generation += 1
        for listener in list(self._listeners):
            listener(theme)
        from prompt_toolkit.application.current import get_app_or_none

        app = get_app_or_none()
        if app is not None:
            app.invalidate()

    def on_change(self, listener: Callable[[Theme], None]) -> None:
        """Call ``listener(theme)`` after every switch (e.g. to restyle a pygments formatter)."""
        self._listeners.append(listener)


_active: ThemeSwitch | None = None


def use(name: str | None = None) -> ThemeSwitch:
    """Start using theme ``name`` (None: the configured one) process-wide; the active switch.

    Never raises: an unknown name warns on stderr and the default theme is used.
    """
    global _active
    theme = current_theme(name)
    if _active is None:
        _active = ThemeSwitch(theme)
    else:
        _active.set_theme(theme)
    return _active


def active() -> ThemeSwitch:
    """The process-wide switch (created with the configured theme on first use)."""
    return _active if _active is not None else use(None)


def apply(name: str) -> Theme:
    """Switch the process-wide theme to ``name`` (``\\theme NAME``); ThemeError if unknown."""
    return active().set(name)
