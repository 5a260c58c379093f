"""``\\copy``: client-side COPY between a table (or query) and a file, a program or the terminal.

PostgreSQL streams through the driver's ``copy_to``/``copy_from`` (psycopg's COPY
protocol; the server parses the options and the data). MySQL and SQLite get the same
syntax implemented here: rows are written as text (tab-separated, ``\\N`` for NULL) or
csv, and read back inside one transaction, so a malformed line stops the load, names
its line number, and leaves no partial rows behind.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import IO

from pgcli_like.drivers.base import DatabaseError
from pgcli_like.special.base import CommandContext, CommandError, remember_error
from pgcli_like.special.command import Invocation, command
from pgcli_like.special.lexing import split_arguments

_CHUNK = 64 * 1024


@dataclass(frozen=True, slots=True)
class CopySpec:
    """A parsed ``\\copy`` line."""

    source: str  # "t", "t (a, b)" or "(SELECT …)" as SQL text
    table: str | None  # the table, when the source is not a query
    columns: tuple[str, ...]
    direction: str  # "from" or "to"
    target: str  # "file", "stdin", "stdout", "pstdin", "pstdout" or "program"
    path: str | None  # the file name or the program's command line
    options: str  # everything after the target, for the server


@dataclass(frozen=True, slots=True)
class CsvOptions:
    """The COPY options MySQL/SQLite \\copy understands."""

    csv: bool = False
    header: bool = False
    delimiter: str = "\t"
    null: str = "\\N"
    quote: str = '"'


USAGE = "\\copy TABLE [(COLUMNS)] | (QUERY) FROM|TO 'FILE'|STDIN|STDOUT|PROGRAM 'CMD' [[WITH] (OPTIONS)]"


def _paren_end(text: str, start: int, engine: str) -> int:
    """Index just past the parenthesis that closes the one at ``start`` (quotes respected)."""
    from pgcli_like.statements import PUNCT, next_token

    depth = 0
    i = start
    while i < len(text):
        kind, end = next_token(text, i, engine)
        if kind == PUNCT and text[i] == "(":
            depth += 1
        elif kind == PUNCT and text[i] == ")":
            depth -= 1
            if depth == 0:
                return end
        i = end
    raise CommandError(f"\\copy: unbalanced parentheses; usage: {USAGE}")


def parse_copy(text: str, engine: str = "postgresql") -> CopySpec:
    """Parse the arguments of ``\\copy``; CommandError with the usage line when malformed."""
    text = text.strip().rstrip(";").strip()
    if not text:
        raise CommandError(f"\\copy: arguments required; usage: {USAGE}")
    table: str | None = None
    columns: tuple[str, ...] = ()
    if text.startswith("("):
        end = _paren_end(text, 0, engine)
        source = text[:end]
    else:
        word_end = len(text.split(None, 1)[0])
        paren = text.find("(")
        if 0 <= paren < word_end:
            word_end = paren
        table = text[:word_end].strip()
        end = word_end
        rest = text[end:].lstrip()
        if rest.startswith("("):
            close = _paren_end(text, text.index("(", end), engine)
            columns = tuple(c.strip() for c in text[text.index("(", end) + 1 : close - 1].split(",") if c.strip())
            end = close
        source = table + (f" ({', '.join(columns)})" if columns else "")
    words = text[end:].split(None, 1)
    if not words or words[0].lower() not in ("from", "to"):
        raise CommandError(f"\\copy: expected FROM or TO after {source}; usage: {USAGE}")
    direction = words[0].lower()
    rest = words[1].strip() if len(words) > 1 else ""
    if not rest:
        raise CommandError(f"\\copy: missing file, STDIN/STDOUT or PROGRAM; usage: {USAGE}")
    if table is None and direction == "from":
        raise CommandError("\\copy: a query can only be copied TO a file or program")
    first = rest.split(None, 1)[0]
    if first.lower() == "program":
        rest = rest[len(first):].lstrip()
        kind = "program"
        path, rest = _take_word(rest)
    elif first.lower() in ("stdin", "stdout", "pstdin", "pstdout"):
        kind, path = first.lower(), None
        rest = rest[len(first):]
    else:
        kind = "file"
        path, rest = _take_word(rest)
        path = os.path.expanduser(path)
    if kind in ("stdin", "pstdin") and direction == "to" or kind in ("stdout", "pstdout") and direction == "from":
        raise CommandError(f"\\copy: cannot copy {direction.upper()} {kind.upper()}")
    return CopySpec(source, table, columns, direction, kind, path, rest.strip())


def _take_word(text: str) -> tuple[str, str]:
    """One argument (``'quoted'`` or bare) and the text after it."""
    if text.startswith("'"):
        i = 1
        while i < len(text):
            if text[i] == "'":
                if text[i + 1 : i + 2] == "'":
                    i += 2
                    continue
                return split_arguments(text[: i + 1])[0], text[i + 1:]
            i += 1
        raise CommandError("\\copy: unterminated quoted string")
    parts = text.split(None, 1)
    if not parts:
        raise CommandError(f"\\copy: missing file name; usage: {USAGE}")
    return parts[0], parts[1] if len(parts) > 1 else ""


def parse_options(options: str) -> CsvOptions:
    """COPY options, both ``WITH (FORMAT csv, HEADER)`` and the old ``CSV HEADER`` forms."""
    words = split_arguments(options.replace("(", " ").replace(")", " ").replace(",", " "))
    if words[:1] and words[0].lower() == "with":
        words = words[1:]
    values = {"csv": False, "header": False, "delimiter": None, "null": None, "quote": '"'}
    i = 0
    while i < len(words):
        word = words[i].lower()
        nxt = words[i + 1] if i + 1 < len(words) else None
        if nxt is not None and nxt.lower() == "as":
            i += 1
            nxt = words[i + 1] if i + 1 < len(words) else None
        if word == "csv":
            values["csv"] = True
        elif word == "format" and nxt and nxt.lower() in ("csv", "text"):
            values["csv"] = nxt.lower() == "csv"
            i += 1
        elif word == "header":
            if nxt and nxt.lower() in ("true", "false", "on", "off", "1", "0"):
                values["header"] = nxt.lower() in ("true", "on", "1")
                i += 1
            else:
                values["header"] = True
        elif word in ("delimiter", "null", "quote") and nxt is not None:
            values[word] = nxt
            i += 1
        else:
            raise CommandError(f"\\copy: option {words[i]!r} is not supported on this engine")
        i += 1
    csv_mode = bool(values["csv"])
    delimiter = values["delimiter"] or ("," if csv_mode else "\t")
    if len(delimiter) != 1:
        raise CommandError("\\copy: the delimiter must be a single character")
    return CsvOptions(csv_mode, bool(values["header"]), delimiter,
                      values["null"] if values["null"] is not None else ("" if csv_mode else "\\N"),
                      str(values["quote"]))


# ---------------------------------------------------------------- where the data goes / comes from

def _open_file(path: str, mode: str) -> IO[bytes]:
    try:
        return open(path, mode)
    except OSError as err:
        verb = "write" if "w" in mode else "read"
        raise CommandError(f"\\copy: cannot {verb} {path}: {err.strerror or err}") from None


def _spawn(command: str, **pipes: int) -> subprocess.Popen:
    try:
        return subprocess.Popen(command, shell=True, **pipes)
    except OSError as err:
        raise CommandError(f"\\copy: cannot run {command}: {err}") from None


def _open_sink(ctx: CommandContext, spec: CopySpec) -> tuple[Callable[[bytes], object], Callable[[], None]]:
    """(write, close) for the target of a COPY TO."""
    if spec.target == "file":
        f = _open_file(spec.path or "", "wb")
        return f.write, f.close
    if spec.target == "program":
        proc = _spawn(spec.path or "", stdin=subprocess.PIPE)
        assert proc.stdin is not None

        def close_program() -> None:
            proc.stdin.close()  # type: ignore[union-attr]
            if proc.wait():
                ctx.warn(f"\\copy: program {spec.path!r} exited with status {proc.returncode}")

        return proc.stdin.write, close_program
    if spec.target == "pstdout":
        return sys.stdout.buffer.write, sys.stdout.flush
    # STDOUT: the session's current output (honours \o), line by line.
    pending = bytearray()

    def write_lines(data: bytes) -> None:
        pending.extend(data)
        *lines, rest = bytes(pending).split(b"\n")
        for line in lines:
            ctx.echo(line.decode("utf-8", "replace"))
        pending[:] = rest

    def flush_rest() -> None:
        if pending:
            ctx.echo(pending.decode("utf-8", "replace"))

    return write_lines, flush_rest


def _open_source(ctx: CommandContext, spec: CopySpec) -> tuple[IO[bytes], Callable[[], None]]:
    """(binary stream, close) for the source of a COPY FROM."""
    if spec.target == "file":
        f = _open_file(spec.path or "", "rb")
        return f, f.close
    if spec.target == "program":
        proc = _spawn(spec.path or "", stdout=subprocess.PIPE)
        assert proc.stdout is not None

        def close_program() -> None:
            proc.stdout.close()  # type: ignore[union-attr]
            proc.wait()

        return proc.stdout, close_program
    inline = ctx.take_copy_data() if spec.target == "stdin" else None
    if inline is not None:  # the lines after the command in the script, up to \\.
        return io.BytesIO(inline), lambda: None
    return _terminal_input(), lambda: None


def _terminal_input() -> IO[bytes]:
    """Lines typed (or piped) on stdin up to a line holding only ``\\.``, as psql reads them."""
    if sys.stdin.isatty():
        sys.stderr.write("Enter data to be copied followed by a newline.\n"
                         "End with a backslash and a period on a line by itself, or an EOF signal.\n")
    data = io.BytesIO()
    for line in sys.stdin:
        if line.rstrip("\r\n") == "\\.":
            break
        data.write(line.encode("utf-8"))
    data.seek(0)
    return data


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return
        yield chunk


def _report(ctx: CommandContext, spec: CopySpec, count: int) -> None:
    # With the data on stdout, or stdout carrying a script's results, the status line goes
    # to stderr so stdout stays pure data (on screen, it follows the data as in psql).
    on_stderr = spec.target in ("stdout", "pstdout") or not ctx.interactive
    (ctx.warn if on_stderr else ctx.echo)(f"COPY {count}")


@command("\\copy", usage=USAGE, description="copy data between a table or query and a file or program",
         group="Input/Output", arg_kinds=("table", "file"), raw=True,
         help="Runs on the client: files are read and written with your permissions.\n"
              "Options: FORMAT text|csv, HEADER, DELIMITER 'x', NULL 'x', QUOTE 'x' (WITH (…) or the\n"
              "old CSV HEADER spelling).\n"
              "PostgreSQL streams through COPY (all of its options work); MySQL and SQLite\n"
              "accept FORMAT text|csv, HEADER, DELIMITER, NULL and QUOTE. A COPY FROM that\n"
              "fails on a line reports the line and loads nothing.\n"
              "FROM STDIN in a script reads the lines after the command, up to a line \\.;\n"
              "typed at the prompt, it reads what you type (PSTDIN: always the real stdin).")
def copy(ctx: CommandContext, inv: Invocation) -> None:
    spec = parse_copy(inv.arg_text, ctx.driver.engine)
    if ctx.driver.engine == "postgresql":
        _copy_postgres(ctx, spec)
    else:
        from pgcli_like.special.copy_rows import copy_rows_from, copy_rows_to

        options = parse_options(spec.options)
        if spec.direction == "to":
            write, close = _open_sink(ctx, spec)
            try:
                count = copy_rows_to(ctx, spec, options, write)
            finally:
                close()
        else:
            stream, close = _open_source(ctx, spec)
            try:
                count = copy_rows_from(ctx, spec, options, stream)
            finally:
                close()
        _report(ctx, spec, count)


def stdio_copy(sql: str, engine: str) -> str | None:
    """``"to"`` for PostgreSQL's ``COPY … TO STDOUT``, ``"from"`` for ``COPY … FROM STDIN``, else None.

    These SQL statements move data through the client, so the session runs them here
    (psql does the same) instead of as ordinary statements.
    """
    from pgcli_like.statements import first_word, tokens

    if engine != "postgresql" or first_word(sql, engine) != "COPY":
        return None
    words = [t.text.upper() for t in tokens(sql, engine) if t.depth == 0]
    for before, after in pairwise(words):
        if (before, after) == ("TO", "STDOUT"):
            return "to"
        if (before, after) == ("FROM", "STDIN"):
            return "from"
    return None


def copy_statement(ctx: CommandContext, sql: str, direction: str) -> None:
    """Run a SQL ``COPY … TO STDOUT`` (data to the query output, \\o honoured) or ``COPY … FROM
    STDIN`` (data inline in the script, else typed or piped on stdin); prints ``COPY n``.

    Raises DatabaseError with the server's message, as any statement does.
    """
    spec = CopySpec("", None, (), direction, "stdout" if direction == "to" else "stdin", None, "")
    if direction == "to":
        write, close = _open_sink(ctx, spec)
        try:
            count = ctx.driver.copy_to(sql, write)  # type: ignore[attr-defined]
        finally:
            close()
    else:
        stream, close = _open_source(ctx, spec)
        try:
            count = ctx.driver.copy_from(sql, _chunks(stream))  # type: ignore[attr-defined]
        finally:
            close()
    _report(ctx, spec, count)


def _copy_postgres(ctx: CommandContext, spec: CopySpec) -> None:
    copy_to = getattr(ctx.driver, "copy_to", None)
    copy_from = getattr(ctx.driver, "copy_from", None)
    if copy_to is None or copy_from is None:
        raise CommandError("\\copy: this PostgreSQL driver cannot stream COPY data")
    where = "STDOUT" if spec.direction == "to" else "STDIN"
    sql = f"COPY {spec.source} {spec.direction.upper()} {where} {spec.options}".strip()
    try:
        if spec.direction == "to":
            write, close = _open_sink(ctx, spec)
            try:
                count = copy_to(sql, write)
            finally:
                close()
        else:
            stream, close = _open_source(ctx, spec)
            try:
                count = copy_from(sql, _chunks(stream))
            finally:
                close()
    except DatabaseError as err:
        detail = f" ({err.detail})" if err.detail else ""
        remember_error(ctx, err, sql)
        raise CommandError(f"\\copy: {err.message}{detail}") from None
    _report(ctx, spec, count)


def read_rows(stream: IO[bytes], options: CsvOptions,
              label: str = "\\copy") -> Iterator[tuple[int, list[str | None]]]:
    """(line number, fields) of each record; NULL markers become None."""
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    if options.csv:
        reader = csv.reader(text, delimiter=options.delimiter, quotechar=options.quote, strict=True)
        first = True
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                raise CommandError(f"{label}: line {reader.line_num}: {err}") from None
            if first and options.header:
                first = False
                continue
            first = False
            # In csv, only an unquoted empty field is NULL by default; csv.reader cannot tell, so
            # the NULL string (empty unless set) stands for NULL either way.
            yield reader.line_num, [None if f == options.null else f for f in row]
        return
    for number, line in enumerate(text, start=1):
        if number == 1 and options.header:
            continue
        line = line.rstrip("\r\n")
        yield number, [None if f == options.null else _unescape(f) for f in line.split(options.delimiter)]


def _unescape(field: str) -> str:
    """COPY text format's backslash escapes."""
    if "\\" not in field:
        return field
    out = []
    i = 0
    while i < len(field):
        ch = field[i]
        if ch == "\\" and i + 1 < len(field):
            nxt = field[i + 1]
            out.append({"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "b": "\b", "f": "\f", "v": "\v"}.get(nxt, nxt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


@command(".import", usage=".import [--csv] [--skip N] FILE TABLE", description="load a csv file into a table",
         engines=frozenset({"sqlite"}), group="Input/Output", arg_kinds=("file", "table"), min_args=2,
         help="As in the sqlite3 shell: a missing TABLE is created with one text column per field\n"
              "of the file's first line (which names them); an existing table gets every line (skip\n"
              "a header with --skip 1). All or nothing: a bad line loads no rows and creates no table.")
def dot_import(ctx: CommandContext, inv: Invocation) -> None:
    from pgcli_like.special.copy_rows import insert_records
    from pgcli_like.special.variables import quote_identifier

    args = list(inv.args)
    skip = 0
    while args and args[0].startswith("--"):
        flag = args.pop(0)
        if flag == "--skip" and args and args[0].isdigit():
            skip = int(args.pop(0))
        elif flag != "--csv":
            raise inv.usage_error(f"unknown option {flag}")
    if len(args) != 2:
        raise inv.usage_error("FILE and TABLE are required")
    path, table = os.path.expanduser(args[0]), args[1]
    found = ctx.driver.execute("SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view')"
                               " AND name = ? COLLATE NOCASE", [table])
    exists = any(found.batches())
    found.close()
    stream = _open_file(path, "rb")
    try:
        # sqlite3's .import reads every field as text: nothing becomes NULL.
        records = read_rows(stream, CsvOptions(csv=True, delimiter=",", null="\0"), label=".import")
        columns: list[str] = []
        create = None
        if not exists:
            header = next(records, None)
            if header is None:
                raise CommandError(f".import: {path} is empty")
            columns = [quote_identifier(str(name)) for name in header[1]]
            create = f"CREATE TABLE {quote_identifier(table)} ({', '.join(c + ' TEXT' for c in columns)})"
        for _ in range(skip):
            next(records, None)
        count = insert_records(ctx, quote_identifier(table), columns, records, first=create, label=".import")
    finally:
        stream.close()
    ctx.echo(f"Imported {count} rows into {table}.")
