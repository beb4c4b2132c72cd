/* auth.h: who may submit and who may see everything.
 *
 * Principals are the registry's unit codes ("608") and "admin" (the Sở).
 * A unit logs in with its access code (xlsxcheck codes), the Sở with its
 * password (xlsxcheck admin-password).  Only argon2id hashes are stored,
 * with a random 16-byte salt: 3 passes over 32 MiB, one lane, about 75 ms
 * on one core of a 2-core 2026 server (OWASP's floor is 2 passes over
 * 19 MiB, 25 ms there).  Sessions are random tokens
 * (getrandom) of which the store keeps only the SHA-256; each carries a
 * CSRF token that every POST repeats.  Five failed logins within a minute
 * for one principal or one address lock both out for lock_seconds.
 * Comparisons of secrets are constant-time. */
#ifndef XC_WEB_AUTH_H
#define XC_WEB_AUTH_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define XC_AUTH_T_COST 3
#define XC_AUTH_M_COST_KIB 32768
#define XC_AUTH_LANES 1
#define XC_AUTH_FAILS 5         /* failures … */
#define XC_AUTH_FAIL_WINDOW 60  /* … within this many seconds lock */
#define XC_AUTH_LOCK_SECONDS 300
#define XC_AUTH_SESSION_SECONDS (8 * 3600)
#define XC_AUTH_TOKEN_HEX 64 /* 32 random bytes */
#define XC_AUTH_CODE_LEN 19  /* XXXX-XXXX-XXXX-XXXX: 16 symbols of 32, 80 bits */

/* n random bytes from the kernel; false when it has none to give. */
bool xc_auth_random(void *p, size_t n);
/* 2n hex digits of n random bytes, NUL-terminated (out holds 2n+1). */
bool xc_auth_random_hex(char *out, size_t n);
/* A new access code, "K7MQ-3XPA-9TRD-WB4E" (out holds XC_AUTH_CODE_LEN+1). */
bool xc_auth_new_code(char *out);
/* An access code as typed (any case, with or without dashes or spaces) in
 * the form codes are hashed in; the password of "admin" is taken as it is. */
void xc_auth_normalize(const char *principal, const char *secret, xc_buf *out);

/* The argon2id encoding of a secret, with a fresh random salt. */
bool xc_auth_hash(const char *principal, const char *secret, xc_buf *encoded, xc_buf *err);
/* Whether secret matches the encoded hash (constant-time inside argon2). */
bool xc_auth_verify(const char *principal, const char *encoded, const char *secret);

/* The SHA-256 of a session token, in hex (out holds 65). */
void xc_auth_token_hash(const char *token, char *out);
/* Equal strings, in time that depends on their lengths only. */
bool xc_auth_equal(const char *a, const char *b);

typedef enum {
  XC_LOGIN_OK,
  XC_LOGIN_WRONG,  /* unknown principal or wrong secret: 401 */
  XC_LOGIN_LOCKED, /* too many failures: 429 */
  XC_LOGIN_FAIL    /* the store failed */
} xc_login_rc;

typedef struct {
  char token[XC_AUTH_TOKEN_HEX + 1]; /* for the cookie; never stored */
  char csrf[XC_AUTH_TOKEN_HEX + 1];
  char principal[32];
  int64_t expires;
  int64_t retry_after; /* seconds, when locked */
} xc_session;

/* Checks a login from address and, when right, opens a session.  Every
 * attempt is an access event.  lock_seconds 0 means XC_AUTH_LOCK_SECONDS. */
xc_login_rc xc_auth_login(xc_store *st, const char *principal, const char *secret, const char *address,
                          int lock_seconds, xc_session *out, xc_buf *err);
/* The session of a cookie's token: OK with principal and csrf filled,
 * NOTFOUND when unknown, expired or logged out. */
xc_store_rc xc_auth_session(xc_store *st, const char *token, xc_session *out, xc_buf *err);
xc_store_rc xc_auth_logout(xc_store *st, const char *token, const char *address, xc_buf *err);
/* Whether the token a POST carries is its session's. */
bool xc_auth_csrf_ok(const xc_session *s, const char *given);
#endif
