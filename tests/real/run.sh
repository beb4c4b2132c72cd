#!/bin/sh
# The reader's conformance suite: ../shared/real-xlsx (81 real files).
# - every file openpyxl reads: dump agrees with expected/<file>.tsv (dumpcmp.py rules;
#   cells listed in divergences/<file>.tsv are known, explained differences);
# - files openpyxl cannot read but gnumeric can: agree with expected/<file>.ssconvert.tsv;
# - valid packages nobody else reads: golden/<file>.tsv, reviewed by hand;
# - files that are not XLSX: exit 2 with the message for what they really are.
set -u
here=$(cd "$(dirname "$0")" && pwd)
corpus=${REAL_XLSX:-$here/../../../shared/real-xlsx}
py=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-real.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
if [ ! -d "$corpus/files" ] && [ "${XC_DISTCHECK:-0}" = 1 ]; then
  echo "# real: skipped: $corpus is absent (a release tarball is tested without the corpus)"
  exit 0
fi
if [ ! -d "$corpus/files" ]; then
  echo "FAIL real.corpus: $corpus/files not found (shared/ must sit beside the checkout)"
  exit 0
fi

# files that are not workbooks: name, expected message (Vietnamese)
not_xlsx() {
  case "$1" in
    qax-os-excelize__encryptAES.xlsx|tafia-calamine__pass_protected.xlsx) echo "đặt mật khẩu" ;;
    theorchard-openpyxl__null_file.xlsx) echo "tệp rỗng" ;;
    *) echo "" ;;
  esac
}

for path in "$corpus"/files/*; do
  f=$(basename "$path")
  name="real.$f"
  sha_before=$(sha256sum "$path" | cut -c1-64)
  want_msg=$(not_xlsx "$f")
  "$XLSXCHECK" dump "$path" > "$tmp/out.tsv" 2> "$tmp/err.txt"
  rc=$?
  sha_after=$(sha256sum "$path" | cut -c1-64)
  if [ "$sha_before" != "$sha_after" ]; then
    echo "FAIL $name: the input file changed"
    continue
  fi
  if [ -n "$want_msg" ]; then
    if [ $rc -eq 2 ] && grep -q "$want_msg" "$tmp/err.txt" && grep -qF "$f" "$tmp/err.txt"; then
      echo "ok $name"
    else
      echo "FAIL $name: want exit 2 and \"$want_msg\", got exit $rc: $(head -c 300 "$tmp/err.txt")"
    fi
    continue
  fi
  if [ $rc -ne 0 ]; then
    echo "FAIL $name: exit $rc: $(head -c 300 "$tmp/err.txt")"
    continue
  fi
  opts=""
  grep "^$f	" "$corpus/MANIFEST.tsv" | grep -q epoch1904 && opts="--date1904"
  [ -f "$here/divergences/$f.tsv" ] && opts="$opts --divergences $here/divergences/$f.tsv"
  if [ -f "$corpus/expected/$f.tsv" ]; then
    ref="$corpus/expected/$f.tsv"
  elif [ -f "$corpus/expected/$f.ssconvert.tsv" ]; then
    ref="$corpus/expected/$f.ssconvert.tsv"
    opts="$opts --ssconvert"
  elif [ -f "$here/golden/$f.tsv" ]; then
    if cmp -s "$tmp/out.tsv" "$here/golden/$f.tsv"; then
      echo "ok $name"
    else
      echo "FAIL $name: differs from golden/$f.tsv:"
      diff "$here/golden/$f.tsv" "$tmp/out.tsv" | head -5 | sed 's/^/#   /'
    fi
    continue
  else
    echo "FAIL $name: no reference reading and no golden file"
    continue
  fi
  # shellcheck disable=SC2086
  if "$py" "$here/../lib/dumpcmp.py" "$tmp/out.tsv" "$ref" $opts > "$tmp/cmp.txt"; then
    echo "ok $name"
  else
    echo "FAIL $name: $(head -n 1 "$tmp/cmp.txt")"
    sed -n '2,6p' "$tmp/cmp.txt" | sed 's/^/#   /'
  fi
  # info must work on every readable file too
  if ! "$XLSXCHECK" info "$path" > /dev/null 2> "$tmp/err.txt"; then
    echo "FAIL $name.info: $(head -c 300 "$tmp/err.txt")"
  fi
done
