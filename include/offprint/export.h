/* Exports of the model for `offprint --to md|html`: CommonMark (with GFM pipe tables) and a
 * standalone HTML5 page. Both read only the model and its metadata. */
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

/* --links: how link URLs appear in every output. */
typedef enum op_links_mode {
    OP_LINKS_KEEP = 0, /* clickable where the format allows, URL not shown (the default) */
    OP_LINKS_INLINE,   /* " (URL)" after the link text, when the text is not the URL already */
    OP_LINKS_FOOTNOTE, /* a superscript number after the link: a SUP whose url is the note's
                          URL (a note reference); PDF sets the note at the foot of the page,
                          EPUB as a footnote aside. Pageless exports use ENDNOTE instead. */
    OP_LINKS_ENDNOTE,  /* a superscript number after the link, a numbered "Links" list at the end */
    OP_LINKS_NONE      /* plain text: no URL, not clickable */
} op_links_mode;

/** "keep", "inline", "footnote", "endnote", "none" -> the mode; -1 for anything else. */
int op_links_mode_from_name(const char *name);
/** Rewrites the document's links for `mode` (see op_links_mode). Links stay clickable
 *  except with OP_LINKS_NONE; in-document (#fragment) and script links get no URL shown. */
void op_doc_links_apply(op_doc *doc, op_links_mode mode);

#ifdef __cplusplus
}
#endif
#endif
