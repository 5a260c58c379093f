"""Describe commands on SQLite: psql's names and the sqlite3 shell's dot commands.

``\\d``, ``\\dt``/``.tables``, ``\\dv``, ``\\di``/``.indexes``, ``\\l``/``.databases``,
``.schema``, and ``\\d TABLE``/``describe TABLE`` with psql-style footer sections
(Indexes, Foreign-key constraints, Referenced by, Triggers). Every attached database
is searched; ``schema.name`` patterns pick one.
"""

from __future__ import annotations

from pgcli_like.drivers.base import StaticResult
from pgcli_like.special.base import CommandContext, CommandError
from pgcli_like.special.catalog_query import fetch, listing, text_columns
from pgcli_like.special.command import SQLITE, Invocation, command
from pgcli_like.special.variables import quote_identifier
from pgcli_like.special.wildcards import like_pattern


def _schemas(ctx: CommandContext) -> list[tuple[str, str]]:
    """(name, file) of every attached database, main first."""
    _, rows = fetch(ctx, "PRAGMA database_list")
    return [(str(name), str(path or "")) for _seq, name, path in rows]


def objects(ctx: CommandContext, types: tuple[str, ...], pattern: str | None) -> list[tuple[str, str, str, str, str]]:
    """(schema, name, type, table, sql) of matching schema objects, internal ``sqlite_`` ones left out."""
    like = like_pattern(pattern) if pattern else None
    found = []
    for schema, _path in _schemas(ctx):
        if like and like.schema is not None:
            _, ok = fetch(ctx, "SELECT ? LIKE ? ESCAPE '\\'", [schema, like.schema])
            if not ok[0][0]:
                continue
        marks = ", ".join("?" for _ in types)
        sql = (f"SELECT name, type, tbl_name, sql FROM {quote_identifier(schema)}.sqlite_master"
               f" WHERE type IN ({marks}) AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        params: list[object] = list(types)
        if like:
            sql += " AND name LIKE ? ESCAPE '\\'"
            params.append(like.name)
        _, rows = fetch(ctx, sql + " ORDER BY name", params)
        found += [(schema, name, kind, table, sql or "") for name, kind, table, sql in rows]
    return found


def _list(ctx: CommandContext, inv: Invocation, types: tuple[str, ...], *, with_table: bool = False) -> None:
    pattern = inv.args[0] if inv.args else None
    rows = objects(ctx, types, pattern)
    if not rows:
        ctx.warn(f'Did not find any relation named "{pattern}".' if pattern else "Did not find any relations.")
        return
    names = ["Schema", "Name", "Type"] + (["Table"] if with_table else [])
    out = [(s, n, k) + ((t,) if with_table else ()) for s, n, k, t, _sql in rows]
    ctx.show(listing(text_columns(*names), out, title="List of relations"))


@command("\\dt", usage="\\dt [PATTERN]", description="list tables", engines=SQLITE, group="Informational",
         modifiers="S+", arg_kinds=("table",), max_args=1)
def list_tables(ctx: CommandContext, inv: Invocation) -> None:
    _list(ctx, inv, ("table",))


@command(".tables", usage=".tables [PATTERN]", description="list table and view names", engines=SQLITE,
         group="Informational", arg_kinds=("table",), max_args=1)
def dot_tables(ctx: CommandContext, inv: Invocation) -> None:
    for schema, name, _k, _t, _sql in objects(ctx, ("table", "view"), inv.args[0] if inv.args else None):
        ctx.echo(name if schema == "main" else f"{schema}.{name}")


@command("\\dv", usage="\\dv [PATTERN]", description="list views", engines=SQLITE, group="Informational",
         modifiers="S+", arg_kinds=("view",), max_args=1)
def list_views(ctx: CommandContext, inv: Invocation) -> None:
    _list(ctx, inv, ("view",))


@command("\\di", usage="\\di [PATTERN]", description="list indexes", engines=SQLITE, group="Informational",
         modifiers="S+", max_args=1)
def list_indexes(ctx: CommandContext, inv: Invocation) -> None:
    _list(ctx, inv, ("index",), with_table=True)


@command(".indexes", usage=".indexes [TABLE]", description="list index names (of one table)", engines=SQLITE,
         aliases=(".indices",), group="Informational", arg_kinds=("table",), max_args=1)
def dot_indexes(ctx: CommandContext, inv: Invocation) -> None:
    table = inv.args[0].lower() if inv.args else None
    for _schema, name, _k, tbl, _sql in objects(ctx, ("index",), None):
        if table is None or tbl.lower() == table:
            ctx.echo(name)


@command(".schema", usage=".schema [PATTERN]", description="show the CREATE statements", engines=SQLITE,
         group="Informational", arg_kinds=("table",), max_args=1)
def dot_schema(ctx: CommandContext, inv: Invocation) -> None:
    pattern = inv.args[0] if inv.args else None
    rows = objects(ctx, ("table", "view", "index", "trigger"), None)
    if pattern:
        wanted = {(s, n) for s, n, _k, _t, _q in objects(ctx, ("table", "view", "index", "trigger"), pattern)}
        tables = {t.lower() for s, n, _k, t, _q in rows if (s, n) in wanted}
        rows = [r for r in rows if (r[0], r[1]) in wanted or r[3].lower() in tables]
    for _s, _n, _k, _t, sql in rows:
        if sql:
            ctx.echo(sql + ";")


@command("\\l", usage="\\l", description="list attached databases", engines=SQLITE,
         aliases=("\\list", ".databases"), group="Informational", modifiers="+", max_args=0)
def list_databases(ctx: CommandContext, inv: Invocation) -> None:
    rows = _schemas(ctx)
    ctx.show(listing(text_columns("Name", "File"), rows, title="List of databases"))


@command("\\d", usage="\\d[+] [TABLE]", description="describe a table or view (or list them)", engines=SQLITE,
         aliases=("describe", "desc"), group="Informational", modifiers="S+", arg_kinds=("relation",),
         max_args=1,
         help="\\d alone lists tables and views. \\d NAME shows its columns, indexes, foreign keys\n"
              "both ways and triggers. .schema NAME shows the CREATE statements.")
def describe(ctx: CommandContext, inv: Invocation) -> None:
    if not inv.args:
        _list(ctx, inv, ("table", "view"))
        return
    pattern = inv.args[0]
    found = objects(ctx, ("table", "view"), pattern)
    if not found:
        raise CommandError(f'Did not find any relation named "{pattern}".')
    for schema, name, kind, _t, sql in found:
        ctx.show(_describe_table(ctx, schema, name, kind, sql, inv.verbose))


def _describe_table(ctx: CommandContext, schema: str, name: str, kind: str, sql: str,
                    verbose: bool) -> StaticResult:
    s, n = quote_identifier(schema), quote_identifier(name)
    _, cols = fetch(ctx, f"PRAGMA {s}.table_xinfo({n})")
    rows = []
    for _cid, col, typ, notnull, default, pk, hidden in cols:
        if hidden == 1:
            continue  # a virtual table's hidden column
        extra = "primary key" if pk else ("generated" if hidden in (2, 3) else "")
        rows.append((col, typ or "", "not null" if notnull else "", "" if default is None else str(default), extra))
    footer = _index_lines(ctx, s, n) + _fk_lines(ctx, schema, name) + _trigger_lines(ctx, s, name)
    if verbose and kind == "view":
        footer += ["View definition:", *sql.split("\n")]
    title = f'{"View" if kind == "view" else "Table"} "{schema}.{name}"'
    return listing(text_columns("Column", "Type", "Nullable", "Default", "Key"), rows, title=title,
                        footer="\n".join(footer) or None, row_count=False)


def _index_lines(ctx: CommandContext, s: str, n: str) -> list[str]:
    _, indexes = fetch(ctx, f"PRAGMA {s}.index_list({n})")
    lines = []
    for _seq, index, unique, origin, partial in sorted(indexes, key=lambda r: (r[3] != "pk", r[1])):
        _, info = fetch(ctx, f"PRAGMA {s}.index_info({quote_identifier(index)})")
        columns = ", ".join(str(c) if c is not None else "<expression>" for _r, _cid, c in info)
        label = " PRIMARY KEY" if origin == "pk" else (" UNIQUE CONSTRAINT" if origin == "u" else
                                                        " UNIQUE" if unique else "")
        lines.append(f'    "{index}"{label} ({columns})' + (" partial" if partial else ""))
    return ["Indexes:", *lines] if lines else []


def _fk_lines(ctx: CommandContext, schema: str, name: str) -> list[str]:
    s = quote_identifier(schema)
    outgoing = _foreign_keys(ctx, s, name)
    lines = []
    if outgoing:
        lines.append("Foreign-key constraints:")
        lines += [f"    {text}" for _table, text in outgoing]
    incoming = []
    for _schema, other, _k, _t, _sql in objects(ctx, ("table",), f"{schema}.*"):
        incoming += [f'    TABLE "{other}" {text}' for table, text in _foreign_keys(ctx, s, other)
                     if table.lower() == name.lower()]
    if incoming:
        lines += ["Referenced by:", *incoming]
    return lines


def _foreign_keys(ctx: CommandContext, s: str, table: str) -> list[tuple[str, str]]:
    """(referenced table, psql-style definition) of each foreign key of ``table``."""
    _, rows = fetch(ctx, f"PRAGMA {s}.foreign_key_list({quote_identifier(table)})")
    keys: dict[int, list[tuple]] = {}
    for row in rows:
        keys.setdefault(row[0], []).append(row)
    out = []
    for parts in keys.values():
        parts.sort(key=lambda r: r[1])
        target = parts[0][2]
        src = ", ".join(str(p[3]) for p in parts)
        dst = ", ".join(str(p[4]) for p in parts if p[4] is not None)
        text = f"FOREIGN KEY ({src}) REFERENCES {target}" + (f"({dst})" if dst else "")
        on_update, on_delete = parts[0][5], parts[0][6]
        for rule, verb in ((on_update, "UPDATE"), (on_delete, "DELETE")):
            if rule and rule.upper() != "NO ACTION":
                text += f" ON {verb} {rule.upper()}"
        out.append((target, text))
    return out


def _trigger_lines(ctx: CommandContext, s: str, name: str) -> list[str]:
    _, rows = fetch(ctx, f"SELECT name, sql FROM {s}.sqlite_master WHERE type = 'trigger'"
                         " AND tbl_name = ? COLLATE NOCASE ORDER BY name", [name])
    return ["Triggers:", *(f"    {sql}" for _n, sql in rows)] if rows else []
