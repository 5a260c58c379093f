"""More of psql's list commands on PostgreSQL: ``\\da``, ``\\do``, ``\\dL``, ``\\dy``, ``\\dO``,
``\\dconfig``. Same rules as ``describe_postgres``: psql 15's queries, titles and patterns.
"""

from __future__ import annotations

from pgcli_like.special.base import CommandContext
from pgcli_like.special.catalog_query import server_version_num, show_query
from pgcli_like.special.command import POSTGRES, Invocation, command
from pgcli_like.special.pg_patterns import name_condition

_HIDE_SYSTEM_SCHEMAS = "      AND n.nspname <> 'pg_catalog'\n      AND n.nspname <> 'information_schema'\n"


def _pattern(inv: Invocation) -> str | None:
    return inv.args[0] if inv.args else None


@command("\\da", usage="\\da[S] [PATTERN]", description="list aggregate functions", engines=POSTGRES,
         group="Informational", modifiers="S+", arg_kinds=("function",), max_args=1)
def list_aggregates(ctx: CommandContext, inv: Invocation) -> None:
    pattern = _pattern(inv)
    cond = name_condition(pattern, namevar="p.proname", schemavar="n.nspname",
                          visibility="pg_catalog.pg_function_is_visible(p.oid)",
                          current_database=ctx.driver.current_database)
    kind = "p.prokind = 'a'" if server_version_num(ctx) >= 110000 else "p.proisagg"
    sql = ('SELECT n.nspname as "Schema",\n  p.proname AS "Name",\n'
           '  pg_catalog.format_type(p.prorettype, NULL) AS "Result data type",\n'
           "  CASE WHEN p.pronargs = 0 THEN CAST('*' AS pg_catalog.text)"
           " ELSE pg_catalog.pg_get_function_arguments(p.oid) END AS \"Argument data types\",\n"
           "  pg_catalog.obj_description(p.oid, 'pg_proc') as \"Description\"\n"
           "FROM pg_catalog.pg_proc p\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace\n"
           f"WHERE {kind}\n" + ("" if inv.system or pattern else _HIDE_SYSTEM_SCHEMAS) + cond.sql
           + "ORDER BY 1, 2, 4")
    show_query(ctx, sql, cond.params, title="List of aggregate functions")


@command("\\do", usage="\\do[S+] [PATTERN]", description="list operators", engines=POSTGRES,
         group="Informational", modifiers="S+", max_args=1)
def list_operators(ctx: CommandContext, inv: Invocation) -> None:
    pattern = _pattern(inv)
    cond = name_condition(pattern, namevar="o.oprname", schemavar="n.nspname",
                          visibility="pg_catalog.pg_operator_is_visible(o.oid)",
                          current_database=ctx.driver.current_database, force_escape=True)
    sql = ('SELECT n.nspname as "Schema",\n  o.oprname AS "Name",\n'
           "  CASE WHEN o.oprkind='l' THEN NULL ELSE pg_catalog.format_type(o.oprleft, NULL) END"
           ' AS "Left arg type",\n'
           "  CASE WHEN o.oprkind='r' THEN NULL ELSE pg_catalog.format_type(o.oprright, NULL) END"
           ' AS "Right arg type",\n'
           '  pg_catalog.format_type(o.oprresult, NULL) AS "Result type",\n'
           + ('  o.oprcode AS "Function",\n' if inv.verbose else "")
           + "  coalesce(pg_catalog.obj_description(o.oid, 'pg_operator'),\n"
           "           pg_catalog.obj_description(o.oprcode, 'pg_proc')) AS \"Description\"\n"
           "FROM pg_catalog.pg_operator o\n"
           "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace\nWHERE true\n"
           + ("" if inv.system or pattern else _HIDE_SYSTEM_SCHEMAS) + cond.sql + "ORDER BY 1, 2, 3, 4")
    show_query(ctx, sql, cond.params, title="List of operators")


@command("\\dL", usage="\\dL[S+] [PATTERN]", description="list procedural languages", engines=POSTGRES,
         group="Informational", modifiers="S+", max_args=1)
def list_languages(ctx: CommandContext, inv: Invocation) -> None:
    pattern = _pattern(inv)
    cond = name_condition(pattern, namevar="l.lanname", current_database=ctx.driver.current_database)
    cols = ['l.lanname AS "Name"', 'pg_catalog.pg_get_userbyid(l.lanowner) as "Owner"',
            'l.lanpltrusted AS "Trusted"']
    if inv.verbose:
        cols += ['NOT l.lanispl AS "Internal language"',
                 'l.lanplcallfoid::pg_catalog.regprocedure AS "Call handler"',
                 'l.lanvalidator::pg_catalog.regprocedure AS "Validator"',
                 'l.laninline::pg_catalog.regprocedure AS "Inline handler"',
                 "pg_catalog.array_to_string(l.lanacl, E'\\n') AS \"Access privileges\""]
    cols.append('d.description AS "Description"')
    sql = ("SELECT " + ",\n       ".join(cols) + "\nFROM pg_catalog.pg_language l\n"
           "LEFT JOIN pg_catalog.pg_description d\n  ON d.classoid = l.tableoid AND d.objoid = l.oid\n"
           "  AND d.objsubid = 0\nWHERE true\n" + ("" if inv.system else "  AND l.lanplcallfoid != 0\n")
           + cond.sql + "ORDER BY 1")
    show_query(ctx, sql, cond.params, title="List of languages")


@command("\\dy", usage="\\dy[+] [PATTERN]", description="list event triggers", engines=POSTGRES,
         group="Informational", modifiers="+", max_args=1)
def list_event_triggers(ctx: CommandContext, inv: Invocation) -> None:
    cond = name_condition(_pattern(inv), namevar="evtname", current_database=ctx.driver.current_database)
    sql = ('SELECT evtname as "Name", evtevent as "Event", pg_catalog.pg_get_userbyid(e.evtowner) as "Owner",\n'
           " case evtenabled when 'O' then 'enabled'  when 'R' then 'replica'  when 'A' then 'always'"
           "  when 'D' then 'disabled' end as \"Enabled\",\n"
           ' e.evtfoid::pg_catalog.regproc as "Function", pg_catalog.array_to_string(array(select x'
           " from pg_catalog.unnest(evttags) as t(x)), ', ') as \"Tags\""
           + (",\npg_catalog.obj_description(e.oid, 'pg_event_trigger') as \"Description\"" if inv.verbose else "")
           + "\nFROM pg_catalog.pg_event_trigger e\nWHERE true\n" + cond.sql + "ORDER BY 1")
    show_query(ctx, sql, cond.params, title="List of event triggers")


@command("\\dO", usage="\\dO[S+] [PATTERN]", description="list collations", engines=POSTGRES,
         group="Informational", modifiers="S+", max_args=1)
def list_collations(ctx: CommandContext, inv: Invocation) -> None:
    pattern = _pattern(inv)
    version = server_version_num(ctx)
    cond = name_condition(pattern, namevar="c.collname", schemavar="n.nspname",
                          visibility="pg_catalog.pg_collation_is_visible(c.oid)",
                          current_database=ctx.driver.current_database)
    cols = ['n.nspname AS "Schema"', 'c.collname AS "Name"', 'c.collcollate AS "Collate"', 'c.collctype AS "Ctype"']
    if version >= 150000:
        cols.append('c.colliculocale AS "ICU Locale"' if version < 170000 else 'c.colllocale AS "Locale"')
    cols += ["CASE c.collprovider WHEN 'd' THEN 'default' WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END"
             ' AS "Provider"',
             "CASE WHEN c.collisdeterministic THEN 'yes' ELSE 'no' END AS \"Deterministic?\""]
    if inv.verbose:
        cols.append("pg_catalog.obj_description(c.oid, 'pg_collation') AS \"Description\"")
    sql = ("SELECT " + ",\n       ".join(cols) + "\nFROM pg_catalog.pg_collation c, pg_catalog.pg_namespace n\n"
           "WHERE n.oid = c.collnamespace\n" + ("" if inv.system or pattern else _HIDE_SYSTEM_SCHEMAS)
           + "      AND c.collencoding IN (-1, pg_catalog.pg_char_to_encoding(pg_catalog.getdatabaseencoding()))\n"
           + cond.sql + "ORDER BY 1, 2")
    show_query(ctx, sql, cond.params, title="List of collations")


@command("\\dconfig", usage="\\dconfig[+] [PATTERN]", description="list configuration parameters",
         engines=POSTGRES, group="Informational", modifiers="+", max_args=1,
         help="Without a pattern, only the parameters whose value is not the built-in default.")
def list_settings(ctx: CommandContext, inv: Invocation) -> None:
    pattern = _pattern(inv)
    acl = server_version_num(ctx) >= 150000
    cols = 's.name AS "Parameter", pg_catalog.current_setting(s.name) AS "Value"'
    if inv.verbose:
        cols += ', s.vartype AS "Type", s.context AS "Context"' + (
            ", pg_catalog.array_to_string(p.paracl, E'\\n') AS \"Access privileges\"" if acl else "")
    joins = ("  LEFT JOIN pg_catalog.pg_parameter_acl p\n  ON pg_catalog.lower(s.name) = p.parname\n"
             if inv.verbose and acl else "")
    if pattern:
        cond = name_condition(pattern, namevar="pg_catalog.lower(s.name)",
                              current_database=ctx.driver.current_database)
        where, params = "WHERE true\n" + cond.sql, cond.params
    else:
        where, params = "WHERE s.source <> 'default' AND\n      s.setting IS DISTINCT FROM s.boot_val\n", ()
    sql = f"SELECT {cols}\nFROM pg_catalog.pg_settings s\n{joins}{where}ORDER BY 1"
    title = "List of configuration parameters" if pattern else "List of non-default configuration parameters"
    show_query(ctx, sql, params, title=title)
