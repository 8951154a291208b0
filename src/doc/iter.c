/* Tree walking with ENTER/EXIT events (cmark's iterator). Iterative, so depth
 * costs no stack. Also the plain-text extraction built on it. */
#include "doc/node.h"

struct op_iter {
    op_node *root;
    op_node *cur;
    op_event ev;
    int skip; /* children skipped: the next event is the current node's EXIT */
};

op_iter *op_iter_new(op_node *root)
{
    op_iter *it = op_calloc(1, sizeof *it);
    it->root = root;
    it->ev = OP_EVENT_NONE;
    return it;
}

void op_iter_free(op_iter *it)
{
    op_free(it);
}

op_node *op_iter_node(const op_iter *it)
{
    return it->cur;
}

void op_iter_skip_children(op_iter *it)
{
    if (it->ev == OP_EVENT_ENTER && op_node_kind_is_container(it->cur->kind))
        it->skip = 1;
}

op_event op_iter_next(op_iter *it)
{
    op_node *n = it->cur;
    if (it->ev == OP_EVENT_DONE)
        return OP_EVENT_DONE;
    if (it->ev == OP_EVENT_NONE) {
        it->cur = it->root;
        it->ev = OP_EVENT_ENTER;
        return it->ev;
    }
    if (it->skip) {
        it->skip = 0;
        it->ev = OP_EVENT_EXIT;
        return it->ev;
    }
    if (it->ev == OP_EVENT_ENTER && op_node_kind_is_container(n->kind)) {
        if (n->first) {
            it->cur = n->first;
            it->ev = OP_EVENT_ENTER;
        } else {
            it->ev = OP_EVENT_EXIT;
        }
        return it->ev;
    }
    /* leaving n (a leaf just entered, or a container just exited) */
    if (n == it->root) {
        it->ev = OP_EVENT_DONE;
        return it->ev;
    }
    if (n->next) {
        it->cur = n->next;
        it->ev = OP_EVENT_ENTER;
    } else {
        it->cur = n->parent;
        it->ev = OP_EVENT_EXIT;
    }
    return it->ev;
}

static char *text_new(const op_node *n, size_t *len, int nav)
{
    op_buf b;
    op_buf_init(&b, 0);
    op_iter *it = op_iter_new((op_node *)n);
    op_event ev;
    while ((ev = op_iter_next(it)) != OP_EVENT_DONE) {
        op_node *c = op_iter_node(it);
        if (ev != OP_EVENT_ENTER)
            continue;
        if (nav && c->noteref)
            op_iter_skip_children(it);
        else if (c->kind == OP_NODE_TEXT || c->kind == OP_NODE_CODE || c->kind == OP_NODE_IMAGE)
            op_buf_add(&b, c->literal, c->literal_len);
        else if (c->kind == OP_NODE_LINE_BREAK)
            op_buf_addc(&b, '\n');
    }
    op_iter_free(it);
    return op_buf_detach(&b, len);
}

char *op_node_text_new(const op_node *n, size_t *len)
{
    return text_new(n, len, 0);
}

char *op_node_nav_text_new(const op_node *n, size_t *len)
{
    return text_new(n, len, 1);
}
