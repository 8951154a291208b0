/* Raindrop.io's CSV export (id,title,note,excerpt,url,folder,tags,created,cover,highlights,
 * favorite): tags a comma-separated list inside the cell, created an ISO 8601 time in UTC
 * ("2023-04-05T10:11:12.345Z"), a collection name as folder. No read state. URLs only. */
#include "batch/import.h"

#include <string.h>

static const char *const raindrop_cols[] = {"url", "title", "excerpt", "note", "created", NULL};

static op_status raindrop_read(const char *path, const batch_caps *caps, batch_emit_fn emit,
                               void *ud, op_diag *diag)
{
    (void)caps; /* no zip */
    op_status st;
    csv *c = import_csv_open(path, &st, diag);
    if (!c)
        return st;
    int url = csv_column(c, "url"), title = csv_column(c, "title"), id = csv_column(c, "id");
    int excerpt = csv_column(c, "excerpt"), note = csv_column(c, "note");
    int folder = csv_column(c, "folder"), tags = csv_column(c, "tags");
    int created = csv_column(c, "created");
    int more;
    while ((st = csv_next(c, &more)) == OP_OK && more) {
        batch_item *it = batch_item_new("raindrop");
        import_source(it, path, NULL, csv_line(c));
        import_sets(&it->url, csv_get(c, url));
        import_sets(&it->title, csv_get(c, title));
        import_sets(&it->excerpt, csv_get(c, excerpt));
        if (!it->excerpt)
            import_sets(&it->excerpt, csv_get(c, note));
        import_sets(&it->folder, csv_get(c, folder));
        import_tags_split(it, csv_get(c, tags), ',');
        const char *t = csv_get(c, created);
        op_date_unix(t, t ? strlen(t) : 0, &it->saved);
        if ((st = import_emit(it, csv_get(c, id), emit, ud, diag)) != OP_OK) {
            import_csv_close(c); /* the callee's stop: nothing to tell */
            return st;
        }
    }
    if (st)
        import_csv_error(diag, path, NULL, c, st);
    import_csv_close(c);
    return st;
}

static int raindrop_sniff(const char *path, const char *head, size_t n)
{
    (void)path;
    return import_csv_sniff(head, n, raindrop_cols);
}

const batch_reader batch_reader_raindrop = {"raindrop", raindrop_sniff, raindrop_read};
