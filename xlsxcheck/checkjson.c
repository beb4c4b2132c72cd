/* checkjson.c: check's JSON, one object per file (checkjson.h). */
#include "checkjson.h"

#include <stdlib.h>

#include "json.h"
#include "report.h"
#include "version.h"

json_t *xc_check_json_new(void) {
  json_t *doc = json_object();
  if (doc && (!xc_json_put_text(doc, "tool", "xlsxcheck") || !xc_json_put_text(doc, "version", XC_VERSION) ||
              !xc_json_put_int(doc, "errors", 0) || !xc_json_put_int(doc, "warnings", 0) ||
              json_object_set_new(doc, "files", json_array()) != 0)) {
    json_decref(doc);
    return NULL;
  }
  return doc;
}

/* text, or JSON null when it is empty */
static json_t *text_or_null(const char *s) { return s && *s ? xc_json_text(s) : json_null(); }

static bool add_count(json_t *doc, const char *key, size_t n) {
  return xc_json_put_int(doc, key, (long long)json_integer_value(json_object_get(doc, key)) + (long long)n);
}

bool xc_check_json_add(json_t *doc, const xc_check_file *f, const xc_diags *findings, xc_lang L) {
  json_t *o = json_object(), *list = json_array();
  const char *status = f->error == XC_OK ? "checked" : f->error == XC_ERR_FORM_UNKNOWN ? "unknown-form" : "unreadable";
  bool ok = o && list && xc_json_put_text(o, "name", f->name) && xc_json_put_text(o, "status", status);
  if (ok && f->form_id && *f->form_id) {
    json_t *form = json_object();
    ok = form && xc_json_put_text(form, "id", f->form_id) && xc_json_put_text(form, "title", f->form_title) &&
         json_object_set(o, "form", form) == 0;
    json_decref(form);
  } else if (ok) {
    ok = json_object_set_new(o, "form", json_null()) == 0;
  }
  bool has_unit = (f->unit_code && *f->unit_code) || (f->unit_text && *f->unit_text);
  if (ok && has_unit) {
    json_t *unit = json_object();
    ok = unit && json_object_set_new(unit, "code", text_or_null(f->unit_code)) == 0 &&
         json_object_set_new(unit, "name", text_or_null(f->unit_name)) == 0 &&
         xc_json_put_text(unit, "as_written", f->unit_text) && json_object_set(o, "unit", unit) == 0;
    json_decref(unit);
  } else if (ok) {
    ok = json_object_set_new(o, "unit", json_null()) == 0;
  }
  ok = ok && json_object_set_new(o, "period", text_or_null(f->period)) == 0 &&
       xc_json_put_int(o, "errors", (long long)findings->errors) &&
       xc_json_put_int(o, "warnings", (long long)findings->warnings);
  if (ok && f->error != XC_OK) {
    json_t *e = json_object();
    ok = e && xc_json_put_text(e, "code", xc_err_name(f->error)) &&
         xc_json_put_text(e, "message", f->error_text ? f->error_text : xc_strerror(f->error, L)) &&
         xc_json_put_text(e, "todo", xc_err_todo(f->error, L)) && json_object_set(o, "error", e) == 0;
    json_decref(e);
  }
  for (size_t i = 0; ok && i < findings->n; i++) {
    json_t *d = xc_diag_json(&findings->items[i], L);
    ok = d && json_array_append_new(list, d) == 0;
  }
  ok = ok && json_object_set(o, "findings", list) == 0 && json_array_append(json_object_get(doc, "files"), o) == 0 &&
       add_count(doc, "errors", findings->errors) && add_count(doc, "warnings", findings->warnings);
  json_decref(list);
  json_decref(o);
  return ok;
}

bool xc_check_json_render(json_t *doc, xc_buf *out) { return xc_json_dump(doc, true, out); }

/* ---- the public document (xlsxcheck.h) ---------------------------------------- */

struct xc_check_doc {
  json_t *doc;
};

xc_check_doc *xc_check_doc_new(void) {
  xc_check_doc *d = calloc(1, sizeof *d);
  if (d && !(d->doc = xc_check_json_new())) {
    free(d);
    d = NULL;
  }
  return d;
}

bool xc_check_doc_add(xc_check_doc *doc, const xc_check_file *f, const xc_diags *findings, xc_lang lang) {
  return doc && xc_check_json_add(doc->doc, f, findings, lang);
}

bool xc_check_doc_render(const xc_check_doc *doc, char **out, size_t *len) {
  *out = NULL;
  if (len) *len = 0;
  xc_buf b;
  xc_buf_init(&b, 0);
  if (!doc || !xc_check_json_render(doc->doc, &b)) {
    xc_buf_free(&b);
    return false;
  }
  if (len) *len = b.len;
  *out = b.data ? b.data : calloc(1, 1);
  return *out != NULL;
}

void xc_check_doc_free(xc_check_doc *doc) {
  if (!doc) return;
  json_decref(doc->doc);
  free(doc);
}
