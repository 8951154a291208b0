/* Fuzz target for src/image: sniff, probe, decode, then a PNG encode/decode round trip
 * that must reproduce the pixels exactly. The pixel limit is kept small so huge claimed
 * sizes fail fast instead of allocating hundreds of megabytes. */
#include "image/image.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_PX ((size_t)1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void roundtrip(const img_pixels *p)
{
    op_buf out;
    op_buf_init(&out, 0);
    if (img_encode_png(p, &out) != OP_OK)
        abort();
    img_pixels q;
    if (img_decode((const unsigned char *)out.data, out.len, FUZZ_MAX_PX, &q) != OP_OK)
        abort();
    size_t n = (size_t)p->w * (size_t)p->h;
    if (q.w != p->w || q.h != p->h || q.channels != p->channels || !q.alpha != !p->alpha)
        abort();
    if (memcmp(q.px, p->px, n * (size_t)p->channels) != 0)
        abort();
    if (p->alpha && memcmp(q.alpha, p->alpha, n) != 0)
        abort();
    img_pixels_free(&q);
    op_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    img_type t = img_sniff(data, size);
    (void)img_media_type(t);
    img_jpeg_info ji;
    (void)img_jpeg_probe(data, size, &ji);
    int pw, ph;
    (void)img_probe_size(data, size, &pw, &ph);
    img_pixels p;
    char msg[256];
    if (img_decode_ex(data, size, FUZZ_MAX_PX, &p, msg, sizeof msg) == OP_OK) {
        if (p.w <= 0 || p.h <= 0 || (p.channels != 1 && p.channels != 3) || !p.px)
            abort();
        int w = 0, h = 0;
        if (img_probe_size(data, size, &w, &h) != OP_OK || w != p.w || h != p.h)
            abort(); /* the header probe must agree with the decoder */
        roundtrip(&p);
        img_pixels_free(&p);
    }
    return 0;
}
