"""``python -m shellkit``: the Python REPL (the same as `shellkit py`)."""

from shellkit.repl_cli import py_command

if __name__ == "__main__":
    py_command(prog_name="python -m shellkit")
