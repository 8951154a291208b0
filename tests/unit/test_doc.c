/* Unit tests for src/doc: tree edits, iteration, the invariant checker and the dump. */
#include "harness.h"
#include "doc_build.h"
#include "offprint/doc.h"

#include <stdlib.h>
#include <string.h>

static void test_build_and_dump(void)
{
    op_doc *d = op_doc_new();
    op_doc_set_meta(d, OP_META_TITLE, "  A  \"quoted\"\n title ", 22);
    op_node *h = add(d, op_doc_root(d), OP_NODE_HEADING);
    op_node_set_level(h, 2);
    text(d, h, "Intro");
    op_node *p = add(d, op_doc_root(d), OP_NODE_PARAGRAPH);
    text(d, p, "Hello ");
    op_node *em = add(d, p, OP_NODE_EMPH);
    text(d, em, "world");
    op_node *a = add(d, p, OP_NODE_LINK);
    op_node_set_url(d, a, "https://x.org/", 14);
    text(d, a, "\xED\x95\x9C");
    op_node *l = add(d, op_doc_root(d), OP_NODE_LIST);
    op_node_set_list(l, 1, 3);
    op_node *it = add(d, l, OP_NODE_ITEM);
    text(d, add(d, it, OP_NODE_PARAGRAPH), "one");
    op_node *cb = add(d, op_doc_root(d), OP_NODE_CODE_BLOCK);
    op_node_set_literal(d, cb, "x\n", 2);
    INT_EQ(op_doc_check(d, NULL), 0);
    char *dump = op_doc_dump_new(d);
    STR_EQ(dump, "meta title \"A \\\"quoted\\\" title\"\n"
                 "document\n"
                 "  heading level=2\n"
                 "    text \"Intro\"\n"
                 "  paragraph\n"
                 "    text \"Hello \"\n"
                 "    emph\n"
                 "      text \"world\"\n"
                 "    link url=\"https://x.org/\"\n"
                 "      text \"\xED\x95\x9C\"\n"
                 "  list ordered start=3\n"
                 "    item\n"
                 "      paragraph\n"
                 "        text \"one\"\n"
                 "  code_block \"x\\n\"\n");
    op_free(dump);
    size_t len;
    char *txt = op_node_text_new(p, &len);
    STR_EQ(txt, "Hello world\xED\x95\x9C");
    op_free(txt);
    op_doc_free(d);
}

static void test_check_catches(void)
{
    op_doc *d = op_doc_new();
    op_node *p = add(d, op_doc_root(d), OP_NODE_PARAGRAPH);
    add(d, p, OP_NODE_PARAGRAPH);         /* block in inline content */
    text(d, op_doc_root(d), "loose");     /* inline in block content */
    add(d, op_doc_root(d), OP_NODE_TEXT); /* and empty */
    op_node *l = add(d, op_doc_root(d), OP_NODE_LIST);
    add(d, l, OP_NODE_PARAGRAPH); /* list holds items only */
    op_node *h = add(d, op_doc_root(d), OP_NODE_HEADING);
    op_node_set_level(h, 9);
    op_node *f = add(d, op_doc_root(d), OP_NODE_FIGURE);
    add(d, f, OP_NODE_CAPTION); /* caption before an image */
    add(d, f, OP_NODE_IMAGE);
    add(d, op_doc_root(d), OP_NODE_FIGURE); /* empty figure */
    op_node *lit = add(d, op_doc_root(d), OP_NODE_CODE_BLOCK);
    op_node_set_literal(d, lit, "\xFF", 1); /* sanitised on the way in */
    op_diag diag = {0};
    int bad = op_doc_check(d, &diag);
    INT_EQ(bad, 8);
    INT_EQ(diag.errors, 8);
    size_t n;
    STR_EQ(op_node_get_literal(lit, &n), "\xEF\xBF\xBD");
    op_doc_free(d);
}

/* FIGURE -> zero or more IMAGE, then at most one CAPTION; never empty. */
static void test_figure_rule(void)
{
    op_doc *d = op_doc_new();
    op_node *f = add(d, op_doc_root(d), OP_NODE_FIGURE); /* caption only: valid */
    text(d, add(d, f, OP_NODE_CAPTION), "A photo caption.");
    f = add(d, op_doc_root(d), OP_NODE_FIGURE); /* images only: valid */
    add(d, f, OP_NODE_IMAGE);
    add(d, f, OP_NODE_IMAGE);
    INT_EQ(op_doc_check(d, NULL), 0);
    f = add(d, op_doc_root(d), OP_NODE_FIGURE); /* two captions: the first is misplaced */
    add(d, f, OP_NODE_CAPTION);
    add(d, f, OP_NODE_CAPTION);
    INT_EQ(op_doc_check(d, NULL), 1);
    op_doc_free(d);
}

static void test_iter_and_edits(void)
{
    op_doc *d = op_doc_new();
    op_node *q = add(d, op_doc_root(d), OP_NODE_BLOCKQUOTE);
    op_node *p1 = add(d, q, OP_NODE_PARAGRAPH);
    text(d, p1, "a");
    op_node *p2 = op_node_new(d, OP_NODE_PARAGRAPH);
    op_node_insert_before(p1, p2);
    text(d, p2, "b");
    INT_EQ(op_node_first_child(q) == p2, 1);
    op_iter *it = op_iter_new(op_doc_root(d));
    int enters = 0, exits = 0;
    op_event ev;
    while ((ev = op_iter_next(it)) != OP_EVENT_DONE) {
        if (ev == OP_EVENT_ENTER)
            enters++;
        else
            exits++;
        if (ev == OP_EVENT_ENTER && op_iter_node(it) == p2)
            op_iter_skip_children(it);
    }
    op_iter_free(it);
    INT_EQ(enters, 5); /* doc, quote, p2 (children skipped), p1, text a */
    INT_EQ(exits, 4);
    op_node_unlink(p1);
    INT_EQ(op_node_last_child(q) == p2, 1);
    INT_EQ(op_doc_check(d, NULL), 0);
    /* a deep tree walks without recursion */
    op_node *cur = op_doc_root(d);
    for (int i = 0; i < 200000; i++)
        cur = add(d, cur, OP_NODE_BLOCKQUOTE);
    INT_EQ(op_doc_check(d, NULL), 0);
    size_t len;
    char *txt = op_node_text_new(op_doc_root(d), &len);
    INT_EQ(len, 1);
    op_free(txt);
    op_doc_free(d);
}

/* What doc.h promises about changing the tree during a walk: children added to a container
 * just entered and siblings inserted after the current node are visited, a node unlinked
 * ahead of the walk is not, an earlier sibling may be unlinked at an EXIT. */
static void test_iter_edits_during_walk(void)
{
    op_doc *d = op_doc_new();
    op_node *root = op_doc_root(d);
    op_node *a = para(d, root, "a"), *b = para(d, root, "b");
    para(d, root, "c");
    op_node *q = add(d, root, OP_NODE_BLOCKQUOTE);
    op_iter *it = op_iter_new(root);
    char seen[64] = "";
    op_event ev;
    while ((ev = op_iter_next(it)) != OP_EVENT_DONE) {
        op_node *n = op_iter_node(it);
        if (ev == OP_EVENT_ENTER && op_node_get_kind(n) == OP_NODE_TEXT) {
            size_t len;
            strncat(seen, op_node_get_literal(n, &len), 1);
            if (n == op_node_first_child(a)) /* a leaf's ENTER: a sibling after it */
                text(d, a, "x");
        }
        if (ev == OP_EVENT_EXIT && n == a) {
            op_node *ins = op_node_new(d, OP_NODE_PARAGRAPH); /* after the current node */
            op_node_insert_before(b, ins);
            text(d, ins, "i");
            op_node_unlink(op_node_next(b)); /* "c", ahead of the walk */
        }
        if (ev == OP_EVENT_EXIT && n == b)
            op_node_unlink(a);              /* an earlier sibling */
        if (ev == OP_EVENT_ENTER && n == q) /* a container just entered: its new child */
            para(d, q, "q");
    }
    op_iter_free(it);
    STR_EQ(seen, "axibq");
    INT_EQ(op_doc_check(d, NULL), 0);
    op_doc_free(d);
}

int main(void)
{
    RUN(test_build_and_dump);
    RUN(test_check_catches);
    RUN(test_figure_rule);
    RUN(test_iter_and_edits);
    RUN(test_iter_edits_during_walk);
    DONE();
}
