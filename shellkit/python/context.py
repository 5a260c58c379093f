"""What the cursor wants in a piece of Python source: a pure classifier.

``completion_context(text_before_cursor)`` turns source text into a
:class:`CompletionContext` record (name, attribute, dict key, import, path …).
It never imports or evaluates anything, so the completer, the signature lookup
and the debugger can all call it on every keystroke.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

_IDENT_TAIL = re.compile(r"[^\W\d]\w*$|$")
_STRING_PREFIX = re.compile(r"[rRbBuUfF]{0,2}$")
_IMPORT_LINE = re.compile(r"^\s*import\s+(?P<rest>.*)$")
_FROM_LINE = re.compile(r"^\s*from\s+(?P<module>[\w.]*)(?P<space>\s+)?(?P<rest>.*)$")
_KEYWORDS_BEFORE_NOTHING = ("def", "class", "as", "global", "nonlocal")

NAME = "name"
ATTRIBUTE = "attribute"
DICT_KEY = "dict_key"
IMPORT_MODULE = "import_module"
IMPORT_NAME = "import_name"
PATH = "path"
KEYWORD = "keyword"  # only the keyword named in ``expr`` fits here
NOTHING = "nothing"


@dataclass(frozen=True, slots=True)
class CompletionContext:
    """What to complete at the cursor.

    ``kind`` is one of the module constants; ``prefix`` is the text that a chosen
    completion replaces; ``expr`` is the object expression (attribute, dict key),
    or the module (import name); ``call`` is the callee expression when the cursor
    is inside a call's argument list (keyword arguments); ``quote`` is the string's
    opening quote for dict keys and paths.
    """

    kind: str
    prefix: str = ""
    expr: str = ""
    call: str | None = None
    quote: str = ""
    arg_index: int = 0


@dataclass(frozen=True, slots=True)
class SourceState:
    """The lexical state at the end of a source prefix."""

    string_start: int | None  # index of the opening quote of an unterminated string
    quote: str  # that string's quote ("'", '"', "'''", '"""')
    in_comment: bool
    open_brackets: tuple[int, ...]  # indices of unclosed ( [ {
    matching: dict[int, int]  # closer index -> opener index
    commas: dict[int, int]  # opener index -> commas seen at that depth


def scan(text: str) -> SourceState:
    """Scan ``text`` left to right, tracking strings, comments and brackets."""
    i, n = 0, len(text)
    stack: list[int] = []
    matching: dict[int, int] = {}
    commas: dict[int, int] = {}
    while i < n:
        c = text[i]
        if c == "#":
            nl = text.find("\n", i)
            if nl < 0:
                return SourceState(None, "", True, tuple(stack), matching, commas)
            i = nl + 1
            continue
        if c in "'\"":
            quote = text[i : i + 3] if text[i : i + 3] in ("'''", '"""') else c
            start = i
            i += len(quote)
            while True:
                if i >= n:
                    return SourceState(start, quote, False, tuple(stack), matching, commas)
                if text[i] == "\\":
                    i += 2
                    continue
                if text.startswith(quote, i):
                    i += len(quote)
                    break
                if text[i] == "\n" and len(quote) == 1:
                    i += 1  # an unterminated one-line string ends at the newline
                    break
                i += 1
            continue
        if c in "([{":
            stack.append(i)
            commas[i] = 0
        elif c in ")]}":
            if stack:
                matching[i] = stack.pop()
        elif c == "," and stack:
            commas[stack[-1]] += 1
        i += 1
    return SourceState(None, "", False, tuple(stack), matching, commas)


def expression_before(text: str, end: int, matching: dict[int, int]) -> str:
    """The dotted/called/subscripted expression that ends just before ``end``.

    ``a.b(c)[0].d`` is returned whole; scanning stops at an operator, a space or
    the start of the text.
    """
    i = end
    while i > 0:
        c = text[i - 1]
        if c.isalnum() or c == "_" or c == ".":
            i -= 1
        elif c in ")]}" and (i - 1) in matching:
            i = matching[i - 1]
        elif c in "'\"":
            # a string literal as the start of the chain: "abc".upper
            j = text.rfind(c, 0, i - 1)
            if j < 0:
                break
            i = j
            while i > 0 and text[i - 1] in "rRbBuUfF":
                i -= 1
            break
        else:
            break
    expr = text[i:end]
    # a bare number or leading dots is no expression to complete on
    return expr.lstrip(".") if not expr[:1].isdigit() else ""


def _import_context(line: str) -> CompletionContext | None:
    m = _FROM_LINE.match(line)
    if m:
        if not m.group("space"):
            return CompletionContext(IMPORT_MODULE, prefix=_word_in_module(m.group("module")),
                                     expr=_package_of(m.group("module")))
        rest = m.group("rest")
        if not rest.startswith("import"):
            if "import".startswith(rest) and rest.isidentifier() or not rest:
                return CompletionContext(KEYWORD, prefix=rest, expr="import")
            return CompletionContext(NOTHING)
        names = rest[len("import"):]
        if names and not names[0].isspace() and names[0] != "(":
            return CompletionContext(NOTHING)
        last = re.split(r"[,(]", names)[-1].strip()
        if len(last.split()) > 1:  # `name as alias`: a new name is being made up
            return CompletionContext(NOTHING)
        return CompletionContext(IMPORT_NAME, prefix=last if last.isidentifier() else "",
                                 expr=m.group("module"))
    m = _IMPORT_LINE.match(line)
    if m:
        last = m.group("rest").split(",")[-1].strip()
        if " " in last:
            return CompletionContext(NOTHING)
        return CompletionContext(IMPORT_MODULE, prefix=_word_in_module(last), expr=_package_of(last))
    return None


def _word_in_module(dotted: str) -> str:
    return dotted.rsplit(".", 1)[-1]


def _package_of(dotted: str) -> str:
    return dotted.rsplit(".", 1)[0] if "." in dotted else ""


def _call_of(text: str, state: SourceState) -> tuple[str | None, int]:
    if not state.open_brackets or text[state.open_brackets[-1]] != "(":
        return None, 0
    opener = state.open_brackets[-1]
    callee = expression_before(text, opener, state.matching)
    if not _is_callee(callee):
        return None, 0
    return callee, state.commas.get(opener, 0)


def _is_callee(expr: str) -> bool:
    return bool(expr) and (expr[-1].isalnum() or expr[-1] in "_)]") and not keyword.iskeyword(expr)


def completion_context(text: str) -> CompletionContext:
    """Classify what should be completed at the end of ``text`` (the text before the cursor)."""
    state = scan(text)
    if state.in_comment:
        return CompletionContext(NOTHING)
    if state.string_start is not None:
        return _string_context(text, state)
    # the logical line: from the line where the outermost open bracket is, so that
    # `from os import (path,\n    se` is still an import
    start = state.open_brackets[0] if state.open_brackets else len(text)
    line = text[text.rfind("\n", 0, start) + 1 :].replace("\n", " ")
    imported = _import_context(line)
    if imported is not None:
        return imported
    prefix = _IDENT_TAIL.search(text).group(0)  # type: ignore[union-attr]
    before = text[: len(text) - len(prefix)]
    if before.endswith("."):
        expr = expression_before(before, len(before) - 1, state.matching)
        if not expr:
            return CompletionContext(NOTHING)
        return CompletionContext(ATTRIBUTE, prefix=prefix, expr=expr)
    if before.rstrip()[-1:].isdigit() and before[-1:] not in " \t(":
        return CompletionContext(NOTHING)
    words = before.split()
    if words and words[-1] in _KEYWORDS_BEFORE_NOTHING and before[-1:].isspace():
        return CompletionContext(NOTHING)
    opener = state.open_brackets[-1] if state.open_brackets else -1
    if opener >= 0 and text[opener] == "[" and not before[opener + 1:].strip():
        expr = expression_before(text, opener, state.matching)
        if expr:
            return CompletionContext(DICT_KEY, prefix=prefix, expr=expr)
    call, arg_index = _call_of(text, state)
    return CompletionContext(NAME, prefix=prefix, call=call, arg_index=arg_index)


def _string_context(text: str, state: SourceState) -> CompletionContext:
    start = state.string_start
    assert start is not None
    content = text[start + len(state.quote) :]
    prefix_chars = _STRING_PREFIX.search(text[:start]).group(0)  # type: ignore[union-attr]
    if "f" in prefix_chars.lower():
        # inside the braces of an f-string the text is an expression again
        brace = _open_brace(content)
        if brace is None:
            return CompletionContext(NOTHING)
        inner = completion_context(content[brace + 1 :])
        return inner if inner.kind in (NAME, ATTRIBUTE, DICT_KEY) else CompletionContext(NOTHING)
    opener = start - len(prefix_chars)
    head = text[:opener].rstrip()
    if head.endswith("[") and (len(head) - 1) in state.open_brackets:
        expr = expression_before(head, len(head) - 1, state.matching)
        if expr:
            return CompletionContext(DICT_KEY, prefix=content, expr=expr, quote=state.quote)
    if "\n" in content:
        return CompletionContext(NOTHING)
    return CompletionContext(PATH, prefix=content, quote=state.quote)


def _open_brace(content: str) -> int | None:
    """Index of the ``{`` of an f-string replacement field still open at the end, if any."""
    stack: list[int] = []
    i = 0
    while i < len(content):
        if content.startswith(("{{", "}}"), i) and not stack:
            i += 2
            continue
        if content[i] == "{":
            stack.append(i)
        elif content[i] == "}" and stack:
            stack.pop()
        i += 1
    return stack[0] if stack else None


def call_at(text: str) -> tuple[str, int] | None:
    """The callee expression and argument index of the innermost call open at the end of ``text``."""
    state = scan(text)
    if state.in_comment:
        return None
    # A cursor inside a string argument still belongs to the call around it.
    if state.string_start is not None:
        state = scan(text[: state.string_start])
    for opener in reversed(state.open_brackets):
        if text[opener] != "(":
            continue
        callee = expression_before(text, opener, state.matching)
        return (callee, state.commas.get(opener, 0)) if _is_callee(callee) else None
    return None
