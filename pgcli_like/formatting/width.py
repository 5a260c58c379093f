"""How many terminal columns text takes, measured a whole column at a time.

``wcwidth.width`` is exact (grapheme clusters, emoji sequences) but costs microseconds
a string. Most non-ASCII text needs none of that: each character is one column, or two
for East Asian wide characters. ``column_widths`` counts those in bulk with C-level
regular expressions and sends to wcwidth only the strings holding a character that
takes part in a cluster (combining marks, joiners, variation selectors, Hangul jamo,
regional indicators, prepended marks). A lone emoji is just a wide character.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from operator import add


def _char_class(ranges: Sequence[tuple[int, int]]) -> str:
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class _CharSet:
    """Finds characters of a set of code-point ranges quickly.

    The Basic Multilingual Plane and the planes above it get separate patterns: ``re``
    turns a class of BMP characters into a bitmap, but checks a class that reaches past
    U+FFFF range by range — many times slower — so that one only runs on text that
    holds such characters at all.
    """

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        bmp = [(a, min(b, 0xFFFF)) for a, b in ranges if a <= 0xFFFF]
        astral = [(max(a, 0x10000), b) for a, b in ranges if b > 0xFFFF]
        self.bmp = re.compile(f"[{_char_class(bmp)}]") if bmp else None
        self.astral = re.compile(f"[{_char_class(astral)}]") if astral else None

    def _parts(self, text: str) -> list[re.Pattern[str]]:
        parts = [self.bmp] if self.bmp else []
        if self.astral and _ASTRAL.search(text):
            parts.append(self.astral)
        return parts

    def search(self, text: str) -> bool:
        """Whether ``text`` holds a character of the set."""
        return any(p.search(text) for p in self._parts(text))

    def count(self, text: str) -> int:
        """How many characters of ``text`` are in the set."""
        return sum(len(p.findall(text)) for p in self._parts(text))

    def flags(self, texts: Sequence[str], joined: str) -> list[object]:
        """``search`` of every text in bulk: a true value for each text holding a character of the set."""
        parts = self._parts(joined)
        if not parts:
            return [None] * len(texts)
        found: list[object] = list(map(parts[0].search, texts))
        for p in parts[1:]:
            found = [a or b for a, b in zip(found, map(p.search, texts), strict=True)]
        return found

    def counts(self, texts: Sequence[str], joined: str) -> list[int]:
        """``count`` of every text; ``joined`` is their concatenation (to skip absent planes)."""
        parts = self._parts(joined)
        totals = [0] * len(texts)
        for p in parts:
            totals = list(map(add, totals, map(len, map(p.findall, texts))))
        return totals


def _latest(table: object) -> Sequence[tuple[int, int]]:
    if isinstance(table, dict):
        return table[max(table, key=lambda v: tuple(int(p) for p in v.split(".")))]
    return table  # type: ignore[return-value]


@lru_cache(maxsize=1)
def _patterns() -> tuple[_CharSet, _CharSet]:
    """(wide characters, characters that need wcwidth's cluster rules), from wcwidth's tables."""
    from wcwidth import table_grapheme, table_mc, table_wide, table_zero

    clustered = [_latest(table_zero.ZERO_WIDTH), _latest(table_mc.CATEGORY_MC)] + [
        getattr(table_grapheme, name) for name in (
            "GRAPHEME_EXTEND", "GRAPHEME_PREPEND", "GRAPHEME_SPACINGMARK", "GRAPHEME_L", "GRAPHEME_V",
            "GRAPHEME_T", "GRAPHEME_REGIONAL_INDICATOR", "GRAPHEME_ZWJ", "GRAPHEME_CONTROL")
    ]
    return _CharSet(_latest(table_wide.WIDE_EASTASIAN)), _CharSet([r for table in clustered for r in table])


@lru_cache(maxsize=65536)
def _exact(text: str) -> int:
    import wcwidth

    return max(wcwidth.width(text), 0)


def text_width(text: str) -> int:
    """Columns one line of text (no control characters) occupies."""
    if text.isascii():
        return len(text)
    wide, clusters = _patterns()
    if clusters.search(text):
        return _exact(text) if len(text) <= 4096 else max(__import__("wcwidth").width(text), 0)
    return len(text) + wide.count(text)


def column_widths(texts: Sequence[str]) -> list[int] | None:
    """The width of every text (single lines without control characters).

    None when every width equals ``len`` (the caller can then pad with ``%``-formats).
    """
    joined = "".join(texts)
    if joined.isascii():
        return None
    wide, clusters = _patterns()
    has_wide = wide.search(joined)
    has_clusters = clusters.search(joined)
    if not (has_wide or has_clusters):
        return None
    widths = list(map(len, texts))
    if has_wide:
        widths = list(map(add, widths, wide.counts(texts, joined)))
    if has_clusters:
        for i, clustered in enumerate(clusters.flags(texts, joined)):
            if clustered:
                widths[i] = text_width(texts[i])
    return widths
