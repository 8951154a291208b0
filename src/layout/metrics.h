/* The interface layout measures text through, and its adapter over a font set (metrics.c).
 * Layout sees fonts only through layout_metrics, so tests can fill it with a fake. */
#ifndef OP_LAYOUT_METRICS_H
#define OP_LAYOUT_METRICS_H

#include "font/font_set.h"

#include <stdint.h>

/* Widths are in 1/1000 em, truncated per glyph like libharu's /W array, so measured lines
 * match what is drawn. Roles are font_role values. */
typedef struct layout_metrics {
    void *ud;
    /** Face index that draws `cp` for `role` (role font first, then its fallback chain),
     *  or -1 when no font has it. Code points above U+FFFF always give -1 (libharu 2.3.0
     *  draws only the BMP). */
    int (*face_for)(void *ud, int role, uint32_t cp);
    /** Advance of `cp` in `face`, 1/1000 em. */
    int (*advance)(void *ud, int face, uint32_t cp);
    /** 1 when `face` has a glyph for `cp`. */
    int (*covers)(void *ud, int face, uint32_t cp);
    /** Kerning between a and b in `face`, 1/1000 em (may be NULL: no kerning). */
    int (*kern)(void *ud, int face, uint32_t a, uint32_t b);
    /** Size factor for a fallback `face` standing in for `role`'s font in alphabetic
     *  text, so its x-height and cap height roughly match (1 for the role's own font;
     *  may be NULL). */
    float (*scale)(void *ud, int role, int face);
    /** 1 when `face` is a bold face (may be NULL: every face is taken as bold enough). */
    int (*bold)(void *ud, int face);
    /** Shapes the complex-script run cps[0..n) in `face` (font_set_shape): its glyphs, left
     *  to right, in a new array *out (op_free); returns their number, 0 when it cannot be
     *  shaped (may be NULL: no shaping). */
    size_t (*shape)(void *ud, int face, const uint32_t *cps, size_t n, int rtl, const char *lang,
                    font_glyph **out);
} layout_metrics;

/** Fills `m` with functions reading `f` (which must outlive `m`). */
void layout_metrics_init(font_set *f, layout_metrics *m);

#endif
