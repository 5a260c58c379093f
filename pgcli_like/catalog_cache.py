"""The catalog on disk, laid out so a new shell completes table names at once.

One file per connection target, in two sections:

1. the *names*: per schema the relation names in completion-index order (sorted by
   lower case) with their kinds, plus functions, types, schemas, the search path and
   the foreign keys as plain tuples — builtins only, which ``pickle`` reads at C speed;
2. the *columns*: per schema the packed column text of each relation, in the same
   order — most of the file at 100,000 tables, read only when a column is first
   needed (or by the loader's thread right after start).

Reading section 1 gives a :class:`Catalog` whose relation maps build their
:class:`Relation` records on first access and whose name indexes are ready without
sorting, so the first completion costs a file read, not a rebuild of 100,000 objects.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

from pgcli_like.catalog import Catalog, Column, ForeignKey, Relation, pack_columns
from pgcli_like.matching import NameIndex

CACHE_VERSION = 3
_HEADER = 8  # bytes giving the length of the names section


def cache_path(history_key: str) -> Path:
    """Where the catalog of one connection target is cached."""
    from shellkit.paths import cache_dir

    return cache_dir() / "catalog" / f"{history_key}.pickle"


class ColumnSection:
    """The columns section of one cache file, read from disk the first time it is asked for."""

    def __init__(self, handle: BinaryIO) -> None:
        # The file stays open from the names' read: a cache rewritten meanwhile by another
        # shell (a new file renamed over it) cannot mix its columns with our names.
        self._handle: BinaryIO | None = handle
        self._lock = threading.Lock()
        self._columns: dict[str, list[str | tuple[Column, ...] | None]] | None = None

    def load(self) -> dict[str, list[str | tuple[Column, ...] | None]]:
        """Every schema's packed columns (an empty map when the file is gone or changed)."""
        columns = self._columns
        if columns is None:
            with self._lock:
                columns = self._columns
                if columns is None:
                    handle, self._handle = self._handle, None
                    try:
                        columns = pickle.load(handle) if handle is not None else {}
                    except Exception:  # noqa: BLE001 - a damaged file: those tables show no columns
                        columns = {}
                    finally:
                        if handle is not None:
                            handle.close()
                    self._columns = columns
        return columns

    def packed(self, schema: str, position: int) -> str | tuple[Column, ...] | None:
        """The packed columns of the relation at ``position`` of ``schema``'s names."""
        packed = self.load().get(schema) or []
        return packed[position] if position < len(packed) else None


class CachedRelations(Mapping[str, Relation]):
    """One schema's relations as the cache stores them; each :class:`Relation` is made on
    first access (and its columns read on first use)."""

    __slots__ = ("_schema", "_names", "_kinds", "_columns", "_made", "_positions")

    def __init__(self, schema: str, names: list[str], kinds: list[str], columns: ColumnSection) -> None:
        self._schema = schema
        self._names = names
        self._kinds = kinds
        self._columns = columns
        self._made: list[Relation | None] = [None] * len(names)
        self._positions: dict[str, int] | None = None

    def at(self, position: int) -> Relation:
        """The relation at ``position`` of the index order."""
        rel = self._made[position]
        if rel is None:
            schema, columns = self._schema, self._columns
            rel = Relation(schema, self._names[position], self._kinds[position],
                           packed=lambda: columns.packed(schema, position))
            self._made[position] = rel
        return rel

    def __getitem__(self, name: str) -> Relation:
        positions = self._positions
        if positions is None:
            positions = self._positions = dict(zip(self._names, range(len(self._names)), strict=True))
        return self.at(positions[name])

    def __contains__(self, name: object) -> bool:
        try:
            self[name]  # type: ignore[index]
        except (KeyError, TypeError):
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class _Payloads(Sequence[Relation]):
    """The index's payload list over a :class:`CachedRelations` (same order)."""

    __slots__ = ("_relations",)

    def __init__(self, relations: CachedRelations) -> None:
        self._relations = relations

    def __getitem__(self, position):  # type: ignore[override]
        if isinstance(position, slice):
            return [self._relations.at(i) for i in range(len(self._relations))[position]]
        return self._relations.at(position)

    def __len__(self) -> int:
        return len(self._relations)


def read_cache(path: Path) -> Catalog | None:
    """The cached catalog (columns still on disk), or None when missing, unreadable or
    written by another version."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - kept open for the columns section
    except OSError:
        return None
    try:
        size = int.from_bytes(fh.read(_HEADER), "little")
        version, names = pickle.loads(fh.read(size))
        if version != CACHE_VERSION:
            fh.close()
            return None
        columns = ColumnSection(fh)
        relations = {schema: CachedRelations(schema, rel_names, kinds, columns)
                     for schema, (rel_names, kinds) in names["relations"].items()}
        indexes = {("relations", schema): NameIndex.presorted(rels._names, _Payloads(rels))
                   for schema, rels in relations.items()}
        fk_rows = names["foreign_keys"]

        def foreign_keys() -> tuple[ForeignKey, ...]:
            return tuple(ForeignKey(*row) for row in fk_rows)

        return Catalog.restored(
            names["engine"], current_database=names["current_database"], search_path=names["search_path"],
            databases=names["databases"], schemas=names["schemas"], relations=relations,  # type: ignore[arg-type]
            functions=names["functions"], datatypes=names["datatypes"], foreign_keys=foreign_keys,
            fingerprint=names["fingerprint"], indexes=indexes)
    except Exception:  # noqa: BLE001 - a bad cache is just no cache
        fh.close()
        return None


def write_cache(path: Path, catalog: Catalog) -> None:
    """Write atomically; a failure (read-only disk) only means no cache next time."""
    relations: dict[str, tuple[list[str], list[str]]] = {}
    columns: dict[str, list[str | tuple[Column, ...] | None]] = {}
    for schema in catalog.relations:
        index = catalog.index("relations", schema)  # index order: read back without sorting
        rels: list[Relation] = [index.payloads[i] for i in range(len(index))]  # type: ignore[misc]
        relations[schema] = (list(index.names), [r.kind for r in rels])
        columns[schema] = [_packed(r) for r in rels]
    names = {
        "engine": catalog.engine, "current_database": catalog.current_database,
        "search_path": catalog.search_path, "databases": catalog.databases, "schemas": catalog.schemas,
        "fingerprint": catalog.fingerprint, "relations": relations,
        "functions": {s: dict(m) for s, m in catalog.functions.items()},
        "datatypes": {s: dict(m) for s, m in catalog.datatypes.items()},
        "foreign_keys": [(fk.schema, fk.table, fk.columns, fk.ref_schema, fk.ref_table, fk.ref_columns, fk.name)
                         for fk in catalog.foreign_keys],
    }
    try:
        head = pickle.dumps((CACHE_VERSION, names), protocol=pickle.HIGHEST_PROTOCOL)
        # The file describes the user's schema: only the user may read it.
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)  # a folder made by an older version may be wider
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with suppress(FileNotFoundError):
            os.unlink(tmp)  # a leftover of a crash: O_EXCL below must create it afresh at 0600
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as fh:
            fh.write(len(head).to_bytes(_HEADER, "little"))
            fh.write(head)
            pickle.dump(columns, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass


def _packed(rel: Relation) -> str | tuple[Column, ...]:
    packed = rel._packed_text()
    if isinstance(packed, str):
        return packed
    return pack_columns(rel.columns) or rel.columns


def load_columns(catalog: Catalog) -> None:
    """Read the columns section of a catalog that came from the disk cache (on the loader's
    thread, so the first column completion does not wait for the disk)."""
    for mapping in catalog.relations.values():
        if isinstance(mapping, CachedRelations):
            mapping._columns.load()
            return
