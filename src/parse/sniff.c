/* Input format selection: a small table of formats with their names and extensions,
 * then content sniffing when the extension says nothing (stdin, unknown names); and the
 * inputs that are no article at all (a PDF, an office file, an image, a program), told by
 * their first bytes whatever their name says. */
#include "offprint/parse.h"

#include "core/core.h"

#include <string.h>
#include <strings.h>

typedef struct format_entry {
    op_format format;
    const char *name;
    const char *alias;
    const char *exts[5];
} format_entry;

static const format_entry formats[] = {
    {OP_FORMAT_HTML, "html", "htm", {"html", "htm", "xhtml", "xht", "shtml"}},
    {OP_FORMAT_TEXT, "text", "txt", {"txt", "text", NULL, NULL, NULL}},
    {OP_FORMAT_MARKDOWN, "markdown", "md", {"md", "markdown", "mdown", "mkd", NULL}},
};

#define NFORMATS (sizeof formats / sizeof formats[0])

op_format op_format_from_name(const char *name)
{
    if (!name)
        return OP_FORMAT_AUTO;
    for (size_t i = 0; i < NFORMATS; i++)
        if (!strcasecmp(name, formats[i].name) || !strcasecmp(name, formats[i].alias))
            return formats[i].format;
    return OP_FORMAT_AUTO;
}

const char *op_format_name(op_format f)
{
    for (size_t i = 0; i < NFORMATS; i++)
        if (formats[i].format == f)
            return formats[i].name;
    return "auto";
}

static op_format from_extension(const char *filename)
{
    char ext[16];
    op_path_ext(filename, ext, sizeof ext);
    for (size_t i = 0; i < NFORMATS; i++)
        for (size_t j = 0; j < 5 && formats[i].exts[j]; j++)
            if (!strcmp(ext, formats[i].exts[j]))
                return formats[i].format;
    return OP_FORMAT_AUTO;
}

static int starts_ci(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    return len >= n && !strncasecmp(s, lit, n);
}

static int looks_html(const char *s, size_t len)
{
    static const char *const tags[] = {"<!doctype html", "<html",    "<head",    "<body", "<meta",
                                       "<title",         "<article", "<div",     "<p>",   "<p ",
                                       "<!--",           "<h1",      "<section", "<main", "<table",
                                       "<?xml"};
    size_t i = 0;
    if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    if (i >= len || s[i] != '<')
        return 0;
    for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++)
        if (starts_ci(s + i, len - i, tags[t]))
            return 1;
    return 0;
}

/* Counts lines that only make sense as Markdown. */
static int markdown_score(const char *s, size_t len)
{
    int score = 0;
    size_t i = 0, lines = 0;
    while (i < len && lines < 200) {
        size_t e = i;
        while (e < len && s[e] != '\n')
            e++;
        const char *l = s + i;
        size_t n = e - i;
        if (starts_ci(l, n, "# ") || starts_ci(l, n, "## ") || starts_ci(l, n, "### ") ||
            starts_ci(l, n, "```") || starts_ci(l, n, "~~~") || starts_ci(l, n, "> ") ||
            starts_ci(l, n, "- ") || starts_ci(l, n, "* ") || starts_ci(l, n, "|") ||
            starts_ci(l, n, "![") || starts_ci(l, n, "==="))
            score++;
        if (lines == 0 && starts_ci(l, n, "# "))
            score += 2;
        for (size_t k = 0; k + 1 < n; k++)
            if ((l[k] == ']' && l[k + 1] == '(') || (l[k] == '*' && l[k + 1] == '*'))
                score++;
        lines++;
        i = e + 1;
    }
    return score;
}

op_format op_sniff_format(const char *data, size_t len, const char *filename)
{
    op_format f = filename ? from_extension(filename) : OP_FORMAT_AUTO;
    if (f != OP_FORMAT_AUTO)
        return f;
    if (!data)
        return OP_FORMAT_TEXT;
    size_t head = len < 65536 ? len : 65536;
    if (looks_html(data, head))
        return OP_FORMAT_HTML;
    if (markdown_score(data, head) >= 3)
        return OP_FORMAT_MARKDOWN;
    return OP_FORMAT_TEXT;
}

/*** Inputs that are not articles ***/

typedef struct magic {
    size_t at;
    const char *bytes;
    size_t n;
    const char *what;
} magic;

#define M(at, lit, what)                                                                           \
    {                                                                                              \
        at, lit, sizeof lit - 1, what                                                              \
    }
static const magic magics[] = {
    M(0, "%PDF-", "a PDF document"),
    M(0, "%!PS", "a PostScript document"),
    M(0, "\x89PNG\r\n\x1a\n", "a PNG image"),
    M(0, "\xFF\xD8\xFF", "a JPEG image"),
    M(0, "GIF87a", "a GIF image"),
    M(0, "GIF89a", "a GIF image"),
    M(8, "WEBP", "a WebP image"), /* after RIFF and a length: checked below */
    M(0, "II*\0", "a TIFF image"),
    M(0, "MM\0*", "a TIFF image"),
    M(4, "ftypavif", "an AVIF image"),
    M(4, "ftypheic", "a HEIC image"),
    M(4, "ftypmif1", "a HEIF image"),
    M(4, "ftypisom", "an MP4 video"),
    M(4, "ftypmp4", "an MP4 video"),
    M(0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "an old Microsoft Office document"),
    M(0, "{\\rtf", "an RTF document"),
    M(0,
      "\x7F"
      "ELF",
      "a program"),
    M(0, "7z\xBC\xAF\x27\x1C", "a 7-Zip archive"),
    M(0, "Rar!\x1A\x07", "a RAR archive"),
    M(0, "BZh", "a bzip2-compressed file"),
    M(0,
      "\xFD"
      "7zXZ\0",
      "an xz-compressed file"),
    M(0, "\x28\xB5\x2F\xFD", "a zstd-compressed file"),
    M(0, "SQLite format 3\0", "an SQLite database"),
    M(0, "ID3", "an MP3 file"),
    M(0, "OggS", "an Ogg file"),
    M(0, "fLaC", "a FLAC file"),
    M(0, "\0asm", "a WebAssembly module"),
};
#undef M

static int has(const char *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    for (size_t i = 0; n <= len && i + n <= len; i++)
        if (s[i] == lit[0] && memcmp(s + i, lit, n) == 0)
            return 1;
    return 0;
}

/* A ZIP: what its entry names say it holds (they sit in the local headers near the start
 * and in the central directory at the end). */
static const char *zip_kind(const char *s, size_t len)
{
    size_t head = len < 65536 ? len : 65536;
    const char *tail = len > 65536 ? s + len - 65536 : s;
    size_t tlen = len > 65536 ? 65536 : len;
    if (has(s, head, "mimetypeapplication/epub+zip"))
        return "an EPUB book";
    if (has(s, head, "mimetypeapplication/vnd.oasis.opendocument"))
        return "an OpenDocument file";
    if (has(s, head, "word/") || has(tail, tlen, "word/document.xml"))
        return "a Word document";
    if (has(s, head, "xl/") || has(tail, tlen, "xl/workbook.xml"))
        return "an Excel workbook";
    if (has(s, head, "ppt/") || has(tail, tlen, "ppt/presentation.xml"))
        return "a PowerPoint presentation";
    return "a ZIP archive";
}

const char *op_sniff_binary(const char *data, size_t len)
{
    if (!data || len == 0)
        return NULL;
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return NULL; /* UTF-16 (or UTF-32) text with its byte order mark */
    if (len >= 4 && u[0] == 'P' && u[1] == 'K' &&
        ((u[2] == 3 && u[3] == 4) || (u[2] == 5 && u[3] == 6) || (u[2] == 7 && u[3] == 8)))
        return zip_kind(data, len);
    if (op_is_gzip(data, len))
        return "a gzip-compressed file";
    for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++) {
        const magic *m = &magics[i];
        if (len >= m->at + m->n && memcmp(data + m->at, m->bytes, m->n) == 0 &&
            (m->at != 8 || memcmp(data, "RIFF", 4) == 0))
            return m->what;
    }
    /* No signature: text has next to no NUL bytes and C0 control characters (other than
     * tab, line and page breaks and escape) in any encoding that is not UTF-16; random
     * bytes have 11 % of them. */
    size_t head = len < 8192 ? len : 8192, nul = 0, ctl = 0;
    for (size_t i = 0; i < head; i++) {
        if (u[i] == 0)
            nul++;
        else if (u[i] < 0x20 && u[i] != '\t' && u[i] != '\n' && u[i] != '\r' && u[i] != '\f' &&
                 u[i] != 0x1B)
            ctl++;
    }
    if (nul > 16 || (nul + ctl >= 4 && (nul + ctl) * 20 > head)) /* a stray one is no proof */
        return "binary data";
    return NULL;
}
