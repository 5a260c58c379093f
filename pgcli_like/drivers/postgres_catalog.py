"""PostgreSQL catalog queries: what completion needs, in few round trips.

Each relation comes back as one row with its columns packed into one string (unit
separator between fields, record separator between columns), which keeps a
10,000-table database at 10,000 rows instead of 100,000. Foreign keys carry column
numbers that are mapped to names on the client.
"""

from __future__ import annotations

from collections.abc import Sequence

from pgcli_like.catalog import RS, US, CatalogParts, DataType, ForeignKey, Function, FunctionArg, Relation
from pgcli_like.catalog_loader import literal_list, rows, split_packed
from pgcli_like.drivers.base import Driver

SYSTEM = ("pg_catalog", "information_schema")
_KINDS = {"r": "table", "p": "table", "v": "view", "m": "materialized view", "f": "foreign table"}
_MODES = {"i": "in", "o": "out", "b": "inout", "v": "variadic", "t": "table"}
_TYPE_KINDS = {"e": "enum", "d": "domain", "c": "composite", "r": "range", "m": "range", "b": "base"}

_META = rf"""
SELECT current_database(),
       array_to_string(current_schemas(false), E'{US}'),
       (SELECT string_agg(datname, E'{US}' ORDER BY datname) FROM pg_database
         WHERE datallowconn AND NOT datistemplate),
       (SELECT string_agg(nspname, E'{US}' ORDER BY nspname) FROM pg_namespace
         WHERE nspname !~ '^pg_(toast|temp_)')
"""

# Columns come packed in the catalog's own format (see catalog.pack_columns): name, type,
# default, primary-key flag.
_RELATIONS = rf"""
SELECT n.nspname, c.relname, c.relkind,
       string_agg(a.attname || E'{US}' || format_type(a.atttypid, a.atttypmod) || E'{US}'
                  || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || E'{US}'
                  || CASE WHEN a.attnum = ANY(pk.conkey) THEN '1' ELSE '' END, E'{RS}' ORDER BY a.attnum)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_constraint pk ON pk.conrelid = c.oid AND pk.contype = 'p'
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND {{where}}
GROUP BY n.nspname, c.relname, c.relkind
"""

_KEY_NAMES = rf"""(SELECT string_agg(a.attname, E'{US}' ORDER BY k.i)
   FROM unnest(con.{{keys}}) WITH ORDINALITY k(num, i)
   JOIN pg_attribute a ON a.attrelid = con.{{rel}} AND a.attnum = k.num)"""

_FOREIGN_KEYS = rf"""
SELECT n.nspname, c.relname, {_KEY_NAMES.format(keys="conkey", rel="conrelid")},
       rn.nspname, rc.relname, {_KEY_NAMES.format(keys="confkey", rel="confrelid")}, con.conname
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_class rc ON rc.oid = con.confrelid
JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.contype = 'f' AND {{where}}
"""

_FUNCTIONS = rf"""
SELECT n.nspname, p.proname, p.prokind, p.proretset, coalesce(pg_get_function_result(p.oid), ''),
       coalesce(array_to_string(p.proargnames, E'{US}', ''), ''),
       coalesce(array_to_string(p.proargmodes, E'{US}'), ''),
       coalesce((SELECT string_agg(format_type(t.oid, NULL), E'{US}' ORDER BY u.o)
                 FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY u(typ, o)
                 JOIN pg_type t ON t.oid = u.typ), ''),
       p.pronargdefaults
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prorettype <> 'pg_catalog.trigger'::regtype AND {{where}}
"""

_TYPES = rf"""
SELECT n.nspname, t.typname, t.typtype,
       coalesce((SELECT string_agg(e.enumlabel, E'{US}' ORDER BY e.enumsortorder)
                 FROM pg_enum e WHERE e.enumtypid = t.oid), '')
FROM pg_type t
JOIN pg_namespace n ON n.oid = t.typnamespace
LEFT JOIN pg_class c ON c.oid = t.typrelid
WHERE (t.typrelid = 0 OR c.relkind = 'c')
  AND NOT EXISTS (SELECT 1 FROM pg_type el WHERE el.oid = t.typelem AND el.typarray = t.oid)
  AND {{where}}
"""

# Cheap change detection: counts and xmin sums of the user part of the catalogs (oid >= 16384).
_FINGERPRINT = r"""
SELECT md5(concat_ws('|',
  (SELECT count(*) || ':' || coalesce(sum(xmin::text::int8), 0) FROM pg_class WHERE oid >= 16384),
  (SELECT count(*) || ':' || coalesce(sum(xmin::text::int8), 0) FROM pg_attribute WHERE attrelid >= 16384),
  (SELECT count(*) || ':' || coalesce(sum(xmin::text::int8), 0) FROM pg_proc WHERE oid >= 16384),
  (SELECT count(*) || ':' || coalesce(sum(xmin::text::int8), 0) FROM pg_type WHERE oid >= 16384),
  (SELECT count(*) || ':' || coalesce(sum(xmin::text::int8), 0) FROM pg_namespace),
  (SELECT count(*) || ':' || coalesce(sum(xmin::text::int8), 0) FROM pg_enum),
  (SELECT count(*) || ':' || coalesce(sum(xmin::text::int8), 0) FROM pg_constraint WHERE oid >= 16384),
  (SELECT count(*) || ':' || coalesce(sum(xmin::text::int8), 0) FROM pg_database),
  array_to_string(current_schemas(false), ',')))
"""


def _where(schemas: Sequence[str] | None, exclude: Sequence[str] = (), names: Sequence[str] | None = None,
           name_col: str = "") -> str:
    parts = []
    if schemas is not None:
        parts.append(f"n.nspname::text = ANY({literal_list(schemas)})")
    if exclude:
        parts.append(f"NOT (n.nspname::text = ANY({literal_list(exclude)}))")
    if schemas is None:  # a temporary schema is read only when named (the shell session's own)
        parts.append("n.nspname !~ '^pg_(toast|temp_)'")
    if names is not None:
        parts.append(f"{name_col}::text = ANY({literal_list(names)})")
    return " AND ".join(parts)


class PostgresCatalog:
    """Catalog queries for one PostgreSQL connection."""

    engine = "postgresql"
    system_schemas = SYSTEM

    def __init__(self, driver: Driver) -> None:
        self.driver = driver

    def meta(self) -> CatalogParts:
        """Current database, search path, databases and schemas."""
        db, path, dbs, schemas = next(iter(rows(self.driver, _META)))
        return CatalogParts("postgresql", db, tuple(split_packed(path)), tuple(split_packed(dbs)),
                            list(split_packed(schemas)))

    def fingerprint(self) -> str:
        return str(next(iter(rows(self.driver, _FINGERPRINT)))[0])

    def load(self, parts: CatalogParts, schemas: Sequence[str] | None, exclude: Sequence[str] = ()) -> None:
        """Add everything of ``schemas`` (None: all but ``exclude``) to ``parts``."""
        rels, fks = self._relations(_where(schemas, exclude))
        parts.relations += rels
        parts.foreign_keys += fks
        # Functions and types of the system schemas come from the dialect's builtin lists.
        user_only = list(exclude) + [s for s in SYSTEM if s not in exclude]
        parts.functions += self._functions(_where(schemas, user_only))
        parts.datatypes += self._types(_where(schemas, user_only))

    def relations(self, schema: str, names: Sequence[str]) -> tuple[list[Relation], list[ForeignKey]]:
        return self._relations(_where([schema], names=names, name_col="c.relname"))

    def functions(self, schema: str, names: Sequence[str]) -> list[Function]:
        return self._functions(_where([schema], names=names, name_col="p.proname"))

    def datatypes(self, schema: str, names: Sequence[str]) -> list[DataType]:
        return self._types(_where([schema], names=names, name_col="t.typname"))

    # -- row decoding ---------------------------------------------------------------------

    def _relations(self, where: str) -> tuple[list[Relation], list[ForeignKey]]:
        relations = [Relation(schema, name, _KINDS.get(kind, "table"), packed=packed or "")
                     for schema, name, kind, packed in rows(self.driver, _RELATIONS.format(where=where))]
        fks = [ForeignKey(schema, table, tuple(split_packed(cols)), ref_schema, ref_table,
                          tuple(split_packed(ref_cols)), name)
               for schema, table, cols, ref_schema, ref_table, ref_cols, name
               in rows(self.driver, _FOREIGN_KEYS.format(where=where))]
        return relations, fks

    def _functions(self, where: str) -> list[Function]:
        out = []
        for schema, name, kind, retset, result, names, modes, types, ndefaults in rows(
                self.driver, _FUNCTIONS.format(where=where)):
            type_list = split_packed(types)
            name_list = split_packed(names) if names else []
            mode_list = [_MODES.get(m, "in") for m in split_packed(modes)] if modes else ["in"] * len(type_list)
            args = []
            inputs = [i for i, m in enumerate(mode_list) if m in ("in", "inout", "variadic")]
            with_default = set(inputs[len(inputs) - int(ndefaults or 0):]) if ndefaults else set()
            for i, typ in enumerate(type_list):
                arg_name = name_list[i] if i < len(name_list) else ""
                args.append(FunctionArg(arg_name, typ, mode_list[i] if i < len(mode_list) else "in", i in with_default))
            fkind = {"p": "procedure", "a": "aggregate", "w": "window"}.get(kind, "function")
            out.append(Function(schema, name, tuple(args), result, bool(retset), fkind))
        return out

    def _types(self, where: str) -> list[DataType]:
        return [DataType(schema, name, _TYPE_KINDS.get(kind, "base"), tuple(split_packed(values)) if values else ())
                for schema, name, kind, values in rows(self.driver, _TYPES.format(where=where))]
