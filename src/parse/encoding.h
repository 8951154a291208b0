/* Charset detection and conversion to UTF-8 (glibc iconv), done before any parser sees
 * the bytes, so parsers only ever get valid UTF-8 without NUL or stray controls. */
#ifndef OP_PARSE_ENCODING_H
#define OP_PARSE_ENCODING_H

#include "offprint/offprint.h"

#include <stddef.h>

/** Detects the charset of `data`: BOM, then (when `html`) a <meta charset> or http-equiv
 *  content type in the first 4 KB, then `hint` (the transport's charset, from an HTTP
 *  Content-Type; may be NULL), then UTF-8 if the bytes look like it, else windows-1252.
 *  Writes the iconv name into `cs` (at least 32 bytes). */
void parse_detect_charset(const char *data, size_t len, int html, const char *hint, char *cs,
                          size_t cssz);

/** Converts `data` to valid UTF-8 (invalid sequences -> U+FFFD, NUL and C0 controls other
 *  than tab/newline/CR dropped, BOM removed). *out is a new NUL-terminated string; the
 *  caller frees it with op_free. `charset` may be NULL (detect). Never fails except with
 *  OP_ERR_LIMIT when the result would pass `max` bytes (0 = no cap). */
op_status parse_to_utf8(const char *data, size_t len, const char *charset, size_t max, char **out,
                        size_t *outlen);

#endif
