/* Font set for the PDF back end: roles (serif, sans, mono, ...) mapped to TrueType files
 * from fonts/fonts.conf, per-code-point fallback chains, coverage and advance widths read
 * with FreeType. Only font.c includes FreeType; layout reads fonts through layout_metrics. */
#ifndef OP_LAYOUT_FONT_H
#define OP_LAYOUT_FONT_H

#include "core/core.h"

#include <stdint.h>

typedef enum layout_role {
    LAYOUT_SERIF = 0,
    LAYOUT_SERIF_B,
    LAYOUT_SERIF_I,
    LAYOUT_SERIF_BI,
    LAYOUT_SANS,
    LAYOUT_SANS_B,
    LAYOUT_MONO,
    LAYOUT_MONO_B,
    LAYOUT_SANS_I, /* themes with a sans body need italics */
    LAYOUT_SANS_BI,
    LAYOUT_ROLE_COUNT
} layout_role;

/* The interface layout uses to measure text; font.c fills it from a layout_fonts, tests
 * may fill it with a fake. Widths are in 1/1000 em, truncated per glyph like libharu's /W
 * array, so measured lines match what is drawn. */
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
} layout_metrics;

typedef struct layout_fonts layout_fonts;

/** Reads fonts/fonts.conf (found with op_data_find(data_dir, ...)) and opens the body
 *  font. Faces are opened lazily on first use. Returns OP_ERR_SETUP when the config is
 *  missing, OP_ERR_FONT (with a message to `diag` naming the file) when the body font is
 *  missing or unusable. Free *out with layout_fonts_free. Keep one per worker thread. */
op_status layout_fonts_load(const char *data_dir, op_diag *diag, layout_fonts **out);
void layout_fonts_free(layout_fonts *f);
/** Where later warnings (a font that cannot be opened) go; NULL drops them. */
void layout_fonts_set_diag(layout_fonts *f, op_diag *diag);

/** Fills `m` with functions reading `f` (which must outlive `m`). */
void layout_fonts_metrics(layout_fonts *f, layout_metrics *m);

int layout_fonts_face_for(layout_fonts *f, int role, uint32_t cp);
int layout_fonts_advance(layout_fonts *f, int face, uint32_t cp);
int layout_fonts_covers(layout_fonts *f, int face, uint32_t cp);
int layout_fonts_kern(layout_fonts *f, int face, uint32_t a, uint32_t b);
/** 1 when the face is bold (its OS/2 weight is 600 or more, or its style says bold). */
int layout_fonts_bold(layout_fonts *f, int face);
float layout_fonts_scale(layout_fonts *f, int role, int face);
/** Number of distinct faces in the set; face indexes run 0..count-1. */
int layout_fonts_count(const layout_fonts *f);
/** File of a face (lent). */
const char *layout_fonts_path(const layout_fonts *f, int face);
/** Face index of a role's own font (no fallback). */
int layout_fonts_role_face(const layout_fonts *f, int role);
/** Writes up to `max` direct component glyph ids of composite glyph `gid` into `out`;
 *  returns their number (0 for simple glyphs). Used for libharu's composite-glyph fix. */
int layout_fonts_components(layout_fonts *f, int face, unsigned gid, unsigned *out, int max);
/** Number of glyphs in a face (0 if it cannot be opened). */
unsigned layout_fonts_num_glyphs(layout_fonts *f, int face);
/** Family name of a face as its name table gives it ("Charis SIL"; lent), or NULL when it
 *  cannot be opened. */
const char *layout_fonts_family(layout_fonts *f, int face);
/** 1 when the face's OS/2 fsType allows embedding a subset of it in a document (not
 *  restricted, subsetting allowed, not bitmap-only); 0 otherwise or when it cannot be
 *  opened. */
int layout_fonts_embeddable(layout_fonts *f, int face);

#endif
