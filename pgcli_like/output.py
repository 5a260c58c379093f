"""Where formatted results go: the screen (through the pager), an ``\\o`` file, or ``\\g``.

``ResultPrinter`` is the one place the SQL session sends results to. It streams
``format_result`` chunks to their destination as they are produced and always closes
the result afterwards — so a reader that stops early (quitting the pager, ``\\g |head``)
stops the fetch and cancels the statement on the server, and the shell carries on.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING

from pgcli_like.drivers.base import ResultStream, ShellkitSqlError
from pgcli_like.formatting import DATA_FORMATS, OutputStats, format_result
from pgcli_like.settings import OutputSettings
from shellkit.pager import pager_command, show_text, write_safely

if TYPE_CHECKING:
    import subprocess  # imported by _start_command: only \\o |cmd and \\g |cmd run a process

# Width given to the formatter when the output is not a terminal: never switch to
# vertical for ``\x auto`` because of a window the file will never be shown in.
UNLIMITED_WIDTH = 1 << 30


class OutputError(ShellkitSqlError):
    """An output file or command could not be opened (``\\o``, ``\\g``)."""


class ResultPrinter:
    """Prints results to the screen, the current ``\\o`` file, or a one-off ``\\g`` target.

    ``stdout``/``stderr`` default to the process's streams at the time of each call.
    ``warn`` receives one-line messages meant for the user's eyes (stderr by default).
    """

    def __init__(self, *, stdout: IO[str] | None = None, stderr: IO[str] | None = None,
                 warn: Callable[[str], None] | None = None) -> None:
        self._stdout = stdout
        self._stderr = stderr
        self._warn = warn
        self._output_file: IO[str] | None = None
        self._output_process: subprocess.Popen[str] | None = None
        self.output_path: str | None = None  # the \\o file, or "|COMMAND"
        # True after text without a final newline went to the screen (\\echo -n): a shell
        # should end that line before drawing its prompt, which starts at column 0.
        self.line_open = False
        self._broken_pagers: set[str] = set()

    def warning(self, text: str, settings: OutputSettings) -> None:
        """``warn`` a warning, in the theme's ``warning`` colour when colour is on and
        stderr is a terminal (never codes in a redirected stderr)."""
        if settings.color:
            import themes

            stream = self._stderr if self._stderr is not None else sys.stderr
            text = themes.active().theme.for_stream(stream).paint("warning", text)
        self.warn(text)

    # -- destinations ----------------------------------------------------------------------
    @property
    def stdout(self) -> IO[str]:
        return self._stdout if self._stdout is not None else sys.stdout

    def warn(self, text: str) -> None:
        """A one-line message to the user, on stderr (never into ``\\o`` files or pipes)."""
        if self._warn is not None:
            self._warn(text)
            return
        stream = self._stderr if self._stderr is not None else sys.stderr
        print(text, file=stream, flush=True)

    def set_output_file(self, path: str | None) -> None:
        """``\\o FILE``: later results go to FILE (created or truncated); ``\\o |COMMAND``: through
        a shell command, started now and given end-of-input at the next ``\\o``; ``\\o``: back
        to the screen.

        Raises OSError (as ``open`` does) when the file cannot be opened, OutputError for
        ``|`` without a command; the current output then stays as it was.
        """
        new_file: IO[str] | None = None
        new_process: subprocess.Popen[str] | None = None
        target = path.strip() if path else ""
        if target.startswith("|"):
            new_process = _start_command(target[1:].strip(), self.stdout, "\\o")
            new_file = new_process.stdin
        elif target:
            new_file = open(os.path.expanduser(target), "w", encoding="utf-8", errors="replace")  # noqa: SIM115
        self._close_output()
        self._output_file, self._output_process = new_file, new_process
        self.output_path = (target if new_process else os.path.expanduser(target)) if target else None

    def _close_output(self) -> None:
        handle, process = self._output_file, self._output_process
        self._output_file = self._output_process = None
        if handle is not None:
            try:
                handle.close()
            except BrokenPipeError:
                pass  # the command stopped reading early: what it printed is all there is
        if process is not None:
            _wait(process)

    def echo(self, text: str) -> None:
        """Write one line to the current output: the ``\\o`` file if set, else stdout."""
        self.write(text + "\n")

    def write(self, text: str) -> None:
        """Write ``text`` as it is (no newline added) to the current output (``\\echo -n``)."""
        target = self._output_file or self.stdout
        if target is self.stdout and text:
            self.line_open = not text.endswith("\n")
        try:
            write_safely(target, text)
            target.flush()
        except BrokenPipeError:
            pass

    def close(self) -> None:
        """Close the ``\\o`` file (or end the ``\\o |COMMAND`` and wait for it), if any."""
        self._close_output()

    # -- printing --------------------------------------------------------------------------
    def print_result(self, result: ResultStream, settings: OutputSettings, *, dest: str | None = None,
                     expanded: bool | None = None) -> int:
        """Format ``result`` and send it to ``dest`` (``FILE`` or ``|COMMAND``, for this result
        only), else the ``\\o`` file, else the screen. Returns the number of rows printed.

        The result is always closed afterwards. A result without columns prints nothing.
        KeyboardInterrupt propagates after the result is closed (its statement cancelled).
        """
        stats = OutputStats()
        try:
            if not result.columns:
                return 0
            if dest and dest.strip().startswith("|"):
                self._to_command(dest.strip()[1:].strip(), result, settings, expanded, stats)
            elif dest:
                with _open_file(dest.strip()) as handle:
                    self._to_stream(handle, result, settings, expanded, stats)
            elif self._output_file is not None:
                self._to_stream(self._output_file, result, settings, expanded, stats)
            else:
                self.line_open = False  # results end with a newline
                self._to_screen(result, settings, expanded, stats)
        finally:
            result.close()
        return stats.rows

    def _chunks(self, result: ResultStream, settings: OutputSettings, width: int, expanded: bool | None,
                stats: OutputStats) -> Iterable[str]:
        yield from format_result(result, settings, width=width, expanded=expanded, stats=stats)
        if stats.more and settings.format in DATA_FORMATS:
            from pgcli_like.formatting.screen import (
                more_rows_notice,  # (the table code is not needed for csv)
            )

            self.warning(more_rows_notice(settings.row_limit), settings)  # never inside the data itself

    def _to_stream(self, handle: IO[str], result: ResultStream, settings: OutputSettings,
                   expanded: bool | None, stats: OutputStats) -> None:
        plain = dataclasses.replace(settings, color=False)
        try:
            for chunk in self._chunks(result, plain, UNLIMITED_WIDTH, expanded, stats):
                write_safely(handle, chunk)
            handle.flush()
        except BrokenPipeError:
            pass

    def _to_command(self, command: str, result: ResultStream, settings: OutputSettings,
                    expanded: bool | None, stats: OutputStats) -> None:
        proc = _start_command(command, self.stdout, "\\g")
        assert proc.stdin is not None
        try:
            self._to_stream(proc.stdin, result, settings, expanded, stats)
        finally:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass  # the command read what it wanted (`head -1`): not an error
            _wait(proc)

    def _to_screen(self, result: ResultStream, settings: OutputSettings, expanded: bool | None,
                   stats: OutputStats) -> None:
        out = self.stdout
        tty = _isatty(out)
        if tty:
            width = shutil.get_terminal_size().columns
        else:
            width = UNLIMITED_WIDTH
            settings = dataclasses.replace(settings, color=False)
        command = pager_command(settings.pager)
        enabled = settings.pager_enabled and command not in self._broken_pagers

        def pager_failed(text: str) -> None:
            self._broken_pagers.add(command)  # warn once, then stop trying this pager
            self.warning(text, settings)

        show_text(self._chunks(result, settings, width, expanded, stats), out=out, command=command,
                  enabled=enabled, always=settings.pager_always, warn=pager_failed)


def _isatty(out: IO[str]) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def _start_command(command: str, stdout: IO[str], what: str) -> subprocess.Popen[str]:
    """Start ``command`` in a shell with a pipe to its input (``\\g |cmd``, ``\\o |cmd``)."""
    if not command:
        raise OutputError(f"{what} |COMMAND needs a command")
    import subprocess

    stdout.flush()  # what we printed so far comes before anything the command prints
    try:
        return subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, text=True, encoding="utf-8",
                                errors="replace", bufsize=1 << 16)
    except OSError as err:
        raise OutputError(f"could not run {command}: {err.strerror or err}") from None


def _wait(process: subprocess.Popen[str]) -> None:
    """Wait for a command we piped into; Ctrl-C meanwhile goes to it (same process group)."""
    while True:
        try:
            process.wait()
            return
        except KeyboardInterrupt:
            continue


def _open_file(path: str) -> IO[str]:
    full = os.path.expanduser(path)
    try:
        return open(full, "w", encoding="utf-8", errors="replace")  # noqa: SIM115 - kept open for \o
    except OSError as err:
        raise OutputError(f"could not open {path}: {err.strerror or err}") from None
