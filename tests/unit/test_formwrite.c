/* test_formwrite.c: the form writer (formwrite.h): a blank form is the
 * committed template byte for byte; filled values, marks, comments, the
 * list's unit column and the criteria total read back with the project's
 * own reader; spec errors name their file; two threads write at once. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "formwrite.h"
#include "harness.h"
#include "model.h"
#include "testutil.h"
#include "workbook.h"

#define SUITE "formwrite"

/* The checkout's root, from this file's path ("" when compiled from it). */
static void root_path(char *out, size_t n, const char *rel) {
  const char *me = __FILE__, *tail = strstr(me, "tests/unit/");
  int len = tail ? (int)(tail - me) : 0;
  snprintf(out, n, "%.*s%s", len, me, rel);
}

static xc_fw_spec *load_spec(xc_buf *err) {
  char dir[4096];
  root_path(dir, sizeof dir, "rulesets");
  return xc_fw_spec_load(dir, NULL, err);
}

/* A fresh, empty path in the scratch folder (the writer replaces it). */
static char *temp_path(void) { return xc_test_write_temp("", 0); }

/* A whole file; NULL when unreadable. */
static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, len = 0, got;
  char *buf = malloc(cap);
  while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
    len += got;
    if (len == cap) buf = realloc(buf, cap *= 2);
  }
  fclose(f);
  *n = len;
  return buf;
}

/* One zip entry as a string (libzip); NULL when missing. */
static char *zip_entry(const char *path, const char *name) {
  int ze = 0;
  zip_t *z = zip_open(path, ZIP_RDONLY, &ze);
  if (!z) return NULL;
  zip_stat_t st;
  char *out = NULL;
  if (zip_stat(z, name, 0, &st) == 0) {
    zip_file_t *f = zip_fopen(z, name, 0);
    out = calloc(1, (size_t)st.size + 1);
    if (f && out && zip_fread(f, out, st.size) != (zip_int64_t)st.size) {
      free(out);
      out = NULL;
    }
    if (f) zip_fclose(f);
  }
  zip_close(z);
  return out;
}

/* ---- a small source ------------------------------------------------------- */

typedef struct {
  char buf[64]; /* list texts: valid until the next callback */
} fill_ctx;

static bool is(const char *sheet, const char *key, unsigned col, const char *s, const char *k,
               unsigned c) {
  return strcmp(sheet, s) == 0 && strcmp(key, k) == 0 && col == c;
}

static void keyed(void *ctx, const char *sheet, const char *key, unsigned col, xc_fw_cell *out) {
  (void)ctx;
  if (is(sheet, key, col, "Biểu mẫu 2", "1.2", 3)) {
    out->type = XC_FW_NUMBER;
    out->number = 7;
  } else if (is(sheet, key, col, "Biểu mẫu 2", "1.3", 3)) {
    out->type = XC_FW_NUMBER;
    out->number = 2.5;
    out->mark = XC_FW_MARK_ERROR;
    out->comment = "BM2-1 (lỗi): số văn bản phải là số nguyên";
  } else if (is(sheet, key, col, "Biểu mẫu 2", "1.3", 4)) {
    out->type = XC_FW_TEXT;
    out->text = "Số liệu cần xác minh lại với Phòng Tư pháp trước khi tổng hợp";
    out->mark = XC_FW_MARK_WARNING;
  } else if (is(sheet, key, col, "Thông tin", "1", 3)) {
    out->type = XC_FW_TEXT;
    out->text = "Huyện Đắk Glei";
  } else if (is(sheet, key, col, "Thông tin", "5", 3)) {
    out->type = XC_FW_NUMBER;
    out->number = 45000; /* 15/3/2023 */
  } else if (is(sheet, key, col, "Chỉ số CCHC", "1", 3)) {
    out->type = XC_FW_NUMBER;
    out->number = 12.88;
  } else if (is(sheet, key, col, "Chỉ số CCHC", "T", 2)) {
    out->type = XC_FW_NUMBER;
    out->number = 95;
  }
}

static size_t list_rows(void *ctx, const char *sheet) {
  (void)ctx;
  return strcmp(sheet, "Biên chế") == 0 ? 3 : 0;
}

static void list_cell(void *ctx, const char *sheet, size_t row, unsigned col, xc_fw_cell *out) {
  fill_ctx *f = ctx;
  (void)sheet;
  static const char *const units[] = {"Thành phố Kon Tum", "Huyện Đắk Glei", "Huyện Ngọc Hồi"};
  if (col == 0) {
    out->type = XC_FW_TEXT;
    out->text = units[row % 3];
  } else if (col == 1) {
    out->type = XC_FW_NUMBER;
    out->number = (double)row + 1;
  } else if (col == 2) {
    snprintf(f->buf, sizeof f->buf, "Phòng %zu", row + 1);
    out->type = XC_FW_TEXT;
    out->text = f->buf;
  }
}

static bool write_book(const xc_fw_spec *spec, const char *book, const char *path,
                       const xc_fw_source *src, const xc_fw_props *props, xc_buf *err) {
  xc_fw *w = xc_fw_open(spec, book, path, props, err);
  if (!w) return false;
  bool ok = xc_fw_form(w, src, err);
  return xc_fw_close(w, err) && ok;
}

/* ---- reading back ---------------------------------------------------------- */

static const xc_msheet *find_sheet(const xc_model *m, const char *name) {
  for (size_t i = 0; i < m->nsheets; i++)
    if (strcmp(m->sheets[i].name, name) == 0) return &m->sheets[i];
  return NULL;
}

/* The 1-based row whose column A holds text; 0 when none. */
static uint32_t row_of(const xc_msheet *s, const char *text) {
  for (size_t i = 0; i < s->ncells; i++) {
    const xc_cell *c = &s->cells[i].cell;
    if (c->col == 1 && c->type == XC_CV_STRING && strcmp(c->text, text) == 0) return c->row;
  }
  return 0;
}

static const xc_cell *cell_at(const xc_msheet *s, uint32_t row, uint32_t col) {
  const xc_mcell *m = s ? xc_msheet_cell(s, row, col) : NULL;
  return m ? &m->cell : NULL;
}

typedef struct {
  xc_workbook *wb;
  xc_model *m;
} readback;

static bool read_back(const char *path, readback *rb) {
  xc_error e = {0};
  rb->m = NULL;
  rb->wb = xc_workbook_open(path, NULL, &e);
  if (rb->wb) rb->m = xc_model_load(rb->wb, 0, &e);
  if (!rb->m) xc_test_fail(__FILE__, __LINE__, "cannot read %s back: %s", path, e.detail);
  return rb->m != NULL;
}

static void readback_free(readback *rb) {
  xc_model_free(rb->m);
  xc_workbook_free(rb->wb);
}

static const char *numfmt(const readback *rb, const xc_cell *c) {
  return c ? xc_workbook_style(rb->wb, c->style)->code : "(no cell)";
}

/* ---- tests ------------------------------------------------------------------ */

static const xc_fw_props template_props_bc = {
    "Báo cáo định kỳ công tác cải cách hành chính", "Biểu mẫu chính thức (bản trắng)",
    "Sinh tự động bởi templates/mktemplates.c từ rulesets/forms; không sửa tay.",
    "bao-cao-dinh-ky", NULL, false, 0};

static void leave_blank(void *ctx, const char *sheet, const char *key, unsigned col,
                        xc_fw_cell *out) {
  (void)ctx, (void)sheet, (void)key, (void)col, (void)out;
}

static size_t no_rows(void *ctx, const char *sheet) {
  (void)ctx, (void)sheet;
  return 0;
}

static void blank_is_template(void) {
  xc_buf err = {0};
  xc_fw_spec *spec = load_spec(&err);
  REQUIRE(spec != NULL);
  /* callbacks that leave every cell blank write the template too */
  xc_fw_source quiet = {NULL, leave_blank, no_rows, NULL, NULL};
  char *a = temp_path(), *b = temp_path(), tpl[4096];
  root_path(tpl, sizeof tpl, "templates/bao-cao-dinh-ky.xlsx");
  CHECK(write_book(spec, "bao-cao-dinh-ky", a, NULL, &template_props_bc, &err));
  CHECK(write_book(spec, "bao-cao-dinh-ky", b, &quiet, &template_props_bc, &err));
  size_t na = 0, nb = 0, nt = 0;
  char *da = slurp(a, &na), *db = slurp(b, &nb), *dt = slurp(tpl, &nt);
  CHECK(da && dt && na == nt && memcmp(da, dt, nt) == 0);
  CHECK(db && dt && nb == nt && memcmp(db, dt, nt) == 0);
  CHECK_STR(xc_buf_str(&err), "");
  free(da);
  free(db);
  free(dt);
  unlink(a);
  unlink(b);
  free(a);
  free(b);
  xc_fw_spec_free(spec);
  xc_buf_free(&err);
}

static void filled_values(void) {
  xc_buf err = {0};
  xc_fw_spec *spec = load_spec(&err);
  REQUIRE(spec != NULL);
  fill_ctx ctx;
  xc_fw_source src = {&ctx, keyed, list_rows, list_cell, "Đơn vị"};
  xc_fw_props props = {"Tổng hợp", NULL, NULL, "bao-cao-dinh-ky", NULL, false, 0};
  char *path = temp_path();
  bool ok = write_book(spec, "bao-cao-dinh-ky", path, &src, &props, &err);
  CHECK_STR(xc_buf_str(&err), "");
  readback rb;
  if (ok && read_back(path, &rb)) {
    const xc_msheet *s = find_sheet(rb.m, "Biểu mẫu 2");
    REQUIRE(s != NULL);
    uint32_t r = row_of(s, "1.2");
    CHECK(r > 0);
    const xc_cell *d = cell_at(s, r, 4);
    CHECK(d && d->type == XC_CV_NUMBER && d->num == 7);
    CHECK_STR(numfmt(&rb, d), "0");
    d = cell_at(s, row_of(s, "1.3"), 4);
    CHECK(d && d->type == XC_CV_NUMBER && d->num == 2.5);
    CHECK_STR(numfmt(&rb, d), "0");
    const xc_cell *e = cell_at(s, row_of(s, "1.3"), 5);
    CHECK(e && e->type == XC_CV_STRING && strstr(e->text, "Phòng Tư pháp"));
    CHECK(cell_at(s, row_of(s, "1.1"), 4) == NULL || cell_at(s, row_of(s, "1.1"), 4)->len == 0);

    s = find_sheet(rb.m, "Thông tin");
    REQUIRE(s != NULL);
    d = cell_at(s, row_of(s, "1"), 4);
    CHECK(d && d->type == XC_CV_STRING && strcmp(d->text, "Huyện Đắk Glei") == 0);
    CHECK_STR(numfmt(&rb, d), "@");
    d = cell_at(s, row_of(s, "5"), 4);
    CHECK(d && d->type == XC_CV_NUMBER && d->num == 45000);
    CHECK_STR(numfmt(&rb, d), "d/m/yyyy");

    s = find_sheet(rb.m, "Biên chế");
    REQUIRE(s != NULL);
    uint32_t h = row_of(s, "Đơn vị");
    CHECK(h > 0);
    const xc_cell *c = cell_at(s, h, 2);
    CHECK(c && c->type == XC_CV_STRING && strcmp(c->text, "TT") == 0);
    CHECK(row_of(s, "(1)") == h + 1);
    c = cell_at(s, h + 1, 2);
    CHECK(c && c->type == XC_CV_STRING && strcmp(c->text, "(2)") == 0);
    CHECK(row_of(s, "Thành phố Kon Tum") == h + 2);
    CHECK(row_of(s, "Huyện Ngọc Hồi") == h + 4);
    c = cell_at(s, h + 4, 2);
    CHECK(c && c->type == XC_CV_NUMBER && c->num == 3);
    c = cell_at(s, h + 4, 3);
    CHECK(c && c->type == XC_CV_STRING && strcmp(c->text, "Phòng 3") == 0);
    readback_free(&rb);
  }
  /* the marks are fills, the finding a comment */
  char *styles = zip_entry(path, "xl/styles.xml");
  char *comments = zip_entry(path, "xl/comments1.xml");
  CHECK(styles && strstr(styles, "FFFFC7CE") && strstr(styles, "FFFFEB9C"));
  CHECK(comments && strstr(comments, "BM2-1 (lỗi)"));
  free(styles);
  free(comments);
  unlink(path);
  free(path);
  xc_fw_spec_free(spec);
  xc_buf_free(&err);
}

static void criteria_total(void) {
  xc_buf err = {0};
  xc_fw_spec *spec = load_spec(&err);
  REQUIRE(spec != NULL);
  xc_fw_source src = {.keyed_cell = keyed};
  char *path = temp_path();
  bool ok = write_book(spec, "chi-so-cchc", path, &src, NULL, &err);
  CHECK_STR(xc_buf_str(&err), "");
  readback rb;
  if (ok && read_back(path, &rb)) {
    const xc_msheet *s = find_sheet(rb.m, "Chỉ số CCHC");
    REQUIRE(s != NULL);
    const xc_cell *t = cell_at(s, row_of(s, "T"), 3);
    CHECK(t && t->formula && t->type == XC_CV_NUMBER && t->num == 95);
    const xc_cell *d = cell_at(s, row_of(s, "1"), 4);
    CHECK(d && d->type == XC_CV_NUMBER && d->num == 12.88);
    readback_free(&rb);
  }
  unlink(path);
  free(path);
  xc_fw_spec_free(spec);
  xc_buf_free(&err);
}

/* A scratch rulesets folder holding forms/layout.tsv (and empty companions). */
static char *spec_dir(const char *layout) {
  const char *tmp = getenv("XC_TEST_TMP");
  if (!tmp || !*tmp) tmp = getenv("TMPDIR");
  if (!tmp || !*tmp) tmp = "/tmp";
  char *dir = malloc(strlen(tmp) + 64), path[4096];
  sprintf(dir, "%s/xc-fw-XXXXXX", tmp);
  if (!mkdtemp(dir)) return free(dir), NULL;
  snprintf(path, sizeof path, "%s/forms", dir);
  mkdir(path, 0700);
  snprintf(path, sizeof path, "%s/units", dir);
  mkdir(path, 0700);
  const char *files[][2] = {{"forms/layout.tsv", layout},
                            {"forms/layout-rows.tsv", "book\tsheet\tkey\tchoices\thint\n"},
                            {"units/kon-tum.tsv", "code\tofficial_name\n"}};
  for (size_t i = 0; i < 3; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i][0]);
    FILE *f = fopen(path, "wb");
    if (f) {
      fputs(files[i][1], f);
      fclose(f);
    }
  }
  return dir;
}

static void spec_dir_free(char *dir) {
  if (!dir) return;
  const char *files[] = {
      "forms/layout.tsv", "forms/layout-rows.tsv", "units/kon-tum.tsv", "forms", "units", ""};
  char path[4096];
  for (size_t i = 0; i < 6; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, files[i]);
    remove(path);
  }
  free(dir);
}

#define LAYOUT_HEAD                                                                          \
  "book\tsheet\ttype\tspec\ttitle\tsubtitle\theader\twidths\tlevel_notes\tcode_form\tinput_" \
  "rows\n"

static void spec_errors(void) {
  struct {
    const char *layout, *want;
  } cases[] = {
      {"book\tsheet\ttype\nx\ty\n", "layout.tsv:2: 2 fields, the header has 3"},
      {"book\tsheet\n", "layout.tsv: no column 'type'"},
      {LAYOUT_HEAD "b\tS\tkeyd\ts.tsv\tT\t\tA | B\t8\tno\tcode\t\n",
       "layout.tsv:2: unknown type 'keyd'"},
      {LAYOUT_HEAD "b\tS\tkeyed\tnope.tsv\tT\t\tA | B\t8\tno\tcode\t\n", "forms/nope.tsv: "},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *dir = spec_dir(cases[i].layout);
    REQUIRE(dir != NULL);
    xc_buf err = {0};
    xc_fw_spec *spec = xc_fw_spec_load(dir, NULL, &err);
    CHECK(spec == NULL);
    if (!strstr(xc_buf_str(&err), cases[i].want))
      xc_test_fail(__FILE__, __LINE__, "case %zu: message \"%s\" lacks \"%s\"", i, xc_buf_str(&err),
                   cases[i].want);
    xc_fw_spec_free(spec);
    xc_buf_free(&err);
    spec_dir_free(dir);
  }
}

static void unknown_book(void) {
  xc_buf err = {0};
  xc_fw_spec *spec = load_spec(&err);
  REQUIRE(spec != NULL);
  CHECK(xc_fw_spec_has_book(spec, "chi-so-cchc"));
  CHECK(!xc_fw_spec_has_book(spec, "khong-co"));
  CHECK(xc_fw_open(spec, "khong-co", "/nonexistent/x.xlsx", NULL, &err) == NULL);
  CHECK(strstr(xc_buf_str(&err), "khong-co") != NULL);
  /* a folder that does not exist fails at close, with the path */
  xc_buf_clear(&err);
  CHECK(!write_book(spec, "chi-so-cchc", "/nonexistent/dir/x.xlsx", NULL, NULL, &err));
  CHECK(strstr(xc_buf_str(&err), "/nonexistent/dir/x.xlsx") != NULL);
  xc_fw_spec_free(spec);
  xc_buf_free(&err);
}

static void extra_sheet(void) {
  xc_buf err = {0};
  xc_fw_spec *spec = load_spec(&err);
  REQUIRE(spec != NULL);
  char *path = temp_path();
  xc_fw *w = xc_fw_open(spec, "chi-so-cchc", path, NULL, &err);
  REQUIRE(w != NULL);
  CHECK(xc_fw_form(w, NULL, &err));
  lxw_worksheet *ws = workbook_add_worksheet(xc_fw_workbook(w), "Lỗi");
  CHECK(ws != NULL);
  CHECK(xc_fw_format(w, XC_FW_STYLE_ERROR) == xc_fw_format(w, XC_FW_STYLE_ERROR));
  worksheet_write_string(ws, 0, 0, "Ô", xc_fw_format(w, XC_FW_STYLE_HEAD));
  worksheet_write_number(ws, 1, 0, 3, xc_fw_format(w, XC_FW_STYLE_NUMBER));
  CHECK(xc_fw_close(w, &err));
  readback rb;
  if (read_back(path, &rb)) {
    const xc_msheet *s = find_sheet(rb.m, "Lỗi");
    CHECK(s && cell_at(s, 2, 1) && cell_at(s, 2, 1)->num == 3);
    readback_free(&rb);
  }
  unlink(path);
  free(path);
  xc_fw_spec_free(spec);
  xc_buf_free(&err);
}

/* ---- two threads, one spec --------------------------------------------------- */

typedef struct {
  const xc_fw_spec *spec;
  const char *book;
  char *path;
  bool ok;
} job;

static void *run_job(void *arg) {
  job *j = arg;
  fill_ctx ctx;
  xc_fw_source src = {&ctx, keyed, list_rows, list_cell, "Đơn vị"};
  j->ok = true;
  for (int i = 0; i < 4 && j->ok; i++)
    j->ok = write_book(j->spec, j->book, j->path, &src, NULL, NULL);
  return NULL;
}

static bool same_file(const char *a, const char *b) {
  size_t na = 0, nb = 0;
  char *da = slurp(a, &na), *db = slurp(b, &nb);
  bool same = da && db && na == nb && memcmp(da, db, na) == 0;
  free(da);
  free(db);
  return same;
}

static void two_threads(void) {
  xc_buf err = {0};
  xc_fw_spec *spec = load_spec(&err);
  REQUIRE(spec != NULL);
  job ref = {spec, "bao-cao-dinh-ky", temp_path(), false};
  run_job(&ref);
  CHECK(ref.ok);
  job jobs[2] = {{spec, "bao-cao-dinh-ky", temp_path(), false},
                 {spec, "bao-cao-dinh-ky", temp_path(), false}};
  pthread_t t[2];
  for (int i = 0; i < 2; i++) CHECK(pthread_create(&t[i], NULL, run_job, &jobs[i]) == 0);
  for (int i = 0; i < 2; i++) {
    pthread_join(t[i], NULL);
    CHECK(jobs[i].ok);
    CHECK(same_file(jobs[i].path, ref.path));
    unlink(jobs[i].path);
    free(jobs[i].path);
  }
  unlink(ref.path);
  free(ref.path);
  xc_fw_spec_free(spec);
  xc_buf_free(&err);
}

const xc_test_case xc_tests_formwrite[] = {
    TEST(blank_is_template), TEST(filled_values), TEST(criteria_total), TEST(spec_errors),
    TEST(unknown_book),      TEST(extra_sheet),   TEST(two_threads),    {0}};
