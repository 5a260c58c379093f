"""The debugger's output stream: a wrapper that outlives its reader, and terminal detection."""

from __future__ import annotations

from typing import Any


class SurvivingStream:
    """Wraps a text stream so writing to a closed one (``| head`` exited, stdout closed) is a
    no-op instead of an exception that would end the debugging session."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    @property
    def wrapped(self) -> Any:
        """The stream underneath."""
        return self._stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except (BrokenPipeError, ValueError):  # ValueError: "I/O operation on closed file"
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except (BrokenPipeError, ValueError):
            pass

    def isatty(self) -> bool:
        return is_terminal(self._stream)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def is_terminal(stream: Any) -> bool:
    """Whether ``stream`` is an open terminal (False for closed or odd streams)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False
