/* mkexamples.c: writes the demo's example workbooks with libxlsxwriter.
 *
 *   mkexamples DATA_DIR OUT_DIR
 *
 * bao-cao-dinh-ky_kon-ray_2023-q1.xlsx: a clean periodic report (Thông tin,
 *   Biểu mẫu 1 with the seed values of Kbang's Quý I/2023 report).
 * bao-cao-dinh-ky_dak-ha_2023-6t.xlsx: the same form filled the way real
 *   files are: numbers typed as text in Vietnamese notation ("08", "1.079",
 *   "5,2", "100%"), a label in decomposed Unicode (NFD), the alias sheet
 *   name "BM1", extra title rows, a blank inserted row, a hidden sheet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xlsxwriter.h>

typedef struct {
  char key[32], label[512], unit[128], value[256];
} row;

static size_t read_rows(const char *path, row *rows, size_t max) {
  FILE *f = fopen(path, "r");
  if (!f) {
    perror(path);
    exit(1);
  }
  char line[2048];
  size_t n = 0;
  if (!fgets(line, sizeof line, f)) exit(1); /* header */
  while (n < max && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\r\n")] = '\0';
    char *fields[4] = {0};
    char *p = line;
    for (int i = 0; i < 4; i++) {
      fields[i] = p;
      char *tab = p ? strchr(p, '\t') : NULL;
      if (tab) *tab = '\0';
      p = tab ? tab + 1 : NULL;
      if (!p && i < 3) {
        for (int k = i + 1; k < 4; k++) fields[k] = "";
        break;
      }
    }
    snprintf(rows[n].key, sizeof rows[n].key, "%s", fields[0]);
    snprintf(rows[n].label, sizeof rows[n].label, "%s", fields[1]);
    snprintf(rows[n].unit, sizeof rows[n].unit, "%s", fields[2]);
    snprintf(rows[n].value, sizeof rows[n].value, "%s", fields[3]);
    n++;
  }
  fclose(f);
  return n;
}

typedef struct {
  lxw_format *title, *head, *key, *text, *num, *date;
} formats;

static void header(lxw_worksheet *ws, const formats *fm, int *r, const char *title,
                   const char *subtitle, bool extra_title) {
  if (extra_title) {
    worksheet_merge_range(ws, (lxw_row_t)*r, 0, (lxw_row_t)*r, 4, "ỦY BAN NHÂN DÂN HUYỆN ĐẮK HÀ",
                          fm->title);
    (*r)++;
  }
  worksheet_merge_range(ws, (lxw_row_t)*r, 0, (lxw_row_t)*r, 4, title, fm->title);
  (*r)++;
  if (subtitle) {
    worksheet_merge_range(ws, (lxw_row_t)*r, 0, (lxw_row_t)*r, 4, subtitle, fm->title);
    (*r)++;
  }
  (*r)++;
  worksheet_merge_range(ws, (lxw_row_t)*r, 0, (lxw_row_t)*r + 1, 0, "STT", fm->head);
  worksheet_merge_range(ws, (lxw_row_t)*r, 1, (lxw_row_t)*r + 1, 1,
                        "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
                        fm->head);
  worksheet_merge_range(ws, (lxw_row_t)*r, 2, (lxw_row_t)*r, 3, "Kết quả thống kê", fm->head);
  worksheet_merge_range(ws, (lxw_row_t)*r, 4, (lxw_row_t)*r + 1, 4, "Ghi chú", fm->head);
  worksheet_write_string(ws, (lxw_row_t)*r + 1, 2, "Đơn vị tính", fm->head);
  worksheet_write_string(ws, (lxw_row_t)*r + 1, 3, "Số liệu", fm->head);
  *r += 2;
}

/* Vietnamese notation for a plain number text: "1079" -> "1.079" */
static void vn_notation(const char *in, char *out, size_t n) {
  size_t len = strlen(in), o = 0;
  for (size_t i = 0; i < len && o + 2 < n; i++) {
    out[o++] = in[i];
    size_t left = len - i - 1;
    if (left > 0 && left % 3 == 0) out[o++] = '.';
  }
  out[o] = '\0';
}

static void write_value(lxw_worksheet *ws, lxw_row_t r, const char *v, const formats *fm,
                        bool quirky) {
  if (!*v) return;
  if (strncmp(v, "date:", 5) == 0) {
    lxw_datetime dt = {0};
    sscanf(v + 5, "%d-%d-%d", &dt.year, &dt.month, &dt.day);
    worksheet_write_datetime(ws, r, 3, &dt, fm->date);
    return;
  }
  if (strncmp(v, "text:", 5) == 0) {
    worksheet_write_string(ws, r, 3, v + 5, fm->text);
    return;
  }
  char *end;
  double d = strtod(v, &end);
  bool numeric = *v && *end == '\0';
  if (!numeric) {
    worksheet_write_string(ws, r, 3, v, fm->text);
  } else if (quirky) {
    char buf[64];
    if (d >= 1000) vn_notation(v, buf, sizeof buf);
    else snprintf(buf, sizeof buf, "%s", v);
    worksheet_write_string(ws, r, 3, buf, fm->text); /* typed as text, as units do */
  } else {
    worksheet_write_number(ws, r, 3, d, fm->num);
  }
}

static void keyed_sheet(lxw_workbook *wb, const char *name, const row *rows, size_t n,
                        const formats *fm, const char *title, const char *subtitle, bool quirky) {
  lxw_worksheet *ws = workbook_add_worksheet(wb, name);
  worksheet_set_column(ws, 0, 0, 7, NULL);
  worksheet_set_column(ws, 1, 1, 60, NULL);
  worksheet_set_column(ws, 2, 2, 16, NULL);
  worksheet_set_column(ws, 3, 3, 14, NULL);
  worksheet_set_column(ws, 4, 4, 24, NULL);
  int r = 0;
  header(ws, fm, &r, title, subtitle, quirky);
  for (size_t i = 0; i < n; i++) {
    if (quirky && i == 3) r++; /* a blank row inserted by hand */
    char key[40];
    snprintf(key, sizeof key, "%s%s", rows[i].key, quirky && strchr(rows[i].key, '.') ? "." : "");
    worksheet_write_string(ws, (lxw_row_t)r, 0, key, fm->key);
    if (quirky && i == 2) {
      utf8proc_uint8_t *nfd = utf8proc_NFD((const utf8proc_uint8_t *)rows[i].label);
      worksheet_write_string(ws, (lxw_row_t)r, 1, (const char *)nfd, fm->text);
      free(nfd);
    } else {
      worksheet_write_string(ws, (lxw_row_t)r, 1, rows[i].label, fm->text);
    }
    if (rows[i].unit[0]) worksheet_write_string(ws, (lxw_row_t)r, 2, rows[i].unit, fm->text);
    write_value(ws, (lxw_row_t)r, rows[i].value, fm, quirky);
    r++;
  }
}

static formats make_formats(lxw_workbook *wb) {
  formats fm;
  fm.title = workbook_add_format(wb);
  format_set_bold(fm.title);
  format_set_align(fm.title, LXW_ALIGN_CENTER);
  fm.head = workbook_add_format(wb);
  format_set_bold(fm.head);
  format_set_border(fm.head, LXW_BORDER_THIN);
  format_set_text_wrap(fm.head);
  format_set_align(fm.head, LXW_ALIGN_CENTER);
  fm.key = workbook_add_format(wb);
  format_set_num_format(fm.key, "@");
  format_set_border(fm.key, LXW_BORDER_THIN);
  fm.text = workbook_add_format(wb);
  format_set_border(fm.text, LXW_BORDER_THIN);
  format_set_text_wrap(fm.text);
  fm.num = workbook_add_format(wb);
  format_set_border(fm.num, LXW_BORDER_THIN);
  fm.date = workbook_add_format(wb);
  format_set_num_format(fm.date, "d/m/yyyy");
  format_set_border(fm.date, LXW_BORDER_THIN);
  return fm;
}

static int write_book(const char *path, const row *info, size_t ninfo, const row *bm1, size_t nbm1,
                      bool quirky) {
  lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
  lxw_workbook *wb = workbook_new_opt(path, &opt);
  if (!wb) return 1;
  lxw_doc_properties props = {.title = "Báo cáo định kỳ CCHC", .author = "xlsxcheck examples",
                              .created = 1678838400}; /* fixed: reproducible bytes */
  workbook_set_properties(wb, &props);
  formats fm = make_formats(wb);
  keyed_sheet(wb, "Thông tin", info, ninfo, &fm, "THÔNG TIN BÁO CÁO", NULL, quirky);
  keyed_sheet(wb, quirky ? "BM1" : "Biểu mẫu 1", bm1, nbm1, &fm, "Biểu mẫu 1",
              "Công tác chỉ đạo điều hành CCHC", quirky);
  if (quirky) {
    lxw_worksheet *notes = workbook_add_worksheet(wb, "Ghi chú nội bộ");
    worksheet_write_string(notes, 0, 0, "Bản nháp: số liệu Biểu mẫu 1 chưa đối chiếu", NULL);
    worksheet_hide(notes);
  }
  return workbook_close(wb) == LXW_NO_ERROR ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: mkexamples DATA_DIR OUT_DIR\n");
    return 2;
  }
  static row info1[64], info2[64], bm1[128];
  char path[4096];
  snprintf(path, sizeof path, "%s/thong-tin_kon-ray.tsv", argv[1]);
  size_t n1 = read_rows(path, info1, 64);
  snprintf(path, sizeof path, "%s/thong-tin_dak-ha.tsv", argv[1]);
  size_t n2 = read_rows(path, info2, 64);
  snprintf(path, sizeof path, "%s/bieu-mau-1_kbang-seed.tsv", argv[1]);
  size_t nb = read_rows(path, bm1, 128);
  int rc = 0;
  snprintf(path, sizeof path, "%s/bao-cao-dinh-ky_kon-ray_2023-q1.xlsx", argv[2]);
  rc |= write_book(path, info1, n1, bm1, nb, false);
  snprintf(path, sizeof path, "%s/bao-cao-dinh-ky_dak-ha_2023-6t.xlsx", argv[2]);
  rc |= write_book(path, info2, n2, bm1, nb, true);
  return rc;
}
