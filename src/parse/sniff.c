/* Input format selection: a small table of formats with their names and extensions,
 * then content sniffing when the extension says nothing (stdin, unknown names). */
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
