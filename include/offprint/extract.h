/* Reader mode and extracted-article output. For now: the article's plain text, as read
 * by the extraction scorer (`offprint --to txt`). */
#ifndef OFFPRINT_EXTRACT_H
#define OFFPRINT_EXTRACT_H

#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The article body as plain text (the title, byline and date are metadata, shown by the
 *  title block, and are not repeated; image alt text is left out): each block's text
 *  separated by a blank line (list items prefixed "- " or "N. ", table cells separated
 *  by tabs, one row per line; code blocks verbatim). Returns a new NUL-terminated
 *  string; the caller frees it with op_free. */
char *op_doc_text_new(const op_doc *doc, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
