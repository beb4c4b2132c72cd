/* test_textkey.c: NFC, match keys (README section 2), HTML stripping
 * (README section 4) and text cleaning (textkey.h). */
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "textkey.h"

#define SUITE "textkey"

typedef bool (*key_fn)(const char *, size_t, xc_buf *);

static void check_fn(key_fn fn, const char *name, const char *in, size_t n, const char *want,
                     size_t want_n, int line) {
  xc_buf b;
  xc_buf_init(&b, 0);
  fn(in, n, &b);
  xc_test_mem(xc_buf_str(&b), b.len, want, want_n, name, __FILE__, line);
  xc_buf_free(&b);
}
#define NFC(in, want) check_fn(xc_nfc, "xc_nfc", (in), sizeof(in) - 1, (want), sizeof(want) - 1, __LINE__)
#define KEY(in, want) \
  check_fn(xc_match_key, "xc_match_key", (in), sizeof(in) - 1, (want), sizeof(want) - 1, __LINE__)
#define FOLD(in, want)                                                                    \
  check_fn(xc_match_key_folded, "xc_match_key_folded", (in), sizeof(in) - 1, (want), \
           sizeof(want) - 1, __LINE__)

/* true when a and b have the same key under fn */
static bool same_key(key_fn fn, const char *a, const char *b) {
  xc_buf x, y;
  xc_buf_init(&x, 0);
  xc_buf_init(&y, 0);
  fn(a, strlen(a), &x);
  fn(b, strlen(b), &y);
  bool same = x.len == y.len && memcmp(xc_buf_str(&x), xc_buf_str(&y), x.len) == 0;
  xc_buf_free(&x);
  xc_buf_free(&y);
  return same;
}

static void check_html(const char *in, size_t n, const char *want, size_t want_n, bool want_changed,
                       int line) {
  xc_buf b;
  xc_buf_init(&b, 0);
  bool changed = !want_changed;
  xc_html_strip(in, n, &b, &changed);
  xc_test_mem(xc_buf_str(&b), b.len, want, want_n, "xc_html_strip", __FILE__, line);
  if (changed != want_changed)
    xc_test_fail(__FILE__, line, "changed is %d, want %d", changed, want_changed);
  xc_buf_free(&b);
}
#define HTML(in, want) check_html((in), sizeof(in) - 1, (want), sizeof(want) - 1, true, __LINE__)
#define NOHTML(in) check_html((in), sizeof(in) - 1, (in), sizeof(in) - 1, false, __LINE__)

/* ---- NFC ------------------------------------------------------------------------ */

static void nfc_composes_seed_001(void) {
  /* seed 001 stores "chức" as c h ư U+0301 c */
  NFC("ch\xC6\xB0\xCC\x81" "c", "chức");
  NFC("Vie\xCC\xA3\xCC\x82t Nam", "Việt Nam"); /* e + dot below + circumflex */
  NFC("Vie\xCC\x82\xCC\xA3t Nam", "Việt Nam"); /* the marks in the other order */
  NFC("huye\xCC\x82n\xCC\xA3", "huyêṇ");      /* the seed's misspelling, composed */
  NFC("U\xCC\x89y ban", "Ủy ban");
}

static void nfc_keeps_nfc_and_ascii(void) {
  NFC("Biểu mẫu 3", "Biểu mẫu 3");
  NFC("plain ASCII 1.079", "plain ASCII 1.079");
  NFC("", "");
  NFC("Uỷ ban", "Uỷ ban"); /* old-style tone placement is not a normalisation matter */
}

static void nfc_invalid_utf8_copied(void) {
  NFC("\xFF\xFE" "ab", "\xFF\xFE" "ab");
  NFC("a\xC3", "a\xC3");                 /* truncated sequence */
  NFC("e\xCC\x81\xED\xA0\x80", "e\xCC\x81\xED\xA0\x80"); /* a surrogate makes it all invalid */
}

static void nfc_appends(void) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_buf_adds(&b, ">");
  xc_nfc("a\xCC\x80", 3, &b);
  CHECK_STR(xc_buf_str(&b), ">à");
  xc_buf_free(&b);
}

static void is_nfc(void) {
  CHECK(xc_is_nfc("chức", strlen("chức")));
  CHECK(!xc_is_nfc("ch\xC6\xB0\xCC\x81" "c", 7));
  CHECK(xc_is_nfc("", 0));
  CHECK(xc_is_nfc("abc", 3));
  CHECK(xc_is_nfc("\xFF", 1)); /* not UTF-8: reported elsewhere, not as NFD */
}

/* ---- match key ------------------------------------------------------------------- */

static void key_spec_example(void) {
  KEY("Biểu mẫu 3.", "biểu mẫu 3");
  KEY("BIỂU MẪU 3", "biểu mẫu 3");
  CHECK(same_key(xc_match_key, "Biểu mẫu 3.", "BIỂU MẪU 3"));
  CHECK(same_key(xc_match_key, "Biểu mẫu 3", "  biểu   MẪU\xC2\xA0" "3 "));
  CHECK(!same_key(xc_match_key, "Biểu mẫu 3", "Biểu mẫu 4"));
}

static void key_lowercases_unicode(void) {
  KEY("ĐƠN VỊ TÍNH", "đơn vị tính");
  KEY("ỦY BAN NHÂN DÂN", "ủy ban nhân dân");
  KEY("Chỉ Tiêu", "chỉ tiêu");
  KEY("ΑΒΓ Ä", "αβγ ä");
}

static void key_whitespace(void) {
  KEY("  Thông   tin\xC2\xA0" "chung ", "thông tin chung");
  KEY("a\tb\nc\r\nd", "a b c d");
  KEY("a\xE2\x80\xAF" "b\xE3\x80\x80" "c", "a b c"); /* U+202F, U+3000 */
  KEY("a\xE2\x80\x8B" "b", "ab");                     /* U+200B is deleted, not a space */
  KEY("   ", "");
  KEY("", "");
}

static void key_deletes_punctuation(void) {
  KEY("Số, ký hiệu, ngày", "số ký hiệu ngày");
  KEY("(1)", "1");
  KEY("\xE2\x80\x9C" "Có" "\xE2\x80\x9D", "có");          /* “Có” */
  KEY("Ia H' Drai", "ia h drai");
  KEY("Ia H\xE2\x80\x99" "Drai", "ia hdrai");              /* ’ */
  KEY("Ia H\xCA\xBC" "Drai", "ia hdrai");                  /* ʼ */
  KEY("BM-1", "bm1");
  KEY("BM - 1", "bm 1");
  KEY("BM \xE2\x80\x93 1", "bm 1");                        /* – */
  KEY("Đơn vị: giá trị; (ghi chú)", "đơn vị giá trị ghi chú");
  KEY("Số/ký hiệu", "sốký hiệu");
  KEY("\"STT\"", "stt");
  KEY("a \xE2\x80\x94 b", "a \xE2\x80\x94 b");             /* — is not in the list */
}

static void key_nfd_equals_nfc(void) {
  CHECK(same_key(xc_match_key, "ch\xC6\xB0\xCC\x81" "c vu\xCC\xA3", "chức vụ"));
  KEY("CH\xC6\xAF\xCC\x81" "C", "chức");
}

static void key_keeps_diacritics(void) {
  CHECK(!same_key(xc_match_key, "Đắk Hà", "Đăk Hà"));
  CHECK(!same_key(xc_match_key, "Uỷ ban", "Ủy ban"));
  CHECK(!same_key(xc_match_key, "hoà", "hòa"));
  CHECK(!same_key(xc_match_key, "Đắk Hà", "Dak Ha"));
}

static void key_folded(void) {
  FOLD("Đắk Hà", "dak ha");
  FOLD("Đăk Hà", "dak ha");
  FOLD("Dak Ha", "dak ha");
  FOLD("Uỷ ban", "uy ban");
  FOLD("Ủy ban", "uy ban");
  FOLD("hoà hòa", "hoa hoa");
  FOLD("Kon Rẫy", "kon ray");
  FOLD("\xC3\x90" "ắk Tô", "dak to"); /* Ð (U+00D0) from old 8-bit fonts */
  FOLD("Biểu mẫu 3.", "bieu mau 3");
  FOLD("ch\xC6\xB0\xCC\x81" "c", "chuc");
  CHECK(same_key(xc_match_key_folded, "Đắk Hà", "Đăk Hà"));
  CHECK(same_key(xc_match_key_folded, "Uỷ ban nhân dân", "ỦY BAN NHÂN DÂN"));
  CHECK(!same_key(xc_match_key_folded, "Đắk Hà", "Đắk Tô"));
}

static void key_is_idempotent(void) {
  const char *in[] = {"Biểu mẫu 3.", "  Đắk  Hà ", "Số, ký hiệu, ngày", "a\xCC\x81-\xCC\xA3",
                      "ch\xC6\xB0\xCC\x81" "c", "İstanbul", "x\xCC\x81 - \xCC\x81y"};
  for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
    for (int f = 0; f < 2; f++) {
      key_fn fn = f ? xc_match_key_folded : xc_match_key;
      xc_buf a, b;
      xc_buf_init(&a, 0);
      xc_buf_init(&b, 0);
      fn(in[i], strlen(in[i]), &a);
      fn(xc_buf_str(&a), a.len, &b);
      CHECK_MEM(xc_buf_str(&b), b.len, xc_buf_str(&a), a.len);
      CHECK(xc_is_nfc(xc_buf_str(&a), a.len));
      xc_buf_free(&a);
      xc_buf_free(&b);
    }
  }
}

static void key_invalid_utf8(void) {
  KEY("A\xFF" "B", "a\xEF\xBF\xBD" "b"); /* each bad byte reads as U+FFFD */
  FOLD("\xC3(", "\xEF\xBF\xBD");
}

/* ---- whitespace ---------------------------------------------------------------------- */

static void space_len(void) {
  CHECK_INT(xc_space_len(" x", 2), 1);
  CHECK_INT(xc_space_len("\t", 1), 1);
  CHECK_INT(xc_space_len("\xC2\xA0", 2), 2);       /* U+00A0 */
  CHECK_INT(xc_space_len("\xE2\x80\x89", 3), 3);   /* U+2009 thin space */
  CHECK_INT(xc_space_len("\xE2\x80\x8B", 3), 3);   /* U+200B */
  CHECK_INT(xc_space_len("\xEF\xBB\xBF", 3), 3);   /* U+FEFF */
  CHECK_INT(xc_space_len("\xC2\xA0", 1), 0);       /* cut short */
  CHECK_INT(xc_space_len("a", 1), 0);
  CHECK_INT(xc_space_len("\xE2\x80\x93", 3), 0);   /* – is not a space */
  CHECK_INT(xc_space_len("", 0), 0);
}

/* ---- HTML ---------------------------------------------------------------------------- */

static void html_paragraphs(void) {
  HTML("<p>1,5</p>", "1,5");
  HTML("<p>a</p><p>b</p>", "a\nb");
  HTML("<P>Có</P>", "Có");
  HTML("<p>&nbsp;</p>", "\xC2\xA0");
  HTML("a<br>b<br/>c<br />d", "a\nb\nc\nd");
  HTML("<p></p><p></p>x<p></p>", "x");
}

static void html_lists_with_style(void) {
  HTML("<ul style=\"list-style-type: disc; margin-left: 10px\"><li>Có</li><li>Không</li></ul>",
       "Có\nKhông");
  HTML("<ul style='a>b'><li>x</li></ul>", "x"); /* a quoted '>' does not end the tag */
  HTML("<span style=\"font-weight:bold\">Tổng</span> điểm", "Tổng điểm");
  HTML("<b>đậm</b> và <i>nghiêng</i>", "đậm và nghiêng");
  HTML("<o:p></o:p>Ghi chú", "Ghi chú");
  HTML("<table><tr><td>1</td><td>2</td></tr></table>", "1\n2");
}

static void html_entities(void) {
  HTML("a &amp; b", "a & b");
  HTML("&lt;p&gt;", "<p>");
  HTML("&quot;x&quot; &apos;y&apos;", "\"x\" 'y'");
  HTML("Ph&ograve;ng N&ocirc;ng nghi&#7879;p", "Phòng Nông nghiệp");
  HTML("&#x1EBF;&#X1EBF;", "ếế");
  HTML("&Agrave;&yuml;", "Àÿ");
  HTML("10&ndash;20", "10–20");
  NOHTML("&unknown; &amp &#; &#0; &#xD800; &#1114112;");
  NOHTML("AT&T");
  NOHTML("&#xaEEEEEEEEEEEEEEEEE; &#99999999999999;"); /* huge references (fuzz) */
  HTML("&#0000000065;", "A");
}

static void html_comments_and_raw(void) {
  HTML("<!-- Word --><p>x</p>", "x");
  HTML("<style>p { color: red }</style>x", "x");
  HTML("<script type=\"a\">if (a < b) x();</script>y", "y");
  HTML("<style>never closed", "");
  NOHTML("<!-- never closed");
}

static void html_leaves_plain_text(void) {
  NOHTML("x < y và z > w");
  NOHTML("a<b");
  NOHTML("<abc>not a known element</abc>");
  NOHTML("<p class=\"unterminated");
  NOHTML("<5 đơn vị");
  NOHTML("Biểu mẫu 3");
  NOHTML("");
  NOHTML("<pre");
}

/* Hostile text stays linear: quadratic scanning of 400 KB would hit the
 * harness's time limit. */
static void html_hostile_is_linear(void) {
  const char *pieces[] = {"<p a=\"", "<!--", "<style", "</", "<p"};
  for (size_t k = 0; k < sizeof pieces / sizeof pieces[0]; k++) {
    xc_buf in, out;
    xc_buf_init(&in, 0);
    xc_buf_init(&out, 0);
    while (in.len < 400000) xc_buf_adds(&in, pieces[k]);
    bool changed = true;
    xc_html_strip(in.data, in.len, &out, &changed);
    CHECK(out.len <= in.len);
    xc_buf_free(&in);
    xc_buf_free(&out);
  }
}

static void text_clean(void) {
  xc_buf b;
  xc_buf_init(&b, 0);
  CHECK_INT(xc_text_clean("<p>1,5</p>", 10, &b), XC_TEXT_HTML);
  CHECK_STR(xc_buf_str(&b), "1,5");
  xc_buf_clear(&b);
  CHECK_INT(xc_text_clean("ch\xC6\xB0\xCC\x81" "c", 7, &b), XC_TEXT_NOT_NFC);
  CHECK_STR(xc_buf_str(&b), "chức");
  xc_buf_clear(&b);
  CHECK_INT(xc_text_clean("<p>ch\xC6\xB0\xCC\x81" "c</p>", 14, &b), XC_TEXT_HTML | XC_TEXT_NOT_NFC);
  CHECK_STR(xc_buf_str(&b), "chức");
  xc_buf_clear(&b);
  CHECK_INT(xc_text_clean("Có", strlen("Có"), &b), 0);
  CHECK_STR(xc_buf_str(&b), "Có");
  xc_buf_clear(&b);
  CHECK_INT(xc_text_clean("", 0, &b), 0);
  CHECK_STR(xc_buf_str(&b), "");
  xc_buf_free(&b);
}

const xc_test_case xc_tests_textkey[] = {
    TEST(nfc_composes_seed_001),
    TEST(nfc_keeps_nfc_and_ascii),
    TEST(nfc_invalid_utf8_copied),
    TEST(nfc_appends),
    TEST(is_nfc),
    TEST(key_spec_example),
    TEST(key_lowercases_unicode),
    TEST(key_whitespace),
    TEST(key_deletes_punctuation),
    TEST(key_nfd_equals_nfc),
    TEST(key_keeps_diacritics),
    TEST(key_folded),
    TEST(key_is_idempotent),
    TEST(key_invalid_utf8),
    TEST(space_len),
    TEST(html_paragraphs),
    TEST(html_lists_with_style),
    TEST(html_entities),
    TEST(html_comments_and_raw),
    TEST(html_leaves_plain_text),
    TEST(html_hostile_is_linear),
    TEST(text_clean),
    {0},
};
