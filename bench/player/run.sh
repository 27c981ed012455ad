#!/usr/bin/env bash
# The player benchmark: time to first frame, to fully loaded and to seek in a 30-minute recording, in the dashboard's
# player against the same events from one static file in the same rrweb-player; then a 6-hour recording's first frame
# against the 30-minute one's, and seeks in it once loaded; and rrweb's bare build of the page its last-minute seek
# lands on. Usage: bench/player/run.sh [--runs N]
# CORPUS=dir overrides the corpus folder (default ../shared/corpus from the repository root).
set -euo pipefail
cd "$(dirname "$0")/../.."
CORPUS="${CORPUS:-../shared/corpus}"
[ -d "$CORPUS" ] || { echo "the corpus is needed: $CORPUS not found" >&2; exit 1; }

bench/build.sh src/Web/Web.csproj bench/player/PlayerBench.csproj

DATA="$(mktemp -d /tmp/player-bench.XXXXXX)"
DLL=src/Web/bin/Release/net10.0/Recordings.Web.dll
export DataDirectory="$DATA"
TOKEN="$(dotnet "$DLL" environment create --name bench | sed -E 's/.*"token":"([^"]+)".*/\1/')"
PORT="${PORT:-5392}"
Logging__LogLevel__Default=Warning dotnet "$DLL" --urls "http://127.0.0.1:$PORT" >"$DATA/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
echo "server: Release build, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet bench/player/bin/Release/net10.0/PlayerBench.dll --url "http://127.0.0.1:$PORT" --token "$TOKEN" \
  --corpus "$CORPUS" --data "$DATA" --server-dll "$DLL" --server-pid "$PID" "$@"
