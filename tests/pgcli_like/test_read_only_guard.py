"""Statements that would lift --read-only are spotted as typed (the guard is pure)."""

from __future__ import annotations

import pytest

from pgcli_like.read_only_guard import lifts_read_only


@pytest.mark.parametrize("engine, sql, lifted", [
    ("postgresql", "BEGIN READ WRITE", "READ WRITE"),
    ("postgresql", "begin /* habit */ read\n  write", "READ WRITE"),
    ("postgresql", "START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE", "READ WRITE"),
    ("postgresql", "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE", "READ WRITE"),
    ("postgresql", "SET default_transaction_read_only = off", "changing default_transaction_read_only"),
    ("postgresql", "set transaction_read_only to default", "changing transaction_read_only"),
    ("postgresql", "RESET default_transaction_read_only", "changing default_transaction_read_only"),
    ("postgresql", "SELECT set_config('default_transaction_read_only', 'off', false)",
     "changing default_transaction_read_only"),
    ("postgresql", "RESET ALL", "RESET ALL"),
    ("postgresql", "discard all", "DISCARD ALL"),
    ("mysql", "SET SESSION TRANSACTION READ WRITE", "READ WRITE"),
    ("mysql", "START TRANSACTION READ WRITE", "READ WRITE"),
    ("mysql", "SET @@session.tx_read_only = 0", "changing tx_read_only"),
    ("mysql", "SET SESSION transaction_read_only = OFF", "changing transaction_read_only"),
    ("sqlite", "PRAGMA query_only = 0", "changing query_only"),
    ("sqlite", "pragma query_only(false)", "changing query_only"),
])
def test_what_lifts_it(engine, sql, lifted):
    assert lifts_read_only(sql, engine) == lifted


@pytest.mark.parametrize("engine, sql", [
    ("postgresql", "SELECT 1"),
    ("postgresql", "BEGIN"),
    ("postgresql", "BEGIN READ ONLY"),
    ("postgresql", "SHOW default_transaction_read_only"),
    ("postgresql", "SELECT 'begin read write'"),  # in a string: only words count
    ("postgresql", "-- read write\nSELECT 1"),  # in a comment
    ("postgresql", "SET search_path = app"),
    ("postgresql", "RESET search_path"),
    ("mysql", "SELECT @@tx_read_only"),
    ("mysql", "UPDATE t SET tx_read_only = 0"),  # a column of that name (the server refuses the write)
    ("sqlite", "PRAGMA query_only"),  # reads it
    ("sqlite", "SELECT * FROM t"),
    ("sqlite", ""),
])
def test_what_does_not(engine, sql):
    assert lifts_read_only(sql, engine) is None
