/* op_page (extract.h): one input on its way through the reading stages. The parse stage's
 * result, then what reader mode chose (its metadata goes straight into `doc`), until
 * op_page_to_doc hands the finished document out. */
#ifndef OP_EXTRACT_PAGE_H
#define OP_EXTRACT_PAGE_H

#include "offprint/extract.h"
#include "parse/input.h"

struct op_page {
    parse_input in;        /* bytes as UTF-8, the HTML tree or the text dump's lines */
    op_doc *doc;           /* the document being made: metadata from op_extract, the body from
                              op_page_to_doc (Markdown: all of it, at parse time); NULL once out */
    int extracted;         /* op_extract ran */
    op_explain_fn explain; /* op_extract's callback: the title-block clean-up reports too */
    void *explain_ud;
    /* HTML, set by op_extract */
    xmlDoc *article; /* the tree of the winning pass (root is in it), or NULL */
    xmlNode *root;   /* the element whose content is the article (in article or in.tree); NULL
                        when the page holds none (a login wall, an app shell) */
    int keep;        /* --keep selectors marked elements: they are shown */
};

/** Reader mode on an HTML page (article.c): --drop/--keep, metadata into p->doc, the article
 *  element into p->article/p->root. */
op_status extract_html(op_page *p, const op_extract_opts *xo);
/** Reader mode on a text dump (text.c): title, boilerplate, captions, byline, dateline,
 *  credit and headings; metadata into p->doc, the blocks into p->in.text. */
op_status extract_text(op_page *p, const op_extract_opts *xo);
/** The dumping tool's marks in the lines from `from` (text_chrome.c): lynx's References list
 *  goes (d->n shrinks, d->refs set so its [12] link numbers are not text), html2text's starred
 *  headings and underlined links are read; links[i] counts the links on line i. */
void extract_text_unmark(text_dump *d, size_t from, unsigned short *links);
/** The article among the blocks: *first and *last bound the blocks [first, last) kept, each
 *  block's shape score in scores[] (d->nb of them; below zero: chrome), strong[i] set when
 *  block i is chrome wherever it stands (mostly links, form fields). */
void extract_text_span(text_dump *d, const unsigned short *links, size_t *first, size_t *last,
                       long *scores, unsigned char *strong);
/** The title block's clean-up on the finished HTML model (tidy.c): the first heading or a
 *  repeat of the title, and byline and date lines among the first blocks, are shown by the
 *  title block only; a dateline opening the text goes (its place to the metadata). */
void extract_tidy(op_doc *doc, op_explain_fn explain, void *ud);

#endif
