"""`shellkit themes show` as a user runs it: in a terminal, through a pipe, with NO_COLOR and TERM=dumb."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pexpect
import pytest

pytestmark = pytest.mark.e2e

SHELLKIT = [shutil.which("shellkit")] if shutil.which("shellkit") else [
    sys.executable, "-c", "import sys; from shellkit.cli import main; sys.exit(main())"]


def _env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "COLORTERM", "SHELLKIT_COLOR_DEPTH", "SHELLKIT_THEME", "PROMPT_TOOLKIT_COLOR_DEPTH")}
    env.update(overrides)
    return env


def _in_terminal(args: list[str], **env: str) -> str:
    child = pexpect.spawn(SHELLKIT[0], SHELLKIT[1:] + args, env=_env(**env), encoding="utf-8",
                          dimensions=(60, 120), timeout=20)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before


def test_through_a_pipe_there_are_no_escape_codes():
    done = subprocess.run(SHELLKIT + ["themes", "show", "default"], capture_output=True, text=True,
                          env=_env(TERM="xterm-256color", COLORTERM="truecolor"), timeout=30, check=True)
    assert "\x1b" not in done.stdout
    assert "SELECT c.name" in done.stdout and "(2 rows)" in done.stdout


def test_in_a_256_colour_terminal_the_preview_is_coloured():
    out = _in_terminal(["themes", "show", "dark"], TERM="xterm-256color")
    assert "\x1b[0;38;5;75;1mSELECT" in out  # the dark theme's keyword colour, bold
    assert "48;5;" in out  # menu and toolbar backgrounds


def test_in_a_16_colour_terminal_only_ansi_colour_codes_appear():
    out = _in_terminal(["themes", "show", "dark"], TERM="xterm")
    assert "\x1b[" in out and "38;5;" not in out and "38;2;" not in out


@pytest.mark.parametrize("env", [{"TERM": "xterm-256color", "NO_COLOR": "1"}, {"TERM": "dumb"},
                                 {"TERM": "xterm-256color", "SHELLKIT_COLOR_DEPTH": "none"}])
def test_no_color_or_dumb_terminal_gives_plain_text_in_a_terminal_too(env):
    out = _in_terminal(["themes", "show", "high-contrast"], **env)
    assert "\x1b" not in out
    assert "SELECT c.name" in out


def test_color_depth_option_previews_a_16_colour_terminal_in_a_256_colour_one():
    out = _in_terminal(["themes", "show", "dark", "--color-depth", "16"], TERM="xterm-256color")
    assert "\x1b[" in out and "38;5;" not in out and "48;5;" not in out
    assert "shown at 16 colours" in out


def test_show_without_a_name_previews_the_theme_in_use(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[main]\ntheme = "solarized-light"\n')
    done = subprocess.run(SHELLKIT + ["themes", "show"], capture_output=True, text=True, timeout=30, check=True,
                          env=_env(SHELLKIT_CONFIG=str(config)))
    assert done.stdout.startswith("solarized-light (built-in)")
