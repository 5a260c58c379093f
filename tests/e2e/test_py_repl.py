"""`shellkit py` in a real pseudo-terminal (pexpect), which never answers cursor-position requests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest

pytestmark = pytest.mark.e2e

PROMPT = ">>> "
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
# between two words of a menu row the screen gets spaces and colour codes
GAP = r"(?:\s|\x1b\[[0-9;?]*[A-Za-z])+"
CLEAR_LINE = "\x01\x0b"  # Ctrl-A, Ctrl-K


@pytest.fixture
def py(tmp_path: Path):
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONSTARTUP": "", "EDITOR": "true"}
    child = pexpect.spawn(sys.executable, ["-m", "shellkit"], cwd=str(tmp_path), env=env, encoding="utf-8",
                          dimensions=(30, 110), timeout=20)
    child.expect_exact(PROMPT)
    yield child
    child.close(force=True)


def run(child: pexpect.spawn, line: str) -> None:
    child.send(line + "\r")
    child.expect_exact(PROMPT)


def test_tab_completes_module_attributes_with_their_kind(py):
    run(py, "import os")
    py.send("os.pa\t")
    py.expect("path" + GAP + "module")
    py.expect("pathsep" + GAP + "instance")
    py.send("\t")  # select the first item: it replaces the typed word
    py.send("\r")
    py.send("\r")
    py.expect_exact("os.pardir")


def test_a_typed_block_runs_after_the_blank_line(py):
    py.send("def double(n):\r")
    py.send("return n * 2\r")
    py.send("\r")
    py.expect_exact(PROMPT)
    py.send("double(21)\r")
    py.expect_exact("42")
    py.expect_exact(PROMPT)


def test_pasted_function_with_blank_lines_runs_as_written(py):
    code = "def g():\n    a = 1\n\n    return a + 1\n"
    py.send(PASTE_START + code + PASTE_END)
    py.send("\r")
    py.expect_exact(PROMPT)
    py.send("g() * 100\r")
    py.expect_exact("200")


def test_ctrl_c_interrupts_a_running_statement_and_the_prompt_returns(py):
    py.send("import time; print('sleep' + 'ing'); time.sleep(60)\r")
    py.expect_exact("sleeping")
    py.sendintr()
    py.expect_exact("KeyboardInterrupt")
    py.expect_exact(PROMPT)
    py.send("6 * 7\r")
    py.expect_exact("42")


def test_completion_does_not_run_a_property_with_a_side_effect(py, tmp_path):
    marker = tmp_path / "property-ran"
    code = (
        "import time, pathlib\n"
        "class Device:\n"
        "    @property\n"
        "    def position(self):\n"
        f"        pathlib.Path({str(marker)!r}).write_text('ran')\n"
        "        time.sleep(3)\n"
        "        return 1\n"
        "    def home(self):\n"
        "        pass\n"
    )
    py.send(PASTE_START + code + PASTE_END + "\r")
    py.expect_exact(PROMPT)
    run(py, "dev = Device()")
    py.send("dev.\t")
    py.expect("position" + GAP + "property")
    py.send(CLEAR_LINE + "dev.position.\t")
    py.send(CLEAR_LINE + "print('done' + 'typing')\r")
    py.expect_exact("donetyping")
    assert not marker.exists()


def test_up_brings_back_the_whole_block(py):
    py.send("for i in range(2):\r")
    py.send("print('row', i)\r\r")
    py.expect_exact("row 1")
    py.expect_exact(PROMPT)
    py.send("\x1b[A")
    py.send("\r\r")
    py.expect_exact("row 0")
    py.expect_exact("row 1")


def test_syntax_error_is_shown_and_nothing_runs(py):
    py.send("print('r' + 'an' * 2) bad\r")
    py.expect_exact("SyntaxError")
    py.send(CLEAR_LINE + "print('ok' * 2)\r")
    py.expect_exact("okok")
    assert "ranan" not in py.before


def test_ctrl_d_leaves_with_status_0(py):
    py.sendcontrol("d")
    py.expect(pexpect.EOF)
    py.close()
    assert py.exitstatus == 0


def test_f2_edits_the_input_in_the_editor(tmp_path):
    editor = tmp_path / "editor.sh"
    editor.write_text("#!/bin/sh\nprintf \"print('ed' + 'ited')\" > \"$1\"\n")
    editor.chmod(0o755)
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONSTARTUP": "", "EDITOR": str(editor),
           "VISUAL": str(editor)}
    child = pexpect.spawn(sys.executable, ["-m", "shellkit"], cwd=str(tmp_path), env=env, encoding="utf-8",
                          dimensions=(30, 110), timeout=20)
    try:
        child.expect_exact(PROMPT)
        child.send("print(40 + 1)")
        child.send("\x1bOQ")  # F2
        child.expect_exact("ited")  # the buffer now holds what the editor wrote
        child.send("\r")
        child.expect_exact("edited")
    finally:
        child.close(force=True)


def test_embed_opens_on_the_callers_namespace(tmp_path):
    program = tmp_path / "app.py"
    program.write_text("from shellkit.repl import embed\n"
                       "def handler():\n"
                       "    request_id = 41\n"
                       "    embed()\n"
                       "    print('back' + ' in program')\n"
                       "handler()\n")
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONSTARTUP": ""}
    child = pexpect.spawn(sys.executable, [str(program)], cwd=str(tmp_path), env=env, encoding="utf-8",
                          dimensions=(30, 110), timeout=20)
    try:
        child.expect_exact(PROMPT)
        child.send("request_id + 1\r")
        child.expect_exact("42")
        child.expect_exact(PROMPT)
        child.send("exit\r")
        child.expect_exact("back in program")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)


def test_long_result_goes_through_the_pager_laid_out_to_the_screen_width(tmp_path):
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONSTARTUP": "", "PAGER": "cat", "NO_COLOR": "1"}
    child = pexpect.spawn(sys.executable, ["-m", "shellkit"], cwd=str(tmp_path), env=env, encoding="utf-8",
                          dimensions=(20, 60), timeout=20)
    try:
        child.expect_exact(">>>")  # without colour the space after it is not drawn
        child.send("list(range(1000, 1400))\r")
        child.expect_exact("[1000, 1001, 1002,")
        child.expect(r"\r\n 10\d\d, 10\d\d, ")  # continuation lines of pprint's compact layout
        child.expect_exact("1399]")
        child.expect_exact(">>>")  # without colour the space after it is not drawn
    finally:
        child.close(force=True)


def test_history_survives_a_restart(tmp_path):
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONSTARTUP": ""}

    def start() -> pexpect.spawn:
        child = pexpect.spawn(sys.executable, ["-m", "shellkit"], cwd=str(tmp_path), env=env, encoding="utf-8",
                              dimensions=(20, 80), timeout=20)
        child.expect_exact(PROMPT)
        return child

    first = start()
    first.send("remembered = 6 * 7\r")
    first.expect_exact(PROMPT)
    first.sendcontrol("d")
    first.expect(pexpect.EOF)
    second = start()
    try:
        # history loads in a thread: press Up until the entry shows (a fresh prompt may not have it yet)
        for _ in range(40):
            second.send("\x1b[A")
            if second.expect_exact(["remembered", pexpect.TIMEOUT], timeout=0.5) == 0:
                break
        second.send("\r")
        second.expect_exact(PROMPT)
        second.send("remembered\r")
        second.expect_exact("42")
    finally:
        second.close(force=True)


def test_top_level_await_and_underscore(py):
    run(py, "import asyncio")
    py.send("await asyncio.sleep(0, 'slept' * 2)\r")
    py.expect_exact("sleptslept")
    py.expect_exact(PROMPT)
    py.send("len(_)\r")
    py.expect_exact("10")


def spawn_py(tmp_path: Path, **extra_env: str) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONSTARTUP": "", **extra_env}
    return pexpect.spawn(sys.executable, ["-m", "shellkit"], cwd=str(tmp_path), env=env, encoding="utf-8",
                         dimensions=(30, 110), timeout=20)


def test_the_signature_of_the_call_shows_in_the_toolbar_without_cursor_replies(py):
    py.send("print(")
    py.expect_exact("sep=' ', end='\\n', file=")  # file=None; file=sys.stdout before Python 3.11


def test_no_color_leaves_no_colour_on_the_screen(tmp_path):
    import re

    child = spawn_py(tmp_path, NO_COLOR="1")
    screen: list[str] = []
    child.logfile_read = type("Screen", (), {"write": lambda self, s: screen.append(s), "flush": lambda self: None})()
    try:
        # (without colour the prompt's space is drawn apart from its bold ">>>")
        child.expect_exact(">>>")
        child.send("import os\r")
        child.expect_exact(">>>")
        child.send("os.pa\t")
        child.expect("pathsep" + GAP + "instance")
        child.send(CLEAR_LINE + "{'a': [1, 2.5, None, 'x'], 'b': True}\r")
        child.expect_exact("True")
        child.send("1/0\r")
        child.expect("ZeroDivisionError")
        child.expect_exact(">>>")
        child.send("print(")
        child.expect_exact("flush=False)")
    finally:
        child.close(force=True)
    codes = set(re.findall(r"\x1b\[([0-9;]*)m", "".join(screen)))
    colours = [c for c in codes if re.search(r"(^|;)(3[0-9]|4[0-9]|9[0-7]|10[0-7])(;|$)", c)]
    assert colours == []


def test_a_bad_setting_warns_in_one_line_and_the_repl_starts(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[python]\nuse_jedy = true\n[main]\ncompletion_menu_lines = -3\n")
    child = spawn_py(tmp_path, SHELLKIT_CONFIG=str(config))
    try:
        child.expect_exact("unknown setting 'use_jedy' in [python] (did you mean use_jedi?)")
        child.expect_exact("completion_menu_lines = -3 is negative; using the default 8")
        child.expect_exact(PROMPT)
        child.send("6 * 7\r")
        child.expect_exact("42")
        child.expect_exact(PROMPT)
        assert "Traceback" not in child.before
    finally:
        child.close(force=True)
