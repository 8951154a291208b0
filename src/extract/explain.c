/* Reader mode, the explain half: a record per decision (kept or dropped, the rule, a short
 * selector path to the node and the start of its text), buffered per extraction pass so
 * only the winning pass is reported. Hooks in clean.c and score.c call extract_explain only
 * when EXTRACT_EXPLAINING(node) is true, so the records cost nothing when nobody asks. */
#include "core/core.h"
#include "extract/extract_int.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define EXPLAIN_TEXT_MAX 60 /* code points of text shown */
#define EXPLAIN_PATH_MAX 3  /* elements in a path */

typedef struct xrec {
    int kept;
    char *rule, *where, *text;
    const xmlNode *node; /* while kept: the node (alive until extract_remove frees it) */
} xrec;

extract_ctx *extract_ctx_new(const op_extract_opts *o)
{
    if (!o || (!o->explain && !o->keep && !o->drop))
        return NULL;
    extract_ctx *c = op_calloc(1, sizeof *c);
    c->opts = o;
    c->explaining = o->explain != NULL;
    c->keeping = op_selector_count(o->keep) > 0;
    return c;
}

void extract_ctx_free(extract_ctx *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nrecs; i++) {
        op_free(c->recs[i].rule);
        op_free(c->recs[i].where);
        op_free(c->recs[i].text);
    }
    op_free(c->recs);
    op_free(c->seen);
    op_free(c);
}

void extract_ctx_emit(extract_ctx *c)
{
    if (!c || !c->opts->explain)
        return;
    for (size_t i = 0; i < c->nrecs; i++) {
        const xrec *r = &c->recs[i];
        op_explain_rec e = {r->kept, r->rule, r->where, r->text};
        c->opts->explain(c->opts->explain_ud, &e);
    }
}

/*** Records ***/

/* "tag#id.class1.class2" (two classes at most, each cut short). */
static void label(op_buf *b, const xmlNode *n)
{
    const char *id = extract_attr(n, "id"), *cls = extract_attr(n, "class");
    op_buf_adds(b, (const char *)n->name);
    if (id && *id)
        op_buf_printf(b, "#%.30s", id);
    for (int k = 0; cls && *cls && k < 2; k++) {
        while (isspace((unsigned char)*cls))
            cls++;
        size_t len = strcspn(cls, " \t\r\n\f");
        if (!len)
            break;
        op_buf_printf(b, ".%.*s", (int)(len < 30 ? len : 30), cls);
        cls += len;
    }
}

/* Up to EXPLAIN_PATH_MAX elements ending at n, stopping after one with an id. */
static char *path_new(const xmlNode *n)
{
    const xmlNode *chain[EXPLAIN_PATH_MAX];
    int k = 0;
    for (const xmlNode *p = n; p && p->type == XML_ELEMENT_NODE && k < EXPLAIN_PATH_MAX;
         p = p->parent) {
        chain[k++] = p;
        const char *id = extract_attr(p, "id");
        if ((id && *id) || extract_is(p, "body"))
            break;
    }
    op_buf b;
    op_buf_init(&b, 0);
    while (k-- > 0) {
        label(&b, chain[k]);
        if (k)
            op_buf_adds(&b, " > ");
    }
    op_buf_add(&b, "", 0);
    return op_buf_detach(&b, NULL);
}

char *extract_explain_snippet_new(const char *t, size_t len)
{
    op_buf b;
    op_buf_init(&b, 0);
    size_t i = 0, cps = 0;
    int sp = 0;
    while (i < len && cps < EXPLAIN_TEXT_MAX) {
        size_t at = i;
        uint32_t cp = op_utf8_next(t, len, &i);
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == 0xA0) {
            sp = b.len > 0;
            continue;
        }
        if (sp)
            op_buf_addc(&b, ' '), cps++;
        sp = 0;
        if (cp == 0xFFFD)
            op_buf_adds(&b, "\xEF\xBF\xBD");
        else
            op_buf_add(&b, t + at, i - at);
        cps++;
    }
    while (i < len && isspace((unsigned char)t[i]))
        i++;
    if (i < len)
        op_buf_adds(&b, "\xE2\x80\xA6");
    op_buf_add(&b, "", 0);
    return op_buf_detach(&b, NULL);
}

static int breaks_words(const xmlNode *n)
{
    static const char *const tags[] = {"div", "li", "td", "th",         "tr", "br",
                                       "p",   "h1", "h2", "h3",         "h4", "h5",
                                       "h6",  "dt", "dd", "figcaption", "pre"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (extract_is(n, tags[i]))
            return 1;
    return 0;
}

/* The text under n, with a space where blocks meet; stops after a few hundred bytes. */
static void node_text(op_buf *b, xmlNode *top)
{
    for (xmlNode *n = top; n && b->len < 512; n = extract_next(n, top, 0)) {
        if (n->type == XML_TEXT_NODE && n->content)
            op_buf_adds(b, (const char *)n->content);
        else if (n != top && breaks_words(n))
            op_buf_addc(b, ' ');
    }
}

static void add_rec(extract_ctx *c, int kept, char *rule, char *where, char *text,
                    const xmlNode *node)
{
    if (c->nrecs == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->recs = op_realloc(c->recs, c->cap * sizeof *c->recs);
    }
    c->recs[c->nrecs++] = (xrec){kept, rule, where, text, node};
}

void extract_explain(xmlNode *n, int kept, const char *fmt, ...)
{
    extract_ctx *c = n && n->doc ? n->doc->_private : NULL;
    if (!c || !c->explaining)
        return;
    op_buf rule;
    op_buf_init(&rule, 0);
    va_list ap;
    va_start(ap, fmt);
    char tmp[256];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    op_buf_adds(&rule, tmp);
    op_buf t;
    op_buf_init(&t, 0);
    node_text(&t, n);
    char *text = extract_explain_snippet_new(t.data ? t.data : "", t.len);
    op_buf_free(&t);
    add_rec(c, kept, op_buf_detach(&rule, NULL), path_new(n), text, n);
}

/* n goes: a block reported as kept that is n or sits inside it is dropped after all; its
 * line says so and names n and why it went (the record just made for n, when there is one). */
static void drop_kept_inside(extract_ctx *c, const xmlNode *n)
{
    const xrec *own = c->nrecs && c->recs[c->nrecs - 1].node == n && !c->recs[c->nrecs - 1].kept
                          ? &c->recs[c->nrecs - 1]
                          : NULL;
    for (size_t i = 0; i < c->nrecs; i++) {
        xrec *r = &c->recs[i];
        if (!r->kept || !r->node)
            continue;
        const xmlNode *p = r->node;
        for (int d = 0; p && p != n && d < 4096; d++) /* the parsers cap the depth at 512 */
            p = p->parent;
        if (p != n)
            continue;
        op_buf b;
        op_buf_init(&b, 0);
        if (r->node == n)
            op_buf_printf(&b, "%s; dropped later: %s", r->rule, own ? own->rule : "removed");
        else if (own)
            op_buf_printf(&b, "%s; dropped with %s (%s)", r->rule, own->where, own->rule);
        else
            op_buf_printf(&b, "%s; dropped with a block around it", r->rule);
        op_free(r->rule);
        r->rule = op_buf_detach(&b, NULL);
        r->kept = 0;
        r->node = NULL;
    }
}

void extract_remove(xmlNode *n)
{
    extract_ctx *c = n && n->doc ? n->doc->_private : NULL;
    if (c && c->explaining)
        drop_kept_inside(c, n);
    xmlUnlinkNode(n);
    xmlFreeNode(n);
}

size_t extract_explain_mark(const xmlNode *n)
{
    extract_ctx *c = n && n->doc ? n->doc->_private : NULL;
    return c ? c->nrecs : 0;
}

void extract_explain_reverse(const xmlNode *n, size_t mark)
{
    extract_ctx *c = n && n->doc ? n->doc->_private : NULL;
    for (size_t i = mark, j = c ? c->nrecs : 0; i + 1 < j; i++, j--) {
        xrec t = c->recs[i];
        c->recs[i] = c->recs[j - 1];
        c->recs[j - 1] = t;
    }
}

/*** Outside the article ***/

static int para_block(const xmlNode *n)
{
    static const char *const tags[] = {"p",  "h1", "h2", "h3",         "h4",  "h5",     "h6",
                                       "li", "dd", "td", "blockquote", "pre", "figure", "dt"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (extract_is(n, tags[i]))
            return 1;
    return 0;
}

void extract_explain_seen(const xmlNode *n)
{
    extract_ctx *c = n && n->doc ? n->doc->_private : NULL;
    if (!c || !c->explaining)
        return;
    if (c->nseen == c->seencap) {
        c->seencap = c->seencap ? c->seencap * 2 : 32;
        c->seen = op_realloc(c->seen, c->seencap * sizeof *c->seen);
    }
    c->seen[c->nseen++] = n;
}

static int was_seen(const extract_ctx *c, const xmlNode *n)
{
    for (size_t i = 0; i < c->nseen; i++)
        if (c->seen[i] == n)
            return 1;
    return 0;
}

/* Paragraph-like blocks with text that ended up outside the article (and were not
 * reported as siblings of the chosen container already): "outside the article". */
void extract_explain_outside(xmlDoc *doc, const xmlNode *article)
{
    extract_ctx *c = doc ? doc->_private : NULL;
    xmlNode *top = xmlDocGetRootElement(doc);
    if (!c || !c->explaining || !top)
        return;
    for (xmlNode *n = top; n;) {
        int skip = n == article || extract_is(n, "head") || was_seen(c, n);
        if (!skip && n->type == XML_ELEMENT_NODE && para_block(n)) {
            if (extract_text_len(n) > 0)
                extract_explain(n, 0, "outside the article");
            skip = 1;
        }
        n = extract_next(n, top, skip);
    }
}

/*** Formatting ***/

char *op_explain_line_new(const op_explain_rec *r)
{
    op_buf b;
    op_buf_init(&b, 0);
    op_buf_printf(&b, "%-7s | %s | %s | \"%s\"", r->kept ? "kept" : "dropped",
                  r->rule ? r->rule : "", r->where ? r->where : "", r->text ? r->text : "");
    return op_buf_detach(&b, NULL);
}
