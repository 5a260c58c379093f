"""`shellkit py` with stdin piped: runs like `python -i`, prints only output and results."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """\
x = 6
x * 7
print("hello")
def f(n):
    total = 0

    for i in range(n):
        total += i
    return total
f(4)
[1, 'two']
_
for i in range(2):
    i

import asyncio
await asyncio.sleep(0, "awaited")
"""

EXPECTED = "42\nhello\n6\n[1, 'two']\n[1, 'two']\n0\n1\n'awaited'\n"


def run_py(stdin: str, *args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("PYTHONSTARTUP", None) if env is None or "PYTHONSTARTUP" not in env else None
    return subprocess.run([sys.executable, "-m", "shellkit", *args], input=stdin.encode(), capture_output=True,
                          cwd=cwd, env=full_env, timeout=60)


def test_piped_input_prints_only_output_and_results_byte_exactly():
    result = run_py(SCRIPT)
    assert result.stdout == EXPECTED.encode()
    assert result.stderr == b""
    assert result.returncode == 0


def test_piped_output_matches_python_i_for_plain_statements():
    script = "a = [1, 2]\na\nprint('x')\n{'k': None}\n"
    ours = run_py(script).stdout
    theirs = subprocess.run([sys.executable, "-i", "-q"], input=script.encode(), capture_output=True,
                            timeout=60).stdout
    assert ours == theirs


def test_errors_go_to_stderr_and_the_session_continues():
    result = run_py("1/0\nprint('after')\n")
    assert result.stdout == b"after\n"
    assert b"ZeroDivisionError: division by zero" in result.stderr
    assert b"repl.py" not in result.stderr and b"runner.py" not in result.stderr
    assert result.returncode == 0


def test_exit_status_comes_from_sys_exit():
    assert run_py("import sys\nsys.exit(3)\nprint('not reached')\n").returncode == 3


def test_pythonstartup_runs_first(tmp_path):
    startup = tmp_path / "startup.py"
    startup.write_text("GREETING = 'from startup'\n")
    result = run_py("GREETING\n", env={"PYTHONSTARTUP": str(startup)})
    assert result.stdout == b"'from startup'\n"


def test_project_root_is_importable_from_a_subfolder(tmp_path):
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "teamlib.py").write_text("VALUE = 11\n")
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    result = run_py("import teamlib\nteamlib.VALUE\n", cwd=sub)
    assert result.stdout == b"11\n", result.stderr


def test_no_escape_codes_in_piped_mode():
    result = run_py("'\\x1b'.__len__()\nprint('plain')\n")
    assert b"\x1b" not in result.stdout


EMBEDDING_PROGRAM = """\
from shellkit.repl import embed

def handler():
    request_id = 41
    embed()
    print("back in the program")

handler()
"""


def test_embed_sees_the_callers_locals_and_returns_to_the_program(tmp_path):
    program = tmp_path / "app.py"
    program.write_text(EMBEDDING_PROGRAM)
    result = subprocess.run([sys.executable, str(program)], input=b"request_id + 1\n", capture_output=True,
                            timeout=60)
    assert result.stdout == b"42\nback in the program\n", result.stderr
