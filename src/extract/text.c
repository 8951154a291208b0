/* Reader mode on a plain-text article dump (lines and blocks from parse/parse_text.c): the
 * title line and its repeat, boilerplate, captions printed twice, a "By Name" byline, a
 * "PLACE, Mon. D (Agency)" dateline and a trailing "(Agency)" credit (into the metadata),
 * and headings between paragraphs. Linear in the input. */
#include "core/core.h"
#include "extract/extract_int.h"
#include "extract/page.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define HEADING_MAX   80 /* longest heading line (code points) */
#define HEADING_WORDS 12
#define AGENCY_MAX    40 /* longest wire agency name in parentheses (bytes) */
#define PLACE_MAX     40

typedef struct tctx {
    op_doc *doc;
    const char *text; /* the whole UTF-8 input, for year inference */
    size_t text_len;
    text_dump *d; /* the lines and blocks; ls and bl below are its arrays */
    text_line *ls;
    size_t n;
    text_block *bl;
    size_t nb;
    char agency[AGENCY_MAX + 1]; /* the dateline's agency, "" when none */
    const op_extract_opts *xo;   /* --explain callback, or NULL */
} tctx;

/*** Lines ***/

static int is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static int is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
    return is_upper(c) || is_lower(c);
}

static size_t skip_spaces(const char *s, size_t len, size_t i)
{
    size_t n;
    while ((n = op_utf8_space_at(s, len, i)) != 0)
        i += n;
    return i;
}

/* Folds typographic variants so a headline repeated with curly quotes, other dashes or
 * spacing still matches the title line: quotes -> ' and ", dash runs -> -, spaces -> one
 * space, ASCII case ignored. */
static void fold_line(text_line l, op_buf *out)
{
    size_t i = 0;
    uint32_t prev = 0;
    while (i < l.len) {
        uint32_t cp = op_utf8_next(l.s, l.len, &i);
        if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032)
            cp = '\'';
        else if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x2033)
            cp = '"';
        else if (cp >= 0x2010 && cp <= 0x2015)
            cp = '-';
        else if (cp == '\t' || cp == 0xA0 || cp == 0x2009 || cp == 0x202F)
            cp = ' ';
        else if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        if ((cp == '-' || cp == ' ') && cp == prev)
            continue;
        char enc[4];
        op_buf_add(out, enc, (size_t)op_utf8_encode(cp, enc));
        prev = cp;
    }
}

static int same_line(text_line a, text_line b)
{
    op_buf fa, fb;
    op_buf_init(&fa, 0);
    op_buf_init(&fb, 0);
    fold_line(a, &fa);
    fold_line(b, &fb);
    int same = fa.len == fb.len && (fa.len == 0 || !memcmp(fa.data, fb.data, fa.len));
    op_buf_free(&fa);
    op_buf_free(&fb);
    return same;
}

/* Title line: "Headline | Site" gives both when the site part is short. */
static void set_title(op_doc *doc, text_line t)
{
    for (size_t i = t.len; i >= 3; i--) {
        if (!memcmp(t.s + i - 3, " | ", 3)) {
            size_t site = t.len - i;
            if (site && site <= 60 && i - 3 > 0) {
                op_doc_set_meta(doc, OP_META_TITLE, t.s, i - 3);
                op_doc_set_meta(doc, OP_META_SITE_NAME, t.s + i, site);
                return;
            }
            break;
        }
    }
    op_doc_set_meta(doc, OP_META_TITLE, t.s, t.len);
}

static void block_fold(const tctx *t, const text_block *k, op_buf *tmp, op_buf *out)
{
    parse_text_block_text(t->d, k, tmp);
    op_buf_reset(out);
    fold_line((text_line){tmp->data ? tmp->data : "", tmp->len}, out);
    while (out->len && (out->data[out->len - 1] == ':' || out->data[out->len - 1] == '*' ||
                        out->data[out->len - 1] == ' '))
        out->len--;
}

/* --explain: a decision on the lines [a, b), reported as "line N". */
static void explain_lines(const tctx *t, size_t a, size_t b, int kept, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
static void explain_lines(const tctx *t, size_t a, size_t b, int kept, const char *fmt, ...)
{
    if (!t->xo || !t->xo->explain)
        return;
    char rule[160], where[32];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rule, sizeof rule, fmt, ap);
    va_end(ap);
    snprintf(where, sizeof where, "line %zu", a + 1);
    op_buf text;
    op_buf_init(&text, 0);
    parse_text_join(t->d, a, b, 0, 0, &text);
    char *snip = extract_explain_snippet_new(text.data ? text.data : "", text.len);
    op_explain_rec r = {kept, rule, where, snip};
    t->xo->explain(t->xo->explain_ud, &r);
    op_free(snip);
    op_buf_free(&text);
}

#define EXPLAIN_BLOCK(t, k, kept, ...) explain_lines((t), (k)->a, (k)->b, (kept), __VA_ARGS__)

/* Next / previous block index that is not dropped, or nb / SIZE_MAX. */
static size_t next_kept(const tctx *t, size_t i)
{
    for (i++; i < t->nb; i++)
        if (t->bl[i].kind != TB_SKIP)
            break;
    return i;
}

static size_t prev_kept(const tctx *t, size_t i)
{
    while (i-- > 0)
        if (t->bl[i].kind != TB_SKIP)
            return i;
    return SIZE_MAX;
}

/*** Boilerplate: comment forms, share and newsletter prompts ***/

/* Strong markers: where one is near the end, it and everything after it go. The first
 * ones must be the whole block; the others start a (longer) block. */
#define STRONG_EXACT 9
static const char *const strong_marks[] = {
    "leave a reply",
    "leave a reply cancel reply",
    "leave a comment",
    "share this",
    "share this article",
    "related posts",
    "related articles",
    "post comment",
    "post a comment",
    "your email address will not be published",
    "required fields are marked",
    "you may use these html tags",
    "subscribe to our newsletter",
    "sign up for our newsletter",
    "comments are closed",
};

/* Lines dropped wherever they stand alone (besides the strong markers). */
static const char *const lone_marks[] = {
    "comment",
    "comments",
    "name",
    "email",
    "e-mail",
    "website",
    "share",
    "tweet",
    "reply",
    "advertisement",
    "share on facebook",
    "share on twitter",
    "print",
    ("save my name, email, "
     "and website in this browser for the next time i comment."),
};

static int has_prefix(const op_buf *f, const char *p)
{
    size_t n = strlen(p);
    return f->len >= n && !memcmp(f->data, p, n);
}

static int is_exact(const op_buf *f, const char *p)
{
    return f->len == strlen(p) && has_prefix(f, p);
}

static int strong_mark(const op_buf *f)
{
    for (size_t i = 0; i < sizeof strong_marks / sizeof *strong_marks; i++)
        if (i < STRONG_EXACT ? is_exact(f, strong_marks[i]) : has_prefix(f, strong_marks[i]))
            return 1;
    return 0;
}

static int lone_mark(const op_buf *f)
{
    if (strong_mark(f))
        return 1;
    for (size_t i = 0; i < sizeof lone_marks / sizeof *lone_marks; i++)
        if (is_exact(f, lone_marks[i]))
            return 1;
    return 0;
}

/* Marks boilerplate blocks TB_SKIP. A strong marker cuts the rest when it is in the second
 * half of the blocks, or after some text with another strong marker within three blocks
 * (a comment form followed by a long thread). */
static void drop_boilerplate(tctx *t)
{
    op_buf tmp, f;
    op_buf_init(&tmp, 0);
    op_buf_init(&f, 0);
    size_t cut = t->nb, last_strong = SIZE_MAX;
    unsigned char *was = op_calloc(t->nb + 1, 1); /* dropped before: told already */
    for (size_t i = 0; i < t->nb; i++)
        was[i] = t->bl[i].kind == TB_SKIP;
    for (size_t i = t->nb; i-- > 0;) {
        block_fold(t, &t->bl[i], &tmp, &f);
        int strong = strong_mark(&f), lone = t->bl[i].b - t->bl[i].a == 1 && lone_mark(&f);
        if (lone)
            t->bl[i].kind = TB_SKIP;
        if (strong && (2 * i >= t->nb || (i >= 3 && last_strong - i <= 3)))
            cut = i;
        if (strong)
            last_strong = i;
    }
    for (size_t i = 0; i < t->nb && t->xo; i++)
        if (!was[i] && (i >= cut || t->bl[i].kind == TB_SKIP))
            EXPLAIN_BLOCK(t, &t->bl[i], 0, "%s",
                          i == cut  ? "boilerplate marker: it and the rest are cut"
                          : i > cut ? "after a boilerplate marker"
                                    : "boilerplate line");
    for (size_t i = cut; i < t->nb; i++)
        t->bl[i].kind = TB_SKIP;
    op_free(was);
    op_buf_free(&tmp);
    op_buf_free(&f);
}

/*** Site chrome around the article ***/

static int byline_shape(text_line l);
static int heading_shape(text_line l);
static int heading_within(text_line l, size_t max_cp, size_t max_words);
static size_t trailing_credit(text_line l, text_line *name);

#define HEADLINE_WINDOW 10  /* blocks before the article where its headline may stand */
#define HEADLINE_MAX    120 /* longest headline (code points): longer than a heading */
#define HEADLINE_WORDS  20

/* l (three words or more) appears in one of the lines before line `before`. */
static int said_before(const tctx *t, text_line l, size_t before)
{
    if (extract_words(l.s, l.len) < 3)
        return 0;
    for (size_t i = 0; i < before; i++) {
        text_line k = t->ls[i];
        for (size_t j = 0; j + l.len <= k.len; j++)
            if (!strncasecmp(k.s + j, l.s, l.len))
                return 1;
    }
    return 0;
}

/* A headline's shape: a heading's, longer, or up to a closing quote ("Obama admits US gun
 * laws are his 'biggest frustration'"), which heading_shape refuses for a quoted line. */
static int headline_shape(text_line l)
{
    static const char *const closing[] = {"'", "\"", "\xE2\x80\x9D", "\xE2\x80\x99", "\xC2\xBB"};
    if (heading_within(l, HEADLINE_MAX, HEADLINE_WORDS))
        return 1;
    for (size_t i = 0; i < sizeof closing / sizeof *closing; i++) {
        size_t n = strlen(closing[i]);
        if (l.len > n + 1 && !memcmp(l.s + l.len - n, closing[i], n) && l.s[l.len - n - 1] != '.' &&
            extract_words(l.s, l.len) >= 3)
            return heading_within((text_line){l.s, l.len - n}, HEADLINE_MAX, HEADLINE_WORDS);
    }
    return 0;
}

/* The dump's first line was site chrome (a menu entry, a skip link): the headline is the
 * heading-shaped line with the most words among the blocks right before the article (chrome
 * wherever it stands not counted) and those opening it up to its first prose (not a byline,
 * not chrome); the nearest wins a tie. Its block, else SIZE_MAX. */
static size_t find_headline(tctx *t, size_t first, const unsigned char *strong, const long *score)
{
    size_t best = SIZE_MAX, best_words = 0, start = first;
    for (size_t seen = 0; start > 0 && seen < HEADLINE_WINDOW; start--)
        seen += !strong[start - 1]; /* share buttons and menus between do not count */
    size_t end = first + HEADLINE_WINDOW < t->nb ? first + HEADLINE_WINDOW : t->nb;
    for (size_t i = start; i < end; i++) {
        text_line l = parse_text_trim(t->ls[t->bl[i].a]);
        int shape = t->bl[i].b - t->bl[i].a == 1 && headline_shape(l);
        if (i >= first && score[i] > 0 && !shape)
            break; /* the article's first prose */
        if (!shape || strong[i] || t->bl[i].kind != TB_PARA || byline_shape(l))
            continue;
        size_t words = extract_words(l.s, l.len);
        if (i + 1 < t->nb && byline_shape(parse_text_trim(t->ls[t->bl[i + 1].a])))
            words += 10; /* the byline under it */
        else if (said_before(t, l, t->bl[i].a))
            words += 10; /* in the page's title line or a breadcrumb above */
        if (words >= best_words)
            best = i, best_words = words;
    }
    if (best == SIZE_MAX)
        return SIZE_MAX;
    text_line h = parse_text_trim(t->ls[t->bl[best].a]);
    const char *title = op_doc_get_meta(t->doc, OP_META_TITLE);
    if (title && same_line(h, (text_line){title, strlen(title)}))
        return SIZE_MAX;
    op_doc_set_meta(t->doc, OP_META_TITLE, h.s, h.len);
    EXPLAIN_BLOCK(t, &t->bl[best], 0, "headline: the title (the first line was site chrome)");
    t->bl[best].kind = TB_SKIP;
    return best;
}

/* Blocks outside the article's span go, and chrome inside it (link lists, menus, form fields);
 * a byline right before the span stays (find_byline reads it). */
static void drop_chrome(tctx *t, const unsigned short *links)
{
    long *score = op_malloc((t->nb + 1) * sizeof *score);
    unsigned char *strong = op_calloc(t->nb + 1, 1);
    size_t first, last;
    extract_text_span(t->d, links, &first, &last, score, strong);
    size_t h = first > 0 ? find_headline(t, first, strong, score) : SIZE_MAX;
    if (h != SIZE_MAX && h >= first) { /* the span opened with the headline */
        first = h + 1;
        while (first < last && score[first] < 0 && (strong[first] || t->bl[first].kind == TB_LIST))
            first++; /* share buttons under it */
    }
    while (first > 0 && t->bl[first - 1].b - t->bl[first - 1].a == 1 &&
           byline_shape(parse_text_trim(t->ls[t->bl[first - 1].a])))
        first--;
    text_line name, l;
    while (last < t->nb && t->bl[last].b - t->bl[last].a == 1 &&
           (l = parse_text_trim(t->ls[t->bl[last].a])).len && trailing_credit(l, &name) == l.len)
        last++; /* "(Agency)" closing the story: find_credit reads it */
    for (size_t i = 0; i < t->nb; i++) {
        if (i >= first && i < last && !strong[i])
            continue;
        if (t->bl[i].kind == TB_SKIP)
            continue;
        EXPLAIN_BLOCK(t, &t->bl[i], 0, "%s (shape score %ld)",
                      i < first   ? "site chrome before the article"
                      : i >= last ? "site chrome after the article"
                                  : "site chrome in the article",
                      score[i]);
        t->bl[i].kind = TB_SKIP;
    }
    op_free(score);
    op_free(strong);
}

/*** Captions printed twice ***/

/* A paragraph followed, after a blank line, by the same text (up to quote style) is a
 * photo caption that the dump printed twice (alt text and caption): keep one, as a caption. */
static void find_captions(tctx *t)
{
    op_buf tmp, fa, fb;
    op_buf_init(&tmp, 0);
    op_buf_init(&fa, 0);
    op_buf_init(&fb, 0);
    for (size_t i = 0; i < t->nb; i++) {
        if (t->bl[i].kind != TB_PARA)
            continue;
        block_fold(t, &t->bl[i], &tmp, &fa);
        size_t j = i, keep = i, raw = tmp.len;
        while ((j = next_kept(t, j)) < t->nb && t->bl[j].kind == TB_PARA && fa.len &&
               parse_text_blank(t->ls[t->bl[j].a - 1])) { /* copies stand apart (two lines: text) */
            block_fold(t, &t->bl[j], &tmp, &fb);
            if (fb.len != fa.len || memcmp(fa.data, fb.data, fa.len))
                break;
            /* keep the copy with more typography (curly quotes take more bytes) */
            size_t drop = tmp.len > raw ? keep : j;
            keep = drop == keep ? j : keep;
            raw = tmp.len > raw ? tmp.len : raw;
            t->bl[keep].kind = TB_CAPTION;
            t->bl[drop].kind = TB_SKIP;
            EXPLAIN_BLOCK(t, &t->bl[drop], 0, "duplicate caption (kept once, as a caption)");
        }
        i = j > i ? j - 1 : i; /* the copies are done with */
    }
    op_buf_free(&tmp);
    op_buf_free(&fa);
    op_buf_free(&fb);
}

/*** Dates ***/

#define TEXT_DATE (OP_DATE_MONTH_DAY | OP_DATE_NO_YEAR) /* "Nov. 3", "November 3, 2022" */

/* The year of the first "Mon. D, YYYY" in the text with the same month (the same day
 * preferred), or 0. One pass; each attempt reads a bounded number of bytes. */
static int infer_year(const tctx *t, int month, int day)
{
    int same_month = 0;
    const char *s = t->text;
    for (size_t i = 0; i < t->text_len; i++) {
        if (!is_upper(s[i]) || (i && is_alpha(s[i - 1])))
            continue;
        op_date d;
        if (!op_date_read(s + i, t->text_len - i, TEXT_DATE, &d) || !d.year || d.month != month)
            continue;
        if (d.day == day)
            return d.year;
        if (!same_month)
            same_month = d.year;
    }
    return same_month;
}

/*** Dateline and wire credit ***/

/* "(Agency)" at s: returns the bytes taken (with the parentheses), the name in *name. */
static size_t parse_agency(const char *s, size_t len, text_line *name)
{
    if (!len || s[0] != '(')
        return 0;
    size_t i = 1, words = 1;
    while (i < len && i <= AGENCY_MAX + 1 && s[i] != ')') {
        if (s[i] == '(' || is_digit(s[i]) || s[i] == ',' || s[i] == ';' || s[i] == '\t')
            return 0;
        words += s[i] == ' ';
        i++;
    }
    if (i >= len || s[i] != ')' || i == 1 || i > AGENCY_MAX + 1 || words > 5 || s[1] == ' ')
        return 0;
    *name = (text_line){s + 1, i - 1};
    return i + 1;
}

/* A dash, colon or "--" separating the dateline from the text, with spaces: bytes taken. */
static size_t skip_separator(const char *s, size_t len, int *found)
{
    size_t i = skip_spaces(s, len, 0);
    *found = 1;
    if (i + 1 < len && s[i] == '-' && s[i + 1] == '-')
        i += 2;
    else if (i < len && (s[i] == '-' || s[i] == ':'))
        i++;
    else if (i + 2 < len && !memcmp(s + i, "\xE2\x80", 2) &&
             (s[i + 2] == '\x94' || s[i + 2] == '\x93'))
        i += 3;
    else
        *found = 0;
    return skip_spaces(s, len, i);
}

/* An upper-case place name ("WASHINGTON", "ST. LOUIS", "NEW YORK/SEOUL"): its length. */
static size_t parse_place(const char *s, size_t len)
{
    size_t i = 0, upper = 0;
    while (i < len && i <= PLACE_MAX && s[i] != ',' && s[i] != '(') {
        char c = s[i];
        if (is_lower(c) || is_digit(c) ||
            !(is_upper(c) || (unsigned char)c >= 0x80 || (c && strchr(" .'-/", c))))
            return 0;
        upper += is_upper(c);
        i++;
    }
    while (i && s[i - 1] == ' ')
        i--;
    return upper >= 2 && i <= PLACE_MAX ? i : 0;
}

typedef struct dateline {
    text_line place, date, agency;
    op_date d;
} dateline;

/* "PLACE, Mon. D[, YYYY] [(Agency)] [--]" or "PLACE (Agency) [--]": returns the bytes of
 * the dateline with its separator, or 0 when the line does not start with one. */
static size_t parse_dateline(const char *s, size_t len, dateline *dl)
{
    memset(dl, 0, sizeof *dl);
    size_t i = parse_place(s, len);
    if (!i)
        return 0;
    dl->place = (text_line){s, i};
    int has_date = 0, sep;
    if (i < len && s[i] == ',') {
        i = skip_spaces(s, len, i + 1);
        if (!op_date_read(s + i, len - i, TEXT_DATE, &dl->d))
            return 0;
        dl->date = (text_line){s + i, dl->d.len};
        i += dl->d.len;
        has_date = 1;
    }
    i = skip_spaces(s, len, i);
    size_t ag = parse_agency(s + i, len - i, &dl->agency);
    i += ag;
    i += skip_separator(s + i, len - i, &sep);
    if (!(ag || (has_date && sep)))
        return 0;
    return i;
}

static void set_date(tctx *t, const dateline *dl)
{
    int year = dl->d.year ? dl->d.year : infer_year(t, dl->d.month, dl->d.day);
    if (op_doc_get_meta(t->doc, OP_META_PUBLISHED))
        return;
    if (year) {
        char iso[16];
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", year % 10000, dl->d.month, dl->d.day);
        op_doc_set_meta(t->doc, OP_META_PUBLISHED, iso, strlen(iso));
    } else {
        op_doc_set_meta(t->doc, OP_META_PUBLISHED, dl->date.s, dl->date.len);
    }
}

/* A dateline opening the first paragraph goes to the metadata and out of the text. */
static void find_dateline(tctx *t)
{
    size_t i = 0;
    while (i < t->nb && t->bl[i].kind != TB_PARA)
        i++;
    if (i == t->nb)
        return;
    text_block *k = &t->bl[i];
    text_line *l = &t->ls[k->a];
    dateline dl;
    size_t n = parse_dateline(l->s, l->len, &dl);
    if (!n)
        return;
    explain_lines(t, k->a, k->a + 1, 1, "dateline: place \"%.*s\", date \"%.*s\", agency \"%.*s\"",
                  (int)dl.place.len, dl.place.s, (int)dl.date.len, dl.date.s, (int)dl.agency.len,
                  dl.agency.s ? dl.agency.s : "");
    op_doc_set_meta(t->doc, OP_META_PLACE, dl.place.s, dl.place.len);
    if (dl.date.len)
        set_date(t, &dl);
    if (dl.agency.len) {
        op_doc_set_meta(t->doc, OP_META_CREDIT, dl.agency.s, dl.agency.len);
        memcpy(t->agency, dl.agency.s, dl.agency.len);
        t->agency[dl.agency.len] = '\0';
    }
    l->s += n;
    l->len -= n;
    if (k->b - k->a == 1 && parse_text_blank(*l))
        k->kind = TB_SKIP;
}

/* "(Agency)" ending the last paragraph, alone or after a sentence: bytes from its '('. */
static size_t trailing_credit(text_line l, text_line *name)
{
    if (l.len < 3 || l.s[l.len - 1] != ')')
        return 0;
    size_t open = l.len - 1;
    while (open > 0 && l.s[open] != '(' && l.len - open <= AGENCY_MAX + 2)
        open--;
    if (l.s[open] != '(' || parse_agency(l.s + open, l.len - open, name) != l.len - open)
        return 0;
    size_t p = open;
    while (p > 0 && l.s[p - 1] == ' ')
        p--;
    if (p == 0)
        return l.len;
    char c = l.s[p - 1];
    int sentence_end = c == '.' || c == '!' || c == '?' || c == '"' ||
                       (p >= 3 && !memcmp(l.s + p - 3, "\xE2\x80\x9D", 3));
    return sentence_end ? l.len - p : 0;
}

static void set_credit(tctx *t, text_line name)
{
    if (!t->agency[0]) {
        op_doc_set_meta(t->doc, OP_META_CREDIT, name.s, name.len);
        return;
    }
    if (strlen(t->agency) == name.len && !memcmp(t->agency, name.s, name.len))
        return;
    op_buf b; /* a different wire than the dateline's: keep both */
    op_buf_init(&b, 0);
    op_buf_printf(&b, "%s / %.*s", t->agency, (int)name.len, name.s);
    op_doc_set_meta(t->doc, OP_META_CREDIT, b.data, b.len);
    op_buf_free(&b);
}

static void find_credit(tctx *t)
{
    size_t i = prev_kept(t, t->nb);
    if (i == SIZE_MAX || t->bl[i].kind != TB_PARA)
        return;
    text_block *k = &t->bl[i];
    text_line *l = &t->ls[k->b - 1];
    *l = parse_text_trim(*l);
    text_line name;
    size_t cut = trailing_credit(*l, &name);
    if (!cut)
        return;
    explain_lines(t, k->b - 1, k->b, 1, "wire credit \"%.*s\" moved to the title block",
                  (int)name.len, name.s);
    set_credit(t, name);
    l->len -= cut;
    while (l->len && l->s[l->len - 1] == ' ')
        l->len--;
    if (k->b - k->a == 1 && !l->len)
        k->kind = TB_SKIP;
}

/*** Byline ***/

/* "By Jane Doe" (or "BY JANE DOE and JOHN ROE") alone on a short line before the text. */
static int byline_shape(text_line l)
{
    if (l.len < 5 || l.len > 80 || l.s[0] != 'B' || (l.s[1] != 'y' && l.s[1] != 'Y') ||
        l.s[2] != ' ' || !(is_upper(l.s[3]) || (unsigned char)l.s[3] >= 0x80))
        return 0;
    char last = l.s[l.len - 1];
    return last != '.' && last != '!' && last != '?' && last != ':' && last != ',';
}

/* The first paragraph, when it is a byline, becomes the author (unless one is known). */
static void find_byline(tctx *t)
{
    size_t i = 0;
    while (i < t->nb && t->bl[i].kind != TB_PARA)
        i++;
    if (i == t->nb || t->bl[i].b - t->bl[i].a != 1 || next_kept(t, i) == t->nb)
        return;
    text_line l = t->ls[t->bl[i].a];
    if (!byline_shape(l))
        return;
    char *credit = NULL, *names = extract_byline_authors_new(l.s + 3, l.len - 3, &credit);
    if (names && !op_doc_get_meta(t->doc, OP_META_AUTHOR))
        op_doc_set_meta(t->doc, OP_META_AUTHOR, names, strlen(names));
    if (credit && !op_doc_get_meta(t->doc, OP_META_CREDIT))
        op_doc_set_meta(t->doc, OP_META_CREDIT, credit, strlen(credit));
    op_free(names);
    op_free(credit);
    EXPLAIN_BLOCK(t, &t->bl[i], 0, "byline: becomes the author");
    t->bl[i].kind = TB_SKIP;
}

/*** Headings ***/

/* A one-line block, short, starting with a capital or digit, not ending in punctuation. */
/* A heading's shape within max_cp code points and max_words words. */
static int heading_within(text_line l, size_t max_cp, size_t max_words)
{
    if (!l.len || parse_text_code_points(l) > max_cp)
        return 0;
    unsigned char c0 = (unsigned char)l.s[0], last = (unsigned char)l.s[l.len - 1];
    if (!(is_upper((char)c0) || is_digit((char)c0) || c0 >= 0x80))
        return 0;
    if (c0 == 0xE2 && l.len > 1 && ((unsigned char)l.s[1] & 0xFE) == 0x80)
        return 0;                     /* starts with a dash, quote or bullet (U+2000..U+207F) */
    if (strchr(".,;:!?\"')]*", last)) /* and below: curly quotes, ellipsis */
        return 0;
    if (l.len >= 3 && !memcmp(l.s + l.len - 3, "\xE2\x80", 2) &&
        (l.s[l.len - 1] == '\x9D' || l.s[l.len - 1] == '\x99' || l.s[l.len - 1] == '\xA6'))
        return 0;
    size_t words = 1;
    for (size_t i = 0; i < l.len; i++)
        words += l.s[i] == ' ';
    return words <= max_words;
}

static int heading_shape(text_line l)
{
    return heading_within(l, HEADING_MAX, HEADING_WORDS);
}

/* Headings stand between paragraphs: text (or a list, quote) before and after them. */
static void find_headings(tctx *t)
{
    for (size_t i = 0; i < t->nb; i++) {
        text_block *k = &t->bl[i];
        if (k->kind != TB_PARA || k->b - k->a != 1 || !heading_shape(parse_text_trim(t->ls[k->a])))
            continue;
        size_t p = prev_kept(t, i), n = next_kept(t, i);
        if (p == SIZE_MAX || n == t->nb)
            continue;
        text_kind pk = t->bl[p].kind, nk = t->bl[n].kind;
        if ((pk == TB_PARA || pk == TB_LIST || pk == TB_QUOTE || pk == TB_CAPTION) &&
            (nk == TB_PARA || nk == TB_LIST || nk == TB_QUOTE))
            k->kind = TB_HEADING;
    }
}

/* Curly quotes, apostrophes and dashes in l: what fold_line() folds to ASCII. */
static size_t typographic_marks(text_line l)
{
    size_t i = 0, k = 0;
    while (i < l.len) {
        uint32_t cp = op_utf8_next(l.s, l.len, &i);
        k += (cp >= 0x2010 && cp <= 0x2015) || (cp >= 0x2018 && cp <= 0x201E);
    }
    return k;
}

/* Sets the title from the first non-empty line; returns the first body line. *repeat is
 * the index of the headline's repeat (dropped), or SIZE_MAX. */
static size_t read_title(op_doc *doc, text_line *ls, size_t n, size_t *repeat)
{
    *repeat = SIZE_MAX;
    size_t i = 0;
    while (i < n && parse_text_blank(ls[i]))
        i++;
    if (i == n)
        return n;
    text_line t = parse_text_trim(ls[i]);
    set_title(doc, t);
    i++;
    size_t j = i;
    while (j < n && parse_text_blank(ls[j]))
        j++;
    const char *title = op_doc_get_meta(doc, OP_META_TITLE);
    text_line tl = {title ? title : "", title ? strlen(title) : 0};
    text_line r = j < n ? parse_text_trim(ls[j]) : (text_line){"", 0};
    if (j < n && same_line(r, tl)) {
        /* the headline as the page sets it often has the typographic quotes and dashes
         * that the <title> line was written without: keep the more typographic one */
        if (typographic_marks(r) > typographic_marks(tl))
            op_doc_set_meta(doc, OP_META_TITLE, r.s, r.len);
        *repeat = j;
        i = j + 1;
    } else if (j < n && same_line(r, t)) {
        *repeat = j;
        i = j + 1;
    }
    return i;
}

/*** Entry point ***/

op_status extract_text(op_page *p, const op_extract_opts *xo)
{
    tctx t = {.doc = p->doc, .text = p->in.utf8, .text_len = p->in.ulen, .d = &p->in.text};
    t.ls = t.d->ls;
    t.n = t.d->n;
    t.xo = xo;
    size_t repeat, from = read_title(t.doc, t.ls, t.n, &repeat);
    if (repeat != SIZE_MAX)
        explain_lines(&t, repeat, repeat + 1, 0, "headline repeated");
    unsigned short *links = op_calloc(t.n + 1, sizeof *links);
    extract_text_unmark(t.d, from, links);
    t.n = t.d->n;
    parse_text_blocks(t.d, from);
    t.bl = t.d->bl;
    t.nb = t.d->nb;
    drop_chrome(&t, links);
    op_free(links);
    drop_boilerplate(&t);
    find_captions(&t);
    find_byline(&t);
    find_dateline(&t);
    find_credit(&t);
    find_headings(&t);
    return OP_OK;
}
