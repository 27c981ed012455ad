#!/usr/bin/env bash
# Idle resident memory of the server: starts the Release build on an empty data directory with the given environment
# variables, waits for /healthz, 30 s idle, reads VmRSS; then one page and /readyz, 30 s more, reads it again. Then it
# stops the server and starts it again on the same data directory (every start after the first: the databases exist
# and nothing is left to migrate), 30 s idle, reads VmRSS once more.
# Usage (from the repository root, after a Release build): bench/memory/idle.sh PORT LABEL [VAR=VALUE…]
# e.g. bench/memory/idle.sh 5393 "workstation GC" DOTNET_gcServer=0
# SERVER=path measures another build of the server, e.g. the published single binary.
set -euo pipefail
PORT=$1; LABEL=$2; shift 2
SERVER="${SERVER:-$(pwd)/src/Web/bin/Release/net10.0/Recordings.Web}"
DATA=$(mktemp -d /tmp/idle-memory.XXXXXX)
PID=
start() {
  env "$@" Logging__LogLevel__Default=Warning "$SERVER" --urls "http://127.0.0.1:$PORT" --DataDirectory "$DATA" >>"$DATA/log" 2>&1 &
  PID=$!
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
}
rss() { echo $(($(awk '/VmRSS/{print $2}' /proc/$PID/status) / 1024)); }
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
start "$@"
sleep 30
IDLE=$(rss)
curl -sf "http://127.0.0.1:$PORT/account/sign-in" >/dev/null || true
curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null || true
sleep 30
AFTER=$(rss)
kill $PID; wait $PID 2>/dev/null || true
start "$@"
sleep 30
AGAIN=$(rss)
echo "$LABEL: idle RSS $IDLE MB 30 s after the first start; $AFTER MB after a page and /readyz and 30 s more;" \
  "$AGAIN MB 30 s after starting again on the same data (load $(cut -d' ' -f1 /proc/loadavg))"
