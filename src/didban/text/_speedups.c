/* Compiled fast paths of didban.text, each the exact equivalent of a pure-Python function that stays the
 * reference (and the fallback where this module was not built):
 *
 *   tokenize(text, start, stop, classes, token_type)
 *       didban.text.words.tokenize: the same tokens as its regular expression, scanned in one pass.
 *       ``classes`` is a bytes object of 65,536 native uint16 flags, one per BMP code point, built in
 *       Python from the very character classes of that expression (compiled.class_table(words._CLASSES));
 *       above the BMP only ``\w`` (Py_UNICODE_ISALNUM) matches any class, which the tests check over every
 *       code point.
 *
 *   translate_one_to_one(text, table)
 *       didban.text.letters.one_to_one: ``text.translate(UNIFY)`` for a table that maps characters of the
 *       BMP one to one onto characters of the BMP. ``table`` is a bytes object of 65,536 native uint16: the
 *       replacement of each code point, or 0 to keep it. The text itself is returned when nothing changes.
 *
 *   flagged_and_joinable(infos)
 *       didban.text.zwnj._flagged_and_joinable: the indexes of the tokens whose info has flags, and of the
 *       spaces whose two tokens' letters the lexicon writes as one word (the second's letters are among the
 *       first's followers).
 *
 *   phrase_tokens(text, classes)
 *       didban.text.zwnj._phrase_tokens: the words of every run of words (zwnj.PHRASE: words of letters
 *       and ZWNJs, one space apart), a "\x00" token between runs, and where each token starts (a bytes
 *       object of native Py_ssize_t). ``classes`` marks the characters of words with bit 0, as above.
 *
 *   fixed_tokens(tokens, infos, flagged, memo, learn, styled, changed)
 *   joins(tokens, fixed, spaces, pairs, learn_pair, rule_pairs, rule_pair, non_joining)
 *       didban.text.zwnj.Restorer._fixed and ._joins: the loops over the tokens and spaces that may change,
 *       reading the restorer's memos and calling back into Python for what they do not hold yet.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Bits of the class table, in the order of words._CLASSES. */
enum {
    C_LETTER = 1 << 0,      /* Persian / Arabic letters and marks */
    C_JOINER = 1 << 1,      /* ZWNJ, ZWJ */
    C_SPACE = 1 << 2,       /* whitespace and invisible marks between tokens */
    C_LOCAL = 1 << 3,       /* an e-mail address's local part: \w . + - */
    C_DOMAIN = 1 << 4,      /* an e-mail address's domain: latin letters, digits, - */
    C_LATIN_ALNUM = 1 << 5, /* latin letters and ASCII digits */
    C_LATIN = 1 << 6,       /* latin letters */
    C_DIGIT = 1 << 7,       /* ASCII, Arabic-Indic and Persian digits */
    C_NUMBER_SEP = 1 << 8,  /* separators inside a number */
    C_URL_STOP = 1 << 9,    /* characters that end a URL */
    C_URL_TAIL = 1 << 10,   /* punctuation a URL does not end with */
    C_LATIN_SEP = 1 << 11,  /* separators inside a latin word */
    C_MARK_RUN = 1 << 12,   /* ! ? ؟ (runs read as one mark) */
};

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t size; /* where scanning stops */
    const uint16_t *classes;
} Scan;

static inline Py_UCS4 at(const Scan *s, Py_ssize_t i) { return PyUnicode_READ(s->kind, s->data, i); }

static inline unsigned classes_of(const Scan *s, Py_UCS4 c) {
    if (c < 0x10000) return s->classes[c];
    return Py_UNICODE_ISALNUM(c) ? C_LOCAL : 0;
}

static inline unsigned classes_at(const Scan *s, Py_ssize_t i) { return classes_of(s, at(s, i)); }

/* The 65,536 native uint16 entries of a table of the BMP passed as a bytes object, or NULL with TypeError
 * (not bytes) or ValueError (not that size). */
static const uint16_t *bmp_table(PyObject *table) {
    if (!PyBytes_Check(table)) {
        PyErr_SetString(PyExc_TypeError, "a BMP table is a bytes object");
        return NULL;
    }
    if (PyBytes_GET_SIZE(table) != 0x10000 * (Py_ssize_t)sizeof(uint16_t)) {
        PyErr_SetString(PyExc_ValueError, "a BMP table holds 65536 uint16");
        return NULL;
    }
    return (const uint16_t *)PyBytes_AS_STRING(table);
}

/* Whether the text at ``i`` starts with the ASCII ``prefix``. */
static int starts_with(const Scan *s, Py_ssize_t i, const char *prefix) {
    for (; *prefix; prefix++, i++) {
        if (i >= s->size || at(s, i) != (Py_UCS4)(unsigned char)*prefix) return 0;
    }
    return 1;
}

/* The end of the longest run of characters with any of ``bits`` from ``i``. */
static inline Py_ssize_t run_end(const Scan *s, Py_ssize_t i, unsigned bits) {
    while (i < s->size && (classes_at(s, i) & bits)) i++;
    return i;
}

/* Each ``*_end`` function returns where its alternative of words._WORD_PATTERN ends a token that starts at
 * ``i``, or -1 when it does not match there. */

/* [L][LJ]*(?<=[L]): letters and joiners, ending in a letter. */
static Py_ssize_t word_end(const Scan *s, Py_ssize_t i) {
    Py_ssize_t last = i + 1;
    for (Py_ssize_t j = i + 1; j < s->size; j++) {
        unsigned c = classes_at(s, j);
        if (c & C_LETTER)
            last = j + 1;
        else if (!(c & C_JOINER))
            break;
    }
    return last;
}

/* [\w.+\-]+@[D]+(?:\.[D]+)+ : no character of a class can be the next literal, so each run is maximal. */
static Py_ssize_t email_end(const Scan *s, Py_ssize_t i) {
    Py_ssize_t j = run_end(s, i, C_LOCAL);
    if (j >= s->size || at(s, j) != '@') return -1;
    Py_ssize_t end = run_end(s, j + 1, C_DOMAIN);
    if (end == j + 1) return -1;
    int labels = 0;
    while (end < s->size && at(s, end) == '.') {
        Py_ssize_t next = run_end(s, end + 1, C_DOMAIN);
        if (next == end + 1) break;
        end = next;
        labels++;
    }
    return labels ? end : -1;
}

/* (?:https?://|www\.)[^STOP]*[^STOP.,:;!?] : the run up to a stop, without trailing punctuation. */
static Py_ssize_t url_end(const Scan *s, Py_ssize_t i) {
    Py_ssize_t body;
    if (starts_with(s, i, "https://"))
        body = i + 8;
    else if (starts_with(s, i, "http://"))
        body = i + 7;
    else if (starts_with(s, i, "www."))
        body = i + 4;
    else
        return -1;
    Py_ssize_t j = body;
    while (j < s->size && !(classes_at(s, j) & C_URL_STOP)) j++;
    for (; j > body; j--) {
        if (!(classes_at(s, j - 1) & C_URL_TAIL)) return j;
    }
    return -1;
}

/* [N]+(?:[SEP][N]+)* */
static Py_ssize_t number_end(const Scan *s, Py_ssize_t i) {
    Py_ssize_t j = run_end(s, i, C_DIGIT);
    while (j + 1 < s->size && (classes_at(s, j) & C_NUMBER_SEP) && (classes_at(s, j + 1) & C_DIGIT))
        j = run_end(s, j + 1, C_DIGIT);
    return j;
}

/* [A0-9]*[A][A0-9]*(?:[.'’\-_][A0-9]+)* : a run of latin letters and digits holding a letter, then more. */
static Py_ssize_t latin_end(const Scan *s, Py_ssize_t i) {
    Py_ssize_t j = i;
    int letter = 0;
    for (; j < s->size; j++) {
        unsigned c = classes_at(s, j);
        if (!(c & C_LATIN_ALNUM)) break;
        letter |= (c & C_LATIN) != 0;
    }
    if (!letter) return -1;
    while (j + 1 < s->size && (classes_at(s, j) & C_LATIN_SEP) && (classes_at(s, j + 1) & C_LATIN_ALNUM))
        j = run_end(s, j + 1, C_LATIN_ALNUM);
    return j;
}

/* The end of the token that starts at ``i`` (a character that is not a space): the first alternative of
 * words._WORD_PATTERN that matches, as the regular expression takes them. */
static Py_ssize_t token_end(const Scan *s, Py_ssize_t i) {
    Py_UCS4 first = at(s, i);
    unsigned c = classes_of(s, first);
    Py_ssize_t end;
    if (c & C_LETTER) return word_end(s, i);
    if ((c & C_LOCAL) && (end = email_end(s, i)) >= 0) return end;
    if ((first == 'h' || first == 'w') && (end = url_end(s, i)) >= 0) return end;
    if (c & C_DIGIT) return number_end(s, i);
    if ((c & C_LATIN_ALNUM) && (end = latin_end(s, i)) >= 0) return end;
    if (first == '.' || (c & C_MARK_RUN)) {
        end = first == '.' ? i + 1 : run_end(s, i, C_MARK_RUN);
        if (first == '.')
            while (end < s->size && at(s, end) == '.') end++;
        if (end - i >= 2) return end;
    }
    return i + 1;
}

/* A ``token_type`` instance (a tuple subclass) of (text[start:end], start, end); steals nothing. */
static PyObject *new_token(PyTypeObject *token_type, PyObject *text, Py_ssize_t start, Py_ssize_t end) {
    PyObject *token = token_type->tp_alloc(token_type, 3);
    if (token == NULL) return NULL;
    PyObject *piece = PyUnicode_Substring(text, start, end);
    PyObject *left = PyLong_FromSsize_t(start);
    PyObject *right = PyLong_FromSsize_t(end);
    PyTuple_SET_ITEM(token, 0, piece);
    PyTuple_SET_ITEM(token, 1, left);
    PyTuple_SET_ITEM(token, 2, right);
    if (piece == NULL || left == NULL || right == NULL) {
        Py_DECREF(token);
        return NULL;
    }
    /* A tuple of a str and two ints can hold no reference cycle: left out of the garbage collector's walks
     * (as CPython itself untracks such tuples, but only after a collection has visited them once). */
    PyObject_GC_UnTrack(token);
    return token;
}

static PyObject *tokenize(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError, "tokenize(text, start, stop, classes, token_type)");
        return NULL;
    }
    PyObject *text = args[0], *type = args[4];
    if (!PyUnicode_Check(text) || !PyType_Check(type) || !PyType_IsSubtype((PyTypeObject *)type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "tokenize(str, int, int, bytes, tuple subclass)");
        return NULL;
    }
    const uint16_t *classes = bmp_table(args[3]);
    if (classes == NULL) return NULL;
    Py_ssize_t start = PyLong_AsSsize_t(args[1]);
    Py_ssize_t stop = PyLong_AsSsize_t(args[2]);
    if ((start == -1 || stop == -1) && PyErr_Occurred()) return NULL;
    Py_ssize_t size = PyUnicode_GET_LENGTH(text);
    if (start < 0 || stop > size || start > stop) {
        PyErr_SetString(PyExc_ValueError, "0 <= start <= stop <= len(text) is required");
        return NULL;
    }
    Scan s = {PyUnicode_KIND(text), PyUnicode_DATA(text), stop, classes};
    PyObject *tokens = PyList_New(0);
    if (tokens == NULL) return NULL;
    Py_ssize_t i = start;
    for (;;) {
        while (i < stop && (classes_at(&s, i) & C_SPACE)) i++;
        if (i >= stop) break;
        Py_ssize_t end = token_end(&s, i);
        PyObject *token = new_token((PyTypeObject *)type, text, i, end);
        if (token == NULL || PyList_Append(tokens, token) < 0) {
            Py_XDECREF(token);
            Py_DECREF(tokens);
            return NULL;
        }
        Py_DECREF(token);
        i = end;
    }
    return tokens;
}

/* Append the index ``i`` to ``list``; 0 on success. */
static int append_index(PyObject *list, Py_ssize_t i) {
    PyObject *number = PyLong_FromSsize_t(i);
    if (number == NULL) return -1;
    int failed = PyList_Append(list, number);
    Py_DECREF(number);
    return failed;
}

static PyObject *flagged_and_joinable(PyObject *module, PyObject *infos) {
    (void)module;
    if (!PyList_Check(infos)) {
        PyErr_SetString(PyExc_TypeError, "flagged_and_joinable(list of info tuples)");
        return NULL;
    }
    PyObject *flagged = PyList_New(0), *joinable = PyList_New(0);
    if (flagged == NULL || joinable == NULL) goto fail;
    Py_ssize_t size = PyList_GET_SIZE(infos);
    for (Py_ssize_t i = 0; i < size; i++) {
        PyObject *info = PyList_GET_ITEM(infos, i);
        if (!PyTuple_Check(info) || PyTuple_GET_SIZE(info) != 4 || !PyDict_Check(PyTuple_GET_ITEM(info, 3))) {
            PyErr_SetString(PyExc_TypeError, "an info is a tuple (letters, fixed, flags, followers dict)");
            goto fail;
        }
        int flags = PyObject_IsTrue(PyTuple_GET_ITEM(info, 2));
        if (flags < 0 || (flags && append_index(flagged, i) < 0)) goto fail;
        PyObject *followers = PyTuple_GET_ITEM(info, 3);
        if (i + 1 < size && PyDict_GET_SIZE(followers)) {
            PyObject *next = PyList_GET_ITEM(infos, i + 1);
            if (!PyTuple_Check(next) || PyTuple_GET_SIZE(next) < 1) {
                PyErr_SetString(PyExc_TypeError, "an info is a tuple (letters, fixed, flags, followers dict)");
                goto fail;
            }
            int found = PyDict_Contains(followers, PyTuple_GET_ITEM(next, 0));
            if (found < 0 || (found && append_index(joinable, i) < 0)) goto fail;
        }
    }
    return Py_BuildValue("(NN)", flagged, joinable);
fail:
    Py_XDECREF(flagged);
    Py_XDECREF(joinable);
    return NULL;
}


static PyObject *translate_one_to_one(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 2 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "translate_one_to_one(str, bytes of 65536 uint16 replacements)");
        return NULL;
    }
    PyObject *text = args[0];
    const uint16_t *table = bmp_table(args[1]);
    if (table == NULL) return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t size = PyUnicode_GET_LENGTH(text), first = 0;
    for (; first < size; first++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, first);
        if (c < 0x10000 && table[c]) break;
    }
    if (first == size) return Py_NewRef(text); /* nothing to translate: most news text */
    Py_UCS4 *out = PyMem_New(Py_UCS4, size ? size : 1);
    if (out == NULL) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < size; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        out[i] = c < 0x10000 && table[c] ? table[c] : c;
    }
    /* the narrowest kind that holds the result, as every str must be */
    PyObject *result = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, size);
    PyMem_Free(out);
    return result;
}

/* A growing array of offsets. */
typedef struct {
    Py_ssize_t *items, count, room;
} Offsets;

/* Append ``value``; 0 on success, -1 with MemoryError. */
static int push_offset(Offsets *offsets, Py_ssize_t value) {
    if (offsets->count == offsets->room) {
        Py_ssize_t room = offsets->room * 2 + 64;
        Py_ssize_t *bigger = PyMem_Realloc(offsets->items, sizeof(Py_ssize_t) * room);
        if (bigger == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        offsets->items = bigger;
        offsets->room = room;
    }
    offsets->items[offsets->count++] = value;
    return 0;
}

static PyObject *phrase_tokens(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 2 || !PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "phrase_tokens(str, bytes of 65536 uint16 flags)");
        return NULL;
    }
    PyObject *text = args[0];
    const uint16_t *classes = bmp_table(args[1]);
    if (classes == NULL) return NULL;
    Py_ssize_t size = PyUnicode_GET_LENGTH(text);
    const Scan s = {PyUnicode_KIND(text), PyUnicode_DATA(text), size, classes};
#define IN_WORD(i) (classes_at(&s, (i)) & 1) /* bit 0 of this table: a character of a word */
    Offsets starts = {NULL, 0, 0};
    PyObject *tokens = PyList_New(0), *boundary = PyUnicode_FromOrdinal(0);
    if (tokens == NULL || boundary == NULL) goto fail;
    for (Py_ssize_t i = 0; i < size;) {
        if (!IN_WORD(i)) {
            i++;
            continue;
        }
        /* a new run of words: after a boundary token (which starts nowhere in the text), unless the first */
        if (starts.count && (PyList_Append(tokens, boundary) < 0 || push_offset(&starts, -1) < 0)) goto fail;
        for (;;) { /* one word, then the next if a single space and a word follow */
            Py_ssize_t end = i + 1;
            while (end < size && IN_WORD(end)) end++;
            PyObject *word = PyUnicode_Substring(text, i, end);
            int failed = word == NULL || PyList_Append(tokens, word) < 0 || push_offset(&starts, i) < 0;
            Py_XDECREF(word);
            if (failed) goto fail;
            i = end;
            if (!(i + 1 < size && at(&s, i) == ' ' && IN_WORD(i + 1))) break;
            i++;
        }
    }
#undef IN_WORD
    Py_DECREF(boundary);
    PyObject *offsets = PyBytes_FromStringAndSize((const char *)starts.items, starts.count * (Py_ssize_t)sizeof(Py_ssize_t));
    PyMem_Free(starts.items);
    if (offsets == NULL) {
        Py_DECREF(tokens);
        return NULL;
    }
    return Py_BuildValue("(NN)", tokens, offsets);
fail:
    Py_XDECREF(tokens);
    Py_XDECREF(boundary);
    PyMem_Free(starts.items);
    return NULL;
}

/* ``a + " " + b`` for two str objects (the restorer's pair memo key); a new reference. */
static PyObject *spaced_pair(PyObject *a, PyObject *b) {
    Py_ssize_t left = PyUnicode_GET_LENGTH(a), right = PyUnicode_GET_LENGTH(b);
    Py_UCS4 widest = PyUnicode_MAX_CHAR_VALUE(a);
    if (PyUnicode_MAX_CHAR_VALUE(b) > widest) widest = PyUnicode_MAX_CHAR_VALUE(b);
    PyObject *key = PyUnicode_New(left + 1 + right, widest);
    if (key == NULL) return NULL;
    if (PyUnicode_CopyCharacters(key, 0, a, 0, left) < 0 ||
        PyUnicode_CopyCharacters(key, left + 1, b, 0, right) < 0) {
        Py_DECREF(key);
        return NULL;
    }
    PyUnicode_WRITE(PyUnicode_KIND(key), PyUnicode_DATA(key), left, ' ');
    return key;
}

/* Item ``i`` of ``list`` if it is a str (a borrowed reference), else NULL with TypeError. */
static PyObject *str_item(PyObject *list, Py_ssize_t i) {
    if (i < 0 || i >= PyList_GET_SIZE(list)) {
        PyErr_SetString(PyExc_IndexError, "token index out of range");
        return NULL;
    }
    PyObject *item = PyList_GET_ITEM(list, i);
    if (!PyUnicode_Check(item) || PyUnicode_GET_LENGTH(item) == 0) {
        PyErr_SetString(PyExc_TypeError, "tokens are non-empty str");
        return NULL;
    }
    return item;
}

static PyObject *fixed_tokens(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 7 || !PyList_Check(args[0]) || !PyList_Check(args[1]) || !PyList_Check(args[2]) ||
        !PyDict_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError, "fixed_tokens(tokens, infos, flagged, memo, learn, styled, changed)");
        return NULL;
    }
    PyObject *tokens = args[0], *infos = args[1], *flagged = args[2], *memo = args[3], *learn = args[4];
    long styled = PyLong_AsLong(args[5]), changed = PyLong_AsLong(args[6]);
    if (PyErr_Occurred()) return NULL;
    PyObject *out = PyDict_New();
    if (out == NULL) return NULL;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(flagged); k++) {
        PyObject *index = PyList_GET_ITEM(flagged, k);
        Py_ssize_t i = PyLong_AsSsize_t(index);
        if (i == -1 && PyErr_Occurred()) goto fail;
        if (i < 0 || i >= PyList_GET_SIZE(infos)) {
            PyErr_SetString(PyExc_IndexError, "flagged index out of range");
            goto fail;
        }
        PyObject *info = PyList_GET_ITEM(infos, i);
        if (!PyTuple_Check(info) || PyTuple_GET_SIZE(info) != 4) {
            PyErr_SetString(PyExc_TypeError, "an info is a tuple (letters, fixed, flags, followers dict)");
            goto fail;
        }
        long flags = PyLong_AsLong(PyTuple_GET_ITEM(info, 2));
        if (flags == -1 && PyErr_Occurred()) goto fail;
        if (flags & styled) {
            PyObject *token = str_item(tokens, i);
            if (token == NULL) goto fail;
            PyObject *fix = PyDict_GetItemWithError(memo, token);
            if (fix != NULL) {
                if (PyDict_SetItem(out, index, fix) < 0) goto fail;
                continue;
            }
            if (PyErr_Occurred()) goto fail;
            Py_INCREF(token); /* held across the call, which runs Python code */
            fix = PyObject_CallOneArg(learn, token);
            int failed = fix == NULL || PyDict_SetItem(memo, token, fix) < 0 || PyDict_SetItem(out, index, fix) < 0;
            Py_DECREF(token);
            Py_XDECREF(fix);
            if (failed) goto fail;
        } else if (flags & changed) {
            if (PyDict_SetItem(out, index, PyTuple_GET_ITEM(info, 1)) < 0) goto fail;
        }
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* ``fixed.get(i, tokens[i])`` as a borrowed reference, or NULL with an exception. */
static PyObject *fixed_or_token(PyObject *fixed, PyObject *tokens, Py_ssize_t i) {
    PyObject *index = PyLong_FromSsize_t(i);
    if (index == NULL) return NULL;
    PyObject *fix = PyDict_GetItemWithError(fixed, index);
    Py_DECREF(index);
    if (fix != NULL || PyErr_Occurred()) return fix;
    return str_item(tokens, i);
}

/* Append ``(index, -1, joiner)`` to ``out``; 0 on success. */
static int append_join(PyObject *out, PyObject *index, PyObject *joiner) {
    PyObject *edit = Py_BuildValue("(OiO)", index, -1, joiner);
    if (edit == NULL) return -1;
    int failed = PyList_Append(out, edit);
    Py_DECREF(edit);
    return failed;
}

static PyObject *joins(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 8 || !PyList_Check(args[0]) || !PyDict_Check(args[1]) || !PyList_Check(args[2]) ||
        !PyDict_Check(args[3]) || !PyDict_Check(args[5]) || !PyUnicode_Check(args[7])) {
        PyErr_SetString(PyExc_TypeError,
                        "joins(tokens, fixed, spaces, pairs, learn_pair, rule_pairs, rule_pair, non_joining)");
        return NULL;
    }
    PyObject *tokens = args[0], *fixed = args[1], *spaces = args[2], *pairs = args[3], *learn_pair = args[4];
    PyObject *rule_pairs = args[5], *rule_pair = args[6], *non_joining = args[7];
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(spaces); k++) {
        PyObject *index = PyList_GET_ITEM(spaces, k);
        Py_ssize_t i = PyLong_AsSsize_t(index);
        if (i == -1 && PyErr_Occurred()) goto fail;
        PyObject *a = str_item(tokens, i), *b = a ? str_item(tokens, i + 1) : NULL;
        if (b == NULL) goto fail;
        Py_ssize_t size_a = PyUnicode_GET_LENGTH(a);
        Py_UCS4 last = PyUnicode_READ_CHAR(a, size_a - 1);
        if ((size_a == 1 && last == 0) || (PyUnicode_GET_LENGTH(b) == 1 && PyUnicode_READ_CHAR(b, 0) == 0))
            continue; /* a boundary between two runs of words */
        PyObject *joiner, *key;
        if (PyUnicode_FindChar(non_joining, last, 0, PyUnicode_GET_LENGTH(non_joining), 1) >= 0) {
            PyObject *fa = fixed_or_token(fixed, tokens, i), *fb = fa ? fixed_or_token(fixed, tokens, i + 1) : NULL;
            if (fb == NULL) goto fail;
            key = spaced_pair(fa, fb);
            if (key == NULL) goto fail;
            joiner = PyDict_GetItemWithError(rule_pairs, key); /* Restorer.pair's memo */
            Py_XINCREF(joiner);
            if (joiner == NULL && !PyErr_Occurred()) { /* held across the call, which runs Python code */
                Py_INCREF(fa);
                Py_INCREF(fb);
                joiner = PyObject_CallFunctionObjArgs(rule_pair, fa, fb, NULL);
                Py_DECREF(fa);
                Py_DECREF(fb);
            }
        } else {
            key = spaced_pair(a, b);
            if (key == NULL) goto fail;
            joiner = PyDict_GetItemWithError(pairs, key);
            Py_XINCREF(joiner);
            if (joiner == NULL && !PyErr_Occurred()) {
                Py_INCREF(a);
                Py_INCREF(b);
                joiner = PyObject_CallFunctionObjArgs(learn_pair, a, b, NULL);
                Py_DECREF(a);
                Py_DECREF(b);
                if (joiner != NULL && PyDict_SetItem(pairs, key, joiner) < 0) Py_CLEAR(joiner);
            }
        }
        Py_DECREF(key);
        if (joiner == NULL) goto fail;
        int failed = joiner != Py_None && append_join(out, index, joiner) < 0;
        Py_DECREF(joiner);
        if (failed) goto fail;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static PyMethodDef methods[] = {
    {"tokenize", (PyCFunction)(void (*)(void))tokenize, METH_FASTCALL,
     "tokenize(text, start, stop, classes, token_type): didban.text.words.tokenize's tokens."},
    {"flagged_and_joinable", flagged_and_joinable, METH_O,
     "flagged_and_joinable(infos): (indexes of infos with flags, indexes i whose letters[i+1] follow i)."},
    {"translate_one_to_one", (PyCFunction)(void (*)(void))translate_one_to_one, METH_FASTCALL,
     "translate_one_to_one(text, table): text.translate of a one-to-one BMP table given as uint16 codes."},
    {"phrase_tokens", (PyCFunction)(void (*)(void))phrase_tokens, METH_FASTCALL,
     "phrase_tokens(text, classes): (words of the runs of words with \"\\x00\" between runs, their starts)."},
    {"fixed_tokens", (PyCFunction)(void (*)(void))fixed_tokens, METH_FASTCALL,
     "fixed_tokens(tokens, infos, flagged, memo, learn, styled, changed): Restorer._fixed's dict."},
    {"joins", (PyCFunction)(void (*)(void))joins, METH_FASTCALL,
     "joins(tokens, fixed, spaces, pairs, learn_pair, rule_pairs, rule_pair, non_joining): Restorer._joins."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_speedups", "Compiled fast paths of didban.text (pure-Python equivalents stay).",
    0, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__speedups(void) { return PyModuleDef_Init(&module); }
