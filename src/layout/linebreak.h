/* Paragraph text for the PDF: styled spans collected from the model, split into code
 * points with a font each (fallback by coverage, one font per word, kerning), broken
 * into lines over ICU break opportunities (total fit for justified text, greedy first fit
 * for ragged text, character breaks as a last resort) and emitted as positioned text
 * runs, one per word, so justified lines need no word spacing. */
#ifndef OP_LAYOUT_LINEBREAK_H
#define OP_LAYOUT_LINEBREAK_H

#include "layout/box.h"
#include "layout/hyph.h"

typedef enum layout_align {
    LAYOUT_JUSTIFY = 0,
    LAYOUT_LEFT,
    LAYOUT_CENTER,
    LAYOUT_RIGHT
} layout_align;

typedef struct layout_span {
    uint8_t role;    /* font_role */
    float size;      /* points */
    float rise;      /* baseline shift upwards, points (sup > 0, sub < 0) */
    uint32_t rgb;    /* 0xRRGGBB */
    const char *url; /* link target (lent from the model) or NULL */
} layout_span;

typedef struct layout_span_at {
    size_t start; /* byte offset in text where the span begins */
    layout_span sp;
} layout_span_at;

typedef struct layout_atom layout_atom;

/* A glyph of a shaped cluster (layout_shape_runs): units of 1/1000 em of its span's size. */
typedef struct layout_glyph {
    uint32_t cp;       /* the code it is drawn by: its code point, or a layout_gmap code */
    int32_t adv, wadv; /* shaped advance; the advance the PDF's /W array gives it */
    int32_t dx, dy;    /* offset from the pen (marks); y up */
} layout_glyph;

typedef struct layout_para {
    op_buf text;
    layout_span_at *spans;
    size_t nspans, capspans;
    int preserve; /* code: keep spaces, expand tabs, newlines are line ends */
    int bidi;     /* atoms have bidi levels (right-to-left text) */
    int rtl;      /* the paragraph runs right to left: aligned and indented from the right */
    int col;      /* current column, for tab expansion */
    layout_atom *atoms;
    size_t natoms, capatoms;
    layout_glyph *glyphs; /* of the shaped clusters (atoms' glyph, nglyphs) */
    size_t nglyphs, capglyphs;
} layout_para;

/* Shared state of the text machinery while one document is laid out. */
typedef struct layout_textenv {
    const layout_metrics *m;
    op_diag *diag;
    const char *lang;
    layout_doc *doc; /* boxes and strings go here */
    uint32_t reported[64];
    int nreported;
    int unreported;    /* distinct missing code points beyond the first 64 */
    int rtl_reported;  /* unshaped right-to-left text (Arabic...) seen and reported */
    int rtl;           /* the document's language is written right to left */
    layout_hyph *hyph; /* hyphenation dictionaries (lent); NULL: body text is not hyphenated */
    int ragged;        /* body text ragged right instead of justified (--no-justify) */
    struct layout_gmap *gmap; /* codes for shaped glyphs (layout_opts.gmap); NULL: none */
    /* statistics for layout_report_stats: lines set, justified lines and their summed
     * badness, lines ending in a hyphen and the longest run of them */
    size_t st_lines, st_just, st_hyph, st_flush; /* st_flush: too loose to justify */
    double st_bad;
    int st_run, st_run_max;
} layout_textenv;

typedef struct layout_para_fmt {
    float width;        /* measure, points */
    float lh;           /* line height */
    float base;         /* baseline offset from the line top */
    layout_align align; /* the last line and lines before a forced break stay ragged */
    float indent;       /* first-line indent */
    int body;           /* LEFT: break as body text anyway (total fit, ragged, hyphenated) */
    int no_hyphens;     /* body text without dictionary hyphenation (CSS hyphens: none) */
    float tolerance;    /* JUSTIFY: total fit takes no line with a higher badness but the
                           last (TeX's \tolerance); 0: any */
    int heading;        /* hyphenated: the last line is never the tail of a hyphenated
                           word alone ("Engineer- / ing") */
} layout_para_fmt;

typedef struct layout_line {
    size_t first, count; /* boxes in doc->boxes: x from the measure's left, y from line top */
    float height;
    float base;
    float width; /* natural width of the content */
    float bad;   /* badness of a justified line (100: spaces 1.5x wide), also when it was too
                    loose to justify and is set flush left; 0 when ragged */
} layout_line;

typedef struct layout_lines {
    layout_line *v;
    size_t n, cap;
    int first_fit; /* the last layout_para_lines call set justified or body text first fit:
                      total fit found no breaks (none within fmt->tolerance) */
} layout_lines;

void layout_para_init(layout_para *p, int preserve);
void layout_para_free(layout_para *p);
void layout_para_reset(layout_para *p);
/** Appends text in span style `sp`. Outside preserve mode whitespace runs collapse to
 *  one space and leading spaces are dropped. */
void layout_para_add(layout_para *p, const char *s, size_t len, const layout_span *sp);
/** A forced line break. */
void layout_para_newline(layout_para *p, const layout_span *sp);
/** 1 when nothing visible was added. */
int layout_para_empty(const layout_para *p);
/** A paragraph's lead line: when its text up to the first forced break (at most
 *  max_bytes) is all bold and text follows the break, the break's offset; else 0. */
size_t layout_para_lead_line(const layout_para *p, size_t max_bytes);
/** Moves the text from byte `at` on (with its spans) into dst, which is reset first;
 *  p keeps the text before `at`. */
void layout_para_move_tail(layout_para *p, size_t at, layout_para *dst);

/** Breaks the paragraph into lines of fmt->width and appends their boxes to env->doc and
 *  the lines to *out (which the caller owns; free out->v with op_free). */
op_status layout_para_lines(layout_textenv *env, layout_para *p, const layout_para_fmt *fmt,
                            layout_lines *out);
/** Width of the widest unbreakable piece (*minw) and of the text on one line (*maxw). */
op_status layout_para_measure(layout_textenv *env, layout_para *p, float *minw, float *maxw);
/** Reports, as one note, the statistics of the lines set so far (--stats). */
void layout_report_stats(layout_textenv *env);
/** Reports the code points no font had (one warning for the document). */
void layout_report_missing(layout_textenv *env);
/** Width in points of UTF-8 `s` in role `role` at `size` (with fallback). */
float layout_text_width(layout_textenv *env, int role, float size, const char *s, size_t len);
/** Appends one text box for `s` at (x, y) with fallback runs; returns the advance. */
float layout_text_box(layout_textenv *env, int role, float size, uint32_t rgb, float x, float y,
                      const char *s, size_t len);

#endif
