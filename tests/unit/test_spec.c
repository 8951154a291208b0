/* Spec-example runner (cmark style): tests/spec/{html,text,md}.txt hold examples
 *   ```````````````````````````````` example
 *   input
 *   .
 *   expected op_doc_dump_new output
 *   ````````````````````````````````
 * Each input is parsed with the file's format (base_dir "/base"), checked with
 * op_doc_check, and its dump compared with the expected text. */
#include "harness.h"

#include "core/core.h"
#include "offprint/convert.h"

#define FENCE "````````````````````````````````"

static void run_example(op_format f, const char *file, int line, const char *in, size_t inlen,
                        const char *want)
{
    op_parse_opts o;
    memset(&o, 0, sizeof o);
    o.format = f;
    o.base_dir = "/base";
    op_doc *doc = NULL;
    op_status st = op_read(in, inlen, &o, NULL, &doc);
    OK(st == OP_OK, "%s:%d: status %d", file, line, (int)st);
    if (st)
        return;
    int bad = op_doc_check(doc, NULL);
    OK(bad == 0, "%s:%d: %d violations", file, line, bad);
    char *got = op_doc_dump_new(doc);
    OK(got && !strcmp(got, want), "%s:%d: example differs\n--- got\n%s--- want\n%s", file, line,
       got ? got : "(null)", want);
    op_free(got);
    op_doc_free(doc);
}

/* Walks the examples of one spec file; returns how many were run. */
static int run_file(const char *name, op_format f)
{
    char path[1024], *data = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/tests/spec/%s", OP_TEST_SRC_DIR, name);
    if (op_file_read(path, 0, &data, &len) != OP_OK) {
        OK(0, "cannot read %s", path);
        return 0;
    }
    int count = 0, line = 1, start = 0, state = 0; /* 0 outside, 1 input, 2 expected */
    op_buf in, want;
    op_buf_init(&in, 0);
    op_buf_init(&want, 0);
    for (char *p = data; p < data + len; line++) {
        char *nl = memchr(p, '\n', (size_t)(data + len - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(data + len - p);
        if (state == 0 && n >= 40 && !strncmp(p, FENCE " example", 40)) {
            state = 1;
            start = line;
            op_buf_reset(&in);
            op_buf_reset(&want);
        } else if (state == 1 && n == 1 && p[0] == '.') {
            state = 2;
        } else if (state == 2 && n == 32 && !strncmp(p, FENCE, 32)) {
            op_buf_addc(&want, 0);
            op_buf_addc(&in, 0);
            run_example(f, name, start, in.data, in.len - 1, want.data);
            count++;
            state = 0;
        } else if (state) {
            op_buf *b = state == 1 ? &in : &want;
            op_buf_add(b, p, n);
            op_buf_addc(b, '\n');
        }
        p += n + 1;
    }
    op_buf_free(&in);
    op_buf_free(&want);
    op_free(data);
    return count;
}

int main(void)
{
    OK(run_file("html.txt", OP_FORMAT_HTML) > 0, "no html examples");
    OK(run_file("text.txt", OP_FORMAT_TEXT) > 0, "no text examples");
    OK(run_file("md.txt", OP_FORMAT_MARKDOWN) > 0, "no md examples");
    DONE();
}
