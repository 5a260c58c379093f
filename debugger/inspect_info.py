"""``obj?`` and ``obj??``: what the debugger says about the object an expression names.

Pure: it reads the line typed and the object, and returns records and text lines; the
debugger evaluates the expression in the frame and prints. Only lines that are not valid
Python as typed are taken as requests, so nothing pdb would run changes meaning (a
statement with a trailing comment, ``x = 1  # why?``, still runs).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

# Docstring lines shown at most: its first paragraph (the summary), cut to this many so
# the stop line stays on screen; `help(obj)` has the rest.
DOC_LINES = 8
# Label column: "Signature: " is the longest label.
_LABEL_WIDTH = 11


@dataclass(frozen=True, slots=True)
class InspectRequest:
    """``expression?`` (``with_source`` False) or ``expression??`` (True)."""

    expression: str
    with_source: bool


@dataclass(frozen=True, slots=True)
class ObjectInfo:
    """What is known about one object; None or empty where it is not known."""

    type_name: str
    repr_text: str
    signature: str | None
    doc_lines: tuple[str, ...]
    doc_cut: bool
    defined_at: str | None
    source: tuple[str, ...]
    source_start: int


def parse_request(line: str) -> InspectRequest | None:
    """The request in ``line`` (``obj.attr?``, ``f(x)??``), or None when the line is not one:
    no trailing ``?``, nothing before it (``?`` and ``??`` are pdb's help), a ``!`` statement,
    valid Python as it stands, or no expression before the marks."""
    text = line.strip()
    if not text.endswith("?") or text.startswith(("!", "?")):
        return None
    with_source = text.endswith("??")
    expression = text[: -2 if with_source else -1].rstrip()
    if not expression or _compiles(text, "exec") or not _compiles(expression, "eval"):
        return None
    return InspectRequest(expression, with_source)


def _compiles(source: str, mode: str) -> bool:
    try:
        compile(source, "<input>", mode)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def describe(obj: Any, repr_text: str, *, with_source: bool = False) -> ObjectInfo:
    """What ``obj`` is: its type, ``repr_text`` (computed by the caller under its own time
    and length budget), signature, docstring head, where it is defined, and with
    ``with_source`` its source lines."""
    doc = _docstring(obj).splitlines()
    head = _first_paragraph(doc)[:DOC_LINES]
    lines, start = _source_lines(obj)
    where = _defined_at(obj, start)
    return ObjectInfo(
        type_name=_type_name(type(obj)),
        repr_text=repr_text,
        signature=_signature(obj),
        doc_lines=tuple(head),
        doc_cut=len(head) < len(doc),
        defined_at=where,
        source=tuple(lines) if with_source else (),
        source_start=start,
    )


def info_lines(info: ObjectInfo) -> list[str]:
    """The text shown for ``info``, one entry per line, without the source."""
    shown = [_field("Type", info.type_name)]
    shown += _multiline_field("Repr", info.repr_text.splitlines() or [""])
    if info.signature is not None:
        shown.append(_field("Signature", info.signature))
    if info.defined_at is not None:
        shown.append(_field("File", info.defined_at))
    if info.doc_lines:
        doc = list(info.doc_lines) + (["…"] if info.doc_cut else [])
        shown += _multiline_field("Docstring", doc)
    return shown


def source_heading(info: ObjectInfo) -> str:
    """The line above the source shown by ``obj??``, or in its place when there is none."""
    return "Source:" if info.source else _field("Source", "not available (built in, or its file cannot be read)")


def _field(label: str, value: str) -> str:
    return f"{label + ':':<{_LABEL_WIDTH}}{value}"


def _multiline_field(label: str, lines: list[str]) -> list[str]:
    indent = " " * _LABEL_WIDTH
    return [_field(label, lines[0])] + [(indent + line).rstrip() for line in lines[1:]]


def _type_name(cls: type) -> str:
    module = getattr(cls, "__module__", None)
    name = getattr(cls, "__qualname__", cls.__name__)
    return name if module in (None, "builtins", "__main__") else f"{module}.{name}"


def _signature(obj: Any) -> str | None:
    if not callable(obj):
        return None
    try:
        signature = inspect.signature(obj)
    except Exception:  # noqa: BLE001 - builtins without one, and objects whose attributes raise
        return None
    name = getattr(obj, "__name__", None)
    return f"{name if isinstance(name, str) else ''}{signature}"


def _docstring(obj: Any) -> str:
    try:
        doc = inspect.getdoc(obj)
    except Exception:  # noqa: BLE001 - a __doc__ property may raise anything
        return ""
    return doc if isinstance(doc, str) else ""


def _first_paragraph(lines: list[str]) -> list[str]:
    blank = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    return lines[:blank]


def _definition(obj: Any) -> Any:
    """The object whose file and source describe ``obj``: itself when it is code (module,
    class, function...), else its class, as IPython does for instances."""
    is_code = (inspect.ismodule(obj) or inspect.isclass(obj) or inspect.isroutine(obj)
               or inspect.iscode(obj) or inspect.isframe(obj) or inspect.istraceback(obj))
    if not is_code:
        return type(obj)
    try:
        return inspect.unwrap(obj)  # a functools.wraps decorator: the function it wraps
    except Exception:  # noqa: BLE001 - a cycle of __wrapped__, or a __wrapped__ that raises
        return obj


def _source_lines(obj: Any) -> tuple[list[str], int]:
    try:
        lines, start = inspect.getsourcelines(_definition(obj))
    except Exception:  # noqa: BLE001 - built in, no file, or a class inspect cannot find
        return [], 0
    return lines, max(1, start)  # modules report line 0


def _defined_at(obj: Any, start: int) -> str | None:
    try:
        path = inspect.getsourcefile(_definition(obj)) or inspect.getfile(_definition(obj))
    except Exception:  # noqa: BLE001 - built-in objects have no file
        return None
    return f"{path}:{start}" if start and not inspect.ismodule(obj) else path
