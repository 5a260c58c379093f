"""psql's transaction variables: ``\\set AUTOCOMMIT off`` and ``\\set ON_ERROR_ROLLBACK on|interactive``.

AUTOCOMMIT off: the session sends BEGIN before a statement when no transaction is open.
ON_ERROR_ROLLBACK: inside a transaction, each statement runs after a savepoint, so a failed
one is rolled back alone and the transaction goes on (PostgreSQL, where an error would
otherwise fail the whole transaction).
"""

from __future__ import annotations

from itertools import islice

from pgcli_like.special.variables import is_on
from pgcli_like.statements import iter_tokens

SAVEPOINT = "pg_psql_temporary_savepoint"  # psql's name for ON_ERROR_ROLLBACK's savepoint

# With AUTOCOMMIT off, psql sends BEGIN first except before these (transaction control, and
# statements that cannot run inside a transaction block).
_NO_BEGIN_FIRST = {"BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "PREPARE",
                   "VACUUM", "ATTACH", "DETACH"}
_NO_BEGIN_PAIRS = {("CREATE", "DATABASE"), ("DROP", "DATABASE"), ("CREATE", "TABLESPACE"),
                   ("DROP", "TABLESPACE"), ("ALTER", "SYSTEM"), ("REINDEX", "DATABASE"), ("REINDEX", "SYSTEM"),
                   ("DISCARD", "ALL"), ("CREATE", "SUBSCRIPTION"), ("DROP", "SUBSCRIPTION")}


def needs_implicit_begin(sql: str, engine: str) -> bool:
    """Whether psql's AUTOCOMMIT=off opens a transaction before ``sql`` (when none is open)."""
    words = [t.text.upper() for t in islice(iter_tokens(sql, engine), 4)]
    if not words or words[0] in _NO_BEGIN_FIRST or tuple(words[:2]) in _NO_BEGIN_PAIRS:
        return False
    if words[0] == "CLUSTER" and len(words) == 1:
        return False
    return "CONCURRENTLY" not in words  # CREATE/DROP INDEX CONCURRENTLY, REINDEX … CONCURRENTLY


def autocommit_off(variables: dict[str, str]) -> bool:
    """``\\set AUTOCOMMIT off`` is in force (unset means on, as in psql)."""
    value = variables.get("AUTOCOMMIT")
    return value is not None and not is_on(value)


def rollback_on_error(variables: dict[str, str], *, interactive: bool) -> bool:
    """``ON_ERROR_ROLLBACK`` asks for a savepoint around statements (``interactive``: at the prompt only)."""
    mode = (variables.get("ON_ERROR_ROLLBACK") or "off").strip().lower()
    return is_on(mode) or (mode == "interactive" and interactive)
