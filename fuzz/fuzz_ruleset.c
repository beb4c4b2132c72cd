/* fuzz_ruleset.c: libFuzzer harness for the rule-language parser and lint.
 * Spec files are not read (no base folder), so any input is pure syntax. */
#include <stddef.h>
#include <stdint.h>

#include "ruleset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  xc_buf err;
  xc_buf_init(&err, 1 << 20);
  xc_ruleset *rs = xc_ruleset_parse((const char *)data, size, "fuzz.rules", NULL, &err);
  if (rs) {
    xc_buf lint;
    xc_buf_init(&lint, 1 << 20);
    xc_ruleset_lint(rs, NULL, &lint); /* the parser alone: no evaluator linked in */
    xc_buf_free(&lint);
    xc_ruleset_free(rs);
  }
  xc_buf_free(&err);
  return 0;
}
