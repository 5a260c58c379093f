"""The engine's key bindings: F3/F4 toggles, the multi-line Enter rule, Alt-Enter, Tab cycling.

Bindings made here sit above prompt_toolkit's defaults and below an application's own
``key_bindings`` (which are merged last, so an app can override any of them).

What the keys do:

- F3 toggles multi-line mode; F4 switches between emacs and vi editing.
- Enter with a completion selected in the menu only accepts the completion.
- Enter in multi-line mode runs the input when ``multiline_submit(text)`` says it is
  complete, otherwise inserts a newline (without a rule: a blank last line runs it).
  In single-line mode Enter always runs the input.
- Alt-Enter (Esc Enter) always inserts a newline in emacs mode. In vi mode it is not
  bound: Esc must leave insert mode at once, which a two-key Esc binding would delay
  (pgcli #1115), so there Esc Enter is "normal mode, then Enter": Enter in normal mode
  on incomplete input starts a new last line in insert mode.
- Tab opens the completion menu (nothing selected, the word unchanged); each further
  Tab selects the next item, which replaces the word being typed. When there is only
  one candidate, the first Tab puts it on the line at once. Shift-Tab goes back. On a
  continuation line with nothing but blanks before the cursor, Tab inserts four spaces.
  Keys typed after a Tab before it could be answered (a fast typist; over ssh they arrive
  together) are handled after its answer, as they would be at a local terminal: Tab Enter
  runs the completed line. The wait for that answer is bounded (TYPED_AHEAD_WAIT).
- A bracketed paste goes in whole, runs nothing and opens no completion menu.
- Ctrl-Space opens the menu too. Ctrl-C and Ctrl-D keep prompt_toolkit's meaning:
  ``prompt()`` raises KeyboardInterrupt (the caller clears the line by looping) and, on
  an empty line, EOFError -- also when Ctrl-D was typed ahead while a command ran.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from prompt_toolkit.application.current import get_app
from prompt_toolkit.buffer import Buffer, CompletionState
from prompt_toolkit.completion import CompleteEvent, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.enums import DEFAULT_BUFFER, EditingMode
from prompt_toolkit.filters import Condition, completion_is_selected, emacs_mode, has_focus
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.key_binding.vi_state import InputMode
from prompt_toolkit.keys import Keys

MultilineSubmit = Callable[[str], bool]


# A NUL byte this soon after a prompt starts, before any other key, is a Ctrl-D typed while
# the previous command ran (see engine_bindings); a person reacting to a new prompt is slower.
TYPEAHEAD_WINDOW = 0.3
# How long keys typed after a Tab wait for its answer before being handled without it.
TYPED_AHEAD_WAIT = 0.5


@dataclass(slots=True)
class EngineState:
    """What the toggles change while a shell runs (mutable on purpose: F3 flips it)."""

    multi_line: bool = False
    prompt_started: float = 0.0  # time.monotonic() when the current prompt began
    keys_seen: bool = False  # whether a key was pressed at the current prompt

    def new_prompt(self) -> None:
        """Called when a prompt starts reading."""
        self.prompt_started = time.monotonic()
        self.keys_seen = False

    def key_pressed(self) -> None:
        """Called after each key press."""
        self.keys_seen = True


def blank_line_submits(text: str) -> bool:
    """The multi-line rule used when the app gives none: a blank last line runs the input."""
    return text.rsplit("\n", 1)[-1].strip() == ""


def _input_is_complete(rule: MultilineSubmit, text: str) -> bool:
    try:
        return bool(rule(text))
    except Exception:  # noqa: BLE001 - a broken rule must not trap the user's input: run it
        return True


async def open_menu(buffer: Buffer, document: Document | None = None) -> None:
    """Ask the completer (in its thread); one candidate goes on the line, several open the menu.

    ``document`` is the text when Tab was pressed (default: now). Keys typed after it,
    before the answer came (a fast typist over ssh), are kept: a lone candidate goes in
    before them, as if the answer had been instant; a menu opens only if nothing was typed.
    prompt_toolkit's own first Tab would also insert the candidates' common prefix; the
    contract is that the word stays as typed until an item is selected.
    """
    document = document or buffer.document
    event = CompleteEvent(completion_requested=True)
    found: list[Completion] = []
    async for completion in buffer.completer.get_completions_async(document, event):
        found.append(completion)
        if len(found) >= buffer.max_number_of_completions:
            break
    show_found(buffer, document, found)


def show_found(buffer: Buffer, document: Document, found: list[Completion]) -> None:
    """Tab's answer ``found`` (asked for at ``document``): the lone candidate goes on the
    line, several open the menu -- unless typing since then makes that wrong (see open_menu)."""
    state = buffer.complete_state
    if state is not None and state.complete_index is not None:
        return  # the user already picked an item from a menu typing opened
    if len(found) == 1 and _changes_nothing(document, found[0]):
        return  # the word is already complete
    if buffer.document != document:
        if len(found) == 1:
            _complete_under_typeahead(buffer, document, found[0])
        return
    if len(found) == 1:
        buffer.apply_completion(found[0])
    elif found and (state is None or not state.completions):
        # A menu typing opened with no items yet gives way: asking for Tab's answer may have
        # made the completer drop typing's request (the Python completer does), so its
        # items might never come. (Replaced, typing's request leaves this menu alone.)
        buffer.complete_state = CompletionState(original_document=document, completions=found)
        buffer.on_completions_changed.fire()


def answer_now(buffer: Buffer) -> Any:
    """Tab's answer computed at once, in a worker thread: ``(document, future)``, the future
    giving the list of completions. The caller waits for it (bounded) while keys typed
    after the Tab are still queued."""
    from concurrent.futures import ThreadPoolExecutor

    global _answerer
    if _answerer is None:
        _answerer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shellkit-tab")
    document = buffer.document
    event = CompleteEvent(completion_requested=True)
    limit = buffer.max_number_of_completions
    completer = buffer.completer

    def collect() -> list[Completion]:
        return list(islice(completer.get_completions(document, event), limit))

    return document, _answerer.submit(collect)


_answerer: Any = None  # the worker for answer_now, made on first use (start-up stays light)


def _complete_under_typeahead(buffer: Buffer, document: Document, completion: Completion) -> None:
    """Put ``completion`` (asked for at ``document``) in, before what was typed since at that
    cursor. Left alone if the typing did anything else (deleted, moved the cursor away)."""
    old, cursor = document.text, document.cursor_position
    head, tail = old[:cursor], old[cursor:]
    now = buffer.document
    typed_end = len(now.text) - len(tail)
    if not (typed_end >= cursor and now.text.startswith(head) and now.text.endswith(tail)
            and cursor <= now.cursor_position <= typed_end):
        return
    start = cursor + completion.start_position
    text = old[:start] + completion.text + now.text[cursor:]
    buffer.document = Document(text, now.cursor_position + len(completion.text) + completion.start_position)


def _changes_nothing(document: Document, completion: Completion) -> bool:
    before = document.text_before_cursor
    return before[len(before) + completion.start_position:] == completion.text


def toggle_editing_mode(event: KeyPressEvent) -> None:
    """Switch between emacs and vi; vi starts in insert mode so typing just goes on."""
    app = event.app
    if app.editing_mode == EditingMode.VI:
        app.editing_mode = EditingMode.EMACS
    else:
        app.editing_mode = EditingMode.VI
        app.vi_state.input_mode = InputMode.INSERT


def engine_bindings(state: EngineState, multiline_submit: MultilineSubmit | None = None) -> KeyBindings:
    """Key bindings implementing the rules in this module's docstring."""
    kb = KeyBindings()
    submit_rule = multiline_submit or blank_line_submits
    default_focused = has_focus(DEFAULT_BUFFER)
    multi_line = Condition(lambda: state.multi_line)

    @kb.add("f3")
    def _toggle_multi_line(event: KeyPressEvent) -> None:
        state.multi_line = not state.multi_line

    kb.add("f4")(toggle_editing_mode)

    @kb.add("enter", filter=default_focused & completion_is_selected)
    def _accept_completion(event: KeyPressEvent) -> None:
        event.current_buffer.complete_state = None

    @kb.add("enter", filter=default_focused & multi_line & ~completion_is_selected)
    def _enter_multi_line(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if _input_is_complete(submit_rule, buffer.text):
            buffer.validate_and_handle()
        elif event.app.editing_mode == EditingMode.VI and event.app.vi_state.input_mode != InputMode.INSERT:
            # From normal mode (e.g. after Esc Enter) continue at the end of the input,
            # as "Go" would: Esc moved the cursor, and splitting the line there surprises.
            buffer.cursor_position = len(buffer.text)
            buffer.newline(copy_margin=True)
            event.app.vi_state.input_mode = InputMode.INSERT
        else:
            buffer.newline(copy_margin=True)

    @kb.add("escape", "enter", filter=default_focused & emacs_mode)
    def _newline(event: KeyPressEvent) -> None:
        event.current_buffer.newline(copy_margin=True)

    @kb.add(Keys.BracketedPaste, filter=default_focused)
    def _paste(event: KeyPressEvent) -> None:
        # As prompt_toolkit does, but without the "typed" event: a paste is not typing, and
        # a completion menu popping up over a pasted script is noise.
        text = event.data.replace("\r\n", "\n").replace("\r", "\n")
        event.current_buffer.insert_text(text, fire_event=False)

    @kb.add("c-space", filter=default_focused)
    def _open_or_next_completion(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        menu = buffer.complete_state
        # a menu typing started but whose items are not in yet is not open: this is a first Tab
        if menu and (menu.completions or menu.complete_index is not None):
            buffer.complete_next()
        elif buffer in waiting_for_menu:
            pass  # a second Tab before the first's answer: once is enough
        elif event.app.key_processor.input_queue:
            _answer_before_the_keys_typed_after(event, buffer)
        else:
            event.app.create_background_task(_open_menu_once(buffer, buffer.document))

    def _answer_before_the_keys_typed_after(event: KeyPressEvent, buffer: Buffer) -> None:
        # Keys after this Tab are already queued (typed ahead): they must see its answer,
        # so wait for it here -- bounded; after that they go on and the answer lands later.
        from concurrent.futures import TimeoutError as Late

        document, future = answer_now(buffer)
        try:
            found = future.result(timeout=TYPED_AHEAD_WAIT)
        except Late:
            event.app.create_background_task(_show_late_answer(buffer, document, future))
            return
        except Exception:  # noqa: BLE001 - a failing completer must not eat the keys after it
            return
        show_found(buffer, document, found)

    async def _show_late_answer(buffer: Buffer, document: Document, future: Any) -> None:
        import asyncio

        waiting_for_menu.add(buffer)
        try:
            show_found(buffer, document, await asyncio.wrap_future(future))
        except Exception:  # noqa: BLE001 - as in the background path: no answer, no menu
            pass
        finally:
            waiting_for_menu.discard(buffer)

    waiting_for_menu: set[Buffer] = set()

    async def _open_menu_once(buffer: Buffer, document: Document) -> None:
        waiting_for_menu.add(buffer)
        try:
            await open_menu(buffer, document)
        finally:
            waiting_for_menu.discard(buffer)

    @Condition
    def ctrl_d_typed_ahead() -> bool:
        return (not state.keys_seen and not get_app().current_buffer.text
                and time.monotonic() - state.prompt_started < TYPEAHEAD_WINDOW)

    # Ctrl-D pressed while a command runs reaches the terminal in line mode, where the
    # kernel keeps it as an end-of-file mark, and prompt_toolkit's raw mode then reads that
    # mark as a NUL byte -- the same byte as Ctrl-Space -- so instead of leaving, a menu
    # opened. Only a NUL that was waiting when the prompt began is taken as Ctrl-D.
    @kb.add("c-@", filter=default_focused & ctrl_d_typed_ahead)
    def _eof_typed_ahead(event: KeyPressEvent) -> None:
        event.app.exit(exception=EOFError(), style="class:exiting")

    @kb.add("tab", filter=default_focused)
    def _tab(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        document = buffer.document
        before = document.current_line_before_cursor
        if not buffer.complete_state and not document.on_first_line and not before.strip():
            buffer.insert_text("    ")
        else:
            _open_or_next_completion(event)

    @kb.add("s-tab", filter=default_focused)
    def _complete_previous(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if buffer.complete_state:
            buffer.complete_previous()
        else:
            buffer.start_completion(select_last=True)

    return kb
