/* RFC 4180 CSV, read one record at a time from any byte source (a file, a zip entry, a
 * buffer): quoted fields with commas, doubled quotes and line breaks, CRLF or LF, a UTF-8
 * BOM. Columns are found by their header name, never by position: the services that write
 * these exports changed their columns over the years. */
#ifndef OP_BATCH_CSV_H
#define OP_BATCH_CSV_H

#include "core/core.h"

#include <stdio.h>
#include <sys/types.h>

#define CSV_MAX_RECORD (8u << 20) /* bytes in one record: past it, OP_ERR_LIMIT */
#define CSV_MAX_FIELDS 1024       /* fields in one record */

/* Fills buf with up to n bytes: the count, 0 at the end, -1 on a read error. */
typedef ssize_t (*csv_read_fn)(void *ud, char *buf, size_t n);

typedef struct csv csv;

/** A reader pulling bytes from fn(ud). Never NULL; free with csv_free. */
csv *csv_new(csv_read_fn fn, void *ud);
/** A reader over a FILE * (not closed by csv_free). */
csv *csv_new_file(FILE *f);
/** A reader over s[0..len) (lent: it must outlive the reader). */
csv *csv_new_mem(const char *s, size_t len);
void csv_free(csv *c);
/** The ud given to csv_new (so a source can be closed with its reader). */
void *csv_source(const csv *c);

/** Reads the next record. OP_OK with *more = 1 when there is one, *more = 0 at the end;
 *  OP_ERR_PARSE for a quoted field never closed (the text from its quote to the end),
 *  OP_ERR_LIMIT past CSV_MAX_RECORD or CSV_MAX_FIELDS, OP_ERR_IO when the source fails.
 *  Blank lines are skipped. */
op_status csv_next(csv *c, int *more);
/** Reads the first record as the header row (csv_next, then keeps the names). OP_ERR_PARSE
 *  when there is none. */
op_status csv_read_header(csv *c);
/** The column named `name` in the header (ASCII case-insensitive, surrounding spaces
 *  ignored), or -1. */
int csv_column(const csv *c, const char *name);
/** Field `col` of the current record (lent until the next csv_next), or NULL when col < 0
 *  or the record is shorter. */
const char *csv_get(const csv *c, int col);
/** Fields in the current record. */
size_t csv_count(const csv *c);
/** Line (1-based) where the current record starts, for messages. */
size_t csv_line(const csv *c);

#endif
