/* Input parsers: bytes -> op_doc. HTML (libgumbo -> libxml2 tree -> model),
 * plain-text article dumps, and Markdown (md4c). Format chosen by sniffing. */
#ifndef OFFPRINT_PARSE_H
#define OFFPRINT_PARSE_H

#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum op_format {
    OP_FORMAT_AUTO = 0,
    OP_FORMAT_HTML,
    OP_FORMAT_TEXT,
    OP_FORMAT_MARKDOWN
} op_format;

/** Parses "html", "text"/"txt", "markdown"/"md"; returns OP_FORMAT_AUTO for anything else. */
op_format op_format_from_name(const char *name);
/** "html", "text", "markdown" ("auto" for OP_FORMAT_AUTO). */
const char *op_format_name(op_format f);

/** Guesses the format from the file name's extension, then the content.
 *  `filename` may be NULL (stdin). Never returns OP_FORMAT_AUTO. */
op_format op_sniff_format(const char *data, size_t len, const char *filename);

#define OP_PARSE_MAX_SIZE_DEFAULT  ((size_t)64 * 1024 * 1024)
#define OP_PARSE_MAX_DEPTH_DEFAULT 256

typedef struct op_parse_opts {
    op_format format;     /* OP_FORMAT_AUTO (0) = sniff */
    const char *filename; /* for messages and the base folder; NULL for stdin */
    const char *base_dir; /* folder for relative image paths; NULL = filename's folder, or cwd */
    size_t max_size;      /* input bytes; 0 = OP_PARSE_MAX_SIZE_DEFAULT */
    int max_depth; /* tree depth; 0 = OP_PARSE_MAX_DEPTH_DEFAULT (deeper content is flattened) */
    op_diag *diag; /* may be NULL */
    const struct op_extract_opts *extract; /* reader mode: explain, keep/drop (extract.h) */
    void *reserved[3];
} op_parse_opts;

/** Parses `len` bytes into a new document in *out (caller frees with op_doc_free).
 *  On failure *out is NULL and the reason was reported to opts->diag.
 *  Never crashes on any byte string; oversize input gives OP_ERR_LIMIT. */
op_status op_parse(const char *data, size_t len, const op_parse_opts *opts, op_doc **out);

op_status op_parse_html(const char *data, size_t len, const op_parse_opts *opts, op_doc **out);
op_status op_parse_text(const char *data, size_t len, const op_parse_opts *opts, op_doc **out);
op_status op_parse_markdown(const char *data, size_t len, const op_parse_opts *opts, op_doc **out);

#ifdef __cplusplus
}
#endif
#endif
