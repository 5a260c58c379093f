"""Builds the optional C accelerators in ``pgcli_like/native`` (everything else is in pyproject.toml).

Each accelerator is optional: on a machine without a C compiler, the Python headers or
an engine's client library, the install goes on without it and the pure-Python paths
do the same work, more slowly.
"""

from __future__ import annotations

import os
import shutil
import subprocess

from setuptools import Extension, setup


def _pg_include() -> list[str]:
    """libpq's header directory, from pg_config when it is there."""
    if shutil.which("pg_config"):
        try:
            out = subprocess.run(["pg_config", "--includedir"], capture_output=True, text=True, check=True)
            return [out.stdout.strip()]
        except (OSError, subprocess.CalledProcessError):
            pass
    return [d for d in ("/usr/include/postgresql",) if os.path.isdir(d)]


def _native(name: str, **options: object) -> Extension:
    return Extension(f"pgcli_like.native.{name}", [f"pgcli_like/native/{name}.c"], optional=True,
                     extra_compile_args=["-O2", "-Wall"], **options)


_EXTENSIONS = {
    "_sqlite_export": {"libraries": ["sqlite3"]},
    "_pg_copy": {"libraries": ["pq"], "include_dirs": _pg_include()},
    "_mysql_text": {},
    "_mysql_rows": {},
}

setup(ext_modules=[_native(name, **opts) for name, opts in _EXTENSIONS.items()
                   if os.path.exists(f"pgcli_like/native/{name}.c")])
