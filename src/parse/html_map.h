/* HTML tree -> model: what the extract stage calls to build the document from the element
 * reader mode chose (or from the whole page), and the two rules about the tree that reader
 * mode shares with the mapping: what counts as hidden, and the page's <base href>. */
#ifndef OP_PARSE_HTML_MAP_H
#define OP_PARSE_HTML_MAP_H

#include "offprint/doc.h"
#include "parse/parse.h"

#include <libxml/tree.h>

typedef struct parse_html_map_opts {
    parse_base base;       /* where images resolve (parse_resolve_image_new) */
    const char *base_href; /* links resolve against it: the page's base URL, or its <base
                              href> as given, or NULL */
    int max_depth;         /* model depth; <= 0: the default */
    /* --keep: nonzero for an element the reader kept (shown even when hidden, or an aside,
     * a nav, a form...); NULL when nothing was kept */
    int (*kept)(const xmlNode *n);
} parse_html_map_opts;

/** Appends the content of `root` (its children, not root itself) to doc's body through the
 *  builder, so the result satisfies op_doc_check: elements become blocks and inlines by the
 *  tag table, images take their best source (lazy-loading attributes, srcset, <picture>),
 *  links resolve against base_href, MathML becomes linear text, one-column layout tables
 *  are unwrapped, hidden elements and scripts, forms, navigation are left out. Returns the
 *  builder's status (OP_OK). The tree is only read. */
op_status parse_html_map(op_doc *doc, xmlNode *root, const parse_html_map_opts *o);

/** The one hidden rule of the HTML tree, for the mapping and for reader mode: the hidden
 *  attribute, aria-hidden=true (not on an <img>: pages mark real pictures decorative for
 *  screen readers when a caption says it all), display:none, visibility:hidden. 0 for
 *  anything but an element. */
int parse_html_hidden(const xmlNode *n);

/** The href of the page's first <base> element that has one (lent from the tree), or NULL. */
const char *parse_html_base_href(xmlDoc *doc);

#endif
