"""PostgreSQL catalog queries: what completion needs, in few round trips.

Each relation comes back as one row with its columns packed into one string (unit
separator between fields, record separator between columns), which keeps a
10,000-table database at 10,000 rows instead of 100,000. Foreign keys carry column
numbers that are mapped to names on the client.
"""

from __future__ import annotations

from collections.abc import Sequence

from pgcli_like.catalog import CatalogParts, Column, DataType, ForeignKey, Function, FunctionArg, Relation
from pgcli_like.catalog_loader import US, RS, literal_list, rows, split_packed
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

_RELATIONS = rf"""
SELECT n.nspname, c.relname, c.relkind, c.oid::int8,
       string_agg(a.attnum::text || E'{US}' || a.attname || E'{US}' || format_type(a.atttypid, a.atttypmod)
                  || E'{US}' || coalesce(pg_get_expr(d.adbin, d.adrelid), ''), E'{RS}' ORDER BY a.attnum)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND {{where}}
GROUP BY n.nspname, c.relname, c.relkind, c.oid
"""

_CONSTRAINTS = r"""
SELECT con.conrelid::int8, con.contype, array_to_string(con.conkey, ','), con.confrelid::int8,
       coalesce(array_to_string(con.confkey, ','), ''), con.conname
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE con.contype IN ('p', 'f') AND {where}
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
        by_oid: dict[int, tuple[str, str, str, list[tuple[int, str, str, str]]]] = {}
        intern: dict[str, str] = {}
        for schema, name, kind, oid, packed in rows(self.driver, _RELATIONS.format(where=where)):
            cols = []
            for rec in split_packed(packed, RS):
                num, col, typ, default = rec.split(US)
                cols.append((int(num), intern.setdefault(col, col), intern.setdefault(typ, typ), default))
            by_oid[int(oid)] = (schema, name, kind, cols)
        pks: dict[int, set[int]] = {}
        fks: list[ForeignKey] = []
        fk_rows = []
        for rel, contype, keys, ref, ref_keys, conname in rows(self.driver, _CONSTRAINTS.format(where=where)):
            nums = [int(k) for k in keys.split(",") if k]
            if contype == "p":
                pks[int(rel)] = set(nums)
            else:
                fk_rows.append((int(rel), nums, int(ref), [int(k) for k in ref_keys.split(",") if k], conname))
        relations = []
        for oid, (schema, name, kind, cols) in by_oid.items():
            pk = pks.get(oid, set())
            relations.append(Relation(schema, name, _KINDS.get(kind, "table"), tuple(
                Column(col, typ, default or None, num in pk) for num, col, typ, default in cols)))
        names_of = {oid: (v[0], v[1], {num: col for num, col, _t, _d in v[3]}) for oid, v in by_oid.items()}
        for rel, nums, ref, ref_nums, conname in fk_rows:
            src = names_of.get(rel)
            dst = names_of.get(ref) or self._relation_names(ref)
            if src is None or dst is None:
                continue
            fks.append(ForeignKey(src[0], src[1], tuple(src[2].get(n, "?") for n in nums), dst[0], dst[1],
                                  tuple(dst[2].get(n, "?") for n in ref_nums), conname))
        return relations, fks

    def _relation_names(self, oid: int) -> tuple[str, str, dict[int, str]] | None:
        """Names of a relation outside the loaded set (an FK target in another schema)."""
        sql = (f"SELECT n.nspname, c.relname, a.attnum, a.attname FROM pg_class c "
               f"JOIN pg_namespace n ON n.oid = c.relnamespace "
               f"JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 WHERE c.oid = {int(oid)}")
        found = list(rows(self.driver, sql))
        if not found:
            return None
        return found[0][0], found[0][1], {int(r[2]): r[3] for r in found}

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
