/* The document: an arena, a root node and metadata strings. Everything a parser
 * creates lives in the arena and dies with op_doc_free. */
#include "doc/node.h"

#include <string.h>

static const char *const meta_names[OP_META_FIELD_COUNT] = {
    "title",       "subtitle",   "author", "published", "site_name", "source_url", "lang",
    "description", "lead_image", "place",  "credit",    "modified",  "base_dir",
};

const char *op_meta_field_name(op_meta_field f)
{
    if ((unsigned)f >= OP_META_FIELD_COUNT)
        return "?";
    return meta_names[f];
}

op_doc *op_doc_new(void)
{
    op_doc *doc = op_calloc(1, sizeof *doc);
    doc->arena = op_arena_new();
    doc->root = op_node_new(doc, OP_NODE_DOCUMENT);
    return doc;
}

void op_doc_free(op_doc *doc)
{
    if (!doc)
        return;
    op_arena_free(doc->arena);
    op_free(doc);
}

op_node *op_doc_root(const op_doc *doc)
{
    return doc->root;
}

char *op_doc_strdup(op_doc *doc, const char *s, size_t len)
{
    return op_arena_strndup(doc->arena, s, len);
}

const char *op_doc_get_meta(const op_doc *doc, op_meta_field f)
{
    if ((unsigned)f >= OP_META_FIELD_COUNT)
        return NULL;
    return doc->meta[f];
}

static int is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x3000;
}

void op_doc_set_title_node(op_doc *doc, op_node *heading)
{
    doc->title_node = heading;
}

op_node *op_doc_get_title_node(const op_doc *doc)
{
    return doc->title_node;
}

void op_doc_set_meta(op_doc *doc, op_meta_field f, const char *s, size_t len)
{
    if ((unsigned)f >= OP_META_FIELD_COUNT)
        return;
    doc->meta[f] = NULL;
    if (f == OP_META_TITLE)
        doc->title_node = NULL;
    if (!s)
        return;
    op_buf b;
    op_buf_init(&b, 0);
    size_t i = 0;
    int pending_space = 0;
    while (i < len) {
        size_t at = i;
        uint32_t cp = op_utf8_next(s, len, &i);
        if (is_space_cp(cp) || cp < 0x20 || cp == 0x7F) {
            pending_space = b.len > 0;
            continue;
        }
        if (pending_space)
            op_buf_addc(&b, ' ');
        pending_space = 0;
        if (cp == 0xFFFD && i - at == 1)
            op_buf_add(&b, "\xEF\xBF\xBD", 3);
        else
            op_buf_add(&b, s + at, i - at);
    }
    if (b.len)
        doc->meta[f] = op_arena_strndup(doc->arena, b.data, b.len);
    op_buf_free(&b);
}
