/* Karakeep (formerly Hoarder) JSON export: {"bookmarks": [{createdAt, title, tags,
 * content: {type: "link", url} | {type: "text", text}, note, archived}]}. A link is a
 * URL-only item; a text bookmark carries its text inline and becomes a data item (the
 * runner sniffs it as text). Assets (uploaded images, PDFs) are not in the export: skipped
 * with a warning. */
#include "batch/import.h"
#include "batch/import_json.h"

#include <string.h>

static op_status bookmark(const import_json *b, size_t n, const char *path, batch_emit_fn emit,
                          void *ud, op_diag *diag)
{
    char where[64];
    snprintf(where, sizeof where, "bookmark %zu", n);
    batch_item *it = batch_item_new("karakeep");
    import_source(it, path, where, 0);
    const import_json *content = import_json_get(b, "content");
    const char *type = import_json_str(content, "type");
    if (!type || (strcmp(type, "link") && strcmp(type, "text"))) {
        op_diag_report(diag, OP_SEV_WARNING, it->source, 0,
                       "content of type %s is not in the export: skipped", type ? type : "none");
        batch_item_free(it);
        return OP_OK;
    }
    import_sets(&it->title, import_json_str(b, "title"));
    import_sets(&it->excerpt, import_json_str(b, "note"));
    it->saved = import_json_time(b, "createdAt");
    for (const import_json *t = import_json_first(import_json_get(b, "tags")); t;
         t = import_json_next(t)) {
        const char *s = import_json_string(t);
        if (!s)
            s = import_json_str(t, "name");
        if (s)
            batch_item_add_tag(it, s, strlen(s));
    }
    int archived = import_json_bool(b, "archived");
    if (archived >= 0)
        import_sets(&it->state, archived ? "archive" : "unread");
    import_sets(&it->url, import_json_str(content, "url"));
    const char *text = import_json_str(content, "text");
    if (!strcmp(type, "text") && text && *text) {
        it->len = strlen(text);
        it->data = op_strndup(text, it->len);
    }
    return import_emit(it, where, emit, ud, diag);
}

static op_status karakeep_read(const char *path, const batch_caps *caps, batch_emit_fn emit,
                               void *ud, op_diag *diag)
{
    (void)caps; /* no zip */
    import_json *root;
    op_status st = import_json_load(path, &root, diag);
    if (st)
        return st;
    const import_json *list = import_json_get(root, "bookmarks");
    if (!import_json_is_array(list)) {
        op_diag_report(diag, OP_SEV_ERROR, path, 0,
                       "no \"bookmarks\" array: not a Karakeep export");
        st = OP_ERR_PARSE;
    }
    size_t n = 0;
    for (const import_json *b = import_json_first(list); b && st == OP_OK; b = import_json_next(b))
        st = bookmark(b, ++n, path, emit, ud, diag);
    import_json_free(root);
    return st;
}

static int karakeep_sniff(const char *path, const char *head, size_t n)
{
    (void)path;
    return import_head_first(head, n) == '{' && import_head_has(head, n, "\"bookmarks\"");
}

const batch_reader batch_reader_karakeep = {"karakeep", karakeep_sniff, karakeep_read};
