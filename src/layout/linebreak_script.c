/* Script rules of the PDF line breaker (linebreak.c): which characters are CJK, alphabetic or
 * right to left, the quarter em between CJK and Latin (JIS X 4051), and bidi (UAX #9): the
 * levels of a paragraph's atoms and the visual order of a line, with mirrored glyphs. */
#include "layout/linebreak_int.h"
#include "layout/breaks.h"

#include <string.h>

/* Hebrew, Arabic, Syriac, Thaana, NKo... and their presentation forms. */
int layout_is_rtl(uint32_t cp)
{
    return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
           (cp >= 0xFE70 && cp <= 0xFEFF);
}

/* Unpointed Hebrew needs no shaping: reordering is all (points, U+0591-U+05C7, are marks
 * that would need positioning). */
int layout_is_plain_hebrew(uint32_t cp)
{
    return (cp >= 0x05D0 && cp <= 0x05F4) || cp == 0x05BE || cp == 0x05C0 || cp == 0x05C3 ||
           cp == 0x05C6 || (cp >= 0xFB1D && cp <= 0xFB4F && cp != 0xFB1E);
}

int layout_is_shaped_arabic(uint32_t cp)
{
    return (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) ||
           (cp >= 0x08A0 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
           (cp >= 0xFE70 && cp <= 0xFEFF);
}

/* The scripts fonts/fonts.conf sets in Noto (fonts-noto-core), by name, for the warning
 * about characters no font has: a missing package is the likely cause. */
const char *layout_noto_script(uint32_t cp)
{
    static const struct {
        uint32_t lo, hi;
        const char *name;
    } noto[] = {
        {0x0900, 0x097F, "Devanagari"}, {0x0980, 0x09FF, "Bengali"}, {0x0A00, 0x0A7F, "Gurmukhi"},
        {0x0A80, 0x0AFF, "Gujarati"},   {0x0B00, 0x0B7F, "Oriya"},   {0x0B80, 0x0BFF, "Tamil"},
        {0x0C00, 0x0C7F, "Telugu"},     {0x0C80, 0x0CFF, "Kannada"}, {0x0D00, 0x0D7F, "Malayalam"},
        {0x0D80, 0x0DFF, "Sinhala"},    {0x0E00, 0x0E7F, "Thai"},    {0x0E80, 0x0EFF, "Lao"},
        {0x0F00, 0x0FFF, "Tibetan"},    {0x1000, 0x109F, "Myanmar"}, {0x1780, 0x17FF, "Khmer"},
        {0xA8E0, 0xA8FF, "Devanagari"}};
    for (size_t i = 0; i < sizeof noto / sizeof noto[0]; i++)
        if (cp >= noto[i].lo && cp <= noto[i].hi)
            return noto[i].name;
    return NULL;
}

/* Han and kana (not their punctuation, not Hangul: Korean is spaced by words). */
int layout_is_ideographic(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x3041 && c <= 0x309F) ||
           (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x30FC && c <= 0x30FF) ||
           (c >= 0x31F0 && c <= 0x31FF) || c == 0x3005;
}

/* Letters and digits of the alphabetic scripts (Latin, Greek, Cyrillic). */
int layout_is_alphabetic(uint32_t c)
{
    return c < 0x530 && layout_cp_class(c) != LAYOUT_CP_OTHER;
}

int layout_autospaced_lang(const char *lang)
{
    return lang && ((lang[0] == 'j' && lang[1] == 'a') || (lang[0] == 'z' && lang[1] == 'h')) &&
           (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_');
}

/* CJK characters and punctuation, full-width forms. */
int layout_is_cjk(uint32_t c)
{
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF);
}

/* Chinese and Japanese: a quarter em between Han or kana and a Latin word or a number
 * written without a space next to it (JIS X 4051, CSS text-autospace). */
void layout_autospace(layout_textenv *env, layout_para *p)
{
    if (!layout_autospaced_lang(env->lang) || p->preserve)
        return;
    for (size_t j = 0; j + 1 < p->natoms; j++) {
        layout_atom *a = &p->atoms[j], *b = &p->atoms[j + 1];
        if (a->face < 0 || b->face < 0 || ((a->flags | b->flags) & (A_SPACE | A_SKIP | A_NL)))
            continue;
        int cj = layout_is_ideographic(a->cp) && layout_is_alphabetic(b->cp);
        int jc = layout_is_alphabetic(a->cp) && layout_is_ideographic(b->cp);
        if (!cj && !jc)
            continue;
        const layout_span *sp = &p->spans[(cj ? a : b)->span].sp;
        a->gap = sp->size / 4;
        a->kern += a->gap;
        a->adv += a->gap;
    }
}

/* Bidi levels per byte of the paragraph's text (op_free), or NULL when it is all left to
 * right: a paragraph of a right-to-left document runs right to left, another one the way
 * its first strong character does. Sets p->bidi and p->rtl. */
unsigned char *layout_bidi_para(layout_textenv *env, layout_para *p)
{
    const char *s = p->text.data;
    size_t len = p->text.len, i = 0;
    int base = env->rtl && !p->preserve ? 1 : -1;
    p->bidi = p->rtl = 0;
    while (base < 0 && i < len && !layout_is_rtl(op_utf8_next(s, len, &i)))
        ;
    if (base < 0 && i >= len)
        return NULL;
    unsigned char *lv = op_malloc(len);
    int para = layout_bidi_levels(s, len, base, lv);
    if (para < 0) {
        op_free(lv);
        return NULL;
    }
    p->bidi = 1;
    p->rtl = para & 1;
    return lv;
}

/* The visual order of atoms [ls, le) (UAX #9 L2; trailing spaces are already cut, L1):
 * order[k] is the atom, from ls, drawn k-th from the left (op_free). */
int32_t *layout_visual_order(const layout_para *p, size_t ls, size_t le)
{
    size_t n = le - ls;
    int32_t *order = op_malloc((n ? n : 1) * sizeof *order);
    unsigned char *lv = op_malloc(n ? n : 1);
    for (size_t k = 0; k < n; k++)
        lv[k] = p->atoms[ls + k].level;
    layout_bidi_reorder(lv, n, order);
    op_free(lv);
    return order;
}

/* The glyph an atom draws: its mirror image in right-to-left text ('(' as ')') when its
 * font has that. */
uint32_t layout_drawn_cp(layout_textenv *env, const layout_atom *a)
{
    if (!(a->level & 1))
        return a->cp;
    uint32_t mc = layout_cp_mirror(a->cp);
    return mc != a->cp && env->m->covers(env->m->ud, a->face, mc) ? mc : a->cp;
}
