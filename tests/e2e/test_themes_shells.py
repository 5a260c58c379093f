"""One theme, three shells: the SQL shell, the Python REPL and the debugger draw their prompts in it,
and NO_COLOR leaves all three without colour."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

pytestmark = pytest.mark.e2e

SHELLKIT = [shutil.which("shellkit")] if shutil.which("shellkit") else [
    sys.executable, "-c", "import sys; from shellkit.cli import main; sys.exit(main())"]

# The prompt colour of each theme at 256 colours (prompt_toolkit's own mapping of the hex value).
PROMPT_CODE = {"solarized-dark": "38;5;100", "light": "38;5;28", "dark": "38;5;113"}
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:38;5;|48;5;|38;2;|48;2;)")


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "prog.py"
    path.write_text("x = 1\nprint(x)\n")
    return path


def _shells(script: Path) -> dict[str, tuple[list[str], str, str]]:
    """name → (arguments, prompt, what leaves it)."""
    return {
        "sql": (["sql", "--demo"], "demo> ", "\\q"),
        "py": (["py"], ">>> ", "exit()"),
        "debug": (["debug", str(script)], "(Pdb) ", "q"),
    }


def _run_until(args: list[str], drawn: str, leave: str, **env: str) -> str:
    """Start a shell, wait until its screen shows the regex ``drawn``, leave; everything written."""
    environ = {k: v for k, v in os.environ.items()
               if k not in ("NO_COLOR", "COLORTERM", "SHELLKIT_COLOR_DEPTH", "SHELLKIT_THEME")}
    environ.update(TERM="xterm-256color", **env)
    child = pexpect.spawn(SHELLKIT[0], SHELLKIT[1:] + args, env=environ, encoding="utf-8",
                          dimensions=(30, 100), timeout=30)
    try:
        child.expect(drawn)
        seen = child.before + child.after
        child.sendline(leave)
        child.expect(pexpect.EOF)  # everything drawn until the shell ended
        seen += child.before
    finally:
        child.close(force=True)
    return seen


def _prompt_in(code: str, prompt: str) -> str:
    """The prompt drawn by prompt_toolkit in a style whose escape code holds ``code``.

    (The debugger shows pdb's plain prompt first and redraws it themed once loaded.)"""
    return r"\x1b\[0;[0-9;]*" + re.escape(code) + r"[0-9;]*m" + re.escape(prompt.rstrip())


def _config(theme: str) -> None:
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "shellkit"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(f'[main]\ntheme = "{theme}"\n')


@pytest.mark.parametrize("shell", ["sql", "py", "debug"])
def test_the_configured_theme_colours_every_shells_prompt(shell, script):
    _config("solarized-dark")
    args, prompt, leave = _shells(script)[shell]
    _run_until(args, _prompt_in(PROMPT_CODE["solarized-dark"], prompt), leave)


@pytest.mark.parametrize("shell", ["sql", "py", "debug"])
def test_no_color_leaves_every_shell_without_colour(shell, script):
    _config("dark")
    args, prompt, leave = _shells(script)[shell]
    # Without colour the themed prompt is bold: that is the sign the theme has been applied.
    seen = _run_until(args, r"\x1b\[0;1m" + re.escape(prompt.rstrip()), leave, NO_COLOR="1")
    assert not COLOUR.search(seen)


def test_theme_option_of_the_sql_shell_beats_the_config(script):
    _config("dark")
    seen = _run_until(["sql", "--demo", "--theme", "light"], _prompt_in(PROMPT_CODE["light"], "demo> "), "\\q")
    assert PROMPT_CODE["dark"] not in seen


def test_a_bad_user_theme_value_gives_one_warning_and_the_shell_starts(script):
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "shellkit" / "themes"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mine.toml").write_text('base = "dark"\nprompt = "bold #12345"\nheadr = "bold"\n')
    _config("mine")
    seen = _run_until(["sql", "--demo"], _prompt_in(PROMPT_CODE["dark"], "demo> "), "\\q")
    assert seen.count("prompt = 'bold #12345': bad colour '#12345'; using \"bold #87d75f\" from theme \"dark\"") == 1
    assert seen.count('unknown key "headr" ignored (did you mean "header"?)') == 1


SWITCH = {"sql": "\\theme light", "py": "import themes; themes.apply('light')", "debug": "theme light"}


@pytest.mark.parametrize("shell", ["sql", "py", "debug"])
def test_theme_option_then_switching_at_the_prompt_restyles_without_restarting(shell, script):
    _config("solarized-dark")
    args, prompt, leave = _shells(script)[shell]
    args = [args[0], "--theme", "dark", *args[1:]]
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLORTERM", "SHELLKIT_COLOR_DEPTH")}
    environ["TERM"] = "xterm-256color"
    child = pexpect.spawn(SHELLKIT[0], SHELLKIT[1:] + args, env=environ, encoding="utf-8",
                          dimensions=(30, 100), timeout=30)
    try:
        child.expect(_prompt_in(PROMPT_CODE["dark"], prompt))
        child.send(SWITCH[shell] + "\r")  # Enter (in the REPL Ctrl-J would open a new line)
        child.expect(_prompt_in(PROMPT_CODE["light"], prompt))
        child.sendline(leave)
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
