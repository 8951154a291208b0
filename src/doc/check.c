/* Tree invariants (cmark_node_check): what each kind may contain, link
 * consistency, attribute ranges and UTF-8 validity. Run after every parse in tests. */
#include "doc/node.h"

#include <string.h>

typedef enum content { C_NONE, C_BLOCKS, C_INLINES, C_ITEMS, C_ROWS, C_CELLS, C_FIGURE } content;

static content content_of(op_node_kind k)
{
    switch (k) {
    case OP_NODE_DOCUMENT:
    case OP_NODE_BLOCKQUOTE:
    case OP_NODE_ITEM:
        return C_BLOCKS;
    case OP_NODE_LIST:
        return C_ITEMS;
    case OP_NODE_HEADING:
    case OP_NODE_PARAGRAPH:
    case OP_NODE_CAPTION:
    case OP_NODE_TABLE_CELL:
    case OP_NODE_EMPH:
    case OP_NODE_STRONG:
    case OP_NODE_LINK:
    case OP_NODE_SUB:
    case OP_NODE_SUP:
        return C_INLINES;
    case OP_NODE_TABLE:
        return C_ROWS;
    case OP_NODE_TABLE_ROW:
        return C_CELLS;
    case OP_NODE_FIGURE:
        return C_FIGURE;
    case OP_NODE_CODE_BLOCK:
    case OP_NODE_THEMATIC_BREAK:
    case OP_NODE_TEXT:
    case OP_NODE_CODE:
    case OP_NODE_LINE_BREAK:
    case OP_NODE_IMAGE:
        return C_NONE;
    }
    return C_NONE;
}

static int is_flow_block(op_node_kind k)
{
    return k == OP_NODE_HEADING || k == OP_NODE_PARAGRAPH || k == OP_NODE_BLOCKQUOTE ||
           k == OP_NODE_LIST || k == OP_NODE_CODE_BLOCK || k == OP_NODE_FIGURE ||
           k == OP_NODE_TABLE || k == OP_NODE_THEMATIC_BREAK;
}

static int child_allowed(const op_node *p, const op_node *c)
{
    switch (content_of(p->kind)) {
    case C_NONE:
        return 0;
    case C_BLOCKS:
        return is_flow_block(c->kind);
    case C_INLINES:
        return !op_node_kind_is_block(c->kind);
    case C_ITEMS:
        return c->kind == OP_NODE_ITEM;
    case C_ROWS:
        return c->kind == OP_NODE_TABLE_ROW;
    case C_CELLS:
        return c->kind == OP_NODE_TABLE_CELL;
    case C_FIGURE:
        if (c->kind == OP_NODE_CAPTION)
            return c->next == NULL;
        return c->kind == OP_NODE_IMAGE;
    }
    return 0;
}

static void fail(op_diag *d, int *n, const op_node *node, const char *what)
{
    (*n)++;
    op_diag_report(d, OP_SEV_ERROR, NULL, 0, "model check: %s: %s", op_node_kind_name(node->kind),
                   what);
}

static void check_attrs(const op_node *n, op_diag *d, int *bad)
{
    if (n->kind == OP_NODE_HEADING && (n->level < 1 || n->level > 6))
        fail(d, bad, n, "heading level out of 1..6");
    if (n->kind == OP_NODE_TEXT && n->literal_len == 0)
        fail(d, bad, n, "empty text");
    if (n->literal && !op_utf8_valid(n->literal, n->literal_len))
        fail(d, bad, n, "literal is not valid UTF-8");
    if (n->kind == OP_NODE_FIGURE && !n->first)
        fail(d, bad, n, "empty figure"); /* a caption alone is fine (a text dump's photo) */
    if (n->kind == OP_NODE_TABLE_CELL && (n->align < 0 || n->align > 3))
        fail(d, bad, n, "bad cell alignment");
}

static void check_links(const op_node *n, op_diag *d, int *bad)
{
    const op_node *prev = NULL;
    for (const op_node *c = n->first; c; c = c->next) {
        if (c->parent != n)
            fail(d, bad, c, "wrong parent link");
        if (c->prev != prev)
            fail(d, bad, c, "wrong prev link");
        if (!child_allowed(n, c)) {
            (*bad)++;
            op_diag_report(d, OP_SEV_ERROR, NULL, 0, "model check: %s may not contain %s",
                           op_node_kind_name(n->kind), op_node_kind_name(c->kind));
        }
        prev = c;
    }
    if (n->last != prev)
        fail(d, bad, n, "wrong last-child link");
}

int op_doc_check(const op_doc *doc, op_diag *diag)
{
    int bad = 0;
    if (doc->root->kind != OP_NODE_DOCUMENT || doc->root->parent)
        fail(diag, &bad, doc->root, "root is not a detached document");
    for (int f = 0; f < OP_META_FIELD_COUNT; f++) {
        const char *m = doc->meta[f];
        if (m && !op_utf8_valid(m, strlen(m)))
            fail(diag, &bad, doc->root, "metadata is not valid UTF-8");
    }
    op_iter *it = op_iter_new(doc->root);
    op_event ev;
    while ((ev = op_iter_next(it)) != OP_EVENT_DONE) {
        if (ev != OP_EVENT_ENTER)
            continue;
        const op_node *n = op_iter_node(it);
        check_attrs(n, diag, &bad);
        if (!op_node_kind_is_container(n->kind) && n->first)
            fail(diag, &bad, n, "leaf has children");
        check_links(n, diag, &bad);
    }
    op_iter_free(it);
    return bad;
}
