"""Keywords, builtin functions, data types and identifier quoting per engine (pure data).

``dialect_for(engine)`` returns a frozen :class:`Dialect`; the context analyser uses its
string/quote rules, the completer its word lists and ``quote_name``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

_COMMON_KEYWORDS = """
ADD ALL ALTER AND ANY AS ASC BEGIN BETWEEN BY CASE CAST CHECK COLUMN COMMIT CONSTRAINT CREATE CROSS
DEFAULT DELETE DESC DISTINCT DROP ELSE END ESCAPE EXCEPT EXISTS EXPLAIN FOREIGN FROM FULL GROUP HAVING IF
IN INDEX INNER INSERT INTERSECT INTO IS JOIN KEY LEFT LIKE LIMIT NATURAL NOT NULL OFFSET ON OR ORDER
OUTER PRIMARY REFERENCES RENAME REPLACE RIGHT ROLLBACK SAVEPOINT SELECT SET TABLE THEN TO TRANSACTION
TRIGGER UNION UNIQUE UPDATE USING VALUES VIEW WHEN WHERE WITH RECURSIVE CASCADE RESTRICT TEMPORARY
TEMP ANALYZE COLLATE RELEASE OVER PARTITION WINDOW ROWS RANGE UNBOUNDED PRECEDING FOLLOWING CURRENT ROW
FIRST LAST NULLS DATABASE SCHEMA FUNCTION PROCEDURE RETURNS RETURN
"""

_PG_KEYWORDS = _COMMON_KEYWORDS + """
ILIKE SIMILAR RETURNING LATERAL MATERIALIZED REFRESH CONCURRENTLY TRUNCATE COPY VACUUM REINDEX CLUSTER
LISTEN NOTIFY UNLISTEN GRANT REVOKE OWNER EXTENSION SEQUENCE TYPE DOMAIN ENUM ROLE USER TABLESPACE
SEARCH_PATH SHOW RESET DISCARD DO LANGUAGE PLPGSQL IMMUTABLE STABLE VOLATILE STRICT SECURITY DEFINER
INVOKER CONFLICT NOTHING ONLY FETCH NEXT FOR SHARE NOWAIT SKIP LOCKED ARRAY SYMMETRIC FILTER WITHIN
INHERITS UNLOGGED SERIAL BIGSERIAL GENERATED ALWAYS IDENTITY STORED DEFERRABLE INITIALLY DEFERRED
IMMEDIATE VERBOSE COSTS BUFFERS FORMAT TIMING SETOF OUT INOUT VARIADIC POLICY RULE PUBLICATION
SUBSCRIPTION ABORT START ISOLATION LEVEL SERIALIZABLE READ COMMITTED REPEATABLE WRITE CALL PREPARE
EXECUTE DEALLOCATE DECLARE CURSOR CLOSE MOVE LOCK COMMENT SESSION LOCAL TRUE FALSE INTERVAL ZONE
"""

_MYSQL_KEYWORDS = _COMMON_KEYWORDS + """
AUTO_INCREMENT ENGINE CHARSET CHARACTER COLLATION DATABASES DESCRIBE DESC SHOW TABLES COLUMNS STATUS
VARIABLES PROCESSLIST USE REGEXP RLIKE STRAIGHT_JOIN SQL_CALC_FOUND_ROWS HIGH_PRIORITY LOW_PRIORITY
DELAYED IGNORE DUPLICATE LOCK UNLOCK TABLES READ WRITE GRANT REVOKE PRIVILEGES FLUSH KILL OPTIMIZE
REPAIR TRUNCATE UNSIGNED ZEROFILL COMMENT FULLTEXT SPATIAL BTREE HASH MODIFY CHANGE AFTER FIRST
ALGORITHM DEFINER SQL SECURITY DELIMITER CALL DO HANDLER LOAD DATA INFILE OUTFILE FIELDS TERMINATED
ENCLOSED LINES STARTING PROCEDURE EVENT SCHEDULE EVERY DETERMINISTIC READS MODIFIES CONTAINS
SEQUENCE GENERATED VIRTUAL PERSISTENT STORED PARTITIONS TRUE FALSE INTERVAL DUAL ROLLUP FOR SHARE
START PREPARE EXECUTE DEALLOCATE SIGNAL RESIGNAL LEAVE ITERATE LOOP REPEAT WHILE UNTIL DECLARE CURSOR
"""

_SQLITE_KEYWORDS = _COMMON_KEYWORDS + """
ABORT ACTION AFTER ATTACH AUTOINCREMENT BEFORE CONFLICT DEFERRABLE DEFERRED DETACH EACH EXCLUSIVE FAIL
GLOB IGNORE IMMEDIATE INDEXED INITIALLY INSTEAD ISNULL MATCH NO NOTNULL OF PLAN PRAGMA QUERY RAISE
REGEXP REINDEX ROWID STRICT VACUUM VIRTUAL WITHOUT RETURNING NOTHING DO FILTER GENERATED ALWAYS STORED
TRUE FALSE
"""

_COMMON_FUNCTIONS = """
abs avg coalesce count lower max min nullif replace round substr sum trim upper length ltrim rtrim
"""

_PG_FUNCTIONS = _COMMON_FUNCTIONS + """
array_agg array_length array_to_string age bool_and bool_or btrim ceil char_length concat concat_ws
current_date current_setting current_time current_timestamp date_part date_trunc dense_rank
exp extract first_value floor format generate_series greatest json_agg json_build_object
jsonb_agg jsonb_build_object jsonb_each jsonb_array_elements jsonb_set lag lead least left
localtime localtimestamp log md5 mod now nth_value ntile percent_rank percentile_cont position
power random rank regexp_match regexp_matches regexp_replace regexp_split_to_table repeat reverse
right row_number row_to_json split_part sqrt string_agg strpos substring to_char to_date to_json
to_jsonb to_number to_timestamp unnest version pg_sleep pg_typeof pg_size_pretty
pg_relation_size pg_total_relation_size gen_random_uuid clock_timestamp statement_timestamp
timezone trunc cume_dist last_value every stddev variance corr
"""

_MYSQL_FUNCTIONS = _COMMON_FUNCTIONS + """
ascii bin bit_length ceil ceiling char_length character_length concat concat_ws conv curdate
current_date current_time current_timestamp curtime database date date_add date_format date_sub
datediff day dayname dayofmonth dayofweek dayofyear elt exp field find_in_set floor format
from_unixtime greatest group_concat hex hour if ifnull inet_aton inet_ntoa insert instr
json_arrayagg json_extract json_object json_objectagg json_unquote last_insert_id lcase least left
locate log lpad md5 microsecond minute mod month monthname now oct ord pi position pow power
quarter quote rand regexp_replace repeat reverse right rpad second sec_to_time sha1 sha2 sign
sleep soundex space sqrt str_to_date strcmp substring substring_index sysdate time time_format
time_to_sec timediff timestamp timestampdiff to_days truncate ucase unhex unix_timestamp user
utc_date utc_time utc_timestamp uuid version week weekday year row_number rank dense_rank lag
lead first_value last_value ntile
"""

_SQLITE_FUNCTIONS = _COMMON_FUNCTIONS + """
changes char date datetime glob group_concat hex ifnull iif instr julianday last_insert_rowid like
likelihood load_extension printf quote random randomblob sqlite_version strftime time
total total_changes typeof unicode unixepoch zeroblob json json_array json_extract json_object
json_group_array json_group_object json_each json_tree row_number rank dense_rank lag lead
first_value last_value ntile format
"""

_PG_TYPES = """
bigint bigserial bit boolean box bytea char character cidr circle date decimal double~precision
float4 float8 inet int int2 int4 int8 integer interval json jsonb line lseg macaddr money numeric
path point polygon real serial smallint smallserial text time timestamp timestamptz tsquery
tsvector uuid varchar xml regclass oid name int4range int8range numrange tsrange tstzrange daterange
"""

_MYSQL_TYPES = """
bigint binary bit blob bool boolean char date datetime decimal double enum float int integer json
longblob longtext mediumblob mediumint mediumtext numeric real set smallint text time timestamp
tinyblob tinyint tinytext varbinary varchar year geometry point uuid inet4 inet6
"""

_SQLITE_TYPES = "integer real text blob numeric int varchar boolean date datetime float double any"

# The words that may follow a keyword; used to narrow keyword completion (after CREATE: TABLE, …).
_COMMON_NEXT = {
    "CREATE": "TABLE VIEW INDEX UNIQUE TEMPORARY TEMP TRIGGER",
    "DROP": "TABLE VIEW INDEX TRIGGER",
    "ALTER": "TABLE",
    "ORDER": "BY",
    "GROUP": "BY",
    "PARTITION": "BY",
    "INSERT": "INTO",
    "DELETE": "FROM",
    "LEFT": "JOIN OUTER",
    "RIGHT": "JOIN OUTER",
    "FULL": "JOIN OUTER",
    "INNER": "JOIN",
    "CROSS": "JOIN",
    "OUTER": "JOIN",
    "NATURAL": "JOIN LEFT RIGHT INNER",
    "UNION": "ALL SELECT DISTINCT",
    "IS": "NULL NOT DISTINCT TRUE FALSE",
    "NOT": "NULL IN EXISTS LIKE BETWEEN",
    "PRIMARY": "KEY",
    "FOREIGN": "KEY",
    "UNIQUE": "INDEX",
    "EXPLAIN": "SELECT INSERT UPDATE DELETE ANALYZE",
    "BEGIN": "TRANSACTION",
    "ROLLBACK": "TO",
    "RELEASE": "SAVEPOINT",
    "WITH": "RECURSIVE",
    "SELECT": "DISTINCT ALL",
    "NULLS": "FIRST LAST",
    "IF": "EXISTS NOT",
}

# What a statement can start with ("" in the next-keyword maps: nothing typed before).
_STARTERS = "SELECT INSERT UPDATE DELETE WITH CREATE ALTER DROP EXPLAIN BEGIN COMMIT ROLLBACK SAVEPOINT RELEASE"
_COMMON_NEXT[""] = _STARTERS

_PG_NEXT = {
    "": _STARTERS + " SET SHOW RESET TRUNCATE COPY VACUUM ANALYZE GRANT REVOKE TABLE VALUES CALL DO LISTEN NOTIFY "
    "PREPARE EXECUTE DEALLOCATE DECLARE FETCH CLOSE MOVE LOCK COMMENT REFRESH REINDEX CLUSTER DISCARD START ABORT "
    "END",
    "CREATE": "TABLE VIEW MATERIALIZED INDEX UNIQUE SCHEMA FUNCTION PROCEDURE TYPE DOMAIN SEQUENCE "
    "EXTENSION TRIGGER ROLE USER DATABASE TEMPORARY TEMP UNLOGGED OR POLICY RULE",
    "DROP": "TABLE VIEW MATERIALIZED INDEX SCHEMA FUNCTION PROCEDURE TYPE DOMAIN SEQUENCE EXTENSION "
    "TRIGGER ROLE USER DATABASE OWNED POLICY RULE",
    "ALTER": "TABLE VIEW MATERIALIZED INDEX SCHEMA FUNCTION PROCEDURE TYPE DOMAIN SEQUENCE EXTENSION "
    "ROLE USER DATABASE DEFAULT SYSTEM",
    "MATERIALIZED": "VIEW",
    "REFRESH": "MATERIALIZED",
    "OR": "REPLACE",
    "REPLACE": "FUNCTION VIEW PROCEDURE TRIGGER RULE",
    "SHOW": "ALL SEARCH_PATH",
    "RESET": "ALL",
    "ON": "CONFLICT",
    "CONFLICT": "DO",
    "DO": "NOTHING UPDATE",
    "EXPLAIN": "ANALYZE VERBOSE SELECT INSERT UPDATE DELETE",
    "FOR": "UPDATE SHARE",
}

_MYSQL_NEXT = {
    "": _STARTERS + " SET SHOW USE TRUNCATE REPLACE DESCRIBE DESC GRANT REVOKE CALL DO HANDLER LOAD LOCK UNLOCK "
    "OPTIMIZE ANALYZE FLUSH KILL PREPARE EXECUTE DEALLOCATE START RENAME",
    "CREATE": "TABLE VIEW INDEX UNIQUE FULLTEXT SPATIAL DATABASE SCHEMA FUNCTION PROCEDURE TRIGGER "
    "EVENT USER TEMPORARY OR SEQUENCE",
    "DROP": "TABLE VIEW INDEX DATABASE SCHEMA FUNCTION PROCEDURE TRIGGER EVENT USER SEQUENCE",
    "ALTER": "TABLE VIEW DATABASE SCHEMA FUNCTION PROCEDURE EVENT USER",
    "SHOW": "DATABASES TABLES COLUMNS INDEX STATUS VARIABLES PROCESSLIST CREATE GRANTS WARNINGS "
    "ERRORS ENGINES FULL TRIGGERS",
    "OR": "REPLACE",
    "ON": "DUPLICATE",
    "DUPLICATE": "KEY",
    "LOCK": "TABLES",
    "UNLOCK": "TABLES",
}

_SQLITE_NEXT = {
    "": _STARTERS + " REPLACE PRAGMA ATTACH DETACH VACUUM ANALYZE REINDEX END",
    "CREATE": "TABLE VIEW INDEX UNIQUE TRIGGER TEMPORARY TEMP VIRTUAL",
    "DROP": "TABLE VIEW INDEX TRIGGER",
    "ALTER": "TABLE",
    "VIRTUAL": "TABLE",
    "INSERT": "INTO OR",
    "OR": "REPLACE IGNORE ABORT FAIL ROLLBACK",
    "PRAGMA": "table_info foreign_key_list index_list journal_mode user_version schema_version "
    "foreign_keys integrity_check",
    "ON": "CONFLICT",
    "CONFLICT": "DO",
    "DO": "NOTHING UPDATE",
    "ATTACH": "DATABASE",
    "DETACH": "DATABASE",
}

# Words that must be quoted when used as identifiers (a practical subset of each engine's list).
_RESERVED_COMMON = set(
    """ALL AND ANY AS ASC BETWEEN BY CASE CAST CHECK COLUMN CONSTRAINT CREATE CROSS CURRENT_DATE
    CURRENT_TIME CURRENT_TIMESTAMP DEFAULT DELETE DESC DISTINCT DROP ELSE END EXCEPT EXISTS FALSE FOR
    FOREIGN FROM FULL GROUP HAVING IN INNER INSERT INTERSECT INTO IS JOIN LEFT LIKE LIMIT NATURAL NOT
    NULL ON OR ORDER OUTER PRIMARY REFERENCES RIGHT SELECT SET TABLE THEN TO TRUE UNION UNIQUE UPDATE
    USING VALUES WHEN WHERE WITH""".split()
)
_RESERVED_PG = _RESERVED_COMMON | set(
    """ANALYSE ANALYZE ARRAY ASYMMETRIC BOTH COLLATE CURRENT_CATALOG CURRENT_ROLE CURRENT_USER
    DEFERRABLE DO FETCH GRANT INITIALLY LATERAL LEADING LOCALTIME LOCALTIMESTAMP OFFSET ONLY PLACING
    RETURNING SESSION_USER SOME SYMMETRIC TRAILING USER VARIADIC WINDOW ILIKE""".split()
)
_RESERVED_MYSQL = _RESERVED_COMMON | set(
    """ADD ALTER BEFORE BIGINT BLOB BOTH CALL CHANGE CHAR CHARACTER CONDITION CONTINUE CONVERT DATABASE
    DATABASES DAY_HOUR DEC DECIMAL DECLARE DELAYED DESCRIBE DIV DOUBLE DUAL EACH ELSEIF ENCLOSED
    ESCAPED EXIT EXPLAIN FETCH FLOAT FORCE FULLTEXT GRANT HIGH_PRIORITY IF IGNORE INDEX INFILE INT
    INTEGER INTERVAL ITERATE KEY KEYS KILL LEADING LEAVE LINES LOAD LOCK LONG LOOP MATCH MOD MODIFIES
    NUMERIC OPTION OPTIMIZE OUTFILE PRECISION PROCEDURE PURGE RANGE READ READS REAL REGEXP RELEASE
    RENAME REPEAT REPLACE REQUIRE RESTRICT RETURN REVOKE RLIKE SCHEMA SCHEMAS SEPARATOR SHOW SMALLINT
    SPATIAL SQL STARTING TERMINATED TINYINT TRIGGER UNDO UNLOCK UNSIGNED USAGE USE VARCHAR WHILE
    WRITE XOR YEAR_MONTH ZEROFILL""".split()
)
_RESERVED_SQLITE = _RESERVED_COMMON | set(
    """ADD ALTER AUTOINCREMENT COLLATE COMMIT DEFERRABLE ESCAPE GLOB INDEX ISNULL NOTNULL OFFSET
    RAISE REGEXP TRANSACTION""".split()
)


def _words(text: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for word in text.split():
        seen[word.replace("~", " ")] = None
    return tuple(sorted(seen))


# The keywords people type most, first (completion keeps this order among equal matches).
_POPULAR = """SELECT FROM WHERE AND OR NOT JOIN LEFT INNER ON AS GROUP BY ORDER HAVING LIMIT OFFSET INSERT INTO
VALUES UPDATE SET DELETE CREATE TABLE ALTER DROP DISTINCT IN IS NULL LIKE BETWEEN CASE WHEN THEN ELSE END
UNION ALL EXISTS ASC DESC WITH INDEX VIEW PRIMARY KEY FOREIGN REFERENCES DEFAULT""".split()


def _keywords(text: str) -> tuple[str, ...]:
    words = _words(text)
    popular = [w for w in _POPULAR if w in words]
    return tuple(popular) + tuple(w for w in words if w not in popular)


def _next_map(*maps: dict[str, str]) -> dict[str, tuple[str, ...]]:
    merged: dict[str, str] = {}
    for mapping in maps:
        merged.update(mapping)
    return {key: tuple(value.split()) for key, value in merged.items()}


@dataclass(frozen=True, slots=True)
class Dialect:
    """What completion needs to know about one engine's SQL."""

    engine: str
    keywords: tuple[str, ...]
    functions: tuple[str, ...]
    datatypes: tuple[str, ...]
    reserved: frozenset[str]
    next_keywords: dict[str, tuple[str, ...]] = field(hash=False, compare=False)
    quote_char: str = '"'
    system_schemas: frozenset[str] = frozenset()
    system_schema_prefixes: tuple[str, ...] = ()
    system_name_prefixes: tuple[str, ...] = ()  # SQLite keeps its own tables (sqlite_*) in main
    dollar_quotes: bool = False  # PostgreSQL $tag$ … $tag$ strings
    backslash_escapes: bool = False  # MySQL: \' inside '…'
    case_sensitive_names: bool = True  # PG folds unquoted names to lower case; others compare loosely

    def needs_quotes(self, name: str) -> bool:
        """True when ``name`` cannot be written bare in this dialect."""
        if not name:
            return True
        if name.upper() in self.reserved:
            return True
        if self.engine == "postgresql":
            return name != name.lower() or not _PG_BARE.fullmatch(name)
        return not _LOOSE_BARE.fullmatch(name)

    def quote_name(self, name: str) -> str:
        """``name`` as it must be typed: bare when possible, otherwise quoted and escaped."""
        if not self.needs_quotes(name):
            return name
        q = self.quote_char
        return q + name.replace(q, q + q) + q

    def is_system_schema(self, schema: str) -> bool:
        """Whether objects of ``schema`` are hidden unless their prefix or qualifier is typed."""
        low = schema.lower()
        return low in self.system_schemas or (bool(self.system_schema_prefixes) and low.startswith(self.system_schema_prefixes))

    def is_system_name(self, name: str) -> bool:
        """Whether an object called ``name`` is the engine's own (hidden unless its prefix is typed)."""
        return bool(self.system_name_prefixes) and name.lower().startswith(self.system_name_prefixes)


_PG_BARE = re.compile(r"[^\W\d][\w$]*")
_LOOSE_BARE = re.compile(r"[^\W\d][\w$]*")


@cache
def dialect_for(engine: str) -> Dialect:
    """The :class:`Dialect` of ``engine`` (``postgresql``, ``mysql`` or ``sqlite``)."""
    if engine == "postgresql":
        return Dialect(
            engine=engine,
            keywords=_keywords(_PG_KEYWORDS),
            functions=_words(_PG_FUNCTIONS),
            datatypes=_words(_PG_TYPES),
            reserved=frozenset(_RESERVED_PG),
            next_keywords=_next_map(_COMMON_NEXT, _PG_NEXT),
            quote_char='"',
            system_schemas=frozenset({"pg_catalog", "information_schema", "pg_toast"}),
            system_schema_prefixes=("pg_temp", "pg_toast"),
            dollar_quotes=True,
        )
    if engine == "mysql":
        return Dialect(
            engine=engine,
            keywords=_keywords(_MYSQL_KEYWORDS),
            functions=_words(_MYSQL_FUNCTIONS),
            datatypes=_words(_MYSQL_TYPES),
            reserved=frozenset(_RESERVED_MYSQL),
            next_keywords=_next_map(_COMMON_NEXT, _MYSQL_NEXT),
            quote_char="`",
            system_schemas=frozenset({"mysql", "information_schema", "performance_schema", "sys"}),
            backslash_escapes=True,
            case_sensitive_names=False,
        )
    if engine == "sqlite":
        return Dialect(
            engine=engine,
            keywords=_keywords(_SQLITE_KEYWORDS),
            functions=_words(_SQLITE_FUNCTIONS),
            datatypes=_words(_SQLITE_TYPES),
            reserved=frozenset(_RESERVED_SQLITE),
            next_keywords=_next_map(_COMMON_NEXT, _SQLITE_NEXT),
            quote_char='"',
            system_name_prefixes=("sqlite_",),
            case_sensitive_names=False,
        )
    raise ValueError(f"unknown SQL engine: {engine}")
