/* main.c: the command line: arguments, exit codes and wiring only.
 *
 *   xlsxcheck [--lang vi|en] [limits] dump FILE [--sheet NAME]
 *   xlsxcheck [--lang vi|en] [limits] info FILE
 *
 * Exit status: 0 done, 2 a file could not be read (or bad usage). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump.h"
#include "info.h"
#include "msg.h"
#include "ruleset.h"
#include "version.h"
#include "workbook.h"

#define EXIT_UNREADABLE 2

static void usage(FILE *to, xc_lang L) {
  fprintf(to, "%s",
          xc_msg(L,
                 "Cách dùng: xlsxcheck [tùy chọn] LỆNH ...\n"
                 "Lệnh:\n"
                 "  dump TỆP [--sheet TÊN]  in mọi ô có dữ liệu: trang<TAB>ô<TAB>kiểu<TAB>giá trị\n"
                 "  info TỆP                chương trình tạo tệp, các trang, số ô, hệ ngày\n"
                 "Tùy chọn:\n"
                 "  --lang vi|en            ngôn ngữ thông báo (mặc định: vi)\n"
                 "  --max-part-mb N         giới hạn dung lượng giải nén của một phần (512)\n"
                 "  --max-total-mb N        giới hạn tổng dung lượng giải nén (2048)\n"
                 "  --max-ratio R           giới hạn tỷ lệ nén (100)\n"
                 "  --version, --help\n"
                 "Mã thoát: 0 thành công; 2 không đọc được tệp hoặc gọi lệnh sai.\n",
                 "Usage: xlsxcheck [options] COMMAND ...\n"
                 "Commands:\n"
                 "  dump FILE [--sheet NAME]  print every non-empty cell: sheet<TAB>ref<TAB>type<TAB>value\n"
                 "  info FILE                 what wrote the file, its sheets, cell counts, date system\n"
                 "Options:\n"
                 "  --lang vi|en              message language (default: vi)\n"
                 "  --max-part-mb N           uncompressed size limit of one part (512)\n"
                 "  --max-total-mb N          uncompressed size limit of the package (2048)\n"
                 "  --max-ratio R             compression ratio limit (100)\n"
                 "  --version, --help\n"
                 "Exit status: 0 success; 2 a file could not be read, or wrong usage.\n"));
}

/* xlsxcheck rules [--lint] FILE: parse a ruleset; with --lint also report
 * unknown names and rules that can never fire.  0 clean, 1 lint findings,
 * 2 syntax error. */
static int cmd_rules(const char *file, bool lint, xc_lang L) {
  if (!file) {
    xc_msg_usage_error(stderr, L, "%s", xc_msg(L, "thiếu tên tệp luật", "missing ruleset file"));
    return EXIT_UNREADABLE;
  }
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_ruleset *rs = xc_ruleset_load(file, &err);
  if (!rs) {
    fputs(xc_buf_str(&err), stderr);
    xc_buf_free(&err);
    return EXIT_UNREADABLE;
  }
  size_t problems = 0;
  if (lint) {
    problems = xc_ruleset_lint(rs, &err);
    fputs(xc_buf_str(&err), stdout);
  }
  printf(xc_msg(L, "%s: biểu mẫu %s, %zu trang, %zu luật%s\n", "%s: form %s, %zu sheets, %zu rules%s\n"),
         file, rs->form_id, rs->nsheets, rs->nrules,
         lint ? (problems ? xc_msg(L, ", có cảnh báo", ", with warnings") : xc_msg(L, ", không có cảnh báo", ", no warnings")) : "");
  xc_buf_free(&err);
  xc_ruleset_free(rs);
  return problems ? 1 : 0;
}

static bool parse_positive(const char *s, double *out) {
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end || !(v > 0) || v > 1e9) return false;
  *out = v;
  return true;
}

int main(int argc, char **argv) {
  xc_lang L = XC_LANG_VI;
  xc_limits lim;
  xc_limits_default(&lim);
  const char *cmd = NULL, *file = NULL, *sheet = NULL;
  bool lint = false;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    double num;
    if (strcmp(a, "--lang") == 0 && val) {
      if (strcmp(val, "vi") && strcmp(val, "en")) {
        xc_msg_usage_error(stderr, L, "--lang %s", val);
        return EXIT_UNREADABLE;
      }
      L = strcmp(val, "en") == 0 ? XC_LANG_EN : XC_LANG_VI;
      i++;
    } else if (strcmp(a, "--sheet") == 0 && val) {
      sheet = val;
      i++;
    } else if ((strcmp(a, "--max-part-mb") == 0 || strcmp(a, "--max-total-mb") == 0 ||
                strcmp(a, "--max-ratio") == 0) && val) {
      if (!parse_positive(val, &num)) {
        xc_msg_usage_error(stderr, L, "%s %s", a, val);
        return EXIT_UNREADABLE;
      }
      if (a[6] == 'p') lim.max_part = (uint64_t)(num * 1048576.0);
      else if (a[6] == 't') lim.max_total = (uint64_t)(num * 1048576.0);
      else lim.max_ratio = num;
      i++;
    } else if (strcmp(a, "--lint") == 0) {
      lint = true;
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout, L);
      return 0;
    } else if (strcmp(a, "--version") == 0) {
      printf("xlsxcheck %s\n", XC_VERSION);
      return 0;
    } else if (a[0] == '-' && a[1] == '-') {
      xc_msg_usage_error(stderr, L, "%s: %s", xc_msg(L, "tùy chọn không rõ", "unknown option"), a);
      return EXIT_UNREADABLE;
    } else if (!cmd) {
      cmd = a;
    } else if (!file) {
      file = a;
    } else {
      xc_msg_usage_error(stderr, L, "%s: %s", xc_msg(L, "thừa đối số", "extra argument"), a);
      return EXIT_UNREADABLE;
    }
  }
  if (!cmd) {
    usage(stderr, L);
    return EXIT_UNREADABLE;
  }
  if (strcmp(cmd, "rules") == 0) return cmd_rules(file, lint, L);
  if (strcmp(cmd, "dump") != 0 && strcmp(cmd, "info") != 0) {
    xc_msg_usage_error(stderr, L, "%s: %s", xc_msg(L, "lệnh không rõ", "unknown command"), cmd);
    return EXIT_UNREADABLE;
  }
  if (!file) {
    xc_msg_usage_error(stderr, L, "%s", xc_msg(L, "thiếu tên tệp", "missing file name"));
    return EXIT_UNREADABLE;
  }
  xc_error err = {0};
  xc_workbook *wb = xc_workbook_open(file, &lim, &err);
  if (!wb) {
    xc_msg_error(stderr, file, &err, L);
    return EXIT_UNREADABLE;
  }
  xc_err rc = strcmp(cmd, "dump") == 0 ? xc_dump(wb, sheet, stdout, &err)
                                       : xc_info(wb, file, L, stdout, &err);
  xc_workbook_free(wb);
  if (rc != XC_OK) {
    fflush(stdout);
    xc_msg_error(stderr, file, &err, L);
    return EXIT_UNREADABLE;
  }
  return 0;
}
