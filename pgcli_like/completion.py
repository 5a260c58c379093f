"""Catalog × context → ranked prompt_toolkit Completions.

``SqlCompleter.complete(text, cursor)`` asks :func:`pgcli_like.context.analyze` what the
cursor wants, runs the source of each suggestion kind (a dispatch table in
:mod:`pgcli_like.completion_sources`), ranks everything with one sort key, and builds
``Completion`` objects only for the few that are shown. It never raises: a bug in
completion costs the user a menu, never the shell.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from pgcli_like.catalog import Catalog
from pgcli_like.completion_sources import SOURCES, Candidate, Extras, Request
from pgcli_like.context import CompletionContext, analyze
from pgcli_like.dialects import dialect_for
from pgcli_like.sql_tokens import tokenize

# How many completions a menu shows at most.
MAX_SHOWN = 100
_WORD_END = re.compile(r"[\w$]*\Z")


@dataclass(slots=True)
class CompletionSettings:
    """User-tunable completion behaviour (``[sql]`` config keys)."""

    keyword_casing: str = "auto"  # upper | lower | auto (follow what the user typed)
    max_shown: int = MAX_SHOWN
    qualify_columns: str = "if_more_than_one_table"  # always | never | if_more_than_one_table


@dataclass(slots=True)
class _Memo:
    """The previous keystroke's analysis, reused while the user keeps typing the same word."""

    key: tuple[str, str] | None = None
    context: CompletionContext | None = None
    extra: dict = field(default_factory=dict)


class SqlCompleter(Completer):
    """A prompt_toolkit Completer over a catalog that may be swapped at any time.

    ``get_catalog`` is called once per completion, so a background refresh replacing the
    catalog never exposes a half-built one.
    """

    def __init__(
        self,
        engine: str,
        get_catalog: Callable[[], Catalog],
        *,
        settings: CompletionSettings | None = None,
        extras: Extras | None = None,
    ) -> None:
        self.engine = engine
        self.dialect = dialect_for(engine)
        self.get_catalog = get_catalog
        self.settings = settings or CompletionSettings()
        self.extras = extras or Extras.discover(engine)
        self.usage: Counter[str] = Counter()
        self.last_error: BaseException | None = None
        # Called with a schema name the user qualified with that the catalog has not loaded.
        self.on_schema_miss: Callable[[str], None] | None = None
        self._memo = _Memo()
        self._lock = threading.Lock()

    # -- prompt_toolkit -----------------------------------------------------------------

    def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterable[Completion]:
        yield from self.complete(document.text, document.cursor_position)

    # -- public -------------------------------------------------------------------------

    def complete(self, text: str, cursor: int | None = None) -> list[Completion]:
        """Ranked completions for ``cursor`` (default: end) in ``text``; [] on any failure."""
        try:
            return self._complete(text, len(text) if cursor is None else max(0, min(cursor, len(text))))
        except Exception as err:  # noqa: BLE001 - completion must never break the prompt (RecursionError too)
            self.last_error = err
            return []

    def note_usage(self, sql: str) -> None:
        """Count the names and keywords of an executed statement so they rank higher later."""
        try:
            for tok in tokenize(sql[:20_000], self.dialect):
                if tok.kind in ("word", "qident"):
                    self.usage[tok.text.strip('"`[]').lower()] += 1
        except Exception as err:  # noqa: BLE001
            self.last_error = err

    # -- internals ----------------------------------------------------------------------

    def _context(self, text: str, cursor: int) -> CompletionContext:
        word = _WORD_END.search(text, 0, cursor)
        start = word.start() if word else cursor
        key = (text[:start], text[cursor:])
        memo = self._memo
        prev = memo.context
        if memo.key == key and prev is not None and not prev.quoted and _WORD_END.fullmatch(prev.word):
            typed = text[start:cursor]
            if prev.replace == len(prev.word) and typed and _WORD_END.fullmatch(typed):
                return CompletionContext(typed, len(typed), prev.suggestions, False, prev.parent, prev.tables)
        ctx = analyze(text, cursor, self.dialect, self.extras.special_args())
        self._memo = _Memo(key, ctx)
        return ctx

    def _complete(self, text: str, cursor: int) -> list[Completion]:
        ctx = self._context(text, cursor)
        if not ctx.suggestions:
            return []
        catalog = self.get_catalog()
        request = Request(ctx, catalog, self.dialect, self.settings, self.extras, self.usage, self.on_schema_miss)
        candidates: list[Candidate] = []
        for suggestion in ctx.suggestions:
            source = SOURCES.get(type(suggestion))
            if source is not None:
                candidates.extend(source(request, suggestion))
        candidates.sort(key=lambda c: c.key)
        shown: list[Completion] = []
        seen: set[tuple[str, str]] = set()
        for cand in candidates:
            ident = (cand.text, cand.meta)
            if ident in seen:
                continue
            seen.add(ident)
            shown.append(Completion(cand.text, -ctx.replace, display=cand.display or cand.text,
                                    display_meta=cand.meta))
            if len(shown) >= self.settings.max_shown:
                break
        return shown


def completer_for(engine: str, get_catalog: Callable[[], Catalog], *,
                  config: Mapping[str, object] | None = None) -> SqlCompleter:
    """A :class:`SqlCompleter` with settings taken from a ``[sql]`` config mapping."""
    settings = CompletionSettings()
    if config:
        casing = str(config.get("keyword_casing", settings.keyword_casing)).lower()
        if casing in ("upper", "lower", "auto"):
            settings.keyword_casing = casing
        qualify = str(config.get("qualify_columns", settings.qualify_columns)).lower()
        if qualify in ("always", "never", "if_more_than_one_table"):
            settings.qualify_columns = qualify
    return SqlCompleter(engine, get_catalog, settings=settings)
