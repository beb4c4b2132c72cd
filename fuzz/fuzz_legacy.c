/* fuzz_legacy.c: the TCVN3 / VNI converters and the detector (legacy.h).
 *
 * Every input goes through all of them, and these must hold:
 *   - decoding valid UTF-8 gives valid UTF-8 in NFC, for both encodings;
 *   - xc_legacy_detect's converted text equals xc_legacy_decode's with the
 *     encoding it named, and NONE leaves the output empty;
 *   - Unicode text that xc_legacy_encode encodes exactly decodes back to its
 *     NFC form (the tables are inverse to each other);
 *   - xc_vi_syllable never crashes (any bytes). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "legacy.h"
#include "textkey.h"

#include "common.h"

static void fail(const char *what, const uint8_t *text, size_t n) {
  fprintf(stderr, "legacy: %s: \"", what);
  fwrite(text, 1, n, stderr);
  fprintf(stderr, "\"\n");
  abort();
}

static bool same(const xc_buf *a, const xc_buf *b) {
  return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096) return 0;
  const char *s = (const char *)data;
  xc_buf a, b, nfc;
  xc_buf_init(&a, 0);
  xc_buf_init(&b, 0);
  xc_buf_init(&nfc, 0);
  xc_vi_syllable(s, size);
  for (int e = XC_LEGACY_TCVN3; e <= XC_LEGACY_VNI; e++) {
    xc_buf_clear(&a);
    if (xc_legacy_decode((xc_legacy)e, s, size, &a)) {
      xc_buf_clear(&nfc);
      xc_nfc(a.data ? a.data : "", a.len, &nfc);
      if (!same(&a, &nfc)) fail("decode is not NFC", data, size);
    }
    xc_buf_clear(&a);
    xc_buf_clear(&b);
    if (xc_legacy_encode((xc_legacy)e, s, size, &a)) {
      xc_legacy_decode((xc_legacy)e, a.data ? a.data : "", a.len, &b);
      xc_buf_clear(&nfc);
      xc_nfc(s, size, &nfc);
      if (!same(&b, &nfc)) fail("encode/decode round trip", data, size);
    }
  }
  xc_buf_clear(&a);
  xc_buf_clear(&b);
  xc_legacy got = xc_legacy_detect(s, size, &a);
  if (got == XC_LEGACY_NONE) {
    if (a.len) fail("NONE with output", data, size);
  } else {
    xc_legacy_decode(got, s, size, &b);
    if (!same(&a, &b)) fail("detect output differs from decode", data, size);
  }
  xc_buf_free(&a);
  xc_buf_free(&b);
  xc_buf_free(&nfc);
  return 0;
}
