#!/usr/bin/env bash
# The ingestion benchmark: the real server (Release) on 127.0.0.1 with the baseline endpoint enabled, the recorded
# rrweb corpus posted as gzip batches by concurrent clients. Usage: bench/ingest/run.sh [--concurrency N] [--replicas N] [--rounds N] [--warmup N]
# CORPUS=dir overrides the corpus folder (default ../shared/corpus from the repository root).
# TELEMETRY=0 skips the second server (same build, /metrics scraped, OTLP traces and metrics sent to a local sink)
# whose ingest throughput is compared with the first one's (telemetry off) in the same rounds.
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
PIDS="$PID"
trap 'kill $PIDS 2>/dev/null; wait $PIDS 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
echo "server: Release build, pid $PID, $(nproc) cores, data in $DATA"

TELEMETRY_ARGS=()
if [ "${TELEMETRY:-1}" != 0 ]; then
  # An OTLP/HTTP sink that accepts and discards what the exporter sends, so export is paid as in production.
  SINK_PORT=$((PORT + 2))
  python3 -c 'import http.server as h
class S(h.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0))); self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *a): pass
h.ThreadingHTTPServer(("127.0.0.1", '"$SINK_PORT"'), S).serve_forever()' &
  PIDS="$PIDS $!"
  mkdir -p "$DATA/telemetry"
  TTOKEN="$(DataDirectory="$DATA/telemetry" "$SERVER" environment create --name bench | sed -E 's/.*"token":"([^"]+)".*/\1/')"
  TPORT=$((PORT + 1))
  DataDirectory="$DATA/telemetry" Metrics__Enabled=true OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$SINK_PORT" OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
    Logging__LogLevel__Default=Warning "$SERVER" --urls "http://127.0.0.1:$TPORT" >"$DATA/telemetry/server.log" 2>&1 &
  TPID=$!
  PIDS="$PIDS $TPID"
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$TPORT/healthz" >/dev/null && break; sleep 0.2; done
  echo "telemetry server: pid $TPID, Metrics:Enabled, OTLP http/protobuf to a local sink"
  TELEMETRY_ARGS=(--telemetry-url "http://127.0.0.1:$TPORT" --telemetry-token "$TTOKEN" --telemetry-pid "$TPID")
fi

dotnet bench/ingest/bin/Release/net10.0/IngestBench.dll --url "http://127.0.0.1:$PORT" --token "$TOKEN" \
  --corpus "$CORPUS" --server-pid "$PID" --db "$DATA/recordings.db" "${TELEMETRY_ARGS[@]}" "$@"
