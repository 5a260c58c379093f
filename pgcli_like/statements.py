"""Splitting a buffer into statements, naming them, and spotting destructive ones (pure).

The splitter is a small hand-written lexer rather than sqlparse: it is fast enough to
run on every Enter, and it knows each engine's quoting (PostgreSQL dollar quotes and
``E''`` strings, MySQL backslash escapes, backticks and ``#`` comments, SQLite trigger
bodies) and psql-style backslash commands, which end the statement they follow.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice


def _word_end(text: str, i: int) -> int:
    """End of the identifier characters (letters, digits, ``_``, ``$``) starting at ``i``.

    Plain loops rather than a Unicode-range regex: compiling one costs milliseconds of
    startup, and this module is on the way to the first prompt.
    """
    n = len(text)
    while i < n and (text[i].isalnum() or text[i] in "_$"):
        i += 1
    return i


def _dollar_tag(text: str, i: int) -> str | None:
    """The ``$tag$`` (or ``$$``) opening a dollar quote at ``text[i]``, if there is one."""
    j = i + 1
    if j < len(text) and (text[j].isalpha() or text[j] == "_"):
        while j < len(text) and (text[j].isalnum() or text[j] == "_"):
            j += 1
    if j < len(text) and text[j] == "$":
        return text[i : j + 1]
    return None

# Token kinds produced by ``next_token``.
WORD, STRING, QUOTED_NAME, COMMENT, SPACE, PUNCT, META = (
    "word", "string", "quoted_name", "comment", "space", "punct", "meta",
)


def _skip_quoted(text: str, i: int, quote: str, backslash: bool) -> int:
    """Index just past the quoted run starting at ``text[i] == quote`` (doubled quote escapes)."""
    n = len(text)
    j = i + 1
    while j < n:
        c = text[j]
        if backslash and c == "\\":
            j += 2
            continue
        if c == quote:
            if j + 1 < n and text[j + 1] == quote:
                j += 2
                continue
            return j + 1
        j += 1
    return n


def _skip_block_comment(text: str, i: int, nested: bool) -> int:
    depth = 0
    n = len(text)
    j = i
    while j < n:
        if text.startswith("/*", j):
            depth = depth + 1 if (nested or depth == 0) else depth
            j += 2
        elif text.startswith("*/", j):
            depth -= 1
            j += 2
            if depth <= 0:
                return j
        else:
            j += 1
    return n


def next_token(text: str, i: int, engine: str) -> tuple[str, int]:
    """The kind of the token starting at ``text[i]`` and the index just past it."""
    c = text[i]
    n = len(text)
    if c.isspace():
        j = i + 1
        while j < n and text[j].isspace():
            j += 1
        return SPACE, j
    if c == "-" and text.startswith("--", i) and (
        engine != "mysql" or i + 2 >= n or text[i + 2].isspace()
    ):
        j = text.find("\n", i)
        return COMMENT, n if j < 0 else j
    if c == "#" and engine == "mysql":
        j = text.find("\n", i)
        return COMMENT, n if j < 0 else j
    if c == "/" and text.startswith("/*", i):
        return COMMENT, _skip_block_comment(text, i, nested=engine == "postgresql")
    if c == "'":
        prev = text[i - 1] if i else ""
        escaped = engine == "mysql" or (
            prev in "eE" and (i < 2 or not (text[i - 2].isalnum() or text[i - 2] == "_"))
        )
        return STRING, _skip_quoted(text, i, "'", escaped)
    if c == '"':
        if engine == "mysql":
            return STRING, _skip_quoted(text, i, '"', True)
        return QUOTED_NAME, _skip_quoted(text, i, '"', False)
    if c == "`" and engine != "postgresql":
        return QUOTED_NAME, _skip_quoted(text, i, "`", False)
    if c == "[" and engine == "sqlite":
        j = text.find("]", i)
        return QUOTED_NAME, n if j < 0 else j + 1
    if c == "$" and engine == "postgresql":
        tag = _dollar_tag(text, i)
        if tag and not (i and (text[i - 1].isalnum() or text[i - 1] == "_")):
            end = text.find(tag, i + len(tag))
            return STRING, n if end < 0 else end + len(tag)
    if c == "\\":
        j = text.find("\n", i)
        return META, n if j < 0 else j
    if c.isalpha() or c == "_":
        return WORD, _word_end(text, i + 1)
    return PUNCT, i + 1


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str
    start: int
    depth: int  # parenthesis depth the token sits at


def iter_tokens(sql: str, engine: str, *, keep_space: bool = False) -> Iterator[Token]:
    """Tokens of one statement with their parenthesis depth, lazily; comments are dropped."""
    depth = 0
    i = 0
    n = len(sql)
    while i < n:
        kind, j = next_token(sql, i, engine)
        piece = sql[i:j]
        if kind == PUNCT and piece == ")":
            depth = max(0, depth - 1)
        if kind != COMMENT and (keep_space or kind != SPACE):
            yield Token(kind, piece, i, depth)
        if kind == PUNCT and piece == "(":
            depth += 1
        i = j


def tokens(sql: str, engine: str, *, keep_space: bool = False) -> list[Token]:
    """All tokens of one statement (see ``iter_tokens``)."""
    return list(iter_tokens(sql, engine, keep_space=keep_space))


def first_word(sql: str, engine: str = "postgresql") -> str:
    """The statement's first keyword, upper-cased (comments skipped); "" if none."""
    for tok in iter_tokens(sql, engine):
        return tok.text.upper() if tok.kind == WORD else ""
    return ""


# Words that, in a CREATE statement, open a block whose inner `;` do not end it.
_BLOCK_CLOSERS_AFTER_END = {"IF", "LOOP", "WHILE", "REPEAT"}


class _Splitter:
    """State machine behind ``split_statements``."""

    def __init__(self, text: str, engine: str, delimiter: str = ";") -> None:
        self.text = text
        self.engine = engine
        self.out: list[str] = []
        self.delimiter = delimiter or ";"
        self._patterns: dict[str, re.Pattern[str]] = {}

    def run(self) -> list[str]:
        text, engine = self.text, self.engine
        n = len(text)
        i = start = 0
        has_content = False
        first_word: str | None = None
        prev_word = ""
        block = 0  # BEGIN … END nesting inside CREATE TRIGGER/PROCEDURE/FUNCTION bodies
        paren = 0
        while i < n:
            if not has_content and self._at_line_command(i):
                end = text.find("\n", i)
                end = n if end < 0 else end
                self._line_command(text[i:end].strip())
                i = start = end
                continue
            if (
                block == 0
                and self.delimiter != ";"
                and text.startswith(self.delimiter, i)
            ) or (block == 0 and self.delimiter == ";" and text[i] == ";"):
                self._emit(text[start:i], has_content)
                i = start = i + len(self.delimiter)
                has_content, first_word, prev_word, paren = False, None, "", 0
                continue
            kind, j = next_token(text, i, engine)
            if kind == META:
                # A backslash command ends the statement it follows (`SELECT 1 \gx`).
                self._emit(text[start if has_content else i : j], True)
                i = start = j
                has_content, first_word, prev_word, block, paren = False, None, "", 0, 0
                continue
            if kind not in (SPACE, COMMENT):
                has_content = True
            if kind == PUNCT:
                paren += {"(": 1, ")": -1}.get(text[i], 0)
            elif kind == WORD:
                word = text[i:j].upper()
                if first_word is None:
                    first_word = word
                elif first_word == "CREATE" and self.delimiter == ";":
                    block = self._track_block(block, word, prev_word, j, paren)
                prev_word = word
            i = j
            if first_word is not None and first_word != "CREATE" and i < n:
                # Inside an ordinary statement only quotes, comments, backslash commands and
                # the terminator matter: jump over everything else at C speed (big pastes).
                found = self._interesting().search(text, i)
                i = found.start() if found else n
        self._emit(text[start:], has_content)
        return self.out

    def _interesting(self) -> re.Pattern[str]:
        """Characters that can start a quote, comment, backslash command or the delimiter."""
        key = self.delimiter[0]
        if key not in self._patterns:
            self._patterns[key] = re.compile("[" + re.escape("'\"`[$\\#/-;" + key) + "]")
        return self._patterns[key]

    def _track_block(self, block: int, word: str, prev_word: str, end: int, paren: int) -> int:
        if paren > 0:
            return block
        if word == "BEGIN" or (word == "CASE" and block > 0 and prev_word != "END"):
            return block + 1
        if word == "END" and block > 0:
            m = re.match(r"\s+([A-Za-z]+)", self.text[end:])
            if m and m.group(1).upper() in _BLOCK_CLOSERS_AFTER_END:
                return block
            return block - 1
        return block

    def _at_line_command(self, i: int) -> bool:
        c = self.text[i]
        if c == "." and self.engine == "sqlite":
            return bool(re.match(r"\.[A-Za-z]", self.text[i : i + 2]))
        if self.engine == "mysql" and c in "dD":
            return bool(re.match(r"delimiter\s", self.text[i : i + 10], re.I))
        return False

    def _line_command(self, line: str) -> None:
        if self.engine == "mysql" and line[:9].lower() == "delimiter":
            self.delimiter = line[9:].strip() or ";"
        else:
            self.out.append(line)

    def _emit(self, piece: str, has_content: bool) -> None:
        piece = piece.strip()
        if has_content and piece:
            self.out.append(piece)


def split_statements(text: str, engine: str = "postgresql") -> list[str]:
    """Split a buffer into statements, without their terminating ``;``.

    A backslash command stays attached to the statement before it on its line
    (``SELECT 1 \\gx``) or stands alone (``\\dt``); use ``split_meta`` to separate them.
    Comment-only pieces are dropped. MySQL's ``DELIMITER`` lines change the terminator.
    """
    return _Splitter(text, engine).run()


def split_with_delimiter(text: str, engine: str, delimiter: str = ";") -> tuple[list[str], str]:
    """``split_statements`` starting with ``delimiter`` in force (MySQL ``DELIMITER`` typed
    in an earlier input); also returns the delimiter in force at the end of ``text``."""
    splitter = _Splitter(text, engine, delimiter)
    return splitter.run(), splitter.delimiter


def split_meta(statement: str, engine: str = "postgresql") -> tuple[str, str | None]:
    """``("SELECT 1", "\\gx")`` for ``SELECT 1 \\gx``; ``(statement, None)`` when there is none."""
    if "\\" not in statement:
        return statement, None
    i = 0
    n = len(statement)
    while i < n:
        kind, j = next_token(statement, i, engine)
        if kind == META:
            return statement[:i].strip(), statement[i:].strip()
        i = j
    return statement, None


_MODIFIERS = {
    "OR", "REPLACE", "TEMP", "TEMPORARY", "UNIQUE", "UNLOGGED", "GLOBAL", "LOCAL", "RECURSIVE",
    "ONLINE", "OFFLINE", "ALGORITHM", "DEFINER", "SQL", "SECURITY", "IGNORE", "CONCURRENTLY",
}
_TWO_WORD_OBJECTS = {"MATERIALIZED", "FOREIGN", "EVENT", "TEXT", "ACCESS", "USER", "DEFAULT"}


def command_tag(sql: str, engine: str = "postgresql") -> str:
    """The statement's kind as psql names it: ``SELECT``, ``CREATE TABLE``, ``DROP INDEX`` …

    ``WITH … DELETE`` is a ``DELETE``; ``START TRANSACTION`` and ``BEGIN`` stay as typed.
    """
    words = (t for t in iter_tokens(sql, engine) if t.kind == WORD)
    head = next(words, None)
    if head is None:
        return ""
    first = head.text.upper()
    if first == "WITH":
        for t in words:
            up = t.text.upper()
            if t.depth == 0 and up in ("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE"):
                return up
        return "SELECT"
    if first in ("CREATE", "DROP", "ALTER"):
        rest = [w for w in (t.text.upper() for t in islice(words, 5)) if w not in _MODIFIERS]
        if not rest:
            return first
        if rest[0] in _TWO_WORD_OBJECTS and len(rest) > 1:
            return f"{first} {rest[0]} {rest[1]}"
        return f"{first} {rest[0]}"
    if first == "START":
        return "START TRANSACTION"
    if first == "END":
        return "COMMIT"
    return first  # read no further: a pasted INSERT may be megabytes long


def status_line(tag: str, rowcount: int, returned_rows: bool) -> str:
    """A psql-style status line from a command tag and a row count.

    ``SELECT 3``, ``INSERT 0 1``, ``UPDATE 2``, ``DELETE 0``, otherwise the tag itself.
    """
    if tag == "INSERT":
        return f"INSERT 0 {max(rowcount, 0)}"
    if tag in ("UPDATE", "DELETE", "MERGE", "REPLACE"):
        return f"{tag} {max(rowcount, 0)}"
    if returned_rows or tag in ("SELECT", "VALUES", "TABLE"):
        return f"SELECT {max(rowcount, 0)}"
    return tag


# Words after which DELETE/UPDATE are not statements: `ON DELETE CASCADE`, `FOR UPDATE`,
# `ON CONFLICT DO UPDATE`, `AFTER DELETE ON` (triggers), `GRANT DELETE`.
_NOT_A_STATEMENT_AFTER = {"ON", "FOR", "DO", "BEFORE", "AFTER", "OF", "OR", "INSTEAD", "GRANT", "REVOKE", ","}
_DESTRUCTIVE_WORDS = {"DROP", "TRUNCATE", "DELETE", "UPDATE"}
_MAYBE_DESTRUCTIVE = re.compile(r"drop|truncate|delete|update", re.I)
# `ALTER … DROP DEFAULT` / `DROP NOT NULL` lose no data.
_HARMLESS_ALTER_DROPS = {"DEFAULT", "NOT", "IDENTITY", "EXPRESSION", "PRIMARY"}


def _significant(sql: str, engine: str) -> list[tuple[str, str, int]]:
    """(ttype family, UPPER value, paren depth) of sqlparse's tokens, minus space and comments.

    sqlparse's lexer only: its grouping pass is slow on big statements and refuses more
    than 10,000 tokens, and flat tokens are all this needs.
    """
    from sqlparse import lexer
    from sqlparse import tokens as T

    out: list[tuple[str, str, int]] = []
    depth = 0
    for ttype, text in lexer.tokenize(sql):
        if ttype in T.Whitespace or ttype in T.Newline or ttype in T.Comment or ttype in T.Text.Whitespace:
            continue
        value = text.upper()
        if ttype in T.Punctuation and value == ")":
            depth = max(0, depth - 1)
        family = "keyword" if ttype in T.Keyword else ("punct" if ttype in T.Punctuation else "other")
        out.append((family, value, depth))
        if ttype in T.Punctuation and value == "(":
            depth += 1
    return out


def _reason_in(sql: str, engine: str) -> str | None:
    toks = _significant(sql, engine)
    if not toks:
        return None
    first = toks[0][1]
    if first in ("GRANT", "REVOKE"):
        return None
    if first == "EXPLAIN" and not any(v == "ANALYZE" for _, v, _ in toks[1:3]):
        return None  # a plain EXPLAIN does not run the statement
    for i, (family, value, depth) in enumerate(toks):
        if family != "keyword":
            continue
        prev = toks[i - 1][1] if i else ""
        nxt = toks[i + 1][1] if i + 1 < len(toks) else ""
        if value == "DROP":
            if first == "ALTER":
                if nxt not in _HARMLESS_ALTER_DROPS:
                    return "ALTER … DROP"
            elif prev not in _NOT_A_STATEMENT_AFTER:
                return f"DROP {nxt}".strip()
        elif value == "TRUNCATE" and prev not in _NOT_A_STATEMENT_AFTER:
            return "TRUNCATE"
        elif value in ("DELETE", "UPDATE") and prev not in _NOT_A_STATEMENT_AFTER:
            if not _has_where(toks, i, depth):
                return f"{value} without WHERE"
    return None


def _has_where(toks: list[tuple[str, str, int]], start: int, depth: int) -> bool:
    """Whether a WHERE follows ``toks[start]`` at the same depth, before its statement ends."""
    for family, value, d in toks[start + 1 :]:
        if d < depth:
            return False
        if d == depth and family == "keyword" and value in ("WHERE", "WHERE CURRENT OF"):
            return True
        if d == depth and family == "punct" and value == ";":
            return False
    return False


def destructive_reason(sql: str, engine: str = "postgresql") -> str | None:
    """Why running ``sql`` could destroy data, or None.

    Looks at every statement in ``sql`` (a whole line may hold several) and at every
    level of nesting, so ``WITH x AS (…) DELETE FROM t`` and ``…; DROP TABLE t`` are
    found: DROP, TRUNCATE, DELETE/UPDATE without WHERE, ALTER … DROP.
    """
    for statement in split_statements(sql, engine):
        body, _meta = split_meta(statement, engine)
        if not _MAYBE_DESTRUCTIVE.search(body):
            continue  # the common case (also a pasted 10 MB INSERT), decided at once
        words = {t.text.upper() for t in tokens(body, engine) if t.kind == WORD}
        if not words & _DESTRUCTIVE_WORDS:
            continue  # the words were only inside strings or comments
        reason = _reason_in(body, engine)
        if reason:
            return reason
    return None


def ends_statement(text: str, engine: str = "postgresql") -> bool:
    """True when ``text`` ends with ``;`` or a backslash command, outside quotes and comments.

    An unterminated string or dollar quote is never complete.
    """
    last = ""
    i = 0
    n = len(text)
    while i < n:
        kind, j = next_token(text, i, engine)
        if kind in (STRING, QUOTED_NAME) and (j >= n and not _closed(text[i:j])):
            return False
        if kind == COMMENT and text.startswith("/*", i) and not text[i:j].endswith("*/"):
            return False
        if kind not in (SPACE, COMMENT):
            last = META if kind == META else text[i:j]
        i = j
    return last in (";", META)


def _closed(quoted: str) -> bool:
    """Whether a quoted run from ``next_token`` has its closing quote."""
    if quoted.startswith("$"):
        tag = quoted[: quoted.index("$", 1) + 1]
        return len(quoted) >= 2 * len(tag) and quoted.endswith(tag)
    opener = {"[": "]"}.get(quoted[0], quoted[0]) if quoted[0] in "'\"`[" else quoted[-1]
    return len(quoted) >= 2 and quoted.endswith(opener)


def single_table(sql: str, engine: str = "postgresql") -> str | None:
    """The one table a plain ``SELECT … FROM t`` (or ``TABLE t``) reads, as written; else None.

    Used to name the table in ``sql-insert`` output. Joins, several tables, subqueries in
    FROM and set operations (UNION …) give None.
    """
    if first_word(sql, engine) not in ("SELECT", "TABLE"):
        return None
    toks = [t for t in tokens(sql, engine) if t.depth == 0]
    first = toks[0].text.upper()
    if first == "TABLE":
        start = 1
    elif first == "SELECT":
        froms = [i for i, t in enumerate(toks) if t.kind == WORD and t.text.upper() == "FROM"]
        if len(froms) != 1:
            return None
        start = froms[0] + 1
    else:
        return None
    name, i = [], start
    while i < len(toks) and toks[i].kind in (WORD, QUOTED_NAME):
        name.append(toks[i].text)
        if i + 1 < len(toks) and toks[i + 1].text == ".":
            i += 2
            continue
        i += 1
        break
    rest = {t.text.upper() for t in toks[i:]}
    if not name or rest & {",", "JOIN", "UNION", "INTERSECT", "EXCEPT"}:
        return None
    if i < len(toks) and toks[i].text == "(":
        return None  # a set-returning function, not a table
    return ".".join(name)
