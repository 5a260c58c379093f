"""The catalog model: lookup, incremental replacement, packing, and what a statement changes."""

from __future__ import annotations

import pickle

import pytest

from pgcli_like.catalog import (
    Catalog,
    CatalogParts,
    Column,
    ForeignKey,
    Relation,
    pack_columns,
    unpack_columns,
)
from pgcli_like.catalog_changes import changes_of
from pgcli_like.dialects import dialect_for


def catalog() -> Catalog:
    parts = CatalogParts("postgresql", "db", ("public",), ("db",), ["public", "sales"])
    parts.relations = [
        Relation("public", "orders", "table", (Column("id", "int", None, True), Column("customer_id", "int"))),
        Relation("public", "customers", "table", (Column("id", "int", None, True),)),
        Relation("public", "Mixed", "view", (Column("x", "text"),)),
        Relation("sales", "leads", "table", (Column("id", "int"),)),
    ]
    parts.foreign_keys = [ForeignKey("public", "orders", ("customer_id",), "public", "customers", ("id",))]
    return Catalog.from_parts(parts)


def test_lookup_follows_the_search_path_and_folds_unquoted_names():
    cat = catalog()
    assert cat.find_relation(None, "ORDERS").name == "orders"
    assert cat.find_relation(None, "mixed").name == "Mixed"
    assert cat.find_relation(None, "mixed", quoted=True) is None
    assert cat.find_relation(None, "leads") is None
    assert cat.find_relation("SALES", "leads").schema == "sales"


def test_foreign_keys_are_found_from_both_ends():
    cat = catalog()
    assert cat.foreign_keys_of("public", "customers") == cat.foreign_keys_of("public", "orders")


def test_replace_copies_only_the_changed_schema_and_drops_dangling_fks():
    cat = catalog()
    cat.index("relations", "sales")
    new = cat.replace("public", relations={"customers": None, "invoices": Relation("public", "invoices")})
    assert new.find_relation(None, "customers") is None and new.find_relation(None, "invoices") is not None
    assert cat.find_relation(None, "customers") is not None  # the old snapshot is untouched
    assert new.foreign_keys == ()
    assert new.relations["sales"] is cat.relations["sales"]
    assert new._indexes[("relations", "sales")] is cat._indexes[("relations", "sales")]


def test_columns_pack_and_unpack_and_the_catalog_pickles():
    cols = (Column("id", "integer", "nextval('s')", True), Column("naïve", "text"))
    assert unpack_columns(pack_columns(cols)) == cols
    lazy = Relation("public", "t", packed=pack_columns(cols))
    assert lazy.column_count == 2 and lazy.columns == cols
    cat = pickle.loads(pickle.dumps(catalog()))
    assert cat.find_relation(None, "orders").columns[1].name == "customer_id"
    assert cat.foreign_keys_of("public", "customers")


PG = dialect_for("postgresql")


@pytest.mark.parametrize("sql,expected", [
    ("CREATE TABLE x (a int)", [("relations", None, "x")]),
    ("create table if not exists s.\"X\" (a int)", [("relations", "s", "X")]),
    ("CREATE OR REPLACE VIEW v AS SELECT 1", [("relations", None, "v")]),
    ("CREATE MATERIALIZED VIEW mv AS SELECT 1", [("relations", None, "mv")]),
    ("DROP TABLE a, b", [("relations", None, "a"), ("relations", None, "b")]),
    ("ALTER TABLE a RENAME TO b", [("relations", None, "a"), ("relations", None, "b")]),
    ("ALTER TABLE a ADD COLUMN c int", [("relations", None, "a")]),
    ("CREATE FUNCTION f(x int) RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql", [("functions", None, "f")]),
    ("DROP FUNCTION IF EXISTS f(int), g", [("functions", None, "f"), ("functions", None, "g")]),
    ("ALTER TYPE mood ADD VALUE 'x'", [("datatypes", None, "mood")]),
    ("RENAME TABLE a TO b", [("relations", None, "a"), ("relations", None, "b")]),
])
def test_ddl_names_the_objects_to_reread(sql, expected):
    got = changes_of(sql, PG)
    assert not got.full
    assert [(c.kind, c.schema, c.name) for c in got.objects] == expected


@pytest.mark.parametrize("sql", ["SELECT 1", "INSERT INTO t VALUES (1)", "CREATE INDEX i ON t (a)",
                                 "UPDATE t SET a = 1", "GRANT SELECT ON t TO u", "CREATE SEQUENCE s"])
def test_statements_that_change_nothing_completion_shows(sql):
    assert changes_of(sql, PG).empty


@pytest.mark.parametrize("sql", ["CREATE EXTENSION hstore", "DROP SCHEMA s CASCADE", "DROP TABLE t CASCADE",
                                 "DO $$ BEGIN END $$", "ALTER TABLE t SET SCHEMA other"])
def test_statements_that_need_a_full_reload(sql):
    assert changes_of(sql, PG).full


def test_transaction_ends_and_session_changes():
    assert changes_of("COMMIT", PG).transaction == "commit"
    assert changes_of("rollback", PG).transaction == "rollback"
    assert changes_of("ROLLBACK TO SAVEPOINT a", PG).empty
    assert changes_of("SET search_path TO a, b", PG).session
    assert changes_of("USE other", dialect_for("mysql")).session
