/* libwebp adapter: decodes a still WebP (lossy, lossless, with or without alpha) into our
 * own buffers with the *Into calls, so every allocation goes through op_malloc.
 * Animated WebP is not supported. */
#include "image/img_codec.h"

#include <webp/decode.h>

op_status img_webp_decode(const unsigned char *data, size_t len, size_t max_px, img_pixels *out,
                          img_err *e)
{
    WebPBitstreamFeatures f;
    VP8StatusCode vs = WebPGetFeatures(data, len, &f);
    if (vs != VP8_STATUS_OK) {
        img_err_set(e, "webp: bad header (status %d)", (int)vs);
        return vs == VP8_STATUS_UNSUPPORTED_FEATURE ? OP_ERR_UNSUPPORTED : OP_ERR_PARSE;
    }
    if (f.has_animation) {
        img_err_set(e, "webp: animation is not supported");
        return OP_ERR_UNSUPPORTED;
    }
    op_status st = img_check_size(f.width, f.height, max_px, e);
    if (st != OP_OK)
        return st;
    int ch = f.has_alpha ? 4 : 3;
    img_pixels_alloc(out, f.width, f.height, ch, 0);
    size_t stride = (size_t)f.width * (size_t)ch;
    size_t size = stride * (size_t)f.height;
    uint8_t *r = f.has_alpha ? WebPDecodeRGBAInto(data, len, out->px, size, (int)stride)
                             : WebPDecodeRGBInto(data, len, out->px, size, (int)stride);
    if (!r) {
        img_err_set(e, "webp: corrupt image data");
        return OP_ERR_PARSE;
    }
    out->channels = 3;
    if (f.has_alpha)
        img_split_alpha(out);
    return OP_OK;
}

op_status img_webp_size(const unsigned char *data, size_t len, int *w, int *h)
{
    return WebPGetInfo(data, len, w, h) ? OP_OK : OP_ERR_PARSE;
}
