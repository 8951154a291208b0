/* SingleFile pages: one HTML file with its images inlined as data: URIs, the original URL
 * and the saving date in its opening comment ("<!-- Page saved with SingleFile  url:
 * https://...  saved date: Sat Dec 06 2026 10:00:00 GMT+0100 (Central European ...) -->").
 * The page stays a path item; the comment gives its URL and saved date. */
#include "batch/import.h"

#include <string.h>

#define SINGLEFILE_HEAD 8192 /* the comment sits at the very top */

/* The value after "name:" on its line of the comment, into out. */
static int field(const char *head, const char *name, char *out, size_t outsz)
{
    const char *p = strstr(head, name);
    if (!p)
        return 0;
    p += strlen(name);
    while (*p == ' ' || *p == '\t')
        p++;
    size_t n = strcspn(p, "\r\n");
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= outsz || (n >= 3 && !strncmp(p + n - 3, "-->", 3)))
        return 0;
    memcpy(out, p, n);
    out[n] = '\0';
    return 1;
}

/* JavaScript's Date.toString ("Sat Dec 06 2026 10:00:00 GMT+0100 (zone name)") rearranged
 * into RFC 822 ("06 Dec 2026 10:00:00 +0100") for op_date_unix. */
static int64_t js_date(const char *s)
{
    char wd[8], mon[8], day[8], year[8], time[16], zone[16], rfc[80];
    int64_t t = -1;
    if (sscanf(s, "%7s %7s %7s %7s %15s GMT%15[+-0123456789]", wd, mon, day, year, time, zone) ==
        6) {
        snprintf(rfc, sizeof rfc, "%s %s %s %s %s", day, mon, year, time, zone);
        op_date_unix(rfc, strlen(rfc), &t);
    }
    return t;
}

static op_status singlefile_read(const char *path, const batch_caps *caps, batch_emit_fn emit,
                                 void *ud, op_diag *diag)
{
    (void)caps; /* no zip */
    char head[SINGLEFILE_HEAD + 1], value[2048];
    size_t n = import_head_read(path, head, SINGLEFILE_HEAD);
    head[n] = '\0';
    const char *mark = n ? strstr(head, "Page saved with SingleFile") : NULL;
    if (!mark) {
        op_diag_report(diag, OP_SEV_ERROR, path, 0,
                       n ? "no SingleFile comment at the top" : "cannot read");
        return n ? OP_ERR_PARSE : OP_ERR_IO;
    }
    char *end = strstr(mark, "-->");
    if (end)
        *end = '\0';
    batch_item *it = batch_item_new("singlefile");
    import_source(it, path, NULL, 0);
    it->path = op_strdup(path);
    if (field(mark, "url:", value, sizeof value))
        import_sets(&it->url, value);
    if (field(mark, "saved date:", value, sizeof value))
        it->saved = js_date(value);
    return import_emit(it, path, emit, ud, diag);
}

static int singlefile_sniff(const char *path, const char *head, size_t n)
{
    (void)path;
    return import_head_has(head, n, "Page saved with SingleFile");
}

const batch_reader batch_reader_singlefile = {"singlefile", singlefile_sniff, singlefile_read};
