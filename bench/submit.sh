#!/bin/sh
# Submissions under load, by hand: 10 units submit 50 times each, all at
# once (bench/submit_load.py), to a fresh `xlsxcheck serve`; then nothing
# may be lost (every 201 downloads byte for byte).  Prints throughput, p50
# and p95 latency and the server's peak RSS (VmHWM).
#   sh bench/submit.sh [XLSXCHECK] [N]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
xc=${1:-$root/build/xlsxcheck}
n=${2:-50}
py=${PYTHON:-/usr/bin/python3}
work=$(mktemp -d "${TMPDIR:-/tmp}/xc-bench-submit.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT INT TERM
"$xc" codes --data "$work/data" > "$work/codes.tsv" 2>/dev/null
echo "mat-khau-bench-2026" | "$xc" admin-password --data "$work/data" 2>/dev/null
port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$xc" serve --listen "127.0.0.1:$port" --data "$work/data" > "$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
"$py" "$here/submit_load.py" "$port" "$work/codes.tsv" "$root/examples/don-vi" "$n" "mat-khau-bench-2026"
echo "server peak RSS: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' "/proc/$pid/status")"
echo "store: $(du -sh "$work/data" | cut -f1), $(find "$work/data/files" -type f | wc -l) files"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=""
