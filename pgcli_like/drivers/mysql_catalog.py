"""MySQL/MariaDB catalog queries (information_schema); a database is a schema.

Only the current database is read at start; other databases are read when the user
qualifies a name with them (``otherdb.``). Enum values live in the column type
(``enum('a','b')``), so there are no separate type rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from pgcli_like.catalog import RS, US, CatalogParts, DataType, ForeignKey, Function, FunctionArg, Relation
from pgcli_like.catalog_loader import literal, rows
from pgcli_like.drivers.base import Driver

SYSTEM = ("information_schema", "mysql", "performance_schema", "sys")


def _text(value: object) -> str:
    """GROUP_CONCAT results may arrive as bytes when a column's charset is binary."""
    return value.decode("utf-8", "replace") if isinstance(value, (bytes, bytearray)) else str(value or "")


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN (" + ", ".join([literal(v, backslashes=True) for v in values] or ["NULL"]) + ")"


class MysqlCatalog:
    """Catalog queries for one MySQL/MariaDB connection."""

    engine = "mysql"
    system_schemas = SYSTEM

    def __init__(self, driver: Driver) -> None:
        self.driver = driver

    def meta(self) -> CatalogParts:
        current = next(iter(rows(self.driver, "SELECT DATABASE()")))[0]
        names = [r[0] for r in rows(self.driver, "SELECT schema_name FROM information_schema.schemata "
                                                 "ORDER BY schema_name")]
        return CatalogParts("mysql", current, (current,) if current else (), tuple(names), list(names))

    def fingerprint(self) -> str:
        sql = ("SELECT COUNT(*), COALESCE(SUM(CRC32(CONCAT_WS('|', table_name, column_name, column_type, "
               "ordinal_position, column_key, IFNULL(column_default, '')))), 0) FROM information_schema.columns "
               "WHERE table_schema = DATABASE()")
        cols = next(iter(rows(self.driver, sql)))
        other = next(iter(rows(self.driver, (
            "SELECT (SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()), "
            "(SELECT COALESCE(SUM(CRC32(CONCAT_WS('|', routine_name, created, last_altered))), 0) "
            "FROM information_schema.routines WHERE routine_schema = DATABASE()), "
            "(SELECT COUNT(*) FROM information_schema.schemata), "
            "(SELECT COALESCE(SUM(CRC32(CONCAT_WS('|', table_name, constraint_name, referenced_table_name))), 0) "
            "FROM information_schema.key_column_usage WHERE table_schema = DATABASE() "
            "AND referenced_table_name IS NOT NULL), DATABASE()"))))
        return ":".join(str(v) for v in (*cols, *other))

    def load(self, parts: CatalogParts, schemas: Sequence[str] | None, exclude: Sequence[str] = ()) -> None:
        # Other databases are loaded on demand (load_schema), so "all" means nothing more here.
        if schemas is None:
            return
        wanted = [s for s in schemas if s not in exclude]
        rels, fks = self._relations(_in("table_schema", wanted), _in("c.table_schema", wanted))
        parts.relations += rels
        parts.foreign_keys += fks
        parts.functions += self._functions(_in("routine_schema", wanted))

    def relations(self, schema: str, names: Sequence[str]) -> tuple[list[Relation], list[ForeignKey]]:
        where = f"{_in('table_schema', [schema])} AND {_in('table_name', names)}"
        return self._relations(where, f"{_in('c.table_schema', [schema])} AND {_in('c.table_name', names)}")

    def functions(self, schema: str, names: Sequence[str]) -> list[Function]:
        return self._functions(f"{_in('routine_schema', [schema])} AND {_in('routine_name', names)}")

    def datatypes(self, schema: str, names: Sequence[str]) -> list[DataType]:
        return []  # enum/set values are part of the column type

    def _relations(self, where: str, col_where: str) -> tuple[list[Relation], list[ForeignKey]]:
        kinds = {(s, n): ("view" if t == "VIEW" else "table") for s, n, t in rows(
            self.driver, f"SELECT table_schema, table_name, table_type FROM information_schema.tables WHERE {where}")}
        # One row per table with its columns packed (catalog.pack_columns format): pymysql reads
        # rows one by one in Python, so 10,000 rows instead of 100,000 is most of the load time.
        sql = (f"SELECT c.table_schema, c.table_name, GROUP_CONCAT(CONCAT_WS('{US}', c.column_name, c.column_type, "
               "IFNULL(c.column_default, ''), IF(c.column_key = 'PRI', '1', '')) ORDER BY c.ordinal_position "
               f"SEPARATOR '{RS}') FROM information_schema.columns c WHERE {col_where} "
               "GROUP BY c.table_schema, c.table_name")
        self.driver.execute("SET SESSION group_concat_max_len = 67108864").close()
        relations = [Relation(schema, table, kinds.get((schema, table), "table"), packed=_text(packed))
                     for schema, table, packed in rows(self.driver, sql)]
        fk_sql = ("SELECT table_schema, table_name, constraint_name, column_name, referenced_table_schema, "
                  "referenced_table_name, referenced_column_name FROM information_schema.key_column_usage "
                  f"WHERE referenced_table_name IS NOT NULL AND {where} "
                  "ORDER BY table_schema, table_name, constraint_name, ordinal_position")
        grouped: dict[tuple[str, str, str], list[tuple]] = {}
        for schema, table, name, col, ref_schema, ref_table, ref_col in rows(self.driver, fk_sql):
            grouped.setdefault((schema, table, name), []).append((col, ref_schema, ref_table, ref_col))
        fks = [ForeignKey(s, t, tuple(p[0] for p in pairs), pairs[0][1], pairs[0][2], tuple(p[3] for p in pairs), n)
               for (s, t, n), pairs in grouped.items()]
        return relations, fks

    def _functions(self, where: str) -> list[Function]:
        routines = list(rows(self.driver, "SELECT routine_schema, routine_name, routine_type, "
                                          "COALESCE(dtd_identifier, '') FROM information_schema.routines "
                                          f"WHERE {where}"))
        if not routines:
            return []
        params: dict[tuple[str, str], list[FunctionArg]] = {}
        psql = ("SELECT specific_schema, specific_name, COALESCE(parameter_name, ''), COALESCE(dtd_identifier, ''), "
                "COALESCE(parameter_mode, 'IN') FROM information_schema.parameters "
                f"WHERE {where.replace('routine_', 'specific_')} AND ordinal_position > 0 "
                "ORDER BY specific_schema, specific_name, ordinal_position")
        for schema, name, arg, typ, mode in rows(self.driver, psql):
            params.setdefault((schema, name), []).append(FunctionArg(arg, typ, mode.lower()))
        return [Function(s, n, tuple(params.get((s, n), ())), ret, False,
                         "procedure" if kind == "PROCEDURE" else "function") for s, n, kind, ret in routines]
