"""The streamed pager: fits → printed directly; too tall or wide → a real pager process."""

from __future__ import annotations

import io
import itertools
import os
import stat

import pytest

from shellkit.pager import Shown, show_text

SIZE = os.terminal_size((40, 10))


class Terminal(io.StringIO):
    """Stands in for a terminal: text written to it is kept, and it says it is a tty."""

    def isatty(self) -> bool:
        return True


def script(path, body: str) -> str:
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


@pytest.fixture
def recording_pager(tmp_path):
    """A pager that saves what it is given (and its LESS variable) to files."""
    saved = tmp_path / "paged.txt"
    env = tmp_path / "env.txt"
    cmd = script(tmp_path / "pager.sh", f'echo "LESS=$LESS" > "{env}"\ncat > "{saved}"')
    return cmd, saved, env


def lines(n: int, width: int = 5) -> list[str]:
    return [f"{i:0{width}d}\n" for i in range(n)]


def test_text_that_fits_is_written_without_a_pager(recording_pager):
    cmd, saved, _ = recording_pager
    out = Terminal()
    shown = show_text(lines(3), out=out, command=cmd, size=SIZE)
    assert shown == Shown(complete=True, paged=False)
    assert out.getvalue() == "00000\n00001\n00002\n"
    assert not saved.exists()


def test_text_taller_than_the_screen_is_streamed_into_the_pager(recording_pager):
    cmd, saved, _ = recording_pager
    out = Terminal()
    shown = show_text(iter(lines(500)), out=out, command=cmd, size=SIZE)
    assert shown == Shown(complete=True, paged=True)
    assert saved.read_text() == "".join(lines(500))
    assert out.getvalue() == ""


def test_a_line_wider_than_the_screen_goes_to_the_pager(recording_pager):
    cmd, saved, _ = recording_pager
    show_text(["x" * 41 + "\n"], out=Terminal(), command=cmd, size=SIZE)
    assert saved.read_text() == "x" * 41 + "\n"


def test_colour_codes_do_not_count_as_width(recording_pager):
    cmd, saved, _ = recording_pager
    out = Terminal()
    show_text(["\x1b[2m" + "x" * 38 + "\x1b[0m\n"], out=out, command=cmd, size=SIZE)
    assert not saved.exists() and "x" * 38 in out.getvalue()


def test_no_pager_when_output_is_not_a_terminal_or_paging_is_off(recording_pager):
    cmd, saved, _ = recording_pager
    plain = io.StringIO()
    assert show_text(lines(500), out=plain, command=cmd, size=SIZE) == Shown(True, False)
    assert show_text(lines(500), out=Terminal(), command=cmd, size=SIZE, enabled=False) == Shown(True, False)
    assert plain.getvalue().count("\n") == 500
    assert not saved.exists()


def test_less_gets_srxf_when_less_is_unset_and_keeps_the_users_value(recording_pager, monkeypatch):
    cmd, _, env = recording_pager
    monkeypatch.delenv("LESS", raising=False)
    show_text(lines(50), out=Terminal(), command=cmd, size=SIZE)
    assert env.read_text() == "LESS=-SRXF\n"
    monkeypatch.setenv("LESS", "-R")
    show_text(lines(50), out=Terminal(), command=cmd, size=SIZE)
    assert env.read_text() == "LESS=-R\n"


def test_pager_env_variable_is_used_when_no_command_is_configured(recording_pager, monkeypatch):
    cmd, saved, _ = recording_pager
    monkeypatch.setenv("PAGER", cmd)
    show_text(lines(50), out=Terminal(), size=SIZE)
    assert saved.read_text().count("\n") == 50


def test_quitting_the_pager_early_stops_the_producer(tmp_path):
    produced = itertools.count()

    def endless():
        for i in produced:
            yield f"line {i}\n" * 100

    cmd = script(tmp_path / "quitter.sh", "head -c 100 > /dev/null")
    shown = show_text(endless(), out=Terminal(), command=cmd, size=SIZE)
    assert shown == Shown(complete=False, paged=True)
    assert next(produced) < 10_000  # stopped soon after the pager went away


def test_a_pager_that_cannot_start_falls_back_to_plain_output_with_one_warning():
    warnings: list[str] = []
    out = Terminal()
    shown = show_text(lines(50), out=out, command="no-such-pager-xyz -R", size=SIZE, warn=warnings.append)
    assert shown == Shown(complete=True, paged=False)
    assert out.getvalue() == "".join(lines(50))
    assert len(warnings) == 1 and "no-such-pager-xyz" in warnings[0]


def test_shell_syntax_in_the_pager_command_runs_through_the_shell(tmp_path):
    saved = tmp_path / "out.txt"
    show_text(lines(50), out=Terminal(), command=f"cat | cat > '{saved}'", size=SIZE)
    assert saved.read_text().count("\n") == 50


def test_broken_stdout_pipe_ends_cleanly():
    class Closed(io.StringIO):
        def write(self, text):
            raise BrokenPipeError

    assert show_text(lines(5), out=Closed(), size=SIZE) == Shown(complete=False, paged=False)


def test_text_the_terminal_cannot_encode_is_replaced_not_fatal():
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii")
    show_text(["caf\xe9 \udce9\n"], out=out, size=SIZE)
    assert raw.getvalue() == b"caf? ?\n"


def test_an_error_from_the_producer_comes_after_the_text_already_made(recording_pager):
    cmd, saved, _ = recording_pager

    def failing(n):
        yield from lines(n)
        raise RuntimeError("statement failed halfway")

    out = Terminal()
    with pytest.raises(RuntimeError):
        show_text(failing(3), out=out, command=cmd, size=SIZE)
    assert out.getvalue() == "".join(lines(3))
    with pytest.raises(RuntimeError):
        show_text(failing(50), out=Terminal(), command=cmd, size=SIZE)
    assert saved.read_text() == "".join(lines(50))  # the pager got everything before the error


def test_colour_is_stripped_for_a_less_that_would_show_it_as_text(monkeypatch):
    from shellkit.pager import keeps_colour

    monkeypatch.delenv("LESS", raising=False)
    assert keeps_colour("less")  # our default LESS=-SRXF has R
    monkeypatch.setenv("LESS", "-X")
    assert not keeps_colour("less") and keeps_colour("less -R") and keeps_colour("/usr/bin/more")


def test_colour_reaches_a_pager_that_shows_it(recording_pager):
    cmd, saved, _ = recording_pager
    show_text(["\x1b[2mx\x1b[0m\n"] * 50, out=Terminal(), command=cmd, size=SIZE)
    assert "\x1b[2m" in saved.read_text()


def test_a_less_without_raw_control_chars_gets_plain_text(tmp_path, monkeypatch):
    saved = tmp_path / "paged.txt"
    fake_less = script(tmp_path / "less", f'cat > "{saved}"')
    monkeypatch.setenv("LESS", "-X")
    show_text(["\x1b[2mx\x1b[0m\n"] * 50, out=Terminal(), command=fake_less, size=SIZE)
    assert saved.read_text() == "x\n" * 50


def test_always_pages_text_that_fits(recording_pager):
    cmd, saved, _ = recording_pager
    out = Terminal()
    shown = show_text(lines(3), out=out, command=cmd, always=True, size=SIZE)
    assert shown == Shown(complete=True, paged=True)
    assert saved.read_text() == "".join(lines(3)) and out.getvalue() == ""


def test_always_with_paging_disabled_writes_directly(recording_pager):
    cmd, saved, _ = recording_pager
    out = Terminal()
    assert show_text(lines(3), out=out, command=cmd, always=True, enabled=False).paged is False
    assert out.getvalue() == "".join(lines(3)) and not saved.exists()
