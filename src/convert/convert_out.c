/* Writing a finished output where the user asked, without ever leaving a half-written file
 * or replacing something that is not a file of ours: regular files go through a temporary
 * file beside them (written, flushed, renamed into place, keeping the old file's mode);
 * devices, FIFOs and sockets (/dev/null, a pipe) are written straight through; a symbolic
 * link is followed and stays a link; a folder or one of the inputs is refused. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "convert/convert_int.h"
#include "core/core.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static op_status fail(op_diag *diag, const char *path, const char *what, int err)
{
    char ebuf[128];
    op_diag_report(diag, OP_SEV_ERROR, path, 0, "%s: %s", what,
                   op_errno_str(err, ebuf, sizeof ebuf));
    return OP_ERR_IO;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        data += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Where a symbolic link at `path` points: the resolved file, or for a link to nothing yet,
 * its target joined to the link's folder. New string. */
static char *link_target(const char *path)
{
    char *real = realpath(path, NULL);
    if (real) {
        char *t = op_strdup(real);
        free(real); /* realpath's buffer comes from malloc */
        return t;
    }
    char buf[PATH_MAX];
    ssize_t n = readlink(path, buf, sizeof buf - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    if (buf[0] == '/')
        return op_strdup(buf);
    char *dir = op_path_dirname(path);
    char *t = op_path_join(dir, buf);
    op_free(dir);
    return t;
}

/* 1 when `st` is the file of one of the inputs. */
static int is_input(const struct stat *st, const op_input *inputs, size_t ninputs)
{
    for (size_t i = 0; i < ninputs; i++) {
        struct stat is;
        const char *p = inputs[i].path;
        if (p && strcmp(p, "-") != 0 && stat(p, &is) == 0 && is.st_dev == st->st_dev &&
            is.st_ino == st->st_ino)
            return 1;
    }
    return 0;
}

/*** Temporary files, removed on SIGINT/SIGTERM (op_convert_remove_temps) ***/

/* The names of the temporary files being written, for a signal handler to remove. A slot
 * is claimed with an atomic exchange; a handler reads only slots marked complete. */
enum { TEMP_SLOTS = 64, TEMP_FREE = 0, TEMP_CLAIMED = 1, TEMP_SET = 2 };
static struct {
    atomic_int state;
    char path[PATH_MAX];
} temps[TEMP_SLOTS];

/* Records `path`; returns its slot, or -1 when all are taken (the file is then removed on
 * every error path but not by a signal handler). */
static int temp_register(const char *path)
{
    if (strlen(path) >= PATH_MAX)
        return -1;
    for (int i = 0; i < TEMP_SLOTS; i++) {
        int expect = TEMP_FREE;
        if (atomic_compare_exchange_strong(&temps[i].state, &expect, TEMP_CLAIMED)) {
            strcpy(temps[i].path, path);
            atomic_store(&temps[i].state, TEMP_SET);
            return i;
        }
    }
    return -1;
}

static void temp_release(int slot)
{
    if (slot >= 0)
        atomic_store(&temps[slot].state, TEMP_FREE);
}

void op_convert_remove_temps(void)
{
    for (int i = 0; i < TEMP_SLOTS; i++)
        if (atomic_load(&temps[i].state) == TEMP_SET)
            unlink(temps[i].path); /* async-signal-safe */
}

/* A new, empty temporary file beside `path` ("PATH.tmp.XXXXXX"), created with mode 0666
 * less the umask like any new output and recorded for op_convert_remove_temps (*slot).
 * Its name goes to *tmp (op_free). */
int convert_temp_open(const char *path, char **tmp, int *slot)
{
    static atomic_ulong seq;
    size_t n = strlen(path) + 32;
    *tmp = op_malloc(n);
    *slot = -1;
    for (int tries = 0; tries < 100; tries++) {
        unsigned long r = (unsigned long)getpid() * 2654435761u ^ (unsigned long)time(NULL) ^
                          atomic_fetch_add(&seq, 1) * 40503u;
        snprintf(*tmp, n, "%s.tmp.%06lx", path, r & 0xffffff);
        *slot = temp_register(*tmp); /* before it exists: a signal never misses it */
        int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0)
            return fd;
        int err = errno;
        temp_release(*slot);
        *slot = -1;
        if (err != EEXIST) {
            errno = err;
            return -1;
        }
    }
    errno = EEXIST;
    return -1;
}

void convert_temp_done(int slot)
{
    temp_release(slot);
}

static op_status save_regular(const char *path, const struct stat *old, const char *data,
                              size_t len, op_diag *diag)
{
    char *tmp = NULL;
    int slot;
    int fd = convert_temp_open(path, &tmp, &slot);
    if (fd < 0) {
        op_status st = fail(diag, path, "cannot write", errno);
        op_free(tmp);
        return st;
    }
    int err = 0;
    if (write_all(fd, data, len) != 0 || fsync(fd) != 0)
        err = errno ? errno : EIO;
    if (!err && old && fchmod(fd, old->st_mode & 07777) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    if (!err && rename(tmp, path) != 0)
        err = errno;
    if (err)
        unlink(tmp);
    convert_temp_done(slot);
    op_free(tmp);
    return err ? fail(diag, path, "cannot write", err) : OP_OK;
}

static op_status save_special(const char *path, const char *data, size_t len, op_diag *diag)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return fail(diag, path, "cannot write", errno);
    int err = write_all(fd, data, len) != 0 ? (errno ? errno : EIO) : 0;
    if (close(fd) != 0 && !err)
        err = errno;
    return err ? fail(diag, path, "cannot write", err) : OP_OK;
}

op_status convert_save(const char *path, const char *data, size_t len, const op_input *inputs,
                       size_t ninputs, op_diag *diag)
{
    struct stat sb;
    char *target = NULL;
    op_status st;

    if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
        target = link_target(path);
        if (!target)
            return fail(diag, path, "cannot follow the link", errno);
        path = target;
    }
    int exists = stat(path, &sb) == 0;
    if (!exists && errno != ENOENT) {
        st = fail(diag, path, "cannot write", errno);
    } else if (exists && S_ISDIR(sb.st_mode)) {
        op_diag_report(diag, OP_SEV_ERROR, path, 0, "is a folder, not a file");
        st = OP_ERR_USAGE;
    } else if (exists && !S_ISREG(sb.st_mode)) {
        st = save_special(path, data, len, diag);
    } else if (exists && is_input(&sb, inputs, ninputs)) {
        op_diag_report(diag, OP_SEV_ERROR, path, 0,
                       "is one of the inputs: not overwritten (name another output with -o)");
        st = OP_ERR_USAGE;
    } else {
        st = save_regular(path, exists ? &sb : NULL, data, len, diag);
    }
    op_free(target);
    return st;
}
