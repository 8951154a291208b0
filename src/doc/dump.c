/* The stable text form of the model (`offprint --dump-model`), used by tests:
 * metadata lines, then one line per node, indented two spaces per level. */
#include "doc/node.h"

#include <string.h>

static void put_quoted(op_buf *b, const char *s, size_t len)
{
    op_buf_addc(b, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            op_buf_addc(b, '\\');
            op_buf_addc(b, (char)c);
        } else if (c == '\n') {
            op_buf_adds(b, "\\n");
        } else if (c == '\t') {
            op_buf_adds(b, "\\t");
        } else if (c < 0x20 || c == 0x7F) {
            op_buf_printf(b, "\\x%02x", c);
        } else {
            op_buf_addc(b, (char)c);
        }
    }
    op_buf_addc(b, '"');
}

static void put_attr(op_buf *b, const char *name, const char *val)
{
    if (!val)
        return;
    op_buf_printf(b, " %s=", name);
    put_quoted(b, val, strlen(val));
}

static void put_node(op_buf *b, const op_node *n, int depth)
{
    for (int i = 0; i < depth; i++)
        op_buf_adds(b, "  ");
    op_buf_adds(b, op_node_kind_name(n->kind));
    if (n->kind == OP_NODE_HEADING)
        op_buf_printf(b, " level=%d", n->level);
    if (n->kind == OP_NODE_LIST)
        op_buf_printf(b, " %s start=%d", n->ordered ? "ordered" : "bullet", n->start);
    if (n->kind == OP_NODE_TABLE_CELL && n->header)
        op_buf_adds(b, " header");
    if (n->kind == OP_NODE_TABLE_CELL && n->align)
        op_buf_printf(b, " align=%d", n->align);
    put_attr(b, "url", n->url);
    put_attr(b, "title", n->title);
    if (n->literal_len || n->kind == OP_NODE_CODE_BLOCK || n->kind == OP_NODE_CODE) {
        op_buf_addc(b, ' ');
        put_quoted(b, n->literal, n->literal_len);
    }
    op_buf_addc(b, '\n');
}

/* The subtree at root, its lines indented from `depth`. */
static void put_tree(op_buf *b, op_node *root, int depth)
{
    op_iter *it = op_iter_new(root);
    op_event ev;
    while ((ev = op_iter_next(it)) != OP_EVENT_DONE) {
        const op_node *n = op_iter_node(it);
        if (ev == OP_EVENT_EXIT) {
            depth--;
            continue;
        }
        put_node(b, n, depth);
        if (op_node_kind_is_container(n->kind))
            depth++;
    }
    op_iter_free(it);
}

char *op_doc_dump_new(const op_doc *doc)
{
    op_buf b;
    op_buf_init(&b, 0);
    for (int f = 0; f < OP_META_FIELD_COUNT; f++) {
        if (!doc->meta[f] || f == OP_META_BASE_DIR)
            continue;
        op_buf_printf(&b, "meta %s ", op_meta_field_name((op_meta_field)f));
        put_quoted(&b, doc->meta[f], strlen(doc->meta[f]));
        op_buf_addc(&b, '\n');
    }
    if (doc->title_node) { /* the title's inlines (a link on the title) */
        op_buf_adds(&b, "title_node\n");
        put_tree(&b, doc->title_node, 1);
    }
    put_tree(&b, doc->root, 0);
    return op_buf_detach(&b, NULL);
}
