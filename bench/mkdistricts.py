#!/usr/bin/python3
"""Writes N district-size workbooks of the bao-cao-dinh-ky form, and their
registry, for benchmarking (and testing) `xlsxcheck merge` at the national
scale: as many files as Vietnam has communes (3,321), each the size of a
district's report.

    /usr/bin/python3 bench/mkdistricts.py OUTDIR [N=3321]

OUTDIR gets:
  districts.tsv   a units registry in the format of rulesets/units/*.tsv
                  (code official_name type base_name folded_key slug): N
                  districts with 5-digit codes and names such as
                  "Huyện Ngọc Sơn" (distinct folded keys and slugs);
  dv_NNNN.xlsx    one workbook per district (NNNN = 0001 … N), its unit cell
                  (Thông tin, key 1) the district's official name;
  expected.tsv    one line per file: NAME PRODUCER KIND, KIND "clean", "slip"
                  (a typing slip: Biểu mẫu 2 row 1, the total of 1.1 + 1.2 +
                  1.3, has one digit changed, so BM2-1 fails) or "period" (Kỳ
                  báo cáo "Quý II/2023" instead of "Quý I/2023": left out, M-2);
  .complete       "N <sha256 of this script and of mkclean.py>", written last
                  (the cache stamp bench/merge.sh looks at).

How: four CLEAN base workbooks are made by tests/forms/mkclean.py's model
(units 610, 611, 612, 613 of Kon Tum: four different data sets, Quý I/2023,
district-size lists: Biên chế about 40-70 rows, Danh mục TTHC 115-240,
Văn bản chỉ đạo 8-22; about 3,400 cells each), each written by one of four
real producers: openpyxl, XlsxWriter, LibreOffice (converting the openpyxl
file) and gnumeric's ssconvert (the same).  The unit and period cells hold
placeholders.  Then, for each district, the base zip minus the parts to
change is copied byte for byte, and those parts are appended again with the
placeholders replaced (shared strings: the name, the period) and, for a slip,
the one <v> of the cell changed in the sheet XML (zipfile append mode:
nothing else is recompressed), so 3,321 files take a few seconds.

File i (0-based) uses base i % 4; one file in five (i % 5 == 4) has a slip:
three in four of those a typing slip, one in four the wrong period.
"""
import csv
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "forms"))
sys.dont_write_bytecode = True  # no __pycache__ in tests/forms
import mkclean  # noqa: E402

UNIT_PH = "XCUNITPLACEHOLDERXC"
PERIOD_PH = "XCPERIODPLACEHOLDERXC"
PERIOD, WRONG_PERIOD = "Quý I/2023", "Quý II/2023"
PRODUCERS = ["openpyxl", "xlsxwriter", "libreoffice", "gnumeric"]
CODES = ["610", "611", "612", "613"]

SYL = ["An", "Bình", "Cát", "Đông", "Hòa", "Hưng", "Khánh", "Lâm", "Long", "Minh", "Mỹ", "Nghĩa",
       "Ngọc", "Phú", "Phước", "Quang", "Sơn", "Tân", "Thạnh", "Thắng", "Thịnh", "Thuận", "Tiến",
       "Trung", "Vĩnh", "Xuân", "Yên", "Hải", "Hồng", "Kim", "Lộc", "Nam", "Bắc", "Tây", "Đức",
       "Hiệp", "Lợi", "Định", "Hậu", "Quảng", "Lương", "Châu", "Điền", "Giang", "Kiên", "Nhơn",
       "Đăk", "Pờ", "Rơ", "Ia", "Măng", "Tê", "Xốp", "Hơ"]


def fold(s):
    s = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn").lower()


def districts(n):
    rng = random.Random("xlsxcheck-bench-districts")
    out, keys = [], set()
    while len(out) < n:
        k = 2 if rng.random() < 0.7 else 3
        base = " ".join(rng.sample(SYL, k))
        key = fold(base).replace(" ", "")
        if key in keys:
            continue
        keys.add(key)
        i = len(out) + 1
        out.append(dict(code=f"{20000 + i:05d}", official_name=f"Huyện {base}", type="Huyện",
                        base_name=base, folded_key=key, slug="huyen-" + fold(base).replace(" ", "-")))
    return out


def slip_digits(v):
    """A typing slip of the integer v: its last digit changed (never v itself)."""
    s = str(v)
    last = int(s[-1])
    return s[:-1] + str((last + 3) % 10)


def bases(tmp):
    """The four base workbooks: (path, producer, cell ref of BM2 row 1 value, its value)."""
    units = {u["code"]: u for u in mkclean.tsv(mkclean.UNITS)}
    out, lo_jobs, gn_jobs = [], [], []
    for code, producer in zip(CODES, PRODUCERS):
        m = mkclean.build(units[code], PERIOD, set())
        bad = mkclean.verify(m)
        if bad:
            sys.exit("mkdistricts: the model does not satisfy: " + "; ".join(bad[:5]))
        m.vals["TI"]["1"] = UNIT_PH
        m.vals["TI"]["3"] = PERIOD_PH
        grids = mkclean.layout(m, set())
        g = next(g for g in grids if g.sid == "BM2")
        ri = next(i for i, r in enumerate(g.rows) if r and r[0] and r[0][1] == "1")
        cell = g.rows[ri][3]
        if not cell or cell[0] != "n" or not isinstance(cell[1], int):
            sys.exit(f"mkdistricts: Biểu mẫu 2 row 1 is not an integer: {cell!r}")
        ref = f"D{ri + 1}"
        dst = os.path.join(tmp, f"base_{producer}.xlsx")
        if producer == "xlsxwriter":
            mkclean.write_xlsxwriter(grids, dst)
        elif producer == "openpyxl":
            mkclean.write_openpyxl(grids, dst)
        else:
            src = os.path.join(tmp, "src", f"base_{producer}.xlsx")
            os.makedirs(os.path.dirname(src), exist_ok=True)
            mkclean.write_openpyxl(grids, src)
            (lo_jobs if producer == "libreoffice" else gn_jobs).append((src, dst))
        out.append((dst, producer, g.name, ref, cell[1]))
    if lo_jobs:
        lo_out = os.path.join(tmp, "lo")
        prof = os.path.join(tmp, "lo-profile")
        r = subprocess.run(["soffice", "--headless", "--norestore", "--nolockcheck",
                            f"-env:UserInstallation=file://{prof}", "--convert-to", "xlsx",
                            "--outdir", lo_out] + [s for s, _ in lo_jobs],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=300,
                           env=dict(os.environ, HOME=tmp))
        for src, dst in lo_jobs:
            got = os.path.join(lo_out, os.path.basename(src))
            if not os.path.exists(got):
                sys.exit(f"mkdistricts: LibreOffice wrote nothing: {r.stdout.decode()[-300:]}")
            os.replace(got, dst)
    for src, dst in gn_jobs:
        r = subprocess.run(["ssconvert", src, dst], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=180)
        if r.returncode != 0 or not os.path.exists(dst):
            sys.exit(f"mkdistricts: ssconvert failed: {r.stdout.decode()[-300:]}")
    return out


def sheet_part(z, sheet_name):
    """The part name of a worksheet, through workbook.xml and its relationships."""
    wb = z.read("xl/workbook.xml").decode("utf-8")
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    for m in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)/?>", wb):
        attrs = m.group(1)
        name = re.search(r'\bname="([^"]*)"', attrs)
        rid = re.search(r'\br:id="([^"]*)"|\b\w+:id="([^"]*)"', attrs)
        if not name or not rid:
            continue
        nm = name.group(1).replace("&amp;", "&")
        if unicodedata.normalize("NFC", nm) != sheet_name:
            continue
        want = rid.group(1) or rid.group(2)
        for rm in re.finditer(r"<Relationship\b([^>]*)/?>", rels):
            a = rm.group(1)
            if re.search(rf'\bId="{re.escape(want)}"', a):
                t = re.search(r'\bTarget="([^"]*)"', a).group(1)
                return t.lstrip("/") if t.startswith("/") else "xl/" + t
    sys.exit(f"mkdistricts: no sheet {sheet_name!r}")


class Base:
    """A base workbook split into the untouched rest and the parts to rewrite."""

    def __init__(self, path, producer, sheet, ref, value, tmp):
        self.producer, self.ref, self.value = producer, ref, value
        self.rest = path + ".rest.zip"
        self.parts = {}
        with zipfile.ZipFile(path) as zin:
            self.sheet = sheet_part(zin, sheet)
            with zipfile.ZipFile(self.rest, "w", zipfile.ZIP_DEFLATED) as zrest:
                for info in zin.infolist():
                    data = zin.read(info)
                    if UNIT_PH.encode() in data or PERIOD_PH.encode() in data or info.filename == self.sheet:
                        self.parts[info.filename] = data
                    else:
                        zrest.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        if not any(UNIT_PH.encode() in d for d in self.parts.values()):
            sys.exit(f"mkdistricts: the unit placeholder is in no part of the {producer} workbook")
        if not any(PERIOD_PH.encode() in d for d in self.parts.values()):
            sys.exit(f"mkdistricts: the period placeholder is in no part of the {producer} workbook")
        # the <v> of the slip cell: <c r="D5" …>…<v>123</v>
        self.cell_re = re.compile(rb'(<c\b[^>]*\br="' + ref.encode() + rb'"[^>]*>(?:(?!</c>).)*?<v>)([^<]*)(</v>)',
                                  re.S)
        if not self.cell_re.search(self.parts[self.sheet]):
            sys.exit(f"mkdistricts: no value at {sheet} {ref} in the {producer} workbook")

    def write(self, dst, name, kind):
        tmpdst = dst + ".tmp"
        shutil.copyfile(self.rest, tmpdst)
        with zipfile.ZipFile(tmpdst, "a", zipfile.ZIP_DEFLATED) as z:
            for pname, data in self.parts.items():
                data = data.replace(UNIT_PH.encode(), escape(name).encode("utf-8"))
                data = data.replace(PERIOD_PH.encode(), (WRONG_PERIOD if kind == "period" else PERIOD).encode())
                if kind == "slip" and pname == self.sheet:
                    data = self.cell_re.sub(lambda m: m.group(1) + slip_digits(self.value).encode() + m.group(3),
                                            data, count=1)
                zi = zipfile.ZipInfo(pname, date_time=(2023, 4, 10, 0, 0, 0))
                zi.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(zi, data)
        os.replace(tmpdst, dst)


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    out = os.path.abspath(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) == 3 else 3321
    os.makedirs(out, exist_ok=True)
    stamp = os.path.join(out, ".complete")
    if os.path.exists(stamp):
        os.remove(stamp)
    for f in os.listdir(out):
        if f.startswith("dv_") and f.endswith(".xlsx"):
            os.remove(os.path.join(out, f))
    units = districts(n)
    cols = ["code", "official_name", "type", "base_name", "folded_key", "slug"]
    with open(os.path.join(out, "districts.tsv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        w.writerow(cols)
        for u in units:
            w.writerow([u[c] for c in cols])
    with tempfile.TemporaryDirectory() as tmp:
        made = [Base(*b, tmp) for b in bases(tmp)]
        lines = []
        for i, u in enumerate(units):
            b = made[i % 4]
            kind = "clean" if i % 5 != 4 else ("period" if (i // 5) % 4 == 3 else "slip")
            name = f"dv_{i + 1:04d}.xlsx"
            b.write(os.path.join(out, name), u["official_name"], kind)
            lines.append(f"{name}\t{b.producer}\t{kind}\n")
    with open(os.path.join(out, "expected.tsv"), "w", encoding="utf-8") as f:
        f.writelines(lines)
    h = hashlib.sha256()
    for p in (__file__, mkclean.__file__):
        with open(p, "rb") as f:
            h.update(f.read())
    with open(stamp, "w") as f:
        f.write(f"{n} {h.hexdigest()}\n")
    kinds = {k: sum(1 for x in lines if x.endswith(f"\t{k}\n")) for k in ("clean", "slip", "period")}
    print(f"mkdistricts: {n} workbooks in {out} ({kinds['clean']} clean, {kinds['slip']} with a typing slip, "
          f"{kinds['period']} with another period)", file=sys.stderr)


if __name__ == "__main__":
    main()
