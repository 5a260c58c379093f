"""psql's object-name patterns, turned into WHERE conditions (``processSQLNamePattern``).

A pattern is ``[schema.]name`` (or ``db.schema.name``). Unquoted letters are folded to
lower case; ``*`` matches any run of characters, ``?`` one character; other regular
expression syntax passes through, except ``$`` which is literal. Inside double quotes
everything is literal and case is kept. Without a schema part, only objects visible in
the search path match, as in psql.
"""

from __future__ import annotations

from dataclasses import dataclass

from pgcli_like.special.base import CommandError
from pgcli_like.special.wildcards import split_pattern

_REGEX_SPECIAL = set("|*+?()[]{}.^$\\")
MATCH_ALL = "^(.*)$"


def _parts(pattern: str, force_escape: bool = False) -> list[str]:
    """Split a pattern at unquoted dots into regex bodies (psql's patternToSQLRegex).

    ``force_escape`` makes regex characters other than ``*``, ``?`` and ``.`` literal even
    unquoted, for operator names (``\\do +``).
    """
    return [f"^({_regex(part, force_escape)})$" for part in split_pattern(pattern)]


def _regex(chars: list[tuple[str, bool]], force_escape: bool) -> str:
    out: list[str] = []
    for ch, quoted in chars:
        if quoted:
            out.append("\\" + ch if ch in _REGEX_SPECIAL else ch)
        elif ch == "*":
            out.append(".*")
        elif ch == "?":
            out.append(".")
        elif ch == "$":
            out.append("\\$")
        elif force_escape and ch in _REGEX_SPECIAL:
            out.append("\\" + ch)
        else:
            out.append(ch.lower())
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Condition:
    """SQL to append after a WHERE clause (each line starts with AND) and its parameters."""

    sql: str
    params: tuple[str, ...]


def name_condition(
    pattern: str | None,
    *,
    namevar: str,
    schemavar: str | None = None,
    altnamevar: str | None = None,
    visibility: str | None = None,
    current_database: str | None = None,
    force_escape: bool = False,
) -> Condition:
    """Conditions matching ``pattern`` on ``namevar`` (and ``schemavar``), as psql builds them.

    No pattern: only the visibility rule. A schema-qualified pattern drops the rule.
    Raises CommandError for too many dots or a database other than the current one.
    """
    if pattern is None:
        return Condition(f"  AND {visibility}\n" if visibility else "", ())
    parts = _parts(pattern, force_escape)
    max_parts = 3 if schemavar else 2
    if len(parts) > max_parts:
        raise CommandError(f"improper qualified name (too many dotted names): {pattern}")
    if len(parts) == max_parts:
        # The first part names the database, which can only be the current one.
        db = parts[0][2:-2]
        if current_database is not None and db != current_database.lower():
            raise CommandError(f"cross-database references are not implemented: {pattern}")
        parts = parts[1:]
    lines: list[str] = []
    params: list[str] = []
    name = parts[-1]
    schema = parts[0] if len(parts) == 2 else None
    if name != MATCH_ALL:
        if altnamevar:
            lines.append(f"  AND ({namevar} OPERATOR(pg_catalog.~) %s COLLATE pg_catalog.default\n"
                         f"        OR {altnamevar} OPERATOR(pg_catalog.~) %s COLLATE pg_catalog.default)")
            params += [name, name]
        else:
            lines.append(f"  AND {namevar} OPERATOR(pg_catalog.~) %s COLLATE pg_catalog.default")
            params.append(name)
    if schema is not None:
        if schema != MATCH_ALL and schemavar:
            lines.append(f"  AND {schemavar} OPERATOR(pg_catalog.~) %s COLLATE pg_catalog.default")
            params.append(schema)
    elif visibility:
        lines.append(f"  AND {visibility}")
    return Condition("".join(line + "\n" for line in lines), tuple(params))
