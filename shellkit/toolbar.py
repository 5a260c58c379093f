"""The bottom toolbar: the engine's own state (editing mode, multi-line) then the app's fragments."""

from __future__ import annotations

from collections.abc import Callable

from prompt_toolkit.application.current import get_app
from prompt_toolkit.enums import EditingMode
from prompt_toolkit.formatted_text import AnyFormattedText, StyleAndTextTuples, to_formatted_text
from prompt_toolkit.key_binding.vi_state import InputMode

from shellkit.keys import EngineState

AppToolbar = Callable[[], AnyFormattedText]

_VI_MODES = {
    InputMode.INSERT: "insert",
    InputMode.INSERT_MULTIPLE: "insert",
    InputMode.NAVIGATION: "normal",
    InputMode.REPLACE: "replace",
    InputMode.REPLACE_SINGLE: "replace",
}


def editing_mode_label() -> str:
    """``Emacs`` or ``Vi (insert)`` / ``Vi (normal)`` / ``Vi (replace)`` for the running app."""
    app = get_app()
    if app.editing_mode == EditingMode.VI:
        return f"Vi ({_VI_MODES.get(app.vi_state.input_mode, 'normal')})"
    return "Emacs"


def engine_toolbar(state: EngineState, app_toolbar: AppToolbar | None = None) -> Callable[[], StyleAndTextTuples]:
    """A ``bottom_toolbar`` callable: ``[F3] Multi-line: on  [F4] Emacs  <app fragments>``."""

    def render() -> StyleAndTextTuples:
        fragments: StyleAndTextTuples = [
            ("class:bottom-toolbar.key", " [F3]"),
            ("class:bottom-toolbar.text", f" Multi-line: {'on ' if state.multi_line else 'off'}  "),
            ("class:bottom-toolbar.key", "[F4]"),
            ("class:bottom-toolbar.text", f" {editing_mode_label()}  "),
        ]
        if app_toolbar is not None:
            try:
                fragments.extend(to_formatted_text(app_toolbar(), style="class:bottom-toolbar.text"))
            except Exception as err:  # noqa: BLE001 - a toolbar bug must not take the prompt down
                fragments.append(("class:bottom-toolbar.text", f"(toolbar failed: {type(err).__name__})"))
        return fragments

    return render
