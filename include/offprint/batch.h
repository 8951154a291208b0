/* Batch conversion of an archive: folders, list files and read-later exports into one output
 * file per article, on worker threads, with selection, de-duplication, collision-free names,
 * resume, shards and a JSON Lines report. The offprint command's batch mode is a front end of
 * this header; each article goes through op_convert (convert.h).
 *
 * Threads: op_batch_run starts and joins its own workers; the callbacks it is given are called
 * one at a time (under the runner's lock), from the calling thread or a worker. op_batch_stop
 * may be called from a signal handler or another thread. */
#ifndef OFFPRINT_BATCH_H
#define OFFPRINT_BATCH_H

#include "convert.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What became of one item. */
typedef enum op_batch_status {
    OP_BATCH_OK = 0,    /* converted */
    OP_BATCH_SKIPPED,   /* not converted on purpose: output exists, needs --fetch, ... */
    OP_BATCH_DUPLICATE, /* same canonical URL (else same content) as an earlier item */
    OP_BATCH_FAILED
} op_batch_status;

/** "ok", "skipped", "duplicate", "failed" (a static string). */
const char *op_batch_status_name(op_batch_status s);

/* One finished item, lent to the callback for the call. */
typedef struct op_batch_result {
    op_batch_status status;
    const char *input;  /* the item's source: a path, "pocket.csv:12" */
    const char *format; /* the reader that found it: "folder", "list", "pocket", ... */
    const char *title;  /* what the archive or the file name says; may be NULL */
    const char *url;    /* may be NULL */
    const char *output; /* the file written (or that would have been); may be NULL */
    const char *reason; /* skipped: "exists", "needs --fetch"; duplicate: the first item's
                           input; failed: the first error message; else NULL */
    op_status error;    /* failed: the conversion's status */
    uint64_t bytes;     /* ok: the output's size */
    double ms;          /* time spent converting */
    int warnings;       /* warnings of the conversion */
    size_t index;       /* 0-based position among the items this run reports */
} op_batch_result;

typedef void (*op_batch_result_fn)(void *ud, const op_batch_result *r);

/* How far a run has come, lent to the progress callback for the call. */
typedef struct op_batch_progress {
    size_t done;         /* items reported (converted, skipped, duplicate, failed) */
    size_t total;        /* items the run reports, as far as the inputs have been read */
    int total_known;     /* the inputs are read to the end: total is final */
    const char *current; /* the input of the item (or the book) a worker has just started;
                            NULL when the call is for an item that ended */
} op_batch_progress;

typedef void (*op_batch_progress_fn)(void *ud, const op_batch_progress *p);

/* Which items of the archive to convert. Zero = everything. */
typedef struct op_batch_select {
    const char *tag;   /* only items carrying this tag (case-insensitive) */
    int64_t since;     /* only items saved (else published, else modified) at or after this
                          Unix time; 0 = no bound */
    int64_t until;     /* ... before this Unix time; 0 = no bound */
    const char *state; /* "unread", "archive" or NULL/"all"; items that do not say pass */
    size_t limit;      /* at most this many items converted or skipped; 0 = all */
    unsigned shard_k;  /* this run's share 1..shard_n of the items, by a stable hash of each
                          item's id; shard_n 0 = all */
    unsigned shard_n;
} op_batch_select;

/* Books of several articles (--group-by): one per group of items. */
typedef enum op_batch_group {
    OP_BATCH_GROUP_NONE = 0,
    OP_BATCH_GROUP_MONTH, /* "2024-02" from the saved (else published, else file) date */
    OP_BATCH_GROUP_WEEK,  /* the ISO week, "2024-W07" */
    OP_BATCH_GROUP_TAG,   /* the first tag */
    OP_BATCH_GROUP_SITE,  /* the site name, else the URL's host */
    OP_BATCH_GROUP_FOLDER /* the export's folder (or feed), else the file's folder */
} op_batch_group;

/* The order of a book's articles (--order). */
typedef enum op_batch_order {
    OP_BATCH_ORDER_INPUT = 0, /* as the inputs hold them */
    OP_BATCH_ORDER_DATE,      /* oldest first; undated last */
    OP_BATCH_ORDER_TITLE      /* by the archive's title, else the file name */
} op_batch_order;

/** "none", "month", "week", "tag", "site", "folder" (any case) -> op_batch_group; -1 else. */
int op_batch_group_from_name(const char *name);
/** "input", "date", "title" (any case) -> op_batch_order; -1 else. */
int op_batch_order_from_name(const char *name);

/* How to run a batch. Zero-initialise, then set what differs from the defaults. */
typedef struct op_batch_opts {
    const char *const *inputs; /* folders, list files ("-" = stdin), exports, article files */
    size_t ninputs;
    const char *const *lists; /* list files given with -i (one path or URL a line) */
    size_t nlists;
    const char *from;          /* force every file input to this reader ("pocket", ...); NULL =
                                  detect by content */
    const char *out_dir;       /* created if missing (with its parents) */
    const char *name_template; /* NULL = "{slug}"; fields {date} {slug} {title} {site} {id}
                                  {tag}; the format's extension is added */
    int force;                 /* convert even when the output exists and is newer */
    const char *bundle;        /* one EPUB or PDF book (convert->to) of every selected item
                                  at this path instead of a file each; out_dir unused */
    op_batch_select select;
    int jobs;                     /* worker threads; 0 = one per online CPU */
    size_t max_failures;          /* stop taking new items after this many failures; 0 = never */
    const char *report;           /* JSON Lines report file, or NULL */
    op_batch_result_fn on_result; /* each item as it ends; may be NULL */
    void *on_result_ud;
    op_batch_progress_fn on_progress; /* as an item starts, after each item ends and when
                                         the inputs are read to the end; may be NULL */
    void *on_progress_ud;
    const op_convert_opts *convert; /* every conversion's options (to, style, ...; its diag
                                       gets every message, serialised); may be NULL */
    op_batch_group group_by;        /* one EPUB or PDF book per group in out_dir, named by the group
                                       ("2024-W07.epub"); items without the key go to the group
                                       "undated", "untagged", "unknown-site" or "unfiled" */
    op_batch_order order;           /* the articles' order in a book (bundle, group_by) */
    size_t max_entries;             /* entries read from one export (--max-entries): at the
                                       next one its reading stops with an error naming the
                                       limit and the export is a failed input; 0 =
                                       OP_BATCH_MAX_ENTRIES_DEFAULT */
    size_t max_zip_entry;           /* bytes one entry of a zipped export (a Pocket or Omnivore
                                       zip) may expand to (--max-zip-entry); 0 =
                                       OP_BATCH_MAX_ZIP_ENTRY_DEFAULT */
    size_t max_zip_ratio;           /* how many times its compressed size such an entry may
                                       expand to, past its first MiB (--max-zip-ratio); 0 =
                                       OP_BATCH_MAX_ZIP_RATIO_DEFAULT */
    void *reserved[1];
} op_batch_opts;

/* Entries of one export (a Pocket zip's parts together, a feed, a JSON export) unless
 * op_batch_opts.max_entries says otherwise. */
#define OP_BATCH_MAX_ENTRIES_DEFAULT 100000
/* A zipped export's entry: at most this many bytes, and this many times its compressed size
 * past its first MiB (a zip bomb stops there), unless op_batch_opts says otherwise. */
#define OP_BATCH_MAX_ZIP_ENTRY_DEFAULT ((size_t)256 << 20)
#define OP_BATCH_MAX_ZIP_RATIO_DEFAULT 200

/* Counts of a run. */
typedef struct op_batch_summary {
    size_t found; /* items the inputs held, before selection, shards and --limit */
    size_t converted, skipped, duplicates, failed;
    size_t need_fetch; /* of the skipped: items whose export holds only a URL ("needs --fetch") */
    int interrupted;   /* op_batch_stop, --max-failures or a setup failure ended it early */
} op_batch_summary;

/** Runs the batch: reads every input in order (the reader blocks while the workers' queue
 *  is full, so memory stays bounded), selects, de-duplicates and names the items, and
 *  converts them on opts->jobs threads. Returns OP_OK when the run went through (items may
 *  have failed: see *sum), OP_ERR_IO when the output folder or the report cannot be written
 *  or an input cannot be read at all, OP_ERR_USAGE for a bad template or reader name,
 *  OP_ERR_FONT / OP_ERR_SETUP when a conversion found the setup broken (the run stops). */
op_status op_batch_run(const op_batch_opts *opts, op_batch_summary *sum, op_diag *diag);

/** Asks running op_batch_run calls to take no new items; the items being converted finish
 *  and the report gets its summary. Async-signal-safe. */
void op_batch_stop(void);

/** The reader (by name) that recognises the file at `path` as an archive of several
 *  articles (an export, a feed, bookmarks), or NULL: a plain article, or unreadable. */
const char *op_batch_sniff(const char *path);

/* A page saved in a one-article format (MHTML, SingleFile), read for a plain conversion. */
typedef struct op_batch_page op_batch_page;

/** Reads the file at `path` for op_convert when it is a page saved in a one-article format:
 *  MHTML is decoded (its HTML with the images it holds), and what the format records (the
 *  page's URL, title, saving date) becomes the input's metadata. Then *page is a new page
 *  (free it with op_batch_page_free after the conversion) and *in lends its bytes. Any other
 *  file (or one that cannot be opened, or "-"): OP_OK, *page NULL, *in = {.path = path}. A
 *  saved page its reader cannot decode: the reader's status, with a message to diag. */
op_status op_batch_page_load(const char *path, op_input *in, op_batch_page **page, op_diag *diag);
/** Frees a page of op_batch_page_load; NULL is a no-op. */
void op_batch_page_free(op_batch_page *page);

/** 1 when an archive reader is called `name` ("pocket", "wallabag", ...; for --from). */
int op_batch_reader_known(const char *name);

/** "K/N" (1 <= K <= N) into *k, *n; "auto" from the environment: SLURM_ARRAY_TASK_ID with
 *  SLURM_ARRAY_TASK_COUNT (and _MIN), JOB_COMPLETION_INDEX with `count` (--shard-count;
 *  Kubernetes Indexed Jobs), AWS_BATCH_JOB_ARRAY_INDEX with AWS_BATCH_JOB_ARRAY_SIZE.
 *  OP_ERR_USAGE when the text or the environment does not say. */
op_status op_batch_shard_parse(const char *s, unsigned count, unsigned *k, unsigned *n);

/** An ISO date ("2024-05-01", "2024-05-01T10:00:00Z", "2024-05", "2024") as Unix seconds
 *  (UTC; a time may carry an offset: +02:00, +0200);
 *  OP_ERR_USAGE when it is not one. */
op_status op_batch_date_parse(const char *s, int64_t *out);

#ifdef __cplusplus
}
#endif
#endif
