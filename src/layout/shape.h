/* Pair kerning from the fonts' GPOS (or kern) tables, read with HarfBuzz and cached per
 * face. Only shape.c includes HarfBuzz. */
#ifndef OP_LAYOUT_SHAPE_H
#define OP_LAYOUT_SHAPE_H

#include "core/core.h"

#include <stdint.h>

typedef struct layout_shaper layout_shaper;

/** New, empty shaper (faces are opened on first use). Free with layout_shaper_free. */
layout_shaper *layout_shaper_new(void);
void layout_shaper_free(layout_shaper *s);
/** Kerning between BMP code points a and b in face `face` (file `path`), in 1/1000 em,
 *  truncated toward zero; 0 when there is none or the font cannot be read. */
int layout_shaper_kern(layout_shaper *s, int face, const char *path, uint32_t a, uint32_t b);

#endif
