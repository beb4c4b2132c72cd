#!/bin/sh
# Benchmark of `xlsxcheck serve` (by hand, never in make check):
# CLIENTS concurrent clients (20) uploading the 10 example district workbooks
# to /api/check for SECONDS (60), one request after another each; prints
# throughput, p50/p95/max latency, errors, and the server's peak RSS (VmHWM).
#
#   sh bench/serve.sh [path/to/xlsxcheck]      CLIENTS=20 SECONDS=60 THREADS=<cores>
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
bin=${1:-$root/build/xlsxcheck}
CLIENTS=${CLIENTS:-20}
DURATION=${SECONDS_RUN:-${DURATION:-60}}
THREADS=${THREADS:-$(nproc)}
work=$(mktemp -d "${TMPDIR:-/tmp}/xlsxcheck-bench-serve.XXXXXX")
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT INT TERM
"$bin" serve --listen 127.0.0.1:0 --data "$work/data" --threads "$THREADS" > "$work/out" 2> "$work/err" &
pid=$!
for _ in $(seq 1 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$work/out")
echo "server $bin (pid $pid, $THREADS threads) at $url; $CLIENTS clients for $DURATION s"
/usr/bin/python3 - "$url" "$CLIENTS" "$DURATION" "$root/examples/don-vi" "$pid" <<'PY'
import http.client, os, sys, threading, time, uuid
url, clients, duration, folder, pid = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], int(sys.argv[5])
port = int(url.rstrip("/").rsplit(":", 1)[1])
files = [(f, open(os.path.join(folder, f), "rb").read()) for f in sorted(os.listdir(folder)) if f.endswith(".xlsx")]
def body(name, data):
    b = "xcb" + uuid.uuid4().hex
    head = ('--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n'
            'Content-Type: application/octet-stream\r\n\r\n' % (b, name)).encode()
    return head + data + ("\r\n--%s--\r\n" % b).encode(), "multipart/form-data; boundary=" + b
bodies = [body(n, d) for n, d in files]
lat, errors, lock = [], [0], threading.Lock()
stop = time.time() + duration
def client(k):
    i = k
    while time.time() < stop:
        payload, ctype = bodies[i % len(bodies)]
        i += 1
        t0 = time.perf_counter()
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            c.request("POST", "/api/check", payload, {"Content-Type": ctype})
            r = c.getresponse(); r.read(); c.close()
            ok = r.status == 200
        except OSError:
            ok = False
        dt = time.perf_counter() - t0
        with lock:
            if ok: lat.append(dt)
            else: errors[0] += 1
t0 = time.time()
ts = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
[t.start() for t in ts]; [t.join() for t in ts]
wall = time.time() - t0
lat.sort()
pct = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else float("nan")
hwm = [l for l in open("/proc/%d/status" % pid) if l.startswith("VmHWM")][0].split()[1]
st = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
cpu = (int(st[11]) + int(st[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime of the server
print("requests %d in %.1f s: %.1f req/s; latency p50 %.0f ms, p95 %.0f ms, max %.0f ms; errors %d; server peak RSS %.1f MB; server CPU %.1f ms per request"
      % (len(lat), wall, len(lat) / wall, pct(0.5), pct(0.95), (lat[-1] * 1000 if lat else 0), errors[0], int(hwm) / 1024, 1000 * cpu / max(1, len(lat))))
PY
kill -TERM "$pid"
wait "$pid" || true
