"""What the cursor wants: (text, cursor, dialect) → typed suggestion records. Pure.

``analyze`` finds the statement under the cursor, the word being typed and its
qualifier, then walks :data:`RULES` — an ordered table of (name, predicate, emit) over a
:class:`Situation` — and returns the suggestions of the first rule that applies. Each
rule can be read and tested on its own; adding a position is adding a row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property

from pgcli_like.dialects import Dialect
from pgcli_like.scope import FROM_STARTERS, Parens, TableRef, ctes, from_items, ident
from pgcli_like.sql_tokens import MAX_ANALYSED, Tok, locate, tokenize
from pgcli_like.suggestions import (
    NOTHING,
    Alias,
    Column,
    ColumnStar,
    CompletionContext,
    Database,
    Datatype,
    EnumValue,
    File,
    Function,
    Join,
    JoinCondition,
    Keyword,
    NamedQuery,
    Relation,
    Schema,
    Special,
    TableFormat,
    Theme,
)

# Argument kinds of special commands → what to suggest (the registry names the kind).
ARG_SUGGESTIONS: dict[str, Callable[[str | None], tuple]] = {
    "table": lambda s: (Schema(), Relation(s, ("table", "view"), False)) if s is None else (Relation(s),),
    "relation": lambda s: (Schema(), Relation(s, ("table", "view"), False)) if s is None else (Relation(s),),
    "view": lambda s: (Relation(s, ("view",), False),),
    "schema": lambda s: (Schema(),),
    "database": lambda s: (Database(),),
    "function": lambda s: (Function(s),),
    "type": lambda s: (Datatype(s),),
    "datatype": lambda s: (Datatype(s),),
    "file": lambda s: (File(),),
    "format": lambda s: (TableFormat(),),
    "table format": lambda s: (TableFormat(),),
    "theme": lambda s: (Theme(),),
    "named query": lambda s: (NamedQuery(),),
    "named_query": lambda s: (NamedQuery(),),
}

# When no registry is installed: the usual psql/mycli argument kinds.
DEFAULT_SPECIAL_ARGS: dict[str, str] = {
    "\\c": "database", "\\connect": "database", "\\l": "database", "\\d": "relation", "\\d+": "relation",
    "\\dt": "table", "\\dt+": "table", "\\dv": "view", "\\dn": "schema", "\\df": "function", "\\dT": "type",
    "\\sf": "function", "\\i": "file", "\\ir": "file", "\\o": "file", "\\T": "format", "\\n": "named query",
    "\\ns": "named query", "\\nd": "named query", "\\e": "file", "\\w": "file",
    "\\theme": "theme",
}

_WORD_RE = re.compile(r"[\w$]*\Z")
_SPECIAL_WORD_RE = re.compile(r"[\\.][^\s]*\Z")
_PATH_WORD_RE = re.compile(r"\S*\Z")

EXPRESSION_KEYWORDS = frozenset(
    """SELECT WHERE HAVING BY ON AND OR NOT WHEN THEN ELSE CASE SET RETURNING DISTINCT BETWEEN LIKE ILIKE
    IN VALUES LIMIT OFFSET ALL ANY SOME EXISTS REGEXP RLIKE GLOB""".split()
)


class Situation:
    """Facts about one cursor position that the rules test; costly ones computed lazily."""

    def __init__(self, dialect: Dialect, tokens: list[Tok], cursor: int, word_start: int, word: str,
                 parent: str | None, special_args: Mapping[str, str]) -> None:
        self.dialect = dialect
        self.tokens = tokens
        self.cursor = cursor
        self.word_start = word_start
        self.word = word
        self.parent = parent
        self.special_args = special_args
        self.n_before = 0
        for tok in tokens:
            if tok.start >= word_start:
                break
            self.n_before += 1
        self.before = tokens[: self.n_before]

    # -- tokens around the cursor -------------------------------------------------------

    @cached_property
    def last(self) -> Tok | None:
        return self.before[-1] if self.before else None

    @cached_property
    def last_up(self) -> str:
        last = self.last
        return last.upper if last is not None and last.kind == "word" else (last.text if last else "")

    def token_up(self, back: int) -> str:
        """The upper-cased text of the token ``back`` positions before the cursor (1 = last)."""
        if back > len(self.before):
            return ""
        tok = self.before[-back]
        return tok.upper if tok.kind == "word" else tok.text

    @cached_property
    def parens(self) -> Parens:
        return Parens(self.tokens)

    @cached_property
    def open_parens(self) -> list[int]:
        """Indexes of '(' opened before the cursor and not yet closed, innermost last."""
        stack: list[int] = []
        for i, tok in enumerate(self.before):
            if tok.kind == "punct":
                if tok.text == "(":
                    stack.append(i)
                elif tok.text == ")" and stack:
                    stack.pop()
        return stack

    @cached_property
    def opener(self) -> str:
        """Upper-cased word before the innermost open '(' ('' at top level)."""
        if not self.open_parens:
            return ""
        i = self.open_parens[-1]
        return self.before[i - 1].upper if i > 0 and self.before[i - 1].kind in ("word", "qident") else ""

    @cached_property
    def prev_keyword(self) -> str:
        """The last clause keyword at the cursor's parenthesis level ('(' if none since it)."""
        floor = self.open_parens[-1] if self.open_parens else -1
        depth = 0
        kws = self.keywords
        for i in range(len(self.before) - 1, floor, -1):
            tok = self.before[i]
            if tok.kind == "punct":
                if tok.text == ")":
                    depth += 1
                elif tok.text == "(":
                    depth -= 1
                continue
            if depth == 0 and tok.kind == "word" and tok.upper in kws and not self._is_qualified(i):
                return tok.upper
        return "(" if floor >= 0 else ""

    def _is_qualified(self, i: int) -> bool:
        before = self.before
        return (i > 0 and before[i - 1].text == ".") or (i + 1 < len(before) and before[i + 1].text == ".")

    @cached_property
    def keywords(self) -> frozenset[str]:
        return frozenset(self.dialect.keywords) | EXPRESSION_KEYWORDS | FROM_STARTERS

    @property
    def after_keyword_only(self) -> bool:
        """The last token is a keyword (not a name the user chose)."""
        return self.last is not None and self.last.kind == "word" and self.last_up in self.keywords

    @cached_property
    def first_word(self) -> str:
        for tok in self.tokens:
            if tok.kind == "word":
                return tok.upper
        return ""

    @cached_property
    def after_operand(self) -> bool:
        """The last token completes an operand (a name, value or ')'): an operator/keyword is next."""
        last = self.last
        if last is None:
            return False
        if last.kind in ("number", "string", "dollar", "qident", "param"):
            return True
        if last.kind == "punct":
            return last.text in (")", "]")
        if last.kind == "word":
            return last.upper not in self.keywords or self._is_qualified(len(self.before) - 1)
        return False

    # -- scope --------------------------------------------------------------------------

    @cached_property
    def query_level(self) -> int:
        """The '(' index of the innermost query (subquery) around the cursor, -1 for the top."""
        p = self.parens
        for opener in p.enclosing(self.word_start):
            if p.is_query(opener):
                return opener
        return -1

    @cached_property
    def tables(self) -> tuple[TableRef, ...]:
        """Tables in scope at the cursor, with CTE names resolved to their columns."""
        return self._level_tables(self.query_level)

    @cached_property
    def outer_tables(self) -> tuple[TableRef, ...]:
        """Tables of the enclosing queries (a correlated subquery can name them: ``o.id``)."""
        p = self.parens
        levels = [o for o in p.enclosing(self.word_start) if p.is_query(o) and o != self.query_level]
        if self.query_level != -1:
            levels.append(-1)
        return tuple(ref for level in levels for ref in self._level_tables(level))

    def _level_tables(self, level: int) -> tuple[TableRef, ...]:
        local = self.ctes
        refs = []
        for ref in from_items(self.parens, level):
            cte = local.get(ref.name.lower()) if ref.schema is None and ref.kind == "table" else None
            if cte is not None:
                ref = TableRef(None, cte.name, ref.alias, ref.quoted, "cte", cte.columns, cte.stars, ref.position)
            refs.append(ref)
        return tuple(refs)

    @cached_property
    def ctes(self) -> dict[str, TableRef]:
        """CTEs defined by the WITH clauses of the query levels around the cursor."""
        p = self.parens
        local: dict[str, TableRef] = {}
        for opener in [-1, *reversed(p.enclosing(self.word_start))]:
            if p.is_query(opener):
                local.update(ctes(p, opener))
        return local

    @cached_property
    def tables_before(self) -> tuple[TableRef, ...]:
        return tuple(t for t in self.tables if t.position < self.word_start)

    def in_clause(self, *words: str) -> bool:
        return self.prev_keyword in words


# -- rules --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of the rule table: when ``applies``, the suggestions are ``emit``'s."""

    name: str
    applies: Callable[[Situation], bool]
    emit: Callable[[Situation], tuple]


def _expression(s: Situation) -> tuple:
    return (Column(s.tables), Function(), Keyword(s.prev_keyword or None))


def _from_position(s: Situation) -> bool:
    up = s.last_up
    if up in FROM_STARTERS or up in ("LATERAL", "ONLY"):
        return True
    if up == "USING" and s.first_word == "DELETE":
        return True
    if up == "TABLE":
        return s.token_up(2) in ("DROP", "ALTER", "LOCK", "EXISTS", "") or s.first_word == "TABLE"
    if up == "EXISTS" and s.token_up(2) == "IF" and s.first_word in ("DROP", "ALTER"):
        return s.token_up(3) in ("TABLE", "VIEW")
    if up == "," and s.prev_keyword in ("FROM", "UPDATE", "TRUNCATE"):
        return True
    return up == "DESC" and not s.before[:-1] and s.dialect.engine == "mysql"


def _emit_from(s: Situation) -> tuple:
    up = s.last_up
    tables_only = up in ("INTO", "UPDATE", "TRUNCATE", "TABLE", "EXISTS") or s.first_word in ("DROP", "ALTER")
    kinds = ("table",) if up in ("INTO", "TRUNCATE") else ("table", "view")
    local = tuple(c.name for c in s.ctes.values()) if not tables_only else ()
    out: tuple = (Schema(), Relation(None, kinds, not tables_only, local))
    if up == "JOIN" and s.tables_before:
        out = (Join(s.tables_before),) + out
    return out


def _qualified_from(s: Situation) -> bool:
    return s.parent is not None and _from_position(s)


def _star(s: Situation) -> bool:
    return s.word == "*"


def _on_clause(s: Situation) -> bool:
    return s.last_up == "ON" and s.first_word != "CREATE" and bool(s.tables_before)


def _on_continuation(s: Situation) -> bool:
    return s.prev_keyword == "ON" and s.last_up in ("AND", "OR") and s.first_word != "CREATE"


def _enum_value(s: Situation) -> bool:
    return s.word_start > 0 and s.last_up in ("=", "<>", "!=", "(", ",") and _compared_column(s) is not None


def _compared_column(s: Situation) -> tuple[str, str | None] | None:
    """The column an enum value is being compared to: ``status = '`` or ``status IN ('a', '``."""
    before = s.before
    i = len(before) - 1
    if before and before[i].text in ("(", ","):
        while i >= 0 and before[i].text in ("(", ",") or (i >= 0 and before[i].kind == "string"):
            i -= 1
        if i < 0 or before[i].upper != "IN":
            return None
        i -= 1
        if i >= 0 and before[i].upper == "NOT":
            i -= 1
    elif before and before[i].text in ("=", "<>", "!="):
        i -= 1
    else:
        return None
    if i < 0:
        return None
    got = ident(before[i])
    if got is None:
        return None
    parent = None
    if i >= 2 and before[i - 1].text == ".":
        par = ident(before[i - 2])
        parent = par[0] if par else None
    return got[0], parent


def _emit_enum(s: Situation) -> tuple:
    col = _compared_column(s)
    assert col is not None
    return (EnumValue(col[0], s.tables, col[1]),)


def _special_command(s: Situation) -> bool:
    return bool(s.tokens) and s.tokens[0].text in _special_leads(s.dialect)


def _special_leads(dialect: Dialect) -> tuple[str, ...]:
    return ("\\", ".") if dialect.engine == "sqlite" else ("\\",)


def _emit_special(s: Situation) -> tuple:
    if s.word.startswith(_special_leads(s.dialect)) and not s.before[1:]:
        return (Special(),)
    kind = _special_kind(_special_name(s), s.special_args)
    make = ARG_SUGGESTIONS.get(kind or "")
    return make(s.parent) if make else ()


def _special_kind(name: str, special_args: Mapping[str, str]) -> str | None:
    """The argument kind of the command ``name`` as typed: psql commands take modifier and
    option letters after their name (``\\dt+``, ``\\dtS``, ``\\dfnt+``), so a name the
    registry does not know is tried shorter, down to the command it starts with."""
    while len(name) > 2:
        kind = special_args.get(name)
        if kind:
            return kind
        name = name[:-1]
    return special_args.get(name)


def _special_name(s: Situation) -> str:
    name = s.tokens[0].text
    for tok in s.before[1:]:
        if tok.start > s.tokens[0].start + len(name):
            break
        name += tok.text
    return name


def _types_position(s: Situation) -> bool:
    if s.last_up == "::":
        return True
    if s.last_up == "AS" and s.opener in ("CAST", "TRY_CAST", "CONVERT"):
        return True
    if s.last_up == "TYPE" and s.first_word == "ALTER":
        return True
    if _new_column_type(s):
        return True
    # CREATE TABLE t (id <types>, name <types>
    if s.first_word == "CREATE" and s.open_parens and len(s.open_parens) == 1 and s.last is not None:
        i = len(s.before) - 1
        prev = s.before[i - 1].text if i > 0 else ""
        return s.last.kind in ("word", "qident") and prev in ("(", ",") and s.last.upper not in (
            "PRIMARY", "FOREIGN", "CONSTRAINT", "UNIQUE", "CHECK", "KEY")
    return False


def _emit_insert_columns(s: Situation) -> tuple:
    target = s.tables_before[-1:] if s.tables_before else ()
    return (Column(target, insert=True),)


def _insert_columns(s: Situation) -> bool:
    """``INSERT INTO t (`` and ``CREATE INDEX … ON t (``: a list of that table's columns."""
    if len(s.open_parens) != 1 or s.last_up not in ("(", ","):
        return False
    i = s.open_parens[-1]
    if i < 2:
        return False
    if s.first_word in ("INSERT", "REPLACE"):
        return s.before[i - 2].upper == "INTO" or s.before[i - 2].text == "."
    return s.first_word == "CREATE" and (s.before[i - 2].upper == "ON" or s.before[i - 2].text == ".")


def _alter_column(s: Situation) -> bool:
    """``ALTER TABLE t DROP/ALTER/RENAME COLUMN ``: a column of t."""
    return s.first_word == "ALTER" and s.last_up == "COLUMN" and s.token_up(2) in ("DROP", "ALTER", "RENAME", "MODIFY",
                                                                                   "CHANGE", "EXISTS")


def _new_column_type(s: Situation) -> bool:
    """``ALTER TABLE t ADD [COLUMN] name ``: its data type comes next."""
    if s.first_word != "ALTER" or s.last is None or s.last.kind not in ("word", "qident") or s.after_keyword_only:
        return False
    return s.token_up(2) == "ADD" or (s.token_up(2) == "COLUMN" and s.token_up(3) == "ADD")


def _update_set(s: Situation) -> bool:
    return s.first_word == "UPDATE" and s.prev_keyword == "SET" and s.last_up in ("SET", ",")


def _database(s: Situation) -> bool:
    if s.last_up == "USE" and len(s.before) == 1:
        return True
    return s.last_up == "DATABASE" and s.token_up(2) in ("DROP", "ALTER", "USE", "EXISTS")


def _narrowed_keyword(s: Situation) -> bool:
    return s.last is not None and s.last.kind == "word" and s.last_up in s.dialect.next_keywords and (
        s.last_up not in EXPRESSION_KEYWORDS)


def _qualified_expression(s: Situation) -> tuple:
    # Inner tables first: an alias in a subquery hides the same alias outside it.
    return (Column(s.tables + s.outer_tables, parent=s.parent), Function(s.parent))


def _schema_position(s: Situation) -> bool:
    """``DROP/ALTER SCHEMA ``, ``SET SCHEMA ``, ``SET search_path TO a, ``."""
    if s.last_up == "SCHEMA":
        return s.first_word in ("DROP", "ALTER", "SET")
    return s.first_word == "SET" and s.last_up in ("TO", "=", ",") and s.token_up(2) != "TRANSACTION"


def _function_signature(s: Situation) -> bool:
    return s.last_up in ("FUNCTION", "PROCEDURE") and s.token_up(2) in ("DROP", "ALTER", "EXISTS")


RULES: tuple[Rule, ...] = (
    Rule("special command and its arguments", _special_command, _emit_special),
    Rule("data types after :: / CAST AS / TYPE", _types_position, lambda s: (Datatype(s.parent),)),
    Rule("schema-qualified FROM item", _qualified_from, lambda s: (Relation(s.parent),)),
    Rule("star expansion", _star, lambda s: (ColumnStar(s.tables, s.parent),)),
    Rule("JOIN … USING (", lambda s: s.last_up == "(" and s.opener == "USING",
         lambda s: (Column(s.tables_before, require_common=True),)),
    Rule("INSERT / CREATE INDEX column list", _insert_columns, _emit_insert_columns),
    Rule("ALTER TABLE … COLUMN", _alter_column, lambda s: (Column(s.tables[:1]),)),
    Rule("qualified name in an expression", lambda s: s.parent is not None, _qualified_expression),
    Rule("FROM/JOIN/UPDATE/INTO items", _from_position, _emit_from),
    Rule("DROP/ALTER FUNCTION signature", _function_signature, lambda s: (Function(None, signature=True),)),
    Rule("procedures after CALL", lambda s: s.last_up == "CALL" and len(s.before) == 1, lambda s: (Function(),)),
    Rule("ON join conditions", _on_clause,
         lambda s: (JoinCondition(s.tables_before), Alias(s.tables_before))),
    Rule("ON … AND", _on_continuation,
         lambda s: (JoinCondition(s.tables_before), Column(s.tables_before), Alias(s.tables_before))),
    Rule("UPDATE … SET columns", _update_set, lambda s: (Column(s.tables[:1]),)),
    Rule("databases after \\c / USE", _database, lambda s: (Database(),)),
    Rule("schemas after SCHEMA / SET search_path TO", _schema_position, lambda s: (Schema(),)),
    Rule("keyword after an operand", lambda s: s.after_operand, lambda s: (Keyword(),)),
    Rule("narrowed keyword (CREATE, ORDER …)", _narrowed_keyword, lambda s: (Keyword(s.last_up),)),
    Rule("expression (SELECT, WHERE, ON, SET, function arguments …)",
         lambda s: s.prev_keyword in EXPRESSION_KEYWORDS or s.prev_keyword == "(" or (
             s.last is not None and s.last.kind == "op"), _expression),
    Rule("statement start", lambda s: not s.before, lambda s: (Keyword(""), Special())),
    Rule("any other keyword", lambda s: True, lambda s: (Keyword(s.last_up or None),)),
)


# -- entry point --------------------------------------------------------------------------


def analyze(text: str, cursor: int | None, dialect: Dialect,
            special_args: Mapping[str, str] | None = None) -> CompletionContext:
    """The suggestions for ``cursor`` (default: end of text) in ``text``. Never raises on bad input."""
    if cursor is None or cursor > len(text):
        cursor = len(text)
    cursor = max(cursor, 0)
    loc = locate(text, cursor, dialect)
    if loc.state == "comment":
        return NOTHING
    if loc.state == "dollar":
        return _in_dollar_body(text, cursor, dialect, loc.start, loc.region_start, special_args)
    start = loc.start
    if cursor - start > MAX_ANALYSED:
        start = cursor - MAX_ANALYSED
    end = min(loc.end, cursor + MAX_ANALYSED // 4)
    stmt = text[start:end]
    rel = cursor - start
    args = special_args if special_args is not None else DEFAULT_SPECIAL_ARGS
    if loc.state == "string":
        return _in_string(stmt, rel, loc.region_start - start, dialect, args)
    quoted = False
    if loc.state == "qident":
        word_start = loc.region_start - start
        word = stmt[word_start + 1 : rel]
        quoted = True
    else:
        lead = stmt.lstrip()[:1]
        m = _SPECIAL_WORD_RE.search(stmt, 0, rel) if lead and lead in _special_leads(dialect) else None
        if m is not None and not stmt[: m.start()].strip():
            word_start = m.start()
        else:
            word_start = _WORD_RE.search(stmt, 0, rel).start()
            if word_start == rel and rel > 0 and stmt[rel - 1] == "*":
                word_start = rel - 1
        word = stmt[word_start:rel]
    tokens = tokenize(stmt, dialect)
    parent, qual_start = _qualifier(stmt, word_start, tokens)
    s = Situation(dialect, tokens, rel, qual_start, word, parent, args)
    for rule in RULES:
        if rule.applies(s):
            emitted = rule.emit(s)
            if emitted in ((File(),), (Theme(),)):
                # A path or a theme name (`solarized-dark`, `pygments:monokai`) is one
                # whitespace-free word, slashes, dots, dashes and colons included.
                word = _PATH_WORD_RE.search(stmt, 0, rel).group()
                word_start = rel - len(word)
            return CompletionContext(word, rel - word_start, emitted, quoted, parent,
                                     s.tables if "tables" in s.__dict__ else ())
    return CompletionContext(word, rel - word_start, ())


def _qualifier(stmt: str, word_start: int, tokens: list[Tok]) -> tuple[str | None, int]:
    """``alias.`` or ``schema.`` right before the word: (its name, where it starts)."""
    if word_start == 0 or stmt[word_start - 1] != ".":
        return None, word_start
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        if tok.start == word_start - 1 and tok.text == "." and i > 0:
            got = ident(tokens[i - 1])
            if got is not None and tokens[i - 1].end == tok.start:
                return got[0], tokens[i - 1].start
            return None, word_start
        if tok.start < word_start - 1:
            break
    return None, word_start


def _in_string(stmt: str, rel: int, region: int, dialect: Dialect, args: Mapping[str, str]) -> CompletionContext:
    """Inside a string literal only enum values are offered (``status = 'ac``)."""
    tokens = tokenize(stmt[:region], dialect)
    s = Situation(dialect, tokens, region, region, "", None, args)
    if not _enum_value(s):
        return NOTHING
    word = stmt[region + 1 : rel]
    # Replace from the opening quote so the inserted text is the whole quoted literal.
    return CompletionContext(word, rel - region, _emit_enum(s), True, None, s.tables)


def _in_dollar_body(text: str, cursor: int, dialect: Dialect, stmt_start: int, region: int,
                    args: Mapping[str, str] | None) -> CompletionContext:
    """In a function body ($$ … $$) of CREATE FUNCTION/DO, complete the SQL of the body."""
    head = text[stmt_start:region].upper().split()
    if not head or not (head[0] == "DO" or (head[0] == "CREATE" and ("FUNCTION" in head or "PROCEDURE" in head))):
        return NOTHING
    open_end = text.index("$", region + 1) + 1
    body = text[open_end:cursor]
    inner = analyze(body, len(body), dialect, args)
    return inner
