/* The title block at the top of the first page: the title (or the first heading that repeats
 * it, whose cleaner text and link then stand for it), the byline and the source line, each
 * set as a paragraph of its own in the theme's title styles. */
#include "layout/layout.h"

#include <stdio.h>
#include <string.h>

static op_status title_line(layout_ctx *c, const char *text, op_node *inl, const style_computed *s,
                            const char *url, float before)
{
    layout_span sp = layout_span_of(s);
    sp.url = url;
    if (inl) { /* the title's link and note reference: clickable, in the title's colour */
        uint32_t link_rgb = c->link_rgb;
        c->link_rgb = sp.rgb;
        layout_collect(c, inl, &sp);
        c->link_rgb = link_rgb;
    } else {
        layout_para_reset(&c->para);
        c->para.preserve = 0;
        layout_para_add(&c->para, text, strlen(text), &sp);
    }
    if (layout_para_empty(&c->para))
        return OP_OK;
    float left, width;
    layout_inner_column(c, s, &left, &width);
    layout_para_fmt fmt = {.width = width, .lh = s->lh, .align = layout_style_align(s)};
    if (fmt.align == LAYOUT_JUSTIFY)
        fmt.align = LAYOUT_LEFT;
    fmt.base = (s->lh + s->size * 0.7f) / 2;
    if (s->size > c->size * 1.2f && fmt.align == LAYOUT_LEFT)
        layout_heading_fmt(c, &fmt, s->hyphens);
    return layout_emit_para(c, &fmt, left, before, 1);
}

/* Joins the non-empty parts with " · " into out. */
static void join_dot(char *out, size_t outsz, const char *const *parts, int n)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < n && len < outsz; i++) {
        if (!parts[i] || !parts[i][0])
            continue;
        int w = snprintf(out + len, outsz - len, "%s%s", len ? " \xC2\xB7 " : "", parts[i]);
        if (w < 0)
            break;
        len += (size_t)w;
    }
}

/* Byline ("Jane Doe · Yonhap": author and wire credit) and the source line ("Site ·
 * WASHINGTON · 3 November 2022": site, dateline place, date). */
static void title_meta_lines(const op_doc *doc, char *by, size_t bysz, char *src, size_t srcsz)
{
    const char *date = op_doc_get_meta(doc, OP_META_PUBLISHED);
    char when[128] = "";
    if (date)
        op_date_display(date, when, sizeof when);
    const char *byp[2] = {op_doc_get_meta(doc, OP_META_AUTHOR),
                          op_doc_get_meta(doc, OP_META_CREDIT)};
    join_dot(by, bysz, byp, 2);
    const char *srcp[3] = {op_doc_get_meta(doc, OP_META_SITE_NAME),
                           op_doc_get_meta(doc, OP_META_PLACE), when};
    join_dot(src, srcsz, srcp, 3);
}

/* One line of the title block as `p.cls` (or h1.title); gap is the space the line above
 * asked for below itself. */
static op_status title_part(layout_ctx *c, const char *text, op_node *inl, const char *name,
                            const char *cls, const char *url, float *gap)
{
    if (!text || !text[0])
        return OP_OK;
    style_computed s;
    layout_style_peek(c, name, cls, &s);
    float before = s.margin[STYLE_TOP] > *gap ? s.margin[STYLE_TOP] : *gap;
    *gap = s.margin[STYLE_BOTTOM];
    return title_line(c, text, inl, &s, url, before);
}

op_status layout_title_block(layout_ctx *c)
{
    const op_doc *doc = c->doc;
    const char *title = c->title;
    const char *sub = op_doc_get_meta(doc, OP_META_SUBTITLE);
    const char *url = op_doc_get_meta(doc, OP_META_SOURCE_URL);
    char by[512], line[512];
    title_meta_lines(doc, by, sizeof by, line, sizeof line);
    if (!title && !sub && !by[0] && !line[0] && !url)
        return OP_OK;
    op_status st = OP_OK;
    style_computed h = *layout_style_push(c, "header", "title-block");
    float gap = 0;
    OP_TRY(title_part(c, title, c->title_inl, "h1", "title", NULL, &gap));
    OP_TRY(title_part(c, sub, NULL, "p", "subtitle", NULL, &gap));
    OP_TRY(title_part(c, by, NULL, "p", "byline", NULL, &gap));
    OP_TRY(title_part(c, line, NULL, "p", "source", NULL, &gap));
    char *shown = url ? op_url_display_new(url) : NULL; /* the link keeps the exact URL */
    st = title_part(c, shown, NULL, "p", "source-url", url, &gap);
    op_free(shown);
    if (st)
        return st;
    /* the header's bottom border under its padding, then its margin */
    float bw = h.border[STYLE_BOTTOM], pad = h.padding[STYLE_BOTTOM];
    size_t first = c->d->nboxes;
    if (bw > 0) {
        layout_box *b = layout_box_push(c->d, LAYOUT_BOX_RULE);
        b->x = c->margin_l + h.margin[STYLE_LEFT];
        b->w = c->measure - h.margin[STYLE_LEFT] - h.margin[STYLE_RIGHT];
        b->y = pad + bw / 2;
        b->size = bw;
        b->rgb = h.border_rgb[STYLE_BOTTOM];
    }
    c->keep_next = 1;
    layout_slice_add(c, first, pad + bw, 0, gap);
    c->pending_after = h.margin[STYLE_BOTTOM];
out:
    layout_style_pop(c);
    return st;
}

/* 1 when n holds a link or a note reference (what --links made of one). */
static int has_link(op_node *n)
{
    int found = 0;
    op_iter *it = op_iter_new(n);
    for (op_event ev; !found && (ev = op_iter_next(it)) != OP_EVENT_DONE;) {
        op_node_kind k = op_node_get_kind(op_iter_node(it));
        found = k == OP_NODE_LINK || (k == OP_NODE_SUP && op_node_get_noteref(op_iter_node(it)));
    }
    op_iter_free(it);
    return found;
}

/* The first level-1/2 heading often repeats the title, which may carry a " - Site"
 * suffix. Then the heading is not set again, and its (cleaner) text becomes the title;
 * a link in it (or the note --links gave that link) stays on the title. */
void layout_find_title_heading(layout_ctx *c)
{
    const char *title = op_doc_get_meta(c->doc, OP_META_TITLE);
    if (!title)
        return;
    op_node *h = NULL;
    op_iter *it = op_iter_new(op_doc_root(c->doc));
    op_event ev;
    while (!h && (ev = op_iter_next(it)) != OP_EVENT_DONE) {
        op_node *n = op_iter_node(it);
        if (ev == OP_EVENT_ENTER && op_node_get_kind(n) == OP_NODE_HEADING) {
            h = n;
            op_iter_skip_children(it);
        }
    }
    op_iter_free(it);
    if (!h || op_node_get_level(h) > 2)
        return;
    size_t len;
    char *t = op_node_text_new(h, &len);
    size_t tl = strlen(title);
    int same = len > 0 && strncmp(t, title, len) == 0;
    if (same && tl > len) { /* the rest must be a site suffix */
        static const char *const seps[] = {
            " - ", " | ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " :: ", " \xC2\xB7 ", ": "};
        same = 0;
        for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
            same |= strncmp(title + len, seps[i], strlen(seps[i])) == 0;
    }
    if (same) {
        c->dup_heading = h;
        c->title = op_arena_strndup(c->d->arena, t, len);
        c->title_inl = has_link(h) ? h : NULL;
    }
    op_free(t);
}
