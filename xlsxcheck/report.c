/* report.c: text, CSV and JSON renderings of findings. */
#include "report.h"

#include <string.h>

#include <stdlib.h>

#include "buf.h"
#include "group.h"
#include "json.h"
#include "report_html.h"
#include "msg.h"

static const char *sev_name(xc_severity s, xc_lang L, bool machine) {
  return xc_severity_name(s, L, machine);
}

static const char *msg_of(const xc_diag *d, xc_lang L) {
  return L == XC_LANG_EN && d->msg_en[0] ? d->msg_en : d->msg_vi;
}

static const char *hint_of(const xc_diag *d, xc_lang L) {
  return L == XC_LANG_EN && d->hint_en[0] ? d->hint_en : d->hint_vi;
}

/* Grouped: per file a heading with its counts, then its groups (errors
 * first, in the form's sheet order), each once with every cell and its fix. */
static void text_report(xc_buf *out, const xc_diags *ds, xc_lang L) {
  xc_groups gs;
  if (!xc_groups_build(ds, &gs)) out->nomem = true;
  xc_buf line;
  xc_buf_init(&line, 0);
  const char *file = NULL;
  for (size_t i = 0; i < gs.n; i++) {
    const xc_group *g = &gs.items[i];
    const xc_diag *d = g->first;
    if (!file || strcmp(file, d->file) != 0) {
      size_t e = 0, w = 0;
      for (size_t k = i; k < gs.n && strcmp(gs.items[k].first->file, d->file) == 0; k++)
        if (gs.items[k].first->severity == XC_SEV_ERROR) e += gs.items[k].n;
        else if (gs.items[k].first->severity == XC_SEV_WARNING) w += gs.items[k].n;
      xc_buf_printf(out, "%s%s%s%s%s: %zu %s, %zu %s\n", i ? "\n" : "", d->file, d->unit[0] ? " (" : "",
              d->unit, d->unit[0] ? ")" : "", e, xc_msg(L, "lỗi", e == 1 ? "error" : "errors"), w,
              xc_msg(L, "cảnh báo", w == 1 ? "warning" : "warnings"));
      file = d->file;
    }
    xc_buf_clear(&line);
    xc_group_line(g, L, 0, &line);
    xc_buf_printf(out, "  %s\n", xc_buf_str(&line));
    const char *h = xc_group_hint(g, L);
    if (h[0]) xc_buf_printf(out, "    %s: %s\n", xc_msg(L, "Cách sửa", "Fix"), h);
  }
  if (ds->n == 0) xc_buf_printf(out, "%s\n", xc_msg(L, "Không có lỗi.", "No findings."));
  xc_buf_free(&line);
  xc_groups_free(&gs);
}

static void csv_field(xc_buf *b, const char *s, bool last) {
  bool quote = strpbrk(s, ",\"\r\n") != NULL;
  if (quote) xc_buf_addc(b, '"');
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) { /* valid UTF-8 whatever the bytes were (utf8.h) */
    size_t k = xc_utf8_seq(s + i, n - i);
    if (!k) xc_buf_adds(b, XC_UTF8_REPLACEMENT), k = 1;
    else if (s[i] == '"') xc_buf_adds(b, "\"\"");
    else xc_buf_add(b, s + i, k);
    i += k;
  }
  if (quote) xc_buf_addc(b, '"');
  xc_buf_adds(b, last ? "\r\n" : ",");
}

const char *const xc_diag_field_names[XC_DIAG_NFIELDS] = {
    "file", "unit", "sheet", "cell", "key", "rule", "severity", "message", "expected", "actual", "hint", "group"};

void xc_diag_fields(const xc_diag *d, xc_lang L, bool machine, char group[XC_GROUP_ID_MAX],
                    const char *out[XC_DIAG_NFIELDS]) {
  xc_diag_group_id(d, group);
  const char *v[XC_DIAG_NFIELDS] = {d->file, d->unit, d->sheet, d->cell, d->key, d->rule,
                                    sev_name(d->severity, L, machine), msg_of(d, L), d->expected, d->actual,
                                    hint_of(d, L), group};
  memcpy(out, v, sizeof v);
}

void xc_report_csv_buf(xc_buf *b, const xc_diags *ds, xc_lang L) {
  xc_buf_adds(b, "\xEF\xBB\xBF" XC_CSV_HEADER "\r\n");
  for (size_t i = 0; i < ds->n; i++) {
    const char *v[XC_DIAG_NFIELDS];
    char gid[XC_GROUP_ID_MAX];
    xc_diag_fields(&ds->items[i], L, true, gid, v);
    for (size_t k = 0; k < XC_DIAG_NFIELDS; k++) csv_field(b, v[k], k + 1 == XC_DIAG_NFIELDS);
  }
}

/* One finding as a JSON object, the columns of XC_CSV_HEADER. */
json_t *xc_diag_json(const xc_diag *d, xc_lang L) {
  const char *vals[XC_DIAG_NFIELDS];
  char gid[XC_GROUP_ID_MAX];
  xc_diag_fields(d, L, true, gid, vals);
  json_t *o = json_object();
  for (size_t k = 0; o && k < XC_DIAG_NFIELDS; k++)
    if (!xc_json_put_text(o, xc_diag_field_names[k], vals[k])) {
      json_decref(o);
      return NULL;
    }
  return o;
}

static void json_report(xc_buf *out, const xc_diags *ds, xc_lang L) {
  json_t *doc = json_object(), *list = json_array();
  bool ok = doc && list && xc_json_put_int(doc, "errors", (long long)ds->errors) &&
            xc_json_put_int(doc, "warnings", (long long)ds->warnings);
  for (size_t i = 0; ok && i < ds->n; i++) ok = json_array_append_new(list, xc_diag_json(&ds->items[i], L)) == 0;
  ok = ok && json_object_set(doc, "findings", list) == 0 && xc_json_dump(doc, true, out);
  if (!ok) out->nomem = true; /* jansson fails only for want of memory */
  json_decref(list);
  json_decref(doc);
}

void xc_report_html_buf(xc_buf *b, const xc_diags *d, xc_lang L) {
  xc_buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s%s</title>\n"
                   "<style>%s</style></head><body>\n<main>\n<h1>%s</h1>\n",
                L == XC_LANG_EN ? "en" : "vi", d->errors ? xc_msg(L, "Lỗi: ", "Errors: ") : "",
                xc_msg(L, "Kết quả kiểm tra", "Check results"), xc_html_css(), xc_msg(L, "Kết quả kiểm tra", "Check results"));
  xc_html_opts o = {L, false, 10};
  xc_html_findings(b, d, &o);
  xc_buf_adds(b, "</main>\n</body></html>\n");
}

void xc_report(xc_buf *out, const xc_diags *d, xc_report_format fmt, xc_lang L) {
  if (fmt == XC_FMT_HTML) xc_report_html_buf(out, d, L);
  else if (fmt == XC_FMT_CSV) xc_report_csv_buf(out, d, L);
  else if (fmt == XC_FMT_JSON) json_report(out, d, L);
  else text_report(out, d, L);
}
