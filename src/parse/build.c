/* Normalising tree builder: parsers call enter/leave/text in whatever order their input
 * gives, and this file turns that into a tree that passes op_doc_check. It keeps two
 * stacks: the requests the parser made (frames) and the nodes really open (slots). A
 * request may be refused (flattened), auto-wrapped, or closed early by a block; inline
 * formatting closed by a block is re-opened when more text arrives. */
#include "parse/build.h"

#include "core/core.h"

#include <string.h>

typedef struct frame {
    op_node *node; /* node made for this request (the newest one when re-opened) */
    op_node_kind kind;
    unsigned char open; /* node is on the open stack */
    unsigned char flat; /* request was flattened: no node */
} frame;

typedef struct slot {
    op_node *node;
    long frame; /* index into frames, -1 for nodes the builder opened itself */
} slot;

struct op_build {
    op_doc *doc;
    unsigned flags;
    int max_depth;
    frame *frames;
    size_t nframes, capframes;
    slot *open;
    size_t nopen, capopen;
    op_buf text;  /* pending text for the current node */
    op_buf lit;   /* literal being captured */
    long capture; /* frame whose leaf collects text, or -1 */
    int last_space;
};

enum { P_OK = 0, P_AGAIN, P_FLAT };

/*** Kinds ***/

static int is_wrapper_inline(op_node_kind k)
{
    return k == OP_NODE_EMPH || k == OP_NODE_STRONG || k == OP_NODE_LINK || k == OP_NODE_SUB ||
           k == OP_NODE_SUP;
}

static int is_inline(op_node_kind k)
{
    return k >= OP_NODE_TEXT && k <= OP_NODE_SUP;
}

static int is_flow_block(op_node_kind k)
{
    return k == OP_NODE_HEADING || k == OP_NODE_PARAGRAPH || k == OP_NODE_BLOCKQUOTE ||
           k == OP_NODE_LIST || k == OP_NODE_CODE_BLOCK || k == OP_NODE_FIGURE ||
           k == OP_NODE_TABLE || k == OP_NODE_THEMATIC_BREAK;
}

static int holds_inlines(op_node_kind k)
{
    return k == OP_NODE_HEADING || k == OP_NODE_PARAGRAPH || k == OP_NODE_CAPTION ||
           k == OP_NODE_TABLE_CELL || is_wrapper_inline(k);
}

static int holds_blocks(op_node_kind k)
{
    return k == OP_NODE_DOCUMENT || k == OP_NODE_BLOCKQUOTE || k == OP_NODE_ITEM;
}

/* Kinds that only wrap other content: refused near the depth limit. */
static int is_wrapper(op_node_kind k)
{
    return k == OP_NODE_BLOCKQUOTE || k == OP_NODE_LIST || k == OP_NODE_FIGURE ||
           k == OP_NODE_TABLE || is_wrapper_inline(k);
}

static int is_leaf(op_node_kind k)
{
    return k == OP_NODE_TEXT || k == OP_NODE_CODE || k == OP_NODE_LINE_BREAK ||
           k == OP_NODE_IMAGE || k == OP_NODE_CODE_BLOCK || k == OP_NODE_THEMATIC_BREAK;
}

static int accepts(op_node_kind p, op_node_kind k)
{
    if (holds_blocks(p))
        return is_flow_block(k);
    if (holds_inlines(p))
        return is_inline(k);
    switch (p) {
    case OP_NODE_LIST:
        return k == OP_NODE_ITEM;
    case OP_NODE_TABLE:
        return k == OP_NODE_TABLE_ROW;
    case OP_NODE_TABLE_ROW:
        return k == OP_NODE_TABLE_CELL;
    case OP_NODE_FIGURE:
        return k == OP_NODE_IMAGE || k == OP_NODE_CAPTION;
    default:
        return 0;
    }
}

/*** Stacks ***/

static op_node *cur(const op_build *b)
{
    return b->open[b->nopen - 1].node;
}

static op_node_kind cur_kind(const op_build *b)
{
    return op_node_get_kind(cur(b));
}

static int cur_is_auto(const op_build *b)
{
    return b->open[b->nopen - 1].frame < 0;
}

static long push_frame(op_build *b, op_node_kind k)
{
    if (b->nframes == b->capframes) {
        b->capframes = b->capframes ? b->capframes * 2 : 64;
        b->frames = op_realloc(b->frames, b->capframes * sizeof *b->frames);
    }
    frame *f = &b->frames[b->nframes];
    memset(f, 0, sizeof *f);
    f->kind = k;
    return (long)b->nframes++;
}

static void push_open(op_build *b, op_node *n, long fi)
{
    if (b->nopen == b->capopen) {
        b->capopen *= 2;
        b->open = op_realloc(b->open, b->capopen * sizeof *b->open);
    }
    b->open[b->nopen].node = n;
    b->open[b->nopen].frame = fi;
    b->nopen++;
    if (fi >= 0) {
        b->frames[fi].node = n;
        b->frames[fi].open = 1;
    }
    if (holds_inlines(op_node_get_kind(n)) && !is_wrapper_inline(op_node_get_kind(n)))
        b->last_space = 1;
}

static void flush(op_build *b)
{
    if (!b->text.len)
        return;
    op_buf clean;
    op_buf_init(&clean, 0);
    op_utf8_sanitize(&clean, b->text.data, b->text.len);
    if (clean.len) {
        op_node *t = op_node_new(b->doc, OP_NODE_TEXT);
        op_node_set_literal(b->doc, t, clean.data, clean.len);
        op_node_append_child(cur(b), t);
    }
    op_buf_free(&clean);
    op_buf_reset(&b->text);
}

static void close_top(op_build *b)
{
    if (b->nopen <= 1)
        return;
    flush(b);
    slot s = b->open[--b->nopen];
    if (s.frame >= 0) {
        b->frames[s.frame].open = 0;
    }
}

static int wrapper_ok(const op_build *b)
{
    return (int)b->nopen <= b->max_depth - 4;
}

/*** Placement ***/

static op_node *new_node(op_build *b, op_node_kind k)
{
    op_node *n = op_node_new(b->doc, k);
    if (k == OP_NODE_LIST)
        op_node_set_list(n, 0, 1);
    else if (k == OP_NODE_HEADING)
        op_node_set_level(n, 1);
    return n;
}

static int auto_open(op_build *b, op_node_kind k)
{
    if (is_wrapper(k) && !wrapper_ok(b))
        return P_FLAT;
    op_node *n = new_node(b, k);
    op_node_append_child(cur(b), n);
    push_open(b, n, -1);
    return P_AGAIN;
}

static op_node *find_caption(op_node *fig)
{
    op_node *c = op_node_last_child(fig);
    return c && op_node_get_kind(c) == OP_NODE_CAPTION ? c : NULL;
}

/* Text in a figure goes to its caption (the existing one, re-opened). */
static int open_caption(op_build *b, long fi)
{
    op_node *cap = find_caption(cur(b));
    if (!cap) {
        cap = op_node_new(b->doc, OP_NODE_CAPTION);
        op_node_append_child(cur(b), cap);
    } else if (op_node_first_child(cap)) {
        b->last_space = 0;
        op_buf_addc(&b->text, ' ');
    }
    push_open(b, cap, fi);
    if (op_node_first_child(cap))
        b->last_space = 0;
    return fi >= 0 ? P_OK : P_AGAIN;
}

static int fix_block_container(op_build *b, op_node_kind p, op_node_kind *kp)
{
    op_node_kind k = *kp;
    if (p == OP_NODE_ITEM && k == OP_NODE_ITEM) {
        close_top(b);
        return P_AGAIN;
    }
    if (k == OP_NODE_CAPTION) {
        *kp = OP_NODE_PARAGRAPH;
        return P_AGAIN;
    }
    if (k == OP_NODE_ITEM)
        return auto_open(b, OP_NODE_LIST);
    if (k == OP_NODE_TABLE_ROW || k == OP_NODE_TABLE_CELL)
        return auto_open(b, OP_NODE_TABLE);
    if (k == OP_NODE_DOCUMENT)
        return P_FLAT;
    return auto_open(b, OP_NODE_PARAGRAPH);
}

/* One repair step making cur() able to hold a `*kp`. */
static int fix(op_build *b, op_node_kind p, op_node_kind *kp)
{
    op_node_kind k = *kp;
    int au = cur_is_auto(b);
    if (holds_blocks(p))
        return fix_block_container(b, p, kp);
    switch (p) {
    case OP_NODE_LIST:
        if (au) {
            close_top(b);
            return P_AGAIN;
        }
        return auto_open(b, OP_NODE_ITEM);
    case OP_NODE_TABLE:
        if (au && k != OP_NODE_TABLE_CELL) {
            close_top(b);
            return P_AGAIN;
        }
        return auto_open(b, OP_NODE_TABLE_ROW);
    case OP_NODE_TABLE_ROW: /* an auto row in an auto table closes for anything but cells */
        if (k == OP_NODE_TABLE_ROW ||
            (au && b->open[b->nopen - 2].frame < 0 && k != OP_NODE_TABLE_CELL)) {
            close_top(b);
            return P_AGAIN;
        }
        return auto_open(b, OP_NODE_TABLE_CELL);
    case OP_NODE_TABLE_CELL:
        if (au && (k == OP_NODE_TABLE_ROW || k == OP_NODE_TABLE_CELL)) {
            close_top(b);
            return P_AGAIN;
        }
        return P_FLAT;
    case OP_NODE_CAPTION:
        if (au) {
            close_top(b);
            return P_AGAIN;
        }
        return P_FLAT;
    case OP_NODE_FIGURE: /* <figure><p><a><img> is common: keep the image in the figure */
        if (is_wrapper_inline(k) || k == OP_NODE_PARAGRAPH)
            return P_FLAT;
        if (is_inline(k))
            return open_caption(b, -1);
        close_top(b);
        return P_AGAIN;
    default: /* paragraph, heading, inline wrappers: a block closes them */
        close_top(b);
        return P_AGAIN;
    }
}

static int place(op_build *b, op_node_kind *kp)
{
    for (size_t guard = 0; guard < 64 + 2 * b->nopen; guard++) {
        op_node_kind p = cur_kind(b);
        if (accepts(p, *kp))
            return P_OK;
        if (fix(b, p, kp) == P_FLAT)
            return P_FLAT;
    }
    return P_FLAT; /* defensive: a repair loop that does not converge */
}

/* Re-opens inline formatting that a block closed while the parser still has it open. */
static void reopen_inlines(op_build *b, size_t top)
{
    /* Requested inlines wrap everything opened inside them (<a><h2>T</h2></a> links T),
     * so look past open frames; a closed block frame ends the search. */
    size_t lo = top, seen = 0;
    while (lo > 0 && seen < 64) {
        frame *f = &b->frames[lo - 1];
        if (!f->flat && !f->open && !is_wrapper_inline(f->kind))
            break;
        lo--;
        seen++;
    }
    for (size_t i = lo; i < top; i++) {
        frame *f = &b->frames[i];
        if (f->flat || f->open)
            continue;
        if (!wrapper_ok(b)) {
            f->flat = 1;
            continue;
        }
        flush(b);
        op_node *n = op_node_new(b->doc, f->kind);
        const char *u = f->node ? op_node_get_url(f->node) : NULL;
        const char *t = f->node ? op_node_get_title(f->node) : NULL;
        if (u)
            op_node_set_url(b->doc, n, u, strlen(u));
        if (t)
            op_node_set_title(b->doc, n, t, strlen(t));
        op_node_append_child(cur(b), n);
        push_open(b, n, (long)i);
    }
}

/*** Public API ***/

op_build *op_build_new(op_doc *doc, int max_depth, unsigned flags)
{
    op_build *b = op_calloc(1, sizeof *b);
    b->doc = doc;
    b->flags = flags;
    if (max_depth <= 0)
        max_depth = 256;
    b->max_depth = max_depth < 8 ? 8 : max_depth > 100000 ? 100000 : max_depth;
    b->capopen = 64;
    b->open = op_malloc(b->capopen * sizeof *b->open);
    b->open[0].node = op_doc_root(doc);
    b->open[0].frame = -1;
    b->nopen = 1;
    op_buf_init(&b->text, 0);
    op_buf_init(&b->lit, 0);
    b->capture = -1;
    b->last_space = 1;
    return b;
}

void op_build_free(op_build *b)
{
    if (!b)
        return;
    op_free(b->frames);
    op_free(b->open);
    op_buf_free(&b->text);
    op_buf_free(&b->lit);
    op_free(b);
}

int op_build_capturing(const op_build *b)
{
    return b->capture >= 0;
}

static void add_separator(op_build *b, op_node_kind k)
{
    op_node *c = cur(b);
    flush(b);
    if (!op_node_first_child(c))
        return;
    if (k == OP_NODE_TABLE_CELL) {
        if (!b->last_space)
            op_build_text(b, " ", 1);
        return;
    }
    op_node *last = op_node_last_child(c);
    if (op_node_get_kind(last) != OP_NODE_LINE_BREAK) {
        op_node_append_child(c, op_node_new(b->doc, OP_NODE_LINE_BREAK));
        b->last_space = 1;
    }
}

static op_node *enter_flat(op_build *b, long fi, op_node_kind k)
{
    b->frames[fi].flat = 1;
    if (!holds_inlines(cur_kind(b)) || is_wrapper_inline(k))
        return NULL;
    if (k == OP_NODE_CODE_BLOCK) { /* code inside a cell or caption: inline code */
        b->frames[fi].flat = 0;
        op_node *n = op_node_new(b->doc, OP_NODE_CODE);
        op_node_append_child(cur(b), n);
        b->frames[fi].node = n;
        b->capture = fi;
        op_buf_reset(&b->lit);
        return n;
    }
    add_separator(b, k);
    return NULL;
}

static void start_node(op_build *b, long fi, op_node *n)
{
    op_node_kind k = op_node_get_kind(n);
    b->frames[fi].node = n;
    if (k == OP_NODE_IMAGE || k == OP_NODE_CODE || k == OP_NODE_CODE_BLOCK) {
        b->capture = fi;
        op_buf_reset(&b->lit);
    } else if (k == OP_NODE_LINE_BREAK) {
        b->last_space = 1;
    }
    if (!is_leaf(k))
        push_open(b, n, fi);
}

/* Two line breaks in a row in HTML mean a paragraph break. */
static int double_break(op_build *b)
{
    op_node *c = cur(b);
    op_node *last = op_node_last_child(c);
    if (!(b->flags & OP_BUILD_COLLAPSE_WS) || op_node_get_kind(c) != OP_NODE_PARAGRAPH || !last ||
        op_node_get_kind(last) != OP_NODE_LINE_BREAK)
        return 0;
    op_node_unlink(last);
    close_top(b);
    return 1;
}

op_node *op_build_enter(op_build *b, op_node_kind k)
{
    long fi = push_frame(b, k);
    if (b->capture >= 0 || k == OP_NODE_DOCUMENT || k == OP_NODE_TEXT ||
        (unsigned)k >= OP_NODE_KIND_COUNT) {
        b->frames[fi].flat = 1;
        return NULL;
    }
    flush(b);
    if (k == OP_NODE_LINE_BREAK && (!holds_inlines(cur_kind(b)) || double_break(b))) {
        b->frames[fi].flat = 1;
        return NULL;
    }
    if (place(b, &k) == P_FLAT)
        return enter_flat(b, fi, k);
    if (k == OP_NODE_CAPTION) { /* cur is a figure: one caption, re-opened if needed */
        open_caption(b, fi);
        return cur(b);
    }
    if (is_wrapper(k) && !wrapper_ok(b)) {
        b->frames[fi].flat = 1;
        return NULL;
    }
    if (is_inline(k))
        reopen_inlines(b, (size_t)fi);
    op_node *n = new_node(b, k);
    op_node *cap = cur_kind(b) == OP_NODE_FIGURE ? find_caption(cur(b)) : NULL;
    if (cap)
        op_node_insert_before(cap, n);
    else
        op_node_append_child(cur(b), n);
    start_node(b, fi, n);
    return n;
}

static void collapse_into(op_buf *out, const char *s, size_t len, int *last_space);

static void end_capture(op_build *b, op_node *n)
{
    op_node_kind k = op_node_get_kind(n);
    op_buf clean, tmp;
    op_buf_init(&clean, 0);
    op_buf_init(&tmp, 0);
    b->capture = -1;
    const char *s = b->lit.data ? b->lit.data : "";
    size_t len = b->lit.len;
    if (k != OP_NODE_CODE_BLOCK && (b->flags & OP_BUILD_COLLAPSE_WS || k == OP_NODE_IMAGE)) {
        int ls = 1;
        collapse_into(&tmp, s, len, &ls);
        s = tmp.data ? tmp.data : "";
        len = tmp.len;
        while (len && s[len - 1] == ' ')
            len--;
    }
    while (k == OP_NODE_CODE_BLOCK && len && (s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    op_utf8_sanitize(&clean, s, len);
    if (clean.len)
        op_node_set_literal(b->doc, n, clean.data, clean.len);
    else if (k != OP_NODE_IMAGE)
        op_node_unlink(n);
    if (k != OP_NODE_CODE_BLOCK)
        b->last_space = 0;
    op_buf_free(&clean);
    op_buf_free(&tmp);
    op_buf_reset(&b->lit);
}

void op_build_leave(op_build *b)
{
    if (!b->nframes)
        return;
    long fi = (long)--b->nframes;
    frame f = b->frames[fi];
    if (b->capture == fi) {
        end_capture(b, f.node);
        return;
    }
    if (f.flat || !f.open)
        return;
    flush(b);
    while (b->nopen > 1) {
        long top = b->open[b->nopen - 1].frame;
        close_top(b);
        if (top == fi)
            break;
    }
}

op_node *op_build_leaf(op_build *b, op_node_kind kind)
{
    op_node *n = op_build_enter(b, kind);
    op_build_leave(b);
    return n;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void collapse_into(op_buf *out, const char *s, size_t len, int *last_space)
{
    size_t i = 0;
    while (i < len) {
        if (is_ws(s[i])) {
            if (!*last_space)
                op_buf_addc(out, ' ');
            *last_space = 1;
            while (i < len && is_ws(s[i]))
                i++;
            continue;
        }
        size_t j = i;
        while (j < len && !is_ws(s[j]))
            j++;
        op_buf_add(out, s + i, j - i);
        *last_space = 0;
        i = j;
    }
}

static int all_space(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!is_ws(s[i]))
            return 0;
    return 1;
}

void op_build_text(op_build *b, const char *s, size_t len)
{
    if (!s || !len)
        return;
    if (b->capture >= 0) {
        op_buf_add(&b->lit, s, len);
        return;
    }
    int collapse = (b->flags & OP_BUILD_COLLAPSE_WS) != 0;
    if (all_space(s, len) && (!holds_inlines(cur_kind(b)) || (collapse && b->last_space)))
        return;
    op_node_kind k = OP_NODE_TEXT;
    if (!holds_inlines(cur_kind(b))) {
        flush(b);
        if (place(b, &k) == P_FLAT)
            return;
    }
    reopen_inlines(b, b->nframes);
    if (collapse) {
        collapse_into(&b->text, s, len, &b->last_space);
    } else {
        op_buf_add(&b->text, s, len);
        b->last_space = is_ws(s[len - 1]);
    }
}

void op_build_break(op_build *b)
{
    if (b->capture >= 0)
        return;
    flush(b);
    size_t i = b->nopen - 1;
    while (i > 0 && is_wrapper_inline(op_node_get_kind(b->open[i].node)))
        i--;
    op_node *blk = b->open[i].node;
    op_node_kind k = op_node_get_kind(blk);
    if ((k == OP_NODE_PARAGRAPH || k == OP_NODE_CAPTION) && b->open[i].frame < 0) {
        while (b->nopen > i)
            close_top(b);
        return;
    }
    if (holds_inlines(k) && op_node_first_child(blk))
        add_separator(b, OP_NODE_PARAGRAPH);
}

/*** Normalisation ***/

static int is_empty(const op_node *n)
{
    size_t len = 0;
    switch (op_node_get_kind(n)) {
    case OP_NODE_TEXT:
    case OP_NODE_CODE:
    case OP_NODE_CODE_BLOCK:
        op_node_get_literal(n, &len);
        return len == 0;
    case OP_NODE_IMAGE:
        return !op_node_get_url(n) || !*op_node_get_url(n);
    case OP_NODE_DOCUMENT:
    case OP_NODE_TABLE_CELL:
    case OP_NODE_LINE_BREAK:
    case OP_NODE_THEMATIC_BREAK:
        return 0;
    default:
        return op_node_first_child(n) == NULL;
    }
}

static int edge_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

static void trim_text(op_doc *doc, op_node *t, int at_end)
{
    size_t len;
    const char *s = op_node_get_literal(t, &len);
    size_t a = 0, e = len;
    if (at_end)
        while (e > 0 && edge_space(s[e - 1]))
            e--;
    else
        while (a < len && edge_space(s[a]))
            a++;
    if (a != 0 || e != len)
        op_node_set_literal(doc, t, s + a, e - a);
}

/* Drops white space and line breaks at one edge of an inline container. */
static void trim_edge(op_doc *doc, op_node *blk, int at_end)
{
    op_node *node = blk;
    for (;;) {
        op_node *c = at_end ? op_node_last_child(node) : op_node_first_child(node);
        if (!c) {
            if (node == blk)
                return;
            op_node *p = op_node_parent(node);
            op_node_unlink(node);
            node = p;
            continue;
        }
        op_node_kind k = op_node_get_kind(c);
        if (k == OP_NODE_TEXT) {
            trim_text(doc, c, at_end);
            if (!is_empty(c))
                return;
            op_node_unlink(c);
        } else if (k == OP_NODE_LINE_BREAK) {
            op_node_unlink(c);
        } else if (is_wrapper_inline(k)) {
            node = c;
        } else {
            return;
        }
    }
}

/* "a <br>" -> "a<br>": a space before a line break is never wanted. */
static void trim_before_breaks(op_doc *doc, op_node *parent)
{
    for (op_node *c = op_node_first_child(parent); c; c = op_node_next(c)) {
        op_node *prev = op_node_prev(c);
        if (op_node_get_kind(c) != OP_NODE_LINE_BREAK || !prev ||
            op_node_get_kind(prev) != OP_NODE_TEXT)
            continue;
        trim_text(doc, prev, 1);
        if (is_empty(prev))
            op_node_unlink(prev);
    }
}

static void merge_texts(op_doc *doc, op_node *parent)
{
    op_node *c = op_node_first_child(parent);
    while (c) {
        op_node *n = op_node_next(c);
        if (op_node_get_kind(c) != OP_NODE_TEXT || !n || op_node_get_kind(n) != OP_NODE_TEXT) {
            c = n;
            continue;
        }
        op_buf all;
        op_buf_init(&all, 0);
        size_t len;
        const char *s = op_node_get_literal(c, &len);
        op_buf_add(&all, s, len);
        while (n && op_node_get_kind(n) == OP_NODE_TEXT) {
            s = op_node_get_literal(n, &len);
            op_buf_add(&all, s, len);
            op_node *nn = op_node_next(n);
            op_node_unlink(n);
            n = nn;
        }
        op_node_set_literal(doc, c, all.data, all.len);
        op_buf_free(&all);
        c = n;
    }
}

/* A figure without an image becomes a paragraph holding its caption's content. */
static void fix_figure(op_doc *doc, op_node *fig)
{
    for (op_node *c = op_node_first_child(fig); c; c = op_node_next(c))
        if (op_node_get_kind(c) == OP_NODE_IMAGE)
            return;
    op_node *cap = find_caption(fig);
    if (cap && op_node_first_child(cap)) {
        op_node *p = op_node_new(doc, OP_NODE_PARAGRAPH);
        while (op_node_first_child(cap))
            op_node_append_child(p, op_node_first_child(cap));
        op_node_insert_before(fig, p);
    }
    op_node_unlink(fig);
}

static void normalize(op_doc *doc, op_node *n, void *ud)
{
    (void)ud;
    op_node *c = op_node_first_child(n);
    while (c) {
        op_node *next = op_node_next(c);
        if (op_node_get_kind(c) == OP_NODE_FIGURE)
            fix_figure(doc, c);
        else if (is_empty(c))
            op_node_unlink(c);
        c = next;
    }
    op_node_kind k = op_node_get_kind(n);
    if (holds_inlines(k)) {
        merge_texts(doc, n);
        trim_before_breaks(doc, n);
        if (!is_wrapper_inline(k)) {
            trim_edge(doc, n, 1);
            trim_edge(doc, n, 0);
        }
    }
}

void op_build_walk(op_doc *doc, op_node *root, void (*fn)(op_doc *, op_node *, void *), void *ud)
{
    op_node *n = root;
    while (op_node_first_child(n))
        n = op_node_first_child(n);
    for (;;) {
        op_node *next = n == root ? NULL : op_node_next(n);
        op_node *parent = n == root ? NULL : op_node_parent(n);
        fn(doc, n, ud);
        if (n == root || !parent)
            return;
        if (next) {
            n = next;
            while (op_node_first_child(n))
                n = op_node_first_child(n);
        } else {
            n = parent;
        }
    }
}

op_status op_build_finish(op_build *b)
{
    while (b->nframes)
        op_build_leave(b);
    flush(b);
    while (b->nopen > 1)
        close_top(b);
    op_build_walk(b->doc, op_doc_root(b->doc), normalize, b);
    return OP_OK;
}
