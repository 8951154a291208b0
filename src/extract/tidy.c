/* Reader mode's last step, on the finished HTML model: the title block shows the title,
 * the byline and the date, so the text must not repeat them. A leading <h1> repeating the
 * title goes (or becomes the title), so does a repeat of the title among the first blocks,
 * and a line that holds nothing but the byline or the date; a dateline opening the first
 * paragraph is cut from it (its place goes to the metadata). */
#include "core/core.h"
#include "extract/extract_int.h"
#include "extract/page.h"
#include "parse/parse.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

typedef struct tidy {
    op_doc *doc;
    op_explain_fn explain;
    void *ud;
} tidy;

/* Lower-cased, white-space-collapsed copy for comparisons. */
static char *fold_new(const char *s, size_t len)
{
    op_buf b;
    op_buf_init(&b, 0);
    int sp = 1;
    for (size_t i = 0; i < len; i++) {
        if (isspace((unsigned char)s[i])) {
            sp = 1;
            continue;
        }
        if (sp && b.len)
            op_buf_addc(&b, ' ');
        sp = 0;
        op_buf_addc(&b, (char)tolower((unsigned char)s[i]));
    }
    op_buf_addc(&b, 0);
    return op_buf_detach(&b, NULL);
}

/* --explain for a block of the model moved to the title block. */
static void explain_model(const tidy *t, const char *text, size_t len, const char *rule)
{
    if (!t->explain)
        return;
    char *snip = extract_explain_snippet_new(text, len);
    op_explain_rec r = {0, rule, "(title block)", snip};
    t->explain(t->ud, &r);
    op_free(snip);
}

/* What follows the h1's text in the title is a suffix ("Headline | Site", "Headline_Section_
 * Site", "Headline（Agency）"), not more headline: nothing, or a separator. */
static int title_rest(const char *r)
{
    static const char *const seps[] = {"\xEF\xBC\x88", "\xE3\x80\x90", "\xEF\xBD\x9C",
                                       "\xE2\x80\x93", "\xE2\x80\x94", "\xC2\xB7"};
    if (!*r || strchr("_([|", *r) || (*r == ' ' && r[1] && strchr("|-:_(\xE2", r[1])))
        return 1;
    r += *r == ' ';
    for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
        if (!strncmp(r, seps[i], strlen(seps[i])))
            return 1;
    return 0;
}

/* A leading <h1> repeating the title is shown by the title block: drop it. Without a
 * title, the h1 becomes the title. A "Headline | Site" title is replaced by the h1. */
static void drop_title_heading(const tidy *t)
{
    op_doc *doc = t->doc;
    op_node *first = op_node_first_child(op_doc_root(doc));
    if (!first || op_node_get_kind(first) != OP_NODE_HEADING || op_node_get_level(first) != 1)
        return;
    size_t len;
    char *text = op_node_text_new(first, &len);
    const char *title = op_doc_get_meta(doc, OP_META_TITLE);
    char *ft = fold_new(text, len), *fh = title ? fold_new(title, strlen(title)) : NULL;
    size_t n = strlen(ft);
    if (!title && n) {
        op_doc_set_meta(doc, OP_META_TITLE, text, len);
        explain_model(t, text, len, "first heading becomes the title");
        op_node_unlink(first);
        parse_keep_title_link(doc, first);
    } else if (fh && n && !strncmp(fh, ft, n) && title_rest(fh + n)) {
        if (fh[n])
            op_doc_set_meta(doc, OP_META_TITLE, text, len);
        explain_model(t, text, len, "heading repeats the title");
        op_node_unlink(first);
        parse_keep_title_link(doc, first);
    }
    op_free(ft);
    op_free(fh);
    op_free(text);
}

/* The title repeated as a heading or a line of its own among the first blocks (after a
 * kicker, a byline or a picture) is shown by the title block only. */
static void drop_title_repeat(const tidy *t)
{
    op_doc *doc = t->doc;
    const char *title = op_doc_get_meta(doc, OP_META_TITLE);
    if (!title)
        return;
    char *ft = fold_new(title, strlen(title));
    op_node *n = op_node_first_child(op_doc_root(doc));
    for (int k = 0; n && k < 8; k++, n = op_node_next(n)) {
        op_node_kind kind = op_node_get_kind(n);
        if (kind != OP_NODE_HEADING && kind != OP_NODE_PARAGRAPH)
            continue;
        size_t len;
        char *text = op_node_text_new(n, &len);
        char *fx = fold_new(text, len);
        int same = *fx && !strcmp(fx, ft);
        op_free(fx);
        if (same)
            explain_model(t, text, len, "repeats the title");
        op_free(text);
        if (same) {
            op_node_unlink(n);
            parse_keep_title_link(doc, n);
            break;
        }
    }
    op_free(ft);
}

/*** Byline and dateline shown by the title block ***/

/* Words a byline or date line holds besides the names and the date: cues, weekdays, times,
 * time zones ("By", "Posted on", "Updated", "Monday", "10:07 AM ET"). */
static int line_word(const char *w, size_t n)
{
    static const char *const words[] = {
        "by",       "posted",    "written",  "updated", "published", "on",        "at",
        "and",      "am",        "pm",       "a.m",     "p.m",       "edt",       "est",
        "et",       "pt",        "gmt",      "utc",     "bst",       "cet",       "cest",
        "pst",      "pdt",       "cst",      "cdt",     "mst",       "mdt",       "monday",
        "tuesday",  "wednesday", "thursday", "friday",  "saturday",  "sunday",    "jan",
        "feb",      "mar",       "apr",      "may",     "jun",       "jul",       "aug",
        "sep",      "sept",      "oct",      "nov",     "dec",       "january",   "february",
        "march",    "april",     "june",     "july",    "august",    "september", "october",
        "november", "december"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && !strncasecmp(w, words[i], n))
            return 1;
    size_t d = 0;
    while (d < n && (isdigit((unsigned char)w[d]) || strchr(":/-", w[d])))
        d++;
    return d == n && n; /* "19", "2019", "10:07", "11/19/2019", "19th" is not */
}

/* Separators between a byline's parts: spaces, punctuation, dashes, bullets, middle dots. */
static size_t line_sep(const char *s, size_t len)
{
    size_t k = 0;
    while (k < len) {
        if (strchr(" \t\n,.;:/|-()[]", s[k]))
            k++;
        else if (k + 2 < len && (unsigned char)s[k] == 0xE2 && (unsigned char)s[k + 1] == 0x80)
            k += 3;
        else if (k + 1 < len && (unsigned char)s[k] == 0xC2 &&
                 ((unsigned char)s[k + 1] == 0xB7 || (unsigned char)s[k + 1] == 0xA0))
            k += 2;
        else
            break;
    }
    return k;
}

/* One of the authors ("Jane Doe, John Roe" as the model holds them) or the credit at s. */
static size_t known_name_at(const op_doc *doc, const char *s, size_t len)
{
    const op_meta_field fields[] = {OP_META_AUTHOR, OP_META_CREDIT};
    for (size_t f = 0; f < 2; f++) {
        const char *v = op_doc_get_meta(doc, fields[f]);
        while (v && *v) {
            size_t n = strcspn(v, ",");
            if (n >= 2 && n <= len && !strncasecmp(s, v, n) &&
                (n == len || !isalnum((unsigned char)s[n])))
                return n;
            v += n;
            v += strspn(v, ", ");
        }
    }
    return 0;
}

/* A date starting at s that is the published date (same day). */
static int published_at(const op_doc *doc, const char *s, size_t len)
{
    const char *pub = op_doc_get_meta(doc, OP_META_PUBLISHED);
    char tmp[48];
    if (!pub || strlen(pub) < 10)
        return 0;
    if (len >= sizeof tmp)
        len = sizeof tmp - 1;
    memcpy(tmp, s, len);
    tmp[len] = 0;
    char *iso = extract_iso_date_new(tmp);
    int same = iso && !strncmp(iso, pub, 10);
    op_free(iso);
    return same;
}

/* A short block that holds nothing but what the title block shows: the authors, the credit,
 * the published date with its cues and time ("By Jane Doe", "Staff Reports", "/ CBS News",
 * "Feb. 21, 2019", "Posted by Jane Doe on Nov. 3, 2019 at 10:07 AM"). */
static int meta_only(const op_doc *doc, const char *s, size_t len)
{
    int named = 0, dated = 0;
    for (size_t k = line_sep(s, len); k < len; k += line_sep(s + k, len - k)) {
        size_t n = known_name_at(doc, s + k, len - k);
        if (n) {
            named = 1;
            k += n;
            continue;
        }
        dated |= published_at(doc, s + k, len - k);
        size_t w = 0;
        while (k + w < len &&
               (isalnum((unsigned char)s[k + w]) || s[k + w] == ':' || (s[k + w] == '.' && w == 1)))
            w++;
        if (!w || !line_word(s + k, w))
            return 0;
        k += w;
    }
    return named || dated;
}

/* Removes the first *left bytes of n's text (leading text nodes, and inline nodes whose text
 * lies wholly inside them). */
static void cut_text_start(op_doc *doc, op_node *n, size_t *left)
{
    for (op_node *c = op_node_first_child(n), *next; c && *left; c = next) {
        next = op_node_next(c);
        op_node_kind kind = op_node_get_kind(c);
        if (kind == OP_NODE_TEXT) {
            size_t len;
            const char *t = op_node_get_literal(c, &len);
            if (len <= *left) {
                *left -= len;
                op_node_unlink(c);
                continue;
            }
            size_t k = *left;
            *left = 0;
            while (k < len && t[k] == ' ')
                k++;
            op_node_set_literal(doc, c, t + k, len - k);
        } else if (kind == OP_NODE_EMPH || kind == OP_NODE_STRONG || kind == OP_NODE_LINK) {
            cut_text_start(doc, c, left);
            if (!op_node_first_child(c))
                op_node_unlink(c);
        } else {
            return; /* an image, a line break, code: the dateline does not run through it */
        }
    }
}

/* A dateline opening a paragraph: "April 17, 2015 -- Imagine", "WASHINGTON, Nov. 3, 2015 —
 * The": its length with the dash (0 when there is none or its date is not the published
 * one), the upper-case place before the date in *place. */
static size_t dateline_len(const op_doc *doc, const char *s, size_t len, size_t *place)
{
    static const char *const dashes[] = {" -- ", " \xE2\x80\x94 ", " \xE2\x80\x93 "};
    size_t k = 0, up = 0;
    *place = 0;
    while (k < len && k < 40 && (isupper((unsigned char)s[k]) || strchr(" .'-", s[k])))
        up += isupper((unsigned char)s[k++]) != 0;
    while (k && s[k - 1] == ' ')
        k--;
    if (k + 1 < len && s[k] == ',' && up >= 2) {
        *place = k;
        k += 1 + strspn(s + k + 1, " ");
    } else {
        k = 0;
    }
    for (size_t e = k; e < len && e < k + 30; e++)
        for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++)
            if (!strncmp(s + e, dashes[i], strlen(dashes[i])))
                return published_at(doc, s + k, e - k) ? e + strlen(dashes[i]) : 0;
    return 0;
}

/* The byline and the date are shown by the title block: among the first six blocks (after a
 * standfirst and a picture too), one that holds nothing else goes, and a dateline opening the
 * first paragraph is cut from it (its place goes to the title block). */
static void drop_byline_lines(const tidy *t)
{
    op_doc *doc = t->doc;
    op_node *n = op_node_first_child(op_doc_root(doc)), *next;
    int para = 0;
    for (int k = 0; n && k < 6; k++, n = next) {
        next = op_node_next(n);
        op_node_kind kind = op_node_get_kind(n);
        if (kind != OP_NODE_HEADING && kind != OP_NODE_PARAGRAPH && kind != OP_NODE_LIST)
            continue;
        size_t len, place;
        char *text = op_node_text_new(n, &len);
        if (len <= 120 && meta_only(doc, text, len)) {
            explain_model(t, text, len, "repeats the byline or date");
            op_node_unlink(n);
        } else if (kind == OP_NODE_PARAGRAPH && !para) {
            size_t cut = dateline_len(doc, text, len, &place);
            if (cut && cut < len) {
                if (place && !op_doc_get_meta(doc, OP_META_PLACE))
                    op_doc_set_meta(doc, OP_META_PLACE, text, place);
                explain_model(t, text, cut, "dateline");
                cut_text_start(doc, n, &cut);
            }
        }
        para |= kind == OP_NODE_PARAGRAPH;
        op_free(text);
    }
}

void extract_tidy(op_doc *doc, op_explain_fn explain, void *ud)
{
    tidy t = {doc, explain, ud};
    drop_title_heading(&t);
    drop_title_repeat(&t);
    drop_byline_lines(&t);
}
