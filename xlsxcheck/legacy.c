/* legacy.c: TCVN3 and VNI-Windows <-> Unicode, and telling them apart from
 * Unicode text.  The tables are built from one list of the 12 Vietnamese
 * vowels with their 6 tones, so the three encodings cannot disagree on
 * which letter is which. */
#include "legacy.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

#include "textkey.h"

/* ---- the letters --------------------------------------------------------- */

enum { NV = 12, NT = 6 }; /* vowels a ă â e ê i o ô ơ u ư y; tones: none sắc huyền hỏi ngã nặng */

/* lower-case Unicode of each vowel with each tone */
static const uint32_t VOWEL[NV][NT] = {
    {0x0061, 0x00E1, 0x00E0, 0x1EA3, 0x00E3, 0x1EA1}, /* a */
    {0x0103, 0x1EAF, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EB7}, /* ă */
    {0x00E2, 0x1EA5, 0x1EA7, 0x1EA9, 0x1EAB, 0x1EAD}, /* â */
    {0x0065, 0x00E9, 0x00E8, 0x1EBB, 0x1EBD, 0x1EB9}, /* e */
    {0x00EA, 0x1EBF, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EC7}, /* ê */
    {0x0069, 0x00ED, 0x00EC, 0x1EC9, 0x0129, 0x1ECB}, /* i */
    {0x006F, 0x00F3, 0x00F2, 0x1ECF, 0x00F5, 0x1ECD}, /* o */
    {0x00F4, 0x1ED1, 0x1ED3, 0x1ED5, 0x1ED7, 0x1ED9}, /* ô */
    {0x01A1, 0x1EDB, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EE3}, /* ơ */
    {0x0075, 0x00FA, 0x00F9, 0x1EE7, 0x0169, 0x1EE5}, /* u */
    {0x01B0, 0x1EE9, 0x1EEB, 0x1EED, 0x1EEF, 0x1EF1}, /* ư */
    {0x0079, 0x00FD, 0x1EF3, 0x1EF7, 0x1EF9, 0x1EF5}, /* y */
};
/* the vowel's letter in the group spellings below */
static const char VCODE[NV] = {'a', '1', '2', 'e', '3', 'i', 'o', '4', '5', 'u', '6', 'y'};
#define D_LOWER 0x0111u
#define D_UPPER 0x0110u

/* TCVN3 (VN3) byte of each lower-case vowel and tone (0: the ASCII letter) */
static const unsigned char TCVN3[NV][NT] = {
    {'a', 0xB8, 0xB5, 0xB6, 0xB7, 0xB9}, /* a á à ả ã ạ */
    {0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6}, /* ă */
    {0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB}, /* â */
    {'e', 0xD0, 0xCC, 0xCE, 0xCF, 0xD1}, /* e */
    {0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6}, /* ê */
    {'i', 0xDD, 0xD7, 0xD8, 0xDC, 0xDE}, /* i */
    {'o', 0xE3, 0xDF, 0xE1, 0xE2, 0xE4}, /* o */
    {0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9}, /* ô */
    {0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE}, /* ơ */
    {'u', 0xF3, 0xEF, 0xF1, 0xF2, 0xF4}, /* u */
    {0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9}, /* ư */
    {'y', 0xFD, 0xFA, 0xFB, 0xFC, 0xFE}, /* y */
};
/* TCVN3 capitals: Ă Â Ê Ô Ơ Ư Đ, and đ */
static const struct {
  unsigned char code;
  uint32_t cp;
} TCVN3_EXTRA[] = {{0xA1, 0x0102}, {0xA2, 0x00C2}, {0xA3, 0x00CA}, {0xA4, 0x00D4},
                   {0xA5, 0x01A0}, {0xA6, 0x01AF}, {0xA7, D_UPPER}, {0xAE, D_LOWER}};

/* VNI-Windows, lower case: a vowel is a base byte and at most one mark byte.
 * Capitals use the capital base and each mark byte minus 0x20. */
static const unsigned char VNI[NV][NT][2] = {
    {{'a', 0}, {'a', 0xF9}, {'a', 0xF8}, {'a', 0xFB}, {'a', 0xF5}, {'a', 0xEF}},
    {{'a', 0xEA}, {'a', 0xE9}, {'a', 0xE8}, {'a', 0xFA}, {'a', 0xFC}, {'a', 0xEB}}, /* ă */
    {{'a', 0xE2}, {'a', 0xE1}, {'a', 0xE0}, {'a', 0xE5}, {'a', 0xE3}, {'a', 0xE4}}, /* â */
    {{'e', 0}, {'e', 0xF9}, {'e', 0xF8}, {'e', 0xFB}, {'e', 0xF5}, {'e', 0xEF}},
    {{'e', 0xE2}, {'e', 0xE1}, {'e', 0xE0}, {'e', 0xE5}, {'e', 0xE3}, {'e', 0xE4}}, /* ê */
    {{'i', 0}, {0xED, 0}, {0xEC, 0}, {0xE6, 0}, {0xF3, 0}, {0xF2, 0}},             /* i */
    {{'o', 0}, {'o', 0xF9}, {'o', 0xF8}, {'o', 0xFB}, {'o', 0xF5}, {'o', 0xEF}},
    {{'o', 0xE2}, {'o', 0xE1}, {'o', 0xE0}, {'o', 0xE5}, {'o', 0xE3}, {'o', 0xE4}}, /* ô */
    {{0xF4, 0}, {0xF4, 0xF9}, {0xF4, 0xF8}, {0xF4, 0xFB}, {0xF4, 0xF5}, {0xF4, 0xEF}}, /* ơ */
    {{'u', 0}, {'u', 0xF9}, {'u', 0xF8}, {'u', 0xFB}, {'u', 0xF5}, {'u', 0xEF}},
    {{0xF6, 0}, {0xF6, 0xF9}, {0xF6, 0xF8}, {0xF6, 0xFB}, {0xF6, 0xF5}, {0xF6, 0xEF}}, /* ư */
    {{'y', 0}, {'y', 0xF9}, {'y', 0xF8}, {'y', 0xFB}, {'y', 0xF5}, {0xEE, 0}},         /* y */
};
#define VNI_D 0xF1 /* đ; Đ is 0xD1 */

static unsigned char upper_byte(unsigned char c) {
  if (c >= 'a' && c <= 'z') return (unsigned char)(c - 32);
  if (c >= 0xE0 && c != 0xF7 && c != 0xFF) return (unsigned char)(c - 0x20);
  return c;
}

/* the vowel and tone of a lower-case code point, or -1 */
static int vowel_of(uint32_t cp, int *tone) {
  for (int v = 0; v < NV; v++)
    for (int t = 0; t < NT; t++)
      if (VOWEL[v][t] == cp) {
        if (tone) *tone = t;
        return v;
      }
  return -1;
}

static uint32_t lower(uint32_t cp) { return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp); }
static uint32_t upper(uint32_t cp) { return (uint32_t)utf8proc_toupper((utf8proc_int32_t)cp); }
static bool is_upper(uint32_t cp) { return lower(cp) != cp; }

/* ---- decoding tables (built once, read-only afterwards: build_tables) ------- */

static uint32_t tcvn3_to_uni[256];
/* VNI: single bytes, and base+mark pairs (base byte, mark byte) */
static uint32_t vni_single[256];
typedef struct {
  unsigned char base, mark;
  uint32_t cp;
} vni_pair;
static vni_pair vni_pairs[2 * NV * NT * 2];
static size_t nvni_pairs;

static void add_pair(unsigned char b, unsigned char m, uint32_t cp) {
  vni_pairs[nvni_pairs].base = b;
  vni_pairs[nvni_pairs].mark = m;
  vni_pairs[nvni_pairs].cp = cp;
  nvni_pairs++;
}

static void fill_tables(void) {
  for (unsigned i = 0; i < 256; i++) tcvn3_to_uni[i] = vni_single[i] = 0;
  for (int v = 0; v < NV; v++)
    for (int t = 0; t < NT; t++) {
      unsigned char c = TCVN3[v][t];
      if (c >= 0x80) tcvn3_to_uni[c] = VOWEL[v][t];
      const unsigned char *p = VNI[v][t];
      uint32_t lo = VOWEL[v][t], up = upper(lo);
      if (p[1]) {
        /* lower base with either case of mark, and capital base likewise */
        add_pair(p[0], p[1], lo);
        add_pair(upper_byte(p[0]), upper_byte(p[1]), up);
      } else if (p[0] >= 0x80) {
        vni_single[p[0]] = lo;
        vni_single[upper_byte(p[0])] = up;
      }
    }
  for (size_t i = 0; i < sizeof TCVN3_EXTRA / sizeof *TCVN3_EXTRA; i++)
    tcvn3_to_uni[TCVN3_EXTRA[i].code] = TCVN3_EXTRA[i].cp;
  vni_single[VNI_D] = D_LOWER;
  vni_single[upper_byte(VNI_D)] = D_UPPER;
}

/* The tables are filled once, by whichever thread comes first; every other
 * waits for them, then only reads. */
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;
static void build_tables(void) { pthread_once(&tables_once, fill_tables); }

const char *xc_legacy_name(xc_legacy enc) {
  switch (enc) {
    case XC_LEGACY_TCVN3: return "TCVN3";
    case XC_LEGACY_VNI: return "VNI";
    default: return "";
  }
}

/* ---- UTF-8 <-> code points ----------------------------------------------------- */

/* Decodes s into *cps (xc_buf used as an array of uint32_t); false on invalid UTF-8. */
static bool to_cps(const char *s, size_t n, xc_buf *cps) {
  size_t i = 0;
  while (i < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0 || cp < 0) return false;
    uint32_t u = (uint32_t)cp;
    xc_buf_add(cps, &u, sizeof u);
    i += (size_t)k;
  }
  return true;
}

static void put_cp(xc_buf *out, uint32_t cp) {
  utf8proc_uint8_t tmp[4];
  utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)cp, tmp);
  if (k > 0) xc_buf_add(out, tmp, (size_t)k);
}

/* ---- decode ---------------------------------------------------------------------- */

/* Converts code points (legacy characters) to Unicode code points in dst. */
static void decode_cps(xc_legacy enc, const uint32_t *c, size_t n, xc_buf *dst) {
  build_tables();
  for (size_t i = 0; i < n; i++) {
    uint32_t u = c[i];
    if (enc == XC_LEGACY_TCVN3) {
      if (u < 256 && tcvn3_to_uni[u]) u = tcvn3_to_uni[u];
    } else if (enc == XC_LEGACY_VNI) {
      bool done = false;
      if (i + 1 < n && u < 256 && c[i + 1] >= 0x80 && c[i + 1] < 256) {
        for (size_t k = 0; k < nvni_pairs; k++)
          if (vni_pairs[k].base == u && (vni_pairs[k].mark == c[i + 1])) {
            u = vni_pairs[k].cp;
            i++;
            done = true;
            break;
          }
        if (!done) /* a mark of the other case after the base */
          for (size_t k = 0; k < nvni_pairs; k++)
            if (vni_pairs[k].base == u && upper_byte((unsigned char)c[i + 1]) == vni_pairs[k].mark) {
              u = vni_pairs[k].cp;
              i++;
              done = true;
              break;
            }
      }
      if (!done && u < 256 && vni_single[u]) u = vni_single[u];
    }
    xc_buf_add(dst, &u, sizeof u);
  }
}

static void cps_to_nfc(const uint32_t *c, size_t n, xc_buf *out) {
  xc_buf tmp;
  xc_buf_init(&tmp, 0);
  for (size_t i = 0; i < n; i++) put_cp(&tmp, c[i]);
  xc_nfc(tmp.data ? tmp.data : "", tmp.len, out);
  xc_buf_free(&tmp);
}

bool xc_legacy_decode(xc_legacy enc, const char *s, size_t n, xc_buf *out) {
  xc_buf cps, uni;
  xc_buf_init(&cps, 0);
  xc_buf_init(&uni, 0);
  bool ok = to_cps(s, n, &cps);
  if (!ok) {
    xc_buf_add(out, s, n);
  } else {
    decode_cps(enc, (const uint32_t *)(void *)cps.data, cps.len / 4, &uni);
    cps_to_nfc((const uint32_t *)(void *)uni.data, uni.len / 4, out);
  }
  xc_buf_free(&cps);
  xc_buf_free(&uni);
  return ok;
}

/* ---- encode ---------------------------------------------------------------------- */

bool xc_legacy_encode(xc_legacy enc, const char *s, size_t n, xc_buf *out) {
  xc_buf nfc, cps;
  xc_buf_init(&nfc, 0);
  xc_buf_init(&cps, 0);
  xc_nfc(s, n, &nfc);
  bool exact = to_cps(nfc.data ? nfc.data : "", nfc.len, &cps);
  if (!exact || enc == XC_LEGACY_NONE) {
    xc_buf_add(out, s, n);
    xc_buf_free(&nfc);
    xc_buf_free(&cps);
    return exact && enc == XC_LEGACY_NONE;
  }
  const uint32_t *c = (const uint32_t *)(void *)cps.data;
  for (size_t i = 0; i < cps.len / 4; i++) {
    uint32_t u = c[i], lo = lower(u);
    bool up = is_upper(u);
    int t, v = vowel_of(lo, &t);
    if (v >= 0 && up && upper(VOWEL[v][t]) != u) v = -1; /* "İ" lower-cases to "i" but is no Vietnamese I */
    if (enc == XC_LEGACY_TCVN3) {
      if (u == D_LOWER) { put_cp(out, 0xAE); continue; }
      bool extra = false;
      for (size_t k = 0; k < sizeof TCVN3_EXTRA / sizeof *TCVN3_EXTRA; k++)
        if (TCVN3_EXTRA[k].cp == u) {
          put_cp(out, TCVN3_EXTRA[k].code);
          extra = true;
        }
      if (extra) continue;
      if (v >= 0) {
        unsigned char code = TCVN3[v][t];
        if (up && code < 0x80) code = (unsigned char)(code - 32); /* A E I O U Y */
        else if (up) exact = false;                              /* no marked capitals */
        put_cp(out, code);
        continue;
      }
    } else {
      if (lo == D_LOWER) { put_cp(out, up ? upper_byte(VNI_D) : VNI_D); continue; }
      if (v >= 0) {
        const unsigned char *p = VNI[v][t];
        put_cp(out, up ? upper_byte(p[0]) : p[0]);
        if (p[1]) put_cp(out, up ? upper_byte(p[1]) : p[1]);
        continue;
      }
    }
    if (u >= 0x80) exact = false; /* no code: copied */
    put_cp(out, u);
  }
  xc_buf_free(&nfc);
  xc_buf_free(&cps);
  return exact;
}

/* ---- Vietnamese spelling ------------------------------------------------------- */

static bool is_consonant(uint32_t c) {
  return (c < 0x80 && strchr("bcdghklmnpqrstvx", (int)c) && c) || c == D_LOWER;
}

/* vowel groups (VCODE letters): may take a final consonant, or may not */
static const char *const GROUP_FINAL[] = {"a", "1", "2", "e", "3", "i", "o", "4", "5", "u", "6",
                                          "y", "i3", "y3", "oa", "o1", "oe", "u2", "u3", "u4",
                                          "65", "uy", "uy3", "oo", NULL};
static const char *const GROUP_OPEN[] = {"ai", "ao", "au", "ay", "2u", "2y", "eo", "3u", "ia",
                                         "iu", "oi", "4i", "5i", "ui", "6i", "6u", "6a", "ua",
                                         "i3u", "y3u", "oai", "oay", "oeo", "u2y", "u4i", "65i",
                                         "65u", "uya", "uyu", "u5", "oao", NULL};
static const char *const ONSETS[] = {"", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k",
                                     "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "qu",
                                     "r", "s", "t", "th", "tr", "v", "x",
                                     /* minorities' place names: Plei, Kr, Đr, Bl... */
                                     "pl", "kr", "đr", "bl", "br", "gl", "kl", "dr", "tl", NULL};
static const char *const FINALS[] = {"", "c", "ch", "k", "m", "n", "ng", "nh", "p", "t", NULL};

static bool in_list(const char *const *list, const char *s) {
  for (; *list; list++)
    if (strcmp(*list, s) == 0) return true;
  return false;
}

/* Where the tone mark sits in a vowel group: on the main vowel ("của",
 * "tiếng", "người", "khuỷu", "quyết"); "oa", "oe", "uy" without a final take
 * it on either vowel (old "hóa", new "hoá"). */
static bool tone_place_ok(const char *grp, size_t g, size_t tpos, bool final) {
  if (g == 1) return true;
  if (g == 2 && (strcmp(grp, "oa") == 0 || strcmp(grp, "oe") == 0 || strcmp(grp, "uy") == 0))
    return final ? tpos == 1 : true;
  if (g == 2) return tpos == ((in_list(GROUP_OPEN, grp) && strcmp(grp, "u5") != 0) ? 0u : 1u);
  return tpos == (strcmp(grp, "uy3") == 0 ? 2u : 1u);
}

/* c[0..n) lower-case code points of one word */
static bool syllable_cps(const uint32_t *c, size_t n) {
  if (n == 0 || n > 8) return false;
  /* onset: consonants, then "gi"/"qu" before a vowel */
  char on[16];
  size_t o = 0, i = 0;
  while (i < n && is_consonant(c[i]) && o < 6) {
    if (c[i] == D_LOWER) {
      memcpy(on + o, "\xC4\x91", 2);
      o += 2;
    } else {
      on[o++] = (char)c[i];
    }
    i++;
  }
  on[o] = '\0';
  if (i == n) return false;
  int tone;
  if (i + 1 < n && ((o == 1 && on[0] == 'q' && c[i] == 'u') ||
                    (o == 1 && on[0] == 'g' && vowel_of(c[i], &tone) == 5 && tone == 0))) {
    int t2;
    if (vowel_of(c[i + 1], &t2) >= 0) { /* "qua", "gia": the u/i belongs to the onset */
      on[o++] = (char)c[i];
      on[o] = '\0';
      i++;
    }
  }
  if (!in_list(ONSETS, on)) return false;
  /* vowel group */
  char grp[8];
  size_t g = 0;
  int tones = 0, the_tone = 0;
  size_t tpos = 0;
  while (i < n) {
    int t, v = vowel_of(c[i], &t);
    if (v < 0) break;
    if (g >= 3) return false;
    if (t) tones++, the_tone = t, tpos = g;
    grp[g++] = VCODE[v];
    i++;
  }
  grp[g] = '\0';
  if (g == 0 || tones > 1) return false;
  /* final */
  char fin[8];
  size_t f = 0;
  while (i < n && f < 3) {
    if (c[i] >= 0x80) return false;
    fin[f++] = (char)c[i++];
  }
  fin[f] = '\0';
  if (i < n || !in_list(FINALS, fin)) return false;
  if (the_tone && !tone_place_ok(grp, g, tpos, f > 0)) return false;
  if (f == 0) return in_list(GROUP_FINAL, grp) || in_list(GROUP_OPEN, grp);
  if (!in_list(GROUP_FINAL, grp)) return false;
  if ((strcmp(fin, "c") == 0 || strcmp(fin, "ch") == 0 || strcmp(fin, "p") == 0 ||
       strcmp(fin, "t") == 0) &&
      the_tone != 1 && the_tone != 5)
    return false; /* "mất", "việc": a stop final takes sắc or nặng */
  return true;
}

bool xc_vi_syllable(const char *s, size_t n) {
  xc_buf cps;
  xc_buf_init(&cps, 0);
  bool ok = to_cps(s, n, &cps);
  if (ok) {
    uint32_t *c = (uint32_t *)(void *)cps.data;
    size_t k = cps.len / 4;
    for (size_t i = 0; i < k; i++) c[i] = lower(c[i]);
    ok = syllable_cps(c, k);
  }
  xc_buf_free(&cps);
  return ok;
}

/* ---- detection ------------------------------------------------------------------- */

/* Windows-1252 punctuation Excel may hold among legacy text (0x80-0x9F). */
static bool cp1252_punct(uint32_t u) {
  static const uint32_t P[] = {0x20AC, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6,
                               0x2030, 0x0160, 0x2039, 0x0152, 0x017D, 0x2018, 0x2019, 0x201C,
                               0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
                               0x0153, 0x017E, 0x0178};
  for (size_t i = 0; i < sizeof P / sizeof *P; i++)
    if (P[i] == u) return true;
  return false;
}

/* a word separator: ASCII other than letters, and the CP1252 punctuation */
static bool separator(uint32_t u) {
  if (u < 0x80) return !((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z'));
  return cp1252_punct(u) || u == 0xA0;
}

typedef struct {
  size_t good, bad; /* words with a non-ASCII character: Vietnamese or not */
} word_score;

static void score_words(const uint32_t *c, size_t n, word_score *sc) {
  sc->good = sc->bad = 0;
  size_t i = 0;
  uint32_t w[16];
  while (i < n) {
    while (i < n && separator(c[i])) i++;
    size_t start = i;
    bool wide = false, letters = true;
    size_t k = 0;
    while (i < n && !separator(c[i])) {
      uint32_t lo = lower(c[i]);
      if (c[i] >= 0x80) wide = true;
      if (c[i] >= 0x80 && lo != D_LOWER && vowel_of(lo, NULL) < 0) letters = false;
      if (k < 16) w[k] = lo;
      k++;
      i++;
    }
    if (i == start || !wide || k < 2) continue; /* a lone letter proves nothing ("5 × 3") */
    if (letters && k <= 16 && syllable_cps(w, k)) sc->good++;
    else sc->bad++;
  }
}

xc_legacy xc_legacy_detect(const char *s, size_t n, xc_buf *out) {
  xc_buf cps, conv;
  xc_buf_init(&cps, 0);
  xc_buf_init(&conv, 0);
  xc_legacy best = XC_LEGACY_NONE;
  if (!to_cps(s, n, &cps)) goto done;
  const uint32_t *c = (const uint32_t *)(void *)cps.data;
  size_t k = cps.len / 4;
  bool high = false;
  for (size_t i = 0; i < k; i++) {
    if (c[i] > 0xFF && !cp1252_punct(c[i])) goto done; /* Unicode beyond Latin-1: not legacy */
    if (c[i] >= 0x80) high = true;
  }
  if (!high) goto done;
  word_score orig;
  score_words(c, k, &orig);
  if (orig.bad == 0) goto done; /* reads as Vietnamese (or Latin) already */
  long best_score = 0;
  for (int e = XC_LEGACY_TCVN3; e <= XC_LEGACY_VNI; e++) {
    xc_buf_clear(&conv);
    decode_cps((xc_legacy)e, c, k, &conv);
    word_score sc;
    score_words((const uint32_t *)(void *)conv.data, conv.len / 4, &sc);
    if (sc.good == 0 || sc.good <= orig.good || sc.bad * 5 > sc.good + sc.bad) continue;
    long score = (long)sc.good - 2 * (long)sc.bad;
    if (score > best_score) best_score = score, best = (xc_legacy)e;
    else if (score == best_score) best = XC_LEGACY_NONE; /* both fit equally: do not guess */
  }
  if (best != XC_LEGACY_NONE && out) xc_legacy_decode(best, s, n, out);
done:
  xc_buf_free(&cps);
  xc_buf_free(&conv);
  return best;
}
