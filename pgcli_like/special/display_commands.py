"""How results are shown and how the shell looks: ``\\pager`` and ``\\theme``.

``\\pset pager`` (in ``session_commands``) shares ``set_pager`` and ``pager_line`` with
``\\pager`` here, so both spellings change and report the same settings.
"""

from __future__ import annotations

import difflib

from pgcli_like.settings import OutputSettings
from pgcli_like.special.base import CommandContext, CommandError
from pgcli_like.special.command import Invocation, command

# psql's pager usage words (on: only output that does not fit; always: everything).
_PAGER_ON = ("on", "true", "yes", "1")
_PAGER_OFF = ("off", "false", "no", "0")


def pager_line(settings: OutputSettings) -> str:
    """psql's report of the pager setting, plus the command when one was chosen."""
    usage = "off" if not settings.pager_enabled else ("always" if settings.pager_always else "on")
    line = {"off": "Pager usage is off.", "on": "Pager is used for long output.",
            "always": "Pager is always used."}[usage]
    if settings.pager_enabled:
        from shellkit.pager import pager_command

        line += f" Pager is {pager_command(settings.pager)}."
    return line


def set_pager(settings: OutputSettings, value: str | None) -> None:
    """``on``/``off``/``always`` (or a bare toggle when ``value`` is None) set the usage;
    any other word is a pager command, which also turns paging on."""
    word = (value or "").strip().lower()
    if value is None:
        settings.pager_enabled, settings.pager_always = not settings.pager_enabled, False
    elif word in _PAGER_ON:
        settings.pager_enabled, settings.pager_always = True, False
    elif word in _PAGER_OFF:
        settings.pager_enabled, settings.pager_always = False, False
    elif word == "always":
        settings.pager_enabled, settings.pager_always = True, True
    else:
        settings.pager, settings.pager_enabled = value.strip(), True


@command("\\pager", usage="\\pager [COMMAND | on | off | always]", group="Formatting",
         description="set the pager command, or turn paging on or off", arg_kinds=("command",), raw=True,
         help="\\pager less -S, \\pager 'pspg --csv' …: results that do not fit the screen go\n"
              "through that command (for this session). \\pager off prints everything directly,\n"
              "\\pager on pages only what does not fit, \\pager always pages every result.\n"
              "\\pager alone goes back to the default: the configured pager, else $PAGER,\n"
              "else less (with LESS=-SRXF when LESS is unset).")
def pager(ctx: CommandContext, inv: Invocation) -> None:
    value = inv.arg_text.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1].strip()  # \pager 'less -S' as psql's quoting habit writes it
    settings = ctx.settings
    if not value:
        settings.pager, settings.pager_enabled, settings.pager_always = _default_pager(), True, False
    else:
        set_pager(settings, value)
    ctx.echo(pager_line(settings))


def _default_pager() -> str | None:
    """The ``pager`` of the ``[sql]`` config section (None: $PAGER, else less)."""
    try:
        from shellkit.config import load_config

        configured = load_config(write_defaults=False).section("sql").get("pager")
    except Exception:  # noqa: BLE001 - an unreadable config means no configured pager
        return None
    return (str(configured).strip() or None) if configured else None


@command("\\theme", usage="\\theme [NAME]", group="Formatting", arg_kinds=("theme",), max_args=1,
         description="switch the colour theme (\\theme alone lists them)",
         help="Switches at once: the prompt, completion menu and later results use the new\n"
              "colours. For this session only; set `theme` in [main] of the config to keep it.\n"
              "Any pygments style name is a theme too (see `shellkit themes`).")
def theme(ctx: CommandContext, inv: Invocation) -> None:
    import themes

    if not inv.args:
        current = themes.active().theme.name
        for info in themes.list_themes():
            mark = "*" if info.name == current else " "
            ctx.echo(f"{mark} {info.name.ljust(22)} {info.description}".rstrip())
        ctx.echo(f"Theme is {current}.")
        return
    name = inv.args[0]
    try:
        chosen = themes.apply(name)
    except themes.ThemeError as err:
        raise CommandError(_unknown_theme(name, err)) from None
    ctx.echo(f"Theme is {chosen.name}.")


def _unknown_theme(name: str, err: Exception) -> str:
    import themes

    names = [info.name for info in themes.list_themes()]
    if name in names:
        return f"\\theme: {err}"  # it exists but cannot be used (a broken theme file)
    close = difflib.get_close_matches(name.lower(), names, n=1, cutoff=0.4)
    hint = f"; did you mean {close[0]}?" if close else "; \\theme alone lists them"
    return f"unknown theme {name}{hint}"
