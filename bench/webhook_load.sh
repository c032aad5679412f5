#!/usr/bin/env bash
# Webhook load: wrk against `titanlint serve` and against a bare Beast TLS baseline that reads the
# body and answers without parsing (bench/baseline_tls_server.cpp), same machine, same run.
# Reports req/s, p50/p99 at 32 connections, the ratio, and titanlint's peak RSS. Not in ctest.
# Usage: bench/webhook_load.sh [BUILD_DIR] [DURATION_SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/webhook}
duration=${2:-10}
conns=32
command -v wrk >/dev/null || { echo "wrk not installed (apt-get install wrk)"; exit 2; }
# The baseline is not part of the default build (EXCLUDE_FROM_ALL in bench/CMakeLists.txt).
cmake --build "$build" --target baseline_tls_server titanlint
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$tmp"' EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/tls.key" \
  -out "$tmp/tls.crt" -days 1 -subj /CN=localhost 2>/dev/null
# A realistic Deployment review (~5 KB): the guide's api Deployment as the API server sends it.
python3 - "$root" "$tmp/review.json" <<'PY'
import json, sys
o = json.load(open(sys.argv[1] + "/testdata/admission/guide/api-deployment.defaulted.json"))
r = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
  "uid": "bench", "kind": {"group": "apps", "version": "v1", "kind": "Deployment"},
  "resource": {"group": "apps", "version": "v1", "resource": "deployments"},
  "namespace": "platform", "name": "api", "operation": "CREATE",
  "userInfo": {"username": "system:serviceaccount:argocd:argocd-application-controller",
               "groups": ["system:serviceaccounts", "system:authenticated"]},
  "object": o, "dryRun": False,
  "options": {"apiVersion": "meta.k8s.io/v1", "kind": "CreateOptions", "fieldManager": "argocd"}}}
open(sys.argv[2], "w").write(json.dumps(r, indent=1))
PY
echo "review: $(wc -c < "$tmp/review.json") bytes"
cat > "$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$tmp/review.json", "r"); wrk.body = f:read("*a"); f:close()
LUA

run() {  # name port
  wrk -t2 -c$conns -d${duration}s --latency -s "$tmp/post.lua" "https://127.0.0.1:$2/validate" \
    > "$tmp/$1.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/$1.txt")
  p50=$(awk '$1=="50%" {print $2}' "$tmp/$1.txt")
  p99=$(awk '$1=="99%" {print $2}' "$tmp/$1.txt")
  echo "$1: req/s=$rps p50=$p50 p99=$p99"
  eval "${1}_rps=$rps"
}

"$build/bench/baseline_tls_server" 18444 "$tmp/tls.crt" "$tmp/tls.key" &
"$build/titanlint" serve --listen 127.0.0.1:18443 --tls-cert "$tmp/tls.crt" \
  --tls-key "$tmp/tls.key" --log-format json 2> "$tmp/serve.log" &
serve_pid=$!
sleep 1
run baseline 18444
run titanlint 18443
rss=$(awk '/VmHWM/ {print $2}' /proc/$serve_pid/status)
echo "titanlint/baseline throughput: $(awk -v a="$titanlint_rps" -v b="$baseline_rps" 'BEGIN {printf "%.2f", a/b}')"
echo "titanlint peak RSS: $((rss / 1024)) MB"
