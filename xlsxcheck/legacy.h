/* legacy.h: Vietnamese text typed in a pre-Unicode encoding.
 *
 * Before Unicode, Vietnamese offices typed with 8-bit fonts: TCVN3 (TCVN
 * 5712:1993 VN3, the "ABC" encoding of the .VnTime fonts) and VNI-Windows
 * (the VNI-Times fonts).  Excel stores what was typed as the Windows-1252
 * characters of those bytes, so "Ninh Bình" typed in .VnTime is stored as
 * "Ninh B×nh", and "Việt Nam" typed in VNI-Times as "Vieät Nam" (VNI writes
 * most marked letters as a base letter followed by a mark byte).
 *
 * Conventions: text in and out is UTF-8; legacy text is the Latin-1 (and
 * Windows-1252 punctuation) characters Excel stored, never raw bytes.
 * Every function appends to the caller's xc_buf (it does not clear it).
 *
 * TCVN3 (VN3) has no upper-case marked vowels (documents used the .VnTimeH
 * fonts, whose lower-case codes draw capitals), only Ă Â Ê Ô Ơ Ư Đ: encoding
 * "Ủy" gives the code of "ủ" (the function then returns false). */
#ifndef XC_LEGACY_H
#define XC_LEGACY_H
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

typedef enum { XC_LEGACY_NONE, XC_LEGACY_TCVN3, XC_LEGACY_VNI } xc_legacy;

/* "TCVN3", "VNI", or "" for NONE. */
const char *xc_legacy_name(xc_legacy enc);

/* Legacy text -> Unicode (NFC).  Characters that are not codes of enc are
 * copied.  Returns false when s is not valid UTF-8 (s is then copied). */
bool xc_legacy_decode(xc_legacy enc, const char *s, size_t n, xc_buf *out);

/* Unicode -> legacy text (as Excel stores it).  s is read after NFC.
 * Returns false when a character had no exact code (it is copied, or for a
 * marked capital in TCVN3 the lower-case code is written). */
bool xc_legacy_encode(xc_legacy enc, const char *s, size_t n, xc_buf *out);

/* Which legacy encoding s was typed in, if any.  Text holding a character
 * beyond Windows-1252 is Unicode; otherwise s is legacy when it has words
 * that are not Vietnamese as they stand and, converted, its marked words
 * are Vietnamese syllables (at most one in five may not be: place names of
 * the minorities).  Plain English, numbers and correct Unicode Vietnamese
 * ("Ninh Bình") give NONE.  When not NONE the converted text is appended to
 * out (out may be NULL). */
xc_legacy xc_legacy_detect(const char *s, size_t n, xc_buf *out);

/* true when the UTF-8 word s (letters only, any case, NFC) is spelled like
 * a Vietnamese syllable: an initial consonant, a vowel group, a final
 * consonant from c ch k m n ng nh p t, at most one tone mark, and a stop
 * final (c ch p t) with the sắc or nặng tone.  Lenient for the minorities'
 * place names (initial clusters such as "pl", final k).  Exposed for tests. */
bool xc_vi_syllable(const char *s, size_t n);

#endif
