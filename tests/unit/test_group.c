/* test_group.c: finding groups (group.c) and their HTML (report_html.c). */
#include <stdlib.h>
#include <string.h>

#include "group.h"
#include "harness.h"
#include "report_html.h"

#define SUITE "group"

static void add(xc_diags *d, const char *file, const char *sheet, int rank, const char *cell, const char *key,
                const char *rule, xc_severity sev, const char *msg) {
  xc_diag x;
  memset(&x, 0, sizeof x);
  x.file = file;
  x.sheet = sheet;
  x.rank = rank;
  snprintf(x.cell, sizeof x.cell, "%s", cell);
  x.key = key;
  x.rule = rule;
  x.severity = sev;
  x.msg_vi = msg;
  x.msg_en = "";
  x.hint_vi = "Định dạng cột STT là Văn bản";
  xc_diags_add(d, &x);
}

/* The STT cells of one sheet, numbers typed: one group whatever the numbers. */
static void stt_cells(xc_diags *d, const char *file, const char *sheet, int rank, int from, int n) {
  for (int i = 0; i < n; i++) {
    char cell[16], key[16], msg[128];
    snprintf(cell, sizeof cell, "A%d", from + i);
    snprintf(key, sizeof key, "%d", i + 1);
    snprintf(msg, sizeof msg, "Ô STT %d là ô số, không phải ô văn bản; đã dùng giá trị hiển thị %d", i + 1, i + 1);
    add(d, file, sheet, rank, cell, key, "G-5", XC_SEV_WARNING, msg);
  }
}

static void numbers_masked_one_group(void) {
  xc_diags d;
  xc_diags_init(&d);
  stt_cells(&d, "a.xlsx", "Biểu mẫu 1", 1, 6, 21);
  xc_diags_sort(&d);
  xc_groups g;
  xc_groups_build(&d, &g);
  REQUIRE_INT(g.n, 1);
  CHECK_INT(g.items[0].n, 21);
  CHECK_INT(g.warnings, 21);
  CHECK_STR(g.items[0].msg_vi, "Ô STT … là ô số, không phải ô văn bản; đã dùng giá trị hiển thị …");
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_group_line(&g.items[0], XC_LANG_VI, 3, &b);
  CHECK_STR(xc_buf_str(&b), "Biểu mẫu 1 — G-5 (cảnh báo), 21 ô: Ô STT … là ô số, không phải ô văn bản; "
                            "đã dùng giá trị hiển thị … (A6, A7, A8, …)");
  char id[XC_GROUP_ID_MAX];
  for (size_t i = 0; i < d.n; i++) {
    xc_diag_group_id(&d.items[i], id);
    CHECK_STR(id, g.items[0].id);
  }
  CHECK(strncmp(g.items[0].id, "G-5:", 4) == 0 && strlen(g.items[0].id) == 12);
  xc_buf_free(&b);
  xc_groups_free(&g);
  xc_diags_free(&d);
}

static void apart_by_file_sheet_rule_severity_words(void) {
  xc_diags d;
  xc_diags_init(&d);
  stt_cells(&d, "a.xlsx", "Biểu mẫu 1", 1, 6, 2);
  stt_cells(&d, "a.xlsx", "Biểu mẫu 2", 2, 6, 2); /* another sheet */
  stt_cells(&d, "b.xlsx", "Biểu mẫu 1", 1, 6, 2); /* another file */
  add(&d, "a.xlsx", "Biểu mẫu 1", 1, "A9", "4", "G-6", XC_SEV_WARNING, "Ô STT 4 là ô số, không phải ô văn bản; đã dùng giá trị hiển thị 4");
  add(&d, "a.xlsx", "Biểu mẫu 1", 1, "A10", "5", "G-5", XC_SEV_ERROR, "Ô STT 5 là ô số, không phải ô văn bản; đã dùng giá trị hiển thị 5");
  add(&d, "a.xlsx", "Biểu mẫu 1", 1, "A11", "6", "G-5", XC_SEV_WARNING, "Ô STT 6 là ô chữ");
  /* quoted values differ, the words are the same: one group */
  add(&d, "a.xlsx", "Danh mục TTHC", 9, "F14", "#11", "DM-3", XC_SEV_WARNING, "Dòng #11 ghi \"Mức độ 2\"");
  add(&d, "a.xlsx", "Danh mục TTHC", 9, "F25", "#21", "DM-3", XC_SEV_WARNING, "Dòng #21 ghi \"Mức độ 1\"");
  xc_diags_sort(&d);
  xc_groups g;
  xc_groups_build(&d, &g);
  CHECK_INT(g.n, 7);
  size_t total = 0;
  for (size_t i = 0; i < g.n; i++) total += g.items[i].n;
  CHECK_INT(total, d.n);
  /* sorted: a.xlsx (it has an error) first, its error first */
  CHECK_STR(g.items[0].first->file, "a.xlsx");
  CHECK_INT(g.items[0].first->severity, XC_SEV_ERROR);
  const xc_group *dm = NULL;
  for (size_t i = 0; i < g.n; i++)
    if (strcmp(g.items[i].first->rule, "DM-3") == 0) dm = &g.items[i];
  REQUIRE(dm != NULL);
  CHECK_INT(dm->n, 2);
  CHECK_STR(dm->msg_vi, "Dòng #… ghi …");
  /* b.xlsx has warnings only: after every group of a.xlsx */
  CHECK_STR(g.items[g.n - 1].first->file, "b.xlsx");
  xc_groups_free(&g);
  xc_diags_free(&d);
}

static void html_escaped_and_folded(void) {
  xc_diags d;
  xc_diags_init(&d);
  stt_cells(&d, "<b>.xlsx", "Trang <i>", 1, 6, 14);
  add(&d, "<b>.xlsx", "Trang <i>", 1, "D5", "1", "TI-1", XC_SEV_ERROR, "Đơn vị \"<script>alert(1)</script>\" & 'x'");
  xc_diags_sort(&d);
  xc_groups g;
  xc_groups_build(&d, &g);
  REQUIRE_INT(g.n, 2);
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_html_opts o = {XC_LANG_VI, false, 10};
  xc_html_groups(&b, &g, &o);
  const char *h = xc_buf_str(&b);
  CHECK(strstr(h, "<script") == NULL);
  CHECK(strstr(h, "<i>") == NULL && strstr(h, "Trang &lt;i&gt;") != NULL);
  CHECK(strstr(h, "&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp; &#39;x&#39;") != NULL);
  /* the error row before the warning row */
  const char *e = strstr(h, "class=\"xc-error\""), *w = strstr(h, "class=\"xc-warning\"");
  CHECK(e && w && e < w);
  /* ten cells, then the other four folded */
  CHECK(strstr(h, "A15</details>") == NULL);
  const char *fold = strstr(h, "<details><summary>và 4 ô khác</summary>");
  REQUIRE(fold != NULL);
  CHECK(strstr(fold, "A16") != NULL && strstr(fold, "A19") != NULL);
  const char *a15 = strstr(h, "A15");
  CHECK(a15 && a15 < fold);
  /* errors only: no warning row */
  xc_buf_clear(&b);
  o.errors_only = true;
  xc_html_groups(&b, &g, &o);
  CHECK(strstr(xc_buf_str(&b), "xc-warning") == NULL && strstr(xc_buf_str(&b), "xc-error") != NULL);
  xc_buf_free(&b);
  xc_groups_free(&g);
  xc_diags_free(&d);
}

const xc_test_case xc_tests_group[] = {TEST(numbers_masked_one_group), TEST(apart_by_file_sheet_rule_severity_words),
                                        TEST(html_escaped_and_folded), {0}};
