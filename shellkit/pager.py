"""Show streamed text on the terminal, through a pager when it does not fit.

Any shell can hand ``show_text`` an iterator of text chunks (each one or more whole
lines). The first screenful is buffered; if the text ends before filling the screen
and no line is wider than the terminal it is written directly, otherwise a pager is
started and everything (buffered and still to come) is streamed into it. A pager that
fills its pipe makes the producer wait, so nothing is read ahead of the reader.

The pager command is the caller's, else ``$PAGER``, else ``less``; ``LESS=-SRXF`` is
set when ``LESS`` is unset (chop long lines, keep colours, don't clear the screen,
quit when the text fits). Quitting the pager early ends the stream cleanly
(``Shown.complete`` is False); a pager that cannot start gives plain output and one
warning.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO

# shlex and subprocess are imported where a pager starts: output that fits the screen, or
# goes to a file or pipe, never needs them (a `-c` run saves ~7 ms).

DEFAULT_PAGER = "less"
DEFAULT_LESS = "-SRXF"
# Lines kept free below the text for the prompt (as pgcli/psql do), so a result that
# would scroll the command line away goes to the pager.
PROMPT_LINES = 2
_SHELL_CHARS = set("|&;<>()$`*?~")


@dataclass(frozen=True, slots=True)
class Shown:
    """What happened to the text: all of it written (``complete``), and whether paged."""

    complete: bool
    paged: bool


def pager_command(configured: str | None = None) -> str:
    """The pager to run: ``configured``, else ``$PAGER``, else ``less``."""
    return (configured or os.environ.get("PAGER") or DEFAULT_PAGER).strip() or DEFAULT_PAGER


def pager_env() -> dict[str, str]:
    """The environment for the pager: ours, with ``LESS=-SRXF`` when LESS is unset."""
    env = dict(os.environ)
    env.setdefault("LESS", DEFAULT_LESS)
    return env


_SGR = re.compile(r"\x1b\[[0-9;]*m")


def keeps_colour(command: str) -> bool:
    """Whether the pager shows colour codes as colour: ``less`` only with -R/-r
    (in ``LESS`` or its arguments); other pagers pass them to the terminal."""
    import shlex

    try:
        words = shlex.split(command)
    except ValueError:
        return True
    if not words or os.path.basename(words[0]) != "less":
        return True
    flags = " ".join([pager_env().get("LESS", "")] + [w for w in words[1:] if w.startswith("-")])
    return any(ch in flags for ch in "Rr") or "--raw-control-chars" in flags or "--RAW-CONTROL-CHARS" in flags


def _display_width(line: str) -> int:
    if line.isascii():
        return len(_SGR.sub("", line)) if "\x1b" in line else len(line)  # colour takes no room
    import wcwidth

    return max(wcwidth.width(line), 0)


def write_safely(stream: IO[str], text: str) -> None:
    """Write ``text`` to ``stream``; characters it cannot encode become ``?``.

    Values decoded with surrogate escapes (invalid UTF-8 from a latin1 column) must
    not turn into an exception halfway through a result.
    """
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(encoding, "replace").decode(encoding, "replace"))


class Pager:
    """A running pager process that text is streamed into."""

    def __init__(self, command: str) -> None:
        # Plain commands are run directly (no shell quoting surprises); commands with
        # shell syntax (pipes, variables) go through /bin/sh like psql does.
        import shlex
        import subprocess

        use_shell = any(ch in _SHELL_CHARS for ch in command)
        words = shlex.split(command)
        if not words:
            raise ValueError("empty pager command")
        if shutil.which(words[0]) is None:
            raise FileNotFoundError(f"{words[0]!r} not found")
        args: str | list[str] = command if use_shell else words
        self.command = command
        self.process = subprocess.Popen(
            args, shell=use_shell, stdin=subprocess.PIPE, env=pager_env(),
            text=True, encoding="utf-8", errors="replace", bufsize=1 << 16,
        )

    def write(self, text: str) -> None:
        """Send text; raises BrokenPipeError once the user has quit the pager."""
        assert self.process.stdin is not None
        self.process.stdin.write(text)

    def close(self) -> int:
        """Close the pipe and wait until the user quits the pager; its exit status."""
        stdin = self.process.stdin
        if stdin is not None:
            try:
                stdin.close()
            except BrokenPipeError:
                pass
        while True:
            try:
                return self.process.wait()
            except KeyboardInterrupt:  # Ctrl-C belongs to the pager while it runs
                continue

    @property
    def failed_to_start(self) -> bool:
        """True when the shell could not find or run the pager command."""
        return self.process.poll() in (126, 127)


def show_text(
    chunks: Iterable[str],
    *,
    out: IO[str] | None = None,
    command: str | None = None,
    enabled: bool = True,
    always: bool = False,
    size: os.terminal_size | None = None,
    warn: Callable[[str], None] | None = None,
) -> Shown:
    """Write ``chunks`` to ``out`` (default stdout), through a pager if they don't fit.

    ``always`` pages even text that fits (psql's ``\\pset pager always``). No pager when
    ``enabled`` is False or ``out`` is not a terminal. Returns
    ``Shown(complete=False)`` when the reader closed the pipe (quit the pager, or
    ``out`` is a pipe whose reader went away) — the caller should stop producing.
    An exception from ``chunks`` (or KeyboardInterrupt) propagates after the text so
    far has been shown and the pager, if any, has been quit by the user.
    """
    out = out if out is not None else sys.stdout
    warn = warn or (lambda text: print(text, file=sys.stderr))
    it = iter(chunks)
    if not enabled or not _isatty(out):
        return Shown(_write_all(out, it, []), False)
    if always:
        head: list[str] = []
    else:
        head, fits = _first_screen(it, size or shutil.get_terminal_size(), out)
        if fits:
            return Shown(_write_all(out, iter(()), head), False)
    cmd = pager_command(command)
    try:
        pager = Pager(cmd)
    except (OSError, ValueError) as err:
        warn(f"pager {cmd!r} could not start ({err}); showing the output directly")
        return Shown(_write_all(out, it, head), False)
    out.flush()
    return _stream_to_pager(pager, head, it, out, warn)


def _isatty(out: IO[str]) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def _first_screen(it: Iterator[str], size: os.terminal_size, out: IO[str]) -> tuple[list[str], bool]:
    """Read chunks until they fill the screen; (chunks read, whether all fit on it)."""
    head: list[str] = []
    lines = 0
    room = max(size.lines - PROMPT_LINES, 1)
    try:
        for chunk in it:
            head.append(chunk)
            parts = chunk.split("\n")
            lines += len(parts) - 1
            if lines > room or any(_display_width(p) > size.columns for p in parts):
                return head, False
    except BaseException:
        _write_all(out, iter(()), head)  # what was produced before the error is still shown
        raise
    return head, True


def _write_all(out: IO[str], it: Iterator[str], head: list[str]) -> bool:
    try:
        for chunk in head:
            write_safely(out, chunk)
        for chunk in it:
            write_safely(out, chunk)
        out.flush()
    except BrokenPipeError:
        _silence_broken_stdout(out)
        return False
    return True


def _silence_broken_stdout(out: IO[str]) -> None:
    """After stdout's reader went away, point it at /dev/null so exit doesn't complain."""
    if out is sys.stdout or out is sys.__stdout__:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, out.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass


def _stream_to_pager(pager: Pager, head: list[str], it: Iterator[str], out: IO[str],
                     warn: Callable[[str], None]) -> Shown:
    # A less without -R would show colour codes as ^[[2m text: strip them for it.
    clean = (lambda text: text) if keeps_colour(pager.command) else (lambda text: _SGR.sub("", text))
    try:
        for chunk in head:
            pager.write(clean(chunk))
        for chunk in it:
            pager.write(clean(chunk))
        pager.close()
        return Shown(True, True)
    except BrokenPipeError:
        pager.close()
        if pager.failed_to_start:
            warn(f"pager {pager.command!r} could not start; showing the output directly")
            return Shown(_write_all(out, it, head), False)
        return Shown(False, True)
    except BaseException:
        # Ctrl-C or an error from the producer (the statement failed halfway): let the
        # user read what arrived, then report it once the pager is closed.
        pager.close()
        raise
