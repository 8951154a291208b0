/* Reader mode, the cleaning half: before scoring, prune what is never article content
 * (scripts, hidden nodes, navigation roles, blocks whose class/id name boilerplate);
 * after scoring, clean the chosen article (share bars, bylines, link lists, form-like
 * and image-heavy blocks) in one bottom-up pass over per-element counts, so the work
 * stays linear in the size of the page. */
#include "core/core.h"
#include "extract/extract_int.h"
#include "parse/html_map.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define WHY_MAX 96 /* an --explain rule with numbers */

/*** Helpers ***/

const char *extract_attr(const xmlNode *n, const char *name)
{
    if (!n || n->type != XML_ELEMENT_NODE)
        return NULL;
    for (xmlAttr *a = n->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, name))
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

int extract_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

xmlNode *extract_next(xmlNode *n, const xmlNode *top, int skip)
{
    if (!skip && n->type == XML_ELEMENT_NODE && n->children)
        return n->children;
    while (n && n != top && !n->next)
        n = n->parent;
    return n && n != top ? n->next : NULL;
}

xmlNode **extract_index_new(xmlNode *root, size_t first, size_t *n)
{
    xmlNode **v = NULL;
    size_t cap = 0;
    *n = 0;
    for (xmlNode *e = root; e; e = extract_next(e, root, 0)) {
        if (e->type != XML_ELEMENT_NODE)
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 256;
            v = op_realloc(v, cap * sizeof *v);
        }
        e->_private = (void *)(uintptr_t)(*n + first);
        v[(*n)++] = e;
    }
    return v;
}

/* "class id" lower-cased into buf (bounded). */
static const char *class_id(const xmlNode *n, char *buf, size_t sz)
{
    const char *c = extract_attr(n, "class"), *i = extract_attr(n, "id");
    size_t len = 0;
    buf[0] = 0;
    for (int k = 0; k < 2; k++) {
        const char *s = k ? i : c;
        for (; s && *s && len + 2 < sz; s++)
            buf[len++] = (char)tolower((unsigned char)*s);
        if (len + 1 < sz)
            buf[len++] = ' ';
    }
    buf[len] = 0;
    return buf;
}

/* The first of `words` found in s, or NULL. */
static const char *has_any(const char *s, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(s, words[i]))
            return words[i];
    return NULL;
}

#define HAS_ANY(s, words) has_any((s), (words), sizeof(words) / sizeof(words)[0])

static const char *const positive[] = {"article", "body",  "content", "entry", "hentry",
                                       "h-entry", "main",  "page",    "post",  "text",
                                       "blog",    "story", "prose"};
static const char *const negative[] = {
    "-ad-",     "hidden",    "banner",   "combx",    "comment",   "com-",       "contact",
    "footer",   "gdpr",      "masthead", "media",    "meta",      "outbrain",   "promo",
    "related",  "scroll",    "share",    "shoutbox", "sidebar",   "skyscraper", "sponsor",
    "shopping", "tags",      "widget",   "byline",   "author",    "newsletter", "subscribe",
    "social",   "recommend", "popular",  "trending", "breadcrumb"};

int extract_class_weight(const xmlNode *n)
{
    char buf[512];
    const char *s = class_id(n, buf, sizeof buf);
    if (!s[0] || !strcmp(s, "  "))
        return 0;
    int w = 0;
    if (HAS_ANY(s, negative) && !strstr(s, "embed") && !strstr(s, "tweet"))
        w -= 25;
    if (HAS_ANY(s, positive))
        w += 25;
    return w;
}

/*** Prune: before scoring ***/

static const char *const unlikely[] = {
    "-ad-",       "ai2html",   "banner",     "breadcrumb",   "combx",    "comment",  "community",
    "cover-wrap", "disqus",    "extra",      "footer",       "gdpr",     "header",   "legends",
    "menu",       "related",   "remark",     "replies",      "rss",      "shoutbox", "sidebar",
    "skyscraper", "social",    "sponsor",    "supplemental", "ad-break", "agegate",  "pagination",
    "pager",      "popup",     "yom-remote", "newsletter",   "share",    "cookie",   "consent",
    "recirc",     "most-read", "mostread",   "outbrain",     "taboola",  "promo"};
static const char *const maybe[] = {"and",    "article", "body",  "column", "content", "main",
                                    "shadow", "mathjax", "story", "embed",  "tweet"};

static int inside_any(const xmlNode *n, const char *a, const char *b)
{
    for (int k = 0; n && k < 64; n = n->parent, k++)
        if (extract_is(n, a) || extract_is(n, b))
            return 1;
    return 0;
}

static int is_unlikely(const xmlNode *n)
{
    static const char *const roles[] = {"menu",  "menubar",     "complementary", "navigation",
                                        "alert", "alertdialog", "dialog"};
    char buf[512];
    const char *role = extract_attr(n, "role");
    if (role && HAS_ANY(role, roles) && !extract_is(n, "body"))
        return 1;
    if (extract_is(n, "body") || extract_is(n, "a") || extract_is(n, "article") ||
        extract_is(n, "main") || extract_is(n, "html"))
        return 0;
    const char *s = class_id(n, buf, sizeof buf);
    if (!s[0] || !HAS_ANY(s, unlikely) || HAS_ANY(s, maybe))
        return 0;
    return !inside_any(n->parent, "table", "code");
}

static int never_content(const xmlNode *n)
{
    static const char *const tags[] = {"script", "style",  "template", "iframe",   "nav",
                                       "button", "select", "textarea", "input",    "object",
                                       "embed",  "link",   "dialog",   "noframes", "canvas"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (!strcmp((const char *)n->name, tags[i]))
            return 1;
    return 0;
}

/* Why prune drops n, for --explain (the same tests, in order). */
static void explain_prune(xmlNode *n)
{
    char buf[512];
    const char *role = extract_attr(n, "role"), *w;
    if (extract_is(n, "script") || extract_is(n, "style") || extract_is(n, "template") ||
        extract_is(n, "link"))
        return; /* never visible text */
    if (never_content(n))
        extract_explain(n, 0, "tag <%s>", (const char *)n->name);
    else if (parse_html_hidden(n))
        extract_explain(n, 0, "hidden");
    else if ((w = HAS_ANY(class_id(n, buf, sizeof buf), unlikely)) && !HAS_ANY(buf, maybe))
        extract_explain(n, 0, "class/id hint \"%s\"", w);
    else if (role)
        extract_explain(n, 0, "role=%s", role);
}

void extract_prune(xmlDoc *doc, unsigned flags)
{
    xmlNode *top = xmlDocGetRootElement(doc), *n = top ? top->children : NULL;
    while (n) {
        int drop = 0;
        if (n->type == XML_COMMENT_NODE) {
            drop = 1;
        } else if (n->type == XML_ELEMENT_NODE && !extract_is(n, "head")) {
            drop = never_content(n) || parse_html_hidden(n) ||
                   ((flags & EXTRACT_STRIP_UNLIKELY) && is_unlikely(n));
        }
        if (drop && n->type == XML_ELEMENT_NODE && EXTRACT_KEEPING(n) &&
            extract_keep_guard(n, "pruned"))
            drop = 0;
        int skip = drop || extract_is(n, "head") ||
                   (n->type == XML_ELEMENT_NODE && EXTRACT_KEEPING(n) &&
                    extract_attr(n, EXTRACT_KEEP_ATTR)); /* nothing inside a kept node goes */
        xmlNode *next = extract_next(n, top, skip);
        if (drop && n->type == XML_ELEMENT_NODE && EXTRACT_EXPLAINING(n) && extract_text_len(n))
            explain_prune(n);
        if (drop) {
            extract_remove(n);
        }
        n = next;
    }
}

/*** Clean: after scoring, bottom-up over counts ***/

typedef struct stat {
    size_t text, link, heading, li_text, commas;
    unsigned p, img, li, input, embed, th, rows, tables;
} stat;

typedef struct cleaner {
    xmlNode **nodes;
    stat *st;
    size_t n;
    size_t *end;   /* end[i]: index of the last element under nodes[i] (or i) */
    size_t *after; /* after[i]: text bytes kept after element i (set when i is decided) */
    unsigned flags;
} cleaner;

static void add_text(stat *s, const char *t)
{
    int sp = 1;
    for (; *t; t++) {
        if (isspace((unsigned char)*t)) {
            s->text += !sp;
            sp = 1;
            continue;
        }
        sp = 0;
        s->text++;
        s->commas += *t == ',';
    }
}

/* Numbers the elements under root in document order (parents before children). */
static void index_elements(cleaner *c, xmlNode *root)
{
    c->nodes = extract_index_new(root, 0, &c->n);
    c->st = op_calloc(c->n ? c->n : 1, sizeof *c->st);
}

/* An <img> in a <noscript> right after the lazy-loading <img> it stands in for: the same
 * picture, counted once. */
static int noscript_copy(const xmlNode *img)
{
    const xmlNode *ns = img->parent, *prev;
    if (!ns || !extract_is(ns, "noscript"))
        return 0;
    for (prev = ns->prev; prev && prev->type != XML_ELEMENT_NODE; prev = prev->prev)
        ;
    return prev && extract_is(prev, "img");
}

static void own_counts(stat *s, const xmlNode *n)
{
    const char *name = (const char *)n->name;
    for (xmlNode *k = n->children; k; k = k->next)
        if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && k->content)
            add_text(s, (const char *)k->content);
    s->p += !strcmp(name, "p");
    s->img += !strcmp(name, "img") && !noscript_copy(n);
    s->li += !strcmp(name, "li");
    s->input += !strcmp(name, "input") || !strcmp(name, "textarea") || !strcmp(name, "select");
    s->embed += !strcmp(name, "video") || !strcmp(name, "audio");
    s->th += !strcmp(name, "th") || !strcmp(name, "thead") || !strcmp(name, "caption");
    s->rows += !strcmp(name, "tr");
    s->tables += !strcmp(name, "table");
}

static void finish_counts(stat *s, const xmlNode *n)
{
    const char *name = (const char *)n->name;
    if (!strcmp(name, "a"))
        s->link = s->text;
    if (name[0] == 'h' && name[1] >= '1' && name[1] <= '6' && !name[2])
        s->heading = s->text;
    if (!strcmp(name, "li"))
        s->li_text = s->text;
}

static void add_stat(stat *to, const stat *s)
{
    to->text += s->text, to->link += s->link, to->heading += s->heading;
    to->li_text += s->li_text, to->commas += s->commas;
    to->p += s->p, to->img += s->img, to->li += s->li, to->input += s->input;
    to->embed += s->embed, to->th += s->th, to->rows += s->rows, to->tables += s->tables;
}

int extract_under(const xmlNode *n, const char *tag, int limit)
{
    for (n = n->parent; n && limit-- > 0; n = n->parent)
        if (extract_is(n, tag))
            return 1;
    return 0;
}

static int text_starts(const xmlNode *n, const char *const *words, size_t nw)
{
    xmlChar *t = xmlNodeGetContent(n);
    char buf[64];
    size_t k = 0;
    for (const xmlChar *p = t; p && *p && k + 1 < sizeof buf; p++)
        if (!isspace(*p) || (k && buf[k - 1] != ' '))
            buf[k++] = (char)tolower(isspace(*p) ? ' ' : *p);
    buf[k] = 0;
    xmlFree(t);
    for (size_t i = 0; i < nw; i++)
        if (!strncmp(buf, words[i], strlen(words[i])))
            return 1;
    return 0;
}

static int is_data_table(const xmlNode *n, const stat *s)
{
    const char *role = extract_attr(n, "role");
    if (role && !strcasecmp(role, "presentation"))
        return 0;
    if (s->tables > 1)
        return 0;
    return s->th || extract_attr(n, "summary") || s->rows >= 3;
}

static const char *const related_words[] = {"related",
                                            "read more",
                                            "read also",
                                            "also read",
                                            "read next",
                                            "more from",
                                            "see also:",
                                            "recommended",
                                            "you may also",
                                            "you might also",
                                            "more stories",
                                            "more on this",
                                            "sign up",
                                            "subscribe",
                                            "most popular",
                                            "most read",
                                            "share this",
                                            "don't miss",
                                            "don\xE2\x80\x99t miss",
                                            "top stories",
                                            "trending"};

/* Calls to action that are never article text, in a short block of their own. */
static const char *const promo_words[] = {"if you enjoyed",
                                          "join our",
                                          "sign up for",
                                          "subscribe to our",
                                          "click here to",
                                          "follow us on",
                                          "this slideshow requires",
                                          "copyright \xC2\xA9",
                                          "copyright @",
                                          "get the latest",
                                          "if you buy something",
                                          "download our app",
                                          "get our newsletter"};

static int is_promo(const xmlNode *n, const stat *s)
{
    if (s->text == 0 || s->text > 250 || s->p > 1 || !extract_is(n, "p"))
        return 0;
    return text_starts(n, promo_words, sizeof promo_words / sizeof promo_words[0]);
}

/* A short all-capitals paragraph that is only a link: a promotion ("CLICK HERE FOR..."). */
static int is_caps_link(const xmlNode *n, const stat *s)
{
    if (!extract_is(n, "p") || s->text == 0 || s->text > 120 || s->link * 10 < s->text * 9)
        return 0;
    xmlChar *t = xmlNodeGetContent(n);
    int lower = 0, upper = 0;
    for (const xmlChar *c = t; c && *c; c++)
        lower += islower(*c), upper += isupper(*c);
    xmlFree(t);
    return upper >= 8 && lower == 0;
}

/* Small, link-heavy blocks that announce other articles ("Read more: ..."). */
static int is_related(const xmlNode *n, const stat *s)
{
    if (s->text == 0 || s->text > 160 || extract_under(n, "pre", 64))
        return 0;
    int heading = s->heading * 10 >= s->text * 9;
    if (!heading && s->link * 2 < s->text)
        return 0;
    return text_starts(n, related_words, sizeof related_words / sizeof related_words[0]);
}

/* Share bars, bylines and author boxes, by class/id, rel and itemprop. */
static int is_widget(const xmlNode *n, const stat *s)
{
    char buf[512];
    const char *ci = class_id(n, buf, sizeof buf), *v;
    if (s->p > 1 || s->text > 400 || strstr(ci, "embed") || extract_is(n, "blockquote"))
        return 0;
    if ((strstr(ci, "credit") || strstr(ci, "copyright")) && s->text < 100 && s->p == 0)
        return 1;
    if (strstr(ci, "share") || strstr(ci, "social") || strstr(ci, "byline") ||
        strstr(ci, "dateline") || strstr(ci, "newsletter"))
        return 1;
    if ((v = extract_attr(n, "rel")) && !strcasecmp(v, "author"))
        return 1;
    if ((v = extract_attr(n, "itemprop")) && (!strcasecmp(v, "author") || strstr(v, "date")))
        return s->text < 120;
    return 0;
}

/* A byline or dateline line ("By Jane Doe - 11/18/19", "Updated at 1:23 p.m."): the
 * title block shows it. Short, starts with the cue, not a sentence. */
static int is_dateline(const xmlNode *n, const stat *s)
{
    static const char *const cues[] = {"by ",          "updated",       "published",      "posted ",
                                       "last updated", "last modified", "first published"};
    if (s->text == 0 || s->text > 80 || s->p > 1 || s->li || extract_under(n, "pre", 64))
        return 0;
    if (!extract_is(n, "p") && !extract_is(n, "div") && !extract_is(n, "span") &&
        !extract_is(n, "time"))
        return 0;
    xmlChar *t = xmlNodeGetContent(n);
    size_t len = t ? strlen((const char *)t) : 0;
    while (len && isspace(t[len - 1]))
        len--;
    int sentence = len && (t[len - 1] == '.' || t[len - 1] == '?' || t[len - 1] == '!');
    xmlFree(t);
    return !sentence && text_starts(n, cues, sizeof cues / sizeof cues[0]);
}

static int cond_tag(const xmlNode *n)
{
    static const char *const tags[] = {"form", "fieldset", "table", "ul", "div", "section", "ol"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (!strcmp((const char *)n->name, tags[i]))
            return 1;
    return 0;
}

/* A list of links in the middle of the story (a good deal of text follows it) whose items are long
 * (titles, sentences, not menu words): a list of references the text talks about
 * ("Bug 1677080 - Fullscreen window is affected..."), not navigation. */
static int is_reference_list(const cleaner *c, const xmlNode *n, const stat *s)
{
    size_t i = (uintptr_t)n->_private;
    return s->li >= 2 && s->text >= 30 * s->li && c->after[c->end[i]] >= 400 &&
           extract_class_weight(n) >= 0;
}

/* A wrapper of an embedded post (tweet, toot, Instagram caption): its links (@names, t.co
 * addresses) are part of the quoted text, not navigation. */
static int embedded_post(const xmlNode *n)
{
    char buf[512];
    const char *ci = class_id(n, buf, sizeof buf);
    return strstr(ci, "embed") || strstr(ci, "tweet");
}

/* readability.js's "clean conditionally", on the counts of what is left below n. */
/* Returns why n goes (formatted into why[] when why is not NULL), or NULL to keep it. */
#define WHY(...) (why ? (snprintf(why, WHY_MAX, __VA_ARGS__), why) : "")
static const char *cond_drop(const cleaner *c, const xmlNode *n, const stat *s, char *why)
{
    if (!cond_tag(n) || extract_under(n, "pre", 64) || extract_under(n, "code", 64) ||
        extract_under(n, "figure", 8))
        return NULL;
    if (extract_is(n, "table") ? is_data_table(n, s) : extract_under(n, "table", 64))
        return NULL;
    int weight = extract_class_weight(n);
    if (weight < 0)
        return WHY("class/id weight %d", weight);
    if (s->commas >= 10)
        return NULL;
    int list = extract_is(n, "ul") || extract_is(n, "ol") || s->li_text * 10 > s->text * 9;
    double ld = s->text ? (double)s->link / (double)s->text : 0;
    double hd = s->text ? (double)s->heading / (double)s->text : 0;
    long li = (long)s->li - 100;
    if (s->img > 1 && s->p * 2 < s->img)
        return WHY("images %u > 2 x paragraphs %u", s->img, s->p);
    if (!list && li > (long)s->p)
        return WHY("list items %u - 100 > paragraphs %u", s->li, s->p);
    if (s->input > s->p / 3)
        return WHY("form: %u inputs", s->input);
    if (!list && hd < 0.9 && s->text < 25 && (s->img == 0 || s->img > 2))
        return WHY("little text (%zu < 25)", s->text);
    if (!list && weight < 25 && ld > 0.2 && !embedded_post(n))
        return WHY("link density %.2f > 0.2", ld);
    if (weight >= 25 && ld > 0.5)
        return WHY("link density %.2f > 0.5", ld);
    if (list && ld > 0.6 && s->text > 0 && !is_reference_list(c, n, s))
        return WHY("link list: link density %.2f > 0.6", ld);
    if ((s->embed == 1 && s->text < 75) || s->embed > 1)
        return WHY("embedded media (%u) with little text", s->embed);
    return NULL;
}

static int heading_junk(const xmlNode *n)
{
    const char *name = (const char *)n->name;
    if (name[0] != 'h' || (name[1] != '1' && name[1] != '2') || name[2])
        return 0;
    return extract_class_weight(n) < 0;
}

/*** Legal lines ***/

/* A copyright or rights line at the article's end (little text after it): the site's, not the
 * story's; a copyright sign or word opens it, or it reserves the rights. A credit in a caption
 * further up stays, and so does a sentence with a sign in its middle. */
static int is_legal(const cleaner *c, const xmlNode *n, const stat *s)
{
    static const char *const marks[] = {"\xC2\xA9", "copyright", "all rights reserved",
                                        "\xE7\x89\x88\xE6\x9D\x83\xE6\x89\x80\xE6\x9C\x89"};
    static const size_t within[] = {24, 24, 200, 200}; /* a sign or word opens the line */
    if (s->text == 0 || s->text > 200 || s->p > 1 || s->img || s->tables ||
        c->after[(uintptr_t)n->_private] >= 200)
        return 0;
    if (!extract_is(n, "p") && !extract_is(n, "div") && !extract_is(n, "small") &&
        !extract_is(n, "span"))
        return 0;
    xmlChar *t = xmlNodeGetContent(n);
    int found = 0;
    for (xmlChar *k = t; k && *k; k++)
        *k = (xmlChar)tolower(*k);
    const char *start = (const char *)t;
    while (start && isspace((unsigned char)*start))
        start++;
    for (size_t i = 0; t && i < sizeof marks / sizeof marks[0] && !found; i++) {
        const char *m = strstr(start, marks[i]);
        found = m && (size_t)(m - start) <= within[i];
    }
    xmlFree(t);
    return found;
}

/* Why n is dropped (NULL: kept); with `why` (explaining) numbers are formatted into it. */
static const char *should_drop(const cleaner *c, const xmlNode *n, const stat *s, char *why)
{
    if (extract_is(n, "footer") || extract_is(n, "aside") || extract_is(n, "form"))
        return extract_under(n, "pre", 64) ? NULL : extract_is(n, "form") ? "form" : "footer/aside";
    if (is_widget(n, s))
        return "share/byline/credit widget";
    if (is_related(n, s))
        return "related/read-more block";
    if (heading_junk(n))
        return "heading with boilerplate class";
    if (is_dateline(n, s))
        return "byline/dateline line";
    if (is_promo(n, s))
        return "call to action";
    if (is_caps_link(n, s))
        return "all-capitals promo link";
    if (is_legal(c, n, s))
        return "copyright line at the end";
    return (c->flags & EXTRACT_CLEAN_COND) ? cond_drop(c, n, s, why) : NULL;
}

/* Blocks reported as kept by --explain (the others are containers or inline). */
static int explain_block(const xmlNode *n)
{
    static const char *const tags[] = {"p",  "pre",   "table",  "ul",  "ol", "blockquote",
                                       "h2", "h3",    "h4",     "h5",  "h6", "figure",
                                       "dl", "aside", "footer", "form"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (extract_is(n, tags[i]))
            return 1;
    return 0;
}

/* Text bytes under n and the part of them inside links, reading at most `cap` bytes. */
static void link_share(const xmlNode *n, size_t cap, size_t *text, size_t *link)
{
    *text = *link = 0;
    for (const xmlNode *c = n->children; c && *text < cap; c = extract_next((xmlNode *)c, n, 0)) {
        if (c->type != XML_TEXT_NODE || !c->content)
            continue;
        size_t k = 0;
        for (const xmlChar *t = c->content; *t; t++)
            k += !isspace(*t);
        *text += k;
        if (extract_under(c, "a", 8))
            *link += k;
    }
}

/* "You may also like..." on a line of its own, then a run of blocks that are each one link
 * (headlines of other articles): the cue and the run go. */
static void drop_related_runs(xmlNode *article)
{
    xmlNode *n = article;
    while (n) {
        size_t text, link;
        int cue = n != article && n->type == XML_ELEMENT_NODE &&
                  (extract_is(n, "p") || extract_is(n, "div") ||
                   (n->name[0] == 'h' && n->name[1] >= '2' && n->name[1] <= '6' && !n->name[2]));
        if (cue) {
            link_share(n, 80, &text, &link);
            cue = text > 0 && text < 60 && link * 2 < text &&
                  text_starts(n, related_words, sizeof related_words / sizeof related_words[0]);
        }
        int run = 0;
        xmlNode *sib = cue ? n->next : NULL;
        while (sib) {
            xmlNode *next = sib->next;
            if (sib->type == XML_ELEMENT_NODE) {
                link_share(sib, 200, &text, &link);
                if (text == 0 || text >= 200 || link * 10 < text * 9)
                    break;
                if (EXTRACT_EXPLAINING(sib))
                    extract_explain(sib, 0, "link after a related-articles cue");
                extract_remove(sib);
                run++;
            } else if (sib->type == XML_TEXT_NODE && sib->content &&
                       sib->content[strspn((const char *)sib->content, " \t\r\n")]) {
                break;
            }
            sib = next;
        }
        xmlNode *next = extract_next(n, article, run > 0);
        if (run > 0) {
            if (EXTRACT_EXPLAINING(n))
                extract_explain(n, 0, "related-articles cue before %d links", run);
            extract_remove(n);
        }
        n = next;
    }
}

/* Alt text written as HTML ("<p>The plumber, <em>Tom</em></p>", entities decoded by the
 * parser) would show its tags wherever the alt text is shown: the tags go, the words stay. */
static void alt_untag(xmlNode *article)
{
    for (xmlNode *n = article; n; n = extract_next(n, article, 0)) {
        const char *alt = extract_is(n, "img") ? extract_attr(n, "alt") : NULL;
        const char *lt = alt ? strchr(alt, '<') : NULL;
        if (!lt || !(isalpha((unsigned char)lt[1]) || lt[1] == '/') || !strchr(lt, '>'))
            continue;
        size_t len = strlen(alt), k = 0;
        char *out = op_malloc(len + 1);
        for (const char *p = alt; *p;) {
            const char *end;
            if (*p == '<' && (isalpha((unsigned char)p[1]) || p[1] == '/') &&
                (end = strchr(p, '>'))) {
                p = end + 1;
                continue;
            }
            out[k++] = *p++;
        }
        out[k] = 0;
        xmlSetProp(n, (const xmlChar *)"alt", (const xmlChar *)out);
        op_free(out);
    }
}

void extract_clean(xmlNode *article, unsigned flags)
{
    cleaner c;
    memset(&c, 0, sizeof c);
    c.flags = flags;
    index_elements(&c, article);
    c.end = op_malloc((c.n + 1) * sizeof *c.end);
    c.after = op_calloc(c.n + 1, sizeof *c.after);
    size_t *own = op_malloc((c.n + 1) * sizeof *own), kept = 0;
    for (size_t i = 0; i < c.n; i++) {
        own_counts(&c.st[i], c.nodes[i]);
        own[i] = c.st[i].text;
        c.end[i] = i;
    }
    char why[WHY_MAX] = "";
    size_t mark = extract_explain_mark(article);
    /* Children come after their parent: walking backwards, a node's subtree is counted
     * (and its end known) when the node is decided, and `kept` is the text kept after it. */
    for (size_t i = c.n; i-- > 0;) {
        xmlNode *n = c.nodes[i];
        finish_counts(&c.st[i], n);
        c.after[i] = kept;
        if (i && n->parent && n->parent->type == XML_ELEMENT_NODE) {
            size_t up = (uintptr_t)n->parent->_private;
            c.end[up] = c.end[up] > c.end[i] ? c.end[up] : c.end[i];
        }
        int explain = EXTRACT_EXPLAINING(n);
        const char *drop = i ? should_drop(&c, n, &c.st[i], explain ? why : NULL) : NULL;
        int guarded = drop && EXTRACT_KEEPING(n) && extract_keep_guard(n, drop);
        if (guarded)
            drop = NULL;
        if (explain && !guarded &&
            (drop || (i && explain_block(n) && (c.st[i].text || c.st[i].img))))
            extract_explain(n, !drop, "%s", drop ? drop : "passed cleaning");
        if (drop) {
            kept -= c.st[i].text - own[i];
            extract_remove(n);
            continue;
        }
        kept += own[i];
        if (i && n->parent && n->parent->type == XML_ELEMENT_NODE)
            add_stat(&c.st[(uintptr_t)n->parent->_private], &c.st[i]);
    }
    extract_explain_reverse(article, mark);
    for (xmlNode *n = article; n; n = extract_next(n, article, 0))
        n->_private = NULL;
    op_free(own);
    op_free(c.nodes);
    op_free(c.st);
    op_free(c.end);
    op_free(c.after);
    drop_related_runs(article);
    extract_dedupe_captions(article);
    alt_untag(article);
}
