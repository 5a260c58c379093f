"""The SQL client: PostgreSQL, MySQL/MariaDB and SQLite with schema-aware completion.

``from pgcli_like import Client`` is the public API (see README). It is imported
lazily so that ``python -m pgcli_like`` on SQLite never loads psycopg or pymysql.
"""

from __future__ import annotations

__all__ = ["Client"]


def __getattr__(name: str):
    if name == "Client":
        from pgcli_like.client import Client

        return Client
    raise AttributeError(name)
