"""The disk cache of the catalog: what is read back equals what was written, names come
back ready for completion, columns are read on first use, and bad files are no cache."""

from __future__ import annotations

from pgcli_like.catalog import (
    RS,
    Catalog,
    CatalogParts,
    Column,
    DataType,
    ForeignKey,
    Function,
    FunctionArg,
    Relation,
)
from pgcli_like.catalog_cache import CachedRelations, load_columns, read_cache, write_cache
from pgcli_like.completion import SqlCompleter


def _catalog() -> Catalog:
    parts = CatalogParts("postgresql", "shop", ("public",), ("shop", "other"), ["public", "sales"])
    parts.relations += [
        Relation("public", "orders", "table", [Column("id", "integer", None, True), Column("note", "text", "''")]),
        Relation("public", "Orders", "view", [Column("id", "integer")]),
        Relation("public", "customers", "table", [Column("id", "integer", None, True)]),
        Relation("public", "odd", "table", [Column(f"a{RS}b", "text")]),  # cannot be packed
        Relation("sales", "leads", "materialized view", [Column("who", "text")]),
    ]
    parts.foreign_keys.append(ForeignKey("public", "orders", ("customer_id",), "public", "customers", ("id",),
                                         "orders_customer_fk"))
    parts.functions.append(Function("public", "total", (FunctionArg("x", "integer"),), "numeric"))
    parts.datatypes.append(DataType("public", "mood", "enum", ("ok", "sad")))
    return Catalog.from_parts(parts, fingerprint="abc")


def _shape(cat: Catalog) -> dict:
    return {
        "relations": {s: {n: (r.kind, r.columns) for n, r in m.items()} for s, m in cat.relations.items()},
        "functions": cat.functions, "datatypes": cat.datatypes, "fks": cat.foreign_keys,
        "meta": (cat.engine, cat.current_database, cat.search_path, cat.databases, cat.schemas, cat.fingerprint),
    }


def test_a_catalog_reads_back_equal_to_what_was_written(tmp_path):
    original = _catalog()
    write_cache(tmp_path / "c.pickle", original)
    restored = read_cache(tmp_path / "c.pickle")
    assert restored is not None
    assert _shape(restored) == _shape(original)
    assert restored.foreign_keys_of("public", "customers")[0].name == "orders_customer_fk"
    assert restored.find_relation(None, "ORDERS").kind == "table"  # case-folded lookup, first one wins


def test_names_are_ready_for_completion_and_columns_wait_until_asked_for(tmp_path):
    write_cache(tmp_path / "c.pickle", _catalog())
    restored = read_cache(tmp_path / "c.pickle")
    relations = restored.relations["public"]
    assert isinstance(relations, CachedRelations)
    index = restored.index("relations", "public")
    assert index.names == _catalog().index("relations", "public").names
    completer = SqlCompleter("postgresql", lambda: restored)
    assert [c.text for c in completer.complete("SELECT * FROM ord")][:2] == ["orders", '"Orders"']
    assert relations._columns._columns is None  # nothing read for that
    assert [c.text for c in completer.complete("SELECT no FROM orders", len("SELECT no"))][:1] == ["note"]
    assert relations._columns._columns is not None


def test_columns_come_from_the_file_that_was_opened_even_if_it_is_replaced(tmp_path):
    path = tmp_path / "c.pickle"
    write_cache(path, _catalog())
    restored = read_cache(path)
    other = Catalog.from_parts(CatalogParts("postgresql", search_path=("public",), schemas=["public"],
                                            relations=[Relation("public", "zzz", "table", [Column("q", "int")])]))
    write_cache(path, other)  # another shell rewrote the cache meanwhile
    load_columns(restored)
    assert [c.name for c in restored.relations["public"]["orders"].columns] == ["id", "note"]


def test_a_damaged_or_foreign_file_is_no_cache(tmp_path):
    bad = tmp_path / "bad.pickle"
    bad.write_bytes(b"\x10\x00\x00\x00\x00\x00\x00\x00not a pickle at all")
    assert read_cache(bad) is None
    assert read_cache(tmp_path / "missing.pickle") is None
    old = tmp_path / "old.pickle"
    import pickle

    old.write_bytes(pickle.dumps((2, _catalog())))
    assert read_cache(old) is None


def test_a_restored_catalog_can_be_changed_incrementally_and_cached_again(tmp_path):
    write_cache(tmp_path / "c.pickle", _catalog())
    restored = read_cache(tmp_path / "c.pickle")
    changed = restored.replace("public", relations={"orders": None, "fresh": Relation("public", "fresh")})
    assert "orders" not in changed.relations["public"] and "fresh" in changed.relations["public"]
    assert changed.foreign_keys_of("public", "customers") == []
    write_cache(tmp_path / "d.pickle", changed)
    again = read_cache(tmp_path / "d.pickle")
    assert _shape(again) == _shape(changed)


def test_the_cache_file_is_private_to_the_user_and_its_folder_too(tmp_path):
    import os
    import stat

    path = tmp_path / "cache" / "c.pickle"
    old = os.umask(0o022)  # the usual umask would leave it world-readable
    try:
        write_cache(path, _catalog())
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
