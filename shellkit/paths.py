"""Where shellkit keeps its files: the XDG base directories, each with a ``shellkit`` folder.

The functions only compute paths; callers that write create the folders (see
:func:`ensure_dir`), so a read-only home never breaks startup.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR = "shellkit"
CONFIG_ENV = "SHELLKIT_CONFIG"  # an explicit config file path, mainly for scripts and tests


def _base(variable: str, fallback: str) -> Path:
    # The XDG spec says a relative value must be ignored, as if it were unset.
    value = os.environ.get(variable, "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / fallback


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/shellkit`` (default ``~/.config/shellkit``)."""
    return _base("XDG_CONFIG_HOME", ".config") / APP_DIR


def config_file() -> Path:
    """``$SHELLKIT_CONFIG`` if set, else ``$XDG_CONFIG_HOME/shellkit/config.toml``."""
    explicit = os.environ.get(CONFIG_ENV)
    return Path(explicit) if explicit else config_dir() / "config.toml"


def data_dir() -> Path:
    """``$XDG_DATA_HOME/shellkit`` (default ``~/.local/share/shellkit``): history lives here."""
    return _base("XDG_DATA_HOME", os.path.join(".local", "share")) / APP_DIR


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/shellkit`` (default ``~/.cache/shellkit``): things safe to delete."""
    return _base("XDG_CACHE_HOME", ".cache") / APP_DIR


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable only by the user if missing; return it."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path
