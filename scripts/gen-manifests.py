#!/usr/bin/env python3
"""Generate a large, valid set of ALB Ingress manifests for benchmarks.

    scripts/gen-manifests.py --ingresses 10000 --paths 5 > /tmp/big.yaml

Each Ingress gets its own host, a mix of Prefix/Exact/ImplementationSpecific paths and a few
annotations, so loading, annotation parsing and rule compilation all do real work. Output is
deterministic for the same arguments (seeded), so runs compare like with like.
"""
import argparse
import random


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ingresses", type=int, default=10000)
    parser.add_argument("--paths", type=int, default=5, help="paths per Ingress")
    parser.add_argument("--namespaces", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    types = ["Prefix", "Exact", "ImplementationSpecific"]
    out = []
    for i in range(args.ingresses):
        ns = f"team-{i % args.namespaces}"
        annotations = [f'    alb.ingress.kubernetes.io/healthcheck-enabled: "true"']
        # Explicit orders must be unique within an AlbConfig (1–1000): give one to the first
        # thousand multiples of 7.
        if i % 7 == 0 and i // 7 < 1000:
            annotations.append(f'    alb.ingress.kubernetes.io/order: "{1 + i // 7}"')
        if i % 11 == 0:
            annotations.append('    alb.ingress.kubernetes.io/traffic-limit-qps: "100"')
        if i % 13 == 0:
            annotations.append('    alb.ingress.kubernetes.io/rewrite-target: /v2/${1}')
            annotations.append('    alb.ingress.kubernetes.io/use-regex: "true"')
        paths = []
        regex = i % 13 == 0
        for p in range(args.paths):
            # Regex-mode Ingresses (rewrite-target) get Prefix paths with the capture group
            # their `${1}` needs.
            path_type = "Prefix" if regex else types[rng.randrange(len(types))]
            path = f"/svc{p}/api/(.*)" if regex else f"/svc{p}/api/v{rng.randrange(1, 4)}"
            paths.append(
                f"""          - path: {path}
            pathType: {path_type}
            backend:
              service:
                name: app-{i}-{p}
                port:
                  number: {8000 + p}"""
            )
        out.append(
            f"""apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app-{i}
  namespace: {ns}
  annotations:
{chr(10).join(annotations)}
spec:
  ingressClassName: alb
  rules:
    - host: app-{i}.{ns}.example.com
      http:
        paths:
{chr(10).join(paths)}
"""
        )
    print("---\n".join(out), end="")


if __name__ == "__main__":
    main()
