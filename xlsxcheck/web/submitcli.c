/* submitcli.c: xlsxcheck codes, admin-password and backup (submitcli.h). */
#include "submitcli.h"

#include <dirent.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../datadir.h"
#include "../msg.h"
#include "../xlsxcheck.h"
#include "auth.h"
#include "store.h"

void xc_cli_say_usage(xc_lang lang, const char *fmt, ...) {
  char what[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_msg_usage_error(&b, lang, what);
  fputs(xc_buf_str(&b), stderr);
  xc_buf_free(&b);
}

#define EXIT_FAIL 2

bool xc_cli_units_in(const char *rulesets_dir, char *out, size_t cap) {
  char udir[PATH_MAX + 64];
  snprintf(udir, sizeof udir, "%s/units", rulesets_dir);
  DIR *d = opendir(udir);
  if (!d) return false;
  int found = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (len > 4 && strcmp(e->d_name + len - 4, ".tsv") == 0) {
      if (found++ == 0) snprintf(out, cap, "%s/%s", udir, e->d_name);
    }
  }
  closedir(d);
  return found == 1;
}

bool xc_cli_default_units(char *out, size_t cap) {
  char data[PATH_MAX], dir[PATH_MAX + 32] = "rulesets";
  if (xc_datadir_find(NULL, getenv("XLSXCHECK_DATA"), data, sizeof data, NULL))
    snprintf(dir, sizeof dir, "%s/rulesets", data);
  return xc_cli_units_in(dir, out, cap);
}

typedef struct {
  const char *data, *units, *unit;
  xc_lang L;
  int first; /* index of the first operand */
} cli_opts;

/* Parses the options shared by the three commands; false after a usage message. */
static bool parse(int argc, char **argv, cli_opts *o) {
  static const struct option longs[] = {{"data", required_argument, NULL, 'd'},
                                        {"units", required_argument, NULL, 'u'},
                                        {"unit", required_argument, NULL, 'c'},
                                        {"lang", required_argument, NULL, 'l'},
                                        {NULL, 0, NULL, 0}};
  memset(o, 0, sizeof *o);
  o->L = XC_LANG_VI;
  optind = 1;
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, "+", longs, NULL)) != -1) {
    switch (c) {
    case 'd': o->data = optarg; break;
    case 'u': o->units = optarg; break;
    case 'c': o->unit = optarg; break;
    case 'l':
      if (strcmp(optarg, "en") && strcmp(optarg, "vi")) {
        xc_cli_say_usage(o->L, "--lang %s", optarg);
        return false;
      }
      o->L = strcmp(optarg, "en") == 0 ? XC_LANG_EN : XC_LANG_VI;
      break;
    default:
      xc_cli_say_usage(o->L, "%s: %s", xc_msg(o->L, "tùy chọn không rõ hoặc thiếu giá trị", "unknown option or missing value"),
                         argv[optind - 1]);
      return false;
    }
  }
  o->first = optind;
  if (!o->data) {
    xc_cli_say_usage(o->L, "%s", xc_msg(o->L, "thiếu --data THƯ_MỤC (thư mục dữ liệu của máy chủ)",
                                                  "missing --data DIR (the server's data folder)"));
    return false;
  }
  return true;
}

static xc_store *open_store(const cli_opts *o) {
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_store *st = xc_store_open(o->data, &err);
  if (!st)
    fprintf(stderr, "xlsxcheck: %s: %s: %s\n", xc_msg(o->L, "lỗi", "error"), o->data, xc_buf_str(&err));
  xc_buf_free(&err);
  return st;
}

int xc_cli_codes(int argc, char **argv) {
  cli_opts o;
  if (!parse(argc, argv, &o)) return EXIT_FAIL;
  if (o.first < argc) {
    xc_cli_say_usage(o.L, "%s: %s", xc_msg(o.L, "thừa đối số", "extra argument"), argv[o.first]);
    return EXIT_FAIL;
  }
  char path[PATH_MAX];
  if (o.units) snprintf(path, sizeof path, "%s", o.units);
  else if (!xc_cli_default_units(path, sizeof path)) {
    xc_cli_say_usage(o.L, "%s", xc_msg(o.L, "không tìm thấy đúng một danh mục đơn vị (rulesets/units/*.tsv); dùng --units TỆP",
                                                 "no single units registry found (rulesets/units/*.tsv); use --units FILE"));
    return EXIT_FAIL;
  }
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_status ust = {0};
  xc_registry *u = xc_registry_open(path, &ust);
  if (!u) {
    /* names the file and line */
    fprintf(stderr, "xlsxcheck: %s: %s\n", xc_msg(o.L, "lỗi", "error"), xc_status_text(&ust, o.L));
    xc_status_clear(&ust);
    xc_buf_free(&err);
    return EXIT_FAIL;
  }
  size_t nunits = xc_registry_size(u);
  bool known = !o.unit;
  for (size_t i = 0; i < nunits; i++) known |= o.unit && strcmp(xc_registry_get(u, i).code, o.unit) == 0;
  if (!known) {
    xc_cli_say_usage(o.L, "%s: %s", xc_msg(o.L, "mã đơn vị không có trong danh mục", "no such unit code in the registry"),
                       o.unit);
    xc_registry_free(u);
    xc_buf_free(&err);
    return EXIT_FAIL;
  }
  xc_store *st = open_store(&o);
  if (!st) {
    xc_registry_free(u);
    xc_buf_free(&err);
    return EXIT_FAIL;
  }
  int rc = 0;
  /* the registry's units go into the store first (the dashboard lists them),
   * then each unit's code: hashed and stored before it is printed */
  for (size_t i = 0; rc == 0 && i < nunits; i++)
    if (xc_store_set_unit(st, xc_registry_get(u, i).code, xc_registry_get(u, i).name, (int)i, &err) != XC_STORE_OK)
      rc = EXIT_FAIL;
  /* the server resolves the units files name through the same registry */
  char real[PATH_MAX];
  if (rc == 0 && realpath(path, real) && xc_store_set_setting(st, "units_registry", real, &err) != XC_STORE_OK)
    rc = EXIT_FAIL;
  xc_buf hash;
  xc_buf_init(&hash, 0);
  for (size_t i = 0; rc == 0 && i < nunits; i++) {
    const xc_registry_unit unit = xc_registry_get(u, i), *un = &unit;
    if (o.unit && strcmp(un->code, o.unit) != 0) continue;
    char code[XC_AUTH_CODE_LEN + 1];
    if (!xc_auth_new_code(code) || !xc_auth_hash(un->code, code, &hash, &err) ||
        xc_store_set_secret(st, un->code, xc_buf_str(&hash), &err) != XC_STORE_OK) {
      rc = EXIT_FAIL;
      break;
    }
    printf("%s\t%s\t%s\n", un->code, un->name, code);
    fflush(stdout);
  }
  if (rc) fprintf(stderr, "xlsxcheck: %s: %s\n", xc_msg(o.L, "lỗi", "error"), xc_buf_str(&err));
  else
    fprintf(stderr, "%s\n", xc_msg(o.L, "Mỗi mã truy cập chỉ in ra một lần, máy chủ chỉ giữ bản băm: hãy lưu danh sách này và gửi riêng cho từng đơn vị. Mã cũ của các đơn vị trên không còn dùng được.",
                                   "Each access code is printed once and the server keeps only its hash: keep this list and send each unit its own code. The units' earlier codes no longer work."));
  xc_buf_free(&hash);
  xc_buf_free(&err);
  xc_store_close(st);
  xc_registry_free(u);
  return rc;
}

int xc_cli_admin_password(int argc, char **argv) {
  cli_opts o;
  if (!parse(argc, argv, &o)) return EXIT_FAIL;
  if (o.first < argc) {
    xc_cli_say_usage(o.L, "%s: %s", xc_msg(o.L, "thừa đối số", "extra argument"), argv[o.first]);
    return EXIT_FAIL;
  }
  if (isatty(0))
    fprintf(stderr, "%s", xc_msg(o.L, "Mật khẩu của Sở (ít nhất 10 ký tự), rồi Enter: ", "The Sở's password (at least 10 characters), then Enter: "));
  char line[1024];
  if (!fgets(line, sizeof line, stdin)) line[0] = '\0';
  line[strcspn(line, "\r\n")] = '\0';
  if (strlen(line) < 10) {
    xc_cli_say_usage(o.L, "%s", xc_msg(o.L, "mật khẩu phải có ít nhất 10 ký tự (đọc từ đầu vào chuẩn)",
                                                 "the password must have at least 10 characters (read from standard input)"));
    return EXIT_FAIL;
  }
  xc_store *st = open_store(&o);
  if (!st) return EXIT_FAIL;
  xc_buf hash, err;
  xc_buf_init(&hash, 0);
  xc_buf_init(&err, 0);
  int rc = 0;
  if (!xc_auth_hash("admin", line, &hash, &err) || xc_store_set_secret(st, "admin", xc_buf_str(&hash), &err) != XC_STORE_OK) {
    fprintf(stderr, "xlsxcheck: %s: %s\n", xc_msg(o.L, "lỗi", "error"), xc_buf_str(&err));
    rc = EXIT_FAIL;
  } else {
    fprintf(stderr, "%s\n", xc_msg(o.L, "Đã lưu mật khẩu của Sở (tên đăng nhập: admin).", "The Sở's password is saved (user name: admin)."));
  }
  memset(line, 0, sizeof line);
  xc_buf_free(&hash);
  xc_buf_free(&err);
  xc_store_close(st);
  return rc;
}

int xc_cli_backup(int argc, char **argv) {
  cli_opts o;
  if (!parse(argc, argv, &o)) return EXIT_FAIL;
  if (o.first != argc - 1) {
    xc_cli_say_usage(o.L, "%s", xc_msg(o.L, "cần đúng một thư mục đích: xlsxcheck backup --data THƯ_MỤC ĐÍCH",
                                                 "needs exactly one destination folder: xlsxcheck backup --data DIR DEST"));
    return EXIT_FAIL;
  }
  const char *dest = argv[o.first];
  if (access(dest, F_OK) == 0) {
    xc_cli_say_usage(o.L, "%s: %s", dest, xc_msg(o.L, "đã có; chọn một thư mục mới", "exists already; name a new folder"));
    return EXIT_FAIL;
  }
  xc_store *st = open_store(&o);
  if (!st) return EXIT_FAIL;
  xc_buf err;
  xc_buf_init(&err, 0);
  int rc = 0;
  if (xc_store_backup(st, dest, &err) != XC_STORE_OK) {
    fprintf(stderr, "xlsxcheck: %s: %s: %s\n", xc_msg(o.L, "lỗi", "error"), dest, xc_buf_str(&err));
    rc = EXIT_FAIL;
  } else {
    fprintf(stderr, xc_msg(o.L, "Đã sao lưu vào %s (khôi phục: xlsxcheck serve --data %s).\n",
                           "Backed up into %s (to restore: xlsxcheck serve --data %s).\n"),
            dest, dest);
  }
  xc_buf_free(&err);
  xc_store_close(st);
  return rc;
}
