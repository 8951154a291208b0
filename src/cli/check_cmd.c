/* The `check` subcommand: runs op_epub_check on each EPUB named and prints one line per
 * problem on stdout ("offprint: FILE: RULE-ID: message (entry)", warnings with "warning: "
 * after the rule id), then a summary line per book. Usage errors go to stderr. */
#include "cli/check_cmd.h"
#include "core/core.h"
#include "offprint/check.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char check_usage[] =
    "Usage: offprint check [OPTIONS] FILE.epub...\n"
    "Report what would make stores and readers reject an EPUB (offprint's or\n"
    "anyone's).\n"
    "\n"
    "      --max-size MB      warn when the book is larger (default 50, as\n"
    "                         Send-to-Kindle)\n"
    "      --max-image MB     warn for single images larger (default 10)\n"
    "  -q, --quiet            print the summary line only\n"
    "  -h, --help             show this help\n"
    "\n"
    "Output (stdout): one line per problem, then a summary per book:\n"
    "  offprint: FILE: RULE-ID: message (entry)\n"
    "  offprint: FILE: RULE-ID: warning: message (entry)\n"
    "  offprint: FILE: N errors, N warnings\n"
    "Rule ids are stable: zip-unreadable, entry-name-unsafe, mimetype-missing,\n"
    "mimetype-not-first, mimetype-compressed, mimetype-extra-field,\n"
    "mimetype-content, container-missing, container-malformed, container-rootfile,\n"
    "opf-malformed, opf-identifier, opf-unique-identifier, opf-title, opf-language,\n"
    "opf-modified, manifest-item, manifest-file-missing, spine-idref,\n"
    "file-not-in-manifest (warning), media-type-noncore, media-type-mismatch,\n"
    "nav-missing, xhtml-malformed, link-broken, link-fragment, book-size,\n"
    "image-size, entry-too-large, check-limit (warnings).\n"
    "Exit codes: 0 no errors (warnings allowed), 1 a book has errors or cannot be\n"
    "            read, 2 usage error.\n";

typedef struct check_cli {
    op_check_opts opts;
    int quiet;
} check_cli;

static void print_problem(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    const check_cli *cc = ud;
    const char *colon = strstr(msg, ": ");
    (void)line;
    if (cc->quiet)
        return;
    if (sev == OP_SEV_ERROR || !colon)
        printf("offprint: %s: %s\n", file ? file : "-", msg);
    else
        printf("offprint: %s: %.*s: warning: %s\n", file ? file : "-", (int)(colon - msg), msg,
               colon + 2);
}

static int check_usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "offprint: check: %s '%s'\nTry 'offprint check --help'.\n", what, arg);
    return 2;
}

/* Parses a size in MB (decimals allowed) into bytes; -1 when invalid. */
static int parse_mb(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    double mb = strtod(s, &end);
    if (errno || end == s || *end || !(mb > 0) || mb > 1e9)
        return -1;
    *out = (uint64_t)(mb * 1048576.0);
    return *out ? 0 : -1;
}

enum { OPT_MAX_SIZE = 256, OPT_MAX_IMAGE };

/* Returns -1 to go on, or an exit code. */
static int parse_check_args(int argc, char **argv, check_cli *cc)
{
    static const struct option opts[] = {{"max-size", required_argument, NULL, OPT_MAX_SIZE},
                                         {"max-image", required_argument, NULL, OPT_MAX_IMAGE},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
        if (c == OPT_MAX_SIZE && parse_mb(optarg, &cc->opts.max_size) != 0)
            return check_usage_error("invalid --max-size (megabytes)", optarg);
        if (c == OPT_MAX_IMAGE && parse_mb(optarg, &cc->opts.max_image) != 0)
            return check_usage_error("invalid --max-image (megabytes)", optarg);
        if (c == 'q')
            cc->quiet = 1;
        if (c == 'h') {
            fputs(check_usage, stdout);
            return 0;
        }
        if (c == '?' || c == ':')
            return check_usage_error("invalid or incomplete option", argv[optind - 1]);
    }
    if (optind >= argc) {
        fprintf(stderr, "offprint: check: no EPUB file given\nTry 'offprint check --help'.\n");
        return 2;
    }
    return -1;
}

int cli_check_main(int argc, char **argv)
{
    check_cli cc;
    int rc, bad = 0, n = 0;

    memset(&cc, 0, sizeof cc);
    rc = parse_check_args(argc, argv, &cc);
    if (rc >= 0)
        return rc;
    for (int i = optind; i < argc; i++, n++) {
        op_diag diag = {print_problem, &cc, argv[i], 0, 0};
        op_check_counts counts;
        if (op_epub_check(argv[i], &cc.opts, &diag, &counts) != OP_OK)
            return 2;
        printf("offprint: %s: %d error%s, %d warning%s\n", argv[i], counts.errors,
               counts.errors == 1 ? "" : "s", counts.warnings, counts.warnings == 1 ? "" : "s");
        bad += counts.errors > 0;
    }
    if (n > 1)
        printf("offprint: checked %d books, %d with errors\n", n, bad);
    fflush(stdout);
    return bad ? 1 : 0;
}
