/* Option parsing for the offprint command (getopt_long), --help text and
 * validation of option values. Usage errors exit with code 2. */
#include "cli/args.h"
#include "core/core.h"
#include "offprint/export.h"
#include "offprint/epub.h"
#include "offprint/pdf.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char usage_text[] =
    "Usage: offprint [OPTIONS] INPUT... [-o OUTPUT]\n"
    "       offprint check [OPTIONS] BOOK.epub...  (preflight EPUBs; see its --help)\n"
    "Convert articles (saved web pages, plain-text dumps, Markdown) to PDF or EPUB 3.\n"
    "\n"
    "  -o, --output FILE      write to FILE (format from its extension: .pdf, .epub,\n"
    "                         .txt, .md, .html); several inputs: FILE.epub or\n"
    "                         FILE.pdf makes one book of them, else FILE must be an\n"
    "                         existing folder\n"
    "  -t, --to FORMAT        pdf, epub, txt (plain text), md (Markdown) or html (a\n"
    "                         standalone page); default: from -o, else pdf next to\n"
    "                         the input; -o - writes to stdout (PDF, EPUB: not to a\n"
    "                         terminal)\n"
    "  -f, --from FORMAT      html, text or markdown (default: from name and content)\n"
    "      --page SIZE        a4, letter, a5, 6in or 7in (e-reader screens) (PDF;\n"
    "                         default: the theme's @page size, else a4); also\n"
    "                         --page-size\n"
    "      --title TEXT       override the article's title (a book's: its own)\n"
    "      --author TEXT      override the article's author\n"
    "      --lang TAG         override the article's language (e.g. en, ko); a page\n"
    "                         that declares none gets one guessed from its text\n"
    "      --style NAME|FILE  theme for PDF and EPUB: default, sans, large (from\n"
    "                         styles/) or a CSS file\n"
    "      --css CSS          append CSS to the theme for this run, e.g. --css\n"
    "                         '@page { size: A5 }' (PDF and EPUB; repeatable)\n"
    "      --no-justify       set body text ragged right instead of justified\n"
    "      --no-hyphenate     do not hyphenate words at line ends\n"
    "      --stats            print line statistics: badness, hyphenated lines (PDF)\n"
    "      --timings          print the time each stage took (read, tree, layout...)\n"
    "      --max-image-px N   EPUB: downscale images longer than N px (default 1600;\n"
    "                         0: never)\n"
    "      --max-size SIZE    EPUB: shrink images until the book fits SIZE (e.g. 50M)\n"
    "      --toc              PDF: a contents page after the title block\n"
    "      --toc-depth N      levels in the table of contents (EPUB default: all;\n"
    "                         PDF --toc: 3)\n"
    "      --profile NAME     EPUB: generic (default), kindle, kobo or apple\n"
    "      --embed-fonts      EPUB: embed the theme's fonts, subset to what is used\n"
    "      --dump-model       print the document model as text and stop\n"
    "      --explain[=FILE]   list each block reader mode kept or dropped, and why\n"
    "                         (to stderr, or FILE)\n"
    "      --keep SELECTOR    keep what matches (tag, .class, #id, [attr],\n"
    "                         [attr=value], compounds like div.note, comma lists;\n"
    "                         repeatable)\n"
    "      --drop SELECTOR    remove what matches before reader mode looks\n"
    "                         (repeatable)\n"
    "      --links MODE       how URLs appear: inline, footnote (PDF: foot of the\n"
    "                         page), endnote, none (plain text); default: clickable,\n"
    "                         URL not shown; a link on the title too (not one to\n"
    "                         the source URL)\n"
    "      --max-input SIZE   refuse an input larger than SIZE, also once\n"
    "                         decompressed (default 64M)\n"
    "      --max-depth N      nesting kept from a page, 16 to 512 (default 256);\n"
    "                         what lies deeper is kept, flattened\n"
    "      --max-elements N   refuse an HTML page of more than N elements\n"
    "                         (default 500000)\n"
    "      --max-pages N      refuse to write a PDF of more than N pages\n"
    "                         (default 10000)\n"
    "      --max-megapixels N  largest image decoded, in millions of pixels\n"
    "                         (default 100; a larger one shows its alt text)\n"
    "\n";

static const char usage_fetch_text[] =
    "Fetching (INPUT may be an http:// or https:// URL; see docs/fetch.md):\n"
    "      --fetch            also fetch the remote images of local files (and, in\n"
    "                         batch mode, items that are only a URL); a URL input's\n"
    "                         images are always fetched\n"
    "      --no-fetch         never use the network (a URL input fails)\n"
    "      --base-url URL     where a local file or standard input came from: links\n"
    "                         and /root-relative images resolve against it\n"
    "      --cache-dir DIR    cache of fetched pages and images (default:\n"
    "                         $XDG_CACHE_HOME/offprint, else ~/.cache/offprint)\n"
    "      --no-cache         neither read nor write the cache\n"
    "      --timeout SECONDS  give up on one request after this long (default 60)\n"
    "      --max-download SIZE  largest page or image fetched (default 64M)\n";

static const char usage_batch_text[] =
    "\n"
    "Batch mode (a folder, -i LIST, an export file, or --batch): one output per\n"
    "article in -o DIR (created if missing; default ./offprint-out), on worker\n"
    "threads, resumable:\n"
    "  -i, --input-list FILE  paths or URLs, one a line (# comments; - = stdin)\n"
    "      --batch            batch mode for plain inputs too\n"
    "  -f, --from READER      read every file input as this export format\n"
    "      --name TEMPLATE    output names from {date} {slug} {title} {site} {id}\n"
    "                         {tag} (default {slug}); clashes get -1, -2 in order\n"
    "      --force            convert again even when the output exists and is newer\n"
    "      --bundle           one book of every article: -o BOOK.epub or BOOK.pdf\n"
    "      --group-by KEY     one book per month, week, tag, site or folder in\n"
    "                         -o DIR, named by the group (2024-W07.epub)\n"
    "      --order KEY        articles of a book by date, title or input (default)\n"
    "      --tag T            only items tagged T\n"
    "      --since DATE       only items saved on or after DATE (2024-05-01)\n"
    "      --until DATE       only items saved on or before DATE\n"
    "      --state S          unread, archive or all (default)\n"
    "      --limit N          at most N items\n"
    "  -j, --jobs N           worker threads (default: the number of CPUs)\n"
    "      --report FILE      JSON Lines report: one line per item, then a summary\n"
    "      --fail-fast        stop at the first failed item\n"
    "      --max-failures N   stop after N failed items\n"
    "      --max-entries N    refuse an export of more than N entries (default\n"
    "                         100000)\n"
    "      --max-zip-entry SIZE  stop a zipped export's entry past SIZE (default\n"
    "                         256M)\n"
    "      --max-zip-ratio N  stop it past N times its compressed size (default 200)\n"
    "      --shard K/N|auto   convert only share K of N (auto: Slurm, Kubernetes\n"
    "                         with --shard-count N, AWS Batch array jobs)\n"
    "  -v, --verbose          a line for every request, the guessed language;\n"
    "                         batch: every item, warnings too\n"
    "  -q, --quiet            print errors only\n"
    "  -h, --help             show this help\n"
    "  -V, --version          show the version\n"
    "\n"
    "INPUT may be - for standard input (then -o is required); no INPUT reads\n"
    "standard input when it is a pipe or a file. Options that do nothing for the\n"
    "output warn.\n"
    "Exit codes: 0 all converted, 1 an input failed (or a URL could not be fetched),\n"
    "            2 usage error, 3 setup problem (fonts or styles missing, output\n"
    "            folder not writable), 130/143 batch interrupted by SIGINT/SIGTERM\n"
    "            (run again to resume).\n";

enum { OPT_PAGE = 256, OPT_TITLE, OPT_AUTHOR, OPT_LANG, OPT_STYLE, OPT_DUMP, OPT_EXPLAIN };
enum { OPT_NO_JUSTIFY = 400, OPT_NO_HYPHENATE, OPT_STATS, OPT_TOC };
enum { OPT_KEEP = 420, OPT_DROP, OPT_LINKS };

enum { OPT_MAX_IMAGE_PX = 300, OPT_MAX_SIZE, OPT_TOC_DEPTH, OPT_PROFILE };
enum { OPT_EMBED_FONTS = 440 };
enum { OPT_BATCH = 460, OPT_NAME, OPT_FORCE, OPT_TAG, OPT_SINCE, OPT_UNTIL, OPT_STATE };
enum { OPT_LIMIT = 480, OPT_REPORT, OPT_FAIL_FAST, OPT_MAX_FAILURES, OPT_SHARD };
enum { OPT_SHARD_COUNT = 500, OPT_BUNDLE, OPT_GROUP_BY, OPT_ORDER, OPT_MAX_ENTRIES };
enum { OPT_MAX_ZIP_ENTRY = 510, OPT_MAX_ZIP_RATIO };
enum { OPT_FETCH = 520, OPT_NO_FETCH, OPT_BASE_URL, OPT_CACHE_DIR, OPT_NO_CACHE, OPT_TIMEOUT };
enum { OPT_MAX_DOWNLOAD = 540 };
enum { OPT_CSS = 560 };
enum { OPT_MAX_INPUT = 580, OPT_MAX_DEPTH, OPT_MAX_PAGES, OPT_MAX_MEGAPIXELS, OPT_MAX_ELEMENTS };
enum { OPT_TIMINGS = 600 };

static const struct option long_opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"to", required_argument, NULL, 't'},
    {"from", required_argument, NULL, 'f'},
    {"page-size", required_argument, NULL, OPT_PAGE},
    {"page", required_argument, NULL, OPT_PAGE},
    {"title", required_argument, NULL, OPT_TITLE},
    {"author", required_argument, NULL, OPT_AUTHOR},
    {"lang", required_argument, NULL, OPT_LANG},
    {"style", required_argument, NULL, OPT_STYLE},
    {"css", required_argument, NULL, OPT_CSS},
    {"max-input", required_argument, NULL, OPT_MAX_INPUT},
    {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
    {"max-pages", required_argument, NULL, OPT_MAX_PAGES},
    {"max-elements", required_argument, NULL, OPT_MAX_ELEMENTS},
    {"max-megapixels", required_argument, NULL, OPT_MAX_MEGAPIXELS},
    {"dump-model", no_argument, NULL, OPT_DUMP},
    {"explain", optional_argument, NULL, OPT_EXPLAIN},
    {"keep", required_argument, NULL, OPT_KEEP},
    {"drop", required_argument, NULL, OPT_DROP},
    {"links", required_argument, NULL, OPT_LINKS},
    {"no-justify", no_argument, NULL, OPT_NO_JUSTIFY},
    {"no-hyphenate", no_argument, NULL, OPT_NO_HYPHENATE},
    {"stats", no_argument, NULL, OPT_STATS},
    {"timings", no_argument, NULL, OPT_TIMINGS},
    {"toc", no_argument, NULL, OPT_TOC},
    {"max-image-px", required_argument, NULL, OPT_MAX_IMAGE_PX},
    {"max-size", required_argument, NULL, OPT_MAX_SIZE},
    {"toc-depth", required_argument, NULL, OPT_TOC_DEPTH},
    {"profile", required_argument, NULL, OPT_PROFILE},
    {"embed-fonts", no_argument, NULL, OPT_EMBED_FONTS},
    {"input-list", required_argument, NULL, 'i'},
    {"batch", no_argument, NULL, OPT_BATCH},
    {"name", required_argument, NULL, OPT_NAME},
    {"force", no_argument, NULL, OPT_FORCE},
    {"tag", required_argument, NULL, OPT_TAG},
    {"since", required_argument, NULL, OPT_SINCE},
    {"until", required_argument, NULL, OPT_UNTIL},
    {"state", required_argument, NULL, OPT_STATE},
    {"limit", required_argument, NULL, OPT_LIMIT},
    {"jobs", required_argument, NULL, 'j'},
    {"report", required_argument, NULL, OPT_REPORT},
    {"fail-fast", no_argument, NULL, OPT_FAIL_FAST},
    {"max-failures", required_argument, NULL, OPT_MAX_FAILURES},
    {"max-entries", required_argument, NULL, OPT_MAX_ENTRIES},
    {"max-zip-entry", required_argument, NULL, OPT_MAX_ZIP_ENTRY},
    {"max-zip-ratio", required_argument, NULL, OPT_MAX_ZIP_RATIO},
    {"shard", required_argument, NULL, OPT_SHARD},
    {"shard-count", required_argument, NULL, OPT_SHARD_COUNT},
    {"bundle", no_argument, NULL, OPT_BUNDLE},
    {"group-by", required_argument, NULL, OPT_GROUP_BY},
    {"order", required_argument, NULL, OPT_ORDER},
    {"fetch", no_argument, NULL, OPT_FETCH},
    {"no-fetch", no_argument, NULL, OPT_NO_FETCH},
    {"base-url", required_argument, NULL, OPT_BASE_URL},
    {"cache-dir", required_argument, NULL, OPT_CACHE_DIR},
    {"no-cache", no_argument, NULL, OPT_NO_CACHE},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"max-download", required_argument, NULL, OPT_MAX_DOWNLOAD},
    {"verbose", no_argument, NULL, 'v'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "offprint: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'offprint --help' for more information.\n");
    return 2;
}

/*** Mistakes: the nearest option, options that do nothing for the output ***/

/* Optimal string alignment distance (Damerau-Levenshtein without repeated edits of one
 * substring): insertions, deletions, substitutions and swaps of two neighbours cost 1. */
static size_t edit_distance(const char *a, size_t la, const char *b)
{
    size_t lb = strlen(b);
    if (la > 40 || lb > 40)
        return (size_t)-1;
    size_t d[41][41];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] != b[j - 1], best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

/* The long option nearest to `name` (len bytes, no leading dashes), or NULL when none is
 * near enough to be a likely typo: one edit for names up to 4 letters, else two. */
static const char *nearest_option(const char *name, size_t len)
{
    const char *best = NULL;
    size_t best_d = len <= 4 ? 1 : 2;
    for (const struct option *o = long_opts; o->name; o++) {
        size_t dist = edit_distance(name, len, o->name);
        if (dist <= best_d && (!best || dist < best_d)) {
            best = o->name;
            best_d = dist;
        }
    }
    return best;
}

/* An option getopt did not take: unknown (with the nearest one when it is near), ambiguous,
 * or missing its value (`missing`). Returns 2. */
static int bad_option(const char *arg, int missing)
{
    if (missing)
        return usage_error("option %s needs a value", arg);
    if (strncmp(arg, "--", 2) != 0)
        return usage_error("invalid or incomplete option '%s'", arg);
    const char *name = arg + 2;
    size_t len = strcspn(name, "=");
    char prefixed[400] = "";
    int nprefixed = 0;
    for (const struct option *o = long_opts; o->name; o++) {
        if (len == 0 || strncmp(o->name, name, len) != 0 ||
            strlen(prefixed) + strlen(o->name) + 8 >= sizeof prefixed)
            continue;
        strcat(prefixed, nprefixed++ ? ", --" : "--");
        strcat(prefixed, o->name);
    }
    fprintf(stderr, "offprint: ");
    if (nprefixed > 1)
        fprintf(stderr, "option --%.*s is ambiguous: %s", (int)len, name, prefixed);
    else
        fprintf(stderr, "unknown option --%.*s", (int)len, name);
    const char *near = nprefixed > 1 ? NULL : nearest_option(name, len);
    if (near)
        fprintf(stderr, "; did you mean --%s?", near);
    fprintf(stderr, "\nTry 'offprint --help' for more information.\n");
    return 2;
}

static int parse_to(const char *s, op_output_format *to)
{
    int f = op_output_format_from_name(s);
    if (f < 0)
        return -1;
    *to = (op_output_format)f;
    return 0;
}

/* A whole number in [lo, hi] into *out; -1 when it is not one. */
static int parse_int(const char *s, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* "50M", "800K", "2G", "123456" (bytes; K, M, G are powers of 1024) into *out. */
static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    double mul = 1;
    if (errno || end == s || v <= 0)
        return -1;
    if (*end == 'k' || *end == 'K')
        mul = 1024.0;
    else if (*end == 'm' || *end == 'M')
        mul = 1024.0 * 1024.0;
    else if (*end == 'g' || *end == 'G')
        mul = 1024.0 * 1024.0 * 1024.0;
    if (mul > 1)
        end++;
    if (*end == 'B' || *end == 'b')
        end++;
    if (*end || v * mul < 1024 || v * mul > 1e15)
        return -1;
    *out = (size_t)(v * mul);
    return 0;
}

/* The EPUB options (kept together so other options' hunks stay apart). */
static int parse_epub_opt(int c, const char *arg, cli_args *a)
{
    int v = 0;
    switch (c) {
    case OPT_MAX_IMAGE_PX:
        if (parse_int(arg, 0, 100000, &v) || (v > 0 && v < 16))
            return usage_error(
                "--max-image-px wants 0 (never) or a size of 16 px or more, not '%s'", arg);
        a->max_image_px = v == 0 ? -1 : v;
        return -1;
    case OPT_MAX_SIZE:
        return parse_size(arg, &a->max_size)
                   ? usage_error(
                         "--max-size wants a size such as 50M or 800K (1K at least), not '%s'", arg)
                   : -1;
    case OPT_TOC_DEPTH:
        return parse_int(arg, 1, 6, &a->toc_depth)
                   ? usage_error("--toc-depth wants a number from 1 to 6, not '%s'", arg)
                   : -1;
    case OPT_PROFILE:
        a->profile = op_epub_profile_from_name(arg);
        return a->profile < 0
                   ? usage_error("unknown profile '%s' (generic, kindle, kobo, apple)", arg)
                   : -1;
    }
    return usage_error("%s", "invalid option");
}

/* --since / --until: an ISO date; --until DATE takes in the whole day. */
static int parse_date_opt(const char *opt, const char *arg, int64_t *out, int until)
{
    if (op_batch_date_parse(arg, out) != OP_OK)
        return usage_error("%s wants a date such as 2024-05-01 or 2024-05-01T10:00Z", opt);
    size_t n = strlen(arg);
    if (!until)
        return -1;
    char next[16]; /* the start of the next year, month or day; a time: the next second */
    int y = atoi(arg), m = n >= 7 ? atoi(arg + 5) : 0;
    if (n == 4 || (n == 7 && m == 12))
        snprintf(next, sizeof next, "%04d", (y + 1) % 10000);
    else if (n == 7)
        snprintf(next, sizeof next, "%04d-%02d", y % 10000, (m + 1) % 100);
    if (n == 4 || n == 7)
        op_batch_date_parse(next, out);
    else
        *out += n == 10 ? 86400 : 1;
    return -1;
}

/* The batch options (kept together so other options' hunks stay apart). */
static int parse_batch_opt(int c, const char *arg, cli_args *a)
{
    int v = 0;
    switch (c) {
    case 'i':
        a->lists = op_realloc(a->lists, (size_t)(a->nlists + 1) * sizeof *a->lists);
        a->lists[a->nlists++] = arg;
        return -1;
    case OPT_BATCH:
        a->batch = 1;
        return -1;
    case OPT_NAME:
        a->name = arg;
        return -1;
    case OPT_FORCE:
        a->force = 1;
        return -1;
    case OPT_TAG:
        a->sel.tag = arg;
        return -1;
    case OPT_SINCE:
        return parse_date_opt("--since", arg, &a->sel.since, 0);
    case OPT_UNTIL:
        return parse_date_opt("--until", arg, &a->sel.until, 1);
    case OPT_STATE:
        if (strcmp(arg, "unread") && strcmp(arg, "archive") && strcmp(arg, "all"))
            return usage_error("--state wants unread, archive or all, not '%s'", arg);
        a->sel.state = arg;
        return -1;
    case OPT_LIMIT:
        if (parse_int(arg, 1, 1000000000, &v))
            return usage_error("--limit wants a number of 1 or more, not '%s'", arg);
        a->sel.limit = (size_t)v;
        return -1;
    case 'j':
        return parse_int(arg, 1, 256, &a->jobs)
                   ? usage_error("-j wants a number of threads from 1 to 256, not '%s'", arg)
                   : -1;
    case OPT_REPORT:
        a->report = arg;
        return -1;
    case OPT_FAIL_FAST:
        a->max_failures = 1;
        return -1;
    case OPT_MAX_FAILURES:
        if (parse_int(arg, 1, 1000000000, &v))
            return usage_error("--max-failures wants a number of 1 or more, not '%s'", arg);
        a->max_failures = (size_t)v;
        return -1;
    case OPT_MAX_ENTRIES:
        if (parse_int(arg, 1, 1000000000, &v))
            return usage_error("--max-entries wants a number from 1 to 1000000000, not '%s'", arg);
        a->max_entries = (size_t)v;
        return -1;
    case OPT_MAX_ZIP_ENTRY:
        if (parse_size(arg, &a->max_zip_entry))
            return usage_error("--max-zip-entry wants a size such as 256M or 800K (1K at least), "
                               "not '%s'",
                               arg);
        return -1;
    case OPT_MAX_ZIP_RATIO:
        if (parse_int(arg, 2, 1000000, &v))
            return usage_error("--max-zip-ratio wants a number from 2 to 1000000, not '%s'", arg);
        a->max_zip_ratio = (size_t)v;
        return -1;
    case OPT_SHARD:
        a->shard = arg;
        return -1;
    case OPT_SHARD_COUNT:
        if (parse_int(arg, 1, 1000000, &v))
            return usage_error("--shard-count wants a number of 1 or more, not '%s'", arg);
        a->shard_count = (unsigned)v;
        return -1;
    case 'v':
        a->verbose = 1;
        return -1;
    case OPT_BUNDLE:
        a->bundle = 1;
        return -1;
    case OPT_GROUP_BY:
        a->group_by = op_batch_group_from_name(arg);
        if (a->group_by <= 0)
            return usage_error("--group-by %s: want month, week, tag, site or folder", arg);
        return -1;
    case OPT_ORDER:
        a->order = op_batch_order_from_name(arg);
        if (a->order < 0)
            return usage_error("--order %s: want date, title or input", arg);
        a->order_set = 1;
        return -1;
    }
    return usage_error("%s", "invalid option");
}

/* The fetching options (kept together so other options' hunks stay apart). */
static int parse_fetch_opt(int c, const char *arg, cli_args *a)
{
    switch (c) {
    case OPT_FETCH:
        a->fetch = 1;
        return -1;
    case OPT_NO_FETCH:
        a->fetch = -1;
        return -1;
    case OPT_BASE_URL:
        if (!op_url_is_remote(arg) || !arg[strcspn(arg, ":") + 3])
            return usage_error("--base-url wants an http:// or https:// URL, not '%s'", arg);
        a->base_url = arg;
        return -1;
    case OPT_CACHE_DIR:
        a->cache_dir = arg;
        return -1;
    case OPT_NO_CACHE:
        a->no_cache = 1;
        return -1;
    case OPT_TIMEOUT:
        return parse_int(arg, 1, 3600, &a->timeout)
                   ? usage_error("--timeout wants seconds from 1 to 3600, not '%s'", arg)
                   : -1;
    case OPT_MAX_DOWNLOAD:
        return parse_size(arg, &a->max_download)
                   ? usage_error("--max-download wants a size such as 64M or 800K, not '%s'", arg)
                   : -1;
    }
    return usage_error("%s", "invalid option");
}

/* --keep / --drop: appends to the selector list; a syntax error is a usage error. */
static int add_selector(op_selector **sel, const char *opt, const char *arg)
{
    char err[160];
    if (!*sel)
        *sel = op_selector_new();
    if (op_selector_add(*sel, arg, err, sizeof err) == OP_OK)
        return -1;
    fprintf(stderr, "offprint: invalid %s selector '%s': %s\n", opt, arg, err);
    fprintf(stderr, "Try 'offprint --help' for more information.\n");
    return 2;
}

static int parse_one(int c, const char *arg, cli_args *a, int *to_set)
{
    if (c >= OPT_MAX_IMAGE_PX && c <= OPT_PROFILE)
        return parse_epub_opt(c, arg, a);
    if ((c >= OPT_BATCH && c <= OPT_MAX_ENTRIES) || c == OPT_MAX_ZIP_ENTRY ||
        c == OPT_MAX_ZIP_RATIO || c == 'i' || c == 'j' || c == 'v')
        return parse_batch_opt(c, arg, a);
    if (c >= OPT_FETCH && c <= OPT_MAX_DOWNLOAD)
        return parse_fetch_opt(c, arg, a);
    switch (c) {
    case OPT_MAX_INPUT:
        return parse_size(arg, &a->max_input)
                   ? usage_error("--max-input wants a size such as 64M or 800K (1K at least), "
                                 "not '%s'",
                                 arg)
                   : -1;
    case OPT_MAX_DEPTH:
        return parse_int(arg, 16, 512, &a->max_depth)
                   ? usage_error("--max-depth wants a number from 16 to 512, not '%s'", arg)
                   : -1;
    case OPT_MAX_ELEMENTS:
        return parse_int(arg, 1000, 100000000, &a->max_elements)
                   ? usage_error("--max-elements wants a number from 1000 to 100000000, not '%s'",
                                 arg)
                   : -1;
    case OPT_MAX_PAGES:
        return parse_int(arg, 1, 1000000, &a->max_pages)
                   ? usage_error("--max-pages wants a number from 1 to 1000000, not '%s'", arg)
                   : -1;
    case OPT_MAX_MEGAPIXELS:
        return parse_int(arg, 1, 1000, &a->max_megapixels)
                   ? usage_error("--max-megapixels wants a number from 1 to 1000, not '%s'", arg)
                   : -1;
    case 'o':
        if (arg[0] == '-' && arg[1])
            return usage_error("-o %s: an output name starting with '-' looks like a misplaced "
                               "option (write -o ./NAME to mean a file)",
                               arg);
        a->output = arg;
        return -1;
    case 't':
        *to_set = 1;
        return parse_to(arg, &a->to)
                   ? usage_error("unknown output format '%s' (pdf, epub, txt, md, html)", arg)
                   : -1;
    case 'f':
        a->from = op_format_from_name(arg);
        if (a->from == OP_FORMAT_AUTO && op_batch_reader_known(arg)) {
            a->archive = arg; /* an export format: batch mode */
            return -1;
        }
        return a->from == OP_FORMAT_AUTO
                   ? usage_error("unknown input format '%s' (html, text, markdown, or an "
                                 "archive format)",
                                 arg)
                   : -1;
    case OPT_PAGE:
        a->page_size = op_page_size_from_name(arg);
        return a->page_size < 0
                   ? usage_error("unknown page size '%s' (a4, letter, a5, 6in, 7in)", arg)
                   : -1;
    case OPT_TITLE:
        a->title = arg;
        return -1;
    case OPT_AUTHOR:
        a->author = arg;
        return -1;
    case OPT_LANG:
        a->lang = arg;
        return -1;
    case OPT_STYLE:
        a->style = arg;
        return -1;
    case OPT_CSS:
        a->css = op_realloc(a->css, (size_t)(a->ncss + 1) * sizeof *a->css);
        a->css[a->ncss++] = arg;
        return -1;
    case OPT_DUMP:
        a->dump_model = 1;
        return -1;
    case OPT_EXPLAIN:
        a->explain = 1;
        a->explain_file = arg;
        return -1;
    case OPT_KEEP:
        return add_selector(&a->keep, "--keep", arg);
    case OPT_DROP:
        return add_selector(&a->drop, "--drop", arg);
    case OPT_LINKS:
        a->links = op_links_mode_from_name(arg);
        return a->links < 0 ? usage_error("unknown --links mode '%s' (inline, footnote, endnote, "
                                          "none)",
                                          arg)
                            : -1;
    case OPT_NO_JUSTIFY:
        a->no_justify = 1;
        return -1;
    case OPT_NO_HYPHENATE:
        a->no_hyphenate = 1;
        return -1;
    case OPT_TOC:
        a->toc = 1;
        return -1;
    case OPT_STATS:
        a->stats = 1;
        return -1;
    case OPT_TIMINGS:
        a->timings = 1;
        return -1;
    case OPT_EMBED_FONTS:
        a->embed_fonts = 1;
        return -1;
    case 'q':
        a->quiet = 1;
        return -1;
    case 'h':
        fputs(usage_text, stdout);
        fputs(usage_fetch_text, stdout);
        fputs(usage_batch_text, stdout);
        return 0;
    case 'V':
        printf("offprint %s\n", OP_VERSION_STRING);
        return 0;
    }
    return usage_error("%s", "invalid option");
}

/* The format -o FILE's extension names (-1: none or unknown). */
static int format_of_name(const char *out)
{
    char ext[16];
    op_path_ext(out, ext, sizeof ext);
    if (strcmp(ext, "epub") == 0)
        return OP_OUT_EPUB;
    if (strcmp(ext, "txt") == 0)
        return OP_OUT_TXT;
    if (strcmp(ext, "md") == 0 || strcmp(ext, "markdown") == 0)
        return OP_OUT_MD;
    if (strcmp(ext, "html") == 0 || strcmp(ext, "htm") == 0)
        return OP_OUT_HTML;
    if (strcmp(ext, "pdf") == 0)
        return OP_OUT_PDF;
    return -1;
}

static const char *const format_names[] = {"PDF", "EPUB", "txt", "md", "html"};

/* -o -: text anywhere, PDF and EPUB only into a pipe or file, never onto a terminal. */
static int settle_stdout(const cli_args *a)
{
    if (OP_OUT_IS_TEXT(a->to) || !isatty(STDOUT_FILENO))
        return -1;
    fprintf(stderr,
            "offprint: -o - would write %s to the terminal; redirect it (-o - > out.%s) or "
            "name a file (-o out.%s)\nTry 'offprint --help' for more information.\n",
            format_names[a->to], a->to == OP_OUT_EPUB ? "epub" : "pdf",
            a->to == OP_OUT_EPUB ? "epub" : "pdf");
    return 2;
}

/* The output format comes from --to, else from -o's extension, else PDF. */
static int settle_format(cli_args *a, int to_set)
{
    if (a->output && strcmp(a->output, "-") == 0)
        return settle_stdout(a);
    if (!a->output || a->output[strlen(a->output) - 1] == '/')
        return -1; /* a folder: the format stays PDF unless --to says */
    int named = format_of_name(a->output);
    if (to_set) {
        if (named >= 0 && named != (int)a->to && !a->quiet)
            fprintf(stderr, "offprint: warning: -o %s: --to %s writes %s whatever the name says\n",
                    a->output, op_output_format_ext(a->to) + 1, format_names[a->to]);
        return -1;
    }
    char ext[16];
    op_path_ext(a->output, ext, sizeof ext);
    if (named >= 0)
        a->to = (op_output_format)named;
    else if (ext[0] == '\0')
        a->to = OP_OUT_PDF;
    else
        return usage_error(
            "cannot tell the output format from '%s': use .pdf, .epub, .txt, .md, .html or --to",
            a->output);
    return -1;
}

/* Options that shape only some outputs: one warning line naming those given for an output
 * they do nothing for. */
enum { FOR_PDF = 1 << OP_OUT_PDF, FOR_EPUB = 1 << OP_OUT_EPUB, FOR_BOTH = FOR_PDF | FOR_EPUB };
static const struct scoped_opt {
    int code;
    const char *name;
    unsigned formats;
} scoped_opts[] = {
    {OPT_TOC, "--toc", FOR_PDF},
    {OPT_PAGE, "--page", FOR_PDF},
    {OPT_STATS, "--stats", FOR_PDF},
    {OPT_PROFILE, "--profile", FOR_EPUB},
    {OPT_EMBED_FONTS, "--embed-fonts", FOR_EPUB},
    {OPT_MAX_IMAGE_PX, "--max-image-px", FOR_EPUB},
    {OPT_MAX_SIZE, "--max-size", FOR_EPUB},
    {OPT_TOC_DEPTH, "--toc-depth", FOR_BOTH},
    {OPT_STYLE, "--style", FOR_BOTH},
    {OPT_CSS, "--css", FOR_BOTH},
    {OPT_NO_JUSTIFY, "--no-justify", FOR_BOTH},
    {OPT_NO_HYPHENATE, "--no-hyphenate", FOR_BOTH},
};

static void note_given(int c, unsigned *given)
{
    for (size_t i = 0; i < sizeof scoped_opts / sizeof *scoped_opts; i++)
        if (scoped_opts[i].code == c)
            *given |= 1u << i;
}

static void warn_unused(const cli_args *a, unsigned given)
{
    char names[200] = "";
    int n = 0;
    if (a->quiet || a->dump_model)
        return;
    for (size_t i = 0; i < sizeof scoped_opts / sizeof *scoped_opts; i++) {
        if (!(given & (1u << i)) || (scoped_opts[i].formats & (1u << a->to)))
            continue;
        if (n++)
            strcat(names, ", ");
        strcat(names, scoped_opts[i].name);
    }
    if (n)
        fprintf(stderr, "offprint: warning: %s %s nothing for %s output\n", names,
                n == 1 ? "does" : "do", format_names[a->to]);
}

int cli_parse_args(int argc, char **argv, cli_args *a)
{
    memset(a, 0, sizeof *a);
    int c, rc, to_set = 0;
    unsigned given = 0;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":o:t:f:i:j:vqhV", long_opts, NULL)) != -1) {
        if (c == '?' || c == ':') {
            cli_args_free(a);
            return bad_option(argv[optind - 1], c == ':');
        }
        note_given(c, &given);
        rc = parse_one(c, optarg, a, &to_set);
        if (rc >= 0) {
            cli_args_free(a);
            return rc;
        }
    }
    a->ninputs = argc - optind;
    /* no input: standard input when it is a pipe or a file (pandoc, percollate) */
    int from_stdin =
        a->ninputs <= 0 && a->nlists == 0 && !a->batch && !a->archive && !isatty(STDIN_FILENO);
    if (a->ninputs <= 0 && a->nlists == 0 && !from_stdin) {
        cli_args_free(a);
        return usage_error("%s", "no input file given");
    }
    a->inputs = op_calloc((size_t)a->ninputs + 2, sizeof *a->inputs);
    for (int i = 0; i < a->ninputs; i++)
        a->inputs[i] = argv[optind + i];
    if (from_stdin)
        a->inputs[a->ninputs++] = "-";
    for (int i = 0; i < a->ninputs; i++) {
        if (strcmp(a->inputs[i], "-") == 0 && !a->output && !a->dump_model) {
            cli_args_free(a);
            return usage_error("%s", "reading standard input (-) needs -o OUTPUT (-o - writes "
                                     "to standard output)");
        }
    }
    rc = settle_format(a, to_set);
    if (rc >= 0)
        cli_args_free(a);
    else
        warn_unused(a, given);
    return rc;
}

void cli_args_free(cli_args *a)
{
    op_free(a->inputs);
    a->inputs = NULL;
    op_free(a->lists);
    a->lists = NULL;
    op_free(a->css);
    a->css = NULL;
    op_selector_free(a->keep);
    op_selector_free(a->drop);
    a->keep = a->drop = NULL;
}
