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

import datetime
import hashlib
import os
import re
import sys
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
    entries: list[str] = []
    current: list[str] = []

    def finish() -> None:
        text = "".join(current)
        entries.append(text[:-1] if text.endswith("\n") else text)  # the newline ending the entry
        current.clear()

    for line in lines:
        if line.startswith("+"):
            current.append(line[1:])
        elif current:
            finish()
    if current:
        finish()
    return entries


def format_entry(text: str, when: datetime.datetime | None = None) -> str:
    """One history entry as written to the file, timestamp comment included."""
    when = when or datetime.datetime.now()
    body = "".join(f"+{line}\n" for line in text.split("\n"))
    return f"\n# {when}\n{body}"


class SharedFileHistory(History):
    """A prompt_toolkit History backed by a file that several shells append to at once.

    ``max_entries`` keeps only the newest distinct entries in memory (the file keeps everything);
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
        # Newest first, each text once: Up arrow should not step through the same
        # statement run twenty times (the file keeps every run).
        newest_first = list(dict.fromkeys(reversed(parse_entries(lines))))
        if self.max_entries is not None:
            newest_first = newest_first[:max(self.max_entries, 0)]
        return newest_first

    def store_string(self, string: str) -> None:
        """Append one entry to the file in a single locked write."""
        if self.keep is not None and not self.keep(string):
            return
        payload = format_entry(string).encode("utf-8")
        try:
            ensure_dir(self.path.parent)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                _lock(fd, shared=False)
                while payload:  # one write() in practice; loop in case it is cut short
                    payload = payload[os.write(fd, payload):]
            finally:
                os.close(fd)  # closing releases the lock
        except OSError as err:
            if not self._write_failed:  # say it once, not after every statement
                self._write_failed = True
                _warn(f"cannot write history file {self.path}: {err.strerror or err}")


def _lock(fd: int, *, shared: bool) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)


def _warn(message: str) -> None:
    print(f"shellkit: {message}", file=sys.stderr)
