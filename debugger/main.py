"""``python -m debugger [-c command] (-m module | pyfile) [args]``: pdb's own ``main`` with
this package's ``Debugger``.

The stdlib's ``pdb.main`` knows every option, target kind (script, ``-m`` module, zipapp)
and message of the running Python; copying it would drift from one Python to the next
(what broke pdb++ on 3.11 and 3.13). So we run it unchanged and only let its single
``Pdb()`` call build a ``Debugger`` (see :mod:`debugger.pdb_class`).
"""

from __future__ import annotations

import pdb
import sys
from collections.abc import Sequence

from debugger.core import Debugger
from debugger.pdb_class import next_pdb_built_by


def main(argv: Sequence[str] | None = None) -> None:
    """Run a script or module under the debugger, like ``python -m pdb``: post-mortem on an
    uncaught exception, restart when it ends. ``argv`` defaults to ``sys.argv[1:]``."""
    if argv is not None:
        sys.argv[:] = [sys.argv[0], *argv]
    try:
        with next_pdb_built_by(Debugger):
            pdb.main()
    except BrokenPipeError:
        # Whoever read our output has gone (``| head``); pdb.main's own prints cannot
        # reach anyone, so end quietly instead of with a traceback.
        _silence_stdout()


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # the interpreter's final flush must not fail too
