/* Hyphenation points of a paragraph for the PDF line breaker (linebreak.c): explicit
 * hyphens after letters, and the points the dictionaries (hyph.c) give each word that reads
 * as one (no code, digits, URLs, acronyms or CamelCase identifiers). */
#include "layout/linebreak_int.h"
#include "layout/breaks.h"
#include "layout/hyph.h"

#include <string.h>

static int is_hyphen_char(uint32_t c)
{
    return c == '-' || c == 0x2010 || c == 0x2011;
}

/* A token (the atoms between spaces) is hyphenated only when it reads as a word: no code
 * span, no digits, no URL, path, address or identifier characters, no explicit or soft
 * hyphens (those are its break points already). */
static int token_is_word(const layout_para *p, size_t a, size_t b)
{
    for (size_t j = a; j < b; j++) {
        const layout_atom *at = &p->atoms[j];
        int role = p->spans[at->span].sp.role;
        uint32_t c = at->cp;
        if (role == FONT_MONO || role == FONT_MONO_B || (at->flags & (A_SHY | A_NL)))
            return 0;
        if (is_hyphen_char(c) || (c < 0x80 && strchr("@/\\_|<>=#~{}[]^*+%$&", (int)c)))
            return 0;
        if ((c == '.' || c == ':') && j + 1 < b &&
            layout_cp_class(p->atoms[j + 1].cp) != LAYOUT_CP_OTHER)
            return 0; /* example.com, http:, 3:45 */
        if (layout_cp_class(c) == LAYOUT_CP_DIGIT)
            return 0;
    }
    return 1;
}

/* A virama (halant, pulli...): the consonant before it joins the next one's syllable. */
static int is_virama(uint32_t c)
{
    return c >= 0x0900 && c <= 0x0DFF && ((c & 0x7F) == 0x4D || c == 0x0DCA);
}

/* The syllables of cps[0..n) that start before position i, in scripts whose letters take
 * marks: a code point that is no mark (class check by the caller's marks[]) and not a
 * consonant closed by a virama. */
static size_t syllables_before(const uint32_t *cps, const unsigned char *mark, size_t n, size_t i)
{
    size_t s = 0;
    for (size_t k = 0; k < i && k < n; k++)
        s += !mark[k] && !(k + 1 < n && is_virama(cps[k + 1]));
    return s;
}

/* Marks the hyphenation points of the letter run [a, b) unless it is an acronym or a
 * CamelCase identifier (an uppercase letter after the first). In the Indic scripts a
 * point leaves two syllables at least on each side: the dictionaries count code points, and
 * a vowel sign or a virama is one ("கள்" alone on a line is one syllable). */
static void hyphenate_run(layout_textenv *env, layout_para *p, size_t a, size_t b)
{
    uint32_t cps[64];
    unsigned char brk[64], mark[64];
    size_t n = b - a;
    int marks = 0;
    if (n < 5 || n > sizeof cps / sizeof cps[0])
        return;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = p->atoms[a + i].cp;
        if (i > 0 && layout_cp_class(c) == LAYOUT_CP_UPPER)
            return;
        cps[i] = layout_cp_lower(c);
        mark[i] = layout_cp_is_mark(c);
        marks |= mark[i] && c >= 0x0900;
    }
    memset(brk, 0, n);
    if (layout_hyph_word(env->hyph, env->lang, env->diag, cps, n, brk) == 0)
        return;
    size_t total = marks ? syllables_before(cps, mark, n, n) : 0;
    for (size_t i = 1; i < n; i++) { /* never inside a shaped cluster */
        if (!brk[i] || (p->atoms[a + i].flags & A_SKIP))
            continue;
        if (marks) {
            size_t left = syllables_before(cps, mark, n, i);
            if (left < 2 || total - left < 2)
                continue;
        }
        p->atoms[a + i].flags |= A_BREAK | A_HYPH;
    }
}

/* Flags explicit hyphens after a letter (a line ending there counts as hyphenated) and,
 * with a dictionary, adds the hyphenation points of every word. */
void layout_hyphenate(layout_textenv *env, layout_para *p)
{
    size_t a = 0;
    for (size_t j = 0; j <= p->natoms; j++) {
        if (j < p->natoms && is_hyphen_char(p->atoms[j].cp) && j > 0 &&
            layout_cp_class(p->atoms[j - 1].cp) >= LAYOUT_CP_LOWER &&
            layout_cp_class(p->atoms[j - 1].cp) <= LAYOUT_CP_UPPER)
            p->atoms[j].flags |= A_EXHY;
        if (j < p->natoms && !(p->atoms[j].flags & (A_SPACE | A_NL)))
            continue;
        if (env->hyph && env->lang && j > a && token_is_word(p, a, j)) {
            size_t r = a;
            for (size_t k = a; k <= j; k++) {
                int cls = k < j ? layout_cp_class(p->atoms[k].cp) : LAYOUT_CP_OTHER;
                if (cls == LAYOUT_CP_LOWER || cls == LAYOUT_CP_UPPER)
                    continue;
                if (k > r)
                    hyphenate_run(env, p, r, k);
                r = k + 1;
            }
        }
        a = j + 1;
    }
}
