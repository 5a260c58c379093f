"""The typed suggestion records: what kind of names the cursor position wants.

:func:`pgcli_like.context.analyze` produces them; each has one source in
:mod:`pgcli_like.completion_sources` that turns it into candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pgcli_like.scope import TableRef


@dataclass(frozen=True, slots=True)
class Keyword:
    """SQL keywords; after ``previous`` (CREATE, ORDER …) only the words that may follow it."""

    previous: str | None = None


@dataclass(frozen=True, slots=True)
class Schema:
    """Schema (PostgreSQL) or database-as-schema (MySQL, SQLite attached) names."""


@dataclass(frozen=True, slots=True)
class Relation:
    """Tables/views (and set-returning functions when ``functions``) in ``schema`` or the path."""

    schema: str | None = None
    kinds: tuple[str, ...] = ("table", "view")
    functions: bool = True
    local: tuple[str, ...] = ()  # CTE names visible at the cursor


@dataclass(frozen=True, slots=True)
class Join:
    """Whole join clauses built from the foreign keys of the tables already in the statement."""

    tables: tuple[TableRef, ...]


@dataclass(frozen=True, slots=True)
class JoinCondition:
    """``a.x = b.y`` conditions between the last joined table and the earlier ones."""

    tables: tuple[TableRef, ...]


@dataclass(frozen=True, slots=True)
class Alias:
    """The names (aliases) the tables in scope go by."""

    tables: tuple[TableRef, ...]


@dataclass(frozen=True, slots=True)
class Column:
    """Columns of ``tables``; ``parent`` set when typed after ``alias.``.

    ``require_common``: only columns every table has (``USING (``); ``insert``: the
    column list of INSERT (all columns, unqualified).
    """

    tables: tuple[TableRef, ...]
    parent: str | None = None
    require_common: bool = False
    insert: bool = False


@dataclass(frozen=True, slots=True)
class ColumnStar:
    """Expand ``*`` (or ``alias.*``) to the explicit column list of ``tables``."""

    tables: tuple[TableRef, ...]
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Function:
    """Functions (builtin and user) in ``schema`` or along the search path."""

    schema: str | None = None
    signature: bool = False  # after DROP/ALTER FUNCTION: complete the full signature


@dataclass(frozen=True, slots=True)
class Datatype:
    """Builtin and user-defined data types."""

    schema: str | None = None


@dataclass(frozen=True, slots=True)
class EnumValue:
    """The values of the enum type of ``column`` (of one of ``tables``)."""

    column: str
    tables: tuple[TableRef, ...]
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Database:
    """Database names (``\\c``, ``USE``)."""


@dataclass(frozen=True, slots=True)
class Special:
    """Backslash/special command names."""


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """Names from the ``[named_queries]`` config section."""


@dataclass(frozen=True, slots=True)
class File:
    """File names relative to the current directory."""


@dataclass(frozen=True, slots=True)
class TableFormat:
    """Output format names (``\\T``)."""


@dataclass(frozen=True, slots=True)
class Theme:
    """Colour theme names (``\\theme``), as ``shellkit themes`` lists them."""


Suggestion = (Keyword | Schema | Relation | Join | JoinCondition | Alias | Column | ColumnStar | Function
              | Datatype | EnumValue | Database | Special | NamedQuery | File | TableFormat
              | Theme)


@dataclass(frozen=True, slots=True)
class CompletionContext:
    """The analysis of one cursor position.

    ``word`` is what the typed text is matched against; completions replace the last
    ``replace`` characters before the cursor. ``quoted``: the word began with a quote.
    """

    word: str
    replace: int
    suggestions: tuple = ()
    quoted: bool = False
    parent: str | None = None
    tables: tuple[TableRef, ...] = field(default=(), compare=False)


NOTHING = CompletionContext("", 0, ())
