/* Line break opportunities (Unicode UAX #14) for the PDF line breaker, from ICU. */
#ifndef OP_LAYOUT_BREAKS_H
#define OP_LAYOUT_BREAKS_H

#include "core/core.h"

#define LAYOUT_BRK_ALLOWED 1 /* a line may break before this byte */
#define LAYOUT_BRK_HARD    2 /* a line must break before this byte (after a newline) */
/* Korean: between two syllables inside a word, which keep-all keeps whole; a line breaker
 * may use it, at a cost, where breaking at spaces only would leave a line loose. */
#define LAYOUT_BRK_SYLLABLE 4

/** For the valid UTF-8 text s[0..len), sets brk[i] (len entries, zeroed by the caller) to
 *  LAYOUT_BRK_ALLOWED or LAYOUT_BRK_HARD at the first byte of each code point a line may or
 *  must start with, and LAYOUT_BRK_SYLLABLE inside Korean words (two syllables at least on
 *  each side). `locale` may be NULL. Returns OP_ERR_LIMIT for text over 256 MB and
 *  OP_ERR_UNSUPPORTED when ICU fails (brk then marks breaks after spaces only). */
op_status layout_breaks(const char *s, size_t len, const char *locale, unsigned char *brk);

/** Bidi embedding levels (UAX #9) of the valid UTF-8 text s[0..len): levels[i] (len
 *  entries) is the level of the code point starting at byte i. `base` is the paragraph
 *  direction: 0 left to right, 1 right to left, -1 that of the first strong character
 *  (left to right when there is none). Returns the level of the first paragraph (odd: right
 *  to left), or -1 when ICU fails (levels are then all 0). */
int layout_bidi_levels(const char *s, size_t len, int base, unsigned char *levels);
/** The visual order of n items with bidi levels `levels` (UAX #9 L2): map[k] is the
 *  logical index of the item shown k-th from the left. */
void layout_bidi_reorder(const unsigned char *levels, size_t n, int32_t *map);
/** The mirrored form of cp for right-to-left text ('(' -> ')'), or cp. */
uint32_t layout_cp_mirror(uint32_t cp);

#define LAYOUT_SHAPE_GONE 0xFFFFFFFFu /* an alef that became part of a lam-alef ligature */
/** Arabic letters joined (ICU u_shapeArabic, logical order): forms[at], for the code point
 *  starting at byte `at` of s[0..len), becomes the presentation form it is drawn as (initial,
 *  medial, final, isolated; a lam-alef ligature in the lam's place), LAYOUT_SHAPE_GONE for
 *  the alef of such a ligature, else 0 (unchanged; marks always are). `forms` has `len`
 *  entries. Returns 1 when any letter changed. */
int layout_shape_arabic(const char *s, size_t len, uint32_t *forms);
/** The letter a presentation form (U+FB50..U+FEFC) stands for, and in *second the next one
 *  of a ligature (lam-alef: lam, then alef), else 0; cp itself for anything else. For the
 *  PDF's ToUnicode map, so copied text is the letters, not their forms. */
uint32_t layout_cp_unshape(uint32_t cp, uint32_t *second);

/* Letter classes for hyphenation (ICU's character properties). */
#define LAYOUT_CP_OTHER 0
#define LAYOUT_CP_LOWER 1 /* a letter that is not uppercase or titlecase, or a combining mark */
#define LAYOUT_CP_UPPER 2
#define LAYOUT_CP_DIGIT 3

/** 1 when cp is a combining mark (Mn, Mc, Me). */
int layout_cp_is_mark(uint32_t cp);
/** The class of code point cp (LAYOUT_CP_*). */
int layout_cp_class(uint32_t cp);
/** Simple lowercase mapping of cp. */
uint32_t layout_cp_lower(uint32_t cp);

#endif
