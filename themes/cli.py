"""``shellkit themes`` (list the themes) and ``shellkit themes show NAME`` (preview one)."""

from __future__ import annotations

import sys

import click

from themes.loader import ThemeError, current_theme, list_themes, load_theme, main_settings, report
from themes.preview import preview
from themes.terminal import DEPTH_WORDS, parse_depth


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def themes_command(ctx: click.Context) -> None:
    """List the colour themes, one per line: name, kind, description.

    Choose one with `theme = "NAME"` in [main] of the config file, `--theme NAME` on a
    shell, `\\theme NAME` in the SQL shell, or SHELLKIT_THEME. Your own themes are TOML
    files in $XDG_CONFIG_HOME/shellkit/themes/.
    """
    if ctx.invoked_subcommand is not None:
        return
    in_use = current_theme().name
    infos = list_themes()
    width = max(len(i.name) for i in infos)
    for info in infos:
        mark = "  (in use)" if info.name == in_use else ""
        click.echo(f"{info.name:<{width}}  {info.kind:<8}  {info.description}{mark}")


@themes_command.command("show")
@click.argument("name", required=False)
@click.option("--color-depth", "depth", type=click.Choice(sorted(DEPTH_WORDS)), default=None,
              help="Preview at this colour depth instead of the terminal's.")
def show_command(name: str | None, depth: str | None) -> None:
    """Preview theme NAME (default: the one in use): SQL, Python, completion menu, toolbar, results."""
    if name is None:
        theme = current_theme()
    else:
        setting = main_settings().get("color_depth")
        try:
            theme = report(load_theme(name, depth_setting=setting if isinstance(setting, str) else None))
        except ThemeError as err:
            raise click.ClickException(str(err)) from None
    if depth is not None and not theme.colorless:
        theme = theme.with_depth(parse_depth(depth))  # type: ignore[arg-type]
    theme = theme.for_stream(sys.stdout)
    sys.stdout.write(theme.render(preview(theme)))
    sys.stdout.flush()
