"""Prefix and fuzzy matching over sorted name indexes."""

from __future__ import annotations

from pgcli_like.matching import NameIndex, match_small


def index(*names: str) -> NameIndex:
    return NameIndex((n, n) for n in names)


def test_prefix_matches_are_case_insensitive_and_capped():
    idx = index(*(f"orders_{i}" for i in range(1000)), "Customers")
    assert [h.name for h in idx.prefix("ORDERS_99", 5)] == ["orders_99", "orders_990", "orders_991",
                                                           "orders_992", "orders_993"]
    assert [h.name for h in idx.prefix("cus", 5)] == ["Customers"]


def test_fuzzy_ranks_compact_matches_first_and_excludes_prefix_matches():
    idx = index("order_items", "orders", "customer_orders", "o_r_d_e_r")
    got = [h.name for h in idx.fuzzy("ordr", 10)]
    assert got[0] in ("orders", "order_items") and "o_r_d_e_r" in got
    assert [h.name for h in idx.fuzzy("ord", 10)] == ["customer_orders", "o_r_d_e_r"]


def test_search_fills_with_fuzzy_only_when_prefix_matches_are_few():
    idx = index("abc", "abd", "xaybzc")
    assert [h.name for h in idx.search("ab", 2)] == ["abc", "abd"]
    assert [h.name for h in idx.search("abc", 5)] == ["abc", "xaybzc"]


def test_typing_on_narrows_the_previous_fuzzy_result():
    idx = index("customers", "cursors", "carrots", "scooters")
    first = {h.name for h in idx.fuzzy("crs", 10)}
    assert idx._last is not None and idx._last[0] == "crs"
    narrower = {h.name for h in idx.fuzzy("crso", 10)}
    assert narrower <= first and narrower == {"cursors"}


def test_match_small_handles_unicode_and_special_characters():
    hits = match_small("dé", [("données", 1), ("a(b", 2), ("x.*y", 3)])
    assert [h.name for h in hits] == ["données"]
    assert [h.name for h in match_small(".*", [("x.*y", 3), ("xy", 4)])] == ["x.*y"]
