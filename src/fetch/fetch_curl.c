/* The libcurl adapter (the only file that includes curl): op_fetcher and op_fetch. Each
 * request waits at the per-host gate, goes out with the polite defaults (a User-Agent naming
 * offprint, a Referer for images, timeouts, a redirect limit, http and https only, compressed
 * transfer, no cookies, a size cap), is retried with backoff on 429/5xx, and is revalidated
 * against the cache (fetch_cache.c) when an entry has an ETag or Last-Modified. */
#include "fetch/fetch_int.h"

#define CURL_DISABLE_TYPECHECK /* its checks are macros over the names redefined below */
#include <curl/curl.h>
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

struct op_fetcher {
    op_fetch_opts o; /* defaults filled in; the strings point into this struct's copies */
    char *ua, *cache_dir;
    CURLSH *share; /* made with the first request (share_mutex) */
    int share_tried;
    pthread_mutex_t share_mutex;
    pthread_mutex_t locks[CURL_LOCK_DATA_LAST];
    fetch_gate gate;
};

/*** libcurl, loaded with the first request ***
 * libcurl brings some thirty shared libraries (TLS, Kerberos, LDAP, SSH, IDN): linked, the
 * dynamic loader maps and relocates them at every start, about 40 % of what starting
 * offprint costs, for the many runs that fetch nothing. So it is opened with dlopen when a
 * fetch first needs it, and its functions called through this table. */

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    CURLSH *(*share_init)(void);
    CURLSHcode (*share_setopt)(CURLSH *, CURLSHoption, ...);
    CURLSHcode (*share_cleanup)(CURLSH *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} lc;

#undef curl_easy_setopt /* curl.h's three-argument checks */
#undef curl_easy_getinfo
#undef curl_share_setopt
#define curl_global_init    lc.global_init
#define curl_easy_init      lc.easy_init
#define curl_easy_setopt    lc.easy_setopt
#define curl_easy_perform   lc.easy_perform
#define curl_easy_getinfo   lc.easy_getinfo
#define curl_easy_cleanup   lc.easy_cleanup
#define curl_easy_strerror  lc.easy_strerror
#define curl_share_init     lc.share_init
#define curl_share_setopt   lc.share_setopt
#define curl_share_cleanup  lc.share_cleanup
#define curl_slist_append   lc.slist_append
#define curl_slist_free_all lc.slist_free_all

static char load_error[160]; /* why libcurl could not be loaded ("" when it was) */

/* Opens libcurl and finds its functions; 0, or -1 with load_error set. */
static int load_libcurl(void)
{
    static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
    void *h = NULL;
    for (size_t i = 0; !h && i < sizeof names / sizeof names[0]; i++)
        h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(load_error, sizeof load_error, "cannot load libcurl: %s", dlerror());
        return -1;
    }
    struct {
        void **fn;
        const char *name;
    } syms[] = {{(void **)&lc.global_init, "curl_global_init"},
                {(void **)&lc.easy_init, "curl_easy_init"},
                {(void **)&lc.easy_setopt, "curl_easy_setopt"},
                {(void **)&lc.easy_perform, "curl_easy_perform"},
                {(void **)&lc.easy_getinfo, "curl_easy_getinfo"},
                {(void **)&lc.easy_cleanup, "curl_easy_cleanup"},
                {(void **)&lc.easy_strerror, "curl_easy_strerror"},
                {(void **)&lc.share_init, "curl_share_init"},
                {(void **)&lc.share_setopt, "curl_share_setopt"},
                {(void **)&lc.share_cleanup, "curl_share_cleanup"},
                {(void **)&lc.slist_append, "curl_slist_append"},
                {(void **)&lc.slist_free_all, "curl_slist_free_all"}};
    for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
        *syms[i].fn = dlsym(h, syms[i].name);
        if (!*syms[i].fn) {
            snprintf(load_error, sizeof load_error, "libcurl has no %s", syms[i].name);
            return -1;
        }
    }
    return 0;
}

/*** Setting up ***/

static pthread_once_t once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_FAILED_INIT;

static void global_init(void)
{
    if (load_libcurl() == 0)
        global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
    else
        global_rc = CURLE_FAILED_INIT;
}

/* Why libcurl is not usable, after fetch_init_once (NULL when it is). */
static const char *curl_unusable(void)
{
    if (global_rc == CURLE_OK)
        return NULL;
    if (load_error[0])
        return load_error;
    return curl_easy_strerror ? curl_easy_strerror(global_rc) : "libcurl failed to start";
}

void fetch_init_once(void)
{
    pthread_once(&once, global_init);
}

static void share_lock(CURL *h, curl_lock_data data, curl_lock_access access, void *ud)
{
    op_fetcher *f = ud;
    (void)h;
    (void)access;
    if ((int)data >= 0 && data < CURL_LOCK_DATA_LAST)
        pthread_mutex_lock(&f->locks[data]);
}

static void share_unlock(CURL *h, curl_lock_data data, void *ud)
{
    op_fetcher *f = ud;
    (void)h;
    if ((int)data >= 0 && data < CURL_LOCK_DATA_LAST)
        pthread_mutex_unlock(&f->locks[data]);
}

static void fill_defaults(op_fetch_opts *o)
{
    if (o->connect_timeout_ms <= 0)
        o->connect_timeout_ms = 10000;
    if (o->timeout_ms <= 0)
        o->timeout_ms = 60000;
    if (o->max_redirects == 0)
        o->max_redirects = 5;
    if (o->max_retries == 0)
        o->max_retries = 3;
    if (o->retry_base_ms <= 0)
        o->retry_base_ms = 500;
    if (o->retry_after_max_ms <= 0)
        o->retry_after_max_ms = 30000;
    if (o->max_bytes == 0)
        o->max_bytes = (size_t)64 << 20;
    if (o->per_host <= 0)
        o->per_host = 2;
    if (o->host_delay_ms == 0)
        o->host_delay_ms = 250;
}

static char *default_user_agent(void)
{
#ifdef OP_PROJECT_URL
    static const char url[] = OP_PROJECT_URL;
#else
    static const char url[] = "";
#endif
    op_buf b;
    op_buf_init(&b, 0);
    op_buf_printf(&b, "offprint/%s", OP_VERSION_STRING);
    if (url[0])
        op_buf_printf(&b, " (+%s)", url);
    return op_buf_detach(&b, NULL);
}

op_status op_fetcher_new(const op_fetch_opts *opts, op_fetcher **out, char *why, size_t whysz)
{
    *out = NULL;
    (void)why;
    (void)whysz;
    op_fetcher *f = op_calloc(1, sizeof *f);
    if (opts)
        f->o = *opts;
    fill_defaults(&f->o);
    f->ua = f->o.user_agent ? op_strdup(f->o.user_agent) : default_user_agent();
    f->cache_dir = f->o.cache_dir ? op_strdup(f->o.cache_dir) : NULL;
    f->o.user_agent = f->ua;
    f->o.cache_dir = f->cache_dir;
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
        pthread_mutex_init(&f->locks[i], NULL);
    pthread_mutex_init(&f->share_mutex, NULL);
    fetch_gate_init(&f->gate, f->o.per_host, f->o.host_delay_ms);
    *out = f;
    return OP_OK;
}

void op_fetcher_free(op_fetcher *f)
{
    if (!f)
        return;
    if (f->share)
        curl_share_cleanup(f->share);
    pthread_mutex_destroy(&f->share_mutex);
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
        pthread_mutex_destroy(&f->locks[i]);
    fetch_gate_free(&f->gate);
    op_free(f->ua);
    op_free(f->cache_dir);
    op_free(f);
}

void op_fetch_result_free(op_fetch_result *r)
{
    if (!r)
        return;
    op_free(r->data);
    op_free(r->url);
    op_free(r->content_type);
    op_free(r->charset);
    memset(r, 0, sizeof *r);
}

/*** One request ***/

/* What one attempt brought back: the final response's headers and body. */
typedef struct attempt {
    op_buf body;
    int too_big;
    char reason[64]; /* the status line's reason phrase */
    char *content_type, *etag, *last_modified, *retry_after;
} attempt;

static void attempt_clear_headers(attempt *a)
{
    op_free(a->content_type);
    op_free(a->etag);
    op_free(a->last_modified);
    op_free(a->retry_after);
    a->content_type = a->etag = a->last_modified = a->retry_after = NULL;
    a->reason[0] = '\0';
}

static void attempt_free(attempt *a)
{
    attempt_clear_headers(a);
    op_buf_free(&a->body);
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    attempt *a = ud;
    size_t len = size * n;
    if (op_buf_add(&a->body, p, len) != OP_OK) {
        a->too_big = 1;
        return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
    }
    return len;
}

/* The value of header `name` in line p[0..len), trimmed, as a new string; NULL if it is
 * another header. */
static char *header_value(const char *p, size_t len, const char *name)
{
    size_t n = strlen(name);
    if (len <= n || strncasecmp(p, name, n) != 0 || p[n] != ':')
        return NULL;
    p += n + 1;
    len -= n + 1;
    while (len && (*p == ' ' || *p == '\t'))
        p++, len--;
    while (len && (p[len - 1] == '\r' || p[len - 1] == '\n' || p[len - 1] == ' '))
        len--;
    return op_strndup(p, len);
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    attempt *a = ud;
    size_t len = size * n;
    char *v;
    if (len > 5 && strncmp(p, "HTTP/", 5) == 0) { /* a new response (after a redirect) */
        attempt_clear_headers(a);
        const char *r = memchr(p, ' ', len);
        r = r ? memchr(r + 1, ' ', len - (size_t)(r + 1 - p)) : NULL;
        if (r) {
            size_t m = len - (size_t)(r + 1 - p);
            while (m && (r[m] == '\r' || r[m] == '\n' || r[m] == '\0'))
                m--;
            snprintf(a->reason, sizeof a->reason, "%.*s", (int)m, r + 1);
        }
        return len;
    }
    if ((v = header_value(p, len, "content-type"))) {
        op_free(a->content_type);
        a->content_type = v;
    } else if ((v = header_value(p, len, "etag"))) {
        op_free(a->etag);
        a->etag = v;
    } else if ((v = header_value(p, len, "last-modified"))) {
        op_free(a->last_modified);
        a->last_modified = v;
    } else if ((v = header_value(p, len, "retry-after"))) {
        op_free(a->retry_after);
        a->retry_after = v;
    }
    return len;
}

static void set_options(op_fetcher *f, CURL *c, const char *url, const char *referer, attempt *a,
                        char *errbuf)
{
    const op_fetch_opts *o = &f->o;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, o->max_redirects > 0 ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)(o->max_redirects > 0 ? o->max_redirects : 0));
    curl_easy_setopt(c, CURLOPT_USERAGENT, f->ua);
    if (referer)
        curl_easy_setopt(c, CURLOPT_REFERER, referer);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, o->timeout_ms);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* every encoding libcurl decodes */
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, a);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, a);
    if (f->share)
        curl_easy_setopt(c, CURLOPT_SHARE, f->share);
}

/* The reason of a failed transfer in res->error, and its status. */
static op_status transfer_error(op_fetcher *f, CURLcode rc, const attempt *a, const char *url,
                                const char *errbuf, op_fetch_result *res)
{
    char host[256];
    fetch_url_host(url, host, sizeof host);
    switch (rc) {
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
        if (rc == CURLE_FILESIZE_EXCEEDED || a->too_big) {
            char lim[32];
            snprintf(res->error, sizeof res->error, "larger than the limit of %s",
                     op_size_str(f->o.max_bytes, lim, sizeof lim));
            return OP_ERR_LIMIT;
        }
        break;
    case CURLE_COULDNT_RESOLVE_HOST:
        snprintf(res->error, sizeof res->error, "could not resolve host %.100s", host);
        return OP_ERR_NETWORK;
    case CURLE_COULDNT_CONNECT:
        snprintf(res->error, sizeof res->error, "could not connect to %.100s (%.100s)", host,
                 errbuf[0] ? errbuf : "refused");
        return OP_ERR_NETWORK;
    case CURLE_OPERATION_TIMEDOUT:
        snprintf(res->error, sizeof res->error, "timed out after %ld s",
                 (f->o.timeout_ms + 999) / 1000);
        return OP_ERR_NETWORK;
    case CURLE_TOO_MANY_REDIRECTS:
        snprintf(res->error, sizeof res->error, "more than %d redirects", f->o.max_redirects);
        return OP_ERR_NETWORK;
    case CURLE_UNSUPPORTED_PROTOCOL:
        snprintf(res->error, sizeof res->error, "redirected to a URL that is not http or https");
        return OP_ERR_NETWORK;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
        snprintf(res->error, sizeof res->error, "TLS: %.200s",
                 errbuf[0] ? errbuf : curl_easy_strerror(rc));
        return OP_ERR_NETWORK;
    default:
        break;
    }
    snprintf(res->error, sizeof res->error, "%.200s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
    return OP_ERR_NETWORK;
}

static int retryable_status(long st)
{
    return st == 429 || (st >= 500 && st != 501 && st != 505 && st < 600);
}

static int retryable_error(CURLcode rc)
{
    return rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR || rc == CURLE_GOT_NOTHING ||
           rc == CURLE_PARTIAL_FILE;
}

static void http_error(long status, const attempt *a, int retries, op_fetch_result *res)
{
    const char *advice =
        status == 403 ? ": the site refuses offprint; try saving the page from your browser" : "";
    if (retries > 0)
        snprintf(res->error, sizeof res->error, "HTTP %ld%s%s (after %d retr%s)%s", status,
                 a->reason[0] ? " " : "", a->reason, retries, retries == 1 ? "y" : "ies", advice);
    else
        snprintf(res->error, sizeof res->error, "HTTP %ld%s%s%s", status, a->reason[0] ? " " : "",
                 a->reason, advice);
}

/* The request headers of a revalidation, or NULL. */
static struct curl_slist *conditional_headers(const fetch_entry *ce)
{
    struct curl_slist *h = NULL;
    char line[512];
    if (ce && ce->etag) {
        snprintf(line, sizeof line, "If-None-Match: %s", ce->etag);
        h = curl_slist_append(h, line);
    }
    if (ce && ce->last_modified) {
        snprintf(line, sizeof line, "If-Modified-Since: %s", ce->last_modified);
        h = curl_slist_append(h, line);
    }
    return h;
}

/* One attempt at the gate: *rc the transfer's result, *status the HTTP status. */
static void run_attempt(op_fetcher *f, const char *url, const char *referer, const fetch_entry *ce,
                        attempt *a, CURLcode *rc, long *status, char **final_url, char *errbuf)
{
    CURL *c = curl_easy_init();
    *status = 0;
    *final_url = NULL;
    if (!c) {
        *rc = CURLE_FAILED_INIT;
        return;
    }
    struct curl_slist *hdrs = conditional_headers(ce);
    set_options(f, c, url, referer, a, errbuf);
    if (hdrs)
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    size_t slot = fetch_gate_enter(&f->gate, url);
    long long t0 = fetch_now_ms();
    *rc = curl_easy_perform(c);
    long long ms = fetch_now_ms() - t0;
    fetch_gate_leave(&f->gate, slot);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    char *eff = NULL;
    if (curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff)
        *final_url = op_strdup(eff);
    if (f->o.log)
        f->o.log(f->o.log_ud, url, *status, a->body.len, (long)ms,
                 !f->cache_dir          ? NULL
                 : *status == 304 && ce ? "hit"
                                        : "miss");
    curl_slist_free_all(hdrs);
    curl_easy_cleanup(c);
}

/* The wait before retry `n` (0-based): Retry-After when the server sent one, else the
 * doubling backoff. -1 when the server asks for longer than we wait. */
static long long retry_wait(const op_fetcher *f, const attempt *a, int n)
{
    long long ra = fetch_retry_after_ms(a->retry_after);
    if (ra >= 0)
        return ra <= f->o.retry_after_max_ms ? ra : -1;
    return f->o.retry_base_ms << (n < 10 ? n : 10);
}

static void result_from_cache(fetch_entry *ce, op_fetch_result *res)
{
    res->data = ce->data;
    res->len = ce->len;
    ce->data = NULL;
    res->url = op_strdup(ce->final_url ? ce->final_url : ce->url);
    fetch_content_type(ce->content_type, &res->content_type, &res->charset);
    res->from_cache = 1;
}

static void store(op_fetcher *f, const char *url, const char *final_url, attempt *a)
{
    if (!f->cache_dir || (!a->etag && !a->last_modified))
        return; /* nothing to revalidate with: a later run would download it anyway */
    fetch_entry e = {(char *)url, (char *)final_url, a->content_type,
                     a->etag,     a->last_modified,  a->body.data ? a->body.data : "",
                     a->body.len};
    fetch_cache_write(f->cache_dir, &e);
}

/* The first request of a fetcher: libcurl loaded (once per process) and the fetcher's share
 * of DNS answers, TLS sessions and connections made. NULL, or why fetching cannot work. */
static const char *fetcher_start(op_fetcher *f)
{
    fetch_init_once();
    const char *why = curl_unusable();
    if (why)
        return why;
    pthread_mutex_lock(&f->share_mutex);
    if (!f->share_tried) {
        f->share_tried = 1;
        f->share = curl_share_init();
        if (f->share) {
            curl_share_setopt(f->share, CURLSHOPT_LOCKFUNC, share_lock);
            curl_share_setopt(f->share, CURLSHOPT_UNLOCKFUNC, share_unlock);
            curl_share_setopt(f->share, CURLSHOPT_USERDATA, f);
            curl_share_setopt(f->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
            curl_share_setopt(f->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
            curl_share_setopt(f->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
        }
    }
    pthread_mutex_unlock(&f->share_mutex);
    return NULL;
}

op_status op_fetch(op_fetcher *f, const char *url, const char *referer, op_fetch_result *res)
{
    memset(res, 0, sizeof *res);
    if (!f || !url)
        return OP_ERR_USAGE;
    if (!op_url_is_remote(url)) {
        snprintf(res->error, sizeof res->error, "only http and https URLs are fetched");
        return OP_ERR_UNSUPPORTED;
    }
    const char *why = fetcher_start(f);
    if (why) {
        snprintf(res->error, sizeof res->error, "%.200s", why);
        return OP_ERR_SETUP;
    }
    fetch_entry ce;
    memset(&ce, 0, sizeof ce);
    int cached = f->cache_dir && fetch_cache_read(f->cache_dir, url, &ce) == 0;
    op_status st = OP_ERR_NETWORK;
    for (int n = 0;; n++) {
        attempt a;
        memset(&a, 0, sizeof a);
        op_buf_init(&a.body, f->o.max_bytes);
        char errbuf[CURL_ERROR_SIZE] = "";
        CURLcode rc;
        long status;
        char *final_url;
        run_attempt(f, url, referer, cached ? &ce : NULL, &a, &rc, &status, &final_url, errbuf);
        int again = n < f->o.max_retries && ((rc == CURLE_OK && retryable_status(status)) ||
                                             (rc != CURLE_OK && retryable_error(rc)));
        long long wait = again ? retry_wait(f, &a, n) : 0;
        if (again && wait >= 0) {
            op_free(final_url);
            attempt_free(&a);
            fetch_sleep_ms(wait);
            continue;
        }
        res->status = status;
        if (rc != CURLE_OK) {
            st = transfer_error(f, rc, &a, url, errbuf, res);
        } else if (status == 304 && cached) {
            result_from_cache(&ce, res);
            st = OP_OK;
        } else if (status >= 200 && status < 300) {
            store(f, url, final_url, &a);
            res->len = a.body.len;
            res->data = op_buf_detach(&a.body, NULL);
            if (!res->data)
                res->data = op_strdup("");
            res->url = final_url ? op_strdup(final_url) : op_strdup(url);
            fetch_content_type(a.content_type, &res->content_type, &res->charset);
            st = OP_OK;
        } else if (again) { /* Retry-After longer than we wait */
            snprintf(res->error, sizeof res->error, "HTTP %ld%s%s: the site asks to wait %lld s",
                     status, a.reason[0] ? " " : "", a.reason,
                     fetch_retry_after_ms(a.retry_after) / 1000);
        } else {
            http_error(status, &a, n, res);
        }
        op_free(final_url);
        attempt_free(&a);
        break;
    }
    fetch_entry_free(&ce);
    return st;
}
