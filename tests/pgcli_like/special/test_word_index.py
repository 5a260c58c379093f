"""The registry's index of word commands: plain SQL is told apart without loading every command
module, and the answer is the one the fully loaded registry gives."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pgcli_like.special import registry
from pgcli_like.special.command import ALL_ENGINES

ENGINES = sorted(ALL_ENGINES)
# First words of SQL statements on the three engines (and a few that look like commands).
SQL_WORDS = [
    "SELECT", "WITH", "VALUES", "TABLE", "INSERT", "UPDATE", "DELETE", "MERGE", "REPLACE", "CREATE",
    "ALTER", "DROP", "TRUNCATE", "BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE",
    "SET", "RESET", "SHOW", "EXPLAIN", "ANALYZE", "VACUUM", "PRAGMA", "ATTACH", "DETACH", "GRANT",
    "REVOKE", "COPY", "CALL", "DO", "DECLARE", "FETCH", "CLOSE", "LISTEN", "NOTIFY", "LOCK",
    "COMMENT", "REINDEX", "CLUSTER", "CHECKPOINT", "PREPARE", "EXECUTE", "DEALLOCATE", "DESCRIBE",
    "DESC", "USE", "HELP", "SOURCE", "DELIMITER", "HANDLER", "LOAD", "OPTIMIZE", "REPAIR", "FLUSH",
    "KILL", "RENAME", "END", "ABORT", "DISCARD", "REFRESH", "SECURITY", "IMPORT", "quit", "exit",
    ":q", "q", "e",
]


def _lines() -> list[str]:
    """Every registered word command and SQL word, bare, with an argument, in both cases, with ``;``."""
    registry._ensure_loaded()
    words = {name for table in registry._by_engine.values() for name in table if name[0] not in "\\."}
    lines = []
    for word in sorted(words | set(SQL_WORDS)):
        for form in (word, word.upper(), word.lower(), word.title()):
            lines += [form, form + ";", form + " x", form + " x;", form + " x y", form + "(1)", form + "x"]
    return lines


def test_index_lists_exactly_the_registered_word_commands():
    registry._ensure_loaded()
    assert set(registry._by_engine) <= set(registry.WORD_COMMANDS)
    for engine in registry.WORD_COMMANDS:
        table = registry._by_engine.get(engine, {})
        assert registry.WORD_COMMANDS[engine] == {name for name in table if name[0] not in "\\."}, engine


@pytest.mark.parametrize("engine", ENGINES)
def test_unloaded_answer_agrees_with_the_loaded_registry(engine, monkeypatch):
    lines = _lines()
    loaded = [registry.is_special(line, engine) for line in lines]
    cheap = []
    for line in lines:
        monkeypatch.setattr(registry, "_loaded", False)  # the index decides until a known word loads them
        cheap.append(registry.is_special(line, engine))
    assert cheap == loaded
    assert any(loaded) and not all(loaded)


def test_plain_sql_loads_no_command_module():
    probe = ("import sys\nfrom pgcli_like.special.registry import is_special, _loaded\n"
             "answers = [is_special(s, e) for e in ('postgresql', 'mysql', 'sqlite')\n"
             "           for s in ('SELECT * FROM big', 'with x as (select 1) table x', 'INSERT INTO t VALUES (1)')]\n"
             "from pgcli_like.special import registry\n"
             "mods = [m for m in ('pgcli_like.special.session_commands', 'pgcli_like.special.copy_command',\n"
             "                    'pgcli_like.special.describe_postgres', 'pgcli_like.special.command',\n"
             "                    'difflib') if m in sys.modules]\n"
             "print(answers, registry._loaded, mods)\n"
             "print(is_special('use db', 'mysql'), registry._loaded)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    first, second = done.stdout.splitlines()
    assert first == f"{[False] * 9} False []"
    assert second == "True True"
