#!/usr/bin/env bash
# alb bench vs wrk as load generators, against the same static nginx on loopback.
#   scripts/bench-load.sh [ROUNDS] [DURATION] [CONNECTIONS]   (defaults: 3 rounds of 10s, 50)
# Needs nginx and wrk (Debian: apt-get install nginx-light wrk). nginx runs one worker with
# access_log off and answers 200 "ok". Each round runs `wrk -t1` then `alb bench --threads 1`
# with the same connections and duration, and prints req/s, p50, p99 and the generator's CPU µs
# per request (user + system time of the finished process); then the alb/wrk ratios of the medians. The target is alb/wrk ≥ 0.9:
# the load generator must not be the bottleneck.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
DURATION=${2:-10s}
CONNS=${3:-50}
command -v nginx >/dev/null && command -v wrk >/dev/null || { echo "needs nginx and wrk" >&2; exit 2; }
cargo build --release --quiet
WORK=$(mktemp -d)
trap 'kill $(cat "$WORK"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$WORK"' EXIT

PORT=18191
cat > "$WORK/nginx.conf" <<CONF
worker_processes 1; daemon off; pid $WORK/nginx.nginx.pid; error_log /dev/null;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:$PORT; keepalive_requests 1000000; location / { return 200 "ok"; } } }
CONF
nginx -c "$WORK/nginx.conf" -p "$WORK" & echo $! > "$WORK/nginx.pid"
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.1
done
URL="http://127.0.0.1:$PORT/"

# Run a command with its stdout to a file; print its CPU seconds (user + system, all threads),
# from the kernel's accounting of the reaped child (getrusage), exact to the end of the run.
cpu_of() { # out-file command...
  python3 - "$@" <<'PY'
import resource, subprocess, sys
with open(sys.argv[1], "w") as out:
    subprocess.run(sys.argv[2:], stdout=out, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(r.ru_utime + r.ru_stime)
PY
}
run_wrk() {
  local cpu
  cpu=$(cpu_of "$WORK/wrk.out" wrk -t1 -c"$CONNS" -d"$DURATION" --latency "$URL")
  python3 - "$cpu" "$WORK/wrk.out" <<'PY'
import re, sys
cpu, path = float(sys.argv[1]), sys.argv[2]
text = open(path).read()
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
total = int(re.search(r"(\d+) requests in", text).group(1))
p50 = ms(*re.search(r"50%\s+([\d.]+)(us|ms|s)", text).groups())
p99 = ms(*re.search(r"99%\s+([\d.]+)(us|ms|s)", text).groups())
print(f"wrk {rps:.0f} {p50:.3f} {p99:.3f} {cpu * 1e6 / max(total, 1):.2f} {total}")
PY
}
run_alb() {
  local cpu
  cpu=$(cpu_of "$WORK/alb.out" ./target/release/alb bench "$URL" -c "$CONNS" -d "$DURATION" --threads 1 -o json)
  python3 - "$cpu" "$WORK/alb.out" <<'PY'
import json, sys
cpu, path = float(sys.argv[1]), sys.argv[2]
r = json.load(open(path))
total = r["requests"]
errors = sum(r["errors"].values())
if errors: print(f"alb: {errors} errors: {r['errors']}", file=sys.stderr)
print(f"alb {r['requests_per_sec']:.0f} {r['latency_ms']['p50']:.3f} {r['latency_ms']['p99']:.3f} {cpu * 1e6 / max(total, 1):.2f} {total}")
PY
}

printf '%-6s %-5s %10s %9s %9s %12s %10s\n' round tool "req/s" "p50 ms" "p99 ms" "CPU µs/req" requests
for round in $(seq 1 "$ROUNDS"); do
  for tool in wrk alb; do
    line=$("run_$tool")
    echo "$round $line" >> "$WORK/results"
    echo "$round $line" | awk '{printf "%-6s %-5s %10s %9s %9s %12s %10s\n", $1, $2, $3, $4, $5, $6, $7}'
  done
done
python3 - "$WORK/results" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1])]
def med(tool, col): return statistics.median(float(r[col]) for r in rows if r[1] == tool)
ratio = med('alb', 2) / med('wrk', 2)
print(f"medians: wrk {med('wrk',2):.0f} req/s, alb {med('alb',2):.0f} req/s; "
      f"CPU µs/request: wrk {med('wrk',5):.2f}, alb {med('alb',5):.2f}")
print(f"alb/wrk: req/s {ratio:.2f}x (target >= 0.90), CPU per request {med('alb',5)/med('wrk',5):.2f}x")
PY
