/* mktemplates.c: writes the blank official templates from the spec kept in
 * rulesets/, with the form writer of the library (xlsxcheck/formwrite.h).
 *
 *   mktemplates RULESETS_DIR OUT_DIR
 *
 * Inputs (all UTF-8 TSV, first line a header, no quoting):
 *   RULESETS_DIR/forms/layout.tsv       one line per sheet, in workbook order:
 *                                       titles, header labels, column widths,
 *                                       sheet type (keyed, list, criteria)
 *   RULESETS_DIR/forms/layout-rows.tsv  per-row dropdowns and input messages
 *   RULESETS_DIR/forms/...              the form TSVs that layout.tsv names
 *   RULESETS_DIR/units/kon-tum.tsv      official unit names (Đơn vị dropdown)
 * Outputs: OUT_DIR/bao-cao-dinh-ky.xlsx and OUT_DIR/chi-so-cchc.xlsx.
 *
 * The output is byte-reproducible: the document dates are fixed (2023-01-01)
 * and libxlsxwriter stamps every zip entry 1980-01-01.  Keys are written as
 * text cells, so "2.10" stays "2.10".
 *
 * Exit status: 0 written; 1 the spec is wrong or a file cannot be written
 * (the message names file and line); 2 usage. */
#include <stdbool.h>
#include <stdio.h>

#include "buf.h"
#include "formwrite.h"

/* Writes OUT_DIR/name.xlsx, the blank form of book `name`. */
static bool write_book(const xc_fw_spec *spec, const char *out, const char *name, const char *title,
                       xc_buf *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.xlsx", out, name);
  xc_fw_props props = {
      .title = title,
      .subject = "Biểu mẫu chính thức (bản trắng)",
      .comments = "Sinh tự động bởi templates/mktemplates.c từ rulesets/forms; không sửa tay.",
      .form = name,
  };
  xc_fw *w = xc_fw_open(spec, name, path, &props, err);
  if (!w) return false;
  bool ok = xc_fw_form(w, NULL, err);
  return xc_fw_close(w, ok ? err : NULL) && ok;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: mktemplates RULESETS_DIR OUT_DIR\n");
    return 2;
  }
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_fw_spec *spec = xc_fw_spec_load(argv[1], NULL, &err);
  bool ok =
      spec &&
      write_book(spec, argv[2], "bao-cao-dinh-ky", "Báo cáo định kỳ công tác cải cách hành chính",
                 &err) &&
      write_book(spec, argv[2], "chi-so-cchc", "Tự đánh giá Chỉ số cải cách hành chính", &err);
  if (!ok) fprintf(stderr, "mktemplates: %s", xc_buf_str(&err));
  xc_fw_spec_free(spec);
  xc_buf_free(&err);
  return ok ? 0 : 1;
}
