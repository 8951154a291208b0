/* Reader mode and extracted-article output: the options that steer extraction (an explain
 * callback, --keep/--drop selectors). */
#ifndef OFFPRINT_EXTRACT_H
#define OFFPRINT_EXTRACT_H

#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Explain: why each candidate block was kept or dropped ---- */

/* One decision of the extractor. All strings are lent for the duration of the call. */
typedef struct op_explain_rec {
    int kept;          /* 1 kept, 0 dropped */
    const char *rule;  /* why: "hidden", "link density 0.72 > 0.5", "score 3.1 below 10", ... */
    const char *where; /* HTML: a short selector path "div#main > p.note"; text: "line 12" */
    const char *text;  /* the block's first ~60 characters, white space collapsed */
} op_explain_rec;

typedef void (*op_explain_fn)(void *ud, const op_explain_rec *rec);

/** Formats a record as one line (no newline): "dropped  hidden  div#x > p  \"text...\"".
 *  Returns a new NUL-terminated string; the caller frees it with op_free. */
char *op_explain_line_new(const op_explain_rec *rec);

/* ---- Selectors for --keep / --drop ---- */

/* A list of simple CSS selectors: compounds of tag, .class, #id, [attr], [attr=value]
 * (value bare or quoted), * ; lists separated by commas. No combinators. */
typedef struct op_selector op_selector;

/** New empty selector list (matches nothing). Free with op_selector_free. Never NULL. */
op_selector *op_selector_new(void);
void op_selector_free(op_selector *sel);
/** Parses `text` (a comma list) and appends it to `sel`. On a syntax error returns
 *  OP_ERR_USAGE, writes a one-line reason to err (when errsz > 0) and leaves sel as it was. */
op_status op_selector_add(op_selector *sel, const char *text, char *err, size_t errsz);
/** Number of compound selectors in the list. */
size_t op_selector_count(const op_selector *sel);

/* ---- Extraction options (op_parse_opts.extract; all zero = defaults) ---- */

typedef struct op_extract_opts {
    op_explain_fn explain; /* NULL = no explain records (no cost) */
    void *explain_ud;
    const op_selector *keep; /* HTML: never dropped, added to the article; may be NULL */
    const op_selector *drop; /* HTML: removed before scoring; may be NULL */
    void *reserved[4];
} op_extract_opts;

#ifdef __cplusplus
}
#endif
#endif
