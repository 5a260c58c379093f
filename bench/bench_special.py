"""Special commands: ``\\copy`` throughput and ``\\d`` latency, against psql and sqlite3.

    python bench/run.py special

``\\copy`` moves 200,000 rows (int, text, numeric, timestamp) out to a file and back into an
empty table, on PostgreSQL (ours streams through psycopg's COPY protocol) and on SQLite
(ours inserts row by row in one transaction; sqlite3's ``.import``). ``\\d TABLE`` runs a
dozen catalog queries; it is timed as a whole command line (``-c``), with ``SELECT 1`` on
the same client as the startup baseline. Each number is the best of three runs.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

TITLE = "Special commands: \\copy 200,000 rows, \\d latency"

PG_DSN = os.environ.get("SHELLKIT_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
ROWS = 200_000
RUNS = 5
PG_FILL = f"""CREATE TABLE big AS SELECT g AS id, 'name ' || g AS name, (g * 1.25)::numeric(12,2) AS amount,
  timestamp '2024-01-01' + g * interval '1 minute' AS created FROM generate_series(1, {ROWS}) g;
  CREATE TABLE target (LIKE big);
  CREATE TABLE t(id serial primary key, name text not null default 'x', n int check (n > 0));
  CREATE TABLE c(id int references t(id), v varchar(10) unique);
  CREATE INDEX ON c(v) WHERE v IS NOT NULL"""


def _best(cmd: list[str], *, stdin: str | None = None, before=None) -> float:
    times = []
    for _ in range(RUNS):
        if before:
            before()
        start = time.perf_counter()
        done = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=600, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed: {done.stderr.strip()[:300]}")
    return min(times)


def _row(engine: str, client: str, to_file: float, from_file: float, startup: float, describe: float) -> str:
    return (f"| {engine} | {client} | {to_file:.2f} s | {from_file:.2f} s | {startup * 1000:.0f} ms | "
            f"{describe * 1000:.0f} ms |")


def _ours(target: str, command: str) -> list[str]:
    return [sys.executable, "-m", "pgcli_like", target, "-c", command]


def _psql(dsn: str, command: str) -> list[str]:
    p = urlsplit(dsn)
    return ["psql", "-X", "-q", "-P", "pager=off", "-h", p.hostname or "127.0.0.1", "-p", str(p.port or 5432),
            "-U", p.username or "postgres", "-d", p.path.lstrip("/"), "-c", command]


def _postgres_rows(tmp: str) -> list[str]:
    import psycopg

    name = f"bench_special_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    dsn = urlunsplit(urlsplit(PG_DSN)._replace(path="/" + name))
    try:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(PG_FILL)

        def empty_target() -> None:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute("TRUNCATE target")

        out = os.path.join(tmp, "pg.csv")
        rows = []
        for label, make in (("shellkit sql", _ours), ("psql", _psql)):
            if label == "psql" and shutil.which("psql") is None:
                continue
            to_file = _best(make(dsn, f"\\copy big to '{out}' with (format csv)"))
            from_file = _best(make(dsn, f"\\copy target from '{out}' with (format csv)"), before=empty_target)
            startup = _best(make(dsn, "select 1"))
            describe = _best(make(dsn, "\\d t"))
            rows.append(_row("PostgreSQL", label, to_file, from_file, startup, describe))
        return rows
    finally:
        with psycopg.connect(PG_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _sqlite_rows(tmp: str) -> list[str]:
    path = os.path.join(tmp, "big.db")
    conn = sqlite3.connect(path)
    conn.execute("create table big(id int, name text, amount numeric, created text)")
    conn.executemany("insert into big values (?, ?, ?, ?)",
                     ((g, f"name {g}", g * 1.25, f"2024-01-01 {g % 24:02}:00:00") for g in range(1, ROWS + 1)))
    conn.execute("create table target(id int, name text, amount numeric, created text)")
    conn.execute("create table t(id integer primary key, name text not null default 'x', n int check (n > 0))")
    conn.commit()
    conn.close()

    def empty_target() -> None:
        c = sqlite3.connect(path)
        c.execute("delete from target")
        c.commit()
        c.close()

    out = os.path.join(tmp, "lite.csv")
    rows = []
    to_file = _best(_ours(path, f"\\copy big to '{out}' with (format csv)"))
    from_file = _best(_ours(path, f"\\copy target from '{out}' with (format csv)"), before=empty_target)
    startup = _best(_ours(path, "select 1"))
    describe = _best(_ours(path, "\\d t"))
    rows.append(_row("SQLite", "shellkit sql", to_file, from_file, startup, describe))
    if shutil.which("sqlite3"):
        s_to = _best(["sqlite3", path], stdin=f".mode csv\n.output {out}\nselect * from big;\n")
        s_from = _best(["sqlite3", path], stdin=f".mode csv\n.import {out} target\n", before=empty_target)
        s_start = _best(["sqlite3", path], stdin="select 1;\n")
        s_desc = _best(["sqlite3", path], stdin=".schema t\n")
        rows.append(_row("SQLite", "sqlite3 (.output / .import / .schema)", s_to, s_from, s_start, s_desc))
    return rows


def run() -> str:
    tmp = tempfile.mkdtemp(prefix="bench_special_")
    try:
        rows = _postgres_rows(tmp) + _sqlite_rows(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    load = os.getloadavg()[0]
    return "\n".join([
        f"Best of {RUNS} runs; {ROWS:,} rows (int, text, numeric, timestamp) as csv. "
        f"Load average {load:.1f} on {len(os.sched_getaffinity(0))} cores during the run (shared machine:"
        " treat small differences as noise).",
        "",
        "Every cell is a whole command line (`-c`), so each includes the client's startup; the",
        "`SELECT 1` column is that startup alone.",
        "",
        "| Engine | Client | \\copy TO file | \\copy FROM file | -c 'SELECT 1' | -c '\\d TABLE' |",
        "|---|---|---|---|---|---|",
        *rows,
    ])


if __name__ == "__main__":
    print(run())
