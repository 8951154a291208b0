/* HTML bytes -> libxml2 tree, through libgumbo (an HTML5 parser that builds the same tree
 * browsers do), without making gumbo walk script, style and comment content (html_cut.h).
 * The libxml2 tree is what html_map.c and extract/ walk. */
#ifndef OP_PARSE_HTML_TREE_H
#define OP_PARSE_HTML_TREE_H

#include "offprint/offprint.h"

#include <libxml/tree.h>

/* The depth of the trees the pipeline parses (the model's own limit is lower). */
#define PARSE_HTML_TREE_DEPTH 512

/** Parses `len` bytes of UTF-8 HTML into a new xmlDoc (elements in the XHTML namespace,
 *  attributes, text; comments and template content dropped). Elements nested deeper than
 *  `max_depth` are flattened into their ancestor, so the result is at most that deep.
 *  The caller frees *out with xmlFreeDoc. Fails with OP_ERR_LIMIT when the page has more
 *  than `max_elements` start tags (0 = no limit; counted before gumbo builds anything), and
 *  OP_ERR_PARSE when gumbo gives up. */
op_status parse_html_tree_new(const char *utf8, size_t len, int max_depth, size_t max_elements,
                              xmlDoc **out);

/** parse_html_tree_new with the shortcut chosen (tests compare the two trees): `cut` 1 cuts
 *  script and style content and comments before gumbo reads the page and puts the text back
 *  (html_cut.h), falling back to the whole page when a cut does not hold; 0 parses the whole
 *  page. *cut_used (may be NULL) is 1 when the tree came from the cut page. */
op_status parse_html_tree_build(const char *utf8, size_t len, int max_depth, size_t max_elements,
                                int cut, xmlDoc **out, int *cut_used);

#endif
