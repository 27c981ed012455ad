#!/usr/bin/env bash
# Publishes the single self-contained binary, copies it alone into an empty folder, starts it there and checks
# that it creates its databases, answers /healthz and serves its embedded stylesheet and set-up page.
set -euo pipefail
trap 'echo "single binary: check failed at line $LINENO"' ERR
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet publish src/Web -c Release -r linux-x64 --self-contained -p:PublishSingleFile=true \
  -p:IncludeNativeLibrariesForSelfExtract=true -o "$work/publish" --nologo -v quiet >/dev/null
mkdir "$work/solo"
cp "$work/publish/Recordings.Web" "$work/solo/recordings"
port=$(( 20000 + RANDOM % 20000 ))
(cd "$work/solo" && exec ./recordings --urls "http://127.0.0.1:$port" --DataDirectory ./data >"$work/server.log" 2>&1) &
pid=$!

for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; echo "single binary: exited early"; exit 1; }
  sleep 0.25
done
# Read whole answers first: `curl | grep -q` can fail on SIGPIPE under pipefail.
health=$(curl -sf "http://127.0.0.1:$port/healthz")
css=$(curl -sf "http://127.0.0.1:$port/css/site.css")
setup=$(curl -sfL "http://127.0.0.1:$port/environments")
[[ $health == *'"status":"ok"'* ]] || { echo "single binary: /healthz said $health"; exit 1; }
[[ $css == *'--accent'* ]] || { echo "single binary: the embedded stylesheet is missing"; exit 1; }
[[ $setup == *'Create the first admin'* ]] || { echo "single binary: no set-up page"; exit 1; }
for db in environments recordings sharing; do test -f "$work/solo/data/$db.db"; done
echo "single binary: $(du -h "$work/solo/recordings" | cut -f1) file started alone, created its databases and answered /healthz"
