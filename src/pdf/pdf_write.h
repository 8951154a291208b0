/* Internal state of the PDF writer shared by the src/pdf files: one libharu document per call,
 * the error handler's record, lazily loaded fonts and the image cache. Only src/pdf
 * includes libharu. */
#ifndef OP_PDF_WRITE_H
#define OP_PDF_WRITE_H

#include "offprint/pdf.h"
#include "layout/box.h"
#include "font/font_set.h"
#include "layout/layout_gmap.h"

#include <hpdf.h>

typedef struct pdf_image_entry {
    char *url;
    size_t part;    /* a book's article it belongs to (relative URLs differ per article) */
    HPDF_Image img; /* NULL when the image could not be loaded (alt text is drawn) */
    int w, h;
} pdf_image_entry;

typedef struct pdf_writer {
    HPDF_Doc pdf;
    op_diag *diag;
    const op_doc *doc;
    op_remote_fn remote; /* http(s) images (op_pdf_opts.remote), or NULL */
    void *remote_ud;
    /* last libharu error, recorded by the handler (no longjmp, no printing) */
    HPDF_STATUS err, detail;
    int nerr;
    font_set *fonts;
    HPDF_Font *hfonts; /* per face, loaded on first use */
    unsigned char *font_failed;
    unsigned char *subset; /* per face: loaded from an hb-subset copy */
    unsigned char **used;  /* per face: bitmap of the BMP code points drawn, or NULL */
    int nfaces;
    HPDF_Dict tounicode; /* the one ToUnicode CMap stream all fonts share, once written */
    layout_gmap *gmap;   /* codes of shaped glyphs, shared by the documents of a book */
    pdf_image_entry *images;
    size_t nimages, capimages;
    int smask_used;
    HPDF_Outline outline[8]; /* last outline item per level (0 = none) */
    int has_outline;
    op_buf *mem;         /* save into this buffer instead of a file (op_pdf_write_mem) */
    size_t max_image_px; /* op_pdf_opts.max_image_pixels (0 = the decoder's default) */
    char why[96];        /* a message made up for one image */
    /* a book (pdf_book.c) */
    size_t part;    /* the article being laid out or drawn (0 for one document) */
    int mark_shift; /* added to outline levels: 1 in a book (articles are level 1) */
    const char *info_title, *info_author, *info_lang; /* the book's, else the doc's */
} pdf_writer;

/** OP_ERR_LIMIT, with an error naming the page limit, when npages is over
 *  opts->max_pages (0 = OP_PDF_MAX_PAGES_DEFAULT); else OP_OK. */
op_status pdf_check_pages(pdf_writer *w, const op_pdf_opts *opts, size_t npages);
/** Clears libharu's sticky error state after a handled error. */
void pdf_reset_error(pdf_writer *w);

/** The libharu font for a face, loading and fixing it on first use; NULL (reported) when
 *  it cannot be loaded. */
HPDF_Font pdf_font_get(pdf_writer *w, int face);
/** Records which code points each face draws in `d`, so fonts are embedded as subsets. */
void pdf_font_collect(pdf_writer *w, const layout_doc *d);
/** Flags every component of every used composite glyph so libharu embeds it
 *  (libharu 2.3.0 drops nested components). Call before saving. */
void pdf_font_fix_composites(pdf_writer *w);
void pdf_font_free(pdf_writer *w);

/** layout_image_fn: loads (once) the image at `url` into the document and gives its
 *  pixel size. Returns 0 when it can be drawn, -1 after a warning naming the image. */
int pdf_image_size(void *ud, const char *url, int *px_w, int *px_h);
/** The loaded image for `url`, or NULL. */
HPDF_Image pdf_image_get(pdf_writer *w, const char *url);
void pdf_image_free(pdf_writer *w);

/** Draws page `pi` of `d` onto `page` (text, rules, images, page number). */
op_status pdf_draw_page(pdf_writer *w, const layout_doc *d, size_t pi, HPDF_Page page);

/** The layout options of `opts` and `theme` for the document w->doc (its language). */
void pdf_layout_opts(pdf_writer *w, const op_pdf_opts *opts, const op_style *theme,
                     layout_opts *lo);
/** Adds and draws the pages of `d` as pages[0..d->npages). */
op_status pdf_add_pages(pdf_writer *w, const layout_doc *d, HPDF_Page *pages);
/** Adds the links of `d` (drawn as `pages`) to places of the file, whose pages are all[0..n). */
void pdf_add_gotos(pdf_writer *w, const layout_doc *d, HPDF_Page *pages, HPDF_Page *all, size_t n);
/** Document info, outline mode, fix-ups; saves to `path` or w->mem. */
op_status pdf_save(pdf_writer *w, const char *path);

/** The book of `ndocs` documents (pdf_book.c), with the theme, saved by pdf_save. */
op_status pdf_book_write(pdf_writer *w, const op_doc *const *docs, size_t ndocs, const char *path,
                         const op_pdf_opts *opts, const op_style *theme);

/** Adds a URI link annotation for a LINK box. Non-web and relative URIs are skipped. */
void pdf_nav_link(pdf_writer *w, HPDF_Page page, const layout_box *b);
/** Adds a link annotation over a GOTO box to its target (a page of this document). */
void pdf_nav_goto(pdf_writer *w, HPDF_Page page, const layout_box *b, HPDF_Page target);
/** Adds an outline entry for a MARK box, nested by level. */
void pdf_nav_mark(pdf_writer *w, HPDF_Page page, const layout_box *b);
/** Writes title/author/subject into the document info (UTF-8). */
void pdf_nav_info(pdf_writer *w);

#endif
