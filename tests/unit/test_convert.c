/* The conversion pipeline as one library call (convert.h): one article to a file, several
 * into one book, an article to memory; the output rules (atomic, devices written through,
 * links kept, inputs never overwritten, nothing left behind on failure); output names. */
#include "harness.h"

#include "convert/convert_int.h"
#include "core/core.h"
#include "offprint/convert.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define SRC OP_TEST_SRC_DIR "/tests/fixtures/"

static const char article[] = "<html lang=en><head><title>A short test</title></head><body>"
                              "<article><h1>A short test</h1><p>The first paragraph of a short "
                              "article, long enough to be kept by reader mode as the article "
                              "text, with a sentence or two more.</p><p>A second paragraph "
                              "follows it, with a <a href='https://example.org/'>link</a>."
                              "</p></article></body></html>";

static char scratch[256];

static char *path_in(const char *name)
{
    return op_path_join(scratch, name);
}

static int count_files(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p) {
        if (fscanf(p, "%d", &n) != 1)
            n = -1;
        pclose(p);
    }
    return n;
}

static void test_names(void)
{
    char *p = op_output_path_new("dir/page.html", OP_OUT_PDF, NULL);
    STR_EQ(p, "dir/page.pdf");
    op_free(p);
    p = op_output_path_new("dir/page.html", OP_OUT_HTML, NULL);
    STR_EQ(p, "dir/page.offprint.html");
    op_free(p);
    p = op_output_path_new("-", OP_OUT_EPUB, "out");
    STR_EQ(p, "out/stdin.epub");
    op_free(p);
    p = op_output_path_new("a/b/.hidden", OP_OUT_TXT, "o");
    STR_EQ(p, "o/.hidden.txt");
    op_free(p);
    /* a fetched input: its title, else the URL's last segment, else its host; always safe */
    p = op_output_path_for_url_new("https://x.example/a/b/", "Crème / brûlée: \"2024\"", OP_OUT_PDF,
                                   NULL);
    STR_EQ(p, "Crème-brûlée-2024.pdf");
    op_free(p);
    p = op_output_path_for_url_new("https://x.example/news/my-story.html?id=3", NULL, OP_OUT_EPUB,
                                   "out");
    STR_EQ(p, "out/my-story.epub");
    op_free(p);
    p = op_output_path_for_url_new("https://x.example/a/../", "...", OP_OUT_TXT, NULL);
    STR_EQ(p, "a.txt");
    op_free(p);
    p = op_output_path_for_url_new("https://x.example", NULL, OP_OUT_PDF, NULL);
    STR_EQ(p, "x-example.pdf");
    op_free(p);
    INT_EQ(op_output_format_from_name("Markdown"), OP_OUT_MD);
    INT_EQ(op_output_format_from_name("docx"), -1);
    STR_EQ(op_output_format_ext(OP_OUT_EPUB), ".epub");
}

/* One article from memory to memory, in every format. */
static void test_memory(void)
{
    op_input in = {.data = article, .len = sizeof article - 1, .name = "t.html"};
    for (int to = OP_OUT_PDF; to <= OP_OUT_HTML; to++) {
        op_convert_opts o = {0};
        o.to = (op_output_format)to;
        op_job job = {.inputs = &in, .ninputs = 1};
        op_status st = op_convert(&job, &o);
        INT_EQ(st, OP_OK);
        INT_EQ(job.nconverted, 1);
        OK(job.out_data && job.out_len > 0, "format %d: output in memory", to);
        if (!job.out_data)
            continue;
        if (to == OP_OUT_PDF)
            OK(memcmp(job.out_data, "%PDF-", 5) == 0, "a PDF");
        else if (to == OP_OUT_EPUB)
            OK(memcmp(job.out_data, "PK\3\4", 4) == 0 &&
                   memcmp(job.out_data + 30, "mimetypeapplication/epub+zip", 28) == 0,
               "an EPUB, mimetype first and stored");
        else if (to == OP_OUT_TXT)
            OK(strstr(job.out_data, "The first paragraph") != NULL, "text: %s", job.out_data);
        else if (to == OP_OUT_MD)
            OK(strstr(job.out_data, "title: \"A short test\"") != NULL, "md: %s", job.out_data);
        else
            OK(strstr(job.out_data, "<title>A short test</title>") != NULL, "html");
        op_free(job.out_data);
    }
}

/* What an archive knows fills only what the page leaves unset; --title still wins. */
static void test_fallback_meta(void)
{
    const char *meta[OP_META_FIELD_COUNT] = {0};
    meta[OP_META_TITLE] = "Archive title";
    meta[OP_META_AUTHOR] = "Archive Author";
    meta[OP_META_SOURCE_URL] = "https://example.org/a";
    op_input in = {.data = article, .len = sizeof article - 1, .name = "t.html", .meta = meta};
    op_convert_opts o = {0};
    op_doc *doc = NULL;
    INT_EQ(op_convert_load(&in, &o, 0, &doc), OP_OK);
    STR_EQ(op_doc_get_meta(doc, OP_META_TITLE), "A short test"); /* the page says it */
    STR_EQ(op_doc_get_meta(doc, OP_META_AUTHOR), "Archive Author");
    STR_EQ(op_doc_get_meta(doc, OP_META_SOURCE_URL), "https://example.org/a");
    op_doc_free(doc);
    static const char bare[] = "<p>A paragraph of a page that has no title of its own, long "
                               "enough to be kept as the article.</p>";
    op_input in2 = {.data = bare, .len = sizeof bare - 1, .name = "t.html", .meta = meta};
    INT_EQ(op_convert_load(&in2, &o, 0, &doc), OP_OK);
    STR_EQ(op_doc_get_meta(doc, OP_META_TITLE), "Archive title");
    op_doc_free(doc);
    o.title = "Given";
    INT_EQ(op_convert_load(&in2, &o, 0, &doc), OP_OK);
    STR_EQ(op_doc_get_meta(doc, OP_META_TITLE), "Given");
    op_doc_free(doc);
}

/* The same conversion to a file and to memory gives the same bytes. */
static void test_file_matches_memory(void)
{
    char *out = path_in("one.pdf");
    op_input in = {.path = SRC "sample/article.html"};
    op_convert_opts o = {0};
    op_job job = {.inputs = &in, .ninputs = 1, .output = out};
    INT_EQ(op_convert(&job, &o), OP_OK);
    char *file = NULL;
    size_t flen = 0;
    INT_EQ(op_file_read(out, 0, &file, &flen), OP_OK);
    op_job mem = {.inputs = &in, .ninputs = 1};
    INT_EQ(op_convert(&mem, &o), OP_OK);
    OK(file && mem.out_data && flen == mem.out_len && memcmp(file, mem.out_data, flen) == 0,
       "file %zu bytes, memory %zu bytes", flen, mem.out_len);
    op_free(file);
    op_free(mem.out_data);
    op_free(out);
}

/* Several inputs into one book (EPUB, PDF); an unreadable one is left out and reported. */
static void test_book(void)
{
    char *out = path_in("book.epub");
    op_input in[3] = {{.path = SRC "sample/article.html"},
                      {.path = SRC "no-such-file.html"},
                      {.path = SRC "golden/notes.md"}};
    op_status each[3];
    op_diag diag = {0};
    op_convert_opts o = {0};
    o.to = OP_OUT_EPUB;
    o.title = "Reading list";
    o.diag = &diag;
    op_job job = {.inputs = in, .ninputs = 3, .output = out, .input_status = each};
    INT_EQ(op_convert(&job, &o), OP_OK);
    INT_EQ(job.nconverted, 2);
    INT_EQ(each[0], OP_OK);
    INT_EQ(each[1], OP_ERR_IO);
    INT_EQ(each[2], OP_OK);
    INT_EQ(diag.errors, 1);
    struct stat sb;
    OK(stat(out, &sb) == 0 && sb.st_size > 1000, "book written");
    /* the same book as a PDF, in memory: a title page and contents before the articles */
    o.to = OP_OUT_PDF;
    diag = (op_diag){0};
    op_job pdf = {.inputs = in, .ninputs = 3, .input_status = each};
    INT_EQ(op_convert(&pdf, &o), OP_OK);
    INT_EQ(pdf.nconverted, 2);
    INT_EQ(each[1], OP_ERR_IO);
    OK(pdf.out_len > 1000 && memcmp(pdf.out_data, "%PDF-", 5) == 0, "PDF book in memory");
    int outline = 0;
    for (size_t i = 0; i + 9 <= pdf.out_len && !outline; i++)
        outline = memcmp(pdf.out_data + i, "/Outlines", 9) == 0;
    OK(outline, "the book has an outline");
    op_free(pdf.out_data);
    /* several inputs into a text export make no sense */
    o.to = OP_OUT_TXT;
    op_job bad = {.inputs = in, .ninputs = 3, .output = out};
    INT_EQ(op_convert(&bad, &o), OP_ERR_USAGE);
    op_free(out);
}

/* A failed conversion leaves the old file as it was and no temporary file. */
static void test_failure_keeps_old(void)
{
    char *dir = path_in("fail");
    mkdir(dir, 0755);
    char *out = op_path_join(dir, "kept.pdf");
    FILE *f = fopen(out, "w");
    fputs("old", f);
    fclose(f);
    op_input in = {.path = SRC "no-such-file.html"};
    op_convert_opts o = {0};
    op_job job = {.inputs = &in, .ninputs = 1, .output = out};
    INT_EQ(op_convert(&job, &o), OP_ERR_IO);
    char *data = NULL;
    size_t len = 0;
    op_file_read(out, 0, &data, &len);
    STR_EQ(data, "old");
    op_free(data);
    INT_EQ(count_files(dir), 1);
    /* a stylesheet that is missing: the writer fails after reading */
    op_input ok = {.data = article, .len = sizeof article - 1};
    o.pdf.stylesheet = "/nonexistent/theme.css";
    job.inputs = &ok;
    OK(op_convert(&job, &o) != OP_OK, "missing theme fails");
    op_file_read(out, 0, &data, &len);
    STR_EQ(data, "old");
    op_free(data);
    INT_EQ(count_files(dir), 1);
    op_free(out);
    op_free(dir);
}

/* /dev/null stays a device; a link stays a link and its target gets the output; an input
 * is never the output; an existing file keeps its mode. */
static void test_output_rules(void)
{
    op_input in = {.data = article, .len = sizeof article - 1};
    op_convert_opts o = {0};
    o.to = OP_OUT_TXT;
    op_job job = {.inputs = &in, .ninputs = 1, .output = "/dev/null"};
    INT_EQ(op_convert(&job, &o), OP_OK);
    struct stat sb;
    OK(stat("/dev/null", &sb) == 0 && S_ISCHR(sb.st_mode), "/dev/null is still a device");

    char *target = path_in("target.txt"), *link = path_in("link.txt");
    unlink(link);
    OK(symlink("target.txt", link) == 0, "symlink: %s", strerror(errno));
    job.output = link;
    INT_EQ(op_convert(&job, &o), OP_OK);
    OK(lstat(link, &sb) == 0 && S_ISLNK(sb.st_mode), "the link is still a link");
    OK(stat(target, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 50, "target written");

    chmod(target, 0640);
    job.output = target;
    INT_EQ(op_convert(&job, &o), OP_OK);
    OK(stat(target, &sb) == 0 && (sb.st_mode & 0777) == 0640, "mode kept: %o",
       (unsigned)(sb.st_mode & 0777));

    /* the input as the output */
    char *page = path_in("page.html");
    FILE *f = fopen(page, "w");
    fputs(article, f);
    fclose(f);
    op_input file_in = {.path = page};
    op_job self = {.inputs = &file_in, .ninputs = 1, .output = page};
    o.to = OP_OUT_HTML;
    INT_EQ(op_convert(&self, &o), OP_ERR_USAGE);
    char *data = NULL;
    size_t len = 0;
    op_file_read(page, 0, &data, &len);
    STR_EQ(data, article);
    op_free(data);
    /* a folder as the output */
    job.output = scratch;
    INT_EQ(op_convert(&job, &o), OP_ERR_USAGE);
    op_free(page);
    op_free(target);
    op_free(link);
}

/* What a SIGINT handler calls: the temporary files being written go, nothing else. */
static void test_remove_temps(void)
{
    char *dir = path_in("temps");
    mkdir(dir, 0755);
    char *out = op_path_join(dir, "big.pdf"), *tmp = NULL, *tmp2 = NULL;
    int slot = -1, slot2 = -1;
    int fd = convert_temp_open(out, &tmp, &slot);
    int fd2 = convert_temp_open(out, &tmp2, &slot2);
    OK(fd >= 0 && fd2 >= 0 && slot >= 0 && slot2 >= 0 && slot != slot2, "two temps");
    OK(tmp && tmp2 && strcmp(tmp, tmp2) != 0 && strncmp(tmp, out, strlen(out)) == 0,
       "beside the output: %s", tmp ? tmp : "");
    INT_EQ(count_files(dir), 2);
    convert_temp_done(slot2); /* finished: renamed into place by its writer */
    rename(tmp2, out);
    op_convert_remove_temps();
    INT_EQ(count_files(dir), 1);
    struct stat sb;
    OK(stat(out, &sb) == 0, "the finished output stays");
    OK(stat(tmp, &sb) != 0, "the temporary file is gone");
    convert_temp_done(slot);
    close(fd);
    close(fd2);
    op_free(tmp);
    op_free(tmp2);
    op_free(out);
    op_free(dir);
}

int main(void)
{
    snprintf(scratch, sizeof scratch, "%s", "convert_scratch");
    system("rm -rf convert_scratch");
    mkdir(scratch, 0755);
    RUN(test_names);
    RUN(test_memory);
    RUN(test_fallback_meta);
    RUN(test_file_matches_memory);
    RUN(test_book);
    RUN(test_failure_keeps_old);
    RUN(test_output_rules);
    RUN(test_remove_temps);
    DONE();
}
