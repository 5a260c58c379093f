"""Running input: values, `_`, tracebacks without the REPL's frames, top-level await."""

from __future__ import annotations

import io
import sys

import pytest

from shellkit.python.runner import Runner


@pytest.fixture
def run():
    namespace: dict = {"__name__": "__main__"}
    shown: list = []
    err = io.StringIO()
    runner = Runner(namespace, display=shown.append, stderr=lambda: err)

    def go(text: str):
        runner.run(text)
        return shown, err.getvalue(), namespace

    yield go
    runner.close()


def test_expression_values_are_displayed_and_kept_in_underscore(run):
    shown, err, ns = run("x = 20\nx + 1\nNone")
    assert shown == [21]
    run("y = _ * 2")
    assert ns["y"] == 42
    assert err == ""


def test_a_programs_own_underscore_is_left_alone(run):
    shown, _, ns = run("_ = 'gettext'\n1 + 1\n_")
    assert shown == [2, "gettext"]


def test_traceback_shows_only_the_users_frames(run):
    _, err, _ = run("def f():\n    return 1 / 0\nf()")
    assert err.startswith("Traceback (most recent call last):\n")
    assert "runner.py" not in err
    assert '<python-input-0>", line 3, in <module>' in err
    assert "return 1 / 0" in err
    assert err.rstrip().endswith("ZeroDivisionError: division by zero")


def test_syntax_error_is_reported_without_a_traceback(run):
    _, err, _ = run("x = = 1")
    assert "Traceback" not in err
    assert "SyntaxError" in err


def test_an_error_stops_the_rest_of_the_input(run):
    shown, _, ns = run("a = 1\nraise ValueError('no')\nb = 2")
    assert ns["a"] == 1 and "b" not in ns


def test_top_level_await_runs_and_shows_its_value(run):
    shown, err, _ = run("import asyncio\nawait asyncio.sleep(0, 'slept')")
    assert shown == ["slept"]
    assert err == ""


def test_tasks_survive_between_inputs(run):
    run("import asyncio\nasync def later():\n    return 7\nt = asyncio.ensure_future(later())")
    shown, err, _ = run("await t")
    assert shown == [7], err


def test_system_exit_propagates(run):
    with pytest.raises(SystemExit):
        run("raise SystemExit(3)")


def test_an_interrupted_await_is_cancelled_not_left_running(run):
    # the coroutine interrupts itself the way Ctrl-C would, then must never reach its last line
    shown, err, ns = run(
        "import asyncio, _thread\n"
        "async def work():\n"
        "    _thread.interrupt_main()\n"
        "    await asyncio.sleep(0.05)\n"
        "    global finished\n"
        "    finished = True\n"
        "await work()"
    )
    assert "KeyboardInterrupt" in err
    run("await asyncio.sleep(0.1)")
    assert "finished" not in ns


def test_a_user_excepthook_prints_the_error(run, monkeypatch):
    seen = []
    monkeypatch.setattr("sys.excepthook", lambda kind, value, tb: seen.append((kind, tb.tb_frame.f_code.co_filename)))
    _, err, _ = run("1 / 0")
    assert seen == [(ZeroDivisionError, "<python-input-0>")]
    assert err == ""


def test_an_error_in_a_results_repr_shows_the_users_frame_not_the_display_hook():
    from shellkit.python.display import ValueDisplay

    err = io.StringIO()
    runner = Runner({"__name__": "__main__"}, display=ValueDisplay(out=io.StringIO, page=False),
                    stderr=lambda: err)
    runner.run("class Bad:\n    def __repr__(self):\n        raise ValueError('no repr')\nBad()")
    text = err.getvalue()
    assert "raise ValueError('no repr')" in text
    assert "runner.py" not in text and "display.py" not in text
    assert text.rstrip().endswith("ValueError: no repr")


def test_the_exceptiongroup_backports_hook_is_not_taken_for_the_users(run, monkeypatch):
    # on Python 3.10, importing the `exceptiongroup` backport (pytest, anyio, trio do) replaces
    # sys.excepthook; that is not a hook the user chose, so tracebacks keep the REPL's format
    called = []

    def exceptiongroup_excepthook(etype, value, tb):
        called.append(etype)

    exceptiongroup_excepthook.__module__ = "exceptiongroup._formatting"
    monkeypatch.setattr(sys, "excepthook", exceptiongroup_excepthook)
    _, err, _ = run("1/0")
    assert called == []
    assert err.startswith("Traceback (most recent call last):") and "ZeroDivisionError" in err
