/* Package documents of the EPUB: META-INF/container.xml, OEBPS/content.opf (metadata,
 * manifest, spine), OEBPS/nav.xhtml (EPUB 3 toc + landmarks) and OEBPS/toc.ncx (EPUB 2
 * readers). The toc nests headings by level; skipped levels (h1 -> h3) nest one step only,
 * so every list item holds at most one nested list and the structure is always valid. */
#include "epub/epub_int.h"

#include <stdio.h>
#include <string.h>

#define ARTICLE_HREF "text/article.xhtml"

/*** container.xml ***/

static op_status write_container(epub_book *b)
{
    epub_xw *x = epub_xw_new(&b->container);

    epub_xw_start(x, "container");
    epub_xw_attr(x, "version", "1.0");
    epub_xw_attr(x, "xmlns", "urn:oasis:names:tc:opendocument:xmlns:container");
    epub_xw_nl(x);
    epub_xw_start(x, "rootfiles");
    epub_xw_nl(x);
    epub_xw_start(x, "rootfile");
    epub_xw_attr(x, "full-path", "OEBPS/content.opf");
    epub_xw_attr(x, "media-type", "application/oebps-package+xml");
    epub_xw_end_void(x);
    epub_xw_nl(x);
    epub_xw_end(x);
    epub_xw_nl(x);
    epub_xw_end(x);
    epub_xw_nl(x);
    return epub_xw_finish(x);
}

/*** content.opf ***/

static void dc_elem(epub_xw *x, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    epub_xw_elem(x, name, value);
    epub_xw_nl(x);
}

static void write_metadata(epub_book *b, epub_xw *x)
{
    const op_doc *d = b->doc;
    char date[40];

    epub_xw_start(x, "metadata");
    epub_xw_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
    epub_xw_nl(x);
    epub_xw_start(x, "dc:identifier");
    epub_xw_attr(x, "id", "pub-id");
    epub_xw_texts(x, b->uuid);
    epub_xw_end(x);
    epub_xw_nl(x);
    dc_elem(x, "dc:title", b->title);
    dc_elem(x, "dc:language", b->lang);
    dc_elem(x, "dc:creator", op_doc_get_meta(d, OP_META_AUTHOR));
    dc_elem(x, "dc:publisher", op_doc_get_meta(d, OP_META_SITE_NAME));
    dc_elem(x, "dc:source", op_doc_get_meta(d, OP_META_SOURCE_URL));
    if (epub_date_normalize(op_doc_get_meta(d, OP_META_PUBLISHED), date, sizeof date))
        dc_elem(x, "dc:date", date);
    dc_elem(x, "dc:description", op_doc_get_meta(d, OP_META_DESCRIPTION));
    epub_xw_start(x, "meta");
    epub_xw_attr(x, "property", "dcterms:modified");
    epub_xw_texts(x, b->modified);
    epub_xw_end(x);
    epub_xw_nl(x);
    for (size_t i = 0; i < b->nimages; i++) {
        if (!b->images[i].cover)
            continue;
        epub_xw_start(x, "meta"); /* EPUB 2 readers find the cover this way */
        epub_xw_attr(x, "name", "cover");
        epub_xw_attr(x, "content", "cover-image");
        epub_xw_end_void(x);
        epub_xw_nl(x);
    }
    epub_xw_end(x);
    epub_xw_nl(x);
}

static void manifest_item(epub_xw *x, const char *id, const char *href, const char *type,
                          const char *props)
{
    epub_xw_start(x, "item");
    epub_xw_attr(x, "id", id);
    epub_xw_attr(x, "href", href);
    epub_xw_attr(x, "media-type", type);
    if (props)
        epub_xw_attr(x, "properties", props);
    epub_xw_end_void(x);
    epub_xw_nl(x);
}

static void write_manifest(epub_book *b, epub_xw *x)
{
    char id[32], href[64];

    epub_xw_start(x, "manifest");
    epub_xw_nl(x);
    manifest_item(x, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
    manifest_item(x, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL);
    manifest_item(x, "css", "style.css", "text/css", NULL);
    manifest_item(x, "article", ARTICLE_HREF, "application/xhtml+xml", NULL);
    for (size_t i = 0; i < b->nimages; i++) {
        const epub_image *im = &b->images[i];
        snprintf(id, sizeof id, "img-%03zu", i + 1);
        snprintf(href, sizeof href, "images/%s", im->name);
        manifest_item(x, im->cover ? "cover-image" : id, href, im->media_type,
                      im->cover ? "cover-image" : NULL);
    }
    epub_xw_end(x);
    epub_xw_nl(x);
}

static op_status write_opf(epub_book *b)
{
    epub_xw *x = epub_xw_new(&b->opf);

    epub_xw_start(x, "package");
    epub_xw_attr(x, "xmlns", "http://www.idpf.org/2007/opf");
    epub_xw_attr(x, "version", "3.0");
    epub_xw_attr(x, "unique-identifier", "pub-id");
    epub_xw_attr(x, "xml:lang", b->lang);
    epub_xw_nl(x);
    write_metadata(b, x);
    write_manifest(b, x);
    epub_xw_start(x, "spine");
    epub_xw_attr(x, "toc", "ncx");
    epub_xw_nl(x);
    epub_xw_start(x, "itemref");
    epub_xw_attr(x, "idref", "article");
    epub_xw_end_void(x);
    epub_xw_nl(x);
    epub_xw_end(x);
    epub_xw_nl(x);
    epub_xw_end(x);
    epub_xw_nl(x);
    return epub_xw_finish(x);
}

/*** Table of contents walk, shared by nav.xhtml and toc.ncx ***/

typedef struct toc_entry {
    const char *text;
    const char *id; /* NULL: the article itself */
    int depth;
} toc_entry;

typedef struct toc_ops {
    void (*open_list)(epub_xw *x);
    void (*close_list)(epub_xw *x);
    void (*open_entry)(epub_xw *x, const toc_entry *e, int order);
    void (*close_entry)(epub_xw *x);
} toc_ops;

/* Entries with depths: a heading nests under the nearest earlier heading of a smaller level.
 * Headings without text are left out (a nav label must not be empty). */
static toc_entry *toc_entries(const epub_book *b, size_t *count, int *maxdepth)
{
    toc_entry *e = op_calloc(b->nheads + 1, sizeof *e);
    int stack[7], sp = 0;
    size_t n = 0;

    *maxdepth = 1;
    for (size_t i = 0; i < b->nheads; i++) {
        const epub_heading *h = &b->heads[i];
        if (!*h->text)
            continue;
        while (sp > 0 && stack[sp - 1] >= h->level)
            sp--;
        e[n].text = h->text;
        e[n].id = h->id;
        e[n].depth = sp;
        stack[sp++] = h->level;
        if (sp > *maxdepth)
            *maxdepth = sp;
        n++;
    }
    if (n == 0) {
        e[0].text = b->title;
        n = 1;
    }
    *count = n;
    return e;
}

static void toc_walk(const epub_book *b, epub_xw *x, const toc_ops *ops)
{
    size_t n;
    int maxdepth, prev = 0;
    toc_entry *e = toc_entries(b, &n, &maxdepth);

    ops->open_list(x);
    for (size_t i = 0; i < n; i++) {
        int d = e[i].depth;
        if (i > 0 && d > prev) {
            ops->open_list(x);
        } else if (i > 0) {
            ops->close_entry(x);
            for (int k = prev; k > d; k--) {
                ops->close_list(x);
                ops->close_entry(x);
            }
        }
        ops->open_entry(x, &e[i], (int)i + 1);
        prev = d;
    }
    ops->close_entry(x);
    for (int k = prev; k > 0; k--) {
        ops->close_list(x);
        ops->close_entry(x);
    }
    ops->close_list(x);
    op_free(e);
}

static int toc_depth(const epub_book *b)
{
    size_t n;
    int maxdepth;
    op_free(toc_entries(b, &n, &maxdepth));
    return maxdepth;
}

static void entry_href(char *out, size_t outsz, const toc_entry *e)
{
    if (e->id)
        snprintf(out, outsz, "%s#%s", ARTICLE_HREF, e->id);
    else
        snprintf(out, outsz, "%s", ARTICLE_HREF);
}

/*** nav.xhtml ***/

static void nav_open_list(epub_xw *x)
{
    epub_xw_start(x, "ol");
    epub_xw_nl(x);
}

static void nav_close(epub_xw *x)
{
    epub_xw_end(x);
    epub_xw_nl(x);
}

static void nav_open_entry(epub_xw *x, const toc_entry *e, int order)
{
    char href[128];

    (void)order;
    entry_href(href, sizeof href, e);
    epub_xw_start(x, "li");
    epub_xw_start(x, "a");
    epub_xw_attr(x, "href", href);
    epub_xw_texts(x, e->text);
    epub_xw_end(x);
}

static void nav_landmarks(epub_xw *x)
{
    epub_xw_start(x, "nav");
    epub_xw_attr(x, "epub:type", "landmarks");
    epub_xw_attr(x, "id", "landmarks");
    epub_xw_attr(x, "hidden", "hidden");
    epub_xw_nl(x);
    epub_xw_elem(x, "h2", "Landmarks");
    epub_xw_nl(x);
    nav_open_list(x);
    epub_xw_start(x, "li");
    epub_xw_start(x, "a");
    epub_xw_attr(x, "epub:type", "bodymatter");
    epub_xw_attr(x, "href", ARTICLE_HREF);
    epub_xw_texts(x, "Start of content");
    epub_xw_end(x);
    nav_close(x);
    nav_close(x);
    nav_close(x);
}

static void nav_head(epub_book *b, epub_xw *x)
{
    epub_xw_doctype_html(x);
    epub_xw_start(x, "html");
    epub_xw_attr(x, "xmlns", "http://www.w3.org/1999/xhtml");
    epub_xw_attr(x, "xmlns:epub", "http://www.idpf.org/2007/ops");
    epub_xw_attr(x, "lang", b->lang);
    epub_xw_attr(x, "xml:lang", b->lang);
    epub_xw_nl(x);
    epub_xw_start(x, "head");
    epub_xw_nl(x);
    epub_xw_elem(x, "title", b->title);
    epub_xw_nl(x);
    epub_xw_start(x, "link");
    epub_xw_attr(x, "rel", "stylesheet");
    epub_xw_attr(x, "type", "text/css");
    epub_xw_attr(x, "href", "style.css");
    epub_xw_end_void(x);
    epub_xw_nl(x);
    nav_close(x);
}

static op_status write_nav(epub_book *b)
{
    static const toc_ops ops = {nav_open_list, nav_close, nav_open_entry, nav_close};
    epub_xw *x = epub_xw_new(&b->nav);

    nav_head(b, x);
    epub_xw_start(x, "body");
    epub_xw_nl(x);
    epub_xw_start(x, "nav");
    epub_xw_attr(x, "epub:type", "toc");
    epub_xw_attr(x, "id", "toc");
    epub_xw_nl(x);
    epub_xw_elem(x, "h1", "Contents");
    epub_xw_nl(x);
    toc_walk(b, x, &ops);
    nav_close(x); /* nav */
    nav_landmarks(x);
    nav_close(x); /* body */
    nav_close(x); /* html */
    return epub_xw_finish(x);
}

/*** toc.ncx ***/

static void ncx_nothing(epub_xw *x)
{
    (void)x;
}

static void ncx_open_entry(epub_xw *x, const toc_entry *e, int order)
{
    char href[128], id[32];

    entry_href(href, sizeof href, e);
    snprintf(id, sizeof id, "np-%d", order);
    epub_xw_start(x, "navPoint");
    epub_xw_attr(x, "id", id);
    epub_xw_attr_int(x, "playOrder", order);
    epub_xw_start(x, "navLabel");
    epub_xw_elem(x, "text", e->text);
    epub_xw_end(x);
    epub_xw_start(x, "content");
    epub_xw_attr(x, "src", href);
    epub_xw_end_void(x);
    epub_xw_nl(x);
}

static void ncx_meta(epub_xw *x, const char *name, const char *content)
{
    epub_xw_start(x, "meta");
    epub_xw_attr(x, "name", name);
    epub_xw_attr(x, "content", content);
    epub_xw_end_void(x);
    epub_xw_nl(x);
}

static op_status write_ncx(epub_book *b)
{
    static const toc_ops ops = {ncx_nothing, ncx_nothing, ncx_open_entry, nav_close};
    epub_xw *x = epub_xw_new(&b->ncx);
    char depth[16];

    snprintf(depth, sizeof depth, "%d", toc_depth(b));
    epub_xw_start(x, "ncx");
    epub_xw_attr(x, "xmlns", "http://www.daisy.org/z3986/2005/ncx/");
    epub_xw_attr(x, "version", "2005-1");
    epub_xw_attr(x, "xml:lang", b->lang);
    epub_xw_nl(x);
    epub_xw_start(x, "head");
    epub_xw_nl(x);
    ncx_meta(x, "dtb:uid", b->uuid);
    ncx_meta(x, "dtb:depth", depth);
    ncx_meta(x, "dtb:totalPageCount", "0");
    ncx_meta(x, "dtb:maxPageNumber", "0");
    nav_close(x);
    epub_xw_start(x, "docTitle");
    epub_xw_elem(x, "text", b->title);
    nav_close(x);
    epub_xw_start(x, "navMap");
    epub_xw_nl(x);
    toc_walk(b, x, &ops);
    nav_close(x); /* navMap */
    nav_close(x); /* ncx */
    return epub_xw_finish(x);
}

op_status epub_write_package_docs(epub_book *b)
{
    op_status st;

    OP_TRY(write_container(b));
    OP_TRY(write_opf(b));
    OP_TRY(write_nav(b));
    OP_TRY(write_ncx(b));
out:
    return st;
}
