"""`shellkit sql DSN -c SQL --format csv|tsv` into a file or pipe, without the shell around it.

A script exporting a table would otherwise pay for click, the configuration, the driver
library and Python work on every row — psql pays for none of that. For exactly this
command line, ``run`` reads the arguments itself and hands the one statement to the
engine's exporter (C, in ``pgcli_like.native``), which writes the rows straight to
stdout, byte for byte what the normal path prints. Anything else — another option,
several statements, a special command, a terminal on stdout, an exporter that cannot
promise the same bytes — returns None before writing anything, and the normal command
runs as if this module did not exist. ``SHELLKIT_NO_FAST_EXPORT=1`` turns it off.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass

from pgcli_like.drivers.base import ConnectionTarget

DISABLE_ENV = "SHELLKIT_NO_FAST_EXPORT"
_PASSWORD_ENV = "SHELLKIT_SQL_PASSWORD"  # how pgcli_like.cli hands a DSN's password to itself
_DELIMITERS = {"csv": ",", "tsv": "\t"}
# Statements that only read; anything else (special commands too) takes the normal path.
_QUERIES = frozenset(("SELECT", "WITH", "VALUES", "TABLE"))

Exporter = Callable[[ConnectionTarget, str, str, int], "int | None"]


class NotConnected(KeyboardInterrupt):
    """Ctrl-C while an exporter was still connecting (nothing ran, nothing was written)."""


@dataclass(frozen=True, slots=True)
class Request:
    """What the command line asked for: one statement from one DSN, as csv or tsv."""

    dsn: str | None
    sql: str
    delimiter: str


def parse_args(args: list[str]) -> Request | None:
    """The request, when ``args`` are exactly ``[DSN] -c SQL --format csv|tsv`` in any order
    (click's spellings: ``-c X``, ``-cX``, ``--command X``, ``--command=X``); else None."""
    dsn = sql = fmt = None
    i = 0
    while i < len(args):
        arg = args[i]
        name, value = arg, None
        if arg.startswith("--") and "=" in arg:
            name, value = arg.split("=", 1)
        elif arg.startswith("-c") and len(arg) > 2:
            name, value = "-c", arg[2:]
        if name in ("-c", "--command", "--format"):
            if value is None:
                if i + 1 >= len(args):
                    return None
                i += 1
                value = args[i]
            if name == "--format":
                if fmt is not None:
                    return None
                fmt = value
            elif sql is not None:
                return None  # several -c: the normal path runs them in turn
            else:
                sql = value
        elif arg.startswith("-") or dsn is not None:
            return None  # another option (or a second argument): the normal path decides
        else:
            dsn = arg
        i += 1
    if sql is None or fmt not in _DELIMITERS:
        return None
    return Request(dsn, sql, _DELIMITERS[fmt])


def run(args: list[str]) -> int | None:
    """``shellkit sql ARGS`` through an engine's native exporter; the exit status, or None
    (nothing written) when the normal command should run instead."""
    if os.environ.get(DISABLE_ENV) or os.isatty(1) or not _utf8_stdout():
        return None
    request = parse_args(args)
    if request is None or _timing_configured():
        return None
    target = _target(request.dsn)
    if target is None:
        return None
    statement = _one_statement(request.sql, target.engine)
    exporter = _exporter(target.engine) if statement is not None else None
    if statement is None or exporter is None:
        return None
    sys.stdout.flush()
    try:
        rows = exporter(target, statement, request.delimiter, 1)
    except BrokenPipeError:
        return 0  # the reader had enough (`| head`): as the normal path, not an error
    except NotConnected:
        print("shellkit sql: not connected (interrupted)", file=sys.stderr, flush=True)
        return 130  # as pgcli_like.cli
    except KeyboardInterrupt:
        from pgcli_like.session import CANCELLED

        print(CANCELLED, file=sys.stderr, flush=True)
        return 1
    except Exception as err:  # noqa: BLE001 - a server error after rows were written, a dead server
        from pgcli_like.drivers.base import ConnectionError_, DatabaseError
        from pgcli_like.error_display import error_lines

        if isinstance(err, ConnectionError_):
            print(f"shellkit sql: {err}", file=sys.stderr, flush=True)
            return 1  # as pgcli_like.cli
        if not isinstance(err, DatabaseError):
            raise
        print("\n".join(error_lines(err, statement)), file=sys.stderr, flush=True)
        return 1
    return None if rows is None else 0


def _utf8_stdout() -> bool:
    """The exporters write UTF-8 bytes; the normal path writes in stdout's encoding."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    return encoding in ("utf-8", "utf8")


def _target(dsn: str | None) -> ConnectionTarget | None:
    """Where to connect, or None when the normal path must decide (a password in the DSN is
    first taken out of the process list by pgcli_like.cli, which then starts again)."""
    from pgcli_like.dsn import DsnError, parse_dsn, without_password

    password = os.environ.get(_PASSWORD_ENV)
    if password is None and dsn and without_password(dsn)[1] is not None:
        return None
    try:
        target = parse_dsn(dsn)
    except DsnError:
        return None
    if password is not None:
        import dataclasses

        # (left in the environment: if the exporter declines, the normal path takes it from there)
        target = dataclasses.replace(target, password=password)
    return target


def _one_statement(sql: str, engine: str) -> str | None:
    """The statement when ``sql`` is exactly one query (no backslash command, no special
    command, nothing the normal path would treat differently), else None."""
    from pgcli_like.statements import first_word, split_statements

    statements = split_statements(sql, engine)
    if len(statements) != 1:
        return None
    statement = statements[0].strip()
    if first_word(statement, engine) not in _QUERIES or "\\" in statement and engine != "mysql":
        return None
    if engine == "mysql" and not _plain_mysql(statement):
        return None
    return statement


def _plain_mysql(statement: str) -> bool:
    """MySQL strings use backslash escapes, so a backslash alone does not mean a command;
    a trailing ``\\g``/``\\G`` (or any other meta command) does."""
    from pgcli_like.statements import split_meta

    return split_meta(statement, "mysql")[1] is None


def _exporter(engine: str) -> Exporter | None:
    """The engine's exporter function (None for an engine without one)."""
    import importlib

    module = {"sqlite": "sqlite", "postgresql": "postgres", "mysql": "mysql"}.get(engine)
    if module is None:
        return None
    name = f"pgcli_like.export.{module}"
    try:
        return getattr(importlib.import_module(name), f"export_{module}")
    except ModuleNotFoundError as err:
        if err.name != name:
            raise
        return None  # an install without this exporter


def _timing_configured() -> bool:
    """True when the user's configuration may turn timing on (the normal path then prints
    a timing line, and warns about a broken file): read it only when it exists."""
    from shellkit.paths import config_file

    if not config_file().exists():
        return False
    from shellkit.config import load_config

    return bool(load_config(write_defaults=False).section("sql").get("timing", False))
