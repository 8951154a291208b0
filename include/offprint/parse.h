/* The parse stage's options: which format an input is (named, or sniffed from its name and
 * bytes) and the limits on it. The stage itself runs in op_page_parse (extract.h): HTML
 * through libgumbo into a libxml2 tree, a plain-text article dump into lines, Markdown
 * (md4c) straight into a document, as front matter is not reader mode. op_read (convert.h)
 * runs parse, extract and build in one call.
 *
 * Threads: nothing here is shared or global. Each job fills its own op_parse_opts (or reads
 * one that no thread changes) and owns its op_diag; the strings it points to only need to
 * live for the op_page_parse call, the diag for as long as the page. */
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

/** What input bytes are when they are no article, told by their first bytes whatever the
 *  file's name: "a PDF document", "a Word document", "an EPUB book", "a ZIP archive", "a PNG
 *  image", "a gzip-compressed file", "binary data" (NUL bytes or control characters) and
 *  the like, a static string; NULL when they may be text (HTML, Markdown, plain text, UTF-16
 *  with its byte order mark). The parse stage decompresses gzip before asking. */
const char *op_sniff_binary(const char *data, size_t len);

#define OP_PARSE_MAX_SIZE_DEFAULT     ((size_t)64 * 1024 * 1024)
#define OP_PARSE_MAX_DEPTH_DEFAULT    256
#define OP_PARSE_MAX_ELEMENTS_DEFAULT ((size_t)500000)

typedef struct op_parse_opts {
    op_format format;     /* OP_FORMAT_AUTO (0) = sniff */
    const char *filename; /* for messages and the base folder; NULL for stdin */
    const char *base_dir; /* folder for relative image paths; NULL = filename's folder, or cwd */
    size_t max_size;      /* input bytes; 0 = OP_PARSE_MAX_SIZE_DEFAULT */
    int max_depth; /* tree depth; 0 = OP_PARSE_MAX_DEPTH_DEFAULT (deeper content is flattened) */
    op_diag *diag; /* may be NULL; lent: it must outlive the op_page */
    /* Where the bytes came from (copied by op_page_parse). A page's own <base href> applies
     * on top of either URL. */
    const char *url;      /* fetched from this URL (after redirects): every reference in the page
                             resolves against it, none against local files (file: and other
                             schemes are dropped) */
    const char *base_url; /* a local file's or standard input's site (--base-url): links and
                             root-relative images ("/img/a.png") resolve against it, a file's
                             relative images against its folder (standard input's against the
                             URL). Without url or base_url, the page's <base href>, canonical
                             link or og:url stands in; without any, as before (folder, then the
                             path as given) */
    const char *charset;  /* the transport's charset (HTTP Content-Type), used when the bytes
                             declare none (no BOM, no <meta charset>); NULL = none */
    op_timings *timings;  /* may be NULL; the decode and tree stages add to it (lent) */
    size_t max_elements;  /* HTML start tags (elements) in the page: more fails with
                             OP_ERR_LIMIT before the tree is built; 0 =
                             OP_PARSE_MAX_ELEMENTS_DEFAULT */
    void *reserved[2];
} op_parse_opts;

#ifdef __cplusplus
}
#endif
#endif
