/* The only file that includes gumbo. gumbo (unmaintained since 2016) parses HTML5 the way
 * browsers do; we copy its tree at once into libxml2 and own the result. The copy is
 * iterative, and gumbo's memory is tracked here and released without gumbo's recursive
 * destructor, so 100k-deep nesting cannot overflow the stack. gumbo reads the page with
 * script, style and comment content and long attribute values cut out (html_cut.c); the cuts
 * are checked against its tree and the text put back, else the whole page is parsed. */
#include "parse/html_tree.h"

#include "core/core.h"
#include "parse/html_cut.h"
#include "xml/xml_init.h"

#include <gumbo.h>
#include <stddef.h>
#include <stdio.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

#define XHTML_NS  "http://www.w3.org/1999/xhtml"
#define SVG_NS    "http://www.w3.org/2000/svg"
#define MATHML_NS "http://www.w3.org/1998/Math/MathML"

/*** Memory: every gumbo block on a list, all freed at the end ***/

typedef struct gblock {
    struct gblock *next;
    struct gblock **pprev;
    _Alignas(16) unsigned char data[];
} gblock;

typedef struct gpool {
    gblock *first;
} gpool;

static void *gpool_alloc(void *ud, size_t n)
{
    gpool *p = ud;
    gblock *b = op_malloc(sizeof(gblock) + n);
    b->next = p->first;
    b->pprev = &p->first;
    if (p->first)
        p->first->pprev = &b->next;
    p->first = b;
    return b->data;
}

static void gpool_free(void *ud, void *ptr)
{
    (void)ud;
    if (!ptr)
        return;
    gblock *b = (gblock *)((unsigned char *)ptr - offsetof(gblock, data));
    *b->pprev = b->next;
    if (b->next)
        b->next->pprev = b->pprev;
    op_free(b);
}

static void gpool_release(gpool *p)
{
    gblock *b = p->first;
    while (b) {
        gblock *n = b->next;
        op_free(b);
        b = n;
    }
    p->first = NULL;
}

/*** Nesting pre-filter ***
 * gumbo checks scopes by scanning its stack of open elements, which is quadratic for
 * 100k nested <div>s (minutes) and explodes in memory for deeply nested formatting tags.
 * So before gumbo sees the bytes, start tags nested deeper than a limit (and the end tags
 * matching them) are cut out. Elements whose end tag is optional or absent don't count. */

static int counts_for_depth(const char *name)
{
    static const char *const skip[] = {
        "p",     "li",     "dt",       "dd",       "tr",    "td",    "th",       "tbody",
        "thead", "tfoot",  "option",   "optgroup", "rt",    "rp",    "colgroup", "caption",
        "br",    "img",    "hr",       "meta",     "link",  "input", "source",   "area",
        "base",  "col",    "embed",    "param",    "track", "wbr",   "html",     "head",
        "body",  "keygen", "basefont", "bgsound",  "frame", "image", "menuitem"};
    for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
        if (!strcmp(name, skip[i]))
            return 0;
    return 1;
}

static int is_raw_text(const char *name)
{
    static const char *const raw[] = {"script", "style",   "textarea", "title",    "xmp",
                                      "iframe", "noembed", "noframes", "plaintext"};
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++)
        if (!strcmp(name, raw[i]))
            return 1;
    return 0;
}

/* The first match of `lit` (its first character no letter) from s[from], case-insensitive. */
static size_t find_ci(const char *s, size_t len, size_t from, const char *lit)
{
    size_t n = strlen(lit);
    for (size_t i = from; i + n <= len; i++) {
        const char *p = memchr(s + i, lit[0], len - n + 1 - i);
        if (!p)
            break;
        i = (size_t)(p - s);
        if (!strncasecmp(s + i, lit, n))
            return i;
    }
    return len;
}

/* End of the tag starting at s[i] == '<' (index after '>'), skipping quoted values. */
static size_t tag_end(const char *s, size_t len, size_t i, int *self_closing)
{
    char q = 0;
    for (size_t j = i + 1; j < len; j++) {
        if (q) {
            q = s[j] == q ? 0 : q;
        } else if (s[j] == '"' || s[j] == '\'') {
            q = s[j];
        } else if (s[j] == '>') {
            *self_closing = s[j - 1] == '/';
            return j + 1;
        }
    }
    return len;
}

static size_t tag_name(const char *s, size_t len, size_t i, char *name, size_t sz)
{
    size_t n = 0;
    while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == ':')) {
        if (n + 1 < sz)
            name[n++] = (char)tolower((unsigned char)s[i]);
        i++;
    }
    name[n] = 0;
    return i;
}

typedef struct nest {
    int depth, skipped, limit;
    size_t elements; /* start tags seen */
} nest;

/* Handles the markup at s[i] == '<'; returns the end index and whether to keep it. */
static size_t filter_tag(nest *ns, const char *s, size_t len, size_t i, int *keep)
{
    char name[32];
    int sc = 0;
    *keep = 1;
    if (i + 3 < len && !strncmp(s + i, "<!--", 4)) {
        size_t e = find_ci(s, len, i + 4, "-->");
        return e < len ? e + 3 : len;
    }
    int end = i + 1 < len && s[i + 1] == '/';
    size_t p = i + 1 + (size_t)end;
    if (p >= len || !isalpha((unsigned char)s[p]))
        return i + 1 < len && (s[i + 1] == '!' || s[i + 1] == '?') ? tag_end(s, len, i, &sc)
                                                                   : i + 1;
    tag_name(s, len, p, name, sizeof name);
    size_t e = tag_end(s, len, i, &sc);
    if (!end)
        ns->elements++;
    if (end) {
        if (counts_for_depth(name) && ns->skipped > 0) {
            ns->skipped--;
            *keep = 0;
        } else if (counts_for_depth(name) && ns->depth > 0) {
            ns->depth--;
        }
        return e;
    }
    if (is_raw_text(name)) {
        char close[40];
        snprintf(close, sizeof close, "</%s", name);
        return strcmp(name, "plaintext") ? find_ci(s, len, e, close) : len;
    }
    if (!counts_for_depth(name) || sc)
        return e;
    if (ns->depth >= ns->limit) {
        ns->skipped++;
        *keep = 0;
    } else {
        ns->depth++;
    }
    return e;
}

/* Copies s without the too-deep tags; NULL when nothing had to be cut. *elements: the start
 * tags seen, counting stops past max_elements (0: no limit), which returns NULL too. */
static char *limit_nesting_new(const char *s, size_t len, int limit, size_t max_elements,
                               size_t *outlen, size_t *elements)
{
    nest ns = {0, 0, limit, 0};
    op_buf out;
    op_buf_init(&out, 0);
    size_t i = 0, copied = 0;
    while (i < len) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        int keep;
        size_t e = filter_tag(&ns, s, len, i, &keep);
        if (max_elements && ns.elements > max_elements)
            break;
        if (!keep) {
            op_buf_add(&out, s + copied, i - copied);
            copied = e;
        }
        i = e > i ? e : i + 1;
    }
    *elements = ns.elements;
    if (copied == 0 || (max_elements && ns.elements > max_elements)) {
        op_buf_free(&out);
        return NULL;
    }
    op_buf_add(&out, s + copied, len - copied);
    return op_buf_detach(&out, outlen);
}

/*** Conversion ***/

typedef struct gframe {
    GumboNode *g;
    xmlNode *x; /* where children go (NULL: document level) */
    unsigned idx;
    int depth;
} gframe;

static const GumboVector *kids_of(const GumboNode *g)
{
    if (g->type == GUMBO_NODE_DOCUMENT)
        return &g->v.document.children;
    return &g->v.element.children;
}

static void element_name(const GumboElement *el, char *name, size_t sz)
{
    if (el->tag != GUMBO_TAG_UNKNOWN) {
        snprintf(name, sz, "%s", gumbo_normalized_tagname(el->tag));
    } else {
        GumboStringPiece p = el->original_tag;
        gumbo_tag_from_original_text(&p);
        size_t n = p.length < sz - 1 ? p.length : sz - 1;
        for (size_t i = 0; i < n; i++) {
            char c = p.data[i];
            name[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        name[n] = 0;
    }
    if (!name[0] || xmlValidateNCName((const xmlChar *)name, 0) != 0)
        snprintf(name, sz, "%s", "span");
}

static xmlNs *ns_for(xmlNode *el, xmlNode *parent, GumboNamespaceEnum gns)
{
    const char *href = gns == GUMBO_NAMESPACE_SVG      ? SVG_NS
                       : gns == GUMBO_NAMESPACE_MATHML ? MATHML_NS
                                                       : XHTML_NS;
    if (parent && parent->ns && !strcmp((const char *)parent->ns->href, href))
        return parent->ns;
    return xmlNewNs(el, (const xmlChar *)href, NULL);
}

typedef struct cut_ctx cut_ctx;
static const char *attr_value(const GumboAttribute *a, cut_ctx *cc);

static xmlNode *new_element(xmlDoc *doc, xmlNode *parent, const GumboElement *el, cut_ctx *cc)
{
    char name[64];
    element_name(el, name, sizeof name);
    xmlNode *x = xmlNewDocNode(doc, NULL, (const xmlChar *)name, NULL);
    xmlSetNs(x, ns_for(x, parent, el->tag_namespace));
    for (unsigned i = 0; i < el->attributes.length; i++) {
        const GumboAttribute *a = el->attributes.data[i];
        if (!a->name || xmlValidateNCName((const xmlChar *)a->name, 0) != 0)
            continue;
        if (xmlHasProp(x, (const xmlChar *)a->name))
            continue;
        xmlNewProp(x, (const xmlChar *)a->name, (const xmlChar *)attr_value(a, cc));
    }
    return x;
}

static void add_child(xmlDoc *doc, xmlNode *parent, xmlNode *child)
{
    if (parent) {
        xmlAddChild(parent, child);
        return;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    if (root)
        xmlAddChild(root, child);
    else
        xmlDocSetRootElement(doc, child);
}

/*** Cut pages (html_cut.c): checked against gumbo's tree, their text put back ***/

/* What a tree built from a cut page needs: the cuts, the cut page gumbo read, the page. */
struct cut_ctx {
    html_cuts *cuts;
    const char *page;
    op_buf text;
    int failed; /* a cut's text could not be put back: build from the page instead */
};

static const GumboVector *kids_of(const GumboNode *g);

/* The next node in document order (template contents included), or NULL; NULL too when
 * gumbo's parent links disagree with its child vectors. */
static GumboNode *next_node(GumboNode *n)
{
    if (n->type == GUMBO_NODE_DOCUMENT || n->type == GUMBO_NODE_ELEMENT ||
        n->type == GUMBO_NODE_TEMPLATE) {
        const GumboVector *k = kids_of(n);
        if (k->length)
            return k->data[0];
    }
    for (; n->parent; n = n->parent) {
        const GumboVector *sib = kids_of(n->parent);
        size_t i = n->index_within_parent;
        if (i >= sib->length || sib->data[i] != n)
            return NULL;
        if (i + 1 < sib->length)
            return sib->data[i + 1];
    }
    return NULL;
}

/* The cut that ends just where element el's start tag ends, or NULL. */
static html_cut *cut_of(const html_cuts *c, const GumboElement *el)
{
    if ((el->tag != GUMBO_TAG_SCRIPT && el->tag != GUMBO_TAG_STYLE) || !el->original_tag.data ||
        el->original_tag.data < c->text || el->original_tag.data > c->text + c->len)
        return NULL;
    size_t at = (size_t)(el->original_tag.data - c->text) + el->original_tag.length;
    return parse_html_cut_find(c, at,
                               el->tag == GUMBO_TAG_SCRIPT ? HTML_CUT_SCRIPT : HTML_CUT_STYLE);
}

/* The cut that was attribute a's quoted value, or NULL. */
static html_cut *attr_cut(const html_cuts *c, const GumboAttribute *a)
{
    const char *v = a->original_value.data;
    if (!v || a->original_value.length < 2 || v < c->text || v >= c->text + c->len ||
        (v[0] != '"' && v[0] != '\''))
        return NULL;
    return parse_html_cut_find(c, (size_t)(v + 1 - c->text), HTML_CUT_ATTR);
}

/* The value attribute a has in the whole page: a cut value put back. */
static const char *attr_value(const GumboAttribute *a, cut_ctx *cc)
{
    const html_cut *k = cc ? attr_cut(cc->cuts, a) : NULL;
    if (!k)
        return a->value ? a->value : "";
    op_buf_reset(&cc->text);
    if (parse_html_cut_text(cc->page, k, &cc->text) != 0)
        cc->failed = 1;
    return cc->text.data ? cc->text.data : "";
}

/* 1 when every cut value in element el's start tag is one of its attributes, now empty (an
 * attribute the tree builder dropped leaves its cut unseen). */
static int attrs_hold(const GumboElement *el, html_cuts *c, size_t *seen)
{
    for (unsigned i = 0; i < el->attributes.length; i++) {
        const GumboAttribute *a = el->attributes.data[i];
        html_cut *k = attr_cut(c, a);
        if (!k)
            continue;
        if (a->value && a->value[0])
            return 0;
        *seen += !k->seen; /* a formatting element the tree builder copied shares it */
        k->seen = 1;
    }
    return 1;
}

/* 1 when gumbo built every cut where the page has it: each cut script or style an HTML
 * element whose end tag follows its start tag at once (so the tokenizer read its content
 * in the state the cut assumed), each cut comment a comment node at the cut, each cut value
 * an attribute's empty value. */
static int cuts_hold(GumboNode *root, html_cuts *c)
{
    size_t seen = 0;
    for (GumboNode *n = root; n; n = next_node(n)) {
        html_cut *k = NULL;
        int ok = 1;
        if (n->type == GUMBO_NODE_COMMENT) {
            GumboStringPiece o = n->v.text.original_text;
            if (o.data >= c->text && o.data < c->text + c->len) {
                k = parse_html_cut_find(c, (size_t)(o.data - c->text), HTML_CUT_COMMENT);
                ok = !k || o.length == 7;
            }
        } else if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
            const GumboElement *el = &n->v.element;
            k = cut_of(c, el);
            ok = !k || (el->tag_namespace == GUMBO_NAMESPACE_HTML && el->children.length == 0 &&
                        el->original_end_tag.data == c->text + k->at);
            ok = ok && (!c->n_attr || attrs_hold(el, c, &seen));
        }
        if (!ok || (k && k->seen))
            return 0;
        if (k) {
            k->seen = 1;
            seen++;
        }
    }
    return seen == c->n;
}

/* A cut script's or style's text as the child the whole page would have given it. */
static void put_back(xmlDoc *doc, xmlNode *parent, const GumboElement *el, cut_ctx *cc)
{
    const html_cut *k = cut_of(cc->cuts, el);
    if (!k || !parent)
        return;
    op_buf_reset(&cc->text);
    if (parse_html_cut_text(cc->page, k, &cc->text) != 0) {
        cc->failed = 1;
        return;
    }
    xmlAddChild(parent, xmlNewDocTextLen(doc, (const xmlChar *)cc->text.data, (int)cc->text.len));
}

/* Handles one gumbo child; returns the frame to push for its children, if any. */
static int convert_one(xmlDoc *doc, const gframe *top, GumboNode *c, int max_depth, gframe *push,
                       cut_ctx *cc)
{
    switch (c->type) {
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_WHITESPACE:
    case GUMBO_NODE_CDATA:
        if (top->x && c->v.text.text)
            xmlAddChild(top->x, xmlNewDocTextLen(doc, (const xmlChar *)c->v.text.text,
                                                 (int)strlen(c->v.text.text)));
        return 0;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE: {
        push->g = c;
        push->idx = 0;
        if (top->depth >= max_depth) { /* too deep: children go to the same parent */
            push->x = top->x;
            push->depth = top->depth;
        } else {
            xmlNode *x = new_element(doc, top->x, &c->v.element, cc);
            add_child(doc, top->x, x);
            push->x = x;
            push->depth = top->depth + 1;
        }
        if (cc && c->type == GUMBO_NODE_ELEMENT)
            put_back(doc, push->x, &c->v.element, cc);
        return c->type == GUMBO_NODE_ELEMENT; /* template content is dropped */
    }
    default: /* comments, document */
        return 0;
    }
}

static void convert_tree(xmlDoc *doc, GumboNode *root, int max_depth, cut_ctx *cc)
{
    size_t cap = 256, n = 1;
    gframe *st = op_malloc(cap * sizeof *st);
    st[0].g = root;
    st[0].x = NULL;
    st[0].idx = 0;
    st[0].depth = 0;
    while (n) {
        gframe *top = &st[n - 1];
        const GumboVector *kids = kids_of(top->g);
        if (top->idx >= kids->length) {
            n--;
            continue;
        }
        GumboNode *c = kids->data[top->idx++];
        gframe push;
        if (!convert_one(doc, top, c, max_depth, &push, cc))
            continue;
        if (n == cap) {
            cap *= 2;
            st = op_realloc(st, cap * sizeof *st);
        }
        st[n++] = push;
    }
    op_free(st);
}

/* gumbo's tree of text[0..len) in libxml2 form into *out; with cc (a cut page) NULL when
 * the cuts do not hold or their text cannot be put back. */
static op_status build(const char *text, size_t len, int max_depth, cut_ctx *cc, xmlDoc **out)
{
    gpool pool;
    memset(&pool, 0, sizeof pool);
    GumboOptions opts = kGumboDefaultOptions;
    opts.allocator = gpool_alloc;
    opts.deallocator = gpool_free;
    opts.userdata = &pool;
    opts.max_errors = 0;
    *out = NULL;
    GumboOutput *g = gumbo_parse_with_options(&opts, text, len);
    if (!g) {
        gpool_release(&pool);
        return OP_ERR_PARSE;
    }
    if (cc && !cuts_hold(g->document, cc->cuts)) {
        gpool_release(&pool);
        return OP_OK;
    }
    xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
    convert_tree(doc, g->document, max_depth, cc);
    gpool_release(&pool); /* instead of gumbo_destroy_output, which recurses */
    if (cc && cc->failed) {
        xmlFreeDoc(doc);
        return OP_OK;
    }
    if (!xmlDocGetRootElement(doc)) {
        xmlNode *html = xmlNewDocNode(doc, NULL, (const xmlChar *)"html", NULL);
        xmlSetNs(html, xmlNewNs(html, (const xmlChar *)XHTML_NS, NULL));
        xmlDocSetRootElement(doc, html);
    }
    *out = doc;
    return OP_OK;
}

op_status parse_html_tree_build(const char *utf8, size_t len, int max_depth, size_t max_elements,
                                int cut, xmlDoc **out, int *cut_used)
{
    xml_init_once();
    *out = NULL;
    if (cut_used)
        *cut_used = 0;
    int depth = max_depth > 0 ? max_depth : 512;
    size_t flen = 0, elements = 0;
    char *filtered = limit_nesting_new(utf8, len, depth, max_elements, &flen, &elements);
    if (max_elements && elements > max_elements)
        return OP_ERR_LIMIT;
    op_status st = OP_OK;
    html_cuts cuts;
    if (cut && !filtered && parse_html_cut(utf8, len, &cuts)) {
        cut_ctx cc = {&cuts, utf8, {0}, 0};
        op_buf_init(&cc.text, 0);
        st = build(cuts.text, cuts.len, depth, &cc, out);
        op_buf_free(&cc.text);
        parse_html_cuts_free(&cuts);
        if (cut_used)
            *cut_used = *out != NULL;
    }
    if (st == OP_OK && !*out)
        st = build(filtered ? filtered : utf8, filtered ? flen : len, depth, NULL, out);
    op_free(filtered);
    return st;
}

op_status parse_html_tree_new(const char *utf8, size_t len, int max_depth, size_t max_elements,
                              xmlDoc **out)
{
    return parse_html_tree_build(utf8, len, max_depth, max_elements, 1, out, NULL);
}
