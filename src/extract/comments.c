/* Comment sections, by their shape and not their class names: beside a reply form (a
 * <textarea>), a list of items made from one template (same tag and class) that each open
 * with a short line holding a date or time (who wrote and when) before their text. Removed
 * before scoring, so a post whose comments are many times longer than the post still yields
 * the post. Never a section that holds the page's <h1>, its itemprop=articleBody or prose
 * besides the list, and never when the page has no prose outside it (a forum thread keeps its
 * posts). */
#include "core/core.h"
#include "extract/extract_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define UP_FORM       4   /* levels from the reply form up to the section, at most */
#define UP_LIST       3   /* levels from the comment list up to the section, at most */
#define HEAD_LINE     80  /* bytes: an author-and-date line is short */
#define HEAD_FIRST    4   /* it is among the item's first elements */
#define ITEM_TEXT     60  /* bytes of text a comment has at least */
#define OUTSIDE_MIN   100 /* bytes of prose the page keeps outside the section */
#define SECTION_PROSE 200 /* bytes of prose the section has outside its list, less than */

static int has_digit(const char *t)
{
    for (; *t; t++)
        if (isdigit((unsigned char)*t))
            return 1;
    return 0;
}

static int is_heading(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && n->name[0] == 'h' && n->name[1] >= '1' &&
           n->name[1] <= '6' && !n->name[2];
}

/* The item opens with a short line holding a digit ("Jane, March 3, 2021 at 9:15") or a
 * <time>, among its first elements and before any paragraph. */
static int opens_with_head(xmlNode *item)
{
    int seen = 0;
    for (xmlNode *n = item->children; n && seen < HEAD_FIRST; n = extract_next(n, item, 0)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        seen++;
        if (extract_is(n, "p") || is_heading(n))
            return 0;
        if (extract_is(n, "time"))
            return 1;
        size_t len = extract_text_len(n);
        if (!len || len > HEAD_LINE)
            continue;
        xmlChar *t = xmlNodeGetContent(n);
        int yes = t && has_digit((const char *)t);
        xmlFree(t);
        if (yes)
            return 1;
    }
    return 0;
}

static int same_template(const xmlNode *a, const xmlNode *b)
{
    const char *ca = extract_attr(a, "class"), *cb = extract_attr(b, "class");
    return !strcmp((const char *)a->name, (const char *)b->name) &&
           !strcmp(ca ? ca : "", cb ? cb : "");
}

/* 1 when most of list's element children (at least two) are comments of one template. */
static int is_comment_list(xmlNode *list)
{
    static const char *const tags[] = {"ol", "ul", "div", "section"};
    int tag = 0;
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        tag |= extract_is(list, tags[i]);
    if (!tag)
        return 0;
    unsigned items = 0, comments = 0;
    const xmlNode *first = NULL;
    for (xmlNode *k = list->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        items++;
        if (extract_text_len(k) < ITEM_TEXT || !opens_with_head(k))
            continue;
        if (!first)
            first = k;
        comments += same_template(first, k);
    }
    return comments >= 2 && comments * 10 >= items * 6;
}

static int contains(const xmlNode *a, const xmlNode *n)
{
    for (; n; n = n->parent)
        if (n == a)
            return 1;
    return 0;
}

/* A comment list in `sec`, at most UP_LIST levels below it, that does not hold `form`, or
 * NULL. */
static xmlNode *find_list(xmlNode *sec, const xmlNode *form)
{
    for (xmlNode *n = sec->children; n; n = extract_next(n, sec, 0)) {
        if (n->type != XML_ELEMENT_NODE || contains(n, form))
            continue;
        int depth = 0;
        for (const xmlNode *p = n; p && p != sec; p = p->parent)
            depth++;
        if (depth <= UP_LIST && is_comment_list(n))
            return n;
    }
    return NULL;
}

/* The section holds what marks the article: the page's <h1>, its articleBody. */
static int holds_article(xmlNode *sec)
{
    const char *v;
    for (xmlNode *n = sec; n; n = extract_next(n, sec, 0))
        if (extract_is(n, "h1") ||
            ((v = extract_attr(n, "itemprop")) && !strcasecmp(v, "articleBody")))
            return 1;
    return 0;
}

/* Bytes of prose (paragraphs of 40 bytes or more) under top outside sec. */
static size_t prose_outside(xmlNode *top, const xmlNode *sec)
{
    size_t total = 0;
    for (xmlNode *n = top; n; n = extract_next(n, top, n == sec)) {
        size_t len;
        if (n != sec && extract_is(n, "p") && (len = extract_text_len(n)) >= 40)
            total += len;
    }
    return total;
}

/* The smallest ancestor of the reply form (up to UP_FORM levels) that holds a comment list. */
static xmlNode *section_of(xmlNode *textarea)
{
    xmlNode *a = textarea->parent;
    for (int up = 0; a && a->type == XML_ELEMENT_NODE && up < UP_FORM; a = a->parent, up++) {
        if (extract_is(a, "body") || extract_is(a, "html") || extract_is(a, "article") ||
            extract_is(a, "main"))
            return NULL;
        xmlNode *list = find_list(a, textarea);
        if (list) /* a wrapper with the post in it is no comment section */
            return holds_article(a) || prose_outside(a, list) >= SECTION_PROSE ? NULL : a;
    }
    return NULL;
}

void extract_drop_comments(xmlDoc *doc)
{
    xmlNode *top = xmlDocGetRootElement(doc), *n = top;
    while (n) {
        xmlNode *sec = extract_is(n, "textarea") ? section_of(n) : NULL;
        if (sec && prose_outside(top, sec) >= OUTSIDE_MIN) {
            xmlNode *next = extract_next(sec, top, 1);
            extract_explain(sec, 0,
                            "comment section: items of one template opening with an "
                            "author and date line, a reply form");
            extract_remove(sec);
            n = next;
            continue;
        }
        n = extract_next(n, top, 0);
    }
}
