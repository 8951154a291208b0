/* Small helpers for unit tests that build documents by hand. */
#ifndef OP_TEST_DOC_BUILD_H
#define OP_TEST_DOC_BUILD_H

#include "offprint/doc.h"

#include <string.h>

/* Appends a new node of kind k to parent. */
static inline op_node *add(op_doc *d, op_node *parent, op_node_kind k)
{
    op_node *n = op_node_new(d, k);
    op_node_append_child(parent, n);
    return n;
}

/* Appends a TEXT node holding s. */
static inline op_node *text(op_doc *d, op_node *parent, const char *s)
{
    op_node *n = add(d, parent, OP_NODE_TEXT);
    op_node_set_literal(d, n, s, strlen(s));
    return n;
}

/* Appends a PARAGRAPH holding the text s (an empty one when s is NULL). */
static inline op_node *para(op_doc *d, op_node *parent, const char *s)
{
    op_node *p = add(d, parent, OP_NODE_PARAGRAPH);
    if (s)
        text(d, p, s);
    return p;
}

#endif
