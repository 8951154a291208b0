/* The reading stages in order, on one op_page: op_page_parse (the parse stage: bytes ->
 * tree, lines or Markdown model), op_extract (reader mode: which part is the article, its
 * metadata) and op_page_to_doc (the model, built from what reader mode chose through the
 * parse stage's mapping, then the title block's clean-up). The one-call form is op_read
 * (convert/read.c). */
#include "core/core.h"
#include "extract/extract_int.h"
#include "extract/page.h"
#include "parse/html_map.h"
#include "parse/parse.h"

#include <string.h>

op_status op_page_parse(const char *data, size_t len, const op_parse_opts *opts, op_page **out)
{
    op_page *p = op_calloc(1, sizeof *p);
    *out = NULL;
    op_status st = parse_input_read(&p->in, data, len, opts);
    if (st) {
        op_free(p);
        return st;
    }
    if (p->in.format == OP_FORMAT_MARKDOWN) {
        p->doc = p->in.doc;
        p->in.doc = NULL;
    } else {
        p->doc = op_doc_new();
    }
    *out = p;
    return OP_OK;
}

op_format op_page_format(const op_page *page)
{
    return page->in.format;
}

op_status op_extract(op_page *page, const op_extract_opts *opts)
{
    if (page->extracted || !page->doc)
        return OP_ERR_USAGE;
    page->extracted = 1;
    page->explain = opts ? opts->explain : NULL;
    page->explain_ud = opts ? opts->explain_ud : NULL;
    op_status st = OP_OK;
    switch (page->in.format) {
    case OP_FORMAT_HTML:
        st = extract_html(page, opts);
        break;
    case OP_FORMAT_TEXT:
        st = extract_text(page, opts);
        break;
    case OP_FORMAT_MARKDOWN: /* front matter is not reader mode */
    case OP_FORMAT_AUTO:
        break;
    }
    if (st) { /* half-made: nothing to build from */
        op_doc_free(page->doc);
        page->doc = NULL;
    }
    return st;
}

/*** Building the model ***/

/* Without reader mode: the <body>, or the root element. */
static xmlNode *whole_page(xmlDoc *doc)
{
    xmlNode *top = xmlDocGetRootElement(doc);
    for (xmlNode *n = top; n; n = extract_next(n, top, 0))
        if (extract_is(n, "body"))
            return n;
    return top;
}

/* The base folder and, in debug builds, the model's invariants. */
static void finish(op_page *p)
{
    op_doc_set_meta(p->doc, OP_META_BASE_DIR, p->in.base_dir, strlen(p->in.base_dir));
    parse_input_report_outside(&p->in);
    parse_done(p->doc, &p->in.opts);
}

static op_status html_to_doc(op_page *p)
{
    parse_html_map_opts mo;
    memset(&mo, 0, sizeof mo);
    const char *href = parse_html_base_href(p->in.tree);
    parse_input_base(&p->in, op_doc_get_meta(p->doc, OP_META_SOURCE_URL), href, &mo.base);
    mo.base_href = mo.base.url ? mo.base.url : href;
    mo.max_depth = parse_max_depth(&p->in.opts);
    mo.kept = p->keep ? extract_kept_or_inside : NULL;
    xmlNode *root = p->extracted ? p->root : whole_page(p->in.tree);
    op_status st = root ? parse_html_map(p->doc, root, &mo) : OP_OK; /* NULL: no article */
    if (p->extracted)
        extract_tidy(p->doc, p->explain, p->explain_ud);
    finish(p);
    op_free((char *)mo.base.url);
    return st;
}

static op_status text_to_doc(op_page *p)
{
    if (!p->extracted)
        parse_text_blocks(&p->in.text, 0);
    op_status st = parse_text_emit(&p->in.text, p->doc, parse_max_depth(&p->in.opts));
    finish(p);
    return st;
}

op_status op_page_to_doc(op_page *page, op_doc **out)
{
    op_status st = OP_OK;
    *out = NULL;
    if (!page->doc)
        return OP_ERR_USAGE;
    switch (page->in.format) {
    case OP_FORMAT_HTML:
        st = html_to_doc(page);
        break;
    case OP_FORMAT_TEXT:
        st = text_to_doc(page);
        break;
    case OP_FORMAT_MARKDOWN: /* made, finished and checked at parse time */
    case OP_FORMAT_AUTO:
        break;
    }
    if (st)
        return st;
    *out = page->doc;
    page->doc = NULL;
    return OP_OK;
}

void op_page_free(op_page *page)
{
    if (!page)
        return;
    parse_input_free(&page->in);
    op_doc_free(page->doc);
    if (page->article)
        xmlFreeDoc(page->article);
    op_free(page);
}
