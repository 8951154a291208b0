/* Unit tests for --keep / --drop (src/extract/select.c): the selector parser (valid and
 * invalid input), the matcher on a small tree, and keep/drop through the HTML parser. */
#include "harness.h"

#include "core/core.h"
#include "extract/extract_int.h"
#include "offprint/export.h"
#include "offprint/convert.h"

#include <libxml/parser.h>
#include <stdlib.h>

#define FIX OP_TEST_SRC_DIR "/tests/fixtures/extract/"

static void test_parse_valid(void)
{
    static const char *const ok[] = {"div",
                                     "*",
                                     ".note",
                                     "#main",
                                     "[hidden]",
                                     "[data-x=y]",
                                     "[data-x = \"a b\"]",
                                     "[data-x='q']",
                                     "div.note.wide#x[role=note]",
                                     "  p ,  .a,#b  ",
                                     "DIV.Note"};
    static const size_t counts[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        op_selector *s = op_selector_new();
        char err[128] = "";
        INT_EQ(op_selector_add(s, ok[i], err, sizeof err), OP_OK);
        OK(op_selector_count(s) == counts[i], "%s: %zu compounds, %s", ok[i], op_selector_count(s),
           err);
        op_selector_free(s);
    }
}

static void test_parse_invalid(void)
{
    static const struct {
        const char *sel, *msg;
    } bad[] = {{"", "empty selector"},
               {"div p", "combinators are not supported"},
               {"div > p", "combinators are not supported"},
               {"a:hover", "pseudo-classes are not supported"},
               {".", "class name expected"},
               {"#", "id expected"},
               {"[", "attribute name expected"},
               {"[x", "']' expected"},
               {"[x=]", "attribute value expected"},
               {"[x=\"a]", "unterminated quoted value"},
               {"[x^=a]", "only [attr] and [attr=value]"},
               {"p,", "empty selector"},
               {",p", "selector expected"},
               {"#a#b", "two ids"},
               {"p!", "unexpected character"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        op_selector *s = op_selector_new();
        INT_EQ(op_selector_add(s, "p", NULL, 0), OP_OK);
        char err[128] = "";
        INT_EQ(op_selector_add(s, bad[i].sel, err, sizeof err), OP_ERR_USAGE);
        OK(strstr(err, bad[i].msg), "[%s]: got \"%s\", want \"%s\"", bad[i].sel, err, bad[i].msg);
        INT_EQ(op_selector_count(s), 1); /* a failed add leaves the list as it was */
        op_selector_free(s);
    }
}

static void test_match(void)
{
    const char html[] = "<div id=\"main\" class=\"post  wide\" data-x=\"y\" hidden=\"\">"
                        "<p class=\"note\">x</p></div>";
    xmlDoc *d = xmlReadMemory(html, (int)sizeof html - 1, NULL, "utf-8", XML_PARSE_NONET);
    xmlNode *div = xmlDocGetRootElement(d);
    xmlNode *p = div->children;
    static const struct {
        const char *sel;
        int div, p;
    } cases[] = {{"div", 1, 0},          {"*", 1, 1},          {".post", 1, 0},
                 {".wide.post", 1, 0},   {".pos", 0, 0},       {"#main", 1, 0},
                 {"div#main", 1, 0},     {"p#main", 0, 0},     {"[hidden]", 1, 0},
                 {"[data-x=y]", 1, 0},   {"[data-x=z]", 0, 0}, {"DIV", 1, 0},
                 {".note, #main", 1, 1}, {".Post", 0, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        op_selector *s = op_selector_new();
        INT_EQ(op_selector_add(s, cases[i].sel, NULL, 0), OP_OK);
        OK(extract_select_match(s, div) == cases[i].div, "%s on div", cases[i].sel);
        OK(extract_select_match(s, p) == cases[i].p, "%s on p", cases[i].sel);
        op_selector_free(s);
    }
    xmlFreeDoc(d);
}

/* The --to txt text of the keep fixture with the given selectors (caller frees). */
static char *text_with(const char *keep, const char *drop)
{
    char *data = NULL;
    size_t len = 0;
    INT_EQ(op_file_read(FIX "keep.html", 0, &data, &len), OP_OK);
    op_selector *k = op_selector_new(), *d = op_selector_new();
    if (keep)
        INT_EQ(op_selector_add(k, keep, NULL, 0), OP_OK);
    if (drop)
        INT_EQ(op_selector_add(d, drop, NULL, 0), OP_OK);
    op_extract_opts xo = {0};
    xo.keep = k;
    xo.drop = d;
    op_parse_opts o = {0};
    o.format = OP_FORMAT_HTML;
    op_doc *doc = NULL;
    INT_EQ(op_read(data, len, &o, &xo, &doc), OP_OK);
    if (doc)
        INT_EQ(op_doc_check(doc, NULL), 0);
    char *t = doc ? op_doc_text_new(doc, NULL) : op_strdup("");
    op_doc_free(doc);
    op_selector_free(k);
    op_selector_free(d);
    op_free(data);
    return t;
}

static void test_keep_drop(void)
{
    char *t = text_with(NULL, NULL);
    OK(!strstr(t, "Editor's note") && !strstr(t, "Share this") && !strstr(t, "Fact box"),
       "heuristics alone: %s", t);
    OK(strstr(t, "Visitors can watch"), "%s", t);
    op_free(t);
    /* --keep: an aside inside the article, a share widget, a sidebar paragraph outside */
    t = text_with("aside.note, [class=share-tools], .fact", NULL);
    OK(strstr(t, "Editor's note: the trust is a charity."), "%s", t);
    OK(strstr(t, "Share this on social media"), "%s", t);
    OK(strstr(t, "Fact box: the mill wheel"), "%s", t);
    const char *a = strstr(t, "The old tide mill"), *b = strstr(t, "Editor's note"),
               *c = strstr(t, "The mill, which first");
    OK(a && b && c && a < b && b < c, "kept aside stays in place: %s", t);
    op_free(t);
    /* --drop removes a paragraph the heuristics keep */
    t = text_with(NULL, "p.later");
    OK(!strstr(t, "Visitors can watch"), "%s", t);
    OK(strstr(t, "The old tide mill"), "%s", t);
    op_free(t);
    /* --keep of the article's container keeps all of it, --drop wins over nothing else */
    t = text_with("#main", "p.later");
    OK(strstr(t, "Editor's note") && strstr(t, "Share this") && !strstr(t, "Visitors"), "%s", t);
    op_free(t);
}

int main(void)
{
    RUN(test_parse_valid);
    RUN(test_parse_invalid);
    RUN(test_match);
    RUN(test_keep_drop);
    DONE();
}
