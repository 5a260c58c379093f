"""Floats spelled as psql and the mariadb client print them (expected texts copied from those clients)."""

from __future__ import annotations

import struct

import pytest

from pgcli_like.formatting.floats import mysql_float_text, pg_float4_text, pg_float8_text


def as_float4(x: float) -> float:
    return struct.unpack("f", struct.pack("f", x))[0]


@pytest.mark.parametrize(("value", "psql"), [
    (1.0, "1"), (1e15, "1e+15"), (123456789012345.0, "123456789012345"), (1e-4, "0.0001"), (1e-5, "1e-05"),
    (0.1 + 0.2, "0.30000000000000004"), (1234567890123456.5, "1.2345678901234565e+15"), (-0.0, "-0"),
    (2.5e-310, "2.5e-310"), (float("nan"), "NaN"), (float("-inf"), "-Infinity"),
])
def test_float8_as_psql(value, psql):
    assert pg_float8_text(value) == psql


@pytest.mark.parametrize(("value", "psql"), [
    (0.1, "0.1"), (1e6, "1e+06"), (123456, "123456"), (1234567.891, "1.2345679e+06"), (16777217, "1.6777216e+07"),
    (3.4e38, "3.4e+38"), (-2.5, "-2.5"),
])
def test_float4_as_psql(value, psql):
    assert pg_float4_text(as_float4(value)) == psql


@pytest.mark.parametrize(("value", "mariadb"), [
    (1.0, "1"), (1e14, "100000000000000"), (1e15, "1e15"), (1.5e-7, "0.00000015"), (9.9e-15, "0.0000000000000099"),
    (1e-16, "1e-16"), (-1.5e20, "-1.5e20"), (2 / 3 * 1e15, "666666666666666.6"), (5e-324, "5e-324"), (-0.0, "0"),
])
def test_double_as_mariadb(value, mariadb):
    assert mysql_float_text(value) == mariadb
