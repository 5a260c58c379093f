"""The `shellkit` command: `py` starts without click or the entry-point scan; others are found lazily."""

from __future__ import annotations

import subprocess
import sys
import textwrap

RUN_MAIN = textwrap.dedent("""
    import importlib.metadata, sys

    def no_scan(*args, **kwargs):
        raise AssertionError("entry points scanned")

    if sys.argv[1] == "py":
        importlib.metadata.entry_points = no_scan
    from shellkit.cli import main

    sys.argv = ["shellkit", *sys.argv[1:]]
    sys.exit(main())
""")


def shellkit(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", RUN_MAIN, *args], input=stdin, capture_output=True,
                          text=True, timeout=60)


def test_py_runs_without_importing_click_or_scanning_entry_points():
    done = shellkit("py", stdin="import sys\nprint('click' in sys.modules, 6 * 7)\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "False 42\n"


def test_py_with_options_skips_the_entry_point_scan():
    done = shellkit("py", "--no-startup", stdin="print(6 * 7)\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "42\n"


def test_py_exit_status_is_the_programs():
    assert shellkit("py", stdin="raise SystemExit(3)\n").returncode == 3


def test_other_subcommands_are_found_through_entry_points():
    done = shellkit("--help")
    assert done.returncode == 0
    assert all(name in done.stdout for name in ("py", "sql", "debug", "themes"))
    assert shellkit("nosuch").returncode == 2
