"""What the database contains: one immutable model for all engines, plus fast name lookup.

A :class:`Catalog` is never changed in place. Loading builds a new one and the client
swaps it in with one assignment, so a completer running in another thread always sees
a consistent catalog. Incremental refresh (:meth:`Catalog.replace`) copies only the
dictionaries of the affected schema.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from pgcli_like.matching import NameIndex


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table, view or set-returning function."""

    name: str
    type: str = ""
    default: str | None = None
    primary_key: bool = False


US = "\x1f"  # between the fields of one packed column
RS = "\x1e"  # between packed columns


def pack_columns(columns: Iterable[Column]) -> str | None:
    """Columns as one string (None when a name contains a separator and cannot be packed)."""
    out = []
    for c in columns:
        fields = (c.name, c.type, c.default or "", "1" if c.primary_key else "")
        if any(US in f or RS in f for f in fields):
            return None
        out.append(US.join(fields))
    return RS.join(out)


def unpack_columns(packed: str) -> tuple[Column, ...]:
    """The inverse of :func:`pack_columns`."""
    if not packed:
        return ()
    out = []
    for rec in packed.split(RS):
        name, typ, default, pk = rec.split(US)
        out.append(Column(name, typ, default or None, pk == "1"))
    return tuple(out)


class Relation:
    """A table, view, materialized view or foreign table.

    Not a dataclass on purpose: a 10,000-table catalog holds 100,000 columns, so a
    relation may keep its columns packed in one string (as the catalog query returns
    them and as the disk cache stores them) and build :class:`Column` records only when
    completion first looks at that table. Immutable like the other records.
    """

    __slots__ = ("schema", "name", "kind", "_packed", "_columns")

    def __init__(self, schema: str, name: str, kind: str = "table", columns: Iterable[Column] = (),
                 *, packed: str | Callable[[], str | tuple[Column, ...] | None] | None = None) -> None:
        self.schema = schema
        self.name = name
        self.kind = kind
        self._packed = packed
        self._columns: tuple[Column, ...] | None = None if packed is not None else tuple(columns)

    @property
    def columns(self) -> tuple[Column, ...]:
        cols = self._columns
        if cols is None:
            packed = self._packed_text()
            cols = self._columns = unpack_columns(packed) if isinstance(packed, str) else tuple(packed or ())
        return cols

    @property
    def column_count(self) -> int:
        if self._columns is not None:
            return len(self._columns)
        packed = self._packed_text()
        if not isinstance(packed, str):
            return len(self.columns)
        return packed.count(RS) + 1 if packed else 0

    def _packed_text(self) -> str | tuple[Column, ...] | None:
        """The packed columns; a relation read from the disk cache fetches them on first use
        (``packed`` was then a function giving the text, or the Column records that could not
        be packed)."""
        packed = self._packed
        if callable(packed):
            packed = self._packed = packed()
        return packed

    def column(self, name: str) -> Column | None:
        for col in self.columns:
            if col.name == name:
                return col
        return None

    def __reduce__(self):
        packed = self._packed_text()
        packed = packed if isinstance(packed, str) else pack_columns(self.columns)
        if packed is None:
            return (Relation, (self.schema, self.name, self.kind, self.columns))
        return (_relation_from_packed, (self.schema, self.name, self.kind, packed))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Relation):
            return NotImplemented
        return (self.schema, self.name, self.kind, self.columns) == (other.schema, other.name, other.kind,
                                                                      other.columns)

    def __hash__(self) -> int:
        return hash((self.schema, self.name, self.kind))

    def __repr__(self) -> str:
        return f"Relation({self.schema!r}, {self.name!r}, {self.kind!r}, {self.column_count} columns)"


def _relation_from_packed(schema: str, name: str, kind: str, packed: str) -> Relation:
    return Relation(schema, name, kind, packed=packed)


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """``schema.table(columns)`` references ``ref_schema.ref_table(ref_columns)``."""

    schema: str
    table: str
    columns: tuple[str, ...]
    ref_schema: str
    ref_table: str
    ref_columns: tuple[str, ...]
    name: str = ""


@dataclass(frozen=True, slots=True)
class FunctionArg:
    """One argument of a function; ``mode`` is in, out, inout, variadic or table."""

    name: str
    type: str
    mode: str = "in"
    has_default: bool = False


@dataclass(frozen=True, slots=True)
class Function:
    """A function or procedure. Overloads are separate records with the same name."""

    schema: str
    name: str
    args: tuple[FunctionArg, ...] = ()
    returns: str = ""
    returns_set: bool = False
    kind: str = "function"  # function | procedure | aggregate | window

    @property
    def input_args(self) -> tuple[FunctionArg, ...]:
        return tuple(a for a in self.args if a.mode in ("in", "inout", "variadic"))

    @property
    def out_columns(self) -> tuple[Column, ...]:
        """Columns a set-returning function contributes when used in FROM."""
        return tuple(Column(a.name, a.type) for a in self.args if a.mode in ("out", "inout", "table") and a.name)

    def signature(self) -> str:
        """``name(arg type, …)`` as shown next to a completion."""
        return f"{self.name}({', '.join(f'{a.name} {a.type}'.strip() for a in self.input_args)})"


@dataclass(frozen=True, slots=True)
class DataType:
    """A user-defined type: enum (with its values), domain, composite or range."""

    schema: str
    name: str
    kind: str = "base"  # enum | domain | composite | range | base
    enum_values: tuple[str, ...] = ()


@dataclass
class CatalogParts:
    """A mutable accumulator the engine loaders fill; ``Catalog.from_parts`` freezes it."""

    engine: str
    current_database: str | None = None
    search_path: tuple[str, ...] = ()
    databases: tuple[str, ...] = ()
    schemas: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    datatypes: list[DataType] = field(default_factory=list)


def _by_schema(items: Iterable, key=lambda obj: obj.name) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for obj in items:
        out.setdefault(obj.schema, {})[key(obj)] = obj
    return out


class Catalog:
    """An immutable snapshot of the database's objects with indexes for completion."""

    def __init__(
        self,
        engine: str,
        *,
        current_database: str | None = None,
        search_path: Iterable[str] = (),
        databases: Iterable[str] = (),
        schemas: Iterable[str] = (),
        relations: Mapping[str, Mapping[str, Relation]] | None = None,
        functions: Mapping[str, Mapping[str, tuple[Function, ...]]] | None = None,
        datatypes: Mapping[str, Mapping[str, DataType]] | None = None,
        foreign_keys: Iterable[ForeignKey] = (),
        fingerprint: str | None = None,
    ) -> None:
        self.engine = engine
        self.current_database = current_database
        self.search_path = tuple(search_path)
        self.databases = tuple(databases)
        self.relations: dict[str, dict[str, Relation]] = {s: dict(m) for s, m in (relations or {}).items()}
        self.functions: dict[str, dict[str, tuple[Function, ...]]] = {
            s: dict(m) for s, m in (functions or {}).items()
        }
        self.datatypes: dict[str, dict[str, DataType]] = {s: dict(m) for s, m in (datatypes or {}).items()}
        names = dict.fromkeys(schemas)
        for mapping in (self.relations, self.functions, self.datatypes):
            names.update(dict.fromkeys(mapping))
        self.schemas = tuple(names)
        self._foreign_keys: tuple[ForeignKey, ...] | Callable[[], tuple[ForeignKey, ...]] = tuple(foreign_keys)
        self.fingerprint = fingerprint
        self._fks: dict[tuple[str, str], list[ForeignKey]] | None = None
        self._indexes: dict[tuple[str, str], NameIndex] = {}
        self._folded: dict[tuple[str, str], dict[str, object]] = {}

    @property
    def foreign_keys(self) -> tuple[ForeignKey, ...]:
        """Every foreign key (built on first use when the catalog came from the disk cache)."""
        fks = self._foreign_keys
        if callable(fks):
            fks = self._foreign_keys = fks()
        return fks

    @classmethod
    def restored(cls, engine: str, *, current_database: str | None, search_path: Iterable[str],
                 databases: Iterable[str], schemas: Iterable[str], relations: dict[str, Mapping[str, Relation]],
                 functions: dict[str, dict[str, tuple[Function, ...]]], datatypes: dict[str, dict[str, DataType]],
                 foreign_keys: Callable[[], tuple[ForeignKey, ...]], fingerprint: str | None,
                 indexes: dict[tuple[str, str], NameIndex]) -> Catalog:
        """A catalog read back from the disk cache, taking its (lazy) maps and ready indexes as
        they are: nothing is copied or sorted, so the first completion comes at once."""
        new = cls.__new__(cls)
        new.engine = engine
        new.current_database = current_database
        new.search_path = tuple(search_path)
        new.databases = tuple(databases)
        new.relations = relations  # type: ignore[assignment]
        new.functions = functions
        new.datatypes = datatypes
        new.schemas = tuple(schemas)
        new._foreign_keys = foreign_keys
        new.fingerprint = fingerprint
        new._fks = None
        new._indexes = dict(indexes)
        new._folded = {}
        return new

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_parts(cls, parts: CatalogParts, fingerprint: str | None = None) -> Catalog:
        """Freeze what a loader collected."""
        funcs: dict[str, dict[str, list[Function]]] = {}
        for fn in parts.functions:
            funcs.setdefault(fn.schema, {}).setdefault(fn.name, []).append(fn)
        return cls(
            parts.engine,
            current_database=parts.current_database,
            search_path=parts.search_path,
            databases=parts.databases,
            schemas=parts.schemas,
            relations=_by_schema(parts.relations),  # type: ignore[arg-type]
            functions={s: {n: tuple(v) for n, v in m.items()} for s, m in funcs.items()},
            datatypes=_by_schema(parts.datatypes),  # type: ignore[arg-type]
            foreign_keys=parts.foreign_keys,
            fingerprint=fingerprint,
        )

    @classmethod
    def empty(cls, engine: str) -> Catalog:
        """A catalog that knows nothing yet (completion still offers keywords)."""
        return cls(engine)

    def replace(
        self,
        schema: str,
        *,
        relations: Mapping[str, Relation | None] | None = None,
        functions: Mapping[str, tuple[Function, ...] | None] | None = None,
        datatypes: Mapping[str, DataType | None] | None = None,
        foreign_keys: Iterable[ForeignKey] | None = None,
        schemas: Iterable[str] | None = None,
        search_path: Iterable[str] | None = None,
    ) -> Catalog:
        """A new catalog where the named objects of ``schema`` are replaced (None: dropped).

        ``foreign_keys`` replaces the FKs declared by the relations named in ``relations``.
        Only the maps of ``schema`` are copied, so this is cheap at any catalog size.
        """
        new = Catalog.__new__(Catalog)
        new.engine = self.engine
        new.current_database = self.current_database
        new.search_path = tuple(search_path) if search_path is not None else self.search_path
        new.databases = self.databases
        new.relations = dict(self.relations)
        new.functions = dict(self.functions)
        new.datatypes = dict(self.datatypes)
        for target, changes in ((new.relations, relations), (new.functions, functions), (new.datatypes, datatypes)):
            if not changes:
                continue
            inner = dict(target.get(schema, {}))
            for name, obj in changes.items():
                if obj is None or obj == ():
                    inner.pop(name, None)
                else:
                    inner[name] = obj
            target[schema] = inner
        names = dict.fromkeys(schemas if schemas is not None else self.schemas)
        if relations or functions or datatypes:
            names.setdefault(schema, None)
        new.schemas = tuple(names)
        touched = set(relations or ())
        dropped = {name for name, obj in (relations or {}).items() if obj is None}
        kept = [fk for fk in self.foreign_keys if not (fk.schema == schema and fk.table in touched)
                and not (fk.ref_schema == schema and fk.ref_table in dropped)]
        new._foreign_keys = tuple(kept) + tuple(foreign_keys or ())
        new.fingerprint = None
        new._fks = None
        # Indexes of untouched schemas stay valid: share them.
        new._indexes = {k: v for k, v in self._indexes.items() if k[1] != schema}
        new._folded = {k: v for k, v in self._folded.items() if k[1] != schema}
        return new

    # -- lookup -----------------------------------------------------------------------

    @property
    def is_empty(self) -> bool:
        return not (any(self.relations.values()) or any(self.functions.values()) or any(self.datatypes.values())
                    or self.databases)

    def default_schema(self) -> str | None:
        """The schema unqualified new objects land in (first of the search path)."""
        return self.search_path[0] if self.search_path else None

    def index(self, kind: str, schema: str) -> NameIndex:
        """The sorted name index of ``kind`` (relations, functions, datatypes) in ``schema``."""
        key = (kind, schema)
        idx = self._indexes.get(key)
        if idx is None:
            source = getattr(self, kind).get(schema, {})
            idx = NameIndex(source.items())
            self._indexes[key] = idx
        return idx

    def _lookup(self, kind: str, schema: str, name: str, quoted: bool):
        mapping = getattr(self, kind).get(schema)
        if not mapping:
            return None
        found = mapping.get(name)
        if found is not None or quoted:
            return found
        folded = self._folded.get((kind, schema))
        if folded is None:
            folded = {}
            for key, obj in mapping.items():
                folded.setdefault(key.lower(), obj)
            self._folded[(kind, schema)] = folded
        return folded.get(name.lower())

    def _schemas_for(self, schema: str | None) -> Iterable[str]:
        if schema is not None:
            real = self.resolve_schema(schema)
            return (real,) if real else ()
        return self.search_path or tuple(self.relations)

    def resolve_schema(self, name: str) -> str | None:
        """The catalog's spelling of schema ``name`` (case-folded match), or None."""
        if name in self.relations or name in self.schemas:
            return name
        low = name.lower()
        for schema in self.schemas:
            if schema.lower() == low:
                return schema
        return None

    def find_relation(self, schema: str | None, name: str, quoted: bool = False) -> Relation | None:
        """The relation ``name`` in ``schema``, or the first one along the search path."""
        for s in self._schemas_for(schema):
            rel = self._lookup("relations", s, name, quoted)
            if rel is not None:
                return rel  # type: ignore[return-value]
        return None

    def find_functions(self, schema: str | None, name: str, quoted: bool = False) -> tuple[Function, ...]:
        """All overloads of function ``name`` visible from ``schema`` or the search path."""
        for s in self._schemas_for(schema):
            found = self._lookup("functions", s, name, quoted)
            if found:
                return found  # type: ignore[return-value]
        return ()

    def find_datatype(self, name: str) -> DataType | None:
        """A user-defined type by (possibly schema-qualified) name."""
        schema, _, bare = name.rpartition(".")
        for s in self._schemas_for(schema or None):
            found = self._lookup("datatypes", s, bare, False)
            if found is not None:
                return found  # type: ignore[return-value]
        return None

    def foreign_keys_of(self, schema: str, table: str) -> list[ForeignKey]:
        """FKs declared by or referencing ``schema.table``."""
        fks = self._fks
        if fks is None:
            fks = {}
            for fk in self.foreign_keys:
                fks.setdefault((fk.schema, fk.table), []).append(fk)
                if (fk.ref_schema, fk.ref_table) != (fk.schema, fk.table):
                    fks.setdefault((fk.ref_schema, fk.ref_table), []).append(fk)
            self._fks = fks  # one assignment: another thread sees the whole map or none
        return fks.get((schema, table), [])

    def counts(self) -> dict[str, int]:
        """How many objects of each kind are loaded (for the toolbar and benchmarks)."""
        return {
            "schemas": len(self.schemas),
            "relations": sum(len(m) for m in self.relations.values()),
            "columns": sum(r.column_count for m in self.relations.values() for r in m.values()),
            "functions": sum(len(m) for m in self.functions.values()),
            "datatypes": sum(len(m) for m in self.datatypes.values()),
            "foreign_keys": len(self.foreign_keys),
        }

    # -- persistence --------------------------------------------------------------------

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state["relations"] = {s: dict(m) for s, m in self.relations.items()}
        state["_foreign_keys"] = self.foreign_keys
        state["_indexes"] = {}
        state["_folded"] = {}
        state["_fks"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
