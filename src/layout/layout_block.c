/* Figures and tables for the PDF layout. Figures: images scaled to the measure and a
 * maximum height, kept on one page with their caption. Tables: column widths from the
 * cells' minimum and natural widths, wrapped cells, booktabs-style rules, small tables
 * kept on one page, the header row repeated after a page break. */
#include "layout/layout.h"

#include <string.h>

#define MAX_COLS       32
#define MAX_FIG_IMAGES 64

/*** Figures ***/

static int is_blank_text(op_node *n)
{
    size_t len;
    const char *s = op_node_get_literal(n, &len);
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return 0;
    return 1;
}

int layout_is_image_para(op_node *para)
{
    int images = 0, other = 0;
    op_iter *it = op_iter_new(para);
    while (!other && op_iter_next(it) != OP_EVENT_DONE) {
        op_node *n = op_iter_node(it);
        switch (op_node_get_kind(n)) {
        case OP_NODE_IMAGE:
            images++;
            break;
        case OP_NODE_TEXT:
            other = !is_blank_text(n);
            break;
        case OP_NODE_PARAGRAPH:
        case OP_NODE_LINK:
        case OP_NODE_LINE_BREAK:
            break;
        default:
            other = 1;
            break;
        }
    }
    op_iter_free(it);
    return images > 0 && !other;
}

static op_status image_alt(layout_ctx *c, op_node *img, float before)
{
    size_t len;
    const char *alt = op_node_get_literal(img, &len);
    layout_para_reset(&c->para);
    style_computed ia;
    layout_style_peek(c, "span", "image-alt", &ia);
    ia.italic = 1;
    layout_span sp = {
        .role = (uint8_t)layout_style_role(&ia), .size = ia.size * 0.9f, .rgb = ia.color};
    layout_para_add(&c->para, "[Image", 6, &sp);
    if (len) {
        layout_para_add(&c->para, ": ", 2, &sp);
        layout_para_add(&c->para, alt, len, &sp);
    }
    layout_para_add(&c->para, "]", 1, &sp);
    float left, width;
    layout_column(c, &left, &width);
    layout_para_fmt fmt = {.width = width, .lh = c->lh, .align = LAYOUT_CENTER};
    fmt.base = (fmt.lh + sp.size * 0.7f) / 2;
    return layout_emit_para(c, &fmt, left, before, 1);
}

static op_status place_image(layout_ctx *c, op_node *img, float before)
{
    const char *url = op_node_get_url(img);
    int pw = 0, ph = 0;
    if (!url || !c->o->image_size || c->o->image_size(c->o->image_ud, url, &pw, &ph) != 0 ||
        pw <= 0 || ph <= 0)
        return image_alt(c, img, before);
    float left, width;
    layout_column(c, &left, &width);
    float w = (float)pw * 0.75f, h = (float)ph * 0.75f; /* 96 dpi */
    float maxh = c->body_h * 0.55f, scale = 1;
    if (w * scale > width)
        scale = width / w;
    if (h * scale > maxh)
        scale = maxh / h;
    w *= scale;
    h *= scale;
    size_t first = c->d->nboxes;
    layout_box *b = layout_box_push(c->d, LAYOUT_BOX_IMAGE);
    b->x = left + (width - w) / 2;
    b->y = h;
    b->w = w;
    b->h = h;
    b->str = url;
    layout_slice_add(c, first, h, h, before);
    return OP_OK;
}

/* A caption under its images is kept with them; a caption-only figure (a text dump's
 * photo caption) stands alone with the space of a figure above it. */
static op_status figure_caption(layout_ctx *c, op_node *cap, int after_image, float fig_top)
{
    style_computed s;
    layout_style_peek(c, "figcaption", NULL, &s);
    layout_span base = {.role = (uint8_t)layout_style_role(&s), .size = s.size, .rgb = s.color};
    layout_collect(c, cap, &base);
    if (layout_para_empty(&c->para))
        return OP_OK;
    float left, width, minw, maxw;
    layout_column(c, &left, &width);
    op_status st = layout_para_measure(&c->env, &c->para, &minw, &maxw);
    if (st)
        return st;
    layout_para_fmt fmt = {.width = width, .lh = s.lh, .align = layout_style_align(&s)};
    if (fmt.align == LAYOUT_CENTER && maxw > width) /* a centred paragraph reads badly */
        fmt.align = LAYOUT_JUSTIFY;
    fmt.base = (fmt.lh + s.size * 0.7f) / 2;
    if (after_image)
        c->keep_next = 1;
    return layout_emit_para(c, &fmt, left, after_image ? s.margin[STYLE_TOP] : fig_top, 1);
}

op_status layout_figure(layout_ctx *c, op_node *fig)
{
    op_node *imgs[MAX_FIG_IMAGES];
    int n = 0;
    op_node *caption = NULL;
    op_iter *it = op_iter_new(fig);
    op_event ev;
    while ((ev = op_iter_next(it)) != OP_EVENT_DONE) {
        op_node *x = op_iter_node(it);
        if (op_node_get_kind(x) == OP_NODE_CAPTION && ev == OP_EVENT_ENTER) {
            caption = x;
            op_iter_skip_children(it);
        } else if (op_node_get_kind(x) == OP_NODE_IMAGE && n < MAX_FIG_IMAGES) {
            imgs[n++] = x;
        }
    }
    op_iter_free(it);
    op_status st = OP_OK;
    style_computed f = *layout_style_push(c, "figure", NULL);
    for (int i = 0; i < n && !st; i++) {
        if (i)
            c->keep_next = 1;
        st = place_image(c, imgs[i], i ? c->lh * 0.3f : f.margin[STYLE_TOP]);
    }
    if (!st && caption)
        st = figure_caption(c, caption, n > 0, f.margin[STYLE_TOP]);
    layout_style_pop(c);
    c->pending_after = f.margin[STYLE_BOTTOM];
    return st;
}

/*** Lead lines ***/

/* A paragraph that opens with a bold phrase alone on its line (`<p><strong>Task
 * store<br></strong>ATF tasks are...`) has a subhead in all but markup. It is set as one:
 * ragged and unhyphenated, with the space the theme puts around an h5, kept with
 * the first two lines of its text (the paragraph's orphan control alone would let it end
 * a page above a single line). The rest of the paragraph stays in c->para. */
op_status layout_lead_head(layout_ctx *c, layout_para_fmt *fmt, float left, float *before)
{
    size_t at = layout_para_lead_line(&c->para, 160);
    if (!at)
        return OP_OK;
    layout_para rest;
    layout_para_init(&rest, 0);
    layout_para_move_tail(&c->para, at + 1, &rest);
    layout_para_fmt head = *fmt;
    head.align = LAYOUT_LEFT;
    head.body = 0;
    head.indent = 0;
    style_computed h5;
    layout_style_peek(c, "h5", NULL, &h5);
    float top = h5.margin[STYLE_TOP] > *before ? h5.margin[STYLE_TOP] : *before;
    op_status st = layout_emit_para(c, &head, left, top, 1);
    if (!st) {
        c->pending_after = h5.margin[STYLE_BOTTOM];
        c->keep_next = 1;
        *before = 0;
        fmt->indent = 0; /* text under a head starts flush */
        layout_para_move_tail(&rest, 0, &c->para);
    }
    layout_para_free(&rest);
    return st;
}

/*** Tables ***/

typedef struct table_geom {
    int ncols;
    float minw[MAX_COLS], maxw[MAX_COLS], w[MAX_COLS], x[MAX_COLS];
    float size, lh, pad, total;
    int dropped;        /* cells past MAX_COLS were left out */
    layout_span td, th; /* cell text styles (size set per pass) */
} table_geom;

static layout_span cell_span(const layout_ctx *c, const table_geom *g, op_node *cell,
                             int header_row)
{
    int bold = header_row || op_node_get_cell_header(cell);
    (void)c;
    layout_span sp = bold ? g->th : g->td;
    sp.size = g->size;
    return sp;
}

static int row_is_header(op_node *row)
{
    int any = 0;
    for (op_node *cell = op_node_first_child(row); cell; cell = op_node_next(cell)) {
        if (!op_node_get_cell_header(cell))
            return 0;
        any = 1;
    }
    return any;
}

static op_status table_measure(layout_ctx *c, op_node *table, table_geom *g)
{
    int dropped = 0;
    for (op_node *row = op_node_first_child(table); row; row = op_node_next(row)) {
        int col = 0, hdr = row_is_header(row);
        for (op_node *cell = op_node_first_child(row); cell; cell = op_node_next(cell), col++) {
            if (col >= MAX_COLS) {
                dropped = 1;
                break;
            }
            layout_span sp = cell_span(c, g, cell, hdr);
            layout_collect(c, cell, &sp);
            float mn, mx;
            op_status st = layout_para_measure(&c->env, &c->para, &mn, &mx);
            if (st)
                return st;
            g->minw[col] = mn > g->minw[col] ? mn : g->minw[col];
            g->maxw[col] = mx > g->maxw[col] ? mx : g->maxw[col];
        }
        if (col > g->ncols)
            g->ncols = col;
    }
    g->dropped = dropped;
    return OP_OK;
}

/* Natural widths when they fit; else minimum widths plus a share of the rest. */
static void table_widths(table_geom *g, float width)
{
    if (g->pad > width / ((float)g->ncols * 6)) /* many columns: less padding */
        g->pad = width / ((float)g->ncols * 6);
    float avail = width - (float)g->ncols * 2 * g->pad, smin = 0, smax = 0;
    for (int i = 0; i < g->ncols; i++) {
        if (g->maxw[i] < g->size)
            g->maxw[i] = g->size;
        if (g->minw[i] > g->maxw[i])
            g->minw[i] = g->maxw[i];
        smin += g->minw[i];
        smax += g->maxw[i];
    }
    for (int i = 0; i < g->ncols; i++) {
        if (smax <= avail)
            g->w[i] = g->maxw[i];
        else if (smin <= avail)
            g->w[i] = g->minw[i] + (avail - smin) * (g->maxw[i] - g->minw[i]) / (smax - smin);
        else
            g->w[i] = avail * g->minw[i] / smin;
    }
    float x = 0;
    for (int i = 0; i < g->ncols; i++) {
        g->x[i] = x;
        x += g->w[i] + 2 * g->pad;
    }
    g->total = x;
}

static void table_rule(layout_ctx *c, layout_slice *s, float left, float w, float y, float lw,
                       uint32_t rgb)
{
    layout_box *b = layout_box_push(c->d, LAYOUT_BOX_RULE);
    b->x = left;
    b->w = w;
    b->y = y;
    b->size = lw;
    b->rgb = rgb;
    s->xcount++;
}

static op_status table_row(layout_ctx *c, const table_geom *g, op_node *row, float left,
                           float before, int hdr, int first, int last)
{
    size_t row_first = c->d->nboxes;
    float row_h = g->lh + 2 * g->pad;
    int col = 0;
    for (op_node *cell = op_node_first_child(row); cell && col < g->ncols;
         cell = op_node_next(cell), col++) {
        layout_span sp = cell_span(c, g, cell, hdr);
        layout_collect(c, cell, &sp);
        int align = op_node_get_cell_align(cell);
        layout_para_fmt fmt = {.width = g->w[col], .lh = g->lh};
        fmt.align = align == 2 ? LAYOUT_CENTER : align == 3 ? LAYOUT_RIGHT : LAYOUT_LEFT;
        fmt.base = (g->lh + g->size * 0.7f) / 2;
        c->lines.n = 0;
        op_status st = layout_para_lines(&c->env, &c->para, &fmt, &c->lines);
        if (st)
            return st;
        for (size_t k = 0; k < c->lines.n; k++) {
            layout_line *ln = &c->lines.v[k];
            layout_shift(c, ln->first, ln->first + ln->count, left + g->x[col] + g->pad,
                         g->pad + (float)k * g->lh);
        }
        float h = (float)c->lines.n * g->lh + 2 * g->pad;
        row_h = h > row_h ? h : row_h;
    }
    layout_slice *s = layout_slice_add(c, row_first, row_h, g->pad + g->lh * 0.6f, before);
    s->count = s->xfirst - row_first;
    if (first)
        table_rule(c, s, left, g->total, 0, 0.8f, LAYOUT_INK);
    if (last)
        table_rule(c, s, left, g->total, row_h, 0.8f, LAYOUT_INK);
    else if (hdr)
        table_rule(c, s, left, g->total, row_h, 0.5f, LAYOUT_INK);
    else
        table_rule(c, s, left, g->total, row_h, 0.3f, 0xc8c8c8u);
    return OP_OK;
}

/* Measures the cells; when even their longest words do not fit side by side, sets the
 * table once more in a smaller size (down to 72% of the body). */
static op_status table_fit(layout_ctx *c, op_node *table, float *left, float *width, table_geom *g)
{
    style_computed td, th;
    layout_style_push(c, "tr", NULL);
    layout_style_peek(c, "td", NULL, &td);
    layout_style_peek(c, "th", NULL, &th);
    layout_style_pop(c);
    float size = td.size, smin = 0, floor = td.size * 0.8f;
    float lhf = td.lh / td.size, padf = td.padding[STYLE_LEFT] / td.size;
    for (int pass = 0; pass < 2; pass++) {
        memset(g, 0, sizeof *g);
        g->td = (layout_span){.role = (uint8_t)layout_style_role(&td), .rgb = td.color};
        g->th = (layout_span){.role = (uint8_t)layout_style_role(&th), .rgb = th.color};
        g->size = size;
        g->lh = size * lhf;
        g->pad = size * padf;
        op_status st = table_measure(c, table, g);
        if (st || g->ncols == 0)
            return st;
        table_widths(g, *width);
        smin = 0;
        for (int i = 0; i < g->ncols; i++)
            smin += g->minw[i] + 2 * g->pad;
        if (pass == 1 || smin <= *width || size <= floor)
            break;
        size *= *width / smin;
        if (size < floor)
            size = floor;
    }
    if (smin > *width) { /* still too wide: let the table reach into the margins */
        float edge = 15 * 72.0f / 25.4f, room = c->o->page_w - 2 * edge;
        float w = smin < room ? smin : room;
        if (w > *width) {
            float l = *left - (w - *width) / 2;
            *left = l < edge ? edge : l + w > c->o->page_w - edge ? c->o->page_w - edge - w : l;
            *width = w;
            table_widths(g, w);
        }
    }
    if (g->dropped)
        op_diag_report(c->env.diag, OP_SEV_WARNING, NULL, 0,
                       "a table has more than %d columns; the rest are left out", MAX_COLS);
    return OP_OK;
}

op_status layout_table(layout_ctx *c, op_node *table)
{
    style_computed ts = *layout_style_push(c, "table", NULL);
    float left, width;
    layout_column(c, &left, &width);
    table_geom g;
    op_status st = table_fit(c, table, &left, &width, &g);
    layout_style_pop(c);
    if (st || g.ncols == 0)
        return st;
    int nrows = 0;
    for (op_node *row = op_node_first_child(table); row; row = op_node_next(row))
        nrows++;
    /* small tables stay on one page; long ones keep the header with the first row and
     * never leave the last row alone */
    int k = 0;
    size_t head = 0;
    for (op_node *row = op_node_first_child(table); row && !st; row = op_node_next(row), k++) {
        int hdr = row_is_header(row);
        if (k > 0 && (nrows <= 8 || k + 1 == nrows))
            c->keep_next = 1;
        st = table_row(c, &g, row, left, k == 0 ? ts.margin[STYLE_TOP] : 0, hdr, k == 0,
                       op_node_next(row) == NULL);
        if (hdr && k == 0)
            head = c->nsl; /* 1 + index of the slice just added */
        else if (!st && head)
            c->sl[c->nsl - 1].hdr = head;
        if (hdr)
            c->keep_next = 1;
    }
    c->pending_after = ts.margin[STYLE_BOTTOM];
    return st;
}
