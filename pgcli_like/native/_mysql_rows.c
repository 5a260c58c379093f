/* Parsing MySQL text-protocol row packets into Python tuples (the MySQL driver's fetch).
 *
 * The C twin of pgcli_like/drivers/mysql_rows.py's readers, giving the same tuples and
 * raising the same exceptions:
 *
 *   Reader(codes, encodings, converters, generic)  one per result, built by mysql_rows.py
 *   reader(packet) -> tuple                          one row packet's payload
 *   reader.take_rows(buffer, start, seq, max_rows) -> (rows, consumed, next_seq)
 *       the consecutive whole ordinary row packets at buffer[start:], stopping (without an
 *       error) where _take_buffered stops: an incomplete packet, a sequence number other
 *       than the expected one, a length < 9 or >= 2**24 - 1, or a 0xFF error marker.
 *
 * Per column, codes[i] = decoding | conversion << 2:
 *   decoding   0 bytes, 1 UTF-8 (strict), 2 ASCII (strict), 3 encodings[i] via the codec
 *   conversion 0 none, 1 int (ASCII digits read here, anything else int(bytes) as the
 *              generated Python reader does), 2 float (plain decimal syntax read here,
 *              anything else float(str)), 3 converters[i](value)
 *
 * Walking a row follows the Python reader exactly, including on malformed packets: a length
 * prefix cut short by the end of the packet is read from the bytes that are there, a value
 * running past the end is cut at the end, bytes after the last column are ignored, and a row
 * that ends before its columns do (or a converter raising IndexError) is read again the way
 * _loop_reader reads it ("generic": every value decoded first, then converted, the tuple as
 * long as the values present). Every read is checked against the packet's length.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#define DEC_MASK 3
#define DEC_RAW 0
#define DEC_UTF8 1
#define DEC_ASCII 2
#define DEC_CODEC 3
#define CONV_NONE 0
#define CONV_INT 1
#define CONV_FLOAT 2
#define CONV_CALL 3

#define MAX_PACKET 0xFFFFFF /* 2**24 - 1: a payload this long continues in the next packet */

typedef struct {
    unsigned char code;
    const char *encoding; /* for DEC_CODEC; owned by the Reader's encodings tuple */
    PyObject *convert;    /* for CONV_INT/FLOAT/CALL; borrowed from the converters tuple */
} Column;

typedef struct {
    PyObject_HEAD
    PyObject *encodings;
    PyObject *converters;
    Column *columns;
    Py_ssize_t ncols;
    int generic; /* always read as _loop_reader does (very wide results) */
} Reader;

/* One field's place in the packet: value bytes [start, end). */
typedef enum { FIELD_VALUE, FIELD_NULL, FIELD_PAST_END } FieldKind;

/* The field at *pos of data[0:n], as the Python reader walks it; *pos moves past it
 * (saturated at n when a length runs past the end, which ends the row at the next field). */
static FieldKind
next_field(const unsigned char *data, size_t n, size_t *pos, size_t *start, size_t *end)
{
    size_t p = *pos, s, len, width, i, avail;
    unsigned char c;

    if (p >= n)
        return FIELD_PAST_END;
    c = data[p];
    if (c < 251) {
        s = p + 1;
        len = c;
    } else if (c == 251) {
        *pos = p + 1;
        return FIELD_NULL;
    } else {
        width = c == 252 ? 2 : c == 253 ? 3 : 8;
        /* int.from_bytes(data[p + 1:p + 1 + width], "little"): a cut-short prefix reads
         * only the bytes that are there. */
        avail = n - (p + 1);
        if (avail > width)
            avail = width;
        len = 0;
        for (i = avail; i > 0; i--)
            len = (len << 8) | data[p + i];
        s = p + 1 + width;
        if (s > n)
            s = n;
    }
    *start = s;
    *end = len > n - s ? n : s + len;
    *pos = *end;
    return FIELD_VALUE;
}

/* int() of a field of ASCII digits with an optional '-', or NULL without an error set when
 * the field is anything else (then int() itself is called). */
static PyObject *
int_from_digits(const unsigned char *s, size_t n)
{
    size_t i = 0;
    unsigned long long v = 0;
    int neg = 0;

    if (n > 0 && s[0] == '-') {
        neg = 1;
        i = 1;
    }
    if (n - i < 1 || n - i > 19) /* 19 digits always fit in 64 unsigned bits */
        return NULL;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return NULL;
        v = v * 10 + (unsigned long long)(s[i] - '0');
    }
    if (!neg)
        return PyLong_FromUnsignedLongLong(v);
    if (v > 9223372036854775808ULL)
        return NULL;
    if (v == 9223372036854775808ULL)
        return PyLong_FromLongLong(-9223372036854775807LL - 1);
    return PyLong_FromLongLong(-(long long)v);
}

/* float() of a field in plain decimal syntax ([-+]digits[.digits][e[-+]digits]), or NULL
 * without an error set otherwise. float(str) reads such text with PyOS_string_to_double
 * too (after stripping whitespace and underscores, which this syntax has none of). */
static PyObject *
float_from_text(const unsigned char *s, size_t n)
{
    char buf[64];
    char *stop = NULL;
    double v;
    size_t i;

    if (n == 0 || n >= sizeof(buf))
        return NULL;
    for (i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'))
            return NULL;
    }
    memcpy(buf, s, n); /* NUL-terminated: strtod must not read on into the next field */
    buf[n] = '\0';
    v = PyOS_string_to_double(buf, &stop, NULL);
    if (v == -1.0 && PyErr_Occurred()) {
        PyErr_Clear();
        return NULL;
    }
    if (stop != buf + n)
        return NULL;
    return PyFloat_FromDouble(v);
}

/* The decoded value (bytes or str) of data[s:e] for the column. */
static PyObject *
decode(const Column *col, const unsigned char *data, size_t s, size_t e)
{
    const char *p = (const char *)data + s;
    Py_ssize_t len = (Py_ssize_t)(e - s);

    switch (col->code & DEC_MASK) {
    case DEC_RAW:
        return PyBytes_FromStringAndSize(p, len);
    case DEC_UTF8:
        return PyUnicode_DecodeUTF8(p, len, NULL);
    case DEC_ASCII:
        return PyUnicode_DecodeASCII(p, len, NULL);
    default:
        return PyUnicode_Decode(p, len, col->encoding, NULL);
    }
}

/* The column's value of data[s:e] as the generated Python reader makes it. */
static PyObject *
value_at(const Column *col, const unsigned char *data, size_t s, size_t e)
{
    int conv = col->code >> 2;
    PyObject *v, *out;

    if (conv == CONV_INT) {
        /* int(data[s:p]): int() of the bytes themselves, no str made first */
        out = int_from_digits(data + s, e - s);
        if (out != NULL)
            return out;
        if (PyErr_Occurred())
            return NULL;
        v = PyBytes_FromStringAndSize((const char *)data + s, (Py_ssize_t)(e - s));
        if (v == NULL)
            return NULL;
        out = PyObject_CallOneArg(col->convert, v);
        Py_DECREF(v);
        return out;
    }
    if (conv == CONV_FLOAT) {
        out = float_from_text(data + s, e - s);
        if (out != NULL || PyErr_Occurred())
            return out;
    }
    v = decode(col, data, s, e);
    if (v == NULL || conv == CONV_NONE)
        return v;
    out = PyObject_CallOneArg(col->convert, v);
    Py_DECREF(v);
    return out;
}

/* The row as _loop_reader reads it: the values present decoded, then converted. */
static PyObject *
read_generic(const Reader *r, const unsigned char *data, size_t n)
{
    PyObject **values, *row = NULL, *v;
    Py_ssize_t i, count = 0;
    size_t pos = 0, s = 0, e = 0;

    values = PyMem_Malloc(sizeof(PyObject *) * (size_t)(r->ncols > 0 ? r->ncols : 1));
    if (values == NULL)
        return PyErr_NoMemory();
    for (i = 0; i < r->ncols; i++) {
        FieldKind kind = next_field(data, n, &pos, &s, &e);
        const Column *col = &r->columns[i];
        if (kind == FIELD_PAST_END)
            break; /* a row shorter than its columns: PyMySQL stops there too */
        if (kind == FIELD_NULL) {
            Py_INCREF(Py_None);
            v = Py_None;
        } else if ((col->code >> 2) == CONV_INT && (col->code & DEC_MASK) == DEC_ASCII) {
            /* int(str) of ASCII digits is int of the digits; anything else is decoded here
             * (a decoding error comes first, as in the loop) and given to int() below */
            v = int_from_digits(data + s, e - s);
            if (v == NULL && !PyErr_Occurred())
                v = decode(col, data, s, e);
        } else {
            v = decode(col, data, s, e);
        }
        if (v == NULL)
            goto done;
        values[count++] = v;
    }
    for (i = 0; i < count; i++) {
        const Column *col = &r->columns[i];
        int conv = col->code >> 2;
        v = values[i];
        if (conv == CONV_NONE || v == Py_None || PyLong_CheckExact(v))
            continue;
        if (conv == CONV_FLOAT && (col->code & DEC_MASK) == DEC_ASCII) {
            Py_ssize_t len;
            const char *text = PyUnicode_AsUTF8AndSize(v, &len);
            if (text == NULL)
                goto done;
            values[i] = float_from_text((const unsigned char *)text, (size_t)len);
            if (values[i] != NULL) {
                Py_DECREF(v);
                continue;
            }
            values[i] = v;
            if (PyErr_Occurred())
                goto done;
        }
        values[i] = PyObject_CallOneArg(col->convert, v);
        Py_DECREF(v);
        if (values[i] == NULL) {
            /* drop the rest; the ones before are converted, values[i] is gone */
            Py_ssize_t j;
            for (j = i + 1; j < count; j++)
                Py_DECREF(values[j]);
            count = i;
            goto done;
        }
    }
    row = PyTuple_New(count);
    if (row == NULL)
        goto done;
    for (i = 0; i < count; i++)
        PyTuple_SET_ITEM(row, i, values[i]);
    count = 0; /* the tuple owns them now */
done:
    for (i = 0; i < count; i++)
        Py_DECREF(values[i]);
    PyMem_Free(values);
    return row;
}

/* One row packet's payload as the generated Python reader reads it. */
static PyObject *
read_row(const Reader *r, const unsigned char *data, size_t n)
{
    PyObject *row, *v;
    Py_ssize_t i;
    size_t pos = 0, s = 0, e = 0;

    if (r->generic || r->ncols == 0)
        return read_generic(r, data, n);
    row = PyTuple_New(r->ncols);
    if (row == NULL)
        return NULL;
    for (i = 0; i < r->ncols; i++) {
        FieldKind kind = next_field(data, n, &pos, &s, &e);
        if (kind == FIELD_PAST_END) {
            Py_DECREF(row);
            return read_generic(r, data, n); /* "except IndexError: return generic(data)" */
        }
        if (kind == FIELD_NULL) {
            Py_INCREF(Py_None);
            v = Py_None;
        } else {
            v = value_at(&r->columns[i], data, s, e);
            if (v == NULL) {
                Py_DECREF(row);
                if (PyErr_ExceptionMatches(PyExc_IndexError)) {
                    PyErr_Clear(); /* a converter's IndexError lands in the same except */
                    return read_generic(r, data, n);
                }
                return NULL;
            }
        }
        PyTuple_SET_ITEM(row, i, v);
    }
    return row;
}

static int
Reader_init(Reader *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"codes", "encodings", "converters", "generic", NULL};
    PyObject *codes, *encodings, *converters;
    int generic = 0;
    Py_ssize_t i, n;
    Column *columns;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!O!O!|p:Reader", kwlist, &PyBytes_Type, &codes,
                                     &PyTuple_Type, &encodings, &PyTuple_Type, &converters, &generic))
        return -1;
    if (self->columns != NULL) {
        /* a converter could re-initialise the reader while a row is read with its columns */
        PyErr_SetString(PyExc_TypeError, "Reader is already initialised");
        return -1;
    }
    n = PyBytes_GET_SIZE(codes);
    if (PyTuple_GET_SIZE(encodings) != n || PyTuple_GET_SIZE(converters) != n) {
        PyErr_SetString(PyExc_ValueError, "codes, encodings and converters differ in length");
        return -1;
    }
    columns = PyMem_Calloc((size_t)(n > 0 ? n : 1), sizeof(Column));
    if (columns == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (i = 0; i < n; i++) {
        unsigned char code = (unsigned char)PyBytes_AS_STRING(codes)[i];
        PyObject *enc = PyTuple_GET_ITEM(encodings, i);
        PyObject *conv = PyTuple_GET_ITEM(converters, i);
        if (code > 15) {
            PyErr_Format(PyExc_ValueError, "column %zd: unknown code %d", i, (int)code);
            goto fail;
        }
        if ((code & DEC_MASK) == DEC_CODEC) {
            if (!PyUnicode_Check(enc)) {
                PyErr_Format(PyExc_TypeError, "column %zd: the encoding must be a str", i);
                goto fail;
            }
            columns[i].encoding = PyUnicode_AsUTF8(enc);
            if (columns[i].encoding == NULL)
                goto fail;
        }
        if ((code >> 2) != CONV_NONE && !PyCallable_Check(conv)) {
            PyErr_Format(PyExc_TypeError, "column %zd: the converter must be callable", i);
            goto fail;
        }
        columns[i].code = code;
        columns[i].convert = conv;
    }
    Py_INCREF(encodings);
    Py_INCREF(converters);
    self->encodings = encodings;
    self->converters = converters;
    self->columns = columns;
    self->ncols = n;
    self->generic = generic;
    return 0;
fail:
    PyMem_Free(columns);
    return -1;
}

static int
Reader_traverse(Reader *self, visitproc visit, void *arg)
{
    Py_VISIT(self->encodings);
    Py_VISIT(self->converters);
    return 0;
}

static int
Reader_clear(Reader *self)
{
    /* the columns point into these tuples: forget them too */
    self->ncols = 0;
    Py_CLEAR(self->encodings);
    Py_CLEAR(self->converters);
    return 0;
}

static void
Reader_dealloc(Reader *self)
{
    PyObject_GC_UnTrack(self);
    Reader_clear(self);
    PyMem_Free(self->columns);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
ready(const Reader *self)
{
    if (self->columns == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Reader was not initialised");
        return 0;
    }
    return 1;
}

static PyObject *
Reader_call(Reader *self, PyObject *args, PyObject *kwds)
{
    Py_buffer buf;
    PyObject *row;

    if (kwds != NULL && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "Reader() takes no keyword arguments");
        return NULL;
    }
    if (!ready(self) || !PyArg_ParseTuple(args, "y*:Reader", &buf))
        return NULL;
    row = read_row(self, (const unsigned char *)buf.buf, (size_t)buf.len);
    PyBuffer_Release(&buf);
    return row;
}

static PyObject *
Reader_take_rows(Reader *self, PyObject *args)
{
    Py_buffer buf;
    Py_ssize_t start, max_rows, taken = 0;
    int seq;
    size_t pos, n;
    const unsigned char *data;
    PyObject *rows, *row, *out;

    if (!ready(self) || !PyArg_ParseTuple(args, "y*nin:take_rows", &buf, &start, &seq, &max_rows))
        return NULL;
    if (start < 0 || start > buf.len || seq < 0 || seq > 255) {
        PyBuffer_Release(&buf);
        PyErr_SetString(PyExc_ValueError, "start or seq out of range");
        return NULL;
    }
    rows = PyList_New(0);
    if (rows == NULL) {
        PyBuffer_Release(&buf);
        return NULL;
    }
    data = (const unsigned char *)buf.buf;
    n = (size_t)buf.len;
    pos = (size_t)start;
    while (taken < max_rows && n - pos >= 4) {
        size_t length = data[pos] | (size_t)data[pos + 1] << 8 | (size_t)data[pos + 2] << 16;
        /* Errors (0xFF), the EOF packet (short), huge rows, sequence trouble: not here. */
        if (length > n - pos - 4 || data[pos + 3] != seq || length < 9 || length >= MAX_PACKET ||
            data[pos + 4] == 0xFF)
            break;
        row = read_row(self, data + pos + 4, length);
        if (row == NULL || PyList_Append(rows, row) < 0) {
            Py_XDECREF(row);
            Py_DECREF(rows);
            PyBuffer_Release(&buf);
            return NULL;
        }
        Py_DECREF(row);
        seq = (seq + 1) & 0xFF;
        pos += 4 + length;
        taken++;
    }
    PyBuffer_Release(&buf);
    out = Py_BuildValue("(Nni)", rows, (Py_ssize_t)(pos - (size_t)start), seq);
    return out; /* N: rows is stolen, released with the tuple or on its failure */
}

static PyMethodDef Reader_methods[] = {
    {"take_rows", (PyCFunction)Reader_take_rows, METH_VARARGS,
     "take_rows(buffer, start, seq, max_rows) -> (rows, consumed, next_seq)\n\n"
     "The consecutive whole ordinary row packets at buffer[start:], up to max_rows."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ReaderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "pgcli_like.native._mysql_rows.Reader",
    .tp_basicsize = sizeof(Reader),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Reader(codes, encodings, converters, generic=False): a result's row reader.\n\n"
              "Calling it with one row packet's payload returns the row tuple.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Reader_init,
    .tp_dealloc = (destructor)Reader_dealloc,
    .tp_traverse = (traverseproc)Reader_traverse,
    .tp_clear = (inquiry)Reader_clear,
    .tp_call = (ternaryfunc)Reader_call,
    .tp_methods = Reader_methods,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "pgcli_like.native._mysql_rows",
    .m_doc = "MySQL text-protocol row packets parsed into tuples (see drivers/mysql_rows.py).",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit__mysql_rows(void)
{
    PyObject *m;

    if (PyType_Ready(&ReaderType) < 0)
        return NULL;
    m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&ReaderType);
    if (PyModule_AddObject(m, "Reader", (PyObject *)&ReaderType) < 0) {
        Py_DECREF(&ReaderType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
