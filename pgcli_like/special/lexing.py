"""Just enough SQL lexing for special commands: where the code is, and where it is quoted.

Variable interpolation (``:name``) and the trailing backslash command of a line
(``SELECT 1 \\g out.txt``) must both ignore string literals, quoted identifiers,
comments and dollar quotes, with each engine's own quoting rules. This module scans
once and reports segments; it knows nothing about variables or commands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

SegmentKind = Literal["code", "quoted", "variable"]

# psql's variable reference: :name, :'name' (literal), :"name" (identifier).
_VARIABLE = re.compile(r""":(?:'([A-Za-z_][A-Za-z0-9_]*)'|"([A-Za-z_][A-Za-z0-9_]*)"|([A-Za-z_][A-Za-z0-9_]*))""")


@dataclass(frozen=True, slots=True)
class Segment:
    """A slice ``text[start:end]``: plain code, something quoted/commented, or a variable."""

    kind: SegmentKind
    start: int
    end: int


def segments(text: str, engine: str = "postgresql") -> list[Segment]:
    """Split SQL text into code, quoted (strings, identifiers, comments) and variable segments.

    Quoting rules come from the statement splitter's tokenizer, so both agree on where
    a string or comment ends.
    """
    from pgcli_like.statements import COMMENT, QUOTED_NAME, STRING, next_token

    out: list[Segment] = []
    i = code_start = 0
    n = len(text)

    def flush(upto: int) -> None:
        if upto > code_start:
            out.append(Segment("code", code_start, upto))

    while i < n:
        if text[i] == ":" and not text.startswith("::", i) and (i == 0 or text[i - 1] != ":"):
            m = _VARIABLE.match(text, i)
            if m:
                flush(i)
                out.append(Segment("variable", i, m.end()))
                i = code_start = m.end()
                continue
        kind, end = next_token(text, i, engine)
        if kind in (STRING, QUOTED_NAME, COMMENT):
            flush(i)
            out.append(Segment("quoted", i, end))
            code_start = end
        i = max(end, i + 1)
    flush(n)
    return out


def find_backslash_command(text: str, engine: str) -> int | None:
    """Offset of the first backslash that starts a command outside quotes, or None.

    On MySQL only a backslash followed by a letter counts, so ``\\G`` ends a statement
    while stray backslashes in code do not.
    """
    if "\\" not in text:
        return None  # the common case, without lexing the whole statement
    for seg in segments(text, engine):
        if seg.kind != "code":
            continue
        pos = text.find("\\", seg.start, seg.end)
        while pos >= 0:
            nxt = text[pos + 1 : pos + 2]
            if nxt and not nxt.isspace():
                return pos
            pos = text.find("\\", pos + 1, seg.end)
    return None


def split_arguments(text: str) -> list[str]:
    """Split a backslash command's arguments as psql does.

    Whitespace separates; ``'single quoted'`` is one argument with ``''`` meaning a
    quote and the quotes removed; ``"double quoted"`` keeps its quotes (they matter
    in name patterns) and may contain spaces.
    """
    args: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        buf: list[str] = []
        while i < n and not text[i].isspace():
            ch = text[i]
            if ch == "'":
                i += 1
                while i < n:
                    if text[i] == "'":
                        if i + 1 < n and text[i + 1] == "'":
                            buf.append("'")
                            i += 2
                            continue
                        i += 1
                        break
                    if text[i] == "\\" and i + 1 < n:
                        buf.append({"n": "\n", "t": "\t"}.get(text[i + 1], text[i + 1]))
                        i += 2
                        continue
                    buf.append(text[i])
                    i += 1
                continue
            if ch == '"':
                close = text.find('"', i + 1)
                end = n if close < 0 else close + 1
                buf.append(text[i:end])
                i = end
                continue
            buf.append(ch)
            i += 1
        args.append("".join(buf))
    return args


def output_target(arg_text: str) -> str | None:
    """Where ``\\g``/``\\o``/``\\w`` send output: ``|command`` (the rest of the line), a file, or None."""
    import os

    text = arg_text.strip()
    if not text:
        return None
    if text.startswith("|"):
        return "|" + text[1:].strip()
    args = split_arguments(text)
    return os.path.expanduser(args[0]) if args else None
