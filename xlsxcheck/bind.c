/* bind.c: locating the form's sheets, keys and lists in a workbook. */
#include "bind.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "rx.h"
#include "textkey.h"
#include "value.h"

#define HEADER_SCAN_ROWS 30

uint32_t xc_col_number(const char *s) {
  uint32_t c = 0;
  size_t k = 0;
  for (; s[k]; k++) {
    char ch = s[k];
    if (ch >= 'a' && ch <= 'z') ch = (char)(ch - 'a' + 'A');
    if (ch < 'A' || ch > 'Z' || k >= 3) return 0;
    c = c * 26 + (uint32_t)(ch - 'A' + 1);
  }
  return k ? c : 0;
}

bool xc_bind_redefines_d(const xc_form_sheet *s) {
  for (size_t i = 0; i < s->nvcols; i++)
    if (xc_col_number(s->vcol_letters[i]) == 4) return true;
  return false;
}

uint32_t xc_bind_value_col(const xc_form_sheet *s, const char *name) {
  if (name)
    for (size_t i = 0; i < s->nvcols; i++)
      if (strcmp(s->vcol_names[i], name) == 0) return xc_col_number(s->vcol_letters[i]);
  return 4; /* D: Số liệu */
}

static void add_event(xc_binding *b, xc_event_kind k, int sheet, int ws, uint32_t row,
                      uint32_t col, const char *text) {
  if (b->nevents == b->capevents) {
    size_t cap = b->capevents ? b->capevents * 2 : 32;
    xc_event *more = xc_try_realloc(b->events, cap * sizeof *b->events);
    if (!more) {
      b->nomem = true;
      return;
    }
    b->events = more;
    b->capevents = cap;
  }
  const char *copy = text ? xc_arena_try_strndup(&b->arena, text, strlen(text)) : "";
  if (!copy) {
    b->nomem = true;
    return;
  }
  b->events[b->nevents++] = (xc_event){k, sheet, ws, row, col, copy};
}

static bool same_key_kc(xc_keycache *kc, const char *a, const char *b, bool folded) {
  return strcmp(xc_keycache_get(kc, a, strlen(a), folded), xc_keycache_get(kc, b, strlen(b), folded)) == 0;
}

/* The text of a cell as a person reads it (numbers as written). */
static void cell_text(const xc_mcell *mc, xc_buf *out) {
  xc_buf_clear(out);
  if (!mc) return;
  const xc_cell *c = &mc->cell;
  if (c->type == XC_CV_NUMBER) xc_format_decimal(out, c->dec, c->num);
  else if (c->type == XC_CV_STRING || c->type == XC_CV_ISODATE || c->type == XC_CV_ERROR)
    xc_text_clean(c->text, c->len, out);
}

/* ---- sheets ------------------------------------------------------------- */

static int find_sheet(xc_keycache *kc, const xc_form_sheet *fs, const xc_model *m, const bool *taken,
                      bool *alias) {
  int found = -1;
  for (int pass = 0; pass < 2 && found < 0; pass++) {
    bool folded = pass == 1;
    for (size_t w = 0; w < m->nsheets && found < 0; w++) {
      if (taken[w] || m->sheets[w].kind != XC_SHEET_WORKSHEET) continue;
      if (same_key_kc(kc, m->sheets[w].name, fs->name, folded)) {
        found = (int)w;
        *alias = strcmp(m->sheets[w].name, fs->name) != 0;
      }
      for (size_t a = 0; a < fs->naliases && found < 0; a++)
        if (same_key_kc(kc, m->sheets[w].name, fs->aliases[a], folded)) {
          found = (int)w;
          *alias = true;
        }
    }
  }
  return found;
}

size_t xc_bind_score(const xc_ruleset *rs, const xc_workbook *wb) {
  xc_keycache *kc = xc_keycache_new();
  if (!kc) return SIZE_MAX;
  size_t score = 0;
  for (size_t i = 0; i < rs->nsheets; i++) {
    const xc_form_sheet *fs = &rs->sheets[i];
    bool hit = false;
    for (size_t w = 0; w < wb->nsheets && !hit; w++) {
      hit = same_key_kc(kc, wb->sheets[w].name, fs->name, true);
      for (size_t a = 0; a < fs->naliases && !hit; a++)
        hit = same_key_kc(kc, wb->sheets[w].name, fs->aliases[a], true);
    }
    score += hit;
  }
  if (xc_keycache_nomem(kc)) score = SIZE_MAX;
  xc_keycache_free(kc);
  return score;
}

/* ---- keyed sheets ------------------------------------------------------- */

static bool key_like(const char *k) {
  /* digits, a Roman numeral or T, then .part groups: 1, 2.2.1, 5.a, IV, T.1 */
  const char *p = k;
  if (*p >= '0' && *p <= '9') {
    while (*p >= '0' && *p <= '9') p++;
  } else if (*p == 'I' || *p == 'V' || *p == 'X' || *p == 'T') {
    while (*p == 'I' || *p == 'V' || *p == 'X' || *p == 'T') p++;
  } else {
    return false;
  }
  while (*p == '.') {
    p++;
    if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
      return false;
    while ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) p++;
  }
  return *p == '\0';
}

/* "3.3.2." -> "3.3.2"; trims spaces */
static void normalise_key(xc_buf *k) {
  char *s = k->data ? k->data : (char *)"";
  size_t n = k->len, a = 0;
  while (a < n && (s[a] == ' ' || s[a] == '\t')) a++;
  while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
  if (n > a && s[n - 1] == '.') n--;
  if (a) memmove(s, s + a, n - a);
  k->len = n - a;
  if (k->data) k->data[k->len] = '\0';
}

/* A key printed inside the label (chi-so-cchc: "1.1.1. Việc ban hành …", "I. CÔNG TÁC …"). */
static bool key_in_label(const char *label, xc_buf *out) {
  const char *p = label;
  xc_buf_clear(out);
  if (p[0] == 'I' && (p[1] == '.' || p[1] == ' ')) {
    xc_buf_addc(out, '1');
    p++;
  } else if (*p >= '1' && *p <= '9') {
    while ((*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' && p[1] <= '9')) xc_buf_addc(out, *p++);
  } else {
    return false;
  }
  if (*p == '.') p++;
  return *p == ' ' || *p == '\t' || *p == '\0';
}

static void bind_keyed(xc_binding *b, int si, xc_bound *bs) {
  const xc_form_sheet *fs = &b->rs->sheets[si];
  const xc_msheet *ms = &b->m->sheets[bs->ws];
  bs->key_row = xc_arena_try_alloc(&b->arena, (fs->nrows ? fs->nrows : 1) * sizeof *bs->key_row);
  if (!bs->key_row) {
    b->nomem = true;
    return;
  }
  memset(bs->key_row, 0, (fs->nrows ? fs->nrows : 1) * sizeof *bs->key_row);
  bool label_keys = xc_bind_redefines_d(fs); /* the chi-so-cchc layout: keys may sit in the label */
  xc_buf key, tmp, ka, kb;
  xc_buf_init(&key, 0);
  xc_buf_init(&tmp, 0);
  xc_buf_init(&ka, 0);
  xc_buf_init(&kb, 0);
  uint32_t last_row = 0;
  for (size_t i = 0; i < ms->ncells; i++) {
    const xc_cell *c = &ms->cells[i].cell;
    if (c->row == last_row) continue;
    last_row = c->row;
    const xc_mcell *a = xc_msheet_cell(ms, c->row, 1);
    cell_text(a, &key);
    normalise_key(&key);
    bool numeric = a && a->cell.type == XC_CV_NUMBER;
    if (key.len == 0 && label_keys) {
      const xc_mcell *lb = xc_msheet_cell(ms, c->row, 2);
      cell_text(lb, &tmp);
      if (!key_in_label(xc_buf_str(&tmp), &key)) continue;
    }
    if (key.len == 0) continue;
    const char *k = xc_buf_str(&key);
    const xc_spec_row *sr = xc_form_sheet_row(fs, k);
    if (!sr) {
      if (key_like(k)) add_event(b, XC_EV_KEY_UNKNOWN, si, bs->ws, c->row, 1, k);
      continue;
    }
    size_t idx = (size_t)(sr - fs->rows);
    if (numeric) add_event(b, XC_EV_KEY_NUMERIC, si, bs->ws, c->row, 1, k);
    if (bs->key_row[idx]) {
      add_event(b, XC_EV_KEY_DUPLICATE, si, bs->ws, c->row, 1, k);
      continue;
    }
    bs->key_row[idx] = c->row;
    /* the label should be the form's (a moved or renamed row shows here) */
    const xc_mcell *lb = xc_msheet_cell(ms, c->row, 2);
    cell_text(lb, &tmp);
    if (sr->label[0] && tmp.len && !label_keys &&
        !same_key_kc(b->keys, xc_buf_str(&tmp), sr->label, true))
      add_event(b, XC_EV_LABEL_DIFFERS, si, bs->ws, c->row, 2, k);
  }
  /* rows without a key: a designed key found by its label (G-6) */
  for (size_t r = 0; r < fs->nrows; r++) {
    if (bs->key_row[r] || !fs->rows[r].label[0]) continue;
    last_row = 0;
    for (size_t i = 0; i < ms->ncells; i++) {
      const xc_cell *c = &ms->cells[i].cell;
      if (c->row == last_row) continue;
      last_row = c->row;
      const xc_mcell *a = xc_msheet_cell(ms, c->row, 1);
      cell_text(a, &tmp);
      if (!xc_text_is_blank(xc_buf_str(&tmp), tmp.len)) continue;
      bool taken = false;
      for (size_t q = 0; q < fs->nrows && !taken; q++) taken = bs->key_row[q] == c->row;
      if (taken) continue;
      cell_text(xc_msheet_cell(ms, c->row, 2), &tmp);
      if (tmp.len && same_key_kc(b->keys, xc_buf_str(&tmp), fs->rows[r].label, false)) {
        bs->key_row[r] = c->row;
        add_event(b, XC_EV_KEY_BY_LABEL, si, bs->ws, c->row, 1, fs->rows[r].key);
        break;
      }
    }
  }
  for (size_t r = 0; r < fs->nrows; r++)
    if (!bs->key_row[r]) add_event(b, XC_EV_KEY_MISSING, si, bs->ws, 0, 1, fs->rows[r].key);
  if (key.nomem || tmp.nomem) b->nomem = true;
  xc_buf_free(&key);
  xc_buf_free(&tmp);
  xc_buf_free(&ka);
  xc_buf_free(&kb);
}

/* ---- lists -------------------------------------------------------------- */

/* The match keys of a list's headers and their aliases, both plain and
 * folded, taken once per list: [col][2 * alias + folded] (alias 0 = header). */
typedef struct {
  const char ***keys;
  size_t *nkeys;
} header_keys;

static void header_keys_free(header_keys *hk, const xc_form_sheet *fs);

/* false when memory runs out (hk freed then) */
static bool header_keys_init(header_keys *hk, xc_keycache *kc, const xc_form_sheet *fs) {
  size_t nc = fs->ncols ? fs->ncols : 1;
  hk->keys = xc_try_calloc(nc, sizeof *hk->keys);
  hk->nkeys = xc_try_calloc(nc, sizeof *hk->nkeys);
  if (!hk->keys || !hk->nkeys) {
    free(hk->keys);
    free(hk->nkeys);
    return false;
  }
  for (size_t c = 0; c < fs->ncols; c++) {
    const xc_spec_col *sc = &fs->cols[c];
    size_t n = 1 + sc->naliases;
    hk->keys[c] = xc_try_calloc(2 * n, sizeof **hk->keys);
    if (!hk->keys[c]) {
      header_keys_free(hk, fs);
      return false;
    }
    hk->nkeys[c] = n;
    for (size_t a = 0; a < n; a++) {
      const char *t = a ? sc->aliases[a - 1] : sc->header;
      hk->keys[c][2 * a] = xc_keycache_get(kc, t, strlen(t), false);
      hk->keys[c][2 * a + 1] = xc_keycache_get(kc, t, strlen(t), true);
    }
  }
  return true;
}

static void header_keys_free(header_keys *hk, const xc_form_sheet *fs) {
  for (size_t c = 0; c < fs->ncols; c++) free(hk->keys[c]); /* calloc'd: NULL past a failure */
  free(hk->keys);
  free(hk->nkeys);
}

static bool header_matches(const header_keys *hk, size_t c, const char *cell_key, bool folded) {
  for (size_t a = 0; a < hk->nkeys[c]; a++)
    if (strcmp(hk->keys[c][2 * a + folded], cell_key) == 0) return true;
  return false;
}

/* Columns of `row` whose text is a header of the list: fills col_of; returns the
 * number of required headers found. */
static size_t match_header_row(xc_keycache *kc, const header_keys *hk, const xc_form_sheet *fs,
                               const xc_msheet *ms, uint32_t row, uint32_t *col_of, xc_buf *tmp) {
  memset(col_of, 0, fs->ncols * sizeof *col_of);
  size_t start = xc_msheet_row_start(ms, row), required = 0;
  for (size_t i = start; i < ms->ncells && ms->cells[i].cell.row == row; i++) {
    cell_text(&ms->cells[i], tmp);
    if (!tmp->len) continue;
    for (int pass = 0; pass < 2; pass++) {
      const char *key = xc_keycache_get(kc, xc_buf_str(tmp), tmp->len, pass == 1);
      bool hit = false;
      for (size_t c = 0; c < fs->ncols && !hit; c++) {
        if (col_of[c] || !header_matches(hk, c, key, pass == 1)) continue;
        col_of[c] = ms->cells[i].cell.col;
        required += fs->cols[c].required;
        hit = true;
      }
      if (hit) break;
    }
  }
  return required;
}

static bool column_number_row(const xc_msheet *ms, uint32_t row, xc_buf *tmp) {
  size_t start = xc_msheet_row_start(ms, row), n = 0;
  for (size_t i = start; i < ms->ncells && ms->cells[i].cell.row == row; i++) {
    cell_text(&ms->cells[i], tmp);
    const char *s = xc_buf_str(tmp);
    if (!tmp->len) continue;
    n++;
    if (s[0] != '(') return false;
    size_t k = 1;
    while (s[k] >= '0' && s[k] <= '9') k++;
    if (k == 1 || s[k] != ')' || s[k + 1]) return false;
  }
  return n > 0;
}

static void bind_list(xc_binding *b, int si, xc_bound *bs) {
  const xc_form_sheet *fs = &b->rs->sheets[si];
  const xc_msheet *ms = &b->m->sheets[bs->ws];
  size_t nc = fs->ncols ? fs->ncols : 1;
  bs->col_of = xc_arena_try_alloc(&b->arena, nc * sizeof *bs->col_of);
  uint32_t *probe = bs->col_of ? xc_try_malloc(nc * sizeof *probe) : NULL;
  header_keys hk;
  if (!probe || !header_keys_init(&hk, b->keys, fs)) {
    free(probe);
    b->nomem = true;
    return;
  }
  memset(bs->col_of, 0, nc * sizeof *bs->col_of);
  size_t need = 0;
  for (size_t c = 0; c < fs->ncols; c++) need += fs->cols[c].required;
  xc_buf tmp, ka, kb;
  xc_buf_init(&tmp, 0);
  xc_buf_init(&ka, 0);
  xc_buf_init(&kb, 0);
  size_t best = 0;
  uint32_t best_row = 0;
  for (uint32_t r = 1; r <= HEADER_SCAN_ROWS && r <= ms->max_row; r++) {
    size_t got = match_header_row(b->keys, &hk, fs, ms, r, probe, &tmp);
    if (got > best) {
      best = got;
      best_row = r;
      memcpy(bs->col_of, probe, nc * sizeof *probe);
    }
    if (got == need) break;
  }
  if (best < need || !best_row) {
    for (size_t c = 0; c < fs->ncols; c++)
      if (fs->cols[c].required && !bs->col_of[c])
        add_event(b, XC_EV_HEADER_MISSING, si, bs->ws, best_row, 0, fs->cols[c].header);
    if (!best_row) {
      header_keys_free(&hk, fs);
      free(probe);
      xc_buf_free(&tmp);
      xc_buf_free(&ka);
      xc_buf_free(&kb);
      return;
    }
  }
  bs->header_row = best_row;
  /* data rows: below the header to the last non-blank row; repeated headers,
   * column-number rows "(1) (2) …" and blank rows are skipped */
  size_t cap = 0;
  for (uint32_t r = best_row + 1; r <= ms->max_row; r++) {
    size_t start = xc_msheet_row_start(ms, r);
    if (start >= ms->ncells || ms->cells[start].cell.row != r) continue;
    bool any = false;
    for (size_t c = 0; c < fs->ncols && !any; c++) {
      if (!bs->col_of[c]) continue;
      const xc_mcell *mc = xc_msheet_cell(ms, r, bs->col_of[c]);
      any = mc && (mc->cell.type != XC_CV_STRING || !xc_text_is_blank(mc->cell.text, mc->cell.len)) &&
            mc->cell.type != XC_CV_NONE;
    }
    if (!any) continue;
    /* a header repeated by a page break: its first header cell says so already */
    bool maybe_header = false;
    for (size_t c = 0; c < fs->ncols && !maybe_header; c++) {
      if (!bs->col_of[c]) continue;
      const xc_mcell *mc = xc_msheet_cell(ms, r, bs->col_of[c]);
      if (mc && mc->cell.type == XC_CV_STRING) {
        cell_text(mc, &tmp);
        for (int f = 0; f < 2 && !maybe_header; f++)
          maybe_header = header_matches(&hk, c, xc_keycache_get(b->keys, xc_buf_str(&tmp), tmp.len, f), f);
      }
      break; /* only the first mapped column */
    }
    if (maybe_header && need > 0 &&
        match_header_row(b->keys, &hk, fs, ms, r, probe, &tmp) >= (need > 1 ? need : 1))
      continue;
    if (column_number_row(ms, r, &tmp)) continue;
    if (bs->nrows == cap) {
      cap = cap ? cap * 2 : 64;
      uint32_t *fresh = xc_arena_try_alloc(&b->arena, cap * sizeof *fresh);
      if (!fresh) {
        b->nomem = true;
        break;
      }
      if (bs->nrows) memcpy(fresh, bs->rows, bs->nrows * sizeof *fresh);
      bs->rows = fresh;
    }
    bs->rows[bs->nrows++] = r;
  }
  header_keys_free(&hk, fs);
  free(probe);
  if (tmp.nomem) b->nomem = true;
  xc_buf_free(&tmp);
  xc_buf_free(&ka);
  xc_buf_free(&kb);
}

xc_binding *xc_bind(const xc_ruleset *rs, const xc_model *m) { return xc_bind_cached(rs, m, NULL); }

xc_binding *xc_bind_cached(const xc_ruleset *rs, const xc_model *m, struct xc_keycache *shared) {
  xc_binding *b = xc_try_calloc(1, sizeof *b);
  if (!b) return NULL;
  b->rs = rs;
  b->m = m;
  xc_arena_init(&b->arena);
  b->keys = shared ? shared : xc_keycache_new();
  b->shared_keys = shared != NULL;
  b->sheets = xc_try_calloc(rs->nsheets ? rs->nsheets : 1, sizeof *b->sheets);
  bool *taken = xc_try_calloc(m->nsheets ? m->nsheets : 1, sizeof *taken);
  if (!b->keys || !b->sheets || !taken) b->nomem = true;
  for (size_t i = 0; i < rs->nsheets && !b->nomem; i++) {
    xc_bound *bs = &b->sheets[i];
    bool alias = false;
    bs->ws = find_sheet(b->keys, &rs->sheets[i], m, taken, &alias);
    if (bs->ws < 0) {
      add_event(b, XC_EV_SHEET_MISSING, (int)i, -1, 0, 0, rs->sheets[i].name);
      if (rs->sheets[i].type == XC_SHEET_KEYED) {
        size_t n = rs->sheets[i].nrows ? rs->sheets[i].nrows : 1;
        bs->key_row = xc_arena_try_alloc(&b->arena, n * sizeof *bs->key_row);
        if (bs->key_row) memset(bs->key_row, 0, n * sizeof *bs->key_row);
        else b->nomem = true;
      } else {
        size_t n = rs->sheets[i].ncols ? rs->sheets[i].ncols : 1;
        bs->col_of = xc_arena_try_alloc(&b->arena, n * sizeof *bs->col_of);
        if (bs->col_of) memset(bs->col_of, 0, n * sizeof *bs->col_of);
        else b->nomem = true;
      }
      continue;
    }
    taken[bs->ws] = true;
    bs->by_alias = alias;
    if (alias) add_event(b, XC_EV_SHEET_RENAMED, (int)i, bs->ws, 0, 0, m->sheets[bs->ws].name);
    if (m->sheets[bs->ws].visibility != XC_VIS_VISIBLE)
      add_event(b, XC_EV_SHEET_HIDDEN, (int)i, bs->ws, 0, 0, m->sheets[bs->ws].name);
    if (rs->sheets[i].type == XC_SHEET_KEYED) bind_keyed(b, (int)i, bs);
    else bind_list(b, (int)i, bs);
  }
  for (size_t w = 0; w < m->nsheets && !b->nomem; w++)
    if (!taken[w] && m->sheets[w].kind == XC_SHEET_WORKSHEET)
      add_event(b, XC_EV_SHEET_EXTRA, -1, (int)w, 0, 0, m->sheets[w].name);
  free(taken);
  if (b->nomem || xc_keycache_nomem(b->keys)) {
    xc_binding_free(b);
    return NULL;
  }
  return b;
}

void xc_binding_free(xc_binding *b) {
  if (!b) return;
  free(b->sheets);
  free(b->events);
  if (!b->shared_keys) xc_keycache_free(b->keys); /* NULL-safe */
  xc_arena_free(&b->arena);
  free(b);
}
