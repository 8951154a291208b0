/* What the page as a whole says, around the article passes: a <header> or <nav> that holds
 * paragraphs of prose is a tag left unclosed that swallowed the page (what follows its own
 * content moves out, so neither pruning nor the mapping drops the article with it); and a page
 * whose article, once chosen, has next to no text of its own while the page shows a sign-in form or
 * is built by scripts holds no article at all (a login wall, a JavaScript app shell). */
#include "core/core.h"
#include "extract/extract_int.h"
#include "parse/html_map.h"

#include <string.h>
#include <strings.h>

/* Prose: paragraphs of at least this many bytes of text outside links. */
#define PROSE_PARAGRAPH 100
/* Text bytes of its own (outside links, forms and navigation) below which an article is none:
 * on a page with a password field, and on one that runs scripts. */
#define NO_ARTICLE_LOGIN  150
#define NO_ARTICLE_SCRIPT 50
/* ... and the whole page, when it runs scripts, below this: an app shell, not a page whose
 * article reader mode found too little of. */
#define NO_ARTICLE_SHELL 200
/* Inline script bytes that are an app's code rather than a call. */
#define SCRIPT_CODE 100

static int inside_link(const xmlNode *n, const xmlNode *top)
{
    for (n = n->parent; n && n != top; n = n->parent)
        if (extract_is(n, "a"))
            return 1;
    return 0;
}

/* Never text of an article: what the mapping drops, and navigation. */
static int not_text(const xmlNode *n)
{
    static const char *const tags[] = {"script", "style",  "noscript", "template", "form",
                                       "nav",    "aside",  "button",   "select",   "textarea",
                                       "input",  "option", "svg",      "iframe",   "head"};
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (extract_is(n, tags[i]))
            return 1;
    return parse_html_hidden(n);
}

/* Text bytes under top outside links (and, when `own`, outside what is never article text)
 * in *text, link text in *link. */
static void count(xmlNode *top, int own, size_t *text, size_t *link)
{
    *text = *link = 0;
    xmlNode *n = top->children;
    while (n) {
        int skip = own && not_text(n);
        if (n->type == XML_TEXT_NODE && n->content) {
            size_t c = extract_count_text((const char *)n->content, NULL);
            if (inside_link(n, top))
                *link += c;
            else
                *text += c;
        }
        n = extract_next(n, top, skip);
    }
}

/*** Containers that swallowed the page ***/

static int is_prose(xmlNode *p)
{
    size_t text, link;
    if (!extract_is(p, "p"))
        return 0;
    count(p, 0, &text, &link);
    return text >= PROSE_PARAGRAPH && link * 2 < text;
}

static int is_heading(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE && n->name[0] == 'h' && n->name[1] >= '1' &&
           n->name[1] <= '6' && !n->name[2];
}

/* Paragraphs of prose at n or under it (at most `most` counted); headings too when `heads`. */
static int prose_under(xmlNode *n, int most, int heads)
{
    int found = 0;
    for (xmlNode *k = n; k && found < most; k = extract_next(k, n, 0))
        found += is_prose(k) || (heads && is_heading(k));
    return found;
}

/* Moves n's children from the first that starts the article (a heading or prose) on out of
 * n, right after it: what the tag swallowed. 0 when none does. */
static int lift_swallowed(xmlNode *n)
{
    xmlNode *k = n->children;
    while (k && !prose_under(k, 1, 1))
        k = k->next;
    if (!k)
        return 0;
    for (xmlNode *after = n; k;) {
        xmlNode *next = k->next;
        xmlUnlinkNode(k);
        xmlAddNextSibling(after, k);
        after = k;
        k = next;
    }
    return 1;
}

void extract_unswallow(xmlDoc *doc)
{
    xmlNode *top = xmlDocGetRootElement(doc);
    for (xmlNode *n = top; n; n = extract_next(n, top, 0)) {
        if (!extract_is(n, "header") && !extract_is(n, "nav"))
            continue;
        size_t text, link;
        count(n, 0, &text, &link);
        if (link * 3 >= text || prose_under(n, 2, 0) < 2)
            continue;
        if (lift_swallowed(n)) {
            extract_explain(n, 0, "<%s> left unclosed: the article it swallowed moved out",
                            (const char *)n->name);
        } else {
            extract_explain(n, 1, "<%s> holding paragraphs of prose: read as <div>",
                            (const char *)n->name);
            xmlNodeSetName(n, (const xmlChar *)"div");
        }
    }
}

/*** Pages with no article ***/

/* A script that builds the page: JavaScript (or a module) loaded from a file or of some size
 * inline (an app's code or boot data), not a one-line call. */
static int builds_page(xmlNode *n)
{
    const char *type = extract_attr(n, "type");
    if (type && *type && strcasecmp(type, "module") && !strstr(type, "javascript") &&
        !strstr(type, "ecmascript"))
        return 0;
    if (extract_attr(n, "src"))
        return 1;
    return extract_text_len(n) >= SCRIPT_CODE;
}

void extract_page_signals(xmlDoc *doc, extract_signals *s)
{
    xmlNode *top = xmlDocGetRootElement(doc);
    memset(s, 0, sizeof *s);
    for (xmlNode *n = top; n; n = extract_next(n, top, 0)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *type;
        if (extract_is(n, "input") && (type = extract_attr(n, "type")) &&
            !strcasecmp(type, "password"))
            s->password = 1;
        else if (extract_is(n, "script") && builds_page(n))
            s->scripts = 1;
        else if (extract_is(n, "body") && !s->body_text) {
            size_t link;
            count(n, 1, &s->body_text, &link);
        }
    }
}

int extract_no_article(xmlNode *root, const extract_signals *s)
{
    size_t text, link;
    if (!root)
        return 1;
    count(root, 1, &text, &link);
    if (s->password && text < NO_ARTICLE_LOGIN) {
        extract_explain(root, 0, "no article: a sign-in form and %zu bytes of text", text);
        return 1;
    }
    if (s->scripts && text < NO_ARTICLE_SCRIPT && s->body_text < NO_ARTICLE_SHELL) {
        extract_explain(root, 0, "no article: a page built by scripts, %zu bytes of text", text);
        return 1;
    }
    return 0;
}
