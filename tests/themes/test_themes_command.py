"""`shellkit themes` and `shellkit themes show NAME`, run in-process with click's runner."""

from __future__ import annotations

from click.testing import CliRunner

from themes import load_theme
from themes.cli import themes_command


def test_themes_lists_one_theme_per_line_name_first_and_marks_the_one_in_use(config_file):
    config_file('[main]\ntheme = "light"\n')
    result = CliRunner().invoke(themes_command, [])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    names = [line.split()[0] for line in lines]
    assert names[:6] == ["default", "dark", "light", "solarized-dark", "solarized-light", "high-contrast"]
    assert "monokai" in names and "pygments:default" in names
    assert [line for line in lines if line.endswith("(in use)")] == [lines[2]]
    for name in names:  # every listed name loads
        assert load_theme(name).name == name


def test_show_previews_each_part_in_plain_text_when_not_a_terminal():
    result = CliRunner().invoke(themes_command, ["show", "solarized-dark"])
    assert result.exit_code == 0
    out = result.output
    assert "\x1b" not in out
    for part in ("SQL", "SELECT c.name", "Python", "class Order", "completion menu", "customers", "table",
                 "[F3] Multi-line", "Result", "<null>", "(2 rows)", 'ERROR:  column "totl"', "^"):
        assert part in out, part
    assert ">customers" in out  # the selected menu row, marked because there is no reverse video


def test_show_of_an_unknown_theme_fails_with_one_line():
    result = CliRunner().invoke(themes_command, ["show", "nope"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == ['Error: unknown theme "nope"; `shellkit themes` lists them']


def test_show_of_a_user_theme_prints_its_warnings_and_contrast_problems(user_theme):
    user_theme("dim", 'base = "dark"\nheader = "bold #333333"\nnull = "#zzz"\n')
    result = CliRunner().invoke(themes_command, ["show", "dim"])
    assert result.exit_code == 0
    assert 'null = \'#zzz\': bad colour' in result.output
    assert "header: #333333 on #1c1c1c" in result.output
