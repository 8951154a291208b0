/* Model -> Markdown (`--to md`). Blocks are written line by line under a prefix stack
 * ("> " for quotes, spaces under list markers); inlines are rendered into a buffer with
 * every Markdown metacharacter that could change the meaning escaped, then laid out under
 * the prefix. Recursion follows the tree, whose depth the parsers cap. */
#include "core/core.h"
#include "offprint/export.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct mdw {
    op_buf *out;
    op_buf prefix;  /* written at the start of every line */
    size_t skip;    /* prefix bytes already written by a list marker on this line */
    int need_blank; /* a block was written: the next one starts after a blank line */
    int tight;      /* inside a tight list: no blank lines between blocks */
} mdw;

static void blocks(mdw *w, const op_node *parent);

/*** Inline text ***/

static int is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Escapes text so it reads back as itself. `bol`: the text starts a line. */
static void esc_text(op_buf *b, const char *s, size_t len, int bol)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i], prev = i ? (unsigned char)s[i - 1] : ' ';
        unsigned char next = i + 1 < len ? (unsigned char)s[i + 1] : ' ';
        if (c == '\n' || c == '\t' || c == '\r')
            c = ' ';
        if (bol && c == ' ')
            continue; /* leading blanks would indent (code block) */
        int esc = strchr("\\`*[]<>|~#", c) != NULL && c != 0;
        if (c == '_')
            esc = !(is_alnum(prev) && is_alnum(next));
        else if (c == '&')
            esc = is_alnum(next) || next == '#';
        else if (bol && (c == '-' || c == '+' || c == '='))
            esc = 1;
        else if (c == '!')
            esc = next == '[';
        else if (c == '@') /* GFM would autolink "name@example.org" */
            esc = is_alnum(prev) && is_alnum(next);
        else if (c == ':') /* GFM would autolink "http://..." and "www." */
            esc = i + 2 < len && s[i + 1] == '/' && s[i + 2] == '/' && is_alnum(prev);
        else if (c == '.')
            esc = i >= 3 && !memcmp(s + i - 3, "www", 3) &&
                  (i == 3 || !is_alnum((unsigned char)s[i - 4]));
        if (bol && c >= '0' && c <= '9') {
            size_t j = i;
            while (j < len && s[j] >= '0' && s[j] <= '9')
                j++;
            op_buf_add(b, s + i, j - i);
            if (j < len && (s[j] == '.' || s[j] == ')'))
                op_buf_addc(b, '\\');
            i = j - 1;
            bol = 0;
            continue;
        }
        if (esc)
            op_buf_addc(b, '\\');
        op_buf_addc(b, (char)c);
        bol = 0;
    }
}

/* Link destination: <...> when it has spaces or brackets, else with parentheses escaped. */
static void dest(op_buf *b, const char *url, const char *title)
{
    url = url ? url : "";
    /* <...> also around what GFM autolinks ("http://", "www.", "a@b"): md4c's autolink scan
     * otherwise reads on past the ")" and eats a delimiter right after the link */
    int angle =
        strpbrk(url, " <>\t@") != NULL || !*url || strstr(url, "://") || strstr(url, "www.");
    op_buf_addc(b, '(');
    if (angle)
        op_buf_addc(b, '<');
    for (const char *p = url; *p; p++) {
        if (*p == '\n' || *p == '\r')
            continue;
        if (strchr(angle ? "<>\\" : "()\\", *p))
            op_buf_addc(b, '\\');
        op_buf_addc(b, *p);
    }
    if (angle)
        op_buf_addc(b, '>');
    if (title && *title) {
        op_buf_adds(b, " \"");
        for (const char *p = title; *p; p++) { /* a line break stays one (no blank line) */
            if (*p == '\n' && (p == title || p[-1] == '\n' || !p[1]))
                continue;
            if (*p == '"' || *p == '\\')
                op_buf_addc(b, '\\');
            op_buf_addc(b, *p == '\r' ? ' ' : *p);
        }
        op_buf_addc(b, '"');
    }
    op_buf_addc(b, ')');
}

/* `code` with a fence longer than any backtick run inside. */
static void code_span(op_buf *b, const char *s, size_t len)
{
    size_t run = 0, longest = 0;
    for (size_t i = 0; i < len; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    int pad = len && (s[0] == '`' || s[len - 1] == '`' || (s[0] == ' ' && s[len - 1] == ' '));
    for (size_t k = 0; k <= longest; k++)
        op_buf_addc(b, '`');
    if (pad)
        op_buf_addc(b, ' ');
    for (size_t i = 0; i < len; i++)
        op_buf_addc(b, s[i] == '\n' ? ' ' : s[i]);
    if (pad)
        op_buf_addc(b, ' ');
    for (size_t k = 0; k <= longest; k++)
        op_buf_addc(b, '`');
}

static void inlines(op_buf *b, const op_node *parent, int flat);
static void inline_node(op_buf *b, const op_node *n, int flat);

static int at_bol(const op_buf *b)
{
    return b->len == 0 || b->data[b->len - 1] == '\n';
}

static int is_hard_break(const op_buf *in, size_t e)
{
    return (e >= 2 && in->data[e - 1] == '\n' && in->data[e - 2] == '\\') ||
           (e >= 4 && !memcmp(in->data + e - 4, "<br>", 4));
}

/* CommonMark's character classes around a delimiter run: 0 white space (or the line's end),
 * 1 punctuation (ASCII, and the Unicode punctuation and symbol blocks, generously: taking
 * a character for punctuation only costs an HTML tag), 2 anything else, 3 an unescaped "*"
 * (it would join the run). */
enum { C_SPACE, C_PUNCT, C_OTHER, C_STAR };

static int class_of(uint32_t cp)
{
    if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' || cp == 0xA0 || cp == 0x3000 ||
        (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F)
        return C_SPACE;
    if ((cp < 0x80 && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", (int)cp)) ||
        (cp >= 0xA1 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2010 && cp <= 0x2BFF) ||
        (cp >= 0x3001 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
        (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65))
        return C_PUNCT;
    return C_OTHER;
}

static int class_first(const char *s, size_t len)
{
    size_t i = 0;
    return len ? class_of(op_utf8_next(s, len, &i)) : C_SPACE;
}

/* The class of the last character of s[0..len). */
static int class_last(const char *s, size_t len)
{
    if (!len)
        return C_SPACE;
    if (s[len - 1] == '*' && (len < 2 || s[len - 2] != '\\'))
        return C_STAR;
    size_t k = len - 1;
    while (k && ((unsigned char)s[k] & 0xC0) == 0x80 && len - k < 4)
        k--;
    return class_first(s + k, len - k);
}

/* The class of what --to md writes first for n (a sibling after a delimiter run). */
static int class_of_node(const op_node *n)
{
    size_t len;
    const char *lit;
    char *t;
    int c;
    switch (op_node_get_kind(n)) {
    case OP_NODE_TEXT:
        lit = op_node_get_literal(n, &len);
        return class_first(lit, len);
    case OP_NODE_EMPH:
    case OP_NODE_STRONG:
        t = op_node_text_new(n, &len);
        c = len && class_first(t, len) == C_SPACE ? C_SPACE : C_STAR;
        op_free(t);
        return c;
    case OP_NODE_LINE_BREAK:
        return op_node_next(n) ? C_PUNCT : C_SPACE;
    case OP_NODE_LINK:
    case OP_NODE_IMAGE:
    case OP_NODE_CODE:
    case OP_NODE_SUB:
    case OP_NODE_SUP:
        return C_PUNCT;
    case OP_NODE_DOCUMENT:
    case OP_NODE_HEADING:
    case OP_NODE_PARAGRAPH:
    case OP_NODE_BLOCKQUOTE:
    case OP_NODE_LIST:
    case OP_NODE_ITEM:
    case OP_NODE_CODE_BLOCK:
    case OP_NODE_FIGURE:
    case OP_NODE_CAPTION:
    case OP_NODE_TABLE:
    case OP_NODE_TABLE_ROW:
    case OP_NODE_TABLE_CELL:
    case OP_NODE_THEMATIC_BREAK:
        break;
    }
    return C_SPACE;
}

/* The class of what follows n: its next sibling, the closing syntax of an inline parent
 * (punctuation), or the end of the block. */
static int class_after(const op_node *n)
{
    if (op_node_next(n))
        return class_of_node(op_node_next(n));
    const op_node *p = op_node_parent(n);
    op_node_kind k = p ? op_node_get_kind(p) : OP_NODE_DOCUMENT;
    return k == OP_NODE_EMPH || k == OP_NODE_STRONG || k == OP_NODE_LINK || k == OP_NODE_SUB ||
                   k == OP_NODE_SUP
               ? C_PUNCT
               : C_SPACE;
}

/* *emphasis* / **strong** around `n` and the siblings of the same kind right after it (one
 * run: "*b**y*" would not read back), with white space and line breaks moved outside the
 * delimiters (a delimiter next to a blank neither opens nor closes). Returns the last node
 * written. */
static const op_node *delimited(op_buf *b, const op_node *n, const char *delim, int flat)
{
    op_buf in;
    op_buf_init(&in, 0);
    int bol = at_bol(b);
    if (!bol) /* the text does not start a line: a stand-in keeps its leading blanks */
        op_buf_addc(&in, 'x');
    const op_node *last = n;
    inlines(&in, n, flat);
    while (op_node_next(last) && op_node_get_kind(op_node_next(last)) == op_node_get_kind(n)) {
        last = op_node_next(last);
        inlines(&in, last, flat);
    }
    size_t a = bol ? 0 : 1, start = a, e = in.len;
    for (;;) { /* white space, no-break spaces too, goes outside the delimiters */
        if (a < e && (in.data[a] == ' ' || in.data[a] == '\n'))
            a++;
        else if (e - a >= 2 && !memcmp(in.data + a, "\xC2\xA0", 2))
            a += 2;
        else
            break;
    }
    for (;;) {
        if (e > a && is_hard_break(&in, e))
            e -= in.data[e - 1] == '\n' ? 2 : 4;
        else if (e > a && (in.data[e - 1] == ' ' || in.data[e - 1] == '\n') &&
                 !(e >= 2 && in.data[e - 2] == '\\'))
            e--;
        else if (e - a >= 2 && !memcmp(in.data + e - 2, "\xC2\xA0", 2))
            e -= 2;
        else
            break;
    }
    op_buf_add(b, in.data + start, a - start);
    if (e > a) {
        /* a run opens when what it wraps starts with a letter or follows a space or
         * punctuation, and closes likewise ("*run on* Kotaku*. Warning*" does not: the
         * second opener sits between "u" and "."); where it would not, and next to
         * another "*", raw <em>/<strong> (which offprint's reader reads) say it */
        int before = class_last(b->data, b->len);
        int after = e < in.len ? class_first(in.data + e, in.len - e) : class_after(last);
        int first = class_first(in.data + a, e - a), end = class_last(in.data + a, e - a);
        int html = before == C_STAR || after == C_STAR ||
                   ((first == C_PUNCT || first == C_STAR) && before == C_OTHER) ||
                   ((end == C_PUNCT || end == C_STAR) && after == C_OTHER);
        const char *tag = delim[1] ? "strong" : "em";
        if (html)
            op_buf_printf(b, "<%s>", tag);
        else
            op_buf_adds(b, delim);
        op_buf_add(b, in.data + a, e - a);
        if (html)
            op_buf_printf(b, "</%s>", tag);
        else
            op_buf_adds(b, delim);
    }
    if (in.len > e)
        op_buf_add(b, in.data + e, in.len - e);
    op_buf_free(&in);
    return last;
}

/* Something follows n in its block (n may sit inside emphasis or a link). */
static int followed(const op_node *n)
{
    for (; n; n = op_node_parent(n)) {
        op_node_kind k = op_node_get_kind(n);
        if (k != OP_NODE_EMPH && k != OP_NODE_STRONG && k != OP_NODE_LINK && k != OP_NODE_SUB &&
            k != OP_NODE_SUP && k != OP_NODE_LINE_BREAK && k != OP_NODE_TEXT && k != OP_NODE_CODE &&
            k != OP_NODE_IMAGE)
            return 0;
        if (op_node_next(n))
            return 1;
    }
    return 0;
}

static void link(op_buf *b, const op_node *n, int flat)
{
    const char *url = op_node_get_url(n), *title = op_node_get_title(n);
    size_t len;
    char *text = op_node_text_new(n, &len);
    int autolink = url && !title && strcmp(text, url) == 0 && strstr(url, "://") &&
                   !strpbrk(url, " <>\t\n") && op_node_first_child(n) &&
                   op_node_get_kind(op_node_first_child(n)) == OP_NODE_TEXT;
    op_free(text);
    if (autolink) {
        op_buf_printf(b, "<%s>", url);
        return;
    }
    op_buf_addc(b, '[');
    inlines(b, n, flat);
    op_buf_addc(b, ']');
    dest(b, url, title);
}

/* ![alt](src "title"); `caption` (when not NULL) is the title, "" none. */
static void image(op_buf *b, const op_node *n, const char *caption)
{
    size_t len;
    const char *alt = op_node_get_literal(n, &len);
    const char *title = caption ? caption : op_node_get_title(n);
    op_buf_adds(b, "![");
    if (!len && caption)
        alt = caption, len = strlen(caption);
    esc_text(b, alt, len, 0);
    op_buf_addc(b, ']');
    dest(b, op_node_get_url(n), title);
}

/* Inline children of `parent`. `flat`: one line (headings, cells): line breaks are <br>. */
static void inlines(op_buf *b, const op_node *parent, int flat)
{
    for (const op_node *n = op_node_first_child(parent); n; n = op_node_next(n)) {
        op_node_kind k = op_node_get_kind(n);
        if (k == OP_NODE_EMPH || k == OP_NODE_STRONG)
            n = delimited(b, n, k == OP_NODE_EMPH ? "*" : "**", flat);
        else
            inline_node(b, n, flat);
    }
}

static void inline_node(op_buf *b, const op_node *n, int flat)
{
    {
        size_t len;
        const char *lit;
        switch (op_node_get_kind(n)) {
        case OP_NODE_TEXT:
            lit = op_node_get_literal(n, &len);
            esc_text(b, lit, len, at_bol(b));
            break;
        case OP_NODE_EMPH:
        case OP_NODE_STRONG:
            delimited(b, n, op_node_get_kind(n) == OP_NODE_EMPH ? "*" : "**", flat);
            break;
        case OP_NODE_CODE:
            lit = op_node_get_literal(n, &len);
            code_span(b, lit, len);
            break;
        case OP_NODE_LINK:
            link(b, n, flat);
            break;
        case OP_NODE_LINE_BREAK:
            if (followed(n))
                op_buf_adds(b, flat ? "<br>" : "\\\n");
            else
                op_buf_addc(b, ' ');
            break;
        case OP_NODE_IMAGE: /* alone in its paragraph it reads back as a figure, its title
                             * as the caption: a tooltip is not one */
            image(b, n,
                  !op_node_next(n) && !op_node_prev(n) &&
                          op_node_get_kind(op_node_parent(n)) == OP_NODE_PARAGRAPH
                      ? ""
                      : NULL);
            break;
        case OP_NODE_SUB:
        case OP_NODE_SUP: {
            const char *tag = op_node_get_kind(n) == OP_NODE_SUB ? "sub" : "sup";
            op_buf_printf(b, "<%s>", tag);
            inlines(b, n, flat);
            op_buf_printf(b, "</%s>", tag);
            break;
        }
        case OP_NODE_DOCUMENT:
        case OP_NODE_HEADING:
        case OP_NODE_PARAGRAPH:
        case OP_NODE_BLOCKQUOTE:
        case OP_NODE_LIST:
        case OP_NODE_ITEM:
        case OP_NODE_CODE_BLOCK:
        case OP_NODE_FIGURE:
        case OP_NODE_CAPTION:
        case OP_NODE_TABLE:
        case OP_NODE_TABLE_ROW:
        case OP_NODE_TABLE_CELL:
        case OP_NODE_THEMATIC_BREAK:
            break; /* blocks never sit among inlines (op_doc_check) */
        }
    }
}

/*** Lines and blocks ***/

static void start_line(mdw *w)
{
    op_buf_add(w->out, w->prefix.data + w->skip, w->prefix.len - w->skip);
    w->skip = 0;
}

/* Starts a block: a blank line (carrying the prefix's quote marks) after the previous one. */
static void begin_block(mdw *w)
{
    if (w->need_blank && !w->tight && !w->skip) {
        size_t n = w->prefix.len;
        while (n && w->prefix.data[n - 1] == ' ')
            n--;
        op_buf_add(w->out, w->prefix.data, n);
        op_buf_addc(w->out, '\n');
    }
    w->need_blank = 0;
}

static void end_block(mdw *w)
{
    op_buf_addc(w->out, '\n');
    w->need_blank = 1;
}

/* Writes `s` (lines separated by \n) under the prefix; `lead` goes before the first line. */
static void put_lines(mdw *w, const char *lead, const char *s, size_t len)
{
    begin_block(w);
    start_line(w);
    op_buf_adds(w->out, lead);
    for (size_t i = 0; i < len; i++) {
        op_buf_addc(w->out, s[i]);
        if (s[i] != '\n' || i + 1 >= len)
            continue;
        if (s[i + 1] == '\n') { /* an empty line: the prefix without trailing blanks */
            size_t n = w->prefix.len;
            while (n && w->prefix.data[n - 1] == ' ')
                n--;
            op_buf_add(w->out, w->prefix.data, n);
        } else {
            start_line(w);
        }
    }
    end_block(w);
}

static void para(mdw *w, const op_node *n, const char *lead, int flat)
{
    op_buf b;
    op_buf_init(&b, 0);
    inlines(&b, n, flat);
    while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\n'))
        b.len--;
    put_lines(w, lead, b.data ? b.data : "", b.len);
    op_buf_free(&b);
}

static void heading(mdw *w, const op_node *n)
{
    char lead[8];
    int level = op_node_get_level(n);
    level = level < 1 ? 1 : level > 6 ? 6 : level;
    memset(lead, '#', (size_t)level);
    lead[level] = ' ';
    lead[level + 1] = 0;
    para(w, n, lead, 1);
}

static void code_block(mdw *w, const op_node *n)
{
    size_t len;
    const char *code = op_node_get_literal(n, &len), *info = op_node_get_title(n);
    size_t run = 0, longest = 0;
    for (size_t i = 0; i < len; i++) {
        run = code[i] == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    char fence[64];
    size_t fl = longest >= 3 ? (longest < 60 ? longest + 1 : 60) : 3;
    memset(fence, '`', fl);
    fence[fl] = 0;
    op_buf b;
    op_buf_init(&b, 0);
    op_buf_adds(&b, fence);
    for (const char *p = info ? info : ""; *p && *p != '\n' && *p != '`'; p++)
        op_buf_addc(&b, *p);
    op_buf_addc(&b, '\n');
    op_buf_add(&b, code, len);
    if (len && code[len - 1] != '\n')
        op_buf_addc(&b, '\n');
    op_buf_adds(&b, fence);
    put_lines(w, "", b.data, b.len);
    op_buf_free(&b);
}

static void push(mdw *w, const char *s, size_t *saved)
{
    *saved = w->prefix.len;
    op_buf_adds(&w->prefix, s);
}

static void pop(mdw *w, size_t saved)
{
    w->prefix.len = saved;
    if (w->prefix.data)
        w->prefix.data[saved] = 0;
}

/* Tight when every item holds at most one paragraph (and nested lists). */
static int list_tight(const op_node *list)
{
    for (const op_node *it = op_node_first_child(list); it; it = op_node_next(it)) {
        int paras = 0;
        for (const op_node *c = op_node_first_child(it); c; c = op_node_next(c)) {
            op_node_kind k = op_node_get_kind(c);
            if (k != OP_NODE_PARAGRAPH && k != OP_NODE_LIST)
                return 0;
            paras += k == OP_NODE_PARAGRAPH;
        }
        if (paras > 1)
            return 0;
    }
    return 1;
}

static void list(mdw *w, const op_node *n)
{
    int ordered = op_node_get_list_ordered(n), k = op_node_get_list_start(n);
    int tight = list_tight(n), outer_tight = w->tight;
    char marker[24];
    int parity = 1; /* lists right after a list of the same kind switch markers */
    for (const op_node *p = op_node_prev(n);
         p && op_node_get_kind(p) == OP_NODE_LIST && op_node_get_list_ordered(p) == ordered;
         p = op_node_prev(p))
        parity ^= 1;
    for (const op_node *it = op_node_first_child(n); it; it = op_node_next(it), k++) {
        if (ordered)
            snprintf(marker, sizeof marker, "%d%c ", k, parity ? '.' : ')');
        else
            snprintf(marker, sizeof marker, "%c ", parity ? '-' : '*');
        if (it != op_node_first_child(n))
            w->need_blank = !tight;
        w->tight = outer_tight;
        begin_block(w);
        start_line(w);
        op_buf_adds(w->out, marker);
        size_t saved;
        push(w, "", &saved);
        for (size_t i = 0; marker[i]; i++)
            op_buf_addc(&w->prefix, ' ');
        w->skip = w->prefix.len;
        w->tight = tight;
        if (op_node_first_child(it))
            blocks(w, it);
        else
            end_block(w);
        w->skip = 0;
        pop(w, saved);
    }
    w->tight = outer_tight;
    w->need_blank = 1;
}

/* A GFM pipe table: the first row is the header (GFM needs one). */
static void table(mdw *w, const op_node *n)
{
    static const char *const align[] = {"---", ":---", ":---:", "---:"};
    const op_node *first = op_node_first_child(n);
    if (!first)
        return;
    size_t cols = 0;
    for (const op_node *r = first; r; r = op_node_next(r)) {
        size_t c = 0;
        for (const op_node *cell = op_node_first_child(r); cell; cell = op_node_next(cell))
            c++;
        cols = c > cols ? c : cols;
    }
    if (!cols)
        return;
    op_buf b;
    op_buf_init(&b, 0);
    for (const op_node *r = first; r; r = op_node_next(r)) {
        const op_node *cell = op_node_first_child(r);
        for (size_t c = 0; c < cols; c++) {
            op_buf_adds(&b, "| ");
            if (cell) {
                size_t at = b.len;
                inlines(&b, cell, 1);
                if (b.len == at)
                    op_buf_addc(&b, ' ');
                cell = op_node_next(cell);
            }
            op_buf_addc(&b, ' ');
        }
        op_buf_adds(&b, "|\n");
        if (r == first) {
            cell = op_node_first_child(r);
            for (size_t c = 0; c < cols; c++) {
                int a = cell ? op_node_get_cell_align(cell) : 0;
                op_buf_printf(&b, "| %s ", align[a >= 0 && a <= 3 ? a : 0]);
                cell = cell ? op_node_next(cell) : NULL;
            }
            op_buf_adds(&b, "|\n");
        }
    }
    b.len--; /* the last newline: put_lines ends the block */
    put_lines(w, "", b.data, b.len);
    op_buf_free(&b);
}

/* Images as ![alt](src "caption") (offprint's reader makes that a captioned figure); a
 * caption without an image is an emphasised paragraph. */
static void figure(mdw *w, const op_node *n)
{
    const op_node *cap = op_node_last_child(n);
    if (cap && op_node_get_kind(cap) != OP_NODE_CAPTION)
        cap = NULL;
    char *ctext = cap ? op_node_text_new(cap, NULL) : NULL;
    int images = 0;
    for (const op_node *c = op_node_first_child(n); c; c = op_node_next(c)) {
        if (op_node_get_kind(c) != OP_NODE_IMAGE)
            continue;
        op_buf b;
        op_buf_init(&b, 0);
        image(&b, c, op_node_next(c) == cap && ctext ? ctext : ""); /* no caption: no title */
        put_lines(w, "", b.data, b.len);
        op_buf_free(&b);
        images++;
    }
    if (cap && !images) {
        op_buf b;
        op_buf_init(&b, 0);
        delimited(&b, cap, "*", 1);
        put_lines(w, "", b.data ? b.data : "", b.len);
        op_buf_free(&b);
    }
    op_free(ctext);
}

static void blocks(mdw *w, const op_node *parent)
{
    for (const op_node *n = op_node_first_child(parent); n; n = op_node_next(n)) {
        size_t saved;
        switch (op_node_get_kind(n)) {
        case OP_NODE_HEADING:
            heading(w, n);
            break;
        case OP_NODE_PARAGRAPH:
        case OP_NODE_CAPTION:
        case OP_NODE_TABLE_CELL:
            para(w, n, "", 0);
            break;
        case OP_NODE_BLOCKQUOTE:
            begin_block(w);
            push(w, "> ", &saved);
            if (op_node_first_child(n))
                blocks(w, n);
            else
                put_lines(w, "", "", 0);
            pop(w, saved);
            w->need_blank = 1;
            break;
        case OP_NODE_LIST:
            list(w, n);
            break;
        case OP_NODE_CODE_BLOCK:
            code_block(w, n);
            break;
        case OP_NODE_FIGURE:
            figure(w, n);
            break;
        case OP_NODE_TABLE:
            table(w, n);
            break;
        case OP_NODE_THEMATIC_BREAK:
            put_lines(w, "", "***", 3);
            break;
        case OP_NODE_DOCUMENT:
        case OP_NODE_ITEM:
        case OP_NODE_TABLE_ROW:
            blocks(w, n);
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
            break; /* inlines never sit among blocks (op_doc_check) */
        }
    }
}

/*** Front matter ***/

static void front_matter(op_buf *b, const op_doc *doc)
{
    static const struct {
        const char *key;
        op_meta_field f;
    } keys[] = {{"title", OP_META_TITLE},      {"subtitle", OP_META_SUBTITLE},
                {"author", OP_META_AUTHOR},    {"date", OP_META_PUBLISHED},
                {"site", OP_META_SITE_NAME},   {"url", OP_META_SOURCE_URL},
                {"lang", OP_META_LANG},        {"description", OP_META_DESCRIPTION},
                {"place", OP_META_PLACE},      {"credit", OP_META_CREDIT},
                {"image", OP_META_LEAD_IMAGE}, {"modified", OP_META_MODIFIED}};
    op_buf m;
    op_buf_init(&m, 0);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *v = op_doc_get_meta(doc, keys[i].f);
        if (!v)
            continue;
        op_buf_printf(&m, "%s: \"", keys[i].key);
        for (; *v; v++) {
            if (*v == '"' || *v == '\\')
                op_buf_addc(&m, '\\');
            op_buf_addc(&m, *v == '\n' ? ' ' : *v);
        }
        op_buf_adds(&m, "\"\n");
    }
    if (m.len)
        op_buf_printf(b, "---\n%s---\n\n", m.data);
    op_buf_free(&m);
}

char *op_doc_markdown_new(const op_doc *doc, size_t *len)
{
    op_buf out;
    op_buf_init(&out, 0);
    front_matter(&out, doc);
    mdw w;
    memset(&w, 0, sizeof w);
    w.out = &out;
    op_buf_init(&w.prefix, 0);
    op_buf_add(&w.prefix, "", 0);
    blocks(&w, op_doc_root(doc));
    op_buf_free(&w.prefix);
    op_buf_add(&out, "", 0);
    return op_buf_detach(&out, len);
}
