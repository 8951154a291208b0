/* The reading stages, in the order a pipeline calls them on one input: op_page_parse (the
 * parse stage: bytes -> an HTML page's libxml2 tree, a text dump's lines, or a Markdown
 * model), op_extract (reader mode: which part is the article, and its metadata) and
 * op_page_to_doc (the document model, built from what reader mode chose); then the back
 * ends take the op_doc. op_read (convert.h) runs the three in one call. Also here: what
 * steers reader mode (an explain callback, --keep/--drop selectors).
 *
 * Threads: a page belongs to one job and is used by one thread at a time; jobs share
 * nothing mutable. Each job owns its op_page and its op_diag (op_parse_opts.diag). An
 * op_selector list is read-only once built: any number of threads may use the same list
 * (through their own op_extract_opts, or one that nobody changes) while no thread adds to or
 * frees it. The explain callback runs on the thread that called op_extract or
 * op_page_to_doc; one that several jobs share must be safe for that. libxml2's process-wide
 * setup happens once, before the first page (offprint.h). */
#ifndef OFFPRINT_EXTRACT_H
#define OFFPRINT_EXTRACT_H

#include "doc.h"
#include "parse.h"

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

/* ---- Extraction options (op_extract; all zero = defaults) ---- */

typedef struct op_extract_opts {
    op_explain_fn explain; /* NULL = no explain records (no cost) */
    void *explain_ud;
    const op_selector *keep; /* HTML: never dropped, added to the article; may be NULL */
    const op_selector *drop; /* HTML: removed before scoring; may be NULL */
    void *reserved[4];
} op_extract_opts;

/* ---- The stages: parse, extract, build ---- */

/* One input on its way to a document: what parsing made of the bytes, then what reader mode
 * chose. Opaque. */
typedef struct op_page op_page;

/** The parse stage: sniffs the format (unless opts->format names one; opts may be NULL),
 *  checks opts->max_size, converts to UTF-8 and parses `len` bytes into a new page in *out,
 *  which the caller frees with op_page_free. The bytes are copied (data may go once this
 *  returns); opts->diag is lent and must outlive the page. On failure *out is NULL and the
 *  reason went to opts->diag: OP_ERR_LIMIT (too big), OP_ERR_PARSE (the HTML parser gave up),
 *  OP_ERR_UNSUPPORTED (no such format). Never crashes on any byte string. */
op_status op_page_parse(const char *data, size_t len, const op_parse_opts *opts, op_page **out);

/** The page's format, as named or sniffed (never OP_FORMAT_AUTO). */
op_format op_page_format(const op_page *page);

/** Reader mode on the page: which part is the article, and its metadata (title, authors,
 *  date, site, description, lead image, source URL, language). HTML: --drop and --keep,
 *  metadata from JSON-LD, meta tags and bylines, then the article scored and cleaned;
 *  text dumps: title, byline, dateline, wire credit, boilerplate, captions printed twice,
 *  headings; Markdown: nothing (its front matter is its metadata). `opts` may be NULL; it is
 *  read during the call, except that its explain callback and explain_ud are kept for
 *  op_page_to_doc (its title-block clean-up reports too). At most once per page, before
 *  op_page_to_doc: OP_ERR_USAGE otherwise. Fails only when a pass cannot parse (OP_ERR_PARSE);
 *  the page is then only good for op_page_free. */
op_status op_extract(op_page *page, const op_extract_opts *opts);

/** Builds the document from the page: the article op_extract chose, with its metadata, and
 *  the title, byline and dateline taken out of the text that the title block shows. Without
 *  op_extract: the whole page (an HTML page's <body>, every block of a text dump) and no
 *  metadata. The new document goes to *out (the caller frees it with op_doc_free); it
 *  shares nothing with the page, which is only good for op_page_free afterwards
 *  (OP_ERR_USAGE on a second call). */
op_status op_page_to_doc(op_page *page, op_doc **out);

/** Frees the page and everything it holds (NULL is fine). */
void op_page_free(op_page *page);

#ifdef __cplusplus
}
#endif
#endif
