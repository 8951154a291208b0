/* Batch mode of the offprint command (offprint DIR/, -i LIST, an export): fills
 * op_batch_opts from the arguments, prints one line per item (or a progress line when
 * stderr is a terminal) and the summary, turns SIGINT/SIGTERM into a clean stop, and maps
 * the outcome to the exit codes (0, 1 an item failed, 2 usage, 3 setup, 128+signal). */
#include "cli/batch_cmd.h"
#include "core/core.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
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

typedef struct progress {
    const cli_args *a;
    int tty; /* stderr is a terminal: a progress line under the item lines */
    struct timespec t0;
    size_t done;
} progress;

static void print_diag(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    const progress *p = ud;
    const char *what = sev == OP_SEV_ERROR ? "error" : sev == OP_SEV_WARNING ? "warning" : "note";
    if (sev == OP_SEV_NOTE || sev == OP_SEV_INFO || (sev == OP_SEV_WARNING && !p->a->verbose))
        return;
    if (p->tty)
        fputs("\r\033[K", stderr);
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

static double elapsed(const progress *p)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - p->t0.tv_sec) + (double)(t.tv_nsec - p->t0.tv_nsec) / 1e9;
}

static void on_result(void *ud, const op_batch_result *r)
{
    progress *p = ud;
    const cli_args *a = p->a;
    p->done++;
    if (a->quiet && r->status != OP_BATCH_FAILED)
        return;
    if (p->tty)
        fputs("\r\033[K", stderr);
    const char *in = r->input ? r->input : "-";
    switch (r->status) {
    case OP_BATCH_OK:
        if (!p->tty || a->verbose)
            fprintf(stderr, "offprint: ok %s -> %s\n", in, r->output);
        break;
    case OP_BATCH_SKIPPED:
        fprintf(stderr, "offprint: skipped %s: %s\n", in, r->reason);
        break;
    case OP_BATCH_DUPLICATE:
        fprintf(stderr, "offprint: duplicate %s: same as %s\n", in, r->reason);
        break;
    case OP_BATCH_FAILED:
        fprintf(stderr, "offprint: failed %s: %s\n", in, r->reason);
        break;
    }
    if (p->tty && !a->quiet) {
        double s = elapsed(p);
        fprintf(stderr, "[%zu done, %.1f/s] %.50s", p->done, s > 0 ? (double)p->done / s : 0.0, in);
    }
    fflush(stderr);
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
    o.report = a->report;
    o.on_result = on_result;
    o.on_result_ud = &p;
    o.convert = &conv;
    op_extract_opts xo = {0};
    xo.keep = a->keep;
    xo.drop = a->drop;
    conv.extract = &xo;
    cli_catch_signals(on_signal);
    op_batch_summary sum;
    op_status st = op_batch_run(&o, &sum, &diag);
    if (p.tty)
        fputs("\r\033[K", stderr);
    if (st == OP_ERR_USAGE)
        return 2;
    if (!a->quiet && sum.need_fetch)
        fprintf(stderr,
                "offprint: %zu converted, %zu skipped (%zu only a URL, %s --fetch), %zu "
                "duplicates, %zu failed\n",
                sum.converted, sum.skipped, sum.need_fetch, sum.need_fetch == 1 ? "needs" : "need",
                sum.duplicates, sum.failed);
    else if (!a->quiet)
        fprintf(stderr, "offprint: %zu converted, %zu skipped, %zu duplicates, %zu failed\n",
                sum.converted, sum.skipped, sum.duplicates, sum.failed);
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
