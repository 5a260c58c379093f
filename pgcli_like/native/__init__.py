"""Optional C accelerators for exporting results as CSV/TSV, one module per engine.

They are built by ``setup.py`` when a C compiler and the engine's client library are
available; ``load`` returns None otherwise and callers use their Python path.
"""

from __future__ import annotations

import importlib
from types import ModuleType


def load(name: str) -> ModuleType | None:
    """The accelerator ``pgcli_like.native.<name>``, or None when it was not built."""
    try:
        return importlib.import_module(f"pgcli_like.native.{name}")
    except ImportError:
        return None
