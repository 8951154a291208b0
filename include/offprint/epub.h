/* EPUB 3 back end: model -> XHTML (libxml2 writer), OPF, nav, NCX, zipped with libzip. */
#ifndef OFFPRINT_EPUB_H
#define OFFPRINT_EPUB_H

#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct op_epub_opts {
    const char *data_dir;   /* folder holding styles/; NULL = built-in search */
    const char *stylesheet; /* CSS file to embed; NULL = <data_dir>/styles/default.css */
    op_diag *diag;          /* may be NULL */
    void *reserved[4];
} op_epub_opts;

/** Writes `doc` as an EPUB 3 file at `path`. Images referenced by local path are embedded;
 *  remote or unreadable ones are dropped with a warning (the alt text stays). Returns
 *  OP_ERR_SETUP when the stylesheet is missing, OP_ERR_IO / OP_ERR_EPUB on write failures;
 *  on failure no file is left at `path`. */
op_status op_epub_write(const op_doc *doc, const char *path, const op_epub_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
