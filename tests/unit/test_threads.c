/* Conversions on worker threads: four different jobs (HTML, Markdown, a text dump, a
 * page mixing Korean, Russian and Japanese; PDF and EPUB) run one after another, then all at once
 * on four threads, twice each; every output must be byte-identical to the sequential one. Run under
 * ThreadSanitizer in CI (-DOP_SANITIZE=thread) and under ASan with the other tests. */
#include "harness.h"

#include "core/core.h"
#include "offprint/convert.h"

#include <pthread.h>
#include <stdlib.h>

#define SRC OP_TEST_SRC_DIR "/tests/fixtures/"

enum { NJOBS = 4, ROUNDS = 2 };

static const char mixed[] =
    "---\ntitle: \"서울의 아침\"\nlang: ko\n---\n\n"
    "대한민국의 수도는 서울이다. 한국어 문장은 어절 단위로 띄어 쓰며 줄 바꿈은 음절 사이에서도 "
    "일어난다. 아침 일찍 시장에 나가면 상인들이 물건을 정리하고 손님을 맞을 준비를 한다.\n\n"
    "Московский метрополитен перевозит ежедневно миллионы пассажиров; "
    "его станции известны архитектурой.\n\n日本語の文章も同じ本に入る。\n";

typedef struct job_spec {
    const char *path; /* or NULL: the mixed-script Markdown above */
    op_output_format to;
    op_links_mode links;
} job_spec;

static const job_spec specs[NJOBS] = {
    {SRC "sample/article.html", OP_OUT_PDF, OP_LINKS_FOOTNOTE},
    {SRC "golden/notes.md", OP_OUT_EPUB, OP_LINKS_KEEP},
    {SRC "golden/wire-dump.txt", OP_OUT_PDF, OP_LINKS_INLINE},
    {NULL, OP_OUT_PDF, OP_LINKS_ENDNOTE},
};

typedef struct result {
    const job_spec *spec;
    op_status st;
    char *data[ROUNDS];
    size_t len[ROUNDS];
    int errors;
} result;

static void run_job(result *r, int round)
{
    op_diag diag = {0}; /* one sink per job */
    op_convert_opts o = {0};
    o.to = r->spec->to;
    o.links = r->spec->links;
    o.diag = &diag;
    o.pdf.toc = 1;
    o.epub.source_date =
        1700000000; /* the EPUB's dates: fixed, so runs at different seconds agree */
    o.epub.source_date_set = 1;
    op_input in = {.path = r->spec->path};
    if (!in.path) {
        in.data = mixed;
        in.len = sizeof mixed - 1;
        in.name = "mixed.md";
    }
    op_job job = {.inputs = &in, .ninputs = 1};
    r->st = op_convert(&job, &o);
    r->data[round] = job.out_data;
    r->len[round] = job.out_len;
    r->errors += diag.errors;
}

static void *worker(void *ud)
{
    result *r = ud;
    for (int round = 0; round < ROUNDS; round++)
        run_job(r, round);
    return NULL;
}

static int same(const result *a, int ra, const result *b, int rb)
{
    return a->data[ra] && b->data[rb] && a->len[ra] == b->len[rb] &&
           memcmp(a->data[ra], b->data[rb], a->len[ra]) == 0;
}

static void test_parallel_matches_sequential(void)
{
    result seq[NJOBS], par[NJOBS];
    memset(seq, 0, sizeof seq);
    memset(par, 0, sizeof par);
    for (int i = 0; i < NJOBS; i++) {
        seq[i].spec = par[i].spec = &specs[i];
        run_job(&seq[i], 0);
        INT_EQ(seq[i].st, OP_OK);
        INT_EQ(seq[i].errors, 0);
    }
    pthread_t t[NJOBS];
    for (int i = 0; i < NJOBS; i++)
        OK(pthread_create(&t[i], NULL, worker, &par[i]) == 0, "thread %d", i);
    for (int i = 0; i < NJOBS; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < NJOBS; i++) {
        INT_EQ(par[i].st, OP_OK);
        INT_EQ(par[i].errors, 0);
        for (int round = 0; round < ROUNDS; round++)
            OK(same(&seq[i], 0, &par[i], round), "job %d round %d: %zu bytes, sequential %zu", i,
               round, par[i].len[round], seq[i].len[0]);
    }
    for (int i = 0; i < NJOBS; i++) {
        op_free(seq[i].data[0]);
        for (int round = 0; round < ROUNDS; round++)
            op_free(par[i].data[round]);
    }
}

int main(void)
{
    op_init(); /* before any thread starts */
    RUN(test_parallel_matches_sequential);
    DONE();
}
