/* A book of several articles in one PDF: its front matter (a title page with the book's
 * title, authors and sites; then "Contents", one entry per article with a dot leader, its
 * page number and a link) and the running header and footer of each article, which are set
 * once every article is laid out and the book's page count is known. The contents reuse the
 * --toc entries of layout_toc.c; outline marks of level 0 stand for the contents and for
 * each article (the PDF writer nests the articles' headings under them). */
#include "layout/layout_book.h"
#include "layout/layout.h"

#include <string.h>

#define MAX_BOOK_ENTRIES 32000 /* entries are numbered in an int16 */

struct layout_front {
    layout_ctx c;
    layout_doc *d;
};

/* One centred line (or lines) of the title page in the theme's `name`.`cls` style. */
static op_status front_line(layout_ctx *c, const char *text, const char *name, const char *cls,
                            float *gap)
{
    if (!text || !text[0])
        return OP_OK;
    style_computed s;
    layout_style_peek(c, name, cls, &s);
    float before = s.margin[STYLE_TOP] > *gap ? s.margin[STYLE_TOP] : *gap;
    *gap = s.margin[STYLE_BOTTOM];
    layout_span sp = layout_span_of(&s);
    layout_para_reset(&c->para);
    c->para.preserve = 0;
    layout_para_add(&c->para, text, strlen(text), &sp);
    if (layout_para_empty(&c->para))
        return OP_OK;
    layout_para_fmt fmt = {.width = c->measure, .lh = s.lh, .align = LAYOUT_CENTER};
    fmt.base = (s.lh + s.size * 0.7f) / 2;
    fmt.no_hyphens = 1;
    layout_balance(c, &fmt);
    return layout_emit_para(c, &fmt, c->margin_l + (c->measure - fmt.width) / 2, before, 1);
}

/* The title page: a third of the page down, the title, the authors, the sites. */
static op_status title_page(layout_ctx *c, const layout_book_info *bi)
{
    layout_slice_add(c, c->d->nboxes, c->body_h * 0.28f, 0, 0);
    c->keep_next = 1;
    float gap = 0;
    op_status st = front_line(c, bi->title, "h1", "title", &gap);
    if (st == OP_OK)
        st = front_line(c, bi->authors, "p", "byline", &gap);
    if (st == OP_OK)
        st = front_line(c, bi->sites, "p", "source", &gap);
    c->break_next = 1;
    return st;
}

/* The contents: an outline mark, then the --toc page's heading and entries. */
static op_status contents(layout_ctx *c, const layout_book_info *bi)
{
    size_t n = bi->n < MAX_BOOK_ENTRIES ? bi->n : MAX_BOOK_ENTRIES;
    layout_toc *T = &c->toc;
    T->v = op_calloc(n ? n : 1, sizeof *T->v);
    T->cap = n ? n : 1;
    for (size_t k = 0; k < n; k++)
        T->v[T->n++] = (layout_toc_entry){.node = NULL, .level = 1, .text = bi->entries[k]};
    if (!T->n)
        return OP_OK;
    const char *label = op_label_text(c->o->lang, OP_LABEL_CONTENTS);
    layout_mark_slice(c, label, strlen(label), 0);
    return layout_toc_set(c);
}

op_status layout_front_new(const layout_book_info *bi, const layout_opts *o, layout_front **out)
{
    layout_front *f = op_calloc(1, sizeof *f);
    f->d = op_calloc(1, sizeof *f->d);
    f->d->arena = op_arena_new();
    f->d->page_w = o->page_w;
    f->d->page_h = o->page_h;
    layout_ctx_init(&f->c, f->d, NULL, o);
    f->c.title = bi->title;
    op_status st = title_page(&f->c, bi);
    if (st == OP_OK)
        st = contents(&f->c, bi);
    if (st == OP_OK)
        layout_paginate(&f->c);
    if (st) {
        layout_front_free(f);
        f = NULL;
    }
    *out = f;
    return st;
}

size_t layout_front_pages(const layout_front *f)
{
    return f->d->npages;
}

layout_doc *layout_front_finish(layout_front *f, const size_t *starts, size_t pages)
{
    layout_ctx *c = &f->c;
    size_t n = c->toc.n;
    size_t *page = op_calloc(n ? n : 1, sizeof *page);
    float *top = op_calloc(n ? n : 1, sizeof *top);
    for (size_t k = 0; k < n; k++) {
        page[k] = starts[k] + 1;
        top[k] = c->o->page_h - c->margin_top;
    }
    layout_toc_fill_at(c, page, top);
    op_free(page);
    op_free(top);
    c->page0 = 0;
    c->pages = pages;
    c->mbox_from = 1; /* nothing on the title page */
    layout_margin_boxes(c);
    layout_doc *d = f->d;
    f->d = NULL;
    layout_front_free(f);
    return d;
}

void layout_front_free(layout_front *f)
{
    if (!f)
        return;
    layout_ctx_free(&f->c);
    layout_doc_free(f->d);
    op_free(f);
}

void layout_book_margins(const op_doc *doc, const layout_opts *o, layout_doc *d, size_t page0,
                         size_t pages)
{
    layout_ctx c;
    layout_ctx_init(&c, d, doc, o);
    c.title = d->title;
    c.page0 = page0;
    c.pages = pages;
    layout_margin_boxes(&c);
    layout_ctx_free(&c);
}
