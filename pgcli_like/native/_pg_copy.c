/*
 * _pg_copy: one PostgreSQL query's rows as CSV/TSV, written by the server's COPY and passed
 * straight from libpq to a file descriptor.
 *
 * export(conninfo, sql, build, fd, notices) connects, describes `sql` without running it
 * (an unnamed prepared statement), asks build([(name, type_oid), ...]) for the COPY
 * statement and the header (or None: not eligible), runs the COPY and writes the header
 * and the rows to `fd` in chunks of about 256 KiB.
 *
 * Returns None having written nothing when anything fails before the COPY runs
 * (connection, encoding, describing the statement, a statement the COPY cannot take): the
 * caller then takes its normal path. Two connection outcomes come back as strings
 * instead, so that the caller need not try again: "timeout" (connect_timeout passed) and
 * "interrupted" (Ctrl-C while connecting). Returns the row count on success, or a tuple
 * describing the server's error once the COPY ran (see error_tuple; the rows before it are
 * written when output had begun). Ctrl-C cancels the query on the server and raises
 * KeyboardInterrupt; a write error (EPIPE …) cancels it and raises OSError. Notices the
 * server sent are appended to the list `notices` as "SEVERITY:  message" on every path.
 *
 * The GIL is released around every blocking call; waits are at most WAIT_MS long, between
 * them the GIL is taken back to run signal handlers.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#define WAIT_MS 100                  /* longest wait without looking at signals */
#define OUT_CHUNK (256 * 1024)       /* output written in pieces of about this size */
#define NOTICES_MAX (16 * 1024 * 1024) /* notices beyond this are dropped */
#define DRAIN_SECONDS 5              /* how long to wait for a cancelled query to end */

/* -- a growable byte buffer ------------------------------------------------------------- */

typedef struct {
    char *data;
    size_t len;   /* bytes held */
    size_t start; /* bytes of data[0:len] already written out */
    size_t cap;
} Buf;

/* 0, or -1 when memory ran out (the buffer is unchanged). */
static int buf_add(Buf *b, const char *s, size_t n)
{
    if (n > SIZE_MAX - b->len - 1)
        return -1;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n) {
            if (cap > SIZE_MAX / 2) {
                cap = b->len + n;
                break;
            }
            cap *= 2;
        }
        char *data = realloc(b->data, cap);
        if (data == NULL)
            return -1;
        b->data = data;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    return 0;
}

static void buf_free(Buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->start = b->cap = 0;
}

/* -- the state of one export ------------------------------------------------------------- */

typedef struct {
    PGconn *conn;
    Buf out;       /* header and rows not written yet */
    Buf notices;   /* "SEVERITY:  message\0" each */
    int fd;
    int wrote;     /* some output reached fd */
    int write_errno;
} Export;

static void on_notice(void *arg, const PGresult *res)
{
    /* Called by libpq inside its calls, with or without the GIL: touches only C memory. */
    Buf *b = (Buf *)arg;
    const char *severity = PQresultErrorField(res, PG_DIAG_SEVERITY);
    const char *message = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    if (severity == NULL || !*severity)
        severity = "NOTICE";
    if (message == NULL)
        message = "";
    size_t n = strlen(severity) + strlen(message) + 4;
    if (n > NOTICES_MAX || b->len > NOTICES_MAX - n)
        return;
    /* (out of memory midway leaves a piece without its NUL: give_notices stops there) */
    if (buf_add(b, severity, strlen(severity)) == 0 && buf_add(b, ":  ", 3) == 0)
        buf_add(b, message, strlen(message) + 1);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wait up to `ms` for the socket; 1 ready, 0 not (timeout or signal), -1 no socket/error. */
static int wait_socket(PGconn *conn, int for_write, int ms)
{
    struct pollfd p;
    p.fd = PQsocket(conn);
    if (p.fd < 0)
        return -1;
    p.events = for_write ? POLLOUT : POLLIN;
    p.revents = 0;
    int r = poll(&p, 1, ms);
    if (r < 0)
        return errno == EINTR ? 0 : -1;
    return r > 0;
}

/* -- connecting -------------------------------------------------------------------------- */

/* libpq's connect_timeout for this connection in seconds (0: none), as libpq reads it. */
static int connect_timeout(PGconn *conn)
{
    PQconninfoOption *opts = PQconninfo(conn);
    int seconds = 0;
    if (opts == NULL)
        return 0;
    for (PQconninfoOption *o = opts; o->keyword != NULL; o++) {
        if (strcmp(o->keyword, "connect_timeout") == 0 && o->val != NULL) {
            char *end;
            long v = strtol(o->val, &end, 10);
            if (end != o->val && v > 0)
                seconds = v < 2 ? 2 : (v > INT_MAX ? INT_MAX : (int)v);
        }
    }
    PQconninfoFree(opts);
    return seconds;
}

/* How a connection attempt ended. */
typedef enum { CONNECTED, CONNECT_FAILED, CONNECT_TIMED_OUT, CONNECT_INTERRUPTED } Connect;

/* Connect; *conn is the open connection when CONNECTED. CONNECT_INTERRUPTED: a signal
 * handler raised (its exception is set). */
static Connect connect_db(const char *conninfo, PGconn **out)
{
    PGconn *conn;
    *out = NULL;
    Py_BEGIN_ALLOW_THREADS
    conn = PQconnectStart(conninfo);
    Py_END_ALLOW_THREADS
    if (conn == NULL)
        return CONNECT_FAILED;
    if (PQstatus(conn) == CONNECTION_BAD) {
        PQfinish(conn);
        return CONNECT_FAILED;
    }
    /* PQconnectPoll ignores connect_timeout: the deadline is ours (the whole attempt). */
    int timeout = connect_timeout(conn);
    double deadline = timeout > 0 ? now() + timeout : 0;
    PostgresPollingStatusType status = PGRES_POLLING_WRITING;
    Connect outcome = CONNECT_FAILED;
    for (;;) {
        if (status == PGRES_POLLING_OK) {
            *out = conn;
            return CONNECTED;
        }
        if (status == PGRES_POLLING_FAILED)
            break;
        if (deadline > 0 && now() > deadline) {
            outcome = CONNECT_TIMED_OUT;
            break;
        }
        int ready;
        Py_BEGIN_ALLOW_THREADS
        ready = wait_socket(conn, status == PGRES_POLLING_WRITING, WAIT_MS);
        if (ready != 0)  /* ready, or the socket is gone: PQconnectPoll says what to do */
            status = PQconnectPoll(conn);
        Py_END_ALLOW_THREADS
        if (PyErr_CheckSignals() < 0) {
            outcome = CONNECT_INTERRUPTED;
            break;
        }
    }
    PQfinish(conn);
    return outcome;
}

/* -- waiting for results ----------------------------------------------------------------- */

/* Until PQgetResult will not block: 0; -1 a Python exception is set (Ctrl-C); -2 the
 * connection failed (PQgetResult then reports it without blocking). GIL held. */
static int wait_ready(PGconn *conn)
{
    for (;;) {
        int state; /* 0 ready, 1 still busy, 2 broken */
        Py_BEGIN_ALLOW_THREADS
        state = 1;
        for (;;) {
            if (!PQconsumeInput(conn)) {
                state = 2;
                break;
            }
            if (!PQisBusy(conn)) {
                state = 0;
                break;
            }
            int r = wait_socket(conn, 0, WAIT_MS);
            if (r < 0) {
                state = 2;
                break;
            }
            if (r == 0)
                break;
        }
        Py_END_ALLOW_THREADS
        if (state == 0)
            return 0;
        if (state == 2)
            return -2;
        if (PyErr_CheckSignals() < 0)
            return -1;
    }
}

/* Read the remaining results of the current command, COPY data still coming read and
 * dropped; GIL released. 1 when the connection is idle (or broken), 0 when `deadline`
 * came first (call again to go on). */
static int drain(PGconn *conn, double deadline)
{
    for (;;) {
        if (PQstatus(conn) == CONNECTION_BAD || !PQconsumeInput(conn))
            return 1;
        if (now() > deadline)
            return 0;
        if (PQisBusy(conn)) {
            if (wait_socket(conn, 0, WAIT_MS) < 0)
                return 1;
            continue;
        }
        PGresult *res = PQgetResult(conn);
        if (res == NULL)
            return 1;
        ExecStatusType st = PQresultStatus(res);
        PQclear(res);
        if (st == PGRES_COPY_OUT) {
            for (;;) {
                char *row = NULL;
                int n = PQgetCopyData(conn, &row, 1);
                if (n > 0) {
                    PQfreemem(row);
                    continue;
                }
                if (n < 0)
                    break;  /* the COPY ended (its result is read next) or the connection broke */
                if (now() > deadline)
                    return 0;  /* (called again, PQgetResult says COPY_OUT again: back here) */
                if (wait_socket(conn, 0, WAIT_MS) < 0 || !PQconsumeInput(conn))
                    return 1;
            }
        } else if (st == PGRES_COPY_IN || st == PGRES_COPY_BOTH) {
            PQputCopyEnd(conn, "cancelled");  /* (not ours: a COPY is only ever TO STDOUT here) */
        }
    }
}

/* Ask the server to stop the running query. GIL released. */
static void send_cancel(PGconn *conn)
{
    PGcancel *cancel = PQgetCancel(conn);
    if (cancel != NULL) {
        char errbuf[256];
        PQcancel(cancel, errbuf, (int)sizeof errbuf);
        PQfreeCancel(cancel);
    }
}

/* Ctrl-C (its exception pending): cancel the query and wait a while until the server ended
 * it, looking at signals between short waits — another Ctrl-C stops the wait. GIL held;
 * the pending exception is kept. */
static void cancel_interrupted(PGconn *conn)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    double deadline = now() + DRAIN_SECONDS;
    int done;
    Py_BEGIN_ALLOW_THREADS
    send_cancel(conn);
    Py_END_ALLOW_THREADS
    do {
        Py_BEGIN_ALLOW_THREADS
        double slice = now() + WAIT_MS / 1000.0;
        done = drain(conn, slice < deadline ? slice : deadline);
        Py_END_ALLOW_THREADS
        if (!done && PyErr_CheckSignals() < 0) {
            PyErr_Clear();  /* the first Ctrl-C is the one reported */
            break;
        }
    } while (!done && now() < deadline);
    PyErr_Restore(type, value, tb);
}

/* Send a command (already begun with PQsend*) to its end: its one result (the caller
 * clears it) or NULL; NULL with an exception on Ctrl-C (the command cancelled). */
static PGresult *command_result(PGconn *conn)
{
    PGresult *first = NULL;
    for (;;) {
        int w = wait_ready(conn);
        if (w == -1) {
            cancel_interrupted(conn);
            PQclear(first);
            return NULL;
        }
        if (w == -2 && PQstatus(conn) != CONNECTION_BAD) {
            PQclear(first);  /* libpq could not read, yet thinks the connection fine: give up */
            return NULL;
        }
        PGresult *res = PQgetResult(conn);
        if (res == NULL)
            return first;
        if (PQresultStatus(res) == PGRES_COPY_OUT) {
            /* The COPY started: the caller reads it (PQgetResult would only repeat this). */
            PQclear(first);
            return res;
        }
        /* Keep the first error, else the last result. */
        if (first != NULL && PQresultStatus(first) == PGRES_FATAL_ERROR) {
            PQclear(res);
        } else {
            PQclear(first);
            first = res;
        }
        if (w == -2) {
            /* (a dead connection: libpq gives its error result, then NULL, without waiting) */
            PGresult *more;
            while ((more = PQgetResult(conn)) != NULL)
                PQclear(more);
            return first;
        }
    }
}

/* -- writing ----------------------------------------------------------------------------- */

enum { W_DONE, W_AGAIN, W_ERROR };

/* Write out what the buffer holds; GIL released. W_AGAIN: interrupted (EINTR, or a
 * non-blocking fd that is full for WAIT_MS) — call again after looking at signals. */
static int flush_out(Export *ex)
{
    Buf *b = &ex->out;
    while (b->start < b->len) {
        ssize_t w = write(ex->fd, b->data + b->start, b->len - b->start);
        if (w > 0) {
            b->start += (size_t)w;
            ex->wrote = 1;
            continue;
        }
        if (w < 0 && errno == EINTR)
            return W_AGAIN;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct pollfd p = {ex->fd, POLLOUT, 0};
            if (poll(&p, 1, WAIT_MS) <= 0)
                return W_AGAIN;
            continue;
        }
        ex->write_errno = w < 0 ? errno : EIO;
        return W_ERROR;
    }
    b->len = b->start = 0;
    return W_DONE;
}

/* -- the COPY ---------------------------------------------------------------------------- */

enum { P_AGAIN, P_END, P_BROKEN, P_WRITE_ERROR, P_NO_MEMORY };

/* Move rows from libpq to the output until some WAIT_MS passed with nothing to do, a chunk
 * was written, or the COPY ended; GIL released. */
static int pump(Export *ex)
{
    if (ex->out.len >= OUT_CHUNK) {  /* a chunk left over by an interrupted write */
        int f = flush_out(ex);
        if (f != W_DONE)
            return f == W_AGAIN ? P_AGAIN : P_WRITE_ERROR;
    }
    for (;;) {
        char *row = NULL;
        int n = PQgetCopyData(ex->conn, &row, 1);
        if (n > 0) {
            int failed = buf_add(&ex->out, row, (size_t)n);
            PQfreemem(row);
            if (failed)
                return P_NO_MEMORY;
            if (ex->out.len >= OUT_CHUNK) {
                int f = flush_out(ex);
                return f == W_ERROR ? P_WRITE_ERROR : P_AGAIN;
            }
            continue;
        }
        if (n == -1)
            return P_END;
        if (n < -1)
            return P_BROKEN;
        /* No whole row buffered. When none is arriving either, hand on what we hold (rows
         * arriving slowly show at once), then wait for more. */
        int r = wait_socket(ex->conn, 0, 0);
        if (r == 0) {
            if (ex->out.len > ex->out.start) {
                int f = flush_out(ex);
                if (f != W_DONE)
                    return f == W_AGAIN ? P_AGAIN : P_WRITE_ERROR;
            }
            r = wait_socket(ex->conn, 0, WAIT_MS);
            if (r == 0)
                return P_AGAIN;
        }
        if (r < 0 || !PQconsumeInput(ex->conn))
            return P_BROKEN;
    }
}

static PyObject *field(const PGresult *res, int code)
{
    const char *v = res ? PQresultErrorField(res, code) : NULL;
    if (v == NULL)
        Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(v, (Py_ssize_t)strlen(v), "replace");
}

/* (message, sqlstate, detail, hint, context, position, internal_query, internal_position,
 * full_text, connection_lost): the server's error fields (None when absent; positions as
 * the server's 1-based text), libpq's whole message, and whether the connection died. */
static PyObject *error_tuple(PGconn *conn, const PGresult *res)
{
    const char *full = res ? PQresultErrorMessage(res) : "";
    if (full == NULL || !*full)
        full = PQerrorMessage(conn);
    if (full == NULL)
        full = "";
    return Py_BuildValue("(NNNNNNNNNO)",
                         field(res, PG_DIAG_MESSAGE_PRIMARY), field(res, PG_DIAG_SQLSTATE),
                         field(res, PG_DIAG_MESSAGE_DETAIL), field(res, PG_DIAG_MESSAGE_HINT),
                         field(res, PG_DIAG_CONTEXT), field(res, PG_DIAG_STATEMENT_POSITION),
                         field(res, PG_DIAG_INTERNAL_QUERY), field(res, PG_DIAG_INTERNAL_POSITION),
                         PyUnicode_DecodeUTF8(full, (Py_ssize_t)strlen(full), "replace"),
                         PQstatus(conn) == CONNECTION_BAD ? Py_True : Py_False);
}

/* Flush what is buffered, looking at signals between interrupted writes. 0, or -1 with an
 * exception (Ctrl-C, or the write error as OSError). */
static int flush_all(Export *ex)
{
    for (;;) {
        int f;
        Py_BEGIN_ALLOW_THREADS
        f = flush_out(ex);
        Py_END_ALLOW_THREADS
        if (f == W_DONE)
            return 0;
        if (f == W_ERROR) {
            errno = ex->write_errno;
            PyErr_SetFromErrno(PyExc_OSError);
            return -1;
        }
        if (PyErr_CheckSignals() < 0)
            return -1;
    }
}

/* The COPY begun on ex->conn (its COPY_OUT result already read): write it all out.
 * New reference: the row count, None (nothing written), the error tuple, or NULL. */
static PyObject *run_copy(Export *ex)
{
    int p;
    for (;;) {
        Py_BEGIN_ALLOW_THREADS
        p = pump(ex);
        Py_END_ALLOW_THREADS
        if (p != P_AGAIN)
            break;
        if (PyErr_CheckSignals() < 0) {
            cancel_interrupted(ex->conn);
            return NULL;
        }
    }
    if (p == P_WRITE_ERROR || p == P_NO_MEMORY) {
        Py_BEGIN_ALLOW_THREADS
        send_cancel(ex->conn);  /* and the connection is closed next */
        Py_END_ALLOW_THREADS
        if (p == P_NO_MEMORY)
            return PyErr_NoMemory();
        errno = ex->write_errno;
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    /* P_END or P_BROKEN: the final result says how it went. */
    PGresult *res = command_result(ex->conn);
    if (res == NULL && PyErr_Occurred())
        return NULL;
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (p == P_END && st == PGRES_COMMAND_OK) {
        const char *tuples = PQcmdTuples(res);
        long long rows = (tuples && *tuples) ? strtoll(tuples, NULL, 10) : 0;
        PQclear(res);
        if (flush_all(ex) < 0)
            return NULL;
        return PyLong_FromLongLong(rows);
    }
    /* The statement ran: its error is reported here, never left to the normal path to run
     * it a second time (a nextval() or any function with effects would run twice). When
     * output began, the rows that came before the error are written too; when none was
     * written yet, none is (what came with the error is dropped, as the normal path's
     * reader drops it). A failed write no longer matters: the error is what is reported. */
    if (!ex->wrote)
        ex->out.len = ex->out.start = 0;
    PyObject *err = error_tuple(ex->conn, res);
    PQclear(res);
    if (err != NULL && flush_all(ex) < 0)
        PyErr_Clear();
    return err;
}

/* -- the entry point --------------------------------------------------------------------- */

/* Columns of the prepared statement as [(name, type_oid)], or None when they cannot be
 * used (parameters, no columns). */
static PyObject *described_columns(const PGresult *res)
{
    if (PQnparams(res) > 0 || PQnfields(res) <= 0)
        Py_RETURN_NONE;
    int n = PQnfields(res);
    PyObject *cols = PyList_New(n);
    if (cols == NULL)
        return NULL;
    for (int i = 0; i < n; i++) {
        const char *name = PQfname(res, i);
        if (name == NULL)
            name = "";
        PyObject *item = Py_BuildValue("(Nk)", PyUnicode_DecodeUTF8(name, (Py_ssize_t)strlen(name), "replace"),
                                       (unsigned long)PQftype(res, i));
        if (item == NULL) {
            Py_DECREF(cols);
            return NULL;
        }
        PyList_SET_ITEM(cols, i, item);
    }
    return cols;
}

/* Hand the collected notices to Python (on every path; keeps a pending exception). */
static void give_notices(Export *ex, PyObject *notices)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    size_t i = 0;
    while (i < ex->notices.len) {
        const char *s = ex->notices.data + i;
        size_t n = strnlen(s, ex->notices.len - i);
        PyObject *text = PyUnicode_DecodeUTF8(s, (Py_ssize_t)n, "replace");
        if (text == NULL || PyList_Append(notices, text) < 0) {
            Py_XDECREF(text);
            PyErr_Clear();
            break;
        }
        Py_DECREF(text);
        i += n + 1;
    }
    PyErr_Restore(type, value, tb);
}

/* The statement described and, when `build` allows, copied out. New reference or NULL. */
static PyObject *export_on(Export *ex, const char *sql, PyObject *build)
{
    PGconn *conn = ex->conn;
    const char *encoding = pg_encoding_to_char(PQclientEncoding(conn));
    if (encoding == NULL || strcmp(encoding, "UTF8") != 0)
        Py_RETURN_NONE;

    /* Describe without running: an unnamed prepared statement. */
    if (!PQsendPrepare(conn, "", sql, 0, NULL))
        Py_RETURN_NONE;
    PGresult *res = command_result(conn);
    if (res == NULL) {
        if (PyErr_Occurred())
            return NULL;
        Py_RETURN_NONE;
    }
    ExecStatusType st = PQresultStatus(res);
    PQclear(res);
    if (st != PGRES_COMMAND_OK)
        Py_RETURN_NONE;
    if (!PQsendDescribePrepared(conn, ""))
        Py_RETURN_NONE;
    res = command_result(conn);
    if (res == NULL) {
        if (PyErr_Occurred())
            return NULL;
        Py_RETURN_NONE;
    }
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        PQclear(res);
        Py_RETURN_NONE;
    }
    PyObject *cols = described_columns(res);
    PQclear(res);
    if (cols == NULL || cols == Py_None)
        return cols;

    PyObject *made = PyObject_CallFunctionObjArgs(build, cols, NULL);
    Py_DECREF(cols);
    if (made == NULL || made == Py_None)
        return made;
    const char *copy;
    char *head;
    Py_ssize_t copy_len, head_len;
    if (!PyTuple_Check(made) || PyTuple_GET_SIZE(made) != 2) {
        Py_DECREF(made);
        PyErr_SetString(PyExc_TypeError, "build() must return None or (statement, header)");
        return NULL;
    }
    copy = PyUnicode_AsUTF8AndSize(PyTuple_GET_ITEM(made, 0), &copy_len);
    if (copy == NULL || PyBytes_AsStringAndSize(PyTuple_GET_ITEM(made, 1), &head, &head_len) < 0) {
        Py_DECREF(made);
        return NULL;
    }
    if ((size_t)copy_len != strlen(copy)) {  /* a NUL would cut the statement short */
        Py_DECREF(made);
        Py_RETURN_NONE;
    }
    int sent = PQsendQuery(conn, copy);
    int failed = sent && buf_add(&ex->out, head, (size_t)head_len) < 0;
    Py_DECREF(made);
    if (!sent)
        Py_RETURN_NONE;
    if (failed) {
        Py_BEGIN_ALLOW_THREADS
        send_cancel(conn);
        Py_END_ALLOW_THREADS
        return PyErr_NoMemory();
    }
    res = command_result(conn);
    if (res == NULL) {
        if (PyErr_Occurred())
            return NULL;
        Py_RETURN_NONE;
    }
    st = PQresultStatus(res);
    if (st == PGRES_FATAL_ERROR) {
        /* It ran and failed before its first row: reported, not run again (see run_copy). */
        PyObject *err = error_tuple(conn, res);
        PQclear(res);
        return err;
    }
    PQclear(res);
    if (st != PGRES_COPY_OUT)
        Py_RETURN_NONE;
    return run_copy(ex);
}

static PyObject *pg_export(PyObject *self, PyObject *args)
{
    const char *conninfo, *sql;
    Py_ssize_t conninfo_len, sql_len;
    PyObject *build, *notices;
    int fd;
    if (!PyArg_ParseTuple(args, "s#s#OiO!:export", &conninfo, &conninfo_len, &sql, &sql_len, &build, &fd,
                          &PyList_Type, &notices))
        return NULL;
    if (!PyCallable_Check(build)) {
        PyErr_SetString(PyExc_TypeError, "build must be callable");
        return NULL;
    }
    /* A NUL would cut the text short in libpq: not ours to run. */
    if ((size_t)conninfo_len != strlen(conninfo) || (size_t)sql_len != strlen(sql))
        Py_RETURN_NONE;

    Export ex;
    memset(&ex, 0, sizeof ex);
    ex.fd = fd;
    switch (connect_db(conninfo, &ex.conn)) {
    case CONNECTED:
        break;
    case CONNECT_TIMED_OUT:
        return PyUnicode_FromString("timeout");
    case CONNECT_INTERRUPTED:
        if (!PyErr_ExceptionMatches(PyExc_KeyboardInterrupt))
            return NULL;  /* another handler's exception: let it through */
        PyErr_Clear();
        return PyUnicode_FromString("interrupted");
    default:
        Py_RETURN_NONE;  /* the normal path connects and says why it cannot */
    }
    PQsetNoticeReceiver(ex.conn, on_notice, &ex.notices);
    PyObject *result = export_on(&ex, sql, build);
    give_notices(&ex, notices);
    Py_BEGIN_ALLOW_THREADS
    PQfinish(ex.conn);
    Py_END_ALLOW_THREADS
    buf_free(&ex.out);
    buf_free(&ex.notices);
    return result;
}

static PyMethodDef methods[] = {
    {"export", pg_export, METH_VARARGS,
     "export(conninfo, sql, build, fd, notices) -> int | tuple | str | None\n\n"
     "Describe sql, ask build([(name, type_oid)]) for (copy_statement, header_bytes) or None,\n"
     "run the COPY and write header and rows to fd. None: nothing written, take the normal\n"
     "path. int: the row count. tuple: the server's error once the COPY ran.\n"
     "\"timeout\" / \"interrupted\": could not connect (connect_timeout, Ctrl-C)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_pg_copy", "PostgreSQL COPY output straight to a file descriptor (libpq).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__pg_copy(void)
{
    return PyModule_Create(&module);
}
