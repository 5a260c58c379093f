"""Rank candidate names against what was typed: prefix first, then substring, then fuzzy.

Names starting with ``_`` are offered only once the typed word starts with ``_``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# While typing, substring and fuzzy matches start at this many typed characters.
LOOSE_WHILE_TYPING = 3


def _fuzzy_span(word: str, name: str) -> int | None:
    """Length of the shortest-by-greedy window of ``name`` holding ``word``'s letters in order."""
    start = name.find(word[0])
    if start < 0:
        return None
    pos = start
    for ch in word[1:]:
        pos = name.find(ch, pos + 1)
        if pos < 0:
            return None
    return pos - start + 1


def rank(word: str, name: str, *, loose: bool = True) -> tuple[int, int] | None:
    """A sort key for ``name`` matching ``word`` (lower is better), or None if it does not match.
    ``loose`` False keeps only prefix matches."""
    if not word:
        return (0, 0)
    if name.startswith(word):
        return (0, 0)
    lname, lword = name.lower(), word.lower()
    if lname.startswith(lword):
        return (1, 0)
    if not loose:
        return None
    at = lname.find(lword)
    if at >= 0:
        return (2, at)
    # fuzzy: the first letter must start the name or one of its _-separated parts
    if not (lname[:1] == lword[0] or "_" + lword[0] in lname):
        return None
    span = _fuzzy_span(lword, lname)
    return None if span is None or span > 3 * len(lword) + 2 else (3, span)


def shows_private(word: str) -> bool:
    """Private names are shown only after ``_`` is typed."""
    return word.startswith("_")


def best_matches(word: str, candidates: Mapping[str, str] | Iterable[tuple[str, str]],
                 limit: int = 5000, *, requested: bool = True) -> list[tuple[str, str]]:
    """``(name, kind)`` pairs matching ``word``, best first, privates hidden unless ``word`` starts
    with ``_``. While typing (``requested`` False) a short word matches by prefix only, so the menu
    that pops up is not full of far-fetched matches; Tab asks for everything."""
    items = candidates.items() if isinstance(candidates, Mapping) else candidates
    private_ok = shows_private(word)
    loose = requested or len(word) >= LOOSE_WHILE_TYPING
    scored = []
    for name, kind in items:
        if not private_ok and name.startswith("_"):
            continue
        key = rank(word, name, loose=loose)
        if key is not None:
            # keyword arguments of the call first; dunders after other privates; then alphabetical
            scored.append((key, kind != "param", name.startswith("__"), name.lower(), name, kind))
    scored.sort()
    return [(name, kind) for *_, name, kind in scored[:limit]]
