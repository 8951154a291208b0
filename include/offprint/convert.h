/* The conversion pipeline in one call: input bytes or a file -> sniff -> parse -> reader mode
 * -> metadata overrides -> language -> links policy -> PDF, EPUB or a text export, written
 * atomically to a file or handed back in memory. The offprint command and batch runners are
 * front ends of this header; the stages stay callable on their own (parse.h, extract.h,
 * pdf.h, epub.h, export.h).
 *
 * Threads: a conversion shares nothing mutable with another. Several threads may call
 * op_convert at once, each with its own op_convert_opts (or one read-only copy whose
 * pointers lead to nothing mutable), its own op_diag and its own output. The --keep/--drop
 * selectors (op_selector) may be shared once built. Call op_init() once before starting
 * threads. */
#ifndef OFFPRINT_CONVERT_H
#define OFFPRINT_CONVERT_H

#include "doc.h"
#include "epub.h"
#include "extract.h"
#include "fetch.h"
#include "parse.h"
#include "pdf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Reading one input into a model ---- */

/** Parses, extracts and builds in one call (op_page_parse, op_extract, op_page_to_doc in
 *  extract.h): `len` bytes in, the article's document out in *out, which the caller frees
 *  with op_doc_free. `popts` (format, name, limits, diag) and `xopts` (explain, --keep,
 *  --drop) may be NULL; both are read during the call only. On failure *out is NULL and
 *  the reason went to popts->diag (OP_ERR_LIMIT, OP_ERR_PARSE, OP_ERR_UNSUPPORTED). Never
 *  crashes on any byte string. */
op_status op_read(const char *data, size_t len, const op_parse_opts *popts,
                  const op_extract_opts *xopts, op_doc **out);

/* What a conversion writes. */
typedef enum op_output_format {
    OP_OUT_PDF = 0,
    OP_OUT_EPUB,
    OP_OUT_TXT, /* the article's plain text (op_doc_text_new) */
    OP_OUT_MD,  /* Markdown with YAML front matter (op_doc_markdown_new) */
    OP_OUT_HTML /* a standalone HTML5 page (op_doc_html_new) */
} op_output_format;

/* Text exports: no pages, no fonts; they show the document as the page declares it. */
#define OP_OUT_IS_TEXT(f) ((f) == OP_OUT_TXT || (f) == OP_OUT_MD || (f) == OP_OUT_HTML)

/** "pdf", "epub", "txt"/"text", "md"/"markdown", "html" (case-insensitive) -> the format;
 *  -1 for anything else. */
int op_output_format_from_name(const char *name);
/** The file name extension of a format, with its dot: ".pdf", ".epub", ".txt", ".md",
 *  ".html" (a static string). */
const char *op_output_format_ext(op_output_format f);

/** The output path offprint uses for `input` when none is given: the input's name with the
 *  format's extension (page.html -> page.pdf; "-" -> stdin.pdf), in `dir` when it is not
 *  NULL (only the input's file name is kept), else beside the input. An output that would
 *  be the input itself (page.html --to html) becomes page.offprint.html. Returns a new
 *  string; the caller frees it with op_free. */
char *op_output_path_new(const char *input, op_output_format to, const char *dir);

/** The output path for an input fetched from `url`: a file name from `title` (may be NULL)
 *  or else from the URL's last path segment, else its host ("example-org"): safe for any
 *  file system (no '/', no control or shell-special characters, no leading dot, at most 80
 *  bytes, UTF-8 letters kept), with the format's extension, in `dir` (NULL = the current
 *  folder). New string (op_free). */
char *op_output_path_for_url_new(const char *url, const char *title, op_output_format to,
                                 const char *dir);

/* One input of a conversion: a file, standard input, or bytes in memory. */
typedef struct op_input {
    const char *path; /* file to read; "-" = standard input; an http:// or https:// URL (fetched
                         with op_convert_opts.fetcher); NULL when `data` is given */
    const char *data; /* the input's bytes when path is NULL (lent for the call) */
    size_t len;
    const char *name;        /* with `data`: names the input in messages and locates relative
                                images (a file name, may be NULL = the current folder) */
    const char *const *meta; /* NULL, or OP_META_FIELD_COUNT strings (NULL = none), lent for
                                the call: what an archive knows about the article, filling
                                each field the page leaves unset (before --title etc.) */
} op_input;

/* Called as each input starts (for progress lines or --explain headers); may be NULL. */
typedef void (*op_input_fn)(void *ud, size_t index, const op_input *in);

/* How to convert. Zero-initialise, then set what differs from the defaults. */
typedef struct op_convert_opts {
    op_output_format to; /* 0 = PDF */
    op_format from;      /* 0 = sniff each input */
    const char *title;   /* overrides the article's title; with several inputs, the book's */
    const char *author;  /* overrides every article's author */
    const char *lang;    /* overrides every article's language (BCP 47) */
    op_links_mode links; /* how link URLs appear; FOOTNOTE becomes ENDNOTE in text exports */
    int no_lang_guess;   /* PDF and EPUB: do not guess the language of pages that declare
                            none (the guess is told as a note) */
    int allow_empty;     /* accept an input with no article text (an empty model); by
                            default it fails with OP_ERR_NO_ARTICLE: a blank PDF helps nobody */
    const op_extract_opts *extract; /* reader mode: explain, --keep/--drop; may be NULL */
    op_pdf_opts pdf;   /* PDF writer options (its diag and title are set by op_convert) */
    op_epub_opts epub; /* EPUB writer options (its diag and title are set by op_convert) */
    op_diag *diag;     /* messages of every stage, each naming its input or output file;
                          may be NULL */
    op_input_fn on_input;
    void *on_input_ud;
    /* Fetching (fetch.h). Without a fetcher nothing is fetched: a URL input fails and http(s)
     * images keep their alt text. */
    op_fetcher *fetcher;  /* fetches URL inputs and their images; may be shared by threads */
    int fetch_images;     /* local inputs' http(s) images are fetched too (--fetch); a URL
                             input's always are */
    const char *base_url; /* where local inputs and standard input came from (--base-url):
                             op_parse_opts.base_url */
    size_t max_input;     /* input size limit in bytes, also once gzip-decompressed (--max-input):
                             op_parse_opts.max_size; 0 = OP_PARSE_MAX_SIZE_DEFAULT */
    int max_depth;        /* nesting kept in the model (--max-depth): op_parse_opts.max_depth;
                             0 = OP_PARSE_MAX_DEPTH_DEFAULT */
    op_timings *timings;  /* may be NULL; every stage of the conversion adds its wall-clock
                             time to it (offprint.h), for inputs that fail too */
    size_t max_elements;  /* elements of one HTML page (--max-elements):
                             op_parse_opts.max_elements; 0 = OP_PARSE_MAX_ELEMENTS_DEFAULT */
    int book;             /* EPUB, PDF: a book even of one input (its title `title`, a title
                             page and contents), as several inputs make */
    void *reserved[1];
} op_convert_opts;

/* One conversion: one input into one output, or (EPUB and PDF) several inputs into one book. */
typedef struct op_job {
    const op_input *inputs; /* ninputs >= 1 */
    size_t ninputs;         /* > 1 only with EPUB and PDF: one book, one article per input */
    const char *output;     /* path to write; NULL = into memory (out_data) */
    /* results */
    char *out_data;          /* output NULL: the whole file, a new buffer (op_free) */
    size_t out_len;          /* its length */
    op_status *input_status; /* optional, ninputs entries: each input's own result */
    size_t nconverted;       /* inputs that made it into the output */
} op_job;

/** Runs the whole pipeline for `job` with `opts` (NULL = defaults). Every input is read,
 *  parsed and reduced to its article; a book leaves out inputs that fail (each reported,
 *  input_status set) and is written when at least one is left. The output is written to a
 *  temporary file beside job->output, flushed and renamed into place, so a failure never
 *  leaves a half-written or truncated file behind; a character device, FIFO or socket
 *  (/dev/null, a pipe) is written straight through; a symbolic link is followed and the
 *  link kept. With job->output NULL the file is handed back in job->out_data.
 *  Returns OP_OK when the output was written (possibly without some book inputs), else the
 *  first failure: the input's status (OP_ERR_IO unreadable, OP_ERR_LIMIT too large,
 *  OP_ERR_PARSE...), OP_ERR_FONT / OP_ERR_SETUP when fonts or styles are missing,
 *  OP_ERR_IO when the output cannot be written, OP_ERR_USAGE for a job that makes no
 *  sense (no input, several inputs into a text export). */
op_status op_convert(op_job *job, const op_convert_opts *opts);

/** The reading half of op_convert, for callers that want the model: reads, parses and
 *  extracts `in` and applies the overrides, the language guess (only when opts->to is PDF
 *  or EPUB and opts->no_lang_guess is 0) and the links policy. `in_book` says the article
 *  goes into a book of several (its --title is the book's, not the article's). The new
 *  document goes to *out (op_doc_free); NULL on failure, reported to opts->diag. */
op_status op_convert_load(const op_input *in, const op_convert_opts *opts, int in_book,
                          op_doc **out);

/** The writing half: `docs` (ndocs >= 1; several only for EPUB and PDF) to `output` as op_convert
 *  writes it (atomic file, or memory when output is NULL: *data and *len, op_free). */
op_status op_convert_write(const op_doc *const *docs, size_t ndocs, const char *output,
                           const op_convert_opts *opts, char **data, size_t *len);

/** For a SIGINT/SIGTERM handler: removes the temporary files of the conversions writing
 *  right now (the outputs they would have replaced stay as they were). Async-signal-safe;
 *  the library installs no handler itself. The process is expected to end afterwards. */
void op_convert_remove_temps(void);

#ifdef __cplusplus
}
#endif
#endif
