/* units.c: the units registry and name resolution. */
#include "units.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "spec.h"
#include "textkey.h"

/* The registry's columns: every one must be there. */
static const char *const COLUMNS[6] = {"code", "official_name", "type", "base_name", "folded_key", "slug"};
enum { C_CODE, C_NAME, C_TYPE, C_BASE, C_KEY, C_SLUG };

static xc_units *refuse(xc_units *u, xc_error *e, xc_err code, int line, const char *detail) {
  xc_fail(e, code, NULL, "%s", detail ? detail : "");
  if (e) e->line = (unsigned long)(line > 0 ? line : 0);
  xc_units_free(u);
  return NULL;
}

typedef struct {
  const char *v;
  size_t r;
} entry;

static int cmp_entry(const void *a, const void *b) {
  const entry *x = a, *y = b;
  int c = strcmp(x->v, y->v);
  return c ? c : (x->r > y->r) - (x->r < y->r);
}

/* The first record (in file order) whose column c repeats an earlier
 * record's text, or t->nrows when none does (sorted, not pairwise: a
 * registry of the country's 3,321 communes is checked in no time). */
static size_t first_repeat(const xc_tsv *t, int c, bool *nomem) {
  entry *e = xc_try_malloc((t->nrows ? t->nrows : 1) * sizeof *e);
  if (!e) {
    *nomem = true;
    return t->nrows;
  }
  for (size_t r = 0; r < t->nrows; r++) e[r] = (entry){xc_tsv_get(t, r, c), r};
  qsort(e, t->nrows, sizeof *e, cmp_entry);
  size_t first = t->nrows;
  for (size_t i = 1; i < t->nrows; i++)
    if (strcmp(e[i].v, e[i - 1].v) == 0 && e[i].r < first) first = e[i].r;
  free(e);
  return first;
}

xc_units *xc_units_load(const char *path, xc_error *e) {
  xc_units *u = xc_try_calloc(1, sizeof *u);
  if (!u) {
    xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
    return NULL;
  }
  xc_arena_init(&u->arena);
  u->path = xc_arena_try_strndup(&u->arena, path, strlen(path));
  if (!u->path) return refuse(u, e, XC_ERR_NOMEM, 0, NULL);
  const xc_tsv *t = xc_tsv_load(&u->arena, path, 0, e);
  if (!t) {
    xc_units_free(u);
    return NULL;
  }
  int col[6];
  for (int k = 0; k < 6; k++)
    if ((col[k] = xc_tsv_col(t, COLUMNS[k])) < 0) return refuse(u, e, XC_ERR_UNITS_COLUMN, 1, COLUMNS[k]);
  int need = 0;
  for (int k = 0; k < 6; k++) need = col[k] > need ? col[k] : need;
  if (!t->nrows) return refuse(u, e, XC_ERR_UNITS_NONE, 0, NULL);
  u->units = xc_try_calloc(t->nrows, sizeof *u->units);
  if (!u->units) return refuse(u, e, XC_ERR_NOMEM, 0, NULL);
  bool nomem = false;
  size_t rep_code = first_repeat(t, col[C_CODE], &nomem), rep_key = first_repeat(t, col[C_KEY], &nomem),
         rep_slug = first_repeat(t, col[C_SLUG], &nomem);
  if (nomem) return refuse(u, e, XC_ERR_NOMEM, 0, NULL);
  for (size_t r = 0; r < t->nrows; r++) {
    if (t->nfields[r] <= (size_t)need) return refuse(u, e, XC_ERR_UNITS_FIELDS, t->line[r], NULL);
    static const int required[] = {C_CODE, C_NAME, C_KEY, C_SLUG};
    for (size_t k = 0; k < sizeof required / sizeof *required; k++)
      if (!*xc_tsv_get(t, r, col[required[k]]))
        return refuse(u, e, XC_ERR_UNITS_EMPTY, t->line[r], COLUMNS[required[k]]);
    if (r == rep_code)
      return refuse(u, e, XC_ERR_UNITS_DUP_CODE, t->line[r], xc_tsv_get(t, r, col[C_CODE]));
    if (r == rep_key)
      return refuse(u, e, XC_ERR_UNITS_DUP_KEY, t->line[r], xc_tsv_get(t, r, col[C_KEY]));
    if (r == rep_slug)
      return refuse(u, e, XC_ERR_UNITS_DUP_SLUG, t->line[r], xc_tsv_get(t, r, col[C_SLUG]));
    xc_unit *x = &u->units[u->n++];
    x->code = xc_tsv_get(t, r, col[C_CODE]);
    x->official_name = xc_tsv_get(t, r, col[C_NAME]);
    x->type = xc_tsv_get(t, r, col[C_TYPE]);
    x->base_name = xc_tsv_get(t, r, col[C_BASE]);
    x->folded_key = xc_tsv_get(t, r, col[C_KEY]);
    x->slug = xc_tsv_get(t, r, col[C_SLUG]);
    xc_buf k;
    xc_buf_init(&k, 0);
    xc_match_key(x->official_name, strlen(x->official_name), &k);
    x->name_key = k.nomem ? NULL : xc_arena_try_strndup(&u->arena, xc_buf_str(&k), k.len);
    xc_buf_free(&k);
    if (!x->name_key) return refuse(u, e, XC_ERR_NOMEM, 0, NULL);
  }
  return u;
}

void xc_units_free(xc_units *u) {
  if (!u) return;
  free(u->units);
  xc_arena_free(&u->arena);
  free(u);
}

/* Words naming the kind of a unit, folded, and the folded `type` they mean
 * (longer spellings first: "thi xa" before "xa"). */
static const struct {
  const char *spelling, *type;
} unit_kinds[] = {{"thanh pho", "thanh pho"}, {"tp", "thanh pho"}, {"thi xa", "thi xa"},
                  {"tx", "thi xa"},           {"huyen", "huyen"},  {"quan", "quan"},
                  {"thi tran", "thi tran"},   {"tt", "thi tran"},  {"phuong", "phuong"},
                  {"xa", "xa"}};

/* strips `word ` from the front of s (a match key); true when it did */
static bool strip_front(const char **s, const char *word) {
  size_t k = strlen(word);
  if (strncmp(*s, word, k) == 0 && ((*s)[k] == ' ' || (*s)[k] == '\0')) {
    *s += k;
    while (**s == ' ') (*s)++;
    return true;
  }
  return false;
}

static void strip_back(char *s, const char *word) {
  size_t n = strlen(s), k = strlen(word);
  if (n >= k && strcmp(s + n - k, word) == 0 && (n == k || s[n - k - 1] == ' ')) {
    s[n - k] = '\0';
    n = strlen(s);
    while (n && s[n - 1] == ' ') s[--n] = '\0';
  }
}

/* folded, without spaces; "dac" at a word start becomes "dak" (Đắc Glei) */
static void fold_compact(const char *s, xc_buf *out) {
  xc_buf f;
  xc_buf_init(&f, 0);
  xc_match_key_folded(s, strlen(s), &f);
  const char *p = xc_buf_str(&f);
  bool word_start = true;
  for (size_t i = 0; p[i]; i++) {
    if (p[i] == ' ') {
      word_start = true;
      continue;
    }
    if (word_start && strncmp(p + i, "dac", 3) == 0) {
      xc_buf_adds(out, "dak");
      i += 2;
    } else {
      xc_buf_addc(out, p[i]);
    }
    word_start = false;
  }
  xc_buf_free(&f);
}

void xc_units_province_key(const char *name, size_t n, xc_buf *out) {
  xc_buf k;
  xc_buf_init(&k, 0);
  xc_match_key_folded(name, n, &k);
  const char *s = xc_buf_str(&k);
  strip_front(&s, "tinh");
  fold_compact(s, out);
  xc_buf_free(&k);
}

/* The unit whose folded key is s (a folded match key, the kind word already
 * taken off; " tỉnh Kon Tum" at the end is dropped) and whose type is kind
 * (NULL: any, but a city only with its prefix: "Kon Tum" alone is the
 * province). */
static xc_unit_rc find_folded(const xc_units *u, const char *s, const char *kind, size_t *index, xc_buf *scratch) {
  char *rest = xc_try_malloc(strlen(s) + 1);
  if (!rest) return XC_UNIT_NOMEM;
  strcpy(rest, s);
  strip_back(rest, "tinh kon tum");
  xc_buf_clear(scratch);
  fold_compact(rest, scratch);
  free(rest);
  const char *f = xc_buf_str(scratch);
  xc_unit_rc rc = XC_UNIT_UNKNOWN;
  xc_buf tk;
  xc_buf_init(&tk, 0);
  for (size_t i = 0; i < u->n; i++) {
    if (strcmp(f, u->units[i].folded_key) != 0) continue;
    xc_buf_clear(&tk);
    xc_match_key_folded(u->units[i].type, strlen(u->units[i].type), &tk);
    if (kind && strcmp(xc_buf_str(&tk), kind) != 0) continue;
    if (!kind && strcmp(xc_buf_str(&tk), "thanh pho") == 0) {
      rc = XC_UNIT_PROVINCE;
      break;
    }
    *index = i;
    rc = XC_UNIT_OK;
    break;
  }
  if (tk.nomem || scratch->nomem) rc = XC_UNIT_NOMEM;
  xc_buf_free(&tk);
  return rc;
}

xc_unit_rc xc_units_resolve(const xc_units *u, const char *name, size_t n, size_t *index) {
  xc_buf k, folded;
  xc_buf_init(&k, 0);
  xc_buf_init(&folded, 0);
  xc_match_key(name, n, &k);
  xc_unit_rc rc = XC_UNIT_UNKNOWN;
  if (k.len == 0) {
    rc = XC_UNIT_EMPTY;
    goto done;
  }
  /* the code, the slug and the official name are accepted as they are */
  for (size_t i = 0; i < u->n; i++) {
    bool hit = strcmp(xc_buf_str(&k), u->units[i].code) == 0 || strcmp(xc_buf_str(&k), u->units[i].name_key) == 0;
    if (!hit) {
      /* the slug: compare the raw text, since the match key drops its hyphens */
      size_t a = 0, b = n;
      while (a < b && name[a] == ' ') a++;
      while (b > a && name[b - 1] == ' ') b--;
      hit = strlen(u->units[i].slug) == b - a && strncmp(name + a, u->units[i].slug, b - a) == 0;
    }
    if (hit) {
      *index = i;
      rc = XC_UNIT_OK;
      goto done;
    }
  }
  {
    /* "TP.Kon Tum": a dot separates words before the key is taken */
    char *spaced = xc_try_malloc(n + 1);
    if (!spaced) {
      rc = XC_UNIT_NOMEM;
      goto done;
    }
    memcpy(spaced, name, n);
    spaced[n] = '\0';
    for (char *q = spaced; *q; q++)
      if (*q == '.') *q = ' ';
    xc_buf fk;
    xc_buf_init(&fk, 0);
    xc_match_key_folded(spaced, strlen(spaced), &fk); /* no diacritics: "Huyen Dak Ha" too */
    free(spaced);
    const char *s = xc_buf_str(&fk);
    if (!strip_front(&s, "uy ban nhan dan")) strip_front(&s, "ubnd");
    /* the kind of unit named in front ("Huyện", "TP.", "xã" …): a unit of the
     * registry matches only when its type is that kind, so "thị trấn Đắk Hà"
     * is not Huyện Đắk Hà (README §5), and a registry of communes resolves
     * "UBND xã Hòa Bình" */
    const char *kind = NULL, *whole = s;
    for (size_t k = 0; !kind && k < sizeof unit_kinds / sizeof *unit_kinds; k++)
      if (strip_front(&s, unit_kinds[k].spelling)) kind = unit_kinds[k].type;
    rc = fk.nomem ? XC_UNIT_NOMEM : find_folded(u, s, kind, index, &folded);
    /* a name that merely starts like a kind ("Xa Hồ"): the whole of it */
    if (rc == XC_UNIT_UNKNOWN && kind) rc = find_folded(u, whole, NULL, index, &folded);
    if (rc == XC_UNIT_UNKNOWN) {
      xc_buf pk;
      xc_buf_init(&pk, 0);
      xc_units_province_key(name, n, &pk);
      if (strcmp(xc_buf_str(&pk), "kontum") == 0) rc = XC_UNIT_PROVINCE;
      if (pk.nomem) rc = XC_UNIT_NOMEM;
      xc_buf_free(&pk);
    }
    xc_buf_free(&fk);
  }
done:
  if (k.nomem) rc = XC_UNIT_NOMEM;
  xc_buf_free(&k);
  xc_buf_free(&folded);
  return rc;
}

bool xc_period_canonical(const char *s, size_t n, xc_buf *out) {
  /* words of the lower-cased NFC text, split at spaces and "/" */
  xc_buf low;
  xc_buf_init(&low, 0);
  xc_buf nfc;
  xc_buf_init(&nfc, 0);
  xc_nfc(s, n, &nfc);
  for (size_t i = 0; i < nfc.len; i++) {
    char c = nfc.data[i];
    xc_buf_addc(&low, c == '/' ? ' ' : c);
  }
  xc_buf_free(&nfc);
  char *words[16];
  size_t nw = 0;
  xc_buf keys[16];
  char *save = low.data ? low.data : (char *)"", *state = NULL;
  for (char *tok = strtok_r(save, " \t", &state); tok && nw < 16; tok = strtok_r(NULL, " \t", &state)) {
    xc_buf_init(&keys[nw], 0);
    xc_match_key(tok, strlen(tok), &keys[nw]);
    words[nw] = keys[nw].data ? keys[nw].data : (char *)"";
    nw++;
  }
  int year = 0;
  for (size_t i = 0; i < nw; i++)
    if (strlen(words[i]) == 4 && words[i][0] == '2' && words[i][1] == '0' && words[i][2] >= '0' &&
        words[i][2] <= '9' && words[i][3] >= '0' && words[i][3] <= '9')
      year = atoi(words[i]);
  const char *kind = NULL;
  for (size_t i = 0; i < nw && year; i++) {
    if (strcmp(words[i], "quý") == 0 && i + 1 < nw) {
      const char *q = words[i + 1];
      if (strcmp(q, "i") == 0 || strcmp(q, "1") == 0) kind = "Quý I";
      else if (strcmp(q, "iii") == 0 || strcmp(q, "3") == 0) kind = "9 tháng";
      break;
    }
    if (strcmp(words[i], "tháng") == 0 && i > 0) {
      const char *m = words[i - 1];
      if (strcmp(m, "6") == 0 || strcmp(m, "06") == 0) kind = "6 tháng";
      else if (strcmp(m, "9") == 0 || strcmp(m, "09") == 0) kind = "9 tháng";
      break;
    }
    if (strcmp(words[i], "năm") == 0 && i == 0 && nw == 2) {
      kind = "Năm";
      break;
    }
  }
  for (size_t i = 0; i < nw; i++) xc_buf_free(&keys[i]);
  xc_buf_free(&low);
  if (!kind || !year) return false;
  if (strcmp(kind, "Năm") == 0) xc_buf_printf(out, "Năm %d", year);
  else xc_buf_printf(out, "%s/%d", kind, year);
  return true;
}
