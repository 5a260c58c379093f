"""The one special-command registry: recognise a command line, find its command, run it.

Public API (the seams other parts code against):

- ``is_special(line, engine)``: does this input belong to the registry rather than the server?
- ``run_special(ctx, line, *, buffer=None)``: run it; raises ``CommandError`` with a one-line
  message (unknown command with the closest suggestion, usage line on bad arguments).
- ``commands_for(engine)``: the commands of an engine, for completion and ``\\?``.
- ``split_trailing_command(text, engine)``: ``"SELECT 1 \\g f"`` → ``("SELECT 1", "\\g f")``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pgcli_like.special import conditionals
from pgcli_like.special.base import CommandContext, CommandError
from pgcli_like.special.lexing import find_backslash_command

if TYPE_CHECKING:
    from pgcli_like.special.command import SpecialCommand

# The command machinery (pgcli_like.special.command) and every module below are imported on
# the first special command, not for plain SQL.
_COMMAND_MODULES = (
    "pgcli_like.special.help_command",
    "pgcli_like.special.session_commands",
    "pgcli_like.special.display_commands",
    "pgcli_like.special.query_commands",
    "pgcli_like.special.variable_commands",
    "pgcli_like.special.conditional_commands",
    "pgcli_like.special.restrict",
    "pgcli_like.special.named_queries",
    "pgcli_like.special.copy_command",
    "pgcli_like.special.password_command",
    "pgcli_like.special.describe_postgres",
    "pgcli_like.special.describe_pg_objects",
    "pgcli_like.special.describe_pg_more",
    "pgcli_like.special.describe_mysql",
    "pgcli_like.special.describe_sqlite",
)
_loaded = False
_by_engine: dict[str, dict[str, SpecialCommand]] = {}
# Word commands are matched case-insensitively (USE db, quit); backslash/dot ones exactly.
_WORD = re.compile(r"[A-Za-z:]+")
# The word commands (neither backslash nor dot) each engine's modules register, lower-cased.
# Plain SQL (``SELECT …``) starts with none of them, so ``is_special`` answers it without
# importing every command module (~20 ms of a ``-c`` run). Once the modules are loaded the
# real table decides; tests/pgcli_like/special/test_word_index.py keeps the two equal.
WORD_COMMANDS: dict[str, frozenset[str]] = {
    "postgresql": frozenset({":q", "exit", "quit", "use"}),
    "mysql": frozenset({":q", "exit", "quit", "use"}),
    "sqlite": frozenset({":q", "desc", "describe", "exit", "quit", "use"}),
}


def _ensure_loaded() -> None:
    global _loaded
    if _loaded:
        return
    import importlib

    from pgcli_like.special.command import registered

    for name in _COMMAND_MODULES:
        importlib.import_module(name)
    for cmd in registered():
        for engine in cmd.engines:
            table = _by_engine.setdefault(engine, {})
            for name in cmd.names:
                key = name if name[0] in "\\." else name.lower()
                table.setdefault(key, cmd)
    _loaded = True


def commands_for(engine: str) -> list[SpecialCommand]:
    """The commands available on ``engine`` (each once), sorted by name."""
    _ensure_loaded()
    unique = {id(c): c for c in _by_engine.get(engine, {}).values()}
    return sorted(unique.values(), key=lambda c: c.name.lower())


def split_trailing_command(text: str, engine: str) -> tuple[str, str] | None:
    """Split SQL followed by a backslash command (``SELECT 1 \\gx``) into its two parts.

    Returns None when ``text`` holds no backslash command outside quotes, or starts with one.
    """
    pos = find_backslash_command(text, engine)
    if pos is None or not text[:pos].strip():
        return None
    return text[:pos].rstrip(), text[pos:].strip()


def is_special(line: str, engine: str) -> bool:
    """True when ``line`` is a special command (or SQL ending in one) rather than plain SQL."""
    stripped = line.strip()
    if not stripped:
        return False
    if stripped[0] == "\\" or conditionals.skipping():
        return True  # while an \\if branch is skipped, every line is ours (to drop)
    if stripped[0] == "." and engine == "sqlite" and stripped[1:2].isalpha():
        return True
    if _word_command(stripped, engine) is not None:
        return True
    return split_trailing_command(stripped, engine) is not None


def _word_command(stripped: str, engine: str) -> SpecialCommand | None:
    m = _WORD.match(stripped)
    if not m:
        return None
    if not _loaded and m.group(0).lower() not in WORD_COMMANDS.get(engine, ()):
        return None  # no module registers this word: no need to load them to know it
    _ensure_loaded()
    rest = stripped[m.end():].strip().rstrip(";").strip()
    cmd = _by_engine.get(engine, {}).get(m.group(0).lower())
    if cmd is None:
        return None
    if not (stripped[m.end():m.end() + 1] in ("", ";") or stripped[m.end()].isspace()):
        return None
    if cmd.max_args == 0 and rest:
        return None  # "exit 1" or "quit now" is not the quit command
    if cmd.min_args and not rest:
        return None  # a bare "use" is left to the server
    return cmd


def _parse_name(stripped: str) -> tuple[str, str]:
    """Split ``\\dt+ foo`` into (``\\dt+``, ``foo``); a non-letter command is one character.
    psql reads ``S`` after ``+`` too (``\\dt+S``), so the name takes it."""
    if stripped[0] == "\\" and len(stripped) > 1 and not stripped[1].isalpha():
        return stripped[:2], stripped[2:]
    m = re.match(r"[\\.]?[A-Za-z0-9_:]*(?:\+S?)?", stripped)
    end = m.end() if m else 1
    return stripped[:end], stripped[end:]


def _lookup(typed: str, engine: str) -> tuple[SpecialCommand, bool, bool] | None:
    """Find the command for a typed word, peeling off the ``S``/``+`` modifiers psql allows
    (either order: ``\\dtS+``, ``\\dt+S``)."""
    table = _by_engine.get(engine, {})
    key = typed if typed[0] in "\\." else typed.lower()
    base, verbose, system = key, False, False
    while base not in table and len(base) > 2 and base[-1] in "+S":
        if base[-1] == "+":
            if verbose:
                break
            verbose = True
        else:
            if system:
                break
            system = True
        base = base[:-1]
    cmd = table.get(base)
    if cmd is None:
        return _lookup_lettered(key, table)
    if (verbose and "+" not in cmd.modifiers) or (system and "S" not in cmd.modifiers):
        return None
    return cmd, verbose, system


def _lookup_lettered(key: str, table: dict[str, SpecialCommand]) -> tuple[SpecialCommand, bool, bool] | None:
    """A command with option letters (``\\dfnt+``): its name, then one of its letters or
    modifiers. As psql, only that next character decides; the handler judges the rest
    (``\\dfz`` is unknown, ``\\dfaz`` is \\df saying which letters it takes)."""
    for name, cmd in table.items():
        if cmd.letters and key.startswith(name) and key[len(name):len(name) + 1] in tuple(cmd.letters + cmd.modifiers):
            rest = key[len(name):]
            return cmd, "+" in rest and "+" in cmd.modifiers, "S" in rest and "S" in cmd.modifiers
    return None


def suggest(typed: str, engine: str) -> str | None:
    """The registered name closest to ``typed`` on this engine, if any is close."""
    import difflib  # only when a command was mistyped

    _ensure_loaded()
    names = [n for n in _by_engine.get(engine, {}) if n[0] == typed[0]] or list(_by_engine.get(engine, {}))
    match = difflib.get_close_matches(typed, names, n=1, cutoff=0.5)
    if match:
        return match[0]
    prefixed = sorted(n for n in names if n.startswith(typed[:2]))
    return prefixed[0] if prefixed else None


def run_special(ctx: CommandContext, line: str, *, buffer: str | None = None) -> None:
    """Run one special command line on ``ctx``.

    ``buffer`` is SQL typed before the command on the same input (``SELECT 1 \\g out.txt``);
    a line that itself holds SQL followed by a backslash command is split here.
    Raises ``CommandError`` (one line) for unknown commands and bad arguments.
    """
    _ensure_loaded()
    from pgcli_like.special import restrict
    from pgcli_like.special.command import Invocation
    from pgcli_like.special.variables import interpolate

    engine = ctx.driver.engine
    stripped = line.strip()
    if not stripped:
        return
    if conditionals.skipping() and _parse_name(stripped)[0] not in conditionals.CONDITIONAL_COMMANDS:
        return  # inside an \\if branch not taken
    if stripped[:1] not in ("\\", ".") and _word_command(stripped, engine) is None:
        parts = split_trailing_command(stripped, engine)
        if parts is not None:
            buffer, stripped = parts
    typed, arg_text = _parse_name(stripped)
    found = _lookup(typed, engine)
    if found is not None:
        restrict.check_allowed(found[0].name)
    if found is None:
        hint = suggest(typed.rstrip("+"), engine)
        more = f"; did you mean {hint}?" if hint else "; try \\? for the list"
        raise CommandError(f"unknown command {typed}{more}")
    cmd, verbose, system = found
    following: str | None = None
    if not cmd.raw:
        # psql runs several backslash commands on one line (\\x \\dt); each takes the text up to the next.
        nxt = find_backslash_command(arg_text, engine)
        if nxt is not None:
            arg_text, following = arg_text[:nxt], arg_text[nxt:]
        arg_text = interpolate(arg_text, ctx.variables, engine=engine).strip()
        if arg_text.endswith(";") and (cmd.group == "Informational" or typed[0] not in "\\."):
            arg_text = arg_text[:-1].rstrip()  # `\d t;` and `USE db;` as typed by SQL habit
    inv = Invocation(cmd, typed, arg_text.strip() if not cmd.raw else arg_text.lstrip(), verbose,
                     system, buffer)
    if not cmd.raw:
        count = len(inv.args)
        if count < cmd.min_args:
            raise inv.usage_error("missing argument")
        if cmd.max_args is not None and count > cmd.max_args:
            raise inv.usage_error("too many arguments")
    cmd.handler(ctx, inv)
    if following:
        run_special(ctx, following, buffer=buffer)


def describe_command(cmd: SpecialCommand) -> list[str]:
    """The lines ``\\? CMD`` prints for one command."""
    lines = [cmd.usage, f"  {cmd.description}"]
    if cmd.help:
        lines += [""] + ["  " + h if h else "" for h in cmd.help.splitlines()]
    if cmd.aliases:
        lines += ["", "  also: " + ", ".join(cmd.aliases)]
    return lines
