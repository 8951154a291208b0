/* The archive readers (one import_<name>.c each) and what they share: each is a
 * batch_reader (batch_item.h) the runner's table lists with one line. */
#ifndef OP_BATCH_IMPORT_H
#define OP_BATCH_IMPORT_H

#include "batch/batch_item.h"
#include "batch/csv.h"

extern const batch_reader batch_reader_pocket;     /* CSV, zip of part_*.csv, ril_export.html */
extern const batch_reader batch_reader_instapaper; /* CSV (old and current), HTML export */
extern const batch_reader batch_reader_readwise;   /* Readwise Reader CSV */
extern const batch_reader batch_reader_raindrop;   /* Raindrop.io CSV */
extern const batch_reader batch_reader_omnivore;   /* zip: metadata_*.json + content/ */
extern const batch_reader batch_reader_wallabag;   /* JSON array of entries */
extern const batch_reader batch_reader_karakeep;   /* Karakeep/Hoarder JSON */
extern const batch_reader batch_reader_bookmarks;  /* Netscape bookmark HTML */
extern const batch_reader batch_reader_rss;        /* RSS 2.0, 0.9x, 1.0 (import_feed.c) */
extern const batch_reader batch_reader_atom;       /* Atom (import_feed.c) */
extern const batch_reader batch_reader_mhtml;      /* a page saved as MHTML (Chrome) */
extern const batch_reader batch_reader_singlefile; /* a page saved by SingleFile */

/*** Helpers shared by the readers (import.c) ***/

#define IMPORT_MAX_FILE                                                                            \
    (512u << 20) /* a JSON or HTML export read whole: past it, a clear error                       \
                  */

/** Reads a whole export file (at most IMPORT_MAX_FILE bytes) into *data (NUL-terminated,
 *  op_free). OP_ERR_IO or OP_ERR_LIMIT with a message to diag. */
op_status import_file_read(const char *path, char **data, size_t *len, op_diag *diag);
/** *dst = a copy of s[0..len) with surrounding white space trimmed, or NULL when that is
 *  empty (s may be NULL). Any previous *dst is freed. */
void import_set(char **dst, const char *s, size_t len);
/** import_set for a NUL-terminated string. */
void import_sets(char **dst, const char *s);
/** Adds each tag of s split at `sep` (surrounding spaces trimmed, empty ones dropped). */
void import_tags_split(batch_item *it, const char *s, char sep);
/** Adds the tags of a list written as ["a","b"] (JSON) or ['a', 'b'] (Python): quoted
 *  strings, backslash escapes kept simple; a cell with no brackets is split at commas. */
void import_tags_list(batch_item *it, const char *s);
/** it->source = "file:line" (line 0: just the file name; base name of path). */
void import_source(batch_item *it, const char *path, const char *entry, size_t line);
/** Gives the item its id (the URL, else `fallback`) and passes it to emit: the one way the
 *  readers hand items over. An item without URL, content or fallback is dropped with a
 *  warning naming its source. */
op_status import_emit(batch_item *it, const char *fallback, batch_emit_fn emit, void *ud,
                      op_diag *diag);
/** 1 when head[0..n) after a BOM and white space starts with the CSV header row of which
 *  every one of `names` (NULL-terminated) is a column, ASCII case-insensitive. */
int import_csv_sniff(const char *head, size_t n, const char *const *names);
/** Opens a CSV file and reads its header row; NULL with a message to diag when it cannot
 *  (*st set). Free with import_csv_close. */
csv *import_csv_open(const char *path, op_status *st, op_diag *diag);
void import_csv_close(csv *c);
/** The error for a CSV that stopped with st, naming its line: of `path`, or, when `entry`
 *  is not NULL, of that entry of the zip at `path`. */
void import_csv_error(op_diag *diag, const char *path, const char *entry, const csv *c,
                      op_status st);
/* Where a reader's callbacks send items (the arguments of batch_reader.read). */
typedef struct import_ctx {
    const char *path;
    batch_emit_fn emit;
    void *ud;
    op_diag *diag;
} import_ctx;

/** Up to n first bytes of the file at path into head: the count (0 when unreadable). */
size_t import_head_read(const char *path, char *head, size_t n);
/** 1 when head[0..n) looks like HTML (a doctype, <html> or a list) rather than CSV. */
int import_head_is_html(const char *head, size_t n);
/** 1 when head[0..n) contains `needle`, ASCII case-insensitive. */
int import_head_has(const char *head, size_t n, const char *needle);
/** The first byte of head[0..n) after a UTF-8 BOM and white space, or 0 when none. */
char import_head_first(const char *head, size_t n);
/** "unread" or "archive" for the state words exports use (unread, new, later, inbox,
 *  shortlist / archive, archived, read), else NULL. A static string. */
const char *import_state(const char *s);

#endif
