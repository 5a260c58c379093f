"""What the PostgreSQL and MySQL drivers share: credentials kept for reconnecting, notices."""

from __future__ import annotations

from pgcli_like.drivers.base import ConnectionTarget


class ServerDriver:
    """Base of the drivers that talk to a server over a connection they may reopen.

    Keeps the password that opened the connection (for ``clone``/``reconnect``, never
    shown), whether the session was made read-only (re-applied on reconnect), and the
    notices/warnings the server sent until ``take_notices`` collects them.
    """

    def __init__(self, target: ConnectionTarget, password: str | None) -> None:
        self.target = target
        self._password = password
        self._notices: list[str] = []
        self._read_only = False

    def take_notices(self) -> list[str]:
        """Notices/warnings the server sent since the last call."""
        notices, self._notices = self._notices, []
        return notices
