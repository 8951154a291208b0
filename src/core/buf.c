/* Growable byte buffer with a size cap (curl dynbuf), so hostile input cannot grow
 * memory without bound: appends past `max` fail with OP_ERR_LIMIT. */
#include "core/core.h"

#include <stdio.h>
#include <string.h>

void op_buf_init(op_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

void op_buf_free(op_buf *b)
{
    op_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void op_buf_reset(op_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static op_status reserve(op_buf *b, size_t n)
{
    if (b->max && (n > b->max || b->len > b->max - n))
        return OP_ERR_LIMIT;
    size_t need = b->len + n + 1;
    if (need <= b->cap)
        return OP_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap * 2;
    b->data = op_realloc(b->data, cap);
    b->cap = cap;
    return OP_OK;
}

op_status op_buf_add(op_buf *b, const void *p, size_t n)
{
    op_status st = reserve(b, n);
    if (st)
        return st;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return OP_OK;
}

op_status op_buf_adds(op_buf *b, const char *s)
{
    return op_buf_add(b, s, strlen(s));
}

op_status op_buf_addc(op_buf *b, char c)
{
    return op_buf_add(b, &c, 1);
}

op_status op_buf_printf(op_buf *b, const char *fmt, ...)
{
    va_list ap;
    char small[256];
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return OP_ERR_USAGE;
    if ((size_t)n < sizeof small)
        return op_buf_add(b, small, (size_t)n);
    op_status st = reserve(b, (size_t)n);
    if (st)
        return st;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return OP_OK;
}

char *op_buf_detach(op_buf *b, size_t *len)
{
    if (!b->data)
        op_buf_add(b, "", 0);
    char *d = b->data;
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}
