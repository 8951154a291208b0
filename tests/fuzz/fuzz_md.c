/* libFuzzer target for the md parser (see fuzz_parse.h). Without libFuzzer,
 * replay.c runs it over tests/fuzz/corpus/md/. */
#include "fuzz_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_parse(data, size, OP_FORMAT_MARKDOWN, "fuzz.md");
}
