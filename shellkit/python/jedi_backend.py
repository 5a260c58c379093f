"""jedi, used only for what the static path cannot know, on one worker thread under a deadline.

jedi is imported lazily on the worker (never on the path to the first prompt) with
``allow_unsafe_interpreter_executions`` off, so it does not run properties or
``__getitem__``. A request waits at most ``deadline`` seconds: names that are ready
are returned, kinds not yet computed are left blank, and the worker drops stale
work as soon as the caller's ``is_current()`` says a newer request exists.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

DEFAULT_DEADLINE = 0.1
_SLICE = 0.01


@dataclass(frozen=True, slots=True)
class JediSignature:
    """A call signature as jedi describes it."""

    text: str
    doc: str
    index: int | None


@dataclass(slots=True)
class _Job:
    names: list[list[str]] = field(default_factory=list)  # [name, kind] rows, kind "" until known
    names_ready: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    gave_up: bool = False  # the caller stopped waiting before any name was ready


def _load_jedi():
    import jedi

    jedi.settings.allow_unsafe_interpreter_executions = False
    return jedi


class JediWorker:
    """A single background thread that runs jedi requests one at a time.

    Importing jedi takes a few hundred milliseconds of CPU, enough to make keystrokes stutter
    while it runs. With ``defer_loading`` the worker answers nothing until :meth:`warm_up` has
    been called (the REPL calls it once the user pauses); otherwise the first request loads it.
    """

    def __init__(self, deadline: float = DEFAULT_DEADLINE, *, defer_loading: bool = False) -> None:
        self.deadline = deadline
        self.defer_loading = defer_loading
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._late: tuple[tuple, list[tuple[str, str]]] | None = None
        self._warming = False
        self._asked_before_loading: tuple[Callable[[], None], Callable[[], bool]] | None = None

    @property
    def loading_started(self) -> bool:
        """Whether :meth:`warm_up` has been called."""
        return self._warming

    @property
    def available(self) -> bool:
        """Whether requests are served now (jedi loaded or loading, or loading is not deferred)."""
        return not self.defer_loading or self._warming

    def _submit(self, fn: Callable[[], object]) -> Future:
        with self._lock:
            if self._executor is None:
                from concurrent.futures import ThreadPoolExecutor

                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shellkit-jedi")
            return self._executor.submit(fn)

    def warm_up(self) -> None:
        """Import jedi in the background so the first real request is not slowed by it."""
        with self._lock:
            if self._warming:
                return
            self._warming = True

        def load() -> None:
            _load_jedi()
            waiting, self._asked_before_loading = self._asked_before_loading, None
            if waiting is not None and waiting[1]():
                waiting[0]()

        self._submit(load)

    def complete(self, source: str, namespaces: Sequence[Mapping[str, object]], line: int, column: int,
                 is_current: Callable[[], bool], skip_kinds: frozenset[str] = frozenset(),
                 on_late: Callable[[], None] | None = None) -> list[tuple[str, str]]:
        """Completions at ``line`` (1-based), ``column`` (0-based): ``(name, kind)`` pairs ready
        within the deadline. Names in ``skip_kinds`` get no kind (the caller knows it already).

        An answer that arrives after the deadline is kept for the next identical request, and
        ``on_late()`` is called (from the worker thread) so the caller can ask again."""
        if not self.available:
            if on_late is not None:  # told once jedi is in, to ask again (unless typing went on)
                self._asked_before_loading = (on_late, is_current)
            return []
        key = (source, line, column, tuple((id(ns), len(ns)) for ns in namespaces))
        with self._lock:
            late, self._late = self._late, None
        if late is not None and late[0] == key:
            return late[1]
        job = _Job()

        def work() -> None:
            try:
                if not is_current():
                    return
                jedi = _load_jedi()
                found = jedi.Interpreter(source, [dict(ns) for ns in namespaces]).complete(line, column)
                rows = [[c.name, ""] for c in found]
                job.names = rows
                job.names_ready.set()
                for row, c in zip(rows, found, strict=True):
                    if not is_current():
                        return
                    if row[0] not in skip_kinds:
                        row[1] = c.type
                with self._lock:
                    self._late = (key, [(name, kind) for name, kind in rows])
                    notify = job.gave_up
                if notify and on_late is not None:
                    on_late()
            except Exception:  # noqa: BLE001 - jedi fails on odd input; the static results stand
                pass
            finally:
                job.names_ready.set()
                job.done.set()

        self._submit(work)
        # wait in slices so that a keystroke (is_current() turning False) ends the wait at once
        start = time.monotonic()
        while not job.names_ready.wait(_SLICE) and is_current():
            if time.monotonic() - start > self.deadline:
                with self._lock:
                    if not job.names_ready.is_set():
                        job.gave_up = True
                        return []
        kinds_until = time.monotonic() + self.deadline / 2
        while not job.done.wait(_SLICE) and is_current() and time.monotonic() < kinds_until:
            pass
        return [(name, kind) for name, kind in list(job.names)] if is_current() else []

    def signature(self, source: str, namespaces: Sequence[Mapping[str, object]], line: int,
                  column: int, timeout: float | None = None) -> JediSignature | None:
        """The signature of the call around the position, or None."""
        if not self.available:
            return None

        def work() -> JediSignature | None:
            jedi = _load_jedi()
            sigs = jedi.Interpreter(source, [dict(ns) for ns in namespaces]).get_signatures(line, column)
            if not sigs:
                return None
            # of several overloads, the first that takes arguments says the most
            sig = next((candidate for candidate in sigs if candidate.params), sigs[0])
            doc = sig.docstring(raw=True).strip().split("\n\n")[0].replace("\n", " ")
            return JediSignature(sig.to_string(), doc, sig.index)

        future = self._submit(work)
        try:
            return future.result(timeout if timeout is not None else self.deadline * 5)
        except Exception:  # noqa: BLE001 - no signature rather than a broken toolbar
            return None


_shared: JediWorker | None = None


def shared_worker() -> JediWorker:
    """The process-wide jedi worker (one thread for the REPL, the debugger and signatures)."""
    global _shared
    if _shared is None:
        _shared = JediWorker()
    return _shared
