"""Which catalog objects a statement changes, read from its first words (pure).

``changes_of(sql, dialect)`` tells the loader what to re-read after the shell ran a
statement: nothing (SELECT, INSERT, CREATE INDEX …), a few named objects (CREATE/
ALTER/DROP TABLE, VIEW, FUNCTION, TYPE …), the search path only (SET search_path), or
everything (CREATE EXTENSION, DROP SCHEMA, DO blocks, anything not understood).
"""

from __future__ import annotations

from dataclasses import dataclass

from pgcli_like.dialects import Dialect
from pgcli_like.scope import ident
from pgcli_like.sql_tokens import Tok, tokenize


@dataclass(frozen=True, slots=True)
class ObjectChange:
    """Object ``name`` of ``kind`` (relations, functions, datatypes) may have changed."""

    kind: str
    schema: str | None
    name: str
    quoted: bool = False
    temporary: bool = False  # CREATE TEMP …: lives in the session's own temporary schema


@dataclass(frozen=True, slots=True)
class Changes:
    """What to re-read: ``full`` reloads everything, ``meta`` the search path/database list."""

    objects: tuple[ObjectChange, ...] = ()
    full: bool = False
    meta: bool = False
    transaction: str | None = None  # commit | rollback when the statement ends a transaction
    session: bool = False  # changes session state (search path, current database) to replay

    @property
    def empty(self) -> bool:
        return not (self.objects or self.full or self.meta)


NONE = Changes()
FULL = Changes(full=True)

_KIND_OF = {"TABLE": "relations", "VIEW": "relations", "FUNCTION": "functions", "PROCEDURE": "functions",
            "TYPE": "datatypes", "DOMAIN": "datatypes"}
# DDL on these changes nothing completion shows.
_UNTRACKED = frozenset("""INDEX SEQUENCE TRIGGER ROLE USER GROUP POLICY RULE STATISTICS TABLESPACE EVENT
    PUBLICATION SUBSCRIPTION AGGREGATE OPERATOR COLLATION CONVERSION CAST SERVER""".split())
_SKIP = frozenset("""OR REPLACE TEMP TEMPORARY UNLOGGED GLOBAL LOCAL RECURSIVE MATERIALIZED FOREIGN
    UNIQUE CONCURRENTLY DEFINER SQL SECURITY ALGORITHM UNDEFINED MERGE TEMPTABLE VIRTUAL""".split())


def _name_at(toks: list[Tok], k: int) -> tuple[str | None, str, bool, int] | None:
    """(schema, name, quoted, next index) of a possibly qualified name at toks[k]."""
    parts = []
    while k < len(toks):
        got = ident(toks[k])
        if got is None:
            break
        parts.append(got)
        if k + 1 < len(toks) and toks[k + 1].text == ".":
            k += 2
        else:
            k += 1
            break
    if not parts:
        return None
    schema = parts[-2][0] if len(parts) >= 2 else None
    return schema, parts[-1][0], parts[-1][1], k


def _skip_if(toks: list[Tok], k: int) -> int:
    while k < len(toks) and toks[k].upper in ("IF", "NOT", "EXISTS", "ONLY"):
        k += 1
    return k


def changes_of(sql: str, dialect: Dialect) -> Changes:
    """What completion must re-read after ``sql`` ran successfully."""
    toks = tokenize(sql[:4000], dialect)
    if not toks:
        return NONE
    first = toks[0].upper
    if first in ("COMMIT", "END"):
        return Changes(transaction="commit")
    if first in ("ROLLBACK", "ABORT"):
        # ROLLBACK TO SAVEPOINT keeps the transaction open: pending DDL may still commit.
        return NONE if any(t.upper == "TO" for t in toks[1:3]) else Changes(transaction="rollback")
    if first in ("USE", "ATTACH", "DETACH"):
        return Changes(full=True, session=True)  # the loader's connection must follow
    if first in ("IMPORT", "DO"):
        return FULL
    if first == "SET" and any(t.upper in ("SEARCH_PATH", "SCHEMA") for t in toks[1:4]):
        return Changes(meta=True, session=True)
    if first == "RENAME" and len(toks) > 1 and toks[1].upper == "TABLE":
        return _rename_tables(toks[2:])
    if first not in ("CREATE", "ALTER", "DROP"):
        return NONE
    k = 1
    temporary = False
    while k < len(toks) and toks[k].upper in _SKIP:
        temporary = temporary or (first == "CREATE" and toks[k].upper in ("TEMP", "TEMPORARY"))
        k += 1
    if k >= len(toks):
        return NONE
    what = toks[k].upper
    if what in _UNTRACKED:
        return NONE
    if what in ("DATABASE",) and dialect.engine != "mysql":
        return Changes(meta=True)
    kind = _KIND_OF.get(what)
    if kind is None:
        return FULL  # SCHEMA, EXTENSION, DATABASE (MySQL), anything unknown
    if first == "DROP" and any(t.upper == "CASCADE" for t in toks):
        return FULL  # dependent views/functions vanish too
    k = _skip_if(toks, k + 1)
    objects: list[ObjectChange] = []
    while True:
        got = _name_at(toks, k)
        if got is None:
            break
        schema, name, quoted, k = got
        objects.append(ObjectChange(kind, schema, name, quoted, temporary and schema is None))
        if first == "DROP" and k < len(toks) and toks[k].text == "(":
            k = _after_parens(toks, k)
        if first == "DROP" and k < len(toks) and toks[k].text == ",":
            k += 1
            continue
        break
    if first == "ALTER":
        objects += _renamed_to(toks, k, kind, objects[0].schema if objects else None)
        if any(t.upper == "SCHEMA" for t in toks[k:]) and any(t.upper == "SET" for t in toks[k:]):
            return FULL  # moved to another schema
    return Changes(tuple(objects)) if objects else FULL


def _after_parens(toks: list[Tok], k: int) -> int:
    depth = 0
    while k < len(toks):
        if toks[k].text == "(":
            depth += 1
        elif toks[k].text == ")":
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    return k


def _renamed_to(toks: list[Tok], k: int, kind: str, schema: str | None) -> list[ObjectChange]:
    """``… RENAME TO new`` (the object's new name); a column rename needs nothing extra."""
    for i in range(k, len(toks) - 2):
        if toks[i].upper == "RENAME" and toks[i + 1].upper == "TO":
            got = _name_at(toks, i + 2)
            if got is not None:
                return [ObjectChange(kind, got[0] or schema, got[1], got[2])]
    return []


def _rename_tables(toks: list[Tok]) -> Changes:
    """MySQL ``RENAME TABLE a TO b, c TO d``."""
    objects = []
    k = 0
    while k < len(toks):
        got = _name_at(toks, k) if toks[k].upper != "TO" else None
        if got is None:
            k += 1
            continue
        objects.append(ObjectChange("relations", got[0], got[1], got[2]))
        k = got[3]
    return Changes(tuple(objects)) if objects else FULL
