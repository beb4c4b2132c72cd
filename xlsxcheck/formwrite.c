/* formwrite.c: the official form written with libxlsxwriter (formwrite.h).
 *
 * The spec is read once by formspec.c.  Writing only lays it out, so
 * what can still fail then is libxlsxwriter; its first error is kept in the
 * xc_fw ("sticky") and the sheet writers need no error plumbing.
 *
 * Formats are created on first use in program order (the per-workbook
 * cache), so styles.xml comes out the same on every run.  libxlsxwriter
 * itself is not safe for two workbook_close calls at once (tmpfileplus'
 * static seed and shared rand(), gmtime's static buffer), so closing is
 * serialised; everything before it runs in parallel. */
#include "formwrite.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "arena.h"
#include "formspec.h"
#include "utf8.h"

/* 2023-01-01 00:00:00 UTC: the created/modified date of every workbook. */
#define XC_FW_EPOCH 1672531200

/* ---- formats (per workbook) -------------------------------------------- */

enum {
  F_BOLD = 1 << 0,
  F_WRAP = 1 << 1,
  F_UNLOCK = 1 << 2, /* input cell */
  F_INPUT = 1 << 3,  /* pale yellow fill: the unit types here */
  F_GRAY = 1 << 4,   /* gray fill: not for the district (or a heading) */
  F_CENTER = 1 << 5,
  F_HEAD = 1 << 6,  /* column header: bold, centred, wrapped, blue fill */
  F_TITLE = 1 << 7, /* title row: bold 14 pt, centred, no border */
  F_SUB = 1 << 8,   /* subtitle row: italic, centred, no border */
  F_ITALIC = 1 << 9,
  F_NOBORDER = 1 << 10,
  NF_SHIFT = 11,    /* 3 bits: number format index */
  F_WARN = 1 << 14, /* yellow fill: a warning on this cell */
  F_ERR = 1 << 15   /* red fill: an error on this cell */
};
enum { NF_GENERAL, NF_TEXT, NF_INT, NF_DEC2, NF_AMOUNT, NF_DATE, NF_COUNT };
static const char *const numfmt_code[NF_COUNT] = {NULL, "@", "0", "0.00", "#,##0.00", "d/m/yyyy"};
#define NF(x)   ((unsigned)(x) << NF_SHIFT)
#define NF_MASK NF(7)

typedef struct {
  unsigned flags;
  lxw_format *format;
} fmt_slot;

struct xc_fw {
  const xc_fw_spec *spec;
  char *book, *path;
  lxw_workbook *wb;
  fmt_slot *fmts; /* created formats, in creation order */
  size_t nfmts, capfmts;
  xc_buf *err; /* while xc_fw_form runs */
  bool failed, formed;
  bool nomem; /* the failure was for want of memory (xc_fw_close sets err->nomem) */
  bool stream_lists;
  size_t max_rows; /* rows of a sheet */
};

/* Records the first error of a workbook; later ones add nothing. */
static void wfail(xc_fw *w, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void wfail(xc_fw *w, const char *fmt, ...) {
  if (w->failed) return;
  w->failed = true;
  va_list ap;
  va_start(ap, fmt);
  xc_fw_vfail(w->err, fmt, ap);
  va_end(ap);
}

static void set_fill(lxw_format *x, unsigned f) {
  if (f & F_ERR)
    format_set_bg_color(x, FILL_ERROR);
  else if (f & F_WARN)
    format_set_bg_color(x, FILL_WARNING);
  else if (f & F_HEAD)
    format_set_bg_color(x, 0xDDEBF7);
  else if (f & F_GRAY)
    format_set_bg_color(x, 0xEDEDED);
  else if (f & F_INPUT)
    format_set_bg_color(x, 0xFFF9E0);
}

/* The format for a flag set, created on first use (creation order follows
 * the program, so styles.xml is the same on every run). */
static lxw_format *fmt(xc_fw *w, unsigned f) {
  for (size_t i = 0; i < w->nfmts; i++)
    if (w->fmts[i].flags == f) return w->fmts[i].format;
  if (w->nfmts == w->capfmts) {
    size_t cap = w->capfmts ? 2 * w->capfmts : 32;
    fmt_slot *more = xc_try_realloc(w->fmts, cap * sizeof *w->fmts);
    if (!more) {
      w->nomem = true;
      wfail(w, "%s: out of memory", w->path);
      return NULL;
    }
    w->fmts = more;
    w->capfmts = cap;
  }
  lxw_format *x = workbook_add_format(w->wb);
  if (!x) { /* libxlsxwriter fails here only for want of memory */
    w->nomem = true;
    wfail(w, "%s: cannot add a format", w->path);
    return NULL;
  }
  format_set_font_name(x, "Times New Roman");
  format_set_font_size(x, (f & F_TITLE) ? 14 : 12);
  format_set_align(x, LXW_ALIGN_VERTICAL_CENTER);
  if (f & (F_BOLD | F_HEAD | F_TITLE)) format_set_bold(x);
  if (f & (F_ITALIC | F_SUB)) format_set_italic(x);
  if (f & (F_WRAP | F_HEAD | F_TITLE | F_SUB)) format_set_text_wrap(x);
  if (f & (F_CENTER | F_HEAD | F_TITLE | F_SUB)) format_set_align(x, LXW_ALIGN_CENTER);
  if (!(f & (F_TITLE | F_SUB | F_NOBORDER))) format_set_border(x, LXW_BORDER_THIN);
  set_fill(x, f);
  if (f & F_UNLOCK) format_set_unlocked(x);
  unsigned nf = (f & NF_MASK) >> NF_SHIFT;
  if (nf < NF_COUNT && numfmt_code[nf]) format_set_num_format(x, numfmt_code[nf]);
  w->fmts[w->nfmts++] = (fmt_slot){f, x};
  return x;
}

static unsigned with_mark(unsigned f, xc_fw_mark m) {
  return m == XC_FW_MARK_ERROR ? f | F_ERR : m == XC_FW_MARK_WARNING ? f | F_WARN : f;
}

static int kind_nf(int kind) {
  switch (kind) {
    case XC_RK_COUNT: return NF_INT;
    case XC_RK_PERCENT: return NF_DEC2;
    case XC_RK_AMOUNT: return NF_AMOUNT;
    case XC_RK_TEXT: return NF_TEXT;
    case XC_RK_DATE: return NF_DATE;
    default: return NF_GENERAL;
  }
}

/* ---- checked libxlsxwriter calls ---------------------------------------- */

typedef struct {
  xc_fw *w;
  const fsheet *L;
  lxw_worksheet *ws;
  const xc_fw_source *src; /* may be NULL */
} sheet_ctx;

static void check(lxw_error e, const sheet_ctx *s, const char *what, lxw_row_t r, lxw_col_t c) {
  if (e == LXW_ERROR_MEMORY_MALLOC_FAILED) s->w->nomem = true;
  if (e != LXW_NO_ERROR)
    wfail(s->w, "%s, row %u col %u: %s: %s", s->L->sheet, (unsigned)r + 1, (unsigned)c + 1, what,
          lxw_strerror(e));
}

/* Excel keeps at most 32,767 characters in a cell (and libxlsxwriter
 * refuses more): a longer text is cut at a character boundary and ends with
 * "…" (the full text stays in the log).  A text that is not valid UTF-8 (a
 * file name's raw bytes) is repaired first (utf8.h), or the workbook's XML
 * would not be well-formed.  NULL when v is fine as it is; else a copy to
 * free (*nomem set when that copy could not be made). */
#define CELL_MAX_CHARS 32767
char *xc_fw_cell_text(const char *v, bool *nomem) {
  char *fixed;
  const char *t = xc_utf8_repair(v, strlen(v), &fixed);
  if (!t) return *nomem = true, NULL;
  size_t chars = 0, i = 0;
  for (; t[i]; i++) {
    if (((unsigned char)t[i] & 0xC0) == 0x80) continue;
    if (++chars > CELL_MAX_CHARS - 1) break;
  }
  if (!t[i]) return fixed;
  char *cut = malloc(i + 4);
  if (!cut) return free(fixed), *nomem = true, NULL;
  memcpy(cut, t, i);
  memcpy(cut + i, "\xE2\x80\xA6", 4); /* … */
  free(fixed);
  return cut;
}

static void put_str(const sheet_ctx *s, lxw_row_t r, lxw_col_t c, const char *v, lxw_format *f) {
  if (*v) {
    bool nomem = false;
    char *cut = xc_fw_cell_text(v, &nomem);
    check(nomem ? LXW_ERROR_MEMORY_MALLOC_FAILED : worksheet_write_string(s->ws, r, c, cut ? cut : v, f), s,
          "write_string", r, c);
    free(cut);
  } else {
    check(worksheet_write_blank(s->ws, r, c, f), s, "write_blank", r, c);
  }
}

static void put_num(const sheet_ctx *s, lxw_row_t r, lxw_col_t c, double v, lxw_format *f) {
  check(worksheet_write_number(s->ws, r, c, v, f), s, "write_number", r, c);
}

#define COMMENT_WIDTH 320 /* pixels; about 50 characters of the default 8 pt font */

/* A cell comment by "xlsxcheck", its box sized to the text. */
static void put_comment(const sheet_ctx *s, lxw_row_t r, lxw_col_t c, const char *text) {
  size_t lines = 1 + xc_fw_u8len(text) / 50;
  for (const char *p = text; *p; p++)
    if (*p == '\n') lines++;
  size_t h = 12 + 14 * lines;
  lxw_comment_options o;
  memset(&o, 0, sizeof o);
  o.author = "xlsxcheck";
  o.width = COMMENT_WIDTH;
  o.height = (uint16_t)(h < 60 ? 60 : h > 600 ? 600 : h);
  bool nomem = false;
  char *cut = xc_fw_cell_text(text, &nomem);
  check(nomem ? LXW_ERROR_MEMORY_MALLOC_FAILED : worksheet_write_comment_opt(s->ws, r, c, cut ? cut : text, &o), s,
        "comment", r, c);
  free(cut);
}

/* Writes a cell whose template flags are f and template text tmpl: the
 * value of v (text with the text format), or the template when v is
 * blank; then v's mark (the fill) and comment. */
static void put_cell(const sheet_ctx *s, lxw_row_t r, lxw_col_t c, unsigned f, const char *tmpl,
                     const xc_fw_cell *v) {
  f = with_mark(f, v->mark);
  if (v->type == XC_FW_NUMBER) {
    if (isfinite(v->number))
      put_num(s, r, c, v->number, fmt(s->w, f));
    else
      wfail(s->w, "%s, row %u col %u: not a finite number", s->L->sheet, (unsigned)r + 1,
            (unsigned)c + 1);
  } else if (v->type == XC_FW_TEXT && v->text) {
    put_str(s, r, c, v->text, fmt(s->w, (f & ~NF_MASK) | NF(NF_TEXT)));
  } else {
    put_str(s, r, c, tmpl, fmt(s->w, f));
  }
  if (v->comment && *v->comment) put_comment(s, r, c, v->comment);
}

/* The text a cell shows, for row heights. */
static const char *shown_text(const xc_fw_cell *v, const char *tmpl) {
  if (v->type == XC_FW_TEXT && v->text) return v->text;
  return v->type == XC_FW_NUMBER ? "" : tmpl;
}

static xc_fw_cell keyed_value(const sheet_ctx *s, const char *key, unsigned col) {
  xc_fw_cell v = {.type = XC_FW_BLANK, .mark = XC_FW_MARK_NONE};
  if (s->src && s->src->keyed_cell) s->src->keyed_cell(s->src->ctx, s->L->sheet, key, col, &v);
  return v;
}

static xc_fw_cell list_value(const sheet_ctx *s, size_t row, unsigned col) {
  xc_fw_cell v = {.type = XC_FW_BLANK, .mark = XC_FW_MARK_NONE};
  if (s->src && s->src->list_cell) s->src->list_cell(s->src->ctx, s->L->sheet, row, col, &v);
  return v;
}

static void validate(const sheet_ctx *s, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2,
                     lxw_data_validation *dv) {
  check(worksheet_data_validation_range(s->ws, r1, c1, r2, c2, dv), s, "data validation", r1, c1);
}

/* A dropdown list. values: NULL-terminated. stop: reject other values
 * (otherwise a warning the user may override). */
static void dropdown(const sheet_ctx *s, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2,
                     char **values, int stop, const char *in_title, const char *in_msg) {
  lxw_data_validation dv;
  memset(&dv, 0, sizeof dv);
  dv.validate = LXW_VALIDATION_TYPE_LIST;
  dv.value_list = values;
  dv.error_type = stop ? LXW_VALIDATION_ERROR_TYPE_STOP : LXW_VALIDATION_ERROR_TYPE_WARNING;
  dv.input_title = (char *)in_title;
  dv.input_message = (char *)in_msg;
  dv.error_title = "Giá trị không có trong danh sách";
  dv.error_message = stop ? "Chọn một giá trị trong danh sách."
                          : "Giá trị không có trong danh sách. Kiểm tra lại trước khi giữ.";
  validate(s, r1, c1, r2, c2, &dv);
}

/* A number check (integer or decimal), always as a warning: the forms
 * contract also accepts numbers typed as text in Vietnamese notation. */
static void numcheck(const sheet_ctx *s, lxw_row_t r1, lxw_col_t c1, lxw_row_t r2, lxw_col_t c2,
                     int integer, int criteria, double lo, double hi, const char *in_msg,
                     const char *err_msg) {
  lxw_data_validation dv;
  memset(&dv, 0, sizeof dv);
  dv.validate = integer ? LXW_VALIDATION_TYPE_INTEGER : LXW_VALIDATION_TYPE_DECIMAL;
  dv.criteria = (uint8_t)criteria;
  if (criteria == LXW_VALIDATION_CRITERIA_BETWEEN) {
    dv.minimum_number = lo;
    dv.maximum_number = hi;
  } else {
    dv.value_number = lo;
  }
  dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
  if (in_msg) {
    dv.input_title = "Hướng dẫn";
    dv.input_message = (char *)in_msg;
  }
  dv.error_title = "Giá trị không hợp lệ";
  dv.error_message = (char *)err_msg;
  validate(s, r1, c1, r2, c2, &dv);
}

static void datecheck(const sheet_ctx *s, lxw_row_t r, lxw_col_t c, const char *in_msg) {
  lxw_data_validation dv;
  memset(&dv, 0, sizeof dv);
  dv.validate = LXW_VALIDATION_TYPE_DATE;
  dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
  dv.minimum_datetime = (lxw_datetime){2000, 1, 1, 0, 0, 0};
  dv.maximum_datetime = (lxw_datetime){2100, 12, 31, 0, 0, 0};
  dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
  dv.input_title = "Ngày/tháng/năm";
  dv.input_message = (char *)in_msg;
  dv.error_title = "Ngày không hợp lệ";
  dv.error_message = "Nhập ngày dạng ngày/tháng/năm, ví dụ 15/3/2023.";
  validate(s, r, c, r, c, &dv);
}

static void input_note(const sheet_ctx *s, lxw_row_t r, lxw_col_t c, const char *title,
                       const char *msg) {
  lxw_data_validation dv;
  memset(&dv, 0, sizeof dv);
  dv.validate = LXW_VALIDATION_TYPE_ANY;
  dv.input_title = (char *)title;
  dv.input_message = (char *)msg;
  validate(s, r, c, r, c, &dv);
}

/* ---- row heights ----------------------------------------------------------
 * Rows get explicit heights: LibreOffice does not re-fit wrapped rows of an
 * imported file, and merged cells are fitted by nobody.  The text is wrapped
 * word by word with rough Times New Roman 12 pt glyph widths in pixels; a
 * column of width w is about 7w pixels wide. */

#define LINE_PT    15.75 /* one line of 12 pt text */
#define MIN_ROW_PT 18.0

/* Next code point of a UTF-8 string. */
static unsigned next_cp(const char **p) {
  const unsigned char *s = (const unsigned char *)*p;
  unsigned cp = s[0];
  int extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;
  if (extra) cp &= 0x3Fu >> extra;
  int i = 1;
  for (; i <= extra && s[i]; i++) cp = (cp << 6) | (s[i] & 0x3F);
  *p += i; /* never past the NUL, whatever the caller's text holds */
  return cp;
}

/* Upper-case Latin letters as used in Vietnamese. */
static int is_upper(unsigned cp) {
  if (cp >= 'A' && cp <= 'Z') return 1;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return 1;
  if (cp == 0x102 || cp == 0x110 || cp == 0x128 || cp == 0x168 || cp == 0x1A0 || cp == 0x1AF)
    return 1;
  return cp >= 0x1EA0 && cp <= 0x1EF9 && cp % 2 == 0;
}

static double glyph_px(unsigned cp) {
  if (cp == ' ') return 4.0;
  if (cp >= '0' && cp <= '9') return 8.0;
  if (is_upper(cp)) return 10.8;
  if (cp < 128 && cp && strchr(".,;:'()/-|!", (int)cp)) return 4.5;
  return 6.7;
}

/* Lines that text takes in a column `width` wide, at font size pt. */
static int text_lines(const char *text, double width, int bold, double pt) {
  double room = width * 7.0 - 6.0, scale = (bold ? 1.07 : 1.0) * pt / 12.0;
  int lines = 1;
  double x = 0;
  const char *p = text;
  while (*p) {
    while (*p == ' ') p++;
    if (!*p) break;
    double word = 0;
    const char *q = p;
    while (*q && *q != ' ') word += glyph_px(next_cp(&q)) * scale;
    double space = x > 0 ? 4.0 * scale : 0;
    if (x > 0 && x + space + word > room) {
      lines++;
      x = 0;
      space = 0;
    }
    x += space + word;
    while (x > room) { /* a word longer than the line */
      lines++;
      x -= room;
    }
    p = q;
  }
  return lines;
}

/* Height in points for a row whose cells hold these texts. */
static double fit_height(const char *const *text, const double *width, const int *bold, size_t n,
                         double pt) {
  int lines = 1;
  for (size_t i = 0; i < n; i++) {
    if (!text[i] || !*text[i]) continue;
    int l = text_lines(text[i], width[i], bold[i], pt);
    if (l > lines) lines = l;
  }
  double h = lines * LINE_PT * pt / 12.0 + 3.0;
  return h < MIN_ROW_PT ? MIN_ROW_PT : h;
}

static double fit1(const char *text, double width, int bold, double pt) {
  return fit_height(&text, &width, &bold, 1, pt);
}

/* ---- parts every sheet has ----------------------------------------------- */

/* Title and subtitle rows merged over ncols columns, then a blank row.
 * Returns the next row. */
static lxw_row_t titles(const sheet_ctx *s, lxw_col_t ncols, const double *w) {
  const fsheet *L = s->L;
  double total = 0;
  for (lxw_col_t c = 0; c < ncols; c++) total += w[c];
  lxw_row_t r = 0;
  worksheet_set_default_row(s->ws, MIN_ROW_PT, LXW_FALSE);
  check(worksheet_merge_range(s->ws, r, 0, r, ncols - 1, L->title, fmt(s->w, F_TITLE)), s, "title",
        r, 0);
  check(worksheet_set_row(s->ws, r, fit1(L->title, total, 1, 14), NULL), s, "set_row", r, 0);
  r++;
  if (*L->subtitle) {
    check(worksheet_merge_range(s->ws, r, 0, r, ncols - 1, L->subtitle, fmt(s->w, F_SUB)), s,
          "subtitle", r, 0);
    check(worksheet_set_row(s->ws, r, fit1(L->subtitle, total, 0, 12), NULL), s, "set_row", r, 0);
    r++;
  }
  return r + 1;
}

/* Protection without a password: locked cells stay read-only, while rows
 * and columns may still be resized (lists: rows inserted and deleted too). */
static void protect(const sheet_ctx *s, int list) {
  lxw_protection p;
  memset(&p, 0, sizeof p);
  p.format_columns = 1;
  p.format_rows = 1;
  if (list) {
    p.insert_rows = 1;
    p.delete_rows = 1;
  }
  worksheet_protect(s->ws, NULL, &p);
}

static void page_setup(const sheet_ctx *s, int landscape, lxw_row_t head1, lxw_row_t head2) {
  worksheet_set_paper(s->ws, 9); /* A4 */
  if (landscape) worksheet_set_landscape(s->ws);
  worksheet_fit_to_pages(s->ws, 1, 0);
  check(worksheet_repeat_rows(s->ws, head1, head2), s, "repeat_rows", head1, 0);
}

static void set_widths(const sheet_ctx *s, const double *w, size_t n, lxw_format *const *colfmt) {
  for (size_t c = 0; c < n; c++)
    check(worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w[c], colfmt ? colfmt[c] : NULL),
          s, "set_column", 0, (lxw_col_t)c);
}

/* ---- keyed sheets (Thông tin, Biểu mẫu 1–7, Chỉ tiêu) -------------------- */

/* The header rows; returns the first data row, *head2 the last header row. */
static lxw_row_t keyed_header(const sheet_ctx *s, lxw_row_t r, lxw_row_t *head2) {
  const fsheet *L = s->L;
  char *const *h = L->h;
  lxw_format *hf = fmt(s->w, F_HEAD);
  if (L->nh == 6) {
    /* The seed's two-row header: STT | Chỉ tiêu | Kết quả thống kê | Ghi chú
     * over Đơn vị tính | Số liệu. */
    check(worksheet_merge_range(s->ws, r, 0, r + 1, 0, h[0], hf), s, "header", r, 0);
    check(worksheet_merge_range(s->ws, r, 1, r + 1, 1, h[1], hf), s, "header", r, 1);
    check(worksheet_merge_range(s->ws, r, 2, r, 3, h[2], hf), s, "header", r, 2);
    check(worksheet_merge_range(s->ws, r, 4, r + 1, 4, h[3], hf), s, "header", r, 4);
    put_str(s, r + 1, 2, h[4], hf);
    put_str(s, r + 1, 3, h[5], hf);
    /* the merged label spans both rows */
    double hgt = fit1(h[1], L->w[1], 1, 12) / 2;
    if (hgt < MIN_ROW_PT) hgt = MIN_ROW_PT;
    check(worksheet_set_row(s->ws, r, hgt, NULL), s, "set_row", r, 0);
    check(worksheet_set_row(s->ws, r + 1, hgt, NULL), s, "set_row", r + 1, 0);
    *head2 = r + 1;
    return r + 2;
  }
  double hgt = MIN_ROW_PT;
  for (lxw_col_t c = 0; c < 5; c++) {
    put_str(s, r, c, h[c], hf);
    double x = fit1(h[c], L->w[c], 1, 12);
    if (x > hgt) hgt = x;
  }
  check(worksheet_set_row(s->ws, r, hgt, NULL), s, "set_row", r, 0);
  *head2 = r;
  return r + 1;
}

/* Columns A–E of one row: key, label, unit or legend, value, note. */
static void keyed_row(const sheet_ctx *s, const krow *k, lxw_row_t r) {
  const fsheet *L = s->L;
  unsigned bold = k->hdr ? F_BOLD : 0;
  put_str(s, r, 0, k->key, fmt(s->w, NF(NF_TEXT) | bold));
  put_str(s, r, 1, k->label, fmt(s->w, F_WRAP | bold));
  put_str(s, r, 2, k->ctext, fmt(s->w, F_WRAP | F_CENTER));
  unsigned df = k->hdr
                    ? F_GRAY
                    : F_UNLOCK | (k->not_ours ? F_GRAY : F_INPUT) | F_CENTER | NF(kind_nf(k->kind));
  xc_fw_cell d = keyed_value(s, k->key, 3);
  put_cell(s, r, 3, df, "", &d);
  const char *note = L->notes ? k->note : "";
  xc_fw_cell e = keyed_value(s, k->key, 4);
  put_cell(s, r, 4, F_UNLOCK | F_WRAP, note, &e);
  const char *txt[3] = {k->label, k->ctext, shown_text(&e, note)};
  double tw[3] = {L->w[1], L->w[2], L->w[4]};
  int tb[3] = {k->hdr, 0, 0};
  check(worksheet_set_row(s->ws, r, fit_height(txt, tw, tb, 3, 12), NULL), s, "set_row", r, 0);
}

/* The dropdown, number check or input message of a value cell. */
static void keyed_checks(const sheet_ctx *s, const krow *k, lxw_row_t r) {
  char msg[600];
  const char *lvmsg = k->lvmsg, *hint = k->hint;
  size_t listlen = 0;
  for (char **p = k->choices; p && *p; p++) listlen += strlen(*p) + 1;
  if (k->choices && listlen <= 256) {
    dropdown(s, r, 3, r, 3, k->choices, 0, "Chọn trong danh sách", hint);
  } else if (k->choices) { /* Excel's inline lists stop at 255 characters (a large registry) */
    input_note(s, r, 3, "Hướng dẫn", hint);
  } else if (k->kind == XC_RK_CODE) {
    snprintf(msg, sizeof msg, "%s%s", lvmsg, k->legend);
    dropdown(s, r, 3, r, 3, s->L->by_label ? k->lab : k->val, 1, "Chọn trong danh sách", msg);
  } else if (k->kind == XC_RK_COUNT) {
    numcheck(s, r, 3, r, 3, 1, LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO, 0, 0,
             *lvmsg ? lvmsg : NULL, "Nhập số nguyên không âm, ví dụ 12.");
  } else if (k->kind == XC_RK_PERCENT) {
    snprintf(msg, sizeof msg, "%sNhập con số phần trăm từ 0 đến 100, ví dụ 36,36 nghĩa là 36,36%%.",
             lvmsg);
    numcheck(s, r, 3, r, 3, 0, LXW_VALIDATION_CRITERIA_BETWEEN, 0, 100, msg,
             "Tỷ lệ phần trăm phải từ 0 đến 100 (ví dụ 36,36).");
  } else if (k->kind == XC_RK_AMOUNT) {
    numcheck(s, r, 3, r, 3, 0, LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO, 0, 0,
             *lvmsg ? lvmsg : NULL, "Nhập số tiền không âm, đơn vị theo cột C.");
  } else if (k->kind == XC_RK_DATE) {
    datecheck(s, r, 3, *hint ? hint : "Nhập ngày dạng ngày/tháng/năm, ví dụ 15/3/2023.");
  } else if (*hint || *lvmsg) {
    snprintf(msg, sizeof msg, "%s%s", lvmsg, hint);
    input_note(s, r, 3, "Hướng dẫn", msg);
  }
}

static void keyed_sheet(const sheet_ctx *s) {
  const fsheet *L = s->L;
  set_widths(s, L->w, 5, NULL);
  lxw_row_t head1 = titles(s, 5, L->w), head2;
  lxw_row_t first = keyed_header(s, head1, &head2);
  for (size_t i = 0; i < L->n; i++) {
    keyed_row(s, &L->rows[i], first + (lxw_row_t)i);
    if (!L->rows[i].hdr) keyed_checks(s, &L->rows[i], first + (lxw_row_t)i);
  }
  worksheet_freeze_panes(s->ws, first, 0);
  worksheet_set_selection(s->ws, first, 3, first, 3);
  page_setup(s, 0, head1, head2);
  protect(s, 0);
}

/* ---- detail lists (Biên chế, Danh mục TTHC, Văn bản chỉ đạo) ------------- */

typedef struct { /* the written columns, the unit column included */
  size_t n, off; /* count; 1 when the unit column comes first */
  double w[MAX_COLS + 1];
  unsigned cell[MAX_COLS + 1]; /* flags of a boxed cell */
  const char *head[MAX_COLS + 1];
} list_cols;

static void list_columns(const sheet_ctx *s, list_cols *lc) {
  const fsheet *L = s->L;
  const char *unit = s->src ? s->src->list_unit_header : NULL;
  lxw_format *colfmt[MAX_COLS + 1];
  lc->off = unit ? 1 : 0;
  lc->n = L->n + lc->off;
  if (unit) {
    lc->w[0] = UNIT_COL_WIDTH;
    lc->head[0] = unit;
    lc->cell[0] = F_UNLOCK | F_WRAP | NF(NF_TEXT);
    colfmt[0] = fmt(s->w, F_UNLOCK | F_NOBORDER | NF(NF_TEXT));
  }
  for (size_t c = 0; c < L->n; c++) {
    int kind = L->cols[c].kind;
    int nf = kind == XC_RK_COUNT ? NF_INT : kind == XC_RK_TEXT ? NF_TEXT : NF_GENERAL;
    lc->w[c + lc->off] = L->w[c];
    lc->head[c + lc->off] = L->cols[c].header;
    lc->cell[c + lc->off] = F_UNLOCK | F_WRAP | NF(nf);
    /* the whole column is unlocked, so rows may be added past the box */
    colfmt[c + lc->off] = fmt(s->w, F_UNLOCK | F_NOBORDER | NF(nf));
  }
  set_widths(s, lc->w, lc->n, colfmt);
}

/* The column headers and the "(1) (2) …" row under them. */
static void list_header(const sheet_ctx *s, const list_cols *lc, lxw_row_t r) {
  double hh = MIN_ROW_PT;
  for (size_t c = 0; c < lc->n; c++) {
    put_str(s, r, (lxw_col_t)c, lc->head[c], fmt(s->w, F_HEAD));
    double x = fit1(lc->head[c], lc->w[c], 1, 12);
    if (x > hh) hh = x;
  }
  check(worksheet_set_row(s->ws, r, hh, NULL), s, "set_row", r, 0);
  for (size_t c = 0; c < lc->n; c++) {
    char num[32];
    snprintf(num, sizeof num, "(%zu)", c + 1);
    put_str(s, r + 1, (lxw_col_t)c, num, fmt(s->w, F_CENTER | F_ITALIC | F_GRAY));
  }
}

/* One boxed row: data row i of the source when filled, else blank. */
static void list_row(const sheet_ctx *s, const list_cols *lc, lxw_row_t r, size_t i, bool filled) {
  if (!filled) {
    for (size_t c = 0; c < lc->n; c++)
      check(worksheet_write_blank(s->ws, r, (lxw_col_t)c, fmt(s->w, lc->cell[c])), s, "blank", r,
            (lxw_col_t)c);
    return;
  }
  double h = MIN_ROW_PT;
  for (size_t c = 0; c < lc->n; c++) {
    xc_fw_cell v = list_value(s, i, (unsigned)c);
    put_cell(s, r, (lxw_col_t)c, lc->cell[c], "", &v);
    double x = fit1(shown_text(&v, ""), lc->w[c], 0, 12);
    if (x > h) h = x;
  }
  if (h > MIN_ROW_PT) check(worksheet_set_row(s->ws, r, h, NULL), s, "set_row", r, 0);
}

static void list_checks(const sheet_ctx *s, const list_cols *lc, lxw_row_t first, lxw_row_t last) {
  for (size_t i = 0; i < s->L->n; i++) {
    const lcol *col = &s->L->cols[i];
    lxw_col_t c = (lxw_col_t)(i + lc->off);
    if (col->kind == XC_RK_CODE) {
      dropdown(s, first, c, last, c, col->list, 1, col->title, col->msg);
    } else if (col->kind == XC_RK_COUNT) {
      numcheck(s, first, c, last, c, 1, LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO, 0, 0,
               NULL, "Nhập số nguyên không âm, ví dụ 12.");
    }
  }
}

/* The rows above a list's data: the title, the subtitle, a blank row and
 * the two header rows (as titles() and list_header() write them). */
static lxw_row_t list_first_row(const fsheet *L) { return (*L->subtitle ? 3 : 2) + 2; }

static size_t sheet_rows(size_t max_rows) {
  return max_rows && max_rows < LXW_ROW_MAX ? max_rows : LXW_ROW_MAX;
}

size_t xc_fw_list_capacity(const xc_fw_spec *spec, const char *sheet, size_t max_rows) {
  for (size_t i = 0; i < spec->nsheets; i++) {
    const fsheet *L = &spec->sheets[i];
    if (L->type != T_LIST || strcmp(L->sheet, sheet) != 0) continue;
    size_t first = list_first_row(L), rows = sheet_rows(max_rows);
    return rows > first ? rows - first : 0;
  }
  return 0;
}

void xc_fw_part_name(const char *sheet, size_t k, xc_buf *out) {
  if (k <= 1) xc_buf_adds(out, sheet);
  else xc_buf_printf(out, "%s (%zu)", sheet, k);
}

/* Adds a worksheet; a list of a workbook that streams its lists is written
 * in constant_memory mode (libxlsxwriter takes the mode of a worksheet from
 * the workbook's options when the sheet is added, so it is set for that one
 * call). */
static lxw_worksheet *add_sheet(xc_fw *w, const char *name, bool list) {
  uint8_t was = w->wb->options.constant_memory;
  if (list && w->stream_lists) w->wb->options.constant_memory = LXW_TRUE;
  lxw_worksheet *ws = workbook_add_worksheet(w->wb, name);
  w->wb->options.constant_memory = was;
  return ws;
}

/* One sheet of a list: data rows [from, from + count) of the source, of n;
 * rows of the form's input boxes when the list is empty.  Every row is
 * written in order, which constant_memory mode needs. */
static void list_part(const sheet_ctx *s, size_t from, size_t count, size_t n) {
  list_cols lc;
  list_columns(s, &lc);
  lxw_row_t head = titles(s, (lxw_col_t)lc.n, lc.w);
  list_header(s, &lc, head);
  lxw_row_t first = head + 2;
  /* a filled list draws boxes around its rows only (a merged list has
   * thousands; empty input boxes below would be most of the file); an empty
   * one keeps the template's input boxes; the checks cover both, and at
   * least the input rows on the first sheet */
  size_t boxed = n ? count : s->L->input_rows;
  size_t rows = boxed > s->L->input_rows || from > 0 ? boxed : s->L->input_rows;
  if (rows > sheet_rows(s->w->max_rows) - first) {
    wfail(s->w, "%s: %zu rows do not fit in a sheet", s->L->sheet, rows);
    return;
  }
  if (!rows) rows = 1;
  lxw_row_t last = first + (lxw_row_t)rows - 1;
  for (size_t i = 0; i < boxed && !s->w->failed; i++) list_row(s, &lc, first + (lxw_row_t)i, from + i, n > 0);
  list_checks(s, &lc, first, last);
  lxw_col_t sel = (lxw_col_t)(1 + lc.off);
  worksheet_freeze_panes(s->ws, first, 0);
  worksheet_set_selection(s->ws, first, sel, first, sel);
  page_setup(s, 1, head, head + 1);
  protect(s, 1);
}

/* A detail list; past the rows one sheet holds it continues on
 * "<sheet> (2)" and so on, each part with the form's titles and header. */
static void list_sheet(const sheet_ctx *s) {
  size_t n = s->src && s->src->list_rows ? s->src->list_rows(s->src->ctx, s->L->sheet) : 0;
  size_t cap = sheet_rows(s->w->max_rows) - list_first_row(s->L);
  if (cap < 1) {
    wfail(s->w, "%s: no room for a row in a sheet of %zu rows", s->L->sheet, sheet_rows(s->w->max_rows));
    return;
  }
  list_part(s, 0, n < cap ? n : cap, n);
  xc_buf name;
  xc_buf_init(&name, 0);
  for (size_t from = cap, k = 2; from < n && !s->w->failed; from += cap, k++) {
    xc_buf_clear(&name);
    xc_fw_part_name(s->L->sheet, k, &name);
    sheet_ctx part = {s->w, s->L, add_sheet(s->w, xc_buf_str(&name), true), s->src};
    if (!part.ws) {
      wfail(s->w, "%s: cannot add sheet", xc_buf_str(&name));
      break;
    }
    list_part(&part, from, n - from < cap ? n - from : cap, n);
  }
  xc_buf_free(&name);
}

/* ---- Chỉ số CCHC (criteria tree) ----------------------------------------- */

/* Cap of one deduction (CS-8: −1 ≤ score ≤ 0 for each of 9.1–9.5). */
#define DEDUCTION_CAP (-1.0)

/* The score checks of columns D and F. */
static void crit_checks(const sheet_ctx *s, const crit *c, lxw_row_t r) {
  char maxs[32], msg[300];
  xc_fw_vn_format(c->max, maxs, sizeof maxs);
  if (c->max == 0 && c->nchild == 0) {
    char caps[32];
    xc_fw_vn_format(DEDUCTION_CAP, caps, sizeof caps);
    snprintf(msg, sizeof msg, "Điểm trừ nhập bằng số âm, từ %s đến 0 (ví dụ -0,5).", caps);
    numcheck(s, r, 3, r, 3, 0, LXW_VALIDATION_CRITERIA_BETWEEN, DEDUCTION_CAP, 0, msg, msg);
    numcheck(s, r, 5, r, 5, 0, LXW_VALIDATION_CRITERIA_BETWEEN, DEDUCTION_CAP, 0, msg, msg);
  } else if (c->max == 0) {
    snprintf(msg, sizeof msg, "ĐIỂM TRỪ: tổng các điểm trừ bên dưới, là số âm hoặc 0.");
    numcheck(s, r, 3, r, 3, 0, LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO, 0, 0, msg, msg);
    numcheck(s, r, 5, r, 5, 0, LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO, 0, 0, msg, msg);
  } else {
    snprintf(msg, sizeof msg, "Điểm phải từ 0 đến điểm tối đa %s.", maxs);
    numcheck(s, r, 3, r, 3, 0, LXW_VALIDATION_CRITERIA_BETWEEN, 0, c->max, NULL, msg);
    numcheck(s, r, 5, r, 5, 0, LXW_VALIDATION_CRITERIA_BETWEEN, 0, c->max, NULL, msg);
  }
}

/* One criterion: key, label, maximum, then D–H from the source. */
static void crit_row(const sheet_ctx *s, size_t i, lxw_row_t r) {
  const fsheet *L = s->L;
  const crit *c = &L->crits[i];
  bool total = i == L->total, strong = c->level1 || total;
  unsigned bold = strong ? F_BOLD : 0, band = strong ? F_GRAY : 0;
  put_str(s, r, 0, c->key, fmt(s->w, NF(NF_TEXT) | bold | band));
  put_str(s, r, 1, c->label, fmt(s->w, F_WRAP | bold | band));
  double h = fit1(c->label, L->w[1], strong, 12);
  if (!total) put_num(s, r, 2, c->max, fmt(s->w, F_CENTER | bold | band));
  unsigned in = F_UNLOCK | F_INPUT | F_CENTER | bold;
  unsigned f[5] = {in, F_UNLOCK | F_WRAP, in, F_UNLOCK | F_WRAP,
                   c->can_exclude ? F_UNLOCK | F_INPUT | F_CENTER : F_GRAY};
  for (unsigned k = 0; k < 5; k++) {
    xc_fw_cell v = keyed_value(s, c->key, 3 + k);
    put_cell(s, r, (lxw_col_t)(3 + k), f[k], "", &v);
    double x = (k == 1 || k == 3) ? fit1(shown_text(&v, ""), L->w[3 + k], 0, 12) : 0;
    if (x > h) h = x;
  }
  check(worksheet_set_row(s->ws, r, h, NULL), s, "set_row", r, 0);
  if (c->can_exclude) {
    char *x_only[] = {"x", NULL};
    dropdown(s, r, 7, r, 7, x_only, 1, "Không đánh giá",
             "Ghi x khi tiêu chí này không đánh giá (xem điều kiện trong tên tiêu chí). "
             "Khi đó Tự đánh giá và Thẩm định để trống hoặc 0; điểm tối đa được trừ khỏi tổng.");
  }
  if (!total) crit_checks(s, c, r);
}

/* Appends to f the exclusion term of criterion i: the row's own maximum when
 * column H holds "x", else the terms of its excludable children. */
static bool excl_term(const fsheet *L, size_t i, lxw_row_t first, xc_buf *f) {
  unsigned row = (unsigned)(first + i) + 1;
  bool ok = xc_buf_printf(f, "IF(H%u=\"x\",C%u,", row, row);
  bool any = false;
  for (size_t j = 0; j < L->n && ok; j++) {
    if (!L->crits[j].can_exclude || strcmp(L->crits[j].parent, L->crits[i].key) != 0) continue;
    ok = (!any || xc_buf_addc(f, '+')) && excl_term(L, j, first, f);
    any = true;
  }
  return ok && (any || xc_buf_addc(f, '0')) && xc_buf_addc(f, ')');
}

/* Total maximum (CS-4): the level-1 maxima minus those of the criteria
 * marked "x" in column H (a marked parent covers its children). */
static bool total_formula(const fsheet *L, lxw_row_t first, xc_buf *f) {
  bool ok = xc_buf_addc(f, '='), any = false;
  for (size_t i = 0; i < L->n && ok; i++) {
    if (!L->crits[i].level1) continue;
    ok = xc_buf_printf(f, "%sC%u", any ? "+" : "", (unsigned)(first + i) + 1);
    any = true;
  }
  for (size_t i = 0; i < L->n && ok; i++) {
    if (!L->crits[i].can_exclude) continue;
    size_t p = xc_fw_crit_find(L->crits, L->n, L->crits[i].parent);
    if (p < L->n && L->crits[p].can_exclude) continue; /* covered by the parent's term */
    ok = xc_buf_addc(f, '-') && excl_term(L, i, first, f);
  }
  return ok;
}

/* The total's formula.  Its cached value is the unmarked total (or the
 * source's number), so a reader that does not recalculate still sees the
 * right number for a fresh template. */
static void crit_total(const sheet_ctx *s, lxw_row_t first) {
  const fsheet *L = s->L;
  xc_buf f;
  xc_buf_init(&f, FORMULA_MAX);
  if (!total_formula(L, first, &f)) {
    wfail(s->w, "%s: the total formula is longer than %d characters", L->sheet, FORMULA_MAX);
    xc_buf_free(&f);
    return;
  }
  xc_fw_cell v = keyed_value(s, L->crits[L->total].key, 2);
  double cached = v.type == XC_FW_NUMBER && isfinite(v.number) ? v.number : L->level1_sum;
  lxw_row_t tr = first + (lxw_row_t)L->total;
  lxw_format *tf = fmt(s->w, with_mark(F_CENTER | F_BOLD | F_GRAY, v.mark));
  check(worksheet_write_formula_num(s->ws, tr, 2, xc_buf_str(&f), tf, cached), s, "total formula",
        tr, 2);
  if (v.comment && *v.comment) put_comment(s, tr, 2, v.comment);
  xc_buf_free(&f);
}

static void criteria_sheet(const sheet_ctx *s) {
  const fsheet *L = s->L;
  set_widths(s, L->w, 8, NULL);
  lxw_row_t head = titles(s, 8, L->w);
  double hh = MIN_ROW_PT;
  for (lxw_col_t k = 0; k < 8; k++) {
    put_str(s, head, k, L->h[k], fmt(s->w, F_HEAD));
    double x = fit1(L->h[k], L->w[k], 1, 12);
    if (x > hh) hh = x;
  }
  check(worksheet_set_row(s->ws, head, hh, NULL), s, "set_row", head, 0);
  lxw_row_t first = head + 1;
  for (size_t i = 0; i < L->n; i++) crit_row(s, i, first + (lxw_row_t)i);
  crit_total(s, first);
  worksheet_freeze_panes(s->ws, first, 0);
  worksheet_set_selection(s->ws, first, 3, first, 3);
  page_setup(s, 1, head, head);
  protect(s, 0);
}

/* ---- workbooks ----------------------------------------------------------- */

xc_fw *xc_fw_open(const xc_fw_spec *spec, const char *book, const char *path,
                  const xc_fw_props *props, xc_buf *err) {
  if (!xc_fw_spec_has_book(spec, book))
    return xc_fw_fail(err, "layout.tsv: no sheets for %s", book), NULL;
  const xc_fw_props none = {NULL, NULL, NULL, NULL, NULL, false, 0};
  if (!props) props = &none;
  lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = (char *)props->tmpdir};
  lxw_workbook *wb = workbook_new_opt(path, &opt);
  if (!wb) { /* workbook_new_opt only allocates (the file is opened at close) */
    err->nomem = true;
    return xc_fw_fail(err, "%s: out of memory", path), NULL;
  }
  lxw_doc_properties dp = {
      .title = (char *)props->title,
      .subject = (char *)props->subject,
      .author = "xlsxcheck",
      .company = "UBND tỉnh Kon Tum",
      .comments = (char *)props->comments,
      .created = XC_FW_EPOCH,
  };
  if (workbook_set_properties(wb, &dp) != LXW_NO_ERROR ||
      workbook_set_custom_property_string(wb, "xlsxcheck-form", props->form ? props->form : book) !=
          LXW_NO_ERROR) {
    lxw_workbook_free(wb);
    err->nomem = true; /* setting properties fails only for want of memory */
    return xc_fw_fail(err, "%s: properties", path), NULL;
  }
  xc_fw *w = xc_try_calloc(1, sizeof *w);
  if (w) w->book = xc_try_malloc(strlen(book) + 1);
  if (w && w->book) w->path = xc_try_malloc(strlen(path) + 1);
  if (!w || !w->path) {
    if (w) free(w->book);
    free(w);
    lxw_workbook_free(wb);
    err->nomem = true;
    return xc_fw_fail(err, "%s: out of memory", path), NULL;
  }
  strcpy(w->book, book);
  strcpy(w->path, path);
  w->spec = spec;
  w->wb = wb;
  w->stream_lists = props->stream_lists;
  w->max_rows = props->max_rows;
  return w;
}

bool xc_fw_form(xc_fw *w, const xc_fw_source *src, xc_buf *err) {
  if (w->failed) return xc_fw_fail(err, "%s: stopped by an earlier error", w->path);
  if (w->formed) return xc_fw_fail(err, "%s: the form is already written", w->path);
  w->formed = true;
  w->err = err;
  for (size_t i = 0; i < w->spec->nsheets && !w->failed; i++) {
    const fsheet *L = &w->spec->sheets[i];
    if (strcmp(L->book, w->book) != 0) continue;
    sheet_ctx s = {w, L, add_sheet(w, L->sheet, L->type == T_LIST), src};
    if (!s.ws) {
      wfail(w, "%s: cannot add sheet (name invalid or repeated)", L->sheet);
      break;
    }
    if (L->type == T_KEYED)
      keyed_sheet(&s);
    else if (L->type == T_LIST)
      list_sheet(&s);
    else
      criteria_sheet(&s);
  }
  w->err = NULL;
  return !w->failed;
}

lxw_workbook *xc_fw_workbook(xc_fw *w) { return w->wb; }

lxw_format *xc_fw_format(xc_fw *w, xc_fw_style style) {
  static const unsigned flags[] = {F_TITLE, F_HEAD, F_WRAP, 0, F_WRAP | F_ERR, F_WRAP | F_WARN, NF(NF_DATE)};
  if ((unsigned)style >= sizeof flags / sizeof flags[0]) return NULL;
  return fmt(w, flags[style]);
}

/* libxlsxwriter's packager is not reentrant (see the top of this file). */
static pthread_mutex_t close_lock = PTHREAD_MUTEX_INITIALIZER;

void xc_fw_fork_begin(void) { pthread_mutex_lock(&close_lock); }
void xc_fw_fork_end(void) { pthread_mutex_unlock(&close_lock); }

/* The folder of path can take a new file (libxlsxwriter would print its
 * own message on stderr when it cannot). */
static bool dir_writable(const char *path, xc_buf *err) {
  const char *slash = strrchr(path, '/');
  char dir[4096];
  if (!slash)
    snprintf(dir, sizeof dir, ".");
  else
    snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
  if (access(dir, W_OK | X_OK) == 0) return true;
  return xc_fw_fail(err, "%s: cannot write there: %s", path, strerror(errno));
}

bool xc_fw_close(xc_fw *w, xc_buf *err) {
  if (!w) return false;
  bool ok = !w->failed;
  if (ok && !dir_writable(w->path, err)) {
    lxw_workbook_free(w->wb);
    ok = false;
  } else if (ok) {
    pthread_mutex_lock(&close_lock);
    lxw_error e = workbook_close(w->wb); /* frees the workbook, written or not */
    pthread_mutex_unlock(&close_lock);
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED) w->nomem = true;
    if (e != LXW_NO_ERROR) ok = xc_fw_fail(err, "%s: %s", w->path, lxw_strerror(e));
  } else {
    lxw_workbook_free(w->wb);
    xc_fw_fail(err, "%s: not written after an earlier error", w->path);
  }
  if (w->nomem) err->nomem = true;
  free(w->fmts);
  free(w->book);
  free(w->path);
  free(w);
  return ok;
}
