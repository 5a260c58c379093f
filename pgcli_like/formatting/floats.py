"""Floating-point numbers spelled as each server (and its own client) spells them.

Drivers hand floats over as Python floats; ``repr`` gives the shortest digits that read
back exactly (as PostgreSQL 12+ and MariaDB pick them too) but lays them out its own way
(``1.0``, ``1000000000000000.0``). ``FLOAT_TEXT`` maps a column's server type
(``ColumnInfo.type_name``) to the function that writes psql's or the mariadb client's
layout: ``1``, ``1e+15`` / ``1e15``, ``0.1`` for a float4.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable

# repr() of the non-finite floats → the servers' spelling.
NON_FINITE_TEXT = {"inf": "Infinity", "-inf": "-Infinity", "nan": "NaN"}


def float_text(value: float) -> str:
    """The server's spelling of a float: shortest round-trip digits, ``Infinity``, ``NaN``."""
    if math.isfinite(value):
        return repr(value)
    if math.isnan(value):
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"


def _layout(digits: str, exponent: int, negative: bool, fixed_below: int, fixed_from: int = -4) -> str:
    """PostgreSQL's float layout (``float8out``): ``digits`` (no trailing zeros) times
    10**``exponent`` for the first digit; positional when ``fixed_from`` <= exponent <
    ``fixed_below``, else ``d.ddde+XX``."""
    sign = "-" if negative else ""
    if fixed_from <= exponent < fixed_below:
        if exponent < 0:
            return f"{sign}0.{'0' * (-exponent - 1)}{digits}"
        whole, frac = digits[: exponent + 1].ljust(exponent + 1, "0"), digits[exponent + 1:]
        return f"{sign}{whole}.{frac}" if frac else sign + whole
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{sign}{mantissa}e{'-' if exponent < 0 else '+'}{abs(exponent):02d}"


def _repr_digits(value: float) -> tuple[str, int]:
    """The shortest round-trip digits of ``value`` (no trailing zeros) and the first digit's
    power of ten, read off ``repr`` (which already picks the shortest digits)."""
    text = repr(abs(value))
    if "e" in text:
        mantissa, exp = text.split("e")
        return mantissa.replace(".", "").rstrip("0") or "0", int(exp)
    whole, frac = text.split(".")
    if whole != "0":
        return (whole + frac).rstrip("0"), len(whole) - 1
    significant = frac.lstrip("0")
    return significant.rstrip("0") or "0", len(significant) - len(frac) - 1


def _float4_digits(value: float) -> tuple[str, int]:
    """The fewest significant digits that read back as the same float4 (binary search: if
    p digits read back, so do p + 1), and the first digit's power of ten."""
    single = _as_float4(value)
    low, high = 1, 9  # 9 digits always read back as the same float4
    while low < high:
        mid = (low + high) // 2
        if _as_float4(float(f"{value:.{mid - 1}e}")) == single:
            high = mid
        else:
            low = mid + 1
    mantissa, exp = f"{abs(value):.{low - 1}e}".split("e")
    return mantissa.replace(".", "").rstrip("0") or "0", int(exp)


def pg_float8_text(value: float) -> str:
    """A float8 as PostgreSQL 12+ prints it (psql shows ``1``, ``1e+15``, ``0.1``)."""
    text = repr(value)  # the same shortest round-trip digits as the server's
    if text.endswith(".0") and abs(value) < 1e15:
        return text[:-2]
    if "e" in text or "n" in text or abs(value) < 1e15:
        return NON_FINITE_TEXT.get(text, text)  # repr's layout already matches away from 1e15…1e16
    digits, exponent = _repr_digits(value)
    return _layout(digits, exponent, value < 0, 15)


def pg_float4_text(value: float) -> str:
    """A float4 (which arrives widened to a Python float) as PostgreSQL prints it: ``0.1``,
    not ``0.10000000149011612``; positional only below 1e6, as the server does."""
    if not math.isfinite(value):
        return float_text(value)
    if value == 0:
        return "-0" if math.copysign(1, value) < 0 else "0"
    digits, exponent = _float4_digits(value)
    return _layout(digits, exponent, value < 0, 6)


def _as_float4(value: float) -> float:
    try:
        return struct.unpack("f", struct.pack("f", value))[0]
    except OverflowError:
        return math.inf


def mysql_float_text(value: float) -> str:
    """A DOUBLE or FLOAT as MariaDB/MySQL print it: ``1``, ``1e15``, ``0.00001``, ``1e-16``.

    The server sends FLOAT already cut to 6 digits, so the shortest digits of the value
    the driver parsed are the server's; only the layout differs from ``repr``.
    """
    if not math.isfinite(value):
        return float_text(value)
    if value == 0:
        return "0"  # the server prints -0 as 0
    if 1e-4 <= abs(value) < 1e15:  # repr's own layout, but for a trailing ".0"
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    digits, exponent = _repr_digits(value)
    if -15 <= exponent <= 14:
        return _layout(digits, exponent, value < 0, 15, -15)
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{'-' if value < 0 else ''}{mantissa}e{exponent}"


# The server's spelling of floats per column type (ColumnInfo.type_name), where it differs
# from repr(): PostgreSQL's float8/float4, MySQL's double/float. SQLite declares no types.
FLOAT_TEXT: dict[str, Callable[[float], str]] = {
    "float8": pg_float8_text, "float4": pg_float4_text, "double": mysql_float_text, "float": mysql_float_text,
}
