/* EPUB preflight: `offprint check FILE.epub`. Reads any EPUB (offprint's own or from elsewhere)
 * and reports what would make stores and readers reject it, one diagnostic per problem.
 * Ownership: nothing is handed out; the caller owns opts, diag and counts.
 * Threads: op_epub_check keeps no state between calls, so several threads may check books
 * at once, each with its own diag and counts (op_init() first, see offprint.h). */
#ifndef OFFPRINT_CHECK_H
#define OFFPRINT_CHECK_H

#include "offprint.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OP_CHECK_MAX_SIZE_DEFAULT  ((uint64_t)50 * 1024 * 1024) /* Send-to-Kindle's limit */
#define OP_CHECK_MAX_IMAGE_DEFAULT ((uint64_t)10 * 1024 * 1024)

typedef struct op_check_opts {
    uint64_t max_size;  /* warn when the .epub file is larger; 0 = OP_CHECK_MAX_SIZE_DEFAULT */
    uint64_t max_image; /* warn for single images larger; 0 = OP_CHECK_MAX_IMAGE_DEFAULT */
    void *reserved[4];
} op_check_opts;

typedef struct op_check_counts {
    int errors;   /* problems that make stores or readers reject the book */
    int warnings; /* problems some stores or readers complain about */
} op_check_counts;

/** Checks the EPUB at `path`. Each problem goes to `diag` (may be NULL) as one message
 *  "RULE-ID: message (entry)", with file = `path` (or diag->file when set) and severity
 *  error or warning; rule ids are stable (see the table in src/epub/epub_check.c). The counts
 *  are stored in *counts. Returns OP_OK whenever the check ran, including for files that are
 *  unreadable or not a zip (rule zip-unreadable, one error); OP_ERR_USAGE when `path` or
 *  `counts` is NULL. Never modifies the file; hostile archives are read with size caps.
 *  `path`, `opts` and `diag` are only used during the call. */
op_status op_epub_check(const char *path, const op_check_opts *opts, op_diag *diag,
                        op_check_counts *counts);

#ifdef __cplusplus
}
#endif
#endif
