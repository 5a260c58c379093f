"""The signature and first docstring line of the call under the cursor.

``signature_at`` resolves the callee statically (no user code runs) and asks
``inspect.signature``; jedi is the fallback for what cannot be resolved that way.
``SignatureTracker`` computes it off the keystroke path for a toolbar: one
computation at a time, stale results dropped.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from prompt_toolkit.formatted_text import StyleAndTextTuples

from shellkit.python.context import call_at
from shellkit.python.jedi_backend import JediWorker, shared_worker
from shellkit.python.static import Unresolved, class_dict, is_a, resolve, safe_signature, safe_to_inspect

_MAX_DOC = 120
_MIN_DOC_ROOM = 20  # a doc line cut shorter than this says nothing


@dataclass(frozen=True, slots=True)
class CallSignature:
    """``name(params…)`` with the index of the parameter being typed, and a one-line doc."""

    name: str
    parameters: tuple[str, ...]
    current: int | None
    doc: str

    def text(self) -> str:
        """``print(*args, sep=' ', end='\\n', file=None, flush=False)``."""
        return f"{self.name}({', '.join(self.parameters)})"

    def fragments(self, width: int | None = None) -> StyleAndTextTuples:
        """Toolbar fragments; the parameter being typed has the ``signature.current`` class.

        With ``width``, parameters far from the current one give way to ``…`` so the one being
        typed stays visible, and the doc line is shown only in the room that is left.
        """
        shown = self._window(width)
        out: StyleAndTextTuples = [("class:signature", f"{self.name}(")]
        for n, i in enumerate(shown):
            if n:
                out.append(("class:signature", ", "))
            if i is None:
                out.append(("class:signature", "…"))
                continue
            style = "class:signature.current" if i == self.current else "class:signature"
            out.append((style, self.parameters[i]))
        out.append(("class:signature", ")"))
        used = sum(len(text) for _, text in out)
        if self.doc and (width is None or width - used >= _MIN_DOC_ROOM):
            doc = self.doc if width is None else _cut(self.doc, width - used - 2)
            out.append(("class:signature.doc", f"  {doc}"))
        return out

    def _window(self, width: int | None) -> list[int | None]:
        """Indexes of the parameters to show (None: an ellipsis), growing around the current one."""
        every: list[int | None] = list(range(len(self.parameters)))
        if width is None or len(self.text()) <= width:
            return every
        budget = width - len(self.name) - 2
        centre = self.current if self.current is not None else 0
        low = high = centre
        cost = len(self.parameters[centre]) if self.parameters else 0
        while True:
            grew = False
            for candidate in (high + 1, low - 1):
                if 0 <= candidate < len(self.parameters):
                    extra = len(self.parameters[candidate]) + 2
                    if cost + extra + 6 <= budget:  # room left for the "…, " marks
                        cost += extra
                        low, high = min(low, candidate), max(high, candidate)
                        grew = True
            if not grew:
                break
        shown: list[int | None] = list(range(low, high + 1))
        if low > 0:
            shown.insert(0, None)
        if high < len(self.parameters) - 1:
            shown.append(None)
        return shown


def _cut(text: str, room: int) -> str:
    return text if len(text) <= room else text[: max(room - 1, 0)] + "…"


def first_doc_line(doc: object) -> str:
    """The first paragraph of a docstring, on one line and cut to a toolbar's width."""
    if not is_a(doc, str) or not doc.strip():  # type: ignore[union-attr]
        return ""
    para = doc.strip().split("\n\n", 1)[0]  # type: ignore[union-attr]
    line = " ".join(part.strip() for part in para.splitlines())
    return line if len(line) <= _MAX_DOC else line[: _MAX_DOC - 1] + "…"


def _doc_of(func: object) -> object:
    if is_a(func, type):
        return class_dict(func).get("__doc__")  # type: ignore[arg-type]
    return getattr(func, "__doc__", None)  # functions and builtins: a C slot, no user code


def _current_parameter(sig, arg_index: int, typed_arg: str) -> int | None:
    names = list(sig.parameters)
    keyword = typed_arg.split("=", 1)[0].strip()
    if keyword in sig.parameters:
        return names.index(keyword)
    if keyword.isidentifier():
        starting = [i for i, name in enumerate(names) if name.startswith(keyword)]
        if len(starting) == 1:
            return starting[0]
    for i, param in enumerate(sig.parameters.values()):
        if param.kind == param.VAR_POSITIONAL:
            return i if arg_index >= i else arg_index
        if param.kind in (param.KEYWORD_ONLY, param.VAR_KEYWORD):
            return None if arg_index >= i else arg_index
    return arg_index if arg_index < len(names) else None


def static_signature(text_before_cursor: str, namespaces: Sequence[Mapping[str, object]]) -> CallSignature | None:
    """The signature from the live namespace only (never runs user code)."""
    found = call_at(text_before_cursor)
    if found is None:
        return None
    callee, arg_index = found
    try:
        func = resolve(callee, namespaces)
    except Unresolved:
        return None
    typed_arg = text_before_cursor.rsplit(",", 1)[-1].rsplit("(", 1)[-1]
    name = callee.rsplit(".", 1)[-1].split("(", 1)[0] or callee
    sig = safe_signature(func)
    if sig is None:
        return _docstring_signature(name, func, arg_index, typed_arg)
    # str(sig) has the "/" and "*" markers that str(parameter) lacks
    params = tuple(p.strip() for p in _split_params(str(sig).partition("(")[2].rpartition(")")[0]))
    current = _current_parameter(sig, arg_index, typed_arg)
    if current is not None:
        wanted = str(list(sig.parameters.values())[current])
        current = params.index(wanted) if wanted in params else None
    return CallSignature(name, params, current, first_doc_line(_doc_of(func)))


def _docstring_signature(name: str, func: object, arg_index: int, typed_arg: str) -> CallSignature | None:
    """For a builtin that has no ``__text_signature__`` (``min``, ``getattr``; ``print`` before
    3.11): the ``name(params) -> result`` line its docstring opens with, if it does."""
    doc = _doc_of(func)
    if not is_a(doc, str):
        return None
    lines = doc.strip().splitlines()  # type: ignore[union-attr]
    opening = re.compile(rf"{re.escape(name)}\((.*)\)(\s*->.*)?$")
    found = opening.match(lines[0].strip()) if lines else None
    if found is None:
        return None
    params = tuple(p.strip() for p in _split_params(found.group(1)))
    # the doc proper comes after the signature lines (min has two)
    body = list(itertools.dropwhile(lambda line: not line.strip() or opening.match(line.strip()), lines))
    return CallSignature(name, params, _docstring_current(params, arg_index, typed_arg),
                         first_doc_line("\n".join(body)))


def _docstring_current(params: tuple[str, ...], arg_index: int, typed_arg: str) -> int | None:
    keyword = typed_arg.split("=", 1)[0].strip() if "=" in typed_arg else ""
    if keyword.isidentifier():
        marked = [i for i, p in enumerate(params) if re.search(rf"(^|\W){keyword}(=|$)", p)]
        return marked[0] if marked else None
    positional = [i for i, p in enumerate(params) if not any(c in p for c in "=*[")]
    if "..." in params and arg_index >= params.index("...") > 0:
        return params.index("...") - 1  # print(value, ...): every further argument is another value
    return positional[arg_index] if arg_index < len(positional) else None


def signature_at(text_before_cursor: str, namespaces: Sequence[Mapping[str, object]], *,
                 use_jedi: bool = True, worker: JediWorker | None = None) -> CallSignature | None:
    """The signature of the innermost call open at the end of ``text_before_cursor``."""
    sig = static_signature(text_before_cursor, namespaces)
    # a C class often reports "()" to inspect; jedi's stubs know better
    if not use_jedi or (sig is not None and sig.parameters):
        return sig
    found = call_at(text_before_cursor)
    if found is None or not safe_to_inspect(found[0], namespaces):
        return sig
    row = text_before_cursor.count("\n") + 1
    col = len(text_before_cursor) - (text_before_cursor.rfind("\n") + 1)
    jsig = (worker or shared_worker()).signature(text_before_cursor, namespaces, row, col)
    if jsig is None:
        return sig
    name, _, rest = jsig.text.partition("(")
    params = tuple(p.strip() for p in _split_params(rest.rsplit(")", 1)[0]))
    if not params and sig is not None:
        return sig
    return CallSignature(name, params, jsig.index, first_doc_line(jsig.doc) or (sig.doc if sig else ""))


def _split_params(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    if text[start:].strip():
        parts.append(text[start:])
    return parts


class SignatureTracker:
    """Keeps the signature of the call under the cursor up to date, computed in a thread.

    ``update(text_before_cursor)`` is cheap (call it on every cursor move); the result
    lands in ``current`` and ``on_change()`` is called (e.g. ``app.invalidate``).
    """

    def __init__(self, get_namespaces: Callable[[], tuple[dict, dict]],
                 on_change: Callable[[], None] = lambda: None, *, use_jedi: bool = True) -> None:
        self.get_namespaces = get_namespaces
        self.on_change = on_change
        self.use_jedi = use_jedi
        self.current: CallSignature | None = None
        self._wanted: str | None = None
        self._busy = False
        self._lock = threading.Lock()

    def update(self, text_before_cursor: str) -> None:
        """Ask for the signature at a new position; older requests are dropped."""
        with self._lock:
            self._wanted = text_before_cursor
            if self._busy:
                return
            self._busy = True
        threading.Thread(target=self._work, name="shellkit-signature", daemon=True).start()

    def clear(self) -> None:
        """Forget the shown signature (after the input has run)."""
        with self._lock:
            self._wanted = None
        self.current = None

    def _work(self) -> None:
        while True:
            with self._lock:
                text = self._wanted
                self._wanted = None
                if text is None:
                    self._busy = False
                    return
            globals_, locals_ = self.get_namespaces()
            namespaces = [locals_] if locals_ is globals_ else [locals_, globals_]
            try:
                sig = signature_at(text, namespaces, use_jedi=self.use_jedi)
            except Exception:  # noqa: BLE001 - a broken lookup must not break the prompt
                sig = None
            with self._lock:
                stale = self._wanted is not None
            if not stale and sig != self.current:
                self.current = sig
                self.on_change()
