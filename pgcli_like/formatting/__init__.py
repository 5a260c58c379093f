"""Rows → text, streamed: ``format_result`` turns a ResultStream into chunks of output.

Pure and lazy: it consumes ``result.batches()`` one batch at a time and yields text as
it goes, so a result of any size is formatted in bounded memory and the first screen
appears as soon as the first batch arrives. Each yielded chunk is one or more complete
lines, each ending in ``\\n``. A result without columns (INSERT, CREATE …) yields
nothing: its status line is the session's business.

Formats (``FORMAT_NAMES``): ``table`` (psql's aligned look), ``table-unicode`` (the same
in box-drawing characters), ``vertical`` (``\\x``), ``csv``, ``tsv``, ``json`` (an array
of objects), ``jsonl``, ``markdown``, ``html`` and ``sql-insert``.

- The display layouts (table, table-unicode, vertical) cut values at
  ``max_field_width`` with ``…``, escape control characters, show the NULL marker
  (styled when ``settings.color``) and end with the ``(N rows)`` footer.
- markdown and html are documents for people: NULL marker, values never cut.
- csv, tsv, json, jsonl and sql-insert are exact data: nothing but the rows (NULL is
  an empty field, ``null`` or ``NULL``), no footer, no notices.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pgcli_like.drivers.base import ResultStream
from pgcli_like.settings import OutputSettings

FORMAT_NAMES: tuple[str, ...] = (
    "table",
    "table-unicode",
    "vertical",
    "csv",
    "tsv",
    "json",
    "jsonl",
    "markdown",
    "html",
    "sql-insert",
)

# Formats whose output is data for another program: no footer, no row-limit notice.
DATA_FORMATS = frozenset({"csv", "tsv", "json", "jsonl", "sql-insert"})

# Rows fetched per batch: large enough that per-batch costs vanish, small enough that
# the first screen appears at once and memory stays flat.
BATCH_SIZE = 1000

__all__ = ["BATCH_SIZE", "DATA_FORMATS", "FORMAT_NAMES", "OutputStats", "UnknownFormat", "format_result"]


class UnknownFormat(ValueError):
    """A format name that is not one of FORMAT_NAMES."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown output format {name!r}; choose one of: {', '.join(FORMAT_NAMES)}")


@dataclass(slots=True)
class OutputStats:
    """Filled in while ``format_result`` runs: rows formatted, and whether ``row_limit`` hid more."""

    rows: int = 0
    more: bool = False


def format_result(
    result: ResultStream,
    settings: OutputSettings,
    *,
    width: int,
    expanded: bool | None = None,
    stats: OutputStats | None = None,
) -> Iterator[str]:
    """Format ``result`` as text chunks in ``settings.format``.

    ``width`` is the terminal width (for ``\\x auto``). ``expanded=True`` forces the
    vertical layout (``\\G``, ``\\gx``) for the display formats, ``False`` forbids it,
    None follows ``settings.expanded``. With ``settings.row_limit`` only that many
    rows are fetched; the result is then closed and ``stats.more`` says rows were left.
    ``stats`` (optional) is filled in as rows are formatted: the row count for the
    caller. Raises UnknownFormat for a bad ``settings.format`` before fetching anything.
    """
    name = settings.format
    if name not in FORMAT_NAMES:
        raise UnknownFormat(name)
    return _generate(result, settings, name, width, expanded, stats if stats is not None else OutputStats())


def _generate(result: ResultStream, settings: OutputSettings, name: str, width: int,
              expanded: bool | None, stats: OutputStats) -> Iterator[str]:
    if not result.columns:
        return
    batches = _counted(result, settings.row_limit, stats)
    if name in ("csv", "tsv"):
        from pgcli_like.formatting.delimited import delimited_chunks, header_line, with_header

        delimiter = "," if name == "csv" else "\t"
        head = header_line(result.columns, delimiter) if not settings.tuples_only else ""
        server = _server_records(result, delimiter, settings, stats)
        if server is not None:
            yield from with_header(head, server)
        else:
            yield from delimited_chunks(result.columns, batches, delimiter=delimiter, head=head)
    elif name in ("json", "jsonl"):
        from pgcli_like.formatting.jsonfmt import json_chunks

        yield from json_chunks(result.columns, batches, lines=name == "jsonl")
    elif name == "sql-insert":
        from pgcli_like.formatting.sqlinsert import insert_chunks

        yield from insert_chunks(result.columns, batches, table=result.table_name, engine=settings.engine)
    elif name in ("markdown", "html") and not expanded:
        from pgcli_like.formatting.markup import html_chunks, markdown_chunks

        if name == "markdown":
            yield from markdown_chunks(result.columns, batches, settings)
        else:
            yield from html_chunks(result.columns, batches, settings, title=_title(result, settings), stats=stats,
                                   count_rows=getattr(result, "row_count", True))
    else:
        from pgcli_like.formatting.screen import screen_chunks

        if name == "vertical" or expanded:
            mode = "vertical"
        elif expanded is False or settings.expanded == "off":
            mode = "table"
        else:
            mode = "vertical" if settings.expanded == "on" else "auto"
        yield from screen_chunks(result, batches, settings, mode=mode, unicode=name == "table-unicode",
                                 width=width, title=_title(result, settings), stats=stats)


def _server_records(result: ResultStream, delimiter: str, settings: OutputSettings,
                    stats: OutputStats) -> Iterator[str] | None:
    """The records as the server writes them (PostgreSQL's COPY), when the result offers
    that and no row limit applies; None otherwise."""
    copy = getattr(result, "copy_delimited", None)
    if copy is None or settings.row_limit:
        return None

    def counted(rows: int) -> None:
        stats.rows = rows

    return copy(delimiter, counted)


def _title(result: ResultStream, settings: OutputSettings) -> str | None:
    return settings.title or getattr(result, "title", None)


def _counted(result: ResultStream, limit: int | None, stats: OutputStats) -> Iterator[list[tuple]]:
    """The result's batches, counted into ``stats`` and cut at ``limit`` rows.

    To know whether rows remain, one row beyond the limit is fetched; the result is
    then closed so the server stops producing rows.
    """
    if not limit or limit <= 0:
        for batch in result.batches(BATCH_SIZE):
            stats.rows += len(batch)
            yield batch
        return
    for batch in result.batches(min(BATCH_SIZE, limit + 1)):
        room = limit - stats.rows
        if len(batch) > room:
            stats.more = True
            batch = batch[:room]
        stats.rows += len(batch)
        if batch:
            yield batch
        if stats.more:
            result.close()
            return
