"""How a failed statement is shown: the server's message, the line, and a caret under the spot.

    ERROR:  column "nosuch" does not exist
    LINE 1: select nosuch from t
                   ^

psql's layout, for every engine. The caret column counts display cells (wide
characters take two, tabs are expanded) so it lands under the token on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pgcli_like.drivers.base import DatabaseError

# Longest stretch of a statement line shown around the error spot; psql trims too.
_WINDOW = 120


def _cells(text: str) -> int:
    from wcwidth import wcswidth

    width = wcswidth(text)
    return width if width >= 0 else len(text)


def caret_lines(sql: str, position: int) -> list[str]:
    """``LINE n: <the line>`` and the caret line under character ``position`` of ``sql``."""
    position = max(0, min(position, len(sql)))
    line_start = sql.rfind("\n", 0, position) + 1
    line_end = sql.find("\n", position)
    line = sql[line_start : line_end if line_end >= 0 else len(sql)].expandtabs(8)
    column = len(sql[line_start:position].expandtabs(8))
    number = sql.count("\n", 0, position) + 1
    prefix = f"LINE {number}: "
    lo, hi = 0, len(line)
    if len(line) > _WINDOW:
        lo = max(0, column - _WINDOW // 2)
        hi = min(len(line), lo + _WINDOW)
        lo = max(0, hi - _WINDOW)
    head = "..." if lo > 0 else ""
    tail = "..." if hi < len(line) else ""
    shown = head + line[lo:hi] + tail
    pad = _cells(prefix) + len(head) + _cells(line[lo:column])
    return [prefix + shown, " " * pad + "^"]


@dataclass(frozen=True, slots=True)
class FailedStatement:
    """A server error and the statement that raised it (None when not known): what
    ``\\errverbose`` shows again."""

    error: DatabaseError
    sql: str | None


def error_lines(err: DatabaseError, sql: str | None, *, verbose: bool = False) -> list[str]:
    """The lines that explain ``err`` raised by ``sql``, in psql's order: message, caret,
    detail, hint, then for an error inside a function the failing inner statement
    (caret and ``QUERY:``) and the server's ``CONTEXT:`` call stack.

    ``verbose`` is psql's VERBOSITY verbose (``\\errverbose``): the server's severity and
    SQLSTATE in the first line, then the names of the objects involved and the server
    source ``LOCATION:`` where the server sent them."""
    if verbose:
        code = f"{err.sqlstate}: " if err.sqlstate else ""
        lines = [f"{getattr(err, 'severity', None) or 'ERROR'}:  {code}{err.message}"]
    else:
        lines = [f"ERROR:  {err.message}"]
    inner = getattr(err, "internal_query", None)
    inner_at = getattr(err, "internal_position", None)
    if sql and err.position is not None:
        lines += caret_lines(sql, err.position)
    elif inner and inner_at is not None:
        lines += caret_lines(inner, inner_at)  # psql puts the inner caret where the outer one goes
    for label, text in (("DETAIL", err.detail), ("HINT", err.hint), ("QUERY", inner),
                        ("CONTEXT", getattr(err, "context", None))):
        if text:
            lines += f"{label}:  {text}".split("\n")
    if verbose:
        lines += _verbose_lines(err)
    return lines


# psql's labels for the fields only its verbose form shows, in its order.
_OBJECT_LABELS = (("SCHEMA NAME", "schema_name"), ("TABLE NAME", "table_name"), ("COLUMN NAME", "column_name"),
                  ("DATATYPE NAME", "datatype_name"), ("CONSTRAINT NAME", "constraint_name"))


def _verbose_lines(err: DatabaseError) -> list[str]:
    lines = [f"{label}:  {value}" for label, name in _OBJECT_LABELS if (value := getattr(err, name, None))]
    function = getattr(err, "source_function", None)
    file, line = getattr(err, "source_file", None), getattr(err, "source_line", None)
    if function or file or line:
        where = f"{function}, " if function else ""
        if file and line:  # libpq prints the file only with its line
            where += f"{file}:{line}"
        lines.append(f"LOCATION:  {where}")
    return lines


# The severity words a message line starts with (psql's ERROR:/WARNING:, MariaDB's
# "Warning (1265): …"), and the theme role each is shown in.
_SEVERITY_ROLES = (("ERROR", "error"), ("FATAL", "error"), ("PANIC", "error"), ("WARNING", "warning"))


def message_role(line: str) -> str | None:
    """The output role of one error/notice line: ``error``, ``warning``, ``caret`` (the
    ``^`` under an error's spot) or None (shown as it is: NOTICE, LINE, DETAIL …)."""
    if line.strip() == "^":
        return "caret"
    head = line[:7].upper()
    for word, role in _SEVERITY_ROLES:
        if head.startswith(word):
            return role
    return None


def painted(lines: list[str], theme: Any) -> list[str]:
    """``lines`` in the roles ``message_role`` gives them, drawn by ``theme`` (a
    ``themes.Theme`` for the stream they go to: colourless there means unchanged)."""
    out = []
    for line in lines:
        role = message_role(line)
        out.append(theme.paint(role, line) if role else line)
    return out
