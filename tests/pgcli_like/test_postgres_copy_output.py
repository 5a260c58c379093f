"""CSV/TSV written by PostgreSQL's COPY: the same bytes as our formatter and psql --csv, errors
with the caret position, an early stop that leaves the connection usable, and the query run once."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from pgcli_like.drivers import open_driver
from pgcli_like.drivers.base import DatabaseError, StaticResult
from pgcli_like.dsn import parse_dsn
from pgcli_like.formatting import OutputStats, format_result
from pgcli_like.settings import OutputSettings

pytestmark = pytest.mark.postgres

MIXED = r"""
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TABLE mixed (id int, t text, b bool, ts timestamptz, n numeric, a int[], j jsonb, f float8, r real,
                    by bytea, e text, v varchar(10), u uuid, i interval, d date, m mood);
INSERT INTO mixed VALUES
 (1, 'he said "hi", ok', true, '2024-01-02 03:04:05+00', 1.50, '{1,2}', '{"a": [1, "x,y"]}', 0.1, 1.5,
  '\x00ff', '', 'v', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '1 day 02:00', '2024-02-29', 'ok'),
 (2, E'line1\nline2', false, NULL, 1e-7, '{}', 'null', 'NaN', '-Infinity', NULL, NULL, '', NULL, NULL, NULL,
  NULL),
 (NULL, E'cr\rx', NULL, '-infinity', NULL, NULL, NULL, 1e300, NULL, '', '\.', E'a\tb', NULL, '-1 mon', NULL,
  'sad'),
 (3, ' lead', true, '2024-06-01 12:00:00.123456+02', 12345678901234567890.123, '{{1,2},{3,4}}', '"s"',
  -1.5e-300, 3.4e38, '\x', 'a,b', '日本', NULL, NULL, 'infinity', NULL);
"""
COPYABLE = "SELECT id, t, b, ts, n, a, j, f, r, by, e, v, u, i, d FROM mixed ORDER BY id NULLS FIRST"


@pytest.fixture(scope="module")
def pg(make_pg_database):
    dsn = make_pg_database("copyout")
    driver = open_driver(parse_dsn(dsn))
    driver.execute(MIXED).close()
    yield dsn, driver
    driver.close()


def _text(result, fmt: str, **settings) -> str:
    return "".join(format_result(result, OutputSettings(format=fmt, color=False, **settings), width=80))


def _by_our_formatter(driver, sql: str, fmt: str) -> str:
    """The rows fetched into Python and formatted by us (no COPY)."""
    result = driver.execute(sql)
    rows = [row for batch in result.batches() for row in batch]
    return _text(StaticResult(result.columns, rows), fmt)


def _uses_copy(driver, sql: str, fmt: str) -> bool:
    result = driver.execute(sql)
    records = result.copy_delimited("," if fmt == "csv" else "\t", lambda n: None)
    result.close()
    return records is not None


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_copy_output_is_byte_identical_to_our_formatter(pg, fmt):
    _, driver = pg
    assert _uses_copy(driver, COPYABLE, fmt)
    stats = OutputStats()
    text = "".join(format_result(driver.execute(COPYABLE), OutputSettings(format=fmt, color=False), width=80,
                                 stats=stats))
    assert text == _by_our_formatter(driver, COPYABLE, fmt)
    assert stats.rows == 4
    assert driver.transaction_state == "idle"


@pytest.mark.skipif(shutil.which("psql") is None, reason="psql is not installed")
def test_copy_output_matches_psql_csv(pg):
    dsn, driver = pg
    sql = COPYABLE.replace(", e,", ",")  # psql quotes a `\.` field anywhere; COPY only when alone on its line
    psql = subprocess.run(["psql", "-X", "--csv", dsn, "-c", sql], capture_output=True,
                          check=True).stdout.decode()  # bytes: the \r inside a value stays
    assert _text(driver.execute(sql), "csv") == psql


def test_enum_columns_and_single_columns_are_formatted_by_us(pg):
    _, driver = pg
    assert not _uses_copy(driver, "SELECT id, m FROM mixed", "csv")
    assert not _uses_copy(driver, "SELECT e FROM mixed", "csv")
    sql = "SELECT e FROM mixed ORDER BY id NULLS FIRST"
    assert _text(driver.execute(sql), "csv") == 'e\n"\\."\n""\n""\n"a,b"\n'  # NULL and '' alike


def test_inside_a_transaction_rows_are_fetched_not_copied(pg):
    _, driver = pg
    driver.execute("BEGIN").close()
    try:
        assert not _uses_copy(driver, COPYABLE, "csv")
        assert driver.transaction_state == "in_transaction"
    finally:
        driver.execute("ROLLBACK").close()


def test_runtime_error_in_copy_has_the_users_position_and_prints_nothing(pg):
    _, driver = pg
    sql = "SELECT id, 1 / (id - 3) FROM mixed"
    out: list[str] = []
    with pytest.raises(DatabaseError) as caught:
        out.extend(format_result(driver.execute(sql), OutputSettings(format="csv"), width=80))
    assert "division by zero" in caught.value.message
    assert out == []
    assert driver.transaction_state == "idle"
    with pytest.raises(DatabaseError) as caught:
        driver.execute("SELECT id, nosuch FROM mixed")
    assert caught.value.position == len("SELECT id, ")


def test_stopping_a_copy_early_leaves_the_connection_usable(pg):
    _, driver = pg
    result = driver.execute("SELECT g, 'row ' || g FROM generate_series(1, 2000000) g")
    chunks = format_result(result, OutputSettings(format="csv"), width=80)
    assert next(chunks).startswith("g,?column?\n1,row 1\n")
    result.close()
    assert driver.transaction_state == "idle"
    assert [row for batch in driver.execute("SELECT 41 + 1").batches() for row in batch] == [(42,)]


def test_the_query_runs_once_when_copied_or_fetched_and_not_at_all_when_closed_unread(pg):
    _, driver = pg
    driver.execute("CREATE SEQUENCE runs").close()
    sql = "SELECT nextval('runs'), 'x' FROM generate_series(1, 3)"
    "".join(format_result(driver.execute(sql), OutputSettings(format="csv"), width=80))
    driver.execute(sql).close()  # described, never fetched: closing stops it before it ran
    list(driver.execute(sql).batches())
    assert list(driver.execute("SELECT last_value FROM runs").batches()) == [[(6,)]]
    assert driver.transaction_state == "idle"


def test_a_result_dropped_unread_does_not_leave_its_transaction_open(pg):
    _, driver = pg
    driver.execute("SELECT 1, 2")  # never read nor closed
    assert [row for batch in driver.execute("SELECT 3, 4").batches() for row in batch] == [(3, 4)]
    assert driver.transaction_state == "idle"
