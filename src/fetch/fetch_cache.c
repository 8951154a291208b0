/* The fetcher's on-disk cache: one file per URL, named by a 64-bit FNV-1a hash of it, holding
 * a few header lines (the URL itself, the URL after redirects, Content-Type, ETag,
 * Last-Modified, the body's length) and the body. An entry is written to a temporary file in
 * the same folder and renamed into place, so workers of a batch (or two runs at once) only
 * ever read whole entries; a damaged or foreign entry is a miss. */
#include "fetch/fetch_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_MAGIC "offprint-cache 1\n"

char *op_fetch_cache_dir_new(void)
{
    const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (x && x[0] == '/')
        return op_path_join(x, "offprint");
    if (home && *home) {
        char *c = op_path_join(home, ".cache");
        char *d = op_path_join(c, "offprint");
        op_free(c);
        return d;
    }
    return NULL;
}

static char *entry_path(const char *dir, const char *url)
{
    uint64_t h = op_fnv64(url, strlen(url));
    char name[24];
    snprintf(name, sizeof name, "%016llx", (unsigned long long)h);
    return op_path_join(dir, name);
}

void fetch_entry_free(fetch_entry *e)
{
    op_free(e->url);
    op_free(e->final_url);
    op_free(e->content_type);
    op_free(e->etag);
    op_free(e->last_modified);
    op_free(e->data);
    memset(e, 0, sizeof *e);
}

/*** Reading ***/

/* The next header line "key value" at *p (before end): its value as a new string when the
 * key matches, else NULL; *p moves past the line either way. */
static char *take_line(const char **p, const char *end, const char *key)
{
    const char *nl = memchr(*p, '\n', (size_t)(end - *p));
    if (!nl)
        return NULL;
    size_t k = strlen(key);
    char *v = NULL;
    if ((size_t)(nl - *p) >= k + 1 && memcmp(*p, key, k) == 0 && (*p)[k] == ' ')
        v = op_strndup(*p + k + 1, (size_t)(nl - *p) - k - 1);
    *p = nl + 1;
    return v;
}

/* "" in the file stands for NULL. */
static char *or_null(char *s)
{
    if (s && !*s) {
        op_free(s);
        return NULL;
    }
    return s;
}

int fetch_cache_read(const char *dir, const char *url, fetch_entry *e)
{
    memset(e, 0, sizeof *e);
    char *path = entry_path(dir, url), *raw = NULL;
    size_t n = 0;
    op_status st = op_file_read(path, 0, &raw, &n);
    op_free(path);
    if (st)
        return -1;
    const char *p = raw, *end = raw + n;
    int ok = n > strlen(CACHE_MAGIC) && memcmp(raw, CACHE_MAGIC, strlen(CACHE_MAGIC)) == 0;
    char *len_s = NULL;
    if (ok) {
        p += strlen(CACHE_MAGIC);
        e->url = take_line(&p, end, "url");
        e->final_url = or_null(take_line(&p, end, "final"));
        e->content_type = or_null(take_line(&p, end, "type"));
        e->etag = or_null(take_line(&p, end, "etag"));
        e->last_modified = or_null(take_line(&p, end, "modified"));
        len_s = take_line(&p, end, "length");
        ok = e->url && strcmp(e->url, url) == 0 && len_s && p < end && *p == '\n' &&
             (e->etag || e->last_modified);
    }
    if (ok) {
        p++;
        char *stop;
        unsigned long long len = strtoull(len_s, &stop, 10);
        ok = *stop == '\0' && len == (unsigned long long)(end - p);
        if (ok) {
            e->len = (size_t)len;
            e->data = op_malloc(e->len + 1);
            memcpy(e->data, p, e->len);
            e->data[e->len] = '\0';
        }
    }
    op_free(len_s);
    op_free(raw);
    if (!ok)
        fetch_entry_free(e);
    return ok ? 0 : -1;
}

/*** Writing ***/

/* mkdir -p; 0 when dir exists afterwards. */
static int make_dirs(const char *dir)
{
    char *p = op_strdup(dir);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        mkdir(p, 0777);
        *s = '/';
    }
    int rc = mkdir(p, 0777) == 0 || errno == EEXIST ? 0 : -1;
    op_free(p);
    return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* A header value on one line: CR and LF would end it early. */
static const char *one_line(const char *s)
{
    return s && !strpbrk(s, "\r\n") ? s : "";
}

void fetch_cache_write(const char *dir, const fetch_entry *e)
{
    if (make_dirs(dir) != 0)
        return;
    char *path = entry_path(dir, e->url);
    char *tmp = op_path_join(dir, ".tmp-XXXXXX");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        op_free(tmp);
        op_free(path);
        return;
    }
    op_buf h;
    op_buf_init(&h, 0);
    op_buf_printf(&h, "%surl %s\nfinal %s\ntype %s\netag %s\nmodified %s\nlength %zu\n\n",
                  CACHE_MAGIC, one_line(e->url), one_line(e->final_url), one_line(e->content_type),
                  one_line(e->etag), one_line(e->last_modified), e->len);
    int bad = write_all(fd, h.data, h.len) || write_all(fd, e->data, e->len);
    op_buf_free(&h);
    fchmod(fd, 0644);
    if (close(fd) != 0)
        bad = 1;
    if (bad || rename(tmp, path) != 0)
        unlink(tmp);
    op_free(tmp);
    op_free(path);
}
