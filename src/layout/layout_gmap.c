/* The codes of shaped glyphs (layout_gmap.h): the layout asks for one per glyph that is not
 * its code point's own, the PDF writer reads them all back to map codes to glyphs (the
 * font's cmap) and to text (ToUnicode). A hash table over (face, glyph, text). */
#include "layout/layout_gmap.h"

#include <string.h>

#define NCODES (LAYOUT_GMAP_LAST - LAYOUT_GMAP_FIRST + 1)
#define NSLOTS 16384 /* a power of two over twice NCODES */

struct layout_gmap {
    layout_gmap_entry *v;
    size_t n;
    int32_t slot[NSLOTS]; /* index into v, -1 empty */
};

layout_gmap *layout_gmap_new(void)
{
    layout_gmap *g = op_calloc(1, sizeof *g);
    memset(g->slot, 0xFF, sizeof g->slot);
    return g;
}

void layout_gmap_free(layout_gmap *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n; i++)
        op_free((void *)g->v[i].text);
    op_free(g->v);
    op_free(g);
}

static uint64_t hash(int face, uint32_t gid, const uint32_t *text, size_t n)
{
    uint32_t key[2] = {(uint32_t)face, gid};
    uint64_t h = op_fnv64(key, sizeof key);
    const unsigned char *t = (const unsigned char *)text;
    for (size_t i = 0; i < n * sizeof *text; i++)
        h = op_fnv64_step(h, t[i]);
    return h;
}

uint32_t layout_gmap_code(layout_gmap *g, int face, uint32_t gid, const uint32_t *text, size_t n)
{
    size_t h = (size_t)(hash(face, gid, text, n) & (NSLOTS - 1));
    for (; g->slot[h] >= 0; h = (h + 1) & (NSLOTS - 1)) {
        const layout_gmap_entry *e = &g->v[g->slot[h]];
        if (e->face == face && e->gid == gid && e->ntext == n &&
            (n == 0 || memcmp(e->text, text, n * sizeof *text) == 0))
            return e->code;
    }
    if (g->n >= NCODES)
        return 0;
    if ((g->n & (g->n - 1)) == 0) /* 0, 1, 2, 4...: grow to the next power of two */
        g->v = op_realloc(g->v, (g->n ? g->n * 2 : 1) * sizeof *g->v);
    uint32_t *copy = NULL;
    if (n) {
        copy = op_malloc(n * sizeof *copy);
        memcpy(copy, text, n * sizeof *copy);
    }
    layout_gmap_entry *e = &g->v[g->n];
    *e = (layout_gmap_entry){.code = LAYOUT_GMAP_FIRST + (uint32_t)g->n,
                             .face = face,
                             .gid = gid,
                             .text = copy,
                             .ntext = n};
    g->slot[h] = (int32_t)g->n++;
    return e->code;
}

size_t layout_gmap_count(const layout_gmap *g)
{
    return g ? g->n : 0;
}

const layout_gmap_entry *layout_gmap_get(const layout_gmap *g, size_t i)
{
    return &g->v[i];
}
