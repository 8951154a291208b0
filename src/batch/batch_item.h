/* Batch conversion: what an archive reader hands to the batch runner. Every source of
 * articles (a folder, a list file, a read-later export, a feed, a bookmarks file, an MHTML
 * page) is a batch_reader that streams batch_items, one at a time, to a callback; the runner
 * (batch.c) selects, names, de-duplicates and converts them on worker threads. Readers never
 * convert, fetch or write anything themselves. */
#ifndef OP_BATCH_ITEM_H
#define OP_BATCH_ITEM_H

#include "core/core.h"

#include <stdint.h>

/* One article of an archive, with what its export knows about it. All strings are UTF-8,
 * NUL-terminated, owned by the item (batch_item_free), NULL when unknown. */
typedef struct batch_item {
    char *id;           /* stable identity within its source: the URL when there is one, else the
                           entry's id or path; used for de-duplication, naming ({id}) and --shard */
    char *source;       /* where it came from, for messages and the report:
                           "pocket.zip:part_000000.csv:12" */
    const char *format; /* reader's name ("folder", "list", "pocket", "instapaper", "omnivore",
                           "wallabag", "readwise", "raindrop", "karakeep", "bookmarks", "rss",
                           "atom", "mhtml", "singlefile"): a static string */
    /* the content: a local file, bytes in memory, or only a URL (needs fetching) */
    char *path; /* local file to convert (a saved page, Markdown, text dump) */
    char *data; /* or the page itself (wallabag/feed content, an Omnivore page, decoded MHTML) */
    size_t len;
    char *base_dir; /* folder relative images resolve against (data only; may be NULL) */
    char *url;      /* the article's original URL */
    /* metadata the export knows: fills the article's where the page says nothing */
    char *title, *author, *site, *excerpt;
    char *folder; /* folder, list or feed name */
    char *state;  /* "unread" or "archive" (normalised by the reader), or NULL */
    char **tags;  /* ntags strings */
    size_t ntags;
    int64_t saved;     /* Unix seconds (UTC), -1 when unknown */
    int64_t published; /* Unix seconds (UTC), -1 when unknown */
} batch_item;

/* Called once per item, in the order of the source. The callee takes the item over (it
 * frees it with batch_item_free, now or later); return OP_OK to go on, anything else stops
 * the reader, which returns that status. */
typedef op_status (*batch_emit_fn)(void *ud, batch_item *item);

/* How far a reader lets a zipped export expand (op_batch_opts.max_zip_entry and
 * .max_zip_ratio). A NULL batch_caps, or a zero field, takes the defaults
 * (OP_BATCH_MAX_ZIP_ENTRY_DEFAULT, OP_BATCH_MAX_ZIP_RATIO_DEFAULT). */
typedef struct batch_caps {
    size_t zip_entry; /* bytes one entry may expand to */
    size_t zip_ratio; /* expanded : compressed, past the entry's first MiB */
    size_t entries;   /* entries of one export (--max-entries): a zip of more parts than that
                         is refused before any is read; 0 = no such check */
} batch_caps;

typedef struct batch_reader {
    const char *name; /* as for --from and batch_item.format */
    /** 1 when the file at `path`, whose first bytes are head[0..n), is this reader's format
     *  (content first; the extension only where the content cannot tell). */
    int (*sniff)(const char *path, const char *head, size_t n);
    /** Reads `path`, emitting each item. Problems with single entries are warnings to
     *  `diag` naming the entry (the entry is skipped, or emitted with what could be read);
     *  a file that cannot be read at all is OP_ERR_IO / OP_ERR_PARSE. Bounded memory: an
     *  entry is emitted as soon as it is read, never all of them held at once. `caps` (may
     *  be NULL) bound what a zip reader expands. */
    op_status (*read)(const char *path, const batch_caps *caps, batch_emit_fn emit, void *ud,
                      op_diag *diag);
} batch_reader;

/** A new empty item (every string NULL, dates -1). Never NULL. */
batch_item *batch_item_new(const char *format);
/** Frees the item and everything in it; NULL is a no-op. */
void batch_item_free(batch_item *it);
/** Appends a tag (copied; empty and duplicate tags are ignored). */
void batch_item_add_tag(batch_item *it, const char *tag, size_t len);

#endif
