"""SqlSession: runs what the user typed, statement by statement, and shows what happened.

    text → split_statements → special command (registry) | :var interpolation → driver
         → ResultPrinter (formatter, pager, \\o, \\g) ; notices, status, timing, errors

The session implements ``special.base.CommandContext``, so special commands can run
SQL, print, switch connection and change output settings through it. It is used by
the interactive shell and by ``-c``/``-f``/stdin runs alike; ``interactive`` decides
whether destructive statements are confirmed and where status lines go (stdout on
screen; stderr when stdout carries data).

Statements run on a worker thread while the main thread waits, so Ctrl-C always
reaches us promptly and becomes a server-side cancel (``driver.cancel()``): the
connection stays open and runs the next statement.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any, TypeVar

from pgcli_like.drivers.base import (
    ConnectionLost,
    ConnectionTarget,
    DatabaseError,
    Driver,
    QueryCancelled,
    ResultStream,
    ShellkitSqlError,
)
from pgcli_like.error_display import FailedStatement, error_lines, painted
from pgcli_like.settings import OutputSettings
from pgcli_like.special.base import AlreadyReported, CommandError, ExitRequested

T = TypeVar("T")

_DML = {"INSERT", "UPDATE", "DELETE", "MERGE"}
_BACKLOG_LIMIT = 500  # beyond this many statements before completion starts, a full load is due anyway
CANCELLED = "cancelled: the statement was stopped on the server; the connection is still open"


def run_cancellable(call: Callable[[], T], cancel: Callable[[], None]) -> T:
    """Run ``call`` on a worker thread; Ctrl-C in the meantime calls ``cancel`` (again on repeat).

    The worker is always waited for, so the connection is never used by two threads
    at once; its exception (QueryCancelled after a cancel) is re-raised here.
    """
    box: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            box["value"] = call()
        except BaseException as err:  # noqa: BLE001 - handed over to the waiting thread
            box["error"] = err
        finally:
            done.set()

    worker = threading.Thread(target=work, name="shellkit-statement", daemon=True)
    worker.start()
    while True:
        try:
            done.wait()
            break
        except KeyboardInterrupt:
            cancel()
    if "error" in box:
        raise box["error"]
    return box["value"]


def timing_line(seconds: float) -> str:
    """psql's ``\\timing`` line: ``Time: 1.234 ms``, plus ``(01:02.345)`` from one second up."""
    line = f"Time: {seconds * 1000:.3f} ms"
    if seconds >= 1:
        minutes, rest = divmod(seconds, 60)
        hours, minutes = divmod(int(minutes), 60)
        clock = f"{hours:02d}:{minutes:02d}:{rest:06.3f}" if hours else f"{minutes:02d}:{rest:06.3f}"
        line += f" ({clock})"
    return line


class CancellableResult:
    """A ResultStream whose batches are fetched through ``run_cancellable``."""

    def __init__(self, inner: ResultStream, cancel: Callable[[], None]) -> None:
        self._inner = inner
        self._cancel = cancel
        self.columns = inner.columns
        self.table_name = inner.table_name
        self.rows_seen = 0

    @property
    def status(self) -> str:
        return self._inner.status

    def batches(self, size: int = 1000) -> Iterator[list[tuple]]:
        source = self._inner.batches(size)
        while True:
            batch = run_cancellable(lambda: next(source, None), self._cancel)
            if batch is None:
                return
            self.rows_seen += len(batch)
            yield batch

    def copy_delimited(self, delimiter: str, on_rows: Callable[[int], None]) -> Iterator[str] | None:
        """The inner result's CSV/TSV written by the server (PostgreSQL COPY), or None.

        Read on this thread: psycopg answers Ctrl-C during a COPY by cancelling it."""
        copy = getattr(self._inner, "copy_delimited", None)
        return copy(delimiter, on_rows) if copy is not None else None

    def close(self) -> None:
        self._inner.close()


def _stdio_copy(sql: str, engine: str) -> str | None:
    """``stdio_copy`` of the \\copy module, which is loaded only for a PostgreSQL ``COPY`` (the
    only statement it can answer for): other statements do not pay for importing it."""
    if engine != "postgresql":
        return None
    from pgcli_like.statements import first_word

    if first_word(sql, engine) != "COPY":
        return None
    from pgcli_like.special.copy_command import stdio_copy

    return stdio_copy(sql, engine)


class SqlSession:
    """One user's SQL session on one connection (replaced by ``connect``).

    ``confirm(question) -> bool`` asks the user (interactive only); ``client`` is the
    completion ``Client`` told about every statement run (``after_statement``);
    ``on_connect(driver)`` runs after ``\\c`` switched connection.
    """

    def __init__(
        self,
        driver: Driver,
        *,
        settings: OutputSettings | None = None,
        interactive: bool = False,
        destructive_warning: bool = True,
        variables: dict[str, str] | None = None,
        printer: Any = None,
        client: Any = None,
        confirm: Callable[[str], bool] | None = None,
        password_prompt: Callable[[str], str | None] | None = None,
        on_connect: Callable[[Driver], None] | None = None,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
    ) -> None:
        from pgcli_like.output import ResultPrinter

        self.driver = driver
        self.settings = settings or OutputSettings()
        self.settings.engine = driver.engine  # sql-insert output quotes names as this engine reads them
        self.variables: dict[str, str] = variables if variables is not None else {}
        self.last_query: str | None = None
        self.last_error: FailedStatement | None = None  # the last server error shown (\errverbose)
        self.client = client
        self._client_lock = threading.Lock()
        self._backlog: list[str] | None = None  # statements run while a client is being built
        self.destructive_warning = destructive_warning
        self.read_only = False
        self.delimiter = ";"  # MySQL's DELIMITER stays in force from one input to the next
        self._interactive = interactive
        self._confirm = confirm
        self._password_prompt = password_prompt
        self._on_connect = on_connect
        self._stdout = stdout
        self._stderr = stderr
        self._lost = False
        self._cancels = 0  # Ctrl-C presses during statements (see run_sql, _run_sql_statement)
        self._copy_data: bytes | None = None  # inline data of the COPY being run (take_copy_data)
        self.printer = printer or ResultPrinter(stdout=stdout, stderr=stderr, warn=self.warn)

    # -- streams ---------------------------------------------------------------------------
    @property
    def out(self) -> IO[str]:
        return self._stdout if self._stdout is not None else sys.stdout

    @property
    def err(self) -> IO[str]:
        return self._stderr if self._stderr is not None else sys.stderr

    def _status(self, text: str) -> None:
        """Status lines, timing: on screen when interactive, else stderr (stdout holds data)."""
        stream = self.out if self._interactive else self.err
        print(text, file=stream, flush=True)

    # -- running text ------------------------------------------------------------------------
    def run_text(self, text: str, *, stop_on_error: bool = False, expanded: bool | None = None,
                 dest: str | None = None) -> bool:
        """Run every statement in ``text`` in turn; False if any failed.

        With ``stop_on_error`` the first failure ends the run (as ``-c``/``-f`` do), as
        does psql's ON_ERROR_STOP variable. ``ExitRequested`` (``\\q``) propagates.
        ``expanded``/``dest`` apply to every result (``\\gx``, ``\\g FILE``).
        """
        from pgcli_like.special.inline_data import split_inline_data
        from pgcli_like.special.variables import on_error_stop
        from pgcli_like.statements import split_with_delimiter

        ok = True
        cancels = self._cancels
        pieces = list(split_inline_data(text, self.driver.engine))
        try:
            for index, piece in enumerate(pieces):
                statements, self.delimiter = split_with_delimiter(piece.text, self.driver.engine, self.delimiter)
                for number, statement in enumerate(statements, 1):
                    # Inline COPY data belongs to the piece's last statement (the COPY itself).
                    self._copy_data = piece.data if number == len(statements) else None
                    if not self.run_statement(statement, expanded=expanded, dest=dest):
                        ok = False
                        if stop_on_error or on_error_stop(self.variables):
                            return False
                    if self._cancels != cancels:  # Ctrl-C stops everything typed or read, as in psql
                        if number < len(statements) or index < len(pieces) - 1:
                            self.warn("Ctrl-C: the rest of the input was not run.")
                        return False
            return ok
        finally:
            self._copy_data = None

    def run_statement(self, statement: str, *, expanded: bool | None = None, dest: str | None = None) -> bool:
        """Run one statement (SQL or a special command); False if it failed."""
        from pgcli_like.special.registry import is_special, run_special

        engine = self.driver.engine
        if is_special(statement, engine):
            try:
                run_special(self, statement)
            except ExitRequested:
                raise
            except AlreadyReported:
                return False
            except CommandError as err:
                self.warn(str(err))
                return False
            except ShellkitSqlError as err:
                self.warn(f"ERROR:  {err}")
                return False
            return True
        from pgcli_like.special.variables import interpolate

        try:
            sql = interpolate(statement, self.variables, engine=engine)
        except CommandError as err:
            self.warn(str(err))
            return False
        return self._run_sql_statement(sql, expanded=expanded, dest=dest)

    def _run_sql_statement(self, sql: str, *, expanded: bool | None, dest: str | None) -> bool:
        if self._lost and not self._reconnect():
            return False
        if self.read_only:
            from pgcli_like.read_only_guard import lifts_read_only

            lifted = lifts_read_only(sql, self.driver.engine)
            if lifted:
                self.warn(f"ERROR:  not run: {lifted} would lift --read-only (the session stays read-only)")
                return False
        if self._interactive and self.destructive_warning:
            from pgcli_like.statements import destructive_reason

            reason = destructive_reason(sql, self.driver.engine)
            if reason and not self.confirm(f"This statement is destructive ({reason}). Run it?"):
                self.warn("Not run.")
                return True
        from pgcli_like.transaction_modes import SAVEPOINT, autocommit_off, needs_implicit_begin

        if (autocommit_off(self.variables) and self.driver.transaction_state == "idle"
                and needs_implicit_begin(sql, self.driver.engine)):
            self.execute_quietly("BEGIN")
        savepoint = self._savepoint_wanted(sql)
        if savepoint:
            self.execute_quietly(f"SAVEPOINT {SAVEPOINT}")
        self.last_query = sql
        started = time.perf_counter()
        ok = True
        cancels = self._cancels
        copy_direction = _stdio_copy(sql, self.driver.engine)
        try:
            result: ResultStream | None = None
            if copy_direction:  # COPY … TO STDOUT / FROM STDIN: the data passes through us, as in psql
                from pgcli_like.special.copy_command import copy_statement

                copy_statement(self, sql, copy_direction)
            else:
                result = run_cancellable(lambda: self.driver.execute(sql), self.cancel)
            # MySQL's CALL can return several result sets; other drivers have no next_result.
            next_result = getattr(self.driver, "next_result", None)
            while result is not None:
                self._print(result, dest=dest, expanded=expanded)
                result = run_cancellable(next_result, self.cancel) if next_result else None
        except QueryCancelled as err:
            self.last_error = FailedStatement(err, sql)
            self._flush_notices()
            self.warn(CANCELLED)
            ok = False
        except ConnectionLost as err:
            self.last_error = FailedStatement(err, sql)
            self._lost = True
            self.warn(f"ERROR:  {err.message}")
            self.warn("The connection to the server was lost; the statement may or may not have run.")
            if self._interactive and self._reconnect() and self.confirm("Run the statement again?"):
                return self._run_sql_statement(sql, expanded=expanded, dest=dest)
            if self._lost:
                self.warn("It was not re-run. The next statement reconnects.")
            ok = False
        except DatabaseError as err:
            self._flush_notices()
            self._show_error(err, sql)
            ok = False
        except ShellkitSqlError as err:  # output errors (\g file), bad \o targets
            self.warn(f"ERROR:  {err}")
            ok = False
        if savepoint and not self._lost:
            self._end_savepoint()
        if ok and self._cancels != cancels:
            # The cancel came too late, or the server answered it with a result (MariaDB's
            # SLEEP and BENCHMARK return early as if they had finished).
            self.warn("Ctrl-C: the server finished the statement anyway; its result may be cut short.")
        if self.settings.timing:
            self._status(timing_line(time.perf_counter() - started))
        if ok:
            self._note_statement(sql)
        return ok

    def _savepoint_wanted(self, sql: str) -> bool:
        """psql's ON_ERROR_ROLLBACK: a savepoint before ``sql`` inside a PostgreSQL transaction."""
        from pgcli_like.transaction_modes import needs_implicit_begin, rollback_on_error

        return (rollback_on_error(self.variables, interactive=self._interactive)
                and self.driver.engine == "postgresql" and self.driver.transaction_state == "in_transaction"
                and needs_implicit_begin(sql, self.driver.engine))

    def _end_savepoint(self) -> None:
        from pgcli_like.transaction_modes import SAVEPOINT

        state = self.driver.transaction_state
        if state == "failed":
            self.execute_quietly(f"ROLLBACK TO SAVEPOINT {SAVEPOINT}")
        elif state == "in_transaction":
            self.execute_quietly(f"RELEASE SAVEPOINT {SAVEPOINT}")

    def _print(self, result: ResultStream, *, dest: str | None, expanded: bool | None) -> None:
        """One result: notices, the rows (cancellable fetches), then the status line."""
        self._flush_notices()
        shown = CancellableResult(result, self.cancel)
        try:
            self.printer.print_result(shown, self.settings, dest=dest, expanded=expanded)
        except KeyboardInterrupt:
            # Ctrl-C while the output was being written (pager, terminal): the
            # printer closed the result, which stopped the statement.
            raise QueryCancelled("canceling statement due to user request") from None
        self._flush_notices()  # warnings that came with the last rows (MySQL)
        status = shown.status
        # As psql: a row count is in the table footer; DML with RETURNING still says what it did.
        if status and (not shown.columns or status.split(" ", 1)[0] in _DML):
            self._status(status)

    def _show_error(self, err: DatabaseError, sql: str) -> None:
        self.last_error = FailedStatement(err, sql)
        self._show_messages(error_lines(err, sql))

    def _show_messages(self, lines: list[str]) -> None:
        """Errors and notices on stderr; at a terminal with colour on, ERROR, WARNING and
        the caret in the theme's roles (error_display.painted)."""
        if not lines:
            return
        if self._interactive and self.settings.color and self.err.isatty():
            import themes

            lines = painted(lines, themes.active().theme.for_stream(self.err))
        for line in lines:
            self.warn(line)

    # -- the completion client ----------------------------------------------------------------
    def expect_client(self) -> None:
        """A completion client is being built: remember statements until ``attach_client``."""
        with self._client_lock:
            self.client = None
            self._backlog = []

    def attach_client(self, client: Any) -> None:
        """Use ``client`` (None: no completion) and tell it what ran while it was being built."""
        with self._client_lock:
            backlog, self._backlog = self._backlog or [], None
            self.client = client
        if client is not None:
            for sql in backlog:
                self._tell_client(client, sql)

    def _note_statement(self, sql: str) -> None:
        with self._client_lock:
            client = self.client
            if client is None:
                if self._backlog is not None and len(self._backlog) < _BACKLOG_LIMIT:
                    self._backlog.append(sql)
                return
        self._tell_client(client, sql)

    def _tell_client(self, client: Any, sql: str) -> None:
        try:
            client.after_statement(sql)
        except Exception as err:  # noqa: BLE001 - completion trouble must not fail the statement
            self.warn(f"(completion metadata not refreshed: {err})")

    def _flush_notices(self) -> None:
        self._show_messages(list(self.driver.take_notices()))

    def _reconnect(self) -> bool:
        from pgcli_like.dsn import describe

        try:
            self.driver.reconnect()
        except ShellkitSqlError as err:
            self.warn(f"Still not connected: {err}")
            return False
        self._lost = False
        if self.read_only:
            self.driver.set_read_only()
        self.warn(f"Reconnected to {describe(self.driver.target)}.")
        if self._on_connect is not None:
            self._on_connect(self.driver)
        return True

    # -- CommandContext ----------------------------------------------------------------------
    def show(self, result: ResultStream, *, expanded: bool | None = None, dest: str | None = None) -> None:
        """Print a result through the normal output path (format, pager, \\o or ``dest``)."""
        self.printer.print_result(result, self.settings, dest=dest, expanded=expanded)

    @property
    def cancel_count(self) -> int:
        """How many times Ctrl-C cancelled a running statement so far (each was reported)."""
        return self._cancels

    def cancel(self) -> None:
        """Ctrl-C during a statement: cancel it on the server, and remember it was pressed."""
        self._cancels += 1
        self.driver.cancel()

    def run_sql(self, sql: str, *, expanded: bool | None = None, dest: str | None = None) -> bool:
        """Run SQL text as if typed (used by \\g, \\i, \\watch, named queries).

        Ctrl-C pressed meanwhile raises KeyboardInterrupt afterwards, even when the
        statement finished anyway (the cancel came too late, or the SQL caught it), so
        the command that called (\\watch, \\i) stops as psql's do.
        """
        cancels = self._cancels
        ok = self.run_text(sql, expanded=expanded, dest=dest)
        if self._cancels != cancels:
            raise KeyboardInterrupt
        return ok

    def echo(self, text: str) -> None:
        """A line to the current output (the \\o file when one is set)."""
        self.printer.echo(text)

    def write(self, text: str) -> None:
        """Text as it is, no newline added (\\echo -n); to the \\o file when one is set."""
        self.printer.write(text)

    def screen(self, text: str) -> None:
        """Text as it is on the screen (stdout), never into the \\o file (psql's \\echo)."""
        from shellkit.pager import write_safely

        out = self.printer.stdout
        try:
            write_safely(out, text)
            out.flush()
        except BrokenPipeError:
            return
        if text:
            self.printer.line_open = not text.endswith("\n")

    def end_line(self) -> None:
        """End a screen line left open by ``\\echo -n`` (the shell's prompt starts at column 0)."""
        if self.printer.line_open:
            self.screen("\n")

    def take_copy_data(self) -> bytes | None:
        """The inline data of the COPY being run (script lines up to ``\\.``), once."""
        data, self._copy_data = self._copy_data, None
        return data

    def warn(self, text: str) -> None:
        """A line to stderr: errors, notices, messages."""
        try:
            print(text, file=self.err, flush=True)
        except BrokenPipeError:
            pass

    def set_output_file(self, path: str | None) -> None:
        self.printer.set_output_file(path)

    def connect(self, target: ConnectionTarget) -> None:
        """Switch to ``target`` (\\c); the old connection is closed only once the new one works."""
        from pgcli_like.drivers import open_driver

        new = open_driver(target, password_prompt=self._password_prompt if self._interactive else None)
        if self.read_only:
            new.set_read_only()
        old, self.driver = self.driver, new
        self.settings.engine = new.engine
        self._lost = False
        if self._on_connect is not None:
            self._on_connect(new)
        old.close()

    def refresh_catalog(self) -> None:
        if self.client is not None:
            self.client.start_background_refresh()

    def confirm(self, question: str) -> bool:
        """Ask y/N; False when not interactive or on Ctrl-C/Ctrl-D."""
        if not self._interactive:
            return False
        if self._confirm is not None:
            return self._confirm(question)
        try:
            answer = input(f"{question} [y/N] ")
        except (EOFError, KeyboardInterrupt):
            print(file=self.err)
            return False
        return answer.strip().lower() in ("y", "yes")

    def ask_password(self, question: str) -> str | None:
        """Read a secret without echo (\\password) through the prompt used for connecting;
        None when there is none (not interactive) or the user gave up (Ctrl-C/Ctrl-D)."""
        if not self._interactive or self._password_prompt is None:
            return None
        return self._password_prompt(question)

    def edit_text(self, text: str, filename: str | None = None) -> str | None:
        """Open ``text`` (or ``filename``) in $EDITOR; the saved text, None if unchanged."""
        import click

        if filename:
            click.edit(filename=filename)
            with open(filename, encoding="utf-8") as handle:
                saved = handle.read()
            return saved if saved != text else None
        edited = click.edit(text, extension=".sql", require_save=True)
        return edited if edited is not None and edited != text else None

    @property
    def interactive(self) -> bool:
        return self._interactive

    @property
    def config_store(self) -> Callable[[str, dict[str, str]], None]:
        def store(section: str, mapping: dict[str, str]) -> None:
            from shellkit.config import load_config

            load_config().write_section(section, mapping)

        return store

    # -- transactions ---------------------------------------------------------------------------
    def execute_quietly(self, sql: str) -> None:
        """Run a statement of our own (BEGIN, COMMIT …) and discard its result."""
        run_cancellable(lambda: self.driver.execute(sql), self.driver.cancel).close()

    def finish_transaction(self, ask: Callable[[str], str | None] | None) -> None:
        """Leaving with an open transaction: commit or roll back (asking when ``ask`` is given).

        A failed transaction can only be rolled back. Without ``ask`` the transaction is
        rolled back, as closing the connection would.
        """
        state = self.driver.transaction_state
        if state == "idle":
            return
        if state == "failed":
            self.execute_quietly("ROLLBACK")
            self.warn("The failed transaction was rolled back.")
            return
        answer = ask("A transaction is open. Commit or roll back? [c/r] ") if ask else "r"
        verb = "COMMIT" if (answer or "r").strip().lower().startswith("c") else "ROLLBACK"
        try:
            self.execute_quietly(verb)
        except DatabaseError as err:
            self.warn(f"ERROR:  {err.message}")
            return
        self.warn("Committed." if verb == "COMMIT" else "Rolled back.")


def run_statements(session: SqlSession, statements: Sequence[str], *, stop_on_error: bool) -> bool:
    """Run several inputs (each ``-c`` argument, a file's text) in order; False if any failed."""
    ok = True
    for text in statements:
        if not session.run_text(text, stop_on_error=stop_on_error):
            ok = False
            if stop_on_error:
                break
    return ok
