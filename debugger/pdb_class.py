"""Making the stdlib's own code build our ``Debugger`` where it calls ``Pdb(...)``.

``pdb.main`` (``python -m pdb``) and ``Pdb.do_debug`` (the ``debug`` command) each build
one debugger by calling the module-level name ``pdb.Pdb``. Rather than copy that code
(which changes with every Python), we let the stdlib run unchanged and swap the name for
a one-shot factory that restores the real class on its first call, so nothing else in
the process ever sees the swap.
"""

from __future__ import annotations

import pdb
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def next_pdb_built_by(factory: Callable[..., Any]) -> Iterator[None]:
    """Within the block, the first ``pdb.Pdb(...)`` call returns ``factory(...)``."""
    stdlib_class = pdb.Pdb

    def build(*args: Any, **kwargs: Any) -> Any:
        pdb.Pdb = stdlib_class
        return factory(*args, **kwargs)

    pdb.Pdb = build  # type: ignore[misc,assignment]
    try:
        yield
    finally:
        pdb.Pdb = stdlib_class
