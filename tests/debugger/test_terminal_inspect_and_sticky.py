"""`python -m debugger` in a pty: `sticky 3 5`, `obj?` and `obj??` as a user sees them."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pexpect
import pytest

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
# prompt_toolkit draws "(Pdb)" and moves the cursor past the space instead of printing it.
PROMPT = r"\(Pdb\)"
COLOUR = r"\x1b\[[0-9;]*m"

PROGRAM = '''\
class Point:
    """A point on the plane."""
    def __init__(self, x, y):
        self.x, self.y = x, y

def norm(p):
    return (p.x ** 2 + p.y ** 2) ** 0.5

point = Point(3, 4)
print("norm", norm(point))
'''


def spawn(tmp_path: Path, **env: str) -> pexpect.spawn:
    (tmp_path / "prog.py").write_text(PROGRAM)
    full_env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(REPO), **env}
    if "NO_COLOR" not in env:
        full_env.pop("NO_COLOR", None)
    child = pexpect.spawn(sys.executable, ["-m", "debugger", "prog.py"], cwd=str(tmp_path), env=full_env,
                          encoding="utf-8", dimensions=(30, 110), timeout=20)
    child.expect_exact("-> class Point:")
    child.expect(PROMPT)
    return child


def finish(child: pexpect.spawn) -> None:
    child.send("c\r")
    child.expect_exact("norm 5.0")
    child.expect_exact("The program finished and will be restarted")
    child.expect(PROMPT)
    child.send("q\r")
    child.expect(pexpect.EOF)


def test_sticky_range_and_object_info_at_a_terminal(tmp_path):
    child = spawn(tmp_path)
    child.send("sticky 3 5\r")
    child.expect("__init__")
    child.expect(COLOUR + "self")  # line 4, highlighted
    child.expect(PROMPT)
    child.logfile_read = seen = io.StringIO()
    child.send("n\r")
    child.expect_exact("-> def norm(p):")  # the stop line, then the range again below it
    child.expect("__init__")
    child.expect(PROMPT)
    assert "return" not in seen.getvalue()  # line 7, outside the range, is not shown
    child.logfile_read = None
    child.send("sticky\r")
    child.expect(PROMPT)
    child.send("n\r")
    child.expect_exact("-> point = Point(3, 4)")
    child.send("n\r")
    child.expect_exact('-> print("norm", norm(point))')
    child.expect(PROMPT)

    child.send("point?\r")
    child.expect(r"Type:\s+Point")
    child.expect(r"Repr:\s+<__main__\.Point object at 0x")
    child.expect(r"File:\s+\S*prog\.py:1")
    child.expect(r"Docstring:\s+A point on the plane\.")
    child.expect(PROMPT)
    child.send("norm??\r")
    child.expect(r"Signature:\s+norm\(p\)")
    child.expect_exact("Source:")
    child.expect(COLOUR + "def")  # highlighted as `source` is
    child.expect(PROMPT)
    child.send("nothing_here?\r")
    child.expect_exact("*** NameError: name 'nothing_here' is not defined")
    child.expect(PROMPT)
    finish(child)


def test_object_source_is_plain_with_no_color(tmp_path):
    child = spawn(tmp_path, NO_COLOR="1")
    child.send("n\r")
    child.expect_exact("-> def norm(p):")
    child.expect(PROMPT)
    child.send("Point??\r")
    child.expect_exact("Source:")
    child.expect_exact('  2  \t    """A point on the plane."""')  # no escape codes inside the line
    child.expect(PROMPT)
    finish(child)
