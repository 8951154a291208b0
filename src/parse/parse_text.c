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
#define WRAP_MIN   60  /* narrowest wrap where a short line is read as a paragraph's end */

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

/* Hard-wrapped when some paragraph spans several lines and hardly any line is long (one in
 * fifty: a URL or a line of code a dump could not wrap). */
static int is_wrapped(const text_line *ls, size_t n, size_t from)
{
    int multi = 0;
    size_t lines = 0, long_lines = 0;
    for (size_t i = from; i < n; i++) {
        lines += !parse_text_blank(ls[i]);
        long_lines += parse_text_code_points(ls[i]) > WRAP_LIMIT;
        if (i + 1 < n && !parse_text_blank(ls[i]) && !parse_text_blank(ls[i + 1]))
            multi = 1;
    }
    return multi && long_lines * 50 <= lines;
}

/* The code points of the first word of l. */
static size_t first_word(text_line l)
{
    size_t i = 0;
    while (i < l.len && l.s[i] != ' ' && l.s[i] != '\t')
        i++;
    return parse_text_code_points((text_line){l.s, i});
}

/* In a hard-wrapped paragraph a line ends where the next word would not fit: when it would
 * have (with two columns to spare), the line break is the writer's, and a new block starts
 * (dumps that set paragraphs without blank lines between them). */
static int broke_early(text_kind open, text_line prev, text_line l, size_t width)
{
    return width >= WRAP_MIN && open != TB_QUOTE &&
           parse_text_code_points(prev) + 1 + first_word(l) + 2 < width;
}

void parse_text_blocks(text_dump *d, size_t from)
{
    size_t width = 0, lens[WRAP_LIMIT + 2] = {0}, lines = 0;
    for (size_t i = from; i < d->n; i++) {
        d->ls[i] = parse_text_trim(d->ls[i]);
        size_t w = parse_text_code_points(d->ls[i]);
        lens[w > WRAP_LIMIT ? WRAP_LIMIT + 1 : w]++;
        lines += w > 0;
    }
    /* the wrap width: the longest length that two lines and one in fifty reach (a long
     * line of code or a table cell does not set it) */
    for (size_t w = WRAP_LIMIT + 1, above = 0; w > 0 && !width; w--)
        if ((above += lens[w]) >= 2 && above * 50 >= lines)
            width = w;
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
        if (open && wrapped && continues(d->bl[d->nb - 1].kind, l) &&
            !broke_early(d->bl[d->nb - 1].kind, d->ls[i - 1], l, width)) {
            d->bl[d->nb - 1].b = i + 1;
            continue;
        }
        d->bl[d->nb++] = (text_block){i, i + 1, kind_of_line(l)};
        open = 1;
    }
}

/* A dump's mark for a link or an image at s: "[12]" in a lynx dump with its References list,
 * "[IMG]", "[INLINE]" anywhere. Its length, else 0. */
static size_t dump_mark(const text_dump *d, const char *s, size_t len)
{
    static const char *const marks[] = {"[IMG]", "[INLINE]", "[BUTTON]"};
    if (!len || s[0] != '[')
        return 0;
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
        if (len >= strlen(marks[i]) && !memcmp(s, marks[i], strlen(marks[i])))
            return strlen(marks[i]);
    size_t i = 1;
    while (d->refs && i < len && i < 7 && s[i] >= '0' && s[i] <= '9')
        i++;
    return i > 1 && i < len && s[i] == ']' ? i + 1 : 0;
}

/* l without the dump's marks. */
static void add_unmarked(const text_dump *d, text_line l, op_buf *out)
{
    size_t from = 0;
    for (size_t i = 0; i < l.len; i++) {
        size_t m = l.s[i] == '[' ? dump_mark(d, l.s + i, l.len - i) : 0;
        if (!m)
            continue;
        op_buf_add(out, l.s + from, i - from);
        from = i + m;
        i += m - 1;
    }
    op_buf_add(out, l.s + from, l.len - from);
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
        add_unmarked(d, l, out);
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
