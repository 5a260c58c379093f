"""PostgreSQL ``\\d PATTERN``: one table, view, index or sequence in detail, as psql shows it.

Each matching relation becomes one titled result (``Table "public.t"``) whose footer
holds psql's sections: Indexes, Check constraints, Foreign-key constraints, Referenced
by, Policies, Rules, Triggers, a foreign table's server, inheritance, typed table, tablespace,
view definition, sequence ownership. Also
``\\sf[+] FUNC`` and ``\\sv[+] VIEW``.
"""

from __future__ import annotations

from pgcli_like.drivers.base import StaticResult
from pgcli_like.special.base import CommandContext, CommandError
from pgcli_like.special.catalog_query import fetch, listing, server_version_num, text_columns
from pgcli_like.special.command import POSTGRES, Invocation, command
from pgcli_like.special.describe_pg_footers import (
    FDW_OPTIONS_COLUMN,
    TABLESPACE_NAME,
    foreign_table_lines,
    table_rule_lines,
    tablespace_line,
    tablespace_suffix,
    view_rule_lines,
)
from pgcli_like.special.describe_postgres import list_relations
from pgcli_like.special.pg_patterns import name_condition
from pgcli_like.special.query_commands import function_definition, view_definition

_KIND_TITLE = {
    "r": "Table", "p": "Partitioned table", "v": "View", "m": "Materialized view", "i": "Index",
    "I": "Partitioned index", "S": "Sequence", "t": "TOAST table", "f": "Foreign table", "c": "Composite type",
}
_TRIGGER_SECTIONS = (("O", "Triggers:"), ("D", "Disabled user triggers:"), ("R", "Enabled replica triggers:"),
                     ("A", "Enabled always triggers:"))


@command("\\d", usage="\\d[S+] [PATTERN]", description="describe a table, view, index or sequence (or list them)",
         engines=POSTGRES, group="Informational", modifiers="S+", arg_kinds=("relation",), max_args=1,
         help="\\d alone lists tables, views, materialized views, sequences and foreign tables.\n"
              "\\d NAME shows columns, types, nullability, defaults, indexes, constraints,\n"
              "foreign keys both ways, rules, triggers, a foreign table's server and a\n"
              "non-default tablespace. \\d+ adds storage, descriptions and view\n"
              "definitions. Patterns: * any text, ? one character, schema.name; \"Quoted\" keeps case.")
def describe(ctx: CommandContext, inv: Invocation) -> None:
    if not inv.args:
        list_relations(ctx, inv, "tvmsE")
        return
    pattern = inv.args[0]
    cond = name_condition(pattern, namevar="c.relname", schemavar="n.nspname",
                          visibility="pg_catalog.pg_table_is_visible(c.oid)",
                          current_database=ctx.driver.current_database)
    _, found = fetch(ctx, "SELECT c.oid, n.nspname, c.relname\nFROM pg_catalog.pg_class c\n"
                          "     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\nWHERE true\n"
                          + cond.sql + "ORDER BY 2, 3", cond.params)
    if not found:
        raise CommandError(f'Did not find any relation named "{pattern}".')
    version = server_version_num(ctx)
    for oid, schema, name in found:
        ctx.show(describe_relation(ctx, int(oid), schema, name, verbose=inv.verbose, version=version))


def describe_relation(ctx: CommandContext, oid: int, schema: str, name: str, *, verbose: bool,
                      version: int) -> StaticResult:
    """The ``\\d`` result of one relation: its columns as rows, psql's sections as the footer."""
    _, info = fetch(ctx, "SELECT c.relkind, c.relpersistence, am.amname, c.relhasindex, c.relchecks,\n"
                         "  c.relhastriggers, c.reloptions::pg_catalog.text, c.relispartition, c.relreplident,\n"
                         "  " + TABLESPACE_NAME.format(alias="c") + ",\n"
                         "  CASE WHEN c.reloftype = 0 THEN '' ELSE c.reloftype::pg_catalog.regtype::pg_catalog.text END,"
                         " c.relhasrules\n"
                         "FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_am am ON (c.relam = am.oid)\n"
                         "WHERE c.oid = %s", [oid])
    kind, persistence, amname = info[0][0], info[0][1], info[0][2]
    tablespace, typed_as, has_rules = info[0][9], info[0][10], bool(info[0][11])
    title = _KIND_TITLE.get(kind, "Relation")
    if persistence == "u":
        title = "Unlogged " + title[0].lower() + title[1:]
    title = f'{title} "{schema}.{name}"'
    if kind == "S":
        return _describe_sequence(ctx, oid, title)
    if kind in ("i", "I"):
        return _describe_index(ctx, oid, schema, title, verbose, tablespace)
    names, rows = _columns(ctx, oid, kind, verbose, version)
    footer: list[str] = []
    if kind in ("r", "p", "m", "f"):
        footer += _partition_lines(ctx, oid, kind, bool(info[0][7]), verbose)
        footer += _index_lines(ctx, oid)
        footer += _constraint_lines(ctx, oid)
        footer += _referenced_by_lines(ctx, oid)
        footer += _policy_lines(ctx, oid)
        footer += _statistics_lines(ctx, oid, version)
        if has_rules and kind != "m":  # a materialized view's only rule is its _RETURN
            footer += table_rule_lines(ctx, oid)
        footer += _publication_lines(ctx, oid, version)
    if verbose and kind in ("v", "m"):
        _, view = fetch(ctx, "SELECT pg_catalog.pg_get_viewdef(%s::pg_catalog.oid, true)", [oid])
        footer += ["View definition:", *str(view[0][0]).rstrip("\n").split("\n")]
        if has_rules and kind == "v":
            footer += view_rule_lines(ctx, oid)
    if kind in ("r", "p", "m", "f", "v"):
        footer += _trigger_lines(ctx, oid)
    if kind == "f":
        footer += foreign_table_lines(ctx, oid)
    if kind in ("r", "p", "m", "f"):
        footer += _inheritance_lines(ctx, oid, kind, verbose)
    if typed_as:
        footer.append(f"Typed table of type: {typed_as}")
    identity = {"f": "FULL", "n": "NOTHING"}.get(info[0][8])
    if verbose and kind in ("r", "m") and identity and schema != "pg_catalog":
        footer.append(f"Replica Identity: {identity}")
    footer += tablespace_line(kind, tablespace)
    if verbose and kind in ("r", "p", "m") and amname and kind != "p":
        footer.append(f"Access method: {amname}")
    if verbose and info[0][6]:
        footer.append("Options: " + ", ".join(str(info[0][6]).strip("{}").split(",")))
    return listing(text_columns(*names), rows, title=title, footer="\n".join(footer) or None,
                        row_count=False)


def _columns(ctx: CommandContext, oid: int, kind: str, verbose: bool, version: int) -> tuple[list[str], list[tuple]]:
    storage = verbose and kind in ("r", "p", "v", "m", "f", "c")
    compression = verbose and version >= 140000 and kind in ("r", "p", "m")
    stats = verbose and kind in ("r", "p", "m", "f")
    sql = ("SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),\n"
           "  (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) FROM pg_catalog.pg_attrdef d\n"
           "   WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),\n"
           "  a.attnotnull,\n"
           "  (SELECT c.collname FROM pg_catalog.pg_collation c, pg_catalog.pg_type t\n"
           "   WHERE c.oid = a.attcollation AND t.oid = a.atttypid AND a.attcollation <> t.typcollation),\n"
           "  a.attidentity, " + ("a.attgenerated" if version >= 120000 else "''") + ",\n"
           "  a.attstorage, " + ("a.attcompression" if version >= 140000 else "''") + ",\n"
           "  CASE WHEN a.attstattarget=-1 THEN NULL ELSE a.attstattarget END,\n"
           "  pg_catalog.col_description(a.attrelid, a.attnum),\n"
           "  " + FDW_OPTIONS_COLUMN + "\n"
           "FROM pg_catalog.pg_attribute a\n"
           "WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped\nORDER BY a.attnum")
    _, attrs = fetch(ctx, sql, [oid])
    names = ["Column", "Type", "Collation", "Nullable", "Default"]
    foreign = kind == "f"
    if foreign:
        names.append("FDW options")
    if storage:
        names.append("Storage")
    if compression:
        names.append("Compression")
    if stats:
        names.append("Stats target")
    if verbose:
        names.append("Description")
    rows = []
    for (att, typ, default, notnull, coll, identity, generated, store, compress, target, desc, fdw) in attrs:
        if identity == "a":
            default = "generated always as identity"
        elif identity == "d":
            default = "generated by default as identity"
        elif generated == "s":
            default = f"generated always as ({default}) stored"
        row = [att, typ, coll or "", "not null" if notnull else "", default or ""]
        if foreign:
            row.append(fdw)
        if storage:
            row.append({"p": "plain", "m": "main", "x": "extended", "e": "external"}.get(store, ""))
        if compression:
            row.append({"p": "pglz", "l": "lz4"}.get(compress or "", ""))
        if stats:
            row.append("" if target is None else str(target))
        if verbose:
            row.append(desc or "")
        rows.append(tuple(row))
    return names, rows


def _index_lines(ctx: CommandContext, oid: int) -> list[str]:
    _, rows = fetch(ctx,
        "SELECT c2.relname, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid,"
        " pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),\n"
        "  pg_catalog.pg_get_constraintdef(con.oid, true), contype, condeferrable, condeferred,"
        " i.indisreplident, " + TABLESPACE_NAME.format(alias="c2") + "\n"
        "FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i\n"
        "  LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid"
        " AND contype IN ('p','u','x'))\n"
        "WHERE c.oid = %s AND c.oid = i.indrelid AND i.indexrelid = c2.oid\n"
        "ORDER BY i.indisprimary DESC, c2.relname", [oid])
    if not rows:
        return []
    lines = ["Indexes:"]
    for (name, primary, unique, clustered, valid, indexdef, condef, contype, deferrable, deferred, replident,
         tablespace) in rows:
        line = f'    "{name}"'
        if primary:
            line += " PRIMARY KEY,"
        elif unique:
            line += " UNIQUE CONSTRAINT," if contype == "u" else " UNIQUE,"
        if contype == "x":
            line += f" {condef}"
        else:
            using = str(indexdef).find(" USING ")
            line += " " + (str(indexdef)[using + 7:] if using >= 0 else str(indexdef))
            if deferrable:
                line += " DEFERRABLE"
            if deferred:
                line += " INITIALLY DEFERRED"
        if clustered:
            line += " CLUSTER"
        if not valid:
            line += " INVALID"
        if replident:
            line += " REPLICA IDENTITY"
        lines.append(line + tablespace_suffix(tablespace))
    return lines


def _constraint_lines(ctx: CommandContext, oid: int) -> list[str]:
    _, checks = fetch(ctx, "SELECT r.conname, pg_catalog.pg_get_constraintdef(r.oid, true)\n"
                           "FROM pg_catalog.pg_constraint r WHERE r.conrelid = %s AND r.contype = 'c'\n"
                           "ORDER BY 1", [oid])
    _, fkeys = fetch(ctx, "SELECT conname, pg_catalog.pg_get_constraintdef(r.oid, true)\n"
                          "FROM pg_catalog.pg_constraint r\n"
                          "WHERE r.conrelid = %s AND r.contype = 'f' AND conparentid = 0\nORDER BY conname",
                     [oid])
    lines: list[str] = []
    if checks:
        lines += ["Check constraints:"] + [f'    "{n}" {d}' for n, d in checks]
    if fkeys:
        lines += ["Foreign-key constraints:"] + [f'    "{n}" {d}' for n, d in fkeys]
    return lines


def _referenced_by_lines(ctx: CommandContext, oid: int) -> list[str]:
    _, rows = fetch(ctx, "SELECT conname, conrelid::pg_catalog.regclass::pg_catalog.text,"
                         " pg_catalog.pg_get_constraintdef(oid, true)\n"
                         "FROM pg_catalog.pg_constraint c\n"
                         "WHERE confrelid = %s AND contype = 'f' AND conparentid = 0\nORDER BY conname", [oid])
    if not rows:
        return []
    return ["Referenced by:"] + [f'    TABLE "{table}" CONSTRAINT "{name}" {d}' for name, table, d in rows]


def _policy_lines(ctx: CommandContext, oid: int) -> list[str]:
    _, flags = fetch(ctx, "SELECT relrowsecurity, relforcerowsecurity FROM pg_catalog.pg_class WHERE oid = %s",
                     [oid])
    _, rows = fetch(ctx,
        "SELECT pol.polname, pol.polpermissive,\n"
        "  CASE WHEN pol.polroles = '{0}' THEN NULL ELSE pg_catalog.array_to_string(array(select rolname"
        " from pg_catalog.pg_roles where oid = any (pol.polroles) order by 1),',') END,\n"
        "  pg_catalog.pg_get_expr(pol.polqual, pol.polrelid),\n"
        "  pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid),\n"
        "  CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'"
        " WHEN 'd' THEN 'DELETE' END\n"
        "FROM pg_catalog.pg_policy pol WHERE pol.polrelid = %s ORDER BY 1", [oid])
    enabled, forced = flags[0]
    if not rows:
        if not enabled:
            return []
        return ["Policies (forced row security enabled): (none)" if forced
                else "Policies (row security enabled): (none)"]
    head = ("Policies:" if enabled and not forced else
            "Policies (forced row security enabled):" if forced else "Policies (row security disabled):")
    lines = [head]
    for name, permissive, roles, qual, check, cmd in rows:
        line = f'    POLICY "{name}"' + ("" if permissive else " AS RESTRICTIVE")
        if cmd:
            line += f" FOR {cmd}"
        if roles:
            line += f"\n      TO {roles}"
        if qual:
            line += f"\n      USING ({qual})"
        if check:
            line += f"\n      WITH CHECK ({check})"
        lines.append(line)
    return lines


def _statistics_lines(ctx: CommandContext, oid: int, version: int) -> list[str]:
    """psql's "Statistics objects:" (extended statistics; PostgreSQL 14 and later)."""
    if version < 140000:
        return []
    _, rows = fetch(ctx,
        "SELECT stxnamespace::pg_catalog.regnamespace::pg_catalog.text, stxname,\n"
        "  pg_catalog.pg_get_statisticsobjdef_columns(oid), 'd' = any(stxkind), 'f' = any(stxkind),\n"
        "  'm' = any(stxkind), stxstattarget, stxrelid::pg_catalog.regclass::pg_catalog.text\n"
        "FROM pg_catalog.pg_statistic_ext WHERE stxrelid = %s ORDER BY 1, 2", [oid])
    lines = ["Statistics objects:"] if rows else []
    for nsp, name, columns, ndistinct, dependencies, mcv, target, table in rows:
        line = f'    "{nsp}.{name}"'
        kinds = [k for k, on in (("ndistinct", ndistinct), ("dependencies", dependencies), ("mcv", mcv)) if on]
        if kinds and len(kinds) < 3:  # psql names the kinds only when some, not all, were asked for
            line += f" ({', '.join(kinds)})"
        line += f" ON {columns} FROM {table}"
        if target is not None and int(target) != -1:
            line += f"; STATISTICS {target}"
        lines.append(line)
    return lines


def _publication_lines(ctx: CommandContext, oid: int, version: int) -> list[str]:
    """psql's "Publications:" with each publication's column list and row filter (PostgreSQL 15)."""
    if version >= 150000:
        sql = ("SELECT pubname, NULL, NULL FROM pg_catalog.pg_publication p\n"
               "  JOIN pg_catalog.pg_publication_namespace pn ON p.oid = pn.pnpubid\n"
               "  JOIN pg_catalog.pg_class pc ON pc.relnamespace = pn.pnnspid\n"
               "WHERE pc.oid = %s AND pg_catalog.pg_relation_is_publishable(%s)\n"
               "UNION\n"
               "SELECT pubname, pg_catalog.pg_get_expr(pr.prqual, c.oid),\n"
               "  (CASE WHEN pr.prattrs IS NOT NULL THEN\n"
               "    (SELECT string_agg(attname, ', ')\n"
               "       FROM pg_catalog.generate_series(0, pg_catalog.array_upper(pr.prattrs::pg_catalog.int2[], 1)) s,\n"
               "            pg_catalog.pg_attribute\n"
               "      WHERE attrelid = pr.prrelid AND attnum = prattrs[s])\n"
               "   ELSE NULL END)\n"
               "FROM pg_catalog.pg_publication p\n"
               "  JOIN pg_catalog.pg_publication_rel pr ON p.oid = pr.prpubid\n"
               "  JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid\n"
               "WHERE pr.prrelid = %s\n"
               "UNION\n"
               "SELECT pubname, NULL, NULL FROM pg_catalog.pg_publication p\n"
               "WHERE p.puballtables AND pg_catalog.pg_relation_is_publishable(%s)\nORDER BY 1")
        params = [oid, oid, oid, oid]
    else:
        sql = ("SELECT pubname, NULL, NULL FROM pg_catalog.pg_publication p\n"
               "  JOIN pg_catalog.pg_publication_rel pr ON p.oid = pr.prpubid\n"
               "WHERE pr.prrelid = %s\n"
               "UNION ALL\n"
               "SELECT pubname, NULL, NULL FROM pg_catalog.pg_publication p\n"
               "WHERE p.puballtables AND pg_catalog.pg_relation_is_publishable(%s)\nORDER BY 1")
        params = [oid, oid]
    _, rows = fetch(ctx, sql, params)
    lines = ["Publications:"] if rows else []
    for name, row_filter, columns in rows:
        lines.append(f'    "{name}"' + (f" ({columns})" if columns is not None else "")
                     + (f" WHERE {row_filter}" if row_filter is not None else ""))
    return lines


def _trigger_lines(ctx: CommandContext, oid: int) -> list[str]:
    _, rows = fetch(ctx, "SELECT t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true), t.tgenabled\n"
                         "FROM pg_catalog.pg_trigger t\n"
                         "WHERE t.tgrelid = %s AND (NOT t.tgisinternal OR (t.tgisinternal AND t.tgenabled = 'D'))\n"
                         "ORDER BY 1", [oid])
    lines: list[str] = []
    for state, head in _TRIGGER_SECTIONS:
        defs = [str(d) for _, d, enabled in rows if enabled == state]
        if defs:
            lines.append(head)
            # psql prints the definition from the trigger name on ("CREATE TRIGGER " dropped).
            lines += ["    " + d[d.find(" TRIGGER ") + 9:] if " TRIGGER " in d else "    " + d for d in defs]
    return lines


def _partition_lines(ctx: CommandContext, oid: int, kind: str, is_partition: bool, verbose: bool) -> list[str]:
    """psql's "Partition of:" (and constraint) and "Partition key:" lines, shown before the indexes."""
    lines: list[str] = []
    if is_partition:
        _, rows = fetch(ctx, "SELECT inhparent::pg_catalog.regclass::pg_catalog.text,"
                             " pg_catalog.pg_get_expr(c.relpartbound, c.oid),"
                             " pg_catalog.pg_get_partition_constraintdef(c.oid)\n"
                             "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_inherits i ON c.oid = inhrelid\n"
                             "WHERE c.oid = %s", [oid])
        if rows:
            parent, bound, constraint = rows[0]
            lines.append(f"Partition of: {parent} {bound}")
            if verbose:
                lines.append(f"Partition constraint: {constraint}" if constraint else "No partition constraint")
    if kind == "p":
        _, key = fetch(ctx, "SELECT pg_catalog.pg_get_partkeydef(%s::pg_catalog.oid)", [oid])
        lines.append(f"Partition key: {key[0][0]}")
    return lines


def _inheritance_lines(ctx: CommandContext, oid: int, kind: str, verbose: bool) -> list[str]:
    _, parents = fetch(ctx, "SELECT c.oid::pg_catalog.regclass::pg_catalog.text FROM pg_catalog.pg_class c,"
                            " pg_catalog.pg_inherits i\nWHERE c.oid = i.inhparent AND i.inhrelid = %s\n"
                            "  AND c.relkind != 'p' AND c.relkind != 'I'\nORDER BY inhseqno", [oid])
    _, children = fetch(ctx, "SELECT c.oid::pg_catalog.regclass::pg_catalog.text, c.relkind,"
                             " pg_catalog.pg_get_expr(c.relpartbound, c.oid)\n"
                             "FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i\n"
                             "WHERE c.oid = i.inhrelid AND i.inhparent = %s\n"
                             "ORDER BY pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT',"
                             " c.oid::pg_catalog.regclass::pg_catalog.text", [oid])
    lines: list[str] = []
    for i, (parent,) in enumerate(parents):
        lines.append(("Inherits: " if i == 0 else "          ") + parent + ("," if i < len(parents) - 1 else ""))
    partitioned = kind == "p"
    if not verbose:
        if partitioned:
            lines.append(f"Number of partitions: {len(children)}"
                         + (" (Use \\d+ to list them.)" if children else ""))
        elif children:
            lines.append(f"Number of child tables: {len(children)} (Use \\d+ to list them.)")
        return lines
    head = "Partitions" if partitioned else "Child tables"
    for i, (child, child_kind, bound) in enumerate(children):
        line = (f"{head}: " if i == 0 else " " * (len(head) + 2)) + child
        if bound is not None:
            line += f" {bound}"
        if child_kind in ("p", "I"):
            line += ", PARTITIONED"
        elif child_kind == "f":
            line += ", FOREIGN"
        lines.append(line + ("," if i < len(children) - 1 else ""))
    if partitioned and not children:
        lines.append("Number of partitions: 0")
    return lines


def _describe_sequence(ctx: CommandContext, oid: int, title: str) -> StaticResult:
    columns, rows = fetch(ctx,
        'SELECT pg_catalog.format_type(seqtypid, NULL) AS "Type",\n'
        '       seqstart AS "Start",\n       seqmin AS "Minimum",\n       seqmax AS "Maximum",\n'
        '       seqincrement AS "Increment",\n'
        "       CASE WHEN seqcycle THEN 'yes' ELSE 'no' END AS \"Cycles?\",\n"
        '       seqcache AS "Cache"\nFROM pg_catalog.pg_sequence\nWHERE seqrelid = %s', [oid])
    _, owner = fetch(ctx,
        "SELECT pg_catalog.quote_ident(nspname) || '.' || pg_catalog.quote_ident(relname) || '.' ||"
        " pg_catalog.quote_ident(attname), d.deptype\n"
        "FROM pg_catalog.pg_class c\nINNER JOIN pg_catalog.pg_depend d ON c.oid=d.refobjid\n"
        "INNER JOIN pg_catalog.pg_namespace n ON n.oid=c.relnamespace\n"
        "INNER JOIN pg_catalog.pg_attribute a ON (a.attrelid=c.oid AND a.attnum=d.refobjsubid)\n"
        "WHERE d.classid='pg_catalog.pg_class'::pg_catalog.regclass\n"
        " AND d.refclassid='pg_catalog.pg_class'::pg_catalog.regclass\n"
        " AND d.objid=%s AND d.deptype IN ('a', 'i')", [oid])
    footer = None
    if owner:
        footer = ("Owned by: " if owner[0][1] == "a" else "Sequence for identity column: ") + owner[0][0]
    return listing(columns, rows, title=title, footer=footer, row_count=False)


def _describe_index(ctx: CommandContext, oid: int, schema: str, title: str, verbose: bool,
                    tablespace: str | None) -> StaticResult:
    _, attrs = fetch(ctx,
        "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),\n"
        "  CASE WHEN a.attnum <= (SELECT i.indnkeyatts FROM pg_catalog.pg_index i WHERE i.indexrelid = %s)"
        " THEN 'yes' ELSE 'no' END,\n"
        "  pg_catalog.pg_get_indexdef(a.attrelid, a.attnum, TRUE), a.attstorage,\n"
        "  CASE WHEN a.attstattarget=-1 THEN NULL ELSE a.attstattarget END\n"
        "FROM pg_catalog.pg_attribute a\n"
        "WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped\nORDER BY a.attnum", [oid, oid])
    names = ["Column", "Type", "Key?", "Definition"] + (["Storage", "Stats target"] if verbose else [])
    storage = {"p": "plain", "m": "main", "x": "extended", "e": "external"}
    rows = [(a, t, k, d) + ((storage.get(s, ""), "" if st is None else str(st)) if verbose else ())
            for a, t, k, d, s, st in attrs]
    _, info = fetch(ctx,
        "SELECT i.indisunique, i.indisprimary, i.indisclustered, i.indisvalid,\n"
        "  (NOT i.indimmediate) AND EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = i.indrelid"
        " AND conindid = i.indexrelid AND contype IN ('p','u','x') AND condeferrable),\n"
        "  (NOT i.indimmediate) AND EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = i.indrelid"
        " AND conindid = i.indexrelid AND contype IN ('p','u','x') AND condeferred),\n"
        "  i.indisreplident, a.amname, c2.relname, pg_catalog.pg_get_expr(i.indpred, i.indrelid, true)\n"
        "FROM pg_catalog.pg_index i, pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_am a\n"
        "WHERE i.indexrelid = c.oid AND c.oid = %s AND c.relam = a.oid AND i.indrelid = c2.oid", [oid])
    unique, primary, clustered, valid, deferrable, deferred, replident, am, table, pred = info[0]
    line = "primary key, " if primary else ("unique, " if unique else "")
    line += f'{am}, for table "{schema}.{table}"'
    if pred:
        line += f", predicate ({pred})"
    for flag, text in ((deferrable, ", deferrable"), (deferred, ", initially deferred"),
                       (not valid, ", invalid"), (clustered, ", clustered"), (replident, ", replica identity")):
        if flag:
            line += text
    footer = "\n".join([line, *tablespace_line("i", tablespace)])
    return listing(text_columns(*names), rows, title=title, footer=footer, row_count=False)


@command("\\sf", usage="\\sf[+] FUNCNAME[(ARGTYPES)]", description="show a function's definition",
         engines=POSTGRES, group="Informational", modifiers="+", arg_kinds=("function",), min_args=1,
         help="\\sf+ numbers the lines of the body, as psql does.")
def show_function(ctx: CommandContext, inv: Invocation) -> None:
    _print_definition(ctx, function_definition(ctx, inv.arg_text), inv.verbose, body_marker="AS ")


@command("\\sv", usage="\\sv[+] VIEWNAME", description="show a view's definition", engines=POSTGRES,
         group="Informational", modifiers="+", arg_kinds=("view",), min_args=1, max_args=1)
def show_view(ctx: CommandContext, inv: Invocation) -> None:
    _print_definition(ctx, view_definition(ctx, inv.args[0]), inv.verbose, body_marker=None)


def _print_definition(ctx: CommandContext, text: str, numbered: bool, *, body_marker: str | None) -> None:
    lines = text.rstrip("\n").split("\n")
    if not numbered:
        for line in lines:
            ctx.echo(line)
        return
    # psql numbers a function from the line where its body starts (the first "AS "), a view from line 1.
    number = 0
    counting = body_marker is None
    for line in lines:
        if not counting and body_marker and line.startswith(body_marker):
            counting = True
        if counting:
            number += 1
            ctx.echo(f"{number:<7} {line}")
        else:
            ctx.echo(f"        {line}")
