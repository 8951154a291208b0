/* Reader mode on the libxml2 tree, shared by the extract/ files: article.c runs the passes,
 * clean.c prunes what is never content and cleans the chosen article, score.c finds the
 * article container, meta.c reads the metadata. The hidden rule is the parse stage's
 * (parse_html_hidden in parse/html_map.h), the same for the mapping and for reader mode. All work
 * is linear in the tree size (times a small constant: ancestors are visited at most
 * EXTRACT_ANCESTORS deep). */
#ifndef OP_EXTRACT_INT_H
#define OP_EXTRACT_INT_H

#include "offprint/extract.h"

#include <libxml/tree.h>
#include <stddef.h>

#define EXTRACT_ANCESTORS 5

/* Flags for a pass; a pass that finds too little text is retried with fewer of them. */
#define EXTRACT_STRIP_UNLIKELY 1u /* drop elements whose class/id say "sidebar", "comment"... */
#define EXTRACT_WEIGHT_CLASSES 2u /* class/id hints add to and subtract from scores */
#define EXTRACT_CLEAN_COND     4u /* drop link-heavy or form-like blocks inside the article */
#define EXTRACT_ALL            7u

/*** Shared helpers (clean.c) ***/

/** Lends an attribute value ("" when present without a value), or NULL. */
const char *extract_attr(const xmlNode *n, const char *name);
/** 1 when n is an element named `name` (lower case). */
int extract_is(const xmlNode *n, const char *name);
/** Class/id weight: +25 when they look like content, -25 for boilerplate, summed. */
int extract_class_weight(const xmlNode *n);
/** 1 when an ancestor of n, at most `limit` levels up, is an element named `tag`. */
int extract_under(const xmlNode *n, const char *tag, int limit);
/** Next node in document order under `top`, skipping n's children when `skip`. */
xmlNode *extract_next(xmlNode *n, const xmlNode *top, int skip);
/** The elements under root (root included) in document order, parents before children, in
 *  a new array (op_free) of *n; each element's _private is set to its index + `first`. */
xmlNode **extract_index_new(xmlNode *root, size_t first, size_t *n);
/** Removes (and frees) elements that are never article content anywhere in the document:
 *  scripts, styles, forms, hidden nodes, and with EXTRACT_STRIP_UNLIKELY the blocks
 *  whose class/id name boilerplate (comments, share bars, sidebars, related links). */
void extract_prune(xmlDoc *doc, unsigned flags);
/** Cleans the chosen article in place: drops link lists, share/related/comment blocks,
 *  bylines, and (EXTRACT_CLEAN_COND) blocks that look like navigation or forms. Keeps
 *  code, tables with data, blockquotes, figures, lists and headings. */
void extract_clean(xmlNode *article, unsigned flags);

/** A caption or paragraph repeated (galleries, slideshows) is kept once; an image's alt text
 *  that repeats a block is cleared (repeat.c). */
void extract_dedupe_captions(xmlNode *article);

/** With a JSON-LD articleBody that covers most of the article (at least 60% of its text):
 *  drops paragraphs, list items, captions and subheadings of which fewer than half the
 *  words occur in that body (captions, promos, widgets the other rules missed). */
void extract_filter_by_body(xmlNode *article, const char *body);

/*** The page as a whole (verdict.c) ***/

/** A <header> or <nav> holding two paragraphs of prose (and few links) is a tag left unclosed
 *  that swallowed the page: its children from the first heading or prose paragraph on move
 *  out, after it (or, with none such, it is renamed <div>), so the article is not dropped
 *  with it. */
void extract_unswallow(xmlDoc *doc);

/** Removes comment sections found by their shape (comments.c): a list of two or more items
 *  with a short author-and-date line and text each, beside a reply form, when the page has
 *  prose outside it. Before pruning (which removes the form). */
void extract_drop_comments(xmlDoc *doc);

/* What the whole page shows, read before the passes. */
typedef struct extract_signals {
    int password;     /* an <input type=password>: a sign-in form */
    int scripts;      /* a <script> that runs */
    size_t body_text; /* text bytes in <body> outside links, forms, navigation */
} extract_signals;

void extract_page_signals(xmlDoc *doc, extract_signals *s);
/** 1 when `root`, the chosen article, is none: next to no text of its own (outside links,
 *  forms, navigation) on a page with a sign-in form, or on a page built by scripts that
 *  shows next to no text anywhere (explained). */
int extract_no_article(xmlNode *root, const extract_signals *s);

/*** Scoring (score.c) ***/

/** Finds the article: returns a new <div> element (attached at the end of the document's
 *  root element, freed with the document) holding the best candidate and its related
 *  siblings, or NULL when the document has no body text at all. `body_hint` is the
 *  JSON-LD articleBody (may be NULL), a cue for which candidate holds the article. */
xmlNode *extract_content(xmlDoc *doc, unsigned flags, const char *body_hint);
/** Visible text bytes under n (white space runs count once). */
size_t extract_text_len(xmlNode *n);
/** Bytes of t, white space runs counted once; commas (also CJK ones) added to *commas when
 *  it is not NULL. */
size_t extract_count_text(const char *t, size_t *commas);

/*** Metadata (meta.c, jsonld.c, byline.c) ***/

typedef struct extract_meta {
    char *title, *author, *published, *site, *desc, *image, *lang, *url, *body;
    char *modified;  /* the page's last-modified date (ISO 8601 when it can be read) */
    char *alt_title; /* JSON-LD "name" when "headline" differs; the one <title> shows wins */
    char *credit;    /* a wire or paper a byline names after its writers ("Jane Doe, Reuters") */
    char *canonical; /* <link rel=canonical href> as given (may be ""): the source URL first */
} extract_meta;

/** Fills m's empty fields from the best Article-like object of one JSON-LD script's text
 *  (jsonld.c); the body (articleBody) from any object. */
void extract_jsonld_read(const char *text, extract_meta *m);

/* Byline elements kept for the choice made once the headline is known (byline.c). */
#define EXTRACT_BYLINES 4

typedef struct extract_bylines {
    struct {
        char *name, *credit; /* new */
        const xmlNode *node;
    } c[EXTRACT_BYLINES]; /* in document order */
    int n, tries;
} extract_bylines;

/** When n is a byline element (rel=author, itemprop=author, a byline or author class; not in
 *  a comment thread, none inside it), its first line naming writers becomes a candidate.
 *  Bounded: 16 elements are read at most. */
void extract_byline_element(extract_bylines *bl, xmlNode *n);
void extract_bylines_free(extract_bylines *bl);
/** 1 when the byline element n stands away from the article's start: in a footer, or with a
 *  story's worth of text between it and the headline h (a blog's "Posted by Team" line). */
int extract_byline_far(const xmlNode *top, const xmlNode *h, const xmlNode *n);
/** 1 when every part of a byline's names ("Jane Doe, John Roe", "Reuters") is written as a
 *  name is, with no word of prose in lower case ("Made in Bolivia with Drupal by Studio" is
 *  not): what a byline element away from the start must show to be taken. */
int extract_byline_names_only(const char *names);
/** The lines right after the headline h (up to the story's first paragraph or the tenth
 *  line): a byline ("By Name", "Posted by Name, job") fills m->author (and m->credit) when
 *  want_author, a date line or a dateline m->published when want_date. */
void extract_text_lines_read(xmlNode *top, xmlNode *h, extract_meta *m, int want_author,
                             int want_date);
/** An account handle, not a name: "@jane", a profile URL, or one lower-case ASCII word
 *  ("mcupdate", "jane_doe"). Names in scripts without case ("山田") are names. */
int extract_is_handle(const char *s);
/** Words (runs of non-space bytes) in s[0..len). */
size_t extract_words(const char *s, size_t len);

/** Reads metadata from the whole document (before pruning) with the precedence:
 *  JSON-LD Article types (incl. @graph) > OpenGraph > Twitter > Dublin Core / <meta name>
 *  > <time datetime> > byline elements. Title loses a " | Site" suffix (the suffix becomes
 *  the site name when nothing names it); published is ISO 8601 when it can be read.
 *  Every field is new (extract_meta_free), or NULL. */
void extract_meta_read(xmlDoc *doc, extract_meta *m);
void extract_meta_free(extract_meta *m);
/** Normalises a date starting s (after white space) to ISO 8601, date or date-time when a
 *  time is given: op_date_read with every form ("2019-11-19T08:00:00-05:00", "2019/11/19",
 *  "Nov 19, 2019", "19 November 2019", "11/19/2019"). New string, or NULL when no date
 *  starts there. */
char *extract_iso_date_new(const char *s);
/** The authors of a byline's names part (after its "By"), joined by ", ": "Jane Doe, John Roe
 *  and Ann Poe" gives all three, a job title after a comma is dropped ("Jane Doe, Staff
 *  Writer"), a wire or paper after a full name ("Jane Doe, Reuters") goes to *credit (new, or
 *  NULL). New string, or NULL when the text does not start with a name. */
char *extract_byline_authors_new(const char *s, size_t len, char **credit);
/** Removes a " | Site" / " - Site" suffix: returns the title's kept length and points
 *  *suffix and *suffix_len at the suffix (or NULL). `site` (may be NULL) is the known site name. */
size_t extract_title_split(const char *title, const char *site, const char **suffix,
                           size_t *suffix_len);

/*** Explain and keep/drop (explain.c, select.c) ***/

/* The per-pass extraction context hangs on xmlDoc._private (libxml2 leaves that field to the
 * application), so hooks reach it from any node without globals or new parameters. NULL
 * when the caller asked for neither explain nor keep/drop: hooks then cost a pointer test. */
typedef struct extract_ctx {
    const op_extract_opts *opts;
    int explaining;
    int keeping;       /* --keep selectors given */
    struct xrec *recs; /* buffered records, reported when the pass wins */
    size_t nrecs, cap;
    const xmlNode **seen; /* nodes already reported as the article's siblings */
    size_t nseen, seencap;
} extract_ctx;

#define EXTRACT_EXPLAINING(n)                                                                      \
    ((n)->doc && (n)->doc->_private && ((extract_ctx *)(n)->doc->_private)->explaining)

#define EXTRACT_KEEPING(n)                                                                         \
    ((n)->doc && (n)->doc->_private && ((extract_ctx *)(n)->doc->_private)->keeping)

/** New context for the options, or NULL when they ask for nothing (no explain, no
 *  selectors). Free with extract_ctx_free. */
extract_ctx *extract_ctx_new(const op_extract_opts *o);
void extract_ctx_free(extract_ctx *c);
/** Hands the buffered records to the explain callback, in order. */
void extract_ctx_emit(extract_ctx *c);
/** Records a decision on n (when explaining): kept or dropped, and the rule (printf). */
void extract_explain(xmlNode *n, int kept, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/** Unlinks and frees element n, the one way extract/ removes nodes once scoring began: when
 *  explaining, a block under n (or n) reported as kept is reported as dropped after all,
 *  naming n and its rule ("passed cleaning; dropped with div.links (link density ...)"). */
void extract_remove(xmlNode *n);
/** extract_explain_reverse(n, mark) puts the records made since mark = extract_explain_mark(n)
 *  in reverse order (a bottom-up pass then reads top-down). */
size_t extract_explain_mark(const xmlNode *n);
void extract_explain_reverse(const xmlNode *n, size_t mark);
/** Notes that n was reported already (extract_explain_outside skips it). */
void extract_explain_seen(const xmlNode *n);
/** Reports the paragraph-like blocks left outside `article` as "outside the article". */
void extract_explain_outside(xmlDoc *doc, const xmlNode *article);
/** 1 when element n matches one of the selectors (select.c). */
int extract_select_match(const op_selector *sel, const xmlNode *n);

/* --keep marks matching elements with this attribute ("1"; "before"/"after" once the
 * article is chosen: where they stand relative to it). */
#define EXTRACT_KEEP_ATTR "data-offprint-keep"

/** 1 when n or one of its ancestors is marked kept. */
int extract_kept_or_inside(const xmlNode *n);
/** Removes the elements matching `drop` (with their subtrees). */
void extract_drop_selected(xmlDoc *doc, const op_selector *drop);
/** Marks the elements matching `keep`. */
void extract_keep_mark(xmlDoc *doc, const op_selector *keep);
/** Before a rule drops n: returns 1 when n is or sits inside a kept element (then n must
 *  stay); otherwise moves the kept elements inside n out, right before it, and returns 0.
 *  `rule` names the rule overridden, for --explain. */
int extract_keep_guard(xmlNode *n, const char *rule);
/** With the best candidate chosen: widens it to the outermost kept element around it, and
 *  notes for every other kept element whether it stands before or after it. */
xmlNode *extract_keep_around(xmlDoc *doc, xmlNode *best);
/** Moves the kept elements left outside `article` into it: those before it first, those
 *  after it last, in document order. */
void extract_keep_include(xmlDoc *doc, xmlNode *article);

/** White-space-collapsed start of t (60 code points, "…" when cut); new string. */
char *extract_explain_snippet_new(const char *t, size_t len);

#endif
