"""Where the installed console scripts are, for the benchmarks that start them."""

from __future__ import annotations

import os
import shutil
import sys


def console_script(name: str) -> str | None:
    """The installed script itself next to this Python, not a version manager's shim found on
    PATH (pyenv's is a bash script that adds its own start-up to every run); None if neither."""
    beside = os.path.join(os.path.dirname(sys.executable), name)
    return beside if os.access(beside, os.X_OK) else shutil.which(name)
