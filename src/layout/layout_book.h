/* A book of several articles in one PDF (layout_book.c): the front matter (title page and
 * contents) and the running header and footer of each article, numbered across the book.
 * Each article is laid out on its own with layout_opts.book set. */
#ifndef OP_LAYOUT_LAYOUT_BOOK_H
#define OP_LAYOUT_LAYOUT_BOOK_H

#include "layout/box.h"

typedef struct layout_book_info {
    const char *title;          /* the book's title */
    const char *authors;        /* a line under it (may be NULL) */
    const char *sites;          /* another one (may be NULL) */
    const char *const *entries; /* each article's title in the contents (n) */
    size_t n;
} layout_book_info;

typedef struct layout_front layout_front;

/** Lays out the front matter with `o` (its language labels the contents): the title page,
 *  then "Contents" with one entry per article (numbers unknown yet). *out is a new front
 *  (layout_front_finish or layout_front_free); `bi` and `o` must outlive it. */
op_status layout_front_new(const layout_book_info *bi, const layout_opts *o, layout_front **out);
/** Its page count. */
size_t layout_front_pages(const layout_front *f);
/** Fills the contents: article k starts on page starts[k] (0-based, in the book of `pages`
 *  pages, the front matter first); adds the running header and footer (none on the title
 *  page). Returns the front matter's layout (layout_doc_free) and frees f. */
layout_doc *layout_front_finish(layout_front *f, const size_t *starts, size_t pages);
void layout_front_free(layout_front *f);

/** Adds the running header (the article's title) and footer to `d`, the layout of `doc`
 *  made with `o` (o->book set), its pages numbered page0 + 1 ... of `pages` in the book. */
void layout_book_margins(const op_doc *doc, const layout_opts *o, layout_doc *d, size_t page0,
                         size_t pages);

#endif
