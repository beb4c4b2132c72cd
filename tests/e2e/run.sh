#!/bin/sh
# End-to-end producer suite: workbooks written at test time by xlsxwriter,
# openpyxl, LibreOffice and gnumeric (tests/e2e/gen.py), read back by xlsxcheck
# and compared with openpyxl's reading (tests/lib/opxl_read.py + dumpcmp.py),
# plus `info` and `--sheet` checks and byte-exact golden dumps (golden/).
# Env: $XLSXCHECK (the binary), $PYTHON (Debian's python3 with openpyxl),
# $XC_TEST_TMP (optional scratch dir, removed by the caller).
# Prints one line per test: "ok e2e.NAME" or "FAIL e2e.NAME: why" (+ "#" lines).
set -u
here=$(cd "$(dirname "$0")" && pwd)
lib=$here/../lib
py=${PYTHON:-/usr/bin/python3}
: "${XLSXCHECK:?set XLSXCHECK to the xlsxcheck binary}"
if [ -n "${XC_TEST_TMP:-}" ] && [ -d "$XC_TEST_TMP" ]; then
  tmp=$(mktemp -d "$XC_TEST_TMP/e2e.XXXXXX")
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-e2e.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
fi
corpus=$tmp/corpus
TAB=$(printf '\t')

details() { sed -n "${2:-1},${3:-6}p" "$1" | sed 's/^/#   /'; }

if ! "$py" -c 'import openpyxl, xlsxwriter' 2>/dev/null; then
  echo "FAIL e2e.generate: $py lacks openpyxl or xlsxwriter (sh scripts/install-deps.sh test)"
  exit 0
fi
if ! "$py" "$here/gen.py" "$corpus" > "$tmp/gen.out" 2>&1 || [ ! -s "$corpus/manifest.tsv" ]; then
  echo "FAIL e2e.generate: gen.py failed"
  tail -n 5 "$tmp/gen.out" | sed 's/^/#   /'
  exit 0
fi

n_info=0
n_sheet=0
while IFS="$TAB" read -r kind name f a b <&3; do
  case "$kind" in
  fail)
    echo "FAIL e2e.$name: $f"
    ;;
  file)
    ours=$tmp/$name.ours.tsv
    ref=$tmp/$name.ref.tsv
    "$XLSXCHECK" dump "$f" > "$ours" 2> "$tmp/err.txt" < /dev/null
    rc=$?
    if [ $rc -ne 0 ]; then
      echo "FAIL e2e.$name: dump exit $rc: $(head -c 300 "$tmp/err.txt")"
      continue
    fi
    if [ -s "$tmp/err.txt" ]; then
      echo "FAIL e2e.$name: dump wrote to stderr: $(head -c 300 "$tmp/err.txt")"
      continue
    fi
    if ! "$py" "$lib/opxl_read.py" "$f" > "$ref" 2> "$tmp/err.txt" < /dev/null; then
      echo "FAIL e2e.$name: openpyxl cannot read the generated file: $(tail -n 1 "$tmp/err.txt")"
      continue
    fi
    opts=""
    [ "$a" = 1904 ] && opts="--date1904"
    [ -f "$corpus/$name.div.tsv" ] && opts="$opts --divergences $corpus/$name.div.tsv"
    # shellcheck disable=SC2086
    if ! "$py" "$lib/dumpcmp.py" "$ours" "$ref" $opts > "$tmp/cmp.txt" 2>&1; then
      echo "FAIL e2e.$name: $(head -n 1 "$tmp/cmp.txt")"
      details "$tmp/cmp.txt" 2 8
      continue
    fi
    # Numbers: dumpcmp compares values; the text must also be the shortest
    # round-trip form, which is what Python's repr (opxl_read.py) prints.
    awk -F "$TAB" 'NR == FNR { if ($3 == "n") ref[$1 FS $2] = $4; next }
      $3 == "n" && (($1 FS $2) in ref) && ref[$1 FS $2] != $4 {
        print "number text " $1 "!" $2 ": ours " $4 " repr " ref[$1 FS $2] }' \
      "$ref" "$ours" > "$tmp/numtext.txt"
    if [ -s "$tmp/numtext.txt" ]; then
      echo "FAIL e2e.$name: $(wc -l < "$tmp/numtext.txt") numbers not printed as the shortest repr"
      details "$tmp/numtext.txt" 1 5
      continue
    fi
    # Cells where openpyxl is known to be wrong: the exact line we must print.
    if [ -f "$corpus/$name.want.tsv" ]; then
      grep -Fxv -f "$ours" "$corpus/$name.want.tsv" > "$tmp/want.txt"
      if [ -s "$tmp/want.txt" ]; then
        echo "FAIL e2e.$name: $(wc -l < "$tmp/want.txt") cells differ from the expected values (want.tsv)"
        while IFS="$TAB" read -r ws wr _rest; do
          got=$(awk -F "$TAB" -v s="$ws" -v r="$wr" '$1 == s && $2 == r' "$ours")
          echo "#   want $ws!$wr: $_rest; ours: ${got:-(no line)}"
        done < "$tmp/want.txt"
        continue
      fi
    fi
    echo "ok e2e.$name"
    ;;
  info)
    n_info=$((n_info + 1))
    out=$tmp/$name.info.$a
    if [ ! -f "$out" ]; then
      "$XLSXCHECK" --lang "$a" info "$f" > "$out" 2> "$tmp/err.txt" < /dev/null
      rc=$?
      if [ $rc -ne 0 ]; then
        echo "FAIL e2e.$name.info$n_info: info exit $rc: $(head -c 300 "$tmp/err.txt")"
        rm -f "$out"
        continue
      fi
    fi
    if grep -qF -- "$b" "$out"; then
      echo "ok e2e.$name.info$n_info"
    else
      echo "FAIL e2e.$name.info$n_info: --lang $a info does not say: $b"
      details "$out" 1 12
    fi
    ;;
  sheet)
    n_sheet=$((n_sheet + 1))
    "$XLSXCHECK" dump "$f" --sheet "$a" > "$tmp/one.tsv" 2> "$tmp/err.txt" < /dev/null
    rc=$?
    if [ $rc -ne 0 ]; then
      echo "FAIL e2e.$name.sheet$n_sheet: dump --sheet \"$a\": exit $rc: $(head -c 300 "$tmp/err.txt")"
      continue
    fi
    awk -F "$TAB" -v s="$a" '$1 == s' "$tmp/$name.ours.tsv" > "$tmp/want.tsv"
    if [ ! -s "$tmp/one.tsv" ]; then
      echo "FAIL e2e.$name.sheet$n_sheet: dump --sheet \"$a\" printed nothing"
    elif cmp -s "$tmp/one.tsv" "$tmp/want.tsv"; then
      echo "ok e2e.$name.sheet$n_sheet"
    else
      echo "FAIL e2e.$name.sheet$n_sheet: dump --sheet \"$a\" is not that sheet's part of the whole dump"
      diff "$tmp/want.tsv" "$tmp/one.tsv" | sed -n 1,5p | sed 's/^/#   /'
    fi
    ;;
  nosheet)
    n_sheet=$((n_sheet + 1))
    "$XLSXCHECK" dump "$f" --sheet "$a" > "$tmp/one.tsv" 2> "$tmp/err.txt" < /dev/null
    rc=$?
    if [ $rc -eq 2 ] && [ -s "$tmp/err.txt" ] && [ ! -s "$tmp/one.tsv" ]; then
      echo "ok e2e.$name.sheet$n_sheet"
    else
      echo "FAIL e2e.$name.sheet$n_sheet: dump --sheet \"$a\" (no such sheet): want exit 2, a message and no output; got exit $rc"
    fi
    ;;
  golden)
    want=$here/golden/$name.tsv
    "$XLSXCHECK" dump "$f" > "$tmp/golden.tsv" 2> "$tmp/err.txt" < /dev/null
    rc=$?
    if [ $rc -ne 0 ]; then
      echo "FAIL e2e.golden.$name: dump exit $rc: $(head -c 300 "$tmp/err.txt")"
    elif [ ! -f "$want" ]; then
      echo "FAIL e2e.golden.$name: no $want"
    elif cmp -s "$want" "$tmp/golden.tsv"; then
      echo "ok e2e.golden.$name"
    else
      echo "FAIL e2e.golden.$name: differs from golden/$name.tsv (< want, > ours):"
      diff "$want" "$tmp/golden.tsv" | grep '^[<>]' | sed -n 1,8p | sed 's/^/#   /'
    fi
    ;;
  *)
    echo "FAIL e2e.manifest: unknown line kind \"$kind\""
    ;;
  esac
done 3< "$corpus/manifest.tsv"
