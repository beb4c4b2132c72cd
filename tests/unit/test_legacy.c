/* test_legacy.c: the TCVN3 and VNI-Windows tables (legacy.h), checked
 * against reference text typed independently of legacy.c's tables, by
 * round trip, and the detector against text that must not be converted. */
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "legacy.h"

#define SUITE "legacy"

static void dec(xc_legacy enc, const char *in, const char *want, int line) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_legacy_decode(enc, in, strlen(in), &b);
  xc_test_str(xc_buf_str(&b), want, "xc_legacy_decode", __FILE__, line);
  xc_buf_free(&b);
}
static void enc(xc_legacy e, const char *in, const char *want, bool exact, int line) {
  xc_buf b;
  xc_buf_init(&b, 0);
  bool ok = xc_legacy_encode(e, in, strlen(in), &b);
  xc_test_str(xc_buf_str(&b), want, "xc_legacy_encode", __FILE__, line);
  xc_test_int(ok, exact, "xc_legacy_encode exact", __FILE__, line);
  xc_buf_free(&b);
}
static void det(const char *in, xc_legacy want, const char *conv, int line) {
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_legacy got = xc_legacy_detect(in, strlen(in), &b);
  xc_test_str(xc_legacy_name(got), xc_legacy_name(want), in, __FILE__, line);
  if (conv) xc_test_str(xc_buf_str(&b), conv, "converted", __FILE__, line);
  xc_buf_free(&b);
}
#define DEC(e, in, want) dec((e), (in), (want), __LINE__)
#define ENC(e, in, want, exact) enc((e), (in), (want), (exact), __LINE__)
#define DET(in, want, conv) det((in), (want), (conv), __LINE__)

/* The whole TCVN3 table, as a reference lists it (code by code, in the
 * order á à ả ã ạ of each vowel; U+00AD is the code of ư). */
static void tcvn3_table(void) {
  DEC(XC_LEGACY_TCVN3,
      "\xC2\xB8\xC2\xB5\xC2\xB6\xC2\xB7\xC2\xB9\xC2\xA8\xC2\xBE\xC2\xBB\xC2\xBC\xC2\xBD\xC3\x86"
      "\xC2\xA9\xC3\x8A\xC3\x87\xC3\x88\xC3\x89\xC3\x8B",
      "áàảãạăắằẳẵặâấầẩẫậ");
  DEC(XC_LEGACY_TCVN3, "ÐÌÎÏ\xC3\x91\xC2\xAA" "ÕÒÓÔÖÝ×ØÜÞãßáâä«èåæçé¬íêëìî", "éèẻẽẹêếềểễệíìỉĩịóòỏõọôốồổỗộơớờởỡợ");
  DEC(XC_LEGACY_TCVN3, "óïñòô\xC2\xADøõö÷ùýúûüþ®", "úùủũụưứừửữựýỳỷỹỵđ");
  DEC(XC_LEGACY_TCVN3, "¡¢£¤¥¦§", "ĂÂÊÔƠƯĐ");
}

static void tcvn3_words(void) {
  DEC(XC_LEGACY_TCVN3, "Ninh B×nh", "Ninh Bình");
  DEC(XC_LEGACY_TCVN3, "C¶i c¸ch hµnh chÝnh", "Cải cách hành chính");
  DEC(XC_LEGACY_TCVN3, "§¾k Hµ", "Đắk Hà");
  DEC(XC_LEGACY_TCVN3, "Kon RÉy", "Kon Rẫy");
  DEC(XC_LEGACY_TCVN3, "thñ tôc", "thủ tục");
  DEC(XC_LEGACY_TCVN3, "B¶o Th¾ng", "Bảo Thắng");
  DEC(XC_LEGACY_TCVN3, "M\xC2\xADêng Kh\xC2\xAD¬ng", "Mường Khương"); /* ư is U+00AD */
  ENC(XC_LEGACY_TCVN3, "Ninh Bình", "Ninh B×nh", true);
  ENC(XC_LEGACY_TCVN3, "Cải cách hành chính", "C¶i c¸ch hµnh chÝnh", true);
  ENC(XC_LEGACY_TCVN3, "Đắk Hà", "§¾k Hµ", true);
  ENC(XC_LEGACY_TCVN3, "ủy ban nhân dân", "ñy ban nh©n d©n", true);
  ENC(XC_LEGACY_TCVN3, "Ủy", "ñy", false); /* no marked capitals in VN3 */
  ENC(XC_LEGACY_TCVN3, "Ω", "Ω", false);
}

/* VNI: the reference pairs (base + mark byte), lower and upper case. */
static void vni_table(void) {
  DEC(XC_LEGACY_VNI, "aù aø aû aõ aï aâ aá aà aå aã aä aê aé aè aú aü aë",
      "á à ả ã ạ â ấ ầ ẩ ẫ ậ ă ắ ằ ẳ ẵ ặ");
  DEC(XC_LEGACY_VNI, "eù eø eû eõ eï eâ eá eà eå eã eä", "é è ẻ ẽ ẹ ê ế ề ể ễ ệ");
  DEC(XC_LEGACY_VNI, "í ì æ ó ò", "í ì ỉ ĩ ị");
  DEC(XC_LEGACY_VNI, "où oø oû oõ oï oâ oá oà oå oã oä ô ôù ôø ôû ôõ ôï",
      "ó ò ỏ õ ọ ô ố ồ ổ ỗ ộ ơ ớ ờ ở ỡ ợ");
  DEC(XC_LEGACY_VNI, "uù uø uû uõ uï ö öù öø öû öõ öï", "ú ù ủ ũ ụ ư ứ ừ ử ữ ự");
  DEC(XC_LEGACY_VNI, "yù yø yû yõ î ñ", "ý ỳ ỷ ỹ ỵ đ");
  DEC(XC_LEGACY_VNI, "AÙ AØ AÛ AÕ AÏ AÂ AÁ AÀ AÅ AÃ AÄ AÊ AÉ AÈ AÚ AÜ AË",
      "Á À Ả Ã Ạ Â Ấ Ầ Ẩ Ẫ Ậ Ă Ắ Ằ Ẳ Ẵ Ặ");
  DEC(XC_LEGACY_VNI, "EÂ OÂ Ô Ö Í Ì Æ Ó Ò YÙ Î Ñ", "Ê Ô Ơ Ư Í Ì Ỉ Ĩ Ị Ý Ỵ Đ");
}

static void vni_words(void) {
  DEC(XC_LEGACY_VNI, "Vieät Nam", "Việt Nam");
  DEC(XC_LEGACY_VNI, "Xin chaøo caùc baïn", "Xin chào các bạn");
  DEC(XC_LEGACY_VNI, "ñöôïc", "được");
  DEC(XC_LEGACY_VNI, "Ninh Bình", "Ninh Bình"); /* VNI's ì is ì */
  ENC(XC_LEGACY_VNI, "Ủy ban nhân dân", "UÛy ban nhaân daân", true);
  ENC(XC_LEGACY_VNI, "Cải cách hành chính", "Caûi caùch haønh chính", true);
  ENC(XC_LEGACY_VNI, "Đắk Hà", "Ñaék Haø", true);
  ENC(XC_LEGACY_VNI, "Kon Rẫy", "Kon Raãy", true);
  ENC(XC_LEGACY_VNI, "thủ tục", "thuû tuïc", true);
}

/* encode then decode gives the text back, for every word of a list */
static void round_trip(void) {
  static const char *const words[] = {
      "Ninh Bình", "Cải cách hành chính", "ủy ban nhân dân", "Đắk Hà", "Kon Rẫy", "thủ tục",
      "Thông tin chung về báo cáo", "Số TTHC được phê duyệt phương án đơn giản hóa",
      "Tỷ lệ hồ sơ giải quyết đúng hạn", "Văn bản chỉ đạo", "Biên chế", "Sở Nội vụ tỉnh Kon Tum",
      "người ưu tiên", "khuya khoắt quyết định giữa"};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    for (int e = XC_LEGACY_TCVN3; e <= XC_LEGACY_VNI; e++) {
      xc_buf a, b;
      xc_buf_init(&a, 0);
      xc_buf_init(&b, 0);
      CHECK(xc_legacy_encode((xc_legacy)e, words[i], strlen(words[i]), &a));
      xc_legacy_decode((xc_legacy)e, a.data, a.len, &b);
      CHECK_STR(xc_buf_str(&b), words[i]);
      /* and the detector finds the encoding back */
      xc_buf_clear(&b);
      xc_legacy got = xc_legacy_detect(a.data, a.len, &b);
      if (strcmp(words[i], "Ninh Bình") != 0 || e == XC_LEGACY_TCVN3) {
        CHECK_STR(xc_legacy_name(got), xc_legacy_name((xc_legacy)e));
        CHECK_STR(xc_buf_str(&b), words[i]);
      }
      xc_buf_free(&a);
      xc_buf_free(&b);
    }
}

static void detect_legacy(void) {
  DET("Ninh B×nh", XC_LEGACY_TCVN3, "Ninh Bình");
  DET("UBND huyÖn §¾k Hµ", XC_LEGACY_TCVN3, "UBND huyện Đắk Hà");
  DET("Vieät Nam", XC_LEGACY_VNI, "Việt Nam");
  DET("Caûi caùch haønh chính", XC_LEGACY_VNI, "Cải cách hành chính");
  DET("Sè TTHC ®ược", XC_LEGACY_NONE, NULL); /* has Unicode ợ: not legacy */
}

static void detect_not_legacy(void) {
  DET("Ninh Bình", XC_LEGACY_NONE, NULL);
  DET("Cải cách hành chính", XC_LEGACY_NONE, NULL);
  DET("Ủy ban nhân dân", XC_LEGACY_NONE, NULL);
  DET("Total 1.079", XC_LEGACY_NONE, NULL);
  DET("café au lait", XC_LEGACY_NONE, NULL);
  DET("Müller naïve résumé", XC_LEGACY_NONE, NULL);
  DET("5 × 3 = 15", XC_LEGACY_NONE, NULL);
  DET("©2023 Sở", XC_LEGACY_NONE, NULL);
  DET("", XC_LEGACY_NONE, NULL);
  DET("\xFF\xFE", XC_LEGACY_NONE, NULL); /* invalid UTF-8 */
  DET("Tô Hà Cà Mau", XC_LEGACY_NONE, NULL);
}

static void syllables(void) {
  static const char *const good[] = {"bình", "nghiêng", "quyết", "giữa", "khuya", "người",
                                     "được", "Đắk", "rẫy", "ươu", "oải", "việc", "Ủy", "thuở"};
  static const char *const bad[] = {"bỡnhx", "viọt", "cafộ", "aù", "mầc", "hoàa", "chaá", "tiếng!",
                                    "qa", "aaaa", ""};
  for (size_t i = 0; i < sizeof good / sizeof *good; i++)
    if (!xc_vi_syllable(good[i], strlen(good[i]))) xc_test_fail(__FILE__, __LINE__, "not a syllable: %s", good[i]);
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    if (xc_vi_syllable(bad[i], strlen(bad[i]))) xc_test_fail(__FILE__, __LINE__, "a syllable: %s", bad[i]);
}

const xc_test_case xc_tests_legacy[] = {
    TEST(tcvn3_table), TEST(tcvn3_words),   TEST(vni_table),         TEST(vni_words),
    TEST(round_trip),  TEST(detect_legacy), TEST(detect_not_legacy), TEST(syllables),
    {0},
};
