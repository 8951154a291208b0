/* Archive readers (src/batch/import_*.c) over the fixtures in tests/fixtures/imports/: what
 * each export's entries become, sniffing that tells the CSV exports apart, the RFC 4180
 * reader, the zip caps, and truncated or garbled files (no crash, a clear status). */
#include "batch/batch_int.h"
#include "batch/csv.h"
#include "batch/import.h"
#include "harness.h"
#include "offprint/parse.h"

#include <stdlib.h>
#include <unistd.h>

#define FIX     OP_TEST_SRC_DIR "/tests/fixtures/imports/"
#define MAX_GOT 64

typedef struct got {
    batch_item *items[MAX_GOT];
    size_t n, seen;
    size_t stop_after; /* 0 = never */
} got;

static op_status collect(void *ud, batch_item *it)
{
    got *g = ud;
    g->seen++;
    if (g->n < MAX_GOT)
        g->items[g->n++] = it;
    else
        batch_item_free(it);
    return g->stop_after && g->seen >= g->stop_after ? OP_ERR_USAGE : OP_OK;
}

/* What a reader said: errors counted, the first one kept with its file. */
typedef struct said {
    int errors;
    char first[512], file[512];
} said;

static void say(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    said *s = ud;
    (void)line;
    if (sev != OP_SEV_ERROR)
        return;
    if (s->errors++ == 0) {
        snprintf(s->first, sizeof s->first, "%s", msg);
        snprintf(s->file, sizeof s->file, "%s", file ? file : "");
    }
}

static void got_free(got *g)
{
    for (size_t i = 0; i < g->n; i++)
        batch_item_free(g->items[i]);
    memset(g, 0, sizeof *g);
}

/* The reader the runner would pick for the file at path (its first BATCH_SNIFF_HEAD bytes,
 * single-page readers included), or NULL; the head into head[BATCH_SNIFF_HEAD], *n its size. */
static const batch_reader *sniff_file(const char *path, char *head, size_t *n)
{
    FILE *f = fopen(path, "rb");
    *n = f ? fread(head, 1, BATCH_SNIFF_HEAD, f) : 0;
    if (f)
        fclose(f);
    return f ? batch_reader_sniff(path, head, *n, 0) : NULL;
}

static op_status run(const batch_reader *r, const char *path, got *g, op_diag *d)
{
    memset(g, 0, sizeof *g);
    return r->read(path, NULL, collect, g, d);
}

static int has_tag(const batch_item *it, const char *tag)
{
    for (size_t i = 0; i < it->ntags; i++)
        if (!strcmp(it->tags[i], tag))
            return 1;
    return 0;
}

#define NULL_EQ(p) OK((p) == NULL, "%s is \"%s\"", #p, (p) ? (const char *)(p) : "")

/*** CSV ***/

static void test_csv(void)
{
    const char *s = "\xEF\xBB\xBF"
                    "a,B , c\r\n"
                    "1,\"x, \"\"y\"\"\",\"two\r\nlines\"\r\n"
                    "\r\n"
                    "2,,\n"
                    "3,unquoted \"mid\",last";
    csv *c = csv_new_mem(s, strlen(s));
    int more;
    INT_EQ(csv_read_header(c), OP_OK);
    INT_EQ(csv_column(c, "A"), 0);
    INT_EQ(csv_column(c, "b"), 1);
    INT_EQ(csv_column(c, "c"), 2);
    INT_EQ(csv_column(c, "d"), -1);
    INT_EQ(csv_next(c, &more), OP_OK);
    INT_EQ(more, 1);
    STR_EQ(csv_get(c, 1), "x, \"y\"");
    STR_EQ(csv_get(c, 2), "two\r\nlines");
    INT_EQ(csv_line(c), 2);
    INT_EQ(csv_next(c, &more), OP_OK);
    INT_EQ(csv_line(c), 5); /* the blank line skipped, the one inside quotes counted */
    INT_EQ(csv_count(c), 3);
    STR_EQ(csv_get(c, 1), "");
    NULL_EQ(csv_get(c, 3));
    INT_EQ(csv_next(c, &more), OP_OK);
    STR_EQ(csv_get(c, 1), "unquoted \"mid\"");
    STR_EQ(csv_get(c, 2), "last");
    INT_EQ(csv_next(c, &more), OP_OK);
    INT_EQ(more, 0);
    csv_free(c);

    const char *bad = "a,b\n1,\"never closed\n2,3\n";
    c = csv_new_mem(bad, strlen(bad));
    INT_EQ(csv_read_header(c), OP_OK);
    INT_EQ(csv_next(c, &more), OP_ERR_PARSE);
    INT_EQ(csv_line(c), 2);
    csv_free(c);

    c = csv_new_mem("", 0);
    INT_EQ(csv_read_header(c), OP_ERR_PARSE);
    csv_free(c);

    char *wide = malloc(3 * CSV_MAX_FIELDS + 10); /* too many fields */
    size_t n = 0;
    for (int i = 0; i < CSV_MAX_FIELDS + 5; i++)
        n += (size_t)sprintf(wide + n, "x,");
    c = csv_new_mem(wide, n);
    INT_EQ(csv_next(c, &more), OP_ERR_LIMIT);
    csv_free(c);
    free(wide);
}

/*** Pocket ***/

static void test_pocket_csv(void)
{
    got g;
    INT_EQ(run(&batch_reader_pocket, FIX "pocket.csv", &g, NULL), OP_OK);
    INT_EQ(g.n, 4);
    if (g.n < 4)
        return;
    batch_item *a = g.items[0];
    STR_EQ(a->format, "pocket");
    STR_EQ(a->title, "Slow reading, and why it matters");
    STR_EQ(a->url, "https://example.org/slow-reading");
    STR_EQ(a->id, a->url);
    STR_EQ(a->source, "pocket.csv:2");
    INT_EQ(a->saved, 1528207224);
    INT_EQ(a->published, -1);
    INT_EQ(a->ntags, 2);
    OK(has_tag(a, "reading") && has_tag(a, "essays"), "tags split at |");
    STR_EQ(a->state, "unread");
    NULL_EQ(a->data);
    NULL_EQ(a->path);
    STR_EQ(g.items[1]->title, "The \"quiet\" web");
    STR_EQ(g.items[1]->state, "archive");
    INT_EQ(g.items[1]->ntags, 0);
    STR_EQ(g.items[2]->title, "Two\nlines");
    STR_EQ(g.items[3]->source, "pocket.csv:6");
    NULL_EQ(g.items[3]->title); /* Pocket writes the URL when there is no title */
    got_free(&g);
}

/* Columns are found by name: the same export with its columns in another order and one
 * more, unknown, column reads the same. */
static void test_csv_by_name(void)
{
    char tmp[] = "/tmp/op_import_csv_XXXXXX";
    int fd = mkstemp(tmp);
    OK(fd >= 0, "temp file");
    if (fd < 0)
        return;
    const char *csv_text = "status,Tags,extra,TIME_ADDED,url,title\n"
                           "archive,x|y,zzz,1528207224,https://example.org/moved,Moved around\n";
    OK(write(fd, csv_text, strlen(csv_text)) == (ssize_t)strlen(csv_text), "write");
    close(fd);
    got g;
    INT_EQ(run(&batch_reader_pocket, tmp, &g, NULL), OP_OK);
    INT_EQ(g.n, 1);
    if (g.n == 1) {
        STR_EQ(g.items[0]->url, "https://example.org/moved");
        STR_EQ(g.items[0]->title, "Moved around");
        STR_EQ(g.items[0]->state, "archive");
        INT_EQ(g.items[0]->saved, 1528207224);
        OK(has_tag(g.items[0], "x") && has_tag(g.items[0], "y"), "tags");
    }
    got_free(&g);
    char head[BATCH_SNIFF_HEAD];
    size_t n;
    OK(sniff_file(tmp, head, &n) == &batch_reader_pocket, "sniffed by names, not order");
    /* a CSV of links that is no known export is nobody's */
    FILE *f = fopen(tmp, "w");
    fputs("title,url\nA,https://example.org/a\n", f);
    fclose(f);
    OK(sniff_file(tmp, head, &n) == NULL, "a plain title,url CSV is not claimed");
    unlink(tmp);
}

static void test_pocket_zip(void)
{
    got g;
    op_diag d = {0};
    INT_EQ(run(&batch_reader_pocket, FIX "pocket.zip", &g, &d), OP_OK);
    INT_EQ(g.n, 3); /* ../part_000002.csv is never read */
    if (g.n < 3)
        return;
    STR_EQ(g.items[0]->url, "https://example.org/p0-a"); /* part 0 first, though stored second */
    STR_EQ(g.items[0]->source, "pocket.zip:part_000000.csv:2");
    OK(has_tag(g.items[0], "a") && has_tag(g.items[0], "b"), "tags");
    STR_EQ(g.items[1]->title, "Second, of part zero");
    STR_EQ(g.items[1]->state, "archive");
    STR_EQ(g.items[2]->url, "https://example.org/p1-a");
    INT_EQ(g.items[2]->saved, 1528207400);
    INT_EQ(g.items[2]->ntags, 0);
    got_free(&g);

    /* 8 MB of 2 KB rows deflated 625:1: stopped at the ratio cap (13 KB x 200), not read to
     * the end, with one error naming the entry and the limit; no "CSV: read error" */
    said s = {0};
    op_diag sd = {.fn = say, .ud = &s};
    INT_EQ(run(&batch_reader_pocket, FIX "bomb_wide.zip", &g, &sd), OP_ERR_LIMIT);
    OK(g.seen > 500 && g.seen < 2000, "%zu items before the cap", g.seen);
    INT_EQ(s.errors, 1);
    OK(strstr(s.first, "part_000000.csv expands to more than 200 times its compressed size, "
                       "over the zip expansion limit of 200:1") != NULL,
       "the error: %s", s.first);
    STR_EQ(s.file, FIX "bomb_wide.zip");
    got_free(&g);

    /* the caps the runner passes on: a ratio of 1000 reads all 8 MB; an entry cap under the
     * declared size refuses the entry unopened, as an error */
    batch_caps wide = {0, 1000, 0};
    memset(&g, 0, sizeof g);
    memset(&s, 0, sizeof s);
    INT_EQ(batch_reader_pocket.read(FIX "bomb_wide.zip", &wide, collect, &g, &sd), OP_OK);
    OK(g.seen > 3000, "%zu items read whole", g.seen);
    INT_EQ(s.errors, 0);
    got_free(&g);
    batch_caps small = {1u << 20, 1000, 0};
    memset(&g, 0, sizeof g);
    memset(&s, 0, sizeof s);
    OK(batch_reader_pocket.read(FIX "bomb_wide.zip", &small, collect, &g, &sd) != OP_OK, "refused");
    INT_EQ(g.seen, 0);
    INT_EQ(s.errors, 1);
    OK(strstr(s.first, "part_000000.csv: 8112021 bytes, over the limit of 1 MB "
                       "(--max-zip-entry)") != NULL,
       "the error: %s", s.first);
    got_free(&g);
}

static void test_pocket_html(void)
{
    got g;
    INT_EQ(run(&batch_reader_pocket, FIX "ril_export.htm", &g, NULL), OP_OK);
    INT_EQ(g.n, 3);
    if (g.n < 3)
        return;
    STR_EQ(g.items[0]->title, "A long read & a short one");
    STR_EQ(g.items[0]->url, "https://example.org/long-read");
    INT_EQ(g.items[0]->saved, 1528207224);
    OK(has_tag(g.items[0], "longform") && has_tag(g.items[0], "science"), "tags");
    STR_EQ(g.items[0]->state, "unread");
    NULL_EQ(g.items[1]->title);
    STR_EQ(g.items[2]->state, "archive"); /* under "Read Archive" */
    STR_EQ(g.items[2]->source, "ril_export.htm:link 3");
    got_free(&g);
}

/*** Instapaper ***/

static void test_instapaper(void)
{
    got g;
    INT_EQ(run(&batch_reader_instapaper, FIX "instapaper_old.csv", &g, NULL), OP_OK);
    INT_EQ(g.n, 3);
    if (g.n == 3) {
        STR_EQ(g.items[0]->title, "Title, with comma");
        STR_EQ(g.items[0]->excerpt, "A selected \"passage\"\nover two lines");
        STR_EQ(g.items[0]->state, "unread");
        NULL_EQ(g.items[0]->folder);
        INT_EQ(g.items[0]->saved, -1);
        STR_EQ(g.items[1]->state, "archive");
        STR_EQ(g.items[2]->folder, "Recipes");
        STR_EQ(g.items[2]->state, "unread");
    }
    got_free(&g);

    INT_EQ(run(&batch_reader_instapaper, FIX "instapaper.csv", &g, NULL), OP_OK);
    INT_EQ(g.n, 3);
    if (g.n == 3) {
        INT_EQ(g.items[0]->saved, 1700000000);
        INT_EQ(g.items[0]->ntags, 2);
        OK(has_tag(g.items[0], "news") && has_tag(g.items[0], "to read"), "JSON tags");
        INT_EQ(g.items[1]->ntags, 0);
        STR_EQ(g.items[1]->folder, "Starred");
        OK(has_tag(g.items[2], "a, b"), "a comma inside a JSON tag");
        STR_EQ(g.items[2]->excerpt, "Some text");
    }
    got_free(&g);

    INT_EQ(run(&batch_reader_instapaper, FIX "instapaper.htm", &g, NULL), OP_OK);
    INT_EQ(g.n, 3);
    if (g.n == 3) {
        STR_EQ(g.items[0]->title, "One <unread>");
        STR_EQ(g.items[0]->state, "unread");
        STR_EQ(g.items[1]->state, "archive");
        STR_EQ(g.items[2]->folder, "Cooking");
    }
    got_free(&g);
}

/*** Readwise, Raindrop ***/

static void test_readwise(void)
{
    got g;
    INT_EQ(run(&batch_reader_readwise, FIX "readwise.csv", &g, NULL), OP_OK);
    INT_EQ(g.n, 3);
    if (g.n == 3) {
        STR_EQ(g.items[0]->title, "On Gardens");
        OK(has_tag(g.items[0], "garden") && has_tag(g.items[0], "slow living"), "python tags");
        INT_EQ(g.items[0]->ntags, 2);
        INT_EQ(g.items[0]->saved, 1704449472);
        STR_EQ(g.items[0]->state, "unread"); /* later */
        STR_EQ(g.items[1]->title, "It's \"done\"");
        STR_EQ(g.items[1]->state, "archive");
        INT_EQ(g.items[1]->ntags, 0);
        NULL_EQ(g.items[2]->state);
        STR_EQ(g.items[2]->folder, "feed");
        INT_EQ(g.items[2]->saved, 1709247600);
        OK(has_tag(g.items[2], "quoted"), "double-quoted tag");
    }
    got_free(&g);
}

static void test_raindrop(void)
{
    got g;
    INT_EQ(run(&batch_reader_raindrop, FIX "raindrop.csv", &g, NULL), OP_OK);
    INT_EQ(g.n, 2);
    if (g.n == 2) {
        STR_EQ(g.items[0]->title, "Photography basics");
        STR_EQ(g.items[0]->excerpt, "An excerpt, with a comma");
        STR_EQ(g.items[0]->folder, "Hobbies");
        OK(has_tag(g.items[0], "photo") && has_tag(g.items[0], "learning"), "tags");
        INT_EQ(g.items[0]->saved, 1680689472);
        NULL_EQ(g.items[0]->state);
        STR_EQ(g.items[1]->excerpt, "only a note"); /* the note when there is no excerpt */
    }
    got_free(&g);
}

/*** JSON exports ***/

static void test_wallabag(void)
{
    got g;
    op_diag d = {0};
    INT_EQ(run(&batch_reader_wallabag, FIX "wallabag.json", &g, &d), OP_OK);
    INT_EQ(g.n, 2);
    INT_EQ(d.warnings, 1); /* "not an object" */
    if (g.n < 2)
        return;
    batch_item *a = g.items[0];
    STR_EQ(a->title, "Tides explained");
    OK(a->data && strstr(a->data, "The moon pulls.") && a->len == strlen(a->data), "content");
    STR_EQ(a->author, "Ann Author, Bo Writer");
    STR_EQ(a->site, "example.org");
    INT_EQ(a->saved, 1673515230); /* 2023-01-12T10:20:30+0100 */
    INT_EQ(a->published, 1672527600);
    STR_EQ(a->state, "archive");
    OK(has_tag(a, "science") && has_tag(a, "long read"), "string tags");
    STR_EQ(a->source, "wallabag.json:entry 1 id 11");
    batch_item *b = g.items[1];
    NULL_EQ(b->data); /* empty content: URL only */
    STR_EQ(b->state, "unread");
    STR_EQ(b->folder, "starred");
    OK(has_tag(b, "label-object"), "tag objects with a label");
    INT_EQ(b->saved, 1675202400);
    NULL_EQ(b->author);
    got_free(&g);
}

static void test_karakeep(void)
{
    got g;
    op_diag d = {0};
    INT_EQ(run(&batch_reader_karakeep, FIX "karakeep.json", &g, &d), OP_OK);
    INT_EQ(g.n, 2);
    INT_EQ(d.warnings, 1); /* the asset */
    if (g.n < 2)
        return;
    STR_EQ(g.items[0]->url, "https://example.org/linked");
    STR_EQ(g.items[0]->excerpt, "worth it");
    INT_EQ(g.items[0]->saved, 1700000000);
    NULL_EQ(g.items[0]->state);
    NULL_EQ(g.items[1]->url);
    OK(g.items[1]->data && !strncmp(g.items[1]->data, "A note kept", 11), "inline text");
    STR_EQ(g.items[1]->id, "bookmark 2");
    STR_EQ(g.items[1]->state, "archive");
    got_free(&g);
}

static void test_omnivore(void)
{
    got g;
    op_diag d = {0};
    INT_EQ(run(&batch_reader_omnivore, FIX "omnivore.zip", &g, &d), OP_OK);
    INT_EQ(g.n, 4); /* the deleted one left out */
    if (g.n < 4)
        return;
    batch_item *a = g.items[0];
    STR_EQ(a->title, "First article");
    STR_EQ(a->author, "Cy Author");
    STR_EQ(a->excerpt, "About the first");
    STR_EQ(a->id, "https://example.org/first");
    OK(a->data && strstr(a->data, "Body with") && a->len == strlen(a->data), "page attached");
    NULL_EQ(a->base_dir);
    STR_EQ(a->state, "unread");
    INT_EQ(a->saved, 1714557600);
    INT_EQ(a->published, 1714464000);
    OK(has_tag(a, "one") && has_tag(a, "two"), "labels");
    STR_EQ(a->source, "omnivore.zip:metadata_0_to_3.json:1");
    NULL_EQ(g.items[1]->data); /* no content/missing-page.html: URL only */
    STR_EQ(g.items[1]->state, "archive");
    OK(has_tag(g.items[1], "obj"), "label objects");
    NULL_EQ(g.items[2]->data);                         /* "../../etc/passwd" never looked up */
    STR_EQ(g.items[3]->title, "From the second file"); /* metadata_4_to_5 after metadata_0_to_3 */
    OK(g.items[3]->data && !strcmp(g.items[3]->data, "<p>Second</p>"), "second page");
    STR_EQ(g.items[3]->state, "archive");
    got_free(&g);
}

/*** Bookmarks ***/

static void test_bookmarks(void)
{
    got g;
    op_diag d = {0};
    INT_EQ(run(&batch_reader_bookmarks, FIX "bookmarks.htm", &g, &d), OP_OK);
    INT_EQ(g.n, 4); /* the bookmarklet left out */
    if (g.n < 4)
        return;
    batch_item *a = g.items[0];
    STR_EQ(a->url, "https://example.org/essay?a=1&b=2");
    STR_EQ(a->title, "An essay & notes");
    STR_EQ(a->folder, "Bookmarks bar");
    STR_EQ(a->excerpt, "What I thought of it");
    INT_EQ(a->saved, 1600000100);
    OK(has_tag(a, "essays") && has_tag(a, "to read"), "tags");
    STR_EQ(g.items[1]->folder, "Bookmarks bar/Reading");
    NULL_EQ(g.items[1]->excerpt);
    STR_EQ(g.items[2]->folder, "Bookmarks bar"); /* back out of the subfolder */
    STR_EQ(g.items[2]->source, "bookmarks.htm:link 4");
    NULL_EQ(g.items[3]->folder);
    STR_EQ(g.items[3]->url, "http://example.com/top");
    got_free(&g);
}

/*** Feeds ***/

static void test_rss(void)
{
    got g;
    op_diag d = {0};
    INT_EQ(run(&batch_reader_rss, FIX "rss.xml", &g, &d), OP_OK);
    INT_EQ(g.n, 3);
    if (g.n < 3)
        return;
    batch_item *a = g.items[0];
    STR_EQ(a->format, "rss");
    STR_EQ(a->title, "Full post & more");
    STR_EQ(a->url, "https://blog.example.org/full");
    STR_EQ(a->id, a->url);
    STR_EQ(a->author, "Dee Writer");
    STR_EQ(a->folder, "Example Notes");
    INT_EQ(a->published, 1054633161);
    OK(has_tag(a, "notes") && has_tag(a, "web"), "categories");
    OK(a->data &&
           !strncmp(a->data, "<!DOCTYPE html>\n<base href=\"https://blog.example.org/full\">\n",
                    60) &&
           strstr(a->data, "<img src=\"img/a.png\">") && a->len == strlen(a->data),
       "content:encoded with a base: %s", a->data ? a->data : "");
    /* an entry's content is read as HTML whatever it starts with (was: "<base href=...>"
     * sniffed as a text dump, its first line the title) */
    INT_EQ(op_sniff_format(a->data, a->len, NULL), OP_FORMAT_HTML);
    STR_EQ(a->excerpt, "Short summary of the full post.");
    STR_EQ(a->source, "rss.xml:item 1");
    batch_item *b = g.items[1];
    NULL_EQ(b->data); /* a teaser: URL only */
    STR_EQ(b->excerpt, "Just a teaser.");
    INT_EQ(b->published, 1054717200);
    batch_item *c = g.items[2];
    STR_EQ(c->url, "https://blog.example.org/long"); /* the permalink guid */
    OK(c->data && strstr(c->data, "<p>This description"), "a long description is the article");
    NULL_EQ(c->excerpt);
    got_free(&g);
}

static void test_atom(void)
{
    got g;
    op_diag d = {0};
    INT_EQ(run(&batch_reader_atom, FIX "atom.xml", &g, &d), OP_OK);
    INT_EQ(g.n, 4);
    if (g.n < 4)
        return;
    batch_item *a = g.items[0];
    STR_EQ(a->format, "atom");
    STR_EQ(a->url, "https://atom.example.net/blog/posts/html"); /* xml:base, rel=edit ignored */
    STR_EQ(a->author, "Ed Author, Flo Author");
    STR_EQ(a->folder, "Atom Example");
    INT_EQ(a->published, 1709110800);
    STR_EQ(a->excerpt, "An html & summary");
    OK(a->data &&
           !strcmp(a->data, "<!DOCTYPE html>\n<base href=\"https://cdn.example.net/media/\">\n"
                            "<p>Hello <img src=\"pic.png\"></p>"),
       "html content under its own xml:base: %s", a->data ? a->data : "");
    OK(has_tag(a, "atom"), "category term");
    batch_item *b = g.items[1];
    STR_EQ(b->url, "https://atom.example.net/blog/posts/xhtml");
    OK(b->data && strstr(b->data, "<p>Para <b>bold</b> &amp; more</p>"), "xhtml: %s",
       b->data ? b->data : "");
    INT_EQ(b->published, 1709294400); /* updated, as there is no published */
    batch_item *c = g.items[2];
    NULL_EQ(c->url);
    STR_EQ(c->id, "tag:atom.example.net,2024:3");
    OK(c->data && strstr(c->data, "<base href=\"https://atom.example.net/blog/\">\n<p>First line "
                                  "&lt;not a tag&gt;</p>\n<p>Second paragraph</p>"),
       "text, under the feed's xml:base: %s", c->data ? c->data : "");
    NULL_EQ(g.items[3]->data);
    STR_EQ(g.items[3]->excerpt, "Only a summary");
    got_free(&g);
}

/*** Saved pages ***/

#define PNG_B64                                                                                    \
    "data:image/"                                                                                  \
    "png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/"         \
    "pLvAAAAAElFTkSuQmCC"

static void test_mhtml(void)
{
    got g;
    op_diag d = {0};
    INT_EQ(run(&batch_reader_mhtml, FIX "page.mhtml", &g, &d), OP_OK);
    INT_EQ(g.n, 1);
    if (g.n < 1)
        return;
    batch_item *a = g.items[0];
    STR_EQ(a->format, "mhtml");
    STR_EQ(a->url, "https://example.org/cafe?x=1");
    STR_EQ(a->title, "Caf\xC3\xA9 notes and more"); /* two encoded words, folded */
    INT_EQ(a->saved, 1796551200);
    NULL_EQ(a->base_dir);
    OK(a->data && a->len == strlen(a->data), "data");
    if (!a->data)
        return;
    OK(strstr(a->data, "<title>Caf\xC3\xA9 notes</title>") != NULL, "quoted-printable decoded");
    OK(strstr(a->data, "with a soft line break") != NULL, "soft line breaks joined");
    OK(strstr(a->data, "<img src=\"" PNG_B64 "\" alt=\"photo\">") != NULL,
       "image by its &amp;-escaped Content-Location inlined");
    OK(strstr(a->data, "<img src=\"" PNG_B64 "\" alt=\"by cid\">") != NULL, "image by cid");
    OK(strstr(a->data, "src=\"https://example.org/not-in-archive.png\"") != NULL, "remote kept");
    OK(strstr(a->data, "mentions https://example.org/img/photo.png?w=1&amp;h=1 as") != NULL,
       "a mention in the text kept");
    OK(strstr(a->data, "href=\"https://example.org/style.css\"") != NULL, "only images inlined");
    got_free(&g);
}

static void test_singlefile(void)
{
    got g;
    INT_EQ(run(&batch_reader_singlefile, FIX "singlefile.htm", &g, NULL), OP_OK);
    INT_EQ(g.n, 1);
    if (g.n < 1)
        return;
    STR_EQ(g.items[0]->format, "singlefile");
    STR_EQ(g.items[0]->path, FIX "singlefile.htm");
    NULL_EQ(g.items[0]->data);
    STR_EQ(g.items[0]->url, "https://example.org/saved-page");
    STR_EQ(g.items[0]->id, "https://example.org/saved-page");
    INT_EQ(g.items[0]->saved, 1796547600);
    got_free(&g);
    op_diag d = {0};
    INT_EQ(run(&batch_reader_singlefile, FIX "rss.xml", &g, &d), OP_ERR_PARSE);
    INT_EQ(d.errors, 1);
}

/*** Sniffing, stopping, hostile input ***/

static void test_sniff(void)
{
    static const struct {
        const char *file, *reader;
    } cases[] = {
        {"pocket.csv", "pocket"},
        {"pocket.zip", "pocket"},
        {"ril_export.htm", "pocket"},
        {"instapaper_old.csv", "instapaper"},
        {"instapaper.csv", "instapaper"},
        {"instapaper.htm", "instapaper"},
        {"readwise.csv", "readwise"},
        {"raindrop.csv", "raindrop"},
        {"wallabag.json", "wallabag"},
        {"karakeep.json", "karakeep"},
        {"omnivore.zip", "omnivore"},
        {"bookmarks.htm", "bookmarks"},
        {"rss.xml", "rss"},
        {"atom.xml", "atom"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, FIX "%s", cases[i].file);
        char head[BATCH_SNIFF_HEAD];
        size_t n;
        const batch_reader *r = sniff_file(path, head, &n), *o;
        OK(r && !strcmp(r->name, cases[i].reader), "%s read as %s", cases[i].file,
           r ? r->name : "nothing");
        /* and no other reader claims it */
        for (size_t k = 0; (o = batch_reader_at(k)) != NULL; k++)
            if (strcmp(o->name, cases[i].reader))
                OK(!o->sniff(path, head, n), "%s also claims %s", o->name, cases[i].file);
    }
    char head[BATCH_SNIFF_HEAD];
    size_t n;
    OK(batch_reader_find("Pocket") == &batch_reader_pocket, "find by name, any case");
    OK(batch_reader_find("nope") == NULL, "unknown name");
    OK(sniff_file(FIX "no-such-file", head, &n) == NULL, "missing file");
    OK(sniff_file(OP_TEST_SRC_DIR "/CMakeLists.txt", head, &n) == NULL, "not an export");
}

static void test_stop(void)
{
    got g;
    memset(&g, 0, sizeof g);
    g.stop_after = 2;
    INT_EQ(batch_reader_pocket.read(FIX "pocket.csv", NULL, collect, &g, NULL), OP_ERR_USAGE);
    INT_EQ(g.seen, 2);
    got_free(&g);
    memset(&g, 0, sizeof g);
    g.stop_after = 1;
    INT_EQ(batch_reader_omnivore.read(FIX "omnivore.zip", NULL, collect, &g, NULL), OP_ERR_USAGE);
    INT_EQ(g.seen, 1);
    got_free(&g);

    /* every reader stops at the callee's word and says nothing of it (it was not the file's
     * fault: the CSV readers told it as "CSV: a record is too long") */
    static const char *const files[] = {
        "pocket.csv",     "pocket.zip",    "ril_export.htm", "instapaper_old.csv", "instapaper.csv",
        "readwise.csv",   "raindrop.csv",  "wallabag.json",  "karakeep.json",      "omnivore.zip",
        "instapaper.htm", "bookmarks.htm", "rss.xml",        "atom.xml",
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[512], head[BATCH_SNIFF_HEAD];
        size_t n;
        snprintf(path, sizeof path, FIX "%s", files[i]);
        const batch_reader *r = sniff_file(path, head, &n);
        OK(r != NULL, "%s: no reader", files[i]);
        if (!r)
            continue;
        said sd = {0};
        op_diag d = {.fn = say, .ud = &sd};
        memset(&g, 0, sizeof g);
        g.stop_after = 1;
        op_status st = r->read(path, NULL, collect, &g, &d);
        OK(st == OP_ERR_USAGE && g.seen == 1, "%s: %s after %zu items", files[i], op_status_str(st),
           g.seen);
        OK(sd.errors == 0, "%s said: %s", files[i], sd.first);
        got_free(&g);
    }
}

/* Every fixture cut short at many lengths and with bytes garbled, through every reader:
 * no crash, no leak (sanitizer build), and a whole file that is not the reader's is an
 * error status, never OK with nothing said. */
static void test_hostile(void)
{
    static const char *const files[] = {
        "pocket.csv",     "pocket.zip",   "ril_export.htm", "instapaper_old.csv",
        "instapaper.csv", "readwise.csv", "raindrop.csv",   "wallabag.json",
        "karakeep.json",  "omnivore.zip", "instapaper.htm",
    };
    char tmp[] = "/tmp/op_import_XXXXXX";
    int fd = mkstemp(tmp);
    OK(fd >= 0, "temp file");
    if (fd < 0)
        return;
    close(fd);
    size_t runs = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[512], *data;
        size_t len;
        snprintf(path, sizeof path, FIX "%s", files[i]);
        if (op_file_read(path, 0, &data, &len) != OP_OK)
            continue;
        for (size_t cut = 0; cut <= len; cut += 1 + len / 60) {
            for (int garble = 0; garble < 2; garble++) {
                FILE *f = fopen(tmp, "wb");
                if (garble && cut < len)
                    data[cut] ^= 0x5A;
                fwrite(data, 1, garble ? len : cut, f);
                if (garble && cut < len)
                    data[cut] ^= 0x5A;
                fclose(f);
                const batch_reader *r;
                for (size_t k = 0; (r = batch_reader_at(k)) != NULL; k++) {
                    got g;
                    op_diag d = {0};
                    op_status st = run(r, tmp, &g, &d);
                    OK(st == OP_OK || d.errors + d.warnings > 0, "%s cut at %zu by %s: %s",
                       files[i], cut, r->name, op_status_str(st));
                    got_free(&g);
                    runs++;
                }
            }
        }
        op_free(data);
    }
    unlink(tmp);
    OK(runs > 1000, "%zu runs", runs);
    got g;
    op_diag d = {0};
    INT_EQ(run(&batch_reader_wallabag, FIX "pocket.csv", &g, &d), OP_ERR_PARSE);
    INT_EQ(run(&batch_reader_karakeep, FIX "wallabag.json", &g, &d), OP_ERR_PARSE);
    INT_EQ(run(&batch_reader_omnivore, FIX "pocket.zip", &g, &d), OP_ERR_PARSE);
    INT_EQ(run(&batch_reader_pocket, FIX "omnivore.zip", &g, &d), OP_ERR_PARSE);
    INT_EQ(run(&batch_reader_omnivore, FIX "pocket.csv", &g, &d), OP_ERR_PARSE);
    INT_EQ(run(&batch_reader_pocket, FIX "no-such-file.csv", &g, &d), OP_ERR_IO);
    INT_EQ(run(&batch_reader_rss, FIX "atom.xml", &g, &d), OP_ERR_PARSE);
    INT_EQ(run(&batch_reader_atom, FIX "rss.xml", &g, &d), OP_ERR_PARSE);
    INT_EQ(run(&batch_reader_rss, OP_TEST_SRC_DIR "/tests/fuzz/corpus/import/feed-entities.xml", &g,
               &d),
           OP_ERR_PARSE);
    INT_EQ(
        run(&batch_reader_rss, OP_TEST_SRC_DIR "/tests/fuzz/corpus/import/feed-broken.xml", &g, &d),
        OP_ERR_PARSE);
    INT_EQ(g.n, 1); /* the item before the break */
    got_free(&g);
    OK(g.n == 0, "nothing emitted");
}

int main(void)
{
    RUN(test_csv);
    RUN(test_pocket_csv);
    RUN(test_csv_by_name);
    RUN(test_pocket_zip);
    RUN(test_pocket_html);
    RUN(test_instapaper);
    RUN(test_readwise);
    RUN(test_raindrop);
    RUN(test_wallabag);
    RUN(test_karakeep);
    RUN(test_omnivore);
    RUN(test_bookmarks);
    RUN(test_rss);
    RUN(test_atom);
    RUN(test_mhtml);
    RUN(test_singlefile);
    RUN(test_sniff);
    RUN(test_stop);
    RUN(test_hostile);
    DONE();
}
