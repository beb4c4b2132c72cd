/* common.h: included once by each fuzz_*.c harness (each is its own binary).
 *
 * - UBSan findings abort (make fuzz does not pass -fno-sanitize-recover).
 * - LLVMFuzzerInitialize puts default flags in front of the command line,
 *   so flags given by hand still win (libFuzzer keeps the last one):
 *     -artifact_prefix=build-fuzz/   crash files go there, not into the
 *                                    source tree (when build-fuzz/ exists)
 *     -dict=FUZZ_DICT                when the harness defines FUZZ_DICT and
 *                                    the file exists (paths are relative to
 *                                    the repository root, where make runs) */
#ifndef XC_FUZZ_COMMON_H
#define XC_FUZZ_COMMON_H
#include <unistd.h>

const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void) { return "halt_on_error=1:print_stacktrace=1"; }

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
  enum { MAX_ARGS = 256 };
  static char *args[MAX_ARGS + 1];
  static char prefix[] = "-artifact_prefix=build-fuzz/";
#ifdef FUZZ_DICT
  static char dict[] = "-dict=" FUZZ_DICT;
#endif
  if (*argc < 1 || *argc + 2 > MAX_ARGS) return 0;
  int k = 0;
  args[k++] = (*argv)[0];
  if (access("build-fuzz", W_OK) == 0) args[k++] = prefix;
#ifdef FUZZ_DICT
  if (access(FUZZ_DICT, R_OK) == 0) args[k++] = dict;
#endif
  for (int i = 1; i < *argc; i++) args[k++] = (*argv)[i];
  args[k] = NULL;
  *argc = k;
  *argv = args;
  return 0;
}

#endif
