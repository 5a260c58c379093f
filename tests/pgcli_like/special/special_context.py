"""A real CommandContext for testing special commands without the interactive shell.

``RecordingContext`` runs SQL on a real driver (no database mocks) and records what a
user would see: echoed lines, warnings, and every result shown (kept as rows, so
tests can compare them with psql's output).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pgcli_like.drivers.base import ConnectionTarget, DatabaseError, Driver, ResultStream
from pgcli_like.error_display import FailedStatement
from pgcli_like.settings import OutputSettings


@dataclass
class Shown:
    """One result as the user would get it: column names, rows, title, footer, options."""

    columns: list[str]
    rows: list[tuple]
    title: str | None
    footer: str | None
    expanded: bool | None
    dest: str | None
    row_count: bool = True


@dataclass
class RecordingContext:
    driver: Driver
    settings: OutputSettings = field(default_factory=OutputSettings)
    variables: dict[str, str] = field(default_factory=dict)
    last_query: str | None = None
    last_error: FailedStatement | None = None
    lines: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # text printed without a newline (\echo -n)
    warnings: list[str] = field(default_factory=list)
    shown: list[Shown] = field(default_factory=list)
    output_file: str | None = None
    edits: list[tuple[str, str | None]] = field(default_factory=list)
    editor: Callable[[str], str | None] | None = None
    stored: dict[str, dict[str, str]] = field(default_factory=dict)
    refreshed: int = 0
    passwords: list[str] = field(default_factory=list)  # answers ask_password gives, in turn
    asked: list[str] = field(default_factory=list)  # the questions ask_password was asked

    def show(self, result: ResultStream, *, expanded: bool | None = None, dest: str | None = None) -> None:
        rows = [row for batch in result.batches() for row in batch]
        self.shown.append(Shown([c.name for c in result.columns], rows, getattr(result, "title", None),
                                getattr(result, "footer", None), expanded, dest,
                                getattr(result, "row_count", True)))

    def run_sql(self, sql: str, *, expanded: bool | None = None, dest: str | None = None) -> bool:
        from pgcli_like.special.registry import is_special, run_special
        from pgcli_like.special.variables import interpolate, on_error_stop
        from pgcli_like.statements import split_statements

        ok = True
        for statement in split_statements(sql, self.driver.engine):
            try:
                if is_special(statement, self.driver.engine):
                    run_special(self, statement)
                    continue
                statement = interpolate(statement, self.variables, engine=self.driver.engine)
                self.last_query = statement
                self.show(self.driver.execute(statement), expanded=expanded, dest=dest)
            except DatabaseError as err:
                self.last_error = FailedStatement(err, statement)
                self.warnings.append(err.message)
                ok = False
                if on_error_stop(self.variables):
                    return False
        return ok

    def echo(self, text: str) -> None:
        self.lines.append(text)

    def write(self, text: str) -> None:
        self.written.append(text)

    def screen(self, text: str) -> None:
        if text.endswith("\n"):
            self.lines.append(text[:-1])
        else:
            self.written.append(text)

    def take_copy_data(self) -> bytes | None:
        return None

    def warn(self, text: str) -> None:
        self.warnings.append(text)

    def set_output_file(self, path: str | None) -> None:
        if path is not None:
            open(path, "a").close()
        self.output_file = path

    def connect(self, target: ConnectionTarget) -> None:
        from pgcli_like.drivers import open_driver

        new = open_driver(target)
        self.driver.close()
        self.driver = new

    def refresh_catalog(self) -> None:
        self.refreshed += 1

    def confirm(self, question: str) -> bool:
        return False

    def ask_password(self, question: str) -> str | None:
        self.asked.append(question)
        return self.passwords.pop(0) if self.passwords else None

    def edit_text(self, text: str, filename: str | None = None) -> str | None:
        self.edits.append((text, filename))
        return self.editor(text) if self.editor else None

    @property
    def interactive(self) -> bool:
        return False

    @property
    def config_store(self) -> Callable[[str, dict[str, str]], None]:
        from shellkit.config import load_config

        def store(section: str, mapping: dict[str, str]) -> None:
            load_config().write_section(section, mapping)
            self.stored[section] = dict(mapping)

        return store
