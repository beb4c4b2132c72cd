/* failmalloc.c: a fault-injection shim for the out-of-memory tests (LD_PRELOAD).
 *
 * XC_FAILMALLOC_N=N: the Nth call of malloc, calloc, realloc, posix_memalign,
 * aligned_alloc or memalign after main starts (the shared libraries' own
 * initialisers are not counted: __libc_start_main is wrapped) returns NULL
 * (ENOMEM);
 * with XC_FAILMALLOC_AFTER=1 every call from the Nth on fails (memory gone
 * for good), otherwise only that one.  0 or unset: nothing fails.
 * XC_FAILMALLOC_REPORT=path: at exit the number of calls counted is written
 * there (the sweep's range).  The real functions are glibc's __libc_*; the
 * shim itself never allocates.  A forked child (the merge's workbook
 * writers) fails nothing unless XC_FAILMALLOC_CHILDREN=1: libxlsxwriter,
 * which those children run, dereferences some failed allocations (see
 * bundle.c, write_province_apart), and its crash is reported by the parent. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static atomic_ulong calls;
static atomic_int armed; /* main has started */
static unsigned long fail_at;
static int fail_after;
static const char *report;

static void in_child(void) {
  const char *c = getenv("XC_FAILMALLOC_CHILDREN");
  if (!c || *c != '1') fail_at = 0;
  report = NULL; /* the count is the process's under test */
}

__attribute__((constructor)) static void shim_init(void) {
  const char *n = getenv("XC_FAILMALLOC_N");
  fail_at = n ? strtoul(n, NULL, 10) : 0;
  const char *a = getenv("XC_FAILMALLOC_AFTER");
  fail_after = a && *a == '1';
  report = getenv("XC_FAILMALLOC_REPORT");
  atomic_store(&calls, 0);
  pthread_atfork(NULL, NULL, in_child);
}

__attribute__((destructor)) static void shim_report(void) {
  if (!report || !*report) return;
  int fd = open(report, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return;
  char text[32];
  int i = (int)sizeof text;
  unsigned long v = atomic_load(&calls);
  text[--i] = '\n';
  do text[--i] = (char)('0' + v % 10); while ((v /= 10) && i > 0);
  ssize_t w = write(fd, text + i, sizeof text - (size_t)i);
  (void)w;
  close(fd);
}

/* true when this call is to fail */
static int fail_now(void) {
  if (!atomic_load(&armed)) return 0;
  unsigned long k = atomic_fetch_add(&calls, 1) + 1;
  if (!fail_at) return 0;
  return fail_after ? k >= fail_at : k == fail_at;
}

typedef int (*main_fn)(int, char **, char **);
static main_fn real_main;

static int counted_main(int argc, char **argv, char **envp) {
  atomic_store(&calls, 0);
  atomic_store(&armed, 1);
  return real_main(argc, argv, envp);
}

int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end) {
  typedef int (*start_fn)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void), void *);
  start_fn next;
  *(void **)&next = dlsym(RTLD_NEXT, "__libc_start_main");
  real_main = main;
  return next(counted_main, argc, argv, init, fini, rtld_fini, stack_end);
}

void *malloc(size_t n) {
  if (fail_now()) { errno = ENOMEM; return NULL; }
  return __libc_malloc(n);
}

void *calloc(size_t c, size_t n) {
  if (fail_now()) { errno = ENOMEM; return NULL; }
  return __libc_calloc(c, n);
}

void *realloc(void *p, size_t n) {
  if (p && n == 0) return __libc_realloc(p, n); /* a free, never a failure */
  if (fail_now()) { errno = ENOMEM; return NULL; }
  return __libc_realloc(p, n);
}

int posix_memalign(void **out, size_t align, size_t n) {
  if (fail_now()) return ENOMEM;
  void *p = __libc_memalign(align, n);
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}

void *aligned_alloc(size_t align, size_t n) {
  if (fail_now()) { errno = ENOMEM; return NULL; }
  return __libc_memalign(align, n);
}

void *memalign(size_t align, size_t n) {
  if (fail_now()) { errno = ENOMEM; return NULL; }
  return __libc_memalign(align, n);
}
