/* HTML -> model: walks a libxml2 tree (iteratively) and feeds the builder, which keeps the
 * model valid. Which element to walk is reader mode's choice (extract/); this is the
 * structural mapping: a tag table (blocks, inlines, leaves, what is dropped), images with
 * their best source, links, code languages, cells; MathML and layout tables have files of
 * their own (html_math.c, html_table.c). */
#include "core/core.h"
#include "parse/html_int.h"
#include "parse/parse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum act { A_TRANSPARENT = 0, A_BREAK, A_DROP, A_BLOCK, A_INLINE, A_LEAF, A_SPECIAL };

enum special {
    S_NONE = 0,
    S_HEADFOOT,
    S_NOSCRIPT,
    S_LINK,
    S_IMG,
    S_BR,
    S_PRE,
    S_LIST,
    S_CELL,
    S_HEADING,
    S_TABLE,
    S_CAPTION
};

typedef struct tag_rule {
    const char *name;
    unsigned char act;
    unsigned char kind; /* op_node_kind for A_BLOCK/A_INLINE/A_LEAF */
    unsigned char special;
} tag_rule;

static const tag_rule rules[] = {
    {"a", A_SPECIAL, OP_NODE_LINK, S_LINK},
    {"address", A_BREAK, 0, 0},
    {"article", A_BREAK, 0, 0},
    {"aside", A_DROP, 0, 0},
    {"audio", A_DROP, 0, 0},
    {"b", A_INLINE, OP_NODE_STRONG, 0},
    {"base", A_DROP, 0, 0},
    {"blockquote", A_BLOCK, OP_NODE_BLOCKQUOTE, 0},
    {"body", A_BREAK, 0, 0},
    {"br", A_SPECIAL, OP_NODE_LINE_BREAK, S_BR},
    {"button", A_DROP, 0, 0},
    {"canvas", A_DROP, 0, 0},
    {"caption", A_SPECIAL, 0, S_CAPTION},
    {"center", A_BREAK, 0, 0},
    {"cite", A_INLINE, OP_NODE_EMPH, 0},
    {"code", A_INLINE, OP_NODE_CODE, 0},
    {"col", A_DROP, 0, 0},
    {"colgroup", A_DROP, 0, 0},
    {"datalist", A_DROP, 0, 0},
    {"dd", A_BREAK, 0, 0},
    {"details", A_BREAK, 0, 0},
    {"dfn", A_INLINE, OP_NODE_EMPH, 0},
    {"dialog", A_DROP, 0, 0},
    {"div", A_BREAK, 0, 0},
    {"dl", A_BREAK, 0, 0},
    {"dt", A_BREAK, 0, 0},
    {"em", A_INLINE, OP_NODE_EMPH, 0},
    {"embed", A_DROP, 0, 0},
    {"fieldset", A_BREAK, 0, 0},
    {"figcaption", A_BLOCK, OP_NODE_CAPTION, 0},
    {"figure", A_BLOCK, OP_NODE_FIGURE, 0},
    {"footer", A_SPECIAL, 0, S_HEADFOOT},
    {"form", A_DROP, 0, 0},
    {"frame", A_DROP, 0, 0},
    {"frameset", A_DROP, 0, 0},
    {"h1", A_SPECIAL, OP_NODE_HEADING, S_HEADING},
    {"h2", A_SPECIAL, OP_NODE_HEADING, S_HEADING},
    {"h3", A_SPECIAL, OP_NODE_HEADING, S_HEADING},
    {"h4", A_SPECIAL, OP_NODE_HEADING, S_HEADING},
    {"h5", A_SPECIAL, OP_NODE_HEADING, S_HEADING},
    {"h6", A_SPECIAL, OP_NODE_HEADING, S_HEADING},
    {"head", A_DROP, 0, 0},
    {"header", A_SPECIAL, 0, S_HEADFOOT},
    {"hgroup", A_BREAK, 0, 0},
    {"hr", A_LEAF, OP_NODE_THEMATIC_BREAK, 0},
    {"i", A_INLINE, OP_NODE_EMPH, 0},
    {"iframe", A_DROP, 0, 0},
    {"img", A_SPECIAL, OP_NODE_IMAGE, S_IMG},
    {"input", A_DROP, 0, 0},
    {"kbd", A_INLINE, OP_NODE_CODE, 0},
    {"legend", A_BREAK, 0, 0},
    {"li", A_BLOCK, OP_NODE_ITEM, 0},
    {"link", A_DROP, 0, 0},
    {"listing", A_SPECIAL, OP_NODE_CODE_BLOCK, S_PRE},
    {"main", A_BREAK, 0, 0},
    {"map", A_DROP, 0, 0},
    {"math", A_DROP, 0, 0},
    {"menu", A_SPECIAL, OP_NODE_LIST, S_LIST},
    {"meta", A_DROP, 0, 0},
    {"meter", A_DROP, 0, 0},
    {"nav", A_DROP, 0, 0},
    {"noframes", A_DROP, 0, 0},
    {"noscript", A_SPECIAL, 0, S_NOSCRIPT},
    {"object", A_DROP, 0, 0},
    {"ol", A_SPECIAL, OP_NODE_LIST, S_LIST},
    {"option", A_DROP, 0, 0},
    {"output", A_DROP, 0, 0},
    {"p", A_BLOCK, OP_NODE_PARAGRAPH, 0},
    {"param", A_DROP, 0, 0},
    {"plaintext", A_SPECIAL, OP_NODE_CODE_BLOCK, S_PRE},
    {"pre", A_SPECIAL, OP_NODE_CODE_BLOCK, S_PRE},
    {"progress", A_DROP, 0, 0},
    {"samp", A_INLINE, OP_NODE_CODE, 0},
    {"script", A_DROP, 0, 0},
    {"search", A_BREAK, 0, 0},
    {"section", A_BREAK, 0, 0},
    {"select", A_DROP, 0, 0},
    {"slot", A_DROP, 0, 0},
    {"source", A_DROP, 0, 0},
    {"strong", A_INLINE, OP_NODE_STRONG, 0},
    {"style", A_DROP, 0, 0},
    {"sub", A_INLINE, OP_NODE_SUB, 0},
    {"summary", A_BREAK, 0, 0},
    {"sup", A_INLINE, OP_NODE_SUP, 0},
    {"svg", A_DROP, 0, 0},
    {"table", A_SPECIAL, OP_NODE_TABLE, S_TABLE},
    {"td", A_SPECIAL, OP_NODE_TABLE_CELL, S_CELL},
    {"template", A_DROP, 0, 0},
    {"textarea", A_DROP, 0, 0},
    {"th", A_SPECIAL, OP_NODE_TABLE_CELL, S_CELL},
    {"title", A_DROP, 0, 0},
    {"tr", A_BLOCK, OP_NODE_TABLE_ROW, 0},
    {"track", A_DROP, 0, 0},
    {"tt", A_INLINE, OP_NODE_CODE, 0},
    {"ul", A_SPECIAL, OP_NODE_LIST, S_LIST},
    {"var", A_INLINE, OP_NODE_EMPH, 0},
    {"video", A_DROP, 0, 0},
    {"xmp", A_SPECIAL, OP_NODE_CODE_BLOCK, S_PRE},
};

static int rule_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const tag_rule *)elem)->name);
}

static const tag_rule *find_rule(const char *name)
{
    return bsearch(name, rules, sizeof rules / sizeof rules[0], sizeof rules[0], rule_cmp);
}

/*** libxml2 helpers ***/

int parse_html_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static int is_html(const xmlNode *n)
{
    return n->ns && !strcmp((const char *)n->ns->href, "http://www.w3.org/1999/xhtml");
}

/* libxml2 keeps an attribute's value in a text child. */
const char *parse_html_attr(const xmlNode *n, const char *name)
{
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, name))
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

int parse_html_squeezed_has(const char *s, const char *lit)
{
    char buf[256];
    size_t n = 0;
    for (; *s && n + 1 < sizeof buf; s++)
        if (!isspace((unsigned char)*s))
            buf[n++] = (char)tolower((unsigned char)*s);
    buf[n] = 0;
    return strstr(buf, lit) != NULL;
}

int parse_html_hidden(const xmlNode *n)
{
    const char *v;
    if (!n || n->type != XML_ELEMENT_NODE)
        return 0;
    if (parse_html_attr(n, "hidden"))
        return 1;
    if ((v = parse_html_attr(n, "aria-hidden")) && !strcasecmp(v, "true") &&
        !parse_html_is(n, "img"))
        return 1;
    if ((v = parse_html_attr(n, "style")) && (parse_html_squeezed_has(v, "display:none") ||
                                              parse_html_squeezed_has(v, "visibility:hidden")))
        return 1;
    return 0;
}

const char *parse_html_base_href(xmlDoc *doc)
{
    xmlNode *top = xmlDocGetRootElement(doc), *n = top;
    const char *href = NULL;
    while (n && !href) {
        if (parse_html_is(n, "base"))
            href = parse_html_attr(n, "href");
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && n != top && !n->next)
            n = n->parent;
        n = n && n != top ? n->next : NULL;
    }
    return href;
}

/*** Images ***/

/* Largest candidate of a srcset ("a.jpg 300w, b.jpg 2x"): new string or NULL. */
static char *srcset_best_new(const char *set)
{
    const char *p = set, *best = NULL;
    size_t best_len = 0;
    double best_val = -1;
    while (p && *p) {
        while (*p == ',' || isspace((unsigned char)*p))
            p++;
        const char *u = p;
        while (*p && !isspace((unsigned char)*p) && !(*p == ',' && (p[1] == ' ' || !p[1])))
            p++;
        size_t ulen = (size_t)(p - u);
        double val = 1;
        while (*p && isspace((unsigned char)*p))
            p++;
        if (*p && *p != ',') {
            val = strtod(p, NULL);
            while (*p && *p != ',')
                p++;
        }
        if (ulen && val > best_val) {
            best = u;
            best_len = ulen;
            best_val = val;
        }
    }
    return best ? op_strndup(best, best_len) : NULL;
}

static int is_placeholder(const char *src)
{
    static const char *const words[] = {"placeholder", "blank.", "spacer",       "lazy",
                                        "pixel.",      "1x1",    "transparent.", "data:"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(src, words[i]))
            return 1;
    return 0;
}

static char *picture_source_new(const xmlNode *img)
{
    if (!img->parent || !parse_html_is(img->parent, "picture"))
        return NULL;
    for (xmlNode *c = img->parent->children; c; c = c->next) {
        const char *set = parse_html_is(c, "source") ? parse_html_attr(c, "srcset") : NULL;
        if (!set && parse_html_is(c, "source"))
            set = parse_html_attr(c, "data-srcset");
        if (set && *set)
            return srcset_best_new(set);
    }
    return NULL;
}

/* The best source of an img: a real src, lazy-loading attributes, srcsets, <picture>. */
static char *pick_src_new(const xmlNode *n)
{
    static const char *const lazy[] = {"data-src", "data-original", "data-lazy-src", "data-url"};
    const char *src = parse_html_attr(n, "src"), *v;
    if (src && *src && !is_placeholder(src))
        return op_strdup(src);
    for (size_t i = 0; i < sizeof lazy / sizeof lazy[0]; i++)
        if ((v = parse_html_attr(n, lazy[i])) && *v)
            return op_strdup(v);
    char *best = NULL;
    if ((v = parse_html_attr(n, "srcset")) && *v)
        best = srcset_best_new(v);
    if (!best && (v = parse_html_attr(n, "data-srcset")) && *v)
        best = srcset_best_new(v);
    if (!best)
        best = picture_source_new(n);
    if (!best && src && *src)
        best = op_strdup(src);
    return best;
}

static void do_img(hstate *h, const xmlNode *n)
{
    char *raw = pick_src_new(n);
    char *src = raw ? parse_resolve_image_new(&h->base, raw, strlen(raw)) : NULL;
    op_free(raw);
    if (!src)
        return;
    op_node *img = op_build_enter(h->b, OP_NODE_IMAGE);
    if (img) {
        const char *alt = parse_html_attr(n, "alt"), *title = parse_html_attr(n, "title");
        op_node_set_url(h->doc, img, src, strlen(src));
        if (title && *title)
            op_node_set_title(h->doc, img, title, strlen(title));
        if (alt)
            op_build_text(h->b, alt, strlen(alt));
    }
    op_build_leave(h->b);
    op_free(src);
}

/* An <img> in the subtree of `top`, skipping `skip` (bounded search). */
static int has_img(xmlNode *top, const xmlNode *skip)
{
    size_t seen = 0;
    xmlNode *n = top->children;
    while (n && seen++ < 2000) {
        if (parse_html_is(n, "img"))
            return 1;
        if (n->children && n->type == XML_ELEMENT_NODE && n != skip) {
            n = n->children;
            continue;
        }
        while (n && n != top && !n->next)
            n = n->parent;
        n = n && n != top ? n->next : NULL;
    }
    return 0;
}

/*** Walk ***/

static rec *push_rec(hstate *h)
{
    if (h->nrecs == h->caprecs) {
        h->caprecs = h->caprecs ? h->caprecs * 2 : 64;
        h->recs = op_realloc(h->recs, h->caprecs * sizeof *h->recs);
    }
    rec *r = &h->recs[h->nrecs++];
    memset(r, 0, sizeof *r);
    return r;
}

/* "language-x" or "lang-x" in n's class names the code's language; 1 when it did. */
static int class_language(hstate *h, const xmlNode *n, op_node *code)
{
    const char *cls = parse_html_attr(n, "class");
    const char *p = cls ? strstr(cls, "language-") : NULL;
    size_t skip = 9;
    if (!p && cls && (p = strstr(cls, "lang-")))
        skip = 5;
    if (!p)
        return 0;
    p += skip;
    size_t len = strcspn(p, " \t\n");
    if (len)
        op_node_set_title(h->doc, code, p, len);
    return 1;
}

static void code_language(hstate *h, const xmlNode *n, op_node *code)
{
    if (class_language(h, n, code))
        return;
    const xmlNode *c = n->children;
    while (c && c->type != XML_ELEMENT_NODE)
        c = c->next;
    if (c && parse_html_is(c, "code"))
        class_language(h, c, code);
}

static int cell_align(const xmlNode *n)
{
    const char *a = parse_html_attr(n, "align"), *st = parse_html_attr(n, "style");
    if (!a && st && parse_html_squeezed_has(st, "text-align:"))
        a = parse_html_squeezed_has(st, ":center")  ? "center"
            : parse_html_squeezed_has(st, ":right") ? "right"
            : parse_html_squeezed_has(st, ":left")  ? "left"
                                                    : NULL;
    if (!a)
        return 0;
    return !strcasecmp(a, "left")     ? 1
           : !strcasecmp(a, "center") ? 2
           : !strcasecmp(a, "right")  ? 3
                                      : 0;
}

static int enter_block(hstate *h, xmlNode *n, const tag_rule *t, rec *r)
{
    op_node *node = op_build_enter(h->b, (op_node_kind)t->kind);
    r->enters = 1;
    if (!node)
        return 1;
    if (t->special == S_HEADING) {
        op_node_set_level(node, n->name[1] - '0');
    } else if (t->special == S_LIST) {
        const char *s = parse_html_attr(n, "start");
        long start = s ? strtol(s, NULL, 10) : 1;
        if (start < -1000000000L || start > 1000000000L)
            start = 1;
        op_node_set_list(node, parse_html_is(n, "ol"), (int)start);
    } else if (t->special == S_CELL) {
        op_node_set_cell(node, parse_html_is(n, "th"), cell_align(n));
    } else if (t->special == S_PRE) {
        code_language(h, n, node);
    }
    return 1;
}

static int enter_link(hstate *h, xmlNode *n, rec *r)
{
    const char *href = parse_html_attr(n, "href");
    char *url = href ? parse_resolve_href_new(h->base_href, href, strlen(href)) : NULL;
    if (!url)
        return 1;
    op_node *link = op_build_enter(h->b, OP_NODE_LINK);
    r->enters = 1;
    if (link) {
        const char *title = parse_html_attr(n, "title");
        op_node_set_url(h->doc, link, url, strlen(url));
        if (title && *title)
            op_node_set_title(h->doc, link, title, strlen(title));
    }
    op_free(url);
    return 1;
}

static int enter_special(hstate *h, xmlNode *n, const tag_rule *t, rec *r)
{
    switch (t->special) {
    case S_HEADFOOT:
        if (!h->in_article)
            return 0;
        op_build_break(h->b);
        r->brk = 1;
        return 1;
    case S_NOSCRIPT:
        return has_img(n, NULL) && !(n->parent && has_img(n->parent, n));
    case S_LINK:
        return enter_link(h, n, r);
    case S_IMG:
        do_img(h, n);
        return 0;
    case S_BR:
        if (h->in_pre)
            op_build_text(h->b, "\n", 1);
        else
            op_build_leaf(h->b, OP_NODE_LINE_BREAK);
        return 0;
    case S_PRE:
        h->in_pre++;
        r->pre = 1;
        return enter_block(h, n, t, r);
    case S_TABLE:
        for (xmlNode *c = n->children; c && !r->caption; c = c->next)
            if (parse_html_is(c, "caption"))
                r->caption = c;
        return enter_block(h, n, t, r);
    case S_CAPTION:
        if (n->parent && parse_html_is(n->parent, "table"))
            return 0;
        op_build_break(h->b);
        r->brk = 1;
        return 1;
    default:
        return enter_block(h, n, t, r);
    }
}

/* Containers a --keep selector may bring back (never scripts, styles or form controls). */
static int kept_container(const xmlNode *n)
{
    static const char *const tags[] = {"aside", "nav", "form", "header", "footer", "dialog"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (parse_html_is(n, tags[i]))
            return 1;
    return 0;
}

static int visit_enter(hstate *h, xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        const char *t = (const char *)n->content;
        size_t len = t ? strlen(t) : 0;
        if (len && parse_html_is_mathml(n->parent)) { /* MathML white space is not text */
            while (len && parse_html_math_ws((unsigned char)t[len - 1]))
                len--;
            while (len && parse_html_math_ws((unsigned char)*t)) {
                t++;
                len--;
            }
        }
        if (len)
            op_build_text(h->b, t, len);
        return 0;
    }
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    rec *r = push_rec(h);
    int kept = h->kept && h->kept(n);
    if (parse_html_hidden(n) && !kept)
        return 0;
    if (parse_html_is_mathml(n))
        return parse_html_enter_math(h, n, r);
    if (!is_html(n))
        return 0;
    const tag_rule *t = find_rule((const char *)n->name);
    if (!t)
        return 1;
    if (kept && (t->act == A_DROP || t->special == S_HEADFOOT) && kept_container(n)) {
        op_build_break(h->b);
        r->brk = 1;
        return 1;
    }
    if (t->kind == OP_NODE_TABLE || t->kind == OP_NODE_TABLE_ROW || t->kind == OP_NODE_TABLE_CELL) {
        const xmlNode *table = t->kind == OP_NODE_TABLE ? n : parse_html_owner_table(n);
        if (table && parse_html_layout_table(h, table)) {
            op_build_break(h->b);
            r->brk = 1;
            return 1;
        }
    }
    switch (t->act) {
    case A_BREAK:
        op_build_break(h->b);
        r->brk = 1;
        if (parse_html_is(n, "article")) {
            h->in_article++;
            r->article = 1;
        }
        return 1;
    case A_DROP:
        return 0;
    case A_BLOCK:
    case A_INLINE:
        op_build_enter(h->b, (op_node_kind)t->kind);
        r->enters = 1;
        return 1;
    case A_LEAF:
        op_build_leaf(h->b, (op_node_kind)t->kind);
        return 0;
    case A_SPECIAL:
        return enter_special(h, n, t, r);
    default:
        return 1;
    }
}

static void emit_caption(hstate *h, xmlNode *cap)
{
    xmlChar *text = xmlNodeGetContent(cap);
    if (!text)
        return;
    op_build_enter(h->b, OP_NODE_PARAGRAPH);
    op_build_text(h->b, (const char *)text, strlen((const char *)text));
    op_build_leave(h->b);
    xmlFree(text);
}

static void visit_leave(hstate *h, xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE || !h->nrecs)
        return;
    rec r = h->recs[--h->nrecs];
    for (int i = 0; i < r.enters; i++)
        op_build_leave(h->b);
    if (r.math_after)
        op_build_text(h->b, r.math_after, strlen(r.math_after));
    if (r.brk)
        op_build_break(h->b);
    if (r.article)
        h->in_article--;
    if (r.pre)
        h->in_pre--;
    if (r.caption)
        emit_caption(h, r.caption);
}

static void walk(hstate *h, xmlNode *top)
{
    xmlNode *n = top->children;
    while (n) {
        if (visit_enter(h, n) && n->children) {
            n = n->children;
            continue;
        }
        for (;;) {
            visit_leave(h, n);
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (!n || n == top) {
                n = NULL;
                break;
            }
        }
    }
}

/*** Entry point ***/

static int inside(const xmlNode *n, const char *name)
{
    for (n = n->parent; n; n = n->parent)
        if (parse_html_is(n, name))
            return 1;
    return 0;
}

op_status parse_html_map(op_doc *doc, xmlNode *root, const parse_html_map_opts *o)
{
    hstate h;
    memset(&h, 0, sizeof h);
    h.doc = doc;
    h.base = o->base;
    h.base_href = o->base_href;
    h.kept = o->kept;
    h.b = op_build_new(doc, o->max_depth, OP_BUILD_COLLAPSE_WS);
    h.in_article = parse_html_is(root, "article") || inside(root, "article");
    walk(&h, root);
    op_status st = op_build_finish(h.b);
    op_build_free(h.b);
    op_free(h.recs);
    return st;
}
