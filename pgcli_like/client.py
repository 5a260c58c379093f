"""The public Python API: a connection plus schema-aware completion.

    from pgcli_like import Client
    client = Client.connect("postgresql://postgres@127.0.0.1:5432/test")
    client.refresh_catalog()                  # blocking load, for scripts and tests
    items = client.complete("SELECT * FROM or")

The shell uses the same object: it installs ``client.completer`` in its prompt, starts
``client.start_background_refresh()`` after connecting, shows ``client.loading`` in the
toolbar and calls ``client.after_statement(sql)`` after each statement it ran.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from prompt_toolkit.completion import Completion

from pgcli_like.catalog import Catalog
from pgcli_like.catalog_cache import cache_path
from pgcli_like.catalog_changes import Changes
from pgcli_like.catalog_loader import CatalogLoader
from pgcli_like.completion import SqlCompleter, completer_for
from pgcli_like.drivers.base import Driver


class Client:
    """One database connection with its catalog and completer.

    ``single_connection``: load the catalog on ``driver`` itself instead of a second
    connection. ``disk_cache``: keep the catalog in the user cache directory per
    connection target, so the next start completes at once (checked against the server
    before it is trusted). ``config``: the ``[sql]`` config section (keyword_casing …).
    """

    def __init__(self, driver: Driver, *, single_connection: bool = False, disk_cache: bool = False,
                 config: Mapping[str, object] | None = None) -> None:
        self.driver = driver
        self.engine = driver.engine
        cache = cache_path(driver.target.history_key) if disk_cache else None
        if cache is not None and driver.engine == "sqlite" and (driver.target.database or ":memory:") == ":memory:":
            cache = None
        self.loader = CatalogLoader(driver, single_connection=single_connection, cache=cache)
        self.completer: SqlCompleter = completer_for(driver.engine, lambda: self.loader.catalog, config=config)
        self.completer.on_schema_miss = self.loader.load_schema

    @classmethod
    def connect(cls, dsn: str, *, password_prompt: Callable[[str], str | None] | None = None,
                **options: object) -> Client:
        """Open ``dsn`` (postgresql://…, mysql://…, sqlite:///path) and wrap it.

        Raises the driver's ``ConnectionError_`` (one-line message) when it cannot connect.
        """
        from pgcli_like.drivers import open_driver
        from pgcli_like.dsn import parse_dsn

        driver = open_driver(parse_dsn(dsn), password_prompt=password_prompt)
        return cls(driver, **options)  # type: ignore[arg-type]

    # -- catalog ---------------------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        """The catalog completion currently uses (replaced, never mutated, by loads)."""
        return self.loader.catalog

    @property
    def loading(self) -> bool:
        """True while the catalog is being loaded or refreshed (for the toolbar)."""
        return self.loader.loading

    @property
    def connection_lock(self):
        """Held by the loader while it reads the catalog (one load step at a time).

        With ``single_connection`` the catalog is read on the shell's own connection; a shell
        that runs statements while a load may be going on should hold this lock around each
        statement (drivers such as PyMySQL are not safe to share between threads).
        """
        return self.loader.connection_lock

    @property
    def catalog_error(self) -> str | None:
        """The last catalog-load failure, in one line (None when the last load worked)."""
        return self.loader.error

    def refresh_catalog(self) -> Catalog:
        """Load the whole catalog now (blocking). Raises DatabaseError if it fails."""
        return self.loader.load_now()

    def start_background_refresh(self, on_done: Callable[[Catalog], None] | None = None) -> None:
        """Load the whole catalog in the background; ``on_done(catalog)`` runs on the worker thread."""
        self.loader.start(on_done)

    def wait_for_catalog(self, timeout: float | None = None) -> bool:
        """Block until background loading is idle; False on timeout."""
        return self.loader.wait(timeout)

    def after_statement(self, sql: str) -> Changes:
        """Tell the client the shell ran ``sql``: DDL re-reads the objects it touched."""
        self.completer.note_usage(sql)
        return self.loader.after_statement(sql)

    # -- completion ------------------------------------------------------------------------

    def complete(self, text: str, cursor: int | None = None) -> list[Completion]:
        """Completions at ``cursor`` (a character offset; default: end of ``text``)."""
        return self.completer.complete(text, cursor)

    def close(self) -> None:
        """Stop background loading and close the connection(s)."""
        self.loader.close()
        self.driver.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
