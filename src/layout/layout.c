/* Block layout for the PDF: walks the model (op_iter ENTER/EXIT) and turns every block
 * into slices (lines, images, table rows) with their boxes; layout_page.c then cuts the
 * vertical list into pages. The title block is in layout_title.c, figures and tables in
 * layout_block.c. */
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

void layout_shift(layout_ctx *c, size_t first, size_t last, float dx, float dy)
{
    for (size_t i = first; i < last; i++) {
        c->d->boxes[i].x += dx;
        c->d->boxes[i].y += dy;
    }
}

/*** Styles ***/

static void style_grow(layout_ctx *c)
{
    if (c->nst == c->capst) {
        c->capst = c->capst ? c->capst * 2 : 16;
        c->sch = op_realloc(c->sch, c->capst * sizeof *c->sch);
        c->scs = op_realloc(c->scs, c->capst * sizeof *c->scs);
    }
}

void layout_style_peek(layout_ctx *c, const char *name, const char *cls, style_computed *out)
{
    style_grow(c);
    c->sch[c->nst] = (style_elem){name, cls};
    float left, width;
    layout_column(c, &left, &width);
    style_computed root;
    const style_computed *parent = c->nst ? &c->scs[c->nst - 1] : NULL;
    if (!parent) {
        style_root(c->medium, &root);
        parent = &root;
    }
    style_compute(c->style, c->sch, c->nst + 1, parent, c->medium, c->medium, width, out);
}

const style_computed *layout_style_push(layout_ctx *c, const char *name, const char *cls)
{
    style_computed s;
    layout_style_peek(c, name, cls, &s);
    c->scs[c->nst++] = s;
    return &c->scs[c->nst - 1];
}

void layout_style_pop(layout_ctx *c)
{
    if (c->nst > 0)
        c->nst--;
}

layout_align layout_style_align(const style_computed *s)
{
    switch (s->align) {
    case STYLE_ALIGN_JUSTIFY:
        return LAYOUT_JUSTIFY;
    case STYLE_ALIGN_CENTER:
        return LAYOUT_CENTER;
    case STYLE_ALIGN_RIGHT:
        return LAYOUT_RIGHT;
    default:
        return LAYOUT_LEFT;
    }
}

layout_span layout_span_of(const style_computed *s)
{
    return (layout_span){.role = (uint8_t)font_role_of(s), .size = s->size, .rgb = s->color};
}

/* The column inside an element's horizontal margins, borders and padding. */
void layout_inner_column(const layout_ctx *c, const style_computed *s, float *left, float *width)
{
    layout_column(c, left, width);
    float l = s->margin[STYLE_LEFT] + s->border[STYLE_LEFT] + s->padding[STYLE_LEFT];
    float r = s->margin[STYLE_RIGHT] + s->border[STYLE_RIGHT] + s->padding[STYLE_RIGHT];
    if (*width - l - r < *width * 0.4f) /* absurd indents: keep a usable column */
        return;
    if (c->env.rtl) { /* a right-to-left document: the theme's left is where lines start */
        float t = l;
        l = r;
        r = t;
    }
    *left += l;
    *width -= l + r;
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
            float w = layout_text_width(&c->env, f->mrole, f->msize, f->marker, strlen(f->marker));
            float x = c->env.rtl ? f->left + f->width + 0.45f * f->msize /* right of the item */
                                 : f->left - 0.45f * f->msize - w;
            layout_text_box(&c->env, f->mrole, f->msize, f->mrgb, x, s->base, f->marker,
                            strlen(f->marker));
        } else if (f->kind == OP_NODE_BLOCKQUOTE) {
            ++depth;
            if (f->bar_w <= 0)
                continue;
            layout_box *b = layout_box_push(c->d, LAYOUT_BOX_RULE);
            b->x = f->bar_x;
            b->y = 0;
            b->h = s->h;
            b->size = f->bar_w;
            b->rgb = f->bar_rgb;
            b->flags = LAYOUT_BOXF_EXTEND_UP;
            b->level = (int16_t)depth;
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
    s->brk = (uint8_t)c->break_next;
    c->break_next = 0;
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

static layout_span inl_span(const layout_ctx *c, const inl_state *st, const layout_span *base)
{
    /* family, weight and slant of each role (font_role order) */
    static const uint8_t fam[FONT_ROLE_COUNT] = {0, 0, 0, 0, 1, 1, 2, 2, 1, 1};
    static const uint8_t bold[FONT_ROLE_COUNT] = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1};
    static const uint8_t ital[FONT_ROLE_COUNT] = {0, 0, 1, 1, 0, 0, 0, 0, 1, 1};
    layout_span sp = *base;
    int r = base->role < FONT_ROLE_COUNT ? base->role : 0;
    style_computed t = {.family = fam[r],
                        .bold = (uint8_t)(bold[r] || st->strong > 0),
                        .italic = (uint8_t)(ital[r] ^ (st->emph % 2))};
    if (st->code) {
        t.family = STYLE_MONO;
        sp.size = base->size * c->code_scale;
    }
    sp.role = (uint8_t)font_role_of(&t);
    if (st->sup || st->sub) {
        sp.size = base->size * 0.7f;
        sp.rise = st->sup ? base->size * 0.36f : -base->size * 0.14f;
    }
    if (st->nurl) {
        sp.url = st->urls[st->nurl - 1];
        sp.rgb = c->link_rgb;
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
        if (op_node_get_url(n) && st->nurl < 32 && d > 0) /* a note reference links its URL */
            st->urls[st->nurl++] = op_node_get_url(n);
        else if (op_node_get_url(n) && st->nurl > 0 && d < 0)
            st->nurl--;
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
        sp = inl_span(c, st, base);
        layout_para_add(&c->para, lit, len, &sp);
        break;
    case OP_NODE_CODE:
        st->code++;
        sp = inl_span(c, st, base);
        st->code--;
        layout_para_add(&c->para, lit, len, &sp);
        break;
    case OP_NODE_LINE_BREAK:
        sp = inl_span(c, st, base);
        layout_para_newline(&c->para, &sp);
        break;
    case OP_NODE_IMAGE:
        st->emph++;
        sp = inl_span(c, st, base);
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
        if (ev == OP_EVENT_ENTER && op_node_get_kind(n) == OP_NODE_SUP && op_node_get_url(n))
            layout_note_register(c, n);
        inl_count(&st, n, ev == OP_EVENT_ENTER ? 1 : -1);
    }
    op_iter_free(it);
}

/*** Paragraph-like blocks ***/

/* 1 when the line's rightmost text ends in a hyphen (a hyphenated or compound word split). */
static int line_ends_hyphen(const layout_ctx *c, const layout_line *ln)
{
    const layout_box *last = NULL;
    for (size_t i = ln->first; i < ln->first + ln->count; i++) {
        const layout_box *b = &c->d->boxes[i];
        if (b->kind == LAYOUT_BOX_TEXT && b->len && (!last || b->x >= last->x))
            last = b;
    }
    if (!last)
        return 0;
    const char *e = last->str + last->len;
    return e[-1] == '-' || (last->len >= 3 && memcmp(e - 3, "\xE2\x80\x90", 3) == 0);
}

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
        s->hyph = (uint8_t)(k + 1 < n && line_ends_hyphen(c, ln));
    }
    return OP_OK;
}

/* Narrows a 2-4 line heading's measure as long as the line count holds, so its lines
 * come out balanced instead of one long line and an orphaned word. */
void layout_balance(layout_ctx *c, layout_para_fmt *fmt)
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

/* Worst line a wrapped heading is justified with: spaces at most 1.5 times their width
 * once font expansion (2%) has taken its share, TeX's \pretolerance. */
#define HEAD_TOLERANCE 100.0f

/* Sets a heading or title that wraps the way LaTeX's standard classes do: total fit,
 * justified, its last line ragged, when every line but the last can be justified within
 * HEAD_TOLERANCE. It is tried unhyphenated, then, when the heading's style says `hyphens:
 * auto` (the shipped themes say none), with hyphenation points, as TeX's second pass, its
 * last line never a word's tail alone. A heading that cannot (a few long words, a narrow
 * measure) stays ragged with balanced lines, hyphenated as its style says: holes in large
 * type are worse than a rag. */
void layout_heading_fmt(layout_ctx *c, layout_para_fmt *fmt, int hyphens)
{
    layout_textenv keep = c->env; /* trial settings are not counted by --stats */
    size_t save = c->d->nboxes;
    int hyph = hyphens == STYLE_HYPH_AUTO && c->env.hyph;
    fmt->heading = 1;
    layout_para_fmt j = *fmt;
    j.align = LAYOUT_JUSTIFY;
    j.tolerance = HEAD_TOLERANCE;
    int ok = 0;
    for (int pass = 0; pass <= hyph && !ok; pass++) {
        j.no_hyphens = pass == 0;
        c->lines.n = 0;
        ok = layout_para_lines(&c->env, &c->para, &j, &c->lines) == OP_OK && c->lines.n >= 2 &&
             !c->lines.first_fit;
        for (size_t k = 0; ok && k + 1 < c->lines.n; k++)
            ok = c->lines.v[k].bad <= HEAD_TOLERANCE;
        c->d->nboxes = save;
    }
    if (ok) {
        *fmt = j;
    } else {
        fmt->body = hyph; /* total fit, ragged, hyphenated */
        layout_balance(c, fmt);
    }
    c->env = keep;
}

static void heading_mark(layout_ctx *c, op_node *h, int level)
{
    size_t len = 0;
    char *t = op_node_nav_text_new(h, &len);
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
    layout_toc_mark(c, h, b);
    op_free(t);
}

static op_status layout_heading(layout_ctx *c, op_node *h)
{
    int level = op_node_get_level(h);
    level = level < 1 ? 1 : level > 6 ? 6 : level;
    static const char *const tags[6] = {"h1", "h2", "h3", "h4", "h5", "h6"};
    style_computed s;
    layout_style_peek(c, tags[level - 1], NULL, &s);
    layout_span base = layout_span_of(&s);
    layout_collect(c, h, &base);
    if (layout_para_empty(&c->para))
        return OP_OK;
    float left, width;
    layout_inner_column(c, &s, &left, &width);
    layout_para_fmt fmt = {.width = width, .lh = s.lh, .align = layout_style_align(&s)};
    fmt.base = (fmt.lh + s.size * 0.7f) / 2;
    if (fmt.align == LAYOUT_LEFT)
        layout_heading_fmt(c, &fmt, s.hyphens);
    /* The outline mark is a zero-height slice kept with the heading's lines. */
    size_t first = c->d->nboxes;
    heading_mark(c, h, level);
    c->d->boxes[c->d->nboxes - 1].x = left;
    layout_slice_add(c, first, 0, 0, s.margin[STYLE_TOP]);
    c->keep_next = 1;
    op_status st = layout_emit_para(c, &fmt, left, 0, 1);
    if (st)
        return st;
    c->pending_after = s.margin[STYLE_BOTTOM];
    c->keep_next = 1;
    return OP_OK;
}

static op_status layout_paragraph(layout_ctx *c, op_node *p, const char *name, const char *cls)
{
    if (!cls && layout_is_image_para(p))
        return layout_figure(c, p);
    style_computed s;
    layout_style_peek(c, name, cls, &s);
    layout_span base = layout_span_of(&s);
    layout_collect(c, p, &base);
    if (layout_para_empty(&c->para))
        return OP_OK;
    float left, width;
    layout_inner_column(c, &s, &left, &width);
    layout_para_fmt fmt = {.width = width, .lh = s.lh, .align = layout_style_align(&s)};
    fmt.indent = s.indent > -width / 2 && s.indent < width / 2 ? s.indent : 0;
    fmt.body = 1;
    fmt.no_hyphens = s.hyphens != STYLE_HYPH_AUTO;
    fmt.base = (fmt.lh + s.size * 0.7f) / 2;
    float before = s.margin[STYLE_TOP];
    op_status st = layout_lead_head(c, &fmt, left, &before);
    if (!st)
        st = layout_emit_para(c, &fmt, left, before, 0);
    c->pending_after = s.margin[STYLE_BOTTOM];
    return st;
}

/* Frame of a code block line: background, side borders, top border on the first line,
 * bottom border on the last; extras of the slice just added. */
static void code_frame(layout_ctx *c, const style_computed *s, float left, float width, float h,
                       int first, int last)
{
    layout_slice *sl = &c->sl[c->nsl - 1];
    size_t before = c->d->nboxes;
    float x0 = left + s->margin[STYLE_LEFT];
    float w = width - s->margin[STYLE_LEFT] - s->margin[STYLE_RIGHT];
    if (s->has_background) {
        layout_box *bg = layout_box_push(c->d, LAYOUT_BOX_RECT);
        bg->x = x0;
        bg->w = w;
        bg->y = h;
        bg->h = h;
        bg->rgb = s->background;
    }
    for (int k = 0; k < 4; k++) {
        float bw = s->border[k];
        if (bw <= 0 || (k == STYLE_TOP && !first) || (k == STYLE_BOTTOM && !last))
            continue;
        layout_box *b = layout_box_push(c->d, LAYOUT_BOX_RULE);
        b->size = bw;
        b->rgb = s->border_rgb[k];
        if (k == STYLE_TOP || k == STYLE_BOTTOM) {
            b->x = x0;
            b->w = w;
            b->y = k == STYLE_TOP ? bw / 2 : h - bw / 2;
        } else {
            b->x = k == STYLE_LEFT ? x0 + bw / 2 : x0 + w - bw / 2;
            b->y = 0;
            b->h = h;
        }
    }
    sl->xcount += c->d->nboxes - before;
}

/* Appends an empty line (a blank source line) to c->lines. */
static void blank_line(layout_ctx *c, float lh, float base)
{
    layout_lines *L = &c->lines;
    if (L->n == L->cap) {
        L->cap = L->cap ? L->cap * 2 : 64;
        L->v = op_realloc(L->v, L->cap * sizeof *L->v);
    }
    L->v[L->n++] = (layout_line){.first = c->d->nboxes, .count = 0, .height = lh, .base = base};
}

/* Sets each source line of a code block on its own; a line too long for the measure wraps
 * and its continuation lines are indented behind a grey arrow. *cont[k] says whether
 * output line k continues a source line (caller frees). */
static op_status code_lines(layout_ctx *c, const char *lit, size_t len, const layout_span *sp,
                            const layout_para_fmt *fmt, unsigned char **cont)
{
    size_t cap = 64;
    unsigned char *flags = op_malloc(cap);
    c->lines.n = 0;
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(lit + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - lit) : len, k = e;
        while (k > i && lit[k - 1] == '\r')
            k--;
        size_t n0 = c->lines.n;
        layout_para_reset(&c->para);
        c->para.preserve = 1;
        layout_para_add(&c->para, lit + i, k - i, sp);
        op_status st = OP_OK;
        if (layout_para_empty(&c->para))
            blank_line(c, fmt->lh, fmt->base);
        else
            st = layout_para_lines(&c->env, &c->para, fmt, &c->lines);
        if (st) {
            op_free(flags);
            return st;
        }
        if (c->lines.n == n0)
            blank_line(c, fmt->lh, fmt->base);
        if (c->lines.n > cap) {
            while (c->lines.n > cap)
                cap *= 2;
            flags = op_realloc(flags, cap);
        }
        for (size_t j = n0; j < c->lines.n; j++)
            flags[j] = j > n0;
        i = e + 1;
    }
    *cont = flags;
    return OP_OK;
}

static op_status layout_code(layout_ctx *c, op_node *node)
{
    size_t len;
    const char *lit = op_node_get_literal(node, &len);
    while (len && (lit[len - 1] == '\n' || lit[len - 1] == '\r'))
        len--;
    if (!len)
        return OP_OK;
    style_computed s;
    layout_style_peek(c, "pre", NULL, &s);
    float lh = s.lh;
    float top_pad = s.padding[STYLE_TOP] + s.border[STYLE_TOP];
    float bottom_pad = s.padding[STYLE_BOTTOM] + s.border[STYLE_BOTTOM];
    layout_span sp = layout_span_of(&s);
    sp.role = (uint8_t)(s.bold ? FONT_MONO_B : FONT_MONO);
    float left, width, tleft, twidth;
    layout_column(c, &left, &width);
    layout_inner_column(c, &s, &tleft, &twidth);
    static const char arrow[] = "\xE2\x86\xAA"; /* U+21AA, before continuation lines */
    float markw = layout_text_width(&c->env, FONT_MONO, s.size, "  ", 2);
    if (markw > twidth / 4)
        markw = 0;
    /* the first line of each source line starts at the left edge, the rest after the mark */
    layout_para_fmt fmt = {.width = twidth - markw, .lh = lh, .align = LAYOUT_LEFT};
    fmt.indent = -markw;
    fmt.base = (lh + s.size * 0.7f) / 2;
    unsigned char *cont = NULL;
    op_status st = code_lines(c, lit, len, &sp, &fmt, &cont);
    if (st)
        return st;
    size_t n = c->lines.n;
    for (size_t k = 0; k < n; k++) {
        layout_line *ln = &c->lines.v[k];
        float top = k == 0 ? top_pad : 0, h = lh + top + (k + 1 == n ? bottom_pad : 0);
        layout_shift(c, ln->first, ln->first + ln->count, tleft + markw, top);
        if (k == 1 || (k + 1 == n && k > 0))
            c->keep_next = 1;
        layout_slice *sl =
            layout_slice_add(c, ln->first, h, ln->base + top, k ? 0 : s.margin[STYLE_TOP]);
        sl->count = ln->count;
        if (cont[k] && markw > 0) {
            size_t b0 = c->d->nboxes;
            layout_text_box(&c->env, FONT_MONO, s.size * 0.9f, 0x888888u, tleft, ln->base + top,
                            arrow, sizeof arrow - 1);
            c->sl[c->nsl - 1].xcount += c->d->nboxes - b0;
        }
        code_frame(c, &s, left, width, h, k == 0, k + 1 == n);
    }
    op_free(cont);
    c->pending_after = s.margin[STYLE_BOTTOM];
    return OP_OK;
}

static void layout_rule(layout_ctx *c)
{
    style_computed s;
    layout_style_peek(c, "hr", NULL, &s);
    float left, width;
    layout_column(c, &left, &width);
    size_t first = c->d->nboxes;
    float w = c->size * 6;
    layout_box *b = layout_box_push(c->d, LAYOUT_BOX_RULE);
    b->x = left + (width - w) / 2;
    b->w = w;
    b->y = c->lh / 2;
    b->size = s.border[STYLE_TOP] > 0 ? s.border[STYLE_TOP] : 0.6f;
    b->rgb = s.border[STYLE_TOP] > 0 ? s.border_rgb[STYLE_TOP] : 0x444444u;
    layout_slice_add(c, first, c->lh, c->lh / 2, s.margin[STYLE_TOP]);
    c->pending_after = s.margin[STYLE_BOTTOM];
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
    float step = list ? list->step : c->size * 1.6f;
    int indent = indent_levels(c) < MAX_INDENT_LEVELS;
    const style_computed *s = layout_style_push(c, "li", NULL);
    layout_frame *f = frame_push(c, OP_NODE_ITEM);
    f->indented = indent;
    f->after = s->margin[STYLE_BOTTOM];
    style_computed m = *s;
    m.italic = 0;
    f->mrole = font_role_of(&m);
    f->msize = s->size;
    f->mrgb = s->color;
    if (c->pending_after < s->margin[STYLE_TOP])
        c->pending_after = s->margin[STYLE_TOP];
    if (indent && step > 0 && step < f->width * 0.5f) {
        f->left += c->env.rtl ? 0 : step; /* right to left: indented from the right */
        f->width -= step;
    }
    static const char *const bullets[3] = {"\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x97\xA6"};
    if (ordered) /* right to left, the full stop reads after the number: on its left */
        snprintf(f->marker, sizeof f->marker, c->env.rtl ? ".%d" : "%d.", num);
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
    int ordered = op_node_get_list_ordered(n);
    const style_computed *s = layout_style_push(c, ordered ? "ol" : "ul", NULL);
    float gap = s->margin[STYLE_TOP];
    layout_frame *f = frame_push(c, OP_NODE_LIST);
    f->ordered = ordered;
    f->counter = f->ordered ? op_node_get_list_start(n) : 1;
    f->level = level;
    f->step = s->margin[STYLE_LEFT] + s->padding[STYLE_LEFT];
    f->after = s->margin[STYLE_BOTTOM];
    c->pending_after = c->pending_after > gap ? c->pending_after : gap;
}

static void enter_quote(layout_ctx *c)
{
    int indent = indent_levels(c) < MAX_INDENT_LEVELS;
    const style_computed *s = layout_style_push(c, "blockquote", NULL);
    layout_frame *f = frame_push(c, OP_NODE_BLOCKQUOTE);
    float ml = s->margin[STYLE_LEFT], bl = s->border[STYLE_LEFT];
    float step = ml + bl + s->padding[STYLE_LEFT];
    float right = s->margin[STYLE_RIGHT] + s->border[STYLE_RIGHT] + s->padding[STYLE_RIGHT];
    f->bar_x = c->env.rtl ? f->left + f->width - ml - bl / 2 : f->left + ml + bl / 2;
    f->bar_w = bl;
    f->bar_rgb = s->border_rgb[STYLE_LEFT];
    f->after = s->margin[STYLE_BOTTOM];
    f->indented = indent;
    if (indent && step + right < f->width * 0.5f) { /* right to left: the rule on the right */
        f->left += c->env.rtl ? right : step;
        f->width -= step + right;
    }
    float gap = s->margin[STYLE_TOP];
    c->pending_after = c->pending_after > gap ? c->pending_after : gap;
}

static void frame_pop(layout_ctx *c)
{
    if (!c->nfr)
        return;
    layout_frame *f = &c->fr[c->nfr - 1];
    if (f->kind == OP_NODE_ITEM && f->pending) { /* an empty item still shows its marker */
        size_t first = c->d->nboxes;
        layout_slice_add(c, first, c->lh, (c->lh + c->size * 0.7f) / 2, 0);
    }
    float gap = f->after;
    c->nfr--;
    layout_style_pop(c);
    if (c->pending_after < gap)
        c->pending_after = gap;
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
            int para = op_node_get_kind(n) == OP_NODE_PARAGRAPH;
            st = layout_paragraph(c, n, "p", para ? NULL : "caption");
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

/*** Entry ***/

/* The theme's @page margins (24/20/26 mm when it gives none), scaled down in proportion
 * on pages narrower than A4; percentages are of the page width. */
static void page_margins(const layout_ctx *c, float pw, float ph, float m[4])
{
    static const float def[4] = {24 * MM, 20 * MM, 26 * MM, 20 * MM};
    style_page pg;
    style_page_get(c->style, c->medium, &pg);
    float scale = pw / 595.28f;
    scale = scale < 0.3f ? 0.3f : scale > 1 ? 1 : scale;
    for (int k = 0; k < 4; k++) {
        if (pg.margin[k] < 0)
            m[k] = def[k] * scale;
        else
            m[k] = pg.margin_pct[k] ? pg.margin[k] * pw / 100 : pg.margin[k] * scale;
    }
    if (m[STYLE_LEFT] + m[STYLE_RIGHT] > pw * 0.6f) {
        float f = pw * 0.6f / (m[STYLE_LEFT] + m[STYLE_RIGHT]);
        m[STYLE_LEFT] *= f;
        m[STYLE_RIGHT] *= f;
    }
    if (m[STYLE_TOP] + m[STYLE_BOTTOM] > ph * 0.5f) {
        float f = ph * 0.5f / (m[STYLE_TOP] + m[STYLE_BOTTOM]);
        m[STYLE_TOP] *= f;
        m[STYLE_BOTTOM] *= f;
    }
}

/* Page geometry from the theme: the text column is the body's max-width (or all the room
 * inside the page and body margins), centred; the root chain html > body > article is
 * pushed for every block below. */
static void geometry(layout_ctx *c, float pw, float ph)
{
    c->medium = pw < 500 ? 10.0f : 10.5f;
    float m[4];
    page_margins(c, pw, ph, m);
    float area = pw - m[STYLE_LEFT] - m[STYLE_RIGHT];
    c->margin_l = m[STYLE_LEFT];
    c->measure = area;
    layout_style_push(c, "html", NULL);
    style_computed body = *layout_style_push(c, "body", NULL);
    float bl = body.margin[STYLE_LEFT], br = body.margin[STYLE_RIGHT];
    if (bl < 0 || br < 0 || bl + br > area * 0.5f)
        bl = br = 0;
    float avail = area - bl - br;
    c->measure = body.max_width > body.size * 8 && body.max_width < avail ? body.max_width : avail;
    c->margin_l = m[STYLE_LEFT] + bl + (avail - c->measure) / 2;
    const style_computed *art = layout_style_push(c, "article", NULL);
    c->size = art->size;
    c->lh = art->lh;
    c->margin_top = m[STYLE_TOP];
    float bottom = m[STYLE_BOTTOM];
    c->body_h = ph - c->margin_top - bottom;
    /* snap the text area to whole body lines so full pages end on the grid */
    if (c->body_h > c->lh)
        c->body_h = (float)(int)(c->body_h / c->lh) * c->lh + 0.5f;
    c->margin_bottom = bottom;
}

/* Inline code size and link colour, as the theme sets them inside a paragraph. */
static void inline_styles(layout_ctx *c)
{
    const style_computed *p = layout_style_push(c, "p", NULL);
    float psize = p->size;
    style_computed code, a;
    layout_style_peek(c, "code", NULL, &code);
    layout_style_peek(c, "a", NULL, &a);
    layout_style_pop(c);
    c->code_scale = code.size / psize;
    if (c->code_scale < 0.5f || c->code_scale > 2)
        c->code_scale = 0.88f;
    c->link_rgb = a.color;
}

void layout_ctx_init(layout_ctx *c, layout_doc *d, const op_doc *doc, const layout_opts *o)
{
    memset(c, 0, sizeof *c);
    c->d = d;
    c->o = o;
    c->doc = doc;
    c->env = (layout_textenv){
        .m = o->metrics, .diag = o->diag, .lang = o->lang, .rtl = op_lang_rtl(o->lang), .doc = d};
    c->env.gmap = o->gmap;
    c->env.ragged = o->no_justify;
    layout_para_init(&c->para, 0);
    c->style = o->style;
    geometry(c, o->page_w, o->page_h);
    inline_styles(c);
}

void layout_ctx_free(layout_ctx *c)
{
    layout_para_free(&c->para);
    layout_notes_free(&c->notes);
    layout_toc_free(&c->toc);
    op_free(c->lines.v);
    op_free(c->sl);
    op_free(c->fr);
    op_free(c->sch);
    op_free(c->scs);
}

void layout_mark_slice(layout_ctx *c, const char *text, size_t len, int level)
{
    size_t first = c->d->nboxes;
    layout_box *b = layout_box_push(c->d, LAYOUT_BOX_MARK);
    b->str = op_arena_strndup(c->d->arena, text, len);
    b->len = (uint32_t)len;
    b->level = (int16_t)level;
    b->x = c->margin_l;
    layout_slice_add(c, first, 0, 0, 0);
    c->keep_next = 1;
}

/* The title of an article of a book (its outline entry, its contents entry): the title
 * block's, else "Untitled", one line of at most 400 bytes. */
static void book_title(layout_ctx *c)
{
    const char *t = c->title && c->title[0] ? c->title : "Untitled";
    size_t len = strlen(t);
    if (len > 400) {
        len = 400;
        while (len > 0 && (t[len] & 0xC0) == 0x80)
            len--;
    }
    char *s = op_arena_strndup(c->d->arena, t, len);
    for (char *p = s; *p; p++)
        if (*p == '\n' || *p == '\t' || *p == '\r')
            *p = ' ';
    c->d->title = s;
    layout_mark_slice(c, s, len, 0);
}

op_status layout_document(const op_doc *doc, const layout_opts *o, layout_doc **out)
{
    layout_doc *d = op_calloc(1, sizeof *d);
    d->arena = op_arena_new();
    d->page_w = o->page_w;
    d->page_h = o->page_h;
    layout_ctx c;
    layout_ctx_init(&c, d, doc, o);
    layout_hyph *own_hyph = o->hyph || o->no_hyphenate ? NULL : layout_hyph_new(NULL);
    c.env.hyph = o->no_hyphenate ? NULL : o->hyph ? o->hyph : own_hyph;
    if (c.env.hyph) {
        /* dictionaries load many times faster knowing the words; a lent set is prepared
         * the same way, so its points are those of a new one */
        size_t tlen = 0;
        char *text = op_node_text_new(op_doc_root(doc), &tlen);
        layout_hyph_prepare(c.env.hyph, text, tlen);
        op_free(text);
    }
    layout_find_title_heading(&c);
    if (!c.title) { /* a heading the parser took out for the title: its link */
        c.title = op_doc_get_meta(doc, OP_META_TITLE);
        c.title_inl = c.title ? op_doc_get_title_node(doc) : NULL;
    }
    if (o->book)
        book_title(&c);
    op_status st = layout_title_block(&c);
    if (st == OP_OK && o->toc && !o->book)
        st = layout_toc_page(&c, o->toc_depth);
    op_iter *it = op_iter_new(op_doc_root(doc));
    op_event ev;
    while (st == OP_OK && (ev = op_iter_next(it)) != OP_EVENT_DONE)
        st = render_node(&c, it, op_iter_node(it), ev);
    op_iter_free(it);
    if (st == OP_OK) {
        layout_notes_finish(&c);
        layout_paginate(&c);
        layout_toc_fill(&c);
        if (!o->book)
            layout_margin_boxes(&c);
    }
    layout_report_missing(&c.env);
    if (o->stats)
        layout_report_stats(&c.env);
    layout_hyph_free(own_hyph);
    layout_ctx_free(&c);
    if (st) {
        layout_doc_free(d);
        d = NULL;
    }
    *out = d;
    return st;
}
