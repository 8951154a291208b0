/* Image decoding and conversion shared by both back ends. This is the only file
 * set that includes libpng, libjpeg, libwebp and giflib. */
#ifndef OP_IMAGE_H
#define OP_IMAGE_H

#include "core/core.h"

typedef enum img_type { IMG_UNKNOWN = 0, IMG_PNG, IMG_JPEG, IMG_GIF, IMG_WEBP, IMG_SVG } img_type;

/** Sniffs the type from the first bytes (magic numbers; "<svg", or an XML declaration,
 *  comment or doctype followed by "<svg" within the first 4 KB, for SVG). */
img_type img_sniff(const unsigned char *data, size_t len);
/** "image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml", or NULL. */
const char *img_media_type(img_type t);

/* Decoded pixels: 8 bits per sample, rows packed (stride = w * channels). */
typedef struct img_pixels {
    int w, h;
    int channels;         /* 1 = gray, 3 = RGB */
    unsigned char *px;    /* w*h*channels bytes */
    unsigned char *alpha; /* w*h bytes, or NULL when fully opaque */
} img_pixels;

/** Decodes PNG (every colour type, bit depth, tRNS, interlacing; 16-bit stripped to 8),
 *  JPEG (gray, RGB, CMYK incl. Adobe-inverted -> RGB), GIF (first frame, transparency) and
 *  WebP (lossy/lossless/alpha). Drops an all-opaque alpha channel. Fails with
 *  OP_ERR_UNSUPPORTED (unknown type, SVG, animated WebP), OP_ERR_PARSE (corrupt or
 *  truncated, including a JPEG cut short), OP_ERR_LIMIT (more than max_px pixels;
 *  0 = IMG_DEFAULT_MAX_PX, 100 megapixels; checked before the pixels are allocated).
 *  A GIF frame is placed on its logical screen (uncovered area transparent). Never crashes
 *  on any bytes. On failure *out is all zero. Free with img_pixels_free.
 *  Thread-safe: no global state. */
op_status img_decode(const unsigned char *data, size_t len, size_t max_px, img_pixels *out);
/** Same as img_decode, and on failure writes the reason ("png: IDAT: CRC error") into msg
 *  (NUL-terminated, truncated to msgsz; msg may be NULL). The codecs never print. */
op_status img_decode_ex(const unsigned char *data, size_t len, size_t max_px, img_pixels *out,
                        char *msg, size_t msgsz);
/** Frees the pixel planes and zeroes *p; safe on a zeroed or already freed struct. */
void img_pixels_free(img_pixels *p);

#define IMG_DEFAULT_MAX_PX ((size_t)100 * 1000 * 1000)

/** Reads the pixel size from the header only (no decode), e.g. for layout or EPUB
 *  width/height attributes. The size is what img_decode would return (a GIF's logical
 *  screen, or its first frame when that does not fit). OP_ERR_UNSUPPORTED for SVG and
 *  unknown bytes, OP_ERR_PARSE for a damaged header. */
op_status img_probe_size(const unsigned char *data, size_t len, int *w, int *h);

/* What a PDF writer needs to pass a JPEG through untouched. */
typedef struct img_jpeg_info {
    int w, h;
    int components;     /* 1, 3 or 4 */
    int progressive;    /* SOF2 */
    int adobe_inverted; /* 4-component with an Adobe APP14 marker (Photoshop-style CMYK) */
    int passthrough_ok; /* 1 when SOF0/1/2 baseline/progressive 8-bit and 1 or 3 components,
                           or 4 components with adobe_inverted: libharu may embed it as is */
} img_jpeg_info;

/** Reads the JPEG header (no full decode). OP_ERR_PARSE when it is not a JPEG. */
op_status img_jpeg_probe(const unsigned char *data, size_t len, img_jpeg_info *out);

/** Encodes pixels as an 8-bit PNG (gray/RGB, with alpha when present: GA/RGBA) by appending
 *  to `out` (the caller owns and frees the buffer). OP_ERR_USAGE for bad dimensions or
 *  channels, OP_ERR_LIMIT when out->max is hit (out then holds a partial file). */
op_status img_encode_png(const img_pixels *p, op_buf *out);

/** Encodes opaque gray or RGB pixels as a baseline JPEG (optimised Huffman tables, 4:2:0
 *  chroma) at `quality` 1..100, appending to `out`. OP_ERR_USAGE for pixels with alpha or
 *  bad dimensions, OP_ERR_LIMIT when out->max is hit. */
op_status img_encode_jpeg(const img_pixels *p, int quality, op_buf *out);

/* An image as the data of a PDF FlateDecode stream with PNG predictors (/DecodeParms
 * << /Predictor 15 /Colors colors /BitsPerComponent bpc /Columns w >>): a zlib stream of
 * rows, each led by its PNG filter type. */
typedef struct img_flate {
    int w, h;
    int colors;             /* 1 (gray, or palette indexes) or 3 (RGB) */
    int bpc;                /* bits per component: 8, or 1/2/4/8 for palette indexes */
    unsigned char *palette; /* npalette RGB triplets for a palette image, else NULL */
    int npalette;           /* 1 << bpc: a short palette is padded with black */
    unsigned char *data;    /* len bytes */
    size_t len;
} img_flate;

/** The IDAT data of a PNG that needs no decoding for a PDF: not interlaced, no tRNS, 8-bit
 *  gray or RGB, or 1/2/4/8-bit palette. Chunk CRCs are checked and the data is inflated once
 *  to check it holds exactly the image's rows with valid filter types. OP_ERR_UNSUPPORTED
 *  for any other PNG (decode it instead). Free *out with img_flate_free. */
op_status img_png_flate(const unsigned char *data, size_t len, img_flate *out);
/** Filters 8-bit pixels (w x h, 1 or 3 channels, rows packed) with the PNG Up filter (Sub
 *  on the first row) and deflates them (zlib's default level).
 *  OP_ERR_USAGE for bad sizes or channels. Free *out with img_flate_free. */
op_status img_flate_encode(const unsigned char *px, int w, int h, int channels, img_flate *out);
void img_flate_free(img_flate *f);

/** The size w x h scaled to fit max_px on its long side, aspect kept (rounded, >= 1 px);
 *  unchanged when it already fits or max_px <= 0. Never enlarges. */
void img_fit_size(int w, int h, int max_px, int *ow, int *oh);

/** Area-averaging downscale of `in` to ow x oh (each no larger than the input's), alpha
 *  kept (colour weighted by alpha). *out is new pixels (img_pixels_free). OP_ERR_USAGE for
 *  bad sizes or channels (*out zeroed). */
op_status img_downscale(const img_pixels *in, int ow, int oh, img_pixels *out);

#endif
