/* offprint: articles to paginated PDF and EPUB 3.
 * Umbrella header: version, status codes and the diagnostics sink every
 * module reports through. Library code never prints; it reports to op_diag.
 *
 * Ownership words, the same in every header: a function whose name says new, load or dup
 * (op_doc_new, op_style_load, op_node_text_new) hands the caller something to free, with
 * the function its comment names (op_free for strings and buffers); get, root, lookup and
 * "lent" results belong to another object and stay valid as long as it lives and is not
 * changed. Strings and nodes a document makes are its own (its arena): they go with
 * op_doc_free and are never passed to op_free (op_doc_strdup is the one "dup" of that kind).
 *
 * Threads: call op_init() once before starting threads. Besides that the library keeps no
 * global state that changes, so objects are either per job (op_doc while it is built or
 * changed, op_diag, op_iter: one thread at a time) or immutable once made (a parsed
 * op_style, a built op_selector, a document nobody changes any more) and then may be read
 * by any number of threads at once. Each header says which of its types is which. */
#ifndef OFFPRINT_OFFPRINT_H
#define OFFPRINT_OFFPRINT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OP_VERSION_STRING "0.1.0"

/* One status enum for the whole library. Never renumber a value. */
typedef enum op_status {
    OP_OK = 0,
    OP_ERR_NOMEM = 1,       /* allocation failed (normally op_malloc aborts) */
    OP_ERR_IO = 2,          /* a file could not be read or written */
    OP_ERR_PARSE = 3,       /* the input is not what it claims to be */
    OP_ERR_UNSUPPORTED = 4, /* a format or feature we do not handle */
    OP_ERR_LIMIT = 5,       /* a size or depth limit was hit */
    OP_ERR_FONT = 6,        /* fonts missing or unusable (setup problem) */
    OP_ERR_PDF = 7,         /* the PDF writer failed */
    OP_ERR_EPUB = 8,        /* the EPUB writer failed */
    OP_ERR_USAGE = 9,       /* bad options passed by the caller */
    OP_ERR_SETUP = 10,      /* data files (styles, fonts config) missing */
    OP_ERR_NETWORK = 11,   /* a URL could not be fetched (DNS, refused, timeout, TLS, HTTP error) */
    OP_ERR_NO_ARTICLE = 12 /* the input holds no article text (an empty page, a login wall, an
                              app shell that shows its text only with JavaScript) */
} op_status;

/** Returns a static, human-readable name for a status ("out of memory", ...): never
 *  freed, thread-safe. */
const char *op_status_str(op_status st);

/* NOTE: worth telling (a dictionary missing, statistics asked for); INFO: no news, a detail
 * front ends show only when asked for more (the language guessed for a page: -v). */
typedef enum op_severity {
    OP_SEV_NOTE = 0,
    OP_SEV_WARNING = 1,
    OP_SEV_ERROR = 2,
    OP_SEV_INFO = 3
} op_severity;

/* A diagnostics sink. The caller fills it in (all zero is valid: messages are
 * counted and dropped). `file` may be NULL, `line` is 0 when unknown; `msg` and `file` are
 * lent for the call only. One sink per job: op_diag_report bumps the counters without a
 * lock and calls fn on the reporting thread, so conversions that run at once each get
 * their own sink; fn must be safe to run on a worker thread. */
typedef void (*op_diag_fn)(void *ud, op_severity sev, const char *file, int line, const char *msg);

typedef struct op_diag {
    op_diag_fn fn;
    void *ud;
    const char *file; /* default file name used by op_diag_report when file is NULL */
    int warnings;     /* counters, incremented by op_diag_report */
    int errors;
} op_diag;

/** Formats a message and passes it to d->fn (if set); counts it. `d` may be NULL. Not
 *  thread-safe for one `d` (see op_diag). */
void op_diag_report(op_diag *d, op_severity sev, const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/** Guesses the language of `text` (UTF-8; the first 8 KB are read) for a document that
 *  declares none: a BCP 47 tag ("en", "de", "ko", ...) from the script (Korean, Japanese,
 *  Chinese, Greek, Hebrew, Arabic, Thai) or, for Latin and Cyrillic text, from the share
 *  of 17 languages' function words; NULL when the text is too short or no language
 *  stands out. The tag is a static string. Thread-safe. */
const char *op_lang_guess(const char *text, size_t len);
/** For a document that declares `declared` (a BCP 47 tag) in a language of the guesser's
 *  word lists: the language its text is clearly in instead (what op_lang_guess finds, while
 *  under 8% of the words, and a quarter of that language's share, are function words of the
 *  declared language: a page template's lang="en" around a German article), else NULL. A
 *  static string. Thread-safe. */
const char *op_lang_recheck(const char *text, size_t len, const char *declared);

/* Where a conversion's time goes (offprint --timings), in pipeline order. */
typedef enum op_stage {
    OP_STAGE_READ = 0, /* the input's bytes: a file, standard input or a fetch */
    OP_STAGE_DECODE,   /* gzip, sniffing the format, the conversion to UTF-8 */
    OP_STAGE_TREE,     /* HTML -> its tree; a text dump -> lines; Markdown -> the model */
    OP_STAGE_EXTRACT,  /* reader mode: the article and its metadata */
    OP_STAGE_MODEL,    /* the model from what reader mode chose, overrides, language, links */
    OP_STAGE_SETUP,    /* PDF: fonts and the theme a call loads itself (none when lent) */
    OP_STAGE_LAYOUT,   /* PDF: lines and pages */
    OP_STAGE_PDF,      /* PDF: drawing, font subsets, images, the file's bytes */
    OP_STAGE_EPUB,     /* EPUB: the whole book */
    OP_STAGE_EXPORT,   /* text, Markdown or HTML export */
    OP_STAGE_SAVE,     /* writing the output file */
    OP_STAGE_COUNT
} op_stage;

/* Time per stage. The caller zero-initialises one and lends it to a conversion
 * (op_convert_opts.timings; op_parse_opts and op_pdf_opts take it too), which adds to it:
 * several conversions may sum into one. One job at a time (no lock). */
typedef struct op_timings {
    double seconds[OP_STAGE_COUNT];     /* wall-clock time */
    double cpu_seconds[OP_STAGE_COUNT]; /* CPU time of the converting thread: what other
                                           processes on a busy machine do not change much */
    size_t bytes; /* input bytes parsed (after decompression), summed like the times */
} op_timings;

/** The stage's short name: "read", "decode", "tree", "extract", "model", "setup",
 *  "layout", "pdf", "epub", "export", "save" (a static string; NULL out of range). */
const char *op_stage_name(op_stage s);

/** Sets up the libraries offprint uses that keep process-wide state (libxml2). Call it once
 *  from the main thread before starting threads that use offprint; it is idempotent and
 *  thread-safe (pthread_once), so a second call does nothing. Every entry point that needs
 *  it runs the same once-function, so a single-threaded caller may skip op_init(). There
 *  is no matching cleanup: the state lives until the process exits. */
void op_init(void);

/** Frees memory the library handed out with the "new"/"load"/"dup" words when their
 *  comment says op_free (strings, buffers), from any thread. NULL is a no-op. Never for
 *  strings a document owns (op_doc_strdup, getters). */
void op_free(void *p);

#ifdef __cplusplus
}
#endif
#endif
