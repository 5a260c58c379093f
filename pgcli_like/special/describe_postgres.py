"""PostgreSQL's list commands, with psql's queries, columns and titles.

``\\d`` (no pattern), ``\\dt \\dv \\dm \\di \\ds \\dE``, ``\\df[anptw]``, ``\\dn``, ``\\du``/``\\dg``,
``\\dT``, ``\\dD``, ``\\dx``, ``\\dp``/``\\z``, ``\\db``, ``\\l``. The SQL follows psql 15's
(``psql -E`` shows it), with version guards so it also runs on older and newer servers.
``\\d PATTERN`` (one object in detail) lives in ``describe_pg_objects``.
"""

from __future__ import annotations

from pgcli_like.special.base import CommandContext
from pgcli_like.special.catalog_query import fetch, listing, server_version_num, show_query, text_columns
from pgcli_like.special.command import POSTGRES, Invocation, command
from pgcli_like.special.function_kinds import PG_LETTERS, kind_letters, pg_kind_condition
from pgcli_like.special.pg_patterns import name_condition

_RELKIND_NAME = (
    "CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'"
    " WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table'"
    " WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END"
)
_HIDE_SYSTEM_RELATIONS = ("      AND n.nspname <> 'pg_catalog'\n      AND n.nspname !~ '^pg_toast'\n"
                          "      AND n.nspname <> 'information_schema'\n")
_HIDE_SYSTEM_SCHEMAS = "      AND n.nspname <> 'pg_catalog'\n      AND n.nspname <> 'information_schema'\n"


def _pattern(inv: Invocation) -> str | None:
    return inv.args[0] if inv.args else None


def list_relations(ctx: CommandContext, inv: Invocation, kinds: str) -> None:
    """psql's listTables: ``kinds`` holds letters t (tables), v, m, i, s (sequences), E (foreign)."""
    pattern = _pattern(inv)
    system = inv.system
    relkinds: list[str] = []
    if "t" in kinds:
        relkinds += ["r", "p"] + (["t"] if system or pattern else [])
    if "v" in kinds:
        relkinds.append("v")
    if "m" in kinds:
        relkinds.append("m")
    if "i" in kinds:
        relkinds += ["i", "I"]
    if "s" in kinds:
        relkinds.append("S")
    if system or pattern:
        relkinds.append("s")
    if "E" in kinds:
        relkinds.append("f")
    cols = [
        'n.nspname as "Schema"', 'c.relname as "Name"', f'{_RELKIND_NAME} as "Type"',
        'pg_catalog.pg_get_userbyid(c.relowner) as "Owner"',
    ]
    joins = ""
    if "i" in kinds:
        cols.append('c2.relname as "Table"')
        joins = ("     LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid\n"
                 "     LEFT JOIN pg_catalog.pg_class c2 ON i.indrelid = c2.oid\n")
    if inv.verbose:
        cols.append("CASE c.relpersistence WHEN 'p' THEN 'permanent' WHEN 't' THEN 'temporary'"
                    " WHEN 'u' THEN 'unlogged' END as \"Persistence\"")
        if any(k in kinds for k in "tmi") and server_version_num(ctx) >= 120000:
            cols.append('am.amname as "Access method"')
        cols += ['pg_catalog.pg_size_pretty(pg_catalog.pg_table_size(c.oid)) as "Size"',
                 "pg_catalog.obj_description(c.oid, 'pg_class') as \"Description\""]
    am_join = "     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam\n" if inv.verbose else ""
    cond = name_condition(pattern, namevar="c.relname", schemavar="n.nspname",
                          visibility="pg_catalog.pg_table_is_visible(c.oid)",
                          current_database=ctx.driver.current_database)
    sql = (
        "SELECT " + ",\n  ".join(cols) + "\n"
        "FROM pg_catalog.pg_class c\n"
        "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
        + am_join + joins
        + "WHERE c.relkind IN (" + ",".join(f"'{k}'" for k in relkinds) + ",'')\n"
        + ("" if system or pattern else _HIDE_SYSTEM_RELATIONS)
        + cond.sql + "ORDER BY 1,2"
    )
    columns, rows = fetch(ctx, sql, cond.params)
    if not rows:
        ctx.warn(f'Did not find any relation named "{pattern}".' if pattern else "Did not find any relations.")
        return
    ctx.show(listing(columns, rows, title="List of relations"))


def _relations_command(name: str, kinds: str, what: str):
    @command(name, usage=f"{name}[S+] [PATTERN]", description=f"list {what}", engines=POSTGRES,
             group="Informational", modifiers="S+", arg_kinds=("relation",), max_args=1)
    def handler(ctx: CommandContext, inv: Invocation) -> None:
        list_relations(ctx, inv, kinds)

    return handler


list_tables = _relations_command("\\dt", "t", "tables")
list_views = _relations_command("\\dv", "v", "views")
list_matviews = _relations_command("\\dm", "m", "materialized views")
list_indexes = _relations_command("\\di", "i", "indexes")
list_sequences = _relations_command("\\ds", "s", "sequences")
list_foreign_tables = _relations_command("\\dE", "E", "foreign tables")


@command("\\df", usage="\\df[anptw][S+] [PATTERN]", description="list functions", engines=POSTGRES,
         group="Informational", modifiers="S+", letters=PG_LETTERS,
         aliases=tuple(f"\\df{letter}" for letter in PG_LETTERS), arg_kinds=("function",), max_args=1,
         help="Letters pick kinds, and combine (\\dfnt): a aggregates, n normal functions,\n"
              "p procedures, t trigger functions, w window functions.")
def list_functions(ctx: CommandContext, inv: Invocation) -> None:
    kinds = kind_letters(inv.typed, "\\df", PG_LETTERS)
    pattern = _pattern(inv)
    version = server_version_num(ctx)
    only_kinds = pg_kind_condition(kinds, version)
    kind = (" CASE p.prokind\n  WHEN 'a' THEN 'agg'\n  WHEN 'w' THEN 'window'\n  WHEN 'p' THEN 'proc'\n"
            "  ELSE 'func'\n END" if version >= 110000 else
            " CASE WHEN p.proisagg THEN 'agg' WHEN p.proiswindow THEN 'window'"
            " WHEN p.prorettype = 'pg_catalog.trigger'::pg_catalog.regtype THEN 'trigger' ELSE 'func' END")
    cols = ['n.nspname as "Schema"', 'p.proname as "Name"',
            'pg_catalog.pg_get_function_result(p.oid) as "Result data type"',
            'pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types"', kind + ' as "Type"']
    joins = ""
    if inv.verbose:
        source = ("COALESCE(pg_catalog.pg_get_function_sqlbody(p.oid), p.prosrc)" if version >= 140000
                  else "p.prosrc")
        cols += [
            "CASE WHEN p.provolatile = 'i' THEN 'immutable' WHEN p.provolatile = 's' THEN 'stable'"
            " WHEN p.provolatile = 'v' THEN 'volatile' END as \"Volatility\"",
            "CASE WHEN p.proparallel = 'r' THEN 'restricted' WHEN p.proparallel = 's' THEN 'safe'"
            " WHEN p.proparallel = 'u' THEN 'unsafe' END as \"Parallel\"",
            'pg_catalog.pg_get_userbyid(p.proowner) as "Owner"',
            "CASE WHEN prosecdef THEN 'definer' ELSE 'invoker' END AS \"Security\"",
            "pg_catalog.array_to_string(p.proacl, E'\\n') AS \"Access privileges\"",
            'l.lanname as "Language"',
        ]
        if version < 160000:
            cols.append(f'{source} as "Source code"')
        else:
            cols.append("CASE WHEN l.lanname IN ('internal', 'c') THEN p.prosrc END as \"Internal name\"")
        cols.append("pg_catalog.obj_description(p.oid, 'pg_proc') as \"Description\"")
        joins = "     LEFT JOIN pg_catalog.pg_language l ON l.oid = p.prolang\n"
    cond = name_condition(pattern, namevar="p.proname", schemavar="n.nspname",
                          visibility="pg_catalog.pg_function_is_visible(p.oid)",
                          current_database=ctx.driver.current_database)
    sql = ("SELECT " + ",\n  ".join(cols) + "\nFROM pg_catalog.pg_proc p\n"
           "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace\n" + joins
           + "WHERE true\n" + only_kinds + cond.sql
           + ("" if inv.system or pattern else _HIDE_SYSTEM_SCHEMAS) + "ORDER BY 1, 2, 4")
    show_query(ctx, sql, cond.params, title="List of functions")


@command("\\dn", usage="\\dn[S+] [PATTERN]", description="list schemas", engines=POSTGRES,
         group="Informational", modifiers="S+", arg_kinds=("schema",), max_args=1)
def list_schemas(ctx: CommandContext, inv: Invocation) -> None:
    pattern = _pattern(inv)
    cols = ['n.nspname AS "Name"', 'pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner"']
    if inv.verbose:
        cols += ["pg_catalog.array_to_string(n.nspacl, E'\\n') AS \"Access privileges\"",
                 "pg_catalog.obj_description(n.oid, 'pg_namespace') AS \"Description\""]
    cond = name_condition(pattern, namevar="n.nspname", current_database=ctx.driver.current_database)
    hide = "" if inv.system or pattern else "  AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'\n"
    sql = ("SELECT " + ",\n  ".join(cols) + "\nFROM pg_catalog.pg_namespace n\nWHERE true\n" + hide
           + cond.sql + "ORDER BY 1")
    show_query(ctx, sql, cond.params, title="List of schemas")


def _role_attributes(row: tuple) -> str:
    """psql's Attributes column of \\du, from rolsuper … rolbypassrls."""
    (_, superuser, inherit, createrole, createdb, canlogin, connlimit, validuntil, _, replication,
     bypassrls) = row[:11]
    words = [w for flag, w in ((superuser, "Superuser"), (not inherit, "No inheritance"),
                               (createrole, "Create role"), (createdb, "Create DB"),
                               (not canlogin, "Cannot login"), (replication, "Replication"),
                               (bypassrls, "Bypass RLS")) if flag]
    text = ", ".join(words)
    if connlimit is not None and int(connlimit) >= 0:
        n = int(connlimit)
        text += ("\n" if text else "") + (f"{n} connection" if n == 1 else f"{n} connections")
    if validuntil:
        text += ("\n" if text else "") + f"Password valid until {validuntil}"
    return text


@command("\\du", usage="\\du[S+] [PATTERN]", description="list roles", engines=POSTGRES, aliases=("\\dg",),
         group="Informational", modifiers="S+", max_args=1)
def list_roles(ctx: CommandContext, inv: Invocation) -> None:
    pattern = _pattern(inv)
    cond = name_condition(pattern, namevar="r.rolname", current_database=ctx.driver.current_database)
    hide = "" if inv.system or pattern else "  AND r.rolname !~ '^pg_'\n"
    description = ",\n  pg_catalog.shobj_description(r.oid, 'pg_authid') AS description" if inv.verbose else ""
    sql = ("SELECT r.rolname, r.rolsuper, r.rolinherit,\n  r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,\n"
           "  r.rolconnlimit, r.rolvaliduntil::pg_catalog.text,\n"
           "  ARRAY(SELECT b.rolname FROM pg_catalog.pg_auth_members m\n"
           "        JOIN pg_catalog.pg_roles b ON (m.roleid = b.oid)\n"
           "        WHERE m.member = r.oid)::pg_catalog.text as memberof,\n"
           "  r.rolreplication, r.rolbypassrls" + description + "\n"
           "FROM pg_catalog.pg_roles r\nWHERE true\n" + hide + cond.sql + "ORDER BY 1")
    _, rows = fetch(ctx, sql, cond.params)
    member_of = server_version_num(ctx) < 160000  # psql 16 dropped the "Member of" column
    names = ["Role name", "Attributes"] + (["Member of"] if member_of else []) + (
        ["Description"] if inv.verbose else [])
    out = []
    for row in rows:
        line = [row[0], _role_attributes(row)] + ([row[8]] if member_of else [])
        out.append(tuple(line + ([row[11]] if inv.verbose else [])))
    ctx.show(listing(text_columns(*names), out, title="List of roles", row_count=False))


@command("\\dT", usage="\\dT[S+] [PATTERN]", description="list data types", engines=POSTGRES,
         group="Informational", modifiers="S+", arg_kinds=("type",), max_args=1)
def list_types(ctx: CommandContext, inv: Invocation) -> None:
    pattern = _pattern(inv)
    cols = ['n.nspname as "Schema"', 'pg_catalog.format_type(t.oid, NULL) AS "Name"']
    if inv.verbose:
        cols += [
            't.typname AS "Internal name"',
            "CASE WHEN t.typrelid != 0 THEN CAST('tuple' AS pg_catalog.text)"
            " WHEN t.typlen < 0 THEN CAST('var' AS pg_catalog.text)"
            " ELSE CAST(t.typlen AS pg_catalog.text) END AS \"Size\"",
            "pg_catalog.array_to_string(ARRAY(SELECT e.enumlabel FROM pg_catalog.pg_enum e"
            " WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder), E'\\n') AS \"Elements\"",
            'pg_catalog.pg_get_userbyid(t.typowner) AS "Owner"',
            "pg_catalog.array_to_string(t.typacl, E'\\n') AS \"Access privileges\"",
        ]
    cols.append("pg_catalog.obj_description(t.oid, 'pg_type') as \"Description\"")
    cond = name_condition(pattern, namevar="t.typname", schemavar="n.nspname",
                          altnamevar="pg_catalog.format_type(t.oid, NULL)",
                          visibility="pg_catalog.pg_type_is_visible(t.oid)",
                          current_database=ctx.driver.current_database)
    sql = ("SELECT " + ",\n  ".join(cols) + "\nFROM pg_catalog.pg_type t\n"
           "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n"
           "WHERE (t.typrelid = 0 OR (SELECT c.relkind = 'c' FROM pg_catalog.pg_class c"
           " WHERE c.oid = t.typrelid))\n"
           "  AND NOT EXISTS(SELECT 1 FROM pg_catalog.pg_type el WHERE el.oid = t.typelem"
           " AND el.typarray = t.oid)\n"
           + ("" if inv.system or pattern else _HIDE_SYSTEM_SCHEMAS) + cond.sql + "ORDER BY 1, 2")
    show_query(ctx, sql, cond.params, title="List of data types")


@command("\\dD", usage="\\dD[S+] [PATTERN]", description="list domains", engines=POSTGRES,
         group="Informational", modifiers="S+", arg_kinds=("type",), max_args=1)
def list_domains(ctx: CommandContext, inv: Invocation) -> None:
    pattern = _pattern(inv)
    cols = [
        'n.nspname as "Schema"', 't.typname as "Name"',
        'pg_catalog.format_type(t.typbasetype, t.typtypmod) as "Type"',
        "(SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type bt"
        " WHERE c.oid = t.typcollation AND bt.oid = t.typbasetype AND t.typcollation <> bt.typcollation)"
        ' as "Collation"',
        "CASE WHEN t.typnotnull THEN 'not null' END as \"Nullable\"",
        't.typdefault as "Default"',
        "pg_catalog.array_to_string(ARRAY(SELECT pg_catalog.pg_get_constraintdef(r.oid, true)"
        " FROM pg_catalog.pg_constraint r WHERE t.oid = r.contypid), ' ') as \"Check\"",
    ]
    if inv.verbose:
        cols += ["pg_catalog.array_to_string(t.typacl, E'\\n') AS \"Access privileges\"",
                 'd.description as "Description"']
    joins = ("     LEFT JOIN pg_catalog.pg_description d ON d.classoid = t.tableoid AND d.objoid = t.oid"
             " AND d.objsubid = 0\n") if inv.verbose else ""
    cond = name_condition(pattern, namevar="t.typname", schemavar="n.nspname",
                          visibility="pg_catalog.pg_type_is_visible(t.oid)",
                          current_database=ctx.driver.current_database)
    sql = ("SELECT " + ",\n  ".join(cols) + "\nFROM pg_catalog.pg_type t\n"
           "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n" + joins
           + "WHERE t.typtype = 'd'\n" + ("" if inv.system or pattern else _HIDE_SYSTEM_SCHEMAS)
           + cond.sql + "ORDER BY 1, 2")
    show_query(ctx, sql, cond.params, title="List of domains")


@command("\\dx", usage="\\dx[+] [PATTERN]", description="list extensions", engines=POSTGRES,
         group="Informational", modifiers="+", max_args=1)
def list_extensions(ctx: CommandContext, inv: Invocation) -> None:
    pattern = _pattern(inv)
    cond = name_condition(pattern, namevar="e.extname", current_database=ctx.driver.current_database)
    sql = ('SELECT e.extname AS "Name", e.extversion AS "Version", n.nspname AS "Schema",'
           ' c.description AS "Description"\n'
           "FROM pg_catalog.pg_extension e LEFT JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace"
           " LEFT JOIN pg_catalog.pg_description c ON c.objoid = e.oid"
           " AND c.classoid = 'pg_catalog.pg_extension'::pg_catalog.regclass\n"
           "WHERE true\n" + cond.sql + "ORDER BY 1")
    if not inv.verbose:
        show_query(ctx, sql, cond.params, title="List of installed extensions")
        return
    _, rows = fetch(ctx, sql, cond.params)
    if not rows:
        ctx.warn(f'Did not find any extension named "{pattern}".' if pattern else "Did not find any extensions.")
    for (name, *_rest) in rows:
        show_query(
            ctx, 'SELECT pg_catalog.pg_describe_object(classid, objid, 0) AS "Object description"\n'
                 "FROM pg_catalog.pg_depend\n"
                 "WHERE refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass"
                 " AND refobjid = (SELECT oid FROM pg_catalog.pg_extension WHERE extname = %s)"
                 " AND deptype = 'e'\nORDER BY 1", [name], title=f'Objects in extension "{name}"')


_POLICIES = """pg_catalog.array_to_string(ARRAY(
    SELECT polname
    || CASE WHEN NOT polpermissive THEN E' (RESTRICTIVE)' ELSE '' END
    || CASE WHEN polcmd != '*' THEN E' (' || polcmd::pg_catalog.text || E'):' ELSE E':' END
    || CASE WHEN polqual IS NOT NULL THEN E'\\n  (u): ' || pg_catalog.pg_get_expr(polqual, polrelid)
       ELSE E'' END
    || CASE WHEN polwithcheck IS NOT NULL THEN E'\\n  (c): ' || pg_catalog.pg_get_expr(polwithcheck, polrelid)
       ELSE E'' END
    || CASE WHEN polroles <> '{0}' THEN E'\\n  to: ' || pg_catalog.array_to_string(
           ARRAY(SELECT rolname FROM pg_catalog.pg_roles WHERE oid = ANY (polroles) ORDER BY 1), E', ')
       ELSE E'' END
    FROM pg_catalog.pg_policy pol
    WHERE polrelid = c.oid), E'\\n')
    AS "Policies\""""


@command("\\dp", usage="\\dp[S] [PATTERN]", description="list table, view and sequence access privileges",
         engines=POSTGRES, aliases=("\\z",), group="Informational", modifiers="S", arg_kinds=("relation",),
         max_args=1)
def list_privileges(ctx: CommandContext, inv: Invocation) -> None:
    pattern = _pattern(inv)
    cond = name_condition(pattern, namevar="c.relname", schemavar="n.nspname",
                          visibility="n.nspname !~ '^pg_' AND pg_catalog.pg_table_is_visible(c.oid)",
                          current_database=ctx.driver.current_database)
    sql = ('SELECT n.nspname as "Schema",\n  c.relname as "Name",\n'
           "  CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'"
           " WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' END"
           ' as "Type",\n'
           "  pg_catalog.array_to_string(c.relacl, E'\\n') AS \"Access privileges\",\n"
           "  pg_catalog.array_to_string(ARRAY(\n"
           "    SELECT attname || E':\\n  ' || pg_catalog.array_to_string(attacl, E'\\n  ')\n"
           "    FROM pg_catalog.pg_attribute a\n"
           "    WHERE attrelid = c.oid AND NOT attisdropped AND attacl IS NOT NULL\n"
           "  ), E'\\n') AS \"Column privileges\",\n  " + _POLICIES + "\n"
           "FROM pg_catalog.pg_class c\n"
           "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
           "WHERE c.relkind IN ('r','v','m','S','f','p')\n" + cond.sql + "ORDER BY 1, 2")
    show_query(ctx, sql, cond.params, title="Access privileges")


@command("\\db", usage="\\db[+] [PATTERN]", description="list tablespaces", engines=POSTGRES,
         group="Informational", modifiers="+", max_args=1)
def list_tablespaces(ctx: CommandContext, inv: Invocation) -> None:
    pattern = _pattern(inv)
    cols = ['spcname AS "Name"', 'pg_catalog.pg_get_userbyid(spcowner) AS "Owner"',
            'pg_catalog.pg_tablespace_location(oid) AS "Location"']
    if inv.verbose:
        cols += ["pg_catalog.array_to_string(spcacl, E'\\n') AS \"Access privileges\"",
                 'spcoptions AS "Options"',
                 'pg_catalog.pg_size_pretty(pg_catalog.pg_tablespace_size(oid)) AS "Size"',
                 "pg_catalog.shobj_description(oid, 'pg_tablespace') AS \"Description\""]
    cond = name_condition(pattern, namevar="spcname", current_database=ctx.driver.current_database)
    sql = ("SELECT " + ",\n  ".join(cols) + "\nFROM pg_catalog.pg_tablespace\nWHERE true\n" + cond.sql
           + "ORDER BY 1")
    show_query(ctx, sql, cond.params, title="List of tablespaces")


@command("\\l", usage="\\l[+] [PATTERN]", description="list databases", engines=POSTGRES,
         aliases=("\\list",), group="Informational", modifiers="+", arg_kinds=("database",), max_args=1)
def list_databases(ctx: CommandContext, inv: Invocation) -> None:
    pattern = _pattern(inv)
    version = server_version_num(ctx)
    cols = ['d.datname as "Name"', 'pg_catalog.pg_get_userbyid(d.datdba) as "Owner"',
            'pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding"']
    if version >= 150000:
        locale = "d.datlocale" if version >= 170000 else "d.daticulocale"
        cols += ['d.datcollate as "Collate"', 'd.datctype as "Ctype"',
                 f'{locale} as "{"Locale" if version >= 170000 else "ICU Locale"}"',
                 "CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS \"Locale Provider\""]
    else:
        cols += ['d.datcollate as "Collate"', 'd.datctype as "Ctype"']
    cols.append("pg_catalog.array_to_string(d.datacl, E'\\n') AS \"Access privileges\"")
    joins = ""
    if inv.verbose:
        cols += ["CASE WHEN pg_catalog.has_database_privilege(d.datname, 'CONNECT')\n"
                 "          OR pg_catalog.pg_has_role('pg_read_all_stats', 'USAGE')\n"
                 "            THEN pg_catalog.pg_size_pretty(pg_catalog.pg_database_size(d.datname))\n"
                 "            ELSE 'No Access'\n       END as \"Size\"",
                 't.spcname as "Tablespace"',
                 "pg_catalog.shobj_description(d.oid, 'pg_database') as \"Description\""]
        joins = "  JOIN pg_catalog.pg_tablespace t on d.dattablespace = t.oid\n"
    cond = name_condition(pattern, namevar="d.datname", current_database=ctx.driver.current_database)
    sql = ("SELECT " + ",\n       ".join(cols) + "\nFROM pg_catalog.pg_database d\n" + joins + "WHERE true\n"
           + cond.sql + "ORDER BY 1")
    show_query(ctx, sql, cond.params, title="List of databases")
