#!/bin/sh
# The official templates (templates/*.xlsx, made by templates/mktemplates.c
# from rulesets/forms): regenerated here and compared byte for byte with the
# committed files, read back with openpyxl against the spec (check.py),
# opened by LibreOffice (one soffice call) and by `xlsxcheck dump`/`info`.
# Env: $XLSXCHECK (default build/xlsxcheck), $PYTHON (Debian's python3 with
# openpyxl), $XC_TEST_TMP (optional scratch dir), $FORMS_DIR (the forms
# contract, default ../shared/forms beside the checkout; optional).
# Prints one line per test: "ok templates.NAME" or "FAIL templates.NAME: why".
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${PYTHON:-/usr/bin/python3}
xc=${XLSXCHECK:-$root/build/xlsxcheck}
forms=${FORMS_DIR:-$root/../shared/forms}
if [ -n "${XC_TEST_TMP:-}" ] && [ -d "$XC_TEST_TMP" ]; then
  tmp=$(mktemp -d "$XC_TEST_TMP/templates.XXXXXX")
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-templates.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
fi
books="bao-cao-dinh-ky chi-so-cchc"
to() { if command -v timeout >/dev/null 2>&1; then timeout "$@"; else shift; "$@"; fi; }

# --- the generator, built with the project's warning flags ---------------
# (mktemplates.c is a thin main over the library's form writer)
gen=$tmp/mktemplates
lib=$root/xlsxcheck
# shellcheck disable=SC2046 # pkg-config output is a list of flags
if ! ${CC:-cc} -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -pedantic -O1 -I"$lib" \
    $(pkg-config --cflags xlsxwriter libutf8proc 2>/dev/null) -o "$gen" "$root/templates/mktemplates.c" \
    "$lib/formwrite.c" "$lib/formspec.c" "$lib/spec.c" "$lib/numtext.c" "$lib/err.c" "$lib/msg.c" \
    "$lib/buf.c" "$lib/arena.c" "$lib/alloc.c" "$lib/utf8.c" \
    $(pkg-config --libs xlsxwriter libutf8proc 2>/dev/null) -lm -pthread > "$tmp/cc.log" 2>&1; then
  echo "FAIL templates.build: mktemplates.c does not compile"
  head -n 5 "$tmp/cc.log" | sed 's/^/#   /'
  exit 0
fi
echo "ok templates.build"

# --- byte identity with the committed templates, and reproducibility -----
mkdir -p "$tmp/gen1" "$tmp/gen2"
if ! TZ=UTC "$gen" "$root/rulesets" "$tmp/gen1" > "$tmp/gen.log" 2>&1; then
  echo "FAIL templates.generate: $(head -c 300 "$tmp/gen.log")"
  exit 0
fi
echo "ok templates.generate"
for b in $books; do
  if [ ! -f "$root/templates/$b.xlsx" ]; then
    echo "FAIL templates.committed.$b: templates/$b.xlsx is missing (run make templates)"
  elif cmp -s "$tmp/gen1/$b.xlsx" "$root/templates/$b.xlsx"; then
    echo "ok templates.committed.$b"
  else
    echo "FAIL templates.committed.$b: templates/$b.xlsx differs from what the spec generates (run make templates)"
  fi
done
sleep 1 # a different clock second and time zone must not change a byte
TZ=Asia/Ho_Chi_Minh "$gen" "$root/rulesets" "$tmp/gen2" > /dev/null 2>&1
same=yes
for b in $books; do cmp -s "$tmp/gen1/$b.xlsx" "$tmp/gen2/$b.xlsx" || same=no; done
if [ $same = yes ]; then
  echo "ok templates.reproducible"
else
  echo "FAIL templates.reproducible: a second run (other second, TZ) gives other bytes"
fi
# the generator rejects a broken spec, naming the file and line
cp -R "$root/rulesets" "$tmp/badspec"
sed '3s/\tcount\t/\tcounted\t/' "$root/rulesets/forms/bao-cao-dinh-ky/bieu-mau-2.tsv" \
  > "$tmp/badspec/forms/bao-cao-dinh-ky/bieu-mau-2.tsv"
mkdir -p "$tmp/badout"
if "$gen" "$tmp/badspec" "$tmp/badout" > "$tmp/bad.log" 2>&1; then
  echo "FAIL templates.bad-spec: an unknown kind was accepted"
elif grep -q "bieu-mau-2.tsv:3: unknown kind 'counted'" "$tmp/bad.log"; then
  echo "ok templates.bad-spec"
else
  echo "FAIL templates.bad-spec: message was: $(head -c 200 "$tmp/bad.log")"
fi

# --- the spec copies are verbatim copies of the forms contract ------------
if [ -d "$forms/bao-cao-dinh-ky" ]; then
  bad=""
  for f in "$forms"/bao-cao-dinh-ky/*.tsv; do
    cmp -s "$f" "$root/rulesets/forms/bao-cao-dinh-ky/$(basename "$f")" || bad="$bad $(basename "$f")"
  done
  cmp -s "$forms/chi-so-cchc.tsv" "$root/rulesets/forms/chi-so-cchc.tsv" || bad="$bad chi-so-cchc.tsv"
  cmp -s "$forms/units-kon-tum.tsv" "$root/rulesets/units/kon-tum.tsv" || bad="$bad units-kon-tum.tsv"
  if [ -z "$bad" ]; then
    echo "ok templates.spec-verbatim"
  else
    echo "FAIL templates.spec-verbatim: differ from $forms:$bad"
  fi
else
  echo "# templates.spec-verbatim skipped: $forms not found"
fi

# --- openpyxl reading against the spec ------------------------------------
if ! "$py" -c 'import openpyxl' 2>/dev/null; then
  echo "FAIL templates.openpyxl: $py lacks openpyxl (sh scripts/install-deps.sh test)"
  exit 0
fi
"$py" "$here/check.py" static "$tmp/gen1" "$root/rulesets" 2>"$tmp/py.err" \
  || echo "FAIL templates.check-py: $(tail -n 1 "$tmp/py.err")"

# --- the project's reader ---------------------------------------------------
if [ ! -x "$xc" ]; then
  echo "FAIL templates.xlsxcheck: $xc not found (run make)"
else
  for b in $books; do
    f=$tmp/gen1/$b.xlsx
    if "$xc" info "$f" > "$tmp/info.txt" 2> "$tmp/err.txt" && [ ! -s "$tmp/err.txt" ]; then
      want=12; [ "$b" = chi-so-cchc ] && want=2
      n=$(grep -c '^ *[0-9][0-9]*\. "' "$tmp/info.txt")
      if [ "$n" = "$want" ]; then
        echo "ok templates.xlsxcheck-info.$b"
      else
        echo "FAIL templates.xlsxcheck-info.$b: $n sheets listed, want $want"
      fi
    else
      echo "FAIL templates.xlsxcheck-info.$b: $(head -c 300 "$tmp/err.txt")"
    fi
    if "$xc" dump "$f" > "$tmp/dump.tsv" 2> "$tmp/err.txt" && [ ! -s "$tmp/err.txt" ]; then
      echo "ok templates.xlsxcheck-dump.$b"
      "$py" "$here/check.py" dump "$root/rulesets" "$b" "$tmp/dump.tsv"
    else
      echo "FAIL templates.xlsxcheck-dump.$b: $(head -c 300 "$tmp/err.txt")"
    fi
  done
fi

# --- LibreOffice: every sheet converts; the total formula recalculates ----
if ! command -v soffice >/dev/null 2>&1; then
  echo "FAIL templates.libreoffice: soffice not found (sh scripts/install-deps.sh test)"
  exit 0
fi
mkdir -p "$tmp/lo-in" "$tmp/lo"
cp "$tmp/gen1/bao-cao-dinh-ky.xlsx" "$tmp/gen1/chi-so-cchc.xlsx" "$tmp/lo-in/"
"$py" "$here/check.py" excl "$tmp/gen1" "$tmp/lo-in"
# one soffice call for all files; the filter's last token (-1) writes every sheet
to 300 soffice --headless --norestore "-env:UserInstallation=file://$tmp/lo-profile" \
  --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
  --outdir "$tmp/lo" "$tmp"/lo-in/*.xlsx > "$tmp/lo.log" 2>&1
"$py" "$here/check.py" lo "$root/rulesets" "$tmp/lo"
