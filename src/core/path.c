/* Files and paths: whole-file reads with a size cap, dirname/join, and the
 * search for data files (fonts/, styles/) shipped with offprint. */
#include "core/core.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

op_status op_stream_read(void *fp, size_t max, char **out, size_t *len)
{
    FILE *f = fp;
    op_buf b;
    char chunk[65536];
    size_t n;
    op_status st = OP_OK;
    op_buf_init(&b, max);
    *out = NULL;
    *len = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        st = op_buf_add(&b, chunk, n);
        if (st)
            break;
    }
    if (!st && ferror(f))
        st = OP_ERR_IO;
    if (st) {
        op_buf_free(&b);
        return st;
    }
    *out = op_buf_detach(&b, len);
    return OP_OK;
}

op_status op_file_read(const char *path, size_t max, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    *out = NULL;
    *len = 0;
    if (!f)
        return OP_ERR_IO;
    op_status st = op_stream_read(f, max, out, len);
    fclose(f);
    return st;
}

char *op_path_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return op_strdup(".");
    if (slash == path)
        return op_strdup("/");
    return op_strndup(path, (size_t)(slash - path));
}

char *op_path_join(const char *dir, const char *rel)
{
    if (rel[0] == '/' || !dir || !dir[0])
        return op_strdup(rel);
    size_t dl = strlen(dir), rl = strlen(rel);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    char *p = op_malloc(dl + rl + 2);
    memcpy(p, dir, dl);
    p[dl] = '/';
    memcpy(p + dl + 1, rel, rl + 1);
    return p;
}

void op_path_ext(const char *path, char *out, size_t outsz)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t i = 0;
    if (dot && dot != base) {
        for (dot++; *dot && i + 1 < outsz; dot++)
            out[i++] = (char)tolower((unsigned char)*dot);
    }
    if (outsz)
        out[i] = '\0';
}

static char *try_dir(const char *dir, const char *rel)
{
    if (!dir || !dir[0])
        return NULL;
    char *p = op_path_join(dir, rel);
    if (access(p, R_OK) == 0)
        return p;
    op_free(p);
    return NULL;
}

char *op_data_find(const char *override_dir, const char *rel)
{
    char *p;
    if ((p = try_dir(override_dir, rel)) != NULL)
        return p;
    if ((p = try_dir(getenv("OP_DATA_DIR"), rel)) != NULL)
        return p;
#ifdef OP_SOURCE_DATA_DIR
    if ((p = try_dir(OP_SOURCE_DATA_DIR, rel)) != NULL)
        return p;
#endif
#ifdef OP_INSTALL_DATA_DIR
    if ((p = try_dir(OP_INSTALL_DATA_DIR, rel)) != NULL)
        return p;
#endif
    return NULL;
}
