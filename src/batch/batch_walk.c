/* The inputs of a batch as items: folders walked recursively in name order (a saved page
 * X.html with its X_files folder is one article; hidden files are skipped), list files (one
 * path or URL a line), exports a registered reader recognises, and article files. */
#include "batch/batch_int.h"
#include "core/core.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static int64_t file_mtime(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (int64_t)sb.st_mtime : -1;
}

int batch_is_article_name(const char *name)
{
    static const char *const exts[] = {"html", "htm", "xhtml", "md", "markdown", "txt"};
    char ext[16];
    op_path_ext(name, ext, sizeof ext);
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (strcmp(ext, exts[i]) == 0)
            return 1;
    return 0;
}

/* The first bytes of a file (for sniffing) into head; their count, or -1. */
static long read_head(const char *path, char *head, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t got = fread(head, 1, n, f);
    fclose(f);
    return (long)got;
}

/* An article file as an item (format "folder" or "list"); `id` is its stable identity. */
static op_status emit_file(const batch_source *src, const char *path, const char *id,
                           const char *format)
{
    batch_item *it = batch_item_new(format);
    it->path = op_strdup(path);
    it->id = op_strdup(id);
    it->source = op_strdup(path);
    return src->accept(src->ud, it, file_mtime(path));
}

static op_status read_with(const batch_source *src, const batch_reader *r, const char *path);

/* A file inside a folder: an export (a reader knows it) or an article by its extension. */
static op_status walk_file(const batch_source *src, const char *path, const char *id)
{
    char head[BATCH_SNIFF_HEAD];
    long n = read_head(path, head, sizeof head);
    const batch_reader *r = n >= 0 ? batch_reader_sniff(path, head, (size_t)n, 0) : NULL;
    if (r)
        return read_with(src, r, path);
    if (!batch_is_article_name(path))
        return OP_OK;
    return emit_file(src, path, id, "folder");
}

/*** Folders ***/

/* The suffixes browsers give the folder of a saved page's resources ("Save as: Web page,
 * complete"), by the language of the browser (the list Windows uses for connected files). */
static const char *const companion_suffix[] = {
    "_files",     ".files",  "-Dateien",   "_fichiers",  "_archivos", "_arquivos",
    "_ficheiros", "_file",   "-bestanden", "_bestanden", "-filer",    "_filer",
    "_tiedostot", "_pliki",  "_soubory",   "_elemei",    "_dosyalar", "_datoteke",
    "_fitxers",   "_failid", "_fails",     "_bylos",     "_fajlovi",  "_fitxategiak"};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when folder `name` holds the resources of a saved page among `names` (X_files beside
 * X.html or X.htm). */
static int is_companion(const char *name, char **names, size_t n)
{
    size_t len = strlen(name);
    for (size_t s = 0; s < sizeof companion_suffix / sizeof companion_suffix[0]; s++) {
        size_t sl = strlen(companion_suffix[s]);
        if (len <= sl || strcmp(name + len - sl, companion_suffix[s]) != 0)
            continue;
        for (size_t i = 0; i < n; i++) {
            const char *dot = strrchr(names[i], '.');
            if (dot && (size_t)(dot - names[i]) == len - sl &&
                strncmp(names[i], name, len - sl) == 0 &&
                (strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0 ||
                 strcasecmp(dot, ".xhtml") == 0))
                return 1;
        }
    }
    return 0;
}

static op_status walk_dir(const batch_source *src, const char *dir, const char *rel, int depth)
{
    char ebuf[128];
    if (depth > 64)
        return OP_OK;
    DIR *d = opendir(dir);
    if (!d) {
        op_diag_report(src->diag, OP_SEV_ERROR, dir, 0, "cannot read folder: %s",
                       op_errno_str(errno, ebuf, sizeof ebuf));
        return OP_ERR_IO;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* hidden files, . and .. */
        names = op_realloc(names, (n + 1) * sizeof *names);
        names[n++] = op_strdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    op_status st = OP_OK, first = OP_OK;
    for (size_t i = 0; i < n && st == OP_OK && !*src->stop; i++) {
        char *path = op_path_join(dir, names[i]);
        char *id = rel ? op_path_join(rel, names[i]) : op_strdup(names[i]);
        struct stat sb;
        if (stat(path, &sb) != 0)
            ; /* a dangling link */
        else if (S_ISDIR(sb.st_mode) && !is_companion(names[i], names, n))
            st = walk_dir(src, path, id, depth + 1);
        else if (S_ISREG(sb.st_mode))
            st = walk_file(src, path, id);
        if (st != OP_OK && st != BATCH_STOPPED) { /* told; the rest of the folder goes on */
            first = first ? first : st;
            st = OP_OK;
        }
        op_free(id);
        op_free(path);
    }
    for (size_t i = 0; i < n; i++)
        op_free(names[i]);
    op_free(names);
    return st ? st : first;
}

/*** Readers and lists ***/

typedef struct reader_ctx {
    const batch_source *src;
    const char *path;
    int64_t mtime;
    size_t entries; /* handed over so far */
} reader_ctx;

static op_status reader_emit(void *ud, batch_item *it)
{
    reader_ctx *c = ud;
    if (*c->src->stop) {
        batch_item_free(it);
        return BATCH_STOPPED; /* stops the reader; the caller knows why */
    }
    size_t max = c->src->caps.entries;
    if (max && c->entries >= max) {
        /* 700,000 rows of a zipped CSV: each is cheap, together they are not */
        batch_item_free(it);
        op_diag_report(c->src->diag, OP_SEV_ERROR, c->path, 0,
                       "the export is over the entry limit of %zu %s (--max-entries)", max,
                       max == 1 ? "entry" : "entries");
        return OP_ERR_LIMIT;
    }
    c->entries++;
    return c->src->accept(c->src->ud, it, c->mtime);
}

static op_status read_with(const batch_source *src, const batch_reader *r, const char *path)
{
    reader_ctx c = {src, path, file_mtime(path), 0};
    op_status st = r->read(path, &src->caps, reader_emit, &c, src->diag);
    return *src->stop ? OP_OK : st;
}

op_status batch_walk_input(const batch_source *src, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0) /* its conversion fails: reported as an item */
        return emit_file(src, path, path, "folder");
    if (S_ISDIR(sb.st_mode))
        return walk_dir(src, path, NULL, 0);
    const batch_reader *r = NULL;
    if (src->from) {
        r = batch_reader_find(src->from);
    } else {
        char head[BATCH_SNIFF_HEAD];
        long n = read_head(path, head, sizeof head);
        r = n >= 0 ? batch_reader_sniff(path, head, (size_t)n, 0) : NULL;
    }
    if (r)
        return read_with(src, r, path);
    return emit_file(src, path, path, "folder");
}

static int is_url(const char *s)
{
    const char *p = strstr(s, "://");
    if (!p || p == s)
        return 0;
    for (const char *q = s; q < p; q++)
        if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '+' || *q == '-'))
            return 0;
    return 1;
}

/* One line of a list: a URL (an item that needs fetching), or a path. */
static op_status list_line(const batch_source *src, const char *list, const char *base, char *line,
                           size_t lineno)
{
    if (is_url(line)) {
        batch_item *it = batch_item_new("list");
        it->url = op_strdup(line);
        it->id = op_strdup(line);
        char *where = op_malloc(strlen(list) + 24);
        sprintf(where, "%s:%zu", list, lineno);
        it->source = where;
        return src->accept(src->ud, it, -1);
    }
    char *path = base ? op_path_join(base, line) : op_strdup(line);
    struct stat sb;
    op_status st = OP_OK;
    if (stat(path, &sb) != 0) {
        st = emit_file(src, path, path, "list"); /* its conversion fails: reported, not lost */
    } else if (S_ISDIR(sb.st_mode)) {
        st = walk_dir(src, path, NULL, 0);
    } else {
        char head[BATCH_SNIFF_HEAD];
        long n = read_head(path, head, sizeof head);
        const batch_reader *r = n >= 0 ? batch_reader_sniff(path, head, (size_t)n, 0) : NULL;
        st = r ? read_with(src, r, path) : emit_file(src, path, path, "list");
    }
    op_free(path);
    return st;
}

op_status batch_walk_list(const batch_source *src, const char *path)
{
    char ebuf[128];
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "r");
    if (!f) {
        op_diag_report(src->diag, OP_SEV_ERROR, path, 0, "cannot read: %s",
                       op_errno_str(errno, ebuf, sizeof ebuf));
        return OP_ERR_IO;
    }
    char *base = is_stdin ? NULL : op_path_dirname(path);
    if (base && strcmp(base, ".") == 0) {
        op_free(base); /* list.txt's lines as they are, not ./line */
        base = NULL;
    }
    char line[8192];
    size_t lineno = 0;
    op_status st = OP_OK, first = OP_OK;
    while (st == OP_OK && !*src->stop && fgets(line, sizeof line, f)) {
        lineno++;
        char *s = line;
        if (lineno == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
            s += 3; /* a byte-order mark */
        while (*s == ' ' || *s == '\t')
            s++;
        size_t n = strlen(s);
        while (n > 0 &&
               (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
            s[--n] = '\0';
        if (n == 0 || s[0] == '#')
            continue;
        st = list_line(src, is_stdin ? "-" : path, base, s, lineno);
        if (st != OP_OK && st != BATCH_STOPPED) { /* told; the other lines go on */
            first = first ? first : st;
            st = OP_OK;
        }
    }
    if (!is_stdin)
        fclose(f);
    op_free(base);
    return st ? st : first;
}
