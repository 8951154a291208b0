/* Package documents of the EPUB: META-INF/container.xml, OEBPS/content.opf (metadata,
 * manifest, spine), OEBPS/nav.xhtml (EPUB 3 toc + landmarks; written first, as the fonts
 * embedded with --embed-fonts cover its text) and OEBPS/toc.ncx (EPUB 2 readers). The toc nests
 * headings by level; skipped levels (h1 -> h3) nest one step only, so every list item holds at most
 * one nested list and the structure is always valid. */
#include "epub/epub_int.h"

#include <stdio.h>
#include <string.h>

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

/* One dc element per distinct value of meta field f across the articles. */
static void dc_each(epub_book *b, epub_xw *x, const char *name, op_meta_field f)
{
    for (size_t i = 0; i < b->narts; i++) {
        const char *v = op_doc_get_meta(b->arts[i].doc, f);
        int seen = 0;
        for (size_t k = 0; k < i && v && !seen; k++) {
            const char *w = op_doc_get_meta(b->arts[k].doc, f);
            seen = w && strcmp(v, w) == 0;
        }
        if (!seen)
            dc_elem(x, name, v);
    }
}

/* One dc:creator per author, each name once across the articles ("A, B and C" is three). */
static void dc_creators(epub_book *b, epub_xw *x)
{
    char **seen = NULL;
    size_t nseen = 0;
    for (size_t i = 0; i < b->narts; i++) {
        char *names[16];
        size_t n = epub_split_names(op_doc_get_meta(b->arts[i].doc, OP_META_AUTHOR), names, 16);
        for (size_t k = 0; k < n; k++) {
            int dup = 0;
            for (size_t j = 0; j < nseen && !dup; j++)
                dup = strcmp(seen[j], names[k]) == 0;
            if (dup) {
                op_free(names[k]);
                continue;
            }
            dc_elem(x, "dc:creator", names[k]);
            seen = op_realloc(seen, (nseen + 1) * sizeof *seen);
            seen[nseen++] = names[k];
        }
    }
    for (size_t j = 0; j < nseen; j++)
        op_free(seen[j]);
    op_free(seen);
}

/* dc:date: the article's, or the latest of a bundle's (W3CDTF strings compare in time
 * order at equal precision, and a longer one is the more precise). */
static void write_date(epub_book *b, epub_xw *x)
{
    char best[40] = "", date[40];

    for (size_t i = 0; i < b->narts; i++) {
        if (epub_date_normalize(op_doc_get_meta(b->arts[i].doc, OP_META_PUBLISHED), date,
                                sizeof date) &&
            strcmp(date, best) > 0)
            strcpy(best, date);
    }
    dc_elem(x, "dc:date", best);
}

static void write_metadata(epub_book *b, epub_xw *x)
{
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
    dc_creators(b, x);
    dc_each(b, x, "dc:publisher", OP_META_SITE_NAME);
    dc_each(b, x, "dc:source", OP_META_SOURCE_URL);
    write_date(b, x);
    if (b->single)
        dc_elem(x, "dc:description", op_doc_get_meta(b->arts[0].doc, OP_META_DESCRIPTION));
    epub_xw_start(x, "meta");
    epub_xw_attr(x, "property", "dcterms:modified");
    epub_xw_texts(x, b->modified);
    epub_xw_end(x);
    epub_xw_nl(x);
    if (b->cover >= 0) {
        epub_xw_start(x, "meta"); /* EPUB 2 readers (and Kindle) find the cover this way */
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
    manifest_item(x, "cover", EPUB_COVER_HREF, "application/xhtml+xml", NULL);
    for (size_t i = 0; i < b->narts; i++)
        manifest_item(x, b->arts[i].id, b->arts[i].href, "application/xhtml+xml", NULL);
    for (size_t i = 0; i < b->nimages; i++) {
        const epub_image *im = &b->images[i];
        snprintf(id, sizeof id, "img-%03zu", i + 1);
        snprintf(href, sizeof href, "images/%s", im->name);
        manifest_item(x, im->cover ? "cover-image" : id, href, im->media_type,
                      im->cover ? "cover-image" : NULL);
    }
    for (size_t i = 0; i < b->nfonts; i++) {
        snprintf(id, sizeof id, "font-%02zu", i + 1);
        snprintf(href, sizeof href, "fonts/%s", b->fonts[i].name);
        manifest_item(x, id, href, EPUB_FONT_TYPE, NULL);
    }
    epub_xw_end(x);
    epub_xw_nl(x);
}

static void spine_item(epub_xw *x, const char *idref, const char *linear)
{
    epub_xw_start(x, "itemref");
    epub_xw_attr(x, "idref", idref);
    if (linear)
        epub_xw_attr(x, "linear", linear);
    epub_xw_end_void(x);
    epub_xw_nl(x);
}

static void guide_ref(epub_xw *x, const char *type, const char *title, const char *href)
{
    epub_xw_start(x, "reference");
    epub_xw_attr(x, "type", type);
    epub_xw_attr(x, "title", title);
    epub_xw_attr(x, "href", href);
    epub_xw_end_void(x);
    epub_xw_nl(x);
}

/* EPUB 2 guide (Kindle and older readers): cover or title page, table of contents, start of
 * the text. A generated title page is labelled with the book title. */
static void write_guide(epub_book *b, epub_xw *x)
{
    epub_xw_start(x, "guide");
    epub_xw_nl(x);
    if (b->cover >= 0)
        guide_ref(x, "cover", epub_label_text(b->lang, EPUB_L_COVER), EPUB_COVER_HREF);
    else
        guide_ref(x, "title-page", b->title, EPUB_COVER_HREF);
    guide_ref(x, "toc", epub_label_text(b->lang, EPUB_L_TOC), "nav.xhtml#toc");
    guide_ref(x, "text", epub_label_text(b->lang, EPUB_L_START), b->arts[0].href);
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
    if (b->rtl)
        epub_xw_attr(x, "page-progression-direction", "rtl");
    epub_xw_nl(x);
    spine_item(x, "cover", NULL);
    spine_item(x, "nav", "no");
    for (size_t i = 0; i < b->narts; i++)
        spine_item(x, b->arts[i].id, NULL);
    epub_xw_end(x);
    epub_xw_nl(x);
    write_guide(b, x);
    epub_xw_end(x);
    epub_xw_nl(x);
    return epub_xw_finish(x);
}

/*** Table of contents walk, shared by nav.xhtml and toc.ncx ***/

typedef struct toc_entry {
    const char *text;
    const char *href; /* the article's file */
    const char *id;   /* NULL: the article itself */
    int depth;
} toc_entry;

typedef struct toc_ops {
    void (*open_list)(epub_xw *x);
    void (*close_list)(epub_xw *x);
    void (*open_entry)(epub_xw *x, const toc_entry *e, int order);
    void (*close_entry)(epub_xw *x);
} toc_ops;

/* Appends article a's headings at depths from `base`: a heading nests under the nearest
 * earlier heading of a smaller level. Headings without text are left out (a nav label must
 * not be empty), and so is anything at depth `limit` or deeper (limit 0: no limit). */
static void toc_headings(const epub_book *b, const epub_article *a, int base, int limit,
                         toc_entry *e, size_t *n)
{
    int stack[7], sp = 0;

    for (size_t i = a->first_head; i < a->first_head + a->nheads; i++) {
        const epub_heading *h = &b->heads[i];
        if (!*h->text)
            continue;
        while (sp > 0 && stack[sp - 1] >= h->level)
            sp--;
        stack[sp++] = h->level;
        if (limit > 0 && base + sp - 1 >= limit)
            continue;
        e[*n].text = h->text;
        e[*n].href = a->href;
        e[*n].id = h->id;
        e[*n].depth = base + sp - 1;
        (*n)++;
    }
}

/* The entries in order with their depths (0 = top). One article: its headings at the top
 * (else its title, pointing at the title page when that carries the title block); a bundle:
 * each article's title, its headings one below. */
static toc_entry *toc_entries(const epub_book *b, size_t *count, int *maxdepth)
{
    toc_entry *e = op_calloc(b->nheads + b->narts, sizeof *e);
    int limit = b->opts->toc_depth;
    size_t n = 0;

    for (size_t i = 0; i < b->narts; i++) {
        const epub_article *a = &b->arts[i];
        if (!b->single) {
            e[n].text = a->title;
            e[n].href = a->href;
            e[n++].depth = 0;
        }
        toc_headings(b, a, !b->single, limit, e, &n);
    }
    if (n == 0) {
        e[0].text = b->arts[0].title;
        e[0].href = epub_title_page_holds_title(b) ? EPUB_COVER_HREF : b->arts[0].href;
        n = 1;
    }
    *maxdepth = 1;
    for (size_t i = 0; i < n; i++) {
        if (e[i].depth + 1 > *maxdepth)
            *maxdepth = e[i].depth + 1;
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
        snprintf(out, outsz, "%s#%s", e->href, e->id);
    else
        snprintf(out, outsz, "%s", e->href);
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

static void landmark(epub_xw *x, const char *type, const char *href, const char *label)
{
    epub_xw_start(x, "li");
    epub_xw_start(x, "a");
    epub_xw_attr(x, "epub:type", type);
    epub_xw_attr(x, "href", href);
    epub_xw_texts(x, label);
    epub_xw_end(x);
    nav_close(x);
}

static void nav_landmarks(epub_book *b, epub_xw *x)
{
    epub_xw_start(x, "nav");
    epub_xw_attr(x, "epub:type", "landmarks");
    epub_xw_attr(x, "id", "landmarks");
    epub_xw_attr(x, "hidden", "hidden");
    epub_xw_nl(x);
    epub_xw_elem(x, "h2", epub_label_text(b->lang, EPUB_L_LANDMARKS));
    epub_xw_nl(x);
    nav_open_list(x);
    if (b->cover >= 0)
        landmark(x, "cover", EPUB_COVER_HREF, epub_label_text(b->lang, EPUB_L_COVER));
    else
        landmark(x, "titlepage", EPUB_COVER_HREF, b->title);
    landmark(x, "toc", "nav.xhtml#toc", epub_label_text(b->lang, EPUB_L_TOC));
    landmark(x, "bodymatter", b->arts[0].href, epub_label_text(b->lang, EPUB_L_START));
    nav_close(x);
    nav_close(x);
}

static void nav_head(epub_book *b, epub_xw *x)
{
    epub_xw_xhtml_open(x, b->lang, b->title, "style.css");
    nav_close(x);
}

op_status epub_write_nav(epub_book *b)
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
    epub_xw_elem(x, "h1", epub_label_text(b->lang, EPUB_L_CONTENTS));
    epub_xw_nl(x);
    toc_walk(b, x, &ops);
    nav_close(x); /* nav */
    nav_landmarks(b, x);
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
    OP_TRY(write_ncx(b));
out:
    return st;
}
