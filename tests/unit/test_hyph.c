/* Hyphenation dictionaries (hyph.c): break points of known words from the Debian
 * dictionaries, the 2/3 minimum fragments, short words, a missing dictionary (one note,
 * no crash), language tags with regions, a single-byte (non-UTF-8) dictionary, and one
 * set kept for several texts. */
#include "harness.h"

#include "core/core.h"
#include "layout/hyph.h"

#include <string.h>
#include <unistd.h>

#define EN_DIC "/usr/share/hyphen/hyph_en_US.dic"
#define RU_DIC "/usr/share/hyphen/hyph_ru_RU.dic"

typedef struct notes {
    int n;
    char last[512];
} notes;

static void on_diag(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    notes *c = ud;
    (void)file;
    (void)line;
    if (sev == OP_SEV_NOTE)
        c->n++;
    snprintf(c->last, sizeof c->last, "%s", msg);
}

/* Hyphenates ASCII `w` and writes it with '-' at the break points into out. */
static int hyph_ascii(layout_hyph *h, const char *lang, op_diag *d, const char *w, char *out)
{
    uint32_t cps[64] = {0};
    unsigned char brk[64];
    size_t n = strlen(w);
    for (size_t i = 0; i < n; i++)
        cps[i] = (unsigned char)w[i];
    memset(brk, 0, sizeof brk);
    int count = layout_hyph_word(h, lang, d, cps, n, brk);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (brk[i])
            out[k++] = '-';
        out[k++] = w[i];
    }
    out[k] = '\0';
    return count;
}

static void test_english(void)
{
    if (!need_file(EN_DIC, "Debian hyphen-en-us"))
        return;
    layout_hyph *h = layout_hyph_new(NULL);
    char out[160];
    INT_EQ(hyph_ascii(h, "en", NULL, "hyphenation", out), 2);
    STR_EQ(out, "hy-phen-ation");
    hyph_ascii(h, "en-US", NULL, "typography", out);
    STR_EQ(out, "ty-pog-ra-phy");
    hyph_ascii(h, "en_us", NULL, "infrastructure", out);
    STR_EQ(out, "in-fra-struc-ture");
    /* at least two letters before and three after a break */
    hyph_ascii(h, "en", NULL, "example", out);
    STR_EQ(out, "ex-am-ple");
    INT_EQ(hyph_ascii(h, "en", NULL, "about", out), 0);
    /* words under five letters are never hyphenated */
    INT_EQ(hyph_ascii(h, "en", NULL, "even", out), 0);
    INT_EQ(hyph_ascii(h, "en", NULL, "a", out), 0);
    /* no language, no hyphenation */
    INT_EQ(hyph_ascii(h, "", NULL, "hyphenation", out), 0);
    INT_EQ(hyph_ascii(h, NULL, NULL, "hyphenation", out), 0);
    layout_hyph_free(h);
}

static void test_missing_dictionary(void)
{
    notes c = {0};
    op_diag d = {.fn = on_diag, .ud = &c};
    layout_hyph *h = layout_hyph_new("/nonexistent/hyphen");
    char out[160];
    INT_EQ(hyph_ascii(h, "en", &d, "hyphenation", out), 0);
    STR_EQ(out, "hyphenation");
    INT_EQ(c.n, 1);
    OK(strstr(c.last, "'en'") && strstr(c.last, "/nonexistent/hyphen"), "note: %s", c.last);
    /* asked again: still nothing, and no second note */
    INT_EQ(hyph_ascii(h, "en", &d, "typography", out), 0);
    INT_EQ(c.n, 1);
    layout_hyph_free(h);

    /* an unknown language in the real folder: one note, nothing loaded */
    c.n = 0;
    h = layout_hyph_new(NULL);
    INT_EQ(hyph_ascii(h, "xx-YY", &d, "hyphenation", out), 0);
    INT_EQ(hyph_ascii(h, "xx-yy", &d, "hyphenation", out), 0);
    INT_EQ(c.n, 1);
    INT_EQ(hyph_ascii(h, "1", &d, "hyphenation", out), 0); /* not a language tag */
    layout_hyph_free(h);
}

/* A language whose dictionaries are named only by a region other than its code in capitals
 * (hyph_sv_SE.dic, hyph_nb_NO.dic, hyph_ca_ES.dic) is found; "no" takes Bokmål's. The English
 * patterns stand in for them, copied into a temporary folder. */
static void test_region_named_dictionary(void)
{
    if (!need_file(EN_DIC, "Debian hyphen-en-us"))
        return;
    char dir[] = "/tmp/op_hyphXXXXXX";
    OK(mkdtemp(dir) != NULL, "mkdtemp");
    char *pat = NULL;
    size_t plen = 0;
    INT_EQ(op_file_read(EN_DIC, 0, &pat, &plen), OP_OK);
    static const char *const names[] = {"hyph_sv_FI.dic", "hyph_sv_SE.dic", "hyph_nb_NO.dic"};
    char path[96];
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "wb");
        OK(f && fwrite(pat, 1, plen, f) == plen, "%s", path);
        if (f)
            fclose(f);
    }
    op_free(pat);
    notes c = {0};
    op_diag d = {.fn = on_diag, .ud = &c};
    layout_hyph *h = layout_hyph_new(dir);
    char out[160];
    INT_EQ(hyph_ascii(h, "sv", &d, "hyphenation", out), 2);
    INT_EQ(hyph_ascii(h, "sv-SE", &d, "hyphenation", out), 2);
    INT_EQ(hyph_ascii(h, "nb", &d, "hyphenation", out), 2);
    INT_EQ(hyph_ascii(h, "no", &d, "hyphenation", out), 2);
    INT_EQ(hyph_ascii(h, "ca", &d, "hyphenation", out), 0); /* none for Catalan here */
    INT_EQ(c.n, 1);
    layout_hyph_free(h);
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* Chinese, Japanese, Korean, Thai, Arabic and Hebrew are never hyphenated: no dictionary is
 * looked for and no note says one is missing. */
static void test_never_hyphenated(void)
{
    notes c = {0};
    op_diag d = {.fn = on_diag, .ud = &c};
    layout_hyph *h = layout_hyph_new("/nonexistent/hyphen");
    char out[160];
    static const char *const tags[] = {"zh-Hans", "zh-TW", "ja", "ko-KR", "th", "km",
                                       "my",      "bo",    "dz", "ar",    "he", "fa"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        INT_EQ(hyph_ascii(h, tags[i], &d, "hyphenation", out), 0);
    INT_EQ(c.n, 0);
    INT_EQ(hyph_ascii(h, "de", &d, "hyphenation", out), 0);
    INT_EQ(c.n, 1); /* a language that does hyphenate still gets its note */
    layout_hyph_free(h);
}

/* Russian's Debian dictionary is KOI8-R, so the word goes through iconv and each
 * Cyrillic letter (two bytes in UTF-8) is one position. Needs hyphen-ru. */
static void test_single_byte_dictionary(void)
{
    if (!need_file(RU_DIC, "Debian hyphen-ru"))
        return;
    layout_hyph *h = layout_hyph_new(NULL);
    const char *word = "программирование";
    uint32_t w[32];
    size_t n = 0;
    for (size_t i = 0; i < strlen(word);)
        w[n++] = op_utf8_next(word, strlen(word), &i);
    unsigned char brk[32] = {0};
    int count = layout_hyph_word(h, "ru", NULL, w, n, brk);
    char out[128];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (brk[i])
            out[k++] = '-';
        k += (size_t)op_utf8_encode(w[i], out + k);
    }
    out[k] = '\0';
    OK(count >= 3, "count %d: %s", count, out);
    STR_EQ(out, "программи-ро-ва-ние"); /* what these patterns give */
    /* a code point outside KOI8-R cannot be looked up: no points, no crash */
    w[0] = 0x3B1; /* Greek alpha */
    memset(brk, 0, sizeof brk);
    INT_EQ(layout_hyph_word(h, "ru", NULL, w, n, brk), 0);
    layout_hyph_free(h);
}

/* Loading only the patterns a text's words can use (layout_hyph_prepare) gives every word
 * of the text the same points as the whole dictionary (strict), a word not in the text gets
 * none. Debian's Russian file also holds TeX leftovers ("\hyphenation{", "ас-бест") that
 * change what libhyphen makes of the whole file (расстанов-ка) but are never loaded with a
 * prepared text (рас-ста-нов-ка): there only the count of points is checked. */
static int same_points(const char *lang, const char *text, size_t len, int strict)
{
    layout_hyph *full = layout_hyph_new(NULL), *part = layout_hyph_new(NULL);
    layout_hyph_prepare(part, text, len);
    int words = 0, points = 0;
    uint32_t cps[64];
    size_t n = 0;
    for (size_t i = 0; i <= len;) {
        uint32_t cp = i < len ? op_utf8_next(text, len, &i) : (i++, ' ');
        int letter = cp >= 'a' && cp <= 'z' ? 1 : (cp >= 0x430 && cp <= 0x44F);
        if ((cp >= 'A' && cp <= 'Z') || (cp >= 0x410 && cp <= 0x42F)) {
            cp += 32;
            letter = 1;
        }
        if (letter && n < 64) {
            cps[n++] = cp;
            continue;
        }
        if (n >= 5) {
            unsigned char a[64] = {0}, b[64] = {0};
            int na = layout_hyph_word(full, lang, NULL, cps, n, a);
            int nb = layout_hyph_word(part, lang, NULL, cps, n, b);
            if (strict)
                OK(na == nb && memcmp(a, b, n) == 0, "%s: word %d: %d points vs %d filtered", lang,
                   words, na, nb);
            words++;
            points += nb;
        }
        n = 0;
    }
    OK(points > 0, "%s: no points in %d words", lang, words);
    /* not in the text: no points from the filtered dictionary */
    uint32_t other[] = {'z', 'y', 'g', 'o', 't', 'e', 'r', 'r', 'i', 'b', 'l', 'e'};
    unsigned char o[12] = {0};
    INT_EQ(layout_hyph_word(part, lang, NULL, other, 12, o), 0);
    layout_hyph_free(full);
    layout_hyph_free(part);
    return words;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    op_buf b;
    op_buf_init(&b, 0);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        op_buf_add(&b, chunk, n);
    fclose(f);
    *len = b.len;
    return b.data;
}

static void test_prepared_text_en(void)
{
    if (!need_file(EN_DIC, "Debian hyphen-en-us"))
        return;
    size_t len = 0;
    char *html = read_all(OP_TEST_SRC_DIR "/tests/fixtures/sample/article.html", &len);
    OK(html != NULL, "sample article missing");
    if (html)
        OK(same_points("en", html, len, 1) > 300, "few words in the sample");
    op_free(html);
}

static void test_prepared_text_ru(void)
{
    if (!need_file(RU_DIC, "Debian hyphen-ru"))
        return;
    const char *ru = "Программирование и переносы слов: автоматическая расстановка "
                     "переносов в русском тексте требует словаря и терпения.";
    OK(same_points("ru", ru, strlen(ru), 0) >= 8, "russian words");
}

/* A set kept for several texts (its dictionary files read once) gives each text the points
 * a new set prepared for it gives, and forgets the text before: a word only there gets
 * none. */
static void reused_set(const char *lang, const char *a, const char *b, const char *only_a,
                       const char *in_b)
{
    layout_hyph *kept = layout_hyph_new(NULL), *fresh = layout_hyph_new(NULL);
    char got[160], want[160];
    layout_hyph_prepare(kept, a, strlen(a));
    OK(hyph_ascii(kept, lang, NULL, only_a, got) > 0, "%s: %s not hyphenated", lang, only_a);
    layout_hyph_prepare(kept, b, strlen(b));
    layout_hyph_prepare(fresh, b, strlen(b));
    int n = hyph_ascii(kept, lang, NULL, in_b, got);
    OK(n > 0 && n == hyph_ascii(fresh, lang, NULL, in_b, want), "%s: %s", lang, in_b);
    STR_EQ(got, want);
    INT_EQ(hyph_ascii(kept, lang, NULL, only_a, got), 0);
    layout_hyph_free(kept);
    layout_hyph_free(fresh);
}

static void test_reused_set_en(void)
{
    if (!need_file(EN_DIC, "Debian hyphen-en-us"))
        return;
    reused_set("en", "typography is an art", "hyphenation is a craft", "typography", "hyphenation");
}

int main(void)
{
    RUN(test_missing_dictionary);
    RUN(test_region_named_dictionary);
    RUN(test_never_hyphenated);
    RUN_NEEDS("hyph_en", test_english); /* the Debian dictionaries: entries of their own */
    RUN_NEEDS("hyph_en", test_prepared_text_en);
    RUN_NEEDS("hyph_en", test_reused_set_en);
    RUN_NEEDS("hyph_ru", test_single_byte_dictionary);
    RUN_NEEDS("hyph_ru", test_prepared_text_ru);
    DONE();
}
