/* Model -> standalone HTML5 page (`--to html`). One op_iter walk like the EPUB's
 * epub_xhtml.c: render_node switches on every kind (no default:), simple kinds come from a
 * tag table. Text and attributes are escaped here; images keep their original URL (local
 * files as file: URLs), nothing is embedded or fetched. */
#include "core/core.h"
#include "offprint/export.h"

#include <string.h>
#include <strings.h>

/*** Escaping ***/

static void esc(op_buf *b, const char *s, int attr)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&':
            op_buf_adds(b, "&amp;");
            break;
        case '<':
            op_buf_adds(b, "&lt;");
            break;
        case '>':
            op_buf_adds(b, "&gt;");
            break;
        case '"':
            op_buf_adds(b, attr ? "&quot;" : "\"");
            break;
        default:
            op_buf_addc(b, *s);
        }
    }
}

static void esc_len(op_buf *b, const char *s, size_t len)
{
    char *t = op_strndup(s, len);
    esc(b, t, 0);
    op_free(t);
}

/* A URL for href/src: local absolute paths become file: URLs; bytes that may not appear in
 * a URL are percent-encoded; javascript: and other script schemes give NULL. */
static char *url_new(const char *u)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!u || !*u || !strncasecmp(u, "javascript:", 11) || !strncasecmp(u, "vbscript:", 9))
        return NULL;
    op_buf b;
    op_buf_init(&b, 0);
    if (u[0] == '/' && u[1] != '/')
        op_buf_adds(&b, "file://");
    for (const unsigned char *p = (const unsigned char *)u; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7F || strchr("\"<>\\^`{|}", *p))
            op_buf_printf(&b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
        else
            op_buf_addc(&b, (char)*p);
    }
    op_buf_add(&b, "", 0);
    return op_buf_detach(&b, NULL);
}

/*** The walk ***/

typedef struct hw {
    op_buf *b;
    const op_node *link_open; /* LINK whose <a> is open (links never nest) */
} hw;

/* Tags of the kinds that are a plain element; NULL for the special ones. */
static const char *simple_tag(op_node_kind k)
{
    switch (k) {
    case OP_NODE_PARAGRAPH:
        return "p";
    case OP_NODE_BLOCKQUOTE:
        return "blockquote";
    case OP_NODE_ITEM:
        return "li";
    case OP_NODE_FIGURE:
        return "figure";
    case OP_NODE_TABLE:
        return "table";
    case OP_NODE_TABLE_ROW:
        return "tr";
    case OP_NODE_EMPH:
        return "em";
    case OP_NODE_STRONG:
        return "strong";
    case OP_NODE_SUB:
        return "sub";
    case OP_NODE_SUP:
        return "sup";
    case OP_NODE_DOCUMENT:
    case OP_NODE_HEADING:
    case OP_NODE_LIST:
    case OP_NODE_CODE_BLOCK:
    case OP_NODE_CAPTION:
    case OP_NODE_TABLE_CELL:
    case OP_NODE_THEMATIC_BREAK:
    case OP_NODE_TEXT:
    case OP_NODE_CODE:
    case OP_NODE_LINK:
    case OP_NODE_LINE_BREAK:
    case OP_NODE_IMAGE:
        return NULL;
    }
    return NULL;
}

static void attr(op_buf *b, const char *name, const char *v)
{
    if (!v)
        return;
    op_buf_printf(b, " %s=\"", name);
    esc(b, v, 1);
    op_buf_addc(b, '"');
}

static void code_block(hw *w, const op_node *n)
{
    size_t len;
    const char *code = op_node_get_literal(n, &len), *info = op_node_get_title(n);
    op_buf_adds(w->b, "<pre><code");
    if (info && *info) {
        size_t k = strcspn(info, " \t");
        char *lang = op_strndup(info, k);
        op_buf_adds(w->b, " class=\"language-");
        esc(w->b, lang, 1);
        op_buf_addc(w->b, '"');
        op_free(lang);
    }
    op_buf_addc(w->b, '>');
    if (len && code[len - 1] == '\n')
        len--;
    esc_len(w->b, code, len);
    op_buf_adds(w->b, "</code></pre>\n");
}

static void image(hw *w, const op_node *n)
{
    size_t len;
    const char *alt = op_node_get_literal(n, &len);
    char *src = url_new(op_node_get_url(n));
    if (!src) {
        esc_len(w->b, alt, len);
        return;
    }
    op_buf_adds(w->b, "<img");
    attr(w->b, "src", src);
    attr(w->b, "alt", alt);
    attr(w->b, "title", op_node_get_title(n));
    op_buf_adds(w->b, " />");
    op_free(src);
}

static void link(hw *w, const op_node *n)
{
    char *href = w->link_open ? NULL : url_new(op_node_get_url(n));
    if (!href)
        return; /* the text stays, as plain text */
    op_buf_adds(w->b, "<a");
    attr(w->b, "href", href);
    attr(w->b, "title", op_node_get_title(n));
    op_buf_addc(w->b, '>');
    w->link_open = n;
    op_free(href);
}

static void render_node(hw *w, const op_node *n, op_event ev)
{
    int enter = ev == OP_EVENT_ENTER, level;
    op_node_kind k = op_node_get_kind(n);
    const char *tag = simple_tag(k), *lit;
    size_t len;
    static const char *const align[] = {NULL, "left", "center", "right"};
    if (tag) {
        op_buf_printf(w->b, enter ? "<%s>" : "</%s>", tag);
        if (!enter && op_node_kind_is_block(k))
            op_buf_addc(w->b, '\n');
        return;
    }
    switch (k) {
    case OP_NODE_DOCUMENT:
        break;
    case OP_NODE_HEADING:
        level = op_node_get_level(n);
        level = level < 1 ? 1 : level > 6 ? 6 : level;
        op_buf_printf(w->b, enter ? "<h%d>" : "</h%d>\n", level);
        break;
    case OP_NODE_LIST:
        if (!enter)
            op_buf_adds(w->b, op_node_get_list_ordered(n) ? "</ol>\n" : "</ul>\n");
        else if (!op_node_get_list_ordered(n))
            op_buf_adds(w->b, "<ul>\n");
        else if (op_node_get_list_start(n) != 1)
            op_buf_printf(w->b, "<ol start=\"%d\">\n", op_node_get_list_start(n));
        else
            op_buf_adds(w->b, "<ol>\n");
        break;
    case OP_NODE_CODE_BLOCK:
        code_block(w, n);
        break;
    case OP_NODE_CAPTION:
        tag = op_node_get_kind(op_node_parent(n)) == OP_NODE_FIGURE ? "figcaption" : "p";
        op_buf_printf(w->b, enter ? "<%s>" : "</%s>\n", tag);
        break;
    case OP_NODE_TABLE_CELL:
        tag = op_node_get_cell_header(n) ? "th" : "td";
        if (!enter) {
            op_buf_printf(w->b, "</%s>", tag);
            break;
        }
        op_buf_printf(w->b, "<%s", tag);
        if (op_node_get_cell_align(n) >= 1 && op_node_get_cell_align(n) <= 3)
            op_buf_printf(w->b, " style=\"text-align: %s\"", align[op_node_get_cell_align(n)]);
        op_buf_addc(w->b, '>');
        break;
    case OP_NODE_THEMATIC_BREAK:
        op_buf_adds(w->b, "<hr />\n");
        break;
    case OP_NODE_TEXT:
        lit = op_node_get_literal(n, &len);
        esc_len(w->b, lit, len);
        break;
    case OP_NODE_CODE:
        lit = op_node_get_literal(n, &len);
        op_buf_adds(w->b, "<code>");
        esc_len(w->b, lit, len);
        op_buf_adds(w->b, "</code>");
        break;
    case OP_NODE_LINK:
        if (enter) {
            link(w, n);
        } else if (w->link_open == n) {
            op_buf_adds(w->b, "</a>");
            w->link_open = NULL;
        }
        break;
    case OP_NODE_LINE_BREAK:
        op_buf_adds(w->b, "<br />\n");
        break;
    case OP_NODE_IMAGE:
        image(w, n);
        break;
    case OP_NODE_PARAGRAPH:
    case OP_NODE_BLOCKQUOTE:
    case OP_NODE_ITEM:
    case OP_NODE_FIGURE:
    case OP_NODE_TABLE:
    case OP_NODE_TABLE_ROW:
    case OP_NODE_EMPH:
    case OP_NODE_STRONG:
    case OP_NODE_SUB:
    case OP_NODE_SUP:
        break; /* simple_tag */
    }
}

/*** The page ***/

static const char style[] =
    "body{max-width:40em;margin:2em auto;padding:0 1em;font-family:Georgia,serif;"
    "line-height:1.5}\nimg{max-width:100%;height:auto}\nfigcaption,.meta{color:#555;"
    "font-size:.9em}\npre{overflow-x:auto;background:#f6f6f6;padding:.5em}\n"
    "blockquote{margin-left:1em;padding-left:1em;border-left:3px solid #ccc}\n"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em}\n";

static void meta_tag(op_buf *b, const char *name, const op_doc *doc, op_meta_field f)
{
    const char *v = op_doc_get_meta(doc, f);
    if (!v)
        return;
    op_buf_adds(b, "<meta");
    attr(b, "name", name);
    attr(b, "content", v);
    op_buf_adds(b, " />\n");
}

static void head(op_buf *b, const op_doc *doc)
{
    const char *lang = op_doc_get_meta(doc, OP_META_LANG), *title;
    title = op_doc_get_meta(doc, OP_META_TITLE);
    op_buf_adds(b, "<!DOCTYPE html>\n<html");
    attr(b, "lang", lang ? lang : "und");
    op_buf_adds(b, ">\n<head>\n<meta charset=\"utf-8\" />\n");
    op_buf_adds(b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n");
    op_buf_adds(b, "<title>");
    esc(b, title ? title : "Untitled", 0);
    op_buf_adds(b, "</title>\n");
    meta_tag(b, "author", doc, OP_META_AUTHOR);
    meta_tag(b, "date", doc, OP_META_PUBLISHED);
    meta_tag(b, "description", doc, OP_META_DESCRIPTION);
    meta_tag(b, "source", doc, OP_META_SOURCE_URL);
    op_buf_printf(b, "<style>\n%s</style>\n</head>\n", style);
}

/* <header>: title, subtitle, "Author · Site · Place · Date" and the source link. */
static void title_block(op_buf *b, const op_doc *doc)
{
    static const op_meta_field line[] = {OP_META_AUTHOR, OP_META_CREDIT, OP_META_SITE_NAME,
                                         OP_META_PLACE, OP_META_PUBLISHED};
    const char *title = op_doc_get_meta(doc, OP_META_TITLE);
    const char *sub = op_doc_get_meta(doc, OP_META_SUBTITLE);
    const char *src = op_doc_get_meta(doc, OP_META_SOURCE_URL);
    op_buf_adds(b, "<header>\n");
    op_node *th = op_doc_get_title_node(doc);
    if (title) { /* the heading it came from when that had a link (and its --links note) */
        op_buf_adds(b, "<h1>");
        if (th) {
            hw w = {b, NULL};
            op_iter *it = op_iter_new(th);
            for (op_event ev; (ev = op_iter_next(it)) != OP_EVENT_DONE;)
                if (op_iter_node(it) != th)
                    render_node(&w, op_iter_node(it), ev);
            op_iter_free(it);
        } else {
            esc(b, title, 0);
        }
        op_buf_adds(b, "</h1>\n");
    }
    if (sub) {
        op_buf_adds(b, "<p class=\"subtitle\">");
        esc(b, sub, 0);
        op_buf_adds(b, "</p>\n");
    }
    int any = 0;
    for (size_t i = 0; i < sizeof line / sizeof line[0]; i++) {
        const char *v = op_doc_get_meta(doc, line[i]);
        if (!v)
            continue;
        op_buf_adds(b, any ? " \xC2\xB7 " : "<p class=\"meta\">");
        if (line[i] == OP_META_PUBLISHED) {
            op_buf_adds(b, "<time");
            attr(b, "datetime", v);
            op_buf_addc(b, '>');
            char shown[64];
            op_date_display(v, shown, sizeof shown);
            esc(b, shown, 0);
            op_buf_adds(b, "</time>");
        } else {
            esc(b, v, 0);
        }
        any = 1;
    }
    if (any)
        op_buf_adds(b, "</p>\n");
    char *u = url_new(src);
    if (u) {
        op_buf_adds(b, "<p class=\"meta\">Source: <a");
        attr(b, "href", u);
        op_buf_addc(b, '>');
        esc(b, src, 0);
        op_buf_adds(b, "</a></p>\n");
    }
    op_free(u);
    op_buf_adds(b, "</header>\n");
}

char *op_doc_html_new(const op_doc *doc, size_t *len)
{
    op_buf b;
    op_buf_init(&b, 0);
    head(&b, doc);
    op_buf_adds(&b, "<body>\n");
    title_block(&b, doc); /* before <article>: reader mode reads it as metadata, not text */
    op_buf_adds(&b, "<article>\n");
    hw w = {&b, NULL};
    op_iter *it = op_iter_new(op_doc_root(doc));
    op_event ev;
    while ((ev = op_iter_next(it)) != OP_EVENT_DONE)
        render_node(&w, op_iter_node(it), ev);
    op_iter_free(it);
    op_buf_adds(&b, "</article>\n</body>\n</html>\n");
    return op_buf_detach(&b, len);
}
