/* hb-subset adapter (the only file that includes hb-subset.h): a font file and a set of
 * code points in, the subset font's bytes out. Used by the PDF (fonts loaded into libharu)
 * and by the EPUB (--embed-fonts). */
#include "font/font_subset.h"

#include <hb-subset.h>
#include <hb.h>

#include <string.h>

/* 1 when the face has a non-empty 'prep' table. */
static int has_prep(hb_face_t *face)
{
    hb_blob_t *prep = hb_face_reference_table(face, HB_TAG('p', 'r', 'e', 'p'));
    int ok = hb_blob_get_length(prep) > 0;
    hb_blob_destroy(prep);
    return ok;
}

static hb_face_t *subset_face(hb_face_t *face, const unsigned char *bits, const uint32_t *gids,
                              size_t ngids, unsigned flags)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in)
        return NULL;
    hb_set_t *uni = hb_subset_input_unicode_set(in);
    for (uint32_t cp = 0; cp < 65536; cp++)
        if (FONT_CPSET_HAS(bits, cp))
            hb_set_add(uni, cp);
    if (ngids) {
        hb_set_t *keep = hb_subset_input_glyph_set(in);
        for (size_t i = 0; i < ngids; i++)
            hb_set_add(keep, gids[i]);
        hb_subset_input_set_flags(in, hb_subset_input_get_flags(in) | HB_SUBSET_FLAGS_RETAIN_GIDS);
    }
    if (flags & FONT_SUBSET_DROP_LAYOUT) {
        hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
        hb_set_add(drop, HB_TAG('G', 'S', 'U', 'B'));
        hb_set_add(drop, HB_TAG('G', 'P', 'O', 'S'));
        hb_set_add(drop, HB_TAG('G', 'D', 'E', 'F'));
    }
    if (flags & FONT_SUBSET_NO_HINTING)
        hb_subset_input_set_flags(in, hb_subset_input_get_flags(in) | HB_SUBSET_FLAGS_NO_HINTING);
    hb_face_t *sub = hb_subset_or_fail(face, in);
    hb_subset_input_destroy(in);
    if (sub && (flags & FONT_SUBSET_NEED_PREP) && !has_prep(sub)) {
        hb_face_destroy(sub);
        sub = NULL;
    }
    return sub;
}

op_status font_subset(const char *path, unsigned index, const unsigned char *bits, unsigned flags,
                      char **data, size_t *len)
{
    return font_subset_glyphs(path, index, bits, NULL, 0, flags, data, len);
}

op_status font_subset_glyphs(const char *path, unsigned index, const unsigned char *bits,
                             const uint32_t *gids, size_t ngids, unsigned flags, char **data,
                             size_t *len)
{
    op_status st = OP_ERR_FONT;

    *data = NULL;
    *len = 0;
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob)
        return OP_ERR_FONT;
    hb_face_t *face = hb_face_create(blob, index);
    hb_face_t *sub = subset_face(face, bits, gids, ngids, flags);
    if (sub) {
        hb_blob_t *out = hb_face_reference_blob(sub);
        unsigned n = 0;
        const char *p = hb_blob_get_data(out, &n);
        if (p && n) {
            *data = op_malloc(n);
            memcpy(*data, p, n);
            *len = n;
            st = OP_OK;
        }
        hb_blob_destroy(out);
        hb_face_destroy(sub);
    }
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return st;
}
