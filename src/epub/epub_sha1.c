/* Content hashing for the EPUB: SHA-1 (FIPS 180-4) to derive a deterministic name-based
 * (RFC 4122 version 5) urn:uuid identifier from everything that goes into the book, and
 * FNV-1a 64 to deduplicate images quickly. Not used for anything security-related. */
#include "epub/epub_int.h"

#include <stdio.h>
#include <string.h>

#define ROL(v, n) (((v) << (n)) | ((v) >> (32 - (n))))

void epub_sha1_init(epub_sha1 *s)
{
    static const uint32_t h0[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
    memcpy(s->h, h0, sizeof h0);
    s->bytes = 0;
    s->fill = 0;
}

static void sha1_block(uint32_t h[5], const unsigned char *p)
{
    uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];

    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = ROL(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5A827999u;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ED9EBA1u;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8F1BBCDCu;
        } else {
            f = b ^ c ^ d;
            k = 0xCA62C1D6u;
        }
        uint32_t t = ROL(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = ROL(b, 30);
        b = a;
        a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

void epub_sha1_update(epub_sha1 *s, const void *data, size_t len)
{
    const unsigned char *p = data;

    s->bytes += len;
    while (len > 0) {
        size_t n = 64 - s->fill;
        if (n > len)
            n = len;
        memcpy(s->block + s->fill, p, n);
        s->fill += n;
        p += n;
        len -= n;
        if (s->fill == 64) {
            sha1_block(s->h, s->block);
            s->fill = 0;
        }
    }
}

void epub_sha1_final(epub_sha1 *s, unsigned char digest[20])
{
    uint64_t bits = s->bytes * 8;
    unsigned char pad = 0x80, len[8];

    epub_sha1_update(s, &pad, 1);
    pad = 0;
    while (s->fill != 56)
        epub_sha1_update(s, &pad, 1);
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)(bits >> (56 - 8 * i));
    epub_sha1_update(s, len, 8);
    for (int i = 0; i < 20; i++)
        digest[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

/* Hashes a length-prefixed field so ("ab","c") and ("a","bc") differ. */
static void hash_field(epub_sha1 *s, const void *p, size_t len)
{
    unsigned char n[8];
    for (int i = 0; i < 8; i++)
        n[i] = (unsigned char)((uint64_t)len >> (8 * i));
    epub_sha1_update(s, n, 8);
    if (len)
        epub_sha1_update(s, p, len);
}

void epub_make_uuid(epub_book *b)
{
    /* Fixed namespace bytes (ASCII "offprint-epub-v1"); changing them changes every id. */
    static const unsigned char ns[16] = {0x6f, 0x66, 0x66, 0x70, 0x72, 0x69, 0x6e, 0x74,
                                         0x2d, 0x65, 0x70, 0x75, 0x62, 0x2d, 0x76, 0x31};
    epub_sha1 s;
    unsigned char d[20];

    epub_sha1_init(&s);
    epub_sha1_update(&s, ns, sizeof ns);
    for (size_t i = 0; i < b->narts; i++) {
        for (int f = 0; f < OP_META_FIELD_COUNT; f++) {
            const char *v = op_doc_get_meta(b->arts[i].doc, (op_meta_field)f);
            if (f != OP_META_BASE_DIR && f != OP_META_MODIFIED)
                hash_field(&s, v ? v : "", v ? strlen(v) : 0);
        }
    }
    hash_field(&s, b->css.data, b->css.len);
    for (size_t i = 0; i < b->narts; i++)
        hash_field(&s, b->arts[i].xhtml.data, b->arts[i].xhtml.len);
    if (!b->single)
        hash_field(&s, b->title, strlen(b->title));
    for (size_t i = 0; i < b->nimages; i++)
        hash_field(&s, b->images[i].data, b->images[i].len);
    if (b->nfonts) /* --embed-fonts: another package (no fonts: the same id as before) */
        hash_field(&s, b->font_css.data, b->font_css.len);
    for (size_t i = 0; i < b->nfonts; i++)
        hash_field(&s, b->fonts[i].data, b->fonts[i].len);
    epub_sha1_final(&s, d);
    d[6] = (unsigned char)((d[6] & 0x0F) | 0x50); /* version 5 */
    d[8] = (unsigned char)((d[8] & 0x3F) | 0x80); /* RFC 4122 variant */
    snprintf(b->uuid, sizeof b->uuid,
             "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", d[0],
             d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13],
             d[14], d[15]);
}
