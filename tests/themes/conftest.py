"""Theme tests run with a known terminal: colour allowed, 256 colours, no overrides."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def colour_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "COLORTERM", "SHELLKIT_COLOR_DEPTH", "SHELLKIT_THEME", "PROMPT_TOOLKIT_COLOR_DEPTH",
                 "SHELLKIT_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    import themes.switch

    monkeypatch.setattr(themes.switch, "_active", None)  # each test starts without a process-wide theme


@pytest.fixture
def user_theme(tmp_path: Path):
    """Write ``$XDG_CONFIG_HOME/shellkit/themes/NAME.toml``; returns its path."""
    import os

    def write(name: str, text: str) -> Path:
        folder = Path(os.environ["XDG_CONFIG_HOME"]) / "shellkit" / "themes"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def config_file():
    """Write ``$XDG_CONFIG_HOME/shellkit/config.toml``."""
    import os

    def write(text: str) -> Path:
        folder = Path(os.environ["XDG_CONFIG_HOME"]) / "shellkit"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "config.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write
