/* The libzip adapter for the export readers: open an archive, list its entries (unsafe
 * names refused), read an entry into memory or stream it to the CSV reader, never past the
 * entry size and expansion ratio caps whatever the central directory claims. */
#include "batch/import_zip.h"

#include "offprint/batch.h"

#include <stdint.h>
#include <string.h>
#include <zip.h>

struct import_zip {
    zip_t *zip;
    char *path;
    size_t max_entry; /* bytes an entry may expand to */
    size_t max_ratio; /* expanded : compressed past 1 MiB */
    size_t max_parts; /* the export's entry limit, 0 = none */
};

op_status import_zip_open(const char *path, const batch_caps *caps, import_zip **out, op_diag *diag)
{
    int err = 0;
    *out = NULL;
    zip_t *zip = zip_open(path, ZIP_RDONLY, &err);
    if (!zip) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, err);
        op_diag_report(diag, OP_SEV_ERROR, path, 0, "cannot read the zip: %s",
                       zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return err == ZIP_ER_OPEN || err == ZIP_ER_READ || err == ZIP_ER_NOENT ? OP_ERR_IO
                                                                               : OP_ERR_PARSE;
    }
    import_zip *z = op_calloc(1, sizeof *z);
    z->zip = zip;
    z->path = op_strdup(path);
    z->max_entry = caps && caps->zip_entry ? caps->zip_entry : OP_BATCH_MAX_ZIP_ENTRY_DEFAULT;
    z->max_ratio = caps && caps->zip_ratio ? caps->zip_ratio : OP_BATCH_MAX_ZIP_RATIO_DEFAULT;
    z->max_parts = caps ? caps->entries : 0;
    *out = z;
    return OP_OK;
}

void import_zip_close(import_zip *z)
{
    if (!z)
        return;
    zip_discard(z->zip); /* read-only: nothing to write back */
    op_free(z->path);
    op_free(z);
}

size_t import_zip_count(const import_zip *z)
{
    zip_int64_t n = zip_get_num_entries(z->zip, 0);
    return n > 0 ? (size_t)n : 0;
}

op_status import_zip_parts_check(const import_zip *z, size_t n, op_diag *diag)
{
    if (!z->max_parts || n <= z->max_parts)
        return OP_OK;
    op_diag_report(diag, OP_SEV_ERROR, z->path, 0,
                   "the export is over the entry limit of %zu %s (--max-entries): the zip holds "
                   "%zu parts",
                   z->max_parts, z->max_parts == 1 ? "entry" : "entries", n);
    return OP_ERR_LIMIT;
}

static int name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 1000 || name[0] == '/' || strchr(name, '\\') || strchr(name, ':'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return 0;
    for (const char *p = name; (p = strstr(p, "..")) != NULL; p += 2)
        if ((p == name || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
            return 0;
    return 1;
}

const char *import_zip_name(const import_zip *z, size_t i)
{
    const char *name = zip_get_name(z->zip, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
    return name && name_ok(name) ? name : NULL;
}

long import_zip_find(const import_zip *z, const char *name)
{
    if (!name_ok(name))
        return -1;
    zip_int64_t i = zip_name_locate(z->zip, name, 0);
    return i >= 0 ? (long)i : -1;
}

/* Checks entry i's declared size against the caps (a refusal told at `sev`); its stat in
 * *sb. */
static op_status check_entry(import_zip *z, size_t i, size_t max, op_severity sev, zip_stat_t *sb,
                             op_diag *diag)
{
    const char *name = import_zip_name(z, i);
    if (!name || zip_stat_index(z->zip, (zip_uint64_t)i, 0, sb) != 0) {
        op_diag_report(diag, OP_SEV_WARNING, z->path, 0, "zip entry %zu: unsafe or unreadable", i);
        return OP_ERR_PARSE;
    }
    if ((sb->valid & ZIP_STAT_SIZE) && sb->size > max) {
        char sz[32];
        op_diag_report(diag, sev, z->path, 0, "%s: %llu bytes, over the limit of %s%s", name,
                       (unsigned long long)sb->size, op_size_str(max, sz, sizeof sz),
                       max == z->max_entry ? " (--max-zip-entry)" : "");
        return OP_ERR_LIMIT;
    }
    return OP_OK;
}

/* Bytes entry i may expand to: `max`, and the ratio cap past 1 MiB; *by_ratio 1 when the
 * ratio is the tighter one. */
static size_t allowance(const import_zip *z, const zip_stat_t *sb, size_t max, int *by_ratio)
{
    *by_ratio = 0;
    if (!(sb->valid & ZIP_STAT_COMP_SIZE))
        return max;
    zip_uint64_t ratio =
        sb->comp_size > UINT64_MAX / z->max_ratio ? UINT64_MAX : sb->comp_size * z->max_ratio;
    if (ratio < (1u << 20))
        ratio = 1u << 20;
    *by_ratio = ratio < max;
    return ratio < max ? (size_t)ratio : max;
}

/* The message of an entry stopped at its cap, naming the limit and the option that sets it
 * (an Omnivore page's own 64 MB cap has none). */
static void tell_cap(op_diag *diag, op_severity sev, const import_zip *z, const char *name,
                     size_t allowed, int by_ratio)
{
    char sz[32];
    if (by_ratio)
        op_diag_report(diag, sev, z->path, 0,
                       "%s expands to more than %zu times its compressed size, over the zip "
                       "expansion limit of %zu:1 (--max-zip-ratio)",
                       name, z->max_ratio, z->max_ratio);
    else
        op_diag_report(diag, sev, z->path, 0, "%s expands past the zip entry limit of %s%s", name,
                       op_size_str(allowed, sz, sizeof sz),
                       allowed == z->max_entry ? " (--max-zip-entry)" : "");
}

op_status import_zip_read(import_zip *z, size_t i, size_t max, char **data, size_t *len,
                          op_diag *diag)
{
    zip_stat_t sb;
    *data = NULL;
    *len = 0;
    if (max > z->max_entry)
        max = z->max_entry;
    op_status st = check_entry(z, i, max, OP_SEV_WARNING, &sb, diag);
    if (st)
        return st;
    zip_file_t *f = zip_fopen_index(z->zip, (zip_uint64_t)i, 0);
    if (!f) {
        op_diag_report(diag, OP_SEV_WARNING, z->path, 0, "%s: %s", sb.name, zip_strerror(z->zip));
        return OP_ERR_PARSE;
    }
    int by_ratio;
    op_buf b;
    op_buf_init(&b, allowance(z, &sb, max, &by_ratio));
    char chunk[16384];
    zip_int64_t n;
    while ((n = zip_fread(f, chunk, sizeof chunk)) > 0)
        if ((st = op_buf_add(&b, chunk, (size_t)n)) != OP_OK)
            break;
    if (st == OP_OK && n < 0) {
        op_diag_report(diag, OP_SEV_WARNING, z->path, 0, "%s: %s", sb.name, zip_file_strerror(f));
        st = OP_ERR_PARSE;
    } else if (st == OP_ERR_LIMIT) {
        tell_cap(diag, OP_SEV_WARNING, z, sb.name, b.max, by_ratio);
    }
    zip_fclose(f);
    if (st) {
        op_buf_free(&b);
        return st;
    }
    if (!b.data) { /* an empty entry */
        *data = op_strdup("");
        return OP_OK;
    }
    *data = op_buf_detach(&b, len);
    return OP_OK;
}

/*** Streaming an entry to the CSV reader ***/

typedef struct zip_src {
    zip_file_t *f;
    const import_zip *z;
    size_t left; /* bytes still allowed */
    size_t allowed;
    int by_ratio;
    int capped;
    char *name;
} zip_src;

static ssize_t zip_src_read(void *ud, char *buf, size_t n)
{
    zip_src *s = ud;
    zip_int64_t got = zip_fread(s->f, buf, n);
    if (got < 0)
        return -1;
    if ((size_t)got > s->left) {
        s->capped = 1;
        return -1;
    }
    s->left -= (size_t)got;
    return (ssize_t)got;
}

csv *import_zip_csv_open(import_zip *z, size_t i, op_diag *diag)
{
    zip_stat_t sb;
    if (check_entry(z, i, z->max_entry, OP_SEV_ERROR, &sb, diag)) /* the export is lost */
        return NULL;
    zip_file_t *f = zip_fopen_index(z->zip, (zip_uint64_t)i, 0);
    if (!f) {
        op_diag_report(diag, OP_SEV_WARNING, z->path, 0, "%s: %s", sb.name, zip_strerror(z->zip));
        return NULL;
    }
    zip_src *s = op_calloc(1, sizeof *s);
    s->f = f;
    s->z = z;
    s->allowed = s->left = allowance(z, &sb, z->max_entry, &s->by_ratio);
    s->name = op_strdup(sb.name);
    return csv_new(zip_src_read, s);
}

int import_zip_csv_capped(const csv *c)
{
    const zip_src *s = csv_source(c);
    return s->capped;
}

op_status import_zip_csv_close(csv *c, op_diag *diag)
{
    if (!c)
        return OP_OK;
    zip_src *s = csv_source(c);
    op_status st = OP_OK;
    if (s->capped) { /* the rest of the export is lost: an error */
        tell_cap(diag, OP_SEV_ERROR, s->z, s->name, s->allowed, s->by_ratio);
        st = OP_ERR_LIMIT;
    }
    zip_fclose(s->f);
    op_free(s->name);
    op_free(s);
    csv_free(c);
    return st;
}

/*** Sniffing ***/

int import_zip_base_is(const char *name, const char *prefix, const char *suffix)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    size_t n = strlen(base), p = strlen(prefix), s = strlen(suffix);
    return n >= p + s && strncmp(base, prefix, p) == 0 && strcmp(base + n - s, suffix) == 0;
}

int import_zip_has(const char *path, const char *prefix, const char *suffix)
{
    int err = 0;
    zip_t *zip = zip_open(path, ZIP_RDONLY, &err);
    if (!zip)
        return 0;
    int found = 0;
    zip_int64_t n = zip_get_num_entries(zip, 0);
    for (zip_int64_t i = 0; i < n && i < 100000 && !found; i++) {
        const char *name = zip_get_name(zip, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
        found = name && name_ok(name) && import_zip_base_is(name, prefix, suffix);
    }
    zip_discard(zip);
    return found;
}
