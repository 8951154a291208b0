/* Reader mode, the scoring half: every paragraph-like element (p, pre, td, text-only div)
 * with enough text gives points (1 + commas + length/100, at most 3 for length) to its
 * parent, half to its grandparent and less further up; a candidate's score starts from its
 * tag and class/id hints and is scaled by (1 - link density). The best candidate, moved
 * up while its ancestors score better, plus siblings that look like article text, is the
 * article. One pass numbers the elements; counts are summed bottom-up; linear time. */
#include "core/core.h"
#include "extract/extract_int.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

typedef struct cand {
    size_t text, link, commas, own_text, ptext; /* ptext: text in paragraphs below */
    double score;
    unsigned char scored, has_block, para;
} cand;

typedef struct scorer {
    xmlNode **nodes;
    cand *c;
    size_t n;
    unsigned flags;
} scorer;

#define IDX(node)     ((size_t)(uintptr_t)(node)->_private - 1)
#define HAS_IDX(node) ((node) && (node)->type == XML_ELEMENT_NODE && (node)->_private != NULL)

size_t extract_count_text(const char *t, size_t *commas)
{
    size_t len = 0;
    int sp = 1;
    for (; *t; t++) {
        if (isspace((unsigned char)*t)) {
            len += !sp;
            sp = 1;
            continue;
        }
        sp = 0;
        len++;
        if (commas)
            *commas +=
                *t == ',' || !strncmp(t, "\xEF\xBC\x8C", 3) || !strncmp(t, "\xE3\x80\x81", 3);
    }
    return len;
}

size_t extract_text_len(xmlNode *top)
{
    size_t total = 0;
    if (top->type == XML_TEXT_NODE)
        return top->content ? extract_count_text((const char *)top->content, NULL) : 0;
    for (xmlNode *n = top->children; n; n = extract_next(n, top, 0))
        if (n->type == XML_TEXT_NODE && n->content)
            total += extract_count_text((const char *)n->content, NULL);
    return total;
}

static int is_block_tag(const char *name)
{
    static const char *const tags[] = {
        "blockquote", "dl",      "div",     "img",    "ol",     "p",      "pre", "table",
        "ul",         "section", "article", "header", "footer", "figure", "h1",  "h2",
        "h3",         "h4",      "h5",      "h6",     "main",   "aside",  "form"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (!strcmp(name, tags[i]))
            return 1;
    return 0;
}

static void index_tree(scorer *s, xmlNode *root)
{
    s->nodes = extract_index_new(root, 1, &s->n); /* _private 0 = not indexed */
    s->c = op_calloc(s->n ? s->n : 1, sizeof *s->c);
}

static int paragraph_like(const xmlNode *n, const cand *c)
{
    const char *t = (const char *)n->name;
    if (!strcmp(t, "p") || !strcmp(t, "pre") || !strcmp(t, "td"))
        return 1;
    if (!strcmp(t, "div") || !strcmp(t, "section") || !strcmp(t, "article"))
        return !c->has_block;
    return 0;
}

/* Gives a paragraph's points to `a` and its ancestors. */
/* Text, link text and commas, summed bottom-up (children have higher indexes). */
static void count_all(scorer *s)
{
    for (size_t i = s->n; i-- > 0;) {
        xmlNode *n = s->nodes[i];
        cand *c = &s->c[i];
        for (xmlNode *k = n->children; k; k = k->next)
            if (k->type == XML_TEXT_NODE && k->content)
                c->own_text += extract_count_text((const char *)k->content, &c->commas);
        c->text += c->own_text;
        if (extract_is(n, "a"))
            c->link = c->text;
        if (paragraph_like(n, c) && c->text >= 25 && c->link * 2 < c->text)
            c->ptext = c->text;
        if (i && HAS_IDX(n->parent)) {
            cand *p = &s->c[IDX(n->parent)];
            p->ptext += c->ptext;
            p->text += c->text;
            p->link += c->link;
            p->commas += c->commas;
            p->has_block |= is_block_tag((const char *)n->name);
        }
    }
}

static int tag_base(const xmlNode *n)
{
    const char *t = (const char *)n->name;
    if (!strcmp(t, "div") || !strcmp(t, "article") || !strcmp(t, "main"))
        return 5;
    if (!strcmp(t, "pre") || !strcmp(t, "td") || !strcmp(t, "blockquote"))
        return 3;
    if (!strcmp(t, "address") || !strcmp(t, "ol") || !strcmp(t, "ul") || !strcmp(t, "dl") ||
        !strcmp(t, "dd") || !strcmp(t, "dt") || !strcmp(t, "li") || !strcmp(t, "form"))
        return -3;
    if ((t[0] == 'h' && t[1] >= '1' && t[1] <= '6' && !t[2]) || !strcmp(t, "th"))
        return -5;
    if (!strcmp(t, "footer") || !strcmp(t, "aside")) /* what the page says is not the article: */
        return -25; /* a portal's legal lines and addresses can outweigh a short story */
    return 0;
}

static void init_cand(scorer *s, xmlNode *n)
{
    cand *c = &s->c[IDX(n)];
    if (c->scored)
        return;
    c->scored = 1;
    c->score = tag_base(n);
    if (s->flags & EXTRACT_WEIGHT_CLASSES)
        c->score += extract_class_weight(n);
    const char *v = extract_attr(n, "itemprop");
    if (v && strstr(v, "articleBody"))
        c->score += 25;
}

static void score_paragraph(scorer *s, xmlNode *a, size_t text, size_t commas)
{
    if (text < 25)
        return;
    double pts = 1 + (double)commas + (double)(text / 100 < 3 ? text / 100 : 3);
    for (int level = 0; level < EXTRACT_ANCESTORS && HAS_IDX(a) && HAS_IDX(a->parent); level++) {
        init_cand(s, a);
        double div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
        s->c[IDX(a)].score += pts / div;
        a = a->parent;
    }
}

static void score_all(scorer *s)
{
    for (size_t i = 0; i < s->n; i++) {
        xmlNode *n = s->nodes[i];
        cand *c = &s->c[i];
        if (paragraph_like(n, c)) {
            c->para = 1;
            score_paragraph(s, n->parent, c->text, c->commas);
        } else if (c->own_text >= 25 && (extract_is(n, "div") || extract_is(n, "section"))) {
            /* text runs straight in a div with block children: a paragraph of the div */
            score_paragraph(s, n, c->own_text, 0);
        }
    }
    for (size_t i = 0; i < s->n; i++) {
        cand *c = &s->c[i];
        if (c->scored && c->text)
            c->score *= 1.0 - (double)c->link / (double)c->text;
    }
}

/*** Choosing the article ***/

#define TOP_N 5

static xmlNode *best_candidate(scorer *s, xmlNode **top, size_t *ntop)
{
    *ntop = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (!s->c[i].scored)
            continue;
        size_t k;
        if (*ntop < TOP_N)
            k = (*ntop)++;
        else if (s->c[i].score > s->c[IDX(top[TOP_N - 1])].score)
            k = TOP_N - 1;
        else
            continue;
        top[k] = s->nodes[i];
        for (; k > 0 && s->c[IDX(top[k - 1])].score < s->c[IDX(top[k])].score; k--) {
            xmlNode *t = top[k];
            top[k] = top[k - 1];
            top[k - 1] = t;
        }
    }
    return *ntop ? top[0] : NULL;
}

static int is_ancestor(const xmlNode *a, const xmlNode *n)
{
    for (n = n->parent; n; n = n->parent)
        if (n == a)
            return 1;
    return 0;
}

/* When several near-best candidates share an ancestor of the best, the ancestor wins. */
static xmlNode *common_ancestor(scorer *s, xmlNode *best, xmlNode **top, size_t ntop)
{
    double bs = s->c[IDX(best)].score;
    for (xmlNode *p = best->parent; HAS_IDX(p) && !extract_is(p, "body"); p = p->parent) {
        int shared = 0;
        for (size_t i = 1; i < ntop; i++)
            if (s->c[IDX(top[i])].score >= bs * 0.75 && is_ancestor(p, top[i]))
                shared++;
        if (shared >= 2)
            return p;
    }
    return best;
}

/* Climbs while the parent scores better; then past parents with a single element child. */
static xmlNode *climb(scorer *s, xmlNode *best)
{
    double last = s->c[IDX(best)].score, floor = last / 3;
    for (xmlNode *p = best->parent; HAS_IDX(p) && !extract_is(p, "body"); p = p->parent) {
        if (!s->c[IDX(p)].scored)
            continue;
        double ps = s->c[IDX(p)].score;
        if (ps < floor)
            break;
        if (ps > last) {
            best = p;
            break;
        }
        last = ps;
    }
    while (HAS_IDX(best->parent) && !extract_is(best->parent, "body") &&
           xmlChildElementCount(best->parent) == 1)
        best = best->parent;
    return best;
}

/* An article split into sections far apart in the tree (each deep in its own wrappers):
 * climb while an ancestor holds much more paragraph text and is itself mostly paragraphs
 * with few links. */
static xmlNode *climb_far(scorer *s, xmlNode *best)
{
    for (xmlNode *p = best->parent; HAS_IDX(p) && !extract_is(p, "body"); p = p->parent) {
        const cand *b = &s->c[IDX(best)], *c = &s->c[IDX(p)];
        if (c->ptext * 2 < b->ptext * 3)
            continue;
        if (c->link * 8 > c->text || c->ptext * 10 < c->text * 8)
            break;
        best = p;
    }
    return best;
}

static int ends_sentence(xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);
    const char *p = t ? strstr((const char *)t, ".") : NULL;
    int yes = p && (p[1] == 0 || isspace((unsigned char)p[1]));
    xmlFree(t);
    return yes;
}

static int keep_sibling(scorer *s, xmlNode *best, xmlNode *sib)
{
    double bs = s->c[IDX(best)].score, thr = bs * 0.2 > 10 ? bs * 0.2 : 10, bonus = 0;
    const char *bc = extract_attr(best, "class"), *sc = extract_attr(sib, "class");
    if (bc && sc && *bc && !strcmp(bc, sc))
        bonus = bs * 0.2;
    cand *c = &s->c[IDX(sib)];
    if (c->scored && c->score + bonus >= thr)
        return 1;
    if (!extract_is(sib, "p"))
        return 0;
    double ld = c->text ? (double)c->link / (double)c->text : 0;
    if (c->text > 80)
        return ld < 0.25;
    return c->text > 0 && c->text < 400 && ld == 0 && ends_sentence(sib);
}

/* --explain: why a sibling of the article joined it or not. */
static void explain_sibling(scorer *s, xmlNode *best, xmlNode *sib, int kept)
{
    double bs = s->c[IDX(best)].score, thr = bs * 0.2 > 10 ? bs * 0.2 : 10;
    const cand *c = &s->c[IDX(sib)];
    extract_explain_seen(sib);
    if (!c->text)
        return;
    if (c->scored)
        extract_explain(sib, kept, "sibling of the article: score %.1f %s threshold %.1f", c->score,
                        kept ? "reaches" : "below", thr);
    else
        extract_explain(sib, kept, "sibling of the article: %s",
                        kept ? "a paragraph that reads like text" : "not scored");
}

/* --explain: the article and the runners-up. */
static void explain_choice(scorer *s, xmlNode *best, xmlNode **top, size_t ntop)
{
    extract_explain(best, 1, "article: score %.1f, best of %zu candidates", s->c[IDX(best)].score,
                    ntop);
    for (size_t i = 0; i < ntop; i++)
        if (top[i] != best && !is_ancestor(best, top[i]) && !is_ancestor(top[i], best))
            extract_explain(top[i], 0, "candidate score %.1f, not chosen", s->c[IDX(top[i])].score);
}

static xmlNode *gather(scorer *s, xmlDoc *doc, xmlNode *best)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    if (best == root)
        return best;
    xmlNode *wrap = xmlNewDocNode(doc, best->ns, (const xmlChar *)"div", NULL);
    xmlNode *parent = best->parent, *k = parent ? parent->children : NULL;
    if (!HAS_IDX(parent)) {
        xmlUnlinkNode(best);
        xmlAddChild(wrap, best);
        k = NULL;
    }
    while (k) {
        xmlNode *next = k->next;
        int keep = k == best || (HAS_IDX(k) && keep_sibling(s, best, k));
        if (k != best && HAS_IDX(k) && EXTRACT_EXPLAINING(k))
            explain_sibling(s, best, k, keep);
        if (keep) {
            xmlUnlinkNode(k);
            xmlAddChild(wrap, k);
        }
        k = next;
    }
    xmlAddChild(root, wrap);
    return wrap;
}

xmlNode *extract_content(xmlDoc *doc, unsigned flags, const char *body_hint)
{
    (void)body_hint;
    xmlNode *root = xmlDocGetRootElement(doc), *top[TOP_N], *best;
    if (!root)
        return NULL;
    scorer s;
    memset(&s, 0, sizeof s);
    s.flags = flags;
    index_tree(&s, root);
    count_all(&s);
    score_all(&s);
    size_t ntop;
    best = best_candidate(&s, top, &ntop);
    xmlNode *out = NULL;
    if (best) {
        best = climb_far(&s, climb(&s, common_ancestor(&s, best, top, ntop)));
        if (EXTRACT_KEEPING(best))
            best = extract_keep_around(doc, best);
        if (EXTRACT_EXPLAINING(best))
            explain_choice(&s, best, top, ntop);
        out = gather(&s, doc, best);
        if (out && EXTRACT_KEEPING(out))
            extract_keep_include(doc, out);
    }
    for (size_t i = 0; i < s.n; i++)
        s.nodes[i]->_private = NULL;
    op_free(s.nodes);
    op_free(s.c);
    return out;
}
