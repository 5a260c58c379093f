"""The data formats read back exactly: csv/tsv by ``csv``, json/jsonl by ``json``, sql-insert by SQLite."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from decimal import Decimal
from html.parser import HTMLParser

from pgcli_like.drivers.base import ColumnInfo, StaticResult
from pgcli_like.formatting import format_result
from pgcli_like.formatting.values import display_width
from pgcli_like.formatting.width import _patterns
from pgcli_like.settings import OutputSettings

COLUMNS = [
    ColumnInfo("id", "int4", "number"),
    ColumnInfo("name", "text", "text"),
    ColumnInfo("price", "numeric", "number"),
    ColumnInfo("ok", "bool", "bool"),
    ColumnInfo("ratio", "float8", "number"),
    ColumnInfo("doc", "jsonb", "json"),
]
ROWS = [
    (1, "plain", Decimal("12.50"), True, 0.25, '{"a": [1, 2], "b": null}'),
    (2, 'comma, "quote"\nnewline\ttab', Decimal("0.0000001"), False, -1e300, "[1, 2]"),
    (3, None, None, None, None, None),
    (4, "日本語 ✓ 👍", Decimal("-7"), True, 3.0, '"just a string"'),
    (5, "", Decimal("0"), False, 0.0, "{}"),
]


def formatted(name: str, rows=ROWS, columns=COLUMNS, **settings) -> str:
    res = StaticResult(columns, rows)
    return "".join(format_result(res, OutputSettings(format=name, color=False, **settings), width=80))


def as_text(value) -> str:
    """What csv/tsv must hold for a value: the server's text, NULL empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):  # float8 as PostgreSQL spells it: 3, not 3.0
        return repr(value).removesuffix(".0")
    return str(value)


def test_csv_reads_back_as_the_rows():
    got = list(csv.reader(io.StringIO(formatted("csv"))))
    assert got[0] == [c.name for c in COLUMNS]
    assert got[1:] == [[as_text(v) for v in row] for row in ROWS]


def test_tsv_reads_back_as_the_rows():
    got = list(csv.reader(io.StringIO(formatted("tsv")), delimiter="\t"))
    assert got[0] == [c.name for c in COLUMNS]
    assert got[1:] == [[as_text(v) for v in row] for row in ROWS]


def test_csv_agrees_with_the_csv_module_byte_for_byte():
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([[c.name for c in COLUMNS]] + [[as_text(v) for v in r] for r in ROWS])
    assert formatted("csv") == buf.getvalue()


def test_csv_single_column_keeps_empty_fields_as_records():
    out = formatted("csv", rows=[("",), (None,), ("x",)], columns=[ColumnInfo("v")])
    assert list(csv.reader(io.StringIO(out))) == [["v"], [""], [""], ["x"]]


def test_csv_without_rows_is_just_the_header_and_tuples_only_drops_it():
    assert formatted("csv", rows=[]) == "id,name,price,ok,ratio,doc\n"
    assert formatted("csv", tuples_only=True).startswith("1,plain,")


def _expected_objects():
    out = []
    for row in ROWS:
        obj = {}
        for col, value in zip(COLUMNS, row, strict=False):
            if value is not None and col.kind == "json":
                value = json.loads(value)
            obj[col.name] = value
        out.append(obj)
    return out


def test_json_is_an_array_of_objects_with_typed_values():
    got = json.loads(formatted("json"), parse_float=Decimal)
    want = _expected_objects()
    for w in want:
        w["ratio"] = None if w["ratio"] is None else Decimal(repr(w["ratio"]))
    assert got == want
    assert got[0]["ok"] is True and got[0]["doc"] == {"a": [1, 2], "b": None}


def test_jsonl_is_one_object_per_line():
    lines = formatted("jsonl").splitlines()
    assert len(lines) == len(ROWS)
    assert [json.loads(line)["id"] for line in lines] == [1, 2, 3, 4, 5]
    assert json.loads(lines[2])["name"] is None


def test_json_of_no_rows_is_an_empty_array():
    assert json.loads(formatted("json", rows=[])) == []
    assert formatted("jsonl", rows=[]) == ""


def test_json_keeps_binary_and_non_finite_values_valid():
    cols = [ColumnInfo("b", "bytea", "binary"), ColumnInfo("f", "float8", "number")]
    got = json.loads(formatted("json", rows=[(b"\x00\xff", float("nan"))], columns=cols))
    assert got == [{"b": "\\x00ff", "f": None}]


def test_json_column_with_invalid_json_text_is_kept_as_a_string():
    got = json.loads(formatted("json", rows=[("{not json",)], columns=[ColumnInfo("j", "json", "json")]))
    assert got == [{"j": "{not json"}]


def test_sql_insert_statements_recreate_the_rows():
    cols = [ColumnInfo("id", "int4", "number"), ColumnInfo("name", "text", "text"), ColumnInfo("order", "text", "text"),
            ColumnInfo("blob", "bytea", "binary")]
    rows = [(1, "it's", "x", b"\x01\x02"), (2, None, "y\nz", None)]
    text = "".join(format_result(StaticResult(cols, rows, table_name="things"), OutputSettings(format="sql-insert"),
                                 width=80))
    assert text.startswith('INSERT INTO things (id, name, "order", blob) VALUES (1, \'it\'\'s\', \'x\', X\'0102\');')
    db = sqlite3.connect(":memory:")
    db.execute('CREATE TABLE things (id int, name text, "order" text, blob blob)')
    db.executescript(text)
    assert db.execute("SELECT * FROM things ORDER BY id").fetchall() == rows


def test_sql_insert_uses_a_placeholder_table_when_the_source_is_unknown():
    assert formatted("sql-insert").startswith("INSERT INTO query_result (id, name, price, ok, ratio, doc) VALUES")


def test_markdown_escapes_pipes_and_newlines_and_aligns_numbers():
    out = formatted("markdown", rows=[(1, "a|b\nc", Decimal("1"), True, 1.0, None)])
    lines = out.splitlines()
    assert lines[0] == "| id | name | price | ok | ratio | doc |"
    assert lines[1] == "|---:|---|---:|---|---:|---|"
    assert lines[2] == "| 1 | a\\|b<br>c | 1 | t | 1 | <null> |"  # float8 1.0 shows as psql shows it


class _Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self._in = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.cells[-1] += data


def test_html_cells_hold_the_escaped_values():
    out = formatted("html", rows=[(1, "<b>&</b>", Decimal("2"), False, 0.5, None)])
    parser = _Cells()
    parser.feed(out)
    assert parser.cells == ["id", "name", "price", "ok", "ratio", "doc", "1", "<b>&</b>", "2", "f", "0.5", "<null>"]
    assert out.endswith("</table>\n<p>(1 row)<br />\n</p>\n")


# -- any text at all survives the data formats ------------------------------------------------
from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_cell = st.one_of(st.none(), st.text(max_size=20), st.integers(-(10**20), 10**20))
_rows = st.lists(st.tuples(_cell, _cell), max_size=8)
_TWO = [ColumnInfo("a"), ColumnInfo("b")]
# Characters that join the one before them into a grapheme cluster (combining and spacing
# marks, joiners): a cell's width then depends on its neighbour in the line, so measuring
# a whole frame line cannot check alignment. Their widths are tested in test_formatting_width.
_joins_previous = _patterns()[1]
_unclustered_cell = st.one_of(st.none(), st.text(max_size=20).filter(lambda t: not _joins_previous.search(t)),
                              st.integers())


@settings(max_examples=200, deadline=None)
@given(_rows)
def test_any_text_round_trips_through_csv_and_jsonl(rows):
    text = formatted("csv", rows=rows, columns=_TWO)
    # Before 3.11 the csv module's reader cannot read NUL at all (our writer keeps it).
    assume(sys.version_info >= (3, 11) or "\x00" not in text)
    got = list(csv.reader(io.StringIO(text, newline="")))
    assert got[1:] == [["" if v is None else str(v) for v in row] for row in rows]
    lines = formatted("jsonl", rows=rows, columns=_TWO).splitlines()
    assert [tuple(json.loads(line).values()) for line in lines] == rows


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_unclustered_cell, _unclustered_cell), max_size=8))
def test_any_text_lays_out_as_a_table_with_aligned_bars(rows):
    text = formatted("table", rows=rows, columns=_TWO, tuples_only=True, border=2)
    widths = {display_width(line) for line in text.splitlines() if line}
    assert len(widths) <= 1  # every line of the frame is equally wide
    assert "\x1b" not in text and "\r" not in text
