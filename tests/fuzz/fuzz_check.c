/* libFuzzer target for the EPUB reader behind `offprint check` (src/epub/epub_check.c and
 * epub_zipread.c): the bytes go to a temp file (the check takes a path) and are checked with
 * the default caps; the counts must be consistent. Without libFuzzer, replay.c runs it over
 * tests/fuzz/corpus/check/. */
#include "offprint/check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/fuzz_check_%ld.epub", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    op_check_counts counts = {0};
    if (op_epub_check(path, NULL, NULL, &counts) != OP_OK)
        abort(); /* OP_OK whenever the check ran, unreadable files included */
    if (counts.errors < 0 || counts.warnings < 0)
        abort();
    if ((size < 4 || memcmp(data, "PK\003\004", 4) != 0) && counts.errors == 0)
        abort(); /* no zip at all, yet no error */
    unlink(path);
    return 0;
}
