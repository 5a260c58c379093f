"""The configuration file: first run, checked values, one warning per problem, write_section."""

from __future__ import annotations

import re

import pytest

from shellkit.config import DEFAULTS_FILE, Config, ConfigError, load_config, load_schema, tomllib
from shellkit.paths import config_dir


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_first_run_writes_every_default_commented_out(capsys):
    config = load_config()
    path = config_dir() / "config.toml"
    assert config.path == path and path.exists()
    text = path.read_text()
    assert "# row_limit = 0" in text and "# editing_mode = \"emacs\"" in text
    assert {k: v for k, v in tomllib.loads(text).items() if v} == {}  # nothing set yet
    assert config.section("sql")["null_string"] == "<null>"
    assert config.section("main")["editing_mode"] == "emacs"
    assert capsys.readouterr().err == ""


def test_uncommenting_a_line_changes_that_setting():
    load_config()
    path = config_dir() / "config.toml"
    path.write_text(path.read_text().replace("# row_limit = 0", "row_limit = 50"))
    assert load_config().section("sql")["row_limit"] == 50


def test_every_default_setting_is_explained_by_a_comment():
    lines = DEFAULTS_FILE.read_text().splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^[A-Za-z0-9_\"-]+\s*=", line):
            assert lines[i - 1].startswith("#"), f"no comment above {line!r} in {DEFAULTS_FILE.name}"


def test_sections_the_shells_use_exist():
    assert {"main", "sql", "python", "debugger", "named_queries"} <= set(load_schema().sections)


def test_unknown_key_gives_one_warning_naming_key_and_file(tmp_path, capsys):
    path = write(tmp_path / "c.toml", "[sql]\nrow_limt = 5\n")
    config = load_config(path)
    config.section("sql")
    config.section("sql")
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "row_limt" in err and str(path) in err and "[sql]" in err
    assert "did you mean row_limit?" in err


def test_wrong_type_warns_with_the_default_used(tmp_path, capsys):
    path = write(tmp_path / "c.toml", '[sql]\nrow_limit = "lots"\ntiming = true\n')
    sql = load_config(path).section("sql")
    err = capsys.readouterr().err
    assert sql["row_limit"] == 0 and sql["timing"] is True
    assert 'row_limit = "lots"' in err and "using the default 0" in err and str(path) in err
    assert "Traceback" not in err


def test_bool_is_not_accepted_for_a_number(tmp_path, capsys):
    path = write(tmp_path / "c.toml", "[sql]\nrow_limit = true\n")
    assert load_config(path).section("sql")["row_limit"] == 0
    assert "is not a whole number" in capsys.readouterr().err


def test_a_negative_number_warns_with_the_default_used(tmp_path, capsys):
    path = write(tmp_path / "c.toml", "[main]\ncompletion_menu_lines = -3\n[debugger]\nrepr_budget = -1.5\n")
    config = load_config(path)
    assert config.section("main")["completion_menu_lines"] == 8
    assert config.section("debugger")["repr_budget"] == 1.0
    err = capsys.readouterr().err
    assert "completion_menu_lines = -3 is negative; using the default 8" in err
    assert "repr_budget = -1.5 is negative; using the default 1.0" in err


def test_value_outside_the_listed_choices_warns(tmp_path, capsys):
    path = write(tmp_path / "c.toml", '[main]\neditying = 1\nediting_mode = "vim"\n')
    main = load_config(path).section("main")
    err = capsys.readouterr().err
    assert main["editing_mode"] == "emacs"
    assert "is not one of emacs, vi" in err and 'using the default "emacs"' in err
    assert "editying" in err


def test_toml_syntax_error_warns_once_with_its_line_and_uses_defaults(tmp_path, capsys):
    path = write(tmp_path / "c.toml", "[main]\nmulti_line = true\nthis is not toml\n")
    config = load_config(path)
    assert config.section("main")["multi_line"] is False
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 3" in err and "using the default settings" in err


def test_unknown_section_and_section_that_is_not_a_table_warn(tmp_path, capsys):
    path = write(tmp_path / "c.toml", "sql = 3\n[colours]\na = 1\n")
    config = load_config(path)
    assert config.section("sql")["row_limit"] == 0
    err = capsys.readouterr().err
    assert "unknown section [colours]" in err and "should be a table [sql]" in err
    path = write(tmp_path / "d.toml", "[sq]\n")
    load_config(path)
    assert "unknown section [sq] (did you mean [sql]?)" in capsys.readouterr().err


def test_any_key_table_takes_text_values_only(tmp_path, capsys):
    path = write(tmp_path / "c.toml", '[named_queries]\ntop = "select 1"\nbad = 3\n')
    assert load_config(path).section("named_queries") == {"top": "select 1"}
    assert "[named_queries] bad = 3 should be text" in capsys.readouterr().err


def test_unreadable_file_warns_and_uses_defaults(tmp_path, capsys):
    path = write(tmp_path / "c.toml", "")
    path.write_bytes(b"[main]\ntheme = \"\xff\"\n")
    assert load_config(path).section("main")["theme"] == "default"
    assert "not UTF-8" in capsys.readouterr().err


def test_write_section_replaces_one_table_and_keeps_the_rest():
    config = load_config()
    path = config.path
    text = path.read_text().replace("# row_limit = 0", "row_limit = 7  # mine")
    path.write_text(text + "\n# my own note at the end\n")
    config = load_config()
    config.write_section("named_queries", {"top": "select *\nfrom t where a = '$1'", "two words": 'say "hi"'})
    config.write_section("named_queries", {"top": "select 2", "other": "select 3"})
    new_text = path.read_text()
    assert "row_limit = 7  # mine" in new_text and "# my own note at the end" in new_text
    assert "# Saved queries" in new_text  # the table's explanation stays
    assert config.section("named_queries") == {"top": "select 2", "other": "select 3"}
    assert load_config().section("named_queries") == {"top": "select 2", "other": "select 3"}
    assert load_config().section("sql")["row_limit"] == 7


def test_write_section_round_trips_awkward_text(tmp_path):
    config = load_config(tmp_path / "c.toml")
    queries = {"q": "a\\b \"c\" \t\n\x01 é", "with space": "x", "with.dot": "y"}
    config.write_section("named_queries", queries)
    assert load_config(tmp_path / "c.toml").section("named_queries") == queries


def test_write_section_adds_a_missing_table(tmp_path):
    path = write(tmp_path / "c.toml", "[main]\ntheme = \"dark\"\n")
    load_config(path).write_section("named_queries", {"a": "select 1"})
    assert tomllib.loads(path.read_text()) == {"main": {"theme": "dark"}, "named_queries": {"a": "select 1"}}


def test_write_section_to_an_unwritable_place_raises_config_error(tmp_path):
    blocker = write(tmp_path / "file", "")
    config = Config(blocker / "c.toml", {})
    with pytest.raises(ConfigError, match="cannot (read|write)"):
        config.write_section("named_queries", {"a": "b"})


def test_write_section_replaces_multi_line_values_whole(tmp_path):
    path = write(tmp_path / "c.toml", '[named_queries]\n# mine\nq = """\nselect 1\n"""\nr = [\n "a",\n]\n# end\n')
    load_config(path).write_section("named_queries", {"q": "select 2"})
    assert path.read_text() == '[named_queries]\n# mine\nq = "select 2"\n# end\n'
