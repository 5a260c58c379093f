"""The interactive SQL shell driven through prompt_toolkit's pipe input (no terminal)."""

from __future__ import annotations

import io

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from pgcli_like.drivers import open_driver
from pgcli_like.dsn import parse_dsn
from pgcli_like.session import SqlSession
from pgcli_like.settings import OutputSettings
from pgcli_like.shell import SqlShell, keep_in_history, multiline_rule, prompt_text


def run_shell(dsn: str, keys: str, **shell_kw) -> tuple[SqlSession, str, str]:
    out, err = io.StringIO(), io.StringIO()
    session = SqlSession(open_driver(parse_dsn(dsn)), settings=OutputSettings(pager_enabled=False, color=False),
                         interactive=True, stdout=out, stderr=err)
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        shell = SqlShell(session, input=pipe, output=DummyOutput(), **shell_kw)
        assert shell.run() == 0
    return session, out.getvalue(), err.getvalue()


def test_statements_typed_at_the_prompt_run_and_ctrl_d_leaves(sqlite_path):
    _, out, err = run_shell(sqlite_path, "select 6 * 7 as answer;\r\x04")
    assert " answer \n--------\n     42\n(1 row)" in out


@pytest.mark.parametrize("word", [":q", "\\q", "quit", "exit"])
def test_quit_words_leave(sqlite_path, word):
    _, out, _ = run_shell(sqlite_path, f"{word}\rselect 'never' as x;\r")
    assert "never" not in out


def test_ctrl_c_at_the_prompt_drops_the_line_and_the_shell_goes_on(sqlite_path):
    _, out, _ = run_shell(sqlite_path, "select 'dropped' as x\x03select 'kept' as y;\r\x04")
    assert "kept" in out and "dropped" not in out


def test_completion_client_is_built_after_the_first_prompt(sqlite_path):
    built = []

    class FakeClientMaker:
        def __call__(self, driver):
            built.append(driver)
            return None

    run_shell(sqlite_path, "select 1;\r\x04", make_client=FakeClientMaker())
    assert len(built) == 1


def test_prompt_shows_transaction_state(sqlite_path):
    driver = open_driver(parse_dsn(sqlite_path))
    assert prompt_text(driver) == "test> "
    driver.execute("begin")
    assert prompt_text(driver) == "test*> "
    driver.close()
    assert prompt_text(open_driver(parse_dsn(":memory:"))) == "sqlite> "


def test_multi_line_enter_rule():
    psql = multiline_rule("postgresql", "psql")
    assert psql("select 1;") and psql("\\dt") and psql("quit") and psql("")
    assert not psql("select 1") and not psql("select ';")
    safe = multiline_rule("postgresql", "safe")
    assert safe("select 1;") and not safe("\\dt") and safe("\\dt;")


def test_inputs_with_passwords_stay_out_of_history():
    assert keep_in_history("select * from users")
    assert not keep_in_history("\\c postgresql://bob:secret@db/shop")
    assert not keep_in_history("ALTER USER bob PASSWORD 'secret'")
    assert not keep_in_history("create user x identified by 'y'")


def test_mysql_multi_line_enter_follows_the_delimiter_in_force():
    delimiter = [";"]
    rule = multiline_rule("mysql", "psql", lambda: delimiter[0])
    assert rule("DELIMITER //")
    delimiter[0] = "//"
    assert not rule("create procedure p() begin select 1; end")
    assert rule("create procedure p() begin select 1; end//")


def test_prompt_draws_while_another_thread_is_still_importing_the_conditionals(sqlite_path, monkeypatch):
    """The completion thread imports the special commands; a half-imported module must not break the prompt."""
    import sys
    import types

    monkeypatch.setitem(sys.modules, "pgcli_like.special.conditionals",
                        types.ModuleType("pgcli_like.special.conditionals"))
    driver = open_driver(parse_dsn(sqlite_path))
    assert prompt_text(driver) == "test> "
    driver.close()


def test_toolbar_is_redrawn_when_a_refresh_after_a_statement_ends(sqlite_path):
    """After DDL the catalog reloads in the background; "Loading catalog…" must go without a keypress."""
    import threading

    from pgcli_like.client import Client

    session = SqlSession(open_driver(parse_dsn(sqlite_path)), settings=OutputSettings(pager_enabled=False),
                         interactive=True, stdout=io.StringIO(), stderr=io.StringIO())
    shell = SqlShell(session)
    shell.client = Client(session.driver)
    shell.client.refresh_catalog()
    redrawn = threading.Event()

    class App:
        def invalidate(self) -> None:
            if not shell.client.loading:
                redrawn.set()

    class Prompt:
        app = App()

    shell.prompt_session = Prompt()
    session.attach_client(shell.client)
    session.run_text("create table fresh (a int)")
    shell.redraw_when_loaded()
    assert redrawn.wait(20)
    shell.client.close()
