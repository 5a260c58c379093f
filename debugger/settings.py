"""The debugger's settings: the ``[debugger]`` section of the shellkit config file.

Every extra that changes what pdb prints is off by default, so a plain ``Debugger()``
prints what the stdlib ``pdb.Pdb`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class DebuggerSettings:
    """What the debugger does beyond stdlib pdb.

    sticky: show the current function's source after every stop (toggle: ``sticky``).
    hide_frames: leave frames whose locals or globals set ``__tracebackhide__`` out of the
        stack (toggle: ``hf_hide`` / ``hf_unhide``; list them: ``hf_list``).
    smart_commands: a name that exists in the frame wins over a pdb command of the same
        name (``c`` prints the variable ``c``); ``!!c`` then forces the command.
    highlight: colour ``list``/``longlist``/``source`` output and sticky mode at a terminal.
    repr_budget: seconds a value's repr may take at the interactive prompt before a
        placeholder is shown instead (``p``, ``pp``, ``args``, ``retval``, ``display``).
    repr_limit: characters of a repr shown at the interactive prompt before it is cut.
    """

    sticky: bool = False
    hide_frames: bool = False
    smart_commands: bool = False
    highlight: bool = True
    repr_budget: float = 1.0
    repr_limit: int = 20000

    def with_changes(self, **changes: Any) -> DebuggerSettings:
        """A copy with some settings changed."""
        return replace(self, **changes)


def load_settings() -> DebuggerSettings:
    """The settings from the config file (defaults for anything missing or invalid)."""
    from shellkit.config import load_config

    try:
        section = load_config(write_defaults=False).section("debugger")
    except Exception:  # noqa: BLE001 - a broken config must never stop a breakpoint
        return DebuggerSettings()
    known = DebuggerSettings.__dataclass_fields__
    values = {key: value for key, value in section.items() if key in known}
    return DebuggerSettings(**values)
