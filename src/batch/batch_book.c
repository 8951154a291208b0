/* Books of a batch run (--bundle, --group-by, --order): the group an item belongs to (its
 * month or ISO week, first tag, site, folder), the name a group's book gets, and the order
 * of a book's articles (input, date, title). The runner (batch.c) collects the items and
 * converts each book. */
#include "batch/batch_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

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
