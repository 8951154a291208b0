/* Reader mode, who wrote it and when: byline elements (rel=author, itemprop=author, a byline
 * or author class) and the lines under the headline ("By Jane Doe and John Roe", "Posted on
 * 3 May 2021", a dateline "WASHINGTON, Nov. 3, 2015 --"), read into author names, a wire or
 * paper credit and a published date; and whether a byline element stands away from the
 * article's start (a footer, a story's worth of text from the headline). */
#include "core/core.h"
#include "extract/extract_int.h"
#include "parse/html_map.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/*** Names in a byline ***/

size_t extract_words(const char *s, size_t len)
{
    size_t n = 0;
    int in = 0;
    for (size_t i = 0; i < len; i++) {
        int sp = isspace((unsigned char)s[i]);
        n += !sp && !in;
        in = !sp;
    }
    return n;
}

int extract_is_handle(const char *s)
{
    s += strspn(s, " \t\r\n");
    if (*s == '@' || !strncasecmp(s, "http", 4))
        return 1;
    size_t len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    int lower = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || isupper(c) || isspace(c))
            return 0;
        lower |= islower(c);
    }
    return lower;
}

/* A class token naming the author's name: "author", "article__author", "post-author",
 * "author-name", "author_name" (not "author__img", "author-bio": a box about the author). */
static int author_class(const char *cls)
{
    for (int guard = 0; *cls && guard < 32; guard++) {
        cls += strspn(cls, " \t\n\r");
        size_t len = strcspn(cls, " \t\n\r");
        const char *end = cls + len;
        if (len >= 6 && !strncasecmp(end - 6, "author", 6) && (len == 6 || strchr("-_", end[-7])))
            return 1;
        if ((len >= 11 &&
             (!strncasecmp(cls, "author-name", 11) || !strncasecmp(cls, "author_name", 11))) ||
            (len >= 10 && !strncasecmp(cls, "authorname", 10)))
            return 1;
        cls = end;
    }
    return 0;
}

/* Text of n with <br> and block boundaries as '\n' (bounded), white space runs folded. */
static void node_lines(const xmlNode *n, op_buf *b, int depth)
{
    static const char *const blocks[] = {"br", "p",  "div", "li", "dd", "dt", "h1",
                                         "h2", "h3", "h4",  "h5", "h6", "tr", "section"};
    for (const xmlNode *c = n->children; c && b->len < 600 && depth < 16; c = c->next) {
        if (c->type == XML_TEXT_NODE && c->content) {
            for (const char *t = (const char *)c->content; *t; t++) {
                int sp = isspace((unsigned char)*t);
                char last = b->len ? b->data[b->len - 1] : '\n';
                if (!sp)
                    op_buf_addc(b, *t);
                else if (last != ' ' && last != '\n')
                    op_buf_addc(b, ' ');
            }
        } else if (c->type == XML_ELEMENT_NODE) {
            int block = 0;
            for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
                block |= !strcmp((const char *)c->name, blocks[i]);
            if (strcmp((const char *)c->name, "script") && strcmp((const char *)c->name, "style"))
                node_lines(c, b, depth + 1);
            if (block) {
                while (b->len && b->data[b->len - 1] == ' ')
                    b->len--;
                if (b->len && b->data[b->len - 1] != '\n')
                    op_buf_addc(b, '\n');
            }
        }
    }
}

/* Leading decoration of a byline line: "// By", "— By", "• By". */
static size_t skip_decoration(const char *s, size_t len)
{
    size_t k = 0;
    while (k < len) {
        if (strchr(" /-|*:>", s[k]))
            k++;
        else if (k + 3 <= len &&
                 (!strncmp(s + k, "\xE2\x80\x94", 3) || !strncmp(s + k, "\xE2\x80\x93", 3) ||
                  !strncmp(s + k, "\xE2\x80\xA2", 3)))
            k += 3;
        else
            break;
    }
    return k;
}

/* The cue before a writer's name: "by ", "written by ", "posted by ", "words by "...: its
 * length; 0 when the line has no "by" cue; -1 for another role ("Edited by", "Photographs
 * by", "Reviewed by"): that line names someone else. */
static long by_cue(const char *s, size_t len, int text)
{
    /* in a byline element also the cue of other languages (es/pt, fr, de, nl, sv/no) */
    static const char *const foreign[] = {"por ", "par ", "von ", "door ", "av "};
    for (size_t i = 0; i < sizeof foreign / sizeof foreign[0] && !text; i++)
        if (len > strlen(foreign[i]) && !strncasecmp(s, foreign[i], strlen(foreign[i])))
            return (long)strlen(foreign[i]);
    static const char *const writer[] = {"written", "posted",   "words",   "text",
                                         "story",   "reported", "article", "published"};
    if (len > 3 && !strncasecmp(s, "by", 2) && isspace((unsigned char)s[2]))
        return 3;
    size_t w = 0;
    while (w < len && w < 16 && isalpha((unsigned char)s[w]))
        w++;
    if (!w || w + 4 > len || strncasecmp(s + w, " by ", 4))
        return 0;
    for (size_t i = 0; i < sizeof writer / sizeof writer[0]; i++)
        if (strlen(writer[i]) == w && !strncasecmp(s, writer[i], w))
            return (long)w + 4;
    return -1;
}

static char *date_at(const char *s, size_t len);

/* Where a byline's names end: before a date or number, a bullet or bar, " on " / " at " (a
 * date or a place follows), and in running text before a parenthesis. A comma may separate
 * co-authors or start a job title: byline_authors reads on. */
static size_t name_len(const char *s, size_t len, int text)
{
    size_t k = 0;
    for (; k < len; k++) {
        unsigned char c = (unsigned char)s[k];
        if (isdigit(c) || strchr("|;\xC2", c) || (text && c == '('))
            break;
        if (k && s[k - 1] == ' ' && isupper(c)) { /* "Sarah Gooding March 10, 2015" */
            char *d = date_at(s + k, len - k);
            op_free(d);
            if (d)
                break;
        }
        if (c == 0xE2 && k + 2 < len && (unsigned char)s[k + 1] == 0x80 &&
            strchr("\x93\x94\xA2", s[k + 2]))
            break;
        if (c == ' ' && (!strncasecmp(s + k, " on ", 4) || !strncasecmp(s + k, " at ", 4) ||
                         !strncmp(s + k, " - ", 3)))
            break;
    }
    while (k && (isspace((unsigned char)s[k - 1]) || strchr("-,.:", s[k - 1])))
        k--;
    return k;
}

/* A name as running text writes one: 1 to 6 words, the first capitalised (or in a script
 * without case). */
static int name_shape(const char *s, size_t len)
{
    unsigned char c = (unsigned char)s[0];
    return len && len <= 60 && extract_words(s, len) <= 6 && (isupper(c) || c >= 0xC0);
}

/* Words of a job or a role, not of a name: "Staff Writer", "Software Engineer". */
static const char *const role_words[] = {
    "writer",    "reporter",   "editor",    "correspondent", "contributor",  "columnist",
    "staff",     "engineer",   "developer", "manager",       "director",     "producer",
    "analyst",   "professor",  "officer",   "president",     "founder",      "ceo",
    "lead",      "head",       "chief",     "senior",        "intern",       "designer",
    "scientist", "researcher", "student",   "fellow",        "specialist",   "consultant",
    "team",      "host",       "critic",    "photographer",  "contributing", "special"};
/* Words of an organisation: a wire or a paper ("Associated Press", "Washington Post"). */
static const char *const org_words[] = {"press",    "news",    "agency",    "wire",      "service",
                                        "times",    "post",    "journal",   "herald",    "tribune",
                                        "daily",    "media",   "network",   "magazine",  "radio",
                                        "newswire", "gazette", "telegraph", "associated"};
/* Lower-case words inside names: "Ursula von der Leyen", "Juan de la Cruz". */
static const char *const particles[] = {"von", "van", "der", "den",   "de",  "da", "di",  "du",
                                        "la",  "le",  "del", "della", "bin", "al", "dos", "ter"};

static int word_in(const char *w, size_t wl, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(list[i]) == wl && !strncasecmp(w, list[i], wl))
            return 1;
    return 0;
}

enum seg { SEG_PERSON, SEG_ORG, SEG_OTHER };

/* What one part of a byline list names: a person ("John Roe"), an organisation ("Reuters",
 * "AP", "Associated Press"), or something else (a job title, prose). One capitalised word
 * after a comma is a wire's or a paper's name: co-authors are written with their surnames. */
static enum seg segment_kind(const char *s, size_t len)
{
    size_t nw = 0, caps = 0;
    int org = 0;
    for (size_t k = 0; k < len;) {
        k += strspn(s + k, " ");
        size_t wl = 0;
        while (k + wl < len && s[k + wl] != ' ')
            wl++;
        if (!wl)
            break;
        const char *w = s + k;
        size_t bare = wl;
        while (bare && strchr(".,:;", w[bare - 1]))
            bare--;
        unsigned char c = (unsigned char)w[0];
        if (word_in(w, bare, role_words, sizeof role_words / sizeof role_words[0]))
            return SEG_OTHER;
        org |= word_in(w, bare, org_words, sizeof org_words / sizeof org_words[0]);
        if (islower(c) && !word_in(w, bare, particles, sizeof particles / sizeof particles[0]) &&
            !(bare == 3 && !strncmp(w, "the", 3)))
            return SEG_OTHER; /* prose: "on Google Play", "at the paper" */
        caps += isupper(c) || c >= 0x80;
        nw++;
        k += wl;
    }
    if (!nw || nw > 4 || !caps)
        return SEG_OTHER;
    if (org || nw == 1)
        return SEG_ORG;
    return SEG_PERSON;
}

/* The next separator of a byline list at or after k: ", ", " and ", " & " (*sep_len set);
 * len when there is none. */
static size_t next_sep(const char *s, size_t len, size_t k, size_t *sep_len)
{
    for (; k < len; k++) {
        if (s[k] == ',') {
            *sep_len = 1 + strspn(s + k + 1, " ");
            if (!strncasecmp(s + k + *sep_len, "and ", 4))
                *sep_len += 4;
            return k;
        }
        if (s[k] == ' ' && (!strncasecmp(s + k, " and ", 5) || !strncmp(s + k, " & ", 3))) {
            *sep_len = s[k + 1] == '&' ? 3 : 5;
            return k;
        }
    }
    *sep_len = 0;
    return len;
}

/* The authors a byline's names part lists, joined by ", ": "Jane Doe, John Roe and Ann Poe"
 * gives all three; a job title after a comma ends the list ("Jane Doe, Staff Writer"); a wire
 * or a paper at its end ("Jane Doe, Reuters") is the credit (*credit, new), not an author, when
 * a full name precedes it (after "PTI", itself a wire, "Washington" is the place).
 * In running text (`text`) the first name must look like one (name_shape). New, or NULL. */
static char *byline_authors(const char *s, size_t len, int text, char **credit)
{
    op_buf b;
    op_buf_init(&b, 0);
    *credit = NULL;
    for (size_t k = 0, i = 0; k < len; i++) {
        size_t sl, e = next_sep(s, len, k, &sl);
        size_t seg = e - k;
        while (seg && s[k + seg - 1] == ' ')
            seg--;
        enum seg kind = i == 0 ? SEG_PERSON : segment_kind(s + k, seg);
        if (i == 0 && ((text && !name_shape(s + k, seg)) || seg < 2))
            break;
        if (kind == SEG_ORG && e >= len &&
            extract_words(b.data, b.len) >= 2) /* after a full name */
            *credit = op_strndup(s + k, seg);
        if (kind != SEG_PERSON)
            break;
        if (b.len)
            op_buf_add(&b, ", ", 2);
        op_buf_add(&b, s + k, seg);
        k = e + sl;
    }
    if (!b.len) {
        op_buf_free(&b);
        op_free(*credit);
        *credit = NULL;
        return NULL;
    }
    op_buf_addc(&b, 0);
    return op_buf_detach(&b, NULL);
}

int extract_byline_names_only(const char *names)
{
    size_t len = strlen(names), nw = 0;
    for (size_t k = 0; k < len;) {
        k += strspn(names + k, " ,&");
        size_t wl = strcspn(names + k, " ,");
        if (!wl)
            break;
        const char *w = names + k;
        unsigned char c = (unsigned char)w[0];
        if (islower(c) && !word_in(w, wl, particles, sizeof particles / sizeof particles[0]) &&
            !(wl == 3 && !strncmp(w, "and", 3)))
            return 0;
        nw++;
        k += wl;
    }
    return nw > 0;
}

char *extract_byline_authors_new(const char *s, size_t len, char **credit)
{
    return byline_authors(s, len, 1, credit);
}

/* The writers a byline line names (folded, one line): *name and the length of its names part,
 * or 0. `text`: a line of running text, which must start with a "by" cue; otherwise (a byline
 * element's line) a line without a cue is the name itself. */
static size_t byline_of_line(const char *s, size_t len, int text, const char **name)
{
    size_t k = skip_decoration(s, len);
    long cue = by_cue(s + k, len - k, text);
    if (cue < 0 || (text && cue == 0))
        return 0;
    k += (size_t)cue;
    k += strspn(s + k, " ");
    size_t n = name_len(s + k, len - k, text);
    if (n < 2 || (n == 2 && !strncasecmp(s + k, "by", 2)))
        return 0; /* one letter, or the cue alone ("<em class=byline__by>By</em>") */
    *name = s + k;
    return n;
}

/*** Byline elements ***/

/* Needs this many bytes of context around a name; bylines are short. */
#define BYLINE_MAX 100

/* hay contains needle, ASCII case ignored. */
static int contains_ci(const char *hay, const char *needle)
{
    size_t nl = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, nl))
            return 1;
    return 0;
}

/* n sits in a comment thread (an ancestor's class or id says "comment"): its bylines are
 * the commenters'. */
static int in_comments(const xmlNode *n)
{
    for (int d = 0; n && n->type == XML_ELEMENT_NODE && d < 32; d++, n = n->parent)
        for (int a = 0; a < 2; a++) {
            const char *v = extract_attr(n, a ? "id" : "class");
            if (v && (contains_ci(v, "comment") || contains_ci(v, "disqus")))
                return 1;
        }
    return 0;
}

static int byline_hit(const xmlNode *n)
{
    const char *rel = extract_attr(n, "rel"), *ip = extract_attr(n, "itemprop");
    const char *cls = extract_attr(n, "class");
    return (rel && !strcasecmp(rel, "author")) || (ip && strstr(ip, "author")) ||
           (cls && (strstr(cls, "byline") || author_class(cls)));
}

/* A byline element: rel=author, itemprop=author, class "byline" or an author class. Its first
 * line naming a writer gives the name. */
void extract_byline_element(extract_bylines *bl, xmlNode *n)
{
    if (bl->n == EXTRACT_BYLINES)
        return;
    if (!byline_hit(n) || bl->tries++ >= 16 || in_comments(n)) /* bounded: reads a subtree */
        return;
    int visits = 0; /* a byline element inside this one names the writer more precisely */
    for (xmlNode *d = extract_next(n, n, 0); d && visits < 256; d = extract_next(d, n, 0), visits++)
        if (d->type == XML_ELEMENT_NODE && d->properties && byline_hit(d))
            return;
    op_buf b;
    op_buf_init(&b, 0);
    node_lines(n, &b, 0);
    for (size_t a = 0; a < b.len && b.len <= 2 * BYLINE_MAX;) {
        size_t e = a;
        while (e < b.len && b.data[e] != '\n')
            e++;
        const char *nm;
        size_t nl = e - a < BYLINE_MAX ? byline_of_line(b.data + a, e - a, 0, &nm) : 0;
        char *credit = NULL, *v = nl ? byline_authors(nm, nl, 0, &credit) : NULL;
        a = e + 1;
        if (v && !extract_is_handle(v)) {
            bl->c[bl->n].name = v;
            bl->c[bl->n].credit = credit;
            bl->c[bl->n++].node = n;
            break;
        }
        op_free(v);
        op_free(credit);
    }
    op_buf_free(&b);
}

/*** Bylines and dates in the text ***/

/* Reads a date at s when one starts there (see extract_iso_date_new); "Nov. 3" alone has no
 * year and is not read. */
static char *date_at(const char *s, size_t len)
{
    char tmp[64];
    if (len >= sizeof tmp)
        len = sizeof tmp - 1;
    memcpy(tmp, s, len);
    tmp[len] = 0;
    unsigned char c = (unsigned char)tmp[0];
    return isdigit(c) || isalpha(c) ? extract_iso_date_new(tmp) : NULL;
}

/* The first date at a word start in s (after a byline's name). */
static char *date_in(const char *s, size_t len)
{
    for (size_t k = 0; k < len; k++)
        if (k == 0 || s[k - 1] == ' ') {
            char *d = date_at(s + k, len - k);
            if (d)
                return d;
        }
    return NULL;
}

/* A dash separating a news dateline from the story: " -- ", " — ", " – ", " - ". */
static size_t dateline_dash(const char *s, size_t len)
{
    static const char *const dashes[] = {" -- ", " \xE2\x80\x94 ", " \xE2\x80\x93 ", " - "};
    for (size_t k = 0; k < len && k < 48; k++)
        for (size_t i = 0; i < sizeof dashes / sizeof dashes[0]; i++)
            if (!strncmp(s + k, dashes[i], strlen(dashes[i])))
                return k;
    return 0;
}

/* A date a line gives as the article's: "Published on 3 May 2021", "Posted: 2021-05-03", a
 * line that is a date ("Nov 11, 2020"), a dateline opening a paragraph ("April 17, 2015 --
 * Imagine", "WASHINGTON, Nov. 3, 2015 -- "). "Updated ..." is another date. */
static char *date_of_line(const char *s, size_t len)
{
    static const char *const cues[] = {"first published", "published", "posted", "dated", "date"};
    static const char *const other[] = {"updated", "last updated", "modified", "last modified",
                                        "edited"};
    size_t k = skip_decoration(s, len);
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        if (!strncasecmp(s + k, other[i], strlen(other[i])))
            return NULL;
    for (size_t i = 0; i < sizeof cues / sizeof cues[0]; i++) {
        size_t cl = strlen(cues[i]);
        if (len - k > cl && !strncasecmp(s + k, cues[i], cl) &&
            !isalpha((unsigned char)s[k + cl])) {
            k += cl;
            k += strspn(s + k, " :");
            if (len - k > 3 && !strncasecmp(s + k, "on ", 3))
                k += 3;
            return date_at(s + k, len - k);
        }
    }
    if (len - k <= 40) /* a line that is a date, perhaps with a time */
        return date_at(s + k, len - k);
    size_t dash = dateline_dash(s + k, len - k);
    if (!dash)
        return NULL;
    char *d = date_at(s + k, dash);
    const char *comma = memchr(s + k, ',', dash);
    if (!d && comma && extract_words(s + k, (size_t)(comma - (s + k))) <= 3 &&
        isupper((unsigned char)s[k]))
        d = date_at(comma + 2, dash - (size_t)(comma + 2 - (s + k)));
    return d;
}

static int skipped_subtree(const xmlNode *n)
{
    static const char *const tags[] = {"script", "style",  "noscript", "template",
                                       "nav",    "aside",  "footer",   "form",
                                       "button", "select", "figure",   "figcaption"};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (extract_is(n, tags[i]))
            return 1;
    return parse_html_hidden(n);
}

static int has_own_text(const xmlNode *n)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_TEXT_NODE && c->content &&
            ((const char *)c->content)[strspn((const char *)c->content, " \t\r\n\xC2\xA0")])
            return 1;
    return 0;
}

/* The lines right after the headline, up to the first paragraph of the story (100 bytes or
 * more, read for a dateline) or the tenth line: a byline ("By Name", "Posted by Name, job")
 * and a published date there fill what no other source gave. */
void extract_text_lines_read(xmlNode *top, xmlNode *h, extract_meta *m, int want_author,
                             int want_date)
{
    if (!h)
        return;
    op_buf b;
    op_buf_init(&b, 0);
    int lines = 0;
    for (xmlNode *n = extract_next(h, top, 1); n && lines < 10 && (want_author || want_date);) {
        if (n->type != XML_ELEMENT_NODE || skipped_subtree(n)) {
            n = extract_next(n, top, 1);
            continue;
        }
        if (has_own_text(n)) {
            lines++;
            op_buf_reset(&b);
            node_lines(n, &b, 0);
            size_t len = 0;
            while (len < b.len && b.data[len] != '\n') /* its first line */
                len++;
            const char *nm;
            size_t nl = len < 2 * BYLINE_MAX ? byline_of_line(b.data, len, 1, &nm) : 0;
            char *credit = NULL, *names = nl ? byline_authors(nm, nl, 1, &credit) : NULL;
            if (!names)
                nl = 0;
            if (nl) {
                if (want_author && !extract_is_handle(names)) {
                    m->author = names;
                    names = NULL;
                    if (!m->credit) {
                        m->credit = credit;
                        credit = NULL;
                    }
                    want_author = 0;
                }
                char *d = want_date ? date_in(nm + nl, len - (size_t)(nm + nl - b.data)) : NULL;
                if (d) {
                    m->published = d;
                    want_date = 0;
                }
            } else if (want_date) {
                char *d = date_of_line(b.data, len);
                if (d) {
                    m->published = d;
                    want_date = 0;
                }
            }
            op_free(names);
            op_free(credit);
            if (b.len >= 100) /* the story has begun */
                break;
            n = extract_next(n, top, 1); /* its inline children are part of this line */
            continue;
        }
        n = extract_next(n, top, 0);
    }
    op_buf_free(&b);
}

/*** Which byline element ***/

/* Text bytes (white space not counted) from `from` (its subtree skipped) on to `to`, stopping
 * at `max`; `max` when `to` is not reached by then. */
static size_t text_between(const xmlNode *top, const xmlNode *from, const xmlNode *to, size_t max)
{
    size_t sum = 0;
    int visits = 0;
    for (const xmlNode *n = extract_next((xmlNode *)from, top, 1); n && sum < max && visits < 20000;
         visits++) {
        if (n == to)
            return sum;
        if (n->type == XML_ELEMENT_NODE && (extract_is(n, "script") || extract_is(n, "style"))) {
            n = extract_next((xmlNode *)n, top, 1);
            continue;
        }
        if (n->type == XML_TEXT_NODE && n->content)
            for (const char *t = (const char *)n->content; *t; t++)
                sum += !isspace((unsigned char)*t);
        n = extract_next((xmlNode *)n, top, 0);
    }
    return max;
}

static int is_ancestor(const xmlNode *a, const xmlNode *n)
{
    for (; n; n = n->parent)
        if (n == a)
            return 1;
    return 0;
}

/* A byline element away from the article's start: in a footer (<footer>, a "footer"
 * class or id), or with a story's worth of text between it and the headline (after the
 * body: a blog's "Posted by Team" footer line). Such a byline ranks below the lines under
 * the headline, which name the writer of this article. */
#define BYLINE_NEAR 600

int extract_byline_far(const xmlNode *top, const xmlNode *h, const xmlNode *n)
{
    for (const xmlNode *a = n; a && a->type == XML_ELEMENT_NODE; a = a->parent) {
        const char *cls = extract_attr(a, "class"), *id = extract_attr(a, "id");
        if (extract_is(a, "footer") || (cls && contains_ci(cls, "footer")) ||
            (id && contains_ci(id, "footer")))
            return 1;
    }
    if (!h || is_ancestor(n, h) || is_ancestor(h, n))
        return 0;
    return text_between(top, h, n, BYLINE_NEAR) >= BYLINE_NEAR &&
           text_between(top, n, h, BYLINE_NEAR) >= BYLINE_NEAR;
}

void extract_bylines_free(extract_bylines *bl)
{
    for (int i = 0; i < bl->n; i++) {
        op_free(bl->c[i].name);
        op_free(bl->c[i].credit);
    }
    memset(bl, 0, sizeof *bl);
}
