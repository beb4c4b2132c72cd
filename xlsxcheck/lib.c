/* lib.c: the public interface (xlsxcheck.h) over the library's stages: the
 * rulesets and registries loaded once, a workbook opened and identified,
 * check, explain, merge and rendering, every error returned as data. */
#include "datadir.h"
#include "xlsxcheck.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "bundle.h"
#include "check.h"
#include "dump.h"
#include "group.h"
#include "info.h"
#include "identify.h"
#include "merge.h"
#include "mergereport.h"
#include "model.h"
#include "msg.h"
#include "report.h"
#include "report_html.h"
#include "spec.h"
#include "ruleset.h"
#include "units.h"
#include "workbook.h"

/* ---- status ------------------------------------------------------------------ */

void xc_status_clear(xc_status *st) {
  if (!st) return;
  free(st->vi);
  free(st->en);
  memset(st, 0, sizeof *st);
}

const char *xc_status_text(const xc_status *st, xc_lang lang) {
  const char *s = lang == XC_LANG_EN ? st->en : st->vi;
  return s ? s : xc_strerror(st->code, lang);
}

/* A copy of s, NULL when memory runs out. */
static char *dup_text(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = xc_try_malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

/* Sets st (when given): the code, and the message in both languages.  When
 * memory for the messages runs out, the code's own sentence is said instead. */
static xc_err set_status(xc_status *st, xc_err code, const char *vi, const char *en) {
  if (!st) return code;
  xc_status_clear(st);
  st->code = code;
  st->where.code = code;
  if (vi) st->vi = dup_text(vi);
  if (en) st->en = dup_text(en);
  if (!st->vi != !vi || !st->en != !en) { /* one of two: neither (xc_status_text falls back) */
    free(st->vi);
    free(st->en);
    st->vi = st->en = NULL;
  }
  return code;
}

/* ---- the library ----------------------------------------------------------------- */

struct xc_lib {
  char *rulesets_dir;
  char *templates;          /* as explain's steps name the official forms' folder */
  bool forced;
  xc_ruleset **rulesets;
  size_t nrulesets;
  xc_units **registries;    /* per ruleset: the registry its TI-1 check uses, or NULL */
  xc_units **owned;         /* every registry loaded, once each */
  size_t nowned;
  const xc_units *merge_units; /* --units, else the first ruleset's */
  const char *merge_units_path;

  xc_limits limits;
};

void xc_lib_opts_default(xc_lib_opts *o) {
  memset(o, 0, sizeof *o);
  xc_limits_default(&o->limits);
}

void xc_lib_find_rulesets(char *out, size_t cap) {
  /* the data folder (datadir.h): $XLSXCHECK_DATA, beside the binary, compiled in */
  char data[PATH_MAX];
  if (xc_datadir_find(NULL, getenv("XLSXCHECK_DATA"), data, sizeof data, NULL) &&
      snprintf(out, cap, "%.*s/rulesets", (int)(cap > 16 ? cap - 16 : 0), data) < (int)cap)
    return;
  snprintf(out, cap, "rulesets");
}

/* The registry at path, loaded once per library; NULL (what is wrong in e)
 * when it cannot be used. */
static xc_units *registry(xc_lib *lib, const char *path, xc_error *e) {
  for (size_t i = 0; i < lib->nowned; i++)
    if (strcmp(lib->owned[i]->path, path) == 0) return lib->owned[i];
  xc_units *u = xc_units_load(path, e);
  if (!u) return NULL;
  xc_units **more = xc_try_realloc(lib->owned, (lib->nowned + 1) * sizeof *lib->owned);
  if (!more) {
    xc_units_free(u);
    xc_fail(e, XC_ERR_NOMEM, NULL, NULL);
    return NULL;
  }
  lib->owned = more;
  lib->owned[lib->nowned++] = u;
  return u;
}

/* st: the registry at path cannot be used (the file and line named). */
static void registry_status(xc_status *st, const char *path, const xc_error *e) {
  if (!st) return;
  if (e->code == XC_ERR_NOMEM) {
    set_status(st, XC_ERR_NOMEM, NULL, NULL);
    return;
  }
  xc_buf vi, en;
  xc_buf_init(&vi, 0);
  xc_buf_init(&en, 0);
  xc_tsv_error_text(path, e, XC_LANG_VI, &vi);
  xc_tsv_error_text(path, e, XC_LANG_EN, &en);
  set_status(st, e->code, xc_buf_str(&vi), xc_buf_str(&en));
  st->where = *e;
  xc_buf_free(&vi);
  xc_buf_free(&en);
}

/* Where explain tells people the official forms are: the caller's word, else
 * templates/ beside the rulesets folder as an absolute path (a relative
 * "templates/" means nothing to someone who did not start the tool in the
 * source tree), else "templates". */
/* NULL when memory runs out */
static char *templates_where(const char *given, const char *rulesets_dir) {
  if (given && *given) return dup_text(given);
  char beside[PATH_MAX], real[PATH_MAX];
  const char *slash = strrchr(rulesets_dir, '/');
  int n = slash ? snprintf(beside, sizeof beside, "%.*s/templates", (int)(slash - rulesets_dir), rulesets_dir)
                : snprintf(beside, sizeof beside, "templates");
  if (n > 0 && (size_t)n < sizeof beside && realpath(beside, real)) return dup_text(real);
  return dup_text("templates");
}

xc_lib *xc_lib_open(const xc_lib_opts *o, xc_status *st) {
  xc_lib *lib = xc_try_calloc(1, sizeof *lib);
  if (!lib) {
    set_status(st, XC_ERR_NOMEM, NULL, NULL);
    return NULL;
  }
  lib->limits = o->limits;
  char dir[PATH_MAX];
  if (o->rulesets_dir) snprintf(dir, sizeof dir, "%s", o->rulesets_dir);
  else xc_lib_find_rulesets(dir, sizeof dir);
  lib->rulesets_dir = dup_text(dir);
  lib->templates = templates_where(o->templates, dir);
  if (!lib->rulesets_dir || !lib->templates) {
    xc_lib_free(lib);
    set_status(st, XC_ERR_NOMEM, NULL, NULL);
    return NULL;
  }
  lib->forced = o->rules != NULL;
  if (o->reader_only) {
    if (st) xc_status_clear(st);
    return lib;
  }
  xc_buf err;
  xc_buf_init(&err, 0);
  lib->rulesets = xc_rulesets_load(o->rules, dir, &lib->nrulesets, &err);
  if (!lib->rulesets) {
    if (err.nomem) {
      set_status(st, XC_ERR_NOMEM, NULL, NULL);
    } else if (!o->rules && access(dir, R_OK) != 0) {
      set_status(st, XC_ERR_RULES_DIR, dir, dir); /* the message: the folder looked for */
    } else {
      set_status(st, XC_ERR_RULES, xc_buf_str(&err), xc_buf_str(&err));
    }
    xc_buf_free(&err);
    xc_lib_free(lib);
    return NULL;
  }
  /* the registries: --units for every form, else each ruleset's own; one
   * that cannot be used stops here, naming its file and line */
  lib->registries = xc_try_calloc(lib->nrulesets, sizeof *lib->registries);
  if (!lib->registries) {
    set_status(st, XC_ERR_NOMEM, NULL, NULL);
    xc_buf_free(&err);
    xc_lib_free(lib);
    return NULL;
  }
  xc_error ue;
  memset(&ue, 0, sizeof ue);
  const char *bad = NULL;
  xc_units *given = NULL;
  if (o->units && !(given = registry(lib, o->units, &ue))) bad = o->units;
  lib->merge_units_path = o->units;
  for (size_t r = 0; !bad && r < lib->nrulesets; r++) {
    const char *own = lib->rulesets[r]->units_file;
    if (o->units) lib->registries[r] = given;
    else if (own && !(lib->registries[r] = registry(lib, own, &ue))) bad = own;
    if (!lib->merge_units_path && own) lib->merge_units_path = own;
  }
  if (bad) {
    registry_status(st, bad, &ue);
    xc_buf_free(&err);
    xc_lib_free(lib);
    return NULL;
  }
  if (lib->merge_units_path) lib->merge_units = registry(lib, lib->merge_units_path, &ue); /* loaded above: found */
  xc_buf_free(&err);
  if (st) xc_status_clear(st);
  return lib;
}

void xc_lib_free(xc_lib *lib) {
  if (!lib) return;
  for (size_t r = 0; r < lib->nrulesets; r++) xc_ruleset_free(lib->rulesets[r]);
  free(lib->rulesets);
  for (size_t i = 0; i < lib->nowned; i++) xc_units_free(lib->owned[i]);
  free(lib->owned);
  free(lib->registries);
  free(lib->rulesets_dir);
  free(lib->templates);
  free(lib);
}

const char *xc_lib_rulesets_dir(const xc_lib *lib) { return lib->rulesets_dir; }

xc_err xc_rules_lint(const char *path, bool lint, xc_rules_info *info, char **report, xc_status *st) {
  memset(info, 0, sizeof *info);
  if (report) *report = NULL;
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_ruleset *rs = xc_ruleset_load(path, &b);
  if (!rs) {
    xc_err code = b.nomem ? XC_ERR_NOMEM : XC_ERR_RULES;
    if (code == XC_ERR_NOMEM) set_status(st, code, NULL, NULL);
    else set_status(st, code, xc_buf_str(&b), xc_buf_str(&b));
    xc_buf_free(&b);
    return code;
  }
  xc_buf_clear(&b);
  if (lint) info->warnings = xc_check_lint(rs, &b);
  snprintf(info->form_id, sizeof info->form_id, "%s", rs->form_id);
  info->nsheets = rs->nsheets;
  info->nrules = rs->nrules;
  xc_ruleset_free(rs);
  if (b.nomem) {
    xc_buf_free(&b);
    return set_status(st, XC_ERR_NOMEM, NULL, NULL);
  }
  if (report && !(*report = b.data ? b.data : xc_try_calloc(1, 1)))
    return set_status(st, XC_ERR_NOMEM, NULL, NULL);
  if (!report) xc_buf_free(&b);
  if (st) xc_status_clear(st);
  return XC_OK;
}

/* ---- one workbook ---------------------------------------------------------------- */

struct xc_input {
  const xc_lib *lib;
  char *name;
  xc_workbook *wb;
  xc_model *m;
  xc_arena arena;
  bool identified;
  xc_ident id;
  xc_identity pub;
};

static void reader_status(xc_status *st, const xc_error *err) {
  if (!st) return;
  xc_status_clear(st);
  st->code = err->code;
  st->where = *err;
}

static xc_input *input_open(const xc_lib *lib, const char *path, const void *data, size_t len,
                            const char *name, xc_status *st) {
  xc_error err;
  memset(&err, 0, sizeof err);
  xc_workbook *wb = path ? xc_workbook_open(path, &lib->limits, &err)
                         : xc_workbook_open_mem(data, len, &lib->limits, &err);
  if (!wb) {
    reader_status(st, &err);
    return NULL;
  }
  xc_input *in = xc_try_calloc(1, sizeof *in);
  if (in) in->name = dup_text(name ? name : path ? path : "");
  if (!in || !in->name) {
    free(in);
    xc_workbook_free(wb);
    set_status(st, XC_ERR_NOMEM, NULL, NULL);
    return NULL;
  }
  in->lib = lib;
  in->wb = wb;
  xc_arena_init(&in->arena);
  if (st) xc_status_clear(st);
  return in;
}

/* The cells, read once. */
static bool input_cells(xc_input *in, xc_status *st) {
  if (in->m) return true;
  xc_error err;
  memset(&err, 0, sizeof err);
  in->m = xc_model_load(in->wb, 0, &err);
  if (!in->m) reader_status(st, &err);
  return in->m != NULL;
}

xc_input *xc_input_open(const xc_lib *lib, const char *path, const char *name, xc_status *st) {
  return input_open(lib, path, NULL, 0, name, st);
}

xc_input *xc_input_open_mem(const xc_lib *lib, const void *data, size_t len, const char *name,
                            xc_status *st) {
  return input_open(lib, NULL, data, len, name, st);
}

void xc_input_free(xc_input *in) {
  if (!in) return;
  if (in->identified) xc_ident_free(&in->id);
  xc_model_free(in->m);
  xc_workbook_free(in->wb);
  xc_arena_free(&in->arena);
  free(in->name);
  free(in);
}

const xc_identity *xc_identify(xc_input *in, xc_status *st) {
  if (in->identified) return &in->pub;
  if (!input_cells(in, st)) return NULL;
  in->identified = true;
  const xc_lib *lib = in->lib;
  xc_identity *p = &in->pub;
  p->form_id = p->form_title = p->unit_code = p->unit_name = "";
  p->recognised = xc_identify_model(&in->id, lib->rulesets, lib->nrulesets, lib->forced,
                                    (const xc_units *const *)lib->registries, in->m, NULL, in->name,
                                    XC_LANG_VI, &in->arena);
  if (in->id.nomem) { /* nothing kept: a later call tries again */
    xc_ident_free(&in->id);
    memset(&in->id, 0, sizeof in->id);
    in->identified = false;
    set_status(st, XC_ERR_NOMEM, NULL, NULL);
    return NULL;
  }
  p->unit_text = in->id.unit_text;
  p->province_text = in->id.province_text;
  p->period_text = in->id.period_text;
  p->period = in->id.period;
  if (!p->recognised) return p;
  p->form_id = in->id.rs->form_id;
  p->form_title = in->id.rs->form_title ? in->id.rs->form_title : "";
  p->scope = in->id.scope;
  if (in->id.unit >= 0 && in->id.co.units) {
    const xc_unit *u = &in->id.co.units->units[in->id.unit];
    p->unit_code = u->code;
    p->unit_name = u->official_name;
  }
  return p;
}

void xc_identify_status(const xc_input *in, xc_status *st) {
  (void)in;
  set_status(st, XC_ERR_FORM_UNKNOWN,
             "không nhận ra biểu mẫu (không có trang nào của các biểu mẫu đã biết); dùng --rules để chỉ định",
             "the form is not recognised (none of the known forms' sheets); use --rules to name it");
}

/* ---- dump and info ---------------------------------------------------------------- */

xc_err xc_dump_input(xc_input *in, const char *sheet, xc_write_fn write, void *ctx, xc_status *st) {
  xc_error err;
  memset(&err, 0, sizeof err);
  xc_err rc = xc_dump(in->wb, sheet, write, ctx, &err);
  if (rc != XC_OK) {
    if (err.code == XC_OK) err.code = rc;
    reader_status(st, &err);
  } else if (st) {
    xc_status_clear(st);
  }
  return rc;
}

xc_err xc_info_input(xc_input *in, xc_lang lang, xc_write_fn write, void *ctx, xc_status *st) {
  xc_error err;
  memset(&err, 0, sizeof err);
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_err rc = xc_info(in->wb, in->name, lang, &b, &err);
  if (b.len && !write(ctx, b.data, b.len) && rc == XC_OK) rc = xc_fail(&err, XC_ERR_WRITE, NULL, NULL);
  if (rc == XC_OK && !write(ctx, NULL, 0)) rc = xc_fail(&err, XC_ERR_WRITE, NULL, NULL);
  xc_buf_free(&b);
  if (rc != XC_OK) {
    if (err.code == XC_OK) err.code = rc;
    reader_status(st, &err);
  } else if (st) {
    xc_status_clear(st);
  }
  return rc;
}

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
  const char *out = b.nomem ? NULL : xc_arena_try_strndup(a, xc_buf_str(&b), b.len);
  xc_buf_free(&b);
  return out ? out : s; /* no memory: the text as it was */
}

/* ---- check and explain ------------------------------------------------------------ */

xc_err xc_check(xc_input *in, xc_lang lang, xc_diags *out, xc_status *st) {
  const xc_identity *id = xc_identify(in, st);
  if (!id) return st ? st->code : XC_ERR_OPEN;
  if (!id->recognised) {
    xc_identify_status(in, st);
    return XC_ERR_FORM_UNKNOWN;
  }
  in->id.co.lang = lang;
  if (!xc_check_run(in->id.rs, in->m, in->id.b, &in->id.co, out))
    return set_status(st, XC_ERR_NOMEM, NULL, NULL);
  if (st) xc_status_clear(st);
  return XC_OK;
}

xc_explain *xc_explain_path(const xc_lib *lib, const char *path, xc_lang lang) {
  return xc_explain_file(path, NULL, 0, NULL, lib->rulesets, lib->nrulesets, lib->forced,
                         (const xc_units *const *)lib->registries, &lib->limits, lang, lib->templates);
}

xc_explain *xc_explain_mem(const xc_lib *lib, const void *data, size_t len, const char *name,
                           xc_lang lang) {
  return xc_explain_file(NULL, data, len, name, lib->rulesets, lib->nrulesets, lib->forced,
                         (const xc_units *const *)lib->registries, &lib->limits, lang, lib->templates);
}

xc_explain *xc_explain_named(const xc_lib *lib, const char *path, const char *name, xc_lang lang) {
  xc_explain *x = xc_explain_file(path, NULL, 0, name, lib->rulesets, lib->nrulesets, lib->forced,
                                  (const xc_units *const *)lib->registries, &lib->limits, lang, lib->templates);
  if (!name || strcmp(name, path) == 0) return x;
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

/* ---- merge ----------------------------------------------------------------------- */

struct xc_merge_result_impl {
  xc_merge mg;
  bool ran;
  xc_merge_file *files;
  const char **missing;
  char *tmpdir;
};

#define NO_REGISTRY_VI "không có danh mục đơn vị: các tệp luật không khai báo (units \"…\"); dùng --units TỆP"
#define NO_REGISTRY_EN "no units registry: the rulesets name none (units \"…\"); use --units FILE"

/* st: code, with the message of err in both languages. */
static xc_err errtext_status(xc_status *st, xc_err code, const xc_errtext *err) {
  if (err && err->nomem) return set_status(st, XC_ERR_NOMEM, NULL, NULL); /* memory ran out: said as such */
  if (!err) return set_status(st, code, NULL, NULL);
  return set_status(st, code, xc_errtext_str(err, XC_LANG_VI), xc_errtext_str(err, XC_LANG_EN));
}

const char *xc_merge_status_text(xc_merge_status st, xc_lang lang) {
  return xc_merge_status_name((xc_file_status)st, lang);
}

bool xc_lib_merge_opts(const xc_lib *lib, xc_lang lang, bool strict, xc_merge_opts *mo, xc_errtext *err) {
  memset(mo, 0, sizeof *mo);
  mo->rulesets = lib->rulesets;
  mo->nrulesets = lib->nrulesets;
  mo->forced = lib->forced;
  mo->units = lib->merge_units;
  mo->units_path = lib->merge_units_path;
  mo->strict = strict;
  mo->lang = lang;
  mo->limits = &lib->limits;
  if (!lib->merge_units && err)
    xc_errtext_add(err, NO_REGISTRY_VI, NO_REGISTRY_EN);
  return lib->merge_units != NULL;
}

/* The merge knows its file inputs by path; an input given a name (an
 * upload's original name) is called by it in findings, notes and the
 * bundle. */
static void rename_inputs(xc_merge *mg, const xc_merge_input *inputs, size_t n) {
  for (size_t i = 0; i < mg->nfiles; i++) {
    xc_unit_file *f = &mg->files[i];
    for (size_t k = 0; k < n; k++) {
      const char *path = inputs[k].path, *name = inputs[k].name;
      if (!path || !name || strcmp(path, name) == 0 || strcmp(f->path, path) != 0) continue;
      xc_diags *lists[2] = {&f->diags, &mg->log};
      for (size_t l = 0; l < 2; l++)
        for (size_t d = 0; d < lists[l]->n; d++) {
          xc_diag *x = &lists[l]->items[d];
          if (x->file && strcmp(x->file, path) == 0) x->file = name;
          x->msg_vi = replace_in(&lists[l]->arena, x->msg_vi, path, name);
          x->msg_en = replace_in(&lists[l]->arena, x->msg_en, path, name);
        }
      f->note_vi = replace_in(&mg->arena, f->note_vi, path, name);
      f->note_en = replace_in(&mg->arena, f->note_en, path, name);
      f->path = name;
      break;
    }
  }
}

/* A scratch folder for an output returned in memory: path is dir/leaf. */
static bool scratch_path(char *dir, size_t dcap, const char *leaf, char *path, size_t pcap, xc_errtext *err) {
  const char *tmp = getenv("TMPDIR");
  snprintf(dir, dcap, "%s/xlsxcheck-out.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    int e = errno;
    XC_ERRTEXT_PRINTF(err, "%s: %s", dir, xc_write_reason(e, NULL, XC_L));
    return false;
  }
  snprintf(path, pcap, "%s/%s", dir, leaf);
  return true;
}

/* The bundle's bytes, read back from the scratch path and removed. */
static bool slurp(const char *path, unsigned char **data, size_t *len) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return false;
  xc_buf b;
  xc_buf_init(&b, 0);
  char chunk[65536];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0 && xc_buf_add(&b, chunk, got)) {
  }
  bool ok = !ferror(fp) && !b.nomem;
  fclose(fp);
  *len = b.len;
  *data = (unsigned char *)(b.data ? b.data : xc_try_calloc(1, 1));
  if (!ok || !*data) {
    free(*data);
    *data = NULL;
    *len = 0;
    return false;
  }
  return true;
}

xc_err xc_merge_inputs(const xc_lib *lib, const xc_merge_input *inputs, size_t n,
                       const xc_merge_request *rq, xc_merge_result *res, xc_status *st) {
  memset(res, 0, sizeof *res);
  res->path = res->form_id = res->form_title = res->province = res->period = res->xlsx_name = "";
  struct xc_merge_result_impl *im = xc_try_calloc(1, sizeof *im);
  if (!im) return set_status(st, XC_ERR_NOMEM, NULL, NULL);
  res->impl = im;
  if (!lib->merge_units) {
    return set_status(st, XC_ERR_UNITS, NO_REGISTRY_VI, NO_REGISTRY_EN);
  }
  xc_merge_opts mo;
  xc_lib_merge_opts(lib, rq->lang, rq->strict, &mo, NULL);
  mo.threads = rq->threads;
  mo.progress = rq->progress;
  mo.progress_ctx = rq->progress_ctx;
  xc_merge *mg = &im->mg;
  xc_errtext err;
  xc_errtext_init(&err);
  bool ok = xc_merge_run(mg, inputs, n, &mo, &err);
  im->ran = true;
  if (!ok && err.nomem) {
    xc_errtext_free(&err);
    return set_status(st, XC_ERR_NOMEM, NULL, NULL);
  }
  if (mg->files) rename_inputs(mg, inputs, n);
  /* the files and their findings, for the caller's table: in the order
   * people read them (units with errors first, then warnings only, clean,
   * left out; the units with no file last) */
  if (mg->files) {
    im->files = xc_try_calloc(mg->nfiles ? mg->nfiles : 1, sizeof *im->files);
    im->missing = xc_try_calloc(mg->units->n ? mg->units->n : 1, sizeof *im->missing);
    xc_merge_row *rows = NULL;
    size_t nrows = im->files && im->missing ? xc_merge_rows(mg, &rows) : SIZE_MAX;
    if (nrows == SIZE_MAX) {
      xc_errtext_free(&err);
      return set_status(st, XC_ERR_NOMEM, NULL, NULL);
    }
    for (size_t i = 0; i < nrows; i++) {
      if (rows[i].file < 0) {
        im->missing[res->nmissing++] = rows[i].name;
        continue;
      }
      const xc_unit_file *f = &mg->files[rows[i].file];
      xc_merge_file *o = &im->files[res->nfiles++];
      o->name = f->path;
      o->unit = rows[i].name;
      o->status = (xc_merge_status)f->status;
      o->note_vi = f->note_vi;
      o->note_en = f->note_en;
      o->errors = rows[i].errors;
      o->warnings = rows[i].warnings;
      o->findings = &f->diags;
      o->input_index = (size_t)rows[i].file;
    }
    free(rows);
    res->files = im->files;
    res->missing = im->missing;
  }
  if (ok) {
    res->form_id = mg->rs->form_id;
    res->form_title = mg->rs->form_title ? mg->rs->form_title : "";
    res->province = mg->province;
    res->period = mg->period ? mg->period : "";
    res->nmerged = mg->nmerged;
    res->nunits = mg->units->n;
  }
  if (!ok || mg->nmerged == 0) {
    if (xc_errtext_empty(&err)) errtext_status(st, XC_ERR_MERGE_NONE, NULL); /* the code's sentence */
    else errtext_status(st, XC_ERR_MERGE_NONE, &err);
    xc_errtext_free(&err);
    return XC_ERR_MERGE_NONE;
  }
  char scratch[PATH_MAX];
  char mempath[PATH_MAX + 16];
  const char *out = rq->out;
  if (rq->in_memory) {
    xc_errtext_clear(&err);
    if (!scratch_path(scratch, sizeof scratch, "bundle.zip", mempath, sizeof mempath, &err)) {
      errtext_status(st, XC_ERR_WRITE, &err);
      xc_errtext_free(&err);
      return XC_ERR_WRITE;
    }
    if (!(im->tmpdir = dup_text(scratch))) {
      rmdir(scratch);
      xc_errtext_free(&err);
      return set_status(st, XC_ERR_NOMEM, NULL, NULL);
    }
    out = mempath;
  }
  xc_bundle_opts bo = {out, lib->rulesets_dir, rq->lang, &lib->limits, rq->threads, rq->all_copies, rq->cleanup};
  xc_bundle_result br;
  xc_errtext_clear(&err);
  if (!xc_bundle_write(mg, &bo, &br, &err)) {
    if (err.nomem) {
      xc_errtext_free(&err);
      if (rq->in_memory) rmdir(im->tmpdir);
      return set_status(st, XC_ERR_NOMEM, NULL, NULL);
    }
    errtext_status(st, XC_ERR_WRITE, &err);
    xc_errtext_free(&err);
    if (rq->in_memory) rmdir(im->tmpdir);
    return XC_ERR_WRITE;
  }
  xc_errtext_free(&err);
  res->bundle_written = true;
  res->xlsx_name = xc_arena_try_strndup(&mg->arena, br.xlsx, strlen(br.xlsx));
  if (!res->xlsx_name) res->xlsx_name = ""; /* the bundle is written: only its inner name is not said */
  res->errors = br.errors;
  res->warnings = br.warnings;
  if (rq->in_memory) {
    errno = 0;
    bool got = slurp(out, &res->data, &res->len);
    int why = errno;
    unlink(out);
    rmdir(im->tmpdir);
    if (!got) return set_status(st, why == ENOMEM ? XC_ERR_NOMEM : XC_ERR_WRITE, NULL, NULL);
  } else {
    if (!(res->path = xc_arena_try_strndup(&mg->arena, br.path, strlen(br.path))))
      return set_status(st, XC_ERR_NOMEM, NULL, NULL);
  }
  if (st) xc_status_clear(st);
  return XC_OK;
}

void xc_merge_result_free(xc_merge_result *res) {
  struct xc_merge_result_impl *im = res->impl;
  if (im) {
    if (im->ran) xc_merge_free(&im->mg);
    free(im->files);
    free(im->missing);
    free(im->tmpdir);
    free(im);
  }
  free(res->data);
  memset(res, 0, sizeof *res);
}

/* The rendered text to the caller; XC_ERR_NOMEM (nothing handed over) when
 * memory ran out while rendering (a renderer marks its buffer's nomem). */
static xc_err hand_over(xc_buf *b, char **out, size_t *len) {
  *out = NULL;
  if (len) *len = 0;
  if (b->nomem || !(*out = b->data ? b->data : xc_try_calloc(1, 1))) {
    xc_buf_free(b);
    *out = NULL;
    return XC_ERR_NOMEM;
  }
  if (len) *len = b->len;
  return XC_OK;
}

xc_err xc_render_merge(const xc_merge_result *res, xc_merge_part part, xc_lang lang, char **out, size_t *len) {
  *out = NULL;
  if (len) *len = 0;
  if (!res->impl || !res->impl->ran || !res->impl->mg.files || !res->impl->mg.rs) return XC_ERR_MERGE_NONE;
  const xc_merge *mg = &res->impl->mg;
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_diags all; /* every finding: the files' and the merge's own */
  xc_diags_init(&all);
  if (part == XC_MERGE_PART_OVERVIEW || part == XC_MERGE_PART_FINDINGS) {
    for (size_t i = 0; i < mg->nfiles; i++)
      for (size_t d = 0; d < mg->files[i].diags.n; d++) xc_diags_add(&all, &mg->files[i].diags.items[d]);
    for (size_t d = 0; d < mg->log.n; d++) xc_diags_add(&all, &mg->log.items[d]);
    xc_diags_sort(&all);
  }
  if (part == XC_MERGE_PART_FINDINGS) {
    xc_html_opts ho = {lang, false, 10};
    xc_html_findings(&b, &all, &ho);
  } else {
    xc_merge_row *rows = NULL;
    size_t nrows = xc_merge_rows(mg, &rows);
    if (part == XC_MERGE_PART_OVERVIEW) xc_html_merge_overview(&b, mg, rows, nrows, &all, false, lang);
    else if (part == XC_MERGE_PART_CHART) xc_html_chart_findings(&b, rows, nrows, lang);
    else xc_html_merge_status(&b, mg, rows, nrows, false, lang);
    free(rows);
  }
  xc_diags_free(&all);
  return hand_over(&b, out, len);
}

/* ---- one workbook annotated ------------------------------------------------------ */

xc_err xc_annotate(const xc_lib *lib, const xc_merge_input *in, xc_lang lang, const char *out_path,
                   unsigned char **data, size_t *len, xc_status *st) {
  if (data) *data = NULL;
  if (len) *len = 0;
  xc_errtext err;
  xc_errtext_init(&err);
  xc_merge_opts mo;
  if (!xc_lib_merge_opts(lib, lang, false, &mo, &err)) {
    errtext_status(st, XC_ERR_UNITS, &err);
    xc_errtext_free(&err);
    return XC_ERR_UNITS;
  }
  mo.threads = 1;
  xc_merge mg;
  xc_err rc = XC_OK;
  char dir[PATH_MAX] = "", path[PATH_MAX + 16];
  if (!xc_merge_run(&mg, in, 1, &mo, &err)) {
    rc = XC_ERR_MERGE_NONE;
  } else {
    rename_inputs(&mg, in, 1);
    const xc_unit_file *f = mg.nfiles ? &mg.files[0] : NULL;
    if (!f || !f->readable || f->rs != mg.rs) {
      rc = XC_ERR_FORM_UNKNOWN;
      xc_errtext_add(&err, "tệp không theo biểu mẫu đã biết", "the file follows no known form");
    } else if (!out_path && !scratch_path(dir, sizeof dir, "annotated.xlsx", path, sizeof path, &err)) {
      rc = XC_ERR_WRITE;
    } else if (!xc_bundle_unit_write(&mg, 0, lib->rulesets_dir, out_path ? out_path : path, lang, &err)) {
      rc = XC_ERR_WRITE;
    } else if (!out_path) {
      bool got = slurp(path, data, len);
      if (!got) {
        free(*data);
        *data = NULL;
        *len = 0;
        rc = XC_ERR_WRITE;
      }
    }
    if (dir[0]) {
      unlink(path);
      rmdir(dir);
    }
  }
  xc_merge_free(&mg);
  if (rc != XC_OK && err.nomem) rc = XC_ERR_NOMEM;
  if (rc != XC_OK) errtext_status(st, rc, xc_errtext_empty(&err) && !err.nomem ? NULL : &err);
  else if (st) xc_status_clear(st);
  xc_errtext_free(&err);
  return rc;
}

/* ---- the forms ---------------------------------------------------------------------- */

size_t xc_lib_nforms(const xc_lib *lib) { return lib->nrulesets; }

static const char *nonnull(const char *s) { return s ? s : ""; }

xc_form_info xc_lib_form(const xc_lib *lib, size_t form) {
  const xc_ruleset *rs = lib->rulesets[form];
  const char *base = rs->path ? strrchr(rs->path, '/') : NULL;
  return (xc_form_info){rs->form_id, nonnull(rs->form_title),
                        base ? base + 1 : rs->path ? rs->path : "", rs->nrules};
}

xc_rule_info xc_lib_rule(const xc_lib *lib, size_t form, size_t rule) {
  const xc_ruleset *rs = lib->rulesets[form];
  const xc_rule *ru = &rs->rules[rule];
  /* the sheet its id names (BM3-10 → the sheet BM3), else its list */
  char prefix[32];
  const char *dash = strrchr(ru->id, '-');
  size_t n = dash ? (size_t)(dash - ru->id) : strlen(ru->id);
  if (n >= sizeof prefix) n = sizeof prefix - 1;
  memcpy(prefix, ru->id, n);
  prefix[n] = '\0';
  int s = xc_ruleset_sheet(rs, prefix);
  if (s < 0 && ru->list >= 0 && (size_t)ru->list < rs->nsheets) s = ru->list;
  return (xc_rule_info){ru->id,
                        ru->severity == XC_SEV_ERROR,
                        nonnull(ru->msg_vi),
                        nonnull(ru->msg_en),
                        nonnull(ru->hint_vi),
                        nonnull(ru->hint_en),
                        s >= 0 ? rs->sheets[s].name : NULL,
                        (ru->scopes & XC_SCOPE_D) != 0,
                        (ru->scopes & XC_SCOPE_P) != 0,
                        (ru->scopes & XC_SCOPE_A) != 0,
                        (ru->scopes & (XC_SCOPE_S | XC_SCOPE_M)) != 0};
}

/* ---- a units registry ------------------------------------------------------------- */

struct xc_registry {
  xc_units *u;
};

xc_registry *xc_registry_open(const char *path, xc_status *st) {
  xc_error e;
  memset(&e, 0, sizeof e);
  xc_units *u = xc_units_load(path, &e);
  if (!u) {
    registry_status(st, path, &e);
    return NULL;
  }
  xc_registry *reg = xc_try_calloc(1, sizeof *reg);
  if (!reg) {
    xc_units_free(u);
    set_status(st, XC_ERR_NOMEM, NULL, NULL);
    return NULL;
  }
  reg->u = u;
  if (st) xc_status_clear(st);
  return reg;
}

void xc_registry_free(xc_registry *reg) {
  if (!reg) return;
  xc_units_free(reg->u);
  free(reg);
}

size_t xc_registry_size(const xc_registry *reg) { return reg ? reg->u->n : 0; }

xc_registry_unit xc_registry_get(const xc_registry *reg, size_t i) {
  const xc_unit *u = &reg->u->units[i];
  return (xc_registry_unit){u->code, u->official_name, u->slug};
}

bool xc_registry_find(const xc_registry *reg, const char *text, size_t *index) {
  return reg && text && xc_units_resolve(reg->u, text, strlen(text), index) == XC_UNIT_OK;
}

/* ---- rendering ------------------------------------------------------------------- */

xc_err xc_render_findings(const xc_diags *d, xc_render_format fmt, xc_lang lang, char **out,
                          size_t *len) {
  xc_buf b;
  xc_buf_init(&b, 0);
  switch (fmt) {
    case XC_RENDER_CSV: xc_report(&b, d, XC_FMT_CSV, lang); break;
    case XC_RENDER_JSON: xc_report(&b, d, XC_FMT_JSON, lang); break;
    case XC_RENDER_HTML: xc_report(&b, d, XC_FMT_HTML, lang); break;
    case XC_RENDER_HTML_FRAGMENT: {
      xc_html_opts o = {lang, false, 10};
      xc_html_findings(&b, d, &o);
      break;
    }
    case XC_RENDER_HTML_GROUPS: {
      xc_groups g;
      xc_groups_build(d, &g);
      xc_html_opts o = {lang, false, 10};
      xc_html_groups(&b, &g, &o);
      xc_groups_free(&g);
      break;
    }
    default: xc_report(&b, d, XC_FMT_TEXT_OUT, lang); break;
  }
  return hand_over(&b, out, len);
}

const char *xc_render_css(void) { return xc_html_css(); }

xc_err xc_render_explain(const xc_explain *x, xc_render_format fmt, xc_lang lang, char **out,
                         size_t *len) {
  if (fmt != XC_RENDER_TEXT && fmt != XC_RENDER_JSON) return XC_ERR_USAGE;
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_explain_render(&b, x, fmt == XC_RENDER_JSON, lang);
  return hand_over(&b, out, len);
}
