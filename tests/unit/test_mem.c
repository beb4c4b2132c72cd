/* test_mem.c: the capped buffer (xc_buf) and the block arena (xc_arena). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "harness.h"

#define SUITE "mem"

static void buf_zeroed_is_empty(void) {
  xc_buf b = {0};
  CHECK_STR(xc_buf_str(&b), "");
  CHECK_UINT(b.len, 0);
  CHECK(xc_buf_adds(&b, "abc")); /* a zeroed buffer is unlimited */
  CHECK_STR(xc_buf_str(&b), "abc");
  xc_buf_free(&b);
  CHECK_STR(xc_buf_str(&b), "");
  xc_buf_free(&b); /* twice is fine */
}

static void buf_add_and_terminate(void) {
  xc_buf b;
  xc_buf_init(&b, 0);
  CHECK(xc_buf_add(&b, "ab", 2));
  CHECK(xc_buf_addc(&b, 'c'));
  CHECK(xc_buf_adds(&b, "def"));
  CHECK(xc_buf_add(&b, "", 0));
  CHECK(xc_buf_add(&b, NULL, 0));
  CHECK_UINT(b.len, 6);
  CHECK_STR(xc_buf_str(&b), "abcdef");
  CHECK(b.data[b.len] == '\0');
  CHECK(b.cap > b.len);
  xc_buf_free(&b);
}

static void buf_binary_content(void) {
  xc_buf b;
  xc_buf_init(&b, 0);
  CHECK(xc_buf_add(&b, "a\0b", 3));
  CHECK_MEM(b.data, b.len, "a\0b", 3);
  xc_buf_free(&b);
}

static void buf_grows_large(void) {
  xc_buf b;
  xc_buf_init(&b, 0);
  char chunk[1000];
  for (size_t i = 0; i < sizeof chunk; i++) chunk[i] = (char)('a' + i % 26);
  for (int i = 0; i < 3000; i++) REQUIRE(xc_buf_add(&b, chunk, sizeof chunk));
  CHECK_UINT(b.len, 3000000);
  bool same = true;
  for (size_t i = 0; i < b.len; i += 997) same = same && b.data[i] == (char)('a' + (i % 1000) % 26);
  CHECK(same);
  CHECK(b.data[b.len] == '\0');
  xc_buf_free(&b);
}

static void buf_clear_keeps_memory(void) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_buf_adds(&b, "hello");
  char *data = b.data;
  size_t cap = b.cap;
  xc_buf_clear(&b);
  CHECK_UINT(b.len, 0);
  CHECK_STR(xc_buf_str(&b), "");
  CHECK(b.data == data && b.cap == cap);
  xc_buf_adds(&b, "x");
  CHECK_STR(xc_buf_str(&b), "x");
  xc_buf_free(&b);
  xc_buf_clear(&b); /* clearing a freed buffer is fine */
  CHECK_STR(xc_buf_str(&b), "");
}

static void buf_max_exact_fit(void) {
  xc_buf b;
  xc_buf_init(&b, 10);
  CHECK(xc_buf_add(&b, "12345678", 8));
  CHECK(xc_buf_add(&b, "90", 2)); /* exactly max: allowed */
  CHECK_STR(xc_buf_str(&b), "1234567890");
  CHECK(!xc_buf_addc(&b, 'x'));
  CHECK(xc_buf_add(&b, "", 0)); /* nothing more is still fine */
  CHECK_STR(xc_buf_str(&b), "1234567890");
  xc_buf_free(&b);
}

static void buf_max_refuses_unchanged(void) {
  xc_buf b;
  xc_buf_init(&b, 10);
  CHECK(xc_buf_adds(&b, "12345678"));
  CHECK(!xc_buf_add(&b, "abc", 3)); /* 11 > 10: nothing appended */
  CHECK_UINT(b.len, 8);
  CHECK_STR(xc_buf_str(&b), "12345678");
  CHECK(!xc_buf_adds(&b, "abcdefghijklmnop"));
  CHECK(!xc_buf_printf(&b, "%d", 123));
  CHECK_STR(xc_buf_str(&b), "12345678");
  CHECK(xc_buf_printf(&b, "%d", 12)); /* still usable */
  CHECK_STR(xc_buf_str(&b), "1234567812");
  xc_buf_free(&b);
}

static void buf_max_first_add(void) {
  xc_buf b;
  xc_buf_init(&b, 4);
  CHECK(!xc_buf_adds(&b, "hello"));
  CHECK_UINT(b.len, 0);
  CHECK_STR(xc_buf_str(&b), "");
  CHECK(!xc_buf_add(&b, "x", SIZE_MAX)); /* never read: the size alone is refused */
  CHECK(xc_buf_adds(&b, "hell"));
  xc_buf_free(&b);
}

static void buf_printf(void) {
  xc_buf b;
  xc_buf_init(&b, 0);
  CHECK(xc_buf_printf(&b, "%s=%d;", "a", 42));
  CHECK(xc_buf_printf(&b, "%.3f", 1.5));
  CHECK_STR(xc_buf_str(&b), "a=42;1.500");
  xc_buf_clear(&b);
  /* longer than printf's 256-byte stack buffer */
  CHECK(xc_buf_printf(&b, "%0300d|%s", 7, "end"));
  CHECK_UINT(b.len, 304);
  CHECK(b.len == 304 && b.data[0] == '0' && b.data[299] == '7' &&
        strcmp(b.data + 300, "|end") == 0);
  xc_buf_free(&b);
}

static void buf_printf_long_over_max(void) {
  xc_buf b;
  xc_buf_init(&b, 300);
  CHECK(xc_buf_adds(&b, "ab"));
  CHECK(!xc_buf_printf(&b, "%0400d", 1));
  CHECK_STR(xc_buf_str(&b), "ab");
  xc_buf_free(&b);
}

/* ---- arena ------------------------------------------------------------ */

static void arena_alignment(void) {
  xc_arena a;
  xc_arena_init(&a);
  for (size_t n = 0; n < 200; n++) {
    void *p = xc_arena_try_alloc(&a, n % 13);
    if (((uintptr_t)p & 7) != 0) {
      xc_test_fail(__FILE__, __LINE__, "allocation %zu is not 8-byte aligned", n);
      break;
    }
  }
  void *big = xc_arena_try_alloc(&a, 100000);
  CHECK(((uintptr_t)big & 7) == 0);
  double *d = xc_arena_try_alloc(&a, sizeof *d);
  *d = 1.5; /* UBSan checks the alignment of this store */
  CHECK(*d == 1.5);
  xc_arena_free(&a);
}

static void arena_many_allocations(void) {
  enum { N = 100000 };
  xc_arena a;
  xc_arena_init(&a);
  unsigned char **ptr = malloc(N * sizeof *ptr);
  size_t *len = malloc(N * sizeof *len);
  REQUIRE(ptr && len);
  size_t total = 0;
  for (size_t i = 0; i < N; i++) {
    len[i] = (i * 7919) % 97 + 1;
    ptr[i] = xc_arena_try_alloc(&a, len[i]);
    memset(ptr[i], (int)(i & 0xFF), len[i]);
    total += (len[i] + 7) & ~(size_t)7;
  }
  size_t bad = 0;
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < len[i]; k++)
      if (ptr[i][k] != (unsigned char)(i & 0xFF)) bad++;
  CHECK_UINT(bad, 0); /* no allocation overlaps another */
  CHECK_UINT(a.used_total, total);
  free(ptr);
  free(len);
  xc_arena_free(&a);
  CHECK_UINT(a.used_total, 0);
  CHECK(a.head == NULL);
}

static void arena_large_allocation(void) {
  xc_arena a;
  xc_arena_init(&a);
  char *small1 = xc_arena_try_strndup(&a, "before", 6);
  size_t big_n = 5u << 20;
  unsigned char *big = xc_arena_try_alloc(&a, big_n);
  memset(big, 0xAB, big_n);
  char *small2 = xc_arena_try_strndup(&a, "after", 5);
  unsigned char *big2 = xc_arena_try_alloc(&a, 70000);
  memset(big2, 0xCD, 70000);
  char *small3 = xc_arena_try_strndup(&a, "last", 4);
  CHECK_STR(small1, "before");
  CHECK_STR(small2, "after");
  CHECK_STR(small3, "last");
  CHECK(big[0] == 0xAB && big[big_n - 1] == 0xAB);
  CHECK(big2[0] == 0xCD && big2[69999] == 0xCD);
  xc_arena_free(&a);
}

static void arena_large_first(void) {
  xc_arena a;
  xc_arena_init(&a);
  unsigned char *big = xc_arena_try_alloc(&a, 1u << 20); /* first block is a big one */
  memset(big, 1, 1u << 20);
  char *s = xc_arena_try_strndup(&a, "x", 1);
  CHECK_STR(s, "x");
  CHECK(big[(1u << 20) - 1] == 1);
  xc_arena_free(&a);
}

static void arena_strndup(void) {
  xc_arena a;
  xc_arena_init(&a);
  char *e = xc_arena_try_strndup(&a, NULL, 0);
  CHECK_STR(e, "");
  char *s = xc_arena_try_strndup(&a, "hello world", 5);
  CHECK_STR(s, "hello");
  char *z = xc_arena_try_strndup(&a, "a\0b", 3);
  CHECK_MEM(z, 4, "a\0b\0", 4);
  xc_arena_free(&a);
}

static void arena_reuse_after_free(void) {
  xc_arena a;
  xc_arena_init(&a);
  xc_arena_free(&a); /* freeing an empty arena is fine */
  for (int round = 0; round < 3; round++) {
    for (int i = 0; i < 5000; i++) xc_arena_try_strndup(&a, "0123456789abcdef", 16);
    CHECK_UINT(a.used_total, 5000u * 24);
    xc_arena_free(&a);
  }
}

const xc_test_case xc_tests_mem[] = {
    TEST(buf_zeroed_is_empty),
    TEST(buf_add_and_terminate),
    TEST(buf_binary_content),
    TEST(buf_grows_large),
    TEST(buf_clear_keeps_memory),
    TEST(buf_max_exact_fit),
    TEST(buf_max_refuses_unchanged),
    TEST(buf_max_first_add),
    TEST(buf_printf),
    TEST(buf_printf_long_over_max),
    TEST(arena_alignment),
    TEST(arena_many_allocations),
    TEST(arena_large_allocation),
    TEST(arena_large_first),
    TEST(arena_strndup),
    TEST(arena_reuse_after_free),
    {0},
};
