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

/* Letter classes for hyphenation (ICU's character properties). */
#define LAYOUT_CP_OTHER 0
#define LAYOUT_CP_LOWER 1 /* a letter that is not uppercase or titlecase */
#define LAYOUT_CP_UPPER 2
#define LAYOUT_CP_DIGIT 3

/** The class of code point cp (LAYOUT_CP_*). */
int layout_cp_class(uint32_t cp);
/** Simple lowercase mapping of cp. */
uint32_t layout_cp_lower(uint32_t cp);

#endif
