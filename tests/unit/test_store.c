/* test_store.c: the submissions store (web/store.c): schema and migration,
 * content-addressed files, versions under concurrency, a full disk, backup. */
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "web/store.h"

#define SUITE "store"

/* A new empty folder for one test (under $XC_TEST_TMP when set). */
static char *new_dir(void) {
  const char *base = getenv("XC_TEST_TMP");
  char tmpl[4096];
  snprintf(tmpl, sizeof tmpl, "%s/store.XXXXXX", base && *base ? base : "/tmp");
  char *d = mkdtemp(tmpl);
  return d ? strdup(d) : NULL;
}

static void rm_rf(const char *path) {
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
  if (system(cmd) != 0) fprintf(stderr, "# could not remove %s\n", path);
}

static size_t count_entries(const char *dir) {
  DIR *d = opendir(dir);
  size_t n = 0;
  struct dirent *e;
  while (d && (e = readdir(d)))
    if (e->d_name[0] != '.') n++;
  if (d) closedir(d);
  return n;
}

static char *read_all(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *b = malloc(1 << 20);
  *n = fread(b, 1, 1 << 20, f);
  fclose(f);
  return b;
}

static xc_submission sub(const char *unit, const char *period, const char *sha) {
  xc_submission s;
  memset(&s, 0, sizeof s);
  snprintf(s.unit, sizeof s.unit, "%s", unit);
  snprintf(s.period, sizeof s.period, "%s", period);
  snprintf(s.sha256, sizeof s.sha256, "%s", sha);
  snprintf(s.name, sizeof s.name, "bao-cao.xlsx");
  snprintf(s.status, sizeof s.status, "ok");
  s.size = 3;
  return s;
}

static const char abc_sha[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

static void schema_versioned(void) {
  char *dir = new_dir();
  REQUIRE(dir);
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_store *st = xc_store_open(dir, &err);
  REQUIRE(st);
  xc_store_close(st);
  char db[4200];
  snprintf(db, sizeof db, "%s/xlsxcheck.db", dir);
  sqlite3 *h;
  REQUIRE(sqlite3_open(db, &h) == SQLITE_OK);
  sqlite3_stmt *q;
  sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &q, NULL);
  CHECK(sqlite3_step(q) == SQLITE_ROW);
  CHECK_INT(sqlite3_column_int(q, 0), XC_STORE_SCHEMA);
  sqlite3_finalize(q);
  sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &q, NULL);
  CHECK(sqlite3_step(q) == SQLITE_ROW);
  CHECK_STR((const char *)sqlite3_column_text(q, 0), "wal");
  sqlite3_finalize(q);
  /* reopening migrates nothing and keeps the rows */
  st = xc_store_open(dir, &err);
  REQUIRE(st);
  CHECK(xc_store_set_unit(st, "608", "Thành phố Kon Tum", 0, &err) == XC_STORE_OK);
  xc_store_close(st);
  st = xc_store_open(dir, &err);
  REQUIRE(st);
  xc_store_unit u;
  CHECK(xc_store_get_unit(st, "608", &u, &err) == XC_STORE_OK);
  CHECK_STR(u.name, "Thành phố Kon Tum");
  CHECK(xc_store_get_unit(st, "999", &u, &err) == XC_STORE_NOTFOUND);
  xc_store_close(st);
  /* a database from a newer program is refused, not changed */
  sqlite3_exec(h, "PRAGMA user_version=99", NULL, NULL, NULL);
  sqlite3_close(h);
  xc_buf_clear(&err);
  st = xc_store_open(dir, &err);
  CHECK(st == NULL);
  CHECK(strstr(xc_buf_str(&err), "newer") != NULL);
  xc_store_close(st);
  xc_buf_free(&err);
  rm_rf(dir);
  free(dir);
}

/* A database of schema 1 (as the first release wrote it, with a row) is
 * brought forward to the current schema at open, its rows kept. */
static void migrates_forward(void) {
  char *dir = new_dir();
  REQUIRE(dir);
  char db[4200];
  snprintf(db, sizeof db, "%s/xlsxcheck.db", dir);
  sqlite3 *h;
  REQUIRE(sqlite3_open(db, &h) == SQLITE_OK);
  const char *v1 =
      "PRAGMA journal_mode=WAL;"
      "CREATE TABLE units(code TEXT PRIMARY KEY, name TEXT NOT NULL, position INTEGER NOT NULL);"
      "CREATE TABLE periods(name TEXT PRIMARY KEY, first_seen INTEGER NOT NULL);"
      "CREATE TABLE submissions(id INTEGER PRIMARY KEY, unit TEXT NOT NULL, period TEXT NOT NULL,"
      " sha256 TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL, time INTEGER NOT NULL,"
      " status TEXT NOT NULL, errors INTEGER NOT NULL, warnings INTEGER NOT NULL,"
      " version INTEGER NOT NULL, UNIQUE(unit, period, version));"
      "CREATE INDEX submissions_period ON submissions(period, unit);"
      "CREATE TABLE secrets(id INTEGER PRIMARY KEY, principal TEXT NOT NULL, hash TEXT NOT NULL, time INTEGER NOT NULL);"
      "CREATE INDEX secrets_principal ON secrets(principal, id);"
      "CREATE TABLE sessions(token_hash TEXT PRIMARY KEY, principal TEXT NOT NULL, csrf TEXT NOT NULL,"
      " created INTEGER NOT NULL, expires INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);"
      "CREATE TABLE events(id INTEGER PRIMARY KEY, time INTEGER NOT NULL, kind TEXT NOT NULL,"
      " principal TEXT, address TEXT, detail TEXT);"
      "CREATE TABLE merges(id INTEGER PRIMARY KEY, period TEXT NOT NULL, sha256 TEXT NOT NULL,"
      " strict INTEGER NOT NULL, inputs TEXT NOT NULL, time INTEGER NOT NULL);"
      "INSERT INTO submissions VALUES (1, '608', 'Quý I/2023', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',"
      " 'a.xlsx', 3, 1700000000, 'ok', 0, 0, 1);"
      "PRAGMA user_version=1;";
  REQUIRE(sqlite3_exec(h, v1, NULL, NULL, NULL) == SQLITE_OK);
  sqlite3_close(h);
  xc_buf err, v;
  xc_buf_init(&err, 0);
  xc_buf_init(&v, 0);
  xc_store *st = xc_store_open(dir, &err);
  REQUIRE(st);
  xc_submission g;
  CHECK(xc_store_get_submission(st, 1, &g, &err) == XC_STORE_OK);
  CHECK_STR(g.unit, "608");
  CHECK(xc_store_get_setting(st, "units_registry", &v, &err) == XC_STORE_NOTFOUND);
  CHECK(xc_store_set_setting(st, "units_registry", "/x/kon-tum.tsv", &err) == XC_STORE_OK);
  CHECK(xc_store_get_setting(st, "units_registry", &v, &err) == XC_STORE_OK);
  CHECK_STR(xc_buf_str(&v), "/x/kon-tum.tsv");
  xc_submission s = sub("608", "Quý I/2023", abc_sha);
  CHECK(xc_store_add_submission(st, &s, &err) == XC_STORE_OK);
  CHECK_INT(s.version, 2);
  xc_store_close(st);
  REQUIRE(sqlite3_open(db, &h) == SQLITE_OK);
  sqlite3_stmt *q;
  sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &q, NULL);
  CHECK(sqlite3_step(q) == SQLITE_ROW);
  CHECK_INT(sqlite3_column_int(q, 0), XC_STORE_SCHEMA);
  sqlite3_finalize(q);
  sqlite3_close(h);
  xc_buf_free(&err);
  xc_buf_free(&v);
  rm_rf(dir);
  free(dir);
}

static void files_by_content(void) {
  char *dir = new_dir();
  REQUIRE(dir);
  xc_buf err;
  xc_buf_init(&err, 0);
  /* a temporary file a crash left behind is removed when the server starts */
  char p[4200];
  snprintf(p, sizeof p, "%s/incoming", dir);
  mkdir(p, 0750);
  snprintf(p, sizeof p, "%s/incoming/put.crash1", dir);
  FILE *f = fopen(p, "w");
  REQUIRE(f);
  fputs("half", f);
  fclose(f);
  xc_store *st = xc_store_open(dir, &err);
  REQUIRE(st);
  snprintf(p, sizeof p, "%s/incoming", dir);
  CHECK_INT(count_entries(p), 1); /* opening leaves it: a server may be writing it */
  xc_store_clean_incoming(st);
  CHECK_INT(count_entries(p), 0);
  char sha[65];
  CHECK(xc_store_put_bytes(st, "abc", 3, sha, &err) == XC_STORE_OK);
  CHECK_STR(sha, abc_sha);
  char path[4200];
  REQUIRE(xc_store_file_path(st, sha, path, sizeof path));
  size_t n = 0;
  char *got = read_all(path, &n);
  REQUIRE(got);
  CHECK_MEM(got, n, "abc", 3);
  free(got);
  /* the same bytes again: the same file, nothing rewritten */
  struct stat a, b;
  stat(path, &a);
  CHECK(xc_store_put_bytes(st, "abc", 3, sha, &err) == XC_STORE_OK);
  stat(path, &b);
  CHECK(a.st_ino == b.st_ino);
  /* from a file */
  char src[4200];
  snprintf(src, sizeof src, "%s/in.xlsx", dir);
  f = fopen(src, "wb");
  REQUIRE(f);
  fputs("abc", f);
  fclose(f);
  int64_t size = 0;
  CHECK(xc_store_put_file(st, src, sha, &size, &err) == XC_STORE_OK);
  CHECK_STR(sha, abc_sha);
  CHECK_INT(size, 3);
  CHECK_INT(count_entries(p), 0);
  /* no hash, no path */
  CHECK(!xc_store_file_path(st, "../../etc/passwd", path, sizeof path));
  CHECK(!xc_store_file_path(st, "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD", path, sizeof path));
  xc_store_close(st);
  xc_buf_free(&err);
  rm_rf(dir);
  free(dir);
}

static void versions(void) {
  char *dir = new_dir();
  REQUIRE(dir);
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_store *st = xc_store_open(dir, &err);
  REQUIRE(st);
  xc_submission s = sub("608", "Quý I/2023", abc_sha);
  REQUIRE(xc_store_add_submission(st, &s, &err) == XC_STORE_OK);
  CHECK_INT(s.version, 1);
  int64_t first = s.id;
  s = sub("608", "Quý I/2023", abc_sha);
  s.errors = 2;
  snprintf(s.status, sizeof s.status, "errors");
  REQUIRE(xc_store_add_submission(st, &s, &err) == XC_STORE_OK);
  CHECK_INT(s.version, 2);
  s = sub("610", "Quý I/2023", abc_sha);
  REQUIRE(xc_store_add_submission(st, &s, &err) == XC_STORE_OK);
  CHECK_INT(s.version, 1);
  s = sub("608", "Quý II/2023", abc_sha);
  REQUIRE(xc_store_add_submission(st, &s, &err) == XC_STORE_OK);
  CHECK_INT(s.version, 1);
  xc_submission *list;
  size_t n = 0;
  REQUIRE(xc_store_list_submissions(st, "608", "Quý I/2023", &list, &n, &err) == XC_STORE_OK);
  REQUIRE_INT(n, 2);
  CHECK_INT(list[0].version, 2); /* newest first */
  CHECK_STR(list[0].status, "errors");
  CHECK_INT(list[0].errors, 2);
  CHECK_INT(list[1].id, first);
  free(list);
  REQUIRE(xc_store_list_submissions(st, NULL, NULL, &list, &n, &err) == XC_STORE_OK);
  CHECK_INT(n, 4);
  free(list);
  xc_submission g;
  CHECK(xc_store_get_submission(st, first, &g, &err) == XC_STORE_OK);
  CHECK_STR(g.unit, "608");
  CHECK_STR(g.name, "bao-cao.xlsx");
  CHECK(xc_store_get_submission(st, 12345, &g, &err) == XC_STORE_NOTFOUND);
  char(*periods)[64];
  REQUIRE(xc_store_list_periods(st, &periods, &n, &err) == XC_STORE_OK);
  CHECK_INT(n, 2);
  free(periods);
  xc_buf res;
  xc_buf_init(&res, 0);
  CHECK(xc_store_integrity(st, &res, &err) == XC_STORE_OK);
  CHECK_STR(xc_buf_str(&res), "ok");
  xc_buf_free(&res);
  xc_store_close(st);
  xc_buf_free(&err);
  rm_rf(dir);
  free(dir);
}

typedef struct {
  xc_store *st;
  int fails;
} racer;

static void *race(void *arg) {
  racer *r = arg;
  xc_buf err;
  xc_buf_init(&err, 0);
  for (int i = 0; i < 10; i++) {
    xc_submission s = sub("608", "Quý I/2023", abc_sha);
    if (xc_store_add_submission(r->st, &s, &err) != XC_STORE_OK) r->fails++;
  }
  xc_buf_free(&err);
  return NULL;
}

/* Eight threads (and so eight connections) submitting for one unit at once:
 * every submission gets its own version, 1..80. */
static void concurrent_versions(void) {
  char *dir = new_dir();
  REQUIRE(dir);
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_store *st = xc_store_open(dir, &err);
  REQUIRE(st);
  pthread_t t[8];
  racer r[8];
  for (int i = 0; i < 8; i++) {
    r[i].st = st;
    r[i].fails = 0;
    pthread_create(&t[i], NULL, race, &r[i]);
  }
  int fails = 0;
  for (int i = 0; i < 8; i++) {
    pthread_join(t[i], NULL);
    fails += r[i].fails;
  }
  CHECK_INT(fails, 0);
  xc_submission *list;
  size_t n = 0;
  REQUIRE(xc_store_list_submissions(st, "608", NULL, &list, &n, &err) == XC_STORE_OK);
  CHECK_INT(n, 80);
  bool seen[81] = {false};
  for (size_t i = 0; i < n; i++)
    if (list[i].version >= 1 && list[i].version <= 80) seen[list[i].version] = true;
  int distinct = 0;
  for (int v = 1; v <= 80; v++) distinct += seen[v];
  CHECK_INT(distinct, 80);
  free(list);
  xc_store_close(st);
  xc_buf_free(&err);
  rm_rf(dir);
  free(dir);
}

/* A full disk while a file is written (a file-size limit makes write fail
 * as ENOSPC would): NOSPACE, and neither a file nor a temporary is left. */
static void disk_full(void) {
  char *dir = new_dir();
  REQUIRE(dir);
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_store *st = xc_store_open(dir, &err);
  REQUIRE(st);
  xc_store_close(st);
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    xc_store *cs = xc_store_open(dir, &err);
    if (!cs) _exit(10);
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {4096, 4096};
    setrlimit(RLIMIT_FSIZE, &rl);
    static char big[100000];
    memset(big, 'x', sizeof big);
    char sha[65];
    xc_store_rc rc = xc_store_put_bytes(cs, big, sizeof big, sha, &err);
    _exit(rc == XC_STORE_NOSPACE ? 0 : 11);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  char p[4200];
  snprintf(p, sizeof p, "%s/incoming", dir);
  CHECK_INT(count_entries(p), 0);
  snprintf(p, sizeof p, "%s/files", dir);
  CHECK_INT(count_entries(p), 0);
  xc_buf_free(&err);
  rm_rf(dir);
  free(dir);
}

static void backup(void) {
  char *dir = new_dir();
  REQUIRE(dir);
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_store *st = xc_store_open(dir, &err);
  REQUIRE(st);
  char sha[65];
  REQUIRE(xc_store_put_bytes(st, "abc", 3, sha, &err) == XC_STORE_OK);
  for (int i = 0; i < 3; i++) {
    xc_submission s = sub("608", "Quý I/2023", sha);
    REQUIRE(xc_store_add_submission(st, &s, &err) == XC_STORE_OK);
  }
  char dest[4200];
  snprintf(dest, sizeof dest, "%s/backup", dir);
  CHECK(xc_store_backup(st, dest, &err) == XC_STORE_OK);
  /* a second backup into the same folder is refused */
  CHECK(xc_store_backup(st, dest, &err) != XC_STORE_OK);
  xc_store_close(st);
  xc_store *bk = xc_store_open(dest, &err);
  REQUIRE(bk);
  xc_submission *list;
  size_t n = 0;
  REQUIRE(xc_store_list_submissions(bk, NULL, NULL, &list, &n, &err) == XC_STORE_OK);
  CHECK_INT(n, 3);
  free(list);
  char path[4400];
  REQUIRE(xc_store_file_path(bk, sha, path, sizeof path));
  size_t len = 0;
  char *got = read_all(path, &len);
  REQUIRE(got);
  CHECK_MEM(got, len, "abc", 3);
  free(got);
  xc_store_close(bk);
  xc_buf_free(&err);
  rm_rf(dir);
  free(dir);
}

const xc_test_case xc_tests_store[] = {TEST(schema_versioned), TEST(migrates_forward), TEST(files_by_content), TEST(versions),
                                       TEST(concurrent_versions), TEST(disk_full), TEST(backup), {0}};
