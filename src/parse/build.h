/* The normalising tree builder every parser feeds (md4c-style enter/leave/text).
 * Whatever order the calls come in, the finished tree satisfies op_doc_check:
 * misplaced content is wrapped (text in a block container gets a paragraph,
 * stray list content gets an item), blocks close open paragraphs, and content
 * past the depth limit is flattened into its ancestor instead of failing. */
#ifndef OP_PARSE_BUILD_H
#define OP_PARSE_BUILD_H

#include "offprint/doc.h"

typedef struct op_build op_build;

/* Flags for op_build_new. */
#define OP_BUILD_COLLAPSE_WS 1u /* HTML-ish input: collapse white space runs (not in code) */

/** New builder appending to `doc`'s root. `max_depth` <= 0 means the default (256).
 *  Free with op_build_free (after op_build_finish). Never NULL. */
op_build *op_build_new(op_doc *doc, int max_depth, unsigned flags);
void op_build_free(op_build *b);

/** Opens a node of `kind`. Returns the node actually created (lent, set its attributes
 *  right away), or NULL when the request was flattened (depth limit, or a block inside a
 *  table cell or caption). Leaves (IMAGE, CODE, CODE_BLOCK, THEMATIC_BREAK, LINE_BREAK)
 *  are opened too; text sent before their leave becomes the literal (alt text for IMAGE).
 *  Every enter needs exactly one op_build_leave; enter(OP_NODE_DOCUMENT) is a no-op frame. */
op_node *op_build_enter(op_build *b, op_node_kind kind);
/** Closes the most recent still-open op_build_enter. Extra calls are ignored. */
void op_build_leave(op_build *b);
/** op_build_enter + op_build_leave for leaves without text (IMAGE with alt set by the caller,
 *  LINE_BREAK, THEMATIC_BREAK). Returns the node or NULL. */
op_node *op_build_leaf(op_build *b, op_node_kind kind);
/** Appends text (any bytes: invalid UTF-8 becomes U+FFFD). */
void op_build_text(op_build *b, const char *s, size_t len);
/** A soft block boundary (an HTML div): ends the current implicit paragraph, or adds a
 *  line break inside a heading, cell or caption. */
void op_build_break(op_build *b);
/** Nonzero while text goes into a literal (code, code block, image alt). */
int op_build_capturing(const op_build *b);
/** Closes everything and normalises the tree (drops empty nodes, trims white space,
 *  repairs figures). Call once; the builder is done afterwards. */
op_status op_build_finish(op_build *b);

/** Post-order walk over `root` without recursion. `fn` may change the children of the
 *  node it is given (they were all visited already) but not the node's siblings. */
void op_build_walk(op_doc *doc, op_node *root, void (*fn)(op_doc *, op_node *, void *), void *ud);

#endif
