/* Cutting what no article needs out of a page before the HTML5 tokenizer reads it
 * (html_cut.c): the content of <script> and <style> elements, whole comments and long
 * attribute values. The tree adapter (html_tree.c) checks each cut against the tree gumbo
 * builds from the cut page and puts script and style text back as one text node and values
 * as their attribute's, so the tree is the one the whole page gives; when a check
 * fails it parses the whole page instead. */
#ifndef OP_PARSE_HTML_CUT_H
#define OP_PARSE_HTML_CUT_H

#include "core/core.h"

#include <stddef.h>

typedef enum html_cut_kind {
    HTML_CUT_SCRIPT,
    HTML_CUT_STYLE,
    HTML_CUT_COMMENT,
    HTML_CUT_ATTR /* a long quoted attribute value of a start tag */
} html_cut_kind;

typedef struct html_cut {
    size_t at;       /* in the cut page: script and style: just after the start tag, where the
                        end tag now follows; a comment: its '<' (it is now "<!---->"); an
                        attribute value: after the opening quote, where the closing one follows */
    size_t from, to; /* in the page: the element's content; a comment whole; the value */
    html_cut_kind kind;
    int seen; /* set by the check: the tree has it where it should be */
} html_cut;

typedef struct html_cuts {
    char *text; /* the cut page, NUL-terminated (NULL: nothing was cut) */
    size_t len;
    html_cut *v; /* in page order, so `at` increases */
    size_t n;
    size_t n_attr; /* how many of them are attribute values */
} html_cuts;

/** Cuts the content of script and style elements and whole comments (16 bytes or more) and
 *  quoted attribute values of start tags (64 bytes or more, without character references) out
 *  of the UTF-8 page s[0..len) into *c, following the HTML5 tokenizer's states (script data
 *  with its escaped and double-escaped states, raw text, comments; RCDATA and raw-text
 *  elements skipped; inside <svg> and <math> only comments and attribute values). Returns the
 * number of cuts; with none, c->text stays NULL. Free with parse_html_cuts_free. */
size_t parse_html_cut(const char *s, size_t len, html_cuts *c);
void parse_html_cuts_free(html_cuts *c);

/** The cut of `kind` at position `at` of the cut page, or NULL. */
html_cut *parse_html_cut_find(const html_cuts *c, size_t at, html_cut_kind kind);

/** Appends to `out` the text the tokenizer makes of the content (or value) cut by `k` from
 *  page `s`:
 *  CR LF and CR become LF; NUL, controls and non-characters U+FFFD, as gumbo's input stream
 *  does. Returns -1 (nothing appended) when the bytes are not valid UTF-8. */
int parse_html_cut_text(const char *s, const html_cut *k, op_buf *out);

#endif
