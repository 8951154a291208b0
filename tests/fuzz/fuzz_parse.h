/* Shared body of the parser fuzz targets: bytes -> op_read (one format) ->
 * op_doc_check (abort on any violation) -> model dump and plain text -> free. */
#ifndef OP_FUZZ_PARSE_H
#define OP_FUZZ_PARSE_H

#include "offprint/export.h"
#include "offprint/convert.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_print_diag(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    (void)ud;
    (void)sev;
    (void)file;
    (void)line;
    fprintf(stderr, "op_doc_check: %s\n", msg);
}

static int fuzz_parse(const uint8_t *data, size_t size, op_format format, const char *name)
{
    op_parse_opts opts = {0};
    op_doc *doc = NULL;
    opts.format = format;
    opts.filename = name;
    opts.base_dir = "/tmp";
    opts.max_depth = (size & 1) ? 16 : 0; /* exercise the flattening path too */
    if (op_read((const char *)data, size, &opts, NULL, &doc) != OP_OK)
        return 0;
    int bad = op_doc_check(doc, NULL);
    if (bad) {
        op_diag diag = {0};
        diag.fn = fuzz_print_diag;
        op_doc_check(doc, &diag);
        char *dump = op_doc_dump_new(doc);
        fprintf(stderr, "op_doc_check: %d violations\n%s\n", bad, dump ? dump : "");
        op_free(dump);
        abort();
    }
    op_free(op_doc_dump_new(doc));
    op_free(op_doc_text_new(doc, NULL));
    op_doc_free(doc);
    return 0;
}

#endif
