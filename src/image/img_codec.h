/* Private interface between image.c (dispatch, limits, JPEG probe) and the per-codec
 * adapters img_png.c, img_jpeg.c, img_gif.c, img_webp.c. Only those adapters include
 * a codec library header. */
#ifndef OP_IMG_CODEC_H
#define OP_IMG_CODEC_H

#include "image/image.h"

/* Where a decoder records why it failed (a codec message, never printed). */
typedef struct img_err {
    char *msg; /* may be NULL */
    size_t size;
} img_err;

/** Formats a message into e (truncated; no-op when e or e->msg is NULL). */
void img_err_set(img_err *e, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/** Checks w x h against max_px (already defaulted) before anything is allocated:
 *  OP_ERR_PARSE for non-positive sizes, OP_ERR_LIMIT when too large. */
op_status img_check_size(long long w, long long h, size_t max_px, img_err *e);

/** Allocates out->px (w*h*channels) and, when with_alpha, out->alpha (w*h, set to 255).
 *  The size must have passed img_check_size. */
void img_pixels_alloc(img_pixels *out, int w, int h, int channels, int with_alpha);

/** Frees out->alpha when every value is 255. */
void img_drop_opaque_alpha(img_pixels *p);

/** Splits interleaved 8-bit samples with alpha last (GA or RGBA, in p->px, channels+1 per
 *  pixel) into colour (in place, shrunk) and a new alpha plane. */
void img_split_alpha(img_pixels *p);

op_status img_png_decode(const unsigned char *data, size_t len, size_t max_px, img_pixels *out,
                         img_err *e);
op_status img_jpeg_decode(const unsigned char *data, size_t len, size_t max_px, img_pixels *out,
                          img_err *e);
op_status img_gif_decode(const unsigned char *data, size_t len, size_t max_px, img_pixels *out,
                         img_err *e);
op_status img_webp_decode(const unsigned char *data, size_t len, size_t max_px, img_pixels *out,
                          img_err *e);
/** WebP canvas size from the header (libwebp's WebPGetInfo). */
op_status img_webp_size(const unsigned char *data, size_t len, int *w, int *h);

/** WebP canvas size from the header (libwebp's WebPGetInfo). */
op_status img_webp_size(const unsigned char *data, size_t len, int *w, int *h);

#endif
