/* The parsed form of a stylesheet, shared by the parser (style_load.c with style_scan.c,
 * style_decl.c and style_value.c) and the cascade (style_resolve.c). Shorthands are
 * expanded at parse time, so every declaration sets one property to one value. Below it,
 * the parser's own internals. */
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
    char *text; /* the CSS it was parsed from (the EPUB embeds it), NUL-terminated */
    size_t textlen;
    char *name; /* its name (file) for messages, or NULL */
};

/*** The parser's internals ***/

#define STYLE_MAX_REPORTS 64 /* distinct warnings per sheet */
#define STYLE_MAX_TOKENS  8  /* per declaration value */
#define STYLE_MAX_TOKEN   64 /* bytes per token, NUL included */

/* One pass over one sheet's text (the base sheet, then the theme). */
typedef struct style_parser {
    op_style *s;
    const char *src;
    size_t len;
    const char *name; /* for diagnostics */
    op_diag *diag;
    uint8_t origin;
    int too_deep;
    char reported[STYLE_MAX_REPORTS][40];
    int nreported;
} style_parser;

static inline int style_is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static inline char style_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static inline int style_is_ident(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || (unsigned char)c >= 0x80;
}

/* Characters (style_scan.c) */

/** Index of the first byte in [i, n) past white space, comments and <!-- -->. */
size_t style_skip_ws(const char *s, size_t n, size_t i);
/** First index in [i, n) holding one of `stops` outside comments, strings, parentheses
 *  and (when `blocks`) braces; n when there is none. */
size_t style_scan_to(const char *s, size_t n, size_t i, const char *stops, int blocks);
/** Index of the '}' closing the block whose '{' is just before i; p->len when it is
 *  unclosed or nested deeper than STYLE_MAX_DEPTH (which sets p->too_deep). */
size_t style_block_end(style_parser *p, size_t i);
/** A warning once per key (a property name): the first occurrence names the line. */
void style_report_once(style_parser *p, size_t pos, const char *key, const char *fmt,
                       const char *arg);

/* Values (style_value.c) */

typedef struct style_tokens {
    char t[STYLE_MAX_TOKENS][STYLE_MAX_TOKEN];
    int n;
    int overflow; /* more tokens than STYLE_MAX_TOKENS, or one too long */
} style_tokens;

/** Splits a value at whitespace outside parentheses; tokens are lower-cased. */
void style_tokenize(const char *v, size_t n, style_tokens *tk);
/** A CSS number at the start of s; returns the characters used (0 = none). */
size_t style_parse_number(const char *s, float *out);
/** A length, percentage or (allow_num) number into d: "12pt", "1.2em", "50%", "1.4", "0";
 *  0 when it is none of them. */
int style_parse_len(const char *t, css_decl *d, int allow_num);
/** A colour (#rgb, #rrggbb, rgb()/rgba(), a name) as 0xRRGGBB; 0 when unknown. */
int style_parse_color(const char *t, uint32_t *rgb);
/** The style_family of the first family in a font-family list we know; -1 for none. */
int style_parse_family(const char *v, size_t n);

/* Declarations (style_decl.c) */

/** Reads the declarations of a block [a, b) into the sheet. page: 0 a rule, 1 @page,
 *  2 + first * STYLE_MBOX_COUNT + box an @page margin box. */
void style_declarations(style_parser *p, size_t a, size_t b, int page);

#endif
