/* mktemplates.c: writes the blank official templates from the spec kept in
 * rulesets/, with libxlsxwriter.
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
 * The output is byte-reproducible: the document dates are fixed (see
 * TEMPLATE_EPOCH) and libxlsxwriter stamps every zip entry 1980-01-01.
 * Keys are written as text cells, so "2.10" stays "2.10".
 *
 * Exit status: 0 written; 1 the spec is wrong or a file cannot be written
 * (the message names file and line); 2 usage. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* 2023-01-01 00:00:00 UTC: the created/modified date of every template. */
#define TEMPLATE_EPOCH 1672531200

#define MAX_LIST 64  /* dropdown entries */
#define MAX_COLS 16  /* columns of a sheet */

static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("mktemplates: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(1);
}

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) die("out of memory");
  return p;
}

static char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xmalloc(n), s, n);
}

/* ---- TSV files --------------------------------------------------------- */

typedef struct {
  char *path;
  char *buf;     /* file contents, split in place */
  char **cell;   /* nrows * ncol field pointers into buf */
  int *line;     /* source line of each data row */
  char **head;   /* ncol header names */
  size_t ncol, nrows;
} tsv;

static void tsv_free(tsv *t) {
  if (!t) return;
  free(t->path);
  free(t->buf);
  free(t->cell);
  free(t->line);
  free(t->head);
  free(t);
}

/* Splits s at each tab into out[0..max-1]; returns the number of fields. */
static size_t split_tabs(char *s, char **out, size_t max) {
  size_t n = 0;
  for (;;) {
    if (n < max) out[n] = s;
    n++;
    char *tab = strchr(s, '\t');
    if (!tab) break;
    *tab = '\0';
    s = tab + 1;
  }
  return n;
}

/* Loads a TSV file; every line must have as many fields as the header. */
static tsv *tsv_load(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) die("%s: %s", path, strerror(errno));
  tsv *t = xmalloc(sizeof *t);
  memset(t, 0, sizeof *t);
  t->path = xstrdup(path);
  size_t cap = 1 << 16, len = 0;
  t->buf = xmalloc(cap + 1);
  size_t got;
  while ((got = fread(t->buf + len, 1, cap - len, f)) > 0) {
    len += got;
    if (len == cap) {
      char *nb = realloc(t->buf, 2 * cap + 1);
      if (!nb) die("out of memory");
      t->buf = nb;
      cap *= 2;
    }
  }
  if (ferror(f)) die("%s: read error", path);
  fclose(f);
  t->buf[len] = '\0';
  if (memchr(t->buf, '\r', len)) die("%s: CR found; the spec uses LF line endings", path);
  if (strlen(t->buf) != len) die("%s: NUL byte in file", path);

  size_t nlines = 0;
  for (size_t i = 0; i < len; i++)
    if (t->buf[i] == '\n') nlines++;
  if (len && t->buf[len - 1] != '\n') nlines++;
  if (nlines < 1) die("%s: empty file", path);

  char *p = t->buf;
  char *nl = strchr(p, '\n');
  if (nl) *nl = '\0';
  t->ncol = 1;
  for (const char *q = p; *q; q++)
    if (*q == '\t') t->ncol++;
  t->head = xmalloc(t->ncol * sizeof *t->head);
  split_tabs(p, t->head, t->ncol);
  t->cell = xmalloc(nlines * t->ncol * sizeof *t->cell);
  t->line = xmalloc(nlines * sizeof *t->line);
  int lineno = 1;
  p = nl ? nl + 1 : p + strlen(p);
  while (*p) {
    lineno++;
    nl = strchr(p, '\n');
    if (nl) *nl = '\0';
    char **row = t->cell + t->nrows * t->ncol;
    size_t n = split_tabs(p, row, t->ncol);
    if (n != t->ncol) die("%s:%d: %zu fields, the header has %zu", path, lineno, n, t->ncol);
    t->line[t->nrows++] = lineno;
    if (!nl) break;
    p = nl + 1;
  }
  return t;
}

static int tsv_col(const tsv *t, const char *name) {
  for (size_t i = 0; i < t->ncol; i++)
    if (strcmp(t->head[i], name) == 0) return (int)i;
  die("%s: no column '%s'", t->path, name);
  return -1;
}

static const char *tsv_get(const tsv *t, size_t r, int c) { return t->cell[r * t->ncol + (size_t)c]; }

/* ---- small text helpers ------------------------------------------------ */

/* Splits s in place at each occurrence of sep, trimming spaces around the
 * parts; returns the number of parts (at most max are stored). */
static size_t split_str(char *s, const char *sep, char **out, size_t max) {
  size_t n = 0, seplen = strlen(sep);
  for (;;) {
    char *end = strstr(s, sep);
    if (end) *end = '\0';
    while (*s == ' ') s++;
    char *e = s + strlen(s);
    while (e > s && e[-1] == ' ') *--e = '\0';
    if (n < max) out[n] = s;
    n++;
    if (!end) break;
    s = end + seplen;
  }
  return n;
}

/* Number of UTF-8 code points. */
static size_t u8len(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    if (((unsigned char)*s & 0xC0) != 0x80) n++;
  return n;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Parses a number written in the Vietnamese notation of the forms contract
 * (README §2): optional '-', digits with optional ".ddd" thousands groups,
 * optional ',' and decimals. Exact forms only; returns 0 on success. */
static int vn_number(const char *s, double *out) {
  const char *p = s;
  int neg = 0;
  if (*p == '-') {
    neg = 1;
    p++;
  }
  if (!is_digit(*p)) return -1;
  double v = 0;
  while (is_digit(*p)) v = v * 10 + (*p++ - '0');
  while (*p == '.' && is_digit(p[1]) && is_digit(p[2]) && is_digit(p[3]) && !is_digit(p[4])) {
    v = v * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    p += 4;
  }
  if (*p == ',') {
    p++;
    if (!is_digit(*p)) return -1;
    double scale = 1;
    while (is_digit(*p)) {
      scale /= 10;
      v += (*p++ - '0') * scale;
    }
  }
  if (*p) return -1;
  *out = neg ? -v : v;
  return 0;
}

/* Writes v in Vietnamese notation (decimal comma), for messages. */
static void vn_format(double v, char *out, size_t n) {
  snprintf(out, n, "%g", v);
  for (char *p = out; *p; p++)
    if (*p == '.') *p = ',';
}

/* ---- formats ----------------------------------------------------------- */

enum {
  F_BOLD = 1 << 0,
  F_WRAP = 1 << 1,
  F_UNLOCK = 1 << 2,   /* input cell */
  F_INPUT = 1 << 3,    /* pale yellow fill: the unit types here */
  F_GRAY = 1 << 4,     /* gray fill: not for the district (or a heading) */
  F_CENTER = 1 << 5,
  F_HEAD = 1 << 6,     /* column header: bold, centred, wrapped, blue fill */
  F_TITLE = 1 << 7,    /* title row: bold 14 pt, centred, no border */
  F_SUB = 1 << 8,      /* subtitle row: italic, centred, no border */
  F_ITALIC = 1 << 9,
  F_NOBORDER = 1 << 10,
  NF_SHIFT = 11        /* 3 bits: number format index */
};
enum { NF_GENERAL, NF_TEXT, NF_INT, NF_DEC2, NF_AMOUNT, NF_DATE, NF_COUNT };
static const char *const numfmt_code[NF_COUNT] = {NULL, "@", "0", "0.00", "#,##0.00", "d/m/yyyy"};
#define NF(x) ((unsigned)(x) << NF_SHIFT)
#define FMT_CACHE (1u << (NF_SHIFT + 3))

typedef struct {
  lxw_workbook *wb;
  const char *name;    /* "bao-cao-dinh-ky" */
  const tsv *units;    /* units/kon-tum.tsv */
  const tsv *rowspec;  /* forms/layout-rows.tsv */
  lxw_format *cache[FMT_CACHE];
} book;

/* The format for a flag set, created on first use (creation order follows
 * the program, so styles.xml is the same on every run). */
static lxw_format *fmt(book *b, unsigned f) {
  if (f >= FMT_CACHE) die("internal: format flags %u", f);
  if (b->cache[f]) return b->cache[f];
  lxw_format *x = workbook_add_format(b->wb);
  format_set_font_name(x, "Times New Roman");
  format_set_font_size(x, (f & F_TITLE) ? 14 : 12);
  format_set_align(x, LXW_ALIGN_VERTICAL_CENTER);
  if (f & (F_BOLD | F_HEAD | F_TITLE)) format_set_bold(x);
  if (f & (F_ITALIC | F_SUB)) format_set_italic(x);
  if (f & (F_WRAP | F_HEAD | F_TITLE | F_SUB)) format_set_text_wrap(x);
  if (f & (F_CENTER | F_HEAD | F_TITLE | F_SUB)) format_set_align(x, LXW_ALIGN_CENTER);
  if (!(f & (F_TITLE | F_SUB | F_NOBORDER))) format_set_border(x, LXW_BORDER_THIN);
  if (f & F_HEAD)
    format_set_bg_color(x, 0xDDEBF7);
  else if (f & F_GRAY)
    format_set_bg_color(x, 0xEDEDED);
  else if (f & F_INPUT)
    format_set_bg_color(x, 0xFFF9E0);
  if (f & F_UNLOCK) format_set_unlocked(x);
  unsigned nf = f >> NF_SHIFT;
  if (nf >= NF_COUNT) die("internal: number format %u", nf);
  if (numfmt_code[nf]) format_set_num_format(x, numfmt_code[nf]);
  b->cache[f] = x;
  return x;
}

/* ---- checked libxlsxwriter calls ---------------------------------------- */

typedef struct {
  const char *sheet; /* for messages */
  lxw_worksheet *ws;
} sheet_ctx;

static void check(lxw_error e, const sheet_ctx *s, const char *what, lxw_row_t r, lxw_col_t c) {
  if (e != LXW_NO_ERROR)
    die("%s, row %u col %u: %s: %s", s->sheet, (unsigned)r + 1, (unsigned)c + 1, what,
        lxw_strerror(e));
}

static void put_str(const sheet_ctx *s, lxw_row_t r, lxw_col_t c, const char *v, lxw_format *f) {
  if (*v)
    check(worksheet_write_string(s->ws, r, c, v, f), s, "write_string", r, c);
  else
    check(worksheet_write_blank(s->ws, r, c, f), s, "write_blank", r, c);
}

static void put_num(const sheet_ctx *s, lxw_row_t r, lxw_col_t c, double v, lxw_format *f) {
  check(worksheet_write_number(s->ws, r, c, v, f), s, "write_number", r, c);
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
  dv.error_message = stop ? "Chọn một giá trị trong danh sách." :
                            "Giá trị không có trong danh sách. Kiểm tra lại trước khi giữ.";
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

/* ---- sheet layout (layout.tsv) ------------------------------------------ */

typedef struct {
  const char *book, *sheet, *type, *spec, *title, *subtitle, *header, *widths, *level_notes,
      *code_form, *input_rows;
  int line;
} layout;

static layout layout_row(const tsv *t, size_t r) {
  layout L;
  L.book = tsv_get(t, r, tsv_col(t, "book"));
  L.sheet = tsv_get(t, r, tsv_col(t, "sheet"));
  L.type = tsv_get(t, r, tsv_col(t, "type"));
  L.spec = tsv_get(t, r, tsv_col(t, "spec"));
  L.title = tsv_get(t, r, tsv_col(t, "title"));
  L.subtitle = tsv_get(t, r, tsv_col(t, "subtitle"));
  L.header = tsv_get(t, r, tsv_col(t, "header"));
  L.widths = tsv_get(t, r, tsv_col(t, "widths"));
  L.level_notes = tsv_get(t, r, tsv_col(t, "level_notes"));
  L.code_form = tsv_get(t, r, tsv_col(t, "code_form"));
  L.input_rows = tsv_get(t, r, tsv_col(t, "input_rows"));
  L.line = t->line[r];
  return L;
}

/* Column widths "8;64;20" -> w[]; returns the count. */
static size_t parse_widths(const layout *L, double *w, size_t max) {
  char *tmp = xstrdup(L->widths);
  char *part[MAX_COLS];
  size_t n = split_str(tmp, ";", part, MAX_COLS);
  if (n > max) die("layout.tsv:%d: %zu widths, at most %zu", L->line, n, max);
  for (size_t i = 0; i < n; i++) {
    if (vn_number(part[i], &w[i]) || w[i] <= 0 || w[i] > 255)
      die("layout.tsv:%d: bad width '%s'", L->line, part[i]);
  }
  free(tmp);
  return n;
}

/* ---- row heights ----------------------------------------------------------
 * Rows get explicit heights: LibreOffice does not re-fit wrapped rows of an
 * imported file, and merged cells are fitted by nobody. The text is wrapped
 * word by word with rough Times New Roman 12 pt glyph widths in pixels; a
 * column of width w is about 7w pixels wide. */

#define LINE_PT 15.75  /* one line of 12 pt text */
#define MIN_ROW_PT 18.0

/* Next code point of a UTF-8 string (the input is valid UTF-8: the TSVs). */
static unsigned next_cp(const char **p) {
  const unsigned char *s = (const unsigned char *)*p;
  unsigned cp = s[0];
  int extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;
  if (extra) cp &= 0x3Fu >> extra;
  for (int i = 1; i <= extra && s[i]; i++) cp = (cp << 6) | (s[i] & 0x3F);
  *p += 1 + extra;
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
  if (cp < 128 && strchr(".,;:'()/-|!", (int)cp)) return 4.5;
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

/* Title and subtitle rows merged over ncols columns, then a blank row.
 * Returns the next row. */
static lxw_row_t titles(book *b, const sheet_ctx *s, const layout *L, lxw_col_t ncols,
                        const double *w) {
  double total = 0;
  for (lxw_col_t c = 0; c < ncols; c++) total += w[c];
  lxw_row_t r = 0;
  worksheet_set_default_row(s->ws, MIN_ROW_PT, LXW_FALSE);
  check(worksheet_merge_range(s->ws, r, 0, r, ncols - 1, L->title, fmt(b, F_TITLE)), s, "title", r,
        0);
  check(worksheet_set_row(s->ws, r, fit1(L->title, total, 1, 14), NULL), s, "set_row", r, 0);
  r++;
  if (*L->subtitle) {
    check(worksheet_merge_range(s->ws, r, 0, r, ncols - 1, L->subtitle, fmt(b, F_SUB)), s,
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

static void set_widths(const sheet_ctx *s, const double *w, size_t n, lxw_format *colfmt[]) {
  for (size_t c = 0; c < n; c++)
    check(worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w[c], colfmt ? colfmt[c] : NULL),
          s, "set_column", 0, (lxw_col_t)c);
}

/* Extra per-row data from layout-rows.tsv: choices ("@units" or a ';' list)
 * and an input message. Returns 1 if the row is listed. */
static int row_extra(const book *b, const char *sheet, const char *key, const char **choices,
                     const char **hint) {
  const tsv *t = b->rowspec;
  int cb = tsv_col(t, "book"), cs = tsv_col(t, "sheet"), ck = tsv_col(t, "key");
  int cc = tsv_col(t, "choices"), ch = tsv_col(t, "hint");
  for (size_t r = 0; r < t->nrows; r++) {
    if (strcmp(tsv_get(t, r, cb), b->name) == 0 && strcmp(tsv_get(t, r, cs), sheet) == 0 &&
        strcmp(tsv_get(t, r, ck), key) == 0) {
      *choices = tsv_get(t, r, cc);
      *hint = tsv_get(t, r, ch);
      return 1;
    }
  }
  return 0;
}

/* ---- keyed sheets (Thông tin, Biểu mẫu 1–7, Chỉ tiêu) -------------------- */

static const char *level_note(const char *level, const tsv *t, int line) {
  if (strcmp(level, "huyen") == 0) return "Cấp huyện báo";
  if (strcmp(level, "so") == 0) return "Cấp sở báo";
  if (strcmp(level, "khong") == 0) return "Không báo";
  if (strcmp(level, "tat-ca") == 0) return "";
  die("%s:%d: unknown level '%s'", t->path, line, level);
  return NULL;
}

enum { K_COUNT, K_PERCENT, K_AMOUNT, K_CODE, K_TEXT, K_DATE, K_HEADER };

static int parse_kind(const char *kind, const tsv *t, int line) {
  static const char *const names[] = {"count", "percent", "amount", "code", "text", "date", "header"};
  for (int i = 0; i < 7; i++)
    if (strcmp(kind, names[i]) == 0) return i;
  die("%s:%d: unknown kind '%s'", t->path, line, kind);
  return -1;
}

/* "1=Có;0=Không" -> values {"1","0"} and labels {"Có","Không"}; returns the
 * count. buf receives the split copy. */
static size_t parse_codes(const char *codes, char *buf, size_t bufsize, char **val, char **lab,
                          const tsv *t, int line) {
  if (strlen(codes) >= bufsize) die("%s:%d: codes too long", t->path, line);
  strcpy(buf, codes);
  char *pair[MAX_LIST];
  size_t n = split_str(buf, ";", pair, MAX_LIST);
  if (n >= MAX_LIST || !*codes) die("%s:%d: bad codes '%s'", t->path, line, codes);
  for (size_t i = 0; i < n; i++) {
    char *eq = strchr(pair[i], '=');
    if (!eq || eq == pair[i] || !eq[1]) die("%s:%d: bad code pair '%s'", t->path, line, pair[i]);
    *eq = '\0';
    val[i] = pair[i];
    lab[i] = eq + 1;
  }
  val[n] = lab[n] = NULL;
  return n;
}

static void keyed_sheet(book *b, const layout *L, const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/forms/%s", dir, L->spec);
  tsv *t = tsv_load(path);
  int ckey = tsv_col(t, "key"), clab = tsv_col(t, "label"), cunit = tsv_col(t, "unit");
  int clev = tsv_col(t, "level"), ckind = tsv_col(t, "kind"), ccodes = tsv_col(t, "codes");
  int notes = strcmp(L->level_notes, "yes") == 0;
  int by_label = strcmp(L->code_form, "label") == 0;
  if (!by_label && strcmp(L->code_form, "code") != 0)
    die("layout.tsv:%d: code_form must be code or label", L->line);

  sheet_ctx s = {L->sheet, workbook_add_worksheet(b->wb, L->sheet)};
  if (!s.ws) die("%s: cannot add sheet (name invalid or repeated)", L->sheet);
  double w[MAX_COLS];
  if (parse_widths(L, w, MAX_COLS) != 5) die("layout.tsv:%d: a keyed sheet has 5 widths", L->line);
  set_widths(&s, w, 5, NULL);

  char *hbuf = xstrdup(L->header);
  char *h[8];
  size_t nh = split_str(hbuf, " | ", h, 8);
  lxw_row_t r = titles(b, &s, L, 5, w);
  lxw_row_t head1 = r, head2;
  lxw_format *hf = fmt(b, F_HEAD);
  if (nh == 6) {
    /* The seed's two-row header: STT | Chỉ tiêu | Kết quả thống kê | Ghi chú
     * over Đơn vị tính | Số liệu. */
    check(worksheet_merge_range(s.ws, r, 0, r + 1, 0, h[0], hf), &s, "header", r, 0);
    check(worksheet_merge_range(s.ws, r, 1, r + 1, 1, h[1], hf), &s, "header", r, 1);
    check(worksheet_merge_range(s.ws, r, 2, r, 3, h[2], hf), &s, "header", r, 2);
    check(worksheet_merge_range(s.ws, r, 4, r + 1, 4, h[3], hf), &s, "header", r, 4);
    put_str(&s, r + 1, 2, h[4], hf);
    put_str(&s, r + 1, 3, h[5], hf);
    /* the merged label spans both rows */
    double hgt = fit1(h[1], w[1], 1, 12) / 2;
    if (hgt < MIN_ROW_PT) hgt = MIN_ROW_PT;
    check(worksheet_set_row(s.ws, r, hgt, NULL), &s, "set_row", r, 0);
    check(worksheet_set_row(s.ws, r + 1, hgt, NULL), &s, "set_row", r + 1, 0);
    head2 = r + 1;
    r += 2;
  } else if (nh == 5) {
    double hgt = MIN_ROW_PT;
    for (lxw_col_t c = 0; c < 5; c++) {
      put_str(&s, r, c, h[c], hf);
      double x = fit1(h[c], w[c], 1, 12);
      if (x > hgt) hgt = x;
    }
    check(worksheet_set_row(s.ws, r, hgt, NULL), &s, "set_row", r, 0);
    head2 = r;
    r += 1;
  } else {
    die("layout.tsv:%d: a keyed header has 5 or 6 parts, found %zu", L->line, nh);
  }
  free(hbuf);
  lxw_row_t first = r;

  char codebuf[1024];
  char *val[MAX_LIST + 1], *lab[MAX_LIST + 1];
  for (size_t i = 0; i < t->nrows; i++, r++) {
    int line = t->line[i];
    const char *key = tsv_get(t, i, ckey), *label = tsv_get(t, i, clab);
    const char *unit = tsv_get(t, i, cunit), *level = tsv_get(t, i, clev);
    int kind = parse_kind(tsv_get(t, i, ckind), t, line);
    const char *note = level_note(level, t, line);
    int hdr = kind == K_HEADER;
    int not_ours = strcmp(level, "so") == 0 || strcmp(level, "khong") == 0;
    if (!*key || !*label) die("%s:%d: empty key or label", t->path, line);

    put_str(&s, r, 0, key, fmt(b, NF(NF_TEXT) | (hdr ? F_BOLD : 0)));
    put_str(&s, r, 1, label, fmt(b, F_WRAP | (hdr ? F_BOLD : 0)));

    /* Column C: the unit; a code row without one gets its legend. */
    char legend[512] = "";
    size_t ncodes = 0;
    if (kind == K_CODE) {
      ncodes = parse_codes(tsv_get(t, i, ccodes), codebuf, sizeof codebuf, val, lab, t, line);
      for (size_t k = 0; k < ncodes; k++) {
        size_t used = strlen(legend);
        snprintf(legend + used, sizeof legend - used, "%s%s = %s", k ? "; " : "", lab[k], val[k]);
      }
    } else if (*tsv_get(t, i, ccodes)) {
      die("%s:%d: codes on a row of kind %s", t->path, line, tsv_get(t, i, ckind));
    }
    const char *ctext = (kind == K_CODE && !*unit) ? legend : unit;
    put_str(&s, r, 2, ctext, fmt(b, F_WRAP | F_CENTER));

    /* Column D: the value. */
    int nf = NF_GENERAL;
    switch (kind) {
    case K_COUNT: nf = NF_INT; break;
    case K_PERCENT: nf = NF_DEC2; break;
    case K_AMOUNT: nf = NF_AMOUNT; break;
    case K_TEXT: nf = NF_TEXT; break;
    case K_DATE: nf = NF_DATE; break;
    default: break;
    }
    if (hdr) {
      put_str(&s, r, 3, "", fmt(b, F_GRAY));
    } else {
      put_str(&s, r, 3, "", fmt(b, F_UNLOCK | (not_ours ? F_GRAY : F_INPUT) | F_CENTER | NF(nf)));
    }
    /* Column E: the level note, free text may be added. */
    put_str(&s, r, 4, notes ? note : "", fmt(b, F_UNLOCK | F_WRAP));
    {
      const char *txt[3] = {label, ctext, notes ? note : ""};
      double tw[3] = {w[1], w[2], w[4]};
      int tb[3] = {hdr, 0, 0};
      check(worksheet_set_row(s.ws, r, fit_height(txt, tw, tb, 3, 12), NULL), &s, "set_row", r, 0);
    }

    if (hdr) continue;
    char msg[600];
    const char *lvmsg = !not_ours ? "" :
                        strcmp(level, "so") == 0 ? "Cấp sở báo: UBND cấp huyện để trống ô này. " :
                                                   "Không báo: để trống ô này. ";
    const char *choices = "", *hint = "";
    row_extra(b, L->sheet, key, &choices, &hint);
    if (*choices) {
      char *list[MAX_LIST + 1];
      char *cbuf = NULL;
      size_t n = 0;
      if (strcmp(choices, "@units") == 0) {
        int cn = tsv_col(b->units, "official_name");
        for (size_t u = 0; u < b->units->nrows && n < MAX_LIST; u++)
          list[n++] = (char *)tsv_get(b->units, u, cn);
      } else {
        cbuf = xstrdup(choices);
        n = split_str(cbuf, ";", list, MAX_LIST);
        if (n >= MAX_LIST) die("layout-rows.tsv: too many choices for %s!%s", L->sheet, key);
      }
      list[n] = NULL;
      dropdown(&s, r, 3, r, 3, list, 0, "Chọn trong danh sách", hint);
      free(cbuf);
    } else if (kind == K_CODE) {
      snprintf(msg, sizeof msg, "%s%s", lvmsg, legend);
      dropdown(&s, r, 3, r, 3, by_label ? lab : val, 1, "Chọn trong danh sách", msg);
    } else if (kind == K_COUNT) {
      numcheck(&s, r, 3, r, 3, 1, LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO, 0, 0,
               *lvmsg ? lvmsg : NULL, "Nhập số nguyên không âm, ví dụ 12.");
    } else if (kind == K_PERCENT) {
      snprintf(msg, sizeof msg, "%sNhập con số phần trăm từ 0 đến 100, ví dụ 36,36 nghĩa là 36,36%%.",
               lvmsg);
      numcheck(&s, r, 3, r, 3, 0, LXW_VALIDATION_CRITERIA_BETWEEN, 0, 100, msg,
               "Tỷ lệ phần trăm phải từ 0 đến 100 (ví dụ 36,36).");
    } else if (kind == K_AMOUNT) {
      numcheck(&s, r, 3, r, 3, 0, LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO, 0, 0,
               *lvmsg ? lvmsg : NULL, "Nhập số tiền không âm, đơn vị theo cột C.");
    } else if (kind == K_DATE) {
      datecheck(&s, r, 3, *hint ? hint : "Nhập ngày dạng ngày/tháng/năm, ví dụ 15/3/2023.");
    } else if (*hint || *lvmsg) {
      snprintf(msg, sizeof msg, "%s%s", lvmsg, hint);
      input_note(&s, r, 3, "Hướng dẫn", msg);
    }
  }
  if (t->nrows == 0) die("%s: no rows", t->path);
  worksheet_freeze_panes(s.ws, first, 0);
  worksheet_set_selection(s.ws, first, 3, first, 3);
  page_setup(&s, 0, head1, head2);
  protect(&s, 0);
  tsv_free(t);
}

/* ---- detail lists (Biên chế, Danh mục TTHC, Văn bản chỉ đạo) ------------- */

/* The dropdown values of a code column, from the `allowed` prose of the
 * forms contract: "exactly one of: A | B | C. More text" -> A, B, C. An
 * introduction ending in ": " before the first " | " is skipped; the list
 * ends at the first ". ", "; " or " (" (or a final "."). */
static size_t allowed_list(const char *allowed, char *buf, size_t bufsize, char **out,
                           const tsv *t, int line) {
  const char *p = allowed;
  const char *bar = strstr(p, " | ");
  const char *colon = strstr(p, ": ");
  if (!bar) die("%s:%d: code column without an 'A | B' list", t->path, line);
  if (colon && colon < bar) p = colon + 2;
  size_t len = strlen(p);
  const char *stops[] = {". ", "; ", " ("};
  for (size_t k = 0; k < 3; k++) {
    const char *e = strstr(p, stops[k]);
    if (e && (size_t)(e - p) < len) len = (size_t)(e - p);
  }
  if (len && p[len - 1] == '.') len--;
  if (len >= bufsize) die("%s:%d: allowed list too long", t->path, line);
  memcpy(buf, p, len);
  buf[len] = '\0';
  size_t n = split_str(buf, "|", out, MAX_LIST);
  if (n < 2 || n >= MAX_LIST) die("%s:%d: bad allowed list '%s'", t->path, line, allowed);
  for (size_t i = 0; i < n; i++)
    if (!*out[i]) die("%s:%d: empty value in allowed list", t->path, line);
  out[n] = NULL;
  return n;
}

static void list_sheet(book *b, const layout *L, const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/forms/%s", dir, L->spec);
  tsv *t = tsv_load(path);
  int ccol = tsv_col(t, "col"), chead = tsv_col(t, "header"), ckind = tsv_col(t, "kind");
  int callow = tsv_col(t, "allowed");
  size_t ncols = t->nrows;
  if (ncols == 0 || ncols > MAX_COLS) die("%s: %zu columns", t->path, ncols);
  for (size_t i = 0; i < ncols; i++) {
    const char *col = tsv_get(t, i, ccol);
    if (col[0] != (char)('A' + i) || col[1]) die("%s:%d: column '%s', expected %c", t->path,
                                                 t->line[i], col, (char)('A' + i));
  }
  char *end;
  long nrows = strtol(L->input_rows, &end, 10);
  if (*end || nrows < 1 || nrows > 10000) die("layout.tsv:%d: bad input_rows", L->line);

  sheet_ctx s = {L->sheet, workbook_add_worksheet(b->wb, L->sheet)};
  if (!s.ws) die("%s: cannot add sheet (name invalid or repeated)", L->sheet);
  double w[MAX_COLS];
  if (parse_widths(L, w, MAX_COLS) != ncols)
    die("layout.tsv:%d: %zu columns need %zu widths", L->line, ncols, ncols);

  int kinds[MAX_COLS];
  unsigned cellfmt[MAX_COLS];
  lxw_format *colfmt[MAX_COLS];
  for (size_t c = 0; c < ncols; c++) {
    kinds[c] = parse_kind(tsv_get(t, c, ckind), t, t->line[c]);
    int nf = kinds[c] == K_COUNT ? NF_INT : kinds[c] == K_TEXT ? NF_TEXT : NF_GENERAL;
    cellfmt[c] = F_UNLOCK | F_WRAP | NF(nf);
    /* the whole column is unlocked, so rows may be added past the box */
    colfmt[c] = fmt(b, F_UNLOCK | F_NOBORDER | NF(nf));
  }
  set_widths(&s, w, ncols, colfmt);

  lxw_row_t r = titles(b, &s, L, (lxw_col_t)ncols, w);
  lxw_row_t head = r;
  double hh = MIN_ROW_PT;
  for (size_t c = 0; c < ncols; c++) {
    const char *h = tsv_get(t, c, chead);
    put_str(&s, r, (lxw_col_t)c, h, fmt(b, F_HEAD));
    double x = fit1(h, w[c], 1, 12);
    if (x > hh) hh = x;
  }
  check(worksheet_set_row(s.ws, r, hh, NULL), &s, "set_row", r, 0);
  r++;
  for (size_t c = 0; c < ncols; c++) {
    char num[32];
    snprintf(num, sizeof num, "(%zu)", c + 1);
    put_str(&s, r, (lxw_col_t)c, num, fmt(b, F_CENTER | F_ITALIC | F_GRAY));
  }
  r++;
  lxw_row_t first = r, last = r + (lxw_row_t)nrows - 1;
  for (lxw_row_t rr = first; rr <= last; rr++)
    for (size_t c = 0; c < ncols; c++)
      check(worksheet_write_blank(s.ws, rr, (lxw_col_t)c, fmt(b, cellfmt[c])), &s, "blank", rr,
            (lxw_col_t)c);

  for (size_t c = 0; c < ncols; c++) {
    const char *h = tsv_get(t, c, chead);
    char title[128];
    snprintf(title, sizeof title, "%s", h);
    if (u8len(title) > 32) die("%s:%d: header too long for an input title", t->path, t->line[c]);
    if (kinds[c] == K_CODE) {
      char buf[1024], msg[600];
      char *list[MAX_LIST + 1];
      size_t n = allowed_list(tsv_get(t, c, callow), buf, sizeof buf, list, t, t->line[c]);
      size_t used = (size_t)snprintf(msg, sizeof msg, "Chọn một trong: ");
      for (size_t k = 0; k < n && used < sizeof msg; k++)
        used += (size_t)snprintf(msg + used, sizeof msg - used, "%s%s", k ? "; " : "", list[k]);
      dropdown(&s, first, (lxw_col_t)c, last, (lxw_col_t)c, list, 1, title, msg);
    } else if (kinds[c] == K_COUNT) {
      numcheck(&s, first, (lxw_col_t)c, last, (lxw_col_t)c, 1,
               LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO, 0, 0, NULL,
               "Nhập số nguyên không âm, ví dụ 12.");
    }
  }
  worksheet_freeze_panes(s.ws, first, 0);
  worksheet_set_selection(s.ws, first, 1, first, 1);
  page_setup(&s, 1, head, head + 1);
  protect(&s, 1);
  tsv_free(t);
}

/* ---- Chỉ số CCHC (criteria tree) ----------------------------------------- */

/* Cap of one deduction (CS-8: −1 ≤ score ≤ 0 for each of 9.1–9.5). */
#define DEDUCTION_CAP (-1.0)

typedef struct {
  const char *key, *parent, *label;
  double max;
  int can_exclude, nchild, level1;
  lxw_row_t row;
} crit;

static int crit_find(const crit *c, size_t n, const char *key) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(c[i].key, key) == 0) return (int)i;
  return -1;
}

/* Appends to f the exclusion term of criterion i: the row's own maximum when
 * column H holds "x", else the terms of its excludable children. */
static void excl_term(const crit *c, size_t n, size_t i, char *f, size_t fsize) {
  size_t used = strlen(f);
  snprintf(f + used, fsize - used, "IF(H%u=\"x\",C%u,", (unsigned)c[i].row + 1,
           (unsigned)c[i].row + 1);
  int any = 0;
  for (size_t j = 0; j < n; j++) {
    if (!c[j].can_exclude || strcmp(c[j].parent, c[i].key) != 0) continue;
    if (any) strncat(f, "+", fsize - strlen(f) - 1);
    excl_term(c, n, j, f, fsize);
    any = 1;
  }
  if (!any) strncat(f, "0", fsize - strlen(f) - 1);
  strncat(f, ")", fsize - strlen(f) - 1);
  if (strlen(f) + 1 >= fsize) die("internal: total formula too long");
}

static void criteria_sheet(book *b, const layout *L, const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/forms/%s", dir, L->spec);
  tsv *t = tsv_load(path);
  int ckey = tsv_col(t, "key"), cpar = tsv_col(t, "parent"), clab = tsv_col(t, "label");
  int cmax = tsv_col(t, "max_points"), cexc = tsv_col(t, "can_exclude");
  size_t n = t->nrows;
  crit *c = xmalloc(n * sizeof *c);
  for (size_t i = 0; i < n; i++) {
    c[i].key = tsv_get(t, i, ckey);
    c[i].parent = tsv_get(t, i, cpar);
    c[i].label = tsv_get(t, i, clab);
    if (vn_number(tsv_get(t, i, cmax), &c[i].max))
      die("%s:%d: bad max_points '%s'", t->path, t->line[i], tsv_get(t, i, cmax));
    const char *ex = tsv_get(t, i, cexc);
    if (strcmp(ex, "yes") && strcmp(ex, "no")) die("%s:%d: can_exclude must be yes or no", t->path, t->line[i]);
    c[i].can_exclude = strcmp(ex, "yes") == 0;
    c[i].level1 = strcmp(c[i].parent, "T") == 0;
    c[i].nchild = 0;
  }
  int total = -1;
  for (size_t i = 0; i < n; i++) {
    if (!*c[i].parent) {
      if (total >= 0) die("%s:%d: a second row without parent", t->path, t->line[i]);
      total = (int)i;
      continue;
    }
    int p = crit_find(c, n, c[i].parent);
    if (p < 0) die("%s:%d: unknown parent '%s'", t->path, t->line[i], c[i].parent);
    c[p].nchild++;
  }
  if (total < 0) die("%s: no total row (a row without parent)", t->path);

  sheet_ctx s = {L->sheet, workbook_add_worksheet(b->wb, L->sheet)};
  if (!s.ws) die("%s: cannot add sheet", L->sheet);
  double w[MAX_COLS];
  if (parse_widths(L, w, MAX_COLS) != 8) die("layout.tsv:%d: Chỉ số CCHC has 8 widths", L->line);
  set_widths(&s, w, 8, NULL);
  char *hbuf = xstrdup(L->header);
  char *h[8];
  if (split_str(hbuf, " | ", h, 8) != 8) die("layout.tsv:%d: Chỉ số CCHC has 8 header parts", L->line);
  lxw_row_t r = titles(b, &s, L, 8, w);
  lxw_row_t head = r;
  double hh = MIN_ROW_PT;
  for (lxw_col_t k = 0; k < 8; k++) {
    put_str(&s, r, k, h[k], fmt(b, F_HEAD));
    double x = fit1(h[k], w[k], 1, 12);
    if (x > hh) hh = x;
  }
  check(worksheet_set_row(s.ws, r, hh, NULL), &s, "set_row", r, 0);
  free(hbuf);
  r++;
  lxw_row_t first = r;
  for (size_t i = 0; i < n; i++) c[i].row = first + (lxw_row_t)i;

  double level1_sum = 0;
  for (size_t i = 0; i < n; i++, r++) {
    int strong = c[i].level1 || (int)i == total;
    unsigned bold = strong ? F_BOLD : 0, band = strong ? F_GRAY : 0;
    put_str(&s, r, 0, c[i].key, fmt(b, NF(NF_TEXT) | bold | band));
    put_str(&s, r, 1, c[i].label, fmt(b, F_WRAP | bold | band));
    check(worksheet_set_row(s.ws, r, fit1(c[i].label, w[1], strong, 12), NULL), &s, "set_row", r, 0);
    if ((int)i != total) {
      put_num(&s, r, 2, c[i].max, fmt(b, F_CENTER | bold | band));
      if (c[i].level1) level1_sum += c[i].max;
    }
    unsigned in = F_UNLOCK | F_INPUT | F_CENTER | bold;
    put_str(&s, r, 3, "", fmt(b, in));
    put_str(&s, r, 4, "", fmt(b, F_UNLOCK | F_WRAP));
    put_str(&s, r, 5, "", fmt(b, in));
    put_str(&s, r, 6, "", fmt(b, F_UNLOCK | F_WRAP));
    if (c[i].can_exclude) {
      static char *x_only[] = {"x", NULL};
      put_str(&s, r, 7, "", fmt(b, F_UNLOCK | F_INPUT | F_CENTER));
      dropdown(&s, r, 7, r, 7, x_only, 1, "Không đánh giá",
               "Ghi x khi tiêu chí này không đánh giá (xem điều kiện trong tên tiêu chí). "
               "Khi đó Tự đánh giá và Thẩm định để trống hoặc 0; điểm tối đa được trừ khỏi tổng.");
    } else {
      put_str(&s, r, 7, "", fmt(b, F_GRAY));
    }
    if ((int)i == total) continue;
    char maxs[32], msg[300];
    vn_format(c[i].max, maxs, sizeof maxs);
    if (c[i].max == 0 && c[i].nchild == 0) {
      char caps[32];
      vn_format(DEDUCTION_CAP, caps, sizeof caps);
      snprintf(msg, sizeof msg, "Điểm trừ nhập bằng số âm, từ %s đến 0 (ví dụ -0,5).", caps);
      numcheck(&s, r, 3, r, 3, 0, LXW_VALIDATION_CRITERIA_BETWEEN, DEDUCTION_CAP, 0, msg, msg);
      numcheck(&s, r, 5, r, 5, 0, LXW_VALIDATION_CRITERIA_BETWEEN, DEDUCTION_CAP, 0, msg, msg);
    } else if (c[i].max == 0) {
      snprintf(msg, sizeof msg, "ĐIỂM TRỪ: tổng các điểm trừ bên dưới, là số âm hoặc 0.");
      numcheck(&s, r, 3, r, 3, 0, LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO, 0, 0, msg, msg);
      numcheck(&s, r, 5, r, 5, 0, LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO, 0, 0, msg, msg);
    } else {
      snprintf(msg, sizeof msg, "Điểm phải từ 0 đến điểm tối đa %s.", maxs);
      numcheck(&s, r, 3, r, 3, 0, LXW_VALIDATION_CRITERIA_BETWEEN, 0, c[i].max, NULL, msg);
      numcheck(&s, r, 5, r, 5, 0, LXW_VALIDATION_CRITERIA_BETWEEN, 0, c[i].max, NULL, msg);
    }
  }

  /* Total maximum (CS-4): the level-1 maxima minus those of the criteria
   * marked "x" in column H (a marked parent covers its children). The cached
   * value is the unmarked total, so a reader that does not recalculate still
   * sees the right number for a fresh template. */
  char f[4096] = "=";
  int any = 0;
  for (size_t i = 0; i < n; i++) {
    if (!c[i].level1) continue;
    size_t used = strlen(f);
    snprintf(f + used, sizeof f - used, "%sC%u", any ? "+" : "", (unsigned)c[i].row + 1);
    any = 1;
  }
  for (size_t i = 0; i < n; i++) {
    if (!c[i].can_exclude) continue;
    int p = crit_find(c, n, c[i].parent);
    if (p >= 0 && c[p].can_exclude) continue; /* covered by the parent's term */
    strncat(f, "-", sizeof f - strlen(f) - 1);
    excl_term(c, n, i, f, sizeof f);
  }
  lxw_row_t tr = c[total].row;
  check(worksheet_write_formula_num(s.ws, tr, 2, f, fmt(b, F_CENTER | F_BOLD | F_GRAY), level1_sum),
        &s, "total formula", tr, 2);

  worksheet_freeze_panes(s.ws, first, 0);
  worksheet_set_selection(s.ws, first, 3, first, 3);
  page_setup(&s, 1, head, head);
  protect(&s, 0);
  free(c);
  tsv_free(t);
}

/* ---- workbooks ----------------------------------------------------------- */

static void write_book(const char *name, const char *title, const char *dir, const char *out,
                       const tsv *layout_t, const tsv *units, const tsv *rowspec) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.xlsx", out, name);
  lxw_workbook_options opt = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
  book *b = xmalloc(sizeof *b);
  memset(b, 0, sizeof *b);
  b->wb = workbook_new_opt(path, &opt);
  if (!b->wb) die("%s: cannot create", path);
  b->name = name;
  b->units = units;
  b->rowspec = rowspec;
  lxw_doc_properties props = {
      .title = (char *)title,
      .subject = "Biểu mẫu chính thức (bản trắng)",
      .author = "xlsxcheck",
      .company = "UBND tỉnh Kon Tum",
      .comments = "Sinh tự động bởi templates/mktemplates.c từ rulesets/forms; không sửa tay.",
      .created = TEMPLATE_EPOCH,
  };
  if (workbook_set_properties(b->wb, &props) != LXW_NO_ERROR) die("%s: properties", path);
  if (workbook_set_custom_property_string(b->wb, "xlsxcheck-form", (char *)name) != LXW_NO_ERROR)
    die("%s: custom property", path);

  int sheets = 0;
  for (size_t i = 0; i < layout_t->nrows; i++) {
    layout L = layout_row(layout_t, i);
    if (strcmp(L.book, name) != 0) continue;
    sheets++;
    if (strcmp(L.type, "keyed") == 0)
      keyed_sheet(b, &L, dir);
    else if (strcmp(L.type, "list") == 0)
      list_sheet(b, &L, dir);
    else if (strcmp(L.type, "criteria") == 0)
      criteria_sheet(b, &L, dir);
    else
      die("layout.tsv:%d: unknown type '%s'", L.line, L.type);
  }
  if (!sheets) die("layout.tsv: no sheets for %s", name);
  lxw_error e = workbook_close(b->wb);
  if (e != LXW_NO_ERROR) die("%s: %s", path, lxw_strerror(e));
  free(b);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: mktemplates RULESETS_DIR OUT_DIR\n");
    return 2;
  }
  const char *dir = argv[1], *out = argv[2];
  char path[4096];
  snprintf(path, sizeof path, "%s/forms/layout.tsv", dir);
  tsv *layout_t = tsv_load(path);
  snprintf(path, sizeof path, "%s/forms/layout-rows.tsv", dir);
  tsv *rowspec = tsv_load(path);
  snprintf(path, sizeof path, "%s/units/kon-tum.tsv", dir);
  tsv *units = tsv_load(path);
  write_book("bao-cao-dinh-ky", "Báo cáo định kỳ công tác cải cách hành chính", dir, out, layout_t,
             units, rowspec);
  write_book("chi-so-cchc", "Tự đánh giá Chỉ số cải cách hành chính", dir, out, layout_t, units,
             rowspec);
  tsv_free(layout_t);
  tsv_free(rowspec);
  tsv_free(units);
  return 0;
}
