/* outfile.c: destinations, scratch folders, atomic publishing, write
 * errors in the user's language (outfile.h). */
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "msg.h"

/* ---- the cleanup record ------------------------------------------------------ */

void xc_cleanup_init(xc_cleanup *c) {
  memset(c, 0, sizeof *c);
  pthread_mutex_init(&c->lock, NULL);
}

static bool set_path(xc_cleanup *c, char *slot, const char *path) {
  if (!c) return true;
  pthread_mutex_lock(&c->lock);
  bool ok = !c->cancelled;
  if (ok) snprintf(slot, PATH_MAX, "%s", path ? path : "");
  pthread_mutex_unlock(&c->lock);
  return ok;
}

bool xc_cleanup_set_scratch(xc_cleanup *c, const char *dir) { return set_path(c, c ? c->scratch : NULL, dir); }
bool xc_cleanup_set_temp(xc_cleanup *c, const char *path) { return set_path(c, c ? c->temp : NULL, path); }

bool xc_cleanup_add_pid(xc_cleanup *c, pid_t pid) {
  if (!c) return true;
  pthread_mutex_lock(&c->lock);
  bool ok = !c->cancelled && c->npids < XC_CLEANUP_MAX_PIDS;
  if (ok) c->pids[c->npids++] = pid;
  pthread_mutex_unlock(&c->lock);
  return ok;
}

void xc_cleanup_del_pid(xc_cleanup *c, pid_t pid) {
  if (!c) return;
  pthread_mutex_lock(&c->lock);
  for (size_t i = 0; i < c->npids; i++)
    if (c->pids[i] == pid) c->pids[i] = c->pids[--c->npids];
  pthread_mutex_unlock(&c->lock);
}

void xc_cleanup_run(xc_cleanup *c) {
  pthread_mutex_lock(&c->lock);
  c->cancelled = true;
  for (size_t i = 0; i < c->npids; i++) kill(c->pids[i], SIGKILL);
  if (c->temp[0]) unlink(c->temp);
  if (c->scratch[0]) xc_scratch_remove(c->scratch);
  c->temp[0] = c->scratch[0] = '\0';
  pthread_mutex_unlock(&c->lock);
}

/* ---- write errors ------------------------------------------------------------ */

const char *xc_write_reason(int err, const char *near, xc_lang L) {
  switch (err) {
    case ENOSPC: {
      struct statvfs vfs;
      if (near && statvfs(near, &vfs) == 0 && vfs.f_files > 0 && vfs.f_favail == 0)
        return xc_msg(L, "hết chỗ tạo tệp mới trên đĩa (hết inode); xóa bớt tệp hoặc ghi ra nơi khác",
                      "no room for new files on the disk (no inodes left); delete files or write elsewhere");
      return xc_msg(L, "đĩa đầy; giải phóng chỗ trống hoặc ghi ra nơi khác", "the disk is full; free some space or write elsewhere");
    }
    case EDQUOT:
      return xc_msg(L, "vượt hạn mức dung lượng của người dùng trên đĩa", "the disk quota is exceeded");
    case EACCES:
    case EPERM:
      return xc_msg(L, "không có quyền ghi vào đây; chọn nơi khác với -o", "no permission to write there; choose another place with -o");
    case ENOENT:
      return xc_msg(L, "thư mục không tồn tại", "no such folder");
    case ENOTDIR:
      return xc_msg(L, "một phần của đường dẫn không phải thư mục", "a part of the path is not a folder");
    case EROFS:
      return xc_msg(L, "ổ đĩa chỉ cho đọc", "the filesystem is read-only");
    case ENAMETOOLONG:
      return xc_msg(L, "tên tệp quá dài", "the file name is too long");
    case EISDIR:
      return xc_msg(L, "là một thư mục", "it is a folder");
    case EIO:
      return xc_msg(L, "lỗi vào/ra của đĩa", "an input/output error of the disk");
    default:
      return strerror(err);
  }
}

static void say(xc_errtext *err, const char *what, int e, const char *near) {
  XC_ERRTEXT_PRINTF(err, "%s: %s", what, xc_write_reason(e, near, XC_L));
}

/* ---- the destination ------------------------------------------------------- */

static void dir_of(const char *path, char *out, size_t cap) {
  const char *slash = strrchr(path, '/');
  if (!slash) snprintf(out, cap, ".");
  else if (slash == path) snprintf(out, cap, "/");
  else snprintf(out, cap, "%.*s", (int)(slash - path), path);
}

bool xc_dest_resolve(const char *out, xc_dest *d, xc_errtext *err) {
  memset(d, 0, sizeof *d);
  if (strcmp(out, "-") == 0) {
    d->to_stdout = true;
    return true;
  }
  if (!*out) {
    XC_ERRTEXT_PRINTF(err, "%s", xc_msg(XC_L, "tên tệp kết quả (-o) trống", "the output name (-o) is empty"));
    return false;
  }
  if (strlen(out) >= sizeof d->path) {
    XC_ERRTEXT_PRINTF(err, "%s: %s", out, xc_write_reason(ENAMETOOLONG, NULL, XC_L));
    return false;
  }
  snprintf(d->path, sizeof d->path, "%s", out);
  /* a symbolic link: its target is written (links to links followed, at most 40) */
  for (int hops = 0;; hops++) {
    struct stat st;
    if (lstat(d->path, &st) != 0) break; /* not there yet: created */
    if (S_ISLNK(st.st_mode)) {
      char target[PATH_MAX];
      ssize_t n = readlink(d->path, target, sizeof target - 1);
      if (n < 0 || hops >= 40) {
        XC_ERRTEXT_PRINTF(err, "%s: %s", out, xc_msg(XC_L, "liên kết tượng trưng không đọc được hoặc lặp vòng", "a symbolic link that cannot be read or loops"));
        return false;
      }
      target[n] = '\0';
      char dir[PATH_MAX], next[PATH_MAX];
      dir_of(d->path, dir, sizeof dir);
      if (target[0] == '/' || strcmp(dir, ".") == 0) snprintf(next, sizeof next, "%s", target);
      else if ((size_t)snprintf(next, sizeof next, "%s/%s", dir, target) >= sizeof next) {
        XC_ERRTEXT_PRINTF(err, "%s: %s", out, xc_write_reason(ENAMETOOLONG, NULL, XC_L));
        return false;
      }
      memcpy(d->path, next, sizeof next);
      continue;
    }
    if (S_ISDIR(st.st_mode)) {
      XC_ERRTEXT_PRINTF(err, "%s: %s", out,
                    xc_msg(XC_L, "là một thư mục; -o cần tên tệp .zip, ví dụ -o THƯ-MỤC/tong-hop.zip",
                           "is a folder; -o needs a .zip file name, e.g. -o FOLDER/tong-hop.zip"));
      return false;
    }
    if (!S_ISREG(st.st_mode)) {
      XC_ERRTEXT_PRINTF(err, "%s: %s", out,
                    xc_msg(XC_L, "không phải tệp thông thường (thiết bị, FIFO hoặc socket); không ghi đè lên nó. Dùng -o - để ghi ra đầu ra chuẩn",
                           "not a regular file (a device, FIFO or socket); it is not replaced. Use -o - to write to the standard output"));
      return false;
    }
    break;
  }
  dir_of(d->path, d->dir, sizeof d->dir);
  struct stat ds;
  int e = stat(d->dir, &ds) != 0 ? errno : !S_ISDIR(ds.st_mode) ? ENOTDIR : 0;
  if (e) {
    XC_ERRTEXT_PRINTF(err, "%s: %s (%s)", out, xc_write_reason(e, NULL, XC_L), d->dir);
    return false;
  }
  return true;
}

/* ---- scratch folders ---------------------------------------------------------- */

/* Removes dir and what it holds (4 levels deep at most).  The entries are
 * read with getdents64 into a buffer on the stack, not with opendir (which
 * allocates): the scratch folder goes even when memory has run out. */
static void remove_tree(const char *dir, int depth) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    _Alignas(8) char buf[4096];
    char p[PATH_MAX];
    long got;
    while ((got = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
      for (long off = 0; off < got;) {
        unsigned short reclen;
        memcpy(&reclen, buf + off + 16, sizeof reclen); /* struct linux_dirent64: ino, off, reclen, type, name */
        const char *name = buf + off + 19;
        off += reclen;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) continue;
        if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, name) >= sizeof p) continue;
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode) && depth < 4) remove_tree(p, depth + 1);
        else unlink(p);
      }
    }
    close(fd);
  }
  rmdir(dir);
}

void xc_scratch_remove(const char *dir) {
  /* a writer may still create a file while we remove: try until the folder is gone */
  for (int i = 0; i < 5; i++) {
    remove_tree(dir, 0);
    if (access(dir, F_OK) != 0) return;
  }
}

void xc_scratch_remove_stale(const char *dir) {
  DIR *dd = opendir(dir);
  if (!dd) return;
  struct dirent *de;
  size_t plen = strlen(XC_SCRATCH_PREFIX);
  while ((de = readdir(dd))) {
    if (strncmp(de->d_name, XC_SCRATCH_PREFIX, plen) != 0) continue;
    char *end;
    long pid = strtol(de->d_name + plen, &end, 10);
    if (end == de->d_name + plen || *end != '.' || strlen(end) < 7 || pid <= 0) continue;
    if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue; /* in use */
    char p[PATH_MAX];
    if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, de->d_name) >= sizeof p) continue;
    struct stat st;
    if (lstat(p, &st) != 0 || st.st_uid != geteuid()) continue;
    if (S_ISDIR(st.st_mode)) xc_scratch_remove(p);
    else if (S_ISREG(st.st_mode)) unlink(p);
  }
  closedir(dd);
}

bool xc_scratch_make(const char *near_dir, const char *dest, char *out, size_t cap, xc_cleanup *c,
                     xc_errtext *err) {
  const char *tmp = getenv("TMPDIR");
  const char *parent = tmp && *tmp ? tmp : near_dir;
  xc_scratch_remove_stale(parent);
  if ((size_t)snprintf(out, cap, "%s/" XC_SCRATCH_PREFIX "%ld.XXXXXX", parent, (long)getpid()) >= cap) {
    say(err, parent, ENAMETOOLONG, NULL);
    return false;
  }
  if (!xc_cleanup_set_scratch(c, out)) return false; /* registered first: cleaned even half made */
  if (!mkdtemp(out)) {
    int e = errno;
    XC_ERRTEXT_PRINTF(err, "%s: %s (%s %s)", dest, xc_write_reason(e, parent, XC_L),
                  xc_msg(XC_L, "tạo thư mục tạm trong", "creating a scratch folder in"), parent);
    xc_cleanup_set_scratch(c, "");
    return false;
  }
  if (!xc_cleanup_set_scratch(c, out)) {
    rmdir(out);
    return false;
  }
  return true;
}

/* ---- publishing ---------------------------------------------------------------- */

static bool copy_fd(int in, int outfd, int *werr) {
  char buf[1 << 16];
  for (;;) {
    ssize_t r = read(in, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      *werr = errno;
      return false;
    }
    if (r == 0) return true;
    for (ssize_t off = 0; off < r;) {
      ssize_t w = write(outfd, buf + off, (size_t)(r - off));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        *werr = w < 0 ? errno : ENOSPC;
        return false;
      }
      off += w;
    }
  }
}

bool xc_publish(const char *src, const xc_dest *d, xc_cleanup *c, xc_errtext *err) {
  int in = open(src, O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    say(err, src, errno, NULL);
    return false;
  }
  int e = 0;
  if (d->to_stdout) {
    bool ok = copy_fd(in, STDOUT_FILENO, &e);
    close(in);
    if (!ok) XC_ERRTEXT_PRINTF(err, "%s: %s", xc_msg(XC_L, "đầu ra chuẩn", "standard output"), xc_write_reason(e, NULL, XC_L));
    return ok;
  }
  /* the same filesystem: the finished file is renamed into place */
  struct stat ss, ds;
  char tmp[PATH_MAX];
  bool same_fs = fstat(in, &ss) == 0 && stat(d->dir, &ds) == 0 && ss.st_dev == ds.st_dev;
  if (same_fs) {
    close(in);
    int fd = open(src, O_RDWR | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) {
      e = errno;
      if (fd >= 0) close(fd);
      say(err, d->path, e, d->dir);
      return false;
    }
    close(fd);
    if (rename(src, d->path) != 0) {
      say(err, d->path, errno, d->dir);
      return false;
    }
  } else {
    if ((size_t)snprintf(tmp, sizeof tmp, "%s/" XC_SCRATCH_PREFIX "%ld.XXXXXX", d->dir, (long)getpid()) >= sizeof tmp ||
        !xc_cleanup_set_temp(c, tmp)) {
      close(in);
      say(err, d->path, ENAMETOOLONG, NULL);
      return false;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
      e = errno;
      close(in);
      xc_cleanup_set_temp(c, "");
      say(err, d->path, e, d->dir);
      return false;
    }
    xc_cleanup_set_temp(c, tmp);
    bool ok = copy_fd(in, fd, &e);
    if (ok) (void)fchmod(fd, ss.st_mode & 0777); /* as libzip made it: 0666 less the umask */
    if (ok && fsync(fd) != 0) ok = false, e = errno;
    if (close(fd) != 0 && ok) ok = false, e = errno;
    close(in);
    if (ok && rename(tmp, d->path) != 0) ok = false, e = errno;
    if (!ok) {
      unlink(tmp);
      xc_cleanup_set_temp(c, "");
      say(err, d->path, e, d->dir);
      return false;
    }
    xc_cleanup_set_temp(c, "");
  }
  /* the rename itself made durable */
  int dfd = open(d->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  return true;
}
