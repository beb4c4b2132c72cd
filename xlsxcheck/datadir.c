/* datadir.c: finding the data folder (datadir.h). */
#include "datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef XC_DATADIR
#define XC_DATADIR "/usr/local/share/xlsxcheck"
#endif

/* dir holds a rulesets folder we can read */
static bool is_datadir(const char *dir) {
  char p[PATH_MAX];
  if (snprintf(p, sizeof p, "%s/rulesets", dir) >= (int)sizeof p) return false;
  struct stat st;
  return stat(p, &st) == 0 && S_ISDIR(st.st_mode) && access(p, R_OK | X_OK) == 0;
}

static bool try_dir(const char *dir, char *out, size_t cap, xc_buf *looked) {
  char real[PATH_MAX];
  if (is_datadir(dir) && realpath(dir, real) && strlen(real) < cap) {
    memcpy(out, real, strlen(real) + 1);
    return true;
  }
  if (looked) xc_buf_printf(looked, "  %s\n", dir);
  return false;
}

bool xc_datadir_find(const char *exe, const char *env, char *out, size_t cap, xc_buf *looked) {
  if (env && *env) return try_dir(env, out, cap, looked);
  char bin[PATH_MAX];
  if (exe) {
    snprintf(bin, sizeof bin, "%s", exe);
  } else {
    ssize_t n = readlink("/proc/self/exe", bin, sizeof bin - 1);
    bin[n > 0 ? n : 0] = '\0';
  }
  char *slash = strrchr(bin, '/');
  if (slash) {
    *slash = '\0';
    char dir[PATH_MAX];
    if (snprintf(dir, sizeof dir, "%s/../share/xlsxcheck", bin) < (int)sizeof dir &&
        try_dir(dir, out, cap, looked))
      return true;
    if (snprintf(dir, sizeof dir, "%s/..", bin) < (int)sizeof dir && try_dir(dir, out, cap, looked))
      return true;
  }
  return try_dir(XC_DATADIR, out, cap, looked);
}
