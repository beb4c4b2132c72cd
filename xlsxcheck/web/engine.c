/* engine.c: the library behind the pages and the API (engine.h), through
 * its public interface (xlsxcheck.h) alone: check, explain, the annotated
 * workbook and the merge.  The library is opened once at start and shared
 * read-only by the requests' threads (its workbook writers are safe from
 * several threads, forks included). */
#include "engine.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../datadir.h"
#include "../msg.h"
#include "../xlsxcheck.h"

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
  lib_shared = open_lib_fresh(cfg);
  if (!lib_shared) {
    fprintf(stderr, "xlsxcheck serve: %s/rulesets: không đọc được các tệp luật / the rulesets cannot be read\n",
            cfg->share_dir);
    return false;
  }
  return true;
}

void xc_web_engine_free(void) {
  xc_lib_free(lib_shared);
  lib_shared = NULL;
}

static void rules_dir(const xc_web_config *cfg, char *out, size_t cap) {
  if (snprintf(out, cap, "%s/rulesets", cfg->share_dir) >= (int)cap) out[0] = '\0';
}

const xc_lib *xc_web_lib(void) { return lib_shared; }

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
  o.templates = "/bieu-mau"; /* the page Biểu mẫu serves them */
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

/* A rendering of the library (a malloc'ed text) appended to out. */
static void take(xc_buf *out, char *text, size_t len) {
  if (text) xc_buf_add(out, text, len);
  free(text);
}

static void render_into(const xc_diags *d, xc_render_format fmt, xc_lang lang, xc_buf *out) {
  char *text = NULL;
  size_t len = 0;
  xc_render_findings(d, fmt, lang, &text, &len);
  take(out, text, len);
}

void xc_web_findings_groups(const xc_diags *d, xc_lang lang, xc_buf *b) { render_into(d, XC_RENDER_HTML_GROUPS, lang, b); }

void xc_web_check_json_files(const xc_web_checked *cs, size_t n, xc_lang lang, xc_buf *out) {
  xc_check_doc *doc = xc_check_doc_new();
  bool ok = doc != NULL;
  for (size_t i = 0; ok && i < n; i++) {
    const xc_web_checked *c = &cs[i];
    xc_check_file cf = {c->name, c->form_id, c->form_title, c->unit_code, c->unit_name, c->unit,
                        c->period_canon, c->readable ? XC_OK : c->error,
                        c->readable ? NULL : c->error_short};
    ok = xc_check_doc_add(doc, &cf, &c->diags, lang);
  }
  char *text = NULL;
  size_t len = 0;
  if (ok) ok = xc_check_doc_render(doc, &text, &len);
  if (ok) take(out, text, len);
  else free(text);
  xc_check_doc_free(doc);
  if (!ok) { /* out of memory: the error shape, small enough not to need much */
    xc_buf_clear(out);
    xc_buf_adds(out, "{\"error\": {\"code\": \"nomem\", \"message\": \"out of memory\"}}\n");
  }
}

void xc_web_check_json(const xc_web_checked *c, xc_lang lang, xc_buf *out) { xc_web_check_json_files(c, 1, lang, out); }

void xc_web_check_csv(const xc_web_checked *c, xc_lang lang, xc_buf *out) {
  render_into(&c->diags, XC_RENDER_CSV, lang, out);
}

/* ---- the annotated workbook, explain, merge ------------------------------- */

bool xc_web_annotate(const xc_web_config *cfg, const char *path, const char *name, xc_lang lang,
                     const char *out_path, xc_buf *err) {
  xc_lib *lib = open_lib(cfg);
  if (!lib) {
    xc_buf_adds(err, xc_msg(lang, "máy chủ không đọc được các tệp luật", "the server cannot read its rulesets"));
    return false;
  }
  xc_merge_input in = {path, NULL, 0, name};
  xc_status st = {0};
  bool ok = xc_annotate(lib, &in, lang, out_path, NULL, NULL, &st) == XC_OK;
  if (!ok && st.code == XC_ERR_NOMEM) err->nomem = true; /* the handler answers 413 */
  if (!ok) xc_buf_adds(err, xc_status_text(&st, lang));
  xc_status_clear(&st);
  release_lib(lib);
  return ok;
}

xc_explain *xc_web_explain(const xc_web_config *cfg, const char *path, const char *name, xc_lang lang) {
  xc_lib *lib = open_lib(cfg);
  xc_explain *x = xc_explain_named(lib, path, name, lang); /* the library is open once the server runs */
  release_lib(lib);
  return x;
}

void xc_web_explain_json(const xc_explain *x, xc_lang lang, xc_buf *out) {
  char *text = NULL;
  size_t len = 0;
  xc_render_explain(x, XC_RENDER_JSON, lang, &text, &len);
  take(out, text, len);
}

bool xc_web_merge_run(const xc_web_config *cfg, char **paths, char **names, size_t n, xc_lang lang, bool strict,
                      const char *out_zip, xc_web_merged *out, xc_buf *err) {
  memset(out, 0, sizeof *out);
  xc_lib *lib = open_lib(cfg);
  if (!lib) {
    xc_buf_adds(err, xc_msg(lang, "máy chủ không đọc được các tệp luật", "the server cannot read its rulesets"));
    return false;
  }
  xc_merge_input *in = calloc(n ? n : 1, sizeof *in);
  if (!in) {
    err->nomem = true; /* the handler answers 413 */
    xc_buf_adds(err, xc_strerror(XC_ERR_NOMEM, lang));
    release_lib(lib);
    return false;
  }
  for (size_t i = 0; i < n; i++) in[i] = (xc_merge_input){paths[i], NULL, 0, names[i]};
  /* one thread and one writer process per request: the server has many requests */
  xc_merge_request rq = {strict, lang, 1, out_zip, false, false, NULL, NULL, NULL};
  xc_status st = {0};
  bool ok = xc_merge_inputs(lib, in, n, &rq, &out->res, &st) == XC_OK;
  free(in);
  if (!ok && st.code == XC_ERR_NOMEM) err->nomem = true; /* the handler answers 413 */
  if (!ok) xc_buf_adds(err, xc_status_text(&st, lang));
  xc_status_clear(&st);
  release_lib(lib);
  return ok;
}

void xc_web_merged_free(xc_web_merged *m) { xc_merge_result_free(&m->res); }

void xc_web_merge_part(const xc_web_merged *m, xc_merge_part part, xc_lang lang, xc_buf *b) {
  char *text = NULL;
  size_t len = 0;
  xc_render_merge(&m->res, part, lang, &text, &len);
  take(b, text, len);
}
