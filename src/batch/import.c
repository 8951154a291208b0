/* What the archive readers share: trimmed copies, tag lists in their various spellings,
 * the source label, the one emit path (ids), state words, and opening and sniffing CSV
 * exports by their header row. */
#include "batch/import.h"

#include <errno.h>
#include <ctype.h>
#include <string.h>
#include <strings.h>

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

op_status import_file_read(const char *path, char **data, size_t *len, op_diag *diag)
{
    op_status st = op_file_read(path, IMPORT_MAX_FILE, data, len);
    if (st)
        op_diag_report(diag, OP_SEV_ERROR, path, 0, "%s",
                       st == OP_ERR_LIMIT ? "too large to read (over 512 MiB)" : "cannot read");
    return st;
}

void import_set(char **dst, const char *s, size_t len)
{
    op_free(*dst);
    *dst = NULL;
    if (!s)
        return;
    while (len > 0 && is_space(*s)) {
        s++;
        len--;
    }
    while (len > 0 && is_space(s[len - 1]))
        len--;
    if (len > 0)
        *dst = op_strndup(s, len);
}

void import_sets(char **dst, const char *s)
{
    import_set(dst, s, s ? strlen(s) : 0);
}

void import_tags_split(batch_item *it, const char *s, char sep)
{
    while (s && *s) {
        const char *end = strchr(s, sep);
        size_t n = end ? (size_t)(end - s) : strlen(s);
        while (n > 0 && is_space(s[n - 1]))
            n--;
        while (n > 0 && is_space(*s)) {
            s++;
            n--;
        }
        batch_item_add_tag(it, s, n);
        s = end ? end + 1 : NULL;
    }
}

void import_tags_list(batch_item *it, const char *s)
{
    if (!s)
        return;
    while (is_space(*s))
        s++;
    if (*s != '[') {
        import_tags_split(it, s, ',');
        return;
    }
    op_buf b;
    op_buf_init(&b, 4096);
    for (const char *p = s + 1; *p && *p != ']';) {
        if (*p != '"' && *p != '\'') {
            p++;
            continue;
        }
        char q = *p++;
        op_buf_reset(&b);
        for (; *p && *p != q; p++) {
            if (*p == '\\' && p[1])
                p++;
            if (op_buf_addc(&b, *p))
                break;
        }
        if (b.len)
            batch_item_add_tag(it, b.data, b.len);
        if (*p)
            p++;
    }
    op_buf_free(&b);
}

void import_source(batch_item *it, const char *path, const char *entry, size_t line)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    op_buf b;
    op_buf_init(&b, 0);
    op_buf_adds(&b, base);
    if (entry)
        op_buf_printf(&b, ":%s", entry);
    if (line)
        op_buf_printf(&b, ":%zu", line);
    op_free(it->source);
    it->source = op_buf_detach(&b, NULL);
}

op_status import_emit(batch_item *it, const char *fallback, batch_emit_fn emit, void *ud,
                      op_diag *diag)
{
    if (!it->id)
        import_sets(&it->id, it->url ? it->url : fallback);
    if (!it->id || (!it->url && !it->path && !it->data)) {
        op_diag_report(diag, OP_SEV_WARNING, it->source, 0,
                       "entry has neither a URL nor content: skipped");
        batch_item_free(it);
        return OP_OK;
    }
    return emit(ud, it);
}

int import_csv_sniff(const char *head, size_t n, const char *const *names)
{
    /* the header row is the first line: read it alone, so a cut-off head cannot matter */
    size_t i = 0;
    if (n >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < n && is_space(head[i]))
        i++;
    const char *end = memchr(head + i, '\n', n - i);
    if (!end || memchr(head + i, '\0', (size_t)(end - (head + i))))
        return 0;
    csv *c = csv_new_mem(head + i, (size_t)(end - (head + i)));
    int ok = csv_read_header(c) == OP_OK && csv_count(c) >= 2;
    for (size_t k = 0; ok && names[k]; k++)
        ok = csv_column(c, names[k]) >= 0;
    csv_free(c);
    return ok;
}

static ssize_t read_file(void *ud, char *buf, size_t n)
{
    FILE *f = ud;
    size_t got = fread(buf, 1, n, f);
    return got == 0 && ferror(f) ? -1 : (ssize_t)got;
}

csv *import_csv_open(const char *path, op_status *st, op_diag *diag)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        char eb[128];
        op_diag_report(diag, OP_SEV_ERROR, path, 0, "cannot open: %s",
                       op_errno_str(errno, eb, sizeof eb));
        *st = OP_ERR_IO;
        return NULL;
    }
    csv *c = csv_new(read_file, f);
    *st = csv_read_header(c);
    if (*st) {
        import_csv_error(diag, path, NULL, c, *st);
        import_csv_close(c);
        return NULL;
    }
    return c;
}

void import_csv_close(csv *c)
{
    if (!c)
        return;
    fclose(csv_source(c));
    csv_free(c);
}

void import_csv_error(op_diag *diag, const char *path, const char *entry, const csv *c,
                      op_status st)
{
    const char *what = st == OP_ERR_PARSE   ? "a quoted field is never closed"
                       : st == OP_ERR_LIMIT ? "a record is too long or has too many fields"
                                            : "read error";
    if (st == OP_ERR_PARSE && csv_count(c) == 0 && csv_line(c) == 0)
        what = "no header row";
    if (entry) /* the line is the entry's, not the zip's */
        op_diag_report(diag, OP_SEV_ERROR, path, 0, "%s:%zu: CSV: %s", entry, csv_line(c), what);
    else
        op_diag_report(diag, OP_SEV_ERROR, path, (int)csv_line(c), "CSV: %s", what);
}

const char *import_state(const char *s)
{
    static const char *const unread[] = {"unread", "new", "later", "inbox", "shortlist", "queue"};
    static const char *const archive[] = {"archive", "archived", "read", "read archive"};
    if (!s)
        return NULL;
    while (is_space(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1]))
        n--;
    for (size_t i = 0; i < sizeof unread / sizeof *unread; i++)
        if (strlen(unread[i]) == n && !strncasecmp(s, unread[i], n))
            return "unread";
    for (size_t i = 0; i < sizeof archive / sizeof *archive; i++)
        if (strlen(archive[i]) == n && !strncasecmp(s, archive[i], n))
            return "archive";
    return NULL;
}

int import_head_has(const char *head, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (k == 0)
        return 1;
    /* the first byte in either case, then the rest: every file of a folder is sniffed by
     * every reader, on the thread that hands items to the workers */
    unsigned char lo = (unsigned char)tolower((unsigned char)needle[0]);
    unsigned char up = (unsigned char)toupper((unsigned char)needle[0]);
    for (size_t i = 0; i + k <= n; i++) {
        unsigned char c = (unsigned char)head[i];
        if ((c == lo || c == up) && !strncasecmp(head + i + 1, needle + 1, k - 1))
            return 1;
    }
    return 0;
}

char import_head_first(const char *head, size_t n)
{
    size_t i = n >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < n && is_space(head[i]))
        i++;
    return i < n ? head[i] : 0;
}

size_t import_head_read(const char *path, char *head, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t got = fread(head, 1, n, f);
    fclose(f);
    return got;
}

int import_head_is_html(const char *head, size_t n)
{
    return import_head_first(head, n) == '<' &&
           (import_head_has(head, n, "<html") || import_head_has(head, n, "<!DOCTYPE") ||
            import_head_has(head, n, "<ul") || import_head_has(head, n, "<ol"));
}
