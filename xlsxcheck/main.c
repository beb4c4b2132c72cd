/* main.c: the command line, a front end over the library (xlsxcheck.h):
 * options, calls and printing.
 *
 *   xlsxcheck [--lang vi|en] [limits] COMMAND [OPTIONS] ARGS...
 *
 * Options are parsed per command with getopt_long: --opt=value or --opt
 * value, "--" ends them, -h/--help and `xlsxcheck help COMMAND` show a
 * command's own usage; an option the command does not take, or a missing
 * value, is a usage error.  "-" is standard input (one input) and, for
 * merge -o, standard output.
 *
 * Exit status: 0 done (check, explain, merge: no error); 1 errors found
 * (merge: the bundle is written); 2 a file could not be read, no bundle
 * could be written, or wrong usage; 128 + signal when a merge is stopped. */
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datadir.h"
#include "fileio.h"
#include "msg.h"
#include "outfile.h"
#include "version.h"
#include "web/serve.h"
#include "web/submitcli.h"
#include "xlsxcheck.h"

/* An error for people on standard error (msg.h words it).  When there is
 * no memory left to word it (the message is built in a buffer), the code's
 * own sentence is written as it is: "hết bộ nhớ" is never lost for want of
 * memory. */
static void say_error(const char *file, const xc_error *e, xc_lang lang) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_msg_error(&b, file, e, lang);
  if (b.nomem)
    fprintf(stderr, "xlsxcheck: %s: %s: %s\n  %s\n", xc_msg(lang, "lỗi", "error"), file, xc_strerror(e->code, lang),
            xc_err_todo(e->code, lang));
  else
    fputs(xc_buf_str(&b), stderr);
  xc_buf_free(&b);
}

#define EXIT_UNREADABLE 2

/* ---- options ------------------------------------------------------------------ */

enum {
  O_LANG = 256, O_MAX_PART, O_MAX_TOTAL, O_MAX_RATIO, O_SHEET, O_RULES, O_FORMAT, O_UNITS, O_STRICT,
  O_LINT, O_VERSION, O_ALL_COPIES, O_QUIET = 'q', O_OUTPUT = 'o', O_HELP = 'h'
};

static const struct option long_options[] = {
    {"lang", required_argument, NULL, O_LANG},
    {"max-part-mb", required_argument, NULL, O_MAX_PART},
    {"max-total-mb", required_argument, NULL, O_MAX_TOTAL},
    {"max-ratio", required_argument, NULL, O_MAX_RATIO},
    {"sheet", required_argument, NULL, O_SHEET},
    {"rules", required_argument, NULL, O_RULES},
    {"format", required_argument, NULL, O_FORMAT},
    {"units", required_argument, NULL, O_UNITS},
    {"output", required_argument, NULL, O_OUTPUT},
    {"strict", no_argument, NULL, O_STRICT},
    {"lint", no_argument, NULL, O_LINT},
    {"all-copies", no_argument, NULL, O_ALL_COPIES},
    {"quiet", no_argument, NULL, O_QUIET},
    {"help", no_argument, NULL, O_HELP},
    {"version", no_argument, NULL, O_VERSION},
    {NULL, 0, NULL, 0}};

/* Options every command takes. */
static const int common_options[] = {O_LANG, O_MAX_PART, O_MAX_TOTAL, O_MAX_RATIO, O_HELP, 0};

typedef struct {
  xc_lang L;
  xc_limits lim;
  const char *sheet, *rules, *format, *units, *out;
  bool strict, lint, quiet, all_copies;
} options;

typedef struct command command;
struct command {
  const char *name;
  int takes[10];         /* its own options (0-terminated) */
  int min_args, max_args; /* operands; max -1: any number */
  const char *synopsis;  /* after "xlsxcheck NAME" */
  const char *about_vi, *about_en;
  const char *opts_vi, *opts_en; /* its own options, one per line */
  int (*run)(const command *c, const options *o, char **args, int nargs);
};

/* The option's name as written: "--format", "-o". */
static const char *option_name(int val, char *buf, size_t cap) {
  for (const struct option *lo = long_options; lo->name; lo++)
    if (lo->val == val) {
      snprintf(buf, cap, "--%s", lo->name);
      return buf;
    }
  snprintf(buf, cap, "-%c", val);
  return buf;
}

static bool takes(const command *c, int val) {
  for (const int *t = common_options; *t; t++)
    if (*t == val) return true;
  for (const int *t = c ? c->takes : NULL; t && *t; t++)
    if (*t == val) return true;
  return false;
}

static bool parse_positive(const char *s, double *out) {
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end || !(v > 0) || v > 1e9) return false;
  *out = v;
  return true;
}

static int usage_error(xc_lang L, const char *cmd, const char *vi, const char *en, const char *what) {
  fprintf(stderr, "xlsxcheck: %s: %s: %s\n  %s \"xlsxcheck %s%s--help\".\n", xc_msg(L, "lỗi", "error"), xc_msg(L, vi, en),
          what, xc_msg(L, "Xem", "See"), cmd ? cmd : "", cmd ? " " : "");
  return EXIT_UNREADABLE;
}

/* One option's value into o; false after a usage message. */
static bool take_option(int val, const char *arg, options *o, const char *cmd) {
  char name[32];
  double num;
  switch (val) {
    case O_LANG:
      if (strcmp(arg, "vi") != 0 && strcmp(arg, "en") != 0) {
        usage_error(o->L, cmd, "--lang chỉ nhận vi hoặc en", "--lang takes vi or en", arg);
        return false;
      }
      o->L = strcmp(arg, "en") == 0 ? XC_LANG_EN : XC_LANG_VI;
      return true;
    case O_MAX_PART:
    case O_MAX_TOTAL:
    case O_MAX_RATIO:
      if (!parse_positive(arg, &num)) {
        snprintf(name, sizeof name, "%s %s", option_name(val, (char[32]){0}, 32), arg);
        usage_error(o->L, cmd, "giá trị phải là một số dương", "the value must be a positive number", name);
        return false;
      }
      if (val == O_MAX_PART) o->lim.max_part = (uint64_t)(num * 1048576.0);
      else if (val == O_MAX_TOTAL) o->lim.max_total = (uint64_t)(num * 1048576.0);
      else o->lim.max_ratio = num;
      return true;
    case O_SHEET: o->sheet = arg; return true;
    case O_RULES: o->rules = arg; return true;
    case O_FORMAT: o->format = arg; return true;
    case O_UNITS: o->units = arg; return true;
    case O_OUTPUT: o->out = arg; return true;
    case O_STRICT: o->strict = true; return true;
    case O_LINT: o->lint = true; return true;
    case O_ALL_COPIES: o->all_copies = true; return true;
    case O_QUIET: o->quiet = true; return true;
    default: return true;
  }
}

/* Parses argv (argv[0]: the command's name, or the program's for the
 * options before the command) for command c (NULL: only the common options,
 * stopping at the first operand).  Returns the index of the first operand,
 * -1 after a usage message, -2 when help was asked for. */
static int parse_options(int argc, char **argv, const command *c, options *o) {
  const char *cmd = c ? c->name : NULL;
  opterr = 0;
  optind = 0; /* GNU: start afresh */
  int val;
  bool help = false;
  while ((val = getopt_long(argc, argv, c ? ":ho:q" : "+:h", long_options, NULL)) != -1) {
    char name[64];
    if (val == '?') { /* not an option of the program at all */
      const char *a = optopt ? option_name(optopt, name, sizeof name) : argv[optind - 1];
      usage_error(o->L, cmd, "tùy chọn không rõ", "unknown option", a);
      return -1;
    }
    if (val == ':') {
      usage_error(o->L, cmd, "thiếu giá trị cho tùy chọn", "missing value for option", option_name(optopt, name, sizeof name));
      return -1;
    }
    if (val == O_VERSION && !c) {
      printf("xlsxcheck %s\n", XC_VERSION);
      exit(0);
    }
    if (!takes(c, val)) {
      if (!c)
        fprintf(stderr, "xlsxcheck: %s: %s: %s\n  %s\n", xc_msg(o->L, "lỗi", "error"),
                xc_msg(o->L, "tùy chọn này đặt sau tên lệnh", "this option goes after the command's name"),
                option_name(val, name, sizeof name), xc_err_todo(XC_ERR_USAGE, o->L));
      else
        fprintf(stderr, "xlsxcheck: %s: %s %s %s: %s\n  %s \"xlsxcheck %s --help\".\n", xc_msg(o->L, "lỗi", "error"),
                xc_msg(o->L, "lệnh", "the command"), c->name,
                xc_msg(o->L, "không nhận tùy chọn", "does not take the option"), option_name(val, name, sizeof name),
                xc_msg(o->L, "Xem", "See"), c->name);
      return -1;
    }
    if (val == O_HELP) help = true;
    else if (!take_option(val, optarg, o, cmd)) return -1;
  }
  return help ? -2 : optind;
}

/* ---- usage --------------------------------------------------------------------- */

static const char *common_vi =
    "  --lang vi|en            ngôn ngữ thông báo (mặc định: vi)\n"
    "  --max-part-mb N         giới hạn dung lượng giải nén của một phần (512)\n"
    "  --max-total-mb N        giới hạn tổng dung lượng giải nén (2048)\n"
    "  --max-ratio R           giới hạn tỷ lệ nén (100)\n"
    "  -h, --help              cách dùng lệnh này\n";
static const char *common_en =
    "  --lang vi|en            message language (default: vi)\n"
    "  --max-part-mb N         uncompressed size limit of one part (512)\n"
    "  --max-total-mb N        uncompressed size limit of the package (2048)\n"
    "  --max-ratio R           compression ratio limit (100)\n"
    "  -h, --help              this command's usage\n";

static void command_usage(FILE *to, const command *c, xc_lang L) {
  fprintf(to, "%s: xlsxcheck %s %s\n  %s\n%s:\n%s%s", xc_msg(L, "Cách dùng", "Usage"), c->name, c->synopsis,
          xc_msg(L, c->about_vi, c->about_en), xc_msg(L, "Tùy chọn", "Options"), xc_msg(L, c->opts_vi, c->opts_en),
          xc_msg(L, common_vi, common_en));
}

#define NCOMMANDS 6
static const command commands[NCOMMANDS];
static const size_t ncommands = NCOMMANDS;

static void usage(FILE *to, xc_lang L) {
  fprintf(to, "%s: xlsxcheck [--lang vi|en] %s ...\n%s:\n", xc_msg(L, "Cách dùng", "Usage"),
          xc_msg(L, "LỆNH [tùy chọn]", "COMMAND [options]"), xc_msg(L, "Lệnh", "Commands"));
  for (size_t i = 0; i < ncommands; i++)
    fprintf(to, "  %-8s %s\n           %s\n", commands[i].name, commands[i].synopsis,
            xc_msg(L, commands[i].about_vi, commands[i].about_en));
  fprintf(to, "%s",
          xc_msg(L,
                 "  codes --data THƯ_MỤC [--units TỆP] [--unit MÃ]\n"
                 "           cấp mã truy cập mới cho các đơn vị (in một lần: mã<TAB>tên<TAB>mã truy cập)\n"
                 "  admin-password --data THƯ_MỤC   đặt mật khẩu của Sở (đọc từ đầu vào chuẩn)\n"
                 "  backup --data THƯ_MỤC ĐÍCH      sao lưu dữ liệu nộp báo cáo khi máy chủ đang chạy\n"
                 "  help [LỆNH]              cách dùng chung, hoặc của một lệnh\n"
                 "Tùy chọn của mọi lệnh (trước hoặc sau tên lệnh):\n",
                 "  codes --data DIR [--units FILE] [--unit CODE]\n"
                 "           new access codes for the units (printed once: code<TAB>name<TAB>access code)\n"
                 "  admin-password --data DIR  set the Sở's password (read from standard input)\n"
                 "  backup --data DIR DEST     copy the submissions store while the server runs\n"
                 "  help [COMMAND]           this usage, or a command's\n"
                 "Options of every command (before or after its name):\n"));
  fprintf(to, "%s  --version\n", xc_msg(L, common_vi, common_en));
  fprintf(to, "%s",
          xc_msg(L,
                 "Tệp \"-\" là đầu vào chuẩn (một tệp); merge -o - ghi gói ra đầu ra chuẩn.\n"
                 "Mã thoát: 0 thành công (check, merge: không có lỗi); 1 có lỗi (merge: vẫn ghi gói);\n"
                 "          2 không đọc được tệp, không ghi được gói, hoặc gọi lệnh sai;\n"
                 "          130/143 merge bị dừng (Ctrl-C, SIGTERM).\n"
                 "Xem thêm: man xlsxcheck\n",
                 "A FILE of \"-\" is standard input (one file); merge -o - writes the bundle to standard output.\n"
                 "Exit status: 0 success (check, merge: no errors); 1 errors found (merge: bundle written);\n"
                 "             2 a file could not be read, no bundle could be written, or wrong usage;\n"
                 "             130/143 merge stopped (Ctrl-C, SIGTERM).\n"
                 "See also: man xlsxcheck\n"));
}

/* ---- shared helpers ----------------------------------------------------------------- */

/* The rulesets folder, in the data folder (datadir.h); false, said on
 * stderr with the places looked at, when there is none. */
static bool rulesets_dir(char *out, size_t cap, xc_lang L) {
  char data[PATH_MAX];
  xc_buf looked;
  xc_buf_init(&looked, 0);
  bool ok = xc_datadir_find(NULL, getenv("XLSXCHECK_DATA"), data, sizeof data, &looked);
  if (ok && snprintf(out, cap, "%.*s/rulesets", (int)(cap > 16 ? cap - 16 : 0), data) >= (int)cap) ok = false;
  if (!ok) {
    if (!looked.len) xc_buf_printf(&looked, "  %s\n", data);
    fprintf(stderr, "xlsxcheck: %s: %s\n%s  %s\n", xc_msg(L, "lỗi", "error"),
            xc_msg(L, "không tìm thấy thư mục dữ liệu (có thư mục rulesets/); đã tìm ở:",
                   "data folder (holding rulesets/) not found; looked in:"),
            xc_buf_str(&looked),
            xc_msg(L, "Cài lại xlsxcheck (make install), hoặc đặt biến XLSXCHECK_DATA là thư mục chứa rulesets/ và templates/.",
                   "Install xlsxcheck again (make install), or set XLSXCHECK_DATA to the folder holding rulesets/ and templates/."));
  }
  xc_buf_free(&looked);
  return ok;
}

/* --rules and --units name regular files: a FIFO or a device is refused at once. */
static bool regular_or_missing(const char *path, xc_lang L) {
  struct stat st;
  if (!path || stat(path, &st) != 0 || S_ISREG(st.st_mode)) return true; /* missing: said by the reader */
  xc_error e = {0};
  xc_fail(&e, XC_ERR_NOT_REGULAR, NULL, NULL);
  say_error(path, &e, L);
  return false;
}

/* The library: the rulesets (--rules, or the data folder's) and the registry. */
static xc_lib *open_lib(const options *op) {
  xc_lang L = op->L;
  if (!regular_or_missing(op->rules, L) || !regular_or_missing(op->units, L)) return NULL;
  char dir[PATH_MAX];
  if (!op->rules && !rulesets_dir(dir, sizeof dir, L)) return NULL;
  xc_lib_opts o;
  xc_lib_opts_default(&o);
  o.rulesets_dir = op->rules ? NULL : dir;
  o.rules = op->rules;
  o.units = op->units;
  o.limits = op->lim;
  xc_status st = {0};
  xc_lib *lib = xc_lib_open(&o, &st);
  if (!lib) {
    if (st.code == XC_ERR_RULES_DIR)
      xc_cli_say_usage(L, "%s: %s", xc_strerror(st.code, L), xc_status_text(&st, L));
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
    say_error(file, &st->where, L);
}

static void print_rendered(char *text, size_t len) {
  fwrite(text, 1, len, stdout);
  free(text);
}

/* Standard input, read whole (at most the package cap); NULL with a message. */
static unsigned char *read_stdin(const options *o, size_t *len) {
  size_t cap = 1 << 16, n = 0;
  unsigned char *data = malloc(cap);
  for (;;) {
    if (!data) {
      xc_error e = {0};
      xc_fail(&e, XC_ERR_NOMEM, NULL, NULL);
      say_error("-", &e, o->L);
      return NULL;
    }
    size_t got = fread(data + n, 1, cap - n, stdin);
    n += got;
    if (got == 0) break;
    if (n == cap) {
      if (cap > o->lim.max_total) {
        xc_error e = {0};
        xc_fail(&e, XC_ERR_TOO_BIG, NULL, "> %llu MiB", (unsigned long long)(o->lim.max_total >> 20));
        say_error("-", &e, o->L);
        free(data);
        return NULL;
      }
      unsigned char *more = realloc(data, cap * 2);
      if (!more) free(data);
      data = more;
      cap *= 2;
    }
  }
  if (ferror(stdin)) {
    xc_error e = {0};
    xc_fail(&e, XC_ERR_OPEN, NULL, "%s", xc_msg(o->L, "đọc đầu vào chuẩn thất bại", "reading standard input failed"));
    say_error("-", &e, o->L);
    free(data);
    return NULL;
  }
  *len = n;
  return data;
}

/* "-" at most once among the operands. */
static bool one_stdin(char **args, int n, xc_lang L, const char *cmd) {
  int k = 0;
  for (int i = 0; i < n; i++) k += strcmp(args[i], "-") == 0;
  if (k <= 1) return true;
  usage_error(L, cmd, "đầu vào chuẩn (-) chỉ dùng được cho một tệp", "standard input (-) can be only one of the files", "-");
  return false;
}

/* An input: the path, or standard input for "-" (its bytes in *data, to free). */
static xc_input *open_input(const xc_lib *lib, const options *o, const char *file, unsigned char **data,
                            xc_status *st, bool *said) {
  *data = NULL;
  *said = false;
  if (strcmp(file, "-") != 0) return xc_input_open(lib, file, NULL, st);
  size_t len;
  *data = read_stdin(o, &len);
  if (!*data) {
    *said = true;
    return NULL;
  }
  return xc_input_open_mem(lib, *data, len, "-", st);
}

/* ---- the commands ------------------------------------------------------------------ */

/* Progress on a terminal: "[12/600] name" on stderr, rewritten in place,
 * cleared at the end; nothing when stderr is not a terminal or with
 * --quiet.  Called from several threads at once. */
typedef struct {
  pthread_mutex_t mu;
  size_t shown;
  bool on;
} progress_line;

static void show_progress(void *ctx, size_t done, size_t total, const char *path) {
  progress_line *p = ctx;
  if (!p->on) return;
  pthread_mutex_lock(&p->mu);
  if (done > p->shown) { /* threads may report out of order */
    p->shown = done;
    const char *base = strrchr(path, '/');
    base = base && base[1] ? base + 1 : path;
    size_t bytes = 0, chars = 0; /* at most 60 characters, cut on a character boundary */
    while (base[bytes] && chars < 60) {
      bytes++;
      while ((base[bytes] & 0xC0) == 0x80) bytes++;
      chars++;
    }
    if (done < total) fprintf(stderr, "\r[%zu/%zu] %.*s\033[K", done, total, (int)bytes, base);
    else fprintf(stderr, "\r\033[K");
    fflush(stderr);
  }
  pthread_mutex_unlock(&p->mu);
}

static int cmd_rules(const command *c, const options *o, char **args, int nargs) {
  (void)c;
  (void)nargs;
  xc_lang L = o->L;
  const char *file = args[0];
  if (!regular_or_missing(file, L)) return EXIT_UNREADABLE;
  xc_rules_info info;
  char *report = NULL;
  xc_status st = {0};
  if (xc_rules_lint(file, o->lint, &info, &report, &st) != XC_OK) {
    fputs(xc_status_text(&st, L), stderr);
    xc_status_clear(&st);
    return EXIT_UNREADABLE;
  }
  fputs(report, stdout);
  free(report);
  printf(xc_msg(L, "%s: biểu mẫu %s, %zu trang, %zu luật%s\n", "%s: form %s, %zu sheets, %zu rules%s\n"), file,
         info.form_id, info.nsheets, info.nrules,
         o->lint ? (info.warnings ? xc_msg(L, ", có cảnh báo", ", with warnings") : xc_msg(L, ", không có cảnh báo", ", no warnings"))
                 : "");
  return info.warnings ? 1 : 0;
}

static int cmd_check(const command *c, const options *o, char **files, int nfiles) {
  xc_lang L = o->L;
  xc_render_format fmt = XC_RENDER_TEXT;
  if (o->format && strcmp(o->format, "csv") == 0) fmt = XC_RENDER_CSV;
  else if (o->format && strcmp(o->format, "json") == 0) fmt = XC_RENDER_JSON;
  else if (o->format && strcmp(o->format, "html") == 0) fmt = XC_RENDER_HTML;
  else if (o->format && strcmp(o->format, "text") != 0)
    return usage_error(L, c->name, "--format chỉ nhận text, csv, json hoặc html", "--format takes text, csv, json or html", o->format);
  if (!one_stdin(files, nfiles, L, c->name)) return EXIT_UNREADABLE;
  xc_lib *lib = open_lib(o);
  if (!lib) return EXIT_UNREADABLE;
  xc_diags diags;
  xc_diags_init(&diags);
  xc_check_doc *doc = fmt == XC_RENDER_JSON ? xc_check_doc_new() : NULL;
  bool unreadable = false, nomem = fmt == XC_RENDER_JSON && !doc;
  size_t checked = 0;
  progress_line progress = {PTHREAD_MUTEX_INITIALIZER, 0, !o->quiet && nfiles > 1 && isatty(STDERR_FILENO)};
  for (int f = 0; f < nfiles; f++) {
    xc_status st = {0};
    unsigned char *data;
    bool said;
    xc_input *in = open_input(lib, o, files[f], &data, &st, &said);
    xc_diags mine;
    xc_diags_init(&mine);
    const xc_identity *id = in ? xc_identify(in, &st) : NULL;
    bool ok = in && id && xc_check(in, L, &mine, &st) == XC_OK;
    if (!ok) {
      if (!said) print_status(files[f], &st, L);
      unreadable = true;
      xc_diags_free(&mine); /* memory ran out halfway: no partial list */
      xc_diags_init(&mine);
    } else {
      checked++;
    }
    xc_diags_sort(&mine);
    if (doc) {
      xc_check_file cf = {files[f], "", "", "", "", "", "", ok ? XC_OK : st.code ? st.code : XC_ERR_OPEN, NULL};
      if (id && id->recognised) {
        cf.form_id = id->form_id;
        cf.form_title = id->form_title;
      }
      if (id) {
        cf.unit_code = id->unit_code;
        cf.unit_name = id->unit_name;
        cf.unit_text = id->unit_text;
        cf.period = id->period;
      }
      if (!ok) cf.error_text = said ? NULL : xc_status_text(&st, L);
      nomem |= !xc_check_doc_add(doc, &cf, &mine, L);
    }
    for (size_t k = 0; k < mine.n; k++) xc_diags_add(&diags, &mine.items[k]);
    xc_diags_free(&mine);
    xc_status_clear(&st);
    xc_input_free(in);
    free(data);
    show_progress(&progress, (size_t)f + 1, (size_t)nfiles, files[f]);
  }
  nomem |= diags.nomem;
  xc_diags_sort(&diags);
  if (nomem) {
    /* nothing printed: a list missing findings would read as a clean file */
    if (doc) xc_check_doc_free(doc);
  } else if (doc) {
    char *text = NULL;
    size_t len = 0;
    nomem |= !xc_check_doc_render(doc, &text, &len);
    if (!nomem) fwrite(text, 1, len, stdout);
    free(text);
    xc_check_doc_free(doc);
  } else if (checked || fmt != XC_RENDER_TEXT) { /* "no findings" only if a file was checked */
    char *text;
    size_t len;
    if (xc_render_findings(&diags, fmt, L, &text, &len) == XC_OK) print_rendered(text, len);
    else nomem = true;
  }
  if (nomem) {
    xc_error e = {0};
    xc_fail(&e, XC_ERR_NOMEM, NULL, NULL);
    say_error(nfiles == 1 ? files[0] : xc_msg(L, "báo cáo kết quả kiểm tra", "the findings report"), &e, L);
  }
  fflush(stdout);
  int rc = unreadable || nomem ? EXIT_UNREADABLE : diags.errors ? 1 : 0;
  xc_diags_free(&diags);
  xc_lib_free(lib);
  return rc;
}

/* SIGINT, SIGTERM and SIGHUP during a merge: blocked in every thread and
 * taken by one thread (sigwait), which stops the writers, removes the
 * scratch folder and the temporary file (xc_cleanup_run) and exits 128 +
 * the signal (130, 143, 129). */
static void *signal_thread(void *arg) {
  xc_cleanup *c = arg;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  int sig = 0;
  while (sigwait(&set, &sig) != 0) {
  }
  xc_cleanup_run(c);
  _exit(128 + sig);
}

static void catch_signals(xc_cleanup *c) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, NULL); /* before any other thread starts: they inherit it */
  pthread_t t;
  if (pthread_create(&t, NULL, signal_thread, c) == 0) pthread_detach(t);
  else pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/* s, then spaces up to width characters (UTF-8 aware). */
static void print_padded(FILE *to, const char *s, int width) {
  int n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) n += (*p & 0xC0) != 0x80;
  fprintf(to, "%s%*s", s, width > n ? width - n : 1, "");
}

/* xlsxcheck merge: check every unit's file, merge, write the bundle. */
static int cmd_merge(const command *c, const options *o, char **files, int nfiles) {
  xc_lang L = o->L;
  if (!one_stdin(files, nfiles, L, c->name)) return EXIT_UNREADABLE;
  /* an input that is neither a folder nor a regular file is refused at once */
  for (int i = 0; i < nfiles; i++) {
    struct stat st;
    if (strcmp(files[i], "-") != 0 && stat(files[i], &st) == 0 && !S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
      xc_error e = {0};
      xc_fail(&e, XC_ERR_NOT_REGULAR, NULL, NULL);
      say_error(files[i], &e, L);
      return EXIT_UNREADABLE;
    }
  }
  xc_lib *lib = open_lib(o);
  if (!lib) return EXIT_UNREADABLE;
  xc_merge_input *in = calloc(nfiles > 0 ? (size_t)nfiles : 1, sizeof *in);
  unsigned char *data = NULL;
  for (int i = 0; in && i < nfiles; i++) {
    if (strcmp(files[i], "-") != 0) {
      in[i].path = files[i];
      continue;
    }
    size_t len;
    if (!(data = read_stdin(o, &len))) {
      free(in);
      xc_lib_free(lib);
      return EXIT_UNREADABLE;
    }
    in[i].data = data;
    in[i].len = len;
    in[i].name = "-";
  }
  if (!in) {
    xc_lib_free(lib);
    return EXIT_UNREADABLE;
  }
  static xc_cleanup cleanup; /* the signal thread's, for the life of the process */
  xc_cleanup_init(&cleanup);
  catch_signals(&cleanup);
  static progress_line progress = {PTHREAD_MUTEX_INITIALIZER, 0, false};
  progress.on = !o->quiet && isatty(STDERR_FILENO);
  xc_merge_request rq = {o->strict, L, 0, o->out, false, o->all_copies, &cleanup, show_progress, &progress};
  xc_merge_result res;
  xc_status st = {0};
  xc_err rc = xc_merge_inputs(lib, in, (size_t)nfiles, &rq, &res, &st);
  free(in);
  free(data);
  if (rc == XC_ERR_NOMEM) { /* named: the bundle that was not written */
    fprintf(stderr, "xlsxcheck: %s: %s: %s\n  %s: %s\n  %s\n", xc_msg(L, "lỗi", "error"),
            o->out ? o->out : xc_msg(L, "gói tổng hợp", "the bundle"), xc_strerror(XC_ERR_NOMEM, L),
            xc_msg(L, "Cách xử lý", "What to do"), xc_err_todo(XC_ERR_NOMEM, L),
            xc_msg(L, "Không ghi được gói tổng hợp; không tệp nào bị thay đổi.", "The bundle could not be written; no file was changed."));
  } else if (rc == XC_ERR_WRITE) {
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
  FILE *so = o->out && strcmp(o->out, "-") == 0 ? stderr : stdout; /* -o -: the zip alone on stdout */
  fprintf(so, xc_msg(L, "Tổng hợp %s, tỉnh %s, kỳ %s: %zu/%zu đơn vị\n", "Merged %s, province %s, period %s: %zu of %zu units\n"),
          res.form_id, res.province, res.period[0] ? res.period : "?", res.nmerged, res.nunits);
  for (size_t i = 0; i < res.nfiles; i++) {
    const xc_merge_file *f = &res.files[i];
    fprintf(so, "  ");
    print_padded(so, f->unit, 20);
    print_padded(so, xc_merge_status_text(f->status, L), 20);
    fprintf(so, "%s", f->name);
    fprintf(so, xc_msg(L, " (%zu lỗi, %zu cảnh báo)", " (%zu errors, %zu warnings)"), f->errors, f->warnings);
    const char *note = L == XC_LANG_EN ? f->note_en : f->note_vi;
    fprintf(so, "%s%s\n", note[0] ? ": " : "", note);
  }
  for (size_t u = 0; u < res.nmissing; u++) {
    fprintf(so, "  ");
    print_padded(so, res.missing[u], 20);
    fprintf(so, "%s\n", xc_msg(L, "Thiếu: chưa có tệp", "Missing: no file"));
  }
  fprintf(so, xc_msg(L, "Lỗi: %zu, cảnh báo: %zu (kể cả kiểm tra tệp tổng hợp)\nGói: %s\n",
                     "Errors: %zu, warnings: %zu (including the check of the merged workbook)\nBundle: %s\n"),
          res.errors, res.warnings, res.path[0] ? res.path : "-");
  int exit_rc = res.errors ? 1 : 0;
  xc_status_clear(&st);
  xc_merge_result_free(&res);
  xc_lib_free(lib);
  return exit_rc;
}

/* xlsxcheck explain FILE: the help desk's explanation, on stdout even for
 * an unreadable file; exit status as check. */
static int cmd_explain(const command *c, const options *o, char **args, int nargs) {
  (void)nargs;
  xc_lang L = o->L;
  const char *format = o->format;
  if (format && strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
    return usage_error(L, c->name, "--format chỉ nhận text hoặc json", "--format takes text or json", format);
  xc_lib *lib = open_lib(o);
  if (!lib) return EXIT_UNREADABLE;
  xc_explain *x;
  unsigned char *data = NULL;
  if (strcmp(args[0], "-") == 0) {
    size_t len;
    if (!(data = read_stdin(o, &len))) {
      xc_lib_free(lib);
      return EXIT_UNREADABLE;
    }
    x = xc_explain_mem(lib, data, len, "-", L);
  } else {
    x = xc_explain_path(lib, args[0], L);
  }
  char *text;
  size_t len;
  if (!x || xc_render_explain(x, format && strcmp(format, "json") == 0 ? XC_RENDER_JSON : XC_RENDER_TEXT, L, &text,
                              &len) != XC_OK) {
    xc_error e = {0};
    xc_fail(&e, XC_ERR_NOMEM, NULL, NULL);
    say_error(args[0], &e, L);
    xc_explain_free(x);
    free(data);
    xc_lib_free(lib);
    return EXIT_UNREADABLE;
  }
  print_rendered(text, len);
  fflush(stdout);
  int rc = x->status;
  xc_explain_free(x);
  free(data);
  xc_lib_free(lib);
  return rc;
}

/* xlsxcheck dump|info FILE: the reader's view, streamed to stdout. */
static int cmd_read(const command *c, const options *o, char **args, int nargs) {
  (void)nargs;
  xc_lang L = o->L;
  const char *file = args[0];
  /* the reader commands need no rulesets: a library of none */
  xc_status st = {0};
  xc_lib_opts lo;
  xc_lib_opts_default(&lo);
  lo.limits = o->lim;
  lo.reader_only = true;
  xc_lib *lib = xc_lib_open(&lo, &st);
  unsigned char *data = NULL;
  bool said = false;
  xc_input *in = lib ? open_input(lib, o, file, &data, &st, &said) : NULL;
  if (!in) {
    if (!said) say_error(file, &st.where, L);
    xc_status_clear(&st);
    xc_lib_free(lib);
    free(data);
    return EXIT_UNREADABLE;
  }
  xc_err rc = strcmp(c->name, "dump") == 0 ? xc_dump_input(in, o->sheet, xc_write_stdio, stdout, &st)
                                          : xc_info_input(in, L, xc_write_stdio, stdout, &st);
  xc_input_free(in);
  xc_lib_free(lib);
  free(data);
  if (rc != XC_OK) {
    fflush(stdout);
    say_error(file, &st.where, L);
    xc_status_clear(&st);
    return EXIT_UNREADABLE;
  }
  return 0;
}

static const command commands[NCOMMANDS] = {
    {"dump", {O_SHEET, 0}, 1, 1, "[--sheet TÊN|NAME] FILE",
     "in mọi ô có dữ liệu: trang<TAB>ô<TAB>kiểu<TAB>giá trị", "print every non-empty cell: sheet<TAB>ref<TAB>type<TAB>value",
     "  --sheet TÊN             chỉ trang này\n", "  --sheet NAME            only this sheet\n", cmd_read},
    {"info", {0}, 1, 1, "FILE", "chương trình tạo tệp, các trang, số ô, hệ ngày",
     "what wrote the file, its sheets, cell counts, date system", "", "", cmd_read},
    {"check", {O_RULES, O_FORMAT, O_UNITS, O_QUIET, 0}, 1, -1, "[--rules FILE] [--format text|csv|json|html] FILE...",
     "kiểm tra báo cáo theo biểu mẫu và các quan hệ số liệu", "check reports against the form and its relations",
     "  --rules TỆP             coi mọi tệp là biểu mẫu của tệp luật này\n"
     "  --format text|csv|json|html  dạng kết quả (json: một đối tượng mỗi tệp, xem json-schema/)\n"
     "  --units TỆP             danh mục đơn vị khác\n"
     "  -q, --quiet             không hiện tiến độ [n/N] trên màn hình\n",
     "  --rules FILE            take every file as this ruleset's form\n"
     "  --format text|csv|json|html  output format (json: one object per file, see json-schema/)\n"
     "  --units FILE            another units registry\n"
     "  -q, --quiet             no [n/N] progress on the terminal\n",
     cmd_check},
    {"merge", {O_OUTPUT, O_STRICT, O_UNITS, O_RULES, O_QUIET, O_ALL_COPIES, 0}, 1, -1,
     "[-o OUT.zip|-] [--strict] [--units FILE] [--all-copies] FILE|FOLDER...",
     "kiểm tra và tổng hợp báo cáo các đơn vị thành tệp của tỉnh, đóng gói cùng nhật ký lỗi",
     "check and merge the units' reports into the province workbook, zipped with the error log",
     "  -o, --output TỆP.zip    gói kết quả (mặc định dist/tong-hop_<tỉnh>_<kỳ>.zip; - : đầu ra chuẩn)\n"
     "  --strict                bỏ các tệp có lỗi\n"
     "  --all-copies            bản chú thích cho mọi tệp, cả tệp không có phát hiện\n"
     "  --units TỆP             danh mục đơn vị khác\n"
     "  --rules TỆP             coi mọi tệp là biểu mẫu của tệp luật này\n"
     "  -q, --quiet             không hiện tiến độ [n/N] trên màn hình\n",
     "  -o, --output OUT.zip    the bundle (default dist/tong-hop_<province>_<period>.zip; -: standard output)\n"
     "  --strict                leave out files with errors\n"
     "  --all-copies            an annotated copy of every file, clean ones too\n"
     "  --units FILE            another units registry\n"
     "  --rules FILE            take every file as this ruleset's form\n"
     "  -q, --quiet             no [n/N] progress on the terminal\n",
     cmd_merge},
    {"rules", {O_LINT, 0}, 1, 1, "[--lint] FILE", "kiểm tra một tệp luật", "check a ruleset file",
     "  --lint                  báo cả tên không rõ và luật không bao giờ áp dụng\n",
     "  --lint                  also report unknown names and rules that never apply\n", cmd_rules},
    {"explain", {O_FORMAT, O_RULES, O_UNITS, 0}, 1, 1, "[--format text|json] [--rules FILE] FILE",
     "giải thích tệp cho bộ phận hỗ trợ: loại tệp, biểu mẫu, lỗi và cách sửa",
     "explain a file for the help desk: what it is, its form, problems, fixes",
     "  --format text|json      dạng kết quả\n  --rules TỆP             coi tệp là biểu mẫu của tệp luật này\n"
     "  --units TỆP             danh mục đơn vị khác\n",
     "  --format text|json      output format\n  --rules FILE            take the file as this ruleset's form\n"
     "  --units FILE            another units registry\n",
     cmd_explain},
};

static const command *find_command(const char *name) {
  for (size_t i = 0; i < ncommands; i++)
    if (strcmp(commands[i].name, name) == 0) return &commands[i];
  return NULL;
}

/* The library's figures for bench/ (XLSXCHECK_TIMING, XLSXCHECK_SPLIT_STATS),
 * one line each on standard error. */
static void trace_line(void *ctx, const char *line) {
  (void)ctx;
  fprintf(stderr, "%s\n", line);
}

static bool env_on(const char *name) {
  const char *v = getenv(name);
  return v && *v && strcmp(v, "0") != 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "serve") == 0) return xc_serve_main(argc - 1, argv + 1); /* the web front end */
  /* the submissions store's commands parse their own options (web/submitcli.c) */
  if (argc > 1 && strcmp(argv[1], "codes") == 0) return xc_cli_codes(argc - 1, argv + 1);
  if (argc > 1 && strcmp(argv[1], "admin-password") == 0) return xc_cli_admin_password(argc - 1, argv + 1);
  if (argc > 1 && strcmp(argv[1], "backup") == 0) return xc_cli_backup(argc - 1, argv + 1);
  options o;
  memset(&o, 0, sizeof o);
  o.L = XC_LANG_VI;
  xc_limits_default(&o.lim);
  if (env_on("XLSXCHECK_TIMING")) o.lim.trace_what |= XC_TRACE_TIMING;
  if (env_on("XLSXCHECK_SPLIT_STATS")) o.lim.trace_what |= XC_TRACE_SPLIT;
  if (o.lim.trace_what) o.lim.trace = trace_line;
  /* the options before the command: the common ones */
  int first = parse_options(argc, argv, NULL, &o);
  if (first == -2) {
    usage(stdout, o.L);
    return 0;
  }
  if (first < 0) return EXIT_UNREADABLE;
  if (first >= argc) {
    usage(stderr, o.L);
    return EXIT_UNREADABLE;
  }
  const char *name = argv[first];
  if (strcmp(name, "help") == 0) {
    const command *c = first + 1 < argc ? find_command(argv[first + 1]) : NULL;
    if (first + 1 < argc && !c) return usage_error(o.L, NULL, "lệnh không rõ", "unknown command", argv[first + 1]);
    if (c) command_usage(stdout, c, o.L);
    else usage(stdout, o.L);
    return 0;
  }
  const command *c = find_command(name);
  if (!c) return usage_error(o.L, NULL, "lệnh không rõ", "unknown command", name);
  /* the command's own options, anywhere among its operands */
  int sub_argc = argc - first;
  char **sub_argv = argv + first;
  int at = parse_options(sub_argc, sub_argv, c, &o);
  if (at == -2) {
    command_usage(stdout, c, o.L);
    return 0;
  }
  if (at < 0) return EXIT_UNREADABLE;
  int nargs = sub_argc - at;
  char **args = sub_argv + at;
  if (nargs < c->min_args)
    return usage_error(o.L, c->name, "thiếu tên tệp", "missing file name", c->synopsis);
  if (c->max_args >= 0 && nargs > c->max_args)
    return usage_error(o.L, c->name, "thừa đối số", "extra argument", args[c->max_args]);
  return c->run(c, &o, args, nargs);
}
