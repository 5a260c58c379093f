"""Colour arithmetic: parsing colour names, WCAG contrast, mixing and nudging for contrast.

Colours are the strings styles use: ``#rrggbb``/``#rgb``, prompt_toolkit's bare ``rrggbb``,
the 16 ANSI names (``ansired`` … ``ansiwhite``) and the named web colours (``red``).
ANSI names have no fixed RGB value -- the terminal decides -- so contrast checks use
xterm's default palette as the reference.
"""

from __future__ import annotations

# xterm's default palette: the reference for contrast checks of ANSI-named colours.
ANSI_RGB: dict[str, tuple[int, int, int]] = {
    "ansiblack": (0x00, 0x00, 0x00),
    "ansired": (0xCD, 0x00, 0x00),
    "ansigreen": (0x00, 0xCD, 0x00),
    "ansiyellow": (0xCD, 0xCD, 0x00),
    "ansiblue": (0x00, 0x00, 0xEE),
    "ansimagenta": (0xCD, 0x00, 0xCD),
    "ansicyan": (0x00, 0xCD, 0xCD),
    "ansigray": (0xE5, 0xE5, 0xE5),
    "ansibrightblack": (0x7F, 0x7F, 0x7F),
    "ansibrightred": (0xFF, 0x00, 0x00),
    "ansibrightgreen": (0x00, 0xFF, 0x00),
    "ansibrightyellow": (0xFF, 0xFF, 0x00),
    "ansibrightblue": (0x5C, 0x5C, 0xFF),
    "ansibrightmagenta": (0xFF, 0x00, 0xFF),
    "ansibrightcyan": (0x00, 0xFF, 0xFF),
    "ansiwhite": (0xFF, 0xFF, 0xFF),
}

RGB = tuple[int, int, int]


def named_color_hex(name: str) -> str | None:
    """``#rrggbb`` for a web colour name (``red``, ``SlateGray``), else None."""
    from prompt_toolkit.styles.named_colors import NAMED_COLORS

    for key, value in NAMED_COLORS.items():
        if key.lower() == name.lower():
            return value.lower() if value.startswith("#") else "#" + value.lower()
    return None


def to_rgb(color: str | None) -> RGB | None:
    """The RGB triple of a colour string, or None for "no colour"/"default"/unknown."""
    if not color or color in ("default", "ansidefault"):
        return None
    if color in ANSI_RGB:
        return ANSI_RGB[color]
    text = color[1:] if color.startswith("#") else color
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    if len(text) == 6:
        try:
            value = int(text, 16)
        except ValueError:
            value = -1
        if value >= 0:
            return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF
    named = named_color_hex(color)
    return to_rgb(named) if named else None


def to_hex(rgb: RGB) -> str:
    """``#rrggbb`` for an RGB triple."""
    return "#{:02x}{:02x}{:02x}".format(*(max(0, min(255, round(c))) for c in rgb))


def luminance(rgb: RGB) -> float:
    """WCAG 2 relative luminance (0 black … 1 white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(fg: str | RGB, bg: str | RGB) -> float:
    """WCAG contrast ratio of two colours (1 … 21). Raises ValueError for "no colour"."""
    a = fg if isinstance(fg, tuple) else to_rgb(fg)
    b = bg if isinstance(bg, tuple) else to_rgb(bg)
    if a is None or b is None:
        raise ValueError(f"no RGB value for {fg!r} / {bg!r}")
    la, lb = luminance(a), luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def mix(a: str, b: str, amount: float) -> str:
    """``a`` moved ``amount`` (0 … 1) of the way towards ``b``, as ``#rrggbb``."""
    ra, rb = to_rgb(a), to_rgb(b)
    if ra is None or rb is None:
        raise ValueError(f"cannot mix {a!r} and {b!r}")
    return to_hex(tuple(x + (y - x) * amount for x, y in zip(ra, rb, strict=True)))  # type: ignore[arg-type]


def is_dark(color: str) -> bool:
    """True when text on this background should be light."""
    rgb = to_rgb(color)
    return rgb is not None and contrast_ratio(rgb, (255, 255, 255)) > contrast_ratio(rgb, (0, 0, 0))


def ensure_contrast(fg: str, bg: str, ratio: float) -> str:
    """``fg`` itself if it reaches ``ratio`` against ``bg``, else the nearest shade of it that does.

    The shade moves towards white on a dark background and towards black on a light one,
    so the hue is kept as long as possible.
    """
    if contrast_ratio(fg, bg) >= ratio:
        return to_hex(to_rgb(fg))  # type: ignore[arg-type]
    target = "#ffffff" if is_dark(bg) else "#000000"
    for step in range(1, 21):
        shade = mix(fg, target, step / 20)
        if contrast_ratio(shade, bg) >= ratio:
            return shade
    return target
