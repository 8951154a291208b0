/* The font layer (src/font): fallback chains by coverage, roles of computed styles, our
 * FreeType widths against libharu's HPDF_Font_TextWidth, pair kerning, hb-subset. */
#include "harness.h"

#include "core/core.h"
#include "font/font_set.h"
#include "font/font_subset.h"
#include "style/style.h"

#include <hpdf.h>
#include <string.h>

static font_set *load_fonts(void)
{
    font_set *fonts = NULL;
    op_status st = font_set_load(NULL, NULL, &fonts);
    OK(st == OP_OK, "fonts: %s", op_status_str(st));
    return fonts;
}

static const char *face_file(font_set *fonts, int role, uint32_t cp)
{
    int face = font_set_face_for(fonts, role, cp);
    return face < 0 ? "(none)" : font_set_path(fonts, face);
}

static void test_fallback(void)
{
    font_set *fonts = load_fonts();
    if (!fonts)
        return;
    OK(strstr(face_file(fonts, FONT_SERIF, 'a'), "CharisSIL-Regular"), "Latin: %s",
       face_file(fonts, FONT_SERIF, 'a'));
    OK(strstr(face_file(fonts, FONT_SERIF, 0xD55C), "NanumMyeongjo"), "Hangul: %s",
       face_file(fonts, FONT_SERIF, 0xD55C));
    OK(strstr(face_file(fonts, FONT_SERIF, 0x03AE), "LiberationSerif-Regular"), "Greek: %s",
       face_file(fonts, FONT_SERIF, 0x03AE));
    OK(strstr(face_file(fonts, FONT_SERIF_I, 0x03AE), "LiberationSerif-Italic"), "Greek italic: %s",
       face_file(fonts, FONT_SERIF_I, 0x03AE));
    OK(strstr(face_file(fonts, FONT_SERIF, 0x4EBA), "DroidSansFallback"), "Han: %s",
       face_file(fonts, FONT_SERIF, 0x4EBA));
    OK(strstr(face_file(fonts, FONT_SANS_B, 'A'), "LiberationSans-Bold"), "heading: %s",
       face_file(fonts, FONT_SANS_B, 'A'));
    OK(strstr(face_file(fonts, FONT_MONO, 'A'), "LiberationMono"), "mono: %s",
       face_file(fonts, FONT_MONO, 'A'));
    INT_EQ(font_set_face_for(fonts, FONT_SERIF, 0x1F600), -1); /* never a space */
    INT_EQ(font_set_face_for(fonts, FONT_SERIF, 0xE000), -1);  /* private use */
    font_set_free(fonts);
}

/* Our widths equal libharu's HPDF_Font_TextWidth (per-glyph truncated 1/1000 em). */
static void compare_width(HPDF_Doc pdf, font_set *fonts, int role, uint32_t pick, const char *s)
{
    int face = font_set_face_for(fonts, role, pick);
    const char *path = font_set_path(fonts, face);
    const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
    HPDF_Font font = name ? HPDF_GetFont(pdf, name, "UTF-8") : NULL;
    OK(font != NULL, "libharu cannot load %s", path);
    if (!font)
        return;
    HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)s, (HPDF_UINT)strlen(s));
    long ours = 0;
    for (size_t i = 0; i < strlen(s);)
        ours += font_set_advance(fonts, face, op_utf8_next(s, strlen(s), &i));
    OK(ours == (long)tw.width, "%s in %s: ours %ld, libharu %u", s, path, ours, (unsigned)tw.width);
}

static void test_metrics_match_libharu(void)
{
    font_set *fonts = load_fonts();
    if (!fonts)
        return;
    HPDF_Doc pdf = HPDF_New(NULL, NULL);
    HPDF_UseUTFEncodings(pdf);
    compare_width(pdf, fonts, FONT_SERIF, 'T', "Typography, “quoted” — café naïve ½ fi");
    compare_width(pdf, fonts, FONT_SERIF_BI, 'B', "Bold italic Åström");
    compare_width(pdf, fonts, FONT_SANS_B, 'H', "Heading WAVY Typo");
    compare_width(pdf, fonts, FONT_SERIF, 0xD55C, "한국어 문장은 어절 단위로");
    compare_width(pdf, fonts, FONT_SERIF, 0x03AE, "λόγος ἀρχῇ ἥλιος");
    HPDF_Free(pdf);
    font_set_free(fonts);
}

static void test_kerning(void)
{
    font_set *fonts = load_fonts();
    if (!fonts)
        return;
    int sans = font_set_face_for(fonts, FONT_SANS_B, 'T');
    int serif = font_set_face_for(fonts, FONT_SERIF, 0x03AE); /* Liberation Serif */
    int k1 = font_set_kern(fonts, sans, 'T', 'o');
    int k2 = font_set_kern(fonts, serif, 'A', 'V');
    OK(k1 < 0, "Liberation Sans Bold T/o kern %d", k1);
    OK(k2 < 0, "Liberation Serif A/V kern %d", k2);
    INT_EQ(font_set_kern(fonts, serif, 'A', 'V'), k2); /* cached */
    INT_EQ(font_set_kern(fonts, serif, 'x', 'x'), 0);
    /* Charis SIL has no kerning at all; its pairs give 0 */
    INT_EQ(font_set_kern(fonts, font_set_face_for(fonts, FONT_SERIF, 'T'), 'T', 'o'), 0);
    font_set_free(fonts);
}

static void test_roles(void)
{
    style_computed s = {.family = STYLE_SERIF};
    INT_EQ(font_role_of(&s), FONT_SERIF);
    s.bold = 1;
    INT_EQ(font_role_of(&s), FONT_SERIF_B);
    s.italic = 1;
    INT_EQ(font_role_of(&s), FONT_SERIF_BI);
    s.family = STYLE_SANS;
    INT_EQ(font_role_of(&s), FONT_SANS_BI);
    s.bold = 0;
    INT_EQ(font_role_of(&s), FONT_SANS_I);
    s.family = STYLE_MONO; /* no mono italics: upright */
    INT_EQ(font_role_of(&s), FONT_MONO);
    s.bold = 1;
    INT_EQ(font_role_of(&s), FONT_MONO_B);
}

/* A subset holds the code points asked for, fewer glyphs than the font, and is the same
 * bytes every time. */
static void test_subset(void)
{
    font_set *fonts = load_fonts();
    if (!fonts)
        return;
    int face = font_set_role_face(fonts, FONT_SERIF);
    unsigned char bits[FONT_CPSET_BYTES] = {0};
    for (const char *p = "Subset"; *p; p++)
        FONT_CPSET_ADD(bits, (uint32_t)(unsigned char)*p);
    OK(FONT_CPSET_HAS(bits, 'S') && !FONT_CPSET_HAS(bits, 'x'), "code point set");
    char *a = NULL, *b = NULL;
    size_t alen = 0, blen = 0;
    INT_EQ(font_subset(font_set_path(fonts, face), bits, FONT_SUBSET_NO_HINTING, &a, &alen), OP_OK);
    INT_EQ(font_subset(font_set_path(fonts, face), bits, FONT_SUBSET_NO_HINTING, &b, &blen), OP_OK);
    OK(alen > 0 && alen == blen && memcmp(a, b, alen) == 0, "subset not deterministic");
    OK(alen < 100000, "subset of 6 letters is %zu bytes", alen);
    op_free(a);
    op_free(b);
    INT_EQ(font_subset("/nonexistent.ttf", bits, 0, &a, &alen), OP_ERR_FONT);
    OK(a == NULL && alen == 0, "failed subset leaves no data");
    font_set_free(fonts);
}

int main(void)
{
    RUN(test_fallback);
    RUN(test_roles);
    RUN(test_metrics_match_libharu);
    RUN(test_kerning);
    RUN(test_subset);
    DONE();
}
