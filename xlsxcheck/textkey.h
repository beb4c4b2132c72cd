/* textkey.h: Unicode text as the rules compare it (README section 2).
 *
 * Labels, sheet names, header cells and unit names are compared through a
 * match key; a cell's text is cleaned (HTML markup removed, NFC) before a
 * number or a word is read from it.  Normalisation comes from utf8proc.
 *
 * Every function here appends its result to a caller's xc_buf (it does not
 * clear it first) and returns false only when the buffer's maximum was
 * reached (the buffer then holds a prefix).  None of them crashes on
 * invalid UTF-8: xc_nfc copies such text as it is, and the key functions
 * read each invalid byte as U+FFFD. */
#ifndef XC_TEXTKEY_H
#define XC_TEXTKEY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* The byte length of the whitespace character at the start of s[0..n), or
 * 0.  Whitespace: ASCII space, TAB, LF, VT, FF, CR; U+0085; every Unicode
 * space separator (Zs: U+00A0, U+1680, U+2000-U+200A, U+202F, U+205F,
 * U+3000); U+2028, U+2029; and the invisible U+200B and U+FEFF. */
size_t xc_space_len(const char *s, size_t n);

/* Canonical composition (NFC, utf8proc COMPOSE|STABLE).  Invalid UTF-8 is
 * copied byte for byte. */
bool xc_nfc(const char *s, size_t n, xc_buf *out);
/* true when s is already NFC (or is not valid UTF-8: nothing to compose). */
bool xc_is_nfc(const char *s, size_t n);

/* The match key (designed, README section 2):
 *   1. NFC;
 *   2. lowercase (Unicode simple lowercase: "BIỂU" -> "biểu", "Đ" -> "đ");
 *   3. delete , . ; : ( ) " “ ” ' ‘ ’ ʼ - – / and the invisible U+00AD,
 *      U+200B-U+200D, U+2060, U+FEFF;
 *   4. trim, and collapse each run of whitespace (see xc_space_len) to one
 *      space.
 * Deleting before collapsing means "BM - 1" gives "bm 1", not "bm  1".
 * "Biểu mẫu 3." and "BIỂU MẪU 3" both give "biểu mẫu 3".  The result is
 * NFC and the function is idempotent. */
bool xc_match_key(const char *s, size_t n, xc_buf *out);
/* The fallback key: the match key without diacritics (every combining mark
 * removed after canonical decomposition; đ, Đ, ð, Ð -> d).  "Đắk Hà",
 * "Đăk Hà" and "Dak Ha" all give "dak ha"; "Uỷ ban" and "Ủy ban" give
 * "uy ban". */
bool xc_match_key_folded(const char *s, size_t n, xc_buf *out);

/* HTML fragments in cell text (README section 4: "<p>…</p>", "<ul
 * style=…>").  Appends s with the markup of known HTML elements removed
 * (p, br, div, span, ul, ol, li, b, i, u, strong, em, font, table, tr,
 * td, h1-h6, o:p and the like; <!-- comments -->; the content of <style> and
 * <script>); block elements (p, br, div, li, tr, h1-h6 ...) separate the text
 * around them with one "\n", never at the start or end.  Character
 * references are decoded: &amp; &lt; &gt; &quot; &apos; &nbsp; (U+00A0), the
 * Latin-1 letters (&agrave; &ocirc; ...), a few punctuation names, &#NNN;
 * and &#xHH;.  A "<" that does not open a known element, an unknown "&name;"
 * and an unterminated tag stay as they are.  *changed (may be NULL) tells
 * whether anything was removed or decoded. */
bool xc_html_strip(const char *s, size_t n, xc_buf *out, bool *changed);

/* A cell's text as the rules read it (relations.md section 0): HTML markup
 * stripped (xc_html_strip), then NFC.  Returns XC_TEXT_* bits saying what
 * was changed; appends to out. */
enum {
  XC_TEXT_HTML = 1,   /* markup or character references were removed */
  XC_TEXT_NOT_NFC = 2 /* the text was not NFC (e.g. "c h ư U+0301 c") */
};
unsigned xc_text_clean(const char *s, size_t n, xc_buf *out);

/* A memo of match keys: labels, headers, code spellings and cell texts repeat
 * thousands of times while a workbook is checked, and each key costs a
 * Unicode normalisation.  xc_keycache_get returns the (folded) match key of
 * s[0..n), NUL-terminated, valid until the cache is freed. */
typedef struct xc_keycache xc_keycache;
xc_keycache *xc_keycache_new(void); /* NULL when memory runs out */
void xc_keycache_free(xc_keycache *kc);
const char *xc_keycache_get(xc_keycache *kc, const char *s, size_t n, bool folded);
/* How many texts the memo holds (to start afresh past a bound). */
size_t xc_keycache_count(const xc_keycache *kc);
/* true when a key was lost for want of memory (xc_keycache_get then gave ""):
 * whatever used the cache is to fail with XC_ERR_NOMEM. */
bool xc_keycache_nomem(const xc_keycache *kc);

/* A name as a file-name word: "Quý I/2023" -> "quy-i-2023", "Kon Tum" ->
 * "kon-tum" (appended to out; "x" when nothing is left). */
void xc_slug(const char *s, xc_buf *out);

#endif
