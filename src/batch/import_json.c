/* The cJSON adapter for the JSON export readers: a capped load, lookups by key, and the
 * loose spellings exports use for booleans (0/1, "true") and times (strings or numbers). */
#include "batch/import_json.h"
#include "batch/import.h"

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

op_status import_json_load(const char *path, import_json **root, op_diag *diag)
{
    char *data = NULL;
    size_t len = 0;
    *root = NULL;
    op_status st = import_file_read(path, &data, &len, diag);
    if (st)
        return st;
    const char *end = NULL;
    *root = cJSON_ParseWithLengthOpts(data, len, &end, 0);
    if (!*root) {
        size_t at = end && end >= data && end <= data + len ? (size_t)(end - data) : 0;
        op_diag_report(diag, OP_SEV_ERROR, path, 0, "not valid JSON (at byte %zu)", at);
        st = OP_ERR_PARSE;
    }
    op_free(data);
    return st;
}

import_json *import_json_parse(const char *s, size_t len)
{
    return cJSON_ParseWithLength(s, len);
}

void import_json_free(import_json *root)
{
    cJSON_Delete(root);
}

import_json *import_json_get(const import_json *v, const char *key)
{
    return cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, key) : NULL;
}

import_json *import_json_first(const import_json *v)
{
    return cJSON_IsArray(v) || cJSON_IsObject(v) ? v->child : NULL;
}

import_json *import_json_next(const import_json *v)
{
    return v ? v->next : NULL;
}

int import_json_is_array(const import_json *v)
{
    return cJSON_IsArray(v);
}

int import_json_is_object(const import_json *v)
{
    return cJSON_IsObject(v);
}

const char *import_json_string(const import_json *v)
{
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

const char *import_json_str(const import_json *v, const char *key)
{
    return import_json_string(import_json_get(v, key));
}

int import_json_bool(const import_json *v, const char *key)
{
    const cJSON *m = import_json_get(v, key);
    if (cJSON_IsBool(m))
        return cJSON_IsTrue(m);
    if (cJSON_IsNull(m))
        return 0;
    if (cJSON_IsNumber(m))
        return m->valuedouble != 0;
    const char *s = import_json_string(m);
    if (s && (!strcmp(s, "1") || !strcmp(s, "true")))
        return 1;
    if (s && (!strcmp(s, "0") || !strcmp(s, "false")))
        return 0;
    return -1;
}

int64_t import_json_time(const import_json *v, const char *key)
{
    const cJSON *m = import_json_get(v, key);
    int64_t t = -1;
    if (cJSON_IsNumber(m) && isfinite(m->valuedouble) && m->valuedouble >= 0 &&
        m->valuedouble < 1e16)
        t = (int64_t)(m->valuedouble > 1e11 ? m->valuedouble / 1000 : m->valuedouble);
    else if (cJSON_IsString(m))
        op_date_unix(m->valuestring, strlen(m->valuestring), &t);
    return t;
}

int import_json_id(const import_json *v, const char *key, char *out, size_t outsz)
{
    const cJSON *m = import_json_get(v, key);
    out[0] = '\0';
    if (cJSON_IsNumber(m) && isfinite(m->valuedouble) && fabs(m->valuedouble) < 1e15)
        snprintf(out, outsz, "%.0f", m->valuedouble);
    else if (cJSON_IsString(m))
        snprintf(out, outsz, "%s", m->valuestring);
    return out[0] != '\0';
}
