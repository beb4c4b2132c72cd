/* textkey.c: NFC, match keys, HTML stripping.  See textkey.h. */
#include "textkey.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "alloc.h"
#include "arena.h"

/* ---- UTF-8 ---------------------------------------------------------------- */

/* Decodes one strict UTF-8 sequence (no overlongs, surrogates or values above
 * U+10FFFF); returns its length, or 0 when s does not start with one. */
static size_t u8dec(const char *str, size_t n, int32_t *cp) {
  const unsigned char *s = (const unsigned char *)str;
  if (n == 0) return 0;
  unsigned c = s[0];
  if (c < 0x80) {
    *cp = (int32_t)c;
    return 1;
  }
  size_t len;
  int32_t v, min;
  if (c >= 0xC2 && c <= 0xDF) len = 2, v = (int32_t)(c & 0x1F), min = 0x80;
  else if (c >= 0xE0 && c <= 0xEF) len = 3, v = (int32_t)(c & 0x0F), min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4) len = 4, v = (int32_t)(c & 0x07), min = 0x10000;
  else return 0;
  if (n < len) return 0;
  for (size_t k = 1; k < len; k++) {
    if ((s[k] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (int32_t)(s[k] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return len;
}

static bool u8enc(xc_buf *b, int32_t cp) {
  utf8proc_uint8_t tmp[4];
  utf8proc_ssize_t k = utf8proc_encode_char(cp, tmp);
  return xc_buf_add(b, tmp, (size_t)k);
}

static bool all_ascii(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0x80) return false;
  return true;
}

static bool utf8_ok(const char *s, size_t n) {
  int32_t cp;
  for (size_t i = 0, k; i < n; i += k) {
    if ((unsigned char)s[i] < 0x80) { /* ASCII runs need no decoding */
      k = 1;
      continue;
    }
    if ((k = u8dec(s + i, n - i, &cp)) == 0) return false;
  }
  return true;
}

/* s with every invalid byte replaced by U+FFFD, into b (cleared). */
static void sanitize(const char *s, size_t n, xc_buf *b) {
  int32_t cp;
  xc_buf_clear(b);
  for (size_t i = 0; i < n;) {
    size_t k = u8dec(s + i, n - i, &cp);
    if (k) {
      xc_buf_add(b, s + i, k);
      i += k;
    } else {
      xc_buf_add(b, "\xEF\xBF\xBD", 3);
      i++;
    }
  }
}

static bool is_space_cp(int32_t c) {
  if (c == ' ' || (c >= 0x09 && c <= 0x0D)) return true;
  if (c < 0x85) return false;
  return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 ||
         c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

size_t xc_space_len(const char *s, size_t n) {
  if (n && (unsigned char)s[0] < 0x80) return s[0] == ' ' || (s[0] >= 0x09 && s[0] <= 0x0D); /* ASCII: no decoding */
  int32_t cp;
  size_t k = u8dec(s, n, &cp);
  return k && is_space_cp(cp) ? k : 0;
}

/* ---- normalisation ---------------------------------------------------------- */

/* Valid UTF-8 s -> code points decomposed (canonically ordered) under the
 * utf8proc options; *out is xc_malloc'd (free it), NULL when n == 0. */
static size_t decompose(const char *s, size_t n, utf8proc_option_t opt, utf8proc_int32_t **out) {
  *out = NULL;
  if (n == 0) return 0;
  const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
  utf8proc_ssize_t need = utf8proc_decompose(u, (utf8proc_ssize_t)n, NULL, 0, opt);
  if (need <= 0) return 0;
  utf8proc_int32_t *cps = xc_malloc((size_t)need * sizeof *cps);
  utf8proc_ssize_t got = utf8proc_decompose(u, (utf8proc_ssize_t)n, cps, need, opt);
  if (got < 0 || got > need) {
    free(cps);
    return 0;
  }
  *out = cps;
  return (size_t)got;
}

/* Text made only of code points below U+0300 and of Latin Extended Additional
 * (U+1E00..U+1EFF: the precomposed Vietnamese letters) holds no combining mark
 * and no character whose canonical form differs: it is NFC as it stands.
 * Vietnamese typed with a precomposed keyboard takes this path. */
static bool trivially_nfc(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  for (size_t i = 0; i < n;) {
    unsigned c = s[i];
    if (c < 0x80) {
      i++;
    } else if (c < 0xE0) { /* 2 bytes: U+0080..U+07FF */
      if (c >= 0xCC) return false; /* U+0300 and up */
      i += 2;
    } else if (c == 0xE1 && i + 1 < n && (s[i + 1] == 0xB8 || s[i + 1] == 0xB9 || s[i + 1] == 0xBA ||
                                          s[i + 1] == 0xBB)) { /* U+1E00..U+1EFF */
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

bool xc_nfc(const char *s, size_t n, xc_buf *out) {
  if (all_ascii(s, n) || !utf8_ok(s, n) || trivially_nfc(s, n)) return xc_buf_add(out, s, n);
  const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
  utf8proc_int32_t *cps;
  size_t k = decompose(s, n, opt, &cps);
  if (!cps) return xc_buf_add(out, s, n); /* cannot happen on valid UTF-8 */
  utf8proc_ssize_t m = utf8proc_normalize_utf32(cps, (utf8proc_ssize_t)k, opt);
  bool ok = true;
  for (utf8proc_ssize_t i = 0; i < m && ok; i++) ok = u8enc(out, cps[i]);
  free(cps);
  return ok;
}

bool xc_is_nfc(const char *s, size_t n) {
  if (all_ascii(s, n) || !utf8_ok(s, n)) return true;
  xc_buf b;
  xc_buf_init(&b, 0);
  xc_nfc(s, n, &b);
  bool same = b.len == n && memcmp(b.data, s, n) == 0;
  xc_buf_free(&b);
  return same;
}

/* ---- match keys --------------------------------------------------------------- */

/* Characters step 3 of the key deletes. */
static bool key_deleted(int32_t c) {
  switch (c) {
    case ',': case '.': case ';': case ':': case '(': case ')': case '"': case '\'':
    case '-': case '/':
    case 0x201C: case 0x201D: /* “ ” */
    case 0x2018: case 0x2019: /* ‘ ’ */
    case 0x02BC:              /* ʼ */
    case 0x2013:              /* – */
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
      return true;
    default:
      return false;
  }
}

static bool is_mark(int32_t c) {
  utf8proc_category_t cat = utf8proc_category(c);
  return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
         cat == UTF8PROC_CATEGORY_ME;
}

static bool make_key(const char *s, size_t n, bool fold, xc_buf *out) {
  xc_buf valid, tmp;
  xc_buf_init(&valid, 0);
  xc_buf_init(&tmp, 0);
  if (!utf8_ok(s, n)) {
    sanitize(s, n, &valid);
    s = xc_buf_str(&valid);
    n = valid.len;
  }
  utf8proc_int32_t *cps;
  size_t k = decompose(s, n, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE, &cps);
  bool space = false, any = false;
  for (size_t i = 0; i < k; i++) {
    int32_t c = utf8proc_tolower(cps[i]);
    if (fold) {
      if (is_mark(c)) continue;
      if (c == 0x0111 || c == 0x00F0) c = 'd'; /* đ, ð (Ð of old 8-bit fonts) */
    }
    if (key_deleted(c)) continue;
    if (is_space_cp(c)) {
      space = any;
      continue;
    }
    if (space) xc_buf_addc(&tmp, ' ');
    space = false;
    u8enc(&tmp, c);
    any = true;
  }
  free(cps);
  /* compose last: a deletion may have brought marks next to a new base */
  bool ok = xc_nfc(tmp.data ? tmp.data : "", tmp.len, out);
  xc_buf_free(&tmp);
  xc_buf_free(&valid);
  return ok;
}

bool xc_match_key(const char *s, size_t n, xc_buf *out) { return make_key(s, n, false, out); }

bool xc_match_key_folded(const char *s, size_t n, xc_buf *out) {
  return make_key(s, n, true, out);
}

/* ---- HTML ------------------------------------------------------------------- */

typedef enum { TAG_INLINE, TAG_BLOCK, TAG_RAW } tag_kind; /* RAW: drop the content too */

static const struct {
  const char *name;
  tag_kind kind;
} html_tags[] = {
    {"a", TAG_INLINE},       {"abbr", TAG_INLINE},     {"address", TAG_BLOCK},
    {"article", TAG_BLOCK},  {"b", TAG_INLINE},        {"big", TAG_INLINE},
    {"blockquote", TAG_BLOCK}, {"body", TAG_BLOCK},    {"br", TAG_BLOCK},
    {"caption", TAG_BLOCK},  {"center", TAG_BLOCK},    {"cite", TAG_INLINE},
    {"code", TAG_INLINE},    {"col", TAG_INLINE},      {"colgroup", TAG_INLINE},
    {"dd", TAG_BLOCK},       {"del", TAG_INLINE},      {"div", TAG_BLOCK},
    {"dl", TAG_BLOCK},       {"dt", TAG_BLOCK},        {"em", TAG_INLINE},
    {"font", TAG_INLINE},    {"footer", TAG_BLOCK},    {"h1", TAG_BLOCK},
    {"h2", TAG_BLOCK},       {"h3", TAG_BLOCK},        {"h4", TAG_BLOCK},
    {"h5", TAG_BLOCK},       {"h6", TAG_BLOCK},        {"head", TAG_BLOCK},
    {"header", TAG_BLOCK},   {"hr", TAG_BLOCK},        {"html", TAG_BLOCK},
    {"i", TAG_INLINE},       {"img", TAG_INLINE},      {"ins", TAG_INLINE},
    {"label", TAG_INLINE},   {"li", TAG_BLOCK},        {"main", TAG_BLOCK},
    {"mark", TAG_INLINE},    {"nav", TAG_BLOCK},       {"o:p", TAG_INLINE},
    {"ol", TAG_BLOCK},       {"p", TAG_BLOCK},         {"pre", TAG_BLOCK},
    {"q", TAG_INLINE},       {"s", TAG_INLINE},        {"script", TAG_RAW},
    {"section", TAG_BLOCK},  {"small", TAG_INLINE},    {"span", TAG_INLINE},
    {"strike", TAG_INLINE},  {"strong", TAG_INLINE},   {"style", TAG_RAW},
    {"sub", TAG_INLINE},     {"sup", TAG_INLINE},      {"table", TAG_BLOCK},
    {"tbody", TAG_BLOCK},    {"td", TAG_BLOCK},        {"tfoot", TAG_BLOCK},
    {"th", TAG_BLOCK},       {"thead", TAG_BLOCK},     {"title", TAG_RAW},
    {"tr", TAG_BLOCK},       {"u", TAG_INLINE},        {"ul", TAG_BLOCK},
};

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

static bool tag_lookup(const char *name, size_t len, tag_kind *kind) {
  char low[16];
  if (len == 0 || len >= sizeof low) return false;
  for (size_t i = 0; i < len; i++) low[i] = lower(name[i]);
  low[len] = '\0';
  for (size_t i = 0; i < sizeof html_tags / sizeof html_tags[0]; i++)
    if (strcmp(html_tags[i].name, low) == 0) {
      *kind = html_tags[i].kind;
      return true;
    }
  return false;
}

/* Finds needle (ASCII, matched case-insensitively) in s[from..n); n when absent. */
static size_t find_ci(const char *s, size_t n, size_t from, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = from; i + k <= n; i++) {
    size_t j = 0;
    while (j < k && lower(s[i + j]) == needle[j]) j++;
    if (j == k) return i;
  }
  return n;
}

/* Longest tag read (attributes included); a longer one is text. */
#define TAG_MAX 4096

/* An element tag at s[i] == '<': sets *end past its '>', *kind, *closing.
 * false when s[i..] is not a tag of a known element. */
static bool scan_tag(const char *s, size_t n, size_t i, size_t *end, tag_kind *kind,
                     bool *closing) {
  size_t j = i + 1;
  *closing = j < n && s[j] == '/';
  if (*closing) j++;
  if (j >= n || !is_alpha(s[j])) return false;
  size_t name = j;
  while (j < n && (is_alpha(s[j]) || is_digit(s[j]) || s[j] == ':')) j++;
  if (!tag_lookup(s + name, j - name, kind)) return false;
  if (j < n && s[j] != '>' && s[j] != '/' && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' &&
      s[j] != '\r')
    return false;
  char quote = 0;
  size_t stop = n - i > TAG_MAX ? i + TAG_MAX : n; /* keeps hostile text linear */
  for (; j < stop; j++) {
    if (quote) {
      if (s[j] == quote) quote = 0;
    } else if (s[j] == '"' || s[j] == '\'') {
      quote = s[j];
    } else if (s[j] == '>') {
      *end = j + 1;
      return true;
    }
  }
  return false; /* unterminated: not a tag */
}

/* Latin-1 entity names, in code order from U+00A0. */
static const char *const latin1_names[96] = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",
    "uml",    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",
    "deg",    "plusmn", "sup2",   "sup3",   "acute",  "micro",  "para",   "middot",
    "cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc",  "Atilde", "Auml",   "Aring",  "AElig",  "Ccedil",
    "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave", "Iacute", "Icirc",  "Iuml",
    "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde", "Ouml",   "times",
    "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",  "szlig",
    "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",
    "eth",    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide",
    "oslash", "ugrave", "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml",
};

static const struct {
  const char *name;
  int32_t cp;
} other_entities[] = {
    {"amp", '&'},        {"lt", '<'},         {"gt", '>'},         {"quot", '"'},
    {"apos", '\''},      {"ndash", 0x2013},   {"mdash", 0x2014},   {"lsquo", 0x2018},
    {"rsquo", 0x2019},   {"ldquo", 0x201C},   {"rdquo", 0x201D},   {"hellip", 0x2026},
    {"bull", 0x2022},    {"euro", 0x20AC},    {"trade", 0x2122},   {"minus", 0x2212},
    {"ensp", 0x2002},    {"emsp", 0x2003},    {"thinsp", 0x2009},  {"Dstrok", 0x0110},
    {"dstrok", 0x0111},  {"Abreve", 0x0102},  {"abreve", 0x0103},
};

static int32_t entity_by_name(const char *name, size_t len) {
  for (size_t i = 0; i < 96; i++)
    if (strlen(latin1_names[i]) == len && memcmp(latin1_names[i], name, len) == 0)
      return (int32_t)(0xA0 + i);
  for (size_t i = 0; i < sizeof other_entities / sizeof other_entities[0]; i++)
    if (strlen(other_entities[i].name) == len && memcmp(other_entities[i].name, name, len) == 0)
      return other_entities[i].cp;
  return -1;
}

static int hexval(char c) {
  if (is_digit(c)) return c - '0';
  c = lower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A character reference at s[i] == '&': sets *cp and *end past its ';'. */
static bool scan_entity(const char *s, size_t n, size_t i, int32_t *cp, size_t *end) {
  size_t j = i + 1;
  if (j < n && s[j] == '#') {
    j++;
    bool hex = j < n && (s[j] == 'x' || s[j] == 'X');
    if (hex) j++;
    int32_t v = 0;
    size_t digits = 0;
    for (; j < n; j++, digits++) {
      int d = hex ? hexval(s[j]) : (is_digit(s[j]) ? s[j] - '0' : -1);
      if (d < 0) break;
      v = v > 0x10FFFF ? v : v * (hex ? 16 : 10) + d; /* saturates above U+10FFFF */
    }
    if (digits == 0 || j >= n || s[j] != ';') return false;
    if (v <= 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return false;
    *cp = v;
    *end = j + 1;
    return true;
  }
  size_t name = j;
  while (j < n && j - name < 10 && (is_alpha(s[j]) || is_digit(s[j]))) j++;
  if (j >= n || s[j] != ';') return false;
  int32_t v = entity_by_name(s + name, j - name);
  if (v < 0) return false;
  *cp = v;
  *end = j + 1;
  return true;
}

bool xc_html_strip(const char *s, size_t n, xc_buf *out, bool *changed) {
  bool ok = true, any = false, nl = false, chg = false, no_comment_end = false;
  size_t run = 0; /* start of the pending literal run */
  size_t i = 0;
  size_t lim = n; /* past the last '>': no tag ends beyond it */
  while (lim > 0 && s[lim - 1] != '>') lim--;
/* flushes s[run..i) and, before it, a pending line break */
#define FLUSH()                                          \
  do {                                                   \
    if (i > run) {                                       \
      if (nl && any) ok &= xc_buf_addc(out, '\n');       \
      nl = false;                                        \
      ok &= xc_buf_add(out, s + run, i - run);           \
      any = true;                                        \
    }                                                    \
  } while (0)
  while (i < n) {
    size_t end;
    if (s[i] == '<' && i + 3 < n && memcmp(s + i, "<!--", 4) == 0) {
      size_t close = no_comment_end ? n : find_ci(s, n, i + 4, "-->");
      no_comment_end = close >= n; /* then no later comment closes either */
      if (close < n) {
        FLUSH();
        i = run = close + 3;
        chg = true;
        continue;
      }
    } else if (s[i] == '<') {
      tag_kind kind;
      bool closing;
      if (scan_tag(s, lim, i, &end, &kind, &closing)) {
        FLUSH();
        chg = true;
        if (kind == TAG_RAW && !closing && s[end - 2] != '/') {
          size_t close = find_ci(s, n, end, "</");
          while (close < n) { /* the matching end tag */
            tag_kind k2;
            bool c2;
            size_t e2;
            if (scan_tag(s, lim, close, &e2, &k2, &c2) && c2 && k2 == TAG_RAW) {
              end = e2;
              break;
            }
            close = find_ci(s, n, close + 2, "</");
          }
          if (close >= n) end = n;
        }
        if (kind != TAG_INLINE) nl = true;
        i = run = end;
        continue;
      }
    } else if (s[i] == '&') {
      int32_t cp;
      if (scan_entity(s, n, i, &cp, &end)) {
        FLUSH();
        if (nl && any) ok &= xc_buf_addc(out, '\n');
        nl = false;
        ok &= u8enc(out, cp);
        any = true;
        chg = true;
        i = run = end;
        continue;
      }
    }
    i++;
  }
  FLUSH();
#undef FLUSH
  if (changed) *changed = chg;
  return ok;
}

unsigned xc_text_clean(const char *s, size_t n, xc_buf *out) {
  unsigned flags = 0;
  xc_buf tmp;
  xc_buf_init(&tmp, 0);
  bool html = false;
  if (memchr(s, '<', n) || memchr(s, '&', n)) {
    xc_html_strip(s, n, &tmp, &html);
    if (html) {
      flags |= XC_TEXT_HTML;
      s = xc_buf_str(&tmp);
      n = tmp.len;
    }
  }
  size_t start = out->len;
  xc_nfc(s, n, out);
  if (out->len - start != n || (n && memcmp(out->data + start, s, n) != 0)) flags |= XC_TEXT_NOT_NFC;
  xc_buf_free(&tmp);
  return flags;
}

/* ---- key memo ---------------------------------------------------------- */

typedef struct {
  uint64_t hash;
  const char *text; /* the source text (arena copy) */
  size_t len;
  bool folded;
  const char *key;
} keyslot;

struct xc_keycache {
  keyslot *slots;
  size_t cap, n;
  xc_arena arena;
  xc_buf scratch;
};

size_t xc_keycache_count(const xc_keycache *kc) { return kc->n; }

xc_keycache *xc_keycache_new(void) {
  xc_keycache *kc = xc_calloc(1, sizeof *kc);
  kc->cap = 1024;
  kc->slots = xc_calloc(kc->cap, sizeof *kc->slots);
  xc_arena_init(&kc->arena);
  xc_buf_init(&kc->scratch, 0);
  return kc;
}

void xc_keycache_free(xc_keycache *kc) {
  if (!kc) return;
  free(kc->slots);
  xc_arena_free(&kc->arena);
  xc_buf_free(&kc->scratch);
  free(kc);
}

static uint64_t fnv1a(const char *s, size_t n, bool folded) {
  uint64_t h = 1469598103934665603ull ^ (folded ? 0x9e3779b97f4a7c15ull : 0);
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return h;
}

static void keycache_grow(xc_keycache *kc) {
  size_t ncap = kc->cap * 2;
  keyslot *fresh = xc_calloc(ncap, sizeof *fresh);
  for (size_t i = 0; i < kc->cap; i++) {
    if (!kc->slots[i].key) continue;
    size_t j = (size_t)(kc->slots[i].hash & (ncap - 1));
    while (fresh[j].key) j = (j + 1) & (ncap - 1);
    fresh[j] = kc->slots[i];
  }
  free(kc->slots);
  kc->slots = fresh;
  kc->cap = ncap;
}

const char *xc_keycache_get(xc_keycache *kc, const char *s, size_t n, bool folded) {
  uint64_t h = fnv1a(s, n, folded);
  size_t j = (size_t)(h & (kc->cap - 1));
  while (kc->slots[j].key) {
    keyslot *k = &kc->slots[j];
    if (k->hash == h && k->folded == folded && k->len == n && memcmp(k->text, s, n) == 0) return k->key;
    j = (j + 1) & (kc->cap - 1);
  }
  xc_buf_clear(&kc->scratch);
  if (folded) xc_match_key_folded(s, n, &kc->scratch);
  else xc_match_key(s, n, &kc->scratch);
  keyslot *k = &kc->slots[j];
  k->hash = h;
  k->folded = folded;
  k->len = n;
  k->text = xc_arena_strndup(&kc->arena, s, n);
  const char *key = k->key = xc_arena_strndup(&kc->arena, xc_buf_str(&kc->scratch), kc->scratch.len);
  if (++kc->n * 2 > kc->cap) keycache_grow(kc); /* k moves; key does not */
  return key;
}

void xc_slug(const char *s, xc_buf *out) {
  xc_buf k, spaced;
  xc_buf_init(&k, 0);
  xc_buf_init(&spaced, 0);
  /* the match key deletes punctuation ("I/2023" -> "i2023"): make it a space first */
  for (const char *p = s; *p; p++) xc_buf_addc(&spaced, strchr("/\\.,-_()", *p) ? ' ' : *p);
  xc_match_key_folded(spaced.data ? spaced.data : "", spaced.len, &k);
  xc_buf_free(&spaced);
  bool dash = false;
  size_t start = out->len;
  for (const char *p = xc_buf_str(&k); *p; p++) {
    char c = *p;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && out->len > start) xc_buf_addc(out, '-');
      xc_buf_addc(out, c);
      dash = false;
    } else {
      dash = true;
    }
  }
  if (out->len == start) xc_buf_adds(out, "x");
  xc_buf_free(&k);
}
