"""The pure context analysis: which kinds of names each cursor position wants."""

from __future__ import annotations

import pytest

from pgcli_like import context as cx
from pgcli_like.context import analyze
from pgcli_like.dialects import dialect_for

PG = dialect_for("postgresql")
MY = dialect_for("mysql")
LITE = dialect_for("sqlite")


def kinds(text: str, cursor: int | None = None, dialect=PG) -> list[str]:
    return [type(s).__name__ for s in analyze(text, cursor, dialect).suggestions]


def cursor_at(text: str) -> tuple[str, int]:
    """Text with a '|' marking the cursor → (text without it, offset)."""
    return text.replace("|", "", 1), text.index("|")


@pytest.mark.parametrize("text", [
    "SELECT * FROM ", "SELECT * FROM a, ", "UPDATE ", "INSERT INTO ", "DELETE FROM ", "TRUNCATE ",
    "SELECT * FROM a JOIN ", "SELECT * FROM a LEFT OUTER JOIN ", "DROP TABLE ", "ALTER TABLE IF EXISTS ",
])
def test_from_like_positions_suggest_schemas_and_relations(text):
    got = kinds(text)
    assert "Relation" in got and "Schema" in got
    assert "Column" not in got and "Keyword" not in got


def test_join_adds_fk_join_clauses_for_the_tables_already_there():
    ctx = analyze("SELECT * FROM orders o JOIN ", None, PG)
    join = next(s for s in ctx.suggestions if isinstance(s, cx.Join))
    assert [t.ref for t in join.tables] == ["o"]


def test_on_suggests_join_conditions_then_aliases():
    assert kinds("SELECT * FROM a x JOIN b y ON ") == ["JoinCondition", "Alias"]


@pytest.mark.parametrize("marked", [
    "SELECT | FROM t", "SELECT a, | FROM t", "SELECT * FROM t WHERE |", "SELECT * FROM t WHERE a = 1 AND |",
    "SELECT * FROM t GROUP BY |", "SELECT * FROM t ORDER BY a, |", "SELECT a FROM t GROUP BY a HAVING |",
    "SELECT max(|) FROM t", "SELECT * FROM t WHERE a > |",
])
def test_expression_positions_suggest_scoped_columns_functions_keywords(marked):
    text, cur = cursor_at(marked)
    ctx = analyze(text, cur, PG)
    assert [type(s).__name__ for s in ctx.suggestions] == ["Column", "Function", "Keyword"]
    column = ctx.suggestions[0]
    assert [t.name for t in column.tables] == ["t"]


def test_select_list_sees_tables_written_after_the_cursor():
    text, cur = cursor_at("SELECT | FROM orders_1 o JOIN customers_2 c ON o.cid = c.id")
    column = analyze(text, cur, PG).suggestions[0]
    assert [(t.name, t.alias) for t in column.tables] == [("orders_1", "o"), ("customers_2", "c")]


def test_alias_dot_gives_that_tables_columns():
    text, cur = cursor_at("SELECT o.| FROM orders o")
    ctx = analyze(text, cur, PG)
    assert ctx.parent == "o"
    assert isinstance(ctx.suggestions[0], cx.Column) and ctx.suggestions[0].parent == "o"


def test_schema_dot_in_from_gives_that_schemas_objects():
    ctx = analyze("SELECT * FROM sales.", None, PG)
    assert ctx.suggestions == (cx.Relation("sales"),)


def test_using_paren_wants_common_columns():
    ctx = analyze("SELECT * FROM a JOIN b USING (", None, PG)
    assert ctx.suggestions[0].require_common
    assert [t.name for t in ctx.suggestions[0].tables] == ["a", "b"]


@pytest.mark.parametrize("text", ["SELECT x::", "SELECT CAST(x AS ", "ALTER TABLE t ALTER COLUMN c TYPE ",
                                  "CREATE TABLE t (id "])
def test_type_positions_suggest_datatypes(text):
    assert kinds(text) == ["Datatype"]


def test_enum_value_inside_string_after_comparison():
    ctx = analyze("SELECT * FROM t WHERE status = 'ac", None, PG)
    assert isinstance(ctx.suggestions[0], cx.EnumValue)
    assert ctx.suggestions[0].column == "status"
    assert ctx.word == "ac" and ctx.replace == 3  # the opening quote is replaced too


def test_enum_value_in_an_in_list():
    ctx = analyze("SELECT * FROM t WHERE t.status IN ('a', '", None, PG)
    assert ctx.suggestions[0].column == "status" and ctx.suggestions[0].parent == "t"


@pytest.mark.parametrize("text", ["SELECT 'FROM ", "SELECT * FROM t -- WHERE ", "SELECT /* FROM ",
                                  "SELECT * FROM t WHERE name LIKE 'ab"])
def test_nothing_inside_strings_and_comments(text):
    assert analyze(text, None, PG).suggestions == ()


def test_after_a_closed_comment_completion_resumes():
    assert "Relation" in kinds("SELECT * /* c */ FROM ")


@pytest.mark.parametrize("text,dialect", [("\\c ", PG), ("USE ", MY), ("DROP DATABASE ", MY)])
def test_database_positions(text, dialect):
    assert kinds(text, dialect=dialect) == ["Database"]


def test_keywords_are_narrowed_by_the_previous_keyword():
    assert analyze("CREATE ", None, PG).suggestions == (cx.Keyword("CREATE"),)
    assert analyze("SELECT * FROM t ORDER ", None, PG).suggestions == (cx.Keyword("ORDER"),)


def test_after_a_table_name_keywords_follow():
    assert kinds("SELECT * FROM t ") == ["Keyword"]


def test_statement_start_offers_keywords_and_special_commands():
    assert kinds("") == ["Keyword", "Special"]
    assert analyze("", None, PG).suggestions[0] == cx.Keyword("")  # the words a statement starts with


def test_only_the_statement_under_the_cursor_counts():
    text, cur = cursor_at("SELECT * FROM a WHERE |; SELECT * FROM b")
    assert [t.name for t in analyze(text, cur, PG).suggestions[0].tables] == ["a"]
    text, cur = cursor_at("SELECT * FROM a; SELECT * FROM b WHERE |")
    assert [t.name for t in analyze(text, cur, PG).suggestions[0].tables] == ["b"]


def test_cte_is_a_local_table_with_its_columns():
    text, cur = cursor_at("WITH recent AS (SELECT id, total AS amount FROM orders) SELECT r.| FROM recent r")
    table = analyze(text, cur, PG).suggestions[0].tables[0]
    assert table.kind == "cte" and table.columns == ("id", "amount")


def test_cte_names_are_offered_in_from():
    rel = next(s for s in analyze("WITH w AS (SELECT 1 AS x) SELECT * FROM ", None, PG).suggestions
               if isinstance(s, cx.Relation))
    assert rel.local == ("w",)


def test_subquery_in_from_brings_its_select_list():
    text, cur = cursor_at("SELECT s.| FROM (SELECT a, b AS bee, count(*) AS n FROM t) s")
    table = analyze(text, cur, PG).suggestions[0].tables[0]
    assert table.kind == "subquery" and table.columns == ("a", "bee", "n")


def test_inside_a_subquery_only_its_tables_are_in_scope():
    text, cur = cursor_at("SELECT * FROM a WHERE id IN (SELECT | FROM b)")
    assert [t.name for t in analyze(text, cur, PG).suggestions[0].tables] == ["b"]


def test_set_returning_function_in_from_is_a_table():
    ctx = analyze("SELECT * FROM generate_series(1, 3) g WHERE ", None, PG)
    table = ctx.suggestions[0].tables[0]
    assert (table.kind, table.name, table.alias) == ("function", "generate_series", "g")


def test_star_can_be_expanded():
    text, cur = cursor_at("SELECT *| FROM t")
    ctx = analyze(text, cur, PG)
    assert isinstance(ctx.suggestions[0], cx.ColumnStar) and ctx.replace == 1


def test_insert_column_list_and_update_set():
    assert analyze("INSERT INTO t (", None, PG).suggestions[0].insert
    assert kinds("UPDATE t SET ") == ["Column"]
    assert kinds("UPDATE t SET a = 1, ") == ["Column"]


def test_special_commands_and_their_arguments():
    assert kinds("\\d") == ["Special"]
    assert kinds("\\c ") == ["Database"]
    assert kinds("\\dt ") == ["Schema", "Relation"]
    assert kinds("\\T ") == ["TableFormat"]
    ctx = analyze("\\i ./some/pa", None, PG)
    assert kinds("\\i ./some/pa") == ["File"] and ctx.word == "./some/pa"


def test_modifier_and_option_letters_after_a_command_keep_its_argument_kinds():
    assert kinds("\\dt+ ") == kinds("\\dtS ") == kinds("\\dtS+ ") == kinds("\\dt ")
    assert kinds("\\dfnt+ ") == kinds("\\dfS ") == kinds("\\df ") == ["Function"]


def test_registry_argument_kinds_are_used_when_given():
    ctx = analyze("\\foo ", None, PG, special_args={"\\foo": "schema"})
    assert ctx.suggestions == (cx.Schema(),)


def test_quoted_identifier_being_typed():
    ctx = analyze('SELECT * FROM "Mixed Ca', None, PG)
    assert ctx.quoted and ctx.word == "Mixed Ca" and ctx.replace == len('"Mixed Ca')


def test_mysql_backticks_and_sqlite_dot_commands():
    ctx = analyze("SELECT * FROM `sel", None, MY)
    assert ctx.quoted and ctx.word == "sel"
    assert kinds(".ta", dialect=LITE) == ["Special"]


def test_dollar_quoted_function_body_is_completed_as_sql():
    text = "CREATE FUNCTION f() RETURNS int AS $$ SELECT * FROM "
    assert "Relation" in kinds(text)
    assert kinds("SELECT $$ FROM ") == []


def test_drop_function_wants_signatures():
    assert analyze("DROP FUNCTION ", None, PG).suggestions == (cx.Function(None, signature=True),)


def test_alter_table_positions():
    ctx = analyze("ALTER TABLE orders DROP COLUMN ", None, PG)
    assert isinstance(ctx.suggestions[0], cx.Column) and [t.name for t in ctx.suggestions[0].tables] == ["orders"]
    assert kinds("ALTER TABLE orders ADD COLUMN note ") == ["Datatype"]
    assert kinds("ALTER TABLE orders ADD note ") == ["Datatype"]


def test_create_index_column_list():
    ctx = analyze("CREATE INDEX ix ON orders (", None, PG)
    assert [t.name for t in ctx.suggestions[0].tables] == ["orders"]


def test_correlated_subquery_can_name_the_outer_tables():
    text, cur = cursor_at("SELECT * FROM orders o WHERE EXISTS (SELECT 1 FROM items i WHERE i.oid = o.|)")
    column = analyze(text, cur, PG).suggestions[0]
    assert [t.ref for t in column.tables] == ["i", "o"] and column.parent == "o"


def test_call_wants_functions():
    assert analyze("CALL ", None, MY).suggestions == (cx.Function(),)
