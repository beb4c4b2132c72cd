/* main.c: the command line, a front end over the library (xlsxcheck.h):
 * options, calls and printing.
 *
 *   xlsxcheck [--lang vi|en] [limits] dump FILE [--sheet NAME]
 *   xlsxcheck [--lang vi|en] [limits] info FILE
 *   xlsxcheck [options] check [--rules FILE] [--format text|csv|json] FILE...
 *   xlsxcheck [options] merge [-o OUT.zip] [--strict] [--units FILE] [--all-copies] FILE|FOLDER...
 *   xlsxcheck [options] rules [--lint] FILE
 *   xlsxcheck [options] explain FILE [--format text|json] [--rules FILE]
 *
 * Exit status: 0 done (check, explain, merge: no error); 1 errors found
 * (merge: the bundle is written); 2 a file could not be read, no bundle
 * could be written, or wrong usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "version.h"
#include "web/serve.h"
#include "web/submitcli.h"
#include "xlsxcheck.h"

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
                 "  merge [-o TỆP.zip] [--strict] [--units TỆP] [--all-copies] TỆP|THƯ MỤC...\n"
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
                 "  merge [-o OUT.zip] [--strict] [--units FILE] [--all-copies] FILE|FOLDER...\n"
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
  xc_rules_info info;
  char *report = NULL;
  xc_status st = {0};
  if (xc_rules_lint(file, lint, &info, &report, &st) != XC_OK) {
    fputs(xc_status_text(&st, L), stderr);
    xc_status_clear(&st);
    return EXIT_UNREADABLE;
  }
  fputs(report, stdout);
  free(report);
  printf(xc_msg(L, "%s: biểu mẫu %s, %zu trang, %zu luật%s\n", "%s: form %s, %zu sheets, %zu rules%s\n"),
         file, info.form_id, info.nsheets, info.nrules,
         lint ? (info.warnings ? xc_msg(L, ", có cảnh báo", ", with warnings") : xc_msg(L, ", không có cảnh báo", ", no warnings")) : "");
  return info.warnings ? 1 : 0;
}

/* Usage mistakes: said on stderr, exit status 2. */
static int missing_file(xc_lang L) {
  xc_msg_usage_error(stderr, L, "%s", xc_msg(L, "thiếu tên tệp", "missing file name"));
  return EXIT_UNREADABLE;
}

static int bad_format(const char *format, xc_lang L) {
  xc_msg_usage_error(stderr, L, "--format %s", format);
  return EXIT_UNREADABLE;
}

/* The library: the rulesets (--rules, or the folder) and the registry. */
static xc_lib *open_lib(const char *rules, const char *units, const xc_limits *lim, xc_lang L) {
  xc_lib_opts o;
  xc_lib_opts_default(&o);
  o.rules = rules;
  o.units = units;
  o.limits = *lim;
  xc_status st = {0};
  xc_lib *lib = xc_lib_open(&o, &st);
  if (!lib) {
    if (st.code == XC_ERR_RULES_DIR)
      xc_msg_usage_error(stderr, L, "%s: %s", xc_strerror(st.code, L), xc_status_text(&st, L));
    else if (st.code == XC_ERR_RULES) /* the parser's lines: file:line:col, the line, a caret */
      fputs(xc_status_text(&st, L), stderr);
    else /* the units registry: its file and line, and what to do */
      fprintf(stderr, "xlsxcheck: %s: %s\n  %s: %s\n", xc_msg(L, "lỗi", "error"), xc_status_text(&st, L),
              xc_msg(L, "Cách xử lý", "What to do"), xc_err_todo(st.code, L));
  }
  xc_status_clear(&st);
  return lib;
}

/* A reader error (st->where) or another error, naming the file. */
static void print_status(const char *file, const xc_status *st, xc_lang L) {
  if (st->vi || st->en)
    fprintf(stderr, "xlsxcheck: %s: %s: %s\n", xc_msg(L, "lỗi", "error"), file, xc_status_text(st, L));
  else
    xc_msg_error(stderr, file, &st->where, L);
}

static void print_rendered(char *text, size_t len) {
  fwrite(text, 1, len, stdout);
  free(text);
}

static int cmd_check(char **files, size_t nfiles, const char *rules, const char *units, const char *format,
                     const xc_limits *lim, xc_lang L) {
  xc_render_format fmt = XC_RENDER_TEXT;
  if (format && strcmp(format, "csv") == 0) fmt = XC_RENDER_CSV;
  else if (format && strcmp(format, "json") == 0) fmt = XC_RENDER_JSON;
  else if (format && strcmp(format, "html") == 0) fmt = XC_RENDER_HTML;
  else if (format && strcmp(format, "text") != 0) return bad_format(format, L);
  if (!nfiles) return missing_file(L);
  xc_lib *lib = open_lib(rules, units, lim, L);
  if (!lib) return EXIT_UNREADABLE;
  xc_diags diags;
  xc_diags_init(&diags);
  bool unreadable = false;
  size_t checked = 0;
  for (size_t f = 0; f < nfiles; f++) {
    xc_status st = {0};
    xc_input *in = xc_input_open(lib, files[f], NULL, &st);
    if (!in || xc_check(in, L, &diags, &st) != XC_OK) {
      print_status(files[f], &st, L);
      unreadable = true;
    } else {
      checked++;
    }
    xc_status_clear(&st);
    xc_input_free(in);
  }
  xc_diags_sort(&diags);
  if (checked || fmt != XC_RENDER_TEXT) { /* "no findings" only if a file was checked */
    char *text;
    size_t len;
    xc_render_findings(&diags, fmt, L, &text, &len);
    print_rendered(text, len);
  }
  fflush(stdout);
  int rc = unreadable ? EXIT_UNREADABLE : diags.errors ? 1 : 0;
  xc_diags_free(&diags);
  xc_lib_free(lib);
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
                     bool strict, bool all_copies, const xc_limits *lim, xc_lang L) {
  if (!nfiles) {
    xc_msg_usage_error(stderr, L, "%s", xc_msg(L, "thiếu tệp hoặc thư mục báo cáo", "missing report files or folders"));
    return EXIT_UNREADABLE;
  }
  xc_lib *lib = open_lib(rules, units, lim, L);
  if (!lib) return EXIT_UNREADABLE;
  xc_merge_input *in = calloc(nfiles, sizeof *in);
  if (!in) {
    xc_lib_free(lib);
    return EXIT_UNREADABLE;
  }
  for (size_t i = 0; i < nfiles; i++) in[i].path = files[i];
  xc_merge_request rq = {strict, L, 0, out, false, all_copies};
  xc_merge_result res;
  xc_status st = {0};
  xc_err rc = xc_merge_inputs(lib, in, nfiles, &rq, &res, &st);
  free(in);
  if (rc == XC_ERR_WRITE) {
    fprintf(stderr, "xlsxcheck: %s: %s\n  %s\n", xc_msg(L, "lỗi", "error"), xc_status_text(&st, L),
            xc_msg(L, "Không ghi được gói tổng hợp; không tệp nào bị thay đổi.", "The bundle could not be written; no file was changed."));
  } else if (rc != XC_OK) {
    fprintf(stderr, "xlsxcheck: %s: %s\n", xc_msg(L, "lỗi", "error"), xc_status_text(&st, L));
    for (size_t i = 0; res.form_id[0] && i < res.nfiles; i++) /* when a form was merged */
      for (size_t k = 0; k < res.files[i].findings->n; k++) {
        const xc_diag *d = &res.files[i].findings->items[k];
        if (d->rule[0] == 'M' || strcmp(d->rule, "FILE") == 0)
          fprintf(stderr, "  %s: %s\n", d->file, L == XC_LANG_EN ? d->msg_en : d->msg_vi);
      }
    fprintf(stderr, "  %s\n", xc_msg(L, "Không ghi gói tổng hợp. Kiểm tra lại các tệp đầu vào (xlsxcheck check TỆP...).",
                                      "No bundle written. Check the inputs (xlsxcheck check FILE...)."));
  }
  if (rc != XC_OK) {
    xc_status_clear(&st);
    xc_merge_result_free(&res);
    xc_lib_free(lib);
    return EXIT_UNREADABLE;
  }
  printf(xc_msg(L, "Tổng hợp %s, tỉnh %s, kỳ %s: %zu/%zu đơn vị\n", "Merged %s, province %s, period %s: %zu of %zu units\n"),
         res.form_id, res.province, res.period[0] ? res.period : "?", res.nmerged, res.nunits);
  /* units with errors first, then warnings only, clean, left out, missing */
  for (size_t i = 0; i < res.nfiles; i++) {
    const xc_merge_file *f = &res.files[i];
    printf("  ");
    print_padded(f->unit, 20);
    print_padded(xc_merge_status_text(f->status, L), 20);
    printf("%s", f->name);
    printf(xc_msg(L, " (%zu lỗi, %zu cảnh báo)", " (%zu errors, %zu warnings)"), f->errors, f->warnings);
    const char *note = L == XC_LANG_EN ? f->note_en : f->note_vi;
    printf("%s%s\n", note[0] ? ": " : "", note);
  }
  for (size_t u = 0; u < res.nmissing; u++) {
    printf("  ");
    print_padded(res.missing[u], 20);
    printf("%s\n", xc_msg(L, "Thiếu: chưa có tệp", "Missing: no file"));
  }
  printf(xc_msg(L, "Lỗi: %zu, cảnh báo: %zu (kể cả kiểm tra tệp tổng hợp)\nGói: %s\n",
                "Errors: %zu, warnings: %zu (including the check of the merged workbook)\nBundle: %s\n"),
         res.errors, res.warnings, res.path);
  int exit_rc = res.errors ? 1 : 0;
  xc_status_clear(&st);
  xc_merge_result_free(&res);
  xc_lib_free(lib);
  return exit_rc;
}

/* xlsxcheck explain FILE: the help desk's explanation, on stdout even for
 * an unreadable file; exit status as check. */
static int cmd_explain(const char *file, const char *rules, const char *units, const char *format,
                       const xc_limits *lim, xc_lang L) {
  if (format && strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
    return bad_format(format, L);
  if (!file) return missing_file(L);
  xc_lib *lib = open_lib(rules, units, lim, L);
  if (!lib) return EXIT_UNREADABLE;
  xc_explain *x = xc_explain_path(lib, file, L);
  char *text;
  size_t len;
  xc_render_explain(x, format && strcmp(format, "json") == 0 ? XC_RENDER_JSON : XC_RENDER_TEXT, L, &text, &len);
  print_rendered(text, len);
  fflush(stdout);
  int rc = x->status;
  xc_explain_free(x);
  xc_lib_free(lib);
  return rc;
}

/* xlsxcheck dump|info FILE: the reader's view, streamed to stdout. */
static int cmd_read(const char *cmd, const char *file, const char *sheet, const xc_limits *lim, xc_lang L) {
  if (!file) return missing_file(L);
  /* the reader commands need no rulesets: a library of none */
  xc_status st = {0};
  xc_lib_opts o;
  xc_lib_opts_default(&o);
  o.limits = *lim;
  o.reader_only = true;
  xc_lib *lib = xc_lib_open(&o, &st);
  xc_input *in = lib ? xc_input_open(lib, file, NULL, &st) : NULL;
  if (!in) {
    xc_msg_error(stderr, file, &st.where, L);
    xc_status_clear(&st);
    xc_lib_free(lib);
    return EXIT_UNREADABLE;
  }
  xc_err rc = strcmp(cmd, "dump") == 0 ? xc_dump_input(in, sheet, xc_write_stdio, stdout, &st)
                                       : xc_info_input(in, L, xc_write_stdio, stdout, &st);
  xc_input_free(in);
  xc_lib_free(lib);
  if (rc != XC_OK) {
    fflush(stdout);
    xc_msg_error(stderr, file, &st.where, L);
    xc_status_clear(&st);
    return EXIT_UNREADABLE;
  }
  return 0;
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
  bool lint = false, strict = false, all_copies = false;
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
    } else if (strcmp(a, "--all-copies") == 0) {
      all_copies = true;
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
    int rc = cmd_check(files, nfiles, rules, units, format, &lim, L);
    free(files);
    return rc;
  }
  if (strcmp(cmd, "merge") == 0) {
    int rc = cmd_merge(files, nfiles, rules, out, units, strict, all_copies, &lim, L);
    free(files);
    return rc;
  }
  free(files);
  if (strcmp(cmd, "explain") == 0) return cmd_explain(file, rules, units, format, &lim, L);
  if (strcmp(cmd, "dump") != 0 && strcmp(cmd, "info") != 0) {
    xc_msg_usage_error(stderr, L, "%s: %s", xc_msg(L, "lệnh không rõ", "unknown command"), cmd);
    return EXIT_UNREADABLE;
  }
  return cmd_read(cmd, file, sheet, &lim, L);
}
