/* Private interface of the batch runner (batch.c) and its helpers: names and slugs
 * (batch_name.c), selection, shards and keys (batch_select.c), books and their ledger
 * (batch_book.c), what a conversion gets (batch_page.c), walking folders and list files
 * (batch_walk.c), the reader table (readers.c) and the JSON Lines report (batch_report.c). */
#ifndef OP_BATCH_INT_H
#define OP_BATCH_INT_H

#include "batch/batch_item.h"
#include "offprint/batch.h"

#include <stdatomic.h>
#include <stdio.h>

/*** Names (batch_name.c) ***/

/** A file-name slug of `s` (UTF-8): lower case, Latin letters folded to ASCII where they
 *  can be (é -> e, ß -> ss), other scripts' letters kept (Hangul, Cyrillic, kana, Han),
 *  everything else a single '-', at most `max` bytes (cut at a character), no '-' at either
 *  end. "" when nothing is left. New string (op_free). */
char *batch_slug_new(const char *s, size_t max);

/** 1 when `tmpl` uses only known fields ({date} {slug} {title} {site} {id} {tag}) and no
 *  "..", absolute path or unclosed brace; else 0 with the reason in err. */
int batch_template_check(const char *tmpl, char *err, size_t errsz);

/** strcmp of two UTF-8 strings in lower case (ASCII, Latin-1, Latin Extended-A, Greek,
 *  Cyrillic): the order and sameness of --group-by keys ("News" and "news" are one). */
int batch_key_cmp(const char *a, const char *b);

/** The name `tmpl` gives `it` (no extension); `stem` is the slug's fallback when the item
 *  has no title (its file or folder name). Never empty ("article"). New string. */
char *batch_name_new(const char *tmpl, const batch_item *it);

/** The host of a URL without "www." ("https://www.example.org/a" -> "example.org"), or
 *  NULL. New string. */
char *batch_url_host_new(const char *url);

/* Names already given in this run, so no two items share one (case-insensitive). */
typedef struct batch_names batch_names;
batch_names *batch_names_new(void);
void batch_names_free(batch_names *n);
/** `base` + `ext`, or `base-1` + `ext`, `base-2` + `ext`... whichever is free; marks it
 *  taken. New string. */
char *batch_names_claim(batch_names *n, const char *base, const char *ext);

/*** Selection, keys, shards (batch_select.c) ***/

/** 64-bit FNV-1a of s[0..len), mixed (splitmix64) so that `% n` spreads evenly. */
uint64_t batch_hash(const void *s, size_t len);
/** The URL with what does not name a different page removed: scheme (http/https), "www.",
 *  the fragment, utm_* and similar tracking parameters, default port, a trailing '/';
 *  host lower-cased. New string. */
char *batch_url_canonical_new(const char *url);
/** 1 when `it` belongs to shard k of n (n 0 = all). */
int batch_in_shard(const batch_item *it, unsigned k, unsigned n);
/** 1 when `it` passes the tag, date and state filters; `mtime` is the date of items that
 *  carry none (their file's). */
int batch_selected(const op_batch_select *sel, const batch_item *it, int64_t mtime);
/** The item's date (saved, else published, else mtime) as "YYYY-MM-DD" in out[11]; "" when
 *  none. */
void batch_item_date(const batch_item *it, int64_t mtime, char out[11]);

/** The item's time: saved, else published, else mtime (-1: none). */
int64_t batch_item_time(const batch_item *it, int64_t mtime);

/* A duplicate waiting to be reported until the item it copies has ended (batch.c). */
typedef struct batch_parked {
    char *input, *format, *title, *url;
    struct batch_parked *next;
} batch_parked;

/* What became of the first item of a key, so that its duplicates can be told: duplicates
 * of an item that failed fail too, with its reason (batch.c; under the runner's lock). */
typedef enum batch_fate { BATCH_PENDING = 0, BATCH_DONE, BATCH_FAILED } batch_fate;

typedef struct batch_first {
    char *label; /* the first item's input */
    batch_fate fate;
    op_status error; /* failed: its status and message */
    char *reason;
    batch_parked *parked; /* duplicates met while it was pending, in input order */
} batch_first;

/* A set of 64-bit keys (de-duplication), each with its first item. */
typedef struct batch_keys batch_keys;
batch_keys *batch_keys_new(void);
/** Frees the set, its entries and what is still parked on them. */
void batch_keys_free(batch_keys *k);
/** The entry of `key`: *added 1 when it is new (its label `label`), 0 when an earlier item
 *  had the key. Lent: lives, at the same address, as long as the set. */
batch_first *batch_keys_get(batch_keys *k, uint64_t key, const char *label, int *added);
/** Adds `key` with its owner's label; returns the earlier owner's label when it was
 *  there already (lent, lives as long as the set), else NULL. */
const char *batch_keys_add(batch_keys *k, uint64_t key, const char *label);

/*** Books (batch_book.c) ***/

/** The group `it` goes to (its month "2024-02", ISO week "2024-W07", first tag, site or URL
 *  host, folder); NULL when it has none (then batch_group_none). `mtime` dates items that
 *  carry no date. New string. */
char *batch_group_key_new(const batch_item *it, int64_t mtime, op_batch_group by);
/** The group of items without the key: "undated", "untagged", "unknown-site", "unfiled". */
const char *batch_group_none(op_batch_group by);
/** The file name (no extension) of a group's book: a month or week as it is ("2024-W07"),
 *  other keys as a slug. New string. */
char *batch_group_name_new(const char *key, op_batch_group by);
/** The order of a book's `n` articles into perm (indexes into items): input order, by date
 *  (saved, else published, else mtimes[i]; undated last) or by title (the archive's, else
 *  the name's slug; ASCII case folded); ties keep the input order. */
void batch_book_order(const batch_item *const *items, const int64_t *mtimes, size_t n,
                      op_batch_order order, size_t *perm);

/* The books a folder holds and what each was made of (DIR/.offprint-books: one line
 * "SIGNATURE<TAB>FILE NAME" a book), so that a second run leaves alone the books whose
 * articles did not change. */
typedef struct batch_ledger batch_ledger;
/** The ledger of folder `dir` (empty when it has none or cannot be read). Free it with
 *  batch_ledger_free. */
batch_ledger *batch_ledger_load(const char *dir);
/** 1 when the ledger says the book `name` was made with signature `sig`. */
int batch_ledger_has(const batch_ledger *l, const char *name, uint64_t sig);
/** Records that the book `name` holds what `sig` says (holds 1), or forgets it (holds 0:
 *  not written, or an article failed: the next run makes it again). */
void batch_ledger_set(batch_ledger *l, const char *name, uint64_t sig, int holds);
/** Writes the ledger (a temporary file renamed into place). OP_ERR_IO when it cannot. */
op_status batch_ledger_save(const batch_ledger *l);
void batch_ledger_free(batch_ledger *l);
/** A book's signature: its title, format and each article's input and modification time
 *  in the book's order. */
uint64_t batch_book_sig(const char *title, const char *ext, const char *const *inputs,
                        const int64_t *mtimes, size_t n);

/*** What a conversion gets (batch_page.c) ***/

/** What `it` gives op_convert in *in: its file or bytes and what the archive knows (meta has
 *  OP_META_FIELD_COUNT entries, filled; pub 11 bytes for the published date; *name a new
 *  string (op_free) or NULL: the name of bytes, locating their relative images). *in lends
 *  from `it`, meta and pub. */
void batch_item_input(const batch_item *it, op_input *in, const char **meta, char *pub,
                      char **name);

/*** Inputs (batch_walk.c, readers.c) ***/

#define BATCH_SNIFF_HEAD 4096 /* bytes of a file the readers' sniffers see */

/* What batch_accept_fn returns (and readers pass on) when the run takes no more items. */
#define BATCH_STOPPED OP_ERR_USAGE

/* Where the runner receives items: the item (taken over) and the modification time of the
 * file it came from (resume compares outputs against it). */
typedef op_status (*batch_accept_fn)(void *ud, batch_item *it, int64_t src_mtime);

typedef struct batch_source {
    batch_accept_fn accept;
    void *ud;
    const char *from; /* forced reader, or NULL */
    op_diag *diag;
    atomic_int *stop; /* set: stop walking */
    batch_caps caps;  /* how far a zipped export may expand; caps.entries: items read from one
                         export, past it the reader stops with OP_ERR_LIMIT and an error
                         naming the limit */
} batch_source;

/** Reads one input: a folder (recursively), an export a reader recognises, or an article
 *  file (one that does not exist is handed on, to fail as an item). Returns BATCH_STOPPED
 *  when the runner stopped it, else the first failure to read a folder or an export (told
 *  to src->diag; the other files were still read). */
op_status batch_walk_input(const batch_source *src, const char *path);
/** Reads a list file ("-" = stdin): paths (relative to the list's folder) and URLs. */
op_status batch_walk_list(const batch_source *src, const char *path);
/** 1 when `name` (a file name) has an article extension (.html .htm .xhtml .md .markdown
 *  .txt). */
int batch_is_article_name(const char *name);

/** The i-th reader of the table (0-based, in sniffing order), NULL past the last. */
const batch_reader *batch_reader_at(size_t i);
/** The reader called `name` (ASCII case-insensitive), or NULL. */
const batch_reader *batch_reader_find(const char *name);
/** The reader that recognises `path` (head = its first bytes), or NULL. `archives_only`
 *  leaves out readers of single pages (MHTML, SingleFile). */
const batch_reader *batch_reader_sniff(const char *path, const char *head, size_t n,
                                       int archives_only);

/*** Report (batch_report.c) ***/

/** Opens `path` for the JSON Lines report (truncated) and writes the start line. */
op_status batch_report_open(const char *path, const op_batch_opts *o, FILE **out);
void batch_report_item(FILE *f, const op_batch_result *r);
void batch_report_summary(FILE *f, const op_batch_summary *s);
/** The line of a book: the book, its articles, size, time, status ("skipped" when `kept`:
 *  an earlier run made it of the same articles) and first error. */
void batch_report_bundle(FILE *f, const char *path, size_t articles, uint64_t bytes, double ms,
                         op_status st, int kept, const char *error);

#endif
