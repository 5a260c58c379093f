"""The Python REPL: start to first prompt, completion latency, keystroke echo while completing.

    python bench/run.py python

Startup is measured in a pseudo-terminal (pexpect) from spawn to the first ``>>> ``;
``python -i`` always, ptpython and bpython when installed. Completion is timed in
process on ``PythonCompleter.complete`` (first call in a fresh process, then warm).
Keystroke echo is measured in a pty while the namespace holds an object whose property
sleeps 3 s and an object with 5,000 attributes: each typed key is timed until it is
echoed back.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time

from console import console_script

TITLE = "Python REPL (`shellkit py`)"
RUNS = 7
SLOW_STARTUP = textwrap.dedent("""\
    import time
    class Device:
        @property
        def position(self):
            time.sleep(3)
            return 1
        def home(self):
            pass
    class Big:
        pass
    dev = Device()
    big = Big()
    for i in range(5000):
        setattr(big, f"attr_{i}", i)
""")


def _env(extra: dict | None = None) -> dict:
    home = tempfile.mkdtemp(prefix="bench-py-home-")
    env = {**os.environ, "TERM": "xterm-256color", "HOME": home, "XDG_CONFIG_HOME": f"{home}/.config",
           "XDG_DATA_HOME": f"{home}/.local/share", "XDG_CACHE_HOME": f"{home}/.cache", "PYTHONSTARTUP": ""}
    env.update(extra or {})
    return env


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time a live process has used so far (Linux /proc)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _time_to_prompt(argv: list[str], prompt: str) -> tuple[float, float]:
    """Wall time to the first prompt, and the CPU time the process used until then (the CPU
    figure hardly moves with the load of a shared machine)."""
    import pexpect

    start = time.perf_counter()
    child = pexpect.spawn(argv[0], argv[1:], env=_env(), encoding="utf-8", dimensions=(30, 110), timeout=30)
    child.expect_exact(prompt)
    elapsed = time.perf_counter() - start
    cpu = _cpu_seconds(child.pid)
    child.close(force=True)
    return elapsed, cpu


def _startup_rows() -> list[str]:
    candidates = [
        ("`shellkit py`", [console_script("shellkit") or "shellkit", "py"], ">>> "),
        ("`python -m shellkit`", [sys.executable, "-m", "shellkit"], ">>> "),
        ("`python -i` (baseline)", [sys.executable, "-i", "-q"], ">>> "),
    ]
    for name in ("ptpython", "bpython"):
        path = shutil.which(name)
        if path:
            candidates.append((name, [path], ">>> "))
    rows = []
    for label, argv, prompt in candidates:
        runs = [_time_to_prompt(argv, prompt) for _ in range(RUNS)]
        wall = sorted(w for w, _ in runs)
        cpu = sorted(c for _, c in runs)
        rows.append(f"| {label} | {wall[0] * 1000:.0f} | {statistics.median(wall) * 1000:.0f} | "
                    f"{statistics.median(cpu) * 1000:.0f} |")
    missing = [n for n in ("ptpython", "bpython") if not shutil.which(n)]
    if missing:
        rows.append(f"| {', '.join(missing)} | not installed | | |")
    return rows


_COMPLETION_PROBE = textwrap.dedent("""\
    import json, sys, time
    setup, text = sys.argv[1], sys.argv[2]
    namespace = {"__name__": "__main__"}
    exec(setup, namespace)
    from shellkit.python.completer import PythonCompleter
    completer = PythonCompleter(lambda: (namespace, namespace))
    t = time.perf_counter(); found = completer.complete(text); first = time.perf_counter() - t
    warm = []
    for _ in range(30):
        t = time.perf_counter(); completer.complete(text); warm.append(time.perf_counter() - t)
    warm.sort()
    print(json.dumps({"first": first, "warm": warm[len(warm) // 2], "count": len(found)}))
""")


def _completion_rows() -> list[str]:
    import json

    cases = [("`os.pa`", "import os", "os.pa"),
             ("`big.` (5,000 attributes)", SLOW_STARTUP, "big."),
             ("`dev.` (property sleeping 3 s)", SLOW_STARTUP, "dev."),
             ("`json.dumps(ind` (keyword args)", "import json", "json.dumps(ind")]
    try:
        import numpy  # noqa: F401

        cases.insert(1, ("`np.` (numpy)", "import numpy as np", "np."))
    except ImportError:
        pass
    rows = []
    for label, setup, text in cases:
        out = subprocess.run([sys.executable, "-c", _COMPLETION_PROBE, setup, text], capture_output=True,
                             text=True, timeout=120, env=_env())
        data = json.loads(out.stdout)
        rows.append(f"| {label} | {data['count']} | {data['first'] * 1000:.1f} | {data['warm'] * 1000:.2f} |")
    return rows


# Letters that appear in no completion menu, so the echo of each is unambiguous on the screen;
# never the same letter twice, or the screen diff would have nothing to redraw.
_MARKERS = iter(chr(c) for c in range(0x100, 0x180))


def _echo_rows() -> list[str]:
    import pexpect

    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(SLOW_STARTUP)
        startup = f.name
    child = pexpect.spawn(sys.executable, ["-m", "shellkit"], env=_env({"PYTHONSTARTUP": startup}),
                          encoding="utf-8", dimensions=(30, 110), timeout=30)
    child.delaybeforesend = None  # pexpect's default 50 ms pause before each send would be measured
    child.expect_exact(">>> ")
    rows = []
    for label, prefix in (("after `dev.position.` (3 s property on the path)", "dev.position."),
                          ("after `big.` (5,000 attributes)", "big."),
                          ("after `big.attr_` (5,000 attributes)", "big.attr_")):
        delays = []
        for _ in range(3):
            child.send(prefix)  # starts a completion in the background
            for ch in [next(_MARKERS) for _ in range(6)]:
                start = time.perf_counter()
                child.send(ch)
                child.expect_exact(ch)
                delays.append(time.perf_counter() - start)
            child.send("\x01\x0b")  # Ctrl-A Ctrl-K: clear the line for the next round
        delays.sort()
        rows.append(f"| typing {label} | {len(delays)} | {statistics.median(delays) * 1000:.1f} | "
                    f"{delays[-1] * 1000:.1f} |")
    child.close(force=True)
    os.unlink(startup)
    return rows


def _menu_rows() -> list[str]:
    """Time from typing the text to its menu on the screen (pty)."""
    import pexpect

    cases = [("`os.pa`", "import os", "os.pa", "pathconf_names")]
    try:
        import numpy  # noqa: F401

        cases.append(("`np.`", "import numpy as np", "np.", "absolute"))
    except ImportError:
        pass
    rows = []
    for label, setup, typed, menu_item in cases:
        times = []
        for _ in range(5):
            child = pexpect.spawn(sys.executable, ["-m", "shellkit"], env=_env(), encoding="utf-8",
                                  dimensions=(30, 110), timeout=30)
            child.delaybeforesend = None
            child.expect_exact(">>> ")
            # the accepted line is redrawn with its ">>> " too: wait for output printed after it
            child.send(setup + "; print('rea' + 'dy')\r")
            child.expect_exact("ready")
            child.expect_exact(">>> ")
            start = time.perf_counter()
            child.send(typed)  # the whole text at once: the menu cannot be on the screen before
            child.expect_exact(menu_item)
            times.append(time.perf_counter() - start)
            child.close(force=True)
        times.sort()
        rows.append(f"| {label} | {times[0] * 1000:.0f} | {statistics.median(times) * 1000:.0f} |")
    return rows


def run() -> str:
    """Measure and return the markdown section."""
    parts = [
        "Start to first prompt, in a pseudo-terminal (ms, best and median of "
        f"{RUNS} runs; the machine is shared, so compare rows of the same run). CPU is the median "
        "CPU time the process used until its first prompt, which the load changes little:",
        "",
        "| Program | best | median | CPU |",
        "|---|---|---|---|",
        *_startup_rows(),
        "",
        "Completion, in process, `PythonCompleter.complete` (ms; first call in a fresh process, "
        "then the median of 30 warm calls):",
        "",
        "| Text | completions | first | warm |",
        "|---|---|---|---|",
        *_completion_rows(),
        "",
        "From typing the text (sent at once) to its menu on the screen, complete-while-typing "
        "(ms, best and median of 5 fresh sessions; includes the terminal round trip):",
        "",
        "| Text | best | median |",
        "|---|---|---|",
        *_menu_rows(),
        "",
        "Keystroke echo while completion runs in the background (ms from sending a key to "
        "seeing it on the screen, complete-while-typing on):",
        "",
        "| Case | keys | median | worst |",
        "|---|---|---|---|",
        *_echo_rows(),
        "",
        "No property was run: completion reads attributes with `inspect.getattr_static` and class "
        "`__dict__`s (see tests/shellkit/python/test_completer.py).",
    ]
    return "\n".join(parts)


if __name__ == "__main__":
    print(run())
