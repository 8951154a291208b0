/* batch_item: one article of an archive as a reader hands it over (batch_item.h). */
#include "batch/batch_item.h"

#include <string.h>

batch_item *batch_item_new(const char *format)
{
    batch_item *it = op_calloc(1, sizeof *it);
    it->format = format;
    it->saved = it->published = -1;
    return it;
}

void batch_item_free(batch_item *it)
{
    if (!it)
        return;
    char **strs[] = {&it->id,    &it->source, &it->path, &it->data,    &it->base_dir, &it->url,
                     &it->title, &it->author, &it->site, &it->excerpt, &it->folder,   &it->state};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        op_free(*strs[i]);
    for (size_t i = 0; i < it->ntags; i++)
        op_free(it->tags[i]);
    op_free(it->tags);
    op_free(it);
}

void batch_item_add_tag(batch_item *it, const char *tag, size_t len)
{
    while (len > 0 && (*tag == ' ' || *tag == '\t')) {
        tag++;
        len--;
    }
    while (len > 0 && (tag[len - 1] == ' ' || tag[len - 1] == '\t'))
        len--;
    if (len == 0)
        return;
    for (size_t i = 0; i < it->ntags; i++)
        if (strlen(it->tags[i]) == len && memcmp(it->tags[i], tag, len) == 0)
            return;
    it->tags = op_realloc(it->tags, (it->ntags + 1) * sizeof *it->tags);
    it->tags[it->ntags++] = op_strndup(tag, len);
}
