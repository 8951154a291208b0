/* Core helpers shared by every module: checked allocation, the arena, growable
 * buffers with a size cap, UTF-8 utilities, file and path helpers.
 * No third-party includes here. */
#ifndef OP_CORE_H
#define OP_CORE_H

#include "offprint/offprint.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ---- allocation: abort with a message on OOM, so other error paths stay meaningful ---- */
void *op_malloc(size_t n);
void *op_calloc(size_t count, size_t size);
void *op_realloc(void *p, size_t n);
char *op_strdup(const char *s);
char *op_strndup(const char *s, size_t n);

#define OP_TRY(expr)                                                                               \
    do {                                                                                           \
        st = (expr);                                                                               \
        if (st != OP_OK)                                                                           \
            goto out;                                                                              \
    } while (0)

/* ---- arena: bump allocator; everything freed at once ---- */
typedef struct op_arena op_arena;
op_arena *op_arena_new(void);
void op_arena_free(op_arena *a);
void *op_arena_alloc(op_arena *a, size_t n); /* zeroed, 16-byte aligned */
char *op_arena_strndup(op_arena *a, const char *s, size_t n);
size_t op_arena_used(const op_arena *a);

/* ---- stage timings (timing.c) ---- */
/* A moment: seconds on a monotonic clock and on the calling thread's CPU clock (only
 * differences mean anything). */
typedef struct op_tick {
    double wall, cpu;
} op_tick;
op_tick op_clock_now(void);
/** Adds the time since `since` (an op_clock_now value) to stage `s` of `t` (t may be NULL:
 *  nothing is added); returns the clock's value now, the start of the next stage. */
op_tick op_timings_add(op_timings *t, op_stage s, op_tick since);

/* ---- FNV-1a, 64-bit: a fast hash for sets and cache names (not for security) ---- */
#define OP_FNV64_INIT 0xcbf29ce484222325ULL
/** One byte folded into an FNV-1a hash started at OP_FNV64_INIT. */
static inline uint64_t op_fnv64_step(uint64_t h, unsigned char c)
{
    return (h ^ c) * 0x100000001b3ULL;
}
/** FNV-1a of len bytes. */
static inline uint64_t op_fnv64(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = OP_FNV64_INIT;
    for (size_t i = 0; i < len; i++)
        h = op_fnv64_step(h, p[i]);
    return h;
}

/* ---- growable byte buffer with a cap (curl dynbuf) ---- */
typedef struct op_buf {
    char *data; /* always NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
    size_t max; /* 0 = unlimited; appends past it fail with OP_ERR_LIMIT */
} op_buf;

void op_buf_init(op_buf *b, size_t max);
void op_buf_free(op_buf *b);
void op_buf_reset(op_buf *b);
op_status op_buf_add(op_buf *b, const void *p, size_t n);
op_status op_buf_adds(op_buf *b, const char *s);
op_status op_buf_addc(op_buf *b, char c);
op_status op_buf_printf(op_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/** Hands the data to the caller (free with op_free) and resets the buffer. */
char *op_buf_detach(op_buf *b, size_t *len);

/* ---- UTF-8 ---- */
/** Decodes one code point at s[*i] (advancing *i); invalid bytes give 0xFFFD and advance 1. */
uint32_t op_utf8_next(const char *s, size_t len, size_t *i);
/** The length of the run of ASCII bytes (below 0x80) at the start of s[0..len). */
size_t op_ascii_span(const char *s, size_t len);
/** The length of the run of printable ASCII bytes (0x20-0x7E) at the start of s[0..len). */
size_t op_printable_span(const char *s, size_t len);
/** Encodes cp into out (4 bytes room); returns byte count. */
int op_utf8_encode(uint32_t cp, char *out);
/** 1 when s[0..len) is valid UTF-8 (no surrogates, no overlongs). */
int op_utf8_valid(const char *s, size_t len);
/** Appends s to b with invalid sequences replaced by U+FFFD and NUL/C0 controls other than
 *  \t \n \r dropped. */
op_status op_utf8_sanitize(op_buf *b, const char *s, size_t len);
/** Bytes of a space at s[i]: an ASCII space, or a no-break, thin or narrow no-break space
 *  (U+00A0, U+2009, U+202F, as typeset dates and datelines have); 0 when there is none. */
size_t op_utf8_space_at(const char *s, size_t len, size_t i);
/** The URL as a reader wants to see it: each %XX run that encodes a UTF-8 character beyond
 *  ASCII is shown as that character (.../post/39926056-%E6%96%B0... -> .../post/39926056-新...);
 *  ASCII escapes (%20, %2F), sequences that are no UTF-8, and invisible or direction-changing
 *  characters stay encoded. For display only: links keep the exact URL. New string, op_free. */
char *op_url_display_new(const char *url);

/* ---- files and paths ---- */
/** Reads a whole file into *out (NUL-terminated, caller frees with op_free). Fails with
 *  OP_ERR_LIMIT past max bytes (0 = unlimited), OP_ERR_IO otherwise. */
op_status op_file_read(const char *path, size_t max, char **out, size_t *len);
/** Reads a whole stream (stdin). Same contract. */
op_status op_stream_read(void *fp, size_t max, char **out, size_t *len);
/** 1 when the bytes start as a gzip file does (1F 8B, deflate). */
int op_is_gzip(const char *data, size_t len);
/** Decompresses gzip data (one member or several in a row) into *out (NUL-terminated, caller
 *  frees with op_free; *outlen bytes). OP_ERR_LIMIT past max bytes out (0 = unlimited),
 *  OP_ERR_PARSE for corrupt or truncated data; *out is then NULL. */
op_status op_gunzip_new(const char *data, size_t len, size_t max, char **out, size_t *outlen);
/** CRC-32 (as PNG chunks and gzip use) of n bytes. */
uint32_t op_crc32(const void *p, size_t n);
/** Inflates a zlib stream, handing the output to fn in pieces of at most `chunk` bytes; fn
 *  returns nonzero to stop. OP_OK only when the stream ended whole and fn never stopped;
 *  OP_ERR_PARSE for corrupt, truncated or stopped streams. */
op_status op_inflate_each(const void *z, size_t zlen, size_t chunk,
                          int (*fn)(void *ud, const unsigned char *p, size_t n), void *ud);
/** A zlib stream deflated piece by piece (default level), into one buffer sized for
 *  total_in bytes of input at most; NULL when zlib cannot start. */
typedef struct op_deflater op_deflater;
op_deflater *op_deflater_new(size_t total_in);
/** Adds n bytes; `last` finishes the stream. Adding more than total_in fails. */
op_status op_deflater_add(op_deflater *d, const void *p, size_t n, int last);
/** Frees d and returns the stream (op_free; *len bytes), or NULL when a step failed or nothing
 *  was added. */
unsigned char *op_deflater_finish(op_deflater *d, size_t *len);
/** Directory part of path ("." when none). New string, caller frees. */
char *op_path_dirname(const char *path);
/** Joins dir and rel ("dir/rel"; rel returned as is when absolute). New string. */
char *op_path_join(const char *dir, const char *rel);
/** Extension after the last dot of the last component, lower-cased into out (max outsz). */
void op_path_ext(const char *path, char *out, size_t outsz);
/** Finds a data file: tries override dir, $OP_DATA_DIR, the source tree, the install
 *  prefix; `rel` like "styles/default.css". Returns a new string or NULL. */
char *op_data_find(const char *override_dir, const char *rel);

/* ---- dates ---- */
/* A calendar date read from text by op_date_read. */
typedef struct op_date {
    int year;         /* 0 when the text gives none (OP_DATE_NO_YEAR) */
    int month, day;   /* 1..12, 1..31 */
    size_t len;       /* bytes the date took, its time included */
    const char *time; /* ISO forms: the time after 'T' or a space ("08:00:00-05:00"), at most
                         30 bytes, lent from the text; NULL when none */
    size_t time_len;
} op_date;

/* The forms op_date_read accepts (a caller names the ones its text may hold). Month names are
 * words of 3 to 9 letters whose first three name a month ("Nov", "Sept", "November", "Juni"),
 * a '.' may follow them; spaces may be no-break or thin spaces; a year has four digits. */
#define OP_DATE_ISO       1u  /* 2019-11-19, 2019-11-19T08:00:00-05:00, 2019-11-19 08:00 */
#define OP_DATE_NUMERIC   2u  /* 2019/11/19 (a time kept too) and 11/19/2019 (US order) */
#define OP_DATE_MONTH_DAY 4u  /* Nov. 19, 2019 / November 19 2019 */
#define OP_DATE_DAY_MONTH 8u  /* 19 November 2019 / 19. Nov. 2019 / 19 November, 2019 */
#define OP_DATE_NO_YEAR   16u /* with MONTH_DAY: "Nov. 19" alone is a date too (year 0) */
#define OP_DATE_YEAR2     32u /* a two-digit year too: 50-99 = 19xx, else 20xx (RFC 822 mail) */
#define OP_DATE_ANY       (OP_DATE_ISO | OP_DATE_NUMERIC | OP_DATE_MONTH_DAY | OP_DATE_DAY_MONTH)

/** Reads a date of one of `forms` at the very start of s[0..len) (no white space skipped;
 *  what follows the date is not looked at, except that numbers end where digits do).
 *  Returns 1 and fills *d, or 0 (then *d is zeroed). Month 1..12 and day 1..31 are checked,
 *  not the length of the month. */
int op_date_read(const char *s, size_t len, unsigned forms, op_date *d);
/** Writes an ISO 8601 date ("2022-11-03", "2022-11-03T09:00Z") as "3 November 2022" into
 *  out; anything else is copied as it is (truncated to outsz). */
void op_date_display(const char *iso, char *out, size_t outsz);
/** Reads a timestamp as archives write them into Unix seconds (UTC) at *out: Unix seconds
 *  ("1528207224"; 12-13 digits are milliseconds), ISO 8601 with an optional time and zone
 *  ("2023-01-12T10:20:30+0100", "2024-01-05 10:11:12+00:00", "2023-04-05T10:11:12.345Z",
 *  no zone = UTC) or RFC 822 ("Tue, 03 Jun 2003 09:39:21 GMT", "3 Jun 03 09:39 -0700").
 *  Surrounding white space is ignored, anything else after it is not. Returns 1, or 0 with
 *  *out = -1. (timestamp.c) */
int op_date_unix(const char *s, size_t len, int64_t *out);

/* ---- localised labels (labels.c) ---- */
typedef enum op_label {
    OP_LABEL_CONTENTS = 0, /* EPUB nav heading, PDF --toc page heading */
    OP_LABEL_LANDMARKS,
    OP_LABEL_COVER,
    OP_LABEL_TOC,   /* landmark to the table of contents */
    OP_LABEL_START, /* landmark to the body matter */
    OP_LABEL_MORE,  /* printf format of a bundle's default title: "%s and %d more" */
    OP_LABEL_COUNT
} op_label;
/** 1 when lang is a well-formed BCP 47 tag as far as we check (alpha primary subtag of 2-8
 *  letters, then subtags of 1-8 letters or digits). */
int op_lang_valid(const char *lang);
/** lang as a valid BCP 47 tag into out ("en_US" -> "en-US"), or "" when it is not one (or
 *  does not fit). */
void op_lang_tag(const char *lang, char *out, size_t outsz);
/** Primary subtag of a BCP 47 tag in lower case into out ("ko-KR" -> "ko"; NULL -> ""). */
void op_lang_primary(const char *lang, char *out, size_t outsz);
/** 1 when lang is written right to left (ar, fa, he, ur, yi...). */
int op_lang_rtl(const char *lang);
/** The label in the language (en, de, fr, es, it, pt, nl, ko, ru, ja, zh; English
 *  otherwise), matched on the primary subtag. Static string. */
const char *op_label_text(const char *lang, op_label which);

/* ---- diag helpers ---- */
/** The message for errno value `err` in buf (thread-safe, unlike strerror); returns buf. */
const char *op_errno_str(int err, char *buf, size_t n);
/** A byte count for messages in buf: "64 MB" and "512 KB" for whole multiples, else
 *  "1.4 MB", "4.6 KB" (one decimal) or "1000 bytes"; returns buf. */
const char *op_size_str(size_t bytes, char *buf, size_t n);
void op_diag_vreport(op_diag *d, op_severity sev, const char *file, int line, const char *fmt,
                     va_list ap);

#endif
