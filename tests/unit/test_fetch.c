/* The fetcher (fetch.h, src/fetch/): header and URL helpers, the cache's entries, and, in the
 * "server" group, every politeness rule against tests/fetch_server.py on 127.0.0.1 (started
 * here, stopped at the end; python3 missing is a skip): User-Agent, redirects and their limit,
 * 404/403 messages, 429 with Retry-After, 500 then 200, gzip, the size cap, timeouts, schemes,
 * ETag revalidation through the cache, and at most two requests to one host at once. */
#include "harness.h"

#include "core/core.h"
#include "fetch/fetch_int.h"
#include "offprint/fetch.h"

#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

/*** Helpers ***/

static void test_helpers(void)
{
    char host[64];
    fetch_url_host("https://User:pw@Example.ORG:8080/a/b?c#d", host, sizeof host);
    STR_EQ(host, "example.org:8080");
    fetch_url_host("http://h", host, sizeof host);
    STR_EQ(host, "h");
    fetch_url_host("no-scheme", host, sizeof host);
    STR_EQ(host, "");
    INT_EQ(fetch_retry_after_ms("2"), 2000);
    INT_EQ(fetch_retry_after_ms(" 0 "), 0);
    INT_EQ(fetch_retry_after_ms("soon"), -1);
    INT_EQ(fetch_retry_after_ms(NULL), -1);
    INT_EQ(fetch_retry_after_ms("Wed, 21 Oct 2015 07:28:00 GMT"), 0); /* in the past */
    OK(fetch_retry_after_ms("Fri, 01 Jan 2100 00:00:00 GMT") == 86400000LL, "capped to a day");
    char *t, *cs;
    fetch_content_type("Text/HTML; Charset=\"ISO-8859-1\"", &t, &cs);
    STR_EQ(t, "text/html");
    STR_EQ(cs, "ISO-8859-1");
    op_free(t);
    op_free(cs);
    fetch_content_type("image/png", &t, &cs);
    STR_EQ(t, "image/png");
    OK(cs == NULL, "no charset");
    op_free(t);
    OK(op_url_is_remote("HTTPS://x/") && op_url_is_remote("http://x"), "http(s)");
    OK(!op_url_is_remote("file:///etc/passwd") && !op_url_is_remote("ftp://x/") &&
           !op_url_is_remote("page.html") && !op_url_is_remote(NULL),
       "nothing else");
}

static void test_cache_dir(void)
{
    setenv("XDG_CACHE_HOME", "/tmp/xdg", 1);
    char *d = op_fetch_cache_dir_new();
    STR_EQ(d, "/tmp/xdg/offprint");
    op_free(d);
    setenv("XDG_CACHE_HOME", "relative", 1); /* not absolute: ignored, as the spec says */
    setenv("HOME", "/home/u", 1);
    d = op_fetch_cache_dir_new();
    STR_EQ(d, "/home/u/.cache/offprint");
    op_free(d);
    unsetenv("XDG_CACHE_HOME");
    unsetenv("HOME");
    OK(op_fetch_cache_dir_new() == NULL, "no place for a cache");
}

static void test_cache_entries(void)
{
    char dir[] = "/tmp/op-fetch-cache-XXXXXX";
    OK(mkdtemp(dir) != NULL, "scratch");
    char *sub = op_path_join(dir, "a/b"); /* made when missing */
    fetch_entry e = {"http://h/x", "http://h/y", "text/html", "\"v1\"", NULL, "body\0two", 8};
    fetch_cache_write(sub, &e);
    fetch_entry r;
    INT_EQ(fetch_cache_read(sub, "http://h/x", &r), 0);
    STR_EQ(r.final_url, "http://h/y");
    STR_EQ(r.etag, "\"v1\"");
    OK(r.last_modified == NULL, "absent stays absent");
    INT_EQ(r.len, 8);
    OK(r.data && memcmp(r.data, "body\0two", 8) == 0, "body with a NUL");
    fetch_entry_free(&r);
    INT_EQ(fetch_cache_read(sub, "http://h/other", &r), -1);
    /* a damaged entry (cut short) is a miss, not a short body */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "for f in '%s'/*; do truncate -s -2 \"$f\"; done", sub);
    OK(system(cmd) == 0, "truncate");
    INT_EQ(fetch_cache_read(sub, "http://h/x", &r), -1);
    /* no temporary files are left behind */
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s' | grep tmp)\"", sub);
    OK(system(cmd) == 0, "no .tmp files");
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    OK(system(cmd) == 0, "cleanup");
    op_free(sub);
}

/*** Against the test server ***/

static pid_t server_pid;
static char base[64], logpath[300], scratch[64];

static int server_start(void)
{
    snprintf(scratch, sizeof scratch, "/tmp/op-fetch-XXXXXX");
    if (!mkdtemp(scratch))
        return -1;
    char portfile[300];
    snprintf(portfile, sizeof portfile, "%s/port", scratch);
    snprintf(logpath, sizeof logpath, "%s/log", scratch);
    server_pid = fork();
    if (server_pid == 0) {
        execlp("python3", "python3", OP_TEST_SRC_DIR "/tests/fetch_server.py", "--port-file",
               portfile, "--log", logpath, "--root", OP_TEST_SRC_DIR, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 200; i++) {
        FILE *f = fopen(portfile, "r");
        int port = 0;
        if (f && fscanf(f, "%d", &port) == 1) {
            fclose(f);
            snprintf(base, sizeof base, "http://127.0.0.1:%d", port);
            return 0;
        }
        if (f)
            fclose(f);
        fetch_sleep_ms(50);
    }
    return -1;
}

static void server_stop(void)
{
    if (server_pid > 0) {
        kill(server_pid, SIGTERM);
        waitpid(server_pid, NULL, 0);
    }
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", scratch);
}

/* Requests the server logged for paths starting with `path`. */
static int requests(const char *path)
{
    char *log = NULL;
    size_t len = 0;
    if (op_file_read(logpath, 0, &log, &len) != OP_OK)
        return 0;
    char pat[128];
    snprintf(pat, sizeof pat, "\"path\": \"%s", path);
    int n = 0;
    for (const char *p = log; (p = strstr(p, pat)); p++)
        n++;
    op_free(log);
    return n;
}

static int log_has(const char *s)
{
    char *log = NULL;
    size_t len = 0;
    if (op_file_read(logpath, 0, &log, &len) != OP_OK)
        return 0;
    int has = strstr(log, s) != NULL;
    op_free(log);
    return has;
}

static op_status get(op_fetcher *f, const char *path, op_fetch_result *r)
{
    char url[256];
    snprintf(url, sizeof url, "%s%s", base, path);
    return op_fetch(f, url, NULL, r);
}

static op_fetcher *fetcher(op_fetch_opts *o)
{
    op_fetcher *f = NULL;
    char why[128];
    o->retry_base_ms = o->retry_base_ms ? o->retry_base_ms : 50;
    o->host_delay_ms = o->host_delay_ms ? o->host_delay_ms : -1;
    OK(op_fetcher_new(o, &f, why, sizeof why) == OP_OK, "%s", why);
    return f;
}

static void test_basic(void)
{
    op_fetch_opts o = {0};
    op_fetcher *f = fetcher(&o);
    op_fetch_result r;
    INT_EQ(get(f, "/article.html", &r), OP_OK);
    INT_EQ(r.status, 200);
    STR_EQ(r.content_type, "text/html");
    STR_EQ(r.charset, "utf-8");
    OK(r.data && strstr(r.data, "Lighthouse Keeper"), "body");
    op_fetch_result_free(&r);
    OK(log_has("\"user-agent\": \"offprint/" OP_VERSION_STRING), "User-Agent names offprint");
    OK(!log_has("\"cookie\": \""), "no cookies");
    /* redirects: followed up to five, the final URL reported (/redirect/N makes N + 1) */
    INT_EQ(get(f, "/redirect/4", &r), OP_OK);
    OK(r.url && strstr(r.url, "/article.html"), "final URL %s", r.url);
    op_fetch_result_free(&r);
    INT_EQ(get(f, "/redirect/5", &r), OP_ERR_NETWORK);
    STR_EQ(r.error, "more than 5 redirects");
    op_fetch_result_free(&r);
    INT_EQ(get(f, "/loop", &r), OP_ERR_NETWORK);
    STR_EQ(r.error, "more than 5 redirects");
    op_fetch_result_free(&r);
    INT_EQ(get(f, "/to-file", &r), OP_ERR_NETWORK);
    STR_EQ(r.error, "redirected to a URL that is not http or https");
    op_fetch_result_free(&r);
    /* HTTP errors, with the reason phrase; 403 with advice */
    INT_EQ(get(f, "/missing", &r), OP_ERR_NETWORK);
    STR_EQ(r.error, "HTTP 404 Not Found");
    INT_EQ(r.status, 404);
    op_fetch_result_free(&r);
    INT_EQ(get(f, "/forbidden", &r), OP_ERR_NETWORK);
    OK(strstr(r.error, "HTTP 403 Forbidden: the site refuses offprint"), "%s", r.error);
    op_fetch_result_free(&r);
    /* gzip on the wire, plain text out */
    INT_EQ(get(f, "/gzip.html", &r), OP_OK);
    OK(r.data && strstr(r.data, "Lighthouse Keeper"), "decoded");
    op_fetch_result_free(&r);
    OK(log_has("\"accept-encoding\": \"deflate, gzip"), "asks for compression");
    /* schemes other than http(s) are never fetched */
    INT_EQ(op_fetch(f, "file:///etc/passwd", NULL, &r), OP_ERR_UNSUPPORTED);
    op_fetch_result_free(&r);
    op_fetcher_free(f);
}

static void test_retries(void)
{
    op_fetch_opts o = {0};
    op_fetcher *f = fetcher(&o);
    op_fetch_result r;
    long long t0 = fetch_now_ms();
    INT_EQ(get(f, "/busy/a", &r), OP_OK); /* 429 Retry-After: 1, then 200 */
    OK(fetch_now_ms() - t0 >= 950, "waited for Retry-After: %lld ms", fetch_now_ms() - t0);
    op_fetch_result_free(&r);
    INT_EQ(requests("/busy/a"), 2);
    INT_EQ(get(f, "/flaky/a", &r), OP_OK); /* 500, then 200 */
    op_fetch_result_free(&r);
    INT_EQ(requests("/flaky/a"), 2);
    t0 = fetch_now_ms();
    INT_EQ(get(f, "/busy-long/a", &r), OP_ERR_NETWORK); /* asks for an hour: not waited for */
    OK(fetch_now_ms() - t0 < 2000, "did not wait");
    STR_EQ(r.error, "HTTP 429 Too Many Requests: the site asks to wait 3600 s");
    op_fetch_result_free(&r);
    INT_EQ(requests("/busy-long/a"), 1);
    INT_EQ(get(f, "/down", &r), OP_ERR_NETWORK); /* 503 four times: 3 retries, backoff */
    STR_EQ(r.error, "HTTP 503 Service Unavailable (after 3 retries)");
    op_fetch_result_free(&r);
    INT_EQ(requests("/down"), 4);
    op_fetcher_free(f);
}

static void test_limits(void)
{
    op_fetch_opts o = {0};
    o.max_bytes = 1 << 20;
    o.timeout_ms = 1000;
    op_fetcher *f = fetcher(&o);
    op_fetch_result r;
    INT_EQ(get(f, "/big", &r), OP_ERR_LIMIT);
    STR_EQ(r.error, "larger than the limit of 1 MB");
    OK(r.data == NULL, "no body");
    op_fetch_result_free(&r);
    long long t0 = fetch_now_ms();
    INT_EQ(get(f, "/slow", &r), OP_ERR_NETWORK);
    STR_EQ(r.error, "timed out after 1 s");
    OK(fetch_now_ms() - t0 < 3000, "gave up in time");
    op_fetch_result_free(&r);
    op_fetch_opts o2 = {0};
    o2.connect_timeout_ms = 2000;
    op_fetcher *f2 = fetcher(&o2);
    INT_EQ(op_fetch(f2, "http://127.0.0.1:1/", NULL, &r), OP_ERR_NETWORK); /* refused */
    OK(strstr(r.error, "could not connect to 127.0.0.1:1"), "%s", r.error);
    op_fetch_result_free(&r);
    op_fetcher_free(f2);
    op_fetcher_free(f);
}

typedef struct logged {
    int n, hits;
} logged;

static void count_log(void *ud, const char *url, long status, size_t bytes, long ms,
                      const char *cache)
{
    logged *l = ud;
    (void)url, (void)status, (void)bytes, (void)ms;
    l->n++;
    l->hits += cache && strcmp(cache, "hit") == 0;
}

static void test_cache(void)
{
    char dir[300];
    snprintf(dir, sizeof dir, "%s/cache", scratch);
    logged l = {0, 0};
    op_fetch_opts o = {0};
    o.cache_dir = dir;
    o.log = count_log;
    o.log_ud = &l;
    op_fetcher *f = fetcher(&o);
    op_fetch_result r;
    INT_EQ(get(f, "/etag.html", &r), OP_OK);
    INT_EQ(r.from_cache, 0);
    op_fetch_result_free(&r);
    INT_EQ(get(f, "/etag.html", &r), OP_OK); /* revalidated: 304, the body from the cache */
    INT_EQ(r.from_cache, 1);
    OK(r.data && strstr(r.data, "Lighthouse Keeper"), "cached body");
    STR_EQ(r.content_type, "text/html");
    op_fetch_result_free(&r);
    INT_EQ(requests("/etag.html"), 2);
    OK(log_has("\"if-none-match\": \"\\\"v1\\\"\""), "If-None-Match sent");
    OK(log_has("\"if-modified-since\": \"Wed, 21 Oct 2015"), "If-Modified-Since sent");
    INT_EQ(l.n, 2);
    INT_EQ(l.hits, 1);
    op_fetcher_free(f);
}

typedef struct par {
    op_fetcher *f;
    int i;
} par;

static void *fetch_thread(void *ud)
{
    par *p = ud;
    char path[64];
    op_fetch_result r;
    snprintf(path, sizeof path, "/delay/300?t=%d", p->i);
    get(p->f, path, &r);
    op_fetch_result_free(&r);
    return NULL;
}

/* Six threads at once: the server never sees more than two of them at a time, and the starts
 * are at least the host delay apart. The server's clock sees the client's with some slack on a
 * loaded machine (a request sent 100 ms after another may arrive 60 ms after it; the server logs
 * a request's end after the client has it): 40 ms of starts and 30 ms of ends are allowed. */
static void test_per_host(void)
{
    op_fetch_opts o = {0};
    o.host_delay_ms = 100;
    op_fetcher *f = fetcher(&o);
    pthread_t th[6];
    par ps[6];
    for (int i = 0; i < 6; i++) {
        ps[i] = (par){f, i};
        pthread_create(&th[i], NULL, fetch_thread, &ps[i]);
    }
    for (int i = 0; i < 6; i++)
        pthread_join(th[i], NULL);
    op_fetcher_free(f);
    INT_EQ(requests("/delay/300?t="), 6);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import json,sys\n"
             "r=[json.loads(l) for l in open(sys.argv[1]) if \"/delay/300?t=\" in l]\n"
             "ev=sorted([(x[\"start\"],1) for x in r]+[(x[\"end\"]-0.03,-1) for x in r])\n"
             "c=m=0\n"
             "for t,d in ev:\n c+=d; m=max(m,c)\n"
             "s=sorted(x[\"start\"] for x in r)\n"
             "gap=min(b-a for a,b in zip(s,s[1:]))\n"
             "sys.exit(0 if m<=2 and gap>=0.06 else 1)' '%s'",
             logpath);
    OK(system(cmd) == 0, "at most 2 at once, starts 100 ms apart");
}

static void test_server(void)
{
    if (!need_tool("python3"))
        return;
    if (server_start() != 0) {
        OK(0, "the test server did not start");
        server_stop();
        return;
    }
    test_basic();
    test_retries();
    test_limits();
    test_cache();
    test_per_host();
    server_stop();
}

int main(void)
{
    RUN(test_helpers);
    RUN(test_cache_entries);
    RUN(test_cache_dir);
    RUN_NEEDS("server", test_server);
    DONE();
}
