"""``\\copy`` for engines without a COPY protocol (MySQL, SQLite): rows through the driver.

TO runs the query and writes each row as text or csv. FROM inserts row by row inside one
transaction (a savepoint when the user already has one open): the first bad line rolls
everything back and is reported by number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
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


def copy_rows_to(ctx: CommandContext, spec: CopySpec, options: CsvOptions, write: Callable[[bytes], object]) -> int:
    """Write the rows of the table or query; returns how many."""
    try:
        result = ctx.driver.execute(_select_sql(spec))
    except DatabaseError as err:
        raise CommandError(f"\\copy: {err.message}") from None
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=options.delimiter, quotechar=options.quote, lineterminator="\n")
    count = 0

    def emit_csv(row: tuple | list) -> None:
        writer.writerow([options.null if v is None else (v.hex() if isinstance(v, bytes) else v) for v in row])

    if options.header:
        names = [c.name for c in result.columns]
        if options.csv:
            writer.writerow(names)
        else:
            buffer.write(options.delimiter.join(names) + "\n")
    try:
        for batch in result.batches():
            for row in batch:
                if options.csv:
                    emit_csv(row)
                else:
                    buffer.write(options.delimiter.join(_text_field(v, options) for v in row) + "\n")
                count += 1
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


def copy_rows_from(ctx: CommandContext, spec: CopySpec, options: CsvOptions, stream: IO[bytes]) -> int:
    """Insert every record of ``stream`` into the table, all or nothing; returns how many."""
    assert spec.table is not None
    driver = ctx.driver
    try:
        columns = list(spec.columns) or _table_columns(ctx, spec.table)
    except DatabaseError as err:
        raise CommandError(f"\\copy: {err.message}") from None
    mark = "?" if driver.engine == "sqlite" else "%s"
    insert = f"INSERT INTO {spec.table} ({', '.join(columns)}) VALUES ({', '.join(mark for _ in columns)})"
    nested = driver.transaction_state != "idle"
    _run(ctx, f"SAVEPOINT {_SAVEPOINT}" if nested else ("BEGIN" if driver.engine == "sqlite"
                                                       else "START TRANSACTION"))
    count = 0
    line = 0
    try:
        for line, fields in read_rows(stream, options):
            if len(fields) != len(columns):
                raise CommandError(f"\\copy: line {line}: expected {len(columns)} fields, found {len(fields)}; "
                                   "nothing was loaded")
            try:
                _run(ctx, insert, list(fields))
            except DatabaseError as err:
                raise CommandError(f"\\copy: line {line}: {err.message}; nothing was loaded") from None
            count += 1
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
