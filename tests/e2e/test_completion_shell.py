"""Completion in the real `shellkit sql` (pexpect): Tab menus, kinds of names, DDL seen at once."""

from __future__ import annotations

import sqlite3

import pexpect
import pytest

from tests.e2e.test_sql_shell import PROMPT, send, spawn

pytestmark = pytest.mark.e2e


def expect_menu(child: pexpect.spawn, pattern: str, last_char: str) -> None:
    """Wait for a completion menu entry. The catalog loads (or re-reads DDL) in the background,
    so until it has, retyping the last character asks the completer again."""
    for _ in range(40):
        try:
            child.expect(pattern, timeout=0.5)
            return
        except pexpect.TIMEOUT:
            child.send("\x7f" + last_char)
    pytest.fail(f"the completion menu never showed {pattern!r}")


@pytest.fixture
def shop(sqlite_path):
    conn = sqlite3.connect(sqlite_path)
    conn.executescript("""
        CREATE TABLE customers (id integer PRIMARY KEY, name text);
        CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer REFERENCES customers(id), total real);
    """)
    conn.close()
    return sqlite_path


def test_tab_after_from_lists_tables_and_selects_the_next_one(shop):
    child = spawn(shop)
    child.expect(PROMPT)
    child.send("SELECT * FROM ord")
    expect_menu(child, r"orders[^\r\n]*table", "d")  # the menu opens as you type: name and kind
    child.send("\t")
    child.send(" o JOIN ")
    child.expect(r"customers c ON c\.id = o\.customer_id[^\r\n]*join")  # the FK join clause
    child.send("\t")
    send(child, ";")
    child.expect(r"\(0 rows\)")
    child.close(force=True)


def test_a_table_created_in_the_shell_completes_right_after(shop):
    child = spawn(shop)
    child.expect(PROMPT)
    send(child, "CREATE TABLE invoices_2024 (id integer);")
    child.expect_exact("CREATE TABLE\r\n")  # the status line (the echo is highlighted word by word)
    child.expect(PROMPT)
    child.send("SELECT * FROM invoi")
    expect_menu(child, r"invoices_2024[^\r\n]*table", "i")  # in the menu, not the echo of CREATE
    child.send("\t")
    send(child, ";")
    child.expect(r"\(0 rows\)")
    child.expect(PROMPT)  # Ctrl-D typed before the prompt is up would reach the running statement
    child.sendcontrol("d")
    child.expect(pexpect.EOF)
