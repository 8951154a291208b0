/* Unit tests for reader mode on pages of kinds it has not been tuned on (issue 16): one test
 * per failure class, on minimal pages written for the test (tests/fixtures/extract/ and
 * inline). Pages with no article at all fail with OP_ERR_NO_ARTICLE; short articles do not. */
#include "harness.h"

#include "core/core.h"
#include "offprint/convert.h"
#include "offprint/export.h"

#define FIX OP_TEST_SRC_DIR "/tests/fixtures/extract/"

/* Article text, enough for the scorer to see a story (each sentence long, with commas). */
#define STORY                                                                                      \
    "<p>The council met on Monday, for the third time this month, to discuss the new budget, "     \
    "which has been delayed since spring.</p>"                                                     \
    "<p>Members argued about schools, roads and parks, and the mayor, who chairs the meeting, "    \
    "asked for a vote before the end of the week.</p>"
#define STORY2                                                                                     \
    "<p>The parks department, which lost two of its staff in the spring, said it would need "      \
    "more money before the summer, and the mayor agreed to look at the figures again.</p>"

typedef struct msgs {
    char last[512];
    int errors;
} msgs;

static void on_diag(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    msgs *s = ud;
    (void)file;
    (void)line;
    if (sev == OP_SEV_ERROR) {
        s->errors++;
        snprintf(s->last, sizeof s->last, "%s", msg);
    }
}

/* Loads a page as op_convert does (reader mode, then the no-article check): the status, the
 * document in *doc (NULL on failure; caller frees), the last error in m. */
static op_status load(const char *path, const char *html, op_doc **doc, msgs *m)
{
    op_diag d = {0};
    d.fn = on_diag;
    d.ud = m;
    memset(m, 0, sizeof *m);
    op_convert_opts o = {0};
    o.to = OP_OUT_TXT;
    o.from = OP_FORMAT_HTML;
    o.diag = &d;
    op_input in = {0};
    in.path = path;
    in.data = html;
    in.len = html ? strlen(html) : 0;
    in.name = html ? "inline.html" : NULL;
    op_status st = op_convert_load(&in, &o, 0, doc);
    if (*doc)
        INT_EQ(op_doc_check(*doc, NULL), 0);
    return st;
}

/* The text of a page that must convert (caller frees). */
static char *text_of(const char *path, const char *html)
{
    op_doc *doc = NULL;
    msgs m;
    op_status st = load(path, html, &doc, &m);
    OK(st == OP_OK, "%s: %s (%s)", path ? path : "inline", op_status_str(st), m.last);
    char *t = doc ? op_doc_text_new(doc, NULL) : op_strdup("");
    op_doc_free(doc);
    return t;
}

static void no_article(const char *path, const char *html)
{
    op_doc *doc = NULL;
    msgs m;
    INT_EQ(load(path, html, &doc, &m), OP_ERR_NO_ARTICLE);
    OK(!doc, "%s: a document came out", path ? path : html);
    INT_EQ(m.errors, 1);
    OK(strstr(m.last, "no article text found"), "%s", m.last);
    op_doc_free(doc);
}

/*** Pages with no article ***/

static void test_no_article_pages(void)
{
    no_article(FIX "no-article-shell.html", NULL);
    no_article(FIX "no-article-login.html", NULL);
    no_article(NULL, "<html><head><title>T</title></head><body></body></html>");
    no_article(NULL, "<body><div id=app>Please wait…</div><script src=app.js></script>");
    STR_EQ(op_status_str(OP_ERR_NO_ARTICLE), "no article text");
}

/* Short articles are articles, scripts and a sign-in box or not. */
static void test_short_articles_kept(void)
{
    char *t = text_of(FIX "short-article-portal.html", NULL);
    OK(strstr(t, "The council voted on Tuesday"), "%s", t);
    OK(strstr(t, "until the work ends in spring."), "%s", t);
    OK(!strstr(t, "Registered office"), "the footer came along:\n%s", t);
    OK(!strstr(t, "All rights reserved"), "the footer came along:\n%s", t);
    op_free(t);
    t = text_of(NULL, "<title>Hi</title><p>Hello.</p>"); /* no scripts, no form: as written */
    OK(strstr(t, "Hello."), "%s", t);
    op_free(t);
    t = text_of(NULL, "<script src=a.js></script><p>The meeting is cancelled.</p>"
                      "<p>It will take place next week instead, at the same time.</p>");
    OK(strstr(t, "next week instead"), "%s", t);
    op_free(t);
}

/*** Tags left unclosed ***/

static void test_unclosed_nav_and_header(void)
{
    char *t = text_of(FIX "unclosed-nav.html", NULL);
    OK(strstr(t, "capital of East Frisia"), "%s", t);
    OK(strstr(t, "drew shipyards and a car factory."), "%s", t);
    OK(!strstr(t, "You are here"), "the breadcrumb came along:\n%s", t);
    op_free(t);
    /* a header that holds one short dek stays a header */
    t = text_of(NULL, "<body><header><h1>Bridge</h1><p>A dek that sums up the story in a line "
                      "or so, and then some more words to make it long.</p></header>"
                      "<article><p>The council voted on Tuesday to close the old bridge for "
                      "repairs from next month, after a long debate.</p><p>Traffic will go "
                      "through the town centre until the work ends in spring, officials "
                      "said.</p></article><footer><p>Copyright</p></footer></body>");
    OK(strstr(t, "The council voted"), "%s", t);
    op_free(t);
}

/*** Comments ***/

/* One comment: an author-and-date line, a paragraph, a reply link. */
#define COMMENT(who, day)                                                                          \
    "<li><div><b>" who "</b> <a href=#c" day ">March " day ", 2021 at 9:15</a></div><p>I have "    \
    "read the figures twice, and the point about the roads is right, but the schools need the "    \
    "money more, as anyone with children here knows.</p><a href='?replytocom=" day "'>Reply</a>"   \
    "</li>"

static void test_comments_longer_than_post(void)
{
    char *t = text_of(FIX "comments-longer.html", NULL);
    OK(strstr(t, "This is an open thread for your questions"), "%s", t);
    OK(strstr(t, "stay on the topic of the budget."), "%s", t);
    static const char *const gone[] = {"following this thread", "consultation documents",
                                       "thoughts on", "Leave a reply", "Reply"};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        OK(!strstr(t, gone[i]), "has [%s]:\n%s", gone[i], t);
    op_free(t);
    /* a thread that is all comments (a forum): nothing else to show, they stay */
    t = text_of(NULL, "<body><ol>" COMMENT("Ann", "3") COMMENT("Bob", "4")
                          COMMENT("Cy", "5") "</ol><form><textarea></textarea></form></body>");
    OK(strstr(t, "the schools need the money more"), "%s", t);
    op_free(t);
    /* a list of dated items without a reply form (an archive, a timeline) stays */
    t = text_of(NULL,
                "<article>" STORY "<ol>" COMMENT("Ann", "3") COMMENT("Bob", "4") "</ol></article>");
    OK(strstr(t, "the schools need the money more"), "%s", t);
    op_free(t);
}

/*** Captions, alt text, legal lines ***/

static void test_captions_and_alt(void)
{
    char *t = text_of(FIX "captions.html", NULL);
    OK(strstr(t, "Tom Reed thaws a pipe under a kitchen sink."), "%s", t);
    OK(strstr(t, "Credit: Ann Lee for the Gazette"), "%s", t);
    op_free(t);
    op_doc *doc = NULL;
    msgs m;
    INT_EQ(load(FIX "captions.html", NULL, &doc, &m), OP_OK);
    char *dump = doc ? op_doc_dump_new(doc) : op_strdup("");
    OK(strstr(dump, "\"The plumber, Tom Reed, at work\""), "%s", dump);
    OK(!strstr(dump, "<em>") && !strstr(dump, "<p>"), "alt text with tags:\n%s", dump);
    op_free(dump);
    op_doc_free(doc);
}

static void test_legal_lines(void)
{
    char *t = text_of(FIX "legal-zh.html", NULL);
    OK(strstr(t, "\xE6\x9C\xAC\xE5\xB8\x82"), "the story is missing:\n%s", t); /* 本市 */
    OK(!strstr(t, "\xC2\xA9"), "the copyright line came along:\n%s", t);
    op_free(t);
    /* a credit with a copyright sign under a picture in the middle of the story stays */
    t = text_of(NULL, "<article>" STORY "<figure><img src=a.jpg alt=''><figcaption>The harbour."
                      " \xC2\xA9 Ann Lee</figcaption></figure>" STORY2 STORY "</article>");
    OK(strstr(t, "\xC2\xA9 Ann Lee"), "%s", t);
    op_free(t);
    /* a sentence with a sign in its middle, at the end, stays */
    t = text_of(NULL, "<article>" STORY STORY2
                      "<p>This is not supposed to be a manifesto\xE2\x84\xA2\xC2\xA9 we just"
                      " like to share what we learned.</p></article>");
    OK(strstr(t, "be a manifesto"), "%s", t);
    op_free(t);
}

int main(void)
{
    RUN(test_no_article_pages);
    RUN(test_short_articles_kept);
    RUN(test_unclosed_nav_and_header);
    RUN(test_comments_longer_than_post);
    RUN(test_captions_and_alt);
    RUN(test_legal_lines);
    DONE();
}
