/* Checked allocation: every allocation in offprint goes through these, so an
 * out-of-memory condition aborts with a message instead of spreading NULLs. */
#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(size_t n)
{
    fprintf(stderr, "offprint: out of memory (allocating %zu bytes)\n", n);
    abort();
}

void *op_malloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *op_calloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        oom(count * size);
    return p;
}

void *op_realloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *op_strndup(const char *s, size_t n)
{
    char *d = op_malloc(n + 1);
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *op_strdup(const char *s)
{
    return op_strndup(s, strlen(s));
}

void op_free(void *p)
{
    free(p);
}
