"""Database drivers, one module per engine, all speaking ``base.Driver``.

``open_driver`` picks the module by engine and imports it only then, so opening an
SQLite database never loads psycopg or pymysql.
"""

from __future__ import annotations

from collections.abc import Callable

from pgcli_like.drivers.base import ConnectionTarget, Driver

PasswordPrompt = Callable[[str], "str | None"]


def open_driver(target: ConnectionTarget, *, password_prompt: PasswordPrompt | None = None) -> Driver:
    """Connect to ``target`` and return its driver.

    ``password_prompt(question)`` is called when the server asks for a password that
    the target does not carry; it returns the password (or None to give up).
    Raises ``ConnectionError_`` with a one-line message when the connection fails.
    """
    if target.engine == "sqlite":
        from pgcli_like.drivers.sqlite import SqliteDriver

        return SqliteDriver(target)
    if target.engine == "postgresql":
        from pgcli_like.drivers.postgres import PostgresDriver

        return PostgresDriver.connect(target, password_prompt=password_prompt)
    if target.engine == "mysql":
        from pgcli_like.drivers.mysql import MysqlDriver

        return MysqlDriver.connect(target, password_prompt=password_prompt)
    raise ValueError(f"unknown engine {target.engine!r}")


__all__ = ["open_driver"]
