#!/usr/bin/env bash
# Decision cost at 100 and 10,000 Ingresses (5 paths each), side by side in one run, with the
# same traffic mix (--distinct requests spread over the rules) and with traffic to every rule.
#   scripts/bench-engine.sh            # builds release, generates the sets under target/bench/
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
mkdir -p target/bench
for n in 100 10000; do
  [ -f "target/bench/ingresses-$n.yaml" ] || scripts/gen-manifests.py --ingresses "$n" --paths 5 > "target/bench/ingresses-$n.yaml"
done
for distinct in 1000 10000; do
  for n in 100 10000; do
    printf '%6s Ingresses, %5s distinct requests: ' "$n" "$distinct"
    ./target/release/alb bench --engine -f "target/bench/ingresses-$n.yaml" --distinct "$distinct" -n 2000000 | tail -2 | tr "\n" " "; echo
  done
done
