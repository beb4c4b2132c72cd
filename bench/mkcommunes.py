#!/usr/bin/python3
"""Writes N commune-size workbooks of the bao-cao-dinh-ky form, and their
registry, for benchmarking `xlsxcheck merge` at the national scale
(3,321 communes after the 2025 reform).

    /usr/bin/python3 bench/mkcommunes.py OUTDIR [N=3321]

OUTDIR gets:
  communes.tsv    a units registry in the format of rulesets/units/*.tsv
                  (code official_name type base_name folded_key slug): N
                  communes with 5-digit codes and Vietnamese names such as
                  "Xã Ngọc Sơn" (distinct folded keys and slugs);
  xa_NNNN.xlsx    one workbook per commune (NNNN = 0001 … N), identical but
                  for the unit cell (Thông tin, key 1, column D), which holds
                  the commune's official name, so it resolves exactly;
  .complete       "N <sha256 of this script>", written last (the cache stamp
                  bench/merge.sh looks at).

How: one CLEAN workbook is made by tests/forms/mkclean.py's model (unit 608,
Quý I/2023, no layout variations, openpyxl), with the detail lists cut to a
commune's size before the summary cells are derived from them, so every
relation still holds (verify() re-checks the model): Biên chế 4-6
administrative agencies + 6 centres + 2-4 schools + the Hội and no commune rows
(district: 11-13 + 6 + 14-30 + 1 + 8-21), Danh mục TTHC 10-14 district-level +
8-15 commune-level procedures (district: 70-140 + 45-100), Văn bản chỉ đạo 3-6
(district: 8-22); Biểu mẫu 7's commune counts are 0.  The unit cell holds a
placeholder.  Then, per commune, the base zip minus the part(s) holding the
placeholder is copied byte for byte and the part is appended again with the
placeholder replaced by the XML-escaped name (zipfile append mode: nothing
else is recompressed), so 3,321 files take a few seconds.
"""
import csv
import hashlib
import os
import random
import shutil
import sys
import tempfile
import types
import unicodedata
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "forms"))
sys.dont_write_bytecode = True  # no __pycache__ in tests/forms
import mkclean  # noqa: E402

PLACEHOLDER = "XCUNITPLACEHOLDERXC"
PERIOD = "Quý I/2023"

# mkclean's list sizes (randint ranges, each used at one place only) -> a commune's
SMALL = {
    (11, 13): (4, 6),      # gen_bc: administrative agencies
    (14, 30): (2, 4),      # gen_bc: schools
    (70, 140): (10, 14),   # gen_dm: district-level procedures (BM3 2.2 needs >= 10)
    (45, 100): (8, 15),    # gen_dm: commune-level procedures
    (8, 22): (3, 6),       # gen_vb: documents
}


class SmallRng:
    """random.Random with the list-size ranges above replaced."""

    def __init__(self, seed):
        self._r = random.Random(seed)

    def randint(self, a, b):
        return self._r.randint(*SMALL.get((a, b), (a, b)))

    def __getattr__(self, name):
        return getattr(self._r, name)


# a commune's own form: no communes below it, smaller lists
mkclean.random = types.SimpleNamespace(Random=SmallRng)
mkclean.COMMUNES = dict(mkclean.COMMUNES, **{"608": 0})

SYL = ["An", "Bình", "Cát", "Đông", "Hòa", "Hưng", "Khánh", "Lâm", "Long", "Minh", "Mỹ", "Nghĩa",
       "Ngọc", "Phú", "Phước", "Quang", "Sơn", "Tân", "Thạnh", "Thắng", "Thịnh", "Thuận", "Tiến",
       "Trung", "Vĩnh", "Xuân", "Yên", "Hải", "Hồng", "Kim", "Lộc", "Nam", "Bắc", "Tây", "Đức",
       "Hiệp", "Lợi", "Định", "Hậu", "Quảng", "Lương", "Châu", "Điền", "Giang", "Kiên", "Nhơn",
       "Đăk", "Pờ", "Rơ", "Ia", "Măng", "Tê", "Xốp", "Hơ"]


def fold(s):
    s = unicodedata.normalize("NFD", s.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in s if unicodedata.category(c) != "Mn").lower()


def communes(n):
    rng = random.Random("xlsxcheck-bench-communes")
    out, keys = [], set()
    while len(out) < n:
        k = 2 if rng.random() < 0.7 else 3
        parts = rng.sample(SYL, k)
        base = " ".join(parts)
        key = fold(base).replace(" ", "")
        if key in keys:
            continue
        keys.add(key)
        i = len(out) + 1
        out.append(dict(code=f"{10000 + i:05d}", official_name=f"Xã {base}", type="Xã", base_name=base,
                        folded_key=key, slug="xa-" + fold(base).replace(" ", "-")))
    return out


def base_workbook(path):
    unit = next(u for u in mkclean.tsv(mkclean.UNITS) if u["code"] == "608")
    m = mkclean.build(unit, PERIOD, set())
    m.vals["TI"]["1"] = PLACEHOLDER
    bad = mkclean.verify(m)
    if bad:
        sys.exit("mkcommunes: the commune model does not satisfy: " + "; ".join(bad[:5]))
    mkclean.write_openpyxl(mkclean.layout(m, set()), path)
    return m


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
        if f.startswith("xa_") and f.endswith(".xlsx"):
            os.remove(os.path.join(out, f))
    units = communes(n)
    with open(os.path.join(out, "communes.tsv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        cols = ["code", "official_name", "type", "base_name", "folded_key", "slug"]
        w.writerow(cols)
        for u in units:
            w.writerow([u[c] for c in cols])

    with tempfile.TemporaryDirectory() as tmp:
        base = os.path.join(tmp, "base.xlsx")
        m = base_workbook(base)
        ph = PLACEHOLDER.encode()
        rest = os.path.join(tmp, "rest.zip")
        parts = []
        with zipfile.ZipFile(base) as zin, zipfile.ZipFile(rest, "w", zipfile.ZIP_DEFLATED) as zrest:
            for info in zin.infolist():
                data = zin.read(info)
                if ph in data:
                    parts.append((info.filename, data))
                else:
                    zrest.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        if not parts:
            sys.exit("mkcommunes: the placeholder is in no part of the base workbook")
        for i, u in enumerate(units, 1):
            dst = os.path.join(out, f"xa_{i:04d}.xlsx")
            tmpdst = dst + ".tmp"
            shutil.copyfile(rest, tmpdst)
            name = escape(u["official_name"]).encode("utf-8")
            with zipfile.ZipFile(tmpdst, "a", zipfile.ZIP_DEFLATED) as z:
                for pname, data in parts:
                    zi = zipfile.ZipInfo(pname, date_time=(2023, 3, 20, 0, 0, 0))
                    zi.compress_type = zipfile.ZIP_DEFLATED
                    z.writestr(zi, data.replace(ph, name))
            os.replace(tmpdst, dst)
    with open(__file__, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    with open(stamp, "w") as f:
        f.write(f"{n} {digest}\n")
    print(f"mkcommunes: {n} workbooks in {out} (lists: Biên chế {len(m.bc)}, Danh mục TTHC {len(m.dm)}, "
          f"Văn bản {len(m.vb)} rows; placeholder in {', '.join(p for p, _ in parts)})", file=sys.stderr)


if __name__ == "__main__":
    main()
