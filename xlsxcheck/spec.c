/* spec.c: the one TSV reader of the forms contract's files and the units
 * registry, and the row kinds (spec.h). */
#include "spec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "msg.h"
#include "numtext.h"

static const char *const KIND_NAMES[] = {"", "count", "percent", "amount", "code", "text", "date", "header"};

xc_row_kind xc_row_kind_parse(const char *s) {
  for (size_t i = 1; s && i < sizeof KIND_NAMES / sizeof *KIND_NAMES; i++)
    if (strcmp(s, KIND_NAMES[i]) == 0) return (xc_row_kind)i;
  return XC_RK_OTHER;
}

const char *xc_row_kind_name(xc_row_kind k) {
  return (size_t)k < sizeof KIND_NAMES / sizeof *KIND_NAMES ? KIND_NAMES[k] : "";
}

/* Fails e at line with a detail; returns NULL. */
static xc_tsv *tsv_fail(xc_error *e, xc_err code, int line, const char *detail) {
  xc_fail(e, code, NULL, "%s", detail ? detail : "");
  if (e) e->line = (unsigned long)(line > 0 ? line : 0);
  return NULL;
}

/* Splits s at each tab into out[0..max-1]; returns the number of fields. */
static size_t split_tabs(char *s, char **out, size_t max) {
  size_t n = 0;
  for (;;) {
    if (n < max) out[n] = s;
    n++;
    char *tab = strchr(s, '\t');
    if (!tab) break;
    *tab = '\0';
    s = tab + 1;
  }
  return n;
}

xc_tsv *xc_tsv_parse(xc_arena *a, const char *text, size_t len, const char *path, unsigned flags,
                     xc_error *e) {
  bool strict = flags & XC_TSV_STRICT;
  if (memchr(text, '\0', len)) {
    const char *z = memchr(text, '\0', len);
    int line = 1;
    for (const char *q = text; q < z; q++) line += *q == '\n';
    return tsv_fail(e, XC_ERR_TSV_NUL, line, NULL);
  }
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) return tsv_fail(e, XC_ERR_TSV_BOM, 1, NULL);
  int line = 1;
  for (const char *q = text, *end = text + len; q < end; line++) { /* line by line, to name it */
    const char *nl = memchr(q, '\n', (size_t)(end - q));
    size_t n = nl ? (size_t)(nl - q) : (size_t)(end - q);
    if (!xc_utf8_valid(q, n)) return tsv_fail(e, XC_ERR_TSV_UTF8, line, NULL);
    q += n + 1;
  }
  if (strict && memchr(text, '\r', len)) {
    const char *r = memchr(text, '\r', len);
    int line = 1;
    for (const char *q = text; q < r; q++) line += *q == '\n';
    return tsv_fail(e, XC_ERR_TSV_CR, line, NULL);
  }
  char *p = xc_arena_try_strndup(a, text, len);
  if (!p) return tsv_fail(e, XC_ERR_NOMEM, 0, NULL);
  size_t nlines = 1;
  for (size_t i = 0; i < len; i++) nlines += p[i] == '\n';
  xc_tsv *t = xc_arena_try_alloc(a, sizeof *t);
  if (!t) return tsv_fail(e, XC_ERR_NOMEM, 0, NULL);
  memset(t, 0, sizeof *t);
  t->path = xc_arena_try_strndup(a, path, strlen(path));
  t->cell = NULL;
  t->line = xc_arena_try_alloc(a, nlines * sizeof *t->line);
  t->nfields = xc_arena_try_alloc(a, nlines * sizeof *t->nfields);
  if (!t->path || !t->line || !t->nfields) return tsv_fail(e, XC_ERR_NOMEM, 0, NULL);
  int lineno = 0;
  char **fields = NULL;
  size_t capf = 0;
  while (*p) {
    lineno++;
    char *nl = strchr(p, '\n');
    if (nl) *nl = '\0';
    char *next = nl ? nl + 1 : p + strlen(p);
    size_t l = strlen(p);
    if (!strict && l && p[l - 1] == '\r') p[--l] = '\0';
    if (!l && !strict) { /* blank lines are skipped */
      p = next;
      continue;
    }
    size_t nf = 1;
    for (const char *q = p; *q; q++) nf += *q == '\t';
    if (!t->head) {
      t->ncol = nf;
      t->head = xc_arena_try_alloc(a, nf * sizeof *t->head);
      t->cell = t->head ? xc_arena_try_alloc(a, nlines * nf * sizeof *t->cell) : NULL;
      if (!t->cell) {
        t->head = NULL;
        free(fields);
        return tsv_fail(e, XC_ERR_NOMEM, 0, NULL);
      }
      split_tabs(p, t->head, nf);
      p = next;
      continue;
    }
    if (strict && nf != t->ncol) {
      char d[64];
      snprintf(d, sizeof d, "%zu/%zu", nf, t->ncol);
      free(fields);
      return tsv_fail(e, XC_ERR_TSV_FIELDS, lineno, d);
    }
    if (nf > capf) {
      char **more = xc_try_realloc(fields, nf * sizeof *fields);
      if (!more) {
        free(fields);
        return tsv_fail(e, XC_ERR_NOMEM, lineno, NULL);
      }
      fields = more;
      capf = nf;
    }
    split_tabs(p, fields, nf);
    char **row = t->cell + t->nrows * t->ncol;
    for (size_t k = 0; k < t->ncol; k++) row[k] = k < nf ? fields[k] : (char *)"";
    t->nfields[t->nrows] = nf;
    t->line[t->nrows++] = lineno;
    p = next;
  }
  free(fields);
  if (!t->head) return tsv_fail(e, XC_ERR_TSV_EMPTY, 1, NULL);
  return t;
}

xc_tsv *xc_tsv_load(xc_arena *a, const char *path, unsigned flags, xc_error *e) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    xc_fail(e, errno == ENOMEM ? XC_ERR_NOMEM : XC_ERR_OPEN, NULL, "%s", strerror(errno));
    return NULL;
  }
  xc_buf b;
  xc_buf_init(&b, 0);
  char chunk[65536];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && xc_buf_add(&b, chunk, got)) {
  }
  bool bad = ferror(f);
  fclose(f);
  xc_tsv *t = NULL;
  if (b.nomem) xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
  else if (bad) xc_fail(e, XC_ERR_OPEN, NULL, "%s", strerror(EIO));
  else t = xc_tsv_parse(a, b.data ? b.data : "", b.len, path, flags, e);
  xc_buf_free(&b);
  return t;
}

int xc_tsv_col(const xc_tsv *t, const char *name) {
  for (size_t i = 0; i < t->ncol; i++)
    if (strcmp(t->head[i], name) == 0) return (int)i;
  return -1;
}

const char *xc_tsv_get(const xc_tsv *t, size_t r, int c) {
  return c < 0 || (size_t)c >= t->ncol ? "" : t->cell[r * t->ncol + (size_t)c];
}

void xc_tsv_error_text(const char *path, const xc_error *e, xc_lang L, xc_buf *out) {
  xc_buf_adds(out, path);
  if (e->line) xc_buf_printf(out, ":%lu", e->line);
  size_t got = 0, want = 0;
  if (e->code == XC_ERR_TSV_FIELDS && sscanf(e->detail, "%zu/%zu", &got, &want) == 2) {
    xc_buf_printf(out, xc_msg(L, ": %zu trường, dòng tiêu đề có %zu", ": %zu fields, the header has %zu"), got, want);
    return;
  }
  xc_buf_printf(out, ": %s", xc_strerror(e->code, L));
  if (e->detail[0]) xc_buf_printf(out, " (%s)", e->detail);
}
