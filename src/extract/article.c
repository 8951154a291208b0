/* Reader mode on an HTML page: --drop and --keep on the parsed tree, the metadata read from
 * the whole page (meta.c), then the article found by up to four passes over fresh trees
 * (prune, score, clean; each retry relaxes the heuristics). The metadata goes into the
 * document being made; the chosen element waits in the op_page for op_page_to_doc. */
#include "core/core.h"
#include "extract/extract_int.h"
#include "extract/page.h"
#include "parse/html_map.h"
#include "parse/parse.h"

#include <string.h>
#include <strings.h>

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

/* One extraction pass over a fresh copy of the page's tree: prune, score, clean. */
static op_status try_extract(const xmlDoc *page, unsigned flags, const char *body,
                             const op_extract_opts *xo, attempt *a)
{
    memset(a, 0, sizeof *a);
    a->x = xmlCopyDoc((xmlDoc *)page, 1); /* far cheaper than parsing the page again */
    if (!a->x)
        return OP_ERR_NOMEM;
    a->ctx = extract_ctx_new(xo);
    a->x->_private = a->ctx;
    if (xo) {
        extract_drop_selected(a->x, xo->drop);
        extract_keep_mark(a->x, xo->keep);
    }
    extract_unswallow(a->x);
    extract_drop_comments(a->x);
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
static op_status find_article(const xmlDoc *page, const char *body, const op_extract_opts *xo,
                              attempt *best)
{
    static const unsigned passes[] = {EXTRACT_ALL, EXTRACT_ALL & ~EXTRACT_STRIP_UNLIKELY,
                                      EXTRACT_CLEAN_COND, 0};
    memset(best, 0, sizeof *best);
    for (size_t i = 0; i < sizeof passes / sizeof passes[0]; i++) {
        attempt a;
        op_status st = try_extract(page, passes[i], body, xo, &a);
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

/*** Without an article: the page's own content element ***/

/* Text bytes under n, skipping script and style. */
static size_t text_length(xmlNode *top)
{
    size_t total = 0;
    xmlNode *n = top->children;
    while (n) {
        if (n->type == XML_TEXT_NODE && n->content)
            total += strlen((const char *)n->content);
        int skip = extract_is(n, "script") || extract_is(n, "style");
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
        if (extract_is(n, name))
            return 1;
    return 0;
}

/* When no pass finds body text: the longest outermost <article> when it holds most of the
 * body's text (or 200 bytes), else <main>, the itemprop=articleBody element, <body>. */
static xmlNode *content_root(xmlDoc *doc)
{
    xmlNode *top = xmlDocGetRootElement(doc), *article = NULL, *main = NULL, *itemprop = NULL;
    xmlNode *body = NULL;
    size_t article_len = 0;
    const char *v;
    for (xmlNode *n = top; n; n = extract_next(n, top, 0)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!body && extract_is(n, "body"))
            body = n;
        if (!main && extract_is(n, "main"))
            main = n;
        if (!itemprop && (v = extract_attr(n, "itemprop")) && !strcasecmp(v, "articleBody"))
            itemprop = n;
        if (extract_is(n, "article") && !inside(n, "article")) {
            size_t len = text_length(n);
            if (!article || len > article_len) {
                article = n;
                article_len = len;
            }
        }
    }
    if (article && (article_len >= 200 || article_len * 5 >= (body ? text_length(body) : 0)))
        return article;
    return main ? main : itemprop ? itemprop : body ? body : top;
}

/*** Metadata into the document ***/

static void set_meta(op_doc *doc, op_meta_field f, const char *v, size_t len)
{
    if (v && len && !op_doc_get_meta(doc, f))
        op_doc_set_meta(doc, f, v, len);
}

static void set_resolved(op_page *p, const char *base_href, const parse_base *img, op_meta_field f,
                         const char *v)
{
    if (!v || !*v)
        return;
    char *r = img ? parse_resolve_image_new(img, v, strlen(v))
                  : parse_resolve_href_new(base_href, v, strlen(v));
    if (r)
        set_meta(p->doc, f, r, strlen(r));
    op_free(r);
}

/* <link rel=canonical> names the source before og:url and the others; it resolves against
 * the page's URL and <base href>. The lead image resolves as the page's images do, once the
 * source URL is known. */
static void apply_meta(op_page *p, const extract_meta *m)
{
    const char *const v[] = {m->title, m->author, m->published, m->site,
                             m->desc,  m->lang,   m->credit,    m->modified};
    const op_meta_field f[] = {OP_META_TITLE,     OP_META_AUTHOR,      OP_META_PUBLISHED,
                               OP_META_SITE_NAME, OP_META_DESCRIPTION, OP_META_LANG,
                               OP_META_CREDIT,    OP_META_MODIFIED};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (v[i])
            set_meta(p->doc, f[i], v[i], strlen(v[i]));
    const char *href = parse_html_base_href(p->in.tree);
    parse_base b;
    parse_input_base(&p->in, NULL, href, &b);
    set_resolved(p, b.url ? b.url : href, NULL, OP_META_SOURCE_URL,
                 m->canonical ? m->canonical : m->url);
    op_free((char *)b.url);
    parse_input_base(&p->in, op_doc_get_meta(p->doc, OP_META_SOURCE_URL), href, &b);
    b.outside = NULL; /* a lead image out of reach is no news: it is simply not used */
    set_resolved(p, NULL, &b, OP_META_LEAD_IMAGE, m->image);
    op_free((char *)b.url);
}

/*** Entry point ***/

op_status extract_html(op_page *p, const op_extract_opts *xo)
{
    xmlDoc *x = p->in.tree;
    extract_meta meta;
    extract_signals sig;
    attempt art;
    /* The passes start from the page as parsed: a copy of it before --drop, --keep and
     * extract_unswallow touch it. */
    xmlDoc *page = xmlCopyDoc(x, 1);
    if (!page)
        return OP_ERR_NOMEM;
    if (xo) { /* the fallback content root comes from this tree too */
        extract_drop_selected(x, xo->drop);
        extract_keep_mark(x, xo->keep);
    }
    extract_meta_read(x, &meta);
    extract_page_signals(x, &sig);
    extract_unswallow(x);
    op_status st = find_article(page, meta.body, xo, &art);
    xmlFreeDoc(page);
    if (!st) {
        p->keep = xo && op_selector_count(xo->keep);
        apply_meta(p, &meta);
        xmlNode *root = art.root ? art.root : content_root(x);
        int none = !p->keep && extract_no_article(root, &sig);
        extract_ctx_emit(art.ctx);
        if (none) {
            p->root = NULL; /* nothing to show: op_page_to_doc makes an empty document */
        } else if (art.root) {
            p->article = art.x; /* the records went out: the tree no longer needs them */
            p->article->_private = NULL;
            p->root = art.root;
            art.x = NULL;
        } else {
            p->root = root;
        }
    }
    attempt_free(&art);
    extract_meta_free(&meta);
    return st;
}
