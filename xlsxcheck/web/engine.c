/* engine.c: the library behind the pages and the API (engine.h), through
 * xlsxcheck.h where it has the call (check, explain) and the merge's own
 * header where the pages need the merge itself.  The library is opened once
 * at start and shared read-only by the requests' threads; the workbook
 * writers (annotated copy, bundle) take turns, because the bundle forks its
 * writers and libxlsxwriter serialises its closes. */
#include "engine.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "../datadir.h"
#include "../bind.h"
#include "../bundle.h"
#include "../check.h"
#include "../checkjson.h"
#include "../legacy.h"
#include "../merge.h"
#include "../model.h"
#include "../msg.h"
#include "../report.h"
#include "../workbook.h"
#include "../xlsxcheck.h"

static pthread_mutex_t writers = PTHREAD_MUTEX_INITIALIZER;
/* The library (rulesets and registries) is opened once at start and shared
 * read-only by every request's thread (xlsxcheck.h: an xc_lib belongs to
 * all threads). */
static xc_lib *lib_shared;
static xc_lib *open_lib_fresh(const xc_web_config *cfg);

/* ---- where the data files are ------------------------------------------ */


bool xc_web_engine_init(xc_web_config *cfg) {
  /* the one data folder lookup (datadir.h): $XLSXCHECK_DATA, beside the binary, compiled in */
  cfg->share_dir[0] = '\0';
  xc_buf looked;
  xc_buf_init(&looked, 0);
  bool found = xc_datadir_find(NULL, getenv("XLSXCHECK_DATA"), cfg->share_dir, sizeof cfg->share_dir, &looked);
  if (!found) {
    fprintf(stderr, "xlsxcheck serve: không tìm thấy thư mục dữ liệu (rulesets/) / data folder (rulesets/) not found:\n%s",
            xc_buf_str(&looked));
    xc_buf_free(&looked);
    return false;
  }
  xc_buf_free(&looked);
  xc_web_rulesets rl;
  if (!xc_web_rulesets_load(cfg, &rl)) {
    fprintf(stderr, "xlsxcheck serve: %s/rulesets: không đọc được các tệp luật / the rulesets cannot be read\n",
            cfg->share_dir);
    return false;
  }
  xc_web_rulesets_free(&rl);
  lib_shared = open_lib_fresh(cfg);
  if (!lib_shared) {
    fprintf(stderr, "xlsxcheck serve: %s/rulesets: không mở được thư viện luật / the rulesets cannot be opened\n",
            cfg->share_dir);
    return false;
  }
  /* the legacy-encoding tables are built on first use: build them now, alone */
  xc_buf warm;
  xc_buf_init(&warm, 0);
  xc_legacy_decode(XC_LEGACY_TCVN3, "\xb5", 1, &warm);
  xc_legacy_decode(XC_LEGACY_VNI, "a\xf8", 2, &warm);
  xc_buf_free(&warm);
  return true;
}

void xc_web_engine_free(void) {
  xc_lib_free(lib_shared);
  lib_shared = NULL;
}

static void rules_dir(const xc_web_config *cfg, char *out, size_t cap) {
  if (snprintf(out, cap, "%s/rulesets", cfg->share_dir) >= (int)cap) out[0] = '\0';
}

bool xc_web_rulesets_load(const xc_web_config *cfg, xc_web_rulesets *out) {
  char dir[PATH_MAX];
  rules_dir(cfg, dir, sizeof dir);
  xc_buf err;
  xc_buf_init(&err, 0);
  out->items = xc_rulesets_load(NULL, dir, &out->n, &err); /* the parser is reentrant */
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

/* The library over the server's rulesets folder (and their registry). */
static xc_lib *open_lib_fresh(const xc_web_config *cfg) {
  char dir[PATH_MAX];
  rules_dir(cfg, dir, sizeof dir);
  xc_lib_opts o;
  xc_lib_opts_default(&o);
  o.rulesets_dir = dir;
  o.limits = cfg->limits;
  return xc_lib_open(&o, NULL);
}

static xc_lib *open_lib(const xc_web_config *cfg) {
  (void)cfg;
  return lib_shared;
}

static void release_lib(xc_lib *lib) { (void)lib; }

/* The command line's message about an unreadable file, in memory. */
static char *error_message(const char *name, const xc_error *e, xc_lang lang) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_msg_error(&b, name, e, lang);
  char *text = strdup(xc_buf_str(&b));
  xc_buf_free(&b);
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
  xc_lib *lib = open_lib(cfg);
  if (!lib) {
    out->error_text = strdup(xc_msg(lang, "máy chủ không đọc được các tệp luật", "the server cannot read its rulesets"));
    goto done;
  }
  xc_status st = {0};
  xc_input *in = xc_input_open(lib, path, name, &st);
  const xc_identity *id = in ? xc_identify(in, &st) : NULL; /* the one decision of form, unit, period */
  if (!id) {
    out->error_text = error_message(name, &st.where, lang);
  } else {
    out->unit_code = dup_or_empty(id->unit_code);
    out->unit_name = dup_or_empty(id->unit_name);
    out->period_canon = dup_or_empty(id->period);
    if (!id->recognised) {
      xc_buf b;
      xc_buf_init(&b, 0);
      xc_identify_status(in, &st);
      xc_buf_printf(&b, "xlsxcheck: %s: %s: %s\n", xc_msg(lang, "lỗi", "error"), name, xc_status_text(&st, lang));
      out->error_text = strdup(xc_buf_str(&b));
      xc_buf_free(&b);
    } else if (xc_check(in, lang, &out->diags, &st) == XC_OK) {
      out->readable = true;
      out->form_id = dup_or_empty(id->form_id);
      out->form_title = dup_or_empty(id->form_title);
      out->unit = dup_or_empty(id->unit_text);
      out->period = dup_or_empty(id->period_text);
      xc_diags_sort(&out->diags);
    } else {
      out->error_text = error_message(name, &st.where, lang);
    }
  }
  if (!out->readable) {
    out->error = st.code != XC_OK ? st.code : XC_ERR_OPEN;
    out->error_short = strdup(xc_status_text(&st, lang));
  }
  xc_status_clear(&st);
  xc_input_free(in);
  release_lib(lib);
done:
  if (!out->readable && out->error == XC_OK) out->error = XC_ERR_OPEN;
  if (!out->form_id) out->form_id = strdup("");
  if (!out->form_title) out->form_title = strdup("");
  if (!out->unit) out->unit = strdup("");
  if (!out->period) out->period = strdup("");
  if (!out->unit_code) out->unit_code = strdup("");
  if (!out->unit_name) out->unit_name = strdup("");
  if (!out->period_canon) out->period_canon = strdup("");
  out->ms = ms_since(&t0);
}

void xc_web_checked_free(xc_web_checked *c) {
  free(c->error_text);
  free(c->form_id);
  free(c->form_title);
  free(c->unit);
  free(c->period);
  free(c->unit_code);
  free(c->unit_name);
  free(c->period_canon);
  free(c->error_short);
  xc_diags_free(&c->diags);
  memset(c, 0, sizeof *c);
}

static void report_into(const xc_diags *d, xc_report_format fmt, xc_lang lang, xc_buf *out) {
  xc_report(out, d, fmt, lang);
}

void xc_web_check_json_files(const xc_web_checked *cs, size_t n, xc_lang lang, xc_buf *out) {
  json_t *doc = xc_check_json_new();
  bool ok = doc != NULL;
  for (size_t i = 0; ok && i < n; i++) {
    const xc_web_checked *c = &cs[i];
    xc_check_file cf = {c->name, c->form_id, c->form_title, c->unit_code, c->unit_name, c->unit,
                        c->period_canon, c->readable ? XC_OK : c->error,
                        c->readable ? NULL : c->error_short};
    ok = xc_check_json_add(doc, &cf, &c->diags, lang);
  }
  if (ok) ok = xc_check_json_render(doc, out);
  json_decref(doc);
  if (!ok) { /* out of memory: the error shape, small enough not to need much */
    xc_buf_clear(out);
    xc_buf_adds(out, "{\"error\": {\"code\": \"nomem\", \"message\": \"out of memory\"}}\n");
  }
}

void xc_web_check_json(const xc_web_checked *c, xc_lang lang, xc_buf *out) { xc_web_check_json_files(c, 1, lang, out); }

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
  xc_lib *lib = open_lib(cfg);
  xc_merge_opts mo;
  if (!lib || !xc_lib_merge_opts(lib, lang, false, &mo, err)) {
    if (!lib) xc_buf_adds(err, xc_msg(lang, "máy chủ không đọc được các tệp luật", "the server cannot read its rulesets"));
    release_lib(lib);
    return false;
  }
  mo.threads = 1;
  xc_merge mg;
  char *paths[1] = {(char *)path}, *names[1] = {(char *)name};
  xc_merge_input in = {path, NULL, 0, NULL};
  bool ok = xc_merge_run(&mg, &in, 1, &mo, err);
  if (ok) {
    rename_inputs(&mg, paths, names, 1);
    pthread_mutex_lock(&writers);
    ok = xc_bundle_unit_write(&mg, 0, dir, out_path, lang, err);
    pthread_mutex_unlock(&writers);
  }
  xc_merge_free(&mg);
  release_lib(lib);
  return ok;
}

xc_explain *xc_web_explain(const xc_web_config *cfg, const char *path, const char *name, xc_lang lang) {
  xc_lib *lib = open_lib(cfg);
  xc_explain *x = lib ? xc_explain_path(lib, path, lang)
                      : xc_explain_file(path, NULL, 0, NULL, NULL, 0, false, NULL, &cfg->limits, lang);
  release_lib(lib);
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
  xc_explain_render(out, x, true, lang);
}

bool xc_web_merge_run(const xc_web_config *cfg, char **paths, char **names, size_t n, xc_lang lang, bool strict,
                      const char *out_zip, xc_web_merged *out, xc_buf *err) {
  char dir[PATH_MAX];
  rules_dir(cfg, dir, sizeof dir);
  memset(out, 0, sizeof *out);
  out->lib = open_lib(cfg); /* the merge points into its rulesets and registry */
  xc_merge_opts mo;
  if (!out->lib || !xc_lib_merge_opts(out->lib, lang, strict, &mo, err)) {
    if (!out->lib) xc_buf_adds(err, xc_msg(lang, "máy chủ không đọc được các tệp luật", "the server cannot read its rulesets"));
    return false;
  }
  mo.threads = 1;
  xc_merge_input *in = calloc(n ? n : 1, sizeof *in);
  if (!in) return false;
  for (size_t i = 0; i < n; i++) in[i].path = paths[i];
  bool ran = xc_merge_run(&out->mg, in, n, &mo, err);
  free(in);
  out->have_mg = true; /* freed even when the merge failed half-way */
  if (!ran) return false;
  rename_inputs(&out->mg, paths, names, n);
  if (out->mg.nmerged == 0) {
    xc_buf_adds(err, xc_msg(lang, "không có tệp nào tổng hợp được", "no file could be merged"));
    return false;
  }
  xc_bundle_opts bo = {out_zip, dir, lang, &cfg->limits, 1, false, NULL};
  pthread_mutex_lock(&writers);
  bool ok = xc_bundle_write(&out->mg, &bo, &out->res, err);
  pthread_mutex_unlock(&writers);
  return ok;
}

void xc_web_merged_free(xc_web_merged *m) {
  if (m->have_mg) xc_merge_free(&m->mg);
  m->have_mg = false;
  release_lib(m->lib);
  m->lib = NULL;
}
