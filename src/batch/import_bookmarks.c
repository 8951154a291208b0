/* Netscape bookmark files, as every browser, Pinboard and Delicious export them:
 * <DT><A HREF ADD_DATE TAGS>, folders as <H3> before a nested <DL>, <DT>/<DD>/<p> never
 * closed (the HTML5 parser nests them as browsers do). URLs only; the folder path
 * ("Bookmarks bar/Reading") is the folder, a <DD> the excerpt. Bookmarklets and browser
 * pages (javascript:, place:, about:...) are not articles: left out with a note. */
#include "batch/import.h"
#include "batch/import_html.h"

#include <string.h>
#include <strings.h>

static int is_web(const char *href)
{
    return !strncasecmp(href, "http://", 7) || !strncasecmp(href, "https://", 8);
}

static op_status link(void *ud, const import_link *l)
{
    import_ctx *h = ud;
    batch_item *it = batch_item_new("bookmarks");
    char entry[32];
    snprintf(entry, sizeof entry, "link %zu", l->index);
    import_source(it, h->path, entry, 0);
    if (!is_web(l->href)) {
        op_diag_report(h->diag, OP_SEV_NOTE, it->source, 0, "not a web page: left out");
        batch_item_free(it);
        return OP_OK;
    }
    import_sets(&it->url, l->href);
    import_sets(&it->title, l->text);
    import_sets(&it->folder, l->folder);
    import_sets(&it->excerpt, l->note);
    const char *t = import_link_attr(l, "add_date");
    op_date_unix(t, t ? strlen(t) : 0, &it->saved);
    import_tags_split(it, import_link_attr(l, "tags"), ',');
    return import_emit(it, NULL, h->emit, h->ud, h->diag);
}

static op_status bookmarks_read(const char *path, const batch_caps *caps, batch_emit_fn emit,
                                void *ud, op_diag *diag)
{
    (void)caps; /* no zip */
    import_ctx h = {path, emit, ud, diag};
    return import_html_links(path, link, &h, diag);
}

static int bookmarks_sniff(const char *path, const char *head, size_t n)
{
    (void)path;
    /* Instapaper's HTML export borrows the doctype but is no bookmark file */
    return import_head_has(head, n, "<!DOCTYPE NETSCAPE-Bookmark-file") &&
           !import_head_has(head, n, "<title>Instapaper");
}

const batch_reader batch_reader_bookmarks = {"bookmarks", bookmarks_sniff, bookmarks_read};
