/* The table of archive readers (read-later exports, feeds, bookmarks, single-page formats):
 * batch mode asks each in turn whether it recognises a file. Adding a reader is one entry in
 * BATCH_READERS below: X(name, single_page) for a `const batch_reader batch_reader_<name>`
 * defined in src/batch/import_*.c. Readers of single pages are marked so that a lone page
 * given on the command line stays a plain conversion. */
#include "batch/batch_int.h"

#include <strings.h>

/* X(name, single_page): single_page = 1 for formats that hold one article (MHTML,
 * SingleFile), 0 for archives of many. The order matters only where two could claim a file:
 * zips by the entries they hold, CSV exports by their header names (each reader asks for
 * columns the others lack), Instapaper's HTML export (it borrows the bookmark files'
 * doctype) before bookmarks. */
#define BATCH_READERS(X)                                                                           \
    X(omnivore, 0)                                                                                 \
    X(pocket, 0)                                                                                   \
    X(instapaper, 0)                                                                               \
    X(readwise, 0)                                                                                 \
    X(raindrop, 0)                                                                                 \
    X(wallabag, 0)                                                                                 \
    X(karakeep, 0)                                                                                 \
    X(bookmarks, 0)                                                                                \
    X(rss, 0)                                                                                      \
    X(atom, 0)                                                                                     \
    X(mhtml, 1)                                                                                    \
    X(singlefile, 1)

#define DECLARE(name, single) extern const batch_reader batch_reader_##name;
#define ENTRY(name, single)   {&batch_reader_##name, single},
BATCH_READERS(DECLARE)

static const struct {
    const batch_reader *r;
    int single_page;
} readers[] = {BATCH_READERS(ENTRY){NULL, 0}};

const batch_reader *batch_reader_find(const char *name)
{
    for (size_t i = 0; name && readers[i].r; i++)
        if (strcasecmp(readers[i].r->name, name) == 0)
            return readers[i].r;
    return NULL;
}

const batch_reader *batch_reader_at(size_t i)
{
    return i < sizeof readers / sizeof readers[0] ? readers[i].r : NULL;
}

const batch_reader *batch_reader_sniff(const char *path, const char *head, size_t n,
                                       int archives_only)
{
    for (size_t i = 0; readers[i].r; i++) {
        if (archives_only && readers[i].single_page)
            continue;
        if (readers[i].r->sniff && readers[i].r->sniff(path, head, n))
            return readers[i].r;
    }
    return NULL;
}
