"""The interactive SQL shell: a prompt loop on the shellkit engine around an SqlSession.

The prompt names the database and ends with ``>`` (``#`` for a PostgreSQL superuser),
with ``*`` inside a transaction and ``!`` in a failed one: ``shop> ``, ``shop*> ``,
``shop!# ``. The toolbar repeats the transaction state and shows catalog loading.
Pygments' SQL lexer is loaded on the first keystroke, not before the first prompt.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.lexers import Lexer

from pgcli_like.drivers.base import Driver
from pgcli_like.session import SqlSession
from pgcli_like.special.base import ExitRequested
from pgcli_like.statements import ends_statement

QUIT_WORDS = {":q", "\\q", "quit", "exit", "quit;", "exit;", "\\q;"}
# History entries that would keep a password: URLs with one, PASSWORD '…', IDENTIFIED BY.
_SECRET = re.compile(r"://[^/\s@:]*:[^@\s]+@|\bpassword\s*(=|'|\")|\bpassword\s+'|identified\s+by", re.I)
_PYGMENTS_LEXERS = {"postgresql": "PostgresLexer", "mysql": "MySqlLexer", "sqlite": "SqlLexer"}


def keep_in_history(text: str) -> bool:
    """False for input that carries a password (it must never reach the history file)."""
    return not _SECRET.search(text)


class LazySqlLexer(Lexer):
    """Pygments' lexer for the engine, imported when there is first something to colour."""

    def __init__(self, engine: str) -> None:
        self.engine = engine
        self._lexer: Lexer | None = None

    def lex_document(self, document: Document) -> Callable[[int], StyleAndTextTuples]:
        if self._lexer is None:
            if not document.text:
                return lambda lineno: []
            from prompt_toolkit.lexers import PygmentsLexer
            from pygments.lexers import sql

            self._lexer = PygmentsLexer(getattr(sql, _PYGMENTS_LEXERS.get(self.engine, "SqlLexer")))
        return self._lexer.lex_document(document)


class ClientCompleter(Completer):
    """Completes through the shell's current Client, which arrives after the first prompt."""

    def __init__(self, shell: SqlShell) -> None:
        self.shell = shell

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        client = self.shell.client
        if client is None:
            return []
        return client.completer.get_completions(document, complete_event)


def prompt_name(driver: Driver) -> str:
    """What the prompt calls the connection: database name, file stem, or the engine."""
    if driver.engine == "sqlite":
        path = driver.target.database or ":memory:"
        return "sqlite" if path == ":memory:" else os.path.splitext(os.path.basename(path))[0] or "sqlite"
    return driver.current_database or driver.target.database or driver.engine


def prompt_text(driver: Driver) -> str:
    """``shop> ``, ``shop*> `` (transaction), ``shop!> `` (failed), ``#`` for a superuser;
    ``shop@> `` while an ``\\if`` branch not taken skips what is typed (psql's ``%R``)."""
    # Not imported before the first prompt: until a special command has run, no \\if is open.
    # The completion thread may be importing it right now: use it only once it is complete.
    skipping = getattr(sys.modules.get("pgcli_like.special.conditionals"), "skipping", None)
    state = driver.transaction_state
    mark = {"in_transaction": "*", "failed": "!"}.get(state, "")
    skipping_mark = "@" if skipping is not None and skipping() else ""
    end = "#" if getattr(driver, "is_superuser", False) else ">"
    return f"{prompt_name(driver)}{skipping_mark}{mark}{end} "


def _ends_with_delimiter(text: str, delimiter: str) -> bool | None:
    """MySQL with a ``DELIMITER`` other than ``;``: whether Enter should run ``text``.

    True after a ``DELIMITER`` line or the delimiter in force; None when only ``;`` applies.
    """
    from pgcli_like.statements import split_with_delimiter

    _, after = split_with_delimiter(text, "mysql", delimiter)
    if re.search(r"(?i)(?:^|\n)\s*delimiter\s+\S+\s*$", text):
        return True
    if after == ";":
        return None
    return text.rstrip().endswith(after)


def multiline_rule(engine: str, mode: str, delimiter: Callable[[], str] = lambda: ";") -> Callable[[str], bool]:
    """When Enter runs the input in multi-line mode: psql's rule, or only after ``;`` (safe).

    ``delimiter()`` is MySQL's statement delimiter in force (``DELIMITER //``).
    """

    def complete(text: str) -> bool:
        stripped = text.strip()
        if mode == "safe":
            return stripped.endswith(";") and ends_statement(text, engine)
        if not stripped or stripped in QUIT_WORDS:
            return True
        if stripped[0] == "\\" or (engine == "sqlite" and stripped[0] == "."):
            return True
        if engine == "mysql":
            verdict = _ends_with_delimiter(text, delimiter())
            if verdict is not None:
                return verdict
        return ends_statement(text, engine)

    return complete


class SqlShell:
    """The prompt loop.

    ``make_client(driver)`` builds the completion Client; it is called on a thread once
    the first prompt is on screen (importing the completion machinery and starting the
    catalog load would otherwise delay it). Without it there is no completion.
    """

    def __init__(self, session: SqlSession, *, config: Any = None, theme: str | None = None,
                 make_client: Callable[[Driver], Any] | None = None, input: Any = None,
                 output: Any = None) -> None:
        self.session = session
        self._io = {"input": input, "output": output}  # prompt_toolkit pipe input / DummyOutput in tests
        self.client: Any = None
        self.config = config
        self.theme = theme
        self.make_client = make_client
        self.prompt_session: Any = None
        self._client_started = False
        self._client_pending = make_client is not None  # "Loading catalog…" until the client exists

    # -- pieces of the prompt --------------------------------------------------------------------
    def message(self) -> StyleAndTextTuples:
        return [("class:prompt", prompt_text(self.session.driver))]

    def toolbar(self) -> StyleAndTextTuples:
        driver = self.session.driver
        parts: StyleAndTextTuples = []
        state = driver.transaction_state
        if state == "in_transaction":
            parts.append(("class:bottom-toolbar.text", "Transaction  "))
        elif state == "failed":
            parts.append(("class:bottom-toolbar.warning", "Failed transaction (ROLLBACK to continue)  "))
        if self.session.read_only:
            parts.append(("class:bottom-toolbar.text", "Read-only  "))
        if self._client_pending or getattr(self.client, "loading", False):
            parts.append(("class:bottom-toolbar.text", "Loading catalog…  "))
        return parts

    def _redraw(self, *_: object) -> None:
        app = getattr(self.prompt_session, "app", None)
        if app is not None:
            app.invalidate()

    def redraw_when_loaded(self) -> None:
        """A statement started a catalog refresh (DDL): redraw the toolbar once it is done,
        so "Loading catalog…" goes away without waiting for a keypress."""
        client = self.client
        if client is None or not client.loading:
            return

        def wait() -> None:
            client.wait_for_catalog(timeout=300)
            self._redraw()

        threading.Thread(target=wait, name="shellkit-toolbar", daemon=True).start()

    def _start_client(self, *_: object) -> None:
        """First render done: build the completion client in the background."""
        if self._client_started or self.make_client is None:
            return
        self._client_started = True
        threading.Thread(target=self._load_client, args=(self.session.driver,), name="shellkit-client",
                         daemon=True).start()

    def _load_client(self, driver: Driver) -> None:
        try:
            client = self.make_client(driver) if self.make_client is not None else None
        except Exception as err:  # noqa: BLE001 - the shell works without completion
            client = None
            self.session.warn(f"completion is off: {err}")
        if client is not None and driver is not self.session.driver:
            client.loader.close()  # \c happened while it was being built: start again for the new one
            self._load_client(self.session.driver)
            return
        self.session.attach_client(client)  # also replays DDL typed while it was being built
        self.client = client
        self._client_pending = False
        if client is not None:
            client.start_background_refresh(on_done=self._redraw)
        self._redraw()

    def on_connect(self, driver: Driver) -> None:
        """After \\c or a reconnect: new completion client and this target's history."""
        old = self.client
        if old is not None and old.driver is not driver:
            self.client = None
            self.session.expect_client()
            old.close()
            self._load_client(driver)
        self._switch_history(driver)
        lexer = getattr(self.prompt_session, "lexer", None)
        if isinstance(lexer, LazySqlLexer) and lexer.engine != driver.engine:
            self.prompt_session.lexer = LazySqlLexer(driver.engine)  # \c to another kind of database

    def _switch_history(self, driver: Driver) -> None:
        if self.prompt_session is None:
            return
        from prompt_toolkit.history import ThreadedHistory

        from shellkit.history import SharedFileHistory, history_path

        history = ThreadedHistory(SharedFileHistory(history_path("sql", driver.target.history_key),
                                                    keep=keep_in_history))
        self.prompt_session.history = history
        self.prompt_session.default_buffer.history = history

    def _build(self) -> Any:
        from shellkit.session import create_session

        style = color_depth = None
        try:
            import themes

            switch = themes.use(self.theme)
            style, color_depth = switch.style, switch.theme.color_depth
        except Exception as err:  # noqa: BLE001 - a theme problem must not stop the shell
            self.session.warn(f"theme not applied: {err}")
        sql_config = self.config.section("sql") if self.config is not None else {}
        engine = self.session.driver.engine
        return create_session(
            app="sql",
            history_key=self.session.driver.target.history_key,
            message=self.message,
            completer=ClientCompleter(self) if self.make_client is not None else None,
            lexer=LazySqlLexer(engine),
            style=style,
            color_depth=color_depth,
            multiline_submit=multiline_rule(engine, str(sql_config.get("multi_line_mode", "psql")),
                                            lambda: self.session.delimiter),
            toolbar=self.toolbar,
            config=self.config,
            history_keep=keep_in_history,
            editor_suffix=".sql",
            **self._io,
        )

    # -- the loop ------------------------------------------------------------------------------
    def run(self) -> int:
        """Read and run input until the user leaves; the exit status (0)."""
        self.prompt_session = self._build()
        if self.make_client is not None:
            self.session.expect_client()
        self.prompt_session.app.after_render += self._start_client
        try:
            while True:
                self.session.end_line()
                try:
                    text = self.prompt_session.prompt()
                except KeyboardInterrupt:
                    continue
                except EOFError:
                    break
                if text.strip() in QUIT_WORDS:
                    break
                if not text.strip():
                    continue
                cancels = self.session.cancel_count
                try:
                    self.session.run_text(text)
                    self.redraw_when_loaded()
                except ExitRequested:
                    break
                except KeyboardInterrupt:
                    if self.session.cancel_count == cancels:  # else the session said what stopped
                        self.session.warn("cancelled")
                except Exception:  # noqa: BLE001 - our bug: show it, keep the shell alive
                    import traceback

                    traceback.print_exc()
                    self.session.warn("That was a bug in shellkit, not in your SQL; the shell carries on.")
        finally:
            self._leave()
        return 0

    def _leave(self) -> None:
        def ask(question: str) -> str | None:
            try:
                return input(question)
            except (EOFError, KeyboardInterrupt):
                return "r"

        try:
            self.session.finish_transaction(ask)
        except Exception as err:  # noqa: BLE001 - leaving must always work
            self.session.warn(f"could not end the transaction: {err}")
        self.session.printer.close()
        if self.client is not None:
            self.client.close()
        else:
            self.session.driver.close()
