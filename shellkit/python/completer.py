"""``PythonCompleter``: completion of Python against live namespaces, without side effects.

The context classifier (:mod:`shellkit.python.context`) says what the cursor wants;
a dispatch table maps each kind to a matcher. Matchers use the static path
(:mod:`shellkit.python.static`), which never runs user code; jedi is asked only
for what that path cannot know, under a deadline. Namespaces are read through
``get_namespaces`` on every request, so the debugger can re-point the completer
at each frame.
"""

from __future__ import annotations

import builtins
import keyword
import threading
import types
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from shellkit.python import context as ctx_kinds
from shellkit.python.context import CompletionContext, completion_context
from shellkit.python.jedi_backend import JediWorker, shared_worker
from shellkit.python.matching import best_matches
from shellkit.python.modules import module_names
from shellkit.python.paths import path_candidates
from shellkit.python.static import (
    Unresolved,
    attributes,
    is_a,
    kind_of,
    resolve,
    safe_signature,
    safe_to_inspect,
)

Namespaces = tuple[dict, dict]
IsCurrent = Callable[[], bool]  # False once a newer request (a keystroke) made this one stale
_KEYWORDS = {kw: "keyword" for kw in keyword.kwlist + ["match", "case"]}
_MAX_DICT_KEYS = 2000
_LITERAL_KEY_TYPES = (str, bytes, int, float, bool, type(None))


@dataclass(frozen=True, slots=True)
class _Candidates:
    """What a matcher found."""

    word: str  # the typed text a completion replaces
    items: list[tuple[str, str]]  # (name, kind), unranked
    ranked: bool = False  # already in final order (paths, dict keys keep their own)
    suffix: str = ""  # added to each inserted text but not shown in the menu (a key's closing `"]`)


Matcher = Callable[[CompletionContext, Document, list, IsCurrent], "_Candidates | None"]


class PythonCompleter(Completer):
    """Completes names, attributes, dict keys, imports, keyword arguments and paths.

    ``get_namespaces()`` returns ``(globals, locals)``; it is called on every
    completion. ``use_jedi`` turns the jedi fallback off (static path only).
    """

    def __init__(self, get_namespaces: Callable[[], Namespaces], *, use_jedi: bool = True,
                 jedi_worker: JediWorker | None = None) -> None:
        self.get_namespaces = get_namespaces
        self.use_jedi = use_jedi
        # called (from a worker thread) when jedi answers after the deadline: ask again to show it
        self.on_late_answer: Callable[[], None] | None = None
        self._jedi = jedi_worker
        self._generation = 0
        self._lock = threading.Lock()
        self._matchers: dict[str, Matcher] = {
            ctx_kinds.NAME: self._names,
            ctx_kinds.ATTRIBUTE: self._attributes,
            ctx_kinds.DICT_KEY: self._dict_keys,
            ctx_kinds.IMPORT_MODULE: self._modules,
            ctx_kinds.IMPORT_NAME: self._import_names,
            ctx_kinds.PATH: self._paths,
            ctx_kinds.KEYWORD: self._keyword,
        }

    # -- cancellation -------------------------------------------------------------------
    def cancel(self) -> None:
        """Mark running work stale (call on every text change); it stops at its next check."""
        with self._lock:
            self._generation += 1

    def _start(self) -> Callable[[], bool]:
        with self._lock:
            self._generation += 1
            mine = self._generation
        return lambda: self._generation == mine

    # -- prompt_toolkit entry point ------------------------------------------------------
    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:
        is_current = self._start()
        context = completion_context(document.text_before_cursor)
        if not complete_event.completion_requested and not _worth_offering(context):
            return
        matcher = self._matchers.get(context.kind)
        if matcher is None:
            return
        namespaces = self._namespaces()
        try:
            found = matcher(context, document, namespaces, is_current)
            if found is None or not is_current():
                return
            if not found.items and self._may_use_jedi(context, namespaces):
                names = self._jedi_names(document, len(found.word), namespaces, is_current)
                found = _Candidates(found.word, names)
            items = found.items if found.ranked else best_matches(
                found.word, found.items, requested=complete_event.completion_requested)
        except Exception:  # noqa: BLE001 - an odd object in a namespace must never break the prompt
            return
        for name, kind in items:
            if not is_current():
                return
            yield Completion(name + found.suffix, -len(found.word), display=name, display_meta=kind)

    def complete(self, text: str, cursor: int | None = None) -> list[Completion]:
        """All completions for ``text`` with the cursor at ``cursor`` (default: the end)."""
        doc = Document(text, len(text) if cursor is None else cursor)
        return list(self.get_completions(doc, CompleteEvent(completion_requested=True)))

    def _namespaces(self) -> list[Mapping[str, object]]:
        globals_, locals_ = self.get_namespaces()
        return [locals_] if locals_ is globals_ else [locals_, globals_]

    # -- matchers ------------------------------------------------------------------------
    def _names(self, context: CompletionContext, document: Document, namespaces: list,
            is_current: IsCurrent) -> _Candidates:
        items: dict[str, str] = {}
        if context.call is not None:
            for name in self._keyword_arguments(context.call, namespaces):
                items[name + "="] = "param"
        for ns in namespaces:
            for name, value in list(ns.items()):
                if type(name) is str:  # globals() may hold other keys
                    items.setdefault(name, kind_of(value))
        for name, value in vars(builtins).items():
            items.setdefault(name, kind_of(value))
        for name, kind in _KEYWORDS.items():
            items.setdefault(name, kind)
        if "\n" in document.text and self.use_jedi:
            # names defined earlier in the block being typed are not in any namespace yet; jedi
            # is not asked the kind of live objects (that could touch them), only of new names
            for name, kind in self._jedi_names(document, len(context.prefix), namespaces, is_current,
                                               skip_kinds=frozenset(items)):
                items.setdefault(name, kind)
        return _Candidates(context.prefix, list(items.items()))

    def _keyword_arguments(self, call: str, namespaces: list) -> list[str]:
        try:
            func = resolve(call, namespaces)
        except Unresolved:
            return []
        sig = safe_signature(func)
        if sig is None:
            return []
        return [p.name for p in sig.parameters.values()
                if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]

    def _attributes(self, context: CompletionContext, document: Document, namespaces: list,
            is_current: IsCurrent) -> _Candidates:
        try:
            obj = resolve(context.expr, namespaces)
        except Unresolved:
            return _Candidates(context.prefix, [])
        return _Candidates(context.prefix, list(attributes(obj).items()))

    def _dict_keys(self, context: CompletionContext, document: Document, namespaces: list,
            is_current: IsCurrent) -> _Candidates:
        quote = context.quote
        try:
            obj = resolve(context.expr, namespaces)
        except Unresolved:
            obj = None
        keys = _keys_of(obj)
        if not quote:
            # `d[` + a name: the keys (as literals) and every name that could be the index
            literals = [(repr(key), "key") for key in keys if type(key) in _LITERAL_KEY_TYPES]
            names = self._names(context, document, namespaces, is_current).items
            return _Candidates(context.prefix, literals + names)
        # exact str only: a subclass's startswith/__lt__/__repr__ would be the user's code
        items = [(key, "key") for key in keys
                 if type(key) is str and key.startswith(context.prefix) and quote not in key]
        return _Candidates(context.prefix, sorted(items), ranked=True, suffix=quote + "]")

    def _modules(self, context: CompletionContext, document: Document, namespaces: list,
            is_current: IsCurrent) -> _Candidates:
        return _Candidates(context.prefix, [(name, "module") for name in module_names(context.expr)])

    def _import_names(self, context: CompletionContext, document: Document, namespaces: list,
            is_current: IsCurrent) -> _Candidates:
        import sys

        items: dict[str, str] = {name: "module" for name in module_names(context.expr)}
        module = sys.modules.get(context.expr)
        if module is not None:
            items.update(attributes(module))
        elif self.use_jedi:
            # a module not imported yet is not imported here (that runs it); jedi reads its source
            for name, kind in self._jedi_names(document, len(context.prefix), namespaces, is_current):
                items.setdefault(name, kind)
        return _Candidates(context.prefix, list(items.items()))

    def _paths(self, context: CompletionContext, document: Document, namespaces: list,
            is_current: IsCurrent) -> _Candidates | None:
        word, entries = path_candidates(context.prefix)
        hidden_ok = word.startswith(".")
        items = [(name, kind) for name, kind in entries if hidden_ok or not name.startswith(".")]
        ranked = [(name, kind) for name, kind in items if name.startswith(word)]
        return _Candidates(word, sorted(ranked), ranked=True)

    def _keyword(self, context: CompletionContext, document: Document, namespaces: list,
            is_current: IsCurrent) -> _Candidates:
        return _Candidates(context.prefix, [(context.expr, "keyword")])

    # -- jedi fallback -------------------------------------------------------------------
    def _may_use_jedi(self, context: CompletionContext, namespaces: list) -> bool:
        if not self.use_jedi or context.kind != ctx_kinds.ATTRIBUTE:
            return False
        # jedi touches the objects named in the expression; one with a __getattr__ could run code
        return safe_to_inspect(context.expr, namespaces)

    def _jedi_names(self, document: Document, word_len: int, namespaces: list,
                    is_current: IsCurrent, skip_kinds: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
        worker = self._jedi or shared_worker()
        # ask jedi without the typed word so its answer can be ranked (and fuzzy-matched) here
        cursor = document.cursor_position - word_len
        source = document.text[:cursor]
        row = source.count("\n") + 1
        col = len(source) - (source.rfind("\n") + 1)
        return worker.complete(source, namespaces, row, col, is_current, skip_kinds=skip_kinds,
                               on_late=self.on_late_answer)


def _keys_of(obj: object) -> list:
    """The keys of a dict (read through dict's own C method), of ``os.environ`` or of a
    mappingproxy; other mappings would run their own ``keys``/``__iter__``."""
    import os

    if is_a(obj, dict):
        return list(dict.keys(obj))[:_MAX_DICT_KEYS]  # type: ignore[arg-type]
    if type(obj) in (os._Environ, types.MappingProxyType):
        return list(obj)[:_MAX_DICT_KEYS]  # type: ignore[call-overload]
    return []


def _worth_offering(context: CompletionContext) -> bool:
    """While typing (no Tab), an empty word after ``(`` or a space, or a bare string, shows no menu."""
    if context.kind == ctx_kinds.NAME or (context.kind == ctx_kinds.DICT_KEY and not context.quote):
        return bool(context.prefix)
    if context.kind == ctx_kinds.PATH:
        return context.prefix.startswith(("/", "~", "./", "../")) or "/" in context.prefix
    return True


__all__ = ["PythonCompleter"]
