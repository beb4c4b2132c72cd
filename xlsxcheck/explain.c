/* explain.c: the help desk's view of one workbook, gathered as facts and
 * rendered by one function as text or JSON (explain.h). */
#include "explain.h"

#include "fileio.h"
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "alloc.h"
#include "bind.h"
#include "buf.h"
#include "cellref.h"
#include "check.h"
#include "diag.h"
#include "group.h"
#include "identify.h"
#include "legacy.h"
#include "recalc.h"
#include "model.h"
#include "msg.h"
#include "report.h"
#include "textkey.h"
#include "value.h"
#include "workbook.h"

#define MAX_EXAMPLES 3     /* cells named in one fact */
#define MAX_CHECK_FACTS 10 /* check findings explained */

/* ---- building facts ---------------------------------------------------------- */

/* Strings and facts that find no memory set x->nomem (the explanation is
 * then dropped: xc_explain_file answers NULL) and give "" or x->spare. */
static const char *keep(xc_explain *x, const char *s) {
  const char *copy = xc_arena_try_strndup(&x->arena, s ? s : "", s ? strlen(s) : 0);
  if (!copy) x->nomem = true;
  return copy ? copy : "";
}

static const char *fmt(xc_explain *x, const char *f, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static const char *fmt(xc_explain *x, const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  int n = vsnprintf(NULL, 0, f, ap);
  va_end(ap);
  char *s = xc_arena_try_alloc(&x->arena, (size_t)(n > 0 ? n : 0) + 1);
  if (!s) {
    x->nomem = true;
    return "";
  }
  va_start(ap, f);
  vsnprintf(s, (size_t)(n > 0 ? n : 0) + 1, f, ap);
  va_end(ap);
  return s;
}

static xc_fact *add(xc_explain *x, const char *id, xc_fact_level level, const char *where,
                    const char *vi, const char *en) {
  if (x->n == x->cap) {
    size_t cap = x->cap ? 2 * x->cap : 16;
    xc_fact *more = xc_try_realloc(x->facts, cap * sizeof *x->facts);
    if (!more) {
      x->nomem = true;
      memset(&x->spare, 0, sizeof x->spare);
      return &x->spare;
    }
    x->facts = more;
    x->cap = cap;
  }
  xc_fact *f = &x->facts[x->n++];
  memset(f, 0, sizeof *f);
  f->id = keep(x, id);
  f->level = level;
  f->where = keep(x, where);
  f->vi = keep(x, vi);
  f->en = keep(x, en);
  return f;
}

static void step(xc_explain *x, xc_fact *f, const char *vi, const char *en) {
  if (f->nsteps == XC_FACT_MAX_STEPS) return;
  f->steps_vi[f->nsteps] = keep(x, vi);
  f->steps_en[f->nsteps] = keep(x, en);
  f->nsteps++;
}

/* "Sheet!D12" */
static const char *cell_where(xc_explain *x, const char *sheet, uint32_t row, uint32_t col) {
  char ref[12];
  xc_cellref_format(row, col, ref);
  return fmt(x, "%s!%s", sheet, ref);
}

/* A decimal without grouping: "1079", "0,5" (vi) / "0.5" (en). */
static void plain_number(xc_buf *b, xc_dec d, char mark) {
  if (d.m < 0) xc_buf_addc(b, '-');
  char digits[32];
  snprintf(digits, sizeof digits, "%llu",
           d.m < 0 ? 0ull - (unsigned long long)d.m : (unsigned long long)d.m);
  size_t n = strlen(digits);
  if (d.e >= 0) {
    xc_buf_adds(b, digits);
    for (int32_t i = 0; i < d.e && i < 30; i++) xc_buf_addc(b, '0');
    return;
  }
  size_t frac = (size_t)-(int64_t)d.e;
  if (frac >= n) {
    xc_buf_addc(b, '0');
    xc_buf_addc(b, mark);
    for (size_t i = n; i < frac; i++) xc_buf_addc(b, '0');
    xc_buf_adds(b, digits);
  } else {
    xc_buf_add(b, digits, n - frac);
    xc_buf_addc(b, mark);
    xc_buf_add(b, digits + n - frac, frac);
  }
}

/* text quoted for a sentence: one line, cut after 40 characters */
static void quoted(xc_buf *b, const char *s, size_t n) {
  xc_buf_adds(b, "\"");
  size_t chars = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if ((c & 0xC0) != 0x80 && ++chars > 40) {
      xc_buf_adds(b, "…");
      break;
    }
    if (c == '\n' || c == '\r' || c == '\t') xc_buf_addc(b, ' ');
    else xc_buf_addc(b, (char)c);
  }
  xc_buf_adds(b, "\"");
}

static const char *ext_of(const char *path) {
  const char *slash = strrchr(path, '/');
  const char *dot = strrchr(slash ? slash : path, '.');
  return dot && dot[1] ? dot + 1 : "";
}

/* ---- what the file is, when it cannot be opened ------------------------------------ */

/* The bytes explained: a file, or a workbook in memory. */
typedef struct {
  const char *path; /* NULL: data */
  const unsigned char *data;
  size_t len;
} source;

/* Up to cap bytes from the start, or (from_end) the last from_end bytes. */
static size_t read_head(const source *src, unsigned char *buf, size_t cap, long from_end) {
  if (!src->path) {
    size_t from = from_end && src->len > (size_t)from_end ? src->len - (size_t)from_end : 0;
    size_t n = src->len - from < cap ? src->len - from : cap;
    if (n) memcpy(buf, src->data + from, n);
    return n;
  }
  FILE *f = xc_fopen_regular(src->path, NULL); /* never blocks on a FIFO */
  if (!f) return 0;
  if (from_end) {
    if (fseek(f, 0, SEEK_END) == 0) {
      long size = ftell(f);
      if (size > from_end) fseek(f, size - from_end, SEEK_SET);
      else fseek(f, 0, SEEK_SET);
    }
  }
  size_t n = fread(buf, 1, cap, f);
  fclose(f);
  return n;
}

/* CSV: most of the first lines hold the same number (> 0) of one separator. */
static bool looks_csv(const unsigned char *s, size_t n) {
  static const char seps[] = ",;\t";
  for (size_t k = 0; k < 3; k++) {
    size_t lines = 0, same = 0, first = 0;
    size_t count = 0;
    bool quote = false;
    for (size_t i = 0; i < n && lines < 10; i++) {
      if (s[i] == '"') quote = !quote;
      else if (!quote && s[i] == (unsigned char)seps[k]) count++;
      else if (s[i] == '\n') {
        if (lines == 0) first = count;
        else if (count == first) same++;
        lines++;
        count = 0;
      }
    }
    if (first > 0 && lines >= 2 && same + 1 >= lines) return true;
    if (first > 0 && lines == 1) return true;
  }
  return false;
}

/* A ZIP cut short: no end-of-central-directory record in its last 64 KiB. */
static bool truncated_zip(const source *src) {
  unsigned char head[4];
  if (read_head(src, head, 4, 0) < 4 || memcmp(head, "PK\3\4", 4) != 0) return false;
  enum { TAIL = 65557 };
  unsigned char *tail = xc_try_malloc(TAIL);
  if (!tail) return false; /* not told apart: said damaged instead of cut short */
  size_t n = read_head(src, tail, TAIL, (long)TAIL);
  bool found = false;
  for (size_t i = 0; i + 4 <= n && !found; i++)
    found = tail[i] == 'P' && tail[i + 1] == 'K' && tail[i + 2] == 5 && tail[i + 3] == 6;
  free(tail);
  return !found;
}

static void send_again(xc_explain *x, xc_fact *f) {
  step(x, f, "Lưu lại và gửi lại tệp cho Sở Nội vụ.", "Save the file and send it again to the Department of Home Affairs.");
}

/* The three steps of turning a file into an .xlsx: open it (how), Save As
 * .xlsx, then what to send. */
static void save_as_xlsx(xc_explain *x, xc_fact *f, const char *open_vi, const char *open_en, const char *then_vi,
                         const char *then_en) {
  step(x, f, open_vi, open_en);
  step(x, f, "Chọn Tệp > Lưu thành, kiểu tệp \"Sổ làm việc Excel (*.xlsx)\".",
       "Choose File > Save As, type \"Excel Workbook (*.xlsx)\".");
  step(x, f, then_vi, then_en);
}

static void explain_unreadable(xc_explain *x, const source *src, const xc_error *e) {
  const char *ext = ext_of(x->file);
  const char *as_vi = *ext ? fmt(x, " (tệp mang đuôi .%s)", ext) : "";
  const char *as_en = *ext ? fmt(x, " (the file is named .%s)", ext) : "";
  xc_fact *f;
  x->status = 2;
  switch (e->code) {
    case XC_ERR_XLS:
      x->kind = "xls";
      f = add(x, "file.kind", XC_FACT_ERROR, "",
              fmt(x, "Đây là tệp Excel 97-2003 (.xls, định dạng nhị phân cũ), không phải sổ làm việc .xlsx%s.", as_vi),
              fmt(x, "This is an Excel 97-2003 file (.xls, the old binary format), not an .xlsx workbook%s.", as_en));
      save_as_xlsx(x, f, "Mở tệp bằng Excel hoặc LibreOffice Calc.", "Open the file in Excel or LibreOffice Calc.",
                   "Gửi tệp .xlsx vừa lưu.", "Send the .xlsx file just saved.");
      return;
    case XC_ERR_ENCRYPTED:
      x->kind = "encrypted";
      f = add(x, "file.kind", XC_FACT_ERROR, "",
              "Sổ làm việc được đặt mật khẩu khi mở (mã hóa): không ai đọc được nội dung nếu không có mật khẩu.",
              "The workbook has a password to open (it is encrypted): its content cannot be read without the password.");
      step(x, f, "Nhờ đơn vị mở tệp bằng mật khẩu.", "Ask the unit to open the file with its password.");
      step(x, f, "Vào Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, xóa trống mật khẩu, bấm OK.",
           "Go to File > Info > Protect Workbook > Encrypt with Password, clear the password, press OK.");
      send_again(x, f);
      return;
    case XC_ERR_HTML:
      x->kind = "html";
      f = add(x, "file.kind", XC_FACT_ERROR, "",
              fmt(x, "Đây là một trang web (HTML) mang tên bảng tính%s, thường do chức năng \"Xuất Excel\" của một phần mềm hoặc trang web tạo ra; không phải sổ làm việc .xlsx.", as_vi),
              fmt(x, "This is a web page (HTML) under a spreadsheet name%s, usually made by the \"Export to Excel\" of some software or website; it is not an .xlsx workbook.", as_en));
      save_as_xlsx(x, f, "Mở tệp bằng Excel (Excel đọc được bảng HTML).", "Open the file in Excel (Excel reads HTML tables).",
                   "Kiểm tra lại các trang và số liệu theo biểu mẫu rồi gửi tệp .xlsx.",
                   "Check the sheets and figures against the form, then send the .xlsx file.");
      return;
    case XC_ERR_TEXT: {
      unsigned char head[4096];
      size_t n = read_head(src, head, sizeof head, 0);
      bool csv = looks_csv(head, n);
      x->kind = csv ? "csv" : "text";
      if (csv)
        f = add(x, "file.kind", XC_FACT_ERROR, "",
                fmt(x, "Đây là tệp CSV (văn bản, các cột phân cách bằng dấu phẩy hoặc chấm phẩy)%s, không phải sổ làm việc .xlsx: không có các trang của biểu mẫu.", as_vi),
                fmt(x, "This is a CSV file (text, columns separated by commas or semicolons)%s, not an .xlsx workbook: it has none of the form's sheets.", as_en));
      else
        f = add(x, "file.kind", XC_FACT_ERROR, "",
                fmt(x, "Đây là tệp văn bản thường%s, không phải bảng tính.", as_vi),
                fmt(x, "This is a plain text file%s, not a spreadsheet.", as_en));
      if (csv) {
        step(x, f, "Không dùng tệp này: xin đơn vị gửi sổ làm việc .xlsx của biểu mẫu (đủ các trang).",
             "Do not use this file: ask the unit for the form's .xlsx workbook (with all its sheets).");
        step(x, f, "Nếu chỉ có tệp CSV: mở bằng Excel (Dữ liệu > Từ văn bản/CSV, mã hóa UTF-8), chép số liệu vào biểu mẫu chính thức và lưu dưới dạng .xlsx.",
             "If only the CSV exists: open it in Excel (Data > From Text/CSV, encoding UTF-8), copy the figures into the official form and save as .xlsx.");
      } else {
        step(x, f, "Kiểm tra đã gửi đúng tệp báo cáo chưa.", "Check that the right report file was sent.");
        step(x, f, "Xin đơn vị gửi sổ làm việc .xlsx của biểu mẫu.", "Ask the unit for the form's .xlsx workbook.");
      }
      return;
    }
    case XC_ERR_XML2003:
      x->kind = "xml2003";
      f = add(x, "file.kind", XC_FACT_ERROR, "",
              fmt(x, "Đây là bảng tính XML 2003 (SpreadsheetML)%s, không phải sổ làm việc .xlsx.", as_vi),
              fmt(x, "This is an XML 2003 spreadsheet (SpreadsheetML)%s, not an .xlsx workbook.", as_en));
      save_as_xlsx(x, f, "Mở tệp bằng Excel.", "Open the file in Excel.", "Gửi tệp .xlsx vừa lưu.",
                   "Send the .xlsx file just saved.");
      return;
    case XC_ERR_EMPTY:
      x->kind = "empty";
      f = add(x, "file.kind", XC_FACT_ERROR, "", "Tệp rỗng (0 byte): không có nội dung.",
              "The file is empty (0 bytes).");
      step(x, f, "Xin đơn vị gửi lại tệp (tệp bị hỏng khi tải về hoặc sao chép).",
           "Ask the unit to send the file again (it was damaged by a download or a copy).");
      return;
    case XC_ERR_ZIP_DAMAGED:
      if (truncated_zip(src)) {
        x->kind = "truncated";
        f = add(x, "file.kind", XC_FACT_ERROR, "",
                "Tệp .xlsx bị cắt cụt: phần đầu đúng là sổ làm việc Excel nhưng phần cuối bị mất (tải về chưa xong, tệp đính kèm bị cắt, hoặc chép từ USB bị ngắt).",
                "The .xlsx file is cut short: it starts as an Excel workbook but its end is missing (an unfinished download, a cut e-mail attachment, or a copy from a USB stick interrupted).");
        step(x, f, "Tải lại tệp từ thư điện tử hoặc hệ thống và chờ tải xong.",
             "Download the file again from the e-mail or the system and let it finish.");
        step(x, f, "Nếu vẫn lỗi: xin đơn vị gửi lại; so kích thước tệp nhận được với tệp gốc của đơn vị.",
             "If it still fails: ask the unit to send it again; compare the size received with the unit's original.");
        return;
      }
      x->kind = "damaged";
      break;
    case XC_ERR_NOT_XLSX:
      x->kind = "zip";
      break;
    case XC_ERR_NOT_ZIP:
      x->kind = "other";
      break;
    case XC_ERR_OPEN:
      x->kind = "missing";
      break;
    default:
      x->kind = "damaged";
      break;
  }
  f = add(x, "file.kind", XC_FACT_ERROR, "",
          fmt(x, "Không đọc được tệp: %s%s.", xc_strerror(e->code, XC_LANG_VI), e->detail[0] ? fmt(x, " (%s)", e->detail) : ""),
          fmt(x, "The file cannot be read: %s%s.", xc_strerror(e->code, XC_LANG_EN), e->detail[0] ? fmt(x, " (%s)", e->detail) : ""));
  step(x, f, xc_err_todo(e->code, XC_LANG_VI), xc_err_todo(e->code, XC_LANG_EN));
}

/* ---- the package and its producer ----------------------------------------------- */

/* The product an Excel AppVersion stands for, or NULL. */
static const char *excel_product(const char *v) {
  if (!v) return NULL;
  if (strncmp(v, "16.", 3) == 0) return "Excel 2016/2019/2021/365";
  if (strncmp(v, "15.", 3) == 0) return "Excel 2013";
  if (strncmp(v, "14.", 3) == 0) return "Excel 2010";
  if (strncmp(v, "12.", 3) == 0) return "Excel 2007";
  return NULL;
}

static void explain_package(xc_explain *x, const xc_workbook *wb, const xc_model *m) {
  x->kind = xc_workbook_kind(wb);
  x->application = keep(x, wb->application);
  x->app_version = keep(x, wb->app_version);
  const char *ext = ext_of(x->file);
  if (strcmp(x->kind, "xlsx") == 0) {
    add(x, "file.kind", XC_FACT_INFO, "", "Đây là sổ làm việc Excel (.xlsx) đọc được.",
        "This is a readable Excel workbook (.xlsx).");
  } else {
    bool macro = x->kind[3] == 'm';
    xc_fact *f = add(x, "file.kind", XC_FACT_INFO, "",
                     macro ? fmt(x, "Đây là sổ làm việc có macro (.%s). Chương trình chỉ đọc số liệu, không chạy macro; báo cáo không cần macro.", x->kind)
                           : fmt(x, "Đây là tệp mẫu Excel (.%s); số liệu vẫn đọc được.", x->kind),
                     macro ? fmt(x, "This is a macro-enabled workbook (.%s). Only the figures are read, macros are never run; the report needs none.", x->kind)
                           : fmt(x, "This is an Excel template (.%s); its figures can be read.", x->kind));
    step(x, f, "Nên lưu lại dưới dạng \"Sổ làm việc Excel (*.xlsx)\" trước khi gửi.",
         "Better save it as \"Excel Workbook (*.xlsx)\" before sending.");
  }
  if (*ext && strcasecmp(ext, x->kind) != 0) {
    xc_fact *f = add(x, "file.extension", XC_FACT_WARNING, "",
                     fmt(x, "Tên tệp có đuôi .%s nhưng nội dung là .%s.", ext, x->kind),
                     fmt(x, "The file name ends in .%s but the content is .%s.", ext, x->kind));
    step(x, f, fmt(x, "Đổi đuôi tên tệp thành .%s.", x->kind), fmt(x, "Rename the file to end in .%s.", x->kind));
  }
  const char *app = wb->application ? wb->application : "";
  const char *ver = wb->app_version ? wb->app_version : "";
  bool excel = strcmp(app, "Microsoft Excel") == 0;
  const char *prod = excel ? excel_product(ver) : NULL;
  const char *dollar = strchr(app, '$'); /* "LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/…" */
  if (dollar) {
    char *cut = xc_arena_try_strndup(&x->arena, app, (size_t)(dollar - app));
    if (!cut) x->nomem = true;
    app = cut ? cut : "";
  }
  if (!*app) {
    add(x, "file.application", XC_FACT_INFO, "",
        "Tệp không ghi tên chương trình đã tạo ra nó (docProps/app.xml): thường là tệp do một phần mềm hoặc thư viện tạo tự động.",
        "The file does not name the program that wrote it (docProps/app.xml): usually a file written automatically by some software or library.");
  } else if (excel && m->formulas_without_value) {
    add(x, "file.application", XC_FACT_INFO, "",
        fmt(x, "Tệp ghi là do %s %s tạo, nhưng Excel luôn lưu kết quả công thức: tệp thực ra do một chương trình khác (phần mềm xuất báo cáo, thư viện như openpyxl) ghi ra.", app, ver),
        fmt(x, "The file says it was written by %s %s, but Excel always stores formula results: another program (report software, a library such as openpyxl) really wrote it.", app, ver));
  } else if (excel && !prod) {
    add(x, "file.application", XC_FACT_INFO, "",
        fmt(x, "Tệp ghi là do %s %s tạo, nhưng Excel không có phiên bản \"%s\": tệp do một chương trình khác ghi ra (phần mềm xuất báo cáo hoặc thư viện tạo tệp Excel).", app, ver, ver),
        fmt(x, "The file says it was written by %s %s, but Excel has no version \"%s\": another program wrote it (report software or a library that writes Excel files).", app, ver, ver));
  } else {
    add(x, "file.application", XC_FACT_INFO, "",
        fmt(x, "Chương trình tạo tệp: %s%s%s%s%s.", app, *ver ? " " : "", ver, prod ? ", tức " : "", prod ? prod : ""),
        fmt(x, "Written by: %s%s%s%s%s.", app, *ver ? " " : "", ver, prod ? ", that is " : "", prod ? prod : ""));
  }
}

/* ---- the form --------------------------------------------------------------------- */

typedef struct {
  xc_buf vi, en;
  size_t n;
} listing;

static void list_init(listing *l) {
  xc_buf_init(&l->vi, 0);
  xc_buf_init(&l->en, 0);
  l->n = 0;
}
static void list_free(listing *l) {
  xc_buf_free(&l->vi);
  xc_buf_free(&l->en);
}
/* appends "item" (at most 8 named, then "…") */
static void list_add2(listing *l, const char *vi, const char *en);
static void list_add(listing *l, const char *item) { list_add2(l, item, item); }

/* the same with a text in each language */
static void list_add2(listing *l, const char *vi, const char *en) {
  if (l->n < 8) {
    if (l->n) {
      xc_buf_adds(&l->vi, ", ");
      xc_buf_adds(&l->en, ", ");
    }
    xc_buf_adds(&l->vi, vi);
    xc_buf_adds(&l->en, en);
  }
  l->n++;
}

/* closes the list: "(+K)" for the items not named */
static const char *list_vi(xc_explain *x, listing *l) {
  return l->n > 8 ? fmt(x, "%s (+%zu)", xc_buf_str(&l->vi), l->n - 8) : keep(x, xc_buf_str(&l->vi));
}
static const char *list_en(xc_explain *x, listing *l) {
  return l->n > 8 ? fmt(x, "%s (+%zu)", xc_buf_str(&l->en), l->n - 8) : keep(x, xc_buf_str(&l->en));
}

static const char *form_sheet_name(const xc_ruleset *rs, int s) {
  return s >= 0 && (size_t)s < rs->nsheets ? rs->sheets[s].name : "";
}

static void template_steps(xc_explain *x, xc_fact *f, const xc_ruleset *rs) {
  step(x, f, fmt(x, "Mở biểu mẫu chính thức (%s/%s.xlsx) bên cạnh tệp của đơn vị.", x->templates, rs->form_id),
       fmt(x, "Open the official form (%s/%s.xlsx) next to the unit's file.", x->templates, rs->form_id));
}

/* Keys of one keyed sheet: found out of order, or with unkeyed content rows between. */
static void explain_key_order(xc_explain *x, const xc_ruleset *rs, const xc_binding *b, int si) {
  const xc_form_sheet *fs = &rs->sheets[si];
  const xc_bound *bs = &b->sheets[si];
  const xc_msheet *ms = &b->m->sheets[bs->ws];
  listing moved, inserted;
  list_init(&moved);
  list_init(&inserted);
  uint32_t prev = 0;
  for (size_t r = 0; r < fs->nrows; r++) {
    uint32_t row = bs->key_row[r];
    if (!row) continue;
    if (prev && row < prev) {
      list_add(&moved, fmt(x, "%s (A%u)", fs->rows[r].key, row));
    } else if (prev && row > prev + 1) {
      /* rows between two consecutive keys that hold something */
      for (uint32_t k = prev + 1; k < row; k++) {
        bool filled = false;
        for (size_t i = xc_msheet_row_start(ms, k); i < ms->ncells && ms->cells[i].cell.row == k; i++)
          if (ms->cells[i].cell.type != XC_CV_STRING ||
              !xc_text_is_blank(ms->cells[i].cell.text, ms->cells[i].cell.len))
            filled = true;
        for (size_t e = 0; e < b->nevents; e++)
          if (b->events[e].sheet == si && b->events[e].row == k) filled = false; /* told elsewhere */
        if (filled) list_add(&inserted, fmt(x, "%u", k));
      }
    }
    if (row > prev) prev = row;
  }
  if (moved.n) {
    xc_fact *f = add(x, "form.keys-moved", XC_FACT_WARNING, fs->name,
                     fmt(x, "Trang \"%s\": %zu dòng không theo thứ tự của biểu mẫu (đã bị di chuyển): %s. Chương trình vẫn tìm dòng theo mã ở cột A.", fs->name, moved.n, list_vi(x, &moved)),
                     fmt(x, "Sheet \"%s\": %zu rows are out of the form's order (moved): %s. Rows are still found by their key in column A.", fs->name, moved.n, list_en(x, &moved)));
    template_steps(x, f, rs);
    step(x, f, "Đưa các dòng về đúng thứ tự như biểu mẫu (không bắt buộc nếu mã ở cột A đúng).",
         "Put the rows back in the form's order (optional when the keys in column A are right).");
  }
  if (inserted.n) {
    xc_fact *f = add(x, "form.rows-inserted", XC_FACT_INFO, fs->name,
                     fmt(x, "Trang \"%s\": có %zu dòng chèn thêm không mang mã của biểu mẫu (dòng %s). Các dòng này không được tính; số liệu phải nằm ở dòng có mã.", fs->name, inserted.n, list_vi(x, &inserted)),
                     fmt(x, "Sheet \"%s\": %zu inserted rows carry no key of the form (rows %s). They are not counted; figures must sit on the keyed rows.", fs->name, inserted.n, list_en(x, &inserted)));
    step(x, f, "Kiểm tra số liệu trên các dòng chèn thêm; chuyển vào đúng dòng có mã nếu cần, hoặc xóa dòng.",
         "Check the figures on the inserted rows; move them to the keyed row if needed, or delete the rows.");
  }
  list_free(&moved);
  list_free(&inserted);
}

typedef struct {
  xc_event_kind kind;
  const char *id;
  xc_fact_level level;
  const char *vi, *en; /* "%s" = sheet, then the list */
} event_text;

static const event_text EVENT_GROUPS[] = {
    {XC_EV_KEY_MISSING, "form.keys-missing", XC_FACT_ERROR,
     "Trang \"%s\" thiếu %zu dòng của biểu mẫu (mã ở cột A): %s. Có thể đơn vị dùng bản biểu mẫu cũ hoặc đã xóa dòng.",
     "Sheet \"%s\" lacks %zu rows of the form (keys in column A): %s. The unit may use an older version of the form or deleted rows."},
    {XC_EV_KEY_DUPLICATE, "form.keys-duplicate", XC_FACT_ERROR,
     "Trang \"%s\": %zu mã dòng xuất hiện hai lần: %s. Chỉ dòng đầu tiên được đọc.",
     "Sheet \"%s\": %zu row keys appear twice: %s. Only the first row is read."},
    {XC_EV_KEY_UNKNOWN, "form.keys-inserted", XC_FACT_WARNING,
     "Trang \"%s\": %zu dòng chèn thêm mang mã không có trong biểu mẫu: %s. Số liệu trên các dòng này không được tính.",
     "Sheet \"%s\": %zu inserted rows carry keys the form does not have: %s. Their figures are not counted."},
    {XC_EV_KEY_NUMERIC, "form.keys-numeric", XC_FACT_INFO,
     "Trang \"%s\": %zu mã dòng ở cột A được lưu dạng số (ví dụ 1.1 thành số 1,1): %s. Vẫn nhận ra được.",
     "Sheet \"%s\": %zu row keys in column A are stored as numbers (1.1 became the number 1.1): %s. They are still recognised."},
    {XC_EV_KEY_BY_LABEL, "form.keys-by-label", XC_FACT_INFO,
     "Trang \"%s\": %zu dòng được nhận theo tên chỉ tiêu vì mã ở cột A sai hoặc trống: %s.",
     "Sheet \"%s\": %zu rows were recognised by their label because the key in column A is wrong or empty: %s."},
    {XC_EV_LABEL_DIFFERS, "form.labels-differ", XC_FACT_INFO,
     "Trang \"%s\": tên chỉ tiêu khác biểu mẫu ở %zu dòng: %s. Thường do dùng bản biểu mẫu cũ; số liệu vẫn đọc theo mã.",
     "Sheet \"%s\": the label differs from the form on %zu rows: %s. Usually an older version of the form; figures are still read by key."},
    {XC_EV_HEADER_MISSING, "form.header-missing", XC_FACT_ERROR,
     "Danh sách \"%s\": không tìm thấy dòng tiêu đề hoặc cột bắt buộc (%zu): %s. Các dòng của danh sách không đọc được.",
     "List \"%s\": the header row or a required column was not found (%zu): %s. The list's rows cannot be read."},
};

static bool sheet_has_legacy(const xc_msheet *ms) {
  for (size_t i = 0; i < ms->ncells; i++) {
    const xc_cell *c = &ms->cells[i].cell;
    if (c->type == XC_CV_STRING && c->len && xc_legacy_detect(c->text, c->len, NULL) != XC_LEGACY_NONE)
      return true;
  }
  return false;
}

static void explain_binding(xc_explain *x, const xc_ruleset *rs, const xc_binding *b) {
  const xc_model *m = b->m;
  size_t found = 0;
  size_t keys = 0, keys_found = 0;
  for (size_t s = 0; s < rs->nsheets; s++) {
    if (b->sheets[s].ws >= 0) found++;
    if (rs->sheets[s].type == XC_SHEET_KEYED && b->sheets[s].ws >= 0)
      for (size_t r = 0; r < rs->sheets[s].nrows; r++) {
        keys++;
        if (b->sheets[s].key_row[r]) keys_found++;
      }
  }
  add(x, "form.match", XC_FACT_INFO, "",
      fmt(x, "Biểu mẫu: \"%s\" (%s). Tệp có %zu/%zu trang của biểu mẫu; tìm thấy %zu/%zu dòng có mã trên các trang đó.",
          rs->form_title ? rs->form_title : rs->form_id, rs->form_id, found, rs->nsheets, keys_found, keys),
      fmt(x, "Form: \"%s\" (%s). The file has %zu/%zu of the form's sheets; %zu/%zu keyed rows were found on them.",
          rs->form_title ? rs->form_title : rs->form_id, rs->form_id, found, rs->nsheets, keys_found, keys));
  /* sheets, one fact each; names that differ from the form's only by their
   * Unicode form (NFD) in one fact */
  listing nfd_names;
  list_init(&nfd_names);
  xc_buf nfc;
  xc_buf_init(&nfc, 0);
  for (size_t i = 0; i < b->nevents; i++) {
    const xc_event *ev = &b->events[i];
    const char *fsn = form_sheet_name(rs, ev->sheet);
    xc_fact *f;
    switch (ev->kind) {
      case XC_EV_SHEET_MISSING:
        f = add(x, "form.sheet-missing", XC_FACT_ERROR, fsn,
                fmt(x, "Thiếu trang \"%s\" của biểu mẫu (không có trang nào mang tên này hoặc tên gọi khác của nó).", fsn),
                fmt(x, "The form's sheet \"%s\" is missing (no sheet has this name or one of its other names).", fsn));
        template_steps(x, f, rs);
        step(x, f, fmt(x, "Chép trang \"%s\" từ biểu mẫu chính thức vào tệp (chuột phải vào tên trang > Di chuyển hoặc Sao chép).", fsn),
             fmt(x, "Copy the sheet \"%s\" from the official form into the file (right-click the sheet tab > Move or Copy).", fsn));
        step(x, f, "Điền số liệu vào trang vừa chép.", "Fill in the figures on the copied sheet.");
        send_again(x, f);
        break;
      case XC_EV_SHEET_RENAMED:
        xc_buf_clear(&nfc);
        if (ev->text && xc_nfc(ev->text, strlen(ev->text), &nfc) && strcmp(xc_buf_str(&nfc), fsn) == 0 &&
            strcmp(ev->text, fsn) != 0) {
          list_add(&nfd_names, fmt(x, "\"%s\"", fsn));
          break;
        }
        f = add(x, "form.sheet-renamed", XC_FACT_INFO, ev->text,
                fmt(x, "Trang \"%s\" được nhận là trang \"%s\" của biểu mẫu (tên khác hoặc tên của bản biểu mẫu cũ).", ev->text, fsn),
                fmt(x, "The sheet \"%s\" is taken as the form's sheet \"%s\" (another name, or the name in an older version of the form).", ev->text, fsn));
        step(x, f, fmt(x, "Không bắt buộc: đổi tên trang thành \"%s\" (nháy đúp vào tên trang).", fsn),
             fmt(x, "Optional: rename the sheet to \"%s\" (double-click its tab).", fsn));
        break;
      case XC_EV_SHEET_EXTRA:
        add(x, "form.sheet-extra", XC_FACT_INFO, ev->text,
            fmt(x, "Trang \"%s\" không thuộc biểu mẫu; chương trình bỏ qua trang này.", ev->text),
            fmt(x, "The sheet \"%s\" is not part of the form; it is ignored.", ev->text));
        break;
      case XC_EV_SHEET_HIDDEN:
        f = add(x, "form.sheet-hidden", XC_FACT_WARNING, ev->text,
                fmt(x, "Trang nhập liệu \"%s\" đang bị ẩn: đơn vị có thể không thấy và không điền trang này.", ev->text),
                fmt(x, "The input sheet \"%s\" is hidden: the unit may not see it nor fill it in.", ev->text));
        step(x, f, "Chuột phải vào tên một trang bất kỳ > Bỏ ẩn (Unhide).", "Right-click any sheet tab > Unhide.");
        step(x, f, fmt(x, "Chọn \"%s\", bấm OK, rồi kiểm tra số liệu trên trang.", ev->text),
             fmt(x, "Choose \"%s\", press OK, then check the figures on it.", ev->text));
        send_again(x, f);
        break;
      default:
        break;
    }
  }
  if (nfd_names.n) {
    xc_fact *f = add(x, "form.sheet-names-nfd", XC_FACT_INFO, "",
                     fmt(x, "%zu trang có tên gõ bằng Unicode tổ hợp (dấu tách rời khỏi chữ, NFD), nhìn giống hệt tên trong biểu mẫu: %s. Chương trình vẫn nhận đúng các trang này.", nfd_names.n, list_vi(x, &nfd_names)),
                     fmt(x, "%zu sheet names are typed in decomposed Unicode (marks stored apart from their letters, NFD); they look exactly like the form's: %s. The sheets are recognised all the same.", nfd_names.n, list_en(x, &nfd_names)));
    step(x, f, "Không bắt buộc: gõ lại tên trang (nháy đúp vào tên trang) bằng Unikey ở bảng mã \"Unicode\" (dựng sẵn).",
         "Optional: retype the sheet names (double-click the tab) with Unikey set to \"Unicode\" (precomposed).");
  }
  list_free(&nfd_names);
  xc_buf_free(&nfc);
  /* row events, grouped by sheet and kind */
  for (size_t g = 0; g < sizeof EVENT_GROUPS / sizeof *EVENT_GROUPS; g++) {
    const event_text *et = &EVENT_GROUPS[g];
    for (size_t s = 0; s < rs->nsheets; s++) {
      listing l;
      list_init(&l);
      for (size_t i = 0; i < b->nevents; i++) {
        const xc_event *ev = &b->events[i];
        if (ev->kind != et->kind || ev->sheet != (int)s) continue;
        if (ev->row) {
          char ref[12];
          xc_cellref_format(ev->row, ev->col ? ev->col : 1, ref);
          list_add(&l, fmt(x, "%s (%s)", ev->text ? ev->text : "", ref));
        } else {
          list_add(&l, ev->text ? ev->text : "");
        }
      }
      if (l.n && et->kind == XC_EV_LABEL_DIFFERS && sheet_has_legacy(&m->sheets[b->sheets[s].ws])) {
        const char *name = rs->sheets[s].name;
        add(x, et->id, et->level, name,
            fmt(x, "Trang \"%s\": tên chỉ tiêu khác biểu mẫu ở %zu dòng: %s, vì chữ được gõ bằng bảng mã cũ (xem bên dưới); số liệu vẫn đọc theo mã.", name, l.n, list_vi(x, &l)),
            fmt(x, "Sheet \"%s\": the label differs from the form on %zu rows: %s, because the text was typed in a legacy encoding (see below); figures are still read by key.", name, l.n, list_en(x, &l)));
      } else if (l.n) {
        const char *name = rs->sheets[s].name;
        xc_fact *f = add(x, et->id, et->level, name, fmt(x, et->vi, name, l.n, list_vi(x, &l)),
                         fmt(x, et->en, name, l.n, list_en(x, &l)));
        if (et->kind == XC_EV_KEY_MISSING || et->kind == XC_EV_HEADER_MISSING) {
          template_steps(x, f, rs);
          step(x, f, et->kind == XC_EV_KEY_MISSING
                         ? "Chèn lại các dòng thiếu với đúng mã ở cột A (hoặc chép số liệu sang biểu mẫu chính thức)."
                         : "Chép lại dòng tiêu đề của danh sách từ biểu mẫu chính thức, đúng tên các cột.",
               et->kind == XC_EV_KEY_MISSING
                   ? "Insert the missing rows back with their keys in column A (or copy the figures into the official form)."
                   : "Copy the list's header row back from the official form, with the exact column names.");
          send_again(x, f);
        } else if (et->kind == XC_EV_KEY_DUPLICATE) {
          step(x, f, "Xóa dòng bị lặp hoặc sửa mã ở cột A cho đúng.", "Delete the repeated row or correct its key in column A.");
        } else if (et->kind == XC_EV_KEY_UNKNOWN) {
          step(x, f, "Chuyển số liệu trên các dòng này vào đúng dòng của biểu mẫu, rồi xóa các dòng chèn thêm.",
               "Move the figures on these rows to the form's rows, then delete the inserted rows.");
        }
      }
      list_free(&l);
    }
  }
  /* keyed sheets: moved and inserted rows; lists: header found */
  for (size_t s = 0; s < rs->nsheets; s++) {
    const xc_bound *bs = &b->sheets[s];
    if (bs->ws < 0) continue;
    if (rs->sheets[s].type == XC_SHEET_KEYED) {
      explain_key_order(x, rs, b, (int)s);
    } else if (bs->header_row) {
      add(x, "form.list", XC_FACT_INFO, rs->sheets[s].name,
          fmt(x, "Danh sách \"%s\": dòng tiêu đề ở dòng %u, %zu dòng dữ liệu.", m->sheets[bs->ws].name, bs->header_row, bs->nrows),
          fmt(x, "List \"%s\": header on row %u, %zu data rows.", m->sheets[bs->ws].name, bs->header_row, bs->nrows));
    }
  }
}

/* ---- cells --------------------------------------------------------------------------- */

/* Formulas the file gives no value: computed ones (recalc.h), then the others. */
static void explain_formulas(xc_explain *x, const xc_model *m) {
  if (!m->nformulas) return;
  listing done, open;
  list_init(&done);
  list_init(&open);
  xc_buf vi, en;
  xc_buf_init(&vi, 0);
  xc_buf_init(&en, 0);
  for (size_t i = 0; i < m->nformulas; i++) {
    const xc_mformula *f = &m->formulas[i];
    const char *where = cell_where(x, m->sheets[f->sheet].name, f->row, f->col);
    if (f->status == XC_FX_OK) {
      list_add(&done, where);
      continue;
    }
    xc_buf_clear(&vi);
    xc_buf_clear(&en);
    xc_recalc_reason(&vi, f, XC_LANG_VI);
    xc_recalc_reason(&en, f, XC_LANG_EN);
    list_add2(&open, fmt(x, "%s: =%s (%s)", where, f->text, xc_buf_str(&vi)),
              fmt(x, "%s: =%s (%s)", where, f->text, xc_buf_str(&en)));
  }
  xc_buf_free(&vi);
  xc_buf_free(&en);
  if (done.n)
    add(x, "cells.formula-computed", XC_FACT_INFO, "",
        fmt(x, "%zu ô có công thức nhưng tệp không lưu giá trị (%s): tệp do một chương trình không tính công thức ghi ra; xlsxcheck đã tự tính các ô này như Excel và kiểm tra bằng kết quả đó.", done.n, list_vi(x, &done)),
        fmt(x, "%zu cells have a formula but the file stores no value (%s): a program that does not compute formulas wrote it; xlsxcheck computed these cells as Excel does and checked the results.", done.n, list_en(x, &done)));
  if (open.n) {
    xc_fact *f = add(x, "cells.formula-no-value", XC_FACT_WARNING, "",
                     fmt(x, "%zu ô có công thức nhưng không có giá trị đã tính và xlsxcheck không tính được (%s): các ô này chưa được kiểm tra (không bị coi là ô trống).", open.n, list_vi(x, &open)),
                     fmt(x, "%zu cells have a formula but no computed value, and xlsxcheck cannot compute them (%s): these cells are not checked (not taken as blank).", open.n, list_en(x, &open)));
    step(x, f, "Mở tệp bằng Excel hoặc LibreOffice Calc (hai chương trình này tự tính công thức).",
         "Open the file in Excel or LibreOffice Calc (both compute the formulas).");
    step(x, f, "Bấm Ctrl+Alt+F9 (Excel) hoặc Ctrl+Shift+F9 (LibreOffice) để tính lại toàn bộ.",
         "Press Ctrl+Alt+F9 (Excel) or Ctrl+Shift+F9 (LibreOffice) to recompute everything.");
    step(x, f, "Lưu lại (Ctrl+S) và gửi lại tệp.", "Save (Ctrl+S) and send the file again.");
  }
  list_free(&done);
  list_free(&open);
}

/* Text typed in TCVN3 / VNI, and decomposed (NFD) text: per sheet. */
static void explain_encodings(xc_explain *x, const xc_model *m) {
  xc_buf conv, ex;
  xc_buf_init(&conv, 0);
  xc_buf_init(&ex, 0);
  size_t nfd_cells = 0;
  listing nfd;
  list_init(&nfd);
  for (size_t s = 0; s < m->nsheets; s++) {
    const xc_msheet *ms = &m->sheets[s];
    for (int enc = XC_LEGACY_TCVN3; enc <= XC_LEGACY_VNI; enc++) {
      size_t count = 0;
      xc_buf_clear(&ex);
      for (size_t i = 0; i < ms->ncells; i++) {
        const xc_cell *c = &ms->cells[i].cell;
        if (c->type != XC_CV_STRING || !c->len) continue;
        xc_buf_clear(&conv);
        if (xc_legacy_detect(c->text, c->len, &conv) != (xc_legacy)enc) continue;
        if (count++ < MAX_EXAMPLES) {
          char ref[12];
          xc_cellref_format(c->row, c->col, ref);
          xc_buf_printf(&ex, "%s%s: ", count > 1 ? "; " : "", ref);
          quoted(&ex, c->text, c->len);
          xc_buf_adds(&ex, " → ");
          quoted(&ex, xc_buf_str(&conv), conv.len);
        }
      }
      if (!count) continue;
      bool tcvn = enc == XC_LEGACY_TCVN3;
      xc_fact *f = add(
          x, tcvn ? "text.tcvn3" : "text.vni", XC_FACT_WARNING, ms->name,
          fmt(x, "Trang \"%s\": %zu ô chữ được gõ bằng bảng mã cũ %s (%s), không phải Unicode: trên máy không có phông đó chữ hiện thành ký tự lạ, và tên đơn vị, tên chỉ tiêu không so khớp được. Ví dụ (chuyển sang Unicode): %s. Có thể chuyển mã cả trang một lần.",
              ms->name, count, tcvn ? "TCVN3" : "VNI", tcvn ? "ABC, phông .VnTime" : "VNI-Windows, phông VNI-Times", xc_buf_str(&ex)),
          fmt(x, "Sheet \"%s\": %zu text cells were typed in the legacy %s encoding (%s), not Unicode: without that font they show as odd characters, and unit names and labels do not match. For example (converted to Unicode): %s. The whole sheet can be converted at once.",
              ms->name, count, tcvn ? "TCVN3" : "VNI", tcvn ? "ABC, the .VnTime fonts" : "VNI-Windows, the VNI-Times fonts", xc_buf_str(&ex)));
      step(x, f, fmt(x, "Trong Excel, mở trang \"%s\", bấm Ctrl+A rồi Ctrl+C để chép cả trang.", ms->name),
           fmt(x, "In Excel, open the sheet \"%s\", press Ctrl+A then Ctrl+C to copy the whole sheet.", ms->name));
      step(x, f, fmt(x, "Mở công cụ chuyển mã của Unikey (Ctrl+Shift+F6): Nguồn \"%s\", Đích \"Unicode\", bấm \"Chuyển mã\".", tcvn ? "TCVN3 (ABC)" : "VNI Windows"),
           fmt(x, "Open Unikey's converter (Ctrl+Shift+F6): source \"%s\", destination \"Unicode\", press \"Convert\".", tcvn ? "TCVN3 (ABC)" : "VNI Windows"));
      step(x, f, "Quay lại Excel, bấm Ctrl+V để dán đè, rồi chọn phông Times New Roman cho cả trang.",
           "Back in Excel, press Ctrl+V to paste over, then set the font of the whole sheet to Times New Roman.");
      step(x, f, "Lưu lại và gửi lại tệp.", "Save and send the file again.");
    }
    size_t here = 0;
    for (size_t i = 0; i < ms->ncells; i++) {
      const xc_cell *c = &ms->cells[i].cell;
      if (c->type != XC_CV_STRING || xc_is_nfc(c->text, c->len)) continue;
      nfd_cells++;
      if (here++ < 2) {
        xc_buf_clear(&conv);
        quoted(&conv, c->text, c->len);
        list_add(&nfd, fmt(x, "%s %s", cell_where(x, ms->name, c->row, c->col), xc_buf_str(&conv)));
      }
    }
  }
  if (nfd_cells) {
    xc_fact *f = add(x, "text.nfd", XC_FACT_INFO, "",
                     fmt(x, "%zu ô chữ dùng Unicode tổ hợp (dấu gõ tách rời khỏi chữ, NFD), thường do gõ trên máy Mac hoặc chép từ PDF: %s. Chương trình vẫn đọc đúng, nhưng tìm kiếm và sắp xếp trong Excel có thể sai.", nfd_cells, list_vi(x, &nfd)),
                     fmt(x, "%zu text cells use decomposed Unicode (marks stored apart from their letters, NFD), typically typed on a Mac or copied from a PDF: %s. They are read correctly, but searching and sorting in Excel may go wrong.", nfd_cells, list_en(x, &nfd)));
    step(x, f, "Không bắt buộc: chép vùng chữ, dùng Unikey (Ctrl+Shift+F6) chuyển từ \"Unicode tổ hợp\" sang \"Unicode\", rồi dán lại.",
         "Optional: copy the text, convert it with Unikey (Ctrl+Shift+F6) from \"Unicode tổ hợp\" (composite) to \"Unicode\", and paste it back.");
  }
  list_free(&nfd);
  xc_buf_free(&conv);
  xc_buf_free(&ex);
}

static bool kind_is_number(const char *k) {
  return k && (strcmp(k, "count") == 0 || strcmp(k, "percent") == 0 || strcmp(k, "amount") == 0);
}

typedef struct {
  size_t text_numbers;
  xc_buf ok_vi, ok_en;   /* examples read as numbers */
  size_t nok;
  listing ambiguous;     /* "1.234" */
  listing english;       /* "0.5" */
  listing swallowed;     /* input cells under a merged range */
} cell_scan;

/* One input cell (row, col) of form sheet s: numbers typed as text, merged ranges. */
static void scan_input(xc_explain *x, cell_scan *cs, const xc_model *m, const xc_msheet *ms,
                       const char *sheet, uint32_t row, uint32_t col, bool numeric, xc_buf *scratch) {
  for (size_t k = 0; k < ms->nmerges; k++) {
    const xc_range *r = &ms->merges[k];
    if (row >= r->r1 && row <= r->r2 && col >= r->c1 && col <= r->c2 && !(row == r->r1 && col == r->c1)) {
      char a[12], b[12];
      xc_cellref_format(r->r1, r->c1, a);
      xc_cellref_format(r->r2, r->c2, b);
      list_add(&cs->swallowed, fmt(x, "%s (%s:%s)", cell_where(x, sheet, row, col), a, b));
      break;
    }
  }
  if (!numeric) return;
  const xc_mcell *mc = xc_msheet_cell(ms, row, col);
  if (!mc || mc->cell.type != XC_CV_STRING) return;
  xc_value v;
  xc_value_from_cell_clean(&mc->cell, xc_workbook_style(m->wb, mc->cell.style), m->wb->date1904, scratch, &v);
  if (v.kind != XC_V_NUMBER || !(v.flags & XC_VF_FROM_TEXT)) return;
  cs->text_numbers++;
  xc_buf q, vi, en;
  xc_buf_init(&q, 0);
  xc_buf_init(&vi, 0);
  xc_buf_init(&en, 0);
  quoted(&q, mc->cell.text, mc->cell.len);
  plain_number(&vi, v.num, ',');
  plain_number(&en, v.num, '.');
  const char *pct = (v.flags & XC_VF_PERCENT) ? "%" : "";
  const char *where = cell_where(x, sheet, row, col);
  if (v.flags & XC_VF_AMBIGUOUS) {
    xc_buf_clear(&q);
    quoted(&q, mc->cell.text, mc->cell.len);
    list_add2(&cs->ambiguous, fmt(x, "%s %s đọc là %s", where, xc_buf_str(&q), xc_buf_str(&vi)),
              fmt(x, "%s %s read as %s", where, xc_buf_str(&q), xc_buf_str(&en)));
  } else if (v.flags & XC_VF_ENGLISH_DECIMAL) {
    list_add2(&cs->english, fmt(x, "%s %s đọc là %s%s", where, xc_buf_str(&q), xc_buf_str(&vi), pct),
              fmt(x, "%s %s read as %s%s", where, xc_buf_str(&q), xc_buf_str(&en), pct));
  }
  if (cs->nok < MAX_EXAMPLES && !(v.flags & XC_VF_AMBIGUOUS)) {
    xc_buf_printf(&cs->ok_vi, "%s%s %s đọc là %s%s", cs->nok ? "; " : "", where, xc_buf_str(&q), xc_buf_str(&vi), pct);
    xc_buf_printf(&cs->ok_en, "%s%s %s read as %s%s", cs->nok ? "; " : "", where, xc_buf_str(&q), xc_buf_str(&en), pct);
    cs->nok++;
  }
  xc_buf_free(&q);
  xc_buf_free(&vi);
  xc_buf_free(&en);
}

static void explain_inputs(xc_explain *x, const xc_ruleset *rs, const xc_binding *b) {
  const xc_model *m = b->m;
  cell_scan cs;
  memset(&cs, 0, sizeof cs);
  xc_buf_init(&cs.ok_vi, 0);
  xc_buf_init(&cs.ok_en, 0);
  list_init(&cs.ambiguous);
  list_init(&cs.english);
  list_init(&cs.swallowed);
  xc_buf scratch;
  xc_buf_init(&scratch, 0);
  for (size_t s = 0; s < rs->nsheets; s++) {
    const xc_form_sheet *fs = &rs->sheets[s];
    const xc_bound *bs = &b->sheets[s];
    if (bs->ws < 0) continue;
    const xc_msheet *ms = &m->sheets[bs->ws];
    if (fs->type == XC_SHEET_KEYED) {
      uint32_t vc = xc_bind_value_col(fs, NULL);
      for (size_t r = 0; r < fs->nrows; r++) {
        if (!bs->key_row[r] || fs->rows[r].rkind == XC_RK_HEADER) continue;
        scan_input(x, &cs, m, ms, ms->name, bs->key_row[r], vc, kind_is_number(fs->rows[r].kind), &scratch);
      }
    } else {
      for (size_t c = 0; c < fs->ncols; c++) {
        if (!bs->col_of[c]) continue;
        for (size_t r = 0; r < bs->nrows; r++)
          scan_input(x, &cs, m, ms, ms->name, bs->rows[r], bs->col_of[c],
                     fs->cols[c].rkind == XC_RK_COUNT, &scratch);
      }
    }
  }
  if (cs.text_numbers) {
    xc_fact *f = add(x, "cells.numbers-as-text", XC_FACT_INFO, "",
                     fmt(x, "%zu ô số liệu được gõ dưới dạng chữ (văn bản) chứ không phải số; chương trình đọc theo cách viết số của Việt Nam (dấu chấm ngăn cách hàng nghìn, dấu phẩy thập phân): %s.", cs.text_numbers, xc_buf_str(&cs.ok_vi)),
                     fmt(x, "%zu figure cells were typed as text, not as numbers; they are read in Vietnamese notation (dot groups thousands, comma is the decimal mark): %s.", cs.text_numbers, xc_buf_str(&cs.ok_en)));
    step(x, f, "Không bắt buộc: chọn các ô, bấm vào dấu chấm than màu vàng > \"Chuyển đổi thành số\" (Convert to Number).",
         "Optional: select the cells, click the yellow exclamation mark > \"Convert to Number\".");
  }
  if (cs.ambiguous.n) {
    xc_fact *f = add(x, "cells.number-ambiguous", XC_FACT_WARNING, "",
                     fmt(x, "%zu ô số gõ dạng chữ có thể hiểu hai cách: %s. Dấu chấm được hiểu là ngăn cách hàng nghìn (\"1.234\" là một nghìn hai trăm ba mươi tư), nhưng nếu đơn vị gõ kiểu tiếng Anh thì đó là số thập phân 1,234 (ba chữ số thập phân?).", cs.ambiguous.n, list_vi(x, &cs.ambiguous)),
                     fmt(x, "%zu figures typed as text can be read two ways: %s. The dot is taken as a thousands separator (\"1.234\" is one thousand two hundred thirty-four), but typed the English way it would be the decimal 1.234 (three decimals?).", cs.ambiguous.n, list_en(x, &cs.ambiguous)));
    step(x, f, "Gọi đơn vị xác nhận giá trị đúng của từng ô.", "Call the unit to confirm the right value of each cell.");
    step(x, f, "Gõ lại ô dưới dạng số (không gõ dấu chấm; phần thập phân dùng dấu phẩy, ví dụ 1234 hoặc 1,234).",
         "Retype the cell as a number (no dots; decimals with a comma, e.g. 1234 or 1,234).");
  }
  if (cs.english.n) {
    xc_fact *f = add(x, "cells.number-english", XC_FACT_WARNING, "",
                     fmt(x, "%zu ô số gõ dạng chữ dùng dấu chấm làm dấu thập phân kiểu tiếng Anh: %s. Chương trình đọc dấu chấm là dấu thập phân (\"0.5\" là 0,5).", cs.english.n, list_vi(x, &cs.english)),
                     fmt(x, "%zu figures typed as text use a dot as the decimal mark, the English way: %s. The dot is read as the decimal mark (\"0.5\" is 0.5).", cs.english.n, list_en(x, &cs.english)));
    step(x, f, "Kiểm tra giá trị; gõ lại với dấu phẩy thập phân (0,5).", "Check the value; retype it with a decimal comma (0,5).");
  }
  if (cs.swallowed.n) {
    xc_fact *f = add(x, "cells.merged-input", XC_FACT_ERROR, "",
                     fmt(x, "%zu ô nhập số liệu bị gộp vào ô khác (Merge): %s. Số liệu gõ vào đó bị che và chỉ ô đầu tiên của vùng gộp được đọc.", cs.swallowed.n, list_vi(x, &cs.swallowed)),
                     fmt(x, "%zu input cells are swallowed by merged ranges: %s. Whatever is typed there is hidden; only the first cell of the merged range is read.", cs.swallowed.n, list_en(x, &cs.swallowed)));
    step(x, f, "Chọn vùng gộp, bấm Trang đầu > Gộp và Căn giữa để bỏ gộp ô (Unmerge).",
         "Select the merged range, click Home > Merge & Center to unmerge it.");
    step(x, f, "Gõ lại số liệu vào đúng ô của cột số liệu.", "Type the figure again in the right cell of the figure column.");
    step(x, f, "Lưu lại và gửi lại tệp.", "Save and send the file again.");
  }
  xc_buf_free(&scratch);
  xc_buf_free(&cs.ok_vi);
  xc_buf_free(&cs.ok_en);
  list_free(&cs.ambiguous);
  list_free(&cs.english);
  list_free(&cs.swallowed);
}

/* ---- protected sheets: <sheetProtection> in the sheet part ---------------------------- */

typedef struct {
  char tail[32];
  size_t ntail;
  bool found;
} prot_scan;

static xc_err prot_sink(void *ctx, const char *data, size_t n, bool last) {
  (void)last;
  prot_scan *p = ctx;
  static const char pat[] = "sheetProtection";
  const size_t k = sizeof pat - 1;
  /* the pattern may straddle two chunks: look at the tail joined with the head */
  char join[64];
  size_t h = n < k ? n : k;
  memcpy(join, p->tail, p->ntail);
  memcpy(join + p->ntail, data, h);
  for (size_t i = 0; i + k <= p->ntail + h; i++)
    if (memcmp(join + i, pat, k) == 0 && i > 0 && (join[i - 1] == '<' || join[i - 1] == ':')) p->found = true;
  for (size_t i = 1; i + k <= n; i++)
    if (memcmp(data + i, pat, k) == 0 && (data[i - 1] == '<' || data[i - 1] == ':')) p->found = true;
  size_t keep_n = n < 20 ? n : 20;
  if (p->ntail + keep_n > 20) {
    size_t drop = p->ntail + keep_n - 20;
    if (drop > p->ntail) drop = p->ntail;
    memmove(p->tail, p->tail + drop, p->ntail - drop);
    p->ntail -= drop;
  }
  memcpy(p->tail + p->ntail, data + n - keep_n, keep_n);
  p->ntail += keep_n;
  return p->found ? XC_ERR_LIMIT : XC_OK; /* stop early: found */
}

static void explain_protection(xc_explain *x, const xc_ruleset *rs, const xc_binding *b, xc_workbook *wb) {
  listing l;
  list_init(&l);
  for (size_t s = 0; s < rs->nsheets; s++) {
    int ws = b->sheets[s].ws;
    if (ws < 0 || (size_t)ws >= wb->nsheets || !wb->sheets[ws].part) continue;
    prot_scan p;
    memset(&p, 0, sizeof p);
    xc_error e = {0};
    xc_zip_stream(wb->zip, wb->sheets[ws].part, prot_sink, &p, &e);
    if (p.found) list_add(&l, fmt(x, "\"%s\"", wb->sheets[ws].name));
  }
  if (l.n) {
    xc_fact *f = add(x, "form.sheet-protected", XC_FACT_INFO, "",
                     fmt(x, "%zu trang nhập liệu đang được bảo vệ (Bảo vệ trang tính): %s. Số liệu vẫn đọc được. Biểu mẫu chính thức khóa phần tiêu đề và để mở các ô số liệu; nếu đơn vị không gõ được vào ô số liệu thì trang đã bị khóa cả ô nhập.", l.n, list_vi(x, &l)),
                     fmt(x, "%zu input sheets are protected (Protect Sheet): %s. The figures can be read. The official form locks its labels and leaves the figure cells open; if the unit cannot type into a figure cell, the input cells were locked too.", l.n, list_en(x, &l)));
    step(x, f, "Nếu cần sửa: Xem lại (Review) > Bỏ bảo vệ trang tính (Unprotect Sheet), nhập mật khẩu nếu có.",
         "To edit: Review > Unprotect Sheet, with its password if it has one.");
    step(x, f, "Sửa số liệu, lưu và gửi lại tệp.", "Correct the figures, save and send the file again.");
  }
  list_free(&l);
}

/* ---- check's findings ------------------------------------------------------------------ */

static bool covered_elsewhere(const char *rule) {
  /* G-1 … G-7 are the binding's events, N-1 the numbers typed the English way, F-1 and F-2 the
   * formulas without a stored value: explained above */
  static const char *const ids[] = {"G-1", "G-2", "G-3", "G-4", "G-5", "G-6", "G-7", "N-1", "F-1", "F-2", NULL};
  for (size_t i = 0; ids[i]; i++)
    if (strcmp(rule, ids[i]) == 0) return true;
  return false;
}

static void explain_check(xc_explain *x, const xc_ruleset *rs, const xc_model *m, const xc_binding *b,
                          const xc_check_opts *opts) {
  xc_diags d;
  xc_diags_init(&d);
  if (!xc_check_run(rs, m, b, opts, &d)) {
    x->nomem = true;
    xc_diags_free(&d);
    return;
  }
  xc_diags_sort(&d);
  x->check_errors = d.errors;
  x->check_warnings = d.warnings;
  x->status = d.errors ? 1 : 0;
  xc_fact *summary = add(x, "check.summary", d.errors ? XC_FACT_ERROR : d.warnings ? XC_FACT_WARNING : XC_FACT_INFO, "",
      d.errors || d.warnings ? fmt(x, "Kiểm tra theo biểu mẫu: %zu lỗi, %zu cảnh báo.", d.errors, d.warnings)
                             : "Kiểm tra theo biểu mẫu: không có lỗi.",
      d.errors || d.warnings ? fmt(x, "Checked against the form: %zu error(s), %zu warning(s).", d.errors, d.warnings)
                             : "Checked against the form: no findings.");
  if (d.errors || d.warnings) {
    xc_fact *f = summary;
    step(x, f, "Sửa lần lượt các mục bên dưới (lỗi trước, cảnh báo sau).", "Correct the items below one by one (errors first, then warnings).");
    /* said so that it fits every front end: the people it is for upload
     * the file again on the web pages, they do not type commands */
    step(x, f, fmt(x, "Sau khi sửa, kiểm tra lại tệp %s để xác nhận không còn lỗi.", x->file),
         fmt(x, "Once corrected, check %s again to confirm nothing is left.", x->file));
  }
  /* one fact per group of findings (group.h), errors first (the list is sorted) */
  xc_groups gs;
  if (!xc_groups_build(&d, &gs)) x->nomem = true;
  size_t shown = 0, left = 0;
  for (size_t i = 0; i < gs.n; i++) {
    const xc_group *gr = &gs.items[i];
    const xc_diag *g = gr->first;
    if (covered_elsewhere(g->rule)) continue;
    if (shown == MAX_CHECK_FACTS) {
      left += gr->n;
      continue;
    }
    shown++;
    size_t ncells = xc_group_ncells(gr);
    xc_buf cells;
    xc_buf_init(&cells, 0);
    xc_group_cells(gr, 0, &cells);
    const char *where = gr->n == 1 && g->cell[0] ? fmt(x, "%s!%s", g->sheet, g->cell)
                        : ncells ? fmt(x, "%s!%s", g->sheet, xc_buf_str(&cells)) : g->sheet;
    xc_buf vi, en;
    xc_buf_init(&vi, 0);
    xc_buf_init(&en, 0);
    if (gr->n > 1) {
      xc_buf_printf(&vi, "%zu %s: ", gr->n, ncells == gr->n ? "ô" : "phát hiện");
      xc_buf_printf(&en, "%zu %s: ", gr->n, ncells == gr->n ? "cells" : "findings");
    } else if (g->key[0]) {
      xc_buf_printf(&vi, "[%s] ", g->key);
      xc_buf_printf(&en, "[%s] ", g->key);
    }
    xc_buf_adds(&vi, gr->msg_vi);
    xc_buf_adds(&en, gr->msg_en);
    if (gr->actual[0] || gr->expected[0]) {
      xc_buf_adds(&vi, " —");
      xc_buf_adds(&en, " —");
      if (gr->actual[0]) xc_buf_printf(&vi, " có %s", gr->actual), xc_buf_printf(&en, " is %s", gr->actual);
      if (gr->actual[0] && gr->expected[0]) xc_buf_adds(&vi, ","), xc_buf_adds(&en, ",");
      if (gr->expected[0]) xc_buf_printf(&vi, " cần %s", gr->expected), xc_buf_printf(&en, " expected %s", gr->expected);
    }
    xc_buf_printf(&vi, " (%s)", g->rule);
    xc_buf_printf(&en, " (%s)", g->rule);
    xc_fact *f = add(x, fmt(x, "check.%s", g->rule), g->severity == XC_SEV_ERROR ? XC_FACT_ERROR : XC_FACT_WARNING,
                     where, xc_buf_str(&vi), xc_buf_str(&en));
    const char *hv = g->hint_vi[0] ? g->hint_vi : NULL;
    const char *he = g->hint_en[0] ? g->hint_en : hv;
    if (hv) step(x, f, hv, he);
    if (gr->n > 1 && ncells)
      step(x, f, fmt(x, "Gọi đơn vị kiểm tra và sửa %zu ô của trang \"%s\" nêu trên, rồi gửi lại tệp.", ncells, g->sheet),
           fmt(x, "Ask the unit to check and correct the %zu cells of sheet \"%s\" above, then send the file again.", ncells, g->sheet));
    else
      step(x, f, g->cell[0] ? fmt(x, "Gọi đơn vị kiểm tra và sửa ô %s, rồi gửi lại tệp.", where)
                            : "Gọi đơn vị kiểm tra và sửa, rồi gửi lại tệp.",
           g->cell[0] ? fmt(x, "Ask the unit to check and correct %s, then send the file again.", where)
                      : "Ask the unit to check and correct it, then send the file again.");
    xc_buf_free(&vi);
    xc_buf_free(&en);
    xc_buf_free(&cells);
  }
  xc_groups_free(&gs);
  if (left) {
    xc_fact *f = add(x, "check.more", XC_FACT_INFO, "",
                     fmt(x, "Còn %zu phát hiện khác của kiểm tra.", left),
                     fmt(x, "%zu more findings of the check.", left));
    step(x, f, fmt(x, "Chạy \"xlsxcheck check %s\" để xem đầy đủ.", x->file),
         fmt(x, "Run \"xlsxcheck check %s\" for the full list.", x->file));
  }
  xc_diags_free(&d);
}

/* ---- the whole file ----------------------------------------------------------------------- */

/* x, or NULL (x freed) when memory ran out while it was gathered */
static xc_explain *explained(xc_explain *x) {
  if (!x->nomem) return x;
  xc_explain_free(x);
  return NULL;
}

xc_explain *xc_explain_file(const char *path, const void *data, size_t len, const char *name,
                            xc_ruleset *const *rulesets, size_t nrulesets, bool forced, const xc_units *const *units,
                            const xc_limits *lim, xc_lang lang, const char *templates) {
  xc_explain *x = xc_try_calloc(1, sizeof *x);
  if (!x) return NULL;
  xc_arena_init(&x->arena);
  x->file = keep(x, name ? name : path);
  x->templates = keep(x, templates && *templates ? templates : "templates");
  x->kind = "";
  x->application = x->app_version = x->form_id = x->form_title = "";
  xc_error err = {0};
  xc_workbook *wb = path ? xc_workbook_open(path, lim, &err) : xc_workbook_open_mem(data, len, lim, &err);
  xc_model *m = wb ? xc_model_load(wb, 0, &err) : NULL;
  if (!m && err.code == XC_ERR_NOMEM) x->nomem = true;
  if (!m) {
    source src = {path, data, len};
    if (!x->nomem) explain_unreadable(x, &src, &err);
    xc_workbook_free(wb);
    return explained(x);
  }
  explain_package(x, wb, m);
  xc_ident id;
  if (!xc_identify_model(&id, rulesets, nrulesets, forced, units, m, NULL, x->file, lang, &x->arena) &&
      id.nomem) {
    x->nomem = true;
    xc_ident_free(&id);
  } else if (!id.rs) {
    xc_fact *f = add(x, "form.unknown", XC_FACT_ERROR, "",
                     "Không nhận ra biểu mẫu: tệp không có trang nào của các biểu mẫu đã biết (có thể là tệp khác gửi nhầm, hoặc các trang bị đổi tên hoàn toàn).",
                     "The form is not recognised: the file has none of the known forms' sheets (perhaps another file sent by mistake, or all sheets renamed).");
    step(x, f, "Kiểm tra đã gửi đúng tệp báo cáo chưa.", "Check that the right report file was sent.");
    step(x, f, "Nếu đúng: đổi tên các trang theo biểu mẫu chính thức, hoặc chạy với --rules để chỉ định biểu mẫu.",
         "If it is: rename the sheets as in the official form, or run with --rules to name the form.");
    explain_formulas(x, m);
    explain_encodings(x, m);
    x->status = 2;
  } else {
    const xc_ruleset *rs = id.rs;
    x->form_id = keep(x, rs->form_id);
    x->form_title = keep(x, rs->form_title ? rs->form_title : "");
    explain_binding(x, rs, id.b);
    explain_protection(x, rs, id.b, wb);
    explain_formulas(x, m);
    explain_encodings(x, m);
    explain_inputs(x, rs, id.b);
    explain_check(x, rs, m, id.b, &id.co);
    xc_ident_free(&id);
  }
  xc_model_free(m);
  xc_workbook_free(wb);
  return explained(x);
}

void xc_explain_free(xc_explain *x) {
  if (!x) return;
  free(x->facts);
  xc_arena_free(&x->arena);
  free(x);
}

/* ---- rendering ------------------------------------------------------------------------------- */

static const char *level_name(xc_fact_level l, xc_lang L, bool machine) {
  if (machine) return l == XC_FACT_ERROR ? "error" : l == XC_FACT_WARNING ? "warning" : "info";
  return l == XC_FACT_ERROR ? xc_msg(L, "lỗi", "error")
         : l == XC_FACT_WARNING ? xc_msg(L, "cảnh báo", "warning")
                                : xc_msg(L, "thông tin", "note");
}

/* The explanation as JSON (jansson); false when memory runs out. */
static bool render_json(const xc_explain *x, xc_lang L, xc_buf *b) {
  json_t *doc = json_object(), *facts = json_array();
  bool ok = doc && facts && xc_json_put_text(doc, "file", x->file) && xc_json_put_text(doc, "kind", x->kind) &&
            xc_json_put_text(doc, "application", x->application) &&
            xc_json_put_text(doc, "app_version", x->app_version) && xc_json_put_text(doc, "form", x->form_id) &&
            xc_json_put_text(doc, "form_title", x->form_title) &&
            xc_json_put_int(doc, "errors", (long long)x->check_errors) &&
            xc_json_put_int(doc, "warnings", (long long)x->check_warnings) &&
            xc_json_put_int(doc, "status", x->status);
  for (size_t i = 0; ok && i < x->n; i++) {
    const xc_fact *f = &x->facts[i];
    json_t *o = json_object(), *steps = json_array();
    ok = o && steps && xc_json_put_text(o, "id", f->id) && xc_json_put_text(o, "level", level_name(f->level, L, true)) &&
         xc_json_put_text(o, "where", f->where) && xc_json_put_text(o, "text", L == XC_LANG_EN ? f->en : f->vi);
    for (size_t k = 0; ok && k < f->nsteps; k++)
      ok = json_array_append_new(steps, xc_json_text(L == XC_LANG_EN ? f->steps_en[k] : f->steps_vi[k])) == 0;
    ok = ok && json_object_set(o, "steps", steps) == 0 && json_array_append(facts, o) == 0;
    json_decref(steps);
    json_decref(o);
  }
  ok = ok && json_object_set(doc, "facts", facts) == 0 && xc_json_dump(doc, true, b);
  json_decref(facts);
  json_decref(doc);
  if (!ok) b->nomem = true; /* jansson fails only for want of memory (texts are repaired) */
  return ok;
}

void xc_explain_render(xc_buf *out, const xc_explain *x, bool json, xc_lang L) {
  xc_buf b = *out;
  if (json) {
    render_json(x, L, &b);
  } else {
    xc_buf_printf(&b, "%s: %s\n", xc_msg(L, "Tệp", "File"), x->file);
    if (x->status == 2)
      xc_buf_printf(&b, "%s\n", xc_msg(L, "Kết luận: không dùng được tệp này như một báo cáo (mã thoát 2).",
                                       "Verdict: this file cannot be used as a report (exit status 2)."));
    else if (x->status == 1)
      xc_buf_printf(&b, xc_msg(L, "Kết luận: có %zu lỗi cần sửa, %zu cảnh báo (mã thoát 1).\n",
                               "Verdict: %zu error(s) to correct, %zu warning(s) (exit status 1).\n"),
                    x->check_errors, x->check_warnings);
    else
      xc_buf_printf(&b, xc_msg(L, "Kết luận: không có lỗi; %zu cảnh báo (mã thoát 0).\n",
                               "Verdict: no errors; %zu warning(s) (exit status 0).\n"),
                    x->check_warnings);
    for (size_t i = 0; i < x->n; i++) {
      const xc_fact *f = &x->facts[i];
      xc_buf_printf(&b, "\n%zu. [%s] ", i + 1, level_name(f->level, L, false));
      if (f->where[0] && strcmp(f->id, "form.sheet-renamed") != 0 && strcmp(f->id, "form.sheet-extra") != 0 &&
          strncmp(f->id, "form.", 5) != 0 && strncmp(f->id, "text.", 5) != 0)
        xc_buf_printf(&b, "%s: ", f->where);
      xc_buf_printf(&b, "%s\n", L == XC_LANG_EN ? f->en : f->vi);
      if (f->nsteps) xc_buf_printf(&b, "   %s:\n", xc_msg(L, "Cách sửa", "How to fix"));
      for (size_t k = 0; k < f->nsteps; k++)
        xc_buf_printf(&b, "   %zu) %s\n", k + 1, L == XC_LANG_EN ? f->steps_en[k] : f->steps_vi[k]);
    }
  }
  *out = b;
}
