#!/usr/bin/env bash
# The ingestion benchmark: the real server (Release) on 127.0.0.1 with the baseline endpoint enabled, the recorded
# rrweb corpus posted as gzip batches by concurrent clients. Usage: bench/ingest/run.sh [--concurrency N] [--replicas N] [--rounds N] [--warmup N]
# CORPUS=dir overrides the corpus folder (default ../shared/corpus from the repository root).
# TELEMETRY=0 skips the second server (same build, /metrics scraped, OTLP traces and metrics sent to a local sink)
# whose ingest throughput is compared with the first one's (telemetry off) in the same rounds.
# POSTGRES=1 also starts a PostgreSQL of its own (Debian's package, installed when missing; initdb into a temporary
# directory, 127.0.0.1 on a free port, default durability: fsync and synchronous_commit on) and two nodes on it (two
# server processes on two ports, one database, one cold directory), and adds the phases pg1 (one node) and pg2 (both,
# the clients split across them). PHASES=baseline,ingest,posthog,telemetry,pg1,pg2 chooses the phases (default: every
# phase whose servers were started; with POSTGRES=1 the default is baseline,ingest,pg1,pg2 and TELEMETRY=0).
set -euo pipefail
cd "$(dirname "$0")/../.."
CORPUS="${CORPUS:-../shared/corpus}"
[ -d "$CORPUS" ] || echo "!! $CORPUS not found: the benchmark falls back to synthetic sessions." >&2

bench/build.sh src/Web/Web.csproj bench/ingest/IngestBench.csproj
. bench/postgres.sh

if [ "${POSTGRES:-0}" != 0 ]; then
  TELEMETRY="${TELEMETRY:-0}"
  PHASES="${PHASES:-baseline,ingest,pg1,pg2}"
  install_postgres
fi

DATA="$(mktemp -d /tmp/ingest-bench.XXXXXX)"
SERVER=src/Web/bin/Release/net10.0/Recordings.Web
export DataDirectory="$DATA"
TOKEN="$("$SERVER" environment create --name bench | sed -E 's/.*"token":"([^"]+)".*/\1/')"
PORT="${PORT:-5391}"
# Every phase's sessions are new playback sessions of one environment, a few hundred a minute across the phases and
# warm-up rounds: the per-environment limit (300 a minute by default) would refuse them with 429 mid-run. The limiter's
# own cost is not what this measures, so every server here gets a limit it cannot reach.
export RateLimits__PlaybackReservationsPerEnvironmentPerMinute=1000000
Bench__BaselineEndpoint=true Logging__LogLevel__Default=Warning "$SERVER" --urls "http://127.0.0.1:$PORT" >"$DATA/server.log" 2>&1 &
PID=$!
PIDS="$PID"
PGSTOP=:
trap 'kill $PIDS 2>/dev/null; wait $PIDS 2>/dev/null; $PGSTOP; rm -rf "$DATA"' EXIT
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
  TELEMETRY_ARGS=(--telemetry-url "http://127.0.0.1:$TPORT" --telemetry-token "$TTOKEN" --telemetry-pid "$TPID" --telemetry-db "$DATA/telemetry/recordings.db")
fi

PG_ARGS=()
if [ "${POSTGRES:-0}" != 0 ]; then
  start_postgres "$DATA/postgres"
  mkdir -p "$DATA/cold" "$DATA/node-a" "$DATA/node-b"
  PG_ENV=(Database__Provider=Postgres "ConnectionStrings__Postgres=$PGCS" "Storage__ColdDirectory=$DATA/cold")
  PGTOKEN="$(env "${PG_ENV[@]}" DataDirectory="$DATA/node-a" "$SERVER" environment create --name bench | sed -E 's/.*"token":"([^"]+)".*/\1/')"
  NODE_PIDS=()
  NODE_URLS=()
  for n in a b; do
    NPORT=$((PORT + 3 + ${#NODE_PIDS[@]}))
    env "${PG_ENV[@]}" DataDirectory="$DATA/node-$n" Logging__LogLevel__Default=Warning \
      "$SERVER" --urls "http://127.0.0.1:$NPORT" >"$DATA/node-$n/server.log" 2>&1 &
    NODE_PIDS+=($!)
    NODE_URLS+=("http://127.0.0.1:$NPORT")
    PIDS="$PIDS $!"
  done
  for u in "${NODE_URLS[@]}"; do
    for _ in $(seq 1 150); do curl -sf "$u/healthz" >/dev/null && break; sleep 0.2; done
  done
  echo "PostgreSQL nodes: pids ${NODE_PIDS[*]} at ${NODE_URLS[*]}, one database, cold directory $DATA/cold"
  PG_ARGS=(--pg-urls "$(IFS=,; echo "${NODE_URLS[*]}")" --pg-token "$PGTOKEN" --pg-pids "$(IFS=,; echo "${NODE_PIDS[*]}")" \
    --pg-connection "$PGCS" --postgres-pid "$POSTMASTER")
fi
PHASE_ARGS=()
[ -n "${PHASES:-}" ] && PHASE_ARGS=(--phases "$PHASES")

dotnet bench/ingest/bin/Release/net10.0/IngestBench.dll --url "http://127.0.0.1:$PORT" --token "$TOKEN" \
  --corpus "$CORPUS" --server-pid "$PID" --db "$DATA/recordings.db" "${TELEMETRY_ARGS[@]}" "${PG_ARGS[@]}" "${PHASE_ARGS[@]}" "$@"
