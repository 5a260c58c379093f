"""Module names for ``import …`` completion, found on disk without importing anything.

Importing a module runs its code, so a package's submodules are listed from the
directories ``importlib.util.find_spec`` reports for the top-level package (which
only searches the path); deeper levels walk those directories.
"""

from __future__ import annotations

import sys
import threading

_lock = threading.Lock()
_top_level: frozenset[str] | None = None
_top_level_path: tuple[str, ...] = ()


def top_level_modules() -> frozenset[str]:
    """Every importable top-level module name (cached until ``sys.path`` changes)."""
    global _top_level, _top_level_path
    import pkgutil

    with _lock:
        if _top_level is None or _top_level_path != tuple(sys.path):
            names = set(sys.builtin_module_names)
            names.update(name for name in sys.modules if "." not in name)
            names.update(info.name for info in pkgutil.iter_modules())
            _top_level = frozenset(n for n in names if n.isidentifier())
            _top_level_path = tuple(sys.path)
        return _top_level


def _search_locations(package: str) -> list[str]:
    """Directories holding ``package``'s submodules, without importing it."""
    import importlib.machinery

    loaded = sys.modules.get(package)
    if loaded is not None:
        path = loaded.__dict__.get("__path__")
        return list(path) if path is not None else []
    parts = package.split(".")
    locations: list[str] | None = None
    for depth, part in enumerate(parts):
        finder_path = None if depth == 0 else locations
        spec = importlib.machinery.PathFinder.find_spec(part, finder_path)
        if spec is None or spec.submodule_search_locations is None:
            return []
        locations = list(spec.submodule_search_locations)
    return locations or []


def submodules(package: str) -> list[str]:
    """Names of the submodules of ``package`` (``os`` → ``path`` comes from ``sys.modules``)."""
    import pkgutil

    found = {info.name for info in pkgutil.iter_modules(_search_locations(package))}
    prefix = package + "."
    found.update(name[len(prefix):] for name in list(sys.modules) if name.startswith(prefix)
                 and "." not in name[len(prefix):])
    return sorted(n for n in found if n.isidentifier())


def module_names(package: str) -> list[str]:
    """Top-level modules when ``package`` is empty, else its submodules."""
    return sorted(top_level_modules()) if not package else submodules(package)

