/* Private layout of the document and its nodes. Only src/doc/ sees these structs. */
#ifndef OP_DOC_NODE_H
#define OP_DOC_NODE_H

#include "core/core.h"
#include "offprint/doc.h"

struct op_node {
    op_node_kind kind;
    op_node *parent, *first, *last, *next, *prev;
    const char *literal; /* text, code, alt */
    size_t literal_len;
    const char *url;
    const char *title;
    int level;   /* heading level */
    int ordered; /* list */
    int start;
    int header; /* table cell */
    int align;
    int noteref; /* SUP: a note reference made by --links */
};

struct op_doc {
    op_arena *arena;
    op_node *root;
    const char *meta[OP_META_FIELD_COUNT];
    op_node *title_node; /* the title heading, detached (op_doc_set_title_node) */
};

#endif
