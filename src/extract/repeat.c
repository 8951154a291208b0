/* Text that repeats or disagrees, after the clean-up of the chosen article: captions repeated
 * in galleries and alt text that repeats a block are read once; with a JSON-LD articleBody that
 * covers the article, blocks whose words it lacks go. Both hash text (FNV-1a) into a small
 * open-addressing set. */
#include "core/core.h"
#include "extract/extract_int.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>

/*** Repeated captions ***/

/* Near copies: a caption and its truncated copy ("... more"), or an alt text that is the
 * caption with a photo credit added, agree from their start on most of the shorter one.
 * Texts are compared folded (case, white space); the first NEAR_MAX captions are kept. */
#define NEAR_MIN  60  /* shorter texts must match exactly (the hash) */
#define NEAR_TAIL 12  /* a differing tail this long is allowed whatever the length */
#define NEAR_MAX  128 /* captions remembered */
#define NEAR_KEEP 512 /* bytes of each remembered */

typedef struct near_set {
    char *t[NEAR_MAX];
    size_t n;
} near_set;

/* t folded: ASCII lower case, runs of white space one space, trimmed; at most NEAR_KEEP
 * bytes. New. */
static char *fold_new(const char *t)
{
    char *f = op_malloc(NEAR_KEEP + 1);
    size_t k = 0;
    int sp = 0;
    for (; t && *t && k < NEAR_KEEP; t++) {
        if (isspace((unsigned char)*t)) {
            sp = k > 0;
            continue;
        }
        if (sp && k < NEAR_KEEP)
            f[k++] = ' ';
        sp = 0;
        if (k < NEAR_KEEP)
            f[k++] = (char)tolower((unsigned char)*t);
    }
    f[k] = 0;
    return f;
}

/* a and b (folded) agree from their start on all the shorter one but a tail of a tenth of it
 * or NEAR_TAIL bytes ("... more"); the shorter has NEAR_MIN bytes at least. */
static int near_same(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), k = 0;
    size_t shorter = la < lb ? la : lb;
    if (shorter < NEAR_MIN)
        return 0;
    while (k < shorter && a[k] == b[k])
        k++;
    size_t tail = shorter / 10 > NEAR_TAIL ? shorter / 10 : NEAR_TAIL;
    return shorter - k <= tail;
}

/* 1 when folded text f is a near copy of one remembered. */
static int near_seen(const near_set *ns, const char *f)
{
    for (size_t i = 0; i < ns->n; i++)
        if (near_same(ns->t[i], f))
            return 1;
    return 0;
}

typedef struct hset {
    uint64_t *v;
    size_t cap, n;
} hset;

/* FNV-1a of the text with white space collapsed and case folded; 0 for empty text. */
static uint64_t text_hash(const char *t)
{
    uint64_t h = OP_FNV64_INIT;
    int sp = 0, any = 0;
    for (; t && *t; t++) {
        if (isspace((unsigned char)*t)) {
            sp = any;
            continue;
        }
        if (sp)
            h = op_fnv64_step(h, ' ');
        sp = 0;
        any = 1;
        h = op_fnv64_step(h, (unsigned char)tolower((unsigned char)*t));
    }
    return any ? h | 1 : 0;
}

/* Inserts h; returns 1 when it was there already. */
static int hset_add(hset *s, uint64_t h)
{
    if (2 * (s->n + 1) > s->cap) {
        hset big = {op_calloc(s->cap ? s->cap * 2 : 64, sizeof(uint64_t)), s->cap ? s->cap * 2 : 64,
                    0};
        for (size_t i = 0; i < s->cap; i++)
            if (s->v[i])
                hset_add(&big, s->v[i]);
        op_free(s->v);
        *s = big;
    }
    size_t i = (size_t)(h % s->cap);
    for (; s->v[i]; i = (i + 1) % s->cap)
        if (s->v[i] == h)
            return 1;
    s->v[i] = h;
    s->n++;
    return 0;
}

static int hset_has(const hset *s, uint64_t h)
{
    if (!s->cap)
        return 0;
    for (size_t i = (size_t)(h % s->cap); s->v[i]; i = (i + 1) % s->cap)
        if (s->v[i] == h)
            return 1;
    return 0;
}

static int is_caption(const xmlNode *n)
{
    const char *c = extract_attr(n, "class");
    return extract_is(n, "figcaption") || (c && strstr(c, "caption") && !extract_is(n, "img"));
}

static int is_image(const xmlNode *c)
{
    return extract_is(c, "img") || extract_is(c, "picture") || extract_is(c, "figure");
}

/* An image among n's children (or inside a link among them) or its siblings (bounded look):
 * n is a caption-like block. */
static int near_image(const xmlNode *n)
{
    const xmlNode *lists[2] = {n->children, n->parent ? n->parent->children : NULL};
    for (int l = 0; l < 2; l++) {
        int k = 0;
        for (const xmlNode *c = lists[l]; c && k < 50; c = c->next, k++) {
            if (is_image(c))
                return 1;
            int j = 0;
            if (l == 0 && extract_is(c, "a"))
                for (const xmlNode *g = c->children; g && j < 8; g = g->next, j++)
                    if (is_image(g))
                        return 1;
        }
    }
    return 0;
}

/* Blocks whose repetition is noise: captions (any length), paragraphs and list items. */
static int dedupe_kind(const xmlNode *n)
{
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    if (is_caption(n)) {
        for (const xmlNode *c = n->children; c; c = c->next)
            if (is_caption(c) &&
                (extract_is(c, "div") || extract_is(c, "p") || extract_is(c, "figcaption")))
                return 0; /* captions inside (a full and a short one): each is read */
        return 1;
    }
    if (!extract_is(n, "p") && !extract_is(n, "li"))
        return 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        if (is_caption(c) && !extract_is(c, "a"))
            return 0; /* a gallery's item: its caption is read on its own */
    return near_image(n) ? 2 : 0;
}

/* A caption or paragraph repeated (galleries, slideshows), or a near copy of one, is kept
 * once; an image's alt text that repeats a block, or nearly, is cleared, so the text is not
 * read twice. */
void extract_dedupe_captions(xmlNode *article)
{
    hset seen = {0};
    near_set ns = {.n = 0};
    xmlNode *n = article;
    while (n) {
        int cap = n != article ? dedupe_kind(n) : 0;
        xmlNode *next = extract_next(n, article, cap);
        if (cap) {
            xmlChar *t = xmlNodeGetContent(n);
            uint64_t h = cap == 2 && xmlStrlen(t) < 30 ? 0 : text_hash((const char *)t);
            char *f = h ? fold_new((const char *)t) : NULL;
            xmlFree(t);
            int dup = h && (hset_add(&seen, h) || near_seen(&ns, f));
            if (dup && !(EXTRACT_KEEPING(n) && extract_keep_guard(n, "duplicate"))) {
                if (EXTRACT_EXPLAINING(n))
                    extract_explain(n, 0, cap == 1 ? "duplicate caption" : "repeated text");
                extract_remove(n);
            } else if (f && !dup && ns.n < NEAR_MAX) {
                ns.t[ns.n++] = f;
                f = NULL;
            }
            op_free(f);
        }
        n = next;
    }
    for (n = article; n; n = extract_next(n, article, 0)) {
        const char *alt = extract_is(n, "img") ? extract_attr(n, "alt") : NULL;
        if (!alt || !*alt)
            continue;
        char *f = fold_new(alt);
        if (hset_has(&seen, text_hash(alt)) || near_seen(&ns, f))
            xmlSetProp(n, (const xmlChar *)"alt", (const xmlChar *)"");
        op_free(f);
    }
    for (size_t i = 0; i < ns.n; i++)
        op_free(ns.t[i]);
    op_free(seen.v);
}

/*** JSON-LD articleBody as a filter ***/

/* Next word of s (ASCII letters and digits, any non-ASCII byte), lower-cased hash; 0 at end. */
static uint64_t next_word(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    while (*p && !isalnum(*p) && *p < 0x80)
        p++;
    uint64_t h = OP_FNV64_INIT;
    int any = 0;
    for (; *p && (isalnum(*p) || *p >= 0x80); p++, any = 1)
        h = op_fnv64_step(h, (unsigned char)tolower(*p));
    *s = (const char *)p;
    return any ? h | 1 : 0;
}

static int body_block(const xmlNode *n)
{
    static const char *const tags[] = {"p", "li", "figcaption", "h2", "h3", "h4", "h5", "h6", "dd"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (extract_is(n, tags[i]))
            return 1;
    return 0;
}

/* 1 when fewer than half the words of the block at n are in the body. */
static int off_body(const hset *words, xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);
    const char *p = (const char *)t;
    size_t all = 0, in = 0;
    for (uint64_t h; p && (h = next_word(&p));) {
        all++;
        in += hset_has(words, h);
    }
    xmlFree(t);
    return all >= 4 && in * 2 < all;
}

void extract_filter_by_body(xmlNode *article, const char *body)
{
    if (!body || strlen(body) < 200)
        return;
    size_t blen = 0;
    for (const char *c = body; *c; c++)
        blen += !isspace((unsigned char)*c);
    if ((double)blen < 0.6 * (double)extract_text_len(article))
        return; /* a teaser or a truncated body says nothing about the rest */
    hset words = {0};
    for (const char *p = body; *p;) {
        uint64_t h = next_word(&p);
        if (!h)
            break;
        hset_add(&words, h);
    }
    xmlNode *n = article;
    while (n) {
        int block = n != article && n->type == XML_ELEMENT_NODE && body_block(n);
        xmlNode *next = extract_next(n, article, block);
        if (block && !extract_under(n, "pre", 64) && off_body(&words, n) &&
            !(EXTRACT_KEEPING(n) && extract_keep_guard(n, "not in articleBody"))) {
            if (EXTRACT_EXPLAINING(n))
                extract_explain(n, 0, "not in the JSON-LD articleBody");
            extract_remove(n);
        }
        n = next;
    }
    op_free(words.v);
}
