/* Site chrome in text dumps (what lynx, w3m, html2text or "select all, copy" make of a page):
 * lynx's numbered References list, its [12] link numbers and [IMG] marks, html2text's starred
 * headings and underlined links; then the article's span among menus, link lists, form fields
 * and one-word labels: each block gets a score from its shape (prose counts for, chrome against)
 * and the best-scoring run of blocks is the article. No rule names a site. Linear in the input. */
#include "core/core.h"
#include "extract/extract_int.h"
#include "extract/page.h"

#include <stdlib.h>
#include <string.h>

#define CUT_MIN     8 /* chrome a dump's head or tail must hold before it is cut */
#define SHORT_WORDS 5 /* a line of at most this many words is short (a menu entry, a label) */

/*** Lines ***/

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f';
}

/* Words on a line: space-separated runs; a run of CJK text counts a word every two characters. */
static size_t line_words(text_line l)
{
    size_t n = 0, cjk = 0, i = 0;
    int in = 0;
    while (i < l.len) {
        uint32_t cp = op_utf8_next(l.s, l.len, &i);
        int sp = cp < 0x80 ? is_space((unsigned char)cp) : (cp == 0xA0 || cp == 0x3000);
        if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
            (cp >= 0xAC00 && cp <= 0xD7AF))
            cjk++;
        n += !sp && !in;
        in = !sp;
    }
    return n + cjk / 2;
}

/* "[12]" at s (a lynx link number): its length, else 0. */
static size_t ref_mark(const char *s, size_t len)
{
    size_t i = 1;
    if (len < 3 || s[0] != '[')
        return 0;
    while (i < len && i < 7 && s[i] >= '0' && s[i] <= '9')
        i++;
    return i > 1 && i < len && s[i] == ']' ? i + 1 : 0;
}

static int starts_with(text_line l, const char *p)
{
    size_t n = strlen(p);
    return l.len >= n && !memcmp(l.s, p, n);
}

/* A line of lynx's References list: "  12. https://..." (or file:, mailto:, javascript:). */
static int is_ref_line(text_line l)
{
    l = parse_text_trim(l);
    size_t i = 0;
    while (i < l.len && l.s[i] >= '0' && l.s[i] <= '9')
        i++;
    if (!i || i + 2 > l.len || l.s[i] != '.' || l.s[i + 1] != ' ')
        return 0;
    for (size_t j = i + 2; j + 1 < l.len && l.s[j] != ' '; j++)
        if (l.s[j] == ':')
            return j > i + 2;
    return 0;
}

/* lynx ends its dump with "References" and the numbered URLs of every link: the line where
 * that list starts, or d->n. */
static size_t references_start(const text_dump *d, size_t from)
{
    for (size_t i = d->n; i-- > from;) {
        text_line l = parse_text_trim(d->ls[i]);
        if (l.len != 10 || memcmp(l.s, "References", 10))
            continue;
        size_t j = i + 1; /* past blank lines and a "Visible links:" label */
        while (j < d->n &&
               (parse_text_blank(d->ls[j]) ||
                (j < i + 4 && line_words(d->ls[j]) <= 3 &&
                 parse_text_trim(d->ls[j]).s[parse_text_trim(d->ls[j]).len - 1] == ':')))
            j++;
        if (j < d->n && is_ref_line(d->ls[j]))
            return i;
    }
    return d->n;
}

/* html2text sets headings between runs of stars ("****** Title ******", the closing run may
 * wrap to the next line): the line without them. A line of stars alone becomes blank. */
static text_line unstar(text_line l)
{
    text_line t = parse_text_trim(l);
    size_t a = 0, b = t.len;
    while (a < t.len && t.s[a] == '*')
        a++;
    if (a == t.len && a >= 2)
        return (text_line){t.s, 0};
    if (a >= 2 && a < t.len && t.s[a] == ' ') {
        while (b > a && t.s[b - 1] == '*')
            b--;
        if (b < t.len && (t.len - b < 2 || t.s[b - 1] != ' '))
            b = t.len;
        return parse_text_trim((text_line){t.s + a, b - a});
    }
    return l;
}

/* html2text underlines a link's words with '_' in place of its spaces ("Share_on_Facebook").
 * Counted on lines where an underscore joins two words, one of them capitalised; the dump is
 * html2text's when such lines are many. */
static int underlined(text_line l)
{
    for (size_t i = 1; i + 1 < l.len; i++)
        if (l.s[i] == '_' && !is_space((unsigned char)l.s[i - 1]) && l.s[i - 1] != '_' &&
            l.s[i + 1] >= 'A' && l.s[i + 1] <= 'Z')
            return 1;
    return 0;
}

/*** Markup of the dumping tool ***/

void extract_text_unmark(text_dump *d, size_t from, unsigned short *links)
{
    size_t refs = references_start(d, from);
    d->refs = refs < d->n;
    d->n = refs;
    size_t lines = 0, under = 0;
    for (size_t i = from; i < d->n; i++) {
        lines += !parse_text_blank(d->ls[i]);
        under += underlined(d->ls[i]);
    }
    int html2text = under >= 5 && under * 10 >= lines;
    for (size_t i = from; i < d->n; i++) {
        text_line *l = &d->ls[i];
        links[i] = 0;
        if (d->refs)
            for (size_t j = 0; j < l->len; j++)
                links[i] += ref_mark(l->s + j, l->len - j) != 0;
        *l = unstar(*l);
        if (!html2text)
            continue;
        char *s = (char *)l->s; /* into the dump's own UTF-8 copy */
        int run = 0, url = 0;
        for (size_t j = 1; j + 1 < l->len; j++) {
            if (is_space((unsigned char)s[j - 1])) /* a URL keeps its underscores */
                url = 0;
            url |= s[j] == '/';
            if (!url && s[j] == '_' && !is_space((unsigned char)s[j - 1]) && s[j - 1] != '_' &&
                !is_space((unsigned char)s[j + 1]) && s[j + 1] != '_') {
                s[j] = ' ';
                links[i] += !run;
                run = 1;
            } else if (is_space((unsigned char)s[j])) {
                run = 0;
            }
        }
    }
}

/*** Block shapes ***/

static int sentence_end(text_line l)
{
    static const char *const ends[] = {"\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F",
                                       "\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xBB"};
    for (;;) { /* past note marks: "^", "[12]" */
        while (l.len && (l.s[l.len - 1] == '^' || l.s[l.len - 1] == ' '))
            l.len--;
        size_t j = l.len;
        if (!j || l.s[j - 1] != ']')
            break;
        while (j > 0 && l.s[j - 1] != '[')
            j--;
        if (!j || !ref_mark(l.s + j - 1, l.len - j + 1))
            break;
        l.len = j - 1;
    }
    if (!l.len)
        return 0;
    char c = l.s[l.len - 1];
    if (c == '.' || c == '!' || c == '?' || c == '"' || c == '\'' || c == ')' || c == ':')
        return 1;
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++)
        if (l.len >= 3 && !memcmp(l.s + l.len - strlen(ends[i]), ends[i], strlen(ends[i])))
            return 1;
    return 0;
}

/* Sentences that end inside the block's text: a full stop, '!' or '?' before a space and a
 * capital or a digit, or a CJK full stop. A wrapped paragraph ends its sentences mid-line. */
static size_t sentences(const op_buf *t)
{
    size_t n = 0;
    for (size_t i = 1; i + 2 < t->len; i++) {
        char c = t->data[i], next = t->data[i + 2];
        if ((c == '.' || c == '!' || c == '?') && t->data[i + 1] == ' ' &&
            ((next >= 'A' && next <= 'Z') || (next >= '0' && next <= '9') ||
             (unsigned char)next >= 0xC0) &&
            t->data[i - 1] != ' ' && t->data[i - 1] != '.')
            n++;
        else if (!memcmp(t->data + i, "\xE3\x80\x82", 3))
            n++;
    }
    return n;
}

/* A form field or button as dumps draw them: "____", "[ ]", "[Search]", "[BUTTON]". */
static int form_line(text_line l)
{
    for (size_t i = 0; i + 3 < l.len; i++)
        if (!memcmp(l.s + i, "____", 4) || !memcmp(l.s + i, "[   ", 4))
            return 1;
    return starts_with(l, "[BUTTON]") || starts_with(l, "IFRAME:") || starts_with(l, "#");
}

/* Lines holding only a dump's image mark: "[IMG]", "[INLINE]", "[image]". */
static int mark_only(text_line l)
{
    l = parse_text_trim(l);
    return l.len >= 3 && l.s[0] == '[' && l.s[l.len - 1] == ']' && line_words(l) <= 2 &&
           !ref_mark(l.s, l.len);
}

/* A copyright or legal line: a copyright sign or word opens it, or it reserves the rights. */
static int legal_text(const op_buf *t)
{
    static const char *const marks[] = {"\xC2\xA9", "copyright", "(c) ", "all rights reserved",
                                        "\xE7\x89\x88\xE6\x9D\x83\xE6\x89\x80\xE6\x9C\x89"};
    static const size_t within[] = {0, 0, 0, 400, 400}; /* a sign or word opens the line */
    if (!t->len || t->len > 400)
        return 0;
    char low[401];
    for (size_t i = 0; i < t->len; i++)
        low[i] = (char)(t->data[i] >= 'A' && t->data[i] <= 'Z' ? t->data[i] + 32 : t->data[i]);
    low[t->len] = '\0';
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        const char *m = strstr(low, marks[i]);
        if (m && (size_t)(m - low) <= within[i])
            return 1;
    }
    return 0;
}

/* The block's score: its words when it reads as prose, negative when it reads as chrome (a
 * run of short lines without sentences, a list of short items, lines mostly made of links,
 * form fields), about zero for a short line (a heading, a label). */
static long block_score(const text_dump *d, const text_block *k, const unsigned short *links,
                        unsigned char *strong)
{
    size_t words = 0, link = 0, shorts = 0, ends = 0, form = 0, lines = k->b - k->a;
    for (size_t i = k->a; i < k->b; i++) {
        text_line l = parse_text_trim(d->ls[i]);
        size_t w = line_words(l);
        words += w;
        link += links[i];
        shorts += w <= SHORT_WORDS;
        ends += sentence_end(l) && w > SHORT_WORDS;
        form += form_line(l) || mark_only(l);
    }
    op_buf t;
    op_buf_init(&t, 0);
    parse_text_block_text(d, k, &t);
    int prose = sentence_end(parse_text_trim((text_line){t.data ? t.data : "", t.len}));
    int legal = legal_text(&t);
    size_t inner = sentences(&t);
    if (inner > ends)
        ends = inner;
    op_buf_free(&t);
    *strong = 1;
    if (form * 2 >= lines)
        return -3 * (long)lines;
    if (link && link * 5 >= words && !(prose && ends && words >= 20)) /* not a paragraph */
        return -(long)(words / 2 + 2 * lines);
    *strong = 0;
    if (legal) {
        *strong = 1;
        return -(long)(words + 2 * lines);
    }
    if (lines >= 3 && shorts * 4 >= lines * 3 && !ends)
        return -2 * (long)lines; /* a menu or a tag list */
    if (k->kind == TB_LIST && shorts == lines && !ends)
        return -2 * (long)lines;
    if (prose && words > SHORT_WORDS)
        return (long)words;
    if (words <= SHORT_WORDS && lines == 1)
        return -2;
    return lines == 1 || words < 8 * lines ? -(long)lines : (long)(words / 2);
}

/*** Labels that repeat ***/

#define LABEL_WORDS 3 /* a repeated line of at most this many words is a label */

typedef struct hashed {
    uint64_t h;
    size_t block;
} hashed;

static int by_hash(const void *a, const void *b)
{
    const hashed *x = a, *y = b;
    return x->h < y->h ? -1 : x->h > y->h ? 1 : x->block < y->block ? -1 : x->block > y->block;
}

/* The block's text folded (ASCII case, spaces) and hashed; 0 when it is no short line. */
static uint64_t label_hash(const text_dump *d, const text_block *k, op_buf *t)
{
    if (k->b - k->a != 1)
        return 0;
    parse_text_block_text(d, k, t);
    text_line l = {t->data, t->len};
    if (!t->len || line_words(l) > LABEL_WORDS || sentence_end(l))
        return 0; /* a sentence said twice is the writer's */
    uint64_t h = OP_FNV64_INIT;
    for (size_t i = 0; i < t->len; i++) {
        unsigned char c = (unsigned char)t->data[i];
        if (!is_space(c))
            h = op_fnv64_step(h, (unsigned char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
    }
    return h ? h : 1;
}

/* Short lines printed more than once ("Advertisement", "Read more", "Share", "Next") are the
 * site's labels. Two copies in neighbouring blocks are a caption printed twice (alt text and
 * caption), which find_captions keeps once. */
static void repeated_labels(const text_dump *d, unsigned char *label)
{
    hashed *hs = op_malloc((d->nb + 1) * sizeof *hs);
    size_t n = 0;
    op_buf t;
    op_buf_init(&t, 0);
    for (size_t i = 0; i < d->nb; i++) {
        uint64_t h = label_hash(d, &d->bl[i], &t);
        if (h)
            hs[n++] = (hashed){h, i};
    }
    op_buf_free(&t);
    qsort(hs, n, sizeof *hs, by_hash);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && hs[j].h == hs[i].h;)
            j++;
        if (j - i == 2 && hs[i + 1].block == hs[i].block + 1)
            continue;
        for (size_t k = i; j - i >= 2 && k < j; k++)
            label[hs[k].block] = 1;
    }
    op_free(hs);
}

/*** The article's span ***/

void extract_text_span(text_dump *d, const unsigned short *links, size_t *first, size_t *last,
                       long *scores, unsigned char *strong)
{
    long best = 0, run = 0, total = 0;
    size_t s = 0, bs = 0, be = 0;
    *first = 0;
    *last = d->nb;
    if (!d->nb)
        return;
    unsigned char *label = op_calloc(d->nb + 1, 1);
    repeated_labels(d, label);
    for (size_t i = 0; i < d->nb; i++)
        scores[i] = block_score(d, &d->bl[i], links, &strong[i]);
    for (size_t i = 0; i < d->nb; i++) /* a label between prose is a heading used twice */
        if (label[i] && !(i > 0 && i + 1 < d->nb && scores[i - 1] > 0 && scores[i + 1] > 0))
            scores[i] = scores[i] < -2 ? scores[i] : -2, strong[i] = 1;
    op_free(label);
    for (size_t i = 0; i < d->nb; i++) {
        total += scores[i];
        if (run <= 0)
            run = 0, s = i;
        run += scores[i];
        if (run > best)
            best = run, bs = s, be = i + 1;
    }
    if (best <= 0)
        return;
    long head = 0, tail = 0;
    for (size_t i = 0; i < bs; i++)
        head += scores[i];
    for (size_t i = be; i < d->nb; i++)
        tail += scores[i];
    (void)total;
    if (head <= -CUT_MIN)
        *first = bs;
    if (tail <= -CUT_MIN)
        *last = be;
}
