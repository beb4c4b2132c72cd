/* store.h: the submissions store in a data folder (--data DIR).
 *
 *   DIR/xlsxcheck.db   SQLite (WAL): units, periods, submissions, access
 *                      secrets, sessions, access events, merges
 *   DIR/files/ab/abcd… every workbook and bundle, named by its SHA-256
 *   DIR/incoming/      files being written (what a crash left there is
 *                      removed by xc_store_clean_incoming when the server starts)
 *
 * Nothing is overwritten or deleted: a file is written to DIR/incoming, fsync'd,
 * linked under its hash (an existing file of that hash is the same bytes),
 * the folder fsync'd, and only then is its row inserted, in a transaction.
 * A resubmission is a new version; the latest one counts.
 *
 * One xc_store is shared by every thread: each call takes a connection from
 * a small pool, so calls never share a transaction.  Errors are data: calls
 * return false and write a sentence into err (English, for the log; the
 * pages say it in their own words).  The schema is versioned with
 * PRAGMA user_version and migrated forward at open. */
#ifndef XC_WEB_STORE_H
#define XC_WEB_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../buf.h"

#define XC_STORE_SCHEMA 2

typedef struct xc_store xc_store;

/* Why a call failed, for the caller to choose an answer (e.g. 507 on a full disk). */
typedef enum { XC_STORE_OK, XC_STORE_FAIL, XC_STORE_NOSPACE, XC_STORE_NOTFOUND } xc_store_rc;

typedef struct {
  int64_t id;
  char unit[32];
  char period[64];
  char sha256[65];
  char name[256]; /* the uploaded file's name, as given (never used as a path) */
  int64_t size;
  int64_t time; /* Unix seconds */
  char status[16]; /* "ok" | "errors" */
  int64_t errors, warnings;
  int64_t version; /* 1, 2, … per unit and period */
} xc_submission;

typedef struct {
  char code[32];
  char name[128];
} xc_store_unit;

/* Opens (creating when needed) the store in dir.  NULL and err on failure. */
xc_store *xc_store_open(const char *dir, xc_buf *err);
void xc_store_close(xc_store *st);
/* Removes the files a crash left half written in DIR/incoming.  Only the
 * process that owns the folder (the server, at start) may call it: the
 * commands (codes, backup) run while the server writes there. */
void xc_store_clean_incoming(xc_store *st);
const char *xc_store_dir(const xc_store *st);

/* Copies the file at src into the content store; sha256 (65 bytes) and
 * *size receive its hash and length.  NOSPACE when the disk is full (nothing
 * is left behind). */
xc_store_rc xc_store_put_file(xc_store *st, const char *src, char sha256[65], int64_t *size, xc_buf *err);
/* The same for bytes in memory. */
xc_store_rc xc_store_put_bytes(xc_store *st, const void *p, size_t n, char sha256[65], xc_buf *err);
/* DIR/files/ab/<sha256> into out (cap bytes); false when sha256 is no hash. */
bool xc_store_file_path(const xc_store *st, const char *sha256, char *out, size_t cap);

/* Records a submission whose file is already stored: s->unit, period, sha256,
 * name, size, status, errors, warnings in; s->id, time and version out (the
 * next version of that unit and period, under BEGIN IMMEDIATE). */
xc_store_rc xc_store_add_submission(xc_store *st, xc_submission *s, xc_buf *err);
/* Submissions, newest first; unit and period NULL for all.  *out is
 * malloc'd (free it); *n its length. */
xc_store_rc xc_store_list_submissions(xc_store *st, const char *unit, const char *period,
                                      xc_submission **out, size_t *n, xc_buf *err);
xc_store_rc xc_store_get_submission(xc_store *st, int64_t id, xc_submission *out, xc_buf *err);
/* Periods that have submissions, newest first; *out malloc'd, each period[64]. */
xc_store_rc xc_store_list_periods(xc_store *st, char (**out)[64], size_t *n, xc_buf *err);

/* The units of the registry, in registry order (added or renamed, never removed). */
xc_store_rc xc_store_set_unit(xc_store *st, const char *code, const char *name, int position, xc_buf *err);
xc_store_rc xc_store_list_units(xc_store *st, xc_store_unit **out, size_t *n, xc_buf *err);
/* NOTFOUND when code is no unit of the store. */
xc_store_rc xc_store_get_unit(xc_store *st, const char *code, xc_store_unit *out, xc_buf *err);

/* Access secrets: the newest hash of a principal ("608", "admin") counts. */
xc_store_rc xc_store_set_secret(xc_store *st, const char *principal, const char *hash, xc_buf *err);
/* NOTFOUND when the principal has none. */
xc_store_rc xc_store_get_secret(xc_store *st, const char *principal, xc_buf *hash, xc_buf *err);

/* Sessions, by the SHA-256 (hex) of their token. */
xc_store_rc xc_store_add_session(xc_store *st, const char *token_hash, const char *principal,
                                 const char *csrf, int64_t expires, xc_buf *err);
/* NOTFOUND when unknown, revoked or expired at now. principal[32], csrf[65]. */
xc_store_rc xc_store_get_session(xc_store *st, const char *token_hash, int64_t now, char *principal,
                                 char *csrf, xc_buf *err);
xc_store_rc xc_store_revoke_session(xc_store *st, const char *token_hash, xc_buf *err);

/* Access events ("login-ok", "login-fail", "locked", "logout", "submit",
 * "download", "merge", …) with the principal and address they concern. */
xc_store_rc xc_store_event(xc_store *st, const char *kind, const char *principal, const char *address,
                           const char *detail, xc_buf *err);
/* Events of a kind since a time for a principal or an address (either NULL). */
xc_store_rc xc_store_count_events(xc_store *st, const char *kind, const char *principal,
                                  const char *address, int64_t since, int64_t *count, xc_buf *err);
/* The latest time of a kind of event for a principal or address, 0 when none. */
xc_store_rc xc_store_last_event(xc_store *st, const char *kind, const char *principal,
                                const char *address, int64_t *time, xc_buf *err);

/* Settings ("units_registry": the registry file codes issued codes for). */
xc_store_rc xc_store_set_setting(xc_store *st, const char *key, const char *value, xc_buf *err);
/* NOTFOUND when not set. */
xc_store_rc xc_store_get_setting(xc_store *st, const char *key, xc_buf *value, xc_buf *err);

/* A stored merge bundle (its file already put): id out. */
xc_store_rc xc_store_add_merge(xc_store *st, const char *period, const char *sha256, bool strict,
                               const char *inputs, int64_t *id, xc_buf *err);

typedef struct {
  int64_t id;
  char period[64];
  char sha256[65];
  bool strict;
  char *inputs; /* as added (malloc'd: free it) */
  int64_t time;
} xc_store_merge;
/* NOTFOUND when there is no merge of that id. */
xc_store_rc xc_store_get_merge(xc_store *st, int64_t id, xc_store_merge *out, xc_buf *err);

/* An online copy of the store into dest (a new folder): the database through
 * SQLite's backup API, then every stored file (those the copy's rows name
 * were complete before their rows existed).  Safe while a server writes. */
xc_store_rc xc_store_backup(xc_store *st, const char *dest, xc_buf *err);

/* The database's own check ("ok" in result when sound). */
xc_store_rc xc_store_integrity(xc_store *st, xc_buf *result, xc_buf *err);

/* Now, in Unix seconds (the store's clock). */
int64_t xc_store_now(void);
#endif
