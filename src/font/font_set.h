/* The font set both back ends draw with: roles (serif, sans, mono, ...) mapped to TrueType
 * files from fonts/fonts.conf, per-code-point fallback chains, coverage, advance widths and
 * pair kerning. Layout reads it through its metrics adapter (layout/metrics.c), the PDF
 * loads its faces into libharu, the EPUB embeds them. Only font_set.c includes FreeType. */
#ifndef OP_FONT_SET_H
#define OP_FONT_SET_H

#include "core/core.h"
#include "font/font_shape.h"
#include "offprint/font.h"

#include <stdint.h>

typedef enum font_role {
    FONT_SERIF = 0,
    FONT_SERIF_B,
    FONT_SERIF_I,
    FONT_SERIF_BI,
    FONT_SANS,
    FONT_SANS_B,
    FONT_MONO,
    FONT_MONO_B,
    FONT_SANS_I, /* themes with a sans body need italics */
    FONT_SANS_BI,
    FONT_ROLE_COUNT
} font_role;

struct style_computed;

/** The role that draws text of a computed style (its generic family, weight and slant). */
int font_role_of(const struct style_computed *s);

/* The public op_fontset under its module name. */
typedef struct op_fontset font_set;

/** Reads fonts/fonts.conf (found with op_data_find(data_dir, ...)) and opens the body
 *  font. Faces are opened lazily on first use. Returns OP_ERR_SETUP when the config is
 *  missing, OP_ERR_FONT (with a message to `diag` naming the file) when the body font is
 *  missing or unusable. Free *out with font_set_free. Keep one per worker thread. */
op_status font_set_load(const char *data_dir, op_diag *diag, font_set **out);
void font_set_free(font_set *f);
/** Where later warnings (a font that cannot be opened) go; NULL drops them. A writer that
 *  borrows a set sets its job's sink on entry and NULL before it returns. */
void font_set_set_diag(font_set *f, op_diag *diag);

/** The language the next texts are set in (a BCP 47 tag; NULL or "" for none): it picks
 *  the fallback chains fonts.conf gives for that language ("fallback.serif:ja"), which
 *  come before the role's general chain. ja, ko, zh-Hans and zh-Hant (zh-TW, zh-HK and
 *  zh-MO are Traditional, other zh tags Simplified) are told apart. A writer that borrows a
 *  set sets its document's language on entry and NULL before it returns. */
void font_set_set_lang(font_set *f, const char *lang);
/** Face index that draws `cp` for `role` (the role's font first, then the chain for the
 *  language set with font_set_set_lang, then the role's fallback chain), or -1 when no
 *  font has it. Code points above U+FFFF always give -1 (libharu
 *  2.3.0 draws only the BMP). */
int font_set_face_for(font_set *f, int role, uint32_t cp);
/** Advance of `cp` in `face` in 1/1000 em, truncated like libharu's /W array; 0 when the
 *  face lacks it. */
int font_set_advance(font_set *f, int face, uint32_t cp);
/** 1 when `face` has a glyph for `cp`. */
int font_set_covers(font_set *f, int face, uint32_t cp);
/** Pair kerning between a and b in `face`, 1/1000 em (font_kern.c; cached per face). */
int font_set_kern(font_set *f, int face, uint32_t a, uint32_t b);
/** Complex-script run cps[0..n) shaped in `face` (font_shape.c): the glyphs, left to right,
 *  in a new array *out (op_free); returns their number, 0 when it cannot be shaped. */
size_t font_set_shape(font_set *f, int face, const uint32_t *cps, size_t n, int rtl,
                      const char *lang, font_glyph **out);
/** 1 when the face is bold (its OS/2 weight is 600 or more, or its style says bold). */
int font_set_bold(font_set *f, int face);
/** Size factor for a fallback `face` standing in for `role`'s font in alphabetic text, so
 *  its x-height and cap height roughly match (1 for the role's own font). */
float font_set_scale(font_set *f, int role, int face);
/** Number of distinct faces in the set; face indexes run 0..count-1. */
int font_set_count(const font_set *f);
/** File of a face (lent). */
const char *font_set_path(const font_set *f, int face);
/** Index of a face in its file: 0 unless fonts.conf named a face of a collection
 *  ("uming.ttc#2"). */
unsigned font_set_face_index(const font_set *f, int face);
/** 1 when the face's file is a TrueType collection (.ttc; libharu needs the index). */
int font_set_is_collection(font_set *f, int face);
/** Face index of a role's own font (no fallback). */
int font_set_role_face(const font_set *f, int role);
/** Writes up to `max` direct component glyph ids of composite glyph `gid` into `out`;
 *  returns their number (0 for simple glyphs). Used for libharu's composite-glyph fix. */
int font_set_components(font_set *f, int face, unsigned gid, unsigned *out, int max);
/** Number of glyphs in a face (0 if it cannot be opened). */
unsigned font_set_num_glyphs(font_set *f, int face);
/** Family name of a face as its name table gives it ("Charis SIL"; lent), or NULL when it
 *  cannot be opened. */
const char *font_set_family(font_set *f, int face);
/** 1 when the face's OS/2 fsType allows embedding a subset of it in a document (not
 *  restricted, subsetting allowed, not bitmap-only); 0 otherwise or when it cannot be
 *  opened. */
int font_set_embeddable(font_set *f, int face);

#endif
