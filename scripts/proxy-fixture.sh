# Sourced by scripts/bench-proxy.sh and scripts/serve-instructions.sh: the one fixture both
# measure, in "$WORK" — a static nginx backend on 127.0.0.1:$BACKEND (started here, its pid in
# "$WORK/backend.pid") and "$WORK/ingress.yaml", one keep-alive Ingress for bench.example.com.
cat > "$WORK/backend.conf" <<CONF
worker_processes 1; daemon off; pid $WORK/backend.nginx.pid; error_log /dev/null;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:$BACKEND; keepalive_requests 100000; location / { return 200 "ok"; } } }
CONF
cat > "$WORK/ingress.yaml" <<YAML
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: bench
  namespace: default
  annotations:
    alb.ingress.kubernetes.io/backend-keepalive: "true"
spec:
  ingressClassName: alb
  rules:
    - host: bench.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: backend, port: {number: 80}}}}
YAML
nginx -c "$WORK/backend.conf" -p "$WORK" & echo $! > "$WORK/backend.pid"
