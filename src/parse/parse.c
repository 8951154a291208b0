/* Helpers every parser shares: messages with the file name, the size limit and the
 * conversion to UTF-8, resolution of image paths and link URLs, and the last checks on a
 * finished model. (The front door, bytes -> parse_input, is input.c.) */
#define _XOPEN_SOURCE 700 /* realpath */
#include "parse/parse.h"

#include "core/core.h"
#include "parse/encoding.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void parse_report(const op_parse_opts *opts, op_severity sev, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    op_diag_vreport(opts ? opts->diag : NULL, sev, opts ? opts->filename : NULL, 0, fmt, ap);
    va_end(ap);
}

size_t parse_max_size(const op_parse_opts *opts)
{
    return opts && opts->max_size ? opts->max_size : OP_PARSE_MAX_SIZE_DEFAULT;
}

int parse_max_depth(const op_parse_opts *opts)
{
    return opts && opts->max_depth > 0 ? opts->max_depth : OP_PARSE_MAX_DEPTH_DEFAULT;
}

op_status parse_check_size(size_t len, const op_parse_opts *opts)
{
    if (len <= parse_max_size(opts))
        return OP_OK;
    char lim[32];
    parse_report(opts, OP_SEV_ERROR, "input is %zu bytes, over the input size limit of %s", len,
                 op_size_str(parse_max_size(opts), lim, sizeof lim));
    return OP_ERR_LIMIT;
}

op_status parse_prepare(const char *data, size_t len, const op_parse_opts *opts, int html,
                        char **utf8, size_t *ulen)
{
    char cs[64];
    *utf8 = NULL;
    op_status st = parse_check_size(len, opts);
    if (st)
        return st;
    if (!data)
        data = "";
    parse_detect_charset(data, len, html, opts ? opts->charset : NULL, cs, sizeof cs);
    st = parse_to_utf8(data, len, cs, 0, utf8, ulen);
    if (st)
        parse_report(opts, OP_SEV_ERROR, "cannot convert the input from %s: %s", cs,
                     op_status_str(st));
    return st;
}

void parse_keep_title_link(op_doc *doc, op_node *h)
{
    op_iter *it = op_iter_new(h);
    int linked = 0;
    for (op_event ev; !linked && (ev = op_iter_next(it)) != OP_EVENT_DONE;) {
        op_node *n = op_iter_node(it);
        const char *url = op_node_get_url(n);
        linked = op_node_get_kind(n) == OP_NODE_LINK && url && url[0] && url[0] != '#';
    }
    op_iter_free(it);
    if (linked)
        op_doc_set_title_node(doc, h);
}

op_status parse_done(op_doc *doc, const op_parse_opts *opts)
{
#ifndef NDEBUG
    int bad = op_doc_check(doc, opts ? opts->diag : NULL);
    if (bad)
        parse_report(opts, OP_SEV_ERROR, "internal: %d model invariant violations", bad);
#else
    (void)doc;
    (void)opts;
#endif
    return OP_OK;
}

/*** Paths ***/

/* Removes "." and ".." segments and doubled slashes in place; keeps a trailing slash. */
static void remove_dots(char *path)
{
    char *out = path, *p = path;
    int abs = *p == '/';
    if (abs)
        out++, p++;
    char *start = out;
    while (*p) {
        char *e = p;
        while (*e && *e != '/')
            e++;
        size_t n = (size_t)(e - p);
        int last = *e == 0;
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* skip */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (out > start) {
                out--;
                while (out > start && out[-1] != '/')
                    out--;
            }
        } else {
            memmove(out, p, n);
            out += n;
            if (!last)
                *out++ = '/';
        }
        p = last ? e : e + 1;
    }
    *out = 0;
}

static int has_scheme(const char *s)
{
    if (!isalpha((unsigned char)s[0]))
        return 0;
    for (size_t i = 1; i < 32 && s[i]; i++) {
        if (s[i] == ':')
            return i > 1; /* "c:" is a drive letter, not a scheme */
        if (!isalnum((unsigned char)s[i]) && s[i] != '+' && s[i] != '-' && s[i] != '.')
            return 0;
    }
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Percent-decodes into a new valid UTF-8 string; %00 is dropped. */
static char *percent_decode_new(const char *s, size_t len)
{
    op_buf raw, out;
    op_buf_init(&raw, 0);
    op_buf_init(&out, 0);
    for (size_t i = 0; i < len; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < len + 0 && (hi = hexval(s[i + 1])) >= 0 &&
            (lo = hexval(s[i + 2])) >= 0) {
            if (hi || lo)
                op_buf_addc(&raw, (char)(hi * 16 + lo));
            i += 2;
        } else {
            op_buf_addc(&raw, s[i]);
        }
    }
    op_utf8_sanitize(&out, raw.data ? raw.data : "", raw.len);
    op_buf_free(&raw);
    op_buf_addc(&out, 0);
    out.len--;
    return op_buf_detach(&out, NULL);
}

char *parse_base_dir_new(const op_parse_opts *opts)
{
    char *dir = opts && opts->base_dir && *opts->base_dir ? op_strdup(opts->base_dir)
                : opts && opts->filename                  ? op_path_dirname(opts->filename)
                                                          : op_strdup(".");
    if (dir[0] != '/') {
        char cwd[4096];
        if (getcwd(cwd, sizeof cwd)) {
            char *abs = op_path_join(cwd, dir);
            op_free(dir);
            dir = abs;
        }
    }
    remove_dots(dir);
    return dir;
}

static void trim(const char **s, size_t *len)
{
    while (*len && isspace((unsigned char)**s))
        (*s)++, (*len)--;
    while (*len && isspace((unsigned char)(*s)[*len - 1]))
        (*len)--;
}

static int starts_ci(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    return len >= n && !strncasecmp(s, lit, n);
}

static char *local_path_new(const char *base_dir, const char *s, size_t len)
{
    size_t cut = 0;
    while (cut < len && s[cut] != '?' && s[cut] != '#')
        cut++;
    char *rel = percent_decode_new(s, cut);
    if (!*rel) {
        op_free(rel);
        return NULL;
    }
    char *path = rel[0] == '/' ? op_strdup(rel) : op_path_join(base_dir ? base_dir : ".", rel);
    op_free(rel);
    remove_dots(path);
    return path;
}

static int is_http(const char *s)
{
    return s && (starts_ci(s, strlen(s), "http://") || starts_ci(s, strlen(s), "https://"));
}

/* A local reference the page has no right to: counted for one warning, not resolved. */
static char *refuse(const parse_base *pb)
{
    if (pb->outside)
        (*pb->outside)++;
    return NULL;
}

/* 1 when `path` (dots removed) lies in the folder tree of `dir`: by name, then, for a file
 * that exists, by where its symbolic links lead. */
static int inside(const char *dir, const char *path)
{
    char *d = op_strdup(dir ? dir : ".");
    remove_dots(d);
    size_t n = strlen(d);
    while (n > 1 && d[n - 1] == '/')
        d[--n] = '\0';
    int ok = strncmp(path, d, n) == 0 && (path[n] == '/' || (n == 1 && d[0] == '/'));
    op_free(d);
    if (!ok)
        return 0;
    char *rp = realpath(path, NULL), *rd = rp ? realpath(dir ? dir : ".", NULL) : NULL;
    if (rp && rd) {
        size_t m = strlen(rd);
        ok = strncmp(rp, rd, m) == 0 && (rp[m] == '/' || (m == 1 && rd[0] == '/'));
    }
    free(rp);
    free(rd);
    return ok;
}

char *parse_resolve_src_new(const char *base_dir, const char *src, size_t len)
{
    parse_base b = {base_dir, NULL, 0, NULL, 1};
    return parse_resolve_image_new(&b, src, len);
}

char *parse_resolve_image_new(const parse_base *pb, const char *src, size_t len)
{
    const char *base_dir = pb->dir, *url = is_http(pb->url) ? pb->url : NULL;
    if (!src)
        return NULL;
    trim(&src, &len);
    if (!len)
        return NULL;
    if (starts_ci(src, len, "http://") || starts_ci(src, len, "https://") ||
        starts_ci(src, len, "data:"))
        return op_strndup(src, len);
    if (len > 2 && src[0] == '/' && src[1] == '/') {
        op_buf b;
        op_buf_init(&b, 0);
        op_buf_adds(&b, url && starts_ci(url, strlen(url), "http:") ? "http:" : "https:");
        op_buf_add(&b, src, len);
        return op_buf_detach(&b, NULL);
    }
    if (pb->remote || (url && src[0] == '/')) {
        char *tmp = op_strndup(src, len);
        int scheme = has_scheme(tmp);
        op_free(tmp);
        char *r = url && !scheme ? parse_resolve_href_new(url, src, len) : NULL;
        if (r && !is_http(r)) {
            op_free(r);
            r = NULL;
        }
        return r;
    }
    if (!pb->confine && starts_ci(src, len, "file://")) { /* the user's own Markdown */
        src += 7, len -= 7;
        if (starts_ci(src, len, "localhost/"))
            src += 9, len -= 9;
        return len && src[0] == '/' ? local_path_new(NULL, src, len) : NULL;
    }
    if (starts_ci(src, len, "file:")) /* never followed: the page may name any file */
        return refuse(pb);
    char *tmp = op_strndup(src, len);
    int scheme = has_scheme(tmp);
    op_free(tmp);
    if (scheme)
        return NULL;
    if (src[0] == '/' && pb->confine) /* this machine's root, no site to resolve it against */
        return refuse(pb);
    char *path = local_path_new(base_dir, src, len);
    if (path && pb->confine && !inside(base_dir, path)) {
        op_free(path);
        return refuse(pb);
    }
    return path;
}

/*** URLs ***/

/* Length of "scheme://authority" at the start of base, 0 when base is not absolute. */
static size_t origin_len(const char *base)
{
    const char *p = strstr(base, "://");
    if (!p || !has_scheme(base))
        return 0;
    p += 3;
    while (*p && *p != '/' && *p != '?' && *p != '#')
        p++;
    return (size_t)(p - base);
}

static char *join_url_new(const char *base, size_t olen, const char *href, size_t len)
{
    op_buf b;
    op_buf_init(&b, 0);
    if (href[0] == '/' && len > 1 && href[1] == '/') {
        op_buf_add(&b, base, (size_t)(strchr(base, ':') - base) + 1);
    } else if (href[0] == '/') {
        op_buf_add(&b, base, olen);
    } else {
        size_t end = strcspn(base, "?#");
        if (href[0] != '?') {
            while (end > olen && base[end - 1] != '/')
                end--;
        }
        op_buf_add(&b, base, end);
        if (end == olen && href[0] != '?')
            op_buf_addc(&b, '/');
    }
    size_t path_at = b.len >= olen ? olen : b.len;
    op_buf_add(&b, href, len);
    char *url = op_buf_detach(&b, NULL);
    size_t q = path_at + strcspn(url + path_at, "?#");
    char keep = url[q];
    url[q] = 0;
    if (url[path_at] == '/') {
        char *tail = op_strdup(keep ? url + q + 1 : "");
        remove_dots(url + path_at);
        size_t n = strlen(url);
        if (keep) {
            op_buf r;
            op_buf_init(&r, 0);
            op_buf_add(&r, url, n);
            op_buf_addc(&r, keep);
            op_buf_adds(&r, tail);
            op_free(url);
            url = op_buf_detach(&r, NULL);
        }
        op_free(tail);
    } else {
        url[q] = keep;
    }
    return url;
}

char *parse_base_url_new(const char *page_url, const char *base_href)
{
    if (!is_http(page_url))
        page_url = NULL;
    if (base_href && *base_href) {
        char *b = page_url ? parse_resolve_href_new(page_url, base_href, strlen(base_href))
                           : op_strdup(base_href);
        if (is_http(b))
            return b;
        op_free(b);
    }
    return page_url ? op_strdup(page_url) : NULL;
}

char *parse_resolve_href_new(const char *base_url, const char *href, size_t len)
{
    if (!href)
        return NULL;
    trim(&href, &len);
    if (!len || starts_ci(href, len, "javascript:"))
        return NULL;
    size_t olen = base_url ? origin_len(base_url) : 0;
    char *h = op_strndup(href, len);
    if (!olen || has_scheme(h) || h[0] == '#')
        return h;
    char *url = join_url_new(base_url, olen, h, len);
    op_free(h);
    return url;
}
