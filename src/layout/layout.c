/* Block layout for the PDF: walks the model (op_iter ENTER/EXIT) and turns every block
 * into slices (lines, images, table rows) with their boxes, then cuts the vertical list
 * into pages, keeping headings with what follows and at least two lines of a paragraph
 * at a page top or bottom. Figures and tables live in layout_block.c. */
#include "layout/layout.h"

#include <stdio.h>
#include <string.h>

#define EPS               0.01f
#define MM                (72.0f / 25.4f)
#define MAX_INDENT_LEVELS 8

/*** Boxes and pages ***/

layout_box *layout_box_push(layout_doc *d, layout_box_kind kind)
{
    if (d->nboxes == d->capboxes) {
        d->capboxes = d->capboxes ? d->capboxes * 2 : 256;
        d->boxes = op_realloc(d->boxes, d->capboxes * sizeof *d->boxes);
    }
    layout_box *b = &d->boxes[d->nboxes++];
    memset(b, 0, sizeof *b);
    b->kind = (uint8_t)kind;
    return b;
}

void layout_doc_free(layout_doc *d)
{
    if (!d)
        return;
    op_free(d->boxes);
    op_free(d->pages);
    op_arena_free(d->arena);
    op_free(d);
}

void layout_page_dims(int page_size, float *w, float *h)
{
    switch (page_size) {
    case 1: /* Letter */
        *w = 612.0f;
        *h = 792.0f;
        break;
    case 2: /* A5 */
        *w = 419.53f;
        *h = 595.28f;
        break;
    default:
        *w = 595.28f;
        *h = 841.89f;
        break;
    }
}

void layout_shift(layout_ctx *c, size_t first, size_t last, float dx, float dy)
{
    for (size_t i = first; i < last; i++) {
        c->d->boxes[i].x += dx;
        c->d->boxes[i].y += dy;
    }
}

/*** Slices ***/

void layout_column(const layout_ctx *c, float *left, float *width)
{
    if (c->nfr) {
        *left = c->fr[c->nfr - 1].left;
        *width = c->fr[c->nfr - 1].width;
    } else {
        *left = c->margin_l;
        *width = c->measure;
    }
}

/* Draws pending list markers and blockquote rules as extras of slice s. */
static void slice_extras(layout_ctx *c, layout_slice *s)
{
    int depth = 0;
    for (size_t i = 0; i < c->nfr; i++) {
        layout_frame *f = &c->fr[i];
        if (!f->indented) {
            f->pending = 0; /* nested past the indent limit: no markers, no rules */
        } else if (f->kind == OP_NODE_ITEM && f->pending) {
            f->pending = 0;
            float w =
                layout_text_width(&c->env, LAYOUT_SERIF, c->size, f->marker, strlen(f->marker));
            float x = f->left - 0.45f * c->size - w;
            layout_text_box(&c->env, LAYOUT_SERIF, c->size, LAYOUT_INK, x, s->base, f->marker,
                            strlen(f->marker));
        } else if (f->kind == OP_NODE_BLOCKQUOTE) {
            layout_box *b = layout_box_push(c->d, LAYOUT_BOX_RULE);
            b->x = f->bar_x;
            b->y = 0;
            b->h = s->h;
            b->size = 1.2f;
            b->rgb = 0xb0b0b0u;
            b->flags = LAYOUT_BOXF_EXTEND_UP;
            b->level = (int16_t)++depth;
        }
    }
    s->quote = (uint8_t)(depth > 255 ? 255 : depth);
}

layout_slice *layout_slice_add(layout_ctx *c, size_t first, float h, float base, float before)
{
    if (c->nsl == c->capsl) {
        c->capsl = c->capsl ? c->capsl * 2 : 256;
        c->sl = op_realloc(c->sl, c->capsl * sizeof *c->sl);
    }
    layout_slice *s = &c->sl[c->nsl++];
    memset(s, 0, sizeof *s);
    s->first = first;
    s->count = c->d->nboxes - first;
    s->h = h;
    s->base = base;
    s->before = before > c->pending_after ? before : c->pending_after;
    c->pending_after = 0;
    s->keep = (uint8_t)c->keep_next;
    c->keep_next = 0;
    s->xfirst = c->d->nboxes;
    slice_extras(c, s);
    s->xcount = c->d->nboxes - s->xfirst;
    return s;
}

/*** Inline collection ***/

typedef struct inl_state {
    int emph, strong, code, sub, sup;
    const char *urls[32];
    int nurl;
} inl_state;

static layout_span inl_span(const inl_state *st, const layout_span *base)
{
    layout_span sp = *base;
    int bold = st->strong > 0, italic = (st->emph % 2) == 1;
    switch (base->role) {
    case LAYOUT_SERIF_B:
        bold = 1;
        break;
    case LAYOUT_SERIF_I:
        italic = !italic;
        break;
    case LAYOUT_SERIF_BI:
        bold = 1;
        italic = !italic;
        break;
    default:
        break;
    }
    if (st->code)
        sp.role = bold ? LAYOUT_MONO_B : LAYOUT_MONO;
    else if (base->role == LAYOUT_SANS || base->role == LAYOUT_SANS_B)
        sp.role = bold || base->role == LAYOUT_SANS_B ? LAYOUT_SANS_B : LAYOUT_SANS;
    else if (base->role == LAYOUT_MONO || base->role == LAYOUT_MONO_B)
        sp.role = bold ? LAYOUT_MONO_B : LAYOUT_MONO;
    else
        sp.role = (uint8_t)(LAYOUT_SERIF + (bold ? 1 : 0) + (italic ? 2 : 0));
    if (st->code)
        sp.size = base->size * 0.88f;
    if (st->sup || st->sub) {
        sp.size = base->size * 0.7f;
        sp.rise = st->sup ? base->size * 0.36f : -base->size * 0.14f;
    }
    if (st->nurl) {
        sp.url = st->urls[st->nurl - 1];
        sp.rgb = LAYOUT_LINK_RGB;
    }
    return sp;
}

static void inl_count(inl_state *st, op_node *n, int d)
{
    switch (op_node_get_kind(n)) {
    case OP_NODE_EMPH:
        st->emph += d;
        break;
    case OP_NODE_STRONG:
        st->strong += d;
        break;
    case OP_NODE_SUB:
        st->sub += d;
        break;
    case OP_NODE_SUP:
        st->sup += d;
        break;
    case OP_NODE_LINK:
        if (d > 0 && st->nurl < 32)
            st->urls[st->nurl++] = op_node_get_url(n);
        else if (d < 0 && st->nurl > 0)
            st->nurl--;
        break;
    default:
        break;
    }
}

static void inl_leaf(layout_ctx *c, inl_state *st, op_node *n, const layout_span *base)
{
    size_t len;
    const char *lit = op_node_get_literal(n, &len);
    layout_span sp;
    switch (op_node_get_kind(n)) {
    case OP_NODE_TEXT:
        sp = inl_span(st, base);
        layout_para_add(&c->para, lit, len, &sp);
        break;
    case OP_NODE_CODE:
        st->code++;
        sp = inl_span(st, base);
        st->code--;
        layout_para_add(&c->para, lit, len, &sp);
        break;
    case OP_NODE_LINE_BREAK:
        sp = inl_span(st, base);
        layout_para_newline(&c->para, &sp);
        break;
    case OP_NODE_IMAGE:
        st->emph++;
        sp = inl_span(st, base);
        st->emph--;
        sp.rgb = LAYOUT_GREY;
        layout_para_add(&c->para, "[", 1, &sp);
        layout_para_add(&c->para, len ? lit : "image", len ? len : 5, &sp);
        layout_para_add(&c->para, "]", 1, &sp);
        break;
    default:
        break;
    }
}

void layout_collect(layout_ctx *c, op_node *parent, const layout_span *base)
{
    layout_para_reset(&c->para);
    c->para.preserve = 0;
    inl_state st = {0};
    op_iter *it = op_iter_new(parent);
    op_event ev;
    while ((ev = op_iter_next(it)) != OP_EVENT_DONE) {
        op_node *n = op_iter_node(it);
        if (n == parent)
            continue;
        if (!op_node_kind_is_container(op_node_get_kind(n))) {
            inl_leaf(c, &st, n, base);
            continue;
        }
        inl_count(&st, n, ev == OP_EVENT_ENTER ? 1 : -1);
    }
    op_iter_free(it);
}

/*** Paragraph-like blocks ***/

op_status layout_emit_para(layout_ctx *c, const layout_para_fmt *fmt, float left, float before,
                           int keep_all)
{
    c->lines.n = 0;
    op_status st = layout_para_lines(&c->env, &c->para, fmt, &c->lines);
    if (st)
        return st;
    size_t n = c->lines.n;
    for (size_t k = 0; k < n; k++) {
        layout_line *ln = &c->lines.v[k];
        layout_shift(c, ln->first, ln->first + ln->count, left, 0);
    }
    /* Lines' boxes are already in order; each slice takes its line's range and its extras
     * (markers, rules) follow at the end of the vector. */
    for (size_t k = 0; k < n; k++) {
        layout_line *ln = &c->lines.v[k];
        int keep = keep_all ? k > 0 : (k == 1 || (k + 1 == n && k > 0));
        if (keep)
            c->keep_next = 1;
        layout_slice *s = layout_slice_add(c, ln->first, ln->height, ln->base, k ? 0 : before);
        s->count = ln->count;
    }
    return OP_OK;
}

/* Narrows a 2-4 line heading's measure as long as the line count holds, so its lines
 * come out balanced instead of one long line and an orphaned word. */
static void balance(layout_ctx *c, layout_para_fmt *fmt)
{
    size_t save = c->d->nboxes;
    c->lines.n = 0;
    if (layout_para_lines(&c->env, &c->para, fmt, &c->lines) != OP_OK)
        return;
    size_t n = c->lines.n;
    float full = fmt->width, best = full;
    for (float w = full * 0.96f; n >= 2 && n <= 4 && w > full * 0.5f; w -= full * 0.04f) {
        layout_para_fmt t = *fmt;
        t.width = w;
        c->d->nboxes = save;
        c->lines.n = 0;
        if (layout_para_lines(&c->env, &c->para, &t, &c->lines) != OP_OK || c->lines.n != n)
            break;
        best = w;
    }
    c->d->nboxes = save;
    fmt->width = best;
}

static float heading_size(const layout_ctx *c, int level)
{
    static const float scale[7] = {1.0f, 1.62f, 1.33f, 1.14f, 1.0f, 1.0f, 1.0f};
    return c->size * scale[level < 1 || level > 6 ? 4 : level];
}

static void heading_mark(layout_ctx *c, op_node *h, int level)
{
    size_t len = 0;
    char *t = op_node_text_new(h, &len);
    if (len > 400) { /* outline titles stay short; cut at a character boundary */
        len = 400;
        while (len > 0 && (t[len] & 0xC0) == 0x80)
            len--;
    }
    for (size_t i = 0; i < len; i++)
        if (t[i] == '\n' || t[i] == '\t')
            t[i] = ' ';
    layout_box *b = layout_box_push(c->d, LAYOUT_BOX_MARK);
    b->str = op_arena_strndup(c->d->arena, t, len);
    b->len = (uint32_t)len;
    b->level = (int16_t)level;
    op_free(t);
}

static op_status layout_heading(layout_ctx *c, op_node *h)
{
    int level = op_node_get_level(h);
    float size = heading_size(c, level);
    /* h1-h4 in the sans, h5 and h6 in the body face (bold, bold italic) at body size */
    int role = level >= 6 ? LAYOUT_SERIF_BI : level == 5 ? LAYOUT_SERIF_B : LAYOUT_SANS_B;
    layout_span base = {.role = (uint8_t)role, .size = size, .rgb = LAYOUT_INK};
    layout_collect(c, h, &base);
    if (layout_para_empty(&c->para))
        return OP_OK;
    float left, width;
    layout_column(c, &left, &width);
    layout_para_fmt fmt = {.width = width, .lh = size * 1.22f, .align = LAYOUT_LEFT};
    fmt.base = (fmt.lh + size * 0.7f) / 2;
    float before = level <= 2 ? c->lh * 1.5f : c->lh * 1.1f;
    balance(c, &fmt);
    /* The outline mark is a zero-height slice kept with the heading's lines. */
    size_t first = c->d->nboxes;
    heading_mark(c, h, level);
    c->d->boxes[c->d->nboxes - 1].x = left;
    layout_slice_add(c, first, 0, 0, before);
    c->keep_next = 1;
    op_status st = layout_emit_para(c, &fmt, left, 0, 1);
    if (st)
        return st;
    c->pending_after = c->lh * 0.35f;
    c->keep_next = 1;
    return OP_OK;
}

static op_status layout_paragraph(layout_ctx *c, op_node *p, int caption)
{
    if (!caption && layout_is_image_para(p))
        return layout_figure(c, p);
    layout_span base = {.role = LAYOUT_SERIF, .size = c->size, .rgb = LAYOUT_INK};
    layout_collect(c, p, &base);
    if (layout_para_empty(&c->para))
        return OP_OK;
    float left, width;
    layout_column(c, &left, &width);
    layout_para_fmt fmt = {.width = width, .lh = c->lh, .align = LAYOUT_JUSTIFY};
    fmt.base = (fmt.lh + c->size * 0.7f) / 2;
    int in_item = c->nfr && c->fr[c->nfr - 1].kind == OP_NODE_ITEM;
    op_status st = layout_emit_para(c, &fmt, left, in_item ? c->lh * 0.25f : c->lh * 0.5f, 0);
    c->pending_after = in_item ? c->lh * 0.25f : c->lh * 0.5f;
    return st;
}

static op_status layout_code(layout_ctx *c, op_node *node)
{
    size_t len;
    const char *lit = op_node_get_literal(node, &len);
    while (len && (lit[len - 1] == '\n' || lit[len - 1] == '\r'))
        len--;
    if (!len)
        return OP_OK;
    float size = c->size * 0.84f, pad = size * 0.6f, lh = size * 1.38f;
    layout_para_reset(&c->para);
    c->para.preserve = 1;
    layout_span sp = {.role = LAYOUT_MONO, .size = size, .rgb = 0x1a1a1au};
    layout_para_add(&c->para, lit, len, &sp);
    float left, width;
    layout_column(c, &left, &width);
    layout_para_fmt fmt = {.width = width - 2 * pad, .lh = lh, .align = LAYOUT_LEFT};
    fmt.base = (lh + size * 0.7f) / 2;
    c->lines.n = 0;
    op_status st = layout_para_lines(&c->env, &c->para, &fmt, &c->lines);
    if (st)
        return st;
    size_t n = c->lines.n;
    for (size_t k = 0; k < n; k++) {
        layout_line *ln = &c->lines.v[k];
        float top = k == 0 ? pad : 0, h = lh + top + (k + 1 == n ? pad : 0);
        layout_shift(c, ln->first, ln->first + ln->count, left + pad, top);
        if (k == 1 || (k + 1 == n && k > 0))
            c->keep_next = 1;
        layout_slice *s = layout_slice_add(c, ln->first, h, ln->base + top, k ? 0 : c->lh * 0.6f);
        s->count = ln->count;
        layout_box *bg = layout_box_push(c->d, LAYOUT_BOX_RECT);
        bg->x = left;
        bg->w = width;
        bg->y = h;
        bg->h = h;
        bg->rgb = 0xf2f2f0u;
        s = &c->sl[c->nsl - 1];
        s->xcount++;
    }
    c->pending_after = c->lh * 0.6f;
    return OP_OK;
}

static void layout_rule(layout_ctx *c)
{
    float left, width;
    layout_column(c, &left, &width);
    size_t first = c->d->nboxes;
    float w = c->size * 6;
    layout_box *b = layout_box_push(c->d, LAYOUT_BOX_RULE);
    b->x = left + (width - w) / 2;
    b->w = w;
    b->y = c->lh / 2;
    b->size = 0.6f;
    b->rgb = 0x444444u;
    layout_slice_add(c, first, c->lh, c->lh / 2, c->lh * 0.6f);
    c->pending_after = c->lh * 0.6f;
}

/*** Lists and quotes ***/

static layout_frame *frame_push(layout_ctx *c, int kind)
{
    if (c->nfr == c->capfr) {
        c->capfr = c->capfr ? c->capfr * 2 : 16;
        c->fr = op_realloc(c->fr, c->capfr * sizeof *c->fr);
    }
    layout_frame *f = &c->fr[c->nfr];
    memset(f, 0, sizeof *f);
    layout_column(c, &f->left, &f->width);
    f->kind = kind;
    c->nfr++;
    return f;
}

static int indent_levels(const layout_ctx *c)
{
    int n = 0;
    for (size_t i = 0; i < c->nfr; i++)
        n += c->fr[i].kind != OP_NODE_LIST;
    return n;
}

static void enter_item(layout_ctx *c, op_node *n)
{
    layout_frame *list = NULL;
    int level = 0;
    if (c->nfr && c->fr[c->nfr - 1].kind == OP_NODE_LIST) {
        list = &c->fr[c->nfr - 1];
        level = list->level;
    }
    int ordered = list ? list->ordered : 0;
    int num = list ? list->counter++ : 1;
    int indent = indent_levels(c) < MAX_INDENT_LEVELS;
    layout_frame *f = frame_push(c, OP_NODE_ITEM);
    f->indented = indent;
    if (indent) {
        float step = c->size * (ordered ? 2.0f : 1.6f);
        f->left += step;
        f->width -= step;
    }
    static const char *const bullets[3] = {"\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x97\xA6"};
    if (ordered)
        snprintf(f->marker, sizeof f->marker, "%d.", num);
    else
        snprintf(f->marker, sizeof f->marker, "%s", bullets[level % 3]);
    f->pending = 1;
    (void)n;
}

static void enter_list(layout_ctx *c, op_node *n)
{
    int level = 0;
    for (size_t i = 0; i < c->nfr; i++)
        level += c->fr[i].kind == OP_NODE_LIST;
    float gap = c->nfr && c->fr[c->nfr - 1].kind == OP_NODE_ITEM ? c->lh * 0.25f : c->lh * 0.5f;
    layout_frame *f = frame_push(c, OP_NODE_LIST);
    f->ordered = op_node_get_list_ordered(n);
    f->counter = f->ordered ? op_node_get_list_start(n) : 1;
    f->level = level;
    c->pending_after = c->pending_after > gap ? c->pending_after : gap;
}

static void enter_quote(layout_ctx *c)
{
    int indent = indent_levels(c) < MAX_INDENT_LEVELS;
    layout_frame *f = frame_push(c, OP_NODE_BLOCKQUOTE);
    f->bar_x = f->left + 0.6f;
    f->indented = indent;
    if (indent) {
        float step = c->size * 1.5f;
        f->left += step;
        f->width -= step;
    }
    c->pending_after = c->pending_after > c->lh * 0.6f ? c->pending_after : c->lh * 0.6f;
}

static void frame_pop(layout_ctx *c)
{
    if (!c->nfr)
        return;
    layout_frame *f = &c->fr[c->nfr - 1];
    if (f->kind == OP_NODE_ITEM && f->pending) { /* an empty item still shows its marker */
        size_t first = c->d->nboxes;
        layout_slice_add(c, first, c->lh, (c->lh + c->size * 0.7f) / 2, c->lh * 0.25f);
    }
    int kind = f->kind;
    c->nfr--;
    float gap = c->nfr && c->fr[c->nfr - 1].kind == OP_NODE_ITEM ? c->lh * 0.25f : c->lh * 0.6f;
    if ((kind == OP_NODE_BLOCKQUOTE || kind == OP_NODE_LIST) && c->pending_after < gap)
        c->pending_after = gap;
}

/*** Title block ***/

static op_status title_line(layout_ctx *c, const char *s, const layout_span *sp, float lh,
                            float before)
{
    layout_para_reset(&c->para);
    c->para.preserve = 0;
    layout_para_add(&c->para, s, strlen(s), sp);
    if (layout_para_empty(&c->para))
        return OP_OK;
    layout_para_fmt fmt = {.width = c->measure, .lh = lh, .align = LAYOUT_LEFT};
    fmt.base = (lh + sp->size * 0.7f) / 2;
    if (sp->size > c->size * 1.2f)
        balance(c, &fmt);
    return layout_emit_para(c, &fmt, c->margin_l, before, 1);
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

static op_status layout_title(layout_ctx *c)
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
    float ts = c->size * 2.0f;
    layout_span sp = {.role = LAYOUT_SANS_B, .size = ts, .rgb = LAYOUT_INK};
    if (title)
        OP_TRY(title_line(c, title, &sp, ts * 1.16f, 0));
    sp = (layout_span){.role = LAYOUT_SERIF_I, .size = c->size * 1.25f, .rgb = 0x333333u};
    if (sub)
        OP_TRY(title_line(c, sub, &sp, sp.size * 1.3f, c->lh * 0.35f));
    sp = (layout_span){.role = LAYOUT_SANS, .size = c->size * 0.92f, .rgb = LAYOUT_INK};
    if (by[0])
        OP_TRY(title_line(c, by, &sp, sp.size * 1.4f, c->lh * 0.8f));
    sp = (layout_span){.role = LAYOUT_SANS, .size = c->size * 0.85f, .rgb = LAYOUT_GREY};
    if (line[0])
        OP_TRY(title_line(c, line, &sp, sp.size * 1.4f, by[0] ? 0 : c->lh * 0.8f));
    sp.size = c->size * 0.75f;
    sp.url = url;
    if (url)
        OP_TRY(title_line(c, url, &sp, sp.size * 1.4f, 0));
    size_t first = c->d->nboxes;
    layout_box *b = layout_box_push(c->d, LAYOUT_BOX_RULE);
    b->x = c->margin_l;
    b->w = c->measure;
    b->y = c->lh * 0.6f;
    b->size = 0.5f;
    b->rgb = 0x888888u;
    c->keep_next = 1;
    layout_slice_add(c, first, c->lh * 0.6f, 0, 0);
    c->pending_after = c->lh * 1.2f;
out:
    return st;
}

/* The first level-1/2 heading often repeats the title, which may carry a " - Site"
 * suffix. Then the heading is not set again, and its (cleaner) text becomes the title. */
static void find_title_heading(layout_ctx *c)
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
    }
    op_free(t);
}

/*** The walk ***/

static op_status render_node(layout_ctx *c, op_iter *it, op_node *n, op_event ev)
{
    int enter = ev == OP_EVENT_ENTER;
    op_status st = OP_OK;
    switch (op_node_get_kind(n)) {
    case OP_NODE_DOCUMENT:
        break;
    case OP_NODE_HEADING:
        if (enter) {
            if (n != c->dup_heading)
                st = layout_heading(c, n);
            op_iter_skip_children(it);
        }
        break;
    case OP_NODE_PARAGRAPH:
    case OP_NODE_CAPTION:
    case OP_NODE_TABLE_CELL:
        if (enter) {
            st = layout_paragraph(c, n, op_node_get_kind(n) != OP_NODE_PARAGRAPH);
            op_iter_skip_children(it);
        }
        break;
    case OP_NODE_BLOCKQUOTE:
        if (enter)
            enter_quote(c);
        else
            frame_pop(c);
        break;
    case OP_NODE_LIST:
        if (enter)
            enter_list(c, n);
        else
            frame_pop(c);
        break;
    case OP_NODE_ITEM:
        if (enter)
            enter_item(c, n);
        else
            frame_pop(c);
        break;
    case OP_NODE_CODE_BLOCK:
        st = layout_code(c, n);
        break;
    case OP_NODE_FIGURE:
        if (enter) {
            st = layout_figure(c, n);
            op_iter_skip_children(it);
        }
        break;
    case OP_NODE_TABLE:
        if (enter) {
            st = layout_table(c, n);
            op_iter_skip_children(it);
        }
        break;
    case OP_NODE_TABLE_ROW: /* rows outside a table: their cells become paragraphs */
        break;
    case OP_NODE_THEMATIC_BREAK:
        layout_rule(c);
        break;
    case OP_NODE_TEXT:
    case OP_NODE_EMPH:
    case OP_NODE_STRONG:
    case OP_NODE_CODE:
    case OP_NODE_LINK:
    case OP_NODE_LINE_BREAK:
    case OP_NODE_IMAGE:
    case OP_NODE_SUB:
    case OP_NODE_SUP:
        /* inlines at block level violate op_doc_check; skip them */
        if (enter && op_node_kind_is_container(op_node_get_kind(n)))
            op_iter_skip_children(it);
        break;
    }
    return st;
}

/*** Pagination ***/

typedef struct pager {
    layout_ctx *c;
    layout_box *out;
    size_t nout, capout;
    layout_page *pages;
    size_t npages, cappages;
    float y;
    int used;
    int quote; /* quote depth of the last slice on this page */
} pager;

static void pager_new_page(pager *p)
{
    if (p->npages && !p->used)
        return;
    if (p->npages == p->cappages) {
        p->cappages = p->cappages ? p->cappages * 2 : 16;
        p->pages = op_realloc(p->pages, p->cappages * sizeof *p->pages);
    }
    p->pages[p->npages].first = p->nout;
    p->pages[p->npages].count = 0;
    p->npages++;
    p->y = 0;
    p->used = 0;
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
    float before = p->used ? s->before : 0;
    if (p->used && p->y + before + s->h > c->body_h + EPS) {
        pager_new_page(p);
        before = 0;
    }
    if (!p->used && s->hdr && &c->sl[s->hdr - 1] != s) {
        const layout_slice *h = &c->sl[s->hdr - 1]; /* a table continues: repeat its head */
        if (h->h + s->h <= c->body_h) {
            float top = c->o->page_h - c->margin_top;
            pager_copy(p, c->d->boxes + h->first, h->count, top, 0, 0);
            pager_copy(p, c->d->boxes + h->xfirst, h->xcount, top, 0, 0);
            p->y = h->h;
            p->used = 1;
        }
    }
    float top = c->o->page_h - c->margin_top - p->y - before;
    int quote = p->used ? p->quote : 0;
    pager_copy(p, c->d->boxes + s->first, s->count, top, before, quote);
    pager_copy(p, c->d->boxes + s->xfirst, s->xcount, top, before, quote);
    p->y += before + s->h;
    p->used = 1;
    p->quote = s->quote;
}

static void paginate(layout_ctx *c)
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
        if (p.used && p.y + gh > c->body_h + EPS && gh0 <= c->body_h + EPS)
            pager_new_page(&p);
        for (size_t k = i; k <= j; k++)
            pager_place(&p, &c->sl[k]);
        i = j + 1;
    }
    if (p.npages > 1 && !p.used)
        p.npages--;
    op_free(c->d->boxes);
    c->d->boxes = p.out;
    c->d->nboxes = p.nout;
    c->d->capboxes = p.capout;
    c->d->pages = p.pages;
    c->d->npages = p.npages;
}

/*** Entry ***/

static void geometry(layout_ctx *c, float pw, float ph)
{
    int small = pw < 500;
    c->size = small ? 10.0f : 10.5f;
    c->lh = c->size * (small ? 1.36f : 1.4f);
    float min_side = (small ? 16 : 20) * MM;
    c->measure = c->size * 31.0f;
    if (c->measure > pw - 2 * min_side)
        c->measure = pw - 2 * min_side;
    c->margin_l = (pw - c->measure) / 2;
    c->margin_top = (small ? 17 : 24) * MM;
    float bottom = (small ? 19 : 26) * MM;
    c->body_h = ph - c->margin_top - bottom;
    /* snap the text area to whole body lines so full pages end on the grid */
    c->body_h = (float)(int)(c->body_h / c->lh) * c->lh + 0.5f;
    c->d->footer_y = bottom * 0.5f;
    c->d->footer_size = c->size * 0.82f;
}

op_status layout_document(const op_doc *doc, const layout_opts *o, layout_doc **out)
{
    layout_doc *d = op_calloc(1, sizeof *d);
    d->arena = op_arena_new();
    d->page_w = o->page_w;
    d->page_h = o->page_h;
    layout_ctx c = {.d = d, .o = o, .doc = doc};
    c.env = (layout_textenv){.m = o->metrics, .diag = o->diag, .lang = o->lang, .doc = d};
    layout_hyph *own_hyph = o->hyph || o->no_hyphenate ? NULL : layout_hyph_new(NULL);
    c.env.hyph = o->no_hyphenate ? NULL : o->hyph ? o->hyph : own_hyph;
    if (own_hyph) { /* dictionaries load many times faster knowing the words */
        size_t tlen = 0;
        char *text = op_node_text_new(op_doc_root(doc), &tlen);
        layout_hyph_prepare(own_hyph, text, tlen);
        op_free(text);
    }
    c.env.ragged = o->no_justify;
    layout_para_init(&c.para, 0);
    geometry(&c, o->page_w, o->page_h);
    d->footer_face = o->metrics->face_for(o->metrics->ud, LAYOUT_SERIF, '1');
    find_title_heading(&c);
    if (!c.title)
        c.title = op_doc_get_meta(doc, OP_META_TITLE);
    op_status st = layout_title(&c);
    op_iter *it = op_iter_new(op_doc_root(doc));
    op_event ev;
    while (st == OP_OK && (ev = op_iter_next(it)) != OP_EVENT_DONE)
        st = render_node(&c, it, op_iter_node(it), ev);
    op_iter_free(it);
    if (st == OP_OK)
        paginate(&c);
    layout_report_missing(&c.env);
    if (o->stats)
        layout_report_stats(&c.env);
    layout_hyph_free(own_hyph);
    layout_para_free(&c.para);
    op_free(c.lines.v);
    op_free(c.sl);
    op_free(c.fr);
    if (st) {
        layout_doc_free(d);
        d = NULL;
    }
    *out = d;
    return st;
}
