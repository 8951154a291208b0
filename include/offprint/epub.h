/* EPUB 3 back end: model -> XHTML (libxml2 writer), OPF, nav, NCX, zipped with libzip.
 *
 * Threads: op_epub_write and op_epub_write_book may run on several threads at once, each
 * call with its own documents, options and diagnostics sink. A call shares nothing mutable
 * with another: a font set lent to it (op_epub_opts.fonts) belongs to one thread and one
 * call at a time; a parsed theme (const op_style) may be lent to calls on several threads
 * at once. */
#ifndef OFFPRINT_EPUB_H
#define OFFPRINT_EPUB_H

#include "doc.h"
#include "font.h"
#include "style.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Reader/store profiles: the few differences that matter (README, "EPUB profiles"). */
typedef enum op_epub_profile {
    OP_EPUB_GENERIC = 0,
    OP_EPUB_KINDLE, /* Send-to-Kindle: 50 MB cap by default, language and CSS warnings */
    OP_EPUB_KOBO,   /* transparent images flattened onto white, CSS warnings */
    OP_EPUB_APPLE   /* with embed_fonts: Apple's display options asking for the book's fonts */
} op_epub_profile;

/** Parses "generic", "kindle", "kobo", "apple" (case-insensitive); -1 when unknown. */
int op_epub_profile_from_name(const char *name);

#define OP_EPUB_DEFAULT_IMAGE_PX 1600 /* long side of embedded raster images */

typedef struct op_epub_opts {
    const char *data_dir;   /* folder holding styles/; NULL = built-in search */
    const char *stylesheet; /* CSS file to embed; NULL = <data_dir>/styles/default.css */
    op_diag *diag;          /* may be NULL */
    op_remote_fn remote;    /* loads http(s) images; NULL = they are dropped (alt text kept) */
    void *remote_ud;
    const char *title; /* book title of a bundle (several documents); NULL = derived
                          ("<first title> and N more", localised); one document: its own */
    int max_image_px;  /* raster images larger on their long side are downscaled;
                          0 = OP_EPUB_DEFAULT_IMAGE_PX, < 0 = never downscale */
    size_t max_size;   /* cap on the whole book in bytes; 0 = none (kindle: 50 MB) */
    int toc_depth;     /* levels in the nav/NCX (1 = articles of a bundle, or the top
                          headings of one article); 0 = all */
    op_epub_profile profile;
    int no_justify;        /* body text ragged right: a text-align rule after the theme */
    int no_hyphenate;      /* no automatic hyphenation: a hyphens rule after the theme */
    int embed_fonts;       /* embed subsets of the theme's fonts (fonts/fonts.conf) */
    int book;              /* a book even of one document: the book's title, a title page and a
                              contents entry for the article, as with several (in what was
                              padding: no offset moves) */
    int64_t source_date;   /* with source_date_set: the time the book's dates show (dcterms:
                              modified, the zip entries), seconds since 1970 UTC, so the same
                              input gives the same bytes; the CLI takes it from the
                              SOURCE_DATE_EPOCH variable (the library reads no environment) */
    int source_date_set;   /* 0 (or source_date < 0): the articles' own dates give the book's
                              (the latest of each one's modified, else published, date), else
                              fallback_date; the same input gives the same bytes either way */
    int64_t fallback_date; /* > 0: the time shown when neither source_date nor the articles'
                              dates give one (op_convert: the newest input file's
                              modification time); 0 = the time of writing */
    /* Lent for the call (NULL: the call loads its own and frees it before returning). The
     * caller keeps ownership; the call leaves nothing of the job in them. */
    op_fontset *fonts;       /* with embed_fonts: the font set (font.h), instead of loading
                                <data_dir>/fonts */
    const op_style *theme;   /* the theme, whose CSS text is embedded; wins over `stylesheet` */
    size_t max_image_pixels; /* pixels of one image decoded to downscale, flatten or convert it
                              (--max-megapixels): a larger one is embedded as it is, with a
                              warning; 0 = 100 million */
    void *reserved[1];
} op_epub_opts;

/** Writes `doc` as an EPUB 3 file at `path`. Images referenced by local path are embedded;
 *  remote or unreadable ones are dropped with a warning (the alt text stays). Returns
 *  OP_ERR_SETUP when the stylesheet (or, with embed_fonts, fonts/fonts.conf) is missing,
 *  OP_ERR_FONT when embed_fonts is set and the body font is unusable, OP_ERR_IO / OP_ERR_EPUB on
 * write failures, OP_ERR_LIMIT when the book cannot be shrunk under opts->max_size; on failure no
 * file is left at `path`. */
op_status op_epub_write(const op_doc *doc, const char *path, const op_epub_opts *opts);

/** Writes `ndocs` documents (>= 1) as one book: one XHTML file per article, a nav listing
 *  the articles with their headings, creators and publishers collected from all of them,
 *  ids unique across the book. One document gives exactly what op_epub_write gives. Same
 *  return values. */
op_status op_epub_write_book(const op_doc *const *docs, size_t ndocs, const char *path,
                             const op_epub_opts *opts);

/** The same book as op_epub_write_book, handed back in memory: a new buffer in *data (*len
 *  bytes; the caller frees it with op_free), NULL on failure. Same return values. */
op_status op_epub_write_book_mem(const op_doc *const *docs, size_t ndocs, const op_epub_opts *opts,
                                 char **data, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
