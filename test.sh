#!/usr/bin/env bash
# Runs every test from a fresh clone: installs what the tests need when it is missing (Debian's chromium for the
# browser tests, sqlite3), runs the whole xunit suite, then proves the single binary starts on its own.
set -euo pipefail
cd "$(dirname "$0")"

# --fast: the unit and in-process integration tests only (no Chromium, no separate server processes, no single-binary
# check): a minute or two, for the edit-test loop. Tests carry [Trait("Category", "Browser"|"Process"|"Unit")].
fast=0
if [[ "${1:-}" == "--fast" ]]; then
  fast=1
  shift
  set -- --filter "Category!=Browser&Category!=Process" "$@"
fi

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
# Tests with [Trait("Category", "Postgres")] start one PostgreSQL of their own (initdb into a temporary directory).
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need_apt+=(postgresql)
# The README's two-node example (deploy/two-nodes.sh) puts nginx in front; TwoNodesBehindProxyTests runs it.
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || need_apt+=(nginx)
# The Web build restores rrweb (and jQuery for the tests) with npm and builds the SDK with node.
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
if ((${#need_apt[@]})); then
  echo "Installing ${need_apt[*]} from Debian…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Recordings.sln --configuration Release --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
# The REST API's and the ingestion's in-process tests (our SDK's endpoints, posthog-js's, the session clock) once more
# with every test server on a fresh PostgreSQL database (the fixture starts one PostgreSQL for the run). Left out: the
# three API tests that open the server's SQLite files themselves.
if (($# == 0)) || ((fast == 1 && $# == 2)); then
  RECORDINGS_TEST_DATABASE=Postgres dotnet test Recordings.sln --configuration Release --no-build --logger "console;verbosity=normal" \
    --filter "(FullyQualifiedName~Recordings.Tests.Api|FullyQualifiedName~Recordings.Tests.Capture.Ingestion|FullyQualifiedName~Recordings.Tests.PosthogJs|FullyQualifiedName~SessionClockTests)&Category!=Browser&Category!=Process&FullyQualifiedName!~ListTotalsTests&FullyQualifiedName!~Bulk_delete_removes_each&FullyQualifiedName!~Deleting_a_recording_removes_every_byte" \
    2>&1 | tee -a "$log" || status=$?
fi

# The totals of each test assembly ("     Passed: N" / "     Failed: N"), summed into one closing line.
passed=$( (grep -E '^ +Passed: +[0-9]+$' "$log" || true) | awk '{s+=$2} END {print s+0}')
failed=$( (grep -E '^ +Failed: +[0-9]+$' "$log" || true) | awk '{s+=$2} END {print s+0}')
if ((status == 0 && fast == 0)); then
  if scripts/check-single-binary.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi
fi
# Each failed test again at the end, with its message and stack, so a long log does not hide it.
if ((failed > 0)); then
  echo "Failed tests:"
  awk '/^  Failed /{on=1; n=0} /^  (Passed|Skipped) /{on=0} /^\[xUnit/{on=0} on && n++ < 60' "$log"
fi
echo "${passed:-0} passed, ${failed:-0} failed"
exit "$status"
