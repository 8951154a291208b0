/* Emits one laid-out page with libharu: backgrounds, images, rules, then all text in one
 * text object (one TextOut per run, so justified words sit exactly where layout put
 * them), then link annotations and outline entries. Running header and footer are text
 * boxes like any other (layout sets the theme's margin boxes). */
#include "pdf/pdf_write.h"

#include <hpdf_pages.h>

#include <stdio.h>
#include <string.h>

#define MAX_SHOW 16000 /* bytes per ShowText call; libharu silently drops > 65535 */

static void set_fill(HPDF_Page page, uint32_t rgb)
{
    HPDF_Page_SetRGBFill(page, (float)((rgb >> 16) & 255) / 255.0f,
                         (float)((rgb >> 8) & 255) / 255.0f, (float)(rgb & 255) / 255.0f);
}

static void set_stroke(HPDF_Page page, uint32_t rgb)
{
    HPDF_Page_SetRGBStroke(page, (float)((rgb >> 16) & 255) / 255.0f,
                           (float)((rgb >> 8) & 255) / 255.0f, (float)(rgb & 255) / 255.0f);
}

static void draw_graphics(pdf_writer *w, const layout_box *b, size_t n, HPDF_Page page)
{
    for (size_t i = 0; i < n; i++) {
        if (b[i].kind != LAYOUT_BOX_RECT)
            continue;
        set_fill(page, b[i].rgb);
        HPDF_Page_Rectangle(page, b[i].x, b[i].y, b[i].w, b[i].h);
        HPDF_Page_Fill(page);
    }
    for (size_t i = 0; i < n; i++) {
        if (b[i].kind != LAYOUT_BOX_IMAGE)
            continue;
        HPDF_Image img = pdf_image_get(w, b[i].str);
        if (img)
            HPDF_Page_DrawImage(page, img, b[i].x, b[i].y, b[i].w, b[i].h);
    }
    HPDF_Page_SetLineCap(page, HPDF_BUTT_END);
    for (size_t i = 0; i < n; i++) {
        if (b[i].kind != LAYOUT_BOX_RULE)
            continue;
        HPDF_Page_SetLineWidth(page, b[i].size);
        set_stroke(page, b[i].rgb);
        HPDF_Page_MoveTo(page, b[i].x, b[i].y);
        HPDF_Page_LineTo(page, b[i].x + b[i].w, b[i].y + b[i].h);
        HPDF_Page_Stroke(page);
    }
}

/* Text longer than MAX_SHOW goes out in pieces cut at UTF-8 boundaries. */
static void show_long(HPDF_Page page, float x, float y, const char *s, size_t len)
{
    char *tmp = op_malloc(MAX_SHOW + 1);
    size_t i = 0;
    while (i < len) {
        size_t n = len - i > MAX_SHOW ? MAX_SHOW : len - i;
        while (n > 0 && i + n < len && (s[i + n] & 0xC0) == 0x80)
            n--;
        if (n == 0)
            break;
        memcpy(tmp, s + i, n);
        tmp[n] = '\0';
        HPDF_Page_TextOut(page, x, y, tmp);
        x += HPDF_Page_TextWidth(page, tmp);
        i += n;
    }
    op_free(tmp);
}

/* libharu's ShowText draws nothing when the text has no width, as a run of marks placed
 * apart from their letters has: TextOut moves there and the Tj is written by hand (the
 * codes are the code points, 2 bytes each, as in libharu's UTF-8 CID fonts). */
static void show_marks(HPDF_Page page, const layout_box *b)
{
    HPDF_Page_TextOut(page, b->x, b->y, b->str);
    HPDF_Stream s = ((HPDF_PageAttr)page->attr)->stream;
    char hex[8];
    HPDF_Stream_WriteStr(s, "<");
    for (size_t i = 0; i < b->len;) {
        uint32_t cp = op_utf8_next(b->str, b->len, &i);
        snprintf(hex, sizeof hex, "%04X", (unsigned)(cp <= 0xFFFF ? cp : 0xFFFD));
        HPDF_Stream_WriteStr(s, hex);
    }
    HPDF_Stream_WriteStr(s, "> Tj\012");
}

typedef struct text_state {
    HPDF_Font font;
    float size;
    float hs; /* horizontal scaling (Tz) as a factor */
    uint32_t rgb;
    int bold; /* rendering mode fill + stroke (emboldened) */
    float lw; /* stroke width set for it */
    uint32_t stroke;
} text_state;

/* Bold set in a face that has none (the CJK fallback): the glyphs are filled and stroked
 * with a line of 1/30 em in the text colour, as word processors embolden such faces. The
 * advances stay the face's own. */
static void set_embolden(HPDF_Page page, text_state *ts, const layout_box *b)
{
    int bold = (b->flags & LAYOUT_BOXF_EMBOLDEN) != 0;
    if (bold != ts->bold) {
        HPDF_Page_SetTextRenderingMode(page, bold ? HPDF_FILL_THEN_STROKE : HPDF_FILL);
        ts->bold = bold;
    }
    if (!bold)
        return;
    float lw = b->size / 30.0f;
    if (lw != ts->lw) {
        HPDF_Page_SetLineWidth(page, lw);
        ts->lw = lw;
    }
    if (b->rgb != ts->stroke) {
        set_stroke(page, b->rgb);
        ts->stroke = b->rgb;
    }
}

/* Font expansion: the glyphs of a justified line may be 2% wider or narrower (Tz). Word
 * positions come from layout, so Tz only changes the glyphs' own advances. */
static void set_hscale(HPDF_Page page, text_state *ts, float hs)
{
    if (hs <= 0)
        hs = 1;
    if (hs != ts->hs) {
        HPDF_Page_SetHorizontalScalling(page, hs * 100.0f);
        ts->hs = hs;
    }
}

static void draw_run(pdf_writer *w, HPDF_Page page, text_state *ts, const layout_box *b)
{
    HPDF_Font font = pdf_font_get(w, b->face);
    if (!font || b->size <= 0)
        return;
    if (font != ts->font || b->size != ts->size) {
        HPDF_Page_SetFontAndSize(page, font, b->size);
        ts->font = font;
        ts->size = b->size;
    }
    set_hscale(page, ts, b->hscale);
    set_embolden(page, ts, b);
    if (b->rgb != ts->rgb) {
        set_fill(page, b->rgb);
        ts->rgb = b->rgb;
    }
    if (b->flags & LAYOUT_BOXF_MARKS)
        show_marks(page, b);
    else if (b->len > MAX_SHOW)
        show_long(page, b->x, b->y, b->str, b->len);
    else
        HPDF_Page_TextOut(page, b->x, b->y, b->str);
}

op_status pdf_draw_page(pdf_writer *w, const layout_doc *d, size_t pi, HPDF_Page page)
{
    const layout_box *b = d->boxes + d->pages[pi].first;
    size_t n = d->pages[pi].count;
    draw_graphics(w, b, n, page);
    text_state ts = {.font = NULL, .size = 0, .hs = 1, .rgb = 0xFFFFFFFFu, .stroke = 0xFFFFFFFFu};
    HPDF_Page_BeginText(page);
    for (size_t i = 0; i < n; i++)
        if (b[i].kind == LAYOUT_BOX_TEXT)
            draw_run(w, page, &ts, &b[i]);
    HPDF_Page_EndText(page);
    for (size_t i = 0; i < n; i++) {
        if (b[i].kind == LAYOUT_BOX_LINK)
            pdf_nav_link(w, page, &b[i]);
        else if (b[i].kind == LAYOUT_BOX_MARK)
            pdf_nav_mark(w, page, &b[i]);
    }
    if (w->nerr && w->err) {
        op_diag_report(w->diag, OP_SEV_WARNING, NULL, 0,
                       "libharu error 0x%04X (detail %u) on page %zu", (unsigned)w->err,
                       (unsigned)w->detail, pi + 1);
        pdf_reset_error(w);
    }
    return OP_OK;
}
