"""JSON (an array of objects) and JSON Lines (one object per line), keyed by column name.

NULL is ``null``, numbers are numbers, booleans are booleans, and values of JSON
columns are embedded as JSON (not as strings). Columns with the same name all stay:
the repeats are keyed ``name_2``, ``name_3`` … (``unique_keys``). Each object is rendered by one
``%`` format over pre-encoded columns: strings go through the json module's C
encoder a column at a time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from decimal import Decimal
from json.encoder import encode_basestring  # the C implementation when available

from pgcli_like.drivers.base import ColumnInfo
from pgcli_like.formatting.batch import fill_rows, literal
from pgcli_like.formatting.floats import FLOAT_TEXT
from pgcli_like.formatting.values import bytes_text, decimal_text

_STR = frozenset({str})
_STR_NULL = frozenset({str, type(None)})
_INT = frozenset({int})
_INT_NULL = frozenset({int, type(None)})
_FLOAT_NULL = frozenset({float, type(None)})


def _embedded_json(text: str) -> str:
    """A JSON column's text as compact one-line JSON (a string if it isn't valid JSON)."""
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, separators=(", ", ": "))
    except ValueError:
        return encode_basestring(text)


def json_value(value: object, kind: str) -> str:
    """One value as JSON text; ``kind`` is the column's ColumnInfo.kind."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return _embedded_json(value) if kind == "json" else encode_basestring(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "null"
    if isinstance(value, Decimal):
        return decimal_text(value) if value.is_finite() else "null"
    if isinstance(value, (bytes, bytearray, memoryview)):
        return encode_basestring(bytes_text(value))
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return encode_basestring(str(value))


# Line separators JSON allows raw but line-splitting readers (str.splitlines, JavaScript)
# do not: written escaped so one JSON Lines record is always one line.
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_BREAKS_TABLE = str.maketrans(_LINE_BREAKS)


def _one_line(texts: list[str]) -> list[str]:
    joined = "".join(texts)
    if joined.isascii() or not any(ch in joined for ch in _LINE_BREAKS):
        return texts
    return [t.translate(_LINE_BREAKS_TABLE) for t in texts]


def encode_column(values: Sequence[object], kind: str, type_name: str = "") -> list[str]:
    """A whole column of a batch as JSON texts, in bulk for the common types.

    Floats of a type the server spells its own way (``float4``: ``0.1``, not
    ``0.10000000149011612``) are written in that spelling, which is valid JSON."""
    types = set(map(type, values))
    server = FLOAT_TEXT.get(type_name)
    if server is not None and types <= _FLOAT_NULL:
        return ["null" if v is None or not math.isfinite(v) else server(v) for v in values]  # type: ignore[arg-type]
    if types <= _INT:
        return list(map(str, values))
    if types <= _INT_NULL:
        return ["null" if v is None else str(v) for v in values]
    if kind != "json" and types <= _STR:
        texts = list(map(encode_basestring, values))  # type: ignore[arg-type]
    elif kind != "json" and types <= _STR_NULL:
        texts = ["null" if v is None else encode_basestring(v) for v in values]  # type: ignore[arg-type]
    else:
        texts = [json_value(v, kind) for v in values]
    return _one_line(texts)


def unique_keys(names: Sequence[str]) -> list[str]:
    """Column names as object keys, every column kept: a repeated name gets ``_2``, ``_3`` …

    ``SELECT a.id, b.id`` gives ``id`` and ``id_2`` (a suffix already taken by another
    column is skipped), so no value is lost to a later key of the same name.
    """
    taken = set(names)
    seen: set[str] = set()
    keys = []
    for name in names:
        key = name
        if key in seen:
            n = 2
            while f"{name}_{n}" in taken:
                n += 1
            key = f"{name}_{n}"
            taken.add(key)
        seen.add(key)
        keys.append(key)
    return keys


def _object_format(columns: Sequence[ColumnInfo]) -> str:
    keys = [literal(encode_basestring(k)) for k in unique_keys([c.name for c in columns])]
    return "{" + ", ".join(f"{k}: %s" for k in keys) + "}"


def json_chunks(columns: Sequence[ColumnInfo], batches: Iterator[list[tuple]], *, lines: bool) -> Iterator[str]:
    """JSON text of all rows, one chunk per batch; ``lines`` selects JSON Lines."""
    fmt = _object_format(columns)
    kinds = [c.kind for c in columns]
    types = [c.type_name for c in columns]
    first = True
    for batch in batches:
        if not batch:
            continue
        encoded = [encode_column(values, kind, type_name)
                   for values, kind, type_name in zip(zip(*batch, strict=True), kinds, types, strict=True)]
        if lines:
            yield fill_rows(fmt + "\n", encoded)
        else:
            yield ("[\n" if first else ",\n") + fill_rows(fmt + ",\n", encoded)[:-2]
        first = False
    if not lines:
        yield "[]\n" if first else "\n]\n"
