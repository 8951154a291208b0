/* Internals of the conversion pipeline shared by convert.c and convert_out.c. */
#ifndef OP_CONVERT_INT_H
#define OP_CONVERT_INT_H

#include "offprint/convert.h"

/** A sink that forwards to `parent` (may be NULL) with `file` as the default file name;
 *  convert_diag_close adds its counts back to the parent. */
void convert_diag_open(op_diag *parent, const char *file, op_diag *out);
void convert_diag_close(op_diag *parent, const op_diag *d);

/** Renders `docs` and writes them to `output` (convert_save), or into data and len when
 *  output is NULL. `inputs` (may be NULL) are never overwritten. `fetch_ok` (may be NULL:
 *  o->fetch_images for every doc) says per doc whether its http(s) images are fetched; the
 *  images that are not get one warning per doc naming names[doc] (may be NULL: output). */
op_status convert_write(const op_doc *const *docs, size_t ndocs, const char *output,
                        const op_convert_opts *o, const op_input *inputs, size_t ninputs,
                        const unsigned char *fetch_ok, const char *const *names, char **data,
                        size_t *len);

/** Writes data[0..len) to `path` by the output rules of op_convert (convert.h): a regular
 *  file (or none) through a temporary file beside it, flushed and renamed; a device, FIFO or
 *  socket straight through; a symbolic link's target, keeping the link. Refuses a folder
 *  and any of `inputs` (OP_ERR_USAGE). Problems are reported to diag naming the path. */
op_status convert_save(const char *path, const char *data, size_t len, const op_input *inputs,
                       size_t ninputs, op_diag *diag);

/** Creates a new temporary file beside `path` (name in *tmp, op_free), recorded in *slot for
 *  op_convert_remove_temps until convert_temp_done(*slot). Returns the open descriptor, or
 *  -1 with errno set. */
int convert_temp_open(const char *path, char **tmp, int *slot);
void convert_temp_done(int slot);

#endif
