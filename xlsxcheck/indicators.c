/* indicators.c: the key indicators of a merge (indicators.h). */
#include "indicators.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "bind.h"

static int sheet_named(const xc_ruleset *rs, const char *name) {
  for (size_t i = 0; i < rs->nsheets; i++)
    if (strcmp(rs->sheets[i].name, name) == 0) return (int)i;
  return -1;
}

/* The number in the value column of row `key` of sheet s: of a unit's file
 * (f) or of the province (f NULL). */
static bool value_of(const xc_merge *mg, int s, size_t r, const xc_unit_file *f, double *out) {
  const xc_form_sheet *fs = &mg->rs->sheets[s];
  const xc_ucell *c;
  if (!f) {
    c = &mg->prov[s][r];
  } else {
    int k = xc_merge_kcol(mg, s, xc_bind_value_col(fs, NULL));
    if (k < 0) return false;
    c = &f->keyed[s][r * mg->kcols[s] + (size_t)k];
  }
  if (c->v.kind != XC_RV_NUM) return false;
  *out = xc_dec_to_double(c->v.num);
  return true;
}

static bool eval(const xc_merge *mg, int s, const size_t *rows, bool ratio, const xc_unit_file *f, double *out) {
  double a, b;
  if (!value_of(mg, s, rows[0], f, &a)) return false;
  if (!ratio) {
    *out = a;
    return true;
  }
  if (!value_of(mg, s, rows[1], f, &b) || b == 0) return false;
  *out = round(a / b * 10000.0) / 100.0; /* a percentage, 2 decimals as the form's */
  return true;
}

static char *field(char **p) {
  char *s = *p;
  if (!s) return NULL;
  char *t = strchr(s, '\t');
  if (t) *t = '\0', *p = t + 1;
  else *p = NULL;
  s[strcspn(s, "\r\n")] = '\0';
  return s;
}

bool xc_indicators_load(const char *rules_dir, const xc_merge *mg, xc_indicators *x, xc_buf *err) {
  memset(x, 0, sizeof *x);
  xc_arena_init(&x->arena);
  x->nunits = mg->nmerged;
  char path[4096];
  snprintf(path, sizeof path, "%s/forms/indicators.tsv", rules_dir);
  FILE *fp = fopen(path, "r");
  if (!fp && errno == ENOMEM) err->nomem = true;
  if (!fp) return errno == ENOENT ? true : (xc_buf_printf(err, "%s: %s", path, strerror(errno)), false);
  char line[2048];
  size_t cap = 0;
  int lineno = 0;
  bool ok = true;
  while (ok && fgets(line, sizeof line, fp)) {
    if (++lineno == 1 || line[0] == '#' || line[0] == '\n') continue; /* the header */
    char *p = line;
    char *book = field(&p), *sheet = field(&p), *label = field(&p), *value = field(&p);
    if (!book || !sheet || !label || !value) {
      xc_buf_printf(err, "%s:%d: 4 columns expected (book, sheet, label, value)", path, lineno);
      ok = false;
      break;
    }
    if (strcmp(book, mg->rs->form_id) != 0) continue;
    int s = sheet_named(mg->rs, sheet);
    if (s < 0 || mg->rs->sheets[s].type != XC_SHEET_KEYED) {
      xc_buf_printf(err, "%s:%d: the form %s has no keyed sheet \"%s\"", path, lineno, book, sheet);
      ok = false;
      break;
    }
    const xc_form_sheet *fs = &mg->rs->sheets[s];
    bool ratio = strncmp(value, "ratio(", 6) == 0;
    char keys[2][64] = {"", ""};
    if (ratio) {
      if (sscanf(value + 6, "%63[^,],%63[^)])", keys[0], keys[1]) != 2) keys[1][0] = '\0';
    } else {
      snprintf(keys[0], sizeof keys[0], "%s", value);
    }
    size_t rows[2] = {0, 0};
    for (int k = 0; k < (ratio ? 2 : 1); k++) {
      const xc_spec_row *sr = keys[k][0] ? xc_form_sheet_row(fs, keys[k]) : NULL;
      if (!sr) {
        xc_buf_printf(err, "%s:%d: \"%s\" names no row of sheet \"%s\"", path, lineno, value, sheet);
        ok = false;
        break;
      }
      rows[k] = (size_t)(sr - fs->rows);
    }
    if (!ok) break;
    if (x->n == cap) {
      size_t ncap = cap ? cap * 2 : 8;
      xc_indicator *more = xc_try_realloc(x->items, ncap * sizeof *x->items);
      if (!more) {
        err->nomem = true;
        ok = false;
        break;
      }
      x->items = more;
      cap = ncap;
    }
    xc_indicator *it = &x->items[x->n];
    memset(it, 0, sizeof *it);
    size_t nu = mg->nmerged ? mg->nmerged : 1;
    it->label = xc_arena_try_strndup(&x->arena, label, strlen(label));
    it->sheet = xc_arena_try_strndup(&x->arena, sheet, strlen(sheet));
    it->value = xc_arena_try_strndup(&x->arena, value, strlen(value));
    it->unit = xc_arena_try_alloc(&x->arena, nu * sizeof *it->unit);
    it->has_unit = xc_arena_try_alloc(&x->arena, nu * sizeof *it->has_unit);
    if (!it->label || !it->sheet || !it->value || !it->unit || !it->has_unit) {
      err->nomem = true;
      ok = false;
      break;
    }
    x->n++;
    for (size_t i = 0; i < mg->nmerged; i++)
      it->has_unit[i] = eval(mg, s, rows, ratio, &mg->files[mg->order[i]], &it->unit[i]);
    it->has_province = eval(mg, s, rows, ratio, NULL, &it->province);
  }
  fclose(fp);
  if (!ok) xc_indicators_free(x);
  return ok;
}

void xc_indicators_free(xc_indicators *x) {
  free(x->items);
  xc_arena_free(&x->arena);
  memset(x, 0, sizeof *x);
}
