/* wallabag's JSON export: an array of entries carrying the page itself (content HTML), so
 * each becomes a data item. Tags come as strings or as objects with a label, published_by
 * as an array of names, dates with offsets like "+0200", is_archived as 0/1 or true/false.
 * preview_picture has no place in a batch_item and is left out. */
#include "batch/import.h"
#include "batch/import_json.h"

#include <string.h>

static void add_tags(batch_item *it, const import_json *tags)
{
    for (const import_json *t = import_json_first(tags); t; t = import_json_next(t)) {
        const char *s = import_json_string(t);
        if (!s)
            s = import_json_str(t, "label");
        if (!s)
            s = import_json_str(t, "slug");
        if (s)
            batch_item_add_tag(it, s, strlen(s));
    }
}

/* published_by: ["A", "B"] into "A, B" (a string is taken as it is). */
static void set_authors(batch_item *it, const import_json *by)
{
    if (import_json_string(by)) {
        import_sets(&it->author, import_json_string(by));
        return;
    }
    op_buf b;
    op_buf_init(&b, 4096);
    for (const import_json *a = import_json_first(by); a; a = import_json_next(a)) {
        const char *s = import_json_string(a);
        if (!s || !*s)
            continue;
        if (b.len)
            op_buf_adds(&b, ", ");
        op_buf_adds(&b, s);
    }
    if (b.len)
        import_set(&it->author, b.data, b.len);
    op_buf_free(&b);
}

static op_status entry(const import_json *e, size_t n, const char *path, batch_emit_fn emit,
                       void *ud, op_diag *diag)
{
    char id[64], where[96];
    batch_item *it = batch_item_new("wallabag");
    int has_id = import_json_id(e, "id", id, sizeof id);
    snprintf(where, sizeof where, "entry %zu%s%s", n, has_id ? " id " : "", has_id ? id : "");
    import_source(it, path, where, 0);
    if (!import_json_is_object(e)) {
        op_diag_report(diag, OP_SEV_WARNING, it->source, 0, "not an object: skipped");
        batch_item_free(it);
        return OP_OK;
    }
    import_sets(&it->url, import_json_str(e, "url"));
    import_sets(&it->title, import_json_str(e, "title"));
    import_sets(&it->site, import_json_str(e, "domain_name"));
    set_authors(it, import_json_get(e, "published_by"));
    add_tags(it, import_json_get(e, "tags"));
    it->saved = import_json_time(e, "created_at");
    it->published = import_json_time(e, "published_at");
    int archived = import_json_bool(e, "is_archived");
    if (archived >= 0)
        import_sets(&it->state, archived ? "archive" : "unread");
    if (import_json_bool(e, "is_starred") == 1)
        import_sets(&it->folder, "starred");
    const char *content = import_json_str(e, "content");
    if (content && *content) {
        it->len = strlen(content);
        it->data = op_strndup(content, it->len);
    }
    return import_emit(it, has_id ? id : NULL, emit, ud, diag);
}

static op_status wallabag_read(const char *path, const batch_caps *caps, batch_emit_fn emit,
                               void *ud, op_diag *diag)
{
    (void)caps; /* no zip */
    import_json *root;
    op_status st = import_json_load(path, &root, diag);
    if (st)
        return st;
    if (!import_json_is_array(root)) {
        op_diag_report(diag, OP_SEV_ERROR, path, 0, "a wallabag export is a JSON array");
        st = OP_ERR_PARSE;
    }
    size_t n = 0;
    for (const import_json *e = import_json_first(root); e && st == OP_OK; e = import_json_next(e))
        st = entry(e, ++n, path, emit, ud, diag);
    import_json_free(root);
    return st;
}

static int wallabag_sniff(const char *path, const char *head, size_t n)
{
    (void)path;
    return import_head_first(head, n) == '[' && import_head_has(head, n, "\"is_archived\"");
}

const batch_reader batch_reader_wallabag = {"wallabag", wallabag_sniff, wallabag_read};
