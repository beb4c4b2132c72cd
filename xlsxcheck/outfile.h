/* outfile.h: writing an output safely.
 *
 * - The destination: "-" is the standard output; a symbolic link is
 *   followed (its target is written, the link stays); an existing folder,
 *   device node, FIFO or socket is refused, never replaced; "" is refused.
 * - Scratch folders have the tool's own pattern, ".xlsxcheck-tmp.<pid>.XXXXXX",
 *   in $TMPDIR when set, else beside the destination; one left by a killed
 *   run (its process gone) is removed by the next run writing there.
 * - The output is published atomically: written to a temporary file beside
 *   the destination (same pattern, so a long destination name keeps working
 *   up to the filesystem's limit), fsync'd, renamed over the destination,
 *   then the folder is fsync'd.
 * - Write errors name the destination and say what happened, in both
 *   languages (msg.h's xc_errtext): disk full, no inodes left, quota, no permission, no such
 *   folder, read-only filesystem.
 * - An xc_cleanup, owned by the caller (the CLI's signal thread, a web
 *   request), knows the scratch folder, the temporary file and the writer
 *   processes of a write in progress, so it can remove and stop them. */
#ifndef XC_OUTFILE_H
#define XC_OUTFILE_H
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "buf.h"
#include "err.h"
#include "msg.h"

#define XC_SCRATCH_PREFIX ".xlsxcheck-tmp."
#define XC_CLEANUP_MAX_PIDS 16

typedef struct xc_cleanup_s {
  pthread_mutex_t lock;
  bool cancelled;              /* set by xc_cleanup_run: register nothing more */
  char scratch[PATH_MAX];      /* a scratch folder in use, or "" */
  char temp[PATH_MAX];         /* a temporary file beside the destination, or "" */
  pid_t pids[XC_CLEANUP_MAX_PIDS];
  size_t npids;
} xc_cleanup;

void xc_cleanup_init(xc_cleanup *c);
/* Registration by the writer (c may be NULL); false once cancelled. */
bool xc_cleanup_set_scratch(xc_cleanup *c, const char *dir);
bool xc_cleanup_set_temp(xc_cleanup *c, const char *path);
bool xc_cleanup_add_pid(xc_cleanup *c, pid_t pid);
void xc_cleanup_del_pid(xc_cleanup *c, pid_t pid);
/* Stops the writers (SIGKILL), removes the temporary file and the scratch
 * folder, and cancels the write: for a signal or a failed request. */
void xc_cleanup_run(xc_cleanup *c);

typedef struct {
  bool to_stdout;          /* "-" */
  char path[PATH_MAX];     /* the file to write (a symlink's target) */
  char dir[PATH_MAX];      /* its folder */
} xc_dest;

/* Resolves out (see above); false with a message naming it in err. */
bool xc_dest_resolve(const char *out, xc_dest *d, xc_errtext *err);

/* Removes scratch folders and temporary files of the tool's pattern in dir
 * whose process is gone (a kill -9, a power cut). */
void xc_scratch_remove_stale(const char *dir);

/* Creates a scratch folder (in $TMPDIR when set, else in near_dir), removing
 * stale ones there first; false with a message naming dest in err. */
bool xc_scratch_make(const char *near_dir, const char *dest, char *out, size_t cap, xc_cleanup *c,
                     xc_errtext *err);
/* Removes a scratch folder and everything in it. */
void xc_scratch_remove(const char *dir);

/* Copies the finished file src to the destination: to the standard output,
 * or a temporary file beside it, fsync'd, renamed over it, folder fsync'd.
 * false with a message naming the destination in err. */
bool xc_publish(const char *src, const xc_dest *d, xc_cleanup *c, xc_errtext *err);

/* "disk full", "no permission"… for errno err (near: a path on the same
 * filesystem, to tell a full disk from one out of inodes). */
const char *xc_write_reason(int err, const char *near, xc_lang L);

#endif
