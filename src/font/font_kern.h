/* Pair kerning from the fonts' GPOS (or kern) tables, read with HarfBuzz and cached per
 * face; a font set keeps one (font_set_kern). Only font_kern.c, font_shape.c and font_subset.c
 * include HarfBuzz. */
#ifndef OP_FONT_KERN_H
#define OP_FONT_KERN_H

#include "core/core.h"

#include <stdint.h>

typedef struct font_kern font_kern;

/** New, empty kerning cache (faces are opened on first use). Free with font_kern_free. */
font_kern *font_kern_new(void);
void font_kern_free(font_kern *s);
/** Kerning between BMP code points a and b in face `face` (file `path`, face `index`
 *  of a collection), in 1/1000 em,
 *  truncated toward zero; 0 when there is none or the font cannot be read. */
int font_kern_pair(font_kern *s, int face, const char *path, unsigned index, uint32_t a,
                   uint32_t b);
/** The HarfBuzz font of face `face` (opened on first use, scaled to its units per em, which
 *  go to *upem), lent for as long as `s` lives; NULL when the font cannot be read. For
 *  font_shape.c, the other HarfBuzz user of the cache. */
struct hb_font_t *font_kern_hb_font(font_kern *s, int face, const char *path, unsigned index,
                                    unsigned *upem);

#endif
