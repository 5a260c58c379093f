"""Named queries saved in the config file: \\ns, \\n, \\np, \\nd."""

from __future__ import annotations

import pytest

from pgcli_like.special.base import CommandError
from pgcli_like.special.named_queries import load_named_queries, substitute
from pgcli_like.special.registry import run_special


def test_substitutes_positional_and_aggregate_arguments():
    assert substitute("select $1, $2, $1", ["a", "b"]) == "select a, b, a"
    assert substitute("in ($@) / $*", ["x", "it's"]) == "in ('x', 'it''s') / x, it's"
    with pytest.raises(CommandError, match="needs 2 argument"):
        substitute("select $2", ["a"])


def test_save_run_list_and_delete(sqlite_ctx):
    run_special(sqlite_ctx, "\\ns plus select $1 + $2 as total")
    assert load_named_queries() == {"plus": "select $1 + $2 as total"}
    run_special(sqlite_ctx, "\\n plus 2 3")
    assert sqlite_ctx.shown[-1].rows == [(5,)]
    run_special(sqlite_ctx, "\\n")
    assert sqlite_ctx.shown[-1].rows == [("plus", "select $1 + $2 as total")]
    run_special(sqlite_ctx, "\\np pl*")
    assert sqlite_ctx.shown[-1].rows == [("plus", "select $1 + $2 as total")]
    run_special(sqlite_ctx, "\\nd plus")
    assert load_named_queries() == {}


def test_saved_queries_survive_in_the_config_file(sqlite_ctx):
    from shellkit.config import load_config

    run_special(sqlite_ctx, "\\ns top select 1")
    assert load_config().section("named_queries")["top"] == "select 1"


def test_unknown_named_query_and_bad_names(sqlite_ctx):
    with pytest.raises(CommandError, match="no named query 'nope'"):
        run_special(sqlite_ctx, "\\n nope")
    with pytest.raises(CommandError, match="usage"):
        run_special(sqlite_ctx, "\\ns lonely")
    with pytest.raises(CommandError, match="invalid name"):
        run_special(sqlite_ctx, "\\ns bad/name select 1")
    with pytest.raises(CommandError, match="no named query"):
        run_special(sqlite_ctx, "\\nd nope")
