/* Pair kerning of a font set's faces (font_set_kern), which the PDF layout applies: each
 * distinct pair is shaped once with HarfBuzz (only the "kern" feature, ligatures off) and the
 * difference between the shaped and the nominal advance of the first glyph is cached in a per-face
 * hash table. libharu 2.3.0 ignores GPOS, so the layout positions kerned glyphs itself. */
#include "font/font_kern.h"

#include <hb.h>

#include <string.h>

#define EMPTY_KEY 0xFFFFFFFFu
#define MAX_PAIRS (1u << 20)

typedef struct pair_slot {
    uint32_t key; /* a << 16 | b */
    int16_t kern;
} pair_slot;

typedef struct shape_face {
    hb_font_t *font; /* NULL until opened */
    int tried;
    unsigned upem;
    pair_slot *slots;
    size_t nslots, used;
} shape_face;

struct font_kern {
    shape_face *faces;
    int nfaces;
    hb_buffer_t *buf;
    hb_feature_t feats[4];
};

font_kern *font_kern_new(void)
{
    font_kern *s = op_calloc(1, sizeof *s);
    s->buf = hb_buffer_create();
    static const char *const f[4] = {"kern", "-liga", "-clig", "-calt"};
    for (int i = 0; i < 4; i++)
        hb_feature_from_string(f[i], -1, &s->feats[i]);
    return s;
}

void font_kern_free(font_kern *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->nfaces; i++) {
        if (s->faces[i].font)
            hb_font_destroy(s->faces[i].font);
        op_free(s->faces[i].slots);
    }
    op_free(s->faces);
    hb_buffer_destroy(s->buf);
    op_free(s);
}

static shape_face *face_get(font_kern *s, int face, const char *path, unsigned index)
{
    if (face < 0 || face > 4096)
        return NULL;
    if (face >= s->nfaces) {
        s->faces = op_realloc(s->faces, (size_t)(face + 1) * sizeof *s->faces);
        memset(s->faces + s->nfaces, 0, (size_t)(face + 1 - s->nfaces) * sizeof *s->faces);
        s->nfaces = face + 1;
    }
    shape_face *f = &s->faces[face];
    if (!f->tried) {
        f->tried = 1;
        hb_blob_t *blob = path ? hb_blob_create_from_file_or_fail(path) : NULL;
        if (blob) {
            hb_face_t *hf = hb_face_create(blob, index);
            f->upem = hb_face_get_upem(hf);
            f->font = hb_font_create(hf);
            hb_font_set_scale(f->font, (int)f->upem, (int)f->upem);
            hb_face_destroy(hf);
            hb_blob_destroy(blob);
        }
    }
    return f->font && f->upem ? f : NULL;
}

hb_font_t *font_kern_hb_font(font_kern *s, int face, const char *path, unsigned index,
                             unsigned *upem)
{
    shape_face *f = s ? face_get(s, face, path, index) : NULL;
    *upem = f ? f->upem : 0;
    return f ? f->font : NULL;
}

static int shape_pair(font_kern *s, shape_face *f, uint32_t a, uint32_t b)
{
    hb_buffer_clear_contents(s->buf);
    uint32_t text[2] = {a, b};
    hb_buffer_add_utf32(s->buf, text, 2, 0, 2);
    hb_buffer_guess_segment_properties(s->buf);
    hb_buffer_set_direction(s->buf, HB_DIRECTION_LTR);
    hb_shape(f->font, s->buf, s->feats, 4);
    unsigned n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(s->buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(s->buf, NULL);
    if (n != 2 || info[0].codepoint == 0 || info[1].codepoint == 0)
        return 0;
    long k = (long)pos[0].x_advance - hb_font_get_glyph_h_advance(f->font, info[0].codepoint);
    k = k * 1000 / (long)f->upem;
    return k < -500 ? -500 : k > 500 ? 500 : (int)k;
}

static void table_grow(shape_face *f)
{
    size_t n = f->nslots ? f->nslots * 2 : 1024;
    pair_slot *old = f->slots;
    size_t oldn = f->nslots;
    f->slots = op_malloc(n * sizeof *f->slots);
    for (size_t i = 0; i < n; i++)
        f->slots[i].key = EMPTY_KEY;
    f->nslots = n;
    for (size_t i = 0; i < oldn; i++) {
        if (old[i].key == EMPTY_KEY)
            continue;
        size_t h = (old[i].key * 2654435761u) & (n - 1);
        while (f->slots[h].key != EMPTY_KEY)
            h = (h + 1) & (n - 1);
        f->slots[h] = old[i];
    }
    op_free(old);
}

int font_kern_pair(font_kern *s, int face, const char *path, unsigned index, uint32_t a, uint32_t b)
{
    if (!s || a > 0xFFFF || b > 0xFFFF)
        return 0;
    shape_face *f = face_get(s, face, path, index);
    if (!f)
        return 0;
    if (f->used * 2 >= f->nslots) {
        if (f->used >= MAX_PAIRS)
            return shape_pair(s, f, a, b);
        table_grow(f);
    }
    uint32_t key = a << 16 | b;
    size_t h = (key * 2654435761u) & (f->nslots - 1);
    while (f->slots[h].key != EMPTY_KEY) {
        if (f->slots[h].key == key)
            return f->slots[h].kern;
        h = (h + 1) & (f->nslots - 1);
    }
    int k = shape_pair(s, f, a, b);
    f->slots[h].key = key;
    f->slots[h].kern = (int16_t)k;
    f->used++;
    return k;
}
