/* libFuzzer target for the text parser (see fuzz_parse.h). Without libFuzzer,
 * replay.c runs it over tests/fuzz/corpus/text/. */
#include "fuzz_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_parse(data, size, OP_FORMAT_TEXT, "fuzz.txt");
}
