#!/bin/sh
# The command line as a Unix tool: build flags and `make deps`, make install /
# uninstall into a DESTDIR, the data folder lookup, the man page and bash
# completion, the Debian package (as root), make dist.
# Env: $XLSXCHECK (the binary), $XC_TEST_TMP (optional scratch dir), $SANITIZE.
# Prints one line per test: "ok cli.NAME" or "FAIL cli.NAME: why".
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
xc=${XLSXCHECK:-$root/build/xlsxcheck}
case $xc in /*) ;; *) xc=$(pwd)/$xc ;; esac
build=$(cd "$(dirname "$xc")" && pwd)
if [ -n "${XC_TEST_TMP:-}" ] && [ -d "$XC_TEST_TMP" ]; then
  tmp=$(mktemp -d "$XC_TEST_TMP/cli.XXXXXX")
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-cli.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
fi
ex=$root/examples/don-vi/bao-cao-dinh-ky_dak-ha_2023-q1.xlsx
unset XLSXCHECK_DATA

ok() { echo "ok cli.$1"; }
fail() { echo "FAIL cli.$1: $2"; }
# expect NAME WANT-RC CMD...: the command's exit status is WANT-RC
expect() {
  name=$1 want=$2
  shift 2
  "$@" > "$tmp/out" 2> "$tmp/err"
  rc=$?
  if [ "$rc" -eq "$want" ]; then ok "$name"; else fail "$name" "exit $rc, want $want; $(head -c 300 "$tmp/err")"; fi
}
has() { # has NAME FILE TEXT: FILE contains TEXT
  if grep -qF -- "$3" "$2"; then ok "$1"; else fail "$1" "no \"$3\" in: $(head -c 300 "$2")"; fi
}

# --- build: flags honoured, -Werror only with WERROR=1, never apt-get --------
mk() { make -C "$root" --no-print-directory "$@"; }
mk -n -B BUILD="$tmp/bflags" V=1 CPPFLAGS=-DXC_TEST_CPPFLAGS CFLAGS='-O1 -DXC_TEST_CFLAGS' \
  LDFLAGS=-Wl,-z,now "$tmp/bflags/xlsxcheck" > "$tmp/make-n" 2>&1
cc_lines=$(grep -c -- '-c -o .*/obj/' "$tmp/make-n")
flag_lines=$(grep -- '-c -o .*/obj/' "$tmp/make-n" | grep -- '-DXC_TEST_CPPFLAGS' | grep -- '-DXC_TEST_CFLAGS' | grep -c -- '-Werror')
if [ "$cc_lines" -gt 10 ] && [ "$flag_lines" -eq "$cc_lines" ] && grep -- '-o .*bflags/xlsxcheck ' "$tmp/make-n" | grep -q -- '-Wl,-z,now'; then
  ok make.flags
else
  fail make.flags "CPPFLAGS/CFLAGS/LDFLAGS or -Werror missing from the commands ($cc_lines compiles, $flag_lines with every flag)"
fi
mk -n -B BUILD="$tmp/bflags" V=1 WERROR=0 "$tmp/bflags/xlsxcheck" > "$tmp/make-n0" 2>&1
if grep -q -- '-Werror' "$tmp/make-n0"; then fail make.werror0 "WERROR=0 still passes -Werror"; else ok make.werror0; fi
if grep -q 'install-deps\|apt-get' "$tmp/make-n"; then fail make.no-apt "make would install packages"; else ok make.no-apt; fi
# a library pkg-config cannot find: a message naming `make deps`, no installer run
mk BUILD="$tmp/bmissing" PKGS='libzip xlsxcheck-no-such-lib' "$tmp/bmissing/xlsxcheck" > "$tmp/mo" 2>&1
rc=$?
if [ $rc -ne 0 ] && grep -q 'make deps' "$tmp/mo" && ! grep -q 'installing Debian packages' "$tmp/mo"; then
  ok make.missing-lib
else
  fail make.missing-lib "exit $rc: $(head -c 300 "$tmp/mo")"
fi
if grep -q '^deps:' "$root/Makefile" && grep -q 'install-deps.sh build' "$root/Makefile"; then ok make.deps-target
else fail make.deps-target "no deps target running scripts/install-deps.sh build"; fi

# --- make install / uninstall into a DESTDIR ---------------------------------
dest=$tmp/dest
mk BUILD="$build" SANITIZE="${SANITIZE:-}" DESTDIR="$dest" install > "$tmp/inst.out" 2>&1 \
  || fail install "make install: $(tail -c 300 "$tmp/inst.out")"
prefix=$dest/usr/local
for f in bin/xlsxcheck share/xlsxcheck/rulesets/bao-cao-dinh-ky.rules share/xlsxcheck/rulesets/chi-so-cchc.rules \
    share/xlsxcheck/rulesets/units/kon-tum.tsv share/xlsxcheck/rulesets/forms/layout.tsv \
    share/xlsxcheck/rulesets/forms/bao-cao-dinh-ky/bieu-mau-3.tsv share/xlsxcheck/templates/bao-cao-dinh-ky.xlsx \
    share/xlsxcheck/templates/chi-so-cchc.xlsx share/man/man1/xlsxcheck.1 \
    share/bash-completion/completions/xlsxcheck; do
  [ -f "$prefix/$f" ] || fail "install.files" "$f not installed"
done
[ -x "$prefix/bin/xlsxcheck" ] && ok install.files
# the installed binary, run from /, finds its data beside itself (../share/xlsxcheck)
(cd / && "$prefix/bin/xlsxcheck" check "$ex" > "$tmp/ic.out" 2> "$tmp/ic.err")
rc=$?
if [ $rc -eq 1 ] && grep -q 'BM3-11' "$tmp/ic.out" && [ ! -s "$tmp/ic.err" ]; then ok install.check-from-root
else fail install.check-from-root "exit $rc: $(head -c 300 "$tmp/ic.err")"; fi
(cd / && "$prefix/bin/xlsxcheck" merge -o "$tmp/inst-bundle.zip" "$root/examples/don-vi" > "$tmp/im.out" 2> "$tmp/im.err")
rc=$?
if [ $rc -eq 1 ] && [ -s "$tmp/inst-bundle.zip" ]; then ok install.merge-from-root
else fail install.merge-from-root "exit $rc: $(head -c 300 "$tmp/im.err")"; fi
# the man page: every command, option, exit status, environment variable, file
man -l "$prefix/share/man/man1/xlsxcheck.1" 2>/dev/null | col -b > "$tmp/man.txt"
missing=""
for w in dump info check merge explain rules --sheet --rules --format --strict --units --lint --lang \
    --max-part-mb --max-total-mb --max-ratio --version --help -o 'EXIT STATUS' XLSXCHECK_DATA \
    XLSXCHECK_NO_JIT XLSXCHECK_SPLIT XLSXCHECK_TIMING share/xlsxcheck kon-tum.tsv templates; do
  grep -qF -- "$w" "$tmp/man.txt" || missing="$missing $w"
done
if [ -z "$missing" ] && [ "$(wc -l < "$tmp/man.txt")" -gt 100 ]; then ok install.man
else fail install.man "missing:$missing"; fi
# bash completion: commands, then the command's own options
complete_words() { # words...: the completions of the last word
  bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _xlsxcheck xlsxcheck "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$prefix/share/bash-completion/completions/xlsxcheck" "$@" 2>/dev/null | tr '\n' ' '
}
c1=$(complete_words xlsxcheck ch)
c2=$(complete_words xlsxcheck check --f)
c3=$(complete_words xlsxcheck explain --format '')
c4=$(complete_words xlsxcheck --lang e)
if [ "$c1" = "check " ] && [ "$c2" = "--format " ] && [ "$c3" = "text json " ] && [ "$c4" = "en " ]; then
  ok install.completion
else
  fail install.completion "got '$c1' '$c2' '$c3' '$c4'"
fi
mk BUILD="$build" SANITIZE="${SANITIZE:-}" DESTDIR="$dest" uninstall > "$tmp/uninst.out" 2>&1 \
  || fail uninstall "make uninstall: $(tail -c 300 "$tmp/uninst.out")"
left=$(find "$dest" -type f | head -5)
leftdirs=$(find "$dest" -path '*xlsxcheck*' | head -5)
if [ -z "$left" ] && [ -z "$leftdirs" ]; then ok uninstall.nothing-left
else fail uninstall.nothing-left "left: $left $leftdirs"; fi

# --- the data folder: $XLSXCHECK_DATA, beside the binary, or a clear message --
mkdir -p "$tmp/lone"
cp "$xc" "$tmp/lone/xlsxcheck"
(cd / && "$tmp/lone/xlsxcheck" check "$ex" > "$tmp/out" 2> "$tmp/err")
rc=$?
if [ $rc -eq 2 ] && grep -q "$tmp/lone/../share/xlsxcheck" "$tmp/err" && grep -q 'XLSXCHECK_DATA' "$tmp/err" \
    && grep -q 'không tìm thấy thư mục dữ liệu' "$tmp/err"; then
  ok datadir.not-found
else
  fail datadir.not-found "exit $rc: $(head -c 300 "$tmp/err")"
fi
(cd / && "$tmp/lone/xlsxcheck" --lang en merge "$ex" > "$tmp/out" 2> "$tmp/err")
rc=$?
if [ $rc -eq 2 ] && grep -q 'data folder (holding rulesets/) not found; looked in:' "$tmp/err"; then ok datadir.not-found.en
else fail datadir.not-found.en "exit $rc: $(head -c 300 "$tmp/err")"; fi
expect datadir.env 1 env XLSXCHECK_DATA="$root" "$tmp/lone/xlsxcheck" check "$ex"
XLSXCHECK_DATA=$tmp/nowhere "$xc" check "$ex" > "$tmp/out" 2> "$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "$tmp/nowhere" "$tmp/err" && [ "$(grep -c '^  /' "$tmp/err")" -eq 1 ]; then
  ok datadir.env-overrides
else
  fail datadir.env-overrides "exit $rc: $(head -c 300 "$tmp/err")"
fi

# --- make dist: from git, or a failure leaving nothing ---------------------------
mkdir -p "$tmp/nogit/xlsxcheck" "$tmp/nogit-out"
cp "$root/Makefile" "$tmp/nogit/"
cp "$root/xlsxcheck/version.h" "$tmp/nogit/xlsxcheck/"
(cd "$tmp/nogit" && GIT_CEILING_DIRECTORIES=$tmp make dist DISTDIR="$tmp/nogit-out" > "$tmp/out" 2> "$tmp/err")
rc=$?
if [ $rc -ne 0 ] && [ -z "$(ls "$tmp/nogit-out")" ] && grep -q 'git checkout' "$tmp/err"; then ok dist.no-git
else fail dist.no-git "exit $rc, left: $(ls "$tmp/nogit-out"), $(head -c 200 "$tmp/err")"; fi
if git -C "$root" rev-parse --show-toplevel > /dev/null 2>&1; then
  mk dist DISTDIR="$tmp/distout" > "$tmp/out" 2> "$tmp/err"
  rc=$?
  tb=$(ls "$tmp"/distout/xlsxcheck-*.tar.gz 2>/dev/null)
  if [ $rc -eq 0 ] && [ -n "$tb" ]; then
    tar -tzf "$tb" | sed 's|^[^/]*/||' | grep -v '/$' | grep . | sort > "$tmp/tar.list"
    git -C "$root" ls-tree -r --name-only HEAD | sort > "$tmp/git.list"
    if cmp -s "$tmp/tar.list" "$tmp/git.list" && grep -qx Makefile "$tmp/tar.list"; then ok dist.tarball
    else fail dist.tarball "the tarball's files differ from git's: $(diff "$tmp/git.list" "$tmp/tar.list" | head -3 | tr '\n' ' ')"; fi
  else
    fail dist.tarball "exit $rc: $(head -c 300 "$tmp/err")"
  fi
else
  echo "# cli.dist.tarball: skipped: $root is not a git checkout (a release tarball)"
fi
if grep -q '^distcheck:' "$root/Makefile" && [ -f "$root/scripts/distcheck.sh" ]; then ok dist.distcheck-target
else fail dist.distcheck-target "no distcheck target"; fi

# --- the Debian package: built, installed, used from /, purged (as root) -----
if [ "$(id -u)" -ne 0 ]; then
  echo "# cli.deb: skipped: needs root (CI runs as root)"
elif [ "${SANITIZE:-}" = 1 ]; then
  echo "# cli.deb: tested in the plain pass"
else
  . "$here/deb.sh"
fi
exit 0
