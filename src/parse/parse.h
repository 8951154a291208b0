/* Helpers the parsers share: input preparation (size limit, charset), diagnostics with
 * the file name, resolution of image paths and link URLs, the last checks on a model. */
#ifndef OP_PARSE_PARSE_H
#define OP_PARSE_PARSE_H

#include "offprint/parse.h"

/** Reports through opts->diag (may be NULL) with opts->filename. */
void parse_report(const op_parse_opts *opts, op_severity sev, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/** opts->max_size or the default. */
size_t parse_max_size(const op_parse_opts *opts);

/** OP_ERR_LIMIT (reported) when `len` bytes are over opts->max_size (or the default). */
op_status parse_check_size(size_t len, const op_parse_opts *opts);

/** Checks the size limit, then converts to valid UTF-8 (`html`: honour <meta charset>).
 *  *utf8 is new (op_free). OP_ERR_LIMIT (reported) when the input is too big. */
op_status parse_prepare(const char *data, size_t len, const op_parse_opts *opts, int html,
                        char **utf8, size_t *ulen);

/** opts->max_depth or the default. */
int parse_max_depth(const op_parse_opts *opts);

/** Absolute folder for relative image paths: opts->base_dir, the input's folder, or cwd.
 *  New string (op_free). */
char *parse_base_dir_new(const op_parse_opts *opts);

/** Image source -> absolute filesystem path (relative paths and file:// URLs, percent-decoded,
 *  query dropped), or the URL as given for http(s) and data:. NULL for empty sources and other
 *  schemes. New string (op_free). The same as parse_resolve_image_new with no page URL. */
char *parse_resolve_src_new(const char *base_dir, const char *src, size_t len);

/* Where a page's references resolve (op_parse_opts.url / base_url, a <base href>). */
typedef struct parse_base {
    const char *dir; /* absolute folder of a local page's relative images */
    const char *url; /* the page's absolute http(s) base URL, or NULL */
    int remote;      /* 1: the page came from `url`; nothing resolves to a local file */
    size_t *outside; /* counts local references refused: outside `dir`'s tree, absolute
                        paths, file: URLs (may be NULL) */
    int confine;     /* 1: a web page (HTML, text): local files only in `dir`'s tree; 0: the
                        user's own Markdown, which may name images anywhere */
} parse_base;

/** An image source resolved for a page at `b`: http(s) and data: as given; "//host/x" with
 *  the base URL's scheme (https without one); with b->remote everything else against b->url
 *  (file: and other schemes: NULL); for a local page a root-relative "/x" against b->url when
 *  there is one (never this machine's root), other relative sources to local paths inside
 *  b->dir's folder tree (after "..", and symbolic links of files that exist) when b->confine:
 *  a page reads only files beside it and below; absolute paths without a URL, file: URLs and
 *  escapes give NULL and count in *b->outside. Without b->confine (Markdown) local paths and
 *  file: URLs resolve wherever they lead. New string (op_free) or NULL. */
char *parse_resolve_image_new(const parse_base *b, const char *src, size_t len);

/** The effective base URL of a page at `page_url` (absolute http(s), may be NULL) whose
 *  <base href> is `base_href` (may be NULL): the href resolved against the page, or either
 *  alone when it is absolute. NULL when neither gives an absolute http(s) URL. New string. */
char *parse_base_url_new(const char *page_url, const char *base_href);

/** Link href resolved against `base_url` (a <base href>) when that is absolute and the
 *  href is relative; otherwise the href as given. NULL for empty and javascript: hrefs. */
char *parse_resolve_href_new(const char *base_url, const char *href, size_t len);

/** The title heading `h`, just taken out of the tree, is kept as the doc's title node
 *  (op_doc_set_title_node) when it holds a link to somewhere (not a #fragment), so that
 *  link is not lost with it. */
void parse_keep_title_link(op_doc *doc, op_node *h);

/** Runs op_doc_check in debug builds, reporting violations as errors. Returns OP_OK. */
op_status parse_done(op_doc *doc, const op_parse_opts *opts);

#endif
