/* The parsed form of a stylesheet, shared by style_load.c (parser) and style_resolve.c
 * (cascade). Shorthands are expanded at parse time, so every declaration sets one
 * property to one value. */
#ifndef OP_STYLE_STYLE_INT_H
#define OP_STYLE_STYLE_INT_H

#include "style/style.h"

typedef enum css_prop {
    P_FONT_FAMILY = 0,
    P_FONT_SIZE,
    P_FONT_WEIGHT,
    P_FONT_STYLE,
    P_LINE_HEIGHT,
    P_MARGIN,                   /* + side */
    P_PADDING = P_MARGIN + 4,   /* + side */
    P_BORDER_W = P_PADDING + 4, /* + side */
    P_BORDER_S = P_BORDER_W + 4,
    P_BORDER_C = P_BORDER_S + 4,
    P_TEXT_INDENT = P_BORDER_C + 4,
    P_TEXT_ALIGN,
    P_HYPHENS,
    P_COLOR,
    P_BACKGROUND,
    P_MAX_WIDTH,
    P_BORDER_COLLAPSE, /* u: 1 collapse, 0 separate */
    P_BORDER_SPACING_H,
    P_BORDER_SPACING_V,
    P_PAGE_W, /* @page size */
    P_PAGE_H,
    P_CONTENT, /* @page margin boxes: css_mdecl.content */
    P_COUNT
} css_prop;

typedef enum css_unit {
    U_KW = 0, /* keyword or colour in `u` */
    U_PT,     /* absolute, in points */
    U_EM,
    U_REM,
    U_PCT,
    U_NUM, /* plain number */
    U_MED, /* multiple of the medium font size (font-size keywords) */
    U_AUTO
} css_unit;

/* Keywords kept in css_decl.u */
enum {
    KW_NORMAL = 0,
    KW_BOLD,
    KW_BOLDER,
    KW_LIGHTER,
    KW_ITALIC,
    KW_SMALLER,
    KW_LARGER,
    KW_NONE,    /* border-style none / hidden, background none */
    KW_VISIBLE, /* any drawn border style */
    KW_INHERIT
};

typedef struct css_decl {
    uint16_t prop;
    uint8_t important;
    uint8_t unit; /* css_unit */
    float v;
    uint32_t u; /* keyword, family, alignment, hyphens or 0xRRGGBB */
} css_decl;

typedef struct css_compound {
    const char *tag; /* NULL: any element */
    const char *cls[STYLE_MAX_CLASSES];
    uint8_t ncls;
    uint8_t child; /* the combinator on its left is '>' */
} css_compound;

typedef struct css_sel {
    css_compound *c;
    uint8_t n;
    uint8_t origin;  /* 0 base sheet, 1 theme */
    uint32_t spec;   /* classes * 256 + elements */
    uint32_t order;  /* rule number, base sheet first */
    uint32_t d0, nd; /* declarations [d0, d0+nd) */
} css_sel;

/* A declaration inside an @page margin box (@top-center ...). */
typedef struct css_mdecl {
    uint8_t box;         /* style_mbox_pos */
    uint8_t first;       /* from @page :first */
    css_decl d;          /* font-size, -style, -weight, -family, color; or P_CONTENT */
    const char *content; /* P_CONTENT: the template (see style_mbox), NULL = none */
} css_mdecl;

struct op_style {
    op_arena *arena;
    css_sel *sel;
    size_t nsel, capsel;
    css_decl *decl;
    size_t ndecl, capdecl;
    css_decl *page; /* @page declarations, in order */
    size_t npage, cappage;
    css_mdecl *mdecl; /* @page margin box declarations, in order */
    size_t nmdecl, capmdecl;
    uint32_t nrules;
};

#endif
