/* Minimal unit-test harness (cmark api_test style). Each test file defines test
 * functions, calls them from main() through RUN(), and ends with DONE(), which
 * prints "N passed, N failed" and returns the exit code. */
#ifndef OP_TEST_HARNESS_H
#define OP_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

static int h_passed, h_failed;

#define OK(cond, ...)                                                                              \
    do {                                                                                           \
        if (cond) {                                                                                \
            h_passed++;                                                                            \
        } else {                                                                                   \
            h_failed++;                                                                            \
            fprintf(stderr, "%s:%d: FAILED: %s: ", __FILE__, __LINE__, #cond);                     \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

#define INT_EQ(got, want)                                                                          \
    do {                                                                                           \
        long long g_ = (long long)(got), w_ = (long long)(want);                                   \
        OK(g_ == w_, "got %lld, want %lld", g_, w_);                                               \
    } while (0)

#define STR_EQ(got, want)                                                                          \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        OK(g_ &&w_ &&strcmp(g_, w_) == 0, "got \"%s\", want \"%s\"", g_ ? g_ : "(null)", w_);      \
    } while (0)

#define RUN(fn)                                                                                    \
    do {                                                                                           \
        fn();                                                                                      \
    } while (0)

#define DONE()                                                                                     \
    do {                                                                                           \
        printf("%d passed, %d failed\n", h_passed, h_failed);                                      \
        return h_failed ? 1 : 0;                                                                   \
    } while (0)

#endif
