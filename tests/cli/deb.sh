# Sourced by tests/cli/run.sh, as root: make deb, dpkg -i, xlsxcheck from /,
# the hardening flags in the binary, dpkg --purge.  Other checkouts on the
# machine may run this at the same time: dpkg is used under one lock.
debout=$tmp/deb
if timeout 900 sh "$root/scripts/mkdeb.sh" "$debout" > "$tmp/deb.out" 2>&1; then
  ok deb.build
else
  fail deb.build "$(tail -c 400 "$tmp/deb.out")"
fi
deb=$(ls "$debout"/xlsxcheck_*.deb 2>/dev/null | head -1)
if [ -n "$deb" ]; then
  dpkg-deb -c "$deb" > "$tmp/deb.list" 2>&1
  if dpkg-deb -f "$deb" Depends | grep -q 'libzip' && grep -q './usr/share/xlsxcheck/rulesets/units/kon-tum.tsv' "$tmp/deb.list"; then
    ok deb.contents
  else
    fail deb.contents "Depends: $(dpkg-deb -f "$deb" Depends)"
  fi
  (
    flock -w 600 9 || { fail deb.lock "another dpkg test held the lock for 10 minutes"; exit 0; }
    dpkg_retry() { # dpkg waits for no one: retry while apt or dpkg holds its lock
      n=0
      while ! dpkg "$@" > "$tmp/dpkg.out" 2>&1; do
        n=$((n + 1))
        grep -q 'lock' "$tmp/dpkg.out" && [ $n -lt 60 ] || return 1
        sleep 5
      done
    }
    if dpkg-query -W -f='${Status}' xlsxcheck 2>/dev/null | grep -q 'ok installed'; then
      echo "# cli.deb: a package xlsxcheck was installed on this machine; it is replaced and purged"
    fi
    if dpkg_retry -i "$deb"; then ok deb.install; else fail deb.install "$(tail -c 300 "$tmp/dpkg.out")"; fi
    (cd / && env -u XLSXCHECK_DATA /usr/bin/xlsxcheck check "$ex" > "$tmp/dc.out" 2> "$tmp/dc.err")
    rc=$?
    if [ $rc -eq 1 ] && grep -q 'BM3-11' "$tmp/dc.out"; then ok deb.check-from-root
    else fail deb.check-from-root "exit $rc: $(head -c 300 "$tmp/dc.err")"; fi
    # moved away from /usr/bin, the binary falls back on the folder compiled in
    mkdir -p "$tmp/moved"
    cp /usr/bin/xlsxcheck "$tmp/moved/"
    (cd / && "$tmp/moved/xlsxcheck" check "$ex" > /dev/null 2> "$tmp/dm.err")
    rc=$?
    if [ $rc -eq 1 ]; then ok deb.compiled-datadir; else fail deb.compiled-datadir "exit $rc: $(head -c 300 "$tmp/dm.err")"; fi
    if man -w xlsxcheck 2>/dev/null | grep -q '/usr/share/man/man1/xlsxcheck.1'; then ok deb.man
    else fail deb.man "man -w xlsxcheck: $(man -w xlsxcheck 2>&1 | head -c 200)"; fi
    # Debian's hardening flags reached the compiler and linker
    syms=$(readelf -W --dyn-syms /usr/bin/xlsxcheck 2>/dev/null)
    if readelf -W -d /usr/bin/xlsxcheck | grep -q 'BIND_NOW' && readelf -W -l /usr/bin/xlsxcheck | grep -q GNU_RELRO \
        && echo "$syms" | grep -q '__stack_chk_fail' && echo "$syms" | grep -q '__[a-z]*printf_chk\|__memcpy_chk\|__fread_chk'; then
      ok deb.hardening
    else
      fail deb.hardening "no BIND_NOW, RELRO, stack protector or fortified calls in /usr/bin/xlsxcheck"
    fi
    if dpkg_retry --purge xlsxcheck && [ ! -e /usr/bin/xlsxcheck ] && [ ! -d /usr/share/xlsxcheck ]; then ok deb.purge
    else fail deb.purge "$(tail -c 300 "$tmp/dpkg.out")"; fi
  ) 9> /var/lock/xlsxcheck-deb-test.lock
fi
