#!/bin/sh
# The units registry is validated when it is loaded (units.c through the
# spec reader, spec.c): each broken registry below, given with --units, stops
# merge and check with exit status 2 and one message naming the file and
# line and saying what to do, in Vietnamese and (--lang en) English:
#   units.<case>         exit 2 and the Vietnamese message, exactly
#   units.<case>.en      the English one
# and what the old line reader got wrong now works:
#   units.long-line      a line longer than 8 KiB (a long note) is one unit
#                        (the merge of the 10 examples finds all 10 units)
#   units.crlf           a registry saved with CR LF line ends is read
# Env: $XLSXCHECK, $XC_TEST_TMP.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
xc=${XLSXCHECK:-$root/build/xlsxcheck}
case $xc in /*) ;; */*) xc=$(pwd)/$xc ;; esac
if [ -n "${XC_TEST_TMP:-}" ] && [ -d "$XC_TEST_TMP" ]; then
  tmp=$(mktemp -d "$XC_TEST_TMP/units.XXXXXX")
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-units.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
fi
cd "$tmp" || exit 1
ex="$root/examples/don-vi"
one="$ex/bao-cao-dinh-ky_kon-ray_2023-q1.xlsx"
H='code\tofficial_name\ttype\tbase_name\tfolded_key\tslug\n'
A='614\tHuyện Kon Rẫy\tHuyện\tKon Rẫy\tkonray\tkon-ray\n'
B='615\tHuyện Đắk Hà\tHuyện\tĐắk Hà\tdakha\tdak-ha\n'

# case NAME FILE-CONTENT(printf format) VI-MESSAGE EN-MESSAGE
case_() {
  name=$1 content=$2 vi=$3 en=$4
  printf "$content" > "$name.tsv"
  "$xc" merge --units "$name.tsv" -o "$name.zip" "$ex" > /dev/null 2> "$name.err" < /dev/null
  rc=$?
  want=$(printf '%s\n' "$vi")
  if [ "$rc" -ne 2 ]; then echo "FAIL units.$name: merge exit status $rc, want 2"
  elif [ -e "$name.zip" ]; then echo "FAIL units.$name: a bundle was written"
  elif [ "$(cat "$name.err")" != "$want" ]; then echo "FAIL units.$name: message: $(head -c 300 "$name.err")"
  else echo "ok units.$name"; fi
  "$xc" --lang en check --units "$name.tsv" "$one" > /dev/null 2> "$name.en.err" < /dev/null
  rc=$?
  want=$(printf '%s\n' "$en")
  if [ "$rc" -ne 2 ]; then echo "FAIL units.$name.en: check exit status $rc, want 2"
  elif [ "$(cat "$name.en.err")" != "$want" ]; then echo "FAIL units.$name.en: message: $(head -c 300 "$name.en.err")"
  else echo "ok units.$name.en"; fi
}

case_ duplicate-code "$H$A"'614\tHuyện Đắk Hà\tHuyện\tĐắk Hà\tdakha\tdak-ha\n' \
"xlsxcheck: lỗi: duplicate-code.tsv:3: mã đơn vị bị trùng với một dòng trước (614)
  Cách xử lý: Mỗi đơn vị một mã: sửa hoặc xóa dòng trùng." \
"xlsxcheck: error: duplicate-code.tsv:3: the unit code repeats an earlier line's (614)
  What to do: One code per unit: correct or remove the repeated line."

case_ duplicate-key "$H$A$B"'616\tHuyện Đăk Hà mới\tHuyện\tĐăk Hà\tdakha\tdak-ha-moi\n' \
"xlsxcheck: lỗi: duplicate-key.tsv:4: khóa so khớp (folded_key) bị trùng với một dòng trước (dakha)
  Cách xử lý: Hai đơn vị không thể có cùng khóa so khớp: sửa hoặc xóa dòng trùng." \
"xlsxcheck: error: duplicate-key.tsv:4: the match key (folded_key) repeats an earlier line's (dakha)
  What to do: Two units cannot share a match key: correct or remove the repeated line."

case_ duplicate-slug "$H$A"'615\tHuyện Đắk Hà\tHuyện\tĐắk Hà\tdakha\tkon-ray\n' \
"xlsxcheck: lỗi: duplicate-slug.tsv:3: tên tệp (slug) bị trùng với một dòng trước (kon-ray)
  Cách xử lý: Mỗi đơn vị một tên tệp trong gói tổng hợp: sửa dòng trùng." \
"xlsxcheck: error: duplicate-slug.tsv:3: the file name (slug) repeats an earlier line's (kon-ray)
  What to do: Each unit has its own file in the bundle: correct the repeated line."

case_ empty-slug "$H$A"'615\tHuyện Đắk Hà\tHuyện\tĐắk Hà\tdakha\t\n' \
"xlsxcheck: lỗi: empty-slug.tsv:3: ô bắt buộc của đơn vị bị trống (slug)
  Cách xử lý: Điền ô còn trống (mã, tên chính thức, khóa so khớp, tên tệp) ở dòng đã nêu." \
"xlsxcheck: error: empty-slug.tsv:3: a required field of the unit is empty (slug)
  What to do: Fill in the empty field (code, official name, match key, file name) on the line given."

case_ bom '\357\273\277'"$H$A" \
"xlsxcheck: lỗi: bom.tsv:1: tệp bắt đầu bằng dấu thứ tự byte (BOM)
  Cách xử lý: Lưu lại tệp dạng UTF-8 không có BOM (trong Notepad: \"UTF-8\", không chọn \"UTF-8 with BOM\")." \
"xlsxcheck: error: bom.tsv:1: the file starts with a byte order mark (BOM)
  What to do: Save the file as UTF-8 without BOM (in Notepad: \"UTF-8\", not \"UTF-8 with BOM\")."

# "Huyện Đắk Hà" in TCVN3 bytes, as an old Excel export writes it
case_ invalid-utf8 "$H$A"'615\tHuy\326n \247\276k H\265\tHuyện\tĐắk Hà\tdakha\tdak-ha\n' \
"xlsxcheck: lỗi: invalid-utf8.tsv:3: dòng này không phải văn bản UTF-8 hợp lệ
  Cách xử lý: Lưu lại tệp dạng UTF-8 (không dùng bảng mã TCVN3 hay VNI)." \
"xlsxcheck: error: invalid-utf8.tsv:3: this line is not valid UTF-8 text
  What to do: Save the file as UTF-8 (not in the TCVN3 or VNI encodings)."

case_ missing-column 'code\tofficial_name\ttype\tbase_name\tslug\n614\tHuyện Kon Rẫy\tHuyện\tKon Rẫy\tkon-ray\n' \
"xlsxcheck: lỗi: missing-column.tsv:1: danh mục đơn vị thiếu cột (folded_key)
  Cách xử lý: Dòng tiêu đề phải có các cột code, official_name, type, base_name, folded_key, slug." \
"xlsxcheck: error: missing-column.tsv:1: the units registry lacks a column (folded_key)
  What to do: The header must have the columns code, official_name, type, base_name, folded_key, slug."

case_ short-line "$H$A"'615\tHuyện Đắk Hà\tHuyện\n' \
"xlsxcheck: lỗi: short-line.tsv:3: dòng này thiếu cột so với dòng tiêu đề
  Cách xử lý: Sửa dòng đã nêu: mỗi đơn vị có đủ các cột, cách nhau bằng dấu Tab." \
"xlsxcheck: error: short-line.tsv:3: this line has fewer fields than the header
  What to do: Correct the line given: every unit has all the columns, separated by tabs."

case_ no-unit "$H" \
"xlsxcheck: lỗi: no-unit.tsv: danh mục đơn vị không có đơn vị nào
  Cách xử lý: Thêm các đơn vị, mỗi đơn vị một dòng, dưới dòng tiêu đề." \
"xlsxcheck: error: no-unit.tsv: the units registry lists no unit
  What to do: Add the units, one a line, below the header."

case_ not-text 'code\tofficial_name\n\000\001' \
"xlsxcheck: lỗi: not-text.tsv:2: tệp có byte NUL: không phải tệp văn bản
  Cách xử lý: Kiểm tra đã chọn đúng tệp; lưu lại tệp dạng văn bản UTF-8, các cột cách nhau bằng dấu Tab." \
"xlsxcheck: error: not-text.tsv:2: the file holds a NUL byte: it is not text
  What to do: Check that the right file was named; save it as UTF-8 text, columns separated by tabs."

# ---- what the registry may hold ----------------------------------------------
# the shipped registry with a 12,000-character note on one unit (the old
# reader cut lines at 8 KiB and read the rest as a phantom unit)
reg="$root/rulesets/units/kon-tum.tsv"
note=$(head -c 12000 /dev/zero | tr '\0' 'x')
awk -v note="$note" -F '\t' 'BEGIN { OFS = "\t" } NR == 3 { $NF = note } { print }' "$reg" > long.tsv
"$xc" merge --units long.tsv -o long.zip "$ex" > long.out 2> long.err < /dev/null
rc=$?
if [ "$rc" -le 1 ] && grep -q ': 10/10 ' long.out; then echo "ok units.long-line"
else echo "FAIL units.long-line: exit $rc; $(head -c 300 long.out long.err)"; fi

sed 's/$/\r/' "$reg" > crlf.tsv
"$xc" merge --units crlf.tsv -o crlf.zip "$ex" > crlf.out 2> crlf.err < /dev/null
rc=$?
if [ "$rc" -le 1 ] && grep -q ': 10/10 ' crlf.out; then echo "ok units.crlf"
else echo "FAIL units.crlf: exit $rc; $(head -c 300 crlf.out crlf.err)"; fi
