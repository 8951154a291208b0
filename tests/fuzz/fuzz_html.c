/* libFuzzer target for the html parser (see fuzz_parse.h). Without libFuzzer,
 * replay.c runs it over tests/fuzz/corpus/html/. */
#include "fuzz_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_parse(data, size, OP_FORMAT_HTML, "fuzz.html");
}
