/* Dates for people: the title blocks of both back ends show an ISO 8601 date as
 * "3 November 2022", so the PDF and the EPUB read the same. */
#include "core/core.h"

#include <stdio.h>

void op_date_display(const char *iso, char *out, size_t outsz)
{
    static const char *const months[12] = {"January",   "February", "March",    "April",
                                           "May",       "June",     "July",     "August",
                                           "September", "October",  "November", "December"};
    int y, m, d;
    char tail;
    if (sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) >= 3 && m >= 1 && m <= 12 && d >= 1 &&
        d <= 31)
        snprintf(out, outsz, "%d %s %d", d, months[m - 1], y);
    else
        snprintf(out, outsz, "%s", iso);
}
