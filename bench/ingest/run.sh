#!/usr/bin/env bash
# The ingestion benchmark: the real server (Release) on 127.0.0.1 with the baseline endpoint enabled, the recorded
# rrweb corpus posted as gzip batches by concurrent clients. Usage: bench/ingest/run.sh [--concurrency N] [--replicas N] [--rounds N] [--warmup N]
# CORPUS=dir overrides the corpus folder (default ../shared/corpus from the repository root).
set -euo pipefail
cd "$(dirname "$0")/../.."
CORPUS="${CORPUS:-../shared/corpus}"
[ -d "$CORPUS" ] || echo "!! $CORPUS not found: the benchmark falls back to synthetic sessions." >&2

bench/build.sh src/Web/Web.csproj bench/ingest/IngestBench.csproj

DATA="$(mktemp -d /tmp/ingest-bench.XXXXXX)"
SERVER=src/Web/bin/Release/net10.0/Recordings.Web
export DataDirectory="$DATA"
TOKEN="$("$SERVER" environment create --name bench | sed -E 's/.*"token":"([^"]+)".*/\1/')"
PORT="${PORT:-5391}"
Bench__BaselineEndpoint=true Logging__LogLevel__Default=Warning "$SERVER" --urls "http://127.0.0.1:$PORT" >"$DATA/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

echo "server: Release build, pid $PID, $(nproc) cores, data in $DATA"
dotnet bench/ingest/bin/Release/net10.0/IngestBench.dll --url "http://127.0.0.1:$PORT" --token "$TOKEN" \
  --corpus "$CORPUS" --server-pid "$PID" --db "$DATA/recordings.db" "$@"
