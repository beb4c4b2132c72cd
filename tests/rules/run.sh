#!/bin/sh
# Rule suite: the rule language and the built-in checks, kind by kind, the
# seed-004 PAR-index workbook against the shipped rulesets, and `rules --lint`.
#
#   rules.lint-<ruleset>    `rules --lint` on rulesets/*.rules: no syntax error,
#                           no warning, exit 0 (the merge-only built-ins are
#                           the evaluator's like every other).
#   rules.kinds-lint        every kinds/*.rules lints clean.
#   rules.lint-<case>       a broken ruleset (lint/<case>.rules): exit 2, the
#                           message on stderr exactly as lint/<case>.expected
#                           (file:line:col, the source line, a caret line).
#   rules.<kind>            mkcases.py writes tiny workbooks for each rule kind
#                           (kinds/<kind>.rules); verify.py checks that each
#                           passing variant has no finding and each failing one
#                           exactly the expected findings (rule, sheet, cell,
#                           key, actual, expected of --format csv).
#   rules.chiso-*           mkchiso.py: seed 004 checks clean, and changed
#                           scores fail at the right cells; also a copy written
#                           by LibreOffice (one soffice call).
#
# Env: $XLSXCHECK (the binary), $PYTHON (Debian's python3 with openpyxl),
# $XC_TEST_TMP (optional scratch dir, removed by the caller).
# Prints one line per test: "ok rules.NAME" or "FAIL rules.NAME: why" (+ "#" lines).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${PYTHON:-/usr/bin/python3}
: "${XLSXCHECK:?set XLSXCHECK to the xlsxcheck binary}"
case $XLSXCHECK in
  /*) ;;
  */*) XLSXCHECK=$(pwd)/$XLSXCHECK ;;
esac
if [ -n "${XC_TEST_TMP:-}" ] && [ -d "$XC_TEST_TMP" ]; then
  tmp=$(mktemp -d "$XC_TEST_TMP/rules.XXXXXX")
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-rules.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
fi

details() { sed -n "${2:-1},${3:-6}p" "$1" | sed 's/^/#   /'; }

# verify.py over a manifest; anything it prints besides test lines is a comment
verify() {
  "$py" "$here/verify.py" "$XLSXCHECK" "$1" > "$tmp/verify.out" 2>&1
  vrc=$?
  awk '/^(ok |FAIL |#)/ { print; next } { print "#   " $0 }' "$tmp/verify.out"
  [ "$vrc" -eq 0 ] || echo "FAIL rules.verify: verify.py $(basename "$1") exited with status $vrc"
}

# ---- lint of the shipped rulesets ---------------------------------------------
for rules in "$root"/rulesets/*.rules; do
  name=$(basename "$rules" .rules)
  "$XLSXCHECK" rules --lint "$rules" > "$tmp/lint.out" 2> "$tmp/lint.err"
  rc=$?
  # no line but the closing summary "FILE: …"
  grep -Fv "$rules: " "$tmp/lint.out" > "$tmp/lint.other"
  if [ -s "$tmp/lint.err" ] || [ "$rc" -ge 2 ]; then
    echo "FAIL rules.lint-$name: exit $rc, syntax error"
    details "$tmp/lint.err" 1 4
  elif [ -s "$tmp/lint.other" ]; then
    echo "FAIL rules.lint-$name: $(wc -l < "$tmp/lint.other") warning(s)"
    details "$tmp/lint.other" 1 8
  elif [ "$rc" -ne 0 ]; then
    echo "FAIL rules.lint-$name: exit $rc without a warning"
  else
    echo "ok rules.lint-$name"
  fi
done

# ---- the test rulesets lint clean ---------------------------------------------
bad=""
for rules in "$here"/kinds/*.rules; do
  if ! "$XLSXCHECK" rules --lint "$rules" > "$tmp/lint.out" 2>&1; then
    bad="$bad $(basename "$rules")"
    cp "$tmp/lint.out" "$tmp/lint.bad"
  fi
done
if [ -n "$bad" ]; then
  echo "FAIL rules.kinds-lint:$bad"
  details "$tmp/lint.bad" 1 4
else
  echo "ok rules.kinds-lint"
fi

# ---- broken rulesets: exit 2, file:line:col, the line, a caret (golden) ---------
for rules in "$here"/lint/*.rules; do
  name=$(basename "$rules" .rules)
  # run from this folder so that the message names lint/NAME.rules
  (cd "$here" && "$XLSXCHECK" rules --lint "lint/$name.rules") > "$tmp/lint.out" 2> "$tmp/lint.err"
  rc=$?
  if [ "$rc" -ne 2 ]; then
    echo "FAIL rules.lint-$name: exit $rc, expected 2"
    details "$tmp/lint.err" 1 3
  elif [ -s "$tmp/lint.out" ]; then
    echo "FAIL rules.lint-$name: wrote to stdout: $(head -n 1 "$tmp/lint.out")"
  elif ! diff -u "$here/lint/$name.expected" "$tmp/lint.err" > "$tmp/lint.diff"; then
    echo "FAIL rules.lint-$name: the message differs from lint/$name.expected"
    details "$tmp/lint.diff" 3 12
  else
    echo "ok rules.lint-$name"
  fi
done

# ---- one test per rule kind -----------------------------------------------------
if ! "$py" -c 'import openpyxl' 2> /dev/null; then
  echo "FAIL rules.generate: $py lacks openpyxl (sh scripts/install-deps.sh test)"
  exit 0
fi
if ! "$py" "$here/mkcases.py" "$tmp/kinds" > "$tmp/gen.out" 2>&1; then
  echo "FAIL rules.generate: mkcases.py failed"
  tail -n 5 "$tmp/gen.out" | sed 's/^/#   /'
else
  verify "$tmp/kinds/cases.json"
fi

# ---- seed 004 as a chi-so-cchc workbook -----------------------------------------
cs=$tmp/chiso
if ! "$py" "$here/mkchiso.py" "$cs" > "$tmp/gen.out" 2>&1; then
  echo "FAIL rules.chiso-generate: mkchiso.py failed"
  tail -n 5 "$tmp/gen.out" | sed 's/^/#   /'
  exit 0
fi
# LibreOffice writes the clean workbook and one variant again (one call)
if command -v soffice > /dev/null 2>&1; then
  to=""
  command -v timeout > /dev/null 2>&1 && to="timeout 180"
  $to soffice --headless --norestore --nolockcheck "-env:UserInstallation=file://$tmp/lo-profile" \
    --convert-to xlsx --outdir "$cs/lo" "$cs/clean.xlsx" "$cs/self-score.xlsx" > "$tmp/lo.out" 2>&1
  [ -f "$cs/lo/clean.xlsx" ] || { echo "# soffice wrote nothing:"; details "$tmp/lo.out" 1 3; }
else
  echo "# soffice not found (sh scripts/install-deps.sh test): rules.chiso-libreoffice cannot pass"
fi
verify "$cs/chiso.json"
