"""The configuration file: one TOML file for every shell, written with commented defaults on first run.

``shellkit/default_config.toml`` is both the file users get on first run (with every
setting commented out) and the list of known settings: a setting's type is the type of
its default, a ``# one of: a, b`` comment right above a key lists the accepted values,
and a table whose header says ``# any key`` accepts any key with a text value.

A bad setting never stops a shell: an unknown key, a value of the wrong type, or a TOML
syntax error gives exactly one warning on stderr naming the file, the key and the
default used, and the default applies.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shellkit.paths import config_file, ensure_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised under 3.10
    import tomli as tomllib

DEFAULTS_FILE = Path(__file__).with_name("default_config.toml")

_KEY_LINE = re.compile(r"^([A-Za-z0-9_-]+|\"[^\"]*\")\s*=")
_HEADER = re.compile(r"^\[\s*([A-Za-z0-9_-]+)\s*\]\s*(#.*)?$")
_ONE_OF = re.compile(r"^#\s*one of:\s*(.+)$")
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")

_warned: set[str] = set()


class ConfigError(Exception):
    """The configuration file could not be changed; the message is meant for the user."""


@dataclass(frozen=True, slots=True)
class Setting:
    """A known setting: its default value and, for text settings, the accepted values."""

    default: Any
    choices: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Schema:
    """Every known section and setting, read from default_config.toml."""

    sections: dict[str, dict[str, Setting]]
    any_key: frozenset[str]  # tables that accept any key with a text value


def warn(message: str) -> None:
    """Print a configuration warning on stderr, once per process for the same message."""
    if message not in _warned:
        _warned.add(message)
        print(f"shellkit: {message}", file=sys.stderr)


def load_schema(text: str | None = None) -> Schema:
    """Parse the defaults file (or ``text``) into the known sections and settings."""
    return _parse_schema(DEFAULTS_FILE.read_text(encoding="utf-8") if text is None else text)


@functools.lru_cache(maxsize=4)  # completers look settings up often; the defaults rarely change
def _parse_schema(text: str) -> Schema:
    values = tomllib.loads(text)
    choices: dict[tuple[str, str], tuple[str, ...]] = {}
    any_key: set[str] = set()
    section = ""
    pending: tuple[str, ...] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        header = _HEADER.match(line)
        if header:
            section = header.group(1)
            if header.group(2) and "any key" in header.group(2):
                any_key.add(section)
            pending = None
            continue
        one_of = _ONE_OF.match(line)
        if one_of:
            pending = tuple(c.strip() for c in one_of.group(1).split(",") if c.strip())
            continue
        key = _KEY_LINE.match(line)
        if key and pending is not None:
            choices[(section, key.group(1).strip('"'))] = pending
        if not line.startswith("#"):
            pending = None
    sections = {
        name: {key: Setting(value, choices.get((name, key))) for key, value in table.items()}
        for name, table in values.items()
        if isinstance(table, dict)
    }
    return Schema(sections, frozenset(any_key))


def commented_defaults(text: str | None = None) -> str:
    """The defaults file with every setting commented out: what a first run writes."""
    text = DEFAULTS_FILE.read_text(encoding="utf-8") if text is None else text
    return "\n".join("# " + line if _KEY_LINE.match(line) else line for line in text.splitlines()) + "\n"


def default_path() -> Path:
    """``$SHELLKIT_CONFIG`` if set, else ``$XDG_CONFIG_HOME/shellkit/config.toml``."""
    return config_file()


def load_config(path: str | os.PathLike[str] | None = None, *, write_defaults: bool = True) -> Config:
    """Read the user's configuration; on first run write the commented defaults file.

    Never raises for a bad file: problems are warned about on stderr and defaults used.
    """
    file = Path(path) if path is not None else default_path()
    schema = load_schema()
    if not file.exists() and write_defaults:
        try:
            ensure_dir(file.parent)
            file.write_text(commented_defaults(), encoding="utf-8")
        except OSError as err:
            warn(f"cannot write the default configuration to {file}: {err.strerror or err}")
    return Config(file, _read_user_file(file), schema)


def _read_user_file(file: Path) -> dict[str, Any]:
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as err:
        warn(f"cannot read {file}: {err.strerror or err}; using the default settings")
        return {}
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        warn(f"{file} is not UTF-8 text (byte {err.start}); using the default settings")
    except tomllib.TOMLDecodeError as err:
        warn(f"{file}: {err}; using the default settings")
    return {}


class Config:
    """The merged configuration: the user's file over the defaults, checked one section at a time."""

    def __init__(self, path: Path, user: dict[str, Any], schema: Schema | None = None) -> None:
        self.path = path
        self.schema = schema or load_schema()
        self._user = user
        self._sections: dict[str, dict[str, Any]] = {}
        for name, table in user.items():
            if name not in self.schema.sections:
                warn(f"{path}: unknown section [{name}]{_did_you_mean(name, self.schema.sections, '[{}]')}; ignored")
            elif not isinstance(table, dict):
                warn(f"{path}: {name} = {_toml_value(table)} should be a table [{name}]; using its defaults")

    def section(self, name: str) -> dict[str, Any]:
        """Settings of one section: the defaults, overridden by the user's valid values.

        Each bad key is warned about once (on stderr) and its default kept. Returns a new
        dict the caller may change freely.
        """
        if name not in self._sections:
            self._sections[name] = self._checked(name)
        return dict(self._sections[name])

    def _checked(self, name: str) -> dict[str, Any]:
        known = self.schema.sections.get(name, {})
        merged = {key: setting.default for key, setting in known.items()}
        table = self._user.get(name)
        if not isinstance(table, dict):
            return merged
        free = name in self.schema.any_key
        for key, value in table.items():
            if free and key not in known:
                if isinstance(value, str):
                    merged[key] = value
                else:
                    warn(f"{self.path}: [{name}] {key} = {_toml_value(value)} should be text; ignored")
                continue
            setting = known.get(key)
            if setting is None:
                warn(f"{self.path}: unknown setting {key!r} in [{name}]{_did_you_mean(key, known, '{}')}; ignored")
                continue
            problem = _problem(value, setting)
            if problem:
                warn(f"{self.path}: [{name}] {key} = {_toml_value(value)} {problem}; "
                     f"using the default {_toml_value(setting.default)}")
            else:
                merged[key] = value
        return merged

    def write_section(self, name: str, mapping: dict[str, Any]) -> None:
        """Replace table ``[name]`` in the user's file with ``mapping``, keeping the rest.

        Comment lines right under the table's header are kept; the table's old keys are
        replaced. Raises ConfigError when the file cannot be written.
        """
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = commented_defaults()
        except (OSError, UnicodeDecodeError) as err:
            raise ConfigError(f"cannot read {self.path}: {getattr(err, 'strerror', None) or err}") from err
        new_text = replace_table(text, name, mapping)
        try:
            parsed = tomllib.loads(new_text)
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"cannot update [{name}] in {self.path}: {err}") from err
        _atomic_write(self.path, new_text)
        self._user = parsed
        self._sections.pop(name, None)


def replace_table(text: str, name: str, mapping: dict[str, Any]) -> str:
    """``text`` with the keys of table ``[name]`` replaced by ``mapping`` (table appended if absent).

    Comments and blank lines inside the table stay where they are; the new keys go where
    the first old key was, or after the table's opening comments.
    """
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines)
                  if (m := _HEADER.match(line.strip())) and m.group(1) == name), None)
    body = [f"{_toml_key(key)} = {_toml_value(value)}" for key, value in mapping.items()]
    if start is None:
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join([*lines, "", f"[{name}]", *body]) + "\n"
    end = next((i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")), len(lines))
    table = lines[start + 1:end]
    kept: list[str] = []
    at: int | None = None
    i = 0
    while i < len(table):
        if _KEY_LINE.match(table[i].strip()):
            at = len(kept) if at is None else at
            i += _value_lines(table, i)
        else:
            kept.append(table[i])
            i += 1
    if at is None:
        at = next((n for n, line in enumerate(kept) if not line.lstrip().startswith("#")), len(kept))
    kept[at:at] = body
    return "\n".join([*lines[:start + 1], *kept, *lines[end:]]) + "\n"


def _value_lines(lines: list[str], first: int) -> int:
    """How many lines the key/value pair starting at ``lines[first]`` spans (multi-line strings, arrays)."""
    for count in range(1, len(lines) - first + 1):
        try:
            tomllib.loads("\n".join(lines[first:first + count]))
            return count
        except tomllib.TOMLDecodeError:
            continue
    return 1


def _atomic_write(path: Path, text: str) -> None:
    # Write beside the file and rename, so a crash never leaves half a config behind.
    try:
        ensure_dir(path.parent)
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        import tempfile  # only a write needs it, not every start

        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".config-", suffix=".toml")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as err:
        raise ConfigError(f"cannot write {path}: {err.strerror or err}") from err


def _did_you_mean(word: str, known: Iterable[str], form: str) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.7)
    return f" (did you mean {form.format(close[0])}?)" if close else ""


def _problem(value: Any, setting: Setting) -> str | None:
    default = setting.default
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "is not true or false"
    if isinstance(default, (int, float)):
        # every number setting is a count, size or time: a negative one is a mistake
        # (and a negative menu height would crash the prompt)
        whole = isinstance(default, int)
        ok = isinstance(value, int if whole else (int, float)) and not isinstance(value, bool)
        if not ok:
            return "is not a whole number" if whole else "is not a number"
        return "is negative" if value < 0 else None
    if isinstance(default, str):
        if not isinstance(value, str):
            return "is not text"
        if setting.choices and value not in setting.choices:
            return "is not one of " + ", ".join(setting.choices)
        return None
    if isinstance(default, list):
        return None if isinstance(value, list) else "is not a list"
    if isinstance(default, dict):
        return None if isinstance(value, dict) else "is not a table"
    return None


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _toml_string(key)


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    escaped = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped)
    return f'"{escaped}"'


def _toml_value(value: Any) -> str:
    """A Python value as TOML text (used to write tables and to quote values in warnings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise ConfigError(f"cannot store {type(value).__name__} value {value!r} in the configuration file")
