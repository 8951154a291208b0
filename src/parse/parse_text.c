/* Plain-text article dumps, the structural half: the lines of the dump, blocks (blank lines
 * separate them; hard-wrapped lines are re-flowed; "- ", "1. " and "> " lines make lists and
 * quotes), and the model made of the blocks once reader mode (extract/text.c) has said what
 * each is (title, byline, dateline, boilerplate, captions and headings are its business).
 * Every pass is linear in the input. */
#include "core/core.h"
#include "parse/build.h"
#include "parse/input.h"
#include "parse/parse.h"

#include <string.h>

#define WRAP_LIMIT 100 /* longest line (code points) of a hard-wrapped text */

/*** Lines ***/

int parse_text_blank(text_line l)
{
    for (size_t i = 0; i < l.len; i++)
        if (l.s[i] != ' ' && l.s[i] != '\t' && l.s[i] != '\r' && l.s[i] != '\f')
            return 0;
    return 1;
}

text_line parse_text_trim(text_line l)
{
    while (l.len && (l.s[0] == ' ' || l.s[0] == '\t' || l.s[0] == '\f'))
        l.s++, l.len--;
    while (l.len && (l.s[l.len - 1] == ' ' || l.s[l.len - 1] == '\t' || l.s[l.len - 1] == '\r' ||
                     l.s[l.len - 1] == '\f'))
        l.len--;
    return l;
}

size_t parse_text_code_points(text_line l)
{
    size_t n = 0;
    for (size_t i = 0; i < l.len; i++)
        n += ((unsigned char)l.s[i] & 0xC0) != 0x80;
    return n;
}

/* Splits into lines; returns a new array (op_free). */
static text_line *split_lines(const char *s, size_t len, size_t *count)
{
    size_t n = 1, cap = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    text_line *ls = op_malloc(n * sizeof *ls);
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || s[i] == '\n') {
            ls[cap].s = s + start;
            ls[cap].len = i - start;
            cap++;
            start = i + 1;
        }
    }
    *count = cap;
    return ls;
}

void parse_text_lines(parse_input *in)
{
    in->text.ls = split_lines(in->utf8, in->ulen, &in->text.n);
}

/*** Line markers: lists and quotes ***/

/* Length of a list marker ("- ", "* ", "• ", "12. ", "3) ") at the start of l, else 0. */
static size_t list_marker(text_line l, int *ordered, int *number)
{
    *ordered = 0;
    if (l.len >= 2 && (l.s[0] == '-' || l.s[0] == '*') && l.s[1] == ' ')
        return 2;
    if (l.len >= 4 && !memcmp(l.s, "\xE2\x80\xA2 ", 4))
        return 4;
    size_t i = 0;
    int num = 0;
    while (i < l.len && i < 3 && (l.s[i] >= '0' && l.s[i] <= '9'))
        num = num * 10 + (l.s[i++] - '0');
    if (i == 0 || i + 1 >= l.len || (l.s[i] != '.' && l.s[i] != ')') || l.s[i + 1] != ' ')
        return 0;
    *ordered = 1;
    *number = num;
    return i + 2;
}

static int is_list_line(text_line l)
{
    int o, num;
    return list_marker(l, &o, &num) != 0;
}

static int is_quote_line(text_line l)
{
    return l.len >= 1 && l.s[0] == '>';
}

/* The line without its "> " quote marker. */
static text_line unquote(text_line l)
{
    if (is_quote_line(l)) {
        l.s++, l.len--;
        if (l.len && l.s[0] == ' ')
            l.s++, l.len--;
    }
    return l;
}

/*** Blocks ***/

static text_kind kind_of_line(text_line l)
{
    return is_quote_line(l) ? TB_QUOTE : is_list_line(l) ? TB_LIST : TB_PARA;
}

/* A wrapped line continues the open block unless it starts a quote, leaves one, or starts
 * a list item after plain text. */
static int continues(text_kind open, text_line l)
{
    text_kind k = kind_of_line(l);
    if (open == TB_QUOTE || k == TB_QUOTE)
        return open == k;
    return !(k == TB_LIST && open == TB_PARA);
}

/* Hard-wrapped when no line is long and some paragraph spans several lines. */
static int is_wrapped(const text_line *ls, size_t n, size_t from)
{
    int multi = 0;
    for (size_t i = from; i < n; i++) {
        if (parse_text_code_points(ls[i]) > WRAP_LIMIT)
            return 0;
        if (i + 1 < n && !parse_text_blank(ls[i]) && !parse_text_blank(ls[i + 1]))
            multi = 1;
    }
    return multi;
}

void parse_text_blocks(text_dump *d, size_t from)
{
    for (size_t i = from; i < d->n; i++)
        d->ls[i] = parse_text_trim(d->ls[i]);
    op_free(d->bl);
    d->bl = op_malloc((d->n - from + 1) * sizeof *d->bl);
    d->nb = 0;
    int wrapped = is_wrapped(d->ls, d->n, from), open = 0;
    for (size_t i = from; i < d->n; i++) {
        text_line l = d->ls[i];
        if (parse_text_blank(l)) {
            open = 0;
            continue;
        }
        if (open && wrapped && continues(d->bl[d->nb - 1].kind, l)) {
            d->bl[d->nb - 1].b = i + 1;
            continue;
        }
        d->bl[d->nb++] = (text_block){i, i + 1, kind_of_line(l)};
        open = 1;
    }
}

void parse_text_join(const text_dump *d, size_t a, size_t b, int quote, size_t skip, op_buf *out)
{
    int hyphen = 0;
    for (size_t i = a; i < b; i++) {
        text_line l = quote ? unquote(d->ls[i]) : d->ls[i];
        if (i == a && skip <= l.len) /* the first line's list marker */
            l.s += skip, l.len -= skip;
        l = parse_text_trim(l);
        if (!l.len)
            continue;
        if (out->len && !hyphen)
            op_buf_addc(out, ' ');
        op_buf_add(out, l.s, l.len);
        hyphen =
            l.len >= 2 && l.s[l.len - 1] == '-' && l.s[l.len - 2] != ' ' && l.s[l.len - 2] != '-';
    }
}

void parse_text_block_text(const text_dump *d, const text_block *k, op_buf *out)
{
    op_buf_reset(out);
    parse_text_join(d, k->a, k->b, k->kind == TB_QUOTE, 0, out);
}

/*** Emitting ***/

typedef struct emitter {
    op_build *b;
    op_buf text;
    op_node **caps; /* caption paragraphs, turned into figures after op_build_finish */
    size_t ncaps;
    int list_open; /* 0 none, 1 bullet, 2 ordered */
} emitter;

static void emit_text(emitter *e, op_node_kind kind, int level)
{
    if (!e->text.len)
        return;
    op_node *n = op_build_enter(e->b, kind);
    if (n && kind == OP_NODE_HEADING)
        op_node_set_level(n, level);
    op_build_text(e->b, e->text.data, e->text.len);
    op_build_leave(e->b);
}

/* One list block: each marker line starts an item, other lines continue it. */
static void emit_list(const text_dump *d, emitter *e, const text_block *k)
{
    int ordered, num = 0;
    list_marker(d->ls[k->a], &ordered, &num);
    if (e->list_open && e->list_open != 1 + ordered) { /* bullets, then numbers */
        op_build_leave(e->b);
        e->list_open = 0;
    }
    if (!e->list_open) {
        op_node *l = op_build_enter(e->b, OP_NODE_LIST);
        if (l)
            op_node_set_list(l, ordered, ordered ? num : 1);
        e->list_open = 1 + ordered;
    }
    size_t i = k->a;
    while (i < k->b) {
        size_t j = i + 1;
        while (j < k->b && !is_list_line(d->ls[j]))
            j++;
        size_t m = list_marker(d->ls[i], &ordered, &num);
        op_buf_reset(&e->text);
        parse_text_join(d, i, j, 0, m, &e->text);
        op_build_enter(e->b, OP_NODE_ITEM);
        emit_text(e, OP_NODE_PARAGRAPH, 0);
        op_build_leave(e->b);
        i = j;
    }
}

static void emit_block(const text_dump *d, emitter *e, const text_block *k)
{
    if (e->list_open && k->kind != TB_LIST) {
        op_build_leave(e->b);
        e->list_open = 0;
    }
    if (k->kind == TB_LIST) {
        emit_list(d, e, k);
        return;
    }
    parse_text_block_text(d, k, &e->text);
    if (!e->text.len)
        return;
    switch (k->kind) {
    case TB_HEADING:
        emit_text(e, OP_NODE_HEADING, 2);
        break;
    case TB_QUOTE:
        op_build_enter(e->b, OP_NODE_BLOCKQUOTE);
        emit_text(e, OP_NODE_PARAGRAPH, 0);
        op_build_leave(e->b);
        break;
    case TB_CAPTION:
        e->caps[e->ncaps] = op_build_enter(e->b, OP_NODE_PARAGRAPH);
        e->ncaps += e->caps[e->ncaps] != NULL;
        op_build_text(e->b, e->text.data, e->text.len);
        op_build_leave(e->b);
        break;
    case TB_PARA:
    case TB_LIST:
    case TB_SKIP:
        emit_text(e, OP_NODE_PARAGRAPH, 0);
        break;
    }
}

/* The builder turns image-less figures into paragraphs (right for HTML). A doubled caption
 * in a text dump has no image to go with, so the figure is made here, after the build. */
static void make_caption_figures(op_doc *doc, op_node **caps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        op_node *p = caps[i];
        if (!op_node_parent(p) || !op_node_first_child(p))
            continue;
        op_node *fig = op_node_new(doc, OP_NODE_FIGURE);
        op_node *cap = op_node_new(doc, OP_NODE_CAPTION);
        op_node_insert_before(p, fig);
        op_node_append_child(fig, cap);
        op_node *c;
        while ((c = op_node_first_child(p)) != NULL)
            op_node_append_child(cap, c);
        op_node_unlink(p);
    }
}

op_status parse_text_emit(const text_dump *d, op_doc *doc, int max_depth)
{
    emitter e = {.b = op_build_new(doc, max_depth, OP_BUILD_COLLAPSE_WS)};
    op_buf_init(&e.text, 0);
    e.caps = op_malloc((d->nb ? d->nb : 1) * sizeof *e.caps);
    for (size_t i = 0; i < d->nb; i++)
        if (d->bl[i].kind != TB_SKIP)
            emit_block(d, &e, &d->bl[i]);
    if (e.list_open)
        op_build_leave(e.b);
    op_status st = op_build_finish(e.b);
    make_caption_figures(doc, e.caps, e.ncaps);
    op_build_free(e.b);
    op_free(e.caps);
    op_buf_free(&e.text);
    return st;
}
