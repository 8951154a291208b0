/* --links: how link URLs appear, as a transform of the model before any writer runs (so
 * PDF, EPUB, Markdown, HTML and text agree). inline: " (URL)" after the link text;
 * endnote: a superscript number after the link and a "Links" list at the end; footnote: the
 * same number as a note reference (a SUP carrying the URL), which the PDF sets at the foot
 * of the page and the EPUB as a footnote aside; none: links become plain text. */
#include "core/core.h"
#include "offprint/doc.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int op_links_mode_from_name(const char *name)
{
    static const char *const names[] = {"keep", "inline", "footnote", "endnote", "none"};
    for (int i = 0; i < 5; i++)
        if (!strcasecmp(name, names[i]))
            return i;
    return -1;
}

/* URL and text say the same thing ("example.org/" vs "https://example.org"). */
static int same_as_text(const char *url, const char *text)
{
    static const char *const schemes[] = {"https://", "http://", "mailto:"};
    size_t ul = strlen(url), tl = strlen(text);
    for (int pass = 0; pass < 2; pass++) {
        const char *u = url;
        for (int i = 0; i < 3 && pass; i++)
            if (!strncasecmp(u, schemes[i], strlen(schemes[i])))
                u += strlen(schemes[i]);
        ul = strlen(u);
        while (ul && u[ul - 1] == '/')
            ul--;
        size_t t = tl;
        while (t && text[t - 1] == '/')
            t--;
        if (pass && !strncasecmp(u, "www.", 4) && strncasecmp(text, "www.", 4))
            u += 4, ul -= 4;
        if (ul == t && !strncasecmp(u, text, t))
            return 1;
    }
    return 0;
}

/* Links whose URL is worth showing: not in-document fragments, not script URLs. */
static int shown(const char *url)
{
    return url && *url && url[0] != '#' && strncasecmp(url, "javascript:", 11);
}

static op_node *new_text(op_doc *doc, const char *s)
{
    op_node *t = op_node_new(doc, OP_NODE_TEXT);
    op_node_set_literal(doc, t, s, strlen(s));
    return t;
}

static void insert_after(op_node *n, op_node *x)
{
    op_node *next = op_node_next(n);
    if (next)
        op_node_insert_before(next, x);
    else
        op_node_append_child(op_node_parent(n), x);
}

/* Replaces a link with its children. */
static void unwrap(op_node *link)
{
    op_node *c;
    while ((c = op_node_first_child(link)))
        op_node_insert_before(link, c);
    op_node_unlink(link);
}

typedef struct notes {
    const char **urls;
    size_t n;
} notes;

static size_t note_number(notes *nt, const char *url)
{
    for (size_t i = 0; i < nt->n; i++)
        if (!strcmp(nt->urls[i], url))
            return i + 1;
    nt->urls = op_realloc(nt->urls, (nt->n + 1) * sizeof *nt->urls);
    nt->urls[nt->n++] = url;
    return nt->n;
}

/* The "Links" heading and numbered list at the end of the document. */
static void notes_list(op_doc *doc, const notes *nt)
{
    op_node *root = op_doc_root(doc), *h = op_node_new(doc, OP_NODE_HEADING);
    op_node_set_level(h, 2);
    op_node_append_child(h, new_text(doc, "Links"));
    op_node_append_child(root, h);
    op_node *list = op_node_new(doc, OP_NODE_LIST);
    op_node_set_list(list, 1, 1);
    op_node_append_child(root, list);
    for (size_t i = 0; i < nt->n; i++) {
        op_node *it = op_node_new(doc, OP_NODE_ITEM), *p = op_node_new(doc, OP_NODE_PARAGRAPH);
        op_node *a = op_node_new(doc, OP_NODE_LINK);
        op_node_set_url(doc, a, nt->urls[i], strlen(nt->urls[i]));
        op_node_append_child(a, new_text(doc, nt->urls[i]));
        op_node_append_child(p, a);
        op_node_append_child(it, p);
        op_node_append_child(list, it);
    }
}

/* Appends the links under root to *links. */
static void collect_links(op_node *root, op_node ***links, size_t *n)
{
    op_iter *it = op_iter_new(root);
    for (op_event ev; (ev = op_iter_next(it)) != OP_EVENT_DONE;) {
        op_node *x = op_iter_node(it);
        if (ev == OP_EVENT_ENTER && op_node_get_kind(x) == OP_NODE_LINK) {
            *links = op_realloc(*links, (*n + 1) * sizeof **links);
            (*links)[(*n)++] = x;
        }
    }
    op_iter_free(it);
}

void op_doc_links_apply(op_doc *doc, op_links_mode mode)
{
    if (mode == OP_LINKS_KEEP)
        return;
    /* collect first: the edits below would disturb a running iterator. The title's links
     * come first (the title block is set first: note 1); one to the source URL, which the
     * title block shows under the title already, is left plain. */
    op_node **links = NULL;
    size_t n = 0, ntitle;
    op_node *title = op_doc_get_title_node(doc);
    if (title)
        collect_links(title, &links, &n);
    ntitle = n;
    collect_links(op_doc_root(doc), &links, &n);
    const char *source = op_doc_get_meta(doc, OP_META_SOURCE_URL);
    notes nt = {0};
    for (size_t i = 0; i < n; i++) {
        const char *url = op_node_get_url(links[i]);
        char *text = op_node_text_new(links[i], NULL);
        int show = shown(url) && !same_as_text(url, text);
        op_free(text);
        if (i < ntitle && url && source && same_as_text(url, source))
            show = 0;
        if (mode == OP_LINKS_NONE || (i < ntitle && !show)) {
            unwrap(links[i]);
        } else if (show && mode == OP_LINKS_INLINE) {
            char *s = op_malloc(strlen(url) + 4);
            sprintf(s, " (%s)", url);
            insert_after(links[i], new_text(doc, s));
            op_free(s);
        } else if (show) { /* endnote, footnote */
            char num[32];
            snprintf(num, sizeof num, "%zu", note_number(&nt, url));
            op_node *sup = op_node_new(doc, OP_NODE_SUP);
            op_node_set_noteref(sup, 1);
            op_node_append_child(sup, new_text(doc, num));
            if (mode == OP_LINKS_FOOTNOTE) /* a note reference: the note is the URL */
                op_node_set_url(doc, sup, url, strlen(url));
            insert_after(links[i], sup);
        }
    }
    if (nt.n && mode == OP_LINKS_ENDNOTE)
        notes_list(doc, &nt);
    op_free(nt.urls);
    op_free(links);
}
