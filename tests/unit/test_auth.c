/* test_auth.c: access codes, argon2id hashes, sessions, CSRF tokens and the
 * login rate limit (web/auth.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "web/auth.h"

#define SUITE "auth"

static char *new_dir(void) {
  const char *base = getenv("XC_TEST_TMP");
  char tmpl[4096];
  snprintf(tmpl, sizeof tmpl, "%s/auth.XXXXXX", base && *base ? base : "/tmp");
  char *d = mkdtemp(tmpl);
  return d ? strdup(d) : NULL;
}

static void rm_rf(const char *path) {
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
  if (system(cmd) != 0) fprintf(stderr, "# could not remove %s\n", path);
}

static void codes(void) {
  char a[XC_AUTH_CODE_LEN + 1], b[XC_AUTH_CODE_LEN + 1];
  REQUIRE(xc_auth_new_code(a));
  REQUIRE(xc_auth_new_code(b));
  CHECK_INT(strlen(a), XC_AUTH_CODE_LEN);
  CHECK(strcmp(a, b) != 0);
  for (int i = 0; a[i]; i++) {
    if (i % 5 == 4) CHECK(a[i] == '-');
    else CHECK(strchr("23456789ABCDEFGHJKLMNPQRSTUVWXYZ", a[i]) != NULL);
  }
  xc_buf n;
  xc_buf_init(&n, 0);
  xc_auth_normalize("608", "k7mq-3xpa 9trd-wb4e", &n);
  CHECK_STR(xc_buf_str(&n), "K7MQ3XPA9TRDWB4E");
  xc_auth_normalize("admin", "Mật khẩu - Sở", &n); /* a password is taken as it is */
  CHECK_STR(xc_buf_str(&n), "Mật khẩu - Sở");
  xc_buf_free(&n);
}

static void hashes(void) {
  xc_buf h, h2, err;
  xc_buf_init(&h, 0);
  xc_buf_init(&h2, 0);
  xc_buf_init(&err, 0);
  REQUIRE(xc_auth_hash("608", "K7MQ-3XPA-9TRD-WB4E", &h, &err));
  CHECK(strncmp(xc_buf_str(&h), "$argon2id$v=19$m=32768,t=3,p=1$", 31) == 0);
  CHECK(strstr(xc_buf_str(&h), "K7MQ") == NULL);
  CHECK(xc_auth_verify("608", xc_buf_str(&h), "K7MQ-3XPA-9TRD-WB4E"));
  CHECK(xc_auth_verify("608", xc_buf_str(&h), "k7mq3xpa9trdwb4e"));
  CHECK(!xc_auth_verify("608", xc_buf_str(&h), "K7MQ-3XPA-9TRD-WB4F"));
  CHECK(!xc_auth_verify("608", xc_buf_str(&h), ""));
  CHECK(!xc_auth_verify("608", "not a hash", "K7MQ-3XPA-9TRD-WB4E"));
  /* salted: the same secret hashes differently */
  REQUIRE(xc_auth_hash("608", "K7MQ-3XPA-9TRD-WB4E", &h2, &err));
  CHECK(strcmp(xc_buf_str(&h), xc_buf_str(&h2)) != 0);
  CHECK(xc_auth_equal("abc", "abc"));
  CHECK(!xc_auth_equal("abc", "abd"));
  CHECK(!xc_auth_equal("abc", "abcd"));
  CHECK(!xc_auth_equal("", "a"));
  xc_buf_free(&h);
  xc_buf_free(&h2);
  xc_buf_free(&err);
}

static xc_store *store_with_secret(char **dir, const char *principal, const char *secret) {
  *dir = new_dir();
  if (!*dir) return NULL;
  xc_buf err, h;
  xc_buf_init(&err, 0);
  xc_buf_init(&h, 0);
  xc_store *st = xc_store_open(*dir, &err);
  if (st && (!xc_auth_hash(principal, secret, &h, &err) ||
             xc_store_set_secret(st, principal, xc_buf_str(&h), &err) != XC_STORE_OK)) {
    xc_store_close(st);
    st = NULL;
  }
  xc_buf_free(&err);
  xc_buf_free(&h);
  return st;
}

static void sessions(void) {
  char *dir;
  xc_store *st = store_with_secret(&dir, "admin", "mat-khau-cua-so");
  REQUIRE(st);
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_session s, t;
  CHECK(xc_auth_login(st, "admin", "mat-khau-sai", "10.0.0.1", 0, &s, &err) == XC_LOGIN_WRONG);
  CHECK(xc_auth_login(st, "609", "anything", "10.0.0.1", 0, &s, &err) == XC_LOGIN_WRONG);
  REQUIRE(xc_auth_login(st, "admin", "mat-khau-cua-so", "10.0.0.1", 0, &s, &err) == XC_LOGIN_OK);
  CHECK_INT(strlen(s.token), 64);
  CHECK_INT(strlen(s.csrf), 64);
  CHECK(strcmp(s.token, s.csrf) != 0);
  REQUIRE(xc_auth_session(st, s.token, &t, &err) == XC_STORE_OK);
  CHECK_STR(t.principal, "admin");
  CHECK(xc_auth_csrf_ok(&t, s.csrf));
  CHECK(!xc_auth_csrf_ok(&t, NULL));
  CHECK(!xc_auth_csrf_ok(&t, ""));
  char wrong[65];
  memcpy(wrong, s.csrf, 65);
  wrong[10] = wrong[10] == 'a' ? 'b' : 'a';
  CHECK(!xc_auth_csrf_ok(&t, wrong));
  /* the store keeps the token's hash, not the token */
  char th[65];
  xc_auth_token_hash(s.token, th);
  CHECK(strcmp(th, s.token) != 0);
  char principal[32], csrf[65];
  CHECK(xc_store_get_session(st, s.token, xc_store_now(), principal, csrf, &err) == XC_STORE_NOTFOUND);
  CHECK(xc_store_get_session(st, th, xc_store_now(), principal, csrf, &err) == XC_STORE_OK);
  /* expired */
  CHECK(xc_store_get_session(st, th, s.expires + 1, principal, csrf, &err) == XC_STORE_NOTFOUND);
  /* an unknown or malformed token */
  CHECK(xc_auth_session(st, "00", &t, &err) == XC_STORE_NOTFOUND);
  CHECK(xc_auth_session(st, wrong, &t, &err) == XC_STORE_NOTFOUND);
  /* logged out */
  CHECK(xc_auth_logout(st, s.token, "10.0.0.1", &err) == XC_STORE_OK);
  CHECK(xc_auth_session(st, s.token, &t, &err) == XC_STORE_NOTFOUND);
  xc_store_close(st);
  xc_buf_free(&err);
  rm_rf(dir);
  free(dir);
}

/* Five failures within a minute lock the unit out (429), even for the right
 * code, but not another unit from another address; after the lock, the
 * right code works again. */
static void rate_limit_unit(void) {
  char *dir;
  xc_store *st = store_with_secret(&dir, "608", "AAAA-BBBB-CCCC-DDDD");
  REQUIRE(st);
  xc_buf err, h;
  xc_buf_init(&err, 0);
  xc_buf_init(&h, 0);
  REQUIRE(xc_auth_hash("610", "EEEE-FFFF-GGGG-HHHH", &h, &err));
  REQUIRE(xc_store_set_secret(st, "610", xc_buf_str(&h), &err) == XC_STORE_OK);
  xc_session s;
  char addr[32];
  for (int i = 0; i < 5; i++) {
    snprintf(addr, sizeof addr, "10.0.0.%d", i + 1); /* five addresses, one unit */
    CHECK(xc_auth_login(st, "608", "AAAA-BBBB-CCCC-DDDE", addr, 2, &s, &err) == XC_LOGIN_WRONG);
  }
  CHECK(xc_auth_login(st, "608", "AAAA-BBBB-CCCC-DDDD", "10.0.0.9", 2, &s, &err) == XC_LOGIN_LOCKED);
  CHECK(s.retry_after > 0 && s.retry_after <= 2);
  CHECK(xc_auth_login(st, "610", "EEEE-FFFF-GGGG-HHHH", "10.0.0.9", 2, &s, &err) == XC_LOGIN_OK);
  sleep(3);
  CHECK(xc_auth_login(st, "608", "AAAA-BBBB-CCCC-DDDD", "10.0.0.9", 2, &s, &err) == XC_LOGIN_OK);
  xc_store_close(st);
  xc_buf_free(&err);
  xc_buf_free(&h);
  rm_rf(dir);
  free(dir);
}

/* Five failures from one address over several units lock that address. */
static void rate_limit_address(void) {
  char *dir;
  xc_store *st = store_with_secret(&dir, "608", "AAAA-BBBB-CCCC-DDDD");
  REQUIRE(st);
  xc_buf err;
  xc_buf_init(&err, 0);
  xc_session s;
  const char *units[] = {"610", "611", "612", "613", "614"};
  for (int i = 0; i < 5; i++)
    CHECK(xc_auth_login(st, units[i], "WRONG", "192.0.2.7", 0, &s, &err) == XC_LOGIN_WRONG);
  CHECK(xc_auth_login(st, "608", "AAAA-BBBB-CCCC-DDDD", "192.0.2.7", 0, &s, &err) == XC_LOGIN_LOCKED);
  CHECK(xc_auth_login(st, "608", "AAAA-BBBB-CCCC-DDDD", "192.0.2.8", 0, &s, &err) == XC_LOGIN_OK);
  int64_t n = 0;
  CHECK(xc_store_count_events(st, "login-fail", NULL, "192.0.2.7", 0, &n, &err) == XC_STORE_OK);
  CHECK_INT(n, 5);
  xc_store_close(st);
  xc_buf_free(&err);
  rm_rf(dir);
  free(dir);
}

const xc_test_case xc_tests_auth[] = {TEST(codes), TEST(hashes), TEST(sessions), TEST(rate_limit_unit),
                                      TEST(rate_limit_address), {0}};
