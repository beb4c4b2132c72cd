/* fileio.h: opening the files xlsxcheck reads.  Only regular files are
 * read: a FIFO, a device, a socket or a folder is refused at once (the
 * open never blocks waiting for a FIFO's writer, and /dev/zero is never
 * read for ever). */
#ifndef XC_FILEIO_H
#define XC_FILEIO_H
#include <stdio.h>
#include <sys/stat.h>

#include "err.h"

/* A read-only descriptor (blocking, close-on-exec) on the regular file path,
 * its status in st (if non-NULL); -1 with e set (XC_ERR_OPEN with the
 * system's reason, or XC_ERR_NOT_REGULAR) otherwise. */
int xc_open_regular(const char *path, struct stat *st, xc_error *e);

/* The same as a stdio stream ("rb"); NULL with e set. */
FILE *xc_fopen_regular(const char *path, xc_error *e);

#endif
