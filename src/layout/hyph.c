/* libhyphen adapter: finds the dictionary for a language tag among the Debian hyphen-*
 * files, loads it once per layout_hyph, converts words to the dictionary's character set
 * (UTF-8, or a single-byte set such as ISO8859-1 or KOI8-R through iconv) and turns
 * libhyphen's odd-numbered marks into break positions between code points. Only standard
 * hyphenation is used: a pattern that would respell the word (German "Schiff=fahrt") is
 * skipped, not applied.
 * libhyphen builds its automaton slowly (20 ms for English, 5 s for German), so when the
 * caller tells us the text first (layout_hyph_prepare), the dictionary is loaded with only
 * the patterns that occur in the text's words; Liang's algorithm looks at no others, so the
 * points are the same, and words outside the text are then not hyphenated. The automaton
 * depends on the text, the file does not: its bytes are kept for the next document. */
#include "layout/hyph.h"
#include "layout/breaks.h"

#include <hyphen.h>

#include <ctype.h>
#include <dirent.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_DICTS 8
#define MAX_FILES 16 /* dictionary files kept across documents */
#define MAX_WORD  64 /* longer "words" are not words (hashes, chemistry) */
#define MIN_LEFT  2
#define MIN_RIGHT 3

typedef struct hset {
    uint64_t *v; /* 0 = empty */
    size_t cap, n;
} hset;

typedef struct hyph_dict {
    char lang[24]; /* the tag asked for, lowercased */
    HyphenDict *d; /* NULL: no dictionary for this language */
    iconv_t cv;    /* UTF-8 -> the dictionary's set; (iconv_t)-1 for UTF-8 dictionaries */
    int left, right;
    int filtered; /* loaded for the prepared text only */
    hset words;   /* then: the text's words (as looked up) */
} hyph_dict;

/* One line of a dictionary after its first: kept for every text (a keyword such as
 * LEFTHYPHENMIN or NEXTLEVEL), never (comments, blank lines), or when the text's words hold
 * the pattern's letters (their hash). */
typedef struct hyph_line {
    size_t off, len; /* bytes of the line, without its '\n' */
    uint64_t key;    /* hash of the pattern's letters; 0 = never kept */
    int always;
} hyph_line;

/* A dictionary file's bytes and lines, read once and filtered for each prepared text. */
typedef struct hyph_file {
    char *path;
    char *data; /* NUL-terminated */
    size_t len;
    size_t l0;     /* length of the first line (the character set) */
    size_t maxlen; /* longest pattern, in bytes without its digits */
    hyph_line *lines;
    size_t nlines;
} hyph_file;

struct op_hyph {
    char *dir;
    hyph_dict dicts[MAX_DICTS];
    int n;
    hyph_file files[MAX_FILES];
    int nfiles;
    char *text; /* what layout_hyph_prepare was given, or NULL */
    size_t textlen;
};

/*** A set of 64-bit string hashes (a false hit only keeps one more pattern) ***/

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = op_fnv64(s, n);
    return h ? h : 1;
}

static void hset_add(hset *s, uint64_t h)
{
    if (2 * (s->n + 1) > s->cap) {
        hset old = *s;
        s->cap = s->cap ? 2 * s->cap : 1024;
        s->v = op_calloc(s->cap, sizeof *s->v);
        s->n = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.v[i])
                hset_add(s, old.v[i]);
        op_free(old.v);
    }
    size_t i = (size_t)h & (s->cap - 1);
    while (s->v[i] && s->v[i] != h)
        i = (i + 1) & (s->cap - 1);
    if (!s->v[i]) {
        s->v[i] = h;
        s->n++;
    }
}

static int hset_has(const hset *s, uint64_t h)
{
    if (!s->cap)
        return 0;
    size_t i = (size_t)h & (s->cap - 1);
    while (s->v[i]) {
        if (s->v[i] == h)
            return 1;
        i = (i + 1) & (s->cap - 1);
    }
    return 0;
}

layout_hyph *layout_hyph_new(const char *dir)
{
    layout_hyph *h = op_calloc(1, sizeof *h);
    if (!dir || !*dir)
        dir = getenv("OP_HYPHEN_DIR");
    h->dir = op_strdup(dir && *dir ? dir : "/usr/share/hyphen");
    return h;
}

static void file_free(hyph_file *f)
{
    op_free(f->path);
    op_free(f->data);
    op_free(f->lines);
}

static void drop_dicts(layout_hyph *h)
{
    for (int i = 0; i < h->n; i++) {
        if (h->dicts[i].d)
            hnj_hyphen_free(h->dicts[i].d);
        if (h->dicts[i].cv != (iconv_t)-1)
            iconv_close(h->dicts[i].cv);
        op_free(h->dicts[i].words.v);
    }
    memset(h->dicts, 0, sizeof h->dicts);
    h->n = 0;
}

void layout_hyph_free(layout_hyph *h)
{
    if (!h)
        return;
    drop_dicts(h);
    for (int i = 0; i < h->nfiles; i++)
        file_free(&h->files[i]);
    op_free(h->text);
    op_free(h->dir);
    op_free(h);
}

void layout_hyph_prepare(layout_hyph *h, const char *text, size_t len)
{
    drop_dicts(h); /* loaded for another text */
    op_free(h->text);
    h->text = op_malloc(len + 1);
    memcpy(h->text, text, len);
    h->text[len] = '\0';
    h->textlen = len;
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
/* The first (by name) hyph_LANG_XX.dic in dir, for a language whose packages name its
 * dictionaries only by a region that is not the language's code in capitals (sv_SE, nb_NO,
 * ca_ES). New path, or NULL. */
static char *any_region_dict(const char *dir, const char *lang)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char best[64] = "", pre[16];
    snprintf(pre, sizeof pre, "hyph_%s_", lang);
    size_t pl = strlen(pre);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t n = strlen(e->d_name);
        if (n < sizeof best && n > pl + 4 && !strncmp(e->d_name, pre, pl) &&
            !strcmp(e->d_name + n - 4, ".dic") && (!best[0] || strcmp(e->d_name, best) < 0))
            memcpy(best, e->d_name, n + 1);
    }
    closedir(d);
    if (!best[0])
        return NULL;
    op_buf path;
    op_buf_init(&path, 0);
    op_buf_printf(&path, "%s/%s", dir, best);
    if (access(path.data, R_OK) == 0)
        return path.data;
    op_buf_free(&path);
    return NULL;
}

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
    if (!strcmp(lang, "no")) /* Norwegian: its written standard Bokmål's patterns */
        return find_dict(dir, "nb", "");
    return any_region_dict(dir, lang);
}

static size_t encode(hyph_dict *hd, const uint32_t *cps, size_t n, char *out, size_t cap, int *end);

/* Reads the file at `path` whole (at most 64 MB); NULL on failure. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    op_buf b;
    op_buf_init(&b, (size_t)64 << 20);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (op_buf_add(&b, chunk, n) != OP_OK)
            break;
    int bad = ferror(f) || !feof(f);
    fclose(f);
    if (bad) {
        op_buf_free(&b);
        return NULL;
    }
    *len = b.len;
    return b.data ? b.data : op_strdup("");
}

/* Adds the words of h->text, in the dictionary's encoding, to hd->words, and every piece
 * of them (with the '.' word boundaries) a pattern could match to `subs`. */
static void collect_words(layout_hyph *h, hyph_dict *hd, hset *subs, size_t maxlen)
{
    const char *s = h->text;
    size_t len = h->textlen, i = 0;
    uint32_t cps[MAX_WORD];
    char word[MAX_WORD * 4 + 3];
    int end[MAX_WORD * 4 + 1];
    while (i < len) {
        size_t n = 0, over = 0;
        uint32_t cp = 0;
        while (i < len) {
            cp = op_utf8_next(s, len, &i);
            int cls = layout_cp_class(cp);
            if (cls != LAYOUT_CP_LOWER && cls != LAYOUT_CP_UPPER)
                break;
            if (n < MAX_WORD)
                cps[n++] = layout_cp_lower(cp);
            else
                over = 1;
        }
        if (n < MIN_LEFT + MIN_RIGHT || over)
            continue;
        size_t wl = encode(hd, cps, n, word + 1, sizeof word - 3, end);
        if (wl == 0)
            continue;
        uint64_t wh = hash_bytes(word + 1, wl);
        if (hset_has(&hd->words, wh))
            continue; /* its pieces are in already */
        hset_add(&hd->words, wh);
        word[0] = '.';
        word[wl + 1] = '.';
        for (size_t a = 0; a < wl + 2; a++)
            for (size_t b = a + 1; b <= wl + 2 && b - a <= maxlen; b++)
                hset_add(subs, hash_bytes(word + a, b - a));
    }
}

/* The dictionary with only the header lines and the patterns whose letters occur in the
 * prepared text; NULL when the file cannot be read or its character set is unknown. */
/* The longest pattern of a dictionary's text, in bytes without its digits. */
static size_t longest_pattern(const char *data, size_t len, size_t l0)
{
    size_t maxlen = 0;
    for (size_t i = l0 + 1, k = 0; i < len; i++) {
        char c = data[i];
        if (c == '\n' || c == '/' || c == ' ' || c == '\r') {
            maxlen = k != (size_t)-1 && k > maxlen ? k : maxlen;
            k = c == '/' ? (size_t)-1 : 0; /* the rest of a line after '/' is not letters */
        } else if ((c < '0' || c > '9') && k != (size_t)-1) {
            k++;
        }
        if (c == '\n')
            k = 0;
    }
    return maxlen;
}

/* Sorts the lines after the first into keywords, patterns (keyed by their letters, digits
 * and anything after a '/' left out) and lines never kept. */
static void index_lines(hyph_file *f)
{
    const char *data = f->data;
    size_t len = f->len, cap = 0;
    char letters[256];
    for (size_t i = f->l0 + 1; i < len;) {
        size_t e = i;
        while (e < len && data[e] != '\n')
            e++;
        size_t a = i;
        while (a < e && (data[a] == ' ' || data[a] == '\t'))
            a++;
        hyph_line ln = {.off = i, .len = e - i};
        ln.always = a < e && data[a] >= 'A' && data[a] <= 'Z'; /* LEFTHYPHENMIN, NEXTLEVEL... */
        if (!ln.always && a < e && data[a] != '%' && data[a] != '#' && data[a] != '\r') {
            size_t k = 0;
            for (size_t j = a; j < e && data[j] != '/' && data[j] != '\r' && k < sizeof letters;
                 j++)
                if (data[j] < '0' || data[j] > '9')
                    letters[k++] = data[j];
            ln.key = k > 0 ? hash_bytes(letters, k) : 0;
        }
        if (ln.always || ln.key) {
            if (f->nlines == cap) {
                cap = cap ? cap * 2 : 1024;
                f->lines = op_realloc(f->lines, cap * sizeof *f->lines);
            }
            f->lines[f->nlines++] = ln;
        }
        i = e + 1;
    }
}

/* The file at `path`, read on first use and kept (while there is room) for the documents
 * that follow; NULL when it cannot be read. A file not kept goes into *spare (file_free). */
static const hyph_file *get_file(layout_hyph *h, const char *path, hyph_file *spare)
{
    for (int i = 0; i < h->nfiles; i++)
        if (strcmp(h->files[i].path, path) == 0)
            return &h->files[i];
    hyph_file f = {0};
    f.data = read_file(path, &f.len);
    if (!f.data)
        return NULL;
    f.l0 = strcspn(f.data, "\n");
    f.maxlen = longest_pattern(f.data, f.len, f.l0);
    index_lines(&f);
    if (h->nfiles == MAX_FILES) {
        *spare = f;
        return spare;
    }
    f.path = op_strdup(path);
    h->files[h->nfiles] = f;
    return &h->files[h->nfiles++];
}

static HyphenDict *load_filtered(layout_hyph *h, hyph_dict *hd, const char *path)
{
    hyph_file spare = {0};
    const hyph_file *file = get_file(h, path, &spare);
    if (!file)
        return NULL;
    const char *data = file->data;
    size_t len = file->len, l0 = file->l0;
    char cset[32];
    snprintf(cset, sizeof cset, "%.*s", (int)(l0 < 31 ? l0 : 31), data);
    cset[strcspn(cset, " \t\r")] = '\0';
    if (strcmp(cset, "UTF-8") != 0 && (hd->cv = iconv_open(cset, "UTF-8")) == (iconv_t)-1) {
        file_free(&spare);
        return NULL;
    }
    hset subs = {0};
    collect_words(h, hd, &subs, file->maxlen);
    op_buf out;
    op_buf_init(&out, 0);
    op_buf_add(&out, data, l0 < len ? l0 + 1 : len);
    for (size_t i = 0; i < file->nlines; i++) {
        const hyph_line *ln = &file->lines[i];
        if (ln->always || hset_has(&subs, ln->key)) {
            op_buf_add(&out, data + ln->off, ln->len);
            op_buf_addc(&out, '\n');
        }
    }
    file_free(&spare);
    op_free(subs.v);
    HyphenDict *d = NULL;
    FILE *f = fmemopen(out.data, out.len, "r");
    if (f) {
        d = hnj_hyphen_load_file(f);
        fclose(f);
    }
    op_buf_free(&out);
    hd->filtered = d != NULL;
    return d;
}

/* Languages whose writing is never hyphenated: Chinese, Japanese, Korean, Thai, Lao,
 * Khmer and Burmese (lines break between characters or words), Tibetan and Dzongkha
 * (between syllables, after the tsheg), Arabic, Persian, Urdu, Hebrew and Yiddish (lines
 * break between words; Arabic stretches by kashida). */
static int never_hyphenated(const char *lang)
{
    static const char *const never[] = {"zh", "ja", "ko", "th", "lo", "km", "my",
                                        "bo", "dz", "ar", "fa", "ur", "he", "yi"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        if (strcmp(lang, never[i]) == 0)
            return 1;
    return 0;
}

static void open_dict(layout_hyph *h, hyph_dict *hd, const char *tag, op_diag *diag)
{
    char lang[4], region[3];
    char *path = split_tag(tag, lang, region) ? find_dict(h->dir, lang, region) : NULL;
    hd->cv = (iconv_t)-1;
    if (path)
        hd->d = h->text ? load_filtered(h, hd, path) : hnj_hyphen_load(path);
    if (hd->d && !hd->d->utf8 && hd->cv == (iconv_t)-1) {
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
    if (!hd->d && hd->cv != (iconv_t)-1) {
        iconv_close(hd->cv);
        hd->cv = (iconv_t)-1;
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
    char lang[4], region[3];
    if (h->n == MAX_DICTS || (split_tag(tag, lang, region) && never_hyphenated(lang)))
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
    if (len == 0 || (hd->filtered && !hset_has(&hd->words, hash_bytes(word, len))))
        return 0; /* a word the prepared text did not have: its patterns were left out */
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
