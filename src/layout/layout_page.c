/* Pagination: cuts the vertical list of slices into pages, keeping headings with what
 * follows and at least two lines of a paragraph at a page top or bottom, placing each
 * page's footnotes at its foot (carrying long ones over) and not ending a page on a
 * hyphen when a line can move. */
#include "layout/layout.h"

#include <string.h>

#define EPS 0.01f

typedef struct pager {
    layout_ctx *c;
    layout_box *out;
    size_t nout, capout;
    layout_page *pages;
    size_t npages, cappages;
    float y;
    int used;
    int quote;     /* quote depth of the last slice on this page */
    page_note *pn; /* footnotes on this page, in reference order */
    size_t npn, cappn;
    page_note *carry; /* footnotes (or their last lines) continued on the next page */
    size_t ncarry, capcarry;
    float notes_h; /* their height with the separator; 0 without notes */
    size_t tok;
    size_t nplaced; /* slices on this page */
} pager;

static void pager_copy(pager *p, const layout_box *src, size_t n, float top, float extend,
                       int quote);

static void note_push(page_note **v, size_t *n, size_t *cap, size_t k, size_t from)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *v = op_realloc(*v, *cap * sizeof **v);
    }
    (*v)[(*n)++] = (page_note){k, from};
}

/* Height the notes of slices [i, j] would add to this page (fresh: to an empty page). */
static float notes_extra(pager *p, size_t i, size_t j, int fresh)
{
    layout_notes *N = &p->c->notes;
    if (!N->n)
        return 0;
    size_t tok = ++p->tok;
    int any = !fresh && p->npn > 0;
    float h = 0;
    for (size_t k = i; k <= j; k++) {
        const layout_slice *s = &p->c->sl[k];
        for (size_t r = s->note0; r < s->note0 + s->nnote; r++) {
            layout_note *n = &N->v[N->refs[r]];
            if ((!fresh && n->page == p->npages) || n->tok == tok)
                continue;
            n->tok = tok;
            h += n->h + (any ? 0 : N->sep);
            any = 1;
        }
    }
    return h;
}

/* Takes slice s's notes onto this page. */
static void notes_take(pager *p, const layout_slice *s)
{
    layout_notes *N = &p->c->notes;
    for (size_t r = s->note0; r < s->note0 + s->nnote; r++) {
        layout_note *n = &N->v[N->refs[r]];
        if (n->page == p->npages)
            continue;
        note_push(&p->pn, &p->npn, &p->cappn, N->refs[r], 0);
        p->notes_h += n->h + (p->npn == 1 ? N->sep : 0);
        n->page = p->npages;
    }
}

/* Sets this page's notes at the foot of the text area, under a short rule: as many lines
 * as fit under the text (at least one on a page without text); the rest, from the first
 * line that does not fit, continues on the next page (TeX's split footnotes). */
static void notes_flush(pager *p)
{
    layout_ctx *c = p->c;
    layout_notes *N = &c->notes;
    if (!p->npn)
        return;
    float room = c->body_h - p->y - N->sep + EPS, used = 0;
    size_t k = 0, cut = 0; /* notes [0, k) whole, then lines [from, cut) of note k */
    for (; k < p->npn; k++) {
        const layout_note *n = &N->v[p->pn[k].k];
        size_t from = p->pn[k].from;
        size_t fit = room > used ? (size_t)((room - used) / n->lh) : 0;
        if (fit >= n->lines - from) {
            used += n->h - (float)from * n->lh;
            continue;
        }
        if (fit == 0 && k == 0 && p->nplaced == 0)
            fit = 1; /* a page of notes alone sets at least a line */
        cut = from + fit;
        used += (float)fit * n->lh;
        break;
    }
    float top = c->o->page_h - c->margin_top - c->body_h + used + N->sep;
    if (used > 0) {
        layout_box rule = {.kind = LAYOUT_BOX_RULE, .x = c->margin_l, .w = c->measure * 0.3f};
        rule.y = N->gap;
        rule.size = 0.5f;
        rule.rgb = LAYOUT_GREY;
        pager_copy(p, &rule, 1, top, 0, 0);
    }
    top -= N->sep;
    for (size_t i = 0; i <= k && i < p->npn; i++) {
        const layout_note *n = &N->v[p->pn[i].k];
        size_t from = p->pn[i].from, to = i < k ? n->lines : cut;
        for (size_t b = n->first; b < n->first + n->count; b++) {
            size_t line = layout_note_line(n, &c->d->boxes[b]);
            if (line >= from && line < to)
                pager_copy(p, &c->d->boxes[b], 1, top + (float)from * n->lh, 0, 0);
        }
        top -= i < k ? n->h - (float)from * n->lh : (float)(cut - from) * n->lh;
    }
    for (size_t i = k; i < p->npn; i++)
        note_push(&p->carry, &p->ncarry, &p->capcarry, p->pn[i].k, i == k ? cut : p->pn[i].from);
    p->npn = 0;
    p->notes_h = 0;
}

/* Starts a page's notes with those continued from the page before. */
static void notes_carry(pager *p)
{
    layout_notes *N = &p->c->notes;
    for (size_t i = 0; i < p->ncarry; i++) {
        layout_note *n = &N->v[p->carry[i].k];
        note_push(&p->pn, &p->npn, &p->cappn, p->carry[i].k, p->carry[i].from);
        p->notes_h += n->h - (float)p->carry[i].from * n->lh + (i == 0 ? N->sep : 0);
        n->page = p->npages;
    }
    p->ncarry = 0;
}

static void pager_new_page(pager *p)
{
    if (p->npages && !p->used)
        return;
    notes_flush(p);
    if (p->npages == p->cappages) {
        p->cappages = p->cappages ? p->cappages * 2 : 16;
        p->pages = op_realloc(p->pages, p->cappages * sizeof *p->pages);
    }
    p->pages[p->npages].first = p->nout;
    p->pages[p->npages].count = 0;
    p->npages++;
    p->y = 0;
    p->used = 0;
    p->nplaced = 0;
    notes_carry(p);
}

static void pager_copy(pager *p, const layout_box *src, size_t n, float top, float extend,
                       int quote)
{
    if (p->nout + n > p->capout) {
        while (p->nout + n > p->capout)
            p->capout = p->capout ? p->capout * 2 : 1024;
        p->out = op_realloc(p->out, p->capout * sizeof *p->out);
    }
    for (size_t i = 0; i < n; i++) {
        layout_box b = src[i];
        b.y = top - b.y;
        if (b.kind == LAYOUT_BOX_RULE) {
            b.h = -b.h;
            if ((b.flags & LAYOUT_BOXF_EXTEND_UP) && extend > 0 && quote >= b.level) {
                b.y += extend;
                b.h -= extend;
            }
        }
        p->out[p->nout++] = b;
    }
    p->pages[p->npages - 1].count = p->nout - p->pages[p->npages - 1].first;
}

static void pager_place(pager *p, const layout_slice *s)
{
    layout_ctx *c = p->c;
    size_t idx = (size_t)(s - c->sl);
    float before = p->used ? s->before : 0;
    float extra = notes_extra(p, idx, idx, 0);
    if (extra > 0 && s->h + notes_extra(p, idx, idx, 1) > c->body_h + EPS)
        extra = c->notes.sep + c->notes.v[0].lh; /* split anyway: they may start here */
    if (p->used && p->y + before + s->h + p->notes_h + extra > c->body_h + EPS) {
        pager_new_page(p);
        before = 0;
    }
    if (!p->used && s->hdr && &c->sl[s->hdr - 1] != s) {
        const layout_slice *h = &c->sl[s->hdr - 1]; /* a table continues: repeat its head */
        size_t n = s->hdrn ? s->hdrn : 1;
        float hh = 0;
        for (size_t k = 0; k < n; k++)
            hh += (k ? h[k].before : 0) + h[k].h;
        if (hh + s->h <= c->body_h) {
            for (size_t k = 0; k < n; k++) {
                p->y += k ? h[k].before : 0;
                float top = c->o->page_h - c->margin_top - p->y;
                pager_copy(p, c->d->boxes + h[k].xfirst, h[k].xcount, top, 0, 0);
                pager_copy(p, c->d->boxes + h[k].first, h[k].count, top, 0, 0);
                p->y += h[k].h;
            }
            p->used = 1;
        }
    }
    float top = c->o->page_h - c->margin_top - p->y - before;
    int quote = p->used ? p->quote : 0;
    /* extras first: a list marker precedes its item's text in reading order */
    pager_copy(p, c->d->boxes + s->xfirst, s->xcount, top, before, quote);
    pager_copy(p, c->d->boxes + s->first, s->count, top, before, quote);
    p->y += before + s->h;
    p->used = 1;
    p->quote = s->quote;
    p->nplaced++;
    notes_take(p, s);
}

/* Slices [i, return value] stay together (keep flags); *h their height without the space
 * above the first. */
static size_t group_end(const layout_ctx *c, size_t i, float *h)
{
    size_t j = i;
    *h = c->sl[i].h;
    while (j + 1 < c->nsl && c->sl[j + 1].keep) {
        j++;
        *h += c->sl[j].before + c->sl[j].h;
    }
    return j;
}

/* 1 when slices [i, e] fit on this page after what it holds (notes included). */
static int fits_through(pager *p, size_t i, size_t e)
{
    const layout_ctx *c = p->c;
    float y = p->y;
    for (size_t k = i; k <= e; k++)
        y += c->sl[k].before + c->sl[k].h;
    return y + p->notes_h + notes_extra(p, i, e, 0) <= c->body_h + EPS;
}

/* TeX's \brokenpenalty: a paragraph line ending in a hyphen that would be the last on the
 * page, the rest of its word starting the next page, goes over itself when it is a group of
 * its own (so the orphan rule still leaves two lines here) and the page holds more. When the
 * line after it also ends in a hyphen and would be the last (at most two in a row), both go. */
static int hyphen_at_foot(pager *p, size_t i, size_t j)
{
    layout_ctx *c = p->c;
    if (i != j || !c->sl[i].hyph || !p->used || p->nplaced < 2)
        return 0;
    float run = 0; /* height of [i, m] on a fresh page */
    for (size_t m = i; m <= i + 1 && m + 1 < c->nsl; m++) {
        float h;
        if (m > i && (group_end(c, m, &h) != m || !c->sl[m].hyph))
            return 0;
        run += (m > i ? c->sl[m].before : 0) + c->sl[m].h;
        if (!fits_through(p, i, m))
            return 0; /* it goes over anyway */
        size_t k = group_end(c, m + 1, &h);
        int whole = h + notes_extra(p, m + 1, k, 1) <= c->body_h + EPS;
        if (whole && run + h > c->body_h + EPS)
            return 0;
        if (!fits_through(p, i, whole ? k : m + 1)) /* the page would end after m */
            return 1;
    }
    return 0;
}

void layout_paginate(layout_ctx *c)
{
    pager p = {.c = c};
    pager_new_page(&p);
    size_t i = 0;
    while (i < c->nsl) {
        size_t j = i;
        float gh = (p.used ? c->sl[i].before : 0) + c->sl[i].h, gh0 = c->sl[i].h;
        while (j + 1 < c->nsl && c->sl[j + 1].keep) {
            j++;
            gh += c->sl[j].before + c->sl[j].h;
            gh0 += c->sl[j].before + c->sl[j].h;
        }
        /* the group and its footnotes, on this page or (when that helps) on a fresh one */
        if (p.used && c->sl[i].brk)
            pager_new_page(&p);
        else if (p.used && p.y + gh + p.notes_h + notes_extra(&p, i, j, 0) > c->body_h + EPS &&
                 gh0 + notes_extra(&p, i, j, 1) <= c->body_h + EPS)
            pager_new_page(&p);
        else if (hyphen_at_foot(&p, i, j))
            pager_new_page(&p);
        for (size_t k = i; k <= j; k++)
            pager_place(&p, &c->sl[k]);
        i = j + 1;
    }
    notes_flush(&p);
    while (p.ncarry) { /* notes continued past the end of the text: pages of their own */
        p.used = 1;
        pager_new_page(&p);
        notes_flush(&p);
        p.used = 1;
    }
    if (p.npages > 1 && !p.used)
        p.npages--;
    op_free(p.pn);
    op_free(p.carry);
    op_free(c->d->boxes);
    c->d->boxes = p.out;
    c->d->nboxes = p.nout;
    c->d->capboxes = p.capout;
    c->d->pages = p.pages;
    c->d->npages = p.npages;
}
