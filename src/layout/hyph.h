/* Hyphenation points for the PDF line breaker, from libhyphen and the Debian hyphen-*
 * dictionaries (hyph_<lang>_<REGION>.dic). A layout_hyph holds the dictionaries one layout
 * run, or one worker across its jobs (op_hyph, lent through op_pdf_opts), has loaded: each
 * file is read once, on first use. hyph.c is the only file that includes <hyphen.h>. */
#ifndef OP_LAYOUT_HYPH_H
#define OP_LAYOUT_HYPH_H

#include "core/core.h"

#include <stdint.h>

/* The public op_hyph (offprint/pdf.h) under its module name. */
typedef struct op_hyph layout_hyph;

/** A new, empty dictionary set reading from folder `dir` (NULL: $OP_HYPHEN_DIR, else
 *  /usr/share/hyphen). Dictionary files are read on first use and kept for later
 *  documents; the automaton built from them is per document (layout_hyph_prepare). Free
 *  with layout_hyph_free. */
layout_hyph *layout_hyph_new(const char *dir);
void layout_hyph_free(layout_hyph *h);

/** Tells `h` the text (UTF-8) the next layout hyphenates: dictionaries are then loaded
 *  with only the patterns its words can use, many times faster (English 20 ms -> 2 ms,
 *  German 5 s -> 50 ms), and words not in the text get no points. Drops the dictionaries
 *  built for the text before (the files' bytes stay). The text is copied. */
void layout_hyph_prepare(layout_hyph *h, const char *text, size_t len);

/** Hyphenation points of one word, given as `n` lowercase code points (letters only) in
 *  language `lang` (BCP 47, e.g. "en", "en-GB", "de-AT"). Sets brk[i] = 1 (brk has n
 *  entries, zeroed by the caller) where the word may break with a hyphen before cps[i],
 *  keeping at least 2 letters before and 3 after the break (more when the dictionary
 *  asks). Returns the number of points: 0 for words under 5 letters, unknown languages
 *  and code points the dictionary's character set lacks. The first time a language has
 *  no dictionary, one note goes to `diag` (which may be NULL). */
int layout_hyph_word(layout_hyph *h, const char *lang, op_diag *diag, const uint32_t *cps, size_t n,
                     unsigned char *brk);

#endif
