"""The record of one special command, and the decorator command modules register with.

A command module declares each command once with ``@command(...)``; the registry
(``registry.py``) imports those modules and looks commands up per engine. The same
name may be registered for different engines with different handlers (``\\dt`` on
PostgreSQL reads pg_class, on SQLite sqlite_schema).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from pgcli_like.special.base import CommandContext, CommandError
from pgcli_like.special.lexing import split_arguments

ArgKind = Literal[
    "table", "view", "function", "schema", "database", "file", "format", "named_query", "variable",
    "relation", "type", "text", "sql", "dsn", "setting", "command", "theme",
]

ALL_ENGINES: frozenset[str] = frozenset({"postgresql", "mysql", "sqlite"})
POSTGRES: frozenset[str] = frozenset({"postgresql"})
MYSQL: frozenset[str] = frozenset({"mysql"})
SQLITE: frozenset[str] = frozenset({"sqlite"})

# Order of the groups in \? output.
GROUPS = ("General", "Informational", "Query buffer", "Input/Output", "Conditionals", "Formatting",
          "Connection", "Variables", "Named queries", "Operating system")


@dataclass(frozen=True, slots=True)
class Invocation:
    """One use of a command: what was typed, its arguments, its modifiers."""

    command: SpecialCommand
    typed: str  # the command word as typed, e.g. "\\dtS+"
    arg_text: str  # everything after the command word (variables already interpolated)
    verbose: bool = False  # a trailing "+"
    system: bool = False  # an "S": include system objects
    buffer: str | None = None  # SQL typed before the command on the same line (SELECT 1 \g f)

    @property
    def args(self) -> list[str]:
        """Arguments split as psql splits them (quotes respected)."""
        return split_arguments(self.arg_text)

    def usage_error(self, why: str | None = None) -> CommandError:
        """A CommandError carrying the command's usage line (and why, if given)."""
        prefix = f"{self.command.name}: {why}; " if why else ""
        return CommandError(f"{prefix}usage: {self.command.usage}")


Handler = Callable[[CommandContext, Invocation], None]


@dataclass(frozen=True, slots=True)
class SpecialCommand:
    """A registered special command.

    ``arg_kinds`` says what each argument is (for completion); ``min_args``/``max_args``
    are checked before the handler runs, so handlers see a valid count. ``letters`` are
    psql's option letters that may follow the name in any order, mixed with the
    modifiers (``\\dfnt+``, ``\\dfSa``); the handler reads them from ``Invocation.typed``.
    ``raw`` commands
    take their argument text verbatim (no variable interpolation, no argument split):
    ``\\!``, ``\\ns``, ``\\copy``.
    """

    name: str
    usage: str
    description: str
    handler: Handler
    engines: frozenset[str] = ALL_ENGINES
    aliases: tuple[str, ...] = ()
    arg_kinds: tuple[ArgKind, ...] = ()
    help: str = ""
    group: str = "General"
    modifiers: str = ""  # which of "S" and "+" the command accepts
    letters: str = ""
    min_args: int = 0
    max_args: int | None = None
    raw: bool = False
    names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", (self.name, *self.aliases))


_COMMANDS: list[SpecialCommand] = []


def command(
    name: str,
    *,
    usage: str,
    description: str,
    engines: frozenset[str] = ALL_ENGINES,
    aliases: tuple[str, ...] = (),
    arg_kinds: tuple[ArgKind, ...] = (),
    help: str = "",
    group: str = "General",
    modifiers: str = "",
    letters: str = "",
    min_args: int = 0,
    max_args: int | None = None,
    raw: bool = False,
) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of a special command."""

    def register(handler: Handler) -> Handler:
        _COMMANDS.append(SpecialCommand(
            name=name, usage=usage, description=description, handler=handler, engines=engines,
            aliases=aliases, arg_kinds=arg_kinds, help=help, group=group, modifiers=modifiers,
            letters=letters, min_args=min_args, max_args=max_args, raw=raw,
        ))
        return handler

    return register


def registered() -> list[SpecialCommand]:
    """Every registered command, in registration order."""
    return list(_COMMANDS)
