"""Statements that would lift ``--read-only``, refused before they reach the server (pure).

``--read-only`` makes the session read-only on the server (PostgreSQL's session
characteristics, MySQL's session transaction mode, SQLite's ``mode=ro`` or
``query_only``). Those are settings the session itself may change back: a ``BEGIN READ
WRITE`` or ``RESET ALL`` typed out of habit would end the safety net the shell was
started with. This catches such statements as typed. It guards against slips, not a
determined user (a function that calls ``set_config()`` itself gets through); writes in a
read-only transaction are refused by the server whatever happens here.
"""

from __future__ import annotations

from pgcli_like.statements import QUOTED_NAME, STRING, WORD, iter_tokens

# Settings that hold the read-only mode, by the names each engine knows them by.
_SETTINGS = frozenset({"DEFAULT_TRANSACTION_READ_ONLY", "TRANSACTION_READ_ONLY", "TX_READ_ONLY", "QUERY_ONLY"})
# Statements that change settings: SET/RESET/PRAGMA name one; set_config() names one in a string.
_SETTERS = frozenset({"SET", "RESET", "PRAGMA"})


def lifts_read_only(sql: str, engine: str) -> str | None:
    """What in ``sql`` would make a read-only session writable again, or None."""
    words: list[str] = []
    named: list[str] = []  # read-only settings named anywhere, as a word or a string
    for tok in iter_tokens(sql, engine):
        if tok.kind == WORD:
            word = tok.text.upper()
            words.append(word)
            if word in _SETTINGS:
                named.append(word)
        elif tok.kind in (STRING, QUOTED_NAME):
            inner = tok.text.strip("'\"`[]").upper()
            if inner in _SETTINGS:
                named.append(inner)
    if not words:
        return None
    if any(a == "READ" and b == "WRITE" for a, b in zip(words, words[1:], strict=False)):
        return "READ WRITE"
    if engine == "postgresql" and words[0] in ("RESET", "DISCARD") and words[1:2] == ["ALL"]:
        return f"{words[0]} ALL"
    if named and (words[0] in _SETTERS or "SET_CONFIG" in words):
        if words[0] == "PRAGMA" and not _pragma_assigns(sql, engine):
            return None  # PRAGMA query_only alone reads it
        return f"changing {named[0].lower()}"
    return None


def _pragma_assigns(sql: str, engine: str) -> bool:
    """True when a PRAGMA sets its value (``= v`` or ``(v)``), not only reads it."""
    return any(tok.text in ("=", "(") for tok in iter_tokens(sql, engine) if tok.kind not in (WORD,))
