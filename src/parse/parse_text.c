/* Plain-text article dumps -> model. The first non-empty line is the title ("Headline |
 * Site" also gives the site name); blank lines separate paragraphs; hard-wrapped lines are
 * re-flowed. Reader-mode recovery (captions, datelines, boilerplate) is not done here. */
#include "core/core.h"
#include "parse/build.h"
#include "parse/parse.h"

#include <string.h>

#define WRAP_LIMIT 100 /* longest line (code points) of a hard-wrapped text */

typedef struct line {
    const char *s;
    size_t len;
} line;

static int blank(line l)
{
    for (size_t i = 0; i < l.len; i++)
        if (l.s[i] != ' ' && l.s[i] != '\t' && l.s[i] != '\r' && l.s[i] != '\f')
            return 0;
    return 1;
}

static line trim_line(line l)
{
    while (l.len && (l.s[0] == ' ' || l.s[0] == '\t' || l.s[0] == '\f'))
        l.s++, l.len--;
    while (l.len && (l.s[l.len - 1] == ' ' || l.s[l.len - 1] == '\t' || l.s[l.len - 1] == '\r' ||
                     l.s[l.len - 1] == '\f'))
        l.len--;
    return l;
}

static size_t code_points(line l)
{
    size_t n = 0;
    for (size_t i = 0; i < l.len; i++)
        n += ((unsigned char)l.s[i] & 0xC0) != 0x80;
    return n;
}

/* Splits into lines; returns a new array (op_free). */
static line *split_lines(const char *s, size_t len, size_t *count)
{
    size_t n = 1, cap = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    line *ls = op_malloc(n * sizeof *ls);
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

/* Folds typographic variants so a headline repeated with curly quotes, other dashes or
 * spacing still matches the title line: quotes -> ' and ", dash runs -> -, spaces -> one
 * space, ASCII case ignored. */
static void fold_line(line l, op_buf *out)
{
    size_t i = 0;
    uint32_t prev = 0;
    while (i < l.len) {
        uint32_t cp = op_utf8_next(l.s, l.len, &i);
        if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032)
            cp = '\'';
        else if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x2033)
            cp = '"';
        else if (cp >= 0x2010 && cp <= 0x2015)
            cp = '-';
        else if (cp == '\t' || cp == 0xA0 || cp == 0x2009 || cp == 0x202F)
            cp = ' ';
        else if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        if ((cp == '-' || cp == ' ') && cp == prev)
            continue;
        char enc[4];
        op_buf_add(out, enc, (size_t)op_utf8_encode(cp, enc));
        prev = cp;
    }
}

static int same_line(line a, line b)
{
    op_buf fa, fb;
    op_buf_init(&fa, 0);
    op_buf_init(&fb, 0);
    fold_line(a, &fa);
    fold_line(b, &fb);
    int same = fa.len == fb.len && (fa.len == 0 || !memcmp(fa.data, fb.data, fa.len));
    op_buf_free(&fa);
    op_buf_free(&fb);
    return same;
}

/* Title line: "Headline | Site" gives both when the site part is short. */
static void set_title(op_doc *doc, line t)
{
    for (size_t i = t.len; i >= 3; i--) {
        if (!memcmp(t.s + i - 3, " | ", 3)) {
            size_t site = t.len - i;
            if (site && site <= 60 && i - 3 > 0) {
                op_doc_set_meta(doc, OP_META_TITLE, t.s, i - 3);
                op_doc_set_meta(doc, OP_META_SITE_NAME, t.s + i, site);
                return;
            }
            break;
        }
    }
    op_doc_set_meta(doc, OP_META_TITLE, t.s, t.len);
}

/* Adds one line to the open paragraph, joining a wrapped line to the previous one. */
static void add_line(op_build *b, line l, int *prev_hyphen, int first)
{
    if (!first && !*prev_hyphen)
        op_build_text(b, " ", 1);
    op_build_text(b, l.s, l.len);
    *prev_hyphen =
        l.len >= 2 && l.s[l.len - 1] == '-' && l.s[l.len - 2] != ' ' && l.s[l.len - 2] != '-';
}

static void build_body(op_build *b, line *ls, size_t n, size_t from, int wrapped)
{
    int open = 0, hyphen = 0;
    for (size_t i = from; i < n; i++) {
        line l = trim_line(ls[i]);
        if (blank(l) || !wrapped) {
            if (open)
                op_build_leave(b);
            open = 0;
            if (blank(l))
                continue;
        }
        if (!open) {
            op_build_enter(b, OP_NODE_PARAGRAPH);
            open = 1;
            hyphen = 0;
            add_line(b, l, &hyphen, 1);
            continue;
        }
        add_line(b, l, &hyphen, 0);
    }
    if (open)
        op_build_leave(b);
}

/* Hard-wrapped when no line is long and some paragraph spans several lines. */
static int is_wrapped(line *ls, size_t n, size_t from)
{
    int multi = 0;
    for (size_t i = from; i < n; i++) {
        if (code_points(ls[i]) > WRAP_LIMIT)
            return 0;
        if (i + 1 < n && !blank(ls[i]) && !blank(ls[i + 1]))
            multi = 1;
    }
    return multi;
}

op_status op_parse_text(const char *data, size_t len, const op_parse_opts *opts, op_doc **out)
{
    char *utf8 = NULL;
    size_t ulen = 0, n = 0, i = 0;
    *out = NULL;
    op_status st = parse_prepare(data, len, opts, 0, &utf8, &ulen);
    if (st)
        return st;
    line *ls = split_lines(utf8, ulen, &n);
    op_doc *doc = op_doc_new();
    op_build *b = op_build_new(doc, parse_max_depth(opts), OP_BUILD_COLLAPSE_WS);
    while (i < n && blank(ls[i]))
        i++;
    if (i < n) {
        line t = trim_line(ls[i]);
        set_title(doc, t);
        i++;
        size_t j = i;
        while (j < n && blank(ls[j]))
            j++;
        const char *title = op_doc_get_meta(doc, OP_META_TITLE);
        line tl = {title ? title : "", title ? strlen(title) : 0};
        if (j < n && (same_line(trim_line(ls[j]), t) || same_line(trim_line(ls[j]), tl)))
            i = j + 1;
    }
    build_body(b, ls, n, i, is_wrapped(ls, n, i));
    st = op_build_finish(b);
    op_build_free(b);
    char *dir = parse_base_dir_new(opts);
    op_doc_set_meta(doc, OP_META_BASE_DIR, dir, strlen(dir));
    op_free(dir);
    parse_done(doc, opts);
    op_free(ls);
    op_free(utf8);
    *out = doc;
    return st;
}
