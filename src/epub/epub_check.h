/* Private interface of the EPUB preflight (op_epub_check in epub_check.c) and its zip reader
 * (epub_zipread.c, the libzip adapter for reading; epub_write.c is the one for writing). */
#ifndef OP_EPUB_CHECK_H
#define OP_EPUB_CHECK_H

#include "core/core.h"
#include "offprint/check.h"

#include <stdint.h>

/*** Zip reading (epub_zipread.c) ***/

typedef struct epub_zr epub_zr;

typedef struct epub_zr_entry {
    const char *name; /* lent: valid while the archive is open */
    uint64_t size;    /* uncompressed size as declared in the central directory */
    uint64_t comp_size;
    int stored; /* 1 when the method is "stored" (no compression) */
} epub_zr_entry;

/** Opens the zip at `path` read-only into *out (close with epub_zr_close). On failure writes
 *  a reason into err (errsz bytes) and returns OP_ERR_IO (unreadable) or OP_ERR_PARSE (not a
 *  zip, or a damaged one). */
op_status epub_zr_open(const char *path, epub_zr **out, char *err, size_t errsz);
/** Number of entries in the central directory. */
long epub_zr_count(const epub_zr *z);
/** Fills *e for entry i. Returns 0, or -1 when the entry cannot be described. */
int epub_zr_stat(epub_zr *z, long i, epub_zr_entry *e);
/** Reads entry i into a new NUL-terminated buffer (op_free), at most `max` bytes, whatever
 *  size the archive declares (zip bombs stop there): OP_ERR_LIMIT when it is larger,
 *  OP_ERR_PARSE when the data is damaged (bad CRC, bad deflate stream). */
op_status epub_zr_read(epub_zr *z, long i, size_t max, char **data, size_t *len);
/** Reads the first bytes of entry i (at most n) into buf; *got is how many. Returns OP_OK, or
 *  OP_ERR_PARSE when the entry cannot be read. */
op_status epub_zr_read_head(epub_zr *z, long i, void *buf, size_t n, size_t *got);
void epub_zr_close(epub_zr *z);

#endif
