/* The --toc page of the PDF: after the title block, a "Contents" heading and one entry per
 * heading down to the chosen level, then a page break. The heading is localised with the
 * EPUB's labels (op_label_text). Page numbers are unknown while the
 * entries are set, so each entry reserves room for them (reserve, then fill): after
 * pagination the heading's outline mark tells its page, and the entry's placeholder boxes
 * become the dot leader and the right-aligned number; a link area over the entry goes to
 * the heading. */
#include "layout/layout.h"

#include <stdio.h>
#include <string.h>

#define MAX_TOC_ENTRIES 2000
#define MAX_TOC_TEXT    300

/*** Entries ***/

static void toc_add(layout_ctx *c, op_node *h)
{
    layout_toc *T = &c->toc;
    size_t len = 0;
    char *t = op_node_nav_text_new(h, &len);
    size_t a = 0;
    while (a < len && (t[a] == ' ' || t[a] == '\n' || t[a] == '\t'))
        a++;
    while (len > a && (t[len - 1] == ' ' || t[len - 1] == '\n' || t[len - 1] == '\t'))
        len--;
    if (len - a > MAX_TOC_TEXT) {
        len = a + MAX_TOC_TEXT;
        while (len > a && (t[len] & 0xC0) == 0x80)
            len--;
    }
    if (len > a) {
        for (size_t i = a; i < len; i++)
            if (t[i] == '\n' || t[i] == '\t')
                t[i] = ' ';
        if (T->n == T->cap) {
            T->cap = T->cap ? T->cap * 2 : 16;
            T->v = op_realloc(T->v, T->cap * sizeof *T->v);
        }
        layout_toc_entry *e = &T->v[T->n++];
        memset(e, 0, sizeof *e);
        e->node = h;
        e->level = op_node_get_level(h);
        e->text = op_arena_strndup(c->d->arena, t + a, len - a);
    }
    op_free(t);
}

/* The headings down to `depth`, in document order (the one the title block replaces left
 * out), at most MAX_TOC_ENTRIES. */
static void toc_collect(layout_ctx *c, int depth)
{
    op_iter *it = op_iter_new(op_doc_root(c->doc));
    op_event ev;
    while ((ev = op_iter_next(it)) != OP_EVENT_DONE && c->toc.n < MAX_TOC_ENTRIES) {
        op_node *n = op_iter_node(it);
        op_node_kind k = op_node_get_kind(n);
        if (ev != OP_EVENT_ENTER)
            continue;
        if (k == OP_NODE_TABLE || k == OP_NODE_FIGURE) { /* laid out without headings */
            op_iter_skip_children(it);
        } else if (k == OP_NODE_HEADING) {
            if (n != c->dup_heading && op_node_get_level(n) <= depth)
                toc_add(c, n);
            op_iter_skip_children(it);
        }
    }
    op_iter_free(it);
}

/*** Setting the entries ***/

static void pending_box(layout_ctx *c, layout_slice *s, const layout_box *proto)
{
    layout_box *b = layout_box_push(c->d, (layout_box_kind)proto->kind);
    *b = *proto;
    s->xcount++;
}

/* One entry: its text in lines (the last one leaving room for the number), a link area
 * on each line, placeholders for the leader and the number on the last. */
static op_status toc_entry(layout_ctx *c, size_t idx, const style_computed *s, float indent,
                           float numw, float before)
{
    const layout_toc_entry *e = &c->toc.v[idx];
    layout_span sp = {.role = (uint8_t)font_role_of(s), .size = s->size, .rgb = s->color};
    layout_para_reset(&c->para);
    c->para.preserve = 0;
    layout_para_add(&c->para, e->text, strlen(e->text), &sp);
    float left = c->margin_l + indent, width = c->measure - indent - numw;
    layout_para_fmt fmt = {.width = width, .lh = s->lh, .align = LAYOUT_LEFT, .no_hyphens = 1};
    fmt.base = (fmt.lh + s->size * 0.7f) / 2;
    c->lines.n = 0;
    op_status st = layout_para_lines(&c->env, &c->para, &fmt, &c->lines);
    if (st)
        return st;
    size_t n = c->lines.n;
    for (size_t k = 0; k < n; k++) {
        layout_line *ln = &c->lines.v[k];
        layout_shift(c, ln->first, ln->first + ln->count, left, 0);
        if (k > 0)
            c->keep_next = 1;
        layout_slice *sl = layout_slice_add(c, ln->first, ln->height, ln->base, k ? 0 : before);
        sl->count = ln->count;
        layout_box go = {.kind = LAYOUT_BOX_GOTO, .x = left, .w = c->measure - indent};
        go.y = ln->height;
        go.h = ln->height;
        go.level = (int16_t)idx;
        pending_box(c, sl, &go);
        if (k + 1 < n)
            continue;
        /* placeholders: a digit in the entry's font, replaced after pagination */
        size_t b0 = c->d->nboxes;
        layout_text_box(&c->env, sp.role, sp.size, sp.rgb, left + ln->width, ln->base, "0", 1);
        size_t b1 = c->d->nboxes;
        layout_text_box(&c->env, sp.role, sp.size, sp.rgb, c->margin_l + c->measure, ln->base, "0",
                        1);
        if (c->d->nboxes - b0 != 2) { /* no font for digits: no numbers */
            c->d->nboxes = b0;
            continue;
        }
        c->d->boxes[b0].flags |= LAYOUT_BOXF_TOC_LEADER;
        c->d->boxes[b0].level = (int16_t)idx;
        c->d->boxes[b1].flags |= LAYOUT_BOXF_TOC_NUM;
        c->d->boxes[b1].level = (int16_t)idx;
        c->sl[c->nsl - 1].xcount += 2;
    }
    return OP_OK;
}

/* The "Contents" heading (in the document's language) in the theme's h2 style. */
static op_status toc_title(layout_ctx *c)
{
    style_computed s;
    layout_style_peek(c, "h2", "toc-title", &s);
    layout_span sp = {.role = (uint8_t)font_role_of(&s), .size = s.size, .rgb = s.color};
    layout_para_reset(&c->para);
    c->para.preserve = 0;
    const char *label = op_label_text(c->o->lang, OP_LABEL_CONTENTS);
    layout_para_add(&c->para, label, strlen(label), &sp);
    layout_para_fmt fmt = {.width = c->measure, .lh = s.lh, .align = LAYOUT_LEFT};
    fmt.base = (fmt.lh + s.size * 0.7f) / 2;
    op_status st = layout_emit_para(c, &fmt, c->margin_l, s.margin[STYLE_TOP], 1);
    c->pending_after = s.margin[STYLE_BOTTOM];
    c->keep_next = 1;
    return st;
}

op_status layout_toc_page(layout_ctx *c, int depth)
{
    toc_collect(c, depth < 1 || depth > 6 ? 3 : depth);
    if (!c->toc.n) {
        op_diag_report(c->o->diag, OP_SEV_WARNING, NULL, 0,
                       "--toc: the document has no headings; no contents page");
        return OP_OK;
    }
    return layout_toc_set(c);
}

op_status layout_toc_set(layout_ctx *c)
{
    layout_toc *T = &c->toc;
    op_status st = toc_title(c);
    if (st)
        return st;
    style_computed s;
    layout_style_peek(c, "p", "toc", &s);
    int top = 6;
    for (size_t i = 0; i < T->n; i++)
        top = T->v[i].level < top ? T->v[i].level : top;
    float numw = layout_text_width(&c->env, font_role_of(&s), s.size, "0000", 4) + s.size;
    if (numw > c->measure / 3)
        numw = c->measure / 3;
    for (size_t i = 0; i < T->n; i++) {
        float indent = (float)(T->v[i].level - top) * s.size * 1.5f;
        if (indent > c->measure / 3)
            indent = c->measure / 3;
        float before = T->v[i].level == top && i > 0 ? s.lh * 0.3f : 0;
        st = toc_entry(c, i, &s, indent, numw, before);
        if (st)
            return st;
    }
    c->break_next = 1; /* the article starts on a page of its own */
    return OP_OK;
}

void layout_toc_mark(layout_ctx *c, op_node *h, layout_box *mark)
{
    layout_toc *T = &c->toc;
    for (size_t k = T->next; k < T->n; k++) {
        if (T->v[k].node == h) {
            mark->face = (int16_t)(k + 1);
            T->next = k + 1;
            return;
        }
    }
}

/*** Filling in the numbers ***/

static float face_width(const layout_ctx *c, int face, float size, const char *s, size_t len)
{
    float w = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp = op_utf8_next(s, len, &i);
        w += (float)c->env.m->advance(c->env.m->ud, face, cp) * size / 1000.0f;
    }
    return w;
}

static void drop_box(layout_box *b)
{
    b->kind = LAYOUT_BOX_LINK; /* an empty link area: drawn as nothing */
    b->str = NULL;
    b->w = b->h = 0;
}

/* Leader dots on a grid common to all entries, from x0 to x1. */
static void fill_leader(layout_ctx *c, layout_box *b, float x1)
{
    float pitch = face_width(c, b->face, b->size, ". ", 2);
    float x0 = b->x + b->size * 0.4f;
    x1 -= b->size * 0.5f;
    if (pitch <= 0) {
        drop_box(b);
        return;
    }
    float start = c->margin_l + pitch * (float)(int)((x0 - c->margin_l) / pitch + 0.999f);
    int n = (int)((x1 - start + pitch - face_width(c, b->face, b->size, ".", 1)) / pitch);
    if (n < 1) {
        drop_box(b);
        return;
    }
    if (n > 400)
        n = 400;
    char *s = op_arena_alloc(c->d->arena, (size_t)n * 2);
    for (int i = 0; i < n; i++) {
        s[2 * i] = '.';
        s[2 * i + 1] = ' ';
    }
    s[2 * n - 1] = '\0';
    b->str = s;
    b->len = (uint32_t)(2 * n - 1);
    b->x = start;
}

void layout_toc_fill(layout_ctx *c)
{
    layout_toc *T = &c->toc;
    layout_doc *d = c->d;
    if (!T->n)
        return;
    size_t *page = op_calloc(T->n, sizeof *page);
    float *top = op_calloc(T->n, sizeof *top);
    for (size_t p = 0; p < d->npages; p++)
        for (size_t i = d->pages[p].first; i < d->pages[p].first + d->pages[p].count; i++) {
            const layout_box *b = &d->boxes[i];
            if (b->kind == LAYOUT_BOX_MARK && b->face > 0 && (size_t)b->face <= T->n &&
                !page[b->face - 1]) {
                page[b->face - 1] = p + 1;
                top[b->face - 1] = b->y;
            }
        }
    layout_toc_fill_at(c, page, top);
    op_free(page);
    op_free(top);
}

void layout_toc_fill_at(layout_ctx *c, const size_t *page, const float *top)
{
    layout_toc *T = &c->toc;
    layout_doc *d = c->d;
    if (!T->n)
        return;
    float *numx = op_calloc(T->n, sizeof *numx);
    for (size_t i = 0; i < d->nboxes; i++) {
        layout_box *b = &d->boxes[i];
        size_t k = (size_t)b->level;
        if (b->kind == LAYOUT_BOX_TEXT && (b->flags & LAYOUT_BOXF_TOC_NUM) && k < T->n) {
            if (!page[k]) {
                drop_box(b);
                continue;
            }
            char num[24];
            size_t len = (size_t)snprintf(num, sizeof num, "%zu", page[k]);
            b->str = op_arena_strndup(d->arena, num, len);
            b->len = (uint32_t)len;
            b->x -= face_width(c, b->face, b->size, num, len);
            numx[k] = b->x;
        } else if (b->kind == LAYOUT_BOX_GOTO && k < T->n && page[k]) {
            b->len = (uint32_t)(page[k] - 1); /* target page and top */
            b->size = top[k] + 4;
            b->face = 1;
        }
    }
    for (size_t i = 0; i < d->nboxes; i++) {
        layout_box *b = &d->boxes[i];
        size_t k = (size_t)b->level;
        if (b->kind == LAYOUT_BOX_TEXT && (b->flags & LAYOUT_BOXF_TOC_LEADER) && k < T->n) {
            if (page[k] && numx[k] > 0)
                fill_leader(c, b, numx[k]);
            else
                drop_box(b);
        }
    }
    op_free(numx);
}

void layout_toc_free(layout_toc *T)
{
    op_free(T->v);
    memset(T, 0, sizeof *T);
}
