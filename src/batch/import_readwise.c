/* Readwise Reader's CSV export (Title,URL,ID,Document tags,Saved date,Reading progress,
 * Location,Seen...): tags written as a Python list ("['a', 'b']"), Location new / later /
 * shortlist / archive / feed, dates "2024-01-05 10:11:12+00:00". URLs only. */
#include "batch/import.h"

#include <string.h>

static const char *const readwise_cols[] = {"title", "url", "document tags", NULL};

static op_status readwise_read(const char *path, const batch_caps *caps, batch_emit_fn emit,
                               void *ud, op_diag *diag)
{
    (void)caps; /* no zip */
    op_status st;
    csv *c = import_csv_open(path, &st, diag);
    if (!c)
        return st;
    int url = csv_column(c, "url"), title = csv_column(c, "title"), id = csv_column(c, "id");
    int tags = csv_column(c, "document tags"), saved = csv_column(c, "saved date");
    int loc = csv_column(c, "location"), author = csv_column(c, "author");
    int more;
    while ((st = csv_next(c, &more)) == OP_OK && more) {
        batch_item *it = batch_item_new("readwise");
        import_source(it, path, NULL, csv_line(c));
        import_sets(&it->url, csv_get(c, url));
        import_sets(&it->title, csv_get(c, title));
        import_sets(&it->author, csv_get(c, author));
        const char *t = csv_get(c, saved);
        op_date_unix(t, t ? strlen(t) : 0, &it->saved);
        import_tags_list(it, csv_get(c, tags));
        const char *where = csv_get(c, loc);
        import_sets(&it->state, import_state(where));
        if (where && !it->state) /* "feed" */
            import_sets(&it->folder, where);
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

static int readwise_sniff(const char *path, const char *head, size_t n)
{
    static const char *const alt[] = {"title", "url", "saved date", NULL};
    (void)path;
    return import_csv_sniff(head, n, readwise_cols) || import_csv_sniff(head, n, alt);
}

const batch_reader batch_reader_readwise = {"readwise", readwise_sniff, readwise_read};
