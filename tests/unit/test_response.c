/* test_response.c: what the server sends for a page whose buffer lost text
 * for want of memory (web/response.c): a fixed page and 413, never the
 * page cut short with its own status. */
#include <string.h>

#include "harness.h"
#include "web/web.h"

#define SUITE "response"

static void page_as_built(void) {
  xc_web_req r;
  memset(&r, 0, sizeof r);
  r.lang = XC_LANG_VI;
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_buf_adds(&b, "<p>xin chào</p>");
  const char *body = NULL;
  size_t len = 0;
  CHECK_INT(xc_web_page_body(&r, 200, &b, &body, &len), 200);
  CHECK(body == b.data && len == b.len);
  xc_buf_free(&b);
}

static void page_out_of_memory(void) {
  xc_web_req r;
  memset(&r, 0, sizeof r);
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_buf_adds(&b, "<table><tr><td>the page's first rows");
  b.nomem = true; /* as xc_buf leaves it when a later append's malloc fails */
  const char *body = NULL;
  size_t len = 0;
  for (int en = 0; en < 2; en++) {
    r.lang = en ? XC_LANG_EN : XC_LANG_VI;
    CHECK_INT(xc_web_page_body(&r, 200, &b, &body, &len), 413);
    CHECK(body != b.data && len == strlen(body));
    CHECK(strstr(body, "</html>") != NULL);
    CHECK(strstr(body, en ? "out of memory" : "không đủ bộ nhớ") != NULL);
  }
  xc_buf_free(&b);
}

const xc_test_case xc_tests_response[] = {TEST(page_as_built), TEST(page_out_of_memory), {0}};
