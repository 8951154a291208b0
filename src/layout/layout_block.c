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
    layout_span sp = {.role = (uint8_t)font_role_of(&ia), .size = ia.size * 0.9f, .rgb = ia.color};
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
    layout_span base = {.role = (uint8_t)font_role_of(&s), .size = s.size, .rgb = s.color};
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

/* Cell kinds, each with its own computed style: cells of a header row (thead th), body
 * cells (tbody td) and header cells in body rows (tbody th). */
enum { CK_HEAD = 0, CK_TD, CK_TH, CK_COUNT };

typedef struct edge {
    float w; /* 0: none */
    uint32_t rgb;
} edge;

typedef struct table_geom {
    int ncols;
    float minw[MAX_COLS], maxw[MAX_COLS], w[MAX_COLS], x[MAX_COLS];
    float claim[MAX_COLS]; /* the least width a column asks for: minw, or less for a
                              column whose longest run has to be broken anyway */
    float size, lh, total;
    float pad[CK_COUNT][4];  /* cell padding per kind, scaled with the table's text size */
    float padl, padr;        /* horizontal padding of every column: the widest kind's */
    edge cell[CK_COUNT][4];  /* cell borders per kind */
    edge row[2][4];          /* tr borders: header rows, body rows */
    edge frame[4];           /* table borders */
    edge fill[CK_COUNT + 3]; /* backgrounds (w > 0: painted): cells by kind, header rows,
                                body rows, the table */
    int collapse;            /* border-collapse: collapse (else separate, spaced) */
    float hsp, vsp;          /* border-spacing (separate borders only) */
    float bl, br;            /* separate borders: cell border widths inside each column */
    float need;              /* width the table lacks to give its prose columns their measure */
    int dropped;             /* cells past MAX_COLS were left out */
    layout_span td, th;      /* cell text styles (size set per pass) */
} table_geom;

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

static int cell_kind(op_node *cell, int header_row)
{
    return header_row ? CK_HEAD : op_node_get_cell_header(cell) ? CK_TH : CK_TD;
}

static layout_span cell_span(const table_geom *g, int kind)
{
    layout_span sp = kind == CK_TD ? g->td : g->th;
    sp.size = g->size;
    return sp;
}

static void edges_of(const style_computed *s, edge *e)
{
    for (int k = 0; k < 4; k++)
        e[k] = (edge){s->border[k], s->border_rgb[k]};
}

static edge fill_of(const style_computed *s)
{
    return (edge){s->has_background ? 1.0f : 0.0f, s->background};
}

/* Border-collapse conflict resolution: the wider border wins; at equal widths the one
 * named first (cell before row before table). */
static edge wider(edge a, edge b)
{
    return b.w > a.w ? b : a;
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
            layout_span sp = cell_span(g, cell_kind(cell, hdr));
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

/* A cell at least this many ems of the table's text wide is set as body text (justified,
 * hyphenated); narrower cells stay ragged, where justified they would be all holes. */
#define CELL_PROSE_EM 25.0f

/* What a column claims when its longest run (a long URL, a hash) cannot be given its
 * width: about a dozen characters a line. */
#define LONG_RUN_EM 6.0f

/* A run wider than the table could ever give it is broken anywhere in any case, so it
 * must not squeeze the other columns (their words broken letter by letter) nor shrink the
 * table's text or widen it into the margins. The widest columns, one by one, until the
 * rest fit side by side at `f` times this size in `avail` (the smallest size, the widest
 * table), claim LONG_RUN_EM ems only, plus the share of the width their natural width
 * (up to that widest table) earns; the others keep their longest words whole. */
static void long_runs(table_geom *g, float avail, float f)
{
    float sum = 0, cap = LONG_RUN_EM * g->size;
    for (int i = 0; i < g->ncols; i++)
        sum += g->claim[i] = g->minw[i];
    while (sum * f > avail) {
        int widest = -1;
        for (int i = 0; i < g->ncols; i++)
            if (g->claim[i] > cap && (widest < 0 || g->claim[i] > g->claim[widest]))
                widest = i;
        if (widest < 0)
            break;
        sum -= g->claim[widest] - cap;
        g->claim[widest] = cap;
        if (g->maxw[widest] > avail) /* no wider than the widest table: the share it earns */
            g->maxw[widest] = avail;
    }
}

/* Column i is prose: its widest cell fills more than one and a half lines of the prose
 * measure `pm`, and no run in it is too long to keep whole. */
static int is_prose(const table_geom *g, int i, float pm)
{
    return g->maxw[i] > 1.5f * pm && g->claim[i] >= g->minw[i];
}

/* Prose columns, those whose widest cell fills more than one and a half lines of the
 * prose measure, need that measure to be set as body text. When the CSS-like widths give
 * them less, g->need is what the table lacks: it reaches into the margins by that much
 * (when they have room) and is measured again with `widened` set. Then the prose columns
 * get their measure first (as tabularx gives its X columns the room the l columns leave)
 * and the other columns share the rest by the same rule, which gives them the widths they
 * had in the text column. */
static void prose_widths(table_geom *g, float avail, int widened)
{
    float pm = CELL_PROSE_EM * g->size, omin = 0, omax = 0, pmax = 0, need = 0;
    int np = 0;
    for (int i = 0; i < g->ncols; i++) {
        if (is_prose(g, i, pm)) {
            np++;
            need += g->w[i] < pm ? pm - g->w[i] : 0;
            pmax += g->maxw[i] - pm;
        } else {
            omin += g->claim[i];
            omax += g->maxw[i];
        }
    }
    float rest = avail - (float)np * pm;
    if (!widened || need <= 0 || rest < omin) {
        g->need = widened ? 0 : need;
        return;
    }
    float left = rest > omax ? rest - omax : 0;
    for (int i = 0; i < g->ncols; i++) {
        if (is_prose(g, i, pm))
            g->w[i] = pm + left * (g->maxw[i] - pm) / pmax;
        else if (rest >= omax)
            g->w[i] = g->maxw[i];
        else
            g->w[i] = g->claim[i] + (rest - omin) * (g->maxw[i] - g->claim[i]) / (omax - omin);
    }
}

/* The width a table `width` wide has for its columns' text; *cellx gets what each column
 * adds around it (padding, separate borders and spacing). */
static float table_avail(table_geom *g, float width, float *cellx)
{
    float room = width / ((float)g->ncols * 3); /* many columns: less padding */
    if (g->padl + g->padr > room) {
        float f = room / (g->padl + g->padr);
        g->padl *= f;
        g->padr *= f;
    }
    *cellx = g->padl + g->padr + (g->collapse ? 0 : g->bl + g->br + g->hsp);
    float avail = width - (float)g->ncols * *cellx - (g->collapse ? 0 : g->hsp);
    return avail < width * 0.3f ? width * 0.3f : avail;
}

/* The level at which the claims, capped there, fill `avail`: the columns under it keep
 * their claim, those over it get the level (their longest words broken). */
static float fill_level(const table_geom *g, float avail)
{
    float level = avail / (float)g->ncols;
    for (int changed = 1; changed;) {
        float fixed = 0;
        int over = 0;
        for (int i = 0; i < g->ncols; i++) {
            if (g->claim[i] <= level)
                fixed += g->claim[i];
            else
                over++;
        }
        float next = over ? (avail - fixed) / (float)over : level;
        changed = next > level + 0.001f;
        level = next;
    }
    return level;
}

/* Natural widths when they fit; else the claimed (minimum) widths plus a share of the rest
 * (CSS's auto table layout); when even those do not fit, the narrower claims whole and the
 * wider ones what is left, evenly. `widened`: the table reaches into the margins for its
 * prose columns. */
static void table_widths(table_geom *g, float width, int widened)
{
    float cellx, avail = table_avail(g, width, &cellx), smin = 0, smax = 0;
    for (int i = 0; i < g->ncols; i++) {
        if (g->maxw[i] < g->size)
            g->maxw[i] = g->size;
        if (g->minw[i] > g->maxw[i])
            g->minw[i] = g->maxw[i];
        if (g->claim[i] > g->minw[i])
            g->claim[i] = g->minw[i];
        smin += g->claim[i];
        smax += g->maxw[i];
    }
    float level = smin > avail ? fill_level(g, avail) : 0;
    for (int i = 0; i < g->ncols; i++) {
        if (smax <= avail)
            g->w[i] = g->maxw[i];
        else if (smin <= avail)
            g->w[i] = g->claim[i] + (avail - smin) * (g->maxw[i] - g->claim[i]) / (smax - smin);
        else
            g->w[i] = g->claim[i] < level ? g->claim[i] : level;
    }
    g->need = 0;
    if (smax > avail && smin <= avail)
        prose_widths(g, avail, widened);
    float x = g->collapse ? 0 : g->hsp;
    for (int i = 0; i < g->ncols; i++) { /* x: a cell's outer left edge */
        g->x[i] = x;
        x += g->w[i] + cellx;
    }
    g->total = x;
}

/* Outer width of column i's cells. */
static float col_w(const table_geom *g, int i)
{
    return g->w[i] + g->padl + g->padr + (g->collapse ? 0 : g->bl + g->br);
}

static void rule(layout_ctx *c, layout_slice *s, float x, float y, float w, float h, edge e)
{
    if (e.w <= 0)
        return;
    layout_box *b = layout_box_push(c->d, LAYOUT_BOX_RULE);
    b->x = x;
    b->y = y;
    b->w = w;
    b->h = h;
    b->size = e.w;
    b->rgb = e.rgb;
    s->xcount++;
}

/* A horizontal border under (or over) a row: one edge per column, neighbours that match
 * drawn as one rule. */
static void hborder(layout_ctx *c, layout_slice *s, const table_geom *g, float left, float y,
                    const edge *e)
{
    int i = 0;
    while (i < g->ncols) {
        int j = i + 1;
        while (j < g->ncols && e[j].w == e[i].w && e[j].rgb == e[i].rgb)
            j++;
        float x0 = g->x[i], x1 = g->x[j - 1] + col_w(g, j - 1);
        rule(c, s, left + x0, y, x1 - x0, 0, e[i]);
        i = j;
    }
}

typedef struct row_info {
    int n;              /* cells */
    int kind[MAX_COLS]; /* cell kinds */
    int hdr;
} row_info;

static void row_scan(op_node *row, row_info *ri)
{
    ri->hdr = row_is_header(row);
    ri->n = 0;
    for (op_node *cell = op_node_first_child(row); cell && ri->n < MAX_COLS;
         cell = op_node_next(cell))
        ri->kind[ri->n++] = cell_kind(cell, ri->hdr);
}

/* Edge of column i on `side` of a row (none where the row has no cell). */
static edge cell_edge(const table_geom *g, const row_info *ri, int i, int side)
{
    if (i >= ri->n)
        return (edge){0, 0};
    return g->cell[ri->kind[i]][side];
}

/* Collapsed horizontal border between rows a (above, NULL at the table top) and b (below,
 * NULL at the bottom), per column. */
static void collapsed_h(const table_geom *g, const row_info *a, const row_info *b, edge *out)
{
    for (int i = 0; i < g->ncols; i++) {
        edge e = {0, 0};
        if (a) {
            e = wider(e, cell_edge(g, a, i, STYLE_BOTTOM));
            e = wider(e, g->row[!a->hdr][STYLE_BOTTOM]);
        }
        if (b) {
            e = wider(e, cell_edge(g, b, i, STYLE_TOP));
            e = wider(e, g->row[!b->hdr][STYLE_TOP]);
        }
        if (!a)
            e = wider(e, g->frame[STYLE_TOP]);
        if (!b)
            e = wider(e, g->frame[STYLE_BOTTOM]);
        out[i] = e;
    }
}

static void paint(layout_ctx *c, layout_slice *s, float x, float w, edge e)
{
    if (e.w <= 0 || w <= 0)
        return;
    layout_box *b = layout_box_push(c->d, LAYOUT_BOX_RECT);
    b->x = x;
    b->w = w;
    b->y = s->h;
    b->h = s->h;
    b->rgb = e.rgb;
    s->xcount++;
}

/* Backgrounds of one slice of a row: the table's, the row's, each cell's. */
static void row_fills(layout_ctx *c, layout_slice *s, const table_geom *g, float left,
                      const row_info *ri)
{
    paint(c, s, left, g->total, g->fill[CK_COUNT + 2]);
    paint(c, s, left, g->total, g->fill[CK_COUNT + !ri->hdr]);
    for (int i = 0; i < g->ncols && i < ri->n; i++)
        paint(c, s, left + g->x[i], col_w(g, i), g->fill[ri->kind[i]]);
}

/* Borders of one slice of a row (the whole row, or a band of it when it is split): top
 * when it starts the row, bottom when it ends it, the vertical ones over its height. */
static void row_borders(layout_ctx *c, layout_slice *s, const table_geom *g, float left,
                        const row_info *prev, const row_info *ri, const row_info *next, int top,
                        int bottom)
{
    float h = s->h;
    edge e[MAX_COLS];
    if (g->collapse) {
        if (top && !prev) {
            collapsed_h(g, NULL, ri, e);
            hborder(c, s, g, left, 0, e);
        }
        if (bottom) {
            collapsed_h(g, ri, next, e);
            hborder(c, s, g, left, h, e);
        }
        for (int j = 0; j <= g->ncols; j++) {
            edge v = {0, 0};
            if (j > 0)
                v = wider(v, cell_edge(g, ri, j - 1, STYLE_RIGHT));
            if (j < g->ncols)
                v = wider(v, cell_edge(g, ri, j, STYLE_LEFT));
            if (j == 0)
                v = wider(wider(v, g->row[!ri->hdr][STYLE_LEFT]), g->frame[STYLE_LEFT]);
            if (j == g->ncols)
                v = wider(wider(v, g->row[!ri->hdr][STYLE_RIGHT]), g->frame[STYLE_RIGHT]);
            float x = j < g->ncols ? g->x[j] : g->total;
            rule(c, s, left + x, 0, 0, h, v);
        }
        return;
    }
    /* separate borders: each cell its own box; the table's around them all */
    for (int i = 0; i < g->ncols && i < ri->n; i++) {
        const edge *ce = g->cell[ri->kind[i]];
        float x0 = left + g->x[i], x1 = x0 + col_w(g, i);
        if (top)
            rule(c, s, x0, ce[STYLE_TOP].w / 2, x1 - x0, 0, ce[STYLE_TOP]);
        if (bottom)
            rule(c, s, x0, h - ce[STYLE_BOTTOM].w / 2, x1 - x0, 0, ce[STYLE_BOTTOM]);
        rule(c, s, x0 + ce[STYLE_LEFT].w / 2, 0, 0, h, ce[STYLE_LEFT]);
        rule(c, s, x1 - ce[STYLE_RIGHT].w / 2, 0, 0, h, ce[STYLE_RIGHT]);
    }
    if (top && !prev)
        rule(c, s, left, -g->vsp, g->total, 0, g->frame[STYLE_TOP]);
    if (bottom && !next)
        rule(c, s, left, h + g->vsp, g->total, 0, g->frame[STYLE_BOTTOM]);
    float up = top && !prev ? g->vsp : 0, down = bottom && !next ? g->vsp : 0;
    rule(c, s, left, -up, 0, h + up + down, g->frame[STYLE_LEFT]);
    rule(c, s, left + g->total, -up, 0, h + up + down, g->frame[STYLE_RIGHT]);
}

/* The boxes of one line of one cell: [first, first + count). */
typedef struct cell_line {
    size_t first, count;
    int col;
    int k; /* line number in its cell */
} cell_line;

/* Rows taller than this share of the page body are cut into bands of one line of every
 * cell, so they flow across pages (with widow and orphan control) instead of running off
 * the page. */
#define SPLIT_ROW_SHARE 0.5f

static op_status table_row(layout_ctx *c, const table_geom *g, op_node *row, float left,
                           float before, const row_info *prev, const row_info *ri,
                           const row_info *next, size_t head)
{
    size_t row_first = c->d->nboxes;
    float pt = 0, pb = 0;
    for (int i = 0; i < ri->n && i < g->ncols; i++) {
        pt = g->pad[ri->kind[i]][STYLE_TOP] > pt ? g->pad[ri->kind[i]][STYLE_TOP] : pt;
        pb = g->pad[ri->kind[i]][STYLE_BOTTOM] > pb ? g->pad[ri->kind[i]][STYLE_BOTTOM] : pb;
    }
    if (!g->collapse) {
        pt += g->cell[CK_TD][STYLE_TOP].w;
        pb += g->cell[CK_TD][STYLE_BOTTOM].w;
    }
    cell_line *cl = NULL;
    size_t ncl = 0, capcl = 0;
    int nlines = 1, col = 0;
    op_status st = OP_OK;
    for (op_node *cell = op_node_first_child(row); cell && col < g->ncols && !st;
         cell = op_node_next(cell), col++) {
        layout_span sp = cell_span(g, ri->kind[col]);
        layout_collect(c, cell, &sp);
        int align = op_node_get_cell_align(cell);
        layout_para_fmt fmt = {.width = g->w[col], .lh = g->lh};
        fmt.align = align == 2 ? LAYOUT_CENTER : align == 3 ? LAYOUT_RIGHT : LAYOUT_LEFT;
        if (align == 0 && g->w[col] >= CELL_PROSE_EM * g->size - 0.5f &&
            g->minw[col] <= g->w[col] + 0.5f) { /* and no run to break anywhere */
            fmt.align = LAYOUT_JUSTIFY;         /* a prose measure: set as body text */
            fmt.body = 1;
        }
        fmt.base = (g->lh + g->size * 0.7f) / 2;
        c->lines.n = 0;
        st = layout_para_lines(&c->env, &c->para, &fmt, &c->lines);
        float cx = left + g->x[col] + g->padl + (g->collapse ? 0 : g->bl);
        for (size_t k = 0; !st && k < c->lines.n; k++) {
            layout_line *ln = &c->lines.v[k];
            layout_shift(c, ln->first, ln->first + ln->count, cx, pt + (float)k * g->lh);
            if (ncl == capcl) {
                capcl = capcl ? capcl * 2 : 64;
                cl = op_realloc(cl, capcl * sizeof *cl);
            }
            cl[ncl++] = (cell_line){ln->first, ln->count, col, (int)k};
        }
        if ((int)c->lines.n > nlines)
            nlines = (int)c->lines.n;
    }
    float row_h = (float)nlines * g->lh + pt + pb;
    float vsp = g->collapse ? 0 : g->vsp;
    if (st || row_h <= c->body_h * SPLIT_ROW_SHARE || nlines < 4) {
        if (!st) {
            layout_slice *s =
                layout_slice_add(c, row_first, row_h, pt + g->lh * 0.6f, before + vsp);
            s->count = s->xfirst - row_first;
            if (head && !ri->hdr)
                s->hdr = head;
            row_fills(c, s, g, left, ri);
            row_borders(c, s, g, left, prev, ri, next, 1, 1);
        }
        op_free(cl);
        return st;
    }
    /* a band per line: copies of that line's boxes in every cell, from the band's top */
    for (int k = 0; k < nlines; k++) {
        float top = k == 0 ? 0 : pt + (float)k * g->lh;
        float h = g->lh + (k == 0 ? pt : 0) + (k + 1 == nlines ? pb : 0);
        size_t first = c->d->nboxes;
        for (size_t i = 0; i < ncl; i++) {
            if (cl[i].k != k)
                continue;
            for (size_t j = cl[i].first; j < cl[i].first + cl[i].count; j++) {
                layout_box b = c->d->boxes[j];
                b.y -= top;
                *layout_box_push(c->d, b.kind) = b;
            }
        }
        if (k == 1 || (k + 1 == nlines && k > 0))
            c->keep_next = 1; /* no single line of the row alone at a page's foot or head */
        layout_slice *s = layout_slice_add(c, first, h, (k == 0 ? pt : 0) + g->lh * 0.6f,
                                           k == 0 ? before + vsp : 0);
        s->count = s->xfirst - first;
        if (head && !ri->hdr)
            s->hdr = head;
        row_fills(c, s, g, left, ri);
        row_borders(c, s, g, left, prev, ri, next, k == 0, k + 1 == nlines);
    }
    op_free(cl);
    return OP_OK;
}

/* The cell, row and table styles, read as the theme would for <table><thead><tr><th> and
 * <tbody><tr><td>/<th>; `scale` sizes the padding with the table's text. */
static void table_styles(layout_ctx *c, table_geom *g, const style_computed *ts, float scale)
{
    style_computed cs[CK_COUNT];
    const style_computed *tr;
    layout_style_push(c, "thead", NULL);
    tr = layout_style_push(c, "tr", NULL);
    edges_of(tr, g->row[0]);
    g->fill[CK_COUNT] = fill_of(tr);
    layout_style_peek(c, "th", NULL, &cs[CK_HEAD]);
    layout_style_pop(c);
    layout_style_pop(c);
    layout_style_push(c, "tbody", NULL);
    tr = layout_style_push(c, "tr", NULL);
    edges_of(tr, g->row[1]);
    g->fill[CK_COUNT + 1] = fill_of(tr);
    layout_style_peek(c, "td", NULL, &cs[CK_TD]);
    layout_style_peek(c, "th", NULL, &cs[CK_TH]);
    layout_style_pop(c);
    layout_style_pop(c);
    edges_of(ts, g->frame);
    g->fill[CK_COUNT + 2] = fill_of(ts);
    g->collapse = ts->collapse;
    g->hsp = ts->collapse ? 0 : ts->spacing[0];
    g->vsp = ts->collapse ? 0 : ts->spacing[1];
    g->padl = g->padr = g->bl = g->br = 0;
    for (int k = 0; k < CK_COUNT; k++) {
        edges_of(&cs[k], g->cell[k]);
        g->fill[k] = fill_of(&cs[k]);
        for (int s = 0; s < 4; s++)
            g->pad[k][s] = cs[k].padding[s] * scale;
        g->padl = g->pad[k][STYLE_LEFT] > g->padl ? g->pad[k][STYLE_LEFT] : g->padl;
        g->padr = g->pad[k][STYLE_RIGHT] > g->padr ? g->pad[k][STYLE_RIGHT] : g->padr;
        g->bl = cs[k].border[STYLE_LEFT] > g->bl ? cs[k].border[STYLE_LEFT] : g->bl;
        g->br = cs[k].border[STYLE_RIGHT] > g->br ? cs[k].border[STYLE_RIGHT] : g->br;
    }
}

/* Measures the cells; when even their longest words do not fit side by side, sets the
 * table once more in a smaller size (down to 72% of the body). */
static op_status table_fit(layout_ctx *c, op_node *table, const style_computed *ts, float *left,
                           float *width, table_geom *g)
{
    style_computed td, th;
    layout_style_push(c, "tbody", NULL);
    layout_style_push(c, "tr", NULL);
    layout_style_peek(c, "td", NULL, &td);
    layout_style_peek(c, "th", NULL, &th);
    layout_style_pop(c);
    layout_style_pop(c);
    float size = td.size, smin = 0, floor = td.size * 0.8f;
    float lhf = td.lh / td.size, cellx;
    float gut = 15 * 72.0f / 25.4f, room = c->o->page_w - 2 * gut;
    for (int pass = 0; pass < 2; pass++) {
        memset(g, 0, sizeof *g);
        g->td = (layout_span){.role = (uint8_t)font_role_of(&td), .rgb = td.color};
        g->th = (layout_span){.role = (uint8_t)font_role_of(&th), .rgb = th.color};
        g->size = size;
        g->lh = size * lhf;
        table_styles(c, g, ts, size / td.size);
        op_status st = table_measure(c, table, g);
        if (st || g->ncols == 0)
            return st;
        long_runs(g, table_avail(g, room, &cellx), floor / size);
        table_widths(g, *width, 0);
        smin = g->total;
        for (int i = 0; i < g->ncols; i++)
            smin -= g->w[i] - g->claim[i];
        if (pass == 1 || smin <= *width || size <= floor)
            break;
        size *= *width / smin;
        if (size < floor)
            size = floor;
    }
    /* still too wide, or a prose column short of its measure (then only when the margins
     * have room for all of it): let the table reach into the margins */
    float w = smin > *width ? (smin < room ? smin : room) : *width + g->need + 1;
    int prose = smin <= *width;
    if (w > *width && (!prose || (g->need > 0 && w <= room))) {
        float l = *left - (w - *width) / 2;
        *left = l < gut ? gut : l + w > c->o->page_w - gut ? c->o->page_w - gut - w : l;
        *width = w;
        table_widths(g, w, prose);
    }
    if (g->dropped)
        op_diag_report(c->env.diag, OP_SEV_WARNING, NULL, 0,
                       "a table has more than %d columns; the rest are left out", MAX_COLS);
    return OP_OK;
}

/* The header repeated on continuation pages: its leading header rows, every slice of them,
 * unless they are taller than a split row (then they are not repeated at all). */
static void table_head_repeat(layout_ctx *c, size_t first, size_t head)
{
    size_t n = 0;
    float h = 0;
    for (size_t i = first; head && i < c->nsl && !c->sl[i].hdr; i++, n++)
        h += (n ? c->sl[i].before : 0) + c->sl[i].h;
    int repeat = head && n && h <= c->body_h * SPLIT_ROW_SHARE;
    for (size_t i = first + n; head && i < c->nsl; i++) {
        c->sl[i].hdr = repeat ? c->sl[i].hdr : 0;
        c->sl[i].hdrn = repeat ? n : 0;
    }
}

op_status layout_table(layout_ctx *c, op_node *table)
{
    style_computed ts = *layout_style_push(c, "table", NULL);
    float left, width;
    layout_column(c, &left, &width);
    table_geom g;
    op_status st = table_fit(c, table, &ts, &left, &width, &g);
    if (st || g.ncols == 0) {
        layout_style_pop(c);
        return st;
    }
    int nrows = 0;
    for (op_node *row = op_node_first_child(table); row; row = op_node_next(row))
        nrows++;
    /* small tables stay on one page; long ones keep the header with the first row and
     * never leave the last row alone */
    int k = 0;
    size_t head = 0, first = c->nsl;
    row_info ri[3]; /* previous, this and next row */
    op_node *row = op_node_first_child(table);
    row_scan(row, &ri[1]);
    for (; row && !st; row = op_node_next(row), k++) {
        op_node *nx = op_node_next(row);
        if (nx)
            row_scan(nx, &ri[2]);
        if (k > 0 && (nrows <= 8 || k + 1 == nrows))
            c->keep_next = 1;
        st = table_row(c, &g, row, left, k == 0 ? ts.margin[STYLE_TOP] : 0, k ? &ri[0] : NULL,
                       &ri[1], nx ? &ri[2] : NULL, head);
        if (ri[1].hdr && k == 0)
            head = first + 1; /* 1 + index of the header's first slice */
        if (ri[1].hdr)
            c->keep_next = 1;
        ri[0] = ri[1];
        ri[1] = ri[2];
    }
    layout_style_pop(c);
    table_head_repeat(c, first, head);
    c->pending_after = ts.margin[STYLE_BOTTOM] + (g.collapse ? 0 : g.vsp);
    return st;
}
