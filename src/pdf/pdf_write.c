/* op_pdf_write: one libharu session per call. Takes the font set, dictionaries and theme
 * the caller lends (or loads its own), lays the model out (layout_document, which asks this
 * writer for image sizes), draws every page, adds the outline and document info, applies the
 * libharu fix-ups and saves. libharu errors go to a handler that only records them; every
 * handled error is reset. */
#include "pdf/pdf_write.h"
#include "layout/hyph.h"
#include "style/style.h"

#include <hpdf_doc.h>
#include <hpdf_utils.h>

#include <string.h>
#include <strings.h>

/*** libharu's byte loops ***/

/* libharu 2.3.0 copies and clears memory one byte at a time (HPDF_MemCpy, HPDF_MemSet), in
 * its memory streams and in HPDF_GetFont's 64K-entry tables (5 % of a conversion). It calls
 * both through the PLT, so these definitions, with the same results (the end of the written
 * range; overlapping copies still go forward byte by byte), replace them for the library. */
HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
    if (out > in && out < in + n) {
        while (n--)
            *out++ = *in++;
        return out;
    }
    memmove(out, in, n);
    return out + n;
}

void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
    memset(s, c, n);
    return (HPDF_BYTE *)s + n;
}

int op_page_size_from_name(const char *name)
{
    if (!name)
        return -1;
    if (strcasecmp(name, "a4") == 0)
        return OP_PAGE_A4;
    if (strcasecmp(name, "letter") == 0)
        return OP_PAGE_LETTER;
    if (strcasecmp(name, "a5") == 0)
        return OP_PAGE_A5;
    if (strcasecmp(name, "6in") == 0)
        return OP_PAGE_6IN;
    if (strcasecmp(name, "7in") == 0)
        return OP_PAGE_7IN;
    return -1;
}

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *ud)
{
    pdf_writer *w = ud;
    w->err = error_no;
    w->detail = detail_no;
    w->nerr++;
}

op_status pdf_check_pages(pdf_writer *w, const op_pdf_opts *opts, size_t npages)
{
    size_t max = opts->max_pages ? opts->max_pages : OP_PDF_MAX_PAGES_DEFAULT;
    if (npages <= max)
        return OP_OK;
    op_diag_report(w->diag, OP_SEV_ERROR, NULL, 0,
                   "the PDF would have %zu pages, over the page limit of %zu (--max-pages)", npages,
                   max);
    return OP_ERR_LIMIT;
}

void pdf_reset_error(pdf_writer *w)
{
    HPDF_ResetError(w->pdf);
    w->err = 0;
    w->detail = 0;
}

op_status pdf_add_pages(pdf_writer *w, const layout_doc *d, HPDF_Page *pages)
{
    op_status st = OP_OK;
    for (size_t i = 0; i < d->npages && st == OP_OK; i++) {
        HPDF_Page page = HPDF_AddPage(w->pdf);
        if (!page) {
            op_diag_report(w->diag, OP_SEV_ERROR, NULL, 0, "libharu cannot add a page (0x%04X)",
                           (unsigned)w->err);
            return OP_ERR_PDF;
        }
        pages[i] = page;
        HPDF_Page_SetWidth(page, d->page_w);
        HPDF_Page_SetHeight(page, d->page_h);
        st = pdf_draw_page(w, d, i, page);
    }
    return st;
}

void pdf_add_gotos(pdf_writer *w, const layout_doc *d, HPDF_Page *pages, HPDF_Page *all, size_t n)
{
    for (size_t i = 0; i < d->npages; i++) {
        const layout_box *b = d->boxes + d->pages[i].first;
        for (size_t k = 0; k < d->pages[i].count; k++)
            if (b[k].kind == LAYOUT_BOX_GOTO && b[k].face == 1 && b[k].len < n)
                pdf_nav_goto(w, pages[i], &b[k], all[b[k].len]);
    }
}

static op_status draw_pages(pdf_writer *w, const layout_doc *d)
{
    HPDF_Page *pages = op_calloc(d->npages ? d->npages : 1, sizeof *pages);
    op_status st = pdf_add_pages(w, d, pages);
    /* links inside the document, once every page they may point to exists */
    if (st == OP_OK)
        pdf_add_gotos(w, d, pages, pages, d->npages);
    op_free(pages);
    return st;
}

/* The whole file into w->mem: libharu saves into its own memory stream, read out in one go. */
static op_status save_mem(pdf_writer *w)
{
    if (HPDF_SaveToStream(w->pdf) != HPDF_OK) {
        op_diag_report(w->diag, OP_SEV_ERROR, NULL, 0,
                       "libharu failed to save the PDF (libharu error 0x%04X)", (unsigned)w->err);
        return OP_ERR_PDF;
    }
    op_buf_reset(w->mem);
    HPDF_BYTE chunk[65536];
    for (;;) {
        HPDF_UINT32 got = sizeof chunk;
        HPDF_STATUS rs = HPDF_ReadFromStream(w->pdf, chunk, &got);
        if (got > 0 && op_buf_add(w->mem, chunk, got) != OP_OK)
            return OP_ERR_LIMIT;
        if (rs == HPDF_STREAM_EOF)
            break;
        if (rs != HPDF_OK) {
            op_diag_report(w->diag, OP_SEV_ERROR, NULL, 0, "libharu cannot read back the PDF");
            return OP_ERR_PDF;
        }
    }
    if (w->err)
        pdf_reset_error(w); /* reading to the end records HPDF_STREAM_EOF */
    return OP_OK;
}

op_status pdf_save(pdf_writer *w, const char *path)
{
    if (w->has_outline)
        HPDF_SetPageMode(w->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    pdf_nav_info(w);
    pdf_font_fix_composites(w);
    if (w->smask_used && w->pdf->pdf_version < HPDF_VER_14)
        w->pdf->pdf_version = HPDF_VER_14;
    if (w->err)
        pdf_reset_error(w);
    if (w->mem)
        return save_mem(w);
    if (HPDF_SaveToFile(w->pdf, path) == HPDF_OK)
        return OP_OK;
    int io = w->err == HPDF_FILE_OPEN_ERROR || w->err == HPDF_FILE_IO_ERROR;
    op_diag_report(w->diag, OP_SEV_ERROR, path, 0, "%s (libharu error 0x%04X)",
                   io ? "cannot write the PDF file" : "libharu failed to save the PDF",
                   (unsigned)w->err);
    return io ? OP_ERR_IO : OP_ERR_PDF;
}

op_hyph *op_hyph_new(const char *dir)
{
    return layout_hyph_new(dir);
}

void op_hyph_free(op_hyph *h)
{
    layout_hyph_free(h);
}

/* Page width and height in points for a page size; OP_PAGE_DEFAULT gives A4. */
static void size_dims(op_page_size page_size, float *w, float *h)
{
    switch (page_size) {
    case OP_PAGE_LETTER:
        *w = 612.0f;
        *h = 792.0f;
        break;
    case OP_PAGE_A5:
        *w = 419.53f;
        *h = 595.28f;
        break;
    case OP_PAGE_6IN: /* a 6-inch 3:4 e-reader screen: 3.6 x 4.8 in (91 x 122 mm) */
        *w = 259.2f;
        *h = 345.6f;
        break;
    case OP_PAGE_7IN: /* a 7-inch 3:4 screen: 4.2 x 5.6 in (107 x 142 mm) */
        *w = 302.4f;
        *h = 403.2f;
        break;
    default:
        *w = 595.28f;
        *h = 841.89f;
        break;
    }
}

/* --page wins; else the theme's @page size; else A4. */
static void page_dims(const op_pdf_opts *opts, const op_style *theme, float *w, float *h)
{
    size_dims(opts->page_size, w, h);
    if (opts->page_size != OP_PAGE_DEFAULT)
        return;
    style_page pg;
    style_page_get(theme, 10.5f, &pg);
    if (pg.w > 0 && pg.h > 0) {
        *w = pg.w;
        *h = pg.h;
    }
}

void pdf_layout_opts(pdf_writer *w, const op_pdf_opts *opts, const op_style *theme, layout_opts *lo)
{
    *lo = (layout_opts){.metrics = NULL,
                        .style = theme,
                        .image_size = pdf_image_size,
                        .image_ud = w,
                        .diag = w->diag,
                        .hyph = opts->hyph,
                        .lang = w->doc ? op_doc_get_meta(w->doc, OP_META_LANG) : w->info_lang,
                        .no_justify = opts->no_justify,
                        .no_hyphenate = opts->no_hyphenate,
                        .stats = opts->stats,
                        .toc = opts->toc,
                        .toc_depth = opts->toc_depth};
    page_dims(opts, theme, &lo->page_w, &lo->page_h);
    if (!w->gmap)
        w->gmap = layout_gmap_new();
    lo->gmap = w->gmap;
}

static op_status write_doc(pdf_writer *w, const op_doc *const *docs, size_t ndocs, const char *path,
                           const op_pdf_opts *opts)
{
    HPDF_UseUTFEncodings(w->pdf);
    HPDF_SetCurrentEncoder(w->pdf, "UTF-8");
    HPDF_SetCompressionMode(w->pdf, HPDF_COMP_ALL);
    if (w->err) {
        op_diag_report(w->diag, OP_SEV_ERROR, NULL, 0, "libharu setup failed (0x%04X)",
                       (unsigned)w->err);
        return OP_ERR_PDF;
    }
    op_style *own_theme = NULL;
    const op_style *theme = opts->theme;
    op_tick t = op_clock_now();
    op_status st =
        theme ? OP_OK
              : op_style_load_theme(opts->stylesheet, opts->data_dir, opts->diag, &own_theme);
    t = op_timings_add(opts->timings, OP_STAGE_SETUP, t);
    if (st)
        return st;
    if (!theme)
        theme = own_theme;
    if (ndocs > 1 || opts->book) {
        st = pdf_book_write(w, docs, ndocs, path, opts, theme);
        op_style_free(own_theme);
        return st;
    }
    layout_metrics m;
    layout_metrics_init(w->fonts, &m);
    layout_opts lo;
    pdf_layout_opts(w, opts, theme, &lo);
    lo.metrics = &m;
    layout_doc *d = NULL;
    st = layout_document(w->doc, &lo, &d);
    op_timings_add(opts->timings, OP_STAGE_LAYOUT, t);
    if (st == OP_OK)
        st = pdf_check_pages(w, opts, d->npages);
    if (st == OP_OK) {
        pdf_font_collect(w, d);
        st = draw_pages(w, d);
    }
    if (st == OP_OK)
        st = pdf_save(w, path);
    layout_doc_free(d);
    op_style_free(own_theme);
    return st;
}

/* One call, writing to `path` or into `mem` when it is not NULL, with the font set `fonts`
 * (lent or the call's own): its diagnostics go to this job's sink while the call runs, and
 * nowhere after. */
static op_status write_with_fonts(const op_doc *const *docs, size_t ndocs, const char *path,
                                  op_buf *mem, const op_pdf_opts *opts, font_set *fonts)
{
    pdf_writer w;
    memset(&w, 0, sizeof w);
    w.diag = opts->diag;
    w.remote = opts->remote;
    w.remote_ud = opts->remote_ud;
    w.doc = docs[0];
    w.fonts = fonts;
    w.mem = mem;
    w.max_image_px = opts->max_image_pixels;
    font_set_set_diag(fonts, opts->diag);
    font_set_set_lang(fonts, op_doc_get_meta(docs[0], OP_META_LANG));
    w.pdf = HPDF_New(on_error, &w);
    op_status st = OP_ERR_PDF;
    if (w.pdf)
        st = write_doc(&w, docs, ndocs, path, opts);
    else
        op_diag_report(opts->diag, OP_SEV_ERROR, NULL, 0, "libharu: cannot create a document");
    if (w.pdf)
        HPDF_Free(w.pdf);
    pdf_image_free(&w);
    pdf_font_free(&w);
    font_set_set_diag(fonts, NULL);
    font_set_set_lang(fonts, NULL);
    return st;
}

/* Writes to `path`, or into `mem` when it is not NULL, with the font set opts lends or one
 * loaded for this call. */
static op_status write_to(const op_doc *const *docs, size_t ndocs, const char *path, op_buf *mem,
                          const op_pdf_opts *opts)
{
    op_pdf_opts defaults;
    memset(&defaults, 0, sizeof defaults);
    if (!opts)
        opts = &defaults;
    if (!docs || ndocs == 0 || (!path && !mem))
        return OP_ERR_USAGE;
    for (size_t i = 0; i < ndocs; i++)
        if (!docs[i])
            return OP_ERR_USAGE;
    if ((int)opts->page_size < OP_PAGE_DEFAULT || opts->page_size > OP_PAGE_7IN)
        return OP_ERR_USAGE;
    if (opts->fonts)
        return write_with_fonts(docs, ndocs, path, mem, opts, opts->fonts);
    font_set *fonts = NULL;
    op_tick t = op_clock_now();
    op_status st = font_set_load(opts->data_dir, opts->diag, &fonts);
    op_timings_add(opts->timings, OP_STAGE_SETUP, t);
    if (st)
        return st;
    st = write_with_fonts(docs, ndocs, path, mem, opts, fonts);
    font_set_free(fonts);
    return st;
}

op_status op_pdf_write_book_mem(const op_doc *const *docs, size_t ndocs, const op_pdf_opts *opts,
                                char **data, size_t *len)
{
    if (!docs || !data || !len)
        return OP_ERR_USAGE;
    *data = NULL;
    *len = 0;
    op_buf mem;
    op_buf_init(&mem, 0);
    op_status st = write_to(docs, ndocs, NULL, &mem, opts);
    if (st == OP_OK)
        *data = op_buf_detach(&mem, len);
    op_buf_free(&mem);
    return st;
}

op_status op_pdf_write_book(const op_doc *const *docs, size_t ndocs, const char *path,
                            const op_pdf_opts *opts)
{
    return path ? write_to(docs, ndocs, path, NULL, opts) : OP_ERR_USAGE;
}

op_status op_pdf_write_mem(const op_doc *doc, const op_pdf_opts *opts, char **data, size_t *len)
{
    return op_pdf_write_book_mem(&doc, 1, opts, data, len);
}

op_status op_pdf_write(const op_doc *doc, const char *path, const op_pdf_opts *opts)
{
    return op_pdf_write_book(&doc, 1, path, opts);
}
