"""A server that accepts the connection and never answers (a hung host, a stuck proxy).

`-c … --format csv` must fail once, after connect_timeout, with the normal path's message;
the fast path must not leave the normal path to try (and wait) a second time, and MySQL's
login must not hang for ever. Ctrl-C while connecting says so, as the normal path does.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys

import pytest

from pgcli_like.export.postgres import _one_attempt


@pytest.fixture
def silent_port():
    """A loopback port whose connections the kernel completes and nobody ever serves."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    try:
        yield listener
    finally:
        listener.close()


def _connections(listener: socket.socket) -> int:
    """How many connections were made to ``listener`` (taken off its queue)."""
    listener.setblocking(False)
    count = 0
    try:
        while True:
            conn, _ = listener.accept()
            conn.close()
            count += 1
    except BlockingIOError:
        return count
    finally:
        listener.setblocking(True)


def _dsn(engine: str, port: int, extra: str = "") -> str:
    user = "postgres" if engine == "postgresql" else "root"
    return f"{engine}://{user}@127.0.0.1:{port}/test?connect_timeout=2{extra}"


def _env(tmp_path, fast: bool) -> dict[str, str]:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    env.pop("SHELLKIT_NO_FAST_EXPORT", None)
    if not fast:
        env["SHELLKIT_NO_FAST_EXPORT"] = "1"
    return env


def _export(dsn: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pgcli_like", dsn, "-c", "SELECT 1", "--format", "csv"],
                          capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize("engine, extra, message", [
    ("postgresql", "", "cannot connect to PostgreSQL: connection timeout expired"),
    ("mysql", "", "cannot connect to MySQL/MariaDB: Lost connection to MySQL server during login (timed out)"),
    # TLS asked for: the exporter logs in through PyMySQL rather than its own small client.
    ("mysql", "&ssl_mode=preferred",
     "cannot connect to MySQL/MariaDB: Lost connection to MySQL server during login (timed out)"),
], ids=["postgresql", "mysql", "mysql-through-pymysql"])
def test_a_silent_server_fails_once_with_the_normal_paths_message(engine, extra, message, silent_port, tmp_path):
    dsn = _dsn(engine, silent_port.getsockname()[1], extra)
    results = {}
    for fast in (True, False):
        done = _export(dsn, _env(tmp_path, fast))
        results[fast] = (done.returncode, done.stdout, done.stderr, _connections(silent_port))
    assert results[False] == (1, "", f"shellkit sql: {message}\n", 1)
    assert results[True] == results[False]  # one attempt, not the exporter's and then the normal path's


@pytest.mark.parametrize("engine", ["postgresql", "mysql"])
@pytest.mark.parametrize("fast", [True, False], ids=["exporter", "normal path"])
def test_ctrl_c_while_connecting_says_not_connected(engine, fast, silent_port, tmp_path):
    dsn = _dsn(engine, silent_port.getsockname()[1]).replace("connect_timeout=2", "connect_timeout=60")
    proc = subprocess.Popen([sys.executable, "-m", "pgcli_like", dsn, "-c", "SELECT 1", "--format", "csv"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(tmp_path, fast))
    try:
        # Connected at the TCP level: the login is now waiting for the server.
        assert select.select([silent_port], [], [], 30)[0], "the client never connected"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
        proc.wait()
    assert (proc.returncode, out, err) == (130, "", "shellkit sql: not connected (interrupted)\n")


@pytest.mark.parametrize("params, expected", [
    ({"host": "127.0.0.1"}, True),
    ({"host": "::1"}, True),
    ({"host": "/var/run/postgresql"}, True),
    ({"host": "db.example", "hostaddr": "10.0.0.1"}, True),
    ({"host": "a.example,b.example"}, False),
    ({"host": "127.0.0.1", "target_session_attrs": "prefer-standby"}, False),
    ({"service": "prod"}, False),
], ids=["ipv4", "ipv6", "socket directory", "hostaddr", "two hosts", "prefer-standby", "service file"])
def test_a_postgres_timeout_is_reported_only_when_psycopg_would_make_one_attempt(params, expected, monkeypatch):
    for env in ("PGHOST", "PGHOSTADDR", "PGSERVICE", "PGTARGETSESSIONATTRS", "PGPORT"):
        monkeypatch.delenv(env, raising=False)
    assert _one_attempt(params) is expected


def test_a_name_with_several_addresses_is_several_attempts(monkeypatch):
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [object(), object()])
    assert _one_attempt({"host": "db.example"}) is False
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: [object()])
    assert _one_attempt({"host": "db.example"}) is True
