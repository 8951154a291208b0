/* Image front door for both back ends: sniffing, the decode dispatch with its pixel limit,
 * shared pixel-plane helpers, and a bounded JPEG marker probe so the PDF writer can pass
 * JPEG bytes through untouched. The codec adapters live in img_png.c, img_jpeg.c,
 * img_gif.c and img_webp.c. */
#include "image/img_codec.h"

#include <stdio.h>
#include <string.h>

/*** Sniffing ***/

static int has_prefix(const unsigned char *d, size_t len, const char *magic, size_t n)
{
    return len >= n && memcmp(d, magic, n) == 0;
}

/* An XML prolog (declaration, comments, doctype) followed by an <svg root early on. */
static int looks_like_svg(const unsigned char *d, size_t len)
{
    size_t i = 0;
    if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
        i = 3;
    while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
        i++;
    d += i;
    len -= i;
    if (has_prefix(d, len, "<svg", 4))
        return 1;
    if (!has_prefix(d, len, "<?xml", 5) && !has_prefix(d, len, "<!--", 4) &&
        !has_prefix(d, len, "<!DOCTYPE", 9))
        return 0;
    size_t n = len < 4096 ? len : 4096;
    for (size_t j = 0; j + 4 <= n; j++) {
        if (memcmp(d + j, "<svg", 4) == 0)
            return 1;
    }
    return 0;
}

img_type img_sniff(const unsigned char *data, size_t len)
{
    if (!data)
        return IMG_UNKNOWN;
    if (has_prefix(data, len, "\x89PNG\r\n\x1a\n", 8))
        return IMG_PNG;
    if (has_prefix(data, len, "\xff\xd8\xff", 3))
        return IMG_JPEG;
    if (has_prefix(data, len, "GIF87a", 6) || has_prefix(data, len, "GIF89a", 6))
        return IMG_GIF;
    if (len >= 12 && memcmp(data, "RIFF", 4) == 0 && memcmp(data + 8, "WEBP", 4) == 0)
        return IMG_WEBP;
    if (looks_like_svg(data, len))
        return IMG_SVG;
    return IMG_UNKNOWN;
}

const char *img_media_type(img_type t)
{
    switch (t) {
    case IMG_PNG:
        return "image/png";
    case IMG_JPEG:
        return "image/jpeg";
    case IMG_GIF:
        return "image/gif";
    case IMG_WEBP:
        return "image/webp";
    case IMG_SVG:
        return "image/svg+xml";
    case IMG_UNKNOWN:
        return NULL;
    }
    return NULL;
}

/*** Shared helpers for the codec adapters ***/

void img_err_set(img_err *e, const char *fmt, ...)
{
    if (!e || !e->msg || e->size == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, e->size, fmt, ap);
    va_end(ap);
}

op_status img_check_size(long long w, long long h, size_t max_px, img_err *e)
{
    if (w <= 0 || h <= 0 || w > 0x7fffffff || h > 0x7fffffff) {
        img_err_set(e, "bad image size %lldx%lld", w, h);
        return OP_ERR_PARSE;
    }
    /* w, h < 2^31, so the product fits in 62 bits; the 4-byte-per-pixel buffers the
     * decoders use must fit in size_t as well. */
    unsigned long long px = (unsigned long long)w * (unsigned long long)h;
    if (px > max_px || px > SIZE_MAX / 4) {
        img_err_set(e, "image is %lldx%lld pixels, limit is %zu", w, h, max_px);
        return OP_ERR_LIMIT;
    }
    return OP_OK;
}

void img_pixels_alloc(img_pixels *out, int w, int h, int channels, int with_alpha)
{
    size_t n = (size_t)w * (size_t)h;
    out->w = w;
    out->h = h;
    out->channels = channels;
    out->px = op_malloc(n * (size_t)channels);
    out->alpha = NULL;
    if (with_alpha) {
        out->alpha = op_malloc(n);
        memset(out->alpha, 255, n);
    }
}

void img_drop_opaque_alpha(img_pixels *p)
{
    if (!p->alpha)
        return;
    size_t n = (size_t)p->w * (size_t)p->h;
    for (size_t i = 0; i < n; i++) {
        if (p->alpha[i] != 255)
            return;
    }
    op_free(p->alpha);
    p->alpha = NULL;
}

void img_split_alpha(img_pixels *p)
{
    size_t n = (size_t)p->w * (size_t)p->h;
    int cc = p->channels;
    unsigned char *a = op_malloc(n);
    /* Destination index i*cc never passes source index i*(cc+1): forward copy is safe. */
    for (size_t i = 0; i < n; i++) {
        const unsigned char *s = p->px + i * (size_t)(cc + 1);
        unsigned char *d = p->px + i * (size_t)cc;
        for (int c = 0; c < cc; c++)
            d[c] = s[c];
        a[i] = s[cc];
    }
    p->px = op_realloc(p->px, n * (size_t)cc);
    p->alpha = a;
}

/*** Decoding ***/

op_status img_decode_ex(const unsigned char *data, size_t len, size_t max_px, img_pixels *out,
                        char *msg, size_t msgsz)
{
    img_err e = {msg, msgsz};
    if (msg && msgsz)
        msg[0] = '\0';
    if (!out)
        return OP_ERR_USAGE;
    memset(out, 0, sizeof *out);
    if (!data) {
        img_err_set(&e, "no image data");
        return OP_ERR_PARSE;
    }
    if (max_px == 0)
        max_px = IMG_DEFAULT_MAX_PX;
    op_status st = OP_ERR_UNSUPPORTED;
    img_type t = img_sniff(data, len);
    switch (t) {
    case IMG_PNG:
        st = img_png_decode(data, len, max_px, out, &e);
        break;
    case IMG_JPEG:
        st = img_jpeg_decode(data, len, max_px, out, &e);
        break;
    case IMG_GIF:
        st = img_gif_decode(data, len, max_px, out, &e);
        break;
    case IMG_WEBP:
        st = img_webp_decode(data, len, max_px, out, &e);
        break;
    case IMG_SVG:
        img_err_set(&e, "SVG is not decoded to pixels");
        break;
    case IMG_UNKNOWN:
        img_err_set(&e, "unknown image format");
        break;
    }
    if (st != OP_OK)
        img_pixels_free(out);
    else
        img_drop_opaque_alpha(out);
    return st;
}

op_status img_decode(const unsigned char *data, size_t len, size_t max_px, img_pixels *out)
{
    return img_decode_ex(data, len, max_px, out, NULL, 0);
}

void img_pixels_free(img_pixels *p)
{
    if (!p)
        return;
    op_free(p->px);
    op_free(p->alpha);
    memset(p, 0, sizeof *p);
}

/*** Size probe (headers only) ***/

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[1] << 8 | p[0];
}

/* Skips GIF extension blocks up to the first image descriptor; returns its offset or 0. */
static size_t gif_first_image(const unsigned char *d, size_t len)
{
    size_t i = 13;
    if (d[10] & 0x80)
        i += (size_t)3 << ((d[10] & 7) + 1); /* global colour table */
    while (i < len && d[i] == 0x21) {
        i += 2; /* introducer and label, then sub-blocks up to a zero length */
        while (i < len && d[i] != 0)
            i += (size_t)d[i] + 1;
        i++;
    }
    return i < len && d[i] == 0x2C && len - i >= 9 ? i : 0;
}

static op_status gif_size(const unsigned char *d, size_t len, int *w, int *h)
{
    if (len < 13)
        return OP_ERR_PARSE;
    unsigned sw = le16(d + 6), sh = le16(d + 8);
    size_t im = gif_first_image(d, len);
    if (!im)
        return OP_ERR_PARSE;
    unsigned l = le16(d + im + 1), t = le16(d + im + 3);
    unsigned fw = le16(d + im + 5), fh = le16(d + im + 7);
    if (fw == 0 || fh == 0)
        return OP_ERR_PARSE; /* img_decode rejects an empty frame too */
    int fits = sw > 0 && sh > 0 && fw <= sw - l && fh <= sh - t && l <= sw && t <= sh;
    *w = (int)(fits ? sw : fw);
    *h = (int)(fits ? sh : fh);
    return *w > 0 && *h > 0 ? OP_OK : OP_ERR_PARSE;
}

op_status img_probe_size(const unsigned char *data, size_t len, int *w, int *h)
{
    int pw = 0, ph = 0;
    op_status st = OP_ERR_UNSUPPORTED;
    img_jpeg_info ji;
    switch (img_sniff(data, len)) {
    case IMG_PNG:
        st = OP_ERR_PARSE;
        if (len >= 24 && memcmp(data + 12, "IHDR", 4) == 0 && !(data[16] & 0x80) &&
            !(data[20] & 0x80)) {
            pw = (int)((unsigned long)be16(data + 16) << 16 | be16(data + 18));
            ph = (int)((unsigned long)be16(data + 20) << 16 | be16(data + 22));
            st = pw > 0 && ph > 0 ? OP_OK : OP_ERR_PARSE;
        }
        break;
    case IMG_JPEG:
        st = img_jpeg_probe(data, len, &ji);
        pw = ji.w;
        ph = ji.h;
        if (st == OP_OK && (pw <= 0 || ph <= 0))
            st = OP_ERR_PARSE;
        break;
    case IMG_GIF:
        st = gif_size(data, len, &pw, &ph);
        break;
    case IMG_WEBP:
        st = img_webp_size(data, len, &pw, &ph);
        break;
    case IMG_SVG:
    case IMG_UNKNOWN:
        break;
    }
    if (w)
        *w = st == OP_OK ? pw : 0;
    if (h)
        *h = st == OP_OK ? ph : 0;
    return st;
}

/*** JPEG header probe (no libjpeg: markers only, every read bounded by len) ***/

static int is_sof(unsigned m)
{
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/* Reads one SOFn segment body (seg points past the length, n bytes). */
static int probe_sof(unsigned m, const unsigned char *seg, size_t n, img_jpeg_info *out,
                     int *precision)
{
    if (n < 6)
        return 0;
    *precision = seg[0];
    out->h = (int)be16(seg + 1);
    out->w = (int)be16(seg + 3);
    out->components = seg[5];
    out->progressive = (m == 0xC2 || m == 0xC6 || m == 0xCA || m == 0xCE);
    return 1;
}

static int is_adobe_app14(const unsigned char *seg, size_t n)
{
    return n >= 12 && memcmp(seg, "Adobe", 5) == 0;
}

op_status img_jpeg_probe(const unsigned char *data, size_t len, img_jpeg_info *out)
{
    if (!out)
        return OP_ERR_USAGE;
    memset(out, 0, sizeof *out);
    if (!data || len < 4 || data[0] != 0xFF || data[1] != 0xD8)
        return OP_ERR_PARSE;
    size_t i = 2;
    unsigned sof = 0;
    int precision = 0, adobe = 0;
    while (i < len) {
        if (data[i] != 0xFF) {
            i++; /* garbage between segments: skip, like libjpeg */
            continue;
        }
        while (i < len && data[i] == 0xFF)
            i++;
        if (i >= len)
            break;
        unsigned m = data[i++];
        if (m == 0x00 || m == 0x01 || m == 0xD8 || (m >= 0xD0 && m <= 0xD7))
            continue; /* standalone markers */
        if (m == 0xD9 || m == 0xDA)
            break; /* EOI, or SOS: the header is over */
        if (len - i < 2)
            break;
        size_t seglen = be16(data + i);
        if (seglen < 2) {
            i += 2; /* libjpeg skips nothing more and looks for the next marker */
            continue;
        }
        if (seglen > len - i)
            break;
        const unsigned char *seg = data + i + 2;
        size_t n = seglen - 2;
        if (is_sof(m) && !sof && probe_sof(m, seg, n, out, &precision))
            sof = m;
        else if (m == 0xEE && is_adobe_app14(seg, n))
            adobe = 1;
        i += seglen;
    }
    if (!sof)
        return OP_ERR_PARSE;
    out->adobe_inverted = (out->components == 4 && adobe);
    int comps_ok = out->components == 1 || out->components == 3 || out->adobe_inverted;
    out->passthrough_ok = (sof == 0xC0 || sof == 0xC1 || sof == 0xC2) && precision == 8 &&
                          comps_ok && out->w > 0 && out->h > 0;
    return OP_OK;
}
