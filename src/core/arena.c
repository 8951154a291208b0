/* Bump allocator owning a document's nodes and strings (MuPDF fz_pool style):
 * allocation is a pointer increment, and everything is released at once. */
#include "core/core.h"

#include <string.h>

#define ARENA_BLOCK 16384

typedef struct arena_block {
    struct arena_block *next;
    size_t size, used;
    _Alignas(16) unsigned char data[];
} arena_block;

struct op_arena {
    arena_block *head;
    size_t total;
};

op_arena *op_arena_new(void)
{
    return op_calloc(1, sizeof(op_arena));
}

void op_arena_free(op_arena *a)
{
    if (!a)
        return;
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        op_free(b);
        b = next;
    }
    op_free(a);
}

void *op_arena_alloc(op_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
        arena_block *nb = op_malloc(sizeof(arena_block) + size);
        nb->size = size;
        nb->used = 0;
        if (b && size != ARENA_BLOCK) {
            /* big allocation: keep the current block as head for small ones */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
        a->total += size;
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *op_arena_strndup(op_arena *a, const char *s, size_t n)
{
    char *d = op_arena_alloc(a, n + 1);
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

size_t op_arena_used(const op_arena *a)
{
    return a->total;
}
