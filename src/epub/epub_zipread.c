/* Zip reading for the EPUB preflight (epub_check.c): the libzip adapter on the reading side,
 * the only file besides epub_write.c that includes zip.h. It lends entry names and reads
 * entries with a byte cap, so a hostile archive (zip bomb, lying sizes) costs at most `max`
 * bytes of memory per entry. Names are never used as file system paths. */
#include "epub/epub_check.h"

#include <stdio.h>
#include <string.h>
#include <zip.h>

#define READ_CHUNK ((size_t)64 * 1024)

struct epub_zr {
    zip_t *z;
    long count;
};

op_status epub_zr_open(const char *path, epub_zr **out, char *err, size_t errsz)
{
    int code = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &code);

    *out = NULL;
    if (!z) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, code);
        snprintf(err, errsz, "%s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return code == ZIP_ER_OPEN || code == ZIP_ER_READ || code == ZIP_ER_NOENT ? OP_ERR_IO
                                                                                  : OP_ERR_PARSE;
    }
    zip_int64_t n = zip_get_num_entries(z, 0);
    *out = op_calloc(1, sizeof **out);
    (*out)->z = z;
    (*out)->count = n > 0 && n < (zip_int64_t)(1L << 30) ? (long)n : 0;
    return OP_OK;
}

long epub_zr_count(const epub_zr *z)
{
    return z ? z->count : 0;
}

int epub_zr_stat(epub_zr *z, long i, epub_zr_entry *e)
{
    zip_stat_t sb;

    memset(e, 0, sizeof *e);
    if (i < 0 || i >= z->count || zip_stat_index(z->z, (zip_uint64_t)i, 0, &sb) != 0)
        return -1;
    if (!(sb.valid & ZIP_STAT_NAME) || !sb.name)
        return -1;
    e->name = sb.name;
    e->size = sb.valid & ZIP_STAT_SIZE ? sb.size : 0;
    e->comp_size = sb.valid & ZIP_STAT_COMP_SIZE ? sb.comp_size : 0;
    e->stored = (sb.valid & ZIP_STAT_COMP_METHOD) && sb.comp_method == ZIP_CM_STORE;
    return 0;
}

op_status epub_zr_read(epub_zr *z, long i, size_t max, char **data, size_t *len)
{
    zip_file_t *f;
    op_buf b;
    op_status st = OP_OK;
    char *chunk;

    *data = NULL;
    *len = 0;
    if (i < 0 || i >= z->count)
        return OP_ERR_PARSE;
    f = zip_fopen_index(z->z, (zip_uint64_t)i, 0);
    if (!f)
        return OP_ERR_PARSE;
    op_buf_init(&b, max);
    op_buf_adds(&b, ""); /* NUL-terminated even when empty */
    chunk = op_malloc(READ_CHUNK);
    for (;;) {
        zip_int64_t got = zip_fread(f, chunk, READ_CHUNK);
        if (got < 0)
            st = OP_ERR_PARSE;
        if (got <= 0)
            break;
        st = op_buf_add(&b, chunk, (size_t)got);
        if (st)
            break;
    }
    op_free(chunk);
    if (zip_fclose(f) != 0 && st == OP_OK)
        st = OP_ERR_PARSE; /* CRC mismatch is reported at close */
    if (st == OP_OK)
        *data = op_buf_detach(&b, len);
    if (st == OP_OK && !*data)
        *data = op_strdup("");
    op_buf_free(&b);
    return st;
}

op_status epub_zr_read_head(epub_zr *z, long i, void *buf, size_t n, size_t *got)
{
    zip_file_t *f;
    zip_int64_t r;

    *got = 0;
    if (i < 0 || i >= z->count)
        return OP_ERR_PARSE;
    f = zip_fopen_index(z->z, (zip_uint64_t)i, 0);
    if (!f)
        return OP_ERR_PARSE;
    r = zip_fread(f, buf, n);
    zip_fclose(f); /* the CRC is not checked on a partial read: epub_zr_read does that */
    if (r < 0)
        return OP_ERR_PARSE;
    *got = (size_t)r;
    return OP_OK;
}

void epub_zr_close(epub_zr *z)
{
    if (!z)
        return;
    zip_discard(z->z);
    op_free(z);
}
