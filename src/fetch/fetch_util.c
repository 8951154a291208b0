/* What the fetcher needs besides libcurl: the per-host gate that keeps it polite (a limit on
 * requests at once and a delay between them, per host, shared by every thread of a batch),
 * URL hosts, Retry-After and Content-Type values, the clock. */
#include "fetch/fetch_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/*** Clock ***/

long long fetch_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void fetch_sleep_ms(long long ms)
{
    if (ms <= 0)
        return;
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/*** URLs and header values ***/

int op_url_is_remote(const char *s)
{
    return s && (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0);
}

void fetch_url_host(const char *url, char *out, size_t outsz)
{
    const char *p = strstr(url, "://");
    size_t n = 0;
    if (outsz == 0)
        return;
    out[0] = '\0';
    if (!p)
        return;
    p += 3;
    size_t end = strcspn(p, "/?#");
    const char *at = memchr(p, '@', end);
    if (at) {
        end -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    for (; n < end && n + 1 < outsz; n++)
        out[n] = (char)tolower((unsigned char)p[n]);
    out[n] = '\0';
}

long long fetch_retry_after_ms(const char *v)
{
    if (!v)
        return -1;
    while (*v == ' ' || *v == '\t')
        v++;
    if (isdigit((unsigned char)*v)) {
        char *end;
        long long s = strtoll(v, &end, 10);
        while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
            end++;
        return *end || s < 0 ? -1 : s > 86400 ? 86400000LL : s * 1000;
    }
    /* An HTTP date: "Wed, 21 Oct 2015 07:28:00 GMT" */
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    char mon[4] = "";
    int d, y, hh, mm, ss;
    const char *comma = strchr(v, ',');
    if (!comma || sscanf(comma + 1, " %d %3s %d %d:%d:%d", &d, mon, &y, &hh, &mm, &ss) != 6)
        return -1;
    const char *m = strstr(months, mon);
    if (!m || strlen(mon) != 3 || (m - months) % 3)
        return -1;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = (int)((m - months) / 3);
    tm.tm_mday = d;
    tm.tm_hour = hh;
    tm.tm_min = mm;
    tm.tm_sec = ss;
    /* days from the civil date (UTC), without timegm */
    long long yy = y - (tm.tm_mon < 2), era = (yy >= 0 ? yy : yy - 399) / 400;
    long long yoe = yy - era * 400, mp = (tm.tm_mon + 9) % 12;
    long long doy = (153 * mp + 2) / 5 + d - 1, doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long long t = (era * 146097 + doe - 719468) * 86400 + hh * 3600 + mm * 60 + ss;
    long long diff = t - (long long)time(NULL);
    return diff <= 0 ? 0 : diff > 86400 ? 86400000LL : diff * 1000;
}

static char *lower_dup(const char *s, size_t n)
{
    char *r = op_strndup(s, n);
    for (char *c = r; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    return r;
}

void fetch_content_type(const char *value, char **type, char **charset)
{
    *type = *charset = NULL;
    if (!value)
        return;
    while (*value == ' ')
        value++;
    size_t n = strcspn(value, "; \t");
    if (n)
        *type = lower_dup(value, n);
    for (const char *p = strchr(value, ';'); p; p = strchr(p + 1, ';')) {
        const char *q = p + 1;
        while (*q == ' ' || *q == '\t')
            q++;
        if (strncasecmp(q, "charset=", 8) != 0)
            continue;
        q += 8;
        if (*q == '"')
            q++;
        size_t m = strcspn(q, "\"; \t\r\n");
        if (m && m < 40)
            *charset = op_strndup(q, m);
        return;
    }
}

/*** The per-host gate ***/

void fetch_gate_init(fetch_gate *g, int per_host, long delay_ms)
{
    memset(g, 0, sizeof *g);
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->cv, NULL);
    g->per_host = per_host;
    g->delay_ms = delay_ms;
}

void fetch_gate_free(fetch_gate *g)
{
    for (size_t i = 0; i < g->nhosts; i++)
        op_free(g->hosts[i].name);
    op_free(g->hosts);
    pthread_cond_destroy(&g->cv);
    pthread_mutex_destroy(&g->mu);
}

/* The host's slot (made when new); called with the lock held. The table only grows by
 * index, so callers keep indexes, not pointers, across a wait. */
static size_t host_index(fetch_gate *g, const char *name)
{
    for (size_t i = 0; i < g->nhosts; i++)
        if (strcmp(g->hosts[i].name, name) == 0)
            return i;
    if (g->nhosts == g->caphosts) {
        g->caphosts = g->caphosts ? g->caphosts * 2 : 8;
        g->hosts = op_realloc(g->hosts, g->caphosts * sizeof *g->hosts);
    }
    fetch_host *h = &g->hosts[g->nhosts];
    memset(h, 0, sizeof *h);
    h->name = op_strdup(name);
    return g->nhosts++;
}

size_t fetch_gate_enter(fetch_gate *g, const char *url)
{
    char name[256];
    fetch_url_host(url, name, sizeof name);
    pthread_mutex_lock(&g->mu);
    size_t i = host_index(g, name);
    for (;;) {
        fetch_host *h = &g->hosts[i];
        long long now = fetch_now_ms();
        if (h->active < g->per_host && now >= h->next_ms)
            break;
        if (h->active < g->per_host) { /* only the delay is left: wait it out, then look again */
            long long wait = h->next_ms - now;
            pthread_mutex_unlock(&g->mu);
            fetch_sleep_ms(wait);
            pthread_mutex_lock(&g->mu);
        } else {
            pthread_cond_wait(&g->cv, &g->mu);
        }
    }
    fetch_host *h = &g->hosts[i];
    h->active++;
    h->next_ms = fetch_now_ms() + (g->delay_ms > 0 ? g->delay_ms : 0);
    pthread_mutex_unlock(&g->mu);
    return i;
}

void fetch_gate_leave(fetch_gate *g, size_t i)
{
    pthread_mutex_lock(&g->mu);
    if (i < g->nhosts && g->hosts[i].active > 0)
        g->hosts[i].active--;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->mu);
}
