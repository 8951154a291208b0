/* HTML -> model. The bytes are converted to UTF-8 (encoding.c), parsed by gumbo into a
 * libxml2 tree (html_tree.c), scanned once for metadata and the content root, then the
 * content root is walked (iteratively) and fed to the builder, which keeps the tree valid.
 * Full reader-mode extraction is extract/'s job; this is the plain structural mapping. */
#include "core/core.h"
#include "extract/extract_int.h"
#include "parse/build.h"
#include "parse/html_tree.h"
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

#define XN(s) ((const xmlChar *)(s))

static int is_el(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static int is_html(const xmlNode *n)
{
    return n->ns && !strcmp((const char *)n->ns->href, "http://www.w3.org/1999/xhtml");
}

/* Lends an attribute value (libxml2 keeps it in a text child), or NULL. */
static const char *attr(const xmlNode *n, const char *name)
{
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, name))
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

static int contains_ci_nospace(const char *s, const char *lit)
{
    char buf[256];
    size_t n = 0;
    for (; *s && n + 1 < sizeof buf; s++)
        if (!isspace((unsigned char)*s))
            buf[n++] = (char)tolower((unsigned char)*s);
    buf[n] = 0;
    return strstr(buf, lit) != NULL;
}

/*** Scan: metadata and the content root ***/

typedef struct scan {
    const char *title, *og_title, *author, *published, *site, *desc, *og_desc, *image, *tw_image;
    const char *lang, *canonical, *og_url, *base, *time_dt;
    xmlNode *article, *main, *itemprop, *body;
    size_t article_len;
} scan;

static const struct {
    const char *key;
    size_t off;
} meta_keys[] = {
    {"og:title", offsetof(scan, og_title)},
    {"author", offsetof(scan, author)},
    {"article:author", offsetof(scan, author)},
    {"byl", offsetof(scan, author)},
    {"dc.creator", offsetof(scan, author)},
    {"article:published_time", offsetof(scan, published)},
    {"datepublished", offsetof(scan, published)},
    {"date", offsetof(scan, published)},
    {"dc.date", offsetof(scan, published)},
    {"og:site_name", offsetof(scan, site)},
    {"og:description", offsetof(scan, og_desc)},
    {"description", offsetof(scan, desc)},
    {"og:image", offsetof(scan, image)},
    {"twitter:image", offsetof(scan, tw_image)},
    {"og:url", offsetof(scan, og_url)},
};

static void scan_meta(scan *s, const xmlNode *n)
{
    const char *key = attr(n, "property");
    if (!key)
        key = attr(n, "name");
    if (!key)
        key = attr(n, "itemprop");
    const char *content = attr(n, "content");
    if (!key || !content || !*content)
        return;
    for (size_t i = 0; i < sizeof meta_keys / sizeof meta_keys[0]; i++) {
        if (strcasecmp(key, meta_keys[i].key))
            continue;
        const char **slot = (const char **)((char *)s + meta_keys[i].off);
        if (slot == &s->author && !strncasecmp(content, "http", 4))
            return;
        if (!*slot)
            *slot = content;
        return;
    }
}

static const char *text_child(const xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_TEXT_NODE && c->content)
            return (const char *)c->content;
    return NULL;
}

/* Text bytes under n, skipping script and style. */
static size_t text_length(xmlNode *top)
{
    size_t total = 0;
    xmlNode *n = top->children;
    while (n) {
        if (n->type == XML_TEXT_NODE && n->content)
            total += strlen((const char *)n->content);
        int skip = is_el(n, "script") || is_el(n, "style");
        if (n->children && n->type == XML_ELEMENT_NODE && !skip) {
            n = n->children;
            continue;
        }
        while (n && n != top && !n->next)
            n = n->parent;
        n = n && n != top ? n->next : NULL;
    }
    return total;
}

static int inside(const xmlNode *n, const char *name)
{
    for (n = n->parent; n; n = n->parent)
        if (is_el(n, name))
            return 1;
    return 0;
}

static void scan_element(scan *s, xmlNode *n)
{
    const char *name = (const char *)n->name, *v;
    if (!strcmp(name, "title") && !s->title && is_html(n))
        s->title = text_child(n);
    else if (!strcmp(name, "meta"))
        scan_meta(s, n);
    else if (!strcmp(name, "link") && (v = attr(n, "rel")) && !strcasecmp(v, "canonical") &&
             !s->canonical)
        s->canonical = attr(n, "href");
    else if (!strcmp(name, "base") && !s->base)
        s->base = attr(n, "href");
    else if (!strcmp(name, "html") && !s->lang)
        s->lang = attr(n, "lang");
    else if (!strcmp(name, "body") && !s->body)
        s->body = n;
    else if (!strcmp(name, "main") && !s->main)
        s->main = n;
    else if (!strcmp(name, "time") && !s->time_dt)
        s->time_dt = attr(n, "datetime");
    if ((v = attr(n, "itemprop")) && !strcasecmp(v, "articleBody") && !s->itemprop)
        s->itemprop = n;
    if (!strcmp(name, "article") && !inside(n, "article")) {
        size_t len = text_length(n);
        if (!s->article || len > s->article_len) {
            s->article = n;
            s->article_len = len;
        }
    }
}

static void scan_doc(scan *s, xmlDoc *doc)
{
    xmlNode *top = xmlDocGetRootElement(doc);
    xmlNode *n = top;
    while (n) {
        if (n->type == XML_ELEMENT_NODE)
            scan_element(s, n);
        if (n->children && n->type == XML_ELEMENT_NODE) {
            n = n->children;
            continue;
        }
        while (n && n != top && !n->next)
            n = n->parent;
        n = n && n != top ? n->next : NULL;
    }
}

static xmlNode *content_root(const scan *s, xmlDoc *doc)
{
    if (s->article) {
        size_t body = s->body ? text_length(s->body) : 0;
        if (s->article_len >= 200 || s->article_len * 5 >= body)
            return s->article;
    }
    if (s->main)
        return s->main;
    if (s->itemprop)
        return s->itemprop;
    return s->body ? s->body : xmlDocGetRootElement(doc);
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
    if (!img->parent || !is_el(img->parent, "picture"))
        return NULL;
    for (xmlNode *c = img->parent->children; c; c = c->next) {
        const char *set = is_el(c, "source") ? attr(c, "srcset") : NULL;
        if (!set && is_el(c, "source"))
            set = attr(c, "data-srcset");
        if (set && *set)
            return srcset_best_new(set);
    }
    return NULL;
}

/* The best source of an img: a real src, lazy-loading attributes, srcsets, <picture>. */
static char *pick_src_new(const xmlNode *n)
{
    static const char *const lazy[] = {"data-src", "data-original", "data-lazy-src", "data-url"};
    const char *src = attr(n, "src"), *v;
    if (src && *src && !is_placeholder(src))
        return op_strdup(src);
    for (size_t i = 0; i < sizeof lazy / sizeof lazy[0]; i++)
        if ((v = attr(n, lazy[i])) && *v)
            return op_strdup(v);
    char *best = NULL;
    if ((v = attr(n, "srcset")) && *v)
        best = srcset_best_new(v);
    if (!best && (v = attr(n, "data-srcset")) && *v)
        best = srcset_best_new(v);
    if (!best)
        best = picture_source_new(n);
    if (!best && src && *src)
        best = op_strdup(src);
    return best;
}

typedef struct rec {
    int enters;
    unsigned char brk, pre, article;
    const char *math_after; /* MathML: text after the element (a space, a closing parenthesis) */
    xmlNode *caption;
} rec;

enum { LT_CACHE = 4 };

typedef struct hstate {
    const op_parse_opts *opts;
    op_doc *doc;
    op_build *b;
    char *base_dir;
    const char *base_href;
    rec *recs;
    size_t nrecs, caprecs;
    int in_pre, in_article;
    int keep; /* --keep given: kept elements are shown even when hidden, aside, form... */
    /* the tables layout_table() looked at last (nested ones too) and its answers */
    const xmlNode *lt_table[LT_CACHE];
    int lt_layout[LT_CACHE], lt_next;
} hstate;

static void do_img(hstate *h, const xmlNode *n)
{
    char *raw = pick_src_new(n);
    char *src = raw ? parse_resolve_src_new(h->base_dir, raw, strlen(raw)) : NULL;
    op_free(raw);
    if (!src)
        return;
    op_node *img = op_build_enter(h->b, OP_NODE_IMAGE);
    if (img) {
        const char *alt = attr(n, "alt"), *title = attr(n, "title");
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
        if (is_el(n, "img"))
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

static void code_language(hstate *h, const xmlNode *n, op_node *code)
{
    const xmlNode *c = n;
    for (int pass = 0; pass < 2 && c; pass++) {
        const char *cls = attr(c, "class");
        const char *p = cls ? strstr(cls, "language-") : NULL;
        size_t skip = 9;
        if (!p && cls && (p = strstr(cls, "lang-")))
            skip = 5;
        if (p) {
            p += skip;
            size_t len = strcspn(p, " \t\n");
            if (len)
                op_node_set_title(h->doc, code, p, len);
            return;
        }
        for (c = n->children; c && c->type != XML_ELEMENT_NODE; c = c->next)
            ;
        if (c && !is_el(c, "code"))
            return;
    }
}

static int cell_align(const xmlNode *n)
{
    const char *a = attr(n, "align"), *st = attr(n, "style");
    if (!a && st && contains_ci_nospace(st, "text-align:"))
        a = contains_ci_nospace(st, ":center")  ? "center"
            : contains_ci_nospace(st, ":right") ? "right"
            : contains_ci_nospace(st, ":left")  ? "left"
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
        const char *s = attr(n, "start");
        long start = s ? strtol(s, NULL, 10) : 1;
        if (start < -1000000000L || start > 1000000000L)
            start = 1;
        op_node_set_list(node, is_el(n, "ol"), (int)start);
    } else if (t->special == S_CELL) {
        op_node_set_cell(node, is_el(n, "th"), cell_align(n));
    } else if (t->special == S_PRE) {
        code_language(h, n, node);
    }
    return 1;
}

static int enter_link(hstate *h, xmlNode *n, rec *r)
{
    const char *href = attr(n, "href");
    char *url = href ? parse_resolve_href_new(h->base_href, href, strlen(href)) : NULL;
    if (!url)
        return 1;
    op_node *link = op_build_enter(h->b, OP_NODE_LINK);
    r->enters = 1;
    if (link) {
        const char *title = attr(n, "title");
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
            if (is_el(c, "caption"))
                r->caption = c;
        return enter_block(h, n, t, r);
    case S_CAPTION:
        if (n->parent && is_el(n->parent, "table"))
            return 0;
        op_build_break(h->b);
        r->brk = 1;
        return 1;
    default:
        return enter_block(h, n, t, r);
    }
}

/* MathML as linear text (what a reader without math layout shows). MathML's white space
 * is not text: token contents are trimmed and the space between elements is ignored, so
 * indented and compact MathML read alike. Relations and infix operators get a space on each
 * side (a prefix minus and operators inside scripts none), separators one after; table cells
 * and rows are separated by a space; a fraction is num/den and a root √base, compound parts
 * in parentheses; the scripts of msub/msup/msubsup and munder/mover/munderover become
 * SUB/SUP (an accent, a lone operator over or under its base, stays inline); annotations
 * (the TeX source, a repeat) are skipped, and display="block" math is a block of its own. */
static int is_mathml(const xmlNode *n)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns &&
           !strcmp((const char *)n->ns->href, "http://www.w3.org/1998/Math/MathML");
}

static int math_is(const xmlNode *n, const char *name)
{
    return is_mathml(n) && !strcmp((const char *)n->name, name);
}

static int math_is_ws(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* An element that takes no room in the linear text: mspace, none, an empty token. */
static int math_blank(const xmlNode *n)
{
    if (math_is(n, "mspace") || math_is(n, "none"))
        return 1;
    if (!math_is(n, "mi") && !math_is(n, "mn") && !math_is(n, "mo") && !math_is(n, "mtext"))
        return 0;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_TEXT_NODE)
            return 0;
        for (const xmlChar *t = c->content; t && *t; t++)
            if (!math_is_ws(*t))
                return 0;
    }
    return 1;
}

/* The previous sibling that takes room, or NULL. */
static const xmlNode *math_prev(const xmlNode *n)
{
    for (n = n->prev; n; n = n->prev)
        if (n->type == XML_ELEMENT_NODE && !math_blank(n))
            return n;
    return NULL;
}

/* Elements whose children are laid out in a row (an explicit or inferred mrow). */
static int math_row(const xmlNode *n)
{
    static const char *const rows[] = {"math",   "mrow",    "mtd",      "msqrt",    "mstyle",
                                       "merror", "mpadded", "mphantom", "menclose", "semantics"};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (math_is(n, rows[i]))
            return 1;
    return 0;
}

static int math_scripted(const xmlNode *n)
{
    static const char *const s[] = {"msub",  "msup",       "msubsup",      "munder",
                                    "mover", "munderover", "mmultiscripts"};
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        if (math_is(n, s[i]))
            return 1;
    return 0;
}

/* 1 when n sits in a script (not the base) of a scripted element, up to its <math>. */
static int math_in_script(const xmlNode *n)
{
    for (; is_mathml(n) && !math_is(n, "math"); n = n->parent)
        if (math_scripted(n->parent) && math_prev(n))
            return 1;
    return 0;
}

/* The text of an <mo>, trimmed, into buf (empty when it does not fit). */
static void math_op_text(const xmlNode *n, char *buf, size_t size)
{
    xmlChar *t = xmlNodeGetContent(n);
    const char *s = t ? (const char *)t : "";
    size_t len = strlen(s);
    while (len && math_is_ws((unsigned char)s[len - 1]))
        len--;
    while (len && math_is_ws((unsigned char)*s)) {
        s++;
        len--;
    }
    if (len >= size)
        len = 0;
    memcpy(buf, s, len);
    buf[len] = '\0';
    xmlFree(t);
}

static int math_op_in(const char *op, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(op, set[i]))
            return 1;
    return 0;
}

enum { MO_PLAIN, MO_REL, MO_BIN, MO_SEP };

/* Relations and binary operators (MathML's operator dictionary gives them a thick or
 * medium space on each side), separators (a thin space after). */
static int math_op_class(const char *op)
{
    static const char *const rel[] = {
        "=",      "<",      ">",      ":=",     "\u2260", "\u2264", "\u2265", "\u2248",
        "\u2261", "\u223C", "\u2243", "\u2245", "\u221D", "\u226A", "\u226B", "\u2192",
        "\u2190", "\u2194", "\u21D2", "\u21D0", "\u21D4", "\u21A6", "\u2208", "\u2209",
        "\u220B", "\u2282", "\u2283", "\u2286", "\u2287", "\u22A5", "\u2223", "\u2225"};
    static const char *const bin[] = {"+",      "-",      "\u2212", "\u00B1", "\u2213",
                                      "\u00D7", "\u00F7", "\u22C5", "\u00B7", "\u2217",
                                      "\u2218", "\u2219", "\u222A", "\u2229", "\u2227",
                                      "\u2228", "\u2295", "\u2297", "\u2296", "\u2216"};
    if (math_op_in(op, rel, sizeof rel / sizeof rel[0]))
        return MO_REL;
    if (math_op_in(op, bin, sizeof bin / sizeof bin[0]))
        return MO_BIN;
    if (!strcmp(op, ",") || !strcmp(op, ";"))
        return MO_SEP;
    return MO_PLAIN;
}

/* A binary operator is a prefix one (a sign) at the start of its row or after another
 * operator that is not a closing fence, unless its form says otherwise. */
static int math_prefix(const xmlNode *mo)
{
    const char *form = attr(mo, "form");
    if (form)
        return !strcmp(form, "prefix");
    const xmlNode *p = math_prev(mo);
    if (!p)
        return 1;
    if (!math_is(p, "mo"))
        return 0;
    char op[16];
    math_op_text(p, op, sizeof op);
    static const char *const close[] = {")", "]", "}", "|", "\u2016", "\u27E9", "\u232A"};
    return !math_op_in(op, close, sizeof close / sizeof close[0]);
}

/* The number of children that take room; *one gets the last of them. */
static int math_items(const xmlNode *n, const xmlNode **one)
{
    int k = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !math_blank(c)) {
            k++;
            *one = c;
        }
    return k;
}

/* The fence an <mo> is: 1 opening, 2 closing, 0 none. */
static int math_fence(const xmlNode *n)
{
    if (!math_is(n, "mo"))
        return 0;
    char op[16];
    math_op_text(n, op, sizeof op);
    static const char *const open[] = {"(", "[", "{", "\u27E8", "\u2329"};
    static const char *const close[] = {")", "]", "}", "\u27E9", "\u232A"};
    return math_op_in(op, open, 5) ? 1 : math_op_in(op, close, 5) ? 2 : 0;
}

/* 1 when the row's items are one fenced group: "(1 - q)", not "(a)(b)". */
static int math_fenced(const xmlNode *n)
{
    const xmlNode *first = NULL, *last = NULL;
    int opens = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !math_blank(c)) {
            first = first ? first : c;
            last = c;
            opens += math_fence(c) == 1;
        }
    return first && first != last && math_fence(first) == 1 && math_fence(last) == 2 && opens == 1;
}

/* A part that needs parentheses as a numerator, denominator or radicand: a row of more
 * than one element (unless already one fenced group), a fraction, a table. */
static int math_compound(const xmlNode *n)
{
    if (math_is(n, "mfrac") || math_is(n, "mtable"))
        return 1;
    if (!math_row(n) || math_is(n, "msqrt"))
        return 0;
    const xmlNode *one = NULL;
    int k = math_items(n, &one);
    return k > 1 ? !math_fenced(n) : k == 1 && math_compound(one);
}

/* An mspace at least as wide as a thick space reads as a space. */
static int math_wide_space(const char *width)
{
    if (!width)
        return 0;
    if (strstr(width, "thickmathspace"))
        return 1;
    char *end = NULL;
    double w = strtod(width, &end);
    return end != width && !strncmp(end, "em", 2) && w >= 0.25;
}

static int enter_math(hstate *h, xmlNode *n, rec *r)
{
    const char *name = (const char *)n->name;
    if (!strcmp(name, "annotation") || !strcmp(name, "annotation-xml"))
        return 0;
    if (!strcmp(name, "math")) {
        const char *d = attr(n, "display");
        if (d && !strcmp(d, "block")) {
            op_build_break(h->b);
            r->brk = 1;
        }
        return 1;
    }
    xmlNode *p = n->parent;
    const xmlNode *prev = math_prev(n);
    if ((!strcmp(name, "mtd") || !strcmp(name, "mtr") || !strcmp(name, "mlabeledtr")) && prev)
        op_build_text(h->b, " ", 1);
    if (math_is(p, "mfrac") && !math_blank(n)) {
        if (prev) {
            const char *lt = attr(p, "linethickness"); /* 0: a binomial, no bar */
            char *end = NULL;
            double t = lt ? strtod(lt, &end) : 1;
            op_build_text(h->b, lt && end != lt && t < 1e-9 ? " " : "/", 1);
        }
        if (math_compound(n)) {
            op_build_text(h->b, "(", 1);
            r->math_after = ")";
        }
    }
    if (!strcmp(name, "msqrt")) {
        op_build_text(h->b, "\u221A", strlen("\u221A"));
        const xmlNode *one = NULL;
        int k = math_items(n, &one);
        if (k > 1 ? !math_fenced(n) : k == 1 && math_compound(one)) {
            op_build_text(h->b, "(", 1);
            r->math_after = ")";
        }
    }
    if (!strcmp(name, "mspace") && math_wide_space(attr(n, "width")))
        op_build_text(h->b, " ", 1);
    if (!strcmp(name, "mo") && math_row(p) && !math_in_script(n)) {
        char op[16];
        math_op_text(n, op, sizeof op);
        int cls = math_op_class(op);
        if (cls == MO_REL || (cls == MO_BIN && !math_prefix(n))) {
            op_build_text(h->b, " ", 1);
            r->math_after = " ";
        } else if (cls == MO_SEP && prev) {
            r->math_after = " ";
        }
    }
    if (math_scripted(p) && !math_is(p, "mmultiscripts") && prev) {
        const char *pn = (const char *)p->name;
        int k = 0;
        for (const xmlNode *c = p->children; c && c != n; c = c->next)
            k += c->type == XML_ELEMENT_NODE;
        int under = !strcmp(pn, "munder") || (!strcmp(pn, "munderover") && k == 1);
        int over = !strcmp(pn, "mover") || (!strcmp(pn, "munderover") && k == 2);
        const char *acc = attr(p, under ? "accentunder" : "accent");
        int accent = (under || over) && ((acc && !strcmp(acc, "true")) ||
                                         (!strcmp(name, "mo") && strcmp(pn, "munderover")));
        int sup = !strcmp(pn, "msup") || over || (!strcmp(pn, "msubsup") && k == 2);
        if (!accent && k >= 1) {
            op_build_enter(h->b, sup ? OP_NODE_SUP : OP_NODE_SUB);
            r->enters = 1;
        }
    }
    return 1;
}

/* Containers a --keep selector may bring back (never scripts, styles or form controls). */
static int kept_container(const xmlNode *n)
{
    static const char *const tags[] = {"aside", "nav", "form", "header", "footer", "dialog"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (is_el(n, tags[i]))
            return 1;
    return 0;
}

static int is_row_group(const xmlNode *n)
{
    return is_el(n, "thead") || is_el(n, "tbody") || is_el(n, "tfoot");
}

/* The row after `row` (the first when NULL): rows are the table's own <tr> children and
 * those of its thead/tbody/tfoot, never rows of nested tables. */
static const xmlNode *next_row(const xmlNode *table, const xmlNode *row)
{
    const xmlNode *group = row && row->parent != table ? row->parent : NULL;
    const xmlNode *c = row ? row->next : table->children;
    for (;;) {
        for (; c; c = c->next) {
            if (is_el(c, "tr"))
                return c;
            if (!group && is_row_group(c) && c->children)
                break;
        }
        if (c) {
            group = c;
            c = c->children;
        } else if (group) {
            c = group->next;
            group = NULL;
        } else {
            return NULL;
        }
    }
}

static int has_block_child(const xmlNode *cell)
{
    static const char *const blocks[] = {"p",  "div",   "h1",      "h2",     "h3",  "h4",
                                         "h5", "h6",    "ul",      "ol",     "pre", "blockquote",
                                         "dl", "table", "section", "article"};
    for (const xmlNode *c = cell->children; c; c = c->next)
        for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
            if (is_el(c, blocks[i]))
                return 1;
    return 0;
}

/* A table used for page layout, not data: one column, and some cell holds blocks
 * (paragraphs, headings, lists). Its cells' blocks become the document's own, so that a
 * story set in one cell breaks across pages like any other. One answer per table. */
static int layout_table(hstate *h, const xmlNode *table)
{
    for (int i = 0; i < LT_CACHE; i++)
        if (h->lt_table[i] == table)
            return h->lt_layout[i];
    int blocks = 0, one_col = 1;
    for (const xmlNode *row = next_row(table, NULL); row && one_col; row = next_row(table, row)) {
        int cells = 0;
        for (const xmlNode *c = row->children; c; c = c->next)
            if (is_el(c, "td") || is_el(c, "th")) {
                cells++;
                blocks = blocks || has_block_child(c);
            }
        one_col = cells <= 1;
    }
    int i = h->lt_next++ % LT_CACHE;
    h->lt_table[i] = table;
    h->lt_layout[i] = one_col && blocks;
    return h->lt_layout[i];
}

/* The table a row or cell belongs to (NULL when it is outside any). */
static const xmlNode *owner_table(const xmlNode *n)
{
    for (const xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
        if (is_el(p, "table"))
            return p;
    return NULL;
}

static int visit_enter(hstate *h, xmlNode *n)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        const char *t = (const char *)n->content;
        size_t len = t ? strlen(t) : 0;
        if (len && is_mathml(n->parent)) { /* MathML white space is not text */
            while (len && math_is_ws((unsigned char)t[len - 1]))
                len--;
            while (len && math_is_ws((unsigned char)*t)) {
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
    int kept = h->keep && extract_kept_or_inside(n);
    if (extract_is_hidden(n) && !kept)
        return 0;
    if (is_mathml(n))
        return enter_math(h, n, r);
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
        const xmlNode *table = t->kind == OP_NODE_TABLE ? n : owner_table(n);
        if (table && layout_table(h, table)) {
            op_build_break(h->b);
            r->brk = 1;
            return 1;
        }
    }
    switch (t->act) {
    case A_BREAK:
        op_build_break(h->b);
        r->brk = 1;
        if (is_el(n, "article")) {
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

/*** Metadata ***/

static void set_meta(op_doc *doc, op_meta_field f, const char *v, size_t len)
{
    if (v && len && !op_doc_get_meta(doc, f))
        op_doc_set_meta(doc, f, v, len);
}

static void set_resolved(hstate *h, op_meta_field f, const char *v, int image)
{
    if (!v || !*v)
        return;
    char *r = image ? parse_resolve_src_new(h->base_dir, v, strlen(v))
                    : parse_resolve_href_new(h->base_href, v, strlen(v));
    if (r)
        set_meta(h->doc, f, r, strlen(r));
    op_free(r);
}

static void apply_meta(hstate *h, const scan *s, const extract_meta *m)
{
    op_doc *d = h->doc;
    const char *const v[] = {m->title, m->author, m->published, m->site,
                             m->desc,  m->lang,   m->credit};
    const op_meta_field f[] = {OP_META_TITLE,     OP_META_AUTHOR,      OP_META_PUBLISHED,
                               OP_META_SITE_NAME, OP_META_DESCRIPTION, OP_META_LANG,
                               OP_META_CREDIT};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (v[i])
            set_meta(d, f[i], v[i], strlen(v[i]));
    set_resolved(h, OP_META_LEAD_IMAGE, m->image, 1);
    set_resolved(h, OP_META_SOURCE_URL, s->canonical ? s->canonical : m->url, 0);
    op_doc_set_meta(d, OP_META_BASE_DIR, h->base_dir, strlen(h->base_dir));
}

/* Lower-cased, white-space-collapsed copy for comparisons. */
static char *fold_new(const char *s, size_t len)
{
    op_buf b;
    op_buf_init(&b, 0);
    int sp = 1;
    for (size_t i = 0; i < len; i++) {
        if (isspace((unsigned char)s[i])) {
            sp = 1;
            continue;
        }
        if (sp && b.len)
            op_buf_addc(&b, ' ');
        sp = 0;
        op_buf_addc(&b, (char)tolower((unsigned char)s[i]));
    }
    op_buf_addc(&b, 0);
    return op_buf_detach(&b, NULL);
}

/* --explain for a block of the model moved to the title block. */
static void explain_model(const op_parse_opts *opts, const char *text, size_t len, const char *rule)
{
    const op_extract_opts *xo = opts ? opts->extract : NULL;
    if (!xo || !xo->explain)
        return;
    char *snip = extract_explain_snippet_new(text, len);
    op_explain_rec r = {0, rule, "(title block)", snip};
    xo->explain(xo->explain_ud, &r);
    op_free(snip);
}

/* What follows the h1's text in the title is a suffix ("Headline | Site", "Headline_Section_
 * Site", "Headline（Agency）"), not more headline: nothing, or a separator. */
static int title_rest(const char *r)
{
    static const char *const seps[] = {"\xEF\xBC\x88", "\xE3\x80\x90", "\xEF\xBD\x9C",
                                       "\xE2\x80\x93", "\xE2\x80\x94", "\xC2\xB7"};
    if (!*r || strchr("_([|", *r) || (*r == ' ' && r[1] && strchr("|-:_(\xE2", r[1])))
        return 1;
    r += *r == ' ';
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
        if (!strncmp(r, seps[i], strlen(seps[i])))
            return 1;
    return 0;
}

/* A leading <h1> repeating the title is shown by the title block: drop it. Without a
 * title, the h1 becomes the title. A "Headline | Site" title is replaced by the h1. */
static void drop_title_heading(op_doc *doc, const op_parse_opts *opts)
{
    op_node *first = op_node_first_child(op_doc_root(doc));
    if (!first || op_node_get_kind(first) != OP_NODE_HEADING || op_node_get_level(first) != 1)
        return;
    size_t len;
    char *text = op_node_text_new(first, &len);
    const char *title = op_doc_get_meta(doc, OP_META_TITLE);
    char *ft = fold_new(text, len), *fh = title ? fold_new(title, strlen(title)) : NULL;
    size_t n = strlen(ft);
    if (!title && n) {
        op_doc_set_meta(doc, OP_META_TITLE, text, len);
        explain_model(opts, text, len, "first heading becomes the title");
        op_node_unlink(first);
        parse_keep_title_link(doc, first);
    } else if (fh && n && !strncmp(fh, ft, n) && title_rest(fh + n)) {
        if (fh[n])
            op_doc_set_meta(doc, OP_META_TITLE, text, len);
        explain_model(opts, text, len, "heading repeats the title");
        op_node_unlink(first);
        parse_keep_title_link(doc, first);
    }
    op_free(ft);
    op_free(fh);
    op_free(text);
}

/*** Reader mode ***/

typedef struct attempt {
    xmlDoc *x;
    xmlNode *root;
    size_t len;
    extract_ctx *ctx; /* explain records and keep/drop of this pass, or NULL */
} attempt;

static void attempt_free(attempt *a)
{
    if (a->x)
        xmlFreeDoc(a->x);
    extract_ctx_free(a->ctx);
    memset(a, 0, sizeof *a);
}

/* One extraction pass over a fresh tree: prune, score, clean. */
static op_status try_extract(const char *utf8, size_t ulen, unsigned flags, const char *body,
                             const op_extract_opts *xo, attempt *a)
{
    memset(a, 0, sizeof *a);
    op_status st = parse_html_tree_new(utf8, ulen, 512, &a->x);
    if (st)
        return st;
    a->ctx = extract_ctx_new(xo);
    a->x->_private = a->ctx;
    if (xo) {
        extract_drop_selected(a->x, xo->drop);
        extract_keep_mark(a->x, xo->keep);
    }
    extract_prune(a->x, flags);
    a->root = extract_content(a->x, flags, NULL);
    if (a->root) {
        extract_explain_outside(a->x, a->root);
        extract_clean(a->root, flags);
        extract_filter_by_body(a->root, body);
        a->len = extract_text_len(a->root);
    }
    return OP_OK;
}

/* The article: the first pass that finds 500 characters of text. Each retry relaxes the
 * heuristics (readability.js's flag retries) and wins only when it finds half as much
 * text again: on a short article, the relaxed passes mostly add back boilerplate. */
static op_status find_article(const char *utf8, size_t ulen, const char *body,
                              const op_extract_opts *xo, attempt *best)
{
    static const unsigned passes[] = {EXTRACT_ALL, EXTRACT_ALL & ~EXTRACT_STRIP_UNLIKELY,
                                      EXTRACT_CLEAN_COND, 0};
    memset(best, 0, sizeof *best);
    for (size_t i = 0; i < sizeof passes / sizeof passes[0]; i++) {
        attempt a;
        op_status st = try_extract(utf8, ulen, passes[i], body, xo, &a);
        if (st) {
            attempt_free(&a);
            return st;
        }
        if (!best->x || a.len > best->len + best->len / 2) {
            attempt_free(best);
            *best = a;
        } else {
            attempt_free(&a);
        }
        if (best->len >= 500)
            break;
    }
    return OP_OK;
}

/* The title repeated as a heading or a line of its own among the first blocks (after a
 * kicker, a byline or a picture) is shown by the title block only. */
static void drop_title_repeat(op_doc *doc, const op_parse_opts *opts)
{
    const char *title = op_doc_get_meta(doc, OP_META_TITLE);
    if (!title)
        return;
    char *ft = fold_new(title, strlen(title));
    op_node *n = op_node_first_child(op_doc_root(doc));
    for (int k = 0; n && k < 8; k++, n = op_node_next(n)) {
        op_node_kind kind = op_node_get_kind(n);
        if (kind != OP_NODE_HEADING && kind != OP_NODE_PARAGRAPH)
            continue;
        size_t len;
        char *text = op_node_text_new(n, &len);
        char *fx = fold_new(text, len);
        int same = *fx && !strcmp(fx, ft);
        op_free(fx);
        if (same)
            explain_model(opts, text, len, "repeats the title");
        op_free(text);
        if (same) {
            op_node_unlink(n);
            parse_keep_title_link(doc, n);
            break;
        }
    }
    op_free(ft);
}

/*** Byline and dateline shown by the title block ***/

/* Words a byline or date line holds besides the names and the date: cues, weekdays, times,
 * time zones ("By", "Posted on", "Updated", "Monday", "10:07 AM ET"). */
static int line_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "by",       "posted",    "written",  "updated", "published", "on",        "at",
        "and",      "am",        "pm",       "a.m",     "p.m",       "edt",       "est",
        "et",       "pt",        "gmt",      "utc",     "bst",       "cet",       "cest",
        "pst",      "pdt",       "cst",      "cdt",     "mst",       "mdt",       "monday",
        "tuesday",  "wednesday", "thursday", "friday",  "saturday",  "sunday",    "jan",
        "feb",      "mar",       "apr",      "may",     "jun",       "jul",       "aug",
        "sep",      "sept",      "oct",      "nov",     "dec",       "january",   "february",
        "march",    "april",     "june",     "july",    "august",    "september", "october",
        "november", "december"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && !strncasecmp(w, words[i], n))
            return 1;
    size_t d = 0;
    while (d < n && (isdigit((unsigned char)w[d]) || strchr(":/-", w[d])))
        d++;
    return d == n && n; /* "19", "2019", "10:07", "11/19/2019", "19th" is not */
}

/* Separators between a byline's parts: spaces, punctuation, dashes, bullets, middle dots. */
static size_t line_sep(const char *s, size_t len)
{
    size_t k = 0;
    while (k < len) {
        if (strchr(" \t\n,.;:/|-()[]", s[k]))
            k++;
        else if (k + 2 < len && (unsigned char)s[k] == 0xE2 && (unsigned char)s[k + 1] == 0x80)
            k += 3;
        else if (k + 1 < len && (unsigned char)s[k] == 0xC2 &&
                 ((unsigned char)s[k + 1] == 0xB7 || (unsigned char)s[k + 1] == 0xA0))
            k += 2;
        else
            break;
    }
    return k;
}

/* One of the authors ("Jane Doe, John Roe" as the model holds them) or the credit at s. */
static size_t known_name_at(const op_doc *doc, const char *s, size_t len)
{
    const op_meta_field fields[] = {OP_META_AUTHOR, OP_META_CREDIT};
    for (size_t f = 0; f < 2; f++) {
        const char *v = op_doc_get_meta(doc, fields[f]);
        while (v && *v) {
            size_t n = strcspn(v, ",");
            if (n >= 2 && n <= len && !strncasecmp(s, v, n) &&
                (n == len || !isalnum((unsigned char)s[n])))
                return n;
            v += n;
            v += strspn(v, ", ");
        }
    }
    return 0;
}

/* A date starting at s that is the published date (same day). */
static int published_at(const op_doc *doc, const char *s, size_t len)
{
    const char *pub = op_doc_get_meta(doc, OP_META_PUBLISHED);
    char tmp[48];
    if (!pub || strlen(pub) < 10)
        return 0;
    if (len >= sizeof tmp)
        len = sizeof tmp - 1;
    memcpy(tmp, s, len);
    tmp[len] = 0;
    char *iso = extract_iso_date_new(tmp);
    int same = iso && !strncmp(iso, pub, 10);
    op_free(iso);
    return same;
}

/* A short block that holds nothing but what the title block shows: the authors, the credit,
 * the published date with its cues and time ("By Jane Doe", "Staff Reports", "/ CBS News",
 * "Feb. 21, 2019", "Posted by Jane Doe on Nov. 3, 2019 at 10:07 AM"). */
static int meta_only(const op_doc *doc, const char *s, size_t len)
{
    int named = 0, dated = 0;
    for (size_t k = line_sep(s, len); k < len; k += line_sep(s + k, len - k)) {
        size_t n = known_name_at(doc, s + k, len - k);
        if (n) {
            named = 1;
            k += n;
            continue;
        }
        dated |= published_at(doc, s + k, len - k);
        size_t w = 0;
        while (k + w < len &&
               (isalnum((unsigned char)s[k + w]) || s[k + w] == ':' || (s[k + w] == '.' && w == 1)))
            w++;
        if (!w || !line_word(s + k, w))
            return 0;
        k += w;
    }
    return named || dated;
}

/* Removes the first *left bytes of n's text (leading text nodes, and inline nodes whose text
 * lies wholly inside them). */
static void cut_text_start(op_doc *doc, op_node *n, size_t *left)
{
    for (op_node *c = op_node_first_child(n), *next; c && *left; c = next) {
        next = op_node_next(c);
        op_node_kind kind = op_node_get_kind(c);
        if (kind == OP_NODE_TEXT) {
            size_t len;
            const char *t = op_node_get_literal(c, &len);
            if (len <= *left) {
                *left -= len;
                op_node_unlink(c);
                continue;
            }
            size_t k = *left;
            *left = 0;
            while (k < len && t[k] == ' ')
                k++;
            op_node_set_literal(doc, c, t + k, len - k);
        } else if (kind == OP_NODE_EMPH || kind == OP_NODE_STRONG || kind == OP_NODE_LINK) {
            cut_text_start(doc, c, left);
            if (!op_node_first_child(c))
                op_node_unlink(c);
        } else {
            return; /* an image, a line break, code: the dateline does not run through it */
        }
    }
}

/* A dateline opening a paragraph: "April 17, 2015 -- Imagine", "WASHINGTON, Nov. 3, 2015 —
 * The": its length with the dash (0 when there is none or its date is not the published
 * one), the upper-case place before the date in *place. */
static size_t dateline_len(const op_doc *doc, const char *s, size_t len, size_t *place)
{
    static const char *const dashes[] = {" -- ", " \xE2\x80\x94 ", " \xE2\x80\x93 "};
    size_t k = 0, up = 0;
    *place = 0;
    while (k < len && k < 40 && (isupper((unsigned char)s[k]) || strchr(" .'-", s[k])))
        up += isupper((unsigned char)s[k++]) != 0;
    while (k && s[k - 1] == ' ')
        k--;
    if (k + 1 < len && s[k] == ',' && up >= 2) {
        *place = k;
        k += 1 + strspn(s + k + 1, " ");
    } else {
        k = 0;
    }
    for (size_t e = k; e < len && e < k + 30; e++)
        for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++)
            if (!strncmp(s + e, dashes[i], strlen(dashes[i])))
                return published_at(doc, s + k, e - k) ? e + strlen(dashes[i]) : 0;
    return 0;
}

/* The byline and the date are shown by the title block: among the first six blocks (after a
 * standfirst and a picture too), one that holds nothing else goes, and a dateline opening the
 * first paragraph is cut from it (its place goes to the title block). */
static void drop_byline_lines(op_doc *doc, const op_parse_opts *opts)
{
    op_node *n = op_node_first_child(op_doc_root(doc)), *next;
    int para = 0;
    for (int k = 0; n && k < 6; k++, n = next) {
        next = op_node_next(n);
        op_node_kind kind = op_node_get_kind(n);
        if (kind != OP_NODE_HEADING && kind != OP_NODE_PARAGRAPH && kind != OP_NODE_LIST)
            continue;
        size_t len, place;
        char *text = op_node_text_new(n, &len);
        if (len <= 120 && meta_only(doc, text, len)) {
            explain_model(opts, text, len, "repeats the byline or date");
            op_node_unlink(n);
        } else if (kind == OP_NODE_PARAGRAPH && !para) {
            size_t cut = dateline_len(doc, text, len, &place);
            if (cut && cut < len) {
                if (place && !op_doc_get_meta(doc, OP_META_PLACE))
                    op_doc_set_meta(doc, OP_META_PLACE, text, place);
                explain_model(opts, text, cut, "dateline");
                cut_text_start(doc, n, &cut);
            }
        }
        para |= kind == OP_NODE_PARAGRAPH;
        op_free(text);
    }
}

op_status op_parse_html(const char *data, size_t len, const op_parse_opts *opts, op_doc **out)
{
    char *utf8 = NULL;
    size_t ulen = 0;
    xmlDoc *x = NULL;
    attempt art = {0};
    extract_meta meta = {0};
    hstate h;
    scan s;
    memset(&h, 0, sizeof h);
    memset(&s, 0, sizeof s);
    *out = NULL;
    op_status st = parse_prepare(data, len, opts, 1, &utf8, &ulen);
    if (st)
        goto out;
    st = parse_html_tree_new(utf8, ulen, 512, &x);
    if (st) {
        parse_report(opts, OP_SEV_ERROR, "the HTML parser failed");
        goto out;
    }
    const op_extract_opts *xo = opts ? opts->extract : NULL;
    if (xo) { /* the fallback content root comes from this tree too */
        extract_drop_selected(x, xo->drop);
        extract_keep_mark(x, xo->keep);
    }
    scan_doc(&s, x);
    extract_meta_read(x, &meta);
    st = find_article(utf8, ulen, meta.body, xo, &art);
    if (st)
        goto out;
    h.opts = opts;
    h.doc = op_doc_new();
    h.base_dir = parse_base_dir_new(opts);
    h.base_href = s.base;
    h.b = op_build_new(h.doc, parse_max_depth(opts), OP_BUILD_COLLAPSE_WS);
    h.keep = xo && op_selector_count(xo->keep);
    xmlNode *root = art.root ? art.root : content_root(&s, x);
    h.in_article = is_el(root, "article") || inside(root, "article");
    walk(&h, root);
    st = op_build_finish(h.b);
    apply_meta(&h, &s, &meta);
    extract_ctx_emit(art.ctx);
    drop_title_heading(h.doc, opts);
    drop_title_repeat(h.doc, opts);
    drop_byline_lines(h.doc, opts);
    parse_done(h.doc, opts);
    if (!st) {
        *out = h.doc;
        h.doc = NULL;
    }
out:
    op_build_free(h.b);
    op_doc_free(h.doc);
    op_free(h.recs);
    op_free(h.base_dir);
    if (x)
        xmlFreeDoc(x);
    attempt_free(&art);
    extract_meta_free(&meta);
    op_free(utf8);
    return st;
}
