"""psql's ``\\df`` option letters: which kinds of function a listing shows (pure).

``\\dfa`` aggregates, ``\\dfn`` normal functions, ``\\dfp`` procedures, ``\\dft`` trigger
functions, ``\\dfw`` window functions; letters combine (``\\dfnt``), in any order and mixed
with ``S`` and ``+``. No letter means every kind. The conditions are psql 15's
(``describeFunctions``), with its pre-11 spelling for servers without ``pg_proc.prokind``.
"""

from __future__ import annotations

from pgcli_like.special.base import CommandError

PG_LETTERS = "anptw"
MYSQL_LETTERS = "np"  # MySQL and MariaDB have stored functions and procedures only


def kind_letters(typed: str, name: str, allowed: str, modifiers: str = "S+") -> str:
    """The kind letters typed after ``name`` (``\\dfnt+`` → ``"nt"``), once each, in ``allowed``'s
    order; every kind of ``allowed`` when none was typed.

    Raises CommandError with psql's message when something else follows the name.
    """
    rest = typed[len(name):] if typed.startswith(name) else ""
    if any(c not in allowed + modifiers for c in rest):
        raise CommandError(f"{name} only takes [{allowed}{modifiers}] as options")
    return "".join(c for c in allowed if c in rest) or allowed


def _version_text(version: int) -> str:
    """A server version number as psql names it in messages: 10 and later by major only."""
    return str(version // 10000) if version >= 100000 else f"{version // 10000}.{version // 100 % 100}"


def pg_kind_condition(kinds: str, version: int) -> str:
    """WHERE lines (each starting with AND) keeping the functions of ``kinds``, as psql builds them.

    Raises CommandError for procedures on a server older than 11, which has none.
    """
    if "p" in kinds and version < 110000:
        if kinds != PG_LETTERS:
            raise CommandError(f'\\df does not take a "p" option with server version {_version_text(version)}')
        kinds = kinds.replace("p", "")
    new = version >= 110000
    if kinds == PG_LETTERS or (not new and kinds == "antw"):
        return ""
    trigger = "p.prorettype = 'pg_catalog.trigger'::pg_catalog.regtype"
    if "n" in kinds:
        # Normal functions plus any kinds asked for: leave out the kinds not asked for.
        excluded = {
            "a": "p.prokind <> 'a'" if new else "NOT p.proisagg",
            "p": "p.prokind <> 'p'" if new else "",
            "t": trigger.replace(" = ", " <> "),
            "w": "p.prokind <> 'w'" if new else "NOT p.proiswindow",
        }
        return "".join(f"  AND {sql}\n" for letter, sql in excluded.items() if letter not in kinds and sql)
    wanted = {
        "a": "p.prokind = 'a'" if new else "p.proisagg",
        "t": trigger,
        "p": "p.prokind = 'p'",
        "w": "p.prokind = 'w'" if new else "p.proiswindow",
    }
    return "  AND (" + "\n       OR ".join(sql for letter, sql in wanted.items() if letter in kinds) + ")\n"
