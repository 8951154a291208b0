/* What --profile changes (README, "EPUB profiles"). Everything else is the same book:
 *   kindle: the whole book capped at 50 MB (Send-to-Kindle's e-mail limit; bigger books
 *           fail with E999) unless --max-size says otherwise; a warning when dc:language is
 *           not one Amazon lists for Kindle books, or when the stylesheet uses CSS functions
 *           old converters reject (var, calc, min, max, clamp, @supports).
 *   kobo:   transparent PNG/GIF images flattened onto white (Kobo's guidelines: readers
 *           otherwise paint their own background behind them); the same stylesheet warning
 *           (Adobe RMSDK, which Kobo's e-ink readers use, drops a stylesheet it cannot
 *           parse and may call the book corrupt).
 *   apple:  with --embed-fonts, META-INF/com.apple.ibooks.display-options.xml saying
 *           specified-fonts (Apple Books otherwise keeps its own fonts; epub_write.c);
 *           else nothing beyond generic.
 * Shared by all: the cover is JPEG or PNG in its own XHTML page (no SVG wrapper, no GIF),
 * cover-image property plus the EPUB 2 <meta name="cover">, NCX and nav both present. */
#include "epub/epub_int.h"

#include <string.h>

void epub_profile_defaults(op_epub_opts *o)
{
    if (o->profile == OP_EPUB_KINDLE && o->max_size == 0)
        o->max_size = EPUB_KINDLE_MAX_SIZE;
}

int epub_profile_flatten_alpha(const epub_book *b)
{
    return b->opts->profile == OP_EPUB_KOBO;
}

/* Languages of Amazon's "KDP supported languages" list (ISO 639-1 and -2 codes). */
static int kindle_language(const char *lang)
{
    static const char *const ok[] = {
        "af",  "gsw", "ar",  "eu",  "nb",  "br",  "ca",  "zh",  "kw",  "co",  "da",  "nl",  "stq",
        "en",  "fi",  "fr",  "fy",  "gl",  "de",  "gu",  "hi",  "is",  "ga",  "it",  "ja",  "lb",
        "mr",  "ml",  "gv",  "frr", "nn",  "pl",  "pt",  "oc",  "rm",  "sco", "gd",  "es",  "sv",
        "ta",  "cy",  "no",  "afr", "ara", "eus", "nob", "cat", "zho", "dan", "nld", "eng", "fin",
        "fra", "deu", "hin", "ita", "jpn", "pol", "por", "spa", "swe", "tam", "cym"};
    char p[8];
    size_t n = strcspn(lang, "-");

    if (n >= sizeof p)
        return 0;
    for (size_t i = 0; i < n; i++)
        p[i] = (char)(lang[i] >= 'A' && lang[i] <= 'Z' ? lang[i] - 'A' + 'a' : lang[i]);
    p[n] = '\0';
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        if (strcmp(p, ok[i]) == 0)
            return 1;
    }
    return 0;
}

/* First use of a CSS feature old e-reader engines reject, with its line; NULL when none.
 * Comments are skipped. */
static const char *css_risky(const op_buf *css, int *line)
{
    static const char *const risky[] = {"var(", "calc(", "min(", "max(", "clamp(", "@supports"};
    const char *s = css->data ? css->data : "";
    int comment = 0;

    *line = 1;
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '\n')
            (*line)++;
        if (comment) {
            comment = !(s[i] == '*' && s[i + 1] == '/');
            continue;
        }
        if (s[i] == '/' && s[i + 1] == '*') {
            comment = 1;
            i++;
            continue;
        }
        int word_start = i == 0 || !((s[i - 1] >= 'a' && s[i - 1] <= 'z') || s[i - 1] == '-');
        for (size_t k = 0; k < sizeof risky / sizeof risky[0] && word_start; k++) {
            if (strncmp(s + i, risky[k], strlen(risky[k])) == 0)
                return risky[k];
        }
    }
    return NULL;
}

void epub_profile_check(epub_book *b)
{
    static const char *const names[] = {"generic", "kindle", "kobo", "apple"};
    op_epub_profile p = b->opts->profile;
    const char *what;
    int line;

    if (p == OP_EPUB_KINDLE && !kindle_language(b->lang))
        op_diag_report(b->diag, OP_SEV_WARNING, b->shown, 0,
                       "kindle profile: language '%s' is not one Amazon lists for Kindle books; "
                       "Send to Kindle may fail to convert the book (E999)",
                       b->lang);
    if ((p == OP_EPUB_KINDLE || p == OP_EPUB_KOBO) && (what = css_risky(&b->css, &line)) != NULL)
        op_diag_report(b->diag, OP_SEV_WARNING, b->css_name, line,
                       "%s profile: '%s' is not understood by older e-reader engines (Adobe "
                       "RMSDK, Kindle's converter), which may drop the whole stylesheet",
                       names[p], what);
}
