/* Unit tests for the plain-text dump parser (src/parse/parse_text.c), one test per
 * recovery rule: title and site, repeated headline, doubled captions, dateline and year
 * inference, wire credit, boilerplate, re-flow, headings, lists, quotes; then hostile
 * inputs that must stay valid and linear. Every parse is followed by op_doc_check. */
#include "harness.h"

#include "core/core.h"
#include "offprint/convert.h"

#include <stdlib.h>
#include <time.h>

/* Parses `src` as text; checks the tree; returns the doc (caller frees) or NULL. */
static op_doc *parse(const char *src, size_t len)
{
    op_parse_opts o;
    memset(&o, 0, sizeof o);
    o.base_dir = "/base";
    op_doc *doc = NULL;
    o.format = OP_FORMAT_TEXT;
    INT_EQ(op_read(src, len, &o, NULL, &doc), OP_OK);
    if (doc)
        INT_EQ(op_doc_check(doc, NULL), 0);
    return doc;
}

static op_doc *parse_s(const char *src)
{
    return parse(src, strlen(src));
}

/* Kinds of the root's children, one letter each: p h f(igure) l(ist) q(uote) ... */
static void shape(const op_doc *d, char *out, size_t outsz)
{
    size_t i = 0;
    for (op_node *n = op_node_first_child(op_doc_root(d)); n && i + 1 < outsz;
         n = op_node_next(n)) {
        switch (op_node_get_kind(n)) {
        case OP_NODE_PARAGRAPH:
            out[i++] = 'p';
            break;
        case OP_NODE_HEADING:
            out[i++] = 'h';
            break;
        case OP_NODE_FIGURE:
            out[i++] = 'f';
            break;
        case OP_NODE_LIST:
            out[i++] = op_node_get_list_ordered(n) ? 'o' : 'l';
            break;
        case OP_NODE_BLOCKQUOTE:
            out[i++] = 'q';
            break;
        default:
            out[i++] = '?';
            break;
        }
    }
    out[i] = '\0';
}

#define SHAPE_EQ(doc, want)                                                                        \
    do {                                                                                           \
        char s_[64];                                                                               \
        shape(doc, s_, sizeof s_);                                                                 \
        STR_EQ(s_, want);                                                                          \
    } while (0)

/* Plain text of the whole body (caller frees). */
static char *body(const op_doc *d)
{
    size_t len;
    return op_node_text_new(op_doc_root(d), &len);
}

#define META_EQ(doc, f, want) STR_EQ(op_doc_get_meta(doc, f), want)
#define META_NULL(doc, f)     OK(op_doc_get_meta(doc, f) == NULL, "field %d set", (int)(f))

static void test_title_and_headline(void)
{
    op_doc *d = parse_s("Storm Hits Coast | The Daily\n\nStorm Hits Coast\n\nBody.\n");
    META_EQ(d, OP_META_TITLE, "Storm Hits Coast");
    META_EQ(d, OP_META_SITE_NAME, "The Daily");
    SHAPE_EQ(d, "p");
    op_doc_free(d);
    d = parse_s("It\xE2\x80\x99s Late | Site\nIt's Late\nBody.\n"); /* curly vs straight */
    SHAPE_EQ(d, "p");
    op_doc_free(d);
}

static void test_doubled_caption(void)
{
    op_doc *d = parse_s("T\n\nA dog's photo (L), 2024.\n\nA dog\xE2\x80\x99s photo (L), 2024.\n\n"
                        "Text.\n\nSame line.\nOther line.\n");
    SHAPE_EQ(d, "fpp"); /* the last two lines are one wrapped paragraph */
    op_node *fig = op_node_first_child(op_doc_root(d));
    op_node *cap = op_node_first_child(fig);
    INT_EQ(op_node_get_kind(cap), OP_NODE_CAPTION);
    size_t len;
    char *t = op_node_text_new(cap, &len);
    STR_EQ(t, "A dog\xE2\x80\x99s photo (L), 2024."); /* the curly copy is kept */
    op_free(t);
    op_doc_free(d);
    d = parse_s("T\n\nOnce.\n\nTwice.\n\nOnce.\n"); /* not adjacent: both stay */
    SHAPE_EQ(d, "ppp");
    op_doc_free(d);
    d = parse_s("T\n\nThrice.\n\nThrice.\n\nThrice.\n\nEnd.\n");
    SHAPE_EQ(d, "fp");
    op_doc_free(d);
}

static void test_dateline(void)
{
    op_doc *d = parse_s("T\n\nWASHINGTON, Nov. 3\xC2\xA0(Korea Wire)From the start.\n\n"
                        "Seen on Nov. 3, 2022, and Dec. 1, 2021.\n");
    META_EQ(d, OP_META_PLACE, "WASHINGTON");
    META_EQ(d, OP_META_PUBLISHED, "2022-11-03");
    META_EQ(d, OP_META_CREDIT, "Korea Wire");
    char *b = body(d);
    OK(!strncmp(b, "From the start.", 15), "body starts \"%.30s\"", b);
    op_free(b);
    op_doc_free(d);
    d = parse_s("T\n\nPARIS, Dec. 24 -- Snow.\n"); /* no year anywhere: as found */
    META_EQ(d, OP_META_PUBLISHED, "Dec. 24");
    META_NULL(d, OP_META_CREDIT);
    op_doc_free(d);
    d = parse_s("T\n\nLONDON, March 2 -- A.\n\nOn March 9, 2020, B.\n"); /* same month */
    META_EQ(d, OP_META_PUBLISHED, "2020-03-02");
    op_doc_free(d);
    d = parse_s("T\n\nBERLIN (Agency One) \xE2\x80\x94 Text.\n");
    META_EQ(d, OP_META_PLACE, "BERLIN");
    META_NULL(d, OP_META_PUBLISHED);
    op_doc_free(d);
}

static void test_byline(void)
{
    op_doc *d = parse_s("T\n\nBy Jane Doe\n\nSEOUL (Wire) -- Text.\n\nMore.\n");
    META_EQ(d, OP_META_AUTHOR, "Jane Doe");
    META_EQ(d, OP_META_PLACE, "SEOUL");
    SHAPE_EQ(d, "pp");
    op_doc_free(d);
    /* co-authors all; a job title is not an author; a wire after the name is the credit */
    d = parse_s("T\n\nBy Jane Doe, John Roe and Ann Poe\n\nText.\n");
    META_EQ(d, OP_META_AUTHOR, "Jane Doe, John Roe, Ann Poe");
    op_doc_free(d);
    d = parse_s("T\n\nBy Jane Doe, Staff Writer\n\nText.\n");
    META_EQ(d, OP_META_AUTHOR, "Jane Doe");
    SHAPE_EQ(d, "p");
    op_doc_free(d);
    d = parse_s("T\n\nBy Jane Doe, Reuters\n\nText.\n");
    META_EQ(d, OP_META_AUTHOR, "Jane Doe");
    META_EQ(d, OP_META_CREDIT, "Reuters");
    op_doc_free(d);
    d = parse_s("T\n\nBy the river we sat.\n\nMore.\n"); /* a sentence */
    META_NULL(d, OP_META_AUTHOR);
    op_doc_free(d);
    d = parse_s("T\n\nBy Jane Doe\n"); /* nothing after it: text, not a byline */
    META_NULL(d, OP_META_AUTHOR);
    op_doc_free(d);
}

static void test_not_dateline(void)
{
    static const char *const cases[] = {
        "T\n\nNASA said so.\n",
        "T\n\nWASHINGTON, the capital, is big.\n",
        "T\n\nWASHINGTON, Nov. 3 is a date.\n", /* no agency, no separator */
        "T\n\nUN, Nov. 40 (X) -- bad day.\n",
        "T\n\nA, Nov. 3 (X) -- one capital only.\n",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        op_doc *d = parse_s(cases[i]);
        OK(op_doc_get_meta(d, OP_META_PLACE) == NULL, "case %zu", i);
        op_doc_free(d);
    }
}

static void test_credit(void)
{
    op_doc *d = parse_s("T\n\nText.\n\n(Yonhap)\n");
    META_EQ(d, OP_META_CREDIT, "Yonhap");
    SHAPE_EQ(d, "p");
    op_doc_free(d);
    d = parse_s("T\n\nThe end came. (Wire Service)\n");
    META_EQ(d, OP_META_CREDIT, "Wire Service");
    char *b = body(d);
    STR_EQ(b, "The end came.");
    op_free(b);
    op_doc_free(d);
    d = parse_s("T\n\nOSLO (A Wire) - X.\n\nY.\n\n(B Wire)\n");
    META_EQ(d, OP_META_CREDIT, "A Wire / B Wire");
    op_doc_free(d);
    d = parse_s("T\n\nA figure (in 2020)\n\nthe agency (NGA) said.\n");
    META_NULL(d, OP_META_CREDIT);
    op_doc_free(d);
}

static void test_boilerplate(void)
{
    op_doc *d = parse_s("T\n\nOne.\n\nTwo.\n\nThree.\n\nLeave a Reply\n\nYour email address will "
                        "not be published. Required fields are marked *\n\nComment\n\nName *\n\n"
                        "Email *\n\nWebsite\n\nPost Comment\n\nYou may use these HTML tags and "
                        "attributes: <a href=\"\"> <b>\n");
    SHAPE_EQ(d, "ppp");
    op_doc_free(d);
    /* early strong marker with text after it: only the lone line goes */
    d = parse_s("T\n\nShare this\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n");
    SHAPE_EQ(d, "pppp");
    op_doc_free(d);
    /* "Share this" inside a sentence is text */
    d = parse_s("T\n\nOne.\n\nShare this story with friends, she said.\n");
    SHAPE_EQ(d, "pp");
    op_doc_free(d);
    /* a comment form followed by a long thread */
    d = parse_s("T\n\nA.\n\nB.\n\nC.\n\nLeave a Reply\n\nRelated posts\n\nc1.\n\nc2.\n\nc3.\n\n"
                "c4.\n\nc5.\n\nc6.\n\nc7.\n\nc8.\n");
    SHAPE_EQ(d, "ppp");
    op_doc_free(d);
}

static void test_reflow(void)
{
    op_doc *d = parse_s("T\n\nOne wrapped\nparagraph with a hy-\nphen.\n\nTwo.\n");
    char *b = body(d);
    STR_EQ(b, "One wrapped paragraph with a hy-phen.Two."); /* a hyphen may be real */
    op_free(b);
    op_doc_free(d);
}

static void test_headings(void)
{
    op_doc *d = parse_s("T\n\nIntro.\n\nThe Plan\n\nText.\n\nNot one.\n\nMore.\n\nEnd Line\n");
    SHAPE_EQ(d, "phpppp");
    op_node *h = op_node_next(op_node_first_child(op_doc_root(d)));
    INT_EQ(op_node_get_level(h), 2);
    op_doc_free(d);
    d = parse_s("T\n\nFirst Line\n\nText.\n"); /* nothing before it */
    SHAPE_EQ(d, "pp");
    op_doc_free(d);
    d = parse_s("T\n\nIntro.\n\n\xE2\x80\x94 John Smith\n\nText.\n"); /* a dash first */
    SHAPE_EQ(d, "ppp");
    op_doc_free(d);
    d = parse_s("T\n\nIntro.\n\n\xE2\x80\x9C"
                "A quote\xE2\x80\x9D\n\nText.\n"); /* curly quote */
    SHAPE_EQ(d, "ppp");
    op_doc_free(d);
}

static void test_lists_and_quotes(void)
{
    op_doc *d = parse_s("T\n\nIntro.\n\n- a\n- b\n\n\xE2\x80\xA2 c\n\n2) two\n3) three\n\n"
                        "> quoted\n> more\n\nEnd.\n");
    SHAPE_EQ(d, "ploqp"); /* bullets across a blank line stay one list */
    op_node *ol = op_node_next(op_node_next(op_node_first_child(op_doc_root(d))));
    INT_EQ(op_node_get_list_start(ol), 2);
    char *b = body(d);
    OK(strstr(b, "quoted more") != NULL, "quote text: %s", b);
    OK(strstr(b, "- a") == NULL && strstr(b, "> ") == NULL, "markers left: %s", b);
    op_free(b);
    op_doc_free(d);
    d = parse_s("T\n\n2024. A year number is not a list.\n\n-5 degrees either.\n");
    SHAPE_EQ(d, "pp");
    op_doc_free(d);
}

/* Hostile inputs: valid trees, and time that grows linearly with the size. */
static char *repeat(const char *unit, size_t times, size_t *len)
{
    size_t u = strlen(unit);
    char *s = op_malloc(u * times + 1);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * u, unit, u);
    s[u * times] = '\0';
    *len = u * times;
    return s;
}

static double parse_seconds(const char *unit, size_t times)
{
    size_t len;
    char *s = repeat(unit, times, &len);
    clock_t t0 = clock();
    op_doc *d = parse(s, len);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    op_doc_free(d);
    op_free(s);
    return secs;
}

/*** Dumps made by lynx, w3m and html2text: site chrome around the article ***/

/* Paragraphs wrapped as the tools wrap them (greedily, at 72 columns). */
#define PARA1                                                                                      \
    "The harbour board voted on Tuesday to rebuild the old stone pier, which\n"                    \
    "storms have battered for three winters, at a cost of four million\n"                          \
    "crowns.\n"
#define PARA2                                                                                      \
    "Fishing crews, who have moored at the far end of the bay since the\n"                         \
    "collapse, said the vote came late but was welcome all the same.\n"
#define PARA3                                                                                      \
    "Work starts in April and should end before the autumn storms, the board\n"                    \
    "said, if the quarry can deliver the granite on time.\n"

/* A lynx dump: menus and a search form before the story, numbered links in it, share links,
 * a legal line and the References list after it. */
static void test_lynx_dump(void)
{
    op_doc *d =
        parse_s("#[1]alternate\n\n   [2]Skip to main content\n\n     * [3]News\n"
                "     * [4]Sport\n     * [5]Weather\n     * [6]Culture\n\n"
                "   Search ____________________ [7]Submit\n\n"
                "Harbour Board Votes to Rebuild the Old Pier\n\n" PARA1 "\n" PARA2
                "\n   Work starts in [8]April and should end before the autumn storms, the\n"
                "   board said, if the quarry can deliver the granite on time.\n\n"
                "     * [9]Share on Facebook\n     * [10]Share on Twitter\n"
                "     * [11]Email\n\n   \xC2\xA9 2024 Harbour News Ltd. All rights "
                "reserved.\n\nReferences\n\n   Visible links:\n   1. "
                "https://example.org/feed\n   2. https://example.org/\n");
    SHAPE_EQ(d, "ppp");
    META_EQ(d, OP_META_TITLE, "Harbour Board Votes to Rebuild the Old Pier");
    char *b = body(d);
    OK(strstr(b, "Work starts in April and"), "link number left in: %s", b);
    OK(!strstr(b, "Share") && !strstr(b, "Rights") && !strstr(b, "http") && !strstr(b, "News"),
       "chrome left in: %s", b);
    op_free(b);
    op_doc_free(d);
}

/* A lynx dump of a paragraph with a link every few words (an encyclopedia's prose): its
 * sentences end inside wrapped lines, and it is prose, not a link list. */
static void test_linked_prose(void)
{
    op_doc *d = parse_s("   [1]Home\n     * [2]News\n     * [3]Sport\n     * [4]Weather\n"
                        "     * [5]Culture\n\nHarbour Board Votes to Rebuild the Old Pier\n\n"
                        "   The [6]harbour board voted on Tuesday to rebuild the [7]old stone\n"
                        "   pier. [8]Storms have battered it for [9]three winters. The [10]cost\n"
                        "   is four [11]million crowns, paid by the [12]port and the\n"
                        "   [13]quarry owners.\n\n" PARA2 "\n" PARA3
                        "\nReferences\n\n   1. https://example.org/\n");
    char *b = body(d);
    OK(strstr(b, "rebuild the old stone pier."), "linked prose dropped: %s", b);
    op_free(b);
    op_doc_free(d);
}

/* The first line is chrome and the headline is long and ends with a quote; share buttons
 * stand between it and the story. */
static void test_headline_after_chrome(void)
{
    op_doc *d = parse_s("Skip to content\n\n  * Home\n  * World\n  * Business\n  * Sport\n"
                        "  * Science\n  * Weather\n\nSupported by\n\n"
                        "Harbour Board Votes to Rebuild the Old Pier After Three Winters, Calls "
                        "It 'Overdue'\n\n  * Share\n  * Tweet\n  * Email\n  * More\n  * Save\n"
                        "\n" PARA1 "\n" PARA2 "\n" PARA3);
    META_EQ(d, OP_META_TITLE,
            "Harbour Board Votes to Rebuild the Old Pier After Three Winters, Calls It 'Overdue'");
    char *b = body(d);
    OK(!strstr(b, "Overdue") && !strstr(b, "Tweet") && !strstr(b, "Supported"), "%s", b);
    op_free(b);
    op_doc_free(d);
}

/* An html2text dump: starred headings, links underlined with '_', paragraphs without blank
 * lines between them (a line that ends where the next word would have fit ends one). */
static void test_html2text_dump(void)
{
    op_doc *d = parse_s("Skip_to_main_content\n    * Home\n    * Local_News\n    * Sport\n"
                        "    * Contact_Us\n    * About_Us\n    * Sign_in\n"
                        "****** Harbour Board Votes to Rebuild ******\n" PARA1
                        "Read_more_about_the_pier and more.\n" PARA2 "***** The Plan *****\n" PARA3
                        "Share_on_Facebook\nShare_on_Twitter\n"
                        "    * Privacy_Policy\n    * Terms_of_Use\n    * Cookie_Settings\n"
                        "    * Careers\n");
    SHAPE_EQ(d, "ppphp");
    META_EQ(d, OP_META_TITLE, "Harbour Board Votes to Rebuild");
    char *b = body(d);
    OK(strstr(b, "Read more about the pier"), "underlines left in: %s", b);
    OK(!strstr(b, "Share") && !strstr(b, "Privacy") && !strstr(b, "Home"), "chrome: %s", b);
    op_free(b);
    op_doc_free(d);
}

/* A w3m dump: labels the page prints more than once go, one between paragraphs too; a heading
 * printed twice (a tab and its section) stays where it stands between paragraphs, and the
 * copy among labels goes. */
static void test_repeated_labels(void)
{
    op_doc *d = parse_s("T\n\n" PARA1 "\nAdvertisement\n\n" PARA2 "\nAdvertisement\n\n"
                        "The Plan\n\n" PARA3 "\nThe Plan\n\n" PARA1);
    SHAPE_EQ(d, "ppphp");
    char *b = body(d);
    OK(!strstr(b, "Advertisement"), "%s", b);
    op_free(b);
    op_doc_free(d);
}

static void test_hostile(void)
{
    static const char *const units[] = {
        "Same caption.\n\n",
        "(((((((((((((\n",
        "NOV. 3 NOV. 3 Nov. 3 Nov. 3, 2022 (X) (Y)\n",
        "- \n> \n1. \n\n",
        "Leave a Reply\n\nShare this\n\n",
        "ABC DEF, Nov. 3 (Wire)\n\n",
        "Short Head\n\n",
        "     * [1]News\n",
        "****** A_B ******\nC_D E_F\n",
        "Advertisement\n\nReferences\n\n1. https://x\n",
    };
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        double small = parse_seconds(units[i], 5000);
        double big = parse_seconds(units[i], 100000);
        /* 20x the input: quadratic would take 400x the time; allow 80x plus noise */
        OK(big < small * 80 + 0.5, "unit %zu: %.3fs vs %.3fs", i, big, small);
    }
    static const char nul[] = "T\n\n\0\0(Wire)\n\nX, Nov. 3"; /* NUL bytes */
    op_doc *d = parse(nul, sizeof nul - 1);
    op_doc_free(d);
}

int main(void)
{
    RUN(test_title_and_headline);
    RUN(test_doubled_caption);
    RUN(test_dateline);
    RUN(test_byline);
    RUN(test_not_dateline);
    RUN(test_credit);
    RUN(test_boilerplate);
    RUN(test_reflow);
    RUN(test_headings);
    RUN(test_lists_and_quotes);
    RUN(test_lynx_dump);
    RUN(test_linked_prose);
    RUN(test_headline_after_chrome);
    RUN(test_html2text_dump);
    RUN(test_repeated_labels);
    RUN(test_hostile);
    DONE();
}
