"""Debugger speed: breakpoint() to the first prompt at a terminal, and completion latency.

    python bench/run.py debugger

Time to first prompt: a script prints a monotonic timestamp and calls breakpoint(); the
time is taken when the prompt text arrives on a pseudo-terminal (pexpect), for stdlib pdb
and for ours (and for ipdb / pdb++ when they are installed), median of several runs, with
a fresh HOME so nothing is cached. Ours shows pdb's plain prompt first (typed keys are
kept) and then prompt_toolkit's; the second column is when prompt_toolkit's prompt is up
(it switches bracketed paste on). Completion: the debugger's completer on a stopped frame,
``p obj.`` (an instance with 40 attributes) and ``p big.`` (5,000 attributes), median of
warm calls and the first (cold) call.
"""

from __future__ import annotations

import importlib.util
import io
import os
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

TITLE = "Debugger (breakpoint() to first prompt, completion latency)"
REPO = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_DEBUGGER_RUNS", "7"))

SCRIPT = textwrap.dedent("""
    import time
    x = 1
    print("T0", repr(time.monotonic()), flush=True)
    breakpoint()
""")

HOOKS = [
    ("pdb (stdlib)", "pdb.set_trace", None, "(Pdb) "),
    ("shellkit debugger", "debugger.set_trace", None, "(Pdb) "),
    ("ipdb", "ipdb.set_trace", "ipdb", "ipdb> "),
    ("pdb++", "pdbpp.set_trace", "pdbpp", "(Pdb++) "),
]


FULL_PROMPT_READY = "\x1b[?2004h"


def _first_prompt(hook: str, prompt: str, folder: Path) -> tuple[float, float | None]:
    import pexpect

    env = {**os.environ, "TERM": "xterm-256color", "PYTHONBREAKPOINT": hook, "PYTHONPATH": str(REPO),
           "HOME": str(folder), "XDG_CONFIG_HOME": str(folder / "c"), "XDG_DATA_HOME": str(folder / "d"),
           "XDG_CACHE_HOME": str(folder / "k")}
    child = pexpect.spawn(sys.executable, [str(folder / "bp.py")], env=env, encoding="utf-8",
                          dimensions=(30, 110), timeout=30)
    try:
        child.expect(r"T0 ([0-9.]+)")
        started = float(child.match.group(1))
        child.expect_exact(prompt)
        first = time.monotonic() - started
        if hook != "debugger.set_trace":
            return first, None
        child.expect_exact(FULL_PROMPT_READY)
        return first, time.monotonic() - started
    finally:
        child.sendline("c")
        child.close(force=True)


def _startup_table() -> str:
    rows = ["| Debugger | breakpoint() → first prompt, median (min–max) | → prompt_toolkit prompt up, median |",
            "|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "bp.py").write_text(SCRIPT)
        for name, hook, module, prompt in HOOKS:
            if module and importlib.util.find_spec(module) is None:
                rows.append(f"| {name} | not installed | |")
                continue
            runs = [_first_prompt(hook, prompt, folder) for _ in range(RUNS)]
            first = [a * 1000 for a, _ in runs]
            full = [b * 1000 for _, b in runs if b is not None]
            full_text = f"{statistics.median(full):.0f} ms" if full else "same"
            rows.append(f"| {name} | {statistics.median(first):.0f} ms ({min(first):.0f}–{max(first):.0f}) "
                        f"| {full_text} |")
    return "\n".join(rows)


class _Wide:
    pass


def _stopped_debugger():
    from debugger import Debugger, DebuggerSettings

    obj = _Wide()  # noqa: F841 - completed from the frame
    for i in range(40):
        setattr(obj, f"field_{i}", i)
    big = _Wide()  # noqa: F841
    for i in range(5000):
        setattr(big, f"attr_{i:04d}", i)
    debugger = Debugger(stdin=io.StringIO(), stdout=io.StringIO(), nosigint=True, readrc=False,
                        settings=DebuggerSettings())
    debugger.reset()
    debugger.setup(sys._getframe(), None)
    return debugger


def _completion_table() -> str:
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from debugger.completion import DebuggerCompleter
    from shellkit.python.completer import PythonCompleter

    debugger = _stopped_debugger()
    python = PythonCompleter(lambda: (debugger.curframe.f_globals, debugger.curframe_locals))
    completer = DebuggerCompleter(lambda: debugger, python)
    rows = ["| Typed | Completions | first call | median of 30 |", "|---|---|---|---|"]
    for text in ("p obj.", "p obj.field_3", "p big.", "obj.fi", "b debugger"):
        def run(text: str = text) -> int:
            doc = Document(text, len(text))
            return len(list(completer.get_completions(doc, CompleteEvent(completion_requested=True))))

        start = time.perf_counter()
        count = run()
        cold = time.perf_counter() - start
        warm = []
        for _ in range(30):
            start = time.perf_counter()
            run()
            warm.append(time.perf_counter() - start)
        rows.append(f"| `{text}` | {count} | {cold * 1000:.1f} ms | {statistics.median(warm) * 1000:.2f} ms |")
    return "\n".join(rows)


def run() -> str:
    return "\n".join([
        "Targets: breakpoint() to first prompt ≤ 150 ms; a local's attribute completion ≤ 10 ms.", "",
        _startup_table(), "",
        _completion_table(),
    ])


if __name__ == "__main__":
    print(run())
