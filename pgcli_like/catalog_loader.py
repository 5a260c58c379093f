"""Loading the catalog: in the background, schema by schema, incrementally, from a disk cache.

:class:`CatalogLoader` owns the current :class:`Catalog` and replaces it with one
assignment whenever a load step finishes, so readers (the completer thread) never see
a half-built catalog. Work runs on one worker thread, on the loader's own connection
(``driver.clone()``) unless the user asked for a single connection.

A full load reads the search-path schemas first and publishes them at once, then the
rest. After DDL the shell ran, only the named objects are re-read; DDL inside a
transaction is remembered and re-read at COMMIT (the loader's connection cannot see
it before), and forgotten at ROLLBACK.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from pgcli_like.catalog import US, Catalog, CatalogParts, DataType, ForeignKey, Function, Relation
from pgcli_like.catalog_cache import load_columns, read_cache, write_cache
from pgcli_like.catalog_changes import Changes, ObjectChange, changes_of
from pgcli_like.dialects import dialect_for
from pgcli_like.drivers.base import Driver


def rows(driver: Driver, sql: str) -> Iterator[tuple]:
    """All rows of ``sql`` on ``driver``, fetched in large batches."""
    result = driver.execute(sql)
    try:
        for batch in result.batches(5000):
            yield from batch
    finally:
        result.close()


def split_packed(value: object, sep: str = US) -> list[str]:
    """Split a packed text value; NULL or '' is an empty list."""
    if not value:
        return []
    return str(value).split(sep)


def literal(text: str, *, backslashes: bool = False) -> str:
    """``text`` as a SQL string literal (catalog queries take no bind parameters)."""
    if backslashes:
        text = text.replace("\\", "\\\\")
    return "'" + text.replace("'", "''") + "'"


def literal_list(names: Sequence[str]) -> str:
    """A PostgreSQL text[] literal of ``names``."""
    return "ARRAY[" + ", ".join(literal(n) for n in names) + "]::text[]"


class CatalogSource(Protocol):
    """The catalog queries of one engine (``drivers/<engine>_catalog.py``)."""

    engine: str
    system_schemas: tuple[str, ...]

    def meta(self) -> CatalogParts: ...

    def fingerprint(self) -> str | None: ...

    def load(self, parts: CatalogParts, schemas: Sequence[str] | None, exclude: Sequence[str] = ()) -> None: ...

    def relations(self, schema: str, names: Sequence[str]) -> tuple[list[Relation], list[ForeignKey]]: ...

    def functions(self, schema: str, names: Sequence[str]) -> list[Function]: ...

    def datatypes(self, schema: str, names: Sequence[str]) -> list[DataType]: ...


def source_for(driver: Driver) -> CatalogSource:
    """The catalog queries for ``driver``'s engine."""
    if driver.engine == "postgresql":
        from pgcli_like.drivers.postgres_catalog import PostgresCatalog

        return PostgresCatalog(driver)
    if driver.engine == "mysql":
        from pgcli_like.drivers.mysql_catalog import MysqlCatalog

        return MysqlCatalog(driver)
    from pgcli_like.drivers.sqlite_catalog import SqliteCatalog

    return SqliteCatalog(driver)


def load_full(source: CatalogSource, publish: Callable[[Catalog], None] | None = None) -> Catalog:
    """Read the whole catalog: search-path schemas first (published early), then the rest."""
    fingerprint = source.fingerprint()
    parts = source.meta()
    first = [s for s in parts.search_path if s in parts.schemas] or list(parts.search_path)
    source.load(parts, first)
    if publish is not None:
        publish(Catalog.from_parts(parts))
    rest = [s for s in parts.schemas if s not in first]
    if rest:
        source.load(parts, None, exclude=first)
    return Catalog.from_parts(parts, fingerprint)


def _warm(catalog: Catalog) -> None:
    """Build the name indexes completion will use first (the search-path schemas)."""
    for schema in catalog.search_path:
        for kind in ("relations", "functions", "datatypes"):
            catalog.index(kind, schema)
    load_columns(catalog)  # a catalog from the disk cache reads its columns now, not at the first use


class CatalogLoader:
    """Keeps the catalog of one connection fresh without blocking the caller.

    ``single_connection``: run catalog queries on ``driver`` itself (serialised with the
    shell's statements through :attr:`connection_lock`). ``cache``: a file to read at
    start and write after loads, validated by the engine's fingerprint query.
    """

    def __init__(self, driver: Driver, *, single_connection: bool = False, cache: Path | None = None) -> None:
        self.driver = driver
        self.engine = driver.engine
        self.dialect = dialect_for(driver.engine)
        memory = driver.engine == "sqlite" and (driver.target.database or ":memory:") == ":memory:"
        self.single_connection = single_connection or memory
        self.cache = cache
        self._catalog: Catalog = Catalog.empty(driver.engine)
        self.error: str | None = None
        self.connection_lock = threading.RLock()
        self.last_load_seconds: float | None = None
        self._own: Driver | None = None
        self._jobs: deque[tuple[str, object]] = deque()
        self._cond = threading.Condition()
        self._busy = False
        self._worker: threading.Thread | None = None
        self._pending: list[ObjectChange] = []  # DDL seen inside an open transaction
        self._session_sql: list[str] = []  # SET search_path / USE … replayed on the loader's connection
        self._temp_schema: str | None = None  # PostgreSQL: the shell session's pg_temp_N, once it has one
        self._closed = False
        self._loaded = False  # a full load (or a validated cache) has happened: increments apply

    # -- state -----------------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        """The current catalog; replaced (never mutated) by each load step."""
        return self._catalog

    @catalog.setter
    def catalog(self, value: Catalog) -> None:
        temp = self._temp_schema
        if temp is not None and value.relations.get(temp) and temp not in value.search_path:
            # PostgreSQL looks in the session's temporary schema first.
            value = value.replace(temp, search_path=(temp, *value.search_path))
        _warm(value)  # sort the name indexes here, on the loader's thread, not on a keystroke
        self._catalog = value

    @property
    def loading(self) -> bool:
        """True while a load or refresh is queued or running (for the toolbar)."""
        with self._cond:
            return self._busy or bool(self._jobs)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no work is queued or running; False on timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self._busy or self._jobs:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._cond.wait(remaining)
        return True

    # -- entry points ----------------------------------------------------------------------

    def load_now(self) -> Catalog:
        """Blocking full load on the caller's thread (scripts, tests, ``\\refresh`` in batch)."""
        self.wait()
        with self.connection_lock:
            self._full(validate_cache=False)
        if self.error:
            from pgcli_like.drivers.base import DatabaseError

            raise DatabaseError(self.error)
        return self.catalog

    def start(self, on_done: Callable[[Catalog], None] | None = None, *, use_cache: bool = True) -> None:
        """Load in the background; a valid disk cache is published first, then checked."""
        if use_cache and self.cache is not None and self.catalog.is_empty:
            cached = read_cache(self.cache)
            if cached is not None and cached.engine == self.engine:
                self._catalog = cached  # published as is; its indexes are sorted by the worker
        self._submit("full", (on_done, use_cache))

    def after_statement(self, sql: str) -> Changes:
        """Re-read what ``sql`` (already run by the shell) changed; returns what was queued."""
        try:
            changes = changes_of(sql, self.dialect)
        except Exception:  # noqa: BLE001 - never let bookkeeping break the shell
            return Changes()
        if changes.transaction == "rollback":
            self._pending.clear()
            return changes
        if changes.transaction == "commit":
            pending, self._pending = self._pending, []
            if pending:
                self._submit("objects", tuple(pending))
            return Changes(tuple(pending))
        if changes.empty:
            return changes
        if not self._loaded and not changes.session:
            return changes  # nothing loaded yet: the coming full load will see the change anyway
        if changes.session and not self.single_connection:
            self._session_sql.append(sql)
            self._submit("session", sql)
        if any(c.temporary for c in changes.objects):
            changes = self._in_temp_schema(changes)
        in_tx = self._in_transaction()
        if changes.full and in_tx:
            self._pending.append(ObjectChange("full", None, ""))
        elif changes.full:
            self._submit("full", (None, False))
        elif changes.meta:
            self._submit("meta", None)
        elif in_tx:
            self._pending.extend(changes.objects)
        else:
            self._submit("objects", changes.objects)
        return changes

    def _in_temp_schema(self, changes: Changes) -> Changes:
        """Name the session's temporary schema in CREATE TEMP changes (asked on the shell's thread,
        between statements, because only the shell's own connection knows it)."""
        if self.engine != "postgresql":
            return changes
        if self._temp_schema is None:
            try:
                found = list(rows(self.driver, "SELECT nspname FROM pg_namespace WHERE oid = pg_my_temp_schema()"))
            except Exception:  # noqa: BLE001 - without it temporary tables just do not complete
                return changes
            self._temp_schema = found[0][0] if found else None
        temp = self._temp_schema
        objects = tuple(ObjectChange(c.kind, temp, c.name, c.quoted) if c.temporary else c for c in changes.objects)
        return Changes(objects, changes.full, changes.meta, changes.transaction, changes.session)

    def load_schema(self, schema: str) -> None:
        """Read one more schema (a qualifier the user typed that is not loaded yet)."""
        self._submit("schema", schema)

    def close(self) -> None:
        """Stop the worker after its current step and close the loader's own connection."""
        with self._cond:
            self._closed = True
            self._jobs.clear()
            self._cond.notify_all()
        if self._worker is not None and self._worker is not threading.current_thread():
            self._worker.join(timeout=5)
        if self._own is not None:
            self._own.close()
            self._own = None

    # -- worker ----------------------------------------------------------------------------

    def _in_transaction(self) -> bool:
        try:
            return self.driver.transaction_state != "idle"
        except Exception:  # noqa: BLE001
            return False

    def _submit(self, kind: str, arg: object) -> None:
        with self._cond:
            if self._closed:
                return
            if kind == "full":
                # A full load supersedes queued partial work (session replays must still run).
                kept = [j for j in self._jobs if j[0] in ("full", "session")]
                self._jobs.clear()
                self._jobs.extend(kept)
            self._jobs.append((kind, arg))
            self._cond.notify_all()
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._run, name="catalog-loader", daemon=True)
                self._worker.start()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._jobs and not self._closed:
                    self._cond.wait()
                if self._closed:
                    self._busy = False
                    self._cond.notify_all()
                    return
                kind, arg = self._jobs.popleft()
                self._busy = True
            try:
                with self.connection_lock:
                    self._do(kind, arg)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _do(self, kind: str, arg: object) -> None:
        if kind == "full":
            on_done, use_cache = arg  # type: ignore[misc]
            self._full(validate_cache=use_cache)
            if on_done is not None:
                try:
                    on_done(self.catalog)
                except Exception:  # noqa: BLE001 - a callback bug must not kill the loader
                    pass
        elif kind == "objects":
            self._objects(arg)  # type: ignore[arg-type]
        elif kind == "meta":
            self._guard(self._meta)
        elif kind == "schema":
            self._guard(lambda: self._schema(str(arg)))
        elif kind == "session" and self._own is not None:
            own = self._own
            self._guard(lambda: own.execute(str(arg)).close())

    def _connection(self) -> Driver:
        if self.single_connection:
            return self.driver
        if self._own is None:
            own = self.driver.clone()
            for sql in self._session_sql:  # the shell's SET search_path / USE, in order
                own.execute(sql).close()
            self._own = own
        return self._own

    def _source(self) -> CatalogSource:
        return source_for(self._connection())

    def _guard(self, step: Callable[[], None]) -> bool:
        """Run a load step; errors are kept for the toolbar, never raised into the shell."""
        try:
            step()
            self.error = None
            return True
        except Exception as err:  # noqa: BLE001
            self.error = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            if self._own is not None:
                try:
                    self._own.close()
                except Exception:  # noqa: BLE001
                    pass
                self._own = None
            return False

    def _full(self, *, validate_cache: bool) -> None:
        def step() -> None:
            started = time.perf_counter()
            current = self.catalog
            # Only a catalog read from the disk cache is checked; asking again later (\refresh) reloads.
            cached = validate_cache and not self._loaded and current.fingerprint is not None and not current.is_empty
            if cached:
                _warm(current)  # a cached catalog is already in use: sort its indexes first
            source = self._source()
            if cached:
                if source.fingerprint() == current.fingerprint:
                    self._loaded = True
                    return
            self.catalog = load_full(source, self._publish)
            if self._temp_schema is not None:
                self._schema(self._temp_schema)
            self._loaded = True
            self.last_load_seconds = time.perf_counter() - started
            if self.cache is not None:
                write_cache(self.cache, self.catalog)

        self._guard(step)

    def _publish(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def _meta(self) -> None:
        parts = self._source().meta()
        cat = self.catalog
        self.catalog = cat.replace(cat.default_schema() or "", schemas=parts.schemas or cat.schemas,
                                   search_path=parts.search_path)
        missing = [s for s in parts.search_path if s not in cat.relations and s in parts.schemas]
        for schema in missing:
            self._schema(schema)

    def _schema(self, schema: str) -> None:
        source = self._source()
        parts = CatalogParts(self.engine)
        source.load(parts, [schema])
        loaded = Catalog.from_parts(parts)
        cat = self.catalog
        self.catalog = cat.replace(
            schema,
            relations=loaded.relations.get(schema, {}),
            functions=loaded.functions.get(schema, {}),
            datatypes=loaded.datatypes.get(schema, {}),
            foreign_keys=parts.foreign_keys,
        )

    def _objects(self, changes: tuple[ObjectChange, ...]) -> None:
        if any(c.kind == "full" for c in changes):
            self._full(validate_cache=False)
            return

        def step() -> None:
            source = self._source()
            by_schema: dict[tuple[str, str], list[ObjectChange]] = {}
            for change in changes:
                schema = self._schema_of(change)
                by_schema.setdefault((change.kind, schema), []).append(change)
            for (kind, schema), group in by_schema.items():
                self._reread(source, kind, schema, group)
            if self.cache is not None:
                fingerprint = source.fingerprint()
                self.catalog.fingerprint = fingerprint
                write_cache(self.cache, self.catalog)

        self._guard(step)

    def _schema_of(self, change: ObjectChange) -> str:
        cat = self.catalog
        if change.schema is not None:
            return cat.resolve_schema(change.schema) or change.schema
        found = None
        if change.kind == "relations":
            found = cat.find_relation(None, change.name, change.quoted)
        elif change.kind == "functions":
            fns = cat.find_functions(None, change.name, change.quoted)
            found = fns[0] if fns else None
        elif change.kind == "datatypes":
            found = cat.find_datatype(change.name)
        return found.schema if found is not None else (cat.default_schema() or "")

    def _folded(self, change: ObjectChange) -> str:
        if change.quoted or self.engine != "postgresql":
            return change.name
        return change.name.lower()

    def _reread(self, source: CatalogSource, kind: str, schema: str, group: list[ObjectChange]) -> None:
        names = list(dict.fromkeys(self._folded(c) for c in group))
        cat = self.catalog
        if kind == "relations":
            rels, fks = source.relations(schema, names)
            found = {r.name: r for r in rels}
            changes: dict[str, Relation | None] = {n: None for n in names}
            for name in names:  # MySQL/SQLite names match loosely: drop the old spelling too
                old = cat.find_relation(schema, name)
                if old is not None:
                    changes[old.name] = None
            changes.update(found)
            self.catalog = cat.replace(schema, relations=changes, foreign_keys=fks)
        elif kind == "functions":
            fns: dict[str, list[Function]] = {n: [] for n in names}
            for fn in source.functions(schema, names):
                fns.setdefault(fn.name, []).append(fn)
            self.catalog = cat.replace(schema, functions={n: tuple(v) or None for n, v in fns.items()})
        elif kind == "datatypes":
            types: dict[str, DataType | None] = {n: None for n in names}
            types.update({t.name: t for t in source.datatypes(schema, names)})
            self.catalog = cat.replace(schema, datatypes=types)
