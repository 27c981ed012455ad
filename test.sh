#!/usr/bin/env bash
# Runs every test from a fresh clone: installs what the tests need when it is missing, then `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
# The Web build restores rrweb (and jQuery for the tests) with npm and builds the SDK with node.
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
if ((${#need_apt[@]})); then
  echo "Installing ${need_apt[*]} from Debian…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

dotnet test Recordings.sln --configuration Release --logger "console;verbosity=normal" "$@"
