/* What an item hands to op_convert (its file or bytes, and what its archive knows as the
 * article's metadata), for the runner (batch.c) and for a page saved in a one-article format
 * (MHTML, SingleFile) that the command converts on its own (op_batch_page_load). */
#include "batch/batch_int.h"
#include "core/core.h"

#include <stdio.h>
#include <string.h>

void batch_item_input(const batch_item *it, op_input *in, const char **meta, char *pub, char **name)
{
    memset(meta, 0, OP_META_FIELD_COUNT * sizeof *meta);
    meta[OP_META_TITLE] = it->title;
    meta[OP_META_AUTHOR] = it->author;
    meta[OP_META_SITE_NAME] = it->site;
    meta[OP_META_SOURCE_URL] = it->url;
    meta[OP_META_DESCRIPTION] = it->excerpt;
    pub[0] = '\0';
    if (it->published >= 0) {
        batch_item t2 = *it;
        t2.saved = -1;
        batch_item_date(&t2, -1, pub);
        meta[OP_META_PUBLISHED] = pub;
    }
    *name = it->data && it->base_dir ? op_path_join(it->base_dir, "index.html") : NULL;
    memset(in, 0, sizeof *in);
    in->path = it->path;
    in->meta = meta;
    if (!it->path && !it->data) { /* only a URL: fetched (the run has --fetch) */
        in->path = it->url;
        return;
    }
    if (!it->path) {
        in->data = it->data;
        in->len = it->len;
        in->name = *name;
    }
}

/*** A saved page for a plain conversion ***/

struct op_batch_page {
    batch_item *it;
    const char *meta[OP_META_FIELD_COUNT];
    char pub[11];
    char *name;
};

/* Takes the reader's first item; a second one stops it (a one-article format has one). */
static op_status take_page(void *ud, batch_item *it)
{
    op_batch_page *p = ud;
    if (p->it) {
        batch_item_free(it);
        return BATCH_STOPPED;
    }
    p->it = it;
    return OP_OK;
}

op_status op_batch_page_load(const char *path, op_input *in, op_batch_page **page, op_diag *diag)
{
    char head[BATCH_SNIFF_HEAD];
    memset(in, 0, sizeof *in);
    in->path = path;
    *page = NULL;
    FILE *f = path && strcmp(path, "-") != 0 ? fopen(path, "rb") : NULL;
    if (!f)
        return OP_OK; /* the conversion tells */
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    /* a reader that only the one-article readers' turn finds: the first is one of them */
    const batch_reader *r = batch_reader_sniff(path, head, n, 0);
    if (!r || r == batch_reader_sniff(path, head, n, 1))
        return OP_OK;
    op_batch_page *p = op_calloc(1, sizeof *p);
    op_status st = r->read(path, NULL, take_page, p, diag);
    if (!p->it) {
        op_free(p);
        return st ? st : OP_ERR_PARSE;
    }
    batch_item_input(p->it, in, p->meta, p->pub, &p->name);
    if (!in->path && !in->name)
        in->name = path; /* messages name the file; its folder locates relative images */
    *page = p;
    return OP_OK;
}

void op_batch_page_free(op_batch_page *page)
{
    if (!page)
        return;
    batch_item_free(page->it);
    op_free(page->name);
    op_free(page);
}
