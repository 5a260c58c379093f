"""One source of candidates per suggestion kind (the dispatch table of the completer).

Each source takes the :class:`Request` (context, catalog, dialect, settings) and one
suggestion record and returns :class:`Candidate` objects carrying their sort key.
Sources that search the catalog go through its sorted name indexes with a cap, so their
cost does not depend on how many objects exist.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from pgcli_like import suggestions as cx
from pgcli_like.catalog import Catalog, Column, Function, Relation
from pgcli_like.context import DEFAULT_SPECIAL_ARGS
from pgcli_like.dialects import Dialect
from pgcli_like.matching import Hit, match_small
from pgcli_like.scope import TableRef

# Rank of each kind inside the same match class: lower shows first.
CATEGORY = {
    "enum value": 0, "join condition": 0, "special command": 0, "named query": 0, "file": 0,
    "table format": 0, "theme": 0, "join": 1, "name join": 1, "column": 2, "alias": 3, "table": 4, "view": 4,
    "database": 4, "qualified": 5, "function": 5, "schema": 6, "datatype": 6, "keyword": 9,
}
# Schema-qualified names offered per schema outside the search path.
OUTSIDE_PATH_LIMIT = 10
# SQL functions that are written without parentheses.
_BARE_FUNCTIONS = frozenset({"current_date", "current_time", "current_timestamp", "localtime",
                             "localtimestamp", "current_user", "session_user", "user"})
_SRF_BUILTINS = {"postgresql": ("generate_series", "unnest", "jsonb_each", "jsonb_array_elements",
                                "regexp_split_to_table", "json_each"),
                 "sqlite": ("json_each", "json_tree"), "mysql": ()}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible completion with the key it sorts by (lower first)."""

    key: tuple
    text: str
    display: str
    meta: str


@dataclass
class Extras:
    """Completion data owned by other parts: special commands, formats, named queries.

    Each is looked up lazily and tolerated missing, so completion works before (and
    without) those parts.
    """

    engine: str
    _commands: list[tuple[str, str]] | None = None
    _args: dict[str, str] | None = None

    @classmethod
    def discover(cls, engine: str) -> Extras:
        return cls(engine)

    def _load_commands(self) -> None:
        commands: list[tuple[str, str]] = []
        args: dict[str, str] = {}
        try:
            from pgcli_like.special.registry import commands_for

            for cmd in commands_for(self.engine):
                for name in cmd.names:
                    commands.append((name, cmd.description))
                    if cmd.arg_kinds:
                        args[name] = cmd.arg_kinds[0]
        except ImportError:
            args = dict(DEFAULT_SPECIAL_ARGS)
        self._commands, self._args = commands, args

    def special_commands(self) -> list[tuple[str, str]]:
        """(name, description) of every special command of the engine."""
        if self._commands is None:
            self._load_commands()
        return self._commands or []

    def special_args(self) -> dict[str, str]:
        """Command name → kind of its first argument."""
        if self._args is None:
            self._load_commands()
        return self._args or {}

    def format_names(self) -> tuple[str, ...]:
        try:
            from pgcli_like.formatting import FORMAT_NAMES
        except ImportError:
            return ()
        return tuple(FORMAT_NAMES)

    def theme_names(self) -> list[str]:
        try:
            from themes import list_themes

            return [info.name for info in list_themes()]
        except Exception:  # noqa: BLE001 - an unreadable themes folder just means no names
            return []

    def named_queries(self) -> list[str]:
        try:
            from shellkit.config import load_config

            return sorted(load_config(write_defaults=False).section("named_queries"))
        except Exception:  # noqa: BLE001 - a missing or broken config just means no names
            return []


@dataclass
class Request:
    """Everything a source needs for one completion."""

    ctx: cx.CompletionContext
    catalog: Catalog
    dialect: Dialect
    settings: object
    extras: Extras
    usage: Counter[str]
    on_schema_miss: Callable[[str], None] | None = None
    _columns: dict = field(default_factory=dict)
    _seq: int = 0

    @property
    def word(self) -> str:
        return self.ctx.word

    @property
    def limit(self) -> int:
        """Candidates per source: prefix matches rank before fuzzy ones, so a menu never needs more."""
        return int(getattr(self.settings, "max_shown", 100))

    def candidate(self, hit: Hit, meta: str, text: str | None = None, display: str | None = None,
                  category: str | None = None) -> Candidate:
        name = hit.name
        low = name.lower()
        self._seq += 1
        if not self.word:
            # Nothing typed yet: keep each source's natural order (columns in table order).
            key: tuple = (0, CATEGORY[category or meta], -self.usage.get(low, 0), self._seq)
        else:
            klass = -1 if low == self.word.lower() else hit.rank[0]
            key = (klass, CATEGORY[category or meta], -self.usage.get(low, 0), hit.rank[1], hit.rank[2], len(name), low)
        return Candidate(key, text if text is not None else name, display or "", meta)

    def quote(self, name: str) -> str:
        return self.dialect.quote_name(name)

    def schemas_in_path(self, schema: str | None) -> list[str]:
        """Schemas to search: the named one, else the search path (+ system ones when their prefix is typed)."""
        if schema is not None:
            real = self.catalog.resolve_schema(schema)
            if real is not None and real not in self.catalog.relations and self.on_schema_miss is not None:
                self.on_schema_miss(real)  # read it in the background; the next keystroke has it
            return [real] if real else []
        path = list(self.catalog.search_path) or list(self.catalog.relations)
        word = self.word.lower()
        if self.dialect.engine == "postgresql" and word.startswith("pg_") and "pg_catalog" not in path:
            path.append("pg_catalog")
        return path

    def hidden(self, schema_given: bool, name: str) -> bool:
        """System objects (sqlite_*) stay hidden unless their prefix is typed."""
        return not schema_given and self.dialect.is_system_name(name) and not self.word.lower().startswith(
            name[: len(self.dialect.system_name_prefixes[0])].lower())

    # -- columns of tables in scope -----------------------------------------------------

    def relation_of(self, ref: TableRef) -> Relation | None:
        if ref.kind != "table":
            return None
        return self.catalog.find_relation(ref.schema, ref.name, ref.quoted)

    def columns_of(self, ref: TableRef, depth: int = 0) -> list[Column]:
        """The columns a table reference brings into scope (CTE/subquery/function aware)."""
        key = (ref, depth)
        if key in self._columns:
            return self._columns[key]
        cols: list[Column] = []
        if ref.kind == "table":
            rel = self.relation_of(ref)
            cols = list(rel.columns) if rel else []
        elif ref.kind == "function":
            fns = self.catalog.find_functions(ref.schema, ref.name, ref.quoted)
            outs = next((f.out_columns for f in fns if f.out_columns), ())
            row_type = next((self.catalog.find_relation(None, f.returns[6:].strip()) for f in fns
                             if f.returns.upper().startswith("SETOF ")), None)
            if ref.columns:
                cols = [Column(c) for c in ref.columns]
            elif outs:
                cols = list(outs)
            elif row_type is not None:  # RETURNS SETOF some_table
                cols = list(row_type.columns)
            else:
                cols = [Column(ref.alias or ref.name)]
        else:
            cols = [Column(c) for c in ref.columns]
            if depth < 8:
                for star in ref.stars:
                    cols += self.columns_of(star, depth + 1)
        self._columns[key] = cols
        return cols


# -- sources ----------------------------------------------------------------------------------


def _keywords(req: Request, s: cx.Keyword) -> list[Candidate]:
    words: Iterable[str] = req.dialect.keywords
    if s.previous is not None and s.previous in req.dialect.next_keywords:
        words = req.dialect.next_keywords[s.previous]
    casing = getattr(req.settings, "keyword_casing", "auto")
    lower = casing == "lower" or (casing == "auto" and req.word and req.word == req.word.lower() and req.word[0].isalpha())
    low = req.word.lower()
    out = []
    for position, kw in enumerate(words):
        if kw.lower().startswith(low):
            text = kw.lower() if lower else kw
            # The lists are in order of use (statement starters) or alphabetical: keep that order.
            out.append(req.candidate(Hit(kw, None, (0, position, 0)), "keyword", text))
    return out


def _schemas(req: Request, s: cx.Schema) -> list[Candidate]:
    low = req.word.lower()
    out = []
    names = req.catalog.schemas if req.dialect.engine != "mysql" else (req.catalog.databases or req.catalog.schemas)
    for hit in match_small(req.word, ((n, n) for n in names)):
        if req.dialect.is_system_schema(hit.name) and not (low and hit.name.lower().startswith(low)):
            continue
        out.append(req.candidate(hit, "schema", req.quote(hit.name)))
    return out


def _relations(req: Request, s: cx.Relation) -> list[Candidate]:
    out: list[Candidate] = []
    given = s.schema is not None
    for schema in req.schemas_in_path(s.schema):
        for hit in req.catalog.index("relations", schema).search(req.word, req.limit):
            rel: Relation = hit.payload  # type: ignore[assignment]
            kind = "view" if "view" in rel.kind else "table"
            if kind not in s.kinds or req.hidden(given, rel.name):
                continue
            out.append(req.candidate(hit, kind, req.quote(rel.name)))
        if s.functions:
            for hit in req.catalog.index("functions", schema).search(req.word, req.limit):
                fns: tuple[Function, ...] = hit.payload  # type: ignore[assignment]
                if any(f.returns_set for f in fns):
                    out.append(req.candidate(hit, "function", req.quote(hit.name) + "(", fns[0].signature()))
    if not given:
        if s.functions:
            srfs = _SRF_BUILTINS.get(req.dialect.engine, ())
            for hit in match_small(req.word, ((n, n) for n in srfs)):
                out.append(req.candidate(hit, "function", hit.name + "(", hit.name + "()"))
        out += _outside_path(req, s)
    return out


def _outside_path(req: Request, s: cx.Relation) -> list[Candidate]:
    """Prefix matches in the other user schemas, schema-qualified, after the visible names."""
    if not req.word or req.dialect.engine == "mysql":  # MySQL: other databases load on demand
        return []
    visible = set(req.schemas_in_path(None))
    out = []
    for schema in req.catalog.relations:
        if schema in visible or req.dialect.is_system_schema(schema):
            continue
        for hit in req.catalog.index("relations", schema).prefix(req.word, OUTSIDE_PATH_LIMIT):
            rel: Relation = hit.payload  # type: ignore[assignment]
            kind = "view" if "view" in rel.kind else "table"
            if kind in s.kinds:
                text = f"{req.quote(schema)}.{req.quote(rel.name)}"
                out.append(req.candidate(hit, kind, text, category="qualified"))
    return out


def _ctes(req: Request, s: cx.Relation) -> list[Candidate]:
    if s.schema is not None:
        return []
    names = [(n, n) for n in s.local]
    return [req.candidate(h, "table", req.quote(h.name)) for h in match_small(req.word, names)]


def _from_items(req: Request, s: cx.Relation) -> list[Candidate]:
    return _relations(req, s) + _ctes(req, s)


def _alias_for(name: str, taken: set[str]) -> str:
    """A short alias from a name's initials (``customer_orders`` → ``co``), unique in the statement.

    Digits are added only to tell tables apart: ``customers_12`` is ``c`` unless ``c`` is taken.
    """
    parts = [p for p in re.split(r"[_\W]+", name) if p]
    base = "".join(p[0] for p in parts if not p.isdigit()).lower() or "t"
    for alias in (base, base + "".join(p for p in parts if p.isdigit())):
        if alias.lower() not in taken:
            return alias
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def _joins(req: Request, s: cx.Join) -> list[Candidate]:
    out = []
    taken = {t.ref.lower() for t in s.tables}
    items: list[tuple[str, str]] = []
    for ref in s.tables:
        rel = req.relation_of(ref)
        if rel is None:
            continue
        for fk in req.catalog.foreign_keys_of(rel.schema, rel.name):
            if (fk.schema, fk.table) == (rel.schema, rel.name):
                other, mine, theirs = (fk.ref_schema, fk.ref_table), fk.columns, fk.ref_columns
            else:
                other, mine, theirs = (fk.schema, fk.table), fk.ref_columns, fk.columns
            alias = _alias_for(other[1], taken)
            qual = req.quote(other[1]) if other[0] in req.catalog.search_path else (
                f"{req.quote(other[0])}.{req.quote(other[1])}")
            cond = " AND ".join(f"{alias}.{req.quote(t)} = {ref.ref}.{req.quote(m)}" for m, t in zip(mine, theirs, strict=False))
            items.append((other[1], f"{qual} {alias} ON {cond}"))
    for hit in match_small(req.word, items):
        out.append(req.candidate(hit, "join", hit.payload))  # type: ignore[arg-type]
    return out


def _join_conditions(req: Request, s: cx.JoinCondition) -> list[Candidate]:
    if len(s.tables) < 2:
        return []
    last, earlier = s.tables[-1], s.tables[:-1]
    items: list[tuple[str, object]] = []
    fk_conds: set[str] = set()
    last_rel = req.relation_of(last)
    if last_rel is not None:
        for ref in earlier:
            rel = req.relation_of(ref)
            if rel is None:
                continue
            for fk in req.catalog.foreign_keys_of(last_rel.schema, last_rel.name):
                pairs = None
                if (fk.ref_schema, fk.ref_table) == (rel.schema, rel.name) and fk.table == last_rel.name:
                    pairs = zip(fk.columns, fk.ref_columns, strict=False)
                elif (fk.schema, fk.table) == (rel.schema, rel.name):
                    pairs = zip(fk.ref_columns, fk.columns, strict=False)
                if pairs is not None:
                    cond = " AND ".join(f"{last.ref}.{req.quote(a)} = {ref.ref}.{req.quote(b)}" for a, b in pairs)
                    fk_conds.add(cond)
                    items.append((cond, "join condition"))
    # Same-name, same-type columns after the foreign keys.
    last_cols = {c.name: c.type for c in req.columns_of(last)}
    for ref in earlier:
        for col in req.columns_of(ref):
            if col.name in last_cols and last_cols[col.name] == col.type:
                cond = f"{last.ref}.{req.quote(col.name)} = {ref.ref}.{req.quote(col.name)}"
                if cond not in fk_conds:
                    items.append((cond, "name join"))
    out = []
    for hit in match_small(req.word, items):
        out.append(req.candidate(hit, "join condition", category=hit.payload))  # type: ignore[arg-type]
    return out


def _aliases(req: Request, s: cx.Alias) -> list[Candidate]:
    return [req.candidate(h, "alias", h.name) for h in match_small(req.word, ((t.ref, t) for t in s.tables))]


def _scoped_columns(req: Request, tables: tuple[TableRef, ...], parent: str | None) -> list[tuple[TableRef, Column]]:
    if parent is not None:
        low = parent.lower()
        # The first match wins: inner tables come before those of enclosing queries.
        chosen = (tuple(t for t in tables if t.ref.lower() == low) or tuple(
            t for t in tables if t.name.lower() == low))[:1]
        if not chosen and req.catalog.find_relation(None, parent) is not None:
            chosen = (TableRef(None, parent),)
        tables = chosen
    return [(t, c) for t in tables for c in req.columns_of(t)]


def _columns(req: Request, s: cx.Column) -> list[Candidate]:
    pairs = _scoped_columns(req, s.tables, s.parent)
    counts = Counter(c.name for _, c in pairs)
    if s.require_common:
        tables = {t.ref for t, _ in pairs}
        per: dict[str, set[str]] = {}
        for t, c in pairs:
            per.setdefault(c.name, set()).add(t.ref)
        pairs = [(t, c) for t, c in pairs if len(per[c.name]) == len(tables) and len(tables) > 1]
        pairs = list({c.name: (t, c) for t, c in pairs}.values())
    qualify = getattr(req.settings, "qualify_columns", "if_more_than_one_table")
    items = []
    for ref, col in pairs:
        text = req.quote(col.name)
        if s.parent is None and not s.insert and not s.require_common and (
                qualify == "always" or (qualify != "never" and counts[col.name] > 1)):
            text = f"{ref.ref}.{text}"
        items.append((col.name, text))
    return [req.candidate(h, "column", h.payload) for h in match_small(req.word, items)]  # type: ignore[arg-type]


def _star(req: Request, s: cx.ColumnStar) -> list[Candidate]:
    pairs = _scoped_columns(req, s.tables, s.parent)
    if not pairs:
        return []
    several = len({t.ref for t, _ in pairs}) > 1
    text = ", ".join(f"{t.ref}.{req.quote(c.name)}" if several or s.parent else req.quote(c.name) for t, c in pairs)
    return [Candidate((-1, 0), text, text if len(text) < 60 else text[:57] + "…", "column")]


def _user_objects(req: Request, kind: str, schema: str | None) -> Iterator[Hit]:
    """Matches among the user's own ``kind`` objects (system schemas only when named)."""
    for name in req.schemas_in_path(schema):
        if schema is None and req.dialect.is_system_schema(name):
            continue
        yield from req.catalog.index(kind, name).search(req.word, req.limit)


def _functions(req: Request, s: cx.Function) -> list[Candidate]:
    out = []
    for hit in _user_objects(req, "functions", s.schema):
        fns: tuple[Function, ...] = hit.payload  # type: ignore[assignment]
        if s.signature:
            for fn in fns:
                sig = f"{req.quote(fn.name)}({', '.join(a.type for a in fn.input_args)})"
                out.append(req.candidate(hit, "function", sig, sig))
            continue
        fn = fns[0]
        text = req.quote(fn.name) + ("(" if fn.input_args else "()")
        out.append(req.candidate(hit, "function", text, fn.signature()))
    if s.schema is None and not s.signature:
        for hit in match_small(req.word, ((n, n) for n in req.dialect.functions)):
            bare = hit.name in _BARE_FUNCTIONS
            out.append(req.candidate(hit, "function", hit.name if bare else hit.name + "(",
                                     hit.name if bare else hit.name + "()"))
    return out


def _datatypes(req: Request, s: cx.Datatype) -> list[Candidate]:
    out = [req.candidate(hit, "datatype", req.quote(hit.name)) for hit in _user_objects(req, "datatypes", s.schema)]
    if s.schema is None:
        out += [req.candidate(h, "datatype") for h in match_small(req.word, ((n, n) for n in req.dialect.datatypes))]
    return out


_MYSQL_ENUM = re.compile(r"'((?:[^']|'')*)'")


def _enum_values(req: Request, s: cx.EnumValue) -> list[Candidate]:
    values: list[str] = []
    for _ref, col in _scoped_columns(req, s.tables, s.parent):
        if col.name.lower() != s.column.lower():
            continue
        typ = col.type.strip()
        if typ.lower().startswith(("enum(", "set(")):
            values += [v.replace("''", "'") for v in _MYSQL_ENUM.findall(typ)]
            continue
        dt = req.catalog.find_datatype(typ.strip('"'))
        if dt is not None:
            values += list(dt.enum_values)
    items = [(v, "'" + v.replace("'", "''") + "'") for v in dict.fromkeys(values)]
    return [req.candidate(h, "enum value", h.payload) for h in match_small(req.word, items)]  # type: ignore[arg-type]


def _databases(req: Request, s: cx.Database) -> list[Candidate]:
    return [req.candidate(h, "database", req.quote(h.name))
            for h in match_small(req.word, ((n, n) for n in req.catalog.databases))]


def _specials(req: Request, s: cx.Special) -> list[Candidate]:
    if not req.word.startswith(("\\", ".")):  # at a statement start only once \ (or .) is typed
        return []
    out = []
    for hit in match_small(req.word, req.extras.special_commands()):
        if hit.name[0] not in "\\.":
            continue
        out.append(req.candidate(hit, "special command", hit.name, f"{hit.name}"))
    return out


def _named_queries(req: Request, s: cx.NamedQuery) -> list[Candidate]:
    return [req.candidate(h, "named query") for h in match_small(req.word, ((n, n) for n in req.extras.named_queries()))]


def _themes(req: Request, s: cx.Theme) -> list[Candidate]:
    return [req.candidate(h, "theme") for h in match_small(req.word, ((n, n) for n in req.extras.theme_names()))]


def _formats(req: Request, s: cx.TableFormat) -> list[Candidate]:
    return [req.candidate(h, "table format") for h in match_small(req.word, ((n, n) for n in req.extras.format_names()))]


def _files(req: Request, s: cx.File) -> list[Candidate]:
    typed = os.path.expanduser(req.word)
    folder, partial = os.path.split(typed)
    try:
        entries = sorted(os.listdir(folder or "."))[:5000]
    except OSError:
        return []
    out = []
    for name in entries:
        if not name.startswith(partial) or (name.startswith(".") and not partial.startswith(".")):
            continue
        path = os.path.join(folder, name) if folder else name
        shown = req.word[: len(req.word) - len(partial)] + name
        if os.path.isdir(path):
            shown += "/"
        out.append(req.candidate(Hit(name, None, (0, len(name), 0)), "file", shown, name))
    return out


SOURCES: dict[type, Callable[[Request, object], list[Candidate]]] = {
    cx.Keyword: _keywords,  # type: ignore[dict-item]
    cx.Schema: _schemas,  # type: ignore[dict-item]
    cx.Relation: _from_items,  # type: ignore[dict-item]
    cx.Join: _joins,  # type: ignore[dict-item]
    cx.JoinCondition: _join_conditions,  # type: ignore[dict-item]
    cx.Alias: _aliases,  # type: ignore[dict-item]
    cx.Column: _columns,  # type: ignore[dict-item]
    cx.ColumnStar: _star,  # type: ignore[dict-item]
    cx.Function: _functions,  # type: ignore[dict-item]
    cx.Datatype: _datatypes,  # type: ignore[dict-item]
    cx.EnumValue: _enum_values,  # type: ignore[dict-item]
    cx.Database: _databases,  # type: ignore[dict-item]
    cx.Special: _specials,  # type: ignore[dict-item]
    cx.NamedQuery: _named_queries,  # type: ignore[dict-item]
    cx.TableFormat: _formats,  # type: ignore[dict-item]
    cx.Theme: _themes,  # type: ignore[dict-item]
    cx.File: _files,  # type: ignore[dict-item]
}
