"""The debugger at a real terminal (pexpect pty): completion, highlighting, sticky, keys."""

from __future__ import annotations

import io
import os
import sys
import textwrap
from pathlib import Path

import pexpect
import pytest

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
PROMPT = "(Pdb) "
# The first prompt of a process is pdb's plain one until prompt_toolkit has loaded; it
# turns bracketed paste on when its own prompt is up.
FULL_PROMPT_READY = "\x1b[?2004h"
GAP = r"(?:\s|\x1b\[[0-9;?]*[A-Za-z])+"  # spaces and colour codes between menu columns

PROGRAM = """
import threading

class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5

def helper(obj):
    total = obj.x + obj.y
    breakpoint()
    return total

print("value", helper(Point(3, 4)))
"""


def spawn(tmp_path: Path, source: str, *args: str, env: dict[str, str] | None = None) -> pexpect.spawn:
    script = tmp_path / "prog.py"
    script.write_text(textwrap.dedent(source))
    full_env = {**os.environ, "TERM": "xterm-256color", "PYTHONBREAKPOINT": "debugger.set_trace",
                "PYTHONPATH": str(REPO), **(env or {})}
    full_env.pop("NO_COLOR", None)
    command = list(args) if args else [sys.executable, "prog.py"]
    return pexpect.spawn(command[0], command[1:], cwd=str(tmp_path), env=full_env, encoding="utf-8",
                         dimensions=(30, 110), timeout=20)


@pytest.fixture
def stopped(tmp_path: Path):
    child = spawn(tmp_path, PROGRAM)
    child.expect_exact(PROMPT)
    if sys.version_info >= (3, 13):  # pdb 3.13 stops on the breakpoint() line itself
        child.send("n\r")
        child.expect_exact("-> return total")
        child.expect_exact(PROMPT)
    yield child
    child.close(force=True)


def test_attribute_completion_comes_from_the_live_frame(stopped):
    stopped.send("obj.")
    stopped.send("\t")
    # Both rows, in whichever order the menu is painted (one paint or several).
    seen: set[int] = set()
    while len(seen) < 2:
        seen.add(stopped.expect(["norm" + GAP + "function", "x" + GAP + "instance"]))
    stopped.send("\x15")  # Ctrl-U: clear the line
    stopped.send("c\r")
    stopped.expect_exact("value 7")
    stopped.expect(pexpect.EOF)


def test_keys_typed_before_the_full_prompt_is_up_are_kept(tmp_path):
    child = spawn(tmp_path, PROGRAM)
    child.expect_exact(PROMPT)  # pdb's plain prompt: prompt_toolkit may still be loading
    child.send("p obj.x * 14\r")
    child.expect_exact("42")
    child.send("c\r")
    child.expect_exact("value 7")
    child.expect(pexpect.EOF)


def test_up_re_points_completion_at_the_callers_frame(tmp_path):
    child = spawn(tmp_path, """
    def inner():
        breakpoint()
        return 1

    def outer():
        only_outer_name = 5
        return inner()

    outer()
    """)
    child.expect_exact(PROMPT)
    child.send("up\r")
    child.expect_exact("-> return inner()")
    child.send("p only_o\t")
    # In the menu, or put on the line (then only the missing part may be drawn).
    child.expect(r"only_o(?:\x1b\[[0-9;?]*[A-Za-z])*uter_name")
    child.send("\x15c\r")
    child.expect(pexpect.EOF)


def test_recursive_debugger_uses_the_same_prompt(stopped):
    stopped.send("debug obj.norm()\r")
    stopped.expect_exact("ENTERING RECURSIVE DEBUGGER")
    stopped.expect_exact("((Pdb)) ")
    stopped.send("s\r")
    stopped.expect_exact("norm()")
    stopped.send("p sel\t")
    stopped.expect(r"sel(?:\x1b\[[0-9;?]*[A-Za-z])*f")  # completion in the nested frame
    stopped.send("\x15c\r")
    stopped.expect_exact("LEAVING RECURSIVE DEBUGGER")
    stopped.send("c\r")
    stopped.expect_exact("value 7")


def test_interact_opens_the_shellkit_repl_in_the_frame(stopped):
    stopped.send("interact\r")
    stopped.expect_exact(">>> ")
    stopped.send("obj.norm() + total\r")
    stopped.expect_exact("12.0")
    stopped.send("\x04")  # Ctrl-D leaves the REPL, back to the debugger
    stopped.expect_exact(PROMPT)
    stopped.send("c\r")
    stopped.expect_exact("value 7")


def test_longlist_and_typed_commands_are_highlighted(stopped):
    stopped.send("ll\r")
    stopped.expect(r"\x1b\[[0-9;]*m" + "def")  # a coloured keyword in the listing
    stopped.expect_exact("->")
    stopped.send("c\r")
    stopped.expect(pexpect.EOF)


def test_sticky_shows_the_function_at_every_step(stopped):
    stopped.send("sticky\r")
    stopped.expect("def" + GAP + "helper")
    stopped.send("n\r")
    stopped.expect("def" + GAP + "helper")
    stopped.expect_exact("->")
    stopped.send("sticky\r")
    stopped.send("c\r")
    stopped.expect_exact("value 7")


def test_ctrl_c_at_the_prompt_keeps_the_session(stopped):
    stopped.send("p 1 +")
    stopped.send("\x03")
    stopped.expect_exact("--KeyboardInterrupt--")
    stopped.send("p 2 * 21\r")
    stopped.expect_exact("42")
    stopped.send("c\r")
    stopped.expect_exact("value 7")


def test_ctrl_c_while_the_full_prompt_loads_keeps_the_session(tmp_path):
    child = spawn(tmp_path, PROGRAM)
    child.expect_exact(PROMPT)
    child.sendintr()  # a signal while loading, or a key once prompt_toolkit reads: same result
    child.expect_exact("--KeyboardInterrupt--")
    child.expect_exact(FULL_PROMPT_READY)
    child.send("p 6 * 7\r")
    child.expect_exact("42")
    child.send("c\r")
    child.expect_exact("value 7")


def test_ctrl_c_during_continue_stops_at_the_next_line(tmp_path):
    child = spawn(tmp_path, """
    done = False
    breakpoint()
    spins = 0
    print("spinning", flush=True)
    while not done:
        spins += 1
    print("left the loop")
    """)
    child.expect_exact(PROMPT)
    child.send("c\r")
    child.expect_exact("spinning")  # the terminal is back in normal mode: ^C is a signal
    child.sendintr()
    child.expect_exact("Program interrupted")
    child.expect_exact(PROMPT)
    child.send("done = True\r")
    child.send("c\r")
    child.expect_exact("left the loop")
    child.expect(pexpect.EOF)


def test_breakpoint_in_a_thread_opens_the_prompt(tmp_path):
    child = spawn(tmp_path, """
    import threading

    def work():
        where = threading.current_thread().name
        breakpoint()
        print("thread done", where)

    worker = threading.Thread(target=work, name="worker-7")
    worker.start()
    worker.join()
    """)
    child.expect_exact(PROMPT)
    child.send("p where\r")
    child.expect_exact("'worker-7'")
    child.send("c\r")
    child.expect_exact("thread done worker-7")
    child.expect(pexpect.EOF)


def test_prompt_works_inside_a_running_asyncio_loop(tmp_path):
    child = spawn(tmp_path, """
    import asyncio

    async def main():
        value = await asyncio.sleep(0, result=41)
        breakpoint()
        return value + 1

    print("got", asyncio.run(main()))
    """)
    child.expect_exact(PROMPT)
    child.send("p value\r")
    child.expect_exact("41")
    child.send("c\r")
    child.expect_exact("got 42")
    child.expect(pexpect.EOF)


def test_history_is_shared_across_sessions(tmp_path):
    first = spawn(tmp_path, PROGRAM)
    first.expect_exact(PROMPT)
    first.send("p 'history marker'\r")
    first.expect_exact("'history marker'")
    first.send("c\r")
    first.expect(pexpect.EOF)
    second = spawn(tmp_path, PROGRAM)
    second.expect_exact(PROMPT)
    second.expect_exact(FULL_PROMPT_READY)  # history is loaded by prompt_toolkit's session
    second.send("\x1b[A")  # Up: the previous session's commands
    second.send("\x1b[A")
    second.expect(r"p (?:\x1b\[[0-9;]*m)*'history marker'")  # highlighted as typed
    second.send("\x15c\r")
    second.expect(pexpect.EOF)


def test_a_dumb_terminal_gets_pdbs_plain_prompt(tmp_path):
    # Emacs' M-x pdb (gud) and similar drivers run pdb in a pty with TERM=dumb.
    child = spawn(tmp_path, PROGRAM, env={"TERM": "dumb"})
    child.logfile_read = seen = io.StringIO()
    child.expect_exact(PROMPT)
    child.send("p obj.x\r")
    child.expect_exact("3")
    child.expect_exact(PROMPT)
    child.send("c\r")
    child.expect(pexpect.EOF)
    assert "value 7" in seen.getvalue() and "\x1b[" not in seen.getvalue()


def test_shellkit_debug_runs_a_script_under_the_prompt(tmp_path):
    child = spawn(tmp_path, "x = 1\nprint('ran', x)\n", sys.executable, "-m", "debugger", "prog.py")
    child.expect_exact("-> x = 1")
    child.expect_exact(PROMPT)
    child.send("c\r")
    child.expect_exact("ran 1")
    child.expect_exact("The program finished and will be restarted")
    child.expect_exact(PROMPT)
    child.send("q\r")
    child.expect(pexpect.EOF)
