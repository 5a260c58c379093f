"""The shared history file: permissions, round trips, two writers at once."""

from __future__ import annotations

import fcntl
import os
import stat
import subprocess
import sys
import textwrap
import threading
import time

from shellkit.history import SharedFileHistory, history_path, parse_entries
from shellkit.paths import data_dir


def test_history_path_is_per_app_and_target_under_the_data_dir():
    pg = history_path("sql", "postgresql 127.0.0.1:5432 shop")
    other_db = history_path("sql", "postgresql 127.0.0.1:5432 shop2")
    assert pg.is_relative_to(data_dir())
    assert pg != other_db
    assert history_path("python", "postgresql 127.0.0.1:5432 shop") != pg
    assert "shop" in pg.name


def test_keys_that_slug_alike_get_different_files():
    assert history_path("sql", "a/b") != history_path("sql", "a:b")


def test_file_and_folder_are_created_private(tmp_path):
    path = history_path("sql", "sqlite /tmp/x.db")
    SharedFileHistory(path).store_string("select 1")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_multi_line_entries_round_trip_newest_first(tmp_path):
    history = SharedFileHistory(tmp_path / "h")
    history.store_string("select 1")
    history.store_string("select *\n  from t\n\nwhere x = '+1';")
    assert list(history.load_history_strings()) == ["select *\n  from t\n\nwhere x = '+1';", "select 1"]


def test_max_entries_keeps_only_the_newest_in_memory(tmp_path):
    history = SharedFileHistory(tmp_path / "h")
    for i in range(5):
        history.store_string(f"q{i}")
    assert list(SharedFileHistory(tmp_path / "h", max_entries=3).load_history_strings()) == ["q4", "q3", "q2"]
    assert len(list(history.load_history_strings())) == 5  # under twice the limit, the file keeps all


def test_keep_filter_keeps_entries_out_of_the_file(tmp_path):
    history = SharedFileHistory(tmp_path / "h", keep=lambda text: "password" not in text.lower())
    history.store_string("alter user bob password 'x'")
    history.store_string("select 1")
    assert list(SharedFileHistory(tmp_path / "h").load_history_strings()) == ["select 1"]


def test_reads_files_written_by_prompt_toolkit_file_history(tmp_path):
    from prompt_toolkit.history import FileHistory

    FileHistory(str(tmp_path / "h")).store_string("a\nb")
    assert list(SharedFileHistory(tmp_path / "h").load_history_strings()) == ["a\nb"]


def test_bad_bytes_do_not_stop_loading(tmp_path):
    (tmp_path / "h").write_bytes(b"\n# t\n+caf\xe9\n\n# t\n+ok\n")
    assert list(SharedFileHistory(tmp_path / "h").load_history_strings()) == ["ok", "caf\ufffd"]


def test_unwritable_history_warns_once_and_the_shell_goes_on(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    history = SharedFileHistory(blocker / "h")  # its folder is a file: cannot be created
    history.store_string("a")
    history.store_string("b")
    assert capsys.readouterr().err.count("cannot write history file") == 1


WRITER = textwrap.dedent("""
    import sys
    from shellkit.history import SharedFileHistory
    path, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else None
    history = SharedFileHistory(path, max_entries=limit)
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for i in range(count):
        history.store_string(f"{tag} {i}\\nline two of {tag} {i}\\n" + "x" * (i * 37 % 3000))
    if limit:
        print("done", flush=True)
        sys.stdin.readline()  # both finished: one last entry each
        history.store_string(f"{tag} end")
""")


def test_two_shells_appending_at_once_lose_and_tear_nothing(tmp_path):
    path = tmp_path / "shared.history"
    count = 300
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag, str(count)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
               for tag in ("A", "B")]
    for w in writers:
        assert w.stdout.readline().strip() == "ready"
    readings = []
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    while any(w.poll() is None for w in writers):
        readings.append(list(SharedFileHistory(path).load_history_strings()))  # a reader meanwhile
    for w in writers:
        assert w.wait() == 0
    entries = parse_entries(path.read_text().splitlines(keepends=True))
    expected = {f"{tag} {i}\nline two of {tag} {i}\n" + "x" * (i * 37 % 3000)
                for tag in "AB" for i in range(count)}
    assert len(entries) == 2 * count and set(entries) == expected
    for reading in readings:  # whatever a reader saw mid-way was whole entries only
        assert set(reading) <= expected
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_a_repeated_entry_is_loaded_once_at_its_newest_place(tmp_path):
    history = SharedFileHistory(tmp_path / "h")
    for text in ("a", "b", "a", "c", "a"):
        history.store_string(text)
    assert list(history.load_history_strings()) == ["a", "c", "b"]
    assert list(SharedFileHistory(tmp_path / "h", max_entries=2).load_history_strings()) == ["a", "c"]


def test_an_entry_cut_short_at_the_end_of_the_file_keeps_its_text(tmp_path):
    (tmp_path / "h").write_text("\n# t\n+select 1;\n\n# t\n+select 2;")
    assert list(SharedFileHistory(tmp_path / "h").load_history_strings()) == ["select 2;", "select 1;"]


def _file_entries(path):
    return parse_entries(path.read_text().splitlines(keepends=True))


def test_the_file_is_trimmed_to_the_limit_once_it_holds_twice_as_many(tmp_path):
    path = tmp_path / "h"
    history = SharedFileHistory(path, max_entries=10)
    for i in range(20):
        history.store_string(f"select {i}")
    assert len(_file_entries(path)) == 20  # not yet over twice the limit: untouched
    history.store_string("select 20")
    assert _file_entries(path) == [f"select {i}" for i in range(11, 21)]
    assert "# " in path.read_text()  # timestamps kept
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(history.load_history_strings())[:2] == ["select 20", "select 19"]


def test_trimming_keeps_the_newest_distinct_entries_with_their_repeats(tmp_path):
    path = tmp_path / "h"
    path.write_text("".join(f"\n# t\n+{text}\n" for text in ["old"] * 5 + ["a", "b"] * 10))
    history = SharedFileHistory(path, max_entries=2)
    history.store_string("c")
    assert list(history.load_history_strings()) == ["c", "b", "a"][:2]
    assert set(_file_entries(path)) <= {"a", "b", "c"} and "old" not in path.read_text()


def test_a_file_over_twice_the_limit_is_trimmed_when_loaded(tmp_path):
    path = tmp_path / "h"
    path.write_text("".join(f"\n# t\n+line {i}\n+more {i}\n" for i in range(50)))
    loaded = list(SharedFileHistory(path, max_entries=5).load_history_strings())
    assert loaded == [f"line {i}\nmore {i}" for i in range(49, 44, -1)]
    assert _file_entries(path) == loaded[::-1]
    SharedFileHistory(path).load_history_strings()  # no limit: never trims
    assert len(_file_entries(path)) == 5


def test_no_limit_or_a_zero_limit_never_trims(tmp_path):
    path = tmp_path / "h"
    for limit in (None, 0):
        history = SharedFileHistory(path, max_entries=limit)
        for i in range(30):
            history.store_string(f"{limit} {i}")
    assert len(_file_entries(path)) == 60


def test_trimming_while_another_shell_appends_loses_none_of_its_newest_entries(tmp_path):
    path = tmp_path / "shared.history"
    count, limit = 400, 7
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag, str(count), str(limit)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
               for tag in ("A", "B")]
    for w in writers:
        assert w.stdout.readline().strip() == "ready"
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in writers:
        assert w.stdout.readline().strip() == "done"
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in writers:
        assert w.wait() == 0
    entries = _file_entries(path)
    assert len(entries) <= 4 * limit + 2
    assert {"A end", "B end"} <= set(entries)
    for tag in "AB":
        # what is left of each writer is an unbroken run of its newest entries: an append that
        # went into a file a trim had just replaced would leave a gap
        numbers = [int(e.split()[1]) for e in entries if e.startswith(tag) and not e.endswith("end")]
        assert numbers == list(range(count - len(numbers), count))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def _descriptors_open_on(path):
    target = os.path.realpath(path)
    return sum(os.path.realpath(f"/proc/self/fd/{fd}") == target for fd in os.listdir("/proc/self/fd"))


def test_an_append_waiting_for_the_lock_while_another_shell_trims_goes_into_the_new_file(tmp_path):
    path = tmp_path / "h"
    path.write_text("\n# t\n+old\n")
    holder = os.open(path, os.O_WRONLY | os.O_APPEND)
    fcntl.flock(holder, fcntl.LOCK_EX)  # "another shell" is trimming
    appender = threading.Thread(target=SharedFileHistory(path).store_string, args=("mine",))
    appender.start()
    deadline = time.monotonic() + 10
    while _descriptors_open_on(path) < 2:  # the appender has opened the file and waits for the lock
        assert time.monotonic() < deadline and appender.is_alive()
        time.sleep(0.001)
    replacement = tmp_path / "trimmed"
    replacement.write_text("\n# t\n+kept\n")
    os.replace(replacement, path)  # the trim's new file, then the lock is released
    os.close(holder)
    appender.join(10)
    assert _file_entries(path) == ["kept", "mine"]
