/* zipio.c: file sniffing and libzip access with limits. */
#include "zipio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "alloc.h"

#define CHUNK (64 * 1024)
#define SNIFF_HEAD 4096
#define SNIFF_OLE_SCAN (4u << 20)

void xc_limits_default(xc_limits *l) {
  l->max_part = 512ull << 20;
  l->max_total = 2048ull << 20;
  l->max_ratio = 100.0;
}

typedef struct {
  char *name;  /* normalised */
  uint64_t index;
} entry;

struct xc_zip {
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
  size_t i = 0;
  if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) i = 3;
  while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) i++;
  bool nul = memchr(head, 0, n) != NULL;
  if (!nul && i < n && head[i] == '<') {
    if (contains_ci(head, n, "<html") || contains_ci(head, n, "<table") ||
        has_prefix_ci(head + i, n - i, "<!doctype html"))
      return XC_KIND_HTML;
    return XC_KIND_XML;
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
    case XC_KIND_XML:
      return xc_fail(e, XC_ERR_NOT_ZIP, NULL, "XML (Excel 2003 XML?)");
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
  char *s = xc_strdup(raw);
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
  xc_zip *z = xc_calloc(1, sizeof *z);
  z->za = za;
  z->lim = *lim;
  z->entries = xc_calloc((size_t)n ? (size_t)n : 1, sizeof *z->entries);
  for (zip_int64_t i = 0; i < n; i++) {
    const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
    if (!name) continue;
    z->entries[z->n].name = normalise_name(name);
    z->entries[z->n].index = (uint64_t)i;
    z->n++;
  }
  qsort(z->entries, z->n, sizeof *z->entries, cmp_entry);
  return z;
}

static xc_err zip_open_error(int zerr, xc_error *e) {
  switch (zerr) {
    case ZIP_ER_MEMORY: return xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
    case ZIP_ER_OPEN:
    case ZIP_ER_READ: return xc_fail(e, XC_ERR_OPEN, NULL, "%s", strerror(errno));
    default: {
      zip_error_t ze;
      zip_error_init_with_code(&ze, zerr);
      xc_fail(e, XC_ERR_ZIP_DAMAGED, NULL, "libzip: %s", zip_error_strerror(&ze));
      zip_error_fini(&ze);
      return XC_ERR_ZIP_DAMAGED;
    }
  }
}

xc_zip *xc_zip_open(const char *path, const xc_limits *lim, xc_error *e) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) {
    xc_fail(e, XC_ERR_OPEN, NULL, "%s", strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    xc_fail(e, XC_ERR_OPEN, NULL, "%s", S_ISDIR(st.st_mode) ? "là thư mục / is a directory" : "not a regular file");
    close(fd);
    return NULL;
  }
  size_t want = (size_t)st.st_size < SNIFF_OLE_SCAN ? (size_t)st.st_size : SNIFF_OLE_SCAN;
  unsigned char *head = xc_malloc(want + 1);
  size_t got = 0;
  while (got < want) {
    ssize_t r = read(fd, head + got, want - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  close(fd);
  xc_file_kind k = xc_sniff(head, got < SNIFF_HEAD ? got : SNIFF_HEAD, head, got);
  free(head);
  if (k != XC_KIND_ZIP) {
    kind_error(k, e);
    return NULL;
  }
  int zerr = 0;
  zip_t *za = zip_open(path, ZIP_RDONLY, &zerr);
  if (!za) {
    zip_open_error(zerr, e);
    return NULL;
  }
  return finish_open(za, lim, e);
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
  zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
  if (!za) {
    int code = zip_error_code_zip(&ze);
    zip_source_free(src);
    zip_error_fini(&ze);
    zip_open_error(code, e);
    return NULL;
  }
  zip_error_fini(&ze);
  return finish_open(za, lim, e);
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

const char *xc_zip_name(const xc_zip *z, uint64_t i) { return i < z->n ? z->entries[i].name : ""; }

uint64_t xc_zip_size(const xc_zip *z, uint64_t index) {
  zip_stat_t st;
  if (zip_stat_index(z->za, index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) return 0;
  return st.size;
}

xc_err xc_zip_stream(xc_zip *z, const char *name, xc_zip_sink sink, void *ctx, xc_error *e) {
  const entry *en = find_entry(z, name);
  if (!en) return xc_fail(e, XC_ERR_PART_MISSING, name, NULL);
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(z->za, en->index, 0, &st) != 0)
    return xc_fail(e, XC_ERR_ZIP_DAMAGED, en->name, "libzip: %s", zip_strerror(z->za));
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
    return xc_fail(e, XC_ERR_ZIP_ENCRYPTED, en->name, NULL);
  if ((st.valid & ZIP_STAT_SIZE) && st.size > z->lim.max_part)
    return xc_fail(e, XC_ERR_TOO_BIG, en->name, "%llu MiB > %llu MiB",
                   (unsigned long long)(st.size >> 20),
                   (unsigned long long)(z->lim.max_part >> 20));
  uint64_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
  zip_file_t *zf = zip_fopen_index(z->za, en->index, 0);
  if (!zf) {
    int ze = zip_error_code_zip(zip_get_error(z->za));
    if (ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_WRONGPASSWD || ze == ZIP_ER_ENCRNOTSUPP)
      return xc_fail(e, XC_ERR_ZIP_ENCRYPTED, en->name, NULL);
    return xc_fail(e, XC_ERR_ZIP_DAMAGED, en->name, "libzip: %s", zip_strerror(z->za));
  }
  char *chunk = xc_malloc(CHUNK);
  uint64_t done = 0;
  xc_err rc = XC_OK;
  for (;;) {
    zip_int64_t r = zip_fread(zf, chunk, CHUNK);
    if (r < 0) {
      rc = xc_fail(e, XC_ERR_ZIP_DAMAGED, en->name, "libzip: %s", zip_file_strerror(zf));
      break;
    }
    done += (uint64_t)r;
    z->total_read += (uint64_t)r;
    if (done > z->lim.max_part) {
      rc = xc_fail(e, XC_ERR_TOO_BIG, en->name, "> %llu MiB",
                   (unsigned long long)(z->lim.max_part >> 20));
      break;
    }
    if (z->total_read > z->lim.max_total) {
      rc = xc_fail(e, XC_ERR_TOO_BIG, en->name, "tổng / total > %llu MiB",
                   (unsigned long long)(z->lim.max_total >> 20));
      break;
    }
    if (done > (4u << 20) && (double)done > z->lim.max_ratio * (double)(comp ? comp : 1)) {
      rc = xc_fail(e, XC_ERR_RATIO, en->name, "> %.0f:1", z->lim.max_ratio);
      break;
    }
    bool last = r == 0;
    rc = sink(ctx, chunk, (size_t)r, last);
    if (rc != XC_OK || last) break;
  }
  free(chunk);
  zip_fclose(zf);
  return rc;
}
