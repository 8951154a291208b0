/* Markdown -> model through md4c (the only file including md4c.h). md4c's enter/leave/text
 * callbacks map one to one onto the builder. GitHub dialect: tables, task lists, autolinks;
 * strikethrough is shown as plain text; raw HTML is reduced to its text. A YAML-ish front
 * matter block gives metadata; otherwise a leading H1 becomes the title. */
#include "core/core.h"
#include "parse/build.h"
#include "parse/input.h"
#include "parse/parse.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <md4c.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct mdstate {
    op_build *b;
    op_doc *doc;
    const char *base_dir; /* lent from the parse_input */
    parse_base base;      /* where images resolve */
    int in_html_block;
    int in_link; /* links open: an autolink inside a link's text stays text */
    op_buf html; /* raw HTML block being collected */
    int spans;   /* md4c spans open */
    /* inline <em>, <strong>, <sub>, <sup> open, innermost last: kind and span depth */
    struct {
        op_node_kind kind;
        int spans;
    } tags[16];
    int ntags;
} mdstate;

/*** Text helpers ***/

/* Decodes "&name;", "&#123;", "&#x1F;" into b; unknown entities are kept as written. */
static void add_entity(op_buf *b, const char *s, size_t len)
{
    char name[40], out[4];
    uint32_t cp = 0;
    if (len >= 3 && len < sizeof name && s[0] == '&' && s[len - 1] == ';') {
        memcpy(name, s + 1, len - 2);
        name[len - 2] = 0;
        if (name[0] == '#')
            cp = (uint32_t)strtoul(name + 1 + (name[1] == 'x' || name[1] == 'X'), NULL,
                                   name[1] == 'x' || name[1] == 'X' ? 16 : 10);
        else {
            const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
            cp = e ? e->value : 0;
        }
    }
    if (!cp && !(len > 1 && s[1] == '#')) {
        op_buf_add(b, s, len);
        return;
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    op_buf_add(b, out, (size_t)op_utf8_encode(cp, out));
}

static void attr_text(const MD_ATTRIBUTE *a, op_buf *b)
{
    for (size_t i = 0; a->substr_offsets && a->substr_offsets[i] < a->size; i++) {
        MD_OFFSET off = a->substr_offsets[i], end = a->substr_offsets[i + 1];
        if (a->substr_types[i] == MD_TEXT_ENTITY)
            add_entity(b, a->text + off, end - off);
        else if (a->substr_types[i] == MD_TEXT_NULLCHAR)
            op_buf_adds(b, "\xEF\xBF\xBD");
        else
            op_buf_add(b, a->text + off, end - off);
    }
}

/* Strips tags from a raw HTML block; block-level closing tags end paragraphs. */
static void emit_html_block(mdstate *m)
{
    const char *s = m->html.data ? m->html.data : "";
    size_t len = m->html.len, i = 0;
    if (!strncasecmp(s, "<script", 7) || !strncasecmp(s, "<style", 6) || !strncmp(s, "<!--", 4))
        return;
    op_build_enter(m->b, OP_NODE_PARAGRAPH);
    while (i < len) {
        if (s[i] != '<') {
            size_t j = i;
            while (j < len && s[j] != '<')
                j++;
            op_build_text(m->b, s + i, j - i);
            i = j;
            continue;
        }
        const char *gt = memchr(s + i, '>', len - i);
        size_t end = gt ? (size_t)(gt - s) + 1 : len;
        const char *t = s + i + 1 + (s[i + 1] == '/');
        if (!strncasecmp(t, "p", 1) || !strncasecmp(t, "div", 3) || !strncasecmp(t, "br", 2) ||
            !strncasecmp(t, "li", 2) ||
            (tolower((unsigned char)t[0]) == 'h' && isdigit((unsigned char)t[1]))) {
            op_build_leave(m->b);
            op_build_enter(m->b, OP_NODE_PARAGRAPH);
        }
        i = end;
    }
    op_build_leave(m->b);
}

/*** md4c callbacks ***/

/* Closes the inline HTML tags opened at span depth `spans` or deeper (the span or block
 * that holds them ends). */
static void close_tags(mdstate *m, int spans)
{
    while (m->ntags && m->tags[m->ntags - 1].spans >= spans) {
        op_build_leave(m->b);
        m->ntags--;
    }
}

/* Inline <em>/<i>, <strong>/<b>, <sub>, <sup> and their end tags (what --to md writes where
 * a "*" could not open or close, and for sub/superscripts). An end tag closes only its own
 * start tag in the same span; any other is ignored. Returns 0 when s is none of them. */
static int inline_tag(mdstate *m, const char *s, size_t len)
{
    static const struct {
        const char *name;
        op_node_kind kind;
    } tags[] = {{"em", OP_NODE_EMPH},  {"i", OP_NODE_EMPH},  {"strong", OP_NODE_STRONG},
                {"b", OP_NODE_STRONG}, {"sub", OP_NODE_SUB}, {"sup", OP_NODE_SUP}};
    if (len < 3 || s[0] != '<' || s[len - 1] != '>')
        return 0;
    int end = s[1] == '/';
    const char *name = s + 1 + end;
    size_t nl = len - 2 - (size_t)end;
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        if (strlen(tags[i].name) != nl || strncasecmp(name, tags[i].name, nl))
            continue;
        if (op_build_capturing(m->b))
            return 1; /* inside an image's alt text: the words only */
        if (!end && m->ntags < (int)(sizeof m->tags / sizeof m->tags[0])) {
            op_build_enter(m->b, tags[i].kind);
            m->tags[m->ntags].kind = tags[i].kind;
            m->tags[m->ntags++].spans = m->spans;
        } else if (end && m->ntags && m->tags[m->ntags - 1].kind == tags[i].kind &&
                   m->tags[m->ntags - 1].spans == m->spans) {
            op_build_leave(m->b);
            m->ntags--;
        }
        return 1;
    }
    return 0;
}

static void enter_list(mdstate *m, MD_BLOCKTYPE t, void *detail)
{
    op_node *n = op_build_enter(m->b, OP_NODE_LIST);
    if (n && t == MD_BLOCK_OL)
        op_node_set_list(n, 1, (int)(((MD_BLOCK_OL_DETAIL *)detail)->start % 1000000000u));
    else if (n)
        op_node_set_list(n, 0, 1);
}

static int enter_block(MD_BLOCKTYPE t, void *detail, void *ud)
{
    mdstate *m = ud;
    op_node *n;
    op_buf b;
    switch (t) {
    case MD_BLOCK_DOC:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
        break;
    case MD_BLOCK_QUOTE:
        op_build_enter(m->b, OP_NODE_BLOCKQUOTE);
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        enter_list(m, t, detail);
        break;
    case MD_BLOCK_LI:
        op_build_enter(m->b, OP_NODE_ITEM);
        if (((MD_BLOCK_LI_DETAIL *)detail)->is_task) {
            char mark = ((MD_BLOCK_LI_DETAIL *)detail)->task_mark;
            op_build_text(m->b, mark == ' ' ? "[ ] " : "[x] ", 4);
        }
        break;
    case MD_BLOCK_HR:
        op_build_enter(m->b, OP_NODE_THEMATIC_BREAK);
        break;
    case MD_BLOCK_H:
        n = op_build_enter(m->b, OP_NODE_HEADING);
        if (n)
            op_node_set_level(n, (int)((MD_BLOCK_H_DETAIL *)detail)->level);
        break;
    case MD_BLOCK_CODE:
        n = op_build_enter(m->b, OP_NODE_CODE_BLOCK);
        op_buf_init(&b, 0);
        attr_text(&((MD_BLOCK_CODE_DETAIL *)detail)->lang, &b);
        if (n && b.len)
            op_node_set_title(m->doc, n, b.data, b.len);
        op_buf_free(&b);
        break;
    case MD_BLOCK_HTML:
        m->in_html_block = 1;
        op_buf_reset(&m->html);
        break;
    case MD_BLOCK_P:
        op_build_enter(m->b, OP_NODE_PARAGRAPH);
        break;
    case MD_BLOCK_TABLE:
        op_build_enter(m->b, OP_NODE_TABLE);
        break;
    case MD_BLOCK_TR:
        op_build_enter(m->b, OP_NODE_TABLE_ROW);
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        n = op_build_enter(m->b, OP_NODE_TABLE_CELL);
        if (n)
            op_node_set_cell(n, t == MD_BLOCK_TH, (int)((MD_BLOCK_TD_DETAIL *)detail)->align);
        break;
    }
    return 0;
}

static int leave_block(MD_BLOCKTYPE t, void *detail, void *ud)
{
    mdstate *m = ud;
    (void)detail;
    if (t == MD_BLOCK_DOC || t == MD_BLOCK_THEAD || t == MD_BLOCK_TBODY)
        return 0;
    if (t == MD_BLOCK_HTML) {
        m->in_html_block = 0;
        emit_html_block(m);
        return 0;
    }
    close_tags(m, 0);
    op_build_leave(m->b);
    return 0;
}

static void enter_image(mdstate *m, const MD_SPAN_IMG_DETAIL *d)
{
    op_buf b;
    op_buf_init(&b, 0);
    attr_text(&d->src, &b);
    char *src = b.len ? parse_resolve_image_new(&m->base, b.data, b.len) : NULL;
    op_node *n = src ? op_build_enter(m->b, OP_NODE_IMAGE) : op_build_enter(m->b, OP_NODE_DOCUMENT);
    if (n) {
        op_node_set_url(m->doc, n, src, strlen(src));
        op_buf_reset(&b);
        attr_text(&d->title, &b);
        if (b.len)
            op_node_set_title(m->doc, n, b.data, b.len);
    }
    op_free(src);
    op_buf_free(&b);
}

static int enter_span(MD_SPANTYPE t, void *detail, void *ud)
{
    mdstate *m = ud;
    op_node *n;
    op_buf b;
    m->spans++;
    switch (t) {
    case MD_SPAN_EM:
        op_build_enter(m->b, OP_NODE_EMPH);
        break;
    case MD_SPAN_STRONG:
        op_build_enter(m->b, OP_NODE_STRONG);
        break;
    case MD_SPAN_CODE:
        op_build_enter(m->b, OP_NODE_CODE);
        break;
    case MD_SPAN_A:
        if (m->in_link++) {
            op_build_enter(m->b, OP_NODE_DOCUMENT); /* links do not nest */
            break;
        }
        n = op_build_enter(m->b, OP_NODE_LINK);
        op_buf_init(&b, 0);
        attr_text(&((MD_SPAN_A_DETAIL *)detail)->href, &b);
        if (n && b.len)
            op_node_set_url(m->doc, n, b.data, b.len);
        op_buf_reset(&b);
        attr_text(&((MD_SPAN_A_DETAIL *)detail)->title, &b);
        if (n && b.len)
            op_node_set_title(m->doc, n, b.data, b.len);
        op_buf_free(&b);
        break;
    case MD_SPAN_IMG:
        enter_image(m, detail);
        break;
    default: /* strikethrough, underline, math, wiki links: plain text */
        op_build_enter(m->b, OP_NODE_DOCUMENT);
        break;
    }
    return 0;
}

static int leave_span(MD_SPANTYPE t, void *detail, void *ud)
{
    (void)detail;
    mdstate *m = ud;
    if (t == MD_SPAN_A)
        m->in_link--;
    close_tags(m, m->spans);
    m->spans--;
    op_build_leave(m->b);
    return 0;
}

static int is_br_tag(const char *s, size_t len)
{
    return len >= 4 && !strncasecmp(s, "<br", 3) && (s[3] == '>' || s[3] == '/' || s[3] == ' ');
}

static int text_cb(MD_TEXTTYPE t, const MD_CHAR *s, MD_SIZE len, void *ud)
{
    mdstate *m = ud;
    op_buf b;
    if (m->in_html_block) {
        op_buf_add(&m->html, s, len);
        return 0;
    }
    switch (t) {
    case MD_TEXT_NULLCHAR:
        op_build_text(m->b, "\xEF\xBF\xBD", 3);
        break;
    case MD_TEXT_BR:
        op_build_leaf(m->b, OP_NODE_LINE_BREAK);
        break;
    case MD_TEXT_SOFTBR:
        op_build_text(m->b, " ", 1);
        break;
    case MD_TEXT_ENTITY:
        op_buf_init(&b, 0);
        add_entity(&b, s, len);
        op_build_text(m->b, b.data, b.len);
        op_buf_free(&b);
        break;
    case MD_TEXT_HTML:
        if (is_br_tag(s, len))
            op_build_leaf(m->b, OP_NODE_LINE_BREAK);
        else
            inline_tag(m, s, len);
        break;
    default:
        op_build_text(m->b, s, len);
        break;
    }
    return 0;
}

/*** Front matter and post-processing ***/

static const struct {
    const char *key;
    op_meta_field field;
} fm_keys[] = {
    {"title", OP_META_TITLE},
    {"subtitle", OP_META_SUBTITLE},
    {"author", OP_META_AUTHOR},
    {"date", OP_META_PUBLISHED},
    {"description", OP_META_DESCRIPTION},
    {"lang", OP_META_LANG},
    {"language", OP_META_LANG},
    {"site", OP_META_SITE_NAME},
    {"url", OP_META_SOURCE_URL},
    {"place", OP_META_PLACE},
    {"credit", OP_META_CREDIT},
    {"image", OP_META_LEAD_IMAGE},
    {"modified", OP_META_MODIFIED}, /* Hugo's lastmod, Jekyll's last_modified_at too */
    {"lastmod", OP_META_MODIFIED},
    {"last_modified_at", OP_META_MODIFIED},
};

/* A double-quoted value with \" and \\ escapes (as `--to md` writes them), unescaped. */
static void fm_set(op_doc *doc, op_meta_field f, const char *v, size_t vlen, int dq)
{
    if (!dq || !memchr(v, '\\', vlen)) {
        op_doc_set_meta(doc, f, v, vlen);
        return;
    }
    op_buf b;
    op_buf_init(&b, 0);
    for (size_t i = 0; i < vlen; i++) {
        if (v[i] == '\\' && i + 1 < vlen && (v[i + 1] == '"' || v[i + 1] == '\\'))
            i++;
        op_buf_addc(&b, v[i]);
    }
    op_doc_set_meta(doc, f, b.data, b.len);
    op_buf_free(&b);
}

static void fm_line(op_doc *doc, const char *l, size_t len)
{
    const char *colon = memchr(l, ':', len);
    if (!colon)
        return;
    size_t klen = (size_t)(colon - l);
    const char *v = colon + 1;
    size_t vlen = len - klen - 1;
    while (vlen && (*v == ' ' || *v == '\t'))
        v++, vlen--;
    while (vlen && (v[vlen - 1] == ' ' || v[vlen - 1] == '\r'))
        vlen--;
    int dq = vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"';
    if (vlen >= 2 && (v[0] == '"' || v[0] == '\'') && v[vlen - 1] == v[0])
        v++, vlen -= 2;
    for (size_t i = 0; i < sizeof fm_keys / sizeof fm_keys[0]; i++)
        if (strlen(fm_keys[i].key) == klen && !strncasecmp(l, fm_keys[i].key, klen) && vlen)
            fm_set(doc, fm_keys[i].field, v, vlen, dq);
}

/* "---" front matter at the very start: reads key: value lines; returns bytes to skip. */
static size_t front_matter(op_doc *doc, const char *s, size_t len)
{
    if (len < 4 || strncmp(s, "---", 3) || (s[3] != '\n' && s[3] != '\r'))
        return 0;
    size_t i = s[3] == '\r' && len > 4 && s[4] == '\n' ? 5 : 4;
    size_t start = i;
    while (i < len && i < 65536) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) : len;
        size_t l = e - i;
        if (l && s[i + l - 1] == '\r')
            l--;
        if ((l == 3 && (!strncmp(s + i, "---", 3) || !strncmp(s + i, "...", 3)))) {
            for (size_t j = start; j < i;) {
                const char *n2 = memchr(s + j, '\n', i - j);
                size_t e2 = n2 ? (size_t)(n2 - s) : i;
                fm_line(doc, s + j, e2 - j);
                j = e2 + 1;
            }
            return nl ? e + 1 : len;
        }
        i = e + 1;
    }
    return 0;
}

/* A paragraph holding only an image becomes a figure captioned by the image's title
 * (`![alt](src "caption")`, what --to md writes; its lines are line breaks). The alt text
 * stays the image's description: it is not a caption (pandoc would make it one). */
static void figures(op_doc *doc, op_node *n, void *ud)
{
    (void)ud;
    for (op_node *c = op_node_first_child(n); c; c = op_node_next(c)) {
        op_node *img = op_node_first_child(c);
        if (op_node_get_kind(c) != OP_NODE_PARAGRAPH || !img || op_node_next(img) ||
            op_node_get_kind(img) != OP_NODE_IMAGE)
            continue;
        op_node *fig = op_node_new(doc, OP_NODE_FIGURE);
        op_node_insert_before(c, fig);
        op_node_append_child(fig, img);
        op_node_unlink(c);
        const char *cap = op_node_get_title(img);
        if (cap && *cap) {
            op_node *cn = op_node_new(doc, OP_NODE_CAPTION);
            for (const char *line = cap;;) {
                size_t len = strcspn(line, "\n");
                if (len) {
                    op_node *t = op_node_new(doc, OP_NODE_TEXT);
                    op_node_set_literal(doc, t, line, len);
                    op_node_append_child(cn, t);
                }
                if (!line[len])
                    break;
                op_node_append_child(cn, op_node_new(doc, OP_NODE_LINE_BREAK));
                line += len + 1;
            }
            op_node_append_child(fig, cn);
            op_node_set_title(doc, img, NULL, 0); /* it is the caption now */
        }
        c = fig;
    }
}

/* The first top-level heading, when it is an H1, is the title (if none is set yet). */
static void title_from_h1(op_doc *doc)
{
    op_node *h = op_node_first_child(op_doc_root(doc));
    while (h && op_node_get_kind(h) != OP_NODE_HEADING)
        h = op_node_next(h);
    if (!h || op_node_get_level(h) != 1)
        return;
    size_t len;
    char *text = op_node_text_new(h, &len);
    const char *title = op_doc_get_meta(doc, OP_META_TITLE);
    if (!title && len) {
        op_doc_set_meta(doc, OP_META_TITLE, text, len);
        op_node_unlink(h);
        parse_keep_title_link(doc, h);
    } else if (title && h == op_node_first_child(op_doc_root(doc)) && strlen(title) == len &&
               !memcmp(title, text, len)) {
        op_node_unlink(h);
        parse_keep_title_link(doc, h);
    }
    op_free(text);
}

op_status parse_markdown(parse_input *in)
{
    mdstate m;
    memset(&m, 0, sizeof m);
    if (in->ulen > 0xFFFFFFFFu) { /* md4c sizes are 32-bit */
        parse_report(&in->opts, OP_SEV_ERROR, "Markdown input over 4 GB");
        return OP_ERR_LIMIT;
    }
    MD_PARSER p;
    memset(&p, 0, sizeof p);
    p.flags = MD_DIALECT_GITHUB;
    p.enter_block = enter_block;
    p.leave_block = leave_block;
    p.enter_span = enter_span;
    p.leave_span = leave_span;
    p.text = text_cb;
    m.doc = op_doc_new();
    m.base_dir = in->base_dir;
    parse_input_base(in, NULL, NULL, &m.base);
    m.b = op_build_new(m.doc, parse_max_depth(&in->opts), 0);
    op_buf_init(&m.html, 0);
    size_t skip = front_matter(m.doc, in->utf8, in->ulen);
    if (md_parse(in->utf8 + skip, (MD_SIZE)(in->ulen - skip), &p, &m) != 0)
        parse_report(&in->opts, OP_SEV_WARNING, "the Markdown parser stopped early");
    op_status st = op_build_finish(m.b);
    op_build_walk(m.doc, op_doc_root(m.doc), figures, NULL);
    title_from_h1(m.doc);
    op_doc_set_meta(m.doc, OP_META_BASE_DIR, m.base_dir, strlen(m.base_dir));
    parse_input_report_outside(in);
    parse_done(m.doc, &in->opts);
    op_build_free(m.b);
    op_buf_free(&m.html);
    op_free((char *)m.base.url);
    in->doc = m.doc;
    return st;
}
