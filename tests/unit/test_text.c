/* test_text.c: dump escaping, ST_Xstring _xHHHH_ decoding, UTF-8 validation. */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "numtext.h"

#define SUITE "text"

static void check_escape(const char *in, size_t n, const char *want, size_t want_n, int line) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_escape_field(&b, in, n);
  xc_test_mem(xc_buf_str(&b), b.len, want, want_n, "xc_escape_field", __FILE__, line);
  xc_buf_free(&b);
}
#define ESC(in, want) check_escape((in), sizeof(in) - 1, (want), sizeof(want) - 1, __LINE__)

static void escape_specials(void) {
  ESC("a\tb", "a\\tb");
  ESC("a\nb", "a\\nb");
  ESC("a\rb", "a\\rb");
  ESC("a\\b", "a\\\\b");
  ESC("\r\n", "\\r\\n");
  ESC("\t\t\\\\", "\\t\\t\\\\\\\\");
  ESC("\\n", "\\\\n"); /* a literal backslash-n stays tellable from a newline */
}

static void escape_plain(void) {
  ESC("", "");
  ESC("plain text", "plain text");
  ESC("\x01\x1F\x7F\"'<>&", "\x01\x1F\x7F\"'<>&");
  ESC("a\0b", "a\0b"); /* NUL is a byte like the others */
}

static void escape_utf8_untouched(void) {
  ESC("Tiếng Việt: Hà Nội", "Tiếng Việt: Hà Nội");
  ESC("😀\t€", "😀\\t€");
  ESC("\xFF\xFE", "\xFF\xFE"); /* not UTF-8: still copied, never decoded */
}

static void escape_appends(void) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_buf_adds(&b, "x\t");
  xc_escape_field(&b, "a\tb", 3);
  xc_escape_field(&b, "c", 1);
  CHECK_STR(xc_buf_str(&b), "x\ta\\tbc");
  xc_buf_free(&b);
}

/* ---- _xHHHH_ ------------------------------------------------------------ */

static void check_decode(const char *in, size_t n, const char *want, size_t want_n, int line) {
  char buf[256];
  memcpy(buf, in, n);
  buf[n] = '#'; /* must stay untouched */
  size_t got = xc_decode_xstring(buf, n);
  xc_test_mem(buf, got, want, want_n, "xc_decode_xstring", __FILE__, line);
  if (buf[n] != '#') xc_test_fail(__FILE__, line, "wrote past the end");
}
#define DEC(in, want) check_decode((in), sizeof(in) - 1, (want), sizeof(want) - 1, __LINE__)

static void xstring_basic(void) {
  DEC("_x000D_", "\r");
  DEC("_x000A_", "\n");
  DEC("_x0009_", "\t");
  DEC("a_x000D__x000A_b", "a\r\nb");
  DEC("_x0041_BC", "ABC");
  DEC("no escapes", "no escapes");
  DEC("", "");
}

static void xstring_underscore(void) {
  DEC("_x005F_", "_");
  /* _x005F_ escapes the underscore that starts a literal "_x000D_" */
  DEC("_x005F_x000D_", "_x000D_");
  DEC("a_b_c", "a_b_c");
  DEC("__x0041__", "_A_");
}

static void xstring_hex_case(void) {
  DEC("_x000d_", "\r");
  DEC("_x00e9_", "\xC3\xA9");
  DEC("_x00E9_", "\xC3\xA9");
  DEC("_x20aC_", "\xE2\x82\xAC");
  DEC("_X000D_", "_X000D_"); /* the x itself is lower case */
}

static void xstring_multibyte(void) {
  DEC("_x00E9_t_x00E9_", "\xC3\xA9t\xC3\xA9");
  DEC("_x4E2D_", "\xE4\xB8\xAD");
  DEC("_xFFFD_", "\xEF\xBF\xBD");
}

static void xstring_surrogate_pair(void) {
  DEC("_xD83D__xDE00_", "\xF0\x9F\x98\x80"); /* U+1F600 */
  DEC("_xd83d__xde00_", "\xF0\x9F\x98\x80");
  DEC("<_xDBFF__xDFFF_>", "<\xF4\x8F\xBF\xBF>"); /* U+10FFFF */
  DEC("_xD800__xDC00_", "\xF0\x90\x80\x80");     /* U+10000 */
}

static void xstring_lone_surrogate(void) {
  DEC("_xD83D_", "_xD83D_");
  DEC("_xDE00_", "_xDE00_");
  DEC("_xD83D_x", "_xD83D_x");
  DEC("_xD83D__x0041_", "_xD83D_A");
  DEC("_xDE00__xD83D_", "_xDE00__xD83D_"); /* reversed pair */
  DEC("_xD83D__xD83D__xDE00_", "_xD83D_\xF0\x9F\x98\x80");
}

static void xstring_incomplete(void) {
  DEC("_x", "_x");
  DEC("_x000", "_x000");
  DEC("_x000D", "_x000D");
  DEC("_x00D_", "_x00D_");
  DEC("_x000DD_", "_x000DD_");
  DEC("_xZZZZ_", "_xZZZZ_");
  DEC("_x00 D_", "_x00 D_");
  DEC("x000D_", "x000D_");
  DEC("abc_x000", "abc_x000");
  DEC("_xD83D__xDE0", "_xD83D__xDE0");
}

static void xstring_result_not_rescanned(void) {
  /* a decoded '_' does not start a new escape */
  DEC("_x005F_x0041_", "_x0041_");
  DEC("_x005F__x0041_", "_A");
}

/* ---- UTF-8 --------------------------------------------------------------- */

#define VALID(s) CHECK(xc_utf8_valid((s), sizeof(s) - 1))
#define INVALID(s) CHECK(!xc_utf8_valid((s), sizeof(s) - 1))

static void utf8_valid_examples(void) {
  VALID("");
  VALID("ASCII only \t\r\n");
  VALID("a\0b");
  VALID("\xC3\xA9");           /* é */
  VALID("\xC2\x80");           /* U+0080 */
  VALID("\xDF\xBF");           /* U+07FF */
  VALID("\xE0\xA0\x80");       /* U+0800 */
  VALID("\xED\x9F\xBF");       /* U+D7FF */
  VALID("\xEE\x80\x80");       /* U+E000 */
  VALID("\xEF\xBF\xBF");       /* U+FFFF */
  VALID("\xF0\x90\x80\x80");   /* U+10000 */
  VALID("\xF4\x8F\xBF\xBF");   /* U+10FFFF */
  VALID("Tiếng Việt 😀");
}

static void utf8_overlong(void) {
  INVALID("\xC0\x80");
  INVALID("\xC0\xAF");
  INVALID("\xC1\xBF");
  INVALID("\xE0\x80\x80");
  INVALID("\xE0\x80\xAF");
  INVALID("\xE0\x9F\xBF");
  INVALID("\xF0\x80\x80\x80");
  INVALID("\xF0\x8F\xBF\xBF");
}

static void utf8_surrogates(void) {
  INVALID("\xED\xA0\x80"); /* U+D800 */
  INVALID("\xED\xAD\xBF");
  INVALID("\xED\xB0\x80");
  INVALID("\xED\xBF\xBF"); /* U+DFFF */
  INVALID("\xED\xA0\xBD\xED\xB8\x80"); /* CESU-8 for U+1F600 */
}

static void utf8_above_max(void) {
  INVALID("\xF4\x90\x80\x80"); /* U+110000 */
  INVALID("\xF5\x80\x80\x80");
  INVALID("\xF7\xBF\xBF\xBF");
  INVALID("\xF8\x88\x80\x80\x80");
  INVALID("\xFC\x84\x80\x80\x80\x80");
  INVALID("\xFE");
  INVALID("\xFF");
}

static void utf8_truncated(void) {
  INVALID("\xC3");
  INVALID("\xE2\x82");
  INVALID("\xF0\x9F\x98");
  INVALID("a\xC3");
  INVALID("\xC3" "A");
  INVALID("\xE2\x82" "A");
  INVALID("\xF0\x9F\x98" "A");
  INVALID("\x80");
  INVALID("\xBF");
  INVALID("\xC3\xA9\xA9");
  CHECK(!xc_utf8_valid("\xC3\xA9", 1)); /* the length cuts the sequence */
}

/* Every code point, encoded: valid unless a surrogate; and its overlong
 * encodings are invalid. */
static void utf8_all_code_points(void) {
  int bad = 0;
  for (unsigned cp = 0; cp <= 0x10FFFF && bad < 5; cp++) {
    unsigned char s[4];
    size_t n;
    if (cp < 0x80) s[0] = (unsigned char)cp, n = 1;
    else if (cp < 0x800) s[0] = (unsigned char)(0xC0 | cp >> 6), s[1] = (unsigned char)(0x80 | (cp & 0x3F)), n = 2;
    else if (cp < 0x10000)
      s[0] = (unsigned char)(0xE0 | cp >> 12), s[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)),
      s[2] = (unsigned char)(0x80 | (cp & 0x3F)), n = 3;
    else
      s[0] = (unsigned char)(0xF0 | cp >> 18), s[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F)),
      s[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F)), s[3] = (unsigned char)(0x80 | (cp & 0x3F)), n = 4;
    bool want = cp < 0xD800 || cp > 0xDFFF;
    if (xc_utf8_valid((const char *)s, n) != want) {
      xc_test_fail(__FILE__, __LINE__, "U+%04X: valid=%d", cp, !want);
      bad++;
    }
    if (cp < 0x10000) { /* the 4-byte overlong form */
      unsigned char o[4] = {0xF0, (unsigned char)(0x80 | (cp >> 12 & 0x3F)),
                            (unsigned char)(0x80 | (cp >> 6 & 0x3F)), (unsigned char)(0x80 | (cp & 0x3F))};
      if (xc_utf8_valid((const char *)o, 4)) {
        xc_test_fail(__FILE__, __LINE__, "overlong U+%04X accepted", cp);
        bad++;
      }
    }
  }
  for (unsigned cp = 0x110000; cp < 0x140000 && bad < 5; cp += 0x101) {
    unsigned char s[4] = {(unsigned char)(0xF0 | cp >> 18), (unsigned char)(0x80 | (cp >> 12 & 0x3F)),
                          (unsigned char)(0x80 | (cp >> 6 & 0x3F)), (unsigned char)(0x80 | (cp & 0x3F))};
    if (xc_utf8_valid((const char *)s, 4)) {
      xc_test_fail(__FILE__, __LINE__, "U+%X accepted", cp);
      bad++;
    }
  }
}

/* What _xHHHH_ decoding produces is valid UTF-8 (lone surrogates stay literal). */
static void xstring_output_is_utf8(void) {
  char buf[32];
  for (unsigned cp = 0x80; cp <= 0xFFFF; cp += 7) {
    int n = snprintf(buf, sizeof buf, "_x%04X_", cp);
    size_t m = xc_decode_xstring(buf, (size_t)n);
    if (!xc_utf8_valid(buf, m)) {
      xc_test_fail(__FILE__, __LINE__, "_x%04X_ decodes to invalid UTF-8", cp);
      return;
    }
  }
}

const xc_test_case xc_tests_text[] = {
    TEST(escape_specials),
    TEST(escape_plain),
    TEST(escape_utf8_untouched),
    TEST(escape_appends),
    TEST(xstring_basic),
    TEST(xstring_underscore),
    TEST(xstring_hex_case),
    TEST(xstring_multibyte),
    TEST(xstring_surrogate_pair),
    TEST(xstring_lone_surrogate),
    TEST(xstring_incomplete),
    TEST(xstring_result_not_rescanned),
    TEST(utf8_valid_examples),
    TEST(utf8_overlong),
    TEST(utf8_surrogates),
    TEST(utf8_above_max),
    TEST(utf8_truncated),
    TEST(utf8_all_code_points),
    TEST(xstring_output_is_utf8),
    {0},
};
