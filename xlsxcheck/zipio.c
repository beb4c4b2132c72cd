/* zipio.c: file sniffing and libzip access with limits. */
#include "zipio.h"

#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "alloc.h"

#define CHUNK (256 * 1024)
#define SNIFF_HEAD 4096
#define SNIFF_OLE_SCAN (4u << 20)

void xc_limits_default(xc_limits *l) {
  memset(l, 0, sizeof *l);
  l->max_part = 512ull << 20;
  l->max_total = 2048ull << 20;
  l->max_ratio = 100.0;
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  /* the caller's thread parses too while it waits: one worker per other core */
  l->split_workers = ncpu > 1 ? (int)(ncpu - 1 < 3 ? ncpu - 1 : 3) : 0;
  l->split_min_part = 8u << 20;
  l->split_slice = 512u << 10;
  const char *v = getenv("XLSXCHECK_SPLIT_MIN");
  if (v && *v) {
    l->split_min_part = strtoull(v, NULL, 10);
    if (l->split_workers == 0) l->split_workers = 1; /* asked for: even on one core */
  }
  v = getenv("XLSXCHECK_SPLIT_SLICE");
  if (v && *v) l->split_slice = (size_t)strtoull(v, NULL, 10);
  if (l->split_slice == 0) l->split_slice = 1;
  v = getenv("XLSXCHECK_SPLIT");
  if (v && strcmp(v, "0") == 0) l->split_workers = 0;
}

bool xc_tracing(const xc_limits *l, unsigned what) {
  return l && l->trace && (l->trace_what & what);
}

void xc_trace(const xc_limits *l, unsigned what, const char *fmt, ...) {
  if (!xc_tracing(l, what)) return;
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  l->trace(l->trace_ctx, line);
}

typedef struct {
  char *name;  /* normalised */
  uint64_t index;
} entry;

struct xc_zip {
  uint64_t file_size; /* bytes of the package on disk (or in memory) */
  zip_t *za;
  entry *entries; /* sorted by case-folded name */
  uint64_t n;
  xc_limits lim;
  uint64_t total_read;
};

static bool has_prefix_ci(const unsigned char *s, size_t n, const char *p) {
  size_t k = strlen(p);
  if (n < k) return false;
  for (size_t i = 0; i < k; i++) {
    unsigned char c = s[i];
    if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
    if (c != (unsigned char)p[i]) return false;
  }
  return true;
}

static bool contains_ci(const unsigned char *s, size_t n, const char *p) {
  size_t k = strlen(p);
  for (size_t i = 0; i + k <= n; i++)
    if (has_prefix_ci(s + i, n - i, p)) return true;
  return false;
}

static bool contains_utf16(const unsigned char *s, size_t n, const char *ascii) {
  size_t k = strlen(ascii);
  for (size_t i = 0; i + 2 * k <= n; i++) {
    size_t j = 0;
    while (j < k && s[i + 2 * j] == (unsigned char)ascii[j] && s[i + 2 * j + 1] == 0) j++;
    if (j == k) return true;
  }
  return false;
}

xc_file_kind xc_sniff(const unsigned char *head, size_t n, const unsigned char *whole,
                      size_t whole_n) {
  static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
  if (n == 0) return XC_KIND_EMPTY;
  if (n >= 4 && head[0] == 'P' && head[1] == 'K' &&
      ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6) ||
       (head[2] == 7 && head[3] == 8)))
    return XC_KIND_ZIP;
  if (n >= 8 && memcmp(head, ole, 8) == 0) {
    if (contains_utf16(whole, whole_n, "EncryptionInfo") ||
        contains_utf16(whole, whole_n, "EncryptedPackage"))
      return XC_KIND_ENCRYPTED;
    return XC_KIND_OLE;
  }
  if (n >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF))) {
    /* UTF-16 text (Excel's "Unicode Text" export, or an HTML/XML page) */
    bool le = head[0] == 0xFF;
    size_t k = 2;
    while (k + 1 < n && (head[k + !le] == ' ' || head[k + !le] == '\r' || head[k + !le] == '\n' ||
                         head[k + !le] == '\t') && head[k + le] == 0)
      k += 2;
    if (k + 1 < n && head[k + !le] == '<' && head[k + le] == 0) {
      if (contains_utf16(head, n, "html") || contains_utf16(head, n, "HTML") ||
          contains_utf16(head, n, "table") || contains_utf16(head, n, "TABLE"))
        return XC_KIND_HTML;
      if (contains_utf16(head, n, "urn:schemas-microsoft-com:office:spreadsheet"))
        return XC_KIND_XML;
    }
    return XC_KIND_TEXT;
  }
  size_t i = 0;
  if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) i = 3;
  while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) i++;
  bool nul = memchr(head, 0, n) != NULL;
  if (!nul && i < n && head[i] == '<') {
    if (contains_ci(head, n, "urn:schemas-microsoft-com:office:spreadsheet") &&
        !contains_ci(head, n, "<html"))
      return XC_KIND_XML; /* Excel 2003 XML Spreadsheet */
    if (!contains_ci(head, n, "<html") && !contains_ci(head, n, "<table") &&
        !has_prefix_ci(head + i, n - i, "<!doctype html"))
      return XC_KIND_TEXT; /* some other XML or markup: not a workbook either way */
    if (contains_ci(head, n, "<html") || contains_ci(head, n, "<table") ||
        has_prefix_ci(head + i, n - i, "<!doctype html"))
      return XC_KIND_HTML;
  }
  if (!nul) {
    size_t ctl = 0;
    for (size_t k = 0; k < n; k++)
      if (head[k] < 0x20 && head[k] != '\t' && head[k] != '\n' && head[k] != '\r' &&
          head[k] != 0x0C)
        ctl++;
    if (ctl * 100 <= n) return XC_KIND_TEXT;
  }
  return XC_KIND_BINARY;
}

const char *xc_file_kind_name(xc_file_kind k) {
  switch (k) {
    case XC_KIND_ZIP: return "zip";
    case XC_KIND_EMPTY: return "empty";
    case XC_KIND_OLE: return "ole";
    case XC_KIND_ENCRYPTED: return "encrypted";
    case XC_KIND_HTML: return "html";
    case XC_KIND_XML: return "xml";
    case XC_KIND_TEXT: return "text";
    case XC_KIND_BINARY: return "binary";
  }
  return "?";
}

static xc_err kind_error(xc_file_kind k, xc_error *e) {
  switch (k) {
    case XC_KIND_EMPTY: return xc_fail(e, XC_ERR_EMPTY, NULL, NULL);
    case XC_KIND_OLE: return xc_fail(e, XC_ERR_XLS, NULL, NULL);
    case XC_KIND_ENCRYPTED: return xc_fail(e, XC_ERR_ENCRYPTED, NULL, NULL);
    case XC_KIND_HTML: return xc_fail(e, XC_ERR_HTML, NULL, NULL);
    case XC_KIND_TEXT: return xc_fail(e, XC_ERR_TEXT, NULL, NULL);
    case XC_KIND_XML: return xc_fail(e, XC_ERR_XML2003, NULL, NULL);
    default: return xc_fail(e, XC_ERR_NOT_ZIP, NULL, NULL);
  }
}

static int cmp_fold(const char *a, const char *b) {
  for (;; a++, b++) {
    unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
    if (x >= 'A' && x <= 'Z') x = (unsigned char)(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = (unsigned char)(y - 'A' + 'a');
    if (x != y || !x) return (int)x - (int)y;
  }
}

static int cmp_entry(const void *a, const void *b) {
  const entry *x = a, *y = b;
  int c = cmp_fold(x->name, y->name);
  if (c) return c;
  return x->index < y->index ? -1 : x->index > y->index;
}

static char *normalise_name(const char *raw) {
  while (*raw == '/' || *raw == '\\') raw++;
  size_t n = strlen(raw) + 1;
  char *s = xc_try_malloc(n);
  if (!s) return NULL;
  memcpy(s, raw, n);
  for (char *p = s; *p; p++)
    if (*p == '\\') *p = '/';
  return s;
}

static xc_zip *finish_open(zip_t *za, const xc_limits *lim, xc_error *e) {
  zip_int64_t n = zip_get_num_entries(za, 0);
  if (n < 0) {
    zip_discard(za);
    xc_fail(e, XC_ERR_ZIP_DAMAGED, NULL, NULL);
    return NULL;
  }
  if (n > 1000000) {
    zip_discard(za);
    xc_fail(e, XC_ERR_LIMIT, NULL, "%lld ZIP entries", (long long)n);
    return NULL;
  }
  xc_zip *z = xc_try_calloc(1, sizeof *z);
  if (!z) {
    zip_discard(za);
    xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
    return NULL;
  }
  z->za = za;
  z->lim = *lim;
  z->entries = xc_try_calloc((size_t)n ? (size_t)n : 1, sizeof *z->entries);
  if (!z->entries) {
    xc_zip_close(z);
    xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
    return NULL;
  }
  for (zip_int64_t i = 0; i < n; i++) {
    const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
    if (!name) continue;
    if (!(z->entries[z->n].name = normalise_name(name))) {
      xc_zip_close(z);
      xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
      return NULL;
    }
    z->entries[z->n].index = (uint64_t)i;
    z->n++;
  }
  qsort(z->entries, z->n, sizeof *z->entries, cmp_entry);
  /* OPC forbids equivalent part names: two entries another reader would pick
   * differently between (a report that shows other numbers elsewhere) */
  for (uint64_t i = 1; i < z->n; i++)
    if (cmp_fold(z->entries[i - 1].name, z->entries[i].name) == 0) {
      xc_fail(e, XC_ERR_ZIP_DAMAGED, z->entries[i].name, "tên phần bị trùng / duplicate part name");
      xc_zip_close(z);
      return NULL;
    }
  return z;
}

/* libzip failed for want of memory: its code says so, or (some of its
 * allocations are reported as a damaged archive) errno, cleared before the
 * call, is ENOMEM. */
static bool zip_nomem(const zip_error_t *ze) {
  return zip_error_code_zip(ze) == ZIP_ER_MEMORY || errno == ENOMEM ||
         (zip_error_system_type(ze) == ZIP_ET_SYS && zip_error_code_system(ze) == ENOMEM);
}

static xc_err zip_open_error(int zerr, xc_error *e) {
  if (errno == ENOMEM) return xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
  switch (zerr) {
    case ZIP_ER_MEMORY: return xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
    case ZIP_ER_OPEN:
    case ZIP_ER_READ:
      if (errno == ENOMEM) return xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
      return xc_fail(e, XC_ERR_OPEN, NULL, "%s", strerror(errno));
    default: {
      zip_error_t ze;
      zip_error_init_with_code(&ze, zerr);
      xc_fail(e, XC_ERR_ZIP_DAMAGED, NULL, "libzip: %s", zip_error_strerror(&ze));
      zip_error_fini(&ze);
      return XC_ERR_ZIP_DAMAGED;
    }
  }
}

static size_t read_upto(int fd, unsigned char *buf, size_t want) {
  size_t got = 0;
  while (got < want) {
    ssize_t r = read(fd, buf + got, want - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  return got;
}

xc_zip *xc_zip_open(const char *path, const xc_limits *lim, xc_error *e) {
  struct stat st;
  int fd = xc_open_regular(path, &st, e);
  if (fd < 0) return NULL;
  /* the first 4 KiB say what the file is; an OLE file is scanned further for
   * the stream names that mark an encrypted workbook */
  size_t want = (size_t)st.st_size < SNIFF_HEAD ? (size_t)st.st_size : SNIFF_HEAD;
  unsigned char *head = xc_try_malloc(SNIFF_HEAD);
  if (!head) {
    close(fd);
    xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
    return NULL;
  }
  size_t got = read_upto(fd, head, want);
  if (got >= 8 && head[0] == 0xD0 && head[1] == 0xCF) {
    size_t more = (size_t)st.st_size < SNIFF_OLE_SCAN ? (size_t)st.st_size : SNIFF_OLE_SCAN;
    if (more > got) {
      unsigned char *h = xc_try_realloc(head, more);
      if (h) {
        head = h;
        got += read_upto(fd, head + got, more - got);
      }
    }
  }
  xc_file_kind k = xc_sniff(head, got < SNIFF_HEAD ? got : SNIFF_HEAD, head, got);
  free(head);
  if (k != XC_KIND_ZIP) {
    close(fd);
    kind_error(k, e);
    return NULL;
  }
  /* libzip reads the same descriptor: the file checked is the file read */
  int zerr = 0;
  errno = 0;
  zip_t *za = lseek(fd, 0, SEEK_SET) == 0 ? zip_fdopen(fd, ZIP_RDONLY, &zerr) : NULL;
  if (!za) {
    close(fd);
    zip_open_error(zerr ? zerr : ZIP_ER_READ, e);
    return NULL;
  }
  xc_zip *z = finish_open(za, lim, e);
  if (z) z->file_size = (uint64_t)st.st_size;
  return z;
}

xc_zip *xc_zip_open_mem(const void *data, size_t n, const xc_limits *lim, xc_error *e) {
  xc_file_kind k = xc_sniff(data, n < SNIFF_HEAD ? n : SNIFF_HEAD, data, n);
  if (k != XC_KIND_ZIP) {
    kind_error(k, e);
    return NULL;
  }
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(data, n, 0, &ze);
  if (!src) {
    zip_error_fini(&ze);
    xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
    return NULL;
  }
  errno = 0;
  zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
  if (!za) {
    int code = zip_nomem(&ze) ? ZIP_ER_MEMORY : zip_error_code_zip(&ze);
    zip_source_free(src);
    zip_error_fini(&ze);
    zip_open_error(code, e);
    return NULL;
  }
  zip_error_fini(&ze);
  xc_zip *z = finish_open(za, lim, e);
  if (z) z->file_size = n;
  return z;
}

void xc_zip_close(xc_zip *z) {
  if (!z) return;
  for (uint64_t i = 0; i < z->n; i++) free(z->entries[i].name);
  free(z->entries);
  if (z->za) zip_discard(z->za); /* read-only: never writes back */
  free(z);
}

static const entry *find_entry(const xc_zip *z, const char *name) {
  while (*name == '/') name++;
  size_t lo = 0, hi = z->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = cmp_fold(z->entries[mid].name, name);
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo < z->n && cmp_fold(z->entries[lo].name, name) == 0) {
    /* prefer the exact-case match when names differ only in case */
    for (size_t k = lo; k < z->n && cmp_fold(z->entries[k].name, name) == 0; k++)
      if (strcmp(z->entries[k].name, name) == 0) return &z->entries[k];
    return &z->entries[lo];
  }
  return NULL;
}

int64_t xc_zip_find(const xc_zip *z, const char *name) {
  const entry *en = find_entry(z, name);
  return en ? (int64_t)en->index : -1;
}

uint64_t xc_zip_count(const xc_zip *z) { return z->n; }

uint64_t xc_zip_file_size(const xc_zip *z) { return z->file_size; }

const char *xc_zip_name(const xc_zip *z, uint64_t i) { return i < z->n ? z->entries[i].name : ""; }

uint64_t xc_zip_size(const xc_zip *z, uint64_t index) {
  zip_stat_t st;
  if (zip_stat_index(z->za, index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) return 0;
  return st.size;
}

/* One open part being inflated, with the limits applied as bytes come out. */
typedef struct {
  xc_zip *z;
  const char *name;
  zip_file_t *zf;
  uint64_t comp, done;
} part_reader;

/* Reads the next chunk (n = 0 at the end); enforces the caps. */
static xc_err read_chunk(part_reader *pr, char *buf, size_t cap, size_t *n, xc_error *e) {
  xc_zip *z = pr->z;
  errno = 0;
  zip_int64_t r = zip_fread(pr->zf, buf, cap);
  if (r < 0 && zip_nomem(zip_file_get_error(pr->zf))) return xc_fail(e, XC_ERR_NOMEM, pr->name, NULL);
  if (r < 0) return xc_fail(e, XC_ERR_ZIP_DAMAGED, pr->name, "libzip: %s", zip_file_strerror(pr->zf));
  pr->done += (uint64_t)r;
  z->total_read += (uint64_t)r;
  if (pr->done > z->lim.max_part)
    return xc_fail(e, XC_ERR_TOO_BIG, pr->name, "> %llu MiB",
                   (unsigned long long)(z->lim.max_part >> 20));
  if (z->total_read > z->lim.max_total)
    return xc_fail(e, XC_ERR_TOO_BIG, pr->name, "tổng / total > %llu MiB",
                   (unsigned long long)(z->lim.max_total >> 20));
  if (pr->done > (4u << 20) && (double)pr->done > z->lim.max_ratio * (double)(pr->comp ? pr->comp : 1))
    return xc_fail(e, XC_ERR_RATIO, pr->name, "> %.0f:1", z->lim.max_ratio);
  *n = (size_t)r;
  return XC_OK;
}

static xc_err stream_serial(part_reader *pr, xc_zip_sink sink, void *ctx, xc_error *e) {
  char *chunk = xc_try_malloc(CHUNK);
  if (!chunk) return xc_fail(e, XC_ERR_NOMEM, pr->name, NULL);
  xc_err rc;
  for (;;) {
    size_t n = 0;
    rc = read_chunk(pr, chunk, CHUNK, &n, e);
    if (rc != XC_OK) break;
    rc = sink(ctx, chunk, n, n == 0);
    if (rc != XC_OK || n == 0) break;
  }
  free(chunk);
  return rc;
}

/* Large parts: one thread inflates into a ring of chunks while the caller's
 * thread parses, so a two-core machine does both at once. */
#define RING 4
typedef struct {
  part_reader *pr;
  pthread_mutex_t mu;
  pthread_cond_t filled, freed;
  char *buf[RING];
  size_t len[RING];
  xc_err status[RING];
  size_t head, tail; /* producer writes slot head % RING, consumer reads tail % RING */
  bool stop;
  xc_error err; /* the producer's error */
} ring;

static void *producer(void *arg) {
  ring *rg = arg;
  for (;;) {
    pthread_mutex_lock(&rg->mu);
    while (rg->head - rg->tail == RING && !rg->stop) pthread_cond_wait(&rg->freed, &rg->mu);
    bool stop = rg->stop;
    size_t slot = rg->head % RING;
    pthread_mutex_unlock(&rg->mu);
    if (stop) return NULL;
    size_t n = 0;
    xc_err rc = read_chunk(rg->pr, rg->buf[slot], CHUNK, &n, &rg->err);
    pthread_mutex_lock(&rg->mu);
    rg->len[slot] = n;
    rg->status[slot] = rc;
    rg->head++;
    pthread_cond_signal(&rg->filled);
    pthread_mutex_unlock(&rg->mu);
    if (rc != XC_OK || n == 0) return NULL;
  }
}

static xc_err stream_threaded(part_reader *pr, xc_zip_sink sink, void *ctx, xc_error *e) {
  ring rg;
  memset(&rg, 0, sizeof rg);
  rg.pr = pr;
  pthread_mutex_init(&rg.mu, NULL);
  pthread_cond_init(&rg.filled, NULL);
  pthread_cond_init(&rg.freed, NULL);
  bool bufs = true;
  for (int i = 0; i < RING; i++) bufs &= (rg.buf[i] = xc_try_malloc(CHUNK)) != NULL;
  pthread_t th; /* no memory for the ring or the thread: one thread, less memory */
  if (!bufs || pthread_create(&th, NULL, producer, &rg) != 0) {
    for (int i = 0; i < RING; i++) free(rg.buf[i]);
    pthread_mutex_destroy(&rg.mu);
    pthread_cond_destroy(&rg.filled);
    pthread_cond_destroy(&rg.freed);
    return stream_serial(pr, sink, ctx, e);
  }
  xc_err rc = XC_OK;
  for (;;) {
    pthread_mutex_lock(&rg.mu);
    while (rg.head == rg.tail) pthread_cond_wait(&rg.filled, &rg.mu);
    size_t slot = rg.tail % RING;
    xc_err st = rg.status[slot];
    size_t n = rg.len[slot];
    pthread_mutex_unlock(&rg.mu);
    if (st != XC_OK) {
      rc = st;
      break;
    }
    rc = sink(ctx, rg.buf[slot], n, n == 0);
    pthread_mutex_lock(&rg.mu);
    rg.tail++;
    if (rc != XC_OK) rg.stop = true;
    pthread_cond_signal(&rg.freed);
    pthread_mutex_unlock(&rg.mu);
    if (rc != XC_OK || n == 0) break;
  }
  pthread_join(th, NULL);
  if (rg.err.code != XC_OK && rc == rg.err.code && e && e->code == XC_OK) *e = rg.err;
  for (int i = 0; i < RING; i++) free(rg.buf[i]);
  pthread_mutex_destroy(&rg.mu);
  pthread_cond_destroy(&rg.filled);
  pthread_cond_destroy(&rg.freed);
  return rc;
}

xc_err xc_zip_stream(xc_zip *z, const char *name, xc_zip_sink sink, void *ctx, xc_error *e) {
  const entry *en = find_entry(z, name);
  if (!en) return xc_fail(e, XC_ERR_PART_MISSING, name, NULL);
  zip_stat_t st;
  zip_stat_init(&st);
  errno = 0;
  if (zip_stat_index(z->za, en->index, 0, &st) != 0)
    return zip_nomem(zip_get_error(z->za)) ? xc_fail(e, XC_ERR_NOMEM, en->name, NULL)
                                           : xc_fail(e, XC_ERR_ZIP_DAMAGED, en->name, "libzip: %s", zip_strerror(z->za));
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
    return xc_fail(e, XC_ERR_ZIP_ENCRYPTED, en->name, NULL);
  if ((st.valid & ZIP_STAT_SIZE) && st.size > z->lim.max_part)
    return xc_fail(e, XC_ERR_TOO_BIG, en->name, "%llu MiB > %llu MiB",
                   (unsigned long long)(st.size >> 20),
                   (unsigned long long)(z->lim.max_part >> 20));
  part_reader pr = {z, en->name, NULL, (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0, 0};
  errno = 0;
  pr.zf = zip_fopen_index(z->za, en->index, 0);
  if (!pr.zf) {
    if (zip_nomem(zip_get_error(z->za))) return xc_fail(e, XC_ERR_NOMEM, en->name, NULL);
    int ze = zip_error_code_zip(zip_get_error(z->za));
    if (ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_WRONGPASSWD || ze == ZIP_ER_ENCRNOTSUPP)
      return xc_fail(e, XC_ERR_ZIP_ENCRYPTED, en->name, NULL);
    return xc_fail(e, XC_ERR_ZIP_DAMAGED, en->name, "libzip: %s", zip_strerror(z->za));
  }
  bool big = (st.valid & ZIP_STAT_COMP_SIZE) && st.comp_size > (1u << 20);
  xc_err rc = big ? stream_threaded(&pr, sink, ctx, e) : stream_serial(&pr, sink, ctx, e);
  zip_fclose(pr.zf);
  return rc;
}
