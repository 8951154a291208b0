/* The reading stages in one call: bytes -> op_page_parse -> op_extract -> op_page_to_doc ->
 * the model. What tests, fuzzers and op_convert_load use when they want a document, not the
 * stages. The parse stage times itself (popts->timings); this adds extract and model. */
#include "core/core.h"
#include "offprint/convert.h"

op_status op_read(const char *data, size_t len, const op_parse_opts *popts,
                  const op_extract_opts *xopts, op_doc **out)
{
    op_page *page = NULL;
    op_timings *tm = popts ? popts->timings : NULL;
    *out = NULL;
    op_status st = op_page_parse(data, len, popts, &page);
    op_tick t = op_clock_now();
    if (st == OP_OK)
        st = op_extract(page, xopts);
    t = op_timings_add(tm, OP_STAGE_EXTRACT, t);
    if (st == OP_OK)
        st = op_page_to_doc(page, out);
    op_page_free(page);
    op_timings_add(tm, OP_STAGE_MODEL, t);
    return st;
}
