/* Internal state of the block layout (layout.c, layout_block.c): the vertical list of
 * slices that pagination cuts into pages, and the stack of block contexts. */
#ifndef OP_LAYOUT_LAYOUT_H
#define OP_LAYOUT_LAYOUT_H

#include "offprint/doc.h"
#include "layout/box.h"
#include "layout/linebreak.h"
#include "style/style.h"

/* One unbreakable piece of the vertical list: a line, an image, a table row. Its boxes
 * are the range [first, first+count) plus the extras [xfirst, xfirst+xcount). */
typedef struct layout_slice {
    size_t first, count;
    size_t xfirst, xcount;
    float h;       /* height */
    float before;  /* space above, dropped at a page top */
    float base;    /* first baseline from the top (for list markers) */
    uint8_t keep;  /* no page break between the previous slice and this one */
    uint8_t quote; /* blockquote nesting depth */
    uint8_t hyph;  /* a paragraph line (not its last) that ends in a hyphen */
    uint8_t brk;   /* starts a new page */
    size_t hdr;    /* table rows: 1 + index of the header's first slice; the header
                      (hdrn slices) is repeated at the top of a continuation page;
                      0 = none */
    size_t hdrn;
    size_t note0, nnote; /* footnotes its lines refer to: layout_notes.refs[note0..+nnote) */
} layout_slice;

/* A footnote (--links footnote): its reference is a SUP carrying the URL. */
typedef struct layout_note {
    const char *key;     /* the SUP's url (lent from the model); its link boxes carry it */
    const char *num;     /* the number shown */
    size_t first, count; /* its boxes; y downwards from the note's top */
    float h;             /* lines * lh and a little space below */
    float lh;            /* its line height: line k's boxes lie in [k * lh, (k + 1) * lh) */
    size_t lines;
    size_t page; /* the page it was last set on (1-based), 0 = none */
    size_t tok;  /* scratch mark while the pager measures */
} layout_note;

/* A footnote on a page: note k (index into layout_notes.v) from its line `from` (a note
 * continued from the page before starts past its first lines). */
typedef struct page_note {
    size_t k, from;
} page_note;

/* The --toc page's entries (layout_toc.c). */
typedef struct layout_toc_entry {
    op_node *node;
    int level;
    const char *text;
} layout_toc_entry;

typedef struct layout_toc {
    layout_toc_entry *v;
    size_t n, cap;
    size_t next; /* the next entry whose heading layout may meet */
} layout_toc;

typedef struct layout_notes {
    layout_note *v;
    size_t n, cap;
    size_t *hash; /* open addressing on key: 1 + index into v, 0 = empty */
    size_t hcap;
    size_t *refs; /* notes referred to by slices (indexes into v) */
    size_t nrefs, caprefs;
    float gap; /* space above the separator rule */
    float sep; /* space above a page's first note: gap, rule and the space below it */
} layout_notes;

typedef struct layout_frame {
    int kind;        /* op_node_kind of the container */
    float left;      /* text column left edge */
    float width;     /* text column width */
    int ordered;     /* LIST */
    int counter;     /* LIST: next item number */
    int level;       /* LIST nesting level, 0-based */
    char marker[24]; /* ITEM: marker text, drawn with the item's first slice */
    int mrole;       /* ITEM: marker font role, size and colour */
    float msize;
    uint32_t mrgb;
    int pending; /* ITEM: marker not drawn yet */
    float bar_x; /* BLOCKQUOTE: rule position */
    float bar_w; /* BLOCKQUOTE: rule width (0: none) */
    uint32_t bar_rgb;
    float step;   /* LIST: indent of its items */
    float after;  /* space below the container (its margin-bottom) */
    int indented; /* ITEM, BLOCKQUOTE: got its own indent (markers and rules drawn) */
} layout_frame;

typedef struct layout_ctx {
    layout_textenv env;
    layout_doc *d;
    const layout_opts *o;
    const op_doc *doc;
    layout_slice *sl;
    size_t nsl, capsl;
    layout_frame *fr;
    size_t nfr, capfr;
    float pending_after;  /* space below the last block */
    int keep_next;        /* the next slice stays with the last one */
    op_node *dup_heading; /* the heading that repeats the title: not set again */
    const char *title;    /* title shown in the title block */
    op_node *title_inl;   /* its inlines when it has a link or a note reference, else NULL */
    layout_para para;
    layout_lines lines;
    /* geometry */
    float margin_l, margin_top, body_h, measure;
    float size, lh; /* body font size and line height */
    /* theme: the element chain (html body article ...) and its computed styles */
    const op_style *style;
    style_elem *sch;
    style_computed *scs;
    size_t nst, capst;
    float medium;        /* the root's font size */
    float code_scale;    /* inline code size / surrounding text size */
    uint32_t link_rgb;   /* colour of link text */
    float margin_bottom; /* page margin under the text area */
    layout_notes notes;  /* footnotes */
    layout_toc toc;      /* --toc entries */
    int break_next;      /* the next slice starts a new page */
    /* running header and footer: page numbers from page0 + 1 of `pages` (0: this layout's
     * own count); pages before mbox_from get none */
    size_t page0, pages, mbox_from;
} layout_ctx;

#define LAYOUT_INK      0x000000u
#define LAYOUT_GREY     0x555555u
#define LAYOUT_LINK_RGB 0x1a4a8au

/** Adds a slice for boxes [first, nboxes) of height h; applies keep_next, list markers
 *  and blockquote rules. Returns it (valid until the next slice is added). */
layout_slice *layout_slice_add(layout_ctx *c, size_t first, float h, float base, float before);
/** Current text column. */
void layout_column(const layout_ctx *c, float *left, float *width);
/** Collects the inlines under `parent` into c->para with `base` as the outer style. */
void layout_collect(layout_ctx *c, op_node *parent, const layout_span *base);
/** Shifts boxes [first, last) by dx, dy. */
void layout_shift(layout_ctx *c, size_t first, size_t last, float dx, float dy);
/** Lays out c->para as lines, one slice each, with widow/orphan control (keep_all keeps
 *  every line together). */
op_status layout_emit_para(layout_ctx *c, const layout_para_fmt *fmt, float left, float before,
                           int keep_all);

/** The computed style `name`.`cls` (cls may be NULL) would have as a child of the current
 *  chain, into *out. */
void layout_style_peek(layout_ctx *c, const char *name, const char *cls, style_computed *out);
/** Pushes `name`.`cls` on the chain; returns its style (valid until the next push). */
const style_computed *layout_style_push(layout_ctx *c, const char *name, const char *cls);
void layout_style_pop(layout_ctx *c);
/** Text alignment for a computed style. */
layout_align layout_style_align(const style_computed *s);

/** Registers the note a reference (a SUP with a url) stands for; repeated calls for one
 *  reference are no-ops. */
void layout_note_register(layout_ctx *c, op_node *sup);
/** The line of note n that its box b belongs to. */
size_t layout_note_line(const layout_note *n, const layout_box *b);
/** After the walk: builds every note's boxes and each slice's note references. */
void layout_notes_finish(layout_ctx *c);
void layout_notes_free(layout_notes *n);

/** Sets up a context for laying out `doc` (NULL: a book's front matter) into `d` with `o`:
 *  text environment, paragraph, theme, page geometry, inline styles. No hyphenation; the
 *  title is not looked for. Free with layout_ctx_free (which leaves d alone). */
void layout_ctx_init(layout_ctx *c, layout_doc *d, const op_doc *doc, const layout_opts *o);
void layout_ctx_free(layout_ctx *c);
/** A zero-height slice holding an outline mark (`text`, `level`) at the column's left. */
void layout_mark_slice(layout_ctx *c, const char *text, size_t len, int level);

/** Sets the --toc entries (headings down to `depth`, 0: 3) after the title block. */
op_status layout_toc_page(layout_ctx *c, int depth);
/** Sets the entries already in c->toc (a book's articles): the "Contents" heading, one
 *  entry each, then a page break. */
op_status layout_toc_set(layout_ctx *c);
/** Fills the entries' numbers and links: entry k is on page page[k] (1-based, 0: left
 *  without a number) at `top[k]` (PDF coordinates); page indexes may reach past this
 *  layout's own pages (a book's articles). */
void layout_toc_fill_at(layout_ctx *c, const size_t *page, const float *top);
/** Ties a heading's outline mark to its contents entry, if it has one. */
void layout_toc_mark(layout_ctx *c, op_node *h, layout_box *mark);
/** After pagination: page numbers, dot leaders and link targets of the entries. */
void layout_toc_fill(layout_ctx *c);
void layout_toc_free(layout_toc *t);

/** The inline span (font, size, colour) of a computed style. */
layout_span layout_span_of(const style_computed *s);
/** The column inside an element's horizontal margins, borders and padding. */
void layout_inner_column(const layout_ctx *c, const style_computed *s, float *left, float *width);
/** Line breaking for a large heading: justified when it sets without holes, else ragged
 *  with balanced lines, hyphenated as `hyphens` (its style) says. */
void layout_heading_fmt(layout_ctx *c, layout_para_fmt *fmt, int hyphens);

/** Narrows fmt->width as long as c->para's 2-4 lines stay as many, so they come out
 *  balanced instead of a long line and a lone word. */
void layout_balance(layout_ctx *c, layout_para_fmt *fmt);
/** Before the walk: a level-1/2 heading that repeats the title (perhaps without its site
 *  suffix) is not set again; its text and link become the title's (layout_title.c). */
void layout_find_title_heading(layout_ctx *c);
/** The title block: title, byline and source line, at the top of the first page. */
op_status layout_title_block(layout_ctx *c);
/** After the walk: the slices cut into pages, with their footnotes (layout_page.c). */
void layout_paginate(layout_ctx *c);

/** After pagination: the theme's @page margin boxes (running header and footer) on every
 *  page, the top ones before each page's boxes, the bottom ones after. */
void layout_margin_boxes(layout_ctx *c);

op_status layout_figure(layout_ctx *c, op_node *fig);
/** Sets a paragraph's bold lead line (a subhead before a forced break) on its own and
 *  leaves the rest in c->para; adjusts *before and fmt for it. No lead line: no change. */
op_status layout_lead_head(layout_ctx *c, layout_para_fmt *fmt, float left, float *before);
op_status layout_table(layout_ctx *c, op_node *table);
/** 1 when a paragraph holds only images (and whitespace): it is laid out as a figure. */
int layout_is_image_para(op_node *para);

#endif
