/* Fonts in libharu: each face of the font set is loaded (embedded, UTF-8 CID
 * font) the first time a text box uses it. The layout is done before drawing, so the code
 * points each face draws are known: the face is first cut down to them with hb-subset
 * (font/font_subset.c; libharu's own subsetting keeps hmtx, cmap, post and a 64K /W array)
 * and loaded from memory. The libharu 2.3.0 fix-ups live here: a valid ToUnicode CMap
 * (libharu writes a malformed begincidrange; one stream shared by all fonts), the closure of
 * composite glyph components before saving (nested components are otherwise left out), a
 * one-segment glyph lookup table and a CIDToGIDMap cut after the last code point drawn
 * (libharu's own cost a quarter of a conversion and 128 KB a font). */
#include "pdf/pdf_write.h"
#include "font/font_subset.h"
#include "layout/breaks.h"

#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>

#include <stdio.h>
#include <string.h>

/* The bfchar entries of the shaped glyphs' codes: the cluster's text in UTF-16BE for its
 * first glyph, nothing for the others. */
static void write_glyph_codes(HPDF_Stream s, const layout_gmap *gm)
{
    size_t n = layout_gmap_count(gm);
    op_buf line;
    op_buf_init(&line, 0);
    for (size_t i = 0; i < n; i += 100) {
        size_t m = n - i < 100 ? n - i : 100;
        op_buf_reset(&line);
        op_buf_printf(&line, "%zu beginbfchar\n", m);
        for (size_t k = i; k < i + m; k++) {
            const layout_gmap_entry *e = layout_gmap_get(gm, k);
            op_buf_printf(&line, "<%04X> <", (unsigned)e->code);
            for (size_t t = 0; t < e->ntext && t < 64; t++) {
                uint32_t c = e->text[t];
                if (c >= 0x10000)
                    op_buf_printf(&line, "%04X%04X", (unsigned)(0xD800 + ((c - 0x10000) >> 10)),
                                  (unsigned)(0xDC00 + ((c - 0x10000) & 0x3FF)));
                else
                    op_buf_printf(&line, "%04X", (unsigned)c);
            }
            op_buf_add(&line, ">\n", 2);
        }
        op_buf_add(&line, "endbfchar\n", 10);
        HPDF_Stream_Write(s, (const HPDF_BYTE *)line.data, (HPDF_UINT)line.len);
    }
    op_buf_free(&line);
}

/* Identity ToUnicode for 2-byte codes (CID = Unicode code point in libharu's UTF-8
 * encoding), skipping the surrogate block, except that the Arabic presentation forms the
 * layout draws joined letters with map back to the letters (copied text is searchable).
 * The codes of shaped glyphs (layout_gmap) map to the text they stand for.
 * bfrange and bfchar blocks hold at most 100 entries. */
static void write_tounicode(HPDF_Stream s, const layout_gmap *gm)
{
    HPDF_MemStream_FreeData(s);
    HPDF_Stream_WriteStr(s, "/CIDInit /ProcSet findresource begin\n"
                            "12 dict begin\n"
                            "begincmap\n"
                            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 "
                            ">> def\n"
                            "/CMapName /Adobe-Identity-UCS def\n"
                            "/CMapType 2 def\n"
                            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    /* identity ranges: every high byte but the surrogates; the Arabic presentation forms
     * (U+FB50-U+FDFF, U+FE70-U+FEFC) map to their letters instead (below) */
    static const unsigned lo[] = {0xFB00, 0xFE00, 0xFEFD}, hi_end[] = {0xFB4F, 0xFE6F, 0xFEFF};
    unsigned from[256 + 4], to[256 + 4];
    unsigned p0 = LAYOUT_GMAP_FIRST, p1 = p0 + (unsigned)layout_gmap_count(gm); /* [p0, p1) */
    int n = 0;
    for (unsigned h = 0; h < 256; h++)
        if ((h < 0xD8 || h > 0xDF) && (h < 0xFB || h > 0xFE)) {
            unsigned a = h << 8, b = h << 8 | 0xFF;
            if (a < p1 && b >= p0) { /* around the glyph codes */
                if (a < p0) {
                    from[n] = a;
                    to[n++] = p0 - 1;
                }
                if (b < p1)
                    continue;
                a = p1;
            }
            from[n] = a;
            to[n++] = b;
        }
    for (int k = 0; k < 3; k++) {
        from[n] = lo[k];
        to[n++] = hi_end[k];
    }
    char line[64];
    for (int i = 0; i < n; i += 100) {
        int m = n - i < 100 ? n - i : 100;
        snprintf(line, sizeof line, "%d beginbfrange\n", m);
        HPDF_Stream_WriteStr(s, line);
        for (int k = i; k < i + m; k++) {
            snprintf(line, sizeof line, "<%04X> <%04X> <%04X>\n", from[k], to[k], from[k]);
            HPDF_Stream_WriteStr(s, line);
        }
        HPDF_Stream_WriteStr(s, "endbfrange\n");
    }
    unsigned cps[1024];
    int nc = 0;
    for (unsigned c = 0xFB50; c <= 0xFEFC; c++)
        if (c <= 0xFDFF || c >= 0xFE70)
            cps[nc++] = c;
    for (int i = 0; i < nc; i += 100) {
        int m = nc - i < 100 ? nc - i : 100;
        snprintf(line, sizeof line, "%d beginbfchar\n", m);
        HPDF_Stream_WriteStr(s, line);
        for (int k = i; k < i + m; k++) {
            uint32_t second, first = layout_cp_unshape(cps[k], &second);
            if (second && first <= 0xFFFF && second <= 0xFFFF)
                snprintf(line, sizeof line, "<%04X> <%04X%04X>\n", cps[k], (unsigned)first,
                         (unsigned)second);
            else
                snprintf(line, sizeof line, "<%04X> <%04X>\n", cps[k],
                         first <= 0xFFFF ? (unsigned)first : cps[k]);
            HPDF_Stream_WriteStr(s, line);
        }
        HPDF_Stream_WriteStr(s, "endbfchar\n");
    }
    write_glyph_codes(s, gm);
    HPDF_Stream_WriteStr(s, "endcmap\n"
                            "CMapName currentdict /CMap defineresource pop\n"
                            "end\nend\n");
}

/* The identity ToUnicode is the same for every font, so the document carries it once:
 * the first font's CMap stream gets it and later fonts point their /ToUnicode there (their
 * own stream, already numbered by libharu, is left empty). */
static void fix_tounicode(pdf_writer *w, HPDF_Font font)
{
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    if (!attr || !attr->cmap_stream || !attr->cmap_stream->stream)
        return;
    HPDF_Dict own = attr->cmap_stream;
    if (w->tounicode && HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT) == own &&
        HPDF_Dict_Add(font, "ToUnicode", w->tounicode) == HPDF_OK) {
        HPDF_MemStream_FreeData(own->stream);
        static const char *const keys[] = {"Type", "CMapName", "CIDSystemInfo", "WMode"};
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            HPDF_Dict_RemoveElement(own, keys[i]);
        return;
    }
    if (w->err)
        pdf_reset_error(w);
    write_tounicode(own->stream, w->gmap);
    if (!w->tounicode)
        w->tounicode = own;
}

/* libharu writes a CIDToGIDMap entry for every CID up to U+FFFE (128 KB a font, nearly all
 * zeros, compressed again at every save). CIDs past the last code point the face draws are
 * never used, so the map stops there. */
static void trim_cid_map(pdf_writer *w, int face, HPDF_Font font)
{
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    if (!w->used || !w->used[face] || !attr || !attr->map_stream || !attr->map_stream->stream ||
        !attr->fontdef || attr->fontdef->type != HPDF_FONTDEF_TYPE_TRUETYPE)
        return;
    const unsigned char *bits = w->used[face];
    unsigned last = 0;
    for (unsigned cp = 0; cp < 65535; cp++)
        if (FONT_CPSET_HAS(bits, cp))
            last = cp;
    size_t n = (size_t)last + 1;
    HPDF_BYTE *map = op_malloc(2 * n);
    for (size_t cp = 0; cp < n; cp++) {
        HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(attr->fontdef, (HPDF_UINT16)cp);
        map[2 * cp] = (HPDF_BYTE)(gid >> 8);
        map[2 * cp + 1] = (HPDF_BYTE)gid;
    }
    HPDF_Stream s = attr->map_stream->stream;
    HPDF_MemStream_FreeData(s);
    HPDF_Stream_Write(s, map, (HPDF_UINT)(2 * n));
    op_free(map);
}

static void font_slots(pdf_writer *w)
{
    int n = font_set_count(w->fonts);
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
            w->used[b->face] = op_calloc(FONT_CPSET_BYTES, 1);
        for (size_t k = 0; k < b->len;) {
            uint32_t cp = op_utf8_next(b->str, b->len, &k);
            FONT_CPSET_ADD(w->used[b->face], cp);
        }
    }
}

/* libharu's glyph lookup (HPDF_TTFontDef_GetGlyphid) walks the cmap segments one by one,
 * and HPDF_GetFont calls it for all 65,536 code points to build the CIDToGIDMap: with a
 * few dozen segments that was a quarter of a conversion. The parsed format 4 cmap is
 * replaced by one dense segment over the code points the font maps (then the 0xFFFF end
 * segment), which gives every lookup the same glyph id in at most two steps. Only the
 * parsed copy changes: the font file written into the PDF is copied from the original
 * table. */
/* What HPDF_TTFontDef_GetGlyphid answers for code point u once it has found segment i. */
static HPDF_UINT16 segment_gid(const HPDF_TTF_CmapRange *cm, unsigned nseg, unsigned i, unsigned u)
{
    if (cm->start_count[i] > u)
        return 0;
    if (cm->id_range_offset[i] == 0)
        return (HPDF_UINT16)(u + (unsigned)cm->id_delta[i]);
    unsigned idx = cm->id_range_offset[i] / 2u + (u - cm->start_count[i]) - (nseg - i);
    if (!cm->glyph_id_array || idx >= cm->glyph_id_array_count)
        return 0;
    return (HPDF_UINT16)(cm->glyph_id_array[idx] + (unsigned)cm->id_delta[i]);
}

static void flatten_cmap(HPDF_FontDef def, const layout_gmap *gm, int face)
{
    if (def->type != HPDF_FONTDEF_TYPE_TRUETYPE || !def->attr)
        return;
    HPDF_TTFontDefAttr tt = (HPDF_TTFontDefAttr)def->attr;
    HPDF_TTF_CmapRange *cm = &tt->cmap;
    unsigned nseg = cm->seg_count_x2 / 2u;
    if (cm->format != 4 || nseg < 2 || !cm->end_count || !cm->start_count)
        return;
    unsigned lo = 0xFFFF, hi = 0;
    for (unsigned i = 0; i < nseg; i++) {
        if (cm->start_count[i] > cm->end_count[i] || cm->start_count[i] == 0xFFFF)
            continue;
        unsigned end = cm->end_count[i] == 0xFFFF ? 0xFFFE : cm->end_count[i];
        if (cm->start_count[i] < lo)
            lo = cm->start_count[i];
        if (end > hi)
            hi = end;
    }
    size_t ncodes = layout_gmap_count(gm);
    for (size_t k = 0; k < ncodes; k++) { /* shaped glyphs' codes: this face's */
        const layout_gmap_entry *e = layout_gmap_get(gm, k);
        if (e->face != face)
            continue;
        lo = e->code < lo ? e->code : lo;
        hi = e->code > hi ? e->code : hi;
    }
    if (lo > hi)
        return;
    unsigned n = hi - lo + 1;
    HPDF_MMgr mm = def->mmgr;
    HPDF_UINT16 *gids = HPDF_GetMem(mm, (HPDF_UINT)(n * sizeof *gids));
    HPDF_UINT16 *ends = HPDF_GetMem(mm, 2 * sizeof *ends);
    HPDF_UINT16 *starts = HPDF_GetMem(mm, 2 * sizeof *starts);
    HPDF_INT16 *deltas = HPDF_GetMem(mm, 2 * sizeof *deltas);
    HPDF_UINT16 *ranges = HPDF_GetMem(mm, 2 * sizeof *ranges);
    if (!gids || !ends || !starts || !deltas || !ranges) {
        HPDF_FreeMem(mm, gids);
        HPDF_FreeMem(mm, ends);
        HPDF_FreeMem(mm, starts);
        HPDF_FreeMem(mm, deltas);
        HPDF_FreeMem(mm, ranges);
        return;
    }
    memset(gids, 0, n * sizeof *gids);
    /* libharu's lookup takes the first segment whose end is >= the code point */
    unsigned next = lo;
    for (unsigned i = 0; i < nseg && next <= hi; i++) {
        unsigned end = cm->end_count[i] > hi ? hi : cm->end_count[i];
        for (unsigned u = next; u <= end; u++)
            gids[u - lo] = segment_gid(cm, nseg, i, u);
        if (end + 1 > next)
            next = end + 1;
    }
    for (size_t k = 0; k < ncodes; k++) {
        const layout_gmap_entry *e = layout_gmap_get(gm, k);
        if (e->face == face && e->gid < tt->num_glyphs)
            gids[e->code - lo] = (HPDF_UINT16)e->gid;
    }
    /* segment 0: lo..hi through glyph_id_array, whose first entry sits idRangeOffset/2 -
     * (segCount - i) = 2 - 2 = 0 words away; segment 1: the 0xFFFF end marker (glyph 0) */
    starts[0] = (HPDF_UINT16)lo;
    ends[0] = (HPDF_UINT16)hi;
    deltas[0] = 0;
    ranges[0] = 4;
    starts[1] = ends[1] = 0xFFFF;
    deltas[1] = 1;
    ranges[1] = 0;
    HPDF_FreeMem(mm, cm->end_count);
    HPDF_FreeMem(mm, cm->start_count);
    HPDF_FreeMem(mm, cm->id_delta);
    HPDF_FreeMem(mm, cm->id_range_offset);
    if (cm->glyph_id_array)
        HPDF_FreeMem(mm, cm->glyph_id_array);
    cm->end_count = ends;
    cm->start_count = starts;
    cm->id_delta = deltas;
    cm->id_range_offset = ranges;
    cm->glyph_id_array = gids;
    cm->glyph_id_array_count = n;
    cm->seg_count_x2 = 4;
}

/* Loads TrueType bytes as a font of the document, the way HPDF_LoadTTFontFromFile does
 * (the same "HPDFAA+" subset tags in the same order) but from memory: no temporary file,
 * no descriptor kept open until HPDF_Free, no seek per table read. libharu owns `data`'s
 * copy. Returns the font's name or NULL. */
static const char *load_ttf_mem(pdf_writer *w, int face, const char *data, size_t len)
{
    HPDF_Doc pdf = w->pdf;
    /* one buffer one byte larger than the data: libharu's memory stream cannot seek to
     * its very end when that end falls on a buffer boundary */
    HPDF_Stream s = HPDF_MemStream_New(pdf->mmgr, (HPDF_UINT)len + 1);
    if (!s)
        return NULL;
    if (HPDF_Stream_Write(s, (const HPDF_BYTE *)data, (HPDF_UINT)len) != HPDF_OK) {
        HPDF_Stream_Free(s);
        return NULL;
    }
    HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE); /* owns s now */
    if (!def || HPDF_Doc_RegisterFontDef(pdf, def) != HPDF_OK)       /* frees def on error */
        return NULL;
    if (pdf->ttfont_tag[0] == 0) {
        memcpy(pdf->ttfont_tag, "HPDFAA", 6);
    } else {
        for (int i = 5; i >= 0; i--) {
            if (++pdf->ttfont_tag[i] <= 'Z')
                break;
            pdf->ttfont_tag[i] = 'A';
        }
    }
    char tag[7];
    memcpy(tag, pdf->ttfont_tag, 6);
    tag[6] = '\0';
    HPDF_TTFontDef_SetTagName(def, tag);
    flatten_cmap(def, w->gmap, face);
    return def->base_font;
}

/* The subset of a face holding the code points it draws, cut by hb-subset. The shaping
 * tables are left out (the layout has shaped the text) and hinting is kept: libharu 2.3.0
 * always writes a 'prep' table last and fails with 0x1033 (seek to the end of a full 4 KB
 * buffer) when it is empty and the font data ends on a 4096-byte boundary, so a subset
 * without one is refused and the whole font used instead. NULL (error state reset) when
 * anything fails. */
static HPDF_Font load_subset(pdf_writer *w, int face)
{
    char *data = NULL;
    size_t len = 0, ngids = 0, ncodes = layout_gmap_count(w->gmap);
    uint32_t *gids = ncodes ? op_malloc(ncodes * sizeof *gids) : NULL;
    for (size_t k = 0; k < ncodes; k++)
        if (layout_gmap_get(w->gmap, k)->face == face)
            gids[ngids++] = layout_gmap_get(w->gmap, k)->gid;
    op_status st = font_subset_glyphs(
        font_set_path(w->fonts, face), font_set_face_index(w->fonts, face), w->used[face], gids,
        ngids, FONT_SUBSET_DROP_LAYOUT | FONT_SUBSET_NEED_PREP, &data, &len);
    op_free(gids);
    if (st != OP_OK)
        return NULL;
    const char *name = len < 0x7FFFFFFF ? load_ttf_mem(w, face, data, len) : NULL;
    op_free(data);
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
    const char *path = font_set_path(w->fonts, face);
    HPDF_Font font = NULL;
    if (w->used && w->used[face]) {
        font = load_subset(w, face);
        w->subset[face] = font != NULL;
    }
    if (!font) {
        unsigned index = font_set_face_index(w->fonts, face);
        const char *name = index || font_set_is_collection(w->fonts, face)
                               ? HPDF_LoadTTFontFromFile2(w->pdf, path, index, HPDF_TRUE)
                               : HPDF_LoadTTFontFromFile(w->pdf, path, HPDF_TRUE);
        HPDF_FontDef def = name ? HPDF_GetFontDef(w->pdf, name) : NULL;
        if (def)
            flatten_cmap(def, w->gmap, face);
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
    fix_tounicode(w, font);
    trim_cid_map(w, face, font);
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
    if (ng != font_set_num_glyphs(w->fonts, face))
        return;
    unsigned *stack = op_malloc((size_t)ng * sizeof *stack);
    size_t top = 0;
    for (unsigned g = 0; g < ng; g++)
        if (flgs[g])
            stack[top++] = g;
    unsigned comp[64];
    while (top) {
        unsigned g = stack[--top];
        int nc = font_set_components(w->fonts, face, g, comp, 64);
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
    layout_gmap_free(w->gmap);
    w->gmap = NULL;
    w->used = NULL;
    w->subset = NULL;
    op_free(w->hfonts);
    op_free(w->font_failed);
    w->hfonts = NULL;
    w->font_failed = NULL;
    w->nfaces = 0;
}
