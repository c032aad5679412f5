#!/usr/bin/env bash
# Soak test of `titanlint serve` on loopback: DURATION seconds (default 600) of valid
# AdmissionReviews mixed with hostile traffic, certificate rotations and config reloads (valid
# and invalid). Reports valid-request errors (must be 0), counts of each hostile kind, the
# server's RSS (start / after warm-up / middle / end) and descriptors (start / end), and exits
# non-zero when a valid request failed, descriptors grew, RSS grew more than 20% (and 4 MiB)
# after warm-up, or the server died or did not stop cleanly on SIGTERM. Builds nothing; not in CI.
#
# Usage: bench/soak.sh [DURATION_SECONDS] [TITANLINT_BINARY]
#   The binary defaults to $TITANLINT, then build/release/titanlint, then build/dev/titanlint.
#   SOAK_DRIVER_FLAGS: more soak_driver.py flags (e.g. "--valid-rate 400 --idle 200").
#   SOAK_SERVE_FLAGS: more `titanlint serve` flags.
#   SOAK_REPORT: also write the JSON report to this file.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-600}
bin=${2:-${TITANLINT:-}}
if [ -z "$bin" ]; then
  for candidate in "$root/build/release/titanlint" "$root/build/dev/titanlint"; do
    [ -x "$candidate" ] && bin=$candidate && break
  done
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "soak.sh: no titanlint binary (pass it as the second argument or set TITANLINT)" >&2
  exit 2
fi
if ! command -v openssl >/dev/null || ! command -v python3 >/dev/null; then
  echo "soak.sh: needs openssl and python3" >&2
  exit 2
fi

tmp=$(mktemp -d)
serve_pid=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  if [ -n "$serve_pid" ] && kill -0 "$serve_pid" 2>/dev/null; then
    kill -KILL "$serve_pid" 2>/dev/null || true
    wait "$serve_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# A CA, and serving certificates it signs (the driver makes new ones to rotate to). Certificates
# live in certs/<name>/ behind a `current` symlink, swapped as a mounted Secret is.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$tmp/ca.key" \
  -out "$tmp/ca.crt" -days 2 -subj /CN=titanlint-soak-ca 2>/dev/null
cat > "$tmp/make-cert.sh" <<'SH'
# make-cert.sh DIR NAME: DIR/certs/NAME/tls.crt and tls.key for localhost/127.0.0.1, signed by DIR/ca.
set -e
cd "$1"
mkdir -p "certs/$2"
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "certs/$2/ext"
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "certs/$2/tls.key" \
  -out "certs/$2/tls.csr" -subj "/CN=$2.soak.titanlint" 2>/dev/null
openssl x509 -req -in "certs/$2/tls.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
  -out "certs/$2/tls.crt" -days 1 -extfile "certs/$2/ext" 2>/dev/null
SH
sh "$tmp/make-cert.sh" "$tmp" rot0
ln -s certs/rot0 "$tmp/current"
printf '# revision 0\nwebhook:\n  mode: enforce\n' > "$tmp/config.yaml"

# The valid reviews: the guide's Deployments as the API server sends them (deny; allow with a
# TL103 warning; allow) and a DELETE; SOAK-UID is replaced by a fresh uid per request.
python3 - "$root" "$tmp" <<'PY'
import copy, json, sys
root, out = sys.argv[1], sys.argv[2]
guide = root + "/testdata/admission/guide/"
def review(obj, operation="CREATE"):
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": {
        "uid": "SOAK-UID", "kind": {"group": "apps", "version": "v1", "kind": "Deployment"},
        "resource": {"group": "apps", "version": "v1", "resource": "deployments"},
        "namespace": obj["metadata"].get("namespace", "default"),
        "name": obj["metadata"]["name"], "operation": operation, "object": obj,
        "userInfo": {"username": "soak"}}}
webapp = json.load(open(guide + "webapp-deployment.defaulted.json"))
api = json.load(open(guide + "api-deployment.defaulted.json"))
warn = copy.deepcopy(api)
del warn["spec"]["template"]["spec"]["containers"][0]["startupProbe"]
delete = json.load(open(root + "/testdata/admission/corpus/kubewarden/echo/delete_accept.review.json"))
delete["request"]["uid"] = "SOAK-UID"
for name, r in (("deny", review(webapp)), ("warn", review(warn)), ("allow", review(api)),
                ("delete", delete)):
    json.dump(r, open(f"{out}/{name}.json", "w"))
PY

# shellcheck disable=SC2086 # SOAK_SERVE_FLAGS is a list of flags
"$bin" serve --listen 127.0.0.1:0 --tls-cert "$tmp/current/tls.crt" \
  --tls-key "$tmp/current/tls.key" --config "$tmp/config.yaml" --cert-poll 1 --config-poll 1 \
  --log-format json ${SOAK_SERVE_FLAGS:-} 2> "$tmp/serve.log" &
serve_pid=$!
port=
for _ in $(seq 100); do
  port=$(grep -o '"port":[0-9]*' "$tmp/serve.log" 2>/dev/null | head -1 | cut -d: -f2) || true
  [ -n "$port" ] && break
  sleep 0.05
done
[ -n "$port" ] || { echo "soak.sh: the server did not start:" >&2; cat "$tmp/serve.log" >&2; exit 2; }
read_timeout=$(printf '%s\n' "${SOAK_SERVE_FLAGS:-}" |
  sed -n 's/.*--read-timeout[ =]\([0-9.]*\).*/\1/p')
echo "soak: $bin, pid $serve_pid, port $port, ${duration}s"

status=0
# shellcheck disable=SC2086 # SOAK_DRIVER_FLAGS is a list of flags
python3 "$root/bench/soak_driver.py" --port "$port" --pid "$serve_pid" --dir "$tmp" \
  --duration "$duration" --read-timeout "${read_timeout:-10}" \
  ${SOAK_REPORT:+--json "$SOAK_REPORT"} ${SOAK_DRIVER_FLAGS:-} || status=$?

# The server's own account: warning and error lines by message (expected: 400s for malformed
# JSON at warning, the invalid config at error), then a clean stop.
echo "server log, warning and error lines by message:"
grep -E '"level":"(warning|error|critical)"' "$tmp/serve.log" | grep -o '"msg":"[^"]*"' |
  sort | uniq -c | sed 's/^/  /' || echo "  (none)"
if grep -q '"level":"critical"' "$tmp/serve.log"; then
  echo "soak: FAIL: critical lines in the server log"
  status=1
fi
if ! kill -0 "$serve_pid" 2>/dev/null; then
  echo "soak: FAIL: the server died"
  status=1
else
  kill -TERM "$serve_pid"
  code=0
  wait "$serve_pid" || code=$?
  serve_pid=
  echo "server exit code after SIGTERM: $code"
  [ "$code" -eq 0 ] || status=1
fi
if [ "$status" -eq 0 ]; then echo "soak: PASS"; else echo "soak: FAIL"; fi
exit "$status"
