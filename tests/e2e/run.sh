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

# The dump of one file against openpyxl's reading (dumpcmp.py rules), the
# exact number text, and the want.tsv cells where openpyxl is wrong.
compare() { # name file datesys ours
  name=$1 f=$2 ours=$4
  ref=$tmp/$name.ref.tsv
  if ! "$py" "$lib/opxl_read.py" "$f" > "$ref" 2> "$tmp/err.txt" < /dev/null; then
    echo "FAIL e2e.$name: openpyxl cannot read the generated file: $(tail -n 1 "$tmp/err.txt")"
    return
  fi
  opts=""
  [ "$3" = 1904 ] && opts="--date1904"
  [ -f "$corpus/$name.div.tsv" ] && opts="$opts --divergences $corpus/$name.div.tsv"
  # shellcheck disable=SC2086
  if ! "$py" "$lib/dumpcmp.py" "$ours" "$ref" $opts > "$tmp/cmp.txt" 2>&1; then
    echo "FAIL e2e.$name: $(head -n 1 "$tmp/cmp.txt")"
    details "$tmp/cmp.txt" 2 8
    return
  fi
  # Numbers: dumpcmp compares values; the text must also be the shortest
  # round-trip form (Python's repr).  Cells in want.tsv are checked below.
  want=$corpus/$name.want.tsv
  [ -f "$want" ] || want=""
  # shellcheck disable=SC2086
  if ! "$py" "$here/numtext.py" "$ours" "$ref" $want > "$tmp/numtext.txt" 2>&1; then
    echo "FAIL e2e.$name: $(tail -n 1 "$tmp/numtext.txt")"
    sed '$d' "$tmp/numtext.txt" | sed 's/^/#   /'
    return
  fi
  # Cells where openpyxl is known to be wrong: the exact line we must print.
  if [ -n "$want" ]; then
    grep -Fxv -f "$ours" "$want" > "$tmp/want.txt"
    if [ -s "$tmp/want.txt" ]; then
      echo "FAIL e2e.$name: $(wc -l < "$tmp/want.txt") cells differ from the expected values (want.tsv)"
      while IFS="$TAB" read -r ws wr rest; do
        got=$(ws=$ws wr=$wr awk -F "$TAB" '$1 == ENVIRON["ws"] && $2 == ENVIRON["wr"]' "$ours")
        echo "#   want $ws!$wr: $rest; ours: ${got:-(no line)}"
      done < "$tmp/want.txt" | LC_ALL=C tr '\001-\010\013\014\016-\037' '?'
      # (control characters shown as ?)
      return
    fi
  fi
  echo "ok e2e.$name"
}

# `info` against openpyxl's view (date system, sheets, kinds, states) and
# against the dump (cell counts); then `dump --sheet` for every sheet.
info_and_sheets() { # name file ours
  name=$1 f=$2 ours=$3
  out=$tmp/$name.info.en
  if ! "$XLSXCHECK" --lang en info "$f" > "$out" 2> "$tmp/err.txt" < /dev/null; then
    echo "FAIL e2e.$name.info: info failed: $(head -c 300 "$tmp/err.txt")"
  elif "$py" "$here/infocheck.py" "$f" "$out" "$ours" "$tmp/sheets.txt" > "$tmp/ic.txt" 2>&1; then
    echo "ok e2e.$name.info"
  else
    echo "FAIL e2e.$name.info: $(head -n 1 "$tmp/ic.txt")"
    details "$tmp/ic.txt" 2 6
  fi
  [ -s "$tmp/sheets.txt" ] || return
  why=""
  while IFS= read -r s; do
    "$XLSXCHECK" dump "$f" --sheet "$s" > "$tmp/one.tsv" 2> "$tmp/err.txt" < /dev/null
    rc=$?
    # the dump escapes \ TAB in sheet names; ENVIRON keeps awk from
    # interpreting backslashes the way -v would
    se=$(printf '%s\n' "$s" | sed 's/\\/\\\\/g; s/'"$TAB"'/\\t/g')
    se=$se awk -F "$TAB" '$1 == ENVIRON["se"]' "$ours" > "$tmp/part.tsv"
    if [ $rc -ne 0 ]; then
      why="dump --sheet \"$s\": exit $rc: $(head -c 200 "$tmp/err.txt")"
      break
    elif ! cmp -s "$tmp/one.tsv" "$tmp/part.tsv"; then
      why="dump --sheet \"$s\" ($(wc -l < "$tmp/one.tsv") lines) is not that sheet's part of the whole dump ($(wc -l < "$tmp/part.tsv") lines)"
      break
    fi
  done < "$tmp/sheets.txt"
  if [ -z "$why" ]; then
    "$XLSXCHECK" dump "$f" --sheet "Không có trang này" > "$tmp/one.tsv" 2> "$tmp/err.txt" < /dev/null
    rc=$?
    if [ $rc -ne 2 ] || [ ! -s "$tmp/err.txt" ] || [ -s "$tmp/one.tsv" ]; then
      why="dump --sheet (no such sheet): want exit 2, a message and no output; got exit $rc"
    fi
  fi
  rm -f "$tmp/sheets.txt"
  if [ -z "$why" ]; then
    echo "ok e2e.$name.sheets"
  else
    echo "FAIL e2e.$name.sheets: $why"
  fi
}

prev=""
while IFS="$TAB" read -r kind name f a b <&3; do
  # the extra checks of one workbook are numbered: e2e.NAME.says1, .says2, ...
  if [ "$name" != "$prev" ]; then k=0; prev=$name; fi
  case "$kind" in info|nosheet) k=$((k + 1)) ;; esac
  case "$kind" in
  fail)
    echo "FAIL e2e.$name: $f"
    ;;
  file)
    ours=$tmp/$name.ours.tsv
    "$XLSXCHECK" dump "$f" > "$ours" 2> "$tmp/err.txt" < /dev/null
    rc=$?
    if [ $rc -ne 0 ] || [ -s "$tmp/err.txt" ]; then
      echo "FAIL e2e.$name: dump exit $rc, stderr: $(head -c 300 "$tmp/err.txt")"
      echo "FAIL e2e.$name.info: not checked: the dump failed"
      echo "FAIL e2e.$name.sheets: not checked: the dump failed"
      continue
    fi
    compare "$name" "$f" "$a" "$ours"
    info_and_sheets "$name" "$f" "$ours"
    ;;
  info)
    out=$tmp/$name.info.$a
    if [ ! -f "$out" ]; then
      "$XLSXCHECK" --lang "$a" info "$f" > "$out" 2> "$tmp/err.txt" < /dev/null
      rc=$?
      if [ $rc -ne 0 ]; then
        echo "FAIL e2e.$name.says$k: info exit $rc: $(head -c 300 "$tmp/err.txt")"
        rm -f "$out"
        continue
      fi
    fi
    if grep -qF -- "$b" "$out"; then
      echo "ok e2e.$name.says$k"
    else
      echo "FAIL e2e.$name.says$k: --lang $a info does not say: $b"
      details "$out" 1 12
    fi
    ;;
  nosheet)
    "$XLSXCHECK" dump "$f" --sheet "$a" > "$tmp/one.tsv" 2> "$tmp/err.txt" < /dev/null
    rc=$?
    if [ $rc -eq 2 ] && [ -s "$tmp/err.txt" ] && [ ! -s "$tmp/one.tsv" ]; then
      echo "ok e2e.$name.says$k"
    else
      echo "FAIL e2e.$name.says$k: dump --sheet \"$a\" (no such sheet): want exit 2, a message and no output; got exit $rc"
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
