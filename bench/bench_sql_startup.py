"""Time from process start to the first prompt, and peak memory, of `shellkit sql` and its peers.

Each program runs in a fresh pseudo-terminal; the clock stops when its prompt appears
(read straight from the pty, no expect library delays). Peak RSS comes from
``wait4()`` on the child. Best of N runs is reported (the machine is shared).

    python bench/run.py sql_startup
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import sys
import tempfile
import time

from console import console_script

TITLE = "SQL shell startup: time to first prompt and peak memory"
RUNS = 7
PG = "postgresql://postgres@127.0.0.1:5432/postgres"
MY = "mysql://root@127.0.0.1:3306/"


TIME = shutil.which("time") or "/usr/bin/time"


def _kill_children(pid: int) -> None:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            children = [int(x) for x in handle.read().split()]
    except OSError:
        children = []
    for child in children:
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass


def measure(argv: list[str], prompt: bytes, env: dict[str, str]) -> tuple[float, float, int]:
    """(seconds until ``prompt`` was printed, CPU seconds, peak RSS in KiB) for one run of ``argv``.

    The program runs under GNU time, whose own fork is small, so the peak RSS is the
    program's and not that of this Python process forking it.
    """
    report = tempfile.NamedTemporaryFile(prefix="shk_rss_", delete=False)
    report.close()
    wrapped = [TIME, "-f", "%M %U %S", "-o", report.name, *argv]
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.execvpe(wrapped[0], wrapped, env)
    seen = b""
    elapsed = float("nan")
    deadline = start + 20
    try:
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            if b"\x1b[6n" in chunk:
                os.write(fd, b"\x1b[1;1R")  # answer the cursor-position request as a terminal would
            seen += chunk
            if prompt in seen:
                elapsed = time.perf_counter() - start
                break
    finally:
        _kill_children(pid)
        os.waitpid(pid, 0)
        os.close(fd)
    with open(report.name) as handle:
        last = handle.read().strip().splitlines()[-1].split()
    os.unlink(report.name)
    rss, user, system = int(last[0]), float(last[1]), float(last[2])
    return elapsed, user + system, rss


def _python_cmd() -> list[str]:
    return [sys.executable, "-m", "pgcli_like"]


def cases() -> list[tuple[str, list[str], bytes]]:
    shellkit = console_script("shellkit")
    ours = [shellkit, "sql"] if shellkit else _python_cmd()
    found = [
        ("shellkit sql (SQLite :memory:)", ours, b"sqlite> "),
        ("shellkit sql --demo (SQLite file)", ours + ["--demo"], b"demo> "),
        ("shellkit sql (PostgreSQL)", ours + [PG], b"postgres# "),
        ("shellkit sql (MariaDB)", ours + [MY], b"mysql> "),
        ("python -m pgcli_like (SQLite)", _python_cmd(), b"sqlite> "),
    ]
    if shutil.which("sqlite3"):
        found.append(("sqlite3 (SQLite :memory:)", ["sqlite3"], b"sqlite> "))
    if shutil.which("psql"):
        found.append(("psql (PostgreSQL)", ["psql", PG], b"postgres=# "))
    if shutil.which("mariadb"):
        found.append(("mariadb (MariaDB)", ["mariadb", "-h", "127.0.0.1", "-u", "root"], b"]> "))
    return found


def run() -> str:
    home = tempfile.mkdtemp(prefix="shk_bench_home_")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "NO_COLOR")}
    env.update(HOME=home, XDG_CONFIG_HOME=f"{home}/.config", XDG_DATA_HOME=f"{home}/.local/share",
               XDG_CACHE_HOME=f"{home}/.cache", TERM="xterm-256color")
    # Warm-up run: writes the config file, the demo database, and fills the OS file cache.
    for _, argv, prompt in cases():
        measure(argv, prompt, env)
    lines = [f"| Program | First prompt (best of {RUNS}) | Median | CPU time (best) | Peak RSS |",
             "|---|---|---|---|---|"]
    for name, argv, prompt in cases():
        times, cpu, rss = [], [], []
        for _ in range(RUNS):
            t, c, r = measure(argv, prompt, env)
            times.append(t)
            cpu.append(c)
            rss.append(r)
        times.sort()
        lines.append(f"| {name} | {times[0] * 1000:.0f} ms | {times[len(times) // 2] * 1000:.0f} ms "
                     f"| {min(cpu) * 1000:.0f} ms | {max(rss) / 1024:.1f} MiB |")
    shutil.rmtree(home, ignore_errors=True)
    lines += ["", "Target: ≤ 200 ms to the first prompt on SQLite and PostgreSQL. Each program runs on a "
              "pty under GNU time; the clock stops when the prompt appears in the raw output, and the "
              "program is then killed, so peak RSS is at the first prompt (the completion catalog loads "
              "after it, in the background). CPU time (user + system, 10 ms resolution) is the "
              "figure least disturbed by other load on a shared machine.",
              f"Load average when measured: {os.getloadavg()[0]:.1f}."]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
