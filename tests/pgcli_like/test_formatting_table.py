"""The display layouts: psql's aligned table and expanded records, value rendering, widths."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pgcli_like.drivers.base import ColumnInfo, StaticResult
from pgcli_like.formatting import FORMAT_NAMES, OutputStats, UnknownFormat, format_result
from pgcli_like.formatting.values import display_width
from pgcli_like.settings import OutputSettings

NUM = "number"


def render(columns, rows, width=200, force_expanded=None, stats=None, **settings) -> str:
    """Format rows; ``settings`` are OutputSettings fields, ``force_expanded`` is \\G."""
    cols = [c if isinstance(c, ColumnInfo) else ColumnInfo(*c) for c in columns]
    opts = {"color": False, **settings}
    return "".join(format_result(StaticResult(cols, rows), OutputSettings(**opts), width=width,
                                 expanded=force_expanded, stats=stats))


def test_format_names_are_the_documented_ten():
    assert FORMAT_NAMES == ("table", "table-unicode", "vertical", "csv", "tsv", "json", "jsonl",
                            "markdown", "html", "sql-insert")


def test_unknown_format_is_refused_before_fetching():
    with pytest.raises(UnknownFormat, match="unknown output format 'fancy'"):
        render([("a",)], [(1,)], format="fancy")


def test_aligned_table_looks_like_psql():
    out = render([("id", "int4", NUM), ("name", "text", "text")], [(1, "foo"), (22, "barbaz")])
    assert out == (
        " id |  name  \n"
        "----+--------\n"
        "  1 | foo\n"
        " 22 | barbaz\n"
        "(2 rows)\n"
        "\n"
    )


def test_one_row_footer_is_singular_and_zero_rows_keep_the_header():
    assert "(1 row)\n" in render([("a",)], [("x",)])
    assert render([("id", "int4", NUM)], []) == " id \n----\n(0 rows)\n\n"


def test_borders_zero_and_two_match_psql():
    cols = [("id", "int4", NUM), ("longername", "text", "text")]
    assert render(cols, [(1, "foo")], border=0) == "id longername \n-- ----------\n 1 foo\n(1 row)\n\n"
    assert render(cols, [(1, "foo")], border=2) == (
        "+----+------------+\n"
        "| id | longername |\n"
        "+----+------------+\n"
        "|  1 | foo        |\n"
        "+----+------------+\n"
        "(1 row)\n\n"
    )


def test_unicode_table_draws_boxes_and_marks_continued_lines():
    out = render([("id", "int4", NUM), ("longername", "text", "text")], [(1, "foo\nbar")],
                 format="table-unicode", border=2)
    assert out.splitlines()[:6] == [
        "┌────┬────────────┐",
        "│ id │ longername │",
        "├────┼────────────┤",
        "│  1 │ foo       ↵│",
        "│    │ bar        │",
        "└────┴────────────┘",
    ]


def test_newlines_in_a_value_continue_on_the_next_line_with_a_plus():
    out = render([("id", "int4", NUM), ("multi", "text", "text")], [(1, "a\nbc"), (22, "x")])
    assert out.splitlines()[2:5] == ["  1 | a    +", "    | bc", " 22 | x"]


def test_numbers_right_aligned_text_left_aligned():
    out = render([("n", "numeric", NUM), ("t", "text", "text")], [(Decimal("1.5"), "a"), (Decimal("100.25"), "bbbbbb")])
    assert "   1.5 | a" in out
    assert " 100.25 | bbbbbb" in out


def test_sqlite_columns_without_a_kind_are_right_aligned_when_they_hold_numbers():
    out = render([("n",), ("t",)], [(5, "a"), (None, "b"), (123, "c")], null="")
    assert "   5 | a" in out and " 123 | c" in out


def test_cjk_and_emoji_align_by_display_width():
    out = render([("name", "text", "text"), ("x", "int4", NUM)], [("日本語", 1), ("ab", 2), ("👍", 3)])
    lines = out.splitlines()
    bars = {display_width(line.split("|")[0]) for line in lines[2:5]}
    assert bars == {display_width(lines[0].split("|")[0])}


def test_null_marker_differs_from_the_text_null_when_colour_is_on():
    out = render([("t", "text", "text")], [(None,), ("<null>",)], color=True)
    null_line, text_line = out.splitlines()[2:4]
    assert "\x1b[" in null_line and "<null>" in null_line
    assert text_line == " <null>"


def test_no_escape_codes_without_colour():
    out = render([("t", "text", "text"), ("n", "int4", NUM)], [(None, None)], force_expanded=True)
    assert "\x1b" not in out
    assert "t | <null>" in out


def test_null_marker_is_configurable():
    assert " ∅\n" in render([("t", "text", "text")], [(None,)], null="∅")


def test_values_render_as_server_text():
    cols = [("b", "bool", "bool"), ("bin", "bytea", "binary"), ("d", "numeric", NUM), ("f", "float8", NUM),
            ("ts", "timestamp", "other")]
    out = render(cols, [(True, b"\x00\xab", Decimal("0.0000001"), float("inf"), "2024-01-02 03:04:05")],
                 force_expanded=True)
    assert "b   | t\n" in out
    assert "bin | \\x00ab\n" in out
    assert "d   | 0.0000001\n" in out
    assert "f   | Infinity\n" in out
    assert "ts  | 2024-01-02 03:04:05\n" in out


def test_control_characters_never_reach_the_terminal():
    out = render([("v", "text", "text")], [("a\x1b[31mred\x07\r",), ("x\ty",)])
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out
    assert "a\\x1B[31mred\\x07\\r" in out
    assert " x       y" in out  # tab stops of 8, as psql


def test_long_values_are_cut_at_max_field_width_in_table_mode_only():
    big = "x" * 100_000_000  # a 100 MB value costs no more than a short one
    out = render([("v", "text", "text")], [(big,)], max_field_width=10)
    assert " xxxxxxxxx…\n" in out
    csv_out = render([("v", "text", "text")], [("y" * 50,)], max_field_width=10, format="csv")
    assert "y" * 50 in csv_out


def test_truncation_counts_display_width_for_wide_characters():
    out = render([("v", "text", "text")], [("日本語日本語日本語",)], max_field_width=7)
    value = out.splitlines()[2].strip()
    assert value.endswith("…") and display_width(value) <= 7


def test_columns_never_get_narrower_from_one_batch_to_the_next():
    rows = [(i % 10, "w" * 30 if i < 1000 else "n") for i in range(2000)]  # the second batch is narrow
    lines = render([("i", "int4", NUM), ("t", "text", "text")], rows, tuples_only=True, border=2).splitlines()
    assert len(lines[1]) == len(lines[1500])  # still 30 wide: the frame stays straight
    assert lines[1500] == "| 9 | n" + " " * 29 + " |"


def test_widths_grow_when_a_later_batch_is_wider():
    rows = [(i, "n") for i in range(1000)] + [(1000, "wide value")]
    out = render([("i", "int4", NUM), ("t", "text", "text")], rows)
    assert out.splitlines()[2] == "   0 | n"  # sized by the first batch
    assert out.splitlines()[-3] == " 1000 | wide value"


def test_expanded_on_shows_records_like_psql():
    out = render([("id", "int4", NUM), ("longlonglongname", "text", "text"), ("multi", "text", "text")],
                 [(1, "foo", "a\nbc")], force_expanded=True)
    assert out.splitlines()[:5] == [
        "-[ RECORD 1 ]----+----",
        "id               | 1",
        "longlonglongname | foo",
        "multi            | a  +",
        "                 | bc",
    ]


def test_vertical_border_two_frames_every_record():
    out = render([("id", "int4", NUM), ("b", "text", "text")], [(1, "foo"), (2, "y")], format="vertical", border=2)
    assert out.splitlines()[:7] == [
        "+-[ RECORD 1 ]-+",
        "| id | 1       |",
        "| b  | foo     |",
        "+-[ RECORD 2 ]-+",
        "| id | 2       |",
        "| b  | y       |",
        "+----+---------+",
    ]


def test_expanded_auto_goes_vertical_only_when_rows_are_wider_than_the_terminal():
    cols = [("a", "text", "text"), ("b", "text", "text")]
    rows = [("x" * 30, "y" * 30)]
    assert "-[ RECORD 1 ]" in render(cols, rows, width=40, expanded="auto")
    assert "-[ RECORD 1 ]" not in render(cols, rows, width=100, expanded="auto")


def test_expanded_false_overrides_the_setting():
    assert "RECORD" not in render([("a",)], [("x",)], expanded="on", force_expanded=False)
    assert "RECORD" in render([("a",)], [("x",)], expanded="off", force_expanded=True)


def test_title_footer_and_tuples_only_follow_pset():
    cols = [("id", "int4", NUM)]
    assert render(cols, [(1,)], title="Hello").startswith("Hello\n id \n")
    assert "(1 row)" not in render(cols, [(1,)], footer=False)
    assert render(cols, [(1,), (2,)], tuples_only=True) == "  1\n  2\n\n"


def test_a_special_commands_footer_replaces_the_row_count():
    res = StaticResult([ColumnInfo("Column")], [("id",)], footer='Indexes:\n    "t_pkey" PRIMARY KEY')
    out = "".join(format_result(res, OutputSettings(color=False), width=80))
    assert out.endswith('Indexes:\n    "t_pkey" PRIMARY KEY\n\n')
    assert "(1 row)" not in out


def test_row_limit_fetches_only_that_many_rows_and_says_more_exist():
    closed = []

    class Endless:
        columns = [ColumnInfo("n", "int4", NUM)]
        table_name = None
        status = ""

        def batches(self, size=1000):
            n = 0
            while True:
                yield [(n + i,) for i in range(size)]
                n += size

        def close(self):
            closed.append(True)

    stats = OutputStats()
    out = "".join(format_result(Endless(), OutputSettings(color=False, row_limit=5), width=80, stats=stats))
    assert out.splitlines()[-3:] == ["(5 rows)", "(more rows exist; only the first 5 were fetched — row_limit is 5)", ""]
    assert stats.rows == 5 and stats.more and closed


def test_row_limit_equal_to_the_row_count_says_nothing_more():
    stats = OutputStats()
    out = render([("n",)], [(1,), (2,)], row_limit=2, stats=stats)
    assert "more rows" not in out and not stats.more and stats.rows == 2


def test_statements_without_columns_print_nothing():
    assert render([], []) == ""


def test_sqlite_numeric_columns_mixing_integers_and_floats_keep_each_spelling():
    out = render([("amount",)], [(5,), (1.25,), (None,), (float("nan"),)], tuples_only=True)
    assert out.splitlines() == ["      5", "   1.25", " <null>", "    NaN", ""]


@pytest.fixture
def dark_theme(monkeypatch):
    """The process-wide theme is ``dark`` at 256 colours for the test (restored after)."""
    import themes

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("SHELLKIT_COLOR_DEPTH", "256")
    monkeypatch.setenv("TERM", "xterm-256color")
    theme = themes.use("dark").theme
    yield theme
    monkeypatch.undo()
    themes.use(None)


def _plain(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@pytest.mark.parametrize("fmt,border", [("table", 1), ("table", 2), ("table-unicode", 0), ("vertical", 1),
                                        ("vertical", 2)])
def test_coloured_output_is_the_plain_output_plus_escape_codes(dark_theme, fmt, border):
    cols = [("id", "int4", NUM), ("name", "text", "text"), ("n", "numeric", NUM)]
    rows = [(1, "foo", Decimal("1.50")), (22, "two\nlines", None), (333, None, Decimal("-7"))]
    coloured = render(cols, rows, format=fmt, border=border, color=True)
    assert "\x1b[" in coloured
    assert _plain(coloured) == render(cols, rows, format=fmt, border=border, color=False)


def test_table_header_numbers_and_row_count_take_the_themes_roles(dark_theme):
    header, number, footer = dark_theme.ansi("header"), dark_theme.ansi("number"), dark_theme.ansi("footer")
    out = render([("id", "int4", NUM), ("name", "text", "text")], [(1, "foo"), (22, "x")], color=True)
    lines = out.splitlines()
    assert lines[0] == f" {header}id\x1b[0m | {header}name\x1b[0m "  # names coloured, padding not
    assert lines[2] == f" {number} 1\x1b[0m | foo"  # a number column: the whole cell
    assert lines[4] == f"{footer}(2 rows)\x1b[0m"


def test_vertical_names_and_numbers_take_the_themes_roles(dark_theme):
    header, number = dark_theme.ansi("header"), dark_theme.ansi("number")
    out = render([("id", "int4", NUM), ("name", "text", "text")], [(7, "foo")], format="vertical", color=True)
    lines = out.splitlines()
    assert lines[0] == f"{header}-[ RECORD 1 ]\x1b[0m"
    assert lines[1] == f"{header}id\x1b[0m   | {number}7\x1b[0m"
    assert lines[2] == f"{header}name\x1b[0m | foo"
    assert "rows)" not in out


def test_the_row_limit_notice_is_a_warning(dark_theme):
    out = render([("n", "int4", NUM)], [(i,) for i in range(5)], color=True, row_limit=2)
    assert out.splitlines()[-2].startswith(dark_theme.ansi("warning") + "(more rows exist")


def test_number_columns_with_a_wide_or_control_null_marker_stay_aligned_by_display_width():
    cols = [("n", "int4", NUM), ("d", "numeric", NUM), ("b", "bool", "bool")]
    rows = [(1, Decimal("2.50"), True), (None, None, None)]
    assert render(cols, rows, null="空") == (
        " n  |  d   | b  \n"
        "----+------+----\n"
        "  1 | 2.50 | t\n"
        " 空 |   空 | 空\n"
        "(2 rows)\n\n")
    assert render(cols, rows, null="a\tb").splitlines()[3] == " a       b | a       b | a       b"


def test_every_ascii_control_character_and_del_in_a_value_is_escaped_and_aligned():
    rows = [(f"a{chr(c)}b",) for c in [*range(0x20), 0x7F] if chr(c) not in "\t\n"] + [("plain ~",)]
    lines = render([("v", "text", "text")], rows).splitlines()
    body = lines[2:-2]  # under the header, above "(N rows)" and the blank line
    assert all(line.isprintable() and line.isascii() for line in lines)
    assert body[0] == " a\\x00b" and body[-2] == " a\\x7Fb" and body[-1] == " plain ~"
    assert len(body) == len(rows)
