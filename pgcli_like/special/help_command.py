"""``\\?``: help on the special commands of the current engine."""

from __future__ import annotations

from pgcli_like.special.base import CommandContext, CommandError
from pgcli_like.special.command import GROUPS, Invocation, command, registered
from pgcli_like.special.registry import _lookup, commands_for, describe_command, suggest


@command("\\?", usage="\\? [COMMAND]", description="show help on special commands",
         arg_kinds=("command",), raw=True,
         help="With no argument, lists every special command of this engine.\n"
              "With a command name (\\? \\dt), explains that one command.")
def show_help(ctx: CommandContext, inv: Invocation) -> None:
    engine = ctx.driver.engine
    if inv.args and inv.args[0]:  # \\? '' (an empty or unclosed quote) lists them all
        name = inv.args[0]
        if name[0] not in "\\.:" and not name[0].isalpha():
            name = "\\" + name
        found = _lookup(name, engine) or _lookup("\\" + name, engine)
        if found is None:
            hint = suggest(name, engine)
            raise CommandError(f"no such command {name}" + (f"; did you mean {hint}?" if hint else ""))
        for text in describe_command(found[0]):
            ctx.echo(text)
        return
    cmds = commands_for(engine)
    # Usage column as wide as most usages; a longer one puts its description on the next line.
    width = 34
    for group in GROUPS:
        members = [c for c in cmds if c.group == group]
        if not members:
            continue
        if group == "Conditionals":
            order = registered()
            members.sort(key=order.index)  # \\if, \\elif, \\else, \\endif: the order they are written in
        ctx.echo(group)
        for c in members:
            if len(c.usage) < width:
                ctx.echo(f"  {c.usage.ljust(width)}{c.description}")
            else:
                ctx.echo(f"  {c.usage}")
                ctx.echo(f"  {'':{width}}{c.description}")
        ctx.echo("")
