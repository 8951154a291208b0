/* libFuzzer target: bytes -> op_parse_markdown -> op_doc_check (abort on any violation) -> dump.
 * Without libFuzzer, replay.c runs it over tests/fuzz/corpus/md/. */
#include "offprint/parse.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void print_diag(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    (void)ud;
    (void)sev;
    (void)file;
    (void)line;
    fprintf(stderr, "op_doc_check: %s\n", msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    op_parse_opts opts = {0};
    op_doc *doc = NULL;
    opts.filename = "fuzz.md";
    opts.base_dir = "/tmp";
    opts.max_depth = (size & 1) ? 16 : 0; /* exercise the flattening path too */
    if (op_parse_markdown((const char *)data, size, &opts, &doc) != OP_OK)
        return 0;
    op_diag diag = {0};
    diag.fn = print_diag;
    int bad = op_doc_check(doc, NULL);
    if (bad)
        op_doc_check(doc, &diag);
    if (bad) {
        char *dump = op_doc_dump_new(doc);
        fprintf(stderr, "op_doc_check: %d violations\n%s\n", bad, dump ? dump : "");
        op_free(dump);
        abort();
    }
    char *dump = op_doc_dump_new(doc);
    op_free(dump);
    op_doc_free(doc);
    return 0;
}
