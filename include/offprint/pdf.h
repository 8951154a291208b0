/* PDF back end: lays the model out into pages (own measuring and line breaking,
 * FreeType metrics, per-run font fallback) and writes them with libharu.
 *
 * Threads: op_pdf_write may run on several threads at once, each call with its own
 * document, options and diagnostics sink. A call shares nothing mutable with another: the
 * resources a worker keeps across its jobs (font set, hyphenation dictionaries) are lent to
 * one call at a time and belong to one thread; only a parsed theme (const op_style) may be
 * lent to calls on several threads at once. */
#ifndef OFFPRINT_PDF_H
#define OFFPRINT_PDF_H

#include "doc.h"
#include "font.h"
#include "style.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Page sizes. 6in and 7in are e-reader screens (3:4, the diagonal in inches): 3.6 x 4.8 in
 * (91 x 122 mm) and 4.2 x 5.6 in (107 x 142 mm). */
typedef enum op_page_size {
    OP_PAGE_DEFAULT = 0, /* the theme's @page size, else A4 */
    OP_PAGE_A4,
    OP_PAGE_LETTER,
    OP_PAGE_A5,
    OP_PAGE_6IN,
    OP_PAGE_7IN
} op_page_size;

/** Parses "a4", "letter", "a5", "6in", "7in" (case-insensitive); returns -1 when unknown. */
int op_page_size_from_name(const char *name);

/* Hyphenation dictionaries (libhyphen, the Debian hyphen-* files): each dictionary file
 * is read once, when a document in its language first needs it, and kept; the patterns
 * each document uses are picked from it per document, so the points are the same as with a
 * new set. Mutable: one thread, one call at a time, like an op_fontset. */
typedef struct op_hyph op_hyph;

/** A new, empty set of hyphenation dictionaries read from folder `dir` (NULL:
 *  $OP_HYPHEN_DIR, else /usr/share/hyphen); nothing is read yet. Free with op_hyph_free. */
op_hyph *op_hyph_new(const char *dir);

/** Frees the dictionaries (NULL is fine). No call may be using them. */
void op_hyph_free(op_hyph *h);

typedef struct op_pdf_opts {
    op_page_size page_size; /* 0 = the theme's @page size, else A4 */
    const char *data_dir;   /* folder holding fonts/ and styles/; NULL = built-in search */
    const char *stylesheet; /* theme (CSS file); NULL = <data_dir>/styles/default.css */
    op_diag *diag;          /* may be NULL */
    op_remote_fn remote;    /* loads http(s) images; NULL = their alt text is shown */
    void *remote_ud;
    int no_justify;   /* body text ragged right instead of justified */
    int no_hyphenate; /* no hyphenation (otherwise: libhyphen, document language) */
    int stats;        /* one note to diag: lines, average badness, hyphenated lines */
    int toc;          /* a contents page after the title block (headings, page numbers) */
    int toc_depth;    /* heading levels in it; 0 = h1-h3 */
    int book;         /* a book even of one document (op_pdf_write_book): title page, contents,
                         the book's title, as with several (in what was padding: no offset moves) */
    /* Lent for the call (NULL: the call loads its own and frees it before returning). The
     * caller keeps ownership; the call leaves nothing of the job in them. */
    op_fontset *fonts;       /* font set (font.h); instead of loading <data_dir>/fonts */
    op_hyph *hyph;           /* hyphenation dictionaries; unused with no_hyphenate */
    const op_style *theme;   /* parsed theme; wins over `stylesheet` (its warnings were given
                                when it was parsed, not again per call) */
    const char *title;       /* book title of several documents; NULL = derived ("<first
                                title> and N more", localised); one document: its own */
    op_timings *timings;     /* may be NULL; the setup and layout stages add to it (lent) */
    size_t max_pages;        /* pages of the PDF (--max-pages): more fails with OP_ERR_LIMIT and
                                nothing is written; 0 = OP_PDF_MAX_PAGES_DEFAULT */
    size_t max_image_pixels; /* pixels of one image (--max-megapixels), checked before decoding:
                              a larger one is a warning and keeps its alt text; 0 = 100 million */
    void *reserved[1];
} op_pdf_opts;

/* Pages of one PDF unless op_pdf_opts.max_pages says otherwise. */
#define OP_PDF_MAX_PAGES_DEFAULT 10000

/** Lays out `doc` and writes a PDF to `path` (the file is created or truncated; callers
 *  that need atomicity pass a temporary name and rename). Returns OP_ERR_FONT when the
 *  fonts cannot be found or loaded, OP_ERR_IO when the file cannot be written, OP_ERR_PDF
 *  for libharu failures. Problems with single images or glyphs are warnings. `doc` and
 *  `opts` are only read; what opts lends is used during the call only. */
op_status op_pdf_write(const op_doc *doc, const char *path, const op_pdf_opts *opts);

/** The same PDF as op_pdf_write, handed back in memory: a new buffer in *data (*len bytes;
 *  the caller frees it with op_free), NULL on failure. Same return values. */
op_status op_pdf_write_mem(const op_doc *doc, const op_pdf_opts *opts, char **data, size_t *len);

/** Writes `ndocs` documents (>= 1) as one book: a title page (the book's title, authors and
 *  sites), the contents (one entry per article, with its page number and a link), then each
 *  article from a new page with its own title block; the outline holds one entry per article
 *  with its headings under it, the running header shows the article's title, the footer
 *  numbers the book's pages. The book's language is the first that an article declares.
 *  One document gives exactly what op_pdf_write gives. Same return values. */
op_status op_pdf_write_book(const op_doc *const *docs, size_t ndocs, const char *path,
                            const op_pdf_opts *opts);

/** The same book as op_pdf_write_book, handed back in memory: a new buffer in *data (*len
 *  bytes; the caller frees it with op_free), NULL on failure. Same return values. */
op_status op_pdf_write_book_mem(const op_doc *const *docs, size_t ndocs, const op_pdf_opts *opts,
                                char **data, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
