"""\\pager, \\pset pager, \\theme, \\echo -n and \\o |COMMAND, on the real engines."""

from __future__ import annotations

import io

import pytest

from pgcli_like.special.base import CommandError
from pgcli_like.special.registry import commands_for, run_special


def test_pager_off_on_always_and_a_command(sqlite_ctx):
    s = sqlite_ctx.settings
    run_special(sqlite_ctx, "\\pager off")
    assert not s.pager_enabled and sqlite_ctx.lines[-1] == "Pager usage is off."
    run_special(sqlite_ctx, "\\pager less -S -i")
    assert s.pager == "less -S -i" and s.pager_enabled and not s.pager_always
    assert sqlite_ctx.lines[-1] == "Pager is used for long output. Pager is less -S -i."
    run_special(sqlite_ctx, "\\pager always")
    assert s.pager_always and s.pager == "less -S -i"
    assert sqlite_ctx.lines[-1] == "Pager is always used. Pager is less -S -i."
    run_special(sqlite_ctx, "\\pager on")
    assert s.pager_enabled and not s.pager_always
    run_special(sqlite_ctx, "\\pager 'more'")
    assert s.pager == "more"


def test_pager_alone_goes_back_to_the_default(sqlite_ctx, monkeypatch):
    monkeypatch.setenv("PAGER", "most")
    run_special(sqlite_ctx, "\\pager cat")
    run_special(sqlite_ctx, "\\pager off")
    run_special(sqlite_ctx, "\\pager")
    s = sqlite_ctx.settings
    assert s.pager is None and s.pager_enabled
    assert sqlite_ctx.lines[-1] == "Pager is used for long output. Pager is most."


def test_pset_pager_always_on_off_as_psql(pg_ctx):
    s = pg_ctx.settings
    run_special(pg_ctx, "\\pset pager always")
    assert s.pager_enabled and s.pager_always and pg_ctx.lines[-1].startswith("Pager is always used.")
    run_special(pg_ctx, "\\pset pager off")
    assert not s.pager_enabled and pg_ctx.lines[-1] == "Pager usage is off."
    run_special(pg_ctx, "\\pset pager")  # a bare option toggles, as in psql
    assert s.pager_enabled and not s.pager_always
    run_special(pg_ctx, "\\pset pager on")
    assert pg_ctx.lines[-1].startswith("Pager is used for long output.")


@pytest.mark.parametrize("engine", ["postgresql", "mysql", "sqlite"])
def test_pager_and_theme_are_listed_and_explained_on_every_engine(engine):
    names = {c.name for c in commands_for(engine)}
    assert {"\\pager", "\\theme", "\\o", "\\echo"} <= names


def test_help_explains_pager(sqlite_ctx):
    run_special(sqlite_ctx, "\\? \\pager")
    assert sqlite_ctx.lines[0] == "\\pager [COMMAND | on | off | always]"
    run_special(sqlite_ctx, "\\?")
    assert any(line.strip().startswith("\\theme [NAME]") for line in sqlite_ctx.lines)


@pytest.fixture
def restore_theme():
    import themes

    before = themes.active().theme.name
    yield
    themes.use(before)


def test_theme_lists_themes_marking_the_current_one(sqlite_ctx, restore_theme):
    import themes

    themes.use("default")
    run_special(sqlite_ctx, "\\theme")
    assert sqlite_ctx.lines[-1] == "Theme is default."
    marked = [line for line in sqlite_ctx.lines if line.startswith("*")]
    assert len(marked) == 1 and marked[0].split()[1] == "default"
    assert any(line.split()[0] == "solarized-dark" for line in sqlite_ctx.lines[:-1])


def test_theme_switches_at_once(sqlite_ctx, restore_theme):
    import themes

    switch = themes.use("default")
    before = switch.style.invalidation_hash()
    run_special(sqlite_ctx, "\\theme solarized-dark")
    assert themes.active() is switch and switch.theme.name == "solarized-dark"
    assert switch.style.invalidation_hash() != before  # the running prompt's style follows
    assert sqlite_ctx.lines[-1] == "Theme is solarized-dark."


def test_unknown_theme_names_the_closest_and_keeps_the_current(sqlite_ctx, restore_theme):
    import themes

    themes.use("dark")
    with pytest.raises(CommandError, match=r"^unknown theme solarized-drak; did you mean solarized-dark\?$"):
        run_special(sqlite_ctx, "\\theme solarized-drak")
    assert themes.active().theme.name == "dark"


def test_echo_dash_n_writes_without_a_newline(sqlite_ctx):
    sqlite_ctx.variables["n"] = "3"
    run_special(sqlite_ctx, "\\echo -n Count: :n")
    assert sqlite_ctx.written == ["Count: 3"] and sqlite_ctx.lines == []
    run_special(sqlite_ctx, "\\echo -n")
    assert sqlite_ctx.written[-1] == ""


@pytest.fixture
def open_session():
    """Factory: ``open_session(dsn)`` → (a real SqlSession printing into a StringIO, that StringIO)."""
    from pgcli_like.drivers import open_driver
    from pgcli_like.dsn import parse_dsn
    from pgcli_like.session import SqlSession

    made = []

    def make(dsn: str):
        out = io.StringIO()
        made.append(SqlSession(open_driver(parse_dsn(dsn)), stdout=out, stderr=io.StringIO()))
        return made[-1], out

    yield make
    for session in made:
        session.printer.close()
        session.driver.close()


@pytest.mark.parametrize("dsn_fixture", ["pg_dsn", "mysql_dsn", "sqlite_path"])
def test_o_pipe_sends_later_results_through_one_command_until_o_alone(dsn_fixture, request, tmp_path,
                                                                      open_session):
    session, out = open_session(request.getfixturevalue(dsn_fixture))
    target = tmp_path / "upper.txt"
    for line in (f"\\o | tr a-z A-Z > '{target}'", "SELECT 'first' AS word", "SELECT 'second' AS word", "\\o"):
        assert session.run_text(line)
    text = target.read_text()
    assert "FIRST" in text and "SECOND" in text and text.count("(1 ROW)") == 2
    assert session.run_text("SELECT 'back on screen' AS word")
    assert "back on screen" in out.getvalue() and "first" not in out.getvalue()


def test_o_pipe_to_a_command_that_quits_early_leaves_the_session_usable(pg_dsn, tmp_path, open_session):
    session, out = open_session(pg_dsn)
    target = tmp_path / "head.txt"
    for line in (f"\\o |head -1 > '{target}'", "SELECT g FROM generate_series(1, 2000000) g", "SELECT 2", "\\o"):
        assert session.run_text(line)  # the command leaving early is not an error
    header = target.read_text()
    assert header.strip() == "g" and header.count("\n") == 1
    assert session.run_text("SELECT 'still here' AS x") and "still here" in out.getvalue()


def test_choosing_sql_insert_on_mysql_quotes_names_with_backticks(mysql_ctx, tmp_path):
    from pgcli_like.output import ResultPrinter

    run_special(mysql_ctx, "\\T sql-insert")
    target = tmp_path / "inserts.sql"
    result = mysql_ctx.driver.execute("SELECT 1 AS `select`, 'a\\\\b' AS `two words`")
    ResultPrinter().print_result(result, mysql_ctx.settings, dest=str(target))
    assert target.read_text() == "INSERT INTO query_result (`select`, `two words`) VALUES (1, 'a\\\\b');\n"
