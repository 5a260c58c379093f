"""Splitting a script around inline COPY data (pure)."""

from __future__ import annotations

from pgcli_like.special.inline_data import ScriptPiece, split_inline_data


def test_copy_data_runs_up_to_the_backslash_dot_line():
    text = "create table t (a int);\nCOPY t (a) FROM stdin;\n1\n2\n\\.\nselect 1;\n"
    assert list(split_inline_data(text, "postgresql")) == [
        ScriptPiece("create table t (a int);\n"),
        ScriptPiece("COPY t (a) FROM stdin;\n", b"1\n2\n"),
        ScriptPiece("select 1;\n"),
    ]


def test_a_copy_line_inside_a_string_stays_sql():
    text = "select 'a\ncopy t from stdin;\nb' as s;\n"
    assert list(split_inline_data(text, "postgresql")) == [ScriptPiece(text)]


def test_a_copy_typed_alone_reads_the_terminal():
    assert list(split_inline_data("\\copy t from stdin", "sqlite")) == [ScriptPiece("\\copy t from stdin", None)]


def test_a_file_named_like_stdin_is_not_inline_data():
    text = "\\copy t from stdin.csv\nselect 1;\n"
    assert list(split_inline_data(text, "postgresql")) == [ScriptPiece(text)]
