#!/usr/bin/env bash
# User-space instructions per proxied request of `alb serve`, counted by callgrind: a figure
# that does not move with the machine's load, unlike req/s on a shared machine.
#   scripts/serve-instructions.sh [BASELINE_BINARY]
# Builds release, serves one keep-alive Ingress in front of a static nginx (as
# scripts/bench-proxy.sh does), sends 5,000 and then 20,000 requests with `alb bench`, and
# prints the slope (instructions per request, start-up excluded). With a baseline binary, its
# figure and the ratio too. Needs nginx and valgrind (Debian: nginx-light valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v nginx >/dev/null && command -v valgrind >/dev/null || { echo "needs nginx and valgrind" >&2; exit 2; }
cargo build --release --quiet
ALB=$PWD/target/release/alb
WORK=$(mktemp -d)
trap 'kill $(cat "$WORK"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$WORK"' EXIT
BACKEND=18481 SERVE=18483
. scripts/proxy-fixture.sh

instructions() { # binary requests -> total instructions of the serve process
  valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.out" "$1" serve \
    -f "$WORK/ingress.yaml" --threads 1 --quiet --listen "80=127.0.0.1:$SERVE" \
    --listen "443=127.0.0.1:0" --backend "default/backend:80=127.0.0.1:$BACKEND" \
    > /dev/null 2>&1 & echo $! > "$WORK/serve.pid"
  until "$ALB" bench "http://127.0.0.1:$SERVE/" -H "Host: bench.example.com" -n 1 > /dev/null 2>&1; do sleep 0.5; done
  "$ALB" bench "http://127.0.0.1:$SERVE/" -H "Host: bench.example.com" -c 10 -n "$2" > /dev/null 2>&1
  kill -INT "$(cat "$WORK/serve.pid")"; wait "$(cat "$WORK/serve.pid")" 2>/dev/null || true
  rm -f "$WORK/serve.pid"
  awk '/^(summary|totals):/ {print $2; exit}' "$WORK/callgrind.out"
}
per_request() { # binary -> instructions per request
  local small large
  small=$(instructions "$1" 5000)
  large=$(instructions "$1" 20000)
  echo $(( (large - small) / 15000 ))
}
alb=$(per_request "$ALB")
echo "alb serve: $alb instructions per proxied request (user space, callgrind)"
if [ -n "${1:-}" ]; then
  base=$(per_request "$1")
  echo "baseline:  $base instructions per proxied request"
  python3 -c "print(f'alb/baseline: {$alb / $base:.3f}x')"
fi
