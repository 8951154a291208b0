/* Line breaking's own parts, shared by linebreak.c (atoms, first fit, emitting lines) and
 * linebreak_fit.c (total fit): the atom a paragraph is broken into and its flags. */
#ifndef OP_LAYOUT_LINEBREAK_INT_H
#define OP_LAYOUT_LINEBREAK_INT_H

#include "layout/linebreak.h"

#define A_BREAK 1  /* a line may start here */
#define A_SPACE 2  /* stretchable inter-word space */
#define A_NL    4  /* forced line end; the atom itself is not drawn */
#define A_SHY   8  /* soft hyphen: invisible unless the line breaks after it */
#define A_SKIP  16 /* invisible, zero width */
#define A_HYPH  32 /* a hyphenation point: a line may start here, the previous one gets a hyphen */
#define A_EXHY  64 /* an explicit hyphen after a letter (a line ending here is hyphenated) */
/* Korean: between syllables of a word; justified lines may start here, at a cost */
#define A_SYL 128

struct layout_atom {
    uint32_t cp;
    float adv;   /* includes kern */
    float kern;  /* adjustment to the next glyph (its run starts anew) */
    float scale; /* size factor of a fallback font in alphabetic text */
    float gap;   /* part of kern that is the quarter em between CJK and Latin (not drawn at a
                    line's end) */
    uint32_t span;
    int16_t face;
    uint8_t flags;
    uint8_t level; /* bidi embedding level (odd: right to left) when the paragraph has them */
};

#define EPS    0.001f
#define SHRINK 0.3f  /* justified spaces may shrink to 70% of their width */
#define EXPAND 0.02f /* glyphs may be 2% wider or narrower (font expansion, PDF Tz) */

/** The advance of the hyphen drawn at the end of a line broken before atom e, in the font
 *  of the letter before it when that font has one; sets *face (-1: none) and *scale. */
float layout_hyphen_adv(layout_textenv *env, const layout_para *p, size_t e, int *face,
                        float *scale);
/** 1 when a line whose content ends before atom e, broken before atom k, gets a hyphen. */
int layout_ends_hyphen(const layout_para *p, size_t e, size_t k);
/** The badness of a justified line that must change by `diff` points. */
double layout_line_badness(double diff, double spaces, double glyphs, double avail);
/** Finds the end of the line starting at atom ls; sets *next (where the next line starts)
 *  and *forced. `shrink` is the part of each space's width that may be given up to fit one
 *  more word (0 when ragged). */
size_t layout_find_break(layout_textenv *env, const layout_para *p, size_t ls, float avail,
                         float shrink, size_t *next, int *forced);
/** Emits the line from atom i to `end`; the next line starts at `next`. */
void layout_emit_span(layout_textenv *env, const layout_para *p, const layout_para_fmt *fmt,
                      size_t i, size_t end, size_t next, int forced, int first, layout_lines *out);
/** The first atom at or after i that is not a space. */
size_t layout_skip_spaces(const layout_para *p, size_t i);
/** Total fit (linebreak_fit.c): the breaks of p with the least summed demerits, appended
 *  to out. -1 when the paragraph is not for it (empty, preformatted, too long) or no
 *  feasible set of breaks exists: the caller sets it first fit. */
int layout_total_fit(layout_textenv *env, layout_para *p, const layout_para_fmt *fmt, int ragged,
                     layout_lines *out);

#endif
