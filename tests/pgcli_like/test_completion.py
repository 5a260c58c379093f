"""Completion against real schemas on PostgreSQL, MariaDB and SQLite (through the public Client)."""

from __future__ import annotations

import pytest

from pgcli_like import Client
from tests.pgcli_like.completion_schemas import MYSQL_SCHEMA, PG_SCHEMA, SQLITE_SCHEMA, statements


def _client(dsn: str, script: str) -> Client:
    client = Client.connect(dsn)
    for sql in statements(script):
        client.driver.execute(sql).close()
    client.refresh_catalog()
    return client


@pytest.fixture(scope="module")
def pg(make_pg_database):
    client = _client(make_pg_database("compl"), PG_SCHEMA)
    yield client
    client.close()


@pytest.fixture(scope="module")
def my(make_mysql_database):
    client = _client(make_mysql_database("compl"), MYSQL_SCHEMA)
    yield client
    client.close()


@pytest.fixture(scope="module")
def lite(tmp_path_factory):
    client = _client("sqlite:///" + str(tmp_path_factory.mktemp("lite") / "c.db"), SQLITE_SCHEMA)
    yield client
    client.close()


@pytest.fixture(params=["pg", "my", "lite"])
def any_client(request):
    return request.getfixturevalue(request.param)


def texts(client: Client, text: str, cursor: int | None = None) -> list[str]:
    return [c.text for c in client.complete(text, cursor)]


def metas(client: Client, text: str, cursor: int | None = None) -> dict[str, str]:
    return {c.text: c.display_meta_text for c in client.complete(text, cursor)}


def at(marked: str) -> tuple[str, int]:
    return marked.replace("|", "", 1), marked.index("|")


def test_from_offers_tables_and_views_with_their_kind(any_client):
    got = metas(any_client, "SELECT * FROM ")
    assert got["orders"] == "table" and got["big_orders"] == "view"
    assert "SELECT" not in got and "id" not in got


def test_prefix_matches_come_before_fuzzy_ones(any_client):
    got = texts(any_client, "SELECT * FROM ord")
    assert got[:2] == ["orders", "order_items"]
    assert texts(any_client, "SELECT * FROM oitm")[0] == "order_items"


def test_join_offers_fk_join_clauses_first(any_client):
    got = any_client.complete("SELECT * FROM orders o JOIN ")
    assert got[0].display_meta_text == "join"
    joins = {c.text for c in got if c.display_meta_text == "join"}
    assert "customers c ON c.id = o.customer_id" in joins
    assert "order_items oi ON oi.order_id = o.id" in joins


def test_on_offers_the_fk_condition_first_then_aliases(any_client):
    got = any_client.complete("SELECT * FROM orders o JOIN customers c ON ")
    assert (got[0].text, got[0].display_meta_text) == ("c.id = o.customer_id", "join condition")
    assert {c.text for c in got if c.display_meta_text == "alias"} == {"o", "c"}


def test_select_list_columns_are_qualified_only_when_ambiguous(any_client):
    text, cur = at("SELECT | FROM orders o JOIN customers c ON o.customer_id = c.id")
    got = texts(any_client, text, cur)
    assert "o.id" in got and "c.id" in got and "customer_id" in got and "total" in got
    assert "id" not in got


def test_alias_dot_offers_only_that_tables_columns(any_client):
    text, cur = at("SELECT o.| FROM orders o")
    assert texts(any_client, text, cur) == ["id", "customer_id", "total", "status"]


def test_where_ranks_columns_before_keywords_and_functions(any_client):
    got = any_client.complete("SELECT * FROM orders o WHERE cu")
    assert got[0].text == "customer_id" and got[0].display_meta_text == "column"


def test_using_offers_only_common_columns(any_client):
    assert set(texts(any_client, "SELECT * FROM orders JOIN order_items USING (")) == {"id"}


def test_star_expands_to_the_column_list(any_client):
    text, cur = at("SELECT *| FROM products")
    assert texts(any_client, text, cur) == ["id, name, price"]


def test_keywords_follow_the_users_case(any_client):
    assert "select" in texts(any_client, "sel")
    assert "SELECT" in texts(any_client, "SEL")


def test_create_narrows_keywords(any_client):
    got = texts(any_client, "CREATE ")
    assert "TABLE" in got and "SELECT" not in got


def test_names_that_need_quotes_are_inserted_quoted(pg, my):
    assert '"select"' in texts(pg, "SELECT * FROM sel")
    assert '"Mixed Case"' in texts(pg, "SELECT Mix FROM customers", 10)
    assert "`select`" in texts(my, "SELECT sel FROM customers", 10)


def test_unicode_identifiers(pg):
    assert "données" in texts(pg, "SELECT * FROM don")
    assert "clé" in texts(pg, "SELECT cl FROM données", 9)


def test_postgres_schema_qualifier_and_hidden_system_schemas(pg):
    assert texts(pg, "SELECT * FROM sales.") == ["leads"]
    schemas = {c.text for c in pg.complete("SELECT * FROM ") if c.display_meta_text == "schema"}
    assert "sales" in schemas and "pg_catalog" not in schemas and "information_schema" not in schemas
    assert "pg_catalog" in texts(pg, "SELECT * FROM pg_cat")
    assert "pg_class" in texts(pg, "SELECT * FROM pg_cla")
    assert "pg_class" in texts(pg, "SELECT * FROM pg_catalog.pg_cla")


def test_postgres_objects_outside_the_search_path_come_qualified_after_visible_ones(pg):
    got = metas(pg, "SELECT * FROM lea")
    assert got["sales.leads"] == "table"
    assert texts(pg, "SELECT * FROM cust")[0] == "customers"


def test_postgres_materialized_view_and_set_returning_function_in_from(pg):
    got = metas(pg, "SELECT * FROM order_")
    assert got["order_totals"] == "view"
    assert metas(pg, "SELECT * FROM orders_o")["orders_of("] == "function"
    assert "add_tax(" not in texts(pg, "SELECT * FROM add")  # not set-returning


def test_postgres_function_columns_in_scope(pg):
    assert texts(pg, "SELECT * FROM orders_of(1) f WHERE f.")[:2] == ["order_id", "amount"]
    assert texts(pg, "SELECT * FROM big_spenders() b WHERE b.")[:2] == ["id", "name"]
    assert texts(pg, "SELECT * FROM generate_series(1, 3) g WHERE g.") == ["g"]


def test_function_completions_carry_their_arguments(pg, my):
    item = next(c for c in pg.complete("SELECT add_") if c.text == "add_tax(")
    assert item.display_text == "add_tax(amount numeric, rate numeric)"
    assert "add_tax(" in texts(my, "SELECT add_")


def test_datatypes_after_cast_include_user_types(pg):
    got = metas(pg, "SELECT 'x'::")
    assert got["mood"] == "datatype" and got["email"] == "datatype" and got["integer"] == "datatype"
    assert "mood" in texts(pg, "SELECT CAST('happy' AS mo")


def test_enum_values_inside_the_string(pg, my):
    got = pg.complete("SELECT * FROM customers WHERE mood = '")
    assert [(c.text, c.display_meta_text) for c in got] == [
        ("'happy'", "enum value"), ("'sad'", "enum value"), ("'it''s ok'", "enum value")]
    assert texts(my, "SELECT * FROM customers c WHERE c.mood = 'sa") == ["'sad'"]


def test_databases_after_connect_and_use(pg, my):
    current = pg.catalog.current_database
    assert current in texts(pg, "\\c ")
    assert my.catalog.current_database in texts(my, "USE ")


def test_special_commands_and_table_formats(any_client):
    assert any(c.display_meta_text == "special command" for c in any_client.complete("\\d"))
    assert metas(any_client, "\\T cs") == {"csv": "table format"}


def test_theme_names_after_backslash_theme(lite):
    from themes import list_themes

    names = {info.name for info in list_themes()}
    offered = lite.complete("\\theme ")
    assert {c.text for c in offered} == names
    assert {c.display_meta_text for c in offered} == {"theme"}
    assert "monokai" in names and lite.complete("\\theme mono")[0].text == "monokai"
    # Dashes and colons are part of the name being completed, not word breaks.
    first = lite.complete("\\theme solarized-d")[0]
    assert (first.text, first.start_position) == ("solarized-dark", -len("solarized-d"))


def test_file_names_after_include(lite, tmp_path, monkeypatch):
    (tmp_path / "script.sql").write_text("select 1;")
    monkeypatch.chdir(tmp_path)
    assert metas(lite, "\\i scr") == {"script.sql": "file"}


def test_named_queries_from_config(lite, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('[named_queries]\nbig_spenders = "SELECT 1"\n')
    monkeypatch.setenv("SHELLKIT_CONFIG", str(config))
    assert metas(lite, "\\n big") == {"big_spenders": "named query"}


def test_sqlite_internal_tables_are_hidden(lite):
    lite.driver.execute("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY AUTOINCREMENT)").close()
    lite.after_statement("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY AUTOINCREMENT)")
    assert lite.loader.wait(10)
    lite.driver.execute("INSERT INTO counter DEFAULT VALUES").close()
    lite.refresh_catalog()
    assert "sqlite_sequence" not in texts(lite, "SELECT * FROM ")
    assert "sqlite_sequence" in texts(lite, "SELECT * FROM sqlite_")


def test_insert_columns_and_update_set(any_client):
    assert texts(any_client, "INSERT INTO products (") == ["id", "name", "price"]
    assert texts(any_client, "UPDATE products SET ") == ["id", "name", "price"]


def test_recently_used_names_rank_higher(lite):
    before = texts(lite, "SELECT * FROM o")
    assert before.index("orders") < before.index("order_items")
    lite.after_statement("SELECT * FROM order_items")
    lite.after_statement("SELECT * FROM order_items")
    after = texts(lite, "SELECT * FROM o")
    assert after.index("order_items") < after.index("orders")


@pytest.mark.parametrize("casing,typed,expected", [("upper", "sel", "SELECT"), ("lower", "SEL", "select"),
                                                   ("auto", "sel", "select"), ("auto", "", "SELECT")])
def test_keyword_casing_setting(casing, typed, expected):
    from pgcli_like.catalog import Catalog
    from pgcli_like.completion import completer_for

    completer = completer_for("sqlite", lambda: Catalog.empty("sqlite"), config={"keyword_casing": casing})
    assert expected in [c.text for c in completer.complete(typed)]
