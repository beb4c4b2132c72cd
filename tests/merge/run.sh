#!/bin/sh
# shellcheck disable=SC2046,SC2086 # the file names made here have no spaces: lists split on purpose
# The province merge (xlsxcheck merge) end to end, on the 10 clean district
# workbooks of tests/forms/mkclean.py (various producers and benign variations):
# 1. conservation: the province workbook against an independent computation
#    with openpyxl (conserve.py, formread.py): every agg row (sum, ratio,
#    count_of, sum_of, mean, same, concat, distinct, none), Chi tiết theo đơn
#    vị, and the detail lists (rows, Đơn vị, TT);
# 2. LibreOffice headless opens the province and the annotated workbooks;
# 3. merge-time findings: duplicate unit, other period, other province,
#    foreign unit, missing unit, unreadable file, --strict, no valid input;
# 4. determinism (byte-identical bundles) and -o never overwriting an input;
# 5. the annotated unit workbooks (red cell + comment with the rule ID), only
#    for files with findings unless --all-copies, the clean files said so in
#    manifest.json and bao-cao.html; M-1 and M-3 together;
# 6. bao-cao.html names every unit with its status.
# Env: $XLSXCHECK (default build/xlsxcheck), $PYTHON (Debian's python3 with
# openpyxl), $XC_TEST_TMP (optional scratch dir).
# Prints one line per test: "ok merge.NAME" or "FAIL merge.NAME: why".
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=${PYTHON:-/usr/bin/python3}
xc=${XLSXCHECK:-$root/build/xlsxcheck}
case $xc in /*) ;; *) xc=$(pwd)/$xc ;; esac
if [ -n "${XC_TEST_TMP:-}" ] && [ -d "$XC_TEST_TMP" ]; then
  tmp=$(mktemp -d "$XC_TEST_TMP/merge.XXXXXX")
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/xc-merge.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT INT TERM
fi
export PYTHONDONTWRITEBYTECODE=1   # no __pycache__ beside formread.py
to() { if command -v timeout >/dev/null 2>&1; then timeout "$@"; else shift; "$@"; fi; }
ok() { echo "ok merge.$1"; }
fail() { echo "FAIL merge.$1: $2"; }
# want NAME EXPECTED GOT [detail]: one exit-status test
want() { if [ "$2" = "$3" ]; then ok "$1"; else fail "$1" "exit status $3, want $2${4:+ ($4)}"; fi; }
# expect NAME ZIP ARGS…: check.py expect, one test
expect() {
  n=$1 z=$2
  shift 2
  if [ ! -f "$z" ]; then fail "$n" "no bundle $z"; return; fi
  if msg=$(pyc expect "$z" "$@" 2>&1); then ok "$n"; else fail "$n" "$msg"; fi
}
# merge OUT LOG ARGS…: runs xlsxcheck merge (in $tmp), sets rc
merge() {
  out=$1 log=$2
  shift 2
  rm -f "$out"
  to 120 "$xc" merge -o "$out" "$@" > "$log" 2>&1
  rc=$?
}
# errors ZIP: the number of error rows of the bundle's log
errors() { pyc errors "$1" 2>/dev/null || echo "?"; }
mutate() { to 60 "$py" "$root/tests/forms/mutate.py" "$@" > /dev/null; }
pyc() { to 120 "$py" "$here/check.py" "$@"; }

if [ ! -x "$xc" ]; then
  fail build "$xc not found (run make)"
  exit 0
fi
if ! "$py" -c 'import openpyxl' 2>/dev/null; then
  fail openpyxl "$py lacks openpyxl (sh scripts/install-deps.sh test)"
  exit 0
fi

# --- the inputs: 10 clean district workbooks ------------------------------
if ! to 120 "$py" "$root/tests/forms/mkclean.py" "$tmp/gen" > "$tmp/gen.out" 2>&1; then
  fail generate "mkclean.py: $(tail -n 3 "$tmp/gen.out" "$tmp/gen/gen.log" 2>/dev/null | head -c 300)"
  exit 0
fi
cd "$tmp" || exit 0
mkdir in
awk -F'\t' '$1 == "ok" && $2 !~ /^template\./ { print $3 }' gen/manifest.tsv | while read -r f; do
  cp "$f" in/
done
n=$(find in -name '*.xlsx' | wc -l)
if [ "$n" -ne 10 ]; then
  fail generate "$n clean workbooks, want 10 (gen/manifest.tsv: $(grep -c '^fail' gen/manifest.tsv) failed)"
  exit 0
fi
f_of() { echo "in/bao-cao-dinh-ky_$1_2023-q1.xlsx"; }   # the input of a slug
# but SLUG: the inputs of every other unit
but() { for f in in/*.xlsx; do [ "$f" = "$(f_of "$1")" ] || echo "$f"; done; }
all_slugs=tp-kon-tum,dak-glei,ngoc-hoi,dak-to,kon-plong,kon-ray,dak-ha,sa-thay,tu-mo-rong,ia-hdrai
book=tong-hop_kon-tum_quy-i-2023.xlsx

# --- the clean merge --------------------------------------------------------
merge clean.zip clean.log in/*.xlsx
want clean.exit 0 $rc "$(errors clean.zip) errors in the log"
if [ ! -f clean.zip ]; then
  fail clean.bundle "no bundle written: $(head -c 300 clean.log)"
  exit 0
fi
if [ $rc -ne 0 ]; then
  "$py" - clean.zip <<'PY' | sed 's/^/#   /'
import csv, io, sys, zipfile
t = zipfile.ZipFile(sys.argv[1]).read("nhat-ky-loi.csv").decode("utf-8-sig")
for r in csv.DictReader(io.StringIO(t)):
    if r["severity"] == "error":
        print(f"{r['file']} {r['sheet']} {r['key']} {r['rule']}: {r['message']} (expected {r['expected']}, actual {r['actual']})")
PY
fi
# files without findings get no annotated copy (5 of the 10 have warnings:
# `check.py copies` checks them against the log); --all-copies writes every one
pyc bundle clean.zip merge.clean - "$book"
pyc copies clean.zip merge.copies.clean
merge allc.zip allc.log --all-copies in/*.xlsx
want all-copies.exit 0 $rc
pyc bundle allc.zip merge.all-copies "$all_slugs" "$book"
pyc copies allc.zip merge.copies.all-copies all
rm -f clean-en.zip
to 120 "$xc" --lang en merge -o clean-en.zip in/*.xlsx > clean-en.log 2>&1
pyc copies clean-en.zip merge.copies.clean-en findings en
expect clean.manifest-status clean.zip --merged 10 --period "Quý I/2023" \
  $(for f in in/*.xlsx; do printf -- '--status %s=merged ' "${f#in/}"; done)

# 1. conservation
to 300 "$py" "$here/conserve.py" --name merge.conserve clean.zip in/*.xlsx 2> conserve.err
[ -s conserve.err ] && fail conserve.run "$(tail -n 1 conserve.err)"

# the default output: dist/tong-hop_<tinh>_<ky>.zip under the working directory
mkdir -p dflt
(cd dflt && to 120 "$xc" merge ../in > ../dflt.log 2>&1)
if [ -f dflt/dist/tong-hop_kon-tum_quy-i-2023.zip ]; then
  ok default-name
else
  fail default-name "want dist/tong-hop_kon-tum_quy-i-2023.zip, got: $(cd dflt && find . -type f | head -3 | tr '\n' ' ')"
fi

# --- 4. determinism and inputs never overwritten ---------------------------
sleep 1 # another clock second and time zone must not change a byte
rm -f clean2.zip
TZ=Asia/Ho_Chi_Minh to 120 "$xc" merge -o clean2.zip in/*.xlsx > /dev/null 2>&1
if cmp -s clean.zip clean2.zip; then
  ok deterministic
else
  fail deterministic "a second run on the same inputs (1 s later, TZ=Asia/Ho_Chi_Minh) gives other bytes"
  "$py" - clean.zip clean2.zip <<'PY' | sed 's/^/#   /'
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:3])
ia, ib = {i.filename: i for i in a.infolist()}, {i.filename: i for i in b.infolist()}
out = []
if sorted(ia) != sorted(ib):
    out.append(f"entries differ: {sorted(set(ia) ^ set(ib))}")
for n in sorted(set(ia) & set(ib)):
    x, y = ia[n], ib[n]
    if x.date_time != y.date_time:
        out.append(f"{n}: entry time {x.date_time} vs {y.date_time}")
    elif x.CRC != y.CRC:
        out.append(f"{n}: contents differ")
print("\n".join(out[:4] + ([f"… {len(out) - 4} more"] if len(out) > 4 else [])))
PY
fi
victim=$(f_of dak-ha)
sha_before=$(sha256sum "$victim" | cut -d' ' -f1)
to 120 "$xc" merge -o "$victim" in/*.xlsx > over.log 2>&1
rc=$?
sha_after=$(sha256sum "$victim" | cut -d' ' -f1)
if [ $rc -eq 2 ] && [ "$sha_before" = "$sha_after" ]; then
  ok no-overwrite
else
  fail no-overwrite "-o naming an input: exit $rc (want 2), input $([ "$sha_before" = "$sha_after" ] && echo unchanged || echo CHANGED)"
  [ "$sha_before" = "$sha_after" ] || cp "gen/$(basename "$victim")" "$victim"
fi
# the same file named another way (absolute path, "./" and "..")
to 120 "$xc" merge -o "$tmp/in/../in/./$(basename "$victim")" in/*.xlsx > over2.log 2>&1
rc=$?
sha_after=$(sha256sum "$victim" | cut -d' ' -f1)
if [ $rc -eq 2 ] && [ "$sha_before" = "$sha_after" ]; then
  ok no-overwrite.other-spelling
else
  fail no-overwrite.other-spelling "-o $tmp/in/../in/./$(basename "$victim"): exit $rc (want 2), input $([ "$sha_before" = "$sha_after" ] && echo unchanged || echo CHANGED)"
  [ "$sha_before" = "$sha_after" ] || cp "gen/$(basename "$victim")" "$victim"
fi

# --- 3. merge-time findings -----------------------------------------------
# a duplicate unit: a copy of Kon Rẫy's file named later
mkdir -p dup && cp "$(f_of kon-ray)" dup/zz-ban-sao.xlsx
merge dup.zip dup.log in/*.xlsx dup/zz-ban-sao.xlsx
want duplicate.exit 1 $rc
expect duplicate.log dup.zip --merged 10 --donvi 6 --rule zz-ban-sao.xlsx=M-1 \
  --status zz-ban-sao.xlsx=left-out --status "$(basename "$(f_of kon-ray)")=merged"
pyc html dup.zip merge.duplicate.html
pyc copies dup.zip merge.copies.duplicate

# another period (Thông tin, Kỳ báo cáo)
mkdir -p per
mutate "$(f_of sa-thay)" per/sa-thay-quy-ii.xlsx "Thông tin" 3 "Quý II/2023"
merge per.zip per.log $(but sa-thay) per/sa-thay-quy-ii.xlsx
want period.exit 1 $rc
expect period.log per.zip --merged 9 --period "Quý I/2023" --rule sa-thay-quy-ii.xlsx=M-2 \
  --status sa-thay-quy-ii.xlsx=left-out
pyc html per.zip merge.period.html

# another province (Thông tin, Tỉnh)
mkdir -p prov
mutate "$(f_of dak-to)" prov/dak-to-gia-lai.xlsx "Thông tin" 2 "Gia Lai"
merge prov.zip prov.log $(but dak-to) prov/dak-to-gia-lai.xlsx
want province.exit 1 $rc
expect province.log prov.zip --merged 9 --rule dak-to-gia-lai.xlsx=M-3 --status dak-to-gia-lai.xlsx=left-out

# a unit not in the registry (Kbang, Gia Lai)
mkdir -p foreign
mutate "$(f_of kon-ray)" foreign/kbang.xlsx "Thông tin" 1 "Huyện Kbang"
merge foreign.zip foreign.log $(but kon-ray) foreign/kbang.xlsx
want foreign.exit 1 $rc
expect foreign.log foreign.zip --merged 9 --donvi 6 --rule kbang.xlsx=M-1 --status kbang.xlsx=left-out \
  --missing "Huyện Kon Rẫy" --norule kbang.xlsx=M-3
pyc html foreign.zip merge.foreign.html

# a unit not in the registry that also names another province: both reasons
mutate foreign/kbang.xlsx foreign/kbang-gia-lai.xlsx "Thông tin" 2 "Gia Lai"
merge foreign2.zip foreign2.log $(but kon-ray) foreign/kbang-gia-lai.xlsx
want foreign-province.exit 1 $rc
expect foreign-province.log foreign2.zip --merged 9 --donvi 6 --rule kbang-gia-lai.xlsx=M-1 \
  --rule kbang-gia-lai.xlsx=M-3 --status kbang-gia-lai.xlsx=left-out --msg "M-3=Gia Lai"
if unzip -p foreign2.zip manifest.json 2>/dev/null | grep -q '"note": "the unit is not one of the province.s; another province"' &&
   unzip -p foreign2.zip bao-cao.html 2>/dev/null | grep -q 'đơn vị không thuộc danh mục của tỉnh; tỉnh khác'; then
  ok foreign-province.note
else
  fail foreign-province.note "the manifest's note or the HTML row does not name both reasons"
fi

# --units: another registry (two communes of a made-up province): the two
# files naming them merge, the Kon Tum files are foreign (M-1), the bundle's
# manifest names that registry
mkdir -p units
printf 'code\tofficial_name\ttype\tbase_name\tfolded_key\tslug\n90001\tXã Hòa Bình\tXã\tHòa Bình\thoabinh\txa-hoa-binh\n90002\tXã Tân Lập\tXã\tTân Lập\ttanlap\txa-tan-lap\n' > units/xa.tsv
mutate "$(f_of dak-to)" units/hoa-binh.xlsx "Thông tin" 1 "UBND xã Hoà Bình"
mutate "$(f_of dak-ha)" units/tan-lap.xlsx "Thông tin" 1 "Xã Tân Lập"
rm -f units.zip
to 120 "$xc" merge --all-copies --units units/xa.tsv -o units.zip units/hoa-binh.xlsx units/tan-lap.xlsx "$(f_of kon-ray)" > units.log 2>&1
rc=$?
if [ -f units.zip ] && unzip -p units.zip manifest.json > units.json 2>/dev/null &&
   grep -q '"units_registry": {"file": "xa.tsv"' units.json && grep -q '"units_merged": 2,' units.json &&
   grep -q '"unit": "Xã Hòa Bình"' units.json && grep -q '"unit": "Xã Tân Lập"' units.json &&
   unzip -l units.zip | grep -q "don-vi/xa-hoa-binh.xlsx"; then
  ok units.registry
else
  fail units.registry "exit $rc; $(head -c 300 units.log)"
fi
expect units.foreign units.zip --merged 2 --rule bao-cao-dinh-ky_kon-ray_2023-q1.xlsx=M-1

# a missing unit: 9 files; M-4 is a warning, so no error and exit 0
merge miss.zip miss.log $(but ia-hdrai)
want missing.exit 0 $rc "$(errors miss.zip) errors in the log"
expect missing.log miss.zip --merged 9 --rule =M-4 --msg "M-4=Huyện Ia H' Drai" --missing "Huyện Ia H' Drai"
pyc html miss.zip merge.missing.html

# an unreadable file: left out, the bundle is still written
printf 'this is not a workbook\n' > garbage.xlsx
merge bad.zip bad.log in/*.xlsx garbage.xlsx
want unreadable.exit 1 $rc
expect unreadable.log bad.zip --merged 10 --donvi 5 --rule garbage.xlsx=FILE --status garbage.xlsx=unreadable
pyc html bad.zip merge.unreadable.html
pyc copies bad.zip merge.copies.unreadable

# a file with an error (a total that is not the sum of its parts: Biểu mẫu 2,
# 1 = 1.1 + 1.2 + 1.3): merged and flagged (M-5), or left out with --strict
mkdir -p slip
slipf=slip/kon-ray-slip.xlsx
mutate "$(f_of kon-ray)" $slipf "Biểu mẫu 2" 1 +1
others=$(but kon-ray)
merge slip.zip slip.log $others $slipf
want slip.exit 1 $rc
expect slip.log slip.zip --merged 10 --donvi 6 --rule kon-ray-slip.xlsx=M-5 --status kon-ray-slip.xlsx=merged-with-errors
pyc html slip.zip merge.slip.html
pyc copies slip.zip merge.copies.slip
merge strict.zip strict.log --strict $others $slipf
if [ -f strict.zip ]; then
  # exit 1 when the log holds an error (the file's own errors stay logged)
  e=$(errors strict.zip)
  w=0; [ "$e" != 0 ] && w=1
  want strict.exit $w $rc "$e errors in the log"
else
  fail strict.exit "no bundle (exit $rc): $(head -c 200 strict.log)"
fi
expect strict.log strict.zip --merged 9 --rule kon-ray-slip.xlsx=M-5 --status kon-ray-slip.xlsx=left-out
# what is left out is not added: the province sums are the other 9 units'
[ -f strict.zip ] && to 300 "$py" "$here/conserve.py" --name merge.strict.conserve \
  --checks unit,sum,sum_of,list.BC,list.DM,list.VB strict.zip $others $slipf

# no valid input at all: exit 2 and no bundle
merge none.zip none.log garbage.xlsx
if [ $rc -eq 2 ] && [ ! -e none.zip ]; then ok none.unreadable; else
  fail none.unreadable "only an unreadable file: exit $rc (want 2), bundle $([ -e none.zip ] && echo written || echo absent)"; fi
merge none2.zip none2.log foreign/kbang.xlsx
if [ $rc -eq 2 ] && [ ! -e none2.zip ]; then ok none.foreign; else
  fail none.foreign "only a foreign unit's file: exit $rc (want 2), bundle $([ -e none2.zip ] && echo written || echo absent)"; fi
mkdir -p empty
merge none3.zip none3.log empty
if [ $rc -eq 2 ] && [ ! -e none3.zip ]; then ok none.empty-folder; else
  fail none.empty-folder "an empty folder: exit $rc (want 2), bundle $([ -e none3.zip ] && echo written || echo absent)"; fi

# --- 5. annotated workbooks -------------------------------------------------
if [ -f slip.zip ]; then
  pyc annot slip.zip kon-ray-slip.xlsx kon-ray tp-kon-tum allc.zip
fi

# --- 6. the HTML report of the clean merge ---------------------------------
pyc html clean.zip merge.clean.html

# --- 2. LibreOffice opens the province and the annotated workbooks ---------
if ! command -v soffice >/dev/null 2>&1; then
  fail libreoffice "soffice not found (sh scripts/install-deps.sh test)"
  exit 0
fi
mkdir -p lo-in lo lo-home
(cd lo-in && unzip -q ../slip.zip "$book" 'don-vi/*' 2>/dev/null)
for f in lo-in/don-vi/*.xlsx; do [ -f "$f" ] && mv "$f" "lo-in/don-vi_$(basename "$f")"; done
rmdir lo-in/don-vi 2>/dev/null
# one soffice call for all files; the filter's last token (-1) writes every sheet
HOME=$tmp/lo-home to 180 soffice --headless --norestore "-env:UserInstallation=file://$tmp/lo-home/profile" \
  --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
  --outdir "$tmp/lo" "$tmp"/lo-in/*.xlsx > lo.log 2>&1
rc=$?
if [ $rc -ne 0 ] || grep -qi 'error' lo.log; then
  fail libreoffice.run "soffice exit $rc: $(grep -i error lo.log | head -c 300)"
fi
pyc lo lo lo-in/*.xlsx
exit 0
