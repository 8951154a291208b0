/* Themes: CSS stylesheets from styles/ (or any file) read by the PDF layout. The EPUB
 * embeds the same file as it is; the PDF reads a documented subset (element, class and
 * descendant selectors; fonts, sizes, line height, margins, padding, indents, alignment,
 * hyphens, colours, borders; @page size and margins).
 *
 * Ownership: op_style_parse and op_style_load hand the caller a stylesheet to free with
 * op_style_free; op_style_find a path to free with op_free.
 * Threads: a stylesheet never changes after op_style_parse returns (the cascade keeps no
 * caches in it), so one may be read by any number of threads and conversions at once, a
 * worker's theme loaded once and reused; free it after the last of them has finished. */
#ifndef OFFPRINT_STYLE_H
#define OFFPRINT_STYLE_H

#include "offprint.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OP_STYLE_MAX_BYTES ((size_t)1 << 20) /* larger stylesheets are refused */

/* A parsed theme. It keeps a copy of its CSS text and name: lent to the EPUB writer
 * (op_epub_opts.theme), that text is what the book embeds; lent to the PDF writer
 * (op_pdf_opts.theme), the theme is not parsed again per call. */
typedef struct op_style op_style;

/** Finds a theme's file. A `name_or_file` holding a '/' or ".css" that opens as a file is
 *  used as it is; otherwise a bare NAME (no '/', at most 64 bytes) is looked up as
 *  styles/NAME.css in `data_dir` (may be NULL), $OP_DATA_DIR, the source tree and the
 *  install prefix, in that order. NULL means "default". Returns a new string, the path,
 *  which the caller frees with op_free; NULL when nothing is found. */
char *op_style_find(const char *name_or_file, const char *data_dir);

/** Parses CSS text (any bytes: what cannot be read is skipped). `name` labels diagnostics
 *  (may be NULL; both `css` and `name` are only read during the call). Each property or
 *  value the PDF side does not support is reported once as a warning to `diag`. Returns
 *  OP_ERR_LIMIT when len > OP_STYLE_MAX_BYTES (*out = NULL); else OP_OK with a new
 *  stylesheet in *out, which the caller frees with op_style_free. */
op_status op_style_parse(const char *css, size_t len, const char *name, op_diag *diag,
                         op_style **out);

/** Reads and parses the file at `path`: as op_style_parse, a new stylesheet in *out that the
 *  caller frees with op_style_free. OP_ERR_SETUP (reported, naming the file; *out = NULL)
 *  when it cannot be read or is too large. */
op_status op_style_load(const char *path, op_diag *diag, op_style **out);

/** The theme a writer uses: the file `stylesheet` when it is not NULL, else
 *  styles/default.css found as op_style_find finds it. As op_style_load; OP_ERR_SETUP
 *  (reported) when no default theme is found. Batch runners load it once and lend it to
 *  every conversion (op_pdf_opts.theme, op_epub_opts.theme). */
op_status op_style_load_theme(const char *stylesheet, const char *data_dir, op_diag *diag,
                              op_style **out);

/** Releases a stylesheet. NULL is a no-op. */
void op_style_free(op_style *s);

#ifdef __cplusplus
}
#endif
#endif
