/* Links of HTML exports: the file goes through the project's HTML parser (gumbo's HTML5
 * tree as libxml2 nodes, so never-closed <DT>/<DD>/<p> nest as browsers nest them), then a
 * walk in document order hands each <a href> over with its heading, its bookmark folders
 * (the <H3> before each enclosing <DL>) and its <DD> note. */
#include "batch/import_html.h"
#include "batch/import.h"
#include "parse/html_tree.h"

#include <string.h>
#include <strings.h>

static int is_el(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && !xmlStrcasecmp(n->name, BAD_CAST name);
}

/* The node's text with runs of white space as one space, trimmed, into b. */
static void text_of(const xmlNode *n, op_buf *b)
{
    op_buf_reset(b);
    op_buf_addc(b, '\0');
    op_buf_reset(b);
    xmlChar *s = xmlNodeGetContent(n);
    int space = 0;
    for (const xmlChar *p = s; p && *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') {
            space = b->len > 0;
            continue;
        }
        if (space)
            op_buf_addc(b, ' ');
        space = 0;
        if (op_buf_addc(b, (char)*p))
            break;
    }
    xmlFree(s);
}

/* The element sibling before n, skipping white space text and empty <p> (Netscape's
 * "<DL><p>"). */
static const xmlNode *prev_element(const xmlNode *n)
{
    for (n = n->prev; n; n = n->prev)
        if (n->type == XML_ELEMENT_NODE && !is_el(n, "p"))
            return n;
    return NULL;
}

static const xmlNode *next_element(const xmlNode *n)
{
    for (n = n->next; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && !is_el(n, "p"))
            return n;
    return NULL;
}

/* The <H3> naming a <DL>: the element before it, or the first child of the <DT> before it. */
static const xmlNode *folder_title(const xmlNode *dl)
{
    const xmlNode *h = dl->parent && is_el(dl->parent, "dt") ? prev_element(dl) : NULL;
    if (!h)
        h = prev_element(dl);
    if (is_el(h, "dt"))
        for (h = h->children; h && h->type != XML_ELEMENT_NODE; h = h->next)
            ;
    return is_el(h, "h3") ? h : NULL;
}

/* "Outer/Inner" from the <DL>s around a, into b (empty at the top level). */
static void folders_of(const xmlNode *a, op_buf *b)
{
    const xmlNode *titles[32];
    size_t n = 0;
    for (const xmlNode *p = a->parent; p && n < 32; p = p->parent)
        if (is_el(p, "dl")) {
            const xmlNode *h = folder_title(p);
            if (h)
                titles[n++] = h;
        }
    op_buf_reset(b);
    op_buf part;
    op_buf_init(&part, 4096);
    while (n-- > 0) {
        text_of(titles[n], &part);
        if (b->len)
            op_buf_addc(b, '/');
        op_buf_add(b, part.data, part.len);
    }
    op_buf_free(&part);
}

const char *import_link_attr(const import_link *l, const char *name)
{
    for (const xmlAttr *a = ((const xmlNode *)l->node)->properties; a; a = a->next)
        if (!xmlStrcasecmp(a->name, BAD_CAST name) && a->children && a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

typedef struct walk {
    op_buf heading, text, folder, note;
    int has_heading;
    size_t index;
} walk;

static op_status visit_link(walk *w, const xmlNode *n, import_link_fn fn, void *ud)
{
    import_link l = {0};
    l.node = n;
    l.href = import_link_attr(&l, "href");
    if (!l.href)
        return OP_OK;
    text_of(n, &w->text);
    folders_of(n, &w->folder);
    const xmlNode *dt = is_el(n->parent, "dt") ? n->parent : NULL;
    const xmlNode *dd = dt ? next_element(dt) : NULL;
    if (is_el(dd, "dd"))
        text_of(dd, &w->note);
    l.text = w->text.data ? w->text.data : "";
    l.heading = w->has_heading ? w->heading.data : NULL;
    l.folder = w->folder.len ? w->folder.data : NULL;
    l.note = is_el(dd, "dd") && w->note.len ? w->note.data : NULL;
    l.index = ++w->index;
    return fn(ud, &l);
}

op_status import_html_links(const char *path, import_link_fn fn, void *ud, op_diag *diag)
{
    char *raw = NULL;
    size_t len = 0;
    xmlDoc *doc = NULL;
    op_buf clean;
    op_buf_init(&clean, 0);
    walk w;
    memset(&w, 0, sizeof w);
    op_status st = import_file_read(path, &raw, &len, diag);
    if (st)
        goto out;
    OP_TRY(op_utf8_sanitize(&clean, raw, len));
    if ((st = parse_html_tree_new(clean.data ? clean.data : "", clean.len, 256, 0, &doc)) !=
        OP_OK) {
        op_diag_report(diag, OP_SEV_ERROR, path, 0, "cannot parse the HTML");
        goto out;
    }
    op_buf *bufs[] = {&w.heading, &w.text, &w.folder, &w.note};
    for (size_t i = 0; i < 4; i++) {
        op_buf_init(bufs[i], 1u << 20);
        op_buf_addc(bufs[i], '\0');
        op_buf_reset(bufs[i]);
    }
    for (xmlNode *n = xmlDocGetRootElement(doc); n && st == OP_OK;) {
        if (is_el(n, "h1") || is_el(n, "h2")) {
            text_of(n, &w.heading);
            w.has_heading = 1;
        } else if (is_el(n, "a")) {
            st = visit_link(&w, n, fn, ud);
        } else if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && !n->next)
            n = n->parent;
        n = n ? n->next : NULL;
    }
    for (size_t i = 0; i < 4; i++)
        op_buf_free(bufs[i]);
out:
    if (doc)
        xmlFreeDoc(doc);
    op_buf_free(&clean);
    op_free(raw);
    return st;
}
