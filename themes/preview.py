"""``shellkit themes show NAME``: a sample of everything a theme colours, drawn as the shells draw it.

The sample is prompt_toolkit formatted text using the same style classes the shells use
(pygments token classes, ``completion-menu.*``, ``bottom-toolbar.*``, ``output.*``), so
``Theme.render`` shows it exactly as a prompt would.
"""

from __future__ import annotations

import os

from prompt_toolkit.formatted_text import StyleAndTextTuples

from themes.contrast import contrast_problems
from themes.terminal import DEPTH_LABELS
from themes.theme import Theme, lex

WIDTH = 72
MAX_PROBLEMS = 8

SQL_SAMPLE = """\
SELECT c.name, count(*) AS orders, sum(o.total) AS spent  -- per customer
FROM customers AS c JOIN orders AS o ON o.customer_id = c.id
WHERE o.placed_at >= DATE '2024-01-01' AND c.email LIKE '%@example.com'
GROUP BY c.name HAVING count(*) > 2;"""

PYTHON_SAMPLE = '''\
@dataclass(frozen=True)
class Order:
    """One order of a customer."""
    id: int
    total: float = 0.0  # euros

    def label(self) -> str:
        return f"order #{self.id}: {self.total:.2f}" if self.total else None'''

MENU = [("customers", "table"), ("customer_types", "table"), ("current_date", "function"),
        ("current_user", "function")]

# Where prompt_toolkit would open the menu: under "cu" of the sample prompt line, less its margin.
MENU_COLUMN = len("  db> SELECT * FROM ") - 1

TABLE = [("1", "Ada Lovelace", "120.50", None), ("2", "Brian Kernighan", "9.99", "gift wrap")]


def _indent(fragments: StyleAndTextTuples, prefix: str = "  ") -> StyleAndTextTuples:
    out: StyleAndTextTuples = []
    line_start = True
    for style, text, *_ in fragments:
        for i, part in enumerate(text.split("\n")):
            if i:
                out.append(("", "\n"))
                line_start = True
            if part:
                if line_start:
                    out.append(("", prefix))
                    line_start = False
                out.append((style, part))
    return out


def _heading(text: str) -> StyleAndTextTuples:
    return [("", "\n"), ("bold underline", text), ("", "\n")]


def _menu(theme: Theme) -> StyleAndTextTuples:
    out: StyleAndTextTuples = []
    for i, (word, meta) in enumerate(MENU):
        current = ".current" if i == 0 else ""
        # Without colour the selected row is reverse video on a terminal, but a plain
        # sample (pipe, NO_COLOR) can only mark it.
        lead = ">" if current and theme.colorless else " "
        out += [("", " " * MENU_COLUMN),
                (f"class:completion-menu class:completion-menu.completion{current}", f"{lead}{word:<15} "),
                (f"class:completion-menu class:completion-menu.meta.completion{current}", f" {meta:<9} "),
                ("class:completion-menu class:scrollbar.button" if i < 2 else
                 "class:completion-menu class:scrollbar.background", " "),
                ("", "\n")]
    return out


def _toolbar() -> StyleAndTextTuples:
    parts = [("class:bottom-toolbar.key", " [F3]"), ("class:bottom-toolbar.text", " Multi-line: off  "),
             ("class:bottom-toolbar.key", "[F4]"), ("class:bottom-toolbar.text", " Emacs  "),
             ("class:bottom-toolbar.text", "shop@localhost  "),
             ("class:bottom-toolbar.warning", "Failed transaction")]
    used = sum(len(t) for _, t in parts)
    parts.append(("class:bottom-toolbar.text", " " * max(WIDTH - used, 0)))
    return [("class:bottom-toolbar " + style, text) for style, text in parts] + [("", "\n")]


def _sql_prompt_line() -> StyleAndTextTuples:
    return [("class:prompt", "db> "), *lex("SELECT * FROM cu", "postgresql"),
            ("class:auto-suggestion", "stomers WHERE id = 1"), ("", "\n")]


def _python_prompt_line() -> StyleAndTextTuples:
    return [("class:prompt", ">>> "), *lex("sum", "python"),
            ("class:pygments.punctuation class:matching-bracket.cursor", "("),
            *lex("o.total for o in ", "python"),
            ("class:pygments.name class:search", "orders"),
            ("class:pygments.punctuation class:matching-bracket.other", ")"),
            ("", "   "), ("class:search-toolbar", "search: "), ("class:search-toolbar.text", "orders"), ("", "\n")]


def _table(theme: Theme) -> StyleAndTextTuples:
    null = "<null>"
    widths = [2, 15, 6, 9]
    out: StyleAndTextTuples = []
    header = ["id", "name", "total", "note"]
    for i, h in enumerate(header):
        out += [("", " " if i == 0 else " | "), ("class:output.header", h.ljust(widths[i]))]
    out += [("", "\n" + "-+-".join("-" * (w + (1 if i == 0 else 0)) for i, w in enumerate(widths)) + "\n")]
    for row in TABLE:
        for i, value in enumerate(row):
            sep = " " if i == 0 else " | "
            if value is None:
                out += [("", sep), ("class:output.null", null.ljust(widths[i]))]
            elif i in (0, 2):
                out += [("", sep), ("class:output.number", value.rjust(widths[i]))]
            else:
                out += [("", sep + value.ljust(widths[i]))]
        out += [("", "\n")]
    out += [("class:output.footer", "(2 rows)"), ("", "\n\n")]
    out += [("class:output.error", 'ERROR:  column "totl" does not exist'), ("", "\n"),
            ("", "LINE 1: SELECT totl FROM orders\n"), ("", " " * 15), ("class:output.caret", "^"), ("", "\n"),
            ("class:output.warning", "WARNING:  there is no transaction in progress"), ("", "\n")]
    return out


def _listing() -> StyleAndTextTuples:
    lines = [("  7", "", "    def label(self) -> str:"),
             ("  8", "B", '        if not self.total:'),
             ("  9", "->", '            return "free"')]
    out: StyleAndTextTuples = []
    for number, mark, code in lines:
        current = mark == "->"
        out.append(("class:output.current" if current else "class:output.lineno", number))
        out.append(("class:output.breakpoint" if mark == "B" else "class:output.current", f" {mark:<2} "))
        out += lex(code, "python")
        out.append(("", "\n"))
    return out


def preview(theme: Theme) -> StyleAndTextTuples:
    """The whole sample for ``theme`` as formatted text."""
    depth = DEPTH_LABELS[theme.color_depth] if not theme.colorless else "no colour (NO_COLOR, TERM=dumb, or not a terminal)"
    env = ", ".join(f"{k}={os.environ[k]}" for k in ("TERM", "COLORTERM", "NO_COLOR") if k in os.environ)
    background = theme.background or "the terminal's own"
    out: StyleAndTextTuples = [
        ("bold", theme.name), ("", f" ({theme.kind}): {theme.description}\n"),
        ("", f"shown at {depth}" + (f" ({env})" if env else "") + f"; made for background {background}\n"),
    ]
    out += _heading("SQL") + _indent(lex(SQL_SAMPLE, "postgresql")) + [("", "\n")]
    out += _heading("Python") + _indent(lex(PYTHON_SAMPLE, "python")) + [("", "\n")]
    out += _heading("Prompt, completion menu, search and toolbar")
    out += _indent(_sql_prompt_line()) + _menu(theme) + _indent(_python_prompt_line()) + _toolbar()
    out += _heading("Result")
    out += _indent(_table(theme))
    out += _heading("Debugger listing")
    out += _indent(_listing())
    problems = contrast_problems(theme) if theme.kind != "built-in" else []
    if problems:
        out += _heading(f"Below WCAG contrast ({len(problems)})")
        for p in problems[:MAX_PROBLEMS]:
            out.append(("", f"  {p.what}: {p.fg} on {p.bg} is {p.ratio}:1, needs {p.required}:1\n"))
        if len(problems) > MAX_PROBLEMS:
            out.append(("", f"  … and {len(problems) - MAX_PROBLEMS} more\n"))
    return out
