#!/bin/sh
# Regenerates the demo's example workbooks in examples/don-vi/: the periodic
# report (Quý I/2023) of each of the 10 units of Kon Tum, written by
# tests/forms/mkclean.py (openpyxl, XlsxWriter, LibreOffice and gnumeric, with
# the variations real files carry: numbers typed as text in Vietnamese
# notation, inserted title rows, renamed sheets, decomposed Unicode …), then
# three slips of the kind the seeds show, made with tests/forms/mutate.py:
#   Huyện Đắk Hà      Biểu mẫu 3, 3.3.2: one digit mistyped (on-time files)
#   Huyện Kon Rẫy     Biểu mẫu 1, 2: a rate that does not match its fraction
#   Huyện Sa Thầy     Biểu mẫu 3, 1.4.2: the count disagrees with the list
# The workbooks are committed, so `make demo` needs neither Python nor
# LibreOffice; run this only to change them (needs `make test-deps`).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
py=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-examples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
"$py" "$top/tests/forms/mkclean.py" "$tmp/gen"
out="$top/examples/don-vi"
rm -rf "$out"
mkdir -p "$out"
for f in "$tmp"/gen/bao-cao-dinh-ky_*.xlsx; do cp "$f" "$out/"; done
slip() { # FILE SHEET KEY VALUE
  "$py" "$top/tests/forms/mutate.py" "$out/$1" "$tmp/m.xlsx" "$2" "$3" "$4" > /dev/null
  mv "$tmp/m.xlsx" "$out/$1"
}
slip bao-cao-dinh-ky_dak-ha_2023-q1.xlsx "Biểu mẫu 3" 3.3.2 +200
slip bao-cao-dinh-ky_kon-ray_2023-q1.xlsx "Biểu mẫu 1" 2 +3
slip bao-cao-dinh-ky_sa-thay_2023-q1.xlsx "Biểu mẫu 3" 1.4.2 +1
ls "$out"
