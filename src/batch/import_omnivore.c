/* Omnivore's export zip (the service closed in 2024): metadata_*.json files, each an array
 * of {id, slug, title, author, url, state, labels, savedAt, publishedAt, ...}, and the saved
 * page as content/{slug}.html. An item with its page becomes a data item (images in it are
 * almost always remote URLs; there is no folder for relative ones to resolve against, so
 * base_dir stays NULL and the URL is the base); an item whose page is missing is URL-only. */
#include "batch/import.h"
#include "batch/import_json.h"
#include "batch/import_zip.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define OMNIVORE_MAX_META (64u << 20) /* one metadata_*.json */
#define OMNIVORE_MAX_PAGE (64u << 20) /* one content/{slug}.html */

typedef struct omni {
    import_zip *zip;
    const char *path;
    const char *dir; /* the metadata file's folder inside the zip ("" at the top) */
    size_t dir_len;
    batch_emit_fn emit;
    void *ud;
    op_diag *diag;
} omni;

/* A slug usable in an entry name: no '/', no "..", nothing odd. */
static int slug_ok(const char *s)
{
    if (!s || !*s || strlen(s) > 300 || strstr(s, ".."))
        return 0;
    for (; *s; s++)
        if (*s == '/' || *s == '\\' || (unsigned char)*s < 0x20)
            return 0;
    return 1;
}

/* The page content/{slug}.html into the item, if the zip has it. */
static void attach_page(omni *o, batch_item *it, const char *slug)
{
    if (!slug_ok(slug))
        return;
    op_buf name;
    op_buf_init(&name, 0);
    op_buf_add(&name, o->dir, o->dir_len);
    op_buf_printf(&name, "content/%s.html", slug);
    long i = import_zip_find(o->zip, name.data);
    if (i >= 0 &&
        import_zip_read(o->zip, (size_t)i, OMNIVORE_MAX_PAGE, &it->data, &it->len, o->diag) ==
            OP_OK &&
        it->len == 0) {
        op_free(it->data);
        it->data = NULL;
    }
    op_buf_free(&name);
}

static op_status item(omni *o, const import_json *e, const char *entry, size_t n)
{
    char where[600];
    snprintf(where, sizeof where, "%s:%zu", entry, n);
    batch_item *it = batch_item_new("omnivore");
    import_source(it, o->path, where, 0);
    const char *state = import_json_str(e, "state");
    if (state && !strcasecmp(state, "deleted")) {
        op_diag_report(o->diag, OP_SEV_NOTE, it->source, 0, "deleted in Omnivore: skipped");
        batch_item_free(it);
        return OP_OK;
    }
    import_sets(&it->url, import_json_str(e, "url"));
    import_sets(&it->title, import_json_str(e, "title"));
    import_sets(&it->author, import_json_str(e, "author"));
    import_sets(&it->excerpt, import_json_str(e, "description"));
    import_sets(&it->state, state && !strcasecmp(state, "archived") ? "archive" : "unread");
    it->saved = import_json_time(e, "savedAt");
    it->published = import_json_time(e, "publishedAt");
    for (const import_json *l = import_json_first(import_json_get(e, "labels")); l;
         l = import_json_next(l)) {
        const char *s = import_json_string(l);
        if (!s)
            s = import_json_str(l, "name");
        if (s)
            batch_item_add_tag(it, s, strlen(s));
    }
    const char *slug = import_json_str(e, "slug");
    attach_page(o, it, slug);
    if (!it->data && it->url)
        op_diag_report(o->diag, OP_SEV_NOTE, it->source, 0,
                       "no content/%s.html in the zip: URL only", slug_ok(slug) ? slug : "?");
    char id[128];
    return import_emit(it, import_json_id(e, "id", id, sizeof id) ? id : slug, o->emit, o->ud,
                       o->diag);
}

/* Emits the items of one metadata file; *bad = 1 when it cannot be read (warned: its own
 * items are lost, not the other files'). A non-OK status is the callee's stop. */
static op_status metadata_file(omni *o, size_t index, const char *name, int *bad)
{
    char *data;
    size_t len;
    *bad = 1;
    op_status st = import_zip_read(o->zip, index, OMNIVORE_MAX_META, &data, &len, o->diag);
    if (st == OP_ERR_IO)
        return st;
    if (st)
        return OP_OK;
    import_json *root = import_json_parse(data, len);
    op_free(data);
    if (!import_json_is_array(root)) {
        op_diag_report(o->diag, OP_SEV_WARNING, o->path, 0, "%s: not a JSON array", name);
        import_json_free(root);
        return OP_OK;
    }
    *bad = 0;
    const char *slash = strrchr(name, '/');
    o->dir = name;
    o->dir_len = slash ? (size_t)(slash - name) + 1 : 0;
    size_t n = 0;
    for (const import_json *e = import_json_first(root); e && st == OP_OK; e = import_json_next(e))
        st = item(o, e, name, ++n);
    import_json_free(root);
    return st;
}

typedef struct meta {
    size_t index;
    const char *name;
} meta;

/* metadata_0_to_49.json before metadata_50_to_99.json: by the first number, then by name. */
static int by_start(const void *a, const void *b)
{
    const meta *x = a, *y = b;
    const char *bx = strrchr(x->name, '/'), *by = strrchr(y->name, '/');
    bx = bx ? bx + 1 : x->name;
    by = by ? by + 1 : y->name;
    unsigned long nx = strtoul(bx + 9, NULL, 10), ny = strtoul(by + 9, NULL, 10);
    return nx != ny ? (nx < ny ? -1 : 1) : strcmp(x->name, y->name);
}

static op_status omnivore_read(const char *path, const batch_caps *caps, batch_emit_fn emit,
                               void *ud, op_diag *diag)
{
    omni o = {NULL, path, "", 0, emit, ud, diag};
    op_status st = import_zip_open(path, caps, &o.zip, diag);
    if (st)
        return st;
    size_t n = import_zip_count(o.zip), nm = 0;
    meta *metas = op_malloc((n ? n : 1) * sizeof *metas);
    for (size_t i = 0; i < n; i++) {
        const char *name = import_zip_name(o.zip, i);
        if (name && import_zip_base_is(name, "metadata_", ".json"))
            metas[nm++] = (meta){i, name};
    }
    qsort(metas, nm, sizeof *metas, by_start);
    if (nm == 0) {
        op_diag_report(diag, OP_SEV_ERROR, path, 0, "no metadata_*.json in this Omnivore zip");
        st = OP_ERR_PARSE;
    } else {
        st = import_zip_parts_check(o.zip, nm, diag); /* each file may list no item at all */
    }
    size_t good = 0;
    for (size_t k = 0; k < nm && st == OP_OK; k++) {
        int bad;
        st = metadata_file(&o, metas[k].index, metas[k].name, &bad);
        good += !bad;
    }
    if (st == OP_OK && nm > 0 && good == 0)
        st = OP_ERR_PARSE;
    op_free(metas);
    import_zip_close(o.zip);
    return st;
}

static int omnivore_sniff(const char *path, const char *head, size_t n)
{
    return n >= 4 && !memcmp(head, "PK\3\4", 4) && import_zip_has(path, "metadata_", ".json");
}

const batch_reader batch_reader_omnivore = {"omnivore", omnivore_sniff, omnivore_read};
