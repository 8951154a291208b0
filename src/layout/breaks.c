/* UAX #14 line break opportunities with ICU's ubrk (icu-uc), UAX #9 bidi levels and
 * reordering with ubidi, and Arabic letters joined with u_shapeArabic. The text is converted to
 * UTF-16 with a map back to UTF-8 byte offsets. This is the only file that includes ICU. */
#include "layout/breaks.h"

#include <unicode/ubidi.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ushape.h>
#include <unicode/utypes.h>

#include <stdio.h>
#include <string.h>

#define MAX_TEXT ((size_t)256 << 20)

/* Fallback when ICU is unusable: break after runs of spaces. */
static void breaks_spaces(const char *s, size_t len, unsigned char *brk)
{
    for (size_t i = 1; i < len; i++) {
        if (s[i - 1] == '\n')
            brk[i] = LAYOUT_BRK_HARD;
        else if (s[i - 1] == ' ' && s[i] != ' ')
            brk[i] = LAYOUT_BRK_ALLOWED;
    }
}

/* Korean is set keep-all: a line breaks between words (at spaces), never inside one.
 * ICU 72 ignores the ko@lw=keepall locale key, so we do it. */
static int is_hangul(UChar c)
{
    return (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF) ||
           (c >= 0x3130 && c <= 0x318F) || (c >= 0xA960 && c <= 0xA97F) ||
           (c >= 0xD7B0 && c <= 0xD7FF);
}

/* Under keep-all a Hangul word also holds the digits and Latin letters it is written with
 * ("2023년", "12,000톤", "OECD가"), as CSS word-break: keep-all keeps NU and AL with ID. */
static int keeps_with_hangul(UChar c)
{
    return is_hangul(c) || (c < 0x80 && ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                                         (c >= 'a' && c <= 'z')));
}

static int is_syllable(UChar c)
{
    return c >= 0xAC00 && c <= 0xD7A3;
}

/* Closing brackets and quotes, and opening ones (general categories Pe/Pf and Ps/Pi). */
static int is_closing(UChar c)
{
    int8_t t = u_charType(c);
    return t == U_END_PUNCTUATION || t == U_FINAL_PUNCTUATION;
}

static int is_opening(UChar c)
{
    int8_t t = u_charType(c);
    return t == U_START_PUNCTUATION || t == U_INITIAL_PUNCTUATION;
}

/* 1 when keep-all forbids the break before u[b]: inside a Hangul word, and between a word
 * and the brackets or quotes it is written with ("단어(UAX #14)가", "“인용”과"), whose
 * particle must not start a line. */
static int keeps_korean_word(const UChar *u, size_t b)
{
    UChar a = u[b - 1], c = u[b];
    if ((is_hangul(a) || is_hangul(c)) && keeps_with_hangul(a) && keeps_with_hangul(c))
        return 1;
    return (is_closing(a) && is_hangul(c)) || (is_hangul(a) && is_opening(c));
}

/* A fallback break between two syllables of a word, at least two on each side. */
static int syllable_break(const UChar *u, size_t n, size_t b)
{
    return b >= 2 && b + 2 <= n && is_syllable(u[b - 2]) && is_syllable(u[b - 1]) &&
           is_syllable(u[b]) && is_syllable(u[b + 1]);
}

/* UTF-8 -> UTF-16, with map[k] = byte offset of unit k (map[n] = len). */
static size_t to_utf16(const char *s, size_t len, UChar *u, size_t *map)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        size_t at = i;
        uint32_t cp = op_utf8_next(s, len, &i);
        if (cp >= 0x10000) {
            cp -= 0x10000;
            map[n] = at;
            u[n++] = (UChar)(0xD800 + (cp >> 10));
            map[n] = at;
            u[n++] = (UChar)(0xDC00 + (cp & 0x3FF));
        } else {
            map[n] = at;
            u[n++] = (UChar)cp;
        }
    }
    map[n] = len;
    return n;
}

/* The ICU locale for a document language. Chinese and Japanese get strict line breaking
 * (lb=strict): kinsoku, no line starts with a small kana, a prolonged sound mark, an
 * iteration mark or a closing bracket (ICU's "ja" alone breaks before small kana and
 * ー, as CSS line-break: normal allows). */
static const char *icu_locale(const char *lang, char *out, size_t outsz)
{
    if (!lang)
        return "";
    if ((lang[0] == 'j' && lang[1] == 'a') || (lang[0] == 'z' && lang[1] == 'h')) {
        if (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_') {
            snprintf(out, outsz, "%c%c@lb=strict", lang[0], lang[1]);
            return out;
        }
    }
    return lang;
}

op_status layout_breaks(const char *s, size_t len, const char *locale, unsigned char *brk)
{
    if (len > MAX_TEXT)
        return OP_ERR_LIMIT;
    if (len == 0)
        return OP_OK;
    UChar *u = op_malloc((len + 1) * sizeof *u);
    size_t *map = op_malloc((len + 1) * sizeof *map);
    size_t n = to_utf16(s, len, u, map);
    UErrorCode err = U_ZERO_ERROR;
    char loc[16];
    UBreakIterator *bi =
        ubrk_open(UBRK_LINE, icu_locale(locale, loc, sizeof loc), u, (int32_t)n, &err);
    op_status st = OP_OK;
    if (U_FAILURE(err) || !bi) {
        breaks_spaces(s, len, brk);
        st = OP_ERR_UNSUPPORTED;
    } else {
        for (int32_t b = ubrk_following(bi, 0); b != UBRK_DONE; b = ubrk_next(bi)) {
            if ((size_t)b >= n)
                break;
            int hard = ubrk_getRuleStatus(bi) >= UBRK_LINE_HARD;
            if (!hard && b > 0 && keeps_korean_word(u, (size_t)b)) {
                if (syllable_break(u, n, (size_t)b))
                    brk[map[b]] = LAYOUT_BRK_SYLLABLE;
                continue;
            }
            brk[map[b]] = hard ? LAYOUT_BRK_HARD : LAYOUT_BRK_ALLOWED;
        }
        ubrk_close(bi);
    }
    op_free(map);
    op_free(u);
    return st;
}

int layout_cp_is_mark(uint32_t cp)
{
    int8_t t = u_charType((UChar32)cp);
    return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK;
}

int layout_cp_class(uint32_t cp)
{
    UChar32 c = (UChar32)cp;
    if (u_isdigit(c))
        return LAYOUT_CP_DIGIT;
    if (!u_isalpha(c)) /* a combining mark belongs to its letter's word: the vowel signs
                           and viramas of the Indic scripts, an accent written apart */
        return layout_cp_is_mark(cp) ? LAYOUT_CP_LOWER : LAYOUT_CP_OTHER;
    return u_isupper(c) || u_istitle(c) ? LAYOUT_CP_UPPER : LAYOUT_CP_LOWER;
}

uint32_t layout_cp_lower(uint32_t cp)
{
    return (uint32_t)u_tolower((UChar32)cp);
}

int layout_bidi_levels(const char *s, size_t len, int base, unsigned char *levels)
{
    memset(levels, 0, len);
    if (len == 0 || len > MAX_TEXT)
        return -1;
    UChar *u = op_malloc((len + 1) * sizeof *u);
    size_t *map = op_malloc((len + 1) * sizeof *map);
    size_t n = to_utf16(s, len, u, map);
    UErrorCode err = U_ZERO_ERROR;
    UBiDi *bidi = ubidi_open();
    int para = -1;
    UBiDiLevel lv = base == 0 ? 0 : base == 1 ? 1 : UBIDI_DEFAULT_LTR;
    if (bidi)
        ubidi_setPara(bidi, u, (int32_t)n, lv, NULL, &err);
    const UBiDiLevel *ls = bidi && U_SUCCESS(err) ? ubidi_getLevels(bidi, &err) : NULL;
    if (ls && U_SUCCESS(err)) {
        for (size_t k = n; k-- > 0;)
            levels[map[k]] = ls[k]; /* a surrogate pair: the first unit's level */
        para = ubidi_getParaLevel(bidi);
    }
    if (bidi)
        ubidi_close(bidi);
    op_free(map);
    op_free(u);
    return para;
}

void layout_bidi_reorder(const unsigned char *levels, size_t n, int32_t *map)
{
    if (n == 0)
        return;
    ubidi_reorderVisual((const UBiDiLevel *)levels, (int32_t)n, map);
}

uint32_t layout_cp_mirror(uint32_t cp)
{
    return (uint32_t)u_charMirror((UChar32)cp);
}

int layout_shape_arabic(const char *s, size_t len, uint32_t *forms)
{
    memset(forms, 0, len * sizeof *forms);
    if (len == 0 || len > MAX_TEXT)
        return 0;
    UChar *u = op_malloc((len + 1) * sizeof *u), *out = op_malloc((len + 1) * sizeof *out);
    size_t *map = op_malloc((len + 1) * sizeof *map);
    size_t n = to_utf16(s, len, u, map);
    UErrorCode err = U_ZERO_ERROR;
    /* logical order in, the same length out: a lam-alef ligature takes the lam's place and
     * leaves a space where the alef was */
    int32_t got = u_shapeArabic(u, (int32_t)n, out, (int32_t)n,
                                U_SHAPE_LETTERS_SHAPE | U_SHAPE_TEXT_DIRECTION_LOGICAL |
                                    U_SHAPE_LENGTH_FIXED_SPACES_NEAR,
                                &err);
    int changed = 0;
    for (size_t k = 0; U_SUCCESS(err) && (size_t)got == n && k < n; k++) {
        if (out[k] == u[k] || U16_IS_SURROGATE(u[k]) || U16_IS_SURROGATE(out[k]) ||
            u_charType(u[k]) == U_NON_SPACING_MARK) /* marks keep their own code point */
            continue;
        forms[map[k]] = out[k] == ' ' ? LAYOUT_SHAPE_GONE : (uint32_t)out[k];
        changed = 1;
    }
    op_free(map);
    op_free(out);
    op_free(u);
    return changed;
}

uint32_t layout_cp_unshape(uint32_t cp, uint32_t *second)
{
    UChar in = (UChar)cp, out[4];
    UErrorCode err = U_ZERO_ERROR;
    *second = 0;
    if (cp < 0xFB50 || cp > 0xFEFC)
        return cp;
    int32_t n = u_shapeArabic(&in, 1, out, 4,
                              U_SHAPE_LETTERS_UNSHAPE | U_SHAPE_TEXT_DIRECTION_LOGICAL |
                                  U_SHAPE_LENGTH_GROW_SHRINK,
                              &err);
    if (U_FAILURE(err) || n < 1 || n > 2)
        return cp;
    if (n == 2)
        *second = out[1];
    return out[0];
}
