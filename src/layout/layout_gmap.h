/* Codes for shaped glyphs: the PDF draws text by code point (libharu's UTF-8 CID fonts, CID
 * = code point), so a glyph that is not simply its code point's own glyph (a conjunct, a
 * reordered vowel sign, a contextual form) gets a Private Use Area code of its own, per
 * face, glyph and the text it stands for. The PDF maps the code to the glyph in the font
 * and back to the text in its ToUnicode CMap. One map serves all documents of one PDF. */
#ifndef OP_LAYOUT_GMAP_H
#define OP_LAYOUT_GMAP_H

#include "core/core.h"

#include <stdint.h>

#define LAYOUT_GMAP_FIRST 0xE000u /* the BMP's Private Use Area */
#define LAYOUT_GMAP_LAST  0xF8FFu

typedef struct layout_gmap layout_gmap;

typedef struct layout_gmap_entry {
    uint32_t code;        /* the code it is drawn by */
    int face;             /* font set face */
    uint32_t gid;         /* glyph id in the face */
    const uint32_t *text; /* the code points it stands for (logical order), in copied text */
    size_t ntext;         /* 0: nothing (a glyph after the first of its cluster) */
} layout_gmap_entry;

/** New, empty map (free with layout_gmap_free). */
layout_gmap *layout_gmap_new(void);
void layout_gmap_free(layout_gmap *g);
/** The code for glyph `gid` of `face` standing for text[0..n): the same code for the same
 *  three, a new one the first time. 0 when the Private Use Area is used up. */
uint32_t layout_gmap_code(layout_gmap *g, int face, uint32_t gid, const uint32_t *text, size_t n);
/** Number of codes given out; entry i (lent; valid until the next layout_gmap_code). */
size_t layout_gmap_count(const layout_gmap *g);
const layout_gmap_entry *layout_gmap_get(const layout_gmap *g, size_t i);

#endif
