"""A small SQL tokenizer for the statement under the cursor (pure, per dialect).

Completion runs on every keystroke, so this module does two cheap things instead of a
full parse: :func:`locate` finds the statement around the cursor and what the cursor
is inside (code, a string, a comment, a quoted name) with one regex scan that skips
ordinary text in C; :func:`tokenize` then splits only that statement into tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pgcli_like.dialects import Dialect

# Statements longer than this are analysed in a window around the cursor only.
MAX_ANALYSED = 100_000


@dataclass(frozen=True, slots=True)
class Tok:
    """One token: ``kind`` is word, qident, string, number, op, punct or other."""

    kind: str
    text: str
    start: int

    @property
    def upper(self) -> str:
        return self.text.upper()

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True, slots=True)
class Located:
    """The statement around the cursor and what the cursor sits in."""

    start: int
    end: int
    state: str  # code | string | comment | qident | dollar
    region_start: int  # where the string/comment/quoted name containing the cursor starts


# Quoted runs are written "unrolled" ('[^']*(?:''[^']*)*) rather than as an alternation per
# character: the same language, but the regex engine eats plain runs in one step (a 1 MB string
# literal costs milliseconds, not a quarter second).
def _quoted(q: str, backslashes: bool = False) -> str:
    plain = f"[^{q}\\\\]*" if backslashes else f"[^{q}]*"
    escape = f"(?:\\\\.|{q}{q})" if backslashes else f"{q}{q}"
    return f"{q}{plain}(?:{escape}{plain})*(?:{q}|\\Z)"


def _string_rx(d: Dialect) -> str:
    if d.backslash_escapes:
        return "[bBxXnN]?" + _quoted("'", backslashes=True)
    if d.engine == "postgresql":
        return "[eE]" + _quoted("'", backslashes=True) + "|[bBxXnNuU]?&?" + _quoted("'")
    return "[xX]?" + _quoted("'")


def _qident_rx(d: Dialect) -> str:
    parts = [_quoted('"')]
    if d.engine in ("mysql", "sqlite"):
        parts.append(_quoted("`"))
    if d.engine == "sqlite":
        parts.append(r"\[[^\]]*(?:\]|\Z)")
    if d.engine == "mysql":
        # In MySQL "…" is a string unless ANSI_QUOTES; treat it as a string.
        parts.pop(0)
    return "|".join(parts)


def _comment_rx(d: Dialect) -> str:
    rx = r"--[^\n]*|/\*.*?(?:\*/|\Z)"
    if d.engine == "mysql":
        rx += r"|\#[^\n]*"
    return rx


def _dollar_rx(d: Dialect) -> str:
    return r"\$(?P<tag>[A-Za-z_]\w*)?\$.*?(?:\$(?P=tag)\$|\Z)" if d.dollar_quotes else r"(?!x)x"


def _mysql_dq(d: Dialect) -> str:
    return "|" + _quoted('"', backslashes=True) if d.engine == "mysql" else ""


@cache
def _locator(d: Dialect) -> re.Pattern[str]:
    # Runs of text that cannot start a string, comment, quoted name or ';' are skipped in C.
    plain = r"[^'\"`;$/\-#\[eEbBxXnNuU]+"
    return re.compile(
        rf"(?P<plain>{plain})"
        rf"|(?P<comment>{_comment_rx(d)})"
        rf"|(?P<dollar>{_dollar_rx(d)})"
        rf"|(?P<string>{_string_rx(d)}{_mysql_dq(d)})"
        rf"|(?P<qident>{_qident_rx(d)})"
        r"|(?P<semi>;)"
        r"|(?P<word>[\w$]+)"
        r"|(?P<any>.)",
        re.S,
    )


@cache
def _tokenizer(d: Dialect) -> re.Pattern[str]:
    return re.compile(
        r"\s*(?:"
        rf"(?P<comment>{_comment_rx(d)})"
        rf"|(?P<dollar>{_dollar_rx(d)})"
        rf"|(?P<string>{_string_rx(d)}{_mysql_dq(d)})"
        rf"|(?P<qident>{_qident_rx(d)})"
        r"|(?P<number>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)"
        r"|(?P<word>[^\W\d][\w$]*)"
        r"|(?P<param>\$\d+|\?)"
        r"|(?P<op>::|<=|>=|<>|!=|\|\||->>|->|:=|=>|[-+*/%<>=~!@^&|:])"
        r"|(?P<punct>[(),.;\[\]{}\\])"
        r"|(?P<other>\S)"
        r")",
        re.S,
    )


_STATE_OF = {"string": "string", "comment": "comment", "qident": "qident", "dollar": "dollar"}


def locate(text: str, cursor: int, dialect: Dialect) -> Located:
    """Find the statement containing ``cursor`` and the lexical state at the cursor."""
    start = 0
    state = "code"
    region = cursor
    for m in _locator(dialect).finditer(text):
        kind = m.lastgroup
        s, e = m.span()
        if s >= cursor:
            if kind == "semi":
                return Located(start, s, state, region)
            continue
        if kind == "semi":
            if e <= cursor:
                start = e
            continue
        if kind in _STATE_OF and (s < cursor < e or (e == cursor and _unterminated(m.group(), kind, dialect))):
            state, region = _STATE_OF[kind], s
    return Located(start, len(text), state, region)


@cache
def _closed_forms(d: Dialect) -> dict[str, re.Pattern[str]]:
    """Patterns that match only *closed* strings/quoted names (no ``\\Z`` escape hatch)."""

    def closed(rx: str) -> re.Pattern[str]:
        for end in ("'", '"', "`", r"\]"):
            rx = rx.replace(f"(?:{end}|\\Z)", end)
        return re.compile(rx, re.S)

    return {"string": closed(_string_rx(d) + _mysql_dq(d)), "qident": closed(_qident_rx(d))}


def _unterminated(tok: str, kind: str, d: Dialect) -> bool:
    """Whether a string/comment/quoted-name token ran to the end of the text unclosed."""
    if kind == "comment":
        return tok.startswith(("--", "#")) or len(tok) < 4 or not tok.endswith("*/")
    if kind == "dollar":
        tag = tok[: tok.index("$", 1) + 1]
        return len(tok) < 2 * len(tag) or not tok.endswith(tag)
    return _closed_forms(d)[kind].fullmatch(tok) is None


def tokenize(text: str, dialect: Dialect, offset: int = 0) -> list[Tok]:
    """The tokens of ``text`` (comments dropped); ``start`` is relative to ``offset``."""
    out: list[Tok] = []
    append = out.append
    for m in _tokenizer(dialect).finditer(text):
        kind = m.lastgroup
        if kind is None or kind == "comment":
            continue
        start = m.start(kind)
        append(Tok(kind, m.group(kind), start + offset))
    return out
