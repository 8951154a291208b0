/* Minimal unit-test harness (cmark api_test style). Each test file defines test
 * functions, calls them from main() through RUN(), and ends with DONE(), which
 * prints "N passed, N failed, N skipped" and returns the exit code ctest reads.
 *
 * Checks that need something a machine may lack (epubcheck, a hyphenation dictionary,
 * qpdf) run in a ctest entry of their own, a group: RUN_NEEDS("epubcheck", fn) runs fn
 * only when OP_TEST_GROUP=epubcheck, and tests/CMakeLists.txt adds one entry per group
 * name it finds in RUN_NEEDS lines (unit_test_epub_epubcheck). Inside, need_tool() and
 * need_file() record a skip when the thing is missing; a run that skipped anything exits
 * 77 (ctest: "Skipped"), a run that checked nothing exits 1: never a pass for nothing.
 * OP_TEST_HIDE="qpdf hyph_en_US.dic" (names, or "*") makes them act as if those were
 * missing, to test that the skip is reported. */
#ifndef OP_TEST_HARNESS_H
#define OP_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int h_passed, h_failed, h_skipped;

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

/* Records that a check could not run, and why. */
#define SKIP(...)                                                                                  \
    do {                                                                                           \
        h_skipped++;                                                                               \
        printf("skip: ");                                                                          \
        printf(__VA_ARGS__);                                                                       \
        putchar('\n');                                                                             \
    } while (0)

/* The group this run is for (OP_TEST_GROUP), or "" for the main entry. */
static inline const char *h_group(void)
{
    const char *g = getenv("OP_TEST_GROUP");
    return g ? g : "";
}

/* 1 when this run is the ctest entry of group `g`. */
static inline int in_group(const char *g)
{
    return strcmp(h_group(), g) == 0;
}

/* 1 when OP_TEST_HIDE names `what` (or is "*"). */
static inline int h_hidden(const char *what)
{
    const char *hide = getenv("OP_TEST_HIDE");
    size_t n = strlen(what);
    if (!hide)
        return 0;
    for (const char *p = hide; *p;) {
        size_t k = strcspn(p, " ,");
        if ((k == 1 && *p == '*') || (k == n && strncmp(p, what, n) == 0))
            return 1;
        p += k;
        p += strspn(p, " ,");
    }
    return 0;
}

/* 1 when `path` is readable, else a skip naming `package` (where it comes from). */
static inline int need_file(const char *path, const char *package)
{
    const char *base = strrchr(path, '/');
    if (!h_hidden(base ? base + 1 : path) && access(path, R_OK) == 0)
        return 1;
    SKIP("%s missing (%s)", path, package);
    return 0;
}

/* 1 when the command `name` is on PATH, else a skip. */
static inline int need_tool(const char *name)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "command -v '%s' >/dev/null 2>&1", name);
    if (!h_hidden(name) && system(cmd) == 0)
        return 1;
    SKIP("%s not found on PATH", name);
    return 0;
}

#define RUN(fn)                                                                                    \
    do {                                                                                           \
        if (in_group(""))                                                                          \
            fn();                                                                                  \
    } while (0)

#define RUN_NEEDS(group, fn)                                                                       \
    do {                                                                                           \
        if (in_group(group))                                                                       \
            fn();                                                                                  \
    } while (0)

#define DONE()                                                                                     \
    do {                                                                                           \
        printf("%d passed, %d failed, %d skipped\n", h_passed, h_failed, h_skipped);               \
        if (!h_failed && !h_skipped && !h_passed)                                                  \
            fprintf(stderr, "nothing checked (OP_TEST_GROUP \"%s\")\n", h_group());                \
        return h_failed ? 1 : h_skipped ? 77 : h_passed ? 0 : 1;                                   \
    } while (0)

#endif
