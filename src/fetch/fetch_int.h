/* Internals of the fetcher shared by its three files: fetch_curl.c (the libcurl adapter,
 * the only file that includes curl), fetch_util.c (URL, header and time helpers, the
 * per-host gate) and fetch_cache.c (the on-disk cache). */
#ifndef OP_FETCH_INT_H
#define OP_FETCH_INT_H

#include "core/core.h"
#include "offprint/fetch.h"

#include <pthread.h>

/** libcurl opened (dlopen) and curl_global_init, once per process (pthread_once): at a
 *  fetcher's first request, or from op_init. */
void fetch_init_once(void);

/*** The per-host gate (fetch_util.c): at most `per_host` requests to one host at once, and
 * `delay_ms` between the starts of two of them. ***/

typedef struct fetch_host {
    char *name; /* host[:port] in lower case */
    int active;
    long long next_ms; /* monotonic time before which no request to it starts */
} fetch_host;

typedef struct fetch_gate {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    fetch_host *hosts;
    size_t nhosts, caphosts;
    int per_host;
    long delay_ms;
} fetch_gate;

void fetch_gate_init(fetch_gate *g, int per_host, long delay_ms);
void fetch_gate_free(fetch_gate *g);
/** Waits for a free slot for the host of `url` (its authority, lower case), takes it and
 *  returns the host's index for fetch_gate_leave (the table only grows, so it stays valid). */
size_t fetch_gate_enter(fetch_gate *g, const char *url);
void fetch_gate_leave(fetch_gate *g, size_t host);

/*** Helpers (fetch_util.c) ***/

/** Milliseconds of a monotonic clock. */
long long fetch_now_ms(void);
/** Sleeps ms milliseconds (nothing for ms <= 0). */
void fetch_sleep_ms(long long ms);
/** "host[:port]" of an http(s) URL in lower case, without user info, into out; "" when
 *  there is none. */
void fetch_url_host(const char *url, char *out, size_t outsz);
/** A Retry-After value (seconds, or an HTTP date) in milliseconds from now; -1 when it is
 *  neither. */
long long fetch_retry_after_ms(const char *value);
/** Splits a Content-Type value into a new lower-case media type and a new charset (either
 *  may become NULL). */
void fetch_content_type(const char *value, char **type, char **charset);

/*** The cache (fetch_cache.c): one file per URL, header lines then the body, written to a
 * temporary file and renamed into place, so concurrent workers see whole entries. ***/

typedef struct fetch_entry {
    char *url;           /* the requested URL (checked against the key's owner) */
    char *final_url;     /* after redirects */
    char *content_type;  /* the Content-Type value as sent, or NULL */
    char *etag;          /* validators, or NULL */
    char *last_modified; /* as sent */
    char *data;          /* the body (NUL-terminated) */
    size_t len;
} fetch_entry;

/** Reads the entry of `url` under `dir` into *e. 0 when there is a whole entry for this URL,
 *  -1 otherwise (*e then holds nothing). */
int fetch_cache_read(const char *dir, const char *url, fetch_entry *e);
/** Writes *e (e->url is the key) under `dir`, atomically; failures are ignored (a cache that
 *  cannot be written only costs a download next time). */
void fetch_cache_write(const char *dir, const fetch_entry *e);
void fetch_entry_free(fetch_entry *e);

#endif
