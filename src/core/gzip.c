/* gzip inputs (a saved page kept as page.html.gz): the bytes decompressed with zlib,
 * member after member, under the caller's size cap, so a small hostile file cannot
 * expand without bound. */
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
