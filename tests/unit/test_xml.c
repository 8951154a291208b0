/* Unit tests for src/xml: op_init() is idempotent and may race with itself; after it, four
 * threads at once build libxml2 trees (HTML parse) and write the same dump. Run under
 * ThreadSanitizer in CI, where a second xmlInitParser() or an unguarded one would show. */
#include "harness.h"

#include "offprint/convert.h"
#include "offprint/doc.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const char html[] = "<!doctype html><title>T</title><h1>Heading</h1>"
                           "<p>One <em>two</em> three.</p><ul><li>a</li><li>b</li></ul>";

typedef struct job {
    char *dump;
    op_status st;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    op_doc *doc = NULL;
    op_init(); /* every thread may call it; it runs once */
    op_parse_opts o;
    memset(&o, 0, sizeof o);
    o.format = OP_FORMAT_HTML;
    j->st = op_read(html, sizeof html - 1, &o, NULL, &doc);
    j->dump = doc ? op_doc_dump_new(doc) : NULL;
    op_doc_free(doc);
    return NULL;
}

static void test_threads(void)
{
    pthread_t t[4];
    job jobs[4];
    memset(jobs, 0, sizeof jobs);
    for (int i = 0; i < 4; i++)
        OK(pthread_create(&t[i], NULL, worker, &jobs[i]) == 0, "thread %d", i);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 4; i++) {
        INT_EQ(jobs[i].st, OP_OK);
        OK(jobs[i].dump && strstr(jobs[i].dump, "Heading"), "thread %d: %s", i,
           jobs[i].dump ? jobs[i].dump : "(null)");
        OK(jobs[i].dump && jobs[0].dump && strcmp(jobs[i].dump, jobs[0].dump) == 0,
           "thread %d differs", i);
    }
    for (int i = 0; i < 4; i++)
        op_free(jobs[i].dump);
    op_init(); /* again, later: nothing happens */
}

int main(void)
{
    RUN(test_threads);
    DONE();
}
