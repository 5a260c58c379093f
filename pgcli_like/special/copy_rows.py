"""``\\copy`` for engines without a COPY protocol (MySQL, SQLite): rows through the driver.

TO runs the query and writes each row as text or csv. FROM inserts row by row inside one
transaction (a savepoint when the user already has one open): the first bad line rolls
everything back and is reported by number.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from typing import IO

from pgcli_like.drivers.base import DatabaseError
from pgcli_like.special.base import CommandContext, CommandError
from pgcli_like.special.copy_command import CopySpec, CsvOptions, read_rows

_SAVEPOINT = "shellkit_copy"


def _select_sql(spec: CopySpec) -> str:
    if spec.table is None:
        return spec.source.strip()[1:-1]  # "(SELECT …)" → "SELECT …"
    return f"SELECT {', '.join(spec.columns) if spec.columns else '*'} FROM {spec.table}"


def _text_field(value: object, options: CsvOptions) -> str:
    if value is None:
        return options.null
    text = value.hex() if isinstance(value, bytes) else str(value)
    return (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r"))


def _rendered(batch: list[tuple], options: CsvOptions, plain: bool) -> list:
    """Rows ready for the csv writer (NULL marker, bytes as hex); as-is when nothing needs changing."""
    if plain:
        return batch  # the csv module writes None as an empty field, which is NULL here
    return [[options.null if v is None else (v.hex() if isinstance(v, bytes) else v) for v in row] for row in batch]


def copy_rows_to(ctx: CommandContext, spec: CopySpec, options: CsvOptions, write: Callable[[bytes], object]) -> int:
    """Write the rows of the table or query; returns how many."""
    try:
        result = ctx.driver.execute(_select_sql(spec))
    except DatabaseError as err:
        raise CommandError(f"\\copy: {err.message}") from None
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=options.delimiter, quotechar=options.quote, lineterminator="\n")
    plain = options.null == "" and not any(c.kind == "binary" for c in result.columns)
    count = 0
    if options.header:
        names = [c.name for c in result.columns]
        if options.csv:
            writer.writerow(names)
        else:
            buffer.write(options.delimiter.join(names) + "\n")
    try:
        for batch in result.batches():
            if options.csv:
                writer.writerows(_rendered(batch, options, plain))
            else:
                buffer.writelines(options.delimiter.join([_text_field(v, options) for v in row]) + "\n"
                                  for row in batch)
            count += len(batch)
            write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
    except DatabaseError as err:
        raise CommandError(f"\\copy: {err.message}") from None
    finally:
        result.close()
    if buffer.tell():
        write(buffer.getvalue().encode("utf-8"))
    return count


def _run(ctx: CommandContext, sql: str, params: list[object] | None = None) -> None:
    ctx.driver.execute(sql, params).close()


# Rows per INSERT … VALUES when no JSON loader is available (SQLite's old 999-parameter limit).
_PARAMETERS_PER_INSERT = 900
# Rows per JSON batch: one short statement and one parameter, whatever the row count.
_ROWS_PER_JSON_BATCH = 5000


def _json_loader(ctx: CommandContext, table: str, columns: list[str]) -> str | None:
    """An INSERT that reads a JSON array of rows from one parameter, where the engine has one.

    The statement stays short and the same for every batch, so the driver's per-statement
    work does not grow with the batch (SQLite json_each; MariaDB 10.6+/MySQL 8 JSON_TABLE).
    """
    names = ", ".join(columns)
    if ctx.driver.engine == "sqlite":
        try:
            _run(ctx, "SELECT json_extract('[1]', '$[0]')")
        except DatabaseError:
            return None
        picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
        return f"INSERT INTO {table} ({names}) SELECT {picks} FROM json_each(?)"
    version = ctx.driver.server_version
    numbers = [int(n) for n in re.findall(r"\d+", version)[:2]] + [0, 0]
    if ("mariadb" in version.lower() and numbers[:2] < [10, 6]) or ("mariadb" not in version.lower()
                                                                    and numbers[0] < 8):
        return None
    cols = ", ".join(f"c{i} LONGTEXT PATH '$[{i}]'" for i in range(len(columns)))
    picks = ", ".join(f"j.c{i}" for i in range(len(columns)))
    return f"INSERT INTO {table} ({names}) SELECT {picks} FROM JSON_TABLE(%s, '$[*]' COLUMNS ({cols})) AS j"


def copy_rows_from(ctx: CommandContext, spec: CopySpec, options: CsvOptions, stream: IO[bytes]) -> int:
    """Insert every record of ``stream`` into the table, all or nothing; returns how many."""
    assert spec.table is not None
    return insert_records(ctx, spec.table, list(spec.columns), read_rows(stream, options))


def insert_records(ctx: CommandContext, table: str, columns: list[str],
                   records: Iterable[tuple[int, list[str | None]]], *, first: str | None = None,
                   label: str = "\\copy") -> int:
    """Insert (line number, fields) records into ``table`` in one transaction; returns how many.

    ``first`` is a statement run inside the same transaction before the rows (``.import``'s
    CREATE TABLE), so a failed load leaves nothing behind. Records go in batches; when a
    batch is rejected, its rows are retried one by one (still inside the transaction that
    is then rolled back) to name the line at fault.
    """
    import json

    driver = ctx.driver
    nested = driver.transaction_state != "idle"
    _run(ctx, f"SAVEPOINT {_SAVEPOINT}" if nested else ("BEGIN" if driver.engine == "sqlite"
                                                       else "START TRANSACTION"))
    try:
        if first:
            _run(ctx, first)
        columns = columns or _table_columns(ctx, table)
        loader = _json_loader(ctx, table, columns)
    except DatabaseError as err:
        _undo(ctx, nested)
        raise CommandError(f"{label}: {err.message}") from None
    mark = "?" if driver.engine == "sqlite" else "%s"
    row_marks = "(" + ", ".join(mark for _ in columns) + ")"
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    per_batch = _ROWS_PER_JSON_BATCH if loader else max(1, _PARAMETERS_PER_INSERT // max(1, len(columns)))
    count = 0
    pending: list[tuple[int, list[str | None]]] = []

    def flush() -> None:
        try:
            if loader:
                _run(ctx, loader, [json.dumps([fields for _line, fields in pending])])
            else:
                _run(ctx, head + ", ".join(row_marks for _ in pending),
                     [v for _line, fields in pending for v in fields])
        except DatabaseError as err:
            for line, fields in pending:
                try:
                    _run(ctx, head + row_marks, list(fields))
                except DatabaseError as row_err:
                    raise CommandError(f"{label}: line {line}: {row_err.message}; nothing was loaded") from None
            raise CommandError(f"{label}: {err.message}; nothing was loaded") from None
        pending.clear()

    try:
        for line, fields in records:
            if len(fields) != len(columns):
                raise CommandError(f"{label}: line {line}: expected {len(columns)} fields, found {len(fields)}; "
                                   "nothing was loaded")
            pending.append((line, fields))
            count += 1
            if len(pending) >= per_batch:
                flush()
        if pending:
            flush()
    except BaseException:
        _undo(ctx, nested)
        raise
    _run(ctx, f"RELEASE SAVEPOINT {_SAVEPOINT}" if nested else "COMMIT")
    return count


def _undo(ctx: CommandContext, nested: bool) -> None:
    try:
        _run(ctx, f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}" if nested else "ROLLBACK")
        if nested:
            _run(ctx, f"RELEASE SAVEPOINT {_SAVEPOINT}")
    except DatabaseError:
        pass  # the connection is already rolled back or gone; the original error says why


def _table_columns(ctx: CommandContext, table: str) -> list[str]:
    result = ctx.driver.execute(f"SELECT * FROM {table} LIMIT 0")
    names = [c.name for c in result.columns]
    result.close()
    return names

