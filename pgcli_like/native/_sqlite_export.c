/* CSV/TSV export of one read-only SQLite query straight to a file descriptor.
 *
 * The C half of pgcli_like/export/sqlite.py: it opens the database file as the normal
 * driver does (Python's sqlite3), prepares exactly one read-only statement, and writes a
 * header and one record per row with the same bytes the normal path prints
 * (drivers/sqlite.py -> formatting/delimited.py + values.py), without creating a Python
 * object per cell.
 *
 * Protocol (see export() below): None means "nothing was written, run the normal path";
 * an int is the number of rows written; SqlError(message, error_name, statement_end) is a
 * statement error after output began; OSError (BrokenPipeError) a failed write;
 * KeyboardInterrupt (or whatever a signal handler raised) a Ctrl-C.
 *
 * Output goes out only at the normal path's batch boundaries (every `batch` rows, which the
 * Python driver fetches with fetchmany), so an error in the middle of the rows leaves
 * exactly the rows the normal path would have printed before its error. The normal
 * path's sqlite3 cursor steps one row ahead, so a batch counts as printed only once the
 * first row of the next batch has been stepped (and, on Python 3.10, converted too).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

/* Output is written once this much has piled up at a batch boundary. */
#define FLUSH_AT ((size_t)256 * 1024)
/* Virtual-machine steps between two looks for a pending signal (Ctrl-C). */
#define PROGRESS_STEPS 1000
/* Python's sqlite3.connect(timeout=5.0). */
#define BUSY_TIMEOUT_MS 5000
#define NO_OFFSET ((size_t)-1)

static PyObject *SqlError;

/* Names of SQLite's result codes, as Python 3.11+ puts them in Error.sqlite_errorname. */
static const struct {
    const char *name;
    int code;
} error_names[] = {
    {"SQLITE_ERROR", SQLITE_ERROR},
    {"SQLITE_INTERNAL", SQLITE_INTERNAL},
    {"SQLITE_PERM", SQLITE_PERM},
    {"SQLITE_ABORT", SQLITE_ABORT},
    {"SQLITE_BUSY", SQLITE_BUSY},
    {"SQLITE_LOCKED", SQLITE_LOCKED},
    {"SQLITE_NOMEM", SQLITE_NOMEM},
    {"SQLITE_READONLY", SQLITE_READONLY},
    {"SQLITE_INTERRUPT", SQLITE_INTERRUPT},
    {"SQLITE_IOERR", SQLITE_IOERR},
    {"SQLITE_CORRUPT", SQLITE_CORRUPT},
    {"SQLITE_NOTFOUND", SQLITE_NOTFOUND},
    {"SQLITE_FULL", SQLITE_FULL},
    {"SQLITE_CANTOPEN", SQLITE_CANTOPEN},
    {"SQLITE_PROTOCOL", SQLITE_PROTOCOL},
    {"SQLITE_EMPTY", SQLITE_EMPTY},
    {"SQLITE_SCHEMA", SQLITE_SCHEMA},
    {"SQLITE_TOOBIG", SQLITE_TOOBIG},
    {"SQLITE_CONSTRAINT", SQLITE_CONSTRAINT},
    {"SQLITE_MISMATCH", SQLITE_MISMATCH},
    {"SQLITE_MISUSE", SQLITE_MISUSE},
    {"SQLITE_NOLFS", SQLITE_NOLFS},
    {"SQLITE_AUTH", SQLITE_AUTH},
    {"SQLITE_FORMAT", SQLITE_FORMAT},
    {"SQLITE_RANGE", SQLITE_RANGE},
    {"SQLITE_NOTADB", SQLITE_NOTADB},
    {"SQLITE_NOTICE", SQLITE_NOTICE},
    {"SQLITE_WARNING", SQLITE_WARNING},
#ifdef SQLITE_ERROR_MISSING_COLLSEQ
    {"SQLITE_ERROR_MISSING_COLLSEQ", SQLITE_ERROR_MISSING_COLLSEQ},
#endif
#ifdef SQLITE_ERROR_RETRY
    {"SQLITE_ERROR_RETRY", SQLITE_ERROR_RETRY},
#endif
#ifdef SQLITE_ERROR_SNAPSHOT
    {"SQLITE_ERROR_SNAPSHOT", SQLITE_ERROR_SNAPSHOT},
#endif
#ifdef SQLITE_IOERR_READ
    {"SQLITE_IOERR_READ", SQLITE_IOERR_READ},
#endif
#ifdef SQLITE_IOERR_SHORT_READ
    {"SQLITE_IOERR_SHORT_READ", SQLITE_IOERR_SHORT_READ},
#endif
#ifdef SQLITE_IOERR_WRITE
    {"SQLITE_IOERR_WRITE", SQLITE_IOERR_WRITE},
#endif
#ifdef SQLITE_IOERR_FSYNC
    {"SQLITE_IOERR_FSYNC", SQLITE_IOERR_FSYNC},
#endif
#ifdef SQLITE_IOERR_DIR_FSYNC
    {"SQLITE_IOERR_DIR_FSYNC", SQLITE_IOERR_DIR_FSYNC},
#endif
#ifdef SQLITE_IOERR_TRUNCATE
    {"SQLITE_IOERR_TRUNCATE", SQLITE_IOERR_TRUNCATE},
#endif
#ifdef SQLITE_IOERR_FSTAT
    {"SQLITE_IOERR_FSTAT", SQLITE_IOERR_FSTAT},
#endif
#ifdef SQLITE_IOERR_UNLOCK
    {"SQLITE_IOERR_UNLOCK", SQLITE_IOERR_UNLOCK},
#endif
#ifdef SQLITE_IOERR_RDLOCK
    {"SQLITE_IOERR_RDLOCK", SQLITE_IOERR_RDLOCK},
#endif
#ifdef SQLITE_IOERR_DELETE
    {"SQLITE_IOERR_DELETE", SQLITE_IOERR_DELETE},
#endif
#ifdef SQLITE_IOERR_BLOCKED
    {"SQLITE_IOERR_BLOCKED", SQLITE_IOERR_BLOCKED},
#endif
#ifdef SQLITE_IOERR_NOMEM
    {"SQLITE_IOERR_NOMEM", SQLITE_IOERR_NOMEM},
#endif
#ifdef SQLITE_IOERR_ACCESS
    {"SQLITE_IOERR_ACCESS", SQLITE_IOERR_ACCESS},
#endif
#ifdef SQLITE_IOERR_CHECKRESERVEDLOCK
    {"SQLITE_IOERR_CHECKRESERVEDLOCK", SQLITE_IOERR_CHECKRESERVEDLOCK},
#endif
#ifdef SQLITE_IOERR_LOCK
    {"SQLITE_IOERR_LOCK", SQLITE_IOERR_LOCK},
#endif
#ifdef SQLITE_IOERR_CLOSE
    {"SQLITE_IOERR_CLOSE", SQLITE_IOERR_CLOSE},
#endif
#ifdef SQLITE_IOERR_DIR_CLOSE
    {"SQLITE_IOERR_DIR_CLOSE", SQLITE_IOERR_DIR_CLOSE},
#endif
#ifdef SQLITE_IOERR_SHMOPEN
    {"SQLITE_IOERR_SHMOPEN", SQLITE_IOERR_SHMOPEN},
#endif
#ifdef SQLITE_IOERR_SHMSIZE
    {"SQLITE_IOERR_SHMSIZE", SQLITE_IOERR_SHMSIZE},
#endif
#ifdef SQLITE_IOERR_SHMLOCK
    {"SQLITE_IOERR_SHMLOCK", SQLITE_IOERR_SHMLOCK},
#endif
#ifdef SQLITE_IOERR_SHMMAP
    {"SQLITE_IOERR_SHMMAP", SQLITE_IOERR_SHMMAP},
#endif
#ifdef SQLITE_IOERR_SEEK
    {"SQLITE_IOERR_SEEK", SQLITE_IOERR_SEEK},
#endif
#ifdef SQLITE_IOERR_DELETE_NOENT
    {"SQLITE_IOERR_DELETE_NOENT", SQLITE_IOERR_DELETE_NOENT},
#endif
#ifdef SQLITE_IOERR_MMAP
    {"SQLITE_IOERR_MMAP", SQLITE_IOERR_MMAP},
#endif
#ifdef SQLITE_IOERR_GETTEMPPATH
    {"SQLITE_IOERR_GETTEMPPATH", SQLITE_IOERR_GETTEMPPATH},
#endif
#ifdef SQLITE_IOERR_CONVPATH
    {"SQLITE_IOERR_CONVPATH", SQLITE_IOERR_CONVPATH},
#endif
#ifdef SQLITE_IOERR_VNODE
    {"SQLITE_IOERR_VNODE", SQLITE_IOERR_VNODE},
#endif
#ifdef SQLITE_IOERR_AUTH
    {"SQLITE_IOERR_AUTH", SQLITE_IOERR_AUTH},
#endif
#ifdef SQLITE_IOERR_BEGIN_ATOMIC
    {"SQLITE_IOERR_BEGIN_ATOMIC", SQLITE_IOERR_BEGIN_ATOMIC},
#endif
#ifdef SQLITE_IOERR_COMMIT_ATOMIC
    {"SQLITE_IOERR_COMMIT_ATOMIC", SQLITE_IOERR_COMMIT_ATOMIC},
#endif
#ifdef SQLITE_IOERR_ROLLBACK_ATOMIC
    {"SQLITE_IOERR_ROLLBACK_ATOMIC", SQLITE_IOERR_ROLLBACK_ATOMIC},
#endif
#ifdef SQLITE_IOERR_DATA
    {"SQLITE_IOERR_DATA", SQLITE_IOERR_DATA},
#endif
#ifdef SQLITE_IOERR_CORRUPTFS
    {"SQLITE_IOERR_CORRUPTFS", SQLITE_IOERR_CORRUPTFS},
#endif
#ifdef SQLITE_LOCKED_SHAREDCACHE
    {"SQLITE_LOCKED_SHAREDCACHE", SQLITE_LOCKED_SHAREDCACHE},
#endif
#ifdef SQLITE_LOCKED_VTAB
    {"SQLITE_LOCKED_VTAB", SQLITE_LOCKED_VTAB},
#endif
#ifdef SQLITE_BUSY_RECOVERY
    {"SQLITE_BUSY_RECOVERY", SQLITE_BUSY_RECOVERY},
#endif
#ifdef SQLITE_BUSY_SNAPSHOT
    {"SQLITE_BUSY_SNAPSHOT", SQLITE_BUSY_SNAPSHOT},
#endif
#ifdef SQLITE_BUSY_TIMEOUT
    {"SQLITE_BUSY_TIMEOUT", SQLITE_BUSY_TIMEOUT},
#endif
#ifdef SQLITE_CANTOPEN_NOTEMPDIR
    {"SQLITE_CANTOPEN_NOTEMPDIR", SQLITE_CANTOPEN_NOTEMPDIR},
#endif
#ifdef SQLITE_CANTOPEN_ISDIR
    {"SQLITE_CANTOPEN_ISDIR", SQLITE_CANTOPEN_ISDIR},
#endif
#ifdef SQLITE_CANTOPEN_FULLPATH
    {"SQLITE_CANTOPEN_FULLPATH", SQLITE_CANTOPEN_FULLPATH},
#endif
#ifdef SQLITE_CANTOPEN_CONVPATH
    {"SQLITE_CANTOPEN_CONVPATH", SQLITE_CANTOPEN_CONVPATH},
#endif
#ifdef SQLITE_CANTOPEN_DIRTYWAL
    {"SQLITE_CANTOPEN_DIRTYWAL", SQLITE_CANTOPEN_DIRTYWAL},
#endif
#ifdef SQLITE_CANTOPEN_SYMLINK
    {"SQLITE_CANTOPEN_SYMLINK", SQLITE_CANTOPEN_SYMLINK},
#endif
#ifdef SQLITE_CORRUPT_VTAB
    {"SQLITE_CORRUPT_VTAB", SQLITE_CORRUPT_VTAB},
#endif
#ifdef SQLITE_CORRUPT_SEQUENCE
    {"SQLITE_CORRUPT_SEQUENCE", SQLITE_CORRUPT_SEQUENCE},
#endif
#ifdef SQLITE_CORRUPT_INDEX
    {"SQLITE_CORRUPT_INDEX", SQLITE_CORRUPT_INDEX},
#endif
#ifdef SQLITE_READONLY_RECOVERY
    {"SQLITE_READONLY_RECOVERY", SQLITE_READONLY_RECOVERY},
#endif
#ifdef SQLITE_READONLY_CANTLOCK
    {"SQLITE_READONLY_CANTLOCK", SQLITE_READONLY_CANTLOCK},
#endif
#ifdef SQLITE_READONLY_ROLLBACK
    {"SQLITE_READONLY_ROLLBACK", SQLITE_READONLY_ROLLBACK},
#endif
#ifdef SQLITE_READONLY_DBMOVED
    {"SQLITE_READONLY_DBMOVED", SQLITE_READONLY_DBMOVED},
#endif
#ifdef SQLITE_READONLY_CANTINIT
    {"SQLITE_READONLY_CANTINIT", SQLITE_READONLY_CANTINIT},
#endif
#ifdef SQLITE_READONLY_DIRECTORY
    {"SQLITE_READONLY_DIRECTORY", SQLITE_READONLY_DIRECTORY},
#endif
#ifdef SQLITE_ABORT_ROLLBACK
    {"SQLITE_ABORT_ROLLBACK", SQLITE_ABORT_ROLLBACK},
#endif
#ifdef SQLITE_CONSTRAINT_CHECK
    {"SQLITE_CONSTRAINT_CHECK", SQLITE_CONSTRAINT_CHECK},
#endif
#ifdef SQLITE_CONSTRAINT_COMMITHOOK
    {"SQLITE_CONSTRAINT_COMMITHOOK", SQLITE_CONSTRAINT_COMMITHOOK},
#endif
#ifdef SQLITE_CONSTRAINT_FOREIGNKEY
    {"SQLITE_CONSTRAINT_FOREIGNKEY", SQLITE_CONSTRAINT_FOREIGNKEY},
#endif
#ifdef SQLITE_CONSTRAINT_FUNCTION
    {"SQLITE_CONSTRAINT_FUNCTION", SQLITE_CONSTRAINT_FUNCTION},
#endif
#ifdef SQLITE_CONSTRAINT_NOTNULL
    {"SQLITE_CONSTRAINT_NOTNULL", SQLITE_CONSTRAINT_NOTNULL},
#endif
#ifdef SQLITE_CONSTRAINT_PRIMARYKEY
    {"SQLITE_CONSTRAINT_PRIMARYKEY", SQLITE_CONSTRAINT_PRIMARYKEY},
#endif
#ifdef SQLITE_CONSTRAINT_TRIGGER
    {"SQLITE_CONSTRAINT_TRIGGER", SQLITE_CONSTRAINT_TRIGGER},
#endif
#ifdef SQLITE_CONSTRAINT_UNIQUE
    {"SQLITE_CONSTRAINT_UNIQUE", SQLITE_CONSTRAINT_UNIQUE},
#endif
#ifdef SQLITE_CONSTRAINT_VTAB
    {"SQLITE_CONSTRAINT_VTAB", SQLITE_CONSTRAINT_VTAB},
#endif
#ifdef SQLITE_CONSTRAINT_ROWID
    {"SQLITE_CONSTRAINT_ROWID", SQLITE_CONSTRAINT_ROWID},
#endif
#ifdef SQLITE_CONSTRAINT_PINNED
    {"SQLITE_CONSTRAINT_PINNED", SQLITE_CONSTRAINT_PINNED},
#endif
#ifdef SQLITE_CONSTRAINT_DATATYPE
    {"SQLITE_CONSTRAINT_DATATYPE", SQLITE_CONSTRAINT_DATATYPE},
#endif
#ifdef SQLITE_NOTICE_RECOVER_WAL
    {"SQLITE_NOTICE_RECOVER_WAL", SQLITE_NOTICE_RECOVER_WAL},
#endif
#ifdef SQLITE_NOTICE_RECOVER_ROLLBACK
    {"SQLITE_NOTICE_RECOVER_ROLLBACK", SQLITE_NOTICE_RECOVER_ROLLBACK},
#endif
#ifdef SQLITE_WARNING_AUTOINDEX
    {"SQLITE_WARNING_AUTOINDEX", SQLITE_WARNING_AUTOINDEX},
#endif
#ifdef SQLITE_AUTH_USER
    {"SQLITE_AUTH_USER", SQLITE_AUTH_USER},
#endif
#ifdef SQLITE_OK_LOAD_PERMANENTLY
    {"SQLITE_OK_LOAD_PERMANENTLY", SQLITE_OK_LOAD_PERMANENTLY},
#endif
#ifdef SQLITE_OK_SYMLINK
    {"SQLITE_OK_SYMLINK", SQLITE_OK_SYMLINK},
#endif
    {NULL, 0},
};

static const char *error_name(int code)
{
    for (int i = 0; error_names[i].name != NULL; i++) {
        if (error_names[i].code == code) {
            return error_names[i].name;
        }
    }
    return "unknown";
}

/* ---------------------------------------------------------------------------------------
 * Output buffer and writing to the file descriptor.
 */

typedef struct {
    char *data;
    size_t len;
    size_t cap;
    int fd;
} Out;

static int out_grow(Out *out, size_t extra)
{
    if (extra > ((size_t)PY_SSIZE_T_MAX / 2) - out->len) {
        PyErr_NoMemory();
        return -1;
    }
    size_t need = out->len + extra;
    size_t cap = out->cap ? out->cap : FLUSH_AT + FLUSH_AT / 2;
    while (cap < need) {
        cap *= 2;
    }
    char *data = PyMem_RawRealloc(out->data, cap);
    if (data == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    out->data = data;
    out->cap = cap;
    return 0;
}

/* Room for `n` more bytes. */
#define RESERVE(out, n) \
    (((out)->cap - (out)->len >= (size_t)(n)) ? 0 : out_grow((out), (size_t)(n)))

/* Write out->data[0:upto] to the descriptor (GIL released around each write), then keep
 * the rest. EINTR: run the signal handlers, go on unless one raised. EAGAIN (a
 * non-blocking descriptor): wait for it with poll. */
static int out_flush(Out *out, size_t upto)
{
    size_t done = 0;
    while (done < upto) {
        ssize_t n;
        int err;
        Py_BEGIN_ALLOW_THREADS
        n = write(out->fd, out->data + done, upto - done);
        err = errno;
        Py_END_ALLOW_THREADS
        if (n >= 0) {
            done += (size_t)n;
            /* A signal can cut a write short without EINTR: look before writing on. */
            if (done < upto && PyErr_CheckSignals() < 0) {
                return -1;
            }
            continue;
        }
        if (err == EINTR) {
            if (PyErr_CheckSignals() < 0) {
                return -1;
            }
            continue;
        }
        if (err == EAGAIN || err == EWOULDBLOCK) {
            struct pollfd p = {out->fd, POLLOUT, 0};
            Py_BEGIN_ALLOW_THREADS
            (void)poll(&p, 1, 100);
            Py_END_ALLOW_THREADS
            if (PyErr_CheckSignals() < 0) {
                return -1;
            }
            continue;
        }
        errno = err;
        PyErr_SetFromErrno(PyExc_OSError); /* EPIPE becomes BrokenPipeError */
        return -1;
    }
    memmove(out->data, out->data + upto, out->len - upto);
    out->len -= upto;
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * Field text.
 */

/* Byte classes of a text value: plain ASCII, a byte that makes the field quoted (the
 * delimiter, '"', '\n', '\r'), or the start of a multi-byte UTF-8 sequence. */
enum { PLAIN = 0, QUOTE = 1, MULTI = 2 };

typedef struct {
    unsigned char cls[256];
    char delimiter;
    int one_column;
} Layout;

static void layout_init(Layout *lay, char delimiter, int columns)
{
    for (int c = 0; c < 256; c++) {
        lay->cls[c] = c < 0x80 ? PLAIN : MULTI;
    }
    lay->cls['"'] = QUOTE;
    lay->cls['\n'] = QUOTE;
    lay->cls['\r'] = QUOTE;
    lay->cls[(unsigned char)delimiter] = QUOTE;
    lay->delimiter = delimiter;
    lay->one_column = columns == 1;
}

/* Length of the well-formed UTF-8 sequence at p (p[0] >= 0x80), or 0 when it is not one,
 * by the rules of Python's strict UTF-8 decoder (no overlong forms, no surrogates,
 * nothing above U+10FFFF). */
static size_t utf8_sequence(const unsigned char *p, size_t left)
{
    unsigned char c = p[0];
    if (c >= 0xC2 && c <= 0xDF) {
        return (left >= 2 && (p[1] & 0xC0) == 0x80) ? 2 : 0;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (left < 3 || (p[2] & 0xC0) != 0x80) {
            return 0;
        }
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return (p[1] >= lo && p[1] <= hi) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (left < 4 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) {
            return 0;
        }
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return (p[1] >= lo && p[1] <= hi) ? 4 : 0;
    }
    return 0;
}

#define ONES ((uint64_t)0x0101010101010101ULL)
#define HIGHS ((uint64_t)0x8080808080808080ULL)

/* Whether any byte of x equals the byte repeated in `repeated` (exact, not a guess). */
static inline uint64_t byte_in(uint64_t x, uint64_t repeated)
{
    uint64_t v = x ^ repeated;
    return (v - ONES) & ~v & HIGHS;
}

/* Checks a text value: -1 when it is not valid UTF-8, else 1 when the field must be
 * quoted and 0 when not. ASCII goes eight bytes at a time. */
static int scan_text(const Layout *lay, const unsigned char *p, size_t n)
{
    const uint64_t quote_ch = ONES * '"', lf = ONES * '\n', cr = ONES * '\r',
                   delim = ONES * (unsigned char)lay->delimiter;
    uint64_t special = 0;
    int quote = 0;
    size_t i = 0;
    while (i < n) {
        while (n - i >= 8) {
            uint64_t x;
            memcpy(&x, p + i, 8);
            if (x & HIGHS) {
                break; /* a multi-byte sequence in these eight: byte by byte */
            }
            special |= byte_in(x, quote_ch) | byte_in(x, lf) | byte_in(x, cr) | byte_in(x, delim);
            i += 8;
        }
        if (i >= n) {
            break;
        }
        unsigned char k = lay->cls[p[i]];
        if (k == PLAIN) {
            i++;
        } else if (k == QUOTE) {
            quote = 1;
            i++;
        } else {
            size_t len = utf8_sequence(p + i, n - i);
            if (len == 0) {
                return -1;
            }
            i += len;
        }
    }
    return quote || special != 0;
}

/* Appends a text field (already checked by scan_text) and the delimiter after it. */
static int put_text(Out *out, const Layout *lay, const char *p, size_t n, int quote)
{
    if (lay->one_column && !quote && (n == 0 || (n == 2 && p[0] == '\\' && p[1] == '.'))) {
        /* A lone empty field would read as no record, a lone \. as COPY's end of data. */
        quote = 1;
    }
    if (!quote) {
        if (RESERVE(out, n + 1) < 0) {
            return -1;
        }
        memcpy(out->data + out->len, p, n);
        out->len += n;
    } else {
        if (n > ((size_t)PY_SSIZE_T_MAX - 3) / 2 || RESERVE(out, 2 * n + 3) < 0) {
            PyErr_NoMemory();
            return -1;
        }
        char *w = out->data + out->len;
        *w++ = '"';
        const char *end = p + n;
        while (p < end) {
            const char *q = memchr(p, '"', (size_t)(end - p));
            size_t run = q ? (size_t)(q - p) + 1 : (size_t)(end - p);
            memcpy(w, p, run);
            w += run;
            p += run;
            if (q) {
                *w++ = '"';
            }
        }
        *w++ = '"';
        out->len = (size_t)(w - out->data);
    }
    out->data[out->len++] = lay->delimiter;
    return 0;
}


static char *put_int(char *w, sqlite3_int64 value)
{
    char tmp[24];
    int i = (int)sizeof tmp;
    uint64_t u = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    do {
        tmp[--i] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u);
    if (value < 0) {
        tmp[--i] = '-';
    }
    memcpy(w, tmp + i, sizeof tmp - (size_t)i);
    return w + (sizeof tmp - (size_t)i);
}

/* repr() of a double that is a multiple of 1/8 below 2**46 (whole numbers, halves,
 * quarters: most stored REALs), written to w; 0 for any other value. Such a value's
 * exact decimal expansion has at most 3 fractional digits and is its shortest
 * round-trip form: a decimal with fewer digits is at least 5e-3 away, more than half an
 * ulp (at most 2**-7) below 2**46. repr() lays such values out positionally (1e-4 <=
 * |v| < 1e16), with at least one fractional digit. */
static size_t put_eighths(double value, char *w)
{
    if (!(fabs(value) < 70368744177664.0)) { /* 2**46; false for NaN too */
        return 0;
    }
    double scaled = value * 8.0; /* exact */
    if (scaled != trunc(scaled)) {
        return 0;
    }
    char *start = w;
    long long n = (long long)scaled;
    if (signbit(value)) {
        *w++ = '-'; /* -0.0 too */
        n = -n;
    }
    w = put_int(w, n >> 3);
    int frac = (int)(n & 7) * 125; /* thousandths */
    *w++ = '.';
    *w++ = (char)('0' + frac / 100);
    if (frac % 100) {
        *w++ = (char)('0' + frac / 10 % 10);
        if (frac % 10) {
            *w++ = (char)('0' + frac % 10);
        }
    }
    return (size_t)(w - start);
}

/* A REAL as Python's repr(), then `delimiter`; the non-finite ones as formatting/floats.py
 * spells them (Infinity, -Infinity, NaN). */
static int put_double(Out *out, double value, char delimiter)
{
    if (RESERVE(out, 32) < 0) {
        return -1;
    }
    size_t n = put_eighths(value, out->data + out->len);
    if (n > 0) {
        out->len += n;
        out->data[out->len++] = delimiter;
        return 0;
    }
    const char *text;
    char *owned = NULL;
    if (isfinite(value)) {
        owned = PyOS_double_to_string(value, 'r', 0, Py_DTSF_ADD_DOT_0, NULL);
        if (owned == NULL) {
            return -1;
        }
        text = owned;
    } else if (isnan(value)) {
        text = "NaN";
    } else {
        text = value > 0 ? "Infinity" : "-Infinity";
    }
    n = strlen(text);
    int ok = RESERVE(out, n + 1);
    if (ok == 0) {
        memcpy(out->data + out->len, text, n);
        out->len += n;
        out->data[out->len++] = delimiter;
    }
    PyMem_Free(owned);
    return ok;
}

static const char HEX[] = "0123456789abcdef";

/* Outcome of formatting one row. */
enum { ROW_OK = 0, ROW_FAILED = -1, ROW_UNDECODABLE = -2 };

/* Appends one record. ROW_UNDECODABLE: a TEXT value is not UTF-8 (Python's sqlite3 raises
 * there); *bad_column says which column. ROW_FAILED: a Python exception is set. */
static int put_row(Out *out, const Layout *lay, sqlite3_stmt *stmt, sqlite3 *db, int columns,
                   int *bad_column)
{
    for (int i = 0; i < columns; i++) {
        switch (sqlite3_column_type(stmt, i)) {
        case SQLITE_INTEGER: {
            if (RESERVE(out, 24) < 0) {
                return ROW_FAILED;
            }
            char *w = put_int(out->data + out->len, sqlite3_column_int64(stmt, i));
            *w++ = lay->delimiter;
            out->len = (size_t)(w - out->data);
            break;
        }
        case SQLITE_FLOAT:
            if (put_double(out, sqlite3_column_double(stmt, i), lay->delimiter) < 0) {
                return ROW_FAILED;
            }
            break;
        case SQLITE_TEXT: {
            const unsigned char *p = sqlite3_column_text(stmt, i);
            int n = sqlite3_column_bytes(stmt, i);
            if (p == NULL) {
                if (sqlite3_errcode(db) == SQLITE_NOMEM) {
                    PyErr_NoMemory();
                    return ROW_FAILED;
                }
                p = (const unsigned char *)"";
                n = 0;
            }
            int quote = scan_text(lay, p, (size_t)n);
            if (quote < 0) {
                *bad_column = i;
                return ROW_UNDECODABLE;
            }
            if (put_text(out, lay, (const char *)p, (size_t)n, quote) < 0) {
                return ROW_FAILED;
            }
            break;
        }
        case SQLITE_BLOB: {
            const unsigned char *p = sqlite3_column_blob(stmt, i);
            size_t n = (size_t)sqlite3_column_bytes(stmt, i);
            if (p == NULL && n != 0) {
                PyErr_NoMemory();
                return ROW_FAILED;
            }
            if (n > ((size_t)PY_SSIZE_T_MAX - 3) / 2 || RESERVE(out, 2 * n + 3) < 0) {
                PyErr_NoMemory();
                return ROW_FAILED;
            }
            char *w = out->data + out->len;
            *w++ = '\\';
            *w++ = 'x';
            for (size_t j = 0; j < n; j++) {
                *w++ = HEX[p[j] >> 4];
                *w++ = HEX[p[j] & 15];
            }
            *w++ = lay->delimiter;
            out->len = (size_t)(w - out->data);
            break;
        }
        default: /* SQLITE_NULL: an empty field */
            if (lay->one_column) {
                if (put_text(out, lay, "", 0, 0) < 0) {
                    return ROW_FAILED;
                }
            } else {
                if (RESERVE(out, 1) < 0) {
                    return ROW_FAILED;
                }
                out->data[out->len++] = lay->delimiter;
            }
            break;
        }
    }
    out->data[out->len - 1] = '\n'; /* the last field's delimiter ends the record */
    return ROW_OK;
}

/* Python's sqlite3 message for TEXT that is not UTF-8 (Modules/_sqlite/cursor.c, the
 * same in 3.10-3.13): formatted into a 200-byte buffer, then decoded as ASCII with
 * replacement characters. */
static PyObject *undecodable_message(sqlite3_stmt *stmt, int column)
{
    char buf[200];
    const char *name = sqlite3_column_name(stmt, column);
    const unsigned char *text = sqlite3_column_text(stmt, column);
    PyOS_snprintf(buf, sizeof(buf) - 1, "Could not decode to UTF-8 column '%s' with text '%s'",
                  name ? name : "", text ? (const char *)text : "");
    return PyUnicode_DecodeASCII(buf, (Py_ssize_t)strlen(buf), "replace");
}

/* ---------------------------------------------------------------------------------------
 * Signals and locks while the statement runs.
 */

typedef struct {
    int signalled;    /* a signal handler raised: its exception is set */
    int busy_patient; /* once a row came: wait for locks as sqlite3.connect(timeout=5) does */
    PyThreadState *released; /* set while a step runs without the GIL */
} Watch;

/* Run Python's signal handlers from inside SQLite, taking the GIL back for the moment
 * when the step runs without it. 1 when a handler raised (its exception is set). */
static int signal_raised(Watch *watch)
{
    if (watch->released != NULL) {
        PyEval_RestoreThread(watch->released);
    }
    int raised = PyErr_CheckSignals() < 0;
    if (watch->released != NULL) {
        watch->released = PyEval_SaveThread();
    }
    if (raised) {
        watch->signalled = 1;
    }
    return raised;
}

/* One step of the result without the GIL, as Python's sqlite3 steps: a long statement
 * (a big sort, an endless recursive query) leaves the process's other threads free. */
static int step_released(sqlite3_stmt *stmt, Watch *watch)
{
    watch->released = PyEval_SaveThread();
    int rc = sqlite3_step(stmt);
    PyEval_RestoreThread(watch->released);
    watch->released = NULL;
    return rc;
}

/* Called by SQLite every PROGRESS_STEPS virtual-machine steps: interrupts the statement
 * when a signal handler raised (KeyboardInterrupt for Ctrl-C). */
static int on_progress(void *arg)
{
    return signal_raised(arg);
}

/* A locked database. Before the first row: give up at once, and the normal path (which
 * waits up to 5 s) runs instead, so nothing waits twice. After: SQLite's default busy
 * wait (the same delays, 5 s in all), sleeping in short slices without the GIL and
 * looking for Ctrl-C in between. */
static int on_busy(void *arg, int count)
{
    static const int delays[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
    static const int totals[] = {0, 1, 3, 8, 18, 33, 53, 78, 103, 128, 178, 228};
    const int steps = (int)(sizeof delays / sizeof delays[0]);
    Watch *watch = arg;
    if (!watch->busy_patient || watch->signalled) {
        return 0;
    }
    int delay, prior;
    if (count < steps) {
        delay = delays[count];
        prior = totals[count];
    } else {
        delay = delays[steps - 1];
        prior = totals[steps - 1] + delay * (count - (steps - 1));
    }
    if (prior + delay > BUSY_TIMEOUT_MS) {
        delay = BUSY_TIMEOUT_MS - prior;
        if (delay <= 0) {
            return 0;
        }
    }
    if (watch->released != NULL) {
        sqlite3_sleep(delay);
    } else {
        Py_BEGIN_ALLOW_THREADS
        sqlite3_sleep(delay);
        Py_END_ALLOW_THREADS
    }
    return signal_raised(watch) ? 0 : 1;
}

/* ---------------------------------------------------------------------------------------
 * The statement.
 */

/* True when only whitespace, comments and semicolons follow the statement. */
static int only_trailing_noise(const char *p, const char *end)
{
    while (p < end) {
        char c = *p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == ';') {
            p++;
        } else if (c == '-' && end - p >= 2 && p[1] == '-') {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            p = nl ? nl + 1 : end;
        } else if (c == '/' && end - p >= 2 && p[1] == '*') {
            p += 2;
            while (p < end && !(p[0] == '*' && end - p >= 2 && p[1] == '/')) {
                p++;
            }
            p = p < end ? p + 2 : end;
        } else {
            return 0;
        }
    }
    return 1;
}

/* The header record: the column names, quoted where needed. 0 when a name is not UTF-8
 * (the normal path fails on it), -1 on a Python error, 1 when done. */
static int put_header(Out *out, const Layout *lay, sqlite3_stmt *stmt, int columns)
{
    for (int i = 0; i < columns; i++) {
        const char *name = sqlite3_column_name(stmt, i);
        if (name == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        size_t n = strlen(name);
        int quote = scan_text(lay, (const unsigned char *)name, n);
        if (quote < 0) {
            return 0;
        }
        if (put_text(out, lay, name, n, quote) < 0) {
            return -1;
        }
    }
    out->data[out->len - 1] = '\n';
    return 1;
}

/* Rows the normal path prints before it reports an error: whole batches, those it
 * fetched before the one that failed. `row` is the index of the row whose step (or
 * conversion) failed; `ahead` whether the failure surfaced one row early. */
static long long rows_before_error(long long row, int ahead, long long batch)
{
    long long seen = ahead ? row - 1 : row;
    return seen <= 0 ? 0 : (seen / batch) * batch;
}

typedef struct {
    sqlite3 *db;
    sqlite3_stmt *stmt;
    Out out;
    Watch watch;
} Run;

static void run_close(Run *run)
{
    if (run->stmt != NULL) {
        sqlite3_finalize(run->stmt);
        run->stmt = NULL;
    }
    if (run->db != NULL) {
        sqlite3_progress_handler(run->db, 0, NULL, NULL);
        sqlite3_close_v2(run->db);
        run->db = NULL;
    }
    PyMem_RawFree(run->out.data);
    run->out.data = NULL;
}

/* The error after output began: write the rows the normal path would have printed (up
 * to `upto` in the buffer), then raise SqlError(message, name, statement_end). */
static PyObject *fail_after_output(Run *run, size_t upto, PyObject *message, const char *name,
                                   Py_ssize_t statement_end)
{
    if (message == NULL) {
        run_close(run);
        return NULL;
    }
    if (upto != NO_OFFSET && upto > 0 && out_flush(&run->out, upto) < 0) {
        Py_DECREF(message);
        run_close(run);
        return NULL;
    }
    run_close(run);
    PyObject *args = Py_BuildValue("(Ozn)", message, name, statement_end);
    Py_DECREF(message);
    if (args != NULL) {
        PyErr_SetObject(SqlError, args);
        Py_DECREF(args);
    }
    return NULL;
}

/* True when the driver's first query, SELECT count(*) FROM sqlite_master, succeeds. */
static int is_database(sqlite3 *db)
{
    sqlite3_stmt *check = NULL;
    int ok = sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &check, NULL) == SQLITE_OK &&
             check != NULL && sqlite3_step(check) == SQLITE_ROW;
    sqlite3_finalize(check);
    return ok;
}

PyDoc_STRVAR(export_doc,
"export(filename, uri, sql, delimiter, fd, convert_ahead, batch) -> int | None\n\n"
"Run one read-only statement of the SQLite database `filename` (bytes; a URI when `uri`)\n"
"and write its rows as CSV/TSV to `fd`. None: nothing was written (cannot open, not\n"
"exactly one read-only query, locked before the first row ...). Otherwise the row count,\n"
"or SqlError(message, sqlite_errorname, statement_end) once the statement ran, with the\n"
"rows the normal path prints before its error written.\n"
"`convert_ahead`: the normal path converts a row when it steps it (Python 3.10), so a\n"
"bad TEXT value fails one row early. `batch`: rows per fetch in the normal path.");

static PyObject *export(PyObject *module, PyObject *args)
{
    const char *filename, *sql;
    Py_ssize_t filename_len, sql_len;
    int uri, fd, convert_ahead;
    int delimiter;
    long long batch;
    if (!PyArg_ParseTuple(args, "y#py#CipL:export", &filename, &filename_len, &uri, &sql, &sql_len,
                          &delimiter, &fd, &convert_ahead, &batch)) {
        return NULL;
    }
    if ((delimiter != ',' && delimiter != '\t') || batch <= 0 || sql_len > INT_MAX - 1 ||
        (Py_ssize_t)strlen(filename) != filename_len || memchr(sql, 0, (size_t)sql_len) != NULL) {
        Py_RETURN_NONE;
    }

    Run run;
    memset(&run, 0, sizeof run);
    run.out.fd = fd;

    /* As Python's sqlite3.connect, but never creating the file (a missing file is the
     * normal path's to report). */
    /* NOMUTEX: the connection is ours alone, so the per-call mutex (a tenth of the
     * time) can go. */
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (uri ? SQLITE_OPEN_URI : 0);
    if (sqlite3_open_v2(filename, &run.db, flags, NULL) != SQLITE_OK) {
        run_close(&run);
        Py_RETURN_NONE;
    }
    sqlite3_busy_handler(run.db, on_busy, &run.watch);
    sqlite3_progress_handler(run.db, PROGRESS_STEPS, on_progress, &run.watch);
    /* The driver's check that the file is a database (SELECT 1 alone never reads it). */
    if (!is_database(run.db)) {
        run_close(&run);
        if (run.watch.signalled) {
            return NULL;
        }
        Py_RETURN_NONE;
    }

    const char *tail = NULL;
    int rc = sqlite3_prepare_v2(run.db, sql, (int)sql_len, &run.stmt, &tail);
    if (run.watch.signalled) {
        run_close(&run);
        return NULL;
    }
    int columns = run.stmt ? sqlite3_column_count(run.stmt) : 0;
    if (rc != SQLITE_OK || run.stmt == NULL || tail == NULL || tail < sql || tail > sql + sql_len ||
        !only_trailing_noise(tail, sql + sql_len) || columns <= 0 ||
        !sqlite3_stmt_readonly(run.stmt) || sqlite3_bind_parameter_count(run.stmt) != 0) {
        run_close(&run);
        Py_RETURN_NONE;
    }
    Py_ssize_t statement_end = (Py_ssize_t)(tail - sql);

    Layout lay;
    layout_init(&lay, (char)delimiter, columns);
    int header = put_header(&run.out, &lay, run.stmt, columns);
    if (header <= 0) {
        run_close(&run);
        if (header < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }

    long long rows = 0;
    /* Buffer offsets where the latest batch (and the one before it) began. */
    size_t batch_start = run.out.len, previous_start = NO_OFFSET;
    for (;;) {
        rc = step_released(run.stmt, &run.watch);
        if (rc == SQLITE_ROW) {
            if (rows > 0 && rows % batch == 0) {
                previous_start = batch_start;
                batch_start = run.out.len;
            }
            int bad_column = 0;
            int done = put_row(&run.out, &lay, run.stmt, run.db, columns, &bad_column);
            if (done == ROW_FAILED) {
                run_close(&run);
                return NULL;
            }
            if (done == ROW_UNDECODABLE) {
                /* Reported here even with nothing printed: the normal path would only run
                 * the whole statement again to fail at the same row. */
                long long printed = rows_before_error(rows, convert_ahead, batch);
                size_t upto = printed == 0 ? NO_OFFSET
                            : printed == rows - rows % batch ? batch_start : previous_start;
                return fail_after_output(&run, upto, undecodable_message(run.stmt, bad_column), NULL,
                                         statement_end);
            }
            /* From here an error is reported, not left to the normal path: wait for locks. */
            run.watch.busy_patient = 1;
            if (rows > 0 && rows % batch == 0 && batch_start >= FLUSH_AT) {
                /* This row was stepped and converted: the batches before it are printed. */
                if (out_flush(&run.out, batch_start) < 0) {
                    run_close(&run);
                    return NULL;
                }
                batch_start = 0;
                previous_start = NO_OFFSET;
            }
            rows++;
            continue;
        }
        if (rc == SQLITE_DONE) {
            break;
        }
        /* The statement failed (or a signal handler interrupted it). */
        if (run.watch.signalled || PyErr_Occurred()) {
            run_close(&run);
            return NULL;
        }
        long long printed = rows_before_error(rows, 1, batch);
        int code = sqlite3_extended_errcode(run.db);
        int primary = code & 0xff;
        if (printed == 0 && (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)) {
            /* Locked before the first row: the normal path waits for the lock (see on_busy). */
            run_close(&run);
            Py_RETURN_NONE;
        }
        const char *text = sqlite3_errmsg(run.db);
        PyObject *message = PyUnicode_DecodeUTF8(text, (Py_ssize_t)strlen(text), "replace");
        /* What is printed ends where the latest batch began (the last row that came is in
         * it); nothing, not even the header, when that is the first batch. */
        return fail_after_output(&run, printed == 0 ? NO_OFFSET : batch_start, message, error_name(code),
                                 statement_end);
    }
    if (run.out.len > 0 && out_flush(&run.out, run.out.len) < 0) {
        run_close(&run);
        return NULL;
    }
    run_close(&run);
    return PyLong_FromLongLong(rows);
}

static PyMethodDef methods[] = {
    {"export", export, METH_VARARGS, export_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_sqlite_export",
    "CSV/TSV export of one SQLite query to a file descriptor (see pgcli_like/export/sqlite.py).",
    -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__sqlite_export(void)
{
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL) {
        return NULL;
    }
    SqlError = PyErr_NewException("pgcli_like.native._sqlite_export.SqlError", NULL, NULL);
    if (SqlError == NULL || PyModule_AddObject(module, "SqlError", SqlError) < 0) {
        Py_XDECREF(SqlError);
        Py_DECREF(module);
        return NULL;
    }
    Py_INCREF(SqlError); /* PyModule_AddObject took one reference; keep ours */
    return module;
}
