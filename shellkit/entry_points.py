"""Entry points of the installed distributions, read without importlib.metadata.

Importing importlib.metadata costs ~25 ms (email, zipfile, pathlib, csv …), a large part
of a short `shellkit sql -c …` run. Entry points are plain INI text in each
distribution's ``*.dist-info/entry_points.txt`` (``*.egg-info`` for old installs), so
reading them is a directory listing per ``sys.path`` entry and a few small files. When
no distribution lists a group (an unusual install), importlib.metadata answers instead.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys

_SUFFIXES = (".dist-info", ".egg-info")


def entry_points(group: str) -> dict[str, str]:
    """``{name: "module:attribute"}`` of ``group``; the first distribution on ``sys.path`` wins."""
    found = _scan(tuple(sys.path)).get(group)
    if found is None:
        found = _from_metadata(group)
    return dict(found)


def load(target: str) -> object:
    """The object an entry point names (``"package.module:attr.sub"``)."""
    module, _, attribute = target.partition(":")
    obj: object = importlib.import_module(module.strip())
    for part in attribute.strip().split(".") if attribute.strip() else ():
        obj = getattr(obj, part)
    return obj


@functools.lru_cache(maxsize=4)
def _scan(path: tuple[str, ...]) -> dict[str, dict[str, str]]:
    groups: dict[str, dict[str, str]] = {}
    seen: set[str] = set()
    for entry in path:
        try:
            names = sorted(n for n in os.listdir(entry or ".") if n.endswith(_SUFFIXES))
        except OSError:
            continue  # a zip file, a missing directory
        for name in names:
            project = name.rsplit("-", 1)[0].lower().replace("_", "-").replace(".", "-")
            if project in seen:
                continue  # an older copy further down the path, as importlib.metadata skips it
            seen.add(project)
            try:
                with open(os.path.join(entry or ".", name, "entry_points.txt"), encoding="utf-8") as handle:
                    text = handle.read()
            except OSError:
                continue
            for group, items in parse(text).items():
                target = groups.setdefault(group, {})
                for key, value in items.items():
                    target.setdefault(key, value)
    return groups


def parse(text: str) -> dict[str, dict[str, str]]:
    """``entry_points.txt`` as ``{group: {name: value}}`` (INI: ``[group]`` then ``name = value``)."""
    groups: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = groups.setdefault(line[1:-1].strip(), {})
        elif current is not None and "=" in line:
            key, _, value = line.partition("=")
            current.setdefault(key.strip(), value.strip())
    return groups


def _from_metadata(group: str) -> dict[str, str]:
    from importlib.metadata import entry_points as metadata_entry_points

    return {ep.name: ep.value for ep in metadata_entry_points(group=group)}
