/* store.c: the submissions store (store.h): SQLite in WAL mode plus a
 * content-addressed folder of files, written so that a crash at any moment
 * leaves either nothing or a complete file, and a row only for a complete,
 * fsync'd file. */
#include "store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../alloc.h"

#define POOL_MAX 16
#define BUSY_MS 30000

struct xc_store {
  char *dir;
  pthread_mutex_t lock;
  sqlite3 *idle[POOL_MAX];
  size_t nidle;
};

int64_t xc_store_now(void) { return (int64_t)time(NULL); }

const char *xc_store_dir(const xc_store *st) { return st->dir; }

/* ---- the schema and its migrations ---- */

/* Migration k takes user_version k to k+1; append, never edit. */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE units(code TEXT PRIMARY KEY, name TEXT NOT NULL, position INTEGER NOT NULL);"
    "CREATE TABLE periods(name TEXT PRIMARY KEY, first_seen INTEGER NOT NULL);"
    "CREATE TABLE submissions(id INTEGER PRIMARY KEY, unit TEXT NOT NULL, period TEXT NOT NULL,"
    " sha256 TEXT NOT NULL, name TEXT NOT NULL, size INTEGER NOT NULL, time INTEGER NOT NULL,"
    " status TEXT NOT NULL, errors INTEGER NOT NULL, warnings INTEGER NOT NULL,"
    " version INTEGER NOT NULL, UNIQUE(unit, period, version));"
    "CREATE INDEX submissions_period ON submissions(period, unit);"
    "CREATE TABLE secrets(id INTEGER PRIMARY KEY, principal TEXT NOT NULL, hash TEXT NOT NULL,"
    " time INTEGER NOT NULL);"
    "CREATE INDEX secrets_principal ON secrets(principal, id);"
    "CREATE TABLE sessions(token_hash TEXT PRIMARY KEY, principal TEXT NOT NULL, csrf TEXT NOT NULL,"
    " created INTEGER NOT NULL, expires INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE events(id INTEGER PRIMARY KEY, time INTEGER NOT NULL, kind TEXT NOT NULL,"
    " principal TEXT, address TEXT, detail TEXT);"
    "CREATE INDEX events_principal ON events(kind, principal, time);"
    "CREATE INDEX events_address ON events(kind, address, time);"
    "CREATE TABLE merges(id INTEGER PRIMARY KEY, period TEXT NOT NULL, sha256 TEXT NOT NULL,"
    " strict INTEGER NOT NULL, inputs TEXT NOT NULL, time INTEGER NOT NULL);",
    /* 1 -> 2: settings the commands leave for the server (the units registry codes used) */
    "CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);",
};
#define NMIGRATIONS (sizeof migrations / sizeof migrations[0])

static void db_err(xc_buf *err, sqlite3 *db, const char *what) {
  if (err) xc_buf_printf(err, "%s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
}

static bool exec(sqlite3 *db, const char *sql, xc_buf *err) {
  char *msg = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK) return true;
  if (err) xc_buf_printf(err, "database: %s", msg ? msg : sqlite3_errmsg(db));
  sqlite3_free(msg);
  return false;
}

static int user_version(sqlite3 *db) {
  sqlite3_stmt *q;
  int v = -1;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK) return -1;
  if (sqlite3_step(q) == SQLITE_ROW) v = sqlite3_column_int(q, 0);
  sqlite3_finalize(q);
  return v;
}

/* Brings the schema forward, in one write transaction (two servers opening
 * one store at once migrate it once). */
static bool migrate(sqlite3 *db, xc_buf *err) {
  if (!exec(db, "BEGIN IMMEDIATE", err)) return false;
  int v = user_version(db);
  if (v < 0 || v > (int)NMIGRATIONS) {
    if (err) xc_buf_printf(err, "database schema version %d is newer than this program knows (%d)", v, (int)NMIGRATIONS);
    exec(db, "ROLLBACK", NULL);
    return false;
  }
  for (; v < (int)NMIGRATIONS; v++) {
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", v + 1);
    if (!exec(db, migrations[v], err) || !exec(db, pragma, err)) {
      exec(db, "ROLLBACK", NULL);
      return false;
    }
  }
  return exec(db, "COMMIT", err);
}

static sqlite3 *db_open(const char *dir, xc_buf *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/xlsxcheck.db", dir);
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK) {
    db_err(err, db, path);
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_busy_timeout(db, BUSY_MS);
  /* WAL: readers never wait for the writer; FULL: a committed row survives
   * power loss, not only a killed process. */
  if (!exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", err)) {
    sqlite3_close(db);
    return NULL;
  }
  return db;
}

static sqlite3 *take(xc_store *st, xc_buf *err) {
  pthread_mutex_lock(&st->lock);
  sqlite3 *db = st->nidle ? st->idle[--st->nidle] : NULL;
  pthread_mutex_unlock(&st->lock);
  return db ? db : db_open(st->dir, err);
}

static void give(xc_store *st, sqlite3 *db) {
  if (!db) return;
  pthread_mutex_lock(&st->lock);
  if (st->nidle < POOL_MAX) {
    st->idle[st->nidle++] = db;
    db = NULL;
  }
  pthread_mutex_unlock(&st->lock);
  if (db) sqlite3_close(db);
}

/* ---- files ---- */

static bool fsync_dir(const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = fsync(fd) == 0;
  close(fd);
  return ok;
}

static bool make_dir(const char *path, xc_buf *err) {
  if (mkdir(path, 0750) == 0 || errno == EEXIST) {
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) return true;
    errno = ENOTDIR;
  }
  if (err) xc_buf_printf(err, "%s: %s", path, strerror(errno));
  return false;
}

/* Removes what a crash left in DIR/incoming (files never linked under a hash). */
static void clean_tmp(const char *tmpdir) {
  DIR *d = opendir(tmpdir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char p[4096 + 512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, e->d_name);
    unlink(p);
  }
  closedir(d);
}

static bool is_hash(const char *s) {
  size_t i = 0;
  for (; s[i] && i < 64; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
  return i == 64 && s[i] == '\0';
}

bool xc_store_file_path(const xc_store *st, const char *sha256, char *out, size_t cap) {
  if (!sha256 || !is_hash(sha256)) return false;
  int n = snprintf(out, cap, "%s/files/%.2s/%s", st->dir, sha256, sha256);
  return n > 0 && (size_t)n < cap;
}

static xc_store_rc io_fail(xc_buf *err, const char *what, int e) {
  if (err) xc_buf_printf(err, "%s: %s", what, strerror(e));
  return e == ENOSPC || e == EDQUOT || e == EFBIG ? XC_STORE_NOSPACE : XC_STORE_FAIL;
}

typedef struct {
  int fd;
  char path[4096];
  struct sha256_ctx sha;
  int64_t size;
} tmpfile_w;

static xc_store_rc tmp_begin(xc_store *st, tmpfile_w *t, xc_buf *err) {
  snprintf(t->path, sizeof t->path, "%s/incoming/put.XXXXXX", st->dir);
  t->fd = mkstemp(t->path);
  if (t->fd < 0) return io_fail(err, "temporary file", errno);
  sha256_init(&t->sha);
  t->size = 0;
  return XC_STORE_OK;
}

static xc_store_rc tmp_write(tmpfile_w *t, const void *p, size_t n, xc_buf *err) {
  const char *c = p;
  sha256_update(&t->sha, n, (const uint8_t *)p);
  t->size += (int64_t)n;
  while (n) {
    ssize_t w = write(t->fd, c, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return io_fail(err, "writing the file", w < 0 ? errno : ENOSPC);
    c += w;
    n -= (size_t)w;
  }
  return XC_STORE_OK;
}

static void tmp_abort(tmpfile_w *t) {
  if (t->fd >= 0) close(t->fd);
  t->fd = -1;
  unlink(t->path);
}

/* fsync, then link under the hash (an existing file of that hash holds the
 * same bytes and stays as it is), fsync the folder, drop the temporary name. */
static xc_store_rc tmp_commit(xc_store *st, tmpfile_w *t, char sha256[65], xc_buf *err) {
  uint8_t d[SHA256_DIGEST_SIZE];
  sha256_digest(&t->sha, sizeof d, d);
  for (size_t i = 0; i < sizeof d; i++) snprintf(sha256 + 2 * i, 3, "%02x", d[i]);
  if (fsync(t->fd) != 0) {
    xc_store_rc rc = io_fail(err, "saving the file", errno);
    tmp_abort(t);
    return rc;
  }
  if (close(t->fd) != 0) {
    t->fd = -1;
    xc_store_rc rc = io_fail(err, "saving the file", errno);
    tmp_abort(t);
    return rc;
  }
  t->fd = -1;
  char sub[4096], dest[4096 + 80];
  snprintf(sub, sizeof sub, "%s/files/%.2s", st->dir, sha256);
  if (mkdir(sub, 0750) == 0) {
    char files[4096];
    snprintf(files, sizeof files, "%s/files", st->dir);
    fsync_dir(files);
  } else if (errno != EEXIST) {
    xc_store_rc rc = io_fail(err, sub, errno);
    tmp_abort(t);
    return rc;
  }
  snprintf(dest, sizeof dest, "%s/%s", sub, sha256);
  if (link(t->path, dest) != 0 && errno != EEXIST) {
    xc_store_rc rc = io_fail(err, dest, errno);
    tmp_abort(t);
    return rc;
  }
  unlink(t->path);
  if (!fsync_dir(sub)) return io_fail(err, sub, errno);
  return XC_STORE_OK;
}

xc_store_rc xc_store_put_file(xc_store *st, const char *src, char sha256[65], int64_t *size, xc_buf *err) {
  int in = open(src, O_RDONLY | O_CLOEXEC);
  if (in < 0) return io_fail(err, src, errno);
  tmpfile_w t;
  xc_store_rc rc = tmp_begin(st, &t, err);
  if (rc != XC_STORE_OK) {
    close(in);
    return rc;
  }
  char buf[65536];
  for (;;) {
    ssize_t r = read(in, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      rc = io_fail(err, src, errno);
      break;
    }
    if (r == 0) break;
    if ((rc = tmp_write(&t, buf, (size_t)r, err)) != XC_STORE_OK) break;
  }
  close(in);
  if (rc != XC_STORE_OK) {
    tmp_abort(&t);
    return rc;
  }
  if (size) *size = t.size;
  return tmp_commit(st, &t, sha256, err);
}

xc_store_rc xc_store_put_bytes(xc_store *st, const void *p, size_t n, char sha256[65], xc_buf *err) {
  tmpfile_w t;
  xc_store_rc rc = tmp_begin(st, &t, err);
  if (rc != XC_STORE_OK) return rc;
  if ((rc = tmp_write(&t, p, n, err)) != XC_STORE_OK) {
    tmp_abort(&t);
    return rc;
  }
  return tmp_commit(st, &t, sha256, err);
}

/* ---- open / close ---- */

xc_store *xc_store_open(const char *dir, xc_buf *err) {
  char p[4096];
  if (strlen(dir) > 3000) {
    if (err) xc_buf_printf(err, "data folder name too long");
    return NULL;
  }
  if (!make_dir(dir, err)) return NULL;
  snprintf(p, sizeof p, "%s/files", dir);
  if (!make_dir(p, err)) return NULL;
  snprintf(p, sizeof p, "%s/incoming", dir);
  if (!make_dir(p, err)) return NULL;
  fsync_dir(dir);
  xc_store *st = xc_try_calloc(1, sizeof *st);
  if (st) st->dir = xc_try_malloc(strlen(dir) + 1);
  if (!st || !st->dir) {
    free(st);
    xc_buf_adds(err, "out of memory");
    err->nomem = true;
    return NULL;
  }
  strcpy(st->dir, dir);
  pthread_mutex_init(&st->lock, NULL);
  sqlite3 *db = db_open(dir, err);
  if (!db || !migrate(db, err)) {
    sqlite3_close(db);
    xc_store_close(st);
    return NULL;
  }
  give(st, db);
  return st;
}

void xc_store_clean_incoming(xc_store *st) {
  char p[4096];
  snprintf(p, sizeof p, "%s/incoming", st->dir);
  clean_tmp(p);
}

void xc_store_close(xc_store *st) {
  if (!st) return;
  for (size_t i = 0; i < st->nidle; i++) sqlite3_close(st->idle[i]);
  pthread_mutex_destroy(&st->lock);
  free(st->dir);
  free(st);
}

/* ---- statements ---- */

/* Prepares sql and binds the arguments described by types: 't' text (NULL
 * binds NULL), 'i' int64. */
static sqlite3_stmt *prep(sqlite3 *db, const char *sql, const char *types, const void *const *args, xc_buf *err) {
  sqlite3_stmt *q = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK) {
    db_err(err, db, "database");
    return NULL;
  }
  for (int i = 0; types && types[i]; i++) {
    int rc = types[i] == 't' ? (args[i] ? sqlite3_bind_text(q, i + 1, args[i], -1, SQLITE_TRANSIENT)
                                        : sqlite3_bind_null(q, i + 1))
                             : sqlite3_bind_int64(q, i + 1, *(const int64_t *)args[i]);
    if (rc != SQLITE_OK) {
      db_err(err, db, "database");
      sqlite3_finalize(q);
      return NULL;
    }
  }
  return q;
}

/* The text of the first column of the first row of sql (one text parameter
 * ?1 = arg) into out: XC_STORE_NOTFOUND when there is no row. */
static xc_store_rc one_text(xc_store *st, const char *sql, const char *arg, xc_buf *out, xc_buf *err) {
  sqlite3 *db = take(st, err);
  if (!db) return XC_STORE_FAIL;
  const void *a[] = {arg};
  sqlite3_stmt *q = prep(db, sql, "t", a, err);
  xc_store_rc rc = XC_STORE_FAIL;
  if (q) {
    int s = sqlite3_step(q);
    if (s == SQLITE_ROW) {
      xc_buf_clear(out);
      xc_buf_adds(out, (const char *)sqlite3_column_text(q, 0));
      rc = XC_STORE_OK;
    } else if (s == SQLITE_DONE) rc = XC_STORE_NOTFOUND;
    else db_err(err, db, "database");
    sqlite3_finalize(q);
  }
  give(st, db);
  return rc;
}

/* Runs a statement that returns no rows. */
static xc_store_rc run(xc_store *st, const char *sql, const char *types, const void *const *args, xc_buf *err) {
  sqlite3 *db = take(st, err);
  if (!db) return XC_STORE_FAIL;
  sqlite3_stmt *q = prep(db, sql, types, args, err);
  xc_store_rc rc = XC_STORE_FAIL;
  if (q) {
    int s = sqlite3_step(q);
    if (s == SQLITE_DONE) rc = XC_STORE_OK;
    else {
      db_err(err, db, "database");
      if (s == SQLITE_FULL) rc = XC_STORE_NOSPACE;
    }
    sqlite3_finalize(q);
  }
  give(st, db);
  return rc;
}

static void copy_text(char *dst, size_t cap, const unsigned char *src) {
  snprintf(dst, cap, "%s", src ? (const char *)src : "");
}

#define SUB_COLS "id, unit, period, sha256, name, size, time, status, errors, warnings, version"

static void read_sub(sqlite3_stmt *q, xc_submission *s) {
  memset(s, 0, sizeof *s);
  s->id = sqlite3_column_int64(q, 0);
  copy_text(s->unit, sizeof s->unit, sqlite3_column_text(q, 1));
  copy_text(s->period, sizeof s->period, sqlite3_column_text(q, 2));
  copy_text(s->sha256, sizeof s->sha256, sqlite3_column_text(q, 3));
  copy_text(s->name, sizeof s->name, sqlite3_column_text(q, 4));
  s->size = sqlite3_column_int64(q, 5);
  s->time = sqlite3_column_int64(q, 6);
  copy_text(s->status, sizeof s->status, sqlite3_column_text(q, 7));
  s->errors = sqlite3_column_int64(q, 8);
  s->warnings = sqlite3_column_int64(q, 9);
  s->version = sqlite3_column_int64(q, 10);
}

xc_store_rc xc_store_add_submission(xc_store *st, xc_submission *s, xc_buf *err) {
  sqlite3 *db = take(st, err);
  if (!db) return XC_STORE_FAIL;
  xc_store_rc rc = XC_STORE_FAIL;
  sqlite3_stmt *q = NULL;
  /* BEGIN IMMEDIATE takes the write lock first, so two uploads of one unit
   * at once read different version numbers (the other waits, busy_timeout). */
  if (!exec(db, "BEGIN IMMEDIATE", err)) goto out;
  s->time = xc_store_now();
  const void *a1[] = {s->unit, s->period};
  q = prep(db, "SELECT COALESCE(MAX(version), 0) + 1 FROM submissions WHERE unit = ?1 AND period = ?2", "tt", a1,
           err);
  if (!q || sqlite3_step(q) != SQLITE_ROW) goto fail;
  s->version = sqlite3_column_int64(q, 0);
  sqlite3_finalize(q);
  const void *a2[] = {s->period, &s->time};
  q = prep(db, "INSERT OR IGNORE INTO periods(name, first_seen) VALUES (?1, ?2)", "ti", a2, err);
  if (!q || sqlite3_step(q) != SQLITE_DONE) goto fail;
  sqlite3_finalize(q);
  const void *a3[] = {s->unit,   s->period, s->sha256,   s->name,   &s->size,
                      &s->time, s->status, &s->errors, &s->warnings, &s->version};
  q = prep(db,
           "INSERT INTO submissions(unit, period, sha256, name, size, time, status, errors, warnings, version)"
           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
           "ttttiitiii", a3, err);
  if (!q) goto fail;
  int step = sqlite3_step(q);
  if (step != SQLITE_DONE) {
    db_err(err, db, "database");
    if (step == SQLITE_FULL) rc = XC_STORE_NOSPACE;
    goto fail;
  }
  sqlite3_finalize(q);
  q = NULL;
  s->id = sqlite3_last_insert_rowid(db);
  if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
    int ec = sqlite3_errcode(db);
    db_err(err, db, "database");
    if (ec == SQLITE_FULL) rc = XC_STORE_NOSPACE;
    goto fail;
  }
  rc = XC_STORE_OK;
  goto out;
fail:
  sqlite3_finalize(q);
  q = NULL;
  if (!sqlite3_get_autocommit(db)) exec(db, "ROLLBACK", NULL);
out:
  give(st, db);
  return rc;
}

xc_store_rc xc_store_list_submissions(xc_store *st, const char *unit, const char *period, xc_submission **out,
                                      size_t *n, xc_buf *err) {
  *out = NULL;
  *n = 0;
  sqlite3 *db = take(st, err);
  if (!db) return XC_STORE_FAIL;
  const void *a[] = {unit, period};
  sqlite3_stmt *q = prep(db,
                         "SELECT " SUB_COLS " FROM submissions WHERE (?1 IS NULL OR unit = ?1)"
                         " AND (?2 IS NULL OR period = ?2) ORDER BY id DESC",
                         "tt", a, err);
  xc_store_rc rc = XC_STORE_FAIL;
  if (q) {
    size_t cap = 0;
    int s;
    while ((s = sqlite3_step(q)) == SQLITE_ROW) {
      if (*n == cap) {
        void *more = xc_try_realloc(*out, (cap ? 2 * cap : 16) * sizeof **out);
        if (!more) {
          s = SQLITE_NOMEM;
          break;
        }
        *out = more;
        cap = cap ? 2 * cap : 16;
      }
      read_sub(q, &(*out)[(*n)++]);
    }
    if (s == SQLITE_DONE) rc = XC_STORE_OK;
    else db_err(err, db, "database");
    sqlite3_finalize(q);
  }
  give(st, db);
  return rc;
}

xc_store_rc xc_store_get_submission(xc_store *st, int64_t id, xc_submission *out, xc_buf *err) {
  sqlite3 *db = take(st, err);
  if (!db) return XC_STORE_FAIL;
  const void *a[] = {&id};
  sqlite3_stmt *q = prep(db, "SELECT " SUB_COLS " FROM submissions WHERE id = ?1", "i", a, err);
  xc_store_rc rc = XC_STORE_FAIL;
  if (q) {
    int s = sqlite3_step(q);
    if (s == SQLITE_ROW) {
      read_sub(q, out);
      rc = XC_STORE_OK;
    } else if (s == SQLITE_DONE) rc = XC_STORE_NOTFOUND;
    else db_err(err, db, "database");
    sqlite3_finalize(q);
  }
  give(st, db);
  return rc;
}

xc_store_rc xc_store_list_periods(xc_store *st, char (**out)[64], size_t *n, xc_buf *err) {
  *out = NULL;
  *n = 0;
  sqlite3 *db = take(st, err);
  if (!db) return XC_STORE_FAIL;
  sqlite3_stmt *q = prep(db, "SELECT name FROM periods ORDER BY first_seen DESC, name", NULL, NULL, err);
  xc_store_rc rc = XC_STORE_FAIL;
  if (q) {
    size_t cap = 0;
    int s;
    while ((s = sqlite3_step(q)) == SQLITE_ROW) {
      if (*n == cap) {
        void *more = xc_try_realloc(*out, (cap ? 2 * cap : 8) * sizeof **out);
        if (!more) {
          s = SQLITE_NOMEM;
          break;
        }
        *out = more;
        cap = cap ? 2 * cap : 8;
      }
      copy_text((*out)[(*n)++], 64, sqlite3_column_text(q, 0));
    }
    if (s == SQLITE_DONE) rc = XC_STORE_OK;
    else db_err(err, db, "database");
    sqlite3_finalize(q);
  }
  give(st, db);
  return rc;
}

xc_store_rc xc_store_set_unit(xc_store *st, const char *code, const char *name, int position, xc_buf *err) {
  int64_t pos = position;
  const void *a[] = {code, name, &pos};
  return run(st,
             "INSERT INTO units(code, name, position) VALUES (?1, ?2, ?3)"
             " ON CONFLICT(code) DO UPDATE SET name = excluded.name, position = excluded.position",
             "tti", a, err);
}

xc_store_rc xc_store_list_units(xc_store *st, xc_store_unit **out, size_t *n, xc_buf *err) {
  *out = NULL;
  *n = 0;
  sqlite3 *db = take(st, err);
  if (!db) return XC_STORE_FAIL;
  sqlite3_stmt *q = prep(db, "SELECT code, name FROM units ORDER BY position, code", NULL, NULL, err);
  xc_store_rc rc = XC_STORE_FAIL;
  if (q) {
    size_t cap = 0;
    int s;
    while ((s = sqlite3_step(q)) == SQLITE_ROW) {
      if (*n == cap) {
        void *more = xc_try_realloc(*out, (cap ? 2 * cap : 16) * sizeof **out);
        if (!more) {
          s = SQLITE_NOMEM;
          break;
        }
        *out = more;
        cap = cap ? 2 * cap : 16;
      }
      xc_store_unit *u = &(*out)[(*n)++];
      copy_text(u->code, sizeof u->code, sqlite3_column_text(q, 0));
      copy_text(u->name, sizeof u->name, sqlite3_column_text(q, 1));
    }
    if (s == SQLITE_DONE) rc = XC_STORE_OK;
    else db_err(err, db, "database");
    sqlite3_finalize(q);
  }
  give(st, db);
  return rc;
}

xc_store_rc xc_store_get_unit(xc_store *st, const char *code, xc_store_unit *out, xc_buf *err) {
  sqlite3 *db = take(st, err);
  if (!db) return XC_STORE_FAIL;
  const void *a[] = {code};
  sqlite3_stmt *q = prep(db, "SELECT code, name FROM units WHERE code = ?1", "t", a, err);
  xc_store_rc rc = XC_STORE_FAIL;
  if (q) {
    int s = sqlite3_step(q);
    if (s == SQLITE_ROW) {
      copy_text(out->code, sizeof out->code, sqlite3_column_text(q, 0));
      copy_text(out->name, sizeof out->name, sqlite3_column_text(q, 1));
      rc = XC_STORE_OK;
    } else if (s == SQLITE_DONE) rc = XC_STORE_NOTFOUND;
    else db_err(err, db, "database");
    sqlite3_finalize(q);
  }
  give(st, db);
  return rc;
}

xc_store_rc xc_store_set_secret(xc_store *st, const char *principal, const char *hash, xc_buf *err) {
  int64_t now = xc_store_now();
  const void *a[] = {principal, hash, &now};
  return run(st, "INSERT INTO secrets(principal, hash, time) VALUES (?1, ?2, ?3)", "tti", a, err);
}

xc_store_rc xc_store_get_secret(xc_store *st, const char *principal, xc_buf *hash, xc_buf *err) {
  return one_text(st, "SELECT hash FROM secrets WHERE principal = ?1 ORDER BY id DESC LIMIT 1", principal, hash, err);
}

xc_store_rc xc_store_add_session(xc_store *st, const char *token_hash, const char *principal, const char *csrf,
                                 int64_t expires, xc_buf *err) {
  int64_t now = xc_store_now();
  const void *a[] = {token_hash, principal, csrf, &now, &expires};
  return run(st, "INSERT INTO sessions(token_hash, principal, csrf, created, expires) VALUES (?1, ?2, ?3, ?4, ?5)",
             "tttii", a, err);
}

xc_store_rc xc_store_get_session(xc_store *st, const char *token_hash, int64_t now, char *principal, char *csrf,
                                 xc_buf *err) {
  sqlite3 *db = take(st, err);
  if (!db) return XC_STORE_FAIL;
  const void *a[] = {token_hash, &now};
  sqlite3_stmt *q = prep(db,
                         "SELECT principal, csrf FROM sessions WHERE token_hash = ?1 AND revoked = 0"
                         " AND expires > ?2",
                         "ti", a, err);
  xc_store_rc rc = XC_STORE_FAIL;
  if (q) {
    int s = sqlite3_step(q);
    if (s == SQLITE_ROW) {
      copy_text(principal, 32, sqlite3_column_text(q, 0));
      copy_text(csrf, 65, sqlite3_column_text(q, 1));
      rc = XC_STORE_OK;
    } else if (s == SQLITE_DONE) rc = XC_STORE_NOTFOUND;
    else db_err(err, db, "database");
    sqlite3_finalize(q);
  }
  give(st, db);
  return rc;
}

xc_store_rc xc_store_revoke_session(xc_store *st, const char *token_hash, xc_buf *err) {
  const void *a[] = {token_hash};
  return run(st, "UPDATE sessions SET revoked = 1 WHERE token_hash = ?1", "t", a, err);
}

xc_store_rc xc_store_event(xc_store *st, const char *kind, const char *principal, const char *address,
                           const char *detail, xc_buf *err) {
  int64_t now = xc_store_now();
  const void *a[] = {&now, kind, principal, address, detail};
  return run(st, "INSERT INTO events(time, kind, principal, address, detail) VALUES (?1, ?2, ?3, ?4, ?5)", "ittt" "t",
             a, err);
}

/* One number from a query over events of a kind for a principal or address. */
static xc_store_rc event_number(xc_store *st, const char *sql, const char *kind, const char *principal,
                                const char *address, int64_t since, int64_t *value, xc_buf *err) {
  *value = 0;
  sqlite3 *db = take(st, err);
  if (!db) return XC_STORE_FAIL;
  const void *a[] = {kind, principal, address, &since};
  sqlite3_stmt *q = prep(db, sql, "ttti", a, err);
  xc_store_rc rc = XC_STORE_FAIL;
  if (q) {
    if (sqlite3_step(q) == SQLITE_ROW) {
      *value = sqlite3_column_int64(q, 0);
      rc = XC_STORE_OK;
    } else db_err(err, db, "database");
    sqlite3_finalize(q);
  }
  give(st, db);
  return rc;
}

xc_store_rc xc_store_count_events(xc_store *st, const char *kind, const char *principal, const char *address,
                                  int64_t since, int64_t *count, xc_buf *err) {
  return event_number(st,
                      "SELECT COUNT(*) FROM events WHERE kind = ?1 AND time >= ?4 AND"
                      " ((?2 IS NOT NULL AND principal = ?2) OR (?3 IS NOT NULL AND address = ?3))",
                      kind, principal, address, since, count, err);
}

xc_store_rc xc_store_last_event(xc_store *st, const char *kind, const char *principal, const char *address,
                                int64_t *time, xc_buf *err) {
  return event_number(st,
                      "SELECT COALESCE(MAX(time), 0) FROM events WHERE kind = ?1 AND time >= ?4 AND"
                      " ((?2 IS NOT NULL AND principal = ?2) OR (?3 IS NOT NULL AND address = ?3))",
                      kind, principal, address, 0, time, err);
}

xc_store_rc xc_store_add_merge(xc_store *st, const char *period, const char *sha256, bool strict, const char *inputs,
                               int64_t *id, xc_buf *err) {
  sqlite3 *db = take(st, err);
  if (!db) return XC_STORE_FAIL;
  int64_t now = xc_store_now(), s = strict;
  const void *a[] = {period, sha256, &s, inputs, &now};
  sqlite3_stmt *q = prep(db, "INSERT INTO merges(period, sha256, strict, inputs, time) VALUES (?1, ?2, ?3, ?4, ?5)",
                         "ttiti", a, err);
  xc_store_rc rc = XC_STORE_FAIL;
  if (q) {
    int step = sqlite3_step(q);
    if (step == SQLITE_DONE) {
      rc = XC_STORE_OK;
      if (id) *id = sqlite3_last_insert_rowid(db);
    } else {
      db_err(err, db, "database");
      if (step == SQLITE_FULL) rc = XC_STORE_NOSPACE;
    }
    sqlite3_finalize(q);
  }
  give(st, db);
  return rc;
}

xc_store_rc xc_store_get_merge(xc_store *st, int64_t id, xc_store_merge *out, xc_buf *err) {
  memset(out, 0, sizeof *out);
  sqlite3 *db = take(st, err);
  if (!db) return XC_STORE_FAIL;
  const void *a[] = {&id};
  sqlite3_stmt *q = prep(db, "SELECT id, period, sha256, strict, inputs, time FROM merges WHERE id = ?1", "i", a, err);
  xc_store_rc rc = XC_STORE_FAIL;
  if (q) {
    int s = sqlite3_step(q);
    if (s == SQLITE_ROW) {
      out->id = sqlite3_column_int64(q, 0);
      copy_text(out->period, sizeof out->period, sqlite3_column_text(q, 1));
      copy_text(out->sha256, sizeof out->sha256, sqlite3_column_text(q, 2));
      out->strict = sqlite3_column_int(q, 3) != 0;
      const unsigned char *in = sqlite3_column_text(q, 4);
      const char *text = in ? (const char *)in : "";
      out->inputs = xc_try_malloc(strlen(text) + 1);
      if (out->inputs) strcpy(out->inputs, text);
      out->time = sqlite3_column_int64(q, 5);
      rc = out->inputs ? XC_STORE_OK : XC_STORE_FAIL;
    } else if (s == SQLITE_DONE) rc = XC_STORE_NOTFOUND;
    else db_err(err, db, "database");
    sqlite3_finalize(q);
  }
  give(st, db);
  return rc;
}

xc_store_rc xc_store_set_setting(xc_store *st, const char *key, const char *value, xc_buf *err) {
  const void *a[] = {key, value};
  return run(st, "INSERT INTO settings(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
             "tt", a, err);
}

xc_store_rc xc_store_get_setting(xc_store *st, const char *key, xc_buf *value, xc_buf *err) {
  return one_text(st, "SELECT value FROM settings WHERE key = ?1", key, value, err);
}

/* ---- backup ---- */

static xc_store_rc copy_file(const char *from, const char *to, xc_buf *err) {
  int in = open(from, O_RDONLY | O_CLOEXEC);
  if (in < 0) return io_fail(err, from, errno);
  int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (out < 0) {
    close(in);
    return io_fail(err, to, errno);
  }
  char buf[65536];
  xc_store_rc rc = XC_STORE_OK;
  for (;;) {
    ssize_t r = read(in, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      rc = io_fail(err, from, errno);
      break;
    }
    if (r == 0) break;
    for (ssize_t off = 0; off < r;) {
      ssize_t w = write(out, buf + off, (size_t)(r - off));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        rc = io_fail(err, to, w < 0 ? errno : ENOSPC);
        break;
      }
      off += w;
    }
    if (rc != XC_STORE_OK) break;
  }
  close(in);
  if (rc == XC_STORE_OK && fsync(out) != 0) rc = io_fail(err, to, errno);
  if (close(out) != 0 && rc == XC_STORE_OK) rc = io_fail(err, to, errno);
  return rc;
}

static xc_store_rc copy_files(const char *from, const char *to, xc_buf *err) {
  DIR *d = opendir(from);
  if (!d) return io_fail(err, from, errno);
  xc_store_rc rc = XC_STORE_OK;
  struct dirent *e;
  while (rc == XC_STORE_OK && (e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s/%s", from, e->d_name);
    snprintf(b, sizeof b, "%s/%s", to, e->d_name);
    struct stat sb;
    if (stat(a, &sb) != 0) continue;
    if (S_ISDIR(sb.st_mode)) {
      if (mkdir(b, 0750) != 0 && errno != EEXIST) rc = io_fail(err, b, errno);
      else if ((rc = copy_files(a, b, err)) == XC_STORE_OK) fsync_dir(b);
    } else if (S_ISREG(sb.st_mode)) {
      rc = copy_file(a, b, err);
    }
  }
  closedir(d);
  return rc;
}

xc_store_rc xc_store_backup(xc_store *st, const char *dest, xc_buf *err) {
  if (strlen(dest) > 3000) {
    if (err) xc_buf_printf(err, "backup folder name too long");
    return XC_STORE_FAIL;
  }
  if (mkdir(dest, 0750) != 0) return io_fail(err, dest, errno);
  char p[4096], q[4096];
  snprintf(p, sizeof p, "%s/files", dest);
  if (mkdir(p, 0750) != 0) return io_fail(err, p, errno);
  /* the database first: every row it holds names a file that was complete
   * before the row existed, so the file copy that follows has them all */
  snprintf(p, sizeof p, "%s/xlsxcheck.db", dest);
  sqlite3 *to = NULL;
  xc_store_rc rc = XC_STORE_FAIL;
  sqlite3 *from = take(st, err);
  if (!from) return XC_STORE_FAIL;
  if (sqlite3_open_v2(p, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    db_err(err, to, p);
  } else {
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    if (!b) db_err(err, to, "backup");
    else {
      int s;
      /* all pages in one step: a writer in between would restart the copy */
      while ((s = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || s == SQLITE_LOCKED) sqlite3_sleep(50);
      sqlite3_backup_finish(b);
      if (s == SQLITE_DONE) rc = XC_STORE_OK;
      else {
        if (err) xc_buf_printf(err, "backup: %s", sqlite3_errstr(s));
        rc = s == SQLITE_FULL ? XC_STORE_NOSPACE : XC_STORE_FAIL;
      }
    }
  }
  if (to && sqlite3_close(to) != SQLITE_OK && rc == XC_STORE_OK) rc = XC_STORE_FAIL;
  give(st, from);
  if (rc != XC_STORE_OK) return rc;
  snprintf(q, sizeof q, "%s/files", st->dir);
  snprintf(p, sizeof p, "%s/files", dest);
  if ((rc = copy_files(q, p, err)) != XC_STORE_OK) return rc;
  fsync_dir(p);
  fsync_dir(dest);
  return XC_STORE_OK;
}

xc_store_rc xc_store_integrity(xc_store *st, xc_buf *result, xc_buf *err) {
  sqlite3 *db = take(st, err);
  if (!db) return XC_STORE_FAIL;
  sqlite3_stmt *q = prep(db, "PRAGMA integrity_check", NULL, NULL, err);
  xc_store_rc rc = XC_STORE_FAIL;
  if (q) {
    int s;
    xc_buf_clear(result);
    while ((s = sqlite3_step(q)) == SQLITE_ROW) {
      if (result->len) xc_buf_addc(result, '\n');
      xc_buf_adds(result, (const char *)sqlite3_column_text(q, 0));
    }
    if (s == SQLITE_DONE) rc = XC_STORE_OK;
    else db_err(err, db, "database");
    sqlite3_finalize(q);
  }
  give(st, db);
  return rc;
}
