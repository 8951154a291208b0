/* The batch runner (batch.h): the calling thread reads every input (batch_walk.c, the readers)
 * and decides for each item - selected? in this shard? a duplicate? its name? already done? -
 * then hands it through a bounded queue to worker threads that convert it with op_convert and
 * report it (the callback and the JSON Lines report, one item at a time). Names are given in
 * input order by the reading thread, so they do not depend on the number of threads. */
#include "batch/batch_int.h"
#include "core/core.h"
#include "offprint/font.h"
#include "offprint/style.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static atomic_int stop_requested; /* lock-free: set from a signal handler */

/* The reason of an item that carries only a URL (counted apart in the summary). */
static const char needs_fetch[] = "needs --fetch";

void op_batch_stop(void)
{
    atomic_store(&stop_requested, 1);
}

const char *op_batch_status_name(op_batch_status s)
{
    switch (s) {
    case OP_BATCH_OK:
        return "ok";
    case OP_BATCH_SKIPPED:
        return "skipped";
    case OP_BATCH_DUPLICATE:
        return "duplicate";
    case OP_BATCH_FAILED:
        return "failed";
    }
    return "failed";
}

int op_batch_reader_known(const char *name)
{
    return batch_reader_find(name) != NULL;
}

const char *op_batch_sniff(const char *path)
{
    char head[BATCH_SNIFF_HEAD];
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f)
        return NULL;
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    const batch_reader *r = batch_reader_sniff(path, head, n, 1);
    return r ? r->name : NULL;
}

/*** The run's state ***/

typedef struct task {
    batch_item *it;
    char *out;
    batch_first *first; /* the entry of its key: its duplicates wait for its fate */
    char *group;        /* --group-by: the item's group (NULL: none) */
    int64_t mtime;      /* the date of an item that carries none (--order date) */
    size_t seq;         /* its place among the books' items */
    int64_t src_mtime;  /* its file's (or export's) modification time: a book's signature */
} task;

typedef struct runner {
    const op_batch_opts *o;
    op_convert_opts co;
    const char *ext;
    atomic_int stop; /* take no new items */
    /* the reading thread's own */
    batch_names *names;
    batch_keys *keys;
    size_t taken; /* items reported or queued, for --limit */
    int limited;  /* --limit reached: read no further */
    task *book;   /* --bundle, --group-by: the items of the books, in input order */
    size_t nbook;
    /* the queue */
    pthread_mutex_t qlock;
    pthread_cond_t not_empty, not_full;
    task *q;
    size_t qcap, qhead, qlen;
    int closed;
    /* results, under lock */
    pthread_mutex_t lock;
    op_batch_summary sum;
    size_t nreported;
    size_t total; /* items taken (reported, queued or in a book): the progress's total */
    int read_all; /* the inputs are read to the end */
    FILE *report;
    op_status fatal;      /* a setup failure (fonts, styles) stops the run */
    op_style *theme;      /* PDF: the theme, parsed once and lent to every conversion */
    batch_ledger *ledger; /* books: what each book of the folder holds (under lock) */
} runner;

/* Tells the progress callback, under the lock; `current`: an item that starts. */
static void progress_locked(runner *r, const char *current)
{
    if (!r->o->on_progress)
        return;
    op_batch_progress p = {.done = r->nreported,
                           .total = r->total > r->nreported ? r->total : r->nreported,
                           .total_known = r->read_all,
                           .current = current};
    r->o->on_progress(r->o->on_progress_ud, &p);
}

static void progress(runner *r, const char *current)
{
    pthread_mutex_lock(&r->lock);
    progress_locked(r, current);
    pthread_mutex_unlock(&r->lock);
}

/* Reports one finished item, under the lock: the counts, the callback, the report line. */
static void record_locked(runner *r, op_batch_result *res)
{
    res->index = r->nreported++;
    switch (res->status) {
    case OP_BATCH_OK:
        r->sum.converted++;
        break;
    case OP_BATCH_SKIPPED:
        r->sum.skipped++;
        r->sum.need_fetch += res->reason == needs_fetch;
        break;
    case OP_BATCH_DUPLICATE:
        r->sum.duplicates++;
        break;
    case OP_BATCH_FAILED:
        r->sum.failed++;
        if (r->o->max_failures && r->sum.failed >= r->o->max_failures)
            atomic_store(&r->stop, 1);
        if (res->error == OP_ERR_FONT || res->error == OP_ERR_SETUP) {
            r->fatal = res->error;
            atomic_store(&r->stop, 1);
        }
        break;
    }
    if (r->o->on_result)
        r->o->on_result(r->o->on_result_ud, res);
    if (r->report)
        batch_report_item(r->report, res);
    progress_locked(r, NULL);
}

/* Reports a duplicate of the item of `f`, which has ended, under the lock: a duplicate of
 * what was converted (or skipped), failed with its reason when that item failed (an
 * identical broken file is broken too, and must not hide behind the first). */
static void report_duplicate_locked(runner *r, const batch_first *f, const batch_parked *p)
{
    op_batch_result res;
    char why[640];
    memset(&res, 0, sizeof res);
    res.input = p->input;
    res.format = p->format;
    res.title = p->title;
    res.url = p->url;
    if (f->fate == BATCH_FAILED) {
        snprintf(why, sizeof why, "%s (same as %s)", f->reason, f->label);
        res.status = OP_BATCH_FAILED;
        res.error = f->error;
        res.reason = why;
    } else {
        res.status = OP_BATCH_DUPLICATE;
        res.reason = f->label;
    }
    record_locked(r, &res);
}

/* Under the lock: the item of `f` has ended as `res` says; its parked duplicates are told. */
static void settle_locked(runner *r, batch_first *f, const op_batch_result *res)
{
    f->fate = res->status == OP_BATCH_FAILED ? BATCH_FAILED : BATCH_DONE;
    if (f->fate == BATCH_FAILED) {
        f->error = res->error;
        f->reason = op_strdup(res->reason ? res->reason : op_status_str(res->error));
    }
    while (f->parked) {
        batch_parked *p = f->parked;
        f->parked = p->next;
        report_duplicate_locked(r, f, p);
        op_free(p->input);
        op_free(p->format);
        op_free(p->title);
        op_free(p->url);
        op_free(p);
    }
}

/* Reports one finished item; `f` (may be NULL): the entry of its key, now settled. */
static void finish(runner *r, op_batch_result *res, batch_first *f)
{
    pthread_mutex_lock(&r->lock);
    record_locked(r, res);
    if (f && f->fate == BATCH_PENDING)
        settle_locked(r, f, res);
    pthread_mutex_unlock(&r->lock);
}

/* A duplicate of the item of `f` (taken over): told now when that item has ended, else
 * parked until it does. */
static void duplicate(runner *r, batch_first *f, batch_item *it)
{
    batch_parked *p = op_calloc(1, sizeof *p);
    const char *in = it->source ? it->source : it->path ? it->path : it->id;
    p->input = op_strdup(in ? in : "");
    p->format = it->format ? op_strdup(it->format) : NULL;
    p->title = it->title ? op_strdup(it->title) : NULL;
    p->url = it->url ? op_strdup(it->url) : NULL;
    batch_item_free(it);
    pthread_mutex_lock(&r->lock);
    if (f->fate == BATCH_PENDING) {
        batch_parked **tail = &f->parked;
        while (*tail)
            tail = &(*tail)->next;
        *tail = p;
        p = NULL;
    } else {
        report_duplicate_locked(r, f, p);
    }
    pthread_mutex_unlock(&r->lock);
    if (p) {
        op_free(p->input);
        op_free(p->format);
        op_free(p->title);
        op_free(p->url);
        op_free(p);
    }
}

static void result_of(const batch_item *it, const char *out, op_batch_result *res)
{
    memset(res, 0, sizeof *res);
    res->input = it->source ? it->source : it->path ? it->path : it->id;
    res->format = it->format;
    res->title = it->title;
    res->url = it->url;
    res->output = out;
}

/*** Workers ***/

typedef struct worker {
    runner *r;
    pthread_t thread;
    op_diag diag; /* this item's messages: counted, the first error kept */
    char error[512];
    /* the worker's own, lent to each of its conversions (font.h, pdf.h): loaded on its
     * first item; NULL when that failed, so each conversion loads and reports its own */
    op_fontset *fonts;
    op_hyph *hyph;
    int loaded;
    /* a book: the first error of each input while it is read (op_convert_opts.on_input) */
    char (*input_error)[256];
    size_t ninputs, cur_input;
} worker;

static void worker_diag(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    worker *w = ud;
    if (sev == OP_SEV_ERROR && !w->error[0])
        snprintf(w->error, sizeof w->error, "%s", msg);
    if (sev == OP_SEV_ERROR && w->input_error && w->cur_input < w->ninputs &&
        !w->input_error[w->cur_input][0])
        snprintf(w->input_error[w->cur_input], sizeof w->input_error[0], "%s", msg);
    op_diag *user = w->r->o->convert ? w->r->o->convert->diag : NULL;
    if (user && user->fn) {
        pthread_mutex_lock(&w->r->lock);
        user->fn(user->ud, sev, file, line, msg);
        pthread_mutex_unlock(&w->r->lock);
    }
}

/* Creates the folders above `path` that are missing. */
static int make_parents(const char *path)
{
    char *p = op_strdup(path);
    int ok = 1;
    for (char *s = strchr(p + 1, '/'); s && ok; s = strchr(s + 1, '/')) {
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            ok = 0;
        *s = '/';
    }
    op_free(p);
    return ok;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Lends the worker's font set and dictionaries, and the run's theme, to a conversion that
 * draws pages or embeds fonts, unless the caller lent its own. */
static void lend(worker *w, op_convert_opts *co)
{
    if (OP_OUT_IS_TEXT(co->to))
        return;
    int pdf = co->to == OP_OUT_PDF;
    if (!w->loaded) {
        w->loaded = 1;
        if (pdf || co->epub.embed_fonts) {
            const char *dir = pdf ? co->pdf.data_dir : co->epub.data_dir;
            if (op_fontset_load(dir, NULL, &w->fonts) != OP_OK)
                w->fonts = NULL;
        }
        if (pdf && !co->pdf.no_hyphenate)
            w->hyph = op_hyph_new(NULL);
    }
    if (pdf) {
        if (!co->pdf.fonts)
            co->pdf.fonts = w->fonts;
        if (!co->pdf.hyph)
            co->pdf.hyph = w->hyph;
        if (!co->pdf.theme)
            co->pdf.theme = w->r->theme;
    } else if (!co->epub.fonts) {
        co->epub.fonts = w->fonts;
    }
}

/* A worker's conversion options: the run's, with messages through the worker. */
static op_convert_opts worker_opts(worker *w)
{
    op_convert_opts co = w->r->co;
    memset(&w->diag, 0, sizeof w->diag);
    w->diag.fn = worker_diag;
    w->diag.ud = w;
    w->error[0] = '\0';
    co.diag = &w->diag;
    lend(w, &co);
    return co;
}

static void convert_task(worker *w, task *t)
{
    const batch_item *it = t->it;
    char pub[11], *name;
    const char *meta[OP_META_FIELD_COUNT];
    op_input in;
    batch_item_input(it, &in, meta, pub, &name);
    op_convert_opts co = worker_opts(w);
    op_job job = {.inputs = &in, .ninputs = 1, .output = t->out};
    double t0 = now_ms();
    op_status st = make_parents(t->out) ? op_convert(&job, &co) : OP_ERR_IO;
    op_batch_result res;
    result_of(it, t->out, &res);
    res.ms = now_ms() - t0;
    res.warnings = w->diag.warnings;
    if (st == OP_OK) {
        struct stat sb;
        res.bytes = stat(t->out, &sb) == 0 ? (uint64_t)sb.st_size : 0;
    } else {
        res.status = OP_BATCH_FAILED;
        res.error = st;
        res.reason = w->error[0] ? w->error : op_status_str(st);
    }
    finish(w->r, &res, t->first);
    op_free(name);
}

/* The next task, or 0 when the queue is closed and empty or the run is stopping. */
static int pop(runner *r, task *t)
{
    pthread_mutex_lock(&r->qlock);
    if (atomic_load(&stop_requested))
        atomic_store(&r->stop, 1);
    while (r->qlen == 0 && !r->closed && !atomic_load(&r->stop))
        pthread_cond_wait(&r->not_empty, &r->qlock);
    int got = r->qlen > 0 && !atomic_load(&r->stop);
    if (got) {
        *t = r->q[r->qhead];
        r->qhead = (r->qhead + 1) % r->qcap;
        r->qlen--;
        pthread_cond_signal(&r->not_full);
    }
    pthread_mutex_unlock(&r->qlock);
    return got;
}

static void *work(void *arg)
{
    worker *w = arg;
    task t;
    while (pop(w->r, &t)) {
        progress(w->r, t.it->source ? t.it->source : t.it->path ? t.it->path : t.it->id);
        convert_task(w, &t);
        batch_item_free(t.it);
        op_free(t.out);
    }
    op_fontset_free(w->fonts);
    op_hyph_free(w->hyph);
    w->fonts = NULL;
    w->hyph = NULL;
    return NULL;
}

/* Wakes every thread waiting on the queue (a stop, or the end of the input). */
static void wake_all(runner *r)
{
    pthread_mutex_lock(&r->qlock);
    pthread_cond_broadcast(&r->not_empty);
    pthread_cond_broadcast(&r->not_full);
    pthread_mutex_unlock(&r->qlock);
}

/* Queues a task, waiting while the queue is full; 0 when the run stops instead. */
static int push(runner *r, task t)
{
    pthread_mutex_lock(&r->qlock);
    while (r->qlen == r->qcap && !atomic_load(&r->stop)) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 100 * 1000000L; /* look at stop_requested ten times a second */
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&r->not_full, &r->qlock, &ts);
        if (atomic_load(&stop_requested))
            atomic_store(&r->stop, 1);
    }
    int ok = !atomic_load(&r->stop);
    if (ok) {
        r->q[(r->qhead + r->qlen) % r->qcap] = t;
        r->qlen++;
        pthread_cond_signal(&r->not_empty);
    }
    pthread_mutex_unlock(&r->qlock);
    return ok;
}

/*** Deciding about each item (the reading thread) ***/

/* The URL a browser noted when it saved the page ("<!-- saved from url=(0043)https://...
 * -->" at the top, Chrome and Internet Explorer), or NULL. */
static char *saved_from_new(const char *bytes, size_t len)
{
    static const char mark[] = "<!-- saved from url=(";
    size_t n = len < 1024 ? len : 1024;
    const char *p = NULL;
    for (size_t i = 0; i + sizeof mark - 1 <= n && !p; i++)
        if (memcmp(bytes + i, mark, sizeof mark - 1) == 0)
            p = bytes + i + sizeof mark - 1;
    if (!p || !(p = memchr(p, ')', (size_t)(bytes + n - p))))
        return NULL;
    p++;
    size_t u = 0;
    while (p + u < bytes + n && (unsigned char)p[u] > ' ' &&
           !(p + u + 3 <= bytes + n && memcmp(p + u, "-->", 3) == 0))
        u++;
    return u > 8 && strncmp(p, "http", 4) == 0 ? op_strndup(p, u) : NULL;
}

/* The key that finds duplicates: the canonical URL, else the content. A saved page's URL
 * comes from its "saved from" note when the archive gives none. */
static uint64_t item_key(batch_item *it)
{
    if (!it->url && it->path) {
        char *bytes = NULL;
        size_t len = 0;
        if (op_file_read(it->path, OP_PARSE_MAX_SIZE_DEFAULT, &bytes, &len) == OP_OK) {
            it->url = saved_from_new(bytes, len);
            if (!it->url) {
                uint64_t k = batch_hash(bytes, len) ^ 1;
                op_free(bytes);
                return k;
            }
        }
        op_free(bytes);
    }
    if (it->url) {
        char *c = batch_url_canonical_new(it->url);
        uint64_t k = batch_hash(c, strlen(c));
        op_free(c);
        return k;
    }
    if (it->data)
        return batch_hash(it->data, it->len) ^ 1;
    const char *p = it->path ? it->path : "";
    return batch_hash(p, strlen(p)) ^ 2; /* unreadable: the conversion will say so */
}

/* 1 when `out` exists and is at least as new as its input (modified at `mtime`). */
static int done_before(const char *out, int64_t mtime)
{
    struct stat sb;
    return stat(out, &sb) == 0 && S_ISREG(sb.st_mode) && (int64_t)sb.st_mtime >= mtime;
}

static void report_now(runner *r, batch_item *it, char *out, batch_first *f, op_batch_status s,
                       const char *why)
{
    op_batch_result res;
    result_of(it, out, &res);
    res.status = s;
    res.reason = why;
    finish(r, &res, f);
    batch_item_free(it);
    op_free(out);
}

static op_status accept_item(void *ud, batch_item *it, int64_t mtime)
{
    runner *r = ud;
    const op_batch_opts *o = r->o;
    if (atomic_load(&stop_requested))
        atomic_store(&r->stop, 1);
    if (!atomic_load(&r->stop)) {
        pthread_mutex_lock(&r->lock);
        r->sum.found++;
        pthread_mutex_unlock(&r->lock);
    }
    if (atomic_load(&r->stop) || !batch_selected(&o->select, it, mtime)) {
        batch_item_free(it);
        return atomic_load(&r->stop) ? BATCH_STOPPED : OP_OK;
    }
    /* duplicates and names over every selected item, so that each shard names alike */
    int added;
    batch_first *f = batch_keys_get(r->keys, item_key(it), it->source, &added);
    char *out = NULL;
    int books = o->bundle || o->group_by;
    if (added && !books) {
        char *base = batch_name_new(o->name_template, it);
        char *rel = batch_names_claim(r->names, base, r->ext);
        out = op_path_join(o->out_dir, rel);
        op_free(rel);
        op_free(base);
    }
    if (!batch_in_shard(it, o->select.shard_k, o->select.shard_n)) {
        if (added) { /* another shard's: its duplicates here are told as such */
            pthread_mutex_lock(&r->lock);
            f->fate = BATCH_DONE;
            pthread_mutex_unlock(&r->lock);
        }
        batch_item_free(it);
        op_free(out);
        return OP_OK;
    }
    if (o->select.limit && r->taken >= o->select.limit) {
        r->limited = 1;
        batch_item_free(it);
        op_free(out);
        return BATCH_STOPPED;
    }
    r->taken++;
    pthread_mutex_lock(&r->lock);
    r->total++;
    pthread_mutex_unlock(&r->lock);
    if (!added)
        duplicate(r, f, it);
    else if (!it->path && !it->data && !(r->co.fetcher && r->co.fetch_images && it->url))
        report_now(r, it, out, f, OP_BATCH_SKIPPED, needs_fetch);
    else if (books) {
        r->book = op_realloc(r->book, (r->nbook + 1) * sizeof *r->book);
        /* a file's own date stands in for the one it does not carry; an export's does not */
        int file = !strcmp(it->format, "folder") || !strcmp(it->format, "list");
        int64_t own = file ? mtime : -1;
        char *group = o->group_by ? batch_group_key_new(it, own, o->group_by) : NULL;
        r->book[r->nbook] = (task){it, out, f, group, own, r->nbook, mtime};
        r->nbook++;
    } else if (!o->force && done_before(out, mtime))
        report_now(r, it, out, f, OP_BATCH_SKIPPED, "exists");
    else if (!push(r, (task){it, out, f, NULL, -1, 0, mtime})) {
        batch_item_free(it);
        op_free(out);
        return BATCH_STOPPED;
    }
    return OP_OK;
}

/*** Books: --bundle, --group-by ***/

/* op_input_fn of a book: the messages that follow are this input's. */
static void book_input(void *ud, size_t index, const op_input *in)
{
    (void)in;
    ((worker *)ud)->cur_input = index;
}

/* The signature of the book of the n items of t (batch_book_sig). */
static uint64_t book_sig(const runner *r, const task *t, size_t n, const char *title)
{
    const char **inputs = op_calloc(n, sizeof *inputs);
    int64_t *mtimes = op_calloc(n, sizeof *mtimes);
    for (size_t i = 0; i < n; i++) {
        const batch_item *it = t[i].it;
        inputs[i] = it->source ? it->source : it->path ? it->path : it->id;
        mtimes[i] = t[i].src_mtime;
    }
    op_buf b;
    op_buf_init(&b, 0);
    op_buf_printf(&b, "%s\n%s", title ? title : "", r->co.title ? r->co.title : "");
    uint64_t sig = batch_book_sig(b.data, r->ext, inputs, mtimes, n);
    op_buf_free(&b);
    op_free(mtimes);
    op_free(inputs);
    return sig;
}

/* 1 when the book at `path` (`name` in its folder) exists and was made of the same articles
 * (`sig`): then its items are reported skipped ("exists"), and the book untouched. */
static int book_kept(runner *r, const task *t, size_t n, const char *path, const char *name,
                     uint64_t sig)
{
    struct stat sb;
    pthread_mutex_lock(&r->lock);
    int kept = !r->o->force && batch_ledger_has(r->ledger, name, sig) && stat(path, &sb) == 0 &&
               S_ISREG(sb.st_mode);
    pthread_mutex_unlock(&r->lock);
    if (!kept)
        return 0;
    for (size_t i = 0; i < n; i++) {
        op_batch_result res;
        result_of(t[i].it, path, &res);
        res.status = OP_BATCH_SKIPPED;
        res.reason = "exists";
        finish(r, &res, t[i].first);
    }
    pthread_mutex_lock(&r->lock);
    if (r->report)
        batch_report_bundle(r->report, path, n, (uint64_t)sb.st_size, 0, OP_OK, 1, NULL);
    pthread_mutex_unlock(&r->lock);
    return 1;
}

/* One book of the n items of t at `path`, titled `title` (NULL: the run's --title, else
 * derived); each item is reported with the book as its output, the book on a line of its
 * own. A book made of the same articles by an earlier run is left as it is. */
static void convert_book(runner *r, const task *t, size_t n, const char *path, const char *title)
{
    if (n == 0 || atomic_load(&r->stop))
        return;
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    uint64_t sig = book_sig(r, t, n, title);
    if (book_kept(r, t, n, path, name, sig))
        return;
    op_input *in = op_calloc(n, sizeof *in);
    const char **meta = op_calloc(n * OP_META_FIELD_COUNT, sizeof *meta);
    char *pub = op_calloc(n, 11);
    char **names = op_calloc(n, sizeof *names);
    op_status *each = op_calloc(n, sizeof *each);
    for (size_t i = 0; i < n; i++)
        batch_item_input(t[i].it, &in[i], meta + i * OP_META_FIELD_COUNT, pub + i * 11, &names[i]);
    worker w = {.r = r};
    op_convert_opts co = worker_opts(&w);
    if (title) /* a group's: its book's, even of one article */
        co.title = title;
    co.book = 1; /* one article too is a book, like the others */
    w.input_error = op_calloc(n, sizeof *w.input_error);
    w.ninputs = n;
    co.on_input = book_input;
    co.on_input_ud = &w;
    op_job job = {.inputs = in, .ninputs = n, .output = path, .input_status = each};
    progress(r, path);
    double t0 = now_ms();
    op_status st = make_parents(path) ? op_convert(&job, &co) : OP_ERR_IO;
    op_fontset_free(w.fonts);
    op_hyph_free(w.hyph);
    struct stat sb;
    uint64_t bytes = st == OP_OK && stat(path, &sb) == 0 ? (uint64_t)sb.st_size : 0;
    int whole = st == OP_OK;
    for (size_t i = 0; i < n; i++) {
        op_batch_result res;
        result_of(t[i].it, path, &res);
        op_status e = each[i] != OP_OK ? each[i] : st;
        whole = whole && e == OP_OK;
        if (e != OP_OK) {
            res.status = OP_BATCH_FAILED;
            res.error = e;
            res.reason = each[i] != OP_OK && w.input_error[i][0] ? w.input_error[i]
                         : each[i] == OP_OK && w.error[0]        ? w.error
                                                                 : op_status_str(e);
        }
        finish(r, &res, t[i].first);
    }
    pthread_mutex_lock(&r->lock);
    if (r->report)
        batch_report_bundle(r->report, path, job.nconverted, bytes, now_ms() - t0, st, 0,
                            w.error[0] ? w.error : NULL);
    /* a book with an article left out is made again next time, telling why again */
    batch_ledger_set(r->ledger, name, sig, whole);
    batch_ledger_save(r->ledger);
    pthread_mutex_unlock(&r->lock);
    for (size_t i = 0; i < n; i++)
        op_free(names[i]);
    op_free(w.input_error);
    op_free(each);
    op_free(names);
    op_free(pub);
    op_free(meta);
    op_free(in);
}

/* The n tasks of t in the run's --order. */
static void order_tasks(runner *r, task *t, size_t n)
{
    if (r->o->order == OP_BATCH_ORDER_INPUT || n < 2)
        return;
    const batch_item **items = op_calloc(n, sizeof *items);
    int64_t *mtimes = op_calloc(n, sizeof *mtimes);
    size_t *perm = op_calloc(n, sizeof *perm);
    for (size_t i = 0; i < n; i++) {
        items[i] = t[i].it;
        mtimes[i] = t[i].mtime;
    }
    batch_book_order(items, mtimes, n, r->o->order, perm);
    task *tmp = op_calloc(n, sizeof *tmp);
    for (size_t i = 0; i < n; i++)
        tmp[i] = t[perm[i]];
    memcpy(t, tmp, n * sizeof *t);
    op_free(tmp);
    op_free(perm);
    op_free(mtimes);
    op_free(items);
}

/* A group's book: its items (a range of the runner's book after sorting), path and title. */
typedef struct group {
    size_t first, n;
    char *path, *title;
} group;

typedef struct group_run {
    runner *r;
    group *g;
    size_t ng;
    atomic_size_t next;
} group_run;

static void *group_worker(void *ud)
{
    group_run *gr = ud;
    for (;;) {
        size_t i = atomic_fetch_add(&gr->next, 1);
        if (i >= gr->ng || atomic_load(&gr->r->stop))
            break;
        const group *g = &gr->g[i];
        convert_book(gr->r, gr->r->book + g->first, g->n, g->path, g->title);
    }
    return NULL;
}

/* By group (the group without the key last; keys compared without case), then input order. */
static int by_group(const void *a, const void *b)
{
    const task *x = a, *y = b;
    int c = !x->group || !y->group ? (x->group   ? -1
                                      : y->group ? 1
                                                 : 0)
                                   : batch_key_cmp(x->group, y->group);
    return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int same_group(const task *x, const task *y)
{
    return x->group && y->group ? batch_key_cmp(x->group, y->group) == 0 : !x->group && !y->group;
}

/* --group-by: the items sorted into groups (in key order, input order inside a group, the
 * group without the key last), one book per group in out_dir, converted on the run's
 * threads. */
static void convert_groups(runner *r)
{
    const op_batch_opts *o = r->o;
    size_t n = r->nbook;
    qsort(r->book, n, sizeof *r->book, by_group);
    group *g = NULL;
    size_t ng = 0;
    for (size_t i = 0, k = 0; i < n; i = k) {
        for (k = i + 1; k < n && same_group(&r->book[i], &r->book[k]); k++)
            ;
        order_tasks(r, r->book + i, k - i);
        const char *key = r->book[i].group ? r->book[i].group : batch_group_none(o->group_by);
        char *base = batch_group_name_new(key, o->group_by);
        char *rel = batch_names_claim(r->names, base, r->ext);
        g = op_realloc(g, (ng + 1) * sizeof *g);
        g[ng].first = i;
        g[ng].n = k - i;
        g[ng].path = op_path_join(o->out_dir, rel);
        op_buf title; /* the group, after --title when there is one */
        op_buf_init(&title, 0);
        op_buf_printf(&title, "%s%s%s", r->co.title ? r->co.title : "", r->co.title ? ": " : "",
                      key);
        g[ng].title = op_buf_detach(&title, NULL);
        ng++;
        op_free(rel);
        op_free(base);
    }
    group_run gr = {.r = r, .g = g, .ng = ng};
    atomic_init(&gr.next, 0);
    int nt = o->jobs < (int)ng ? o->jobs : (int)ng;
    pthread_t *th = op_calloc(nt > 0 ? (size_t)nt : 1, sizeof *th);
    for (int i = 0; i < nt; i++)
        pthread_create(&th[i], NULL, group_worker, &gr);
    for (int i = 0; i < nt; i++)
        pthread_join(th[i], NULL);
    for (size_t i = 0; i < ng; i++) {
        op_free(g[i].path);
        op_free(g[i].title);
    }
    op_free(g);
    op_free(th);
}

static void convert_books(runner *r)
{
    if (!r->nbook)
        return;
    r->ledger = batch_ledger_load(r->o->out_dir);
    if (r->o->group_by) {
        convert_groups(r);
    } else if (r->o->bundle) {
        order_tasks(r, r->book, r->nbook);
        convert_book(r, r->book, r->nbook, r->o->bundle, NULL);
    }
    batch_ledger_free(r->ledger);
    r->ledger = NULL;
}

/*** The run ***/

static op_status prepare(const op_batch_opts *o, op_diag *diag)
{
    char err[160], ebuf[128];
    if (o->name_template && !batch_template_check(o->name_template, err, sizeof err)) {
        op_diag_report(diag, OP_SEV_ERROR, NULL, 0, "--name '%s': %s", o->name_template, err);
        return OP_ERR_USAGE;
    }
    if (o->from && !batch_reader_find(o->from)) {
        op_diag_report(diag, OP_SEV_ERROR, NULL, 0, "no archive reader called '%s'", o->from);
        return OP_ERR_USAGE;
    }
    if ((o->bundle || o->group_by) && o->convert && OP_OUT_IS_TEXT(o->convert->to)) {
        op_diag_report(diag, OP_SEV_ERROR, o->bundle, 0,
                       "a bundle is an EPUB or PDF book (--to epub, --to pdf)");
        return OP_ERR_USAGE;
    }
    char *probe = op_path_join(o->out_dir, "x");
    int ok = make_parents(probe);
    op_free(probe);
    if (!ok || access(o->out_dir, W_OK) != 0) {
        op_diag_report(diag, OP_SEV_ERROR, o->out_dir, 0, "cannot write to folder: %s",
                       op_errno_str(errno, ebuf, sizeof ebuf));
        return OP_ERR_IO;
    }
    return OP_OK;
}

static void read_inputs(runner *r, op_diag *diag)
{
    const op_batch_opts *o = r->o;
    batch_source src = {accept_item,
                        r,
                        o->from,
                        diag,
                        &r->stop,
                        {o->max_zip_entry, o->max_zip_ratio,
                         o->max_entries ? o->max_entries : OP_BATCH_MAX_ENTRIES_DEFAULT}};
    size_t n = o->ninputs + o->nlists;
    for (size_t i = 0; i < n && !atomic_load(&r->stop) && !r->limited; i++) {
        int list = i >= o->ninputs;
        const char *in = list ? o->lists[i - o->ninputs] : o->inputs[i];
        op_status st = list ? batch_walk_list(&src, in) : batch_walk_input(&src, in);
        if (st == OP_OK || st == BATCH_STOPPED)
            continue;
        /* a folder, list or export that could not be read (its message told): a failure */
        op_batch_result res;
        memset(&res, 0, sizeof res);
        res.status = OP_BATCH_FAILED;
        res.input = in;
        res.format = list ? "list" : "folder";
        res.error = st;
        res.reason = "could not be read whole";
        finish(r, &res, NULL);
    }
}

op_status op_batch_run(const op_batch_opts *opts, op_batch_summary *sum, op_diag *diag)
{
    op_batch_opts o = *opts;
    char *book_dir = o.bundle ? op_path_dirname(o.bundle) : NULL;
    if (book_dir)
        o.out_dir = book_dir; /* the folder that must be writable */
    if (!o.out_dir)
        o.out_dir = "offprint-out";
    if (o.jobs <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        o.jobs = n > 0 ? (int)(n > 256 ? 256 : n) : 1;
    }
    memset(sum, 0, sizeof *sum);
    op_status st = prepare(&o, diag);
    if (st) {
        op_free(book_dir);
        return st;
    }
    runner r;
    memset(&r, 0, sizeof r);
    r.o = &o;
    if (o.convert)
        r.co = *o.convert;
    r.ext = op_output_format_ext(r.co.to);
    /* the theme, parsed once (its warnings given once); one that cannot be read stops the
     * run before its first item, with one message */
    if (r.co.to == OP_OUT_PDF && !r.co.pdf.theme &&
        op_style_load_theme(r.co.pdf.stylesheet, r.co.pdf.data_dir, diag, &r.theme) != OP_OK) {
        op_free(book_dir);
        return OP_ERR_SETUP;
    }
    if (o.report && batch_report_open(o.report, &o, &r.report) != OP_OK) {
        char ebuf[128];
        op_diag_report(diag, OP_SEV_ERROR, o.report, 0, "cannot write: %s",
                       op_errno_str(errno, ebuf, sizeof ebuf));
        return OP_ERR_IO;
    }
    atomic_store(&stop_requested, 0);
    r.names = batch_names_new();
    r.keys = batch_keys_new();
    r.qcap = (size_t)o.jobs * 2;
    r.q = op_calloc(r.qcap, sizeof *r.q);
    pthread_mutex_init(&r.qlock, NULL);
    pthread_mutex_init(&r.lock, NULL);
    pthread_cond_init(&r.not_empty, NULL);
    pthread_cond_init(&r.not_full, NULL);
    worker *w = op_calloc((size_t)o.jobs, sizeof *w);
    for (int i = 0; i < o.jobs; i++) {
        w[i].r = &r;
        pthread_create(&w[i].thread, NULL, work, &w[i]);
    }
    read_inputs(&r, diag);
    pthread_mutex_lock(&r.lock);
    r.read_all = 1;
    progress_locked(&r, NULL);
    pthread_mutex_unlock(&r.lock);
    pthread_mutex_lock(&r.qlock);
    r.closed = 1;
    pthread_mutex_unlock(&r.qlock);
    wake_all(&r);
    for (int i = 0; i < o.jobs; i++)
        pthread_join(w[i].thread, NULL);
    convert_books(&r);
    for (size_t i = 0; i < r.nbook; i++) {
        batch_item_free(r.book[i].it);
        op_free(r.book[i].out);
        op_free(r.book[i].group);
    }
    op_free(r.book);
    /* tasks still queued when the run stopped: not started, done by the next run */
    for (; r.qlen > 0; r.qlen--, r.qhead = (r.qhead + 1) % r.qcap) {
        batch_item_free(r.q[r.qhead].it);
        op_free(r.q[r.qhead].out);
    }
    r.sum.interrupted = atomic_load(&r.stop);
    *sum = r.sum;
    if (r.report) {
        batch_report_summary(r.report, sum);
        fclose(r.report);
    }
    op_free(w);
    op_free(r.q);
    pthread_cond_destroy(&r.not_empty);
    pthread_cond_destroy(&r.not_full);
    pthread_mutex_destroy(&r.lock);
    pthread_mutex_destroy(&r.qlock);
    batch_names_free(r.names);
    batch_keys_free(r.keys);
    op_style_free(r.theme);
    op_free(book_dir);
    return r.fatal;
}
