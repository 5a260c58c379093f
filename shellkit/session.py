"""``create_session``: the prompt every shellkit shell reads its input with.

A shell (SQL, Python, debugger) passes its own parts -- completer, lexer, style,
validator, toolbar fragments, the multi-line "is it complete?" rule -- and gets a
prompt_toolkit PromptSession with the shared behaviour: per-target shared history with
Ctrl-R search and fish-style suggestions, the F3/F4 toggles, Tab cycling, a threaded
completer, matching-bracket highlight and the bottom toolbar. See shellkit/keys.py for
every key rule.

Ctrl-C at the prompt makes ``prompt()`` raise KeyboardInterrupt: the caller catches it
and prompts again, which shows a fresh empty line (the typed text is dropped, as in
bash and psql). Ctrl-D on an empty line raises EOFError.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import select
import time
from collections.abc import AsyncGenerator, Callable, Iterable
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.application import Application
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory, ThreadedAutoSuggest
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.cursor_shapes import CursorShape, ModalCursorShapeConfig
from prompt_toolkit.document import Document
from prompt_toolkit.enums import DEFAULT_BUFFER, EditingMode
from prompt_toolkit.filters import Condition, has_focus, is_done
from prompt_toolkit.formatted_text import AnyFormattedText
from prompt_toolkit.history import History, InMemoryHistory, ThreadedHistory
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindingsBase, merge_key_bindings
from prompt_toolkit.layout.processors import ConditionalProcessor, HighlightMatchingBracketProcessor
from prompt_toolkit.lexers import Lexer
from prompt_toolkit.output import ColorDepth, Output
from prompt_toolkit.renderer import CPR_Support
from prompt_toolkit.styles import BaseStyle, Style, merge_styles
from prompt_toolkit.validation import Validator

from shellkit.config import Config, load_config
from shellkit.history import SharedFileHistory, history_path
from shellkit.keys import EngineState, MultilineSubmit, engine_bindings
from shellkit.responsive import responsive_prompt
from shellkit.toolbar import AppToolbar, engine_toolbar

try:  # POSIX only
    import termios
except ImportError:  # pragma: no cover - Windows
    termios = None  # type: ignore[assignment]

# Without colour, what colour alone marked must be marked another way: grey suggestions
# would look like typed text, and a matching bracket or an error bar would not show.
_MONOCHROME_STYLE = Style.from_dict({
    "auto-suggestion": "underline",
    "bottom-toolbar": "reverse",
    "matching-bracket.other": "reverse",
    "validation-toolbar": "reverse",
})

# Seconds to wait for a cursor-position reply. A terminal answers in milliseconds; a plain
# pty (pexpect, some multiplexers) never does, and prompt_toolkit's 2 s wait then a
# warning, plus a 1 s wait after every quick Enter, would make those shells feel broken.
CPR_TIMEOUT = 0.3
# How long a lone Esc byte waits for the rest of an escape sequence (prompt_toolkit: 0.5 s,
# which vi users feel on every Esc). Terminals send a sequence in one write; fish waits
# 30 ms, vim 100 ms.
ESCAPE_SEQUENCE_TIMEOUT = 0.1
# The completion menu's reserved lines take at most 1/3 of the window (10 rows: 3 lines).
MENU_SHARE_OF_SCREEN = 3


class ViCursorShapes(ModalCursorShapeConfig):
    """Vi shows its mode in the cursor (block, beam, underline); emacs leaves the cursor alone."""

    def get_cursor_shape(self, application: Application[Any]) -> CursorShape:
        if application.editing_mode == EditingMode.VI:
            return super().get_cursor_shape(application)
        return CursorShape._NEVER_CHANGE


class GuardedCompleter(Completer):
    """Runs an app's completer in a thread; a bug in it means no completions, never a dead prompt.

    prompt_toolkit would print the traceback over the screen and wait for Enter; the error
    is kept in ``last_error`` instead, for the app's own diagnostics and for tests.
    """

    def __init__(self, completer: Completer) -> None:
        self.completer = completer
        self.last_error: BaseException | None = None

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        try:
            yield from self.completer.get_completions(document, complete_event)
        except Exception as err:  # noqa: BLE001 - see the class docstring
            self.last_error = err

    async def get_completions_async(self, document: Document,
                                    complete_event: CompleteEvent) -> AsyncGenerator[Completion, None]:
        """Computes the whole list in a worker thread, then hands it to the menu.

        prompt_toolkit's own threaded completer passes items through a bounded queue: when
        typing on abandons a long menu, its thread stays blocked on that queue, and the end
        of the prompt (Enter, Ctrl-C) waits a second or two for it. A shell's completer
        answers within its own deadline, so nothing is lost by waiting for the whole list.
        """
        loop = asyncio.get_running_loop()
        found = await loop.run_in_executor(None, lambda: list(self.get_completions(document, complete_event)))
        for completion in found:
            yield completion


class ShellSession(PromptSession):
    """A PromptSession that also knows the engine's toggles (``multi_line``)."""

    engine: EngineState
    _history_options: tuple[str, int, Callable[[str], bool] | None]
    _menu_lines: int = 8

    @property
    def reserve_space_for_menu(self) -> int:
        """Lines kept free below the input for the completion menu: the setting, but at most a
        third of the window, so in a short terminal the lines above the prompt stay in view."""
        try:
            rows = self.app.output.get_size().rows
        except Exception:  # noqa: BLE001 - no app or no size yet: the setting
            return self._menu_lines
        return max(min(self._menu_lines, rows // MENU_SHARE_OF_SCREEN), 0)

    @reserve_space_for_menu.setter
    def reserve_space_for_menu(self, lines: int) -> None:
        self._menu_lines = lines

    @property
    def multi_line(self) -> bool:
        """Whether Enter follows the multi-line rule (F3 toggles it)."""
        return self.engine.multi_line

    @multi_line.setter
    def multi_line(self, value: bool) -> None:
        self.engine.multi_line = value

    def prompt(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
        """PromptSession.prompt, with the terminal's echo kept off from a Ctrl-C to the next prompt.

        Between two prompts the terminal is in line mode, and keys typed right after Ctrl-C
        would be echoed where the next prompt is drawn (garbling it). The echo is turned off
        before the prompt starts (prompt_toolkit restores that state when it ends) and back
        on when the prompt returns a line or ends any other way than by Ctrl-C.
        While the prompt waits, ``responsive_prompt`` keeps completion threads from delaying
        keystroke echo (every shell built here gets it: SQL, REPL, debugger).
        """
        quiet = _quiet_terminal(self.app.input)
        try:
            with responsive_prompt():
                return super().prompt(*args, **kwargs)
        except KeyboardInterrupt:
            quiet = None  # the shell prompts again: keep the echo off until then
            raise
        finally:
            if quiet is not None:
                quiet.restore()

    def switch_history(self, history_key: str | None) -> None:
        """Use the history of another target from the next prompt on (after ``\\c``, a reconnect).

        Same app, size and keep-filter as the session was built with.
        """
        app, size, keep = self._history_options
        self.history = self.default_buffer.history = _history(app, history_key, size, keep)


def continuation_dots(width: int, line_number: int, is_soft_wrap: bool) -> str:
    """The default continuation prompt: dots as wide as the prompt, then a space."""
    return "." * max(width - 1, 0) + " " if width > 1 else " "


def create_session(
    *,
    app: str,
    history_key: str | None,
    message: AnyFormattedText,
    completer: Completer | None = None,
    lexer: Lexer | None = None,
    style: BaseStyle | None = None,
    color_depth: ColorDepth | None = None,
    multiline_submit: MultilineSubmit | None = None,
    toolbar: AppToolbar | None = None,
    key_bindings: KeyBindingsBase | None = None,
    validator: Validator | None = None,
    config: Config | None = None,
    multi_line: bool | None = None,
    history_keep: Callable[[str], bool] | None = None,
    prompt_continuation: Any = continuation_dots,
    editor_suffix: str = ".txt",
    input: Input | None = None,
    output: Output | None = None,
) -> ShellSession:
    """Build the prompt session of shell ``app`` (``"sql"``, ``"python"``, ``"debugger"``).

    - ``history_key``: what the history belongs to (e.g. engine, host and database;
      never a password). ``""`` gives the app one shared history file; ``None`` keeps
      history in memory only.
    - ``message``: the prompt; it must end as CONTRACTS.md says (``db> ``, ``>>> ``).
    - ``completer`` runs in a thread, so a slow one never blocks typing.
    - ``multiline_submit(text)``: in multi-line mode, whether Enter runs ``text``.
    - ``toolbar()``: the app's fragments, shown after the engine's in the bottom toolbar;
      call ``session.app.invalidate()`` when they change.
    - ``key_bindings`` are merged last, so they override the engine's.
    - ``color_depth``: pass ``ColorDepth.DEPTH_1_BIT`` for no colour; when omitted,
      ``NO_COLOR`` in the environment means the same.
    - ``multi_line``: start in multi-line mode (default: the ``multi_line`` setting of the
      app's config section if it has one, else ``[main]``).
    - ``history_keep(text)``: False keeps an entry out of the history file.
    - ``input``/``output``: for tests (pipe input, DummyOutput).

    Settings read from the config (an app section overrides ``[main]`` where it has the
    same key): editing_mode, multi_line, auto_suggest, complete_while_typing,
    show_toolbar, highlight_matching_bracket, completion_menu_lines, history_size.
    """
    config = config or load_config()
    setting = _settings(config, app)
    state = EngineState(multi_line=setting("multi_line") if multi_line is None else multi_line)

    if color_depth is None and "NO_COLOR" in os.environ:
        color_depth = ColorDepth.DEPTH_1_BIT
    if color_depth == ColorDepth.DEPTH_1_BIT:
        style = merge_styles([style, _MONOCHROME_STYLE]) if style else _MONOCHROME_STYLE

    bindings = [engine_bindings(state, multiline_submit)]
    if key_bindings is not None:
        bindings.append(key_bindings)

    session = ShellSession(
        message=message,
        multiline=Condition(lambda: state.multi_line),
        history=_history(app, history_key, setting("history_size"), history_keep),
        auto_suggest=ThreadedAutoSuggest(AutoSuggestFromHistory()) if setting("auto_suggest") else None,
        completer=GuardedCompleter(completer) if completer is not None else None,
        complete_in_thread=False,  # GuardedCompleter runs the completer in a thread itself
        complete_while_typing=setting("complete_while_typing"),
        reserve_space_for_menu=setting("completion_menu_lines"),
        lexer=lexer,
        style=style,
        color_depth=color_depth,
        validator=validator,
        key_bindings=merge_key_bindings(bindings),
        bottom_toolbar=engine_toolbar(state, toolbar) if setting("show_toolbar") else None,
        editing_mode=EditingMode.VI if setting("editing_mode") == "vi" else EditingMode.EMACS,
        prompt_continuation=prompt_continuation,
        input_processors=_processors(setting("highlight_matching_bracket")),
        search_ignore_case=True,
        cursor=ViCursorShapes(),
        enable_open_in_editor=True,
        tempfile_suffix=editor_suffix,
        input=input,
        output=output,
    )
    session.engine = state
    session.app.on_reset += lambda _app: state.new_prompt()
    session.app.key_processor.after_key_press += lambda _processor: state.key_pressed()
    session._history_options = (app, setting("history_size"), history_keep)
    _tune_terminal_timeouts(session)
    return session


def _settings(config: Config, app: str) -> Callable[[str], Any]:
    main = config.section("main")
    own = config.section(app) if app in config.schema.sections else {}
    return lambda key: own[key] if key in own else main[key]


def _history(app: str, key: str | None, size: int, keep: Callable[[str], bool] | None) -> History:
    if key is None:
        return InMemoryHistory()
    # Loading runs in a thread so a long history never delays the first prompt.
    return ThreadedHistory(SharedFileHistory(history_path(app, key), max_entries=size, keep=keep))


def _processors(highlight_brackets: bool) -> list:
    if not highlight_brackets:
        return []
    return [ConditionalProcessor(HighlightMatchingBracketProcessor(chars="[](){}"),
                                 has_focus(DEFAULT_BUFFER) & ~is_done)]


def _tune_terminal_timeouts(session: PromptSession) -> None:
    app = session.app
    app.ttimeoutlen = ESCAPE_SEQUENCE_TIMEOUT
    renderer = app.renderer
    original_wait = getattr(renderer, "wait_for_cpr_responses", None)
    if original_wait is None or not hasattr(renderer, "cpr_support"):
        return  # a prompt_toolkit without these internals: keep its own behaviour
    renderer.CPR_TIMEOUT = CPR_TIMEOUT
    original_request = renderer.request_absolute_cursor_position
    asked = {"at": 0.0}

    def height_unknowable() -> None:
        # prompt_toolkit draws the bottom toolbar only once it knows the rows below the
        # cursor, which a terminal without cursor reports never tells: the toolbar (mode,
        # signature, transaction) would never show. One row "known" shows it right under
        # the input and the menu's reserved lines, the height drawn anyway.
        renderer._min_available_height = max(renderer._min_available_height, 1)
        if app.is_running:
            app.invalidate()

    # (also replaces prompt_toolkit's "your terminal doesn't support CPR" line)
    renderer.cpr_not_supported_callback = height_unknowable

    def request_unless_typed_ahead() -> None:
        if renderer.cpr_support == CPR_Support.NOT_SUPPORTED:
            height_unknowable()
            return
        # Keys already waiting were typed before the prompt showed (typeahead, a script
        # driving the terminal): their Enter would have to wait for the reply, and a
        # terminal that never answers would make it wait CPR_TIMEOUT for nothing.
        if renderer.cpr_support != CPR_Support.SUPPORTED and _input_waiting(app.input):
            height_unknowable()
            return
        asked["at"] = time.monotonic()
        original_request()

    async def wait_briefly(timeout: float = CPR_TIMEOUT) -> None:
        # at most CPR_TIMEOUT after the question was asked, not after the Enter
        left = CPR_TIMEOUT - (time.monotonic() - asked["at"])
        if renderer.cpr_support == CPR_Support.UNKNOWN and left > 0:
            await original_wait(timeout=left)  # type: ignore[arg-type]
        elif renderer.cpr_support == CPR_Support.SUPPORTED:
            await original_wait(timeout=CPR_TIMEOUT)  # type: ignore[arg-type]
        if renderer.cpr_support == CPR_Support.UNKNOWN:
            # No reply in time: stop asking, or every Enter would wait again. A late reply
            # still switches it back on (the renderer marks CPR supported when one arrives).
            renderer.cpr_support = CPR_Support.NOT_SUPPORTED
            renderer._waiting_for_cpr_futures.clear()

    renderer.request_absolute_cursor_position = request_unless_typed_ahead  # type: ignore[method-assign]
    renderer.wait_for_cpr_responses = wait_briefly  # type: ignore[method-assign]


class _EchoState:
    """The terminal's settings from before its echo was turned off; restored once."""

    saved: tuple[int, list] | None = None
    exit_hook = False

    def restore(self) -> None:
        if _EchoState.saved is None or termios is None:
            return
        fd, attrs = _EchoState.saved
        _EchoState.saved = None
        with contextlib.suppress(OSError, ValueError, termios.error):
            termios.tcsetattr(fd, termios.TCSANOW, attrs)


def _quiet_terminal(input_: Input) -> _EchoState | None:
    """Turn the terminal's echo off (keeping what it was, once); None when input is no terminal."""
    if termios is None:
        return None
    try:
        fd = input_.fileno()
        if not os.isatty(fd):
            return None
        if _EchoState.saved is None:
            attrs = termios.tcgetattr(fd)
            quiet = list(attrs)
            quiet[3] &= ~termios.ECHO
            termios.tcsetattr(fd, termios.TCSANOW, quiet)
            _EchoState.saved = (fd, attrs)
    except (OSError, ValueError, NotImplementedError, termios.error):
        return None
    if not _EchoState.exit_hook:
        atexit.register(_EchoState().restore)  # a shell that ends right after a Ctrl-C
        _EchoState.exit_hook = True
    return _EchoState()


def _input_waiting(input_: Input) -> bool:
    """Whether bytes are ready to be read from the terminal right now."""
    try:
        ready, _, _ = select.select([input_.fileno()], [], [], 0)
    except (OSError, ValueError, NotImplementedError):
        return False
    return bool(ready)
