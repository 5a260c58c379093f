"""psql-style name patterns (``*``, ``?``, ``schema.name``, ``"Quoted"``) as SQL LIKE patterns.

MySQL and SQLite describe commands accept the same patterns as psql's; their catalogs
are searched with ``LIKE … ESCAPE '\\'``, so ``%`` and ``_`` typed by the user are literal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LikePattern:
    """A pattern split into an optional schema/database part and a name part, as LIKE text."""

    schema: str | None
    name: str


def _like(chars: list[tuple[str, bool]]) -> str:
    out = []
    for ch, quoted in chars:
        if ch in "\\%_":
            out.append("\\" + ch)
        elif ch == "*" and not quoted:
            out.append("%")
        elif ch == "?" and not quoted:
            out.append("_")
        else:
            out.append(ch)
    return "".join(out)


def split_pattern(pattern: str) -> list[list[tuple[str, bool]]]:
    """A psql name pattern split at unquoted dots into parts of (character, was quoted).

    Double quotes are removed; ``""`` inside quotes is a literal quote. Shared by the
    LIKE form here and the regular-expression form in ``pg_patterns``."""
    parts: list[list[tuple[str, bool]]] = [[]]
    quoted = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == '"':
            if quoted and pattern[i + 1 : i + 2] == '"':
                parts[-1].append(('"', True))
                i += 2
                continue
            quoted = not quoted
        elif ch == "." and not quoted:
            parts.append([])
        else:
            parts[-1].append((ch, quoted))
        i += 1
    return parts


def like_pattern(pattern: str) -> LikePattern:
    """Split at the last unquoted dot; ``*`` → ``%``, ``?`` → ``_`` outside double quotes."""
    parts = split_pattern(pattern)
    name = _like(parts[-1])
    schema = _like(parts[-2]) if len(parts) > 1 else None
    return LikePattern(schema, name)
