/* merge.c: reading the units' files in parallel, the merge-set checks
 * (M-1 … M-5) and the province values by the forms' agg column. */
#include "merge.h"

#include "fileio.h"

#include <dirent.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "bind.h"
#include "cellref.h"
#include "identify.h"
#include "model.h"
#include "msg.h"
#include "numtext.h"
#include "textkey.h"
#include "value.h"

/* ---- small helpers ------------------------------------------------------- */

/* Memory for a file's record (f) or for the merge (mg): when it runs out the
 * flag is set, NULL or "" is given, and the merge fails with XC_ERR_NOMEM. */
static void *falloc(xc_unit_file *f, size_t n) {
  void *p = xc_arena_try_alloc(&f->arena, n);
  if (!p) f->nomem = true;
  return p;
}
static const char *fdup(xc_unit_file *f, const char *s, size_t n) {
  const char *d = xc_arena_try_strndup(&f->arena, s, n);
  if (!d) f->nomem = true;
  return d ? d : "";
}
static void *mgalloc(xc_merge *mg, size_t n) {
  void *p = xc_arena_try_alloc(&mg->arena, n);
  if (!p) mg->nomem = true;
  return p;
}
static const char *mgdups(xc_merge *mg, const char *s) {
  const char *d = xc_arena_try_strndup(&mg->arena, s, strlen(s));
  if (!d) mg->nomem = true;
  return d ? d : "";
}

static bool agg_is(const char *agg, const char *name) {
  size_t n = strlen(name);
  return agg && strncmp(agg, name, n) == 0 && (agg[n] == '\0' || agg[n] == '(');
}

#define MAX_KCOLS 12

/* The value columns kept of a keyed sheet: the named ones (C…H of the
 * PAR-index sheet), or D and E. */
static size_t keyed_columns(const xc_form_sheet *fs, uint32_t *out, size_t cap) {
  size_t n = 0;
  uint32_t cand[MAX_KCOLS + 2];
  size_t nc = 0;
  cand[nc++] = xc_bind_value_col(fs, NULL); /* D, unless the sheet redefines it */
  cand[nc++] = 5;                           /* E: the note */
  for (size_t i = 0; i < fs->nvcols && nc < MAX_KCOLS + 2; i++) cand[nc++] = xc_col_number(fs->vcol_letters[i]);
  for (size_t i = 0; i < nc && n < cap; i++) {
    bool seen = false;
    for (size_t k = 0; k < n; k++) seen |= out[k] == cand[i];
    if (!seen && cand[i]) out[n++] = cand[i];
  }
  return n;
}

static void sha256_stream(FILE *fp, char hex[65], uint64_t *size) {
  struct sha256_ctx h;
  sha256_init(&h);
  unsigned char buf[65536];
  size_t got;
  *size = 0;
  while ((got = fread(buf, 1, sizeof buf, fp)) > 0) {
    sha256_update(&h, got, buf);
    *size += got;
  }
  uint8_t d[SHA256_DIGEST_SIZE];
  sha256_digest(&h, sizeof d, d);
  for (size_t i = 0; i < sizeof d; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

static void sha256_mem(const void *data, size_t n, char hex[65]) {
  struct sha256_ctx h;
  sha256_init(&h);
  sha256_update(&h, n, data);
  uint8_t d[SHA256_DIGEST_SIZE];
  sha256_digest(&h, sizeof d, d);
  for (size_t i = 0; i < sizeof d; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

bool xc_sha256_file(const char *path, char hex[65], uint64_t *size) {
  FILE *fp = xc_fopen_regular(path, NULL);
  hex[0] = '\0';
  *size = 0;
  if (!fp) return false;
  sha256_stream(fp, hex, size);
  fclose(fp);
  return true;
}

/* A finding of the merge itself about one file (or the set: f = NULL). */
static void merge_diag(xc_diags *out, const char *file, const char *unit, const char *sheet,
                       const char *cell, const char *key, const char *rule, xc_severity sev,
                       const char *vi, const char *en, const char *hint_vi, const char *hint_en,
                       const char *actual, const char *expected) {
  xc_diag d;
  memset(&d, 0, sizeof d);
  d.file = file ? file : "";
  d.unit = unit ? unit : "";
  d.sheet = sheet ? sheet : "";
  if (cell) snprintf(d.cell, sizeof d.cell, "%s", cell);
  d.key = key ? key : "";
  d.rule = rule;
  d.severity = sev;
  d.msg_vi = vi;
  d.msg_en = en;
  d.hint_vi = hint_vi ? hint_vi : "";
  d.hint_en = hint_en ? hint_en : "";
  d.actual = actual ? actual : "";
  d.expected = expected ? expected : "";
  d.rank = -1;
  xc_diags_add(out, &d);
}

/* ---- one file -------------------------------------------------------------- */

typedef struct {
  xc_merge *mg;
  const xc_merge_opts *o;
  atomic_size_t next;
  atomic_size_t done; /* files read, for the progress callback */
} pool;

/* The stored cell, for writing the file again: a number the rules read (a
 * percent format already ×100, a date as its serial), else the text. */
static void keep_cell(xc_unit_file *f, const xc_model *m, int ws, uint32_t row, uint32_t col,
                      const xc_rval *v, bool date1904, xc_ucell *out) {
  out->v = *v;
  if (v->kind == XC_RV_TEXT) out->v.text = fdup(f, v->text, v->len);
  out->raw = XC_FW_BLANK;
  const xc_mcell *mc = ws >= 0 && row ? xc_msheet_cell(&m->sheets[ws], row, col) : NULL;
  if (!mc) return;
  if (mc->cell.type == XC_CV_NUMBER || mc->cell.type == XC_CV_BOOL) {
    out->raw = XC_FW_NUMBER;
    if (v->kind == XC_RV_NUM && !xc_dec_is_zero(v->num)) out->number = xc_dec_to_double(v->num);
    else out->number = strtod(mc->cell.text, NULL);
    if (v->kind == XC_RV_DATE) {
      int y, mo, d;
      xc_date_from_days(v->days, &y, &mo, &d);
      out->number = (double)xc_date_to_serial(y, mo, d, date1904);
    }
  } else if (mc->cell.len) {
    out->raw = XC_FW_TEXT;
    /* most stored texts are what the rules read: one copy */
    if (out->v.kind == XC_RV_TEXT && out->v.len == mc->cell.len && memcmp(out->v.text, mc->cell.text, mc->cell.len) == 0)
      out->text = out->v.text;
    else
      out->text = fdup(f, mc->cell.text, mc->cell.len);
  }
}

static void pack_lcell(const xc_ucell *u, xc_lcell *l) {
  memset(l, 0, sizeof *l);
  l->kind = (uint8_t)u->v.kind;
  l->raw = (uint8_t)u->raw;
  l->number = u->number;
  l->raw_text = u->text;
  if (u->v.kind == XC_RV_NUM) {
    l->m = u->v.num.m;
    l->e = u->v.num.e;
    l->decimals = (int16_t)(u->v.decimals < INT16_MIN ? INT16_MIN : u->v.decimals > INT16_MAX ? INT16_MAX : u->v.decimals);
  } else if (u->v.kind == XC_RV_DATE) {
    l->m = u->v.days;
  } else if (u->v.kind == XC_RV_TEXT) {
    l->text = u->v.text;
  }
}

void xc_lcell_get(const xc_lcell *l, xc_ucell *out) {
  memset(out, 0, sizeof *out);
  out->v.kind = (xc_rval_kind)l->kind;
  out->raw = (xc_fw_type)l->raw;
  out->number = l->number;
  out->text = l->raw_text;
  if (l->kind == XC_RV_NUM) {
    out->v.num.m = l->m;
    out->v.num.e = l->e;
    out->v.decimals = l->decimals;
  } else if (l->kind == XC_RV_DATE) {
    out->v.days = l->m;
  } else if (l->kind == XC_RV_TEXT) {
    out->v.text = l->text;
    out->v.len = strlen(l->text);
  }
}

/* Where a finding of check sits on the form: keyed row and column, or list row and spec column. */
static void place_marks(xc_unit_file *f, const xc_binding *b) {
  size_t cap = f->diags.n;
  f->marks = falloc(f, (cap ? cap : 1) * sizeof *f->marks);
  if (!f->marks) return;
  for (size_t i = 0; i < f->diags.n; i++) {
    const xc_diag *d = &f->diags.items[i];
    if (!d->sheet[0] || !d->cell[0]) continue;
    int s = -1;
    for (size_t k = 0; k < f->rs->nsheets; k++)
      if (strcmp(f->rs->sheets[k].name, d->sheet) == 0) s = (int)k;
    if (s < 0) continue;
    uint32_t row, col;
    if (!xc_cellref_parse(d->cell, strlen(d->cell), &row, &col)) continue;
    const xc_form_sheet *fs = &f->rs->sheets[s];
    const xc_bound *bs = &b->sheets[s];
    xc_umark mk = {s, 0, 0, d->severity, NULL};
    bool placed = false;
    if (fs->type == XC_SHEET_KEYED) {
      for (size_t r = 0; r < fs->nrows && !placed; r++)
        if (bs->key_row && bs->key_row[r] == row) {
          mk.row = r;
          mk.col = col - 1;
          placed = true;
        }
    } else {
      for (size_t r = 0; r < bs->nrows && !placed; r++)
        if (bs->rows[r] == row)
          for (size_t c = 0; c < fs->ncols && !placed; c++)
            if (bs->col_of[c] == col) {
              mk.row = r;
              mk.col = (unsigned)c;
              placed = true;
            }
    }
    if (!placed) continue;
    xc_buf m;
    xc_buf_init(&m, 0);
    xc_buf_printf(&m, "%s: %s", d->rule, d->msg_vi);
    if (d->hint_vi[0]) xc_buf_printf(&m, "\nCách sửa: %s", d->hint_vi);
    if (m.nomem) f->nomem = true;
    mk.msg = fdup(f, xc_buf_str(&m), m.len);
    xc_buf_free(&m);
    f->marks[f->nmarks++] = mk;
  }
}

static void extract(xc_unit_file *f, const xc_model *m, const xc_binding *b, xc_reader *rd) {
  const xc_ruleset *rs = f->rs;
  f->keyed = falloc(f, rs->nsheets * sizeof *f->keyed);
  f->lists = falloc(f, rs->nsheets * sizeof *f->lists);
  f->list_rows = falloc(f, rs->nsheets * sizeof *f->list_rows);
  if (f->nomem) return;
  for (size_t s = 0; s < rs->nsheets && !f->nomem; s++) {
    const xc_form_sheet *fs = &rs->sheets[s];
    const xc_bound *bs = &b->sheets[s];
    f->keyed[s] = NULL;
    f->lists[s] = NULL;
    f->list_rows[s] = 0;
    if (fs->type == XC_SHEET_KEYED) {
      uint32_t cols[MAX_KCOLS];
      size_t nk = keyed_columns(fs, cols, MAX_KCOLS);
      f->keyed[s] = falloc(f, (fs->nrows * nk + 1) * sizeof(xc_ucell));
      if (!f->keyed[s]) return;
      memset(f->keyed[s], 0, fs->nrows * nk * sizeof(xc_ucell));
      for (size_t r = 0; r < fs->nrows; r++)
        for (size_t k = 0; k < nk; k++) {
          xc_ucell *u = &f->keyed[s][r * nk + k];
          uint32_t row = bs->ws >= 0 && bs->key_row ? bs->key_row[r] : 0;
          if (!row) continue;
          xc_rval v = xc_reader_keyed(rd, (int)s, r, cols[k]);
          keep_cell(f, m, bs->ws, row, cols[k], &v, m->wb->date1904, u);
        }
    } else if (bs->ws >= 0) {
      size_t nr = bs->nrows, nc = fs->ncols;
      f->list_rows[s] = nr;
      f->lists[s] = falloc(f, (nr * nc + 1) * sizeof(xc_lcell));
      if (!f->lists[s]) return;
      for (size_t r = 0; r < nr; r++)
        for (size_t c = 0; c < nc; c++) {
          xc_rval v = xc_reader_list(rd, (int)s, bs->rows[r], c);
          xc_ucell u;
          memset(&u, 0, sizeof u);
          keep_cell(f, m, bs->ws, bs->rows[r], bs->col_of[c], &v, m->wb->date1904, &u);
          pack_lcell(&u, &f->lists[s][r * nc + c]);
        }
    }
  }
}

/* One memo of match keys per worker, kept across its files (labels repeat);
 * started afresh past KEYS_MAX texts so memory stays bounded. */
#define KEYS_MAX 200000

static void read_one(xc_merge *mg, const xc_merge_opts *o, xc_unit_file *f, xc_keycache **keys) {
  if (f->data) {
    sha256_mem(f->data, f->data_len, f->sha256);
    f->size = f->data_len;
  } else {
    errno = 0;
    FILE *fp = xc_fopen_regular(f->path, NULL); /* never /dev/zero or a FIFO */
    if (fp) {
      sha256_stream(fp, f->sha256, &f->size);
      fclose(fp);
    } else if (errno == ENOMEM) { /* the file's stream found no memory: the merge fails */
      f->nomem = true;
      return;
    }
  }
  xc_error err;
  memset(&err, 0, sizeof err);
  xc_workbook *wb = f->data ? xc_workbook_open_mem(f->data, f->data_len, o->limits, &err)
                            : xc_workbook_open(f->path, o->limits, &err);
  xc_model *m = wb ? xc_model_load(wb, 0, &err) : NULL;
  if (!m && err.code == XC_ERR_NOMEM) { /* no memory is no fault of the file: the merge fails */
    f->nomem = true;
    xc_workbook_free(wb);
    return;
  }
  if (!m) {
    xc_buf vi, en;
    xc_buf_init(&vi, 0);
    xc_buf_init(&en, 0);
    xc_buf_printf(&vi, "Không đọc được tệp: %s%s%s%s", xc_strerror(err.code, XC_LANG_VI),
                  err.detail[0] ? " (" : "", err.detail, err.detail[0] ? ")" : "");
    xc_buf_printf(&en, "The file cannot be read: %s%s%s%s", xc_strerror(err.code, XC_LANG_EN),
                  err.detail[0] ? " (" : "", err.detail, err.detail[0] ? ")" : "");
    merge_diag(&f->diags, f->path, "", "", NULL, NULL, "FILE", XC_SEV_ERROR, xc_buf_str(&vi),
               xc_buf_str(&en), xc_err_todo(err.code, XC_LANG_VI), xc_err_todo(err.code, XC_LANG_EN),
               NULL, NULL);
    xc_buf_free(&vi);
    xc_buf_free(&en);
    f->status = XC_ST_UNREADABLE;
    xc_workbook_free(wb);
    return;
  }
  f->readable = true;
  if (*keys && xc_keycache_count(*keys) > KEYS_MAX) {
    xc_keycache_free(*keys);
    *keys = NULL;
  }
  if (!*keys) *keys = xc_keycache_new();
  xc_ident id;
  bool known = *keys && xc_identify_model(&id, mg->rulesets, mg->nrulesets, o->forced, mg->registries, m, *keys,
                                          f->path, o->lang, &f->arena);
  if (!*keys || (!known && id.nomem)) {
    if (*keys) xc_ident_free(&id);
    f->nomem = true;
    xc_model_free(m);
    xc_workbook_free(wb);
    return;
  }
  if (!known) {
    f->status = XC_ST_LEFT_OUT;
    f->note_vi = "không nhận ra biểu mẫu";
    f->note_en = "the form is not recognised";
    merge_diag(&f->diags, f->path, "", "", NULL, NULL, "G-1", XC_SEV_ERROR,
               "Không nhận ra biểu mẫu: tệp không có trang nào của các biểu mẫu đã biết",
               "The form is not recognised: none of the known forms' sheets",
               "Gửi đúng tệp báo cáo, điền trên biểu mẫu chính thức", "Send the report itself, on the official form",
               NULL, NULL);
    xc_model_free(m);
    xc_workbook_free(wb);
    return;
  }
  f->rs = id.rs;
  f->unit_text = id.unit_text;
  f->province_text = id.province_text;
  f->period_text = id.period_text;
  f->period = id.period;
  f->unit = id.unit;
  xc_binding *b = id.b;
  xc_reader *rd = id.rd;
  if (!xc_check_run_shared(f->rs, m, b, &id.co, &f->diags, rd)) f->nomem = true; /* each cell parsed once for both */
  f->errors = f->diags.errors;
  f->warnings = f->diags.warnings;
  if (!f->nomem) extract(f, m, b, rd);
  if (!f->nomem && xc_reader_nomem(rd)) f->nomem = true;
  if (!f->nomem) place_marks(f, b);
  xc_ident_free(&id);
  xc_model_free(m);
  xc_workbook_free(wb);
}

static void *worker(void *arg) {
  pool *p = arg;
  xc_keycache *keys = NULL;
  for (;;) {
    size_t i = atomic_fetch_add(&p->next, 1);
    if (i >= p->mg->nfiles) break;
    read_one(p->mg, p->o, &p->mg->files[i], &keys);
    size_t done = atomic_fetch_add(&p->done, 1) + 1;
    if (p->o->progress) p->o->progress(p->o->progress_ctx, done, p->mg->nfiles, p->mg->files[i].path);
  }
  if (keys) xc_keycache_free(keys);
  return NULL;
}

/* ---- inputs ---------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool spreadsheet_name(const char *name) {
  size_t n = strlen(name);
  if (name[0] == '.' || name[0] == '~') return false; /* hidden files, Excel's lock files */
  const char *ext[] = {".xlsx", ".xlsm", ".xls", ".XLSX", ".XLSM", ".XLS"};
  for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
    size_t k = strlen(ext[i]);
    if (n > k && strcmp(name + n - k, ext[i]) == 0) return true;
  }
  return false;
}

/* Files and folders (their spreadsheet files, by name) -> paths. */
/* Room for one more path in out and *mem; false when memory runs out. */
static bool inputs_room(char ***out, const xc_merge_input ***mem, size_t k, size_t *cap) {
  if (k < *cap) return true;
  char **o = xc_try_realloc(*out, *cap * 2 * sizeof **out);
  if (o) *out = o;
  const xc_merge_input **m = o ? xc_try_realloc(*mem, *cap * 2 * sizeof **mem) : NULL;
  if (m) *mem = m;
  if (!o || !m) return false;
  *cap *= 2;
  return true;
}

/* Files and folders (their spreadsheet files, by name) -> paths; a memory
 * input keeps its index (*mem[k]: the input, or NULL for a path).  NULL
 * (err->nomem set) when memory runs out. */
static char **expand_inputs(const xc_merge_input *inputs, size_t n, size_t *out_n,
                            const xc_merge_input ***mem, xc_errtext *err) {
  size_t cap = 16, k = 0;
  *out_n = 0;
  char **out = xc_try_malloc(cap * sizeof *out);
  *mem = xc_try_malloc(cap * sizeof **mem);
  if (!out || !*mem) goto nomem;
  for (size_t i = 0; i < n; i++) {
    const char *in = inputs[i].path;
    struct stat st;
    if (in && stat(in, &st) == 0 && S_ISDIR(st.st_mode)) {
      DIR *d = opendir(in);
      if (!d && errno == ENOMEM) goto nomem;
      if (!d) {
        int e = errno;
        XC_ERRTEXT_PRINTF(err, "%s: %s", in,
                          e == EACCES ? xc_msg(XC_L, "không có quyền đọc thư mục", "no permission to read the folder")
                                      : strerror(e));
        continue;
      }
      size_t first = k;
      struct dirent *de;
      while ((de = readdir(d))) {
        if (!spreadsheet_name(de->d_name)) continue;
        size_t len = strlen(in) + strlen(de->d_name) + 2;
        if (!inputs_room(&out, mem, k, &cap) || !(out[k] = xc_try_malloc(len))) {
          closedir(d);
          goto nomem;
        }
        bool slash = in[strlen(in) - 1] == '/';
        snprintf(out[k], len, "%s%s%s", in, slash ? "" : "/", de->d_name);
        struct stat fst; /* regular files only: no FIFO, device or folder named .xlsx */
        if (stat(out[k], &fst) != 0 || !S_ISREG(fst.st_mode)) {
          free(out[k]);
          continue;
        }
        (*mem)[k] = NULL;
        k++;
      }
      closedir(d);
      qsort(out + first, k - first, sizeof *out, cmp_str);
    } else {
      const char *name = in ? in : inputs[i].name ? inputs[i].name : "";
      if (!inputs_room(&out, mem, k, &cap) || !(out[k] = xc_try_malloc(strlen(name) + 1))) goto nomem;
      strcpy(out[k], name);
      (*mem)[k] = in ? NULL : &inputs[i];
      k++;
    }
  }
  *out_n = k;
  return out;
nomem:
  for (size_t i = 0; out && i < k; i++) free(out[i]);
  free(out);
  free(*mem);
  *mem = NULL;
  err->nomem = true;
  return NULL;
}

/* ---- the merge-set checks (M-1 … M-5) ------------------------------------- */

static const char *unit_name(const xc_merge *mg, const xc_unit_file *f) {
  return f->unit >= 0 ? mg->units->units[f->unit].official_name : f->unit_text;
}

static void leave_out(xc_unit_file *f, const char *vi, const char *en) {
  f->status = XC_ST_LEFT_OUT;
  if (!f->note_vi || !f->note_vi[0]) {
    f->note_vi = vi;
    f->note_en = en;
  }
}

/* The period most files state (the merge's period), "" when none. */
static const char *majority_period(xc_merge *mg) {
  /* the distinct periods in order of first appearance (a handful), counted;
   * the first of the most frequent wins */
  typedef struct {
    const char *period;
    size_t n;
  } tally;
  tally few[8], *all = few;
  size_t nt = 0, cap = sizeof few / sizeof *few;
  for (size_t i = 0; i < mg->nfiles; i++) {
    const xc_unit_file *f = &mg->files[i];
    if (f->rs != mg->rs || !f->period[0]) continue;
    size_t k = 0;
    while (k < nt && strcmp(all[k].period, f->period) != 0) k++;
    if (k == nt) {
      if (nt == cap) {
        tally *more = xc_try_malloc(2 * cap * sizeof *more);
        if (!more) { /* out of memory: the majority among those counted so far */
          mg->nomem = true;
          break;
        }
        memcpy(more, all, nt * sizeof *more);
        if (all != few) free(all);
        all = more;
        cap *= 2;
      }
      all[nt++] = (tally){f->period, 0};
    }
    all[k].n++;
  }
  const char *best = "";
  size_t best_n = 0;
  for (size_t k = 0; k < nt; k++)
    if (all[k].n > best_n) best = all[k].period, best_n = all[k].n;
  if (all != few) free(all);
  return best;
}

/* A merge-set finding about file f, with the messages built in vi and en
 * (emptied afterwards for the next one). */
static void say(xc_unit_file *f, const char *sheet, const char *key, const char *rule, xc_severity sev,
                xc_buf *vi, xc_buf *en, const char *hint_vi, const char *hint_en, const char *actual,
                const char *expected) {
  merge_diag(&f->diags, f->path, f->unit_text, sheet, NULL, key, rule, sev, xc_buf_str(vi), xc_buf_str(en),
             hint_vi, hint_en, actual, expected);
  xc_buf_clear(vi);
  xc_buf_clear(en);
}

static void set_checks(xc_merge *mg, const xc_merge_opts *o) {
  const char *ti = "Thông tin";
  int tis = xc_ruleset_sheet(mg->rs, XC_INFO_SHEET);
  if (tis >= 0) ti = mg->rs->sheets[tis].name;
  mg->period = majority_period(mg);
  xc_buf pk, fk, vi, en;
  xc_buf_init(&pk, 0);
  xc_buf_init(&fk, 0);
  xc_buf_init(&vi, 0);
  xc_buf_init(&en, 0);
  xc_units_province_key(mg->province, strlen(mg->province), &pk);
  for (size_t i = 0; i < mg->nfiles; i++) {
    xc_unit_file *f = &mg->files[i];
    if (!f->readable || f->status == XC_ST_LEFT_OUT) continue;
    if (f->rs != mg->rs) {
      leave_out(f, "biểu mẫu khác với các tệp còn lại", "another form than the other files");
      xc_buf_printf(&vi, "Tệp theo biểu mẫu \"%s\", không phải \"%s\" như các tệp được tổng hợp; không tổng hợp",
                    f->rs->form_title ? f->rs->form_title : f->rs->form_id,
                    mg->rs->form_title ? mg->rs->form_title : mg->rs->form_id);
      xc_buf_printf(&en, "The file follows the form \"%s\", not \"%s\" like the files merged; left out",
                    f->rs->form_id, mg->rs->form_id);
      say(f, "", NULL, "M-2", XC_SEV_ERROR, &vi, &en, "Tổng hợp riêng từng loại báo cáo", "Merge each kind of report separately",
                 NULL, NULL);
      continue;
    }
    /* M-3: the province (said with M-1 too when the unit is also foreign) */
    xc_buf_clear(&fk);
    xc_units_province_key(f->province_text, strlen(f->province_text), &fk);
    bool other_province = f->province_text[0] && strcmp(xc_buf_str(&fk), xc_buf_str(&pk)) != 0;
    /* M-1: the unit resolves to the registry */
    if (f->unit < 0) {
      if (other_province)
        leave_out(f, "đơn vị không thuộc danh mục của tỉnh; tỉnh khác",
                  "the unit is not one of the province's; another province");
      else
        leave_out(f, "đơn vị không thuộc danh mục của tỉnh", "the unit is not one of the province's");
      if (!f->unit_text[0]) {
        xc_buf_printf(&vi, "Không có tên đơn vị (Thông tin, dòng 1); không tổng hợp");
        xc_buf_printf(&en, "No unit name (Thông tin, row 1); left out");
      } else {
        xc_buf_printf(&vi, "Đơn vị \"%s\" không thuộc danh mục đơn vị của tỉnh %s; không tổng hợp", f->unit_text,
                      mg->province);
        xc_buf_printf(&en, "Unit \"%s\" is not a unit of %s province; left out", f->unit_text, mg->province);
      }
      say(f, ti, "1", "M-1", XC_SEV_ERROR, &vi, &en, "Ghi đúng tên đơn vị theo danh mục (ví dụ: Huyện Đắk Hà), hoặc dùng --units với danh mục của tỉnh khác",
                 "Write the unit's official name (e.g. Huyện Đắk Hà), or pass --units with another province's registry",
                 f->unit_text, NULL);
      if (other_province) {
        xc_buf_printf(&vi, "Tệp ghi tỉnh \"%s\", không phải %s; không tổng hợp", f->province_text, mg->province);
        xc_buf_printf(&en, "The file says province \"%s\", not %s; left out", f->province_text, mg->province);
        say(f, ti, "2", "M-3", XC_SEV_ERROR, &vi, &en, "Sửa dòng Tỉnh của trang Thông tin, hoặc tổng hợp tệp này cùng các tệp của tỉnh đó",
            "Correct the Tỉnh row of Thông tin, or merge this file with that province's files", f->province_text,
            mg->province);
      }
      continue;
    }
    if (other_province) {
      leave_out(f, "tỉnh khác", "another province");
      xc_buf_printf(&vi, "Tệp ghi tỉnh \"%s\", không phải %s; không tổng hợp", f->province_text, mg->province);
      xc_buf_printf(&en, "The file says province \"%s\", not %s; left out", f->province_text, mg->province);
      say(f, ti, "2", "M-3", XC_SEV_ERROR, &vi, &en, "Sửa dòng Tỉnh của trang Thông tin", "Correct the Tỉnh row of Thông tin",
                 f->province_text, mg->province);
      continue;
    }
    /* M-2: the period */
    if (strcmp(f->period, mg->period) != 0) {
      leave_out(f, "kỳ báo cáo khác", "another period");
      xc_buf_printf(&vi, "Kỳ báo cáo \"%s\" khác kỳ đang tổng hợp (%s); không tổng hợp", f->period_text, mg->period);
      xc_buf_printf(&en, "Period \"%s\" is not the period merged (%s); left out", f->period_text, mg->period);
      say(f, ti, "3", "M-2", XC_SEV_ERROR, &vi, &en, "Gửi tệp báo cáo của đúng kỳ, hoặc sửa dòng Kỳ báo cáo",
                 "Send the report of the right period, or correct the Kỳ báo cáo row", f->period_text, mg->period);
      continue;
    }
  }
  /* M-1: two files for one unit (the first named is kept) */
  for (size_t i = 0; i < mg->units->n; i++) mg->unit_file[i] = -1;
  for (size_t i = 0; i < mg->nfiles; i++) {
    xc_unit_file *f = &mg->files[i];
    if (!f->readable || f->status == XC_ST_LEFT_OUT || f->unit < 0) continue;
    long first = mg->unit_file[f->unit];
    if (first < 0) {
      mg->unit_file[f->unit] = (long)i;
      continue;
    }
    leave_out(f, "trùng đơn vị với tệp khác", "the same unit as another file");
    xc_buf_printf(&vi, "Hai tệp cho cùng đơn vị %s: tệp này và %s; chỉ tổng hợp %s", unit_name(mg, f),
                  mg->files[first].path, mg->files[first].path);
    xc_buf_printf(&en, "Two files for unit %s: this one and %s; only %s is merged", unit_name(mg, f),
                  mg->files[first].path, mg->files[first].path);
    say(f, ti, "1", "M-1", XC_SEV_ERROR, &vi, &en, "Bỏ tệp thừa hoặc sửa tên đơn vị ở trang Thông tin",
               "Remove the extra file or correct the unit on Thông tin", f->unit_text, NULL);
  }
  /* M-5: files with errors: merged and flagged, or left out with --strict */
  for (size_t i = 0; i < mg->nfiles; i++) {
    xc_unit_file *f = &mg->files[i];
    if (!f->readable || f->status == XC_ST_LEFT_OUT) continue;
    if (f->errors == 0) {
      f->status = XC_ST_MERGED;
      continue;
    }
    if (o->strict) {
      leave_out(f, "có lỗi (--strict)", "has errors (--strict)");
      xc_buf_printf(&vi, "Tệp có %zu lỗi nên không được tổng hợp (--strict)", f->errors);
      xc_buf_printf(&en, "The file has %zu error(s) and is left out (--strict)", f->errors);
    } else {
      f->status = XC_ST_MERGED_ERRORS;
      xc_buf_printf(&vi, "Tệp có %zu lỗi nhưng vẫn được tổng hợp; số liệu tỉnh có thể sai theo", f->errors);
      xc_buf_printf(&en, "The file has %zu error(s) and was merged; the province figures may be wrong with it",
                    f->errors);
    }
    say(f, "", NULL, "M-5", XC_SEV_WARNING, &vi, &en, "Đơn vị sửa các lỗi đã nêu và gửi lại tệp", "The unit fixes the errors and sends the file again",
               NULL, NULL);
  }
  /* who is merged, in registry order */
  mg->order = mgalloc(mg, (mg->units->n ? mg->units->n : 1) * sizeof *mg->order);
  if (!mg->order) {
    xc_buf_free(&pk);
    xc_buf_free(&fk);
    xc_buf_free(&vi);
    xc_buf_free(&en);
    return;
  }
  for (size_t u = 0; u < mg->units->n; u++) {
    long fi = mg->unit_file[u];
    if (fi >= 0 && (mg->files[fi].status == XC_ST_MERGED || mg->files[fi].status == XC_ST_MERGED_ERRORS))
      mg->order[mg->nmerged++] = (size_t)fi;
    else
      mg->unit_file[u] = fi >= 0 && mg->files[fi].status == XC_ST_LEFT_OUT ? -2 - fi : -1;
  }
  /* M-4: units without a file */
  size_t missing = 0;
  xc_buf names;
  xc_buf_init(&names, 0);
  for (size_t u = 0; u < mg->units->n; u++)
    if (mg->unit_file[u] < 0) {
      xc_buf_printf(&names, "%s%s", missing ? ", " : "", mg->units->units[u].official_name);
      missing++;
    }
  if (missing) {
    xc_buf_printf(&vi, "Chỉ tổng hợp %zu/%zu đơn vị; thiếu: %s", mg->nmerged, mg->units->n, xc_buf_str(&names));
    xc_buf_printf(&en, "Only %zu of %zu units merged; missing: %s", mg->nmerged, mg->units->n, xc_buf_str(&names));
    merge_diag(&mg->log, "", "", "", NULL, NULL, "M-4", XC_SEV_WARNING, xc_buf_str(&vi), xc_buf_str(&en),
               "Đề nghị các đơn vị còn thiếu gửi báo cáo rồi tổng hợp lại",
               "Ask the missing units for their reports and merge again", NULL, NULL);
  }
  xc_buf_free(&names);
  xc_buf_free(&pk);
  xc_buf_free(&fk);
  xc_buf_free(&vi);
  xc_buf_free(&en);
}

/* ---- province values ------------------------------------------------------ */

/* The unit's cell in the value column (D) of a keyed row. */
static const xc_ucell *unit_cell(const xc_merge *mg, const xc_unit_file *f, int s, size_t r) {
  int k = xc_merge_kcol(mg, s, xc_bind_value_col(&mg->rs->sheets[s], NULL));
  return &f->keyed[s][r * mg->kcols[s] + (size_t)(k < 0 ? 0 : k)];
}

static const xc_rval *uval(const xc_merge *mg, const xc_unit_file *f, int s, size_t r) {
  return &unit_cell(mg, f, s, r)->v;
}

static void set_num(xc_ucell *c, xc_dec d) {
  memset(c, 0, sizeof *c);
  c->v.kind = XC_RV_NUM;
  c->v.num = d;
  c->raw = XC_FW_NUMBER;
  c->number = xc_dec_to_double(d);
}

static void set_text(xc_merge *mg, xc_ucell *c, const char *s) {
  memset(c, 0, sizeof *c);
  c->v.kind = XC_RV_TEXT;
  c->v.text = c->text = mgdups(mg, s);
  c->v.len = strlen(s);
  c->raw = XC_FW_TEXT;
}

/* "k1,k2,…" of an agg's parentheses -> the i-th argument (copied into out). */
static bool agg_arg(const char *agg, size_t i, char *out, size_t cap) {
  const char *p = strchr(agg, '(');
  if (!p) return false;
  p++;
  for (size_t k = 0;; k++) {
    const char *e = p + strcspn(p, ",)");
    if (k == i) {
      size_t n = (size_t)(e - p);
      if (n >= cap || n == 0) return false;
      memcpy(out, p, n);
      out[n] = '\0';
      return true;
    }
    if (*e != ',') return false;
    p = e + 1;
  }
}

static int row_of(const xc_form_sheet *fs, const char *key) {
  const xc_spec_row *sr = xc_form_sheet_row(fs, key);
  return sr ? (int)(sr - fs->rows) : -1;
}

/* distinct(filter): the number of distinct procedures (first 8 characters
 * of Mã TTHC) over the merged units' Danh mục rows that pass the filter;
 * also the largest count a single unit's list gives (M-6). */
typedef struct {
  size_t col;    /* spec column */
  bool gt_zero;  /* COL>0 */
  char vals[4][32];
  xc_dec nums[4]; /* vals[k] as a number, when has_num[k] */
  bool has_num[4];
  size_t nvals;
} dfilter;

static size_t parse_filter(const xc_form_sheet *ls, const char *agg, dfilter *fl, size_t cap) {
  const char *p = strchr(agg, '(');
  if (!p) return 0;
  char buf[256];
  snprintf(buf, sizeof buf, "%s", p + 1);
  char *close = strrchr(buf, ')');
  if (close) *close = '\0';
  size_t n = 0;
  for (char *save = NULL, *part = strtok_r(buf, ";", &save); part && n < cap; part = strtok_r(NULL, ";", &save)) {
    dfilter f;
    memset(&f, 0, sizeof f);
    char *op = strpbrk(part, "=>");
    if (!op) continue;
    f.gt_zero = *op == '>';
    *op = '\0';
    const xc_spec_col *sc = xc_form_sheet_col(ls, part);
    if (!sc) continue;
    f.col = (size_t)(sc - ls->cols);
    if (!f.gt_zero)
      for (char *s2 = NULL, *v = strtok_r(op + 1, ",", &s2); v && f.nvals < 4; v = strtok_r(NULL, ",", &s2)) {
        size_t k = f.nvals++;
        snprintf(f.vals[k], sizeof f.vals[0], "%s", v);
        f.has_num[k] = xc_dec_parse_plain(f.vals[k], strlen(f.vals[k]), &f.nums[k]);
      }
    fl[n++] = f;
  }
  return n;
}

static bool row_passes(const xc_lcell *row, const dfilter *fl, size_t nf) {
  for (size_t i = 0; i < nf; i++) {
    const xc_lcell *c = &row[fl[i].col];
    if (fl[i].gt_zero) {
      if (c->kind != XC_RV_NUM || c->m <= 0) return false; /* the mantissa's sign is the value's */
      continue;
    }
    bool hit = false;
    for (size_t k = 0; k < fl[i].nvals && !hit; k++) {
      if (c->kind == XC_RV_TEXT) hit = strcmp(c->text, fl[i].vals[k]) == 0;
      else if (c->kind == XC_RV_NUM) hit = fl[i].has_num[k] && xc_dec_eq(fl[i].nums[k], (xc_dec){c->m, c->e});
    }
    if (!hit) return false;
  }
  return true;
}

/* The number of distinct values among keys[0..n) (a set by open
 * addressing: a national list has hundreds of thousands of rows); SIZE_MAX
 * when memory runs out. */
static size_t count_distinct(const uint64_t *keys, size_t n) {
  size_t cap = 16;
  unsigned bits = 4;
  while (cap < 2 * n) cap <<= 1, bits++;
  uint64_t *set = xc_try_calloc(cap, sizeof *set); /* 0: free (the key 0 is counted apart) */
  if (!set) return SIZE_MAX;
  size_t distinct = 0;
  bool zero = false;
  for (size_t i = 0; i < n; i++) {
    uint64_t k = keys[i];
    if (!k) {
      distinct += !zero;
      zero = true;
      continue;
    }
    size_t h = (size_t)((k * 0x9E3779B97F4A7C15ull) >> (64 - bits));
    while (set[h] && set[h] != k) h = (h + 1) & (cap - 1);
    if (!set[h]) set[h] = k, distinct++;
  }
  free(set);
  return distinct;
}

/* A keyed row aggregated by distinct(filter), and the identities of the
 * list rows that pass its filter. */
typedef struct {
  int s;
  size_t r;
  dfilter fl[8];
  size_t nf;
  uint64_t *keys; /* the first 8 bytes of Mã TTHC (d.dddddd) packed into one
                   * number, zero bytes after a shorter text */
  size_t n, cap;
} distinct_row;

/* Every distinct(…) row, in one pass over the merged units' Danh mục rows
 * (a national list is hundreds of megabytes: read once, not once per
 * row).  false when memory ran out (the caller says so: this runs beside
 * the other rows, in a thread of its own). */
static bool merge_distinct_rows(xc_merge *mg) {
  const xc_ruleset *rs = mg->rs;
  int dm = xc_ruleset_sheet(rs, "DM");
  if (dm < 0) return true;
  const xc_form_sheet *ls = &rs->sheets[dm];
  const xc_spec_col *ma = xc_form_sheet_col(ls, "MA");
  if (!ma) return true;
  size_t mac = (size_t)(ma - ls->cols), nc = ls->ncols;
  size_t nd = 0;
  for (size_t s = 0; s < rs->nsheets; s++)
    for (size_t r = 0; rs->sheets[s].type == XC_SHEET_KEYED && r < rs->sheets[s].nrows; r++)
      nd += rs->sheets[s].rows[r].agg && agg_is(rs->sheets[s].rows[r].agg, "distinct");
  if (!nd) return true;
  distinct_row *dr = xc_try_calloc(nd, sizeof *dr);
  if (!dr) return false;
  nd = 0;
  for (size_t s = 0; s < rs->nsheets; s++)
    for (size_t r = 0; rs->sheets[s].type == XC_SHEET_KEYED && r < rs->sheets[s].nrows; r++) {
      const char *agg = rs->sheets[s].rows[r].agg;
      if (!agg || !agg_is(agg, "distinct")) continue;
      dr[nd].s = (int)s;
      dr[nd].r = r;
      dr[nd].nf = parse_filter(ls, agg, dr[nd].fl, 8);
      nd++;
    }
  bool any_list = false, ok = true;
  for (size_t i = 0; i < mg->nmerged && ok; i++) {
    const xc_unit_file *f = &mg->files[mg->order[i]];
    if (f->lists[dm]) any_list = true;
    for (size_t k = 0; k < f->list_rows[dm] && ok; k++) {
      const xc_lcell *row = &f->lists[dm][k * nc];
      if (row[mac].kind != XC_RV_TEXT) continue;
      uint64_t key = 0;
      memcpy(&key, row[mac].text, strnlen(row[mac].text, 8));
      for (size_t d = 0; d < nd && ok; d++) {
        distinct_row *x = &dr[d];
        if (!row_passes(row, x->fl, x->nf)) continue;
        if (x->n == x->cap) {
          size_t cap = x->cap ? x->cap * 2 : 1024;
          uint64_t *more = xc_try_realloc(x->keys, cap * sizeof *more);
          if (!more) {
            ok = false;
            break;
          }
          x->keys = more;
          x->cap = cap;
        }
        x->keys[x->n++] = key;
      }
    }
    /* M-6: the unit's own value of each row */
    for (size_t d = 0; d < nd; d++) {
      int s = dr[d].s;
      size_t r = dr[d].r;
      const xc_rval *uv = uval(mg, f, s, r);
      if (uv->kind == XC_RV_NUM && (!mg->has_max[s][r] || xc_dec_cmp(uv->num, mg->unit_max[s][r]) > 0)) {
        mg->unit_max[s][r] = uv->num;
        mg->has_max[s][r] = true;
      }
    }
  }
  for (size_t d = 0; d < nd; d++) {
    size_t distinct = ok ? count_distinct(dr[d].keys, dr[d].n) : SIZE_MAX;
    if (distinct == SIZE_MAX) ok = false;
    else if (any_list) set_num(&mg->prov[dr[d].s][dr[d].r], xc_dec_from_int((int64_t)distinct));
    mg->computed[dr[d].s][dr[d].r] = false; /* M-6 checks it, not M-7 */
    free(dr[d].keys);
  }
  free(dr);
  return ok;
}

static void merge_row_basic(xc_merge *mg, int s, size_t r) {
  const xc_form_sheet *fs = &mg->rs->sheets[s];
  const xc_spec_row *sr = &fs->rows[r];
  const char *agg = sr->agg;
  xc_ucell *out = &mg->prov[s][r];
  if (agg_is(agg, "sum")) {
    xc_dec acc = xc_dec_from_int(0);
    bool any = false, ok = true;
    for (size_t i = 0; i < mg->nmerged; i++) {
      const xc_rval *v = uval(mg, &mg->files[mg->order[i]], s, r);
      if (v->kind != XC_RV_NUM) continue;
      any = true;
      if (xc_dec_add(acc, v->num, &acc) != XC_DEC_OK) ok = false;
    }
    if (any && ok) set_num(out, acc);
    mg->computed[s][r] = ok;
  } else if (agg_is(agg, "count_of")) {
    char arg[32];
    xc_dec code;
    if (!agg_arg(agg, 0, arg, sizeof arg) || !xc_dec_parse_plain(arg, strlen(arg), &code)) return;
    int64_t n = 0;
    for (size_t i = 0; i < mg->nmerged; i++) {
      const xc_rval *v = uval(mg, &mg->files[mg->order[i]], s, r);
      if (v->kind == XC_RV_NUM && xc_dec_eq(v->num, code)) n++;
    }
    set_num(out, xc_dec_from_int(n));
    mg->computed[s][r] = true;
  } else if (agg_is(agg, "mean")) {
    xc_dec acc = xc_dec_from_int(0);
    int64_t n = 0;
    bool ok = true;
    for (size_t i = 0; i < mg->nmerged; i++) {
      const xc_rval *v = uval(mg, &mg->files[mg->order[i]], s, r);
      if (v->kind != XC_RV_NUM) continue;
      n++;
      if (xc_dec_add(acc, v->num, &acc) != XC_DEC_OK) ok = false;
    }
    xc_dec q;
    if (n && ok && xc_dec_div_round(acc, xc_dec_from_int(n), 2, &q) == XC_DEC_OK) set_num(out, xc_dec_norm(q));
    mg->computed[s][r] = ok;
  } else if (agg_is(agg, "concat")) {
    xc_buf b, t;
    xc_buf_init(&b, 0);
    xc_buf_init(&t, 0);
    for (size_t i = 0; i < mg->nmerged; i++) {
      const xc_unit_file *f = &mg->files[mg->order[i]];
      const xc_rval *v = uval(mg, f, s, r);
      xc_buf_clear(&t);
      if (v->kind == XC_RV_NUM) xc_dec_format_vi(&t, v->num, -1);
      else if (v->kind == XC_RV_TEXT) xc_buf_add(&t, v->text, v->len);
      if (!t.len) continue;
      xc_buf_printf(&b, "%s%s: %s", b.len ? "; " : "", mg->units->units[f->unit].base_name, xc_buf_str(&t));
    }
    if (b.len) set_text(mg, out, xc_buf_str(&b));
    xc_buf_free(&b);
    xc_buf_free(&t);
  } else if (agg_is(agg, "same")) {
    /* kept in canonical form: the province, the period; else the first value */
    bool info = strcmp(fs->id, XC_INFO_SHEET) == 0;
    if (info && strcmp(sr->key, XC_INFO_PROVINCE) == 0) set_text(mg, out, mg->province);
    else if (info && strcmp(sr->key, XC_INFO_PERIOD) == 0 && mg->period[0]) set_text(mg, out, mg->period);
    else
      for (size_t i = 0; i < mg->nmerged; i++) {
        const xc_ucell *c = unit_cell(mg, &mg->files[mg->order[i]], s, r);
        const xc_rval *v = uval(mg, &mg->files[mg->order[i]], s, r);
        if (v->kind == XC_RV_BLANK || v->kind == XC_RV_SKIP) continue;
        *out = *c;
        break;
      }
  } /* "distinct": distinct_rows */
}

/* The rows aggregated by distinct(…), each over every list row of every
 * merged unit: the longest part of the province's values, done in a
 * thread beside the other rows (they share nothing but what they read). */
typedef struct {
  xc_merge *mg;
  bool nomem;
} distinct_job;

static void *distinct_rows(void *arg) {
  distinct_job *j = arg;
  j->nomem = !merge_distinct_rows(j->mg);
  return NULL;
}

static void merge_row_derived(xc_merge *mg, int s, size_t r, bool ratios) {
  const xc_form_sheet *fs = &mg->rs->sheets[s];
  const char *agg = fs->rows[r].agg;
  xc_ucell *out = &mg->prov[s][r];
  char a[32], b[32];
  if (!ratios && agg_is(agg, "sum_of")) {
    xc_dec acc = xc_dec_from_int(0);
    bool any = false, ok = true;
    for (size_t i = 0; agg_arg(agg, i, a, sizeof a); i++) {
      int k = row_of(fs, a);
      if (k < 0 || mg->prov[s][k].v.kind != XC_RV_NUM) continue;
      any = true;
      if (xc_dec_add(acc, mg->prov[s][k].v.num, &acc) != XC_DEC_OK) ok = false;
    }
    if (any && ok) set_num(out, acc);
    mg->computed[s][r] = ok;
  } else if (ratios && agg_is(agg, "ratio")) {
    mg->computed[s][r] = true;
    if (!agg_arg(agg, 0, a, sizeof a) || !agg_arg(agg, 1, b, sizeof b)) return;
    int kn = row_of(fs, a), kd = strcmp(b, "@n") == 0 ? -2 : row_of(fs, b);
    if (kn < 0 || kd == -1 || mg->prov[s][kn].v.kind != XC_RV_NUM) return;
    xc_dec den = kd == -2 ? xc_dec_from_int((int64_t)mg->nmerged) : mg->prov[s][kd].v.num;
    if (kd >= 0 && mg->prov[s][kd].v.kind != XC_RV_NUM) return;
    if (xc_dec_is_zero(den)) return;
    xc_dec num, q;
    if (xc_dec_mul(mg->prov[s][kn].v.num, xc_dec_from_int(100), &num) != XC_DEC_OK) return;
    if (xc_dec_div_round(num, den, 2, &q) == XC_DEC_OK) set_num(out, xc_dec_norm(q));
  }
}

static void province_values(xc_merge *mg) {
  const xc_ruleset *rs = mg->rs;
  mg->prov = mgalloc(mg, rs->nsheets * sizeof *mg->prov);
  mg->computed = mgalloc(mg, rs->nsheets * sizeof *mg->computed);
  mg->unit_max = mgalloc(mg, rs->nsheets * sizeof *mg->unit_max);
  mg->has_max = mgalloc(mg, rs->nsheets * sizeof *mg->has_max);
  for (size_t s = 0; s < rs->nsheets && !mg->nomem; s++) {
    size_t n = rs->sheets[s].type == XC_SHEET_KEYED ? rs->sheets[s].nrows : 0;
    mg->prov[s] = mgalloc(mg, (n ? n : 1) * sizeof **mg->prov);
    mg->computed[s] = mgalloc(mg, (n ? n : 1) * sizeof **mg->computed);
    mg->unit_max[s] = mgalloc(mg, (n ? n : 1) * sizeof **mg->unit_max);
    mg->has_max[s] = mgalloc(mg, (n ? n : 1) * sizeof **mg->has_max);
    if (mg->nomem) return;
    memset(mg->prov[s], 0, (n ? n : 1) * sizeof **mg->prov);
    memset(mg->computed[s], 0, (n ? n : 1) * sizeof **mg->computed);
    memset(mg->has_max[s], 0, (n ? n : 1) * sizeof **mg->has_max);
  }
  if (mg->nomem) return;
  distinct_job dj = {mg, false};
  pthread_t dth;
  bool apart = pthread_create(&dth, NULL, distinct_rows, &dj) == 0;
  if (!apart) distinct_rows(&dj); /* no thread: here, first */
  for (int pass = 0; pass < 3 && !mg->nomem; pass++) {
    for (size_t s = 0; s < rs->nsheets; s++) {
      if (rs->sheets[s].type != XC_SHEET_KEYED) continue;
      for (size_t r = 0; r < rs->sheets[s].nrows; r++) {
        if (!rs->sheets[s].rows[r].agg) continue;
        if (pass == 0) merge_row_basic(mg, (int)s, r);
        else merge_row_derived(mg, (int)s, r, pass == 2);
      }
    }
    if (pass == 0 && apart) pthread_join(dth, NULL), apart = false; /* the derived rows read them */
    if (pass == 0 && dj.nomem) mg->nomem = true;
  }
  if (apart) pthread_join(dth, NULL); /* memory ran out in pass 0: not left running */
  /* Thông tin: the province is the unit (README §6); the note lists the units merged */
  int ti = xc_ruleset_sheet(rs, XC_INFO_SHEET);
  int r1 = ti >= 0 ? row_of(&rs->sheets[ti], XC_INFO_UNIT) : -1;
  if (r1 >= 0) {
    xc_buf b;
    xc_buf_init(&b, 0);
    xc_buf_printf(&b, "Tỉnh %s", mg->province);
    if (b.nomem) mg->nomem = true;
    set_text(mg, &mg->prov[ti][r1], xc_buf_str(&b));
    xc_buf_free(&b);
  }
}

/* ---- the PAR-index ranking -------------------------------------------------- */

static int vcol_named(const xc_form_sheet *fs, const char *name) {
  for (size_t q = 0; q < fs->nvcols; q++)
    if (strcmp(fs->vcol_names[q], name) == 0) return (int)xc_col_number(fs->vcol_letters[q]);
  return -1;
}

static const xc_rval *kval(const xc_merge *mg, const xc_unit_file *f, int s, size_t r, int colno) {
  int k = colno > 0 ? xc_merge_kcol(mg, s, (uint32_t)colno) : -1;
  return k < 0 ? NULL : &f->keyed[s][r * mg->kcols[s] + (size_t)k].v;
}

static bool spec_number(const char *text, xc_dec *out) {
  xc_value v;
  xc_value_parse_text(text, strlen(text), &v);
  if (v.kind != XC_V_NUMBER) return false;
  *out = v.num;
  return true;
}

static int cmp_rank(const void *a, const void *b) {
  const xc_rank_line *x = a, *y = b;
  if (x->has_index != y->has_index) return x->has_index ? -1 : 1;
  if (x->has_index) {
    int c = xc_dec_cmp(y->index, x->index);
    if (c) return c;
  }
  return x->file < y->file ? -1 : x->file > y->file;
}

/* Index = appraisal / maximum × 100 (forms README §4): the maximum is the
 * sum of the level-1 maxima the form prints, minus the maxima of criteria
 * marked not evaluated (a marked parent covers its children); the appraisal
 * is the total row's, or the sum of the level-1 rows when it is blank. */
static void par_ranking(xc_merge *mg) {
  mg->cs_sheet = -1;
  const xc_ruleset *rs = mg->rs;
  for (size_t s = 0; s < rs->nsheets; s++)
    if (rs->sheets[s].type == XC_SHEET_KEYED && vcol_named(&rs->sheets[s], "appraisal") > 0 &&
        vcol_named(&rs->sheets[s], "excluded") > 0)
      mg->cs_sheet = (int)s;
  if (mg->cs_sheet < 0) return;
  int s = mg->cs_sheet;
  const xc_form_sheet *fs = &rs->sheets[s];
  int c_app = vcol_named(fs, "appraisal"), c_self = vcol_named(fs, "self"), c_exc = vcol_named(fs, "excluded");
  mg->fields = mgalloc(mg, (fs->nrows + 1) * sizeof *mg->fields);
  if (!mg->fields) return;
  int total = -1;
  for (size_t r = 0; r < fs->nrows; r++) {
    if (fs->rows[r].parent && strcmp(fs->rows[r].parent, "T") == 0) mg->fields[mg->nfields++] = r;
    if (!fs->rows[r].parent || !fs->rows[r].parent[0]) total = (int)r;
  }
  mg->ranking = mgalloc(mg, (mg->nmerged + 1) * sizeof *mg->ranking);
  if (!mg->ranking) return;
  for (size_t i = 0; i < mg->nmerged; i++) {
    const xc_unit_file *f = &mg->files[mg->order[i]];
    xc_rank_line *L = &mg->ranking[i];
    memset(L, 0, sizeof *L);
    L->file = mg->order[i];
    L->fields = mgalloc(mg, (mg->nfields + 1) * sizeof *L->fields);
    L->has_field = mgalloc(mg, (mg->nfields + 1) * sizeof *L->has_field);
    if (mg->nomem) return;
    xc_dec max = xc_dec_from_int(0), app = xc_dec_from_int(0), self = xc_dec_from_int(0);
    bool ok = true;
    for (size_t k = 0; k < mg->nfields; k++) {
      size_t r = mg->fields[k];
      xc_dec m;
      if (spec_number(fs->rows[r].max, &m) && xc_dec_add(max, m, &max) != XC_DEC_OK) ok = false;
      const xc_rval *a = kval(mg, f, s, r, c_app), *sv = kval(mg, f, s, r, c_self);
      L->has_field[k] = a && a->kind == XC_RV_NUM;
      L->fields[k] = L->has_field[k] ? a->num : xc_dec_from_int(0);
      if (L->has_field[k] && xc_dec_add(app, a->num, &app) != XC_DEC_OK) ok = false;
      if (sv && sv->kind == XC_RV_NUM && xc_dec_add(self, sv->num, &self) != XC_DEC_OK) ok = false;
    }
    for (size_t r = 0; r < fs->nrows; r++) {
      const xc_rval *x = kval(mg, f, s, r, c_exc);
      if (!fs->rows[r].can_exclude || !x || x->kind == XC_RV_BLANK || x->kind == XC_RV_SKIP) continue;
      const xc_spec_row *par = fs->rows[r].parent ? xc_form_sheet_row(fs, fs->rows[r].parent) : NULL;
      const xc_rval *px = par ? kval(mg, f, s, (size_t)(par - fs->rows), c_exc) : NULL;
      if (par && par->can_exclude && px && px->kind != XC_RV_BLANK && px->kind != XC_RV_SKIP) continue;
      xc_dec m;
      if (spec_number(fs->rows[r].max, &m) && xc_dec_sub(max, m, &max) != XC_DEC_OK) ok = false;
    }
    if (total >= 0) { /* the total row's scores, when stated */
      const xc_rval *a = kval(mg, f, s, (size_t)total, c_app), *sv = kval(mg, f, s, (size_t)total, c_self);
      if (a && a->kind == XC_RV_NUM) app = a->num;
      if (sv && sv->kind == XC_RV_NUM) self = sv->num;
    }
    L->max = max;
    L->self = self;
    L->appraisal = app;
    xc_dec hundred, q;
    L->has_index = ok && !xc_dec_is_zero(max) && xc_dec_mul(app, xc_dec_from_int(100), &hundred) == XC_DEC_OK &&
                   xc_dec_div_round(hundred, max, 2, &q) == XC_DEC_OK;
    if (L->has_index) L->index = xc_dec_norm(q);
  }
  qsort(mg->ranking, mg->nmerged, sizeof *mg->ranking, cmp_rank);
  for (size_t i = 0; i < mg->nmerged; i++) {
    xc_rank_line *L = &mg->ranking[i];
    if (i && L->has_index && mg->ranking[i - 1].has_index && xc_dec_cmp(L->index, mg->ranking[i - 1].index) == 0)
      L->rank = mg->ranking[i - 1].rank;
    else
      L->rank = i + 1;
  }
}

bool xc_merge_mean(const xc_merge *mg, int s, size_t r, uint32_t colno, xc_dec *out) {
  xc_dec acc = xc_dec_from_int(0);
  int64_t n = 0;
  for (size_t i = 0; i < mg->nmerged; i++) {
    const xc_rval *v = kval(mg, &mg->files[mg->order[i]], s, r, (int)colno);
    if (!v || v->kind != XC_RV_NUM) continue;
    if (xc_dec_add(acc, v->num, &acc) != XC_DEC_OK) return false;
    n++;
  }
  xc_dec q;
  if (!n || xc_dec_div_round(acc, xc_dec_from_int(n), 2, &q) != XC_DEC_OK) return false;
  *out = xc_dec_norm(q);
  return true;
}

static bool view_recomputed(const void *ctx, int sheet, size_t spec, xc_dec *out, bool *blank) {
  const xc_merge *mg = ctx;
  if (!mg->computed[sheet][spec]) return false;
  const xc_ucell *c = &mg->prov[sheet][spec];
  *blank = c->v.kind != XC_RV_NUM;
  if (!*blank) *out = c->v.num;
  return true;
}

static bool view_unit_max(const void *ctx, int sheet, size_t spec, xc_dec *out) {
  const xc_merge *mg = ctx;
  if (!mg->has_max[sheet][spec]) return false;
  *out = mg->unit_max[sheet][spec];
  return true;
}

/* ---- the run -------------------------------------------------------------- */

static int cpu_count(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

int xc_merge_kcol(const xc_merge *mg, int sheet, uint32_t colno) {
  for (size_t k = 0; k < mg->kcols[sheet]; k++)
    if (mg->kcolno[sheet][k] == colno) return (int)k;
  return -1;
}

/* The merge's end when memory ran out: err->nomem, and false (the caller
 * frees mg as after any failure). */
static bool merge_nomem(xc_merge *mg, xc_errtext *err) {
  mg->nomem = true;
  err->nomem = true;
  xc_errtext_clear(err);
  return false;
}

bool xc_merge_run(xc_merge *mg, const xc_merge_input *inputs, size_t ninputs, const xc_merge_opts *o,
                  xc_errtext *err) {
  memset(mg, 0, sizeof *mg);
  struct timespec t0; /* for the phase's wall time (XC_TRACE_TIMING) */
  clock_gettime(CLOCK_MONOTONIC, &t0);
  xc_arena_init(&mg->arena);
  xc_diags_init(&mg->log);
  mg->rulesets = o->rulesets;
  mg->nrulesets = o->nrulesets;
  mg->units_path = o->units_path;
  mg->units = o->units;
  if (!mg->units || !mg->nrulesets) {
    xc_errtext_add(err, "không có danh mục đơn vị: các tệp luật không khai báo (units \"…\"); dùng --units TỆP",
                   "no units registry: the rulesets name none (units \"…\"); use --units FILE");
    return false;
  }
  mg->registries = mgalloc(mg, mg->nrulesets * sizeof *mg->registries);
  mg->unit_file = mgalloc(mg, (mg->units->n ? mg->units->n : 1) * sizeof *mg->unit_file);
  if (mg->nomem) return merge_nomem(mg, err);
  for (size_t r = 0; r < mg->nrulesets; r++) mg->registries[r] = mg->units;
  size_t np;
  const xc_merge_input **mem;
  char **paths = expand_inputs(inputs, ninputs, &np, &mem, err);
  if (!paths) return merge_nomem(mg, err);
  if (np == 0) {
    free(paths);
    free(mem);
    XC_ERRTEXT_PRINTF(err, "%s", xc_msg(XC_L, "không có tệp bảng tính (.xlsx, .xlsm, .xls) nào trong các thư mục đã cho",
                                    "no spreadsheet file (.xlsx, .xlsm, .xls) in the folders given"));
    return false;
  }
  mg->files = xc_try_calloc(np ? np : 1, sizeof *mg->files);
  if (!mg->files) {
    for (size_t i = 0; i < np; i++) free(paths[i]);
    free(paths);
    free(mem);
    return merge_nomem(mg, err);
  }
  mg->nfiles = np;
  for (size_t i = 0; i < np; i++) {
    xc_unit_file *f = &mg->files[i];
    xc_arena_init(&f->arena);
    xc_diags_init(&f->diags);
    f->path = mgdups(mg, paths[i]);
    if (mem[i]) {
      f->data = mem[i]->data;
      f->data_len = mem[i]->len;
    }
    f->unit = -1;
    f->unit_text = f->province_text = f->period_text = f->period = "";
    f->note_vi = f->note_en = "";
    free(paths[i]);
  }
  free(paths);
  free(mem);
  if (mg->nomem) return merge_nomem(mg, err);
  /* read and check every file, on every core */
  pool p;
  p.mg = mg;
  p.o = o;
  atomic_init(&p.next, 0);
  atomic_init(&p.done, 0);
  int nt = o->threads > 0 ? o->threads : cpu_count();
  tzset(); /* libzip reads the time zone; settle it before the threads start */
  if ((size_t)nt > np) nt = np ? (int)np : 1;
  pthread_t th[8];
  int started = 0;
  for (int t = 1; t < nt && t < 8; t++)
    if (pthread_create(&th[started], NULL, worker, &p) == 0) started++;
  worker(&p);
  for (int t = 0; t < started; t++) pthread_join(th[t], NULL);
  for (size_t i = 0; i < np; i++)
    if (mg->files[i].nomem || mg->files[i].diags.nomem) return merge_nomem(mg, err);
  /* the form merged: the one most readable files follow */
  size_t best_n = 0;
  for (size_t r = 0; r < mg->nrulesets; r++) {
    size_t n = 0;
    for (size_t i = 0; i < np; i++) n += mg->files[i].rs == mg->rulesets[r];
    if (n > best_n) best_n = n, mg->rs = mg->rulesets[r];
  }
  if (!mg->rs) {
    XC_ERRTEXT_PRINTF(err, "%s", xc_msg(XC_L, "không có tệp nào đọc được theo một biểu mẫu đã biết",
                                    "no file could be read as one of the known forms"));
    mg->rs = mg->rulesets[0];
  }
  mg->province = mg->rs->province ? mg->rs->province : "";
  mg->kcols = mgalloc(mg, mg->rs->nsheets * sizeof *mg->kcols);
  mg->kcolno = mgalloc(mg, mg->rs->nsheets * sizeof *mg->kcolno);
  if (mg->nomem) return merge_nomem(mg, err);
  for (size_t s = 0; s < mg->rs->nsheets; s++) {
    if (!(mg->kcolno[s] = mgalloc(mg, MAX_KCOLS * sizeof **mg->kcolno))) return merge_nomem(mg, err);
    mg->kcols[s] = mg->rs->sheets[s].type == XC_SHEET_KEYED ? keyed_columns(&mg->rs->sheets[s], mg->kcolno[s], MAX_KCOLS) : 0;
  }
  if (xc_tracing(o->limits, XC_TRACE_TIMING)) {
    size_t kept = 0, diag = 0;
    for (size_t i = 0; i < np; i++) kept += mg->files[i].arena.used_total, diag += mg->files[i].diags.arena.used_total;
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    xc_trace(o->limits, XC_TRACE_TIMING,
             "xlsxcheck: timing: %zu files read in %.3f s; kept %.1f KB per file (+ %.1f KB of findings)", np,
             (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
             np ? (double)kept / 1024.0 / (double)np : 0.0, np ? (double)diag / 1024.0 / (double)np : 0.0);
  }
  set_checks(mg, o);
  if (!mg->nomem) province_values(mg);
  if (!mg->nomem) par_ranking(mg);
  if (mg->nomem || mg->log.nomem) return merge_nomem(mg, err);
  for (size_t i = 0; i < np; i++)
    if (mg->files[i].nomem || mg->files[i].diags.nomem) return merge_nomem(mg, err);
  if (xc_tracing(o->limits, XC_TRACE_TIMING)) {
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    xc_trace(o->limits, XC_TRACE_TIMING, "xlsxcheck: timing: province values in %.3f s",
             (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
  }
  static const char *const added[] = {XC_MERGE_OVERVIEW_SHEET, XC_MERGE_DETAIL_SHEET, XC_MERGE_LOG_SHEET, XC_MERGE_RANK_SHEET, NULL};
  mg->view.nfiles = mg->nmerged;
  mg->view.extra_sheets = added;
  mg->view.ctx = mg;
  mg->view.recomputed = view_recomputed;
  mg->view.unit_max = view_unit_max;
  return best_n > 0;
}

void xc_merge_free(xc_merge *mg) {
  for (size_t i = 0; i < mg->nfiles; i++) {
    xc_diags_free(&mg->files[i].diags);
    xc_arena_free(&mg->files[i].arena);
  }
  free(mg->files);
  xc_diags_free(&mg->log);
  xc_arena_free(&mg->arena);
  memset(mg, 0, sizeof *mg);
}

const char *xc_merge_status_name(xc_file_status st, xc_lang L) {
  switch (st) {
    case XC_ST_MERGED: return xc_msg(L, "Đã tổng hợp", "Merged");
    case XC_ST_MERGED_ERRORS: return xc_msg(L, "Đã tổng hợp, có lỗi", "Merged with errors");
    case XC_ST_LEFT_OUT: return xc_msg(L, "Không tổng hợp", "Left out");
    default: return xc_msg(L, "Không đọc được", "Unreadable");
  }
}

const char *xc_merge_no_copy_note(xc_lang L) {
  return xc_msg(L, "không có lỗi — không cần bản đánh dấu", "no findings — no annotated copy needed");
}

const char *xc_merge_copy_text(const xc_merge *mg, const xc_unit_file *f, xc_lang L) {
  if (f->copy) return f->copy;
  if (f->readable && f->rs == mg->rs && f->diags.n == 0) return xc_merge_no_copy_note(L);
  return "";
}
