/* auth.c: access codes, passwords, sessions and the login rate limit (auth.h). */
#include "auth.h"

#include <argon2.h>
#include <errno.h>
#include <nettle/memops.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

static const char code_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"; /* no 0/O, 1/I */

bool xc_auth_random(void *p, size_t n) {
  unsigned char *c = p;
  while (n) {
    ssize_t r = getrandom(c, n, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    c += r;
    n -= (size_t)r;
  }
  return true;
}

bool xc_auth_random_hex(char *out, size_t n) {
  unsigned char b[64];
  if (n > sizeof b || !xc_auth_random(b, n)) return false;
  for (size_t i = 0; i < n; i++) snprintf(out + 2 * i, 3, "%02x", b[i]);
  return true;
}

bool xc_auth_new_code(char *out) {
  unsigned char b[16];
  if (!xc_auth_random(b, sizeof b)) return false;
  size_t k = 0;
  for (size_t i = 0; i < sizeof b; i++) {
    if (i && i % 4 == 0) out[k++] = '-';
    out[k++] = code_alphabet[b[i] & 31]; /* 32 symbols: no bias */
  }
  out[k] = '\0';
  return true;
}

void xc_auth_normalize(const char *principal, const char *secret, xc_buf *out) {
  xc_buf_clear(out);
  if (strcmp(principal, "admin") == 0) {
    xc_buf_adds(out, secret);
    return;
  }
  for (const char *s = secret; *s; s++) {
    char c = *s;
    if (c == '-' || c == ' ' || c == '\t') continue;
    if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
    xc_buf_addc(out, c);
  }
}

bool xc_auth_hash(const char *principal, const char *secret, xc_buf *encoded, xc_buf *err) {
  unsigned char salt[16];
  if (!xc_auth_random(salt, sizeof salt)) {
    xc_buf_printf(err, "no random numbers from the kernel");
    return false;
  }
  xc_buf norm;
  xc_buf_init(&norm, 0);
  xc_auth_normalize(principal, secret, &norm);
  char enc[256];
  int rc = argon2id_hash_encoded(XC_AUTH_T_COST, XC_AUTH_M_COST_KIB, XC_AUTH_LANES, norm.data ? norm.data : "",
                                 norm.len, salt, sizeof salt, 32, enc, sizeof enc);
  xc_buf_free(&norm);
  if (rc != ARGON2_OK) {
    xc_buf_printf(err, "argon2: %s", argon2_error_message(rc));
    return false;
  }
  xc_buf_clear(encoded);
  xc_buf_adds(encoded, enc);
  return true;
}

bool xc_auth_verify(const char *principal, const char *encoded, const char *secret) {
  xc_buf norm;
  xc_buf_init(&norm, 0);
  xc_auth_normalize(principal, secret, &norm);
  bool ok = argon2id_verify(encoded, norm.data ? norm.data : "", norm.len) == ARGON2_OK;
  xc_buf_free(&norm);
  return ok;
}

void xc_auth_token_hash(const char *token, char *out) {
  struct sha256_ctx c;
  uint8_t d[SHA256_DIGEST_SIZE];
  sha256_init(&c);
  sha256_update(&c, strlen(token), (const uint8_t *)token);
  sha256_digest(&c, sizeof d, d);
  for (size_t i = 0; i < sizeof d; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}

bool xc_auth_equal(const char *a, const char *b) {
  size_t n = strlen(a);
  return n == strlen(b) && memeql_sec(a, b, n);
}

/* Whether principal or address is locked at now; *retry the seconds left. */
static xc_store_rc locked(xc_store *st, const char *principal, const char *address, int lock_seconds,
                          int64_t *retry, xc_buf *err) {
  int64_t now = xc_store_now(), tp = 0, ta = 0;
  if (xc_store_last_event(st, "locked", principal, NULL, &tp, err) != XC_STORE_OK ||
      xc_store_last_event(st, "locked", NULL, address, &ta, err) != XC_STORE_OK)
    return XC_STORE_FAIL;
  int64_t until = (tp > ta ? tp : ta) + lock_seconds;
  *retry = until > now ? until - now : 0;
  return XC_STORE_OK;
}

xc_login_rc xc_auth_login(xc_store *st, const char *principal, const char *secret, const char *address,
                          int lock_seconds, xc_session *out, xc_buf *err) {
  memset(out, 0, sizeof *out);
  if (lock_seconds <= 0) lock_seconds = XC_AUTH_LOCK_SECONDS;
  int64_t retry = 0;
  if (locked(st, principal, address, lock_seconds, &retry, err) != XC_STORE_OK) return XC_LOGIN_FAIL;
  if (retry > 0) {
    out->retry_after = retry;
    xc_store_event(st, "login-refused", principal, address, "locked", NULL);
    return XC_LOGIN_LOCKED;
  }
  xc_buf hash;
  xc_buf_init(&hash, 0);
  xc_store_rc rc = xc_store_get_secret(st, principal, &hash, err);
  if (rc == XC_STORE_FAIL) {
    xc_buf_free(&hash);
    return XC_LOGIN_FAIL;
  }
  bool ok;
  if (rc == XC_STORE_OK) {
    ok = xc_auth_verify(principal, xc_buf_str(&hash), secret);
  } else {
    /* unknown principal: spend the same time, so timing tells nothing */
    xc_buf scratch;
    xc_buf_init(&scratch, 0);
    xc_auth_hash(principal, secret, &scratch, NULL);
    xc_buf_free(&scratch);
    ok = false;
  }
  xc_buf_free(&hash);
  if (!ok) {
    if (xc_store_event(st, "login-fail", principal, address, NULL, err) != XC_STORE_OK) return XC_LOGIN_FAIL;
    int64_t since = xc_store_now() - XC_AUTH_FAIL_WINDOW, np = 0, na = 0;
    if (xc_store_count_events(st, "login-fail", principal, NULL, since, &np, err) != XC_STORE_OK ||
        xc_store_count_events(st, "login-fail", NULL, address, since, &na, err) != XC_STORE_OK)
      return XC_LOGIN_FAIL;
    if (np >= XC_AUTH_FAILS)
      xc_store_event(st, "locked", principal, NULL, "five failures within a minute for this principal", NULL);
    if (na >= XC_AUTH_FAILS)
      xc_store_event(st, "locked", NULL, address, "five failures within a minute from this address", NULL);
    return XC_LOGIN_WRONG;
  }
  char th[65];
  if (!xc_auth_random_hex(out->token, 32) || !xc_auth_random_hex(out->csrf, 32)) {
    xc_buf_printf(err, "no random numbers from the kernel");
    return XC_LOGIN_FAIL;
  }
  xc_auth_token_hash(out->token, th);
  snprintf(out->principal, sizeof out->principal, "%s", principal);
  out->expires = xc_store_now() + XC_AUTH_SESSION_SECONDS;
  if (xc_store_add_session(st, th, principal, out->csrf, out->expires, err) != XC_STORE_OK) return XC_LOGIN_FAIL;
  xc_store_event(st, "login-ok", principal, address, NULL, NULL);
  return XC_LOGIN_OK;
}

xc_store_rc xc_auth_session(xc_store *st, const char *token, xc_session *out, xc_buf *err) {
  memset(out, 0, sizeof *out);
  if (!token || strlen(token) != XC_AUTH_TOKEN_HEX) return XC_STORE_NOTFOUND;
  char th[65];
  xc_auth_token_hash(token, th);
  xc_store_rc rc = xc_store_get_session(st, th, xc_store_now(), out->principal, out->csrf, err);
  if (rc == XC_STORE_OK) snprintf(out->token, sizeof out->token, "%s", token);
  return rc;
}

xc_store_rc xc_auth_logout(xc_store *st, const char *token, const char *address, xc_buf *err) {
  xc_session s;
  xc_store_rc rc = xc_auth_session(st, token, &s, err);
  if (rc != XC_STORE_OK) return rc;
  char th[65];
  xc_auth_token_hash(token, th);
  rc = xc_store_revoke_session(st, th, err);
  if (rc == XC_STORE_OK) xc_store_event(st, "logout", s.principal, address, NULL, NULL);
  return rc;
}

bool xc_auth_csrf_ok(const xc_session *s, const char *given) {
  return given && s->csrf[0] && xc_auth_equal(s->csrf, given);
}
