"""More of psql's ``\\d TABLE`` footer: rules, a foreign table's server and options, the
typed-table line and the tablespace line (and the FDW options column of a foreign table).

``describe_pg_objects`` builds the whole result and calls these in psql 15's order; the SQL
follows psql 15's (``psql -E`` shows it).
"""

from __future__ import annotations

from pgcli_like.special.base import CommandContext
from pgcli_like.special.catalog_query import fetch

# psql groups a table's rules by pg_rewrite.ev_enabled, in this order.
_RULE_SECTIONS = (("O", "Rules:"), ("D", "Disabled rules:"), ("A", "Rules firing always:"),
                  ("R", "Rules firing on replica only:"))
# The relation kinds psql prints a "Tablespace:" line for (not views, sequences, foreign tables).
_TABLESPACE_KINDS = frozenset("rmipIt")
# A column's per-column FDW options, as psql shows them: (name 'value', …) or blank.
FDW_OPTIONS_COLUMN = (
    "CASE WHEN a.attfdwoptions IS NULL THEN '' ELSE '(' || pg_catalog.array_to_string(ARRAY("
    "SELECT pg_catalog.quote_ident(option_name) || ' ' || pg_catalog.quote_literal(option_value)"
    " FROM pg_catalog.pg_options_to_table(a.attfdwoptions)), ', ') || ')' END"
)
# The name of relation c's own tablespace, NULL for the database's default one.
TABLESPACE_NAME = "(SELECT spcname FROM pg_catalog.pg_tablespace WHERE oid = {alias}.reltablespace)"


def _rule_definitions(ctx: CommandContext, oid: int, *, skip_view_rule: bool) -> list[tuple[str, str]]:
    """(ev_enabled, definition after "CREATE RULE ") of the relation's rules, by name."""
    _, rows = fetch(ctx, "SELECT r.rulename, trim(trailing ';' from pg_catalog.pg_get_ruledef(r.oid, true)),"
                         " ev_enabled\nFROM pg_catalog.pg_rewrite r\nWHERE r.ev_class = %s"
                         + (" AND r.rulename != '_RETURN'" if skip_view_rule else "") + " ORDER BY 1", [oid])
    return [(str(enabled), str(definition)[len("CREATE RULE "):]) for _, definition, enabled in rows]


def table_rule_lines(ctx: CommandContext, oid: int) -> list[str]:
    """psql's "Rules:", "Disabled rules:", "Rules firing always:", "Rules firing on replica only:"."""
    rules = _rule_definitions(ctx, oid, skip_view_rule=False)
    lines: list[str] = []
    for state, head in _RULE_SECTIONS:
        defs = [d for enabled, d in rules if enabled == state]
        if defs:
            lines += [head] + ["    " + d for d in defs]
    return lines


def view_rule_lines(ctx: CommandContext, oid: int) -> list[str]:
    """A view's own rules (not the _RETURN rule that makes it a view), shown by psql under \\d+."""
    rules = _rule_definitions(ctx, oid, skip_view_rule=True)
    # psql indents a view's rules by one space, not the four of a table's, and ignores ev_enabled.
    return ["Rules:"] + [" " + d for _, d in rules] if rules else []


def foreign_table_lines(ctx: CommandContext, oid: int) -> list[str]:
    """psql's "Server: NAME" and, when the table has options, "FDW options: (…)"."""
    _, rows = fetch(ctx, "SELECT s.srvname,\n  pg_catalog.array_to_string(ARRAY(\n"
                         "    SELECT pg_catalog.quote_ident(option_name) || ' ' ||"
                         " pg_catalog.quote_literal(option_value)\n"
                         "    FROM pg_catalog.pg_options_to_table(ftoptions)),  ', ')\n"
                         "FROM pg_catalog.pg_foreign_table f,\n     pg_catalog.pg_foreign_server s\n"
                         "WHERE f.ftrelid = %s AND s.oid = f.ftserver", [oid])
    if not rows:
        return []
    server, options = rows[0]
    return [f"Server: {server}"] + ([f"FDW options: ({options})"] if options else [])


def tablespace_line(kind: str, tablespace: str | None) -> list[str]:
    """psql's "Tablespace: "name"" line for a relation outside the database's default tablespace."""
    return [f'Tablespace: "{tablespace}"'] if tablespace and kind in _TABLESPACE_KINDS else []


def tablespace_suffix(tablespace: str | None) -> str:
    """What psql appends to an index's line under "Indexes:" when it has its own tablespace."""
    return f', tablespace "{tablespace}"' if tablespace else ""
