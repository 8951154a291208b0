/* HTML -> model, tables: a table used for page layout, not data, has one column and some
 * cell holding blocks (paragraphs, headings, lists). The mapping unwraps it: its cells' blocks
 * become the document's own, so that a story set in one cell breaks across pages like any
 * other. Data tables become table nodes. */
#include "parse/html_int.h"

static int is_row_group(const xmlNode *n)
{
    return parse_html_is(n, "thead") || parse_html_is(n, "tbody") || parse_html_is(n, "tfoot");
}

/* The row after `row` (the first when NULL): rows are the table's own <tr> children and
 * those of its thead/tbody/tfoot, never rows of nested tables. */
static const xmlNode *next_row(const xmlNode *table, const xmlNode *row)
{
    const xmlNode *group = row && row->parent != table ? row->parent : NULL;
    const xmlNode *c = row ? row->next : table->children;
    for (;;) {
        for (; c; c = c->next) {
            if (parse_html_is(c, "tr"))
                return c;
            if (!group && is_row_group(c) && c->children)
                break;
        }
        if (c) {
            group = c;
            c = c->children;
        } else if (group) {
            c = group->next;
            group = NULL;
        } else {
            return NULL;
        }
    }
}

static int has_block_child(const xmlNode *cell)
{
    static const char *const blocks[] = {"p",  "div",   "h1",      "h2",     "h3",  "h4",
                                         "h5", "h6",    "ul",      "ol",     "pre", "blockquote",
                                         "dl", "table", "section", "article"};
    for (const xmlNode *c = cell->children; c; c = c->next)
        for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
            if (parse_html_is(c, blocks[i]))
                return 1;
    return 0;
}

int parse_html_layout_table(hstate *h, const xmlNode *table)
{
    for (int i = 0; i < LT_CACHE; i++)
        if (h->lt_table[i] == table)
            return h->lt_layout[i];
    int blocks = 0, one_col = 1;
    for (const xmlNode *row = next_row(table, NULL); row && one_col; row = next_row(table, row)) {
        int cells = 0;
        for (const xmlNode *c = row->children; c; c = c->next)
            if (parse_html_is(c, "td") || parse_html_is(c, "th")) {
                cells++;
                blocks = blocks || has_block_child(c);
            }
        one_col = cells <= 1;
    }
    int i = h->lt_next++ % LT_CACHE;
    h->lt_table[i] = table;
    h->lt_layout[i] = one_col && blocks;
    return h->lt_layout[i];
}

const xmlNode *parse_html_owner_table(const xmlNode *n)
{
    for (const xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
        if (parse_html_is(p, "table"))
            return p;
    return NULL;
}
