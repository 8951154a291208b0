/* The --report file of a batch: JSON Lines (one object a line, written with cJSON and flushed
 * as each item ends, so a killed run still leaves every finished item on record): a start
 * line, one line per item, a summary line. */
#include "batch/batch_int.h"
#include "core/core.h"

#include <cJSON.h>
#include <errno.h>
#include <string.h>
#include <time.h>

static void write_line(FILE *f, cJSON *o)
{
    char *s = cJSON_PrintUnformatted(o);
    if (s) {
        fputs(s, f);
        fputc('\n', f);
        fflush(f);
        cJSON_free(s);
    }
    cJSON_Delete(o);
}

static void add_str(cJSON *o, const char *key, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, key, v);
    else
        cJSON_AddNullToObject(o, key);
}

op_status batch_report_open(const char *path, const op_batch_opts *o, FILE **out)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return OP_ERR_IO;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "type", "start");
    cJSON_AddStringToObject(j, "version", OP_VERSION_STRING);
    cJSON_AddNumberToObject(j, "time", (double)time(NULL));
    cJSON *inputs = cJSON_AddArrayToObject(j, "inputs");
    for (size_t i = 0; i < o->ninputs; i++)
        cJSON_AddItemToArray(inputs, cJSON_CreateString(o->inputs[i]));
    for (size_t i = 0; i < o->nlists; i++)
        cJSON_AddItemToArray(inputs, cJSON_CreateString(o->lists[i]));
    add_str(j, "output_dir", o->out_dir);
    cJSON_AddNumberToObject(j, "jobs", o->jobs);
    if (o->select.shard_n > 1) {
        char shard[32];
        snprintf(shard, sizeof shard, "%u/%u", o->select.shard_k, o->select.shard_n);
        cJSON_AddStringToObject(j, "shard", shard);
    }
    write_line(f, j);
    *out = f;
    return OP_OK;
}

void batch_report_item(FILE *f, const op_batch_result *r)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "type", "item");
    cJSON_AddStringToObject(j, "input", r->input ? r->input : "");
    add_str(j, "format", r->format);
    add_str(j, "title", r->title);
    add_str(j, "url", r->url);
    cJSON_AddStringToObject(j, "status", op_batch_status_name(r->status));
    if (r->status == OP_BATCH_SKIPPED)
        add_str(j, "reason", r->reason);
    if (r->status == OP_BATCH_DUPLICATE)
        add_str(j, "duplicate_of", r->reason);
    cJSON *outs = cJSON_AddArrayToObject(j, "outputs");
    if (r->output && r->status == OP_BATCH_OK)
        cJSON_AddItemToArray(outs, cJSON_CreateString(r->output));
    cJSON_AddNumberToObject(j, "bytes", (double)r->bytes);
    cJSON_AddNumberToObject(j, "ms", (double)(long long)(r->ms + 0.5));
    cJSON_AddNumberToObject(j, "warnings", r->warnings);
    if (r->status == OP_BATCH_FAILED) {
        cJSON *e = cJSON_AddObjectToObject(j, "error");
        cJSON_AddNumberToObject(e, "code", r->error);
        cJSON_AddStringToObject(e, "name", op_status_str(r->error));
        add_str(e, "message", r->reason);
    }
    write_line(f, j);
}

void batch_report_bundle(FILE *f, const char *path, size_t articles, uint64_t bytes, double ms,
                         op_status st, int kept, const char *error)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "type", "bundle");
    cJSON_AddStringToObject(j, "output", path);
    cJSON_AddStringToObject(j, "status", st != OP_OK ? "failed" : kept ? "skipped" : "ok");
    cJSON_AddNumberToObject(j, "articles", (double)articles);
    cJSON_AddNumberToObject(j, "bytes", (double)bytes);
    cJSON_AddNumberToObject(j, "ms", (double)(long long)(ms + 0.5));
    if (st != OP_OK) {
        cJSON *e = cJSON_AddObjectToObject(j, "error");
        cJSON_AddNumberToObject(e, "code", st);
        cJSON_AddStringToObject(e, "name", op_status_str(st));
        add_str(e, "message", error);
    }
    write_line(f, j);
}

void batch_report_summary(FILE *f, const op_batch_summary *s)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "type", "summary");
    cJSON_AddNumberToObject(j, "converted", (double)s->converted);
    cJSON_AddNumberToObject(j, "skipped", (double)s->skipped);
    cJSON_AddNumberToObject(j, "need_fetch", (double)s->need_fetch);
    cJSON_AddNumberToObject(j, "duplicates", (double)s->duplicates);
    cJSON_AddNumberToObject(j, "failed", (double)s->failed);
    cJSON_AddBoolToObject(j, "interrupted", s->interrupted);
    write_line(f, j);
}
