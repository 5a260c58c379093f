"""Results from the real servers through ResultPrinter: psql-identical text, early stops that
cancel on the server, and awkward bytes."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from urllib.parse import urlsplit

import pytest

from pgcli_like.drivers import open_driver
from pgcli_like.dsn import parse_dsn
from pgcli_like.output import ResultPrinter
from pgcli_like.settings import OutputSettings

MIXED_TABLE = """
CREATE TABLE mixed (id int, name text, created timestamp, amount numeric(12,2), active boolean,
                    note text, qty int, tags text[]);
INSERT INTO mixed VALUES
  (1, 'alpha', '2024-01-02 03:04:05', 12.50, true, NULL, 7, '{a,b}'),
  (2, 'Grüße, "quoted"', '2024-02-29 23:59:59.123456', -0.01, false, E'two\\nlines', NULL, '{}'),
  (3, '日本語', NULL, NULL, NULL, '', 123456, NULL);
"""


@pytest.fixture(scope="module")
def pg(make_pg_database):
    dsn = make_pg_database("output")
    driver = open_driver(parse_dsn(dsn))
    for statement in MIXED_TABLE.strip().split(";\n"):
        if statement.strip():
            list(driver.execute(statement).batches())
    yield dsn, driver
    driver.close()


def _printed(driver, sql: str, settings: OutputSettings, tmp_path) -> str:
    target = tmp_path / "out.txt"
    ResultPrinter().print_result(driver.execute(sql), settings, dest=str(target))
    return target.read_text()


def _psql(dsn: str, *args: str) -> str:
    return subprocess.run(["psql", "-X", dsn, *args], capture_output=True, text=True, check=True).stdout


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("psql") is None, reason="psql is not installed")
def test_table_output_is_identical_to_psql(pg, tmp_path):
    dsn, driver = pg
    sql = "SELECT * FROM mixed ORDER BY id"
    ours = _printed(driver, sql, OutputSettings(null=""), tmp_path)
    assert ours == _psql(dsn, "-c", sql)


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("psql") is None, reason="psql is not installed")
def test_expanded_output_matches_psql_record_layout(pg, tmp_path):
    dsn, driver = pg
    sql = "SELECT id, name, amount FROM mixed ORDER BY id"
    ours = _printed(driver, sql, OutputSettings(null="", expanded="on"), tmp_path)
    assert ours == _psql(dsn, "-x", "-P", "pager=off", "-c", sql)


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("psql") is None, reason="psql is not installed")
@pytest.mark.parametrize("border", [0, 1, 2])
@pytest.mark.parametrize("sql", ["SELECT id, note FROM mixed ORDER BY id", "SELECT id FROM mixed WHERE false"])
def test_expanded_output_has_psqls_footer_only_when_no_row_came_back(pg, tmp_path, border, sql):
    dsn, driver = pg
    ours = _printed(driver, sql, OutputSettings(null="", expanded="on", border=border), tmp_path)
    assert ours == _psql(dsn, "-x", "-P", "pager=off", "-P", f"border={border}", "-c", sql)


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("psql") is None, reason="psql is not installed")
def test_csv_output_reads_back_like_psqls_csv(pg, tmp_path):
    dsn, driver = pg
    sql = "SELECT * FROM mixed ORDER BY id"
    ours = list(csv.reader(io.StringIO(_printed(driver, sql, OutputSettings(format="csv"), tmp_path))))
    theirs = list(csv.reader(io.StringIO(_psql(dsn, "--csv", "-c", sql))))
    assert ours == theirs


@pytest.mark.postgres
def test_json_output_types_postgres_values(pg, tmp_path):
    import json
    from decimal import Decimal

    _, driver = pg
    text = _printed(driver, "SELECT id, amount, active, note, '{\"k\": [1]}'::jsonb AS doc FROM mixed ORDER BY id",
                    OutputSettings(format="json"), tmp_path)
    rows = json.loads(text, parse_float=Decimal)
    assert rows[0] == {"id": 1, "amount": Decimal("12.50"), "active": True, "note": None, "doc": {"k": [1]}}
    assert rows[2]["amount"] is None and rows[2]["note"] == ""


def _stops_early_and_connection_survives(driver, sql: str, tmp_path) -> None:
    target = tmp_path / "head.txt"
    rows = ResultPrinter().print_result(driver.execute(sql), OutputSettings(format="csv"), dest=f"|head -2 > '{target}'")
    assert target.read_text().count("\n") == 2
    assert rows < 10_000_000  # the fetch stopped long before the end
    again = driver.execute("SELECT 42")
    assert [r for b in again.batches() for r in b] == [(42,)]


@pytest.mark.postgres
def test_postgres_huge_select_piped_to_head_stops_and_the_session_stays_usable(pg, tmp_path):
    _, driver = pg
    _stops_early_and_connection_survives(driver, "SELECT g FROM generate_series(1, 10000000) g", tmp_path)


@pytest.mark.mysql
def test_mariadb_huge_select_piped_to_head_stops_and_the_session_stays_usable(make_mysql_database, tmp_path):
    driver = open_driver(parse_dsn(make_mysql_database("output_big")))
    try:
        _stops_early_and_connection_survives(driver, "SELECT seq FROM seq_1_to_10000000", tmp_path)
    finally:
        driver.close()


def test_sqlite_huge_select_piped_to_head_stops(sqlite_path, tmp_path):
    driver = open_driver(parse_dsn(f"sqlite:///{sqlite_path}"))
    sql = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c LIMIT 10000000) SELECT n FROM c"
    try:
        _stops_early_and_connection_survives(driver, sql, tmp_path)
    finally:
        driver.close()


@pytest.mark.mysql
def test_mariadb_latin1_text_and_invalid_utf8_bytes_print_without_error(make_mysql_database, tmp_path):
    driver = open_driver(parse_dsn(make_mysql_database("output_latin1")))
    try:
        list(driver.execute("CREATE TABLE l (t VARCHAR(20) CHARACTER SET latin1, b VARBINARY(20))").batches())
        list(driver.execute("INSERT INTO l VALUES (_latin1 0x636166E9, 0xC328FFFE)").batches())
        table = _printed(driver, "SELECT t, b FROM l", OutputSettings(), tmp_path)
        assert " café | \\xc328fffe\n" in table
        data = _printed(driver, "SELECT t, b FROM l", OutputSettings(format="csv"), tmp_path)
        assert data == "t,b\ncafé,\\xc328fffe\n"
    finally:
        driver.close()


FLOATS_SQL = ("SELECT 1::float8 AS one, 1e15::float8 AS big, 123456789012345::float8 AS just_below, "
              "0.1::float8 + 0.2::float8 AS sum, 1e-5::float8 AS tiny, -0.0::float8 AS negzero, "
              "'NaN'::float8 AS nan, '-Infinity'::float8 AS neginf, 0.1::float4 AS f4, "
              "1234567::float4 AS f4big, 123456::float4 AS f4fits, NULL::float8 AS missing")


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("psql") is None, reason="psql is not installed")
def test_floats_print_as_psql_prints_them(pg, tmp_path):
    dsn, driver = pg
    ours = _printed(driver, FLOATS_SQL, OutputSettings(null=""), tmp_path)
    assert ours == _psql(dsn, "-c", FLOATS_SQL)
    assert " 1 | 1e+15 | 123456789012345 | 0.30000000000000004 |" in ours


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("psql") is None, reason="psql is not installed")
def test_edge_floats_print_as_psql_prints_them(pg, tmp_path):
    dsn, driver = pg
    sql = ("SELECT x::float8 AS d, x::float4 AS f FROM unnest(ARRAY['2.5e-30', '1e30', '1234567890123456.5', "
           "'-1e15', '999999999999999', '0.00012', '3.4e38', '1.5e-38', '-2.5', '16777217', '1e-4', '1e-5', "
           "'Infinity', '-0']::float8[]) AS x")
    assert _printed(driver, sql, OutputSettings(null=""), tmp_path) == _psql(dsn, "-c", sql)


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("psql") is None, reason="psql is not installed")
def test_float_csv_matches_psqls_csv(pg, tmp_path):
    dsn, driver = pg
    ours = _printed(driver, FLOATS_SQL, OutputSettings(format="csv"), tmp_path)
    assert ours == _psql(dsn, "--csv", "-c", FLOATS_SQL)


@pytest.mark.postgres
def test_float_json_is_the_servers_spelling_and_null_for_nan(pg, tmp_path):
    import json

    _dsn, driver = pg
    rows = json.loads(_printed(driver, FLOATS_SQL, OutputSettings(format="json"), tmp_path))
    assert rows == [{"one": 1, "big": 1e15, "just_below": 123456789012345, "sum": 0.30000000000000004,
                     "tiny": 1e-05, "negzero": -0.0, "nan": None, "neginf": None, "f4": 0.1,
                     "f4big": 1234567, "f4fits": 123456, "missing": None}]


@pytest.mark.postgres
def test_json_keeps_every_column_of_a_repeated_name(pg, tmp_path):
    import json

    _dsn, driver = pg
    sql = "SELECT a.id, b.id, a.name, 'x' AS id_2 FROM mixed a JOIN mixed b ON b.id = a.id + 1 ORDER BY 1"
    text = _printed(driver, sql, OutputSettings(format="json"), tmp_path)
    assert json.loads(text) == [{"id": 1, "id_3": 2, "name": "alpha", "id_2": "x"},
                                {"id": 2, "id_3": 3, "name": 'Grüße, "quoted"', "id_2": "x"}]
    lines = _printed(driver, sql, OutputSettings(format="jsonl"), tmp_path).splitlines()
    assert [sorted(json.loads(line)) for line in lines] == [["id", "id_2", "id_3", "name"]] * 2


@pytest.mark.mysql
def test_sql_insert_on_mariadb_quotes_with_backticks_and_reads_back(make_mysql_database, tmp_path):
    driver = open_driver(parse_dsn(make_mysql_database("output_insert")))
    try:
        for sql in ("CREATE TABLE `order` (id int, `select` varchar(20), `two words` text, price double)",
                    r"INSERT INTO `order` VALUES (1, 'it''s', 'back\\slash', 1.5), (2, NULL, 'C:\\dir', 2)"):
            driver.execute(sql).close()
        text = _printed(driver, "SELECT * FROM `order` ORDER BY id",
                        OutputSettings(format="sql-insert", engine="mysql"), tmp_path)
        assert text.splitlines()[0] == (
            "INSERT INTO `order` (id, `select`, `two words`, price) VALUES (1, 'it''s', 'back\\\\slash', 1.5);")
        driver.execute("CREATE TABLE copy_of LIKE `order`").close()
        for statement in text.replace("INSERT INTO `order`", "INSERT INTO copy_of").splitlines():
            driver.execute(statement).close()
        original = [r for b in driver.execute("SELECT * FROM `order` ORDER BY id").batches() for r in b]
        copied = [r for b in driver.execute("SELECT * FROM copy_of ORDER BY id").batches() for r in b]
        assert copied == original == [(1, "it's", "back\\slash", 1.5), (2, None, "C:\\dir", 2.0)]
    finally:
        driver.close()


@pytest.mark.postgres
def test_sql_insert_on_postgres_keeps_double_quotes(pg, tmp_path):
    _dsn, driver = pg
    text = _printed(driver, 'SELECT id AS "Select", 0.5::float4 AS f FROM mixed WHERE id = 1',
                    OutputSettings(format="sql-insert"), tmp_path)
    assert text == 'INSERT INTO mixed ("Select", f) VALUES (1, 0.5);\n'


MYSQL_FLOATS = ("SELECT 1e0 AS one, 1e14 AS fixed, 1e15 AS big, 1.5e-7 AS small, 1e-16 AS tiny, "
                "0.1e0 + 0.2e0 AS sum, -1.5e20 AS neg, 2e0 / 3e0 * 1e15 AS frac, CAST(1234567 AS FLOAT) AS single, "
                "NULL + 1e0 AS missing")


@pytest.mark.mysql
@pytest.mark.skipif(shutil.which("mariadb") is None, reason="the mariadb client is not installed")
def test_mariadb_floats_print_as_the_mariadb_client_prints_them(mysql_dsn, tmp_path):
    driver = open_driver(parse_dsn(mysql_dsn))
    try:
        ours = _printed(driver, MYSQL_FLOATS, OutputSettings(format="tsv", tuples_only=True), tmp_path)
    finally:
        driver.close()
    target = urlsplit(mysql_dsn)
    theirs = subprocess.run(["mariadb", "-h", target.hostname, "-P", str(target.port or 3306), "-u", target.username,
                             "-N", "-B", "-e", MYSQL_FLOATS], capture_output=True, text=True, check=True).stdout
    assert ours == theirs.replace("NULL", "")
    assert ours.split("\t")[:3] == ["1", "100000000000000", "1e15"]
