/* The reading stages in one call: bytes -> op_page_parse -> op_extract -> op_page_to_doc ->
 * the model. What tests, fuzzers and op_convert_load use when they want a document, not the
 * stages. */
#include "offprint/convert.h"

op_status op_read(const char *data, size_t len, const op_parse_opts *popts,
                  const op_extract_opts *xopts, op_doc **out)
{
    op_page *page = NULL;
    *out = NULL;
    op_status st = op_page_parse(data, len, popts, &page);
    if (st == OP_OK)
        st = op_extract(page, xopts);
    if (st == OP_OK)
        st = op_page_to_doc(page, out);
    op_page_free(page);
    return st;
}
