/* runner.c: data-driven tests of the evaluator and of the identify
 * decision, in the manner of jq's tests/jq.test: each case of a .test file
 * gives the files of a rulesets folder (a ruleset fragment, its spec TSVs,
 * a units registry), the cells of a workbook, and what the library must say
 * of it: the findings of check, one per line, and/or the identity.  The
 * workbook is written in memory and read through the public interface
 * (xlsxcheck.h), as a front end does.
 *
 *   case-tests FILE.test...      prints "ok cases.NAME" / "FAIL cases.NAME: why"
 *
 * The format (lines; "#" at the start of a line outside a section body is a
 * comment):
 *
 *   ### NAME                     a case; its sections follow
 *   --- file PATH                a file of the rulesets folder, the lines below
 *   --- forced PATH              check with this ruleset whatever the sheets (--rules)
 *   --- units PATH               the registry given (--units)
 *   --- sheet NAME               a sheet of the workbook, in order; each line:
 *         REF = VALUE            a cell (D5 = 12)
 *         [KEY] = VALUE          the next row: KEY in A, VALUE in D
 *       VALUE: a number (12, -3.5), "text" (\" and \\ escaped), or blank
 *   --- findings                 every finding, sorted as the reporter sorts:
 *         RULE SEVERITY SHEET!CELL [KEY] ACTUAL | EXPECTED   (error, warning, info)
 *       (SHEET!CELL and [KEY] left out when the finding has none)
 *   --- identity                 one line, FORM|SCOPE (D or A)|UNIT AS READ|
 *                                UNIT CODE|UNIT NAME|PERIOD AS WRITTEN|PERIOD,
 *                                or "not recognised"
 *
 * A case needs at least one of findings and identity.  Files given before
 * the first case are written for every case of the file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "xlsxcheck.h"

typedef struct {
  char *name;
  char *body;
  size_t len;
} named_text;

typedef struct {
  char *name;
  char *path;   /* the .test file */
  int line;
  named_text *files;
  size_t nfiles;
  named_text *sheets; /* body: the cell lines */
  size_t nsheets;
  char *forced, *units;
  char *findings, *identity; /* expected, or NULL */
} test_case;

static char *dupn(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p) abort();
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

static void append(char **s, size_t *len, const char *t, size_t n) {
  *s = realloc(*s, *len + n + 1);
  if (!*s) abort();
  memcpy(*s + *len, t, n);
  *len += n;
  (*s)[*len] = '\0';
}

static void case_free(test_case *c) {
  for (size_t i = 0; i < c->nfiles; i++) free(c->files[i].name), free(c->files[i].body);
  for (size_t i = 0; i < c->nsheets; i++) free(c->sheets[i].name), free(c->sheets[i].body);
  free(c->files);
  free(c->sheets);
  free(c->name);
  free(c->forced);
  free(c->units);
  free(c->findings);
  free(c->identity);
  memset(c, 0, sizeof *c);
}

static int failed, passed;

static void fail(const test_case *c, const char *fmt, const char *a, const char *b) {
  char what[2048];
  snprintf(what, sizeof what, fmt, a, b);
  for (char *p = what; *p; p++) /* one line, whatever the message holds */
    if (*p == '\n' || *p == '\r') *p = ' ';
  printf("FAIL cases.%s: %s:%d: %s\n", c->name, c->path, c->line, what);
  failed++;
}

/* The expected text of a multi-line section: lines joined by '\n'. */
static void strip_trailing_blank(char *s) {
  size_t n = strlen(s);
  while (n && (s[n - 1] == '\n' || s[n - 1] == ' ')) s[--n] = '\0';
}

/* ---- the workbook ------------------------------------------------------------ */

typedef struct {
  unsigned row, col;
  char *xml; /* the <c> element */
} cell;

static int cmp_cell(const void *a, const void *b) {
  const cell *x = a, *y = b;
  return x->row != y->row ? (x->row < y->row ? -1 : 1) : x->col < y->col ? -1 : x->col > y->col;
}

static void xml_text(char **s, size_t *len, const char *t, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const char *e = t[i] == '<' ? "&lt;" : t[i] == '>' ? "&gt;" : t[i] == '&' ? "&amp;" : NULL;
    if (e) append(s, len, e, strlen(e));
    else append(s, len, t + i, 1);
  }
}

/* A value: its <c> contents; false when malformed. */
static bool value_xml(const char *v, const char *ref, char **out) {
  size_t len = 0;
  *out = NULL;
  while (*v == ' ') v++;
  if (strcmp(v, "blank") == 0) return true;
  char head[64];
  if (*v == '"') {
    const char *end = strrchr(v, '"');
    if (end == v) return false;
    snprintf(head, sizeof head, "<c r=\"%s\" t=\"inlineStr\"><is><t xml:space=\"preserve\">", ref);
    append(out, &len, head, strlen(head));
    for (const char *p = v + 1; p < end; p++) {
      if (*p == '\\' && p + 1 < end) p++;
      xml_text(out, &len, p, 1);
    }
    append(out, &len, "</t></is></c>", 13);
    return true;
  }
  char *e;
  strtod(v, &e);
  if (e == v || *e) return false;
  snprintf(head, sizeof head, "<c r=\"%s\"><v>", ref);
  append(out, &len, head, strlen(head));
  append(out, &len, v, strlen(v));
  append(out, &len, "</v></c>", 8);
  return true;
}

static bool parse_ref(const char *s, unsigned *row, unsigned *col) {
  unsigned c = 0, r = 0;
  const char *p = s;
  while (*p >= 'A' && *p <= 'Z') c = c * 26 + (unsigned)(*p++ - 'A' + 1);
  if (p == s) return false;
  while (*p >= '0' && *p <= '9') r = r * 10 + (unsigned)(*p++ - '0');
  *row = r;
  *col = c;
  return r > 0 && *p == '\0';
}

/* The sheet's XML from its cell lines; NULL (why in *why) when malformed. */
static char *sheet_xml(const char *body, const char **why) {
  cell *cells = NULL;
  size_t n = 0;
  unsigned next_row = 1;
  char *copy = dupn(body, strlen(body));
  char *save = NULL;
  char *xml = NULL;
  for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    char *eq = strstr(line, " = ");
    if (!eq) {
      *why = "a cell line without \" = \"";
      goto out;
    }
    *eq = '\0';
    const char *val = eq + 3;
    char ref[32];
    unsigned row, col;
    if (line[0] == '[') {
      char *close = strchr(line, ']');
      if (!close) {
        *why = "[KEY without ]";
        goto out;
      }
      row = next_row++;
      snprintf(ref, sizeof ref, "A%u", row);
      char *kx;
      char *key = dupn(line + 1, (size_t)(close - line - 1));
      size_t kl = strlen(key) + 3;
      char *quoted = malloc(kl);
      snprintf(quoted, kl, "\"%s\"", key);
      free(key);
      bool ok = value_xml(quoted, ref, &kx);
      free(quoted);
      if (!ok) {
        *why = "a bad key";
        goto out;
      }
      cells = realloc(cells, (n + 2) * sizeof *cells);
      cells[n++] = (cell){row, 1, kx};
      snprintf(ref, sizeof ref, "D%u", row);
      col = 4;
    } else {
      if (!parse_ref(line, &row, &col)) {
        *why = "a bad cell reference";
        goto out;
      }
      snprintf(ref, sizeof ref, "%s", line);
      if (row >= next_row) next_row = row + 1;
    }
    char *cx;
    if (!value_xml(val, ref, &cx)) {
      *why = "a bad value";
      goto out;
    }
    if (!cx) continue; /* blank */
    cells = realloc(cells, (n + 1) * sizeof *cells);
    cells[n++] = (cell){row, col, cx};
  }
  qsort(cells, n, sizeof *cells, cmp_cell);
  {
    size_t len = 0;
    append(&xml, &len, "", 0);
    for (size_t i = 0; i < n; i++) {
      char rowtag[48];
      if (i == 0 || cells[i].row != cells[i - 1].row) {
        if (i) append(&xml, &len, "</row>", 6);
        snprintf(rowtag, sizeof rowtag, "<row r=\"%u\">", cells[i].row);
        append(&xml, &len, rowtag, strlen(rowtag));
      }
      append(&xml, &len, cells[i].xml, strlen(cells[i].xml));
    }
    if (n) append(&xml, &len, "</row>", 6);
  }
out:
  for (size_t i = 0; i < n; i++) free(cells[i].xml);
  free(cells);
  free(copy);
  if (!xml) return NULL;
  char *whole = xc_test_sheet_xml(xml);
  free(xml);
  return whole;
}

/* ---- running a case ---------------------------------------------------------- */

static bool write_file(const char *dir, const char *rel, const char *body) {
  char path[8300];
  if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, rel) >= sizeof path) return false;
  for (char *p = path + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
    *p = '\0';
    mkdir(path, 0700);
    *p = '/';
  }
  FILE *fp = fopen(path, "wb");
  if (!fp) return false;
  fputs(body, fp);
  fputc('\n', fp);
  return fclose(fp) == 0;
}

static void remove_tree(const char *dir) {
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "# could not remove %s\n", dir);
}

/* Lines of text as "#   …" comment lines. */
static void print_lines(const char *s) {
  while (*s) {
    const char *nl = strchr(s, '\n');
    int n = nl ? (int)(nl - s) : (int)strlen(s);
    printf("#   %.*s\n", n, s);
    s += n + (nl != NULL);
  }
}

static void add_line(char **s, size_t *len, const char *a) {
  if (*len) append(s, len, "\n", 1);
  append(s, len, a, strlen(a));
}

/* Files given before the first case: written for every case (a case's own
 * file of the same name replaces one). */
static test_case prelude;

static bool case_has_file(const test_case *c, const char *name) {
  for (size_t i = 0; i < c->nfiles; i++)
    if (strcmp(c->files[i].name, name) == 0) return true;
  return false;
}

static void run_case(test_case *c) {
  if (!c->findings && !c->identity) {
    fail(c, "%s%s", "the case expects neither findings nor an identity", "");
    return;
  }
  const char *base = getenv("XC_TEST_TMP");
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/case.XXXXXX", base && *base ? base : "/tmp");
  if (!mkdtemp(dir)) {
    fail(c, "mkdtemp: %s%s", strerror(errno), "");
    return;
  }
  for (size_t i = 0; i < prelude.nfiles; i++)
    if (!case_has_file(c, prelude.files[i].name) && !write_file(dir, prelude.files[i].name, prelude.files[i].body)) {
      fail(c, "cannot write %s%s", prelude.files[i].name, "");
      remove_tree(dir);
      return;
    }
  for (size_t i = 0; i < c->nfiles; i++)
    if (!write_file(dir, c->files[i].name, c->files[i].body)) {
      fail(c, "cannot write %s%s", c->files[i].name, "");
      remove_tree(dir);
      return;
    }
  /* the workbook */
  char **xml = calloc(c->nsheets + 1, sizeof *xml);
  const char **names = calloc(c->nsheets + 1, sizeof *names);
  bool ok = true;
  for (size_t i = 0; i < c->nsheets && ok; i++) {
    const char *why = "";
    xml[i] = sheet_xml(c->sheets[i].body, &why);
    names[i] = c->sheets[i].name;
    if (!xml[i]) fail(c, "sheet %s: %s", c->sheets[i].name, why), ok = false;
  }
  xc_test_book book = {c->nsheets, (const char *const *)xml, names, NULL, NULL, false, NULL, false};
  size_t zn = 0;
  unsigned char *zip = ok ? xc_test_xlsx(&book, &zn) : NULL;
  /* the library over the folder */
  xc_lib *lib = NULL;
  if (ok) {
    char forced[8300], units[8300];
    xc_lib_opts o;
    xc_lib_opts_default(&o);
    o.rulesets_dir = dir;
    if (c->forced) snprintf(forced, sizeof forced, "%s/%s", dir, c->forced), o.rules = forced;
    if (c->units) snprintf(units, sizeof units, "%s/%s", dir, c->units), o.units = units;
    xc_status st = {0};
    lib = xc_lib_open(&o, &st);
    if (!lib) fail(c, "the rulesets do not load: %s%s", xc_status_text(&st, XC_LANG_EN), ""), ok = false;
    xc_status_clear(&st);
  }
  xc_input *in = NULL;
  if (ok) {
    xc_status st = {0};
    in = xc_input_open_mem(lib, zip, zn, "case.xlsx", &st);
    if (!in) fail(c, "the workbook does not open: %s%s", xc_status_text(&st, XC_LANG_EN), ""), ok = false;
    xc_status_clear(&st);
  }
  if (ok && c->identity) {
    xc_status st = {0};
    const xc_identity *id = xc_identify(in, &st);
    char got[1024];
    if (!id) snprintf(got, sizeof got, "unreadable");
    else if (!id->recognised) snprintf(got, sizeof got, "not recognised");
    else
      snprintf(got, sizeof got, "%s|%s|%s|%s|%s|%s|%s", id->form_id, id->scope == XC_SCOPE_A ? "A" : "D",
               id->unit_text, id->unit_code, id->unit_name, id->period_text, id->period);
    if (strcmp(got, c->identity) != 0) fail(c, "identity is \"%s\", want \"%s\"", got, c->identity), ok = false;
    xc_status_clear(&st);
  }
  if (ok && c->findings) {
    xc_diags d;
    xc_diags_init(&d);
    xc_status st = {0};
    if (xc_check(in, XC_LANG_VI, &d, &st) != XC_OK) {
      fail(c, "check failed: %s%s", xc_status_text(&st, XC_LANG_EN), "");
      ok = false;
    } else {
      xc_diags_sort(&d);
      char *got = NULL;
      size_t len = 0;
      append(&got, &len, "", 0);
      for (size_t i = 0; i < d.n; i++) {
        const xc_diag *f = &d.items[i];
        char line[2048];
        int k = snprintf(line, sizeof line, "%s %s", f->rule, xc_severity_name(f->severity, XC_LANG_EN, true));
        if (f->cell[0]) k += snprintf(line + k, sizeof line - (size_t)k, " %s!%s", f->sheet, f->cell);
        if (f->key[0]) k += snprintf(line + k, sizeof line - (size_t)k, " [%s]", f->key);
        snprintf(line + k, sizeof line - (size_t)k, " %s | %s", f->actual, f->expected);
        for (size_t e = strlen(line); e && line[e - 1] == ' '; e--) line[e - 1] = '\0';
        add_line(&got, &len, line);
      }
      if (strcmp(got, c->findings) != 0) {
        printf("FAIL cases.%s: %s:%d: the findings differ\n", c->name, c->path, c->line);
        printf("# got:\n");
        print_lines(len ? got : "(none)");
        printf("# want:\n");
        print_lines(c->findings[0] ? c->findings : "(none)");
        failed++;
        ok = false;
      }
      free(got);
    }
    xc_status_clear(&st);
    xc_diags_free(&d);
  }
  if (ok) {
    printf("ok cases.%s\n", c->name);
    passed++;
  }
  xc_input_free(in);
  xc_lib_free(lib);
  free(zip);
  for (size_t i = 0; i < c->nsheets; i++) free(xml[i]);
  free(xml);
  free(names);
  remove_tree(dir);
}

/* ---- reading a .test file ------------------------------------------------------ */

static void run_file(const char *path) {
  FILE *fp = fopen(path, "r");
  if (!fp) {
    printf("FAIL cases.file: %s: %s\n", path, strerror(errno));
    failed++;
    return;
  }
  test_case c;
  memset(&c, 0, sizeof c);
  char *section = NULL; /* the body being collected */
  size_t section_len = 0;
  enum { S_NONE, S_FILE, S_SHEET, S_FINDINGS, S_IDENTITY } kind = S_NONE;
  char *line = NULL;
  size_t cap = 0;
  ssize_t got;
  int lineno = 0;
  for (;;) {
    got = getline(&line, &cap, fp);
    bool eof = got < 0;
    if (!eof) {
      lineno++;
      if (got && line[got - 1] == '\n') line[--got] = '\0';
    }
    bool header = eof || strncmp(line, "### ", 4) == 0 || strncmp(line, "--- ", 4) == 0;
    if (header) {
      /* close the section collected */
      if (section) strip_trailing_blank(section);
      if (kind == S_FILE) c.files[c.nfiles - 1].body = section ? section : dupn("", 0);
      else if (kind == S_SHEET) c.sheets[c.nsheets - 1].body = section ? section : dupn("", 0);
      else if (kind == S_FINDINGS) c.findings = section ? section : dupn("", 0);
      else if (kind == S_IDENTITY) c.identity = section ? section : dupn("", 0);
      else free(section);
      section = NULL;
      section_len = 0;
      kind = S_NONE;
    }
    if (eof || strncmp(line, "### ", 4) == 0) {
      if (c.name) run_case(&c);
      if (!c.name && !prelude.nfiles) {
        prelude = c; /* the files every case has */
        memset(&c, 0, sizeof c);
      }
      case_free(&c);
      if (eof) break;
      c.name = dupn(line + 4, strlen(line + 4));
      for (char *p = c.name; *p; p++)
        if (*p == ' ') *p = '-';
      c.path = (char *)path;
      c.line = lineno;
      continue;
    }
    if (strncmp(line, "--- ", 4) == 0) {
      const char *arg = strchr(line + 4, ' ');
      const char *what = line + 4;
      arg = arg ? arg + 1 : "";
      if (strncmp(what, "file ", 5) == 0) {
        c.files = realloc(c.files, (c.nfiles + 1) * sizeof *c.files);
        c.files[c.nfiles++] = (named_text){dupn(arg, strlen(arg)), NULL, 0};
        kind = S_FILE;
      } else if (strncmp(what, "sheet ", 6) == 0) {
        c.sheets = realloc(c.sheets, (c.nsheets + 1) * sizeof *c.sheets);
        c.sheets[c.nsheets++] = (named_text){dupn(arg, strlen(arg)), NULL, 0};
        kind = S_SHEET;
      } else if (strncmp(what, "forced ", 7) == 0) {
        c.forced = dupn(arg, strlen(arg));
      } else if (strncmp(what, "units ", 6) == 0) {
        c.units = dupn(arg, strlen(arg));
      } else if (strcmp(what, "findings") == 0) {
        kind = S_FINDINGS;
        section = dupn("", 0);
      } else if (strcmp(what, "identity") == 0) {
        kind = S_IDENTITY;
        section = dupn("", 0);
      } else {
        printf("FAIL cases.file: %s:%d: unknown section \"%s\"\n", path, lineno, what);
        failed++;
      }
      continue;
    }
    if (kind == S_NONE) continue; /* comments and blank lines between sections */
    if (kind != S_FILE && (line[0] == '#' || line[0] == '\0')) continue;
    if (section && (section_len || kind == S_FILE)) append(&section, &section_len, "\n", 1);
    append(&section, &section_len, line, (size_t)got);
  }
  free(line);
  fclose(fp);
  case_free(&prelude);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) run_file(argv[i]);
  printf("# cases: %d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
