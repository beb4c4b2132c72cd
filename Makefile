# xlsxcheck: one Makefile.
#   make            build build/xlsxcheck and its man page (never installs packages)
#   make deps       install the missing Debian packages to build (root or sudo)
#   make demo       deps, build, then the main job on the bundled example data
#   make serve      the web pages on http://127.0.0.1:8080/ (SERVE_ARGS="--listen 0.0.0.0:8080" for the LAN)
#   make check      test deps, build, every test; ends with "N passed, N failed"
#   make check SANITIZE=1   the same under AddressSanitizer + UBSan (build-san/)
#   make install / make uninstall   PREFIX=/usr/local DESTDIR= BINDIR= DATADIR= MANDIR=
#   make deb        the Debian package (debhelper) into dist/
#   make tsan-test  the library from 8 threads at once, and the web server under
#                   concurrent requests, under ThreadSanitizer (build-tsan/)
#   make fuzz       libFuzzer harnesses (clang), run for FUZZ_SECONDS each
#   make dist       dist/xlsxcheck-X.Y.Z.tar.gz from git archive
#   make distcheck  build and test from that tarball
# V=1 shows the commands.  CPPFLAGS, CFLAGS and LDFLAGS are honoured (CFLAGS
# defaults to -O2 -g); WERROR=1 (the default, for development and CI) adds
# -Werror, the package build sets WERROR=0.

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
CFLAGS ?= $(OPT)
WERROR ?= 1
CFLAGS_BASE := -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra $(if $(filter 1,$(WERROR)),-Werror) -pedantic $(SANFLAGS)

# Where `make install` puts things; DATADIR is compiled in (datadir.h).
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATAROOTDIR ?= $(PREFIX)/share
DATADIR ?= $(DATAROOTDIR)/xlsxcheck
MANDIR ?= $(DATAROOTDIR)/man
BASHCOMPDIR ?= $(DATAROOTDIR)/bash-completion/completions
DEFS := -DXC_DATADIR='"$(DATADIR)"'

ifeq ($(V),1)
Q :=
else
Q := @
endif

# The libraries through pkg-config; missing ones are a message (make deps).
DEPS_STAMP := $(BUILD)/.deps-ok
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = $(CFLAGS_BASE) $(PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS)

LIB_SRC := $(filter-out xlsxcheck/main.c,$(wildcard xlsxcheck/*.c))
LIB_OBJ := $(patsubst xlsxcheck/%.c,$(BUILD)/obj/%.o,$(LIB_SRC))
# Front ends over the library: the command line (main.c) and the web server (web/).
WEB_SRC := $(wildcard xlsxcheck/web/*.c)
WEB_OBJ := $(patsubst xlsxcheck/%.c,$(BUILD)/obj/%.o,$(WEB_SRC))
HDRS := $(wildcard xlsxcheck/*.h xlsxcheck/web/*.h)
UNIT_SRC := $(wildcard tests/unit/*.c)

.PHONY: all deps demo serve check unit e2e fuzz bench dist distcheck deb install uninstall clean test-deps man tsan-test

all: $(BUILD)/xlsxcheck $(BUILD)/xlsxcheck.1

$(DEPS_STAMP):
	$(Q)mkdir -p $(BUILD)
	$(Q)pkg-config --exists $(PKGS) 2>/dev/null || { \
	  echo "xlsxcheck: pkg-config cannot find some of: $(PKGS)" >&2; \
	  echo "  Run \"make deps\" (as root or with sudo) to install the Debian packages." >&2; exit 1; }
	$(Q)command -v scdoc >/dev/null || { echo "xlsxcheck: scdoc is missing; run \"make deps\"." >&2; exit 1; }
	$(Q)touch $@

deps:
	$(Q)sh scripts/install-deps.sh build

$(BUILD)/obj/%.o: xlsxcheck/%.c $(HDRS) | $(DEPS_STAMP)
	$(Q)mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# the data folder compiled in: rebuilt when DATADIR changes
$(BUILD)/obj/datadir.o: $(BUILD)/datadir.stamp
$(BUILD)/datadir.stamp: FORCE | $(DEPS_STAMP)
	$(Q)echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(BUILD)/obj/datadir.o: ALL_CFLAGS += $(DEFS)
.PHONY: FORCE
FORCE:

# The man page xlsxcheck(1), from scdoc.
$(BUILD)/xlsxcheck.1: doc/xlsxcheck.1.scd | $(DEPS_STAMP)
	@$(if $(Q),echo "  SCDOC   $@")
	$(Q)scdoc < $< > $@.tmp && mv $@.tmp $@
man: $(BUILD)/xlsxcheck.1

$(BUILD)/libxlsxcheck.a: $(LIB_OBJ)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^

$(BUILD)/xlsxcheck: $(BUILD)/obj/main.o $(WEB_OBJ) $(BUILD)/libxlsxcheck.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm -pthread

# The unit tests link the web front end's modules too (store, auth: tests/unit/test_store.c).
$(BUILD)/unit-tests: $(UNIT_SRC) $(WEB_OBJ) $(BUILD)/libxlsxcheck.a $(HDRS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Ixlsxcheck $(LDFLAGS) -o $@ $(UNIT_SRC) $(WEB_OBJ) $(BUILD)/libxlsxcheck.a $(PKG_LIBS) -lm -pthread

# The data-driven cases of the evaluator and of identify (tests/cases/*.test).
$(BUILD)/case-tests: tests/cases/runner.c tests/unit/testutil.c $(BUILD)/libxlsxcheck.a $(HDRS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Ixlsxcheck -Itests/unit $(LDFLAGS) -o $@ tests/cases/runner.c tests/unit/testutil.c $(BUILD)/libxlsxcheck.a $(PKG_LIBS) -lm -pthread

# The formula suite's reader of computed values (tests/formula/run.sh).
$(BUILD)/fxdump: tests/formula/fxdump.c $(BUILD)/libxlsxcheck.a $(HDRS)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Ixlsxcheck $(LDFLAGS) -o $@ $< $(BUILD)/libxlsxcheck.a $(PKG_LIBS) -lm -pthread

test-deps:
	$(Q)sh scripts/install-deps.sh test

unit: $(BUILD)/unit-tests
	$(Q)$(BUILD)/unit-tests

# check and demo do all the set-up a fresh machine needs (make deps first).
check: test-deps
	$(Q)$(MAKE) --no-print-directory all $(BUILD)/unit-tests $(BUILD)/case-tests $(BUILD)/fxdump
	$(Q)XLSXCHECK=$(abspath $(BUILD)/xlsxcheck) UNIT=$(abspath $(BUILD)/unit-tests) \
	  SANITIZE=$(SANITIZE) sh tests/run-all.sh

# The threads unit tests (8 threads checking the examples at once) built
# with ThreadSanitizer: any data race fails them.
tsan-test:
	$(Q)$(MAKE) --no-print-directory SANITIZE=thread build-tsan/unit-tests build-tsan/xlsxcheck
	$(Q)TSAN_OPTIONS="halt_on_error=1 exitcode=66 suppressions=$(abspath tests/tsan.supp)" build-tsan/unit-tests threads > build-tsan/threads.log 2>&1; \
	  rm -rf build-tsan/serve-load; timeout 900 python3 tests/serve/tsan_load.py build-tsan/xlsxcheck examples/don-vi $(abspath tests/tsan.supp) \
	    build-tsan/serve-load >> build-tsan/threads.log 2>&1; \
	  grep -q '^ok tsan.serve.no-race' build-tsan/threads.log \
	    || echo "FAIL tsan.serve: no verdict on races from tests/serve/tsan_load.py" >> build-tsan/threads.log; \
	  grep -v '^ok ' build-tsan/threads.log; \
	  p=$$(grep -c '^ok ' build-tsan/threads.log); f=$$(grep -c '^FAIL ' build-tsan/threads.log); \
	  echo "$$p passed, $$f failed"; [ "$$f" -eq 0 ] && [ "$$p" -gt 0 ]

# The web pages on http://127.0.0.1:8080/ (README: serve).
serve: all
	$(Q)$(BUILD)/xlsxcheck serve $(SERVE_ARGS)

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)sh scripts/demo.sh $(abspath $(BUILD)/xlsxcheck)

# Installed files: the binary, the data folder (rulesets, forms, units
# registry, templates), the man page and bash completion.
DATA_FILES := $(wildcard rulesets/*.rules rulesets/forms/*.tsv rulesets/forms/*/*.tsv rulesets/units/*.tsv templates/*.xlsx)
install: all
	$(Q)install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	$(Q)install -m 755 $(BUILD)/xlsxcheck $(DESTDIR)$(BINDIR)/xlsxcheck
	$(Q)for f in $(DATA_FILES); do \
	  install -d $(DESTDIR)$(DATADIR)/$$(dirname $$f) && install -m 644 $$f $(DESTDIR)$(DATADIR)/$$f || exit 1; \
	done
	$(Q)install -m 644 $(BUILD)/xlsxcheck.1 $(DESTDIR)$(MANDIR)/man1/xlsxcheck.1
	$(Q)install -m 644 scripts/xlsxcheck.bash-completion $(DESTDIR)$(BASHCOMPDIR)/xlsxcheck
	@echo "  INSTALL $(DESTDIR)$(BINDIR)/xlsxcheck, $(DESTDIR)$(DATADIR)/"

uninstall:
	$(Q)rm -f $(DESTDIR)$(BINDIR)/xlsxcheck $(DESTDIR)$(MANDIR)/man1/xlsxcheck.1 \
	  $(DESTDIR)$(BASHCOMPDIR)/xlsxcheck $(addprefix $(DESTDIR)$(DATADIR)/,$(DATA_FILES))
	$(Q)for d in rulesets/forms/bao-cao-dinh-ky rulesets/forms rulesets/units rulesets templates; do \
	  [ ! -d $(DESTDIR)$(DATADIR)/$$d ] || rmdir $(DESTDIR)$(DATADIR)/$$d; done
	$(Q)[ ! -d $(DESTDIR)$(DATADIR) ] || rmdir $(DESTDIR)$(DATADIR)

# The Debian package (debian/), written to dist/.
deb:
	$(Q)command -v dpkg-buildpackage >/dev/null || sh scripts/install-deps.sh test
	$(Q)sh scripts/mkdeb.sh

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

# The release tarball from git (HEAD); fails when git does, leaving nothing.
DISTDIR ?= dist
TARBALL := $(DISTDIR)/xlsxcheck-$(VERSION).tar.gz
dist:
	$(Q)mkdir -p $(DISTDIR)
	$(Q)rm -f $(TARBALL).tmp
	$(Q)[ "$$(git rev-parse --show-toplevel 2>/dev/null)" = "$(CURDIR)" ] \
	  || { echo "xlsxcheck: make dist: $(CURDIR) is not the top of a git checkout" >&2; exit 1; }
	$(Q)git archive --format=tar.gz --prefix=xlsxcheck-$(VERSION)/ -o $(TARBALL).tmp HEAD \
	  || { rm -f $(TARBALL).tmp; echo "xlsxcheck: make dist: git archive failed (is this a git checkout?)" >&2; exit 1; }
	$(Q)gzip -t $(TARBALL).tmp && mv $(TARBALL).tmp $(TARBALL)
	@echo "$(TARBALL)"

# Unpacks the tarball in a scratch folder, builds and tests there.
distcheck: dist
	$(Q)sh scripts/distcheck.sh $(TARBALL)

clean:
	rm -rf build build-san build-tsan build-fuzz

# Official templates: templates/*.xlsx from the spec in rulesets/forms (templates/README.md).
.PHONY: templates
$(BUILD)/mktemplates: templates/mktemplates.c $(BUILD)/libxlsxcheck.a $(HDRS) | $(DEPS_STAMP)
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_CFLAGS) -Ixlsxcheck $(LDFLAGS) -o $@ $< $(BUILD)/libxlsxcheck.a $(PKG_LIBS) -lm -pthread

templates: $(BUILD)/mktemplates
	$(Q)$(BUILD)/mktemplates rulesets templates
	@echo "  GEN     templates/bao-cao-dinh-ky.xlsx templates/chi-so-cchc.xlsx"
