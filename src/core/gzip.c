/* The zlib adapter (no other file includes zlib.h). gzip inputs (a saved page kept as
 * page.html.gz): the bytes decompressed member after member, under the caller's size cap, so
 * a small hostile file cannot expand without bound. For PNG and PDF Flate streams: CRC-32, a
 * zlib stream inflated chunk by chunk to a callback, and one deflated piece by piece. */
#include "core/core.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

int op_is_gzip(const char *data, size_t len)
{
    return len >= 3 && (unsigned char)data[0] == 0x1F && (unsigned char)data[1] == 0x8B &&
           (unsigned char)data[2] == 8; /* deflate, the only method gzip defines */
}

op_status op_gunzip_new(const char *data, size_t len, size_t max, char **out, size_t *outlen)
{
    *out = NULL;
    *outlen = 0;
    if (len > UINT_MAX)
        return OP_ERR_LIMIT;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) /* 16 +: a gzip wrapper, not zlib's */
        return OP_ERR_NOMEM;
    zs.next_in = (unsigned char *)(uintptr_t)data;
    zs.avail_in = (uInt)len;
    op_buf b;
    op_buf_init(&b, max);
    unsigned char chunk[16384];
    op_status st = OP_OK;
    for (;;) {
        zs.next_out = chunk;
        zs.avail_out = sizeof chunk;
        int ret = inflate(&zs, Z_NO_FLUSH);
        if (ret == Z_MEM_ERROR) {
            st = OP_ERR_NOMEM;
            break;
        }
        if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR) {
            st = OP_ERR_PARSE; /* corrupt data, a bad header or checksum */
            break;
        }
        st = op_buf_add(&b, chunk, sizeof chunk - zs.avail_out);
        if (st != OP_OK)
            break;
        if (ret == Z_STREAM_END) { /* another member may follow (cat a.gz b.gz) */
            while (zs.avail_in > 0 && *zs.next_in == 0) { /* zero padding some writers add */
                zs.next_in++;
                zs.avail_in--;
            }
            if (zs.avail_in == 0 || !op_is_gzip((const char *)zs.next_in, zs.avail_in))
                break; /* the end; trailing bytes that are no member are ignored, as gzip -d */
            inflateReset(&zs);
            continue;
        }
        if (ret == Z_BUF_ERROR || (zs.avail_in == 0 && zs.avail_out > 0)) {
            st = OP_ERR_PARSE; /* the input ends inside a member */
            break;
        }
    }
    inflateEnd(&zs);
    if (st != OP_OK) {
        op_buf_free(&b);
        return st;
    }
    *out = op_buf_detach(&b, outlen);
    return OP_OK;
}

uint32_t op_crc32(const void *p, size_t n)
{
    uLong c = crc32(0L, Z_NULL, 0);
    const unsigned char *b = p;
    while (n > 0) { /* crc32 takes an uInt length */
        uInt k = n > UINT_MAX ? UINT_MAX : (uInt)n;
        c = crc32(c, b, k);
        b += k;
        n -= k;
    }
    return (uint32_t)c;
}

op_status op_inflate_each(const void *z, size_t zlen, size_t chunk,
                          int (*fn)(void *ud, const unsigned char *p, size_t n), void *ud)
{
    if (zlen > UINT_MAX || chunk == 0 || chunk > UINT_MAX)
        return OP_ERR_LIMIT;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit(&zs) != Z_OK)
        return OP_ERR_NOMEM;
    unsigned char *buf = op_malloc(chunk);
    zs.next_in = (unsigned char *)(uintptr_t)z;
    zs.avail_in = (uInt)zlen;
    int ret = Z_OK, ok = 1;
    while (ok && ret == Z_OK) {
        zs.next_out = buf;
        zs.avail_out = (uInt)chunk;
        ret = inflate(&zs, Z_NO_FLUSH);
        if (ret != Z_OK && ret != Z_STREAM_END)
            ok = 0;
        size_t n = chunk - zs.avail_out;
        if (ok && n && fn(ud, buf, n) != 0)
            ok = 0;
        if (ret == Z_OK && n == 0 && zs.avail_in == 0)
            ok = 0; /* truncated */
    }
    inflateEnd(&zs);
    op_free(buf);
    return ok && ret == Z_STREAM_END ? OP_OK : OP_ERR_PARSE;
}

struct op_deflater {
    z_stream zs;
    unsigned char *out;
    size_t cap;
    int failed;
};

op_deflater *op_deflater_new(size_t total_in)
{
    op_deflater *d = op_calloc(1, sizeof *d);
    if (total_in > UINT_MAX || deflateInit(&d->zs, Z_DEFAULT_COMPRESSION) != Z_OK) {
        op_free(d);
        return NULL;
    }
    d->cap = deflateBound(&d->zs, (uLong)total_in);
    d->out = op_malloc(d->cap);
    d->zs.next_out = d->out;
    d->zs.avail_out = (uInt)d->cap;
    return d;
}

op_status op_deflater_add(op_deflater *d, const void *p, size_t n, int last)
{
    if (d->failed || n > UINT_MAX)
        return OP_ERR_NOMEM;
    d->zs.next_in = (unsigned char *)(uintptr_t)p;
    d->zs.avail_in = (uInt)n;
    int ret = deflate(&d->zs, last ? Z_FINISH : Z_NO_FLUSH);
    /* the output holds deflateBound of all the input: never short */
    if (d->zs.avail_in != 0 || (last ? ret != Z_STREAM_END : ret != Z_OK))
        d->failed = 1;
    return d->failed ? OP_ERR_NOMEM : OP_OK;
}

unsigned char *op_deflater_finish(op_deflater *d, size_t *len)
{
    unsigned char *z = NULL;
    *len = 0;
    if (!d->failed && d->zs.total_in > 0) {
        z = d->out;
        *len = d->cap - d->zs.avail_out;
        d->out = NULL;
    }
    deflateEnd(&d->zs);
    op_free(d->out);
    op_free(d);
    return z;
}
