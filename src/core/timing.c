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

static double seconds(clockid_t clock)
{
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0)
        return 0;
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

op_tick op_clock_now(void)
{
    op_tick t = {seconds(CLOCK_MONOTONIC), seconds(CLOCK_THREAD_CPUTIME_ID)};
    return t;
}

op_tick op_timings_add(op_timings *t, op_stage s, op_tick since)
{
    op_tick now = op_clock_now();
    if (t && (unsigned)s < OP_STAGE_COUNT) {
        t->seconds[s] += now.wall - since.wall;
        t->cpu_seconds[s] += now.cpu - since.cpu;
    }
    return now;
}
