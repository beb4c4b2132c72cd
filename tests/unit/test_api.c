/* test_api.c: the public interface (xlsxcheck.h) as a front end uses it:
 * a library opened once, workbooks from a path and from memory giving the
 * same identity and findings, errors as data, the merge bundle in memory,
 * and the renderers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "harness.h"
#include "xlsxcheck.h"

#define SUITE "api"

static void root_path(char *out, size_t n, const char *rel) {
  const char *me = __FILE__, *tail = strstr(me, "tests/unit/");
  int len = tail ? (int)(tail - me) : 0;
  snprintf(out, n, "%.*s%s", len, me, rel);
}

static unsigned char *slurp(const char *path, size_t *n) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  fseek(fp, 0, SEEK_END);
  long len = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  unsigned char *p = malloc(len > 0 ? (size_t)len : 1);
  *n = fread(p, 1, (size_t)(len > 0 ? len : 0), fp);
  fclose(fp);
  return p;
}

static xc_lib *open_lib(void) {
  char dir[4096];
  root_path(dir, sizeof dir, "rulesets");
  xc_lib_opts o;
  xc_lib_opts_default(&o);
  o.rulesets_dir = dir;
  xc_status st = {0};
  xc_lib *lib = xc_lib_open(&o, &st);
  if (!lib) xc_test_fail(__FILE__, __LINE__, "xc_lib_open: %s", xc_status_text(&st, XC_LANG_EN));
  xc_status_clear(&st);
  return lib;
}

#define EXAMPLE "examples/don-vi/bao-cao-dinh-ky_kon-ray_2023-q1.xlsx"

/* A path and the same bytes in memory: one identity, one set of findings. */
static void path_and_memory_agree(void) {
  xc_lib *lib = open_lib();
  REQUIRE(lib);
  char path[4096];
  root_path(path, sizeof path, EXAMPLE);
  size_t n = 0;
  unsigned char *bytes = slurp(path, &n);
  REQUIRE(bytes && n > 0);
  xc_status st = {0};
  xc_input *a = xc_input_open(lib, path, "kon-ray.xlsx", &st);
  xc_input *b = xc_input_open_mem(lib, bytes, n, "kon-ray.xlsx", &st);
  REQUIRE(a && b);
  const xc_identity *ia = xc_identify(a, &st), *ib = xc_identify(b, &st);
  REQUIRE(ia && ib);
  CHECK(ia->recognised);
  CHECK_STR(ia->form_id, "bao-cao-dinh-ky");
  CHECK_INT(ia->scope, XC_SCOPE_D);
  CHECK_STR(ia->unit_code, "614");
  CHECK_STR(ia->unit_name, "Huyện Kon Rẫy");
  CHECK_STR(ia->period, "Quý I/2023");
  CHECK_STR(ib->unit_code, ia->unit_code);
  CHECK_STR(ib->period_text, ia->period_text);
  CHECK(xc_identify(a, &st) == ia); /* decided once */
  xc_diags da, db;
  xc_diags_init(&da);
  xc_diags_init(&db);
  CHECK_INT(xc_check(a, XC_LANG_VI, &da, &st), XC_OK);
  CHECK_INT(xc_check(b, XC_LANG_VI, &db, &st), XC_OK);
  xc_diags_sort(&da);
  xc_diags_sort(&db);
  CHECK(da.errors > 0); /* kon-ray carries a typing slip */
  CHECK_UINT(db.errors, da.errors);
  CHECK_UINT(db.warnings, da.warnings);
  for (xc_render_format f = XC_RENDER_TEXT; f <= XC_RENDER_HTML; f++) {
    char *ta, *tb;
    size_t la, lb;
    CHECK_INT(xc_render_findings(&da, f, XC_LANG_EN, &ta, &la), XC_OK);
    CHECK_INT(xc_render_findings(&db, f, XC_LANG_EN, &tb, &lb), XC_OK);
    CHECK_MEM(tb, lb, ta, la);
    CHECK(la > 0 && strlen(ta) == la);
    free(ta);
    free(tb);
  }
  xc_diags_free(&da);
  xc_diags_free(&db);
  xc_input_free(a);
  xc_input_free(b);
  free(bytes);
  xc_lib_free(lib);
}

/* Errors are data: a code, where, and a message in both languages. */
static void errors_are_data(void) {
  xc_lib *lib = open_lib();
  REQUIRE(lib);
  xc_status st = {0};
  static const char html[] = "<html><body><table><tr><td>1</td></tr></table></body></html>";
  CHECK(xc_input_open_mem(lib, html, sizeof html - 1, "bao-cao.xlsx", &st) == NULL);
  CHECK_INT(st.code, XC_ERR_HTML);
  CHECK(strstr(xc_status_text(&st, XC_LANG_EN), "HTML") != NULL);
  CHECK(strstr(xc_status_text(&st, XC_LANG_VI), "HTML") != NULL);
  xc_status_clear(&st);
  CHECK(xc_input_open(lib, "/nonexistent/x.xlsx", NULL, &st) == NULL);
  CHECK_INT(st.code, XC_ERR_OPEN);
  xc_status_clear(&st);
  /* a rulesets folder that is not there: the message is the folder */
  xc_lib_opts o;
  xc_lib_opts_default(&o);
  char dir[4096];
  root_path(dir, sizeof dir, "no-such-rulesets-folder");
  o.rulesets_dir = dir;
  CHECK(xc_lib_open(&o, &st) == NULL);
  CHECK_INT(st.code, XC_ERR_RULES_DIR);
  CHECK_STR(xc_status_text(&st, XC_LANG_VI), dir);
  xc_status_clear(&st);
  CHECK_INT(st.code, XC_OK);
  CHECK(st.vi == NULL && st.en == NULL);
  xc_lib_free(lib);
}

/* Two inputs in memory merged into a bundle returned in memory. */
static void merge_in_memory(void) {
  xc_lib *lib = open_lib();
  REQUIRE(lib);
  static const char *const names[] = {"bao-cao-dinh-ky_dak-ha_2023-q1.xlsx",
                                      "bao-cao-dinh-ky_dak-to_2023-q1.xlsx"};
  unsigned char *bytes[2];
  xc_merge_input in[2];
  memset(in, 0, sizeof in);
  for (int i = 0; i < 2; i++) {
    char rel[256], path[4096];
    snprintf(rel, sizeof rel, "examples/don-vi/%s", names[i]);
    root_path(path, sizeof path, rel);
    bytes[i] = slurp(path, &in[i].len);
    REQUIRE(bytes[i]);
    in[i].data = bytes[i];
    in[i].name = names[i];
  }
  xc_merge_request rq = {false, XC_LANG_VI, 1, NULL, true, false, NULL, NULL, NULL};
  xc_merge_result res;
  xc_status st = {0};
  CHECK_INT(xc_merge_inputs(lib, in, 2, &rq, &res, &st), XC_OK);
  CHECK(res.bundle_written);
  CHECK_UINT(res.nmerged, 2);
  CHECK_UINT(res.nfiles, 2);
  CHECK_UINT(res.nmissing, res.nunits - 2);
  CHECK_STR(res.period, "Quý I/2023");
  CHECK_STR(res.path, "");
  CHECK(res.len > 1000 && res.data && memcmp(res.data, "PK\3\4", 4) == 0);
  CHECK_STR(res.files[0].name, names[0]);
  CHECK_STR(res.files[0].unit, "Huyện Đắk Hà");
  xc_merge_result_free(&res);
  xc_status_clear(&st);
  /* nothing mergeable: an error with the files' findings still listed */
  static const char junk[] = "a,b\n1,2\n";
  xc_merge_input bad = {NULL, junk, sizeof junk - 1, "bao-cao.xlsx"};
  CHECK_INT(xc_merge_inputs(lib, &bad, 1, &rq, &res, &st), XC_ERR_MERGE_NONE);
  CHECK_INT(st.code, XC_ERR_MERGE_NONE);
  CHECK(!res.bundle_written && res.data == NULL);
  CHECK_UINT(res.nfiles, 1);
  if (res.nfiles) CHECK_INT(res.files[0].status, XC_UNREADABLE);
  xc_merge_result_free(&res);
  xc_status_clear(&st);
  for (int i = 0; i < 2; i++) free(bytes[i]);
  xc_lib_free(lib);
}


/* A scratch folder for one test ($TMPDIR or /tmp). */
static bool scratch_dir(char *out, size_t n) {
  const char *t = getenv("XC_TEST_TMP");
  if (!t || !*t) t = getenv("TMPDIR");
  snprintf(out, n, "%s/xc-api.XXXXXX", t && *t ? t : "/tmp");
  return mkdtemp(out) != NULL;
}

/* The merge's errors are data in both languages at once, whatever the
 * request's language: no recognised input, an empty folder, a destination
 * in a folder that is not there. */
static void merge_errors_in_both_languages(void) {
  xc_lib *lib = open_lib();
  REQUIRE(lib);
  xc_merge_request rq = {false, XC_LANG_EN, 1, NULL, true, false, NULL, NULL, NULL};
  xc_merge_result res;
  xc_status st = {0};
  static const char junk[] = "a,b\n1,2\n";
  xc_merge_input bad = {NULL, junk, sizeof junk - 1, "bao-cao.xlsx"};
  CHECK_INT(xc_merge_inputs(lib, &bad, 1, &rq, &res, &st), XC_ERR_MERGE_NONE);
  CHECK_STR(xc_status_text(&st, XC_LANG_VI), "không có tệp nào đọc được theo một biểu mẫu đã biết");
  CHECK_STR(xc_status_text(&st, XC_LANG_EN), "no file could be read as one of the known forms");
  xc_merge_result_free(&res);
  xc_status_clear(&st);

  char dir[4096];
  REQUIRE(scratch_dir(dir, sizeof dir));
  xc_merge_input folder = {dir, NULL, 0, NULL};
  rq.lang = XC_LANG_VI;
  CHECK_INT(xc_merge_inputs(lib, &folder, 1, &rq, &res, &st), XC_ERR_MERGE_NONE);
  CHECK_STR(xc_status_text(&st, XC_LANG_VI), "không có tệp bảng tính (.xlsx, .xlsm, .xls) nào trong các thư mục đã cho");
  CHECK_STR(xc_status_text(&st, XC_LANG_EN), "no spreadsheet file (.xlsx, .xlsm, .xls) in the folders given");
  xc_merge_result_free(&res);
  xc_status_clear(&st);

  char path[4096], out[4200];
  root_path(path, sizeof path, EXAMPLE);
  snprintf(out, sizeof out, "%s/khong-co/tong-hop.zip", dir);
  xc_merge_input one = {path, NULL, 0, NULL};
  rq.in_memory = false;
  rq.out = out;
  CHECK_INT(xc_merge_inputs(lib, &one, 1, &rq, &res, &st), XC_ERR_WRITE);
  const char *vi = xc_status_text(&st, XC_LANG_VI), *en = xc_status_text(&st, XC_LANG_EN);
  CHECK(strstr(vi, out) && strstr(vi, "thư mục không tồn tại"));
  CHECK(strstr(en, out) && strstr(en, "no such folder"));
  CHECK(!strstr(vi, "no such folder") && !strstr(en, "không tồn tại"));
  xc_merge_result_free(&res);
  xc_status_clear(&st);
  rmdir(dir);
  xc_lib_free(lib);
}

/* The entry `name` of a zip in memory, malloc'ed. */
static unsigned char *zip_entry(const unsigned char *zdata, size_t zlen, const char *name, size_t *n) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t *src = zip_source_buffer_create(zdata, zlen, 0, &ze);
  zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
  unsigned char *out = NULL;
  zip_stat_t zs;
  if (z && zip_stat(z, name, 0, &zs) == 0) {
    zip_file_t *f = zip_fopen(z, name, 0);
    out = malloc(zs.size ? zs.size : 1);
    *n = f ? (size_t)zip_fread(f, out, zs.size) : 0;
    if (f) zip_fclose(f);
  }
  if (z) zip_discard(z);
  else if (src) zip_source_free(src);
  zip_error_fini(&ze);
  return out;
}

/* One workbook annotated: the bytes of its copy in a merge's bundle, to a
 * path or in memory, named as the caller says; an unknown form refused. */
static void annotate_one(void) {
  xc_lib *lib = open_lib();
  REQUIRE(lib);
  char path[4096];
  root_path(path, sizeof path, "examples/don-vi/bao-cao-dinh-ky_sa-thay_2023-q1.xlsx");
  xc_merge_input in = {path, NULL, 0, "sa-thay.xlsx"};
  xc_status st = {0};
  unsigned char *mem = NULL;
  size_t mlen = 0;
  CHECK_INT(xc_annotate(lib, &in, XC_LANG_VI, NULL, &mem, &mlen, &st), XC_OK);
  CHECK(mem && mlen > 1000 && memcmp(mem, "PK\3\4", 4) == 0);
  /* the same bytes as the bundle's don-vi/ copy of that file */
  xc_merge_request rq = {false, XC_LANG_VI, 1, NULL, true, true, NULL, NULL, NULL};
  xc_merge_result res;
  CHECK_INT(xc_merge_inputs(lib, &in, 1, &rq, &res, &st), XC_OK);
  size_t clen = 0;
  unsigned char *copy = res.data ? zip_entry(res.data, res.len, "don-vi/sa-thay.xlsx", &clen) : NULL;
  CHECK(copy != NULL);
  if (copy) CHECK_MEM((const char *)copy, clen, (const char *)mem, mlen);
  free(copy);
  /* the status page's parts */
  for (int part = XC_MERGE_PART_OVERVIEW; part <= XC_MERGE_PART_FINDINGS; part++) {
    char *html = NULL;
    size_t hlen = 0;
    CHECK_INT(xc_render_merge(&res, (xc_merge_part)part, XC_LANG_EN, &html, &hlen), XC_OK);
    CHECK(html && hlen > 100 && strstr(html, "xc-"));
    if (part == XC_MERGE_PART_FINDINGS && html) CHECK(strstr(html, "sa-thay.xlsx") && !strstr(html, path));
    free(html);
  }
  CHECK(strstr(res.xlsx_name, "tong-hop_") == res.xlsx_name);
  CHECK_STR(res.files[0].name, "sa-thay.xlsx");
  CHECK_UINT(res.files[0].input_index, 0);
  xc_merge_result_free(&res);
  /* to a path: the same bytes */
  char dir[4096], out[4200];
  REQUIRE(scratch_dir(dir, sizeof dir));
  snprintf(out, sizeof out, "%s/a.xlsx", dir);
  CHECK_INT(xc_annotate(lib, &in, XC_LANG_VI, out, NULL, NULL, &st), XC_OK);
  size_t flen = 0;
  unsigned char *file = slurp(out, &flen);
  if (file) CHECK_MEM((const char *)file, flen, (const char *)mem, mlen);
  free(file);
  unlink(out);
  rmdir(dir);
  free(mem);
  /* not a report: refused, in both languages */
  static const char junk[] = "a,b\n1,2\n";
  xc_merge_input bad = {NULL, junk, sizeof junk - 1, "bao-cao.xlsx"};
  mem = NULL;
  CHECK(xc_annotate(lib, &bad, XC_LANG_VI, NULL, &mem, &mlen, &st) != XC_OK);
  CHECK(mem == NULL);
  CHECK(strcmp(xc_status_text(&st, XC_LANG_VI), xc_status_text(&st, XC_LANG_EN)) != 0);
  xc_status_clear(&st);
  xc_lib_free(lib);
}

/* A units registry: its units and which one a text names. */
static void registry_lookup(void) {
  char path[4096];
  root_path(path, sizeof path, "rulesets/units/kon-tum.tsv");
  xc_status st = {0};
  xc_registry *reg = xc_registry_open(path, &st);
  REQUIRE(reg);
  CHECK(xc_registry_size(reg) >= 10);
  size_t i = 0;
  CHECK(xc_registry_find(reg, "UBND huyện Dak Ha", &i));
  CHECK_STR(xc_registry_get(reg, i).name, "Huyện Đắk Hà");
  CHECK(!xc_registry_find(reg, "Hà Nội", &i));
  xc_registry_free(reg);
  CHECK(xc_registry_open("/nonexistent/units.tsv", &st) == NULL);
  CHECK(st.code != XC_OK && st.vi && st.en && strcmp(st.vi, st.en) != 0);
  xc_status_clear(&st);
}

/* The forms and rules, for a page listing them. */
static void forms_and_rules(void) {
  xc_lib *lib = open_lib();
  REQUIRE(lib);
  size_t n = xc_lib_nforms(lib), rules = 0;
  CHECK(n >= 2);
  bool found = false;
  for (size_t i = 0; i < n; i++) {
    xc_form_info fi = xc_lib_form(lib, i);
    CHECK(*fi.id && *fi.title && strchr(fi.file, '/') == NULL && strstr(fi.file, ".rules"));
    rules += fi.nrules;
    for (size_t k = 0; k < fi.nrules; k++) {
      xc_rule_info ru = xc_lib_rule(lib, i, k);
      CHECK(*ru.id && *ru.msg_vi);
      CHECK(ru.unit_file || ru.province_file || ru.annual_file || ru.merging);
      if (strcmp(ru.id, "BM3-10") == 0) {
        found = true;
        CHECK(ru.error && ru.sheet && strcmp(ru.sheet, "Biểu mẫu 3") == 0);
      }
    }
  }
  CHECK(rules > 50);
  CHECK(found);
  xc_lib_free(lib);
}

const xc_test_case xc_tests_api[] = {
    TEST(path_and_memory_agree),
    TEST(errors_are_data),
    TEST(merge_in_memory),
    TEST(merge_errors_in_both_languages),
    TEST(annotate_one),
    TEST(registry_lookup),
    TEST(forms_and_rules),
    {0},
};
