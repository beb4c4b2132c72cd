# xlsxcheck: one Makefile.
#   make            build build/xlsxcheck (installs missing -dev packages first)
#   make demo       the main job on the bundled example data
#   make serve      the web pages on http://127.0.0.1:8080/ (SERVE_ARGS="--listen 0.0.0.0:8080" for the LAN)
#   make check      every test; ends with "N passed, N failed"
#   make check SANITIZE=1   the same under AddressSanitizer + UBSan (build-san/)
#   make tsan-test  the library from 8 threads at once under ThreadSanitizer (build-tsan/)
#   make fuzz       libFuzzer harnesses (clang), run for FUZZ_SECONDS each
#   make dist       dist/xlsxcheck-X.Y.Z.tar.gz from git archive
# V=1 shows the commands.

VERSION := $(shell sed -n 's/^\#define XC_VERSION "\(.*\)"/\1/p' xlsxcheck/version.h)
PKGS := libzip expat libpcre2-8 libutf8proc xlsxwriter nettle jansson libmicrohttpd sqlite3 libargon2

ifeq ($(SANITIZE),1)
BUILD ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
OPT := -O1 -g
else ifeq ($(SANITIZE),thread)
BUILD ?= build-tsan
SANFLAGS := -fsanitize=thread -fno-omit-frame-pointer
OPT := -O1 -g
else
BUILD ?= build
SANFLAGS :=
OPT := -O2 -g
endif

CC ?= cc
CFLAGS_BASE := -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -pedantic $(OPT) $(SANFLAGS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Missing libraries: run the project's installer once, then ask pkg-config.
DEPS_STAMP := $(BUILD)/.deps-ok
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

LIB_SRC := $(filter-out xlsxcheck/main.c,$(wildcard xlsxcheck/*.c))
LIB_OBJ := $(patsubst xlsxcheck/%.c,$(BUILD)/obj/%.o,$(LIB_SRC))
# Front ends over the library: the command line (main.c) and the web server (web/).
WEB_SRC := $(wildcard xlsxcheck/web/*.c)
WEB_OBJ := $(patsubst xlsxcheck/%.c,$(BUILD)/obj/%.o,$(WEB_SRC))
HDRS := $(wildcard xlsxcheck/*.h xlsxcheck/web/*.h)
UNIT_SRC := $(wildcard tests/unit/*.c)

.PHONY: all deps demo serve check unit e2e fuzz bench dist clean test-deps tsan-test

all: $(BUILD)/xlsxcheck

$(DEPS_STAMP):
	$(Q)mkdir -p $(BUILD)
	$(Q)pkg-config --exists $(PKGS) 2>/dev/null || sh scripts/install-deps.sh build
	$(Q)pkg-config --exists $(PKGS) || { echo "xlsxcheck: pkg-config cannot find: $(PKGS)" >&2; exit 1; }
	$(Q)touch $@

deps: $(DEPS_STAMP)

$(BUILD)/obj/%.o: xlsxcheck/%.c $(HDRS) | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_BASE) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/libxlsxcheck.a: $(LIB_OBJ)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/xlsxcheck: $(BUILD)/obj/main.o $(WEB_OBJ) $(BUILD)/libxlsxcheck.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS_BASE) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm -pthread

# The unit tests link the web front end's modules too (store, auth: tests/unit/test_store.c).
$(BUILD)/unit-tests: $(UNIT_SRC) $(WEB_OBJ) $(BUILD)/libxlsxcheck.a $(HDRS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS_BASE) -Ixlsxcheck $(PKG_CFLAGS) -o $@ $(UNIT_SRC) $(WEB_OBJ) $(BUILD)/libxlsxcheck.a $(PKG_LIBS) -lm -pthread

# The data-driven cases of the evaluator and of identify (tests/cases/*.test).
$(BUILD)/case-tests: tests/cases/runner.c tests/unit/testutil.c $(BUILD)/libxlsxcheck.a $(HDRS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS_BASE) -Ixlsxcheck -Itests/unit $(PKG_CFLAGS) -o $@ tests/cases/runner.c tests/unit/testutil.c $(BUILD)/libxlsxcheck.a $(PKG_LIBS) -lm -pthread

# The formula suite's reader of computed values (tests/formula/run.sh).
$(BUILD)/fxdump: tests/formula/fxdump.c $(BUILD)/libxlsxcheck.a $(HDRS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS_BASE) -Ixlsxcheck $(PKG_CFLAGS) -o $@ $< $(BUILD)/libxlsxcheck.a $(PKG_LIBS) -lm -pthread

test-deps:
	$(Q)sh scripts/install-deps.sh test

unit: $(BUILD)/unit-tests
	$(Q)$(BUILD)/unit-tests

check: all $(BUILD)/unit-tests $(BUILD)/case-tests $(BUILD)/fxdump test-deps
	$(Q)XLSXCHECK=$(abspath $(BUILD)/xlsxcheck) UNIT=$(abspath $(BUILD)/unit-tests) \
	  SANITIZE=$(SANITIZE) sh tests/run-all.sh

# The threads unit tests (8 threads checking the examples at once) built
# with ThreadSanitizer: any data race fails them.
tsan-test:
	$(Q)$(MAKE) --no-print-directory SANITIZE=thread build-tsan/unit-tests
	$(Q)TSAN_OPTIONS="halt_on_error=1 exitcode=66 suppressions=$(abspath tests/tsan.supp)" build-tsan/unit-tests threads > build-tsan/threads.log 2>&1; \
	  grep -v '^ok ' build-tsan/threads.log; \
	  p=$$(grep -c '^ok ' build-tsan/threads.log); f=$$(grep -c '^FAIL ' build-tsan/threads.log); \
	  echo "$$p passed, $$f failed"; [ "$$f" -eq 0 ] && [ "$$p" -gt 0 ]

# The web pages on http://127.0.0.1:8080/ (README: serve).
serve: all
	$(Q)$(BUILD)/xlsxcheck serve $(SERVE_ARGS)

demo: all
	$(Q)sh scripts/demo.sh $(abspath $(BUILD)/xlsxcheck)

FUZZ_SECONDS ?= 30
FUZZ_TARGETS := $(patsubst fuzz/%.c,%,$(wildcard fuzz/fuzz_*.c))
fuzz: $(DEPS_STAMP)
	$(Q)command -v clang >/dev/null || sh scripts/install-deps.sh test
	$(Q)mkdir -p build-fuzz
	$(Q)set -e; for t in $(FUZZ_TARGETS); do \
	  clang -std=c11 -D_DEFAULT_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Ixlsxcheck \
	    $(PKG_CFLAGS) -o build-fuzz/$$t fuzz/$$t.c $(LIB_SRC) $(PKG_LIBS) -lm -pthread; \
	  mkdir -p build-fuzz/corpus-$$t; \
	  build-fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 \
	    build-fuzz/corpus-$$t fuzz/seeds/$$t 2>&1 | tail -n 3; \
	done

bench: all
	$(Q)sh bench/run.sh $(abspath $(BUILD)/xlsxcheck)

dist:
	$(Q)mkdir -p dist
	$(Q)git archive --format=tar --prefix=xlsxcheck-$(VERSION)/ HEAD | gzip -n > dist/xlsxcheck-$(VERSION).tar.gz
	@echo "dist/xlsxcheck-$(VERSION).tar.gz"

clean:
	rm -rf build build-san build-tsan build-fuzz

# Official templates: templates/*.xlsx from the spec in rulesets/forms (templates/README.md).
.PHONY: templates
$(BUILD)/mktemplates: templates/mktemplates.c $(BUILD)/libxlsxcheck.a $(HDRS) | $(DEPS_STAMP)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(CFLAGS_BASE) -Ixlsxcheck $(PKG_CFLAGS) -o $@ $< $(BUILD)/libxlsxcheck.a $(PKG_LIBS) -lm -pthread

templates: $(BUILD)/mktemplates
	$(Q)$(BUILD)/mktemplates rulesets templates
	@echo "  GEN     templates/bao-cao-dinh-ky.xlsx templates/chi-so-cchc.xlsx"
