"""File-path candidates for the text typed inside a string literal."""

from __future__ import annotations

import os


def path_candidates(typed: str, limit: int = 2000) -> tuple[str, list[tuple[str, str]]]:
    """``(word, [(entry, kind), …])`` for ``typed``: the entries of its directory.

    ``word`` is the part after the last ``/`` that a completion replaces; kind is
    ``directory`` (shown with a trailing ``/``) or ``file``. ``~`` is expanded.
    """
    directory, word = os.path.split(typed)
    listing_dir = os.path.expanduser(directory) if directory else "."
    try:
        entries = os.scandir(listing_dir)
    except OSError:
        return word, []
    found: list[tuple[str, str]] = []
    with entries:
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            found.append((entry.name + "/" if is_dir else entry.name, "directory" if is_dir else "file"))
            if len(found) >= limit:
                break
    return word, found
