"""What the terminal can show: colour depth from the environment, and whether to colour at all.

Order of precedence for the depth: ``NO_COLOR`` (any value) or ``TERM=dumb`` → none;
then ``SHELLKIT_COLOR_DEPTH``; then the ``color_depth`` setting of the config; then
``PROMPT_TOOLKIT_COLOR_DEPTH``; then ``COLORTERM``/``TERM``.
"""

from __future__ import annotations

import os
import sys
from typing import IO

from prompt_toolkit.output.color_depth import ColorDepth

DEPTH_ENV = "SHELLKIT_COLOR_DEPTH"

# Words accepted for a depth, in the environment and the config file.
DEPTH_WORDS: dict[str, ColorDepth] = {
    "truecolor": ColorDepth.DEPTH_24_BIT,
    "24bit": ColorDepth.DEPTH_24_BIT,
    "24": ColorDepth.DEPTH_24_BIT,
    "256": ColorDepth.DEPTH_8_BIT,
    "8bit": ColorDepth.DEPTH_8_BIT,
    "16": ColorDepth.DEPTH_4_BIT,
    "4bit": ColorDepth.DEPTH_4_BIT,
    "none": ColorDepth.DEPTH_1_BIT,
    "mono": ColorDepth.DEPTH_1_BIT,
    "1bit": ColorDepth.DEPTH_1_BIT,
}

DEPTH_LABELS: dict[ColorDepth, str] = {
    ColorDepth.DEPTH_24_BIT: "truecolor",
    ColorDepth.DEPTH_8_BIT: "256 colours",
    ColorDepth.DEPTH_4_BIT: "16 colours",
    ColorDepth.DEPTH_1_BIT: "no colour",
}

_warned: set[str] = set()

# Terminals known to take 24-bit colour even when COLORTERM is not passed along (ssh, sudo).
_TRUECOLOR_TERMS = ("xterm-kitty", "alacritty", "wezterm", "foot", "contour")


def colour_forbidden() -> bool:
    """True when the user asked for no colour at all: NO_COLOR set, or TERM=dumb."""
    return "NO_COLOR" in os.environ or os.environ.get("TERM", "") == "dumb"


def parse_depth(word: str) -> ColorDepth | None:
    """The ColorDepth for a word like ``256`` or ``truecolor`` (None for ``auto``/unknown)."""
    return DEPTH_WORDS.get(word.strip().lower())


def detect_color_depth(setting: str | None = None) -> ColorDepth:
    """The colour depth to use; ``setting`` is the config file's ``color_depth`` value."""
    if colour_forbidden():
        return ColorDepth.DEPTH_1_BIT
    word = os.environ.get(DEPTH_ENV, "")
    depth = parse_depth(word) if word else None
    if depth is not None:
        return depth
    if word and word.strip().lower() != "auto" and word not in _warned:
        _warned.add(word)
        print(f"shellkit: {DEPTH_ENV}={word!r} is not one of auto, truecolor, 256, 16, none; ignored",
              file=sys.stderr)
    # A bad config value was already reported by the config loader; it just does not apply.
    depth = parse_depth(setting) if setting else None
    if depth is not None:
        return depth
    from_prompt_toolkit = os.environ.get("PROMPT_TOOLKIT_COLOR_DEPTH", "")
    if from_prompt_toolkit in {d.value for d in ColorDepth}:
        return ColorDepth(from_prompt_toolkit)
    if os.environ.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return ColorDepth.DEPTH_24_BIT
    term = os.environ.get("TERM", "").lower()
    if term.endswith("-direct") or term in _TRUECOLOR_TERMS:
        return ColorDepth.DEPTH_24_BIT
    if "256" in term:
        return ColorDepth.DEPTH_8_BIT
    return ColorDepth.DEPTH_4_BIT


def color_enabled(stream: IO[str] | None = None) -> bool:
    """Whether text written to ``stream`` (default stdout) may carry colour escape codes.

    False for NO_COLOR, TERM=dumb, a depth override of ``none``, or a stream that is not
    a terminal (a pipe or a file).
    """
    if colour_forbidden() or parse_depth(os.environ.get(DEPTH_ENV, "")) == ColorDepth.DEPTH_1_BIT:
        return False
    stream = sys.stdout if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed file
        return False
