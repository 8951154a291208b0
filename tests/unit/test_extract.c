/* Unit tests for reader mode (src/extract): one test per rule, on small pages written for
 * the test (tests/fixtures/extract/ and inline). Every parse is followed by op_doc_check. */
#include "harness.h"

#include "core/core.h"
#include "extract/extract_int.h"
#include "offprint/export.h"
#include "offprint/convert.h"

#include <stdlib.h>
#include <time.h>

#define FIX OP_TEST_SRC_DIR "/tests/fixtures/extract/"

/* Three sentences of article text, enough for the scorer to see a story. */
#define STORY                                                                                      \
    "<p>The council met on Monday, for the third time this month, to discuss the new budget, "     \
    "which has been delayed since spring.</p>"                                                     \
    "<p>Members argued about schools, roads and parks, and the mayor, who chairs the meeting, "    \
    "asked for a vote before the end of the week.</p>"                                             \
    "<p>The vote, if it passes, will release the money in June, according to the finance "         \
    "office, which published its figures on Friday.</p>"

/* More story, told after a block under test. */
#define STORY2                                                                                     \
    "<p>The parks department, which lost two of its staff in the spring, said it would need "      \
    "more money before the summer, and the mayor agreed to look at the figures again.</p>"         \
    "<p>Several residents spoke at the end of the meeting, most of them about the state of "       \
    "the roads, and one asked why the library still closes at five on weekdays.</p>"

static op_doc *parse(const char *html, size_t len)
{
    op_parse_opts o;
    memset(&o, 0, sizeof o);
    o.format = OP_FORMAT_HTML;
    o.base_dir = "/base";
    op_doc *doc = NULL;
    INT_EQ(op_read(html, len, &o, NULL, &doc), OP_OK);
    if (doc)
        INT_EQ(op_doc_check(doc, NULL), 0);
    return doc;
}

/* The --to txt text of a page (caller frees). */
static char *text_of(const char *html)
{
    op_doc *doc = parse(html, strlen(html));
    char *t = doc ? op_doc_text_new(doc, NULL) : op_strdup("");
    op_doc_free(doc);
    return t;
}

#define TEXT_HAS(html, part)                                                                       \
    do {                                                                                           \
        char *t_ = text_of(html);                                                                  \
        OK(strstr(t_, part), "text lacks [%s]:\n%s", part, t_);                                    \
        op_free(t_);                                                                               \
    } while (0)

#define TEXT_LACKS(html, part)                                                                     \
    do {                                                                                           \
        char *t_ = text_of(html);                                                                  \
        OK(!strstr(t_, part), "text has [%s]:\n%s", part, t_);                                     \
        op_free(t_);                                                                               \
    } while (0)

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/*** Scoring ***/

static void test_score_picks_story(void)
{
    const char *page = "<body><div class='nav-links'><a href='/a'>Home page of the site, "
                       "start here</a><a href='/b'>Sport, the latest results</a></div>"
                       "<div id='x1'>" STORY "</div>"
                       "<div id='x2'><p>Short.</p><a href='/c'>A link list, with many words "
                       "and one comma, for other pages</a></div></body>";
    TEXT_HAS(page, "The council met on Monday");
    TEXT_HAS(page, "release the money in June");
    TEXT_LACKS(page, "Home page of the site");
    TEXT_LACKS(page, "A link list");
}

static void test_score_text_in_divs(void)
{
    /* paragraphs written as text runs straight in a div with <br>s */
    TEXT_HAS("<body><div class='menu'><a href='/'>Menu entry one</a></div><div>The council met "
             "on Monday, for the third time, to discuss the budget, again.<br><br>Members argued "
             "about schools, roads, and parks, and the mayor asked for a vote.</div></body>",
             "Members argued about schools");
}

static void test_score_siblings(void)
{
    /* a short closing paragraph next to the best candidate is kept */
    TEXT_HAS("<body><div>" STORY "</div><p>It ends here.</p></body>", "It ends here.");
}

static void test_score_split_sections(void)
{
    /* one article in two sections, each deep in its own wrappers, a figure between */
    const char *page = "<body><div id='post'><div><div><div><div><div>" STORY
                       "</div></div></div></div></div><figure><img src='x.jpg'></figure>"
                       "<div><div><div><div><div><p>The second section, after the picture, "
                       "goes on, and on, about the budget.</p><p>It has its own paragraphs, "
                       "several of them, as long as the first ones, and commas.</p>"
                       "<p>A third paragraph closes the section, with a comma, and a full "
                       "stop.</p>"
                       "</div></div></div></div></div></div></body>";
    TEXT_HAS(page, "The council met on Monday");
    TEXT_HAS(page, "The second section, after the picture");
}

static void test_retry_without_unlikely(void)
{
    /* everything sits in a "sidebar": the relaxed pass still finds the text */
    TEXT_HAS("<body><div class='sidebar'>" STORY "</div></body>", "The council met on Monday");
}

/*** Pruning and cleaning ***/

static void test_prune_hidden(void)
{
    const char *page = "<body><div>" STORY "<p hidden>Secret one, hidden attribute text.</p>"
                       "<p aria-hidden='true'>Secret two, aria text.</p>"
                       "<div style='display: none'>Secret three, styled.</div>"
                       "<div style='visibility:hidden'>Secret four.</div></div></body>";
    TEXT_HAS(page, "The council met");
    TEXT_LACKS(page, "Secret");
}

static void test_prune_unlikely(void)
{
    const char *page = "<body><div class='article-body'>" STORY
                       "</div><div id='comments'><p>I disagree, strongly, with the council, "
                       "and with the mayor, who never listens, to anyone.</p></div>"
                       "<div class='cookie-consent'>We use cookies, to improve, the site.</div>"
                       "</body>";
    TEXT_HAS(page, "The council met");
    TEXT_LACKS(page, "I disagree");
    TEXT_LACKS(page, "cookies");
}

static void test_clean_share_and_byline(void)
{
    const char *page = "<body><article>" STORY "<div class='share-buttons'><a href='#'>Facebook"
                       "</a> <a href='#'>Twitter</a></div><p class='byline'>By Jane Doe</p>"
                       "<span rel='author'>Jane Doe</span></article></body>";
    TEXT_HAS(page, "The council met");
    TEXT_LACKS(page, "Facebook");
    TEXT_LACKS(page, "Jane Doe");
    TEXT_LACKS("<body><article>" STORY "<figure><img src='a.jpg'><figcaption>The hall."
               "<span class='image-credit'>Photo: Ann Lens, Agency</span></figcaption></figure>"
               "</article></body>",
               "Ann Lens");
}

static void test_clean_dateline(void)
{
    const char *page = "<body><article><p>By Jane Doe - 11/18/19 11:04 PM</p><p>Updated at 1:23 "
                       "p.m. EST</p>" STORY "<p>By the end of the day, the vote was close.</p>"
                       "</article></body>";
    TEXT_LACKS(page, "11:04");
    TEXT_LACKS(page, "Updated at");
    TEXT_HAS(page, "By the end of the day, the vote was close.");
}

static void test_clean_related(void)
{
    const char *page = "<body><article>" STORY "<h3>Related articles</h3><ul><li><a href='/1'>"
                       "Budget row deepens</a></li><li><a href='/2'>Mayor speaks</a></li></ul>"
                       "<p><a href='/3'>Read more: the budget explained</a></p></article></body>";
    TEXT_HAS(page, "The council met");
    TEXT_LACKS(page, "Related articles");
    TEXT_LACKS(page, "Budget row deepens");
    TEXT_LACKS(page, "Read more");
}

static void test_clean_link_heavy_and_forms(void)
{
    const char *page = "<body><article>" STORY "<div><a href='/1'>Tag one</a> <a href='/2'>Tag "
                       "two</a> <a href='/3'>Tag three</a></div><form><p>Your email address will "
                       "not be published.</p><input name=e></form><footer>All rights reserved"
                       "</footer></article></body>";
    TEXT_HAS(page, "The council met");
    TEXT_LACKS(page, "Tag one");
    TEXT_LACKS(page, "email address");
    TEXT_LACKS(page, "All rights reserved");
}

/* A list of long links in the middle of the story (references the text discusses) is kept;
 * the same kind of list at the end (other articles) is dropped. */
static void test_clean_reference_list(void)
{
    const char *page =
        "<body><article>" STORY "<p>Fixed in this release:</p><ul><li><a href='/b/1'>Bug 1677080 "
        "- Fullscreen window is affected by switching video source</a></li><li><a href='/b/2'>"
        "Bug 1677107 - Add telemetry for tracking multiple window usage</a></li></ul>"
        "<p>The parks department, which lost two of its staff in the spring, said it would need "
        "more money before the summer, and the mayor agreed to look at the figures again.</p>"
        "<p>Several residents spoke at the end of the meeting, most of them about the state of "
        "the roads, and one asked why the library still closes at five on weekdays.</p>"
        "<p>The next meeting is on the first Monday of next month, at the town hall.</p>"
        "<p>Minutes of the meeting will be posted on the notice board, as usual, by the end of "
        "the week, and copies can be asked for at the front desk of the library.</p>"
        "<ul><li><a href='/x'>Mayor opens the new swimming pool on the north side</a></li>"
        "<li><a href='/y'>Ten things to do in town this weekend with children</a></li></ul>"
        "</article></body>";
    TEXT_HAS(page, "Bug 1677080");
    TEXT_HAS(page, "Bug 1677107");
    TEXT_LACKS(page, "swimming pool");
}

/* A lazy <img> and its <noscript> copy are one picture: a section with a paragraph and two
 * such pictures is not an image gallery. */
static void test_clean_noscript_images(void)
{
    const char *img = "<img src='' data-src='a.png'><noscript><img src='a.png'></noscript>";
    char page[2048];
    snprintf(page, sizeof page,
             "<body><article>" STORY "<section><h2>Designed to be redesigned</h2><p>Get "
             "fast and easy access to the features you use most.</p>%s%s</section>" STORY2
             "</article></body>",
             img, img);
    TEXT_HAS(page, "Get fast and easy access");
}

/* "You may also like..." then one-link paragraphs: other articles, dropped; a link-only
 * paragraph that does not follow such a cue stays. */
static void test_clean_related_run(void)
{
    const char *page = "<body><article>" STORY "<p><a href='/c'>The council's budget papers"
                       "</a></p>" STORY2 "<p>You may also like...</p><p><a href='/a'>Who will win "
                       "the mayoral race in 2020?</a></p><p><a href='/b'>Ten parks to visit this "
                       "summer</a></p></article></body>";
    TEXT_LACKS(page, "You may also like");
    TEXT_LACKS(page, "mayoral race");
    TEXT_LACKS(page, "Ten parks");
    TEXT_HAS(page, "budget papers");
    TEXT_HAS(page, "closes at five on weekdays");
}

static void test_clean_keeps_structure(void)
{
    const char *page =
        "<body><article>" STORY "<h2>Figures</h2><pre><code>x = 1</code></pre>"
        "<table><tr><th>Year</th><th>Sum</th></tr><tr><td>2020</td><td>5</td></tr></table>"
        "<blockquote><p>We will vote, the mayor said.</p></blockquote>"
        "<figure><img src='a.png' alt='A chart'><figcaption>The budget, by year.</figcaption>"
        "</figure><ol><li>Schools</li><li>Roads</li></ol></article></body>";
    TEXT_HAS(page, "Figures");
    TEXT_HAS(page, "x = 1");
    TEXT_HAS(page, "Year\tSum");
    TEXT_HAS(page, "We will vote, the mayor said.");
    TEXT_HAS(page, "The budget, by year.");
    TEXT_HAS(page, "1. Schools");
}

static void test_clean_repeated_captions(void)
{
    const char *page = "<body><article>" STORY
                       "<figure><img src='a.jpg' alt='The mayor at the meeting.'><figcaption>The "
                       "mayor at the meeting.</figcaption></figure><figure><img src='a.jpg'>"
                       "<figcaption>The mayor at the meeting.</figcaption></figure></article>"
                       "</body>";
    char *t = text_of(page);
    INT_EQ(count(t, "The mayor at the meeting."), 1);
    op_free(t);
    /* a gallery's full caption, then its truncated copy ("... more"), the alt text the full
     * caption with a photo credit: read once; a different caption of the same event stays */
#define CAP_A "The mayor, left, and the treasurer shake hands at the town hall on Wednesday"
#define CAP_B ", Nov. 20, 2019. The budget vote was delayed for a second time."
    page = "<body><article>" STORY "<ul class='gallery'><li><img src='a.jpg' alt='" CAP_A CAP_B
           " Photo: Ann Lens, Agency'><div class='caption'><div class='caption-full'>" CAP_A CAP_B
           "<a class='toggle'> less</a></div><div class='caption-truncated'>" CAP_A
           "<a class='toggle'> ... more</a></div></div></li></ul><figure><img src='b.jpg'>"
           "<figcaption>The mayor, left, leaves the town hall on Wednesday after the vote was "
           "delayed.</figcaption></figure>" STORY2 "</article></body>";
    t = text_of(page);
    INT_EQ(count(t, "shake hands"), 1);
    INT_EQ(count(t, "leaves the town hall"), 1);
    op_free(t);
    op_doc *doc = parse(page, strlen(page));
    t = doc ? op_doc_dump_new(doc) : op_strdup("");
    INT_EQ(count(t, "Ann Lens"), 0); /* the alt text, cleared */
    INT_EQ(count(t, "image url"), 2);
    op_doc_free(doc);
    op_free(t);
    /* a linked image whose caption opens the paragraph it stands in: the alt text goes */
    page = "<body><article>" STORY "<p><a href='big.jpg'><img src='a.jpg' alt='" CAP_A
           "'><span class='legend'>" CAP_A "</span></a>The council's own report, which the "
           "mayor presented, was read in full.</p>" STORY2 "</article></body>";
    doc = parse(page, strlen(page));
    t = doc ? op_doc_dump_new(doc) : op_strdup("");
    INT_EQ(count(t, "shake hands"), 1);
    INT_EQ(count(t, "image url"), 1);
    op_doc_free(doc);
    op_free(t);
}

static void test_embedded_posts_kept(void)
{
    TEXT_HAS("<body><article>" STORY "<div class='social-media-embed'><blockquote "
             "class='twitter-tweet'><p>This budget is a mess, honestly.</p></blockquote></div>"
             "</article></body>",
             "This budget is a mess");
    /* a tweet full of links and @names */
    TEXT_HAS("<body><article>" STORY "<div class='social-media-embed'><blockquote "
             "class='twitter-tweet'><p>meth. we are on it. <a href='https://t.co/x1'>"
             "https://t.co/HO1ZRs</a></p>&mdash; Dee (@dee) <a href='https://twitter.com/dee/1'>"
             "November 18, 2019</a></blockquote></div>" STORY2 "</article></body>",
             "meth. we are on it");
}

static void test_title_once(void)
{
    char *t = text_of("<html><head><title>Budget vote delayed | The Town Paper</title></head>"
                      "<body><article><h1>Budget vote delayed</h1>" STORY "</article></body>");
    INT_EQ(count(t, "Budget vote delayed"), 0); /* metadata, not body text */
    OK(!strncmp(t, "The council met", 15), "%s", t);
    op_free(t);
    /* a title with a suffix after "_" or a full-width parenthesis: the h1 is the title */
    t = text_of("<html><head><title>Budget vote delayed_News_Town Paper</title></head>"
                "<body><article><h1>Budget vote delayed</h1>" STORY "</article></body>");
    INT_EQ(count(t, "Budget vote delayed"), 0);
    op_free(t);
    /* after a kicker and a picture, as an h2 */
    t = text_of("<html><head><meta property='og:title' content='Budget vote delayed'></head>"
                "<body><article><p>POLITICS</p><figure><img src='a.jpg'></figure><h2>Budget "
                "vote  delayed</h2>" STORY "</article></body>");
    INT_EQ(count(t, "Budget vote delayed"), 0);
    op_free(t);
}

/* --to txt is body text: an image's alt (here a file-name slug) is not part of it. */
static void test_text_skips_alt(void)
{
    const char *page = "<body><article>" STORY "<p><img src='a.jpg' alt='week-2018-flos-01'>"
                       "</p><p>The mayor <img src='b.jpg' alt='portrait'>spoke.</p></article>"
                       "</body>";
    TEXT_LACKS(page, "week-2018");
    TEXT_LACKS(page, "portrait");
    TEXT_HAS(page, "The mayor spoke.");
}

static void test_filter_by_jsonld_body(void)
{
    const char *page =
        "<head><script type='application/ld+json'>{\"@type\":\"NewsArticle\","
        "\"headline\":\"Budget\",\"articleBody\":\"The council met on Monday, for the third "
        "time this month, to discuss the new budget, which has been delayed since spring. "
        "Members argued about schools, roads and parks, and the mayor, who chairs the meeting, "
        "asked for a vote before the end of the week. The vote, if it passes, will release the "
        "money in June, according to the finance office, which published its figures on "
        "Friday.\"}</script></head><body><article>" STORY
        "<p>Win a holiday cruise today with our partner quiz.</p></article></body>";
    TEXT_HAS(page, "The council met");
    TEXT_LACKS(page, "holiday cruise");
}

/*** Images ***/

static char *dump_of(const char *html)
{
    op_doc *doc = parse(html, strlen(html));
    char *d = doc ? op_doc_dump_new(doc) : op_strdup("");
    op_doc_free(doc);
    return d;
}

#define DUMP_HAS(html, part)                                                                       \
    do {                                                                                           \
        char *d_ = dump_of(html);                                                                  \
        OK(strstr(d_, part), "dump lacks [%s]:\n%s", part, d_);                                    \
        op_free(d_);                                                                               \
    } while (0)

static void test_lazy_images(void)
{
    DUMP_HAS("<body><article>" STORY "<img src='data:image/gif;base64,R0' data-src='lazy.jpg'>"
             "</article></body>",
             "url=\"/base/lazy.jpg\"");
    DUMP_HAS("<body><article>" STORY "<img data-srcset='s.jpg 300w, big.jpg 1200w'></article>"
             "</body>",
             "url=\"/base/big.jpg\"");
    DUMP_HAS("<body><article>" STORY "<picture><source srcset='p1.webp 1x, p2.webp 2x'><img>"
             "</picture></article></body>",
             "url=\"/base/p2.webp\"");
    DUMP_HAS("<body><article>" STORY "<noscript><img src='real.jpg'></noscript></article>"
             "</body>",
             "url=\"/base/real.jpg\"");
}

/* MathML keeps its text (scripts as sub/superscripts), not its TeX annotation. */
static void test_mathml_text(void)
{
    const char *page = "<body><article>" STORY "<p>The area is <math><semantics><mrow><mi>&#960;"
                       "</mi><msup><mi>r</mi><mn>2</mn></msup></mrow><annotation encoding="
                       "'application/x-tex'>\\pi r^2</annotation></semantics></math> here.</p>"
                       "<math display='block'><msub><mi>a</mi><mi>k</mi></msub></math>"
                       "</article></body>";
    TEXT_HAS(page, "The area is \xCF\x80r2 here.");
    TEXT_LACKS(page, "pi r^2");
    TEXT_HAS(page, "\n\nak");
    DUMP_HAS(page, "sup\n      text \"2\"");
    DUMP_HAS(page, "sub\n");
}

/* MathML's white space is not text (tokens are trimmed, space between elements ignored),
 * so indented MathML reads as compact MathML does; the linear text spaces relations and
 * infix operators (not a prefix minus, nor operators in scripts), separates table cells
 * and rows, writes fractions with a slash and roots with a radical sign (compound parts in
 * parentheses), and sets under/over scripts as sub/superscripts (accents stay inline). */
static void test_mathml_linear(void)
{
    TEXT_HAS("<body><article>" STORY "<p>It is <math>\n  <mi>\n    ρ\n  </mi>\n  <mi> x </mi>\n"
             "  <mo> − </mo> <mi> y </mi>\n</math>.</p></article></body>",
             "It is \xCF\x81x \xE2\x88\x92 y.");
    TEXT_HAS("<body><article>" STORY "<p>So <math><mi>z</mi><mo>=</mo><mo>\xE2\x88\x92</mo><mi>"
             "\xCE\xB2</mi><mi>z</mi><mo>,</mo><mi>a</mi><mo>=</mo><mn>1</mn></math> holds.</p>"
             "</article></body>",
             "So z = \xE2\x88\x92\xCE\xB2z, a = 1 holds.");
    const char *table = "<body><article>" STORY "<math display='block'><mtable><mtr><mtd><mover>"
                        "<mi>x</mi><mo>\xCB\x99</mo></mover></mtd><mtd><mi></mi><mo>=</mo><mi>y"
                        "</mi></mtd></mtr><mtr><mtd><mi>b</mi></mtd><mtd><mo>=</mo><mn>2</mn>"
                        "</mtd></mtr></mtable></math></article></body>";
    TEXT_HAS(table, "x\xCB\x99 = y b = 2");
    const char *frac = "<body><article>" STORY "<p>Then <math><mi>x</mi><mo>=</mo><mfrac><mrow>"
                       "<mo>\xE2\x88\x92</mo><mi>b</mi><mo>\xC2\xB1</mo><msqrt><msup><mi>b</mi>"
                       "<mn>2</mn></msup><mo>\xE2\x88\x92</mo><mn>4</mn><mi>a</mi><mi>c</mi>"
                       "</msqrt></mrow><mrow><mn>2</mn><mi>a</mi></mrow></mfrac><mo>+</mo>"
                       "<mfrac><mn>1</mn><mi>c</mi></mfrac></math>.</p></article></body>";
    TEXT_HAS(frac, "Then x = (\xE2\x88\x92"
                   "b \xC2\xB1 \xE2\x88\x9A(b2 \xE2\x88\x92 4ac))/(2a) + "
                   "1/c.");
    TEXT_HAS("<body><article>" STORY "<p>Or <math><mfrac><msup><mi>q</mi><mn>2</mn></msup><mrow>"
             "<mo>(</mo><mn>1</mn><mo>-</mo><mi>q</mi><mo>)</mo></mrow></mfrac></math>.</p>"
             "</article></body>",
             "Or q2/(1 - q).");
    const char *sum = "<body><article>" STORY "<p>Sum <math><munderover><mo>\xE2\x88\x91</mo>"
                      "<mrow><mi>k</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover><msub>"
                      "<mi>a</mi><mi>k</mi></msub></math> now.</p></article></body>";
    TEXT_HAS(sum, "Sum \xE2\x88\x91k=1nak now.");
    DUMP_HAS(sum, "sub\n      text \"k=1\"");
    DUMP_HAS(sum, "sup\n      text \"n\"");
}

/*** Metadata ***/

static op_doc *parse_file(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    INT_EQ(op_file_read(path, 1 << 20, &data, &len), OP_OK);
    op_doc *doc = data ? parse(data, len) : NULL;
    op_free(data);
    return doc;
}

static void test_fixture_page(void)
{
    op_doc *doc = parse_file(FIX "news.html");
    if (!doc)
        return;
    /* JSON-LD in @graph beats OpenGraph, Twitter and <meta name=author> */
    STR_EQ(op_doc_get_meta(doc, OP_META_TITLE), "Harbour Bridge Reopens After Repairs");
    STR_EQ(op_doc_get_meta(doc, OP_META_AUTHOR), "Ana Lima, Ben Ode");
    STR_EQ(op_doc_get_meta(doc, OP_META_PUBLISHED), "2021-03-04T09:30:00+01:00");
    STR_EQ(op_doc_get_meta(doc, OP_META_SITE_NAME), "Coastal Gazette");
    STR_EQ(op_doc_get_meta(doc, OP_META_LANG), "en-GB");
    STR_EQ(op_doc_get_meta(doc, OP_META_LEAD_IMAGE), "https://img.example/lead.jpg");
    char *t = op_doc_text_new(doc, NULL);
    OK(strstr(t, "The harbour bridge reopened on Thursday"), "%s", t);
    OK(strstr(t, "ferry will keep its extra crossings"), "%s", t);
    OK(strstr(t, "The bridge at dawn, seen from the north bank."), "%s", t);
    OK(strstr(t, "sensor --read strain"), "%s", t);
    OK(strstr(t, "2020\t4,800,000"), "%s", t);
    static const char *const junk[] = {
        "Share on", "By Ana",          "Updated 4",  "Hidden",    "Most read", "Storm warning",
        "Related",  "Ferry timetable", "Great news", "Copyright", "Sport",     "Leave a"};
    for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++)
        OK(!strstr(t, junk[i]), "has [%s]:\n%s", junk[i], t);
    INT_EQ(count(t, "Harbour Bridge Reopens"), 0); /* in the title block only */
    op_free(t);
    op_doc_free(doc);
}

static const char *meta_of(const char *html, op_meta_field f, char *buf, size_t sz)
{
    op_doc *doc = parse(html, strlen(html));
    const char *v = doc ? op_doc_get_meta(doc, f) : NULL;
    snprintf(buf, sz, "%s", v ? v : "(null)");
    op_doc_free(doc);
    return buf;
}

#define META_EQ(html, f, want)                                                                     \
    do {                                                                                           \
        char b_[256];                                                                              \
        STR_EQ(meta_of(html, f, b_, sizeof b_), want);                                             \
    } while (0)

static void test_meta_precedence(void)
{
    const char *og = "<meta property='og:title' content='OG title'>"
                     "<meta name='twitter:title' content='Tw title'>";
    const char *tw = "<meta name='twitter:title' content='Tw title'>"
                     "<meta name='dc.title' content='DC title'>";
    char page[1024];
    snprintf(page, sizeof page, "<head><title>Doc title</title>%s</head><body>" STORY "</body>",
             og);
    META_EQ(page, OP_META_TITLE, "OG title");
    snprintf(page, sizeof page, "<head><title>Doc title</title>%s</head><body>" STORY "</body>",
             tw);
    META_EQ(page, OP_META_TITLE, "DC title"); /* Dublin Core outranks the share cards */
    META_EQ("<head><meta name='dc.creator' content='Dee Cee'><meta name='author' content='Au'>"
            "</head><body>" STORY "</body>",
            OP_META_AUTHOR, "Dee Cee");
    META_EQ("<body><p class='byline'>By Sam Writer</p>" STORY "</body>", OP_META_AUTHOR,
            "Sam Writer");
    META_EQ("<body><time datetime='2020-02-03'>Feb 3</time>" STORY "</body>", OP_META_PUBLISHED,
            "2020-02-03");
    META_EQ("<head><meta property='article:published_time' content='March 5, 2019'></head>"
            "<body>" STORY "</body>",
            OP_META_PUBLISHED, "2019-03-05");
    META_EQ("<head><script type='application/ld+json'>{\"@type\":[\"BlogPosting\"],"
            "\"headline\":\"Caf\\u00e9 \\\"news\\\"\",\"author\":\"Solo Writer\"}</script>"
            "<meta property='og:title' content='OG'></head><body>" STORY "</body>",
            OP_META_TITLE, "Caf\xC3\xA9 \"news\"");
    /* JSON-LD in a CDATA section; its publisher names the site */
    META_EQ("<head><script type='application/ld+json'><![CDATA[ {\"@type\":\"NewsArticle\","
            "\"headline\":\"LD\",\"publisher\":{\"@type\":\"Organization\",\"name\":\"Pub "
            "Name\"}} ]]></script><meta property='og:site_name' content='OG site - tagline'></head>"
            "<body>" STORY "</body>",
            OP_META_SITE_NAME, "Pub Name");
    /* headline and name differ: the one the <title> shows is the title */
    META_EQ("<head><title>\n      Hermitian matrix - Wikipedia\n    </title><script "
            "type='application/ld+json'>"
            "{\"@type\":\"Article\",\"name\":\"Hermitian matrix\",\"headline\":\"matrix equal to "
            "its conjugate-transpose\"}</script></head><body>" STORY "</body>",
            OP_META_TITLE, "Hermitian matrix");
    META_EQ("<head><title>Budget vote is delayed, says mayor - Town Paper</title><script "
            "type='application/ld+json'>{\"@type\":\"NewsArticle\",\"name\":\"Town Paper\","
            "\"headline\":\"Budget vote delayed\"}</script></head><body>" STORY "</body>",
            OP_META_TITLE, "Budget vote delayed");
    /* the author of a byline element, by its class */
    META_EQ("<body><div class='author-name Fw(b)'>JANE ROE</div>" STORY "</body>", OP_META_AUTHOR,
            "JANE ROE");
    META_EQ("<body><div class='article__author'>By\n\t Scott Writer </div>" STORY "</body>",
            OP_META_AUTHOR, "Scott Writer");
    /* a WebPage object alone does not outrank OpenGraph */
    META_EQ("<head><script type='application/ld+json'>{\"@type\":\"WebPage\",\"name\":\"Page\"}"
            "</script><meta property='og:title' content='OG'></head><body>" STORY "</body>",
            OP_META_TITLE, "OG");
}

static void test_meta_title_suffix(void)
{
    META_EQ("<head><title>Budget vote delayed again | Town Paper</title></head><body>" STORY
            "</body>",
            OP_META_TITLE, "Budget vote delayed again");
    META_EQ("<head><title>Budget vote delayed again - Town Paper</title></head><body>" STORY
            "</body>",
            OP_META_SITE_NAME, "Town Paper");
    /* the h1 is the title without its suffix after a full-width parenthesis */
    META_EQ("<html><head><title>\xE4\xBA\x88\xE7\xAE\x97\xEF\xBC\x88Town Paper\xEF\xBC\x89"
            "</title></head><body><article><h1>\xE4\xBA\x88\xE7\xAE\x97</h1>" STORY
            "</article></body>",
            OP_META_TITLE, "\xE4\xBA\x88\xE7\xAE\x97");
    /* a long "suffix" is part of the title */
    META_EQ("<head><title>Why - and how - the council will vote on the budget</title></head>"
            "<body>" STORY "</body>",
            OP_META_TITLE, "Why - and how - the council will vote on the budget");
    const char *suf;
    size_t sl, keep = extract_title_split("Budget | The Site", "The Site", &suf, &sl);
    INT_EQ(keep, 6);
    INT_EQ(sl, 8);
}

/* RDFa: one property attribute naming several keys, and the "dc:" spelling. */
static void test_meta_property_lists(void)
{
    META_EQ("<head><title>Doc title</title><meta property='x:title dc:title' content='My title'>"
            "</head><body>" STORY "</body>",
            OP_META_TITLE, "My title");
    META_EQ("<head><meta property='dc:creator twitter:site_name' content='Cree Ator'>"
            "<meta name='author' content='Other'></head><body>" STORY "</body>",
            OP_META_AUTHOR, "Cree Ator");
    META_EQ("<head><meta name='parsely-title' content='Parsely title'><title>Doc</title></head>"
            "<body>" STORY "</body>",
            OP_META_TITLE, "Parsely title");
}

/* References escaped twice reach the attribute value as text; "By " is not the name. */
static void test_meta_cleanup(void)
{
    META_EQ("<head><meta property='og:title' content='Anastassiades&amp;#8217; lights &amp;amp; "
            "more'></head><body>" STORY "</body>",
            OP_META_TITLE, "Anastassiades\xE2\x80\x99 lights & more");
    META_EQ("<head><meta name='byl' content='By  Corey Writer'></head><body>" STORY "</body>",
            OP_META_AUTHOR, "Corey Writer");
    META_EQ("<head><meta name='author' content='Bybee Smith'></head><body>" STORY "</body>",
            OP_META_AUTHOR, "Bybee Smith");
    /* a lower-case "suffix" is a subtitle, not a site name */
    META_EQ(
        "<head><title>How we built the task queue - an async framework</title></head><body>" STORY
        "</body>",
        OP_META_TITLE, "How we built the task queue - an async framework");
    META_EQ(
        "<head><title>How we built the task queue - an async framework</title></head><body>" STORY
        "</body>",
        OP_META_SITE_NAME, "(null)");
}

/* Dublin Core describes the document itself and outranks OpenGraph and Twitter (written for
 * share cards) and <meta name=author>; for one key, the RDFa property="dc:title" form
 * outranks name="DC.title", wherever each stands in the page. */
static void test_meta_dublin_core(void)
{
    const char *head = "<head><meta name='title' content='Meta title'>"
                       "<meta name='og:title' content='OG name title'>"
                       "<meta name='DC.title' content='DC name title'>"
                       "<meta property='dc:title' content='DC property title'>"
                       "<meta property='og:title' content='OG property title'>"
                       "<meta name='author' content='Meta author'>"
                       "<meta name='DC.creator' content='DC name author'>"
                       "<meta property='dc:creator' content='DC property author'></head>";
    char page[2048];
    snprintf(page, sizeof page, "%s<body>" STORY "</body>", head);
    META_EQ(page, OP_META_TITLE, "DC property title");
    META_EQ(page, OP_META_AUTHOR, "DC property author");
    /* without Dublin Core: OpenGraph's property form beats its name form */
    META_EQ("<head><meta name='og:title' content='OG name'><meta property='og:title' "
            "content='OG property'><meta name='twitter:title' content='Tw'></head><body>" STORY
            "</body>",
            OP_META_TITLE, "OG property");
}

/* Every schema.org Article type is an article: SocialMediaPosting, DiscussionForumPosting,
 * APIReference as well as (News)Article and BlogPosting. */
static void test_meta_jsonld_types(void)
{
    META_EQ("<head><script type='application/ld+json'>{\"@type\":\"SocialMediaPosting\","
            "\"datePublished\":\"2014-09-02T08:35:27-04:00\",\"headline\":\"Update 1.8\"}"
            "</script><meta property='og:title' content='OG'></head><body>" STORY "</body>",
            OP_META_PUBLISHED, "2014-09-02T08:35:27-04:00");
    META_EQ("<head><script type='application/ld+json'>{\"@type\":\"DiscussionForumPosting\","
            "\"headline\":\"Forum post\"}</script><meta property='og:title' content='OG'></head>"
            "<body>" STORY "</body>",
            OP_META_TITLE, "Forum post");
}

/* An account handle is not a byline: "mcupdate", "@jane", a profile URL. */
static void test_meta_author_handle(void)
{
    META_EQ("<head><script type='application/ld+json'>{\"@type\":\"BlogPosting\","
            "\"author\":\"mcupdate\",\"headline\":\"H\"}</script></head><body>" STORY "</body>",
            OP_META_AUTHOR, "(null)");
    META_EQ("<head><meta name='author' content='jane_doe'><meta name='dc.creator' "
            "content='@jane'></head><body><p class='byline'>By Jane Doe</p>" STORY "</body>",
            OP_META_AUTHOR, "Jane Doe");
    /* one-word names that are names stay */
    META_EQ("<head><meta name='author' content='Madonna'></head><body>" STORY "</body>",
            OP_META_AUTHOR, "Madonna");
    META_EQ("<head><meta name='author' content='\xE5\xB1\xB1\xE7\x94\xB0'></head><body>" STORY
            "</body>",
            OP_META_AUTHOR, "\xE5\xB1\xB1\xE7\x94\xB0");
}

/* A byline element: its text with white space folded (indentation does not make it too
 * long), "Written by" / "Posted by" / "By" dropped, other roles on their own line (editor,
 * photographer) left out. */
static void test_meta_byline_element(void)
{
    META_EQ("<body><article><h1>Monitoring</h1><p class='byline author'>\n"
            "                            Written by Rob Writer<br />\n"
            "                            Edited by Betsy Editor\n"
            "                        </p>" STORY "</article></body>",
            OP_META_AUTHOR, "Rob Writer");
    META_EQ("<body><span class='post-author vcard'>\nPosted by\n<span class='fn'><a rel='author' "
            "href='/p'>\nAndroid Team\n</a></span></span>" STORY "</body>",
            OP_META_AUTHOR, "Android Team");
    META_EQ("<body><div class='byline'>Photographs by Pat Lens<br>By Kim Story</div>" STORY
            "</body>",
            OP_META_AUTHOR, "Kim Story");
    /* the innermost byline elements name the writer; the cue alone names nobody */
    META_EQ("<body><h6 class='byline'><em class='byline__by'>By </em><a href='/a'><span "
            "class='byline__author'>Carrie Writer</span></a></h6><div class='byline-section'>"
            "<span class='author'>Other Name</span><span>Florida Paper</span></div>" STORY
            "</body>",
            OP_META_AUTHOR, "Carrie Writer");
    META_EQ("<body><div class='byline-section'><span class='author'>Elliot Writer</span> "
            "<span class='publication'>Florida Paper</span></div>" STORY "</body>",
            OP_META_AUTHOR, "Elliot Writer");
    /* a commenter's byline is not the article's */
    META_EQ("<body><div class='comments'><div class='byline'>J</div><div class='byline'>Al "
            "Reader</div></div>" STORY "</body>",
            OP_META_AUTHOR, "(null)");
}

/* Bylines and dates that are only text: a line right after the headline ("// By Name • Nov
 * 11, 2020", "Published on 3 May 2021", "Posted by Name"), or a news dateline opening the
 * first paragraph ("April 17, 2015 -- Imagine"). Later text is not searched, and a date
 * marked "Updated" is not the published date. */
static void test_meta_text_byline_date(void)
{
    const char *hero = "<body><h1><span>How we designed the task queue</span></h1>"
                       "<div><span>// By Arun Writer \xE2\x80\xA2 Nov 11, 2020</span></div>"
                       "<article>" STORY "</article></body>";
    META_EQ(hero, OP_META_PUBLISHED, "2020-11-11");
    META_EQ(hero, OP_META_AUTHOR, "Arun Writer");
    META_EQ("<head><title>Budget vote</title></head><body><article><h1>Budget vote</h1>"
            "<p>Published on 3 May 2021</p><p><em>Posted by Andrew Hayden, Software Engineer on "
            "Play</em></p>" STORY "</article></body>",
            OP_META_PUBLISHED, "2021-05-03");
    META_EQ("<head><title>Budget vote</title></head><body><article><h1>Budget vote</h1>"
            "<p>Published on 3 May 2021</p><p><em>Posted by Andrew Hayden, Software Engineer on "
            "Play</em></p>" STORY "</article></body>",
            OP_META_AUTHOR, "Andrew Hayden");
    META_EQ("<body><article><h2>Superbugs</h2><div class='x'>Health News</div>"
            "<p>April 17, 2015 -- Imagine being sick in the hospital with an infection that no "
            "drug can treat, which is what happens to thousands every year.</p>" STORY
            "</article></body>",
            OP_META_PUBLISHED, "2015-04-17");
    /* "Updated" is another date; a date deep in the story is not the article's */
    META_EQ("<body><article><h1>Budget vote</h1><p>Updated May 4, 2021</p>" STORY
            "<p>On May 1, 2021 the mayor spoke.</p><p>By the way, see you.</p></article></body>",
            OP_META_PUBLISHED, "(null)");
    META_EQ("<body><article><h1>Budget vote</h1>" STORY STORY2
            "<p>By Late Name</p></article></body>",
            OP_META_AUTHOR, "(null)");
}

/* The byline nearest the article's start wins: a byline element in a footer or after the
 * story (a blog's "Posted by Blog Team" footer) ranks below the post's own "Posted by" line
 * under the headline, and is used only when nothing else names the writer. */
static void test_meta_byline_nearest(void)
{
    const char *footer_line = "<span class='post-author vcard'>Posted by <a rel='author' "
                              "href='/p'>Paper Team</a></span>";
    char page[4096];
    snprintf(page, sizeof page,
             "<head><title>Budget vote</title></head><body><div class='post'><h3>Budget vote</h3>"
             "<div class='post-body'><p><em>Posted by Andrew Writer, Reporter at Paper</em></p>"
             "%s</div><div class='post-footer-line'>%s</div></div></body>",
             STORY STORY2, footer_line);
    META_EQ(page, OP_META_AUTHOR, "Andrew Writer");
    /* after the story without a footer class: the text between says it is not the start */
    snprintf(page, sizeof page,
             "<head><title>Budget vote</title></head><body><div class='post'><h3>Budget vote</h3>"
             "<p><em>Posted by Andrew Writer</em></p>%s%s</div></body>",
             STORY STORY2, footer_line);
    META_EQ(page, OP_META_AUTHOR, "Andrew Writer");
    /* a <footer> byline is still the writer when nothing else names one */
    snprintf(page, sizeof page,
             "<head><title>Budget vote</title></head><body><article><h1>Budget vote</h1>%s"
             "<footer>%s</footer></article></body>",
             STORY, footer_line);
    META_EQ(page, OP_META_AUTHOR, "Paper Team");
    /* ... but not a site credit in the page footer written as prose, nor a date cue */
    snprintf(page, sizeof page,
             "<head><title>Budget vote</title></head><body><article><h1>Budget vote</h1>%s"
             "</article><footer><div class='author'>Hecho en Bolivia con <a href='/d'>Drupal</a>"
             " por <a href='/s'>Studio</a></div></footer></body>",
             STORY);
    META_EQ(page, OP_META_AUTHOR, "(null)");
    snprintf(page, sizeof page,
             "<head><title>Budget vote</title></head><body><article><h1>Budget vote</h1>%s"
             "<footer><span class='author'>Publiziert am</span> 3. Mai</footer></article></body>",
             STORY);
    META_EQ(page, OP_META_AUTHOR, "(null)");
    /* a byline element right under the headline keeps its rank over a text line */
    META_EQ("<head><title>Budget vote</title></head><body><article><h1>Budget vote</h1>"
            "<div class='byline'>Kim Element</div><p>By Other Line</p>" STORY "</article></body>",
            OP_META_AUTHOR, "Kim Element");
}

/* A byline lists co-authors ("By Jane Doe, John Roe and Ann Poe": all three, joined by ", ");
 * a job title after a comma is not an author ("Jane Doe, Staff Writer"), nor a wire or a
 * paper after a full name ("Jane Doe, Reuters"), which is the credit. */
#define BYLINE_PAGE(line)                                                                          \
    "<head><title>Budget vote</title></head><body><article><h1>Budget vote</h1>" line STORY        \
    "</article></body>"

static void test_meta_byline_authors(void)
{
    static const char *const cases[][3] = {
        /* page, authors, credit */
        {BYLINE_PAGE("<p>By Jane Doe, John Roe and Ann Poe</p>"), "Jane Doe, John Roe, Ann Poe",
         "(null)"},
        {BYLINE_PAGE("<p>By Jane Doe, John Roe, and Ann Poe</p>"), "Jane Doe, John Roe, Ann Poe",
         "(null)"},
        {BYLINE_PAGE("<p>By Ursula von der Leyen &amp; Juan de la Cruz</p>"),
         "Ursula von der Leyen, Juan de la Cruz", "(null)"},
        {BYLINE_PAGE("<p>By Jane Doe, Staff Writer</p>"), "Jane Doe", "(null)"},
        {BYLINE_PAGE("<p>By Jane Doe, Reuters</p>"), "Jane Doe", "Reuters"},
        {BYLINE_PAGE("<p>By Jane Doe and John Roe, The Associated Press</p>"), "Jane Doe, John Roe",
         "The Associated Press"},
        {BYLINE_PAGE("<p>By Jane Doe, March 3, 2020</p>"), "Jane Doe", "(null)"},
        {BYLINE_PAGE("<p class='meta'>By <a class='link'>Matt Writer</a> , <a "
                     "class='link'>Minh Do</a> <span>on Monday</span></p>"),
         "Matt Writer, Minh Do", "(null)"},
        /* the same in a byline element; a wire as the writer is followed by a place */
        {"<body><div class='byline'>By Sandee Writer, CNN</div>" STORY "</body>", "Sandee Writer",
         "CNN"},
        {"<body><div class='byline'><a class='author__name'>PTI, </a><span "
         "class='author__name'>Washington</span></div>" STORY "</body>",
         "PTI", "(null)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        META_EQ(cases[i][0], OP_META_AUTHOR, cases[i][1]);
        META_EQ(cases[i][0], OP_META_CREDIT, cases[i][2]);
    }
    META_EQ(BYLINE_PAGE("<p>By Jane Doe, March 3, 2020</p>"), OP_META_PUBLISHED, "2020-03-03");
}

/* The byline and the date are shown once, by the title block: a block among the first ones
 * that holds only the authors, the credit or the published date (with cues and a time) goes,
 * and a dateline opening the first paragraph is cut from it (its place to the title block);
 * a date that is not the published one, and a name inside a sentence, stay. */
#define DATED_PAGE(head, body)                                                                     \
    "<html><head><title>Budget vote</title>" head                                                  \
    "</head><body><article><h1>Budget vote</h1>" body STORY "</article></body></html>"
#define LEDE "Imagine being sick in the hospital with an infection that no drug can treat."

static void test_byline_date_once(void)
{
    TEXT_LACKS(DATED_PAGE("", "<p>April 17, 2015 -- " LEDE "</p>"), "2015");
    TEXT_HAS(DATED_PAGE("", "<p>April 17, 2015 -- " LEDE "</p>"), "Imagine being sick");
    META_EQ(DATED_PAGE("", "<p>April 17, 2015 -- " LEDE "</p>"), OP_META_PUBLISHED, "2015-04-17");
    const char *placed = DATED_PAGE("<meta property='article:published_time' "
                                    "content='2015-11-03T10:00:00Z'>",
                                    "<p><b>WASHINGTON, Nov. 3, 2015</b> \xE2\x80\x94 " LEDE "</p>");
    TEXT_LACKS(placed, "WASHINGTON");
    TEXT_HAS(placed, "Imagine being sick");
    META_EQ(placed, OP_META_PLACE, "WASHINGTON");
    /* another day than the published one stays */
    TEXT_HAS(DATED_PAGE("<meta property='article:published_time' content='2019-01-01'>",
                        "<p>April 17, 2015 -- " LEDE "</p>"),
             "April 17, 2015 -- Imagine");
    /* lines of nothing but the byline or the date */
    TEXT_LACKS(DATED_PAGE("<meta name='author' content='Staff Reports'>", "<p>Staff Reports</p>"),
               "Staff Reports");
    TEXT_LACKS(DATED_PAGE("<meta name='author' content='Town News'>",
                          "<p>Updated on: November 19, 2019 / 10:07 AM / Town News</p>"),
               "Town News");
    TEXT_LACKS(DATED_PAGE("<meta property='article:published_time' content='2019-02-21'>",
                          "<ul><li>Feb. 21, 2019</li></ul>"),
               "Feb. 21");
    TEXT_LACKS(DATED_PAGE("", "<p>By Jane Doe, John Roe and Ann Poe, Reuters</p>"), "Poe");
    /* a name or a date in a sentence is the story's */
    TEXT_HAS(DATED_PAGE("<meta name='author' content='Jane Doe'>",
                        "<p>Jane Doe spoke to the council.</p>"),
             "Jane Doe spoke");
    TEXT_HAS(DATED_PAGE("<meta property='article:published_time' content='2019-02-21'>",
                        "<p>Feb. 21, 2019 was a cold day.</p>"),
             "Feb. 21, 2019 was");
}

static void test_iso_dates(void)
{
    static const char *const cases[][2] = {
        {"2019-11-19", "2019-11-19"},
        {"2019/11/19", "2019-11-19"},
        {"2019-11-19T08:00:00-05:00", "2019-11-19T08:00:00-05:00"},
        {"2019-11-19 08:00", "2019-11-19T08:00"},
        {"Nov 19, 2019", "2019-11-19"},
        {"November 19, 2019", "2019-11-19"},
        {"Nov. 9, 2019", "2019-11-09"},
        {"19 November 2019", "2019-11-19"},
        {"11/19/2019", "2019-11-19"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *d = extract_iso_date_new(cases[i][0]);
        STR_EQ(d, cases[i][1]);
        op_free(d);
    }
    OK(!extract_iso_date_new("yesterday"), "no date");
    OK(!extract_iso_date_new("2019-13-40"), "bad month");
}

/*** The stages one by one ***/

/* The dump of bytes through op_page_parse, op_extract (unless `raw`) and op_page_to_doc; with
 * op_extract it must be op_read's. Each call out of order is refused. */
static char *staged_dump(const char *src, op_format f, int raw)
{
    op_parse_opts o;
    memset(&o, 0, sizeof o);
    o.format = f;
    o.base_dir = "/base";
    op_page *page = NULL;
    op_doc *doc = NULL, *doc2 = NULL;
    INT_EQ(op_page_parse(src, strlen(src), &o, &page), OP_OK);
    if (!page)
        return op_strdup("");
    INT_EQ(op_page_format(page), f);
    if (!raw) {
        INT_EQ(op_extract(page, NULL), OP_OK);
        INT_EQ(op_extract(page, NULL), OP_ERR_USAGE); /* once */
    }
    INT_EQ(op_page_to_doc(page, &doc), OP_OK);
    INT_EQ(op_page_to_doc(page, &doc2), OP_ERR_USAGE); /* the document went out */
    OK(doc2 == NULL, "no second document");
    INT_EQ(op_extract(page, NULL), OP_ERR_USAGE);
    op_page_free(page);
    char *dump = doc ? op_doc_dump_new(doc) : op_strdup("");
    op_doc_free(doc);
    if (!raw) {
        INT_EQ(op_read(src, strlen(src), &o, NULL, &doc), OP_OK);
        char *once = doc ? op_doc_dump_new(doc) : NULL;
        STR_EQ(once, dump);
        op_free(once);
        op_doc_free(doc);
    }
    return dump;
}

static void test_stages(void)
{
    const char *html = "<html><head><title>Budget vote | The Site</title></head><body>"
                       "<nav><a href=/>Home</a></nav><div class=promo><p>Subscribe now</p></div>"
                       "<article><h1>Budget vote</h1>" STORY "</article></body></html>";
    char *d = staged_dump(html, OP_FORMAT_HTML, 0);
    OK(strstr(d, "meta title \"Budget vote\"") && strstr(d, "meta site_name \"The Site\"") &&
           !strstr(d, "heading") && !strstr(d, "Subscribe"),
       "reader mode: title block metadata, article only:\n%s", d);
    op_free(d);
    d = staged_dump(html, OP_FORMAT_HTML, 1); /* no reader mode: the whole body, no metadata */
    OK(!strstr(d, "meta title") && strstr(d, "heading level=1") && strstr(d, "Subscribe") &&
           !strstr(d, "Home"),
       "without op_extract:\n%s", d);
    op_free(d);
    const char *text = "Budget vote\n\nBy Jane Doe\n\nThe council met on Monday.\n";
    d = staged_dump(text, OP_FORMAT_TEXT, 0);
    OK(strstr(d, "meta title \"Budget vote\"") && strstr(d, "meta author \"Jane Doe\"") &&
           !strstr(d, "By Jane"),
       "text reader mode:\n%s", d);
    op_free(d);
    d = staged_dump(text, OP_FORMAT_TEXT, 1);
    OK(!strstr(d, "meta title") && strstr(d, "text \"Budget vote\"") && strstr(d, "By Jane Doe"),
       "text without op_extract:\n%s", d);
    op_free(d);
    d = staged_dump("---\ntitle: T\n---\n\n# Head\n\nx\n", OP_FORMAT_MARKDOWN, 0);
    OK(strstr(d, "meta title \"T\"") && strstr(d, "heading level=1"), "markdown:\n%s", d);
    op_free(d);
    /* the parse stage fails alone: nothing to free */
    op_parse_opts o;
    memset(&o, 0, sizeof o);
    o.max_size = 4;
    op_page *page = (op_page *)&o;
    INT_EQ(op_page_parse("<p>too long</p>", 15, &o, &page), OP_ERR_LIMIT);
    OK(page == NULL, "no page on failure");
    op_page_free(NULL);
}

/*** Hostile input ***/

static void test_hostile(void)
{
    /* truncated and deeply nested JSON-LD, unterminated strings, bad escapes */
    static const char *const json[] = {"{\"@type\":\"Article\",\"headline\":\"x",
                                       "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
                                       "{\"a\":\"\\u12\"}",
                                       "{\"@type\":\"NewsArticle\",\"author\":{\"name\":",
                                       "}}}]]]",
                                       ""};
    for (size_t i = 0; i < sizeof json / sizeof json[0]; i++) {
        char page[512];
        snprintf(page, sizeof page,
                 "<script type='application/ld+json'>%s</script><body>" STORY "</body>", json[i]);
        char *t = text_of(page);
        OK(strstr(t, "The council met"), "%s", t);
        op_free(t);
    }
    /* many paragraphs and deep nesting stay fast (linear passes) */
    op_buf b;
    op_buf_init(&b, 0);
    for (int i = 0; i < 400; i++)
        op_buf_adds(&b, "<div class='a'>");
    for (int i = 0; i < 20000; i++)
        op_buf_adds(&b, "<p>Some words, and a comma, in a paragraph that is long enough.</p>"
                        "<div><a href='#'>link</a></div>");
    clock_t c0 = clock();
    op_doc *doc = parse(b.data, b.len);
    double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
    OK(doc != NULL, "big page parsed");
    OK(secs < 20, "big page took %.1f s", secs);
    op_doc_free(doc);
    op_buf_free(&b);
}

/* A language guessed from the text for a page that declares none. */
static void lang_is(const char *text, const char *want)
{
    const char *got = op_lang_guess(text, strlen(text));
    OK(want ? got && strcmp(got, want) == 0 : got == NULL, "want %s, got %s for \"%.40s...\"",
       want ? want : "none", got ? got : "none", text);
}

static void test_lang_guess(void)
{
    lang_is("The minister said on Thursday that the two countries would expand their "
            "cooperation in the region, and that talks with the allies were going well. It was "
            "the first visit of its kind, which the press had not expected.",
            "en");
    lang_is("Die Regierung hat am Donnerstag beschlossen, dass die neuen Regeln für alle "
            "Unternehmen gelten. Es ist nicht das erste Mal, dass sich die Minister auf eine "
            "solche Reform einigen, sagte der Sprecher nach der Sitzung im Kanzleramt.",
            "de");
    lang_is("Le gouvernement a annoncé jeudi que les nouvelles règles seront appliquées dans "
            "toutes les entreprises. Ce n'est pas la première fois que les ministres se "
            "mettent d'accord sur une telle réforme, a dit le porte-parole.",
            "fr");
    lang_is("El gobierno anunció el jueves que las nuevas reglas se aplicarán en todas las "
            "empresas del país. No es la primera vez que los ministros se ponen de acuerdo "
            "sobre una reforma como esta, dijo el portavoz después de la reunión.",
            "es");
    lang_is("Правительство объявило в четверг, что новые правила будут действовать для всех "
            "компаний. Это не первый раз, когда министры договорились о такой реформе, и он "
            "сказал, что это было бы только начало.",
            "ru");
    lang_is("국방부는 3일 미국 워싱턴에서 열린 제54차 한미안보협의회의에서 양국 장관이 확장억제 "
            "강화 방안을 논의했다고 밝혔다.",
            "ko");
    lang_is("トレンドマイクロは3月9日、Wi-Fi利用時の通信を暗号化し保護するスマホ・タブレット向けの"
            "セキュリティアプリを発売すると発表した。",
            "ja");
    lang_is("谷歌在2014年收购的人工智能公司开发出一款能够用自己的记忆学习新知识并利用这些知识来回答"
            "问题的计算机。",
            "zh");
    /* no language stands out: placeholder Latin, too little text, numbers */
    lang_is("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
            "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
            "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.",
            NULL);
    lang_is("The end of it.", NULL);
    lang_is("12 34 56 78 90 12 34 56 78 90 12 34 56 78 90 12 34 56 78 90 12 34 56 78", NULL);
    lang_is("", NULL);
    OK(op_lang_guess(NULL, 0) == NULL, "NULL text");
}

/* A declared language the text is clearly not in: a site template's lang="en" around a
 * German article. */
static void recheck_is(const char *text, const char *declared, const char *want)
{
    const char *got = op_lang_recheck(text, strlen(text), declared);
    OK(want ? got && strcmp(got, want) == 0 : got == NULL,
       "declared %s: want %s, got %s for \"%.40s...\"", declared ? declared : "none",
       want ? want : "none", got ? got : "none", text);
}

static void test_lang_recheck(void)
{
    static const char de[] = "Die Regierung hat am Donnerstag beschlossen, dass die neuen Regeln "
                             "für alle Unternehmen in Berlin gelten. Es ist nicht das erste Mal, "
                             "dass sich die Minister auf eine solche Reform einigen, sagte der "
                             "Sprecher nach der Sitzung im Kanzleramt in Berlin.";
    static const char en[] = "The minister said on Thursday that the two countries would expand "
                             "their cooperation in the region, and that talks with the allies "
                             "were going well. It was the first visit of its kind, which the "
                             "press had not expected.";
    recheck_is(de, "en", "de");
    recheck_is(de, "en-US", "de");
    recheck_is(de, "EN_gb", "de");
    recheck_is(de, "de", NULL);
    recheck_is(de, "de-AT", NULL);
    recheck_is(en, "en", NULL);
    recheck_is(en, "de", "en");
    /* English with a German quotation stays English */
    char mixed[1024];
    snprintf(mixed, sizeof mixed, "%s \"Es ist nicht das erste Mal,\" he said.", en);
    recheck_is(mixed, "en", NULL);
    /* Danish and Norwegian share most function words: never one for the other */
    recheck_is("Regeringen har i dag besluttet at de nye regler skal gælde for alle "
               "virksomheder. Det er ikke første gang at ministrene er enige om en sådan "
               "reform, men han sagde at det var en god dag for landet.",
               "no", NULL);
    /* no word list to measure the declared language by, text too short, no tag */
    recheck_is(de, "ja", NULL);
    recheck_is(de, "x", NULL);
    recheck_is(de, "english", NULL);
    recheck_is("Das ist gut.", "en", NULL);
    recheck_is(de, NULL, NULL);
    OK(op_lang_recheck(NULL, 0, "en") == NULL, "NULL text");
}

int main(void)
{
    RUN(test_lang_guess);
    RUN(test_lang_recheck);
    RUN(test_score_picks_story);
    RUN(test_score_text_in_divs);
    RUN(test_score_siblings);
    RUN(test_score_split_sections);
    RUN(test_retry_without_unlikely);
    RUN(test_prune_hidden);
    RUN(test_prune_unlikely);
    RUN(test_clean_share_and_byline);
    RUN(test_clean_dateline);
    RUN(test_clean_related);
    RUN(test_clean_link_heavy_and_forms);
    RUN(test_clean_reference_list);
    RUN(test_clean_noscript_images);
    RUN(test_clean_related_run);
    RUN(test_clean_keeps_structure);
    RUN(test_clean_repeated_captions);
    RUN(test_embedded_posts_kept);
    RUN(test_title_once);
    RUN(test_text_skips_alt);
    RUN(test_filter_by_jsonld_body);
    RUN(test_lazy_images);
    RUN(test_mathml_text);
    RUN(test_mathml_linear);
    RUN(test_fixture_page);
    RUN(test_meta_precedence);
    RUN(test_meta_title_suffix);
    RUN(test_meta_property_lists);
    RUN(test_meta_cleanup);
    RUN(test_meta_dublin_core);
    RUN(test_meta_jsonld_types);
    RUN(test_meta_author_handle);
    RUN(test_meta_byline_element);
    RUN(test_meta_text_byline_date);
    RUN(test_meta_byline_nearest);
    RUN(test_meta_byline_authors);
    RUN(test_byline_date_once);
    RUN(test_iso_dates);
    RUN(test_stages);
    RUN(test_hostile);
    DONE();
}
