/* Command-line options of the offprint tool. */
#ifndef OP_CLI_ARGS_H
#define OP_CLI_ARGS_H

#include "offprint/batch.h"
#include "offprint/convert.h"

typedef struct cli_args {
    const char **inputs;
    int ninputs;
    const char *output;
    op_output_format to;
    op_format from;
    int page_size; /* op_page_size */
    const char *title, *author, *lang, *style;
    const char **css; /* --css CSS (repeatable): snippets appended to the theme for this run */
    int ncss;
    struct op_style *theme;       /* with --css: the theme and the snippets, parsed once (main.c) */
    int no_justify, no_hyphenate; /* PDF body text: ragged right / no hyphenation */
    int stats;                    /* PDF: print line statistics */
    int timings;                  /* --timings: each stage's time to stderr (main.c) */
    int toc;                      /* PDF: contents page */
    int dump_model;
    int quiet;
    int explain;              /* --explain: decisions of reader mode */
    const char *explain_file; /* --explain=FILE, else stderr */
    /* EPUB */
    int max_image_px;         /* 0 = default, -1 = never downscale */
    size_t max_size;          /* bytes, 0 = no cap */
    int toc_depth;            /* 0 = all */
    int profile;              /* op_epub_profile */
    int embed_fonts;          /* --embed-fonts */
    op_selector *keep, *drop; /* --keep / --drop (NULL when not given) */
    int links;                /* op_links_mode */
    /* batch mode (offprint DIR/, -i LIST, an export, --batch) */
    int batch;          /* --batch */
    const char **lists; /* -i FILE (repeatable) */
    int nlists;
    const char *archive; /* -f READER: force an archive reader */
    const char *name;    /* --name TEMPLATE */
    int force;           /* --force */
    int bundle;          /* --bundle: one book of every item (-o BOOK.epub, BOOK.pdf) */
    int group_by;        /* --group-by: op_batch_group */
    int order;           /* --order: op_batch_order */
    int order_set;
    op_batch_select sel;  /* --tag --since --until --state --limit --shard */
    const char *shard;    /* --shard K/N|auto (resolved after parsing) */
    unsigned shard_count; /* --shard-count N */
    int jobs;             /* -j N */
    const char *report;   /* --report FILE.jsonl */
    size_t max_failures;  /* --max-failures N, --fail-fast (1) */
    size_t max_entries;   /* --max-entries N (0 = default) */
    size_t max_zip_entry; /* --max-zip-entry SIZE (0 = default) */
    size_t max_zip_ratio; /* --max-zip-ratio N (0 = default) */
    int verbose;          /* -v: batch: a line per item; every run: a line per request */
    /* fetching (docs/fetch.md) */
    int fetch;            /* 1 --fetch (local files' images, URL-only batch items), -1 --no-fetch */
    const char *base_url; /* --base-url URL */
    const char *cache_dir; /* --cache-dir DIR */
    int no_cache;          /* --no-cache */
    int timeout;           /* --timeout SECONDS (0 = default) */
    size_t max_download;   /* --max-download SIZE (0 = default) */
    size_t max_input;      /* --max-input SIZE (0 = default) */
    int max_depth;         /* --max-depth N (0 = default) */
    int max_pages;         /* --max-pages N (0 = default) */
    int max_elements;      /* --max-elements N (0 = default) */
    int max_megapixels;    /* --max-megapixels N (0 = default) */
} cli_args;

/** Parses argv into *a. Returns -1 to go on converting, or an exit code to return at once
 *  (0 after --help/--version, 2 after a usage error, already reported on stderr). */
int cli_parse_args(int argc, char **argv, cli_args *a);
void cli_args_free(cli_args *a);

#endif
