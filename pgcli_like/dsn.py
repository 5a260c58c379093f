"""Turning what the user typed (DSN, psql-style options, environment) into a ConnectionTarget.

PostgreSQL details that libpq already knows how to find — ``PG*`` variables,
``~/.pgpass``, service files — are left unset here so that libpq fills them in.
For MySQL/MariaDB the ``[client]`` section of ``~/.my.cnf`` supplies what the DSN
leaves out, as the ``mariadb`` client does.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from pgcli_like.drivers.base import ConnectionError_, ConnectionTarget, Engine

_SCHEMES: dict[str, Engine] = {
    "postgresql": "postgresql",
    "postgres": "postgresql",
    "pgsql": "postgresql",
    "mysql": "mysql",
    "mariadb": "mysql",
    "sqlite": "sqlite",
    "sqlite3": "sqlite",
}
_SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".db3")
_KEYWORD_DSN = re.compile(r"^\s*[A-Za-z_]+\s*=")


class DsnError(ConnectionError_):
    """The DSN could not be understood."""


def parse_dsn(
    text: str | None = None,
    *,
    host: str | None = None,
    port: int | str | None = None,
    user: str | None = None,
    database: str | None = None,
    password: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> ConnectionTarget:
    """Parse a DSN; keyword arguments (psql's -h -p -U -d) override its parts.

    Accepts ``postgresql://``/``postgres://``, ``mysql://``/``mariadb://``,
    ``sqlite:///relative.db`` / ``sqlite:////abs.db``, a path to an SQLite file,
    ``:memory:``, PostgreSQL keyword DSNs (``host=… dbname=…``) and a bare database
    name (PostgreSQL, as ``psql NAME``). With no text, ``DATABASE_URL`` is used; with
    neither (and no -h/-p/-U/-d) the target is an in-memory SQLite database.
    """
    env = os.environ if environ is None else environ
    overrides = {"host": host, "port": _port(port), "user": user, "database": database, "password": password}
    if not text:
        text = env.get("DATABASE_URL") or None
    if text is None:
        server_parts = any(overrides[k] is not None for k in ("host", "port", "user"))
        if database is not None and not server_parts and _looks_like_sqlite_file(database):
            return ConnectionTarget(engine="sqlite", database=_expand(database))  # -d shop.db
        if any(v is not None for k, v in overrides.items() if k != "password"):
            return _apply(ConnectionTarget(engine="postgresql"), overrides)
        return ConnectionTarget(engine="sqlite", database=":memory:")
    text = text.strip()
    if text == ":memory:":
        return ConnectionTarget(engine="sqlite", database=":memory:")
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    if scheme:
        engine = _SCHEMES.get(scheme.split("+", 1)[0])
        if engine is None:
            raise DsnError(f"unknown database type {scheme!r} (use postgresql://, mysql://, mariadb:// or sqlite:///)")
        if engine == "sqlite":
            return _apply(_sqlite_url(text), overrides)
        target = _server_url(engine, text)
    elif text.lower().startswith("sqlite:"):
        return ConnectionTarget(engine="sqlite", database=_expand(text.split(":", 1)[1]))
    elif _KEYWORD_DSN.match(text):
        target = _keyword_dsn(text)
    elif _looks_like_sqlite_file(text):
        return ConnectionTarget(engine="sqlite", database=_expand(text))
    elif re.fullmatch(r"[\w.$-]+", text):
        target = ConnectionTarget(engine="postgresql", database=text)
    else:
        raise DsnError(f"cannot tell what database {text!r} is: use a URL such as postgresql://host/db, "
                       "mysql://host/db, or a path to an SQLite file")
    target = _apply(target, overrides)
    if target.engine == "mysql":
        target = _with_my_cnf(target, env)
    return target


def _port(port: int | str | None) -> int | None:
    if port is None or port == "":
        return None
    try:
        return int(port)
    except (TypeError, ValueError):
        raise DsnError(f"port must be a number, not {port!r}") from None


def _apply(target: ConnectionTarget, overrides: Mapping[str, object]) -> ConnectionTarget:
    from dataclasses import replace

    given = {k: v for k, v in overrides.items() if v is not None}
    if target.engine == "sqlite":
        return replace(target, database=_expand(str(given["database"]))) if "database" in given else target
    return replace(target, **given) if given else target


def _expand(path: str) -> str:
    return path if path == ":memory:" else os.path.expanduser(path)


def _looks_like_sqlite_file(text: str) -> bool:
    return (
        text.lower().endswith(_SQLITE_SUFFIXES)
        or "/" in text
        or text.startswith("~")
        or os.path.isfile(text)
    )


def _sqlite_url(text: str) -> ConnectionTarget:
    # SQLAlchemy's convention: sqlite:///relative.db, sqlite:////absolute.db, sqlite:// = memory.
    rest = text.split("://", 1)[1]
    rest, _, query = rest.partition("?")
    if rest.startswith("/"):
        rest = rest[1:]
    path = unquote(rest)
    options = tuple(parse_qsl(query))
    return ConnectionTarget(engine="sqlite", database=_expand(path) if path else ":memory:", options=options)


def _server_url(engine: Engine, text: str) -> ConnectionTarget:
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as err:
        raise DsnError(f"bad connection URL: {err}") from None
    host = unquote(parts.hostname) if parts.hostname else None
    options = tuple(parse_qsl(parts.query))
    # libpq also accepts ?host=/path for a socket directory; keep it as the host.
    opts = dict(options)
    if host is None and "host" in opts:
        host = opts.pop("host")
        options = tuple(opts.items())
    return ConnectionTarget(
        engine=engine,
        host=host,
        port=port,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password is not None else None,
        database=unquote(parts.path.lstrip("/")) or None,
        options=options,
    )


_KV = re.compile(r"\s*([A-Za-z_]+)\s*=\s*('(?:[^'\\]|\\.)*'|\S*)")


def _keyword_dsn(text: str) -> ConnectionTarget:
    """PostgreSQL ``key=value`` connection strings (libpq's syntax, quotes and backslashes)."""
    values: dict[str, str] = {}
    pos = 0
    while pos < len(text.rstrip()):
        m = _KV.match(text, pos)
        if not m:
            raise DsnError(f"bad connection string near {text[pos:pos + 20]!r}")
        raw = m.group(2)
        if raw.startswith("'"):
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
        values[m.group(1).lower()] = raw
        pos = m.end()
    host = values.pop("host", None) or values.pop("hostaddr", None)
    return ConnectionTarget(
        engine="postgresql",
        host=host,
        port=_port(values.pop("port", None)),
        user=values.pop("user", None),
        password=values.pop("password", None),
        database=values.pop("dbname", None),
        options=tuple(values.items()),
    )


def read_my_cnf(path: Path) -> dict[str, str]:
    """The ``[client]`` section of a MySQL option file (``key=value``, quotes removed)."""
    import configparser

    parser = configparser.RawConfigParser(allow_no_value=True, strict=False, comment_prefixes=("#", ";"))
    try:
        parser.read_string(path.read_text(errors="replace"))
    except (OSError, configparser.Error):
        return {}
    found: dict[str, str] = {}
    for section in ("client", "mysql", "mariadb-client", "client-mariadb"):
        if parser.has_section(section):
            for key, value in parser.items(section):
                if value is not None:
                    value = value.strip()
                    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                        value = value[1:-1]
                    found[key.replace("-", "_")] = value
    return found


def _with_my_cnf(target: ConnectionTarget, env: Mapping[str, str]) -> ConnectionTarget:
    from dataclasses import replace

    home = env.get("HOME") or os.path.expanduser("~")
    cnf = read_my_cnf(Path(home) / ".my.cnf")
    if not cnf:
        return target
    changes: dict[str, object] = {}
    for key, field in (("host", "host"), ("user", "user"), ("password", "password"), ("database", "database")):
        if getattr(target, field) is None and cnf.get(key):
            changes[field] = cnf[key]
    if target.port is None and cnf.get("port"):
        changes["port"] = _port(cnf["port"])
    opts = dict(target.options)
    if "unix_socket" not in opts and cnf.get("socket") and "host" not in changes and target.host is None:
        opts["unix_socket"] = cnf["socket"]
        changes["options"] = tuple(opts.items())
    return replace(target, **changes) if changes else target


def describe(target: ConnectionTarget) -> str:
    """A one-line description without the password: ``postgresql://user@host:5432/db``."""
    if target.engine == "sqlite":
        return f"sqlite:{target.database}"
    auth = f"{target.user}@" if target.user else ""
    port = f":{target.port}" if target.port else ""
    return f"{target.engine}://{auth}{target.host or ''}{port}/{target.database or ''}"


_KEYWORD_PASSWORD = re.compile(r"(?:^|\s)password\s*=\s*('(?:[^'\\]|\\.)*'|\S*)", re.I)


def without_password(text: str) -> tuple[str, str | None]:
    """``(dsn without its password, the password)``; the password is None when there is none."""
    if "://" in text:
        parts = urlsplit(text)
        if parts.password is None:
            return text, None
        netloc = parts.netloc.rsplit("@", 1)
        user = netloc[0].split(":", 1)[0]
        return parts._replace(netloc=f"{user}@{netloc[1]}").geturl(), unquote(parts.password)
    m = _KEYWORD_PASSWORD.search(text)
    if m is None or not _KEYWORD_DSN.match(text):
        return text, None
    value = m.group(1)
    if value.startswith("'"):
        value = re.sub(r"\\(.)", r"\1", value[1:-1])
    return (text[: m.start()] + text[m.end():]).strip(), value
