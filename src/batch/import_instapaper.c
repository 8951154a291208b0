/* Instapaper exports: the CSV, old (URL,Title,Selection,Folder) and current (...,Timestamp,
 * Tags with Tags a JSON array inside the cell), and the HTML export (<h1> per folder, then
 * <ol><li><a href>). URLs only; Selection is the reader's excerpt. Folders: Unread and
 * Archive are states, Starred and the user's own folders are folders (of unread items). */
#include "batch/import.h"
#include "batch/import_html.h"

#include <string.h>
#include <strings.h>

static const char *const insta_cols[] = {"url", "title", "selection", "folder", NULL};

/* Folder "Unread" / "Archive" / "Starred" / a custom name into state and folder. */
static void set_folder(batch_item *it, const char *folder)
{
    const char *state = import_state(folder);
    import_sets(&it->state, state ? state : "unread");
    if (!state)
        import_sets(&it->folder, folder);
}

static op_status read_csv(const char *path, batch_emit_fn emit, void *ud, op_diag *diag)
{
    op_status st;
    csv *c = import_csv_open(path, &st, diag);
    if (!c)
        return st;
    int url = csv_column(c, "url"), title = csv_column(c, "title");
    int sel = csv_column(c, "selection"), folder = csv_column(c, "folder");
    int stamp = csv_column(c, "timestamp"), tags = csv_column(c, "tags");
    int more;
    while ((st = csv_next(c, &more)) == OP_OK && more) {
        batch_item *it = batch_item_new("instapaper");
        import_source(it, path, NULL, csv_line(c));
        import_sets(&it->url, csv_get(c, url));
        import_sets(&it->title, csv_get(c, title));
        import_sets(&it->excerpt, csv_get(c, sel));
        set_folder(it, csv_get(c, folder));
        const char *t = csv_get(c, stamp);
        op_date_unix(t, t ? strlen(t) : 0, &it->saved);
        import_tags_list(it, csv_get(c, tags));
        if ((st = import_emit(it, NULL, emit, ud, diag)) != OP_OK) {
            import_csv_close(c); /* the callee's stop: nothing to tell */
            return st;
        }
    }
    if (st)
        import_csv_error(diag, path, NULL, c, st);
    import_csv_close(c);
    return st;
}

static op_status html_link(void *ud, const import_link *l)
{
    import_ctx *h = ud;
    batch_item *it = batch_item_new("instapaper");
    char entry[32];
    snprintf(entry, sizeof entry, "link %zu", l->index);
    import_source(it, h->path, entry, 0);
    import_sets(&it->url, l->href);
    import_sets(&it->title, l->text);
    set_folder(it, l->heading);
    return import_emit(it, NULL, h->emit, h->ud, h->diag);
}

static int insta_sniff(const char *path, const char *head, size_t n)
{
    (void)path;
    return import_csv_sniff(head, n, insta_cols) ||
           import_head_has(head, n, "<title>Instapaper: Export</title>");
}

static op_status insta_read(const char *path, const batch_caps *caps, batch_emit_fn emit, void *ud,
                            op_diag *diag)
{
    (void)caps; /* no zip */
    char head[4096];
    size_t n = import_head_read(path, head, sizeof head);
    if (import_head_is_html(head, n)) {
        import_ctx h = {path, emit, ud, diag};
        return import_html_links(path, html_link, &h, diag);
    }
    return read_csv(path, emit, ud, diag);
}

const batch_reader batch_reader_instapaper = {"instapaper", insta_sniff, insta_read};
