"""The `shellkit` console script: a click group whose subcommands are found lazily.

Applications register their subcommand under the ``shellkit.commands`` entry-point
group, so the engine never imports an application and only the chosen subcommand's
module is loaded (startup stays fast). An application may also register a function
under ``shellkit.fast_paths``: it gets the subcommand's arguments first and either
handles them without click (returning the exit status) or returns None. `shellkit py`
is the engine's own REPL: it is known without any entry-point lookup, and plain
`shellkit py` skips click too.
"""

from __future__ import annotations

import sys
from typing import Any

# Subcommands living in shellkit itself: module and attribute of their click command.
_OWN_COMMANDS = {"py": ("shellkit.repl_cli", "py_command")}


def _entry_points() -> dict[str, str]:
    from shellkit.entry_points import entry_points

    return entry_points("shellkit.commands")


def build_group() -> Any:
    """The `shellkit` click group (click is imported here: plain `shellkit py` never needs it)."""
    import click

    class LazyGroup(click.Group):
        """A group that loads a subcommand's module only when that subcommand runs."""

        def list_commands(self, ctx: click.Context) -> list[str]:
            return sorted(set(_entry_points()) | set(_OWN_COMMANDS))

        def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
            if name in _OWN_COMMANDS:
                import importlib

                module, attribute = _OWN_COMMANDS[name]
                return getattr(importlib.import_module(module), attribute)
            target = _entry_points().get(name)
            if target is None:
                return None
            from shellkit.entry_points import load

            return load(target)  # type: ignore[return-value]

    @click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
    @click.version_option(package_name="shellkit")
    def shellkit() -> None:
        """Terminal shells that know what you are about to type."""

    return shellkit


def main(args: list[str] | None = None) -> int | None:
    """Run `shellkit ARGS` (default: the command line); returns the exit status."""
    args = sys.argv[1:] if args is None else args
    if args == ["py"]:
        # nothing to parse: straight to the REPL, the first prompt comes ~25 ms sooner
        from shellkit.repl import main as repl_main

        return repl_main()
    if args and args[0] not in _OWN_COMMANDS:
        status = _fast_path(args[0], args[1:])
        if status is not None:
            return status
    return build_group().main(args, prog_name="shellkit")


def _fast_path(name: str, args: list[str]) -> int | None:
    """The exit status of the subcommand's fast path, or None when it has none or declined."""
    from shellkit.entry_points import entry_points, load

    target = entry_points("shellkit.fast_paths").get(name)
    if target is None:
        return None
    run = load(target)
    return run(args)  # type: ignore[operator]
