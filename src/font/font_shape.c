/* Shaping of complex-script runs with HarfBuzz (hb_shape with the font's GSUB and GPOS) for
 * the PDF layout: the glyphs of a run, their advances and mark offsets in 1/1000 em, and
 * which of them are simply their code point's own glyph, so the PDF draws those by code
 * point and gives only the others codes of their own (layout_gmap). The fonts come from the
 * kerning cache (font_kern.c), which opens each face once. */
#include "font/font_shape.h"

#include <hb.h>

#include <string.h>

static int32_t em1000(hb_position_t v, unsigned upem)
{
    return (int32_t)((long)v * 1000 / (long)upem);
}

/* Marks the glyphs of cluster [g0, g1) of code points [c0, c1) that are their code point's
 * own glyph, one to one in logical order (right to left runs are in visual order). */
static void mark_nominal(hb_font_t *font, const uint32_t *cps, size_t c0, size_t c1, font_glyph *g,
                         size_t g0, size_t g1, int rtl)
{
    if (c1 - c0 != g1 - g0)
        return;
    for (size_t i = 0; i < c1 - c0; i++) {
        hb_codepoint_t nom = 0;
        size_t k = rtl ? g1 - 1 - i : g0 + i;
        if (!hb_font_get_nominal_glyph(font, cps[c0 + i], &nom) || nom != g[k].gid)
            return;
    }
    for (size_t i = 0; i < c1 - c0; i++)
        g[rtl ? g1 - 1 - i : g0 + i].cp = cps[c0 + i];
}

size_t font_shape_run(font_kern *s, int face, const char *path, unsigned index, const uint32_t *cps,
                      size_t n, int rtl, const char *lang, font_glyph **out)
{
    *out = NULL;
    unsigned upem = 0;
    hb_font_t *font = font_kern_hb_font(s, face, path, index, &upem);
    if (!font || n == 0 || n > 0xFFFFFF)
        return 0;
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf32(buf, cps, (int)n, 0, (int)n);
    hb_buffer_set_direction(buf, rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    if (lang && *lang)
        hb_buffer_set_language(buf, hb_language_from_string(lang, -1));
    hb_buffer_guess_segment_properties(buf);
    hb_shape(font, buf, NULL, 0);
    unsigned ng = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &ng);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    font_glyph *g = ng ? op_calloc(ng, sizeof *g) : NULL;
    unsigned char *start = op_calloc(n + 1, 1);
    size_t got = ng;
    for (unsigned k = 0; k < ng; k++) {
        if (info[k].codepoint == 0 || info[k].cluster >= n) {
            got = 0; /* a code point the font cannot draw */
            break;
        }
        g[k].gid = info[k].codepoint;
        g[k].cluster = info[k].cluster;
        g[k].adv = em1000(pos[k].x_advance, upem);
        g[k].wadv = em1000(hb_font_get_glyph_h_advance(font, info[k].codepoint), upem);
        g[k].dx = em1000(pos[k].x_offset, upem);
        g[k].dy = em1000(pos[k].y_offset, upem);
        start[info[k].cluster] = 1;
    }
    start[n] = 1;
    for (size_t g0 = 0; g0 < got;) {
        size_t g1 = g0 + 1;
        while (g1 < got && g[g1].cluster == g[g0].cluster)
            g1++;
        size_t c0 = g[g0].cluster, c1 = c0 + 1;
        while (!start[c1])
            c1++;
        mark_nominal(font, cps, c0, c1, g, g0, g1, rtl);
        g0 = g1;
    }
    op_free(start);
    hb_buffer_destroy(buf);
    if (!got) {
        op_free(g);
        return 0;
    }
    *out = g;
    return got;
}
