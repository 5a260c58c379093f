"""Command history: one file per (application, connection target), shared safely between shells.

The file format is prompt_toolkit's ``FileHistory`` format (a ``# timestamp`` line, then
each line of the entry prefixed with ``+``), so multi-line entries round-trip and old
files stay readable. Two shells on the same target both append to the same file: every
entry is written with a single ``write`` on an ``O_APPEND`` descriptor under an exclusive
``flock``, and reading takes a shared lock, so neither shell ever loses or tears the
other's entries. Files are created mode 0600 in a 0700 folder (history holds SQL that may
name secrets).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from prompt_toolkit.history import History

from shellkit.paths import data_dir, ensure_dir

try:  # POSIX only; on other systems appends are still single writes, just unlocked.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_UNSAFE = re.compile(r"[^A-Za-z0-9._@-]+")


def history_path(app: str, key: str | None = None) -> Path:
    """The history file of ``app`` for connection target ``key`` (no folders are created).

    ``key`` names what the history belongs to, e.g. ``"postgresql 127.0.0.1:5432 shop"``;
    it must not contain a password. The file name is a readable slug of the key plus a
    short hash, so two keys that slug alike still get different files.
    """
    folder = data_dir() / "history" / (_UNSAFE.sub("_", app) or "default")
    if not key:
        return folder / "default.history"
    slug = _UNSAFE.sub("_", key).strip("_")[:80] or "target"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    return folder / f"{slug}-{digest}.history"


def parse_entries(lines: Iterable[str]) -> list[str]:
    """Entries of a history file, oldest first (lines of one entry start with ``+``)."""
    return [entry for _raw, entry in _chunks(lines)]


def _chunks(lines: Iterable[str]) -> list[tuple[str, str]]:
    """``(raw text, entry)`` per entry, oldest first; the raw text keeps its timestamp line."""
    chunks: list[tuple[str, str]] = []
    raw: list[str] = []
    body: list[str] = []

    def finish() -> None:
        text = "".join(body)
        # (the newline ending the entry is not part of it)
        chunks.append(("".join(raw), text[:-1] if text.endswith("\n") else text))
        raw.clear()
        body.clear()

    for line in lines:
        if line.startswith("+"):
            body.append(line[1:])
        elif body:
            finish()
        raw.append(line)
    if body:
        finish()
    return chunks


def newest_distinct_start(entries: list[str], count: int) -> int:
    """Index of the oldest entry that must stay for the newest ``count`` distinct texts to remain."""
    seen: set[str] = set()
    for index in range(len(entries) - 1, -1, -1):
        seen.add(entries[index])
        if len(seen) >= count:
            return index
    return 0


def format_entry(text: str, when: datetime.datetime | None = None) -> str:
    """One history entry as written to the file, timestamp comment included."""
    when = when or datetime.datetime.now()
    body = "".join(f"+{line}\n" for line in text.split("\n"))
    return f"\n# {when}\n{body}"


class SharedFileHistory(History):
    """A prompt_toolkit History backed by a file that several shells append to at once.

    ``max_entries`` keeps only the newest distinct entries in memory; the file is trimmed to
    them when it holds more than twice as many entries (rarely, so a trim costs nothing on
    most statements), under the exclusive lock and by replacing the file, so an append by
    another shell waiting for the lock goes into the new file, never the dropped one.
    ``keep(text) -> bool`` decides whether an entry is written to the file at all, so an
    application can keep statements that carry a password out of it.
    """

    def __init__(self, path: str | os.PathLike[str], *, max_entries: int | None = None,
                 keep: Callable[[str], bool] | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.max_entries = max_entries
        self.keep = keep
        self._write_failed = False
        # entries in the file as far as this shell knows (others' appends are not counted,
        # which only makes a trim come later); None until the file is first read
        self._entries_in_file: int | None = None

    def load_history_strings(self) -> Iterable[str]:
        """Newest entry first, as prompt_toolkit expects; a repeated entry appears once."""
        try:
            with open(self.path, "rb") as f:
                _lock(f.fileno(), shared=True)
                data = f.read()
        except FileNotFoundError:
            return []
        except OSError as err:
            _warn(f"cannot read history file {self.path}: {err.strerror or err}")
            return []
        lines = data.decode("utf-8", errors="replace").splitlines(keepends=True)
        entries = parse_entries(lines)
        self._entries_in_file = len(entries)
        if self._over_limit():
            self._update_file(b"")  # trims, under the exclusive lock
        # Newest first, each text once: Up arrow should not step through the same
        # statement run twenty times (the file keeps every run, up to the trim).
        newest_first = list(dict.fromkeys(reversed(entries)))
        if self.max_entries is not None:
            newest_first = newest_first[:max(self.max_entries, 0)]
        return newest_first

    def store_string(self, string: str) -> None:
        """Append one entry to the file in a single locked write."""
        if self.keep is not None and not self.keep(string):
            return
        self._update_file(format_entry(string).encode("utf-8"))

    def _over_limit(self) -> bool:
        limit = self.max_entries
        return bool(limit and limit > 0 and self._entries_in_file is not None
                    and self._entries_in_file > 2 * limit)

    def _update_file(self, payload: bytes) -> None:
        """Append ``payload`` in one locked write, then trim the file if it is over the limit."""
        try:
            ensure_dir(self.path.parent)
            while True:
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                try:
                    _lock(fd, shared=False)
                    if not _is_current(fd, self.path):
                        continue  # another shell trimmed (replaced) the file while we waited
                    remaining = payload
                    while remaining:  # one write() in practice; loop in case it is cut short
                        remaining = remaining[os.write(fd, remaining):]
                    if payload and self._entries_in_file is not None:
                        self._entries_in_file += 1
                    if self.max_entries and self.max_entries > 0 and (
                            self._entries_in_file is None or self._over_limit()):
                        self._trim_locked()
                    return
                finally:
                    os.close(fd)  # closing releases the lock
        except OSError as err:
            if not self._write_failed:  # say it once, not after every statement
                self._write_failed = True
                _warn(f"cannot write history file {self.path}: {err.strerror or err}")

    def _trim_locked(self) -> None:
        """Count the file's entries and, if over twice the limit, keep the newest (lock held)."""
        with open(self.path, "rb") as f:
            lines = f.read().decode("utf-8", errors="replace").splitlines(keepends=True)
        chunks = _chunks(lines)
        self._entries_in_file = len(chunks)
        if not self._over_limit():
            return
        assert self.max_entries is not None
        start = newest_distinct_start([entry for _raw, entry in chunks], self.max_entries)
        kept = "".join(raw for raw, _entry in chunks[start:])
        # A new file renamed over the old one: a crash mid-way leaves the old file whole.
        fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(kept.encode("utf-8"))
                f.flush()
                os.fsync(f.fileno())
            os.replace(temp, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        self._entries_in_file = len(chunks) - start


def _is_current(fd: int, path: Path) -> bool:
    """Whether ``fd`` is still the file at ``path`` (a trim replaces it)."""
    try:
        here, there = os.fstat(fd), os.stat(path)
    except FileNotFoundError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _lock(fd: int, *, shared: bool) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)


def _warn(message: str) -> None:
    print(f"shellkit: {message}", file=sys.stderr)
