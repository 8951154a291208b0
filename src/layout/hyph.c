/* libhyphen adapter: finds the dictionary for a language tag among the Debian hyphen-*
 * files, loads it once per layout_hyph, converts words to the dictionary's character set
 * (UTF-8, or a single-byte set such as ISO8859-1 or KOI8-R through iconv) and turns
 * libhyphen's odd-numbered marks into break positions between code points. Only standard
 * hyphenation is used: a pattern that would respell the word (German "Schiff=fahrt") is
 * skipped, not applied. */
#include "layout/hyph.h"

#include <hyphen.h>

#include <ctype.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_DICTS 8
#define MAX_WORD  64 /* longer "words" are not words (hashes, chemistry) */
#define MIN_LEFT  2
#define MIN_RIGHT 3

typedef struct hyph_dict {
    char lang[24]; /* the tag asked for, lowercased */
    HyphenDict *d; /* NULL: no dictionary for this language */
    iconv_t cv;    /* UTF-8 -> the dictionary's set; (iconv_t)-1 for UTF-8 dictionaries */
    int left, right;
} hyph_dict;

struct layout_hyph {
    char *dir;
    hyph_dict dicts[MAX_DICTS];
    int n;
};

layout_hyph *layout_hyph_new(const char *dir)
{
    layout_hyph *h = op_calloc(1, sizeof *h);
    if (!dir || !*dir)
        dir = getenv("OP_HYPHEN_DIR");
    h->dir = op_strdup(dir && *dir ? dir : "/usr/share/hyphen");
    return h;
}

void layout_hyph_free(layout_hyph *h)
{
    if (!h)
        return;
    for (int i = 0; i < h->n; i++) {
        if (h->dicts[i].d)
            hnj_hyphen_free(h->dicts[i].d);
        if (h->dicts[i].cv != (iconv_t)-1)
            iconv_close(h->dicts[i].cv);
    }
    op_free(h->dir);
    op_free(h);
}

/*** Finding a dictionary ***/

/* Splits a BCP 47 tag into a lowercase language ("en") and an uppercase region ("GB"),
 * skipping a script subtag ("sr-Latn-RS"). Returns 0 when the tag has no usable language. */
static int split_tag(const char *tag, char lang[4], char region[3])
{
    size_t i = 0, k = 0;
    lang[0] = region[0] = '\0';
    while (tag[i] && isalpha((unsigned char)tag[i]) && k < 3)
        lang[k++] = (char)tolower((unsigned char)tag[i++]);
    lang[k] = '\0';
    if (k < 2 || isalpha((unsigned char)tag[i]))
        return 0;
    while (tag[i] == '-' || tag[i] == '_') {
        size_t s = ++i;
        while (isalnum((unsigned char)tag[i]))
            i++;
        if (i - s == 2 && isalpha((unsigned char)tag[s]) && isalpha((unsigned char)tag[s + 1])) {
            region[0] = (char)toupper((unsigned char)tag[s]);
            region[1] = (char)toupper((unsigned char)tag[s + 1]);
            region[2] = '\0';
            break;
        }
    }
    return 1;
}

/* The first existing file among hyph_ll_RR.dic, hyph_ll.dic, hyph_ll_LL.dic (hyph_de_DE,
 * hyph_ru_RU) and, for English, hyph_en_US.dic. Returns a new path or NULL. */
static char *find_dict(const char *dir, const char *lang, const char *region)
{
    char cand[4][16];
    int nc = 0;
    if (region[0])
        snprintf(cand[nc++], sizeof cand[0], "%s_%s", lang, region);
    snprintf(cand[nc++], sizeof cand[0], "%s", lang);
    snprintf(cand[nc], sizeof cand[0], "%s_%s", lang, lang);
    for (char *p = cand[nc] + strlen(lang) + 1; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    nc++;
    if (strcmp(lang, "en") == 0)
        snprintf(cand[nc++], sizeof cand[0], "en_US");
    op_buf path;
    op_buf_init(&path, 0);
    for (int i = 0; i < nc; i++) {
        op_buf_reset(&path);
        op_buf_printf(&path, "%s/hyph_%s.dic", dir, cand[i]);
        if (access(path.data, R_OK) == 0)
            return path.data;
    }
    op_buf_free(&path);
    return NULL;
}

static void open_dict(layout_hyph *h, hyph_dict *hd, const char *tag, op_diag *diag)
{
    char lang[4], region[3];
    char *path = split_tag(tag, lang, region) ? find_dict(h->dir, lang, region) : NULL;
    hd->cv = (iconv_t)-1;
    if (path)
        hd->d = hnj_hyphen_load(path);
    if (hd->d && !hd->d->utf8) {
        char cset[sizeof hd->d->cset + 1];
        memcpy(cset, hd->d->cset, sizeof hd->d->cset);
        cset[sizeof hd->d->cset] = '\0';
        cset[strcspn(cset, " \t\r\n")] = '\0';
        hd->cv = iconv_open(cset, "UTF-8");
        if (hd->cv == (iconv_t)-1) {
            hnj_hyphen_free(hd->d);
            hd->d = NULL;
        }
    }
    if (hd->d) {
        hd->left = hd->d->lhmin > MIN_LEFT ? hd->d->lhmin : MIN_LEFT;
        hd->right = hd->d->rhmin > MIN_RIGHT ? hd->d->rhmin : MIN_RIGHT;
    } else {
        op_diag_report(diag, OP_SEV_NOTE, NULL, 0,
                       "no usable hyphenation dictionary for language '%s' in %s (Debian "
                       "packages hyphen-*); words are not hyphenated",
                       tag, h->dir);
    }
    op_free(path);
}

static hyph_dict *get_dict(layout_hyph *h, const char *tag, op_diag *diag)
{
    char key[sizeof h->dicts[0].lang];
    size_t k = 0;
    for (; tag[k] && k + 1 < sizeof key; k++)
        key[k] = (char)tolower((unsigned char)tag[k] == '_' ? '-' : (unsigned char)tag[k]);
    key[k] = '\0';
    for (int i = 0; i < h->n; i++)
        if (strcmp(h->dicts[i].lang, key) == 0)
            return h->dicts[i].d ? &h->dicts[i] : NULL;
    if (h->n == MAX_DICTS)
        return NULL;
    hyph_dict *hd = &h->dicts[h->n++];
    memcpy(hd->lang, key, k + 1);
    open_dict(h, hd, tag, diag);
    return hd->d ? hd : NULL;
}

/*** Hyphenating ***/

/* The word in the dictionary's encoding; end[b] = index of the code point that byte b ends
 * (or -1 inside a sequence). Returns the byte length, 0 when it cannot be converted. */
static size_t encode(hyph_dict *hd, const uint32_t *cps, size_t n, char *out, size_t cap, int *end)
{
    char u8[MAX_WORD * 4 + 1];
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = (size_t)op_utf8_encode(cps[i], u8 + len);
        for (size_t j = 0; j < k; j++)
            end[len + j] = j + 1 == k ? (int)i : -1;
        len += k;
    }
    if (hd->cv == (iconv_t)-1) {
        memcpy(out, u8, len);
        return len;
    }
    /* single-byte sets: one byte per code point */
    iconv(hd->cv, NULL, NULL, NULL, NULL);
    char *in = u8, *o = out;
    size_t inleft = len, outleft = cap;
    if (iconv(hd->cv, &in, &inleft, &o, &outleft) == (size_t)-1 || (size_t)(o - out) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        end[i] = (int)i;
    return n;
}

int layout_hyph_word(layout_hyph *h, const char *lang, op_diag *diag, const uint32_t *cps, size_t n,
                     unsigned char *brk)
{
    if (!h || !lang || !*lang || n < MIN_LEFT + MIN_RIGHT || n > MAX_WORD)
        return 0;
    hyph_dict *hd = get_dict(h, lang, diag);
    if (!hd || n < (size_t)(hd->left + hd->right))
        return 0;
    char word[MAX_WORD * 4 + 1];
    int end[MAX_WORD * 4 + 1];
    size_t len = encode(hd, cps, n, word, sizeof word - 1, end);
    if (len == 0)
        return 0;
    word[len] = '\0';
    char hyphens[MAX_WORD * 4 + 6];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    memset(hyphens, 0, sizeof hyphens);
    if (hnj_hyphen_hyphenate2(hd->d, word, (int)len, hyphens, NULL, &rep, &pos, &cut) != 0)
        return 0;
    int count = 0;
    for (size_t b = 0; b + 1 < len; b++) {
        if (!(hyphens[b] & 1) || end[b] < 0 || (rep && rep[b]))
            continue;
        size_t at = (size_t)end[b] + 1; /* the break goes before this code point */
        if (at >= (size_t)hd->left && n - at >= (size_t)hd->right) {
            brk[at] = 1;
            count++;
        }
    }
    if (rep) { /* allocated by libhyphen with malloc */
        for (size_t b = 0; b < len; b++)
            free(rep[b]);
        free(rep);
    }
    free(pos);
    free(cut);
    return count;
}
