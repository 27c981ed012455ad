#!/usr/bin/env bash
# The REST API benchmark in one command: builds the server (Release) and the benchmark, then measures
#   1. GET …/session_recordings p50/p95 with 10 000 and with 1 000 000 recordings, seeded straight into SQLite, then the
#      same on PostgreSQL (the benchmark starts its own from Debian's postgresql package on a free port, seeds it with
#      binary COPY, stops it at the end), side by side, with each case's query plans (auto_explain, EXPLAIN ANALYZE),
#   2. the snapshot fetch of a 30-minute recording (corpus sessions laid end to end, sent through /ingest/batch),
#      hot and after the archive job, against reading the same bytes from a file.
# Usage: bench/api/run.sh [--sizes 10000,1000000] [--requests 400] [--postgres off] [--plans FILE] [--snapshots none]
#   --plans: where the full auto_explain plans go (default /tmp/api-bench-postgres-plans.log)
set -euo pipefail
cd "$(dirname "$0")/../.."
bench/build.sh src/Web bench/api
exec dotnet bench/api/bin/Release/net10.0/ApiBench.dll --server src/Web/bin/Release/net10.0/Recordings.Web.dll --corpus ../shared/corpus "$@"
