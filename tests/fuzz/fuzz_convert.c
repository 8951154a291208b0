/* libFuzzer target for the whole pipeline to memory: bytes -> op_convert (format sniffed) ->
 * a PDF (even sizes) or an EPUB (odd sizes) in memory, with the fonts and dictionaries loaded
 * once and lent, as batch workers do. A conversion that succeeds must hand back a file that
 * starts as its format does. Without libFuzzer, replay.c runs it over tests/fuzz/corpus/convert/.
 */
#include "offprint/convert.h"
#include "offprint/font.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static op_fontset *fonts; /* loaded once, kept for the process (still reachable, not a leak) */
static op_hyph *hyph;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fonts) {
        op_init();
        if (op_fontset_load(NULL, NULL, &fonts) != OP_OK)
            abort(); /* a setup problem, not a finding: fonts/fonts.conf must be there */
        hyph = op_hyph_new(NULL);
    }
    op_input in = {.data = (const char *)data, .len = size, .name = "fuzz"};
    op_convert_opts o;
    memset(&o, 0, sizeof o);
    o.to = (size & 1) ? OP_OUT_EPUB : OP_OUT_PDF;
    o.pdf.fonts = fonts;
    o.pdf.hyph = hyph;
    o.epub.source_date_set = 1; /* no clock in the output */
    op_job job = {.inputs = &in, .ninputs = 1};
    if (op_convert(&job, &o) == OP_OK) {
        const char *magic = o.to == OP_OUT_PDF ? "%PDF-" : "PK\003\004";
        if (!job.out_data || job.out_len < 5 || memcmp(job.out_data, magic, strlen(magic)) != 0)
            abort();
        op_free(job.out_data);
    }
    return 0;
}
