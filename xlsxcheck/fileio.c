/* fileio.c: regular files only (fileio.h). */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int xc_open_regular(const char *path, struct stat *st, xc_error *e) {
  struct stat local;
  if (!st) st = &local;
  /* O_NONBLOCK: a FIFO with no writer opens at once instead of waiting */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    int err = errno;
    /* a socket cannot be opened at all (ENXIO): say what it is */
    if (stat(path, st) == 0 && !S_ISREG(st->st_mode)) xc_fail(e, XC_ERR_NOT_REGULAR, NULL, NULL);
    else xc_fail(e, XC_ERR_OPEN, NULL, "%s", strerror(err));
    return -1;
  }
  if (fstat(fd, st) != 0) {
    xc_fail(e, XC_ERR_OPEN, NULL, "%s", strerror(errno));
    close(fd);
    return -1;
  }
  if (!S_ISREG(st->st_mode)) {
    xc_fail(e, XC_ERR_NOT_REGULAR, NULL, NULL);
    close(fd);
    return -1;
  }
  int fl = fcntl(fd, F_GETFL);
  if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  return fd;
}

FILE *xc_fopen_regular(const char *path, xc_error *e) {
  int fd = xc_open_regular(path, NULL, e);
  if (fd < 0) return NULL;
  FILE *f = fdopen(fd, "rb");
  if (!f) {
    xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
    close(fd);
  }
  return f;
}
