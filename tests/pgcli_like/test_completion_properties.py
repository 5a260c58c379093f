"""Bad input never breaks completion: random text and cursors, huge statements, junk."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pgcli_like.catalog import Catalog, CatalogParts, Column, ForeignKey, Relation
from pgcli_like.completion import SqlCompleter

SQLISH = st.sampled_from([
    "SELECT", "FROM", "WHERE", "JOIN", "ON", "USING", "(", ")", "'", '"', "`", "--", "/*", "*/", "$$", "::",
    ",", ".", "*", ";", "\\", "\\d", "o", "c", "orders", "customers", "o.", "c.", " ", "\n", "=", "CAST",
    "AS", "IN", "WITH", "x", "1", "é", "\x00", "\udcff", "[", "]", "INSERT INTO", "UPDATE", "SET",
])


def _catalog(engine: str) -> Catalog:
    parts = CatalogParts(engine, "db", ("public",), ("db",), ["public"])
    parts.relations = [
        Relation("public", "orders", "table", (Column("id", "int", None, True), Column("customer_id", "int"))),
        Relation("public", "customers", "table", (Column("id", "int", None, True), Column("name", "text"))),
        Relation("public", "Ünïcødé tàble", "table", (Column("naïve", "text"),)),
    ]
    parts.foreign_keys = [ForeignKey("public", "orders", ("customer_id",), "public", "customers", ("id",))]
    return Catalog.from_parts(parts)


COMPLETERS = {engine: SqlCompleter(engine, (lambda e=engine: _catalog(e))) for engine in ("postgresql", "mysql", "sqlite")}


def _check(completer: SqlCompleter, text: str, cursor: int) -> None:
    result = completer.complete(text, cursor)
    assert isinstance(result, list)
    assert completer.last_error is None, repr(completer.last_error)
    for item in result:
        assert -item.start_position <= cursor


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.one_of(SQLISH, st.text(max_size=5)), max_size=40), data=st.data(),
       engine=st.sampled_from(sorted(COMPLETERS)))
def test_random_sqlish_text_never_raises(parts, data, engine):
    text = " ".join(parts) if data.draw(st.booleans()) else "".join(parts)
    cursor = data.draw(st.integers(min_value=0, max_value=len(text)))
    _check(COMPLETERS[engine], text, cursor)


@settings(max_examples=100, deadline=None)
@given(text=st.binary(max_size=300).map(lambda b: b.decode("latin-1")), data=st.data())
def test_binary_junk_never_raises(text, data):
    cursor = data.draw(st.integers(min_value=0, max_value=len(text)))
    _check(COMPLETERS["postgresql"], text, cursor)


@pytest.mark.parametrize("text", [
    "SELECT * FROM orders WHERE id IN (" + ", ".join(str(i) for i in range(10_000)) + ") AND ",
    "SELECT * FROM orders WHERE name = '" + "x" * 1_000_000,
    "SELECT " + "a + " * 250_000 + "1 FROM orders WHERE ",
    "SELECT ((((((((((" * 2000 + " FROM orders o WHERE o.",
    "SELECT * FROM orders o WHERE o.id = 1;\n" * 20_000 + "SELECT * FROM orders o WHERE o.",
], ids=["10k-item IN list", "1 MB unclosed string", "1 MB expression", "2,000 open parens", "20,000 statements"])
def test_huge_statements_return_within_budget(text):
    completer = COMPLETERS["postgresql"]
    start = time.perf_counter()
    _check(completer, text, len(text))
    # Not a speed assertion (see bench/), only a guard against pathological blow-ups.
    assert time.perf_counter() - start < 5


def test_huge_statement_still_completes_near_the_cursor():
    text = "SELECT * FROM orders o WHERE o.id IN (" + ", ".join(str(i) for i in range(10_000)) + ") AND o."
    assert [c.text for c in COMPLETERS["postgresql"].complete(text)] == ["id", "customer_id"]
