/* --keep / --drop: a small CSS selector subset (tag, *, .class, #id, [attr], [attr=value],
 * compounds such as div.note[data-x], comma lists; no combinators, no pseudo-classes),
 * matched on the libxml2 tree. --drop removes matches before scoring; --keep marks them
 * (an attribute, so the mark survives moves) and the extractor then never drops a marked
 * node or anything inside it, lifts marked nodes out of blocks it drops, and adds marked
 * nodes found outside the article to it. */
#include "core/core.h"
#include "extract/extract_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct sel_attr {
    char *name, *value; /* value NULL: [attr] */
} sel_attr;

typedef struct sel_compound {
    char *tag; /* NULL: any */
    char *id;
    char **classes;
    size_t nclasses;
    sel_attr *attrs;
    size_t nattrs;
} sel_compound;

struct op_selector {
    sel_compound *c;
    size_t n, cap;
};

op_selector *op_selector_new(void)
{
    return op_calloc(1, sizeof(op_selector));
}

static void compound_free(sel_compound *c)
{
    op_free(c->tag);
    op_free(c->id);
    for (size_t i = 0; i < c->nclasses; i++)
        op_free(c->classes[i]);
    op_free(c->classes);
    for (size_t i = 0; i < c->nattrs; i++) {
        op_free(c->attrs[i].name);
        op_free(c->attrs[i].value);
    }
    op_free(c->attrs);
    memset(c, 0, sizeof *c);
}

void op_selector_free(op_selector *sel)
{
    if (!sel)
        return;
    for (size_t i = 0; i < sel->n; i++)
        compound_free(&sel->c[i]);
    op_free(sel->c);
    op_free(sel);
}

size_t op_selector_count(const op_selector *sel)
{
    return sel ? sel->n : 0;
}

/*** Parsing ***/

typedef struct sparser {
    const char *s;
    size_t i;
    char *err;
    size_t errsz;
} sparser;

static int fail(sparser *p, const char *msg)
{
    if (p->errsz)
        snprintf(p->err, p->errsz, "%s at column %zu", msg, p->i + 1);
    return -1;
}

static int ident_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c >= 0x80;
}

static char *ident(sparser *p)
{
    size_t a = p->i;
    while (ident_char((unsigned char)p->s[p->i]))
        p->i++;
    return p->i > a ? op_strndup(p->s + a, p->i - a) : NULL;
}

static void skip_ws(sparser *p)
{
    while (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n')
        p->i++;
}

static char *lower(char *s)
{
    for (char *c = s; c && *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    return s;
}

/* [name] or [name=value], value bare or quoted. */
static int attr_sel(sparser *p, sel_compound *c)
{
    p->i++; /* [ */
    skip_ws(p);
    char *name = ident(p), *value = NULL;
    if (!name)
        return fail(p, "attribute name expected");
    skip_ws(p);
    if (p->s[p->i] == '=') {
        p->i++;
        skip_ws(p);
        char q = p->s[p->i];
        if (q == '"' || q == '\'') {
            const char *end = strchr(p->s + p->i + 1, q);
            if (!end) {
                op_free(name);
                return fail(p, "unterminated quoted value");
            }
            value = op_strndup(p->s + p->i + 1, (size_t)(end - p->s) - p->i - 1);
            p->i = (size_t)(end - p->s) + 1;
        } else if (!(value = ident(p))) {
            op_free(name);
            return fail(p, "attribute value expected");
        }
        skip_ws(p);
    } else if (p->s[p->i] && strchr("~|^$*", p->s[p->i])) {
        op_free(name);
        return fail(p, "only [attr] and [attr=value] are supported");
    }
    c->attrs = op_realloc(c->attrs, (c->nattrs + 1) * sizeof *c->attrs);
    c->attrs[c->nattrs++] = (sel_attr){lower(name), value};
    if (p->s[p->i] != ']')
        return fail(p, "']' expected");
    p->i++;
    return 0;
}

static int compound(sparser *p, sel_compound *c)
{
    if (p->s[p->i] == '*')
        p->i++;
    else if (ident_char((unsigned char)p->s[p->i]))
        c->tag = lower(ident(p));
    for (;;) {
        char ch = p->s[p->i];
        if (ch == '.' || ch == '#') {
            p->i++;
            char *v = ident(p);
            if (!v)
                return fail(p, ch == '.' ? "class name expected" : "id expected");
            if (ch == '#' && c->id) {
                op_free(v);
                return fail(p, "two ids in one selector");
            }
            if (ch == '#') {
                c->id = v;
            } else {
                c->classes = op_realloc(c->classes, (c->nclasses + 1) * sizeof *c->classes);
                c->classes[c->nclasses++] = v;
            }
        } else if (ch == '[') {
            if (attr_sel(p, c))
                return -1;
        } else {
            break;
        }
    }
    return 0;
}

static int selector_list(sparser *p, op_selector *out)
{
    for (;;) {
        skip_ws(p);
        size_t start = p->i;
        sel_compound c = {0};
        if (compound(p, &c)) {
            compound_free(&c);
            return -1;
        }
        if (p->i == start) {
            compound_free(&c);
            return fail(p, p->s[p->i] ? "selector expected" : "empty selector");
        }
        if (out->n == out->cap) {
            out->cap = out->cap ? out->cap * 2 : 4;
            out->c = op_realloc(out->c, out->cap * sizeof *out->c);
        }
        out->c[out->n++] = c;
        skip_ws(p);
        char ch = p->s[p->i];
        if (!ch)
            return 0;
        if (ch == ',') {
            p->i++;
            continue;
        }
        if (ch == ':')
            return fail(p, "pseudo-classes are not supported");
        if (strchr(">+~", ch) || ident_char((unsigned char)ch) || ch == '*' || ch == '.' ||
            ch == '#' || ch == '[')
            return fail(p, "combinators are not supported (use one compound like div.note)");
        return fail(p, "unexpected character");
    }
}

op_status op_selector_add(op_selector *sel, const char *text, char *err, size_t errsz)
{
    sparser p = {text ? text : "", 0, err, errsz};
    op_selector tmp = {0};
    if (selector_list(&p, &tmp)) {
        for (size_t i = 0; i < tmp.n; i++)
            compound_free(&tmp.c[i]);
        op_free(tmp.c);
        return OP_ERR_USAGE;
    }
    for (size_t i = 0; i < tmp.n; i++) {
        if (sel->n == sel->cap) {
            sel->cap = sel->cap ? sel->cap * 2 : 4;
            sel->c = op_realloc(sel->c, sel->cap * sizeof *sel->c);
        }
        sel->c[sel->n++] = tmp.c[i];
    }
    op_free(tmp.c);
    return OP_OK;
}

/*** Matching ***/

static int has_class(const char *list, const char *cls)
{
    size_t n = strlen(cls);
    for (const char *p = list; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
            p++;
        size_t k = strcspn(p, " \t\n\r\f");
        if (k == n && !memcmp(p, cls, n))
            return 1;
        p += k;
    }
    return 0;
}

static int compound_match(const sel_compound *c, const xmlNode *n)
{
    if (c->tag && strcasecmp(c->tag, (const char *)n->name))
        return 0;
    if (c->id) {
        const char *id = extract_attr(n, "id");
        if (!id || strcmp(id, c->id))
            return 0;
    }
    const char *cls = c->nclasses ? extract_attr(n, "class") : NULL;
    for (size_t i = 0; i < c->nclasses; i++)
        if (!has_class(cls, c->classes[i]))
            return 0;
    for (size_t i = 0; i < c->nattrs; i++) {
        const char *v = extract_attr(n, c->attrs[i].name);
        if (!v || (c->attrs[i].value && strcmp(v, c->attrs[i].value)))
            return 0;
    }
    return 1;
}

int extract_select_match(const op_selector *sel, const xmlNode *n)
{
    if (!sel || !n || n->type != XML_ELEMENT_NODE)
        return 0;
    for (size_t i = 0; i < sel->n; i++)
        if (compound_match(&sel->c[i], n))
            return 1;
    return 0;
}

/*** --drop and --keep on the tree ***/

static int marked(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && extract_attr(n, EXTRACT_KEEP_ATTR) != NULL;
}

void extract_drop_selected(xmlDoc *doc, const op_selector *drop)
{
    xmlNode *top = xmlDocGetRootElement(doc);
    if (!top || !op_selector_count(drop))
        return;
    for (xmlNode *n = top->children; n;) {
        int hit = extract_select_match(drop, n);
        xmlNode *next = extract_next(n, top, hit);
        if (hit) {
            if (EXTRACT_EXPLAINING(n))
                extract_explain(n, 0, "--drop");
            extract_remove(n);
        }
        n = next;
    }
}

void extract_keep_mark(xmlDoc *doc, const op_selector *keep)
{
    xmlNode *top = xmlDocGetRootElement(doc);
    if (!top || !op_selector_count(keep))
        return;
    for (xmlNode *n = top; n; n = extract_next(n, top, 0))
        if (extract_select_match(keep, n))
            xmlSetProp(n, (const xmlChar *)EXTRACT_KEEP_ATTR, (const xmlChar *)"1");
}

int extract_kept_or_inside(const xmlNode *n)
{
    for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
        if (marked(n))
            return 1;
    return 0;
}

/* The outermost marked nodes under top (not top itself), in document order. */
static xmlNode **outermost_marked(xmlNode *top, const xmlNode *except, size_t *count)
{
    xmlNode **v = NULL;
    size_t n = 0, cap = 0;
    for (xmlNode *x = top->children; x;) {
        int hit = x != except && marked(x);
        if (hit) {
            if (n == cap) {
                cap = cap ? cap * 2 : 8;
                v = op_realloc(v, cap * sizeof *v);
            }
            v[n++] = x;
        }
        x = extract_next(x, top, hit || x == except);
    }
    *count = n;
    return v;
}

int extract_keep_guard(xmlNode *n, const char *rule)
{
    if (extract_kept_or_inside(n)) {
        if (EXTRACT_EXPLAINING(n))
            extract_explain(n, 1, "--keep (else: %s)", rule && *rule ? rule : "dropped");
        return 1;
    }
    size_t k;
    xmlNode **v = outermost_marked(n, NULL, &k);
    for (size_t i = 0; i < k; i++) {
        xmlUnlinkNode(v[i]);
        xmlAddPrevSibling(n, v[i]);
        if (EXTRACT_EXPLAINING(v[i]))
            extract_explain(v[i], 1, "--keep: lifted out of a dropped block");
    }
    op_free(v);
    return 0;
}

xmlNode *extract_keep_around(xmlDoc *doc, xmlNode *best)
{
    for (xmlNode *p = best; p && p->type == XML_ELEMENT_NODE; p = p->parent)
        if (marked(p))
            best = p; /* the article is inside a kept block: the whole block is the article */
    xmlNode *top = xmlDocGetRootElement(doc);
    const char *where = "before";
    for (xmlNode *x = top; x;) {
        int hit = x != best && marked(x);
        if (x == best)
            where = "after";
        else if (hit)
            xmlSetProp(x, (const xmlChar *)EXTRACT_KEEP_ATTR, (const xmlChar *)where);
        x = extract_next(x, top, hit || x == best);
    }
    return best;
}

void extract_keep_include(xmlDoc *doc, xmlNode *article)
{
    size_t k;
    xmlNode **v = outermost_marked(xmlDocGetRootElement(doc), article, &k);
    xmlNode *first = article->children;
    for (size_t i = 0; i < k; i++) {
        int before = !strcmp(extract_attr(v[i], EXTRACT_KEEP_ATTR), "before") && first;
        xmlUnlinkNode(v[i]);
        if (before)
            xmlAddPrevSibling(first, v[i]);
        else
            xmlAddChild(article, v[i]);
        if (EXTRACT_EXPLAINING(v[i]))
            extract_explain(v[i], 1, "--keep: added to the article (%s it)",
                            before ? "before" : "after");
    }
    op_free(v);
}
