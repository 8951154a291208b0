/* Navigation in the PDF: URI link annotations over link text (borderless, ASCII or
 * percent-encoded URIs), the outline built from headings (UTF-8 titles, nested by level,
 * destinations "[page /XYZ left top null]" built by hand because libharu's SetXYZ rejects
 * a null zoom), page labels, and the document info dictionary. */
#include "pdf/pdf_write.h"

#include <hpdf_objects.h>

#include <string.h>

#define MAX_URI  2048
#define MAX_INFO 1000

static int uri_allowed(const char *u)
{
    static const char *const schemes[] = {"http://", "https://", "mailto:", "ftp://"};
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        if (strncmp(u, schemes[i], strlen(schemes[i])) == 0)
            return 1;
    return 0;
}

/* Percent-encodes bytes outside printable ASCII and the PDF string delimiters. */
static char *uri_encode(const char *u)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(u);
    if (n > MAX_URI)
        return NULL;
    char *out = op_malloc(n * 3 + 1), *o = out;
    for (const unsigned char *s = (const unsigned char *)u; *s; s++) {
        if (*s <= 0x20 || *s >= 0x7F || *s == '(' || *s == ')' || *s == '\\' || *s == '<' ||
            *s == '>' || *s == '"') {
            *o++ = '%';
            *o++ = hex[*s >> 4];
            *o++ = hex[*s & 15];
        } else {
            *o++ = (char)*s;
        }
    }
    *o = '\0';
    return out;
}

void pdf_nav_link(pdf_writer *w, HPDF_Page page, const layout_box *b)
{
    if (!b->str || !uri_allowed(b->str))
        return;
    char *uri = uri_encode(b->str);
    if (!uri)
        return;
    HPDF_Rect r = {b->x, b->y, b->x + b->w, b->y + b->h};
    HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(page, r, uri);
    if (a)
        HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
    else
        pdf_reset_error(w);
    op_free(uri);
}

/* [page /XYZ left top null]: keep the reader's zoom. */
static HPDF_Destination make_dest(pdf_writer *w, HPDF_Page page, float left, float top)
{
    HPDF_Destination d = HPDF_Page_CreateDestination(page);
    if (!d)
        return NULL;
    HPDF_Array_Clear(d);
    HPDF_Array_Add(d, page);
    HPDF_Array_AddName(d, "XYZ");
    HPDF_Array_AddReal(d, left);
    HPDF_Array_AddReal(d, top);
    HPDF_Array_Add(d, HPDF_Null_New(w->pdf->mmgr));
    return d;
}

void pdf_nav_goto(pdf_writer *w, HPDF_Page page, const layout_box *b, HPDF_Page target)
{
    HPDF_Destination d = make_dest(w, target, 0, b->size);
    if (!d) {
        pdf_reset_error(w);
        return;
    }
    HPDF_Rect r = {b->x, b->y, b->x + b->w, b->y + b->h};
    HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(page, r, d);
    if (a)
        HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
    if (w->err)
        pdf_reset_error(w);
}

void pdf_nav_mark(pdf_writer *w, HPDF_Page page, const layout_box *b)
{
    int level = b->level + w->mark_shift;
    level = level < 1 ? 1 : level > 7 ? 7 : level;
    HPDF_Outline parent = NULL;
    for (int k = level - 1; k >= 1 && !parent; k--)
        parent = w->outline[k];
    HPDF_Encoder enc = HPDF_GetEncoder(w->pdf, "UTF-8");
    const char *title = b->str && b->str[0] ? b->str : "\xE2\x80\x94";
    HPDF_Outline o = HPDF_CreateOutline(w->pdf, parent, title, enc);
    if (!o) {
        pdf_reset_error(w);
        return;
    }
    HPDF_Outline_SetOpened(o, level <= 1 ? HPDF_TRUE : HPDF_FALSE);
    HPDF_Destination d = make_dest(w, page, b->x, b->y + 4);
    if (d)
        HPDF_Outline_SetDestination(o, d);
    w->outline[level] = o;
    w->has_outline = 1;
    for (int k = level + 1; k <= 7; k++)
        w->outline[k] = NULL;
    if (w->err)
        pdf_reset_error(w);
}

/* Copies at most MAX_INFO bytes of s, cut at a character boundary. */
static void set_info(pdf_writer *w, HPDF_InfoType t, const char *s)
{
    if (!s || !*s)
        return;
    size_t n = strlen(s);
    if (n > MAX_INFO) {
        n = MAX_INFO;
        while (n > 0 && (s[n] & 0xC0) == 0x80)
            n--;
    }
    char *tmp = op_strndup(s, n);
    if (HPDF_SetInfoAttr(w->pdf, t, tmp) != HPDF_OK)
        pdf_reset_error(w);
    op_free(tmp);
}

/* /Lang (the document's language as a BCP 47 tag, as in the EPUB) and DisplayDocTitle in the
 * catalog, for readers and screen readers. */
static void catalog_extras(pdf_writer *w)
{
    HPDF_Dict cat = w->pdf->catalog;
    char lang[36];
    op_lang_tag(w->info_lang ? w->info_lang : op_doc_get_meta(w->doc, OP_META_LANG), lang,
                sizeof lang);
    if (lang[0])
        HPDF_Dict_Add(cat, "Lang", HPDF_String_New(w->pdf->mmgr, lang, NULL));
    if (w->info_title || op_doc_get_meta(w->doc, OP_META_TITLE)) {
        HPDF_Dict vp = HPDF_Dict_New(w->pdf->mmgr);
        if (vp && HPDF_Dict_AddBoolean(vp, "DisplayDocTitle", HPDF_TRUE) == HPDF_OK)
            HPDF_Dict_Add(cat, "ViewerPreferences", vp);
    }
    if (w->err)
        pdf_reset_error(w);
}

void pdf_nav_info(pdf_writer *w)
{
    const op_doc *doc = w->doc;
    catalog_extras(w);
    /* /PageLabels: plain decimal numbers from 1, as the footers print them */
    if (HPDF_AddPageLabel(w->pdf, 0, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, NULL) != HPDF_OK)
        pdf_reset_error(w);
    if (w->info_title) { /* a book */
        set_info(w, HPDF_INFO_TITLE, w->info_title);
        set_info(w, HPDF_INFO_AUTHOR, w->info_author);
        set_info(w, HPDF_INFO_CREATOR, "offprint " OP_VERSION_STRING);
        return;
    }
    set_info(w, HPDF_INFO_TITLE, op_doc_get_meta(doc, OP_META_TITLE));
    set_info(w, HPDF_INFO_AUTHOR, op_doc_get_meta(doc, OP_META_AUTHOR));
    const char *subj = op_doc_get_meta(doc, OP_META_DESCRIPTION);
    set_info(w, HPDF_INFO_SUBJECT, subj ? subj : op_doc_get_meta(doc, OP_META_SITE_NAME));
    set_info(w, HPDF_INFO_CREATOR, "offprint " OP_VERSION_STRING);
}
