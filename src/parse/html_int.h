/* What the HTML mapping files share (html_map.c walks the tree, html_math.c linearises
 * MathML, html_table.c tells layout tables from data tables): the walk's state and the
 * libxml2 helpers. Private to parse/html_*.c. */
#ifndef OP_PARSE_HTML_INT_H
#define OP_PARSE_HTML_INT_H

#include "parse/build.h"
#include "parse/html_map.h"

/* What leaving an element must undo or add (one record per open element). */
typedef struct rec {
    int enters;
    unsigned char brk, pre, article;
    const char *math_after; /* MathML: text after the element (a space, a closing parenthesis) */
    xmlNode *caption;
} rec;

enum { LT_CACHE = 4 };

typedef struct hstate {
    op_doc *doc;
    op_build *b;
    parse_base base; /* where images resolve */
    const char *base_href;
    rec *recs;
    size_t nrecs, caprecs;
    int in_pre, in_article;
    int (*kept)(const xmlNode *n); /* --keep: kept elements are shown even when hidden... */
    /* the tables parse_html_layout_table() looked at last (nested ones too) and its answers */
    const xmlNode *lt_table[LT_CACHE];
    int lt_layout[LT_CACHE], lt_next;
} hstate;

/** 1 when n is an element named `name` (lower case). */
int parse_html_is(const xmlNode *n, const char *name);
/** Lends an attribute value ("" when present without a value), or NULL. */
const char *parse_html_attr(const xmlNode *n, const char *name);
/** 1 when s, lower-cased and without white space (its first 255 bytes), contains lit. */
int parse_html_squeezed_has(const char *s, const char *lit);

/** 1 for an element in the MathML namespace. */
int parse_html_is_mathml(const xmlNode *n);
/** MathML's white space (which is not text). */
int parse_html_math_ws(int c);
/** Opens a MathML element n (html_math.c): returns 1 when its children are to be walked. */
int parse_html_enter_math(hstate *h, xmlNode *n, rec *r);

/** A table used for page layout, not data (html_table.c). One answer per table, cached. */
int parse_html_layout_table(hstate *h, const xmlNode *table);
/** The table a row or cell belongs to (NULL when it is outside any). */
const xmlNode *parse_html_owner_table(const xmlNode *n);

#endif
