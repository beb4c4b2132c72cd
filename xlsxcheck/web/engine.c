/* engine.c: the library behind the pages and the API (engine.h).  Each call
 * loads the rulesets afresh (a few milliseconds) so requests share nothing;
 * the workbook writers (annotated copy, bundle) take turns, because the
 * bundle forks its writers and libxlsxwriter serialises its closes. */
#include "engine.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "../bind.h"
#include "../bundle.h"
#include "../check.h"
#include "../legacy.h"
#include "../merge.h"
#include "../model.h"
#include "../msg.h"
#include "../report.h"
#include "../workbook.h"

static pthread_mutex_t writers = PTHREAD_MUTEX_INITIALIZER;
/* The ruleset parser keeps its arena in a static while it parses: one parse
 * at a time (the merge parses them too). */
static pthread_mutex_t parsing = PTHREAD_MUTEX_INITIALIZER;

/* ---- where the data files are ------------------------------------------ */

/* s into out, or false when it does not fit. */
static bool put(char *out, size_t cap, const char *s) {
  size_t n = strlen(s);
  if (n >= cap) return false;
  memcpy(out, s, n + 1);
  return true;
}

static bool has_rulesets(const char *dir) {
  char p[PATH_MAX + 16];
  snprintf(p, sizeof p, "%s/rulesets", dir);
  return access(p, R_OK | X_OK) == 0;
}

bool xc_web_engine_init(xc_web_config *cfg) {
  const char *env = getenv("XLSXCHECK_RULESETS");
  char cand[PATH_MAX];
  cfg->share_dir[0] = '\0';
  if (env && *env) {
    if (!put(cand, sizeof cand - 32, env)) cand[0] = '\0';
    char *slash = strrchr(cand, '/');
    if (slash) *slash = '\0';
    else snprintf(cand, sizeof cand, ".");
    if (has_rulesets(cand)) put(cfg->share_dir, sizeof cfg->share_dir, cand);
  }
  char exe[PATH_MAX - 64];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (!cfg->share_dir[0] && n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) *slash = '\0';
    const char *tails[] = {"/../share/xlsxcheck", "/..", NULL};
    for (size_t i = 0; tails[i] && !cfg->share_dir[0]; i++) {
      snprintf(cand, sizeof cand, "%s%s", exe, tails[i]);
      char real[PATH_MAX];
      if (has_rulesets(cand) && realpath(cand, real)) put(cfg->share_dir, sizeof cfg->share_dir, real);
    }
  }
#ifdef XC_DATADIR
  if (!cfg->share_dir[0] && has_rulesets(XC_DATADIR)) put(cfg->share_dir, sizeof cfg->share_dir, XC_DATADIR);
#endif
  char here[PATH_MAX];
  if (!cfg->share_dir[0] && has_rulesets(".") && realpath(".", here)) put(cfg->share_dir, sizeof cfg->share_dir, here);
  if (!cfg->share_dir[0]) {
    fprintf(stderr, "xlsxcheck serve: không tìm thấy thư mục luật (rulesets/) / rulesets folder not found\n");
    return false;
  }
  xc_web_rulesets rl;
  if (!xc_web_rulesets_load(cfg, &rl)) {
    fprintf(stderr, "xlsxcheck serve: %s/rulesets: không đọc được các tệp luật / the rulesets cannot be read\n",
            cfg->share_dir);
    return false;
  }
  xc_web_rulesets_free(&rl);
  /* the legacy-encoding tables are built on first use: build them now, alone */
  xc_buf warm;
  xc_buf_init(&warm, 0);
  xc_legacy_decode(XC_LEGACY_TCVN3, "\xb5", 1, &warm);
  xc_legacy_decode(XC_LEGACY_VNI, "a\xf8", 2, &warm);
  xc_buf_free(&warm);
  return true;
}

void xc_web_engine_free(void) {}

static void rules_dir(const xc_web_config *cfg, char *out, size_t cap) {
  if (snprintf(out, cap, "%s/rulesets", cfg->share_dir) >= (int)cap) out[0] = '\0';
}

bool xc_web_rulesets_load(const xc_web_config *cfg, xc_web_rulesets *out) {
  char dir[PATH_MAX];
  rules_dir(cfg, dir, sizeof dir);
  xc_buf err;
  xc_buf_init(&err, 0);
  pthread_mutex_lock(&parsing);
  out->items = xc_rulesets_load(NULL, dir, &out->n, &err);
  pthread_mutex_unlock(&parsing);
  xc_buf_free(&err);
  return out->items != NULL;
}

void xc_web_rulesets_free(xc_web_rulesets *rl) {
  for (size_t i = 0; rl->items && i < rl->n; i++) xc_ruleset_free(rl->items[i]);
  free(rl->items);
  rl->items = NULL;
  rl->n = 0;
}

/* ---- check -------------------------------------------------------------------- */

static char *dup_or_empty(const char *s) { return strdup(s ? s : ""); }

/* The scope a ruleset checks a single file in (as the command line). */
static unsigned file_scope(const xc_ruleset *rs) {
  for (size_t i = 0; i < rs->nrules; i++)
    if ((rs->rules[i].scopes & (XC_SCOPE_D | XC_SCOPE_P | XC_SCOPE_A)) == XC_SCOPE_A) return XC_SCOPE_A;
  return XC_SCOPE_D;
}

/* A text row of the Thông tin sheet (1: the unit, 3: the period). */
static char *info_text(const xc_ruleset *rs, const xc_model *m, const xc_binding *b, const char *key) {
  int ti = xc_ruleset_sheet(rs, "TI");
  if (ti < 0 || b->sheets[ti].ws < 0) return strdup("");
  const xc_form_sheet *fs = &rs->sheets[ti];
  const xc_spec_row *sr = xc_form_sheet_row(fs, key);
  if (!sr) return strdup("");
  uint32_t row = b->sheets[ti].key_row[sr - fs->rows];
  const xc_mcell *mc = row ? xc_msheet_cell(&m->sheets[b->sheets[ti].ws], row, 4) : NULL;
  if (mc && mc->cell.type == XC_CV_STRING) return strndup(mc->cell.text, mc->cell.len);
  return strdup("");
}

/* The command line's message about an unreadable file, in memory. */
static char *error_message(const char *name, const xc_error *e, xc_lang lang) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f) return strdup("");
  xc_msg_error(f, name, e, lang);
  fclose(f);
  return text;
}

static double ms_since(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

void xc_web_check(const xc_web_config *cfg, const char *path, const char *name, xc_lang lang, xc_web_checked *out) {
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  memset(out, 0, sizeof *out);
  out->name = name;
  xc_diags_init(&out->diags);
  xc_web_rulesets rl;
  if (!xc_web_rulesets_load(cfg, &rl)) {
    out->error_text = strdup(xc_msg(lang, "máy chủ không đọc được các tệp luật", "the server cannot read its rulesets"));
    goto done;
  }
  xc_error err;
  memset(&err, 0, sizeof err);
  xc_workbook *wb = xc_workbook_open(path, &cfg->limits, &err);
  xc_model *m = wb ? xc_model_load(wb, 0, &err) : NULL;
  if (!m) {
    out->error_text = error_message(name, &err, lang);
    xc_workbook_free(wb);
    xc_web_rulesets_free(&rl);
    goto done;
  }
  size_t best = 0, best_score = 0;
  for (size_t r = 0; r < rl.n; r++) {
    size_t sc = xc_bind_score(rl.items[r], wb);
    if (sc > best_score) best = r, best_score = sc;
  }
  if (best_score == 0) {
    xc_buf b;
    xc_buf_init(&b, 0);
    xc_buf_printf(&b, "xlsxcheck: %s: %s: %s\n", xc_msg(lang, "lỗi", "error"), name,
                  xc_msg(lang, "không nhận ra biểu mẫu (không có trang nào của các biểu mẫu đã biết); dùng --rules để chỉ định",
                         "the form is not recognised (none of the known forms' sheets); use --rules to name it"));
    out->error_text = strdup(xc_buf_str(&b));
    xc_buf_free(&b);
  } else {
    const xc_ruleset *rs = rl.items[best];
    xc_binding *b = xc_bind(rs, m);
    out->readable = true;
    out->form_id = dup_or_empty(rs->form_id);
    out->form_title = dup_or_empty(rs->form_title);
    out->unit = info_text(rs, m, b, "1");
    out->period = info_text(rs, m, b, "3");
    xc_check_opts opts = {name, out->unit, file_scope(rs), lang, NULL, NULL};
    xc_check_run(rs, m, b, &opts, &out->diags);
    xc_diags_sort(&out->diags);
    xc_binding_free(b);
  }
  xc_model_free(m);
  xc_workbook_free(wb);
  xc_web_rulesets_free(&rl);
done:
  if (!out->form_id) out->form_id = strdup("");
  if (!out->form_title) out->form_title = strdup("");
  if (!out->unit) out->unit = strdup("");
  if (!out->period) out->period = strdup("");
  out->ms = ms_since(&t0);
}

void xc_web_checked_free(xc_web_checked *c) {
  free(c->error_text);
  free(c->form_id);
  free(c->form_title);
  free(c->unit);
  free(c->period);
  xc_diags_free(&c->diags);
  memset(c, 0, sizeof *c);
}

static void report_into(const xc_diags *d, xc_report_format fmt, xc_lang lang, xc_buf *out) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f) return;
  xc_report(f, d, fmt, lang);
  fclose(f);
  xc_buf_add(out, text, len);
  free(text);
}

void xc_web_check_json(const xc_web_checked *c, xc_lang lang, xc_buf *out) {
  if (c->readable) {
    report_into(&c->diags, XC_FMT_JSON, lang, out);
    while (out->len && (out->data[out->len - 1] == '\n')) out->data[--out->len] = '\0';
    return;
  }
  xc_buf_adds(out, "{\"file\": ");
  xc_json_str(out, c->name);
  xc_buf_adds(out, ", \"error\": ");
  xc_json_str(out, c->error_text ? c->error_text : "");
  xc_buf_adds(out, ", \"errors\": 0, \"warnings\": 0, \"findings\": []}");
}

void xc_web_check_csv(const xc_web_checked *c, xc_lang lang, xc_buf *out) {
  report_into(&c->diags, XC_FMT_CSV, lang, out);
}

/* ---- the annotated workbook, explain, merge ------------------------------- */

/* s with every `from` replaced by `to`, in the arena; s itself when absent. */
static const char *replace_in(xc_arena *a, const char *s, const char *from, const char *to) {
  if (!s || !strstr(s, from)) return s;
  xc_buf b;
  xc_buf_init(&b, 0);
  size_t fl = strlen(from);
  for (const char *p = s, *hit; *p; p = hit + fl) {
    hit = strstr(p, from);
    if (!hit) {
      xc_buf_adds(&b, p);
      break;
    }
    xc_buf_add(&b, p, (size_t)(hit - p));
    xc_buf_adds(&b, to);
    if (!hit[fl]) break;
  }
  const char *out = xc_arena_strndup(a, xc_buf_str(&b), b.len);
  xc_buf_free(&b);
  return out;
}

/* The merge knows its inputs by path; people know them by the uploaded name. */
static void rename_inputs(xc_merge *mg, char **paths, char **names, size_t n) {
  for (size_t i = 0; i < mg->nfiles; i++) {
    xc_unit_file *f = &mg->files[i];
    for (size_t k = 0; k < n; k++) {
      if (strcmp(f->path, paths[k]) != 0) continue;
      xc_diags *lists[2] = {&f->diags, &mg->log};
      for (size_t l = 0; l < 2; l++)
        for (size_t d = 0; d < lists[l]->n; d++) {
          xc_diag *x = &lists[l]->items[d];
          if (x->file && strcmp(x->file, paths[k]) == 0) x->file = names[k];
          x->msg_vi = replace_in(&lists[l]->arena, x->msg_vi, paths[k], names[k]);
          x->msg_en = replace_in(&lists[l]->arena, x->msg_en, paths[k], names[k]);
        }
      f->note_vi = replace_in(&mg->arena, f->note_vi, paths[k], names[k]);
      f->note_en = replace_in(&mg->arena, f->note_en, paths[k], names[k]);
      f->path = names[k];
      break;
    }
  }
}

bool xc_web_annotate(const xc_web_config *cfg, const char *path, const char *name, xc_lang lang,
                     const char *out_path, xc_buf *err) {
  char dir[PATH_MAX];
  rules_dir(cfg, dir, sizeof dir);
  xc_merge_opts mo = {NULL, dir, NULL, false, lang, &cfg->limits, 1};
  xc_merge mg;
  char *paths[1] = {(char *)path}, *names[1] = {(char *)name};
  pthread_mutex_lock(&parsing);
  bool ok = xc_merge_run(&mg, paths, 1, &mo, err);
  pthread_mutex_unlock(&parsing);
  if (!ok) return false;
  rename_inputs(&mg, paths, names, 1);
  pthread_mutex_lock(&writers);
  ok = xc_bundle_unit_write(&mg, 0, dir, out_path, lang, err);
  pthread_mutex_unlock(&writers);
  xc_merge_free(&mg);
  return ok;
}

xc_explain *xc_web_explain(const xc_web_config *cfg, const char *path, const char *name, xc_lang lang) {
  xc_web_rulesets rl;
  bool have = xc_web_rulesets_load(cfg, &rl);
  xc_explain *x = xc_explain_file(path, have ? rl.items : NULL, have ? rl.n : 0, false, &cfg->limits, lang);
  if (have) xc_web_rulesets_free(&rl);
  /* the explanation speaks of the file by the name its sender knows */
  x->file = name;
  for (size_t i = 0; i < x->n; i++) {
    xc_fact *f = &x->facts[i];
    f->vi = replace_in(&x->arena, f->vi, path, name);
    f->en = replace_in(&x->arena, f->en, path, name);
    f->where = replace_in(&x->arena, f->where, path, name);
    for (size_t k = 0; k < f->nsteps; k++) {
      f->steps_vi[k] = replace_in(&x->arena, f->steps_vi[k], path, name);
      f->steps_en[k] = replace_in(&x->arena, f->steps_en[k], path, name);
    }
  }
  return x;
}

void xc_web_explain_json(const xc_explain *x, xc_lang lang, xc_buf *out) {
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f) return;
  xc_explain_render(f, x, true, lang);
  fclose(f);
  xc_buf_add(out, text, len);
  free(text);
}

bool xc_web_merge_run(const xc_web_config *cfg, char **paths, char **names, size_t n, xc_lang lang, bool strict,
                      const char *out_zip, xc_web_merged *out, xc_buf *err) {
  char dir[PATH_MAX];
  rules_dir(cfg, dir, sizeof dir);
  memset(out, 0, sizeof *out);
  xc_merge_opts mo = {NULL, dir, NULL, strict, lang, &cfg->limits, 1};
  pthread_mutex_lock(&parsing);
  bool ran = xc_merge_run(&out->mg, paths, n, &mo, err);
  pthread_mutex_unlock(&parsing);
  if (!ran) return false;
  out->have_mg = true;
  rename_inputs(&out->mg, paths, names, n);
  if (out->mg.nmerged == 0) {
    xc_buf_adds(err, xc_msg(lang, "không có tệp nào tổng hợp được", "no file could be merged"));
    return false;
  }
  xc_bundle_opts bo = {out_zip, dir, lang, &cfg->limits, 1};
  pthread_mutex_lock(&writers);
  bool ok = xc_bundle_write(&out->mg, &bo, &out->res, err);
  pthread_mutex_unlock(&writers);
  return ok;
}

void xc_web_merged_free(xc_web_merged *m) {
  if (m->have_mg) xc_merge_free(&m->mg);
  m->have_mg = false;
}
