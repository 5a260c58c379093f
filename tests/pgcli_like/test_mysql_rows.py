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

    converters = [("utf8", int), (None, None), ("utf8", Decimal), ("utf8", None), ("ascii", int)]
    packet = field(b"42") + field(b"\x00" * 300) + b"\xfb" + field("ü".encode() * 40_000) + field(b"-17")
    expected = (42, b"\x00" * 300, None, "ü" * 40_000, -17)
    assert row_reader(converters)(packet) == _loop_reader(converters)(packet) == expected
    short = field(b"7") + field(b"x")
    assert row_reader(converters)(short) == (7, b"x")  # PyMySQL also stops at the end of the packet


def test_pymysql_is_imported_without_cryptography_and_the_rsa_logins_still_encrypt():
    import subprocess
    import sys

    script = """
import sys
import pgcli_like.drivers.mysql
assert "cryptography" not in sys.modules, "cryptography loaded at start"
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pymysql import _auth
key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
salt = b"0123456789abcdefghij"
secret = _auth.sha2_rsa_encrypt(b"pw", salt, pem)
oaep = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA1()), algorithm=hashes.SHA1(), label=None)
assert key.decrypt(secret, oaep) == _auth._xor_password(b"pw" + b"\\0", salt)
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "ok", out.stderr


def test_rows_crossing_the_wider_read_buffer_many_times_read_back_whole(mysql):
    from pgcli_like.drivers.mysql import _READ_BUFFER

    _, driver = mysql
    sql = "SELECT seq, REPEAT(CHAR(65 + seq % 26 USING utf8mb4), seq % 5000) FROM seq_1_to_3000"
    rows = [row for batch in driver.execute(sql).batches(700) for row in batch]
    assert sum(len(text) for _, text in rows) > 20 * _READ_BUFFER
    assert rows == [(n, chr(65 + n % 26) * (n % 5000)) for n in range(1, 3001)]
    assert [row for batch in driver.execute("SELECT 6 * 7").batches() for row in batch] == [(42,)]
