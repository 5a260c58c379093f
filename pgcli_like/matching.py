"""Prefix and fuzzy (subsequence) matching of a typed word against names.

:class:`NameIndex` keeps names sorted by their lower-case form, so prefix matches are a
``bisect`` plus a bounded walk, and fuzzy matches are one C-level regex scan over a
newline-joined blob of the names. When the user keeps typing the same word, the fuzzy
matches of the previous keystroke are filtered instead of rescanning the blob. The
cost of a keystroke is therefore bounded by the number of candidates shown, not by the
number of objects in the database.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Fuzzy scans stop after this many candidate names; beyond that, ranking is by blob order.
FUZZY_SCAN_CAP = 2000
# Gap limits of the successive fuzzy scans (None: any gap); tight matches are found first.
FUZZY_GAPS: tuple[int | None, ...] = (1, 3, None)
# Narrowing the previous keystroke's matches in Python beats a C-level rescan only when they are few.
REFILTER_MAX = 400
# A typed word longer than this is matched by prefix only (fuzzy patterns get expensive).
FUZZY_MAX_WORD = 32


@dataclass(frozen=True, slots=True)
class Hit:
    """One name that matched: ``rank`` sorts prefix matches before fuzzy ones, compact first."""

    name: str
    payload: object
    rank: tuple[int, int, int]  # (0 prefix / 1 fuzzy, match span, match start)


def _in_class(ch: str) -> str:
    return "\\" + ch if ch in "\\]^-[" else ch


def fuzzy_pattern(word: str, *, multiline: bool = False, max_gap: int | None = None) -> re.Pattern[str]:
    """The subsequence pattern for ``word``: its characters in order, anything (or ≤ max_gap) between."""
    # "[^x]*x" instead of ".*?x": the first x is the only place it can match, so the
    # engine never backtracks through the gap (same leftmost match, linear time).
    stop = "\n" if multiline else ""
    rep = "*" if max_gap is None else f"{{0,{max_gap}}}"
    body = re.escape(word[0]) + "".join(f"[^{stop}{_in_class(ch)}]{rep}{re.escape(ch)}" for ch in word[1:])
    if multiline:
        return re.compile(f"({body})[^\n]*")
    return re.compile(f"({body})", re.S)


def _compact_pattern(word: str) -> re.Pattern[str]:
    """Like :func:`fuzzy_pattern` but tried at every start (a lookahead), for the tightest span."""
    return re.compile("(?=(" + ".*?".join(re.escape(ch) for ch in word) + "))", re.S)


def _best_span(pattern: re.Pattern[str], key: str, span: int, start: int) -> tuple[int, int]:
    for m in pattern.finditer(key):
        width = m.end(1) - m.start(1)
        if width < span:
            span, start = width, m.start(1)
    return span, start


class NameIndex:
    """Names of one kind in one schema, sorted for prefix search, with a fuzzy blob."""

    __slots__ = ("keys", "names", "payloads", "_blob", "_starts", "_last")

    def __init__(self, items: Iterable[tuple[str, object]]) -> None:
        entries = sorted(((name.lower(), name, payload) for name, payload in items), key=lambda e: e[0])
        self.keys = [e[0] for e in entries]
        self.names = [e[1] for e in entries]
        self.payloads = [e[2] for e in entries]
        self._blob: str | None = None
        self._starts: list[int] = []
        # (word, indexes of all its fuzzy matches) from the previous call, or None.
        self._last: tuple[str, list[int]] | None = None

    @classmethod
    def presorted(cls, names: list[str], payloads: Sequence[object]) -> NameIndex:
        """An index over ``names`` already in index order (sorted by lower case, stably), as the
        disk cache stores them: nothing is sorted again; ``payloads`` may build items lazily."""
        index = cls.__new__(cls)
        index.keys = list(map(str.lower, names))
        index.names = names
        index.payloads = payloads  # type: ignore[assignment]
        index._blob = None
        index._starts = []
        index._last = None
        return index

    def __len__(self) -> int:
        return len(self.keys)

    def prefix(self, word: str, limit: int) -> list[Hit]:
        """Up to ``limit`` names starting with ``word`` (case-insensitive), in name order."""
        word = word.lower()
        keys = self.keys
        lo = bisect_left(keys, word)
        hi = bisect_right(keys, word + "\U0010ffff", lo) if word else len(keys)
        hi = min(hi, lo + limit)
        return [Hit(self.names[i], self.payloads[i], (0, len(keys[i]), 0)) for i in range(lo, hi)]

    def fuzzy(self, word: str, limit: int) -> list[Hit]:
        """Up to ``limit`` names containing ``word`` as a subsequence but not as a prefix."""
        word = word.lower()
        if not word or len(word) > FUZZY_MAX_WORD or not self.keys or limit <= 0:
            return []
        last = self._last
        if last is not None and word.startswith(last[0]) and len(last[1]) <= REFILTER_MAX:
            found = self._refilter(word, last[1])
        else:
            found = self._scan(word, limit)
        keys = self.keys
        if len(found) <= REFILTER_MAX:
            # Few enough to score exactly: the most compact occurrence, not just the leftmost.
            compact = _compact_pattern(word)
            found = [(i, *_best_span(compact, keys[i], span, start)) for i, span, start in found]
        ranked = heapq.nsmallest(limit, (
            (span, start, len(keys[i]), keys[i], i) for i, span, start in found if not keys[i].startswith(word)))
        return [Hit(self.names[i], self.payloads[i], (1, span, start)) for span, start, _n, _k, i in ranked]

    def _scan(self, word: str, want: int) -> list[tuple[int, int, int]]:
        """Blob scans from tight to loose gaps, so a capped scan still holds the best matches."""
        if self._blob is None:
            self._blob = "\n".join(self.keys) + "\n"
            starts, pos = [], 0
            for key in self.keys:
                starts.append(pos)
                pos += len(key) + 1
            self._starts = starts
        found: dict[int, tuple[int, int, int]] = {}
        starts = self._starts
        complete = True
        for max_gap in FUZZY_GAPS:
            for m in fuzzy_pattern(word, multiline=True, max_gap=max_gap).finditer(self._blob):
                i = bisect_right(starts, m.start(1)) - 1
                if i not in found:
                    found[i] = (i, m.end(1) - m.start(1), m.start(1) - starts[i])
                if len(found) >= FUZZY_SCAN_CAP:
                    break
            if len(found) >= FUZZY_SCAN_CAP or (max_gap is not None and len(found) >= want):
                complete = max_gap is None and len(found) < FUZZY_SCAN_CAP
                break
        # Only a complete result can be narrowed on the next keystroke.
        self._last = (word, list(found)) if complete else None
        return list(found.values())

    def _refilter(self, word: str, previous: list[int]) -> list[tuple[int, int, int]]:
        pattern = fuzzy_pattern(word)
        found = []
        for i in previous:
            m = pattern.search(self.keys[i])
            if m is not None:
                found.append((i, m.end(1) - m.start(1), m.start(1)))
        self._last = (word, [f[0] for f in found])
        return found

    def search(self, word: str, limit: int) -> list[Hit]:
        """Prefix matches first, then (if room is left) fuzzy matches."""
        hits = self.prefix(word, limit)
        if len(hits) < limit and word:
            hits += self.fuzzy(word, limit - len(hits))
        return hits


def match_small(word: str, items: Iterable[tuple[str, object]], limit: int = 500) -> list[Hit]:
    """Match ``word`` against a short list (columns in scope, keywords) without an index."""
    low = word.lower()
    pattern = fuzzy_pattern(low) if low and len(low) <= FUZZY_MAX_WORD else None
    hits = []
    for name, payload in items:
        key = name.lower()
        if key.startswith(low):
            hits.append(Hit(name, payload, (0, len(key), 0)))
        elif pattern is not None:
            m = pattern.search(key)
            if m is not None:
                hits.append(Hit(name, payload, (1, m.end(1) - m.start(1), m.start(1))))
        if len(hits) >= limit * 4:
            break
    return hits
