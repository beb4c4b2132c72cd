#!/usr/bin/python3
"""Compares `xlsxcheck dump` output with a reference reading (openpyxl's,
in the format of ../shared/real-xlsx/expected/*.tsv).

Rules (the reasons are in tests/real/README.md):
- s, b, e: the same text.  Where the reference holds an _xHHHH_ escape,
  the decoded text is accepted too (Excel decodes them; openpyxl does not).
- n: the same double.
- d: compared by serial: our ISO text is turned back into a serial in the
  workbook's date system and must be within a millisecond of the
  reference's raw serial.  A negative serial is no date (Excel shows ####),
  so there we print the number: `n` with the same value is accepted.  A t="d"
  cell (no raw serial) is compared by its ISO date-time.
- cells listed in a divergence file (sheet TAB ref TAB reason) are skipped.

With --ssconvert the reference is gnumeric's reading (type '?' is a formula
result of unknown type and matches any type with the same text; dates are
plain serials and match our ISO dates by serial).

Usage: dumpcmp.py OURS.tsv EXPECTED.tsv [--date1904] [--ssconvert] [--divergences FILE]
Prints a summary line "agree=N differ=N missing=N extra=N" and up to 20
differences; exit 0 when everything agrees.
"""
import datetime
import re
import sys

XESC = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def decode_x(s):
    def rep(m):
        cp = int(m.group(1), 16)
        return chr(cp) if not 0xD800 <= cp <= 0xDFFF else m.group(0)
    return XESC.sub(rep, s)


def iso_to_serial(text, date1904):
    m = re.fullmatch(r"(?:(\d{4})-(\d\d)-(\d\d))?(?:T?(\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?)?", text)
    if not m or text == "":
        return None
    y, mo, d, hh, mi, ss, frac = m.groups()
    t = 0.0
    if hh is not None:
        t = (int(hh) * 3600 + int(mi) * 60 + int(ss or 0) + float(frac or 0)) / 86400
    if y is None:
        return t
    y, mo, d = int(y), int(mo), int(d)
    if date1904:
        return (datetime.date(y, mo, d) - datetime.date(1904, 1, 1)).days + t
    if (y, mo, d) == (1900, 2, 29):
        return 60 + t
    days = (datetime.date(y, mo, d) - datetime.date(1899, 12, 30)).days
    if days <= 60:
        days -= 1
    return days + t


def load(path):
    cells = {}
    order = []
    with open(path, encoding="utf-8", newline="\n") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            parts = line.split("\t")
            key = (parts[0], parts[1])
            cells[key] = parts[2:]
            order.append(key)
    return cells, order


def same(ours, ref, date1904, ssconvert=False):
    ot, ov = ours[0], ours[1] if len(ours) > 1 else ""
    rt, rv = ref[0], ref[1] if len(ref) > 1 else ""
    raw = ref[2] if len(ref) > 2 else None
    if ssconvert:
        # gnumeric's reading: '?' is a formula result of unknown type, dates are serials
        if rt == "?":
            return ov == rv
        if rt == "n" and ot == "d":
            s = iso_to_serial(ov, date1904)
            return s is not None and abs(s - float(rv)) < 1.2e-8
    if rt == "d":
        if raw is not None:
            r = float(raw)
            if ot == "d" and len(ours) > 2:
                return float(ours[2]) == r
            if ot == "d":
                s = iso_to_serial(ov, date1904)
                return s is not None and abs(s - r) < 1.2e-8
            return ot == "n" and r < 0 and float(ov) == r
        if ot != "d":
            return False
        a, b = iso_to_serial(ov, False), iso_to_serial(rv, False)
        return a is not None and b is not None and abs(a - b) < 1.2e-8
    if ot != rt:
        return False
    if rt == "n":
        return float(ov) == float(rv)
    if ov == rv:
        return True
    return rt == "s" and unescape(ov) == decode_x(unescape(rv))


def main(argv):
    ours_path, ref_path = argv[1], argv[2]
    date1904 = "--date1904" in argv
    ssconvert = "--ssconvert" in argv
    skip = {}
    if "--divergences" in argv:
        p = argv[argv.index("--divergences") + 1]
        with open(p, encoding="utf-8") as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    sh, ref, why = line.rstrip("\n").split("\t", 2)
                    skip[(sh, ref)] = why
    ours, oorder = load(ours_path)
    ref, rorder = load(ref_path)
    agree = differ = missing = extra = skipped = 0
    report = []
    for k in rorder:
        if k in skip:
            skipped += 1
            continue
        if k not in ours:
            missing += 1
            report.append(f"missing {k[0]}!{k[1]}: reference {ref[k]}")
        elif same(ours[k], ref[k], date1904, ssconvert):
            agree += 1
        else:
            differ += 1
            report.append(f"differ {k[0]}!{k[1]}: ours {ours[k]} reference {ref[k]}")
    for k in oorder:
        if k not in ref and k not in skip:
            extra += 1
            report.append(f"extra {k[0]}!{k[1]}: ours {ours[k]}")
    # order: our lines must be in the reference's order (sheet order, row-major)
    common = [k for k in oorder if k in ref]
    rcommon = [k for k in rorder if k in ours]
    order_ok = common == rcommon
    print(f"agree={agree} differ={differ} missing={missing} extra={extra} skipped={skipped}"
          f"{'' if order_ok else ' ORDER-DIFFERS'}")
    try:
        for r in report[:20]:
            print("  " + r)
    except BrokenPipeError:
        pass
    return 0 if differ == missing == extra == 0 and order_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
