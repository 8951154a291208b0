/* Which items a batch converts: the --tag/--since/--until/--state filters, ISO dates, the
 * shard an item belongs to (a stable hash of its id, never its position) and --shard auto
 * from the array-job variables of Slurm, Kubernetes and AWS Batch, canonical URLs and the
 * key set that finds duplicates. */
#include "batch/batch_int.h"
#include "core/core.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*** Hashes and keys ***/

uint64_t batch_hash(const void *s, size_t len)
{
    uint64_t h = op_fnv64(s, len);
    h += 0x9e3779b97f4a7c15ULL; /* splitmix64 finaliser */
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

static int is_tracking(const char *p, size_t n)
{
    static const char *const names[] = {
        "utm_", "fbclid=", "gclid=", "mc_cid=", "mc_eid=", "ref_src=", "igshid="};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (n >= strlen(names[i]) && strncasecmp(p, names[i], strlen(names[i])) == 0)
            return 1;
    return 0;
}

char *batch_url_canonical_new(const char *url)
{
    const char *p = strstr(url, "://");
    if (!p)
        return op_strdup(url);
    p += 3;
    op_buf b;
    op_buf_init(&b, 0);
    op_buf_adds(&b, "");
    size_t hn = strcspn(p, "/?#");
    const char *host = p;
    if (hn > 4 && strncasecmp(host, "www.", 4) == 0) {
        host += 4;
        hn -= 4;
    }
    const char *colon = memchr(host, ':', hn);
    size_t keep = hn;
    if (colon && (strncmp(colon, ":80", 3) == 0 || strncmp(colon, ":443", 4) == 0) &&
        (size_t)(colon - host) + (colon[2] == '0' ? 3 : 4) == hn)
        keep = (size_t)(colon - host);
    for (size_t i = 0; i < keep; i++)
        op_buf_addc(&b, (char)tolower((unsigned char)host[i]));
    p = host + hn;
    size_t pn = strcspn(p, "?#");
    while (pn > 0 && p[pn - 1] == '/')
        pn--;
    op_buf_add(&b, p, pn);
    p += strcspn(p, "?#");
    if (*p == '?') {
        char sep = '?';
        for (p++; *p && *p != '#';) {
            size_t n = strcspn(p, "&#");
            if (n && !is_tracking(p, n)) {
                op_buf_addc(&b, sep);
                op_buf_add(&b, p, n);
                sep = '&';
            }
            p += n;
            if (*p == '&')
                p++;
        }
    }
    return op_buf_detach(&b, NULL);
}

struct batch_keys {
    uint64_t *key;
    batch_first **first;
    size_t cap, n;
};

batch_keys *batch_keys_new(void)
{
    batch_keys *k = op_calloc(1, sizeof *k);
    k->cap = 1024;
    k->key = op_calloc(k->cap, sizeof *k->key);
    k->first = op_calloc(k->cap, sizeof *k->first);
    return k;
}

void batch_keys_free(batch_keys *k)
{
    if (!k)
        return;
    for (size_t i = 0; i < k->cap; i++) {
        batch_first *f = k->first[i];
        if (!f)
            continue;
        while (f->parked) {
            batch_parked *p = f->parked;
            f->parked = p->next;
            op_free(p->input);
            op_free(p->format);
            op_free(p->title);
            op_free(p->url);
            op_free(p);
        }
        op_free(f->label);
        op_free(f->reason);
        op_free(f);
    }
    op_free(k->key);
    op_free(k->first);
    op_free(k);
}

static size_t key_slot(const batch_keys *k, uint64_t key)
{
    size_t i = (size_t)key & (k->cap - 1);
    while (k->first[i] && k->key[i] != key)
        i = (i + 1) & (k->cap - 1);
    return i;
}

batch_first *batch_keys_get(batch_keys *k, uint64_t key, const char *label, int *added)
{
    size_t i = key_slot(k, key);
    *added = !k->first[i];
    if (!*added)
        return k->first[i];
    batch_first *f = op_calloc(1, sizeof *f);
    f->label = op_strdup(label ? label : "");
    k->key[i] = key;
    k->first[i] = f;
    if (++k->n * 2 > k->cap) {
        batch_keys old = *k;
        k->cap *= 2;
        k->key = op_calloc(k->cap, sizeof *k->key);
        k->first = op_calloc(k->cap, sizeof *k->first);
        for (size_t j = 0; j < old.cap; j++) {
            if (!old.first[j])
                continue;
            size_t s = key_slot(k, old.key[j]);
            k->key[s] = old.key[j];
            k->first[s] = old.first[j];
        }
        op_free(old.key);
        op_free(old.first);
    }
    return f;
}

const char *batch_keys_add(batch_keys *k, uint64_t key, const char *label)
{
    int added;
    batch_first *f = batch_keys_get(k, key, label, &added);
    return added ? NULL : f->label;
}

/*** Shards ***/

int batch_in_shard(const batch_item *it, unsigned k, unsigned n)
{
    if (n <= 1)
        return 1;
    const char *id = it->id ? it->id : it->url ? it->url : it->path ? it->path : "";
    return batch_hash(id, strlen(id)) % n == (uint64_t)(k - 1);
}

/* A non-negative whole number from the environment variable `name`, or -1. */
static long env_num(const char *name)
{
    const char *s = getenv(name);
    char *end;
    if (!s || !*s)
        return -1;
    long v = strtol(s, &end, 10);
    return *end || v < 0 ? -1 : v;
}

op_status op_batch_shard_parse(const char *s, unsigned count, unsigned *k, unsigned *n)
{
    long idx = -1, total = -1;
    if (!s)
        return OP_ERR_USAGE;
    if (strcmp(s, "auto") == 0) {
        if ((idx = env_num("SLURM_ARRAY_TASK_ID")) >= 0) {
            long min = env_num("SLURM_ARRAY_TASK_MIN");
            total = env_num("SLURM_ARRAY_TASK_COUNT");
            idx -= min > 0 ? min : 0;
        } else if ((idx = env_num("JOB_COMPLETION_INDEX")) >= 0) {
            total = count ? (long)count : -1;
        } else if ((idx = env_num("AWS_BATCH_JOB_ARRAY_INDEX")) >= 0) {
            total = env_num("AWS_BATCH_JOB_ARRAY_SIZE");
        }
        if (idx < 0 || total <= 0 || idx >= total)
            return OP_ERR_USAGE;
        *k = (unsigned)idx + 1;
        *n = (unsigned)total;
        return OP_OK;
    }
    char *end;
    long a = strtol(s, &end, 10);
    if (end == s || *end != '/')
        return OP_ERR_USAGE;
    const char *q = end + 1;
    long b = strtol(q, &end, 10);
    if (end == q || *end || a < 1 || b < 1 || a > b || b > 1000000)
        return OP_ERR_USAGE;
    *k = (unsigned)a;
    *n = (unsigned)b;
    return OP_OK;
}

/*** Dates ***/

op_status op_batch_date_parse(const char *s, int64_t *out)
{
    char full[16];
    size_t n = s ? strlen(s) : 0;
    if ((n == 4 || (n == 7 && s[4] == '-')) && isdigit((unsigned char)s[0])) {
        /* "2024", "2024-05": the first day of the year or month */
        snprintf(full, sizeof full, "%.7s%s", s, n == 4 ? "-01-01" : "-01");
        s = full;
        n = 10;
    }
    /* ISO dates with an optional time and zone (op_date_unix, core/timestamp.c); not Unix
     * seconds or RFC 822, which a user does not type */
    if (!s || !isdigit((unsigned char)s[0]) || n < 10 || s[4] != '-' || !op_date_unix(s, n, out))
        return OP_ERR_USAGE;
    return OP_OK;
}

void batch_item_date(const batch_item *it, int64_t mtime, char out[11])
{
    int64_t t = batch_item_time(it, mtime);
    out[0] = '\0';
    if (t < 0)
        return;
    int64_t z = t / 86400 + 719468; /* civil_from_days */
    int64_t era = z / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    int64_t y = (int64_t)yoe + era * 400 + (m <= 2);
    char tmp[48];
    snprintf(tmp, sizeof tmp, "%04d-%02u-%02u", (int)(y % 10000), m % 100, d % 100);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

/*** Selection ***/

int batch_selected(const op_batch_select *sel, const batch_item *it, int64_t mtime)
{
    if (sel->tag) {
        size_t i = 0;
        while (i < it->ntags && strcasecmp(it->tags[i], sel->tag) != 0)
            i++;
        if (i == it->ntags)
            return 0;
    }
    if (sel->since || sel->until) {
        int64_t t = batch_item_time(it, mtime);
        if (t < 0 || (sel->since && t < sel->since) || (sel->until && t >= sel->until))
            return 0;
    }
    if (sel->state && strcmp(sel->state, "all") != 0 && it->state &&
        strcmp(sel->state, it->state) != 0)
        return 0;
    return 1;
}
