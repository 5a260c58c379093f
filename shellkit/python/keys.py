"""Python editing keys, merged over the engine's: Enter runs only complete input, auto-indent,
dedent, Backspace over one indent level, F2 opens the buffer in ``$EDITOR``.

- Enter at the end of the input runs it when :func:`shellkit.python.source.ends_block`
  says so (a complete statement; a block needs a blank last line); otherwise it opens a
  new line indented one level deeper after ``:``, one level shallower after
  ``return``/``pass``/``break``/``continue``/``raise``, else as deep as the line above.
  Enter with the cursor inside a multi-line input opens a new line there; a one-line input
  runs from anywhere in it.
- A bracketed paste goes in as one piece (blank lines and all), with its common
  indentation removed when it lands on an empty prompt; Enter right after it runs it
  when it is complete, without the blank line a typed block needs. It opens no completion
  menu (a paste is not typing).
- Alt-Enter (engine) always inserts a newline; F3 (engine) turns the Enter rule off so
  Enter always runs.
- ``:`` ending an ``else``/``elif``/``except``/``finally`` line typed at the depth of the
  block's body moves that line one level out, under its ``if``/``try``.
- Backspace with only spaces before the cursor removes back to the previous indent level.
- F2 and Ctrl-X Ctrl-E (engine, emacs mode) edit the input in ``$EDITOR``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from prompt_toolkit.enums import DEFAULT_BUFFER
from prompt_toolkit.filters import (
    Condition,
    completion_is_selected,
    emacs_insert_mode,
    has_focus,
    has_selection,
    vi_insert_mode,
)
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys

from shellkit.python.source import INDENT, InputCompiler, ends_block, next_indent

_DEDENT_WORDS = ("else", "elif", "except", "finally")


def python_key_bindings(multi_line: Callable[[], bool] = lambda: True) -> KeyBindings:
    """The Python editing keys; ``multi_line()`` is the engine's F3 state (off: Enter always runs)."""
    kb = KeyBindings()
    focused = has_focus(DEFAULT_BUFFER)
    rule_on = Condition(multi_line)
    typing = emacs_insert_mode | vi_insert_mode

    pasted = {"text": None}  # the buffer as a paste left it, until it is edited

    @kb.add(Keys.BracketedPaste, filter=focused)
    def _paste(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        data = event.data.replace("\r\n", "\n").replace("\r", "\n")
        if not buffer.text.strip():
            # code copied from inside a class or function keeps its indentation: take it off
            data = textwrap.dedent(data)
        buffer.insert_text(data, fire_event=False)  # a paste is not typing: no completion menu
        pasted["text"] = buffer.text

    @kb.add("enter", filter=focused & rule_on & ~completion_is_selected)
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        document = buffer.document
        # a one-line input runs from anywhere in it (after fixing a typo mid-line); inside a
        # block, Enter away from the end opens a line there
        at_end = not document.text_after_cursor.strip() or "\n" not in document.text
        just_pasted = document.text == pasted["text"] and not InputCompiler().is_incomplete(document.text)
        pasted["text"] = None
        if at_end and (just_pasted or ends_block(document.text)):
            if document.text != document.text.rstrip():
                buffer.text = document.text.rstrip()  # the blank line that ended the block
                buffer.cursor_position = len(buffer.text)
            buffer.validate_and_handle()
            return
        before = document.text_before_cursor
        # drop trailing spaces of the line being left, so a blank line really is blank
        stripped = before.rstrip(" ")
        if stripped.endswith("\n") or stripped == "":
            buffer.delete_before_cursor(len(before) - len(stripped))
        buffer.insert_text("\n" + next_indent(before))

    @kb.add(":", filter=focused & typing)
    def _colon(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        buffer.insert_text(":")
        document = buffer.document
        line = document.current_line_before_cursor
        words = line.split(None, 1)
        if not words or words[0].rstrip(":") not in _DEDENT_WORDS or document.current_line_after_cursor.strip():
            return
        indent = len(line) - len(line.lstrip(" "))
        above = [x for x in document.lines[: document.cursor_position_row] if x.strip()]
        above_indent = len(above[-1]) - len(above[-1].lstrip(" ")) if above else 0
        if indent and indent >= above_indent:
            # `else:` typed at the body's depth belongs to the `if` one level up
            start = document.cursor_position - len(line)
            remove = min(len(INDENT), indent)
            buffer.text = buffer.text[:start] + buffer.text[start + remove:]
            buffer.cursor_position = document.cursor_position - remove

    @kb.add("backspace", filter=focused & typing & ~has_selection)
    def _backspace(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        line = buffer.document.current_line_before_cursor
        if line and not line.strip(" ") and event.arg == 1:
            remove = len(line) % len(INDENT) or len(INDENT)
            buffer.delete_before_cursor(remove)
        else:
            buffer.delete_before_cursor(event.arg)

    @kb.add("f2", filter=focused)
    def _editor(event: KeyPressEvent) -> None:
        event.current_buffer.open_in_editor(validate_and_handle=False)

    return kb
