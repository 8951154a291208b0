/* Unit tests for src/image: sniffing, decoding every fixture in tests/fixtures/images
 * (8x6 PNG/GIF/WebP with a known pattern, 16x16 JPEG/lossy WebP with four flat
 * quadrants), the JPEG probe, PNG encoding round trips, limits and damaged input. */
#include "harness.h"
#include "image/image.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define FIX_DIR OP_TEST_SRC_DIR "/tests/fixtures/images/"

/*** Helpers ***/

typedef struct fixture {
    unsigned char *data;
    size_t len;
} fixture;

static fixture load(const char *name)
{
    fixture f = {NULL, 0};
    char path[512];
    snprintf(path, sizeof path, FIX_DIR "%s", name);
    char *d = NULL;
    op_status st = op_file_read(path, 0, &d, &f.len);
    OK(st == OP_OK, "cannot read %s", path);
    f.data = (unsigned char *)d;
    return f;
}

/* Decodes a fixture, checking it succeeds with the given geometry. */
static int decode(const char *name, int w, int h, int channels, int has_alpha, img_pixels *p)
{
    fixture f = load(name);
    char msg[200];
    op_status st = img_decode_ex(f.data, f.len, 0, p, msg, sizeof msg);
    op_free(f.data);
    OK(st == OP_OK, "%s: %s (%s)", name, op_status_str(st), msg);
    if (st != OP_OK)
        return 0;
    int ok = p->w == w && p->h == h && p->channels == channels && !!p->alpha == has_alpha;
    OK(ok, "%s: got %dx%d ch %d alpha %d", name, p->w, p->h, p->channels, p->alpha != NULL);
    if (!ok)
        img_pixels_free(p);
    return ok;
}

static const unsigned char *at(const img_pixels *p, int x, int y)
{
    return p->px + ((size_t)y * (size_t)p->w + (size_t)x) * (size_t)p->channels;
}

static int alpha_of(const img_pixels *p, int x, int y)
{
    return p->alpha ? p->alpha[y * p->w + x] : 255;
}

static int near(int got, int want, int tol)
{
    return got >= want - tol && got <= want + tol;
}

/* The pattern the generator wrote (see the file comment). */
static void rgb_at(int x, int y, int c[3])
{
    static const int fixed[5][3] = {
        {255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}, {0, 0, 0}};
    if (y == 0 && x < 5) {
        c[0] = fixed[x][0];
        c[1] = fixed[x][1];
        c[2] = fixed[x][2];
        return;
    }
    c[0] = x * 32;
    c[1] = y * 40;
    c[2] = 128;
}

static int gray_at(int x, int y)
{
    return x * 32 + y;
}

static int alpha_at(int x, int y)
{
    return (x == 7 && y == 5) ? 0 : 255 - x * 32;
}

static const int PAL[16][3] = {{255, 0, 0},     {0, 255, 0},     {0, 0, 255},     {255, 255, 255},
                               {0, 0, 0},       {128, 128, 0},   {0, 128, 128},   {128, 0, 128},
                               {10, 20, 30},    {40, 50, 60},    {70, 80, 90},    {100, 110, 120},
                               {130, 140, 150}, {160, 170, 180}, {190, 200, 210}, {220, 230, 240}};

/* Counts pixels whose RGB differs from the pattern (tolerance tol). The colour under
 * alpha 0 is free (the WebP encoder changes it). */
static int rgb_mismatches(const img_pixels *p, int tol)
{
    int bad = 0;
    for (int y = 0; y < p->h; y++) {
        for (int x = 0; x < p->w; x++) {
            if (alpha_of(p, x, y) == 0)
                continue;
            int c[3];
            rgb_at(x, y, c);
            const unsigned char *q = at(p, x, y);
            for (int i = 0; i < 3; i++)
                bad += !near(q[i], c[i], tol);
        }
    }
    return bad;
}

static int alpha_mismatches(const img_pixels *p, int tol)
{
    int bad = 0;
    for (int y = 0; y < p->h; y++) {
        for (int x = 0; x < p->w; x++)
            bad += !near(alpha_of(p, x, y), alpha_at(x, y), tol);
    }
    return bad;
}

/*** Sniffing ***/

static void test_sniff(void)
{
    INT_EQ(img_sniff((const unsigned char *)"\x89PNG\r\n\x1a\n....", 12), IMG_PNG);
    INT_EQ(img_sniff((const unsigned char *)"\xff\xd8\xff\xe0", 4), IMG_JPEG);
    INT_EQ(img_sniff((const unsigned char *)"GIF89a..", 8), IMG_GIF);
    INT_EQ(img_sniff((const unsigned char *)"GIF87a..", 8), IMG_GIF);
    INT_EQ(img_sniff((const unsigned char *)"RIFF\x10\0\0\0WEBPVP8 ", 16), IMG_WEBP);
    INT_EQ(img_sniff((const unsigned char *)"RIFF\x10\0\0\0WAVEfmt ", 16), IMG_UNKNOWN);
    INT_EQ(img_sniff((const unsigned char *)"<svg xmlns=''/>", 15), IMG_SVG);
    const char *svg = "\xef\xbb\xbf <?xml version='1.0'?>\n<!-- x -->\n<svg/>";
    INT_EQ(img_sniff((const unsigned char *)svg, strlen(svg)), IMG_SVG);
    INT_EQ(img_sniff((const unsigned char *)"<?xml version='1.0'?><html/>", 28), IMG_UNKNOWN);
    INT_EQ(img_sniff((const unsigned char *)"\x89PN", 3), IMG_UNKNOWN);
    INT_EQ(img_sniff(NULL, 0), IMG_UNKNOWN);
    STR_EQ(img_media_type(IMG_PNG), "image/png");
    STR_EQ(img_media_type(IMG_JPEG), "image/jpeg");
    STR_EQ(img_media_type(IMG_GIF), "image/gif");
    STR_EQ(img_media_type(IMG_WEBP), "image/webp");
    STR_EQ(img_media_type(IMG_SVG), "image/svg+xml");
    OK(img_media_type(IMG_UNKNOWN) == NULL, "unknown has no media type");
}

/*** PNG ***/

static void check_gray(const char *name, int (*want)(int x, int y))
{
    img_pixels p;
    if (!decode(name, 8, 6, 1, 0, &p))
        return;
    int bad = 0;
    for (int y = 0; y < 6; y++)
        for (int x = 0; x < 8; x++)
            bad += at(&p, x, y)[0] != want(x, y);
    OK(bad == 0, "%s: %d gray mismatches", name, bad);
    img_pixels_free(&p);
}

static int gray1_want(int x, int y)
{
    return ((x + y) & 1) * 255;
}

static int gray2_want(int x, int y)
{
    (void)y;
    return (x % 4) * 85;
}

static int gray4_want(int x, int y)
{
    return ((x + y * 8) % 16) * 17;
}

static void test_png_gray(void)
{
    check_gray("gray1.png", gray1_want);
    check_gray("gray1_adam7.png", gray1_want);
    check_gray("gray2.png", gray2_want);
    check_gray("gray4.png", gray4_want);
    check_gray("gray8.png", gray_at);
    check_gray("gray16.png", gray_at);
}

static void check_gray_alpha(const char *name)
{
    img_pixels p;
    if (!decode(name, 8, 6, 1, 1, &p))
        return;
    int bad = 0;
    for (int y = 0; y < 6; y++)
        for (int x = 0; x < 8; x++)
            bad += at(&p, x, y)[0] != gray_at(x, y);
    OK(bad == 0, "%s: %d gray mismatches", name, bad);
    INT_EQ(alpha_mismatches(&p, 0), 0);
    img_pixels_free(&p);
}

static void check_rgb(const char *name, int with_alpha)
{
    img_pixels p;
    if (!decode(name, 8, 6, 3, with_alpha, &p))
        return;
    OK(rgb_mismatches(&p, 0) == 0, "%s: rgb mismatches", name);
    if (with_alpha)
        OK(alpha_mismatches(&p, 0) == 0, "%s: alpha mismatches", name);
    const unsigned char *red = at(&p, 0, 0);
    OK(red[0] == 255 && red[1] == 0 && red[2] == 0, "%s: (0,0) is not red", name);
    img_pixels_free(&p);
}

static void test_png_truecolor(void)
{
    check_gray_alpha("graya8.png");
    check_gray_alpha("graya16.png");
    check_rgb("rgb8.png", 0);
    check_rgb("rgb16.png", 0);
    check_rgb("rgb8_adam7.png", 0);
    check_rgb("rgba8.png", 1);
    check_rgb("rgba16.png", 1);
    check_rgb("rgba8_adam7.png", 1);
    check_rgb("rgba16_adam7.png", 1);
}

static void check_palette(const char *name, int npal, int trns)
{
    img_pixels p;
    if (!decode(name, 8, 6, 3, trns, &p))
        return;
    int bad = 0;
    for (int y = 0; y < 6; y++) {
        for (int x = 0; x < 8; x++) {
            int idx = (x + y) % npal;
            const unsigned char *q = at(&p, x, y);
            bad += q[0] != PAL[idx][0] || q[1] != PAL[idx][1] || q[2] != PAL[idx][2];
            int a = idx == 0 ? 0 : idx == 1 ? 128 : 255;
            bad += alpha_of(&p, x, y) != (trns ? a : 255);
        }
    }
    OK(bad == 0, "%s: %d palette mismatches", name, bad);
    img_pixels_free(&p);
}

static void test_png_palette(void)
{
    check_palette("pal1.png", 2, 0);
    check_palette("pal2.png", 4, 0);
    check_palette("pal4.png", 16, 0);
    check_palette("pal8.png", 16, 0);
    check_palette("pal1_trns.png", 2, 1);
    check_palette("pal2_trns.png", 4, 1);
    check_palette("pal4_trns.png", 16, 1);
    check_palette("pal8_trns.png", 16, 1);
    check_palette("pal2_trns_adam7.png", 4, 1);
}

/* tRNS colour key: exactly one pixel matches it. */
static void check_key(const char *name, int channels, int kx, int ky)
{
    img_pixels p;
    if (!decode(name, 8, 6, channels, 1, &p))
        return;
    int bad = 0;
    for (int y = 0; y < 6; y++)
        for (int x = 0; x < 8; x++)
            bad += alpha_of(&p, x, y) != ((x == kx && y == ky) ? 0 : 255);
    OK(bad == 0, "%s: %d alpha mismatches", name, bad);
    if (channels == 1)
        INT_EQ(at(&p, 1, 1)[0], gray_at(1, 1));
    else
        OK(rgb_mismatches(&p, 0) == 0, "%s: rgb mismatches", name);
    img_pixels_free(&p);
}

static void test_png_colour_key(void)
{
    check_key("gray8_trns.png", 1, 1, 1);
    check_key("gray16_trns.png", 1, 1, 1);
    check_key("rgb8_trns.png", 3, 0, 0);
    check_key("rgb16_trns.png", 3, 0, 0);
}

/*** JPEG ***/

/* Quadrant centres of the 16x16 JPEG/WebP fixtures: top-left, top-right, bottom-left,
 * bottom-right. */
static const int QX[4] = {4, 12, 4, 12}, QY[4] = {4, 4, 12, 12};

static void check_quadrants(const char *name, int channels, const int want[4][3], int tol)
{
    img_pixels p;
    if (!decode(name, 16, 16, channels, 0, &p))
        return;
    for (int q = 0; q < 4; q++) {
        const unsigned char *v = at(&p, QX[q], QY[q]);
        int ok = 1;
        for (int i = 0; i < channels; i++)
            ok &= near(v[i], want[q][i], tol);
        if (channels == 1)
            OK(ok, "%s quadrant %d: got %d, want %d", name, q, v[0], want[q][0]);
        else
            OK(ok, "%s quadrant %d: got %d,%d,%d, want %d,%d,%d", name, q, v[0], v[1], v[2],
               want[q][0], want[q][1], want[q][2]);
    }
    img_pixels_free(&p);
}

static const int RGBQ[4][3] = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {255, 255, 255}};

static void test_jpeg_decode(void)
{
    static const int grayq[4][3] = {{0}, {85}, {170}, {255}};
    /* cyan, magenta, yellow inks and 50% black */
    static const int cmykq[4][3] = {{0, 255, 255}, {255, 0, 255}, {255, 255, 0}, {127, 127, 127}};
    check_quadrants("gray.jpg", 1, grayq, 4);
    check_quadrants("rgb.jpg", 3, RGBQ, 10);
    check_quadrants("progressive.jpg", 3, RGBQ, 10);
    check_quadrants("cmyk.jpg", 3, cmykq, 10);
    check_quadrants("cmyk_adobe.jpg", 3, cmykq, 10);
    check_quadrants("ycck_adobe.jpg", 3, cmykq, 12);
}

static void probe(const char *name, int comps, int prog, int inverted, int pass)
{
    fixture f = load(name);
    img_jpeg_info ji;
    op_status st = img_jpeg_probe(f.data, f.len, &ji);
    op_free(f.data);
    INT_EQ(st, OP_OK);
    OK(ji.w == 16 && ji.h == 16, "%s: %dx%d", name, ji.w, ji.h);
    OK(ji.components == comps && ji.progressive == prog && ji.adobe_inverted == inverted &&
           ji.passthrough_ok == pass,
       "%s: comps %d prog %d inverted %d pass %d", name, ji.components, ji.progressive,
       ji.adobe_inverted, ji.passthrough_ok);
}

static void test_jpeg_probe(void)
{
    probe("gray.jpg", 1, 0, 0, 1);
    probe("rgb.jpg", 3, 0, 0, 1);
    probe("progressive.jpg", 3, 1, 0, 1);
    probe("cmyk.jpg", 4, 0, 0, 0);
    probe("cmyk_adobe.jpg", 4, 0, 1, 1);
    probe("ycck_adobe.jpg", 4, 0, 1, 1);
    /* A lossless (SOF3) 12-bit header: understood, but not for pass-through. */
    static const unsigned char sof3[] = {0xFF, 0xD8, 0xFF, 0xC3, 0x00, 0x0B, 12,   0x00, 0x20,
                                         0x00, 0x30, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9};
    img_jpeg_info ji;
    INT_EQ(img_jpeg_probe(sof3, sizeof sof3, &ji), OP_OK);
    OK(ji.w == 48 && ji.h == 32 && ji.components == 1 && !ji.passthrough_ok, "sof3 probe");
    /* Not JPEG, no SOF, segment length running past the end. */
    INT_EQ(img_jpeg_probe((const unsigned char *)"\x89PNG", 4, &ji), OP_ERR_PARSE);
    static const unsigned char nosof[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0, 0, 0xFF, 0xD9};
    INT_EQ(img_jpeg_probe(nosof, sizeof nosof, &ji), OP_ERR_PARSE);
    static const unsigned char longseg[] = {0xFF, 0xD8, 0xFF, 0xC0, 0xFF, 0xFF, 8, 0, 16};
    INT_EQ(img_jpeg_probe(longseg, sizeof longseg, &ji), OP_ERR_PARSE);
    INT_EQ(img_jpeg_probe(NULL, 0, &ji), OP_ERR_PARSE);
}

/*** GIF and WebP ***/

static const int GIFC[4][3] = {{0, 0, 0}, {255, 0, 0}, {0, 255, 0}, {0, 0, 255}};

static void check_gif_pattern(const char *name)
{
    img_pixels p;
    if (!decode(name, 8, 6, 3, 1, &p))
        return;
    int bad = 0;
    for (int y = 0; y < 6; y++) {
        for (int x = 0; x < 8; x++) {
            int idx = (x + y) % 4;
            const unsigned char *q = at(&p, x, y);
            bad += alpha_of(&p, x, y) != (idx == 0 ? 0 : 255);
            bad += idx && (q[0] != GIFC[idx][0] || q[1] != GIFC[idx][1] || q[2] != GIFC[idx][2]);
        }
    }
    OK(bad == 0, "%s: %d mismatches", name, bad);
    img_pixels_free(&p);
}

static void test_gif(void)
{
    check_gif_pattern("trans.gif");
    check_gif_pattern("interlaced.gif");
    /* First frame only: 4x3 at (2,1) on an 8x6 screen; the rest is transparent. */
    img_pixels p;
    if (!decode("anim_offset.gif", 8, 6, 3, 1, &p))
        return;
    INT_EQ(alpha_of(&p, 0, 0), 0);
    INT_EQ(alpha_of(&p, 2, 1), 0); /* index 0 is the transparent one */
    INT_EQ(alpha_of(&p, 3, 1), 255);
    const unsigned char *red = at(&p, 3, 1);
    OK(red[0] == 255 && red[1] == 0 && red[2] == 0, "(3,1) is not red");
    INT_EQ(alpha_of(&p, 6, 1), 0);
    INT_EQ(alpha_of(&p, 5, 4), 0);
    img_pixels_free(&p);
}

static void test_gif_opaque(void)
{
    /* No graphics control block: no transparency, so the alpha plane is dropped. */
    img_pixels p;
    if (!decode("opaque.gif", 8, 6, 3, 0, &p))
        return;
    int bad = 0;
    for (int y = 0; y < 6; y++) {
        for (int x = 0; x < 8; x++) {
            const int *c = GIFC[(x + y) % 4];
            const unsigned char *q = at(&p, x, y);
            bad += q[0] != c[0] || q[1] != c[1] || q[2] != c[2];
        }
    }
    OK(bad == 0, "opaque.gif: %d mismatches", bad);
    img_pixels_free(&p);
}

static void test_webp(void)
{
    check_quadrants("lossy.webp", 3, RGBQ, 24);
    check_rgb("lossless.webp", 0);
    check_rgb("lossless_alpha.webp", 1);
    img_pixels p;
    if (decode("lossy_alpha.webp", 8, 6, 3, 1, &p)) {
        INT_EQ(alpha_mismatches(&p, 4), 0);
        img_pixels_free(&p);
    }
}

/*** Limits and damaged input ***/

static void test_limits(void)
{
    fixture f = load("rgb8.png");
    img_pixels p;
    INT_EQ(img_decode(f.data, f.len, 47, &p), OP_ERR_LIMIT);
    OK(p.px == NULL && p.alpha == NULL, "failed decode leaves nothing");
    INT_EQ(img_decode(f.data, f.len, 48, &p), OP_OK);
    img_pixels_free(&p);
    img_pixels_free(&p); /* twice is harmless */
    op_free(f.data);
    const char *names[] = {"rgb.jpg", "trans.gif", "lossless.webp", "progressive.jpg"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        f = load(names[i]);
        INT_EQ(img_decode(f.data, f.len, 40, &p), OP_ERR_LIMIT);
        op_free(f.data);
    }
    /* Headers claiming 20000x20000 (PNG), 60000x60000 (JPEG), 65535x65535 (GIF). */
    const char *big[] = {"big.png", "big.jpg", "big.gif"};
    const char *dims[] = {"20000x20000", "60000x60000", "65535x65535"};
    for (int i = 0; i < 3; i++) {
        f = load(big[i]);
        char msg[120];
        INT_EQ(img_decode_ex(f.data, f.len, 0, &p, msg, sizeof msg), OP_ERR_LIMIT);
        OK(strstr(msg, dims[i]) != NULL, "%s: limit message: %s", big[i], msg);
        op_free(f.data);
    }
}

static void test_unsupported(void)
{
    img_pixels p;
    const char *svg = "<svg xmlns='http://www.w3.org/2000/svg'/>";
    INT_EQ(img_decode((const unsigned char *)svg, strlen(svg), 0, &p), OP_ERR_UNSUPPORTED);
    INT_EQ(img_decode((const unsigned char *)"hello", 5, 0, &p), OP_ERR_UNSUPPORTED);
    INT_EQ(img_decode(NULL, 0, 0, &p), OP_ERR_PARSE);
    INT_EQ(img_decode((const unsigned char *)"\x89PNG\r\n\x1a\n", 8, 0, &p), OP_ERR_PARSE);
    INT_EQ(img_decode((const unsigned char *)"\xff\xd8\xff", 3, 0, &p), OP_ERR_PARSE);
    /* Lossless (SOF3) JPEG: libjpeg-turbo 2.1 cannot decode it. */
    static const unsigned char sof3[] = {0xFF, 0xD8, 0xFF, 0xC3, 0x00, 0x0B, 8,    0x00, 0x20,
                                         0x00, 0x30, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xD9};
    INT_EQ(img_decode(sof3, sizeof sof3, 0, &p), OP_ERR_UNSUPPORTED);
    INT_EQ(img_decode((const unsigned char *)"GIF89a", 6, 0, &p), OP_ERR_PARSE);
    INT_EQ(img_decode((const unsigned char *)"RIFF\0\0\0\0WEBP", 12, 0, &p), OP_ERR_PARSE);
}

static const char *ALL[] = {"gray1.png",
                            "gray2.png",
                            "gray4.png",
                            "gray8.png",
                            "gray16.png",
                            "gray8_trns.png",
                            "gray16_trns.png",
                            "graya8.png",
                            "graya16.png",
                            "rgb8.png",
                            "rgb16.png",
                            "rgb8_trns.png",
                            "rgb16_trns.png",
                            "rgba8.png",
                            "rgba16.png",
                            "pal1.png",
                            "pal2.png",
                            "pal4.png",
                            "pal8.png",
                            "pal1_trns.png",
                            "pal2_trns.png",
                            "pal4_trns.png",
                            "pal8_trns.png",
                            "rgb8_adam7.png",
                            "rgba8_adam7.png",
                            "gray1_adam7.png",
                            "pal2_trns_adam7.png",
                            "rgba16_adam7.png",
                            "gray.jpg",
                            "rgb.jpg",
                            "progressive.jpg",
                            "cmyk.jpg",
                            "cmyk_adobe.jpg",
                            "ycck_adobe.jpg",
                            "trans.gif",
                            "interlaced.gif",
                            "anim_offset.gif",
                            "opaque.gif",
                            "lossy.webp",
                            "lossless.webp",
                            "lossless_alpha.webp",
                            "lossy_alpha.webp"};
#define NALL (sizeof ALL / sizeof *ALL)

/* The header probe agrees with the decoder on every fixture. */
static void test_probe_size(void)
{
    for (size_t i = 0; i < NALL; i++) {
        fixture f = load(ALL[i]);
        img_pixels p;
        int w = -1, h = -1;
        op_status st = img_probe_size(f.data, f.len, &w, &h);
        if (img_decode(f.data, f.len, 0, &p) == OP_OK) {
            OK(st == OP_OK && w == p.w && h == p.h, "%s: probe %dx%d, decode %dx%d", ALL[i], w, h,
               p.w, p.h);
            img_pixels_free(&p);
        }
        op_free(f.data);
    }
    fixture f = load("big.jpg");
    int w = 0, h = 0;
    INT_EQ(img_probe_size(f.data, f.len, &w, &h), OP_OK);
    OK(w == 60000 && h == 60000, "big.jpg probe %dx%d", w, h);
    op_free(f.data);
    f = load("big.gif");
    INT_EQ(img_probe_size(f.data, f.len, &w, &h), OP_OK);
    OK(w == 65535 && h == 65535, "big.gif probe %dx%d", w, h);
    op_free(f.data);
    f = load("big.png");
    INT_EQ(img_probe_size(f.data, f.len, &w, &h), OP_OK);
    OK(w == 20000 && h == 20000, "big.png probe %dx%d", w, h);
    INT_EQ(img_probe_size(f.data, 20, &w, &h), OP_ERR_PARSE);
    OK(w == 0 && h == 0, "failed probe zeroes the size");
    op_free(f.data);
    const char *svg = "<svg/>";
    INT_EQ(img_probe_size((const unsigned char *)svg, 6, &w, &h), OP_ERR_UNSUPPORTED);
    INT_EQ(img_probe_size((const unsigned char *)"GIF89a\x08\0\x06\0", 10, &w, &h), OP_ERR_PARSE);
}

/* Every prefix of every fixture: no crash or leak (ASan/valgrind); cuts in the first half
 * always fail, and a success has the full geometry. */
static void test_truncated(void)
{
    for (size_t i = 0; i < NALL; i++) {
        fixture f = load(ALL[i]);
        img_pixels full;
        if (img_decode(f.data, f.len, 0, &full) != OP_OK) {
            OK(0, "%s does not decode", ALL[i]);
            op_free(f.data);
            continue;
        }
        int early_ok = 0, bad_geom = 0;
        for (size_t n = 0; n < f.len; n++) {
            img_pixels p;
            if (img_decode(f.data, n, 0, &p) != OP_OK)
                continue;
            early_ok += n <= f.len / 2;
            bad_geom += p.w != full.w || p.h != full.h;
            img_pixels_free(&p);
        }
        OK(early_ok == 0 && bad_geom == 0, "%s: %d early successes, %d bad sizes", ALL[i], early_ok,
           bad_geom);
        img_pixels_free(&full);
        op_free(f.data);
    }
}

/* Deterministic byte corruption of every fixture: must never crash. */
static void test_corrupt(void)
{
    unsigned seed = 12345;
    int runs = 0;
    for (size_t i = 0; i < NALL; i++) {
        fixture f = load(ALL[i]);
        unsigned char *buf = op_malloc(f.len);
        for (int k = 0; k < 300; k++) {
            memcpy(buf, f.data, f.len);
            for (int m = 0; m < 1 + k % 4; m++) {
                seed = seed * 1103515245u + 12345u;
                buf[(seed >> 8) % f.len] ^= (unsigned char)(1 + (seed >> 20) % 255);
            }
            img_pixels p;
            if (img_decode(buf, f.len, 0, &p) == OP_OK)
                img_pixels_free(&p);
            img_jpeg_info ji;
            (void)img_jpeg_probe(buf, f.len, &ji);
            runs++;
        }
        op_free(buf);
        op_free(f.data);
    }
    INT_EQ(runs, (int)NALL * 300);
    /* A damaged IDAT (CRC mismatch) is an error with a message. */
    fixture f = load("rgb8.png");
    f.data[f.len - 20] ^= 0x55;
    img_pixels p;
    char msg[120];
    INT_EQ(img_decode_ex(f.data, f.len, 0, &p, msg, sizeof msg), OP_ERR_PARSE);
    OK(strncmp(msg, "png: ", 5) == 0, "message: %s", msg);
    op_free(f.data);
}

/*** Threads: the codecs keep no global state ***/

typedef struct thread_job {
    fixture *fx;
    unsigned long sums[64];
    int failures;
} thread_job;

static unsigned long pixel_sum(const img_pixels *p)
{
    size_t n = (size_t)p->w * (size_t)p->h;
    unsigned long s = 0;
    for (size_t i = 0; i < n * (size_t)p->channels; i++)
        s = s * 31 + p->px[i];
    for (size_t i = 0; p->alpha && i < n; i++)
        s = s * 31 + p->alpha[i];
    return s;
}

static void *thread_main(void *arg)
{
    thread_job *j = arg;
    for (int round = 0; round < 10; round++) {
        for (size_t i = 0; i < NALL; i++) {
            img_pixels p;
            if (img_decode(j->fx[i].data, j->fx[i].len, 0, &p) != OP_OK) {
                j->failures++;
                continue;
            }
            unsigned long s = pixel_sum(&p);
            if (round > 0 && s != j->sums[i])
                j->failures++;
            j->sums[i] = s;
            img_pixels_free(&p);
        }
    }
    return NULL;
}

static void test_threads(void)
{
    fixture fx[NALL];
    for (size_t i = 0; i < NALL; i++)
        fx[i] = load(ALL[i]);
    thread_job jobs[4];
    pthread_t tid[4];
    for (int t = 0; t < 4; t++) {
        memset(&jobs[t], 0, sizeof jobs[t]);
        jobs[t].fx = fx;
        INT_EQ(pthread_create(&tid[t], NULL, thread_main, &jobs[t]), 0);
    }
    for (int t = 0; t < 4; t++)
        pthread_join(tid[t], NULL);
    for (int t = 0; t < 4; t++) {
        INT_EQ(jobs[t].failures, 0);
        OK(memcmp(jobs[t].sums, jobs[0].sums, sizeof jobs[0].sums) == 0, "thread %d differs", t);
    }
    for (size_t i = 0; i < NALL; i++)
        op_free(fx[i].data);
}

/*** PNG encoding ***/

static void roundtrip(const char *name)
{
    fixture f = load(name);
    img_pixels a, b;
    op_status st = img_decode(f.data, f.len, 0, &a);
    op_free(f.data);
    INT_EQ(st, OP_OK);
    if (st != OP_OK)
        return;
    op_buf out;
    op_buf_init(&out, 0);
    INT_EQ(img_encode_png(&a, &out), OP_OK);
    INT_EQ(img_sniff((const unsigned char *)out.data, out.len), IMG_PNG);
    st = img_decode((const unsigned char *)out.data, out.len, 0, &b);
    INT_EQ(st, OP_OK);
    if (st == OP_OK) {
        size_t n = (size_t)a.w * (size_t)a.h;
        int same = a.w == b.w && a.h == b.h && a.channels == b.channels && !!a.alpha == !!b.alpha &&
                   memcmp(a.px, b.px, n * (size_t)a.channels) == 0 &&
                   (!a.alpha || memcmp(a.alpha, b.alpha, n) == 0);
        OK(same, "%s: round trip differs", name);
        img_pixels_free(&b);
    }
    op_buf_free(&out);
    img_pixels_free(&a);
}

static void test_encode_png(void)
{
    roundtrip("gray8.png");
    roundtrip("graya8.png");
    roundtrip("rgb16.png");
    roundtrip("rgba8_adam7.png");
    roundtrip("pal2_trns.png");
    roundtrip("cmyk_adobe.jpg");
    roundtrip("trans.gif");
    roundtrip("lossy_alpha.webp");
    /* Output cap and bad input. */
    unsigned char px[4 * 4 * 3] = {0};
    img_pixels p = {4, 4, 3, px, NULL};
    op_buf out;
    op_buf_init(&out, 20);
    INT_EQ(img_encode_png(&p, &out), OP_ERR_LIMIT);
    op_buf_free(&out);
    op_buf_init(&out, 0);
    p.channels = 2;
    INT_EQ(img_encode_png(&p, &out), OP_ERR_USAGE);
    p.channels = 3;
    p.w = 0;
    INT_EQ(img_encode_png(&p, &out), OP_ERR_USAGE);
    INT_EQ(img_encode_png(NULL, &out), OP_ERR_USAGE);
    op_buf_free(&out);
}

/*** Flate streams for the PDF ***/

/* Undoes what a PDF reader undoes for /FlateDecode /Predictor 15: inflates f's data and
 * reverses each row's PNG filter. Returns the packed samples (w*colors*bpc bits a row,
 * byte aligned) or NULL. */
static unsigned char *unpredict(const img_flate *f, size_t *rowbytes)
{
    size_t rb = ((size_t)f->w * (size_t)f->colors * (size_t)f->bpc + 7) / 8;
    size_t bpp = ((size_t)f->colors * (size_t)f->bpc + 7) / 8;
    uLongf rawlen = (uLongf)((rb + 1) * (size_t)f->h);
    unsigned char *raw = op_malloc(rawlen), *out = op_calloc((size_t)f->h, rb);
    if (uncompress(raw, &rawlen, f->data, (uLong)f->len) != Z_OK ||
        rawlen != (rb + 1) * (size_t)f->h) {
        op_free(raw);
        op_free(out);
        return NULL;
    }
    for (size_t y = 0; y < (size_t)f->h; y++) {
        const unsigned char *in = raw + y * (rb + 1) + 1;
        unsigned char *row = out + y * rb, *up = y ? row - rb : NULL;
        for (size_t i = 0; i < rb; i++) {
            int a = i >= bpp ? row[i - bpp] : 0, b = up ? up[i] : 0;
            int c = up && i >= bpp ? up[i - bpp] : 0, pred = 0;
            int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
            switch (in[-1]) {
            case 1:
                pred = a;
                break;
            case 2:
                pred = b;
                break;
            case 3:
                pred = (a + b) / 2;
                break;
            case 4:
                pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
                break;
            default:
                break;
            }
            row[i] = (unsigned char)(in[i] + pred);
        }
    }
    op_free(raw);
    *rowbytes = rb;
    return out;
}

/* The PNG's flate stream gives the same pixels as decoding it (palette entries looked up). */
static void png_flate_same(const char *name)
{
    fixture fx = load(name);
    img_flate f;
    img_pixels p;
    op_status st = img_png_flate(fx.data, fx.len, &f);
    OK(st == OP_OK, "%s: %s", name, op_status_str(st));
    OK(img_decode(fx.data, fx.len, 0, &p) == OP_OK, "%s: no decode", name);
    size_t rb = 0;
    unsigned char *s = st == OP_OK ? unpredict(&f, &rb) : NULL;
    OK(s != NULL, "%s: stream does not inflate to the rows", name);
    int bad = 0;
    for (int y = 0; s && y < p.h; y++) {
        for (int x = 0; x < p.w; x++) {
            unsigned char want[3] = {0, 0, 0};
            if (f.palette) {
                int bit = x * f.bpc,
                    v = (s[(size_t)y * rb + (size_t)bit / 8] >> (8 - f.bpc - bit % 8)) &
                        ((1 << f.bpc) - 1);
                memcpy(want, f.palette + 3 * v, 3);
            } else {
                memcpy(want, s + (size_t)y * rb + (size_t)x * (size_t)f.colors, (size_t)f.colors);
            }
            if (memcmp(want, at(&p, x, y), (size_t)p.channels) != 0)
                bad++;
        }
    }
    OK(bad == 0, "%s: %d pixels differ", name, bad);
    op_free(s);
    img_pixels_free(&p);
    img_flate_free(&f);
    op_free(fx.data);
}

static void test_png_flate(void)
{
    png_flate_same("gray8.png");
    png_flate_same("rgb8.png");
    png_flate_same("pal1.png");
    png_flate_same("pal2.png");
    png_flate_same("pal4.png");
    png_flate_same("pal8.png");
    /* Everything else needs decoding: interlaced, transparency, 16 bits, gray < 8 bits,
     * alpha channels, other formats. */
    static const char *const no[] = {"rgb8_adam7.png", "gray1_adam7.png", "rgb8_trns.png",
                                     "pal4_trns.png",  "gray8_trns.png",  "rgb16.png",
                                     "gray16.png",     "gray4.png",       "rgba8.png",
                                     "graya8.png",     "rgb.jpg",         "opaque.gif"};
    img_flate f;
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
        fixture fx = load(no[i]);
        INT_EQ(img_png_flate(fx.data, fx.len, &f), OP_ERR_UNSUPPORTED);
        OK(f.data == NULL && f.palette == NULL, "%s: output left set", no[i]);
        op_free(fx.data);
    }
    /* Damage: a flipped byte inside IDAT (CRC), a cut file, a missing IEND. */
    fixture fx = load("rgb8.png");
    size_t idat = 8;
    while (idat + 8 < fx.len && memcmp(fx.data + idat + 4, "IDAT", 4) != 0)
        idat += 12 + ((size_t)fx.data[idat] << 24 | (size_t)fx.data[idat + 1] << 16 |
                      (size_t)fx.data[idat + 2] << 8 | fx.data[idat + 3]);
    OK(idat + 8 < fx.len, "rgb8.png has no IDAT");
    fx.data[idat + 9] ^= 0x55;
    INT_EQ(img_png_flate(fx.data, fx.len, &f), OP_ERR_UNSUPPORTED);
    fx.data[idat + 9] ^= 0x55;
    INT_EQ(img_png_flate(fx.data, fx.len - 12, &f), OP_ERR_UNSUPPORTED);
    INT_EQ(img_png_flate(fx.data, idat + 3, &f), OP_ERR_UNSUPPORTED);
    INT_EQ(img_png_flate(fx.data, fx.len, &f), OP_OK);
    img_flate_free(&f);
    op_free(fx.data);
}

/* Encoded pixels come back unchanged through a PDF reader's Flate + predictor decoding. */
static void flate_encode_same(const char *name)
{
    img_pixels p;
    fixture fx = load(name);
    OK(img_decode(fx.data, fx.len, 0, &p) == OP_OK, "%s: no decode", name);
    op_free(fx.data);
    img_flate f;
    INT_EQ(img_flate_encode(p.px, p.w, p.h, p.channels, &f), OP_OK);
    size_t rb = 0;
    unsigned char *s = unpredict(&f, &rb);
    OK(s && rb == (size_t)p.w * (size_t)p.channels && memcmp(s, p.px, rb * (size_t)p.h) == 0,
       "%s: pixels differ after the round trip", name);
    op_free(s);
    img_flate_free(&f);
    if (p.alpha) {
        INT_EQ(img_flate_encode(p.alpha, p.w, p.h, 1, &f), OP_OK);
        s = unpredict(&f, &rb);
        OK(s && memcmp(s, p.alpha, (size_t)p.w * (size_t)p.h) == 0, "%s: alpha differs", name);
        op_free(s);
        img_flate_free(&f);
    }
    img_pixels_free(&p);
}

static void test_flate_encode(void)
{
    flate_encode_same("gray8.png");
    flate_encode_same("rgba8_adam7.png");
    flate_encode_same("lossy.webp");
    flate_encode_same("rgb.jpg");
    unsigned char px[2 * 2 * 3] = {0};
    img_flate f;
    INT_EQ(img_flate_encode(px, 2, 2, 2, &f), OP_ERR_USAGE);
    INT_EQ(img_flate_encode(px, 0, 2, 3, &f), OP_ERR_USAGE);
    INT_EQ(img_flate_encode(NULL, 2, 2, 3, &f), OP_ERR_USAGE);
    INT_EQ(img_flate_encode(px, 1, 1, 3, &f), OP_OK);
    img_flate_free(&f);
}

static void test_fit_size(void)
{
    int w, h;
    img_fit_size(3000, 2000, 1600, &w, &h);
    INT_EQ(w, 1600);
    INT_EQ(h, 1067); /* 2000 * 1600 / 3000 = 1066.7, rounded */
    img_fit_size(1000, 4000, 1600, &w, &h);
    INT_EQ(w, 400);
    INT_EQ(h, 1600);
    img_fit_size(1600, 900, 1600, &w, &h); /* fits: unchanged */
    INT_EQ(w, 1600);
    INT_EQ(h, 900);
    img_fit_size(800, 600, 0, &w, &h); /* no cap */
    INT_EQ(w, 800);
    img_fit_size(10000, 3, 100, &w, &h); /* never 0 px */
    INT_EQ(w, 100);
    INT_EQ(h, 1);
}

/* Area averaging: 4x2 -> 2x1 averages 2x2 blocks exactly; a 3 -> 2 scale splits the middle
 * pixel between both outputs; transparent pixels do not darken their neighbours. */
static void test_downscale(void)
{
    unsigned char g[8] = {0, 100, 200, 250, 20, 40, 60, 70};
    img_pixels in = {4, 2, 1, g, NULL}, out;
    OK(img_downscale(&in, 2, 1, &out) == OP_OK, "downscale");
    INT_EQ(out.w, 2);
    INT_EQ(out.h, 1);
    INT_EQ(out.px[0], 40);  /* (0 + 100 + 20 + 40) / 4 */
    INT_EQ(out.px[1], 145); /* (200 + 250 + 60 + 70) / 4 */
    OK(out.alpha == NULL, "no alpha made up");
    img_pixels_free(&out);

    unsigned char row[3] = {0, 90, 180};
    img_pixels in3 = {3, 1, 1, row, NULL};
    OK(img_downscale(&in3, 2, 1, &out) == OP_OK, "3 -> 2");
    INT_EQ(out.px[0], 30);  /* (0 * 1 + 90 * 0.5) / 1.5 */
    INT_EQ(out.px[1], 150); /* (90 * 0.5 + 180 * 1) / 1.5 */
    img_pixels_free(&out);

    unsigned char rgb[6] = {255, 0, 0, 0, 0, 0}, al[2] = {255, 0};
    img_pixels ina = {2, 1, 3, rgb, al};
    OK(img_downscale(&ina, 1, 1, &out) == OP_OK, "alpha");
    INT_EQ(out.px[0], 255); /* red stays red: the black pixel is transparent */
    INT_EQ(out.alpha[0], 128);
    img_pixels_free(&out);

    INT_EQ(img_downscale(&in, 5, 1, &out), OP_ERR_USAGE); /* never enlarges */
    INT_EQ(img_downscale(&in, 0, 1, &out), OP_ERR_USAGE);
    OK(out.px == NULL, "zeroed on failure");
}

static void test_encode_jpeg(void)
{
    img_pixels a, b;
    op_buf out;
    char *data = NULL;
    size_t len = 0;

    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    OK(op_file_read(OP_TEST_SRC_DIR "/tests/fixtures/sample/article_files/hills.jpg", 0, &data,
                    &len) == OP_OK,
       "read hills.jpg");
    OK(img_decode((unsigned char *)data, len, 0, &a) == OP_OK, "decode");
    op_free(data);
    op_buf_init(&out, 0);
    OK(img_encode_jpeg(&a, 85, &out) == OP_OK, "encode");
    INT_EQ(img_sniff((unsigned char *)out.data, out.len), IMG_JPEG);
    OK(img_decode((unsigned char *)out.data, out.len, 0, &b) == OP_OK, "decode back");
    INT_EQ(b.w, a.w);
    INT_EQ(b.h, a.h);
    INT_EQ(b.channels, 3);
    long diff = 0;
    for (size_t i = 0; b.px && i < (size_t)a.w * (size_t)a.h * 3; i++)
        diff += labs((long)a.px[i] - (long)b.px[i]);
    OK(diff / ((long)a.w * a.h * 3) < 4, "mean error %ld", diff / ((long)a.w * a.h * 3));
    op_buf_free(&out);
    img_pixels_free(&b);
    /* alpha is refused; the cap is honoured */
    unsigned char al[1] = {0}, px[3] = {0};
    img_pixels t = {1, 1, 3, px, al};
    op_buf_init(&out, 0);
    INT_EQ(img_encode_jpeg(&t, 85, &out), OP_ERR_USAGE);
    op_buf_free(&out);
    op_buf_init(&out, 64);
    INT_EQ(img_encode_jpeg(&a, 85, &out), OP_ERR_LIMIT);
    op_buf_free(&out);
    img_pixels_free(&a);
}

int main(void)
{
    RUN(test_sniff);
    RUN(test_png_gray);
    RUN(test_png_truecolor);
    RUN(test_png_palette);
    RUN(test_png_colour_key);
    RUN(test_jpeg_decode);
    RUN(test_jpeg_probe);
    RUN(test_gif);
    RUN(test_gif_opaque);
    RUN(test_webp);
    RUN(test_limits);
    RUN(test_unsupported);
    RUN(test_probe_size);
    RUN(test_truncated);
    RUN(test_corrupt);
    RUN(test_encode_png);
    RUN(test_png_flate);
    RUN(test_flate_encode);
    RUN(test_fit_size);
    RUN(test_downscale);
    RUN(test_encode_jpeg);
    RUN(test_threads);
    DONE();
}
