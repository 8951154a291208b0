/* Unit tests for src/core: buffers with caps, UTF-8, paths, arena, diag. */
#include "core/core.h"
#include "harness.h"

#include <stdlib.h>

static void test_buf(void)
{
    op_buf b;
    op_buf_init(&b, 10);
    INT_EQ(op_buf_adds(&b, "hello"), OP_OK);
    INT_EQ(op_buf_printf(&b, "%d", 1234), OP_OK);
    STR_EQ(b.data, "hello1234");
    INT_EQ(op_buf_adds(&b, "xy"), OP_ERR_LIMIT);
    INT_EQ(b.len, 9);
    size_t n;
    char *d = op_buf_detach(&b, &n);
    STR_EQ(d, "hello1234");
    INT_EQ(n, 9);
    op_free(d);
    op_buf_init(&b, 0);
    for (int i = 0; i < 1000; i++)
        op_buf_printf(&b, "%s",
                      "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
                      "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
                      "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
                      "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz");
    INT_EQ(b.len, 288000);
    op_buf_free(&b);
}

static void test_utf8(void)
{
    size_t i = 0;
    const char *s = "a\xC3\xA9\xED\x95\x9C\xF0\x9F\x98\x80";
    INT_EQ(op_utf8_next(s, 10, &i), 'a');
    INT_EQ(op_utf8_next(s, 10, &i), 0xE9);
    INT_EQ(op_utf8_next(s, 10, &i), 0xD55C);
    INT_EQ(op_utf8_next(s, 10, &i), 0x1F600);
    INT_EQ(i, 10);
    OK(op_utf8_valid(s, 10), "valid");
    OK(!op_utf8_valid("\xC3\x28", 2), "bad continuation");
    OK(!op_utf8_valid("\xC0\xAF", 2), "overlong");
    OK(!op_utf8_valid("\xED\xA0\x80", 3), "surrogate");
    OK(!op_utf8_valid("\xE2\x82", 2), "truncated");
    OK(op_utf8_valid("\xEF\xBF\xBD", 3), "real U+FFFD is valid");
    op_buf b;
    op_buf_init(&b, 0);
    op_utf8_sanitize(&b, "x\xFFy\x01z\n\xC3\xA9", 8);
    STR_EQ(b.data, "x\xEF\xBF\xBDyz\n\xC3\xA9");
    op_buf_free(&b);
    char out[4];
    INT_EQ(op_utf8_encode(0x1F600, out), 4);
    INT_EQ(op_utf8_encode(0xD800, out), 3); /* surrogate becomes U+FFFD */
}

static void test_path(void)
{
    char *d = op_path_dirname("/a/b/c.html");
    STR_EQ(d, "/a/b");
    op_free(d);
    d = op_path_dirname("c.html");
    STR_EQ(d, ".");
    op_free(d);
    d = op_path_join("/a/b/", "img/x.png");
    STR_EQ(d, "/a/b/img/x.png");
    op_free(d);
    d = op_path_join("/a", "/abs.png");
    STR_EQ(d, "/abs.png");
    op_free(d);
    char ext[16];
    op_path_ext("dir.v2/Page.HTML", ext, sizeof ext);
    STR_EQ(ext, "html");
    op_path_ext("dir.v2/README", ext, sizeof ext);
    STR_EQ(ext, "");
    op_path_ext("/x/.hidden", ext, sizeof ext);
    STR_EQ(ext, "");
    char *css = op_data_find(OP_TEST_SRC_DIR, "CMakeLists.txt");
    OK(css != NULL, "data file found in the override dir");
    op_free(css);
    OK(op_data_find("/nonexistent", "no/such/file") == NULL, "missing data file");
    char *txt;
    size_t len;
    INT_EQ(op_file_read("/nonexistent/file", 0, &txt, &len), OP_ERR_IO);
    INT_EQ(op_file_read(OP_TEST_SRC_DIR "/CMakeLists.txt", 10, &txt, &len), OP_ERR_LIMIT);
    OK(txt == NULL, "no buffer on failure");
}

static void test_arena(void)
{
    op_arena *a = op_arena_new();
    char *big = op_arena_alloc(a, 100000);
    big[99999] = 1;
    for (int i = 0; i < 10000; i++) {
        char *s = op_arena_strndup(a, "abcdef", 3);
        if (i == 9999)
            STR_EQ(s, "abc");
    }
    OK(((uintptr_t)op_arena_alloc(a, 3) & 15) == 0, "aligned");
    op_arena_free(a);
}

static int seen;
static void sink(void *ud, op_severity sev, const char *file, int line, const char *msg)
{
    (void)ud;
    (void)sev;
    (void)line;
    seen = file && msg && msg[0] == 'x';
}

static void test_diag(void)
{
    op_diag d = {sink, NULL, "f.html", 0, 0};
    op_diag_report(&d, OP_SEV_WARNING, NULL, 3, "x=%d", 1);
    op_diag_report(&d, OP_SEV_ERROR, "g", 0, "x");
    INT_EQ(d.warnings, 1);
    INT_EQ(d.errors, 1);
    OK(seen, "callback saw message");
    op_diag_report(NULL, OP_SEV_ERROR, NULL, 0, "no sink");
    STR_EQ(op_status_str(OP_ERR_LIMIT), "limit exceeded");
}

static void test_date(void)
{
    char out[40];
    op_date_display("2022-11-03", out, sizeof out);
    STR_EQ(out, "3 November 2022");
    op_date_display("2024-03-05T10:20:30+09:00", out, sizeof out);
    STR_EQ(out, "5 March 2024");
    op_date_display("2022-13-03", out, sizeof out);
    STR_EQ(out, "2022-13-03");
    op_date_display("Sept. 30", out, sizeof out);
    STR_EQ(out, "Sept. 30");
    op_date_display("2022/11/03", out, sizeof out); /* display shows ISO dates only */
    STR_EQ(out, "2022/11/03");
}

/* op_date_read: "text", forms, then year, month, day, bytes taken (0 0 0 0: not a date). */
static void test_date_read(void)
{
    static const struct {
        const char *s;
        unsigned forms;
        int y, m, d;
        size_t len;
    } cases[] = {
        {"2019-11-19 more", OP_DATE_ISO, 2019, 11, 19, 10},
        {"2019-1-5", OP_DATE_ISO, 2019, 1, 5, 8},
        {"2019/11/19", OP_DATE_ISO, 0, 0, 0, 0},
        {"2019/11/19", OP_DATE_NUMERIC, 2019, 11, 19, 10},
        {"2019-13-19", OP_DATE_ANY, 0, 0, 0, 0},
        {"2019-11-190", OP_DATE_ANY, 0, 0, 0, 0},
        {"11/19/2019", OP_DATE_NUMERIC, 2019, 11, 19, 10},
        {"19/11/2019", OP_DATE_NUMERIC, 0, 0, 0, 0},
        {"Nov. 3, 2022 x", OP_DATE_MONTH_DAY, 2022, 11, 3, 12},
        {"november 3 2022", OP_DATE_MONTH_DAY, 2022, 11, 3, 15},
        {"Sept\xC2\xA0"
         "30,\xE2\x80\xAF"
         "2021",
         OP_DATE_MONTH_DAY, 2021, 9, 30, 16},
        {"Juni 3, 2022", OP_DATE_MONTH_DAY, 2022, 6, 3, 12},
        {"Novembers 3, 2022", OP_DATE_MONTH_DAY, 2022, 11, 3, 17},
        {"Novemberly 3, 2022", OP_DATE_MONTH_DAY, 0, 0, 0, 0}, /* 10 letters */
        {"No 3, 2022", OP_DATE_MONTH_DAY, 0, 0, 0, 0},
        {"Nov. 3", OP_DATE_MONTH_DAY, 0, 0, 0, 0},
        {"Nov. 3 (AP)", OP_DATE_MONTH_DAY | OP_DATE_NO_YEAR, 0, 11, 3, 6},
        {"Nov. 3rd, 2022", OP_DATE_MONTH_DAY | OP_DATE_NO_YEAR, 0, 11, 3, 6},
        {"Nov. 32, 2022", OP_DATE_ANY, 0, 0, 0, 0},
        {"Nov. 123", OP_DATE_MONTH_DAY | OP_DATE_NO_YEAR, 0, 0, 0, 0},
        {"Nov. 3, 20221", OP_DATE_MONTH_DAY, 0, 0, 0, 0},
        {"3 November 2022", OP_DATE_DAY_MONTH, 2022, 11, 3, 15},
        {"3. Nov. 2022", OP_DATE_DAY_MONTH, 2022, 11, 3, 12},
        {"3 November 2022", OP_DATE_MONTH_DAY | OP_DATE_ISO, 0, 0, 0, 0},
        {" 2019-11-19", OP_DATE_ANY, 0, 0, 0, 0}, /* no white space skipped */
        {"", OP_DATE_ANY, 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        op_date d;
        int ok = op_date_read(cases[i].s, strlen(cases[i].s), cases[i].forms, &d);
        OK(ok == (cases[i].m != 0), "%s: read %d", cases[i].s, ok);
        OK(d.year == cases[i].y && d.month == cases[i].m && d.day == cases[i].d &&
               d.len == cases[i].len,
           "%s: %d-%d-%d len %zu", cases[i].s, d.year, d.month, d.day, d.len);
    }
    op_date d;
    OK(op_date_read("2019-11-19T08:00:00-05:00", 25, OP_DATE_ISO, &d) && d.time &&
           d.time_len == 14 && !strncmp(d.time, "08:00:00-05:00", 14) && d.len == 25,
       "time kept");
    OK(op_date_read("2019-11-19T08:00", 13, OP_DATE_ISO, &d) && !d.time && d.len == 10,
       "a time cut by len is not read");
    /* two-digit years only when asked for (RFC 822 mail dates) */
    OK(!op_date_read("3 Jun 03", 8, OP_DATE_DAY_MONTH, &d), "no two-digit year by default");
    OK(op_date_read("3 Jun 03", 8, OP_DATE_DAY_MONTH | OP_DATE_YEAR2, &d) && d.year == 2003 &&
           d.len == 8,
       "03 is 2003");
    OK(op_date_read("3 Jun 99 10:00", 14, OP_DATE_DAY_MONTH | OP_DATE_YEAR2, &d) &&
           d.year == 1999 && d.len == 8,
       "99 is 1999");
    OK(!op_date_read("3 Jun 003", 9, OP_DATE_DAY_MONTH | OP_DATE_YEAR2, &d), "three digits");
}

static int64_t unix_of(const char *s)
{
    int64_t v;
    op_date_unix(s, strlen(s), &v);
    return v;
}

static void test_date_unix(void)
{
    INT_EQ(unix_of("1528207224"), 1528207224);
    INT_EQ(unix_of(" 1700000000123\n"), 1700000000); /* milliseconds */
    INT_EQ(unix_of("1970-01-01"), 0);
    INT_EQ(unix_of("2023-04-05T10:11:12.345Z"), 1680689472);
    INT_EQ(unix_of("2023-04-05T12:11:12+0200"), 1680689472);
    INT_EQ(unix_of("2023-04-05 12:11:12+02:00"), 1680689472);
    INT_EQ(unix_of("2023-04-05T05:11:12-05"), 1680689472);
    INT_EQ(unix_of("2023-04-05T10:11"), 1680689460);
    INT_EQ(unix_of("2000-02-29"), 951782400);
    INT_EQ(unix_of("Tue, 03 Jun 2003 09:39:21 GMT"), 1054633161);
    INT_EQ(unix_of("3 Jun 2003 11:39:21 +0200"), 1054633161);
    INT_EQ(unix_of("Tue, 3 June 03 02:39:21 PDT"), 1054633161);
    INT_EQ(unix_of("Tue, 03 Jun 2003"), 1054598400);
    /* not timestamps */
    INT_EQ(unix_of(""), -1);
    INT_EQ(unix_of("2023"), -1);
    INT_EQ(unix_of("2023-13-05"), -1);
    INT_EQ(unix_of("2023-04-05T25:00"), -1);
    INT_EQ(unix_of("2023-04-05T10:11 tomorrow"), -1);
    INT_EQ(unix_of("Tue, 03 Foo 2003"), -1);
    INT_EQ(unix_of("yesterday"), -1);
    INT_EQ(unix_of("12345678901234567890"), -1);
}

/* The sanitiser byte by byte, as it was before it read eight bytes at a time. */
static void sanitize_ref(op_buf *b, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t at = i;
        uint32_t cp = op_utf8_next(s, len, &i);
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F)
            continue;
        if (cp == 0xFFFD && i - at == 1)
            op_buf_add(b, "\xEF\xBF\xBD", 3);
        else
            op_buf_add(b, s + at, i - at);
    }
}

/* The word-at-a-time fast paths (op_utf8_sanitize, op_ascii_span) agree with the plain
 * byte loops on random text: every byte value, at every alignment, in runs of ASCII. */
static void test_utf8_fast_paths(void)
{
    static const unsigned char pick[] = {' ',  'a',  '~',  0x7F, 0x80, 0x1F, 0x00, '\t', '\n',
                                         '\r', 0xC3, 0xA9, 0xE2, 0x80, 0x94, 0xFF, 0xF0, 0x9F};
    uint32_t seed = 7;
    int same = 1, spans = 1;
    for (int r = 0; r < 3000 && same && spans; r++) {
        unsigned char s[64];
        seed = seed * 1103515245u + 12345u;
        size_t len = (seed >> 16) % sizeof s;
        for (size_t k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            unsigned v = (seed >> 16) % 64;
            s[k] = v < 40   ? (unsigned char)('A' + v % 26)
                   : v < 58 ? pick[v - 40]
                            : (unsigned char)(seed >> 8);
        }
        op_buf a, b;
        op_buf_init(&a, 0);
        op_buf_init(&b, 0);
        op_utf8_sanitize(&a, (const char *)s, len);
        sanitize_ref(&b, (const char *)s, len);
        same = a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
        size_t want = 0;
        while (want < len && s[want] < 0x80)
            want++;
        spans = op_ascii_span((const char *)s, len) == want;
        op_buf_free(&a);
        op_buf_free(&b);
    }
    OK(same, "op_utf8_sanitize differs from the byte loop");
    OK(spans, "op_ascii_span differs from the byte loop");
}

static void test_size_str(void)
{
    char b[32];
    STR_EQ(op_size_str(64u << 20, b, sizeof b), "64 MB");
    STR_EQ(op_size_str(2048, b, sizeof b), "2 KB");
    STR_EQ(op_size_str(1500000, b, sizeof b), "1.4 MB");
    STR_EQ(op_size_str(4700, b, sizeof b), "4.6 KB");
    STR_EQ(op_size_str(1000, b, sizeof b), "1000 bytes");
    STR_EQ(op_size_str(0, b, sizeof b), "0 bytes");
}

/* The FNV-1a test vectors (the empty string and "a" and "foobar" of the reference set). */
static void test_fnv64(void)
{
    OK(op_fnv64("", 0) == 0xcbf29ce484222325ULL, "empty");
    OK(op_fnv64("a", 1) == 0xaf63dc4c8601ec8cULL, "a");
    OK(op_fnv64("foobar", 6) == 0x85944171f73967e8ULL, "foobar");
    uint64_t h = OP_FNV64_INIT;
    for (const char *p = "foobar"; *p; p++)
        h = op_fnv64_step(h, (unsigned char)*p);
    OK(h == op_fnv64("foobar", 6), "by steps");
}

static int sum_piece(void *ud, const unsigned char *p, size_t n)
{
    size_t *got = ud;
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)((*got + i) % 7))
            return 1;
    *got += n;
    return 0;
}

static int stop_piece(void *ud, const unsigned char *p, size_t n)
{
    (void)ud;
    (void)p;
    (void)n;
    return 1;
}

/* The zlib adapter: CRC-32's check value; a stream deflated in pieces inflates back in
 * pieces; a truncated or stopped stream is an error. */
static void test_zlib(void)
{
    OK(op_crc32("123456789", 9) == 0xCBF43926u, "crc32 check value");
    OK(op_crc32("", 0) == 0, "crc32 of nothing");
    unsigned char row[1000];
    op_deflater *d = op_deflater_new(sizeof row * 5);
    OK(d != NULL, "deflater");
    for (int y = 0; y < 5; y++) {
        for (size_t i = 0; i < sizeof row; i++)
            row[i] = (unsigned char)((y * sizeof row + i) % 7);
        INT_EQ(op_deflater_add(d, row, sizeof row, y == 4), OP_OK);
    }
    size_t zlen;
    unsigned char *z = op_deflater_finish(d, &zlen);
    OK(z && zlen > 2 && zlen < 200, "deflated to %zu bytes", zlen);
    size_t got = 0;
    INT_EQ(op_inflate_each(z, zlen, 300, sum_piece, &got), OP_OK);
    OK(got == 5 * sizeof row, "inflated %zu bytes", got);
    got = 0;
    INT_EQ(op_inflate_each(z, zlen - 3, 300, sum_piece, &got), OP_ERR_PARSE);
    INT_EQ(op_inflate_each(z, zlen, 300, stop_piece, NULL), OP_ERR_PARSE);
    INT_EQ(op_inflate_each("not zlib", 8, 300, sum_piece, &got), OP_ERR_PARSE);
    op_free(z);
    d = op_deflater_new(10); /* nothing added: no stream */
    OK(op_deflater_finish(d, &zlen) == NULL && zlen == 0, "empty deflater");
}

int main(void)
{
    RUN(test_buf);
    RUN(test_utf8);
    RUN(test_utf8_fast_paths);
    RUN(test_path);
    RUN(test_arena);
    RUN(test_diag);
    RUN(test_date);
    RUN(test_date_read);
    RUN(test_date_unix);
    RUN(test_size_str);
    RUN(test_fnv64);
    RUN(test_zlib);
    DONE();
}
