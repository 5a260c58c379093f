"""The Client: background loading, refresh after DDL, transactions, the disk cache."""

from __future__ import annotations

import threading
import uuid

import pytest

from pgcli_like import Client
from pgcli_like.catalog_cache import cache_path


def unique(tag: str) -> str:
    """Database fixtures name databases by tag; each test gets its own."""
    return f"{tag}_{uuid.uuid4().hex[:6]}"


def run(client: Client, sql: str) -> None:
    """Run a statement the way the shell does: on the client's driver, then tell the client."""
    client.driver.execute(sql).close()
    client.after_statement(sql)


def names(client: Client, text: str = "SELECT * FROM ") -> set[str]:
    return {c.text for c in client.complete(text)}


@pytest.fixture
def lite(sqlite_path):
    client = Client.connect("sqlite:///" + sqlite_path)
    run(client, "CREATE TABLE customers (id integer PRIMARY KEY, name text)")
    yield client
    client.close()


@pytest.fixture
def pg(make_pg_database):
    client = Client.connect(make_pg_database(unique("client")))
    run(client, "CREATE TABLE customers (id int PRIMARY KEY, name text)")
    yield client
    client.close()


def test_background_refresh_loads_without_blocking_and_reports_loading(pg):
    done = threading.Event()
    seen = []
    pg.start_background_refresh(on_done=lambda cat: (seen.append(cat), done.set()))
    assert done.wait(30)
    assert pg.wait_for_catalog(30) and not pg.loading
    assert seen[0].find_relation(None, "customers") is not None
    assert "customers" in names(pg)


def test_background_refresh_uses_its_own_connection(pg):
    pg.start_background_refresh()
    assert pg.wait_for_catalog(30)
    assert pg.loader._own is not None and pg.loader._own is not pg.driver


def test_single_connection_loads_on_the_same_connection(make_pg_database):
    client = Client.connect(make_pg_database(unique("single")), single_connection=True)
    try:
        run(client, "CREATE TABLE t1 (a int)")
        client.start_background_refresh()
        assert client.wait_for_catalog(30)
        assert client.loader._own is None and "t1" in names(client)
    finally:
        client.close()


def test_ddl_rereads_only_the_affected_objects(pg):
    pg.refresh_catalog()
    before = pg.catalog
    untouched = before.find_relation(None, "customers")
    run(pg, "CREATE TABLE invoices (id int PRIMARY KEY, customer_id int REFERENCES customers(id))")
    assert pg.wait_for_catalog(30)
    after = pg.catalog
    assert after is not before
    assert after.find_relation(None, "invoices") is not None
    assert after.find_relation(None, "customers") is untouched  # not re-read
    joins = [c.text for c in pg.complete("SELECT * FROM customers c JOIN ") if c.display_meta_text == "join"]
    assert joins == ["invoices i ON i.customer_id = c.id"]


def test_alter_and_drop_update_columns_and_tables(pg):
    pg.refresh_catalog()
    run(pg, "ALTER TABLE customers ADD COLUMN email text")
    assert pg.wait_for_catalog(30)
    assert "email" in names(pg, "SELECT * FROM customers WHERE ")
    run(pg, "ALTER TABLE customers RENAME TO clients")
    assert pg.wait_for_catalog(30)
    assert "clients" in names(pg) and "customers" not in names(pg)
    run(pg, "DROP TABLE clients")
    assert pg.wait_for_catalog(30)
    assert "clients" not in names(pg)


def test_functions_and_enum_types_are_refreshed(pg):
    pg.refresh_catalog()
    run(pg, "CREATE TYPE state AS ENUM ('new', 'done')")
    run(pg, "CREATE FUNCTION double_it(x int) RETURNS int LANGUAGE sql AS $$ SELECT x * 2 $$")
    assert pg.wait_for_catalog(30)
    assert "state" in names(pg, "SELECT 1::st")
    assert "double_it(" in names(pg, "SELECT doub")
    run(pg, "ALTER TYPE state ADD VALUE 'late'")
    run(pg, "CREATE TABLE tasks (s state)")
    assert pg.wait_for_catalog(30)
    assert names(pg, "SELECT * FROM tasks WHERE s = '") == {"'new'", "'done'", "'late'"}


def test_commit_without_ddl_reloads_nothing(pg):
    pg.refresh_catalog()
    before = pg.catalog
    run(pg, "BEGIN")
    run(pg, "INSERT INTO customers VALUES (1, 'a')")
    run(pg, "COMMIT")
    assert pg.wait_for_catalog(30)
    assert pg.catalog is before


def test_ddl_inside_a_transaction_is_read_at_commit_and_forgotten_at_rollback(pg):
    pg.refresh_catalog()
    run(pg, "BEGIN")
    run(pg, "CREATE TABLE pending_one (a int)")
    assert pg.wait_for_catalog(30)
    assert "pending_one" not in names(pg)
    run(pg, "COMMIT")
    assert pg.wait_for_catalog(30)
    assert "pending_one" in names(pg)
    before = pg.catalog
    run(pg, "BEGIN")
    run(pg, "CREATE TABLE pending_two (a int)")
    run(pg, "ROLLBACK")
    assert pg.wait_for_catalog(30)
    assert pg.catalog is before and "pending_two" not in names(pg)


def test_set_search_path_changes_what_is_visible_unqualified(pg):
    run(pg, "CREATE SCHEMA extra")
    run(pg, "CREATE TABLE extra.gadgets (id int)")
    pg.refresh_catalog()
    assert "gadgets" not in names(pg)
    run(pg, "SET search_path TO extra, public")
    assert pg.wait_for_catalog(30)
    assert "gadgets" in names(pg) and "customers" in names(pg)


def test_sqlite_ddl_refresh(lite):
    lite.refresh_catalog()
    run(lite, "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customers(id))")
    assert lite.wait_for_catalog(30)
    assert "orders" in names(lite)
    assert lite.complete("SELECT * FROM orders o JOIN customers c ON ")[0].text == "c.id = o.customer_id"


def test_mysql_ddl_refresh_and_other_database_on_demand(make_mysql_database):
    client = Client.connect(make_mysql_database(unique("client")))
    other = make_mysql_database(unique("client_other")).rsplit("/", 1)[1]
    try:
        run(client, "CREATE TABLE widgets (id int PRIMARY KEY)")
        client.refresh_catalog()
        assert "widgets" in names(client)
        run(client, f"CREATE TABLE `{other}`.parts (id int)")
        assert client.wait_for_catalog(30)
        client.complete(f"SELECT * FROM {other}.")  # the first look asks for that database
        assert client.wait_for_catalog(30)
        assert names(client, f"SELECT * FROM {other}.") == {"parts"}
    finally:
        client.close()


def cached_once(dsn: str, *ddl: str) -> Client:
    """A first session that runs ``ddl``, loads the catalog and so writes the disk cache."""
    first = Client.connect(dsn, disk_cache=True)
    for sql in ddl:
        run(first, sql)
    first.start_background_refresh()
    assert first.wait_for_catalog(30)
    assert cache_path(first.driver.target.history_key).exists()
    return first


def test_disk_cache_serves_the_next_start_and_is_validated(make_pg_database):
    dsn = make_pg_database(unique("cache"))
    first = cached_once(dsn, "CREATE TABLE cached_table (id int)")
    first.driver.execute("CREATE TABLE made_while_away (id int)").close()  # not through the client
    first.close()

    second = Client.connect(dsn, disk_cache=True)
    try:
        second.start_background_refresh()
        # Published from the cache before the server is asked anything.
        assert second.catalog.find_relation(None, "cached_table") is not None
        assert second.wait_for_catalog(30)
        # The fingerprint differed (a table was made after the cache was written): reloaded.
        assert second.catalog.find_relation(None, "made_while_away") is not None
    finally:
        second.close()


def test_a_valid_cache_is_not_reloaded(make_pg_database):
    dsn = make_pg_database(unique("cache2"))
    cached_once(dsn, "CREATE TABLE t (id int)").close()
    second = Client.connect(dsn, disk_cache=True)
    try:
        second.start_background_refresh()
        cached = second.catalog
        assert second.wait_for_catalog(30)
        assert second.catalog is cached and second.loader.last_load_seconds is None
    finally:
        second.close()


def test_load_errors_are_reported_not_raised(tmp_path):
    broken = Client.connect("sqlite:///" + str(tmp_path / "x.db"))
    try:
        (tmp_path / "x.db").unlink()
        (tmp_path / "x.db").mkdir()  # a directory where the database file was: the clone cannot open it
        broken.start_background_refresh()
        assert broken.wait_for_catalog(30)
        assert broken.catalog_error and not broken.loading
        assert broken.complete("SEL")  # keywords still complete
    finally:
        broken.close()


def test_refresh_after_a_load_reloads_even_without_visible_changes(pg):
    pg.refresh_catalog()
    before = pg.catalog
    pg.start_background_refresh()  # what \refresh does
    assert pg.wait_for_catalog(30)
    assert pg.catalog is not before


def test_mysql_fingerprint_sees_a_new_foreign_key(make_mysql_database):
    from pgcli_like.catalog_loader import source_for

    client = Client.connect(make_mysql_database(unique("fp")))
    try:
        run(client, "CREATE TABLE a (id int PRIMARY KEY)")
        run(client, "CREATE TABLE b (id int PRIMARY KEY, a_id int)")
        source = source_for(client.driver)
        before = source.fingerprint()
        client.driver.execute("ALTER TABLE b ADD FOREIGN KEY (a_id) REFERENCES a(id)").close()
        assert source.fingerprint() != before
    finally:
        client.close()


def test_postgres_temporary_tables_of_the_shell_session_complete(pg):
    pg.refresh_catalog()
    run(pg, "CREATE TEMP TABLE scratch (id int, note text)")
    assert pg.wait_for_catalog(30)
    assert "scratch" in names(pg)
    assert names(pg, "SELECT * FROM scratch WHERE ") >= {"id", "note"}
    pg.start_background_refresh()  # a full reload keeps them
    assert pg.wait_for_catalog(30)
    assert "scratch" in names(pg)
    run(pg, "DROP TABLE scratch")
    assert pg.wait_for_catalog(30)
    assert "scratch" not in names(pg)
