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
    full_env = {**os.environ, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    full_env.pop("PYTHONBREAKPOINT", None)  # only what the test asks for
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


@pytest.fixture(autouse=True)
def no_leftover_breakpoints():
    """Breakpoints live on the bdb.Breakpoint class; start and end every test without any."""
    import bdb

    bdb.Breakpoint.clearBreakpoints()
    yield
    bdb.Breakpoint.clearBreakpoints()
    sys.settrace(None)


class Session:
    """A Debugger driven in-process through a fake stdin, as CPython's test_pdb does."""

    def __init__(self, commands: str | list[str], **settings):
        import io

        from debugger import Debugger, DebuggerSettings

        lines = commands if isinstance(commands, str) else "\n".join(commands) + "\n"
        self.out = io.StringIO()
        self.debugger = Debugger(stdin=io.StringIO(lines), stdout=self.out, nosigint=True, readrc=False,
                                 settings=DebuggerSettings(**settings))

    @property
    def text(self) -> str:
        return self.out.getvalue()
