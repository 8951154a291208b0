/* Books of a batch run (--bundle, --group-by, --order): the group an item belongs to (its
 * month or ISO week, first tag, site, folder), the name a group's book gets, the order of a
 * book's articles (input, date, title), and the ledger that lets a second run leave a book
 * whose articles did not change untouched. The runner (batch.c) collects the items and
 * converts each book. */
#include "batch/batch_int.h"
#include "convert/convert_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

int op_batch_group_from_name(const char *name)
{
    static const char *const names[] = {"none", "month", "week", "tag", "site", "folder"};
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i]) == 0)
            return (int)i;
    return -1;
}

int op_batch_order_from_name(const char *name)
{
    static const char *const names[] = {"input", "date", "title"};
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i]) == 0)
            return (int)i;
    return -1;
}

const char *batch_group_none(op_batch_group by)
{
    switch (by) {
    case OP_BATCH_GROUP_MONTH:
    case OP_BATCH_GROUP_WEEK:
        return "undated";
    case OP_BATCH_GROUP_TAG:
        return "untagged";
    case OP_BATCH_GROUP_SITE:
        return "unknown-site";
    case OP_BATCH_GROUP_FOLDER:
    case OP_BATCH_GROUP_NONE:
        break;
    }
    return "unfiled";
}

int64_t batch_item_time(const batch_item *it, int64_t mtime)
{
    return it->saved >= 0 ? it->saved : it->published >= 0 ? it->published : mtime;
}

/* The ISO 8601 week ("2024-W07") of a Unix time: the week (Monday to Sunday) belongs to the
 * year of its Thursday. */
static void iso_week(int64_t t, char *out, size_t outsz)
{
    struct tm tm;
    time_t tt = (time_t)t;
    gmtime_r(&tt, &tm);
    int wd = (tm.tm_wday + 6) % 7; /* Monday 0 */
    tt = (time_t)(t + (int64_t)(3 - wd) * 86400);
    gmtime_r(&tt, &tm);
    snprintf(out, outsz, "%04d-W%02d", (tm.tm_year + 1900) % 10000, tm.tm_yday / 7 + 1);
}

char *batch_group_key_new(const batch_item *it, int64_t mtime, op_batch_group by)
{
    char buf[32];
    int64_t t;
    switch (by) {
    case OP_BATCH_GROUP_MONTH:
        batch_item_date(it, mtime, buf);
        if (!buf[0])
            return NULL;
        buf[7] = '\0';
        return op_strdup(buf);
    case OP_BATCH_GROUP_WEEK:
        t = batch_item_time(it, mtime);
        if (t < 0)
            return NULL;
        iso_week(t, buf, sizeof buf);
        return op_strdup(buf);
    case OP_BATCH_GROUP_TAG:
        return it->ntags && it->tags[0][0] ? op_strdup(it->tags[0]) : NULL;
    case OP_BATCH_GROUP_SITE: {
        if (it->site && it->site[0])
            return op_strdup(it->site);
        return batch_url_host_new(it->url);
    }
    case OP_BATCH_GROUP_FOLDER: {
        if (it->folder && it->folder[0])
            return op_strdup(it->folder);
        const char *slash = it->path && it->id ? strrchr(it->id, '/') : NULL;
        if (!slash || slash == it->id || strstr(it->id, "://"))
            return NULL;
        return op_strndup(it->id, (size_t)(slash - it->id));
    }
    case OP_BATCH_GROUP_NONE:
        break;
    }
    return NULL;
}

char *batch_group_name_new(const char *key, op_batch_group by)
{
    if (by == OP_BATCH_GROUP_MONTH || by == OP_BATCH_GROUP_WEEK)
        return op_strdup(key); /* "2024-W07", "2024-02", "undated" */
    char *s = batch_slug_new(key, 80);
    if (!*s) {
        op_free(s);
        s = op_strdup("group");
    }
    return s;
}

/*** Order ***/

typedef struct sort_entry {
    size_t index;
    int64_t time;
    char *title; /* lower-cased for comparing */
} sort_entry;

static int by_date(const void *a, const void *b)
{
    const sort_entry *x = a, *y = b;
    if ((x->time < 0) != (y->time < 0)) /* undated last */
        return x->time < 0 ? 1 : -1;
    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int by_title(const void *a, const void *b)
{
    const sort_entry *x = a, *y = b;
    int c = strcmp(x->title, y->title);
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The title an item is sorted by: the archive's, else its name's slug; ASCII folded. */
static char *sort_title(const batch_item *it)
{
    char *s = it->title && it->title[0] ? op_strdup(it->title) : batch_name_new("{slug}", it);
    for (char *p = s; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return s;
}

void batch_book_order(const batch_item *const *items, const int64_t *mtimes, size_t n,
                      op_batch_order order, size_t *perm)
{
    sort_entry *e = op_calloc(n ? n : 1, sizeof *e);
    for (size_t i = 0; i < n; i++) {
        e[i].index = i;
        e[i].time = batch_item_time(items[i], mtimes ? mtimes[i] : -1);
        e[i].title = order == OP_BATCH_ORDER_TITLE ? sort_title(items[i]) : NULL;
    }
    if (order == OP_BATCH_ORDER_DATE)
        qsort(e, n, sizeof *e, by_date);
    else if (order == OP_BATCH_ORDER_TITLE)
        qsort(e, n, sizeof *e, by_title);
    for (size_t i = 0; i < n; i++) {
        perm[i] = e[i].index;
        op_free(e[i].title);
    }
    op_free(e);
}

/*** The books' ledger: which articles each book holds ***/

#define LEDGER_NAME ".offprint-books"

typedef struct ledger_entry {
    char *name; /* the book's file name in the folder */
    uint64_t sig;
} ledger_entry;

struct batch_ledger {
    char *path; /* DIR/.offprint-books */
    ledger_entry *e;
    size_t n;
};

batch_ledger *batch_ledger_load(const char *dir)
{
    batch_ledger *l = op_calloc(1, sizeof *l);
    l->path = op_path_join(dir && *dir ? dir : ".", LEDGER_NAME);
    FILE *f = fopen(l->path, "r");
    char line[4200];
    while (f && fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t'), *end = NULL;
        if (!tab)
            continue;
        uint64_t sig = strtoull(line, &end, 16);
        if (end != tab)
            continue;
        size_t len = strcspn(tab + 1, "\n");
        tab[1 + len] = '\0';
        batch_ledger_set(l, tab + 1, sig, 1);
    }
    if (f)
        fclose(f);
    return l;
}

static ledger_entry *ledger_find(const batch_ledger *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->e[i].name, name) == 0)
            return &l->e[i];
    return NULL;
}

int batch_ledger_has(const batch_ledger *l, const char *name, uint64_t sig)
{
    const ledger_entry *e = l ? ledger_find(l, name) : NULL;
    return e && e->sig == sig;
}

void batch_ledger_set(batch_ledger *l, const char *name, uint64_t sig, int holds)
{
    ledger_entry *e = ledger_find(l, name);
    if (e && holds) {
        e->sig = sig;
    } else if (e) {
        op_free(e->name);
        *e = l->e[--l->n];
    } else if (holds) {
        l->e = op_realloc(l->e, (l->n + 1) * sizeof *l->e);
        l->e[l->n].name = op_strdup(name);
        l->e[l->n++].sig = sig;
    }
}

op_status batch_ledger_save(const batch_ledger *l)
{
    op_buf b;
    op_buf_init(&b, 0);
    op_buf_adds(&b, "");
    for (size_t i = 0; i < l->n; i++)
        op_buf_printf(&b, "%016llx\t%s\n", (unsigned long long)l->e[i].sig, l->e[i].name);
    char *tmp = NULL;
    int slot;
    int fd = convert_temp_open(l->path, &tmp, &slot);
    int ok = fd >= 0;
    for (size_t off = 0; ok && off < b.len;) {
        ssize_t w = write(fd, b.data + off, b.len - off);
        ok = w > 0;
        off += ok ? (size_t)w : 0;
    }
    if (fd >= 0 && close(fd) != 0)
        ok = 0;
    if (ok && rename(tmp, l->path) != 0)
        ok = 0;
    if (!ok && fd >= 0)
        unlink(tmp);
    convert_temp_done(slot);
    op_free(tmp);
    op_buf_free(&b);
    return ok ? OP_OK : OP_ERR_IO;
}

void batch_ledger_free(batch_ledger *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        op_free(l->e[i].name);
    op_free(l->e);
    op_free(l->path);
    op_free(l);
}

uint64_t batch_book_sig(const char *title, const char *ext, const char *const *inputs,
                        const int64_t *mtimes, size_t n)
{
    op_buf b;
    op_buf_init(&b, 0);
    op_buf_printf(&b, "offprint book 1\n%s\n%s\n", title ? title : "", ext ? ext : "");
    for (size_t i = 0; i < n; i++)
        op_buf_printf(&b, "%s\t%lld\n", inputs[i] ? inputs[i] : "", (long long)mtimes[i]);
    uint64_t h = batch_hash(b.data, b.len);
    op_buf_free(&b);
    return h;
}
