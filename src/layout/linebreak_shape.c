/* Complex scripts in the PDF line breaker: runs of Indic, Thai, Lao, Tibetan, Myanmar or
 * Khmer text are shaped with the font's own tables (metrics->shape, HarfBuzz) once the
 * atoms have their fonts. Each cluster becomes one atom holding its glyphs, drawn by code
 * point when a glyph is its code point's own and by a layout_gmap code otherwise (the
 * first glyph of a cluster stands for the cluster's text, so copied text reads right). */
#include "layout/linebreak_int.h"
#include "layout/layout_gmap.h"

#include <string.h>

/* Scripts whose letters need shaping to be read at all: the Indic scripts from Devanagari
 * to Sinhala, Thai, Lao, Tibetan, Myanmar, Khmer, and the Vedic and extended Devanagari
 * blocks. */
static int is_complex(uint32_t c)
{
    return (c >= 0x0900 && c <= 0x0FFF) || (c >= 0x1000 && c <= 0x109F) ||
           (c >= 0x1780 && c <= 0x17FF) || (c >= 0x1CD0 && c <= 0x1CFF) ||
           (c >= 0xA8E0 && c <= 0xA8FF) || (c >= 0xA9E0 && c <= 0xA9FF) ||
           (c >= 0xAA60 && c <= 0xAA7F);
}

/* Inside a run: joiners, and combining marks written on its letters. */
static int continues_run(uint32_t c)
{
    return is_complex(c) || c == 0x200C || c == 0x200D || (c >= 0x0300 && c <= 0x036F);
}

static void push_glyph(layout_para *p, const layout_glyph *g)
{
    if (p->nglyphs == p->capglyphs) {
        p->capglyphs = p->capglyphs ? p->capglyphs * 2 : 64;
        p->glyphs = op_realloc(p->glyphs, p->capglyphs * sizeof *p->glyphs);
    }
    p->glyphs[p->nglyphs++] = *g;
}

/* Glyphs [g0, g1) of the cluster of code points cps[c0, c1) into p->glyphs; 0 when the
 * codes ran out. The cluster's text is dealt out over its glyphs left to right, one code
 * point each and the rest to the last, so text copied from the page reads in logical order
 * whatever order the glyphs are drawn in ("कि": the i sign's glyph, drawn first, stands for
 * क). Glyphs of no width in a cluster that has a glyph with a width (marks: vowel signs,
 * tone marks, the pulli, the reph) stand for nothing and every glyph of that cluster gets a
 * code of its own: a viewer reads a mark placed apart from its letter as a character on a
 * line or in a word of its own, so its text goes with the letter ("ที่": ท stands for all
 * three, the two marks for nothing). */
static int add_cluster(layout_textenv *env, layout_para *p, int face, const font_glyph *g,
                       size_t g0, size_t g1, const uint32_t *cps, size_t c0, size_t c1)
{
    size_t ng = g1 - g0, spacing = 0;
    for (size_t k = g0; k < g1; k++)
        spacing += g[k].adv != 0;
    int mute = spacing > 0 && spacing < ng;    /* its marks stand for nothing */
    size_t c = c0, left = mute ? spacing : ng; /* glyphs still to get text */
    for (size_t k = g0; k < g1; k++) {
        layout_glyph lg = {.cp = mute ? 0 : g[k].cp,
                           .adv = g[k].adv,
                           .wadv = g[k].wadv,
                           .dx = g[k].dx,
                           .dy = g[k].dy};
        size_t take = 0;
        if (c < c1 && !(mute && g[k].adv == 0))
            take = --left == 0 ? c1 - c : 1;
        if (!lg.cp)
            lg.cp = layout_gmap_code(env->gmap, face, g[k].gid, cps + c, take);
        c += take;
        if (!lg.cp)
            return 0;
        push_glyph(p, &lg);
    }
    return 1;
}

/* The glyphs of atoms [a, b) (one face, one span) become their clusters' atoms. */
static void shape_run(layout_textenv *env, layout_para *p, size_t a, size_t b, int face)
{
    size_t n = b - a;
    uint32_t *cps = op_malloc(n * sizeof *cps);
    for (size_t j = 0; j < n; j++)
        cps[j] = p->atoms[a + j].cp;
    font_glyph *g = NULL;
    size_t ng = env->m->shape(env->m->ud, face, cps, n, 0, env->lang, &g);
    size_t mark = p->nglyphs, k = 0;
    while (k < ng) { /* codes first: a run that cannot have them all stays unshaped */
        size_t k1 = k + 1;
        while (k1 < ng && g[k1].cluster == g[k].cluster)
            k1++;
        size_t c1 = k1 < ng ? g[k1].cluster : n;
        if (c1 <= g[k].cluster || !add_cluster(env, p, face, g, k, k1, cps, g[k].cluster, c1))
            break;
        k = k1;
    }
    if (k < ng || ng == 0) {
        p->nglyphs = mark;
        op_free(g);
        op_free(cps);
        return;
    }
    const layout_span *sp = &p->spans[p->atoms[a].span].sp;
    size_t gi = mark;
    for (k = 0; k < ng;) {
        layout_atom *at = &p->atoms[a + g[k].cluster];
        at->face = (int16_t)face;
        at->flags &= (uint8_t)~A_SKIP;
        at->glyph = (uint32_t)gi;
        at->nglyphs = 0;
        at->kern = 0;
        int32_t adv = 0;
        size_t k1 = k;
        for (; k1 < ng && g[k1].cluster == g[k].cluster; k1++, gi++) {
            adv += g[k1].adv;
            at->nglyphs++;
        }
        at->adv = (float)adv * sp->size * at->scale / 1000.0f;
        size_t c1 = k1 < ng ? g[k1].cluster : n;
        for (size_t c = g[k].cluster + 1; c < c1; c++) { /* the cluster's other code points */
            layout_atom *o = &p->atoms[a + c];
            o->face = -1;
            o->flags = A_SKIP;
            o->adv = o->kern = 0;
            o->nglyphs = 0;
        }
        k = k1;
    }
    op_free(g);
    op_free(cps);
}

void layout_shape_runs(layout_textenv *env, layout_para *p)
{
    p->nglyphs = 0;
    if (!env->gmap || !env->m->shape)
        return;
    for (size_t j = 0; j < p->natoms;) {
        if (!is_complex(p->atoms[j].cp) || p->atoms[j].face < 0) {
            j++;
            continue;
        }
        size_t b = j + 1;
        int face = p->atoms[j].face;
        uint32_t span = p->atoms[j].span;
        while (b < p->natoms && continues_run(p->atoms[b].cp) && p->atoms[b].span == span &&
               (p->atoms[b].face == face || (p->atoms[b].face < 0 && (p->atoms[b].flags & A_SKIP))))
            b++;
        shape_run(env, p, j, b, face);
        j = b;
    }
}
