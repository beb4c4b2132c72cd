/* api.c: the JSON API, the same data as the command line's JSON:
 *   GET  /healthz        200 "ok"
 *   POST /api/check      files "file" → what `check --format json` prints for those files (one document)
 *   POST /api/explain    one "file"  → what `explain --format json` prints
 *   POST /api/annotate   one "file"  → the annotated .xlsx (attachment)
 *   POST /api/merge      files "file" or one zip of them → the bundle zip
 * Protocol problems are {"error": {"code", "message"}} with 400/404/405/413;
 * a workbook that cannot be read is an answer (200), not a protocol error. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "../json.h"
#include "../msg.h"
#include "engine.h"
#include "handlers.h"
#include "web.h"

#define JSON "application/json; charset=utf-8"
#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* A JSON answer, or out_of_memory when its text was cut for want of memory. */
static int json_reply(xc_web_req *r, const xc_buf *b) {
  return b->nomem ? xc_web_out_of_memory(r) : xc_web_send(r, 200, JSON, b->data, b->len);
}

int xc_web_healthz(xc_web_req *r) { return xc_web_send(r, 200, "text/plain; charset=utf-8", "ok\n", 3); }

static int no_file(xc_web_req *r) {
  return xc_web_error(r, 400, "no_file", "Chưa có tệp: gửi tệp trong trường \"file\" (multipart/form-data).",
                      "No file: send the workbook in the \"file\" field (multipart/form-data).");
}

static int one_file(xc_web_req *r) {
  return xc_web_error(r, 400, "one_file", "Chỉ gửi một tệp trong trường \"file\".",
                      "Send exactly one file in the \"file\" field.");
}

static const xc_web_upload *first_file(const xc_web_req *r) {
  for (size_t i = 0; i < r->nfiles; i++)
    if (strcmp(r->files[i].field, "file") == 0) return &r->files[i];
  return NULL;
}

int xc_web_api_check(xc_web_req *r) {
  size_t n = xc_web_count_files(r, "file");
  if (!n) return no_file(r);
  xc_web_checked *cs = calloc(n, sizeof *cs);
  if (!cs) return xc_web_out_of_memory(r);
  size_t k = 0;
  bool nomem = false;
  for (size_t i = 0; i < r->nfiles && k < n && !nomem; i++) {
    if (strcmp(r->files[i].field, "file") != 0) continue;
    xc_web_check(r->cfg, r->files[i].path, r->files[i].name, r->lang, &cs[k]);
    nomem = cs[k++].error == XC_ERR_NOMEM;
  }
  xc_buf b;
  xc_buf_init(&b, 0);
  if (!nomem) xc_web_check_json_files(cs, k, r->lang, &b); /* what `check --format json` prints for these files */
  for (size_t i = 0; i < k; i++) xc_web_checked_free(&cs[i]);
  free(cs);
  if (nomem || b.nomem) {
    xc_buf_free(&b);
    return xc_web_out_of_memory(r);
  }
  int rc = xc_web_send(r, 200, JSON, b.data, b.len);
  xc_buf_free(&b);
  return rc;
}

int xc_web_api_explain(xc_web_req *r) {
  size_t n = xc_web_count_files(r, "file");
  if (!n) return no_file(r);
  if (n > 1) return one_file(r);
  const xc_web_upload *u = first_file(r);
  xc_explain *x = xc_web_explain(r->cfg, u->path, u->name, r->lang);
  if (!x) return xc_web_out_of_memory(r);
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_web_explain_json(x, r->lang, &b);
  xc_explain_free(x);
  if (b.nomem) {
    xc_buf_free(&b);
    return xc_web_out_of_memory(r);
  }
  int rc = xc_web_send(r, 200, JSON, b.data, b.len);
  xc_buf_free(&b);
  return rc;
}

/* "bao-cao.xlsx" → "bao-cao_da-kiem-tra.xlsx" */
void xc_web_annotated_name(const char *name, xc_buf *out) {
  const char *dot = strrchr(name, '.');
  size_t stem = dot && dot != name ? (size_t)(dot - name) : strlen(name);
  xc_buf_add(out, name, stem);
  xc_buf_adds(out, "_da-kiem-tra.xlsx");
}

int xc_web_api_annotate(xc_web_req *r) {
  size_t n = xc_web_count_files(r, "file");
  if (!n) return no_file(r);
  if (n > 1) return one_file(r);
  const xc_web_upload *u = first_file(r);
  xc_web_checked c;
  xc_web_check(r->cfg, u->path, u->name, r->lang, &c);
  if (c.error == XC_ERR_NOMEM) {
    xc_web_checked_free(&c);
    return xc_web_out_of_memory(r);
  }
  bool readable = c.readable;
  xc_buf b;
  xc_buf_init(&b, 0);
  if (!readable) xc_web_check_json(&c, r->lang, &b);
  xc_web_checked_free(&c);
  if (!readable) {
    int rc = json_reply(r, &b);
    xc_buf_free(&b);
    return rc;
  }
  char out[PATH_MAX];
  snprintf(out, sizeof out, "%s/annotated.xlsx", r->tmp);
  xc_buf err;
  xc_buf_init(&err, 0);
  int rc;
  if (xc_web_annotate(r->cfg, u->path, u->name, r->lang, out, &err)) {
    xc_web_annotated_name(u->name, &b);
    rc = b.nomem ? xc_web_out_of_memory(r) : xc_web_send_file(r, 200, XLSX, out, xc_buf_str(&b));
  } else if (err.nomem) {
    rc = xc_web_out_of_memory(r);
  } else {
    xc_buf_adds(&b, "{\"file\": ");
    xc_json_str(&b, u->name);
    xc_buf_adds(&b, ", \"error\": ");
    xc_json_str(&b, xc_buf_str(&err));
    xc_buf_adds(&b, "}\n");
    rc = json_reply(r, &b);
  }
  xc_buf_free(&err);
  xc_buf_free(&b);
  return rc;
}

/* ---- the merge's inputs: the "file" uploads, a zip of them opened -------- */

static bool is_zip_of_files(const char *path) {
  int ze = 0;
  zip_t *z = zip_open(path, ZIP_RDONLY, &ze);
  if (!z) return false;
  bool workbook = zip_name_locate(z, "[Content_Types].xml", ZIP_FL_NOCASE) >= 0;
  zip_close(z);
  return !workbook;
}

static bool spreadsheet_name(const char *name) {
  const char *dot = strrchr(name, '.');
  return dot && (strcasecmp(dot, ".xlsx") == 0 || strcasecmp(dot, ".xlsm") == 0);
}

/* The spreadsheets of a zip, written beside the uploads (at most `max_files`,
 * and no more bytes than the caps allow); false when it cannot be read. */
static bool unpack(const xc_web_req *r, const char *zpath, xc_web_inputs *in, xc_buf *err) {
  int ze = 0;
  zip_t *z = zip_open(zpath, ZIP_RDONLY, &ze);
  if (!z) return false;
  zip_int64_t n = zip_get_num_entries(z, 0);
  uint64_t total = 0;
  bool ok = true;
  for (zip_int64_t i = 0; i < n && ok; i++) {
    zip_stat_t st;
    if (zip_stat_index(z, (zip_uint64_t)i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME)) continue;
    const char *base = strrchr(st.name, '/');
    base = base ? base + 1 : st.name;
    if (!spreadsheet_name(base) || strncmp(st.name, "__MACOSX", 8) == 0 || base[0] == '.') continue;
    if (in->n >= 500) {
      xc_buf_adds(err, xc_msg(r->lang, "tệp zip có quá nhiều bảng tính", "the zip holds too many spreadsheets"));
      ok = false;
      break;
    }
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/z%zu.xlsx", r->tmp, in->n + 1);
    zip_file_t *zf = zip_fopen_index(z, (zip_uint64_t)i, 0);
    FILE *out = zf ? fopen(path, "wb") : NULL;
    char chunk[65536];
    zip_int64_t got;
    while (out && (got = zip_fread(zf, chunk, sizeof chunk)) > 0) {
      total += (uint64_t)got;
      if (total > r->cfg->limits.max_total || fwrite(chunk, 1, (size_t)got, out) != (size_t)got) {
        xc_buf_adds(err, xc_msg(r->lang, "tệp zip giải nén ra quá lớn", "the zip unpacks to too much data"));
        ok = false;
        break;
      }
      if (got < 0) ok = false;
    }
    if (!out || !zf) ok = false;
    if (out && fclose(out) != 0) ok = false;
    if (zf) zip_fclose(zf);
    if (!ok) break;
    in->paths[in->n] = strdup(path);
    in->names[in->n] = strdup(base);
    in->n++;
  }
  zip_close(z);
  return ok;
}

bool xc_web_collect_inputs(const xc_web_req *r, xc_web_inputs *in, xc_buf *err) {
  memset(in, 0, sizeof *in);
  in->paths = calloc(501, sizeof *in->paths);
  in->names = calloc(501, sizeof *in->names);
  if (!in->paths || !in->names) return false;
  for (size_t i = 0; i < r->nfiles; i++) {
    const xc_web_upload *u = &r->files[i];
    if (strcmp(u->field, "file") != 0 || u->size == 0) continue;
    const char *dot = strrchr(u->name, '.');
    if (dot && strcasecmp(dot, ".zip") == 0 && is_zip_of_files(u->path)) {
      if (!unpack(r, u->path, in, err)) return false;
      continue;
    }
    if (in->n >= 500) return false;
    in->paths[in->n] = strdup(u->path);
    in->names[in->n] = strdup(u->name);
    in->n++;
  }
  return true;
}

void xc_web_inputs_free(xc_web_inputs *in) {
  for (size_t i = 0; i < in->n; i++) {
    free(in->paths[i]);
    free(in->names[i]);
  }
  free(in->paths);
  free(in->names);
  memset(in, 0, sizeof *in);
}

int xc_web_api_merge(xc_web_req *r) {
  if (!xc_web_count_files(r, "file")) return no_file(r);
  xc_web_inputs in;
  xc_buf err;
  xc_buf_init(&err, 0);
  int rc;
  if (!xc_web_collect_inputs(r, &in, &err) || in.n == 0) {
    rc = xc_web_error(r, 400, "bad_zip", "Không đọc được tệp zip, hoặc trong đó không có bảng tính .xlsx nào.",
                      "The zip cannot be read, or holds no .xlsx spreadsheet.");
    xc_web_inputs_free(&in);
    xc_buf_free(&err);
    return rc;
  }
  char out[PATH_MAX];
  snprintf(out, sizeof out, "%s/bundle.zip", r->tmp);
  xc_web_merged m;
  if (xc_web_merge_run(r->cfg, in.paths, in.names, in.n, r->lang, false, out, &m, &err)) {
    char name[600];
    snprintf(name, sizeof name, "%s", m.res.xlsx_name);
    char *dot = strrchr(name, '.');
    if (dot) strcpy(dot, ".zip");
    rc = xc_web_send_file(r, 200, "application/zip", out, name);
  } else if (err.nomem) {
    rc = xc_web_out_of_memory(r);
  } else {
    xc_buf b;
    xc_buf_init(&b, 0);
    xc_buf_adds(&b, "{\"error\": ");
    xc_json_str(&b, err.len ? xc_buf_str(&err) : xc_msg(r->lang, "không tổng hợp được", "nothing could be merged"));
    xc_buf_adds(&b, ", \"files\": [");
    for (size_t i = 0; i < m.res.nfiles; i++) { /* in the order the files were read */
      const xc_merge_file *f = NULL;
      for (size_t k = 0; k < m.res.nfiles && !f; k++)
        if (m.res.files[k].input_index == i) f = &m.res.files[k];
      if (!f) continue;
      xc_buf_adds(&b, i ? ", " : "");
      xc_buf_adds(&b, "{\"file\": ");
      xc_json_str(&b, f->name);
      xc_buf_adds(&b, ", \"status\": ");
      xc_json_str(&b, xc_merge_status_text(f->status, r->lang));
      xc_buf_adds(&b, ", \"note\": ");
      xc_json_str(&b, r->lang == XC_LANG_EN ? f->note_en : f->note_vi);
      xc_buf_adds(&b, "}");
    }
    xc_buf_adds(&b, "]}\n");
    rc = json_reply(r, &b);
    xc_buf_free(&b);
  }
  xc_web_merged_free(&m);
  xc_web_inputs_free(&in);
  xc_buf_free(&err);
  return rc;
}
