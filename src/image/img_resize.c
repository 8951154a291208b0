/* Downscaling for the EPUB's oversize images: area averaging (every source pixel contributes
 * to the output pixels it overlaps, in proportion to the overlap), separable, streamed one
 * output row at a time so memory stays O(output width). Colour is weighted by alpha
 * (premultiplied) so transparent pixels do not darken the edges. No codec headers here. */
#include "image/image.h"

#include <string.h>

void img_fit_size(int w, int h, int max_px, int *ow, int *oh)
{
    *ow = w;
    *oh = h;
    if (max_px <= 0 || w <= 0 || h <= 0 || (w <= max_px && h <= max_px))
        return;
    if (w >= h) {
        *ow = max_px;
        *oh = (int)(((long long)h * max_px + w / 2) / w);
    } else {
        *oh = max_px;
        *ow = (int)(((long long)w * max_px + h / 2) / h);
    }
    if (*ow < 1)
        *ow = 1;
    if (*oh < 1)
        *oh = 1;
}

/* Contributions along one axis: output i takes inputs first[i] .. first[i]+count[i]-1 with
 * weights w[off[i] + k] (summing to 1). */
typedef struct axis {
    int *first, *count;
    size_t *off;
    float *w;
} axis;

static void axis_free(axis *a)
{
    op_free(a->first);
    op_free(a->count);
    op_free(a->off);
    op_free(a->w);
}

static void axis_make(axis *a, int in, int out)
{
    double f = (double)in / out;
    size_t per = (size_t)f + 2, k = 0;

    a->first = op_malloc((size_t)out * sizeof *a->first);
    a->count = op_malloc((size_t)out * sizeof *a->count);
    a->off = op_malloc((size_t)out * sizeof *a->off);
    a->w = op_malloc((size_t)out * per * sizeof *a->w);
    for (int o = 0; o < out; o++) {
        double s = o * f, e = (o + 1) * f;
        int i0 = (int)s, i1 = (int)e;
        if (i1 >= in)
            i1 = in - 1;
        if ((double)i1 == e && i1 > i0)
            i1--; /* ends exactly on a pixel border */
        a->first[o] = i0;
        a->count[o] = i1 - i0 + 1;
        a->off[o] = k;
        for (int i = i0; i <= i1; i++) {
            double lo = i > s ? i : s, hi = i + 1 < e ? i + 1 : e;
            a->w[k++] = (float)((hi - lo) / f);
        }
    }
}

/* One source row resampled horizontally into dst (ow * nc floats; colour premultiplied,
 * alpha last when present). */
static void row_h(const img_pixels *in, int y, const axis *ax, int ow, float *dst)
{
    int c = in->channels, nc = c + (in->alpha ? 1 : 0);
    const unsigned char *px = in->px + (size_t)y * (size_t)in->w * (size_t)c;
    const unsigned char *al = in->alpha ? in->alpha + (size_t)y * (size_t)in->w : NULL;

    memset(dst, 0, (size_t)ow * (size_t)nc * sizeof *dst);
    for (int o = 0; o < ow; o++) {
        float *d = dst + (size_t)o * (size_t)nc;
        const float *wt = ax->w + ax->off[o];
        for (int k = 0; k < ax->count[o]; k++) {
            int x = ax->first[o] + k;
            float a = al ? al[x] / 255.0f : 1.0f, wa = wt[k] * a;
            for (int ch = 0; ch < c; ch++)
                d[ch] += wa * px[(size_t)x * (size_t)c + (size_t)ch];
            if (al)
                d[c] += wa;
        }
    }
}

static unsigned char clamp8(float v)
{
    return v <= 0 ? 0 : v >= 255 ? 255 : (unsigned char)(v + 0.5f);
}

op_status img_downscale(const img_pixels *in, int ow, int oh, img_pixels *out)
{
    memset(out, 0, sizeof *out);
    if (!in || !in->px || in->w <= 0 || in->h <= 0 || ow <= 0 || oh <= 0 || ow > in->w ||
        oh > in->h || (in->channels != 1 && in->channels != 3))
        return OP_ERR_USAGE;
    int c = in->channels, nc = c + (in->alpha ? 1 : 0);
    axis ax, ay;
    axis_make(&ax, in->w, ow);
    axis_make(&ay, in->h, oh);
    float *acc = op_malloc((size_t)ow * (size_t)nc * sizeof *acc);
    float *row = op_malloc((size_t)ow * (size_t)nc * sizeof *row);
    out->w = ow;
    out->h = oh;
    out->channels = c;
    out->px = op_malloc((size_t)ow * (size_t)oh * (size_t)c);
    out->alpha = in->alpha ? op_malloc((size_t)ow * (size_t)oh) : NULL;
    for (int oy = 0; oy < oh; oy++) {
        memset(acc, 0, (size_t)ow * (size_t)nc * sizeof *acc);
        const float *wt = ay.w + ay.off[oy];
        for (int k = 0; k < ay.count[oy]; k++) {
            row_h(in, ay.first[oy] + k, &ax, ow, row);
            for (size_t i = 0; i < (size_t)ow * (size_t)nc; i++)
                acc[i] += wt[k] * row[i];
        }
        unsigned char *dp = out->px + (size_t)oy * (size_t)ow * (size_t)c;
        for (int o = 0; o < ow; o++) {
            const float *s = acc + (size_t)o * (size_t)nc;
            float a = in->alpha ? s[c] : 1.0f;
            for (int ch = 0; ch < c; ch++)
                dp[(size_t)o * (size_t)c + (size_t)ch] = clamp8(a > 0 ? s[ch] / a : 0);
            if (out->alpha)
                out->alpha[(size_t)oy * (size_t)ow + (size_t)o] = clamp8(a * 255.0f);
        }
    }
    op_free(acc);
    op_free(row);
    axis_free(&ax);
    axis_free(&ay);
    return OP_OK;
}
