"""The MySQL driver's own row reader gives exactly what PyMySQL's reader gives, for every
length encoding, NULLs, binary data and converters, and keeps its error handling."""

from __future__ import annotations

from urllib.parse import urlsplit

import pymysql
import pymysql.cursors
import pytest

from pgcli_like.drivers import open_driver
from pgcli_like.drivers.base import ColumnInfo, DatabaseError
from pgcli_like.drivers.mysql import _CONVERSIONS
from pgcli_like.dsn import parse_dsn

pytestmark = pytest.mark.mysql

TABLE = """CREATE TABLE mixed (id INT PRIMARY KEY, s VARCHAR(300), t MEDIUMTEXT, b VARBINARY(20), blob_ MEDIUMBLOB,
  d DECIMAL(12,3), f DOUBLE, dt DATETIME(6), j JSON, u BIGINT UNSIGNED, e ENUM('x','y'), bits BIT(3))"""
ROWS = [
    (1, "", "", b"", b"", "0.000", 0.0, "2024-01-01 00:00:00", "[]", 0, "x", b"\x00"),
    (2, None, None, None, None, None, None, None, None, None, None, None),
    (3, "é" * 250, "x" * 70_000, b"\x00\xff\xfe", bytes(range(256)) * 300, "-123456789.125", 1.5e300,
     "2038-01-19 03:14:07.999999", '{"a": [1, "ü"]}', 18446744073709551615, "y", b"\x07"),
]


@pytest.fixture(scope="module")
def mysql(make_mysql_database):
    dsn = make_mysql_database("rows")
    driver = open_driver(parse_dsn(dsn))
    driver.execute(TABLE).close()
    for row in ROWS:
        driver.execute("INSERT INTO mixed VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", row).close()
    yield dsn, driver
    driver.close()


def _pymysql_rows(dsn: str, sql: str) -> list[tuple]:
    p = urlsplit(dsn)
    conn = pymysql.connect(host=p.hostname, port=p.port or 3306, user=p.username, password=p.password or "",
                           database=p.path.lstrip("/"), charset="utf8mb4", conv=_CONVERSIONS)
    try:
        with conn.cursor(pymysql.cursors.SSCursor) as cur:
            cur.execute(sql)
            return list(cur.fetchall())
    finally:
        conn.close()


def test_rows_equal_pymysqls_own_reading(mysql):
    dsn, driver = mysql
    sql = "SELECT * FROM mixed ORDER BY id"
    ours = [row for batch in driver.execute(sql).batches(2) for row in batch]
    assert ours == _pymysql_rows(dsn, sql)
    assert ours[2][2] == "x" * 70_000 and ours[2][4] == bytes(range(256)) * 300
    assert ours[1] == (2,) + (None,) * 11


def test_many_small_batches_and_the_status(mysql):
    _, driver = mysql
    result = driver.execute("SELECT seq, CONCAT('v', seq) FROM seq_1_to_2500")
    batches = list(result.batches(1000))
    assert [len(b) for b in batches] == [1000, 1000, 500]
    assert batches[2][-1] == (2500, "v2500")
    assert result.status == "SELECT 2500"


def test_an_error_in_the_middle_of_the_rows_is_raised_and_the_connection_still_works(mysql):
    _, driver = mysql
    sql = "SELECT seq, IF(seq = 3000, (SELECT 1 UNION SELECT 2), seq) FROM seq_1_to_5000"
    with pytest.raises(DatabaseError, match="more than 1 row"):
        for _batch in driver.execute(sql).batches(100):
            pass
    assert [row for batch in driver.execute("SELECT 6 * 7").batches() for row in batch] == [(42,)]


def test_binary_columns_are_binary_and_text_columns_text(mysql):
    _, driver = mysql
    columns = driver.execute("SELECT s, t, b, blob_ FROM mixed LIMIT 0").columns
    assert [(c.name, c.kind) for c in columns] == [("s", "text"), ("t", "text"), ("b", "binary"),
                                                   ("blob_", "binary")]
    assert columns[2] == ColumnInfo("b", "varbinary", "binary")


def test_the_generated_reader_equals_the_loop_for_every_length_encoding_and_short_rows():
    from decimal import Decimal

    from pgcli_like.drivers.mysql_rows import _loop_reader, row_reader

    def field(raw: bytes) -> bytes:
        n = len(raw)
        if n < 251:
            return bytes([n]) + raw
        if n < 2**16:
            return b"\xfc" + n.to_bytes(2, "little") + raw
        if n < 2**24:
            return b"\xfd" + n.to_bytes(3, "little") + raw
        return b"\xfe" + n.to_bytes(8, "little") + raw

    converters = [("utf8", int), (None, None), ("utf8", Decimal), ("utf8", None)]
    packet = field(b"42") + field(b"\x00" * 300) + b"\xfb" + field("ü".encode() * 40_000)
    expected = (42, b"\x00" * 300, None, "ü" * 40_000)
    assert row_reader(converters)(packet) == _loop_reader(converters)(packet) == expected
    short = field(b"7") + field(b"x")
    assert row_reader(converters)(short) == (7, b"x")  # PyMySQL also stops at the end of the packet


def test_rows_are_read_in_place_from_a_buffer_of_packets_and_stop_at_anything_unusual():
    from decimal import Decimal

    from pgcli_like.drivers.mysql_rows import buffer_reader, row_reader

    def packet(seq: int, payload: bytes) -> bytes:
        return len(payload).to_bytes(3, "little") + bytes([seq]) + payload

    converters = [("ascii", int), ("utf8", None), ("ascii", Decimal), (None, None)]
    rows = [b"\x0212\x05name1\x041.25\x03\x00\x01\x02", b"\x017\xfb\xfb\x04abcd",
            b"\x02-3\x04\xc3\xbc\xc3\xbc\x040.50\x00",
            b"\x019\x09truncated"]  # shorter than its columns, and overrunning its packet
    buf = b"".join(packet(seq, row) for seq, row in enumerate(rows, 250))
    eof = packet(254, b"\xfe\x00\x00\x02\x00")
    taken: list[tuple] = []
    take = buffer_reader(converters)
    pos, seq = take(buf + eof + b"more", 0, len(buf + eof) + 4, 250, 100, taken.append)
    assert taken == [row_reader(converters)(row) for row in rows]
    assert taken[:3] == [(12, "name1", Decimal("1.25"), b"\x00\x01\x02"), (7, None, None, b"abcd"),
                         (-3, "üü", Decimal("0.50"), b"")]
    assert (pos, seq) == (len(buf), 254)  # stopped before the EOF packet
    # A packet not yet whole in the buffer, a wrong sequence number, and room run out.
    assert take(buf, 0, len(buf) - 1, 250, 100, [].append) == (len(buf) - len(rows[-1]) - 4, 253)
    assert take(buf, 0, len(buf), 7, 100, [].append) == (0, 7)
    assert take(buf, 0, len(buf), 250, 2, [].append) == (len(rows[0]) + len(rows[1]) + 8, 252)
