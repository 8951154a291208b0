/* Themes: CSS stylesheets from styles/ (or any file) read by the PDF layout. The EPUB
 * embeds the same file as it is; the PDF reads a documented subset (element, class and
 * descendant selectors; fonts, sizes, line height, margins, padding, indents, alignment,
 * hyphens, colours, borders; @page size and margins). */
#ifndef OFFPRINT_STYLE_H
#define OFFPRINT_STYLE_H

#include "offprint.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OP_STYLE_MAX_BYTES ((size_t)1 << 20) /* larger stylesheets are refused */

typedef struct op_style op_style;

/** Finds a theme: `name_or_file` naming an existing file is used as it is; otherwise a
 *  bare NAME (no '/') is looked up as styles/NAME.css with op_data_find(data_dir, ...).
 *  NULL means "default". Returns a new string (free with op_free) or NULL when nothing is
 *  found. */
char *op_style_find(const char *name_or_file, const char *data_dir);

/** Parses CSS text (any bytes: what cannot be read is skipped). `name` labels diagnostics
 *  (may be NULL). Each property or value the PDF side does not support is reported once
 *  as a warning to `diag`. Returns OP_ERR_LIMIT when len > OP_STYLE_MAX_BYTES; else
 *  OP_OK with a new stylesheet in *out (free with op_style_free). */
op_status op_style_parse(const char *css, size_t len, const char *name, op_diag *diag,
                         op_style **out);

/** Reads and parses the file at `path`. OP_ERR_SETUP (reported, naming the file) when it
 *  cannot be read or is too large. */
op_status op_style_load(const char *path, op_diag *diag, op_style **out);

void op_style_free(op_style *s);

#ifdef __cplusplus
}
#endif
#endif
