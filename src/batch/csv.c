/* RFC 4180 CSV reader for the export readers (Pocket, Instapaper, Readwise, Raindrop): a
 * byte-at-a-time state machine over a refilled buffer, so a record never needs the whole
 * file, with caps on record size and field count for hostile input. */
#include "batch/csv.h"

#include <strings.h>
#include <string.h>

struct csv {
    csv_read_fn fn;
    void *ud;
    char in[16384]; /* refill buffer */
    size_t pos, fill;
    int eof, started;
    op_buf rec;   /* fields of the current record, each NUL-terminated */
    size_t *offs; /* start of each field in rec */
    size_t nfields;
    size_t line, rec_line;
    char **header; /* names of the header row */
    size_t nheader;
    const char *mem; /* csv_new_mem source */
    size_t mem_len, mem_pos;
};

static ssize_t read_file(void *ud, char *buf, size_t n)
{
    FILE *f = ud;
    size_t got = fread(buf, 1, n, f);
    return got == 0 && ferror(f) ? -1 : (ssize_t)got;
}

static ssize_t read_mem(void *ud, char *buf, size_t n)
{
    csv *c = ud;
    size_t left = c->mem_len - c->mem_pos;
    if (n > left)
        n = left;
    memcpy(buf, c->mem + c->mem_pos, n);
    c->mem_pos += n;
    return (ssize_t)n;
}

csv *csv_new(csv_read_fn fn, void *ud)
{
    csv *c = op_calloc(1, sizeof *c);
    c->fn = fn;
    c->ud = ud;
    c->line = 1;
    c->offs = op_malloc(CSV_MAX_FIELDS * sizeof *c->offs);
    op_buf_init(&c->rec, CSV_MAX_RECORD);
    return c;
}

csv *csv_new_file(FILE *f)
{
    return csv_new(read_file, f);
}

csv *csv_new_mem(const char *s, size_t len)
{
    csv *c = csv_new(read_mem, NULL);
    c->ud = c;
    c->mem = s;
    c->mem_len = len;
    return c;
}

void csv_free(csv *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nheader; i++)
        op_free(c->header[i]);
    op_free(c->header);
    op_free(c->offs);
    op_buf_free(&c->rec);
    op_free(c);
}

/* The next byte, or -1 at the end (-2 on a read error). */
static int next_byte(csv *c)
{
    if (c->pos == c->fill) {
        if (c->eof)
            return -1;
        ssize_t n = c->fn(c->ud, c->in, sizeof c->in);
        if (n < 0)
            return -2;
        if (n == 0) {
            c->eof = 1;
            return -1;
        }
        c->pos = 0;
        c->fill = (size_t)n;
    }
    return (unsigned char)c->in[c->pos++];
}

static int peek_byte(csv *c)
{
    int b = next_byte(c);
    if (b >= 0)
        c->pos--;
    return b;
}

static op_status end_field(csv *c)
{
    if (c->nfields == CSV_MAX_FIELDS)
        return OP_ERR_LIMIT;
    op_status st = op_buf_addc(&c->rec, '\0');
    if (st == OP_OK && c->nfields + 1 < CSV_MAX_FIELDS)
        c->offs[c->nfields + 1] = c->rec.len;
    c->nfields++;
    return st;
}

/* A quoted field's body after its opening quote, up to and past the closing one. */
static op_status quoted(csv *c)
{
    size_t start = c->line;
    for (;;) {
        int b = next_byte(c);
        if (b == -2)
            return OP_ERR_IO;
        if (b == -1) {
            c->line = start; /* report where the quote opened */
            return OP_ERR_PARSE;
        }
        if (b == '"') {
            if (peek_byte(c) != '"')
                return OP_OK;
            next_byte(c);
        }
        if (b == '\n')
            c->line++;
        op_status st = op_buf_addc(&c->rec, (char)b);
        if (st)
            return st;
    }
}

op_status csv_next(csv *c, int *more)
{
    op_status st = OP_OK;
    *more = 0;
    op_buf_reset(&c->rec);
    c->nfields = 0;
    c->offs[0] = 0;
    int b = next_byte(c);
    if (!c->started) {
        c->started = 1;
        if (b == 0xEF && peek_byte(c) == 0xBB) { /* UTF-8 BOM */
            next_byte(c);
            next_byte(c);
            b = next_byte(c);
        }
    }
    while (b == '\r' || b == '\n') { /* blank lines */
        c->line += b == '\n';
        b = next_byte(c);
    }
    if (b < 0)
        return b == -2 ? OP_ERR_IO : OP_OK;
    c->rec_line = c->line;
    for (;; b = next_byte(c)) {
        if (b == -2)
            return OP_ERR_IO;
        if (b == -1 || b == '\n' || (b == '\r' && peek_byte(c) == '\n') || b == ',') {
            OP_TRY(end_field(c));
            if (b == ',')
                continue;
            if (b == '\r')
                next_byte(c);
            if (b != -1)
                c->line++;
            break;
        }
        /* a quote opens a quoted field at its start; elsewhere it is text (lenient) */
        if (b == '"' && c->rec.len == c->offs[c->nfields]) {
            OP_TRY(quoted(c));
            continue;
        }
        OP_TRY(op_buf_addc(&c->rec, (char)b));
    }
    *more = 1;
out:
    return st;
}

op_status csv_read_header(csv *c)
{
    int more;
    op_status st = csv_next(c, &more);
    if (st)
        return st;
    if (!more)
        return OP_ERR_PARSE;
    c->header = op_malloc(c->nfields * sizeof *c->header);
    for (size_t i = 0; i < c->nfields; i++)
        c->header[i] = op_strdup(c->rec.data + c->offs[i]);
    c->nheader = c->nfields;
    return OP_OK;
}

int csv_column(const csv *c, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < c->nheader; i++) {
        const char *h = c->header[i];
        size_t hl = strlen(h);
        while (hl > 0 && (*h == ' ' || *h == '\t')) {
            h++;
            hl--;
        }
        while (hl > 0 && (h[hl - 1] == ' ' || h[hl - 1] == '\t'))
            hl--;
        if (hl == n && strncasecmp(h, name, n) == 0)
            return (int)i;
    }
    return -1;
}

const char *csv_get(const csv *c, int col)
{
    if (col < 0 || (size_t)col >= c->nfields)
        return NULL;
    return c->rec.data + c->offs[col];
}

void *csv_source(const csv *c)
{
    return c->ud;
}

size_t csv_count(const csv *c)
{
    return c->nfields;
}

size_t csv_line(const csv *c)
{
    return c->rec_line;
}
