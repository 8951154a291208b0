/* The table of archive readers (read-later exports, feeds, bookmarks, single-page formats):
 * batch mode asks each in turn whether it recognises a file. Adding a reader is one line in
 * BATCH_READERS below: X(name) for a `const batch_reader batch_reader_<name>` defined in
 * src/batch/import_<name>.c. Readers of single pages are marked so that a lone page given on
 * the command line stays a plain conversion. */
#include "batch/batch_int.h"

#include <string.h>

/* X(name, single_page): single_page = 1 for formats that hold one article (MHTML,
 * SingleFile), 0 for archives of many. */
#define BATCH_READERS(X)

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
        if (strcmp(readers[i].r->name, name) == 0)
            return readers[i].r;
    return NULL;
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
