"""Which tables a statement refers to, with aliases, subqueries, CTEs and functions (pure).

Works on the token list of one statement. Parentheses are matched once
(:class:`Parens`); each query level (the top statement or a parenthesised subquery) is
then read on its own tokens, with nested groups skipped as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from pgcli_like.sql_tokens import Tok


@dataclass(frozen=True, slots=True)
class TableRef:
    """A table-like thing in a FROM clause: a relation, function, subquery or CTE."""

    schema: str | None
    name: str
    alias: str | None = None
    quoted: bool = False
    kind: str = "table"  # table | function | subquery | cte
    columns: tuple[str, ...] = ()  # known column names (subquery, CTE, alias column list)
    stars: tuple[TableRef, ...] = ()  # tables whose columns a `*` inside a subquery/CTE brings in
    position: int = 0  # offset of the reference in the statement

    @property
    def ref(self) -> str:
        """The name other parts of the statement use for it: the alias, else the name."""
        return self.alias or self.name


# Words after which a FROM-clause item (table, subquery, function) follows.
FROM_STARTERS = frozenset({"FROM", "JOIN", "UPDATE", "INTO", "TRUNCATE", "DESCRIBE", "STRAIGHT_JOIN"})
# Words that end a FROM clause or cannot be an alias.
NOT_ALIAS = frozenset(
    """WHERE GROUP ORDER HAVING LIMIT OFFSET SET VALUES SELECT ON USING UNION EXCEPT INTERSECT RETURNING
    WINDOW JOIN INNER LEFT RIGHT FULL CROSS NATURAL OUTER LATERAL AS FOR FETCH WITH DEFAULT PARTITION
    STRAIGHT_JOIN USE FORCE IGNORE INDEX TABLESAMPLE ONLY INTO FROM AND OR NOT DO LOCK""".split()
)
CLAUSE_ENDS = NOT_ALIAS - {"JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL", "OUTER", "LATERAL",
                           "STRAIGHT_JOIN", "AS", "ONLY", "ON", "USING"}
QUERY_STARTS = frozenset({"SELECT", "WITH", "VALUES", "TABLE"})


def ident(tok: Tok) -> tuple[str, bool] | None:
    """(name, was_quoted) for a word or quoted-name token, else None."""
    if tok.kind == "word":
        return tok.text, False
    if tok.kind == "qident" and len(tok.text) >= 2:
        q = tok.text[0]
        close = "]" if q == "[" else q
        body = tok.text[1:-1] if tok.text.endswith(close) else tok.text[1:]
        return body.replace(q + q, q) if q != "[" else body, True
    return None


class Parens:
    """Matched parentheses of a token list, and the query levels they form."""

    def __init__(self, tokens: list[Tok]) -> None:
        self.tokens = tokens
        n = len(tokens)
        self.close: dict[int, int] = {}
        stack: list[int] = []
        for i, tok in enumerate(tokens):
            if tok.kind != "punct":
                continue
            if tok.text == "(":
                stack.append(i)
            elif tok.text == ")" and stack:
                self.close[stack.pop()] = i
        for i in stack:  # unclosed parens run to the end
            self.close[i] = n

    def level(self, opener: int) -> list[int]:
        """Indexes of the tokens directly inside group ``opener`` (-1: the whole statement).

        A nested group appears as its '(' index followed by its ')' index.
        """
        toks = self.tokens
        end = self.close.get(opener, len(toks)) if opener >= 0 else len(toks)
        out: list[int] = []
        i = opener + 1
        while i < end:
            out.append(i)
            if toks[i].kind == "punct" and toks[i].text == "(":
                j = self.close[i]
                if j < len(toks):
                    out.append(j)
                i = j + 1
            else:
                i += 1
        return out

    def is_query(self, opener: int) -> bool:
        """Whether the group starting at ``opener`` holds a query (SELECT/WITH/VALUES …)."""
        if opener < 0:
            return True
        nxt = opener + 1
        return nxt < len(self.tokens) and self.tokens[nxt].upper in QUERY_STARTS

    def enclosing(self, position: int) -> list[int]:
        """The '(' indexes enclosing text offset ``position``, innermost first."""
        out = []
        for i, j in self.close.items():
            end = self.tokens[j].start if j < len(self.tokens) else 1 << 62
            if self.tokens[i].start < position <= end:
                out.append(i)
        out.sort(key=lambda i: self.tokens[i].start, reverse=True)
        return out


def _dotted(toks: list[Tok], lvl: list[int], k: int) -> tuple[list[tuple[str, bool]], int]:
    """Read ``a.b.c`` starting at lvl[k]; returns the parts and the next position."""
    parts: list[tuple[str, bool]] = []
    while k < len(lvl):
        got = ident(toks[lvl[k]])
        if got is None:
            break
        parts.append(got)
        if k + 1 < len(lvl) and toks[lvl[k + 1]].text == "." and toks[lvl[k + 1]].kind == "punct":
            k += 2
        else:
            k += 1
            break
    return parts, k


def _alias(toks: list[Tok], lvl: list[int], k: int) -> tuple[str | None, int]:
    if k < len(lvl) and toks[lvl[k]].upper == "AS":
        k += 1
    if k < len(lvl):
        tok = toks[lvl[k]]
        got = ident(tok)
        if got is not None and (tok.kind == "qident" or tok.upper not in NOT_ALIAS):
            return got[0], k + 1
    return None, k


def _column_list(p: Parens, opener: int) -> tuple[str, ...]:
    names = []
    expect = True
    for i in p.level(opener):
        tok = p.tokens[i]
        if tok.text == "," and tok.kind == "punct":
            expect = True
        elif expect:
            got = ident(tok)
            if got is not None:
                names.append(got[0])
            expect = False
    return tuple(names)


def select_list(p: Parens, opener: int, tables: list[TableRef]) -> tuple[tuple[str, ...], tuple[TableRef, ...]]:
    """The output column names of the query in group ``opener`` and the tables its `*` expands."""
    toks = p.tokens
    lvl = p.level(opener)
    # Skip a WITH prefix: the select list is after the first SELECT at this level.
    start = next((k for k, i in enumerate(lvl) if toks[i].upper == "SELECT"), None)
    if start is None:
        return (), ()
    items: list[list[Tok]] = [[]]
    for i in lvl[start + 1 :]:
        tok = toks[i]
        if tok.upper in ("FROM", "INTO", "WHERE", "UNION", "EXCEPT", "INTERSECT", "GROUP", "ORDER", "LIMIT"):
            break
        if tok.kind == "punct" and tok.text == ",":
            items.append([])
        else:
            items[-1].append(tok)
    names: list[str] = []
    stars: list[TableRef] = []
    for item in items:
        while item and item[0].upper in ("DISTINCT", "ALL"):
            item = item[1:]
        if not item:
            continue
        last = item[-1]
        if last.text == "*":
            if len(item) >= 3 and item[-2].text == ".":
                qual = ident(item[-3])
                stars += [t for t in tables if qual and t.ref.lower() == qual[0].lower()]
            else:
                stars += tables
            continue
        got = ident(last)
        if got is not None and (len(item) == 1 or item[-2].text == "." or item[-2].upper == "AS"
                                or item[-2].kind in ("punct", "number", "string", "word", "qident")):
            names.append(got[0])
        elif len(item) >= 2 and item[1].text == "(" and ident(item[0]) is not None:
            names.append(item[0].text.lower())
    return tuple(names), tuple(stars)


def ctes(p: Parens, opener: int) -> dict[str, TableRef]:
    """The CTEs a WITH clause at the start of group ``opener`` defines, by lower-case name."""
    toks = p.tokens
    lvl = p.level(opener)
    out: dict[str, TableRef] = {}
    if not lvl or toks[lvl[0]].upper != "WITH":
        return out
    k = 1
    if k < len(lvl) and toks[lvl[k]].upper == "RECURSIVE":
        k += 1
    while k < len(lvl):
        got = ident(toks[lvl[k]])
        if got is None:
            break
        name, quoted = got
        pos = toks[lvl[k]].start
        k += 1
        cols: tuple[str, ...] = ()
        if k < len(lvl) and toks[lvl[k]].text == "(":
            cols = _column_list(p, lvl[k])
            k += 2
        while k < len(lvl) and toks[lvl[k]].upper in ("AS", "NOT", "MATERIALIZED"):
            k += 1
        if k >= len(lvl) or toks[lvl[k]].text != "(":
            break
        body = lvl[k]
        inner = from_items(p, body)
        derived, stars = select_list(p, body, inner)
        out[name.lower()] = TableRef(None, name, None, quoted, "cte", cols or derived, () if cols else stars, pos)
        k += 2
        if k < len(lvl) and toks[lvl[k]].text == ",":
            k += 1
        else:
            break
    return out


def from_items(p: Parens, opener: int) -> list[TableRef]:
    """The tables, functions and subqueries in the FROM/JOIN/UPDATE/INTO clauses of a level."""
    toks = p.tokens
    lvl = p.level(opener)
    out: list[TableRef] = []
    k = 0
    in_from = False
    starter = ""
    while k < len(lvl):
        tok = toks[lvl[k]]
        up = tok.upper if tok.kind == "word" else ""
        if up in FROM_STARTERS or (up == "TABLE" and _names_a_table(toks, lvl, k)) or (
                up == "ON" and _index_target(toks, lvl, k)) or (
                up == "USING" and starter == "FROM" and not _is_join_using(toks, lvl, k)):
            starter = up or starter
            in_from = True
            k += 1
            k = _read_item(p, lvl, k, out, starter)
            continue
        if in_from and tok.kind == "punct" and tok.text == ",":
            k = _read_item(p, lvl, k + 1, out, starter)
            continue
        if up in CLAUSE_ENDS:
            in_from = False
        k += 1
    return out


def _names_a_table(toks: list[Tok], lvl: list[int], k: int) -> bool:
    """``TABLE t`` (PostgreSQL), ``ALTER/DROP/TRUNCATE/LOCK TABLE t``: the next name is a table."""
    return k == 0 or (k == 1 and toks[lvl[0]].upper in ("ALTER", "DROP", "TRUNCATE", "LOCK"))


def _index_target(toks: list[Tok], lvl: list[int], k: int) -> bool:
    """``CREATE [UNIQUE] INDEX [name] ON t (…)``: the table an index is made on."""
    return bool(lvl) and toks[lvl[0]].upper == "CREATE" and any(toks[lvl[j]].upper == "INDEX" for j in range(1, min(k, 4)))


def _is_join_using(toks: list[Tok], lvl: list[int], k: int) -> bool:
    return k + 1 < len(lvl) and toks[lvl[k + 1]].text == "("


def _read_item(p: Parens, lvl: list[int], k: int, out: list[TableRef], starter: str) -> int:
    toks = p.tokens
    while k < len(lvl) and toks[lvl[k]].upper in ("LATERAL", "ONLY", "IGNORE", "TABLE", "IF", "NOT", "EXISTS"):
        k += 1
    if k >= len(lvl):
        return k
    tok = toks[lvl[k]]
    if tok.kind == "punct" and tok.text == "(":
        opener = lvl[k]
        k += 2 if k + 1 < len(lvl) and lvl[k + 1] == p.close.get(opener) else 1
        if not p.is_query(opener):
            return k
        inner = from_items(p, opener)
        names, stars = select_list(p, opener, inner)
        alias, k = _alias(toks, lvl, k)
        if k < len(lvl) and toks[lvl[k]].text == "(":
            names, stars = _column_list(p, lvl[k]), ()
            k += 2
        out.append(TableRef(None, alias or "", alias, False, "subquery", names, stars, tok.start))
        return k
    parts, k = _dotted(toks, lvl, k)
    if not parts or (not parts[-1][1] and parts[-1][0].upper() in NOT_ALIAS):
        return k
    name, quoted = parts[-1]
    schema = parts[-2][0] if len(parts) >= 2 else None
    kind = "table"
    if starter not in ("INTO", "UPDATE", "TRUNCATE", "TABLE", "ON") and k < len(lvl) and toks[lvl[k]].text == "(":
        kind = "function"
        k += 2
    alias, k = _alias(toks, lvl, k)
    cols: tuple[str, ...] = ()
    if alias is not None and k < len(lvl) and toks[lvl[k]].text == "(":
        cols = _column_list(p, lvl[k])
        k += 2
    out.append(TableRef(schema, name, alias, quoted, kind, cols, (), tok.start))
    return k
