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
#include <limits.h>
#include <unistd.h>

#include "bind.h"
#include "bundle.h"
#include "check.h"
#include "diag.h"
#include "explain.h"
#include "merge.h"
#include "mergereport.h"
#include "model.h"
#include "msg.h"
#include "report.h"
#include "report_html.h"
#include "ruleset.h"
#include "value.h"
#include "version.h"
#include "web/serve.h"
#include "workbook.h"
#include "web/submitcli.h"

#define EXIT_UNREADABLE 2

static void usage(FILE *to, xc_lang L) {
  fprintf(to, "%s",
          xc_msg(L,
                 "Cách dùng: xlsxcheck [tùy chọn] LỆNH ...\n"
                 "Lệnh:\n"
                 "  dump TỆP [--sheet TÊN]  in mọi ô có dữ liệu: trang<TAB>ô<TAB>kiểu<TAB>giá trị\n"
                 "  info TỆP                chương trình tạo tệp, các trang, số ô, hệ ngày\n"
                 "  check [--rules TỆP] [--format text|csv|json|html] TỆP...\n"
                 "                          kiểm tra báo cáo theo biểu mẫu và các quan hệ số liệu\n"
                 "  merge [-o TỆP.zip] [--strict] [--units TỆP] TỆP|THƯ MỤC...\n"
                 "                          kiểm tra và tổng hợp báo cáo các đơn vị thành tệp của tỉnh,\n"
                 "                          đóng gói cùng nhật ký lỗi (mặc định: dist/tong-hop_<tỉnh>_<kỳ>.zip)\n"
                 "  rules [--lint] TỆP      kiểm tra một tệp luật\n"
                 "  explain TỆP [--format text|json]\n"
                 "                          giải thích tệp cho bộ phận hỗ trợ: loại tệp, biểu mẫu, lỗi và cách sửa\n"
                 "  codes --data THƯ_MỤC [--units TỆP] [--unit MÃ]\n"
                 "                          cấp mã truy cập mới cho các đơn vị (in một lần: mã<TAB>tên<TAB>mã truy cập)\n"
                 "  admin-password --data THƯ_MỤC   đặt mật khẩu của Sở (đọc từ đầu vào chuẩn)\n"
                 "  backup --data THƯ_MỤC ĐÍCH      sao lưu dữ liệu nộp báo cáo khi máy chủ đang chạy\n"
                 "Tùy chọn:\n"
                 "  --lang vi|en            ngôn ngữ thông báo (mặc định: vi)\n"
                 "  --max-part-mb N         giới hạn dung lượng giải nén của một phần (512)\n"
                 "  --max-total-mb N        giới hạn tổng dung lượng giải nén (2048)\n"
                 "  --max-ratio R           giới hạn tỷ lệ nén (100)\n"
                 "  --version, --help\n"
                 "Mã thoát: 0 thành công (check, merge: không có lỗi); 1 có lỗi (merge: vẫn ghi gói);\n"
                 "          2 không đọc được tệp, không ghi được gói, hoặc gọi lệnh sai.\n",
                 "Usage: xlsxcheck [options] COMMAND ...\n"
                 "Commands:\n"
                 "  dump FILE [--sheet NAME]  print every non-empty cell: sheet<TAB>ref<TAB>type<TAB>value\n"
                 "  info FILE                 what wrote the file, its sheets, cell counts, date system\n"
                 "  check [--rules FILE] [--format text|csv|json|html] FILE...\n"
                 "                            check reports against the form and its relations\n"
                 "  merge [-o OUT.zip] [--strict] [--units FILE] FILE|FOLDER...\n"
                 "                            check and merge the units' reports into the province workbook,\n"
                 "                            zipped with the error log (default: dist/tong-hop_<province>_<period>.zip)\n"
                 "  rules [--lint] FILE       check a ruleset file\n"
                 "  explain FILE [--format text|json]\n"
                 "                            explain a file for the help desk: what it is, its form, problems, fixes\n"
                 "  codes --data DIR [--units FILE] [--unit CODE]\n"
                 "                            new access codes for the units (printed once: code<TAB>name<TAB>access code)\n"
                 "  admin-password --data DIR  set the Sở's password (read from standard input)\n"
                 "  backup --data DIR DEST     copy the submissions store while the server runs\n"
                 "Options:\n"
                 "  --lang vi|en              message language (default: vi)\n"
                 "  --max-part-mb N           uncompressed size limit of one part (512)\n"
                 "  --max-total-mb N          uncompressed size limit of the package (2048)\n"
                 "  --max-ratio R             compression ratio limit (100)\n"
                 "  --version, --help\n"
                 "Exit status: 0 success (check, merge: no errors); 1 errors found (merge: bundle written);\n"
                 "             2 a file could not be read, no bundle could be written, or wrong usage.\n"));
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

/* The rulesets folder: $XLSXCHECK_RULESETS, or ../rulesets beside the binary
 * (build/xlsxcheck in a checkout), or the one the build was made from. */
static void rulesets_dir(char *out, size_t cap) {
  const char *env = getenv("XLSXCHECK_RULESETS");
  if (env && *env) {
    snprintf(out, cap, "%s", env);
    return;
  }
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = '\0';
      if (strlen(exe) + 13 < cap) {
        memcpy(out, exe, strlen(exe));
        memcpy(out + strlen(exe), "/../rulesets", 13);
        if (access(out, R_OK) == 0) return;
      }
    }
  }
#ifdef XC_RULESETS_DIR
  snprintf(out, cap, "%s", XC_RULESETS_DIR);
#else
  snprintf(out, cap, "rulesets");
#endif
}

typedef struct {
  xc_ruleset **items;
  size_t n;
} ruleset_list;

/* Usage mistakes: said on stderr, exit status 2. */
static int missing_file(xc_lang L) {
  xc_msg_usage_error(stderr, L, "%s", xc_msg(L, "thiếu tên tệp", "missing file name"));
  return EXIT_UNREADABLE;
}

static int bad_format(const char *format, xc_lang L) {
  xc_msg_usage_error(stderr, L, "--format %s", format);
  return EXIT_UNREADABLE;
}

static bool load_rulesets(const char *forced, ruleset_list *rl, xc_lang L) {
  xc_buf err;
  xc_buf_init(&err, 0);
  char dir[PATH_MAX];
  rulesets_dir(dir, sizeof dir);
  rl->items = xc_rulesets_load(forced, dir, &rl->n, &err);
  if (!rl->items) {
    if (!forced && access(dir, R_OK) != 0)
      xc_msg_usage_error(stderr, L, "%s: %s", xc_msg(L, "không tìm thấy thư mục luật", "rulesets folder not found"), dir);
    else
      fputs(xc_buf_str(&err), stderr);
  }
  xc_buf_free(&err);
  return rl->items != NULL;
}

/* The scope a ruleset checks a single file in: D for a district's periodic
 * report, A for the annual PAR-index workbook. */
static unsigned file_scope(const xc_ruleset *rs) {
  /* a form with rules for the annual workbook alone (scope A only) is annual */
  for (size_t i = 0; i < rs->nrules; i++)
    if ((rs->rules[i].scopes & (XC_SCOPE_D | XC_SCOPE_P | XC_SCOPE_A)) == XC_SCOPE_A) return XC_SCOPE_A;
  return XC_SCOPE_D;
}

/* The unit as the file states it (Thông tin row 1), for the log. */
static void unit_text(const xc_ruleset *rs, const xc_model *m, const xc_binding *b, xc_buf *out) {
  xc_buf_clear(out);
  int ti = xc_ruleset_sheet(rs, "TI");
  if (ti < 0 || b->sheets[ti].ws < 0) return;
  const xc_form_sheet *fs = &rs->sheets[ti];
  const xc_spec_row *sr = xc_form_sheet_row(fs, "1");
  if (!sr) return;
  uint32_t row = b->sheets[ti].key_row[sr - fs->rows];
  const xc_mcell *mc = row ? xc_msheet_cell(&m->sheets[b->sheets[ti].ws], row, 4) : NULL;
  if (mc && mc->cell.type == XC_CV_STRING) xc_buf_add(out, mc->cell.text, mc->cell.len);
}

static int cmd_check(char **files, size_t nfiles, const char *rules, const char *format,
                     const xc_limits *lim, xc_lang L) {
  xc_report_format fmt = XC_FMT_TEXT_OUT;
  if (format && strcmp(format, "csv") == 0) fmt = XC_FMT_CSV;
  else if (format && strcmp(format, "json") == 0) fmt = XC_FMT_JSON;
  else if (format && strcmp(format, "html") == 0) fmt = XC_FMT_HTML;
  else if (format && strcmp(format, "text") != 0) return bad_format(format, L);
  if (!nfiles) return missing_file(L);
  ruleset_list rl;
  if (!load_rulesets(rules, &rl, L)) return EXIT_UNREADABLE;
  xc_diags diags;
  xc_diags_init(&diags);
  bool unreadable = false;
  size_t checked = 0;
  xc_buf unit;
  xc_buf_init(&unit, 0);
  for (size_t f = 0; f < nfiles; f++) {
    xc_error err = {0};
    xc_workbook *wb = xc_workbook_open(files[f], lim, &err);
    xc_model *m = wb ? xc_model_load(wb, 0, &err) : NULL;
    if (!m) {
      xc_msg_error(stderr, files[f], &err, L);
      xc_workbook_free(wb);
      unreadable = true;
      continue;
    }
    /* which form: the ruleset whose sheets the workbook has most of */
    size_t best = 0, best_score = 0;
    for (size_t r = 0; r < rl.n; r++) {
      size_t sc = xc_bind_score(rl.items[r], wb);
      if (sc > best_score) best = r, best_score = sc;
    }
    const xc_ruleset *rs = rl.items[best];
    if (!rules && best_score == 0) {
      fprintf(stderr, "xlsxcheck: %s: %s: %s\n", xc_msg(L, "lỗi", "error"), files[f],
              xc_msg(L, "không nhận ra biểu mẫu (không có trang nào của các biểu mẫu đã biết); dùng --rules để chỉ định",
                     "the form is not recognised (none of the known forms' sheets); use --rules to name it"));
      xc_model_free(m);
      xc_workbook_free(wb);
      unreadable = true;
      continue;
    }
    xc_binding *b = xc_bind(rs, m);
    unit_text(rs, m, b, &unit);
    xc_check_opts opts = {files[f], xc_buf_str(&unit), file_scope(rs), L, NULL, NULL};
    xc_check_run(rs, m, b, &opts, &diags);
    checked++;
    xc_binding_free(b);
    xc_model_free(m);
    xc_workbook_free(wb);
  }
  xc_diags_sort(&diags);
  if (checked || fmt != XC_FMT_TEXT_OUT) xc_report(stdout, &diags, fmt, L); /* "no findings" only if a file was checked */
  fflush(stdout);
  int rc = unreadable ? EXIT_UNREADABLE : diags.errors ? 1 : 0;
  xc_buf_free(&unit);
  xc_diags_free(&diags);
  for (size_t r = 0; r < rl.n; r++) xc_ruleset_free(rl.items[r]);
  free(rl.items);
  return rc;
}

/* s, then spaces up to width characters (UTF-8 aware). */
static void print_padded(const char *s, int width) {
  int n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) n += (*p & 0xC0) != 0x80;
  printf("%s%*s", s, width > n ? width - n : 1, "");
}

/* xlsxcheck merge: check every unit's file, merge, write the bundle. */
static int cmd_merge(char **files, size_t nfiles, const char *rules, const char *out, const char *units,
                     bool strict, const xc_limits *lim, xc_lang L) {
  if (!nfiles) {
    xc_msg_usage_error(stderr, L, "%s", xc_msg(L, "thiếu tệp hoặc thư mục báo cáo", "missing report files or folders"));
    return EXIT_UNREADABLE;
  }
  char dir[PATH_MAX];
  rulesets_dir(dir, sizeof dir);
  xc_merge_opts mo = {rules, dir, units, strict, L, lim, 0};
  xc_merge mg;
  xc_buf err;
  xc_buf_init(&err, 0);
  bool ok = xc_merge_run(&mg, files, nfiles, &mo, &err);
  if (!ok || mg.nmerged == 0) {
    fprintf(stderr, "xlsxcheck: %s: %s\n", xc_msg(L, "lỗi", "error"),
            err.len ? xc_buf_str(&err) : xc_msg(L, "không có tệp nào tổng hợp được", "no file could be merged"));
    for (size_t i = 0; ok && i < mg.nfiles; i++)
      for (size_t k = 0; k < mg.files[i].diags.n; k++) {
        const xc_diag *d = &mg.files[i].diags.items[k];
        if (d->rule[0] == 'M' || strcmp(d->rule, "FILE") == 0)
          fprintf(stderr, "  %s: %s\n", d->file, L == XC_LANG_EN ? d->msg_en : d->msg_vi);
      }
    fprintf(stderr, "  %s\n", xc_msg(L, "Không ghi gói tổng hợp. Kiểm tra lại các tệp đầu vào (xlsxcheck check TỆP...).",
                                      "No bundle written. Check the inputs (xlsxcheck check FILE...)."));
    xc_buf_free(&err);
    xc_merge_free(&mg);
    return EXIT_UNREADABLE;
  }
  xc_bundle_opts bo = {out, dir, L, lim, 0};
  xc_bundle_result res;
  if (!xc_bundle_write(&mg, &bo, &res, &err)) {
    fprintf(stderr, "xlsxcheck: %s: %s\n  %s\n", xc_msg(L, "lỗi", "error"), xc_buf_str(&err),
            xc_msg(L, "Không ghi được gói tổng hợp; không tệp nào bị thay đổi.", "The bundle could not be written; no file was changed."));
    xc_buf_free(&err);
    xc_merge_free(&mg);
    return EXIT_UNREADABLE;
  }
  printf(xc_msg(L, "Tổng hợp %s, tỉnh %s, kỳ %s: %zu/%zu đơn vị\n", "Merged %s, province %s, period %s: %zu of %zu units\n"),
         mg.rs->form_id, mg.province, mg.period[0] ? mg.period : "?", mg.nmerged, mg.units->n);
  /* units with errors first, then warnings only, clean, left out, missing */
  xc_merge_row *rows;
  size_t nrows = xc_merge_rows(&mg, &rows);
  for (size_t i = 0; i < nrows; i++) {
    printf("  ");
    print_padded(rows[i].name, 20);
    if (rows[i].file < 0) {
      printf("%s\n", xc_msg(L, "Thiếu: chưa có tệp", "Missing: no file"));
      continue;
    }
    const xc_unit_file *f = &mg.files[rows[i].file];
    print_padded(xc_merge_status_name(f->status, L), 20);
    printf("%s", f->path);
    printf(xc_msg(L, " (%zu lỗi, %zu cảnh báo)", " (%zu errors, %zu warnings)"), rows[i].errors, rows[i].warnings);
    const char *note = L == XC_LANG_EN ? f->note_en : f->note_vi;
    printf("%s%s\n", note[0] ? ": " : "", note);
  }
  free(rows);
  printf(xc_msg(L, "Lỗi: %zu, cảnh báo: %zu, trong %zu nhóm (kể cả kiểm tra tệp tổng hợp)\nGói: %s\n",
                "Errors: %zu, warnings: %zu, in %zu groups (including the check of the merged workbook)\nBundle: %s\n"),
         res.errors, res.warnings, res.groups, res.path);
  xc_buf_free(&err);
  xc_merge_free(&mg);
  return res.errors ? 1 : 0;
}

/* xlsxcheck explain FILE: the help desk's explanation (explain.h), on stdout
 * even for an unreadable file; exit status as check. */
static int cmd_explain(const char *file, const char *rules, const char *format, const xc_limits *lim,
                       xc_lang L) {
  if (format && strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
    return bad_format(format, L);
  if (!file) return missing_file(L);
  ruleset_list rl;
  if (!load_rulesets(rules, &rl, L)) return EXIT_UNREADABLE;
  xc_explain *x = xc_explain_file(file, rl.items, rl.n, rules != NULL, lim, L);
  xc_explain_render(stdout, x, format && strcmp(format, "json") == 0, L);
  fflush(stdout);
  int rc = x->status;
  xc_explain_free(x);
  for (size_t r = 0; r < rl.n; r++) xc_ruleset_free(rl.items[r]);
  free(rl.items);
  return rc;
}

static bool parse_positive(const char *s, double *out) {
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end || !(v > 0) || v > 1e9) return false;
  *out = v;
  return true;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "serve") == 0) return xc_serve_main(argc - 1, argv + 1); /* the web front end */
  /* the submissions store's commands parse their own options (web/submitcli.c) */
  if (argc > 1 && strcmp(argv[1], "codes") == 0) return xc_cli_codes(argc - 1, argv + 1);
  if (argc > 1 && strcmp(argv[1], "admin-password") == 0) return xc_cli_admin_password(argc - 1, argv + 1);
  if (argc > 1 && strcmp(argv[1], "backup") == 0) return xc_cli_backup(argc - 1, argv + 1);
  xc_lang L = XC_LANG_VI;
  xc_limits lim;
  xc_limits_default(&lim);
  const char *cmd = NULL, *file = NULL, *sheet = NULL, *rules = NULL, *format = NULL;
  const char *out = NULL, *units = NULL;
  bool lint = false, strict = false;
  char **files = calloc((size_t)argc, sizeof *files);
  size_t nfiles = 0;
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
    } else if (strcmp(a, "--rules") == 0 && val) {
      rules = val;
      i++;
    } else if (strcmp(a, "--format") == 0 && val) {
      format = val;
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
    } else if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && val) {
      out = val;
      i++;
    } else if (strcmp(a, "--units") == 0 && val) {
      units = val;
      i++;
    } else if (strcmp(a, "--strict") == 0) {
      strict = true;
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
    } else if (strcmp(cmd, "check") == 0 || strcmp(cmd, "merge") == 0) {
      files[nfiles++] = argv[i];
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
  if (strcmp(cmd, "rules") == 0) {
    free(files);
    return cmd_rules(file, lint, L);
  }
  if (strcmp(cmd, "check") == 0) {
    int rc = cmd_check(files, nfiles, rules, format, &lim, L);
    free(files);
    return rc;
  }
  if (strcmp(cmd, "merge") == 0) {
    int rc = cmd_merge(files, nfiles, rules, out, units, strict, &lim, L);
    free(files);
    return rc;
  }
  free(files);
  if (strcmp(cmd, "explain") == 0) return cmd_explain(file, rules, format, &lim, L);
  if (strcmp(cmd, "dump") != 0 && strcmp(cmd, "info") != 0) {
    xc_msg_usage_error(stderr, L, "%s: %s", xc_msg(L, "lệnh không rõ", "unknown command"), cmd);
    return EXIT_UNREADABLE;
  }
  if (!file) return missing_file(L);
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
