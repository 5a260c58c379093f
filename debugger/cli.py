"""``shellkit debug [-c command] (-m module | script.py) [args]``: the click command."""

from __future__ import annotations

import click


@click.command(
    "debug",
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False,
                      "help_option_names": ["-h", "--help"]},
)
@click.option("-c", "--command", "commands", multiple=True, metavar="COMMAND",
              help="A pdb command to run first, as if in .pdbrc (repeatable); -c continue runs "
                   "until an exception.")
@click.option("-m", "module", metavar="MODULE", help="Debug this module, as python -m MODULE would run it.")
@click.option("--theme", metavar="NAME", help="Colour theme (see `shellkit themes`); `theme NAME` at the "
                                              "prompt switches.")
@click.argument("args", nargs=-1, type=click.UNPROCESSED, metavar="SCRIPT [ARGS]...")
def debug_command(commands: tuple[str, ...], module: str | None, theme: str | None, args: tuple[str, ...]) -> None:
    """Run SCRIPT (or -m MODULE) under the debugger, like python -m pdb.

    It stops before the first line; an uncaught exception opens post-mortem debugging,
    and the program restarts when it ends (quit with q).
    """
    if module is None and not args:
        raise click.UsageError("give a script to debug (or -m MODULE)")
    if theme:
        import themes

        themes.use(theme)  # an unknown name warns and keeps the default
    from debugger.main import main

    argv: list[str] = []
    for command in commands:
        argv += ["-c", command]
    if module is not None:
        argv += ["-m", module]
    main([*argv, *args])
