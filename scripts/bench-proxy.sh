#!/usr/bin/env bash
# alb serve vs nginx as a reverse proxy, on loopback, side by side.
#   scripts/bench-proxy.sh [ROUNDS] [DURATION]       (defaults: 3 rounds of 10s)
#   ALB_BASELINE=/path/to/older/alb scripts/bench-proxy.sh ...   also runs that binary in the same
#   rounds ("base") and prints alb/base ratios: a change measured against the code before it.
# Needs nginx and wrk (Debian: apt-get install nginx-light wrk). Prints, per round and proxy:
# req/s, p50, p99, the proxy's CPU µs per request (from /proc), then the alb/nginx ratios, and
# alb's RSS with 1,000 idle keep-alive client connections.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
DURATION=${2:-10s}
command -v nginx >/dev/null && command -v wrk >/dev/null || { echo "needs nginx and wrk" >&2; exit 2; }
cargo build --release --quiet
WORK=$(mktemp -d)
trap 'kill $(cat "$WORK"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$WORK"' EXIT

BACKEND=18181 NGINX=18182 ALB=18183 BASE=18184
. scripts/proxy-fixture.sh
cat > "$WORK/proxy.conf" <<CONF
worker_processes 1; daemon off; pid $WORK/proxy.nginx.pid; error_log /dev/null;
events { worker_connections 4096; }
http { access_log off;
  upstream backend { server 127.0.0.1:$BACKEND; keepalive 64; }
  server { listen 127.0.0.1:$NGINX; keepalive_requests 100000;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; } } }
CONF
nginx -c "$WORK/proxy.conf" -p "$WORK" & echo $! > "$WORK/proxy.pid"
./target/release/alb serve -f "$WORK/ingress.yaml" --threads 1 --quiet \
  --listen "80=127.0.0.1:$ALB" --listen "443=127.0.0.1:0" \
  --backend "default/backend:80=127.0.0.1:$BACKEND" > "$WORK/alb.out" & echo $! > "$WORK/alb.pid"
if [ -n "${ALB_BASELINE:-}" ]; then
  "$ALB_BASELINE" serve -f "$WORK/ingress.yaml" --threads 1 --quiet \
    --listen "80=127.0.0.1:$BASE" --listen "443=127.0.0.1:0" \
    --backend "default/backend:80=127.0.0.1:$BACKEND" > "$WORK/base.out" & echo $! > "$WORK/base.pid"
fi
sleep 1

# CPU ticks of a process and its children (nginx's master forks the worker that does the work).
cpu_ticks() {
  local total=0 p
  for p in $1 $(pgrep -P "$1" || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
run() { # name port pid
  local before after
  before=$(cpu_ticks "$3")
  wrk -t1 -c50 -d"$DURATION" --latency -H "Host: bench.example.com" "http://127.0.0.1:$2/" > "$WORK/wrk.out"
  after=$(cpu_ticks "$3")
  python3 - "$1" "$((after - before))" "$(getconf CLK_TCK)" "$WORK/wrk.out" <<'PY'
import re, sys
name, ticks, hz, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
text = open(path).read()
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
total = int(re.search(r"(\d+) requests in", text).group(1))
p50 = ms(*re.search(r"50%\s+([\d.]+)(us|ms|s)", text).groups())
p99 = ms(*re.search(r"99%\s+([\d.]+)(us|ms|s)", text).groups())
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
cpu_us = ticks * 1e6 / hz / max(total, 1)
print(f"{name} {rps:.0f} {p50:.3f} {p99:.3f} {cpu_us:.2f} {errors.group(1) if errors else 0}")
PY
}
NGINX_PID=$(cat "$WORK/proxy.nginx.pid" 2>/dev/null || cat "$WORK/proxy.pid")
ALB_PID=$(cat "$WORK/alb.pid")
printf '%-6s %-6s %10s %9s %9s %12s %7s\n' round proxy "req/s" "p50 ms" "p99 ms" "CPU µs/req" "non-2xx"
PROXIES="nginx alb"
[ -n "${ALB_BASELINE:-}" ] && PROXIES="nginx alb base"
for round in $(seq 1 "$ROUNDS"); do
  for proxy in $PROXIES; do
    case $proxy in
      nginx) line=$(run nginx $NGINX "$NGINX_PID") ;;
      alb) line=$(run alb $ALB "$ALB_PID") ;;
      base) line=$(run base $BASE "$(cat "$WORK/base.pid")") ;;
    esac
    echo "$round $line" >> "$WORK/results"
    echo "$round $line" | awk '{printf "%-6s %-6s %10s %9s %9s %12s %7s\n", $1, $2, $3, $4, $5, $6, $7}'
  done
done
python3 - "$WORK/results" <<'PY'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1])]
def med(proxy, col): return statistics.median(float(r[col]) for r in rows if r[1] == proxy)
print(f"alb/nginx (medians): req/s {med('alb',2)/med('nginx',2):.2f}x, p99 {med('alb',4)/med('nginx',4):.2f}x, CPU per request {med('alb',5)/med('nginx',5):.2f}x")
if any(r[1] == 'base' for r in rows):
    print(f"alb/base  (medians): req/s {med('alb',2)/med('base',2):.2f}x, p99 {med('alb',4)/med('base',4):.2f}x, CPU per request {med('alb',5)/med('base',5):.2f}x")
PY
python3 - "$ALB" "$ALB_PID" <<'PY'
import socket, sys, time
port, pid = int(sys.argv[1]), sys.argv[2]
def rss():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"): return int(line.split()[1])
before = rss()
conns = []
for _ in range(1000):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET / HTTP/1.1\r\nHost: bench.example.com\r\n\r\n")
    s.recv(4096)
    conns.append(s)
time.sleep(0.5)
print(f"alb RSS: {before} KiB before, {rss()} KiB with 1000 idle keep-alive connections")
PY
