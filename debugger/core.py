"""``Debugger``: the stdlib ``pdb.Pdb`` with a shellkit prompt at a terminal, and opt-in extras.

Everything pdb does is inherited; this class only changes:

- where an interactive line comes from (a shellkit prompt with completion, highlighting
  and history, when stdin and stdout are terminals; otherwise exactly pdb's line reading);
- how values are shown at that prompt (a repr under a time budget);
- the opt-in extras of :class:`~debugger.settings.DebuggerSettings` (sticky source,
  hidden frames, smart command parsing, highlighted listings);
- commands pdb lacks (``sticky [START END]``, ``hf_*``, ``theme``) and ``obj?``/``obj??``,
  which only take lines pdb would reject;
- robustness: one debugger session at a time across threads, and a closed stdout does
  not end the session.

With stdin not a terminal and the extras off, the output is byte for byte pdb's.
"""

from __future__ import annotations

import os
import pdb
import sys
import threading
from typing import TYPE_CHECKING, Any

from debugger.frames import without_hidden
from debugger.inspect_info import InspectRequest, describe, info_lines, parse_request, source_heading
from debugger.settings import DebuggerSettings, load_settings
from debugger.streams import SurvivingStream, is_terminal

if TYPE_CHECKING:
    from debugger.sticky import StickyRange

# Commands this class adds to pdb's. They are listed by `help` only at the interactive
# prompt so that a transcript of `help` stays pdb's.
EXTRA_COMMANDS = ("sticky", "hf_list", "hf_hide", "hf_unhide", "theme")

CLEAR_SCREEN = "\x1b[H\x1b[2J"
# Characters of a repr shown by `obj?`: a summary, not the whole value (`p obj` shows that).
INFO_REPR_LIMIT = 500

# One debugger session talks to the user at a time: a second thread that hits
# set_trace() waits here until the first one continues. Re-entrant for `debug`.
_SESSION_LOCK = threading.RLock()


class Debugger(pdb.Pdb):
    """pdb on the shellkit engine. Accepts every argument ``pdb.Pdb`` accepts (newer
    Pythons' too: they are passed on as given).

    ``settings`` overrides the ``[debugger]`` section of the config file;
    ``interactive`` forces (True) or forbids (False) the shellkit prompt instead of
    deciding from whether stdin and stdout are terminals.
    """

    def __init__(self, completekey: str = "tab", stdin: Any = None, stdout: Any = None,
                 skip: Any = None, nosigint: bool = False, readrc: bool = True, *,
                 settings: DebuggerSettings | None = None, interactive: bool | None = None,
                 **pdb_options: Any) -> None:
        super().__init__(completekey, stdin, stdout, skip=skip, nosigint=nosigint, readrc=readrc,
                         **pdb_options)
        self.stdout = SurvivingStream(self.stdout)
        self.settings = settings if settings is not None else load_settings()
        self._interactive_override = interactive
        self._hidden: list[tuple[Any, int]] = []
        self._hidden_note_due = False
        self._stopped_at: tuple[Any, Any] = (None, None)
        self._stop_line_due = False
        self._last_hidden: list[int] = []
        self._sticky_range: StickyRange | None = None  # from `sticky START END`

    # -- where input comes from -------------------------------------------------------

    @property
    def interactive(self) -> bool:
        """Whether input comes from the shellkit prompt (else: pdb's own line reading)."""
        if self._interactive_override is not None:
            return self._interactive_override
        return (bool(self.use_rawinput) and is_terminal(self.stdin) and is_terminal(self.stdout)
                and os.environ.get("TERM") != "dumb")

    def cmdloop(self, intro: Any = None) -> None:
        """pdb's command loop; at a terminal, lines come from the shellkit prompt."""
        if not self.interactive:
            if not (self.use_rawinput and not is_terminal(self.stdin)):
                return super().cmdloop(intro)
            # Piped stdin: read plain lines as cmd does without raw input. The bytes are
            # the same as input()'s, but the prompt goes through our stream, so a closed
            # stdout cannot end the session.
            self.use_rawinput = 0
            try:
                return super().cmdloop(intro)
            finally:
                self.use_rawinput = 1
        from debugger.prompt import read_command

        self.preloop()
        if intro is not None:
            self.intro = intro
        if self.intro:
            self.message(str(self.intro))
        stop = None
        while not stop:
            if self.cmdqueue:
                line = self.cmdqueue.pop(0)
            else:
                try:
                    line = read_command(self)
                except EOFError:
                    line = "EOF"
            line = self.precmd(line)
            stop = self.onecmd(line)
            stop = self.postcmd(stop, line)
        self.postloop()
        return None

    def get_names(self) -> list[str]:
        names = super().get_names()
        if self.interactive:
            return names
        return [name for name in names if name.removeprefix("do_") not in EXTRA_COMMANDS]

    # -- one session at a time ---------------------------------------------------------

    def interaction(self, frame: Any, traceback: Any) -> None:
        with _SESSION_LOCK:
            super().interaction(frame, traceback)

    # -- hidden frames ------------------------------------------------------------------

    def get_stack(self, f: Any, t: Any) -> tuple[list[tuple[Any, int]], int]:
        stack, index = super().get_stack(f, t)
        self._hidden = []
        if not self.settings.hide_frames:
            return stack, index
        filtered = without_hidden(stack, index)
        # Say it at the first stop, then only when the hidden frames change (not at every `n`).
        hidden_frames = [id(frame) for frame, _ in filtered.hidden]
        self._hidden_note_due = bool(hidden_frames) and hidden_frames != self._last_hidden
        self._hidden, self._last_hidden = filtered.hidden, hidden_frames
        return filtered.stack, filtered.index

    def _hidden_note(self) -> str:
        count = len(self._hidden)
        frames = "frame" if count == 1 else "frames"
        return f"   [{count} {frames} hidden by __tracebackhide__: hf_list lists them, hf_unhide shows them]"

    def print_stack_trace(self, *args: Any, **kwargs: Any) -> None:
        super().print_stack_trace(*args, **kwargs)
        if self._hidden:
            self.message(self._hidden_note())

    def do_hf_list(self, arg: str) -> None:
        """hf_list
        List the frames left out of the stack because they set __tracebackhide__."""
        if not self._hidden:
            self.message("No hidden frames.")
        for entry in self._hidden:
            self.message("  " + self.format_stack_entry(entry, pdb.line_prefix))

    def do_hf_hide(self, arg: str) -> None:
        """hf_hide
        Leave frames that set __tracebackhide__ out of the stack (where, up, down)."""
        self._set_hiding(True)

    def do_hf_unhide(self, arg: str) -> None:
        """hf_unhide
        Show every frame again, including those that set __tracebackhide__."""
        self._set_hiding(False)

    def _set_hiding(self, on: bool) -> None:
        self.settings = self.settings.with_changes(hide_frames=on)
        if self.curframe is None:
            return
        # Rebuild the stack around the frame the user is looking at.
        stack, _ = self.get_stack(*self._stopped_at)
        self._hidden_note_due = False  # said once below, not again with the frame line
        # The frame the user was on, or when it is now hidden the nearest older one shown.
        older_first = [f for f, _ in reversed(self.stack[: self.curindex + 1])]
        where = {id(f): i for i, (f, _) in enumerate(stack)}
        index = next((where[id(f)] for f in older_first if id(f) in where), len(stack) - 1)
        self.stack = stack
        self._select_frame(index)
        if self._hidden:
            self.message(self._hidden_note())

    # -- what happens at every stop -----------------------------------------------------

    def setup(self, f: Any, tb: Any) -> Any:
        self._stopped_at = (f, tb)  # kept so hf_hide/hf_unhide can rebuild the stack
        self._stop_line_due = True
        return super().setup(f, tb)

    def print_stack_entry(self, frame_lineno: Any, *args: Any, **kwargs: Any) -> None:
        # The first entry printed after a stop is its "> file(line)func()" line: pdb <= 3.12
        # prints it from interaction(), 3.13 from the first command of the loop. Our
        # extras go with it, so they come out in the same place on every Python.
        if not self._stop_line_due:
            return super().print_stack_entry(frame_lineno, *args, **kwargs)
        self._stop_line_due = False
        sticky = self.settings.sticky and self.curframe is not None
        if sticky and self.interactive:
            self.stdout.write(CLEAR_SCREEN)
        super().print_stack_entry(frame_lineno, *args, **kwargs)
        if self._hidden_note_due:
            self._hidden_note_due = False
            self.message(self._hidden_note())
        if sticky:
            self._show_sticky()
        return None

    def _select_frame(self, number: int) -> None:
        self._stop_line_due = self.settings.sticky  # up/down redraw the sticky view
        super()._select_frame(number)

    def do_sticky(self, arg: str) -> None:
        """sticky [START END]
        Toggle sticky mode: show the current function's source after every step.
        With START and END, turn it on showing lines START to END of the current
        file instead (the function, in other files); sticky alone turns it off."""
        if arg.strip():
            if not self._set_sticky_range(arg):
                return
            self.settings = self.settings.with_changes(sticky=True)
        else:
            self._sticky_range = None
            self.settings = self.settings.with_changes(sticky=not self.settings.sticky)
        if self.settings.sticky and self.curframe is not None:
            self._show_sticky()

    def _set_sticky_range(self, arg: str) -> bool:
        from debugger.sticky import StickyRangeError, file_line_count, parse_range

        if self.curframe is None:
            self.error("sticky: a range needs a current file; give it once stopped")
            return False
        filename = self.curframe.f_code.co_filename
        try:
            self._sticky_range = parse_range(arg, filename, file_line_count(self.curframe))
        except StickyRangeError as err:
            self.error(str(err))
            return False
        return True

    def do_theme(self, arg: str) -> None:
        """theme [NAME]
        Switch the colour theme at once (the prompt, menus and listings); theme alone
        lists them. For this session only: set theme in [main] of the config to keep it."""
        import themes

        name = arg.strip()
        if not name:
            current = themes.active().theme.name
            for info in themes.list_themes():
                self.message(f"{'*' if info.name == current else ' '} {info.name:<22} {info.description}")
            return
        try:
            chosen = themes.apply(name)
        except themes.ThemeError as err:
            self.error(str(err))
            return
        self.message(f"Theme is {chosen.name}.")

    def _show_sticky(self) -> None:
        from debugger.sticky import show_sticky

        show_sticky(self, self._sticky_range)

    def _print_lines(self, lines: list[str], start: int, breaks: Any = (), frame: Any = None) -> None:
        if not (self.interactive and self.settings.highlight):
            return super()._print_lines(lines, start, breaks, frame)
        from debugger.highlight import highlight_lines, prefix_painter

        coloured = iter(highlight_lines(lines))
        paint_prefix = prefix_painter()
        plain_message = self.message

        def message(text: str, *args: Any, **kwargs: Any) -> None:
            # pdb prints one "<number and markers>\t<source>" message per line.
            prefix, tab, _ = str(text).partition("\t")
            plain_message(paint_prefix(prefix) + tab + next(coloured, "") if tab else text, *args, **kwargs)

        self.message = message  # type: ignore[method-assign]
        try:
            super()._print_lines(lines, start, breaks, frame)
        finally:
            del self.message
        return None

    # -- values ---------------------------------------------------------------------------

    def _bounded_repr(self, obj: Any, render: Any = repr) -> str:
        from debugger.saferepr import safe_repr

        return safe_repr(obj, budget=self.settings.repr_budget, limit=self.settings.repr_limit, render=render)

    def _msg_val_func(self, arg: str, func: Any) -> None:
        if self.interactive and func in (repr, _pformat()):
            return super()._msg_val_func(arg, lambda value: self._bounded_repr(value, func))
        return super()._msg_val_func(arg, func)

    def format_stack_entry(self, frame_lineno: Any, lprefix: str = ": ") -> str:
        # A "--Return--" stop line shows the return value with reprlib.repr; at the prompt,
        # a __repr__ that never ends must not keep the stop line from appearing.
        frame = frame_lineno[0]
        if not self.interactive or "__return__" not in frame.f_locals:
            return super().format_stack_entry(frame_lineno, lprefix)
        import reprlib

        from debugger.saferepr import placeholder, within_budget

        stdlib_repr = reprlib.repr
        budget = self.settings.repr_budget

        def bounded(value: Any) -> str:
            text = within_budget(stdlib_repr, value, budget)
            return text if text is not None else placeholder(value, f"repr took longer than {budget:g} s")

        reprlib.repr = bounded  # bdb looks it up at each call; put back at once
        try:
            return super().format_stack_entry(frame_lineno, lprefix)
        finally:
            reprlib.repr = stdlib_repr

    def _safe_repr(self, obj: Any, expr: str) -> str:  # pdb >= 3.11
        if not self.interactive:
            return super()._safe_repr(obj, expr)
        try:
            return self._bounded_repr(obj)
        except Exception as exc:  # noqa: BLE001 - shown the way pdb shows it
            return f"*** raised {self._format_exc(exc)} ***"

    def displayhook(self, obj: Any) -> None:
        if obj is not None and self.interactive:
            try:
                self.message(self._bounded_repr(obj))
            except Exception:  # noqa: BLE001 - a broken __repr__ is reported, not fatal
                self._error_exc()
            return
        super().displayhook(obj)

    # -- obj? and obj?? ------------------------------------------------------------------

    def default(self, line: str) -> None:
        # Reached for lines that start with no pdb command (as pdb parses them), so
        # `c?` still continues unless smart commands let a variable `c` win.
        request = parse_request(line)
        if request is None:
            return super().default(line)
        self._show_info(request)
        return None

    def _show_info(self, request: InspectRequest) -> None:
        try:
            obj = self._getval(request.expression)
        except BaseException:  # noqa: BLE001 - as pdb's p: _getval printed it in one line
            return
        info = describe(obj, self._info_repr(obj), with_source=request.with_source)
        for text in info_lines(info):
            self.message(text)
        if not request.with_source:
            return
        self.message(source_heading(info))
        if info.source:
            self._print_lines(list(info.source), info.source_start)  # numbered and coloured as `source`

    def _info_repr(self, obj: Any) -> str:
        from debugger.saferepr import safe_repr

        try:
            return safe_repr(obj, budget=self.settings.repr_budget, limit=INFO_REPR_LIMIT)
        except Exception as exc:  # noqa: BLE001 - a broken __repr__ is part of the answer
            return f"<repr raised {type(exc).__name__}: {exc}>"

    # -- smart command parsing (opt-in) -------------------------------------------------

    def onecmd(self, line: str) -> Any:
        if self.settings.smart_commands and not self.commands_defining:
            stripped = line.strip()
            if stripped.startswith("!!"):
                return super().onecmd(stripped[2:])
            request = parse_request(stripped)
            if self._names_a_variable(request.expression if request else stripped):
                self.default(stripped)
                return None
        return super().onecmd(line)

    def _names_a_variable(self, line: str) -> bool:
        """Whether ``line`` starts with a command name that is also a name in the frame and
        reads as an expression on it (``c``, ``c.x``, ``c[0]``, ``c = 1``)."""
        command, _, rest = line.partition(" ")
        head = command
        for mark in ".[(=":
            head = head.split(mark, 1)[0]
        if not head.isidentifier() or not hasattr(self, "do_" + head) or self.curframe is None:
            return False
        if head not in self.curframe_locals and head not in self.curframe.f_globals:
            return False
        after = line[len(head):].lstrip()
        return not after or after[0] in ".[(=" or rest.startswith(("=", "+=", "-="))

    # -- debug (recursive debugger) ------------------------------------------------------

    def do_debug(self, arg: str) -> Any:
        # pdb builds the recursive debugger itself; make that one ours too, reading from
        # the same place as this one (pdb passes stdin/stdout, which would mean plain lines).
        from debugger.pdb_class import next_pdb_built_by

        def nested(*args: Any, **kwargs: Any) -> Debugger:
            return Debugger(*args, settings=self.settings, interactive=self.interactive, **kwargs)

        with next_pdb_built_by(nested):
            return super().do_debug(arg)

    do_debug.__doc__ = pdb.Pdb.do_debug.__doc__  # `help debug` prints pdb's text

    # -- interact -------------------------------------------------------------------------

    def do_interact(self, arg: str) -> None:
        # At a terminal: the shellkit REPL instead of code.interact.
        if not self.interactive:
            return super().do_interact(arg)
        from shellkit.repl import embed

        # A merged copy, as pdb's interact: nothing typed there leaks into the program.
        namespace = {**self.curframe.f_globals, **self.curframe_locals}
        embed(globals=namespace, locals=namespace)
        return None

    do_interact.__doc__ = pdb.Pdb.do_interact.__doc__  # `help interact` prints pdb's text


def _pformat() -> Any:
    import pprint

    return pprint.pformat


def terminal_lines(stream: Any = None) -> int:
    """Height of the terminal the debugger prints on (24 when unknown)."""
    return _terminal_size(stream).lines


def terminal_columns(stream: Any = None) -> int:
    """Width of the terminal the debugger prints on (80 when unknown)."""
    return _terminal_size(stream).columns


def _terminal_size(stream: Any) -> os.terminal_size:
    try:
        return os.get_terminal_size((stream or sys.stdout).fileno())
    except (OSError, ValueError, AttributeError):
        return os.terminal_size((80, 24))
