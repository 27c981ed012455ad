#!/usr/bin/env bash
# The archive benchmark: the real server (Release) ingests the recorded rrweb corpus as SDK-shaped gzip batches, stops,
# and the archive job (`jobs run archive-snapshots`, which times itself) moves every hot chunk to cold files; a plain
# copy of the same bytes on the same disk, before and after, is the baseline. Then the server starts again on the same
# data and the job runs inside it, as in production: three warm-up runs, each on one more copy of the corpus, then
# the measured run on N more copies ("Run now" on the Storage page); then every recording is dated back past any
# retention and the retention job runs in the same server, against deleting the same files. Usage: bench/archive/run.sh [--replicas N]
# CORPUS=dir overrides the corpus folder (default ../shared/corpus); TMPDIR chooses the disk (default /tmp).
# POSTGRES=1: the same on PostgreSQL (the benchmark's own, bench/postgres.sh): the server, the `jobs run` process and
# the benchmark's own reads use it; the cold files stay in the data directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
CORPUS="${CORPUS:-../shared/corpus}"

bench/build.sh src/Web/Web.csproj bench/archive/ArchiveBench.csproj
. bench/postgres.sh

DATA="$(mktemp -d "${TMPDIR:-/tmp}/archive-bench.XXXXXX")"
SERVER=src/Web/bin/Release/net10.0/Recordings.Web
BENCH=bench/archive/bin/Release/net10.0/ArchiveBench.dll
export DataDirectory="$DATA"
PGSTOP=:
if [ "${POSTGRES:-0}" != 0 ]; then
  install_postgres
  start_postgres "$DATA/postgres"
  export Database__Provider=Postgres ConnectionStrings__Postgres="$PGCS"
fi
TOKEN="$("$SERVER" environment create --name bench | sed -E 's/.*"token":"([^"]+)".*/\1/')"
PORT="${PORT:-5392}"
# The recurring jobs stay off while ingesting, so every chunk is still hot when the measured run starts.
Storage__ArchiveAtStart=false Storage__ArchiveSchedule="0 0 31 2 *" Logging__LogLevel__Default=Warning \
  "$SERVER" --urls "http://127.0.0.1:$PORT" >"$DATA/server.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; $PGSTOP; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

echo "server: Release build, $(nproc) cores, data in $DATA ($(df -h --output=fstype,source "$DATA" | tail -1))"
dotnet "$BENCH" ingest --url "http://127.0.0.1:$PORT" --token "$TOKEN" --corpus "$CORPUS" --server-pid "$PID" --raw-out "$DATA/raw-bytes" "$@"
kill "$PID"; wait "$PID" 2>/dev/null || true
dotnet "$BENCH" measure --data "$DATA" --server "$SERVER" --raw-in "$DATA/raw-bytes"

echo
echo "the job in the running server: load average $(cut -d' ' -f1-3 /proc/loadavg)"
Storage__ArchiveAtStart=false Storage__ArchiveSchedule="0 0 31 2 *" Storage__ColdAfterSeconds=0 Storage__SegmentsPerRun=100000 \
  Logging__LogLevel__Default=Warning "$SERVER" --urls "http://127.0.0.1:$PORT" >>"$DATA/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
dotnet "$BENCH" warm --url "http://127.0.0.1:$PORT" --token "$TOKEN" --corpus "$CORPUS" --data "$DATA" --server-pid "$PID" "$@"
