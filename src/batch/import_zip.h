/* Export zips (Pocket's part_*.csv, Omnivore's metadata_*.json + content/) read through
 * libzip with caps: an entry's size, its expansion ratio (a zip bomb), and names that are
 * only ever looked up inside the archive, never used as file paths. */
#ifndef OP_BATCH_IMPORT_ZIP_H
#define OP_BATCH_IMPORT_ZIP_H

#include "batch/batch_item.h"
#include "batch/csv.h"
#include "core/core.h"

typedef struct import_zip import_zip;

/** Opens the archive at path, its entries read within `caps` (NULL: the defaults).
 *  OP_ERR_IO (not there, unreadable) or OP_ERR_PARSE (not a zip), with a message to diag.
 *  Free with import_zip_close. The reader streams of import_zip_csv_open must be closed
 *  first. */
op_status import_zip_open(const char *path, const batch_caps *caps, import_zip **out,
                          op_diag *diag);
void import_zip_close(import_zip *z);
/** Entries in the archive. */
size_t import_zip_count(const import_zip *z);
/** OP_ERR_LIMIT, with an error naming the limit, when `n` parts (CSV or JSON files, each
 *  holding entries of the export) are more than the caps' entry limit; else OP_OK. */
op_status import_zip_parts_check(const import_zip *z, size_t n, op_diag *diag);
/** Entry i's name (lent), or NULL when it is unsafe or odd (absolute, "..", a backslash, a
 *  control byte, over 1,000 bytes): such entries are never read. */
const char *import_zip_name(const import_zip *z, size_t i);
/** The index of the entry named exactly `name`, or -1. */
long import_zip_find(const import_zip *z, const char *name);
/** Entry i in memory (NUL-terminated, caller frees with op_free): OP_ERR_LIMIT past `max`
 *  bytes (or the entry cap, when smaller) or the ratio cap, OP_ERR_IO or OP_ERR_PARSE when libzip
 * fails (message to diag). */
op_status import_zip_read(import_zip *z, size_t i, size_t max, char **data, size_t *len,
                          op_diag *diag);
/** A CSV reader streaming entry i (same caps; a cap hit shows as OP_ERR_IO from csv_next,
 *  named by import_zip_csv_close). NULL when the entry cannot be opened (message to diag). */
csv *import_zip_csv_open(import_zip *z, size_t i, op_diag *diag);
/** 1 when the reader from import_zip_csv_open stopped at a cap (its read error is that). */
int import_zip_csv_capped(const csv *c);
/** Closes a reader from import_zip_csv_open; returns OP_ERR_LIMIT when it stopped at a cap
 *  (an error naming the limit to diag), else OP_OK. */
op_status import_zip_csv_close(csv *c, op_diag *diag);
/** 1 when the file at path is a zip holding an entry whose last path component starts with
 *  `prefix` and ends with `suffix` (sniffing export zips). */
int import_zip_has(const char *path, const char *prefix, const char *suffix);
/** 1 when the last path component of `name` starts with prefix and ends with suffix. */
int import_zip_base_is(const char *name, const char *prefix, const char *suffix);

#endif
