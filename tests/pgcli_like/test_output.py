"""ResultPrinter: screen, pager, \\o files, \\g files and pipes, and early stops that cancel the fetch."""

from __future__ import annotations

import io
import stat

import pytest

from pgcli_like.drivers.base import ColumnInfo, StaticResult
from pgcli_like.output import OutputError, ResultPrinter
from pgcli_like.settings import OutputSettings


class Terminal(io.StringIO):
    """A stand-in terminal: keeps what is written and reports being a tty."""

    def isatty(self) -> bool:
        return True


class Endless:
    """A result that would go on for ever; records how far it was read and whether it was closed."""

    table_name = None
    status = ""

    def __init__(self) -> None:
        self.columns = [ColumnInfo("n", "int8", "number"), ColumnInfo("pad", "text", "text")]
        self.produced = 0
        self.closed = False

    def batches(self, size: int = 1000):
        while not self.closed:
            yield [(self.produced + i, "x" * 50) for i in range(size)]
            self.produced += size

    def close(self) -> None:
        self.closed = True


def small(rows=3) -> StaticResult:
    return StaticResult([ColumnInfo("id", "int4", "number"), ColumnInfo("name", "text", "text")],
                        [(i, f"name {i}") for i in range(rows)])


def pager_script(tmp_path, body: str) -> str:
    path = tmp_path / "pager.sh"
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_prints_the_table_to_stdout_and_returns_the_row_count(capsys):
    assert ResultPrinter().print_result(small(), OutputSettings()) == 3
    out = capsys.readouterr().out
    assert out.startswith(" id |  name  \n----+--------\n  0 | name 0\n")
    assert out.endswith("(3 rows)\n\n")


def test_no_escape_codes_when_stdout_is_not_a_terminal(capsys):
    res = StaticResult([ColumnInfo("t", "text", "text")], [(None,)])
    ResultPrinter().print_result(res, OutputSettings(color=True))
    assert "\x1b" not in capsys.readouterr().out


def test_null_is_styled_on_a_terminal():
    term = Terminal()
    res = StaticResult([ColumnInfo("t", "text", "text")], [(None,)])
    ResultPrinter(stdout=term).print_result(res, OutputSettings(color=True, pager_enabled=False))
    assert "\x1b[" in term.getvalue()


def test_o_file_receives_results_until_switched_back(tmp_path, capsys):
    printer = ResultPrinter()
    target = tmp_path / "out.txt"
    printer.set_output_file(str(target))
    printer.print_result(small(1), OutputSettings(color=True))
    printer.echo("a note")
    printer.set_output_file(None)
    printer.print_result(small(2), OutputSettings())
    assert target.read_text() == " id |  name  \n----+--------\n  0 | name 0\n(1 row)\n\na note\n"
    assert "(2 rows)" in capsys.readouterr().out


def test_o_to_an_unwritable_path_raises_and_keeps_the_current_output(tmp_path):
    printer = ResultPrinter()
    printer.set_output_file(str(tmp_path / "ok.txt"))
    with pytest.raises(OSError):
        printer.set_output_file(str(tmp_path / "missing-dir" / "x.txt"))
    assert printer.output_path == str(tmp_path / "ok.txt")


def test_g_file_sends_one_result_there(tmp_path, capsys):
    printer = ResultPrinter()
    target = tmp_path / "one.csv"
    printer.print_result(small(2), OutputSettings(format="csv"), dest=str(target))
    assert target.read_text() == "id,name\n0,name 0\n1,name 1\n"
    printer.print_result(small(1), OutputSettings())
    assert "(1 row)" in capsys.readouterr().out


def test_g_file_that_cannot_be_opened_is_a_one_line_error(tmp_path):
    res = small()
    with pytest.raises(OutputError, match="could not open .*missing"):
        ResultPrinter().print_result(res, OutputSettings(), dest=str(tmp_path / "missing" / "f"))


def test_g_pipe_runs_the_command_with_the_result_on_its_stdin(tmp_path):
    target = tmp_path / "piped.txt"
    ResultPrinter().print_result(small(5), OutputSettings(format="csv"), dest=f"|wc -l > '{target}'")
    assert target.read_text().strip() == "6"


def test_g_pipe_to_head_stops_the_fetch_and_closes_the_result(tmp_path):
    target = tmp_path / "head.txt"
    res = Endless()
    ResultPrinter().print_result(res, OutputSettings(), dest=f"|head -1 > '{target}'")
    assert res.closed
    header = target.read_text()
    assert header.startswith("  n  |") and header.strip().endswith("pad") and header.count("\n") == 1


def test_quitting_the_pager_early_closes_the_result(tmp_path):
    res = Endless()
    settings = OutputSettings(pager=pager_script(tmp_path, "head -c 100 > /dev/null"))
    ResultPrinter(stdout=Terminal()).print_result(res, settings)
    assert res.closed and res.produced < 10_000_000


def test_tall_output_is_paged_and_short_output_is_not(tmp_path, monkeypatch):
    monkeypatch.setenv("LINES", "20")
    monkeypatch.setenv("COLUMNS", "80")
    saved = tmp_path / "paged.txt"
    settings = OutputSettings(pager=pager_script(tmp_path, f"cat > '{saved}'"))
    term = Terminal()
    ResultPrinter(stdout=term).print_result(small(3), settings)
    assert not saved.exists() and "(3 rows)" in term.getvalue()
    ResultPrinter(stdout=term).print_result(small(100), settings)
    assert "(100 rows)" in saved.read_text()


def paged_and_shown(tmp_path, rows: int, **settings) -> tuple[str | None, str]:
    """Print ``rows`` rows to a stand-in terminal with a pager that saves its input:
    (what the pager got, or None if it never ran; what the terminal got)."""
    saved = tmp_path / "paged.txt"
    term = Terminal()
    printer = ResultPrinter(stdout=term)
    printer.print_result(small(rows), OutputSettings(pager=pager_script(tmp_path, f"cat > '{saved}'"), **settings))
    return (saved.read_text() if saved.exists() else None), term.getvalue()


def test_pager_off_prints_directly(tmp_path, monkeypatch):
    monkeypatch.setenv("LINES", "20")
    paged, shown = paged_and_shown(tmp_path, 100, pager_enabled=False)
    assert paged is None and "(100 rows)" in shown


def test_a_broken_pager_warns_once_and_output_still_appears(monkeypatch):
    monkeypatch.setenv("LINES", "20")
    warnings: list[str] = []
    term = Terminal()
    printer = ResultPrinter(stdout=term, warn=warnings.append)
    settings = OutputSettings(pager="/nonexistent/pager")
    printer.print_result(small(100), settings)
    printer.print_result(small(100), settings)
    assert len(warnings) == 1 and "/nonexistent/pager" in warnings[0]
    assert term.getvalue().count("(100 rows)") == 2


def test_row_limit_notice_goes_to_stderr_for_data_formats(capsys):
    res = Endless()
    ResultPrinter().print_result(res, OutputSettings(format="csv", row_limit=2))
    captured = capsys.readouterr()
    assert captured.out == "n,pad\n0," + "x" * 50 + "\n1," + "x" * 50 + "\n"
    assert "more rows exist" in captured.err
    assert res.closed


def test_undecodable_text_is_replaced_not_fatal(tmp_path):
    target = tmp_path / "out.txt"
    res = StaticResult([ColumnInfo("t", "text", "text")], [("caf\udce9",)])  # surrogate-escaped byte
    ResultPrinter().print_result(res, OutputSettings(format="csv"), dest=str(target))
    assert target.read_text() == "t\ncaf?\n"


def test_results_without_columns_print_nothing(capsys):
    assert ResultPrinter().print_result(StaticResult([], [], status_text="INSERT 0 1"), OutputSettings()) == 0
    assert capsys.readouterr().out == ""


def test_pager_always_pages_even_a_result_that_fits(tmp_path, monkeypatch):
    monkeypatch.setenv("LINES", "40")
    paged, shown = paged_and_shown(tmp_path, 1, pager_always=True)
    assert paged is not None and "(1 row)" in paged and shown == ""


def test_pager_always_still_never_pages_a_pipe(tmp_path, capsys):
    saved = tmp_path / "paged.txt"
    settings = OutputSettings(pager=pager_script(tmp_path, f"cat > '{saved}'"), pager_always=True)
    ResultPrinter().print_result(small(1), settings)
    assert not saved.exists() and "(1 row)" in capsys.readouterr().out


def test_o_pipe_sends_every_later_result_through_one_run_of_the_command(tmp_path, capsys):
    target = tmp_path / "sorted.txt"
    printer = ResultPrinter()
    printer.set_output_file(f"|sort -r > '{target}'")
    printer.print_result(small(2), OutputSettings(format="csv", tuples_only=True))
    printer.echo("zzz last line typed, first after sort")
    printer.print_result(small(3), OutputSettings(format="csv", tuples_only=True))
    assert not target.exists() or target.read_text() == ""  # sort has not seen the end of its input
    printer.set_output_file(None)  # \o: the command gets end-of-input and is waited for
    assert target.read_text().splitlines() == ["zzz last line typed, first after sort", "2,name 2",
                                               "1,name 1", "1,name 1", "0,name 0", "0,name 0"]
    printer.print_result(small(1), OutputSettings())
    assert "(1 row)" in capsys.readouterr().out


def test_o_pipe_whose_command_stops_reading_is_not_an_error(tmp_path):
    target = tmp_path / "first.txt"
    printer = ResultPrinter()
    printer.set_output_file(f"|head -1 > '{target}'")
    res = Endless()
    printer.print_result(res, OutputSettings(format="csv"))
    assert res.closed
    printer.echo("after the reader left")
    printer.print_result(small(2), OutputSettings())
    printer.close()
    assert target.read_text() == "n,pad\n"


def test_o_pipe_without_a_command_is_refused_and_keeps_the_output(tmp_path):
    printer = ResultPrinter()
    printer.set_output_file(str(tmp_path / "ok.txt"))
    with pytest.raises(OutputError, match="needs a command"):
        printer.set_output_file("|  ")
    assert printer.output_path == str(tmp_path / "ok.txt")
    printer.close()


def test_write_adds_no_newline_and_honours_o(tmp_path):
    target = tmp_path / "out.txt"
    printer = ResultPrinter()
    printer.set_output_file(str(target))
    printer.write("Count: ")
    printer.echo("3")
    printer.close()
    assert target.read_text() == "Count: 3\n"


def test_line_open_tells_the_shell_that_the_screen_line_is_unfinished(capsys):
    printer = ResultPrinter()
    printer.write("Count: ")
    assert printer.line_open
    printer.echo("3")
    assert not printer.line_open
    printer.write("pending")
    printer.print_result(small(1), OutputSettings())
    assert not printer.line_open and capsys.readouterr().out.startswith("Count: 3\npending id")
