/* pages.c: the pages people use, rendered on the server and complete without
 * JavaScript: Home (three doors), Kiểm tra trước khi nộp (districts: check
 * workbooks, see the findings, download the marked workbook, CSV, JSON),
 * Hỗ trợ (the help desk: explain one file), Tổng hợp (the Sở: merge the
 * units' files into the bundle), Biểu mẫu (the blank templates and every rule
 * of rulesets/ as a table).  Every text from a workbook or an upload goes
 * through xc_web_esc.  Nothing uploaded is kept after the answer. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../msg.h"
#include "engine.h"
#include "handlers.h"
#include "web.h"

#define T(vi, en) xc_web_t(r, vi, en)
#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define DATA_URI_MAX (1536u * 1024u) /* Chromium refuses longer data: links */

/* ---- shared pieces ------------------------------------------------------------ */

static void base64(xc_buf *b, const unsigned char *p, size_t n) {
  static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (size_t i = 0; i < n; i += 3) {
    unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
    char out[4] = {tab[v >> 18 & 63], tab[v >> 12 & 63], i + 1 < n ? tab[v >> 6 & 63] : '=', i + 2 < n ? tab[v & 63] : '='};
    xc_buf_add(b, out, 4);
  }
}

/* A download link holding its content (nothing is kept on the server). */
static bool data_link(xc_buf *b, const char *mime, const void *data, size_t n, const char *name, const char *label) {
  if (n * 4 / 3 + 64 > DATA_URI_MAX) return false;
  xc_web_raw(b, "<a class=\"button secondary\" download=\"");
  xc_web_esc(b, name);
  xc_web_raw(b, "\" href=\"data:%s;base64,", mime);
  base64(b, data, n);
  xc_buf_adds(b, "\">");
  xc_buf_adds(b, label);
  xc_buf_adds(b, "</a>");
  return true;
}

static bool read_file(const char *path, xc_buf *out, size_t max) {
  FILE *f = fopen(path, "rb");
  if (!f) return false;
  char chunk[65536];
  size_t got;
  bool ok = true;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
    if (out->len + got > max || !xc_buf_add(out, chunk, got)) {
      ok = false;
      break;
    }
  fclose(f);
  return ok;
}

static void mb_text(xc_buf *b, const xc_web_req *r) {
  double mb = (double)r->cfg->max_upload / 1048576.0;
  xc_web_raw(b, mb == (double)(long)mb ? "%.0f MB" : "%.1f MB", mb);
}

/* The upload form: a labelled file input inside a drop zone, the size limit
 * said before the upload, a progress bar the script shows. */
static void upload_form(xc_buf *b, xc_web_req *r, const char *action, bool multiple, const char *accept,
                        const char *label, const char *hint, const char *button, const char *extra_buttons) {
  xc_web_raw(b, "<form class=\"upload\" method=\"post\" enctype=\"multipart/form-data\" action=\"%s\" data-max=\"%llu\" "
                "data-sending=\"%s\" data-working=\"%s\" data-failed=\"%s\" data-too-big=\"",
             action, (unsigned long long)r->cfg->max_upload, T("Đang gửi…", "Sending…"),
             T("Đã gửi xong, đang kiểm tra…", "Sent, checking…"),
             T("Không gửi được. Kiểm tra mạng rồi thử lại.", "Sending failed. Check the network and try again."));
  xc_buf tb;
  xc_buf_init(&tb, 0);
  xc_buf_adds(&tb, T("Các tệp đã chọn vượt quá giới hạn ", "The files chosen are over the limit of "));
  mb_text(&tb, r);
  xc_buf_adds(&tb, T(" mỗi lần gửi. Gửi ít tệp hơn mỗi lần.", " per upload. Send fewer files at a time."));
  xc_web_esc(b, xc_buf_str(&tb));
  xc_buf_free(&tb);
  xc_web_raw(b, "\">\n");
  xc_web_lang_input(b, r);
  xc_web_raw(b, "<label class=\"field\" for=\"file\">%s</label>\n<p class=\"hint\" id=\"file-hint\">%s ", label, hint);
  xc_buf_adds(b, T("Giới hạn: ", "Limit: "));
  mb_text(b, r);
  xc_buf_adds(b, T(" mỗi lần gửi.", " per upload."));
  xc_web_raw(b, "</p>\n<div class=\"drop\"><input type=\"file\" id=\"file\" name=\"file\" accept=\"%s\"%s required "
                "aria-describedby=\"file-hint\"><p class=\"js-only muted\">%s</p></div>\n<ul class=\"chosen\"></ul>\n",
             accept, multiple ? " multiple" : "",
             multiple ? T("…hoặc kéo các tệp thả vào khung này.", "…or drag the files and drop them here.")
                      : T("…hoặc kéo tệp thả vào khung này.", "…or drag the file and drop it here."));
  xc_web_raw(b, "<div class=\"progress\" hidden><progress max=\"100\"></progress>"
                "<p class=\"progress-text\" role=\"status\" aria-live=\"polite\"></p></div>\n"
                "<button type=\"submit\">%s</button>%s\n</form>\n",
             button, extra_buttons ? extra_buttons : "");
}

static void page_intro(xc_buf *b, const char *h1, const char *lead) {
  xc_web_raw(b, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", h1, lead);
}

static void nothing_kept(xc_buf *b, xc_web_req *r) {
  xc_web_raw(b, "<p class=\"notice\">%s</p>\n",
             T("Máy chủ không lưu lại tệp của bạn: tệp chỉ được dùng để trả lời rồi bị xoá ngay. "
               "Các tệp tải về bên dưới nằm sẵn trong trang này.",
               "The server keeps nothing: your files are used for this answer and deleted at once. "
               "The downloads below are held in this page itself."));
}

/* ---- Home ------------------------------------------------------------------------ */

static void door(xc_buf *b, xc_web_req *r, const char *path, const char *title, const char *who, const char *what,
                 const char *go) {
  xc_web_raw(b, "<section class=\"door\"><h2>%s</h2><p class=\"muted\">%s</p><p>%s</p><a class=\"go\" href=\"", title,
             who, what);
  xc_web_href(b, r, path);
  xc_web_raw(b, "\">%s →</a></section>\n", go);
}

int xc_web_home(xc_web_req *r) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_web_page_begin(&b, r, T("Kiểm tra và tổng hợp báo cáo CCHC", "Check and consolidate CCHC reports"), "/", false);
  page_intro(&b, T("Kiểm tra và tổng hợp báo cáo cải cách hành chính", "Check and consolidate the administrative-reform reports"),
             T("Công cụ đọc các tệp Excel báo cáo CCHC theo biểu mẫu chính thức, chỉ ra ô nào sai, sai gì và cách sửa; "
               "Sở Nội vụ dùng nó để tổng hợp báo cáo của các đơn vị thành báo cáo của tỉnh.",
               "This tool reads the CCHC report workbooks on the official form and says which cell is wrong, what is "
               "wrong and how to fix it; the Sở Nội vụ uses it to merge the units' reports into the province's."));
  xc_buf_adds(&b, "<div class=\"doors\">\n");
  door(&b, r, "/kiem-tra", T("Kiểm tra trước khi nộp", "Check before sending"),
       T("Dành cho đơn vị cấp huyện, cấp xã", "For district and commune offices"),
       T("Chọn tệp báo cáo của đơn vị: xem các lỗi và cảnh báo, tải về tệp đã tô màu các ô cần sửa.",
         "Pick your unit's report: see its errors and warnings, download the workbook with the cells to fix marked."),
       T("Kiểm tra tệp", "Check a file"));
  door(&b, r, "/ho-tro", T("Hỗ trợ", "Help desk"), T("Dành cho bộ phận hỗ trợ", "For help-desk staff"),
       T("Một tệp không mở được hay báo lỗi lạ? Xem tệp thật ra là gì, theo biểu mẫu nào, và các bước sửa.",
         "A file that will not open or shows odd errors? See what it really is, which form it follows, and the steps to fix it."),
       T("Giải thích một tệp", "Explain a file"));
  door(&b, r, "/tong-hop", T("Tổng hợp", "Consolidate"), T("Dành cho Sở Nội vụ", "For the Sở Nội vụ"),
       T("Gửi các tệp của các đơn vị (hoặc một tệp zip): nhận báo cáo tình trạng từng đơn vị và gói tổng hợp của tỉnh.",
         "Send the units' files (or one zip): get each unit's status and the province's consolidated bundle."),
       T("Tổng hợp báo cáo", "Consolidate reports"));
  xc_buf_adds(&b, "</div>\n<p>");
  xc_buf_adds(&b, T("Cần biểu mẫu trắng hoặc muốn biết các quy tắc kiểm tra? Xem trang ",
                    "Need a blank template or the list of checks? See "));
  xc_buf_adds(&b, "<a href=\"");
  xc_web_href(&b, r, "/bieu-mau");
  xc_web_raw(&b, "\">%s</a>.</p>\n", T("Biểu mẫu", "Forms"));
  int rc = xc_web_page_send(r, 200, &b);
  xc_buf_free(&b);
  return rc;
}

/* ---- Kiểm tra trước khi nộp ---------------------------------------------- */

static void check_form(xc_buf *b, xc_web_req *r) {
  upload_form(b, r, "/kiem-tra", true, ".xlsx,.xlsm",
              T("Tệp báo cáo (.xlsx, .xlsm), có thể chọn nhiều tệp", "Report workbooks (.xlsx, .xlsm), several at once if you like"),
              T("Chọn tệp báo cáo của đơn vị đúng như sẽ gửi lên Sở.", "Pick the workbook exactly as you would send it."),
              T("Kiểm tra tệp", "Check the files"), NULL);
}

int xc_web_check_form(xc_web_req *r) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_web_page_begin(&b, r, T("Kiểm tra trước khi nộp", "Check before sending"), "/kiem-tra", false);
  page_intro(&b, T("Kiểm tra trước khi nộp", "Check before sending"),
             T("Chọn tệp báo cáo, bấm “Kiểm tra tệp”: trang sẽ cho biết đơn vị, kỳ báo cáo, biểu mẫu đã đọc được, "
               "các lỗi (phải sửa) và cảnh báo (cần xem lại), và cho tải về tệp đã tô đỏ, tô vàng các ô đó.",
               "Pick the report and press “Check the files”: you will see the unit, period and form that were read, the "
               "errors (must be fixed) and warnings (check them), and can download the workbook with those cells marked red and yellow."));
  check_form(&b, r);
  xc_web_raw(&b, "<p class=\"muted\">%s</p>\n",
             T("Tệp chỉ dùng để kiểm tra rồi bị xoá ngay, máy chủ không lưu lại.",
               "Files are used for the check and deleted at once; the server keeps nothing."));
  int rc = xc_web_page_send(r, 200, &b);
  xc_buf_free(&b);
  return rc;
}

static void read_row(xc_buf *b, const char *dt, const char *dd, const char *none) {
  xc_web_raw(b, "<dt>%s</dt><dd>", dt);
  if (dd && *dd) xc_web_esc(b, dd);
  else xc_web_raw(b, "<span class=\"muted\">%s</span>", none);
  xc_buf_adds(b, "</dd>");
}

static void counts(xc_buf *b, xc_web_req *r, size_t errors, size_t warnings) {
  xc_buf_adds(b, "<p class=\"counts\">");
  if (!errors && !warnings)
    xc_web_raw(b, "<span class=\"badge sev-ok\">%s</span>", T("Không có lỗi, không có cảnh báo", "No errors, no warnings"));
  else {
    xc_web_raw(b, "<span class=\"badge %s\">%zu %s</span> ", errors ? "sev-error" : "sev-ok", errors, T("lỗi", errors == 1 ? "error" : "errors"));
    xc_web_raw(b, "<span class=\"badge %s\">%zu %s</span>", warnings ? "sev-warning" : "sev-ok", warnings,
               T("cảnh báo", warnings == 1 ? "warning" : "warnings"));
  }
  xc_buf_adds(b, "</p>\n");
}

int xc_web_check_post(xc_web_req *r) {
  size_t n = xc_web_count_files(r, "file");
  if (!n)
    return xc_web_error(r, 400, "no_file", "Chưa chọn tệp nào. Quay lại và chọn tệp báo cáo.",
                        "No file was chosen. Go back and pick the report.");
  xc_web_checked *cs = calloc(n, sizeof *cs);
  if (!cs) return xc_web_out_of_memory(r);
  size_t k = 0, errors = 0, files_with_errors = 0, unreadable = 0;
  for (size_t i = 0; i < r->nfiles; i++) {
    if (strcmp(r->files[i].field, "file") != 0) continue;
    xc_web_check(r->cfg, r->files[i].path, r->files[i].name, r->lang, &cs[k]);
    if (cs[k].error == XC_ERR_NOMEM) {
      for (size_t j = 0; j <= k; j++) xc_web_checked_free(&cs[j]);
      free(cs);
      return xc_web_out_of_memory(r);
    }
    errors += cs[k].diags.errors;
    files_with_errors += cs[k].diags.errors > 0;
    unreadable += !cs[k].readable;
    k++;
  }
  bool bad = errors || unreadable;
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_web_page_begin(&b, r, T("Kết quả kiểm tra", "Check results"), "/kiem-tra", bad);
  xc_web_raw(&b, "<h1>%s</h1>\n", T("Kết quả kiểm tra", "Check results"));
  if (bad) {
    xc_web_raw(&b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\"><h2>");
    if (errors)
      xc_web_raw(&b, T("Có %zu lỗi cần sửa trong %zu tệp", "%zu errors to fix in %zu files"), errors, files_with_errors);
    if (errors && unreadable) xc_buf_adds(&b, "; ");
    if (unreadable) xc_web_raw(&b, T("%zu tệp không đọc được", "%zu files could not be read"), unreadable);
    xc_buf_adds(&b, "</h2><ul>");
    for (size_t i = 0; i < k; i++) {
      if (cs[i].readable && !cs[i].diags.errors) continue;
      xc_web_raw(&b, "<li><a href=\"#tep-%zu\">", i + 1);
      xc_web_esc(&b, cs[i].name);
      if (cs[i].readable) xc_web_raw(&b, "</a>: %zu %s</li>", cs[i].diags.errors, T("lỗi", "errors"));
      else xc_web_raw(&b, "</a>: %s</li>", T("không đọc được", "cannot be read"));
    }
    xc_buf_adds(&b, "</ul></div>\n");
  }
  nothing_kept(&b, r);
  for (size_t i = 0; i < k; i++) {
    xc_web_checked *c = &cs[i];
    xc_web_raw(&b, "<section class=\"file\" id=\"tep-%zu\" aria-labelledby=\"tep-%zu-h\"><h2 id=\"tep-%zu-h\">", i + 1, i + 1, i + 1);
    xc_web_esc(&b, c->name);
    xc_buf_adds(&b, "</h2>\n");
    if (!c->readable) {
      xc_web_raw(&b, "<p><span class=\"badge sev-error\">%s</span></p><p>", T("Không đọc được tệp", "The file cannot be read"));
      const char *msg = c->error_text ? c->error_text : "";
      if (strncmp(msg, "xlsxcheck: ", 11) == 0) msg += 11;
      for (const char *p = msg; *p;) { /* one paragraph per line */
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len) {
          xc_web_escn(&b, p, len);
          xc_buf_adds(&b, "<br>");
        }
        p += len + (nl ? 1 : 0);
      }
      xc_web_raw(&b, "</p><p>%s <a href=\"", T("Bộ phận hỗ trợ có thể xem kỹ hơn ở trang", "The help desk can look closer on the"));
      xc_web_href(&b, r, "/ho-tro");
      xc_web_raw(&b, "\">%s</a>.</p></section>\n", T("Hỗ trợ", "Help desk page"));
      continue;
    }
    xc_buf_adds(&b, "<dl class=\"read\">");
    read_row(&b, T("Đơn vị", "Unit"), c->unit, T("(không ghi)", "(blank)"));
    read_row(&b, T("Kỳ báo cáo", "Period"), c->period, T("(không ghi)", "(blank)"));
    read_row(&b, T("Biểu mẫu", "Form"), c->form_title, "?");
    xc_web_raw(&b, "<dt>%s</dt><dd>%.0f ms</dd></dl>\n", T("Thời gian kiểm tra", "Checked in"), c->ms < 1 ? 1.0 : c->ms);
    counts(&b, r, c->diags.errors, c->diags.warnings);
    /* downloads: the marked workbook, the CSV, the JSON */
    xc_buf_adds(&b, "<div class=\"downloads\">");
    char out[PATH_MAX];
    snprintf(out, sizeof out, "%s/marked-%zu.xlsx", r->tmp, i + 1);
    xc_buf err, data, name;
    xc_buf_init(&err, 0);
    xc_buf_init(&data, 0);
    xc_buf_init(&name, 0);
    const xc_web_upload *u = NULL;
    for (size_t f = 0, seen = 0; f < r->nfiles; f++)
      if (strcmp(r->files[f].field, "file") == 0 && seen++ == i) u = &r->files[f];
    bool marked = u && xc_web_annotate(r->cfg, u->path, u->name, r->lang, out, &err) &&
                  read_file(out, &data, DATA_URI_MAX);
    remove(out);
    xc_web_annotated_name(c->name, &name);
    if (!marked || !data_link(&b, XLSX, data.data, data.len, xc_buf_str(&name),
                              T("Tải tệp đã tô màu các ô cần sửa (.xlsx)", "Download the workbook with the cells marked (.xlsx)")))
      xc_web_raw(&b, "<span class=\"muted\">%s</span>", T("(không tạo được tệp tô màu cho tệp này)", "(no marked workbook for this file)"));
    xc_buf_clear(&data);
    xc_web_check_csv(c, r->lang, &data);
    xc_buf_clear(&name);
    xc_buf_add(&name, c->name, strrchr(c->name, '.') ? (size_t)(strrchr(c->name, '.') - c->name) : strlen(c->name));
    xc_buf_adds(&name, "_loi.csv");
    data_link(&b, "text/csv", data.data, data.len, xc_buf_str(&name), T("Tải danh sách lỗi (.csv)", "Download the findings (.csv)"));
    xc_buf_clear(&data);
    xc_web_check_json(c, r->lang, &data);
    xc_buf_clear(&name);
    xc_buf_add(&name, c->name, strrchr(c->name, '.') ? (size_t)(strrchr(c->name, '.') - c->name) : strlen(c->name));
    xc_buf_adds(&name, "_loi.json");
    data_link(&b, "application/json", data.data, data.len, xc_buf_str(&name), T("Tải JSON", "Download JSON"));
    xc_buf_free(&err);
    xc_buf_free(&data);
    xc_buf_free(&name);
    xc_buf_adds(&b, "</div>\n");
    xc_web_findings_groups(&c->diags, r->lang, &b);
    xc_buf_adds(&b, "</section>\n");
  }
  xc_web_raw(&b, "<h2>%s</h2>\n", T("Kiểm tra tệp khác", "Check other files"));
  check_form(&b, r);
  int rc = xc_web_page_send(r, 200, &b);
  xc_buf_free(&b);
  for (size_t i = 0; i < k; i++) xc_web_checked_free(&cs[i]);
  free(cs);
  return rc;
}

/* ---- Hỗ trợ ------------------------------------------------------------------------ */

static void help_form(xc_buf *b, xc_web_req *r) {
  upload_form(b, r, "/ho-tro", false, ".xlsx,.xlsm,.xls,.xltx,.xltm,.csv,.htm,.html,.zip,.ods",
              T("Tệp cần xem (một tệp)", "The file to look at (one file)"),
              T("Tệp đơn vị gửi đến, kể cả tệp không mở được.", "The file the unit sent, even one that will not open."),
              T("Giải thích tệp", "Explain the file"), NULL);
}

int xc_web_help_form(xc_web_req *r) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_web_page_begin(&b, r, T("Hỗ trợ", "Help desk"), "/ho-tro", false);
  page_intro(&b, T("Hỗ trợ: giải thích một tệp", "Help desk: explain a file"),
             T("Khi đơn vị gọi điện vì tệp không mở được hoặc báo lỗi lạ: chọn tệp của họ để xem tệp thật ra là gì, "
               "chương trình nào tạo ra, theo biểu mẫu nào và khớp đến đâu, chữ gõ bằng bảng mã cũ (TCVN3, VNI), "
               "số gõ dạng chữ, và các bước sửa được đánh số để đọc cho họ.",
               "When a unit calls because a file will not open or shows odd errors: pick their file to see what it really "
               "is, which program wrote it, which form it follows and how closely, text typed in an old encoding (TCVN3, "
               "VNI), numbers typed as text, and numbered steps to read out to them."));
  help_form(&b, r);
  int rc = xc_web_page_send(r, 200, &b);
  xc_buf_free(&b);
  return rc;
}

static const char *fact_class(xc_fact_level l) {
  return l == XC_FACT_ERROR ? "error" : l == XC_FACT_WARNING ? "warning" : "info";
}

int xc_web_help_post(xc_web_req *r) {
  size_t n = xc_web_count_files(r, "file");
  if (!n)
    return xc_web_error(r, 400, "no_file", "Chưa chọn tệp nào. Quay lại và chọn tệp cần xem.",
                        "No file was chosen. Go back and pick the file.");
  const xc_web_upload *u = NULL;
  for (size_t i = 0; i < r->nfiles && !u; i++)
    if (strcmp(r->files[i].field, "file") == 0) u = &r->files[i];
  xc_explain *x = xc_web_explain(r->cfg, u->path, u->name, r->lang);
  if (!x) return xc_web_out_of_memory(r);
  bool bad = x->status != 0;
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_web_page_begin(&b, r, T("Giải thích tệp", "File explained"), "/ho-tro", bad);
  xc_web_raw(&b, "<h1>%s ", T("Giải thích tệp", "File explained:"));
  xc_web_esc(&b, x->file);
  xc_buf_adds(&b, "</h1>\n");
  if (n > 1)
    xc_web_raw(&b, "<p class=\"notice\">%s</p>", T("Trang này giải thích một tệp mỗi lần: chỉ tệp đầu tiên được xem.",
                                                  "This page explains one file at a time: only the first was read."));
  xc_buf_adds(&b, bad ? "<div class=\"error-summary\" role=\"alert\"><h2>" : "<div class=\"notice\"><h2>");
  if (x->status == 2) xc_buf_adds(&b, T("Không đọc được tệp này như một báo cáo", "This file cannot be read as a report"));
  else if (x->check_errors)
    xc_web_raw(&b, T("Có %zu lỗi cần sửa, %zu cảnh báo", "%zu errors to fix, %zu warnings"), x->check_errors, x->check_warnings);
  else xc_web_raw(&b, T("Không có lỗi; %zu cảnh báo", "No errors; %zu warnings"), x->check_warnings);
  xc_buf_adds(&b, "</h2></div>\n<dl class=\"read\">");
  read_row(&b, T("Loại tệp", "Kind of file"), x->kind, "?");
  xc_buf ap;
  xc_buf_init(&ap, 0);
  xc_buf_printf(&ap, "%s%s%s", x->application ? x->application : "", x->app_version && *x->app_version ? " " : "",
                x->app_version ? x->app_version : "");
  read_row(&b, T("Chương trình tạo tệp", "Written by"), xc_buf_str(&ap), T("(không rõ)", "(unknown)"));
  xc_buf_free(&ap);
  read_row(&b, T("Biểu mẫu", "Form"), x->form_title, T("(không nhận ra)", "(not recognised)"));
  xc_buf_adds(&b, "</dl>\n");
  xc_web_raw(&b, "<h2>%s</h2>\n", T("Những điều cần biết, theo thứ tự", "What to know, in order"));
  for (size_t i = 0; i < x->n; i++) {
    const xc_fact *f = &x->facts[i];
    xc_web_raw(&b, "<div class=\"fact %s\"><h3>%zu. <span class=\"badge sev-%s\">%s</span> ", fact_class(f->level), i + 1,
               fact_class(f->level),
               f->level == XC_FACT_ERROR ? T("lỗi", "error") : f->level == XC_FACT_WARNING ? T("cảnh báo", "warning") : T("thông tin", "note"));
    if (f->where && *f->where) {
      xc_buf_adds(&b, "<span class=\"where\">");
      xc_web_esc(&b, f->where);
      xc_buf_adds(&b, "</span>");
    }
    xc_buf_adds(&b, "</h3><p>");
    xc_web_esc(&b, r->lang == XC_LANG_EN ? f->en : f->vi);
    xc_buf_adds(&b, "</p>");
    if (f->nsteps) {
      xc_web_raw(&b, "<p class=\"fix\"><strong>%s</strong></p><ol class=\"steps\">", T("Cách sửa:", "How to fix it:"));
      for (size_t s = 0; s < f->nsteps; s++) {
        xc_buf_adds(&b, "<li>");
        xc_web_esc(&b, r->lang == XC_LANG_EN ? f->steps_en[s] : f->steps_vi[s]);
        xc_buf_adds(&b, "</li>");
      }
      xc_buf_adds(&b, "</ol>");
    }
    xc_buf_adds(&b, "</div>\n");
  }
  xc_explain_free(x);
  xc_web_raw(&b, "<h2>%s</h2>\n", T("Xem tệp khác", "Another file"));
  help_form(&b, r);
  int rc = xc_web_page_send(r, 200, &b);
  xc_buf_free(&b);
  return rc;
}

/* ---- Tổng hợp ---------------------------------------------------------------------- */

static void merge_form(xc_buf *b, xc_web_req *r) {
  xc_buf extra;
  xc_buf_init(&extra, 0);
  xc_web_raw(&extra, "<button type=\"submit\" class=\"secondary\" name=\"action\" value=\"zip\" data-plain>%s</button>",
             T("Chỉ tải gói tổng hợp (.zip)", "Just download the bundle (.zip)"));
  upload_form(b, r, "/tong-hop", true, ".xlsx,.xlsm,.zip",
              T("Tệp của các đơn vị (.xlsx), hoặc một tệp .zip chứa chúng", "The units' workbooks (.xlsx), or one .zip of them"),
              T("Các tệp của cùng một kỳ báo cáo.", "The workbooks of one reporting period."),
              T("Tổng hợp", "Consolidate"), xc_buf_str(&extra));
  xc_buf_free(&extra);
}

int xc_web_merge_form(xc_web_req *r) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_web_page_begin(&b, r, T("Tổng hợp", "Consolidate"), "/tong-hop", false);
  page_intro(&b, T("Tổng hợp báo cáo của các đơn vị", "Consolidate the units' reports"),
             T("Chọn các tệp báo cáo của các đơn vị trong một kỳ (hoặc một tệp zip chứa chúng). Mỗi tệp được kiểm tra "
               "như ở trang Kiểm tra, rồi gộp thành báo cáo của tỉnh theo biểu mẫu chính thức. Kết quả: tình trạng từng "
               "đơn vị (đã gộp, có lỗi, bị loại, thiếu) và gói tổng hợp (.zip) gồm tệp của tỉnh, nhật ký lỗi, báo cáo và "
               "tệp của từng đơn vị đã tô màu.",
               "Pick the units' reports of one period (or one zip of them). Each is checked as on the Check page, then "
               "merged into the province's report on the official form. You get each unit's status (merged, with errors, "
               "left out, missing) and the bundle (.zip): the province workbook, the error log, the report and each unit's "
               "workbook marked."));
  merge_form(&b, r);
  int rc = xc_web_page_send(r, 200, &b);
  xc_buf_free(&b);
  return rc;
}

int xc_web_merge_post(xc_web_req *r) {
  if (!xc_web_count_files(r, "file"))
    return xc_web_error(r, 400, "no_file", "Chưa chọn tệp nào. Quay lại và chọn các tệp của các đơn vị.",
                        "No file was chosen. Go back and pick the units' workbooks.");
  xc_web_inputs in;
  xc_buf err;
  xc_buf_init(&err, 0);
  if (!xc_web_collect_inputs(r, &in, &err) || in.n == 0) {
    xc_web_inputs_free(&in);
    xc_buf_free(&err);
    return xc_web_error(r, 400, "bad_zip", "Không đọc được tệp zip, hoặc trong đó không có bảng tính .xlsx nào.",
                        "The zip cannot be read, or holds no .xlsx spreadsheet.");
  }
  char out[PATH_MAX];
  snprintf(out, sizeof out, "%s/bundle.zip", r->tmp);
  xc_web_merged m;
  bool ok = xc_web_merge_run(r->cfg, in.paths, in.names, in.n, r->lang, false, out, &m, &err);
  const char *action = xc_web_field_get(r, "action");
  int rc;
  if (!ok && err.nomem) {
    rc = xc_web_out_of_memory(r);
    goto done;
  }
  char zip_name[600];
  snprintf(zip_name, sizeof zip_name, "%s", ok ? m.res.xlsx_name : "tong-hop.xlsx");
  char *dot = strrchr(zip_name, '.');
  if (dot) strcpy(dot, ".zip");
  if (ok && action && strcmp(action, "zip") == 0) {
    rc = xc_web_send_file(r, 200, "application/zip", out, zip_name);
    goto done;
  }
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_web_page_begin(&b, r, T("Kết quả tổng hợp", "Consolidation"), "/tong-hop", !ok || m.res.errors);
  xc_web_raw(&b, "<h1>%s</h1>\n", T("Kết quả tổng hợp", "Consolidation"));
  if (!ok) {
    xc_web_raw(&b, "<div class=\"error-summary\" role=\"alert\"><h2>%s</h2><p>", T("Không tạo được gói tổng hợp", "No bundle could be made"));
    xc_web_esc(&b, err.len ? xc_buf_str(&err) : T("không có tệp nào tổng hợp được", "no file could be merged"));
    xc_buf_adds(&b, "</p></div>\n");
  } else {
    const xc_merge_result *mr = &m.res;
    xc_buf_adds(&b, "<dl class=\"read\">");
    read_row(&b, T("Biểu mẫu", "Form"), mr->form_title, "?");
    read_row(&b, T("Tỉnh", "Province"), mr->province, "?");
    read_row(&b, T("Kỳ báo cáo", "Period"), mr->period, "?");
    xc_web_raw(&b, "<dt>%s</dt><dd>%zu / %zu</dd></dl>\n", T("Đơn vị đã gộp", "Units merged"), mr->nmerged, mr->nunits);
    counts(&b, r, m.res.errors, m.res.warnings);
    nothing_kept(&b, r);
    xc_buf_adds(&b, "<div class=\"downloads\">");
    xc_buf data;
    xc_buf_init(&data, 0);
    if (!read_file(out, &data, DATA_URI_MAX) ||
        !data_link(&b, "application/zip", data.data, data.len, zip_name, T("Tải gói tổng hợp (.zip)", "Download the bundle (.zip)")))
      xc_web_raw(&b, "<span class=\"muted\">%s</span>",
                 T("Gói quá lớn để đặt trong trang: dùng nút “Chỉ tải gói tổng hợp” bên dưới.",
                   "The bundle is too large to hold in this page: use “Just download the bundle” below."));
    xc_buf_free(&data);
    xc_buf_adds(&b, "</div>\n");
    xc_web_raw(&b, "<h2>%s</h2>\n", T("Tổng quan", "Overview"));
    xc_web_merge_part(&m, XC_MERGE_PART_OVERVIEW, r->lang, &b);
    xc_web_merge_part(&m, XC_MERGE_PART_CHART, r->lang, &b);
    xc_web_raw(&b, "<h2>%s</h2>\n", T("Tình trạng các đơn vị", "The units' status"));
    xc_web_merge_part(&m, XC_MERGE_PART_STATUS, r->lang, &b);
    xc_web_raw(&b, "<h2>%s</h2>\n", T("Lỗi và cảnh báo theo tệp", "Findings by file"));
    xc_web_merge_part(&m, XC_MERGE_PART_FINDINGS, r->lang, &b);
  }
  xc_web_raw(&b, "<h2>%s</h2>\n", T("Tổng hợp lần khác", "Consolidate again"));
  merge_form(&b, r);
  rc = xc_web_page_send(r, 200, &b);
  xc_buf_free(&b);
done:
  xc_web_merged_free(&m);
  xc_web_inputs_free(&in);
  xc_buf_free(&err);
  return rc;
}

/* ---- Biểu mẫu ---------------------------------------------------------------------- */

static bool template_name_ok(const char *name) {
  size_t n = strlen(name);
  if (n < 6 || n > 80 || strcmp(name + n - 5, ".xlsx") != 0) return false;
  for (size_t i = 0; i < n - 5; i++)
    if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') || name[i] == '-')) return false;
  return true;
}

int xc_web_template(xc_web_req *r) {
  const char *name = r->path + strlen("/bieu-mau/");
  char path[PATH_MAX + 128];
  snprintf(path, sizeof path, "%s/templates/%s", r->cfg->share_dir, name);
  struct stat st;
  if (!template_name_ok(name) || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return xc_web_error(r, 404, "not_found", "Không có biểu mẫu này.", "There is no such template.");
  return xc_web_send_file(r, 200, XLSX, path, name);
}

/* Where a rule looks: the sheet its id names (BM3-10 → Biểu mẫu 3) or its
 * list, else its scope. */
static void rule_where(xc_buf *b, xc_web_req *r, const xc_rule_info *ru) {
  const char *dash = strrchr(ru->id, '-'); /* the id's prefix: up to its last dash */
  size_t n = dash ? (size_t)(dash - ru->id) : strlen(ru->id);
  if (ru->sheet) xc_web_esc(b, ru->sheet);
  else if (n == 1 && ru->id[0] == 'G') xc_buf_adds(b, T("Mọi trang", "Every sheet"));
  else if (n == 1 && ru->id[0] == 'M') xc_buf_adds(b, T("Bộ tệp tổng hợp", "The set of files merged"));
  else xc_buf_adds(b, T("Cả tệp", "The whole file"));
}

static void scopes(xc_buf *b, xc_web_req *r, const xc_rule_info *ru) {
  int any = 0;
  if (ru->unit_file) xc_web_raw(b, "%s%s", any++ ? ", " : "", T("tệp đơn vị", "unit file"));
  if (ru->province_file) xc_web_raw(b, "%s%s", any++ ? ", " : "", T("tệp tỉnh", "province file"));
  if (ru->annual_file) xc_web_raw(b, "%s%s", any++ ? ", " : "", T("tệp năm", "annual file"));
  if (ru->merging) xc_web_raw(b, "%s%s", any++ ? ", " : "", T("khi tổng hợp", "when merging"));
}

/* A message template for people: {lhs}, {rhs}… become "…". */
static void template_text(xc_buf *b, const char *s) {
  xc_buf t;
  xc_buf_init(&t, 0);
  for (const char *p = s ? s : ""; *p; p++) {
    if (*p == '{') {
      const char *e = strchr(p, '}');
      if (e && e - p < 24) {
        xc_buf_adds(&t, "…");
        p = e;
        continue;
      }
    }
    xc_buf_addc(&t, *p);
  }
  xc_web_esc(b, xc_buf_str(&t));
  xc_buf_free(&t);
}

int xc_web_forms(xc_web_req *r) {
  const xc_lib *lib = xc_web_lib();
  if (!lib)
    return xc_web_error(r, 503, "rulesets", "Máy chủ không đọc được các tệp luật.", "The server cannot read its rulesets.");
  size_t nforms = xc_lib_nforms(lib);
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_web_page_begin(&b, r, T("Biểu mẫu và quy tắc kiểm tra", "Forms and checks"), "/bieu-mau", false);
  page_intro(&b, T("Biểu mẫu và quy tắc kiểm tra", "Forms and checks"),
             T("Các biểu mẫu trắng chính thức để đơn vị điền, và mọi quy tắc mà công cụ kiểm tra, lấy trực tiếp từ các tệp luật.",
               "The official blank templates units fill in, and every rule the tool checks, taken straight from the rule files."));
  xc_web_raw(&b, "<h2>%s</h2>\n<ul>\n", T("Biểu mẫu trắng", "Blank templates"));
  for (size_t i = 0; i < nforms; i++) {
    const xc_form_info fi = xc_lib_form(lib, i);
    char path[PATH_MAX + 128];
    snprintf(path, sizeof path, "%s/templates/%s.xlsx", r->cfg->share_dir, fi.id);
    struct stat st;
    if (stat(path, &st) != 0) continue;
    xc_buf_adds(&b, "<li><a download href=\"/bieu-mau/");
    xc_web_esc(&b, fi.id);
    xc_buf_adds(&b, ".xlsx\">");
    xc_web_esc(&b, fi.title);
    xc_buf_adds(&b, "</a> <span class=\"muted\">(");
    xc_web_esc(&b, fi.id);
    xc_web_raw(&b, ".xlsx, %lld KB)</span></li>\n", (long long)(st.st_size + 1023) / 1024);
  }
  xc_buf_adds(&b, "</ul>\n");
  for (size_t i = 0; i < nforms; i++) {
    const xc_form_info fi = xc_lib_form(lib, i);
    xc_buf_adds(&b, "<h2>");
    xc_buf_adds(&b, T("Quy tắc: ", "Rules: "));
    xc_web_esc(&b, fi.title);
    xc_web_raw(&b, "</h2>\n<p class=\"muted\">%zu %s <code>", fi.nrules, T("quy tắc, từ tệp", "rules, from"));
    xc_web_esc(&b, fi.file);
    xc_web_raw(&b, "</code>. %s</p>\n", T("Lỗi phải sửa trước khi nộp; cảnh báo cần xem lại.", "Errors must be fixed before sending; warnings need a look."));
    xc_web_raw(&b, "<table class=\"rules\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                   "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>\n",
               T("Mã", "Id"), T("Mức", "Severity"), T("Kiểm tra gì", "What it checks"), T("Ở đâu", "Where"),
               T("Áp dụng cho", "Applies to"), T("Cách sửa", "How to fix"));
    for (size_t k = 0; k < fi.nrules; k++) {
      const xc_rule_info rule = xc_lib_rule(lib, i, k), *ru = &rule;
      bool err = ru->error;
      xc_buf_adds(&b, "<tr><th scope=\"row\" class=\"rule\">");
      xc_web_esc(&b, ru->id);
      xc_web_raw(&b, "</th><td><span class=\"badge %s\">%s</span></td><td>", err ? "sev-error" : "sev-warning",
                 err ? T("lỗi", "error") : T("cảnh báo", "warning"));
      template_text(&b, r->lang == XC_LANG_EN && *ru->msg_en ? ru->msg_en : ru->msg_vi);
      xc_buf_adds(&b, "</td><td>");
      rule_where(&b, r, ru);
      xc_buf_adds(&b, "</td><td>");
      scopes(&b, r, ru);
      xc_buf_adds(&b, "</td><td>");
      template_text(&b, r->lang == XC_LANG_EN && *ru->hint_en ? ru->hint_en : ru->hint_vi);
      xc_buf_adds(&b, "</td></tr>\n");
    }
    xc_buf_adds(&b, "</tbody></table>\n");
  }
  int rc = xc_web_page_send(r, 200, &b);
  xc_buf_free(&b);
  return rc;
}
