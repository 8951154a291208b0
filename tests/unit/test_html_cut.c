/* The parse stage's shortcut (parse/html_cut.c, html_tree.c): a page parsed with script,
 * style and comment content cut out and put back gives the very tree the whole page gives,
 * byte for byte once serialised; the shortcut is taken where it holds and refused where the
 * tree builder reads the page otherwise. Hand-made cases for each tokenizer state, thousands
 * of random pages from the tricky pieces, the fixtures and the fuzz corpus, and
 * OP_TEST_HTML_DIR (every file in it) for a local run over a larger corpus. */
#include "harness.h"

#include "core/core.h"
#include "parse/html_cut.h"
#include "parse/html_tree.h"

#include <dirent.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <string.h>

/* Every node, its namespace, attributes and text, raw (libxml2's serialiser drops what XML
 * cannot hold, such as control characters). */
static void dump_node(op_buf *b, const xmlNode *n, int depth)
{
    for (; n; n = n->next) {
        op_buf_printf(b, "%d %d %s {%s}", depth, (int)n->type, n->name ? (const char *)n->name : "",
                      n->ns && n->ns->href ? (const char *)n->ns->href : "");
        for (const xmlNs *ns = n->nsDef; ns; ns = ns->next)
            op_buf_printf(b, " xmlns=%s", (const char *)ns->href);
        for (const xmlAttr *a = n->properties; a; a = a->next) {
            xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
            op_buf_printf(b, " %s=[%s]", (const char *)a->name, v ? (const char *)v : "");
            xmlFree(v);
        }
        if (n->content)
            op_buf_printf(b, " [%s]", (const char *)n->content);
        op_buf_addc(b, '\n');
        if (n->type == XML_ELEMENT_NODE)
            dump_node(b, n->children, depth + 1);
    }
}

static char *dump_new(xmlDoc *doc)
{
    op_buf b;
    op_buf_init(&b, 0);
    dump_node(&b, doc->children, 0);
    return op_buf_detach(&b, NULL);
}

/* Parses s both ways; 1 when the trees are the same. *used: the cut page's tree was kept. */
static int same_tree(const char *s, size_t len, int *used)
{
    xmlDoc *whole = NULL, *cut = NULL;
    op_status a = parse_html_tree_build(s, len, 512, 0, 0, &whole, NULL);
    op_status b = parse_html_tree_build(s, len, 512, 0, 1, &cut, used);
    int same = a == b && (a != OP_OK || (whole && cut));
    if (same && whole) {
        char *x = dump_new(whole), *y = dump_new(cut);
        same = strcmp(x, y) == 0;
        if (!same)
            fprintf(stderr, "whole page:\n%s\ncut page:\n%s\n", x, y);
        op_free(x);
        op_free(y);
    }
    if (whole)
        xmlFreeDoc(whole);
    if (cut)
        xmlFreeDoc(cut);
    return same;
}

#define PAD  "0123456789abcdefghij"
#define LONG PAD PAD PAD PAD

static void check(const char *html, int want_used)
{
    int used = -1;
    OK(same_tree(html, strlen(html), &used), "trees differ for %s", html);
    if (want_used >= 0)
        OK(used == want_used, "shortcut %s for %s", used ? "taken" : "refused", html);
}

static void test_states(void)
{
    /* plain cases: the shortcut is taken */
    check("<p>a<script>var x = '" PAD "';</script><p>b", 1);
    check("<style>p { color: red } /*" PAD "*/</style><p>x", 1);
    check("<p>a<!-- a comment " PAD " --><p>b", 1);
    check("<script type=\"application/ld+json\">{\"headline\": \"" PAD "\"}</script><p>x", 1);
    check("<SCRIPT>" PAD "</SCRIPT ><p>x", 1);
    check("<script>" PAD "</script/><p>x", 1);
    check("<script>" PAD "</script\tid=x>after", 1);
    check("<script>a = '</scriptx>' + '</scrip>' + '<\\/script>';" PAD "</script>z", 1);
    check("<script>" PAD "</ script></script>y", 1);
    /* escapes: <!-- <script> ... </script> --> keeps going */
    check("<script><!-- " PAD " <script> x </script> y --></script><p>after", 1);
    check("<script><!--" PAD "<script>a</script>b</script>c--></script>d", 1);
    check("<script><!--" PAD "--></script><p>x", 1);
    check("<script><!-" PAD "</script>x", 1);
    check("<script><!--<scripts>" PAD "</script>x", 1);
    check("<script><!--<script " PAD "</script>-->--></script>x", 1);
    check("<script><!--<script>" PAD "<!-- -- --->x</script>y", 1);
    check("<script><!--<script>" PAD "</scriptx>--></script>z", 1);
    check("<script><!--" PAD "-- ></script>x", 1);
    check("<script><!--" PAD "</sCrIpT>x", 1);
    /* comments: every way one ends */
    check("<!-->" PAD "<p>x", -1);
    check("<!--->" PAD "<p>x", -1);
    check("<!--" PAD "--!>x<p>y", 1);
    check("<!--" PAD "---->x", 1);
    check("<!--" PAD "--!-->x", 1);
    check("<!--" PAD "--!x-->y", 1);
    check("<!--" PAD "- -- >-->y", 1);
    check("<!DOCTYPE html><!--" PAD "--><html><!--" PAD "--><body>x</body></html><!--" PAD "-->",
          1);
    /* line ends and characters the input stream replaces */
    check("<script>a\r\nb\rc\n\r\n" PAD "</script>x", 1);
    check("<style>\xC2\x85\xEF\xB7\x90\xEF\xBF\xBE\xF0\x9F\xBF\xBF\x01\x0B " PAD "</style>x", 1);
    check("<script>\xC3\xA9\xE2\x80\x94\xF0\x9F\x98\x80" PAD "</script>x", 1);
    /* attributes that hide '>' */
    check("<script data-x=\"a>b\" src='c>d'>" PAD "</script>x", 1);
    check("<p title=\"<script>\">" PAD "</p><script>" PAD "</script>", 1);
    check("<p x=a>b<!--" PAD "-->", 1);
    /* raw text and RCDATA elements: their content is text, never cut */
    check("<textarea><script>" PAD "</script></textarea>x", -1);
    check("<title><!--" PAD "--></title><p>x", -1);
    check("<xmp><style>" PAD "</style></xmp>", -1);
    check("<iframe><!--" PAD "--></iframe>x", -1);
    check("<noscript><style>" PAD "</style><img src=a.png></noscript>", -1);
    check("<plaintext><script>" PAD "</script>", -1);
    /* foreign content: svg's style and script are elements of their own */
    check("<svg><style>" PAD "</style><script>" PAD "</script></svg><script>" PAD "</script>", -1);
    check("<svg><![CDATA[<script>" PAD "]]></svg>x", -1);
    check("<math><mi><script>" PAD "</script></mi></math>", -1);
    check("<svg><foreignObject><style>" PAD "</style></foreignObject></svg>", -1);
    check("<svg><p><script>" PAD "</script>", -1);
    check("<svg/><script>" PAD "</script>", 1);
    /* long attribute values (SVG outlines, data: URIs): cut and put back */
    check("<p>x<svg viewBox=\"0 0 9 9\"><path d=\"M0 0L" LONG "Z\"/></svg><p>y", 1);
    check("<svg><path fill=red D='M0,0 " LONG "' data-x=\"other " LONG "\"></path></svg>", 1);
    check("<svg><path d=\"M0 0\r\nL1 1\rL2\x01 " LONG "\"/></svg>", 1);
    check("<svg><g><path d=\"M" LONG "\"/><path d=\"L" LONG "\"/></g></svg>", 1);
    check("<img src=\"data:image/png;base64," LONG "\" alt=\"a picture\"><p>x", 1);
    check("<img srcset='a.png 1x, " LONG " 2x'><p>x", 1);
    check("<svg><image xlink:href=\"data:image/png;base64," LONG "\"/></svg>", 1);
    check("<input type=\"" LONG "\"><p>x", 1);
    check("<script src=\"" LONG "\">" PAD "</script>x", 1);
    check("<p title=\"" LONG "\" TITLE=\"" LONG "\">a repeated name", 1);
    check("<svg><path d=\"M0 &amp; " LONG "\"/></svg>", -1);
    check("<svg><path d=M0," LONG "/></svg>", -1);
    check("<p>x</p title=\"" LONG "\">", -1);
    check("<p>x<img src=\"" LONG "\"", -1);
    check("<svg><foreignObject><p><path d=\"M0 " LONG "\"></p></foreignObject></svg>", 1);
    check("<svg><p><path d=\"M0 " LONG "\">broken out</p></svg>", 1);
    check("<math><mi d=\"" LONG "\">x</mi></math>", 1);
    /* formatting elements the tree builder copies share their start tag's values */
    check("<b title=\"" LONG "\"><p>x</b>y</p><p>z", 1);
    check("<a href=\"" LONG "\"><p>one<p>two</a>", 1);
    check("<p><font face=\"" LONG "\"><i>a<p>b", 1);
    check("<textarea title=\"x\"><b title=\"" LONG "\"></textarea>", -1);
    /* the tree builder decides otherwise: the whole page is parsed */
    check("<frameset><script>" PAD "</script></frameset>", -1);
    check("<select><style>" PAD "</style></select>", -1);
    check("<table><script>" PAD "</script><tr><td>x</table>", 1);
    check("<template><script>" PAD "</script><!--" PAD "--></template>", 1);
    check("<head><noscript><style>" PAD "</style></noscript></head>", -1);
    /* the page ends inside */
    check("<script>" PAD, -1);
    check("<script>" PAD "</script", -1);
    check("<!--" PAD "--", -1);
    check("<p>x<script>" PAD "</script><div a=\"", -1);
    check("", -1);
    check("<", -1);
}

/* Random pages from the pieces that decide tokenizer states. */
static void test_random_pages(void)
{
    static const char *const pieces[] = {"<script>",
                                         "</script>",
                                         "<script type=x>",
                                         "</SCRIPT >",
                                         "<style>",
                                         "</style>",
                                         "<!--",
                                         "-->",
                                         "--!>",
                                         "<!-->",
                                         "-",
                                         "--",
                                         "<",
                                         ">",
                                         "</",
                                         "<!",
                                         "<svg>",
                                         "</svg>",
                                         "<math>",
                                         "</math>",
                                         "<textarea>",
                                         "</textarea>",
                                         "<title>",
                                         "</title>",
                                         "<![CDATA[",
                                         "]]>",
                                         "<template>",
                                         "</template>",
                                         "<select>",
                                         "<table>",
                                         "<tr><td>",
                                         "<p>",
                                         "</p>",
                                         "<div a=\"",
                                         "\">",
                                         "'",
                                         "\r\n",
                                         "\r",
                                         "\x01",
                                         "\xC2\x85",
                                         "\xEF\xB7\x90",
                                         "<b>",
                                         "<frameset>",
                                         "<noscript>",
                                         "</noscript>",
                                         "<iframe>",
                                         "</iframe>",
                                         "<xmp>",
                                         "<foreignObject>",
                                         "<mi>",
                                         "<script/>",
                                         "</scriptx>",
                                         "<scripts ",
                                         "/",
                                         "<!DOCTYPE html>",
                                         "<body>",
                                         "</body>",
                                         "</html>",
                                         "<head>",
                                         "<br>",
                                         "text ",
                                         PAD,
                                         PAD PAD,
                                         " ",
                                         "\t",
                                         "\f",
                                         "<path d=\"M0 0 L10 10 20 20 30 " PAD PAD PAD "\">",
                                         "<img src=\"" LONG "\">",
                                         "<img title='" LONG "' title='" PAD "'>",
                                         "<path d='",
                                         "\"/>",
                                         "<path D=\"",
                                         "&amp;"};
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    uint32_t seed = 12345;
    int used_count = 0, runs = 4000;
    op_buf b;
    op_buf_init(&b, 0);
    for (int r = 0; r < runs; r++) {
        op_buf_reset(&b);
        seed = seed * 1103515245u + 12345u;
        int n = 4 + (int)((seed >> 16) % 40);
        for (int k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            op_buf_adds(&b, pieces[(seed >> 16) % npieces]);
        }
        int used = 0;
        int same = same_tree(b.data ? b.data : "", b.len, &used);
        OK(same, "random page %d: %s", r, b.data);
        used_count += used;
        if (!same)
            break;
    }
    op_buf_free(&b);
    OK(used_count > runs / 10, "the shortcut held on only %d of %d pages", used_count, runs);
}

/* Every file in `dir` (recursively) whose name ends in `ext` ("" = every file). */
static int files_cut; /* files whose tree came from the cut page */

static void check_dir(const char *dir, const char *ext, int *files)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char *path = op_path_join(dir, e->d_name);
        size_t n = strlen(e->d_name), m = strlen(ext);
        char *data = NULL;
        size_t len = 0;
        if (op_file_read(path, 64 << 20, &data, &len) == OP_OK) {
            if (n >= m && !strcmp(e->d_name + n - m, ext)) {
                int used;
                OK(same_tree(data, len, &used), "%s", path);
                ++*files;
                files_cut += used;
                if (!used && getenv("OP_TEST_HTML_VERBOSE"))
                    printf("whole page: %s\n", path);
            }
        } else {
            check_dir(path, ext, files);
        }
        op_free(data);
        op_free(path);
    }
    closedir(d);
}

/* The element limit counts start tags outside comments and raw text, before any tree. */
static void test_element_limit(void)
{
    const char *page = "<html><head><title>a <b> c</title></head><body><!-- <i><i> -->"
                       "<p>one<b>two</b></p><script>if (a<b) x();</script></body></html>";
    /* html head title body p b script: 7 start tags */
    xmlDoc *doc = NULL;
    OK(parse_html_tree_build(page, strlen(page), 512, 7, 1, &doc, NULL) == OP_OK && doc,
       "7 elements under a limit of 7");
    xmlFreeDoc(doc);
    doc = NULL;
    OK(parse_html_tree_build(page, strlen(page), 512, 6, 1, &doc, NULL) == OP_ERR_LIMIT && !doc,
       "7 elements over a limit of 6");
    OK(parse_html_tree_build(page, strlen(page), 512, 0, 0, &doc, NULL) == OP_OK && doc,
       "no limit");
    xmlFreeDoc(doc);
}

static void test_files(void)
{
    int files = 0;
    check_dir(OP_TEST_SRC_DIR "/tests/fixtures", ".html", &files);
    check_dir(OP_TEST_SRC_DIR "/tests/fuzz/corpus/html", "", &files);
    OK(files > 20, "only %d files compared", files);
    const char *more = getenv("OP_TEST_HTML_DIR");
    if (more) {
        int n = 0;
        check_dir(more, "", &n);
        printf("%d files of %s compared, %d through the cut page\n", n, more, files_cut);
    }
}

int main(void)
{
    RUN(test_states);
    RUN(test_random_pages);
    RUN(test_element_limit);
    RUN(test_files);
    DONE();
}
