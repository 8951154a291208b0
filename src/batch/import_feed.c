/* RSS (2.0, 0.9x and 1.0/RDF) and Atom files as archives: streamed with libxml2's reader,
 * one <item>/<entry> expanded at a time (memory bounded whatever the feed's size), network
 * off, no entity expansion (a DTD declaring entities is refused), libxml2's default caps.
 * An entry with full content (content:encoded, Atom content, or an RSS description of
 * 1,000 bytes or more, or with no link) becomes a data item; else it is URL-only with its
 * description as excerpt. Relative URLs in content keep working: a <base href> (xml:base,
 * else the entry's link) opens the data. The feed's title is every item's folder. */
#include "batch/import.h"
#include "xml/xml_init.h"

#include <libxml/hash.h>
#include <libxml/uri.h>
#include <libxml/xmlreader.h>
#include <string.h>

#define NS_CONTENT       "http://purl.org/rss/1.0/modules/content/"
#define NS_DC            "http://purl.org/dc/elements/1.1/"
#define NS_RSS1          "http://purl.org/rss/1.0/"
#define NS_ATOM          "http://www.w3.org/2005/Atom"
#define FULL_DESCRIPTION 1000 /* bytes from which an RSS description is the article */

typedef struct feed {
    import_ctx ctx;
    int atom;
    char *title; /* the feed's */
    size_t n;
    char err[200];
    int err_line;
} feed;

/*** Small helpers ***/

static int is(const xmlNode *n, const char *local, const char *ns)
{
    if (!n || n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, local))
        return 0;
    const char *h = n->ns ? (const char *)n->ns->href : NULL;
    if (!ns) /* RSS's own elements: no namespace, or RSS 1.0's */
        return !h || !strcmp(h, NS_RSS1);
    return h && !strcmp(h, ns);
}

static char *text(const xmlNode *n)
{
    xmlChar *s = xmlNodeGetContent(n);
    char *out = NULL;
    import_sets(&out, (const char *)s);
    xmlFree(s);
    return out;
}

static void attr_escape(op_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '&')
            op_buf_adds(b, "&amp;");
        else if (*s == '"')
            op_buf_adds(b, "&quot;");
        else if (*s == '<')
            op_buf_adds(b, "&lt;");
        else
            op_buf_addc(b, *s);
    }
}

/* The xml:base in force at n, resolved through its ancestors, or NULL when none is given
 * (xmlNodeGetBase would fall back to the file's own path). Caller frees with op_free. */
static char *explicit_base(const xmlNode *n)
{
    const xmlChar *bases[16];
    size_t nb = 0;
    for (; n && n->type == XML_ELEMENT_NODE && nb < 16; n = n->parent) {
        xmlAttr *a = xmlHasNsProp(n, BAD_CAST "base", XML_XML_NAMESPACE);
        if (a && a->children && a->children->content)
            bases[nb++] = a->children->content;
    }
    if (nb == 0)
        return NULL;
    xmlChar *cur = xmlStrdup(bases[nb - 1]);
    while (cur && nb-- > 1) {
        xmlChar *next = xmlBuildURI(bases[nb - 1], cur);
        xmlFree(cur);
        cur = next;
    }
    char *out = cur ? op_strdup((const char *)cur) : NULL;
    xmlFree(cur);
    return out;
}

/* href resolved against the xml:base at n (href itself when there is none or it fails). */
static char *resolve(const xmlNode *n, const char *href)
{
    char *base = explicit_base(n), *out = NULL;
    xmlChar *abs = base ? xmlBuildURI(BAD_CAST href, BAD_CAST base) : NULL;
    import_sets(&out, abs ? (const char *)abs : href);
    xmlFree(abs);
    op_free(base);
    return out;
}

/* The item's data: a doctype (so the content is read as HTML whatever tag it starts with),
 * <base href> when there is a base, then the HTML. */
static void set_data(batch_item *it, const char *base, const char *html, size_t len)
{
    op_buf b;
    op_buf_init(&b, 0);
    op_buf_adds(&b, "<!DOCTYPE html>\n");
    if (base) {
        op_buf_adds(&b, "<base href=\"");
        attr_escape(&b, base);
        op_buf_adds(&b, "\">\n");
    }
    op_buf_add(&b, html, len);
    op_free(it->data);
    it->data = op_buf_detach(&b, &it->len);
}

/* An excerpt from HTML: tags out, the common entities decoded ("<p>A &amp; <b>b</b></p>" ->
 * "A & b"); plain text (html = 0) as it is. */
static void set_excerpt(batch_item *it, const char *s, int html)
{
    static const struct {
        const char *ent, *ch;
    } ents[] = {{"&amp;", "&"},   {"&lt;", "<"},  {"&gt;", ">"},
                {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}};
    op_buf b;
    op_buf_init(&b, 0);
    op_buf_addc(&b, '\0');
    op_buf_reset(&b);
    for (int in_tag = 0; s && *s; s++) {
        size_t k = 0;
        if (html && *s == '<')
            in_tag = 1;
        else if (html && *s == '>' && in_tag)
            in_tag = 0;
        else if (in_tag)
            continue;
        else if (html && *s == '&') {
            for (k = 0; k < sizeof ents / sizeof *ents; k++)
                if (!strncmp(s, ents[k].ent, strlen(ents[k].ent)))
                    break;
            if (k < sizeof ents / sizeof *ents) {
                op_buf_adds(&b, ents[k].ch);
                s += strlen(ents[k].ent) - 1;
            } else {
                op_buf_addc(&b, '&');
            }
        } else
            op_buf_addc(&b, *s);
    }
    import_set(&it->excerpt, b.data, b.len);
    op_buf_free(&b);
}

static void add_author(batch_item *it, char *name)
{
    if (!name)
        return;
    if (!it->author) {
        it->author = name;
        return;
    }
    op_buf b;
    op_buf_init(&b, 0);
    op_buf_printf(&b, "%s, %s", it->author, name);
    op_free(it->author);
    op_free(name);
    it->author = op_buf_detach(&b, NULL);
}

static batch_item *new_item(feed *f, const char *format)
{
    char entry[48];
    batch_item *it = batch_item_new(format);
    snprintf(entry, sizeof entry, "%s %zu", f->atom ? "entry" : "item", ++f->n);
    import_source(it, f->ctx.path, entry, 0);
    import_sets(&it->folder, f->title);
    return it;
}

/*** RSS ***/

static op_status rss_item(feed *f, const xmlNode *item)
{
    batch_item *it = new_item(f, "rss");
    char *desc = NULL, *encoded = NULL, *guid = NULL, *t;
    int guid_link = 1;
    for (const xmlNode *c = item->children; c; c = c->next) {
        if (is(c, "encoded", NS_CONTENT) && !encoded)
            encoded = text(c);
        else if (is(c, "creator", NS_DC))
            add_author(it, text(c));
        else if ((is(c, "pubDate", NULL) || is(c, "date", NS_DC)) && it->published < 0 &&
                 (t = text(c)) != NULL) {
            op_date_unix(t, strlen(t), &it->published);
            op_free(t);
        } else if (is(c, "title", NULL) && !it->title)
            it->title = text(c);
        else if (is(c, "link", NULL) && !it->url)
            it->url = text(c);
        else if (is(c, "guid", NULL) && !guid) {
            xmlChar *p = xmlGetProp(c, BAD_CAST "isPermaLink");
            guid_link = !p || strcmp((const char *)p, "false");
            xmlFree(p);
            guid = text(c);
        } else if (is(c, "description", NULL) && !desc)
            desc = text(c);
        else if (is(c, "author", NULL) && !it->author)
            it->author = text(c);
        else if (is(c, "category", NULL) && (t = text(c)) != NULL) {
            batch_item_add_tag(it, t, strlen(t));
            op_free(t);
        }
    }
    if (!it->url && guid && guid_link && !strncmp(guid, "http", 4))
        import_sets(&it->url, guid);
    if (encoded)
        set_data(it, it->url, encoded, strlen(encoded));
    else if (desc && (!it->url || strlen(desc) >= FULL_DESCRIPTION))
        set_data(it, it->url, desc, strlen(desc));
    if (desc && (encoded || !it->data))
        set_excerpt(it, desc, 1);
    op_status st = import_emit(it, guid, f->ctx.emit, f->ctx.ud, f->ctx.diag);
    op_free(desc);
    op_free(encoded);
    op_free(guid);
    return st;
}

/*** Atom ***/

/* Atom content or summary as HTML into b: type html as it is, xhtml serialised from inside
 * its <div>, text (the default) escaped in paragraphs. */
static void atom_html(const xmlNode *c, op_buf *b)
{
    xmlChar *type = xmlGetProp(c, BAD_CAST "type");
    const char *t = type ? (const char *)type : "text";
    if (!strcmp(t, "xhtml")) {
        const xmlNode *div = c->children;
        while (div && div->type != XML_ELEMENT_NODE)
            div = div->next;
        xmlBuffer *x = xmlBufferCreate();
        for (xmlNode *k = div ? div->children : NULL; k && x; k = k->next)
            xmlNodeDump(x, c->doc, k, 0, 0);
        if (x)
            op_buf_add(b, xmlBufferContent(x), (size_t)xmlBufferLength(x));
        xmlBufferFree(x);
    } else {
        xmlChar *s = xmlNodeGetContent(c);
        if (!strcmp(t, "html") || !strcmp(t, "text/html")) {
            op_buf_adds(b, s ? (const char *)s : "");
        } else {
            op_buf_adds(b, "<p>");
            for (const char *p = s ? (const char *)s : ""; *p; p++) {
                if (p[0] == '\n' && p[1] == '\n') {
                    op_buf_adds(b, "</p>\n<p>");
                    while (p[1] == '\n')
                        p++;
                } else if (*p == '&' || *p == '<' || *p == '>') {
                    op_buf_adds(b, *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : "&gt;");
                } else {
                    op_buf_addc(b, *p);
                }
            }
            op_buf_adds(b, "</p>");
        }
        xmlFree(s);
    }
    xmlFree(type);
}

static void atom_link(batch_item *it, const xmlNode *c)
{
    xmlChar *rel = xmlGetProp(c, BAD_CAST "rel"), *href = xmlGetProp(c, BAD_CAST "href");
    if (href && !it->url && (!rel || !strcmp((const char *)rel, "alternate")))
        it->url = resolve(c, (const char *)href);
    xmlFree(rel);
    xmlFree(href);
}

static op_status atom_entry(feed *f, const xmlNode *entry)
{
    batch_item *it = new_item(f, "atom");
    const xmlNode *content = NULL, *summary = NULL;
    char *id = NULL, *t;
    int64_t updated = -1;
    for (const xmlNode *c = entry->children; c; c = c->next) {
        if (is(c, "title", NS_ATOM) && !it->title)
            it->title = text(c);
        else if (is(c, "link", NS_ATOM))
            atom_link(it, c);
        else if (is(c, "id", NS_ATOM) && !id)
            id = text(c);
        else if ((is(c, "published", NS_ATOM) || is(c, "updated", NS_ATOM)) &&
                 (t = text(c)) != NULL) {
            op_date_unix(t, strlen(t), c->name[0] == 'p' ? &it->published : &updated);
            op_free(t);
        } else if (is(c, "author", NS_ATOM)) {
            for (const xmlNode *k = c->children; k; k = k->next)
                if (is(k, "name", NS_ATOM))
                    add_author(it, text(k));
        } else if (is(c, "category", NS_ATOM)) {
            xmlChar *term = xmlGetProp(c, BAD_CAST "term");
            if (term)
                batch_item_add_tag(it, (const char *)term, strlen((const char *)term));
            xmlFree(term);
        } else if (is(c, "content", NS_ATOM) && !content)
            content = c;
        else if (is(c, "summary", NS_ATOM) && !summary)
            summary = c;
    }
    if (it->published < 0)
        it->published = updated;
    xmlChar *src = content ? xmlGetProp(content, BAD_CAST "src") : NULL;
    if (src && !it->url) /* out-of-line content: its URL is the article */
        it->url = resolve(content, (const char *)src);
    op_buf b;
    op_buf_init(&b, 0);
    if (content && !src) {
        atom_html(content, &b);
        char *base = explicit_base(content);
        if (b.len)
            set_data(it, base ? base : it->url, b.data, b.len);
        op_free(base);
    }
    if (summary) {
        xmlChar *type = xmlGetProp(summary, BAD_CAST "type"), *sum = xmlNodeGetContent(summary);
        set_excerpt(it, (const char *)sum, type && !strcmp((const char *)type, "html"));
        xmlFree(type);
        xmlFree(sum);
    }
    op_buf_free(&b);
    xmlFree(src);
    op_status st = import_emit(it, id, f->ctx.emit, f->ctx.ud, f->ctx.diag);
    op_free(id);
    return st;
}

/*** The stream ***/

static void on_error(void *ud, xmlErrorPtr e)
{
    feed *f = ud;
    if (f->err[0] || !e || e->level < XML_ERR_ERROR)
        return;
    snprintf(f->err, sizeof f->err, "%s", e->message ? e->message : "XML error");
    f->err[strcspn(f->err, "\n")] = '\0';
    f->err_line = e->line;
}

static int declares_entities(xmlTextReaderPtr r)
{
    /* not xmlTextReaderCurrentDoc: it makes the reader keep every node until the end */
    xmlNode *n = xmlTextReaderCurrentNode(r);
    xmlDoc *doc = n ? n->doc : NULL;
    xmlDtd *dtd = doc ? doc->intSubset : NULL;
    return dtd && ((dtd->entities && xmlHashSize(dtd->entities) > 0) ||
                   (dtd->pentities && xmlHashSize(dtd->pentities) > 0));
}

/* The root element: rss/RDF for RSS, feed for Atom. */
static int root_ok(feed *f, xmlTextReaderPtr r)
{
    const char *name = (const char *)xmlTextReaderConstLocalName(r);
    const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
    if (f->atom)
        return name && !strcmp(name, "feed") && ns && !strcmp(ns, NS_ATOM);
    return name && (!strcmp(name, "rss") || !strcmp(name, "RDF"));
}

static op_status walk(feed *f, xmlTextReaderPtr r)
{
    const char *entry = f->atom ? "entry" : "item";
    op_status st = OP_OK;
    int ret = xmlTextReaderRead(r), seen_root = 0;
    while (ret == 1 && st == OP_OK) {
        int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
        const char *name = (const char *)xmlTextReaderConstLocalName(r);
        if (type == XML_READER_TYPE_ELEMENT && depth == 0 && !seen_root) {
            seen_root = 1;
            if (declares_entities(r) || !root_ok(f, r)) {
                op_diag_report(f->ctx.diag, OP_SEV_ERROR, f->ctx.path, 0, "%s",
                               declares_entities(r) ? "a feed declaring XML entities is refused"
                               : f->atom            ? "not an Atom feed"
                                                    : "not an RSS feed");
                return OP_ERR_PARSE;
            }
        } else if (type == XML_READER_TYPE_ELEMENT && name && !f->title && !strcmp(name, "title") &&
                   depth == (f->atom ? 1 : 2)) {
            xmlChar *s = xmlTextReaderReadString(r);
            import_sets(&f->title, (const char *)s);
            xmlFree(s);
        } else if (type == XML_READER_TYPE_ELEMENT && name && !strcmp(name, entry) && depth <= 2) {
            xmlNode *n = xmlTextReaderExpand(r);
            if (!n)
                break;
            st = f->atom ? atom_entry(f, n) : rss_item(f, n);
            ret = xmlTextReaderNext(r);
            continue;
        }
        ret = xmlTextReaderRead(r);
    }
    if (st == OP_OK && (ret < 0 || f->err[0] || !seen_root)) {
        op_diag_report(f->ctx.diag, OP_SEV_ERROR, f->ctx.path, f->err_line, "XML: %s",
                       f->err[0] ? f->err : "not well-formed");
        st = OP_ERR_PARSE;
    }
    return st;
}

static op_status feed_read(const char *path, int atom, batch_emit_fn emit, void *ud, op_diag *diag)
{
    feed f;
    xml_init_once(); /* readers may run beside conversion threads */
    memset(&f, 0, sizeof f);
    f.ctx = (import_ctx){path, emit, ud, diag};
    f.atom = atom;
    xmlTextReaderPtr r = xmlReaderForFile(
        path, NULL, XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!r) {
        op_diag_report(diag, OP_SEV_ERROR, path, 0, "cannot read");
        return OP_ERR_IO;
    }
    xmlTextReaderSetStructuredErrorHandler(r, on_error, &f);
    op_status st = walk(&f, r);
    xmlFreeTextReader(r);
    op_free(f.title);
    return st;
}

static op_status rss_read(const char *path, const batch_caps *caps, batch_emit_fn emit, void *ud,
                          op_diag *diag)
{
    (void)caps; /* no zip */
    return feed_read(path, 0, emit, ud, diag);
}

static op_status atom_read(const char *path, const batch_caps *caps, batch_emit_fn emit, void *ud,
                           op_diag *diag)
{
    (void)caps; /* no zip */
    return feed_read(path, 1, emit, ud, diag);
}

static int rss_sniff(const char *path, const char *head, size_t n)
{
    (void)path;
    return import_head_first(head, n) == '<' &&
           (import_head_has(head, n, "<rss") ||
            (import_head_has(head, n, "<rdf:RDF") && import_head_has(head, n, NS_RSS1)));
}

static int atom_sniff(const char *path, const char *head, size_t n)
{
    (void)path;
    return import_head_first(head, n) == '<' && import_head_has(head, n, "<feed") &&
           import_head_has(head, n, NS_ATOM);
}

const batch_reader batch_reader_rss = {"rss", rss_sniff, rss_read};
const batch_reader batch_reader_atom = {"atom", atom_sniff, atom_read};
