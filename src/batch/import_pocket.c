/* Pocket exports (the service closed in 2025): a zip of part_000000.csv, part_000001.csv...,
 * a bare CSV (title,url,time_added,tags,status; some with a cursor column), and the legacy
 * ril_export.html (<h1>Unread</h1><ul><li><a href time_added tags>). URLs only: Pocket
 * never exported the pages. */
#include "batch/import.h"
#include "batch/import_html.h"
#include "batch/import_zip.h"

#include <stdlib.h>
#include <string.h>

static const char *const pocket_cols[] = {"title", "url", "time_added", NULL};

/*** CSV ***/

static op_status read_rows(csv *c, const char *path, const char *entry, batch_emit_fn emit,
                           void *ud, op_diag *diag)
{
    int url = csv_column(c, "url"), title = csv_column(c, "title");
    int added = csv_column(c, "time_added"), tags = csv_column(c, "tags");
    int status = csv_column(c, "status");
    op_status st;
    int more;
    if (url < 0) {
        if (entry)
            op_diag_report(diag, OP_SEV_ERROR, path, 0, "%s: Pocket CSV without a url column",
                           entry);
        else
            op_diag_report(diag, OP_SEV_ERROR, path, 1, "Pocket CSV without a url column");
        return OP_ERR_PARSE;
    }
    while ((st = csv_next(c, &more)) == OP_OK && more) {
        batch_item *it = batch_item_new("pocket");
        import_source(it, path, entry, csv_line(c));
        import_sets(&it->url, csv_get(c, url));
        import_sets(&it->title, csv_get(c, title));
        if (it->title && it->url && !strcmp(it->title, it->url)) { /* Pocket's "no title" */
            op_free(it->title);
            it->title = NULL;
        }
        const char *t = csv_get(c, added);
        op_date_unix(t, t ? strlen(t) : 0, &it->saved);
        import_tags_split(it, csv_get(c, tags), '|');
        import_sets(&it->state, import_state(csv_get(c, status)));
        if ((st = import_emit(it, NULL, emit, ud, diag)) != OP_OK)
            return st;
    }
    if (st && !(entry && import_zip_csv_capped(c))) /* a cap is told when the entry closes */
        import_csv_error(diag, path, entry, c, st);
    return st;
}

static op_status read_csv(const char *path, batch_emit_fn emit, void *ud, op_diag *diag)
{
    op_status st;
    csv *c = import_csv_open(path, &st, diag);
    if (!c)
        return st;
    st = read_rows(c, path, NULL, emit, ud, diag);
    import_csv_close(c);
    return st;
}

/*** zip of part_*.csv ***/

typedef struct part {
    size_t index;
    const char *name;
} part;

static int by_name(const void *a, const void *b)
{
    return strcmp(((const part *)a)->name, ((const part *)b)->name);
}

static op_status read_zip(const char *path, const batch_caps *caps, batch_emit_fn emit, void *ud,
                          op_diag *diag)
{
    import_zip *z;
    op_status st = import_zip_open(path, caps, &z, diag);
    if (st)
        return st;
    size_t n = import_zip_count(z), np = 0;
    part *parts = op_malloc((n ? n : 1) * sizeof *parts);
    for (size_t i = 0; i < n; i++) {
        const char *name = import_zip_name(z, i);
        if (name && import_zip_base_is(name, "part_", ".csv"))
            parts[np++] = (part){i, name};
    }
    qsort(parts, np, sizeof *parts, by_name); /* part_000000 first, whatever the zip order */
    if (np == 0) {
        op_diag_report(diag, OP_SEV_ERROR, path, 0, "no part_*.csv in this Pocket zip");
        st = OP_ERR_PARSE;
    } else {
        st = import_zip_parts_check(z, np, diag); /* each part may hold no row at all */
    }
    for (size_t k = 0; k < np && st == OP_OK; k++) {
        csv *c = import_zip_csv_open(z, parts[k].index, diag);
        if (!c) {
            st = OP_ERR_PARSE;
            break;
        }
        st = csv_read_header(c);
        if (st == OP_OK)
            st = read_rows(c, path, parts[k].name, emit, ud, diag);
        else
            import_csv_error(diag, path, parts[k].name, c, st);
        op_status st2 = import_zip_csv_close(c, diag);
        if (st2) /* a cap shows as a read error to the CSV reader: name it */
            st = st2;
    }
    op_free(parts);
    import_zip_close(z);
    return st;
}

/*** ril_export.html ***/

static op_status html_link(void *ud, const import_link *l)
{
    import_ctx *h = ud;
    batch_item *it = batch_item_new("pocket");
    char entry[32];
    snprintf(entry, sizeof entry, "link %zu", l->index);
    import_source(it, h->path, entry, 0);
    import_sets(&it->url, l->href);
    import_sets(&it->title, l->text);
    if (it->title && it->url && !strcmp(it->title, it->url)) {
        op_free(it->title);
        it->title = NULL;
    }
    const char *t = import_link_attr(l, "time_added");
    op_date_unix(t, t ? strlen(t) : 0, &it->saved);
    import_tags_split(it, import_link_attr(l, "tags"), ',');
    import_sets(&it->state, import_state(l->heading)); /* "Unread", "Read Archive" */
    return import_emit(it, NULL, h->emit, h->ud, h->diag);
}

/*** the reader ***/

static int is_zip(const char *head, size_t n)
{
    return n >= 4 && !memcmp(head, "PK\3\4", 4);
}

static int pocket_sniff(const char *path, const char *head, size_t n)
{
    if (is_zip(head, n))
        return import_zip_has(path, "part_", ".csv");
    if (import_csv_sniff(head, n, pocket_cols))
        return 1;
    return import_head_has(head, n, "<title>Pocket Export</title>") ||
           (import_head_has(head, n, "<a href") && import_head_has(head, n, "time_added="));
}

static op_status pocket_read(const char *path, const batch_caps *caps, batch_emit_fn emit, void *ud,
                             op_diag *diag)
{
    char head[4096];
    size_t n = import_head_read(path, head, sizeof head);
    if (is_zip(head, n))
        return read_zip(path, caps, emit, ud, diag);
    if (import_head_is_html(head, n)) {
        import_ctx h = {path, emit, ud, diag};
        return import_html_links(path, html_link, &h, diag);
    }
    return read_csv(path, emit, ud, diag);
}

const batch_reader batch_reader_pocket = {"pocket", pocket_sniff, pocket_read};
