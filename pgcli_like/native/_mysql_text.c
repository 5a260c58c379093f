/* MySQL/MariaDB text-protocol row packets → CSV/TSV bytes, as shellkit's normal path writes them.
 *
 * The Python side (pgcli_like/export/mysql.py) connects and sends the query through PyMySQL,
 * reads the column definitions, then feeds the raw bytes of the row packets (header included)
 * to transcode(), which checks every packet (length, sequence number, length-coded fields
 * inside the packet's bounds) and returns the CSV/TSV records for the whole packets it used.
 * No I/O here: the caller reads the socket and writes the output (so Ctrl-C and EPIPE are
 * Python's ordinary exceptions), this is the per-value work only.
 *
 * Each column has a kind, decided by the caller from the field's type and character set the
 * way PyMySQL decides how to convert it; the text of each kind is what the normal path
 * (PyMySQL's converter, then pgcli_like/formatting/values.py) makes of the server's text:
 *   K_INT      int() then str(): sign and digits, leading zeros dropped (ZEROFILL, YEAR 0000)
 *   K_DECIMAL  Decimal() then str()/format 'f': the same, leading zeros of the integer part dropped
 *   K_FLOAT    float() then formatting/floats.py's mysql_float_text
 *   K_UTF8     text decoded strictly as UTF-8 (invalid bytes are an error, as decode() raises)
 *   K_ASCII    dates, times and other types PyMySQL decodes as ASCII
 *   K_BINARY   bytes: \x and lowercase hex
 * Fields holding the delimiter, a double quote, \n or \r are quoted ("" doubled); NULL is an
 * empty field; in a one-column result an empty field is written "" and \. as "\.".
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { K_INT = 1, K_DECIMAL = 2, K_FLOAT = 3, K_UTF8 = 4, K_ASCII = 5, K_BINARY = 6 };

/* What transcode() stopped at. */
enum { ST_MORE = 0, ST_END = 1, ST_ERROR = 2, ST_LARGE = 3 };

#define MAX_PACKET 0xFFFFFF

static PyObject *MalformedError;  /* a packet or value the normal path could not have read either */

/* ---- output buffer ------------------------------------------------------------------------ */

typedef struct {
    char *data;
    size_t len, cap;
} outbuf;

static int ob_reserve(outbuf *ob, size_t extra) {
    if (extra > ((size_t)PY_SSIZE_T_MAX) - ob->len) {
        PyErr_NoMemory();
        return -1;
    }
    size_t need = ob->len + extra;
    if (need <= ob->cap)
        return 0;
    size_t cap = ob->cap ? ob->cap : 65536;
    while (cap < need)
        cap = (cap > ((size_t)PY_SSIZE_T_MAX) / 2) ? need : cap * 2;
    char *p = realloc(ob->data, cap);
    if (p == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    ob->data = p;
    ob->cap = cap;
    return 0;
}

static void ob_free(outbuf *ob) {
    free(ob->data);
    ob->data = NULL;
    ob->len = ob->cap = 0;
}

/* ---- values ------------------------------------------------------------------------------- */

static int malformed(const char *what) {
    PyErr_SetString(MalformedError, what);
    return -1;
}

/* The length of the ASCII run at the start of s, noting in *quote whether it holds a byte
 * that makes a field quoted (the delimiter, '"', \n, \r). Eight bytes at a time: nearly all
 * text is ASCII without those. */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
static inline uint64_t has_byte(uint64_t w, uint64_t pattern) {
    uint64_t y = w ^ pattern;
    return (y - ONES) & ~y & HIGHS;
}

static size_t ascii_run(const unsigned char *s, size_t n, unsigned char delim, int *quote) {
    size_t i = 0;
    const uint64_t d = ONES * delim, dq = ONES * '"', nl = ONES * '\n', cr = ONES * '\r';
    int q = *quote;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & HIGHS)
            break;
        if (!q && (has_byte(w, d) | has_byte(w, dq) | has_byte(w, nl) | has_byte(w, cr)))
            q = 1;
    }
    for (; i < n && s[i] < 0x80; i++)
        if (s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
            q = 1;
    *quote = q;
    return i;
}

/* Strict UTF-8 as Python's decoder checks it: no overlong forms, no surrogates, nothing past
 * U+10FFFF, no truncated sequence. Also says whether the text needs quoting. */
static int check_utf8(const unsigned char *s, size_t n, unsigned char delim, int *quote) {
    size_t i = 0;
    int q = 0;
    for (;;) {
        i += ascii_run(s + i, n - i, delim, &q);
        if (i >= n)
            break;
        unsigned char c = s[i];
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else {
            return malformed("text that is not valid UTF-8");
        }
        if (n - i - 1 < need)
            return malformed("text that is not valid UTF-8");
        if (s[i + 1] < lo || s[i + 1] > hi)
            return malformed("text that is not valid UTF-8");
        for (size_t k = 2; k <= need; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return malformed("text that is not valid UTF-8");
        i += need + 1;
    }
    *quote = q;
    return 0;
}

static int check_ascii(const unsigned char *s, size_t n, unsigned char delim, int *quote) {
    int q = 0;
    if (ascii_run(s, n, delim, &q) != n)
        return malformed("a value that is not ASCII");
    *quote = q;
    return 0;
}

static int put_text(outbuf *ob, const unsigned char *s, size_t n, int quote) {
    if (!quote) {
        if (ob_reserve(ob, n) < 0)
            return -1;
        memcpy(ob->data + ob->len, s, n);
        ob->len += n;
        return 0;
    }
    if (n > ((size_t)PY_SSIZE_T_MAX - 2) / 2 || ob_reserve(ob, 2 * n + 2) < 0)
        return -1;
    char *o = ob->data + ob->len;
    *o++ = '"';
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            *o++ = '"';
        *o++ = (char)s[i];
    }
    *o++ = '"';
    ob->len = (size_t)(o - ob->data);
    return 0;
}

/* int() then str(): an optional minus, digits; leading zeros dropped, -0 is 0. */
static int put_int(outbuf *ob, const unsigned char *s, size_t n) {
    size_t i = 0;
    int neg = 0;
    if (n && s[0] == '-') {
        neg = 1;
        i = 1;
    }
    if (i == n)
        return malformed("an integer that is not digits");
    for (size_t k = i; k < n; k++)
        if (s[k] < '0' || s[k] > '9')
            return malformed("an integer that is not digits");
    while (i + 1 < n && s[i] == '0')
        i++;
    if (n - i == 1 && s[i] == '0')
        neg = 0;
    if (ob_reserve(ob, n - i + 1) < 0)
        return -1;
    if (neg)
        ob->data[ob->len++] = '-';
    memcpy(ob->data + ob->len, s + i, n - i);
    ob->len += n - i;
    return 0;
}

/* Decimal(text) then str() (or format 'f' when str chose an exponent): for the positional
 * text the server sends, the same digits with the integer part's leading zeros dropped; the
 * sign stays (Decimal keeps -0.00). */
static int put_decimal(outbuf *ob, const unsigned char *s, size_t n) {
    size_t i = 0;
    if (n && s[0] == '-')
        i = 1;
    size_t start = i, dot = n;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == start)
        return malformed("a decimal that is not positional digits");
    if (i < n) {
        if (s[i] != '.' || i + 1 == n)
            return malformed("a decimal that is not positional digits");
        dot = i;
        for (size_t k = i + 1; k < n; k++)
            if (s[k] < '0' || s[k] > '9')
                return malformed("a decimal that is not positional digits");
    }
    size_t first = start;
    while (first + 1 < dot && s[first] == '0')
        first++;
    if (ob_reserve(ob, n + 1) < 0)
        return -1;
    if (start)
        ob->data[ob->len++] = '-';
    memcpy(ob->data + ob->len, s + first, n - first);
    ob->len += n - first;
    return 0;
}

/* formatting/floats.py's mysql_float_text(float(text)), written to ob. */
static int put_double(outbuf *ob, double v) {
    char tmp[96];
    size_t tl = 0;
    if (!isfinite(v)) {
        const char *t = isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
        tl = strlen(t);
        memcpy(tmp, t, tl);
    } else if (v == 0) {
        tmp[0] = '0';
        tl = 1;
    } else {
        double a = fabs(v);
        int neg = v < 0;
        char *r = PyOS_double_to_string(a, 'r', 0, Py_DTSF_ADD_DOT_0, NULL);
        if (r == NULL)
            return -1;
        size_t rl = strlen(r);
        if (rl > 40) {
            PyMem_Free(r);
            return malformed("an unexpected float");
        }
        if (a >= 1e-4 && a < 1e15) {
            /* repr's own layout, without a trailing ".0" */
            if (neg)
                tmp[tl++] = '-';
            if (rl >= 2 && r[rl - 2] == '.' && r[rl - 1] == '0')
                rl -= 2;
            memcpy(tmp + tl, r, rl);
            tl += rl;
        } else {
            /* the shortest digits (no trailing zeros) and the first digit's power of ten */
            char digits[48];
            size_t nd = 0;
            long exponent;
            char *e = strchr(r, 'e');
            if (e != NULL) {
                for (char *p = r; p < e; p++)
                    if (*p != '.')
                        digits[nd++] = *p;
                exponent = strtol(e + 1, NULL, 10);
            } else {
                char *dot = strchr(r, '.');
                if (dot == NULL) {
                    PyMem_Free(r);
                    return malformed("an unexpected float");
                }
                size_t whole = (size_t)(dot - r);
                if (!(whole == 1 && r[0] == '0')) {
                    memcpy(digits, r, whole);
                    nd = whole;
                    for (char *p = dot + 1; *p; p++)
                        digits[nd++] = *p;
                    exponent = (long)whole - 1;
                } else {
                    char *p = dot + 1;
                    size_t fraclen = strlen(p);
                    while (*p == '0')
                        p++;
                    size_t sig = strlen(p);
                    for (; *p; p++)
                        digits[nd++] = *p;
                    exponent = (long)sig - (long)fraclen - 1;
                }
            }
            while (nd > 0 && digits[nd - 1] == '0')
                nd--;
            if (nd == 0)
                digits[nd++] = '0';
            if (neg)
                tmp[tl++] = '-';
            if (exponent >= -15 && exponent <= 14) {
                if (exponent < 0) {
                    tmp[tl++] = '0';
                    tmp[tl++] = '.';
                    for (long k = 0; k < -exponent - 1; k++)
                        tmp[tl++] = '0';
                    memcpy(tmp + tl, digits, nd);
                    tl += nd;
                } else {
                    size_t w = (size_t)exponent + 1;
                    for (size_t k = 0; k < w; k++)
                        tmp[tl++] = k < nd ? digits[k] : '0';
                    if (nd > w) {
                        tmp[tl++] = '.';
                        memcpy(tmp + tl, digits + w, nd - w);
                        tl += nd - w;
                    }
                }
            } else {
                tmp[tl++] = digits[0];
                if (nd > 1) {
                    tmp[tl++] = '.';
                    memcpy(tmp + tl, digits + 1, nd - 1);
                    tl += nd - 1;
                }
                tl += (size_t)snprintf(tmp + tl, sizeof(tmp) - tl, "e%ld", exponent);
            }
        }
        PyMem_Free(r);
    }
    if (ob_reserve(ob, tl) < 0)
        return -1;
    memcpy(ob->data + ob->len, tmp, tl);
    ob->len += tl;
    return 0;
}

static int put_float(outbuf *ob, const unsigned char *s, size_t n) {
    char text[64];
    if (n == 0 || n >= sizeof(text))
        return malformed("an unexpected float");
    memcpy(text, s, n);
    text[n] = '\0';
    for (size_t i = 0; i < n; i++)  /* float() would not take a NUL inside either */
        if (text[i] == '\0' || text[i] == '_' || text[i] == ' ')
            return malformed("an unexpected float");
    char *end = NULL;
    double v = PyOS_string_to_double(text, &end, NULL);
    if (v == -1.0 && PyErr_Occurred()) {
        PyErr_Clear();
        return malformed("an unexpected float");
    }
    if (end != text + n)
        return malformed("an unexpected float");
    return put_double(ob, v);
}

static int put_binary(outbuf *ob, const unsigned char *s, size_t n) {
    static const char hex[] = "0123456789abcdef";
    if (n > ((size_t)PY_SSIZE_T_MAX - 2) / 2 || ob_reserve(ob, 2 * n + 2) < 0)
        return -1;
    char *o = ob->data + ob->len;
    *o++ = '\\';
    *o++ = 'x';
    for (size_t i = 0; i < n; i++) {
        *o++ = hex[s[i] >> 4];
        *o++ = hex[s[i] & 15];
    }
    ob->len = (size_t)(o - ob->data);
    return 0;
}

/* ---- rows --------------------------------------------------------------------------------- */

/* One row packet's payload (p, n) as one record. */
static int put_row(outbuf *ob, const unsigned char *p, size_t n, const unsigned char *kinds, size_t ncols,
                   unsigned char delim) {
    size_t pos = 0;
    for (size_t col = 0; col < ncols; col++) {
        if (col && ob_reserve(ob, 1) == 0)
            ob->data[ob->len++] = (char)delim;
        else if (col)
            return -1;
        if (pos >= n)
            return malformed("a row packet shorter than its columns");
        unsigned char c = p[pos];
        uint64_t len;
        int isnull = 0;
        if (c < 251) {
            len = c;
            pos += 1;
        } else if (c == 251) {
            isnull = 1;
            len = 0;
            pos += 1;
        } else {
            size_t w = c == 252 ? 2 : c == 253 ? 3 : c == 254 ? 8 : 0;
            if (w == 0)
                return malformed("a bad length in a row packet");
            if (n - pos - 1 < w)
                return malformed("a row packet shorter than its columns");
            len = 0;
            for (size_t k = 0; k < w; k++)
                len |= (uint64_t)p[pos + 1 + k] << (8 * k);
            pos += 1 + w;
        }
        if (len > (uint64_t)(n - pos))
            return malformed("a row packet shorter than its columns");
        const unsigned char *v = p + pos;
        size_t vl = (size_t)len;
        pos += vl;
        if (isnull || (vl == 0 && kinds[col] != K_BINARY)) {
            if (isnull || kinds[col] == K_UTF8 || kinds[col] == K_ASCII) {
                if (ncols == 1) {
                    if (ob_reserve(ob, 2) < 0)
                        return -1;
                    ob->data[ob->len++] = '"';
                    ob->data[ob->len++] = '"';
                }
                continue;
            }
        }
        int quote = 0, rc;
        switch (kinds[col]) {
        case K_INT:
            rc = put_int(ob, v, vl);
            break;
        case K_DECIMAL:
            rc = put_decimal(ob, v, vl);
            break;
        case K_FLOAT:
            rc = put_float(ob, v, vl);
            break;
        case K_BINARY:
            rc = put_binary(ob, v, vl);
            break;
        case K_UTF8:
        case K_ASCII:
            rc = kinds[col] == K_UTF8 ? check_utf8(v, vl, delim, &quote) : check_ascii(v, vl, delim, &quote);
            if (rc == 0) {
                if (ncols == 1 && vl == 2 && v[0] == '\\' && v[1] == '.')
                    quote = 1;  /* COPY's end-of-data line */
                rc = put_text(ob, v, vl, quote);
            }
            break;
        default:
            PyErr_SetString(PyExc_ValueError, "unknown column kind");
            return -1;
        }
        if (rc < 0)
            return -1;
    }
    if (pos != n)
        return malformed("a row packet longer than its columns");
    if (ob_reserve(ob, 1) < 0)
        return -1;
    ob->data[ob->len++] = '\n';
    return 0;
}

static int check_kinds(const unsigned char *kinds, Py_ssize_t ncols) {
    if (ncols < 1) {
        PyErr_SetString(PyExc_ValueError, "no columns");
        return -1;
    }
    for (Py_ssize_t i = 0; i < ncols; i++)
        if (kinds[i] < K_INT || kinds[i] > K_BINARY) {
            PyErr_SetString(PyExc_ValueError, "unknown column kind");
            return -1;
        }
    return 0;
}

static int check_delimiter(int delim) {
    if (delim <= 0 || delim > 127 || delim == '"' || delim == '\n' || delim == '\r') {
        PyErr_SetString(PyExc_ValueError, "the delimiter must be one ASCII character");
        return -1;
    }
    return 0;
}

static PyObject *take_output(outbuf *ob) {
    PyObject *out = PyBytes_FromStringAndSize(ob->data ? ob->data : "", (Py_ssize_t)ob->len);
    ob_free(ob);
    return out;
}

PyDoc_STRVAR(transcode_doc,
"transcode(data, kinds, delimiter, seq) -> (consumed, output, seq, rows, status, detail)\n\n"
"The whole packets at the start of ``data`` (a bytes-like object: raw packets, headers included)\n"
"as CSV/TSV records. ``kinds``: one byte per column (1 int, 2 decimal, 3 float, 4 UTF-8 text,\n"
"5 ASCII text, 6 binary); ``delimiter``: its character code; ``seq``: the next packet's\n"
"expected sequence number. Stops at: 0 an incomplete packet (detail: bytes it needs, header\n"
"included), 1 the EOF packet that ends the rows (consumed; detail: (warnings, server_status)),\n"
"2 an error packet (consumed; detail: its payload), 3 a packet of 2**24-1 bytes or more\n"
"(not consumed: a row split over several packets, for transcode_row). Raises MalformedError\n"
"for a packet or value that does not read.");

static PyObject *transcode(PyObject *self, PyObject *args) {
    Py_buffer data;
    const unsigned char *kinds;
    Py_ssize_t ncols;
    int delim, seq;
    if (!PyArg_ParseTuple(args, "y*y#ii:transcode", &data, &kinds, &ncols, &delim, &seq))
        return NULL;
    if (check_kinds(kinds, ncols) < 0 || check_delimiter(delim) < 0) {
        PyBuffer_Release(&data);
        return NULL;
    }
    if (seq < 0 || seq > 255) {
        PyBuffer_Release(&data);
        PyErr_SetString(PyExc_ValueError, "seq must be 0..255");
        return NULL;
    }
    const unsigned char *p = data.buf;
    size_t n = (size_t)data.len, pos = 0;
    long rows = 0;
    int status = ST_MORE;
    PyObject *detail = NULL;
    outbuf ob = {NULL, 0, 0};
    for (;;) {
        if (n - pos < 4) {
            detail = PyLong_FromLong(4);
            break;
        }
        size_t len = (size_t)p[pos] | (size_t)p[pos + 1] << 8 | (size_t)p[pos + 2] << 16;
        if (p[pos + 3] != seq) {
            PyErr_Format(MalformedError, "packet sequence number wrong - got %d expected %d", p[pos + 3], seq);
            goto fail;
        }
        if (len == MAX_PACKET) {
            status = ST_LARGE;
            detail = Py_None;
            Py_INCREF(detail);
            break;
        }
        if (n - pos - 4 < len) {
            detail = PyLong_FromSize_t(len + 4);
            break;
        }
        const unsigned char *payload = p + pos + 4;
        if (len == 0) {
            malformed("an empty packet among the rows");
            goto fail;
        }
        if (payload[0] == 0xFE && len < 9) {
            unsigned warnings = 0, server_status = 0;
            if (len >= 5) {
                warnings = payload[1] | payload[2] << 8;
                server_status = payload[3] | payload[4] << 8;
            }
            pos += 4 + len;
            seq = (seq + 1) & 0xFF;
            status = ST_END;
            detail = Py_BuildValue("(II)", warnings, server_status);
            break;
        }
        if (payload[0] == 0xFF) {
            pos += 4 + len;
            seq = (seq + 1) & 0xFF;
            status = ST_ERROR;
            detail = PyBytes_FromStringAndSize((const char *)payload, (Py_ssize_t)len);
            break;
        }
        if (put_row(&ob, payload, len, kinds, (size_t)ncols, (unsigned char)delim) < 0)
            goto fail;
        pos += 4 + len;
        seq = (seq + 1) & 0xFF;
        rows++;
    }
    if (detail == NULL)
        goto fail;
    PyBuffer_Release(&data);
    PyObject *out = take_output(&ob);
    if (out == NULL) {
        Py_DECREF(detail);
        return NULL;
    }
    return Py_BuildValue("(nNiliN)", (Py_ssize_t)pos, out, seq, rows, status, detail);
fail:
    ob_free(&ob);
    PyBuffer_Release(&data);
    return NULL;
}

PyDoc_STRVAR(transcode_row_doc,
"transcode_row(payload, kinds, delimiter) -> bytes\n\n"
"One row's payload (without packet headers; a row that came in several packets, joined) as\n"
"one CSV/TSV record.");

static PyObject *transcode_row(PyObject *self, PyObject *args) {
    Py_buffer data;
    const unsigned char *kinds;
    Py_ssize_t ncols;
    int delim;
    if (!PyArg_ParseTuple(args, "y*y#i:transcode_row", &data, &kinds, &ncols, &delim))
        return NULL;
    outbuf ob = {NULL, 0, 0};
    if (check_kinds(kinds, ncols) < 0 || check_delimiter(delim) < 0 ||
        put_row(&ob, data.buf, (size_t)data.len, kinds, (size_t)ncols, (unsigned char)delim) < 0) {
        ob_free(&ob);
        PyBuffer_Release(&data);
        return NULL;
    }
    PyBuffer_Release(&data);
    return take_output(&ob);
}

PyDoc_STRVAR(float_text_doc,
"float_text(text) -> str\n\n"
"A DOUBLE/FLOAT column's text (bytes, as the server sends it) as the normal path writes it.");

static PyObject *float_text(PyObject *self, PyObject *args) {
    const char *s;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "y#:float_text", &s, &n))
        return NULL;
    outbuf ob = {NULL, 0, 0};
    if (put_float(&ob, (const unsigned char *)s, (size_t)n) < 0) {
        ob_free(&ob);
        return NULL;
    }
    PyObject *out = PyUnicode_FromStringAndSize(ob.data, (Py_ssize_t)ob.len);
    ob_free(&ob);
    return out;
}

static PyMethodDef methods[] = {
    {"transcode", transcode, METH_VARARGS, transcode_doc},
    {"transcode_row", transcode_row, METH_VARARGS, transcode_row_doc},
    {"float_text", float_text, METH_VARARGS, float_text_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_mysql_text",
    "MySQL/MariaDB text-protocol row packets as CSV/TSV bytes (see pgcli_like/export/mysql.py).", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__mysql_text(void) {
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    MalformedError = PyErr_NewException("pgcli_like.native._mysql_text.MalformedError", PyExc_ValueError, NULL);
    if (MalformedError == NULL || PyModule_AddObject(m, "MalformedError", MalformedError) < 0) {
        Py_XDECREF(MalformedError);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(MalformedError);  /* the module's reference was stolen; keep ours */
    return m;
}
