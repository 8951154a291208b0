/* Status names and the diagnostics sink. Library code reports here and never
 * prints; the CLI installs a callback that writes "file:line: severity: msg". */
#include "core/core.h"

#include <stdio.h>
#include <string.h>

const char *op_status_str(op_status st)
{
    switch (st) {
    case OP_OK:
        return "ok";
    case OP_ERR_NOMEM:
        return "out of memory";
    case OP_ERR_IO:
        return "input/output error";
    case OP_ERR_PARSE:
        return "parse error";
    case OP_ERR_UNSUPPORTED:
        return "unsupported";
    case OP_ERR_LIMIT:
        return "limit exceeded";
    case OP_ERR_FONT:
        return "font error";
    case OP_ERR_PDF:
        return "PDF writer error";
    case OP_ERR_EPUB:
        return "EPUB writer error";
    case OP_ERR_USAGE:
        return "usage error";
    case OP_ERR_SETUP:
        return "setup error";
    case OP_ERR_NETWORK:
        return "network error";
    case OP_ERR_NO_ARTICLE:
        return "no article text";
    }
    return "unknown error";
}

void op_diag_vreport(op_diag *d, op_severity sev, const char *file, int line, const char *fmt,
                     va_list ap)
{
    if (!d)
        return;
    if (sev == OP_SEV_ERROR)
        d->errors++;
    else if (sev == OP_SEV_WARNING)
        d->warnings++;
    if (!d->fn)
        return;
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    d->fn(d->ud, sev, file ? file : d->file, line, msg);
}

void op_diag_report(op_diag *d, op_severity sev, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    op_diag_vreport(d, sev, file, line, fmt, ap);
    va_end(ap);
}

const char *op_size_str(size_t bytes, char *buf, size_t n)
{
    if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
        snprintf(buf, n, "%zu MB", bytes >> 20);
    else if (bytes >= 1024 && bytes % 1024 == 0)
        snprintf(buf, n, "%zu KB", bytes >> 10);
    else if (bytes >= (1u << 20))
        snprintf(buf, n, "%.1f MB", (double)bytes / (1u << 20));
    else if (bytes >= 1024)
        snprintf(buf, n, "%.1f KB", (double)bytes / 1024);
    else
        snprintf(buf, n, "%zu bytes", bytes);
    return buf;
}

const char *op_errno_str(int err, char *buf, size_t n)
{
    if (n == 0)
        return "";
    if (strerror_r(err, buf, n) != 0) /* the POSIX strerror_r: 0 on success */
        snprintf(buf, n, "error %d", err);
    return buf;
}
