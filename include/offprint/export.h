/* Exports of the model for `offprint --to md|html|txt`: CommonMark (with GFM pipe tables), a
 * standalone HTML5 page and plain text. All read only the model and its metadata.
 * Ownership: each returns a new NUL-terminated string the caller frees with op_free (never
 * NULL); *len, when len is not NULL, receives its length without the NUL.
 * Threads: they only read the document, so several threads may export one document nobody
 * changes (see doc.h) at once. */
#ifndef OFFPRINT_EXPORT_H
#define OFFPRINT_EXPORT_H

#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The document as Markdown: a YAML front matter block with the metadata (title, subtitle,
 *  author, date, site, url, lang, description, place, credit, image; double-quoted values),
 *  then the body in CommonMark with GFM pipe tables. Metacharacters in text are escaped so
 *  offprint's own Markdown reader gives back the same text. Figures are `![alt](src
 *  "caption")`; caption-only figures are an emphasised paragraph; sub/superscripts are
 *  raw <sub>/<sup>. Returns a new NUL-terminated string (op_free). */
char *op_doc_markdown_new(const op_doc *doc, size_t *len);

/** The document as a standalone HTML5 page (UTF-8): <html lang>, <title>, meta author,
 *  date and source, the title block and the article in <article>, figures with
 *  <figcaption>, images pointing at their original URLs or paths (file: URLs for local
 *  files). A small inline stylesheet; no scripts. Returns a new NUL-terminated string
 *  (op_free). */
char *op_doc_html_new(const op_doc *doc, size_t *len);

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
