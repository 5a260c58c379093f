"""Whatever follows a command name, the user gets a result or a one-line CommandError — never a crash.

Property tests (hypothesis) over the commands without side effects outside the session:
random argument text on SQLite, random name patterns on PostgreSQL and MariaDB.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pgcli_like.special.base import CommandError
from pgcli_like.special.registry import run_special

SAFE_SQLITE = ["\\d", "\\d+", "\\dt", "\\dv", "\\di", "\\l", ".tables", ".schema", ".indexes", "\\x", "\\pset",
               "\\T", "\\set", "\\unset", "\\echo", "\\timing", "\\t", "\\?", "\\n", "\\np", "\\gset", "\\p",
               "\\if", "\\elif", "\\else", "\\endif", "\\conninfo", "\\nosuch", ".nosuch"]
PATTERN_COMMANDS = ["\\d", "\\dt", "\\dv", "\\di", "\\df", "\\dn", "\\dT", "\\dD", "\\du", "\\l", "\\dp", "\\do",
                    "\\da", "\\dO", "\\dx", "\\dconfig"]
TEXT = st.text(alphabet=st.sampled_from(list("ab*?.\"' ;:$\\|()[]+-_%0")), max_size=12)
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(command=st.sampled_from(SAFE_SQLITE), args=TEXT)
def test_any_arguments_give_a_result_or_one_message_on_sqlite(sqlite_ctx, command, args):
    from pgcli_like.special import conditionals

    try:
        run_special(sqlite_ctx, f"{command} {args}")
    except CommandError as err:
        assert "\n" not in str(err)
    finally:
        conditionals.reset()


@pytest.mark.postgres
@FAST
@given(command=st.sampled_from(PATTERN_COMMANDS), pattern=TEXT.filter(lambda t: t.strip() != ""))
def test_any_name_pattern_is_valid_sql_on_postgres(pg_ctx, command, pattern):
    try:
        run_special(pg_ctx, f"{command} '{pattern.replace(chr(39), chr(39) * 2)}'")
    except CommandError as err:
        # psql's own refusals, or a regular expression the server rejects (psql passes those on too)
        assert "\n" not in str(err)
    assert pg_ctx.driver.transaction_state == "idle"


@pytest.mark.mysql
@FAST
@given(command=st.sampled_from(["\\d", "\\dt", "\\dv", "\\di", "\\df", "\\l", "\\du"]),
       pattern=TEXT.filter(lambda t: t.strip() != ""))
def test_any_name_pattern_is_valid_sql_on_mysql(mysql_ctx, command, pattern):
    try:
        run_special(mysql_ctx, f"{command} '{pattern.replace(chr(39), chr(39) * 2)}'")
    except CommandError as err:
        assert "\n" not in str(err)
