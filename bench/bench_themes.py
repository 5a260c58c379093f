"""What themes cost on the way to the first prompt, and per printed value.

    python bench/run.py themes
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

TITLE = "Themes: import, style build, escape codes"

PROBE = ("import time; t = time.perf_counter(); {code}; print((time.perf_counter() - t) * 1000)")


def _fresh_ms(code: str, runs: int = 15) -> float:
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", PROBE.format(code=code)], capture_output=True, text=True,
                             check=True).stdout
        samples.append(float(out))
    return min(samples)  # the machine is shared: the fastest run is the least disturbed


def _median_ms(fn, runs: int = 30) -> float:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def _per_call_us(fn, calls: int = 100_000) -> float:
    t = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - t) / calls * 1e6


def _command_ms(args: list[str], runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sys; from shellkit.cli import main; sys.exit(main())", *args],
                       capture_output=True, check=True)
        samples.append((time.perf_counter() - t) * 1000)
    return min(samples)


def run() -> str:
    from themes import load_theme
    from themes.preview import preview

    saved = {k: os.environ.get(k) for k in ("HOME", "XDG_CONFIG_HOME", "TERM")}
    home = tempfile.mkdtemp()
    os.environ.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, "c"), TERM="xterm-256color")
    try:
        rows = [
            ("import prompt_toolkit (for reference)", f"{_fresh_ms('import prompt_toolkit'):.1f} ms"),
            ("import themes", f"{_fresh_ms('import themes'):.1f} ms"),
            ("import themes + current_theme() + prompt_toolkit_style() (fresh interpreter)",
             f"{_fresh_ms('import themes; themes.current_theme().prompt_toolkit_style()'):.1f} ms"),
        ]
        for name in ("default", "dark", "monokai"):
            ms = _median_ms(lambda n=name: load_theme(n).prompt_toolkit_style())
            rows.append((f"load_theme({name!r}) + prompt_toolkit_style() (warm, median of 30)", f"{ms:.2f} ms"))
        from themes import ThemeSwitch

        switch = ThemeSwitch(load_theme("dark"))
        names = iter(["light", "dark"] * 20)
        ms = _median_ms(lambda: switch.set(next(names)).prompt_toolkit_style())
        rows.append(("switch theme at run time (`\\theme NAME`: load + style), median of 30", f"{ms:.2f} ms"))
        theme = load_theme("dark")
        rows.append(("theme.ansi('null') per call", f"{_per_call_us(lambda: theme.ansi('null')):.2f} µs"))
        rows.append(("theme.paint('number', '42') per call", f"{_per_call_us(lambda: theme.paint('number', '42')):.2f} µs"))
        sample = preview(theme)
        rows.append((f"render the `themes show` sample ({len(sample)} fragments)",
                     f"{_median_ms(lambda: theme.render(sample)):.2f} ms"))
        rows.append(("`shellkit themes` (list, whole process)", f"{_command_ms(['themes']):.0f} ms"))
        rows.append(("`shellkit themes show dark` (whole process)", f"{_command_ms(['themes', 'show', 'dark']):.0f} ms"))
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    lines = ["Fresh-interpreter numbers: fastest of 15 (commands: of 5); warm numbers: median.", "",
             "| What | Time |", "|---|---|"]
    lines += [f"| {what} | {value} |" for what, value in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
