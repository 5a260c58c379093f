"""The engine's own costs: importing it, building a session, loading a long history.

    python bench/run.py engine
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

TITLE = "Engine: import, session build, history load"

IMPORT_PROBE = (
    "import time; t = time.perf_counter(); import {module}; "
    "print((time.perf_counter() - t) * 1000)"
)


def _import_ms(module: str, runs: int = 15) -> float:
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", IMPORT_PROBE.format(module=module)],
                             capture_output=True, text=True, check=True).stdout
        samples.append(float(out))
    return min(samples)  # the machine is shared: the fastest run is the least disturbed


def _build_ms(runs: int = 30) -> float:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from shellkit.config import load_config
    from shellkit.session import create_session

    samples = []
    with create_pipe_input() as pipe:
        for _ in range(runs):
            t = time.perf_counter()
            create_session(app="sql", history_key="bench", message="db> ", config=load_config(),
                           input=pipe, output=DummyOutput())
            samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def _history_load_ms(entries: int) -> tuple[float, int]:
    from shellkit.history import SharedFileHistory

    path = os.path.join(tempfile.mkdtemp(), "h")
    writer = SharedFileHistory(path)
    for i in range(entries):
        writer.store_string(f"select *\nfrom orders o join customers c using (customer_id)\nwhere o.id = {i};")
    t = time.perf_counter()
    loaded = list(SharedFileHistory(path, max_entries=10000).load_history_strings())
    return (time.perf_counter() - t) * 1000, len(loaded)


def _trim_ms(limit: int = 10_000) -> float:
    """One append that finds the file over twice ``limit`` entries and trims it."""
    from shellkit.history import SharedFileHistory, format_entry

    path = os.path.join(tempfile.mkdtemp(), "h")
    with open(path, "w") as f:
        f.writelines(format_entry(f"select {i};") for i in range(2 * limit))
    history = SharedFileHistory(path, max_entries=limit)
    list(history.load_history_strings())  # counts the entries, as a shell's start does
    t = time.perf_counter()
    history.store_string("select 'over the limit';")
    return (time.perf_counter() - t) * 1000


MENU_SCRIPT = """
import sys
from prompt_toolkit.completion import Completer, Completion
import shellkit.session as engine

class Many(Completer):
    def get_completions(self, document, complete_event):
        for i in range(5000):
            yield Completion(document.text + str(i), -len(document.text))

session = engine.create_session(app="sql", history_key=None, message="db> ", completer=Many())
if sys.argv[1] == "stock":
    session.complete_in_thread = True  # prompt_toolkit's ThreadedCompleter hand-over
for _ in range(3):
    print("got", repr(session.prompt()), flush=True)
"""


def _abandoned_menu_s(mode: str) -> float | None:
    """Seconds from Enter to the result, three times, each typed while a 5,000-item menu was
    being filled (the menu abandoned by typing on)."""
    try:
        import pexpect
    except ImportError:
        return None
    child = pexpect.spawn(sys.executable, ["-c", MENU_SCRIPT, mode], encoding="utf-8", timeout=30)
    child.delaybeforesend = None
    total = 0.0
    for i in range(3):
        child.expect("db>")
        child.send("ab")
        child.expect_exact("ab")
        t = time.perf_counter()
        child.send(f"c{i}\r")
        child.expect(f"got 'abc{i}'")
        total += time.perf_counter() - t
    child.expect(pexpect.EOF)
    return total


PTY_SCRIPT = """
import sys
import shellkit.session as engine
if sys.argv[1] == "stock":
    engine._tune_terminal_timeouts = lambda session: None
session = engine.create_session(app="sql", history_key=None, message="db> ")
for _ in range(5):
    print("got", repr(session.prompt()), flush=True)
"""


def _pty_prompts_s(mode: str) -> float | None:
    """Seconds for five typed-and-submitted lines in a pty that never answers cursor queries."""
    try:
        import pexpect
    except ImportError:
        return None
    child = pexpect.spawn(sys.executable, ["-c", PTY_SCRIPT, mode], encoding="utf-8", timeout=30)
    child.expect("db>")
    t = time.perf_counter()
    for i in range(5):
        child.send(f"select {i}\r")
        child.expect(f"got 'select {i}'")
    child.expect(pexpect.EOF)
    return time.perf_counter() - t


def run() -> str:
    old_home = {k: os.environ.get(k) for k in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME")}
    home = tempfile.mkdtemp()
    os.environ.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, "c"), XDG_DATA_HOME=os.path.join(home, "d"))
    try:
        rows = [
            ("import prompt_toolkit (for reference)", f"{_import_ms('prompt_toolkit'):.1f} ms"),
            ("import shellkit.session", f"{_import_ms('shellkit.session'):.1f} ms"),
            ("load_config() + create_session()", f"{_build_ms():.1f} ms"),
        ]
        for n in (10_000, 50_000):
            ms, kept = _history_load_ms(n)
            trims = " and trims the file to them" if n > 2 * kept else ""
            rows.append((f"load a {n:,}-entry history file (keeps {kept:,}{trims}; runs in a thread)",
                         f"{ms:.1f} ms"))
        rows.append(("an append that trims a 20,000-entry file to 10,000 (rare: at twice the limit)",
                     f"{_trim_ms():.1f} ms"))
        for mode, label in (("stock", "prompt_toolkit's CPR waits"), ("tuned", "the engine's CPR handling")):
            seconds = _pty_prompts_s(mode)
            if seconds is not None:
                rows.append((f"5 lines typed and run in a pty without CPR replies, {label}", f"{seconds:.2f} s"))
        for mode, label in (("stock", "prompt_toolkit's threaded completer"), ("tuned", "the engine's")):
            seconds = _abandoned_menu_s(mode)
            if seconds is not None:
                rows.append((f"3 Enters typed while a 5,000-item menu fills, {label}", f"{seconds:.2f} s"))
    finally:
        for k, v in old_home.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    lines = ["Imports: fastest of 15 fresh interpreters; session build: median of 30.", "",
             "| What | Time |", "|---|---|"]
    lines += [f"| {what} | {value} |" for what, value in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
