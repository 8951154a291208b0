/* The offprint command: parses options, converts each input (parse -> model ->
 * PDF or EPUB) into a temporary file and renames it into place, and maps
 * failures to the documented exit codes (0 ok, 1 input failed, 2 usage, 3 setup). */
#include "cli/args.h"
#include "cli/check_cmd.h"
#include "core/core.h"
#include "offprint/epub.h"
#include "offprint/export.h"
#include "offprint/extract.h"
#include "offprint/parse.h"
#include "offprint/pdf.h"
#include "offprint/style.h"

#include <errno.h>
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
    if (sev != OP_SEV_ERROR && a->quiet)
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

static op_status read_input(const char *path, char **data, size_t *len, op_diag *diag)
{
    op_status st;
    if (strcmp(path, "-") == 0)
        st = op_stream_read(stdin, OP_PARSE_MAX_SIZE_DEFAULT, data, len);
    else
        st = op_file_read(path, OP_PARSE_MAX_SIZE_DEFAULT, data, len);
    if (st == OP_ERR_LIMIT)
        op_diag_report(diag, OP_SEV_ERROR, NULL, 0, "input is larger than %zu MB",
                       OP_PARSE_MAX_SIZE_DEFAULT >> 20);
    else if (st)
        op_diag_report(diag, OP_SEV_ERROR, NULL, 0, "cannot read: %s", strerror(errno));
    return st;
}

static void apply_overrides(op_doc *doc, const cli_args *a, int bundle)
{
    if (a->title && !bundle) /* a bundle's --title is the book's */
        op_doc_set_meta(doc, OP_META_TITLE, a->title, strlen(a->title));
    if (a->author)
        op_doc_set_meta(doc, OP_META_AUTHOR, a->author, strlen(a->author));
    if (a->lang)
        op_doc_set_meta(doc, OP_META_LANG, a->lang, strlen(a->lang));
}

/* A page that declares no language gets one guessed from its text for the PDF (its
 * hyphenation dictionary and /Lang) and the EPUB (dc:language), told as a note. The text
 * outputs and --dump-model show what the page itself says. */
static void guess_lang(op_doc *doc, op_diag *diag)
{
    if (op_doc_get_meta(doc, OP_META_LANG))
        return;
    size_t len;
    char *text = op_doc_text_new(doc, &len);
    const char *tag = op_lang_guess(text, len);
    op_free(text);
    if (!tag)
        return;
    op_doc_set_meta(doc, OP_META_LANG, tag, strlen(tag));
    op_diag_report(diag, OP_SEV_NOTE, NULL, 0, "no language declared; guessed '%s' from the text",
                   tag);
}

/* txt, md or html: the whole output is one string. */
static op_status write_text(const op_doc *doc, const char *path, cli_format to, op_diag *diag)
{
    size_t len;
    char *txt = to == CLI_TO_MD     ? op_doc_markdown_new(doc, &len)
                : to == CLI_TO_HTML ? op_doc_html_new(doc, &len)
                                    : op_doc_text_new(doc, &len);
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    op_status st = OP_OK;
    if (!f || fwrite(txt, 1, len, f) != len || (f != stdout && fclose(f) != 0)) {
        op_diag_report(diag, OP_SEV_ERROR, NULL, 0, "cannot write: %s", strerror(errno));
        st = OP_ERR_IO;
    }
    op_free(txt);
    return st;
}

/* docs[0..n): several only for EPUB (one book). */
static op_status write_doc(const op_doc *const *docs, size_t n, const char *path, cli_format to,
                           const cli_args *a, op_diag *diag)
{
    const op_doc *doc = docs[0];
    if (CLI_TO_IS_TEXT(to))
        return write_text(doc, path, to, diag);
    if (to == CLI_TO_EPUB) {
        op_epub_opts eo = {0};
        eo.stylesheet = a->style;
        eo.diag = diag;
        eo.title = n > 1 ? a->title : NULL;
        eo.max_image_px = a->max_image_px;
        eo.max_size = a->max_size;
        eo.toc_depth = a->toc_depth;
        eo.profile = (op_epub_profile)a->profile;
        eo.no_justify = a->no_justify;
        eo.no_hyphenate = a->no_hyphenate;
        eo.embed_fonts = a->embed_fonts;
        return op_epub_write_book(docs, n, path, &eo);
    }
    op_pdf_opts po = {0};
    po.page_size = (op_page_size)a->page_size;
    po.no_justify = a->no_justify;
    po.no_hyphenate = a->no_hyphenate;
    po.stats = a->stats;
    po.toc = a->toc;
    po.toc_depth = a->toc_depth;
    po.stylesheet = a->style;
    po.diag = diag;
    return op_pdf_write(doc, path, &po);
}

/* Writes to a temporary name in the output's folder, then renames it into place,
 * so a failure never leaves a half-written file behind. */
static op_status write_atomic(const op_doc *const *docs, size_t ndocs, const char *out,
                              cli_format to, const cli_args *a, op_diag *diag)
{
    size_t n = strlen(out) + 16;
    char *tmp = op_malloc(n);
    snprintf(tmp, n, "%s.tmp.XXXXXX", out);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        op_diag_report(diag, OP_SEV_ERROR, out, 0, "cannot write: %s", strerror(errno));
        op_free(tmp);
        return OP_ERR_SETUP;
    }
    close(fd);
    unlink(tmp); /* the writers create the file themselves */
    op_status st = write_doc(docs, ndocs, tmp, to, a, diag);
    if (st == OP_OK && rename(tmp, out) != 0) {
        op_diag_report(diag, OP_SEV_ERROR, out, 0, "cannot write: %s", strerror(errno));
        st = OP_ERR_IO;
    }
    if (st != OP_OK)
        unlink(tmp);
    op_free(tmp);
    return st;
}

static char *default_output(const char *in, cli_format to)
{
    static const char *const exts[] = {".pdf", ".epub", ".txt", ".md", ".html"};
    const char *ext = exts[to];
    const char *base = strrchr(in, '/');
    base = base ? base + 1 : in;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot != base ? (size_t)(dot - in) : strlen(in);
    char *out = op_malloc(stem + strlen(ext) + 10);
    memcpy(out, in, stem);
    /* page.html --to html must not overwrite its input: page.offprint.html */
    strcpy(out + stem, strcmp(in + stem, ext) == 0 ? ".offprint" : "");
    strcat(out, ext);
    return out;
}

static int dump_model(const op_doc *doc)
{
    char *dump = op_doc_dump_new(doc);
    fputs(dump, stdout);
    op_free(dump);
    return EXIT_OK;
}

static int status_exit(op_status st)
{
    if (st == OP_OK)
        return EXIT_OK;
    return (st == OP_ERR_FONT || st == OP_ERR_SETUP) ? EXIT_SETUP : EXIT_INPUT;
}

/* Reads and parses one input into *doc (NULL on failure, already reported). */
static op_status load_doc(const char *in, const cli_args *a, int bundle, FILE *explain,
                          op_doc **doc)
{
    op_diag diag = {print_diag, (void *)a, in, 0, 0};
    char *data = NULL;
    size_t len = 0;
    op_status st = read_input(in, &data, &len, &diag);
    *doc = NULL;
    if (st)
        return st;
    op_parse_opts po = {0};
    po.format = a->from;
    po.filename = strcmp(in, "-") == 0 ? NULL : in;
    po.diag = &diag;
    op_extract_opts xo = {0};
    explain_out eo = {explain, in, a->ninputs > 1};
    if (explain) {
        xo.explain = print_explain;
        xo.explain_ud = &eo;
    }
    xo.keep = a->keep;
    xo.drop = a->drop;
    po.extract = &xo;
    st = op_parse(data, len, &po, doc);
    op_free(data);
    if (st == OP_OK) {
        apply_overrides(*doc, a, bundle);
        if (!a->dump_model && !CLI_TO_IS_TEXT(a->to))
            guess_lang(*doc, &diag);
        op_links_mode lm = (op_links_mode)a->links;
        if (lm == OP_LINKS_FOOTNOTE && CLI_TO_IS_TEXT(a->to))
            lm = OP_LINKS_ENDNOTE;    /* no pages: the notes go at the end */
        op_doc_links_apply(*doc, lm); /* per article: its own notes */
    }
    return st;
}

static int convert_one(const char *in, const cli_args *a, const char *out_dir, FILE *explain)
{
    op_diag diag = {print_diag, (void *)a, in, 0, 0};
    op_doc *doc = NULL;
    char *out = NULL;
    op_status st = load_doc(in, a, 0, explain, &doc);
    if (st)
        return EXIT_INPUT;
    if (a->dump_model) {
        int rc = dump_model(doc);
        op_doc_free(doc);
        return rc;
    }
    if (a->output && !out_dir) {
        out = op_strdup(a->output);
    } else {
        char *def = default_output(strcmp(in, "-") == 0 ? "stdin" : in, a->to);
        if (out_dir) {
            const char *b = strrchr(def, '/');
            out = op_path_join(out_dir, b ? b + 1 : def);
            op_free(def);
        } else {
            out = def;
        }
    }
    diag.file = out;
    if (strcmp(out, "-") == 0 && CLI_TO_IS_TEXT(a->to))
        st = write_text(doc, out, a->to, &diag); /* text exports to stdout */
    else
        st = write_atomic((const op_doc *const *)&doc, 1, out, a->to, a, &diag);
    if (st == OP_OK && !a->quiet && strcmp(out, "-") != 0)
        fprintf(stderr, "offprint: wrote %s\n", out);
    op_free(out);
    op_doc_free(doc);
    return status_exit(st);
}

static int is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Several inputs, -o FILE.epub: one book. Inputs that cannot be read are left out (and make
 * the exit code 1); no book when none can. */
static int convert_bundle(const cli_args *a, FILE *explain)
{
    op_diag diag = {print_diag, (void *)a, a->output, 0, 0};
    op_doc **docs = op_calloc((size_t)a->ninputs, sizeof *docs);
    size_t n = 0;
    int rc = EXIT_OK;

    for (int i = 0; i < a->ninputs; i++) {
        if (load_doc(a->inputs[i], a, 1, explain, &docs[n]) == OP_OK)
            n++;
        else
            rc = EXIT_INPUT;
    }
    if (n == 0) {
        op_diag_report(&diag, OP_SEV_ERROR, NULL, 0, "no input could be read: no book written");
    } else {
        op_status st = write_atomic((const op_doc *const *)docs, n, a->output, a->to, a, &diag);
        if (st == OP_OK && !a->quiet)
            fprintf(stderr, "offprint: wrote %s (%zu articles)\n", a->output, n);
        if (st != OP_OK)
            rc = status_exit(st);
    }
    if (n > 0 && n < (size_t)a->ninputs && !a->quiet)
        fprintf(stderr, "offprint: %s: %d of %d inputs left out\n", a->output, a->ninputs - (int)n,
                a->ninputs);
    for (size_t i = 0; i < n; i++)
        op_doc_free(docs[i]);
    op_free(docs);
    return rc;
}

/* Checks that the output folder exists and is writable before any work. *bundle is set when
 * several inputs go into one EPUB book. */
static int check_output_dir(const cli_args *a, const char **out_dir, int *bundle)
{
    *out_dir = NULL;
    *bundle = 0;
    if (!a->output)
        return EXIT_OK;
    if (is_dir(a->output)) {
        *out_dir = a->output;
    } else if (a->ninputs > 1 && a->to == CLI_TO_EPUB && !a->dump_model) {
        *bundle = 1;
    } else if (a->ninputs > 1) {
        fprintf(stderr,
                "offprint: %s: several inputs go into one file only as an EPUB book "
                "(-o book.epub); otherwise -o must name an existing folder\n",
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

int main(int argc, char **argv)
{
    cli_args a;
    if (argc > 1 && strcmp(argv[1], "check") == 0) /* preflight; a file named check: ./check */
        return cli_check_main(argc - 1, argv + 1);
    int rc = cli_parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    char *theme = NULL;
    if (a.style) { /* --style NAME|FILE: one theme for PDF and EPUB */
        theme = op_style_find(a.style, NULL);
        if (!theme) {
            fprintf(stderr,
                    "offprint: %s: error: no such stylesheet (a CSS file, or a theme name from "
                    "styles/: default, sans, large)\n",
                    a.style);
            cli_args_free(&a);
            return EXIT_SETUP;
        }
        a.style = theme;
    }
    const char *out_dir;
    int bundle;
    rc = check_output_dir(&a, &out_dir, &bundle);
    if (rc) {
        cli_args_free(&a);
        op_free(theme);
        return rc;
    }
    FILE *explain = NULL;
    if (a.explain) {
        explain = a.explain_file ? fopen(a.explain_file, "w") : stderr;
        if (!explain) {
            fprintf(stderr, "offprint: %s: cannot write: %s\n", a.explain_file, strerror(errno));
            cli_args_free(&a);
            op_free(theme);
            return EXIT_SETUP;
        }
    }
    int failed = 0, worst = EXIT_OK;
    if (bundle) {
        worst = convert_bundle(&a, explain);
        a.ninputs = 0; /* the book reports for itself */
    }
    for (int i = 0; i < a.ninputs; i++) {
        int r = convert_one(a.inputs[i], &a, out_dir, explain);
        if (r != EXIT_OK)
            failed++;
        if (r == EXIT_SETUP) {
            worst = EXIT_SETUP;
            break; /* fonts or styles missing: every other input would fail the same way */
        }
        if (r > worst)
            worst = r;
    }
    if (a.ninputs > 1 && !a.quiet && !a.dump_model)
        fprintf(stderr, "offprint: %d converted, %d failed\n", a.ninputs - failed, failed);
    if (explain && explain != stderr)
        fclose(explain);
    cli_args_free(&a);
    op_free(theme);
    return worst;
}
