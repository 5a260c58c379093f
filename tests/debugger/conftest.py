"""Helpers for the debugger tests: run a script under stdlib pdb and under ours."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run_python(args: list[str], stdin: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run ``python args`` with ``stdin`` piped in; return stdout+stderr as text."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1", **(env or {})}
    full_env.pop("PYTHONBREAKPOINT", None)
    full_env.update(env or {})
    done = subprocess.run([sys.executable, *args], input=stdin, capture_output=True, text=True,
                          cwd=cwd, env=full_env, timeout=60)
    return done.stdout + done.stderr


@pytest.fixture
def script(tmp_path: Path):
    """``script(source)`` writes a script into a fresh folder and returns its path."""

    def write(source: str, name: str = "prog.py") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(source))
        return path

    return write
