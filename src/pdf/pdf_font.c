/* Fonts in libharu: each face of the layout's font set is loaded (embedded, UTF-8 CID
 * font) the first time a text box uses it. The layout is done before drawing, so the code
 * points each face draws are known: the face is first cut down to them with hb-subset
 * (layout/subset.c; libharu's own subsetting keeps hmtx, cmap, post and a 64K /W array)
 * and loaded from a temporary file. Two libharu 2.3.0 fix-ups live here: a valid ToUnicode CMap
 * (libharu writes a malformed begincidrange) and the closure of composite glyph components before
 * saving (nested components are otherwise left out). */
#include "pdf/pdf_write.h"
#include "layout/subset.h"

#include <hpdf_font.h>
#include <hpdf_fontdef.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Identity ToUnicode for 2-byte codes (CID = Unicode code point in libharu's UTF-8
 * encoding), skipping the surrogate block. bfrange blocks hold at most 100 entries. */
static void fix_tounicode(HPDF_Font font)
{
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    if (!attr || !attr->cmap_stream || !attr->cmap_stream->stream)
        return;
    HPDF_Stream s = attr->cmap_stream->stream;
    HPDF_MemStream_FreeData(s);
    HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n"
                            "12 dict begin\n"
                            "begincmap\n"
                            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 "
                            ">> def\n"
                            "/CMapName /Adobe-Identity-UCS def\n"
                            "/CMapType 2 def\n"
                            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    int hi[256], n = 0;
    for (int h = 0; h < 256; h++)
        if (h < 0xD8 || h > 0xDF)
            hi[n++] = h;
    char line[64];
    for (int i = 0; i < n; i += 100) {
        int m = n - i < 100 ? n - i : 100;
        snprintf(line, sizeof line, "%d beginbfrange\n", m);
        HPDF_Stream_WriteStr(s, line);
        for (int k = i; k < i + m; k++) {
            snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", hi[k], hi[k], hi[k]);
            HPDF_Stream_WriteStr(s, line);
        }
        HPDF_Stream_WriteStr(s, "endbfrange\n");
    }
    HPDF_Stream_WriteStr(s, "endcmap\n"
                            "CMapName currentdict /CMap defineresource pop\n"
                            "end\nend\n");
}

static void font_slots(pdf_writer *w)
{
    int n = layout_fonts_count(w->fonts);
    if (n <= w->nfaces)
        return;
    w->hfonts = op_realloc(w->hfonts, (size_t)n * sizeof *w->hfonts);
    w->font_failed = op_realloc(w->font_failed, (size_t)n);
    w->subset = op_realloc(w->subset, (size_t)n);
    if (w->used) {
        w->used = op_realloc(w->used, (size_t)n * sizeof *w->used);
        for (int i = w->nfaces; i < n; i++)
            w->used[i] = NULL;
    }
    for (int i = w->nfaces; i < n; i++) {
        w->hfonts[i] = NULL;
        w->font_failed[i] = 0;
        w->subset[i] = 0;
    }
    w->nfaces = n;
}

/*** Pre-subsetting ***/

void pdf_font_collect(pdf_writer *w, const layout_doc *d)
{
    font_slots(w);
    if (!w->used)
        w->used = op_calloc((size_t)w->nfaces, sizeof *w->used);
    for (size_t i = 0; i < d->nboxes; i++) {
        const layout_box *b = &d->boxes[i];
        if (b->kind != LAYOUT_BOX_TEXT || b->face < 0 || b->face >= w->nfaces)
            continue;
        if (!w->used[b->face])
            w->used[b->face] = op_calloc(LAYOUT_CPSET_BYTES, 1);
        for (size_t k = 0; k < b->len;) {
            uint32_t cp = op_utf8_next(b->str, b->len, &k);
            LAYOUT_CPSET_ADD(w->used[b->face], cp);
        }
    }
}

/* Writes the subset of `path` holding the code points in `bits` to a new temporary file;
 * returns its name (caller unlinks and frees) or NULL. The shaping tables are left out (the
 * layout has shaped the text) and hinting is kept: libharu 2.3.0 always writes a 'prep'
 * table last and fails with 0x1033 (seek to the end of a full 4 KB buffer) when it is empty
 * and the font data ends on a 4096-byte boundary, so a subset without one is refused and the
 * whole font used instead. */
static char *subset_file(const char *path, const unsigned char *bits)
{
    char *data = NULL, *tmp = NULL;
    size_t len = 0;
    if (layout_subset_font(path, bits, LAYOUT_SUBSET_DROP_LAYOUT | LAYOUT_SUBSET_NEED_PREP, &data,
                           &len) != OP_OK)
        return NULL;
    const char *dir = getenv("TMPDIR");
    tmp = op_path_join(dir && *dir ? dir : "/tmp", "offprint-font-XXXXXX");
    int fd = mkstemp(tmp);
    if (fd < 0 || write(fd, data, len) != (ssize_t)len) {
        if (fd >= 0)
            unlink(tmp);
        op_free(tmp);
        tmp = NULL;
    }
    if (fd >= 0)
        close(fd);
    op_free(data);
    return tmp;
}

/* Loads the subset of a face; NULL (error state reset) when anything fails. */
static HPDF_Font load_subset(pdf_writer *w, int face)
{
    char *tmp = subset_file(layout_fonts_path(w->fonts, face), w->used[face]);
    if (!tmp)
        return NULL;
    const char *name = HPDF_LoadTTFontFromFile(w->pdf, tmp, HPDF_TRUE);
    /* libharu keeps the file open until HPDF_Free and reads it again when saving; the
     * unlinked file lives on through that descriptor. */
    unlink(tmp);
    op_free(tmp);
    HPDF_Font font = name ? HPDF_GetFont(w->pdf, name, "UTF-8") : NULL;
    if (!font)
        pdf_reset_error(w);
    return font;
}

HPDF_Font pdf_font_get(pdf_writer *w, int face)
{
    font_slots(w);
    if (face < 0 || face >= w->nfaces || w->font_failed[face])
        return NULL;
    if (w->hfonts[face])
        return w->hfonts[face];
    const char *path = layout_fonts_path(w->fonts, face);
    HPDF_Font font = NULL;
    if (w->used && w->used[face]) {
        font = load_subset(w, face);
        w->subset[face] = font != NULL;
    }
    if (!font) {
        const char *name = HPDF_LoadTTFontFromFile(w->pdf, path, HPDF_TRUE);
        font = name ? HPDF_GetFont(w->pdf, name, "UTF-8") : NULL;
    }
    if (!font) {
        op_diag_report(w->diag, OP_SEV_WARNING, NULL, 0,
                       "libharu cannot load font %s (error 0x%04X); its text is left out", path,
                       (unsigned)w->err);
        pdf_reset_error(w);
        w->font_failed[face] = 1;
        return NULL;
    }
    fix_tounicode(font);
    w->hfonts[face] = font;
    return font;
}

/* Flags the component closure of every flagged glyph of one font. */
static void fix_font(pdf_writer *w, int face, HPDF_Font font)
{
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    if (!attr || !attr->fontdef || attr->fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE)
        return;
    HPDF_TTFontDefAttr tt = (HPDF_TTFontDefAttr)attr->fontdef->attr;
    unsigned ng = tt->num_glyphs;
    HPDF_BYTE *flgs = tt->glyph_tbl.flgs;
    if (!flgs || ng == 0)
        return;
    if (w->subset[face]) { /* a subset holds only what is drawn: embed every glyph */
        memset(flgs, 1, ng);
        return;
    }
    if (ng != layout_fonts_num_glyphs(w->fonts, face))
        return;
    unsigned *stack = op_malloc((size_t)ng * sizeof *stack);
    size_t top = 0;
    for (unsigned g = 0; g < ng; g++)
        if (flgs[g])
            stack[top++] = g;
    unsigned comp[64];
    while (top) {
        unsigned g = stack[--top];
        int nc = layout_fonts_components(w->fonts, face, g, comp, 64);
        for (int k = 0; k < nc; k++) {
            if (comp[k] < ng && !flgs[comp[k]]) {
                flgs[comp[k]] = 1;
                stack[top++] = comp[k];
            }
        }
    }
    op_free(stack);
}

void pdf_font_fix_composites(pdf_writer *w)
{
    for (int i = 0; i < w->nfaces; i++)
        if (w->hfonts[i])
            fix_font(w, i, w->hfonts[i]);
}

void pdf_font_free(pdf_writer *w)
{
    for (int i = 0; w->used && i < w->nfaces; i++)
        op_free(w->used[i]);
    op_free(w->used);
    op_free(w->subset);
    w->used = NULL;
    w->subset = NULL;
    op_free(w->hfonts);
    op_free(w->font_failed);
    w->hfonts = NULL;
    w->font_failed = NULL;
    w->nfaces = 0;
}
