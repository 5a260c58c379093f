"""``python -m shellkit``: the Python REPL (the same as `shellkit py`)."""

import sys

if __name__ == "__main__":
    if len(sys.argv) > 1:
        from shellkit.repl_cli import py_command

        py_command(prog_name="python -m shellkit")
    else:
        # no options to parse: skip importing click, the first prompt comes sooner
        from shellkit.repl import main

        sys.exit(main())
