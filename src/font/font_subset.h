/* Font subsetting with hb-subset, shared by both back ends: the PDF loads the subsets into
 * libharu (pdf_font.c), the EPUB packs them as font resources (epub_font.c). font_subset.c
 * is the only file that includes hb-subset.h. */
#ifndef OP_FONT_SUBSET_H
#define OP_FONT_SUBSET_H

#include "core/core.h"

#include <stdint.h>

/* A set of BMP code points: 65536 bits. */
#define FONT_CPSET_BYTES         (65536 / 8)
#define FONT_CPSET_HAS(bits, cp) ((cp) < 65536 && ((bits)[(cp) >> 3] & (1u << ((cp)&7))) != 0)
#define FONT_CPSET_ADD(bits, cp)                                                                   \
    do {                                                                                           \
        if ((cp) < 65536)                                                                          \
            (bits)[(cp) >> 3] |= (unsigned char)(1u << ((cp)&7));                                  \
    } while (0)

enum {
    FONT_SUBSET_DROP_LAYOUT = 1, /* leave out GSUB, GPOS and GDEF (text already shaped) */
    FONT_SUBSET_NEED_PREP = 2,   /* fail when the subset's 'prep' table is empty: libharu
                                      2.3.0 cannot save such a font in some sizes */
    FONT_SUBSET_NO_HINTING = 4   /* drop TrueType instructions (smaller; readers that
                                      rasterise with FreeType or Core Text ignore them) */
};

/** Cuts the TrueType/OpenType font at `path` (face `index` of a collection, 0 for a
 *  single-font file) down to the code points in `bits`
 *  (FONT_CPSET_BYTES bytes) and the glyphs they reach (composites, layout closure).
 *  `flags` is a mix of FONT_SUBSET_*. The result is deterministic: the same font and set
 *  give the same bytes. Returns OP_OK with the new font in *data (*len bytes; op_free), or
 *  OP_ERR_FONT when the font cannot be read or subset (nothing is reported). */
op_status font_subset(const char *path, unsigned index, const unsigned char *bits, unsigned flags,
                      char **data, size_t *len);
/** font_subset that also keeps the glyphs gids[0..ngids) (shaped glyphs no code point
 *  reaches) and, when ngids > 0, every glyph's id: glyph g of the font is glyph g of the
 *  subset (the ones left out are empty), so the caller can map codes of its own to them. */
op_status font_subset_glyphs(const char *path, unsigned index, const unsigned char *bits,
                             const uint32_t *gids, size_t ngids, unsigned flags, char **data,
                             size_t *len);

#endif
