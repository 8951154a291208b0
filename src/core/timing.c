/* Stage timings (op_timings, offprint --timings): a monotonic clock and the sums the
 * pipeline's stages add to. The library only measures; front ends print. */
#include "core/core.h"

#include <time.h>

const char *op_stage_name(op_stage s)
{
    static const char *const names[OP_STAGE_COUNT] = {"read",  "decode", "tree",   "extract",
                                                      "model", "setup",  "layout", "pdf",
                                                      "epub",  "export", "save"};
    return (unsigned)s < OP_STAGE_COUNT ? names[s] : NULL;
}

double op_clock_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double op_timings_add(op_timings *t, op_stage s, double since)
{
    double now = op_clock_now();
    if (t && (unsigned)s < OP_STAGE_COUNT)
        t->seconds[s] += now - since;
    return now;
}
