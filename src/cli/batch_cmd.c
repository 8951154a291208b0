/* Batch mode of the offprint command (offprint DIR/, -i LIST, an export): fills
 * op_batch_opts from the arguments, prints one line per item (successes as a progress bar
 * when stderr is a terminal: done/total, rate, ETA, the current item) and the summary, turns
 * SIGINT/SIGTERM into a clean stop, and maps the outcome to the exit codes (0, 1 an item failed, 2
 * usage, 3 setup, 128+signal). */
#include "cli/batch_cmd.h"
#include "core/core.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t caught;

int cli_batch_wanted(const cli_args *a)
{
    if (a->batch || a->nlists || a->archive || a->group_by || a->order_set)
        return 1;
    for (int i = 0; i < a->ninputs; i++) {
        struct stat sb;
        if (strcmp(a->inputs[i], "-") == 0 || stat(a->inputs[i], &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode) || (S_ISREG(sb.st_mode) && op_batch_sniff(a->inputs[i])))
            return 1;
    }
    return 0;
}

/* First SIGINT/SIGTERM: take no new items, finish the running ones, write the summary.
 * A second one: remove the temporary files of the running ones and end at once. */
static void on_signal(int sig)
{
    if (caught) {
        op_convert_remove_temps();
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    caught = sig;
    op_batch_stop();
}

void cli_catch_signals(void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/*** Messages ***/

#define LINES_SHOWN 10 /* skipped and duplicate lines told one by one (without -v) */

typedef struct progress {
    const cli_args *a;
    int tty;   /* stderr is a terminal: a progress bar under the item lines */
    int color; /* ... and colours (not with NO_COLOR or TERM=dumb) */
    struct timespec t0;
    double drawn; /* when the bar was last drawn (seconds since t0) */
    size_t done, total;
    int total_known;
    char current[256];
    size_t shown[2], hidden[2]; /* skipped, duplicate lines told and not told */
} progress;

static double elapsed(const progress *p)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - p->t0.tv_sec) + (double)(t.tv_nsec - p->t0.tv_nsec) / 1e9;
}

static int term_width(void)
{
    struct winsize ws;
    if (ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col > 400 ? 400 : ws.ws_col;
    return 80;
}

/* The bar, on the line under the item lines: "[=====>    ] 120/350 14.2/s ETA 0:18 item";
 * "120/350+" while the inputs are still being read (no ETA yet). */
static void draw_bar(progress *p)
{
    double s = elapsed(p);
    p->drawn = s;
    double rate = s > 0.2 ? (double)p->done / s : 0;
    size_t total = p->total > p->done ? p->total : p->done;
    char bar[24], eta[32] = "", head[160];
    int fill = total ? (int)(20.0 * (double)p->done / (double)total) : 0;
    for (int i = 0; i < 20; i++)
        bar[i] = i < fill ? '=' : i == fill ? '>' : ' ';
    bar[20] = '\0';
    if (p->total_known && rate > 0 && total > p->done) {
        long left = (long)((double)(total - p->done) / rate + 0.5);
        snprintf(eta, sizeof eta, " ETA %ld:%02ld", left / 60, left % 60);
    }
    int n = snprintf(head, sizeof head, "[%s] %zu/%zu%s %.1f/s%s", bar, p->done, total,
                     p->total_known ? "" : "+", rate, eta);
    int room = term_width() - 1 - n - 1;
    /* the current item, cut to the room left (counted in characters) */
    const char *c = p->current;
    size_t len = 0;
    for (int chars = 0; c[len] && chars < room; chars++) {
        len++;
        while ((c[len] & 0xC0) == 0x80)
            len++;
    }
    fprintf(stderr, "\r\033[K%s%s%s %.*s", p->color ? "\033[36m" : "", head,
            p->color ? "\033[0m" : "", room > 0 ? (int)len : 0, c);
    fflush(stderr);
}

static void clear_bar(const progress *p)
{
    if (p->tty)
        fputs("\r\033[K", stderr);
}

static void print_diag(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    const progress *p = ud;
    const char *what = sev == OP_SEV_ERROR ? "error" : sev == OP_SEV_WARNING ? "warning" : "note";
    if (sev == OP_SEV_NOTE || sev == OP_SEV_INFO || (sev == OP_SEV_WARNING && !p->a->verbose))
        return;
    clear_bar(p);
    if (file && line > 0)
        fprintf(stderr, "offprint: %s:%d: %s: %s\n", file, line, what, msg);
    else
        fprintf(stderr, "offprint: %s: %s: %s\n", file ? file : "-", what, msg);
}

/* A conversion's own messages: its failure is told on the item's line, the rest with -v. */
static void print_item_diag(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    const progress *p = ud;
    if (p->a->verbose)
        print_diag(ud, sev, file, line, msg);
}

/* "word" in colour (when the terminal has them). */
static void status_word(const progress *p, const char *color, const char *word)
{
    if (p->color)
        fprintf(stderr, "offprint: \033[%sm%s\033[0m ", color, word);
    else
        fprintf(stderr, "offprint: %s ", word);
}

/* 1 when a skipped (kind 0) or duplicate (1) line is told: the first LINES_SHOWN of each
 * (all with -v); the others are counted for one line at the end. */
static int tell(progress *p, int kind)
{
    if (p->a->verbose || p->shown[kind] < LINES_SHOWN) {
        p->shown[kind]++;
        return 1;
    }
    p->hidden[kind]++;
    return 0;
}

static void on_result(void *ud, const op_batch_result *r)
{
    progress *p = ud;
    const cli_args *a = p->a;
    p->done = r->index + 1;
    if (a->quiet && r->status != OP_BATCH_FAILED)
        return;
    const char *in = r->input ? r->input : "-";
    switch (r->status) {
    case OP_BATCH_OK:
        if (!p->tty || a->verbose) {
            clear_bar(p);
            status_word(p, "32", "ok");
            fprintf(stderr, "%s -> %s\n", in, r->output);
        }
        break;
    case OP_BATCH_SKIPPED:
        if (tell(p, 0)) {
            clear_bar(p);
            status_word(p, "33", "skipped");
            fprintf(stderr, "%s: %s\n", in, r->reason);
        }
        break;
    case OP_BATCH_DUPLICATE:
        if (tell(p, 1)) {
            clear_bar(p);
            status_word(p, "33", "duplicate");
            fprintf(stderr, "%s: same as %s\n", in, r->reason);
        }
        break;
    case OP_BATCH_FAILED:
        clear_bar(p);
        status_word(p, "1;31", "failed");
        fprintf(stderr, "%s: %s\n", in, r->reason);
        break;
    }
    fflush(stderr);
}

/* The bar follows the run: redrawn at most ten times a second, and at the end. */
static void on_progress(void *ud, const op_batch_progress *pr)
{
    progress *p = ud;
    p->done = pr->done;
    p->total = pr->total;
    p->total_known = pr->total_known;
    if (pr->current)
        snprintf(p->current, sizeof p->current, "%s", pr->current);
    if (!p->tty || p->a->quiet)
        return;
    double s = elapsed(p);
    if (s - p->drawn >= 0.1 || (pr->total_known && pr->done == pr->total))
        draw_bar(p);
}

/* What was not told line by line: one line each. */
static void tell_hidden(const progress *p)
{
    static const char *const what[2][2] = {{"skipped item", "skipped items"},
                                           {"duplicate", "duplicates"}};
    for (int k = 0; k < 2; k++)
        if (p->hidden[k])
            fprintf(stderr, "offprint: %zu more %s not listed (-v or --report lists every item)\n",
                    p->hidden[k], what[k][p->hidden[k] != 1]);
}

/*** The run ***/

static int check_batch_args(const cli_args *a, op_batch_select *sel)
{
    const char *bad = a->dump_model ? "--dump-model" : a->explain ? "--explain" : NULL;
    if (a->output && strcmp(a->output, "-") == 0)
        bad = "-o -";
    if (bad) {
        fprintf(stderr, "offprint: %s does not go with batch mode (a folder, -i, an export)\n",
                bad);
        return 2;
    }
    struct stat sb;
    int is_dir = a->output && stat(a->output, &sb) == 0 && S_ISDIR(sb.st_mode);
    char ext[16] = "";
    if (a->output)
        op_path_ext(a->output, ext, sizeof ext);
    int file_like = a->output && !is_dir && a->output[strlen(a->output) - 1] != '/' &&
                    op_output_format_from_name(ext) >= 0;
    if (a->bundle && (!file_like || OP_OUT_IS_TEXT(a->to))) {
        fprintf(stderr, "offprint: --bundle makes one book: -o BOOK.epub or -o BOOK.pdf\n");
        return 2;
    }
    if (a->group_by && a->bundle) {
        fprintf(stderr, "offprint: --group-by makes one book per group in -o DIR/, "
                        "--bundle one book of everything: not both\n");
        return 2;
    }
    if (a->group_by && OP_OUT_IS_TEXT(a->to)) {
        fprintf(stderr, "offprint: --group-by makes EPUB or PDF books (--to epub, --to pdf)\n");
        return 2;
    }
    if ((a->group_by || a->bundle) && a->shard) {
        fprintf(stderr, "offprint: a book holds every article: --shard does not go with "
                        "--bundle or --group-by\n");
        return 2;
    }
    if (a->order_set && !a->bundle && !a->group_by) {
        fprintf(stderr, "offprint: --order sorts the articles of a book (--bundle, --group-by)\n");
        return 2;
    }
    if (!a->bundle && a->output && (file_like || (!is_dir && stat(a->output, &sb) == 0))) {
        fprintf(stderr,
                "offprint: %s: batch mode writes into a folder (-o DIR/); one book of "
                "everything: --bundle -o BOOK.epub (or BOOK.pdf)\n",
                a->output);
        return 2;
    }
    *sel = a->sel;
    if (a->shard &&
        op_batch_shard_parse(a->shard, a->shard_count, &sel->shard_k, &sel->shard_n) != OP_OK) {
        fprintf(stderr,
                "offprint: --shard %s: want K/N (1 <= K <= N), or auto with "
                "SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, JOB_COMPLETION_INDEX and "
                "--shard-count, or AWS_BATCH_JOB_ARRAY_INDEX and AWS_BATCH_JOB_ARRAY_SIZE\n",
                a->shard);
        return 2;
    }
    return 0;
}

int cli_batch_main(const cli_args *a, const op_convert_opts *co)
{
    op_batch_opts o = {0};
    int rc = check_batch_args(a, &o.select);
    if (rc)
        return rc;
    progress p = {.a = a, .tty = isatty(2) && !a->quiet};
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
    p.color = p.tty && !(nc && nc[0]) && !(term && strcmp(term, "dumb") == 0);
    clock_gettime(CLOCK_MONOTONIC, &p.t0);
    op_diag diag = {.fn = print_diag, .ud = &p};
    op_diag item_diag = {.fn = print_item_diag, .ud = &p};
    op_convert_opts conv = *co;
    conv.diag = &item_diag;
    conv.on_input = NULL;
    conv.extract = NULL;
    o.inputs = a->inputs;
    o.ninputs = (size_t)a->ninputs;
    o.lists = a->lists;
    o.nlists = (size_t)a->nlists;
    o.from = a->archive;
    o.out_dir = a->bundle ? NULL : a->output;
    o.bundle = a->bundle ? a->output : NULL;
    o.group_by = (op_batch_group)a->group_by;
    o.order = (op_batch_order)a->order;
    o.name_template = a->name;
    o.force = a->force;
    o.jobs = a->jobs;
    o.max_failures = a->max_failures;
    o.max_entries = a->max_entries;
    o.max_zip_entry = a->max_zip_entry;
    o.max_zip_ratio = a->max_zip_ratio;
    o.report = a->report;
    o.on_result = on_result;
    o.on_result_ud = &p;
    o.on_progress = on_progress;
    o.on_progress_ud = &p;
    o.convert = &conv;
    op_extract_opts xo = {0};
    xo.keep = a->keep;
    xo.drop = a->drop;
    conv.extract = &xo;
    cli_catch_signals(on_signal);
    op_batch_summary sum;
    op_status st = op_batch_run(&o, &sum, &diag);
    clear_bar(&p);
    if (st == OP_ERR_USAGE)
        return 2;
    if (!a->quiet)
        tell_hidden(&p);
    const char *dups = sum.duplicates == 1 ? "duplicate" : "duplicates";
    if (!a->quiet && sum.need_fetch)
        fprintf(stderr,
                "offprint: %zu converted, %zu skipped (%zu only a URL, %s --fetch), %zu "
                "%s, %zu failed\n",
                sum.converted, sum.skipped, sum.need_fetch, sum.need_fetch == 1 ? "needs" : "need",
                sum.duplicates, dups, sum.failed);
    else if (!a->quiet)
        fprintf(stderr, "offprint: %zu converted, %zu skipped, %zu %s, %zu failed\n", sum.converted,
                sum.skipped, sum.duplicates, dups, sum.failed);
    if (sum.found == 0 && sum.failed == 0 && !caught && st == OP_OK) {
        fprintf(stderr, "offprint: no articles found in");
        for (int i = 0; i < a->ninputs; i++)
            fprintf(stderr, " %s", a->inputs[i]);
        for (int i = 0; i < a->nlists; i++)
            fprintf(stderr, " %s", a->lists[i]);
        fprintf(stderr, " (articles are .html .htm .xhtml .md .markdown .txt files)\n");
        return 1;
    }
    if (caught) {
        fprintf(stderr, "offprint: interrupted; run the same command again to resume\n");
        return 128 + caught;
    }
    if (st != OP_OK && st != OP_ERR_IO)
        return 3; /* fonts or styles missing */
    if (st == OP_ERR_IO && sum.converted + sum.failed + sum.skipped + sum.duplicates == 0)
        return 3; /* the output folder or the report cannot be written */
    return sum.failed || st ? 1 : 0;
}
