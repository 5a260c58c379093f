"""Fixtures: a real CommandContext (``special_context.RecordingContext``) per engine."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.pgcli_like.special.special_context import RecordingContext


@pytest.fixture(autouse=True)
def no_open_conditionals() -> Iterator[None]:
    """\\if blocks are per process: each test starts and ends with none open."""
    from pgcli_like.special import conditionals, restrict

    conditionals.reset()
    restrict.reset()
    yield
    conditionals.reset()
    restrict.reset()


@pytest.fixture
def make_ctx() -> Iterator[Callable[[str], RecordingContext]]:
    """Factory: ``make_ctx(dsn)`` opens a real driver on ``dsn``; closed after the test."""
    from pgcli_like.drivers import open_driver
    from pgcli_like.dsn import parse_dsn

    made: list[RecordingContext] = []

    def make(dsn: str) -> RecordingContext:
        made.append(RecordingContext(open_driver(parse_dsn(dsn))))
        return made[-1]

    yield make
    for ctx in made:
        ctx.driver.close()


@pytest.fixture
def pg_ctx(pg_dsn: str, make_ctx) -> RecordingContext:
    """A context on the run's PostgreSQL database."""
    return make_ctx(pg_dsn)


@pytest.fixture
def mysql_ctx(mysql_dsn: str, make_ctx) -> RecordingContext:
    """A context on the run's MariaDB database."""
    return make_ctx(mysql_dsn)


@pytest.fixture
def sqlite_ctx(sqlite_path: str, make_ctx) -> RecordingContext:
    """A context on a fresh SQLite file."""
    return make_ctx(sqlite_path)
