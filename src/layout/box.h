/* The layout result: positioned boxes (text runs, rules, rectangles, images, link areas,
 * outline marks) grouped into pages. layout_* builds it from the model; pdf_draw_* emits
 * it with libharu. Nothing here depends on libharu or FreeType. */
#ifndef OP_LAYOUT_BOX_H
#define OP_LAYOUT_BOX_H

#include "core/core.h"
#include "offprint/doc.h"
#include "layout/metrics.h"
#include "offprint/style.h"

#include <stdint.h>

typedef enum layout_box_kind {
    LAYOUT_BOX_TEXT = 0, /* str/len UTF-8 drawn with face at size; x,y = baseline start */
    LAYOUT_BOX_RECT,     /* filled rectangle; x,y lower-left, w,h */
    LAYOUT_BOX_RULE,     /* line from (x,y) to (x+w, y+h); size = line width */
    LAYOUT_BOX_IMAGE,    /* str = image url; x,y lower-left, w,h */
    LAYOUT_BOX_LINK,     /* str = URI; x,y lower-left, w,h */
    LAYOUT_BOX_MARK,     /* outline entry: str = title, level (0: an article or the
                            contents of a book); y = top of the heading;
                            face = 1 + its --toc entry, 0 = none */
    LAYOUT_BOX_GOTO      /* link to a place in the document: x,y lower-left, w,h; when face
                            is 1, len = target page index and size = target top */
} layout_box_kind;

#define LAYOUT_BOXF_EXTEND_UP 1 /* rule: grow upwards over the gap to the previous slice */
#define LAYOUT_BOXF_TOC_LEADER                                                                     \
    2 /* layout only: placeholder of a --toc entry's dot leader (level = entry) */
#define LAYOUT_BOXF_TOC_NUM 4 /* layout only: placeholder of its page number */
/* text: bold wanted but the face is a regular one (a fallback with no bold, such as the
 * CJK font): drawn emboldened (filled and stroked) */
#define LAYOUT_BOXF_EMBOLDEN 8
/* text: every glyph has no width of its own (marks drawn apart from their letters) */
#define LAYOUT_BOXF_MARKS 16

/* While a block is being laid out, coordinates are relative to its slice: x from the
 * page's left edge, y downwards from the slice top. Pagination turns them into PDF
 * coordinates (origin bottom-left, y up), which is what pdf_draw sees. */
typedef struct layout_box {
    uint8_t kind;
    uint8_t flags;
    int16_t face;  /* TEXT */
    int16_t level; /* MARK: heading level 1..6 */
    uint32_t rgb;  /* TEXT, RECT, RULE: 0xRRGGBB */
    uint32_t len;  /* TEXT: bytes of str */
    float x, y, w, h;
    float size;   /* TEXT: font size; RULE: line width */
    float hscale; /* TEXT: horizontal glyph scale (font expansion); 0 or 1 = none */
    const char *str;
} layout_box;

typedef struct layout_page {
    size_t first, count; /* range in layout_doc.boxes */
} layout_page;

typedef struct layout_doc {
    float page_w, page_h;
    layout_box *boxes;
    size_t nboxes, capboxes;
    layout_page *pages;
    size_t npages;
    op_arena *arena;   /* strings of the boxes */
    const char *title; /* layout_opts.book: the title its title block shows (arena), or NULL */
} layout_doc;

/* Image sizes come from the PDF writer, which decodes (and caches) the image. */
typedef int (*layout_image_fn)(void *ud, const char *url, int *px_w, int *px_h);

typedef struct layout_opts {
    float page_w, page_h;  /* points */
    const op_style *style; /* the theme (with its base sheet); NULL: the base sheet alone */
    const char *lang;      /* BCP 47 or NULL, for line breaking and hyphenation (NULL: none);
                              never guessed here: the pipeline guesses a missing one once */
    const layout_metrics *metrics;
    layout_image_fn image_size; /* returns 0 when the image can be drawn */
    void *image_ud;
    op_diag *diag;
    struct op_hyph *hyph;     /* hyphenation dictionaries lent by the caller (prepared for
                                 this document), or NULL: the layout reads its own */
    int no_hyphenate;         /* body text without hyphenation */
    int no_justify;           /* body text ragged right */
    int stats;                /* report line statistics (a note to diag) */
    int toc;                  /* a contents page after the title block */
    int toc_depth;            /* its heading levels (0: h1-h3) */
    struct layout_gmap *gmap; /* codes for shaped glyphs (complex scripts), shared by the
                                 documents of one PDF; NULL: such text is set unshaped */
    int book;                 /* an article of a book (layout_book.c): an outline mark of level 0
                                 with its title at its start, no --toc page, no running header
                                 or footer yet (layout_book_margins adds them) */
} layout_opts;

/** Lays out the whole document into pages. Returns a new layout_doc (free with
 *  layout_doc_free) in *out; OP_ERR_LIMIT for absurd inputs. Memory is linear in the
 *  input. Uncovered code points are reported once each to o->diag. */
op_status layout_document(const op_doc *doc, const layout_opts *o, layout_doc **out);
void layout_doc_free(layout_doc *d);

/** Appends a zeroed box to d and returns it (valid until the next append). */
layout_box *layout_box_push(layout_doc *d, layout_box_kind kind);

#endif
