/* formspec.c: the spec of the official forms read and checked once
 * (xc_fw_spec_load): layout.tsv, layout-rows.tsv, every form TSV and the
 * units registry, through the spec reader.  Everything lives in one arena
 * and is read-only afterwards. */
#include "formspec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* Appends one message line to err (may be NULL); always false. */
bool xc_fw_vfail(xc_buf *err, const char *fmt, va_list ap) {
  if (err) {
    char msg[2048];
    vsnprintf(msg, sizeof msg, fmt, ap);
    xc_buf_adds(err, msg);
    xc_buf_addc(err, '\n');
  }
  return false;
}

bool xc_fw_fail(xc_buf *err, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  xc_fw_vfail(err, fmt, ap);
  va_end(ap);
  return false;
}

/* ---- TSV files (in the spec's arena, through the spec reader) ---------- */

typedef xc_tsv tsv;

/* A file of the forms contract (strict: LF, every line as the header), or
 * the units registry (as the registry is read); NULL with err filled. */
static tsv *tsv_load_as(xc_arena *a, const char *path, unsigned flags, xc_buf *err) {
  xc_error e;
  memset(&e, 0, sizeof e);
  tsv *t = xc_tsv_load(a, path, flags, &e);
  if (!t && err && e.code == XC_ERR_NOMEM) err->nomem = true;
  if (!t && err) {
    xc_tsv_error_text(path, &e, XC_LANG_EN, err);
    xc_buf_addc(err, '\n');
  }
  return t;
}

static tsv *tsv_load(xc_arena *a, const char *path, xc_buf *err) {
  return tsv_load_as(a, path, XC_TSV_STRICT, err);
}

/* Column indexes of names[0..n-1] into out; false at the first missing. */
static bool tsv_cols(const tsv *t, const char *const *names, size_t n, int *out, xc_buf *err) {
  for (size_t k = 0; k < n; k++) {
    out[k] = -1;
    for (size_t i = 0; i < t->ncol && out[k] < 0; i++)
      if (strcmp(t->head[i], names[k]) == 0) out[k] = (int)i;
    if (out[k] < 0) return xc_fw_fail(err, "%s: no column '%s'", t->path, names[k]);
  }
  return true;
}

static const char *tsv_get(const tsv *t, size_t r, int c) { return xc_tsv_get(t, r, c); }

/* ---- small text helpers ------------------------------------------------ */

/* Splits s in place at each occurrence of sep, trimming spaces around the
 * parts; returns the number of parts (at most max are stored). */
static size_t split_str(char *s, const char *sep, char **out, size_t max) {
  size_t n = 0, seplen = strlen(sep);
  for (;;) {
    char *end = strstr(s, sep);
    if (end) *end = '\0';
    while (*s == ' ') s++;
    char *e = s + strlen(s);
    while (e > s && e[-1] == ' ') *--e = '\0';
    if (n < max) out[n] = s;
    n++;
    if (!end) break;
    s = end + seplen;
  }
  return n;
}

/* Number of UTF-8 code points. */
size_t xc_fw_u8len(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80) n++;
  return n;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Parses a number written in the Vietnamese notation of the forms contract
 * (README §2): optional '-', digits with optional ".ddd" thousands groups,
 * optional ',' and decimals.  Exact forms only; returns 0 on success. */
static int vn_number(const char *s, double *out) {
  const char *p = s;
  int neg = 0;
  if (*p == '-') {
    neg = 1;
    p++;
  }
  if (!is_digit(*p)) return -1;
  double v = 0;
  while (is_digit(*p)) v = v * 10 + (*p++ - '0');
  while (*p == '.' && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) && !is_digit(p[4])) {
    v = v * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    p += 4;
  }
  if (*p == ',') {
    p++;
    if (!is_digit(*p)) return -1;
    double scale = 1;
    while (is_digit(*p)) {
      scale /= 10;
      v += (*p++ - '0') * scale;
    }
  }
  if (*p) return -1;
  *out = neg ? -v : v;
  return 0;
}

/* Writes v in Vietnamese notation (decimal comma), for messages. */
void xc_fw_vn_format(double v, char *out, size_t n) {
  snprintf(out, n, "%g", v);
  for (char *p = out; *p; p++)
    if (*p == '.') *p = ',';
}

/* The loader's memory: when it runs out the copies below set err->nomem
 * (the load then fails) and give an empty list or text meanwhile. */
static char *const no_list[1] = {NULL};

/* A NULL-terminated copy of list[0..n-1] in the arena. */
static char **list_dup(xc_arena *a, char *const *list, size_t n, xc_buf *err) {
  char **out = xc_arena_try_alloc(a, (n + 1) * sizeof *out);
  if (!out) {
    err->nomem = true;
    return (char **)no_list;
  }
  memcpy(out, list, n * sizeof *out);
  out[n] = NULL;
  return out;
}

static char *arena_strn(xc_arena *a, const char *s, size_t n, xc_buf *err) {
  char *copy = xc_arena_try_strndup(a, s, n);
  if (copy) return copy;
  err->nomem = true;
  copy = xc_arena_try_alloc(a, 1); /* "" to split in place; a static "" cannot be written */
  return copy ? (copy[0] = '\0', copy) : NULL;
}
static char *arena_str(xc_arena *a, const char *s, xc_buf *err) { return arena_strn(a, s, strlen(s), err); }

/* ---- the spec ----------------------------------------------------------- */


typedef struct {
  xc_arena *a;
  xc_buf *err;
  const char *dir;
  const tsv *rowspec, *units;
  int rs[5];     /* layout-rows.tsv: book, sheet, key, choices, hint */
  int unit_name; /* units: official_name, -1 until needed */
} loader;

/* Column widths "8;64;20" -> L->w; *n gets the count. */
static bool parse_widths(const char *widths, fsheet *L, size_t *n, xc_buf *err) {
  char tmp[1024];
  snprintf(tmp, sizeof tmp, "%s", widths);
  char *part[MAX_COLS];
  *n = split_str(tmp, ";", part, MAX_COLS);
  if (*n > MAX_COLS)
    return xc_fw_fail(err, "layout.tsv:%d: %zu widths, at most %d", L->line, *n, MAX_COLS);
  for (size_t i = 0; i < *n; i++)
    if (vn_number(part[i], &L->w[i]) || L->w[i] <= 0 || L->w[i] > 255)
      return xc_fw_fail(err, "layout.tsv:%d: bad width '%s'", L->line, part[i]);
  return true;
}

static bool parse_kind(const char *kind, const tsv *t, int line, xc_row_kind *out, xc_buf *err) {
  if ((*out = xc_row_kind_parse(kind)) != XC_RK_OTHER) return true;
  return xc_fw_fail(err, "%s:%d: unknown kind '%s'", t->path, line, kind);
}

static bool level_note(const char *level, const tsv *t, int line, const char **out, xc_buf *err) {
  if (strcmp(level, "huyen") == 0)
    *out = "Cấp huyện báo";
  else if (strcmp(level, "so") == 0)
    *out = "Cấp sở báo";
  else if (strcmp(level, "khong") == 0)
    *out = "Không báo";
  else if (strcmp(level, "tat-ca") == 0)
    *out = "";
  else
    return xc_fw_fail(err, "%s:%d: unknown level '%s'", t->path, line, level);
  return true;
}

/* "1=Có;0=Không" -> k->val {"1","0"}, k->lab {"Có","Không"} and the legend
 * "Có = 1; Không = 0". */
static bool parse_codes(loader *ld, const char *codes, const tsv *t, int line, krow *k) {
  if (strlen(codes) >= 1024) return xc_fw_fail(ld->err, "%s:%d: codes too long", t->path, line);
  char *copy = arena_str(ld->a, codes, ld->err);
  if (!copy) return false;
  char *pair[MAX_LIST], *val[MAX_LIST], *lab[MAX_LIST];
  size_t n = split_str(copy, ";", pair, MAX_LIST);
  if (n >= MAX_LIST || !*codes) return xc_fw_fail(ld->err, "%s:%d: bad codes '%s'", t->path, line, codes);
  char legend[512] = "";
  for (size_t i = 0; i < n; i++) {
    char *eq = strchr(pair[i], '=');
    if (!eq || eq == pair[i] || !eq[1])
      return xc_fw_fail(ld->err, "%s:%d: bad code pair '%s'", t->path, line, pair[i]);
    *eq = '\0';
    val[i] = pair[i];
    lab[i] = eq + 1;
  }
  for (size_t i = 0; i < n; i++) {
    size_t used = strlen(legend);
    snprintf(legend + used, sizeof legend - used, "%s%s = %s", i ? "; " : "", lab[i], val[i]);
  }
  k->val = list_dup(ld->a, val, n, ld->err);
  k->lab = list_dup(ld->a, lab, n, ld->err);
  k->legend = arena_str(ld->a, legend, ld->err);
  return true;
}

/* layout-rows.tsv for one row: its dropdown and input message. */
static bool row_extra(loader *ld, const fsheet *L, krow *k) {
  const tsv *t = ld->rowspec;
  const char *choices = "";
  k->hint = "";
  for (size_t r = 0; r < t->nrows; r++)
    if (strcmp(tsv_get(t, r, ld->rs[0]), L->book) == 0 &&
        strcmp(tsv_get(t, r, ld->rs[1]), L->sheet) == 0 &&
        strcmp(tsv_get(t, r, ld->rs[2]), k->key) == 0) {
      choices = tsv_get(t, r, ld->rs[3]);
      k->hint = tsv_get(t, r, ld->rs[4]);
      break;
    }
  if (!*choices) return true;
  char *list[MAX_LIST + 1];
  size_t n = 0;
  if (strcmp(choices, "@units") == 0) {
    static const char *const name[] = {"official_name"};
    if (ld->unit_name < 0 && !tsv_cols(ld->units, name, 1, &ld->unit_name, ld->err)) return false;
    for (size_t u = 0; u < ld->units->nrows && n < MAX_LIST; u++)
      list[n++] = (char *)tsv_get(ld->units, u, ld->unit_name);
  } else {
    char *copy = arena_str(ld->a, choices, ld->err);
    if (!copy) return false;
    n = split_str(copy, ";", list, MAX_LIST);
    if (n >= MAX_LIST)
      return xc_fw_fail(ld->err, "layout-rows.tsv: too many choices for %s!%s", L->sheet, k->key);
  }
  k->choices = list_dup(ld->a, list, n, ld->err);
  return true;
}

static bool load_krow(loader *ld, const fsheet *L, const tsv *t, const int *col, size_t i,
                      krow *k) {
  int line = t->line[i];
  k->key = tsv_get(t, i, col[0]);
  k->label = tsv_get(t, i, col[1]);
  const char *unit = tsv_get(t, i, col[2]), *level = tsv_get(t, i, col[3]);
  const char *codes = tsv_get(t, i, col[5]);
  if (!parse_kind(tsv_get(t, i, col[4]), t, line, &k->kind, ld->err) ||
      !level_note(level, t, line, &k->note, ld->err))
    return false;
  k->hdr = k->kind == XC_RK_HEADER;
  k->not_ours = strcmp(level, "so") == 0 || strcmp(level, "khong") == 0;
  k->lvmsg = !k->not_ours               ? ""
             : strcmp(level, "so") == 0 ? "Cấp sở báo: UBND cấp huyện để trống ô này. "
                                        : "Không báo: để trống ô này. ";
  if (!*k->key || !*k->label) return xc_fw_fail(ld->err, "%s:%d: empty key or label", t->path, line);
  k->legend = "";
  if (k->kind == XC_RK_CODE) {
    if (!parse_codes(ld, codes, t, line, k)) return false;
  } else if (*codes) {
    return xc_fw_fail(ld->err, "%s:%d: codes on a row of kind %s", t->path, line, tsv_get(t, i, col[4]));
  }
  k->ctext = (k->kind == XC_RK_CODE && !*unit) ? k->legend : unit;
  k->hint = "";
  return k->hdr || row_extra(ld, L, k);
}

static bool load_keyed(loader *ld, fsheet *L, const tsv *t, const char *code_form,
                       const char *widths) {
  static const char *const names[] = {"key", "label", "unit", "level", "kind", "codes"};
  int col[6];
  if (!tsv_cols(t, names, 6, col, ld->err)) return false;
  L->by_label = strcmp(code_form, "label") == 0;
  if (!L->by_label && strcmp(code_form, "code") != 0)
    return xc_fw_fail(ld->err, "layout.tsv:%d: code_form must be code or label", L->line);
  size_t nw;
  if (!parse_widths(widths, L, &nw, ld->err)) return false;
  if (nw != 5) return xc_fw_fail(ld->err, "layout.tsv:%d: a keyed sheet has 5 widths", L->line);
  if (L->nh != 5 && L->nh != 6)
    return xc_fw_fail(ld->err, "layout.tsv:%d: a keyed header has 5 or 6 parts, found %zu", L->line,
                L->nh);
  L->n = t->nrows;
  L->rows = xc_arena_try_alloc(ld->a, L->n * sizeof *L->rows);
  if (!L->rows) return !(ld->err->nomem = true);
  memset(L->rows, 0, L->n * sizeof *L->rows);
  for (size_t i = 0; i < L->n; i++)
    if (!load_krow(ld, L, t, col, i, &L->rows[i])) return false;
  if (L->n == 0) return xc_fw_fail(ld->err, "%s: no rows", t->path);
  return true;
}

/* The dropdown values of a code column, from the `allowed` prose of the
 * forms contract: "exactly one of: A | B | C. More text" -> A, B, C.  An
 * introduction ending in ": " before the first " | " is skipped; the list
 * ends at the first ". ", "; " or " (" (or a final "."). */
static bool allowed_list(loader *ld, const char *allowed, const tsv *t, int line, lcol *c) {
  const char *p = allowed;
  const char *bar = strstr(p, " | ");
  const char *colon = strstr(p, ": ");
  if (!bar) return xc_fw_fail(ld->err, "%s:%d: code column without an 'A | B' list", t->path, line);
  if (colon && colon < bar) p = colon + 2;
  size_t len = strlen(p);
  const char *stops[] = {". ", "; ", " ("};
  for (size_t k = 0; k < 3; k++) {
    const char *e = strstr(p, stops[k]);
    if (e && (size_t)(e - p) < len) len = (size_t)(e - p);
  }
  if (len && p[len - 1] == '.') len--;
  if (len >= 1024) return xc_fw_fail(ld->err, "%s:%d: allowed list too long", t->path, line);
  char *out[MAX_LIST];
  char *allowed_copy = arena_strn(ld->a, p, len, ld->err);
  if (!allowed_copy) return false;
  size_t n = split_str(allowed_copy, "|", out, MAX_LIST);
  if (n < 2 || n >= MAX_LIST)
    return xc_fw_fail(ld->err, "%s:%d: bad allowed list '%s'", t->path, line, allowed);
  for (size_t i = 0; i < n; i++)
    if (!*out[i]) return xc_fw_fail(ld->err, "%s:%d: empty value in allowed list", t->path, line);
  c->list = list_dup(ld->a, out, n, ld->err);
  char msg[600];
  size_t used = (size_t)snprintf(msg, sizeof msg, "Chọn một trong: ");
  for (size_t k = 0; k < n && used < sizeof msg; k++)
    used += (size_t)snprintf(msg + used, sizeof msg - used, "%s%s", k ? "; " : "", out[k]);
  c->msg = arena_str(ld->a, msg, ld->err);
  return true;
}

static bool load_list(loader *ld, fsheet *L, const tsv *t, const char *input_rows,
                      const char *widths) {
  static const char *const names[] = {"col", "header", "kind", "allowed"};
  int col[4];
  if (!tsv_cols(t, names, 4, col, ld->err)) return false;
  L->n = t->nrows;
  if (L->n == 0 || L->n > MAX_COLS) return xc_fw_fail(ld->err, "%s: %zu columns", t->path, L->n);
  for (size_t i = 0; i < L->n; i++) {
    const char *c = tsv_get(t, i, col[0]);
    if (c[0] != (char)('A' + i) || c[1])
      return xc_fw_fail(ld->err, "%s:%d: column '%s', expected %c", t->path, t->line[i], c,
                  (char)('A' + i));
  }
  char *end;
  long nrows = strtol(input_rows, &end, 10);
  if (*end || nrows < 1 || nrows > 10000)
    return xc_fw_fail(ld->err, "layout.tsv:%d: bad input_rows", L->line);
  L->input_rows = (size_t)nrows;
  size_t nw;
  if (!parse_widths(widths, L, &nw, ld->err)) return false;
  if (nw != L->n)
    return xc_fw_fail(ld->err, "layout.tsv:%d: %zu columns need %zu widths", L->line, L->n, L->n);
  L->cols = xc_arena_try_alloc(ld->a, L->n * sizeof *L->cols);
  if (!L->cols) return !(ld->err->nomem = true);
  memset(L->cols, 0, L->n * sizeof *L->cols);
  for (size_t c = 0; c < L->n; c++)
    if (!parse_kind(tsv_get(t, c, col[2]), t, t->line[c], &L->cols[c].kind, ld->err)) return false;
  for (size_t c = 0; c < L->n; c++) {
    lcol *lc = &L->cols[c];
    lc->header = tsv_get(t, c, col[1]);
    char title[128];
    snprintf(title, sizeof title, "%s", lc->header);
    if (xc_fw_u8len(title) > 32)
      return xc_fw_fail(ld->err, "%s:%d: header too long for an input title", t->path, t->line[c]);
    lc->title = arena_str(ld->a, title, ld->err);
    if (lc->kind == XC_RK_CODE && !allowed_list(ld, tsv_get(t, c, col[3]), t, t->line[c], lc))
      return false;
  }
  return true;
}

size_t xc_fw_crit_find(const crit *c, size_t n, const char *key) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(c[i].key, key) == 0) return i;
  return n;
}

/* Every criterion but the total reaches the total through its parents. */
static bool crit_acyclic(const fsheet *L, const tsv *t, xc_buf *err) {
  for (size_t i = 0; i < L->n; i++) {
    size_t p = i, steps = 0;
    while (p < L->n && p != L->total && steps++ <= L->n)
      p = xc_fw_crit_find(L->crits, L->n, L->crits[p].parent);
    if (p != L->total)
      return xc_fw_fail(err, "%s:%d: parent chain does not reach the total", t->path, t->line[i]);
  }
  return true;
}

static bool load_crit(loader *ld, const tsv *t, const int *col, size_t i, crit *c) {
  c->key = tsv_get(t, i, col[0]);
  c->parent = tsv_get(t, i, col[1]);
  c->label = tsv_get(t, i, col[2]);
  if (vn_number(tsv_get(t, i, col[3]), &c->max))
    return xc_fw_fail(ld->err, "%s:%d: bad max_points '%s'", t->path, t->line[i], tsv_get(t, i, col[3]));
  const char *ex = tsv_get(t, i, col[4]);
  if (strcmp(ex, "yes") && strcmp(ex, "no"))
    return xc_fw_fail(ld->err, "%s:%d: can_exclude must be yes or no", t->path, t->line[i]);
  c->can_exclude = strcmp(ex, "yes") == 0;
  c->level1 = strcmp(c->parent, "T") == 0;
  c->nchild = 0;
  return true;
}

static bool load_criteria(loader *ld, fsheet *L, const tsv *t, const char *widths) {
  static const char *const names[] = {"key", "parent", "label", "max_points", "can_exclude"};
  int col[5];
  if (!tsv_cols(t, names, 5, col, ld->err)) return false;
  L->n = t->nrows;
  L->crits = xc_arena_try_alloc(ld->a, (L->n ? L->n : 1) * sizeof *L->crits);
  if (!L->crits) return !(ld->err->nomem = true);
  for (size_t i = 0; i < L->n; i++)
    if (!load_crit(ld, t, col, i, &L->crits[i])) return false;
  L->total = L->n;
  for (size_t i = 0; i < L->n; i++) {
    crit *c = &L->crits[i];
    if (!*c->parent) {
      if (L->total < L->n)
        return xc_fw_fail(ld->err, "%s:%d: a second row without parent", t->path, t->line[i]);
      L->total = i;
      continue;
    }
    size_t p = xc_fw_crit_find(L->crits, L->n, c->parent);
    if (p == L->n)
      return xc_fw_fail(ld->err, "%s:%d: unknown parent '%s'", t->path, t->line[i], c->parent);
    L->crits[p].nchild++;
  }
  if (L->total == L->n) return xc_fw_fail(ld->err, "%s: no total row (a row without parent)", t->path);
  if (!crit_acyclic(L, t, ld->err)) return false;
  size_t nw;
  if (!parse_widths(widths, L, &nw, ld->err)) return false;
  if (nw != 8) return xc_fw_fail(ld->err, "layout.tsv:%d: Chỉ số CCHC has 8 widths", L->line);
  if (L->nh != 8) return xc_fw_fail(ld->err, "layout.tsv:%d: Chỉ số CCHC has 8 header parts", L->line);
  L->level1_sum = 0;
  for (size_t i = 0; i < L->n; i++)
    if (i != L->total && L->crits[i].level1) L->level1_sum += L->crits[i].max;
  return true;
}

/* One line of layout.tsv and the form it names. */
static bool load_sheet(loader *ld, const tsv *lay, const int *col, size_t r, fsheet *L) {
  memset(L, 0, sizeof *L);
  L->book = tsv_get(lay, r, col[0]);
  L->sheet = tsv_get(lay, r, col[1]);
  const char *type = tsv_get(lay, r, col[2]), *spec = tsv_get(lay, r, col[3]);
  L->title = tsv_get(lay, r, col[4]);
  L->subtitle = tsv_get(lay, r, col[5]);
  L->notes = strcmp(tsv_get(lay, r, col[8]), "yes") == 0;
  L->line = lay->line[r];
  if (strcmp(type, "keyed") == 0)
    L->type = T_KEYED;
  else if (strcmp(type, "list") == 0)
    L->type = T_LIST;
  else if (strcmp(type, "criteria") == 0)
    L->type = T_CRITERIA;
  else
    return xc_fw_fail(ld->err, "layout.tsv:%d: unknown type '%s'", L->line, type);

  if (!*spec) return xc_fw_fail(ld->err, "layout.tsv:%d: no spec file named", L->line);
  char path[4096];
  snprintf(path, sizeof path, "%s/forms/%s", ld->dir, spec);
  const tsv *t = tsv_load(ld->a, path, ld->err);
  if (!t) return false;
  const char *widths = tsv_get(lay, r, col[7]);
  char *head = arena_str(ld->a, tsv_get(lay, r, col[6]), ld->err);
  if (!head) return false;
  L->nh = split_str(head, " | ", L->h, 8);
  if (L->type == T_LIST) return load_list(ld, L, t, tsv_get(lay, r, col[10]), widths);
  if (L->type == T_CRITERIA) return load_criteria(ld, L, t, widths);
  return load_keyed(ld, L, t, tsv_get(lay, r, col[9]), widths);
}

static bool load_all(loader *ld, xc_fw_spec *s, const char *units_path) {
  char path[4096];
  snprintf(path, sizeof path, "%s/forms/layout.tsv", ld->dir);
  const tsv *lay = tsv_load(ld->a, path, ld->err);
  if (!lay) return false;
  snprintf(path, sizeof path, "%s/forms/layout-rows.tsv", ld->dir);
  if (!(ld->rowspec = tsv_load(ld->a, path, ld->err))) return false;
  if (units_path)
    snprintf(path, sizeof path, "%s", units_path);
  else
    snprintf(path, sizeof path, "%s/units/kon-tum.tsv", ld->dir);
  if (!(ld->units = tsv_load_as(ld->a, path, 0, ld->err))) return false;
  static const char *const rs[] = {"book", "sheet", "key", "choices", "hint"};
  if (!tsv_cols(ld->rowspec, rs, 5, ld->rs, ld->err)) return false;
  static const char *const names[] = {"book",        "sheet",     "type",      "spec",
                                      "title",       "subtitle",  "header",    "widths",
                                      "level_notes", "code_form", "input_rows"};
  int col[11];
  if (!tsv_cols(lay, names, 11, col, ld->err)) return false;
  s->nsheets = lay->nrows;
  s->sheets = xc_arena_try_alloc(ld->a, (s->nsheets ? s->nsheets : 1) * sizeof *s->sheets);
  if (!s->sheets) return !(ld->err->nomem = true);
  for (size_t r = 0; r < lay->nrows; r++)
    if (!load_sheet(ld, lay, col, r, &s->sheets[r])) return false;
  return true;
}

xc_fw_spec *xc_fw_spec_load(const char *rules_dir, const char *units_path, xc_buf *err) {
  xc_fw_spec *s = xc_try_calloc(1, sizeof *s);
  if (!s) {
    err->nomem = true;
    return NULL;
  }
  xc_arena_init(&s->arena);
  loader ld = {.a = &s->arena, .err = err, .dir = rules_dir, .unit_name = -1};
  if (!load_all(&ld, s, units_path) || err->nomem) {
    xc_fw_spec_free(s);
    return NULL;
  }
  return s;
}

void xc_fw_spec_free(xc_fw_spec *s) {
  if (!s) return;
  xc_arena_free(&s->arena);
  free(s);
}

bool xc_fw_spec_has_book(const xc_fw_spec *s, const char *book) {
  for (size_t i = 0; s && i < s->nsheets; i++)
    if (strcmp(s->sheets[i].book, book) == 0) return true;
  return false;
}

