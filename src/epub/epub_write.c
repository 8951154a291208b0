/* op_epub_write: the EPUB back end's entry point and its libzip adapter (the only file that
 * includes zip.h). Everything is rendered into memory first (XHTML, OPF, nav, NCX, images),
 * then packed in a fixed order: mimetype first and stored, then the rest deflated, each entry
 * with fixed attributes and a fixed timestamp, so the same document and source date
 * (op_epub_opts.source_date) give a byte-identical file.
 *
 * Time zones: libzip 1.7.3 keeps entry times as time_t and converts them with localtime(), so
 * the DOS date/time bytes would depend on TZ (and a wall-clock time inside a local DST gap
 * cannot be expressed at all). We do not touch TZ (no setenv/tzset, no global state): after
 * zip_close we patch the date/time fields of every local and central header in the file with
 * the UTC value we computed (the CRCs cover data only, so this is safe). zip_file_set_dostime
 * is still set, so the values are already right except in those corner cases.
 */
#include "epub/epub_int.h"
#include "font/font_set.h"
#include "style/style.h"
#include "xml/xml_init.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#define CSS_MAX_BYTES ((size_t)4 * 1024 * 1024)

/*** Book state ***/

/* The document's language as a valid BCP 47 tag into out, or "" when it has none. */
static void doc_lang(const op_doc *doc, char *out, size_t outsz)
{
    op_lang_tag(op_doc_get_meta(doc, OP_META_LANG), out, outsz);
}

static void init_article(epub_book *b, size_t i, const op_doc *doc)
{
    epub_article *a = &b->arts[i];

    a->doc = doc;
    a->title = epub_clean_dup(op_doc_get_meta(doc, OP_META_TITLE), 1);
    if (!a->title || !*a->title) {
        op_free(a->title);
        a->title = op_strdup("Untitled");
    }
    doc_lang(doc, a->lang, sizeof a->lang);
    if (b->single) {
        strcpy(a->href, "text/article.xhtml");
        strcpy(a->id, "article");
    } else {
        snprintf(a->href, sizeof a->href, "text/article-%03zu.xhtml", i + 1);
        snprintf(a->id, sizeof a->id, "article-%03zu", i + 1);
    }
    op_buf_init(&a->xhtml, 0);
}

/* The book's title: opts->title, else the only article's, else "<first> and N more". */
static void init_title(epub_book *b)
{
    const char *t = b->opts->title;

    b->title = t ? epub_clean_dup(t, 1) : NULL;
    if (b->title && *b->title)
        return;
    op_free(b->title);
    if (b->narts == 1) {
        b->title = op_strdup(b->arts[0].title);
        return;
    }
    op_buf buf;
    op_buf_init(&buf, 0);
    if (op_buf_printf(&buf, epub_label_text(b->lang, EPUB_L_MORE), b->arts[0].title,
                      (int)b->narts - 1) != OP_OK)
        op_buf_adds(&buf, b->arts[0].title);
    b->title = op_buf_detach(&buf, NULL);
}

void epub_book_init(epub_book *b, const op_doc *const *docs, size_t ndocs, const char *path,
                    const op_epub_opts *opts)
{
    memset(b, 0, sizeof *b);
    b->opts = opts;
    b->path = path;
    b->shown = opts->diag && opts->diag->file ? opts->diag->file : path;
    b->diag = opts->diag;
    b->mtime = -1;
    b->cover = b->first_figure = -1;
    b->set.max_px = opts->max_image_px == 0  ? OP_EPUB_DEFAULT_IMAGE_PX
                    : opts->max_image_px < 0 ? 0
                                             : opts->max_image_px;
    b->set.quality = 85;
    b->narts = ndocs;
    b->single = ndocs == 1 && !opts->book;
    b->arts = op_calloc(ndocs, sizeof *b->arts);
    for (size_t i = 0; i < ndocs; i++)
        init_article(b, i, docs[i]);
    strcpy(b->lang, "en");
    for (size_t i = 0; i < ndocs; i++) {
        if (b->arts[i].lang[0]) {
            strcpy(b->lang, b->arts[i].lang);
            break;
        }
    }
    for (size_t i = 0; i < ndocs; i++) {
        if (!b->arts[i].lang[0])
            strcpy(b->arts[i].lang, b->lang);
    }
    b->rtl = epub_lang_rtl(b->lang);
    init_title(b);
    op_buf_init(&b->css, CSS_MAX_BYTES);
    op_buf_init(&b->cover_xhtml, 0);
    op_buf_init(&b->opf, 0);
    op_buf_init(&b->nav, 0);
    op_buf_init(&b->ncx, 0);
    op_buf_init(&b->container, 0);
    op_buf_init(&b->font_css, 0);
}

void epub_book_reset(epub_book *b)
{
    for (size_t i = 0; i < b->nimages; i++) {
        op_free(b->images[i].name);
        op_free(b->images[i].data);
    }
    for (size_t i = 0; i < b->nsrcs; i++) {
        op_free(b->srcs[i].url);
        op_free(b->srcs[i].base);
    }
    for (size_t i = 0; i < b->nheads; i++) {
        op_free(b->heads[i].id);
        op_free(b->heads[i].slug);
        op_free(b->heads[i].text);
    }
    for (size_t i = 0; i < b->nfonts; i++) {
        op_free(b->fonts[i].name);
        op_free(b->fonts[i].data);
    }
    b->nimages = b->nsrcs = b->nheads = b->nfonts = 0;
    for (size_t i = 0; i < b->narts; i++) {
        op_buf_reset(&b->arts[i].xhtml);
        b->arts[i].first_head = b->arts[i].nheads = 0;
    }
    b->cover = b->first_figure = -1;
    op_buf_reset(&b->cover_xhtml);
    op_buf_reset(&b->opf);
    op_buf_reset(&b->nav);
    op_buf_reset(&b->ncx);
    op_buf_reset(&b->container);
    op_buf_reset(&b->font_css);
}

/* Gives up the font set: frees it when this call loaded it, else hands it back to its
 * owner with no sink of this job left in it. */
static void drop_fonts(epub_book *b)
{
    if (b->fontset && b->own_fontset)
        font_set_free(b->fontset);
    else if (b->fontset) {
        font_set_set_diag(b->fontset, NULL);
        font_set_set_lang(b->fontset, NULL);
    }
    b->fontset = NULL;
}

void epub_book_free(epub_book *b)
{
    epub_book_reset(b);
    for (size_t i = 0; i < b->narts; i++) {
        op_free(b->arts[i].title);
        op_buf_free(&b->arts[i].xhtml);
    }
    op_free(b->arts);
    op_free(b->images);
    op_free(b->srcs);
    op_free(b->heads);
    op_free(b->title);
    op_free(b->css_name);
    op_buf_free(&b->css);
    op_buf_free(&b->cover_xhtml);
    op_buf_free(&b->opf);
    op_buf_free(&b->nav);
    op_buf_free(&b->ncx);
    op_buf_free(&b->container);
    op_buf_free(&b->zip);
    op_free(b->fonts);
    op_buf_free(&b->font_css);
    drop_fonts(b);
    op_style_free(b->font_style);
}

/*** Inputs: stylesheet, time ***/

static op_status load_stylesheet(epub_book *b, const op_epub_opts *opts)
{
    char *found = NULL, *data = NULL;
    const char *css = opts->stylesheet;
    size_t len = 0;
    op_status st;

    if (opts->theme) { /* parsed already: its text, under its name */
        const char *name = style_name(opts->theme);
        const char *text = style_text(opts->theme, &len);
        css = name ? name : "stylesheet";
        data = op_malloc(len + 1);
        memcpy(data, text, len + 1);
    } else if (!css) {
        css = found = op_data_find(opts->data_dir, "styles/default.css");
    }
    if (!css) {
        op_diag_report(b->diag, OP_SEV_ERROR, b->shown, 0,
                       "stylesheet styles/default.css not found (looked in %s, $OP_DATA_DIR, the "
                       "source tree and the install prefix)",
                       opts->data_dir ? opts->data_dir : "no --data-dir");
        return OP_ERR_SETUP;
    }
    b->css_name = op_strdup(css);
    st = data ? OP_OK : op_file_read(css, CSS_MAX_BYTES, &data, &len);
    op_buf clean;
    op_buf_init(&clean, 0);
    if (st == OP_OK)
        st = epub_clean_text(&clean, data, len);
    if (st == OP_OK) /* the PDF's running header and footer: not for the EPUB */
        st = epub_css_strip_margin_boxes(&b->css, clean.data ? clean.data : "", clean.len);
    op_buf_free(&clean);
    /* --no-justify / --no-hyphenate win over the theme, as they do in the PDF */
    if (st == OP_OK && opts->no_justify)
        st = op_buf_adds(&b->css, "\n/* offprint --no-justify */\n"
                                  "p, li, dd, blockquote { text-align: left !important; }\n");
    if (st == OP_OK && opts->no_hyphenate)
        st = op_buf_adds(&b->css, "\n/* offprint --no-hyphenate */\n"
                                  "* { -epub-hyphens: manual !important; "
                                  "hyphens: manual !important; }\n");
    if (st != OP_OK)
        op_diag_report(b->diag, OP_SEV_ERROR, b->shown, 0, "cannot read stylesheet %s: %s", css,
                       op_status_str(st));
    op_free(data);
    op_free(found);
    return st == OP_OK ? OP_OK : OP_ERR_SETUP;
}

/* --embed-fonts: the font set of fonts/fonts.conf and the theme's cascade (warnings about
 * the theme are the PDF's business: none here). */
static op_status load_fonts(epub_book *b, const op_epub_opts *opts)
{
    op_status st;

    if (!opts->embed_fonts)
        return OP_OK;
    b->own_fontset = !opts->fonts;
    b->fontset = opts->fonts;
    st = b->fontset ? OP_OK : font_set_load(opts->data_dir, b->diag, &b->fontset);
    if (st == OP_OK) { /* the book's language picks its CJK fonts */
        font_set_set_diag(b->fontset, b->diag);
        font_set_set_lang(b->fontset, b->lang);
    }
    if (st == OP_OK)
        st = op_style_parse(b->css.data ? b->css.data : "", b->css.len, b->css_name, NULL,
                            &b->font_style);
    if (st != OP_OK)
        op_diag_report(b->diag, OP_SEV_ERROR, b->shown, 0, "--embed-fonts: %s",
                       st == OP_ERR_LIMIT ? "the stylesheet is too large to read its fonts"
                                          : "the fonts of fonts/fonts.conf cannot be used");
    return st;
}

/* The book's time, so that the same input gives the same bytes: SOURCE_DATE_EPOCH (the
 * caller's source_date), else the latest article date (each article's modified date, else
 * its published one), else the caller's fallback (the input file's time), else now. */
static void set_times(epub_book *b, const op_epub_opts *o)
{
    b->mtime = o->source_date_set && o->source_date >= 0 ? o->source_date : -1;
    for (size_t i = 0; i < b->narts && !(o->source_date_set && o->source_date >= 0); i++) {
        const op_doc *d = b->arts[i].doc;
        const char *v = op_doc_get_meta(d, OP_META_MODIFIED);
        char iso[40];
        int64_t t;
        if (!v || !epub_date_normalize(v, iso, sizeof iso))
            v = op_doc_get_meta(d, OP_META_PUBLISHED);
        if (v && epub_date_normalize(v, iso, sizeof iso) && op_date_unix(iso, strlen(iso), &t) &&
            t > b->mtime)
            b->mtime = t;
    }
    if (b->mtime < 0 && o->fallback_date > 0)
        b->mtime = o->fallback_date;
    epub_format_utc(b->mtime >= 0 ? b->mtime : (int64_t)time(NULL), b->modified,
                    sizeof b->modified);
}

/* DOS date/time of the entries: the source date in UTC, else 1980-01-01 00:00:00. */
static void dos_time(const epub_book *b, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
    int f[6] = {1980, 1, 1, 0, 0, 0};

    if (b->mtime >= 0)
        epub_utc_fields(b->mtime, f);
    if (f[0] < 1980) {
        int def[6] = {1980, 1, 1, 0, 0, 0};
        memcpy(f, def, sizeof f);
    } else if (f[0] > 2107) {
        int max[6] = {2107, 12, 31, 23, 59, 58};
        memcpy(f, max, sizeof f);
    }
    *dtime = (zip_uint16_t)((f[3] << 11) | (f[4] << 5) | (f[5] / 2));
    *ddate = (zip_uint16_t)(((f[0] - 1980) << 9) | (f[1] << 5) | f[2]);
}

/*** Zip packaging ***/

typedef struct zip_job {
    zip_t *z;
    epub_book *b;
    zip_uint16_t dtime, ddate;
    op_buf css; /* style.css with @font-face rules: alive until zip_close */
} zip_job;

static op_status zip_fail(zip_job *j, const char *what, const char *name)
{
    op_diag_report(j->b->diag, OP_SEV_ERROR, j->b->shown, 0, "cannot write EPUB: %s %s: %s", what,
                   name, zip_strerror(j->z));
    return OP_ERR_EPUB;
}

/* The data must stay alive until zip_close (zip_source_buffer with freep = 0). */
static op_status add_entry(zip_job *j, const char *name, const void *data, size_t len, int store)
{
    zip_source_t *src = zip_source_buffer(j->z, data, len, 0);
    zip_int64_t idx;

    if (!src)
        return zip_fail(j, "buffer for", name);
    idx = zip_file_add(j->z, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (idx < 0) {
        zip_source_free(src);
        return zip_fail(j, "adding", name);
    }
    if (zip_set_file_compression(j->z, (zip_uint64_t)idx, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                 store ? 0 : 9) < 0)
        return zip_fail(j, "compression of", name);
    if (zip_file_set_dostime(j->z, (zip_uint64_t)idx, j->dtime, j->ddate, 0) < 0)
        return zip_fail(j, "time of", name);
    if (zip_file_set_external_attributes(j->z, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX,
                                         (zip_uint32_t)0100644 << 16) < 0)
        return zip_fail(j, "attributes of", name);
    return OP_OK;
}

static op_status add_all(zip_job *j)
{
    static const char mimetype[] = "application/epub+zip";
    static const char apple_options[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<display_options>\n"
        "<platform name=\"*\">\n<option name=\"specified-fonts\">true</option>\n</platform>\n"
        "</display_options>\n";
    epub_book *b = j->b;
    char name[96];
    op_status st;

    OP_TRY(add_entry(j, "mimetype", mimetype, sizeof mimetype - 1, 1));
    OP_TRY(add_entry(j, "META-INF/container.xml", b->container.data, b->container.len, 0));
    if (b->nfonts && b->opts->profile == OP_EPUB_APPLE) /* Apple Books: use the book's fonts */
        OP_TRY(add_entry(j, "META-INF/com.apple.ibooks.display-options.xml", apple_options,
                         sizeof apple_options - 1, 0));
    OP_TRY(add_entry(j, "OEBPS/content.opf", b->opf.data, b->opf.len, 0));
    OP_TRY(add_entry(j, "OEBPS/nav.xhtml", b->nav.data, b->nav.len, 0));
    OP_TRY(add_entry(j, "OEBPS/toc.ncx", b->ncx.data, b->ncx.len, 0));
    if (b->font_css.len) { /* the theme, then the @font-face rules of --embed-fonts */
        OP_TRY(op_buf_add(&j->css, b->css.data ? b->css.data : "", b->css.len));
        OP_TRY(op_buf_add(&j->css, b->font_css.data, b->font_css.len));
        OP_TRY(add_entry(j, "OEBPS/style.css", j->css.data, j->css.len, 0));
    } else {
        OP_TRY(add_entry(j, "OEBPS/style.css", b->css.data ? b->css.data : "", b->css.len, 0));
    }
    if (b->cover_xhtml.len)
        OP_TRY(add_entry(j, "OEBPS/" EPUB_COVER_HREF, b->cover_xhtml.data, b->cover_xhtml.len, 0));
    for (size_t i = 0; i < b->narts; i++) {
        const epub_article *a = &b->arts[i];
        snprintf(name, sizeof name, "OEBPS/%s", a->href);
        OP_TRY(add_entry(j, name, a->xhtml.data, a->xhtml.len, 0));
    }
    for (size_t i = 0; i < b->nimages; i++) {
        const epub_image *im = &b->images[i];
        int store = strcmp(im->media_type, "image/svg+xml") != 0; /* already compressed */
        snprintf(name, sizeof name, "OEBPS/images/%s", im->name);
        OP_TRY(add_entry(j, name, im->data, im->len, store));
    }
    for (size_t i = 0; i < b->nfonts; i++) {
        snprintf(name, sizeof name, "OEBPS/fonts/%s", b->fonts[i].name);
        OP_TRY(add_entry(j, name, b->fonts[i].data, b->fonts[i].len, 0));
    }
out:
    return st;
}

static uint32_t rd16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t rd32(const unsigned char *p)
{
    return rd16(p) | rd16(p + 2) << 16;
}

static void wr16(unsigned char *p, zip_uint16_t v)
{
    p[0] = (unsigned char)(v & 0xFF);
    p[1] = (unsigned char)(v >> 8);
}

/* Rewrites the DOS time/date of every entry (central + local headers) in the zip bytes.
 * Returns 0 when the structure is not what libzip writes (no comment, no zip64). */
static int patch_times(unsigned char *z, size_t len, zip_uint16_t dtime, zip_uint16_t ddate)
{
    size_t eocd, p, count;

    if (len < 22 || rd32(z + len - 22) != 0x06054b50u)
        return 0;
    eocd = len - 22;
    count = rd16(z + eocd + 10);
    p = rd32(z + eocd + 16);
    for (size_t i = 0; i < count; i++) {
        if (p + 46 > eocd || rd32(z + p) != 0x02014b50u)
            return 0;
        size_t local = rd32(z + p + 42);
        if (local + 30 > len || rd32(z + local) != 0x04034b50u)
            return 0;
        wr16(z + p + 12, dtime);
        wr16(z + p + 14, ddate);
        wr16(z + local + 10, dtime);
        wr16(z + local + 12, ddate);
        p += 46 + (size_t)rd16(z + p + 28) + rd16(z + p + 30) + rd16(z + p + 32);
    }
    return 1;
}

/* Reads the finished archive out of libzip's memory source into b->zip. */
static op_status read_source(epub_book *b, zip_source_t *src)
{
    op_buf_reset(&b->zip);
    if (zip_source_open(src) < 0)
        return OP_ERR_EPUB;
    char chunk[65536];
    zip_int64_t n;
    op_status st = OP_OK;
    while (st == OP_OK && (n = zip_source_read(src, chunk, sizeof chunk)) > 0)
        st = op_buf_add(&b->zip, chunk, (size_t)n);
    if (st == OP_OK && n < 0)
        st = OP_ERR_EPUB;
    zip_source_close(src);
    return st;
}

/* Packs the rendered book into b->zip (in memory: the file is written once it fits). */
static op_status write_zip(epub_book *b)
{
    zip_job j;
    zip_error_t ze;
    op_status st;

    memset(&j, 0, sizeof j);
    j.b = b;
    op_buf_init(&j.css, 0);
    dos_time(b, &j.dtime, &j.ddate);
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (src)
        zip_source_keep(src); /* read it after zip_close */
    j.z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    if (!j.z) {
        op_diag_report(b->diag, OP_SEV_ERROR, b->shown, 0, "cannot create EPUB: %s",
                       zip_error_strerror(&ze));
        zip_error_fini(&ze);
        zip_source_free(src);
        zip_source_free(src);
        return OP_ERR_EPUB;
    }
    zip_error_fini(&ze);
    st = add_all(&j);
    if (st == OP_OK && zip_close(j.z) < 0) {
        op_diag_report(b->diag, OP_SEV_ERROR, b->shown, 0, "cannot write EPUB: %s",
                       zip_strerror(j.z));
        st = OP_ERR_EPUB;
    }
    if (st != OP_OK)
        zip_discard(j.z);
    op_buf_free(&j.css);
    if (st == OP_OK)
        st = read_source(b, src);
    zip_source_free(src);
    if (st == OP_OK && !patch_times((unsigned char *)b->zip.data, b->zip.len, j.dtime, j.ddate))
        st = OP_ERR_EPUB;
    if (st)
        op_diag_report(b->diag, OP_SEV_ERROR, b->shown, 0, "cannot pack the EPUB: %s",
                       op_status_str(st));
    return st;
}

/* Writes the packed book to b->path. */
static op_status save_file(epub_book *b)
{
    FILE *f = fopen(b->path, "wb");
    int ok = f && fwrite(b->zip.data, 1, b->zip.len, f) == b->zip.len;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok) {
        op_diag_report(b->diag, OP_SEV_ERROR, b->shown, 0, "cannot write EPUB: %s",
                       f ? "write failed" : "cannot create the file");
        return OP_ERR_IO;
    }
    return OP_OK;
}

/*** Entry point ***/

static op_status render_all(epub_book *b)
{
    op_status st = OP_OK;

    for (b->cur = 0; b->cur < b->narts; b->cur++)
        OP_TRY(epub_collect_headings(b));
    for (b->cur = 0; b->cur < b->narts && st == OP_OK; b->cur++)
        st = epub_render_xhtml(b);
    b->cur = 0;
    if (st) {
        op_diag_report(b->diag, OP_SEV_ERROR, b->shown, 0, "cannot render the XHTML: %s",
                       op_status_str(st));
        goto out;
    }
    epub_image_cover(b);
    st = epub_render_cover(b);
    if (st == OP_OK)
        st = epub_write_nav(b);
    if (st == OP_OK)
        st = epub_fonts_embed(b);
    if (st == OP_OK) {
        epub_make_uuid(b);
        st = epub_write_package_docs(b);
    }
    if (st)
        op_diag_report(b->diag, OP_SEV_ERROR, b->shown, 0, "cannot write the package documents: %s",
                       op_status_str(st));
out:
    return st;
}

/* Next, smaller image settings for the --max-size loop: half the long side (starting from
 * the largest image when there was no cap), JPEG quality 10 lower (not under 40). Returns 0
 * when images cannot usefully get smaller. */
static int shrink_settings(epub_book *b)
{
    int longest = 0;

    for (size_t i = 0; i < b->nimages; i++) {
        const epub_image *im = &b->images[i];
        int l = im->w > im->h ? im->w : im->h;
        if (l > longest)
            longest = l;
    }
    if (longest == 0)
        return 0; /* no raster image: nothing to shrink */
    if (b->set.max_px == 0 || b->set.max_px > longest)
        b->set.max_px = longest;
    b->set.max_px /= 2;
    b->set.quality = b->set.quality > 50 ? b->set.quality - 10 : 40;
    return b->set.max_px >= EPUB_MIN_SHRINK_PX;
}

/* Renders and writes the book, shrinking images until it fits opts->max_size. */
static op_status write_fitting(epub_book *b)
{
    size_t cap = b->opts->max_size;
    const epub_settings start = b->set;
    int64_t first = -1, size = -1;
    char s1[32], s2[32], s3[32];
    op_status st;

    for (;;) {
        OP_TRY(render_all(b));
        OP_TRY(write_zip(b));
        size = (int64_t)b->zip.len;
        if (cap == 0 || (size >= 0 && (uint64_t)size <= cap))
            break;
        if (first < 0)
            first = size;
        epub_settings last = b->set;
        int smaller = shrink_settings(b);
        if (!smaller && b->fontset) {
            /* --embed-fonts: the fonts go before the book fails; images start over */
            op_diag_report(b->diag, OP_SEV_WARNING, b->shown, 0,
                           "the book is %s with the embedded fonts, over the %s cap "
                           "(--max-size) even with images at their smallest: fonts left out",
                           op_size_str((size_t)size, s1, sizeof s1),
                           op_size_str(cap, s2, sizeof s2));
            drop_fonts(b);
            b->set = start;
            first = -1;
            epub_book_reset(b);
            continue;
        }
        if (!smaller) {
            if (last.max_px > 0)
                snprintf(s3, sizeof s3, "%d px", last.max_px);
            else
                snprintf(s3, sizeof s3, "full size");
            op_diag_report(b->diag, OP_SEV_ERROR, b->shown, 0,
                           "the book is %s, over the %s cap (--max-size), even with images at "
                           "%s and JPEG quality %d",
                           op_size_str((size_t)size, s1, sizeof s1),
                           op_size_str(cap, s2, sizeof s2), s3, last.quality);
            st = OP_ERR_LIMIT;
            goto out;
        }
        epub_book_reset(b);
    }
    if (first >= 0)
        op_diag_report(b->diag, OP_SEV_WARNING, b->shown, 0,
                       "the book was %s, over the %s cap (--max-size): images downscaled to %d px "
                       "on the long side, JPEG quality %d (now %s)",
                       op_size_str((size_t)first, s1, sizeof s1), op_size_str(cap, s2, sizeof s2),
                       b->set.max_px, b->set.quality, op_size_str((size_t)size, s3, sizeof s3));
out:
    return st;
}

int op_epub_profile_from_name(const char *name)
{
    static const char *const names[] = {"generic", "kindle", "kobo", "apple"};
    for (int i = 0; name && i < 4; i++) {
        if (strcasecmp(name, names[i]) == 0)
            return i;
    }
    return -1;
}

/* Renders the book; writes it to `path`, or hands it over in *data when data is not NULL. */
static op_status write_book(const op_doc *const *docs, size_t ndocs, const char *path,
                            const op_epub_opts *opts, char **data, size_t *len)
{
    static const op_epub_opts defaults;
    op_epub_opts o;
    epub_book b;
    op_status st;
    int existed;

    xml_init_once();
    if (!opts)
        opts = &defaults;
    if (!docs || ndocs == 0 || (!data && (!path || !*path))) {
        op_diag_report(opts->diag, OP_SEV_ERROR, path, 0, "op_epub_write: no %s",
                       docs && ndocs ? "output path" : "document");
        return OP_ERR_USAGE;
    }
    for (size_t i = 0; i < ndocs; i++) {
        if (!docs[i]) {
            op_diag_report(opts->diag, OP_SEV_ERROR, path, 0, "op_epub_write: document %zu is NULL",
                           i + 1);
            return OP_ERR_USAGE;
        }
    }
    existed = path && access(path, F_OK) == 0;
    o = *opts;
    epub_profile_defaults(&o);
    epub_book_init(&b, docs, ndocs, path, &o);
    set_times(&b, &o);
    OP_TRY(load_stylesheet(&b, &o));
    OP_TRY(load_fonts(&b, &o));
    epub_profile_check(&b);
    OP_TRY(write_fitting(&b));
    if (data)
        *data = op_buf_detach(&b.zip, len);
    else
        st = save_file(&b);
out:
    if (st != OP_OK && path && unlink(path) == 0 &&
        existed) /* never leave an old or partial file */
        op_diag_report(opts->diag, OP_SEV_NOTE, path, 0, "removed the previous output file");
    epub_book_free(&b);
    return st;
}

op_status op_epub_write_book(const op_doc *const *docs, size_t ndocs, const char *path,
                             const op_epub_opts *opts)
{
    return write_book(docs, ndocs, path, opts, NULL, NULL);
}

op_status op_epub_write_book_mem(const op_doc *const *docs, size_t ndocs, const op_epub_opts *opts,
                                 char **data, size_t *len)
{
    if (!data || !len)
        return OP_ERR_USAGE;
    *data = NULL;
    *len = 0;
    return write_book(docs, ndocs, NULL, opts, data, len);
}

op_status op_epub_write(const op_doc *doc, const char *path, const op_epub_opts *opts)
{
    return op_epub_write_book(&doc, 1, path, opts);
}

/*** Read-back, for tests ***/

op_status epub_read_entry(const char *zip_path, const char *name, char **data, size_t *len,
                          epub_entry_info *info)
{
    int err = 0;
    zip_t *z = zip_open(zip_path, ZIP_RDONLY, &err);
    zip_stat_t sb;
    zip_file_t *f = NULL;
    zip_int64_t idx, got = -1;
    op_status st = OP_ERR_EPUB;

    *data = NULL;
    if (!z)
        return OP_ERR_IO;
    idx = zip_name_locate(z, name, 0);
    if (idx >= 0 && zip_stat_index(z, (zip_uint64_t)idx, 0, &sb) == 0 &&
        (f = zip_fopen_index(z, (zip_uint64_t)idx, 0)) != NULL) {
        *data = op_malloc(sb.size + 1);
        got = zip_fread(f, *data, sb.size);
        zip_fclose(f);
    }
    if (got >= 0 && (zip_uint64_t)got == sb.size) {
        (*data)[got] = '\0';
        if (len)
            *len = (size_t)got;
        if (info) {
            info->index = (long)idx;
            info->stored = sb.comp_method == ZIP_CM_STORE;
        }
        st = OP_OK;
    } else {
        op_free(*data);
        *data = NULL;
    }
    zip_discard(z);
    return st;
}

op_status epub_list_entries(const char *zip_path, char **names)
{
    int err = 0;
    zip_t *z = zip_open(zip_path, ZIP_RDONLY, &err);
    op_buf b;
    op_status st = OP_OK;

    *names = NULL;
    if (!z)
        return OP_ERR_IO;
    op_buf_init(&b, 0);
    op_buf_adds(&b, "");
    for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0) && st == OP_OK; i++) {
        const char *n = zip_get_name(z, (zip_uint64_t)i, 0);
        st = n ? op_buf_printf(&b, "%s\n", n) : OP_ERR_EPUB;
    }
    zip_discard(z);
    if (st == OP_OK)
        *names = op_buf_detach(&b, NULL);
    op_buf_free(&b);
    return st;
}
