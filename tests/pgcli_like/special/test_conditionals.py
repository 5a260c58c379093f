"""\\if / \\elif / \\else / \\endif: branches not taken skip SQL and commands alike."""

from __future__ import annotations

import pytest

from pgcli_like.special.base import CommandError
from pgcli_like.special.registry import is_special, run_special

SCRIPT = """
\\if {flag}
  select 'then' as branch;
\\elif {other}
  select 'elif' as branch;
\\else
  select 'else' as branch;
  \\set ran_else yes
\\endif
select 'after' as branch;
"""


@pytest.mark.parametrize("flag,other,expected", [
    ("on", "on", ["then"]), ("off", "true", ["elif"]), ("false", "0", ["else"]), (":yes", ":no", ["then"]),
])
def test_only_the_chosen_branch_runs(sqlite_ctx, flag, other, expected):
    sqlite_ctx.variables.update(yes="t", no="f")
    assert sqlite_ctx.run_sql(SCRIPT.format(flag=flag, other=other))
    assert [s.rows[0][0] for s in sqlite_ctx.shown] == [*expected, "after"]
    assert ("ran_else" in sqlite_ctx.variables) == (expected == ["else"])


def test_nested_blocks_inside_a_skipped_branch_stay_skipped(sqlite_ctx):
    script = "\\if false\n\\if true\nselect 1;\n\\else\nselect 2;\n\\endif\n\\else\nselect 3;\n\\endif\n"
    assert sqlite_ctx.run_sql(script)
    assert [s.rows for s in sqlite_ctx.shown] == [[(3,)]]


def test_skipped_lines_are_claimed_and_dropped(sqlite_ctx):
    run_special(sqlite_ctx, "\\if off")
    assert is_special("drop table everything", "sqlite")
    run_special(sqlite_ctx, "drop table everything")  # dropped, not sent
    run_special(sqlite_ctx, "\\endif")
    assert not is_special("select 1", "sqlite")


def test_misplaced_and_bad_conditionals_say_so(sqlite_ctx):
    for line, message in (("\\endif", "no matching \\\\if"), ("\\else", "no matching"), ("\\elif on", "no matching")):
        with pytest.raises(CommandError, match=message):
            run_special(sqlite_ctx, line)
    with pytest.raises(CommandError, match='unrecognized value "maybe" for "\\\\if expression": Boolean expected'):
        run_special(sqlite_ctx, "\\if maybe")
    run_special(sqlite_ctx, "\\else")
    with pytest.raises(CommandError, match="cannot occur after"):
        run_special(sqlite_ctx, "\\else")
    run_special(sqlite_ctx, "\\endif")
    with pytest.raises(CommandError, match="usage: \\\\if EXPR"):
        run_special(sqlite_ctx, "\\if")


def test_a_file_with_an_unclosed_if_is_an_error_and_leaves_the_caller_running(sqlite_ctx, tmp_path):
    script = tmp_path / "open.sql"
    script.write_text("\\if false\nselect 'skipped' as x;\n")
    with pytest.raises(CommandError, match=r"reached EOF without finding closing \\endif"):
        run_special(sqlite_ctx, f"\\i {script}")
    assert sqlite_ctx.run_sql("select 'after' as x;")
    assert [s.rows for s in sqlite_ctx.shown] == [[("after",)]]


def test_a_file_cannot_close_the_callers_if(sqlite_ctx, tmp_path):
    script = tmp_path / "close.sql"
    script.write_text("\\endif\n")
    run_special(sqlite_ctx, "\\if true")
    with pytest.raises(CommandError, match="no matching"):
        run_special(sqlite_ctx, f"\\i {script}")
    run_special(sqlite_ctx, "\\endif")  # still open in the caller
