/* libFuzzer target for the theme parser: parse any bytes as CSS, then run the cascade
 * over a few element chains and read @page. Without libFuzzer, replay.c runs it over
 * tests/fuzz/corpus/css/. */
#include "style/style.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    op_style *s = NULL;
    if (op_style_parse((const char *)data, size, "fuzz.css", NULL, &s) != OP_OK)
        return 0;
    static const style_elem chain[] = {{"html", NULL},        {"body", NULL}, {"article", NULL},
                                       {"blockquote", NULL},  {"ul", NULL},   {"li", NULL},
                                       {"p", "caption note"}, {"code", NULL}};
    style_computed cur;
    style_root(10.5f, &cur);
    for (size_t i = 1; i <= sizeof chain / sizeof chain[0]; i++) {
        style_computed next;
        style_compute(s, chain, i, &cur, 10.5f, 10.5f, 300.0f, &next);
        if (!(next.size > 0) || !(next.lh > 0)) /* also false for NaN */
            abort();
        cur = next;
    }
    style_page pg;
    style_page_get(s, 10.5f, &pg);
    op_style_free(s);
    return 0;
}
