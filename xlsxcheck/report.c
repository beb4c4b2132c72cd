/* report.c: text, CSV and JSON renderings of findings. */
#include "report.h"

#include <string.h>

#include "buf.h"
#include "msg.h"

static const char *sev_name(xc_severity s, xc_lang L, bool machine) {
  if (machine) return s == XC_SEV_ERROR ? "error" : "warning";
  return s == XC_SEV_ERROR ? xc_msg(L, "lỗi", "error") : xc_msg(L, "cảnh báo", "warning");
}

static const char *msg_of(const xc_diag *d, xc_lang L) {
  return L == XC_LANG_EN && d->msg_en[0] ? d->msg_en : d->msg_vi;
}

static const char *hint_of(const xc_diag *d, xc_lang L) {
  return L == XC_LANG_EN && d->hint_en[0] ? d->hint_en : d->hint_vi;
}

static void text_report(xc_buf *out, const xc_diags *ds, xc_lang L) {
  const char *file = NULL, *sheet = NULL;
  for (size_t i = 0; i < ds->n; i++) {
    const xc_diag *d = &ds->items[i];
    if (!file || strcmp(file, d->file) != 0) {
      size_t e = 0, w = 0;
      for (size_t k = i; k < ds->n && strcmp(ds->items[k].file, d->file) == 0; k++)
        ds->items[k].severity == XC_SEV_ERROR ? e++ : w++;
      xc_buf_printf(out, "%s%s%s%s%s: %zu %s, %zu %s\n", i ? "\n" : "", d->file, d->unit[0] ? " (" : "",
              d->unit, d->unit[0] ? ")" : "", e, xc_msg(L, "lỗi", e == 1 ? "error" : "errors"), w,
              xc_msg(L, "cảnh báo", w == 1 ? "warning" : "warnings"));
      file = d->file;
      sheet = NULL;
    }
    if (!sheet || strcmp(sheet, d->sheet) != 0) {
      xc_buf_printf(out, "  %s\n", d->sheet[0] ? d->sheet : xc_msg(L, "(sổ làm việc)", "(workbook)"));
      sheet = d->sheet;
    }
    xc_buf_printf(out, "    ");
    if (d->cell[0]) xc_buf_printf(out, "%s!%s ", d->sheet, d->cell);
    if (d->key[0]) xc_buf_printf(out, "[%s] ", d->key);
    xc_buf_printf(out, "%s (%s): %s", d->rule, sev_name(d->severity, L, false), msg_of(d, L));
    if (d->actual[0] || d->expected[0]) {
      xc_buf_printf(out, " —");
      if (d->actual[0]) xc_buf_printf(out, " %s %s", xc_msg(L, "có", "is"), d->actual);
      if (d->actual[0] && d->expected[0]) xc_buf_printf(out, ",");
      if (d->expected[0]) xc_buf_printf(out, " %s %s", xc_msg(L, "cần", "expected"), d->expected);
    }
    xc_buf_printf(out, "\n");
    const char *h = hint_of(d, L);
    if (h[0]) xc_buf_printf(out, "      %s: %s\n", xc_msg(L, "Cách sửa", "Fix"), h);
  }
  if (ds->n == 0) xc_buf_printf(out, "%s\n", xc_msg(L, "Không có lỗi.", "No findings."));
}

static void csv_field(xc_buf *b, const char *s, bool last) {
  bool quote = strpbrk(s, ",\"\r\n") != NULL;
  if (quote) xc_buf_addc(b, '"');
  for (const char *p = s; *p; p++) {
    if (*p == '"') xc_buf_addc(b, '"');
    xc_buf_addc(b, *p);
  }
  if (quote) xc_buf_addc(b, '"');
  xc_buf_adds(b, last ? "\r\n" : ",");
}

void xc_diag_fields(const xc_diag *d, xc_lang L, bool machine, const char *out[XC_DIAG_NFIELDS]) {
  const char *v[XC_DIAG_NFIELDS] = {d->file, d->unit, d->sheet, d->cell, d->key, d->rule,
                                    sev_name(d->severity, L, machine), msg_of(d, L), d->expected, d->actual,
                                    hint_of(d, L)};
  memcpy(out, v, sizeof v);
}

void xc_report_csv_buf(xc_buf *b, const xc_diags *ds, xc_lang L) {
  xc_buf_adds(b, "\xEF\xBB\xBF" XC_CSV_HEADER "\r\n");
  for (size_t i = 0; i < ds->n; i++) {
    const char *v[XC_DIAG_NFIELDS];
    xc_diag_fields(&ds->items[i], L, true, v);
    for (size_t k = 0; k < XC_DIAG_NFIELDS; k++) csv_field(b, v[k], k + 1 == XC_DIAG_NFIELDS);
  }
}

void xc_json_str(xc_buf *b, const char *s) {
  xc_buf_addc(b, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
      case '"': xc_buf_adds(b, "\\\""); break;
      case '\\': xc_buf_adds(b, "\\\\"); break;
      case '\n': xc_buf_adds(b, "\\n"); break;
      case '\r': xc_buf_adds(b, "\\r"); break;
      case '\t': xc_buf_adds(b, "\\t"); break;
      default:
        if (*p < 0x20) xc_buf_printf(b, "\\u%04x", *p);
        else xc_buf_addc(b, (char)*p);
    }
  }
  xc_buf_addc(b, '"');
}

static void json_report(xc_buf *out, const xc_diags *ds, xc_lang L) {
  xc_buf b = *out;
  xc_buf_printf(&b, "{\"errors\": %zu, \"warnings\": %zu, \"findings\": [", ds->errors, ds->warnings);
  for (size_t i = 0; i < ds->n; i++) {
    const char *names[XC_DIAG_NFIELDS] = {"file", "unit", "sheet", "cell", "key", "rule", "severity",
                                          "message", "expected", "actual", "hint"};
    const char *vals[XC_DIAG_NFIELDS];
    xc_diag_fields(&ds->items[i], L, true, vals);
    xc_buf_adds(&b, i ? ",\n  {" : "\n  {");
    for (size_t k = 0; k < XC_DIAG_NFIELDS; k++) {
      if (k) xc_buf_adds(&b, ", ");
      xc_json_str(&b, names[k]);
      xc_buf_adds(&b, ": ");
      xc_json_str(&b, vals[k]);
    }
    xc_buf_addc(&b, '}');
  }
  xc_buf_adds(&b, ds->n ? "\n]}\n" : "]}\n");
  *out = b;
}

void xc_report(xc_buf *out, const xc_diags *d, xc_report_format fmt, xc_lang L) {
  if (fmt == XC_FMT_CSV) xc_report_csv_buf(out, d, L);
  else if (fmt == XC_FMT_JSON) json_report(out, d, L);
  else text_report(out, d, L);
}
