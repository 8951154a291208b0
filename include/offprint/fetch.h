/* Fetching what the user asks for over HTTP(S): a page given as a URL, the images of a page.
 * One op_fetcher holds the politeness rules (User-Agent, per-host connection limit and delay,
 * timeouts, redirects, retries with backoff, size cap) and the on-disk cache; op_convert uses
 * it through op_convert_opts.fetcher, and nothing fetches without one. Only http and https
 * are fetched, never file: or another scheme, and no cookies are kept.
 *
 * Threads: an op_fetcher may be shared by any number of threads at once (batch workers); it
 * locks what it shares (the per-host table, libcurl's connection and DNS caches). Call
 * op_init() once before starting threads. An op_fetch_result belongs to its caller. */
#ifndef OFFPRINT_FETCH_H
#define OFFPRINT_FETCH_H

#include "offprint.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One line per request for -v: the URL, the HTTP status (0 when none came), the body's
 * bytes, the milliseconds it took and how the cache answered ("hit" = revalidated, 304;
 * "miss"; NULL = no cache). Called on the fetching thread; the strings are lent for the
 * call. */
typedef void (*op_fetch_log_fn)(void *ud, const char *url, long status, size_t bytes, long ms,
                                const char *cache);

/* How to fetch. Zero-initialise: 0 means the default in brackets. */
typedef struct op_fetch_opts {
    const char *user_agent;  /* ["offprint/VERSION", plus " (+URL)" when the build names the
                                project's URL: cmake -DOP_PROJECT_URL=...] */
    long connect_timeout_ms; /* [10000] */
    long timeout_ms;         /* the whole transfer of one request [60000] */
    int max_redirects;       /* [5]; -1 = follow none */
    int max_retries;         /* on 429, 5xx and connection failures [3]; -1 = none */
    long retry_base_ms;      /* first backoff, doubled each retry [500] */
    long retry_after_max_ms; /* longest Retry-After honoured; a longer one fails [30000] */
    size_t max_bytes;        /* per response body, after decompression [64 MB] */
    int per_host;            /* requests to one host at once [2] */
    long host_delay_ms;      /* between the starts of requests to one host [250]; -1 = none */
    const char *cache_dir;   /* NULL = no cache; else entries keyed by URL, revalidated with
                                ETag / Last-Modified (created when missing) */
    op_fetch_log_fn log;     /* may be NULL */
    void *log_ud;
    void *reserved[4];
} op_fetch_opts;

typedef struct op_fetcher op_fetcher;

/** A new fetcher with `opts` (NULL = defaults; the strings are copied) in *out, freed with
 *  op_fetcher_free. OP_ERR_SETUP when libcurl cannot be set up (the reason in why, when
 *  whysz > 0). */
op_status op_fetcher_new(const op_fetch_opts *opts, op_fetcher **out, char *why, size_t whysz);
/** Frees the fetcher; NULL is a no-op. No fetch may be running. */
void op_fetcher_free(op_fetcher *f);

/* What one fetch brought back. Strings and data are new (op_fetch_result_free). */
typedef struct op_fetch_result {
    char *data; /* the body, NUL-terminated; NULL on failure */
    size_t len;
    long status;        /* the final HTTP status (200; 404...), 0 when no response came */
    char *url;          /* the URL after redirects */
    char *content_type; /* the media type in lower case without parameters, or NULL */
    char *charset;      /* the Content-Type's charset parameter, or NULL */
    int from_cache;     /* 1 when the body came from the cache (a 304 revalidation) */
    char error[256];    /* on failure: the reason in one line ("HTTP 404 Not Found",
                           "timed out after 60 s", "could not resolve host example.org") */
} op_fetch_result;

/** Fetches `url` (http or https only) with `referer` (may be NULL) into *res (zeroed first),
 *  following at most max_redirects redirects (to http or https only), retrying 429 and 5xx
 *  answers and failed connections with exponential backoff (a Retry-After of at most
 *  retry_after_max_ms is waited for instead). Returns OP_OK with the body of a 2xx answer;
 *  OP_ERR_UNSUPPORTED for a scheme other than http(s); OP_ERR_LIMIT when the body passes
 *  max_bytes; OP_ERR_NETWORK for anything else (DNS, refused, timeout, TLS, too many
 *  redirects, an HTTP error status), with res->error saying which. Never prints. */
op_status op_fetch(op_fetcher *f, const char *url, const char *referer, op_fetch_result *res);
/** Frees what *res holds and zeroes it. */
void op_fetch_result_free(op_fetch_result *res);

/** 1 when `s` is an http:// or https:// URL (case-insensitive scheme), else 0. */
int op_url_is_remote(const char *s);

/** The default cache folder: $XDG_CACHE_HOME/offprint, else $HOME/.cache/offprint; NULL when
 *  neither variable is set. New string (op_free). */
char *op_fetch_cache_dir_new(void);

#ifdef __cplusplus
}
#endif
#endif
