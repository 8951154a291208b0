/* The font layer (src/font): fallback chains by coverage, roles of computed styles, our
 * FreeType widths against libharu's HPDF_Font_TextWidth, pair kerning, hb-subset. */
#include "harness.h"

#include "core/core.h"
#include "font/font_set.h"
#include "font/font_subset.h"
#include "style/style.h"

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

typedef struct warn_log {
    int n;
    char last[512];
} warn_log;

static void on_warn(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    warn_log *l = ud;
    (void)file;
    (void)line;
    if (sev == OP_SEV_WARNING)
        l->n++;
    snprintf(l->last, sizeof l->last, "%s", msg);
}

#define IPAEXM "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf"
#define UMING  "/usr/share/fonts/truetype/arphic/uming.ttc"

/* Chains for one language (fallback.<role>:<lang>) come after the role's font and before
 * its general chain, only for documents in that language; zh-TW picks the Traditional
 * chain; a face of a collection is named path#N; a chain whose fonts are all missing is
 * one warning and its text takes the general chain. */
static void test_lang_chains(void)
{
    if (!need_file(IPAEXM, "fonts-ipaexfont-mincho") || !need_file(UMING, "fonts-arphic-uming") ||
        !need_file("/usr/share/fonts/truetype/nanum/NanumMyeongjo.ttf", "fonts-nanum"))
        return;
    char dir[] = "/tmp/op_test_fontsXXXXXX";
    OK(mkdtemp(dir) != NULL, "mkdtemp");
    char sub[64], conf[96];
    snprintf(sub, sizeof sub, "%s/fonts", dir);
    snprintf(conf, sizeof conf, "%s/fonts.conf", sub);
    OK(mkdir(sub, 0700) == 0, "mkdir");
    FILE *fp = fopen(conf, "w");
    OK(fp != NULL, "cannot write %s", conf);
    if (!fp)
        return;
    fputs("serif /usr/share/fonts/truetype/charis/CharisSIL-Regular.ttf\n"
          "fallback.serif /usr/share/fonts/truetype/nanum/NanumMyeongjo.ttf\n"
          "fallback.serif:ja " IPAEXM "\n"
          "fallback:zh-Hant /nonexistent/a.ttf " UMING "#2\n"
          "fallback.serif:zh /nonexistent/b.ttf\n",
          fp);
    fclose(fp);
    warn_log log = {0};
    op_diag d = {.fn = on_warn, .ud = &log};
    font_set *fonts = NULL;
    INT_EQ(font_set_load(dir, &d, &fonts), OP_OK);
    log.n = 0; /* the roles this config leaves out */
    if (fonts) {
        OK(strstr(face_file(fonts, FONT_SERIF, 0x3042), "Nanum"), "no language: %s",
           face_file(fonts, FONT_SERIF, 0x3042));
        font_set_set_lang(fonts, "ja-JP");
        OK(strstr(face_file(fonts, FONT_SERIF, 0x3042), "ipaexm"), "ja: %s",
           face_file(fonts, FONT_SERIF, 0x3042));
        OK(strstr(face_file(fonts, FONT_SERIF, 'a'), "Charis"), "ja Latin: %s",
           face_file(fonts, FONT_SERIF, 'a'));
        font_set_set_lang(fonts, "zh-TW");
        int face = font_set_face_for(fonts, FONT_SANS, 0x4EBA);
        OK(face >= 0 && strstr(font_set_path(fonts, face), "uming.ttc"), "zh-TW: %s",
           face_file(fonts, FONT_SANS, 0x4EBA));
        INT_EQ((int)font_set_face_index(fonts, face), 2);
        STR_EQ(font_set_family(fonts, face), "AR PL UMing TW");
        INT_EQ(font_set_is_collection(fonts, face), 1);
        INT_EQ(log.n, 0);
        font_set_set_lang(fonts, "zh-CN"); /* Simplified: its only font is missing */
        INT_EQ(log.n, 1);
        OK(strstr(log.last, "/nonexistent/b.ttf"), "warning: %s", log.last);
        OK(strstr(face_file(fonts, FONT_SERIF, 0xD55C), "Nanum"), "zh-CN Hangul: %s",
           face_file(fonts, FONT_SERIF, 0xD55C));
        font_set_set_lang(fonts, NULL);
        OK(strstr(face_file(fonts, FONT_SERIF, 0x3042), "Nanum"), "reset: %s",
           face_file(fonts, FONT_SERIF, 0x3042));
        font_set_free(fonts);
    }
    unlink(conf);
    rmdir(sub);
    rmdir(dir);
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
    INT_EQ(font_subset(font_set_path(fonts, face), 0, bits, FONT_SUBSET_NO_HINTING, &a, &alen),
           OP_OK);
    INT_EQ(font_subset(font_set_path(fonts, face), 0, bits, FONT_SUBSET_NO_HINTING, &b, &blen),
           OP_OK);
    OK(alen > 0 && alen == blen && memcmp(a, b, alen) == 0, "subset not deterministic");
    OK(alen < 100000, "subset of 6 letters is %zu bytes", alen);
    op_free(a);
    op_free(b);
    INT_EQ(font_subset("/nonexistent.ttf", 0, bits, 0, &a, &alen), OP_ERR_FONT);
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
    RUN_NEEDS("cjk_fonts", test_lang_chains);
    DONE();
}
