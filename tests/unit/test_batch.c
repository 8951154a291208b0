/* The batch runner's parts: slugs (ASCII folding, other scripts kept, length cap), name
 * templates, collision-free names, ISO dates, shards (by hash, covering every item once,
 * --shard auto), selection, canonical URLs, de-duplication keys; and a whole run over a
 * folder through op_batch_run (names, duplicates, resume, --force, -j). */
#include "harness.h"

#include "batch/batch_int.h"
#include "core/core.h"
#include "offprint/batch.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void slug_is(const char *in, size_t max, const char *want)
{
    char *s = batch_slug_new(in, max);
    STR_EQ(s, want);
    op_free(s);
}

static void test_slug(void)
{
    slug_is("Hello, World!", 80, "hello-world");
    slug_is("  Crème brûlée à la façon de Łódź  ", 80, "creme-brulee-a-la-facon-de-lodz");
    slug_is("Straße & Ærø", 80, "strasse-aero");
    slug_is("Don't panic", 80, "dont-panic");
    slug_is("한국어 제목: 테스트!", 80, "한국어-제목-테스트");
    slug_is("Привет, Мир", 80, "привет-мир");
    slug_is("東京の「記事」", 80, "東京の-記事");
    slug_is("a/b\\c:d", 80, "a-b-c-d");
    slug_is("!!!", 80, "");
    slug_is(NULL, 80, "");
    slug_is("one two three four", 9, "one-two"); /* no '-' at the end */
    slug_is("가나다라마바", 7, "가나");          /* 3 bytes each: cut at a character */
}

static batch_item *item(const char *title, const char *path, const char *url)
{
    batch_item *it = batch_item_new("test");
    it->title = title ? op_strdup(title) : NULL;
    it->path = path ? op_strdup(path) : NULL;
    it->url = url ? op_strdup(url) : NULL;
    it->id = op_strdup(url ? url : path ? path : "x");
    return it;
}

static void name_is(const char *tmpl, const batch_item *it, const char *want)
{
    char *s = batch_name_new(tmpl, it);
    STR_EQ(s, want);
    op_free(s);
}

/* Group keys compare without case: ASCII, Latin-1 and Latin Extended-A, Greek, Cyrillic. */
static void test_key_case(void)
{
    INT_EQ(batch_key_cmp("News", "news"), 0);
    INT_EQ(batch_key_cmp("ÄRGER", "ärger"), 0);
    INT_EQ(batch_key_cmp("Łódź", "łÓDŹ"), 0);
    INT_EQ(batch_key_cmp("ŸES", "ÿes"), 0);
    INT_EQ(batch_key_cmp("Новости", "новости"), 0);
    INT_EQ(batch_key_cmp("ΑΘΉΝΑ", "αθήνα"), 0);
    OK(batch_key_cmp("news", "newt") < 0, "news < newt");
    OK(batch_key_cmp("News", "new") > 0, "News > new");
    OK(batch_key_cmp("C", "C++") < 0, "C < C++");
    OK(batch_key_cmp("art", "Science") < 0, "as in lower case");
}

static void test_template(void)
{
    char err[160];
    OK(batch_template_check("{date}-{slug}", err, sizeof err), "valid");
    OK(batch_template_check("{site}/{slug}", err, sizeof err), "folders");
    OK(!batch_template_check("{nope}", err, sizeof err), "unknown field");
    OK(strstr(err, "{nope}") != NULL, "%s", err);
    OK(!batch_template_check("../{slug}", err, sizeof err), "..");
    OK(!batch_template_check("/abs/{slug}", err, sizeof err), "absolute");
    OK(!batch_template_check("{slug", err, sizeof err), "unclosed");

    batch_item *it = item("My Title", NULL, "https://www.Example.org/p/1");
    it->saved = 1714521600; /* 2024-05-01 */
    batch_item_add_tag(it, "Long Reads", 10);
    name_is(NULL, it, "my-title");
    name_is("{date}-{slug}", it, "2024-05-01-my-title");
    name_is("{site}/{tag}-{slug}", it, "example-org/long-reads-my-title");
    name_is("{title}", it, "My Title");
    it->saved = -1;
    name_is("{date}-{slug}", it, "my-title"); /* no date: no leading '-' */
    batch_item_free(it);
    /* no title: the file's name, or its folder's for an index page */
    it = item(NULL, "in/blog/post-one/index.html", NULL);
    name_is(NULL, it, "post-one");
    batch_item_free(it);
    it = item(NULL, "in/Some Page.html", NULL);
    name_is(NULL, it, "some-page");
    batch_item_free(it);
    it = item(NULL, NULL, "https://example.org/2024/great-story.html?x=1");
    name_is(NULL, it, "great-story");
    batch_item_free(it);
    it = item("!!!", NULL, NULL);
    name_is(NULL, it, "x"); /* the id */
    name_is("{tag}", it, "article");
    batch_item_free(it);
}

static void test_names(void)
{
    batch_names *n = batch_names_new();
    const char *want[] = {"a.pdf", "a-1.pdf", "A-2.pdf", "b.pdf", "a-1-1.pdf"};
    const char *bases[] = {"a", "a", "A", "b", "a-1"};
    for (int i = 0; i < 5; i++) {
        char *s = batch_names_claim(n, bases[i], ".pdf");
        STR_EQ(s, want[i]);
        op_free(s);
    }
    for (int i = 0; i < 2000; i++) { /* growth keeps every name */
        char *s = batch_names_claim(n, "many", ".pdf");
        if (i == 1999)
            STR_EQ(s, "many-1999.pdf");
        op_free(s);
    }
    batch_names_free(n);
}

static void test_dates(void)
{
    int64_t t = 0;
    INT_EQ(op_batch_date_parse("2024-05-01", &t), OP_OK);
    INT_EQ(t, 1714521600);
    INT_EQ(op_batch_date_parse("2024-05-01T02:00:00+02:00", &t), OP_OK);
    INT_EQ(t, 1714521600);
    INT_EQ(op_batch_date_parse("2024-05-01T00:00Z", &t), OP_OK);
    INT_EQ(t, 1714521600);
    INT_EQ(op_batch_date_parse("2024-05-01 03:00:00+0300", &t), OP_OK);
    INT_EQ(t, 1714521600);
    INT_EQ(op_batch_date_parse("1970", &t), OP_OK);
    INT_EQ(t, 0);
    INT_EQ(op_batch_date_parse("2024-05", &t), OP_OK);
    INT_EQ(t, 1714521600);
    INT_EQ(op_batch_date_parse("1714521600", &t), OP_ERR_USAGE); /* not typed as a date */
    INT_EQ(op_batch_date_parse("Wed, 01 May 2024", &t), OP_ERR_USAGE);
    INT_EQ(op_batch_date_parse("2024-05-", &t), OP_ERR_USAGE);
    INT_EQ(op_batch_date_parse("2024-13-01", &t), OP_ERR_USAGE);
    INT_EQ(op_batch_date_parse("yesterday", &t), OP_ERR_USAGE);
    INT_EQ(op_batch_date_parse("2024-05-01x", &t), OP_ERR_USAGE);
    batch_item *it = item("t", NULL, NULL);
    char d[11];
    it->published = 951782400; /* 2000-02-29 */
    batch_item_date(it, -1, d);
    STR_EQ(d, "2000-02-29");
    it->saved = 1714521600 + 86399;
    batch_item_date(it, -1, d);
    STR_EQ(d, "2024-05-01");
    it->saved = it->published = -1;
    batch_item_date(it, -1, d);
    STR_EQ(d, "");
    batch_item_free(it);
}

static void test_shards(void)
{
    unsigned k = 0, n = 0;
    INT_EQ(op_batch_shard_parse("2/5", 0, &k, &n), OP_OK);
    INT_EQ(k, 2);
    INT_EQ(n, 5);
    INT_EQ(op_batch_shard_parse("0/5", 0, &k, &n), OP_ERR_USAGE);
    INT_EQ(op_batch_shard_parse("6/5", 0, &k, &n), OP_ERR_USAGE);
    INT_EQ(op_batch_shard_parse("1/x", 0, &k, &n), OP_ERR_USAGE);
    unsetenv("SLURM_ARRAY_TASK_ID");
    unsetenv("JOB_COMPLETION_INDEX");
    unsetenv("AWS_BATCH_JOB_ARRAY_INDEX");
    INT_EQ(op_batch_shard_parse("auto", 0, &k, &n), OP_ERR_USAGE);
    setenv("SLURM_ARRAY_TASK_ID", "5", 1);
    setenv("SLURM_ARRAY_TASK_MIN", "3", 1);
    setenv("SLURM_ARRAY_TASK_COUNT", "4", 1);
    INT_EQ(op_batch_shard_parse("auto", 0, &k, &n), OP_OK);
    INT_EQ(k, 3); /* index 2 of 0..3 */
    INT_EQ(n, 4);
    unsetenv("SLURM_ARRAY_TASK_ID");
    setenv("JOB_COMPLETION_INDEX", "0", 1);
    INT_EQ(op_batch_shard_parse("auto", 0, &k, &n), OP_ERR_USAGE); /* needs --shard-count */
    INT_EQ(op_batch_shard_parse("auto", 3, &k, &n), OP_OK);
    INT_EQ(k, 1);
    INT_EQ(n, 3);
    unsetenv("JOB_COMPLETION_INDEX");
    setenv("AWS_BATCH_JOB_ARRAY_INDEX", "9", 1);
    setenv("AWS_BATCH_JOB_ARRAY_SIZE", "10", 1);
    INT_EQ(op_batch_shard_parse("auto", 0, &k, &n), OP_OK);
    INT_EQ(k, 10);
    INT_EQ(n, 10);
    unsetenv("AWS_BATCH_JOB_ARRAY_INDEX");

    /* 4 shards of 1000 items: each item in exactly one, every shard used, by id not order */
    int count[4] = {0}, once = 1;
    for (int i = 0; i < 1000; i++) {
        char id[32];
        snprintf(id, sizeof id, "https://example.org/%d", i);
        batch_item *it = item(NULL, NULL, id);
        int in = 0;
        for (unsigned s = 1; s <= 4; s++)
            if (batch_in_shard(it, s, 4)) {
                in++;
                count[s - 1]++;
            }
        once &= in == 1;
        OK(batch_in_shard(it, 1, 1) && batch_in_shard(it, 0, 0), "one shard: all");
        batch_item_free(it);
    }
    OK(once, "every item in exactly one shard");
    for (int s = 0; s < 4; s++)
        OK(count[s] > 180 && count[s] < 320, "shard %d has %d of 1000", s + 1, count[s]);
}

static void test_select(void)
{
    batch_item *it = item("t", NULL, "https://example.org/a");
    batch_item_add_tag(it, "News", 4);
    it->saved = 1714521600;
    it->state = op_strdup("archive");
    op_batch_select sel = {0};
    OK(batch_selected(&sel, it, -1), "no filter");
    sel.tag = "news";
    OK(batch_selected(&sel, it, -1), "tag, any case");
    sel.tag = "sport";
    OK(!batch_selected(&sel, it, -1), "other tag");
    sel.tag = NULL;
    sel.since = 1714521600;
    OK(batch_selected(&sel, it, -1), "since: inclusive");
    sel.until = 1714521600;
    OK(!batch_selected(&sel, it, -1), "until: exclusive");
    sel.since = sel.until = 0;
    sel.state = "unread";
    OK(!batch_selected(&sel, it, -1), "state");
    sel.state = "all";
    OK(batch_selected(&sel, it, -1), "state all");
    sel.state = "archive";
    OK(batch_selected(&sel, it, -1), "state archive");
    op_free(it->state);
    it->state = NULL;
    sel.state = "unread";
    OK(batch_selected(&sel, it, -1), "no state: passes");
    it->saved = -1;
    sel.state = NULL;
    sel.since = 1000;
    OK(!batch_selected(&sel, it, -1), "no date at all: out of a date range");
    OK(batch_selected(&sel, it, 2000), "the file's date");
    batch_item_free(it);
}

static void canon_is(const char *url, const char *want)
{
    char *s = batch_url_canonical_new(url);
    STR_EQ(s, want);
    op_free(s);
}

static void test_canonical(void)
{
    canon_is("https://www.Example.ORG/a/b/?utm_source=x&id=3&fbclid=y#top", "example.org/a/b?id=3");
    canon_is("http://example.org:80/a", "example.org/a");
    canon_is("https://example.org:8443/a/", "example.org:8443/a");
    canon_is("https://example.org/?utm_medium=m", "example.org");
    canon_is("not a url", "not a url");
    batch_keys *k = batch_keys_new();
    OK(batch_keys_add(k, 7, "first") == NULL, "new key");
    STR_EQ(batch_keys_add(k, 7, "second"), "first");
    for (uint64_t i = 100; i < 5000; i++)
        batch_keys_add(k, batch_hash(&i, sizeof i), "x");
    STR_EQ(batch_keys_add(k, 7, "third"), "first");
    batch_keys_free(k);
}

/*** A whole run ***/

static char scratch[256];

static void write_file(const char *rel, const char *text)
{
    char *p = op_path_join(scratch, rel);
    char *dir = op_path_dirname(p);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
    OK(system(cmd) == 0, "mkdir");
    FILE *f = fopen(p, "w");
    OK(f != NULL, "%s", p);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    op_free(dir);
    op_free(p);
}

typedef struct seen {
    int n[4];
    char outputs[16][256];
    int nout;
    char url[256]; /* the URL of in/saved-from.html */
} seen;

static void on_result(void *ud, const op_batch_result *r)
{
    seen *s = ud;
    s->n[r->status]++;
    if (strstr(r->input, "saved-from.html") && r->url)
        snprintf(s->url, sizeof s->url, "%s", r->url);
    if (r->status == OP_BATCH_OK && s->nout < 16)
        snprintf(s->outputs[s->nout++], 256, "%s", r->output);
}

/* What the progress callback saw: items started, the last counts. */
typedef struct watched {
    int started, calls;
    size_t done, total;
    int known;
} watched;

static void on_progress(void *ud, const op_batch_progress *p)
{
    watched *w = ud;
    w->calls++;
    w->started += p->current != NULL;
    OK(p->done <= p->total, "done %zu <= total %zu", p->done, p->total);
    OK(!w->known || p->total_known, "the total stays known");
    w->done = p->done;
    w->total = p->total;
    w->known = p->total_known;
}

static int exists(const char *rel)
{
    char *p = op_path_join(scratch, rel);
    int ok = access(p, F_OK) == 0;
    op_free(p);
    return ok;
}

static void test_run(void)
{
    snprintf(scratch, sizeof scratch, "/tmp/op_test_batch_%d", (int)getpid());
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    OK(system(cmd) == 0, "clean");
    write_file("in/one/index.html", "<title>One</title><p>The first article.</p>");
    write_file("in/two/index.html", "<title>Two</title><p>The second article.</p>");
    write_file("in/Saved.html", "<title>Saved</title><p>A saved page.</p>");
    write_file("in/Saved_files/style.html", "<p>Not an article.</p>");
    write_file("in/zcopy.htm", "<title>One</title><p>The first article.</p>");
    write_file("in/.hidden.html", "<p>Hidden.</p>");
    write_file("in/notes.md", "# Notes\n\nSome notes.\n");
    write_file("in/saved-from.html",
               "<!-- saved from url=(0044)https://example.org/a-long-story-"
               "2024.html -->\n<title>Saved</title><p>Saved by a browser.</p>");
    write_file("in/image.png", "not an article");
    char *in = op_path_join(scratch, "in");
    char *out = op_path_join(scratch, "out/sub");
    const char *inputs[] = {in};
    op_convert_opts co = {0};
    co.to = OP_OUT_TXT;
    seen s;
    memset(&s, 0, sizeof s);
    op_batch_opts o = {0};
    o.inputs = inputs;
    o.ninputs = 1;
    o.out_dir = out;
    o.convert = &co;
    o.jobs = 3;
    o.on_result = on_result;
    o.on_result_ud = &s;
    watched w = {0};
    o.on_progress = on_progress;
    o.on_progress_ud = &w;
    op_batch_summary sum;
    INT_EQ(op_batch_run(&o, &sum, NULL), OP_OK);
    INT_EQ(sum.converted, 5);
    INT_EQ(w.started, 5); /* the duplicate is reported, never started */
    INT_EQ(w.done, 6);
    INT_EQ(w.total, 6);
    INT_EQ(w.known, 1);
    o.on_progress = NULL;
    INT_EQ(sum.duplicates, 1);
    INT_EQ(sum.failed + sum.skipped, 0);
    INT_EQ(s.n[OP_BATCH_OK], 5);
    STR_EQ(s.url, "https://example.org/a-long-story-2024.html"); /* Chrome's note, hyphens */
    OK(exists("out/sub/one.txt") && exists("out/sub/two.txt") && exists("out/sub/saved.txt") &&
           exists("out/sub/notes.txt"),
       "one output per article, index pages named by their folders");
    OK(!exists("out/sub/style.txt") && !exists("out/sub/zcopy.txt"), "companion files, dup");
    /* again: everything is there and newer */
    memset(&s, 0, sizeof s);
    INT_EQ(op_batch_run(&o, &sum, NULL), OP_OK);
    INT_EQ(sum.skipped, 5);
    INT_EQ(sum.converted, 0);
    o.force = 1;
    o.select.limit = 2;
    INT_EQ(op_batch_run(&o, &sum, NULL), OP_OK);
    INT_EQ(sum.converted + sum.duplicates, 2);
    INT_EQ(sum.interrupted, 0);
    /* a bad template is a usage error before anything runs */
    o.name_template = "{nope}";
    INT_EQ(op_batch_run(&o, &sum, NULL), OP_ERR_USAGE);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    OK(system(cmd) == 0, "clean");
    op_free(in);
    op_free(out);
}

/* Each worker lends its font set and hyphenation dictionaries, and the run its theme (parsed
 * once), to every conversion it runs: the PDFs are the bytes op_convert makes with all of it
 * loaded for the one article, English and German in turn on one worker and on two. */
static void test_lent_same_bytes(void)
{
    snprintf(scratch, sizeof scratch, "/tmp/op_test_batch_lent_%d", (int)getpid());
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    OK(system(cmd) == 0, "clean");
    static const char *const names[] = {"en1", "de1", "en2", "de2"};
    static const char *const bodies[] = {
        "<html lang=en><title>Unquestionably</title><p>Notwithstanding considerable "
        "administrative uncertainty, the international telecommunications representatives "
        "recommended extraordinarily comprehensive reorganisation of the infrastructure.</p>",
        "<html lang=de><title>Donaudampfschiff</title><p>Die Bundesverfassungsrichter "
        "beschlossen nach ausgesprochen langwierigen Verhandlungen eine "
        "Rechtsschutzversicherungsgesellschaft mit Haftpflichtversicherungsbedingungen.</p>",
        "<html lang=en><title>Incomprehensibility</title><p>Characteristically "
        "uncompromising, the parliamentary subcommittee investigated the "
        "counterrevolutionary misrepresentations thoroughly and unsentimentally.</p>",
        "<html lang=de><title>Kraftfahrzeug</title><p>Die Kraftfahrzeughaftpflichtversicherung "
        "verlangte von den Grundstuecksverkehrsgenehmigungen ausserordentlich umfangreiche "
        "Nachweise.</p>"};
    char rel[64];
    for (int i = 0; i < 4; i++) {
        snprintf(rel, sizeof rel, "in/%s/index.html", names[i]);
        write_file(rel, bodies[i]);
    }
    write_file("theme.css", "body { font-size: 13pt; line-height: 1.5; }\n"
                            "p { text-align: justify; hyphens: auto; }\n"
                            "@page { size: 110mm 160mm; margin: 12mm; }\n");
    char *in = op_path_join(scratch, "in");
    char *out = op_path_join(scratch, "out");
    char *css = op_path_join(scratch, "theme.css");
    const char *inputs[] = {in};
    op_convert_opts co = {0};
    co.to = OP_OUT_PDF;
    co.pdf.stylesheet = css;
    op_batch_opts o = {0};
    o.inputs = inputs;
    o.ninputs = 1;
    o.out_dir = out;
    o.convert = &co;
    o.force = 1;
    op_batch_summary sum;
    for (int jobs = 1; jobs <= 2; jobs++) {
        o.jobs = jobs;
        INT_EQ(op_batch_run(&o, &sum, NULL), OP_OK);
        INT_EQ(sum.converted, 4);
        for (int i = 0; i < 4; i++) {
            snprintf(rel, sizeof rel, "out/%s.pdf", names[i]);
            char *path = op_path_join(scratch, rel);
            char *got = NULL;
            size_t glen = 0;
            INT_EQ(op_file_read(path, 0, &got, &glen), OP_OK);
            op_input one = {.data = bodies[i], .len = strlen(bodies[i])};
            op_convert_opts fresh = {0};
            fresh.to = OP_OUT_PDF;
            fresh.pdf.stylesheet = css;
            op_job job = {.inputs = &one, .ninputs = 1};
            INT_EQ(op_convert(&job, &fresh), OP_OK);
            OK(got && job.out_data && glen == job.out_len && memcmp(got, job.out_data, glen) == 0,
               "%s with -j %d: the bytes of a conversion on its own", names[i], jobs);
            op_free(job.out_data);
            op_free(got);
            op_free(path);
        }
    }
    /* a theme that cannot be read stops the run before its first item */
    co.pdf.stylesheet = "/nonexistent/theme.css";
    INT_EQ(op_batch_run(&o, &sum, NULL), OP_ERR_SETUP);
    INT_EQ(sum.converted + sum.failed, 0);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", scratch);
    OK(system(cmd) == 0, "clean");
    op_free(css);
    op_free(out);
    op_free(in);
}

int main(void)
{
    RUN(test_slug);
    RUN(test_key_case);
    RUN(test_template);
    RUN(test_names);
    RUN(test_dates);
    RUN(test_shards);
    RUN(test_select);
    RUN(test_canonical);
    RUN(test_run);
    RUN(test_lent_same_bytes);
    DONE();
}
