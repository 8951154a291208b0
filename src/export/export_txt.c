/* Plain-text output of the model (`--to txt`): the article body, what the extraction
 * scorer reads and a useful export on its own. One blank line between blocks. The title,
 * byline and date are metadata (the title block of the PDF and EPUB), not body text, as
 * in Readability.js's textContent and the benchmarks' ground truth; image alt text is not
 * body text either. */
#include "core/core.h"
#include "offprint/export.h"

/* The inline text of a block: TEXT and CODE literals, LINE_BREAK as a newline. */
static void text_block(op_buf *b, const op_node *n)
{
    op_iter *it = op_iter_new((op_node *)n);
    op_event ev;
    while ((ev = op_iter_next(it)) != OP_EVENT_DONE) {
        const op_node *c = op_iter_node(it);
        op_node_kind k = op_node_get_kind(c);
        if (ev != OP_EVENT_ENTER)
            continue;
        if (k == OP_NODE_TEXT || k == OP_NODE_CODE) {
            size_t len;
            const char *lit = op_node_get_literal(c, &len);
            op_buf_add(b, lit, len);
        } else if (k == OP_NODE_LINE_BREAK) {
            op_buf_addc(b, '\n');
        }
    }
    op_iter_free(it);
}

static void end_block(op_buf *b)
{
    while (b->len && (b->data[b->len - 1] == '\n' || b->data[b->len - 1] == ' '))
        b->len--;
    if (b->len)
        op_buf_adds(b, "\n\n");
}

static void table_text(op_buf *b, const op_node *table)
{
    for (const op_node *r = op_node_first_child(table); r; r = op_node_next(r)) {
        for (const op_node *c = op_node_first_child(r); c; c = op_node_next(c)) {
            text_block(b, c);
            if (op_node_next(c))
                op_buf_addc(b, '\t');
        }
        /* empty cells at a row's end say nothing (GFM pads short rows with them) */
        while (b->len && b->data[b->len - 1] == '\t')
            b->len--;
        op_buf_addc(b, '\n');
    }
    end_block(b);
}

static void blocks_text(op_buf *b, const op_node *parent);

static void list_text(op_buf *b, const op_node *list)
{
    int k = op_node_get_list_start(list);
    for (const op_node *it = op_node_first_child(list); it; it = op_node_next(it), k++) {
        if (op_node_get_list_ordered(list))
            op_buf_printf(b, "%d. ", k);
        else
            op_buf_adds(b, "- ");
        blocks_text(b, it);
    }
}

/* Recursion follows the block nesting, which the parsers cap (OP_PARSE_MAX_DEPTH). */
static void blocks_text(op_buf *b, const op_node *parent)
{
    for (const op_node *n = op_node_first_child(parent); n; n = op_node_next(n)) {
        op_node_kind k = op_node_get_kind(n);
        if (k == OP_NODE_BLOCKQUOTE || k == OP_NODE_ITEM) {
            blocks_text(b, n);
        } else if (k == OP_NODE_LIST) {
            list_text(b, n);
        } else if (k == OP_NODE_TABLE) {
            table_text(b, n);
        } else if (k == OP_NODE_CODE_BLOCK) {
            size_t len;
            const char *code = op_node_get_literal(n, &len);
            op_buf_add(b, code, len);
            end_block(b);
        } else if (k == OP_NODE_FIGURE) {
            const op_node *cap = op_node_last_child(n);
            if (cap && op_node_get_kind(cap) == OP_NODE_CAPTION) {
                text_block(b, cap);
                end_block(b);
            }
        } else if (k != OP_NODE_THEMATIC_BREAK) {
            size_t at = b->len; /* a block without text (an image alone) adds nothing, as */
            text_block(b, n);   /* a figure without a caption does */
            size_t k2 = at;
            while (k2 < b->len && (b->data[k2] == ' ' || b->data[k2] == '\n'))
                k2++;
            if (k2 == b->len)
                b->len = at;
            else
                end_block(b);
        }
    }
}

char *op_doc_text_new(const op_doc *doc, size_t *len)
{
    op_buf b;
    op_buf_init(&b, 0);
    blocks_text(&b, op_doc_root(doc));
    if (b.len)
        b.len--; /* one final newline, not two */
    op_buf_add(&b, "", 0);
    return op_buf_detach(&b, len);
}
