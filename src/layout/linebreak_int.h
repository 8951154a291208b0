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
    uint8_t level;    /* bidi embedding level (odd: right to left) when the paragraph has them */
    uint16_t nglyphs; /* a shaped cluster: drawn as p->glyphs[glyph .. glyph + nglyphs); its
                         other code points follow as A_SKIP atoms of no face */
    uint32_t glyph;
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
/** 1 when there is a break opportunity before atom j between two characters, one of them
 *  of a script written without spaces (CJK, Thai, Khmer...): not after a space, not a
 *  hyphenation point, not inside a Latin URL. */
int layout_gap_break(const layout_para *p, size_t j);
/** The first atom at or after i that is not a space. */
size_t layout_skip_spaces(const layout_para *p, size_t i);
/** Total fit (linebreak_fit.c): the breaks of p with the least summed demerits, appended
 *  to out. -1 when the paragraph is not for it (empty, preformatted, too long) or no
 *  feasible set of breaks exists: the caller sets it first fit. */
int layout_total_fit(layout_textenv *env, layout_para *p, const layout_para_fmt *fmt, int ragged,
                     layout_lines *out);

/** Flags explicit hyphens after a letter and, with a dictionary (env->hyph), adds the
 *  hyphenation points of every word (linebreak_hyph.c). */
void layout_hyphenate(layout_textenv *env, layout_para *p);

/*** linebreak_script.c ***/

/** 1 for right-to-left letters (Hebrew, Arabic, Syriac, Thaana, NKo... and their
 *  presentation forms). */
int layout_is_rtl(uint32_t cp);
/** 1 for unpointed Hebrew letters and punctuation, which need no shaping. */
int layout_is_plain_hebrew(uint32_t cp);
/* Arabic, which is set right: letters joined by layout_shape_arabic, presentation forms,
 * digits, punctuation and marks (zero-width marks, drawn after their letter). */
int layout_is_shaped_arabic(uint32_t cp);
/** "Devanagari", "Bengali", "Tamil" or "Thai" for a code point of a script that
 * fonts.conf sets in Noto (fonts-noto-core), else NULL. */
const char *layout_noto_script(uint32_t cp);
/** 1 for Han and kana (not CJK punctuation, not Hangul). */
int layout_is_ideographic(uint32_t c);
/** 1 for letters and digits of Latin, Greek and Cyrillic. */
int layout_is_alphabetic(uint32_t c);
/** 1 for CJK characters and punctuation and full-width forms. */
int layout_is_cjk(uint32_t c);
/** 1 when lang is Chinese or Japanese (a quarter em around Latin, CJK font runs). */
int layout_autospaced_lang(const char *lang);
/** Puts the quarter em between Han or kana and Latin written against it (atom gap). */
void layout_autospace(layout_textenv *env, layout_para *p);
/** Bidi levels per byte of p's text (op_free), or NULL when all of it is left to right;
 *  sets p->bidi and p->rtl. */
unsigned char *layout_bidi_para(layout_textenv *env, layout_para *p);
/** The visual order of atoms [ls, le): order[k] is the atom (from ls) drawn k-th from the
 *  left (op_free). */
int32_t *layout_visual_order(const layout_para *p, size_t ls, size_t le);
/** Shapes the paragraph's complex-script runs (Indic, Thai...) with the font's own tables:
 *  each cluster becomes one atom carrying its glyphs (linebreak_shape.c). */
void layout_shape_runs(layout_textenv *env, layout_para *p);
/** The code point an atom draws: mirrored in right-to-left text when its font has it. */
uint32_t layout_drawn_cp(layout_textenv *env, const layout_atom *a);

#endif
