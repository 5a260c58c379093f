"""A ResultStream over a cursor's fetch function, shared by the three drivers."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from pgcli_like.drivers.base import ColumnInfo


class FetchResult:
    """Rows pulled in batches from ``fetch(size)`` until it returns an empty list.

    ``first`` is a batch already fetched (drivers fetch one to learn the columns and
    surface errors early). ``finish(rowcount)`` gives the status line once all rows are
    read; ``stop()`` is called by ``close()`` when rows are still pending.
    """

    def __init__(
        self,
        columns: Sequence[ColumnInfo],
        fetch: Callable[[int], list[tuple]],
        finish: Callable[[int], str],
        *,
        first: list[tuple] | None = None,
        stop: Callable[[], None] | None = None,
        table_name: str | None = None,
        done: bool = False,
    ) -> None:
        self.columns = columns
        self.table_name = table_name
        self._fetch = fetch
        self._finish = finish
        self._first = first or []
        self._stop = stop
        self._count = 0
        self._done = done
        self._closed = False
        self._status = finish(0) if done else ""

    @property
    def status(self) -> str:
        return self._status

    def batches(self, size: int = 1000) -> Iterator[list[tuple]]:
        if self._first:
            first, self._first = self._first, []
            self._count += len(first)
            yield first
        while not self._done and not self._closed:
            batch = self._fetch(size)
            if not batch:
                self._done = True
                self._status = self._finish(self._count)
                break
            self._count += len(batch)
            yield batch

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if not self._done and self._stop is not None:
            self._stop()
        if not self._status:
            self._status = self._finish(self._count)
