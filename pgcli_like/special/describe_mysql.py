"""psql's describe commands on MySQL/MariaDB, answered from information_schema.

``\\d``, ``\\dt``, ``\\dv``, ``\\di``, ``\\df``, ``\\l``, ``\\du`` keep psql's titles and
column names where the concepts match (Schema, Name, Type …); ``\\d TABLE`` shows the
columns with psql-style footer sections (Indexes, Check constraints, Foreign-key
constraints, Referenced by, Triggers). The native ``SHOW …``/``DESCRIBE`` statements are
plain SQL and go to the server untouched.
"""

from __future__ import annotations

from pgcli_like.drivers.base import StaticResult
from pgcli_like.special.base import CommandContext, CommandError
from pgcli_like.special.catalog_query import fetch, listing, show_query, text_columns
from pgcli_like.special.command import MYSQL, Invocation, command
from pgcli_like.special.function_kinds import MYSQL_LETTERS, kind_letters
from pgcli_like.special.wildcards import like_pattern

_KIND = "CASE t.table_type WHEN 'BASE TABLE' THEN 'table' WHEN 'VIEW' THEN 'view' ELSE LOWER(t.table_type) END"


def _where(pattern: str | None, schema_col: str, name_col: str) -> tuple[str, list[str]]:
    """`` AND …`` conditions for a psql-style pattern; no schema part means the current database."""
    if pattern is None:
        return f" AND {schema_col} = DATABASE()", []
    like = like_pattern(pattern)
    sql = f" AND {name_col} LIKE %s ESCAPE '\\\\'"
    params = [like.name]
    if like.schema is None:
        sql += f" AND {schema_col} = DATABASE()"
    else:
        sql += f" AND {schema_col} LIKE %s ESCAPE '\\\\'"
        params.append(like.schema)
    return sql, params


def _list_relations(ctx: CommandContext, inv: Invocation, types: tuple[str, ...]) -> None:
    pattern = inv.args[0] if inv.args else None
    where, params = _where(pattern, "t.table_schema", "t.table_name")
    cols = ["t.table_schema AS `Schema`", "t.table_name AS `Name`", f"{_KIND} AS `Type`"]
    if inv.verbose:
        cols += ["t.engine AS `Engine`", "t.table_rows AS `Rows`",
                 "CONCAT(ROUND((COALESCE(t.data_length, 0) + COALESCE(t.index_length, 0)) / 1024), ' kB')"
                 " AS `Size`", "t.table_comment AS `Description`"]
    in_types = ", ".join(f"'{t}'" for t in types)
    sql = ("SELECT " + ", ".join(cols) + " FROM information_schema.tables t"
           f" WHERE t.table_type IN ({in_types})" + where + " ORDER BY 1, 2")
    columns, rows = fetch(ctx, sql, params)
    if not rows:
        ctx.warn(f'Did not find any relation named "{pattern}".' if pattern else "Did not find any relations.")
        return
    ctx.show(listing(columns, rows, title="List of relations"))


@command("\\dt", usage="\\dt[+] [PATTERN]", description="list tables", engines=MYSQL, group="Informational",
         modifiers="S+", arg_kinds=("table",), max_args=1)
def list_tables(ctx: CommandContext, inv: Invocation) -> None:
    _list_relations(ctx, inv, ("BASE TABLE", "SYSTEM VERSIONED", "SEQUENCE"))


@command("\\dv", usage="\\dv[+] [PATTERN]", description="list views", engines=MYSQL, group="Informational",
         modifiers="S+", arg_kinds=("view",), max_args=1)
def list_views(ctx: CommandContext, inv: Invocation) -> None:
    _list_relations(ctx, inv, ("VIEW",))


@command("\\d", usage="\\d[+] [TABLE]", description="describe a table or view (or list them)", engines=MYSQL,
         group="Informational", modifiers="S+", arg_kinds=("relation",), max_args=1,
         help="\\d alone lists tables and views. \\d NAME shows its columns, indexes,\n"
              "constraints, foreign keys both ways and triggers. DESCRIBE NAME and SHOW … also work.")
def describe(ctx: CommandContext, inv: Invocation) -> None:
    if not inv.args:
        _list_relations(ctx, inv, ("BASE TABLE", "SYSTEM VERSIONED", "SEQUENCE", "VIEW"))
        return
    pattern = inv.args[0]
    where, params = _where(pattern, "t.table_schema", "t.table_name")
    _, found = fetch(ctx, "SELECT t.table_schema, t.table_name, t.table_type FROM information_schema.tables t"
                          " WHERE true" + where + " ORDER BY 1, 2", params)
    if not found:
        raise CommandError(f'Did not find any relation named "{pattern}".')
    for schema, name, kind in found:
        ctx.show(_describe_table(ctx, schema, name, kind, inv.verbose))


def _describe_table(ctx: CommandContext, schema: str, name: str, kind: str, verbose: bool) -> StaticResult:
    key = [schema, name]
    _, cols = fetch(ctx, "SELECT column_name, column_type, collation_name, is_nullable, column_default, extra,"
                         " column_comment FROM information_schema.columns"
                         " WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position", key)
    names = ["Column", "Type", "Collation", "Nullable", "Default", "Extra"] + (["Description"] if verbose else [])
    # MariaDB reports "no default" on a nullable column as the text NULL.
    rows = [(c, t, coll or "", "" if nullable == "YES" else "not null", "" if d in (None, "NULL") else str(d),
             extra or "")
            + ((comment or "",) if verbose else ()) for c, t, coll, nullable, d, extra, comment in cols]
    footer = _index_lines(ctx, key) + _constraint_lines(ctx, key) + _trigger_lines(ctx, key)
    if verbose and kind == "VIEW":
        _, view = fetch(ctx, "SELECT view_definition FROM information_schema.views"
                             " WHERE table_schema = %s AND table_name = %s", key)
        if view:
            footer += ["View definition:", f" {view[0][0]}"]
    title = f'{"View" if kind == "VIEW" else "Table"} "{schema}.{name}"'
    return listing(text_columns(*names), rows, title=title, footer="\n".join(footer) or None,
                        row_count=False)


def _index_lines(ctx: CommandContext, key: list[str]) -> list[str]:
    _, rows = fetch(ctx, "SELECT index_name, non_unique, index_type,"
                         " GROUP_CONCAT(column_name ORDER BY seq_in_index SEPARATOR ', ')"
                         " FROM information_schema.statistics WHERE table_schema = %s AND table_name = %s"
                         " GROUP BY index_name, non_unique, index_type"
                         " ORDER BY index_name <> 'PRIMARY', index_name", key)
    lines = ["Indexes:"] if rows else []
    for index, non_unique, method, columns in rows:
        label = " PRIMARY KEY," if index == "PRIMARY" else ("" if int(non_unique) else " UNIQUE,")
        lines.append(f'    "{index}"{label} {method.lower()} ({columns})')
    return lines


def _constraint_lines(ctx: CommandContext, key: list[str]) -> list[str]:
    lines: list[str] = []
    _, checks = fetch(ctx, "SELECT constraint_name, check_clause FROM information_schema.check_constraints"
                           " WHERE constraint_schema = %s AND table_name = %s ORDER BY 1", key)
    if checks:
        lines += ["Check constraints:"] + [f'    "{n}" CHECK ({c})' for n, c in checks]
    fk_sql = ("SELECT k.constraint_name, k.table_name,"
              " GROUP_CONCAT(k.column_name ORDER BY k.ordinal_position SEPARATOR ', '),"
              " k.referenced_table_name,"
              " GROUP_CONCAT(k.referenced_column_name ORDER BY k.ordinal_position SEPARATOR ', '),"
              " r.update_rule, r.delete_rule"
              " FROM information_schema.key_column_usage k JOIN information_schema.referential_constraints r"
              " ON r.constraint_schema = k.constraint_schema AND r.constraint_name = k.constraint_name"
              " AND r.table_name = k.table_name"
              " WHERE k.referenced_table_name IS NOT NULL AND k.table_schema = %s AND {side} = %s"
              " GROUP BY k.constraint_name, k.table_name, k.referenced_table_name, r.update_rule, r.delete_rule"
              " ORDER BY 1")
    _, outgoing = fetch(ctx, fk_sql.format(side="k.table_name"), key)
    _, incoming = fetch(ctx, fk_sql.format(side="k.referenced_table_name"), key)
    if outgoing:
        lines.append("Foreign-key constraints:")
        lines += [f'    "{n}" {_fk(c, rt, rc, up, de)}' for n, _t, c, rt, rc, up, de in outgoing]
    if incoming:
        lines.append("Referenced by:")
        lines += [f'    TABLE "{t}" CONSTRAINT "{n}" {_fk(c, rt, rc, up, de)}' for n, t, c, rt, rc, up, de in incoming]
    return lines


def _fk(columns: str, table: str, ref_columns: str, on_update: str, on_delete: str) -> str:
    text = f"FOREIGN KEY ({columns}) REFERENCES {table}({ref_columns})"
    for rule, verb in ((on_update, "UPDATE"), (on_delete, "DELETE")):
        if rule and rule not in ("RESTRICT", "NO ACTION"):
            text += f" ON {verb} {rule}"
    return text


def _trigger_lines(ctx: CommandContext, key: list[str]) -> list[str]:
    _, rows = fetch(ctx, "SELECT trigger_name, action_timing, event_manipulation, action_orientation"
                         " FROM information_schema.triggers WHERE event_object_schema = %s"
                         " AND event_object_table = %s ORDER BY 1", key)
    if not rows:
        return []
    return ["Triggers:"] + [f"    {n} {timing} {event} ON {key[1]} FOR EACH {orient}"
                            for n, timing, event, orient in rows]


@command("\\di", usage="\\di [PATTERN]", description="list indexes", engines=MYSQL, group="Informational",
         modifiers="S+", max_args=1)
def list_indexes(ctx: CommandContext, inv: Invocation) -> None:
    pattern = inv.args[0] if inv.args else None
    where, params = _where(pattern, "s.table_schema", "s.index_name")
    show_query(ctx, "SELECT s.table_schema AS `Schema`, s.index_name AS `Name`, 'index' AS `Type`,"
                    " s.table_name AS `Table`, IF(MIN(s.non_unique) = 0, 'yes', 'no') AS `Unique`,"
                    " GROUP_CONCAT(s.column_name ORDER BY s.seq_in_index SEPARATOR ', ') AS `Columns`"
                    " FROM information_schema.statistics s WHERE true" + where
                    + " GROUP BY s.table_schema, s.table_name, s.index_name ORDER BY 1, 2, 4",
               params, title="List of relations")


@command("\\df", usage="\\df[np] [PATTERN]", description="list functions and procedures", engines=MYSQL,
         group="Informational", modifiers="S+", letters=MYSQL_LETTERS,
         aliases=tuple(f"\\df{letter}" for letter in MYSQL_LETTERS), arg_kinds=("function",), max_args=1,
         help="\\dfn lists functions only, \\dfp procedures only.")
def list_functions(ctx: CommandContext, inv: Invocation) -> None:
    kinds = kind_letters(inv.typed, "\\df", MYSQL_LETTERS)
    pattern = inv.args[0] if inv.args else None
    where, params = _where(pattern, "r.routine_schema", "r.routine_name")
    if kinds != MYSQL_LETTERS:
        where += " AND r.routine_type = %s"
        params = [*params, "FUNCTION" if kinds == "n" else "PROCEDURE"]
    show_query(ctx, "SELECT r.routine_schema AS `Schema`, r.routine_name AS `Name`,"
                    " COALESCE(r.dtd_identifier, '') AS `Result data type`,"
                    " COALESCE((SELECT GROUP_CONCAT(CONCAT_WS(' ', p.parameter_name, p.dtd_identifier)"
                    "   ORDER BY p.ordinal_position SEPARATOR ', ') FROM information_schema.parameters p"
                    "   WHERE p.specific_schema = r.routine_schema AND p.specific_name = r.specific_name"
                    "   AND p.ordinal_position > 0), '') AS `Argument data types`,"
                    " IF(r.routine_type = 'PROCEDURE', 'proc', 'func') AS `Type`"
                    " FROM information_schema.routines r WHERE true" + where + " ORDER BY 1, 2",
               params, title="List of functions")


@command("\\l", usage="\\l [PATTERN]", description="list databases", engines=MYSQL, aliases=("\\list",),
         group="Informational", modifiers="+", arg_kinds=("database",), max_args=1)
def list_databases(ctx: CommandContext, inv: Invocation) -> None:
    where, params = "", []
    if inv.args:
        where, params = " WHERE schema_name LIKE %s ESCAPE '\\\\'", [like_pattern(inv.args[0]).name]
    show_query(ctx, "SELECT schema_name AS `Name`, default_character_set_name AS `Encoding`,"
                    " default_collation_name AS `Collate` FROM information_schema.schemata" + where
                    + " ORDER BY 1", params, title="List of databases")


@command("\\du", usage="\\du [PATTERN]", description="list users", engines=MYSQL, aliases=("\\dg",),
         group="Informational", modifiers="S+", max_args=1)
def list_users(ctx: CommandContext, inv: Invocation) -> None:
    where, params = "", []
    if inv.args:
        where, params = " WHERE user LIKE %s ESCAPE '\\\\'", [like_pattern(inv.args[0]).name]
    try:
        show_query(ctx, "SELECT user AS `Role name`, host AS `Host` FROM mysql.user" + where + " ORDER BY 1, 2",
                   params, title="List of roles")
    except CommandError:
        # Without access to mysql.user, the accounts we can see are those we hold privileges through.
        show_query(ctx, "SELECT DISTINCT grantee AS `Role name` FROM information_schema.user_privileges"
                        " ORDER BY 1", (), title="List of roles")
