/* Nodes: creation, tree links and attributes. Nodes are arena-allocated by their
 * document; unlinking only detaches. */
#include "doc/node.h"

#include <string.h>

static const char *const kind_names[OP_NODE_KIND_COUNT] = {
    "document",       "heading", "paragraph", "blockquote", "list",      "item",
    "code_block",     "figure",  "caption",   "table",      "table_row", "table_cell",
    "thematic_break", "text",    "emph",      "strong",     "code",      "link",
    "line_break",     "image",   "sub",       "sup",
};

const char *op_node_kind_name(op_node_kind k)
{
    if ((unsigned)k >= OP_NODE_KIND_COUNT)
        return "?";
    return kind_names[k];
}

int op_node_kind_is_block(op_node_kind k)
{
    return k <= OP_NODE_THEMATIC_BREAK;
}

int op_node_kind_is_container(op_node_kind k)
{
    switch (k) {
    case OP_NODE_CODE_BLOCK:
    case OP_NODE_THEMATIC_BREAK:
    case OP_NODE_TEXT:
    case OP_NODE_CODE:
    case OP_NODE_LINE_BREAK:
    case OP_NODE_IMAGE:
        return 0;
    case OP_NODE_DOCUMENT:
    case OP_NODE_HEADING:
    case OP_NODE_PARAGRAPH:
    case OP_NODE_BLOCKQUOTE:
    case OP_NODE_LIST:
    case OP_NODE_ITEM:
    case OP_NODE_FIGURE:
    case OP_NODE_CAPTION:
    case OP_NODE_TABLE:
    case OP_NODE_TABLE_ROW:
    case OP_NODE_TABLE_CELL:
    case OP_NODE_EMPH:
    case OP_NODE_STRONG:
    case OP_NODE_LINK:
    case OP_NODE_SUB:
    case OP_NODE_SUP:
        return 1;
    }
    return 0;
}

op_node *op_node_new(op_doc *doc, op_node_kind kind)
{
    op_node *n = op_arena_alloc(doc->arena, sizeof *n);
    n->kind = kind;
    n->literal = "";
    if (kind == OP_NODE_HEADING)
        n->level = 1;
    if (kind == OP_NODE_LIST)
        n->start = 1;
    return n;
}

op_node_kind op_node_get_kind(const op_node *n)
{
    return n->kind;
}

op_node *op_node_parent(const op_node *n)
{
    return n->parent;
}

op_node *op_node_first_child(const op_node *n)
{
    return n->first;
}

op_node *op_node_last_child(const op_node *n)
{
    return n->last;
}

op_node *op_node_next(const op_node *n)
{
    return n->next;
}

op_node *op_node_prev(const op_node *n)
{
    return n->prev;
}

void op_node_unlink(op_node *n)
{
    op_node *p = n->parent;
    if (!p)
        return;
    if (n->prev)
        n->prev->next = n->next;
    else
        p->first = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        p->last = n->prev;
    n->parent = n->prev = n->next = NULL;
}

void op_node_append_child(op_node *parent, op_node *child)
{
    op_node_unlink(child);
    child->parent = parent;
    child->prev = parent->last;
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
}

void op_node_insert_before(op_node *n, op_node *sibling)
{
    op_node_unlink(sibling);
    sibling->parent = n->parent;
    sibling->next = n;
    sibling->prev = n->prev;
    if (n->prev)
        n->prev->next = sibling;
    else
        n->parent->first = sibling;
    n->prev = sibling;
}

/* ---- attributes ---- */

static const char *dup_sanitized(op_doc *doc, const char *s, size_t len, size_t *outlen)
{
    if (op_utf8_valid(s, len)) {
        if (outlen)
            *outlen = len;
        return op_arena_strndup(doc->arena, s, len);
    }
    op_buf b;
    op_buf_init(&b, 0);
    op_utf8_sanitize(&b, s, len);
    const char *d = op_arena_strndup(doc->arena, b.data ? b.data : "", b.len);
    if (outlen)
        *outlen = b.len;
    op_buf_free(&b);
    return d;
}

void op_node_set_literal(op_doc *doc, op_node *n, const char *s, size_t len)
{
    n->literal = dup_sanitized(doc, s, len, &n->literal_len);
}

const char *op_node_get_literal(const op_node *n, size_t *len)
{
    if (len)
        *len = n->literal_len;
    return n->literal;
}

void op_node_set_url(op_doc *doc, op_node *n, const char *s, size_t len)
{
    n->url = s ? dup_sanitized(doc, s, len, NULL) : NULL;
}

const char *op_node_get_url(const op_node *n)
{
    return n->url;
}

void op_node_set_title(op_doc *doc, op_node *n, const char *s, size_t len)
{
    n->title = s ? dup_sanitized(doc, s, len, NULL) : NULL;
}

const char *op_node_get_title(const op_node *n)
{
    return n->title;
}

void op_node_set_level(op_node *n, int level)
{
    n->level = level;
}

int op_node_get_level(const op_node *n)
{
    return n->level;
}

void op_node_set_list(op_node *n, int ordered, int start)
{
    n->ordered = ordered;
    n->start = start;
}

int op_node_get_list_ordered(const op_node *n)
{
    return n->ordered;
}

int op_node_get_list_start(const op_node *n)
{
    return n->start;
}

void op_node_set_cell(op_node *n, int header, int align)
{
    n->header = header;
    n->align = align;
}

int op_node_get_cell_header(const op_node *n)
{
    return n->header;
}

int op_node_get_cell_align(const op_node *n)
{
    return n->align;
}

void op_node_set_noteref(op_node *n, int noteref)
{
    n->noteref = noteref;
}

int op_node_get_noteref(const op_node *n)
{
    return n->noteref;
}
