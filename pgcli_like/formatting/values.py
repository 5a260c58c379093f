"""Turning driver values into text, column by column, and measuring that text on a terminal.

Formatters never convert one cell at a time through a chain of calls: ``column_texts``
looks at the set of Python types in a whole column of a batch (one C-level pass) and
picks the cheapest conversion for it — most columns are all-``str`` or all-``int`` and
need no per-cell Python code at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from pgcli_like.formatting.floats import FLOAT_TEXT, NON_FINITE_TEXT, float_text
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


_INT_AND_FLOAT = {int, float}


def column_texts(values: Sequence[object], null: str, type_name: str = "") -> list[str]:
    """Every value of one column of a batch as text, None as ``null``.

    ``type_name`` is the column's server type (``ColumnInfo.type_name``): PostgreSQL's
    ``float8``/``float4`` floats are spelled as the server spells them (``FLOAT_TEXT``).

    Homogeneous columns (the usual case: one Python type plus NULLs) are converted by
    C-level ``map`` calls or a single comprehension; only mixed columns (SQLite's
    dynamic typing) go through ``value_text`` per cell.
    """
    return column_texts_plain(values, null, type_name)[0]


# Python types whose text (str/repr/format "f", "t"/"f" for bool) is always printable ASCII.
_PLAIN_KINDS = frozenset({int, bool, float, Decimal})


def column_texts_plain(values: Sequence[object], null: str, type_name: str = "") -> tuple[list[str], bool]:
    """``column_texts``, and whether every text is known to be printable ASCII without
    looking at it: a column of numbers or booleans (and ``null``, if any, plain too).
    False means "not known", not "not plain"."""
    types = set(map(type, values))
    nullable = NoneType in types
    types.discard(NoneType)
    if types == _INT_AND_FLOAT:  # SQLite stores 5.0 in a NUMERIC column as the integer 5
        types = {float}  # repr() spells both
    if len(types) > 1 or not types:
        return [null] * len(values) if not types else [value_text(v, null) for v in values], False
    kind = types.pop()
    plain = kind in _PLAIN_KINDS and (not nullable or (null.isascii() and null.isprintable()))
    return _homogeneous_texts(values, null, type_name, kind, nullable), plain


def _homogeneous_texts(values: Sequence[object], null: str, type_name: str, kind: type,
                       nullable: bool) -> list[str]:
    """The texts of a column whose values are all of ``kind`` (or None when ``nullable``)."""
    if kind is str:
        return [null if v is None else v for v in values] if nullable else list(values)  # type: ignore[misc]
    if kind is bool:
        return list(map({True: "t", False: "f", None: null}.__getitem__, values))  # type: ignore[arg-type]
    # Comprehensions rather than map(str, …): CPython calls str() faster in one (a third less).
    if kind is int:
        return [null if v is None else str(v) for v in values] if nullable else [str(v) for v in values]
    if kind is Decimal:
        # str() is twice as fast as format(v, "f") and the same unless it chose an exponent.
        texts = [null if v is None else str(v) for v in values] if nullable else [str(v) for v in values]
        if "E" in "".join(texts):
            texts = [null if v is None else format(v, "f") for v in values]  # type: ignore[misc]
        return texts
    if kind is float:
        server = FLOAT_TEXT.get(type_name)
        if server is not None:
            return [null if v is None else server(v) for v in values]  # type: ignore[arg-type]
        texts = [null if v is None else repr(v) for v in values] if nullable else list(map(repr, values))
        if "inf" in texts or "-inf" in texts or "nan" in texts:
            texts = [t if v is None else NON_FINITE_TEXT.get(t, t) for t, v in zip(texts, values, strict=False)]
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
