"""SQLite catalog queries: sqlite_schema joined with the table-valued pragmas.

Each attached database is a schema (main, temp, …). ``PRAGMA schema_version`` changes
on every schema change, which makes the cache check one tiny query per database.
"""

from __future__ import annotations

from collections.abc import Sequence

from pgcli_like.catalog import RS, US, CatalogParts, DataType, ForeignKey, Function, Relation
from pgcli_like.catalog_loader import literal, rows
from pgcli_like.drivers.base import Driver


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SqliteCatalog:
    """Catalog queries for one SQLite connection."""

    engine = "sqlite"
    system_schemas: tuple[str, ...] = ()

    def __init__(self, driver: Driver) -> None:
        self.driver = driver

    def _databases(self) -> list[str]:
        return [r[1] for r in rows(self.driver, "PRAGMA database_list")]

    def meta(self) -> CatalogParts:
        names = self._databases()
        path = ["main", "temp", *(n for n in names if n not in ("main", "temp"))]
        return CatalogParts("sqlite", "main", tuple(path), tuple(names), list(names))

    def fingerprint(self) -> str:
        versions = [f"{db}:{next(iter(rows(self.driver, f'PRAGMA {_q(db)}.schema_version')))[0]}"
                    for db in self._databases()]
        return ",".join(versions)

    def load(self, parts: CatalogParts, schemas: Sequence[str] | None, exclude: Sequence[str] = ()) -> None:
        wanted = [s for s in (schemas if schemas is not None else self._databases()) if s not in exclude]
        for schema in wanted:
            if schema not in self._databases():
                continue
            rels, fks = self._relations(schema, None)
            parts.relations += rels
            parts.foreign_keys += fks

    def relations(self, schema: str, names: Sequence[str]) -> tuple[list[Relation], list[ForeignKey]]:
        return self._relations(schema, names)

    def functions(self, schema: str, names: Sequence[str]) -> list[Function]:
        return []  # SQLite has no stored functions

    def datatypes(self, schema: str, names: Sequence[str]) -> list[DataType]:
        return []  # nor user-defined types

    def _relations(self, schema: str, names: Sequence[str] | None) -> tuple[list[Relation], list[ForeignKey]]:
        master = "sqlite_temp_master" if schema == "temp" else "sqlite_master"
        where = "m.type IN ('table', 'view')"
        if names is not None:
            where += " AND lower(m.name) IN (" + ", ".join([literal(n.lower()) for n in names] or ["NULL"]) + ")"
        # One row per table with its columns packed as the catalog stores them (catalog.pack_columns).
        packed = (f"group_concat(p.name || '{US}' || lower(coalesce(p.type, '')) || '{US}' "
                  f"|| coalesce(p.dflt_value, '') || '{US}' || (CASE WHEN p.pk > 0 THEN '1' ELSE '' END), '{RS}')")
        sql = (f"SELECT m.name, m.type, {packed} "
               f"FROM {_q(schema)}.{master} m JOIN pragma_table_info(m.name, {literal(schema)}) p "
               f"WHERE {where} GROUP BY m.name, m.type")
        relations = [Relation(schema, table, kind, packed=cols or "") for table, kind, cols in rows(self.driver, sql)]
        by_name = {r.name.lower(): r for r in relations}
        fk_sql = (f"SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\" "
                  f"FROM {_q(schema)}.{master} m JOIN pragma_foreign_key_list(m.name, {literal(schema)}) f "
                  f"WHERE {where.replace('view', 'table')} ORDER BY m.name, f.id, f.seq")
        grouped: dict[tuple[str, int], list[tuple[str, str, str | None]]] = {}
        for table, fk_id, ref, src, dst in rows(self.driver, fk_sql):
            grouped.setdefault((table, fk_id), []).append((ref, src, dst))
        fks = []
        for (table, _id), pairs in grouped.items():
            ref = pairs[0][0]
            dst_cols = [d for _r, _s, d in pairs]
            if any(d is None for d in dst_cols):  # REFERENCES t without columns: its primary key
                target = by_name.get(ref.lower())
                pk = tuple(c.name for c in target.columns if c.primary_key) if target is not None else ()
                dst_cols = list(pk or self._primary_key(schema, ref))
            fks.append(ForeignKey(schema, table, tuple(s for _r, s, _d in pairs), schema, ref, tuple(dst_cols)))
        return relations, fks

    def _primary_key(self, schema: str, table: str) -> tuple[str, ...]:
        sql = f"SELECT name FROM pragma_table_info({literal(table)}, {literal(schema)}) WHERE pk > 0 ORDER BY pk"
        return tuple(r[0] for r in rows(self.driver, sql))
