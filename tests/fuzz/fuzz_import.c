/* libFuzzer target for the archive readers (src/batch/import_*.c): the bytes go to a temp
 * file (readers take paths: zips need one) and through every reader's sniff and read; each
 * emitted item is checked (an id, and a URL or content) and freed. Without libFuzzer,
 * replay.c runs it over tests/fuzz/corpus/import/ and tests/fixtures/imports/. */
#include "batch/batch_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Items a reader may hand over per input, as the runner's --max-entries stops an export
 * (a 64 KB zip can expand to 400,000 rows: each run would take seconds). */
#define FUZZ_MAX_ENTRIES 10000

static op_status take(void *ud, batch_item *it)
{
    size_t *n = ud;
    if (!it->id || !(it->url || it->data || it->path) || (it->data && !it->len && it->data[0]))
        abort();
    batch_item_free(it);
    return ++*n >= FUZZ_MAX_ENTRIES ? OP_ERR_LIMIT : OP_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/fuzz_import_%ld", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    size_t head = size < BATCH_SNIFF_HEAD ? size : BATCH_SNIFF_HEAD;
    const batch_reader *r;
    for (size_t i = 0; (r = batch_reader_at(i)) != NULL; i++) {
        r->sniff(path, (const char *)data, head);
        size_t n = 0;
        r->read(path, NULL, take, &n, NULL);
    }
    batch_reader_sniff(path, (const char *)data, head, 0);
    unlink(path);
    return 0;
}
