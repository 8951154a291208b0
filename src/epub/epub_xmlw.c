/* Thin wrapper around libxml2's xmlTextWriter for every XML file of the EPUB: text is cleaned
 * to valid XML characters first, non-void elements always get an explicit end tag (an empty
 * <p/> would be read as an unclosed <p> by HTML parsers), and the first failure is sticky so
 * callers check once at the end (epub_xw_finish). */
#include "epub/epub_int.h"

#include <libxml/xmlwriter.h>

#include <string.h>

struct epub_xw {
    xmlBufferPtr xbuf;
    xmlTextWriterPtr w;
    op_buf *out;
    op_buf tmp;
    int failed;
};

static void check(epub_xw *x, int rc)
{
    if (rc < 0)
        x->failed = 1;
}

epub_xw *epub_xw_new(op_buf *out)
{
    epub_xw *x = op_calloc(1, sizeof *x);

    x->out = out;
    op_buf_init(&x->tmp, 0);
    x->xbuf = xmlBufferCreate();
    x->w = x->xbuf ? xmlNewTextWriterMemory(x->xbuf, 0) : NULL;
    if (!x->w) {
        x->failed = 1;
        return x;
    }
    check(x, xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL));
    return x;
}

op_status epub_xw_finish(epub_xw *x)
{
    op_status st = OP_OK;

    if (x->w) {
        check(x, xmlTextWriterEndDocument(x->w));
        xmlFreeTextWriter(x->w); /* flushes into xbuf */
    }
    if (!x->failed && x->xbuf) {
        op_buf_reset(x->out);
        st = op_buf_add(x->out, xmlBufferContent(x->xbuf), (size_t)xmlBufferLength(x->xbuf));
    }
    if (x->failed)
        st = OP_ERR_EPUB;
    if (x->xbuf)
        xmlBufferFree(x->xbuf);
    op_buf_free(&x->tmp);
    op_free(x);
    return st;
}

size_t epub_xw_offset(epub_xw *x)
{
    if (x->failed)
        return 0;
    check(x, xmlTextWriterFlush(x->w));
    return x->failed ? 0 : (size_t)xmlBufferLength(x->xbuf);
}

void epub_xw_doctype_html(epub_xw *x)
{
    if (x->failed)
        return;
    check(x, xmlTextWriterStartDTD(x->w, BAD_CAST "html", NULL, NULL));
    check(x, xmlTextWriterEndDTD(x->w));
    check(x, xmlTextWriterWriteRaw(x->w, BAD_CAST "\n"));
}

void epub_xw_xhtml_open(epub_xw *x, const char *lang, const char *title, const char *css_href)
{
    epub_xw_doctype_html(x);
    epub_xw_start(x, "html");
    epub_xw_attr(x, "xmlns", "http://www.w3.org/1999/xhtml");
    epub_xw_attr(x, "xmlns:epub", "http://www.idpf.org/2007/ops");
    epub_xw_attr(x, "lang", lang);
    epub_xw_attr(x, "xml:lang", lang);
    if (epub_lang_rtl(lang))
        epub_xw_attr(x, "dir", "rtl");
    epub_xw_nl(x);
    epub_xw_start(x, "head");
    epub_xw_nl(x);
    epub_xw_elem(x, "title", title);
    epub_xw_nl(x);
    epub_xw_start(x, "link");
    epub_xw_attr(x, "rel", "stylesheet");
    epub_xw_attr(x, "type", "text/css");
    epub_xw_attr(x, "href", css_href);
    epub_xw_end_void(x);
    epub_xw_nl(x);
}

void epub_xw_start(epub_xw *x, const char *name)
{
    if (!x->failed)
        check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

/* Cleans s into x->tmp; returns the NUL-terminated result or NULL on failure. */
static const char *cleaned(epub_xw *x, const char *s, size_t len)
{
    op_buf_reset(&x->tmp);
    if (epub_clean_text(&x->tmp, s, len) != OP_OK || op_buf_add(&x->tmp, "", 0) != OP_OK) {
        x->failed = 1;
        return NULL;
    }
    return x->tmp.data ? x->tmp.data : "";
}

void epub_xw_attr(epub_xw *x, const char *name, const char *value)
{
    const char *v;

    if (x->failed)
        return;
    if (!value)
        value = "";
    v = cleaned(x, value, strlen(value));
    if (v)
        check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST v));
}

void epub_xw_attr_int(epub_xw *x, const char *name, long value)
{
    if (!x->failed)
        check(x, xmlTextWriterWriteFormatAttribute(x->w, BAD_CAST name, "%ld", value));
}

void epub_xw_text(epub_xw *x, const char *s, size_t len)
{
    const char *v;

    if (x->failed || len == 0)
        return;
    v = cleaned(x, s, len);
    if (v && *v)
        check(x, xmlTextWriterWriteString(x->w, BAD_CAST v));
}

void epub_xw_texts(epub_xw *x, const char *s)
{
    if (s)
        epub_xw_text(x, s, strlen(s));
}

void epub_xw_end(epub_xw *x)
{
    if (!x->failed)
        check(x, xmlTextWriterFullEndElement(x->w));
}

void epub_xw_end_void(epub_xw *x)
{
    if (!x->failed)
        check(x, xmlTextWriterEndElement(x->w));
}

void epub_xw_nl(epub_xw *x)
{
    if (!x->failed)
        check(x, xmlTextWriterWriteString(x->w, BAD_CAST "\n"));
}

void epub_xw_elem(epub_xw *x, const char *name, const char *text)
{
    epub_xw_start(x, name);
    epub_xw_texts(x, text);
    epub_xw_end(x);
}
