/* test_api.c: the public interface (xlsxcheck.h) as a front end uses it:
 * a library opened once, workbooks from a path and from memory giving the
 * same identity and findings, errors as data, the merge bundle in memory,
 * and the renderers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
  xc_merge_request rq = {false, XC_LANG_VI, 1, NULL, true, false};
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

const xc_test_case xc_tests_api[] = {
    TEST(path_and_memory_agree),
    TEST(errors_are_data),
    TEST(merge_in_memory),
    {0},
};
