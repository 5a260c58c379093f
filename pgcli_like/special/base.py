"""What a special command may ask of the SQL session that runs it.

The session (``pgcli_like.session.SqlSession``) implements ``CommandContext``; special
commands depend only on this protocol, never on the shell loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from pgcli_like.drivers.base import ConnectionTarget, DatabaseError, Driver, ResultStream
from pgcli_like.error_display import FailedStatement
from pgcli_like.settings import OutputSettings


class CommandError(Exception):
    """A user's mistake in a special command; ``str()`` is the one-line message."""


class AlreadyReported(CommandError):
    """A command whose SQL failed: the error is on screen already, so only the failure counts
    (a non-interactive run exits with status 1, ON_ERROR_STOP stops)."""


def run_checked(ctx: CommandContext, sql: str, *, expanded: bool | None = None, dest: str | None = None) -> None:
    """``ctx.run_sql`` for a command (\\g, \\watch, \\i …): raises AlreadyReported if the SQL failed."""
    if not ctx.run_sql(sql, expanded=expanded, dest=dest):
        raise AlreadyReported("the query failed")


def remember_error(ctx: CommandContext, err: DatabaseError, sql: str | None) -> None:
    """Keep a server error a command met running ``sql`` as the session's last one, for
    ``\\errverbose`` (psql keeps those of its catalog queries too)."""
    ctx.last_error = FailedStatement(err, sql)


def server_error(ctx: CommandContext, err: DatabaseError, sql: str | None) -> CommandError:
    """``remember_error``, then the one-line CommandError to raise for it."""
    remember_error(ctx, err, sql)
    return CommandError(err.message)


class ExitRequested(Exception):
    """Raised by ``\\q`` (also ``quit``, ``exit``, ``:q``): the shell should end normally."""


class CommandContext(Protocol):
    driver: Driver
    settings: OutputSettings
    variables: dict[str, str]  # \set variables, also -v NAME=VALUE
    last_query: str | None  # the last SQL statement run (for \e, \g, \watch)
    last_error: FailedStatement | None  # the last server error shown (for \errverbose)

    def show(self, result: ResultStream, *, expanded: bool | None = None, dest: str | None = None) -> None:
        """Format and print a result through the normal output path (pager, \\o, format).

        ``dest`` is a file path or ``|command`` for this one result (\\g)."""
        ...

    def run_sql(self, sql: str, *, expanded: bool | None = None, dest: str | None = None) -> bool:
        """Run SQL text (may hold several statements) as if typed; False if it failed."""
        ...

    def echo(self, text: str) -> None:
        """Print a line of text to the current output (honours \\o)."""
        ...

    def write(self, text: str) -> None:
        """Print text as it is, adding no newline (\\echo -n); honours \\o like ``echo``."""
        ...

    def screen(self, text: str) -> None:
        """Print text as it is on the screen (stdout) even while \\o is set (psql's \\echo)."""
        ...

    def take_copy_data(self) -> bytes | None:
        """The inline data of the COPY/\\copy FROM STDIN being run (the script lines up to
        ``\\.``), once; None when it should read the terminal/stdin instead."""
        ...

    def warn(self, text: str) -> None:
        """Print a one-line message to stderr (never to \\o or pipes)."""
        ...

    def set_output_file(self, path: str | None) -> None:
        """\\o FILE / \\o: send later results to a file, or back to the screen."""
        ...

    def connect(self, target: ConnectionTarget) -> None:
        """Switch connection (\\c); history and catalog follow."""
        ...

    def refresh_catalog(self) -> None:
        """Reload completion metadata in the background (\\refresh)."""
        ...

    def confirm(self, question: str) -> bool:
        """Ask y/n on the terminal; False when not interactive."""
        ...

    def ask_password(self, question: str) -> str | None:
        """Read a secret from the terminal without echo; None when not interactive or abandoned."""
        ...

    def edit_text(self, text: str, filename: str | None = None) -> str | None:
        """Open text in $EDITOR, return the saved text (None if unchanged/aborted)."""
        ...

    @property
    def interactive(self) -> bool: ...

    @property
    def config_store(self) -> Callable[[str, dict[str, str]], None]:
        """Writes a whole config section (used for named queries)."""
        ...
