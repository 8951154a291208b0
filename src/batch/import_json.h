/* JSON exports (wallabag, Karakeep/Hoarder, Omnivore's metadata files) through cJSON, the
 * one file that includes it: load with a size cap, then look values up by key. cJSON
 * parses a whole file, so a JSON export is held in memory while it is read (capped at
 * IMPORT_MAX_FILE); the items are still emitted one at a time. */
#ifndef OP_BATCH_IMPORT_JSON_H
#define OP_BATCH_IMPORT_JSON_H

#include "core/core.h"

typedef struct cJSON import_json; /* opaque to the readers */

/** Reads and parses the JSON file at path. OP_ERR_IO / OP_ERR_LIMIT / OP_ERR_PARSE with a
 *  message to diag. Free *root with import_json_free. */
op_status import_json_load(const char *path, import_json **root, op_diag *diag);
/** Parses s[0..len). NULL when it is not JSON. */
import_json *import_json_parse(const char *s, size_t len);
void import_json_free(import_json *root);

/** The member `key` of an object (lent), or NULL (also when v is not an object). */
import_json *import_json_get(const import_json *v, const char *key);
/** The first element of an array or member of an object, or NULL; then the next one. */
import_json *import_json_first(const import_json *v);
import_json *import_json_next(const import_json *v);
int import_json_is_array(const import_json *v);
int import_json_is_object(const import_json *v);
/** The value of a string (lent), or NULL when v is not one. */
const char *import_json_string(const import_json *v);
/** import_json_string(import_json_get(v, key)). */
const char *import_json_str(const import_json *v, const char *key);
/** 1 for true, 1, "1", "true"; 0 for false, 0, "0", "false", null; -1 when absent or other. */
int import_json_bool(const import_json *v, const char *key);
/** A time member as Unix seconds: a string op_date_unix reads, or a number of seconds (or
 *  milliseconds past 1e11); -1 when absent or unreadable. */
int64_t import_json_time(const import_json *v, const char *key);
/** A number or numeric string member printed as text into out ("12345"); 0 when absent. */
int import_json_id(const import_json *v, const char *key, char *out, size_t outsz);

#endif
