"""The library's layout, as issue "one core, thin front ends" asks it to stay:

  layout.module-size      no module (xlsxcheck/*.c, web/*.c) over 1,500 lines
  layout.link-circle      no circle in who-calls-whom between the library's
                          objects (nm: a module's undefined symbols, the
                          module defining them; the front ends main.o and
                          web/*.o are not part of the library)
  layout.include-circle   no circle in the #include "…" graph of the headers
  layout.mutable-state    no writable file-scope or static variable in the
                          library's objects (objdump: objects in .data or
                          .bss; .data.rel.ro is read-only once loaded),
                          except the ones listed below with why they are safe
  layout.parser-alone     ruleset.o calls nothing of the evaluator (check*.o)
  layout.front-ends       the front ends (main.c, web/*.c and web/*.h) include
                          of the library only xlsxcheck.h and the general
                          utilities listed in its header comment (FRONT_END_OK)
  layout.no-printing      no library object refers to stdout, stderr or a
                          printing function (nm); the library hands text to
                          its caller (buffers, write functions, the trace
                          function of xc_limits), except as listed below
  layout.no-abort         no library object calls abort, __assert_fail or
                          exit: out of memory (and anything else) is an
                          error returned, never an abort

usage: layout.py ROOT OBJDIR   (prints ok/FAIL lines)
"""
import collections
import glob
import os
import re
import subprocess
import sys

root, objdir = sys.argv[1], sys.argv[2]
src = os.path.join(root, "xlsxcheck")

# Writable state the library may keep, and why it is safe from threads.
ALLOWED = {
    ("formwrite", "close_lock"): "a mutex serialising libxlsxwriter's workbook_close (not reentrant)",
    ("legacy", "tables_once"): "pthread_once guard of the decoding tables",
    ("legacy", "tcvn3_to_uni"): "filled once under pthread_once, read-only afterwards",
    ("legacy", "vni_single"): "filled once under pthread_once, read-only afterwards",
    ("legacy", "vni_pairs"): "filled once under pthread_once, read-only afterwards",
    ("legacy", "nvni_pairs"): "filled once under pthread_once, read-only afterwards",
}

# Printing: the symbols a library object must not refer to (with glibc's
# _FORTIFY_SOURCE variants), and the objects allowed some, with why.
PRINTING = {"stdout", "stderr", "stdin", "printf", "fprintf", "vprintf", "vfprintf", "dprintf",
            "vdprintf", "puts", "fputs", "putchar", "perror", "psignal", "error", "warn", "warnx",
            "__printf_chk", "__fprintf_chk", "__vprintf_chk", "__vfprintf_chk", "__dprintf_chk",
            "__vdprintf_chk"}
PRINTING_ALLOWED = {}  # none: the library never prints (front ends do)

# The library headers a front end may include besides the public one (the
# list and the reasons are in xlsxcheck.h's header comment).
FRONT_END_OK = {"xlsxcheck.h", "buf.h", "msg.h", "alloc.h", "fileio.h", "outfile.h", "datadir.h", "json.h",
                "utf8.h", "version.h"}


def ok(name):
    print("ok layout." + name)


def fail(name, why):
    print("FAIL layout.%s: %s" % (name, why))


def circles(graph):
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


# ---- module size ----------------------------------------------------------------
big = []
for path in sorted(glob.glob(os.path.join(src, "*.c")) + glob.glob(os.path.join(src, "web", "*.c"))):
    with open(path, encoding="utf-8") as f:
        n = sum(1 for _ in f)
    if n > 1500:
        big.append("%s (%d lines)" % (os.path.relpath(path, root), n))
if big:
    fail("module-size", ", ".join(big))
else:
    ok("module-size")

# ---- the objects ------------------------------------------------------------------
objs = sorted(glob.glob(os.path.join(objdir, "*.o")) + glob.glob(os.path.join(objdir, "web", "*.o")))
if not objs:
    fail("link-circle", "no objects in " + objdir)
    sys.exit(0)
defs, undef, data = {}, collections.defaultdict(set), []
for o in objs:
    mod = os.path.relpath(o, objdir)[:-2]
    out = subprocess.run(["nm", o], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            kind, sym = parts[1], parts[2]
            if kind in "TDRB":
                defs[sym] = mod
        elif len(parts) == 2 and parts[0] == "U":
            undef[mod].add(parts[1])
for o in objs:
    mod = os.path.relpath(o, objdir)[:-2]
    if mod.startswith("web/") or mod == "main":
        continue  # the front ends: the library is what must hold no state
    out = subprocess.run(["objdump", "-t", o], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        m = re.match(r"^[0-9a-f]+ .{7} (\S+)\s+[0-9a-f]+ (\S+)$", line)
        if (m and re.match(r"^\.(data|bss)(\.|$)", m.group(1)) and not m.group(1).startswith(".data.rel.ro")
                and not m.group(2).startswith(".")
                and not m.group(2).startswith("__odr_asan")):  # AddressSanitizer's one-definition markers
            data.append((mod, re.sub(r"\.\d+$", "", m.group(2))))
calls = collections.defaultdict(set)
for mod, syms in undef.items():
    if mod.startswith("web/") or mod == "main":
        continue  # the library's modules: the front ends are built on it, not in it
    for s in syms:
        if s in defs and defs[s] != mod and not defs[s].startswith("web/"):
            calls[mod].add(defs[s])
found = circles(calls)
if found:
    fail("link-circle", "; ".join(" <-> ".join(c) for c in found))
else:
    ok("link-circle")

# out of memory is an error, never an abort: no library object may call
# abort (directly, or through assert) or exit (a forked writer ends with _exit)
aborting = sorted("%s: %s" % (mod, sym) for mod, syms in undef.items()
                  if not mod.startswith("web/") and mod != "main"
                  for sym in syms if sym in ("abort", "__assert_fail", "exit"))
if aborting:
    fail("no-abort", ", ".join(aborting))
elif not undef:
    fail("no-abort", "no library objects read")
else:
    ok("no-abort")

evaluator = sorted(m for m in calls.get("ruleset", ()) if m.startswith("check"))
if evaluator:
    fail("parser-alone", "ruleset.o calls " + ", ".join(evaluator))
elif "ruleset" not in undef:
    fail("parser-alone", "no ruleset.o")
else:
    ok("parser-alone")

printing = sorted("%s: %s" % (mod, s) for mod, syms in undef.items()
                  if not (mod.startswith("web/") or mod == "main")
                  for s in syms & PRINTING if (mod, s) not in PRINTING_ALLOWED)
if printing:
    fail("no-printing", ", ".join(printing))
else:
    ok("no-printing")

# ---- the front ends ------------------------------------------------------------------
outside = []
fronts = [os.path.join(src, "main.c")] + sorted(glob.glob(os.path.join(src, "web", "*.[ch]")))
for path in fronts:
    with open(path, encoding="utf-8") as f:
        for inc in re.findall(r'^\s*#\s*include\s+"([^"]+)"', f.read(), re.M):
            target = os.path.normpath(os.path.join(os.path.dirname(os.path.relpath(path, src)), inc))
            if target.startswith("web" + os.sep) or target == "web":
                continue  # the front end's own headers
            if target not in FRONT_END_OK:
                outside.append("%s includes %s" % (os.path.relpath(path, root), inc))
if outside:
    fail("front-ends", ", ".join(outside))
else:
    ok("front-ends")

# ---- headers ----------------------------------------------------------------------
includes = collections.defaultdict(set)
for h in glob.glob(os.path.join(src, "*.h")) + glob.glob(os.path.join(src, "web", "*.h")):
    with open(h, encoding="utf-8") as f:
        for inc in re.findall(r'#include "([^"]+)"', f.read()):
            includes[os.path.relpath(h, src)].add(os.path.normpath(os.path.join(os.path.dirname(os.path.relpath(h, src)), inc)))
found = circles(includes)
if found:
    fail("include-circle", "; ".join(" <-> ".join(c) for c in found))
else:
    ok("include-circle")

# ---- mutable state --------------------------------------------------------------------
bad = sorted({"%s: %s" % (m, s) for m, s in data if (m, s) not in ALLOWED})
if bad:
    fail("mutable-state", ", ".join(bad))
else:
    ok("mutable-state")
