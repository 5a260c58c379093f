"""psql-style variables: ``\\set``, ``\\unset``, ``\\prompt`` and ``:name`` interpolation.

``interpolate(sql, variables)`` replaces ``:name`` with the value, ``:'name'`` with the
value as a quoted literal and ``:"name"`` with it as a quoted identifier — only in code,
never inside string literals, quoted identifiers, comments or dollar quotes, and never in
a ``::`` cast. An unknown name is left as typed, as psql does.
"""

from __future__ import annotations

import re

from pgcli_like.special.base import CommandError
from pgcli_like.special.lexing import segments

# \\set, \\unset and \\prompt are in variable_commands (loaded with the other commands): a
# run that only interpolates needs none of the command machinery.

_NAME = re.compile(r"[A-Za-z0-9_]+\Z")


def quote_literal(value: str, engine: str = "postgresql") -> str:
    """``value`` as an SQL string literal of ``engine`` (psql's PQescapeLiteral rules on PostgreSQL)."""
    body = value.replace("'", "''")
    if "\\" in value:
        body = body.replace("\\", "\\\\")
        return f"E'{body}'" if engine == "postgresql" else f"'{body}'"
    return f"'{body}'"


def quote_identifier(value: str, engine: str = "postgresql") -> str:
    """``value`` as a quoted identifier of ``engine``."""
    if engine == "mysql":
        return "`" + value.replace("`", "``") + "`"
    return '"' + value.replace('"', '""') + '"'


def interpolate(sql: str, variables: dict[str, str], *, engine: str = "postgresql") -> str:
    """Substitute ``:name``, ``:'name'`` and ``:"name"`` outside quotes and comments."""
    if ":" not in sql or not variables:
        return sql
    out: list[str] = []
    for seg in segments(sql, engine):
        text = sql[seg.start:seg.end]
        if seg.kind != "variable":
            out.append(text)
            continue
        if text[1] in "'\"":
            name = text[2:-1]
            value = variables.get(name)
            if value is None:
                out.append(text)
            elif text[1] == "'":
                out.append(quote_literal(value, engine))
            else:
                out.append(quote_identifier(value, engine))
        else:
            value = variables.get(text[1:])
            out.append(text if value is None else value)
    return "".join(out)


def parse_bool(value: str | None) -> bool | None:
    """psql's reading of a boolean: prefixes of true/false/yes/no, on/off, 1/0; None if none of them."""
    v = (value or "").strip().lower()
    if not v:
        return None
    if v == "1" or "true".startswith(v) or "yes".startswith(v) or (len(v) >= 2 and "on".startswith(v)):
        return True
    if v == "0" or "false".startswith(v) or "no".startswith(v) or (len(v) >= 2 and "off".startswith(v)):
        return False
    return None


def is_on(value: str | None) -> bool:
    """True when a variable reads as a true boolean (on, 1, true, yes, or a prefix of those)."""
    return parse_bool(value) is True


def on_error_stop(variables: dict[str, str]) -> bool:
    """True when ``ON_ERROR_STOP`` is set on: scripts (-f, stdin, \\i) stop at the first error."""
    return is_on(variables.get("ON_ERROR_STOP"))


def parse_assignment(text: str) -> tuple[str, str]:
    """``NAME=VALUE`` (as given to ``-v``) → (name, value); raises CommandError if malformed."""
    name, sep, value = text.partition("=")
    if not sep or not _NAME.match(name):
        raise CommandError(f"invalid variable assignment {text!r}; expected NAME=VALUE")
    return name, value
