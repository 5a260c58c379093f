"""`shellkit py`: the Python REPL as a click command (registered under ``shellkit.commands``)."""

from __future__ import annotations

import sys

import click


@click.command("py", context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--no-startup", is_flag=True, help="Do not run the file named by $PYTHONSTARTUP.")
@click.option("--theme", metavar="NAME",
              help="Colour theme (see `shellkit themes`); themes.apply(NAME) at the prompt switches.")
def py_command(no_startup: bool, theme: str | None) -> None:
    """A Python REPL that completes without side effects and never freezes.

    At a terminal: completion of names, attributes, dict keys, imports, keyword
    arguments and paths; the signature of the call under the cursor in the toolbar;
    multi-line editing (Enter runs complete input, Alt-Enter inserts a newline, F2 or
    Ctrl-X Ctrl-E opens $EDITOR). With stdin or stdout not a terminal it runs the input
    like `python -i`, printing only output and results.
    """
    if theme:
        import themes

        themes.use(theme)  # an unknown name warns and keeps the default
    from shellkit.repl import main

    sys.exit(main(startup=not no_startup))
