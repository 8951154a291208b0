/* Complex-script shaping with HarfBuzz (Devanagari and the other Indic scripts, Thai, Lao,
 * Khmer, Myanmar...): a run of code points in one face in, positioned glyphs with their
 * clusters out. The PDF layout draws them (layout/linebreak.c); font_set_shape is the way
 * in. Only font_shape.c, font_kern.c and font_subset.c include HarfBuzz. */
#ifndef OP_FONT_SHAPE_H
#define OP_FONT_SHAPE_H

#include "font/font_kern.h"

#include <stddef.h>
#include <stdint.h>

/* One shaped glyph. Units are 1/1000 em, truncated toward zero like libharu's /W array. */
typedef struct font_glyph {
    uint32_t gid;     /* glyph id in the face */
    uint32_t cluster; /* index of the first input code point of its cluster */
    uint32_t cp;      /* the code point whose own glyph this is, when its cluster maps one
                         to one onto its code points (then it is drawn by that code point);
                         0 otherwise (drawn by a code of its own, see layout_gmap) */
    int32_t adv;      /* advance after shaping */
    int32_t wadv;     /* the glyph's own advance (hmtx): what a PDF viewer advances by */
    int32_t dx, dy;   /* offset from the pen position (marks), y up */
} font_glyph;

/** Shapes cps[0..n) (one run of one script, logical order) in face `face` of file `path`
 *  (face `index` of a collection) for language `lang` (BCP 47 or NULL), right to left when
 *  `rtl`. Writes the glyphs in visual order, left to right, to a new array *out (op_free)
 *  and returns their number; clusters are whole code points of the input (a cluster's
 *  glyphs are consecutive in *out). Returns 0 (and *out NULL) when the font cannot be read
 *  or a glyph is missing (.notdef). */
size_t font_shape_run(font_kern *s, int face, const char *path, unsigned index, const uint32_t *cps,
                      size_t n, int rtl, const char *lang, font_glyph **out);

#endif
