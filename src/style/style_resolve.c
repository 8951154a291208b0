/* The cascade for the PDF layout: which rules match an element (descendant and child
 * selectors matched over its ancestor chain with bit sets, no backtracking), which
 * declaration wins per property (importance, origin, specificity, order), and the
 * computed values in points (em, rem, %, keywords resolved; inherited properties taken
 * from the parent). */
#include "style/style_int.h"

#include <string.h>

/*** Matching ***/

static int has_class(const char *list, const char *cls)
{
    if (!list)
        return 0;
    size_t n = strlen(cls);
    const char *p = list;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if ((size_t)(e - p) == n && strncmp(p, cls, n) == 0)
            return 1;
        p = e;
    }
    return 0;
}

static int compound_matches(const css_compound *c, const style_elem *e)
{
    if (c->tag && (!e->name || strcmp(c->tag, e->name) != 0))
        return 0;
    for (int i = 0; i < c->ncls; i++)
        if (!has_class(e->cls, c->cls[i]))
            return 0;
    return 1;
}

/* Bit j of `at` says "compound k can sit at chain[j]"; walked from the subject leftwards. */
static int selector_matches(const css_sel *s, const style_elem *chain, size_t n)
{
    if (n == 0 || !compound_matches(&s->c[s->n - 1], &chain[n - 1]))
        return 0;
    uint64_t at = (uint64_t)1 << (n - 1);
    for (int k = s->n - 2; k >= 0; k--) {
        const css_compound *c = &s->c[k];
        int child = s->c[k + 1].child;
        uint64_t next = 0;
        for (size_t j = 0; j + 1 < n; j++) {
            if (!compound_matches(c, &chain[j]))
                continue;
            /* chain[j] must be the parent (child) or any ancestor (descendant) of a
             * position where compound k+1 matched */
            uint64_t above = child ? (uint64_t)1 << (j + 1) : ~(((uint64_t)2 << j) - 1);
            if (at & above)
                next |= (uint64_t)1 << j;
        }
        if (!next)
            return 0;
        at = next;
    }
    return 1;
}

/*** Cascade ***/

typedef struct winner {
    const css_decl *d;
    uint32_t rank; /* importance and origin */
    uint32_t spec, order;
} winner;

static int beats(uint32_t rank, uint32_t spec, uint32_t order, const winner *w)
{
    if (!w->d)
        return 1;
    if (rank != w->rank)
        return rank > w->rank;
    if (spec != w->spec)
        return spec > w->spec;
    return order >= w->order;
}

static void cascade(const op_style *s, const style_elem *chain, size_t n, winner *win)
{
    memset(win, 0, P_COUNT * sizeof *win);
    if (!s)
        return;
    for (size_t i = 0; i < s->nsel; i++) {
        const css_sel *sel = &s->sel[i];
        if (!selector_matches(sel, chain, n))
            continue;
        for (uint32_t k = 0; k < sel->nd; k++) {
            const css_decl *d = &s->decl[sel->d0 + k];
            /* normal base < normal theme < important base < important theme */
            uint32_t rank = (uint32_t)d->important * 2u + sel->origin;
            if (d->prop < P_COUNT && beats(rank, sel->spec, sel->order, &win[d->prop])) {
                win[d->prop] = (winner){d, rank, sel->spec, sel->order};
            }
        }
    }
}

/*** Values ***/

static float clampf(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

typedef struct ctx {
    float em, rem, medium, avail;
} ctx;

static float length(const css_decl *d, const ctx *c)
{
    switch (d->unit) {
    case U_PT:
        return d->v;
    case U_EM:
        return d->v * c->em;
    case U_REM:
        return d->v * c->rem;
    case U_MED:
        return d->v * c->medium;
    case U_PCT:
        return d->v * c->avail / 100.0f;
    default:
        return 0;
    }
}

void style_root(float medium, style_computed *out)
{
    memset(out, 0, sizeof *out);
    out->family = STYLE_SERIF;
    out->size = medium;
    out->lh_num = 1.2f;
    out->lh = medium * 1.2f;
    out->hyphens = STYLE_HYPH_MANUAL;
    out->align = STYLE_ALIGN_LEFT;
}

static void font(const winner *w, const style_computed *parent, const ctx *c0, style_computed *o)
{
    if (w[P_FONT_FAMILY].d)
        o->family = (uint8_t)w[P_FONT_FAMILY].d->u;
    if (w[P_FONT_WEIGHT].d) {
        uint32_t k = w[P_FONT_WEIGHT].d->u;
        o->bold = k == KW_BOLD || k == KW_BOLDER;
    }
    if (w[P_FONT_STYLE].d)
        o->italic = w[P_FONT_STYLE].d->u == KW_ITALIC;
    if (w[P_FONT_SIZE].d) {
        ctx c = *c0;
        c.em = parent->size; /* em and % of font-size are the parent's */
        c.avail = parent->size;
        o->size = clampf(length(w[P_FONT_SIZE].d, &c), 2.0f, 400.0f);
    }
    const css_decl *lh = w[P_LINE_HEIGHT].d;
    if (lh && lh->unit == U_NUM) {
        o->lh_num = clampf(lh->v, 0.5f, 5.0f);
    } else if (lh) {
        ctx c = *c0;
        c.em = o->size;
        c.avail = o->size; /* % of the element's font size */
        o->lh_num = 0;
        o->lh = clampf(length(lh, &c), 1.0f, 2000.0f);
    }
    if (o->lh_num > 0)
        o->lh = o->lh_num * o->size;
}

static void box(const winner *w, const ctx *c, style_computed *o)
{
    for (int k = 0; k < 4; k++) {
        const css_decl *m = w[P_MARGIN + k].d, *pd = w[P_PADDING + k].d;
        o->margin[k] = m && m->unit != U_AUTO ? clampf(length(m, c), -1000, 1000) : 0;
        o->padding[k] = pd ? clampf(length(pd, c), 0, 1000) : 0;
        const css_decl *bs = w[P_BORDER_S + k].d, *bw = w[P_BORDER_W + k].d,
                       *bc = w[P_BORDER_C + k].d;
        int drawn = bs && bs->u == KW_VISIBLE;
        o->border[k] = drawn ? (bw ? clampf(length(bw, c), 0, 100) : 2.25f) : 0;
        o->border_rgb[k] = bc && bc->unit == U_KW ? bc->u : o->color;
    }
}

void style_compute(const op_style *s, const style_elem *chain, size_t n,
                   const style_computed *parent, float root_size, float medium, float avail,
                   style_computed *out)
{
    if (n > STYLE_MAX_CHAIN) {
        chain += n - STYLE_MAX_CHAIN;
        n = STYLE_MAX_CHAIN;
    }
    winner w[P_COUNT];
    cascade(s, chain, n, w);
    /* inherited: fonts, line height, indent, alignment, hyphens, colour */
    style_computed o;
    memset(&o, 0, sizeof o);
    o.family = parent->family;
    o.bold = parent->bold;
    o.italic = parent->italic;
    o.size = parent->size;
    o.lh = parent->lh;
    o.lh_num = parent->lh_num;
    o.indent = parent->indent;
    o.align = parent->align;
    o.hyphens = parent->hyphens;
    o.color = parent->color;
    o.collapse = parent->collapse;
    o.spacing[0] = parent->spacing[0];
    o.spacing[1] = parent->spacing[1];
    ctx c = {.em = parent->size, .rem = root_size, .medium = medium, .avail = avail};
    font(w, parent, &c, &o);
    c.em = o.size;
    if (w[P_COLOR].d)
        o.color = w[P_COLOR].d->u;
    if (w[P_TEXT_ALIGN].d)
        o.align = (uint8_t)w[P_TEXT_ALIGN].d->u;
    if (w[P_HYPHENS].d)
        o.hyphens = (uint8_t)w[P_HYPHENS].d->u;
    if (w[P_TEXT_INDENT].d)
        o.indent = clampf(length(w[P_TEXT_INDENT].d, &c), -500, 500);
    const css_decl *bg = w[P_BACKGROUND].d;
    if (bg && bg->unit == U_KW) {
        o.background = bg->u;
        o.has_background = 1;
    }
    const css_decl *mw = w[P_MAX_WIDTH].d;
    o.max_width = mw && mw->unit != U_AUTO ? clampf(length(mw, &c), 0, 100000) : 0;
    if (w[P_BORDER_COLLAPSE].d)
        o.collapse = (uint8_t)w[P_BORDER_COLLAPSE].d->u;
    for (int k = 0; k < 2; k++)
        if (w[P_BORDER_SPACING_H + k].d)
            o.spacing[k] = clampf(length(w[P_BORDER_SPACING_H + k].d, &c), 0, 100);
    box(w, &c, &o);
    *out = o;
}

void style_page_get(const op_style *s, float medium, style_page *out)
{
    out->w = out->h = -1;
    for (int k = 0; k < 4; k++) {
        out->margin[k] = -1;
        out->margin_pct[k] = 0;
    }
    if (!s)
        return;
    ctx c = {.em = medium, .rem = medium, .medium = medium, .avail = 0};
    for (size_t i = 0; i < s->npage; i++) { /* later declarations win */
        const css_decl *d = &s->page[i];
        if (d->prop == P_PAGE_W)
            out->w = d->v;
        else if (d->prop == P_PAGE_H)
            out->h = d->v;
        else if (d->prop >= P_MARGIN && d->prop < P_MARGIN + 4) {
            int k = d->prop - P_MARGIN;
            out->margin_pct[k] = d->unit == U_PCT;
            out->margin[k] =
                d->unit == U_PCT ? clampf(d->v, 0, 45) : clampf(length(d, &c), 0, 2000);
        }
    }
}

static void mbox_apply(const css_mdecl *m, const ctx *c, style_mbox *o)
{
    const css_decl *d = &m->d;
    switch (d->prop) {
    case P_CONTENT:
        o->content = m->content;
        break;
    case P_FONT_SIZE:
        o->size = clampf(length(d, c), 2.0f, 100.0f);
        break;
    case P_FONT_WEIGHT:
        o->bold = d->u == KW_BOLD || d->u == KW_BOLDER;
        break;
    case P_FONT_STYLE:
        o->italic = d->u == KW_ITALIC;
        break;
    case P_FONT_FAMILY:
        o->family = (int8_t)d->u;
        break;
    case P_COLOR:
        o->color = d->u;
        break;
    default:
        break;
    }
}

void style_mbox_get(const op_style *s, int first, int pos, float medium, style_mbox *out)
{
    memset(out, 0, sizeof *out);
    out->size = medium;
    out->family = -1;
    if (!s)
        return;
    ctx c = {.em = medium, .rem = medium, .medium = medium, .avail = medium};
    /* @page :first is more specific than @page: its declarations come second */
    for (int pass = 0; pass < 1 + (first != 0); pass++)
        for (size_t i = 0; i < s->nmdecl; i++)
            if (s->mdecl[i].box == pos && s->mdecl[i].first == pass)
                mbox_apply(&s->mdecl[i], &c, out);
}
