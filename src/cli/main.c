/* The offprint command: parses options, converts each input (parse -> model ->
 * PDF or EPUB) into a temporary file and renames it into place, and maps
 * failures to the documented exit codes (0 ok, 1 input failed, 2 usage, 3 setup, 4 a URL
 * input could not be fetched). URL inputs are fetched (the fetcher is set up here). */
#include "cli/args.h"
#include "cli/batch_cmd.h"
#include "cli/check_cmd.h"
#include "core/core.h"
#include "offprint/batch.h"
#include "offprint/convert.h"
#include "offprint/style.h"

#include <dirent.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_SETUP = 3 };

static void print_diag(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    const cli_args *a = ud;
    const char *what = sev == OP_SEV_ERROR ? "error" : sev == OP_SEV_WARNING ? "warning" : "note";
    if ((sev != OP_SEV_ERROR && a->quiet) || (sev == OP_SEV_INFO && !a->verbose))
        return;
    if (file && line > 0)
        fprintf(stderr, "offprint: %s:%d: %s: %s\n", file, line, what, msg);
    else if (file)
        fprintf(stderr, "offprint: %s: %s: %s\n", file, what, msg);
    else
        fprintf(stderr, "offprint: %s: %s\n", what, msg);
}

/* --explain: one line per reader-mode decision. */
typedef struct explain_out {
    FILE *f;
    const char *input;
    int header; /* print the input's name first (several inputs) */
} explain_out;

static void print_explain(void *ud, const op_explain_rec *r)
{
    explain_out *e = ud;
    if (e->header) {
        fprintf(e->f, "== %s\n", e->input);
        e->header = 0;
    }
    char *line = op_explain_line_new(r);
    fprintf(e->f, "%s\n", line);
    op_free(line);
}

static int status_exit(op_status st)
{
    if (st == OP_OK)
        return EXIT_OK;
    if (st == OP_ERR_FONT || st == OP_ERR_SETUP)
        return EXIT_SETUP;
    return EXIT_INPUT; /* a URL that cannot be fetched too: an input that failed */
}

/* The worse of two exit codes: usage, then setup, then an input that failed. */
static int worse(int a, int b)
{
    static const int rank[] = {0, 2, 4, 3}; /* by code 0..3 */
    int ra = a >= 0 && a <= 3 ? rank[a] : 4, rb = b >= 0 && b <= 3 ? rank[b] : 4;
    return rb > ra ? b : a;
}

/* -v: one line per request. */
static void print_request(void *ud, const char *url, long status, size_t bytes, long ms,
                          const char *cache)
{
    (void)ud;
    fprintf(stderr, "offprint: GET %s: %ld, %zu bytes, %ld ms%s%s\n", url, status, bytes, ms,
            cache ? ", cache " : "", cache ? cache : "");
}

/* The fetcher of this run (NULL with --no-fetch); exit code 3 when it cannot be set up. */
static int fetcher_open(const cli_args *a, op_fetcher **out)
{
    *out = NULL;
    if (a->fetch < 0)
        return EXIT_OK;
    op_fetch_opts fo = {0};
    char *dir = a->no_cache || a->cache_dir ? NULL : op_fetch_cache_dir_new();
    char why[256];
    fo.cache_dir = a->no_cache ? NULL : a->cache_dir ? a->cache_dir : dir;
    fo.timeout_ms = a->timeout * 1000L;
    fo.max_bytes = a->max_download;
    if (a->verbose)
        fo.log = print_request;
    op_status st = op_fetcher_new(&fo, out, why, sizeof why);
    op_free(dir);
    if (st)
        fprintf(stderr, "offprint: cannot set up fetching: %s\n", why);
    return st ? EXIT_SETUP : EXIT_OK;
}

/* What every conversion of this run shares: the options, the message sinks. */
typedef struct run {
    const cli_args *a;
    op_convert_opts co;
    op_extract_opts xo;
    op_diag diag;
    explain_out eo;
    op_timings tm;   /* --timings: this input's stages (co.timings points here) */
    struct written { /* files this run wrote, so a later input never replaces one */
        dev_t dev;
        ino_t ino;
        const char *input;
    } * written;
    size_t nwritten;
} run;

/* The input whose output already is `out`, or NULL. */
static const char *written_by(const run *r, const char *out)
{
    struct stat sb;
    if (stat(out, &sb) != 0)
        return NULL;
    for (size_t i = 0; i < r->nwritten; i++)
        if (r->written[i].dev == sb.st_dev && r->written[i].ino == sb.st_ino)
            return r->written[i].input;
    return NULL;
}

static void remember(run *r, const char *out, const char *in)
{
    struct stat sb;
    if (stat(out, &sb) != 0 || !S_ISREG(sb.st_mode))
        return;
    r->written = op_realloc(r->written, (r->nwritten + 1) * sizeof *r->written);
    r->written[r->nwritten++] = (struct written){sb.st_dev, sb.st_ino, in};
}

static void on_input(void *ud, size_t index, const op_input *in)
{
    run *r = ud;
    (void)index;
    r->eo.input = in->path ? in->path : in->name;
    r->eo.header = r->a->ninputs > 1;
}

/* SOURCE_DATE_EPOCH (reproducible builds) gives the EPUB's dates: the library reads no
 * environment, so the CLI passes it on. An invalid value is ignored with a warning. */
static void source_date(run *r)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    char *end;
    if (!s || !*s || r->a->to != OP_OUT_EPUB)
        return;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < 0) {
        op_diag_report(&r->diag, OP_SEV_WARNING, NULL, 0, "ignoring invalid SOURCE_DATE_EPOCH '%s'",
                       s);
        return;
    }
    r->co.epub.source_date = v;
    r->co.epub.source_date_set = 1;
}

static void run_init(run *r, const cli_args *a, FILE *explain, op_fetcher *fetcher)
{
    memset(r, 0, sizeof *r);
    r->a = a;
    r->diag.fn = print_diag;
    r->diag.ud = (void *)a;
    r->eo.f = explain;
    if (explain) {
        r->xo.explain = print_explain;
        r->xo.explain_ud = &r->eo;
    }
    r->xo.keep = a->keep;
    r->xo.drop = a->drop;
    op_convert_opts *co = &r->co;
    co->to = a->to;
    co->from = a->from;
    co->title = a->title;
    co->author = a->author;
    co->lang = a->lang;
    co->links = (op_links_mode)a->links;
    co->no_lang_guess = a->dump_model;
    co->allow_empty = a->dump_model; /* the model as it is, even when empty */
    co->extract = &r->xo;
    co->diag = &r->diag;
    co->on_input = on_input;
    co->on_input_ud = r;
    co->pdf.page_size = (op_page_size)a->page_size;
    co->pdf.no_justify = a->no_justify;
    co->pdf.no_hyphenate = a->no_hyphenate;
    co->pdf.stats = a->stats;
    co->pdf.toc = a->toc;
    co->pdf.toc_depth = a->toc_depth;
    co->pdf.stylesheet = a->style;
    co->epub.stylesheet = a->style;
    co->pdf.theme = a->theme; /* --css; NULL: each writer loads the theme itself */
    co->epub.theme = a->theme;
    co->epub.max_image_px = a->max_image_px;
    co->epub.max_size = a->max_size;
    co->epub.toc_depth = a->toc_depth;
    co->epub.profile = (op_epub_profile)a->profile;
    co->epub.no_justify = a->no_justify;
    co->epub.no_hyphenate = a->no_hyphenate;
    co->epub.embed_fonts = a->embed_fonts;
    co->fetcher = fetcher;
    co->fetch_images = a->fetch > 0;
    co->base_url = a->base_url;
    co->max_input = a->max_input;
    co->max_depth = a->max_depth;
    co->pdf.max_pages = (size_t)a->max_pages;
    co->max_elements = (size_t)a->max_elements;
    co->pdf.max_image_pixels = (size_t)a->max_megapixels * 1000000;
    co->epub.max_image_pixels = co->pdf.max_image_pixels;
    source_date(r);
}

/* The input `in` as op_convert takes it: a page saved as MHTML or by SingleFile is read by
 * its archive reader (decoded, with the URL and date it records), unless -f names the format.
 * *page is freed after the conversion; OP_OK, or the reader's failure (told). */
static op_status input_load(run *r, const char *in, op_input *input, op_batch_page **page)
{
    if (r->co.from != OP_FORMAT_AUTO) {
        *page = NULL;
        *input = (op_input){.path = in};
        return OP_OK;
    }
    return op_batch_page_load(in, input, page, &r->diag);
}

/* --dump-model: the model of each input on stdout. */
static int dump_one(run *r, const char *in)
{
    op_input input;
    op_batch_page *page;
    op_doc *doc = NULL;
    op_status st = input_load(r, in, &input, &page);
    if (st != OP_OK)
        return status_exit(st);
    on_input(r, 0, &input);
    st = op_convert_load(&input, &r->co, 0, &doc);
    op_batch_page_free(page);
    if (st != OP_OK)
        return status_exit(st);
    char *dump = op_doc_dump_new(doc);
    fputs(dump, stdout);
    op_free(dump);
    op_doc_free(doc);
    return EXIT_OK;
}

static op_status write_failed(void)
{
    char ebuf[128];
    fprintf(stderr, "offprint: -: cannot write: %s\n", op_errno_str(errno, ebuf, sizeof ebuf));
    return OP_ERR_IO;
}

/* -o -: the output on stdout (PDF and EPUB only when it is no terminal: args.c). */
static int to_stdout(run *r, const char *in)
{
    op_input input;
    op_batch_page *page;
    op_status st = input_load(r, in, &input, &page);
    op_job job = {.inputs = &input, .ninputs = 1};
    if (st == OP_OK)
        st = op_convert(&job, &r->co);
    op_batch_page_free(page);
    if (st == OP_OK && fwrite(job.out_data, 1, job.out_len, stdout) != job.out_len)
        st = write_failed();
    op_free(job.out_data);
    return status_exit(st);
}

/* --timings: the stages of the last conversion, one line each, then the total; the
 * stages that did not run are left out. Shown with -q too: it was asked for. */
static void print_timings(run *r, const char *what)
{
    const op_timings *t = &r->tm;
    double total = 0, cpu = 0;
    for (int s = 0; s < OP_STAGE_COUNT; s++) {
        total += t->seconds[s];
        cpu += t->cpu_seconds[s];
    }
    fprintf(stderr, "offprint: timings for %s (%.2f MB in):\n", what, (double)t->bytes / 1e6);
    for (int s = 0; s < OP_STAGE_COUNT; s++)
        if (t->seconds[s] > 0)
            fprintf(stderr, "  %-8s %9.1f ms %4.0f%%  (CPU %.1f ms)\n", op_stage_name((op_stage)s),
                    t->seconds[s] * 1e3, total > 0 ? 100 * t->seconds[s] / total : 0,
                    t->cpu_seconds[s] * 1e3);
    fprintf(stderr, "  %-8s %9.1f ms        (CPU %.1f ms)\n", "total", total * 1e3, cpu * 1e3);
    double te = t->seconds[OP_STAGE_TREE] + t->seconds[OP_STAGE_EXTRACT];
    double ce = t->cpu_seconds[OP_STAGE_TREE] + t->cpu_seconds[OP_STAGE_EXTRACT];
    if (t->bytes && te > 0 && ce > 0)
        fprintf(stderr, "  tree + extract: %.1f MB/s (CPU: %.1f MB/s)\n",
                (double)t->bytes / 1e6 / te, (double)t->bytes / 1e6 / ce);
    memset(&r->tm, 0, sizeof r->tm);
}

/* An output this run wrote already is not replaced: 1 (reported) when `out` is one. */
static int clashes(const run *r, const char *in, const char *out)
{
    const char *earlier = written_by(r, out);
    if (earlier)
        fprintf(stderr,
                "offprint: %s: error: %s was written from %s in this run; not replaced (inputs "
                "with the same name need -o FILE each, or separate folders)\n",
                in, out, earlier);
    return earlier != NULL;
}

/* A URL without -o FILE: fetched and read first, so the output is named after its title. */
static int convert_url(run *r, const char *in, const char *out_dir)
{
    const cli_args *a = r->a;
    op_input input = {.path = in};
    op_doc *doc = NULL;
    on_input(r, 0, &input);
    op_status st = op_convert_load(&input, &r->co, 0, &doc);
    if (st != OP_OK)
        return status_exit(st);
    char *out = op_output_path_for_url_new(in, op_doc_get_meta(doc, OP_META_TITLE), a->to, out_dir);
    if (clashes(r, in, out)) {
        op_free(out);
        op_doc_free(doc);
        return EXIT_INPUT;
    }
    op_convert_opts co = r->co;
    co.fetch_images = 1; /* the page's own images: the user asked for this URL */
    const op_doc *docs[1] = {doc};
    st = op_convert_write(docs, 1, out, &co, NULL, NULL);
    if (st == OP_OK) {
        remember(r, out, in);
        if (!a->quiet)
            fprintf(stderr, "offprint: wrote %s\n", out);
    }
    op_free(out);
    op_doc_free(doc);
    return status_exit(st);
}

static int convert_one(run *r, const char *in, const char *out_dir)
{
    const cli_args *a = r->a;
    if (a->dump_model)
        return dump_one(r, in);
    if (a->output && !out_dir && strcmp(a->output, "-") == 0)
        return to_stdout(r, in);
    if (op_url_is_remote(in) && !(a->output && !out_dir))
        return convert_url(r, in, out_dir);
    char *out =
        a->output && !out_dir ? op_strdup(a->output) : op_output_path_new(in, a->to, out_dir);
    if (clashes(r, in, out)) {
        op_free(out);
        return EXIT_INPUT;
    }
    op_input input;
    op_batch_page *page;
    op_status st = input_load(r, in, &input, &page);
    op_job job = {.inputs = &input, .ninputs = 1, .output = out};
    if (st == OP_OK)
        st = op_convert(&job, &r->co);
    op_batch_page_free(page);
    if (st == OP_OK) {
        remember(r, out, in);
        if (!a->quiet)
            fprintf(stderr, "offprint: wrote %s\n", out);
    }
    op_free(out);
    return status_exit(st);
}

static int is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Several inputs, -o FILE.epub or FILE.pdf: one book. Inputs that cannot be read are left out (and
 * make the exit code 1); no book when none can. */
static int convert_bundle(run *r)
{
    const cli_args *a = r->a;
    size_t n = (size_t)a->ninputs;
    op_input *inputs = op_calloc(n, sizeof *inputs);
    op_status *each = op_calloc(n, sizeof *each);
    op_batch_page **pages = op_calloc(n, sizeof *pages);
    for (size_t i = 0; i < n; i++)
        if (input_load(r, a->inputs[i], &inputs[i], &pages[i]) != OP_OK)
            inputs[i] = (op_input){.path = a->inputs[i]}; /* told; fails as it is */
    int out_std = strcmp(a->output, "-") == 0;            /* -o -: the book on stdout */
    op_job job = {
        .inputs = inputs, .ninputs = n, .output = out_std ? NULL : a->output, .input_status = each};
    op_status st = op_convert(&job, &r->co);
    for (size_t i = 0; i < n; i++)
        op_batch_page_free(pages[i]);
    op_free(pages);
    if (st == OP_OK && out_std && fwrite(job.out_data, 1, job.out_len, stdout) != job.out_len)
        st = write_failed();
    op_free(job.out_data);
    int rc = EXIT_OK;
    size_t nread = 0;
    for (size_t i = 0; i < n; i++) {
        if (each[i] != OP_OK)
            rc = worse(rc, status_exit(each[i]));
        else
            nread++;
    }
    if (nread == 0) {
        fprintf(stderr, "offprint: %s: error: no input could be read: no book written\n",
                a->output);
    } else if (st != OP_OK) {
        rc = worse(rc, status_exit(st));
    } else if (!a->quiet && !out_std) {
        fprintf(stderr, "offprint: wrote %s (%zu article%s)\n", a->output, job.nconverted,
                job.nconverted == 1 ? "" : "s");
    }
    if (nread > 0 && nread < n && !a->quiet)
        fprintf(stderr, "offprint: %s: %zu of %zu inputs left out\n", a->output, n - nread, n);
    op_free(each);
    op_free(inputs);
    return rc;
}

/* Checks that the output folder exists and is writable before any work. *bundle is set when
 * several inputs go into one EPUB or PDF book. */
static int check_output_dir(const cli_args *a, const char **out_dir, int *bundle)
{
    *out_dir = NULL;
    *bundle = 0;
    if (!a->output)
        return EXIT_OK;
    if (is_dir(a->output)) {
        *out_dir = a->output;
    } else if (a->ninputs > 1 && !OP_OUT_IS_TEXT(a->to) && !a->dump_model) {
        *bundle = 1;
    } else if (a->ninputs > 1) {
        fprintf(stderr,
                "offprint: %s: several inputs go into one file only as a book (-o book.epub, "
                "-o book.pdf); otherwise -o must name an existing folder\n",
                a->output);
        return EXIT_USAGE;
    }
    char *dir = *out_dir ? op_strdup(*out_dir) : op_path_dirname(a->output);
    int ok = access(dir, W_OK) == 0;
    if (!ok)
        fprintf(stderr, "offprint: %s: cannot write to folder %s: %s\n", a->output, dir,
                strerror(errno));
    op_free(dir);
    return ok ? EXIT_OK : EXIT_SETUP;
}

/* Ctrl-C or a kill while an output is being written: no temporary file is left behind. */
static void on_signal(int sig)
{
    op_convert_remove_temps();
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Converts the plain inputs (not batch mode): one output each, or one book. */
static int run_inputs(cli_args *a, op_fetcher *fetcher)
{
    const char *out_dir;
    int bundle;
    int rc = check_output_dir(a, &out_dir, &bundle);
    if (rc)
        return rc;
    FILE *explain = NULL;
    if (a->explain) {
        explain = a->explain_file ? fopen(a->explain_file, "w") : stderr;
        if (!explain) {
            fprintf(stderr, "offprint: %s: cannot write: %s\n", a->explain_file, strerror(errno));
            return EXIT_SETUP;
        }
    }
    int failed = 0, worst = EXIT_OK;
    cli_catch_signals(on_signal);
    run r;
    run_init(&r, a, explain, fetcher);
    /* several PDFs: one font set and one set of dictionaries for all of them (font.h) */
    op_fontset *fonts = NULL;
    op_hyph *hyph = NULL;
    if (a->ninputs > 1 && a->to == OP_OUT_PDF && !a->dump_model && !bundle) {
        if (op_fontset_load(NULL, NULL, &fonts) == OP_OK)
            r.co.pdf.fonts = fonts; /* else each conversion reports what is missing */
        if (!a->no_hyphenate)
            r.co.pdf.hyph = hyph = op_hyph_new(NULL);
    }
    if (a->timings)
        r.co.timings = &r.tm;
    if (bundle) {
        worst = convert_bundle(&r);
        if (a->timings)
            print_timings(&r, a->output);
        a->ninputs = 0; /* the book reports for itself */
    }
    for (int i = 0; i < a->ninputs; i++) {
        int rc1 = convert_one(&r, a->inputs[i], out_dir);
        if (a->timings)
            print_timings(&r, a->inputs[i]);
        if (rc1 != EXIT_OK)
            failed++;
        if (rc1 == EXIT_SETUP) {
            worst = EXIT_SETUP;
            break; /* fonts or styles missing: every other input would fail the same way */
        }
        worst = worse(worst, rc1);
    }
    if (a->ninputs > 1 && !a->quiet && !a->dump_model)
        fprintf(stderr, "offprint: %d converted, %d failed\n", a->ninputs - failed, failed);
    if (explain && explain != stderr)
        fclose(explain);
    op_fontset_free(fonts);
    op_hyph_free(hyph);
    op_free(r.written);
    return worst;
}

/* --css: the theme's text (the --style file, else styles/default.css) and the snippets, one
 * parsed theme lent to every conversion; exit code 3 when the theme cannot be read. */
static int css_theme(cli_args *a)
{
    char *path = op_style_find(a->style ? a->style : "default", NULL), *text = NULL;
    size_t len = 0;
    op_diag diag = {print_diag, a, NULL, 0, 0};
    if (!path || op_file_read(path, OP_STYLE_MAX_BYTES, &text, &len) != OP_OK) {
        fprintf(stderr, "offprint: %s: error: cannot read the theme\n",
                path ? path : "styles/default.css");
        op_free(path);
        return EXIT_SETUP;
    }
    op_buf css;
    op_buf_init(&css, 0);
    op_buf_add(&css, text, len);
    for (int i = 0; i < a->ncss; i++) {
        op_buf_adds(&css, "\n/* offprint --css */\n");
        op_buf_adds(&css, a->css[i]);
        op_buf_adds(&css, "\n");
    }
    /* the PDF reports what it cannot use once, here; the EPUB keeps every rule as it is */
    op_status st =
        op_style_parse(css.data, css.len, path, a->to == OP_OUT_PDF ? &diag : NULL, &a->theme);
    if (st != OP_OK)
        fprintf(stderr, "offprint: --css: error: the theme with the snippets is too large\n");
    op_buf_free(&css);
    op_free(text);
    op_free(path);
    return st == OP_OK ? EXIT_OK : EXIT_USAGE;
}

static int by_name(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The theme names in styles/ ("default, large, sans") into buf; "" when none is found. */
static void theme_names(char *buf, size_t size)
{
    char *def = op_style_find("default", NULL), *names[32];
    size_t n = 0, used = 0;
    buf[0] = '\0';
    if (!def)
        return;
    char *dir = op_path_dirname(def);
    DIR *d = opendir(dir);
    for (struct dirent *e; d && n < 32 && (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] != '.' && len > 4 && strcmp(e->d_name + len - 4, ".css") == 0)
            names[n++] = op_strndup(e->d_name, len - 4);
    }
    if (d)
        closedir(d);
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        int k = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", names[i]);
        if (k > 0 && (size_t)k < size - used)
            used += (size_t)k;
        op_free(names[i]);
    }
    op_free(dir);
    op_free(def);
}

/* --style NAME|FILE found nothing: a name that is no theme is a usage error listing the
 * themes (2); a CSS file that is missing is a setup problem (3). */
static int style_missing(const char *style)
{
    char names[400];
    size_t len = strlen(style);
    if (strchr(style, '/') || (len > 4 && strcmp(style + len - 4, ".css") == 0)) {
        fprintf(stderr, "offprint: %s: error: no such stylesheet\n", style);
        return EXIT_SETUP;
    }
    theme_names(names, sizeof names);
    fprintf(stderr,
            "offprint: --style %s: no such theme (themes: %s; or the path of a CSS file)\n"
            "Try 'offprint --help' for more information.\n",
            style, names[0] ? names : "none found");
    return EXIT_USAGE;
}

/* glibc hands a freed block of 128 KB or more straight back to the kernel, and trims the
 * heap past 128 KB free: zlib's ~400 KB of state for each EPUB entry (libzip makes one a
 * file) was page-faulted in again for every entry of every article, 140,000 faults in a
 * 1,000-article batch, with the worker threads contending for the address space. Blocks up to
 * 1 MB come from the heap, and up to 8 MB of it stays for reuse. */
static void tune_malloc(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_TRIM_THRESHOLD, 8 << 20);
#endif
}

int main(int argc, char **argv)
{
    cli_args a;
    tune_malloc();
    if (argc > 1 && strcmp(argv[1], "check") == 0) /* preflight; a file named check: ./check */
        return cli_check_main(argc - 1, argv + 1);
    int rc = cli_parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    char *theme = NULL;
    if (a.style) { /* --style NAME|FILE: one theme for PDF and EPUB */
        theme = op_style_find(a.style, NULL);
        if (!theme) {
            rc = style_missing(a.style);
            cli_args_free(&a);
            return rc;
        }
        a.style = theme;
    }
    if (a.ncss > 0 && (a.to == OP_OUT_PDF || a.to == OP_OUT_EPUB)) {
        rc = css_theme(&a);
        if (rc != EXIT_OK) {
            cli_args_free(&a);
            op_free(theme);
            return rc;
        }
    }
    op_fetcher *fetcher = NULL;
    rc = fetcher_open(&a, &fetcher);
    if (rc == EXIT_OK && cli_batch_wanted(&a)) {
        if (a.timings && !a.quiet)
            fprintf(stderr, "offprint: warning: --timings does nothing in batch mode\n");
        run r;
        run_init(&r, &a, NULL, fetcher);
        rc = cli_batch_main(&a, &r.co);
    } else if (rc == EXIT_OK) {
        rc = run_inputs(&a, fetcher);
    }
    op_fetcher_free(fetcher);
    op_style_free(a.theme);
    cli_args_free(&a);
    op_free(theme);
    return rc;
}
