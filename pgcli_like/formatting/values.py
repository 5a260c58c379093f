"""Turning driver values into text, column by column, and measuring that text on a terminal.

Formatters never convert one cell at a time through a chain of calls: ``column_texts``
looks at the set of Python types in a whole column of a batch (one C-level pass) and
picks the cheapest conversion for it — most columns are all-``str`` or all-``int`` and
need no per-cell Python code at all.
"""

from __future__ import annotations

import math
import re
import struct
from collections.abc import Callable, Sequence
from decimal import Decimal

from pgcli_like.formatting.width import text_width

NoneType = type(None)

# Characters that must not reach a terminal raw: C0 controls except \t and \n, DEL, C1
# controls, and the Unicode line/paragraph separators (which some terminals break on).
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Anything that forces the careful path in table output: the above, tab, and newline.
_SPECIAL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def bool_text(value: bool) -> str:
    """PostgreSQL's text for a boolean (psql prints ``t`` / ``f``)."""
    return "t" if value else "f"


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
        return _FLOAT_FIXES.get(text, text)  # repr's layout already matches away from 1e15…1e16
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


def decimal_text(value: Decimal) -> str:
    """A Decimal in positional notation (``str`` would say ``1E-7`` for 0.0000001)."""
    return format(value, "f")


def bytes_text(value: bytes | bytearray | memoryview) -> str:
    """Binary data as PostgreSQL's ``\\x`` hex form, whatever the engine."""
    return "\\x" + bytes(value).hex()


def _array_item(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, (list, tuple)):
        return array_text(value)
    text = value_text(value, "NULL")
    if text == "" or re.search(r'[\s{},"\\]', text) or text.upper() == "NULL":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def array_text(value: Sequence[object]) -> str:
    """A list as a PostgreSQL array literal ``{1,2,"a b"}`` (drivers that parse arrays)."""
    return "{" + ",".join(_array_item(v) for v in value) + "}"


def value_text(value: object, null: str) -> str:
    """Text of any single value, as the server would print it. ``null`` stands for None."""
    if value is None:
        return null
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return bool_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes_text(value)
    if isinstance(value, (list, tuple)):
        return array_text(value)
    if isinstance(value, dict):
        import json

        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


_FLOAT_FIXES = {"inf": "Infinity", "-inf": "-Infinity", "nan": "NaN"}
_INT_AND_FLOAT = {int, float}


def column_texts(values: Sequence[object], null: str, type_name: str = "") -> list[str]:
    """Every value of one column of a batch as text, None as ``null``.

    ``type_name`` is the column's server type (``ColumnInfo.type_name``): PostgreSQL's
    ``float8``/``float4`` floats are spelled as the server spells them (``FLOAT_TEXT``).

    Homogeneous columns (the usual case: one Python type plus NULLs) are converted by
    C-level ``map`` calls or a single comprehension; only mixed columns (SQLite's
    dynamic typing) go through ``value_text`` per cell.
    """
    types = set(map(type, values))
    nullable = NoneType in types
    types.discard(NoneType)
    if types == _INT_AND_FLOAT:  # SQLite stores 5.0 in a NUMERIC column as the integer 5
        types = {float}  # repr() spells both
    if len(types) > 1 or not types:
        return [null] * len(values) if not types else [value_text(v, null) for v in values]
    kind = types.pop()
    if kind is str:
        return [null if v is None else v for v in values] if nullable else list(values)  # type: ignore[misc]
    if kind is bool:
        return list(map({True: "t", False: "f", None: null}.__getitem__, values))  # type: ignore[arg-type]
    if kind is int:
        return [null if v is None else str(v) for v in values] if nullable else list(map(str, values))
    if kind is Decimal:
        # str() is twice as fast as format(v, "f") and the same unless it chose an exponent.
        texts = [null if v is None else str(v) for v in values] if nullable else list(map(str, values))
        if "E" in "".join(texts):
            texts = [null if v is None else format(v, "f") for v in values]  # type: ignore[misc]
        return texts
    if kind is float:
        server = FLOAT_TEXT.get(type_name)
        if server is not None:
            return [null if v is None else server(v) for v in values]  # type: ignore[arg-type]
        texts = [null if v is None else repr(v) for v in values] if nullable else list(map(repr, values))
        if "inf" in texts or "-inf" in texts or "nan" in texts:
            texts = [t if v is None else _FLOAT_FIXES.get(t, t) for t, v in zip(texts, values, strict=False)]
        return texts
    return [value_text(v, null) for v in values]


def has_special(text: str) -> bool:
    """True when ``text`` holds a newline, tab or control character."""
    return _SPECIAL_RE.search(text) is not None


def _escape_control(match: re.Match[str]) -> str:
    ch = match.group()
    if ch == "\r":
        return "\\r"
    return f"\\x{ord(ch):02X}" if ord(ch) <= 0xFF else f"\\u{ord(ch):04X}"


def display_lines(text: str) -> list[str]:
    """Split a value into the lines a terminal should show.

    Tabs become spaces to the next multiple of 8 (as psql does), other control
    characters are shown as ``\\xNN`` (``\\r`` as ``\\r``) so data can never move the
    cursor or change the terminal's colours.
    """
    lines = text.split("\n")
    out = []
    for line in lines:
        if "\t" in line:
            line = line.expandtabs(8)
        if _CONTROL_RE.search(line):
            line = _CONTROL_RE.sub(_escape_control, line)
        out.append(line)
    return out


def sanitize_line(text: str) -> str:
    """One-line display text: newlines shown as ``\\n``, other controls escaped."""
    return "\\n".join(display_lines(text))


def display_width(text: str) -> int:
    """Columns ``text`` (one line, already sanitized) occupies on a terminal."""
    return len(text) if text.isascii() else text_width(text)


def truncate(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut ``text`` to at most ``limit`` characters, the last being ``ellipsis``.

    Slices first, so a 100 MB value costs no more than a short one. ``limit`` <= 0
    means no limit. Lines that are still too wide on screen (CJK) are cut by
    ``clip_width`` after ``display_lines``.
    """
    if limit <= 0 or len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + ellipsis


def clip_width(line: str, limit: int, ellipsis: str = "…") -> str:
    """Cut one display line to at most ``limit`` terminal columns, ending with ``ellipsis``."""
    if limit <= 0 or display_width(line) <= limit:
        return line
    out = []
    used = 0
    for ch in line:
        w = display_width(ch)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + ellipsis
