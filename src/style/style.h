/* Internal side of themes: the parsed rule set (style_load.c), the cascade that gives an
 * element its computed style (style_resolve.c) and the built-in base sheet every theme
 * sits on, like a browser's user-agent sheet (style_default.c). */
#ifndef OP_STYLE_STYLE_H
#define OP_STYLE_STYLE_H

#include "core/core.h"
#include "offprint/style.h"

#include <stdint.h>

#define STYLE_MAX_CHAIN     64 /* ancestors looked at by selectors (the nearest ones) */
#define STYLE_MAX_COMPOUNDS 16 /* per selector: longer ones are dropped */
#define STYLE_MAX_CLASSES   8  /* per compound */
#define STYLE_MAX_RULES     8192
#define STYLE_MAX_DECLS     32768
#define STYLE_MAX_DEPTH     32 /* nested blocks ({ inside @media etc.) */

typedef enum style_family { STYLE_SERIF = 0, STYLE_SANS, STYLE_MONO } style_family;
typedef enum style_align {
    STYLE_ALIGN_LEFT = 0,
    STYLE_ALIGN_JUSTIFY,
    STYLE_ALIGN_CENTER,
    STYLE_ALIGN_RIGHT
} style_align;
typedef enum style_hyphens {
    STYLE_HYPH_NONE = 0,
    STYLE_HYPH_MANUAL,
    STYLE_HYPH_AUTO
} style_hyphens;

/* Sides in CSS order. */
enum { STYLE_TOP = 0, STYLE_RIGHT, STYLE_BOTTOM, STYLE_LEFT };

/* The computed style of one element, lengths in points. */
typedef struct style_computed {
    uint8_t family; /* style_family */
    uint8_t bold, italic;
    uint8_t align;   /* style_align */
    uint8_t hyphens; /* style_hyphens */
    uint8_t has_background;
    float size;   /* font size */
    float lh;     /* line height */
    float lh_num; /* > 0: line-height was a plain number (inherited as a factor) */
    float margin[4], padding[4], border[4];
    uint32_t border_rgb[4];
    float indent;     /* text-indent */
    float max_width;  /* 0 = none */
    uint8_t collapse; /* border-collapse: collapse (inherited) */
    float spacing[2]; /* border-spacing, horizontal and vertical (inherited) */
    uint32_t color, background;
} style_computed;

/* One element of the chain selectors match against: name and space-separated classes. */
typedef struct style_elem {
    const char *name;
    const char *cls; /* NULL = none */
} style_elem;

/* @page: size and margins as the theme gives them (points; negative = not given). */
typedef struct style_page {
    float w, h;
    float margin[4];
    uint8_t margin_pct[4]; /* margin[k] is a percentage of the page width */
} style_page;

/* @page margin boxes the PDF draws (CSS Paged Media names). */
typedef enum style_mbox_pos {
    STYLE_TOP_LEFT = 0,
    STYLE_TOP_CENTER,
    STYLE_TOP_RIGHT,
    STYLE_BOTTOM_LEFT,
    STYLE_BOTTOM_CENTER,
    STYLE_BOTTOM_RIGHT,
    STYLE_MBOX_COUNT
} style_mbox_pos;

/* Codes in a margin box's content template, between literal UTF-8 text. */
#define STYLE_MB_PAGE   '\x01' /* counter(page) */
#define STYLE_MB_PAGES  '\x02' /* counter(pages) */
#define STYLE_MB_TITLE  '\x03' /* string(title) */
#define STYLE_MB_AUTHOR '\x04' /* string(author) */
#define STYLE_MB_SITE   '\x05' /* string(site) */

/* A margin box as the theme sets it for a page. */
typedef struct style_mbox {
    const char *content; /* template; NULL = none (nothing drawn) */
    float size;          /* font size, points */
    uint32_t color;
    int8_t bold, italic; /* 0/1 */
    int8_t family;       /* style_family, or -1: the body's */
} style_mbox;

/** The margin box `pos` of the first page (first = 1) or of the others: @page :first
 *  declarations over @page ones; `medium` resolves em and keywords. */
void style_mbox_get(const op_style *s, int first, int pos, float medium, style_mbox *out);

/** The root element's style: `medium` is the default font size (points). */
void style_root(float medium, style_computed *out);

/** Computes the style of chain[n-1] (chain[0] is the root-most element, at most the last
 *  STYLE_MAX_CHAIN are looked at) from `parent` (the computed style of chain[n-2], or of
 *  the root). `root_size` resolves rem, `medium` font-size keywords, `avail` percentages
 *  of the containing width. `s` may be NULL (the base sheet alone). */
void style_compute(const op_style *s, const style_elem *chain, size_t n,
                   const style_computed *parent, float root_size, float medium, float avail,
                   style_computed *out);

/** The @page size and margins; `medium` resolves em. */
void style_page_get(const op_style *s, float medium, style_page *out);

/** The CSS text `s` was parsed from (lent, NUL-terminated; *len bytes, without the base
 *  sheet): the EPUB embeds a theme lent to it as this text. */
const char *style_text(const op_style *s, size_t *len);
/** The name `s` was parsed under (its file for op_style_load; lent), or NULL. */
const char *style_name(const op_style *s);

/** Source of the built-in base sheet. */
extern const char style_base_css[];

#endif
