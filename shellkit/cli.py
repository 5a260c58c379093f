"""The `shellkit` console script: a click group whose subcommands are found lazily.

Applications register their subcommand under the ``shellkit.commands`` entry-point
group, so the engine never imports an application and only the chosen subcommand's
module is loaded (startup stays fast).
"""

from __future__ import annotations

import click


def _entry_points() -> dict[str, object]:
    from importlib.metadata import entry_points

    return {ep.name: ep for ep in entry_points(group="shellkit.commands")}


class LazyGroup(click.Group):
    """A group that loads a subcommand's module only when that subcommand runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_entry_points())

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        ep = _entry_points().get(name)
        return ep.load() if ep is not None else None  # type: ignore[attr-defined]


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="shellkit")
def main() -> None:
    """Terminal shells that know what you are about to type."""
